#include "stats_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/strbuf.h"
#include "columns.h"

/* One station's month: the records that started in it. */
#define BUCKET "v.station_id = ? AND v.started_at >= ? AND v.started_at < ?"

static const char *const clear_bucket[] = {
    "DELETE FROM stats_services WHERE station_id = ? AND month = ?",
    "DELETE FROM stats_months WHERE station_id = ? AND month = ?",
    "DELETE FROM stats_category_months WHERE station_id = ? AND month = ?",
    "DELETE FROM stats_categories WHERE station_id = ? AND month = ?",
    ("DELETE FROM stats_distinct WHERE dim IN ('', 'type', 'area', "
     "'category', 'group') AND station_id = ? AND month = ?"),
};

/* With BUCKET's three parameters. */
static const char *const fill_bucket[] = {
    "INSERT INTO stats_services (station_id, month, type, area, records, "
    "pairs, extra, minutes, resource_fen, resolved) "
    STATS_SERVICES_DEF(BUCKET),
    "INSERT INTO stats_categories (station_id, month, category, type, "
    "area, pairs) " STATS_CATEGORIES_DEF(BUCKET),
};
/* From the bucket's stats_services: station, month. */
/* From the bucket's stats_services and stats_categories: station,
 * month. */
static const char *const fill_coarse[] = {
    "INSERT INTO stats_months " STATS_MONTHS_DEF(
        "stats_services", "station_id = ? AND month = ?"),
    "INSERT INTO stats_category_months " STATS_CATEGORY_MONTHS_DEF(
        "stats_categories", "station_id = ? AND month = ?"),
};
/* The members of the bucket's sets, set by set (BUCKET five times). */
static const char *const members =
    "SELECT dim, value, item FROM (" STATS_DISTINCT_DEF(BUCKET) ") x "
    "ORDER BY dim, value, item";

static const char *const fill_all[] = {
    "INSERT INTO stats_services (station_id, month, type, area, records, "
    "pairs, extra, minutes, resource_fen, resolved) "
    STATS_SERVICES_DEF("1 = 1"),
    "INSERT INTO stats_months " STATS_MONTHS_DEF("stats_services", "1 = 1"),
    "INSERT INTO stats_categories (station_id, month, category, type, "
    "area, pairs) " STATS_CATEGORIES_DEF("1 = 1"),
    "INSERT INTO stats_category_months " STATS_CATEGORY_MONTHS_DEF(
        "stats_categories", "1 = 1"),
};

int stats_set_decode(const char *text, int64_t **ids, size_t *n,
                     size_t *cap)
{
    /* By hand: strtoll's locale handling was most of a county's year. */
    int64_t last = 0;
    const char *p = text;
    while (*p) {
        int64_t d = 0;
        const char *start = p;
        while (*p >= '0' && *p <= '9' && p - start < 18) {
            d = d * 10 + (*p++ - '0');
        }
        if (p == start || (*p && *p != ',')) {
            return -1;
        }
        if (*n == *cap) {
            size_t c = *cap ? *cap * 2 : 256;
            int64_t *grown = realloc(*ids, c * sizeof **ids);
            if (!grown) {
                return -1;
            }
            *ids = grown, *cap = c;
        }
        last += d;
        (*ids)[(*n)++] = last;
        p += *p == ',';
    }
    return 0;
}

/* Writes one set of the bucket. */
static int put_set(struct db *db, const char *dim, int64_t station_id,
                   const char *month, const char *value,
                   const struct strbuf *items, int64_t n)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO stats_distinct (dim, station_id, month, value, "
            "items, n) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, dim);
    db_bind_int(st, 2, station_id);
    db_bind_text(st, 3, month);
    db_bind_text(st, 4, value);
    db_bind_text(st, 5, items->buf);
    db_bind_int(st, 6, n);
    return store_step_done(st);
}

/* The bucket's sets, from its members in order. */
static int fill_sets(struct db *db, int64_t station_id, const char *month,
                     int64_t from, int64_t to)
{
    struct db_stmt *st = db_prepare(db, members);
    if (!st) {
        return DB_ERROR;
    }
    for (int k = 0; k < 5; k++) {
        db_bind_int(st, 3 * k + 1, station_id);
        db_bind_int(st, 3 * k + 2, from);
        db_bind_int(st, 3 * k + 3, to);
    }
    /* Sets are written once the reading is done: one statement at a
     * time on a connection. */
    struct strbuf keys, sets;
    strbuf_init(&keys); /* dim NUL value NUL, per set */
    strbuf_init(&sets); /* items NUL n NUL, per set */
    char dim[16] = "", value[200] = "";
    int64_t last = 0, n = 0;
    bool open = false;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *d = db_col_text(st, 0), *v = db_col_text(st, 1);
        int64_t item = db_col_int(st, 2);
        if (!open || strcmp(d, dim) != 0 || strcmp(v, value) != 0) {
            if (open) {
                strbuf_printf(&sets, "%c%lld", 0, (long long)n);
                strbuf_add(&sets, "", 1);
            }
            snprintf(dim, sizeof dim, "%s", d);
            snprintf(value, sizeof value, "%s", v);
            strbuf_add(&keys, dim, strlen(dim) + 1);
            strbuf_add(&keys, value, strlen(value) + 1);
            open = true;
            last = 0, n = 0;
        }
        strbuf_printf(&sets, n ? ",%lld" : "%lld", (long long)(item - last));
        last = item;
        n++;
    }
    db_reset(st);
    if (open) {
        strbuf_printf(&sets, "%c%lld", 0, (long long)n);
        strbuf_add(&sets, "", 1);
    }
    rc = rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    const char *k = keys.buf, *x = sets.buf;
    while (rc == DB_OK && k && k < keys.buf + keys.len) {
        const char *d = k, *v = k + strlen(k) + 1;
        const char *count = x + strlen(x) + 1;
        struct strbuf items = {.buf = (char *)x, .len = strlen(x)};
        rc = put_set(db, d, station_id, month, v, &items, atoll(count));
        k = v + strlen(v) + 1;
        x = count + strlen(count) + 1;
    }
    strbuf_free(&keys);
    strbuf_free(&sets);
    return rc;
}

/* A Beijing month's first instant. */
static int64_t month_start(int year, int month)
{
    return cn_days_from_civil(year, month, 1) * 86400 - CN_UTC_OFFSET;
}

bool stats_same_month(int64_t a, int64_t b)
{
    struct cn_date x = cn_date_of(a), y = cn_date_of(b);
    return x.year == y.year && x.month == y.month;
}

/* A month's text and its first and next month's first instants. */
static void month_bounds(int year, int month, char text[16], int64_t *from,
                         int64_t *to)
{
    snprintf(text, 16, "%04d-%02d", year % 10000, month % 100);
    *from = month_start(year, month);
    *to = month == 12 ? month_start(year + 1, 1) : month_start(year, month + 1);
}

int stats_store_refresh(struct db *db, int64_t station_id, int64_t started_at)
{
    struct cn_date d = cn_date_of(started_at);
    char month[16];
    int64_t from, to;
    month_bounds(d.year, d.month, month, &from, &to);
    /* Two writers of one station's month must not both recount it from
     * what they saw before the other committed (PostgreSQL): the
     * station's row is their queue. */
    struct db_stmt *st =
        db_prepare(db, "UPDATE stations SET version = version WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, station_id);
    int rc = store_step_done(st);
    for (size_t i = 0;
         rc == DB_OK && i < sizeof clear_bucket / sizeof clear_bucket[0];
         i++) {
        if (!(st = db_prepare(db, clear_bucket[i]))) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, station_id);
        db_bind_text(st, 2, month);
        rc = store_step_done(st);
    }
    for (size_t i = 0;
         rc == DB_OK && i < sizeof fill_bucket / sizeof fill_bucket[0];
         i++) {
        if (!(st = db_prepare(db, fill_bucket[i]))) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, station_id);
        db_bind_int(st, 2, from);
        db_bind_int(st, 3, to);
        rc = store_step_done(st);
    }
    for (size_t i = 0;
         rc == DB_OK && i < sizeof fill_coarse / sizeof fill_coarse[0];
         i++) {
        if (!(st = db_prepare(db, fill_coarse[i]))) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, station_id);
        db_bind_text(st, 2, month);
        rc = store_step_done(st);
    }
    return rc == DB_OK ? fill_sets(db, station_id, month, from, to) : rc;
}

int stats_store_refresh_client(struct db *db, int64_t client_id)
{
    /* One record per station and month is enough to name the bucket;
     * the buckets are few, so they are gathered before any is
     * rewritten. In ascending station order: each refresh locks its
     * station's row, and two writers locking the same stations in
     * opposite orders would deadlock (PostgreSQL). */
    struct db_stmt *st = db_prepare(
        db, "SELECT v.station_id, MIN(v.started_at) FROM service_clients c "
            "JOIN services v ON v.id = c.service_id WHERE c.client_id = ? "
            "GROUP BY v.station_id, " STATS_MONTH_OF("v.service_day")
            " ORDER BY 1, 2");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, client_id);
    size_t n = 0, cap = 0;
    int64_t(*b)[2] = NULL;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t(*nb)[2] = realloc(b, cap * sizeof *b);
            if (!nb) {
                rc = DB_ERROR;
                break;
            }
            b = nb;
        }
        b[n][0] = db_col_int(st, 0);
        b[n][1] = db_col_int(st, 1);
        n++;
    }
    db_reset(st);
    rc = rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        rc = stats_store_refresh(db, b[i][0], b[i][1]);
    }
    free(b);
    return rc;
}

/* Every bucket's sets, one station's month at a time: the months with
 * records are those stats_services holds. */
static int fill_all_sets(struct db *db)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT DISTINCT station_id, month FROM stats_services");
    if (!st) {
        return DB_ERROR;
    }
    struct bucket {
        int64_t station_id;
        int year, month;
    } *b = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            struct bucket *grown = realloc(b, cap * sizeof *b);
            if (!grown) {
                rc = DB_ERROR;
                break;
            }
            b = grown;
        }
        const char *m = db_col_text(st, 1);
        b[n++] = (struct bucket){db_col_int(st, 0), atoi(m), atoi(m + 5)};
    }
    db_reset(st);
    rc = rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        char month[16];
        int64_t from, to;
        month_bounds(b[i].year, b[i].month, month, &from, &to);
        rc = fill_sets(db, b[i].station_id, month, from, to);
    }
    free(b);
    return rc;
}

int stats_store_sync(struct db *db, bool force, bool *built)
{
    *built = false;
    int64_t n = 0;
    int rc = db_query_int(db, "SELECT COUNT(*) FROM stats_state", &n);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (n > 0 && !force) {
        return DB_OK;
    }
    if ((rc = db_begin(db)) != DB_OK) {
        return rc;
    }
    rc = db_exec(db, "DELETE FROM stats_services; DELETE FROM stats_months; "
                     "DELETE FROM stats_category_months; "
                     "DELETE FROM stats_categories; DELETE FROM "
                     "stats_distinct; DELETE FROM stats_state");
    for (size_t i = 0; rc == DB_OK && i < sizeof fill_all / sizeof fill_all[0];
         i++) {
        struct db_stmt *st = db_prepare(db, fill_all[i]);
        rc = st ? store_step_done(st) : DB_ERROR;
    }
    if (rc == DB_OK) {
        rc = fill_all_sets(db);
    }
    if (rc == DB_OK) {
        struct db_stmt *st = db_prepare(
            db, "INSERT INTO stats_state (id, built_at) VALUES (1, ?)");
        if (st) {
            db_bind_int(st, 1, cn_now());
            rc = store_step_done(st);
        } else {
            rc = DB_ERROR;
        }
    }
    if (rc == DB_OK && (rc = db_commit(db)) == DB_OK) {
        *built = true;
        return DB_OK;
    }
    db_rollback(db);
    return rc;
}
