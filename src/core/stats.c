/* The figures of a statistics query (core/stats_query.c says what each
 * is): read from the summaries stats_store keeps, per source, merged by
 * their keys in C, labelled, and written as JSON. */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/dictionary_store.h"
#include "../store/stats_store.h"
#include "../util/cn_time.h"
#include "dictionary.h"
#include "region_code.h"

#define D(x) (1u << (x))
#define AREA D(STATS_BY_AREA)
#define TYPE D(STATS_BY_TYPE)
#define CAT D(STATS_BY_CATEGORY)

/* ---- the queries -------------------------------------------------- */

/* clang-format off */

/* A cut's key in one of three slots, chosen by a bound dimension (-1:
 * none). MONTH, CAT, AREA, TYPE: the source's columns for them. */
#define KEY(MONTH, CAT, AREA, TYPE)                                         \
    "CASE CAST(? AS INTEGER) WHEN 0 THEN CAST(s.id AS TEXT) WHEN 1 THEN "   \
    "substr(s.region_code, 1, 9) WHEN 2 THEN substr(s.region_code, 1, 6) "  \
    "WHEN 3 THEN " MONTH " WHEN 4 THEN substr(" MONTH ", 1, 4) || '-Q' || " \
    "CAST((CAST(substr(" MONTH ", 6, 2) AS INTEGER) + 2) / 3 AS TEXT) "     \
    "WHEN 5 THEN substr(" MONTH ", 1, 4) WHEN 6 THEN " CAT " WHEN 7 THEN "  \
    AREA " WHEN 8 THEN " TYPE " ELSE '' END"
#define KEYS(MONTH, CAT, AREA, TYPE)                                        \
    KEY(MONTH, CAT, AREA, TYPE) ", " KEY(MONTH, CAT, AREA, TYPE) ", "       \
    KEY(MONTH, CAT, AREA, TYPE)

/* The stations asked for and in scope: a range of division codes (2),
 * the station (2), the scope (4). A set the summaries are searched with
 * by their leading column, so that the planner walks the stations (by
 * the range, through stations_region), not the summary table. */
#define STATION_WHERE                                                       \
    "s.region_code >= ? AND "                                               \
    "s.region_code <= ? AND (? = 0 OR s.id = ?) AND (? = 0 OR EXISTS "     \
    "(SELECT 1 FROM contract_stations cs WHERE cs.contract_id = ? AND "     \
    "cs.station_id = s.id)) AND " SCOPE_WHERE
#define STATION_SET "(SELECT s.id FROM stations s WHERE " STATION_WHERE ")"
/* The stations a cut by place lists, with figures or not (docs/
 * statistics.md, "Places that did nothing"): those of STATION_SET that
 * are active or asked for by id (1), opened by the period's last day
 * (1). */
#define PLACES_SQL                                                          \
    "SELECT s.id, s.region_code, s.name FROM stations s WHERE "             \
    STATION_WHERE " AND (s.status = 'active' OR s.id = ?) AND "             \
    "(s.opened_on IS NULL OR s.opened_on <= ?) ORDER BY s.id"
/* FROM a source aliased t, its station aliased s for the keys. */
#define FROM_SOURCE(SRC)                                                    \
    " FROM " SRC " t JOIN stations s ON s.id = t.station_id WHERE "
/* Months (2), type (2), area (2). */
#define MONTHS_WHERE                                                        \
    " AND t.month >= ? AND t.month <= ? AND (? = '' OR t.type = ?) AND "    \
    "(? = '' OR t.area = ?)"

#define CASE_OF(TYPE, WHAT)                                                 \
    "SUM(CASE WHEN t.type = '" TYPE "' THEN " WHAT " ELSE 0 END)"

/* Columns 3…: the measures read from stats_services, in this order. */
static const int services_cols[] = {
    STATS_RECORDS,          STATS_PERSON_TIMES,   STATS_SERVICE_MINUTES,
    STATS_VISITS,           STATS_CONSULTATIONS,  STATS_GROUP_SESSIONS,
    STATS_GROUP_ATTENDANCE, STATS_ACTIVITIES,     STATS_ACTIVITY_PEOPLE,
    STATS_RESOURCE_FEN,     STATS_RESOURCE_ITEMS, STATS_CRISES,
    STATS_CRISES_RESOLVED,
};
#define SERVICES_SQL(SRC)                                                   \
    "SELECT " KEYS("t.month", "''", "t.area", "t.type") ", "                \
    "SUM(t.records), SUM(t.pairs + t.extra), SUM(t.minutes), "              \
    CASE_OF("home_visit", "t.records") ", "                                 \
    CASE_OF("consultation", "t.records") ", "                               \
    CASE_OF("group_session", "t.records") ", "                              \
    CASE_OF("group_session", "t.pairs") ", "                                \
    CASE_OF("activity", "t.records") ", "                                   \
    CASE_OF("activity", "t.pairs + t.extra") ", "                           \
    CASE_OF("resource_link", "t.resource_fen") ", "                         \
    CASE_OF("resource_link", "t.records") ", "                              \
    CASE_OF("crisis", "t.records") ", " CASE_OF("crisis", "t.resolved")      \
    FROM_SOURCE(SRC) "t.station_id IN " STATION_SET MONTHS_WHERE            \
    " GROUP BY 1, 2, 3"

/* Per month alone (no type, no area), a column per figure. */
#define MONTHS_SQL(SRC)                                                     \
    "SELECT " KEYS("t.month", "''", "''", "''") ", "                        \
    "SUM(t.records), SUM(t.person_times), SUM(t.minutes), SUM(t.visits), "  \
    "SUM(t.consultations), SUM(t.group_sessions), "                         \
    "SUM(t.group_attendance), SUM(t.activities), SUM(t.activity_people), "  \
    "SUM(t.resource_fen), SUM(t.resource_items), SUM(t.crises), "           \
    "SUM(t.crises_resolved)"                                                \
    FROM_SOURCE(SRC) "t.station_id IN " STATION_SET " AND t.month >= ? "    \
    "AND t.month <= ? GROUP BY 1, 2, 3"

/* By category: only the people registered have one. */
static const int categories_cols[] = {
    STATS_PERSON_TIMES,
    STATS_GROUP_ATTENDANCE,
    STATS_ACTIVITY_PEOPLE,
};
#define CATEGORIES_SQL(SRC)                                                 \
    "SELECT " KEYS("t.month", "t.category", "t.area", "t.type") ", "        \
    "SUM(t.pairs), " CASE_OF("group_session", "t.pairs") ", "               \
    CASE_OF("activity", "t.pairs")                                          \
    FROM_SOURCE(SRC) "t.station_id IN " STATION_SET MONTHS_WHERE            \
    " AND (? = '' OR t.category = ?) GROUP BY 1, 2, 3"

/* By category per month alone (no type, no area). */
#define CATEGORY_MONTHS_SQL(SRC)                                            \
    "SELECT " KEYS("t.month", "t.category", "''", "''") ", "                \
    "SUM(t.person_times), SUM(t.group_attendance), SUM(t.activity_people)"  \
    FROM_SOURCE(SRC) "t.station_id IN " STATION_SET " AND t.month >= ? "    \
    "AND t.month <= ? AND (? = '' OR t.category = ?) GROUP BY 1, 2, 3"

/* The sets themselves, unioned in C (distinct counts do not add): the
 * set's dimension (1), months (2), its value (2). */
#define DISTINCT_SQL(SRC)                                                   \
    "SELECT " KEYS("t.month", "t.value", "t.value", "t.value") ", "         \
    "t.items, t.n"                                                          \
    FROM_SOURCE(SRC) "t.station_id IN " STATION_SET " AND t.dim = ? AND "   \
    "t.month >= ? AND t.month <= ? AND (? = '' OR t.value = ?)"

static const int cases_cols[] = {
    STATS_CASES_OPENED,
    STATS_CASES_CLOSED,
    STATS_CASES_ACTIVE,
};
/* Cases have no months to cut: their time slot is bound as none and
 * filled per bucket. No casts of constants here: PostgreSQL folds them
 * while planning, whichever branch runs. */
#define PLACE_KEY                                                           \
    "CASE CAST(? AS INTEGER) WHEN 0 THEN CAST(s.id AS TEXT) WHEN 1 THEN "   \
    "substr(s.region_code, 1, 9) WHEN 2 THEN substr(s.region_code, 1, 6) "  \
    "ELSE '' END"
/* Days opened (2); days closed (2) or a closure in the period's seconds
 * (2); active: not closed before the day it starts (1), nor by a
 * closure before its first second (1) with no reopening before its end
 * (1); stations; to (1). A reopened case has lost its closed_on, not
 * its events: the months it was closed stay as they were. */
#define CASES_SQL                                                           \
    "SELECT " PLACE_KEY ", " PLACE_KEY ", " PLACE_KEY ", "                  \
    "SUM(CASE WHEN k.opened_on >= ? AND k.opened_on <= ? THEN 1 ELSE 0 "    \
    "END), SUM(CASE WHEN (k.closed_on >= ? AND k.closed_on <= ?) OR "       \
    "EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = k.id AND "       \
    "e.kind = 'closure_approved' AND e.at >= ? AND e.at < ?) THEN 1 ELSE "  \
    "0 END), SUM(CASE WHEN (k.closed_on IS NULL OR k.closed_on >= ?) AND "  \
    "NOT EXISTS (SELECT 1 FROM case_events c WHERE c.case_id = k.id AND "   \
    "c.kind = 'closure_approved' AND c.at < ? AND NOT EXISTS (SELECT 1 "    \
    "FROM case_events o WHERE o.case_id = k.id AND o.kind = 'reopened' "    \
    "AND o.at > c.at AND o.at < ?)) THEN 1 ELSE 0 END) FROM cases k JOIN "  \
    "stations s ON s.id = "                                                 \
    "k.station_id WHERE k.station_id IN " STATION_SET " AND k.opened_on "   \
    "<= ? GROUP BY 1, 2, 3"

/* clang-format on */

struct sources {
    const char *services, *months, *categories, *category_months, *distinct;
};
static const struct sources summaries = {
    SERVICES_SQL(STATS_SERVICES_TABLE),
    MONTHS_SQL(STATS_MONTHS_TABLE),
    CATEGORIES_SQL(STATS_CATEGORIES_TABLE),
    CATEGORY_MONTHS_SQL(STATS_CATEGORY_MONTHS_TABLE),
    DISTINCT_SQL(STATS_DISTINCT_TABLE),
};
/* clang-format off */
#define RECORDS_SERVICES "(" STATS_SERVICES_DEF("1 = 1") ")"
#define RECORDS_CATEGORIES "(" STATS_CATEGORIES_DEF("1 = 1") ")"
static const struct sources records = {
    SERVICES_SQL(RECORDS_SERVICES),
    MONTHS_SQL("(" STATS_MONTHS_DEF(RECORDS_SERVICES, "1 = 1") ")"),
    CATEGORIES_SQL(RECORDS_CATEGORIES),
    CATEGORY_MONTHS_SQL("(" STATS_CATEGORY_MONTHS_DEF(RECORDS_CATEGORIES,
                                                      "1 = 1") ")"),
    DISTINCT_SQL("(SELECT dim, station_id, month, value, CAST(item AS "
                 "TEXT) AS items, 1 AS n FROM (" STATS_DISTINCT_DEF("1 = 1")
                 ") y)"),
};
/* clang-format on */

/* A station of the scope, for the places a cut by place lists. */
struct place {
    int64_t id;
    const char *region, *name;
};

/* One row as a source gives it, before the sources are merged. */
struct part {
    const int *slot; /* the run's: how the keys compare */
    const char *key[STATS_MAX_BY];
    int64_t v[STATS_MEASURE_COUNT];
    bool has[STATS_MEASURE_COUNT];
};

struct run {
    struct db *db;
    struct arena *a;
    const struct scope *sc;
    const struct stats_query *q;
    int slot[STATS_MAX_BY]; /* the dimension bound per slot, or -1 */
    char lo[13], hi[13];    /* the stations' division codes */
    struct part *parts;
    size_t n, cap;
    /* The stations a cut by place lists (by id), read once per query. */
    struct place *places;
    size_t n_places;
    /* The distinct counts over every row read, whatever the cut: the
     * whole's, for free. */
    int64_t all[STATS_MEASURE_COUNT];
};

static bool wanted(const struct stats_query *q, int m)
{
    for (size_t i = 0; i < q->n_measures; i++) {
        if (q->measures[i] == m) {
            return true;
        }
    }
    return false;
}

static bool wants_any(const struct stats_query *q, const int *cols, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (wanted(q, cols[i])) {
            return true;
        }
    }
    return false;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* Binds the key slots (3) then the stations (9) from 1; returns the next
 * parameter. A slot whose dimension is a time one is bound as none when
 * the source has no months (cases). */
/* Binds the key slots (3) from 1. A slot whose dimension is a time one
 * is bound as none when the source has no months (cases). */
static int bind_slots(const struct run *r, struct db_stmt *st, bool months)
{
    int i = 1;
    for (int k = 0; k < STATS_MAX_BY; k++) {
        int d = r->slot[k];
        db_bind_int(st, i++, d >= 0 && (months || !stats_dim_is_time(d)) ? d : -1);
    }
    return i;
}

/* Binds STATION_SET's ten parameters from i; returns the next. */
static int bind_stations(const struct run *r, struct db_stmt *st, int i)
{
    db_bind_text(st, i++, r->lo);
    db_bind_text(st, i++, r->hi);
    db_bind_int(st, i++, r->q->station_id);
    db_bind_int(st, i++, r->q->station_id);
    db_bind_int(st, i++, r->q->contract_id);
    db_bind_int(st, i++, r->q->contract_id);
    scope_bind(st, i, r->sc);
    return i + 4;
}

/* Narrows prefix to the longer of it and other when one contains the
 * other; false when they are disjoint. */
static bool narrow(char prefix[13], const char *other)
{
    size_t a = strlen(prefix), b = strlen(other);
    if (strncmp(prefix, other, a < b ? a : b) != 0) {
        return false;
    }
    if (b > a && b < 13) {
        memcpy(prefix, other, b + 1);
    }
    return true;
}

/* The division codes the stations can have: the region asked for, the
 * station's own, the scope's region, whichever are given. */
static int station_range(struct run *r)
{
    char prefix[13] = "";
    bool some = true;
    if (r->q->region) {
        some = narrow(prefix, r->q->region);
    }
    if (some && !r->sc->all && r->sc->region_prefix &&
        r->sc->n_stations == 0 && !r->sc->stations_of_user) {
        some = narrow(prefix, r->sc->region_prefix);
    }
    if (some && r->q->station_id) {
        struct db_stmt *st =
            db_prepare(r->db, "SELECT region_code FROM stations WHERE id = ?");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, r->q->station_id);
        int rc = db_step(st);
        some = rc == DB_ROW && narrow(prefix, db_col_text(st, 0));
        db_reset(st);
        if (rc < 0) {
            return rc;
        }
    }
    if (!some) { /* nothing: an empty range */
        snprintf(r->lo, sizeof r->lo, "1");
        snprintf(r->hi, sizeof r->hi, "0");
        return DB_OK;
    }
    snprintf(r->lo, sizeof r->lo, "%s", prefix);
    region_code_upper(prefix, r->hi);
    return DB_OK;
}

static int bind_head(const struct run *r, struct db_stmt *st)
{
    return bind_stations(r, st, bind_slots(r, st, true));
}

/* Reads a source's rows: three keys, then the columns cols. */
static int collect(struct run *r, struct db_stmt *st, const int *cols,
                   size_t ncols, const char *time_key)
{
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        r->parts = arena_grow(r->a, r->parts, r->n, &r->cap, sizeof *r->parts);
        struct part *p = &r->parts[r->n++];
        memset(p, 0, sizeof *p);
        p->slot = r->slot;
        for (int k = 0; k < STATS_MAX_BY; k++) {
            p->key[k] = r->slot[k] >= 0 && stats_dim_is_time(r->slot[k]) && time_key
                            ? time_key
                            : arena_strdup(r->a, db_col_text(st, k));
        }
        for (size_t c = 0; c < ncols; c++) {
            p->v[cols[c]] =
                db_col_null(st, 3 + (int)c) ? 0 : db_col_int(st, 3 + (int)c);
            p->has[cols[c]] = true;
        }
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* The sources of sums and what each is filtered by beyond the months. */
enum sums { SUMS_MONTHS, SUMS_TYPE_AREA, SUMS_CATEGORY, SUMS_CATEGORY_MONTHS };

/* Runs a source of sums: stats_months (no type, no area), stats_services
 * (type and area), stats_categories (and category) or
 * stats_category_months (category alone). */
static int run_sums(struct run *r, const char *sql, enum sums kind,
                    const int *cols, size_t ncols)
{
    struct db_stmt *st = db_prepare(r->db, sql);
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_head(r, st);
    db_bind_text(st, i++, stats_month_text(r->a, r->q->from_month));
    db_bind_text(st, i++, stats_month_text(r->a, r->q->to_month));
    if (kind == SUMS_TYPE_AREA || kind == SUMS_CATEGORY) {
        db_bind_text(st, i++, or_empty(r->q->type));
        db_bind_text(st, i++, or_empty(r->q->type));
        db_bind_text(st, i++, or_empty(r->q->area));
        db_bind_text(st, i++, or_empty(r->q->area));
    }
    if (kind == SUMS_CATEGORY || kind == SUMS_CATEGORY_MONTHS) {
        db_bind_text(st, i++, or_empty(r->q->category));
        db_bind_text(st, i++, or_empty(r->q->category));
    }
    return collect(r, st, cols, ncols, NULL);
}

/* Keys compare as text, but stations by number. */
static int cmp_key(int dim, const char *a, const char *b)
{
    if (dim == STATS_BY_STATION) {
        long long x = atoll(a), y = atoll(b);
        return (x > y) - (x < y);
    }
    return strcmp(a, b);
}

/* One set as stats_distinct keeps it, with its keys. */
struct set_row {
    const int *slot;
    const char *key[STATS_MAX_BY];
    const char *items;
    int64_t n;
};

static int cmp_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_set_rows(const void *pa, const void *pb)
{
    const struct set_row *a = pa, *b = pb;
    for (int k = 0; k < STATS_MAX_BY; k++) {
        int c = cmp_key(a->slot[k], a->key[k], b->key[k]);
        if (c) {
            return c;
        }
    }
    return 0;
}

/* Ids spread over at most this many (a bit each) are counted in a
 * bitmap; wider, they are sorted. Client ids are dense, so a county's
 * year (some hundreds of sets, tens of thousands of ids) needs a few
 * hundred kilobytes at most. */
#define BITMAP_SPAN ((int64_t)1 << 27)

/* Where a run of unions decodes its ids and marks them: kept from one
 * union to the next, so that counting a county's months does not
 * allocate and clear a bitmap for each. */
struct union_work {
    int64_t *ids;
    size_t cap;
    uint64_t *bits; /* all clear between unions */
    size_t words;
};

/* How many distinct values ids[0..len) holds (ids may be reordered). */
static int count_ids(struct union_work *u, size_t len, int64_t *count)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN, c = 0;
    for (size_t i = 0; i < len; i++) {
        lo = u->ids[i] < lo ? u->ids[i] : lo;
        hi = u->ids[i] > hi ? u->ids[i] : hi;
    }
    if (len > 1 && hi - lo < BITMAP_SPAN) {
        size_t words = (size_t)((hi - lo) / 64 + 1);
        if (words > u->words) {
            free(u->bits);
            u->bits = calloc(words, sizeof *u->bits);
            u->words = u->bits ? words : 0;
            if (!u->bits) {
                return DB_ERROR;
            }
        }
        for (size_t i = 0; i < len; i++) {
            uint64_t off = (uint64_t)(u->ids[i] - lo);
            uint64_t bit = (uint64_t)1 << (off % 64);
            c += (u->bits[off / 64] & bit) == 0;
            u->bits[off / 64] |= bit;
        }
        for (size_t i = 0; i < len; i++) { /* clear what was marked */
            u->bits[(uint64_t)(u->ids[i] - lo) / 64] = 0;
        }
        *count = c;
        return DB_OK;
    }
    if (len > 1) {
        qsort(u->ids, len, sizeof *u->ids, cmp_int64);
    }
    for (size_t i = 0; i < len; i++) {
        c += i == 0 || u->ids[i] != u->ids[i - 1];
    }
    *count = c;
    return DB_OK;
}

/* How many distinct ids the sets rows[0..n) hold together: one set is
 * its own count; several are decoded and each id counted once. */
static int union_count(struct union_work *u, const struct set_row *rows,
                       size_t n, int64_t *count)
{
    if (n == 1) {
        *count = rows[0].n;
        return DB_OK;
    }
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (stats_set_decode(rows[i].items, &u->ids, &len, &u->cap) != 0) {
            return DB_ERROR;
        }
    }
    return count_ids(u, len, count);
}

/* A set of stats_distinct: dim '' (everyone), 'category', 'area',
 * 'type' or 'group'; value the filter on it, or "". The sets of each
 * key are unioned here. */
static int run_distinct(struct run *r, const char *sql, const char *dim,
                        const char *value, int measure)
{
    struct db_stmt *st = db_prepare(r->db, sql);
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_head(r, st);
    db_bind_text(st, i++, dim);
    db_bind_text(st, i++, stats_month_text(r->a, r->q->from_month));
    db_bind_text(st, i++, stats_month_text(r->a, r->q->to_month));
    db_bind_text(st, i++, or_empty(value));
    db_bind_text(st, i++, or_empty(value));
    struct set_row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        rows = arena_grow(r->a, rows, n, &cap, sizeof *rows);
        struct set_row *row = &rows[n++];
        row->slot = r->slot;
        for (int k = 0; k < STATS_MAX_BY; k++) {
            row->key[k] = arena_strdup(r->a, db_col_text(st, k));
        }
        row->items = arena_strdup(r->a, db_col_text(st, 3));
        row->n = db_col_int(st, 4);
    }
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (n > 1) {
        qsort(rows, n, sizeof *rows, cmp_set_rows);
    }
    struct union_work u = {0};
    rc = DB_OK;
    for (size_t a = 0, b; rc == DB_OK && a < n; a = b) {
        for (b = a + 1; b < n && cmp_set_rows(&rows[a], &rows[b]) == 0; b++) {
        }
        int64_t count;
        rc = union_count(&u, &rows[a], b - a, &count);
        if (rc == DB_OK) {
            r->parts =
                arena_grow(r->a, r->parts, r->n, &r->cap, sizeof *r->parts);
            struct part *p = &r->parts[r->n++];
            memset(p, 0, sizeof *p);
            p->slot = r->slot;
            memcpy(p->key, rows[a].key, sizeof p->key);
            p->v[measure] = count;
            p->has[measure] = true;
        }
    }
    /* Every row together: what the whole counts, without asking for it
     * again (every record has a type and an area, so the sets by type or
     * area hold the same people as the overall one). */
    if (rc == DB_OK) {
        rc = union_count(&u, rows, n, &r->all[measure]);
    }
    free(u.ids);
    free(u.bits);
    return rc;
}

/* The time cut's buckets: months grouped by month, quarter or year. */
struct bucket {
    int first, last; /* months */
    const char *key;
};

static const char *time_key(struct arena *a, int dim, int month)
{
    int y = month / 12, m = month % 12 + 1;
    if (dim == STATS_BY_QUARTER) {
        return arena_printf(a, "%04d-Q%d", y, (m + 2) / 3);
    }
    if (dim == STATS_BY_YEAR) {
        return arena_printf(a, "%04d", y);
    }
    return arena_printf(a, "%04d-%02d", y, m);
}

static size_t buckets_of(struct arena *a, const struct stats_query *q,
                         struct bucket **out)
{
    int dim = -1;
    for (size_t i = 0; i < q->n_by; i++) {
        if (stats_dim_is_time(q->by[i])) {
            dim = q->by[i];
        }
    }
    size_t n = 0;
    *out = arena_alloc(a, (size_t)(q->to_month - q->from_month + 1) *
                              sizeof **out);
    for (int m = q->from_month; m <= q->to_month; m++) {
        const char *key = dim < 0 ? NULL : time_key(a, dim, m);
        if (n > 0 && (dim < 0 || strcmp((*out)[n - 1].key, key) == 0)) {
            (*out)[n - 1].last = m;
        } else {
            (*out)[n++] = (struct bucket){m, m, key};
        }
    }
    return n;
}

static const char *day_text(struct arena *a, int month, bool first)
{
    int y = month / 12, m = month % 12 + 1;
    /* The last day: the day before the next month's first. */
    struct cn_date d =
        first ? (struct cn_date){y, m, 1}
              : cn_civil_from_days(cn_days_from_civil(m == 12 ? y + 1 : y,
                                                      m == 12 ? 1 : m + 1,
                                                      1) -
                                   1);
    char buf[16];
    cn_date_format(d, buf);
    return arena_strdup(a, buf);
}

/* The first second of a month (numbered year * 12 + month - 1) in
 * Beijing. */
static int64_t month_start(int month)
{
    return cn_days_from_civil(month / 12, month % 12 + 1, 1) * 86400 -
           CN_UTC_OFFSET;
}

static int run_cases(struct run *r)
{
    struct bucket *b;
    size_t nb = buckets_of(r->a, r->q, &b);
    int rc = DB_OK;
    for (size_t k = 0; rc == DB_OK && k < nb; k++) {
        struct db_stmt *st = db_prepare(r->db, CASES_SQL);
        if (!st) {
            return DB_ERROR;
        }
        const char *from = day_text(r->a, b[k].first, true);
        const char *to = day_text(r->a, b[k].last, false);
        /* The period in time: a reopened case's earlier closure is in
         * its events, its closed_on having been cleared. */
        int64_t from_at = month_start(b[k].first);
        int64_t to_at = month_start(b[k].last + 1);
        int i = bind_slots(r, st, false);
        db_bind_text(st, i++, from);
        db_bind_text(st, i++, to);
        db_bind_text(st, i++, from);
        db_bind_text(st, i++, to);
        db_bind_int(st, i++, from_at);
        db_bind_int(st, i++, to_at);
        db_bind_text(st, i++, from);
        db_bind_int(st, i++, from_at);
        db_bind_int(st, i++, to_at);
        i = bind_stations(r, st, i);
        db_bind_text(st, i++, to);
        rc = collect(r, st, cases_cols,
                     sizeof cases_cols / sizeof cases_cols[0], b[k].key);
    }
    return rc;
}

/* Which stats_distinct set holds the clients served for the query. */
static void served_set(const struct stats_query *q, const char **dim,
                       const char **value)
{
    *dim = "";
    *value = NULL;
    for (size_t i = 0; i < q->n_by; i++) {
        if (q->by[i] == STATS_BY_CATEGORY) {
            *dim = "category";
        } else if (q->by[i] == STATS_BY_AREA) {
            *dim = "area";
        } else if (q->by[i] == STATS_BY_TYPE) {
            *dim = "type";
        }
    }
    if (q->category) {
        *dim = "category", *value = q->category;
    } else if (q->area) {
        *dim = "area", *value = q->area;
    } else if (q->type) {
        *dim = "type", *value = q->type;
    }
}

static int run_sources(struct run *r, const struct sources *src)
{
    const struct stats_query *q = r->q;
    bool by_category = stats_dims_used(q) & CAT;
    int rc = station_range(r);
    if (rc != DB_OK) {
        return rc;
    }
    if (by_category) {
        if (wants_any(q, categories_cols,
                      sizeof categories_cols / sizeof categories_cols[0])) {
            bool months = !(stats_dims_used(q) & (AREA | TYPE));
            rc = run_sums(r, months ? src->category_months : src->categories,
                          months ? SUMS_CATEGORY_MONTHS : SUMS_CATEGORY,
                          categories_cols,
                          sizeof categories_cols / sizeof categories_cols[0]);
        }
    } else if (wants_any(q, services_cols,
                         sizeof services_cols / sizeof services_cols[0])) {
        /* By neither type nor area, the summary per month: a row for
         * some thirty. */
        bool months = !(stats_dims_used(q) & (AREA | TYPE));
        rc = run_sums(r, months ? src->months : src->services,
                      months ? SUMS_MONTHS : SUMS_TYPE_AREA, services_cols,
                      sizeof services_cols / sizeof services_cols[0]);
    }
    if (rc == DB_OK && wanted(q, STATS_CLIENTS_SERVED)) {
        const char *dim, *value;
        served_set(q, &dim, &value);
        rc = run_distinct(r, src->distinct, dim, value, STATS_CLIENTS_SERVED);
    }
    if (rc == DB_OK && wanted(q, STATS_GROUPS)) {
        rc = run_distinct(r, src->distinct, "group", NULL, STATS_GROUPS);
    }
    if (rc == DB_OK &&
        wants_any(q, cases_cols, sizeof cases_cols / sizeof cases_cols[0])) {
        rc = run_cases(r);
    }
    return rc;
}

/* ---- places that did nothing ------------------------------------------ */

static size_t merge(struct run *r);

static bool is_place(int dim)
{
    return dim == STATS_BY_STATION || dim == STATS_BY_TOWNSHIP ||
           dim == STATS_BY_COUNTY;
}

/* The stations a cut by place lists, in one read: PLACES_SQL. */
static int read_places(struct run *r)
{
    struct db_stmt *st = db_prepare(r->db, PLACES_SQL);
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_stations(r, st, 1);
    db_bind_int(st, i++, r->q->station_id);
    db_bind_text(st, i++, day_text(r->a, r->q->to_month, false));
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        r->places =
            arena_grow(r->a, r->places, r->n_places, &cap, sizeof *r->places);
        struct place *p = &r->places[r->n_places++];
        p->id = db_col_int(st, 0);
        p->region = arena_strdup(r->a, db_col_text(st, 1));
        p->name = arena_strdup(r->a, db_col_text(st, 2));
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* A station's key under a place cut, as KEY gives it. */
static const char *place_key(struct arena *a, const struct place *p, int dim)
{
    if (dim == STATS_BY_STATION) {
        return arena_printf(a, "%lld", (long long)p->id);
    }
    size_t len = strlen(p->region), want = dim == STATS_BY_TOWNSHIP ? 9 : 6;
    return arena_printf(a, "%.*s", (int)(len < want ? len : want), p->region);
}

/* The place keys of a row, joined: what says whether a place has a row. */
static const char *place_tuple(const struct run *r, const char *const *key)
{
    const char *t = "";
    for (int k = 0; k < STATS_MAX_BY; k++) {
        if (r->slot[k] >= 0 && is_place(r->slot[k])) {
            t = arena_printf(r->a, "%s%s\x1f", t, key[k]);
        }
    }
    return t;
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A cut by place lists every place of the scope (docs/statistics.md,
 * "Places that did nothing"): a station, township or county with no row
 * gets one of zeros, once, its other cuts' keys those a filter or a
 * one-period query fixes, else "". *n: the merged parts, then with these. */
static int add_places(struct run *r, size_t *n)
{
    bool by_place = false;
    for (int k = 0; k < STATS_MAX_BY; k++) {
        by_place = by_place || (r->slot[k] >= 0 && is_place(r->slot[k]));
    }
    if (!by_place) {
        return DB_OK;
    }
    int rc = read_places(r);
    if (rc != DB_OK || r->n_places == 0) {
        return rc;
    }
    const char **have = arena_alloc(r->a, (*n + 1) * sizeof *have);
    for (size_t j = 0; j < *n; j++) {
        have[j] = place_tuple(r, r->parts[j].key);
    }
    qsort(have, *n, sizeof *have, cmp_text);
    struct bucket *b;
    const char *period =
        buckets_of(r->a, r->q, &b) == 1 && b[0].key ? b[0].key : "";
    r->n = *n;
    for (size_t i = 0; i < r->n_places; i++) {
        struct part z;
        memset(&z, 0, sizeof z);
        z.slot = r->slot;
        for (int k = 0; k < STATS_MAX_BY; k++) {
            int d = r->slot[k];
            z.key[k] = d < 0                      ? ""
                       : is_place(d)              ? place_key(r->a, &r->places[i], d)
                       : d == STATS_BY_TYPE       ? or_empty(r->q->type)
                       : d == STATS_BY_AREA       ? or_empty(r->q->area)
                       : d == STATS_BY_CATEGORY   ? or_empty(r->q->category)
                                                  : period;
        }
        const char *t = place_tuple(r, z.key);
        if (*n && bsearch(&t, have, *n, sizeof *have, cmp_text)) {
            continue;
        }
        r->parts = arena_grow(r->a, r->parts, r->n, &r->cap, sizeof *r->parts);
        r->parts[r->n++] = z;
    }
    *n = merge(r); /* in order, a township's stations as one row */
    return DB_OK;
}

/* ---- merging and labels ------------------------------------------------ */


static int cmp_parts(const void *pa, const void *pb)
{
    const struct part *a = pa, *b = pb;
    for (int k = 0; k < STATS_MAX_BY; k++) {
        int c = cmp_key(a->slot[k], a->key[k], b->key[k]);
        if (c) {
            return c;
        }
    }
    return 0;
}

/* Parts with equal keys into one: each measure comes from one source. */
static size_t merge(struct run *r)
{
    if (r->n == 0) {
        return 0;
    }
    qsort(r->parts, r->n, sizeof *r->parts, cmp_parts);
    size_t out = 0;
    for (size_t i = 1; i < r->n; i++) {
        struct part *last = &r->parts[out];
        if (cmp_parts(last, &r->parts[i]) == 0) {
            for (int m = 0; m < STATS_MEASURE_COUNT; m++) {
                if (r->parts[i].has[m]) {
                    last->v[m] += r->parts[i].v[m];
                    last->has[m] = true;
                }
            }
        } else {
            r->parts[++out] = r->parts[i];
        }
    }
    return out + 1;
}

static const char *label_of(struct run *r, int dim, const char *key)
{
    struct db_stmt *st = NULL;
    if (!*key) { /* a place that did nothing, under a cut left open */
        bool en = r->q->lang == LANG_EN;
        bool time = dim == STATS_BY_MONTH || dim == STATS_BY_QUARTER ||
                    dim == STATS_BY_YEAR;
        return time ? (en ? "whole period" : "全期") : (en ? "all" : "全部");
    }
    switch (dim) {
    case STATS_BY_STATION:
        if (r->n_places) { /* the names read with the places */
            int64_t id = atoll(key);
            size_t lo = 0, hi = r->n_places;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (r->places[mid].id < id) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (lo < r->n_places && r->places[lo].id == id) {
                return r->places[lo].name;
            }
        }
        st = db_prepare(r->db, "SELECT name FROM stations WHERE id = ?");
        if (st) {
            db_bind_int(st, 1, atoll(key));
        }
        break;
    case STATS_BY_TOWNSHIP:
    case STATS_BY_COUNTY:
        st = db_prepare(r->db, "SELECT name FROM regions WHERE code = ?");
        if (st) {
            db_bind_text(st, 1, key);
        }
        break;
    default:
        return stats_key_label(r->db, r->a, dim, key, r->q->from_month,
                               r->q->to_month, r->q->lang);
    }
    const char *label = key;
    if (st) {
        if (db_step(st) == DB_ROW) {
            label = arena_strdup(r->a, db_col_text(st, 0));
        }
        db_reset(st);
    }
    /* By township, the county guidance centre's figures sit under the
     * county's own code: 攸县本级, not a row named like a township. */
    if (dim == STATS_BY_TOWNSHIP && strlen(key) == 6) {
        label = arena_printf(r->a, "%s%s", label,
                             r->q->lang == LANG_EN ? " (county level)"
                                                   : "本级");
    }
    return label;
}

const char *stats_key_label(struct db *db, struct arena *a, int dim,
                            const char *key, int from_month, int to_month,
                            enum lang lang)
{
    struct dictionary_item it;
    const char *kind =
        dim == STATS_BY_AREA ? "service_area" : "client_category";
    switch (dim) {
    case STATS_BY_MONTH:
    case STATS_BY_QUARTER:
    case STATS_BY_YEAR:
        return stats_period_label(a, dim, key, from_month, to_month, lang);
    case STATS_BY_TYPE:
        return dictionary_fixed_label("service_type", key, lang == LANG_EN);
    case STATS_BY_CATEGORY:
    case STATS_BY_AREA:
        if (!*key || dictionary_store_get(db, a, kind, key, &it) != DB_ROW) {
            return key;
        }
        /* An item a deployment added may have no English label. */
        return lang == LANG_EN && it.label_en && *it.label_en ? it.label_en
                                                              : it.label;
    }
    return key;
}

/* Labels repeat down a column: the one before is kept per slot. */
static void label_rows(struct run *r, struct stats_row *rows, size_t n)
{
    for (int k = 0; k < (int)r->q->n_by; k++) {
        const char *prev_key = NULL, *prev = NULL;
        for (size_t i = 0; i < n; i++) {
            if (!prev_key || strcmp(prev_key, rows[i].key[k]) != 0) {
                prev_key = rows[i].key[k];
                prev = label_of(r, r->slot[k], prev_key);
            }
            rows[i].label[k] = prev;
        }
    }
}

static void fill_row(const struct stats_query *q, const struct part *p,
                     struct stats_row *row)
{
    for (size_t i = 0; i < q->n_measures; i++) {
        int m = q->measures[i];
        row->available[i] = stats_measures[m].available;
        row->value[i] = p && p->has[m] ? p->v[m] : 0;
    }
}

/* Whether the whole's value of m follows from the rows of q's cut: a sum
 * over a cut that parts the records (every cut but category, under
 * which a person may count twice), or a distinct count from the union of
 * every set read; but not, under a time cut, the cases open over several
 * months, which are open in more than one, nor the cases closed, reopened
 * and closed again, which count once in each month they closed in. */
static bool derived(const struct stats_query *q, int m)
{
    if (q->n_by == 0 || (stats_dims_used(q) & CAT)) {
        return false;
    }
    for (size_t k = 0; k < q->n_by; k++) {
        if ((m == STATS_CASES_ACTIVE || m == STATS_CASES_CLOSED) &&
            stats_dim_is_time(q->by[k])) {
            return false;
        }
    }
    return true;
}

static void total_from_cut(const struct stats_query *q, const struct run *r,
                           size_t n, struct stats_row *total)
{
    for (size_t i = 0; i < q->n_measures; i++) {
        int m = q->measures[i];
        if (!derived(q, m)) {
            continue;
        }
        int64_t v = 0;
        if (m == STATS_CLIENTS_SERVED || m == STATS_GROUPS) {
            v = r->all[m];
        } else {
            for (size_t j = 0; j < n; j++) {
                v += r->parts[j].v[m];
            }
        }
        total->value[i] = v;
        total->available[i] = stats_measures[m].available;
    }
}

static int run_query(struct db *db, struct arena *a, const struct scope *sc,
                     const struct stats_query *q, const struct sources *src,
                     struct stats_result *out)
{
    memset(out, 0, sizeof *out);
    struct run r = {.db = db, .a = a, .sc = sc, .q = q};
    size_t n = 0;
    int rc;
    if (q->n_by > 0) {
        for (int k = 0; k < STATS_MAX_BY; k++) {
            r.slot[k] = k < (int)q->n_by ? q->by[k] : -1;
        }
        if ((rc = run_sources(&r, src)) != DB_OK) {
            return rc;
        }
        n = merge(&r);
        if ((rc = add_places(&r, &n)) != DB_OK) {
            return rc;
        }
        total_from_cut(q, &r, n, &out->total);
    }
    /* The whole, uncut, for what the cut does not give. */
    struct stats_query whole = *q;
    whole.n_by = 0;
    whole.n_measures = 0;
    for (size_t i = 0; i < q->n_measures; i++) {
        if (!derived(q, q->measures[i])) {
            whole.measures[whole.n_measures++] = q->measures[i];
        }
    }
    if (whole.n_measures > 0) {
        struct run w = {.db = db, .a = a, .sc = sc, .q = &whole};
        for (int k = 0; k < STATS_MAX_BY; k++) {
            w.slot[k] = -1;
        }
        if ((rc = run_sources(&w, src)) != DB_OK) {
            return rc;
        }
        const struct part *p = merge(&w) ? &w.parts[0] : NULL;
        for (size_t i = 0; i < q->n_measures; i++) {
            int m = q->measures[i];
            if (!derived(q, m)) {
                out->total.value[i] = p && p->has[m] ? p->v[m] : 0;
                out->total.available[i] = stats_measures[m].available;
            }
        }
    }
    if (q->n_by == 0) {
        return DB_OK;
    }
    /* Cut by time alone, every month (quarter, year) has its row, zero
     * or not. */
    struct bucket *b = NULL;
    size_t nb = 0;
    if (q->n_by == 1 && stats_dim_is_time(q->by[0])) {
        nb = buckets_of(a, q, &b);
    }
    out->rows = arena_alloc(a, (nb > n ? nb : n) * sizeof *out->rows + 1);
    if (nb) {
        size_t j = 0;
        for (size_t i = 0; i < nb; i++) {
            while (j < n && strcmp(r.parts[j].key[0], b[i].key) < 0) {
                j++;
            }
            struct stats_row *row = &out->rows[out->n_rows++];
            row->key[0] = b[i].key;
            fill_row(q,
                     j < n && strcmp(r.parts[j].key[0], b[i].key) == 0
                         ? &r.parts[j]
                         : NULL,
                     row);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            struct stats_row *row = &out->rows[out->n_rows++];
            for (size_t k = 0; k < q->n_by; k++) {
                row->key[k] = r.parts[i].key[k];
            }
            fill_row(q, &r.parts[i], row);
        }
    }
    label_rows(&r, out->rows, out->n_rows);
    return DB_OK;
}

int stats_run(struct db *db, struct arena *a, const struct scope *sc,
              const struct stats_query *q, struct stats_result *out)
{
    return run_query(db, a, sc, q, &summaries, out);
}

int stats_recompute(struct db *db, struct arena *a, const struct scope *sc,
                    const struct stats_query *q, struct stats_result *out)
{
    return run_query(db, a, sc, q, &records, out);
}

/* ---- JSON ----------------------------------------------------------------
 */

static void write_values(struct jsonw *w, const struct stats_query *q,
                         const struct stats_row *row)
{
    for (size_t i = 0; i < q->n_measures; i++) {
        int m = q->measures[i];
        jsonw_key(w, stats_measures[m].code);
        if (!row->available[i]) {
            jsonw_null(w);
        } else if (m == STATS_SERVICE_MINUTES) {
            /* Hours to a tenth, rounded half up, without floating point. */
            int64_t tenths = (row->value[i] * 10 + 30) / 60;
            char buf[32];
            snprintf(buf, sizeof buf, "%lld.%lld", (long long)(tenths / 10),
                     (long long)(tenths % 10));
            jsonw_raw(w, buf);
        } else {
            jsonw_int(w, row->value[i]);
        }
    }
}

void stats_result_json(struct jsonw *w, const struct stats_query *q,
                       const struct stats_result *r)
{
    char from[16], to[16];
    snprintf(from, sizeof from, "%04d-%02d", (q->from_month / 12) % 10000,
             q->from_month % 12 + 1);
    snprintf(to, sizeof to, "%04d-%02d", (q->to_month / 12) % 10000,
             q->to_month % 12 + 1);
    jsonw_obj_open(w);
    jsonw_kstr(w, "from", from);
    jsonw_kstr(w, "to", to);
    jsonw_key(w, "by");
    jsonw_arr_open(w);
    for (size_t k = 0; k < q->n_by; k++) {
        jsonw_str(w, stats_dim_codes[q->by[k]]);
    }
    jsonw_arr_close(w);
    jsonw_key(w, "measures");
    jsonw_arr_open(w);
    for (size_t i = 0; i < q->n_measures; i++) {
        const struct stats_measure_info *m = &stats_measures[q->measures[i]];
        jsonw_obj_open(w);
        jsonw_kstr(w, "code", m->code);
        jsonw_kstr(w, "label", stats_measure_label(m, q->lang));
        jsonw_kstr(w, "label_en", m->label_en);
        jsonw_kstr(w, "unit", stats_measure_unit(m, q->lang));
        jsonw_kstr(w, "unit_en", m->unit_en);
        jsonw_kbool(w, "available", m->available);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_key(w, "rows");
    jsonw_arr_open(w);
    for (size_t i = 0; i < r->n_rows; i++) {
        jsonw_obj_open(w);
        for (size_t k = 0; k < q->n_by; k++) {
            const char *dim = stats_dim_codes[q->by[k]];
            jsonw_kstr(w, dim, r->rows[i].key[k]);
            char lk[24];
            snprintf(lk, sizeof lk, "%s_label", dim);
            jsonw_kstr(w, lk, r->rows[i].label[k]);
        }
        write_values(w, q, &r->rows[i]);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_key(w, "total");
    jsonw_obj_open(w);
    write_values(w, q, &r->total);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}
