/* Unit tests of working days: the built-in official schedules, deadlines
 * across the National Day and Spring Festival holidays counted as an
 * officer counts on a paper calendar (the starting day not counted), a
 * year without a schedule marked provisional, and bad calendar files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "util/cn_time.h"
#include "util/embedded.h"
#include "util/parse.h"

static struct arena *a;
static struct calendar cal;

static int setup(void **state)
{
    (void)state;
    a = arena_new(64 * 1024);
    const struct embedded_file *f = embedded_find("calendar/chinese-days.json");
    assert_non_null(f);
    struct calendar_year *ys;
    size_t n;
    struct calendar_fail fail;
    assert_int_equal(calendar_parse(a, (const char *)f->data, f->len, 0, &ys,
                                    &n, &fail),
                     0);
    /* Join the years as the store does: days in order, years listed. */
    memset(&cal, 0, sizeof cal);
    cal.years = arena_alloc(a, sizeof *cal.years * n);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        total += ys[i].n_days;
    }
    cal.days = arena_alloc(a, sizeof *cal.days * total);
    for (size_t i = 0; i < n; i++) {
        cal.years[cal.n_years++] = ys[i].year;
        memcpy(cal.days + cal.n_days, ys[i].days,
               sizeof *cal.days * ys[i].n_days);
        cal.n_days += ys[i].n_days;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(a);
    return 0;
}

static int64_t day(const char *s)
{
    int y, m, d;
    assert_true(parse_date(s, &y, &m, &d));
    return cn_days_from_civil(y, m, d);
}

static void expect(const char *from, int n, const char *due, bool prov)
{
    bool provisional;
    int64_t got = calendar_add_workdays(&cal, day(from), n, &provisional);
    char buf[11];
    cn_date_format(cn_civil_from_days(got), buf);
    assert_string_equal(buf, due);
    assert_int_equal(provisional, prov);
}

static void the_built_in_years_are_loaded(void **state)
{
    (void)state;
    assert_int_equal(cal.years[0], 2004);
    assert_true(cal.n_years >= 23); /* 2004–2026 */
    bool known;
    assert_false(calendar_is_workday(&cal, day("2025-10-01"), &known));
    assert_true(known);
    /* 2025-09-28 was a Sunday worked for the National Day holiday. */
    assert_true(calendar_is_workday(&cal, day("2025-09-28"), &known));
    assert_false(calendar_is_workday(&cal, day("2025-09-27"), &known));
}

static void deadlines_across_national_day(void **state)
{
    (void)state;
    /* The starting day is not counted: Friday + 1 is Monday. */
    expect("2025-09-19", 1, "2025-09-22", false);
    /* 10月1日–8日 off, 9月28日 (Sunday) and 10月11日 (Saturday) worked. */
    expect("2025-09-26", 1, "2025-09-28", false);
    expect("2025-09-26", 5, "2025-10-10", false);
    expect("2025-09-30", 1, "2025-10-09", false);
    expect("2025-09-30", 3, "2025-10-11", false);
    /* 15 个工作日 from the contract's signing on 2026-09-30. */
    expect("2026-09-30", 15, "2026-10-27", false);
}

static void deadlines_across_spring_festival(void **state)
{
    (void)state;
    /* 2026: 2月15日–23日 off; 2月14日 and 2月28日 (Saturdays) worked. */
    expect("2026-02-12", 1, "2026-02-13", false);
    expect("2026-02-12", 2, "2026-02-14", false);
    expect("2026-02-12", 3, "2026-02-24", false);
    expect("2026-02-24", 4, "2026-02-28", false);
}

static void a_year_without_a_schedule_is_provisional(void **state)
{
    (void)state;
    /* 2027 is not in the built-in data: weekends only, marked 暂定. */
    expect("2026-12-25", 10, "2027-01-08", true);
    expect("2026-12-01", 5, "2026-12-08", false);
}

static void bad_files_are_refused(void **state)
{
    (void)state;
    struct arena *b = arena_new(4096);
    struct calendar_year *ys;
    size_t n;
    struct calendar_fail fail;
    static const char *const twice =
        "{\"holidays\":{\"2027-10-01\":\"National Day,国庆节,3\"},"
        "\"workdays\":{\"2027-10-01\":\"National Day,国庆节,3\"}}";
    assert_int_equal(calendar_parse(b, twice, strlen(twice), 0, &ys, &n, &fail),
                     -1);
    assert_int_equal(fail.msg, MSG_CALENDAR_TWICE);
    assert_string_equal(fail.detail, "2027-10-01");
    static const char *const dup_key =
        "{\"holidays\":{\"2027-10-01\":\"a\",\"2027-10-01\":\"b\"},"
        "\"workdays\":{}}";
    assert_int_equal(
        calendar_parse(b, dup_key, strlen(dup_key), 0, &ys, &n, &fail), -1);
    assert_int_equal(fail.msg, MSG_CALENDAR_TWICE);
    static const char *const bad_date =
        "{\"holidays\":{\"2027-02-30\":\"x\"},\"workdays\":{}}";
    assert_int_equal(
        calendar_parse(b, bad_date, strlen(bad_date), 0, &ys, &n, &fail), -1);
    assert_int_equal(fail.msg, MSG_CALENDAR_BAD_DATE);
    static const char *const shape = "{\"holidays\":[]}";
    assert_int_equal(calendar_parse(b, shape, strlen(shape), 0, &ys, &n, &fail),
                     -1);
    assert_int_equal(fail.msg, MSG_CALENDAR_SHAPE);
    static const char *const other_year =
        "{\"holidays\":{\"2027-10-01\":\"x\"},\"workdays\":{}}";
    assert_int_equal(calendar_parse(b, other_year, strlen(other_year), 2028,
                                    &ys, &n, &fail),
                     -1);
    assert_int_equal(fail.msg, MSG_CALENDAR_NO_DAYS);
    assert_int_equal(calendar_parse(b, other_year, strlen(other_year), 2027,
                                    &ys, &n, &fail),
                     0);
    assert_int_equal(n, 1);
    assert_int_equal(ys[0].year, 2027);
    assert_string_equal(ys[0].days[0].name, "x");
    arena_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_built_in_years_are_loaded),
        cmocka_unit_test(deadlines_across_national_day),
        cmocka_unit_test(deadlines_across_spring_festival),
        cmocka_unit_test(a_year_without_a_schedule_is_provisional),
        cmocka_unit_test(bad_files_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
