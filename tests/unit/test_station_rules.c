/* Unit tests of the station and calendar compliance rules, against a
 * SQLite database with the built-in holidays (2004–2026) and one 攸县
 * station: its name against the signage pattern, its required
 * facilities, and whether this year's (from November, next year's)
 * official schedule is loaded. */
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
#include "core/compliance.h"
#include "core/profile.h"
#include "db/db.h"
#include "store/migrate.h"
#include "util/arena.h"

static struct arena *arena;
static struct compliance_report report;

static int setup(void **state)
{
    (void)state;
    if (rule_db_open("sr", true) != 0) {
        return -1;
    }
    exec("INSERT INTO regions (code, name, level, parent) VALUES "
         "('430223', '攸县', 'county', NULL), ('430223100', '网岭镇', "
         "'township', '430223')");
    exec("INSERT INTO stations (id, type, region_code, name, created_at, "
         "updated_at) VALUES (1, 'township_station', '430223100', "
         "'攸县网岭镇社会工作服务站', 0, 0)");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (arena) {
        arena_free(arena);
    }
    rule_db_close();
    return 0;
}

/* Runs the engine as of today; returns how many findings rule made (the
 * first is at *first). */
static size_t run(const char *rule, const char *today, size_t *first)
{
    if (arena) {
        arena_free(arena);
    }
    arena = arena_new(0);
    struct compliance_ctx c = {.db = db, .arena = arena,
                               .scope = &scope_all, .profile = prof,
                               .today = today};
    assert_int_equal(compliance_run(&c, &report), DB_OK);
    size_t n = 0;
    for (size_t i = 0; i < report.n_findings; i++) {
        if (strcmp(report.findings[i].rule, rule) == 0) {
            if (n++ == 0 && first) {
                *first = i;
            }
        }
    }
    return n;
}

static void signage_name(void **state)
{
    (void)state;
    size_t at = 0;
    assert_int_equal(run("station.signage_name", "2026-06-15", NULL), 0);
    exec("UPDATE stations SET name = '联星社工之家' WHERE id = 1");
    assert_int_equal(run("station.signage_name", "2026-06-15", &at), 1);
    const struct finding *f = &report.findings[at];
    assert_int_equal(f->severity, SEV_WARNING);
    assert_int_equal(f->station_id, 1);
    assert_string_equal(f->message,
                        "站点名称应为“攸县网岭镇社会工作服务站”(统一标识)");
    exec("UPDATE stations SET name = '攸县网岭镇社会工作服务站' WHERE id = 1");
}

static void facilities(void **state)
{
    (void)state;
    size_t required = 0;
    for (size_t i = 0; i < prof->n_facilities; i++) {
        required += prof->facilities[i].required;
    }
    assert_true(required > 0);
    /* Nothing answered: every required item is missing. */
    assert_int_equal(run("station.facilities", "2026-06-15", NULL), required);
    /* All met but the computer; optional rooms may stay missing. */
    for (size_t i = 0; i < prof->n_facilities; i++) {
        const struct facility *fa = &prof->facilities[i];
        char sql[300];
        snprintf(sql, sizeof sql,
                 "INSERT INTO station_facilities (station_id, code, met) "
                 "VALUES (1, '%s', %d)",
                 fa->code,
                 fa->required && strcmp(fa->code, "computer") != 0);
        exec(sql);
    }
    size_t at = 0;
    assert_int_equal(run("station.facilities", "2026-06-15", &at), 1);
    assert_int_equal(report.findings[at].severity, SEV_VIOLATION);
    assert_string_equal(report.findings[at].message, "缺少必备条件：电脑");
    assert_string_equal(report.findings[at].clause, "facilities.computer");
    exec("UPDATE station_facilities SET met = 1 WHERE code = 'computer'");
    assert_int_equal(run("station.facilities", "2026-06-15", NULL), 0);
}

static void calendar_year_loaded(void **state)
{
    (void)state;
    size_t at = 0;
    /* 2026 is built in; next year's is due from November. */
    assert_int_equal(run("calendar.year_loaded", "2026-06-15", NULL), 0);
    assert_int_equal(run("calendar.year_loaded", "2026-10-31", NULL), 0);
    assert_int_equal(run("calendar.year_loaded", "2026-11-01", &at), 1);
    assert_int_equal(report.findings[at].severity, SEV_WARNING);
    assert_int_equal(report.findings[at].entity_id, 2027);
    /* A bureau officer reads the clause: it cites what the rule rests
     * on, never a developer's document. */
    assert_non_null(strstr(report.findings[at].clause,
                           "全国年节及纪念日放假办法"));
    assert_null(strstr(report.findings[at].clause, ".md"));
    /* In 2027 without its schedule: a violation, deadlines provisional. */
    assert_int_equal(run("calendar.year_loaded", "2027-01-04", &at), 1);
    assert_int_equal(report.findings[at].severity, SEV_VIOLATION);
    assert_non_null(strstr(report.findings[at].message, "暂定"));
}

int main(void)
{
    if (sodium_init() < 0) {
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signage_name),
        cmocka_unit_test(facilities),
        cmocka_unit_test(calendar_year_loaded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
