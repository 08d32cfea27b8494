/* API tokens for machine clients: created by a user for a subset of their
 * own permissions (and optionally a narrower region), shown once, stored
 * as a hash, revocable, expiring. */
#ifndef SGZ_TOKEN_STORE_H
#define SGZ_TOKEN_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"

struct api_token {
    int64_t id, user_id, expires_at, created_at, last_used_at, revoked_at;
    const char *name, *permissions; /* comma-separated actions */
    const char *region;             /* NULL: the user's whole range */
    const char *token_hash;
    const char *username, *display_name; /* token_store_list_all() */
};

/* The security administrator's list: every user's tokens, newest first,
 * of the users whose user name or name begins with q (NULL or "": all),
 * in a state ("active", "revoked", "expired"; NULL: any) at now. */
struct token_filter {
    const char *q, *state;
    int64_t now, offset;
    int limit;
};
int token_store_list_all(struct db *db, struct arena *a,
                         const struct token_filter *f,
                         struct api_token **out, size_t *n, int64_t *total);
/* DB_ROW and *t (with the user's names), or DB_DONE. */
int token_store_get(struct db *db, struct arena *a, int64_t id,
                    struct api_token *t);

int token_store_insert(struct db *db, const struct api_token *t, int64_t *id);
/* DB_ROW and *t, or DB_DONE. */
int token_store_by_hash(struct db *db, struct arena *a, const char *hash,
                        struct api_token *t);
int token_store_list(struct db *db, struct arena *a, int64_t user_id,
                     struct api_token **out, size_t *n);
/* Revokes token id of user_id; *changed says whether it existed. */
int token_store_revoke(struct db *db, int64_t id, int64_t user_id,
                       int64_t now, int64_t *changed);
/* Revokes every live token of user_id (an administrator's password reset:
 * the account may be in other hands). */
int token_store_revoke_user(struct db *db, int64_t user_id, int64_t now);
int token_store_used(struct db *db, int64_t id, int64_t now);

#endif
