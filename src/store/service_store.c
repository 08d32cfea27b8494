#include "service_store.h"

#include <string.h>

#define V_COLS                                                              \
    "v.id, v.station_id, s.name, s.region_code, v.type, v.started_at, "     \
    "v.ended_at, v.minutes, v.service_day, v.place, v.area, v.title, "      \
    "v.content, v.outcome, v.satisfaction, v.extra_attendees, "             \
    "v.resource_kind, v.resource_value, v.resource_source, v.visit, "       \
    "v.visit_purpose, v.per_capita_income, v.case_id, v.version, "          \
    "v.created_by, v.created_at, v.updated_at, (SELECT COUNT(*) FROM "      \
    "service_revisions r WHERE r.service_id = v.id)"

static const char *col_str(struct arena *a, struct db_stmt *st, int col)
{
    return arena_strdup(a, db_col_null(st, col) ? "" : db_col_text(st, col));
}

static void read_service(struct db_stmt *st, struct arena *a,
                         struct service *v)
{
    memset(v, 0, sizeof *v);
    v->id = db_col_int(st, 0);
    v->station_id = db_col_int(st, 1);
    v->station_name = col_str(a, st, 2);
    v->station_region = col_str(a, st, 3);
    v->type = col_str(a, st, 4);
    v->started_at = db_col_int(st, 5);
    v->ended_at = db_col_int(st, 6);
    v->minutes = db_col_int(st, 7);
    v->service_day = col_str(a, st, 8);
    v->place = col_str(a, st, 9);
    v->area = col_str(a, st, 10);
    v->title = col_str(a, st, 11);
    v->content = col_str(a, st, 12);
    v->outcome = col_str(a, st, 13);
    v->satisfaction = col_str(a, st, 14);
    v->extra_attendees = db_col_int(st, 15);
    v->resource_kind = col_str(a, st, 16);
    v->resource_value = db_col_int(st, 17);
    v->resource_source = col_str(a, st, 18);
    v->visit = col_str(a, st, 19);
    v->visit_purpose = col_str(a, st, 20);
    v->has_income = !db_col_null(st, 21);
    v->per_capita_income = db_col_int(st, 21);
    v->case_id = db_col_int(st, 22);
    v->version = db_col_int(st, 23);
    v->created_by = db_col_int(st, 24);
    v->created_at = db_col_int(st, 25);
    v->updated_at = db_col_int(st, 26);
    v->n_revisions = db_col_int(st, 27);
}

/* The people of a record: its clients or its workers, with names. */
static int read_people(struct db *db, struct arena *a, const char *sql,
                       int64_t id, struct service_person **out, size_t *n)
{
    struct db_stmt *st = db_prepare(db, sql);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    size_t cap = 4;
    *out = arena_alloc(a, cap * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        (*out)[*n].id = db_col_int(st, 0);
        (*out)[*n].name = col_str(a, st, 1);
        (*n)++;
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

static int read_both(struct db *db, struct arena *a, struct service *v)
{
    int rc = read_people(
        db, a, "SELECT c.id, c.name FROM service_clients x JOIN clients c ON "
               "c.id = x.client_id WHERE x.service_id = ? ORDER BY c.id",
        v->id, &v->clients, &v->n_clients);
    if (rc == DB_OK) {
        rc = read_people(
            db, a, "SELECT u.id, u.display_name FROM service_workers x JOIN "
                   "users u ON u.id = x.user_id WHERE x.service_id = ? "
                   "ORDER BY u.id",
            v->id, &v->workers, &v->n_workers);
    }
    return rc;
}

/* Scope (4 parameters), then "self": a worker on the record (2). */
#define V_SCOPE                                                             \
    SCOPE_WHERE " AND (? = 0 OR EXISTS (SELECT 1 FROM service_workers sw "  \
    "WHERE sw.service_id = v.id AND sw.user_id = ?))"

static void bind_scope(struct db_stmt *st, const struct scope *sc)
{
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, sc->self_user);
    db_bind_int(st, 6, sc->self_user);
}

int service_store_get(struct db *db, struct arena *a, const struct scope *sc,
                      int64_t id, struct service *out)
{
    bool opened = db_read_begin(db);
    struct db_stmt *st = db_prepare(
        db, "SELECT " V_COLS " FROM services v JOIN stations s ON s.id = "
            "v.station_id WHERE " V_SCOPE " AND v.id = ?");
    int rc = DB_ERROR;
    if (st) {
        bind_scope(st, sc);
        db_bind_int(st, 7, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
            read_service(st, a, out);
        }
        db_reset(st);
    }
    if (rc == DB_ROW) {
        int r2 = read_both(db, a, out);
        if (r2 != DB_OK) {
            rc = r2;
        }
    }
    db_read_end(db, opened);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

/* The filters every list variant applies, from parameter 7 on: type (2),
 * area (2), from (2), to (2), case (2). */
#define V_FILTERS                                                           \
    " AND (? = '' OR v.type = ?) AND (? = '' OR v.area = ?) AND (? = 0 OR " \
    "v.started_at >= ?) AND (? = 0 OR v.started_at < ?) AND (? = 0 OR "     \
    "v.case_id = ?)"

/* Four ways in, each led by its own index: a client's records, a
 * worker's, a station's, or everything in scope. */
#define FROM_CLIENT                                                         \
    " FROM service_clients x JOIN services v ON v.id = x.service_id JOIN "  \
    "stations s ON s.id = v.station_id WHERE " V_SCOPE V_FILTERS            \
    " AND x.client_id = ? "
#define FROM_WORKER                                                         \
    " FROM service_workers x JOIN services v ON v.id = x.service_id JOIN "  \
    "stations s ON s.id = v.station_id WHERE " V_SCOPE V_FILTERS            \
    " AND x.user_id = ? "
#define FROM_STATION                                                        \
    " FROM services v JOIN stations s ON s.id = v.station_id WHERE "        \
    V_SCOPE V_FILTERS " AND v.station_id = ? "
#define FROM_ANY                                                            \
    " FROM services v JOIN stations s ON s.id = v.station_id WHERE "        \
    V_SCOPE V_FILTERS " AND ? = 0 "

enum way { WAY_CLIENT, WAY_WORKER, WAY_STATION, WAY_ANY };

static const char *const list_sql[] = {
    "SELECT " V_COLS FROM_CLIENT
    "ORDER BY x.started_at DESC, x.service_id DESC LIMIT ? OFFSET ?",
    "SELECT " V_COLS FROM_WORKER
    "ORDER BY x.started_at DESC, x.service_id DESC LIMIT ? OFFSET ?",
    "SELECT " V_COLS FROM_STATION
    "ORDER BY v.started_at DESC, v.id DESC LIMIT ? OFFSET ?",
    "SELECT " V_COLS FROM_ANY
    "ORDER BY v.started_at DESC, v.id DESC LIMIT ? OFFSET ?",
};
static const char *const count_sql[] = {
    "SELECT COUNT(*) FROM (SELECT 1" FROM_CLIENT "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1" FROM_WORKER "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1" FROM_STATION "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1" FROM_ANY "LIMIT ?) t",
};

/* Binds scope, filters and the way's key; returns the next index. */
static int bind_list(struct db_stmt *st, const struct scope *sc,
                     const struct service_filter *f, enum way w)
{
    bind_scope(st, sc);
    const char *type = f->type ? f->type : "";
    const char *area = f->area ? f->area : "";
    db_bind_text(st, 7, type);
    db_bind_text(st, 8, type);
    db_bind_text(st, 9, area);
    db_bind_text(st, 10, area);
    db_bind_int(st, 11, f->from);
    db_bind_int(st, 12, f->from);
    db_bind_int(st, 13, f->to);
    db_bind_int(st, 14, f->to);
    db_bind_int(st, 15, f->case_id);
    db_bind_int(st, 16, f->case_id);
    int64_t key = w == WAY_CLIENT    ? f->client_id
                  : w == WAY_WORKER  ? f->worker_id
                  : w == WAY_STATION ? f->station_id
                                     : 0;
    db_bind_int(st, 17, key);
    return 18;
}

static int list(struct db *db, struct arena *a, const struct scope *sc,
                const struct service_filter *f, struct service **out,
                size_t *n, int64_t *total)
{
    enum way w = f->client_id    ? WAY_CLIENT
                 : f->worker_id  ? WAY_WORKER
                 : f->station_id ? WAY_STATION
                                 : WAY_ANY;
    struct db_stmt *st = db_prepare(db, count_sql[w]);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, bind_list(st, sc, f, w), SERVICE_COUNT_MAX + 1);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, list_sql[w]);
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_list(st, sc, f, w);
    db_bind_int(st, i, f->limit);
    db_bind_int(st, i + 1, f->offset);
    *out = arena_alloc(a, sizeof **out * (size_t)(f->limit > 0 ? f->limit : 1));
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)f->limit) {
        read_service(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    if (rc < 0) {
        return rc;
    }
    for (size_t k = 0; k < *n; k++) {
        if ((rc = read_both(db, a, &(*out)[k])) != DB_OK) {
            return rc;
        }
    }
    return DB_OK;
}

int service_store_list(struct db *db, struct arena *a, const struct scope *sc,
                       const struct service_filter *f, struct service **out,
                       size_t *n, int64_t *total)
{
    bool opened = db_read_begin(db); /* the count and the page agree */
    int rc = list(db, a, sc, f, out, n, total);
    db_read_end(db, opened);
    return rc;
}

static int step_done(struct db_stmt *st)
{
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

static int write_people(struct db *db, const struct service *v, int64_t id)
{
    static const char *const del[] = {
        "DELETE FROM service_clients WHERE service_id = ?",
        "DELETE FROM service_workers WHERE service_id = ?",
    };
    static const char *const ins[] = {
        "INSERT INTO service_clients (service_id, client_id, started_at) "
        "VALUES (?, ?, ?)",
        "INSERT INTO service_workers (service_id, user_id, started_at) "
        "VALUES (?, ?, ?)",
    };
    for (int k = 0; k < 2; k++) {
        const struct service_person *p = k ? v->workers : v->clients;
        size_t n = k ? v->n_workers : v->n_clients;
        struct db_stmt *st = db_prepare(db, del[k]);
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        int rc = step_done(st);
        for (size_t i = 0; rc == DB_OK && i < n; i++) {
            st = db_prepare(db, ins[k]);
            if (!st) {
                return DB_ERROR;
            }
            db_bind_int(st, 1, id);
            db_bind_int(st, 2, p[i].id);
            db_bind_int(st, 3, v->started_at);
            rc = step_done(st);
        }
        if (rc != DB_OK) {
            return rc;
        }
    }
    return DB_OK;
}

/* The columns a write sets, in this order, from parameter 1. */
static int bind_fields(struct db_stmt *st, const struct service *v)
{
    db_bind_int(st, 1, v->station_id);
    db_bind_text(st, 2, v->type);
    db_bind_int(st, 3, v->started_at);
    db_bind_int(st, 4, v->ended_at);
    db_bind_int(st, 5, v->minutes);
    db_bind_text(st, 6, v->service_day);
    db_bind_text(st, 7, v->place ? v->place : "");
    db_bind_text(st, 8, v->area);
    db_bind_text(st, 9, v->title ? v->title : "");
    db_bind_text(st, 10, v->content);
    db_bind_text(st, 11, v->outcome ? v->outcome : "");
    db_bind_text(st, 12, v->satisfaction ? v->satisfaction : "");
    db_bind_int(st, 13, v->extra_attendees);
    db_bind_text(st, 14, v->resource_kind ? v->resource_kind : "");
    db_bind_int(st, 15, v->resource_value);
    db_bind_text(st, 16, v->resource_source ? v->resource_source : "");
    db_bind_text(st, 17, v->visit ? v->visit : "");
    db_bind_text(st, 18, v->visit_purpose ? v->visit_purpose : "");
    if (v->has_income) {
        db_bind_int(st, 19, v->per_capita_income);
    } else {
        db_bind_null(st, 19);
    }
    if (v->case_id) {
        db_bind_int(st, 20, v->case_id);
    } else {
        db_bind_null(st, 20);
    }
    return 21;
}

int service_store_insert(struct db *db, const struct service *v, int64_t now,
                         int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO services (station_id, type, started_at, ended_at, "
            "minutes, service_day, place, area, title, content, outcome, "
            "satisfaction, extra_attendees, resource_kind, resource_value, "
            "resource_source, visit, visit_purpose, per_capita_income, "
            "case_id, created_by, version, created_at, updated_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "1, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_fields(st, v);
    db_bind_int(st, i, v->created_by);
    db_bind_int(st, i + 1, now);
    db_bind_int(st, i + 2, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    return write_people(db, v, *id);
}

int service_store_update(struct db *db, const struct service *v,
                         int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE services SET station_id = ?, type = ?, started_at = ?, "
            "ended_at = ?, minutes = ?, service_day = ?, place = ?, area = ?, "
            "title = ?, content = ?, outcome = ?, satisfaction = ?, "
            "extra_attendees = ?, resource_kind = ?, resource_value = ?, "
            "resource_source = ?, visit = ?, visit_purpose = ?, "
            "per_capita_income = ?, case_id = ?, version = version + 1, "
            "updated_at = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_fields(st, v);
    db_bind_int(st, i, now);
    db_bind_int(st, i + 1, v->id);
    db_bind_int(st, i + 2, expected_version);
    int rc = db_step(st);
    int64_t changed = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (!changed) {
        return DB_DONE;
    }
    return write_people(db, v, v->id);
}

int service_store_add_revision(struct db *db, int64_t service_id,
                               int64_t version, const char *snapshot,
                               const char *reason, const char *who,
                               int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO service_revisions (service_id, version, snapshot, "
            "reason, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, service_id);
    db_bind_int(st, 2, version);
    db_bind_text(st, 3, snapshot);
    db_bind_text(st, 4, reason ? reason : "");
    db_bind_text(st, 5, who);
    db_bind_int(st, 6, now);
    return step_done(st);
}

int service_store_revisions(struct db *db, struct arena *a, int64_t id,
                            struct service_revision **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT version, snapshot, reason, changed_by, changed_at FROM "
            "service_revisions WHERE service_id = ? ORDER BY version");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    size_t cap = 4;
    *out = arena_alloc(a, cap * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct service_revision *r = &(*out)[(*n)++];
        r->version = db_col_int(st, 0);
        r->snapshot = col_str(a, st, 1);
        r->reason = col_str(a, st, 2);
        r->changed_by = col_str(a, st, 3);
        r->changed_at = db_col_int(st, 4);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}
