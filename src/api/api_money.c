/* Money and payments (资金与拨付): /budget_lines, /allocations,
 * /expenditures (with their vouchers), /contracts/{id}/ledger (专款专用),
 * /fund_use (a statement for any period, .xlsx too), /acceptances,
 * /contracts/{id}/payments and /payments/{id}/pay, /withhold, /override
 * (evaluations: api_evaluations.c). Amounts are fen. */
#include <limits.h>
#include <string.h>

#include "../core/compliance.h"
#include "../core/dictionary.h"
#include "../core/money_service.h"
#include "../core/payment_plan.h"
#include "../store/calendar_store.h"
#include "../store/contract_store.h"
#include "../store/organisation_store.h"
#include "../store/region_store.h"
#include "../store/station_store.h"
#include "../store/user_store.h"
#include "../util/parse.h"
#include "../util/sheet.h"
#include "api.h"
#include "api_export.h"
#include "../util/yuan.h"

#define MAX_FEN 100000000000000LL /* 1e12 yuan: far above any budget */

static bool is_source(const char *s)
{
    return dictionary_fixed_has("fund_source", s);
}
static bool is_category(const char *s)
{
    return dictionary_fixed_has("expense_category", s);
}
static bool is_region(const char *s)
{
    size_t n = strlen(s);
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
    }
    return n == 2 || n == 4 || n == 6 || n == 9;
}

static const char *const results[] = {"passed", "failed", NULL};

#define LINE_FIELDS(req)                                                    \
    {.name = "region_code", .label_zh = "行政区划",                         \
     .label_en = "region_code", .type = S_STRING, .required = req,          \
     .min = 1, .max = 9, .check = is_region,                                \
     .check_msg = MSG_BAD_REGION_CODE},                                     \
    {.name = "year", .label_zh = "年度", .label_en = "year", .type = S_INT, \
     .required = req, .min = 2000, .max = 2100},                            \
    {.name = "source", .label_zh = "资金来源", .label_en = "source",       \
     .type = S_STRING, .required = req, .min = 1, .max = 40,                \
     .check = is_source,                                                    \
     .check_msg = MSG_BAD_ENUM},                                            \
    {.name = "title", .label_zh = "名称", .label_en = "title",             \
     .type = S_STRING, .required = req, .min = 1, .max = 100},              \
    {.name = "budget_fen", .label_zh = "预算金额", .label_en = "budget_fen", \
     .type = S_INT, .required = req, .min = 0, .max = MAX_FEN},             \
    {.name = "spent_fen", .label_zh = "支出金额", .label_en = "spent_fen", \
     .type = S_INT, .nullable = true, .min = 0, .max = MAX_FEN},            \
    {.name = "notes", .label_zh = "备注", .label_en = "notes",             \
     .type = S_STRING, .max = 1000, .multiline = true}

static const struct schema line_create_fields[] = {LINE_FIELDS(true), {0}};
const struct schema api_budget_line_create_schema = {
    .type = S_OBJECT, .fields = line_create_fields};
static const struct schema line_update_fields[] = {
    LINE_FIELDS(false),
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_budget_line_update_schema = {
    .type = S_OBJECT, .fields = line_update_fields};

static const struct schema allocation_fields[] = {
    {.name = "budget_line_id", .label_zh = "预算", .label_en =
     "budget_line_id", .type = S_INT, .required = true, .min = 1},
    {.name = "contract_id", .label_zh = "服务协议", .label_en = "contract_id",
     .type = S_INT, .nullable = true, .min = 1},
    {.name = "station_id", .label_zh = "站点", .label_en = "station_id",
     .type = S_INT, .nullable = true, .min = 1},
    {.name = "amount_fen", .label_zh = "金额", .label_en = "amount_fen",
     .type = S_INT, .required = true, .min = 1, .max = MAX_FEN,
     .below_msg = MSG_NOT_POSITIVE},
    {.name = "allocated_on", .label_zh = "分配日期",
     .label_en = "allocated_on", .type = S_DATE, .required = true},
    {.name = "notes", .label_zh = "备注", .label_en = "notes",
     .type = S_STRING, .max = 1000, .multiline = true},
    {0},
};
const struct schema api_allocation_create_schema = {
    .type = S_OBJECT, .fields = allocation_fields};

#define EXP_FIELDS(req)                                                     \
    {.name = "contract_id", .label_zh = "服务协议",                         \
     .label_en = "contract_id", .type = S_INT, .required = req, .min = 1},  \
    {.name = "station_id", .label_zh = "站点", .label_en = "station_id",   \
     .type = S_INT, .nullable = true, .min = 1},                            \
    {.name = "spent_on", .label_zh = "支出日期", .label_en = "spent_on",   \
     .type = S_DATE, .required = req},                                      \
    {.name = "category", .label_zh = "支出类别", .label_en = "category",   \
     .type = S_STRING, .required = req, .min = 1, .max = 40,                \
     .check = is_category,                                                  \
     .check_msg = MSG_BAD_ENUM},                                            \
    {.name = "amount_fen", .label_zh = "金额", .label_en = "amount_fen",   \
     .type = S_INT, .required = req, .min = 1, .max = MAX_FEN,              \
     .below_msg = MSG_NOT_POSITIVE},                                        \
    {.name = "payee", .label_zh = "收款人", .label_en = "payee",           \
     .type = S_STRING, .max = 100},                                         \
    {.name = "description", .label_zh = "摘要", .label_en = "description", \
     .type = S_STRING, .max = 1000, .multiline = true}

static const struct schema exp_create_fields[] = {EXP_FIELDS(true), {0}};
const struct schema api_expenditure_create_schema = {
    .type = S_OBJECT, .fields = exp_create_fields};
static const struct schema exp_update_fields[] = {
    EXP_FIELDS(false),
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_expenditure_update_schema = {
    .type = S_OBJECT, .fields = exp_update_fields};

static const struct schema acceptance_fields[] = {
    {.name = "contract_id", .label_zh = "服务协议", .label_en = "contract_id",
     .type = S_INT, .required = true, .min = 1},
    {.name = "accepted_on", .label_zh = "验收日期",
     .label_en = "accepted_on", .type = S_DATE, .required = true},
    {.name = "result", .label_zh = "验收结论", .label_en = "result",
     .type = S_ENUM, .required = true, .enums = results},
    {.name = "notes", .label_zh = "备注", .label_en = "notes",
     .type = S_STRING, .max = 1000, .multiline = true},
    {0},
};
const struct schema api_acceptance_create_schema = {
    .type = S_OBJECT, .fields = acceptance_fields};

static const struct schema generate_fields[] = {
    {.name = "schedule", .label_zh = "拨付计划", .label_en = "schedule",
     .type = S_ARRAY, .min = 1, .max = 12, .fields = payment_step_schema},
    {0},
};
const struct schema api_payments_generate_schema = {
    .type = S_OBJECT, .fields = generate_fields};

static const struct schema pay_fields[] = {
    {.name = "paid_on", .label_zh = "拨付日期", .label_en = "paid_on",
     .type = S_DATE, .required = true},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_payment_pay_schema = {.type = S_OBJECT,
                                              .fields = pay_fields};
static const struct schema reason_fields[] = {
    {.name = "reason", .label_zh = "理由", .label_en = "reason",
     .type = S_STRING, .required = true, .min = 2, .max = 500,
     .multiline = true},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_payment_reason_schema = {.type = S_OBJECT,
                                                 .fields = reason_fields};

/* ---- helpers -------------------------------------------------------- */

static int64_t body_int(struct req *r, const char *name, int64_t def)
{
    json_t *v = json_object_get(r->json, name);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

static const char *body_str(struct req *r, const char *name,
                            const char *def)
{
    const char *v = api_body_str(r, name);
    return v ? v : def;
}

static bool paging(struct req *r, struct money_filter *f, int64_t *page)
{
    if (!req_paging(r, 20, &f->limit, page)) {
        return false;
    }
    f->offset = (*page - 1) * f->limit;
    return true;
}

static bool query_date(struct req *r, const char *name, const char **out)
{
    const char *v = req_query(r, name);
    int y, m, d;
    if (v && *v && !parse_date(v, &y, &m, &d)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, name, name, name);
        return false;
    }
    *out = v && *v ? v : NULL;
    return true;
}

/* from and to of the query: dates, to not before from. */
static bool query_period(struct req *r, struct money_filter *f)
{
    if (!query_date(r, "from", &f->from) || !query_date(r, "to", &f->to)) {
        return false;
    }
    if (f->from && f->to && strcmp(f->to, f->from) < 0) {
        reply_error(r, 400, MSG_DATE_ORDER, "to", "截止日期", "to");
        return false;
    }
    return true;
}

/* zh names the parameter in Chinese: the common names of
 * msg_query_param_zh are another list's ("category" is 服务对象类别). */
static bool query_code(struct req *r, const char *name, const char *kind,
                       const char *zh, const char **out)
{
    const char *v = req_query(r, name);
    if (v && *v && !dictionary_fixed_has(kind, v)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, name, zh, name);
        return false;
    }
    *out = v && *v ? v : NULL;
    return true;
}

static void done_json(struct req *r, int status, struct strbuf *sb)
{
    reply_json(r, status, sb);
}

/* The result of a get by id: true on a row, else replies 404 or the
 * store's failure. */
static bool found(struct req *r, int rc, const char *zh, const char *en)
{
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, zh, en);
    } else if (rc != DB_ROW) {
        api_db_error(r, rc, en);
    }
    return rc == DB_ROW;
}

/* ---- budget lines --------------------------------------------------- */

static void write_line(struct req *r, struct jsonw *w,
                       const struct budget_line *b)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", b->id);
    jsonw_kstr(w, "region_code", b->region_code);
    jsonw_kstr(w, "region_name", b->region_name);
    jsonw_kint(w, "year", b->year);
    jsonw_kstr(w, "source", b->source);
    jsonw_kstr(w, "title", b->title);
    jsonw_kint(w, "budget_fen", b->budget_fen);
    if (b->spent_known) {
        jsonw_kint(w, "spent_fen", b->spent_fen);
    } else {
        jsonw_kstr(w, "spent_fen", NULL);
    }
    jsonw_kint(w, "allocated_fen", b->allocated_fen);
    jsonw_kint(w, "unallocated_fen", b->budget_fen - b->allocated_fen);
    jsonw_kstr(w, "notes", b->notes);
    jsonw_kint(w, "version", b->version);
    jsonw_kstr(w, "updated_at", api_time(r, b->updated_at));
    jsonw_obj_close(w);
}

static bool load_line(struct req *r, struct budget_line *b)
{
    int64_t id;
    if (!req_param_id(r, 0, "预算", "budget line", &id)) {
        return false;
    }
    return found(r, money_store_line(r->db, r->arena, r->scope, id, b), "预算",
                 "budget line");
}

static void reply_line(struct req *r, int status, int64_t id)
{
    struct budget_line b;
    int rc = money_store_line(r->db, r->arena, r->scope, id, &b);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "budget line read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_line(r, &w, &b);
    done_json(r, status, &sb);
}

static void read_line_body(struct req *r, struct budget_line *b)
{
    b->region_code = body_str(r, "region_code", b->region_code);
    b->year = body_int(r, "year", b->year);
    b->source = body_str(r, "source", b->source);
    b->title = body_str(r, "title", b->title);
    b->budget_fen = body_int(r, "budget_fen", b->budget_fen);
    b->notes = body_str(r, "notes", b->notes);
    json_t *sp = json_object_get(r->json, "spent_fen");
    if (sp) {
        b->spent_known = json_is_integer(sp);
        b->spent_fen = b->spent_known ? (int64_t)json_integer_value(sp) : 0;
    }
}

void api_budget_lines_list(struct req *r)
{
    struct money_filter f = {0};
    int64_t page;
    const char *year = req_query(r, "year");
    if (year && *year && !parse_int64(year, 2000, 2100, &f.year)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "year", "year", "year");
        return;
    }
    if (!query_code(r, "source", "fund_source", "资金来源", &f.source) ||
        !paging(r, &f, &page)) {
        return;
    }
    struct budget_line *items;
    size_t n;
    int64_t total;
    int rc = money_store_lines(r->db, r->arena, r->scope, &f, &items, &n,
                               &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "budget lines");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_line(r, &w, &items[i]);
    }
    api_list_end(r, &sb, &w, total, page, f.limit);
}

void api_budget_lines_create(struct req *r)
{
    struct budget_line b = {.notes = ""};
    read_line_body(r, &b);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (money_service_save_line(&x, NULL, &b, 0, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "budget line");
        return;
    }
    reply_line(r, 201, id);
}

void api_budget_lines_get(struct req *r)
{
    struct budget_line b;
    if (load_line(r, &b)) {
        reply_line(r, 200, b.id);
    }
}

void api_budget_lines_update(struct req *r)
{
    struct budget_line before;
    int64_t version;
    if (!load_line(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct budget_line b = before;
    read_line_body(r, &b);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (money_service_save_line(&x, &before, &b, version, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "budget line");
        return;
    }
    reply_line(r, 200, id);
}

/* ---- allocations ---------------------------------------------------- */

static void write_allocation(struct jsonw *w, const struct allocation *x)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", x->id);
    jsonw_kint(w, "budget_line_id", x->budget_line_id);
    jsonw_kint(w, "year", x->year);
    jsonw_kstr(w, "source", x->source);
    jsonw_kstr(w, "line_title", x->line_title);
    api_kid(w, "contract_id", x->contract_id);
    jsonw_kstr(w, "contract_code", x->contract_code);
    api_kid(w, "station_id", x->station_id);
    jsonw_kstr(w, "station_name", x->station_name);
    jsonw_kint(w, "amount_fen", x->amount_fen);
    jsonw_kstr(w, "allocated_on", x->allocated_on);
    jsonw_kstr(w, "notes", x->notes);
    jsonw_obj_close(w);
}

void api_allocations_list(struct req *r)
{
    struct money_filter f = {0};
    int64_t page;
    const char *year = req_query(r, "year");
    if (year && *year && !parse_int64(year, 2000, 2100, &f.year)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "year", "year", "year");
        return;
    }
    if (!req_query_id(r, "budget_line_id", &f.budget_line_id) ||
        !req_query_id(r, "contract_id", &f.contract_id) ||
        !paging(r, &f, &page)) {
        return;
    }
    struct allocation *items;
    size_t n;
    int64_t total;
    int rc = money_store_allocations(r->db, r->arena, r->scope, &f, &items,
                                     &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "allocations");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_allocation(&w, &items[i]);
    }
    api_list_end(r, &sb, &w, total, page, f.limit);
}

void api_allocations_create(struct req *r)
{
    struct allocation al = {
        .budget_line_id = body_int(r, "budget_line_id", 0),
        .contract_id = body_int(r, "contract_id", 0),
        .station_id = body_int(r, "station_id", 0),
        .amount_fen = body_int(r, "amount_fen", 0),
        .allocated_on = body_str(r, "allocated_on", ""),
        .notes = body_str(r, "notes", ""),
    };
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (money_service_allocate(&x, &al, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "allocation");
        return;
    }
    struct allocation got;
    int rc = money_store_allocation(r->db, r->arena, r->scope, id, &got);
    if (rc != DB_ROW) {
        api_db_error(r, rc == DB_DONE ? DB_ERROR : rc, "allocation read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_allocation(&w, &got);
    done_json(r, 201, &sb);
}

/* GET /allocations/{id}: one allocation in range (what a removal would
 * remove). */
void api_allocations_get(struct req *r)
{
    int64_t id;
    struct allocation al;
    if (!req_param_id(r, 0, "资金分配", "allocation", &id) ||
        !found(r, money_store_allocation(r->db, r->arena, r->scope, id, &al),
               "资金分配", "allocation")) {
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_allocation(&w, &al);
    done_json(r, 200, &sb);
}

/* DELETE /allocations/{id}: an allocation typed wrong (the amount, the
 * line, the contract) is removed and made again; it has no version, as
 * it is never changed in place. */
void api_allocations_delete(struct req *r)
{
    int64_t id;
    if (!req_param_id(r, 0, "资金分配", "allocation", &id)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (money_service_delete_allocation(&x, id, &fail) != 0) {
        api_reply_fail(r, &fail, "allocation delete");
        return;
    }
    api_reply_ok(r);
}

/* ---- expenditures --------------------------------------------------- */

static void write_exp_members(struct req *r, struct jsonw *w,
                              const struct expenditure *e)
{
    jsonw_kint(w, "id", e->id);
    jsonw_kint(w, "contract_id", e->contract_id);
    jsonw_kstr(w, "contract_code", e->contract_code);
    api_kid(w, "station_id", e->station_id);
    jsonw_kstr(w, "station_name", e->station_name);
    jsonw_kstr(w, "spent_on", e->spent_on);
    jsonw_kstr(w, "category", e->category);
    jsonw_kbool(w, "personnel",
                strcmp(e->category, "wage") == 0 ||
                    strcmp(e->category, "bonus") == 0 ||
                    strcmp(e->category, "social_insurance") == 0 ||
                    strcmp(e->category, "income_tax") == 0);
    jsonw_kint(w, "amount_fen", e->amount_fen);
    jsonw_kstr(w, "payee", e->payee);
    jsonw_kstr(w, "description", e->description);
    jsonw_kint(w, "vouchers", e->vouchers);
    jsonw_kint(w, "version", e->version);
    jsonw_kstr(w, "updated_at", api_time(r, e->updated_at));
}

static void write_expenditure(struct req *r, struct jsonw *w,
                              const struct expenditure *e)
{
    jsonw_obj_open(w);
    write_exp_members(r, w, e);
    jsonw_obj_close(w);
}

static bool load_expenditure(struct req *r, struct expenditure *e)
{
    int64_t id;
    if (!req_param_id(r, 0, "支出", "expenditure", &id)) {
        return false;
    }
    return found(r,
                 money_store_expenditure(r->db, r->arena, r->scope, id, e),
                 "支出", "expenditure");
}

static void reply_expenditure(struct req *r, int status, int64_t id)
{
    struct expenditure e;
    int rc = money_store_expenditure(r->db, r->arena, r->scope, id, &e);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "expenditure read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_expenditure(r, &w, &e);
    done_json(r, status, &sb);
}

/* A saved expenditure, with what the save leaves wrong that is not the
 * clerk's to refuse: spending above the contract's amount is saved (the
 * money was spent, and refusing the record would hide it) and said at
 * once, in the words of money.spent_over_contract, rather than found
 * weeks later in 合规检查. */
static void reply_exp_saved(struct req *r, int status, int64_t id)
{
    struct expenditure e;
    struct money_contract k;
    struct spent_over so;
    int rc = money_store_expenditure(r->db, r->arena, r->scope, id, &e);
    if (rc == DB_ROW) {
        rc = money_store_contract(r->db, r->arena, r->scope, e.contract_id,
                                  &k);
    }
    if (rc == DB_ROW) {
        rc = compliance_spent_over(r->db, r->arena, r->scope, k.id,
                                   k.amount_fen, &so);
    }
    /* The same slip entered twice is saved (two purchases alike happen)
     * but said at once, naming the first. */
    int64_t twin = 0;
    if (rc == DB_OK) {
        rc = money_store_expenditure_twin(r->db, &e, &twin);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "expenditure read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    write_exp_members(r, &w, &e);
    jsonw_key(&w, "warnings");
    jsonw_arr_open(&w);
    if (so.over_fen > 0) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "code", "money.spent_over_contract");
        jsonw_kstr(&w, "field", "amount_fen");
        jsonw_kstr(&w, "message",
                   r->lang == LANG_EN ? so.message_en : so.message);
        jsonw_kint(&w, "contract_id", k.id);
        jsonw_kstr(&w, "contract_code", k.code);
        jsonw_kint(&w, "spent_fen", so.spent_fen);
        jsonw_kint(&w, "amount_fen", so.amount_fen);
        jsonw_kint(&w, "over_fen", so.over_fen);
        jsonw_obj_close(&w);
    }
    if (twin) {
        char number[24], text[300];
        snprintf(number, sizeof number, "%lld", (long long)twin);
        reply_msg(r, MSG_EXPENDITURE_TWIN, number, text, sizeof text);
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "code", "money.possible_duplicate");
        jsonw_kstr(&w, "field", "amount_fen");
        jsonw_kstr(&w, "message", text);
        jsonw_kint(&w, "duplicate_id", twin);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    done_json(r, status, &sb);
}

static void read_exp_body(struct req *r, struct expenditure *e)
{
    e->contract_id = body_int(r, "contract_id", e->contract_id);
    json_t *s = json_object_get(r->json, "station_id");
    if (s) {
        e->station_id = json_is_integer(s) ? json_integer_value(s) : 0;
    }
    e->spent_on = body_str(r, "spent_on", e->spent_on);
    e->category = body_str(r, "category", e->category);
    e->amount_fen = body_int(r, "amount_fen", e->amount_fen);
    e->payee = body_str(r, "payee", e->payee);
    e->description = body_str(r, "description", e->description);
}

/* An organisation's administrator records only its own contracts' (-1,
 * matching none, when the account names no organisation). */
static int64_t own_org(struct req *r)
{
    if (api_can(r, "money.manage") || !r->who) {
        return 0;
    }
    struct user u;
    int rc = user_store_get(r->db, r->arena, r->who->user_id, &u);
    return rc == DB_ROW && u.organisation_id > 0 ? u.organisation_id : -1;
}

/* The list's filters, the same for its export. */
static bool expenditure_filter(struct req *r, struct money_filter *f)
{
    return req_query_id(r, "contract_id", &f->contract_id) &&
           req_query_id(r, "station_id", &f->station_id) &&
           query_code(r, "category", "expense_category", "支出类别",
                      &f->category) &&
           query_period(r, f);
}

void api_expenditures_list(struct req *r)
{
    struct money_filter f = {0};
    int64_t page;
    if (!expenditure_filter(r, &f) || !paging(r, &f, &page)) {
        return;
    }
    struct expenditure *items;
    size_t n;
    int64_t total, sum = 0;
    int rc = money_store_expenditures(r->db, r->arena, r->scope, &f, &items,
                                      &n, &total);
    if (rc == DB_OK) {
        rc = money_store_expenditures_sum(r->db, r->scope, &f, &sum);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "expenditures");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    /* Every page's, as the .xlsx's 合计 row. */
    jsonw_kint(&w, "amount_fen_total", sum);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        write_expenditure(r, &w, &items[i]);
    }
    api_list_end(r, &sb, &w, total, page, f.limit);
}


enum { X_DAY, X_CONTRACT, X_STATION, X_CATEGORY, X_AMOUNT, X_PAYEE,
       X_NOTE, X_VOUCHERS, X_COUNT };

/* An expenditure export's filter and the page read. */
struct exp_pages {
    struct money_filter f;
    struct expenditure *items;
    int64_t amount_fen, vouchers; /* of the rows written: the 合计 row */
};

static int exp_page(struct req *r, void *ctx, int64_t offset, int limit,
                    size_t *n, int64_t *total)
{
    struct exp_pages *p = ctx;
    p->f.offset = offset;
    p->f.limit = limit;
    return money_store_expenditures(r->db, r->arena, r->scope, &p->f,
                                    &p->items, n, total);
}

static void exp_row(struct req *r, void *ctx, size_t i, const char **c)
{
    struct exp_pages *p = ctx;
    const struct expenditure *e = &p->items[i];
    p->amount_fen += e->amount_fen;
    p->vouchers += e->vouchers;
    c[X_DAY] = e->spent_on;
    c[X_CONTRACT] = e->contract_code;
    c[X_STATION] = e->station_name ? e->station_name : "";
    c[X_CATEGORY] = api_fixed_label(r, "expense_category", e->category);
    c[X_AMOUNT] = yuan_text(r->arena, e->amount_fen);
    c[X_PAYEE] = e->payee;
    c[X_NOTE] = e->description;
    c[X_VOUCHERS] = arena_printf(r->arena, "%lld", (long long)e->vouchers);
}

/* The period of f in words ("2026-01-01至2026-06-30", "2026-01-01起"),
 * or NULL when it has no bound. */
static const char *period_words(struct req *r, const struct money_filter *f)
{
    bool en = r->lang == LANG_EN;
    if (f->from && f->to) {
        return arena_printf(r->arena, en ? "%s – %s" : "%s至%s", f->from,
                            f->to);
    }
    if (f->from) {
        return arena_printf(r->arena, en ? "from %s" : "%s起", f->from);
    }
    if (f->to) {
        return arena_printf(r->arena, en ? "to %s" : "至%s", f->to);
    }
    return NULL;
}

/* The filter in words into *out, for the line under the title (NULL
 * when none), and in x the station for the file's name: which contract,
 * station, category and period an auditor's sheet covers. False after
 * replying to a store failure. */
static bool exp_filter_text(struct req *r, const struct money_filter *f,
                            struct export_filter *x, const char **out)
{
    api_export_filter_init(x, r);
    if (!api_export_filter_contract(x, f->contract_id) ||
        !api_export_filter_station(x, f->station_id)) {
        return false;
    }
    api_export_filter_add(
        x, "支出类别", "Category",
        f->category ? api_fixed_label(r, "expense_category", f->category)
                    : NULL);
    api_export_filter_add(x, "支出日期", "Spent", period_words(r, f));
    *out = api_export_filter_end(x);
    return true;
}

/* GET /expenditures.xlsx: the list with its filters, for an audit (审计
 * and 绩效评价 read the expenditures line by line). Past the ledgers'
 * export limit it is refused, not cut short. */
void api_expenditures_export(struct req *r)
{
    struct exp_pages p = {0};
    if (!expenditure_filter(r, &p.f)) {
        return;
    }
    const char **cells;
    size_t nrows;
    int rc = api_export_pages(
        r, X_COUNT, (size_t)server_settings(r->srv).ledger_export_max_rows,
        exp_page, exp_row, &p, &cells, &nrows);
    if (rc == DB_DONE) {
        return;
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "expenditure export");
        return;
    }
    struct export_filter ff;
    const char *filter;
    if (!exp_filter_text(r, &p.f, &ff, &filter)) {
        return;
    }
    bool eng = r->lang == LANG_EN;
    size_t nlines = nrows;
    if (nrows > 0) { /* a 合计 row under the lines, as a ledger ends */
        const char **all = arena_alloc(r->arena,
                                       sizeof *all * X_COUNT * (nrows + 1));
        memcpy(all, cells, sizeof *all * X_COUNT * nrows);
        const char **c = all + X_COUNT * nrows;
        for (size_t i = 0; i < X_COUNT; i++) {
            c[i] = "";
        }
        c[X_DAY] = eng ? "Total" : "合计";
        c[X_CATEGORY] = arena_printf(r->arena, eng ? "%zu items" : "%zu笔",
                                     nrows);
        c[X_AMOUNT] = yuan_text(r->arena, p.amount_fen);
        c[X_VOUCHERS] = arena_printf(r->arena, "%lld",
                                     (long long)p.vouchers);
        cells = all;
        nlines++;
    }
    static const char *const zh[X_COUNT] = {
        "支出日期", "协议编号", "站点", "支出类别",
        "金额（元）", "收款方", "说明", "凭证数"};
    static const char *const en[X_COUNT] = {
        "Spent on", "Contract", "Station", "Category",
        "Amount (yuan)", "Payee", "Description", "Vouchers"};
    static const double widths[X_COUNT] = {12, 16, 18, 14, 14, 20, 36, 8};
    static const bool numeric[X_COUNT] = {[X_AMOUNT] = true,
                                          [X_VOUCHERS] = true};
    struct sheet s = {
        .title = eng ? "Expenditures" : "项目支出明细",
        .subtitle = filter,
        .ncols = X_COUNT,
        .nrows = nlines,
        .header = eng ? en : zh,
        .cells = cells,
        .widths = widths,
        .numeric = numeric,
    };
    api_export_send_sheet(
        r, &s, "expenditure.export", "expenditure",
        arena_printf(r->arena,
                     "{\"format\":\"xlsx\",\"rows\":%zu,"
                     "\"contract_id\":%lld,\"station_id\":%lld}",
                     nrows, (long long)p.f.contract_id,
                     (long long)p.f.station_id),
        "expenditure export", "expenditures.xlsx",
        arena_printf(r->arena, "%s.xlsx",
                     api_export_file_base(&ff, "项目支出明细", "Expenditures")));
}

void api_expenditures_create(struct req *r)
{
    struct expenditure e = {.payee = "", .description = ""};
    read_exp_body(r, &e);
    e.created_by = r->who ? r->who->user_id : 0;
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (money_service_save_expenditure(&x, NULL, &e, own_org(r), 0, &id,
                                       &fail) != 0) {
        api_reply_fail(r, &fail, "expenditure");
        return;
    }
    reply_exp_saved(r, 201, id);
}

void api_expenditures_get(struct req *r)
{
    struct expenditure e;
    if (load_expenditure(r, &e)) {
        reply_expenditure(r, 200, e.id);
    }
}

bool api_expenditure_writable(struct req *r)
{
    struct expenditure e;
    if (!load_expenditure(r, &e)) {
        return false;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (money_service_expenditure_writable(&x, &e, own_org(r), &fail) != 0) {
        api_reply_fail(r, &fail, "expenditure");
        return false;
    }
    return true;
}

void api_expenditures_update(struct req *r)
{
    struct expenditure before;
    int64_t version;
    if (!load_expenditure(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct expenditure e = before;
    read_exp_body(r, &e);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (money_service_save_expenditure(&x, &before, &e, own_org(r), version,
                                       &id, &fail) != 0) {
        api_reply_fail(r, &fail, "expenditure");
        return;
    }
    reply_exp_saved(r, 200, id);
}

/* DELETE /expenditures/{id}: one entered twice (If-Match or version). */
void api_expenditures_delete(struct req *r)
{
    struct expenditure e;
    int64_t version;
    if (!load_expenditure(r, &e) || !api_expected_version(r, &version)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (money_service_delete_expenditure(&x, &e, own_org(r), version,
                                         &fail) != 0) {
        api_reply_fail(r, &fail, "expenditure delete");
        return;
    }
    api_reply_ok(r);
}

/* ---- a contract's ledger and the fund-use statement ----------------- */

static bool load_contract(struct req *r, struct money_contract *k)
{
    int64_t id;
    if (!req_param_id(r, 0, "服务协议", "contract", &id)) {
        return false;
    }
    return found(r, money_store_contract(r->db, r->arena, r->scope, id, k),
                 "服务协议", "contract");
}

static int64_t write_sums(struct jsonw *w, const char *key,
                          const struct money_sum *s, size_t n)
{
    int64_t total = 0;
    jsonw_key(w, key);
    jsonw_arr_open(w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(w);
        jsonw_kstr(w, "code", s[i].code);
        jsonw_kint(w, "amount_fen", s[i].amount_fen);
        jsonw_obj_close(w);
        total += s[i].amount_fen;
    }
    jsonw_arr_close(w);
    return total;
}

/* What the contract's installments paid (拨付计划 marked paid): the
 * money the organisation has actually received. */
static int paid_to(struct req *r, int64_t contract_id, int64_t *paid)
{
    struct payment *ps;
    size_t n;
    int rc = money_store_payments(r->db, r->arena, contract_id, &ps, &n);
    *paid = 0;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (strcmp(ps[i].status, "paid") == 0) {
            *paid += ps[i].amount_fen;
        }
    }
    return rc;
}

void api_contract_ledger(struct req *r)
{
    struct money_contract k;
    if (!load_contract(r, &k)) {
        return;
    }
    struct money_filter f = {.contract_id = k.id, .limit = 200};
    struct allocation *al;
    struct expenditure *ex;
    struct money_sum *in, *out;
    size_t n_al = 0, n_ex = 0, n_in = 0, n_out = 0;
    int64_t t_al, t_ex;
    int rc = money_store_allocations(r->db, r->arena, r->scope, &f, &al,
                                     &n_al, &t_al);
    if (rc == DB_OK) {
        rc = money_store_expenditures(r->db, r->arena, r->scope, &f, &ex,
                                      &n_ex, &t_ex);
    }
    if (rc == DB_OK) {
        rc = money_store_sum_allocations(r->db, r->arena, r->scope, &f, &in,
                                         &n_in);
    }
    if (rc == DB_OK) {
        rc = money_store_sum_expenditures(r->db, r->arena, r->scope, &f,
                                          &out, &n_out);
    }
    int64_t paid = 0;
    if (rc == DB_OK) {
        rc = paid_to(r, k.id, &paid);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "ledger");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "contract_id", k.id);
    jsonw_kstr(&w, "contract_code", k.code);
    jsonw_kstr(&w, "contract_title", k.title);
    jsonw_kint(&w, "contract_amount_fen", k.amount_fen);
    int64_t t_in = write_sums(&w, "in_by_source", in, n_in);
    int64_t t_out = write_sums(&w, "out_by_category", out, n_out);
    /* in_fen and balance_fen are what was allocated (kept as they were);
     * the organisation's cash is what the installments paid, which may
     * be far less: both balances are given, each named for its base. */
    jsonw_kint(&w, "in_fen", t_in);
    jsonw_kint(&w, "out_fen", t_out);
    jsonw_kint(&w, "balance_fen", t_in - t_out);
    jsonw_kint(&w, "allocated_fen", t_in);
    jsonw_kint(&w, "paid_fen", paid);
    jsonw_kint(&w, "balance_allocated_fen", t_in - t_out);
    jsonw_kint(&w, "balance_paid_fen", paid - t_out);
    jsonw_key(&w, "allocations");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n_al; i++) {
        write_allocation(&w, &al[i]);
    }
    jsonw_arr_close(&w);
    jsonw_key(&w, "expenditures");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n_ex; i++) {
        write_expenditure(r, &w, &ex[i]);
    }
    jsonw_arr_close(&w);
    jsonw_kbool(&w, "truncated", t_al > (int64_t)n_al || t_ex > (int64_t)n_ex);
    jsonw_obj_close(&w);
    done_json(r, 200, &sb);
}

/* Whose money a fund-use statement sums, in words: the reader's range,
 * which decides the sums (a county's, an organisation's, a few
 * stations'). A sheet handed to an inspector says whose it is. NULL
 * after replying to a store failure. */
static const char *range_words(struct req *r)
{
    bool en = r->lang == LANG_EN;
    const struct scope *sc = r->scope;
    const char *label = en ? "Range: " : "范围：";
    if (!sc || sc->all) {
        return arena_printf(r->arena, "%s%s", label,
                            en ? "all stations" : "全部站点");
    }
    if (sc->region_prefix) {
        struct region g;
        int rc = region_store_get(r->db, r->arena, sc->region_prefix, &g);
        if (rc != DB_ROW && rc != DB_DONE) {
            api_db_error(r, rc, "fund use range");
            return NULL;
        }
        const char *name = rc == DB_ROW ? g.name : sc->region_prefix;
        /* Below a county the sums are those of the contracts serving the
         * township (each contract's whole spending) and its stations'
         * allocations, not the township's alone: said so. */
        if (strlen(sc->region_prefix) > 6) {
            return arena_printf(r->arena,
                                en ? "%sthe contracts and stations serving %s"
                                   : "%s%s所涉服务协议及站点",
                                label, name);
        }
        return arena_printf(r->arena, "%s%s", label, name);
    }
    /* An organisation's range is its contracts' stations: named by it. */
    int rc = DB_DONE;
    struct user u;
    if (r->who && (r->who->roles & ROLE_BIT(ROLE_ORG_ADMIN))) {
        rc = user_store_get(r->db, r->arena, r->who->user_id, &u);
    }
    if (rc == DB_ROW && u.organisation_id > 0) {
        struct organisation o;
        rc = organisation_store_get(r->db, r->arena, u.organisation_id, &o);
        if (rc == DB_ROW) {
            return arena_printf(r->arena, "%s%s", label, o.name);
        }
    }
    if (rc != DB_ROW && rc != DB_DONE) {
        api_db_error(r, rc, "fund use range");
        return NULL;
    }
    /* Listed stations: the first three by name, and how many. */
    struct station_filter f = {.limit = 3};
    struct station *st;
    size_t n;
    int64_t total;
    rc = station_store_list(r->db, r->arena, sc, &f, &st, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "fund use range");
        return NULL;
    }
    struct strbuf b;
    strbuf_init(&b);
    strbuf_adds(&b, label);
    for (size_t i = 0; i < n; i++) {
        strbuf_adds(&b, i ? (en ? ", " : "、") : "");
        strbuf_adds(&b, st[i].name);
    }
    if (total > (int64_t)n) {
        strbuf_printf(&b, en ? " and %lld more" : "等%lld个站点",
                    (long long)(en ? total - (int64_t)n : total));
    }
    const char *out = arena_strdup(r->arena, b.buf ? b.buf : label);
    strbuf_free(&b);
    return out;
}

void api_fund_use(struct req *r)
{
    struct money_filter f = {0};
    if (!query_period(r, &f)) {
        return;
    }
    const char *format = req_query(r, "format");
    if (format && strcmp(format, "xlsx") != 0 && strcmp(format, "json")) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "format", "format",
                    "format");
        return;
    }
    struct money_sum *in, *out;
    size_t n_in, n_out;
    int rc = money_store_sum_allocations(r->db, r->arena, r->scope, &f, &in,
                                         &n_in);
    if (rc == DB_OK) {
        rc = money_store_sum_expenditures(r->db, r->arena, r->scope, &f,
                                          &out, &n_out);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "fund use");
        return;
    }
    if (format && strcmp(format, "xlsx") == 0) {
        bool en = r->lang == LANG_EN;
        static const char *const zh[] = {"类别", "项目", "金额（元）"};
        static const char *const enh[] = {"Part", "Item", "Amount (yuan)"};
        size_t rows = n_in + n_out + 3;
        const char **cells = arena_alloc(r->arena, sizeof *cells * rows * 3);
        size_t i = 0;
        int64_t t_in = 0, t_out = 0;
        for (size_t k = 0; k < n_in; k++, i++) {
            cells[i * 3] = en ? "Allocated" : "资金来源";
            cells[i * 3 + 1] = api_fixed_label(r, "fund_source", in[k].code);
            cells[i * 3 + 2] = yuan_text(r->arena, in[k].amount_fen);
            t_in += in[k].amount_fen;
        }
        for (size_t k = 0; k < n_out; k++, i++) {
            cells[i * 3] = en ? "Spent" : "支出";
            cells[i * 3 + 1] = api_fixed_label(r, "expense_category", out[k].code);
            cells[i * 3 + 2] = yuan_text(r->arena, out[k].amount_fen);
            t_out += out[k].amount_fen;
        }
        const char *totals[3][2] = {{"资金合计", "Allocated in all"},
                                    {"支出合计", "Spent in all"},
                                    {"结余", "Balance"}};
        int64_t tv[3] = {t_in, t_out, t_in - t_out};
        for (size_t k = 0; k < 3; k++, i++) {
            cells[i * 3] = en ? "Total" : "合计";
            cells[i * 3 + 1] = totals[k][en];
            cells[i * 3 + 2] = yuan_text(r->arena, tv[k]);
        }
        /* The period in words, as the ledgers' titles have it; an open
         * bound is not printed as an empty one ("（2026-01-01—）"). */
        const char *period = period_words(r, &f);
        const char *whose = range_words(r);
        if (!whose) {
            return;
        }
        static const double widths[] = {12, 28, 18};
        /* Amounts as numbers, as the expenditures' sheet writes them: a
         * text cell is not added up, and a negative balance as text was
         * guarded against formulas with an apostrophe. */
        static const bool numeric[] = {false, false, true};
        struct sheet s = {
            .title = !period ? (en ? "Fund use" : "资金使用情况表")
                             : arena_printf(r->arena,
                                            en ? "Fund use (%s)"
                                               : "资金使用情况表（%s）",
                                            period),
            .subtitle = whose,
            .ncols = 3,
            .nrows = rows,
            .header = en ? enh : zh,
            .cells = cells,
            .widths = widths,
            .numeric = numeric,
        };
        struct strbuf xb;
        strbuf_init(&xb);
        char err[200];
        if (sheet_xlsx(&s, &xb, err, sizeof err) != 0) {
            strbuf_free(&xb);
            reply_internal(r, err);
            return;
        }
        reply_download(r, &xb,
                       "application/vnd.openxmlformats-officedocument."
                       "spreadsheetml.sheet",
                       "fund-use.xlsx",
                       arena_printf(r->arena, "%s%s%s.xlsx",
                                    en ? "Fund use" : "资金使用情况表",
                                    period ? "-" : "", period ? period : ""));
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "from", f.from);
    jsonw_kstr(&w, "to", f.to);
    int64_t t_in = write_sums(&w, "by_source", in, n_in);
    int64_t t_out = write_sums(&w, "by_category", out, n_out);
    jsonw_kint(&w, "allocated_fen", t_in);
    jsonw_kint(&w, "spent_fen", t_out);
    jsonw_kint(&w, "balance_fen", t_in - t_out);
    jsonw_obj_close(&w);
    done_json(r, 200, &sb);
}

/* ---- acceptances ---------------------------------------------------- */

static void reply_created(struct req *r, int64_t id)
{
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "id", id);
    jsonw_obj_close(&w);
    done_json(r, 201, &sb);
}

void api_acceptances_list(struct req *r)
{
    struct money_filter f = {0};
    int64_t page;
    if (!req_query_id(r, "contract_id", &f.contract_id) ||
        !paging(r, &f, &page)) {
        return;
    }
    struct acceptance *items;
    size_t n;
    int64_t total;
    int rc = money_store_acceptances(r->db, r->arena, r->scope, &f, &items,
                                     &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "acceptances");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_kint(&w, "id", items[i].id);
        jsonw_kint(&w, "contract_id", items[i].contract_id);
        jsonw_kstr(&w, "accepted_on", items[i].accepted_on);
        jsonw_kstr(&w, "result", items[i].result);
        jsonw_kstr(&w, "notes", items[i].notes);
        jsonw_obj_close(&w);
    }
    api_list_end(r, &sb, &w, total, page, f.limit);
}

void api_acceptances_create(struct req *r)
{
    struct acceptance ac = {
        .contract_id = body_int(r, "contract_id", 0),
        .accepted_on = body_str(r, "accepted_on", ""),
        .result = body_str(r, "result", ""),
        .notes = body_str(r, "notes", ""),
    };
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (money_service_add_acceptance(&x, &ac, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "acceptance");
        return;
    }
    reply_created(r, id);
}

/* ---- payments ------------------------------------------------------- */

/* The contract's installments as they stand; false after replying. */
static bool schedule(struct req *r, const struct money_contract *k,
                     struct payment_view **v, size_t *n)
{
    struct payment *ps;
    /* All of them: an installment is judged on every one. */
    struct money_filter f = {.contract_id = k->id, .limit = INT_MAX};
    struct evaluation *ev;
    struct acceptance *ac;
    size_t n_ev = 0, n_ac = 0;
    int64_t total;
    struct calendar cal;
    int rc = money_store_payments(r->db, r->arena, k->id, &ps, n);
    if (rc == DB_OK) {
        rc = money_store_evaluations(r->db, r->arena, r->scope, &f, &ev,
                                     &n_ev, &total);
    }
    if (rc == DB_OK) {
        rc = money_store_acceptances(r->db, r->arena, r->scope, &f, &ac,
                                     &n_ac, &total);
    }
    if (rc == DB_OK) {
        rc = calendar_store_load(r->db, r->arena, &cal);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "payments");
        return false;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    *v = arena_alloc(r->arena, sizeof **v * (*n ? *n : 1));
    payment_plan_derive(r->arena, k, ev, n_ev, ac, n_ac, &cal, x.today, ps,
                        *n, *v);
    return true;
}

/* Whether the installment waits on a decision of the bureau before it
 * is paid: a hold (暂缓) until 特批 lifts it, or a failed evaluation or a
 * trigger after the termination not yet overridden. */
static bool payment_blocked(const struct payment_view *v)
{
    return strcmp(v->p->status, "withheld") == 0 || v->blocked ||
           (v->failed && !*v->p->override_reason);
}

/* Not payable only because its condition has not come (an evaluation
 * not yet held, the contract in force): 未到拨付条件, not 暂停, which to
 * a bureau is a sanction (the contracts' 违约责任: 购买方可暂停拨付). */
static bool payment_waiting(const struct payment_view *v)
{
    return v->blocked && !v->trigger_on && !v->failed &&
           !v->terminated_on && strcmp(v->p->status, "withheld") != 0 &&
           strcmp(v->p->status, "paid") != 0;
}

/* What the installment is of the contract's amount as it stands, in
 * hundredths of a percent rounded half up; -1 without an amount. The
 * plan's percent stops being that once a supplementary agreement changes
 * the amount after an installment was paid (those left share the rest),
 * and a 比例 printed beside an amount is read as its share of the
 * contract: both are given, the share first. */
static int64_t share_bp(const struct payment *p, int64_t total)
{
    /* A contract is at most 10^10 fen: the remainder times 20000 fits. */
    if (total <= 0 || total > INT64_MAX / 20000 || p->amount_fen < 0) {
        return -1;
    }
    int64_t whole = p->amount_fen / total, rem = p->amount_fen % total;
    return whole * 10000 + (rem * 20000 + total) / (2 * total);
}

/* bp as a percent without trailing zeros ("30", "31.5", "31.52"): the
 * way a script prints the JSON's share_percent, so that the screen and
 * the sheet write it alike. */
static const char *share_text(struct arena *a, int64_t bp)
{
    if (bp % 100 == 0) {
        return arena_printf(a, "%lld", (long long)(bp / 100));
    }
    if (bp % 10 == 0) {
        return arena_printf(a, "%lld.%lld", (long long)(bp / 100),
                            (long long)(bp % 100 / 10));
    }
    return arena_printf(a, "%lld.%02lld", (long long)(bp / 100),
                        (long long)(bp % 100));
}

static void write_payment(struct req *r, struct jsonw *w,
                          const struct payment_view *v, int64_t total)
{
    const struct payment *p = v->p;
    jsonw_obj_open(w);
    jsonw_kint(w, "id", p->id);
    jsonw_kint(w, "contract_id", p->contract_id);
    jsonw_kint(w, "seq", p->seq);
    jsonw_kint(w, "percent", p->percent);
    int64_t bp = share_bp(p, total);
    jsonw_key(w, "share_percent");
    if (bp < 0) {
        jsonw_null(w);
    } else {
        jsonw_raw(w, share_text(r->arena, bp));
    }
    jsonw_kstr(w, "trigger", p->trigger);
    jsonw_kint(w, "working_days", p->working_days);
    jsonw_kbool(w, "needs_acceptance", p->needs_acceptance);
    jsonw_kint(w, "amount_fen", p->amount_fen);
    jsonw_kstr(w, "status", v->state);
    jsonw_kstr(w, "trigger_on", v->trigger_on);
    jsonw_kstr(w, "due_on", v->due_on);
    jsonw_kbool(w, "provisional", v->provisional);
    jsonw_kbool(w, "overdue", v->overdue);
    int64_t late;
    jsonw_kbool(w, "paid_late", money_service_paid_late(v, &late));
    jsonw_kbool(w, "evaluation_failed", v->failed);
    jsonw_kbool(w, "after_termination", v->after_termination);
    jsonw_kbool(w, "blocked", payment_blocked(v));
    jsonw_kbool(w, "waiting", payment_waiting(v));
    jsonw_kstr(w, "accepted_on", v->accepted_on);
    jsonw_kstr(w, "paid_on", p->paid_on);
    jsonw_kstr(w, "withheld_reason", p->withheld_reason);
    jsonw_kstr(w, "override_reason", *p->override_reason ? p->override_reason
                                                         : NULL);
    jsonw_kstr(w, "override_by", *p->override_by ? p->override_by : NULL);
    jsonw_kstr(w, "override_by_name", p->override_by_name);
    jsonw_kstr(w, "override_at",
               p->override_at ? api_time(r, p->override_at) : NULL);
    jsonw_kint(w, "version", p->version);
    jsonw_obj_close(w);
}

static void reply_schedule(struct req *r, int status,
                           const struct money_contract *k)
{
    struct payment_view *v;
    size_t n;
    if (!schedule(r, k, &v, &n)) {
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "contract_id", k->id);
    jsonw_kstr(&w, "contract_code", k->code);
    jsonw_kint(&w, "contract_amount_fen", k->amount_fen);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        write_payment(r, &w, &v[i], k->amount_fen);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    done_json(r, status, &sb);
}

/* An installment's state as the screen shows it: the status, then
 * 逾期 when past its due date, 暂停 while a failed evaluation or the
 * contract's termination blocks it and 未到拨付条件 while its condition has
 * not come (a paid one: 逾期 with the days when it was paid late), so
 * that a sheet sent to the finance office does not read "应付" for money
 * owed late, nor a plain "已拨付" for money paid late. */
static const char *schedule_state(struct req *r, const struct payment_view *v)
{
    bool en = r->lang == LANG_EN;
    const char *s = api_fixed_label(r, "payment_status", v->state);
    if (strcmp(v->p->status, "paid") == 0) {
        int64_t late;
        if (!money_service_paid_late(v, &late)) {
            return s;
        }
        return arena_printf(r->arena, en ? "%s (%lld day(s) late)"
                                         : "%s（逾期%lld天）",
                            s, (long long)late);
    }
    if (payment_waiting(v)) {
        return arena_printf(r->arena, en ? "%s (condition not yet met)"
                                         : "%s（未到拨付条件）", s);
    }
    bool blocked = v->blocked || (v->failed && !*v->p->override_reason);
    if (v->overdue && blocked) {
        return arena_printf(r->arena, en ? "%s (overdue, blocked)"
                                         : "%s（逾期、暂停）", s);
    }
    if (v->overdue || blocked) {
        return arena_printf(r->arena, en ? "%s (%s)" : "%s（%s）", s,
                            v->overdue ? (en ? "overdue" : "逾期")
                                       : (en ? "blocked" : "暂停"));
    }
    return s;
}

/* The share column: the installment's share of the contract as it
 * stands, and the plan's percent beside it when they differ ("31.52%
 * （原定33%）"), as the screen shows share_percent and percent. */
static const char *schedule_share(struct req *r, const struct payment *p,
                                  int64_t total)
{
    bool en = r->lang == LANG_EN;
    int64_t bp = share_bp(p, total);
    if (bp < 0) {
        return arena_printf(r->arena, en ? "(planned %lld%%)" : "（原定%lld%%）",
                            (long long)p->percent);
    }
    const char *share = share_text(r->arena, bp);
    if (bp == p->percent * 100) {
        return arena_printf(r->arena, "%s%%", share);
    }
    return arena_printf(r->arena, en ? "%s%% (planned %lld%%)"
                                     : "%s%%（原定%lld%%）",
                        share, (long long)p->percent);
}

/* The reason column: why it was paid after all (特批), and why it was
 * held (暂缓) — while held, and once lifted or paid as history, since a
 * late payment's file must say why it was late (the screen shows both
 * reasons alike). */
static const char *schedule_reason(struct req *r, const struct payment *p)
{
    bool en = r->lang == LANG_EN;
    bool held = strcmp(p->status, "withheld") == 0;
    const char *hold = !*p->withheld_reason ? NULL
                       : held && !*p->override_reason
                           ? p->withheld_reason
                       : held ? arena_printf(r->arena,
                                             en ? "withheld: %s" : "暂缓：%s",
                                             p->withheld_reason)
                              : arena_printf(r->arena,
                                             en ? "withheld earlier: %s"
                                                : "曾暂缓：%s",
                                             p->withheld_reason);
    if (!*p->override_reason) {
        return hold ? hold : "";
    }
    if (!hold) {
        return p->override_reason;
    }
    return arena_printf(r->arena, en ? "override: %s; %s" : "特批：%s；%s",
                        p->override_reason, hold);
}

static void schedule_xlsx(struct req *r, const struct money_contract *k)
{
    struct payment_view *v;
    size_t n;
    if (!schedule(r, k, &v, &n)) {
        return;
    }
    bool en = r->lang == LANG_EN;
    static const char *const zh[] = {"期次", "占协议金额比例", "拨付条件",
                                      "条件达成日", "应付日期", "金额（元）",
                                      "状态", "拨付日期", "特批或暂缓理由"};
    static const char *const enh[] = {"No.", "Share of contract", "Trigger",
                                      "Trigger date", "Due by",
                                      "Amount (yuan)", "Status", "Paid on",
                                      "Override or withhold reason"};
    const char **cells = arena_alloc(r->arena, sizeof *cells * (n ? n : 1) * 9);
    for (size_t i = 0; i < n; i++) {
        const struct payment *p = v[i].p;
        const char **c = cells + i * 9;
        c[0] = arena_printf(r->arena, "%lld", (long long)p->seq);
        c[1] = schedule_share(r, p, k->amount_fen);
        c[2] = api_fixed_label(r, "payment_trigger", p->trigger);
        c[3] = v[i].trigger_on;
        c[4] = v[i].due_on ? arena_printf(r->arena, "%s%s", v[i].due_on,
                                          v[i].provisional
                                              ? (en ? " (provisional)"
                                                    : "（暂定）")
                                              : "")
                           : NULL;
        c[5] = yuan_text(r->arena, p->amount_fen);
        c[6] = schedule_state(r, &v[i]);
        c[7] = p->paid_on;
        c[8] = schedule_reason(r, p);
    }
    static const double widths[] = {6, 14, 18, 12, 18, 14, 10, 12, 30};
    /* The amounts as numbers a spreadsheet adds up, as the expenditures'
     * sheet writes them. */
    static const bool numeric[9] = {[5] = true};
    struct sheet s = {
        .title = arena_printf(r->arena, en ? "Payment schedule: %s"
                                           : "拨付计划：%s",
                              k->code),
        .ncols = 9,
        .nrows = n,
        .header = en ? enh : zh,
        .cells = cells,
        .widths = widths,
        .numeric = numeric,
    };
    struct strbuf xb;
    strbuf_init(&xb);
    char err[200];
    if (sheet_xlsx(&s, &xb, err, sizeof err) != 0) {
        strbuf_free(&xb);
        reply_internal(r, err);
        return;
    }
    reply_download(r, &xb,
                   "application/vnd.openxmlformats-officedocument."
                   "spreadsheetml.sheet",
                   arena_printf(r->arena, "payments-%lld.xlsx",
                                (long long)k->id),
                   arena_printf(r->arena, "%s-%s.xlsx", r->lang == LANG_EN ? "Payment schedule" : "拨付计划", k->code));
}

void api_contract_payments(struct req *r)
{
    struct money_contract k;
    if (!load_contract(r, &k)) {
        return;
    }
    const char *format = req_query(r, "format");
    if (format && strcmp(format, "xlsx") == 0) {
        schedule_xlsx(r, &k);
    } else if (format && strcmp(format, "json") != 0) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "format", "format",
                    "format");
    } else {
        reply_schedule(r, 200, &k);
    }
}

void api_contract_payments_generate(struct req *r)
{
    struct money_contract k;
    if (!load_contract(r, &k)) {
        return;
    }
    json_t *steps = json_object_get(r->json, "schedule");
    const struct profile_money *m = &api_profile(r)->money;
    struct payment_step buf[12];
    const struct payment_step *use = m->schedule;
    size_t n = m->n_schedule;
    if (steps) {
        n = json_array_size(steps);
        for (size_t i = 0; i < n && i < 12; i++) {
            json_t *o = json_array_get(steps, i);
            buf[i].percent =
                (int)json_integer_value(json_object_get(o, "percent"));
            buf[i].trigger = json_string_value(json_object_get(o, "trigger"));
            buf[i].working_days =
                (int)json_integer_value(json_object_get(o, "working_days"));
            buf[i].needs_acceptance =
                json_is_true(json_object_get(o, "needs_acceptance"));
        }
        use = buf;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (money_service_generate(&x, k.id, use, n, &fail) != 0) {
        api_reply_fail(r, &fail, "payments");
        return;
    }
    reply_schedule(r, 201, &k);
}

static void payment_action(struct req *r, enum payment_action act)
{
    int64_t id, version;
    if (!req_param_id(r, 0, "拨付", "payment", &id) ||
        !api_expected_version(r, &version)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (money_service_payment(&x, id, act, api_body_str(r, "paid_on"),
                              api_body_str(r, "reason"), version,
                              &fail) != 0) {
        api_reply_fail(r, &fail, "payment");
        return;
    }
    int64_t contract_id;
    struct money_contract k;
    int rc = money_service_payment_contract(&x, id, &contract_id);
    if (rc == DB_ROW) {
        rc = money_store_contract(r->db, r->arena, r->scope, contract_id, &k);
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "payment read back");
        return;
    }
    struct payment_view *v;
    size_t n;
    if (!schedule(r, &k, &v, &n)) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (v[i].p->id == id) {
            struct strbuf sb;
            struct jsonw w;
            reply_begin(r, &sb, &w);
            write_payment(r, &w, &v[i], k.amount_fen);
            done_json(r, 200, &sb);
            return;
        }
    }
    api_db_error(r, DB_ERROR, "payment read back");
}

void api_payments_pay(struct req *r)
{
    payment_action(r, PAY);
}
void api_payments_withhold(struct req *r)
{
    payment_action(r, WITHHOLD);
}
void api_payments_override(struct req *r)
{
    payment_action(r, OVERRIDE);
}
