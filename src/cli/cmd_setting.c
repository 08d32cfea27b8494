/* sgz setting list | set KEY VALUE: the run-time settings of 参数设置. */
#include <stdio.h>
#include <string.h>

#include "../core/settings.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "cli.h"

/* Bytes beyond the columns a terminal gives s (未设: six bytes, four
 * columns), so that printf's width, in bytes, lines it up. */
static int extra_bytes(const char *s)
{
    int extra = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0xF0) {
            extra += 2; /* four bytes, two columns */
        } else if (*p >= 0xE0) {
            extra++; /* three bytes, two columns (CJK) */
        } else if (*p >= 0xC0) {
            extra++; /* two bytes, one column */
        }
    }
    return extra;
}

int cmd_setting(const struct cmd *self, struct config *cfg, int argc,
                char **argv);

int cmd_setting(const struct cmd *self, struct config *cfg, int argc,
                char **argv)
{
    const char *pos[3];
    int npos;
    int rc = cli_parse(self, argc, argv, NULL, pos, 3, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    bool list = npos == 1 && strcmp(pos[0], "list") == 0;
    bool set = npos == 3 && strcmp(pos[0], "set") == 0;
    if (!list && !set) {
        return cli_usage(self, cli_tr("expected: list, or set KEY VALUE"));
    }
    const struct setting_def *d = set ? setting_find(pos[1]) : NULL;
    int64_t v = 0;
    if (set && !d) {
        return cli_usage(self,
                         cli_tr("no such setting (see: sgz setting list)"));
    }
    /* A day is cleared with "none" (an empty argument is easily lost). */
    const char *text = set && d->date && strcmp(pos[2], "none") == 0 ? ""
                       : set                                        ? pos[2]
                                                                    : NULL;
    if (set && (!*pos[2] || !setting_parse(d, text, &v))) {
        char msg[200];
        if (d->date) {
            snprintf(msg, sizeof msg,
                     cli_tr("%s takes a day as YYYY-MM-DD (from 2000), or "
                            "none"),
                     d->key);
        } else {
            snprintf(msg, sizeof msg,
                     cli_tr("%s takes a whole number from %lld to %lld"),
                     d->key, (long long)d->min, (long long)d->max);
        }
        return cli_usage(self, msg);
    }
    struct cn_date now = cn_date_of(cn_now());
    if (set && !setting_allowed_now(
                   d, v, cn_days_from_civil(now.year, now.month, now.day))) {
        char msg[200];
        snprintf(msg, sizeof msg, cli_tr("%s cannot be later than today"),
                 d->key);
        return cli_usage(self, msg);
    }
    struct db *db;
    if ((rc = cli_open_current(cfg, &db)) != EXIT_OK) {
        return rc;
    }
    if (set) {
        /* Before and after, as a change through the API is logged. */
        struct settings cur;
        int64_t was;
        char before[32], after[32], detail[100];
        int drc = db_begin(db);
        if (drc == DB_OK) {
            drc = settings_load(db, &cur);
        }
        if (drc == DB_OK) {
            memcpy(&was, (const char *)&cur + d->offset, sizeof was);
            setting_json(d, was, before);
            setting_json(d, v, after);
            snprintf(detail, sizeof detail,
                     "{\"before\":%s,\"after\":%s}", before, after);
            drc = settings_store(db, d, v, cn_now());
        }
        if (drc == DB_OK) {
            drc = cli_audit_append(db, "setting.update", "setting", d->key,
                                   detail);
        }
        if (drc == DB_OK) {
            drc = db_commit(db);
        }
        if (drc != DB_OK) {
            cli_error("%s", db_errmsg(db));
            db_rollback(db);
            rc = EXIT_RUNTIME;
        }
    } else {
        struct settings s;
        if (settings_load(db, &s) != DB_OK) {
            cli_error("%s", db_errmsg(db));
            rc = EXIT_RUNTIME;
        }
        bool en = cli_lang() == LANG_EN;
        for (const struct setting_def *k = setting_defs;
             rc == EXIT_OK && k->key; k++) {
            const char *label = en ? k->label_en : k->label;
            int64_t cur;
            memcpy(&cur, (const char *)&s + k->offset, sizeof cur);
            char day[24];
            setting_text(k, cur, day);
            if (k->date) {
                const char *shown = *day ? day : cli_tr("none");
                printf(cli_tr("%-32s %*s  (a day, or none)  %s\n"), k->key,
                       10 + extra_bytes(shown), shown, label);
                continue;
            }
            printf(cli_tr("%-32s %10lld  (%lld–%lld, default %lld)  %s\n"),
                   k->key, (long long)cur, (long long)k->min,
                   (long long)k->max, (long long)k->def, label);
        }
    }
    db_close(db);
    return rc;
}
