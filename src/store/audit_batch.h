/* Group commit for audited reads. DESIGN.md §5 wants a sensitive record
 * shown only after its read is in the audit log; one durable commit per
 * read makes every such read a trip through SQLite's single writer and
 * an fsync, and a request thread blocked in that fsync serves nobody.
 * So a writer thread of its own takes the rows: it writes everything
 * queued in one transaction, commits, and then tells each reader (whose
 * connection waits suspended, its thread free) that its row is in. At
 * most one commit per `window_us` keeps the commits, and with them the
 * readers' cache resets that every commit causes in SQLite, few. The
 * rows are the same as audit_append's, in the same chain. */
#ifndef SGZ_AUDIT_BATCH_H
#define SGZ_AUDIT_BATCH_H
#include <stdint.h>

#include "../db/db.h"
#include "audit_store.h"

struct audit_batch;

/* open(arg) gives the writer a connection of its own, on its thread,
 * when first needed and again after one broke; NULL when it cannot. */
struct audit_batch *audit_batch_new(struct db *(*open)(void *arg), void *arg,
                                    int64_t window_us);
/* Writes what is queued and stops the writer; rows submitted after it
 * fail at once. */
void audit_batch_stop(struct audit_batch *b);
/* Stops (if not yet) and frees. */
void audit_batch_free(struct audit_batch *b);
/* Queues e, whose strings must live until done runs. done(arg, rc) runs
 * once, on the writer's thread (or the caller's, after stop): DB_OK when
 * e is committed. */
void audit_batch_submit(struct audit_batch *b, const struct audit_entry *e,
                        void (*done)(void *arg, int rc), void *arg);

#endif
