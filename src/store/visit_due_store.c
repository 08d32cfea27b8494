#include "visit_due_store.h"

#include <stdlib.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/parse.h"
#include "../util/xalloc.h"
#include "columns.h"

/* One scheduled category a client holds at some time. */
struct held {
    const char *code, *started_on, *ended_on; /* ended_on NULL: open */
    int64_t every;
};

bool visit_due_holds(const struct visit_due *v, const char *day)
{
    return strcmp(v->from_on, day) <= 0 &&
           (!v->until_on || strcmp(day, v->until_on) < 0);
}

static const char *day_plus(struct arena *a, const char *day, int64_t days)
{
    int y, m, d;
    if (!day || !parse_date(day, &y, &m, &d)) {
        return NULL;
    }
    char *out = arena_alloc(a, 11);
    cn_date_format(cn_civil_from_days(cn_days_from_civil(y, m, d) + days),
                   out);
    return out;
}

static const char *today_of(struct arena *a)
{
    char *out = arena_alloc(a, 11);
    cn_date_format(cn_date_of(cn_now()), out);
    return out;
}

/* Ties between equal intervals go to the category held longest, then the
 * code: an order that does not depend on how the rows were read. */
static bool before(const struct held *x, const struct held *y)
{
    if (x->every != y->every) {
        return x->every < y->every;
    }
    int c = strcmp(x->started_on, y->started_on);
    if (c) {
        return c < 0;
    }
    if (!x->ended_on || !y->ended_on) {
        return !x->ended_on && y->ended_on;
    }
    c = strcmp(x->ended_on, y->ended_on);
    return c ? c < 0 : strcmp(x->code, y->code) < 0;
}

/* The row for day from a client's scheduled categories (n >= 1) and the
 * instant its visits count from (the last home visit or registration, but
 * no earlier than the day the scheduled category began):
 * the task list's rule (docs/services-and-cases.md), in Beijing days. */
static void compute(struct arena *a, const struct held *k, size_t n,
                    int64_t from_at, const char *day, struct visit_due *out)
{
    const struct held *best = NULL;
    const char *from = "", *until = NULL;
    for (size_t i = 0; i < n; i++) {
        /* The held set changes on a start and on the day after an end. */
        const char *points[2] = {k[i].started_on,
                                 k[i].ended_on ? day_plus(a, k[i].ended_on, 1)
                                               : NULL};
        if (k[i].ended_on && !points[1]) {
            points[1] = day_plus(a, day, 1); /* unreadable: recheck */
        }
        for (int j = 0; j < 2; j++) {
            const char *p = points[j];
            if (!p) {
                continue;
            }
            if (strcmp(p, day) <= 0) {
                from = strcmp(p, from) > 0 ? p : from;
            } else if (!until || strcmp(p, until) < 0) {
                until = p;
            }
        }
        bool held = strcmp(k[i].started_on, day) <= 0 &&
                    (!k[i].ended_on || strcmp(k[i].ended_on, day) >= 0);
        if (held && k[i].every > 0 && (!best || before(&k[i], best))) {
            best = &k[i];
        }
    }
    out->from_on = from;
    out->until_on = until;
    out->code = best ? best->code : NULL;
    out->due_on = NULL;
    if (best) {
        /* A visit back-entered from before she held the category does not
         * make her overdue for it: its schedule runs from its start. */
        char *d = arena_alloc(a, 11);
        cn_date_format(cn_date_of(from_at), d);
        const char *base = strcmp(best->started_on, d) > 0 ? best->started_on
                                                            : d;
        out->due_on = day_plus(a, base, best->every);
    }
}

/* The start of the client's latest home visit, 0 when none: one seek on
 * the timeline's index. */
#define LAST_VISIT(client)                                                  \
    "(SELECT x.started_at FROM service_clients x WHERE x.client_id = "      \
    client " AND x.type = 'home_visit' ORDER BY x.started_at DESC LIMIT 1)"

/* An active client's scheduled categories, one a row: id, worker,
 * station, name, the instant its visits count from (the last home visit
 * or registration), then code, started_on, ended_on, every_days. */
#define HELD_SQL(where)                                                     \
    "SELECT c.id, c.worker_id, c.station_id, c.name, COALESCE("             \
    LAST_VISIT("c.id") ", c.created_at), k.code, k.started_on, k.ended_on, " \
    "p.every_days FROM clients c JOIN client_categories k ON k.client_id = " \
    "c.id JOIN visit_schedules_kept p ON p.code = k.code WHERE " where      \
    " c.status = 'active'"

/* A row of HELD_SQL into k[*n] (and, on a client's first, v). */
static void read_held(struct db_stmt *st, struct arena *a, struct held **k,
                      size_t *n, size_t *cap, struct visit_due *v,
                      int64_t *from_at)
{
    if (*n == 0) {
        v->client_id = db_col_int(st, 0);
        v->worker_id = db_col_int(st, 1);
        v->station_id = db_col_int(st, 2);
        v->name = store_text(a, st, 3);
        *from_at = db_col_int(st, 4);
    }
    *k = arena_grow(a, *k, *n, cap, sizeof **k);
    struct held *h = &(*k)[(*n)++];
    h->code = store_text(a, st, 5);
    h->started_on = store_text(a, st, 6);
    h->ended_on = store_text_opt(a, st, 7);
    h->every = db_col_int(st, 8);
}

int visit_due_store_compute(struct db *db, struct arena *a,
                            int64_t client_id, const char *day,
                            struct visit_due *out, bool *found)
{
    *found = false;
    struct db_stmt *st = db_prepare(db, HELD_SQL("c.id = ? AND"));
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, client_id);
    size_t n = 0, cap = 4;
    struct held *k = arena_alloc(a, cap * sizeof *k);
    int64_t from_at = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        read_held(st, a, &k, &n, &cap, out, &from_at);
    }
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (n) {
        compute(a, k, n, from_at, day, out);
        *found = true;
    }
    return DB_OK;
}

static void bind_opt(struct db_stmt *st, int i, int64_t v)
{
    if (v) {
        db_bind_int(st, i, v);
    } else {
        db_bind_null(st, i);
    }
}

static int put(struct db *db, const struct visit_due *v)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO client_visits_due (client_id, worker_id, "
            "station_id, name, code, due_on, from_on, until_on) VALUES (?, "
            "?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET "
            "worker_id = excluded.worker_id, station_id = "
            "excluded.station_id, name = excluded.name, code = "
            "excluded.code, due_on = excluded.due_on, from_on = "
            "excluded.from_on, until_on = excluded.until_on");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, v->client_id);
    bind_opt(st, 2, v->worker_id);
    db_bind_int(st, 3, v->station_id);
    db_bind_text(st, 4, v->name);
    db_bind_text(st, 5, v->code);
    db_bind_text(st, 6, v->due_on);
    db_bind_text(st, 7, v->from_on);
    db_bind_text(st, 8, v->until_on);
    return db_step_later(st);
}

int visit_due_store_refresh(struct db *db, int64_t client_id)
{
    struct arena *a = arena_new(1024);
    struct visit_due v;
    bool found;
    int rc = visit_due_store_compute(db, a, client_id, today_of(a), &v,
                                     &found);
    if (rc == DB_OK && found) {
        rc = put(db, &v);
    } else if (rc == DB_OK) {
        struct db_stmt *st = db_prepare(
            db, "DELETE FROM client_visits_due WHERE client_id = ?");
        rc = DB_ERROR;
        if (st) {
            db_bind_int(st, 1, client_id);
            rc = store_step_done(st);
        }
    }
    arena_free(a);
    return rc;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int visit_due_store_refresh_ids(struct db *db, const int64_t *ids, size_t n)
{
    if (n == 0) {
        return DB_OK;
    }
    /* Ascending and once each, whatever order the caller lists them in:
     * two writers of the same clients (a record of [x, y] beside one of
     * [y, x]) then take their rows' locks in one order, and neither
     * waits on a row the other holds (PostgreSQL). */
    int64_t *sorted = xmalloc(n * sizeof *sorted);
    memcpy(sorted, ids, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_id);
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
            rc = visit_due_store_refresh(db, sorted[i]);
        }
    }
    free(sorted);
    return rc;
}

/* The schedules as one line ("code=days;…"), what the kept rows were
 * computed with. */
static const char *stamp_of(struct arena *a, const struct visit_schedule *s,
                            size_t n)
{
    const char *out = "v1;";
    for (size_t i = 0; i < n; i++) {
        out = arena_printf(a, "%s%s=%d;", out, s[i].category,
                           s[i].every_days);
    }
    return out;
}

static int exec_done(struct db *db, const char *sql)
{
    struct db_stmt *st = db_prepare(db, sql);
    return st ? store_step_done(st) : DB_ERROR;
}

/* Whether id is among ids[0..n), ascending. */
static bool among(const int64_t *ids, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < n && ids[lo] == id;
}

/* Writes the row of each client HELD_SQL's st reads (ordered by client),
 * or of those among only[0..n_only) when only is not NULL. A client's
 * rows are collected and written when the next client's start. */
static int put_held(struct db *db, struct db_stmt *st, const char *day,
                    const int64_t *only, size_t n_only)
{
    struct arena *a = arena_new(4096);
    size_t n = 0, cap = 8;
    struct held *k = arena_alloc(a, cap * sizeof *k);
    struct visit_due v = {0};
    int64_t from_at = 0;
    int rc = DB_OK;
    for (;;) {
        int step = db_step(st);
        if (step != DB_ROW && step != DB_DONE) {
            rc = step < 0 ? step : DB_ERROR;
            break;
        }
        int64_t id = step == DB_ROW ? db_col_int(st, 0) : 0;
        if (n && id != v.client_id) {
            compute(a, k, n, from_at, day, &v);
            if ((!only || among(only, n_only, v.client_id)) &&
                (rc = put(db, &v)) != DB_OK) {
                break;
            }
            n = 0;
            arena_free(a);
            a = arena_new(4096);
            cap = 8;
            k = arena_alloc(a, cap * sizeof *k);
        }
        if (step == DB_DONE) {
            break;
        }
        read_held(st, a, &k, &n, &cap, &v, &from_at);
    }
    db_reset(st);
    arena_free(a);
    return rc;
}

/* Every active client's scheduled categories, by client, with the instant
 * its visits count from. */
static int refill(struct db *db, const char *day)
{
    int rc = exec_done(db, "DELETE FROM client_visits_due");
    if (rc != DB_OK) {
        return rc;
    }
    struct db_stmt *st = db_prepare(db, HELD_SQL("") " ORDER BY c.id");
    return st ? put_held(db, st, day, NULL, 0) : DB_ERROR;
}

int visit_due_store_refresh_new(struct db *db, const int64_t *ids, size_t n)
{
    if (n == 0) {
        return DB_OK;
    }
    /* Between the first and the last: on PostgreSQL, clients another
     * connection created meanwhile may lie there too, and are left as
     * they are. */
    struct db_stmt *st = db_prepare(
        db, HELD_SQL("c.id >= ? AND c.id <= ? AND") " ORDER BY c.id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, ids[0]);
    db_bind_int(st, 2, ids[n - 1]);
    struct arena *a = arena_new(64);
    int rc = put_held(db, st, today_of(a), ids, n);
    arena_free(a);
    return rc;
}

int visit_due_store_sync(struct db *db, const struct visit_schedule *s,
                         size_t n, bool force, bool *refilled)
{
    struct arena *a = arena_new(1024);
    const char *stamp = stamp_of(a, s, n);
    if (refilled) {
        *refilled = false;
    }
    struct db_stmt *st = db_prepare(
        db, "SELECT schedules FROM client_visits_due_state WHERE id = 1");
    int rc = st ? db_step(st) : DB_ERROR;
    bool same = rc == DB_ROW && strcmp(db_col_text(st, 0), stamp) == 0;
    if (st) {
        db_reset(st);
    }
    if (rc != DB_ROW && rc != DB_DONE) {
        arena_free(a);
        return rc < 0 ? rc : DB_ERROR;
    }
    if (same && !force) {
        arena_free(a);
        return DB_OK;
    }
    rc = db_begin(db);
    if (rc == DB_OK) {
        rc = exec_done(db, "DELETE FROM visit_schedules_kept");
    }
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        st = db_prepare(db, "INSERT INTO visit_schedules_kept (code, "
                            "every_days) VALUES (?, ?) ON CONFLICT (code) "
                            "DO NOTHING");
        if (!st) {
            rc = DB_ERROR;
            break;
        }
        db_bind_text(st, 1, s[i].category);
        db_bind_int(st, 2, s[i].every_days);
        rc = store_step_done(st);
    }
    if (rc == DB_OK) {
        rc = refill(db, today_of(a));
    }
    if (rc == DB_OK && (st = db_prepare(
                            db, "INSERT INTO client_visits_due_state (id, "
                                "schedules) VALUES (1, ?) ON CONFLICT (id) "
                                "DO UPDATE SET schedules = "
                                "excluded.schedules")) != NULL) {
        db_bind_text(st, 1, stamp);
        rc = store_step_done(st);
    } else if (rc == DB_OK) {
        rc = DB_ERROR;
    }
    rc = rc == DB_OK ? db_commit(db) : rc;
    if (rc != DB_OK) {
        db_rollback(db);
    } else if (refilled) {
        *refilled = true;
    }
    arena_free(a);
    return rc;
}

/* Rows of: client, station, worker, name, code, due_on and, when
 * windows, from_on and until_on (otherwise "" and NULL: rows of today). */
static int read_rows(struct db_stmt *st, struct arena *a, bool windows,
                     struct visit_due **out, size_t *n)
{
    size_t cap = 16;
    *out = arena_alloc(a, cap * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct visit_due *v = &(*out)[(*n)++];
        v->client_id = db_col_int(st, 0);
        v->station_id = db_col_int(st, 1);
        v->worker_id = db_col_int(st, 2);
        v->name = store_text(a, st, 3);
        v->code = store_text_opt(a, st, 4);
        v->due_on = store_text_opt(a, st, 5);
        v->from_on = windows ? store_text(a, st, 6) : "";
        v->until_on = windows ? store_text_opt(a, st, 7) : NULL;
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

#define READ_SQL(owner)                                                     \
    "SELECT v.client_id, v.station_id, v.worker_id, v.name, v.code, "       \
    "v.due_on, v.from_on, v.until_on FROM client_visits_due v JOIN "        \
    "stations s ON s.id = v.station_id WHERE " SCOPE_WHERE " AND " owner    \
    " = ?"

int visit_due_store_read(struct db *db, struct arena *a,
                         const struct scope *sc, struct task_owner o,
                         struct visit_due **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, o.worker_id ? READ_SQL("v.worker_id") : READ_SQL("v.station_id"));
    if (!st) {
        return DB_ERROR;
    }
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, o.worker_id ? o.worker_id : o.station_id);
    return read_rows(st, a, true, out, n);
}

/* A worker's rows are read at one station (the index leads with worker
 * and station); a station's with the station twice. */
#define COUNTS_SQL(owner)                                                   \
    "SELECT (SELECT COUNT(*) FROM client_visits_due v WHERE " owner " AND " \
    "v.due_on < ?), (SELECT COUNT(*) FROM client_visits_due v WHERE " owner \
    " AND v.due_on >= ? AND v.due_on <= ?), (SELECT COUNT(*) FROM "         \
    "client_visits_due v WHERE " owner " AND v.due_on >= ?)"
#define W_OWNER "v.worker_id = ? AND v.station_id = ?"
#define S_OWNER "v.station_id = ? AND v.station_id = ?"

static void bind_owner(struct db_stmt *st, int i, struct task_owner o,
                       int64_t station_id)
{
    db_bind_int(st, i, o.worker_id ? o.worker_id : station_id);
    db_bind_int(st, i + 1, station_id);
}

int visit_due_store_fresh(struct db *db, const char *today, bool *fresh)
{
    /* Two ends of two indexes. */
    struct db_stmt *st = db_prepare(
        db, "SELECT (SELECT MIN(until_on) FROM client_visits_due), (SELECT "
            "MAX(from_on) FROM client_visits_due)");
    if (!st) {
        return DB_ERROR;
    }
    int rc = db_step(st);
    if (rc == DB_ROW) {
        const char *until = db_col_null(st, 0) ? NULL : db_col_text(st, 0);
        const char *from = db_col_null(st, 1) ? "" : db_col_text(st, 1);
        *fresh = (!until || strcmp(until, today) > 0) &&
                 strcmp(from, today) <= 0;
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int visit_due_store_refresh_stale(struct db *db, const char *today)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT client_id FROM client_visits_due WHERE until_on <= ? "
            "UNION SELECT client_id FROM client_visits_due WHERE from_on > ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, today);
    db_bind_text(st, 2, today);
    size_t n = 0, cap = 64;
    int64_t *ids = xmalloc(cap * sizeof *ids);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            cap *= 2;
            ids = xrealloc(ids, cap * sizeof *ids);
        }
        ids[n++] = db_col_int(st, 0);
    }
    db_reset(st);
    rc = rc == DB_DONE ? visit_due_store_refresh_ids(db, ids, n)
                       : (rc < 0 ? rc : DB_ERROR);
    free(ids);
    return rc;
}

int visit_due_store_summary(struct db *db, const struct scope *sc,
                            struct task_owner o, const char *today,
                            const char *week_end, struct visit_due_sum *out)
{
    memset(out, 0, sizeof *out);
    int64_t station = o.station_id;
    int rc;
    struct db_stmt *st;
    if (o.worker_id) {
        /* Of one station? Two ends of the worker's index range. */
        st = db_prepare(db, "SELECT MIN(station_id), MAX(station_id) FROM "
                            "client_visits_due WHERE worker_id = ?");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, o.worker_id);
        rc = db_step(st);
        bool none = rc == DB_ROW && db_col_null(st, 0);
        int64_t lo = rc == DB_ROW ? db_col_int(st, 0) : 0;
        int64_t hi = rc == DB_ROW ? db_col_int(st, 1) : 0;
        db_reset(st);
        if (rc != DB_ROW) {
            return rc < 0 ? rc : DB_ERROR;
        }
        out->uniform = none || lo == hi;
        if (none || lo != hi) {
            return DB_OK;
        }
        station = lo;
    }
    out->uniform = true;
    /* The scope is asked once for the station, not per row. */
    st = db_prepare(db, "SELECT 1 FROM stations s WHERE " SCOPE_WHERE
                        " AND s.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, station);
    rc = db_step(st);
    db_reset(st);
    if (rc == DB_DONE) {
        return DB_OK;
    }
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    out->station_id = station;
    st = db_prepare(db, o.worker_id ? COUNTS_SQL(W_OWNER)
                                    : COUNTS_SQL(S_OWNER));
    if (!st) {
        return DB_ERROR;
    }
    bind_owner(st, 1, o, station);
    db_bind_text(st, 3, today);
    bind_owner(st, 4, o, station);
    db_bind_text(st, 6, today);
    db_bind_text(st, 7, week_end);
    bind_owner(st, 8, o, station);
    db_bind_text(st, 10, today);
    rc = db_step(st);
    if (rc == DB_ROW) {
        out->overdue = db_col_int(st, 0);
        out->week = db_col_int(st, 1);
        out->all = out->overdue + db_col_int(st, 2);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

#define PAGE_SQL(owner)                                                     \
    "SELECT v.client_id, v.station_id, v.worker_id, v.name, v.code, "       \
    "v.due_on FROM client_visits_due v WHERE " owner " AND v.due_on >= ? "  \
    "AND v.due_on < ? ORDER BY v.due_on, v.client_id LIMIT ?"

int visit_due_store_first(struct db *db, struct arena *a,
                          struct task_owner o, int64_t station_id,
                          const char *from, const char *before,
                          int64_t limit, struct visit_due **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, o.worker_id ? PAGE_SQL(W_OWNER) : PAGE_SQL(S_OWNER));
    if (!st) {
        return DB_ERROR;
    }
    bind_owner(st, 1, o, station_id);
    db_bind_text(st, 3, from);
    db_bind_text(st, 4, before);
    db_bind_int(st, 5, limit);
    return read_rows(st, a, false, out, n);
}
