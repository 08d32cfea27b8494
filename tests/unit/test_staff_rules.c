/* Unit tests of the staff compliance rules (core/compliance_staff.c), one
 * or more per rule, on a fresh SQLite database: a county with two
 * township stations, an organisation holding a contract for the first,
 * and workers written through the store. The clock is 2026-06-15; the
 * profile is the built-in zhuolu with its staffing keys changed per test.
 * Boundaries are inclusive (Civil Code art. 1259): "40岁以下" admits 40. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/compliance.h"
#include "core/profile.h"
#include "db/db.h"
#include "sqlite_files.h"
#include "store/migrate.h"
#include "core/staff_service.h"
#include "store/staff_store.h"
#include "store/user_store.h"

#define TODAY "2026-06-15"

static struct db *db;
static struct arena *a;
static struct profile *p;
static char path[200];

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/sgz-staff-%d-%ld.db", getpid(),
             random());
    char err[300];
    assert_int_equal(db_open(path, true, &db, err, sizeof err), DB_OK);
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(
        db_exec(db,
                "INSERT INTO regions (code, name, level, parent) VALUES "
                "('130731', '涿鹿县', 'county', NULL), ('130731100', "
                "'涿鹿镇', 'township', '130731'), ('130731101', '张家堡镇', "
                "'township', '130731');"
                "INSERT INTO stations (id, type, region_code, name, "
                "created_at, updated_at) VALUES (1, 'township_station', "
                "'130731100', '涿鹿县涿鹿镇社会工作服务站', 0, 0), (2, "
                "'township_station', '130731101', "
                "'涿鹿县张家堡镇社会工作服务站', 0, 0);"
                "INSERT INTO organisations (id, name, version, created_at, "
                "updated_at) VALUES (1, '甲机构', 1, 0, 0), (2, '乙机构', 1, "
                "0, 0);"
                "INSERT INTO contracts (code, title, region_code, purchaser, "
                "organisation_id, procurement, cycle_years, cycle_year, "
                "amount_fen, signed_on, effective_on, starts_on, ends_on, "
                "created_at, updated_at) VALUES ('C1', '协议', '130731', "
                "'涿鹿县民政局', 1, 'open_tender', 3, 1, 100, '2026-01-01', "
                "'2026-01-01', '2026-01-01', '2026-12-31', 0, 0);"
                "INSERT INTO contract_stations (contract_id, station_id) "
                "VALUES (1, 1);"),
        DB_OK);
    size_t len;
    const char *text = profile_builtin_text("zhuolu", &len);
    assert_non_null(text);
    assert_int_equal(profile_parse(text, len, &p, err, sizeof err), 0);
    a = arena_new(0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    profile_free(p);
    arena_free(a);
    db_close(db);
    remove_sqlite_files(path);
    return 0;
}

/* Each test starts with no workers. */
static int clean(void **state)
{
    (void)state;
    return db_exec(db, "DELETE FROM staff_trainings; DELETE FROM "
                       "supervision_attendees; DELETE FROM "
                       "supervision_sessions; DELETE FROM "
                       "staff_assignments; DELETE FROM min_wages; DELETE "
                       "FROM staff;") == DB_OK
               ? 0
               : -1;
}

/* A worker with sensible defaults: employed by organisation 1, hired at
 * 30 with a 大专, certified, at station (0: none) from the hire date. */
static int64_t worker(const char *name, int64_t station, void (*tweak)(
                                                             struct staff *))
{
    struct staff s = {
        .name = name, .role = "resident", .organisation_id = 1,
        .birth_date = "1990-03-01", .sex = "F",
        .education = "junior_college", .certificate = "assistant",
        .certified_on = "2021-01-01", .hired_on = "2020-03-01",
        .wage_fen = 300000, .status = "active",
    };
    if (tweak) {
        tweak(&s);
    }
    int64_t id, aid;
    assert_int_equal(staff_store_insert(db, &s, 0, &id), DB_OK);
    if (station) {
        assert_int_equal(staff_store_assign(db, id, station, s.hired_on, NULL,
                                            0, &aid),
                         DB_OK);
    }
    return id;
}

/* The findings of one rule: how many, and the first's severity. */
/* The English of the first finding of the last run's rule. */
static const char *first_en;

static size_t run(const char *rule, enum severity *first, const char **msg)
{
    struct compliance_ctx c = {.db = db, .arena = a, .scope = &scope_all,
                               .profile = p, .today = TODAY};
    struct compliance_report rep;
    assert_int_equal(compliance_run(&c, &rep), DB_OK);
    size_t n = 0;
    for (size_t i = 0; i < rep.n_findings; i++) {
        if (strcmp(rep.findings[i].rule, rule) == 0) {
            if (n++ == 0) {
                if (first) {
                    *first = rep.findings[i].severity;
                }
                if (msg) {
                    *msg = rep.findings[i].message;
                }
                first_en = rep.findings[i].message_en;
            }
        }
    }
    return n;
}

static bool rule_enabled(const char *rule)
{
    struct compliance_ctx c = {.db = db, .arena = a, .scope = &scope_all,
                               .profile = p, .today = TODAY};
    struct compliance_report rep;
    assert_int_equal(compliance_run(&c, &rep), DB_OK);
    for (size_t i = 0; i < rep.n_rules; i++) {
        if (strcmp(rep.rules[i].code, rule) == 0) {
            return rep.rules[i].enabled;
        }
    }
    fail_msg("no rule %s", rule);
    return false;
}

static void workers_per_station_min_and_max(void **state)
{
    (void)state;
    enum severity sev;
    /* zhuolu: a township station 2-5. None anywhere: both short. */
    assert_int_equal(run("staff.workers_per_station", &sev, NULL), 2);
    assert_int_equal(sev, SEV_VIOLATION);
    worker("甲", 1, NULL);
    worker("乙", 1, NULL);
    assert_int_equal(run("staff.workers_per_station", NULL, NULL), 1);
    for (int i = 0; i < 3; i++) {
        worker("丙", 1, NULL);
    }
    /* 5 is the maximum itself: allowed. */
    assert_int_equal(run("staff.workers_per_station", NULL, NULL), 1);
    worker("丁", 1, NULL);
    const char *msg;
    assert_int_equal(run("staff.workers_per_station", &sev, &msg), 2);
    assert_int_equal(sev, SEV_VIOLATION); /* station 2 still short */
    /* Counted per station: two at station 2 meet its minimum and leave
     * station 1's six over its maximum. */
    worker("戊", 2, NULL);
    int64_t moved = worker("己", 2, NULL);
    assert_int_equal(run("staff.workers_per_station", &sev, NULL), 1);
    assert_int_equal(sev, SEV_WARNING);
    /* A worker who left is not in place: station 1 has five. */
    assert_int_equal(
        db_exec(db, "UPDATE staff SET status = 'left' WHERE name = '丁'"),
        DB_OK);
    assert_int_equal(run("staff.workers_per_station", NULL, NULL), 0);
    /* Nor is one whose assignment ended yesterday: station 2 has one. */
    struct staff_assignment *as;
    size_t n;
    assert_int_equal(staff_store_assignments(db, a, moved, &as, &n), DB_OK);
    assert_int_equal(
        staff_store_end_assignment(db, moved, as[0].id, "2026-06-14"), DB_OK);
    assert_int_equal(run("staff.workers_per_station", &sev, &msg), 1);
    assert_int_equal(sev, SEV_VIOLATION);
    assert_non_null(strstr(msg, "在岗社工1名"));
    assert_string_equal(first_en,
                        "1 worker in place; the plan asks for at least 2");
    /* Off without the key. */
    size_t keep = p->staffing.n_quotas;
    p->staffing.n_quotas = 0;
    assert_false(rule_enabled("staff.workers_per_station"));
    p->staffing.n_quotas = keep;
}

static void left_on_hired(struct staff *s)
{
    s->hired_on = "2025-01-01";
}

static void one_station_catches_old_overlaps(void **state)
{
    (void)state;
    int64_t id = worker("甲", 1, left_on_hired);
    assert_int_equal(run("staff.one_station", NULL, NULL), 0);
    /* Written past the service's check, as old data might be. */
    int64_t aid;
    assert_int_equal(staff_store_assign(db, id, 2, "2025-06-01", NULL, 0,
                                        &aid),
                     DB_OK);
    enum severity sev;
    const char *msg;
    assert_int_equal(run("staff.one_station", &sev, &msg), 1);
    assert_int_equal(sev, SEV_VIOLATION);
    assert_non_null(strstr(msg, "张家堡镇"));
    /* Ending the first before the second began clears it. */
    struct staff_assignment *as;
    size_t n;
    assert_int_equal(staff_store_assignments(db, a, id, &as, &n), DB_OK);
    assert_int_equal(staff_store_end_assignment(db, id, as[1].id,
                                                "2025-05-31"),
                     DB_OK);
    assert_int_equal(run("staff.one_station", NULL, NULL), 0);
}

static void by_org2(struct staff *s)
{
    s->organisation_id = 2;
}
static void by_township(struct staff *s)
{
    s->organisation_id = 0;
    s->employer_region = "130731100";
}

static void employer_is_the_contract_holder(void **state)
{
    (void)state;
    worker("甲", 1, NULL);
    worker("乙", 2, by_org2); /* no contract covers station 2 */
    assert_int_equal(run("staff.employer", NULL, NULL), 0);
    worker("丙", 1, by_org2);
    const char *msg;
    assert_int_equal(run("staff.employer", NULL, &msg), 1);
    assert_non_null(strstr(msg, "严禁转包"));
    /* A township may employ only the roles the profile names. */
    worker("丁", 1, by_township);
    assert_int_equal(run("staff.employer", NULL, NULL), 2);
    p->staffing.township_roles[0] = "resident";
    p->staffing.n_township_roles = 1;
    assert_int_equal(run("staff.employer", NULL, NULL), 1);
    p->staffing.n_township_roles = 0;
}

/* A station two organisations serve at once (a women's federation's
 * project beside the bureau's): each one's workers are its own, neither
 * is a subcontractor of the other. The newer contract, 乙's, is not
 * "the" holder for 甲's worker. */
static void employer_of_a_station_served_by_two(void **state)
{
    (void)state;
    worker("甲", 1, NULL);
    worker("丙", 1, by_org2);
    assert_int_equal(run("staff.employer", NULL, NULL), 1);
    assert_int_equal(
        db_exec(db,
                "INSERT INTO contracts (id, code, title, region_code, "
                "purchaser, organisation_id, procurement, cycle_years, "
                "cycle_year, amount_fen, signed_on, effective_on, starts_on, "
                "ends_on, created_at, updated_at) VALUES (2, 'C2', '妇联项目', "
                "'130731', '涿鹿县妇联', 2, 'open_tender', 1, 1, 100, "
                "'2026-03-01', '2026-03-01', '2026-03-01', '2026-12-31', 0, "
                "0); INSERT INTO contract_stations (contract_id, station_id) "
                "VALUES (2, 1);"),
        DB_OK);
    assert_int_equal(run("staff.employer", NULL, NULL), 0);
    assert_int_equal(db_exec(db, "DELETE FROM contract_stations WHERE "
                                 "contract_id = 2; DELETE FROM contracts "
                                 "WHERE id = 2;"),
                     DB_OK);
}

static void aged_35(struct staff *s)
{
    s->birth_date = "1985-03-01"; /* 35 on 2020-03-01 */
}
static void aged_36(struct staff *s)
{
    s->birth_date = "1984-03-01";
}
static void turns_36_next_day(struct staff *s)
{
    s->birth_date = "1984-03-02"; /* still 35 on the hire date */
}

static void age_at_hire_is_inclusive(void **state)
{
    (void)state;
    worker("甲", 1, aged_35);
    worker("乙", 1, turns_36_next_day);
    assert_int_equal(run("staff.age_at_hire", NULL, NULL), 0);
    worker("丙", 1, aged_36);
    const char *msg;
    assert_int_equal(run("staff.age_at_hire", NULL, &msg), 1);
    assert_string_equal(msg, "入职时36周岁，超过“35岁以下”的要求");
    /* youxian and fujian say 40: 40 passes, 41 does not. */
    p->staffing.max_age_at_hire = 40;
    assert_int_equal(run("staff.age_at_hire", NULL, NULL), 0);
    p->staffing.max_age_at_hire = 0;
    assert_false(rule_enabled("staff.age_at_hire"));
    p->staffing.max_age_at_hire = 35;
}

static void high_school(struct staff *s)
{
    s->education = "senior_high";
}
static void bachelor(struct staff *s)
{
    s->education = "bachelor";
}

static void education_at_least_junior_college(void **state)
{
    (void)state;
    worker("甲", 1, NULL);
    worker("乙", 1, bachelor);
    assert_int_equal(run("staff.education", NULL, NULL), 0);
    worker("丙", 1, high_school);
    const char *msg;
    assert_int_equal(run("staff.education", NULL, &msg), 1);
    assert_string_equal(msg, "学历为高中/中专，要求大专及以上");
    /* The levels' names inside the sentence, not as headings. */
    assert_string_equal(first_en, "Education is senior high or vocational "
                                  "school; the plan asks for junior college "
                                  "or above");
}

static void uncertified_overdue(struct staff *s)
{
    s->certificate = "none";
    s->certified_on = NULL;
    s->hired_on = "2024-06-14"; /* due 2026-06-14: overdue */
}
static void uncertified_30(struct staff *s)
{
    s->certificate = "none";
    s->certified_on = NULL;
    s->hired_on = "2024-07-15"; /* due 2026-07-15: 30 days */
}
static void uncertified_90(struct staff *s)
{
    s->certificate = "none";
    s->certified_on = NULL;
    s->hired_on = "2024-09-13"; /* due 2026-09-13: 90 days */
}
static void uncertified_91(struct staff *s)
{
    s->certificate = "none";
    s->certified_on = NULL;
    s->hired_on = "2024-09-14"; /* 91 days: nothing yet */
}
static void uncertified_due_today(struct staff *s)
{
    s->certificate = "none";
    s->certified_on = NULL;
    s->hired_on = "2024-06-15"; /* due today: not yet late */
}

static void certificate_deadline_warns_then_violates(void **state)
{
    (void)state;
    worker("甲", 1, uncertified_91);
    assert_int_equal(run("staff.certificate_deadline", NULL, NULL), 0);
    worker("乙", 1, uncertified_90);
    enum severity sev;
    const char *msg;
    assert_int_equal(run("staff.certificate_deadline", &sev, &msg), 1);
    assert_int_equal(sev, SEV_WARNING);
    assert_non_null(strstr(msg, "2026-09-13"));
    assert_non_null(strstr(msg, "不足90天"));
    clean(NULL);
    worker("丙", 1, uncertified_30);
    assert_int_equal(run("staff.certificate_deadline", &sev, &msg), 1);
    assert_non_null(strstr(msg, "不足30天"));
    clean(NULL);
    worker("丁", 1, uncertified_due_today);
    assert_int_equal(run("staff.certificate_deadline", &sev, NULL), 1);
    assert_int_equal(sev, SEV_WARNING);
    worker("戊", 1, uncertified_overdue);
    assert_int_equal(run("staff.certificate_deadline", &sev, &msg), 2);
    assert_int_equal(sev, SEV_VIOLATION);
    assert_non_null(strstr(msg, "期限2026-06-14，已逾期1天"));
}

static void supervisor_assistant(struct staff *s)
{
    s->role = "supervisor";
}
static void supervisor_intermediate(struct staff *s)
{
    s->role = "supervisor";
    s->certificate = "intermediate";
}

static void supervisor_needs_intermediate(void **state)
{
    (void)state;
    assert_false(rule_enabled("staff.supervisor_qualification"));
    p->staffing.supervisor_certificate = "intermediate"; /* yuanzhou */
    worker("甲", 1, supervisor_intermediate);
    worker("乙", 1, NULL); /* not a supervisor */
    assert_int_equal(run("staff.supervisor_qualification", NULL, NULL), 0);
    worker("丙", 1, supervisor_assistant);
    const char *msg;
    assert_int_equal(run("staff.supervisor_qualification", NULL, &msg), 1);
    assert_string_equal(msg, "督导须持有社会工作师及以上证书");
    p->staffing.supervisor_certificate = NULL;
}

static void wage_2090(struct staff *s)
{
    s->wage_fen = 209000; /* 1900 × 1.1 exactly */
}
static void wage_2089(struct staff *s)
{
    s->wage_fen = 208999;
}

static void wage_against_minimum_wage(void **state)
{
    (void)state;
    worker("甲", 1, wage_2090);
    enum severity sev;
    const char *msg;
    /* No minimum wage for the county: a warning saying so, once. */
    worker("乙", 1, wage_2090);
    assert_int_equal(run("staff.min_wage", &sev, &msg), 1);
    assert_int_equal(sev, SEV_WARNING);
    assert_non_null(strstr(msg, "130731"));
    struct min_wage m = {.region_code = "130731",
                         .effective_on = "2026-07-01", .monthly_fen = 200000};
    int64_t id;
    assert_int_equal(min_wage_store_insert(db, &m, 0, &id), DB_OK);
    assert_int_equal(run("staff.min_wage", NULL, NULL), 1); /* not yet */
    m.effective_on = "2025-01-01";
    m.monthly_fen = 190000;
    assert_int_equal(min_wage_store_insert(db, &m, 0, &id), DB_OK);
    assert_int_equal(min_wage_store_insert(db, &m, 0, &id), DB_CONSTRAINT);
    assert_int_equal(run("staff.min_wage", NULL, NULL), 0);
    worker("丙", 1, wage_2089);
    assert_int_equal(run("staff.min_wage", &sev, &msg), 1);
    assert_int_equal(sev, SEV_VIOLATION);
    assert_non_null(strstr(msg, "2,089.99"));
    double keep = p->staffing.wage_factor;
    p->staffing.wage_factor = 0;
    assert_false(rule_enabled("staff.min_wage"));
    p->staffing.wage_factor = keep;
}

static void dongguan_turns_the_staff_rules_off(void **state)
{
    (void)state;
    size_t len;
    char err[300];
    struct profile *keep = p;
    const char *text = profile_builtin_text("dongguan-fulian", &len);
    assert_int_equal(profile_parse(text, len, &p, err, sizeof err), 0);
    assert_false(rule_enabled("staff.workers_per_station"));
    assert_false(rule_enabled("staff.age_at_hire"));
    assert_false(rule_enabled("staff.min_wage"));
    assert_true(rule_enabled("staff.one_station"));
    profile_free(p);
    p = keep;
}

static void with_login(struct staff *s)
{
    s->user_id = 1;
    s->hired_on = "2026-01-01";
}

/* The login's range is the station of the day: an assignment that starts
 * later takes effect when the day comes (the login syncs it). */
static void login_range_follows_the_day(void **state)
{
    (void)state;
    assert_int_equal(db_exec(db, "DELETE FROM user_stations; DELETE FROM "
                                 "users; INSERT INTO users (id, username, "
                                 "display_name, password_hash, data_range, "
                                 "created_at, updated_at) VALUES (1, 'w1', "
                                 "'w1', 'x', 'self', 0, 0); INSERT INTO "
                                 "user_roles (user_id, role) VALUES (1, "
                                 "'social_worker');"),
                     DB_OK);
    int64_t id = worker("甲", 0, with_login);
    const struct actor who = {.name = "test", .address = ""};
    int64_t aid;
    assert_int_equal(staff_store_assign(db, id, 2, "2026-07-01", NULL, 0,
                                        &aid),
                     DB_OK);
    struct user u;
    assert_int_equal(staff_service_sync_range(db, a, &who, 1, TODAY), DB_OK);
    assert_int_equal(user_store_get(db, a, 1, &u), DB_ROW);
    /* Her range "self" stays hers; only its station follows the day. */
    assert_string_equal(u.data_range, "self");
    assert_int_equal(u.n_stations, 0);
    assert_int_equal(staff_service_sync_range(db, a, &who, 1, "2026-07-01"), DB_OK);
    assert_int_equal(user_store_get(db, a, 1, &u), DB_ROW);
    assert_int_equal(u.n_stations, 1);
    assert_int_equal(u.stations[0], 2);
    assert_string_equal(u.data_range, "self");
    /* A login holding another role is never the worker's to set. */
    assert_int_equal(db_exec(db, "INSERT INTO user_roles (user_id, role) "
                                 "VALUES (1, 'bureau')"),
                     DB_OK);
    assert_int_equal(staff_service_sync_range(db, a, &who, 1, TODAY), DB_OK);
    assert_int_equal(user_store_get(db, a, 1, &u), DB_ROW);
    assert_int_equal(u.n_stations, 1);
    assert_int_equal(db_exec(db, "DELETE FROM user_roles WHERE role = "
                                 "'bureau'"),
                     DB_OK);
    /* A user linked to no worker is left alone. */
    assert_int_equal(db_exec(db, "UPDATE staff SET user_id = NULL"), DB_OK);
    assert_int_equal(staff_service_sync_range(db, a, &who, 1, TODAY), DB_OK);
    assert_int_equal(user_store_get(db, a, 1, &u), DB_ROW);
    assert_int_equal(u.n_stations, 1);
}

/* A training is corrected with the version read, checked as on entry;
 * removed by its author only, within the editing period. */
static void training_corrected_and_removed(void **state)
{
    (void)state;
    assert_int_equal(db_exec(db, "DELETE FROM user_stations; DELETE FROM "
                                 "user_roles; DELETE FROM users; INSERT "
                                 "INTO users (id, username, display_name, "
                                 "password_hash, data_range, created_at, "
                                 "updated_at) VALUES (7, 'b7', 'b7', 'x', "
                                 "'all', 0, 0), (8, 'b8', 'b8', 'x', 'all', "
                                 "0, 0);"),
                     DB_OK);
    int64_t id = worker("甲", 1, NULL);
    struct client_ctx x = {.db = db, .arena = a, .scope = &scope_all,
                           .who = {.name = "b7", .address = ""},
                           .user_id = 7, .today = TODAY};
    struct client_ctx other = x;
    other.user_id = 8;
    struct client_fail fail;
    struct staff_training t = {.staff_id = id, .held_on = "2026-06-01",
                               .title = "伦理", .minutes = 120};
    int64_t tid;
    assert_int_equal(staff_service_add_training(&x, &t, &tid, &fail), 0);
    struct staff_training fix = t;
    fix.id = tid;
    fix.title = "伦理实务";
    /* A stale version, a day to come: refused, nothing written. */
    assert_int_equal(staff_service_update_training(&x, &fix, 2, &fail), -1);
    assert_int_equal(fail.status, 409);
    fix.held_on = "2026-07-01";
    assert_int_equal(staff_service_update_training(&x, &fix, 1, &fail), -1);
    assert_int_equal(fail.status, 400);
    assert_string_equal(fail.field, "held_on");
    struct staff_training cur;
    assert_int_equal(staff_store_training(db, a, id, tid, &cur), DB_ROW);
    assert_string_equal(cur.title, "伦理");
    assert_int_equal(cur.version, 1);
    fix.held_on = "2026-06-02";
    assert_int_equal(staff_service_update_training(&x, &fix, 1, &fail), 0);
    assert_int_equal(staff_store_training(db, a, id, tid, &cur), DB_ROW);
    assert_string_equal(cur.title, "伦理实务");
    assert_string_equal(cur.held_on, "2026-06-02");
    assert_int_equal(cur.version, 2);
    assert_int_equal(cur.created_by, 7);
    /* Another worker's path finds nothing. */
    int64_t id2 = worker("乙", 2, NULL);
    assert_int_equal(staff_service_delete_training(&x, id2, tid, 2, 7, &fail),
                     -1);
    assert_int_equal(fail.status, 404);
    /* Removed by its author only, with the version read. */
    assert_int_equal(
        staff_service_delete_training(&other, id, tid, 2, 7, &fail), -1);
    assert_int_equal(fail.status, 403);
    assert_int_equal(staff_service_delete_training(&x, id, tid, 1, 7, &fail),
                     -1);
    assert_int_equal(fail.status, 409);
    assert_int_equal(staff_service_delete_training(&x, id, tid, 2, 7, &fail),
                     0);
    assert_int_equal(staff_store_training(db, a, id, tid, &cur), DB_DONE);
    /* One entered long ago (created_at 0) is kept: corrected, not
     * removed. */
    t.created_by = 7;
    assert_int_equal(staff_store_add_training(db, &t, 0, &tid), DB_OK);
    assert_int_equal(staff_service_delete_training(&x, id, tid, 1, 7, &fail),
                     -1);
    assert_int_equal(fail.status, 403);
    fix.id = tid;
    assert_int_equal(staff_service_update_training(&x, &fix, 1, &fail), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(workers_per_station_min_and_max, clean),
        cmocka_unit_test_setup(one_station_catches_old_overlaps, clean),
        cmocka_unit_test_setup(employer_is_the_contract_holder, clean),
        cmocka_unit_test_setup(employer_of_a_station_served_by_two, clean),
        cmocka_unit_test_setup(age_at_hire_is_inclusive, clean),
        cmocka_unit_test_setup(education_at_least_junior_college, clean),
        cmocka_unit_test_setup(certificate_deadline_warns_then_violates,
                               clean),
        cmocka_unit_test_setup(supervisor_needs_intermediate, clean),
        cmocka_unit_test_setup(wage_against_minimum_wage, clean),
        cmocka_unit_test_setup(dongguan_turns_the_staff_rules_off, clean),
        cmocka_unit_test_setup(login_range_follows_the_day, clean),
        cmocka_unit_test_setup(training_corrected_and_removed, clean),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
