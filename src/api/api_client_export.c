/* POST /api/v1/client_exports: the register as .xlsx or CSV for an
 * inspection, with the current filter and the chosen columns; masked
 * unless the caller may reveal and states why. Every export leaves an
 * audit row (what, how many, masked or not, why). */
#include <string.h>

#include "../core/client_service.h"
#include "../core/dictionary.h"
#include "../core/region_code.h"
#include "../store/dictionary_store.h"
#include "../store/region_store.h"
#include "../util/cn_time.h"
#include "../util/utf8.h"
#include "api_export.h"

/* The columns an export may hold, in their order in the file. */
enum col {
    COL_NAME, COL_ID_NUMBER, COL_SEX, COL_BIRTH, COL_AGE, COL_ETHNICITY,
    COL_PHONE, COL_STATION, COL_VILLAGE, COL_ADDRESS, COL_HUKOU,
    COL_CATEGORIES, COL_SELF_CARE, COL_LIVING, COL_RISK, COL_WORKER,
    COL_DIBAO, COL_TEKUN, COL_STATUS, COL_STATUS_REASON, COL_STATUS_ON,
    COL_TAGS, COL_NOTES, COL_COUNT
};

/* The age is a number in an .xlsx, for a spreadsheet's filters and sums;
 * every other column is text, ID numbers first of all. */
static const struct export_col cols[COL_COUNT] = {
    [COL_NAME] = {"name", "姓名", "Name", 10, false},
    [COL_ID_NUMBER] = {"id_number", "身份证号", "ID number", 21, false},
    [COL_SEX] = {"sex", "性别", "Sex", 6, false},
    [COL_BIRTH] = {"birth_date", "出生日期", "Birth date", 12, false},
    [COL_AGE] = {"age", "年龄", "Age", 6, true},
    [COL_ETHNICITY] = {"ethnicity", "民族", "Ethnicity", 8, false},
    [COL_PHONE] = {"phone", "联系电话", "Phone", 14, false},
    [COL_STATION] = {"station", "所属站点", "Station", 28, false},
    [COL_VILLAGE] = {"village", "村(社区)", "Village", 14, false},
    [COL_ADDRESS] = {"address", "现居住地址", "Address", 30, false},
    [COL_HUKOU] = {"hukou_address", "户籍地址", "Registered address", 30,
                   false},
    [COL_CATEGORIES] = {"categories", "对象类别", "Categories", 24, false},
    [COL_SELF_CARE] = {"self_care", "自理能力", "Self-care", 12, false},
    [COL_LIVING] = {"living", "居住状况", "Living", 14, false},
    [COL_RISK] = {"risk_level", "风险等级", "Risk", 8, false},
    [COL_WORKER] = {"worker", "责任社工", "Worker", 10, false},
    [COL_DIBAO] = {"dibao_cert", "低保证号", "Dibao certificate", 16, false},
    [COL_TEKUN] = {"tekun_cert", "特困供养证号", "Tekun certificate", 16,
                   false},
    [COL_STATUS] = {"status", "状态", "Status", 8, false},
    [COL_STATUS_REASON] = {"status_reason", "状态原因", "Status reason", 16,
                           false},
    [COL_STATUS_ON] = {"status_on", "状态变更日期", "Status since", 12, false},
    [COL_TAGS] = {"tags", "标签", "Tags", 16, false},
    [COL_NOTES] = {"notes", "备注", "Notes", 30, false},
};

_Static_assert(COL_COUNT <= EXPORT_COLS_MAX, "api_export holds every column");

static bool is_column(const char *s)
{
    return api_export_has_column(cols, COL_COUNT, s);
}
static bool is_status(const char *s)
{
    return dictionary_fixed_has("client_status", s);
}
/* A village, or any division code as the list takes it (a township's). */
static bool is_village(const char *s)
{
    return region_code_valid(s);
}
/* The position of s in list (NULL-terminated), or -1. */
static int position(const char *const *list, const char *s)
{
    for (int i = 0; s && list[i]; i++) {
        if (strcmp(list[i], s) == 0) {
            return i;
        }
    }
    return -1;
}
static bool is_sort(const char *s)
{
    return position(api_client_sorts, s) >= 0;
}
static bool is_order(const char *s)
{
    return position(api_client_orders, s) >= 0;
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
    {.name = "full", .label_zh = "导出完整信息", .label_en = "full",
     .type = S_BOOL},
    {.name = "reason", .label_zh = "导出原因", .label_en = "reason",
     .type = S_STRING, .max = 200},
    {.name = "q", .label_zh = "查找", .label_en = "q", .type = S_STRING,
     .max = 40},
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .min = 1},
    {.name = "category", .label_zh = "对象类别", .label_en = "category",
     .type = S_STRING, .max = 40},
    {.name = "village", .label_zh = "所在村(社区)", .label_en = "village",
     .type = S_STRING, .max = 12, .check = is_village,
     .check_msg = MSG_BAD_ENUM},
    {.name = "worker_id", .label_zh = "责任社工", .label_en = "worker_id",
     .type = S_INT, .min = 1},
    {.name = "age_min", .label_zh = "最小年龄", .label_en = "age_min",
     .type = S_INT, .min = 0, .max = 150},
    {.name = "age_max", .label_zh = "最大年龄", .label_en = "age_max",
     .type = S_INT, .min = 0, .max = 150},
    {.name = "status", .label_zh = "状态", .label_en = "status",
     .type = S_STRING, .max = 20, .check = is_status,
     .check_msg = MSG_BAD_ENUM},
    /* The list's order: an export is read beside the list it came from. */
    {.name = "sort", .label_zh = "排序字段", .label_en = "sort",
     .type = S_STRING, .max = 20, .check = is_sort, .check_msg = MSG_BAD_ENUM},
    {.name = "order", .label_zh = "排序方向", .label_en = "order",
     .type = S_STRING, .max = 4, .check = is_order,
     .check_msg = MSG_BAD_ENUM},
    {0},
};
const struct schema api_client_export_schema = {.type = S_OBJECT,
                                                .fields = export_fields};


struct labels {
    struct dictionary_item *cats;
    size_t n_cats;
};

static const char *categories_text(enum lang lang, struct arena *a,
                                   const struct labels *lb,
                                   const struct client *c, const char *day)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < c->n_categories; i++) {
        const struct client_category *k = &c->categories[i];
        if (!client_category_current(k, day)) {
            continue;
        }
        strbuf_adds(&sb, sb.len ? msg_list_sep(lang) : "");
        strbuf_adds(
            &sb, api_export_item_label(lang, lb->cats, lb->n_cats, k->code));
    }
    const char *out = arena_strdup(a, sb.buf ? sb.buf : "");
    strbuf_free(&sb);
    return out;
}

/* What each row of an export needs besides the client. */
struct export_rows {
    struct req *r;
    struct labels lb;
    bool full;
    const char *day;
    struct api_export out;
};

/* A sealed field: masked, or opened when the export is full (no audit
 * row of its own: the export has one for all of them). */
static const char *sealed(struct export_rows *x, struct arena *a,
                          const struct sealed *f)
{
    if (!x->full) {
        return f->masked;
    }
    const char *clear =
        f->enc ? secret_decrypt_text(a, x->r->srv->key, f->enc) : "";
    if (!clear) {
        snprintf(x->out.err, sizeof x->out.err,
                 "export: a sealed field does not open");
        return "";
    }
    return clear;
}

static const char *cell(void *ctx, struct arena *a, const void *item,
                        size_t col)
{
    struct export_rows *x = ctx;
    const struct client *c = item;
    enum lang lang = x->r->lang;
    switch ((enum col)col) {
    case COL_NAME: return c->name;
    case COL_ID_NUMBER:
        return sealed(x, a, &c->id_number);
    case COL_SEX: return api_export_label(lang, "sex", c->sex);
    case COL_BIRTH:
        /* A masked sheet leaves the system: with the masked ID number's
         * first and last digits the whole date would spell the number
         * (as the replies, api_clients.c's whole_birth). */
        return !x->full && c->birth_date
                   ? arena_strndup(a, c->birth_date, 4)
                   : c->birth_date;
    case COL_AGE:
        return arena_printf(a, "%d", client_age(c->birth_date,
                                                client_age_day(c, x->day)));
    case COL_ETHNICITY:
        return api_export_label(lang, "ethnicity", c->ethnicity);
    case COL_PHONE:
        return sealed(x, a, &c->phone);
    case COL_STATION: return c->station_name;
    case COL_VILLAGE: return c->village_name;
    case COL_ADDRESS:
        return sealed(x, a, &c->address);
    case COL_HUKOU:
        return sealed(x, a, &c->hukou_address);
    case COL_CATEGORIES:
        return categories_text(lang, a, &x->lb, c, client_age_day(c, x->day));
    case COL_SELF_CARE:
        return api_export_label(lang, "self_care", c->self_care);
    case COL_LIVING:
        return api_export_label(lang, "living", c->living);
    case COL_RISK:
        return api_export_label(lang, "risk_level", c->risk_level);
    case COL_WORKER: return c->worker_name;
    case COL_DIBAO: return c->dibao_cert;
    case COL_TEKUN: return c->tekun_cert;
    case COL_STATUS:
        return api_export_label(lang, "client_status", c->status);
    case COL_STATUS_REASON: return c->status_reason;
    case COL_STATUS_ON: return c->status_on;
    case COL_TAGS: return c->tags;
    case COL_NOTES: return c->notes;
    case COL_COUNT: break;
    }
    return "";
}

static bool add_row(void *ctx, const struct client *c)
{
    return api_export_item(&((struct export_rows *)ctx)->out, c);
}

/* The audit row's detail: the file, its size, masked or not and why, and
 * whose rows it held (the filter its title states: an auditor after a
 * leak must know which people's ID numbers left). */
static const char *audit_detail(struct req *r, const struct api_export *x,
                                bool full, const char *reason,
                                const char *filter)
{
    struct strbuf d;
    struct jsonw w;
    api_export_detail_begin(x, &d, &w);
    jsonw_kbool(&w, "full", full);
    jsonw_kstr(&w, "reason", reason);
    jsonw_kstr(&w, "filter", filter && *filter ? filter : NULL);
    return api_export_detail_end(r, x, &d, &w);
}

/* The ages asked for, in words ("60–70岁", "60岁及以上"); NULL: any. */
static const char *ages_text(struct req *r, const json_t *amin,
                             const json_t *amax)
{
    bool en = r->lang == LANG_EN;
    long long lo = amin ? json_integer_value(amin) : -1;
    long long hi = amax ? json_integer_value(amax) : -1;
    if (lo >= 0 && hi >= 0) {
        return arena_printf(r->arena, en ? "%lld–%lld" : "%lld–%lld岁", lo,
                            hi);
    }
    if (lo >= 0) {
        return arena_printf(r->arena, en ? "%lld and over" : "%lld岁及以上",
                            lo);
    }
    if (hi >= 0) {
        return arena_printf(r->arena, en ? "%lld and under" : "%lld岁及以下",
                            hi);
    }
    return NULL;
}

static size_t digits_in(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        n += *s >= '0' && *s <= '9';
    }
    return n;
}

/* The filter in words into f, for the line under the title: NULL when none,
 * false after replying to a store failure. */
static bool filter_text(struct req *r, const struct client_filter *cf,
                        const struct labels *lb, const json_t *amin,
                        const json_t *amax, bool full, struct export_filter *f,
                        const char **out)
{
    api_export_filter_init(f, r);
    if (!api_export_filter_station(f, cf->station_id)) {
        return false;
    }
    if (cf->village) {
        struct region g;
        int rc = region_store_get(r->db, r->arena, cf->village, &g);
        if (rc != DB_ROW && rc != DB_DONE) {
            api_export_filter_end(f);
            api_db_error(r, rc, "client export");
            return false;
        }
        api_export_filter_add(f, "村(社区)", "Village",
                              rc == DB_ROW ? g.name : cf->village);
    }
    if (cf->category && *cf->category) {
        api_export_filter_add(f, "对象类别", "Category",
                              api_export_item_label(r->lang, lb->cats,
                                                    lb->n_cats, cf->category));
    }
    if (cf->status && *cf->status) {
        api_export_filter_add(
            f, "状态", "Status",
            api_export_label(r->lang, "client_status", cf->status));
    }
    api_export_filter_add(f, "年龄", "Age", ages_text(r, amin, amax));
    if (!api_export_filter_user(f, "责任社工", "Worker", cf->worker_id)) {
        return false;
    }
    bool en = r->lang == LANG_EN;
    if (cf->q && !full && (cf->q_blind || digits_in(cf->q) > 6)) {
        /* A whole ID number or phone looked up (or typed as a name by one
         * who may not look it up): a masked sheet does not print it in
         * its title either. The last four of an ID number may show. */
        api_export_filter_add(f, "查找", "Search",
                              en ? "an ID number or phone (withheld)"
                                 : "身份证号或电话（已隐去）");
    } else if (cf->q) {
        api_export_filter_add(
            f, "查找", "Search",
            arena_printf(r->arena, en ? "\"%s\"" : "“%s”", cf->q));
    }
    *out = api_export_filter_end(f);
    return true;
}

void api_client_exports_create(struct req *r)
{
    bool full = json_is_true(json_object_get(r->json, "full"));
    const char *reason = api_body_str(r, "reason");
    if (full) {
        if (!api_can(r, "client.reveal")) {
            server_audit_denial(r, "client.reveal", "denied");
            reply_error(r, 403, MSG_FORBIDDEN, "full", "导出完整信息",
                        "full");
            return;
        }
        if (!reason || utf8_chars(reason, strlen(reason)) < 4) {
            reply_error(r, 400, MSG_REASON_REQUIRED, "reason", "导出原因",
                        "reason");
            return;
        }
    }
    char day[11];
    cn_date_format(cn_date_of(cn_now()), day);
    struct client_filter f;
    memset(&f, 0, sizeof f);
    f.on = day;
    f.q = api_body_str(r, "q");
    if (!api_client_q(r, &f)) {
        return;
    }
    f.category = api_body_str(r, "category");
    if (!api_body_code(r, "category", "client_category", "对象类别",
                       f.category)) {
        return;
    }
    f.status = api_body_str(r, "status");
    const char *village = api_body_str(r, "village");
    f.village = village && *village ? village : NULL;
    f.station_id = api_body_int(r, "station_id");
    f.worker_id = api_body_int(r, "worker_id");
    /* The same filter as the list the user is looking at. */
    json_t *amin = json_object_get(r->json, "age_min");
    json_t *amax = json_object_get(r->json, "age_max");
    if (!api_client_ages(r, amin ? json_integer_value(amin) : -1,
                         amax ? json_integer_value(amax) : -1, &f)) {
        return;
    }
    int sort = position(api_client_sorts, api_body_str(r, "sort"));
    f.sort = sort > 0 ? (enum client_sort)sort : CLIENT_SORT_NAME;
    f.desc = position(api_client_orders, api_body_str(r, "order")) == 1;

    struct export_rows x = {.r = r, .full = full, .day = day};
    int rc = dictionary_store_list(r->db, r->arena, "client_category",
                                   &x.lb.cats, &x.lb.n_cats);
    if (rc != DB_OK) {
        api_db_error(r, rc, "client export");
        return;
    }
    const char *title = arena_printf(
        r->arena, r->lang == LANG_EN ? "Client register (%s)%s"
                                     : "服务对象台账（%s）%s",
        day, full ? "" : (r->lang == LANG_EN ? ", masked" : "·脱敏"));
    const char *filter;
    struct export_filter ff;
    if (!filter_text(r, &f, &x.lb, amin, amax, full, &ff, &filter)) {
        return;
    }
    if (!api_export_open(r, &x.out, cols, COL_COUNT, cell, &x,
                         (size_t)server_settings(r->srv).export_max_rows,
                         title, filter)) {
        return;
    }
    rc = client_store_each(r->db, r->scope, &f, x.out.max_rows + 1, add_row,
                           &x);
    api_export_send(r, &x.out, rc, "client.export", "client",
                    audit_detail(r, &x.out, full, reason, filter), "clients",
                    api_export_file_base(&ff, "服务对象台账", "Client register"));
}
