/* Login sessions. Only the SHA-256 of a session token is stored, so the
 * table cannot be used to log in, and any node can check a token. */
#ifndef SGZ_SESSION_STORE_H
#define SGZ_SESSION_STORE_H
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"

struct session {
    const char *token_hash; /* hex SHA-256 of the cookie's token */
    const char *csrf_token;
    int64_t user_id, created_at, last_seen_at, expires_at;
    const char *address, *user_agent;
    const char *username;   /* filled by list */
    bool second_factor_pending; /* password right, code still due */
};

int session_store_insert(struct db *db, const struct session *s);
/* DB_ROW and *s, or DB_DONE. */
int session_store_get(struct db *db, struct arena *a, const char *token_hash,
                      struct session *s);
int session_store_touch(struct db *db, const char *token_hash, int64_t now);
int session_store_delete(struct db *db, const char *token_hash);
int session_store_delete_user(struct db *db, int64_t user_id);
/* Sessions of user_id (0: everyone's) not idle for longer than idle
 * seconds, of users whose username or name begins with q ("" or NULL:
 * any), most recently seen first: limit of them after offset, and how
 * many there are in *total. */
int session_store_list(struct db *db, struct arena *a, int64_t user_id,
                       const char *q, int64_t now, int64_t idle,
                       int limit, int64_t offset, struct session **out,
                       size_t *n, int64_t *total);
/* Ends the session whose hash starts with the 16-character id; of user_id
 * only, unless user_id is 0. *deleted says whether one ended. */
int session_store_delete_id(struct db *db, const char *id, int64_t user_id,
                            int64_t *deleted);
/* The second factor was given: the session is complete. */
int session_store_complete(struct db *db, const char *token_hash);
/* Removes sessions past their lifetime or idle timeout. */
int session_store_prune(struct db *db, int64_t now, int64_t idle);

#endif
