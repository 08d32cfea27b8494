/* GET /api/v1/stats: the figures of DESIGN.md §7 for the caller's range,
 * cut and filtered as asked; the dashboard and the reports read the same
 * function (core/stats.c). */
#include <string.h>

#include "../core/dictionary.h"
#include "../core/region_code.h"
#include "../core/stats.h"
#include "../store/dictionary_store.h"
#include "../store/station_store.h"
#include "api.h"

/* A filter that must name an item of a dictionary kind; NULL when the
 * parameter is absent. False (replied) when it names none. */
static bool query_item(struct req *r, const char *name, const char *kind,
                       const char *label, const char **out)
{
    *out = req_query(r, name);
    if (!*out || !**out) {
        *out = NULL;
        return true;
    }
    struct dictionary_item it;
    bool known =
        strcmp(kind, "service_type") == 0
            ? dictionary_fixed_has(kind, *out)
            : dictionary_store_get(r->db, r->arena, kind, *out, &it) == DB_ROW;
    if (!known) {
        reply_error(r, 400, MSG_STATS_UNKNOWN, name, label, name);
        return false;
    }
    return true;
}

static const char *field_label(const char *field)
{
    static const char *const labels[][2] = {
        {"measures", "统计指标"},
        {"by", "分组维度"},
        {"from", "开始月份"},
        {"to", "结束月份"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        if (strcmp(labels[i][0], field) == 0) {
            return labels[i][1];
        }
    }
    return field;
}

void api_stats(struct req *r)
{
    struct stats_query q;
    memset(&q, 0, sizeof q);
    const char *region = req_query(r, "region");
    if (region && *region) {
        if (region_level_of(region) == LEVEL_NONE) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "region", "region",
                        "region");
            return;
        }
        /* As the dashboard: a division that is not, or that the range
         * does not cover whole (its figures would read as the whole
         * division's), is not found. */
        const char *name;
        if (!api_region_in_range(r, region, &name)) {
            return;
        }
        q.region = region;
    }
    if (!req_query_id(r, "station_id", &q.station_id)) {
        return;
    }
    if (q.station_id) {
        struct station st;
        int rc = station_store_get_plain(r->db, r->arena, r->scope,
                                         q.station_id, &st);
        if (rc == DB_DONE) {
            reply_error(r, 404, MSG_NOT_FOUND, "station_id", "站点",
                        "station");
            return;
        }
        if (rc != DB_ROW) {
            api_db_error(r, rc, "station");
            return;
        }
    }
    if (
        !query_item(r, "category", "client_category", "服务对象类别",
                    &q.category) ||
        !query_item(r, "area", "service_area", "服务领域", &q.area) ||
        !query_item(r, "type", "service_type", "服务类型", &q.type)) {
        return;
    }
    const char *why;
    const char *field =
        stats_query_parse(&q, req_query(r, "measures"), req_query(r, "by"),
                          req_query(r, "from"), req_query(r, "to"), &why);
    if (field) {
        enum msg_id msg = stats_query_problem(why, field);
        if (msg == MSG_STATS_CUT || msg == MSG_STATS_PEOPLE_CUT) {
            /* Which of the measures asked for cannot be cut so. */
            const struct stats_measure_info *m = &stats_measures[q.cut_measure];
            reply_error(r, 400, msg, field,
                        arena_printf(r->arena, "统计指标“%s”", m->label),
                        arena_printf(r->arena, "The measure \"%s\"", m->label_en));
            return;
        }
        reply_error(r, 400, msg, field,
                    msg == MSG_BAD_QUERY_PARAM ? field : field_label(field),
                    field);
        return;
    }
    q.lang = r->lang;
    struct stats_result res;
    int rc = stats_run(r->db, r->arena, r->scope, &q, &res);
    if (rc != DB_OK) {
        api_db_error(r, rc, "stats");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    stats_result_json(&w, &q, &res);
    reply_json(r, 200, &sb);
}
