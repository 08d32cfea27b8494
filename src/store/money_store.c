#include "money_store.h"

#include <stdio.h>
#include <string.h>

#include "../core/region_code.h"
#include "columns.h"

/* A contract k in scope: its region inside the range, or one of its
 * stations in it (for an org_admin, a contract of its organisation), or
 * it is the org_admin's own organisation's, in force or not; eight
 * parameters (bind_contract_scope). */
#define K_SCOPE                                                             \
    "(? = 1 OR (k.region_code >= ? AND k.region_code <= ?) OR EXISTS "     \
    "(SELECT 1 FROM contract_stations cs JOIN stations s ON s.id = "        \
    "cs.station_id WHERE cs.contract_id = k.id AND "                        \
    SCOPE_WHERE_OF_ORG("k.organisation_id") ") OR "                         \
    SCOPE_OWN_ORG("k.organisation_id") ")"

/* A budget line b in scope: its region inside the range, the range
 * inside its region, or one of the user's stations in its region; five
 * parameters (bind_line_scope). */
#define B_SCOPE                                                             \
    "(? = 1 OR (b.region_code >= ? AND b.region_code <= ?) OR "             \
    "substr(?, 1, length(b.region_code)) = b.region_code OR EXISTS "        \
    "(SELECT 1 FROM user_stations us JOIN stations s ON s.id = "            \
    "us.station_id WHERE us.user_id = ? AND substr(s.region_code, 1, "      \
    "length(b.region_code)) = b.region_code))"

static void bind_range(struct db_stmt *st, int i, const struct scope *sc)
{
    char upper[13];
    db_bind_int(st, i, sc->all ? 1 : 0);
    if (sc->region_prefix) {
        region_code_upper(sc->region_prefix, upper);
        db_bind_text(st, i + 1, sc->region_prefix);
        db_bind_text(st, i + 2, upper);
    } else {
        db_bind_text(st, i + 1, "x");
        db_bind_text(st, i + 2, "");
    }
}

/* Returns the next free parameter. */
static int bind_contract_scope(struct db_stmt *st, int i,
                               const struct scope *sc)
{
    bind_range(st, i, sc);
    scope_bind(st, i + 3, sc);
    scope_bind_own_org(st, i + 7, sc);
    return i + 8;
}

static int bind_line_scope(struct db_stmt *st, int i, const struct scope *sc)
{
    bind_range(st, i, sc);
    db_bind_text(st, i + 3, sc->region_prefix ? sc->region_prefix : "-");
    db_bind_int(st, i + 4, sc->stations_of_user);
    return i + 5;
}

static int done(int rc)
{
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

static int one(int rc)
{
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

/* Runs a SELECT over rows of `size` bytes, reading each with read(). */
static int rows(struct db_stmt *st, struct arena *a, size_t size,
                size_t limit, void (*read)(struct db_stmt *, struct arena *,
                                           void *),
                void **out, size_t *n)
{
    *n = 0;
    size_t cap = 16;
    char *buf = arena_alloc(a, size * cap);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit) {
        if (*n == cap) {
            char *bigger = arena_alloc(a, size * cap * 2);
            memcpy(bigger, buf, size * cap);
            buf = bigger;
            cap *= 2;
        }
        read(st, a, buf + size * (*n)++);
    }
    db_reset(st);
    *out = buf;
    return done(rc);
}

static int count(struct db_stmt *st, int64_t *total)
{
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? DB_OK : done(rc);
}

/* Runs an INSERT … RETURNING id: DB_OK and *id, or the failure. */
static int inserted(struct db_stmt *st, int64_t *id)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

typedef int (*bind_fn)(struct db_stmt *st, const struct scope *sc,
                       const struct money_filter *f);
typedef void (*read_fn)(struct db_stmt *st, struct arena *a, void *p);

/* Runs a SELECT of one row into out: DB_ROW, DB_DONE or the failure. */
static int row_of(struct db_stmt *st, struct arena *a, read_fn read,
                  void *out)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read(st, a, out);
    }
    db_reset(st);
    return one(rc);
}

/* A page of a list: the total by count_sql, then f->limit rows from
 * f->offset by list_sql (which ends in LIMIT ? OFFSET ?), both bound by
 * bind, in one read snapshot. */
static int paged(struct db *db, struct arena *a, const struct scope *sc,
                 const struct money_filter *f, const char *count_sql,
                 const char *list_sql, bind_fn bind, size_t size,
                 read_fn read, void **out, size_t *n, int64_t *total)
{
    bool opened = db_read_begin(db);
    *n = 0;
    int rc = DB_ERROR;
    struct db_stmt *st = db_prepare(db, count_sql);
    if (st) {
        bind(st, sc, f);
        rc = count(st, total);
    }
    if (rc == DB_OK) {
        rc = DB_ERROR;
        st = db_prepare(db, list_sql);
        if (st) {
            int i = bind(st, sc, f);
            db_bind_int(st, i, f->limit);
            db_bind_int(st, i + 1, f->offset);
            rc = rows(st, a, size, (size_t)f->limit, read, out, n);
        }
    }
    db_read_end(db, opened);
    return rc;
}

/* ---- contracts ------------------------------------------------------ */

#define K_COLS                                                              \
    "k.id, k.organisation_id, k.amount_fen, k.code, k.title, "              \
    "k.region_code, k.signed_on, k.effective_on, k.starts_on, k.ends_on, "  \
    "k.status, k.status_on"

static void read_contract(struct db_stmt *st, struct arena *a, void *p)
{
    struct money_contract *k = p;
    k->id = db_col_int(st, 0);
    k->organisation_id = db_col_int(st, 1);
    k->amount_fen = db_col_int(st, 2);
    k->code = store_text(a, st, 3);
    k->title = store_text(a, st, 4);
    k->region_code = store_text(a, st, 5);
    k->signed_on = store_text(a, st, 6);
    k->effective_on = store_text(a, st, 7);
    k->starts_on = store_text(a, st, 8);
    k->ends_on = store_text(a, st, 9);
    k->status = store_text(a, st, 10);
    k->status_on = store_text_opt(a, st, 11);
}

int money_store_contract(struct db *db, struct arena *a,
                         const struct scope *sc, int64_t id,
                         struct money_contract *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " K_COLS " FROM contracts k WHERE k.id = ? AND " K_SCOPE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    bind_contract_scope(st, 2, sc);
    return row_of(st, a, read_contract, out);
}

int money_store_contracts(struct db *db, struct arena *a,
                          const struct scope *sc, struct money_contract **out,
                          size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " K_COLS " FROM contracts k WHERE " K_SCOPE
            " ORDER BY k.id");
    if (!st) {
        return DB_ERROR;
    }
    bind_contract_scope(st, 1, sc);
    return rows(st, a, sizeof **out, SIZE_MAX, read_contract, (void **)out,
                n);
}

static int exists(struct db_stmt *st, bool *yes)
{
    int rc = db_step(st);
    *yes = rc == DB_ROW;
    db_reset(st);
    return rc == DB_ROW ? DB_OK : done(rc);
}

int money_store_contract_has_type(struct db *db, int64_t contract_id,
                                  const char *type, bool *yes)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT 1 FROM contract_stations cs JOIN stations s ON s.id = "
            "cs.station_id WHERE cs.contract_id = ? AND s.type = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, contract_id);
    db_bind_text(st, 2, type);
    return exists(st, yes);
}

int money_store_contract_first_station(struct db *db, int64_t contract_id,
                                       int64_t *station_id)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT MIN(station_id) FROM contract_stations WHERE "
            "contract_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, contract_id);
    int rc = db_step(st);
    bool none = rc != DB_ROW || db_col_null(st, 0);
    *station_id = none ? 0 : db_col_int(st, 0);
    db_reset(st);
    return rc == DB_ROW ? (none ? DB_DONE : DB_ROW) : done(rc);
}

int money_store_contract_station(struct db *db, int64_t contract_id,
                                 int64_t station_id, bool *yes)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT 1 FROM contract_stations WHERE contract_id = ? AND "
            "station_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, contract_id);
    db_bind_int(st, 2, station_id);
    return exists(st, yes);
}

/* ---- budget lines --------------------------------------------------- */

#define B_COLS                                                              \
    "b.id, b.region_code, g.name, b.year, b.source, b.title, b.budget_fen, " \
    "b.spent_fen, b.notes, b.version, b.updated_at, (SELECT "               \
    "COALESCE(SUM(x.amount_fen), 0) FROM allocations x WHERE "              \
    "x.budget_line_id = b.id)"
#define B_FROM                                                              \
    " FROM budget_lines b LEFT JOIN regions g ON g.code = b.region_code "
#define B_FILTER                                                            \
    "WHERE (? = 0 OR b.year = ?) AND (? = '' OR b.source = ?) AND " B_SCOPE

static void read_line(struct db_stmt *st, struct arena *a, void *p)
{
    struct budget_line *b = p;
    memset(b, 0, sizeof *b);
    b->id = db_col_int(st, 0);
    b->region_code = store_text(a, st, 1);
    b->region_name = store_text(a, st, 2);
    b->year = db_col_int(st, 3);
    b->source = store_text(a, st, 4);
    b->title = store_text(a, st, 5);
    b->budget_fen = db_col_int(st, 6);
    b->spent_known = !db_col_null(st, 7);
    b->spent_fen = b->spent_known ? db_col_int(st, 7) : 0;
    b->notes = store_text(a, st, 8);
    b->version = db_col_int(st, 9);
    b->updated_at = db_col_int(st, 10);
    b->allocated_fen = db_col_int(st, 11);
}

static int bind_line_filter(struct db_stmt *st, const struct scope *sc,
                            const struct money_filter *f)
{
    db_bind_int(st, 1, f->year);
    db_bind_int(st, 2, f->year);
    db_bind_text(st, 3, f->source ? f->source : "");
    db_bind_text(st, 4, f->source ? f->source : "");
    return bind_line_scope(st, 5, sc);
}

int money_store_lines(struct db *db, struct arena *a, const struct scope *sc,
                      const struct money_filter *f, struct budget_line **out,
                      size_t *n, int64_t *total)
{
    return paged(db, a, sc, f,
                 "SELECT COUNT(*) FROM budget_lines b " B_FILTER,
                 "SELECT " B_COLS B_FROM B_FILTER
                 " ORDER BY b.year DESC, b.source, b.title, b.id "
                 "LIMIT ? OFFSET ?",
                 bind_line_filter, sizeof **out, read_line, (void **)out,
                 n, total);
}

int money_store_line(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t id, struct budget_line *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " B_COLS B_FROM "WHERE b.id = ? AND " B_SCOPE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    bind_line_scope(st, 2, sc);
    return row_of(st, a, read_line, out);
}

static void bind_line(struct db_stmt *st, const struct budget_line *b)
{
    db_bind_text(st, 1, b->region_code);
    db_bind_int(st, 2, b->year);
    db_bind_text(st, 3, b->source);
    db_bind_text(st, 4, b->title);
    db_bind_int(st, 5, b->budget_fen);
    if (b->spent_known) {
        db_bind_int(st, 6, b->spent_fen);
    } else {
        db_bind_null(st, 6);
    }
    db_bind_text(st, 7, b->notes ? b->notes : "");
}

int money_store_line_insert(struct db *db, const struct budget_line *b,
                            int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO budget_lines (region_code, year, source, title, "
            "budget_fen, spent_fen, notes, version, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    bind_line(st, b);
    db_bind_int(st, 8, now);
    db_bind_int(st, 9, now);
    return inserted(st, id);
}

int money_store_line_update(struct db *db, const struct budget_line *b,
                            int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE budget_lines SET region_code = ?, year = ?, source = ?, "
            "title = ?, budget_fen = ?, spent_fen = ?, notes = ?, version = "
            "version + 1, updated_at = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_line(st, b);
    db_bind_int(st, 8, now);
    db_bind_int(st, 9, b->id);
    db_bind_int(st, 10, expected_version);
    return store_step_changed(st);
}

int money_store_line_lock(struct db *db, int64_t id)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE budget_lines SET version = version WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return store_step_done(st);
}

/* ---- allocations ---------------------------------------------------- */

#define X_COLS                                                              \
    "x.id, x.budget_line_id, x.contract_id, x.station_id, x.amount_fen, "   \
    "b.year, x.allocated_on, x.notes, b.source, b.title, k.code, s2.name"
#define X_FROM                                                              \
    " FROM allocations x JOIN budget_lines b ON b.id = x.budget_line_id "   \
    "LEFT JOIN contracts k ON k.id = x.contract_id LEFT JOIN stations s2 "  \
    "ON s2.id = x.station_id "
/* An allocation in scope: the range holds its line's region (a county's
 * bureau: every allocation of the county's lines), or it went to a
 * contract the reader reads (K_SCOPE: an org_admin's own, a township's
 * officer's that serves her township) and, when it names a station, to
 * a station in the range; or to a station alone in the range, or to
 * neither and the reader sees the line. A township's officer sees the
 * county's lines and its contract, not what they gave other townships'
 * stations; the fund-use statement sums what she reads. Twenty
 * parameters (bind_alloc_scope). */
#define X_SCOPE                                                             \
    "(? = 1 OR (b.region_code >= ? AND b.region_code <= ?) OR "             \
    "((x.station_id IS NULL OR " SCOPE_WHERE_OF_STATION("x.station_id")     \
    ") AND ((x.contract_id IS NOT NULL AND EXISTS (SELECT 1 FROM "          \
    "contracts k WHERE k.id = x.contract_id AND " K_SCOPE ")) OR "          \
    "(x.contract_id IS NULL AND x.station_id IS NOT NULL) OR "              \
    "(x.contract_id IS NULL AND x.station_id IS NULL AND " B_SCOPE "))))"
#define X_FILTER                                                            \
    "WHERE (? = 0 OR x.budget_line_id = ?) AND (? = 0 OR x.contract_id = "  \
    "?) AND (? = 0 OR b.year = ?) AND " X_SCOPE

static int bind_alloc_scope(struct db_stmt *st, int i, const struct scope *sc)
{
    bind_range(st, i, sc);
    scope_bind(st, i + 3, sc);
    i = bind_contract_scope(st, i + 7, sc);
    return bind_line_scope(st, i, sc);
}

static void read_allocation(struct db_stmt *st, struct arena *a, void *p)
{
    struct allocation *x = p;
    x->id = db_col_int(st, 0);
    x->budget_line_id = db_col_int(st, 1);
    x->contract_id = db_col_int(st, 2);
    x->station_id = db_col_int(st, 3);
    x->amount_fen = db_col_int(st, 4);
    x->year = db_col_int(st, 5);
    x->allocated_on = store_text(a, st, 6);
    x->notes = store_text(a, st, 7);
    x->source = store_text(a, st, 8);
    x->line_title = store_text(a, st, 9);
    x->contract_code = store_text_opt(a, st, 10);
    x->station_name = store_text_opt(a, st, 11);
}

static int bind_alloc_filter(struct db_stmt *st, const struct scope *sc,
                             const struct money_filter *f)
{
    db_bind_int(st, 1, f->budget_line_id);
    db_bind_int(st, 2, f->budget_line_id);
    db_bind_int(st, 3, f->contract_id);
    db_bind_int(st, 4, f->contract_id);
    db_bind_int(st, 5, f->year);
    db_bind_int(st, 6, f->year);
    return bind_alloc_scope(st, 7, sc);
}

int money_store_allocations(struct db *db, struct arena *a,
                            const struct scope *sc,
                            const struct money_filter *f,
                            struct allocation **out, size_t *n,
                            int64_t *total)
{
    return paged(db, a, sc, f,
                 "SELECT COUNT(*) FROM allocations x JOIN budget_lines b "
                 "ON b.id = x.budget_line_id " X_FILTER,
                 "SELECT " X_COLS X_FROM X_FILTER
                 " ORDER BY x.allocated_on DESC, x.id DESC "
                 "LIMIT ? OFFSET ?",
                 bind_alloc_filter, sizeof **out, read_allocation, (void **)out,
                 n, total);
}

int money_store_allocation(struct db *db, struct arena *a,
                           const struct scope *sc, int64_t id,
                           struct allocation *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " X_COLS X_FROM "WHERE x.id = ? AND " X_SCOPE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    bind_alloc_scope(st, 2, sc);
    return row_of(st, a, read_allocation, out);
}

static void bind_opt_id(struct db_stmt *st, int i, int64_t id)
{
    if (id > 0) {
        db_bind_int(st, i, id);
    } else {
        db_bind_null(st, i);
    }
}

int money_store_allocation_insert(struct db *db, const struct allocation *x,
                                  int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO allocations (budget_line_id, contract_id, "
            "station_id, amount_fen, allocated_on, notes, created_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, x->budget_line_id);
    bind_opt_id(st, 2, x->contract_id);
    bind_opt_id(st, 3, x->station_id);
    db_bind_int(st, 4, x->amount_fen);
    db_bind_text(st, 5, x->allocated_on);
    db_bind_text(st, 6, x->notes ? x->notes : "");
    db_bind_int(st, 7, now);
    return inserted(st, id);
}

/* A sum the statement (one id bound) answers: DB_OK or the failure. */
static int sum_of(struct db_stmt *st, int64_t id, int64_t *sum)
{
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    *sum = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? DB_OK : done(rc);
}

int money_store_station_records(struct db *db, int64_t contract_id,
                                int64_t station_id, int64_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT (SELECT COUNT(*) FROM allocations WHERE contract_id = ? "
            "AND station_id = ?) + (SELECT COUNT(*) FROM expenditures WHERE "
            "contract_id = ? AND station_id = ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, contract_id);
    db_bind_int(st, 2, station_id);
    db_bind_int(st, 3, contract_id);
    db_bind_int(st, 4, station_id);
    int rc = db_step(st);
    *n = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? DB_OK : done(rc);
}

/* A span's one row: how many records, the first date and the last. */
static int read_span(struct db_stmt *st, struct arena *a,
                     struct money_span *out)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->n = db_col_int(st, 0);
        out->first = store_text_opt(a, st, 1);
        out->last = store_text_opt(a, st, 2);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : done(rc);
}

/* The dated records of a contract as one list of dates: the window's
 * bounds are bound in the outer query, one text per kind of record. */
#define DATED_OPEN " WHERE d >= ? AND d < ?"
#define DATED_CLOSED " WHERE d > ? AND d <= ?"
#define DATED_EXP                                                           \
    "SELECT COUNT(*), MIN(d), MAX(d) FROM (SELECT spent_on AS d FROM "      \
    "expenditures WHERE contract_id = ?) t"
#define DATED_MID                                                           \
    "SELECT COUNT(*), MIN(d), MAX(d) FROM (SELECT evaluated_on AS d FROM "  \
    "evaluations WHERE contract_id = ? AND kind = 'midterm' AND voided_at " \
    "IS NULL) t"
#define DATED_RES                                                           \
    "SELECT COUNT(*), MIN(d), MAX(d) FROM (SELECT evaluated_on AS d FROM "  \
    "evaluations WHERE contract_id = ? AND voided_at IS NULL UNION ALL "    \
    "SELECT accepted_on FROM acceptances WHERE contract_id = ?) t"

int money_store_dated_span(struct db *db, struct arena *a,
                           enum money_dated what, int64_t contract_id,
                           const char *lo, const char *hi, bool hi_open,
                           struct money_span *out)
{
    static const char *const sql[3][2] = {
        {DATED_EXP DATED_CLOSED, DATED_EXP DATED_OPEN},
        {DATED_MID DATED_CLOSED, DATED_MID DATED_OPEN},
        {DATED_RES DATED_CLOSED, DATED_RES DATED_OPEN},
    };
    memset(out, 0, sizeof *out);
    struct db_stmt *st = db_prepare(db, sql[what][hi_open ? 1 : 0]);
    if (!st) {
        return DB_ERROR;
    }
    int i = 1;
    db_bind_int(st, i++, contract_id);
    if (what == DATED_RESULTS) {
        db_bind_int(st, i++, contract_id);
    }
    db_bind_text(st, i++, lo);
    db_bind_text(st, i, hi);
    return read_span(st, a, out);
}

int money_store_line_off_year(struct db *db, struct arena *a, int64_t line_id,
                              const char *lo, const char *hi,
                              struct money_span *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*), MIN(allocated_on), MAX(allocated_on) FROM "
            "allocations WHERE budget_line_id = ? AND (allocated_on < ? OR "
            "allocated_on > ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, line_id);
    db_bind_text(st, 2, lo);
    db_bind_text(st, 3, hi);
    return read_span(st, a, out);
}

int money_store_contract_allocated(struct db *db, int64_t contract_id,
                                   int64_t *sum)
{
    return sum_of(db_prepare(db, "SELECT COALESCE(SUM(amount_fen), 0) FROM "
                                 "allocations WHERE contract_id = ?"),
                  contract_id, sum);
}

int money_store_contract_lock(struct db *db, int64_t id)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE contracts SET version = version WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return store_step_done(st);
}

int money_store_allocation_delete(struct db *db, int64_t id)
{
    struct db_stmt *st =
        db_prepare(db, "DELETE FROM allocations WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return store_step_changed(st);
}

/* ---- expenditures --------------------------------------------------- */

#define E_COLS                                                              \
    "e.id, e.contract_id, e.station_id, e.amount_fen, e.version, "          \
    "e.created_by, e.spent_on, e.category, e.payee, e.description, k.code, " \
    "s2.name, (SELECT COUNT(*) FROM attachments t WHERE t.owner_kind = "    \
    "'expenditure' AND t.owner_id = e.id), e.updated_at"
#define E_FROM                                                              \
    " FROM expenditures e JOIN contracts k ON k.id = e.contract_id LEFT "   \
    "JOIN stations s2 ON s2.id = e.station_id "
/* A station's expenditure (a worker's wage, say) is read within the
 * station's range, not the contract's: five parameters
 * (bind_station_scope). */
#define E_STATION_SCOPE                                                     \
    " AND (e.station_id IS NULL OR "                                        \
    SCOPE_WHERE_OF_STATION("e.station_id") " OR "                          \
    SCOPE_OWN_ORG("k.organisation_id") ")"
/* The filter and the contract's scope; a list adds E_STATION_SCOPE, a
 * sum does not (the contract-wide spending is every reader's of the
 * contract, its wages by name are not). */
#define E_WHERE                                                             \
    "WHERE (? = 0 OR e.contract_id = ?) AND (? = 0 OR e.station_id = ?) "   \
    "AND (? = '' OR e.category = ?) AND e.spent_on >= ? AND e.spent_on <= " \
    "? AND " K_SCOPE
#define E_FILTER E_WHERE E_STATION_SCOPE

static int bind_station_scope(struct db_stmt *st, int i,
                              const struct scope *sc)
{
    scope_bind(st, i, sc);
    scope_bind_own_org(st, i + 4, sc);
    return i + 5;
}

static void read_expenditure(struct db_stmt *st, struct arena *a, void *p)
{
    struct expenditure *e = p;
    e->id = db_col_int(st, 0);
    e->contract_id = db_col_int(st, 1);
    e->station_id = db_col_int(st, 2);
    e->amount_fen = db_col_int(st, 3);
    e->version = db_col_int(st, 4);
    e->created_by = db_col_int(st, 5);
    e->spent_on = store_text(a, st, 6);
    e->category = store_text(a, st, 7);
    e->payee = store_text(a, st, 8);
    e->description = store_text(a, st, 9);
    e->contract_code = store_text(a, st, 10);
    e->station_name = store_text_opt(a, st, 11);
    e->vouchers = db_col_int(st, 12);
    e->updated_at = db_col_int(st, 13);
}

/* E_WHERE's parameters; returns the next index. */
static int bind_exp_where(struct db_stmt *st, const struct scope *sc,
                          const struct money_filter *f)
{
    db_bind_int(st, 1, f->contract_id);
    db_bind_int(st, 2, f->contract_id);
    db_bind_int(st, 3, f->station_id);
    db_bind_int(st, 4, f->station_id);
    db_bind_text(st, 5, f->category ? f->category : "");
    db_bind_text(st, 6, f->category ? f->category : "");
    db_bind_text(st, 7, f->from ? f->from : "");
    db_bind_text(st, 8, f->to ? f->to : "9999-12-31");
    return bind_contract_scope(st, 9, sc);
}

static int bind_exp_filter(struct db_stmt *st, const struct scope *sc,
                           const struct money_filter *f)
{
    return bind_station_scope(st, bind_exp_where(st, sc, f), sc);
}

int money_store_expenditures(struct db *db, struct arena *a,
                             const struct scope *sc,
                             const struct money_filter *f,
                             struct expenditure **out, size_t *n,
                             int64_t *total)
{
    return paged(db, a, sc, f,
                 "SELECT COUNT(*) FROM expenditures e JOIN contracts k "
                 "ON k.id = e.contract_id " E_FILTER,
                 "SELECT " E_COLS E_FROM E_FILTER
                 " ORDER BY e.spent_on DESC, e.id DESC "
                 "LIMIT ? OFFSET ?",
                 bind_exp_filter, sizeof **out, read_expenditure, (void **)out,
                 n, total);
}

int money_store_unvouched(struct db *db, struct arena *a,
                          const struct scope *sc, const struct money_filter *f,
                          int64_t *count, int64_t *sum, const char **first)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*), COALESCE(SUM(e.amount_fen), 0), "
            "MIN(e.spent_on) FROM expenditures e JOIN contracts k ON k.id = "
            "e.contract_id " E_FILTER " AND NOT EXISTS (SELECT 1 FROM "
            "attachments t WHERE t.owner_kind = 'expenditure' AND t.owner_id "
            "= e.id)");
    if (!st) {
        return DB_ERROR;
    }
    bind_exp_filter(st, sc, f);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *count = db_col_int(st, 0);
        *sum = db_col_int(st, 1);
        *first = store_text_opt(a, st, 2);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : done(rc);
}

int money_store_expenditures_sum(struct db *db, const struct scope *sc,
                                 const struct money_filter *f, int64_t *sum)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COALESCE(SUM(e.amount_fen), 0) FROM expenditures e JOIN "
            "contracts k ON k.id = e.contract_id " E_FILTER);
    if (!st) {
        return DB_ERROR;
    }
    bind_exp_filter(st, sc, f);
    return count(st, sum);
}

int money_store_expenditure(struct db *db, struct arena *a,
                            const struct scope *sc, int64_t id,
                            struct expenditure *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " E_COLS E_FROM "WHERE e.id = ? AND " K_SCOPE
            E_STATION_SCOPE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    bind_station_scope(st, bind_contract_scope(st, 2, sc), sc);
    return row_of(st, a, read_expenditure, out);
}

int money_store_expenditure_twin(struct db *db, const struct expenditure *e,
                                 int64_t *twin)
{
    *twin = 0;
    struct db_stmt *st = db_prepare(
        db, "SELECT id FROM expenditures WHERE contract_id = ? AND "
            "spent_on = ? AND category = ? AND amount_fen = ? AND payee = ? "
            "AND id <> ? ORDER BY id LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, e->contract_id);
    db_bind_text(st, 2, e->spent_on);
    db_bind_text(st, 3, e->category);
    db_bind_int(st, 4, e->amount_fen);
    db_bind_text(st, 5, e->payee ? e->payee : "");
    db_bind_int(st, 6, e->id);
    return store_first_int(st, twin);
}

static void bind_expenditure(struct db_stmt *st, const struct expenditure *e)
{
    db_bind_int(st, 1, e->contract_id);
    bind_opt_id(st, 2, e->station_id);
    db_bind_text(st, 3, e->spent_on);
    db_bind_text(st, 4, e->category);
    db_bind_int(st, 5, e->amount_fen);
    db_bind_text(st, 6, e->payee ? e->payee : "");
    db_bind_text(st, 7, e->description ? e->description : "");
}

int money_store_expenditure_insert(struct db *db, const struct expenditure *e,
                                   int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO expenditures (contract_id, station_id, spent_on, "
            "category, amount_fen, payee, description, version, created_by, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, "
            "?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    bind_expenditure(st, e);
    bind_opt_id(st, 8, e->created_by);
    db_bind_int(st, 9, now);
    db_bind_int(st, 10, now);
    return inserted(st, id);
}

int money_store_expenditure_update(struct db *db, const struct expenditure *e,
                                   int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE expenditures SET contract_id = ?, station_id = ?, "
            "spent_on = ?, category = ?, amount_fen = ?, payee = ?, "
            "description = ?, version = version + 1, updated_at = ? WHERE "
            "id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_expenditure(st, e);
    db_bind_int(st, 8, now);
    db_bind_int(st, 9, e->id);
    db_bind_int(st, 10, expected_version);
    return store_step_changed(st);
}

/* Only at the version read, and only while no voucher hangs from it
 * (one attached between the caller's check and this would be orphaned). */
int money_store_expenditure_delete(struct db *db, int64_t id,
                                   int64_t expected_version)
{
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM expenditures WHERE id = ? AND version = ? AND NOT "
            "EXISTS (SELECT 1 FROM attachments t WHERE t.owner_kind = "
            "'expenditure' AND t.owner_id = expenditures.id)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, expected_version);
    return store_step_changed(st);
}

/* ---- sums ----------------------------------------------------------- */

static void read_sum(struct db_stmt *st, struct arena *a, void *p)
{
    struct money_sum *s = p;
    s->code = store_text(a, st, 0);
    s->amount_fen = db_col_int(st, 1);
}

int money_store_sum_allocations(struct db *db, struct arena *a,
                                const struct scope *sc,
                                const struct money_filter *f,
                                struct money_sum **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT b.source, SUM(x.amount_fen) FROM allocations x JOIN "
            "budget_lines b ON b.id = x.budget_line_id WHERE (? = 0 OR "
            "x.contract_id = ?) AND x.allocated_on >= ? AND x.allocated_on "
            "<= ? AND " X_SCOPE " GROUP BY b.source ORDER BY b.source");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, f->contract_id);
    db_bind_int(st, 2, f->contract_id);
    db_bind_text(st, 3, f->from ? f->from : "");
    db_bind_text(st, 4, f->to ? f->to : "9999-12-31");
    bind_alloc_scope(st, 5, sc);
    return rows(st, a, sizeof **out, SIZE_MAX, read_sum, (void **)out, n);
}

int money_store_sum_expenditures(struct db *db, struct arena *a,
                                 const struct scope *sc,
                                 const struct money_filter *f,
                                 struct money_sum **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT e.category, SUM(e.amount_fen) FROM expenditures e JOIN "
            "contracts k ON k.id = e.contract_id " E_WHERE
            " GROUP BY e.category ORDER BY e.category");
    if (!st) {
        return DB_ERROR;
    }
    bind_exp_where(st, sc, f);
    return rows(st, a, sizeof **out, SIZE_MAX, read_sum, (void **)out, n);
}

int money_store_sum_lines(struct db *db, const struct scope *sc, int64_t year,
                          const char *source, int64_t *budget,
                          int64_t *spent, int64_t *lines, int64_t *unknown)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COALESCE(SUM(b.budget_fen), 0), "
            "COALESCE(SUM(b.spent_fen), 0), COUNT(*), COUNT(*) - "
            "COUNT(b.spent_fen) FROM budget_lines b "
            "WHERE b.year = ? AND b.source = ? AND " B_SCOPE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, year);
    db_bind_text(st, 2, source);
    bind_line_scope(st, 3, sc);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *budget = db_col_int(st, 0);
        *spent = db_col_int(st, 1);
        *lines = db_col_int(st, 2);
        *unknown = db_col_int(st, 3);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : done(rc);
}

int money_store_sum_drawn(struct db *db, const struct scope *sc, int64_t year,
                          const char *source, int64_t *drawn)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COALESCE(SUM(x.amount_fen), 0) FROM allocations x JOIN "
            "budget_lines b ON b.id = x.budget_line_id WHERE b.year = ? AND "
            "(? = '' OR b.source = ?) AND " B_SCOPE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, year);
    db_bind_text(st, 2, source ? source : "");
    db_bind_text(st, 3, source ? source : "");
    bind_line_scope(st, 4, sc);
    int rc = db_step(st);
    *drawn = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? DB_OK : done(rc);
}

static void read_year(struct db_stmt *st, struct arena *a, void *p)
{
    (void)a;
    *(int64_t *)p = db_col_int(st, 0);
}

int money_store_years(struct db *db, struct arena *a, const struct scope *sc,
                      int64_t **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT DISTINCT b.year FROM budget_lines b WHERE " B_SCOPE
            " ORDER BY b.year");
    if (!st) {
        return DB_ERROR;
    }
    bind_line_scope(st, 1, sc);
    return rows(st, a, sizeof **out, SIZE_MAX, read_year, (void **)out, n);
}

/* ---- evaluations and acceptances ------------------------------------ */

#define V_FILTER                                                            \
    "WHERE (? = 0 OR v.contract_id = ?) AND (? = '' OR v.kind = ?) AND "    \
    "(? = '' OR substr(v.evaluated_on, 1, 4) = ?) AND (? = 1 OR "          \
    "v.voided_at IS NULL) AND " K_SCOPE
/* An evaluation's columns, with its contract's code and title and the
 * organisation's name for a list that names them. */
#define V_COLS                                                              \
    "v.id, v.contract_id, v.kind, v.evaluated_on, v.passed, v.grade, "      \
    "v.evaluator, v.notes, v.total_score, v.max_score, k.code, k.title, "   \
    "COALESCE(o.name, ''), v.voided_at, v.voided_by, v.voided_reason, "     \
    "v.created_by"
#define V_FROM                                                              \
    " FROM evaluations v JOIN contracts k ON k.id = v.contract_id LEFT "    \
    "JOIN organisations o ON o.id = k.organisation_id "

static void read_evaluation(struct db_stmt *st, struct arena *a, void *p)
{
    struct evaluation *v = p;
    v->id = db_col_int(st, 0);
    v->contract_id = db_col_int(st, 1);
    v->kind = store_text(a, st, 2);
    v->evaluated_on = store_text(a, st, 3);
    v->passed = db_col_int(st, 4) != 0;
    v->grade = store_text(a, st, 5);
    v->evaluator = store_text(a, st, 6);
    v->notes = store_text(a, st, 7);
    v->total_score = db_col_null(st, 8) ? -1 : db_col_int(st, 8);
    v->max_score = db_col_null(st, 9) ? -1 : db_col_int(st, 9);
    v->contract_code = store_text(a, st, 10);
    v->contract_title = store_text(a, st, 11);
    v->organisation_name = store_text(a, st, 12);
    v->voided_at = db_col_null(st, 13) ? 0 : db_col_int(st, 13);
    v->voided_by = store_text(a, st, 14);
    v->voided_reason = store_text(a, st, 15);
    v->created_by = db_col_null(st, 16) ? 0 : db_col_int(st, 16);
}

static int bind_v_filter(struct db_stmt *st, const struct scope *sc,
                         const struct money_filter *f)
{
    db_bind_int(st, 1, f->contract_id);
    db_bind_int(st, 2, f->contract_id);
    db_bind_text(st, 3, f->kind ? f->kind : "");
    db_bind_text(st, 4, f->kind ? f->kind : "");
    char year[24] = "";
    if (f->year > 0) {
        snprintf(year, sizeof year, "%04lld", (long long)f->year);
    }
    db_bind_text(st, 5, year);
    db_bind_text(st, 6, year);
    db_bind_int(st, 7, f->with_voided ? 1 : 0);
    return bind_contract_scope(st, 8, sc);
}

int money_store_evaluations(struct db *db, struct arena *a,
                            const struct scope *sc,
                            const struct money_filter *f,
                            struct evaluation **out, size_t *n,
                            int64_t *total)
{
    return paged(db, a, sc, f,
                 "SELECT COUNT(*) FROM evaluations v JOIN contracts k "
                 "ON k.id = v.contract_id " V_FILTER,
                 "SELECT " V_COLS V_FROM V_FILTER
                 " ORDER BY v.evaluated_on, v.id LIMIT ? OFFSET ?",
                 bind_v_filter, sizeof **out, read_evaluation, (void **)out,
                 n, total);
}

int money_store_evaluation_get(struct db *db, struct arena *a,
                               const struct scope *sc, int64_t id,
                               struct evaluation *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " V_COLS V_FROM "WHERE v.id = ? AND " K_SCOPE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    bind_contract_scope(st, 2, sc);
    return row_of(st, a, read_evaluation, out);
}

int money_store_evaluation_void(struct db *db, int64_t id, const char *by,
                                const char *reason, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE evaluations SET voided_at = ?, voided_by = ?, "
            "voided_reason = ? WHERE id = ? AND voided_at IS NULL");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_text(st, 2, by);
    db_bind_text(st, 3, reason);
    db_bind_int(st, 4, id);
    return store_step_changed(st);
}

int money_store_evaluation_insert(struct db *db, const struct evaluation *v,
                                  int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO evaluations (contract_id, kind, evaluated_on, "
            "passed, grade, evaluator, notes, created_at, total_score, "
            "max_score, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, v->contract_id);
    db_bind_text(st, 2, v->kind);
    db_bind_text(st, 3, v->evaluated_on);
    db_bind_int(st, 4, v->passed ? 1 : 0);
    db_bind_text(st, 5, v->grade ? v->grade : "");
    db_bind_text(st, 6, v->evaluator ? v->evaluator : "");
    db_bind_text(st, 7, v->notes ? v->notes : "");
    db_bind_int(st, 8, now);
    if (v->total_score >= 0) {
        db_bind_int(st, 9, v->total_score);
        db_bind_int(st, 10, v->max_score);
    } else {
        db_bind_null(st, 9);
        db_bind_null(st, 10);
    }
    if (v->created_by) {
        db_bind_int(st, 11, v->created_by);
    } else {
        db_bind_null(st, 11); /* the command line's demo */
    }
    return inserted(st, id);
}

#define A_FILTER "WHERE (? = 0 OR v.contract_id = ?) AND " K_SCOPE

static void read_acceptance(struct db_stmt *st, struct arena *a, void *p)
{
    struct acceptance *x = p;
    x->id = db_col_int(st, 0);
    x->contract_id = db_col_int(st, 1);
    x->accepted_on = store_text(a, st, 2);
    x->result = store_text(a, st, 3);
    x->notes = store_text(a, st, 4);
}

static int bind_a_filter(struct db_stmt *st, const struct scope *sc,
                         const struct money_filter *f)
{
    db_bind_int(st, 1, f->contract_id);
    db_bind_int(st, 2, f->contract_id);
    return bind_contract_scope(st, 3, sc);
}

int money_store_acceptances(struct db *db, struct arena *a,
                            const struct scope *sc,
                            const struct money_filter *f,
                            struct acceptance **out, size_t *n,
                            int64_t *total)
{
    return paged(db, a, sc, f,
                 "SELECT COUNT(*) FROM acceptances v JOIN contracts k "
                 "ON k.id = v.contract_id " A_FILTER,
                 "SELECT v.id, v.contract_id, v.accepted_on, v.result, v.notes "
                 "FROM acceptances v JOIN contracts k ON k.id = v.contract_id "
                 A_FILTER " ORDER BY v.accepted_on, v.id LIMIT ? OFFSET ?",
                 bind_a_filter, sizeof **out, read_acceptance, (void **)out,
                 n, total);
}

int money_store_acceptance_insert(struct db *db, const struct acceptance *x,
                                  int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO acceptances (contract_id, accepted_on, result, "
            "notes, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, x->contract_id);
    db_bind_text(st, 2, x->accepted_on);
    db_bind_text(st, 3, x->result);
    db_bind_text(st, 4, x->notes ? x->notes : "");
    db_bind_int(st, 5, now);
    return inserted(st, id);
}

/* ---- payments ------------------------------------------------------- */

#define P_COLS                                                              \
    "id, contract_id, seq, percent, working_days, amount_fen, version, "    \
    "override_at, needs_acceptance, trigger_event, status, paid_on, "       \
    "withheld_reason, override_reason, override_by, (SELECT "               \
    "u.display_name FROM users u WHERE u.username = payments.override_by)"

static void read_payment(struct db_stmt *st, struct arena *a, void *p)
{
    struct payment *x = p;
    x->id = db_col_int(st, 0);
    x->contract_id = db_col_int(st, 1);
    x->seq = db_col_int(st, 2);
    x->percent = db_col_int(st, 3);
    x->working_days = db_col_int(st, 4);
    x->amount_fen = db_col_int(st, 5);
    x->version = db_col_int(st, 6);
    x->override_at = db_col_null(st, 7) ? 0 : db_col_int(st, 7);
    x->needs_acceptance = db_col_int(st, 8) != 0;
    x->trigger = store_text(a, st, 9);
    x->status = store_text(a, st, 10);
    x->paid_on = store_text_opt(a, st, 11);
    x->withheld_reason = store_text(a, st, 12);
    x->override_reason = store_text(a, st, 13);
    x->override_by = store_text(a, st, 14);
    x->override_by_name = store_text_opt(a, st, 15);
}

int money_store_payments(struct db *db, struct arena *a, int64_t contract_id,
                         struct payment **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " P_COLS " FROM payments WHERE contract_id = ? ORDER BY "
            "seq");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, contract_id);
    return rows(st, a, sizeof **out, SIZE_MAX, read_payment, (void **)out, n);
}

int money_store_payment(struct db *db, struct arena *a, int64_t id,
                        struct payment *out)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT " P_COLS " FROM payments WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return row_of(st, a, read_payment, out);
}

int money_store_payment_insert(struct db *db, const struct payment *p,
                               int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO payments (contract_id, seq, percent, trigger_event, "
            "working_days, needs_acceptance, amount_fen, status, version, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'planned', "
            "1, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, p->contract_id);
    db_bind_int(st, 2, p->seq);
    db_bind_int(st, 3, p->percent);
    db_bind_text(st, 4, p->trigger);
    db_bind_int(st, 5, p->working_days);
    db_bind_int(st, 6, p->needs_acceptance ? 1 : 0);
    db_bind_int(st, 7, p->amount_fen);
    db_bind_int(st, 8, now);
    db_bind_int(st, 9, now);
    return store_step_done(st);
}

int money_store_payment_set_amount(struct db *db, int64_t id,
                                   int64_t version, int64_t amount_fen,
                                   int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE payments SET amount_fen = ?, version = version + 1, "
            "updated_at = ? WHERE id = ? AND version = ? AND status <> "
            "'paid'");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, amount_fen);
    db_bind_int(st, 2, now);
    db_bind_int(st, 3, id);
    db_bind_int(st, 4, version);
    return store_step_changed(st);
}

int money_store_payment_update(struct db *db, const struct payment *p,
                               int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE payments SET status = ?, paid_on = ?, withheld_reason = "
            "?, override_reason = ?, override_by = ?, override_at = ?, "
            "version = version + 1, updated_at = ? WHERE id = ? AND version "
            "= ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, p->status);
    db_bind_text(st, 2, p->paid_on);
    db_bind_text(st, 3, p->withheld_reason ? p->withheld_reason : "");
    db_bind_text(st, 4, p->override_reason ? p->override_reason : "");
    db_bind_text(st, 5, p->override_by ? p->override_by : "");
    if (p->override_at) {
        db_bind_int(st, 6, p->override_at);
    } else {
        db_bind_null(st, 6);
    }
    db_bind_int(st, 7, now);
    db_bind_int(st, 8, p->id);
    db_bind_int(st, 9, expected_version);
    return store_step_changed(st);
}
