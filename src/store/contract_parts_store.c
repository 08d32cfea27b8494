#include "contract_parts_store.h"

#include <string.h>

#include "columns.h"

/* Steps st into a growing array of rows read by fn. */
#define READ_ALL(st, a, out, n, type, fn)                                   \
    do {                                                                    \
        size_t cap_ = 8;                                                    \
        *(out) = arena_alloc((a), cap_ * sizeof(type));                     \
        *(n) = 0;                                                           \
        while ((rc = db_step(st)) == DB_ROW) {                              \
            *(out) = arena_grow((a), *(out), *(n), &cap_, sizeof(type));    \
            fn(st, (a), &(*(out))[(*(n))++]);                               \
        }                                                                   \
        db_reset(st);                                                       \
    } while (0)

static void read_area(struct db_stmt *st, struct arena *a,
                      struct contract_area *x)
{
    x->area = store_text(a, st, 0);
    x->items = store_text(a, st, 1);
}

int contract_parts_scope(struct db *db, struct arena *a, int64_t contract_id,
                         struct contract_area **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT area, items FROM contract_scope WHERE contract_id = ? "
            "ORDER BY area");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, contract_id);
    int rc;
    READ_ALL(st, a, out, n, struct contract_area, read_area);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* Deletes the contract's rows of a table named in sql. */
static int delete_rows(struct db *db, const char *sql, int64_t contract_id)
{
    struct db_stmt *st = db_prepare(db, sql);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, contract_id);
    return store_step_done(st);
}

int contract_parts_set_scope(struct db *db, int64_t contract_id,
                             const struct contract_area *areas, size_t n)
{
    int rc = delete_rows(
        db, "DELETE FROM contract_scope WHERE contract_id = ?", contract_id);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        struct db_stmt *st = db_prepare(
            db, "INSERT INTO contract_scope (contract_id, area, items) "
                "VALUES (?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, contract_id);
        db_bind_text(st, 2, areas[i].area);
        db_bind_text(st, 3, areas[i].items ? areas[i].items : "");
        rc = store_step_done(st);
    }
    return rc;
}

static void read_target(struct db_stmt *st, struct arena *a,
                        struct contract_target *t)
{
    memset(t, 0, sizeof *t);
    t->id = db_col_int(st, 0);
    t->contract_id = db_col_int(st, 1);
    t->service_type = store_text(a, st, 2);
    t->area = store_text(a, st, 3);
    t->quantity = db_col_int(st, 4);
    t->note = store_text(a, st, 5);
    t->done = db_col_int(st, 6);
}

int contract_parts_targets(struct db *db, struct arena *a, int64_t contract_id,
                           int64_t from, int64_t until,
                           struct contract_target **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT t.id, t.contract_id, t.service_type, t.area, t.quantity, "
            "t.note, (SELECT COUNT(*) FROM contract_stations cs JOIN "
            "services v ON v.station_id = cs.station_id WHERE cs.contract_id "
            "= t.contract_id AND v.type = t.service_type AND (t.area = '' OR "
            "v.area = t.area) AND v.started_at >= ? AND v.started_at < ?) "
            "FROM contract_targets t WHERE t.contract_id = ? ORDER BY "
            "t.service_type, t.area");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, from);
    db_bind_int(st, 2, until);
    db_bind_int(st, 3, contract_id);
    int rc;
    READ_ALL(st, a, out, n, struct contract_target, read_target);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int contract_parts_set_targets(struct db *db, int64_t contract_id,
                               const struct contract_target *t, size_t n)
{
    int rc = delete_rows(
        db, "DELETE FROM contract_targets WHERE contract_id = ?", contract_id);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        struct db_stmt *st = db_prepare(
            db, "INSERT INTO contract_targets (contract_id, service_type, "
                "area, quantity, note) VALUES (?, ?, ?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, contract_id);
        db_bind_text(st, 2, t[i].service_type);
        db_bind_text(st, 3, t[i].area ? t[i].area : "");
        db_bind_int(st, 4, t[i].quantity);
        db_bind_text(st, 5, t[i].note ? t[i].note : "");
        rc = store_step_done(st);
    }
    return rc;
}

static void read_amendment(struct db_stmt *st, struct arena *a,
                           struct contract_amendment *m)
{
    memset(m, 0, sizeof *m);
    m->id = db_col_int(st, 0);
    m->contract_id = db_col_int(st, 1);
    m->amended_on = store_text(a, st, 2);
    m->reason = store_text(a, st, 3);
    m->changes = store_text(a, st, 4);
    m->created_by = db_col_int(st, 5);
    m->created_by_name = store_text(a, st, 6);
    m->created_at = db_col_int(st, 7);
}

int contract_parts_amendments(struct db *db, struct arena *a,
                              int64_t contract_id,
                              struct contract_amendment **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT m.id, m.contract_id, m.amended_on, m.reason, m.changes, "
            "m.created_by, u.display_name, m.created_at FROM "
            "contract_amendments m LEFT JOIN users u ON u.id = m.created_by "
            "WHERE m.contract_id = ? ORDER BY m.amended_on, m.id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, contract_id);
    int rc;
    READ_ALL(st, a, out, n, struct contract_amendment, read_amendment);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int contract_parts_add_amendment(struct db *db,
                                 const struct contract_amendment *m,
                                 int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO contract_amendments (contract_id, amended_on, "
            "reason, changes, created_by, created_at) VALUES (?, ?, ?, ?, ?, "
            "?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, m->contract_id);
    db_bind_text(st, 2, m->amended_on);
    db_bind_text(st, 3, m->reason);
    db_bind_text(st, 4, m->changes);
    if (m->created_by > 0) {
        db_bind_int(st, 5, m->created_by);
    } else {
        db_bind_null(st, 5);
    }
    db_bind_int(st, 6, m->created_at);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* The active contracts of station ? in their term on day ? (bound
 * twice): FROM and WHERE, for a record saved. */
#define CONTRACT_ON_DAY                                                     \
    "FROM contract_stations cs JOIN contracts c ON c.id = cs.contract_id "  \
    "WHERE cs.station_id = ? AND c.status = 'active' AND c.starts_on <= ? " \
    "AND c.ends_on >= ? "

/* Worker w.user_id of record v is not on the roster (社工管理) that day:
 * no staff record of her login assigned to v's station that day, nor a
 * supervisor's (督导) anywhere, who serves the county's stations from
 * the centre. */
#define OFF_ROSTER                                                          \
    "NOT EXISTS (SELECT 1 FROM staff s JOIN staff_assignments g ON "        \
    "g.staff_id = s.id WHERE s.user_id = w.user_id AND g.from_on <= "       \
    "v.service_day AND (g.to_on IS NULL OR g.to_on >= v.service_day) AND "  \
    "(g.station_id = v.station_id OR s.role = 'supervisor'))"

int contract_parts_area_outside(struct db *db, int64_t station_id,
                                const char *day, const char *area)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT 1 " CONTRACT_ON_DAY "AND EXISTS "
            "(SELECT 1 FROM contract_scope x WHERE x.contract_id = c.id) AND "
            "NOT EXISTS (SELECT 1 FROM contract_scope x WHERE x.contract_id "
            "= c.id AND x.area = ?) LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, station_id);
    db_bind_text(st, 2, day);
    db_bind_text(st, 3, day);
    db_bind_text(st, 4, area);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int contract_parts_out_of_scope(struct db *db, const struct scope *sc,
                                int64_t contract_id, int64_t from,
                                int64_t until, int64_t *count,
                                int64_t *first_id)
{
    /* A township's officer counts her station's records only: the
     * contract covers the county's, which she may not read. */
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*), MIN(v.id) FROM contract_stations cs JOIN "
            "services v ON v.station_id = cs.station_id WHERE cs.contract_id "
            "= ? AND v.started_at >= ? AND v.started_at < ? AND NOT EXISTS "
            "(SELECT 1 FROM contract_scope x WHERE x.contract_id = "
            "cs.contract_id AND x.area = v.area) AND "
            SCOPE_WHERE_OF_STATION("cs.station_id"));
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, contract_id);
    db_bind_int(st, 2, from);
    db_bind_int(st, 3, until);
    scope_bind(st, 4, sc);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *count = db_col_int(st, 0);
        *first_id = db_col_int(st, 1);
        rc = DB_OK;
    }
    db_reset(st);
    return rc == DB_OK ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* The rows of contract_parts_unrostered's two reads: each a record and
 * one of its workers off the roster that day (FROM, then WHERE, with
 * the workers' accounts joined between them for the second). */
#define UNROSTERED_FROM                                                     \
    "FROM contract_stations cs JOIN services v ON v.station_id = "          \
    "cs.station_id JOIN service_workers w ON w.service_id = v.id "
#define UNROSTERED_WHERE                                                    \
    "WHERE cs.contract_id = ? AND v.started_at >= ? AND v.started_at < ? "  \
    "AND " OFF_ROSTER " AND " SCOPE_WHERE_OF_STATION("cs.station_id")

static struct db_stmt *unrostered_stmt(struct db *db, const char *sql,
                                       const struct scope *sc,
                                       int64_t contract_id, int64_t from,
                                       int64_t until)
{
    struct db_stmt *st = db_prepare(db, sql);
    if (st) {
        db_bind_int(st, 1, contract_id);
        db_bind_int(st, 2, from);
        db_bind_int(st, 3, until);
        scope_bind(st, 4, sc);
    }
    return st;
}

int contract_parts_unrostered(struct db *db, struct arena *a,
                              const struct scope *sc, int64_t contract_id,
                              int64_t from, int64_t until,
                              struct unrostered_station **out, size_t *n)
{
    struct db_stmt *st = unrostered_stmt(
        db, "SELECT v.station_id, COUNT(DISTINCT v.id), MIN(v.id) "
            UNROSTERED_FROM UNROSTERED_WHERE " GROUP BY v.station_id ORDER "
            "BY v.station_id",
        sc, contract_id, from, until);
    if (!st) {
        return DB_ERROR;
    }
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct unrostered_station *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        x->station_id = db_col_int(st, 0);
        x->records = db_col_int(st, 1);
        x->first_id = db_col_int(st, 2);
    }
    db_reset(st);
    if (rc != DB_DONE || *n == 0) {
        return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    }
    st = unrostered_stmt(
        db, "SELECT v.station_id, w.user_id, u.display_name, u.username, "
            "COUNT(*) " UNROSTERED_FROM "JOIN users u ON u.id = w.user_id "
            UNROSTERED_WHERE " GROUP BY v.station_id, "
            "w.user_id, u.display_name, u.username ORDER BY v.station_id, "
            "COUNT(*) DESC, w.user_id",
        sc, contract_id, from, until);
    if (!st) {
        return DB_ERROR;
    }
    size_t k = 0, wcap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t station = db_col_int(st, 0);
        while (k < *n && (*out)[k].station_id != station) {
            k++;
            wcap = 0;
        }
        if (k == *n) { /* a record written between the two reads */
            continue;
        }
        struct unrostered_station *x = &(*out)[k];
        x->workers = arena_grow(a, x->workers, x->n_workers, &wcap,
                                sizeof *x->workers);
        struct unrostered_worker *w = &x->workers[x->n_workers++];
        w->user_id = db_col_int(st, 1);
        w->display_name = store_text(a, st, 2);
        w->username = store_text(a, st, 3);
        w->records = db_col_int(st, 4);
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int contract_parts_record_unrostered(struct db *db, struct arena *a,
                                     int64_t service_id, int64_t station_id,
                                     const char *day, int64_t **user_ids,
                                     size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT w.user_id FROM services v JOIN service_workers w ON "
            "w.service_id = v.id WHERE v.id = ? AND EXISTS (SELECT 1 "
            CONTRACT_ON_DAY ") AND " OFF_ROSTER " ORDER BY w.user_id");
    if (!st) {
        return DB_ERROR;
    }
    *user_ids = NULL;
    *n = 0;
    size_t cap = 0;
    int rc;
    db_bind_int(st, 1, service_id);
    db_bind_int(st, 2, station_id);
    db_bind_text(st, 3, day);
    db_bind_text(st, 4, day);
    while ((rc = db_step(st)) == DB_ROW) {
        *user_ids = arena_grow(a, *user_ids, *n, &cap, sizeof **user_ids);
        (*user_ids)[(*n)++] = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
