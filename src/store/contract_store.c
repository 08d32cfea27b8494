#include "contract_store.h"

#include <stdio.h>
#include <string.h>

#include "columns.h"

/* The contract's 备案日期 is its copy's filing (备案管理): the date of its
 * contract_copy filing where one is recorded, else the contract's own
 * column. Both are written together (filing_store_update, and
 * contract_store_update below); the read covers rows from before that,
 * where one side was dated and the other not. */
#define C_FILED_ON                                                          \
    "COALESCE((SELECT MIN(cf.filed_on) FROM filings cf WHERE "              \
    "cf.contract_id = c.id AND cf.kind = 'contract_copy'), c.filed_on)"
#define C_COLS                                                              \
    "c.id, c.code, c.title, c.region_code, g.name, c.purchaser, "          \
    "c.organisation_id, o.name, c.procurement, c.cycle_years, "            \
    "c.cycle_year, c.amount_fen, c.signed_on, c.effective_on, "            \
    "c.starts_on, c.ends_on, " C_FILED_ON ", c.staff_in_place_on, "        \
    "c.previous_id, c.status, c.status_reason, c.status_on, "              \
    "c.requirements, c.liability, c.notes, c.version, c.created_by, "      \
    "c.created_at, c.updated_at"
#define C_FROM                                                              \
    " FROM contracts c JOIN organisations o ON o.id = c.organisation_id "  \
    "LEFT JOIN regions g ON g.code = c.region_code "
/* In the scope: one of its stations is, and for an org_admin the
 * contract is its organisation's; or it is the org_admin's own
 * organisation's, in force or not. Five parameters (bind_in_scope). */
#define C_IN_SCOPE                                                          \
    "(EXISTS (SELECT 1 FROM contract_stations cs JOIN stations s ON s.id = " \
    "cs.station_id WHERE cs.contract_id = c.id AND "                        \
    SCOPE_WHERE_OF_ORG("c.organisation_id") ") OR "                         \
    SCOPE_OWN_ORG("c.organisation_id") ") "

static void bind_in_scope(struct db_stmt *st, const struct scope *sc)
{
    scope_bind(st, 1, sc);
    scope_bind_own_org(st, 5, sc);
}

static void read_contract(struct db_stmt *st, struct arena *a,
                          struct contract *c)
{
    memset(c, 0, sizeof *c);
    c->id = db_col_int(st, 0);
    c->code = store_text(a, st, 1);
    c->title = store_text(a, st, 2);
    c->region_code = store_text(a, st, 3);
    c->region_name = store_text(a, st, 4);
    c->purchaser = store_text(a, st, 5);
    c->organisation_id = db_col_int(st, 6);
    c->organisation_name = store_text(a, st, 7);
    c->procurement = store_text(a, st, 8);
    c->cycle_years = db_col_int(st, 9);
    c->cycle_year = db_col_int(st, 10);
    c->amount_fen = db_col_int(st, 11);
    c->signed_on = store_text(a, st, 12);
    c->effective_on = store_text(a, st, 13);
    c->starts_on = store_text(a, st, 14);
    c->ends_on = store_text(a, st, 15);
    c->filed_on = store_text_opt(a, st, 16);
    c->staff_in_place_on = store_text_opt(a, st, 17);
    c->previous_id = db_col_int(st, 18);
    c->status = store_text(a, st, 19);
    c->status_reason = store_text(a, st, 20);
    c->status_on = store_text_opt(a, st, 21);
    c->requirements = store_text(a, st, 22);
    c->liability = store_text(a, st, 23);
    c->notes = store_text(a, st, 24);
    c->version = db_col_int(st, 25);
    c->created_by = db_col_int(st, 26);
    c->created_at = db_col_int(st, 27);
    c->updated_at = db_col_int(st, 28);
}

/* The stations of c, by the station's division code. */
static int read_stations(struct db *db, struct arena *a, struct contract *c)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT cs.station_id, cs.amount_fen, s.name, s.region_code, "
            "s.status FROM contract_stations cs JOIN stations s ON s.id = "
            "cs.station_id WHERE cs.contract_id = ? ORDER BY s.region_code, "
            "s.id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, c->id);
    size_t cap = 8;
    c->stations = arena_alloc(a, cap * sizeof *c->stations);
    c->n_stations = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (c->n_stations == cap) {
            struct contract_station *more =
                arena_alloc(a, 2 * cap * sizeof *more);
            memcpy(more, c->stations, cap * sizeof *more);
            c->stations = more;
            cap *= 2;
        }
        struct contract_station *x = &c->stations[c->n_stations++];
        x->station_id = db_col_int(st, 0);
        x->amount_fen = db_col_int(st, 1);
        x->station_name = store_text(a, st, 2);
        x->region_code = store_text(a, st, 3);
        x->status = store_text(a, st, 4);
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

#define C_FILTERS                                                           \
    "AND (? = 0 OR c.organisation_id = ?) AND (? = 0 OR EXISTS (SELECT 1 "  \
    "FROM contract_stations f WHERE f.contract_id = c.id AND f.station_id " \
    "= ?)) AND (? = '' OR c.status = ?) AND c.starts_on <= ? AND "          \
    "c.ends_on >= ? "

/* Binds C_FILTERS from index first (eight parameters). */
static void bind_filters(struct db_stmt *st, int first,
                         const struct contract_filter *f)
{
    char lo[24], hi[24];
    if (f->year > 0) {
        snprintf(lo, sizeof lo, "%04d-01-01", f->year);
        snprintf(hi, sizeof hi, "%04d-12-31", f->year);
    } else {
        snprintf(lo, sizeof lo, "0000-00-00");
        snprintf(hi, sizeof hi, "9999-99-99");
    }
    db_bind_int(st, first, f->organisation_id);
    db_bind_int(st, first + 1, f->organisation_id);
    db_bind_int(st, first + 2, f->station_id);
    db_bind_int(st, first + 3, f->station_id);
    db_bind_text(st, first + 4, f->status ? f->status : "");
    db_bind_text(st, first + 5, f->status ? f->status : "");
    db_bind_text(st, first + 6, hi);
    db_bind_text(st, first + 7, lo);
}

int contract_store_list(struct db *db, struct arena *a, const struct scope *sc,
                        const struct contract_filter *f, int limit,
                        int64_t offset, struct contract **out, size_t *n,
                        int64_t *total)
{
    bool opened = db_read_begin(db);
    *n = 0;
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM contracts c WHERE " C_IN_SCOPE C_FILTERS);
    int rc = DB_ERROR;
    if (st) {
        bind_in_scope(st, sc);
        bind_filters(st, 6, f);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        rc = DB_ERROR;
        st = db_prepare(db, "SELECT " C_COLS C_FROM "WHERE " C_IN_SCOPE
                            C_FILTERS "ORDER BY c.starts_on DESC, c.id DESC "
                            "LIMIT ? OFFSET ?");
        if (st) {
            bind_in_scope(st, sc);
            bind_filters(st, 6, f);
            db_bind_int(st, 14, limit);
            db_bind_int(st, 15, offset);
            *out = arena_alloc(a, sizeof **out *
                                      (size_t)(limit > 0 ? limit : 1));
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
                read_contract(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    for (size_t i = 0; rc == DB_DONE && i < *n; i++) {
        int r2 = read_stations(db, a, &(*out)[i]);
        if (r2 != DB_OK) {
            rc = r2;
        }
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int contract_store_get(struct db *db, struct arena *a, const struct scope *sc,
                       int64_t id, struct contract *out)
{
    bool opened = db_read_begin(db);
    struct db_stmt *st = db_prepare(
        db, "SELECT " C_COLS C_FROM "WHERE " C_IN_SCOPE "AND c.id = ?");
    int rc = DB_ERROR;
    if (st) {
        bind_in_scope(st, sc);
        db_bind_int(st, 6, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
            read_contract(st, a, out);
        }
        db_reset(st);
    }
    if (rc == DB_ROW) {
        int r2 = read_stations(db, a, out);
        if (r2 != DB_OK) {
            rc = r2;
        }
    }
    db_read_end(db, opened);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

static int write_stations(struct db *db, const struct contract *c,
                          int64_t id)
{
    struct db_stmt *st =
        db_prepare(db, "DELETE FROM contract_stations WHERE contract_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = store_step_done(st);
    for (size_t i = 0; rc == DB_OK && i < c->n_stations; i++) {
        st = db_prepare(db, "INSERT INTO contract_stations (contract_id, "
                            "station_id, amount_fen) VALUES (?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, c->stations[i].station_id);
        db_bind_int(st, 3, c->stations[i].amount_fen);
        rc = store_step_done(st);
    }
    return rc;
}

/* code … notes: parameters 1-22. */
static void bind_fields(struct db_stmt *st, const struct contract *c)
{
    db_bind_text(st, 1, c->code);
    db_bind_text(st, 2, c->title);
    db_bind_text(st, 3, c->region_code);
    db_bind_text(st, 4, c->purchaser);
    db_bind_int(st, 5, c->organisation_id);
    db_bind_text(st, 6, c->procurement);
    db_bind_int(st, 7, c->cycle_years);
    db_bind_int(st, 8, c->cycle_year);
    db_bind_int(st, 9, c->amount_fen);
    db_bind_text(st, 10, c->signed_on);
    db_bind_text(st, 11, c->effective_on);
    db_bind_text(st, 12, c->starts_on);
    db_bind_text(st, 13, c->ends_on);
    db_bind_text(st, 14, c->filed_on);
    db_bind_text(st, 15, c->staff_in_place_on);
    if (c->previous_id > 0) {
        db_bind_int(st, 16, c->previous_id);
    } else {
        db_bind_null(st, 16);
    }
    db_bind_text(st, 17, c->status);
    db_bind_text(st, 18, c->status_reason ? c->status_reason : "");
    db_bind_text(st, 19, c->status_on);
    db_bind_text(st, 20, c->requirements ? c->requirements : "");
    db_bind_text(st, 21, c->liability ? c->liability : "");
    db_bind_text(st, 22, c->notes ? c->notes : "");
}

int contract_store_insert(struct db *db, const struct contract *c,
                          int64_t user_id, int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO contracts (code, title, region_code, purchaser, "
            "organisation_id, procurement, cycle_years, cycle_year, "
            "amount_fen, signed_on, effective_on, starts_on, ends_on, "
            "filed_on, staff_in_place_on, previous_id, status, "
            "status_reason, status_on, requirements, liability, notes, "
            "version, created_by, created_at, updated_at) VALUES (?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, "
            "?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    bind_fields(st, c);
    if (user_id > 0) {
        db_bind_int(st, 23, user_id);
    } else {
        db_bind_null(st, 23);
    }
    db_bind_int(st, 24, now);
    db_bind_int(st, 25, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    return write_stations(db, c, *id);
}

int contract_store_update(struct db *db, const struct contract *c,
                          int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE contracts SET code = ?, title = ?, region_code = ?, "
            "purchaser = ?, organisation_id = ?, procurement = ?, "
            "cycle_years = ?, cycle_year = ?, amount_fen = ?, signed_on = "
            "?, effective_on = ?, starts_on = ?, ends_on = ?, filed_on = ?, "
            "staff_in_place_on = ?, previous_id = ?, status = ?, "
            "status_reason = ?, status_on = ?, requirements = ?, liability "
            "= ?, notes = ?, version = version + 1, updated_at = ? WHERE id "
            "= ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_fields(st, c);
    db_bind_int(st, 23, now);
    db_bind_int(st, 24, c->id);
    db_bind_int(st, 25, expected_version);
    int rc = store_step_changed(st);
    if (rc == DB_OK) {
        rc = write_stations(db, c, c->id);
    }
    /* The 备案日期 typed on the contract is its copy's filing: the filing
     * record (备案管理) gets the same day, after the contract's row, in
     * the order a filing's own write takes them. */
    if (rc == DB_OK) {
        st = db_prepare(
            db, "UPDATE filings SET filed_on = ?, version = version + 1, "
                "updated_at = ? WHERE contract_id = ? AND kind = "
                "'contract_copy' AND COALESCE(filed_on, '') <> "
                "COALESCE(?, '')");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_text(st, 1, c->filed_on);
        db_bind_int(st, 2, now);
        db_bind_int(st, 3, c->id);
        db_bind_text(st, 4, c->filed_on);
        rc = store_step_done(st);
    }
    return rc;
}

int contract_store_refresh_in_force(struct db *db, const char *today)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE contracts SET in_force = CASE WHEN status = 'active' AND "
            "starts_on <= ? AND ends_on >= ? THEN 1 ELSE 0 END WHERE "
            "in_force <> CASE WHEN status = 'active' AND starts_on <= ? AND "
            "ends_on >= ? THEN 1 ELSE 0 END");
    if (!st) {
        return DB_ERROR;
    }
    for (int i = 1; i <= 4; i++) {
        db_bind_text(st, i, today);
    }
    return store_step_done(st);
}

int contract_store_touch(struct db *db, int64_t id, int64_t expected_version,
                         int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE contracts SET version = version + 1, updated_at = ? "
            "WHERE id = ? AND version = ? AND status = 'active'");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_int(st, 2, id);
    db_bind_int(st, 3, expected_version);
    return store_step_changed(st);
}

int contract_store_successor(struct db *db, int64_t id, int64_t *next)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT MIN(id) FROM contracts WHERE previous_id = ? AND status "
            "= 'active'");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    *next = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
