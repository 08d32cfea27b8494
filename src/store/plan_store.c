#include "plan_store.h"

#include <string.h>

#include "../util/cn_time.h"
#include "columns.h"

/* ---- needs surveys ----------------------------------------------------- */

#define S_COLS                                                              \
    "n.id, n.station_id, s.name, n.title, n.method, n.conducted_on, "       \
    "n.respondents, n.findings, n.version, n.created_by, n.created_at, "    \
    "n.updated_at"
#define S_FROM " FROM needs_surveys n JOIN stations s ON s.id = n.station_id "

static void read_survey(struct db_stmt *st, struct arena *a,
                        struct needs_survey *n)
{
    memset(n, 0, sizeof *n);
    n->id = db_col_int(st, 0);
    n->station_id = db_col_int(st, 1);
    n->station_name = store_text(a, st, 2);
    n->title = store_text(a, st, 3);
    n->method = store_text(a, st, 4);
    n->conducted_on = store_text(a, st, 5);
    n->respondents = db_col_int(st, 6);
    n->findings = store_text(a, st, 7);
    n->version = db_col_int(st, 8);
    n->created_by = db_col_int(st, 9);
    n->created_at = db_col_int(st, 10);
    n->updated_at = db_col_int(st, 11);
}

int plan_store_surveys(struct db *db, struct arena *a, const struct scope *sc,
                       int64_t station_id, int limit, int64_t offset,
                       struct needs_survey **out, size_t *n, int64_t *total)
{
    bool opened = db_read_begin(db);
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*)" S_FROM "WHERE " SCOPE_WHERE
            " AND (? = 0 OR n.station_id = ?)");
    int rc = DB_ERROR;
    *n = 0;
    if (st) {
        scope_bind(st, 1, sc);
        db_bind_int(st, 5, station_id);
        db_bind_int(st, 6, station_id);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        rc = DB_ERROR;
        st = db_prepare(db, "SELECT " S_COLS S_FROM "WHERE " SCOPE_WHERE
                            " AND (? = 0 OR n.station_id = ?) ORDER BY "
                            "n.conducted_on DESC, n.id DESC LIMIT ? OFFSET ?");
        if (st) {
            scope_bind(st, 1, sc);
            db_bind_int(st, 5, station_id);
            db_bind_int(st, 6, station_id);
            db_bind_int(st, 7, limit);
            db_bind_int(st, 8, offset);
            *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
                read_survey(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int plan_store_survey_get(struct db *db, struct arena *a,
                          const struct scope *sc, int64_t id,
                          struct needs_survey *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " S_COLS S_FROM "WHERE " SCOPE_WHERE " AND n.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_survey(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int plan_store_survey_insert(struct db *db, const struct needs_survey *s,
                             int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO needs_surveys (station_id, title, method, "
            "conducted_on, respondents, findings, created_by, version, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) "
            "RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, s->station_id);
    db_bind_text(st, 2, s->title);
    db_bind_text(st, 3, s->method);
    db_bind_text(st, 4, s->conducted_on);
    db_bind_int(st, 5, s->respondents);
    db_bind_text(st, 6, s->findings);
    db_bind_int(st, 7, s->created_by);
    db_bind_int(st, 8, now);
    db_bind_int(st, 9, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int plan_store_survey_update(struct db *db, const struct needs_survey *s,
                             int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE needs_surveys SET title = ?, method = ?, conducted_on = "
            "?, respondents = ?, findings = ?, version = version + 1, "
            "updated_at = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, s->title);
    db_bind_text(st, 2, s->method);
    db_bind_text(st, 3, s->conducted_on);
    db_bind_int(st, 4, s->respondents);
    db_bind_text(st, 5, s->findings);
    db_bind_int(st, 6, now);
    db_bind_int(st, 7, s->id);
    db_bind_int(st, 8, expected_version);
    return store_step_changed(st);
}

/* ---- station plans ----------------------------------------------------- */

#define P_COLS                                                              \
    "p.id, p.station_id, s.name, p.year, p.summary, p.survey_ids, "         \
    "p.status, p.submitted_on, p.version, p.created_by, p.created_at, "     \
    "p.updated_at"
#define P_FROM " FROM station_plans p JOIN stations s ON s.id = p.station_id "

static void read_plan(struct db_stmt *st, struct arena *a,
                      struct station_plan *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int(st, 0);
    p->station_id = db_col_int(st, 1);
    p->station_name = store_text(a, st, 2);
    p->year = db_col_int(st, 3);
    p->summary = store_text(a, st, 4);
    p->survey_ids = store_text(a, st, 5);
    p->status = store_text(a, st, 6);
    p->submitted_on = db_col_null(st, 7) ? NULL : store_text(a, st, 7);
    p->version = db_col_int(st, 8);
    p->created_by = db_col_int(st, 9);
    p->created_at = db_col_int(st, 10);
    p->updated_at = db_col_int(st, 11);
}

#define P_FILTERS " AND (? = 0 OR p.station_id = ?) AND (? = 0 OR p.year = ?)"

static void bind_plans(struct db_stmt *st, const struct scope *sc,
                       int64_t station_id, int64_t year)
{
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, station_id);
    db_bind_int(st, 6, station_id);
    db_bind_int(st, 7, year);
    db_bind_int(st, 8, year);
}

int plan_store_plans(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t station_id, int64_t year, int limit,
                     int64_t offset, struct station_plan **out, size_t *n,
                     int64_t *total)
{
    bool opened = db_read_begin(db);
    struct db_stmt *st =
        db_prepare(db, "SELECT COUNT(*)" P_FROM "WHERE " SCOPE_WHERE P_FILTERS);
    int rc = DB_ERROR;
    *n = 0;
    if (st) {
        bind_plans(st, sc, station_id, year);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        rc = DB_ERROR;
        st = db_prepare(db, "SELECT " P_COLS P_FROM "WHERE " SCOPE_WHERE
                            P_FILTERS " ORDER BY p.year DESC, s.region_code, "
                            "p.id LIMIT ? OFFSET ?");
        if (st) {
            bind_plans(st, sc, station_id, year);
            db_bind_int(st, 9, limit);
            db_bind_int(st, 10, offset);
            *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
                read_plan(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* The items, with the records of the plan's year (Beijing) done so far. */
static int read_items(struct db *db, struct arena *a, struct station_plan *p)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT i.area, i.type, i.quantity, i.note, (SELECT COUNT(*) "
            "FROM services v WHERE v.station_id = ? AND v.started_at >= ? "
            "AND v.started_at < ? AND v.area = i.area AND v.type = i.type) "
            "FROM station_plan_items i WHERE i.plan_id = ? ORDER BY i.area, "
            "i.type");
    if (!st) {
        return DB_ERROR;
    }
    int64_t from = cn_days_from_civil((int)p->year, 1, 1) * 86400 -
                   CN_UTC_OFFSET;
    int64_t to = cn_days_from_civil((int)p->year + 1, 1, 1) * 86400 -
                 CN_UTC_OFFSET;
    db_bind_int(st, 1, p->station_id);
    db_bind_int(st, 2, from);
    db_bind_int(st, 3, to);
    db_bind_int(st, 4, p->id);
    size_t cap = 8;
    p->items = arena_alloc(a, cap * sizeof *p->items);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        p->items = arena_grow(a, p->items, p->n_items, &cap,
                              sizeof *p->items);
        struct plan_item *it = &p->items[p->n_items++];
        it->area = store_text(a, st, 0);
        it->type = store_text(a, st, 1);
        it->quantity = db_col_int(st, 2);
        it->note = store_text(a, st, 3);
        it->done = db_col_int(st, 4);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int plan_store_plan_get(struct db *db, struct arena *a,
                        const struct scope *sc, int64_t id,
                        struct station_plan *out)
{
    bool opened = db_read_begin(db);
    struct db_stmt *st = db_prepare(
        db, "SELECT " P_COLS P_FROM "WHERE " SCOPE_WHERE " AND p.id = ?");
    int rc = DB_ERROR;
    if (st) {
        scope_bind(st, 1, sc);
        db_bind_int(st, 5, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
            read_plan(st, a, out);
        }
        db_reset(st);
    }
    if (rc == DB_ROW) {
        int r2 = read_items(db, a, out);
        if (r2 != DB_OK) {
            rc = r2;
        }
    }
    db_read_end(db, opened);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

static int write_items(struct db *db, const struct station_plan *p,
                       int64_t id)
{
    struct db_stmt *st =
        db_prepare(db, "DELETE FROM station_plan_items WHERE plan_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = store_step_done(st);
    for (size_t i = 0; rc == DB_OK && i < p->n_items; i++) {
        st = db_prepare(db, "INSERT INTO station_plan_items (plan_id, area, "
                            "type, quantity, note) VALUES (?, ?, ?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, p->items[i].area);
        db_bind_text(st, 3, p->items[i].type);
        db_bind_int(st, 4, p->items[i].quantity);
        db_bind_text(st, 5, p->items[i].note ? p->items[i].note : "");
        rc = store_step_done(st);
    }
    return rc;
}

int plan_store_plan_insert(struct db *db, const struct station_plan *p,
                           int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO station_plans (station_id, year, summary, "
            "survey_ids, status, created_by, version, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, 'draft', ?, 1, ?, ?) RETURNING "
            "id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, p->station_id);
    db_bind_int(st, 2, p->year);
    db_bind_text(st, 3, p->summary ? p->summary : "");
    db_bind_text(st, 4, p->survey_ids ? p->survey_ids : "");
    db_bind_int(st, 5, p->created_by);
    db_bind_int(st, 6, now);
    db_bind_int(st, 7, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    return write_items(db, p, *id);
}

int plan_store_plan_update(struct db *db, const struct station_plan *p,
                           int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE station_plans SET summary = ?, survey_ids = ?, status = "
            "?, submitted_on = ?, version = version + 1, updated_at = ? "
            "WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, p->summary ? p->summary : "");
    db_bind_text(st, 2, p->survey_ids ? p->survey_ids : "");
    db_bind_text(st, 3, p->status);
    if (p->submitted_on) {
        db_bind_text(st, 4, p->submitted_on);
    } else {
        db_bind_null(st, 4);
    }
    db_bind_int(st, 5, now);
    db_bind_int(st, 6, p->id);
    db_bind_int(st, 7, expected_version);
    int rc = store_step_changed(st);
    if (rc != DB_OK) {
        return rc;
    }
    return write_items(db, p, p->id);
}
