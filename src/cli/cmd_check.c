/* sgz check: the compliance engine's findings, as GET /api/v1/compliance
 * gives them, for the whole deployment. */
#include <stdio.h>

#include "../core/compliance.h"
#include "../core/settings.h"
#include "../util/cn_time.h"
#include "cli.h"

int cmd_check(const struct cmd *self, struct config *cfg, int argc,
              char **argv);

int cmd_check(const struct cmd *self, struct config *cfg, int argc,
              char **argv)
{
    int npos;
    int rc = cli_parse(self, argc, argv, NULL, NULL, 0, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    struct db *db;
    if ((rc = cli_open_current(cfg, &db)) != EXIT_OK) {
        return rc;
    }
    struct profile *p = cli_active_profile(db);
    if (!p) {
        cli_error(cli_tr("no active profile (sgz profile use NAME)"));
        db_close(db);
        return EXIT_RUNTIME;
    }
    struct settings set;
    if (settings_load(db, &set) != DB_OK) {
        cli_error("%s", db_errmsg(db));
        profile_free(p);
        db_close(db);
        return EXIT_RUNTIME;
    }
    struct arena *a = arena_new(256 * 1024);
    char today[11];
    cn_date_format(cn_date_of(cn_now()), today);
    struct compliance_ctx c = {.db = db,
                               .arena = a,
                               .scope = &scope_all,
                               .profile = p,
                               .today = today,
                               .voucher_days = set.voucher_days,
                               .reports_owed_from = set.reports_owed_from};
    struct compliance_report rep;
    if (compliance_run(&c, &rep) != DB_OK) {
        cli_error("%s", db_errmsg(db));
        rc = EXIT_RUNTIME;
    } else {
        /* In the reader's language, as the compliance page gives it. */
        bool en = cli_lang() == LANG_EN;
        printf("profile %s, %s\n", p->name, today);
        for (size_t i = 0; i < rep.n_rules; i++) {
            const struct rule_state *s = &rep.rules[i];
            if (s->enabled) {
                printf("  %-30s on: %zu finding%s\n", s->code, s->findings,
                       s->findings == 1 ? "" : "s");
            } else {
                printf("  %-30s off: %s\n", s->code,
                       en ? s->off_reason_en : s->off_reason);
            }
        }
        for (size_t i = 0; i < rep.n_findings; i++) {
            const struct finding *f = &rep.findings[i];
            printf("%-9s %-30s %s %lld %s: %s\n", severity_code(f->severity),
                   f->rule, f->entity, (long long)f->entity_id,
                   en && f->entity_name_en ? f->entity_name_en
                                           : f->entity_name,
                   en ? f->message_en : f->message);
        }
        printf("%zu findings\n", rep.n_findings);
    }
    arena_free(a);
    profile_free(p);
    db_close(db);
    return rc;
}
