/* Each client's next scheduled visit, kept on write (client_visits_due,
 * migration 18), so that the task list reads a worker's or a station's
 * visits from one index range instead of recomputing them per request
 * from every client's categories and last home visit.
 *
 * A row exists for every active client that holds (at any time) a
 * category of the kept schedules (visit_schedules_kept: the profile's
 * visit_schedules as `sgz serve` last synced them). It says what the task
 * list would say on each day of [from_on, until_on) — the days over which
 * the set of scheduled categories the client holds stays the same: the
 * last home visit (or, never visited, the registration) in Beijing days +
 * every_days of the shortest schedule held, that category in code; code
 * and due_on NULL when none is held on those days. until_on NULL: no
 * change ahead. A day outside the window (a category that starts or ends
 * later) makes the reader recompute the client (visit_due_store_compute)
 * and refresh the row.
 *
 * Kept current by one call of visit_due_store_refresh() in every write
 * that changes a client's categories, status, worker, name or station, or
 * records, changes or moves a home visit; for everyone by
 * visit_due_store_sync() when the profile's schedules change. */
#ifndef SGZ_VISIT_DUE_STORE_H
#define SGZ_VISIT_DUE_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/profile.h"
#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"
#include "task_store.h"

struct visit_due {
    int64_t client_id, station_id, worker_id;
    const char *name;
    const char *code, *due_on;      /* NULL: no scheduled category held */
    const char *from_on, *until_on; /* until_on NULL: open-ended */
};

/* True when the row holds on day (YYYY-MM-DD). */
bool visit_due_holds(const struct visit_due *v, const char *day);

/* Rewrites (or removes) client_id's row as of today (Beijing): call inside
 * the write transaction that changed the client or one of its home
 * visits. DB_OK or the failure. */
int visit_due_store_refresh(struct db *db, int64_t client_id);

/* The same for several clients (ids may repeat; refreshed once each,
 * in ascending order, so that concurrent writers lock alike). */
int visit_due_store_refresh_ids(struct db *db, const int64_t *ids, size_t n);
/* The rows of clients just inserted (ids ascending, none kept yet) as of
 * today: one query for the lot, where refresh asks one a client. */
int visit_due_store_refresh_new(struct db *db, const int64_t *ids, size_t n);

/* Makes the kept schedules the profile's: when they differ, the table was
 * never filled, or force (after writes that went around the store, such
 * as sgz demo's), refills every row in one transaction, set-wise (one
 * read of all clients' scheduled categories and last home visits).
 * *refilled (may be NULL) says whether it did. */
int visit_due_store_sync(struct db *db, const struct visit_schedule *s,
                         size_t n, bool force, bool *refilled);

/* The rows of a worker's or a station's clients in scope, in no order.
 * In a's memory. */
int visit_due_store_read(struct db *db, struct arena *a,
                         const struct scope *sc, struct task_owner o,
                         struct visit_due **out, size_t *n);

/* Whether every row holds on today (two ends of two indexes): when not,
 * visit_due_store_refresh_stale() rewrites those that do not (the daily
 * pass, run by the first task list of the day). */
int visit_due_store_fresh(struct db *db, const char *today, bool *fresh);
int visit_due_store_refresh_stale(struct db *db, const char *today);

/* The visits a worker's or a station's rows hold, for fresh rows: due
 * (all), before today (overdue), from today to week_end (week). Only when
 * the rows are all of one station (uniform: a worker's clients usually
 * are), which is then station_id, or 0 when it is outside the scope (and
 * the counts 0); not uniform, the caller reads the rows one by one
 * (visit_due_store_read, the scope per row). */
struct visit_due_sum {
    int64_t all, overdue, week;
    int64_t station_id;
    bool uniform;
};
int visit_due_store_summary(struct db *db, const struct scope *sc,
                            struct task_owner o, const char *today,
                            const char *week_end, struct visit_due_sum *out);

/* The first limit visits due on days in [from, before) of a uniform
 * owner's station, by due date and client id. */
int visit_due_store_first(struct db *db, struct arena *a,
                          struct task_owner o, int64_t station_id,
                          const char *from, const char *before,
                          int64_t limit, struct visit_due **out, size_t *n);

/* Computes client_id's row for day from the records, without writing;
 * *found false when the client needs none (inactive, unscheduled). */
int visit_due_store_compute(struct db *db, struct arena *a,
                            int64_t client_id, const char *day,
                            struct visit_due *out, bool *found);

#endif
