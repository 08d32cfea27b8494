#include "totp.h"

#include <oath.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP 30

void totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES])
{
    randombytes_buf(secret, TOTP_SECRET_BYTES);
}

void totp_base32(const unsigned char secret[TOTP_SECRET_BYTES], char *out,
                 size_t outlen)
{
    char *b32 = NULL;
    size_t len = 0;
    out[0] = 0;
    if (oath_base32_encode((const char *)secret, TOTP_SECRET_BYTES, &b32,
                           &len) == OATH_OK) {
        snprintf(out, outlen, "%.*s", (int)len, b32);
    }
    free(b32);
}

int64_t totp_check(const unsigned char secret[TOTP_SECRET_BYTES],
                   int64_t now, const char *code, int64_t last_step)
{
    if (strlen(code) != 6 || strspn(code, "0123456789") != 6) {
        return -1;
    }
    for (int drift = -1; drift <= 1; drift++) {
        int64_t t = now + drift * STEP;
        char expect[8];
        if (oath_totp_generate((const char *)secret, TOTP_SECRET_BYTES,
                               (time_t)t, STEP, 0, 6, expect) != OATH_OK) {
            return -1;
        }
        int64_t step = t / STEP;
        if (sodium_memcmp(expect, code, 6) == 0) {
            return step > last_step ? step : TOTP_USED;
        }
    }
    return -1;
}

void totp_code(const unsigned char secret[TOTP_SECRET_BYTES], int64_t now,
               char *out)
{
    if (oath_totp_generate((const char *)secret, TOTP_SECRET_BYTES,
                           (time_t)now, STEP, 0, 6, out) != OATH_OK) {
        out[0] = 0;
    }
}
