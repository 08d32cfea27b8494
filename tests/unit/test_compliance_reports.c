/* Unit tests of the report deadlines (issue 8): the due day a profile's
 * rule gives (a day of the following month, a fixed day of the year,
 * December rolling into January), the profile keys checked on load, and
 * the rules report.overdue and report.upcoming against a SQLite database
 * under the 攸县 profile — a brief not written, written but returned,
 * submitted, due soon; the county's self-evaluation by 30 November; the
 * rules off for a profile without the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "rule_db.h"
#include "core/compliance_rules.h"
#include "core/profile.h"
#include "core/report_service.h"
#include "core/report_types.h"
#include "db/db.h"
#include "store/migrate.h"
#include "util/arena.h"

static int setup(void **state)
{
    (void)state;
    if (rule_db_open("cr", false) != 0) {
        return -1;
    }
    exec("INSERT INTO regions (code, name, level, parent) VALUES "
         "('430223', '攸县', 'county', NULL), ('430223100', '网岭镇', "
         "'township', '430223')");
    exec("INSERT INTO stations (id, type, region_code, name, opened_on, "
         "created_at, updated_at) VALUES (1, 'township_station', "
         "'430223100', '攸县网岭镇社会工作服务站', '2026-04-01', 0, 0)");
    exec("INSERT INTO organisations (id, name, credit_code, created_at, "
         "updated_at) VALUES (1, '攸县阳光社会工作服务中心', "
         "'91350100M000100Y43', 0, 0)");
    exec("INSERT INTO contracts (id, code, title, region_code, purchaser, "
         "organisation_id, procurement, cycle_years, cycle_year, "
         "amount_fen, signed_on, effective_on, starts_on, ends_on, "
         "created_at, updated_at) VALUES (7, 'YX-1', '攸县社工站项目', "
         "'430223', '攸县民政局', 1, 'open_tender', 3, 1, 12000000, "
         "'2026-01-05', '2026-01-05', '2026-01-01', '2026-12-31', 0, 0)");
    exec("INSERT INTO contract_stations (contract_id, station_id, "
         "amount_fen) VALUES (7, 1, 12000000)");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rule_db_close();
    return 0;
}

static void report(const char *type, const char *key, const char *from,
                   const char *to, const char *status);

/* No reports, but the organisation's monthly briefs of the contract's
 * year, accepted: the other tests count the station's and the county's
 * reports alone (org_monthly has its own). */
static int clean(void **state)
{
    (void)state;
    exec("DELETE FROM report_history; DELETE FROM reports");
    exec("UPDATE stations SET opened_on = '2026-04-01'");
    for (int m = 1; m <= 12; m++) {
        char month[16];
        snprintf(month, sizeof month, "2026-%02d", m % 100);
        report("org_monthly_brief", "c:7", month, month, "accepted");
    }
    return 0;
}

/* A report of type, scope key and first month in status. */
static void report(const char *type, const char *key, const char *from,
                   const char *to, const char *status)
{
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO reports (type, scope_key, region_code, "
             "period_from, period_to, status, created_by, created_at, "
             "updated_at) VALUES ('%s', '%s', '430223', '%s', '%s', '%s', "
             "1, 0, 0)",
             type, key, from, to, status);
    exec(sql);
}

static struct compliance_report found;
static struct arena *arena;

/* Runs one rule as of today; returns how many findings it made. */
static size_t run(const struct profile *p, const char *code,
                  const char *today)
{
    if (arena) {
        arena_free(arena);
    }
    arena = arena_new(0);
    struct compliance_ctx c = {.db = db, .arena = arena,
                               .scope = &scope_all, .profile = p,
                               .today = today};
    memset(&found, 0, sizeof found);
    found.cap = 4;
    found.findings = arena_alloc(arena, 4 * sizeof *found.findings);
    for (const struct compliance_rule *r = compliance_report_rules; r->code;
         r++) {
        if (strcmp(r->code, code) == 0) {
            assert_true(r->enabled(p));
            assert_int_equal(r->run(&c, &found), DB_OK);
            return found.n_findings;
        }
    }
    fail_msg("no rule %s", code);
    return 0;
}

/* The number of findings whose message contains s. */
static size_t with(const char *s)
{
    size_t n = 0;
    for (size_t i = 0; i < found.n_findings; i++) {
        n += strstr(found.findings[i].message, s) != NULL;
    }
    return n;
}

static void due_days(void **state)
{
    (void)state;
    struct report_rule monthly = {.set = true, .due_day = 5,
                                  .due_month_day = ""};
    struct report_rule yearly = {.set = true, .due_month_day = "11-30"};
    struct report_rule none = {.set = true, .due_month_day = ""};
    char due[16];
    int may = 2026 * 12 + 4, dec = 2026 * 12 + 11;
    assert_true(report_due_on(&monthly, may, due));
    assert_string_equal(due, "2026-06-05");
    assert_true(report_due_on(&monthly, dec, due)); /* into January */
    assert_string_equal(due, "2027-01-05");
    assert_true(report_due_on(&yearly, dec, due));
    assert_string_equal(due, "2026-11-30");
    assert_false(report_due_on(&none, may, due)); /* 中期: no day */
    assert_false(report_due_on(NULL, may, due));
    /* The youxian profile as shipped. */
    const struct profile_reports *r = &prof->reports;
    assert_true(r->present);
    assert_int_equal(r->types[REPORT_MONTHLY_BRIEF].due_day, 5);
    assert_string_equal(r->types[REPORT_MONTHLY_BRIEF].receiver,
                        "township_officer");
    assert_string_equal(r->types[REPORT_SELF_EVALUATION].due_month_day,
                        "11-30");
    assert_false(r->types[REPORT_FUND_USE].set);
}

/* Who receives the monthly brief: the township office where the plan
 * says so (攸县), else the bureau (涿鹿县); the county's and the
 * contract's reports always go to the bureau. */
static void receivers(void **state)
{
    (void)state;
    assert_string_equal(report_service_reviewer(prof, REPORT_MONTHLY_BRIEF),
                        "township_officer");
    assert_string_equal(report_service_reviewer(prof, REPORT_SELF_EVALUATION),
                        "bureau");
    size_t len;
    const char *text = profile_builtin_text("zhuolu", &len);
    struct profile *z;
    char err[300];
    assert_int_equal(profile_parse(text, len, &z, err, sizeof err), 0);
    assert_string_equal(report_service_reviewer(z, REPORT_MONTHLY_BRIEF),
                        "bureau");
    assert_true(z->reports.types[REPORT_FINAL].set);
    assert_int_equal(z->reports.types[REPORT_FINAL].due_day, 0);
    profile_free(z);
    assert_string_equal(report_service_reviewer(NULL, REPORT_MONTHLY_BRIEF),
                        "bureau");
    /* The office a plan names, for the findings' words: 原州区's half-year
     * report goes to the region's department, copied to the city; a kind
     * whose plan names none has "" (the role's label, or 上级民政部门). */
    text = profile_builtin_text("yuanzhou", &len);
    assert_int_equal(profile_parse(text, len, &z, err, sizeof err), 0);
    assert_string_equal(z->reports.types[REPORT_HALF_YEAR].addressee,
                        "民政厅慈善事业促进和社会工作处（抄送固原市民政局）");
    profile_free(z);
    assert_string_equal(prof->reports.types[REPORT_QUARTERLY].addressee, "");
}

static void periods(void **state)
{
    (void)state;
    int m;
    assert_true(report_month_parse("2026-05", &m));
    assert_int_equal(m, 2026 * 12 + 4);
    assert_false(report_month_parse("2026-13", &m));
    assert_false(report_month_parse("2026-5", &m));
    assert_false(report_month_parse("2026-05-01", &m));
    int jan = 2026 * 12;
    assert_true(report_period_fits(PERIOD_QUARTER, jan, jan + 2));
    assert_false(report_period_fits(PERIOD_QUARTER, jan + 1, jan + 3));
    assert_true(report_period_fits(PERIOD_HALF, jan + 6, jan + 11));
    assert_false(report_period_fits(PERIOD_HALF, jan + 3, jan + 8));
    assert_true(report_period_fits(PERIOD_YEAR, jan, jan + 11));
    assert_false(report_period_fits(PERIOD_MONTH, jan, jan + 1));
    assert_false(report_period_fits(PERIOD_ANY, jan + 2, jan + 1));
}

static void profile_keys_checked(void **state)
{
    (void)state;
    size_t len;
    const char *text = profile_builtin_text("youxian", &len);
    char *bad = malloc(len + 1);
    memcpy(bad, text, len);
    bad[len] = 0;
    /* The monthly brief due both on a day and on a fixed date. */
    char *k = strstr(bad, "\"due_day\": 5");
    assert_non_null(k);
    memcpy(k, "\"due_day\":25", 12);
    char *buf = malloc(len + 64);
    char *at = strstr(bad, "\"due_day\":25");
    size_t head = (size_t)(at - bad);
    memcpy(buf, bad, head);
    int n = sprintf(buf + head, "\"due_month_day\": \"11-30\", ");
    memcpy(buf + head + (size_t)n, at, len - head + 1);
    struct profile *p;
    char err[2000];
    assert_int_equal(profile_parse(buf, strlen(buf), &p, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "reports.monthly_brief: due_day or "
                                "due_month_day, not both"));
    free(buf);
    free(bad);
}

/* 15 June 2026: the briefs of April and May are overdue (the station
 * opened in April, so March is not asked for); a submitted one is not;
 * a returned one is. */
static void monthly_overdue(void **state)
{
    (void)state;
    /* Accepted county reports, so that only the briefs are found. */
    report("quarterly", "r:430223", "2025-10", "2025-12", "accepted");
    report("quarterly", "r:430223", "2026-01", "2026-03", "accepted");
    report("half_year", "r:430223", "2025-01", "2025-06", "accepted");
    report("half_year", "r:430223", "2025-07", "2025-12", "accepted");
    assert_int_equal(run(prof, "report.overdue", "2026-06-15"), 2);
    assert_int_equal(with("月度工作简报(2026年4月)应于2026-05-05前报乡镇(街道)"
                          "民政办，已逾期未提交"),
                     1);
    assert_int_equal(with("2026年5月"), 1);
    assert_int_equal(with("2026年3月"), 0);
    assert_string_equal(found.findings[0].rule, "report.overdue");
    assert_int_equal(found.findings[0].severity, SEV_VIOLATION);
    assert_int_equal(found.findings[0].station_id, 1);
    report("monthly_brief", "s:1", "2026-05", "2026-05", "submitted");
    report("monthly_brief", "s:1", "2026-04", "2026-04", "returned");
    assert_int_equal(run(prof, "report.overdue", "2026-06-15"), 1);
    /* Sent back, not "never submitted". */
    assert_int_equal(with("月度工作简报(2026年4月)应于2026-05-05前报乡镇(街道)"
                          "民政办，已退回修改，逾期未重新提交"),
                     1);
    assert_string_equal(found.findings[0].message_en,
                        "The monthly brief for Apr 2026 is due on "
                        "2026-05-05; it was returned for changes and has "
                        "not been submitted again");
    /* The finding names the returned report itself. */
    assert_string_equal(found.findings[0].entity, "report");
    /* On the due day itself the brief is not yet late (inclusive). */
    exec("DELETE FROM reports WHERE type = 'monthly_brief'");
    assert_int_equal(run(prof, "report.overdue", "2026-06-05"), 1);
    assert_int_equal(with("2026年4月"), 1);
}

/* 1 June: May's brief is due on the 5th, within the 7 reminder days. */
static void monthly_upcoming(void **state)
{
    (void)state;
    assert_int_equal(run(prof, "report.upcoming", "2026-06-01"), 1);
    assert_int_equal(with("月度工作简报(2026年5月)应于2026-06-05前报乡镇(街道)"
                          "民政办，尚未提交"),
                     1);
    assert_int_equal(found.findings[0].severity, SEV_WARNING);
    /* A draft is still due. */
    report("monthly_brief", "s:1", "2026-05", "2026-05", "draft");
    assert_int_equal(run(prof, "report.upcoming", "2026-06-01"), 1);
    /* Submitted: nothing more to remind. */
    exec("UPDATE reports SET status = 'submitted'");
    assert_int_equal(run(prof, "report.upcoming", "2026-06-01"), 0);
    /* 28 May: not near yet. */
    exec("DELETE FROM reports");
    assert_int_equal(run(prof, "report.upcoming", "2026-05-28"), 0);
}

/* The county's self-evaluation by 30 November (篇2: 县民政部门……每年11月
 * 底前向省民政厅提交绩效自评报告), the bureau's, not a contract's. */
static void self_evaluation(void **state)
{
    (void)state;
    report("monthly_brief", "s:1", "2026-10", "2026-10", "accepted");
    report("monthly_brief", "s:1", "2026-09", "2026-09", "accepted");
    report("monthly_brief", "s:1", "2026-08", "2026-08", "accepted");
    report("quarterly", "r:430223", "2026-07", "2026-09", "accepted");
    report("quarterly", "r:430223", "2026-04", "2026-06", "accepted");
    report("half_year", "r:430223", "2026-01", "2026-06", "accepted");
    report("half_year", "r:430223", "2025-07", "2025-12", "accepted");
    assert_int_equal(run(prof, "report.upcoming", "2026-11-25"), 1);
    /* To the office the plan names (每年11月底前向省民政厅提交). */
    assert_int_equal(with("绩效自评报告(2026年)应于2026-11-30前"
                          "报省民政厅"),
                     1);
    assert_string_equal(found.findings[0].entity, "region");
    assert_int_equal(found.findings[0].entity_id, 430223);
    assert_string_equal(found.findings[0].entity_name, "攸县");
    assert_int_equal(found.findings[0].contract_id, 0);
    report("monthly_brief", "s:1", "2026-11", "2026-11", "accepted");
    assert_int_equal(run(prof, "report.overdue", "2026-12-01"), 1);
    assert_int_equal(with("绩效自评报告"), 1);
    /* One written per contract (before migration 44) is not the
     * county's. */
    report("self_evaluation", "c:7", "2026-01", "2026-12", "submitted");
    assert_int_equal(run(prof, "report.overdue", "2026-12-01"), 1);
    report("self_evaluation", "r:430223", "2026-01", "2026-12",
           "submitted");
    assert_int_equal(run(prof, "report.overdue", "2026-12-01"), 0);
    /* Still owed once the year has turned (福建's is due on 31 December:
     * it would never have been late), until it is submitted. */
    exec("DELETE FROM reports WHERE type = 'self_evaluation'");
    assert_int_equal(run(prof, "report.overdue", "2027-01-04"), 1);
    assert_int_equal(with("绩效自评报告(2026年)应于2026-11-30前"), 1);
    report("self_evaluation", "r:430223", "2026-01", "2026-12",
           "returned");
    assert_int_equal(run(prof, "report.overdue", "2027-01-04"), 1);
    exec("UPDATE reports SET status = 'accepted' "
         "WHERE type = 'self_evaluation'");
    assert_int_equal(run(prof, "report.overdue", "2027-01-04"), 0);
    /* Not the year before last; the county's, whatever its contracts
     * (this one ended with 2026). */
    exec("DELETE FROM reports WHERE type = 'self_evaluation'");
    report("monthly_brief", "s:1", "2026-12", "2026-12", "accepted");
    size_t n = run(prof, "report.overdue", "2028-01-04");
    assert_int_equal(with("绩效自评报告(2026年)"), 0);
    assert_int_equal(with("绩效自评报告(2027年)"), 1);
    assert_true(n >= 1);
    /* A county whose first station opened after the day owes none for
     * that year. */
    exec("UPDATE stations SET opened_on = '2026-12-01'");
    run(prof, "report.overdue", "2026-12-05");
    assert_int_equal(with("绩效自评报告"), 0);
}

/* The county's quarterly and half-year reports (day 15 after). */
static void county_reports(void **state)
{
    (void)state;
    /* Periods the county owes only once a station of it has started
     * (compliance_reports.c counties_of): one open since 2025. */
    exec("UPDATE stations SET opened_on = '2025-01-01'");
    report("monthly_brief", "s:1", "2026-03", "2026-03", "accepted");
    report("monthly_brief", "s:1", "2026-04", "2026-04", "accepted");
    report("monthly_brief", "s:1", "2026-05", "2026-05", "accepted");
    assert_int_equal(run(prof, "report.overdue", "2026-06-15"), 5);
    /* The county's own report goes up, not to itself (篇2 九(五)). */
    assert_int_equal(with("季度项目实施情况报告(2025年第4季度)应于"
                          "2026-01-15前报上级民政部门"),
                     1);
    assert_int_equal(with("季度项目实施情况报告(2026年第1季度)应于"
                          "2026-04-15前"),
                     1);
    /* Unless the plan names the office (youxian: 每半年向市民政局提交). */
    assert_int_equal(with("半年项目实施情况报告(2025年下半年)应于2026-01-15"
                          "前报市民政局"),
                     1);
    assert_int_equal(with("半年项目实施情况报告(2025年上半年)"), 1);
    /* And last year's self-evaluation, a station having started then. */
    assert_int_equal(with("绩效自评报告(2025年)应于2025-11-30前报省民政厅"),
                     1);
    for (size_t i = 0; i < found.n_findings; i++) {
        if (strcmp(found.findings[i].entity, "region") == 0) {
            assert_int_equal(found.findings[i].entity_id, 430223);
            assert_string_equal(found.findings[i].entity_name, "攸县");
        }
    }
    report("quarterly", "r:430223", "2026-01", "2026-03", "accepted");
    assert_int_equal(run(prof, "report.overdue", "2026-06-15"), 4);
    assert_int_equal(with("2026年第1季度"), 0);
}

/* The organisation's brief of its contract's stations, by the 10th of the
 * next month (篇2), for the months of the term. */
static void org_monthly(void **state)
{
    (void)state;
    exec("DELETE FROM reports WHERE type = 'org_monthly_brief'");
    report("quarterly", "r:430223", "2025-10", "2025-12", "accepted");
    report("quarterly", "r:430223", "2026-01", "2026-03", "accepted");
    report("half_year", "r:430223", "2025-01", "2025-06", "accepted");
    report("half_year", "r:430223", "2025-07", "2025-12", "accepted");
    report("monthly_brief", "s:1", "2026-04", "2026-04", "accepted");
    report("monthly_brief", "s:1", "2026-05", "2026-05", "accepted");
    /* 15 June: March, April and May overdue (due 10 April, May, June). */
    assert_int_equal(run(prof, "report.overdue", "2026-06-15"), 3);
    assert_int_equal(with("承接机构月度工作简报(2026年5月)应于2026-06-10前报县(区)"
                          "民政局，已逾期未提交"),
                     1);
    assert_string_equal(found.findings[0].entity, "contract");
    assert_int_equal(found.findings[0].contract_id, 7);
    report("org_monthly_brief", "c:7", "2026-05", "2026-05", "submitted");
    report("org_monthly_brief", "c:7", "2026-04", "2026-04", "returned");
    assert_int_equal(run(prof, "report.overdue", "2026-06-15"), 2);
    assert_int_equal(with("2026年5月"), 0);
    assert_int_equal(with("2026年4月"), 1);
    /* 5 June: May's is due within the week. */
    assert_int_equal(run(prof, "report.upcoming", "2026-06-05"), 0);
    exec("DELETE FROM reports WHERE type = 'org_monthly_brief' AND "
         "period_from = '2026-05'");
    assert_int_equal(run(prof, "report.upcoming", "2026-06-05"), 1);
    assert_int_equal(with("承接机构月度工作简报(2026年5月)应于2026-06-10前"), 1);
    /* Not before the term: January's window reaches back to October. */
    run(prof, "report.overdue", "2026-01-20");
    assert_int_equal(with("承接机构"), 0);
}

static void rules_off_without_keys(void **state)
{
    (void)state;
    struct profile p = *prof;
    memset(&p.reports, 0, sizeof p.reports);
    for (const struct compliance_rule *r = compliance_report_rules; r->code;
         r++) {
        assert_non_null(r->enabled);
        assert_false(r->enabled(&p));
        assert_non_null(r->off_reason);
    }
    /* Kinds listed without a day (中期, 末期) do not switch them on. */
    p.reports.present = true;
    p.reports.types[REPORT_MIDTERM] =
        (struct report_rule){.set = true, .due_month_day = ""};
    assert_false(compliance_report_rules[0].enabled(&p));
}

#define T(fn) cmocka_unit_test_setup(fn, clean)

int main(void)
{
    if (sodium_init() < 0) {
        return 1;
    }
    const struct CMUnitTest tests[] = {
        T(due_days),        T(receivers),        T(periods),          T(profile_keys_checked),
        T(monthly_overdue), T(monthly_upcoming), T(self_evaluation),
        T(county_reports),  T(org_monthly),      T(rules_off_without_keys),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    if (arena) {
        arena_free(arena);
    }
    return rc;
}
