#include "password.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "../util/utf8.h"

enum msg_id password_policy_check(const char *pw, const char *username,
                                  int min_chars)
{
    size_t n = strlen(pw);
    if (!utf8_valid(pw, n, false)) {
        return MSG_BAD_UTF8;
    }
    size_t chars = utf8_chars(pw, n);
    if (chars < (size_t)(min_chars < 8 ? 8 : min_chars)) {
        return MSG_PASSWORD_WEAK;
    }
    if (chars > PASSWORD_MAX_CHARS) {
        return MSG_TOO_LONG;
    }
    bool lower = false, upper = false, digit = false, other = false;
    for (const unsigned char *p = (const unsigned char *)pw; *p; p++) {
        if (*p >= 'a' && *p <= 'z') {
            lower = true;
        } else if (*p >= 'A' && *p <= 'Z') {
            upper = true;
        } else if (*p >= '0' && *p <= '9') {
            digit = true;
        } else {
            other = true;
        }
    }
    if (lower + upper + digit + other < 3) {
        return MSG_PASSWORD_WEAK;
    }
    if (username && *username && strcasecmp(pw, username) == 0) {
        return MSG_PASSWORD_IS_USERNAME;
    }
    return 0;
}

int password_hash(const char *password, char *out)
{
    _Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX,
                   "hash buffer too small");
    return crypto_pwhash_str_alg(out, password, strlen(password),
                                 crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE,
                                 crypto_pwhash_ALG_ARGON2ID13);
}

bool password_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void password_random(char *out, size_t len)
{
    /* No look-alikes (0/O, 1/l/I) so it can be read out over the phone. */
    static const char *const sets[] = {"abcdefghijkmnpqrstuvwxyz",
                                       "ABCDEFGHJKLMNPQRSTUVWXYZ",
                                       "23456789", "#%+=@"};
    size_t n = len - 1;
    for (size_t i = 0; i < n; i++) {
        const char *set = sets[i < 4 ? i : randombytes_uniform(4)];
        out[i] = set[randombytes_uniform((uint32_t)strlen(set))];
    }
    /* shuffle so the classes are not always in front */
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = randombytes_uniform((uint32_t)(i + 1));
        char t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
    out[n] = 0;
}
