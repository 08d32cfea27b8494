/* Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30 s),
 * through liboath, for the second factor. */
#ifndef SGZ_TOTP_H
#define SGZ_TOTP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20

void totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES]);
/* Base32 of the secret (for authenticator apps), NUL-terminated; out
 * holds at least 40 bytes. */
void totp_base32(const unsigned char secret[TOTP_SECRET_BYTES], char *out,
                 size_t outlen);
/* Checks a 6-digit code at now, allowing one step of clock drift either
 * way. Returns the time step it matched (> last_step, so that a code
 * cannot be used twice), TOTP_USED for a code of a step already used,
 * or -1. */
#define TOTP_USED (-2)
int64_t totp_check(const unsigned char secret[TOTP_SECRET_BYTES],
                   int64_t now, const char *code, int64_t last_step);
/* The code for now (for tests). out holds 7 bytes. */
void totp_code(const unsigned char secret[TOTP_SECRET_BYTES], int64_t now,
               char *out);

#endif
