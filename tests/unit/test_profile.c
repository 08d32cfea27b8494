/* Policy profiles: the five built-in ones load, and a broken one is
 * refused with the path of the bad key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/profile.h"
#include "core/station_name.h"
#include "util/arena.h"

static char *youxian_text(void)
{
    size_t len;
    const char *t = profile_builtin_text("youxian", &len);
    assert_non_null(t);
    char *copy = malloc(len + 1);
    memcpy(copy, t, len + 1);
    return copy;
}

/* Replaces the first occurrence of from in text by to. */
static char *edit(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to,
             at + strlen(from));
    return out;
}

static void expect_error(const char *text, const char *needle)
{
    struct profile *p = NULL;
    char err[4000];
    assert_int_equal(profile_parse(text, strlen(text), &p, err, sizeof err),
                     -1);
    assert_null(p);
    if (!strstr(err, needle)) {
        fail_msg("expected \"%s\" in: %s", needle, err);
    }
}

static void builtins_load_with_their_rules(void **state)
{
    (void)state;
    char names[PROFILE_BUILTIN_MAX][PROFILE_NAME_MAX];
    size_t n = profile_builtin_list(names, PROFILE_BUILTIN_MAX);
    assert_int_equal(n, 5);
    const char *want[] = {"dongguan-fulian", "fujian", "youxian", "yuanzhou",
                          "zhuolu"};
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(names[i], want[i]);
        size_t len;
        const char *text = profile_builtin_text(names[i], &len);
        struct profile *p;
        char err[2000];
        if (profile_parse(text, len, &p, err, sizeof err) != 0) {
            fail_msg("%s: %s", names[i], err);
        }
        assert_string_equal(p->name, names[i]);
        assert_non_null(profile_station_type(p, "county_center"));
        assert_non_null(profile_station_type(p, "township_station"));
        assert_non_null(profile_station_type(p, "community_room"));
        assert_true(p->n_facilities > 0);
        assert_true(p->n_client_categories > 0);
        profile_free(p);
    }
}

static void zhuolu_has_the_district_branch_post(void **state)
{
    (void)state;
    size_t len;
    const char *text = profile_builtin_text("zhuolu", &len);
    struct profile *p;
    char err[2000];
    assert_int_equal(profile_parse(text, len, &p, err, sizeof err), 0);
    assert_int_equal(p->n_station_types, 4);
    assert_non_null(profile_station_type(p, "district_branch"));
    assert_string_equal(p->region_code, "130731");
    profile_free(p);
    text = profile_builtin_text("youxian", &len);
    assert_int_equal(profile_parse(text, len, &p, err, sizeof err), 0);
    assert_null(profile_station_type(p, "district_branch"));
    profile_free(p);
}

static void misspelt_key_names_its_path(void **state)
{
    (void)state;
    char *y = youxian_text();
    char *bad = edit(y, "\"region_level\"", "\"region_levle\"");
    expect_error(bad, "station_types[0].region_levle: unknown field");
    free(bad);
    bad = edit(y, "\"purchaser\"", "\"purchasor\"");
    expect_error(bad, "jurisdiction.purchasor");
    free(bad);
    free(y);
}

static void wrong_type_and_impossible_values(void **state)
{
    (void)state;
    char *y = youxian_text();
    char *bad = edit(y, "\"required\": true", "\"required\": \"yes\"");
    expect_error(bad, "facilities[0].required");
    free(bad);
    bad = edit(y, "\"region_code\": \"430223\"", "\"region_code\": \"4302231\"");
    expect_error(bad, "jurisdiction.region_code");
    free(bad);
    bad = edit(y, "\"region_level\": \"township\"",
               "\"region_level\": \"planet\"");
    expect_error(bad, "station_types[1].region_level");
    free(bad);
    bad = edit(y, "{county}{township}", "{county}{town}");
    expect_error(bad, "station_types[1].name_pattern");
    free(bad);
    bad = edit(y, "\"level\": \"county\"", "\"level\": \"province\"");
    expect_error(bad, "jurisdiction.region_code");
    free(bad);
    bad = edit(y, "\"code\": \"township_station\"", "\"code\": \"county_center\"");
    expect_error(bad, "appears twice");
    free(bad);
    expect_error("{\"name\":", "not valid JSON");
    expect_error("[]", "must be a JSON object");
    free(y);
}

/* The child categories carry their age limits (orphans 18, left-behind
 * children 16); others none; a limit out of 1–150 is refused by path. */
static void category_age_limits(void **state)
{
    (void)state;
    char names[PROFILE_BUILTIN_MAX][PROFILE_NAME_MAX];
    size_t n = profile_builtin_list(names, PROFILE_BUILTIN_MAX);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *text = profile_builtin_text(names[i], &len);
        struct profile *p;
        char err[2000];
        assert_int_equal(profile_parse(text, len, &p, err, sizeof err), 0);
        int seen = 0;
        for (size_t k = 0; k < p->n_client_categories; k++) {
            const struct profile_item *c = &p->client_categories[k];
            int want = strcmp(c->code, "left_behind_child") == 0 ? 16
                       : strcmp(c->code, "orphan") == 0 ||
                               strcmp(c->code, "de_facto_orphan") == 0 ||
                               strcmp(c->code, "vulnerable_child") == 0
                           ? 18
                           : 0;
            if (c->age_limit != want) {
                fail_msg("%s: %s has %d", names[i], c->code, c->age_limit);
            }
            seen += want != 0;
        }
        assert_int_equal(seen, 4);
        profile_free(p);
    }
    char *y = youxian_text();
    char *bad = edit(y, "\"age_limit\": 16", "\"age_limit\": 0");
    expect_error(bad, "client_categories[6].age_limit");
    free(bad);
    bad = edit(y, "\"age_limit\": 16", "\"age_limit\": 151");
    expect_error(bad, "client_categories[6].age_limit");
    free(bad);
    bad = edit(y, "\"age_limit\": 16", "\"age_limit\": \"16\"");
    expect_error(bad, "client_categories[6].age_limit");
    free(bad);
    free(y);
}

/* The elderly categories apply from 60 (老年人权益保障法 art. 2), every
 * other one at any age; a bound out of 1–150, or at or above the
 * category's limit, is refused by path. */
static void category_age_from(void **state)
{
    (void)state;
    static const char *const elderly[] = {
        "poor_elderly",       "elderly_alone",       "childless_elderly",
        "empty_nest_elderly", "left_behind_elderly", "advanced_age_elderly",
    };
    char names[PROFILE_BUILTIN_MAX][PROFILE_NAME_MAX];
    size_t n = profile_builtin_list(names, PROFILE_BUILTIN_MAX);
    assert_true(n >= 5);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *text = profile_builtin_text(names[i], &len);
        struct profile *p;
        char err[2000];
        assert_int_equal(profile_parse(text, len, &p, err, sizeof err), 0);
        int seen = 0;
        for (size_t k = 0; k < p->n_client_categories; k++) {
            const struct profile_item *c = &p->client_categories[k];
            int want = 0;
            for (size_t e = 0; e < sizeof elderly / sizeof elderly[0]; e++) {
                want = strcmp(c->code, elderly[e]) == 0 ? 60 : want;
            }
            if (c->age_from != want) {
                fail_msg("%s: %s has %d", names[i], c->code, c->age_from);
            }
            seen += want != 0;
        }
        assert_true(seen >= 2); /* 困难老人 and 独居老人 everywhere */
        profile_free(p);
    }
    char *y = youxian_text();
    const char *was = "\"label_en\": \"Elderly person in hardship\",\n"
                      "      \"age_from\": 60";
    char *bad = edit(y, was, "\"label_en\": \"x\", \"age_from\": 0");
    expect_error(bad, "client_categories[3].age_from");
    free(bad);
    bad = edit(y, was, "\"label_en\": \"x\", \"age_from\": 151");
    expect_error(bad, "client_categories[3].age_from");
    free(bad);
    bad = edit(y, "\"age_limit\": 16", "\"age_limit\": 16, \"age_from\": 16");
    expect_error(bad, "client_categories[6].age_from: must be below");
    free(bad);
    free(y);
}

/* The contract keys: the plans' numbers read, bad values refused by
 * path, and a profile without them (dongguan-fulian) with the defaults. */
/* 原州 names the final report 终期工作报告 (篇3), 篇2 末期工作报告: the
 * profile's word wherever the kind is named, the kind's own without it. */
static void report_labels(void **state)
{
    (void)state;
    char err[512];
    size_t len;
    struct profile *p;
    const char *t = profile_builtin_text("yuanzhou", &len);
    assert_int_equal(profile_parse(t, len, &p, err, sizeof err), 0);
    assert_string_equal(report_type_label(&p->reports, REPORT_FINAL, false),
                        "终期工作报告");
    assert_string_equal(report_type_label(&p->reports, REPORT_FINAL, true),
                        "Final report");
    assert_string_equal(
        report_type_label(&p->reports, REPORT_MIDTERM, false), "中期工作报告");
    profile_free(p);
    char *y = youxian_text();
    assert_int_equal(profile_parse(y, strlen(y), &p, err, sizeof err), 0);
    assert_string_equal(report_type_label(&p->reports, REPORT_FINAL, false),
                        "末期工作报告");
    profile_free(p);
    assert_string_equal(report_type_label(NULL, REPORT_FINAL, false),
                        "末期工作报告");
    assert_string_equal(report_type_label(NULL, -1, false), "");
    const char *from = "\"clause\": \"篇2：按时向市、县民政部门提交……末期工作报告\"";
    size_t n = strlen(from) + 200;
    char *to = malloc(n);
    snprintf(to, n, "\"label\": \"\", %s", from);
    char *bad = edit(y, from, to);
    expect_error(bad, "reports.final.label");
    free(bad);
    snprintf(to, n, "\"label\": \"%s\", %s",
             "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
             from); /* 31 characters */
    bad = edit(y, from, to);
    expect_error(bad, "reports.final.label");
    free(bad);
    free(to);
    free(y);
}

static void contract_keys(void **state)
{
    (void)state;
    size_t len;
    const char *t = profile_builtin_text("youxian", &len);
    struct profile *p;
    char err[4000];
    assert_int_equal(profile_parse(t, len, &p, err, sizeof err), 0);
    assert_true(p->contracts.present);
    assert_int_equal(p->contracts.cycle_years, 3);
    assert_int_equal(p->contracts.filing_working_days, 15);
    assert_string_equal(p->contracts.filing_from, "signed_on");
    assert_int_equal(p->contracts.staff_in_place_months, 1);
    assert_int_equal(p->contracts.min_amount_per_station_fen, 12000000);
    assert_int_equal(p->contracts.expiry_notice_days, 30);
    assert_int_equal(p->contracts.n_filings, 2);
    assert_string_equal(p->contracts.filings[0].due_month_day, "07-31");
    profile_free(p);
    t = profile_builtin_text("yuanzhou", &len);
    assert_int_equal(profile_parse(t, len, &p, err, sizeof err), 0);
    assert_int_equal(p->contracts.cycle_years, 2);
    assert_int_equal(p->contracts.filing_working_days, 0);
    profile_free(p);
    t = profile_builtin_text("dongguan-fulian", &len);
    assert_int_equal(profile_parse(t, len, &p, err, sizeof err), 0);
    assert_false(p->contracts.present);
    assert_int_equal(p->contracts.expiry_notice_days, 30);
    profile_free(p);

    char *y = youxian_text();
    char *bad = edit(y, "\"filing_working_days\"", "\"filing_workdays\"");
    expect_error(bad, "contracts.filing_workdays: unknown field");
    free(bad);
    bad = edit(y, "\"due_month_day\": \"07-31\"", "\"due_month_day\": \"13-01\"");
    expect_error(bad, "contracts.filings[0].due_month_day");
    free(bad);
    bad = edit(y, "\"cycle_years\": 3", "\"cycle_years\": 0");
    expect_error(bad, "contracts.cycle_years");
    free(bad);
    bad = edit(y, "\"filing_from\": \"signed_on\",", "");
    expect_error(bad, "contracts.filing_from: required with");
    free(bad);
    bad = edit(y, "\"kind\": \"recruitment_plan\"", "\"kind\": \"county_plan\"");
    expect_error(bad, "kind \"county_plan\" appears twice");
    free(bad);
    free(y);
}

static void profile_follows_the_region(void **state)
{
    (void)state;
    char name[PROFILE_NAME_MAX];
    struct {
        const char *region, *profile;
    } cases[] = {
        {"430223", "youxian"},  {"640402", "yuanzhou"},
        {"130731", "zhuolu"},   {"35", "fujian"},
        {"350102", "fujian"},   {"4419", "dongguan-fulian"},
        {"43", "youxian"},      /* Hunan: its one county plan */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_true(profile_for_region(cases[i].region, name, sizeof name));
        assert_string_equal(name, cases[i].profile);
    }
    assert_false(profile_for_region("11", name, sizeof name));
}

static void station_names_from_the_signage_pattern(void **state)
{
    (void)state;
    struct arena *a = arena_new(0);
    const char *names[NAME_LEVELS] = {"湖南省", "株洲市", "攸县", "酒埠江镇",
                                      NULL};
    assert_string_equal(
        station_name_render(a, "{county}{township}社会工作服务站", names),
        "攸县酒埠江镇社会工作服务站");
    assert_string_equal(station_name_render(a, "{village}工作室", names),
                        "工作室");
    assert_string_equal(station_name_render(a, "{x}{county}", names),
                        "{x}攸县");
    /* a park named after its county: the county is not said twice */
    const char *park[NAME_LEVELS] = {"湖南省", "株洲市", "攸县", "攸县工业园",
                                     NULL};
    assert_string_equal(
        station_name_render(a, "{county}{township}社会工作服务站", park),
        "攸县工业园社会工作服务站");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtins_load_with_their_rules),
        cmocka_unit_test(zhuolu_has_the_district_branch_post),
        cmocka_unit_test(misspelt_key_names_its_path),
        cmocka_unit_test(wrong_type_and_impossible_values),
        cmocka_unit_test(category_age_limits),
        cmocka_unit_test(category_age_from),
        cmocka_unit_test(report_labels),
        cmocka_unit_test(contract_keys),
        cmocka_unit_test(profile_follows_the_region),
        cmocka_unit_test(station_names_from_the_signage_pattern),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
