/* Unit tests of the service and case rules that need no database: the
 * household survey's income per person and instants as the API takes
 * them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/visit_form.h"
#include "util/arena.h"
#include "util/cn_time.h"

static json_t *form(const char *text)
{
    json_t *v = json_loads(text, 0, NULL);
    assert_non_null(v);
    return v;
}

static void survey_gives_monthly_income_per_person(void **state)
{
    (void)state;
    struct visit_summary sum;
    enum msg_id msg;
    const char *field, *zh, *en;
    struct arena *a = arena_new(0);
    /* (12,000 + 24,000 - 6,000 yuan) / 3 / 12 = 833.33 yuan: 83,333 fen. */
    json_t *v = form(
        "{\"purpose\":\"dibao_check\",\"met\":\"x\",\"survey\":{"
        "\"household_size\":3,\"incomes\":[{\"source\":\"pension\","
        "\"yearly\":1200000},{\"source\":\"wage\",\"yearly\":2400000}],"
        "\"expenses\":[{\"kind\":\"medical\",\"yearly\":600000}],"
        "\"conclusion\":\"eligible\"}}");
    assert_true(visit_form_check(v, a, &sum, &msg, &field, &zh, &en));
    assert_true(sum.has_survey);
    assert_int_equal(sum.per_capita_income, 83333);
    assert_string_equal(sum.purpose, "dibao_check");
    json_decref(v);
    /* Expenses above income: nothing left, never a negative income. */
    v = form("{\"purpose\":\"routine\",\"met\":\"x\",\"survey\":{"
             "\"household_size\":2,\"incomes\":[{\"source\":\"wage\","
             "\"yearly\":100}],\"expenses\":[{\"kind\":\"medical\","
             "\"yearly\":500}],\"conclusion\":\"eligible\"}}");
    assert_true(visit_form_check(v, a, &sum, &msg, &field, &zh, &en));
    assert_int_equal(sum.per_capita_income, 0);
    json_decref(v);
    arena_free(a);
}

static void assistance_check_needs_the_survey(void **state)
{
    (void)state;
    struct visit_summary sum;
    enum msg_id msg;
    const char *field, *zh, *en;
    struct arena *a = arena_new(0);
    json_t *v = form("{\"purpose\":\"tekun_check\",\"met\":\"x\"}");
    assert_false(visit_form_check(v, a, &sum, &msg, &field, &zh, &en));
    assert_string_equal(field, "visit.survey");
    json_decref(v);
    v = form("{\"purpose\":\"routine\",\"met\":\"x\",\"survey\":null}");
    assert_true(visit_form_check(v, a, &sum, &msg, &field, &zh, &en));
    assert_false(sum.has_survey);
    json_decref(v);
    arena_free(a);
}

/* Each member's health and work, each hardship once, 其他 said: what the
 * plans ask the survey to establish, checked across its fields. */
static void survey_members_and_hardships_agree(void **state)
{
    (void)state;
    struct visit_summary sum;
    enum msg_id msg;
    const char *field, *zh, *en;
    struct arena *a = arena_new(0);
    static const struct {
        const char *survey, *field;
        enum msg_id msg;
    } bad[] = {
        {"\"members\":[{\"health\":\"healthy\",\"work\":\"farming\"},"
         "{\"health\":\"frail\",\"work\":\"retired\"},"
         "{\"health\":\"chronic\",\"work\":\"unable\"}]",
         "visit.survey.members", MSG_SURVEY_MEMBERS_OVER},
        {"\"hardships\":[{\"kind\":\"illness\",\"degree\":\"mild\"},"
         "{\"kind\":\"illness\",\"degree\":\"severe\"}]",
         "visit.survey.hardships[1].kind", MSG_LISTED_TWICE},
        {"\"hardships\":[{\"kind\":\"other\",\"degree\":\"mild\","
         "\"note\":\" \"}]",
         "visit.survey.hardships[0].note", MSG_REQUIRED},
    };
    char text[512];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text,
                 "{\"purpose\":\"dibao_check\",\"met\":\"x\",\"survey\":{"
                 "\"household_size\":2,\"conclusion\":\"review\",%s}}",
                 bad[i].survey);
        json_t *v = form(text);
        assert_false(visit_form_check(v, a, &sum, &msg, &field, &zh, &en));
        assert_string_equal(field, bad[i].field);
        assert_int_equal(msg, bad[i].msg);
        json_decref(v);
    }
    json_t *v = form("{\"purpose\":\"dibao_check\",\"met\":\"x\",\"survey\":{"
                     "\"household_size\":2,\"conclusion\":\"review\","
                     "\"members\":[{\"health\":\"healthy\",\"work\":\"farming\"},"
                     "{\"health\":\"frail\",\"work\":\"retired\"}],"
                     "\"hardships\":[{\"kind\":\"other\",\"degree\":\"mild\","
                     "\"note\":\"房屋漏雨\"}]}}");
    assert_true(visit_form_check(v, a, &sum, &msg, &field, &zh, &en));
    json_decref(v);
    arena_free(a);
}

static void instants_are_beijing_time_unless_they_say(void **state)
{
    (void)state;
    int64_t t;
    /* 2026-06-01T07:30+08:00 is 2026-05-31T23:30Z. */
    assert_true(cn_parse_instant("2026-06-01T07:30", &t));
    assert_int_equal(t, 1780270200);
    assert_true(cn_parse_instant("2026-06-01 07:30:00", &t));
    assert_int_equal(t, 1780270200);
    assert_true(cn_parse_instant("2026-05-31T23:30:00Z", &t));
    assert_int_equal(t, 1780270200);
    assert_true(cn_parse_instant("2026-06-01T07:30+08:00", &t));
    assert_int_equal(t, 1780270200);
    assert_true(cn_parse_instant("2026-05-31T18:30-05:00", &t));
    assert_int_equal(t, 1780270200);
    static const char *const bad[] = {
        "2026-06-01", "2026-06-01T7:30", "2026-02-30T07:30",
        "2026-06-01T24:00", "2026-06-01T07:60", "2026-06-01T07:30+8",
        "2026-06-01T07:30:00Zx", "2026-06-01T07:30:61", "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(cn_parse_instant(bad[i], &t));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(survey_gives_monthly_income_per_person),
        cmocka_unit_test(assistance_check_needs_the_survey),
        cmocka_unit_test(survey_members_and_hardships_agree),
        cmocka_unit_test(instants_are_beijing_time_unless_they_say),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
