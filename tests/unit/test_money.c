/* Unit tests of the money and payment rules (compliance_money.c) on a
 * fresh SQLite database each: the social-assistance share as a cap on
 * the previous year's budget (涿鹿) and a floor on this year's spending
 * (原州区), boundaries inclusive and a missing base a warning; the
 * personnel share pooled over the project; allocations above a line;
 * expenditures dated after a termination;
 * and installments paid before their trigger, overdue, out of order,
 * without their acceptance, or after a failed evaluation (with and
 * without an override). Also the schedule check of a profile. Each
 * test runs on SQLite, then on PostgreSQL when SGZ_TEST_PG names the
 * throwaway cluster's admin URL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "core/compliance.h"
#include "core/payment_plan.h"
#include "core/profile.h"
#include "db/db.h"
#include "store/migrate.h"

static struct db *db;
static struct arena *a;
static char path[128];
static const char *pg_admin; /* set: the tests run on PostgreSQL */
static char pg_name[64];

static int admin_exec(const char *sql)
{
    PGconn *c = PQconnectdb(pg_admin);
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    char err[300];
    if (pg_admin) {
        snprintf(pg_name, sizeof pg_name, "sgz_money_%d_%ld", getpid(),
                 random() % 100000);
        snprintf(path, sizeof path, "CREATE DATABASE %s", pg_name);
        assert_int_equal(admin_exec(path), 0);
        snprintf(path, sizeof path, "%.*s/%s",
                 (int)(strrchr(pg_admin, '/') - pg_admin), pg_admin,
                 pg_name);
        assert_int_equal(db_open(path, false, &db, err, sizeof err), DB_OK);
    } else {
        snprintf(path, sizeof path, "/tmp/sgz-money-%d-%ld.db", getpid(),
                 random());
        assert_int_equal(db_open(path, true, &db, err, sizeof err), DB_OK);
    }
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    a = arena_new(64 * 1024);
    assert_int_equal(
        db_exec(db,
                "INSERT INTO regions (code, name, level) VALUES ('130731', "
                "'涿鹿县', 'county'), ('130731100', '涿鹿镇', 'township');"
                "INSERT INTO organisations (name, credit_code, created_at, "
                "updated_at) VALUES ('社工机构', NULL, 0, 0);"
                "INSERT INTO stations (type, region_code, name, created_at, "
                "updated_at) VALUES ('township_station', '130731100', "
                "'涿鹿县涿鹿镇社会工作服务站', 0, 0);"
                "INSERT INTO contracts (code, title, region_code, purchaser, "
                "organisation_id, procurement, cycle_years, cycle_year, "
                "amount_fen, signed_on, effective_on, starts_on, ends_on, "
                "created_at, updated_at) VALUES ('ZL-2026', '项目', '130731', "
                "'民政局', 1, 'open_tender', 3, 1, 1000000, '2026-01-04', "
                "'2026-01-05', '2026-01-05', '2026-12-31', 0, 0);"
                "INSERT INTO contract_stations (contract_id, station_id, "
                "amount_fen) VALUES (1, 1, 1000000);"),
        DB_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    arena_free(a);
    if (pg_admin) {
        char sql[200];
        snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", pg_name);
        admin_exec(sql);
    } else {
        unlink(path);
    }
    return 0;
}

static struct profile *load(const char *name)
{
    size_t len;
    const char *text = profile_builtin_text(name, &len);
    assert_non_null(text);
    struct profile *p;
    char err[400];
    assert_int_equal(profile_parse(text, len, &p, err, sizeof err), 0);
    return p;
}

/* The findings of one rule under a profile, today 2026-06-15. */
static size_t run(const char *profile, const char *rule,
                  const struct finding **out)
{
    struct profile *p = load(profile);
    struct compliance_ctx c = {.db = db, .arena = a, .scope = &scope_all,
                               .profile = p, .today = "2026-06-15"};
    struct compliance_report r;
    assert_int_equal(compliance_run(&c, &r), DB_OK);
    static const struct finding *mine[32];
    size_t n = 0;
    for (size_t i = 0; i < r.n_findings && n < 32; i++) {
        if (strcmp(r.findings[i].rule, rule) == 0) {
            mine[n++] = &r.findings[i];
        }
    }
    bool enabled = false;
    for (size_t i = 0; i < r.n_rules; i++) {
        if (strcmp(r.rules[i].code, rule) == 0) {
            enabled = r.rules[i].enabled;
        }
    }
    profile_free(p);
    *out = n ? mine[0] : NULL;
    return enabled ? n : (size_t)-1;
}

static void exec(const char *sql)
{
    assert_int_equal(db_exec(db, sql), DB_OK);
}

static void assistance_cap_previous_year(void **state)
{
    (void)state;
    const struct finding *f;
    exec("INSERT INTO budget_lines (region_code, year, source, title, "
         "budget_fen, created_at, updated_at) VALUES ('130731', 2026, "
         "'social_assistance', '社会救助专项', 100000000, 0, 0);"
         "INSERT INTO allocations (budget_line_id, contract_id, amount_fen, "
         "allocated_on, created_at) VALUES (1, 1, 300000, '2026-01-10', 0)");
    /* No 2025 base: a warning naming the figure to enter. */
    assert_int_equal(run("zhuolu", "money.assistance_share", &f), 1);
    assert_int_equal(f->severity, SEV_WARNING);
    assert_non_null(strstr(f->message, "2025年"));
    /* 3 % of 10,000,000 fen is 300,000: exactly the cap, allowed. */
    exec("INSERT INTO budget_lines (region_code, year, source, title, "
         "budget_fen, created_at, updated_at) VALUES ('130731', 2025, "
         "'assistance_work', '社会救助工作经费', 10000000, 0, 0)");
    assert_int_equal(run("zhuolu", "money.assistance_share", &f), 0);
    exec("INSERT INTO allocations (budget_line_id, contract_id, amount_fen, "
         "allocated_on, created_at) VALUES (1, 1, 1, '2026-01-11', 0)");
    assert_int_equal(run("zhuolu", "money.assistance_share", &f), 1);
    assert_int_equal(f->severity, SEV_VIOLATION);
    assert_string_equal(f->entity, "budget_year");
    assert_int_equal(f->entity_id, 2026);
    assert_non_null(strstr(f->message, "超过"));
    /* The women's federation's profile has no such rule. */
    assert_int_equal(run("dongguan-fulian", "money.assistance_share", &f),
                     (size_t)-1);
}

static void assistance_floor_spent(void **state)
{
    (void)state;
    const struct finding *f;
    exec("INSERT INTO budget_lines (region_code, year, source, title, "
         "budget_fen, created_at, updated_at) VALUES ('130731', 2026, "
         "'hardship_relief', '困难群众救助资金', 100000000, 0, 0);"
         "INSERT INTO budget_lines (region_code, year, source, title, "
         "budget_fen, created_at, updated_at) VALUES ('130731', 2026, "
         "'fiscal_budget', '财政预算', 5000000, 0, 0);"
         "INSERT INTO allocations (budget_line_id, contract_id, amount_fen, "
         "allocated_on, created_at) VALUES (2, 1, 2999999, '2026-01-10', "
         "0)");
    /* The spending is not entered yet. */
    assert_int_equal(run("yuanzhou", "money.assistance_share", &f), 1);
    assert_int_equal(f->severity, SEV_WARNING);
    assert_non_null(strstr(f->message, "支出总额"));
    exec("UPDATE budget_lines SET spent_fen = 100000000 WHERE id = 1");
    assert_int_equal(run("yuanzhou", "money.assistance_share", &f), 1);
    assert_int_equal(f->severity, SEV_VIOLATION);
    assert_non_null(strstr(f->message, "低于"));
    /* Exactly 3 %: allowed (不低于). */
    exec("UPDATE allocations SET amount_fen = 3000000");
    assert_int_equal(run("yuanzhou", "money.assistance_share", &f), 0);
}

static void personnel_share(void **state)
{
    (void)state;
    const struct finding *f;
    exec("INSERT INTO expenditures (contract_id, station_id, spent_on, "
         "category, amount_fen, created_at, updated_at) VALUES (1, 1, "
         "'2026-02-01', 'wage', 890, 0, 0), (1, 1, '2026-02-01', "
         "'management_fee', 110, 0, 0)");
    assert_int_equal(run("zhuolu", "money.personnel_share", &f), 1);
    assert_int_equal(f->severity, SEV_WARNING); /* the term still runs */
    assert_non_null(strstr(f->message, "89.0%"));
    /* 900 of 1000: exactly 90 %, allowed. */
    exec("UPDATE expenditures SET amount_fen = 900 WHERE category = 'wage';"
         "UPDATE expenditures SET amount_fen = 100 WHERE category = "
         "'management_fee'");
    assert_int_equal(run("zhuolu", "money.personnel_share", &f), 0);
    assert_int_equal(run("youxian", "money.personnel_share", &f), (size_t)-1);
}

static void over_budget(void **state)
{
    (void)state;
    const struct finding *f;
    exec("INSERT INTO budget_lines (region_code, year, source, title, "
         "budget_fen, created_at, updated_at) VALUES ('130731', 2026, "
         "'welfare_lottery', '福彩公益金', 1000, 0, 0);"
         "INSERT INTO allocations (budget_line_id, station_id, amount_fen, "
         "allocated_on, created_at) VALUES (1, 1, 1000, '2026-01-10', 0)");
    assert_int_equal(run("youxian", "money.over_budget", &f), 0);
    exec("INSERT INTO allocations (budget_line_id, station_id, amount_fen, "
         "allocated_on, created_at) VALUES (1, 1, 1, '2026-01-10', 0)");
    assert_int_equal(run("youxian", "money.over_budget", &f), 1);
    assert_string_equal(f->entity, "budget_line");
}

/* Spending above the budget is a warning naming the amounts; at the
 * budget, or not yet entered, nothing. */
static void overspent(void **state)
{
    (void)state;
    const struct finding *f;
    exec("INSERT INTO budget_lines (region_code, year, source, title, "
         "budget_fen, spent_fen, created_at, updated_at) VALUES ('130731', "
         "2026, 'hardship_relief', '困难群众救助资金', 100000, 100000, 0, 0),"
         "('130731', 2026, 'welfare_lottery', '福彩公益金', 100, NULL, 0, 0)");
    assert_int_equal(run("youxian", "money.overspent", &f), 0);
    exec("UPDATE budget_lines SET spent_fen = 123456 WHERE id = 1");
    assert_int_equal(run("youxian", "money.overspent", &f), 1);
    assert_int_equal(f->severity, SEV_WARNING);
    assert_string_equal(f->entity, "budget_line");
    assert_non_null(strstr(f->message, "支出1,234.56元，超过预算1,000.00元"
                                       "（超出234.56元）"));
}

/* An allocation dated outside its line's year (made before the API
 * refused it) is named with its dates; the year's first and last days
 * are the year's. */
static void allocation_year(void **state)
{
    (void)state;
    const struct finding *f;
    exec("INSERT INTO budget_lines (region_code, year, source, title, "
         "budget_fen, created_at, updated_at) VALUES ('130731', 2026, "
         "'welfare_lottery', '福彩公益金', 1000, 0, 0);"
         "INSERT INTO allocations (budget_line_id, station_id, amount_fen, "
         "allocated_on, created_at) VALUES (1, 1, 10, '2026-01-01', 0), "
         "(1, 1, 10, '2026-12-31', 0)");
    assert_int_equal(run("youxian", "money.allocation_year", &f), 0);
    exec("INSERT INTO allocations (budget_line_id, station_id, amount_fen, "
         "allocated_on, created_at) VALUES (1, 1, 10, '2025-12-30', 0), "
         "(1, 1, 10, '2027-01-02', 0)");
    assert_int_equal(run("youxian", "money.allocation_year", &f), 1);
    assert_int_equal(f->severity, SEV_VIOLATION);
    assert_string_equal(f->entity, "budget_line");
    assert_non_null(strstr(f->message, "2笔分配的日期不在预算年度2026年内"
                                       "（2025-12-30至2027-01-02）"));
}

static void after_termination(void **state)
{
    (void)state;
    const struct finding *f;
    exec("INSERT INTO expenditures (contract_id, station_id, spent_on, "
         "category, amount_fen, created_at, updated_at) VALUES (1, 1, "
         "'2026-03-31', 'wage', 100, 0, 0)");
    assert_int_equal(run("youxian", "money.after_termination", &f), 0);
    /* Terminated on the day of the last expenditure: nothing after it. */
    exec("UPDATE contracts SET status = 'terminated', status_on = "
         "'2026-03-31'");
    assert_int_equal(run("youxian", "money.after_termination", &f), 0);
    exec("INSERT INTO expenditures (contract_id, station_id, spent_on, "
         "category, amount_fen, created_at, updated_at) VALUES (1, 1, "
         "'2026-04-01', 'wage', 100, 0, 0), (1, 1, '2026-05-20', 'rent', "
         "50, 0, 0)");
    assert_int_equal(run("youxian", "money.after_termination", &f), 1);
    assert_string_equal(f->entity, "contract");
    assert_int_equal(f->severity, SEV_WARNING);
    assert_non_null(strstr(f->message, "2笔支出(2026-04-01至2026-05-20)"));
}

#define PAYMENTS                                                            \
    "INSERT INTO payments (contract_id, seq, percent, trigger_event, "      \
    "working_days, needs_acceptance, amount_fen, status, paid_on, "         \
    "created_at, updated_at) VALUES "

static void paid_before_trigger_and_overdue(void **state)
{
    (void)state;
    const struct finding *f;
    /* Effective 2026-01-05 (Monday): 15 working days → 2026-01-26. */
    exec(PAYMENTS "(1, 1, 50, 'effective', 15, 0, 500000, 'planned', NULL, "
                  "0, 0)");
    assert_int_equal(run("yuanzhou", "payment.order_deadlines", &f), 1);
    assert_non_null(strstr(f->message, "2026-01-26"));
    assert_string_equal(f->entity, "contract");
    exec("UPDATE payments SET status = 'paid', paid_on = '2026-01-04'");
    assert_int_equal(run("yuanzhou", "payment.order_deadlines", &f), 1);
    assert_non_null(strstr(f->message, "早于"));
    exec("UPDATE payments SET paid_on = '2026-01-20'");
    assert_int_equal(run("yuanzhou", "payment.order_deadlines", &f), 0);
    /* The second paid before the first: out of order. */
    exec("UPDATE payments SET status = 'planned', paid_on = NULL;"
         PAYMENTS "(1, 2, 50, 'signing', 15, 0, 500000, 'paid', "
                  "'2026-01-06', 0, 0)");
    size_t n = run("yuanzhou", "payment.order_deadlines", &f);
    assert_int_equal(n, 2); /* the first overdue, the second out of order */
}

static void evaluation_and_acceptance(void **state)
{
    (void)state;
    const struct finding *f;
    exec(PAYMENTS "(1, 1, 30, 'midterm_passed', 15, 1, 300000, 'paid', "
                  "'2026-06-01', 0, 0);"
         "INSERT INTO evaluations (contract_id, kind, evaluated_on, passed, "
         "created_at) VALUES (1, 'midterm', '2026-05-20', 0, 0)");
    assert_int_equal(run("yuanzhou", "payment.evaluation_blocked", &f), 1);
    assert_int_equal(f->severity, SEV_VIOLATION);
    assert_int_equal(run("yuanzhou", "payment.acceptance_before", &f), 1);
    /* Not counted twice as paid before its trigger. */
    assert_int_equal(run("yuanzhou", "payment.order_deadlines", &f), 0);
    exec("UPDATE payments SET override_reason = '县政府常务会议决定', "
         "override_by = 'bureau1';"
         "INSERT INTO acceptances (contract_id, accepted_on, result, "
         "created_at) VALUES (1, '2026-05-30', 'passed', 0)");
    assert_int_equal(run("yuanzhou", "payment.evaluation_blocked", &f), 1);
    assert_int_equal(f->severity, SEV_INFO);
    assert_non_null(strstr(f->message, "bureau1"));
    assert_non_null(strstr(f->message, "县政府常务会议决定"));
    assert_int_equal(run("yuanzhou", "payment.acceptance_before", &f), 0);
}

static void schedules(void **state)
{
    (void)state;
    struct profile *p = load("yuanzhou");
    assert_int_equal(p->money.n_schedule, 3);
    assert_int_equal(p->money.schedule[0].percent, 50);
    assert_string_equal(p->money.schedule[2].trigger, "final_passed");
    assert_true(p->money.assistance.floor);
    profile_free(p);
    p = load("youxian");
    assert_int_equal(p->money.assistance.percent, 2);
    assert_false(p->money.assistance.floor);
    assert_int_equal(p->money.n_schedule, 0);
    profile_free(p);
    json_t *bad = json_loads(
        "[{\"percent\":50,\"trigger\":\"effective\",\"working_days\":15},"
        "{\"percent\":40,\"trigger\":\"final_passed\",\"working_days\":15}]",
        0, NULL);
    int sum;
    size_t at;
    assert_int_equal(payment_schedule_check(bad, &sum, &at), SCHEDULE_SUM);
    assert_int_equal(sum, 90);
    json_decref(bad);
    bad = json_loads(
        "[{\"percent\":50,\"trigger\":\"final_passed\",\"working_days\":15},"
        "{\"percent\":50,\"trigger\":\"signing\",\"working_days\":15}]",
        0, NULL);
    assert_int_equal(payment_schedule_check(bad, &sum, &at), SCHEDULE_ORDER);
    assert_int_equal(at, 1);
    json_decref(bad);
    int64_t amounts[3];
    int pc[3] = {50, 30, 20};
    payment_plan_amounts(1000001, pc, 3, amounts);
    assert_int_equal(amounts[0] + amounts[1] + amounts[2], 1000001);
    assert_int_equal(amounts[0], 500000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(assistance_cap_previous_year, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(assistance_floor_spent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(personnel_share, setup, teardown),
        cmocka_unit_test_setup_teardown(over_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(overspent, setup, teardown),
        cmocka_unit_test_setup_teardown(allocation_year, setup, teardown),
        cmocka_unit_test_setup_teardown(after_termination, setup, teardown),
        cmocka_unit_test_setup_teardown(paid_before_trigger_and_overdue,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(evaluation_and_acceptance, setup,
                                        teardown),
        cmocka_unit_test(schedules),
    };
    int failed = cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);
    pg_admin = getenv("SGZ_TEST_PG");
    if (pg_admin && *pg_admin) {
        failed += cmocka_run_group_tests_name("postgres", tests, NULL, NULL);
    }
    return failed;
}
