#include "task_store.h"

#include <string.h>

#include "columns.h"

/* Rows of: case id, client id, station, worker, client name, a, b, c,
 * created_at (columns 0-8; absent ones selected as NULL or 0). */
static int read_rows(struct db_stmt *st, struct arena *a,
                     struct task_row **out, size_t *n)
{
    size_t cap = 16;
    *out = arena_alloc(a, cap * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct task_row *t = &(*out)[(*n)++];
        t->case_id = db_col_int(st, 0);
        t->client_id = db_col_int(st, 1);
        t->station_id = db_col_int(st, 2);
        t->worker_id = db_col_int(st, 3);
        t->client_name = store_text_opt(a, st, 4);
        t->a = store_text_opt(a, st, 5);
        t->b = store_text_opt(a, st, 6);
        t->c = store_text_opt(a, st, 7);
        t->created_at = db_col_int(st, 8);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

/* By worker or by station: each its own statement, so that each uses its
 * index. The scope takes parameters 1-4, the owner 5. */
static int run(struct db *db, struct arena *a, const struct scope *sc,
               struct task_owner o, const char *by_worker,
               const char *by_station, const char *day,
               struct task_row **out, size_t *n)
{
    struct db_stmt *st = db_prepare(db, o.worker_id ? by_worker : by_station);
    if (!st) {
        return DB_ERROR;
    }
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, o.worker_id ? o.worker_id : o.station_id);
    if (day) {
        db_bind_text(st, 6, day);
        db_bind_text(st, 7, day);
    }
    return read_rows(st, a, out, n);
}

#define CASES_SQL(owner)                                                    \
    "SELECT k.id, k.client_id, k.station_id, k.worker_id, c.name, "        \
    "k.stage, k.opened_on, CASE WHEN k.stage = 'intervention' THEN "        \
    "k.review_on ELSE k.assessed_on END, 0 FROM cases k JOIN stations s ON " \
    "s.id = k.station_id JOIN clients c ON c.id = k.client_id WHERE "       \
    SCOPE_WHERE " AND " owner " = ? AND k.stage IN ('intake', "              \
    "'assessment', 'planning', 'intervention', 'evaluation') AND "          \
    "k.pending = '' AND "                                                   \
    "k.transfer_worker_id IS NULL"

int task_store_cases(struct db *db, struct arena *a, const struct scope *sc,
                     struct task_owner o, struct task_row **out, size_t *n)
{
    return run(db, a, sc, o, CASES_SQL("k.worker_id"),
               CASES_SQL("k.station_id"), NULL, out, n);
}

#define FOLLOWUPS_SQL(owner)                                                \
    "SELECT k.id, k.client_id, k.station_id, k.worker_id, c.name, "        \
    "f.due_on, NULL, NULL, 0 FROM cases k JOIN stations s ON s.id = "       \
    "k.station_id JOIN clients c ON c.id = k.client_id JOIN case_followups " \
    "f ON f.case_id = k.id WHERE " SCOPE_WHERE " AND " owner " = ? AND "     \
    "k.stage = 'closed' AND f.done_on IS NULL"

int task_store_followups(struct db *db, struct arena *a,
                         const struct scope *sc, struct task_owner o,
                         struct task_row **out, size_t *n)
{
    return run(db, a, sc, o, FOLLOWUPS_SQL("k.worker_id"),
               FOLLOWUPS_SQL("k.station_id"), NULL, out, n);
}

int task_store_transfers(struct db *db, struct arena *a, int64_t user_id,
                         struct task_row **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT k.id, k.client_id, k.station_id, k.worker_id, c.name, "
            "u.display_name, NULL, NULL, k.updated_at FROM cases k JOIN "
            "clients c ON c.id = k.client_id JOIN users u ON u.id = "
            "k.worker_id WHERE k.transfer_worker_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    return read_rows(st, a, out, n);
}
