/* Idempotency-Key records (DESIGN.md §4): a POST retried by a phone
 * whose first answer was lost must not record anything twice. A key is
 * reserved before the handler runs, marked used inside the handler's own
 * write transaction, and then given the reply to replay. Keys live a
 * week: a phone may hold visits over a weekend in a village. */
#ifndef SGZ_IDEMPOTENCY_STORE_H
#define SGZ_IDEMPOTENCY_STORE_H
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"

enum idem_state {
    IDEM_RUNNING = 0,   /* reserved; the write has not committed */
    IDEM_COMMITTED = 1, /* the write committed; its reply not kept yet */
    IDEM_REPLIED = 2,   /* answered: the reply kept for replays, or NULL
                         * when it was not to be kept (a secret) */
};

struct idem_record {
    const char *request_hash;
    enum idem_state state;
    int status;
    const char *reply;
    int64_t created_at;
};

#define IDEM_LIFETIME (7 * 86400) /* seconds a key is remembered */

/* In a transaction of its own: forgets keys older than a day, then
 * reserves (user, key). DB_OK when reserved, also when the key's earlier
 * request died before committing (still running but created before
 * stale_before); DB_ROW with *existing when the key is taken. */
int idem_store_reserve(struct db *db, struct arena *a, int64_t user_id,
                       const char *key, const char *request_hash,
                       int64_t now, int64_t stale_before,
                       struct idem_record *existing);
/* Inside the handler's write transaction; reserved_at is the now the
 * reservation was made with. DB_CONSTRAINT when the key is no longer
 * this request's. */
int idem_store_mark_committed(struct db *db, int64_t user_id,
                              const char *key, int64_t reserved_at);
/* After the reply: keep it, or (when nothing was written) forget the
 * key so that a retry runs again. */
int idem_store_keep_reply(struct db *db, int64_t user_id, const char *key,
                          int status, const char *reply);
int idem_store_release(struct db *db, int64_t user_id, const char *key);

#endif
