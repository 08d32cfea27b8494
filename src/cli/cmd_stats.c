/* sgz stats: the figures of GET /api/v1/stats for the whole deployment,
 * as JSON; --check recomputes them from the records and compares, which
 * is how a summary that drifted from its records would be found. */
#include <stdio.h>
#include <string.h>

#include "../core/region_code.h"
#include "../core/stats.h"
#include "../util/strbuf.h"
#include "cli.h"

int cmd_stats(const struct cmd *self, struct config *cfg, int argc,
              char **argv);

/* Rows and totals of two results, value by value; prints what differs. */
static int compare(const struct stats_query *q, const struct stats_result *a,
                   const struct stats_result *b)
{
    int bad = 0;
    if (a->n_rows != b->n_rows) {
        printf(cli_tr("rows: %zu from the summaries, %zu from the records\n"),
               a->n_rows, b->n_rows);
        return 1;
    }
    for (size_t i = 0; i <= a->n_rows; i++) {
        const struct stats_row *x = i < a->n_rows ? &a->rows[i] : &a->total;
        const struct stats_row *y = i < a->n_rows ? &b->rows[i] : &b->total;
        for (size_t k = 0; i < a->n_rows && k < q->n_by; k++) {
            if (strcmp(x->key[k], y->key[k]) != 0) {
                printf(cli_tr("row %zu: key %s against %s\n"), i, x->key[k],
                       y->key[k]);
                bad++;
            }
        }
        for (size_t m = 0; m < q->n_measures; m++) {
            if (x->value[m] != y->value[m]) {
                printf(cli_tr("%s %s: %lld from the summaries, %lld from the "
                              "records\n"),
                       i < a->n_rows ? x->key[0] : "total",
                       stats_measures[q->measures[m]].code,
                       (long long)x->value[m], (long long)y->value[m]);
                bad++;
            }
        }
    }
    return bad;
}

int cmd_stats(const struct cmd *self, struct config *cfg, int argc,
              char **argv)
{
    const char *from = NULL, *to = NULL, *by = NULL, *measures = NULL,
               *region = NULL;
    bool check = false;
    const struct cli_opt opts[] = {
        {"from", &from, NULL},     {"to", &to, NULL},
        {"by", &by, NULL},         {"measures", &measures, NULL},
        {"region", &region, NULL}, {"check", NULL, &check},
        {NULL, NULL, NULL},
    };
    int npos;
    int rc = cli_parse(self, argc, argv, opts, NULL, 0, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    struct stats_query q;
    memset(&q, 0, sizeof q);
    if (region && region_level_of(region) == LEVEL_NONE) {
        return cli_usage(self,
                         cli_tr("--region: a division code (2, 4, 6, 9 or "
                                "12 digits)"));
    }
    q.region = region;
    const char *why;
    const char *field = stats_query_parse(&q, measures, by, from, to, &why);
    if (field) {
        char name[64], problem[300];
        if (strcmp(why, "cut") == 0 || strcmp(why, "people_cut") == 0) {
            snprintf(name, sizeof name, "--measures %s",
                     stats_measures[q.cut_measure].code);
        } else {
            snprintf(name, sizeof name, "--%s", field);
        }
        msg_format(stats_query_problem(why, field), cli_lang(), name, problem,
                   sizeof problem);
        return cli_usage(self, problem);
    }
    /* Labels and units in the reader's language, as the API gives them
     * by Accept-Language. */
    q.lang = cli_lang();
    struct db *db;
    if ((rc = cli_open_current(cfg, &db)) != EXIT_OK) {
        return rc;
    }
    if ((rc = cli_sync_stats(db, false)) != EXIT_OK) {
        db_close(db);
        return rc;
    }
    struct arena *a = arena_new(256 * 1024);
    struct stats_result res, again;
    if (stats_run(db, a, &scope_all, &q, &res) != DB_OK ||
        (check && stats_recompute(db, a, &scope_all, &q, &again) != DB_OK)) {
        cli_error("%s", db_errmsg(db));
        rc = EXIT_RUNTIME;
    } else if (check) {
        int bad = compare(&q, &res, &again);
        printf(bad == 1 ? cli_tr("%s: %zu rows, %d difference\n")
                        : cli_tr("%s: %zu rows, %d differences\n"),
               bad ? cli_tr("MISMATCH") : cli_tr("ok"), res.n_rows, bad);
        rc = bad ? EXIT_RUNTIME : EXIT_OK;
    } else {
        struct strbuf sb;
        struct jsonw w;
        strbuf_init(&sb);
        jsonw_init(&w, &sb);
        stats_result_json(&w, &q, &res);
        printf("%s\n", sb.buf);
        strbuf_free(&sb);
    }
    arena_free(a);
    db_close(db);
    return rc;
}
