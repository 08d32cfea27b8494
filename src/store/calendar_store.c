#include "calendar_store.h"

#include <stdio.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/parse.h"
#include "columns.h"

int calendar_store_load(struct db *db, struct arena *a, struct calendar *out)
{
    memset(out, 0, sizeof *out);
    bool opened = db_read_begin(db);
    struct db_stmt *st = db_prepare(
        db, "SELECT day, kind, name FROM calendar_days ORDER BY day");
    int rc = DB_ERROR;
    if (st) {
        size_t cap = 256;
        out->days = arena_alloc(a, cap * sizeof *out->days);
        while ((rc = db_step(st)) == DB_ROW) {
            int y, m, d;
            if (!parse_date(db_col_text(st, 0), &y, &m, &d)) {
                continue;
            }
            out->days = arena_grow(a, out->days, out->n_days, &cap,
                                   sizeof *out->days);
            struct calendar_day *c = &out->days[out->n_days++];
            c->day = cn_days_from_civil(y, m, d);
            c->kind = strcmp(db_col_text(st, 1), "workday") == 0
                          ? CAL_WORKDAY
                          : CAL_HOLIDAY;
            c->name = store_text(a, st, 2);
        }
        db_reset(st);
    }
    if (rc == DB_DONE) {
        st = db_prepare(db, "SELECT year FROM calendar_years ORDER BY year");
        rc = DB_ERROR;
        if (st) {
            size_t cap = 32;
            out->years = arena_alloc(a, cap * sizeof *out->years);
            while ((rc = db_step(st)) == DB_ROW) {
                out->years = arena_grow(a, out->years, out->n_years, &cap,
                                        sizeof *out->years);
                out->years[out->n_years++] = (int)db_col_int(st, 0);
            }
            db_reset(st);
        }
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int calendar_store_put_year(struct db *db, const struct calendar_year *y,
                            const char *source, int64_t now)
{
    char lo[16], hi[16];
    snprintf(lo, sizeof lo, "%04d-01-01", y->year);
    snprintf(hi, sizeof hi, "%04d-12-31", y->year);
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM calendar_days WHERE day >= ? AND day <= ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, lo);
    db_bind_text(st, 2, hi);
    int rc = store_step_done(st);
    for (size_t i = 0; rc == DB_OK && i < y->n_days; i++) {
        st = db_prepare(db, "INSERT INTO calendar_days (day, kind, name) "
                            "VALUES (?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        char day[11];
        cn_date_format(cn_civil_from_days(y->days[i].day), day);
        db_bind_text(st, 1, day);
        db_bind_text(st, 2, y->days[i].kind == CAL_WORKDAY ? "workday"
                                                           : "holiday");
        db_bind_text(st, 3, y->days[i].name);
        rc = store_step_done(st);
    }
    if (rc != DB_OK) {
        return rc;
    }
    st = db_prepare(db, "INSERT INTO calendar_years (year, source, "
                        "loaded_at) VALUES (?, ?, ?) ON CONFLICT (year) DO "
                        "UPDATE SET source = excluded.source, loaded_at = "
                        "excluded.loaded_at");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, y->year);
    db_bind_text(st, 2, source);
    db_bind_int(st, 3, now);
    return store_step_done(st);
}

int calendar_store_years(struct db *db, struct arena *a,
                         struct calendar_year_info **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT y.year, y.source, y.loaded_at, (SELECT COUNT(*) FROM "
            "calendar_days d WHERE d.day >= y.year || '-01-01' AND d.day <= "
            "y.year || '-12-31' AND d.kind = 'holiday'), (SELECT COUNT(*) "
            "FROM calendar_days d WHERE d.day >= y.year || '-01-01' AND "
            "d.day <= y.year || '-12-31' AND d.kind = 'workday') FROM "
            "calendar_years y ORDER BY y.year");
    if (!st) {
        return DB_ERROR;
    }
    size_t cap = 32;
    *out = arena_alloc(a, cap * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct calendar_year_info *y = &(*out)[(*n)++];
        y->year = (int)db_col_int(st, 0);
        y->source = store_text(a, st, 1);
        y->loaded_at = db_col_int(st, 2);
        y->holidays = db_col_int(st, 3);
        y->workdays = db_col_int(st, 4);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}
