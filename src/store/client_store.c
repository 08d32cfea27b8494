#include "client_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/pinyin.h"
#include "../core/region_code.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "columns.h"
#include "stats_store.h"
#include "visit_due_store.h"

#define CLIENT_COLS                                                         \
    "c.id, c.station_id, s.name, s.region_code, c.village_code, v.name, "   \
    "c.worker_id, u.display_name, c.name, c.name_pinyin, c.name_initials, " \
    "c.id_number_enc, c.id_blind, c.id_masked, c.id_last4, c.sex, "         \
    "c.birth_date, c.ethnicity, c.phone_enc, c.phone_blind, "               \
    "c.phone_masked, c.hukou_address_enc, c.hukou_address_masked, "         \
    "c.address_enc, c.address_masked, c.dibao_cert, c.dibao_since, "        \
    "c.tekun_cert, c.tekun_since, c.self_care, c.living, c.risk_level, "    \
    "c.tags, c.status, c.status_reason, c.notes, c.lawful_basis, "          \
    "c.consent_by, c.consent_on, c.consent_method, c.statutory_duty, "      \
    "c.basis_note, c.merged_into, c.version, c.created_by, c.created_at, "  \
    "c.updated_at, c.name_sort, c.status_on"

#define CLIENT_FROM                                                         \
    " FROM clients c JOIN stations s ON s.id = c.station_id "               \
    "LEFT JOIN regions v ON v.code = c.village_code "                       \
    "LEFT JOIN users u ON u.id = c.worker_id "

/* The scope: the station's (4 parameters), then "self" (2). */
#define CLIENT_SCOPE SCOPE_WHERE " AND (? = 0 OR c.worker_id = ?)"

static void bind_client_scope(struct db_stmt *st, const struct scope *sc)
{
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, sc->self_user);
    db_bind_int(st, 6, sc->self_user);
}

static void read_sealed(struct arena *a, struct db_stmt *st, int col,
                        bool has_blind, struct sealed *out)
{
    out->enc = store_text_opt(a, st, col);
    out->blind = has_blind ? store_text_opt(a, st, col + 1) : NULL;
    out->masked = arena_strdup(a, db_col_text(st, col + (has_blind ? 2 : 1)));
}

static void read_client(struct db_stmt *st, struct arena *a, struct client *c)
{
    memset(c, 0, sizeof *c);
    c->id = db_col_int(st, 0);
    c->station_id = db_col_int(st, 1);
    c->station_name = arena_strdup(a, db_col_text(st, 2));
    c->station_region = arena_strdup(a, db_col_text(st, 3));
    c->village_code = store_text_opt(a, st, 4);
    c->village_name = store_text_opt(a, st, 5);
    c->worker_id = db_col_int(st, 6);
    c->worker_name = store_text_opt(a, st, 7);
    c->name = arena_strdup(a, db_col_text(st, 8));
    c->name_pinyin = arena_strdup(a, db_col_text(st, 9));
    c->name_initials = arena_strdup(a, db_col_text(st, 10));
    read_sealed(a, st, 11, true, &c->id_number);
    c->id_last4 = arena_strdup(a, db_col_text(st, 14));
    c->sex = arena_strdup(a, db_col_text(st, 15));
    c->birth_date = arena_strdup(a, db_col_text(st, 16));
    c->ethnicity = arena_strdup(a, db_col_text(st, 17));
    read_sealed(a, st, 18, true, &c->phone);
    read_sealed(a, st, 21, false, &c->hukou_address);
    read_sealed(a, st, 23, false, &c->address);
    c->dibao_cert = arena_strdup(a, db_col_text(st, 25));
    c->dibao_since = store_text_opt(a, st, 26);
    c->tekun_cert = arena_strdup(a, db_col_text(st, 27));
    c->tekun_since = store_text_opt(a, st, 28);
    c->self_care = arena_strdup(a, db_col_text(st, 29));
    c->living = arena_strdup(a, db_col_text(st, 30));
    c->risk_level = arena_strdup(a, db_col_text(st, 31));
    c->tags = arena_strdup(a, db_col_text(st, 32));
    c->status = arena_strdup(a, db_col_text(st, 33));
    c->status_reason = arena_strdup(a, db_col_text(st, 34));
    c->notes = arena_strdup(a, db_col_text(st, 35));
    c->lawful_basis = arena_strdup(a, db_col_text(st, 36));
    c->consent_by = arena_strdup(a, db_col_text(st, 37));
    c->consent_on = store_text_opt(a, st, 38);
    c->consent_method = arena_strdup(a, db_col_text(st, 39));
    c->statutory_duty = arena_strdup(a, db_col_text(st, 40));
    c->basis_note = arena_strdup(a, db_col_text(st, 41));
    c->merged_into = db_col_int(st, 42);
    c->version = db_col_int(st, 43);
    c->created_by = db_col_int(st, 44);
    c->created_at = db_col_int(st, 45);
    c->updated_at = db_col_int(st, 46);
    c->name_sort = arena_strdup(a, db_col_text(st, 47));
    c->status_on = store_text_opt(a, st, 48);
}

/* Oldest first; of two that started the same day, the one recorded
 * first. A person has a handful: insertion sort, stable. */
static void sort_categories(struct client_category *k, const int64_t *ids,
                            size_t n)
{
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0; j--) {
            int c = strcmp(k[j - 1].started_on, k[j].started_on);
            if (c < 0 || (c == 0 && ids[j - 1] < ids[j])) {
                break;
            }
            struct client_category t = k[j - 1];
            k[j - 1] = k[j];
            k[j] = t;
        }
    }
}

/* The categories a client has had, oldest first, each with whether the
 * dictionary marks its code sensitive. Sorted here, not by ORDER BY:
 * the index gives (started_on, ended_on, code) order, and sorting by
 * started_on and id made SQLite open a temporary b-tree on every read of
 * a client, a fifth of a client page's instructions. */
static int read_categories(struct db *db, struct arena *a, struct client *c)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT k.code, k.started_on, k.ended_on, "
            "COALESCE(d.sensitive, 0), k.id FROM client_categories k "
            "LEFT JOIN dictionary_items d ON d.kind = 'client_category' "
            "AND d.code = k.code WHERE k.client_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, c->id);
    size_t cap = 4, id_cap = 4;
    c->categories = arena_alloc(a, cap * sizeof *c->categories);
    int64_t *ids = arena_alloc(a, id_cap * sizeof *ids);
    c->n_categories = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        c->categories =
            arena_grow(a, c->categories, c->n_categories, &cap,
                       sizeof *c->categories);
        ids = arena_grow(a, ids, c->n_categories, &id_cap, sizeof *ids);
        ids[c->n_categories] = db_col_int(st, 4);
        struct client_category *k = &c->categories[c->n_categories++];
        k->code = arena_strdup(a, db_col_text(st, 0));
        k->started_on = arena_strdup(a, db_col_text(st, 1));
        k->ended_on = store_text_opt(a, st, 2);
        k->sensitive = db_col_int(st, 3) != 0;
    }
    db_reset(st);
    sort_categories(c->categories, ids, c->n_categories);
    return rc < 0 ? rc : DB_OK;
}

/* What read_categories_of gathers while a statement's rows arrive. */
struct categories_of {
    struct client *rows;
    int64_t **ids; /* each row's categories' ids, to sort them */
    size_t *caps, *id_caps;
    struct arena *a;
};

static void add_category(struct db_stmt *st, size_t i, void *arg)
{
    struct categories_of *g = arg;
    struct client *c = &g->rows[i];
    c->categories = arena_grow(g->a, c->categories, c->n_categories,
                               &g->caps[i], sizeof *c->categories);
    g->ids[i] = arena_grow(g->a, g->ids[i], c->n_categories, &g->id_caps[i],
                           sizeof *g->ids[i]);
    g->ids[i][c->n_categories] = db_col_int(st, 5);
    struct client_category *k = &c->categories[c->n_categories++];
    k->code = arena_strdup(g->a, db_col_text(st, 1));
    k->started_on = arena_strdup(g->a, db_col_text(st, 2));
    k->ended_on = store_text_opt(g->a, st, 3);
    k->sensitive = db_col_int(st, 4) != 0;
}

/* read_categories for n clients, a statement per STORE_IN_MAX of them. */
static int read_categories_of(struct db *db, struct arena *a,
                              struct client *rows, size_t n)
{
    struct categories_of g = {
        .rows = rows,
        .ids = arena_alloc(a, n * sizeof *g.ids),
        .caps = arena_alloc(a, n * sizeof *g.caps),
        .id_caps = arena_alloc(a, n * sizeof *g.id_caps),
        .a = a,
    };
    int64_t *ids = arena_alloc(a, n * sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        ids[i] = rows[i].id;
        rows[i].categories = NULL;
        rows[i].n_categories = 0;
    }
    int rc = store_children(
        db, "SELECT k.client_id, k.code, k.started_on, k.ended_on, "
            "COALESCE(d.sensitive, 0), k.id FROM client_categories k "
            "LEFT JOIN dictionary_items d ON d.kind = 'client_category' "
            "AND d.code = k.code WHERE k.client_id IN " STORE_IN_IDS,
        ids, n, add_category, &g);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        sort_categories(rows[i].categories, g.ids[i], rows[i].n_categories);
    }
    return rc;
}

static int read_guardians(struct db *db, struct arena *a, struct client *c)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT g.name, g.relation, g.phone_enc, g.phone_masked, "
            "g.guardian_client_id, g.id, gc.status, gc.status_on FROM "
            "client_guardians g LEFT JOIN clients gc ON gc.id = "
            "g.guardian_client_id WHERE g.client_id = ? ORDER BY "
            "g.sort_order, g.id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, c->id);
    size_t cap = 4;
    c->guardians = arena_alloc(a, cap * sizeof *c->guardians);
    c->n_guardians = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        c->guardians =
            arena_grow(a, c->guardians, c->n_guardians, &cap,
                       sizeof *c->guardians);
        struct client_guardian *g = &c->guardians[c->n_guardians++];
        g->name = arena_strdup(a, db_col_text(st, 0));
        g->relation = arena_strdup(a, db_col_text(st, 1));
        g->phone_enc = store_text_opt(a, st, 2);
        g->phone_masked = arena_strdup(a, db_col_text(st, 3));
        g->guardian_client_id = db_col_int(st, 4);
        g->id = db_col_int(st, 5);
        g->client_status = store_text_opt(a, st, 6);
        g->client_status_on = store_text_opt(a, st, 7);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

static int get_client(struct db *db, struct arena *a, const struct scope *sc,
                      int64_t id, struct client *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " CLIENT_COLS ", h.id, h.name, m.relation, "
            "cu.display_name" CLIENT_FROM
            "LEFT JOIN household_members m ON m.client_id = c.id "
            "LEFT JOIN households h ON h.id = m.household_id "
            "LEFT JOIN users cu ON cu.id = c.created_by "
            "WHERE " CLIENT_SCOPE " AND c.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_client_scope(st, sc);
    db_bind_int(st, 7, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_client(st, a, out);
        out->household_id = db_col_int(st, 49);
        out->household_name = store_text_opt(a, st, 50);
        out->household_relation = store_text_opt(a, st, 51);
        out->created_by_name = store_text_opt(a, st, 52);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_DONE : (rc < 0 ? rc : DB_ERROR);
    }
    rc = read_categories(db, a, out);
    if (rc == DB_OK) {
        rc = read_guardians(db, a, out);
    }
    return rc == DB_OK ? DB_ROW : rc;
}

int client_store_get(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t id, struct client *out)
{
    bool opened = db_read_begin(db);
    int rc = get_client(db, a, sc, id, out);
    db_read_end(db, opened);
    return rc;
}

/* The list: the scope (1-6), then the filters (7-24), then the station
 * when one is asked for (25), then the search (by kind of query), then
 * LIMIT and OFFSET. One literal per combination: ORDER BY cannot be a
 * parameter, SQL is never built from input, and a filter the planner
 * should use an index for (station, name, pinyin, ID's last 4) is a plain
 * condition, not hidden behind "? = 0 OR". */
#define LIST_WHERE                                                          \
    " AND (? = '' OR EXISTS (SELECT 1 FROM client_categories k WHERE "     \
    "k.client_id = c.id AND k.code = ? AND k.started_on <= ? AND "          \
    "(k.ended_on IS NULL OR k.ended_on >= ?))) "                            \
    "AND (? = '' OR (c.village_code >= ? AND c.village_code <= ?)) "        \
    "AND (? = 0 OR c.worker_id = ?) "                                       \
    "AND (? = '' OR c.birth_date >= ?) AND (? = '' OR c.birth_date <= ?) "  \
    "AND ((? = '' AND c.status <> 'merged') OR c.status = ?) "              \
    "AND (? = '' OR c.station_id IN (SELECT id FROM stations WHERE "       \
    "region_code >= ? AND region_code <= ?)) "

/* Where a list's rows come from, with the scope's condition. A
 * province's list walks the register's indexes in the page's order and
 * asks each row's station whether it is in the range; a county's range
 * holds a hundredth of the province's clients, and so walked past nearly
 * every one of them (0.8 s for a county officer's first page of the
 * bench's million, 1.3 s with a category) and counted the whole
 * register. A few stations' lists are read station by station instead:
 * the stations in range first (CROSS JOIN keeps SQLite from reordering),
 * then each one's clients from the indexes that begin with the station,
 * sorted for the page. */
#define FROM_ANY                                                            \
    "clients c JOIN stations s ON s.id = c.station_id WHERE " CLIENT_SCOPE
/* The whole register (a range "all"): the join would seek every row's
 * station for nothing, 40 % of a province's search by initials (4,000
 * rows). A range that needs the station is faster joined (15 %). */
#define FROM_ALL                                                            \
    "clients c WHERE " SCOPE_WHERE_OF_STATION("c.station_id")              \
    " AND (? = 0 OR c.worker_id = ?)"
#define FROM_SCOPE                                                          \
    "stations s CROSS JOIN clients c WHERE c.station_id = s.id AND "       \
    CLIENT_SCOPE

#define S_ANY ""
#define S_ONE "AND c.station_id = ? "

#define Q_NONE ""
/* A name's beginning, by its sort key's beginning (core/pinyin.h): the
 * key of 王 begins the key of every 王…, so the indexes that keep the
 * register's order (clients_sort, clients_station_sort) hold the matches
 * in the order of the page, and a province's 王 reads 20 rows, not
 * 10,000 sorted. Separators and the case of Latin letters are not part
 * of a key: 阿依 finds 阿依·古丽 too. */
#define Q_NAME "AND c.name_sort >= ? AND c.name_sort <= ? "
#define Q_LATIN                                                             \
    "AND ((c.name_pinyin >= ? AND c.name_pinyin < ?) OR "                   \
    "(c.name_initials >= ? AND c.name_initials < ?)) "
#define Q_LAST4 "AND c.id_last4 = ? "
#define Q_ID "AND c.id_blind = ? "
#define Q_PHONE "AND c.phone_blind = ? "
/* Latin letters that only one of the two can start with: one range,
 * which SQLite reads from its index alone, where an OR of two ranges
 * collects row ids and reads every matching row from the table. */
#define Q_PINYIN "AND c.name_pinyin >= ? AND c.name_pinyin < ? "
#define Q_INITIALS "AND c.name_initials >= ? AND c.name_initials < ? "

/* A list by name is in the register's order (core/pinyin.h: surnames
 * together); a search by Latin letters in the order of the pinyin it
 * matched, which its indexes hold, so that a page of "zhang" across a
 * province reads 20 rows and not every match. */
#define ORDER_NAME "ORDER BY c.name_sort, c.id "
#define ORDER_NAME_DESC "ORDER BY c.name_sort DESC, c.id DESC "
#define ORDER_PINYIN "ORDER BY c.name_pinyin, c.id "
#define ORDER_PINYIN_DESC "ORDER BY c.name_pinyin DESC, c.id DESC "
#define ORDER_ID "ORDER BY c.id "
#define ORDER_ID_DESC "ORDER BY c.id DESC "
#define ORDER_BIRTH "ORDER BY c.birth_date, c.id "
#define ORDER_BIRTH_DESC "ORDER BY c.birth_date DESC, c.id DESC "

/* The page's ids first (a sort of small rows), then their columns and
 * joins for those 20 only: a search matching thousands sorts ids, not
 * whole records. */
/* The page's rows are read for its ids (CROSS JOIN: p first). With a
 * plain join SQLite may walk the whole table in the page's order, by
 * id or by an index of birth dates, looking each row up among the
 * page's 20 (0.5 s on the bench's million). */
#define LIST(from, st, q, order)                                            \
    "SELECT " CLIENT_COLS " FROM (SELECT c.id AS pid FROM " from LIST_WHERE \
    st q order "LIMIT ? OFFSET ?) p CROSS JOIN clients c JOIN stations s "  \
    "ON s.id = c.station_id LEFT JOIN regions v ON v.code = "               \
    "c.village_code LEFT JOIN users u ON u.id = c.worker_id WHERE c.id = "  \
    "p.pid " order
#define LIST_ALL_ORDERS(from, st, q, by_name, by_name_desc)                 \
    {{LIST(from, st, q, by_name), LIST(from, st, q, by_name_desc)},         \
     {LIST(from, st, q, ORDER_ID), LIST(from, st, q, ORDER_ID_DESC)},       \
     {LIST(from, st, q, ORDER_BIRTH), LIST(from, st, q, ORDER_BIRTH_DESC)}}
#define LIST_ALL_QUERIES(from, st)                                          \
    {LIST_ALL_ORDERS(from, st, Q_NONE, ORDER_NAME, ORDER_NAME_DESC),        \
     LIST_ALL_ORDERS(from, st, Q_NAME, ORDER_NAME, ORDER_NAME_DESC),        \
     LIST_ALL_ORDERS(from, st, Q_LATIN, ORDER_PINYIN, ORDER_PINYIN_DESC),   \
     LIST_ALL_ORDERS(from, st, Q_LAST4, ORDER_NAME, ORDER_NAME_DESC),       \
     LIST_ALL_ORDERS(from, st, Q_PINYIN, ORDER_PINYIN, ORDER_PINYIN_DESC),  \
     LIST_ALL_ORDERS(from, st, Q_INITIALS, ORDER_PINYIN,                    \
                     ORDER_PINYIN_DESC),                                    \
     LIST_ALL_ORDERS(from, st, Q_ID, ORDER_NAME, ORDER_NAME_DESC),          \
     LIST_ALL_ORDERS(from, st, Q_PHONE, ORDER_NAME, ORDER_NAME_DESC)}

enum q_kind {
    QK_NONE,
    QK_NAME,
    QK_LATIN,
    QK_LAST4,
    QK_PINYIN,
    QK_INITIALS,
    QK_ID,    /* a whole ID number: its blind index */
    QK_PHONE, /* a whole phone number: its blind index */
    QK_COUNT
};

/* How a list reads its rows: by the register's indexes (for a range
 * "all" with no station looked up), by one given station's, or by the
 * stations of a narrow range one by one. */
enum plan { PLAN_ALL, PLAN_ANY, PLAN_STATION, PLAN_SCOPE, PLAN_COUNT };

static enum plan plan_of(const struct scope *sc, const struct client_filter *f)
{
    if (f->station_id) {
        return PLAN_STATION;
    }
    if (sc->all) {
        return PLAN_ALL;
    }
    return scope_few_stations(sc) ? PLAN_SCOPE : PLAN_ANY;
}

/* [plan][kind of query][sort][descending] */
static const char *const list_sql[PLAN_COUNT][QK_COUNT][3][2] = {
    LIST_ALL_QUERIES(FROM_ALL, S_ANY),
    LIST_ALL_QUERIES(FROM_ANY, S_ANY),
    LIST_ALL_QUERIES(FROM_ANY, S_ONE),
    LIST_ALL_QUERIES(FROM_SCOPE, S_ANY),
};

/* Counting a whole province's register would cost more than the page:
 * the count stops at CLIENT_COUNT_MAX ("more than"). */
#define COUNT(from, st, q)                                                  \
    "SELECT COUNT(*) FROM (SELECT 1 FROM " from LIST_WHERE st q "LIMIT ?) t"
#define COUNT_ALL_QUERIES(from, st)                                         \
    {COUNT(from, st, Q_NONE),     COUNT(from, st, Q_NAME),                  \
     COUNT(from, st, Q_LATIN),    COUNT(from, st, Q_LAST4),                 \
     COUNT(from, st, Q_PINYIN),   COUNT(from, st, Q_INITIALS),              \
     COUNT(from, st, Q_ID),       COUNT(from, st, Q_PHONE)}
static const char *const count_sql[PLAN_COUNT][QK_COUNT] = {
    COUNT_ALL_QUERIES(FROM_ALL, S_ANY),
    COUNT_ALL_QUERIES(FROM_ANY, S_ANY),
    COUNT_ALL_QUERIES(FROM_ANY, S_ONE),
    COUNT_ALL_QUERIES(FROM_SCOPE, S_ANY),
};

/* A province's count of one category's holders, from the category's
 * index (client_categories_code): walking the register for 10,001
 * holders of a category few hold (孤儿: 12,673 of the bench's million)
 * read nearly every client and took 1.9 s; from the holders it takes
 * 50 ms. DISTINCT: nothing stops a category being recorded twice for
 * overlapping periods. Its own parameters follow the list's. */
#define COUNT_HOLDERS                                                       \
    "SELECT COUNT(*) FROM (SELECT DISTINCT k0.client_id FROM "              \
    "client_categories k0 CROSS JOIN clients c CROSS JOIN stations s "      \
    "WHERE c.id = k0.client_id AND s.id = c.station_id AND " CLIENT_SCOPE   \
    LIST_WHERE                                                              \
    "AND k0.code = ? AND k0.started_on <= ? AND (k0.ended_on IS NULL OR "   \
    "k0.ended_on >= ?) LIMIT ?) t"

/* Every match of a list, its id and the key of the page's order, in no
 * order: rank_rows' one read. A province's search by initials, and any
 * list of a narrow range, whose matches are a county's at most. */
#define RANK(from, q, key)                                                  \
    "SELECT c.id, " key " FROM " from LIST_WHERE S_ANY q "LIMIT ?"
#define K_NAME "c.name_sort"
#define K_PINYIN "c.name_pinyin"
#define K_ID "''" /* equal keys: the id alone orders */
#define K_BIRTH "c.birth_date"
#define RANK_ALL_ORDERS(q, by_name)                                         \
    {RANK(FROM_SCOPE, q, by_name), RANK(FROM_SCOPE, q, K_ID),               \
     RANK(FROM_SCOPE, q, K_BIRTH)}
/* [kind of query][sort], for PLAN_SCOPE; a Latin search is merged from
 * its pinyin's and its initials' (list_merged). */
static const char *const rank_scope_sql[QK_COUNT][3] = {
    RANK_ALL_ORDERS(Q_NONE, K_NAME),     RANK_ALL_ORDERS(Q_NAME, K_NAME),
    {NULL, NULL, NULL},                  RANK_ALL_ORDERS(Q_LAST4, K_NAME),
    RANK_ALL_ORDERS(Q_PINYIN, K_PINYIN), RANK_ALL_ORDERS(Q_INITIALS, K_PINYIN),
    RANK_ALL_ORDERS(Q_ID, K_NAME),       RANK_ALL_ORDERS(Q_PHONE, K_NAME),
};
/* A province's search by initials: [0] a range "all", [1] another. */
static const char *const rank_initials_sql[2] = {
    RANK(FROM_ALL, Q_INITIALS, K_PINYIN),
    RANK(FROM_ANY, Q_INITIALS, K_PINYIN),
};

/* A wide range's list (a city's, a province's) with a filter few clients
 * pass: a worker's clients, an age range such as the centenarians'
 * (百岁老人), a rare category (孤儿). Walking the register in the page's
 * order read every client to find those few (1.4-3.3 s on the bench's
 * million when none matched); the filter's own index (clients_worker,
 * clients_birth, client_categories_code) holds them, and they are ranked
 * in C like a narrow range's. The driver taken is the filter whose index
 * holds the fewest clients, when that is at most DRIVE_MAX. */
enum driver {
    DRIVE_NONE,
    DRIVE_WORKER,
    DRIVE_BIRTH,
    DRIVE_CATEGORY,
    DRIVE_COUNT
};
#define D_WORKER "AND c.worker_id = ? "
#define D_BIRTH "AND c.birth_date >= ? AND c.birth_date <= ? "
#define D_CATEGORY                                                          \
    "AND k0.code = ? AND k0.started_on <= ? AND (k0.ended_on IS NULL OR "   \
    "k0.ended_on >= ?) "
#define FROM_DRIVEN                                                         \
    "clients c CROSS JOIN stations s WHERE s.id = c.station_id AND "       \
    CLIENT_SCOPE
#define FROM_HOLDERS_ALL                                                    \
    "client_categories k0 CROSS JOIN clients c WHERE c.id = k0.client_id "  \
    "AND " SCOPE_WHERE_OF_STATION("c.station_id")                          \
    " AND (? = 0 OR c.worker_id = ?)"
#define FROM_HOLDERS_ANY                                                    \
    "client_categories k0 CROSS JOIN clients c CROSS JOIN stations s "      \
    "WHERE c.id = k0.client_id AND s.id = c.station_id AND " CLIENT_SCOPE
/* DISTINCT for a category's holders: nothing stops a category being
 * recorded twice for overlapping periods. */
#define DRIVEN(sel, from, d, key)                                           \
    "SELECT " sel "c.id, " key " FROM " from LIST_WHERE d "LIMIT ?"
#define DRIVEN_ALL_ORDERS(sel, from, d)                                     \
    {DRIVEN(sel, from, d, K_NAME), DRIVEN(sel, from, d, K_ID),              \
     DRIVEN(sel, from, d, K_BIRTH)}
/* [driver - 1][0: a range "all", 1: another wide one][sort] */
static const char *const driven_sql[DRIVE_COUNT - 1][2][3] = {
    {DRIVEN_ALL_ORDERS("", FROM_ALL, D_WORKER),
     DRIVEN_ALL_ORDERS("", FROM_DRIVEN, D_WORKER)},
    {DRIVEN_ALL_ORDERS("", FROM_ALL, D_BIRTH),
     DRIVEN_ALL_ORDERS("", FROM_DRIVEN, D_BIRTH)},
    {DRIVEN_ALL_ORDERS("DISTINCT ", FROM_HOLDERS_ALL, D_CATEGORY),
     DRIVEN_ALL_ORDERS("DISTINCT ", FROM_HOLDERS_ANY, D_CATEGORY)},
};
/* How many clients a driver's index holds, up to a limit. */
static const char *const driver_count_sql[DRIVE_COUNT - 1] = {
    "SELECT COUNT(*) FROM (SELECT 1 FROM clients c WHERE 1 = 1 " D_WORKER
    "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1 FROM clients c WHERE 1 = 1 " D_BIRTH
    "LIMIT ?) t",
    "SELECT COUNT(*) FROM (SELECT 1 FROM client_categories k0 WHERE 1 = 1 "
    D_CATEGORY "LIMIT ?) t",
};

/* What a query is: 4 characters of digits (the last may be X) are the ID
 * number's last 4; other ASCII letters and digits are pinyin or initials;
 * anything else is the start of a name. */
static enum q_kind q_kind_of(const char *q)
{
    if (!q || !*q) {
        return QK_NONE;
    }
    size_t n = strlen(q);
    bool digits = n == 4;
    bool latin = true;
    for (size_t i = 0; i < n; i++) {
        char ch = q[i];
        bool d = ch >= '0' && ch <= '9';
        if (!(d || (i == 3 && (ch == 'X' || ch == 'x')))) {
            digits = false;
        }
        if (!(d || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) {
            latin = false;
        }
    }
    if (digits) {
        return QK_LAST4;
    }
    return latin ? QK_LATIN : QK_NAME;
}

/* A query is at most 40 bytes (the API's limit); its sort key at most
 * four times that. */
struct bound_q {
    char lo[192], hi[192 + 4];
};

/* The range [lo, hi) of latin text starting with q, lower case. */
static void latin_range(const char *q, struct bound_q *b)
{
    size_t n = strlen(q);
    for (size_t j = 0; j <= n && j < sizeof b->lo; j++) {
        char ch = q[j];
        b->lo[j] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    b->lo[sizeof b->lo - 1] = 0;
    memcpy(b->hi, b->lo, sizeof b->lo);
    size_t last = strlen(b->hi) - 1;
    b->hi[last] = (char)(b->hi[last] + 1);
}

/* Whether any client's column (a literal probe) starts with the range. */
static int any_in_range(struct db *db, const char *sql,
                        const struct bound_q *b, bool *any)
{
    struct db_stmt *st = db_prepare(db, sql);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, b->lo);
    db_bind_text(st, 2, b->hi);
    int rc = db_step(st);
    *any = rc == DB_ROW;
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* Pages of a latin search merged in C at most this deep (offset and
 * limit); deeper ones are left to SQLite's OR. */
#define MERGE_MAX 400

/* Latin letters are pinyin or initials; "zs" cannot begin any pinyin and
 * "zhang" no initials. When no client's name could match one way, the
 * search is the other alone: the same rows at a fraction of the cost
 * (two index seeks to know). */
static int narrow_latin(struct db *db, const char *q, enum q_kind *k)
{
    /* A name's initials begin with the letter its pinyin begins with
     * (core/pinyin.c): for one letter the two ranges hold the same
     * clients, and the pinyin's is in name order. */
    if (strlen(q) == 1) {
        *k = QK_PINYIN;
        return DB_OK;
    }
    struct bound_q b;
    latin_range(q, &b);
    bool pinyin, initials;
    int rc = any_in_range(db, "SELECT 1 FROM clients WHERE name_pinyin >= "
                              "? AND name_pinyin < ? LIMIT 1",
                          &b, &pinyin);
    if (rc == DB_OK) {
        rc = any_in_range(db, "SELECT 1 FROM clients WHERE name_initials "
                              ">= ? AND name_initials < ? LIMIT 1",
                          &b, &initials);
    }
    if (rc == DB_OK && !(pinyin && initials)) {
        *k = pinyin ? QK_PINYIN : QK_INITIALS;
    }
    return rc;
}

/* The range of sort keys of the names beginning with q. A key ends a
 * run of Latin letters with a space, which a longer name's key holds
 * only where the run ends: q's is dropped. U+10FFFF sorts after every
 * character that can follow. */
static void name_range(const char *q, struct bound_q *b)
{
    pinyin_sort_key(q, b->lo, sizeof b->lo);
    size_t n = strlen(b->lo);
    if (n > 0 && b->lo[n - 1] == ' ') {
        b->lo[--n] = 0;
    }
    memcpy(b->hi, b->lo, n);
    memcpy(b->hi + n, "\xf4\x8f\xbf\xbf", 5);
}

static int bind_list(struct db_stmt *st, const struct scope *sc,
                     const struct client_filter *f, enum q_kind k,
                     struct bound_q *b)
{
    bind_client_scope(st, sc);
    const char *cat = f->category ? f->category : "";
    db_bind_text(st, 7, cat);
    db_bind_text(st, 8, cat);
    db_bind_text(st, 9, f->on);
    db_bind_text(st, 10, f->on);
    const char *village = f->village ? f->village : "";
    char upper[13];
    region_code_upper(village, upper);
    db_bind_text(st, 11, village);
    db_bind_text(st, 12, village);
    db_bind_text(st, 13, upper);
    db_bind_int(st, 14, f->worker_id);
    db_bind_int(st, 15, f->worker_id);
    const char *after = f->born_after ? f->born_after : "";
    const char *before = f->born_before ? f->born_before : "";
    db_bind_text(st, 16, after);
    db_bind_text(st, 17, after);
    db_bind_text(st, 18, before);
    db_bind_text(st, 19, before);
    const char *status = f->status ? f->status : "";
    db_bind_text(st, 20, status);
    db_bind_text(st, 21, status);
    const char *reach = f->reach ? f->reach : "";
    region_code_upper(reach, upper);
    db_bind_text(st, 22, reach);
    db_bind_text(st, 23, reach);
    db_bind_text(st, 24, upper);
    int i = 25;
    if (f->station_id) {
        db_bind_int(st, i++, f->station_id);
    }
    switch (k) {
    case QK_NONE:
        break;
    case QK_NAME:
        name_range(f->q, b);
        db_bind_text(st, i++, b->lo);
        db_bind_text(st, i++, b->hi);
        break;
    case QK_LATIN:
        latin_range(f->q, b);
        db_bind_text(st, i++, b->lo);
        db_bind_text(st, i++, b->hi);
        db_bind_text(st, i++, b->lo);
        db_bind_text(st, i++, b->hi);
        break;
    case QK_PINYIN:
    case QK_INITIALS:
        latin_range(f->q, b);
        db_bind_text(st, i++, b->lo);
        db_bind_text(st, i++, b->hi);
        break;
    case QK_LAST4:
        snprintf(b->lo, sizeof b->lo, "%s", f->q);
        if (b->lo[3] == 'x') {
            b->lo[3] = 'X';
        }
        db_bind_text(st, i++, b->lo);
        break;
    case QK_ID:
    case QK_PHONE:
        db_bind_text(st, i++, f->q_blind);
        break;
    case QK_COUNT:
        break;
    }
    return i;
}

/* Binds a driver's parameters from index i; returns the next index. */
static int bind_driver(struct db_stmt *st, int i,
                       const struct client_filter *f, enum driver d)
{
    if (d == DRIVE_WORKER) {
        db_bind_int(st, i++, f->worker_id);
    } else if (d == DRIVE_BIRTH) {
        db_bind_text(st, i++, f->born_after ? f->born_after : "");
        db_bind_text(st, i++, f->born_before ? f->born_before : "9999");
    } else if (d == DRIVE_CATEGORY) {
        db_bind_text(st, i++, f->category);
        db_bind_text(st, i++, f->on);
        db_bind_text(st, i++, f->on);
    }
    return i;
}

static bool driver_asked(const struct client_filter *f, enum driver d)
{
    switch (d) {
    case DRIVE_WORKER:
        return f->worker_id != 0;
    case DRIVE_BIRTH:
        return f->born_after || f->born_before;
    case DRIVE_CATEGORY:
        return f->category && *f->category;
    default:
        return false;
    }
}

#define RANK_MAX (5 * CLIENT_COUNT_MAX)
/* Past this many the register's own order finds a page and its count
 * sooner than ranking every match (about 3 µs each). */
#define DRIVE_MAX (2 * CLIENT_COUNT_MAX)

/* The driver of a wide range's list of kind k, or DRIVE_NONE: a search
 * by name already reads few rows from its own index. */
static int driver_of(struct db *db, const struct scope *sc,
                     const struct client_filter *f, enum q_kind k,
                     enum driver *out)
{
    *out = DRIVE_NONE;
    enum plan plan = plan_of(sc, f);
    if (k != QK_NONE || (plan != PLAN_ALL && plan != PLAN_ANY)) {
        return DB_OK;
    }
    int64_t fewest = DRIVE_MAX + 1; /* each count stops at the best yet */
    for (enum driver d = DRIVE_WORKER; d < DRIVE_COUNT; d++) {
        if (!driver_asked(f, d)) {
            continue;
        }
        struct db_stmt *st = db_prepare(db, driver_count_sql[d - 1]);
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, bind_driver(st, 1, f, d), fewest);
        int rc = db_step(st);
        int64_t held = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
        if (rc != DB_ROW) {
            return rc < 0 ? rc : DB_ERROR;
        }
        if (held < fewest) {
            fewest = held;
            *out = d;
        }
    }
    return DB_OK;
}

/* A client's village lies inside its station's division (client_service.c
 * checks it; a move to another station clears the village), so a
 * village's clients are in the stations whose codes begin the village's
 * or begin with it. A wide range asked for one village is narrowed to
 * the division of the shortest such station, a county's or less, and
 * read station by station: walking a province's register for a
 * village's 15 clients took 1.5-1.8 s on the bench's million. */
static int narrow_to_village(struct db *db, struct arena *a,
                             const char *village, struct scope *sc)
{
    if (!village || (!sc->all && !sc->region_prefix) ||
        scope_few_stations(sc)) {
        return DB_OK;
    }
    struct db_stmt *st = db_prepare(
        db, "SELECT MIN(LENGTH(region_code)) FROM stations WHERE "
            "region_code IN (?, ?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    static const size_t cut[] = {2, 4, 6, 9, 12};
    size_t len = strlen(village);
    for (int i = 0; i < 5; i++) {
        db_bind_text(st, i + 1,
                     arena_strndup(a, village, cut[i] < len ? cut[i] : len));
    }
    int rc = db_step(st);
    size_t shortest = rc == DB_ROW && !db_col_null(st, 0)
                          ? (size_t)db_col_int(st, 0)
                          : len;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    const char *prefix = arena_strndup(a, village, shortest);
    if (shortest >= 6 &&
        (sc->all || strncmp(prefix, sc->region_prefix,
                            strlen(sc->region_prefix)) == 0)) {
        sc->all = false;
        sc->region_prefix = prefix;
    }
    return DB_OK;
}

/* A wide range asked for the clients a station's records may serve is
 * read as the range of that division (a county's picker, a township's
 * clients), station by station; LIST_WHERE holds the condition for the
 * ranges of listed stations, which cannot be narrowed so. */
static void narrow_to_reach(const char *reach, struct scope *sc)
{
    if (!reach) {
        return;
    }
    if (sc->all) {
        sc->all = false;
        sc->region_prefix = reach;
    } else if (sc->region_prefix &&
               strncmp(reach, sc->region_prefix,
                       strlen(sc->region_prefix)) == 0) {
        sc->region_prefix = reach;
    }
}

static int list_clients(struct db *db, struct arena *a,
                        const struct scope *sc, const struct client_filter *f,
                        struct client **out, size_t *n, int64_t *total);

int client_store_list(struct db *db, struct arena *a, const struct scope *sc,
                      const struct client_filter *f, struct client **out,
                      size_t *n, int64_t *total)
{
    bool opened = db_read_begin(db); /* the count and the page agree */
    struct scope wide;
    int rc = scope_widen(db, sc, &wide);
    if (rc == DB_OK) {
        rc = narrow_to_village(db, a, f->village, &wide);
    }
    narrow_to_reach(f->reach, &wide);
    if (rc == DB_OK) {
        rc = list_clients(db, a, &wide, f, out, n, total);
    }
    db_read_end(db, opened);
    return rc;
}

/* A city's list without a search, counted or read deep, station by
 * station: the register's order finds a first page among a few hundred
 * clients, but a count or a page past the 20th walked the whole
 * province for the city's fifteenth of it (0.4-0.5 s for a count of
 * ages, 2-3 s for page 300), where the city's own 70,000 clients are
 * read in 0.02-0.16 s. A search by name has its own index. */
static enum plan by_station(enum plan plan, enum q_kind k)
{
    return plan == PLAN_ANY && k == QK_NONE ? PLAN_SCOPE : plan;
}

/* Up to max rows of the list's query of kind k from offset, by plan. */
static int read_rows(struct db *db, struct arena *a, const struct scope *sc,
                     const struct client_filter *f, enum plan plan,
                     enum q_kind k, size_t max, int64_t offset,
                     struct client **out, size_t *n)
{
    struct bound_q b;
    struct db_stmt *st =
        db_prepare(db, list_sql[plan][k][f->sort][f->desc ? 1 : 0]);
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_list(st, sc, f, k, &b);
    db_bind_int(st, i, (int64_t)max);
    db_bind_int(st, i + 1, offset);
    *out = arena_alloc(a, sizeof **out * (max > 0 ? max : 1));
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < max) {
        read_client(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

/* A match of rank_rows: the page's order is its key, then its id. */
struct ranked {
    int64_t id;
    const char *key;
};

static int ranked_cmp(const struct ranked *x, const char *key, int64_t id,
                      bool desc)
{
    int c = strcmp(x->key, key);
    if (c == 0) {
        c = x->id < id ? -1 : x->id > id;
    }
    return desc ? -c : c;
}

/* The page's rows by id, in the scope again: on PostgreSQL the read of
 * the ids and this one are two snapshots. A row gone since is left out. */
static int read_by_ids(struct db *db, struct arena *a, const struct scope *sc,
                       const struct ranked *ids, size_t k,
                       struct client **out, size_t *n)
{
    *out = arena_alloc(a, sizeof **out * (k > 0 ? k : 1));
    *n = 0;
    if (k == 0) { /* a prepared statement is in use until it is reset */
        return DB_OK;
    }
    struct db_stmt *st = db_prepare(
        db, "SELECT " CLIENT_COLS CLIENT_FROM "WHERE " CLIENT_SCOPE
            " AND c.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    for (size_t j = 0; j < k; j++) {
        bind_client_scope(st, sc);
        db_bind_int(st, 7, ids[j].id);
        int rc = db_step(st);
        if (rc == DB_ROW) {
            read_client(st, a, &(*out)[(*n)++]);
        }
        db_reset(st);
        if (rc != DB_ROW && rc != DB_DONE) {
            return rc < 0 ? rc : DB_ERROR;
        }
    }
    return DB_OK;
}

/* A province's search by initials ("zs": 4,002 clients of the bench's
 * million) finds its matches in the initials index out of name order,
 * and a county's list its clients station by station. SQLite read them
 * twice, sorting them all for the page and again for the count; here
 * one read (sql, of kind k) takes each match's id and key (up to
 * RANK_MAX of them), counts them (*seen) and keeps the first want of
 * them in order (*top, *kept). Past RANK_MAX the order is left to
 * SQLite's sort. */
static int rank_rows(struct db *db, struct arena *a, const struct scope *sc,
                     const struct client_filter *f, enum q_kind qk,
                     enum driver d, const char *sql, size_t want,
                     struct ranked **top, size_t *kept, int64_t *seen)
{
    struct db_stmt *st = db_prepare(db, sql);
    if (!st) {
        return DB_ERROR;
    }
    struct bound_q b;
    int i = bind_driver(st, bind_list(st, sc, f, qk, &b), f, d);
    db_bind_int(st, i, RANK_MAX + 1);
    struct ranked *t = arena_alloc(a, sizeof *t * (want > 0 ? want : 1));
    size_t k = 0;
    *seen = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        ++*seen;
        int64_t id = db_col_int(st, 0);
        const char *key = db_col_text(st, 1);
        if (k == want && (want == 0 ||
                          ranked_cmp(&t[want - 1], key, id, f->desc) < 0)) {
            continue;
        }
        size_t lo = 0, hi = k; /* the first kept that comes after */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ranked_cmp(&t[mid], key, id, f->desc) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (k < want) {
            k++;
        }
        memmove(&t[lo + 1], &t[lo], sizeof *t * (k - 1 - lo));
        t[lo].id = id;
        t[lo].key = arena_strdup(a, key);
    }
    db_reset(st);
    *top = t;
    *kept = k;
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* The first want rows of a list of kind k in the page's order, ranked
 * in one read (with *seen, the matches counted, or -1 when SQLite
 * sorted them instead): a narrow range's any list, a province's search
 * by initials or by a driver d; a station's by SQLite, whose matches
 * are a handful. */
static int read_ranked(struct db *db, struct arena *a,
                       const struct scope *sc, const struct client_filter *f,
                       enum q_kind k, enum driver d, size_t want,
                       struct client **out, size_t *n, int64_t *seen)
{
    *seen = -1;
    enum plan plan = plan_of(sc, f);
    const char *sql = NULL;
    if (d != DRIVE_NONE) {
        sql = driven_sql[d - 1][plan == PLAN_ALL ? 0 : 1][f->sort];
    } else if (plan == PLAN_SCOPE) {
        sql = rank_scope_sql[k][f->sort];
    } else if (plan != PLAN_STATION && k == QK_INITIALS &&
               f->sort == CLIENT_SORT_NAME) {
        sql = rank_initials_sql[plan == PLAN_ALL ? 0 : 1];
    }
    if (sql) {
        struct ranked *top;
        size_t kept;
        int rc =
            rank_rows(db, a, sc, f, k, d, sql, want, &top, &kept, seen);
        if (rc != DB_OK || *seen <= RANK_MAX) {
            return rc == DB_OK ? read_by_ids(db, a, sc, top, kept, out, n)
                               : rc;
        }
        *seen = -1;
    }
    return read_rows(db, a, sc, f, plan, k, want, 0, out, n);
}

/* How many rows the list's query of kind k finds, counting up to
 * CLIENT_COUNT_MAX + 1. */
static int count_rows(struct db *db, const struct scope *sc,
                      const struct client_filter *f, enum q_kind k,
                      int64_t *total)
{
    struct bound_q b;
    enum plan plan = by_station(plan_of(sc, f), k);
    bool holders = plan == PLAN_ALL && k == QK_NONE && f->category &&
                   *f->category;
    struct db_stmt *st =
        db_prepare(db, holders ? COUNT_HOLDERS : count_sql[plan][k]);
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_list(st, sc, f, k, &b);
    if (holders) {
        db_bind_text(st, i++, f->category);
        db_bind_text(st, i++, f->on);
        db_bind_text(st, i++, f->on);
    }
    db_bind_int(st, i, CLIENT_COUNT_MAX + 1);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* Whether x comes before y in the name order (pinyin, then id). */
static bool name_before(const struct client *x, const struct client *y,
                        bool desc)
{
    int c = strcmp(x->name_pinyin, y->name_pinyin);
    if (c == 0) {
        c = x->id < y->id ? -1 : x->id > y->id;
    }
    return desc ? c > 0 : c < 0;
}

/* A name-ordered page of a latin search that both columns match ("zh":
 * 张华 by pinyin, 邹华 by initials alone). SQLite answers the OR by
 * reading and sorting every match, 61,874 across a province; each column
 * alone reads only up to the page's end (the pinyin index is in name
 * order, the initials' are ranked), and the two runs merged, a client in
 * both once, are the same page. *known when the runs tell the total:
 * both ended before the page did, or either column alone matches more
 * than CLIENT_COUNT_MAX (the OR's count reads its rows from the table,
 * twice the cost of the pinyin's from its index). */
static int list_merged(struct db *db, struct arena *a,
                       const struct scope *sc, const struct client_filter *f,
                       struct client **out, size_t *n, int64_t *total,
                       bool *known)
{
    size_t want = (size_t)(f->offset + f->limit);
    struct client *p, *q;
    size_t np, nq;
    int64_t seen;
    int rc = read_rows(db, a, sc, f, plan_of(sc, f), QK_PINYIN, want, 0, &p,
                       &np);
    if (rc == DB_OK) {
        rc = read_ranked(db, a, sc, f, QK_INITIALS, DRIVE_NONE, want, &q,
                         &nq, &seen);
    }
    if (rc != DB_OK) {
        return rc;
    }
    *out = arena_alloc(a, sizeof **out * (size_t)f->limit);
    *n = 0;
    size_t i = 0, j = 0;
    int64_t at = 0;
    while (i < np || j < nq) {
        const struct client *next;
        if (j >= nq || (i < np && !name_before(&q[j], &p[i], f->desc))) {
            next = &p[i++];
            if (j < nq && q[j].id == next->id) {
                j++;
            }
        } else {
            next = &q[j++];
        }
        if (at++ >= f->offset && *n < (size_t)f->limit) {
            (*out)[(*n)++] = *next;
        }
    }
    *known = true;
    if (np < want && nq < want) {
        *total = at;
        return DB_OK;
    }
    if (seen >= 0 && seen <= CLIENT_COUNT_MAX && np == want) {
        rc = count_rows(db, sc, f, QK_PINYIN, &seen);
    }
    *known = seen > CLIENT_COUNT_MAX;
    if (*known) {
        *total = CLIENT_COUNT_MAX + 1;
    }
    return rc;
}

static int list_clients(struct db *db, struct arena *a,
                        const struct scope *sc, const struct client_filter *f,
                        struct client **out, size_t *n, int64_t *total)
{
    enum q_kind k = f->q_blind ? (f->q_phone ? QK_PHONE : QK_ID)
                               : q_kind_of(f->q);
    int rc;
    if (k == QK_LATIN && (rc = narrow_latin(db, f->q, &k)) != DB_OK) {
        return rc;
    }
    bool known = false; /* whether the rows read tell the total */
    size_t want = (size_t)(f->offset + f->limit);
    bool name_page = f->sort == CLIENT_SORT_NAME && want <= MERGE_MAX;
    enum driver d = DRIVE_NONE;
    if (want <= MERGE_MAX && (rc = driver_of(db, sc, f, k, &d)) != DB_OK) {
        return rc;
    }
    if (k == QK_LATIN && name_page) {
        rc = list_merged(db, a, sc, f, out, n, total, &known);
    } else if ((k == QK_INITIALS && name_page) || d != DRIVE_NONE ||
               (plan_of(sc, f) == PLAN_SCOPE && k != QK_LATIN &&
                want <= MERGE_MAX)) {
        struct client *rows;
        size_t got;
        int64_t seen;
        rc = read_ranked(db, a, sc, f, k, d, want, &rows, &got, &seen);
        size_t from = (size_t)f->offset < got ? (size_t)f->offset : got;
        *out = rows + from;
        *n = got - from;
        if (seen >= 0 || got < want) {
            int64_t all = seen >= 0 ? seen : (int64_t)got;
            *total = all > CLIENT_COUNT_MAX ? CLIENT_COUNT_MAX + 1 : all;
            known = true;
        }
    } else {
        enum plan plan = plan_of(sc, f);
        if (want > MERGE_MAX) {
            plan = by_station(plan, k);
        }
        rc = read_rows(db, a, sc, f, plan, k, (size_t)f->limit, f->offset,
                       out, n);
        /* A short page that is not past the end is the last: it gives
         * the count (a station's search mostly fits one page). */
        if (*n < (size_t)f->limit && (*n > 0 || f->offset == 0)) {
            int64_t all = f->offset + (int64_t)*n;
            *total = all > CLIENT_COUNT_MAX ? CLIENT_COUNT_MAX + 1 : all;
            known = true;
        }
    }
    if (rc == DB_OK && !known) {
        rc = count_rows(db, sc, f, k, total);
    }
    if (rc != DB_OK) {
        return rc;
    }
    /* A statement per client: for a page, cheaper on SQLite than one
     * with an IN list (read_categories_of) by a fifth of the bench's
     * list rate. */
    for (size_t j = 0; j < *n; j++) {
        rc = read_categories(db, a, &(*out)[j]);
        if (rc != DB_OK) {
            return rc;
        }
    }
    return DB_OK;
}

struct each_client {
    bool (*fn)(void *ctx, const struct client *c);
    void *ctx;
    struct client *rows; /* the run's, in its arena */
};

static void each_client_read(struct db_stmt *st, struct arena *a, size_t i,
                             void *arg)
{
    struct each_client *e = arg;
    if (i == 0) {
        e->rows = arena_alloc(a, STORE_RUN * sizeof *e->rows);
    }
    read_client(st, a, &e->rows[i]); /* sets only its columns */
}

static int each_client_run(struct db *db, struct arena *a, size_t n,
                           void *arg)
{
    struct each_client *e = arg;
    int rc = read_categories_of(db, a, e->rows, n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (!e->fn(e->ctx, &e->rows[i])) {
            rc = DB_DONE;
        }
    }
    return rc;
}

int client_store_each(struct db *db, const struct scope *sc,
                      const struct client_filter *f, size_t max,
                      bool (*fn)(void *ctx, const struct client *c),
                      void *ctx)
{
    bool opened = db_read_begin(db); /* one snapshot: no row twice */
    struct arena *a = arena_new(0);   /* what the statement binds */
    struct scope wide;
    int rc = scope_widen(db, sc, &wide);
    if (rc == DB_OK) {
        rc = narrow_to_village(db, a, f->village, &wide);
    }
    narrow_to_reach(f->reach, &wide);
    enum q_kind k = f->q_blind ? (f->q_phone ? QK_PHONE : QK_ID)
                               : q_kind_of(f->q);
    if (rc == DB_OK && k == QK_LATIN) {
        rc = narrow_latin(db, f->q, &k);
    }
    struct db_stmt *st = NULL;
    if (rc == DB_OK) {
        st = db_prepare(db, list_sql[by_station(plan_of(&wide, f), k)][k]
                                    [f->sort][f->desc ? 1 : 0]);
        rc = st ? DB_OK : DB_ERROR;
    }
    if (rc == DB_OK) {
        struct bound_q b;
        int i = bind_list(st, &wide, f, k, &b);
        db_bind_int(st, i, (int64_t)max);
        db_bind_int(st, i + 1, 0);
        struct each_client e = {.fn = fn, .ctx = ctx};
        rc = store_each_run(db, st, each_client_read, each_client_run, &e);
    }
    arena_free(a);
    db_read_end(db, opened);
    return rc;
}

int client_store_find_id_number(struct db *db, const struct scope *sc,
                                const char *blind, int64_t *id,
                                bool *visible)
{
    *id = 0;
    *visible = false;
    struct db_stmt *st = db_prepare(
        db, "SELECT c.id, CASE WHEN " CLIENT_SCOPE " THEN 1 ELSE 0 END "
            "FROM clients c JOIN stations s ON s.id = c.station_id "
            "WHERE c.id_blind = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_client_scope(st, sc);
    db_bind_text(st, 7, blind);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
        *visible = db_col_int(st, 1) == 1;
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

#define MARKS8 "?, ?, ?, ?, ?, ?, ?, ?"
#define MARKS32 MARKS8 ", " MARKS8 ", " MARKS8 ", " MARKS8
_Static_assert(CLIENT_FIND_BATCH == 64, "the IN list below has 64 places");

int client_store_find_id_numbers(struct db *db, const struct scope *sc,
                                 const char *const *blinds, size_t n,
                                 int64_t *ids, bool *visible)
{
    if (n > CLIENT_FIND_BATCH) {
        return DB_ERROR;
    }
    /* One statement shape whatever n: the places past n hold NULL, which
     * IN never matches. */
    struct db_stmt *st = db_prepare(
        db, "SELECT c.id_blind, c.id, CASE WHEN " CLIENT_SCOPE " THEN 1 "
            "ELSE 0 END FROM clients c JOIN stations s ON s.id = "
            "c.station_id WHERE c.id_blind IN (" MARKS32 ", " MARKS32 ")");
    if (!st) {
        return DB_ERROR;
    }
    bind_client_scope(st, sc);
    for (size_t i = 0; i < CLIENT_FIND_BATCH; i++) {
        if (i < n) {
            db_bind_text(st, 7 + (int)i, blinds[i]);
            ids[i] = 0;
            visible[i] = false;
        } else {
            db_bind_null(st, 7 + (int)i);
        }
    }
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *b = db_col_text(st, 0);
        for (size_t i = 0; b && i < n; i++) {
            if (strcmp(blinds[i], b) == 0) {
                ids[i] = db_col_int(st, 1);
                visible[i] = db_col_int(st, 2) == 1;
            }
        }
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int client_store_similar(struct db *db, struct arena *a,
                         const struct scope *sc, const char *name,
                         const char *birth_date, const char *phone_blind,
                         int64_t except_id, struct client **out, size_t *n,
                         size_t max)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " CLIENT_COLS CLIENT_FROM "WHERE " CLIENT_SCOPE
            " AND c.name = ? AND c.id <> ? AND c.status <> 'merged' AND "
            "(c.birth_date = ? OR c.phone_blind = ?) ORDER BY c.id LIMIT ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_client_scope(st, sc);
    db_bind_text(st, 7, name);
    db_bind_int(st, 8, except_id);
    db_bind_text(st, 9, birth_date ? birth_date : "");
    db_bind_text(st, 10, phone_blind ? phone_blind : "");
    db_bind_int(st, 11, (int64_t)max);
    *out = arena_alloc(a, sizeof **out * (max ? max : 1));
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < max) {
        read_client(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

/* Deletes the rows of a child table of the client (a literal). */
static int delete_children(struct db *db, const char *sql, int64_t id)
{
    struct db_stmt *st = db_prepare(db, sql);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* clients.guardian_deceased (migration 41): whether one of her guardians
 * is linked to a client who died. Written again for client id and for
 * those whose guardian she is, after her guardians or her status
 * changed. */
#define GUARDIAN_DECEASED_NOW                                               \
    "CASE WHEN EXISTS (SELECT 1 FROM client_guardians g JOIN clients gc "  \
    "ON gc.id = g.guardian_client_id WHERE g.client_id = clients.id AND "   \
    "gc.status = 'deceased') THEN 1 ELSE 0 END"
/* A row whose mark stands is not written again (on PostgreSQL, a row
 * version less an edit). */
#define MARK_GUARDIAN_DECEASED                                              \
    "UPDATE clients SET guardian_deceased = " GUARDIAN_DECEASED_NOW        \
    " WHERE guardian_deceased <> " GUARDIAN_DECEASED_NOW " AND "

static int mark_with_wards(struct db *db, int64_t id)
{
    static const char *const sql[] = {
        MARK_GUARDIAN_DECEASED "id = ?",
        MARK_GUARDIAN_DECEASED "id IN (SELECT client_id FROM "
                               "client_guardians WHERE guardian_client_id "
                               "= ?)",
    };
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        struct db_stmt *st = db_prepare(db, sql[i]);
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        int rc = store_step_done(st);
        if (rc != DB_OK) {
            return rc;
        }
    }
    return DB_OK;
}

/* The categories and guardians of client id; a new client (fresh) has
 * none to delete first, which saves an import two of its statements a
 * row. The inserts wait for no answer (db_step_later): on PostgreSQL the
 * next statement that needs one carries them. The caller keeps the next
 * visit. */
static int write_children(struct db *db, const struct client *c, int64_t id,
                          bool fresh)
{
    struct db_stmt *st;
    int rc;
    if (!fresh && (rc = delete_children(db, "DELETE FROM client_categories "
                                            "WHERE client_id = ?",
                                        id)) != DB_OK) {
        return rc;
    }
    for (size_t i = 0; i < c->n_categories; i++) {
        st = db_prepare(db, "INSERT INTO client_categories (client_id, code, "
                            "started_on, ended_on) VALUES (?, ?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, c->categories[i].code);
        db_bind_text(st, 3, c->categories[i].started_on);
        db_bind_text(st, 4, c->categories[i].ended_on);
        if ((rc = db_step_later(st)) != DB_OK) {
            return rc;
        }
    }
    if (!fresh && (rc = delete_children(db, "DELETE FROM client_guardians "
                                            "WHERE client_id = ?",
                                        id)) != DB_OK) {
        return rc;
    }
    for (size_t i = 0; i < c->n_guardians; i++) {
        const struct client_guardian *g = &c->guardians[i];
        st = db_prepare(db, "INSERT INTO client_guardians (client_id, name, "
                            "relation, phone_enc, phone_masked, "
                            "guardian_client_id, sort_order) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, g->name);
        db_bind_text(st, 3, g->relation);
        db_bind_text(st, 4, g->phone_enc);
        db_bind_text(st, 5, g->phone_masked ? g->phone_masked : "");
        if (g->guardian_client_id) {
            db_bind_int(st, 6, g->guardian_client_id);
        } else {
            db_bind_null(st, 6);
        }
        db_bind_int(st, 7, (int64_t)i);
        if ((rc = db_step_later(st)) != DB_OK) {
            return rc;
        }
    }
    return DB_OK;
}

/* The columns both age queries share (0-8); the bound (9) is the
 * caller's. */
static void read_age_row(struct db_stmt *st, struct arena *a,
                         struct client_age_row *x)
{
    memset(x, 0, sizeof *x);
    x->id = db_col_int(st, 0);
    x->station_id = db_col_int(st, 1);
    x->name = arena_strdup(a, db_col_text(st, 2));
    x->birth_date = arena_strdup(a, db_col_text(st, 3));
    x->code = arena_strdup(a, db_col_text(st, 4));
    x->label = arena_strdup(a, db_col_text(st, 5));
    x->label_en = arena_strdup(a, db_col_text(st, 6));
    x->started_on = arena_strdup(a, db_col_text(st, 7));
    x->ended_on = store_text_opt(a, st, 8);
}

/* The editable columns, in the order both writes bind them (1-39). */
#define EDIT_COLS                                                           \
    "station_id, village_code, name, name_pinyin, name_initials, "          \
    "id_number_enc, id_blind, id_masked, id_last4, sex, birth_date, "       \
    "ethnicity, phone_enc, phone_blind, phone_masked, hukou_address_enc, "  \
    "hukou_address_masked, address_enc, address_masked, dibao_cert, "       \
    "dibao_since, tekun_cert, tekun_since, self_care, living, risk_level, " \
    "worker_id, tags, status, status_reason, notes, lawful_basis, "         \
    "consent_by, consent_on, consent_method, statutory_duty, basis_note, "  \
    "name_sort, status_on"
#define N_EDIT 39
#define EDIT_MARKS                                                          \
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " \
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define INSERT_CLIENT                                                       \
    "INSERT INTO clients (" EDIT_COLS ", version, created_by, created_at, "  \
    "updated_at"

static void bind_opt_id(struct db_stmt *st, int i, int64_t v)
{
    if (v) {
        db_bind_int(st, i, v);
    } else {
        db_bind_null(st, i);
    }
}

static void bind_edit(struct db_stmt *st, const struct client *c)
{
    int i = 1;
    db_bind_int(st, i++, c->station_id);
    db_bind_text(st, i++, c->village_code);
    db_bind_text(st, i++, c->name);
    db_bind_text(st, i++, c->name_pinyin);
    db_bind_text(st, i++, c->name_initials);
    db_bind_text(st, i++, c->id_number.enc);
    db_bind_text(st, i++, c->id_number.blind);
    db_bind_text(st, i++, c->id_number.masked ? c->id_number.masked : "");
    db_bind_text(st, i++, c->id_last4 ? c->id_last4 : "");
    db_bind_text(st, i++, c->sex);
    db_bind_text(st, i++, c->birth_date);
    db_bind_text(st, i++, c->ethnicity ? c->ethnicity : "");
    db_bind_text(st, i++, c->phone.enc);
    db_bind_text(st, i++, c->phone.blind);
    db_bind_text(st, i++, c->phone.masked ? c->phone.masked : "");
    db_bind_text(st, i++, c->hukou_address.enc);
    db_bind_text(st, i++,
                 c->hukou_address.masked ? c->hukou_address.masked : "");
    db_bind_text(st, i++, c->address.enc);
    db_bind_text(st, i++, c->address.masked ? c->address.masked : "");
    db_bind_text(st, i++, c->dibao_cert ? c->dibao_cert : "");
    db_bind_text(st, i++, c->dibao_since);
    db_bind_text(st, i++, c->tekun_cert ? c->tekun_cert : "");
    db_bind_text(st, i++, c->tekun_since);
    db_bind_text(st, i++, c->self_care ? c->self_care : "");
    db_bind_text(st, i++, c->living ? c->living : "");
    db_bind_text(st, i++, c->risk_level ? c->risk_level : "");
    bind_opt_id(st, i++, c->worker_id);
    db_bind_text(st, i++, c->tags ? c->tags : "");
    db_bind_text(st, i++, c->status ? c->status : "active");
    db_bind_text(st, i++, c->status_reason ? c->status_reason : "");
    db_bind_text(st, i++, c->notes ? c->notes : "");
    db_bind_text(st, i++, c->lawful_basis ? c->lawful_basis : "");
    db_bind_text(st, i++, c->consent_by ? c->consent_by : "");
    db_bind_text(st, i++, c->consent_on);
    db_bind_text(st, i++, c->consent_method ? c->consent_method : "");
    db_bind_text(st, i++, c->statutory_duty ? c->statutory_duty : "");
    db_bind_text(st, i++, c->basis_note ? c->basis_note : "");
    db_bind_text(st, i++, c->name_sort ? c->name_sort : "");
    db_bind_text(st, i++, c->status_on);
}

static void bind_created(struct db_stmt *st, const struct client *c,
                         int64_t now)
{
    bind_edit(st, c);
    bind_opt_id(st, N_EDIT + 1, c->created_by);
    db_bind_int(st, N_EDIT + 2, now);
    db_bind_int(st, N_EDIT + 3, now);
}

int client_store_insert(struct db *db, const struct client *c, int64_t now,
                        int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, INSERT_CLIENT ") VALUES (" EDIT_MARKS ", 1, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    bind_created(st, c, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc == DB_CONSTRAINT ? rc : (rc < 0 ? rc : DB_ERROR);
    }
    rc = write_children(db, c, *id, true);
    return rc == DB_OK ? visit_due_store_refresh(db, *id) : rc;
}

int client_store_reserve_ids(struct db *db, size_t n, int64_t *ids)
{
    /* SQLite: the import's write lock keeps the ids past the largest
     * free. PostgreSQL: the identity's sequence hands them out, so that
     * a client created meanwhile on another connection takes none. */
    bool sqlite = db_kind(db) == DB_SQLITE;
    struct db_stmt *st = db_prepare(
        db, sqlite ? "SELECT COALESCE(MAX(id), 0) FROM clients"
                   : "SELECT nextval(pg_get_serial_sequence('clients', "
                     "'id')) FROM generate_series(1, ?)");
    if (!st) {
        return DB_ERROR;
    }
    if (!sqlite) {
        db_bind_int(st, 1, (int64_t)n);
    }
    size_t got = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && got < n) {
        ids[got++] = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc != DB_DONE && rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (sqlite && got == 1) {
        int64_t largest = ids[0];
        for (size_t i = 0; i < n; i++) {
            ids[i] = largest + 1 + (int64_t)i;
        }
        got = n;
    }
    return got == n ? DB_OK : DB_ERROR;
}

int client_store_insert_later(struct db *db, const struct client *c,
                              int64_t id, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, INSERT_CLIENT ", id) VALUES (" EDIT_MARKS ", 1, ?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    bind_created(st, c, now);
    db_bind_int(st, N_EDIT + 4, id);
    int rc = db_step_later(st);
    return rc == DB_OK ? write_children(db, c, id, true) : rc;
}

int client_store_update(struct db *db, const struct client *c,
                        int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE clients SET (" EDIT_COLS ") = (" EDIT_MARKS "), "
            "version = version + 1, updated_at = ? WHERE id = ? AND "
            "version = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_edit(st, c);
    db_bind_int(st, N_EDIT + 1, now);
    db_bind_int(st, N_EDIT + 2, c->id);
    db_bind_int(st, N_EDIT + 3, expected_version);
    int rc = db_step(st);
    int64_t changed = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    if (rc != DB_DONE) {
        return rc == DB_CONSTRAINT ? rc : (rc < 0 ? rc : DB_ERROR);
    }
    if (changed == 0) {
        return DB_DONE;
    }
    rc = write_children(db, c, c->id, false);
    if (rc == DB_OK) {
        rc = mark_with_wards(db, c->id);
    }
    if (rc == DB_OK) {
        rc = visit_due_store_refresh(db, c->id);
    }
    /* Her categories may have changed under records already counted. */
    return rc == DB_OK ? stats_store_refresh_client(db, c->id) : rc;
}

/* Runs sql with its two parameters a and b. */
static int run_pair(struct db *db, const char *sql, int64_t a, int64_t b)
{
    struct db_stmt *st = db_prepare(db, sql);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, a);
    db_bind_int(st, 2, b);
    return store_step_done(st);
}

int client_store_merge(struct db *db, int64_t from, int64_t into, int64_t now)
{
    static const char *const steps[] = {
        /* A household place: the survivor keeps its own if it has one
         * (the service refuses two households), but takes the merged
         * record's when that is the head's, so that the household keeps
         * its head. */
        "DELETE FROM household_members WHERE client_id = ? AND "
        "household_id IN (SELECT o.household_id FROM household_members o "
        "WHERE o.client_id = ? AND o.relation = 'head')",
        "DELETE FROM household_members WHERE EXISTS (SELECT 1 FROM "
        "household_members o WHERE o.client_id = ?) AND client_id = ?",
        "UPDATE household_members SET client_id = ? WHERE client_id = ?",
        /* A category both records hold for the same days is kept once. */
        "DELETE FROM client_categories WHERE EXISTS (SELECT 1 FROM "
        "client_categories o WHERE o.client_id = ? AND o.code = "
        "client_categories.code AND o.started_on = client_categories."
        "started_on AND COALESCE(o.ended_on, '') = "
        "COALESCE(client_categories.ended_on, '')) AND client_id = ?",
        "UPDATE client_categories SET client_id = ? WHERE client_id = ?",
        "UPDATE client_guardians SET client_id = ? WHERE client_id = ?",
        "UPDATE client_guardians SET guardian_client_id = ? WHERE "
        "guardian_client_id = ?",
        /* Services: a record that served both keeps one place. */
        "DELETE FROM service_clients WHERE EXISTS (SELECT 1 FROM "
        "service_clients o WHERE o.service_id = service_clients.service_id "
        "AND o.client_id = ?) AND client_id = ?",
        "UPDATE service_clients SET client_id = ? WHERE client_id = ?",
        /* Her cases (the service refuses two open ones) and her groups,
         * a group that had both keeping one place. */
        "UPDATE cases SET client_id = ? WHERE client_id = ?",
        "DELETE FROM group_members WHERE EXISTS (SELECT 1 FROM "
        "group_members o WHERE o.group_id = group_members.group_id AND "
        "o.client_id = ?) AND client_id = ?",
        "UPDATE group_members SET client_id = ? WHERE client_id = ?",
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        int rc = run_pair(db, steps[i], into, from);
        if (rc != DB_OK) {
            return rc;
        }
    }
    /* The merged record keeps its fields (its history) but gives up its
     * ID number, so that the survivor may hold it. */
    struct db_stmt *st = db_prepare(
        db, "UPDATE clients SET status = 'merged', merged_into = ?, "
            "id_blind = NULL, version = version + 1, updated_at = ? "
            "WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, into);
    db_bind_int(st, 2, now);
    db_bind_int(st, 3, from);
    int rc = db_step(st);
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, "UPDATE clients SET version = version + 1, "
                        "updated_at = ? WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_int(st, 2, into);
    rc = db_step(st);
    db_reset(st);
    const int64_t both[] = {from, into};
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    rc = mark_with_wards(db, into);
    if (rc == DB_OK) {
        rc = visit_due_store_refresh_ids(db, both, 2);
    }
    /* Who was served: the two are one person now. */
    return rc == DB_OK ? stats_store_refresh_client(db, into) : rc;
}

int client_store_wards(struct db *db, struct arena *a, const struct scope *sc,
                       int64_t guardian_id, struct client *out, size_t max,
                       size_t *n)
{
    *n = 0;
    /* The ids first, then each record through the scoped get: a
     * statement is done before the next runs, as PostgreSQL's driver
     * needs, and the scope is the one every read of a client takes.
     * Twice max, so that wards out of scope do not fill the list. */
    int64_t ids[2 * CLIENT_WARDS_MAX];
    size_t n_ids = 0, cap = max * 2 < 2 * CLIENT_WARDS_MAX
                                ? max * 2
                                : 2 * CLIENT_WARDS_MAX;
    struct db_stmt *st = db_prepare(
        db, "SELECT DISTINCT client_id FROM client_guardians WHERE "
            "guardian_client_id = ? ORDER BY client_id LIMIT ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, guardian_id);
    db_bind_int(st, 2, (int64_t)cap);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && n_ids < cap) {
        ids[n_ids++] = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc < 0) {
        return rc;
    }
    for (size_t i = 0; i < n_ids && *n < max; i++) {
        rc = client_store_get(db, a, sc, ids[i], &out[*n]);
        if (rc < 0) {
            return rc;
        }
        if (rc == DB_ROW && strcmp(out[*n].status, "merged") != 0) {
            (*n)++;
        }
    }
    return DB_OK;
}

int client_store_merged_ids(struct db *db, int64_t id, int64_t *ids,
                            size_t max, size_t *n)
{
    *n = 0;
    if (max == 0) {
        return DB_OK;
    }
    ids[(*n)++] = id;
    struct db_stmt *st = db_prepare(
        db, "SELECT id FROM clients WHERE merged_into = ? ORDER BY id");
    if (!st) {
        return DB_ERROR;
    }
    /* Breadth first: ids[0..*n) grows as each one's are found. */
    int rc = DB_DONE;
    for (size_t at = 0; at < *n && *n < max; at++) {
        db_bind_int(st, 1, ids[at]);
        while ((rc = db_step(st)) == DB_ROW && *n < max) {
            ids[(*n)++] = db_col_int(st, 0);
        }
        db_reset(st);
        if (rc < 0) {
            return rc;
        }
    }
    return DB_OK;
}

int client_store_leave_household(struct db *db, int64_t id,
                                 int64_t station_id, int64_t now,
                                 int64_t *left)
{
    *left = 0;
    struct db_stmt *st = db_prepare(
        db, "SELECT m.household_id FROM household_members m JOIN households "
            "h ON h.id = m.household_id WHERE m.client_id = ? AND "
            "h.station_id <> ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, station_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *left = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (!*left) {
        return DB_OK;
    }
    rc = run_pair(db,
                  "UPDATE household_members SET client_id = NULL WHERE "
                  "client_id = ? AND household_id = ?",
                  id, *left);
    if (rc == DB_OK) {
        rc = run_pair(db,
                      "UPDATE households SET version = version + 1, "
                      "updated_at = ? WHERE id = ?",
                      now, *left);
    }
    return rc;
}

int client_store_move(struct db *db, int64_t id, int64_t station_id,
                      int64_t worker_id, int64_t now,
                      int64_t *left_household)
{
    int rc = client_store_leave_household(db, id, station_id, now,
                                          left_household);
    if (rc != DB_OK) {
        return rc;
    }
    /* The village belongs to the old township. */
    struct db_stmt *st = db_prepare(
        db, "UPDATE clients SET village_code = CASE WHEN station_id = ? "
            "THEN village_code END, station_id = ?, worker_id = ?, "
            "version = version + 1, updated_at = ? WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, station_id);
    db_bind_int(st, 2, station_id);
    db_bind_int(st, 3, worker_id);
    db_bind_int(st, 4, now);
    db_bind_int(st, 5, id);
    rc = store_step_done(st);
    return rc == DB_OK ? visit_due_store_refresh(db, id) : rc;
}

int client_store_set_risk(struct db *db, int64_t id, const char *level,
                          int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE clients SET risk_level = ?, version = version + 1, "
            "updated_at = ? WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, level);
    db_bind_int(st, 2, now);
    db_bind_int(st, 3, id);
    return store_step_changed(st);
}

int client_store_lock(struct db *db, int64_t id)
{
    struct db_stmt *st =
        db_prepare(db, "UPDATE clients SET version = version WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return store_step_done(st);
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int client_store_lock_ids(struct db *db, struct arena *a, const int64_t *ids,
                          size_t n)
{
    if (!n) {
        return DB_OK;
    }
    int64_t *sorted = arena_alloc(a, n * sizeof *sorted);
    memcpy(sorted, ids, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_id);
    int rc = DB_OK;
    for (size_t i = 0; i < n && rc == DB_OK; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
            rc = client_store_lock(db, sorted[i]);
        }
    }
    return rc;
}

int client_store_visible(struct db *db, const struct scope *sc, int64_t id,
                         const char **name, struct arena *a)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT c.name FROM clients c JOIN stations s ON s.id = "
            "c.station_id WHERE " CLIENT_SCOPE " AND c.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_client_scope(st, sc);
    db_bind_int(st, 7, id);
    int rc = db_step(st);
    if (rc == DB_ROW && name) {
        *name = arena_strdup(a, db_col_text(st, 0));
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

/* The holders of categories with an age bound (the compliance check's
 * category-age rule): a wide range's from the categories' holders, a
 * narrow range's from its stations' clients, where walking the
 * province's 160,000 holders for a county's took 0.2 s of the check's
 * 0.24. COL is the bound, WHERE the rest of the condition. */
#define AGE_ROWS(COL, WHERE)                                                \
    {"SELECT c.id, c.station_id, c.name, c.birth_date, k.code, d.label, "  \
     "d.label_en, k.started_on, k.ended_on, d." COL " FROM "               \
     "client_categories k JOIN dictionary_items d ON d.kind = "            \
     "'client_category' AND d.code = k.code AND d." COL " IS NOT NULL "    \
     "JOIN clients c ON c.id = k.client_id JOIN stations s ON s.id = "     \
     "c.station_id WHERE " CLIENT_SCOPE " AND c.status = 'active' AND "    \
     WHERE " ORDER BY c.id, k.id",                                          \
     "SELECT c.id, c.station_id, c.name, c.birth_date, k.code, d.label, "  \
     "d.label_en, k.started_on, k.ended_on, d." COL " FROM stations s "    \
     "CROSS JOIN clients c CROSS JOIN client_categories k JOIN "           \
     "dictionary_items d ON d.kind = 'client_category' AND d.code = "      \
     "k.code AND d." COL " IS NOT NULL WHERE c.station_id = s.id AND "     \
     "k.client_id = c.id AND " CLIENT_SCOPE " AND c.status = 'active' "    \
     "AND " WHERE " ORDER BY c.id, k.id"}
static const char *const age_limited_sql[2] =
    AGE_ROWS("age_limit", "c.birth_date <> '' AND c.birth_date <= ?");
/* Years compared as integers (substr and CAST are the same on both
 * backends); a category held from a later year than the birth year plus
 * F was started by someone already F. */
static const char *const age_from_sql[2] = AGE_ROWS(
    "age_from", "length(c.birth_date) = 10 AND CAST(substr(k.started_on, "
                "1, 4) AS INTEGER) <= CAST(substr(c.birth_date, 1, 4) AS "
                "INTEGER) + d.age_from");

int client_store_age_limited(struct db *db, struct arena *a,
                             const struct scope *sc, const char *today,
                             struct client_age_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int y, m, d;
    if (!parse_date(today, &y, &m, &d)) {
        return DB_ERROR;
    }
    bool opened = db_read_begin(db);
    struct db_stmt *st = db_prepare(
        db, "SELECT MIN(age_limit) FROM dictionary_items WHERE kind = "
            "'client_category'");
    int rc = st ? db_step(st) : DB_ERROR;
    int64_t least =
        rc == DB_ROW && !db_col_null(st, 0) ? db_col_int(st, 0) : 0;
    if (st) {
        db_reset(st);
    }
    if (rc != DB_ROW || least <= 0) {
        db_read_end(db, opened);
        return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    }
    /* Born on or before this day has reached the smallest limit (a
     * superset, compared as text: the caller's check is exact). */
    char born_by[11];
    struct cn_date by = {y - (int)least, m, d};
    cn_date_format(by, born_by);
    st = db_prepare(db, age_limited_sql[scope_few_stations(sc) ? 1 : 0]);
    if (!st) {
        db_read_end(db, opened);
        return DB_ERROR;
    }
    bind_client_scope(st, sc);
    db_bind_text(st, 7, born_by);
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct client_age_row *x = &(*out)[(*n)++];
        read_age_row(st, a, x);
        x->age_limit = (int)db_col_int(st, 9);
    }
    db_reset(st);
    db_read_end(db, opened);
    return rc < 0 ? rc : DB_OK;
}

int client_store_age_from_early(struct db *db, struct arena *a,
                                const struct scope *sc,
                                struct client_age_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st =
        db_prepare(db, age_from_sql[scope_few_stations(sc) ? 1 : 0]);
    if (!st) {
        return DB_ERROR;
    }
    bind_client_scope(st, sc); /* one statement: no transaction needed */
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct client_age_row *x = &(*out)[(*n)++];
        read_age_row(st, a, x);
        x->age_from = (int)db_col_int(st, 9);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}
