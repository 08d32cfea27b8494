/* POST /api/v1/case_exports: the case ledger (个案台账) as .xlsx or CSV,
 * the cases the case list gives for the same filter, in its order, each
 * with how many service records it has and their minutes. Audited, as
 * the other ledgers' exports are. */
#include <string.h>

#include "../core/case_workflow.h"
#include "../core/client_service.h"
#include "../core/dictionary.h"
#include "../store/case_store.h"
#include "../util/cn_time.h"
#include "api_export.h"

/* The columns an export may hold, in their order in the file. */
enum col {
    COL_ID, COL_CLIENT, COL_STATION, COL_WORKER, COL_STAGE, COL_PENDING,
    COL_SOURCE, COL_RISK, COL_PROBLEM, COL_OPENED, COL_REVIEW,
    COL_SERVICES, COL_MINUTES, COL_CLOSED, COL_CLOSURE_REASON,
    COL_CLOSURE_SUMMARY, COL_REOPENED, COL_COUNT
};

/* Counts and minutes are numbers in an .xlsx, so that a spreadsheet adds
 * them up. */
static const struct export_col cols[COL_COUNT] = {
    [COL_ID] = {"id", "个案编号", "Case", 9, false},
    [COL_CLIENT] = {"client", "服务对象", "Client", 10, false},
    [COL_STATION] = {"station", "所属站点", "Station", 28, false},
    [COL_WORKER] = {"worker", "负责社工", "Worker", 10, false},
    [COL_STAGE] = {"stage", "当前阶段", "Stage", 10, false},
    [COL_PENDING] = {"pending", "待督导审批", "Awaiting approval", 12, false},
    [COL_SOURCE] = {"source", "个案来源", "Source", 10, false},
    [COL_RISK] = {"risk_level", "风险等级", "Risk", 8, false},
    [COL_PROBLEM] = {"problem", "主要问题", "Problem", 40, false},
    [COL_OPENED] = {"opened_on", "开案日期", "Opened", 12, false},
    [COL_REVIEW] = {"review_on", "计划回顾日期", "Plan review", 12, false},
    [COL_SERVICES] = {"services", "服务次数", "Service records", 9, true},
    [COL_MINUTES] = {"minutes", "服务时长(分钟)", "Minutes", 10, true},
    [COL_CLOSED] = {"closed_on", "结案日期", "Closed", 12, false},
    [COL_CLOSURE_REASON] = {"closure_reason", "结案原因", "Closure reason", 16,
                            false},
    [COL_CLOSURE_SUMMARY] = {"closure_summary", "结案小结", "Closure summary",
                             30, false},
    [COL_REOPENED] = {"reopened", "重新开案次数", "Times reopened", 9, true},
};

_Static_assert(COL_COUNT <= EXPORT_COLS_MAX, "api_export holds every column");

static bool is_column(const char *s)
{
    return api_export_has_column(cols, COL_COUNT, s);
}

static const char *const stages[] = {"open",         "intake",
                                     "assessment",   "planning",
                                     "intervention", "evaluation",
                                     "closed",       NULL};

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
    {.name = "worker_id", .label_zh = "责任社工", .label_en = "worker_id",
     .type = S_INT, .min = 1},
    {.name = "client_id", .label_zh = "服务对象", .label_en = "client_id",
     .type = S_INT, .min = 1},
    {.name = "stage", .label_zh = "阶段", .label_en = "stage",
     .type = S_ENUM, .enums = stages},
    {.name = "pending", .label_zh = "待审批", .label_en = "pending",
     .type = S_BOOL},
    {0},
};
const struct schema api_case_export_schema = {.type = S_OBJECT,
                                              .fields = export_fields};

static const char *pending_label(enum lang lang, const char *pending)
{
    if (strcmp(pending, "plan") == 0) {
        return lang == LANG_EN ? "Plan" : "服务计划";
    }
    if (strcmp(pending, "closure") == 0) {
        return lang == LANG_EN ? "Closure" : "结案";
    }
    return pending;
}

struct export_rows {
    enum lang lang;
    struct api_export out;
};

static const char *cell(void *ctx, struct arena *a, const void *item,
                        size_t col)
{
    const struct export_rows *x = ctx;
    enum lang lang = x->lang;
    const struct case_file *k = item;
    switch ((enum col)col) {
    case COL_ID: return arena_printf(a, "%lld", (long long)k->id);
    case COL_CLIENT:
        return x->out.names_masked ? client_mask_name(a, k->client_name)
                                   : k->client_name;
    case COL_STATION: return k->station_name;
    case COL_WORKER: return k->worker_name;
    case COL_STAGE: return api_export_label(lang, "case_stage", k->stage);
    case COL_PENDING: return pending_label(lang, k->pending);
    case COL_SOURCE: return api_export_label(lang, "case_source", k->source);
    case COL_RISK: return api_export_label(lang, "risk_level", k->risk_level);
    case COL_PROBLEM: return k->problem;
    case COL_OPENED: return k->opened_on;
    case COL_REVIEW: return k->review_on;
    case COL_SERVICES:
        return arena_printf(a, "%lld", (long long)k->n_services);
    case COL_MINUTES:
        return arena_printf(a, "%lld", (long long)k->service_minutes);
    case COL_CLOSED: return k->closed_on;
    case COL_CLOSURE_REASON:
        return case_workflow_closure_stands(k)
                   ? api_export_label(lang, "closure_reason",
                                      k->closure_reason)
                   : "";
    case COL_CLOSURE_SUMMARY:
        return case_workflow_closure_stands(k) ? k->closure_summary : "";
    case COL_REOPENED:
        return k->reopened ? arena_printf(a, "%lld", (long long)k->reopened)
                           : "";
    case COL_COUNT: break;
    }
    return "";
}

static bool add_row(void *ctx, const struct case_file *k)
{
    return api_export_item(&((struct export_rows *)ctx)->out, k);
}

/* The audit row's detail: the file, its size, and the filter. */
static const char *audit_detail(struct req *r, const struct api_export *x)
{
    struct strbuf d;
    struct jsonw w;
    api_export_detail_begin(x, &d, &w);
    static const char *const ids[] = {"station_id", "worker_id", "client_id"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        if (api_body_int(r, ids[i])) {
            jsonw_kint(&w, ids[i], api_body_int(r, ids[i]));
        }
    }
    const char *stage = api_body_str(r, "stage");
    if (stage) {
        jsonw_kstr(&w, "stage", stage);
    }
    if (json_is_true(json_object_get(r->json, "pending"))) {
        jsonw_kbool(&w, "pending", true);
    }
    return api_export_detail_end(r, x, &d, &w);
}

void api_case_exports_create(struct req *r)
{
    /* The same filter as the list the user is looking at. */
    struct case_filter f;
    memset(&f, 0, sizeof f);
    f.station_id = api_body_int(r, "station_id");
    f.worker_id = api_body_int(r, "worker_id");
    f.client_id = api_body_int(r, "client_id");
    f.stage = api_body_str(r, "stage");
    f.pending = json_is_true(json_object_get(r->json, "pending"));

    struct export_rows x = {.lang = r->lang};
    char day[11];
    cn_date_format(cn_date_of(cn_now()), day);
    const char *title = arena_printf(
        r->arena, r->lang == LANG_EN ? "Case ledger (%s)" : "个案台账（%s）",
        day);
    struct export_filter ff;
    api_export_filter_init(&ff, r);
    if (!api_export_filter_station(&ff, f.station_id) ||
        !api_export_filter_user(&ff, "责任社工", "Worker", f.worker_id) ||
        !api_export_filter_client(&ff, f.client_id)) {
        return;
    }
    api_export_filter_add(
        &ff, "阶段", "Stage",
        f.stage ? api_export_label(r->lang, "case_stage", f.stage) : NULL);
    if (f.pending) {
        api_export_filter_add(&ff, "待审批", "Pending",
                              r->lang == LANG_EN ? "only" : "仅待审批");
    }
    if (!api_export_open(
            r, &x.out, cols, COL_COUNT, cell, &x,
            (size_t)server_settings(r->srv).ledger_export_max_rows, title,
            api_export_filter_end(&ff))) {
        return;
    }
    int rc = case_store_each(r->db, r->scope, &f, x.out.max_rows + 1,
                             add_row, &x);
    api_export_send(r, &x.out, rc, "case.export", "case",
                    audit_detail(r, &x.out), "cases",
                    api_export_file_base(&ff, "个案台账", "Case ledger"));
}
