/* Group commit: one writer thread with a connection of its own commits
 * the small writes of many requests in one transaction. On SQLite each
 * commit is a trip through the single writer, an fsync, and a page
 * cache reset for every other connection on its next read; a request
 * thread blocked in that fsync serves nobody. Requests that go through
 * here (audited reads of sensitive records, new clients) hand over
 * their write and wait suspended, their thread free; the writer runs
 * everything queued, each piece in a savepoint of its own so that one
 * failure undoes only itself, commits once, and then tells each that it
 * is durable. At most one commit per `window_us` keeps the commits, and
 * the cache resets, few. */
#ifndef SGZ_GROUP_COMMIT_H
#define SGZ_GROUP_COMMIT_H
#include <stdint.h>

#include "../db/db.h"

struct group_commit;

/* open(arg) gives the writer a connection of its own, on its thread,
 * when first needed and again after one broke; NULL when it cannot. */
struct group_commit *group_commit_new(struct db *(*open)(void *arg),
                                      void *arg, int64_t window_us);
/* Commits what is queued and stops the writer; work submitted after it
 * fails at once. */
void group_commit_stop(struct group_commit *g);
/* Stops (if not yet) and frees. */
void group_commit_free(struct group_commit *g);
/* Queues work: work(db, arg) runs on the writer's thread, inside the
 * transaction, and returns DB_OK to keep what it wrote or anything else
 * to undo it. done(arg, rc) then runs once, on the writer's thread (or
 * the caller's, after stop): DB_OK when the work is committed, else
 * work's own result or the commit's failure. */
void group_commit_submit(struct group_commit *g,
                         int (*work)(struct db *db, void *arg),
                         void (*done)(void *arg, int rc), void *arg);

#endif
