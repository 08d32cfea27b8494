/* Unit tests of scoring an evaluation against the indicator tree
 * (core/evaluation_service.c): every 二级指标 in use scored once between
 * 0 and its points, stopped ones refused, the order of the tree kept,
 * and the grade read from the total's share of the full points with the
 * bands' boundaries inclusive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/evaluation_service.h"

/* 管理 (两项 10 + 5), 质量 (一项 15, and one stopped), 停用的一级 (一项). */
static const struct eval_indicator tree[] = {
    {.id = 1, .name = "项目管理", .active = true},
    {.id = 2, .name = "服务质量", .active = true},
    {.id = 3, .name = "已停用", .active = false},
    {.id = 10, .parent_id = 1, .max_score = 100, .name = "制度", .active = true},
    {.id = 11, .parent_id = 1, .max_score = 50, .name = "档案", .active = true},
    {.id = 12, .parent_id = 2, .max_score = 150, .name = "成效", .active = true},
    {.id = 13, .parent_id = 2, .max_score = 50, .name = "旧指标", .active = false},
    {.id = 14, .parent_id = 3, .max_score = 50, .name = "孤儿", .active = true},
};
#define N (sizeof tree / sizeof tree[0])
static const int64_t bands[BAND_COUNT] = {90, 80, 60};

static int score(struct eval_score *s, size_t n, struct eval_result *out,
                 struct client_fail *fail)
{
    struct arena *a = arena_new(0);
    int rc = evaluation_score(a, tree, N, s, n, bands, out, fail);
    /* field and names point into the arena or the tree: copied before
     * it goes, for the asserts. */
    static char field[64];
    snprintf(field, sizeof field, "%s", fail->field ? fail->field : "");
    fail->field = field;
    arena_free(a);
    return rc;
}

static void every_indicator_in_use_once_within_its_points(void **state)
{
    (void)state;
    struct eval_result r;
    struct client_fail f;
    struct eval_score missing[] = {{.indicator_id = 12, .score = 150},
                                   {.indicator_id = 10, .score = 100}};
    assert_int_equal(score(missing, 2, &r, &f), -1);
    assert_int_equal(f.msg, MSG_EVAL_UNSCORED);
    assert_string_equal(f.label_zh, "档案");
    struct eval_score stopped[] = {{.indicator_id = 10, .score = 1},
                                   {.indicator_id = 11, .score = 1},
                                   {.indicator_id = 12, .score = 1},
                                   {.indicator_id = 14, .score = 1}};
    assert_int_equal(score(stopped, 4, &r, &f), -1);
    assert_string_equal(f.field, "scores[3].indicator_id");
    struct eval_score over[] = {{.indicator_id = 10, .score = 101},
                                {.indicator_id = 11, .score = 1},
                                {.indicator_id = 12, .score = 1}};
    assert_int_equal(score(over, 3, &r, &f), -1);
    assert_int_equal(f.msg, MSG_EVAL_SCORE_RANGE);
    assert_string_equal(f.field, "scores[0].score");
    struct eval_score twice[] = {{.indicator_id = 10, .score = 1},
                                 {.indicator_id = 10, .score = 1},
                                 {.indicator_id = 12, .score = 1}};
    assert_int_equal(score(twice, 3, &r, &f), -1);
    assert_int_equal(f.msg, MSG_LISTED_TWICE);
    /* In any order posted; numbered in the tree's. */
    struct eval_score ok[] = {{.indicator_id = 12, .score = 135},
                              {.indicator_id = 11, .score = 45},
                              {.indicator_id = 10, .score = 90}};
    assert_int_equal(score(ok, 3, &r, &f), 0);
    assert_int_equal(r.total, 270);
    assert_int_equal(r.max, 300);
    assert_int_equal(ok[2].seq, 1);
    assert_int_equal(ok[1].seq, 2);
    assert_int_equal(ok[0].seq, 3);
    assert_string_equal(ok[0].dimension, "服务质量");
    assert_int_equal(ok[0].max_score, 150);
    assert_string_equal(r.grade, "excellent"); /* 90 % exactly */
}

static void the_bands_include_their_boundary(void **state)
{
    (void)state;
    assert_string_equal(evaluation_grade(900, 1000, bands), "excellent");
    assert_string_equal(evaluation_grade(899, 1000, bands), "good");
    assert_string_equal(evaluation_grade(800, 1000, bands), "good");
    assert_string_equal(evaluation_grade(600, 1000, bands), "pass");
    assert_string_equal(evaluation_grade(599, 1000, bands), "fail");
    /* 86 of 107.5 is 80 % */
    assert_string_equal(evaluation_grade(860, 1075, bands), "good");
    assert_string_equal(evaluation_grade(0, 0, bands), "fail");
}

static void no_indicator_in_use_says_so(void **state)
{
    (void)state;
    struct eval_indicator none[] = {
        {.id = 1, .name = "项目管理", .active = true},
        {.id = 10, .parent_id = 1, .max_score = 100, .name = "制度",
         .active = false},
    };
    struct eval_score s[] = {{.indicator_id = 10, .score = 1}};
    struct eval_result r;
    struct client_fail f;
    struct arena *a = arena_new(0);
    assert_int_equal(evaluation_score(a, none, 2, s, 1, bands, &r, &f), -1);
    assert_int_equal(f.msg, MSG_EVAL_NO_INDICATORS);
    assert_int_equal(f.status, 409);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_indicator_in_use_once_within_its_points),
        cmocka_unit_test(the_bands_include_their_boundary),
        cmocka_unit_test(no_indicator_in_use_says_so),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
