/* Secrets at rest: libsodium secretbox (XSalsa20-Poly1305) under the key
 * in the key file beside the database, never in it (DESIGN.md §5). */
#ifndef SGZ_SECRET_H
#define SGZ_SECRET_H
#include <stddef.h>

#define SECRET_KEY_BYTES 32

/* Reads a key file (64 hex digits). 0, or -1 with a reason in err. The
 * file must not be readable by group or others. */
int secret_load_key(const char *path, unsigned char key[SECRET_KEY_BYTES],
                    char *err, size_t errlen);
/* Encrypts len bytes into base64 text (nonce + ciphertext); the caller
 * frees the result. */
char *secret_encrypt(const unsigned char key[SECRET_KEY_BYTES],
                     const unsigned char *plain, size_t len);
/* Decrypts text made by secret_encrypt into out (at most max bytes);
 * returns the length, or -1 when it was tampered with or is not ours. */
long secret_decrypt(const unsigned char key[SECRET_KEY_BYTES],
                    const char *text, unsigned char *out, size_t max);

struct arena;
/* secret_decrypt of text as a string in the arena; NULL when it was
 * tampered with or is not ours. */
const char *secret_decrypt_text(struct arena *a,
                                const unsigned char key[SECRET_KEY_BYTES],
                                const char *text);

/* A blind index of text: a keyed hash (BLAKE2b under a subkey of key)
 * as 32 hex digits into out, so that equal values can be found and
 * refused as duplicates without the database holding them in clear. */
#define SECRET_BLIND_HEX 33
void secret_blind(const unsigned char key[SECRET_KEY_BYTES], const char *text,
                  char out[SECRET_BLIND_HEX]);

#endif
