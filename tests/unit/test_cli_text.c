/* The command line's Chinese (src/cli/cli_text_zh.c): every pair reads
 * its arguments as the English does, every text the sources pass to
 * cli_tr() has its Chinese, and no English message is printed without
 * going through it. Run from the top of the tree (it reads src/cli). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "cli/cli.h"
#include "util/config.h"

/* The printf conversions of fmt, one "length+kind," each ("*" for a
 * width or precision argument), into out; false on a positional
 * argument ("%1$s"), which the English never has, or a bad one. */
static bool conversions(const char *fmt, char *out, size_t len)
{
    size_t n = 0;
    out[0] = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            continue;
        }
        p++;
        if (*p == '%') {
            continue;
        }
        char one[16];
        size_t k = 0;
        while (*p && strchr("-+ #0'", *p)) {
            p++;
        }
        if (*p == '*') {
            one[k++] = '*';
            p++;
        }
        while (*p >= '0' && *p <= '9') {
            p++;
        }
        if (*p == '$') {
            return false;
        }
        if (*p == '.') {
            p++;
            if (*p == '*') {
                one[k++] = '*';
                p++;
            }
            while (*p >= '0' && *p <= '9') {
                p++;
            }
        }
        while (*p && strchr("hlLzjt", *p) && k < 8) {
            one[k++] = *p++;
        }
        /* The argument's type decides, not how it is shown. */
        char kind = *p == 'i'                ? 'd'
                    : strchr("ouxX", *p)     ? 'u'
                    : strchr("eEfFgGaA", *p) ? 'f'
                                             : *p;
        if (!kind || !strchr("dufscpn", kind)) {
            return false;
        }
        one[k++] = kind;
        one[k++] = ',';
        if (n + k + 1 > len) {
            return false;
        }
        memcpy(out + n, one, k);
        n += k;
        out[n] = 0;
    }
    return true;
}

static void pairs_read_the_same_arguments(void **state)
{
    (void)state;
    size_t rows = 0;
    for (const struct cli_text *t = cli_texts_zh; t->en; t++, rows++) {
        char en[256], zh[256];
        assert_non_null(t->zh);
        if (!conversions(t->en, en, sizeof en) ||
            !conversions(t->zh, zh, sizeof zh) || strcmp(en, zh) != 0) {
            fail_msg("conversions differ:\n  %s\n  %s", t->en, t->zh);
        }
        for (const struct cli_text *u = cli_texts_zh; u < t; u++) {
            if (strcmp(u->en, t->en) == 0) {
                fail_msg("twice in the table: %s", t->en);
            }
        }
    }
    assert_true(rows > 100);
    /* The check itself: a swapped or retyped argument is caught. */
    char a[64], b[64];
    assert_true(conversions("%s: %lld rows, %zu%%", a, sizeof a));
    assert_true(conversions("%s：%lld 行，%zu%%", b, sizeof b));
    assert_string_equal(a, b);
    assert_true(conversions("%lld %s", b, sizeof b));
    assert_string_not_equal(a, b);
    assert_true(conversions("%s: %d", b, sizeof b));
    assert_true(conversions("%s: %ld", a, sizeof a));
    assert_string_not_equal(a, b);
    assert_false(conversions("%2$s %1$s", a, sizeof a));
}

/* Appends the C string literals at *pp (adjacent ones joined, as the
 * compiler joins them), unescaped, to out; leaves *pp after them. False
 * when *pp is not at a literal. */
static bool read_literal(const char **pp, char *out, size_t len)
{
    const char *p = *pp;
    size_t n = 0;
    bool any = false;
    for (;;) {
        while (*p == ' ' || *p == '\n' || *p == '\t') {
            p++;
        }
        if (*p != '"') {
            break;
        }
        any = true;
        for (p++; *p && *p != '"'; p++) {
            char c = *p;
            if (c == '\\') {
                p++;
                c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
            }
            if (n + 1 < len) {
                out[n++] = c;
            }
        }
        if (*p == '"') {
            p++;
        }
    }
    out[n] = 0;
    if (any) {
        *pp = p;
    }
    return any;
}

static char *read_source(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail_msg("cannot read %s (run from the top of the tree)", path);
    }
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* The sources that print: the .c files of src/cli, and src/main.c. */
static size_t source_paths(char paths[][300], size_t max)
{
    size_t n = 0;
    DIR *d = opendir("src/cli");
    assert_non_null(d);
    const struct dirent *e;
    while ((e = readdir(d)) && n + 1 < max) {
        size_t len = strlen(e->d_name);
        if (len > 2 && strcmp(e->d_name + len - 2, ".c") == 0) {
            snprintf(paths[n++], 300, "src/cli/%s", e->d_name);
        }
    }
    closedir(d);
    snprintf(paths[n++], 300, "src/main.c");
    return n;
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

static int line_of(const char *src, const char *at)
{
    int line = 1;
    for (const char *p = src; p < at; p++) {
        line += *p == '\n';
    }
    return line;
}

static void every_text_passed_has_chinese(void **state)
{
    (void)state;
    char paths[64][300];
    size_t np = source_paths(paths, 64);
    static char used[1000][600];
    size_t nused = 0, missing = 0;
    for (size_t i = 0; i < np; i++) {
        char *src = read_source(paths[i]);
        for (const char *p = strstr(src, "cli_tr("); p;
             p = strstr(p + 1, "cli_tr(")) {
            const char *q = p + strlen("cli_tr(");
            char text[600];
            if ((p > src && ident_char(p[-1])) ||
                !read_literal(&q, text, sizeof text)) {
                continue; /* a declaration, or cli_tr(k->help) */
            }
            if (!cli_text_zh(text)) {
                print_message("%s:%d: no Chinese for \"%s\"\n", paths[i],
                              line_of(src, p), text);
                missing++;
            }
            if (nused < 1000) {
                snprintf(used[nused++], sizeof used[0], "%s", text);
            }
        }
        free(src);
    }
    /* help prints the settings' descriptions through cli_tr too. */
    for (const struct config_key *k = config_keys; k->name; k++) {
        if (!cli_text_zh(k->help)) {
            print_message("setting %s: no Chinese for \"%s\"\n", k->name,
                          k->help);
            missing++;
        }
        if (nused < 1000) {
            snprintf(used[nused++], sizeof used[0], "%s", k->help);
        }
    }
    assert_int_equal(missing, 0);
    /* And nothing in the table that nothing says any more. */
    for (const struct cli_text *t = cli_texts_zh; t->en; t++) {
        size_t u = 0;
        while (u < nused && strcmp(used[u], t->en) != 0) {
            u++;
        }
        if (u == nused) {
            fail_msg("in the table but passed nowhere: \"%s\"", t->en);
        }
    }
}

static void every_command_has_chinese_help(void **state)
{
    (void)state;
    for (const struct cmd *c = cmds; c->name; c++) {
        assert_non_null(c->summary_zh);
        assert_non_null(c->help_zh);
        assert_true(strlen(c->summary_zh) > 0);
        assert_true(strlen(c->help_zh) > 0);
        assert_string_not_equal(c->help_zh, c->help);
    }
}

/* A message of letters printed as it stands, in English only. What is
 * not a message (a number, "%s", the program's own name) or is already
 * chosen by cli_lang() at the call is listed here, and sgz check's lines
 * around its findings: scripts read their codes, "on:", "off:" and the
 * count in every language (tests/api/demo_profiles.test.mjs), while the
 * findings' own messages follow cli_lang(). */
static const char *const neutral[] = {
    "profile %s, %s\n",
    "  %-30s on: %zu finding%s\n",
    "  %-30s off: %s\n",
    "%zu findings\n",
    "sgz: ",
    "sgz: %s\n",
    "sgz %s (schema %d)\n",
    "row %ld",
    "%s%s%s%s: %zu rows, %zu valid, %zu bad; %zu %s, "
    "%zu updated, %zu skipped as duplicates; sha256 %s\n",
    "%s（%s%s%s）：共%zu行，有效%zu行，有错误%zu行；%s%zu条，"
    "更新%zu条，跳过已登记%zu条；sha256 %s\n",
    NULL,
};

static bool has_words(const char *text)
{
    char bare[600];
    size_t n = 0;
    /* Conversions are not words: "%lld" has letters. */
    for (const char *p = text; *p && n + 1 < sizeof bare; p++) {
        if (*p == '%') {
            p++;
            while (*p && !strchr("diouxXeEfFgGaAscpn%", *p)) {
                p++;
            }
            if (!*p) {
                break;
            }
            bare[n++] = ' ';
            continue;
        }
        bare[n++] = *p;
    }
    bare[n] = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        bool a = (bare[i] | 0x20) >= 'a' && (bare[i] | 0x20) <= 'z';
        bool b = (bare[i + 1] | 0x20) >= 'a' && (bare[i + 1] | 0x20) <= 'z';
        if (a && b) {
            return true;
        }
    }
    return false;
}

static void no_english_bypasses_the_table(void **state)
{
    (void)state;
    static const char *const calls[] = {
        "cli_error(",     "printf(",   "fprintf(stderr,", "fputs(",
        "log_info(",      "log_warn(", "log_error(",      "cli_usage(self,",
        "cli_usage(cmd,", NULL};
    char paths[64][300];
    size_t np = source_paths(paths, 64);
    size_t bad = 0;
    for (size_t i = 0; i < np; i++) {
        /* Another change owns demo_clients.c's messages for now. */
        if (strcmp(paths[i], "src/cli/demo_clients.c") == 0) {
            continue;
        }
        char *src = read_source(paths[i]);
        for (size_t c = 0; calls[c]; c++) {
            for (const char *p = strstr(src, calls[c]); p;
                 p = strstr(p + 1, calls[c])) {
                const char *q = p + strlen(calls[c]);
                char text[600];
                if ((p > src && ident_char(p[-1])) ||
                    !read_literal(&q, text, sizeof text) || !has_words(text)) {
                    continue;
                }
                size_t k = 0;
                while (neutral[k] && strcmp(neutral[k], text) != 0) {
                    k++;
                }
                if (!neutral[k]) {
                    print_message("%s:%d: English without cli_tr: \"%s\"\n",
                                  paths[i], line_of(src, p), text);
                    bad++;
                }
            }
        }
        free(src);
    }
    assert_int_equal(bad, 0);
}

static void the_locale_picks_the_language(void **state)
{
    (void)state;
    const char *en = "no database given (--db or SGZ_DB)";
    setenv("LC_ALL", "", 1);
    setenv("LC_MESSAGES", "", 1);
    setenv("LANG", "C.UTF-8", 1);
    assert_ptr_equal(cli_tr(en), en);
    setenv("LANG", "zh_CN.UTF-8", 1);
    assert_string_equal(cli_tr(en), cli_text_zh(en));
    assert_non_null(strstr(cli_tr(en), "未指定数据库"));
    /* A text the table lacks stays English rather than vanishing. */
    assert_string_equal(cli_tr("not in the table"), "not in the table");
    setenv("LC_ALL", "C", 1);
    assert_ptr_equal(cli_tr(en), en);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pairs_read_the_same_arguments),
        cmocka_unit_test(every_text_passed_has_chinese),
        cmocka_unit_test(every_command_has_chinese_help),
        cmocka_unit_test(no_english_bypasses_the_table),
        cmocka_unit_test(the_locale_picks_the_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
