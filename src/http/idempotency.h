/* Idempotency-Key on POST (DESIGN.md §4): the same key with the same
 * request returns the first answer and records nothing new; the same key
 * with another request is refused. Only for a logged-in caller's JSON
 * POSTs; the key belongs to the user. */
#ifndef SGZ_IDEMPOTENCY_H
#define SGZ_IDEMPOTENCY_H
#include <stdbool.h>
#include <stdint.h>

struct req;

struct idem_claim {
    const char *key;
    int64_t user_id, reserved_at;
    bool committed; /* the handler's write transaction committed */
};

/* Before the handler. Returns true when the handler should run: with
 * *claim->key NULL when the request carries no key, else with the key
 * reserved and the database connection set to mark it used at the
 * handler's commit. Returns false after replying (a replay, a refusal or
 * a store failure). */
bool idempotency_begin(struct req *r, struct idem_claim *claim);
/* After the handler, with the database still held: keeps the reply for
 * replays, or releases the key when nothing was written. A suspended
 * request ends after its resume. */
void idempotency_end(struct req *r, struct idem_claim *claim);
/* For a request resumed on another database connection: its next commit
 * marks the key, as the first connection's would have. */
void idempotency_resume(struct req *r, struct idem_claim *claim);

#endif
