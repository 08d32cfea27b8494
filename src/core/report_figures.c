#include "report_figures.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/money_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "../util/strbuf.h"
#include "report_types.h"
#include "stats.h"

/* The query of rep's scope and period, cut by dim (-1: uncut), with the
 * measures that may be cut that way; the scope to run it in. */
static void query_of(const struct report *rep, int dim,
                     struct stats_query *q, struct scope *sc)
{
    memset(q, 0, sizeof *q);
    memset(sc, 0, sizeof *sc);
    report_month_parse(rep->period_from, &q->from_month);
    report_month_parse(rep->period_to, &q->to_month);
    switch (report_scope_of_key(rep->scope_key)) {
    case REPORT_SCOPE_STATION:
        *sc = scope_all;
        q->station_id = rep->station_id;
        break;
    case REPORT_SCOPE_REGION:
        *sc = scope_all;
        q->region = rep->region_code;
        break;
    case REPORT_SCOPE_CONTRACT:
        /* The contract's stations, whether or not it is still in force
         * (a final report is written after the term), within its
         * county. */
        *sc = scope_all;
        q->region = rep->region_code;
        q->contract_id = rep->contract_id;
        break;
    }
    for (int m = 0; m < STATS_MEASURE_COUNT; m++) {
        if (dim < 0 || (stats_measures[m].dims & (1u << dim))) {
            q->measures[q->n_measures++] = m;
        }
    }
    if (dim >= 0) {
        q->by[q->n_by++] = dim;
    }
}

static int write_cut(struct db *db, struct arena *a, struct jsonw *w,
                     const struct report *rep, const char *key, int dim)
{
    struct stats_query q;
    struct scope sc;
    query_of(rep, dim, &q, &sc);
    jsonw_key(w, key);
    if (q.n_measures == 0) {
        jsonw_null(w);
        return DB_OK;
    }
    struct stats_result res;
    int rc = stats_run(db, a, &sc, &q, &res);
    if (rc != DB_OK) {
        return rc;
    }
    stats_result_json(w, &q, &res);
    return DB_OK;
}

static void write_sums(struct jsonw *w, const char *key,
                       const struct money_sum *s, size_t n, int64_t *total)
{
    *total = 0;
    jsonw_key(w, key);
    jsonw_arr_open(w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(w);
        jsonw_kstr(w, "code", s[i].code);
        jsonw_kint(w, "amount_fen", s[i].amount_fen);
        jsonw_obj_close(w);
        *total += s[i].amount_fen;
    }
    jsonw_arr_close(w);
}

/* What /fund_use sums for the contract over the report's months. */
static int write_fund_use(struct db *db, struct arena *a, struct jsonw *w,
                          const struct report *rep)
{
    struct money_filter f = {.contract_id = rep->contract_id};
    int from, to;
    report_month_parse(rep->period_from, &from);
    report_month_parse(rep->period_to, &to);
    struct cn_date last = cn_civil_from_days(
        cn_days_from_civil((to + 1) / 12, (to + 1) % 12 + 1, 1) - 1);
    char first[24], end[16];
    snprintf(first, sizeof first, "%04d-%02d-01", from / 12, from % 12 + 1);
    cn_date_format(last, end);
    f.from = first;
    f.to = end;
    struct money_sum *in, *out;
    size_t n_in, n_out;
    int rc = money_store_sum_allocations(db, a, &scope_all, &f, &in, &n_in);
    if (rc == DB_OK) {
        rc = money_store_sum_expenditures(db, a, &scope_all, &f, &out,
                                          &n_out);
    }
    if (rc != DB_OK) {
        return rc;
    }
    int64_t t_in, t_out;
    jsonw_key(w, "fund_use");
    jsonw_obj_open(w);
    jsonw_kstr(w, "from", first);
    jsonw_kstr(w, "to", end);
    write_sums(w, "by_source", in, n_in, &t_in);
    write_sums(w, "by_category", out, n_out, &t_out);
    jsonw_kint(w, "allocated_fen", t_in);
    jsonw_kint(w, "spent_fen", t_out);
    jsonw_kint(w, "balance_fen", t_in - t_out);
    jsonw_obj_close(w);
    return DB_OK;
}

int report_figures_compute(struct db *db, struct arena *a,
                           const struct report *rep, int64_t now,
                           const char **json)
{
    const bool have_stats = true; /* "available": the report's shape */
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    char at[40];
    cn_iso8601(now, at);
    jsonw_kstr(&d.w, "computed_at", at);
    jsonw_kbool(&d.w, "available", have_stats);
    jsonw_key(&d.w, "unavailable");
    jsonw_arr_open(&d.w);
    for (int m = 0; have_stats && m < STATS_MEASURE_COUNT; m++) {
        if (!stats_measures[m].available) {
            jsonw_str(&d.w, stats_measures[m].code);
        }
    }
    jsonw_arr_close(&d.w);
    int rc = DB_OK;
    if (have_stats) {
        bool months = strcmp(rep->period_from, rep->period_to) != 0;
        rc = write_cut(db, a, &d.w, rep, "total", -1);
        if (rc == DB_OK) {
            rc = write_cut(db, a, &d.w, rep, "by_type", STATS_BY_TYPE);
        }
        if (rc == DB_OK) {
            rc = write_cut(db, a, &d.w, rep, "by_area", STATS_BY_AREA);
        }
        if (rc == DB_OK) {
            rc = write_cut(db, a, &d.w, rep, "by_category", STATS_BY_CATEGORY);
        }
        if (rc == DB_OK && months) {
            rc = write_cut(db, a, &d.w, rep, "by_month", STATS_BY_MONTH);
        }
    }
    if (rc == DB_OK && strcmp(rep->type, "fund_use") == 0) {
        rc = write_fund_use(db, a, &d.w, rep);
    }
    const char *out = jsonw_doc_close(&d, a);
    if (rc == DB_OK) {
        *json = out;
    }
    return rc;
}

/* "YYYY-MM" into a month of stats_query; false when it is not one. */
static bool cut_month(json_t *cut, const char *key, int *out)
{
    int y, m;
    const char *s = json_string_value(json_object_get(cut, key));
    if (!s || sscanf(s, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12) {
        return false;
    }
    *out = y * 12 + m - 1;
    return true;
}

static void localise_measures(json_t *cut, enum lang lang)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(cut, "measures"), i, m) {
        const struct stats_measure_info *info =
            stats_measure_of(json_string_value(json_object_get(m, "code")));
        if (info) {
            json_object_set_new(m, "label",
                                json_string(stats_measure_label(info, lang)));
            json_object_set_new(m, "unit",
                                json_string(stats_measure_unit(info, lang)));
        }
    }
}

/* Relabels the rows of one stats result (stats_result_json's shape). */
static void localise_cut(struct db *db, struct arena *a, json_t *cut,
                         enum lang lang)
{
    if (!json_is_object(cut)) {
        return;
    }
    localise_measures(cut, lang);
    int from, to;
    if (!cut_month(cut, "from", &from) || !cut_month(cut, "to", &to)) {
        return;
    }
    size_t k, i;
    json_t *by, *row;
    json_array_foreach(json_object_get(cut, "by"), k, by) {
        const char *code = json_string_value(by);
        int dim = stats_dim_of(code);
        if (dim < 0 || dim == STATS_BY_STATION || dim == STATS_BY_TOWNSHIP ||
            dim == STATS_BY_COUNTY) {
            continue; /* places are named, not translated */
        }
        char lk[40];
        snprintf(lk, sizeof lk, "%s_label", code);
        json_array_foreach(json_object_get(cut, "rows"), i, row) {
            const char *key = json_string_value(json_object_get(row, code));
            if (key && *key) {
                json_object_set_new(
                    row, lk,
                    json_string(stats_key_label(db, a, dim, key, from, to,
                                                lang)));
            }
        }
    }
}

const char *report_figures_localise(struct db *db, struct arena *a,
                                    const char *json, enum lang lang)
{
    if (lang != LANG_EN || !json) {
        return json;
    }
    json_t *fig = json_loads(json, 0, NULL);
    if (!json_is_object(fig)) {
        json_decref(fig);
        return json;
    }
    static const char *const cuts[] = {"total", "by_type", "by_area",
                                       "by_category", "by_month"};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        localise_cut(db, a, json_object_get(fig, cuts[i]), lang);
    }
    char *text = json_dumps(fig, JSON_COMPACT);
    json_decref(fig);
    const char *out = text ? arena_strdup(a, text) : json;
    free(text);
    return out;
}
