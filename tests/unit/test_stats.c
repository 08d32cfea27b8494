/* Statistics (core/stats.c, store/stats_store.c) on both backends: the
 * figures of a small data set counted by hand, with the traps of issue 8
 * (a client twice in a month is 2 人次 and 1 人数; an activity's headcount
 * adds to 人次 only; an amended record counts once, in its new month; the
 * category held on the record's day; 07:30 Beijing time on the 1st is
 * that month), the summaries kept on every write against a recomputation
 * from the records, and the query parser's refusals. */
#include "backend.h"

#include <sodium.h>

#include "core/stats.h"
#include "store/migrate.h"
#include "store/service_store.h"
#include "store/stats_store.h"
#include "util/cn_time.h"

/* Two stations of 攸县, a worker, four clients (C changed category on
 * 16 May 2026: tekun until the 15th, dibao after; D is at station 2). */
static const char *const fixture =
    "INSERT INTO regions (code, name, level, parent) VALUES "
    "('43', '湖南省', 'province', NULL), ('4302', '株洲市', 'city', '43'), "
    "('430223', '攸县', 'county', '4302'), "
    "('430223100', '联星街道', 'township', '430223'), "
    "('430223101', '江桥街道', 'township', '430223');"
    "INSERT INTO stations (id, type, region_code, name, created_at, "
    "updated_at) VALUES (1, 'township', '430223100', '甲站', 0, 0), "
    "(2, 'township', '430223101', '乙站', 0, 0);"
    "INSERT INTO users (id, username, display_name, password_hash, "
    "created_at, updated_at) VALUES (1, 'w', 'w', 'x', 0, 0);"
    "INSERT INTO clients (id, station_id, name, name_pinyin, "
    "name_initials, sex, birth_date, created_at, updated_at) VALUES "
    "(1, 1, 'A', 'a', 'a', 'F', '1950-01-01', 0, 0), "
    "(2, 1, 'B', 'b', 'b', 'M', '1950-01-01', 0, 0), "
    "(3, 1, 'C', 'c', 'c', 'F', '1950-01-01', 0, 0), "
    "(4, 2, 'D', 'd', 'd', 'M', '1950-01-01', 0, 0);"
    "INSERT INTO client_categories (client_id, code, started_on, ended_on) "
    "VALUES (1, 'dibao', '2026-01-01', NULL), "
    "(2, 'elderly_alone', '2025-01-01', NULL), "
    "(3, 'tekun', '2025-06-01', '2026-05-15'), "
    "(3, 'dibao', '2026-05-16', NULL), (4, 'dibao', '2025-01-01', NULL);";

static int64_t at(const char *iso)
{
    int64_t t = 0;
    assert_true(cn_parse_instant(iso, &t));
    return t;
}

/* A record at station from start (Beijing, "YYYY-MM-DDTHH:MM") for
 * minutes, serving the clients listed (0-terminated). */
static int64_t add(struct db *db, int64_t station, const char *type,
                   const char *area, const char *start, int64_t minutes,
                   int64_t extra, const int64_t *clients)
{
    struct service_person people[8], worker = {.id = 1};
    size_t n = 0;
    for (; clients[n]; n++) {
        people[n].id = clients[n];
    }
    struct service v = {.station_id = station, .type = type, .area = area,
                        .content = "c", .title = "t",
                        .extra_attendees = extra, .clients = people,
                        .n_clients = n, .workers = &worker, .n_workers = 1,
                        .created_by = 1};
    v.started_at = at(start);
    v.ended_at = v.started_at + minutes * 60;
    v.minutes = minutes;
    char day[11];
    cn_date_format(cn_date_of(v.started_at), day);
    v.service_day = day;
    int64_t id = 0;
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(service_store_insert(db, &v, 0, &id), DB_OK);
    assert_int_equal(db_commit(db), DB_OK);
    return id;
}

static struct db *prepared(void **state)
{
    struct backend *b = *state;
    if (!b) {
        return NULL;
    }
    char err[300];
    assert_int_equal(migrate_run(b->db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(db_exec(b->db, fixture), DB_OK);
    const int64_t a[] = {1, 0}, c[] = {3, 0}, ac[] = {1, 3, 0}, bb[] = {2, 0},
                  d[] = {4, 0};
    add(b->db, 1, "consultation", "social_assistance", "2026-05-10T09:00",
        60, 0, a);
    add(b->db, 1, "consultation", "social_assistance", "2026-05-10T14:00",
        20, 0, c);
    add(b->db, 1, "consultation", "social_assistance", "2026-05-20T10:00",
        30, 0, ac);
    add(b->db, 1, "activity", "community_governance", "2026-05-25T14:00",
        120, 10, bb);
    /* 23:30 UTC on 31 May is 07:30 on 1 June in Beijing. */
    add(b->db, 1, "consultation", "social_assistance",
        "2026-05-31T23:30:00Z", 30, 0, bb);
    add(b->db, 2, "consultation", "social_assistance", "2026-05-12T09:00",
        45, 0, d);
    return b->db;
}

/* The value of measure code in a result row (the query's order). */
static int64_t value(const struct stats_query *q, const struct stats_row *r,
                     const char *code)
{
    for (size_t i = 0; i < q->n_measures; i++) {
        if (strcmp(stats_measures[q->measures[i]].code, code) == 0) {
            return r->value[i];
        }
    }
    fail_msg("measure %s not in the query", code);
    return -1;
}

static void query(struct stats_query *q, const char *measures,
                  const char *by, const char *from, const char *to)
{
    memset(q, 0, sizeof *q);
    const char *why;
    const char *field = stats_query_parse(q, measures, by, from, to, &why);
    if (field) {
        fail_msg("%s: %s", field, why);
    }
}

/* Runs q from the summaries and from the records; they must agree. */
static void run(struct db *db, struct arena *a, const struct stats_query *q,
                struct stats_result *r)
{
    struct stats_result again;
    assert_int_equal(stats_run(db, a, &scope_all, q, r), DB_OK);
    assert_int_equal(stats_recompute(db, a, &scope_all, q, &again), DB_OK);
    assert_int_equal(r->n_rows, again.n_rows);
    for (size_t i = 0; i <= r->n_rows; i++) {
        const struct stats_row *x = i < r->n_rows ? &r->rows[i] : &r->total;
        const struct stats_row *y =
            i < r->n_rows ? &again.rows[i] : &again.total;
        for (size_t m = 0; m < q->n_measures; m++) {
            assert_int_equal(x->value[m], y->value[m]);
        }
    }
}

static void hand_counted_figures(void **state)
{
    struct db *db = prepared(state);
    if (!db) {
        skip();
    }
    struct arena *a = arena_new(0);
    struct stats_query q;
    struct stats_result r;
    query(&q, NULL, NULL, "2026-05", "2026-05");
    q.station_id = 1;
    run(db, a, &q, &r);
    assert_int_equal(value(&q, &r.total, "records"), 4);
    /* A twice, C twice, B once plus 10 counted only. */
    assert_int_equal(value(&q, &r.total, "person_times"), 15);
    assert_int_equal(value(&q, &r.total, "clients_served"), 3);
    assert_int_equal(value(&q, &r.total, "service_hours"), 230);
    assert_int_equal(value(&q, &r.total, "activity_people"), 11);
    assert_int_equal(value(&q, &r.total, "consultations"), 3);
    /* Volunteers: not available, never 0. */
    for (size_t i = 0; i < q.n_measures; i++) {
        assert_int_equal(r.total.available[i],
                         stats_measures[q.measures[i]].available);
    }
    assert_false(stats_measures[STATS_VOLUNTEERS].available);

    /* By month: B in both; 人数 of the two is 3, not 4. */
    query(&q, "clients_served,records", "month", "2026-05", "2026-06");
    q.station_id = 1;
    run(db, a, &q, &r);
    assert_int_equal(r.n_rows, 2);
    assert_string_equal(r.rows[1].key[0], "2026-06");
    assert_int_equal(value(&q, &r.rows[1], "records"), 1);
    assert_int_equal(value(&q, &r.rows[0], "clients_served"), 3);
    assert_int_equal(value(&q, &r.rows[1], "clients_served"), 1);
    assert_int_equal(value(&q, &r.total, "clients_served"), 3);

    /* By category: C under tekun on the 10th, dibao on the 20th. */
    query(&q, "person_times,clients_served", "category", "2026-05",
          "2026-05");
    q.station_id = 1;
    run(db, a, &q, &r);
    assert_int_equal(r.n_rows, 3);
    assert_string_equal(r.rows[0].key[0], "dibao");
    assert_int_equal(value(&q, &r.rows[0], "person_times"), 3);
    assert_int_equal(value(&q, &r.rows[0], "clients_served"), 2);
    assert_string_equal(r.rows[1].key[0], "elderly_alone");
    assert_int_equal(value(&q, &r.rows[1], "person_times"), 1);
    assert_string_equal(r.rows[2].key[0], "tekun");
    assert_int_equal(value(&q, &r.rows[2], "person_times"), 1);

    /* The county by township. */
    query(&q, "records,clients_served", "township", "2026-05", "2026-05");
    q.region = "430223";
    run(db, a, &q, &r);
    assert_int_equal(r.n_rows, 2);
    assert_string_equal(r.rows[0].key[0], "430223100");
    assert_string_equal(r.rows[0].label[0], "联星街道");
    assert_int_equal(value(&q, &r.rows[1], "records"), 1);
    assert_int_equal(value(&q, &r.total, "clients_served"), 4);
    arena_free(a);
}

static void an_amended_record_moves_with_its_month(void **state)
{
    struct db *db = prepared(state);
    if (!db) {
        skip();
    }
    struct arena *a = arena_new(0);
    const int64_t a1[] = {1, 0};
    int64_t id = add(db, 1, "consultation", "social_assistance",
                     "2026-04-30T16:00", 10, 0, a1);
    struct service v;
    assert_int_equal(service_store_get(db, a, &scope_all, id, &v), DB_ROW);
    /* To 1 May, 08:00 Beijing, and 25 minutes. */
    v.started_at = at("2026-05-01T08:00");
    v.ended_at = v.started_at + 25 * 60;
    v.minutes = 25;
    v.service_day = "2026-05-01";
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(service_store_update(db, &v, v.version, 0), DB_OK);
    assert_int_equal(db_commit(db), DB_OK);
    struct stats_query q;
    struct stats_result r;
    query(&q, "records,person_times,service_hours", "month", "2026-04",
          "2026-05");
    q.station_id = 1;
    run(db, a, &q, &r);
    assert_int_equal(value(&q, &r.rows[0], "records"), 0);
    assert_int_equal(value(&q, &r.rows[1], "records"), 5);
    assert_int_equal(value(&q, &r.rows[1], "person_times"), 16);
    assert_int_equal(value(&q, &r.rows[1], "service_hours"), 230 + 25);
    arena_free(a);
}

static void a_changed_category_is_recounted(void **state)
{
    struct db *db = prepared(state);
    if (!db) {
        skip();
    }
    struct arena *a = arena_new(0);
    /* B turns out to have been tekun from 1 May. */
    assert_int_equal(
        db_exec(db, "UPDATE client_categories SET ended_on = '2026-04-30' "
                    "WHERE client_id = 2; INSERT INTO client_categories "
                    "(client_id, code, started_on) VALUES (2, 'tekun', "
                    "'2026-05-01')"),
        DB_OK);
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(stats_store_refresh_client(db, 2), DB_OK);
    assert_int_equal(db_commit(db), DB_OK);
    struct stats_query q;
    struct stats_result r;
    query(&q, "clients_served", "category", "2026-05", "2026-06");
    q.category = "tekun";
    q.n_by = 0;
    run(db, a, &q, &r);
    assert_int_equal(value(&q, &r.total, "clients_served"), 2); /* B, C */
    /* A full rebuild gives the same. */
    bool built;
    assert_int_equal(stats_store_sync(db, true, &built), DB_OK);
    assert_true(built);
    run(db, a, &q, &r);
    assert_int_equal(value(&q, &r.total, "clients_served"), 2);
    arena_free(a);
}

/* Closed in January, reopened in February, closed again in March: one
 * case closed in the quarter, whether the query is cut by month or not
 * (the months say 1, 0, 1; their total is not their sum). */
static void a_case_closed_twice_counts_once(void **state)
{
    struct db *db = prepared(state);
    if (!db) {
        skip();
    }
    struct arena *a = arena_new(0);
    char sql[1200];
    snprintf(sql, sizeof sql,
             "INSERT INTO cases (id, station_id, client_id, worker_id, "
             "stage, source, problem, opened_on, closed_on, reopened, "
             "created_by, created_at, updated_at) VALUES (1, 1, 1, 1, "
             "'closed', 'visit', 'p', '2025-12-01', '2026-03-20', 1, 1, 0, "
             "0); INSERT INTO case_events (case_id, at, actor, kind, stage) "
             "VALUES (1, %lld, 'w', 'closure_approved', 'closed'), (1, %lld, "
             "'w', 'reopened', 'service'), (1, %lld, 'w', "
             "'closure_approved', 'closed')",
             (long long)at("2026-01-15T10:00"),
             (long long)at("2026-02-10T10:00"),
             (long long)at("2026-03-20T10:00"));
    assert_int_equal(db_exec(db, sql), DB_OK);
    struct stats_query q;
    struct stats_result r;
    query(&q, "cases_closed", "month", "2026-01", "2026-03");
    run(db, a, &q, &r);
    assert_int_equal(r.n_rows, 3);
    assert_int_equal(value(&q, &r.rows[0], "cases_closed"), 1);
    assert_int_equal(value(&q, &r.rows[1], "cases_closed"), 0);
    assert_int_equal(value(&q, &r.rows[2], "cases_closed"), 1);
    assert_int_equal(value(&q, &r.total, "cases_closed"), 1);
    query(&q, "cases_closed", NULL, "2026-01", "2026-03");
    run(db, a, &q, &r);
    assert_int_equal(value(&q, &r.total, "cases_closed"), 1);
    arena_free(a);
}

static void bad_queries_are_refused(void **state)
{
    (void)state;
    struct stats_query q;
    const char *why;
    static const struct {
        const char *measures, *by, *from, *to, *field, *why;
    } cases[] = {
        {"people", NULL, NULL, NULL, "measures", "unknown"},
        {"records,records", NULL, NULL, NULL, "measures", "unknown"},
        {NULL, "week", NULL, NULL, "by", "unknown"},
        {NULL, "month,year", NULL, NULL, "by", "times"},
        {NULL, "station,area,type,month", NULL, NULL, "by", "unknown"},
        {NULL, NULL, "2026-06", "2026-05", "to", "inverted"},
        {NULL, NULL, "2026-13", NULL, "from", "format"},
        {NULL, NULL, "2026-05-02", NULL, "from", "format"},
        {NULL, NULL, "2026-05", "2026-05-30", "to", "format"},
        {NULL, NULL, "2016-01", "2026-12", "to", "range"},
        {"records", "category", NULL, NULL, "measures", "cut"},
        {"cases_opened", "area", NULL, NULL, "measures", "cut"},
        /* 服务人数 takes each of category, area and type, one at a time. */
        {"clients_served", "category,area", NULL, NULL, "measures",
         "people_cut"},
        {"records,", NULL, NULL, NULL, "measures", "unknown"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(&q, 0, sizeof q);
        const char *field = stats_query_parse(&q, cases[i].measures,
                                              cases[i].by, cases[i].from,
                                              cases[i].to, &why);
        assert_non_null(field);
        assert_string_equal(field, cases[i].field);
        assert_string_equal(why, cases[i].why);
    }
    /* Whole months by their first and last day; no measures: those that
     * fit the cut (not records, by category). */
    memset(&q, 0, sizeof q);
    assert_null(stats_query_parse(&q, NULL, "category", "2026-02-01",
                                  "2026-02-28", &why));
    assert_int_equal(q.from_month, 2026 * 12 + 1);
    assert_int_equal(q.to_month, 2026 * 12 + 1);
    for (size_t i = 0; i < q.n_measures; i++) {
        assert_int_not_equal(q.measures[i], STATS_RECORDS);
    }
    /* One end alone: that month, whichever end. */
    memset(&q, 0, sizeof q);
    assert_null(stats_query_parse(&q, NULL, NULL, NULL, "2026-03-31", &why));
    assert_int_equal(q.from_month, 2026 * 12 + 2);
    assert_int_equal(q.to_month, 2026 * 12 + 2);
    memset(&q, 0, sizeof q);
    assert_null(stats_query_parse(&q, NULL, NULL, "2026-03-01", NULL, &why));
    assert_int_equal(q.from_month, 2026 * 12 + 2);
    assert_int_equal(q.to_month, 2026 * 12 + 2);
    /* People served by one of category, area and type at a time. */
    memset(&q, 0, sizeof q);
    q.type = "consultation";
    assert_string_equal(stats_query_parse(&q, "clients_served", "area",
                                          NULL, NULL, &why),
                        "measures");
}

/* A period the query cuts says which days of it the figures cover, in
 * either language; a whole one keeps its name; the last days of a
 * February and a December are the calendar's. */
static void periods_cut_short_say_their_days(void **state)
{
    (void)state;
    struct arena *a = arena_new(4096);
    const int y26 = 2026 * 12, y28 = 2028 * 12;
    static const struct {
        int dim;
        const char *key;
        int from, to;
        const char *zh, *en;
    } cases[] = {
        {STATS_BY_QUARTER, "2026-Q1", 1, 5,
         "2026年第1季度（2026-02-01至2026-03-31）",
         "Q1 2026 (2026-02-01 to 2026-03-31)"},
        {STATS_BY_QUARTER, "2026-Q2", 1, 4,
         "2026年第2季度（2026-04-01至2026-05-31）",
         "Q2 2026 (2026-04-01 to 2026-05-31)"},
        {STATS_BY_QUARTER, "2026-Q4", 10, 11,
         "2026年第4季度（2026-11-01至2026-12-31）",
         "Q4 2026 (2026-11-01 to 2026-12-31)"},
        {STATS_BY_QUARTER, "2026-Q1", 0, 5, "2026年第1季度", "Q1 2026"},
        {STATS_BY_YEAR, "2028", 0, 1, "2028年（2028-01-01至2028-02-29）",
         "2028 (2028-01-01 to 2028-02-29)"},
        {STATS_BY_YEAR, "2026", -2, 11, "2026年", "2026"},
        {STATS_BY_MONTH, "2026-02", 1, 1, "2026年2月", "Feb 2026"},
        {STATS_BY_MONTH, "2026-12", 0, 11, "2026年12月", "Dec 2026"},
        {STATS_BY_QUARTER, "Q1", 0, 11, "Q1", "Q1"}, /* not a key: itself */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int base =
            cases[i].dim == STATS_BY_YEAR && strcmp(cases[i].key, "2028") == 0
                ? y28
                : y26;
        assert_string_equal(stats_period_label(a, cases[i].dim, cases[i].key,
                                               base + cases[i].from,
                                               base + cases[i].to, LANG_ZH),
                            cases[i].zh);
        assert_string_equal(stats_period_label(a, cases[i].dim, cases[i].key,
                                               base + cases[i].from,
                                               base + cases[i].to, LANG_EN),
                            cases[i].en);
    }
    arena_free(a);
}

int main(void)
{
    if (sodium_init() < 0) {
        return 1;
    }
    srandom((unsigned)getpid());
    const struct CMUnitTest tests[] = {
        BOTH(hand_counted_figures),
        BOTH(an_amended_record_moves_with_its_month),
        BOTH(a_changed_category_is_recounted),
        BOTH(a_case_closed_twice_counts_once),
        cmocka_unit_test(bad_queries_are_refused),
        cmocka_unit_test(periods_cut_short_say_their_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
