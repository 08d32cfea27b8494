/* sgz report: the reports (报告) of the whole deployment from the
 * command line — the list with each one's deadline, and a report's .xlsx
 * as GET /api/v1/reports/{id}.xlsx gives it, for an archive or a bureau
 * without the web UI at hand. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../api/report_xlsx.h"
#include "../core/profile_reports.h"
#include "../core/report_figures.h"
#include "../core/report_types.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "cli.h"

int cmd_report(const struct cmd *self, struct config *cfg, int argc,
               char **argv);

static const char *const statuses[] = {"draft", "submitted", "returned",
                                       "accepted", NULL};

static bool known_status(const char *s)
{
    for (size_t i = 0; statuses[i]; i++) {
        if (strcmp(statuses[i], s) == 0) {
            return true;
        }
    }
    return false;
}

/* The day a report is due under profile p, or "-". */
static const char *due_of(const struct profile *p, const struct report *r,
                          char buf[16])
{
    int t = report_type_from_code(r->type), to;
    if (t < 0 || !p || !p->reports.present ||
        !report_month_parse(r->period_to, &to) ||
        !report_due_on(&p->reports.types[t], to, buf)) {
        return "-";
    }
    return buf;
}

static int list(struct db *db, const struct report_filter *f)
{
    struct profile *p = cli_active_profile(db);
    struct arena *a = arena_new(256 * 1024);
    char today[16];
    cn_date_format(cn_date_of(cn_now()), today);
    int64_t offset = 0, total = 0;
    int rc = DB_OK;
    bool en = cli_lang() == LANG_EN;
    printf(
        cli_tr("id\ttype\tscope\tperiod\tstatus\tdue\tsubmitted\toverdue\n"));
    for (;;) {
        struct report *items;
        size_t n;
        rc = report_store_list(db, a, &scope_all, f, 500, offset, &items, &n,
                               &total);
        for (size_t i = 0; rc == DB_OK && i < n; i++) {
            const struct report *r = &items[i];
            int t = report_type_from_code(r->type);
            char due[16];
            const char *d = due_of(p, r, due);
            bool open = strcmp(r->status, "draft") == 0 ||
                        strcmp(r->status, "returned") == 0;
            printf("%lld\t%s\t%s\t%s..%s\t%s\t%s\t%s\t%s\n", (long long)r->id,
                   t < 0 ? r->type
                         : report_type_label(p ? &p->reports : NULL, t, en),
                   r->scope_name, r->period_from, r->period_to, r->status, d,
                   r->submitted_on ? r->submitted_on : "-",
                   open && d[0] != '-' && strcmp(today, d) > 0
                       ? cli_tr("overdue")
                       : "");
        }
        if (rc != DB_OK || n < 500) {
            break;
        }
        offset += 500;
    }
    if (rc == DB_OK) {
        printf(total == 1 ? cli_tr("%lld report\n") : cli_tr("%lld reports\n"),
               (long long)total);
    } else {
        cli_error("%s", db_errmsg(db));
    }
    arena_free(a);
    profile_free(p);
    return rc == DB_OK ? EXIT_OK : EXIT_RUNTIME;
}

/* Writes the report's .xlsx to out, which must not exist yet; audited as
 * report.export. */
static int export(struct db *db, int64_t id, const char *out)
{
    struct arena *a = arena_new(256 * 1024);
    struct report r;
    const char *figures = NULL;
    int rc = report_store_get(db, a, &scope_all, id, &r);
    if (rc == DB_DONE) {
        cli_error(cli_tr("no report %lld (sgz report list)"), (long long)id);
        arena_free(a);
        return EXIT_RUNTIME;
    }
    /* Frozen once submitted; while a draft, live as in the web UI. */
    if (rc == DB_ROW) {
        figures = r.figures;
        rc = figures ? DB_OK
                     : report_figures_compute(db, a, &r, cn_now(), &figures);
    }
    /* In the reader's language, as GET /api/v1/reports/{id}.xlsx gives
     * it by Accept-Language; the frozen figures are not changed. */
    enum lang lang = cli_lang();
    if (rc == DB_OK) {
        figures = report_figures_localise(db, a, figures, lang);
    }
    if (rc != DB_OK) {
        cli_error("%s", db_errmsg(db));
        arena_free(a);
        return EXIT_RUNTIME;
    }
    struct strbuf xb;
    strbuf_init(&xb);
    char err[200];
    int status = EXIT_OK;
    FILE *fp = NULL;
    struct profile *prof = cli_active_profile(db);
    int t = report_type_from_code(r.type);
    const char *label =
        t < 0 ? r.type
              : report_type_label(prof ? &prof->reports : NULL, t,
                                  lang == LANG_EN);
    int xrc = report_xlsx(&r, figures, label, lang == LANG_EN, &xb, err,
                          sizeof err);
    profile_free(prof);
    if (xrc != 0) {
        cli_error("%s", err);
        status = EXIT_RUNTIME;
    } else if (!(fp = fopen(out, "wbx"))) {
        cli_error("%s: %s%s", out, strerror(errno),
                  errno == EEXIST ? cli_tr(" (not overwritten)") : "");
        status = EXIT_RUNTIME;
    } else if (fwrite(xb.buf, 1, xb.len, fp) != xb.len || fclose(fp) != 0) {
        cli_error("%s: %s", out, strerror(errno));
        remove(out);
        status = EXIT_RUNTIME;
    } else {
        char entity[24];
        snprintf(entity, sizeof entity, "%lld", (long long)id);
        if (cli_audit(db, "report.export", "report", entity,
                      arena_printf(a, "{\"status\":\"%s\"}", r.status)) !=
            EXIT_OK) {
            status = EXIT_RUNTIME;
        } else {
            printf(cli_tr("%s: %s %s %s..%s (%s), %zu bytes\n"), out,
                   r.scope_name, r.type, r.period_from, r.period_to, r.status,
                   xb.len);
        }
    }
    strbuf_free(&xb);
    arena_free(a);
    return status;
}

int cmd_report(const struct cmd *self, struct config *cfg, int argc,
               char **argv)
{
    const char *type = NULL, *status = NULL, *from = NULL, *to = NULL,
               *out = NULL;
    const struct cli_opt opts[] = {
        {"type", &type, NULL}, {"status", &status, NULL},
        {"from", &from, NULL}, {"to", &to, NULL},
        {"out", &out, NULL},   {NULL, NULL, NULL},
    };
    const char *pos[2] = {NULL, NULL};
    int npos;
    int rc = cli_parse(self, argc, argv, opts, pos, 2, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    bool is_list = npos == 1 && strcmp(pos[0], "list") == 0;
    bool is_export = npos == 2 && strcmp(pos[0], "export") == 0;
    int64_t id = 0;
    int month;
    if (!is_list && !is_export) {
        return cli_usage(self, cli_tr("list or export ID"));
    }
    if (is_export && !parse_int64(pos[1], 1, INT64_MAX, &id)) {
        return cli_usage(self,
                         cli_tr("ID: a report's number (sgz report list)"));
    }
    if (type && report_type_from_code(type) < 0) {
        return cli_usage(self, cli_tr("--type: unknown report type"));
    }
    if (status && !known_status(status)) {
        return cli_usage(
            self, cli_tr("--status: draft, submitted, returned or accepted"));
    }
    if ((from && !report_month_parse(from, &month)) ||
        (to && !report_month_parse(to, &month))) {
        return cli_usage(self, cli_tr("--from, --to: a month, YYYY-MM"));
    }
    if (is_export && (type || status || from || to)) {
        return cli_usage(self, cli_tr("export takes only --out"));
    }
    if (is_list && out) {
        return cli_usage(self, cli_tr("--out is export's"));
    }
    struct db *db;
    if ((rc = cli_open_current(cfg, &db)) != EXIT_OK) {
        return rc;
    }
    if ((rc = cli_sync_stats(db, false)) == EXIT_OK) {
        if (is_list) {
            struct report_filter f = {.type = type, .status = status,
                                      .from = from, .to = to};
            rc = list(db, &f);
        } else {
            char name[40];
            snprintf(name, sizeof name, "report-%lld.xlsx", (long long)id);
            rc = export(db, id, out ? out : name);
        }
    }
    db_close(db);
    return rc;
}
