/* Passwords: the policy (DESIGN.md §5) and argon2id hashing through
 * libsodium at its interactive limits (2 passes over 64 MiB, stronger than
 * OWASP's minimum of 2 over 19 MiB). Hashing is slow and memory-hungry on
 * purpose; the server runs it on its own bounded pool (http/hash_pool.c). */
#ifndef SGZ_PASSWORD_H
#define SGZ_PASSWORD_H
#include <stdbool.h>
#include <stddef.h>

#include "msg.h"

#define PASSWORD_HASH_MAX 128
#define PASSWORD_MAX_CHARS 128

/* 0 when password may be used by username, else the message saying why:
 * at least min_chars characters (the setting password.min_length) from 3
 * of the 4 classes (lower case, upper case, digits, others), not the
 * username. MSG_PASSWORD_WEAK's text takes min_chars as its label. */
enum msg_id password_policy_check(const char *password, const char *username,
                                  int min_chars);
/* argon2id; out must hold PASSWORD_HASH_MAX bytes. 0, or -1 when out of
 * memory. */
int password_hash(const char *password, char *out);
bool password_verify(const char *hash, const char *password);
/* A random password that meets the policy (len ≥ 12), NUL-terminated. */
void password_random(char *out, size_t len);

#endif
