#include "secret.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "xalloc.h"

int secret_load_key(const char *path, unsigned char key[SECRET_KEY_BYTES],
                    char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "key file %s: %s (run sgz init, or restore it "
                 "from the backup)", path, strerror(errno));
        return -1;
    }
    if (st.st_mode & 077) {
        snprintf(err, errlen, "key file %s is readable by others: chmod 600 "
                 "it", path);
        return -1;
    }
    FILE *f = fopen(path, "r");
    char hex[80] = {0};
    if (!f || !fgets(hex, sizeof hex, f)) {
        snprintf(err, errlen, "cannot read key file %s", path);
        if (f) {
            fclose(f);
        }
        return -1;
    }
    fclose(f);
    size_t bin_len = 0;
    if (sodium_hex2bin(key, SECRET_KEY_BYTES, hex, strcspn(hex, "\r\n"),
                       NULL, &bin_len, NULL) != 0 ||
        bin_len != SECRET_KEY_BYTES) {
        sodium_memzero(hex, sizeof hex);
        snprintf(err, errlen, "key file %s is not 64 hex digits", path);
        return -1;
    }
    sodium_memzero(hex, sizeof hex);
    return 0;
}

/* Nonces are random: at 192 bits two alike are as unlikely as a guessed
 * key. The kernel is asked for 64 at a time per thread rather than once
 * a sealed field (an import seals three fields a row, each a system call
 * before). sgz starts other programs only through posix_spawn, so no
 * copy of a thread's pool lives on in another process. */
#define NONCE_POOL 64
static _Thread_local unsigned char
    nonce_pool[NONCE_POOL * crypto_secretbox_NONCEBYTES];
static _Thread_local size_t nonces_left;

static void next_nonce(unsigned char *out)
{
    if (nonces_left == 0) {
        randombytes_buf(nonce_pool, sizeof nonce_pool);
        nonces_left = NONCE_POOL;
    }
    nonces_left--;
    memcpy(out, nonce_pool + nonces_left * crypto_secretbox_NONCEBYTES,
           crypto_secretbox_NONCEBYTES);
}

char *secret_encrypt(const unsigned char key[SECRET_KEY_BYTES],
                     const unsigned char *plain, size_t len)
{
    size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                  len;
    unsigned char *box = xmalloc(blen);
    next_nonce(box);
    crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, plain, len, box,
                          key);
    size_t tlen =
        sodium_base64_encoded_len(blen, sodium_base64_VARIANT_ORIGINAL);
    char *text = xmalloc(tlen);
    sodium_bin2base64(text, tlen, box, blen, sodium_base64_VARIANT_ORIGINAL);
    free(box);
    return text;
}

long secret_decrypt(const unsigned char key[SECRET_KEY_BYTES],
                    const char *text, unsigned char *out, size_t max)
{
    size_t tlen = strlen(text);
    unsigned char *box = xmalloc(tlen + 1);
    size_t blen = 0;
    long n = -1;
    if (sodium_base642bin(box, tlen, text, tlen, NULL, &blen, NULL,
                          sodium_base64_VARIANT_ORIGINAL) == 0 &&
        blen >= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES &&
        blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES <=
            max &&
        crypto_secretbox_open_easy(out, box + crypto_secretbox_NONCEBYTES,
                                   blen - crypto_secretbox_NONCEBYTES, box,
                                   key) == 0) {
        n = (long)(blen - crypto_secretbox_NONCEBYTES -
                   crypto_secretbox_MACBYTES);
    }
    free(box);
    return n;
}

void secret_blind(const unsigned char key[SECRET_KEY_BYTES], const char *text,
                  char out[SECRET_BLIND_HEX])
{
    unsigned char sub[crypto_generichash_KEYBYTES];
    unsigned char h[16];
    crypto_kdf_derive_from_key(sub, sizeof sub, 1, "sgzblind", key);
    crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text),
                       sub, sizeof sub);
    sodium_bin2hex(out, SECRET_BLIND_HEX, h, sizeof h);
    sodium_memzero(sub, sizeof sub);
}

const char *secret_decrypt_text(struct arena *a,
                                const unsigned char key[SECRET_KEY_BYTES],
                                const char *text)
{
    size_t max = strlen(text);
    unsigned char *buf = arena_alloc(a, max + 1);
    long n = secret_decrypt(key, text, buf, max);
    if (n < 0) {
        return NULL;
    }
    buf[n] = 0;
    return (const char *)buf;
}
