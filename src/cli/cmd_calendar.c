/* sgz calendar add DATE N | import FILE [--year YEAR] | years */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/calendar_load.h"
#include "../store/calendar_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "../util/strbuf.h"
#include "cli.h"

int cmd_calendar(const struct cmd *self, struct config *cfg, int argc,
                 char **argv);

static const char *const weekdays[] = {"星期一", "星期二", "星期三", "星期四",
                                       "星期五", "星期六", "星期日"};

static int add_command(const struct cmd *self, struct db *db,
                       const char *date, const char *count)
{
    int y, m, d;
    int64_t n;
    if (!parse_date(date, &y, &m, &d) || !parse_int64(count, 1, 3650, &n)) {
        return cli_usage(self, cli_tr("expected: calendar add YYYY-MM-DD N (N "
                                      "from 1 to 3650 working days)"));
    }
    struct arena *a = arena_new(64 * 1024);
    struct calendar c;
    if (calendar_store_load(db, a, &c) != DB_OK) {
        cli_error("%s", db_errmsg(db));
        arena_free(a);
        return EXIT_RUNTIME;
    }
    bool provisional;
    int64_t due = calendar_add_workdays(&c, cn_days_from_civil(y, m, d),
                                        (int)n, &provisional);
    char out[11];
    cn_date_format(cn_civil_from_days(due), out);
    printf("%s + %lld 个工作日 = %s %s%s\n", date, (long long)n, out,
           weekdays[((due % 7) + 7 + 3) % 7],
           provisional ? " (暂定: 该年度的法定节假日安排尚未载入)" : "");
    arena_free(a);
    return EXIT_OK;
}

static int import_command(struct db *db, const char *file, const char *year)
{
    int64_t y = 0;
    if (year && !parse_int64(year, 2000, 2100, &y)) {
        cli_error(cli_tr("--year takes a year from 2000 to 2100"));
        return EXIT_USAGE;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    if (cli_read_file(file, 4u << 20, &sb) != EXIT_OK) {
        strbuf_free(&sb);
        return EXIT_RUNTIME;
    }
    struct actor who = {.name = "cli:calendar", .address = ""};
    struct calendar_fail fail;
    int added;
    int rc = calendar_load_file(db, &who, sb.buf ? sb.buf : "", sb.len,
                                (int)y, &added, &fail);
    strbuf_free(&sb);
    if (rc == CALENDAR_BAD_FILE) {
        char text[300];
        msg_format(fail.msg, cli_lang(), fail.detail, text, sizeof text);
        cli_error(cli_tr("%s: %s; nothing was loaded"), file, text);
        return EXIT_RUNTIME;
    }
    if (rc != DB_OK) {
        cli_error("%s: %s", file, db_errmsg(db));
        return EXIT_RUNTIME;
    }
    /* A whole sentence each: the Chinese has no plural to append. */
    printf(added == 1 ? cli_tr("%d year loaded from %s\n")
                      : cli_tr("%d years loaded from %s\n"),
           added, file);
    return EXIT_OK;
}

static int years_command(struct db *db)
{
    struct arena *a = arena_new(16 * 1024);
    struct calendar_year_info *ys;
    size_t n;
    if (calendar_store_years(db, a, &ys, &n) != DB_OK) {
        cli_error("%s", db_errmsg(db));
        arena_free(a);
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < n; i++) {
        printf(
            cli_tr("%d  %-12s  %3lld holidays  %2lld make-up working days\n"),
            ys[i].year, ys[i].source, (long long)ys[i].holidays,
            (long long)ys[i].workdays);
    }
    arena_free(a);
    return EXIT_OK;
}

int cmd_calendar(const struct cmd *self, struct config *cfg, int argc,
                 char **argv)
{
    const char *year = NULL;
    const char *pos[3];
    const struct cli_opt opts[] = {{"year", &year, NULL}, {0}};
    int npos;
    int rc = cli_parse(self, argc, argv, opts, pos, 3, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    bool add = npos == 3 && strcmp(pos[0], "add") == 0;
    bool import = npos == 2 && strcmp(pos[0], "import") == 0;
    bool years = npos == 1 && strcmp(pos[0], "years") == 0;
    if (!add && !import && !years) {
        return cli_usage(
            self, cli_tr("expected: calendar add DATE N, calendar "
                         "import FILE [--year YEAR] or calendar years"));
    }
    struct db *db;
    if ((rc = cli_open_current(cfg, &db)) != EXIT_OK) {
        return rc;
    }
    if (add) {
        rc = add_command(self, db, pos[1], pos[2]);
    } else if (import) {
        rc = import_command(db, pos[1], year);
    } else {
        rc = years_command(db);
    }
    db_close(db);
    return rc;
}
