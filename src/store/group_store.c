#include "group_store.h"

#include <string.h>

#include "columns.h"

#define G_COLS                                                              \
    "g.id, g.station_id, s.name, s.region_code, g.name, g.area, g.target, " \
    "g.goals, g.planned_sessions, g.starts_on, g.ends_on, g.status, "       \
    "g.attainment, g.evaluation, g.closed_on, g.version, g.created_by, "    \
    "g.created_at, g.updated_at"
#define G_FROM " FROM service_groups g JOIN stations s ON s.id = g.station_id "

static void read_group(struct db_stmt *st, struct arena *a,
                       struct service_group *g)
{
    memset(g, 0, sizeof *g);
    g->id = db_col_int(st, 0);
    g->station_id = db_col_int(st, 1);
    g->station_name = store_text(a, st, 2);
    g->station_region = store_text(a, st, 3);
    g->name = store_text(a, st, 4);
    g->area = store_text(a, st, 5);
    g->target = store_text(a, st, 6);
    g->goals = store_text(a, st, 7);
    g->planned_sessions = db_col_int(st, 8);
    g->starts_on = store_text(a, st, 9);
    g->ends_on = store_text_opt(a, st, 10);
    g->status = store_text(a, st, 11);
    g->attainment = store_text(a, st, 12);
    g->evaluation = store_text(a, st, 13);
    g->closed_on = store_text_opt(a, st, 14);
    g->version = db_col_int(st, 15);
    g->created_by = db_col_int(st, 16);
    g->created_at = db_col_int(st, 17);
    g->updated_at = db_col_int(st, 18);
}

static int read_sessions(struct db *db, struct arena *a,
                         struct service_group *g)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT v.id, v.started_at, v.minutes, v.title, "
            "(SELECT COUNT(*) FROM service_clients x "
            "WHERE x.service_id = v.id), v.extra_attendees "
            "FROM services v WHERE v.group_id = ? "
            "ORDER BY v.started_at, v.id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, g->id);
    size_t cap = 8;
    g->sessions = arena_alloc(a, cap * sizeof *g->sessions);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        g->sessions = arena_grow(a, g->sessions, g->n_sessions, &cap,
                                 sizeof *g->sessions);
        struct group_session *s = &g->sessions[g->n_sessions++];
        s->service_id = db_col_int(st, 0);
        s->started_at = db_col_int(st, 1);
        s->minutes = db_col_int(st, 2);
        s->title = store_text(a, st, 3);
        s->attendees = db_col_int(st, 4);
        s->extra_attendees = db_col_int(st, 5);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

static int read_children(struct db *db, struct arena *a,
                         struct service_group *g)
{
    int rc = service_store_people(
        db, a, "SELECT c.id, c.name FROM group_members m JOIN clients c ON "
               "c.id = m.client_id WHERE m.group_id = ? ORDER BY c.id",
        g->id, &g->members, &g->n_members);
    if (rc == DB_OK) {
        rc = service_store_people(
            db, a, "SELECT u.id, u.display_name FROM group_workers w JOIN "
                   "users u ON u.id = w.user_id WHERE w.group_id = ? ORDER "
                   "BY u.id",
            g->id, &g->workers, &g->n_workers);
    }
    return rc;
}

int group_store_get(struct db *db, struct arena *a, const struct scope *sc,
                    int64_t id, struct service_group *out)
{
    bool opened = db_read_begin(db);
    struct db_stmt *st = db_prepare(
        db, "SELECT " G_COLS G_FROM "WHERE " SCOPE_WHERE " AND g.id = ?");
    int rc = DB_ERROR;
    if (st) {
        scope_bind(st, 1, sc);
        db_bind_int(st, 5, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
            read_group(st, a, out);
        }
        db_reset(st);
    }
    if (rc == DB_ROW) {
        int r2 = read_children(db, a, out);
        if (r2 == DB_OK) {
            r2 = read_sessions(db, a, out);
        }
        if (r2 != DB_OK) {
            rc = r2;
        }
    }
    db_read_end(db, opened);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

#define G_FILTERS                                                           \
    " AND (? = 0 OR g.station_id = ?) AND (? = '' OR g.status = ?)"

static void bind_list(struct db_stmt *st, const struct scope *sc,
                      int64_t station_id, const char *status)
{
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, station_id);
    db_bind_int(st, 6, station_id);
    db_bind_text(st, 7, status ? status : "");
    db_bind_text(st, 8, status ? status : "");
}

int group_store_list(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t station_id, const char *status, int limit,
                     int64_t offset, struct service_group **out, size_t *n,
                     int64_t *total)
{
    bool opened = db_read_begin(db);
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*)" G_FROM "WHERE " SCOPE_WHERE G_FILTERS);
    int rc = DB_ERROR;
    *n = 0;
    if (st) {
        bind_list(st, sc, station_id, status);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        st = db_prepare(db, "SELECT " G_COLS G_FROM "WHERE " SCOPE_WHERE
                            G_FILTERS " ORDER BY g.id DESC LIMIT ? OFFSET ?");
        rc = DB_ERROR;
        if (st) {
            bind_list(st, sc, station_id, status);
            db_bind_int(st, 9, limit);
            db_bind_int(st, 10, offset);
            *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
                read_group(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    for (size_t i = 0; rc == DB_DONE && i < *n; i++) {
        int r2 = read_children(db, a, &(*out)[i]);
        if (r2 != DB_OK) {
            rc = r2;
        }
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

struct each_group {
    bool (*fn)(void *ctx, const struct service_group *g);
    void *ctx;
    struct service_group *rows; /* the run's, in its arena */
};

static void each_group_read(struct db_stmt *st, struct arena *a, size_t i,
                            void *arg)
{
    struct each_group *e = arg;
    if (i == 0) {
        e->rows = arena_alloc(a, STORE_RUN * sizeof *e->rows);
    }
    read_group(st, a, &e->rows[i]);
}

/* A station holds a handful of groups a year: each run reads its
 * groups' people and sessions one group at a time. */
static int each_group_run(struct db *db, struct arena *a, size_t n,
                          void *arg)
{
    struct each_group *e = arg;
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        rc = read_children(db, a, &e->rows[i]);
        if (rc == DB_OK) {
            rc = read_sessions(db, a, &e->rows[i]);
        }
        if (rc == DB_OK && !e->fn(e->ctx, &e->rows[i])) {
            rc = DB_DONE;
        }
    }
    return rc;
}

int group_store_each(struct db *db, const struct scope *sc,
                     int64_t station_id, const char *status, size_t max,
                     bool (*fn)(void *ctx, const struct service_group *g),
                     void *ctx)
{
    bool opened = db_read_begin(db); /* one snapshot: no group twice */
    struct db_stmt *st = db_prepare(
        db, "SELECT " G_COLS G_FROM "WHERE " SCOPE_WHERE G_FILTERS
            " ORDER BY g.id DESC LIMIT ? OFFSET ?");
    int rc = st ? DB_OK : DB_ERROR;
    if (rc == DB_OK) {
        bind_list(st, sc, station_id, status);
        db_bind_int(st, 9, (int64_t)max);
        db_bind_int(st, 10, 0);
        struct each_group e = {.fn = fn, .ctx = ctx};
        rc = store_each_run(db, st, each_group_read, each_group_run, &e);
    }
    db_read_end(db, opened);
    return rc;
}

static int write_people(struct db *db, const struct service_group *g,
                        int64_t id)
{
    static const char *const del[] = {
        "DELETE FROM group_members WHERE group_id = ?",
        "DELETE FROM group_workers WHERE group_id = ?",
    };
    static const char *const ins[] = {
        "INSERT INTO group_members (group_id, client_id) VALUES (?, ?)",
        "INSERT INTO group_workers (group_id, user_id) VALUES (?, ?)",
    };
    for (int k = 0; k < 2; k++) {
        const struct service_person *p = k ? g->workers : g->members;
        size_t n = k ? g->n_workers : g->n_members;
        struct db_stmt *st = db_prepare(db, del[k]);
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        int rc = store_step_done(st);
        for (size_t i = 0; rc == DB_OK && i < n; i++) {
            st = db_prepare(db, ins[k]);
            if (!st) {
                return DB_ERROR;
            }
            db_bind_int(st, 1, id);
            db_bind_int(st, 2, p[i].id);
            rc = store_step_done(st);
        }
        if (rc != DB_OK) {
            return rc;
        }
    }
    return DB_OK;
}

static void bind_opt(struct db_stmt *st, int i, const char *s)
{
    if (s) {
        db_bind_text(st, i, s);
    } else {
        db_bind_null(st, i);
    }
}

/* name … closed_on, parameters 1-12. */
static void bind_fields(struct db_stmt *st, const struct service_group *g)
{
    db_bind_text(st, 1, g->name);
    db_bind_text(st, 2, g->area);
    db_bind_text(st, 3, g->target ? g->target : "");
    db_bind_text(st, 4, g->goals);
    db_bind_int(st, 5, g->planned_sessions);
    db_bind_text(st, 6, g->starts_on);
    bind_opt(st, 7, g->ends_on);
    db_bind_text(st, 8, g->status);
    db_bind_text(st, 9, g->attainment ? g->attainment : "");
    db_bind_text(st, 10, g->evaluation ? g->evaluation : "");
    bind_opt(st, 11, g->closed_on);
    db_bind_int(st, 12, g->station_id);
}

int group_store_insert(struct db *db, const struct service_group *g,
                       int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO service_groups (name, area, target, goals, "
            "planned_sessions, starts_on, ends_on, status, attainment, "
            "evaluation, closed_on, station_id, created_by, version, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, 1, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    bind_fields(st, g);
    db_bind_int(st, 13, g->created_by);
    db_bind_int(st, 14, now);
    db_bind_int(st, 15, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    return write_people(db, g, *id);
}

int group_store_update(struct db *db, const struct service_group *g,
                       int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE service_groups SET name = ?, area = ?, target = ?, "
            "goals = ?, planned_sessions = ?, starts_on = ?, ends_on = ?, "
            "status = ?, attainment = ?, evaluation = ?, closed_on = ?, "
            "station_id = ?, version = version + 1, updated_at = ? WHERE "
            "id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_fields(st, g);
    db_bind_int(st, 13, now);
    db_bind_int(st, 14, g->id);
    db_bind_int(st, 15, expected_version);
    int rc = store_step_changed(st);
    if (rc != DB_OK) {
        return rc;
    }
    return write_people(db, g, g->id);
}

int group_store_lock(struct db *db, int64_t id)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE service_groups SET version = version WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return store_step_done(st);
}
