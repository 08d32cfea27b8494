/* POST /api/v1/group_exports: the group ledger (小组台账) as .xlsx or CSV,
 * the groups the group list gives for the same filter, in its order, each
 * with its members, its sessions held against those planned, and their
 * attendance and minutes. Audited, as the other ledgers' exports are. */
#include <string.h>

#include "../store/dictionary_store.h"
#include "../store/group_store.h"
#include "../util/cn_time.h"
#include "api_export.h"

/* The columns an export may hold, in their order in the file. */
enum col {
    COL_ID, COL_NAME, COL_STATION, COL_AREA, COL_TARGET, COL_WORKERS,
    COL_MEMBERS, COL_N_MEMBERS, COL_PLANNED, COL_HELD, COL_ATTENDANCE,
    COL_EXTRA, COL_MINUTES, COL_STARTS, COL_ENDS, COL_STATUS, COL_ATTAINMENT,
    COL_CLOSED, COL_COUNT
};

/* Counts and minutes are numbers in an .xlsx, so that a spreadsheet adds
 * them up. */
static const struct export_col cols[COL_COUNT] = {
    [COL_ID] = {"id", "小组编号", "Group", 9, false},
    [COL_NAME] = {"name", "小组名称", "Name", 20, false},
    [COL_STATION] = {"station", "所属站点", "Station", 28, false},
    [COL_AREA] = {"area", "服务领域", "Area", 14, false},
    [COL_TARGET] = {"target", "服务对象群体", "Target group", 14, false},
    [COL_WORKERS] = {"workers", "带组社工", "Workers", 14, false},
    [COL_MEMBERS] = {"members", "组员", "Members", 30, false},
    [COL_N_MEMBERS] = {"n_members", "组员数", "Members (number)", 8, true},
    [COL_PLANNED] = {"planned_sessions", "计划节数", "Sessions planned", 9,
                     true},
    [COL_HELD] = {"sessions", "已开展节数", "Sessions held", 10, true},
    /* Members present, as the statistics' group_attendance; the others who
     * came are a column of their own. */
    [COL_ATTENDANCE] = {"attendance", "出席人次", "Attendance", 9, true},
    [COL_EXTRA] = {"extra_attendance", "其他参加人次", "Other attendees", 10,
                   true},
    [COL_MINUTES] = {"minutes", "活动时长(分钟)", "Minutes", 10, true},
    [COL_STARTS] = {"starts_on", "开始日期", "Starts", 12, false},
    [COL_ENDS] = {"ends_on", "计划结束日期", "Ends", 12, false},
    [COL_STATUS] = {"status", "状态", "Status", 8, false},
    [COL_ATTAINMENT] = {"attainment", "目标达成", "Goals", 10, false},
    [COL_CLOSED] = {"closed_on", "结束日期", "Closed", 12, false},
};

_Static_assert(COL_COUNT <= EXPORT_COLS_MAX, "api_export holds every column");

static bool is_column(const char *s)
{
    return api_export_has_column(cols, COL_COUNT, s);
}

static const char *const statuses[] = {"active", "closed", NULL};

static const struct schema column_schema[] = {
    {.label_zh = "导出列", .label_en = "column", .type = S_STRING, .min = 1,
     .max = 20, .check = is_column, .check_msg = MSG_BAD_ENUM},
};

static const struct schema export_fields[] = {
    {.name = "format", .label_zh = "文件格式", .label_en = "format",
     .type = S_STRING, .required = true, .max = 4,
     .check = api_export_format_ok, .check_msg = MSG_BAD_ENUM},
    {.name = "columns", .label_zh = "导出列", .label_en = "columns",
     .type = S_ARRAY, .min = 1, .max = COL_COUNT, .fields = column_schema},
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .min = 1},
    {.name = "status", .label_zh = "状态", .label_en = "status",
     .type = S_ENUM, .enums = statuses},
    {0},
};
const struct schema api_group_export_schema = {.type = S_OBJECT,
                                               .fields = export_fields};

struct export_rows {
    enum lang lang;
    struct dictionary_item *areas;
    size_t n_areas;
    struct api_export out;
};

static const char *status_label(enum lang lang, const char *status)
{
    if (strcmp(status, "active") == 0) {
        return lang == LANG_EN ? "Running" : "进行中";
    }
    if (strcmp(status, "closed") == 0) {
        return lang == LANG_EN ? "Closed" : "已结束";
    }
    return status;
}

static const char *cell(void *ctx, struct arena *a, const void *item,
                        size_t col)
{
    const struct export_rows *x = ctx;
    const struct service_group *g = item;
    int64_t attendance = 0, extra = 0, minutes = 0;
    for (size_t i = 0; i < g->n_sessions; i++) {
        attendance += g->sessions[i].attendees;
        extra += g->sessions[i].extra_attendees;
        minutes += g->sessions[i].minutes;
    }
    switch ((enum col)col) {
    case COL_ID: return arena_printf(a, "%lld", (long long)g->id);
    case COL_NAME: return g->name;
    case COL_STATION: return g->station_name;
    case COL_AREA:
        return api_export_item_label(x->lang, x->areas, x->n_areas, g->area);
    case COL_TARGET: return g->target;
    case COL_WORKERS: return api_export_names(a, g->workers, g->n_workers, false);
    case COL_MEMBERS: return api_export_names(a, g->members, g->n_members,
                                                  x->out.names_masked);
    case COL_N_MEMBERS:
        return arena_printf(a, "%zu", g->n_members);
    case COL_PLANNED:
        return arena_printf(a, "%lld", (long long)g->planned_sessions);
    case COL_HELD: return arena_printf(a, "%zu", g->n_sessions);
    case COL_ATTENDANCE:
        return arena_printf(a, "%lld", (long long)attendance);
    case COL_EXTRA: return arena_printf(a, "%lld", (long long)extra);
    case COL_MINUTES: return arena_printf(a, "%lld", (long long)minutes);
    case COL_STARTS: return g->starts_on;
    case COL_ENDS: return g->ends_on;
    case COL_STATUS: return status_label(x->lang, g->status);
    case COL_ATTAINMENT:
        return api_export_label(x->lang, "goal_attainment", g->attainment);
    case COL_CLOSED: return g->closed_on;
    case COL_COUNT: break;
    }
    return "";
}

static bool add_row(void *ctx, const struct service_group *g)
{
    return api_export_item(&((struct export_rows *)ctx)->out, g);
}

void api_group_exports_create(struct req *r)
{
    int64_t station_id = api_body_int(r, "station_id");
    const char *status = api_body_str(r, "status");

    struct export_rows x = {.lang = r->lang};
    int rc = dictionary_store_list(r->db, r->arena, "service_area", &x.areas,
                                   &x.n_areas);
    if (rc != DB_OK) {
        api_db_error(r, rc, "group export");
        return;
    }
    char day[11];
    cn_date_format(cn_date_of(cn_now()), day);
    const char *title = arena_printf(
        r->arena, r->lang == LANG_EN ? "Group ledger (%s)" : "小组台账（%s）",
        day);
    struct export_filter ff;
    api_export_filter_init(&ff, r);
    if (!api_export_filter_station(&ff, station_id)) {
        return;
    }
    api_export_filter_add(&ff, "状态", "Status",
                          status ? status_label(r->lang, status) : NULL);
    if (!api_export_open(
            r, &x.out, cols, COL_COUNT, cell, &x,
            (size_t)server_settings(r->srv).ledger_export_max_rows, title,
            api_export_filter_end(&ff))) {
        return;
    }
    rc = group_store_each(r->db, r->scope, station_id, status,
                          x.out.max_rows + 1, add_row, &x);
    struct strbuf d;
    struct jsonw w;
    api_export_detail_begin(&x.out, &d, &w);
    if (station_id) {
        jsonw_kint(&w, "station_id", station_id);
    }
    if (status) {
        jsonw_kstr(&w, "status", status);
    }
    api_export_send(r, &x.out, rc, "group.export", "group",
                    api_export_detail_end(r, &x.out, &d, &w), "groups",
                    api_export_file_base(&ff, "小组台账", "Group ledger"));
}
