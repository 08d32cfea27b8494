/* Group commit for audited reads. DESIGN.md §5 wants a sensitive record
 * shown only after its read is in the audit log; one durable commit per
 * read makes every such read a trip through SQLite's single writer and
 * an fsync. Readers that arrive together share one transaction instead:
 * the first becomes the leader, writes every row queued so far, commits,
 * and wakes the others, each of whom returns only once its own row is
 * committed (or failed). The rows are the same as audit_append's, in the
 * same chain. */
#ifndef SGZ_AUDIT_BATCH_H
#define SGZ_AUDIT_BATCH_H
#include "../db/db.h"
#include "audit_store.h"

struct audit_batch;

struct audit_batch *audit_batch_new(void);
/* Call when no request is running. */
void audit_batch_free(struct audit_batch *b);
/* Appends e and commits it, possibly with other threads' rows; db is the
 * caller's connection, outside a transaction. DB_OK once committed. */
int audit_batch_append(struct audit_batch *b, struct db *db,
                       const struct audit_entry *e);

#endif
