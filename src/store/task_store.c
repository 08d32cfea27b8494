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

/* From the children marked (clients.guardian_deceased, a partial index
 * by worker and one by station), not from each of the owner's clients.
 * One task a child: named after the first of her guardians, in her
 * list's order, who died (an orphan may have lost both). */
#define GUARDIANS_DIED_SQL(owner)                                           \
    "SELECT 0, c.id, c.station_id, c.worker_id, c.name, gc.name, "         \
    "gc.status_on, NULL, 0 FROM clients c JOIN stations s ON s.id = "       \
    "c.station_id JOIN client_guardians g ON g.id = (SELECT g2.id FROM "    \
    "client_guardians g2 JOIN clients d ON d.id = g2.guardian_client_id "   \
    "WHERE g2.client_id = c.id AND d.status = 'deceased' ORDER BY "         \
    "g2.sort_order, g2.id LIMIT 1) JOIN clients gc ON gc.id = "             \
    "g.guardian_client_id WHERE c.guardian_deceased = 1 AND " SCOPE_WHERE   \
    " AND " owner " = ? AND c.status = 'active' AND c.birth_date > ?"

int task_store_guardians_died(struct db *db, struct arena *a,
                              const struct scope *sc, struct task_owner o,
                              const char *born_after, struct task_row **out,
                              size_t *n)
{
    struct db_stmt *st =
        db_prepare(db, o.worker_id ? GUARDIANS_DIED_SQL("c.worker_id")
                                   : GUARDIANS_DIED_SQL("c.station_id"));
    if (!st) {
        return DB_ERROR;
    }
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, o.worker_id ? o.worker_id : o.station_id);
    db_bind_text(st, 6, born_after);
    return read_rows(st, a, out, n);
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
