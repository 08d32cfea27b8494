/* The router: path parameters, 404 versus 405 with Allow, odd paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/permission.h"
#include "http/route.h"

static void h(struct req *r)
{
    (void)r;
}

static const struct route table[] = {
    {.method = "GET", .pattern = "/api/v1/stations", .handler = h},
    {.method = "POST", .pattern = "/api/v1/stations", .handler = h},
    {.method = "GET", .pattern = "/api/v1/stations/{id}", .handler = h},
    {.method = "PATCH", .pattern = "/api/v1/stations/{id}", .handler = h},
    {.method = "GET", .pattern = "/api/v1/cases/{id}/notes/{note}",
     .handler = h},
};
static const size_t n = sizeof table / sizeof table[0];

static struct route_match match(const char *method, const char *path,
                                char *buf)
{
    strcpy(buf, path);
    struct route_match m;
    router_match(table, n, method, buf, &m);
    return m;
}

static void matches_literal_and_parameters(void **state)
{
    (void)state;
    char buf[256];
    struct route_match m = match("GET", "/api/v1/stations", buf);
    assert_ptr_equal(m.route, &table[0]);
    m = match("POST", "/api/v1/stations", buf);
    assert_ptr_equal(m.route, &table[1]);
    m = match("GET", "/api/v1/stations/42", buf);
    assert_ptr_equal(m.route, &table[2]);
    assert_int_equal(m.nparams, 1);
    assert_string_equal(m.params[0], "42");
    m = match("GET", "/api/v1/cases/7/notes/9", buf);
    assert_ptr_equal(m.route, &table[4]);
    assert_int_equal(m.nparams, 2);
    assert_string_equal(m.params[0], "7");
    assert_string_equal(m.params[1], "9");
}

static void wrong_method_lists_allowed_ones(void **state)
{
    (void)state;
    char buf[256];
    struct route_match m = match("DELETE", "/api/v1/stations", buf);
    assert_null(m.route);
    assert_string_equal(m.allow, "GET, POST");
    m = match("PUT", "/api/v1/stations/1", buf);
    assert_null(m.route);
    assert_string_equal(m.allow, "GET, PATCH");
}

static void unknown_and_malformed_paths_match_nothing(void **state)
{
    (void)state;
    char buf[256];
    const char *bad[] = {"/api/v1/station",       "/api/v1/stations/",
                         "/api/v1//stations",     "/api/v1/stations/1/x",
                         "api/v1/stations",       "",
                         "/",                     "/api/v1/stations/1/",
                         "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r",
                         "/api/v1/stationsx",     "/api/v2/stations",
                         "/api/v1/cases/7/note/9", "/api/v1/cases/7/notesx/9",
                         "/api/v1/cases/7/notes"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct route_match m = match("GET", bad[i], buf);
        assert_null(m.route);
        assert_string_equal(m.allow, "");
    }
}

static void real_table_has_no_duplicates_and_every_route_a_permission(
    void **state)
{
    (void)state;
    for (size_t i = 0; i < routes_count; i++) {
        assert_non_null(routes[i].handler);
        assert_non_null(routes[i].permission);
        assert_true(strlen(routes[i].permission) > 0);
        /* Every route names an action of the one permission table. */
        const char *p = routes[i].permission;
        if (strcmp(p, PERMISSION_PUBLIC) != 0 &&
            strcmp(p, PERMISSION_SESSION) != 0 &&
            strcmp(p, PERMISSION_SIGNED_IN) != 0 &&
            strcmp(p, PERMISSION_LOGIN) != 0 && !permission_find(p)) {
            fail_msg("%s %s: permission %s is not in the table",
                     routes[i].method, routes[i].pattern, p);
        }
        assert_non_null(routes[i].summary);
        assert_true(strncmp(routes[i].pattern, "/api/v1/", 8) == 0);
        for (size_t j = 0; j < i; j++) {
            assert_false(strcmp(routes[i].method, routes[j].method) == 0 &&
                         strcmp(routes[i].pattern, routes[j].pattern) == 0);
        }
    }
}

/* Whether s has a character of the CJK Unified Ideographs block
 * (U+4E00–U+9FFF, three bytes in UTF-8). */
static bool has_han(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 &&
            (p[2] & 0xC0) == 0x80) {
            unsigned c = (unsigned)(p[0] & 0x0F) << 12 |
                         (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
            if (c >= 0x4E00 && c <= 0x9FFF) {
                return true;
            }
        }
    }
    return false;
}

/* The API reference speaks Chinese to a Chinese reader: every route has
 * a Chinese summary and every query parameter a Chinese description. */
static void real_table_speaks_chinese(void **state)
{
    (void)state;
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *rt = &routes[i];
        if (!rt->summary_zh || !has_han(rt->summary_zh)) {
            fail_msg("%s %s: no Chinese summary", rt->method, rt->pattern);
        }
        for (const struct query_param *q = rt->query; q && q->name; q++) {
            assert_non_null(q->description);
            assert_true(strlen(q->description) > 0);
            if (!q->description_zh || !has_han(q->description_zh)) {
                fail_msg("%s %s: ?%s has no Chinese description",
                         rt->method, rt->pattern, q->name);
            }
        }
    }
}

static void public_routes_are_only_the_few_that_must_be(void **state)
{
    (void)state;
    /* Login, health, version and the OpenAPI document; nothing else. */
    const char *allowed[] = {"POST /api/v1/session", "GET /api/v1/health",
                             "GET /api/v1/version",
                             "GET /api/v1/openapi.json"};
    for (size_t i = 0; i < routes_count; i++) {
        if (strcmp(routes[i].permission, PERMISSION_PUBLIC) != 0) {
            continue;
        }
        char key[200];
        snprintf(key, sizeof key, "%s %s", routes[i].method,
                 routes[i].pattern);
        bool ok = false;
        for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++) {
            ok = ok || strcmp(key, allowed[k]) == 0;
        }
        if (!ok) {
            fail_msg("%s is public", key);
        }
    }
}

static void separation_of_the_three_administrators(void **state)
{
    (void)state;
    /* 三员分立: only the auditor reads the audit log; the sysadmin
     * manages users but not sessions; nobody else manages users. */
    assert_true(permission_allows(ROLE_BIT(ROLE_AUDITOR), "audit.read"));
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (r != ROLE_AUDITOR) {
            assert_false(permission_allows(ROLE_BIT(r), "audit.read"));
        }
        if (r != ROLE_SYSADMIN) {
            assert_false(permission_allows(ROLE_BIT(r), "user.manage"));
        }
    }
    assert_false(permission_allows(ROLE_BIT(ROLE_SYSADMIN),
                                   "session.manage"));
    assert_false(permission_allows(ROLE_BIT(ROLE_AUDITOR), "station.read"));
    assert_false(permission_allows(0, "station.read"));
    assert_false(permission_allows(ROLE_BIT(ROLE_BUREAU), "no.such"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_literal_and_parameters),
        cmocka_unit_test(wrong_method_lists_allowed_ones),
        cmocka_unit_test(unknown_and_malformed_paths_match_nothing),
        cmocka_unit_test(
            real_table_has_no_duplicates_and_every_route_a_permission),
        cmocka_unit_test(real_table_speaks_chinese),
        cmocka_unit_test(public_routes_are_only_the_few_that_must_be),
        cmocka_unit_test(separation_of_the_three_administrators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
