/* Unit tests of the contract compliance rules, each against a SQLite
 * database with the built-in holidays and a contract written for the
 * case: the filing deadline (violation, warning 5 working days ahead,
 * provisional in a year not loaded), staff in place, the least amount
 * per station, services outside the scope, targets behind the term,
 * other filings overdue, debarred organisations, the expiry reminder. */
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
#include "core/calendar_load.h"
#include "core/compliance_rules.h"
#include "core/profile.h"
#include "db/db.h"
#include "store/migrate.h"
#include "util/arena.h"

static int setup(void **state)
{
    (void)state;
    if (rule_db_open("cc", true) != 0) {
        return -1;
    }
    exec("INSERT INTO regions (code, name, level, parent) VALUES "
         "('430223', '攸县', 'county', NULL), ('430223100', '网岭镇', "
         "'township', '430223'), ('430223101', '鸾山镇', 'township', "
         "'430223')");
    exec("INSERT INTO stations (id, type, region_code, name, created_at, "
         "updated_at) VALUES (1, 'township_station', '430223100', "
         "'攸县网岭镇社会工作服务站', 0, 0), (2, 'township_station', "
         "'430223101', '攸县鸾山镇社会工作服务站', 0, 0)");
    exec("INSERT INTO organisations (id, name, credit_code, created_at, "
         "updated_at) VALUES (1, '攸县阳光社会工作服务中心', "
         "'91350100M000100Y43', 0, 0)");
    exec("INSERT INTO users (id, username, display_name, password_hash, "
         "created_at, updated_at) VALUES (1, 'w', 'w', 'x', 0, 0)");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rule_db_close();
    return 0;
}

/* Each test starts from no contract. */
static int clean(void **state)
{
    (void)state;
    exec("DELETE FROM evaluations; DELETE FROM service_workers; "
         "DELETE FROM services; "
         "DELETE FROM staff_assignments; DELETE FROM staff; "
         "DELETE FROM users WHERE id > 1; DELETE FROM contract_targets; "
         "DELETE FROM contract_scope; DELETE FROM contract_stations; "
         "DELETE FROM filings; DELETE FROM debarments; "
         "DELETE FROM contracts");
    return 0;
}

/* A contract of 2026 (signed 5 January) with stations 1 and 2 at 120,000
 * yuan each; extra is a SQL SET list applied afterwards. */
static void contract(const char *extra)
{
    exec("INSERT INTO contracts (id, code, title, region_code, purchaser, "
         "organisation_id, procurement, cycle_years, cycle_year, "
         "amount_fen, signed_on, effective_on, starts_on, ends_on, "
         "created_at, updated_at) VALUES (7, 'YX-1', '攸县社工站项目', "
         "'430223', '攸县民政局', 1, 'open_tender', 3, 1, 24000000, "
         "'2026-01-05', '2026-01-05', '2026-01-01', '2026-12-31', 0, 0)");
    exec("INSERT INTO contract_stations (contract_id, station_id, "
         "amount_fen) VALUES (7, 1, 12000000), (7, 2, 12000000)");
    if (extra) {
        char sql[400];
        snprintf(sql, sizeof sql, "UPDATE contracts SET %s WHERE id = 7",
                 extra);
        exec(sql);
    }
}

static struct compliance_report report;
static struct arena *arena;

/* Runs one rule as of today; returns how many findings it made. */
static size_t run(const char *code, const char *today)
{
    if (arena) {
        arena_free(arena);
    }
    arena = arena_new(0);
    struct compliance_ctx c = {.db = db, .arena = arena,
                               .scope = &scope_all, .profile = prof,
                               .today = today};
    memset(&report, 0, sizeof report);
    report.cap = 4;
    report.findings = arena_alloc(arena, 4 * sizeof *report.findings);
    for (const struct compliance_rule *r = compliance_contract_rules; r->code;
         r++) {
        if (strcmp(r->code, code) == 0) {
            assert_true(!r->enabled || r->enabled(prof));
            assert_int_equal(r->run(&c, &report), DB_OK);
            return report.n_findings;
        }
    }
    fail_msg("no rule %s", code);
    return 0;
}

static void has(size_t i, enum severity sev, const char *text)
{
    assert_true(i < report.n_findings);
    assert_int_equal(report.findings[i].severity, sev);
    if (!strstr(report.findings[i].message, text)) {
        fail_msg("\"%s\" not in \"%s\"", text, report.findings[i].message);
    }
}

static void filing_deadline(void **state)
{
    (void)state;
    contract(NULL);
    /* 5 Jan not counted, 1–3 Jan holidays: due 26 January 2026. */
    assert_int_equal(run("contract.filing_deadline", "2026-01-20"), 1);
    has(0, SEV_WARNING, "2026-01-26前");
    assert_int_equal(run("contract.filing_deadline", "2026-01-16"), 0);
    assert_int_equal(run("contract.filing_deadline", "2026-01-26"), 1);
    has(0, SEV_WARNING, "2026-01-26");
    assert_int_equal(run("contract.filing_deadline", "2026-01-27"), 1);
    has(0, SEV_VIOLATION, "期限2026-01-26已过");
    assert_int_equal(strcmp(report.findings[0].entity, "contract"), 0);
    assert_int_equal(report.findings[0].entity_id, 7);
    exec("UPDATE contracts SET filed_on = '2026-01-26'");
    assert_int_equal(run("contract.filing_deadline", "2026-06-15"), 0);
    exec("UPDATE contracts SET filed_on = '2026-01-27'");
    assert_int_equal(run("contract.filing_deadline", "2026-06-15"), 1);
    has(0, SEV_VIOLATION, "晚于期限2026-01-26");
}

static void filing_deadline_provisional(void **state)
{
    (void)state;
    /* Signed 28 December 2026: the deadline falls in 2027, not loaded. */
    contract("signed_on = '2026-12-28', effective_on = '2026-12-28', "
             "starts_on = '2027-01-01', ends_on = '2027-12-31'");
    assert_int_equal(run("contract.filing_deadline", "2027-02-10"), 1);
    has(0, SEV_VIOLATION, "(暂定)");
    assert_non_null(strstr(report.findings[0].message_en, "provisional"));
}

static void staff_in_place(void **state)
{
    (void)state;
    contract("signed_on = '2026-01-31'");
    /* Within one month of 31 January: by 28 February. */
    assert_int_equal(run("contract.staff_in_place", "2026-02-28"), 0);
    assert_int_equal(run("contract.staff_in_place", "2026-03-01"), 1);
    has(0, SEV_VIOLATION, "期限2026-02-28已过");
    exec("UPDATE contracts SET staff_in_place_on = '2026-02-28'");
    assert_int_equal(run("contract.staff_in_place", "2026-06-15"), 0);
    exec("UPDATE contracts SET staff_in_place_on = '2026-03-02'");
    assert_int_equal(run("contract.staff_in_place", "2026-06-15"), 1);
    has(0, SEV_VIOLATION, "晚于期限2026-02-28");
}

static void min_station_amount(void **state)
{
    (void)state;
    contract(NULL);
    /* 120,000 yuan is the minimum itself: allowed (不少于). */
    assert_int_equal(run("contract.min_station_amount", "2026-06-15"), 0);
    exec("UPDATE contract_stations SET amount_fen = 11999999 WHERE "
         "station_id = 2");
    assert_int_equal(run("contract.min_station_amount", "2026-06-15"), 1);
    has(0, SEV_VIOLATION, "攸县鸾山镇社会工作服务站每年119,999.99元");
}

static void service(int64_t id, int64_t station, const char *area,
                    const char *type, int64_t at)
{
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO services (id, station_id, type, started_at, "
             "ended_at, minutes, service_day, area, content, created_by, "
             "created_at, updated_at) VALUES (%lld, %lld, '%s', %lld, %lld, "
             "60, '2026', '%s', 'x', 1, 0, 0)",
             (long long)id, (long long)station, type, (long long)at,
             (long long)at + 3600, area);
    exec(sql);
}

/* 2026-03-02 10:00 Beijing. */
#define MARCH 1772416800LL

static void out_of_scope(void **state)
{
    (void)state;
    contract(NULL);
    service(1, 1, "social_assistance", "home_visit", MARCH);
    service(2, 2, "elderly_care", "home_visit", MARCH);
    assert_int_equal(run("contract.out_of_scope", "2026-06-15"), 0);
    exec("INSERT INTO contract_scope (contract_id, area) VALUES (7, "
         "'social_assistance')");
    assert_int_equal(run("contract.out_of_scope", "2026-06-15"), 1);
    has(0, SEV_VIOLATION, "1条服务记录");
    exec("INSERT INTO contract_scope (contract_id, area) VALUES (7, "
         "'elderly_care')");
    assert_int_equal(run("contract.out_of_scope", "2026-06-15"), 0);
    /* Before the term: not the contract's business. */
    service(3, 2, "child_welfare", "home_visit", MARCH - 90 * 86400);
    assert_int_equal(run("contract.out_of_scope", "2026-06-15"), 0);
}

/* Login user, worker `name` (role), assigned to station from `from`
 * (to `to`, NULL: still). */
static void rostered(int64_t user, const char *name, const char *role,
                     int64_t station, const char *from, const char *to)
{
    char sql[900];
    snprintf(sql, sizeof sql,
             "INSERT OR IGNORE INTO users (id, username, display_name, "
             "password_hash, created_at, updated_at) VALUES (%lld, 'u%lld', "
             "'%s', 'x', 0, 0); INSERT INTO staff (id, name, user_id, role, "
             "organisation_id, birth_date, sex, education, hired_on, "
             "created_at, updated_at) VALUES (%lld, '%s', %lld, '%s', 1, "
             "'1990-01-01', 'F', 'bachelor', '%s', 0, 0); INSERT INTO "
             "staff_assignments (staff_id, station_id, from_on, to_on, "
             "created_at) VALUES (%lld, %lld, '%s', %s%s%s, 0)",
             (long long)user, (long long)user, name, (long long)user, name,
             (long long)user, role, from, (long long)user, (long long)station,
             from, to ? "'" : "", to ? to : "NULL", to ? "'" : "");
    exec(sql);
}

/* Record id, at station on 2 March 2026, served by the logins given. */
static void served(int64_t id, int64_t station, int64_t a, int64_t b)
{
    service(id, station, "social_assistance", "home_visit", MARCH);
    char sql[300];
    snprintf(sql, sizeof sql,
             "UPDATE services SET service_day = '2026-03-02' WHERE id = "
             "%lld; INSERT INTO service_workers (service_id, user_id, "
             "started_at) VALUES (%lld, %lld, 0)",
             (long long)id, (long long)id, (long long)a);
    exec(sql);
    if (b) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO service_workers (service_id, user_id, "
                 "started_at) VALUES (%lld, %lld, 0)",
                 (long long)id, (long long)b);
        exec(sql);
    }
}

static void unrostered_workers(void **state)
{
    (void)state;
    contract(NULL);
    exec("INSERT INTO users (id, username, display_name, password_hash, "
         "created_at, updated_at) VALUES (2, 'temp', '临时工', 'x', 0, 0)");
    rostered(3, "李敏", "resident", 1, "2026-01-10", NULL);
    rostered(4, "王督导", "supervisor", 2, "2025-01-01", NULL);
    rostered(5, "陈静", "resident", 2, "2026-02-01", "2026-02-28");
    rostered(6, "赵新", "resident", 1, "2026-03-03", NULL);
    served(1, 1, 3, 0); /* on the roster */
    served(2, 1, 3, 4); /* with the county's supervisor */
    assert_int_equal(run("contract.unrostered_workers", "2026-06-15"), 0);
    served(3, 1, 3, 2); /* a login that is nobody on the roster */
    served(4, 2, 5, 0); /* her assignment ended the day before */
    served(5, 2, 3, 0); /* rostered at the other station */
    served(6, 1, 6, 0); /* hired the day after */
    served(7, 1, 2, 0);
    served(8, 1, 2, 6); /* two of them on one record: one record */
    assert_int_equal(run("contract.unrostered_workers", "2026-06-15"), 2);
    /* One finding a station, its records and people, most first. */
    has(0, SEV_VIOLATION, "网岭镇社会工作服务站有4条服务记录");
    has(0, SEV_VIOLATION, "临时工(temp)3条、赵新(u6)2条(如服务记录3)");
    assert_int_equal(report.findings[0].station_id, 1);
    has(1, SEV_VIOLATION, "鸾山镇社会工作服务站有2条服务记录");
    has(1, SEV_VIOLATION, "李敏(u3)1条、陈静(u5)1条");
    assert_string_equal(report.findings[1].clause, "严禁服务转包");
    /* A township's officer reads her station's finding only. */
    struct scope one = {.region_prefix = "430223101"};
    struct compliance_ctx c = {.db = db, .arena = arena, .scope = &one,
                               .profile = prof, .today = "2026-06-15"};
    struct compliance_report mine = {0};
    for (const struct compliance_rule *r = compliance_contract_rules; r->code;
         r++) {
        if (strcmp(r->code, "contract.unrostered_workers") == 0) {
            assert_int_equal(r->run(&c, &mine), DB_OK);
        }
    }
    assert_int_equal(mine.n_findings, 1);
    assert_int_equal(mine.findings[0].station_id, 2);
    /* Before the term: not the contract's business. */
    exec("UPDATE services SET started_at = started_at - 90 * 86400");
    assert_int_equal(run("contract.unrostered_workers", "2026-06-15"), 0);
}

/* A final evaluation of contract 7 on day; voided when asked. */
static void final_on(const char *day, bool voided)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "INSERT INTO evaluations (contract_id, kind, evaluated_on, "
             "passed, grade, created_at, voided_at) VALUES (7, 'final', "
             "'%s', 1, 'good', 0, %s)",
             day, voided ? "1" : "NULL");
    exec(sql);
}

static void final_evaluation_early(void **state)
{
    (void)state;
    contract(NULL);
    /* The term 2026-01-01 to 2026-12-31: its second half from 07-02. */
    final_on("2026-07-02", false);
    final_on("2026-03-01", true); /* voided: counts for nothing */
    assert_int_equal(run("contract.final_evaluation_early", "2026-12-15"), 0);
    final_on("2026-07-01", false);
    assert_int_equal(run("contract.final_evaluation_early", "2026-12-15"), 1);
    has(0, SEV_WARNING, "2026-07-01的终期评估在服务期前半(服务期2026-01-01至"
                        "2026-12-31)");
}

static void targets_behind(void **state)
{
    (void)state;
    contract(NULL);
    exec("INSERT INTO contract_targets (contract_id, service_type, area, "
         "quantity) VALUES (7, 'home_visit', '', 10)");
    service(1, 1, "social_assistance", "home_visit", MARCH);
    service(2, 2, "elderly_care", "home_visit", MARCH);
    service(3, 2, "elderly_care", "consultation", MARCH);
    /* 15 June: 166 of 365 days, 45.4 %: 4 were due, 2 done. */
    assert_int_equal(run("contract.targets_behind", "2026-06-15"), 1);
    has(0, SEV_WARNING, "年度目标10，已完成2");
    has(0, SEV_WARNING, "已过45.4%");
    has(0, SEV_WARNING, "应完成4");
    /* In March a fifth of the term: 1 due, 2 done. */
    assert_int_equal(run("contract.targets_behind", "2026-03-15"), 0);
}

static void filings_overdue(void **state)
{
    (void)state;
    contract(NULL);
    exec("INSERT INTO filings (region_code, kind, year, title, filed_with, "
         "due_on, created_at, updated_at) VALUES ('430223', 'county_plan', "
         "2026, '2026年度实施计划', '省、市民政部门', '2026-07-31', 0, 0)");
    assert_int_equal(run("contract.filings_overdue", "2026-06-15"), 0);
    assert_int_equal(run("contract.filings_overdue", "2026-07-28"), 1);
    has(0, SEV_WARNING, "须于2026-07-31前");
    assert_int_equal(run("contract.filings_overdue", "2026-08-01"), 1);
    has(0, SEV_VIOLATION, "期限2026-07-31已过");
    assert_string_equal(report.findings[0].entity, "filing");
    exec("UPDATE filings SET filed_on = '2026-07-30'");
    assert_int_equal(run("contract.filings_overdue", "2026-08-01"), 0);
}

static void debarred(void **state)
{
    (void)state;
    contract(NULL);
    assert_int_equal(run("contract.debarred", "2026-06-15"), 0);
    exec("INSERT INTO debarments (organisation_id, starts_on, ends_on, "
         "reason, created_at) VALUES (1, '2026-06-15', '2029-06-14', "
         "'严重违约', 0)");
    assert_int_equal(run("contract.debarred", "2026-06-14"), 0);
    assert_int_equal(run("contract.debarred", "2026-06-15"), 1);
    has(0, SEV_VIOLATION, "禁止承接期内");
    exec("UPDATE contracts SET status = 'terminated'");
    assert_int_equal(run("contract.debarred", "2026-06-15"), 0);
}

static void expiring(void **state)
{
    (void)state;
    contract(NULL);
    /* 30 days ahead (the profile's month) warns; 31 does not. */
    assert_int_equal(run("contract.expiring", "2026-11-30"), 0);
    assert_int_equal(run("contract.expiring", "2026-12-01"), 1);
    has(0, SEV_WARNING, "还有30天");
    exec("INSERT INTO contracts (id, code, title, region_code, purchaser, "
         "organisation_id, procurement, cycle_years, cycle_year, "
         "amount_fen, signed_on, effective_on, starts_on, ends_on, "
         "previous_id, created_at, updated_at) VALUES (8, 'YX-2', '续签', "
         "'430223', '攸县民政局', 1, 'open_tender', 3, 2, 24000000, "
         "'2026-12-01', '2026-12-01', '2027-01-01', '2027-12-31', 7, 0, 0)");
    exec("INSERT INTO contract_stations (contract_id, station_id, "
         "amount_fen) VALUES (8, 1, 12000000)");
    assert_int_equal(run("contract.expiring", "2026-12-01"), 0);
}

static void cycle(void **state)
{
    (void)state;
    contract(NULL); /* 3 years, this one the first, a year's term */
    assert_int_equal(run("contract.cycle", "2026-06-15"), 0);
    exec("UPDATE contracts SET cycle_years = 4, ends_on = '2027-03-31' "
         "WHERE id = 7");
    assert_int_equal(run("contract.cycle", "2026-06-15"), 2);
    has(0, SEV_VIOLATION, "超过规定的3年");
    has(1, SEV_VIOLATION, "应一年一签");
}

static void rules_off_without_keys(void **state)
{
    (void)state;
    struct profile p = *prof;
    memset(&p.contracts, 0, sizeof p.contracts);
    for (const struct compliance_rule *r = compliance_contract_rules; r->code;
         r++) {
        bool keyed = strcmp(r->code, "contract.filing_deadline") == 0 ||
                     strcmp(r->code, "contract.staff_in_place") == 0 ||
                     strcmp(r->code, "contract.min_station_amount") == 0 ||
                     strcmp(r->code, "contract.cycle") == 0 ||
                     strcmp(r->code, "contract.renewal_after_fail") == 0;
        assert_int_equal(r->enabled && !r->enabled(&p), keyed);
        if (keyed) {
            assert_non_null(r->off_reason);
        }
    }
}

#define T(fn) cmocka_unit_test_setup(fn, clean)

int main(void)
{
    if (sodium_init() < 0) {
        return 1;
    }
    const struct CMUnitTest tests[] = {
        T(filing_deadline), T(filing_deadline_provisional), T(staff_in_place),
        T(min_station_amount), T(out_of_scope), T(unrostered_workers),
        T(targets_behind), T(final_evaluation_early),
        T(filings_overdue), T(debarred), T(expiring), T(cycle),
        T(rules_off_without_keys),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    if (arena) {
        arena_free(arena);
    }
    return rc;
}
