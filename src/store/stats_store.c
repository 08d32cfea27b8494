#include "stats_store.h"

#include <stdio.h>
#include <stdlib.h>

#include "../util/cn_time.h"
#include "columns.h"

/* One station's month: the records that started in it. */
#define BUCKET "v.station_id = ? AND v.started_at >= ? AND v.started_at < ?"

static const char *const clear_bucket[] = {
    "DELETE FROM stats_services WHERE station_id = ? AND month = ?",
    "DELETE FROM stats_categories WHERE station_id = ? AND month = ?",
    "DELETE FROM stats_distinct WHERE dim IN ('', 'type', 'area', "
    "'category', 'group') AND station_id = ? AND month = ?",
};

/* Each with BUCKET's three parameters `repeat` times. */
static const struct {
    const char *sql;
    int repeat;
} fill_bucket[] = {
    {"INSERT INTO stats_services (station_id, month, type, area, records, "
     "pairs, extra, minutes, resource_fen) " STATS_SERVICES_DEF(BUCKET),
     1},
    {"INSERT INTO stats_categories (station_id, month, category, type, "
     "area, pairs) " STATS_CATEGORIES_DEF(BUCKET),
     1},
    {"INSERT INTO stats_distinct (dim, station_id, month, value, "
     "item) " STATS_DISTINCT_DEF(BUCKET),
     5},
};

static const char *const fill_all[] = {
    "INSERT INTO stats_services (station_id, month, type, area, records, "
    "pairs, extra, minutes, resource_fen) " STATS_SERVICES_DEF("1 = 1"),
    "INSERT INTO stats_categories (station_id, month, category, type, "
    "area, pairs) " STATS_CATEGORIES_DEF("1 = 1"),
    "INSERT INTO stats_distinct (dim, station_id, month, value, "
    "item) " STATS_DISTINCT_DEF("1 = 1"),
};

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

int stats_store_refresh(struct db *db, int64_t station_id, int64_t started_at)
{
    struct cn_date d = cn_date_of(started_at);
    char month[16];
    snprintf(month, sizeof month, "%04d-%02d", d.year, d.month);
    int64_t from = month_start(d.year, d.month);
    int64_t to = d.month == 12 ? month_start(d.year + 1, 1)
                               : month_start(d.year, d.month + 1);
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
         rc == DB_OK && i < sizeof fill_bucket / sizeof fill_bucket[0]; i++) {
        if (!(st = db_prepare(db, fill_bucket[i].sql))) {
            return DB_ERROR;
        }
        for (int k = 0; k < fill_bucket[i].repeat; k++) {
            db_bind_int(st, 3 * k + 1, station_id);
            db_bind_int(st, 3 * k + 2, from);
            db_bind_int(st, 3 * k + 3, to);
        }
        rc = store_step_done(st);
    }
    return rc;
}

int stats_store_refresh_client(struct db *db, int64_t client_id)
{
    /* One record per station and month is enough to name the bucket;
     * the buckets are few, so they are gathered before any is
     * rewritten. */
    struct db_stmt *st = db_prepare(
        db, "SELECT v.station_id, MIN(v.started_at) FROM service_clients c "
            "JOIN services v ON v.id = c.service_id WHERE c.client_id = ? "
            "GROUP BY v.station_id, " STATS_MONTH_OF("v.service_day"));
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
    rc = db_exec(db, "DELETE FROM stats_services; DELETE FROM "
                     "stats_categories; DELETE FROM stats_distinct; "
                     "DELETE FROM stats_state");
    for (size_t i = 0; rc == DB_OK && i < sizeof fill_all / sizeof fill_all[0];
         i++) {
        struct db_stmt *st = db_prepare(db, fill_all[i]);
        rc = st ? store_step_done(st) : DB_ERROR;
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
