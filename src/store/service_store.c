#include "service_store.h"

#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "stats_store.h"
#include "visit_due_store.h"

#define V_COLS                                                              \
    "v.id, v.station_id, s.name, s.region_code, v.type, v.started_at, "     \
    "v.ended_at, v.minutes, v.service_day, v.place, v.area, v.title, "      \
    "v.content, v.outcome, v.satisfaction, v.extra_attendees, "             \
    "v.resource_kind, v.resource_value, v.resource_source, v.visit, "       \
    "v.visit_purpose, v.per_capita_income, v.case_id, v.version, "          \
    "v.created_by, v.created_at, v.updated_at, (SELECT COUNT(*) FROM "      \
    "service_revisions r WHERE r.service_id = v.id), v.group_id, "          \
    "v.partners, v.crisis, v.crisis_result"

static void read_service(struct db_stmt *st, struct arena *a,
                         struct service *v)
{
    memset(v, 0, sizeof *v);
    v->id = db_col_int(st, 0);
    v->station_id = db_col_int(st, 1);
    v->station_name = store_text(a, st, 2);
    v->station_region = store_text(a, st, 3);
    v->type = store_text(a, st, 4);
    v->started_at = db_col_int(st, 5);
    v->ended_at = db_col_int(st, 6);
    v->minutes = db_col_int(st, 7);
    v->service_day = store_text(a, st, 8);
    v->place = store_text(a, st, 9);
    v->area = store_text(a, st, 10);
    v->title = store_text(a, st, 11);
    v->content = store_text(a, st, 12);
    v->outcome = store_text(a, st, 13);
    v->satisfaction = store_text(a, st, 14);
    v->extra_attendees = db_col_int(st, 15);
    v->resource_kind = store_text(a, st, 16);
    v->resource_value = db_col_int(st, 17);
    v->resource_source = store_text(a, st, 18);
    v->visit = store_text(a, st, 19);
    v->visit_purpose = store_text(a, st, 20);
    v->has_income = !db_col_null(st, 21);
    v->per_capita_income = db_col_int(st, 21);
    v->case_id = db_col_int(st, 22);
    v->version = db_col_int(st, 23);
    v->created_by = db_col_int(st, 24);
    v->created_at = db_col_int(st, 25);
    v->updated_at = db_col_int(st, 26);
    v->n_revisions = db_col_int(st, 27);
    v->group_id = db_col_int(st, 28);
    v->partners = store_text(a, st, 29);
    v->crisis = store_text(a, st, 30);
    v->crisis_result = store_text(a, st, 31);
}

int service_store_people(struct db *db, struct arena *a, const char *sql,
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
        (*out)[*n].name = store_text(a, st, 1);
        (*n)++;
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

static int read_both(struct db *db, struct arena *a, struct service *v)
{
    int rc = service_store_people(
        db, a, "SELECT c.id, c.name FROM service_clients x JOIN clients c ON "
               "c.id = x.client_id WHERE x.service_id = ? ORDER BY c.id",
        v->id, &v->clients, &v->n_clients);
    if (rc == DB_OK) {
        rc = service_store_people(
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
 * area (2), from (1), to (1), case (2), group (2). The period is a plain
 * range, always bound, so that the indexes of start times begin and end
 * their walk at its ends: a week of a province's records walked every
 * newer one first (0.2-0.3 s on a million). */
#define V_FILTERS                                                           \
    " AND (? = '' OR v.type = ?) AND (? = '' OR v.area = ?) AND "           \
    "v.started_at >= ? AND v.started_at < ? AND (? = 0 OR v.case_id = ?) "  \
    "AND (? = 0 OR v.group_id = ?)"

/* Seven ways in, each led by its own index: a client's records, a
 * case's, a group's, a worker's, a station's, everything in scope
 * (services_started, newest first), or a narrow range's stations one by
 * one. A case's or a group's records asked by a county's or the
 * bureau's officer walked the province's newest first (0.64-0.71 s on a
 * million records). */
#define FROM_CLIENT                                                         \
    " FROM service_clients x JOIN services v ON v.id = x.service_id JOIN "  \
    "stations s ON s.id = v.station_id WHERE " V_SCOPE V_FILTERS            \
    " AND x.client_id = ? "
#define FROM_WORKER                                                         \
    " FROM service_workers x JOIN services v ON v.id = x.service_id JOIN "  \
    "stations s ON s.id = v.station_id WHERE " V_SCOPE V_FILTERS            \
    " AND x.user_id = ? "
#define FROM_CASE                                                           \
    " FROM services v JOIN stations s ON s.id = v.station_id WHERE "        \
    V_SCOPE V_FILTERS " AND v.case_id = ? "
#define FROM_GROUP                                                          \
    " FROM services v JOIN stations s ON s.id = v.station_id WHERE "        \
    V_SCOPE V_FILTERS " AND v.group_id = ? "
#define FROM_STATION                                                        \
    " FROM services v JOIN stations s ON s.id = v.station_id WHERE "        \
    V_SCOPE V_FILTERS " AND v.station_id = ? "
#define FROM_ANY                                                            \
    " FROM services v JOIN stations s ON s.id = v.station_id WHERE "        \
    V_SCOPE V_FILTERS " AND ? = 0 "
/* A narrow range (a county, a township, listed stations) read station by
 * station (CROSS JOIN: the stations in range first): walking the
 * province's records newest first for a county's 20 passed nearly all
 * of them, and its count, short of 10,001, read every one (1.4 s for a
 * county officer on a million records, 2.2 s for a worker of a station
 * with none). */
#define FROM_SCOPE                                                          \
    " FROM stations s CROSS JOIN services v WHERE v.station_id = s.id "    \
    "AND " V_SCOPE V_FILTERS " AND ? = 0 "

enum way {
    WAY_CLIENT,
    WAY_WORKER,
    WAY_CASE,
    WAY_GROUP,
    WAY_STATION,
    WAY_ANY,
    WAY_SCOPE
};

static const char *const list_sql[] = {
    "SELECT " V_COLS FROM_CLIENT
    "ORDER BY x.started_at DESC, x.service_id DESC LIMIT ? OFFSET ?",
    "SELECT " V_COLS FROM_WORKER
    "ORDER BY x.started_at DESC, x.service_id DESC LIMIT ? OFFSET ?",
    "SELECT " V_COLS FROM_CASE
    "ORDER BY v.started_at DESC, v.id DESC LIMIT ? OFFSET ?",
    "SELECT " V_COLS FROM_GROUP
    "ORDER BY v.started_at DESC, v.id DESC LIMIT ? OFFSET ?",
    "SELECT " V_COLS FROM_STATION
    "ORDER BY v.started_at DESC, v.id DESC LIMIT ? OFFSET ?",
    "SELECT " V_COLS FROM_ANY
    "ORDER BY v.started_at DESC, v.id DESC LIMIT ? OFFSET ?",
    "SELECT " V_COLS FROM_SCOPE
    "ORDER BY v.started_at DESC, v.id DESC LIMIT ? OFFSET ?",
};
static const char *const count_sql[] = {
    "SELECT COUNT(*) FROM (SELECT 1" FROM_CLIENT "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1" FROM_WORKER "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1" FROM_CASE "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1" FROM_GROUP "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1" FROM_STATION "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1" FROM_ANY "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1" FROM_SCOPE "LIMIT ?) t",
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
    db_bind_int(st, 12, f->to ? f->to : INT64_MAX);
    db_bind_int(st, 13, f->case_id);
    db_bind_int(st, 14, f->case_id);
    db_bind_int(st, 15, f->group_id);
    db_bind_int(st, 16, f->group_id);
    int64_t key = w == WAY_CLIENT    ? f->client_id
                  : w == WAY_WORKER  ? f->worker_id
                  : w == WAY_CASE    ? f->case_id
                  : w == WAY_GROUP   ? f->group_id
                  : w == WAY_STATION ? f->station_id
                                     : 0;
    db_bind_int(st, 17, key);
    return 18;
}

/* Pages this deep of a wide range are read station by station. */
#define WALK_MAX 400

/* The way a list reads (*w) and counts (*count_way) its records, and the
 * scope it binds (*wide), for rows up to the end'th. */
static int choose_way(struct db *db, const struct scope *sc,
                      const struct service_filter *f, int64_t end,
                      struct scope *wide, enum way *w, enum way *count_way)
{
    *w = f->client_id              ? WAY_CLIENT
         : f->case_id              ? WAY_CASE
         : f->group_id             ? WAY_GROUP
         : f->worker_id            ? WAY_WORKER
         : f->station_id           ? WAY_STATION
         : scope_few_stations(sc) ? WAY_SCOPE
                                   : WAY_ANY;
    /* A city's records newest first: the walk finds a first page a few
     * hundred records in, but counted, and read deep pages, through the
     * province's (0.14-0.24 s for a city officer on a million records):
     * its stations' own records are fewer, and a count of them stops at
     * 10,001 as well. */
    int rc = scope_widen(db, sc, wide);
    if (rc != DB_OK) {
        return rc;
    }
    *count_way = *w == WAY_ANY && !wide->all ? WAY_SCOPE : *w;
    if (*count_way == WAY_SCOPE && end > WALK_MAX) {
        *w = WAY_SCOPE;
    }
    return DB_OK;
}

static int list(struct db *db, struct arena *a, const struct scope *sc,
                const struct service_filter *f, struct service **out,
                size_t *n, int64_t *total)
{
    struct scope wide;
    enum way w, count_way;
    int rc = choose_way(db, sc, f, f->offset + f->limit, &wide, &w,
                        &count_way);
    if (rc != DB_OK) {
        return rc;
    }
    struct db_stmt *st = db_prepare(db, count_sql[count_way]);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, bind_list(st, &wide, f, count_way),
                SERVICE_COUNT_MAX + 1);
    rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    sc = &wide;
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

struct each_service {
    bool (*fn)(void *ctx, const struct service *v);
    void *ctx;
    struct service *rows; /* the run's, in its arena */
    size_t *caps;
    bool workers; /* add_person adds workers, not clients */
    struct arena *a;
};

static void each_service_read(struct db_stmt *st, struct arena *a, size_t i,
                              void *arg)
{
    struct each_service *e = arg;
    if (i == 0) {
        e->rows = arena_alloc(a, STORE_RUN * sizeof *e->rows);
    }
    read_service(st, a, &e->rows[i]);
}

/* A client of the run's record i, or a worker when e->workers. */
static void add_person(struct db_stmt *st, size_t i, void *arg)
{
    struct each_service *e = arg;
    struct service *v = &e->rows[i];
    struct service_person **list = e->workers ? &v->workers : &v->clients;
    size_t *n = e->workers ? &v->n_workers : &v->n_clients;
    *list = arena_grow(e->a, *list, *n, &e->caps[i], sizeof **list);
    (*list)[*n].id = db_col_int(st, 1);
    (*list)[(*n)++].name = store_text(e->a, st, 2);
}

/* A run's clients and workers, as read_both reads one record's. */
static int each_service_run(struct db *db, struct arena *a, size_t n,
                            void *arg)
{
    struct each_service *e = arg;
    int64_t *ids = arena_alloc(a, n * sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        ids[i] = e->rows[i].id;
    }
    e->a = a;
    e->caps = arena_alloc(a, n * sizeof *e->caps);
    e->workers = false;
    int rc = store_children(
        db, "SELECT x.service_id, c.id, c.name FROM service_clients x JOIN "
            "clients c ON c.id = x.client_id WHERE x.service_id IN "
            STORE_IN_IDS " ORDER BY x.service_id, c.id",
        ids, n, add_person, e);
    if (rc == DB_OK) {
        e->caps = arena_alloc(a, n * sizeof *e->caps);
        e->workers = true;
        rc = store_children(
            db, "SELECT x.service_id, u.id, u.display_name FROM "
                "service_workers x JOIN users u ON u.id = x.user_id WHERE "
                "x.service_id IN " STORE_IN_IDS " ORDER BY x.service_id, u.id",
            ids, n, add_person, e);
    }
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (!e->fn(e->ctx, &e->rows[i])) {
            rc = DB_DONE;
        }
    }
    return rc;
}

int service_store_each(struct db *db, const struct scope *sc,
                       const struct service_filter *f, size_t max,
                       bool (*fn)(void *ctx, const struct service *v),
                       void *ctx)
{
    bool opened = db_read_begin(db); /* one snapshot: no record twice */
    struct scope wide;
    enum way w, count_way;
    int rc = choose_way(db, sc, f, (int64_t)max, &wide, &w, &count_way);
    struct db_stmt *st = NULL;
    if (rc == DB_OK) {
        st = db_prepare(db, list_sql[w]);
        rc = st ? DB_OK : DB_ERROR;
    }
    if (rc == DB_OK) {
        int i = bind_list(st, &wide, f, w);
        db_bind_int(st, i, (int64_t)max);
        db_bind_int(st, i + 1, 0);
        struct each_service e = {.fn = fn, .ctx = ctx};
        rc = store_each_run(db, st, each_service_read, each_service_run,
                            &e);
    }
    db_read_end(db, opened);
    return rc;
}

/* What a client's timeline shows of a record: its title, or the start of
 * its content (60 characters, as migration 13 fills older rows). */
static const char *summary_of(struct arena *a, const struct service *v)
{
    if (v->title && *v->title) {
        return v->title;
    }
    const char *p = v->content ? v->content : "";
    size_t chars = 0;
    const char *end = p;
    while (*end && chars < 60) {
        end++;
        while ((*end & 0xC0) == 0x80) {
            end++;
        }
        chars++;
    }
    return *end ? arena_printf(a, "%.*s…", (int)(end - p), p) : p;
}

/* The record's workers as "12,57": the timeline names them. */
static const char *worker_ids(struct arena *a, const struct service *v)
{
    const char *out = "";
    for (size_t i = 0; i < v->n_workers; i++) {
        out = arena_printf(a, "%s%s%lld", out, i ? "," : "",
                           (long long)v->workers[i].id);
    }
    return out;
}

static int write_people(struct db *db, const struct service *v, int64_t id)
{
    struct arena *a = arena_new(1024);
    const char *summary = summary_of(a, v);
    const char *workers = worker_ids(a, v);
    /* The clients whose next visit moves: those of the home visit before
     * the change and after it. */
    size_t n_due = 0, cap_due = 4;
    int64_t *due = arena_alloc(a, cap_due * sizeof *due);
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM service_clients WHERE service_id = ? RETURNING "
            "client_id, type");
    int rc = DB_ERROR;
    if (st) {
        db_bind_int(st, 1, id);
        while ((rc = db_step(st)) == DB_ROW) {
            if (strcmp(db_col_text(st, 1), "home_visit") == 0) {
                due = arena_grow(a, due, n_due, &cap_due, sizeof *due);
                due[n_due++] = db_col_int(st, 0);
            }
        }
        db_reset(st);
        rc = rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    }
    for (size_t i = 0; rc == DB_OK && strcmp(v->type, "home_visit") == 0 &&
                       i < v->n_clients;
         i++) {
        due = arena_grow(a, due, n_due, &cap_due, sizeof *due);
        due[n_due++] = v->clients[i].id;
    }
    for (size_t i = 0; rc == DB_OK && i < v->n_clients; i++) {
        st = db_prepare(
            db, "INSERT INTO service_clients (service_id, client_id, "
                "started_at, station_id, type, minutes, case_id, summary, "
                "workers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!st) {
            rc = DB_ERROR;
            break;
        }
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, v->clients[i].id);
        db_bind_int(st, 3, v->started_at);
        db_bind_int(st, 4, v->station_id);
        db_bind_text(st, 5, v->type);
        db_bind_int(st, 6, v->minutes);
        if (v->case_id) {
            db_bind_int(st, 7, v->case_id);
        } else {
            db_bind_null(st, 7);
        }
        db_bind_text(st, 8, summary);
        db_bind_text(st, 9, workers);
        rc = store_step_done(st);
    }
    if (rc == DB_OK) {
        rc = visit_due_store_refresh_ids(db, due, n_due);
    }
    arena_free(a);
    if (rc != DB_OK) {
        return rc;
    }
    st = db_prepare(db, "DELETE FROM service_workers WHERE service_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    rc = store_step_done(st);
    for (size_t i = 0; rc == DB_OK && i < v->n_workers; i++) {
        st = db_prepare(db, "INSERT INTO service_workers (service_id, "
                            "user_id, started_at) VALUES (?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, v->workers[i].id);
        db_bind_int(st, 3, v->started_at);
        rc = store_step_done(st);
    }
    return rc;
}

/* The same for links written without them (sgz demo's bulk rows). */
#define FILL_LINKS(concat)                                                  \
    "UPDATE service_clients SET station_id = (SELECT v.station_id FROM "    \
    "services v WHERE v.id = service_clients.service_id), type = (SELECT "  \
    "v.type FROM services v WHERE v.id = service_clients.service_id), "     \
    "minutes = (SELECT v.minutes FROM services v WHERE v.id = "             \
    "service_clients.service_id), case_id = (SELECT v.case_id FROM "        \
    "services v WHERE v.id = service_clients.service_id), summary = "       \
    "(SELECT CASE WHEN v.title <> '' THEN v.title WHEN length(v.content) "  \
    "> 60 THEN substr(v.content, 1, 60) || '…' ELSE v.content END FROM "    \
    "services v WHERE v.id = service_clients.service_id), workers = "       \
    "COALESCE((SELECT " concat "(CAST(w.user_id AS TEXT), ',') FROM "       \
    "service_workers w WHERE w.service_id = service_clients.service_id), "  \
    "'') WHERE type = ''"

int service_store_fill_links(struct db *db)
{
    struct db_stmt *st = db_prepare(
        db, db_kind(db) == DB_POSTGRES ? FILL_LINKS("string_agg")
                                       : FILL_LINKS("group_concat"));
    return st ? store_step_done(st) : DB_ERROR;
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
    if (v->group_id) {
        db_bind_int(st, 21, v->group_id);
    } else {
        db_bind_null(st, 21);
    }
    db_bind_text(st, 22, v->partners ? v->partners : "");
    db_bind_text(st, 23, v->crisis ? v->crisis : "");
    db_bind_text(st, 24, v->crisis_result ? v->crisis_result : "");
    return 25;
}

int service_store_insert(struct db *db, const struct service *v, int64_t now,
                         int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO services (station_id, type, started_at, ended_at, "
            "minutes, service_day, place, area, title, content, outcome, "
            "satisfaction, extra_attendees, resource_kind, resource_value, "
            "resource_source, visit, visit_purpose, per_capita_income, "
            "case_id, group_id, partners, crisis, crisis_result, created_by, "
            "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) "
            "RETURNING id");
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
    rc = write_people(db, v, *id);
    return rc == DB_OK ? stats_store_refresh(db, v->station_id, v->started_at)
                       : rc;
}

int service_store_update(struct db *db, const struct service *v,
                         int64_t expected_version, int64_t now)
{
    /* Where the record was counted before: its month may change. */
    struct db_stmt *st = db_prepare(
        db, "SELECT station_id, started_at FROM services WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, v->id);
    int64_t was_station = 0, was_started = 0;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        was_station = db_col_int(st, 0);
        was_started = db_col_int(st, 1);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_DONE : (rc < 0 ? rc : DB_ERROR);
    }
    st = db_prepare(
        db, "UPDATE services SET station_id = ?, type = ?, started_at = ?, "
            "ended_at = ?, minutes = ?, service_day = ?, place = ?, area = ?, "
            "title = ?, content = ?, outcome = ?, satisfaction = ?, "
            "extra_attendees = ?, resource_kind = ?, resource_value = ?, "
            "resource_source = ?, visit = ?, visit_purpose = ?, "
            "per_capita_income = ?, case_id = ?, group_id = ?, partners = ?, "
            "crisis = ?, crisis_result = ?, version = version + 1, "
            "updated_at = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_fields(st, v);
    db_bind_int(st, i, now);
    db_bind_int(st, i + 1, v->id);
    db_bind_int(st, i + 2, expected_version);
    rc = store_step_changed(st);
    if (rc == DB_OK) {
        rc = write_people(db, v, v->id);
    }
    /* The month it is counted in now, and the one it was counted in if
     * another: the lower station first, as every writer locks stations
     * (a record moved from A to B beside one moved from B to A would
     * otherwise wait on each other's station). */
    bool moved = was_station != v->station_id ||
                 !stats_same_month(was_started, v->started_at);
    bool was_first = moved && was_station < v->station_id;
    if (rc == DB_OK && was_first) {
        rc = stats_store_refresh(db, was_station, was_started);
    }
    if (rc == DB_OK) {
        rc = stats_store_refresh(db, v->station_id, v->started_at);
    }
    if (rc == DB_OK && moved && !was_first) {
        rc = stats_store_refresh(db, was_station, was_started);
    }
    return rc;
}

int service_store_delete(struct db *db, const struct service *v,
                         int64_t expected_version)
{
    /* The version check first: it also takes the row's lock. */
    struct db_stmt *st = db_prepare(
        db, "UPDATE services SET version = version + 1 WHERE id = ? AND "
            "version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, v->id);
    db_bind_int(st, 2, expected_version);
    int rc = store_step_changed(st);
    if (rc != DB_OK) {
        return rc;
    }
    /* Nobody on it: the links go, and the next visits they kept move. */
    struct service none = *v;
    none.n_clients = 0;
    none.n_workers = 0;
    rc = write_people(db, &none, v->id);
    static const char *const drops[] = {
        "DELETE FROM service_revisions WHERE service_id = ?",
        ("UPDATE case_followups SET done_on = NULL, service_id = NULL "
         "WHERE service_id = ?"),
        "DELETE FROM services WHERE id = ?",
    };
    for (size_t i = 0; rc == DB_OK && i < sizeof drops / sizeof drops[0];
         i++) {
        st = db_prepare(db, drops[i]);
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, v->id);
        rc = store_step_done(st);
    }
    return rc == DB_OK ? stats_store_refresh(db, v->station_id, v->started_at)
                       : rc;
}

int service_store_has_attachments(struct db *db, int64_t id)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT 1 FROM attachments WHERE owner_kind = 'service' AND "
            "owner_id = ? LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int service_store_overlaps(struct db *db, struct arena *a,
                           const struct scope *sc, int64_t user_id,
                           int64_t except_id, int64_t since, int64_t from,
                           int64_t to, size_t max,
                           struct service_overlap **out, size_t *n)
{
    /* The worker's index (user_id, started_at) read between since and
     * to; the end is the services row's, looked up for those alone. */
    struct db_stmt *st = db_prepare(
        db, "SELECT v.id, v.started_at, v.ended_at FROM service_workers x "
            "JOIN services v ON v.id = x.service_id JOIN stations s ON s.id "
            "= v.station_id WHERE " V_SCOPE " AND x.user_id = ? AND "
            "x.started_at > ? AND x.started_at < ? AND v.ended_at > ? AND "
            "x.service_id <> ? ORDER BY x.started_at, x.service_id LIMIT ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_scope(st, sc);
    db_bind_int(st, 7, user_id);
    db_bind_int(st, 8, since);
    db_bind_int(st, 9, to);
    db_bind_int(st, 10, from);
    db_bind_int(st, 11, except_id);
    db_bind_int(st, 12, (int64_t)max);
    *out = arena_alloc(a, (max ? max : 1) * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < max) {
        struct service_overlap *o = &(*out)[(*n)++];
        o->id = db_col_int(st, 0);
        o->user_id = user_id;
        o->started_at = db_col_int(st, 1);
        o->ended_at = db_col_int(st, 2);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
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
    return store_step_done(st);
}

int service_store_revisions(struct db *db, struct arena *a, int64_t id,
                            struct service_revision **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT r.version, r.snapshot, r.reason, r.changed_by, "
            "r.changed_at, u.display_name FROM service_revisions r LEFT JOIN "
            "users u ON u.username = r.changed_by WHERE r.service_id = ? "
            "ORDER BY r.version");
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
        r->snapshot = store_text(a, st, 1);
        r->reason = store_text(a, st, 2);
        r->changed_by = store_text(a, st, 3);
        r->changed_at = db_col_int(st, 4);
        r->changed_by_name = store_text_opt(a, st, 5);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

#define TIMELINE_NAMES_AT_ONCE 40

/* "12,57" of a timeline line into names, from one lookup of the page's
 * users (unused slots bound as 0). */
static int timeline_names(struct db *db, struct arena *a,
                          struct timeline_entry *e, size_t n)
{
    int64_t ids[TIMELINE_NAMES_AT_ONCE];
    size_t nids = 0;
    for (size_t i = 0; i < n; i++) {
        for (const char *p = e[i].who; p && *p;) {
            int64_t id = strtoll(p, NULL, 10);
            bool seen = false;
            for (size_t k = 0; k < nids; k++) {
                seen = seen || ids[k] == id;
            }
            if (!seen && nids < TIMELINE_NAMES_AT_ONCE) {
                ids[nids++] = id;
            }
            p = strchr(p, ',');
            p = p ? p + 1 : NULL;
        }
    }
    struct db_stmt *st = db_prepare(
        db, "SELECT id, display_name FROM users WHERE id IN (?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    for (int i = 0; i < TIMELINE_NAMES_AT_ONCE; i++) {
        db_bind_int(st, i + 1, (size_t)i < nids ? ids[i] : 0);
    }
    const char *names[TIMELINE_NAMES_AT_ONCE] = {NULL};
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        for (size_t k = 0; k < nids; k++) {
            if (ids[k] == id) {
                names[k] = arena_strdup(a, db_col_text(st, 1));
            }
        }
    }
    db_reset(st);
    for (size_t i = 0; i < n; i++) {
        const char *out = "";
        for (const char *p = e[i].who; p && *p;) {
            int64_t id = strtoll(p, NULL, 10);
            for (size_t k = 0; k < nids; k++) {
                if (ids[k] == id && names[k]) {
                    out = *out ? arena_printf(a, "%s、%s", out, names[k])
                               : names[k];
                }
            }
            p = strchr(p, ',');
            p = p ? p + 1 : NULL;
        }
        e[i].who = out;
    }
    return rc < 0 ? rc : DB_OK;
}

/* The client's records, newest first, from the link rows alone (what a
 * line shows rides along with them: migration 13). */
static int timeline_services(struct db *db, struct arena *a,
                             const struct scope *sc, int64_t client_id,
                             int64_t want, struct timeline_entry *out,
                             size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT x.service_id, x.type, x.started_at, x.minutes, "
            "x.summary, x.case_id, x.workers FROM service_clients x JOIN "
            "stations s ON s.id = x.station_id WHERE " SCOPE_WHERE
            " AND (? = 0 OR EXISTS (SELECT 1 FROM service_workers sw WHERE "
            "sw.service_id = x.service_id AND sw.user_id = ?)) AND "
            "x.client_id = ? ORDER BY x.started_at DESC, x.service_id DESC "
            "LIMIT ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_scope(st, sc);
    db_bind_int(st, 7, client_id);
    db_bind_int(st, 8, want);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct timeline_entry *e = &out[(*n)++];
        e->kind = "service";
        e->id = db_col_int(st, 0);
        e->type = store_text(a, st, 1);
        e->at = db_col_int(st, 2);
        e->minutes = db_col_int(st, 3);
        e->title = store_text(a, st, 4);
        e->case_id = db_col_int(st, 5);
        e->who = store_text(a, st, 6); /* ids until timeline_names() */
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

static int timeline_cases(struct db *db, struct arena *a,
                          const struct scope *sc, int64_t client_id,
                          int64_t want, struct timeline_entry *out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT k.id, e.kind, e.at, e.stage, COALESCE(u.display_name, "
            "e.actor) FROM cases k JOIN stations s ON s.id = k.station_id "
            "JOIN case_events e ON e.case_id = k.id LEFT JOIN users u ON "
            "u.id = e.actor_id WHERE " SCOPE_WHERE " AND (? = 0 OR "
            "k.worker_id = ? OR k.transfer_worker_id = ?) AND k.client_id "
            "= ? ORDER BY e.at DESC, e.id DESC LIMIT ?");
    if (!st) {
        return DB_ERROR;
    }
    /* A range "self" sees the cases she works, as GET /cases does. */
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, sc->self_user);
    db_bind_int(st, 6, sc->self_user);
    db_bind_int(st, 7, sc->self_user);
    db_bind_int(st, 8, client_id);
    db_bind_int(st, 9, want);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct timeline_entry *e = &out[(*n)++];
        memset(e, 0, sizeof *e);
        e->kind = "case";
        e->id = db_col_int(st, 0);
        e->type = store_text(a, st, 1);
        e->at = db_col_int(st, 2);
        e->title = store_text(a, st, 3);
        e->who = store_text(a, st, 4);
        e->case_id = e->id;
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int service_store_timeline(struct db *db, struct arena *a,
                           const struct scope *sc, int64_t client_id,
                           int limit, int64_t offset,
                           struct timeline_entry **out, size_t *n,
                           bool *more)
{
    /* Both streams newest first; the page is the merge's slice. */
    int64_t want = offset + limit + 1;
    struct timeline_entry *sv = arena_alloc(a, sizeof *sv * (size_t)want);
    struct timeline_entry *cs = arena_alloc(a, sizeof *cs * (size_t)want);
    size_t ns = 0, nc = 0;
    bool opened = db_read_begin(db);
    int rc = timeline_services(db, a, sc, client_id, want, sv, &ns);
    if (rc == DB_OK) {
        rc = timeline_cases(db, a, sc, client_id, want, cs, &nc);
    }
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    *more = false;
    size_t i = 0, j = 0;
    for (int64_t k = 0; rc == DB_OK && (i < ns || j < nc); k++) {
        bool take_service = j >= nc || (i < ns && sv[i].at >= cs[j].at);
        struct timeline_entry *e = take_service ? &sv[i++] : &cs[j++];
        if (k < offset) {
            continue;
        }
        if (*n == (size_t)limit) {
            *more = true;
            break;
        }
        (*out)[(*n)++] = *e;
    }
    /* The workers' names of the page's services, in one lookup. */
    struct timeline_entry *page_sv =
        arena_alloc(a, sizeof *page_sv * (*n ? *n : 1));
    size_t n_sv = 0;
    for (size_t k = 0; k < *n; k++) {
        if (strcmp((*out)[k].kind, "service") == 0) {
            page_sv[n_sv++] = (*out)[k];
        }
    }
    if (rc == DB_OK && n_sv) {
        rc = timeline_names(db, a, page_sv, n_sv);
    }
    for (size_t k = 0, s = 0; k < *n; k++) {
        if (strcmp((*out)[k].kind, "service") == 0) {
            (*out)[k].who = page_sv[s++].who;
        }
    }
    db_read_end(db, opened);
    return rc;
}

int service_store_worklog(struct db *db, struct arena *a,
                          const struct scope *sc, int64_t user_id,
                          int64_t from, int64_t to, struct worklog_row **out,
                          size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT v.service_day, v.type, COUNT(*), SUM(v.minutes) FROM "
            "service_workers x JOIN services v ON v.id = x.service_id JOIN "
            "stations s ON s.id = v.station_id WHERE " SCOPE_WHERE
            " AND x.user_id = ? AND x.started_at >= ? AND x.started_at < ? "
            "GROUP BY v.service_day, v.type ORDER BY v.service_day, v.type");
    if (!st) {
        return DB_ERROR;
    }
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, user_id);
    db_bind_int(st, 6, from);
    db_bind_int(st, 7, to);
    size_t cap = 32;
    *out = arena_alloc(a, cap * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct worklog_row *w = &(*out)[(*n)++];
        w->day = store_text(a, st, 0);
        w->type = store_text(a, st, 1);
        w->records = db_col_int(st, 2);
        w->minutes = db_col_int(st, 3);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int service_store_count_client_from(struct db *db, int64_t client_id,
                                    int64_t from, int64_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM service_clients x WHERE x.client_id = ? "
            "AND x.started_at >= ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, client_id);
    db_bind_int(st, 2, from);
    int rc = db_step(st);
    *n = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
