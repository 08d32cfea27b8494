/* POST /api/v1/service_exports: the service ledger (服务记录台账) as .xlsx
 * or CSV, the rows the service list gives for the same filter, in its
 * order, with the chosen columns. A ledger names the clients served, so
 * every export leaves an audit row (what, how many, which filter), as
 * the client register's does. */
#include <string.h>

#include "../core/dictionary.h"
#include "../store/dictionary_store.h"
#include "../store/service_store.h"
#include "../util/cn_time.h"
#include "api_export.h"
#include "../util/yuan.h"

/* The columns an export may hold, in their order in the file. */
enum col {
    COL_ID, COL_DAY, COL_TIME, COL_TYPE, COL_MINUTES, COL_STATION, COL_CLIENTS,
    COL_EXTRA, COL_WORKERS, COL_AREA, COL_PLACE, COL_TITLE, COL_CONTENT,
    COL_OUTCOME, COL_SATISFACTION, COL_PURPOSE, COL_INCOME, COL_RESOURCE,
    COL_RESOURCE_VALUE, COL_RESOURCE_SOURCE, COL_PARTNERS, COL_CASE,
    COL_GROUP, COL_RECORDED, COL_COUNT
};

/* Minutes, attendees and yuan are numbers in an .xlsx, so that a
 * spreadsheet adds them up. */
static const struct export_col cols[COL_COUNT] = {
    [COL_ID] = {"id", "记录编号", "Record", 9, false},
    [COL_DAY] = {"service_day", "服务日期", "Date", 12, false},
    [COL_TIME] = {"time", "起止时间", "Time", 13, false},
    [COL_TYPE] = {"type", "服务类型", "Type", 10, false},
    [COL_MINUTES] = {"minutes", "时长(分钟)", "Minutes", 9, true},
    [COL_STATION] = {"station", "所属站点", "Station", 28, false},
    [COL_CLIENTS] = {"clients", "服务对象", "Clients", 24, false},
    [COL_EXTRA] = {"extra_attendees", "其他参与人数", "Other attendees", 10,
                   true},
    [COL_WORKERS] = {"workers", "服务社工", "Workers", 14, false},
    [COL_AREA] = {"area", "服务领域", "Area", 14, false},
    [COL_PLACE] = {"place", "服务地点", "Place", 16, false},
    [COL_TITLE] = {"title", "主题", "Title", 20, false},
    [COL_CONTENT] = {"content", "服务内容", "Content", 40, false},
    [COL_OUTCOME] = {"outcome", "服务成效", "Outcome", 30, false},
    [COL_SATISFACTION] = {"satisfaction", "满意度", "Satisfaction", 9, false},
    [COL_PURPOSE] = {"visit_purpose", "走访目的", "Visit purpose", 12, false},
    [COL_INCOME] = {"per_capita_income", "家庭人均月收入(元)",
                    "Income per head a month (yuan)", 12, true},
    [COL_RESOURCE] = {"resource_kind", "链接资源类型", "Resource kind", 10,
                      false},
    [COL_RESOURCE_VALUE] = {"resource_value", "资源价值(元)",
                            "Resource value (yuan)", 12, true},
    [COL_RESOURCE_SOURCE] = {"resource_source", "资源来源", "Resource source",
                             16, false},
    [COL_PARTNERS] = {"partners", "合作单位", "Partners", 16, false},
    [COL_CASE] = {"case_id", "个案编号", "Case", 8, false},
    [COL_GROUP] = {"group_id", "小组编号", "Group", 8, false},
    [COL_RECORDED] = {"created_at", "登记时间", "Recorded", 17, false},
};

_Static_assert(COL_COUNT <= EXPORT_COLS_MAX, "api_export holds every column");

static bool is_column(const char *s)
{
    return api_export_has_column(cols, COL_COUNT, s);
}
static bool is_type(const char *s)
{
    return dictionary_fixed_has("service_type", s);
}

static const struct schema column_schema[] = {
    {.label_zh = "导出列", .label_en = "column", .type = S_STRING, .min = 1,
     .max = 20, .check = is_column, .check_msg = MSG_BAD_ENUM},
};

static const struct schema export_fields[] = {
    {.name = "format", .label_zh = "文件格式", .label_en = "format",
     .type = S_STRING, .required = true, .max = 4,
     .check = api_export_format_ok,
     .check_msg = MSG_BAD_ENUM},
    {.name = "columns", .label_zh = "导出列", .label_en = "columns",
     .type = S_ARRAY, .min = 1, .max = COL_COUNT, .fields = column_schema},
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .min = 1},
    {.name = "client_id", .label_zh = "服务对象", .label_en = "client_id",
     .type = S_INT, .min = 1},
    {.name = "worker_id", .label_zh = "服务社工", .label_en = "worker_id",
     .type = S_INT, .min = 1},
    {.name = "case_id", .label_zh = "个案", .label_en = "case_id",
     .type = S_INT, .min = 1},
    {.name = "group_id", .label_zh = "小组", .label_en = "group_id",
     .type = S_INT, .min = 1},
    {.name = "type", .label_zh = "服务类型", .label_en = "type",
     .type = S_STRING, .max = 40, .check = is_type,
     .check_msg = MSG_BAD_ENUM},
    {.name = "area", .label_zh = "服务领域", .label_en = "area",
     .type = S_STRING, .max = 40},
    {.name = "from", .label_zh = "开始日期", .label_en = "from",
     .type = S_DATE},
    {.name = "to", .label_zh = "结束日期", .label_en = "to", .type = S_DATE},
    {0},
};
const struct schema api_service_export_schema = {.type = S_OBJECT,
                                                 .fields = export_fields};

/* An instant's Beijing wall-clock time, "HH:MM". */
static const char *clock_of(struct arena *a, int64_t t)
{
    char iso[32];
    cn_iso8601(t, iso);
    return arena_strndup(a, iso + 11, 5); /* YYYY-MM-DDTHH:MM:SS+08:00 */
}

struct export_rows {
    enum lang lang;
    struct dictionary_item *areas;
    size_t n_areas;
    struct api_export out;
};

static const char *cell(void *ctx, struct arena *a, const void *item,
                        size_t col)
{
    const struct export_rows *x = ctx;
    const struct service *v = item;
    switch ((enum col)col) {
    case COL_ID: return arena_printf(a, "%lld", (long long)v->id);
    case COL_DAY: return v->service_day;
    case COL_TIME:
        return arena_printf(a, "%s–%s", clock_of(a, v->started_at),
                            clock_of(a, v->ended_at));
    case COL_TYPE:
        return api_export_label(x->lang, "service_type", v->type);
    case COL_MINUTES: return arena_printf(a, "%lld", (long long)v->minutes);
    case COL_STATION: return v->station_name;
    case COL_CLIENTS: return api_export_names(a, v->clients, v->n_clients,
                                                  x->out.names_masked);
    case COL_EXTRA:
        return v->extra_attendees
                   ? arena_printf(a, "%lld", (long long)v->extra_attendees)
                   : "";
    case COL_WORKERS: return api_export_names(a, v->workers, v->n_workers, false);
    case COL_AREA:
        return api_export_item_label(x->lang, x->areas, x->n_areas, v->area);
    case COL_PLACE: return v->place;
    case COL_TITLE: return v->title;
    case COL_CONTENT: return v->content;
    case COL_OUTCOME: return v->outcome;
    case COL_SATISFACTION:
        return api_export_label(x->lang, "satisfaction", v->satisfaction);
    case COL_PURPOSE:
        return api_export_label(x->lang, "visit_purpose", v->visit_purpose);
    case COL_INCOME:
        return v->has_income ? yuan_text(a, v->per_capita_income) : "";
    case COL_RESOURCE:
        return api_export_label(x->lang, "resource_kind", v->resource_kind);
    case COL_RESOURCE_VALUE:
        return *v->resource_kind ? yuan_text(a, v->resource_value) : "";
    case COL_RESOURCE_SOURCE: return v->resource_source;
    case COL_PARTNERS: return v->partners;
    case COL_CASE:
        return v->case_id ? arena_printf(a, "%lld", (long long)v->case_id)
                          : "";
    case COL_GROUP:
        return v->group_id ? arena_printf(a, "%lld", (long long)v->group_id)
                           : "";
    case COL_RECORDED: {
        char iso[32];
        cn_iso8601(v->created_at, iso);
        return arena_printf(a, "%.10s %.5s", iso, iso + 11);
    }
    case COL_COUNT: break;
    }
    return "";
}

static bool add_row(void *ctx, const struct service *v)
{
    return api_export_item(&((struct export_rows *)ctx)->out, v);
}

/* A day of the body as the instant it starts (Beijing), or the next
 * day's start when next_day (an inclusive end); 0 when absent. */
static int64_t body_day(struct req *r, const char *name, bool next_day)
{
    const char *v = api_body_str(r, name);
    int64_t t = 0;
    return v && cn_day_start(v, next_day, &t) ? t : 0;
}

/* The audit row's detail: the file, its size, and the filter. */
static const char *audit_detail(struct req *r, const struct api_export *x)
{
    static const char *const filters[] = {
        "station_id", "client_id", "worker_id", "case_id", "group_id",
        "type",       "area",      "from",      "to",
    };
    struct strbuf d;
    struct jsonw w;
    api_export_detail_begin(x, &d, &w);
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        json_t *v = json_object_get(r->json, filters[i]);
        if (json_is_integer(v)) {
            jsonw_kint(&w, filters[i], json_integer_value(v));
        } else if (json_is_string(v)) {
            jsonw_kstr(&w, filters[i], json_string_value(v));
        }
    }
    return api_export_detail_end(r, x, &d, &w);
}

/* The filter in words, for the line under the title (the period is in
 * the title itself): NULL when none, false after replying to a store
 * failure. */
static bool filter_text(struct req *r, const struct service_filter *sf,
                        const struct export_rows *x, struct export_filter *f,
                        const char **out)
{
    api_export_filter_init(f, r);
    if (!api_export_filter_station(f, sf->station_id) ||
        !api_export_filter_client(f, sf->client_id) ||
        !api_export_filter_user(f, "服务社工", "Worker", sf->worker_id) ||
        !api_export_filter_case(f, sf->case_id) ||
        !api_export_filter_group(f, sf->group_id)) {
        return false;
    }
    api_export_filter_add(
        f, "服务类型", "Type",
        sf->type ? api_export_label(r->lang, "service_type", sf->type) : NULL);
    api_export_filter_add(
        f, "服务领域", "Area",
        sf->area
            ? api_export_item_label(r->lang, x->areas, x->n_areas, sf->area)
            : NULL);
    *out = api_export_filter_end(f);
    return true;
}

void api_service_exports_create(struct req *r)
{
    const char *from = api_body_str(r, "from");
    const char *to = api_body_str(r, "to");
    if (from && to && strcmp(to, from) < 0) {
        reply_error(r, 400, MSG_DATE_ORDER, "to", "结束日期", "to");
        return;
    }
    /* The same filter as the list the user is looking at. */
    struct service_filter f;
    memset(&f, 0, sizeof f);
    f.station_id = api_body_int(r, "station_id");
    f.client_id = api_body_int(r, "client_id");
    f.worker_id = api_body_int(r, "worker_id");
    f.case_id = api_body_int(r, "case_id");
    f.group_id = api_body_int(r, "group_id");
    f.type = api_body_str(r, "type");
    f.area = api_body_str(r, "area");
    if (!api_body_code(r, "area", "service_area", "服务领域", f.area)) {
        return;
    }
    f.from = body_day(r, "from", false);
    f.to = body_day(r, "to", true);

    struct export_rows x = {.lang = r->lang};
    int rc = dictionary_store_list(r->db, r->arena, "service_area", &x.areas,
                                   &x.n_areas);
    if (rc != DB_OK) {
        api_db_error(r, rc, "service export");
        return;
    }
    char day[11];
    cn_date_format(cn_date_of(cn_now()), day);
    const char *period = from || to ? arena_printf(r->arena, "%s–%s",
                                                   from ? from : "",
                                                   to ? to : "")
                                    : day;
    const char *title = arena_printf(
        r->arena,
        r->lang == LANG_EN ? "Service ledger (%s)" : "服务记录台账（%s）",
        period);
    const char *filter;
    struct export_filter ff;
    if (!filter_text(r, &f, &x, &ff, &filter)) {
        return;
    }
    if (!api_export_open(
            r, &x.out, cols, COL_COUNT, cell, &x,
            (size_t)server_settings(r->srv).ledger_export_max_rows, title,
            filter)) {
        return;
    }
    rc = service_store_each(r->db, r->scope, &f, x.out.max_rows + 1,
                            add_row, &x);
    api_export_send(r, &x.out, rc, "service.export", "service",
                    audit_detail(r, &x.out), "services",
                    api_export_file_base(&ff, "服务记录台账", "Service ledger"));
}
