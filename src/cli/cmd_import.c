/* sgz import clients FILE: the client register from a spreadsheet, with
 * a dry run, a report of bad rows and a progress bar. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/client_import.h"
#include "../store/scope.h"
#include "../util/arena.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "../util/sheet.h"
#include "../util/strbuf.h"
#include "cli.h"

/* The counts, in the command line's language. */
static void print_summary(const struct import_result *res,
                          const struct import_opts *o, enum lang lang)
{
    bool en = lang == LANG_EN;
    /* "csv UTF-8", "xlsx": a workbook has no encoding to name. */
    const char *enc = res->encoding ? res->encoding : "";
    const char *sep = *enc ? " " : "";
    if (res->stopped && o->dup == IMPORT_DUP_STOP) {
        printf(en ? "stopped: %zu rows are already registered; nothing was "
                    "written\n"
                  : "已停止：%zu行已登记，未写入任何记录\n",
               res->stopped);
    } else if (en) {
        printf("%s%s%s%s: %zu rows, %zu valid, %zu bad; %zu %s, "
               "%zu updated, %zu skipped as duplicates; sha256 %s\n",
               o->dry_run ? "dry run of " : "imported ", res->format, sep, enc,
               res->rows, res->valid, res->bad, res->inserted,
               o->dry_run ? "would be new" : "new", res->updated,
               res->skipped, res->sha256);
    } else {
        printf("%s（%s%s%s）：共%zu行，有效%zu行，有错误%zu行；%s%zu条，"
               "更新%zu条，跳过已登记%zu条；sha256 %s\n",
               o->dry_run ? "检查完成" : "导入完成", res->format, sep, enc,
               res->rows, res->valid, res->bad,
               o->dry_run ? "将新增" : "新增", res->inserted, res->updated,
               res->skipped, res->sha256);
    }
}

int cmd_import(const struct cmd *self, struct config *cfg, int argc,
               char **argv);

#define IMPORT_FILE_MAX (200u << 20)

/* A bar on standard error when it is a terminal, a line per 10 % else. */
static void progress(void *ud, size_t done, size_t total)
{
    int *last = ud;
    int pct = total ? (int)(done * 100 / total) : 100;
    pct = pct > 100 ? 100 : pct;
    if (isatty(2)) {
        char bar[41];
        memset(bar, '#', (size_t)pct * 40 / 100);
        memset(bar + pct * 40 / 100, '.', 40 - (size_t)pct * 40 / 100);
        bar[40] = 0;
        fprintf(stderr, "\r[%s] %3d%% %zu/%zu", bar, pct, done, total);
        if (done >= total) {
            fputc('\n', stderr);
        }
    } else if (pct / 10 != *last / 10 || done >= total) {
        fprintf(stderr, cli_tr("%zu/%zu rows (%d%%)\n"), done, total, pct);
    }
    *last = pct;
}

/* The bad rows and the known ones as a spreadsheet: row, name, column,
 * reason, what was done, in the language of the rows printed. */
static int write_report(const char *path, const struct import_result *r,
                        enum lang lang)
{
    struct arena *a = arena_new(0);
    struct sheet s;
    import_report_sheet(r, lang, a, &s);
    struct strbuf out;
    strbuf_init(&out);
    int rc = 0;
    size_t len = strlen(path);
    char err[200];
    if (len > 4 && strcmp(path + len - 4, ".csv") == 0) {
        s.title = NULL;
        sheet_csv(&s, &out);
    } else {
        rc = sheet_xlsx(&s, &out, err, sizeof err);
    }
    FILE *f = rc == 0 ? fopen(path, "wb") : NULL;
    if (!f || fwrite(out.buf, 1, out.len, f) != out.len || fclose(f) != 0) {
        cli_error(cli_tr("cannot write the report %s"), path);
        rc = -1;
    }
    strbuf_free(&out);
    arena_free(a);
    return rc;
}

/* The first 20 rows of a list (the bad rows, the rows to check) on
 * standard error, each after prefix, then how many more. */
static void print_rows(const struct import_error *rows, size_t n,
                       enum lang lang, const char *prefix_zh,
                       const char *prefix_en)
{
    for (size_t i = 0; i < n && i < 20; i++) {
        const struct import_error *e = &rows[i];
        fputs(lang == LANG_EN ? prefix_en : prefix_zh, stderr);
        if (lang == LANG_EN) {
            fprintf(stderr, "row %ld", e->line);
        } else {
            fprintf(stderr, "第%ld行", e->line);
        }
        fprintf(stderr, "%s%s %s: %s\n", *e->name ? " " : "", e->name,
                e->column, e->message);
    }
    if (n > 20) {
        fprintf(stderr,
                lang == LANG_EN
                    ? "… %zu more (--report FILE.xlsx lists them all)\n"
                    : "……另有%zu处(--report 文件.xlsx 列出全部)\n",
                n - 20);
    }
}

/* The rows that are somebody already, and what became of them: what the
 * counts of skipped and updated rows are made of. */
static void print_known(const struct import_result *r, enum lang lang)
{
    for (size_t i = 0; i < r->n_known && i < 20; i++) {
        const struct import_known *k = &r->known[i];
        if (lang == LANG_EN) {
            printf("row %ld", k->line);
        } else {
            printf("第%ld行", k->line);
        }
        printf("%s%s %s%s%s\n", *k->name ? " " : "", k->name,
               import_action_label(k->action, lang),
               lang == LANG_EN ? ": " : "：", k->message);
    }
    if (r->n_known > 20) {
        printf(lang == LANG_EN
                   ? "… %zu more (--report FILE.xlsx lists them all)\n"
                   : "……另有%zu行(--report 文件.xlsx 列出全部)\n",
               r->n_known - 20);
    }
}

/* Which worksheet was read, and the others that hold a register too:
 * each is imported on its own (--sheet). */
static void print_sheets(const struct import_result *r, enum lang lang)
{
    bool en = lang == LANG_EN;
    if (r->n_sheets < 2) {
        return;
    }
    printf(en ? "worksheet read: %s (the file has %zu)\n"
              : "读取的工作表：%s（文件共%zu个）\n",
           r->sheet, r->n_sheets);
    size_t others = 0;
    for (size_t i = 0; i < r->n_sheets; i++) {
        const struct import_sheet *sh = &r->sheets[i];
        if (!sh->has_header || sh->name == r->sheet) {
            continue;
        }
        fputs(others++ ? (en ? ", " : "、")
                       : (en ? "also holding a header, not read (import "
                               "each with --sheet NAME): "
                             : "以下工作表也有表头，本次未读取(用 --sheet "
                               "工作表名 逐个导入)："),
              stdout);
        fputs(sh->name, stdout);
    }
    if (others) {
        putchar('\n');
    }
}

/* A workbook's sheets, after a refusal that a choice of sheet answers. */
static void print_sheet_names(const struct import_result *r, enum lang lang)
{
    if (r->n_sheets < 2 ||
        (r->msg != MSG_IMPORT_NO_SHEET && r->msg != MSG_IMPORT_HEADER &&
         r->msg != MSG_IMPORT_HEADER_SHEETS)) {
        return;
    }
    fputs(lang == LANG_EN ? "worksheets: " : "文件中的工作表：", stderr);
    size_t shown = r->n_sheets < 20 ? r->n_sheets : 20;
    for (size_t i = 0; i < shown; i++) {
        fprintf(stderr, "%s%s", i ? (lang == LANG_EN ? ", " : "、") : "",
                r->sheets[i].name);
    }
    if (shown < r->n_sheets) {
        fprintf(stderr, lang == LANG_EN ? " … (%zu in all)" : "……(共%zu个)",
                r->n_sheets);
    }
    fputs(lang == LANG_EN ? " (--sheet NAME)\n" : "(用 --sheet 选择)\n",
          stderr);
}

int cmd_import(const struct cmd *self, struct config *cfg, int argc,
               char **argv)
{
    const char *station = NULL, *dups = "skip", *report = NULL;
    const char *sheet = NULL;
    bool dry_run = false;
    const struct cli_opt opts[] = {
        {"station", &station, NULL},
        {"duplicates", &dups, NULL},
        {"report", &report, NULL},
        {"sheet", &sheet, NULL},
        {"dry-run", NULL, &dry_run},
        {NULL, NULL, NULL},
    };
    const char *pos[2];
    int npos;
    int rc = cli_parse(self, argc, argv, opts, pos, 2, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (npos != 2 || strcmp(pos[0], "clients") != 0) {
        return cli_usage(self, cli_tr("expected: clients FILE"));
    }
    enum lang lang = cli_lang();
    struct import_opts o = {.dry_run = dry_run,
                            .progress = progress,
                            .db_url = cfg->db,
                            .sheet = sheet,
                            .lang = lang};
    int last = -1;
    o.ud = &last;
    if (strcmp(dups, "skip") == 0) {
        o.dup = IMPORT_DUP_SKIP;
    } else if (strcmp(dups, "update") == 0) {
        o.dup = IMPORT_DUP_UPDATE;
    } else if (strcmp(dups, "stop") == 0) {
        o.dup = IMPORT_DUP_STOP;
    } else {
        return cli_usage(self, cli_tr("--duplicates is skip, update or stop"));
    }
    if (station && !parse_int64(station, 1, INT64_MAX / 2, &o.station_id)) {
        return cli_usage(self, cli_tr("--station is a station's id"));
    }
    struct strbuf data;
    strbuf_init(&data);
    if ((rc = cli_read_file(pos[1], IMPORT_FILE_MAX, &data)) != EXIT_OK) {
        strbuf_free(&data);
        return rc;
    }
    struct db *db;
    if ((rc = cli_open_current(cfg, &db)) != EXIT_OK) {
        strbuf_free(&data);
        return rc;
    }
    unsigned char key[SECRET_KEY_BYTES];
    if ((rc = cli_load_key(cfg, db, key)) != EXIT_OK) {
        db_close(db);
        strbuf_free(&data);
        return rc;
    }
    const struct passwd *pw = getpwuid(getuid());
    char actor[80], today[11];
    snprintf(actor, sizeof actor, "cli:%s", pw ? pw->pw_name : "?");
    cn_date_format(cn_date_of(cn_now()), today);
    struct arena *a = arena_new(0);
    struct client_ctx x = {.db = db, .arena = a, .key = key,
                           .scope = &scope_all,
                           .who = {.name = actor, .address = ""},
                           .today = today};
    struct import_result res;
    int ok = client_import(&x, data.buf ? data.buf : "", data.len, &o, &res);
    strbuf_free(&data);
    if (ok != 0 && res.msg != MSG_COUNT_) {
        /* A file's problem names its field; the command line's is an
         * option. */
        /* The station a file names nothing of is --station's; a detail
         * the message has a place for (第%s行) goes there, another after
         * it. */
        const char *hole = "", *after = "";
        if (res.msg == MSG_STATION_OUT_OF_RANGE) {
            hole = "--station";
        } else if (strstr(msg_text(res.msg, lang), "%s")) {
            hole = res.detail;
        } else {
            after = res.detail;
        }
        char text[300];
        msg_format(res.msg, lang, hole, text, sizeof text);
        cli_error("%s%s%s", text, *after ? ": " : "", after);
        print_sheet_names(&res, lang);
        rc = EXIT_RUNTIME;
    } else {
        print_rows(res.errors, res.n_errors, lang, "", "");
        print_rows(res.warnings, res.n_warnings, lang, "请核对：", "check: ");
        print_known(&res, lang);
        print_summary(&res, &o, lang);
        print_sheets(&res, lang);
        if (res.footer_rows > 0) {
            printf(lang == LANG_EN
                       ? "%zu rows of the sheet's foot (合计, 制表人 …) are "
                         "not persons and were left out\n"
                       : "表尾%zu行(合计、制表人等)不是服务对象，未导入\n",
                   res.footer_rows);
        }
        if (res.categories_today > 0) {
            printf(lang == LANG_EN
                       ? "%zu new clients' categories have no 类别开始日期 "
                         "and start today: services before today are not "
                         "counted under them (fill the column in to give "
                         "their start)\n"
                       : "%zu个新登记对象的对象类别未填类别开始日期，从今天"
                         "起计：今天以前的服务不按该类别统计(如知道开始日期，"
                         "请补填该列)\n",
                   res.categories_today);
        }
        if (res.n_ignored > 0) {
            /* Said on every run: a column not understood is data left
             * behind, which the user may not have meant. */
            fputs(lang == LANG_EN ? "columns not understood, not imported: "
                                  : "未识别、未导入的列：",
                  stdout);
            for (size_t i = 0; i < res.n_ignored; i++) {
                printf("%s%s", i ? (lang == LANG_EN ? ", " : "、") : "",
                       res.ignored[i]);
            }
            putchar('\n');
        }
        if (report && write_report(report, &res, lang) != 0) {
            rc = EXIT_RUNTIME;
        }
        if (res.stopped && o.dup == IMPORT_DUP_STOP) {
            rc = EXIT_RUNTIME;
        }
    }
    arena_free(a);
    db_close(db);
    return rc;
}
