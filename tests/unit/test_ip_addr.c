/* The trusted proxies (setting trusted_proxies) and the client address
 * read from X-Forwarded-For through them (src/util/ip_addr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/config.h"
#include "util/ip_addr.h"

static struct ip_list list(const char *text)
{
    struct ip_list l;
    char err[256];
    int rc = ip_list_parse(text, &l, err, sizeof err);
    if (rc != 0) {
        fail_msg("%s: %s", text, err);
    }
    return l;
}

static bool has(const struct ip_list *l, const char *addr)
{
    unsigned char a[16];
    assert_true(ip_parse(addr, strlen(addr), a));
    return ip_list_has(l, a);
}

static void addresses_are_parsed_strictly(void **state)
{
    (void)state;
    unsigned char a[16];
    const char *good[] = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::1",
                          "2001:db8::5", "::ffff:10.1.2.3", "FE80::1", NULL};
    for (const char **g = good; *g; g++) {
        assert_true(ip_parse(*g, strlen(*g), a));
    }
    const char *bad[] = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
                         "1.2.3.4:80", "[::1]", "[::1]:80", "fe80::1%eth0",
                         " 1.2.3.4", "1.2.3.4 ", "unknown", "1.2.3.-4",
                         "0x7f.0.0.1", "::1::", "1:2:3:4:5:6:7:8:9",
                         "1111:2222:3333:4444:5555:6666:255.255.255.255x",
                         NULL};
    for (const char **b = bad; *b; b++) {
        if (ip_parse(*b, strlen(*b), a)) {
            fail_msg("accepted \"%s\"", *b);
        }
    }
    /* The length given counts, not a NUL further on. */
    assert_true(ip_parse("10.0.0.1,9", 8, a));
    assert_false(ip_parse("10.0.0.1", 7, a)); /* "10.0.0." */
}

static void the_list_takes_addresses_and_prefixes(void **state)
{
    (void)state;
    struct ip_list l = list("127.0.0.1, 10.0.0.0/8 ,::1,2001:db8::/32");
    assert_int_equal(l.n, 4);
    assert_true(has(&l, "127.0.0.1"));
    assert_false(has(&l, "127.0.0.2"));
    assert_true(has(&l, "10.200.3.4"));
    assert_false(has(&l, "11.0.0.1"));
    assert_true(has(&l, "::1"));
    assert_true(has(&l, "2001:db8:ffff::9"));
    assert_false(has(&l, "2001:db9::1"));
    /* IPv4 on a dual-stack socket matches its IPv4 entry. */
    assert_true(has(&l, "::ffff:127.0.0.1"));
    assert_true(has(&l, "::ffff:10.9.9.9"));

    l = list("172.16.0.0/12,192.168.1.128/25,0.0.0.0/0");
    assert_true(has(&l, "8.8.8.8")); /* /0: every IPv4 */
    assert_false(has(&l, "2001:db8::1"));
    l = list("172.16.0.0/12,192.168.1.128/25");
    assert_true(has(&l, "172.31.255.255"));
    assert_false(has(&l, "172.32.0.0"));
    assert_true(has(&l, "192.168.1.200"));
    assert_false(has(&l, "192.168.1.127"));

    /* Empty text: no proxy trusted. */
    assert_int_equal(list("").n, 0);
    assert_int_equal(list("  ").n, 0);
}

static void a_bad_entry_is_named(void **state)
{
    (void)state;
    struct ip_list l;
    char err[256];
    const char *bad[] = {"localhost", "127.0.0.1,10.0.0.1/8", "10.0.0.0/33",
                         "::/129", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1",
                         "1.2.3.4:80", "1.2.3.4/8/8", "300.1.1.1",
                         "fe80::1%eth0", "[::1]", NULL};
    for (const char **b = bad; *b; b++) {
        err[0] = 0;
        if (ip_list_parse(*b, &l, err, sizeof err) == 0) {
            fail_msg("accepted \"%s\"", *b);
        }
        assert_non_null(strstr(err, "trusted_proxies"));
    }
    assert_int_equal(ip_list_parse("127.0.0.1, bogus ,::1", &l, err,
                                   sizeof err),
                     -1);
    assert_non_null(strstr(err, "\"bogus\""));
    assert_int_equal(ip_list_parse("127.0.0.1,,::1", &l, err, sizeof err), -1);
    assert_non_null(strstr(err, "empty"));
    assert_int_equal(ip_list_parse("127.0.0.1,", &l, err, sizeof err), -1);

    char many[1024] = "";
    for (int i = 0; i <= IP_LIST_MAX; i++) {
        char one[24];
        snprintf(one, sizeof one, "%s10.0.0.%d", i ? "," : "", i);
        strcat(many, one);
    }
    assert_int_equal(ip_list_parse(many, &l, err, sizeof err), -1);

    /* Through the setting: refused, and the list left as it was. */
    struct config c;
    config_defaults(&c);
    assert_int_equal(c.trusted.n, 0);
    assert_int_equal(
        config_set(&c, "trusted_proxies", "127.0.0.1,::1", err, sizeof err),
        0);
    assert_int_equal(c.trusted.n, 2);
    assert_int_equal(
        config_set(&c, "trusted_proxies", "127.0.0.1,nope", err, sizeof err),
        -1);
    assert_non_null(strstr(err, "nope"));
    assert_int_equal(c.trusted.n, 2);
    assert_string_equal(c.trusted_proxies, "127.0.0.1,::1");
}

/* The address chosen for peer and header xff under list text. */
static const char *pick(const char *text, const char *peer, const char *xff)
{
    static char out[64];
    struct ip_list l = list(text);
    ip_client_address(&l, peer, xff, out, sizeof out);
    return out;
}

static void the_rightmost_untrusted_hop_is_the_client(void **state)
{
    (void)state;
    /* No proxy trusted (the default): the header is nobody's word. */
    assert_string_equal(pick("", "127.0.0.1", "203.0.113.5"), "127.0.0.1");
    /* From a peer that is not trusted: ignored. */
    assert_string_equal(pick("127.0.0.1", "198.51.100.9", "203.0.113.5"),
                        "198.51.100.9");
    /* Through the trusted proxy. */
    assert_string_equal(pick("127.0.0.1", "127.0.0.1", "203.0.113.5"),
                        "203.0.113.5");
    assert_string_equal(pick("127.0.0.1", "::ffff:127.0.0.1", "203.0.113.5"),
                        "203.0.113.5");
    /* The client wrote addresses of its own on the left: not believed. */
    assert_string_equal(
        pick("127.0.0.1", "127.0.0.1", "1.1.1.1, 10.0.0.1, 203.0.113.5"),
        "203.0.113.5");
    assert_string_equal(pick("127.0.0.1", "127.0.0.1", "unknown, 203.0.113.5"),
                        "203.0.113.5");
    /* Nor by naming a trusted proxy, since the walk stops before it. */
    assert_string_equal(
        pick("127.0.0.1,10.0.0.0/8", "127.0.0.1", "10.0.0.7, 203.0.113.5"),
        "203.0.113.5");
    /* A chain of trusted proxies is skipped. */
    assert_string_equal(pick("127.0.0.1,10.0.0.0/8", "127.0.0.1",
                             "8.8.8.8, 203.0.113.5,10.1.1.1 , 10.2.2.2"),
                        "203.0.113.5");
    /* Every hop trusted: the left-most may be the client's own words
     * (a PC inside a trusted range choosing its address), so the one the
     * nearest proxy saw. */
    assert_string_equal(
        pick("127.0.0.1,10.0.0.0/8", "127.0.0.1", "10.1.1.1, 10.2.2.2"),
        "10.2.2.2");
    assert_string_equal(
        pick("127.0.0.1,10.0.0.0/8", "127.0.0.1", "10.9.9.9, 10.20.1.5"),
        "10.20.1.5");
    /* Padding on the left is the client's and never read: it cannot
     * make the header unbelievable and fall back to the proxy's address
     * (and its login limit). */
    assert_string_equal(pick("127.0.0.1", "127.0.0.1",
                             ",,,,,,,,,,,,,,,,,,,,,,,, 203.0.113.7"),
                        "203.0.113.7");
    assert_string_equal(pick("127.0.0.1", "127.0.0.1",
                             "\xe4\xb8\xad, 203.0.113.7"),
                        "203.0.113.7");
    char padded[3000];
    memset(padded, 'x', sizeof padded);
    memcpy(padded + sizeof padded - 13, ",203.0.113.7", 13);
    assert_string_equal(pick("127.0.0.1", "127.0.0.1", padded),
                        "203.0.113.7");
    /* IPv6, written canonically (one client, one rate-limit bucket). */
    assert_string_equal(pick("::1", "::1", "2001:DB8:0:0::0005"),
                        "2001:db8::5");
    assert_string_equal(pick("::1", "::1", "::ffff:203.0.113.5"),
                        "203.0.113.5");
    assert_string_equal(pick("127.0.0.1", "127.0.0.1", "\t203.0.113.5 "),
                        "203.0.113.5");
}

static void a_bad_header_keeps_the_peer(void **state)
{
    (void)state;
    const char *t = "127.0.0.1";
    const char *bad[] = {
        "",
        " ",
        "unknown",
        "203.0.113.5:4711",
        "[2001:db8::5]",
        "203.0.113.5,",          /* the right-most hop empty */
        "203.0.113.5,,127.0.0.1", /* an empty hop walked */
        "203.0.113.5, bogus",
        "203.0.113.5\x01",
        "203.0.113.5\xe4\xb8\xad",
        "fe80::1%eth0",
        "1.2.3.4 5.6.7.8",
        "01.2.3.4",
        NULL,
    };
    for (const char **b = bad; *b; b++) {
        const char *got = pick(t, "127.0.0.1", *b);
        if (strcmp(got, "127.0.0.1") != 0) {
            fail_msg("\"%s\" gave %s", *b, got);
        }
    }
    /* Absent. */
    assert_string_equal(pick(t, "127.0.0.1", NULL), "127.0.0.1");

    /* More trusted proxies walked than any real chain has: not believed.
     * The client after fifteen of them is found; after sixteen, not. */
    char hops[512] = "203.0.113.5";
    for (int i = 0; i < IP_FORWARDED_MAX_HOPS - 1; i++) {
        strcat(hops, ",127.0.0.1");
    }
    assert_string_equal(pick(t, "127.0.0.1", hops), "203.0.113.5");
    strcat(hops, ",127.0.0.1");
    assert_string_equal(pick(t, "127.0.0.1", hops), "127.0.0.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(addresses_are_parsed_strictly),
        cmocka_unit_test(the_list_takes_addresses_and_prefixes),
        cmocka_unit_test(a_bad_entry_is_named),
        cmocka_unit_test(the_rightmost_untrusted_hop_is_the_client),
        cmocka_unit_test(a_bad_header_keeps_the_peer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
