/* /api/v1/dashboard: a station's period at a glance (station_id) or a
 * region's (region: the bureau's county or a township), see
 * core/dashboard.h. The period is whole months, from and to as the
 * statistics API takes them (default: this month for a station), or a
 * year for a region (default: this year). */
#include <string.h>

#include "../core/dashboard.h"
#include "../core/region_code.h"
#include "../store/region_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"

/* Parses the period into *from, *to (months of stats_query); replies
 * 400 naming the field and returns false when it is bad. */
static bool period(struct req *r, bool region, int *from, int *to)
{
    const char *f = req_query(r, "from"), *t = req_query(r, "to");
    const char *y = req_query(r, "year");
    bool has_f = f && *f, has_t = t && *t, has_y = y && *y;
    struct cn_date today = cn_date_of(cn_now());
    if (has_y) {
        int64_t year;
        if (!region || has_f || has_t ||
            !parse_int64(y, 2000, 2100, &year)) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "year", "year",
                        "year");
            return false;
        }
        *from = (int)year * 12;
        *to = (int)year * 12 + 11;
        return true;
    }
    if (!has_f && !has_t) {
        *from = today.year * 12 + (region ? 0 : today.month - 1);
        *to = today.year * 12 + (region ? 11 : today.month - 1);
        return true;
    }
    /* One end alone: a single month. The statistics' own parser, so
     * that a period means and fails the same here as in /stats. */
    struct stats_query q;
    memset(&q, 0, sizeof q);
    const char *why = NULL;
    const char *bad = stats_query_parse(&q, "records", NULL, has_f ? f : NULL,
                                        has_t ? t : NULL, &why);
    if (bad) {
        bool inverted = why && strcmp(why, "inverted") == 0;
        bool range = why && strcmp(why, "range") == 0;
        const char *field = inverted || range ? "to" : has_f ? "from" : "to";
        if (strcmp(bad, "from") == 0 || strcmp(bad, "to") == 0) {
            field = has_f && has_t ? bad : field;
        }
        bool is_to = strcmp(field, "to") == 0;
        reply_error(r, 400,
                    inverted ? MSG_STATS_INVERTED
                    : range  ? MSG_STATS_RANGE
                             : stats_query_problem("format", field),
                    field, is_to ? "结束月份" : "开始月份",
                    is_to ? "to" : "from");
        return false;
    }
    *from = q.from_month;
    *to = q.to_month;
    return true;
}

/* {"measures":[{code,label,unit,available}],"total":{…},"rows":[{key,
 * label,<measure>: value or null}]}: a stats result, compact. */
static void write_values(struct jsonw *w, const struct stats_query *q,
                         const struct stats_row *row)
{
    for (size_t i = 0; i < q->n_measures; i++) {
        jsonw_key(w, stats_measures[q->measures[i]].code);
        if (row->available[i]) {
            jsonw_int(w, row->value[i]);
        } else {
            jsonw_null(w);
        }
    }
}

static void write_figures(struct req *r, struct jsonw *w, const char *key,
                          const struct dashboard_figures *f, bool shown)
{
    jsonw_key(w, key);
    if (!shown) {
        jsonw_null(w);
        return;
    }
    jsonw_obj_open(w);
    jsonw_key(w, "measures");
    jsonw_arr_open(w);
    for (size_t i = 0; i < f->q.n_measures; i++) {
        const struct stats_measure_info *m = &stats_measures[f->q.measures[i]];
        jsonw_obj_open(w);
        jsonw_kstr(w, "code", m->code);
        jsonw_kstr(w, "label", stats_measure_label(m, r->lang));
        jsonw_kstr(w, "unit", stats_measure_unit(m, r->lang));
        jsonw_kbool(w, "available", m->available);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_key(w, "total");
    jsonw_obj_open(w);
    write_values(w, &f->q, &f->r.total);
    jsonw_obj_close(w);
    jsonw_key(w, "rows");
    jsonw_arr_open(w);
    for (size_t i = 0; f->q.n_by && i < f->r.n_rows; i++) {
        const struct stats_row *row = &f->r.rows[i];
        jsonw_obj_open(w);
        jsonw_kstr(w, "key", row->key[0]);
        jsonw_kstr(w, "label", row->label[0]);
        write_values(w, &f->q, row);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_obj_close(w);
}

static void write_cases(struct jsonw *w, const struct dashboard *d)
{
    jsonw_key(w, "open_cases");
    if (!d->shown[DASH_CASES]) {
        jsonw_null(w);
        return;
    }
    jsonw_obj_open(w);
    for (int i = 0; i < DASHBOARD_OPEN_STAGES; i++) {
        jsonw_kint(w, dashboard_open_stages[i], d->open_cases[i]);
    }
    jsonw_obj_close(w);
}

static void write_staff(struct jsonw *w, const struct dashboard *d)
{
    jsonw_key(w, "staff");
    if (!d->shown[DASH_STAFF]) {
        jsonw_null(w);
        return;
    }
    jsonw_obj_open(w);
    jsonw_kint(w, "active", d->staff_active);
    jsonw_kint(w, "unassigned", d->staff_unassigned);
    jsonw_key(w, "certificate");
    jsonw_obj_open(w);
    for (int i = 0; i < DASH_CERT_LEVELS; i++) {
        jsonw_kint(w, dashboard_cert_levels[i], d->staff_cert[i]);
    }
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

static void write_payments(struct jsonw *w, const struct dashboard *d)
{
    jsonw_key(w, "payments");
    if (!d->shown[DASH_PAYMENTS]) {
        jsonw_null(w);
        return;
    }
    jsonw_obj_open(w);
    jsonw_kint(w, "contracts", d->contracts);
    jsonw_key(w, "states");
    jsonw_obj_open(w);
    for (int i = 0; i < DASH_PAY_STATES; i++) {
        jsonw_key(w, dashboard_pay_states[i]);
        jsonw_obj_open(w);
        jsonw_kint(w, "count", d->pay_n[i]);
        jsonw_kint(w, "amount_fen", d->pay_fen[i]);
        jsonw_obj_close(w);
    }
    jsonw_obj_close(w);
    jsonw_key(w, "overdue");
    jsonw_obj_open(w);
    jsonw_kint(w, "count", d->overdue_n);
    jsonw_kint(w, "amount_fen", d->overdue_fen);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

/* The region's stations (at most 200), so that a township's figure can
 * link to its station's records. */
static void write_stations(struct req *r, struct jsonw *w,
                           const struct scope *sc, const char *region)
{
    struct station_filter f = {.region_prefix = region, .limit = 200};
    struct station *items;
    size_t n = 0;
    int64_t total;
    if (station_store_list(r->db, r->arena, sc, &f, &items, &n, &total) !=
        DB_OK) {
        n = 0; /* only the links suffer */
    }
    jsonw_key(w, "stations");
    jsonw_arr_open(w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(w);
        jsonw_kint(w, "id", items[i].id);
        jsonw_kstr(w, "name", items[i].name);
        jsonw_kstr(w, "region_code", items[i].region_code);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
}

static void reply_dashboard(struct req *r, const struct dashboard *d,
                            const struct scope *sc, const char *today,
                            const char *region_name)
{
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "kind", d->region ? "region" : "station");
    if (d->region) {
        jsonw_key(&w, "region");
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "code", d->region);
        jsonw_kstr(&w, "name", region_name);
        jsonw_kstr(&w, "ranked_by",
                   strlen(d->region) <= 6 ? "township" : "station");
        jsonw_obj_close(&w);
        write_stations(r, &w, sc, d->region);
    } else {
        jsonw_key(&w, "station");
        jsonw_obj_open(&w);
        jsonw_kint(&w, "id", d->station.id);
        jsonw_kstr(&w, "name", d->station.name);
        jsonw_kstr(&w, "region_code", d->station.region_code);
        jsonw_kstr(&w, "region_name", d->station.region_name);
        jsonw_obj_close(&w);
    }
    jsonw_kstr(&w, "from", stats_month_text(r->arena, d->from_month));
    jsonw_kstr(&w, "to", stats_month_text(r->arena, d->to_month));
    jsonw_kstr(&w, "today", today);
    bool s = d->shown[DASH_SERVICES];
    write_figures(r, &w, "services", &d->total, s);
    if (d->region) {
        write_figures(r, &w, "by_month", &d->by_month, s);
        write_figures(r, &w, "ranking", &d->ranking, s);
    } else {
        write_figures(r, &w, "by_type", &d->by_type, s);
        write_figures(r, &w, "by_category", &d->by_cat, s);
    }
    write_cases(&w, d);
    jsonw_key(&w, "tasks");
    if (d->shown[DASH_TASKS]) {
        jsonw_obj_open(&w);
        jsonw_kint(&w, "overdue", d->tasks.overdue);
        jsonw_kint(&w, "week", d->tasks.week);
        jsonw_kint(&w, "all", d->tasks.all);
        jsonw_obj_close(&w);
    } else {
        jsonw_null(&w);
    }
    write_staff(&w, d);
    write_payments(&w, d);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_dashboard(struct req *r)
{
    const struct profile *p = api_profile(r);
    if (!p) {
        return;
    }
    int64_t station_id = 0;
    if (!req_query_id(r, "station_id", &station_id)) {
        return;
    }
    const char *region = req_query(r, "region");
    if (region && !*region) {
        region = NULL;
    }
    if (!station_id && !region) {
        reply_error(r, 400, MSG_REQUIRED, "station_id", "站点或行政区划",
                    "station_id or region");
        return;
    }
    if (station_id && region) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "region", "region",
                    "region");
        return;
    }
    int from, to;
    if (!period(r, region != NULL, &from, &to)) {
        return;
    }
    struct scope narrowed;
    const char *region_name = NULL;
    if (region && !api_region_scope(r, region, &narrowed, &region_name)) {
        return;
    }
    struct cn_date t = cn_date_of(cn_now());
    int64_t today_n = cn_days_from_civil(t.year, t.month, t.day);
    char *today = arena_alloc(r->arena, 11);
    char *week_end = arena_alloc(r->arena, 11);
    cn_date_format(t, today);
    cn_date_format(cn_civil_from_days(today_n + 7), week_end);
    struct dashboard_ctx c = {.db = r->db,
                              .arena = r->arena,
                              .scope = region ? &narrowed : r->scope,
                              .profile = p,
                              .today = today,
                              .week_end = week_end,
                              .lang = r->lang};
    for (int i = 0; i < DASH_PART_COUNT; i++) {
        c.may[i] = api_can(r, dashboard_part_permission[i]);
    }
    struct dashboard d;
    int rc = region ? dashboard_region(&c, region, from, to, &d)
                    : dashboard_station(&c, station_id, from, to, &d);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, "station_id", "站点", "station");
        return;
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "dashboard");
        return;
    }
    reply_dashboard(r, &d, c.scope, today, region_name);
}
