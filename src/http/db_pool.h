/* A fixed number of database connections, one per worker thread, opened
 * when first needed. A request takes one for its handler and gives it
 * back; a connection is never shared by two threads at once. */
#ifndef SGZ_DB_POOL_H
#define SGZ_DB_POOL_H
#include <stddef.h>

#include "../db/db.h"

struct db_pool;

struct db_pool *db_pool_new(const char *url, size_t size);
void db_pool_free(struct db_pool *p);
/* Waits for a free connection; NULL when one cannot be opened (the reason
 * goes to the log). */
struct db *db_pool_acquire(struct db_pool *p);
void db_pool_release(struct db_pool *p, struct db *db);
/* A connection outside the pool for a long-lived thread, queued behind
 * the same in-process writer lock; the caller closes it. NULL when it
 * cannot be opened (the reason goes to the log). */
struct db *db_pool_open_own(struct db_pool *p);

#endif
