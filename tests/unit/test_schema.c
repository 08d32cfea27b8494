/* The JSON input checker that every request body passes through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "api/api.h"
#include "core/schema.h"

static const char *const colours[] = {"red", "green", NULL};

static bool starts_with_a(const char *s)
{
    return s[0] == 'a';
}

static const struct schema item_fields[] = {
    {.name = "code", .type = S_STRING, .required = true, .max = 5},
    {0},
};
static const struct schema item[] = {{.type = S_OBJECT, .fields = item_fields}};

static const struct schema fields[] = {
    {.name = "name", .label_zh = "名称", .label_en = "name", .type = S_STRING,
     .required = true, .min = 2, .max = 4},
    {.name = "age", .type = S_INT, .min = 0, .max = 150},
    {.name = "ok", .type = S_BOOL},
    {.name = "day", .type = S_DATE, .nullable = true},
    {.name = "colour", .type = S_ENUM, .enums = colours},
    {.name = "tag", .type = S_STRING, .max = 10, .check = starts_with_a,
     .check_msg = MSG_BAD_ENUM},
    {.name = "note", .type = S_STRING, .max = 20, .multiline = true},
    {.name = "items", .type = S_ARRAY, .max = 2, .fields = item},
    {0},
};
static const struct schema root = {.type = S_OBJECT, .fields = fields};

static int check(const char *json, struct schema_errors *errs)
{
    json_error_t jerr;
    json_t *v = json_loads(json, 0, &jerr);
    assert_non_null(v);
    int n = schema_check(&root, v, errs);
    json_decref(v);
    return n;
}

static void valid_body_passes(void **state)
{
    (void)state;
    struct schema_errors e;
    assert_int_equal(check("{\"name\":\"张三\",\"age\":40,\"ok\":true,"
                           "\"day\":\"2026-01-31\",\"colour\":\"red\","
                           "\"tag\":\"abc\",\"note\":\"a\\nb\","
                           "\"items\":[{\"code\":\"x\"}]}",
                           &e),
                     0);
    assert_int_equal(check("{\"name\":\"张三\",\"day\":null}", &e), 0);
}

static void every_bad_member_is_reported_with_its_path(void **state)
{
    (void)state;
    struct schema_errors e;
    int n = check("{\"name\":5,\"age\":-1,\"ok\":\"yes\",\"day\":\"2026-02-30\","
                  "\"colour\":\"blue\",\"tag\":\"bcd\",\"bogus\":1,"
                  "\"items\":[{\"code\":\"x\"},{\"cod\":\"y\"}]}",
                  &e);
    assert_int_equal(n, 9);
    const char *paths[] = {"name", "age",   "ok",       "day",
                           "colour", "tag", "bogus",    "items[1].cod",
                           "items[1].code"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        bool found = false;
        for (int k = 0; k < e.count; k++) {
            found = found || strcmp(e.e[k].path, paths[i]) == 0;
        }
        assert_true(found);
    }
}

static void lengths_count_characters_not_bytes(void **state)
{
    (void)state;
    struct schema_errors e;
    assert_int_equal(check("{\"name\":\"社工站长\"}", &e), 0); /* 4 chars */
    assert_int_equal(check("{\"name\":\"社工站站长\"}", &e), 1);
    assert_int_equal(e.e[0].msg, MSG_TOO_LONG);
    char text[200]; /* the message states the bound broken */
    schema_error_text(&e.e[0], LANG_ZH, text, sizeof text);
    assert_string_equal(text, "名称太长，最多4个字");
    schema_error_text(&e.e[0], LANG_EN, text, sizeof text);
    /* A member's own name, as a sentence begins with it. */
    assert_string_equal(text, "Name is too long: at most 4 characters");
    assert_int_equal(check("{\"name\":\"张\"}", &e), 1);
    assert_int_equal(e.e[0].msg, MSG_TOO_SHORT);
    schema_error_format(&e.e[0], LANG_ZH, text, sizeof text);
    assert_string_equal(text, "name: 名称太短，至少2个字");
    assert_int_equal(check("{\"name\":\"\"}", &e), 1);
    assert_int_equal(e.e[0].msg, MSG_REQUIRED);
}

static void missing_required_and_control_characters(void **state)
{
    (void)state;
    struct schema_errors e;
    assert_int_equal(check("{}", &e), 1);
    assert_string_equal(e.e[0].path, "name");
    assert_int_equal(e.e[0].msg, MSG_REQUIRED);
    char text[200];
    schema_error_format(&e.e[0], LANG_ZH, text, sizeof text);
    assert_string_equal(text, "name: 名称不能为空");
    assert_int_equal(check("{\"name\":\"a\\u001bb\"}", &e), 1);
    assert_int_equal(e.e[0].msg, MSG_BAD_UTF8);
    assert_int_equal(check("{\"name\":\"ab\",\"tag\":\"a\\nb\"}", &e), 1);
    assert_int_equal(check("{\"name\":\"ab\",\"items\":[{\"code\":\"1\"},"
                           "{\"code\":\"2\"},{\"code\":\"3\"}]}",
                           &e),
                     1);
    assert_int_equal(e.e[0].msg, MSG_TOO_LONG);
    schema_error_text(&e.e[0], LANG_ZH, text, sizeof text);
    assert_non_null(strstr(text, "，最多2项"));
}

/* A form sends "" for a field left empty: said as empty, not as "must be
 * an integer" or "not a valid date"; a wrong value keeps its own message. */
static void an_empty_field_is_said_to_be_empty(void **state)
{
    (void)state;
    static const struct schema form_fields[] = {
        {.name = "count", .type = S_INT, .min = 1},
        {.name = "amount", .type = S_NUMBER},
        {.name = "on", .type = S_DATE, .required = true},
        {.name = "maybe", .type = S_DATE},
        {.name = "link", .type = S_INT, .nullable = true},
        {0},
    };
    static const struct schema form = {.type = S_OBJECT,
                                       .fields = form_fields};
    struct schema_errors e;
    json_t *v = json_loads("{\"count\":\"\",\"amount\":null,\"on\":\"\","
                           "\"maybe\":\"\",\"link\":\"\"}",
                           0, NULL);
    assert_int_equal(schema_check(&form, v, &e), 5);
    json_decref(v);
    assert_int_equal(e.e[0].msg, MSG_REQUIRED);
    assert_int_equal(e.e[1].msg, MSG_REQUIRED);
    assert_int_equal(e.e[2].msg, MSG_REQUIRED);
    assert_int_equal(e.e[3].msg, MSG_BAD_DATE); /* optional: omit it */
    assert_int_equal(e.e[4].msg, MSG_WRONG_TYPE_INT); /* null would do */
    v = json_loads("{\"count\":\"3\",\"on\":\"2026-02-30\"}", 0, NULL);
    assert_int_equal(schema_check(&form, v, &e), 2);
    json_decref(v);
    assert_int_equal(e.e[0].msg, MSG_WRONG_TYPE_INT);
    assert_int_equal(e.e[1].msg, MSG_BAD_DATE);
}

/* A required text of spaces alone (ASCII, no-break, the ideographic
 * space an input method types) is empty; an optional one is text. */
static void spaces_alone_are_not_a_value(void **state)
{
    (void)state;
    struct schema_errors e;
    assert_int_equal(check("{\"name\":\"   \"}", &e), 1);
    assert_int_equal(e.e[0].msg, MSG_REQUIRED);
    assert_int_equal(check("{\"name\":\" \u3000\u00a0 \"}", &e), 1);
    assert_int_equal(e.e[0].msg, MSG_REQUIRED);
    assert_int_equal(check("{\"name\":\" 张三 \"}", &e), 0);
    assert_int_equal(check("{\"name\":\"ab\",\"note\":\"  \\n \"}", &e),
                     0);
    /* A date of the right form whose year sgz does not keep is out of
     * range; one that is no date is told how to write it. */
    assert_int_equal(check("{\"name\":\"ab\",\"day\":\"9999-12-31\"}", &e), 1);
    assert_int_equal(e.e[0].msg, MSG_OUT_OF_RANGE);
    assert_int_equal(check("{\"name\":\"ab\",\"day\":\"2026-13-01\"}", &e), 1);
    assert_int_equal(e.e[0].msg, MSG_BAD_DATE);
    /* Optional, it is kept as empty, not as spaces. */
    json_error_t je;
    json_t *v = json_loads("{\"name\":\"ab\",\"note\":\" \u3000 \"}", 0,
                           &je);
    assert_non_null(v);
    assert_int_equal(schema_check(&root, v, &e), 0);
    assert_string_equal(json_string_value(json_object_get(v, "note")), "");
    json_decref(v);
}

static void not_an_object_at_the_top(void **state)
{
    (void)state;
    struct schema_errors e;
    json_t *v = json_loads("[1,2]", 0, NULL);
    assert_int_equal(schema_check(&root, v, &e), 1);
    assert_int_equal(e.e[0].msg, MSG_NOT_OBJECT);
    json_decref(v);
}

/* A field a record must have (its create schema requires it) may be left
 * out of an update but not emptied by one: "type": "" on a service record
 * was stored, and its home-visit form went with it. Strings only: an
 * empty date or code list is refused by its own type. */
static void updates_do_not_empty_what_creates_require(void **state)
{
    (void)state;
    static const struct {
        const struct schema *create, *update;
    } pairs[] = {
        {&api_budget_line_create_schema, &api_budget_line_update_schema},
        {&api_client_create_schema, &api_client_update_schema},
        {&api_contract_create_schema, &api_contract_update_schema},
        {&api_dictionary_create_schema, &api_dictionary_update_schema},
        {&api_expenditure_create_schema, &api_expenditure_update_schema},
        {&api_filing_create_schema, &api_filing_update_schema},
        {&api_group_create_schema, &api_group_update_schema},
        {&api_household_create_schema, &api_household_update_schema},
        {&api_indicator_create_schema, &api_indicator_update_schema},
        {&api_organisation_create_schema, &api_organisation_update_schema},
        {&api_plan_create_schema, &api_plan_update_schema},
        {&api_report_create_schema, &api_report_update_schema},
        {&api_service_create_schema, &api_service_update_schema},
        {&api_staff_create_schema, &api_staff_update_schema},
        {&api_staff_training_schema, &api_staff_training_update_schema},
        {&api_station_create_schema, &api_station_update_schema},
        {&api_supervision_create_schema, &api_supervision_update_schema},
        {&api_survey_create_schema, &api_survey_update_schema},
        {&api_user_create_schema, &api_user_update_schema},
        {&api_work_plan_create_schema, &api_work_plan_update_schema},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        for (const struct schema *f = pairs[i].create->fields; f->name; f++) {
            if (!f->required || f->type != S_STRING) {
                continue;
            }
            const struct schema *g = pairs[i].update->fields;
            while (g->name && strcmp(g->name, f->name) != 0) {
                g++;
            }
            if (g->name && !g->required && g->min < 1) {
                print_error("update may empty %s (%s)\n", f->name,
                            f->label_zh);
                bad++;
            }
        }
    }
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_body_passes),
        cmocka_unit_test(every_bad_member_is_reported_with_its_path),
        cmocka_unit_test(lengths_count_characters_not_bytes),
        cmocka_unit_test(missing_required_and_control_characters),
        cmocka_unit_test(an_empty_field_is_said_to_be_empty),
        cmocka_unit_test(spaces_alone_are_not_a_value),
        cmocka_unit_test(not_an_object_at_the_top),
        cmocka_unit_test(updates_do_not_empty_what_creates_require),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
