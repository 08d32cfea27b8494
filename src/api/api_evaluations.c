/* 绩效评估: /evaluations (a contract's evaluations: a result as recorded,
 * or scored by indicators, which then decide its grade), /evaluations/{id}
 * with its scores, /evaluation_indicators (the tree, kept by the
 * sysadmin) and /evaluation_bands (the percentages of the full points a
 * grade starts at). Points are numbers with one decimal, kept in tenths. */
#include <string.h>

#include "../core/dictionary.h"
#include "../core/evaluation_service.h"
#include "../core/money_service.h"
#include "../util/parse.h"
#include "../util/sheet.h"
#include "../util/utf8.h"
#include "api.h"
#include "api_export.h"

static const char *const kinds[] = {"midterm", "final", "annual", NULL};

static bool is_grade(const char *s)
{
    return !*s || dictionary_fixed_has("evaluation_grade", s);
}

static const struct schema score_fields[] = {
    {.name = "indicator_id", .label_zh = "评估指标",
     .label_en = "indicator_id", .type = S_INT, .required = true, .min = 1},
    {.name = "score", .label_zh = "得分", .label_en = "score",
     .type = S_NUMBER, .required = true, .min = 0, .max = 100},
    {.name = "comment", .label_zh = "评分说明", .label_en = "comment",
     .type = S_STRING, .max = 500, .multiline = true},
    {0},
};
static const struct schema score_schema[] = {
    {.type = S_OBJECT, .fields = score_fields},
};

static const struct schema evaluation_fields[] = {
    {.name = "contract_id", .label_zh = "服务协议", .label_en = "contract_id",
     .type = S_INT, .required = true, .min = 1},
    {.name = "kind", .label_zh = "评估类型", .label_en = "kind",
     .type = S_ENUM, .required = true, .enums = kinds},
    {.name = "evaluated_on", .label_zh = "评估日期",
     .label_en = "evaluated_on", .type = S_DATE, .required = true},
    /* Required of a result recorded without scores (the handler). */
    {.name = "passed", .label_zh = "是否合格", .label_en = "passed",
     .type = S_BOOL},
    {.name = "grade", .label_zh = "等次", .label_en = "grade",
     .type = S_STRING, .max = 20, .check = is_grade,
     .check_msg = MSG_BAD_ENUM},
    {.name = "evaluator", .label_zh = "评估机构", .label_en = "evaluator",
     .type = S_STRING, .max = 100},
    {.name = "notes", .label_zh = "备注", .label_en = "notes",
     .type = S_STRING, .max = 1000, .multiline = true},
    {.name = "scores", .label_zh = "指标评分", .label_en = "scores",
     .type = S_ARRAY, .min = 1, .max = EVAL_SCORED_MAX,
     .fields = score_schema},
    {0},
};
const struct schema api_evaluation_create_schema = {
    .type = S_OBJECT, .fields = evaluation_fields};

#define INDICATOR_FIELDS                                                    \
    {.name = "name", .label_zh = "指标名称", .label_en = "name",            \
     .type = S_STRING, .min = 1, .max = 60},                                \
    {.name = "name_en", .label_zh = "英文名称", .label_en = "English name", \
     .type = S_STRING, .max = 100},                                         \
    {.name = "guidance", .label_zh = "评分标准", .label_en = "guidance",    \
     .type = S_STRING, .max = 500, .multiline = true},                      \
    {.name = "max_score", .label_zh = "分值", .label_en = "max_score",      \
     .type = S_NUMBER, .min = 0, .max = 100},                               \
    {.name = "sort_order", .label_zh = "排序", .label_en = "sort_order",    \
     .type = S_INT, .min = 0, .max = 100000}

static const struct schema indicator_create_fields[] = {
    {.name = "parent_id", .label_zh = "上级指标", .label_en = "parent_id",
     .type = S_INT, .nullable = true, .min = 1},
    INDICATOR_FIELDS,
    {0},
};
const struct schema api_indicator_create_schema = {
    .type = S_OBJECT, .fields = indicator_create_fields};
static const struct schema indicator_update_fields[] = {
    INDICATOR_FIELDS,
    {.name = "active", .label_zh = "在用", .label_en = "active",
     .type = S_BOOL},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_indicator_update_schema = {
    .type = S_OBJECT, .fields = indicator_update_fields};

static const struct schema band_fields[] = {
    {.name = "excellent", .label_zh = "优秀分数线", .label_en = "excellent",
     .type = S_INT, .required = true, .min = 1, .max = 100},
    {.name = "good", .label_zh = "良好分数线", .label_en = "good",
     .type = S_INT, .required = true, .min = 1, .max = 100},
    {.name = "pass", .label_zh = "合格分数线", .label_en = "pass",
     .type = S_INT, .required = true, .min = 1, .max = 100},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_evaluation_bands_schema = {.type = S_OBJECT,
                                                   .fields = band_fields};

/* ---- points: one decimal on the wire, tenths inside ------------------ */

/* Tenths (not negative) as the number they are: "8", "8.5". */
static const char *points_text(struct arena *a, int64_t tenths)
{
    return tenths % 10 == 0
               ? arena_printf(a, "%lld", (long long)(tenths / 10))
               : arena_printf(a, "%lld.%lld", (long long)(tenths / 10),
                              (long long)(tenths % 10));
}

static void write_points(struct req *r, struct jsonw *w, const char *key,
                         int64_t tenths)
{
    jsonw_key(w, key);
    if (tenths < 0) {
        jsonw_null(w);
    } else {
        jsonw_raw(w, points_text(r->arena, tenths));
    }
}

/* The member name at path, a number the schema has bounded to 0–100,
 * into tenths; false after replying 400 when it has a second decimal. */
static bool read_points(struct req *r, json_t *v, const char *path,
                        const char *label_zh, int64_t *tenths)
{
    /* The schema bounds the number to 0–100; one decimal written as a
     * double is within a few ulps of its tenths (8.3 * 10 is
     * 83.00000000000001), where 1e-7 is not. */
    double t = json_number_value(v) * 10;
    int64_t whole = (int64_t)(t + 0.5);
    double off = t - (double)whole;
    if (off > 1e-9 || off < -1e-9) {
        reply_error(r, 400, MSG_EVAL_SCORE_TENTHS, path, label_zh, path);
        return false;
    }
    *tenths = whole;
    return true;
}

/* ---- evaluations ------------------------------------------------------ */

/* Voiding removes a published result that payments and renewal are
 * worked out from: the bureau may, and whoever recorded it (a mistyped
 * score); another evaluator in the same county may not void a result she
 * did not give, least of all a failing one that holds up a payment. */
/* Whether she may void it: hers, or the bureau's to void. */
static bool may_void(const struct req *r, const struct evaluation *v)
{
    return r->who && ((r->who->roles & ROLE_BIT(ROLE_BUREAU)) ||
                      (v->created_by && v->created_by == r->who->user_id));
}

static void write_evaluation(struct req *r, struct jsonw *w,
                             const struct evaluation *v)
{
    jsonw_kint(w, "id", v->id);
    jsonw_kint(w, "contract_id", v->contract_id);
    jsonw_kstr(w, "contract_code", v->contract_code);
    jsonw_kstr(w, "contract_title", v->contract_title);
    jsonw_kstr(w, "organisation_name", v->organisation_name);
    jsonw_kstr(w, "kind", v->kind);
    jsonw_kstr(w, "evaluated_on", v->evaluated_on);
    jsonw_kbool(w, "passed", v->passed);
    jsonw_kstr(w, "grade", v->grade);
    jsonw_kstr(w, "evaluator", v->evaluator);
    jsonw_kstr(w, "notes", v->notes);
    write_points(r, w, "total_score", v->total_score);
    write_points(r, w, "max_score", v->max_score);
    jsonw_key(w, "voided_at");
    if (v->voided_at) {
        jsonw_str(w, api_time(r, v->voided_at));
    } else {
        jsonw_null(w);
    }
    jsonw_kstr(w, "voided_by", v->voided_by);
    jsonw_kstr(w, "voided_reason", v->voided_reason);
    /* Offered while in force (a payment made on it still refuses, and
     * says why). */
    jsonw_kbool(w, "voidable", !v->voided_at && may_void(r, v));
}

/* The list's and the export's filter: contract_id, kind, year. */
static bool read_filter(struct req *r, struct money_filter *f)
{
    static const char *const kq[] = {"", "midterm", "final", "annual", NULL};
    int k;
    if (!req_query_id(r, "contract_id", &f->contract_id) ||
        !req_query_choice(r, "kind", kq, &k)) {
        return false;
    }
    f->kind = k ? kq[k] : NULL;
    const char *year = req_query(r, "year");
    if (year && *year && !parse_int64(year, 2000, 2100, &f->year)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "year", "year", "year");
        return false;
    }
    return true;
}

void api_evaluations_list(struct req *r)
{
    struct money_filter f = {0};
    int64_t page;
    if (!read_filter(r, &f) || !req_paging(r, 20, &f.limit, &page)) {
        return;
    }
    f.offset = (page - 1) * f.limit;
    f.with_voided = true; /* shown as voided; the export leaves them out */
    struct evaluation *items;
    size_t n;
    int64_t total;
    int rc = money_store_evaluations(r->db, r->arena, r->scope, &f, &items,
                                     &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "evaluations");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        write_evaluation(r, &w, &items[i]);
        jsonw_obj_close(&w);
    }
    api_list_end(r, &sb, &w, total, page, f.limit);
}

/* The results as published (评估结果向社会公布): one row an evaluation
 * of the list's filter, with its contract, organisation, score and
 * grade; the scores by indicator stay on the page. */
enum { E_DAY, E_CODE, E_TITLE, E_ORG, E_KIND, E_BY, E_TOTAL, E_MAX, E_GRADE,
       E_PASSED, E_COUNT };

struct eval_pages {
    struct money_filter f;
    struct evaluation *items;
};

static int eval_page(struct req *r, void *ctx, int64_t offset, int limit,
                     size_t *n, int64_t *total)
{
    struct eval_pages *p = ctx;
    p->f.offset = offset;
    p->f.limit = limit;
    return money_store_evaluations(r->db, r->arena, r->scope, &p->f,
                                   &p->items, n, total);
}

static void eval_row(struct req *r, void *ctx, size_t i, const char **c)
{
    const struct evaluation *v = &((struct eval_pages *)ctx)->items[i];
    bool en = r->lang == LANG_EN;
    c[E_DAY] = v->evaluated_on;
    c[E_CODE] = v->contract_code;
    c[E_TITLE] = v->contract_title;
    c[E_ORG] = v->organisation_name;
    c[E_KIND] = api_fixed_label(r, "evaluation_kind", v->kind);
    c[E_BY] = v->evaluator;
    c[E_TOTAL] = v->total_score < 0 ? "" : points_text(r->arena,
                                                      v->total_score);
    c[E_MAX] = v->max_score < 0 ? "" : points_text(r->arena, v->max_score);
    c[E_GRADE] = *v->grade ? api_fixed_label(r, "evaluation_grade", v->grade)
                           : "";
    c[E_PASSED] = v->passed ? (en ? "passed" : "合格")
                            : (en ? "failed" : "不合格");
}

/* The export's filter in words into *out, for the line under its title:
 * a published sheet says which contract, kind and year it covers. False
 * after replying to a store failure. */
static bool eval_filter_text(struct req *r, const struct money_filter *f,
                             const char **out)
{
    struct export_filter x;
    api_export_filter_init(&x, r);
    if (!api_export_filter_contract(&x, f->contract_id)) {
        return false;
    }
    api_export_filter_add(
        &x, "评估类型", "Kind",
        f->kind ? api_fixed_label(r, "evaluation_kind", f->kind) : NULL);
    api_export_filter_add(
        &x, "评估年度", "Year",
        f->year ? arena_printf(r->arena,
                               r->lang == LANG_EN ? "%lld" : "%lld年",
                               (long long)f->year)
                : NULL);
    *out = api_export_filter_end(&x);
    return true;
}

void api_evaluations_export(struct req *r)
{
    struct eval_pages p = {0};
    if (!read_filter(r, &p.f)) {
        return;
    }
    const char **cells;
    size_t nrows;
    int rc = api_export_pages(
        r, E_COUNT, (size_t)server_settings(r->srv).ledger_export_max_rows,
        eval_page, eval_row, &p, &cells, &nrows);
    if (rc == DB_DONE) {
        return;
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "evaluation export");
        return;
    }
    const char *filter;
    if (!eval_filter_text(r, &p.f, &filter)) {
        return;
    }
    bool en = r->lang == LANG_EN;
    static const char *const zh[E_COUNT] = {
        "评估日期", "协议编号", "项目名称", "承接机构", "评估类型",
        "评估机构", "总分", "满分", "等次", "评估结论"};
    static const char *const eng[E_COUNT] = {
        "Evaluated on", "Contract", "Project", "Organisation", "Kind",
        "Evaluator", "Score", "Full points", "Grade", "Result"};
    static const double widths[E_COUNT] = {12, 18, 30, 26, 10,
                                           20, 8, 8, 8, 10};
    static const bool numeric[E_COUNT] = {[E_TOTAL] = true, [E_MAX] = true};
    struct sheet s = {
        .title = en ? "Evaluation results" : "绩效评估结果",
        .subtitle = filter,
        .ncols = E_COUNT,
        .nrows = nrows,
        .header = en ? eng : zh,
        .cells = cells,
        .widths = widths,
        .numeric = numeric,
    };
    api_export_send_sheet(
        r, &s, "evaluation.export", "evaluation",
        arena_printf(r->arena,
                     "{\"format\":\"xlsx\",\"rows\":%zu,\"year\":%lld}",
                     nrows, (long long)p.f.year),
        "evaluation export", "evaluations.xlsx", "绩效评估结果.xlsx");
}

static void reply_evaluation(struct req *r, int status, int64_t id)
{
    struct evaluation v;
    int rc = money_store_evaluation_get(r->db, r->arena, r->scope, id, &v);
    struct eval_score *sc = NULL;
    size_t n = 0;
    if (rc == DB_ROW) {
        int s = evaluation_store_scores(r->db, r->arena, id, &sc, &n);
        rc = s == DB_OK ? DB_ROW : s;
    }
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "评估记录", "evaluation");
        return;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "evaluation");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    write_evaluation(r, &w, &v);
    jsonw_key(&w, "scores");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_kint(&w, "indicator_id", sc[i].indicator_id);
        jsonw_kstr(&w, "dimension", sc[i].dimension);
        jsonw_kstr(&w, "name", sc[i].name);
        write_points(r, &w, "max_score", sc[i].max_score);
        write_points(r, &w, "score", sc[i].score);
        jsonw_kstr(&w, "comment", sc[i].comment);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, status, &sb);
}

static const struct schema void_fields[] = {
    {.name = "reason", .label_zh = "作废理由", .label_en = "reason",
     .type = S_STRING, .required = true, .min = 2, .max = 200},
    {0},
};
const struct schema api_evaluation_void_schema = {.type = S_OBJECT,
                                                  .fields = void_fields};

void api_evaluations_void(struct req *r)
{
    int64_t id;
    if (!req_param_id(r, 0, "评估记录", "evaluation", &id)) {
        return;
    }
    struct evaluation v;
    int rc = money_store_evaluation_get(r->db, r->arena, r->scope, id, &v);
    if (rc == DB_ROW && !may_void(r, &v)) {
        server_audit_denial(r, NULL, "not_recorder");
        reply_error(r, 403, MSG_EVAL_NOT_RECORDER, NULL, NULL, NULL);
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (money_service_void_evaluation(&x, id, api_body_str(r, "reason"),
                                      &fail) != 0) {
        api_reply_fail(r, &fail, "evaluation");
        return;
    }
    reply_evaluation(r, 200, id);
}

void api_evaluations_get(struct req *r)
{
    int64_t id;
    if (req_param_id(r, 0, "评估记录", "evaluation", &id)) {
        reply_evaluation(r, 200, id);
    }
}

/* The body's scores into *v; false after replying on a bad score. */
static bool read_scores(struct req *r, struct evaluation *v)
{
    json_t *arr = json_object_get(r->json, "scores");
    if (!json_is_array(arr)) {
        return true;
    }
    v->n_scores = json_array_size(arr);
    v->scores = arena_alloc(r->arena, v->n_scores * sizeof *v->scores);
    for (size_t i = 0; i < v->n_scores; i++) {
        json_t *o = json_array_get(arr, i);
        struct eval_score *s = &v->scores[i];
        s->indicator_id = json_integer_value(json_object_get(o, "indicator_id"));
        json_t *c = json_object_get(o, "comment");
        s->comment = json_is_string(c) ? json_string_value(c) : "";
        const char *path = arena_printf(r->arena, "scores[%zu].score", i);
        if (!read_points(r, json_object_get(o, "score"), path, "得分",
                         &s->score)) {
            return false;
        }
    }
    return true;
}

/* A result is a judgement, and the published results (and the .xlsx)
 * name who judged: an evaluation, scored by indicators or entered from
 * the evaluator's paper, needs its evaluator. Only a new one: the rows
 * recorded before this rule, without one, still read as they are.
 * False after replying 400 on "evaluator". */
static bool scorer_named(struct req *r, const struct evaluation *v)
{
    if (v->evaluator && !utf8_blank(v->evaluator)) {
        return true;
    }
    reply_error(r, 400, MSG_REQUIRED, "evaluator", "评估机构", "evaluator");
    return false;
}

void api_evaluations_create(struct req *r)
{
    json_t *passed = json_object_get(r->json, "passed");
    struct evaluation v = {
        .contract_id = json_integer_value(json_object_get(r->json,
                                                          "contract_id")),
        .kind = api_body_str(r, "kind"),
        .evaluated_on = api_body_str(r, "evaluated_on"),
        .passed = json_is_true(passed),
        .passed_given = passed != NULL,
        .grade = api_body_str(r, "grade"),
        .evaluator = api_body_str(r, "evaluator"),
        .notes = api_body_str(r, "notes"),
    };
    if (!read_scores(r, &v)) {
        return;
    }
    if (!v.scores && !passed) {
        reply_error(r, 400, MSG_REQUIRED, "passed", "是否合格", "passed");
        return;
    }
    if (!scorer_named(r, &v)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (money_service_add_evaluation(&x, &v, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "evaluation");
        return;
    }
    reply_evaluation(r, 201, id);
}

/* ---- the indicator tree and the bands -------------------------------- */

static void write_indicator(struct jsonw *w, const struct eval_indicator *it)
{
    jsonw_kint(w, "id", it->id);
    api_kid(w, "parent_id", it->parent_id);
    jsonw_kstr(w, "name", it->name);
    jsonw_kstr(w, "name_en", it->name_en);
    jsonw_kstr(w, "guidance", it->guidance);
    jsonw_kint(w, "sort_order", it->sort_order);
    jsonw_kbool(w, "active", it->active);
    jsonw_kint(w, "version", it->version);
}

/* The tree: each 一级指标 with its points (its active 二级指标's) and
 * children, the full points of what is in use, and the bands.
 * ?all=true adds what was stopped, for the page that keeps the tree. */
void api_evaluation_indicators_list(struct req *r)
{
    const char *all = req_query(r, "all");
    bool with_stopped = all && strcmp(all, "true") == 0;
    struct eval_indicator *t;
    size_t n;
    int64_t bands[BAND_COUNT], bands_version = 0;
    int rc = evaluation_store_indicators(r->db, r->arena, &t, &n);
    if (rc == DB_OK) {
        rc = evaluation_store_bands(r->db, bands, &bands_version);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "evaluation indicators");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    int64_t full = 0;
    for (size_t p = 0; p < n && t[p].parent_id == 0; p++) {
        if (!t[p].active && !with_stopped) {
            continue;
        }
        int64_t points = 0;
        for (size_t c = 0; c < n; c++) {
            if (t[c].parent_id == t[p].id && t[c].active) {
                points += t[c].max_score;
            }
        }
        if (t[p].active) {
            full += points;
        }
        jsonw_obj_open(&w);
        write_indicator(&w, &t[p]);
        write_points(r, &w, "max_score", points);
        jsonw_key(&w, "children");
        jsonw_arr_open(&w);
        for (size_t c = 0; c < n; c++) {
            if (t[c].parent_id != t[p].id || (!t[c].active && !with_stopped)) {
                continue;
            }
            jsonw_obj_open(&w);
            write_indicator(&w, &t[c]);
            write_points(r, &w, "max_score", t[c].max_score);
            jsonw_obj_close(&w);
        }
        jsonw_arr_close(&w);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    write_points(r, &w, "max_score", full);
    jsonw_key(&w, "bands");
    jsonw_obj_open(&w);
    jsonw_kint(&w, "excellent", bands[BAND_EXCELLENT]);
    jsonw_kint(&w, "good", bands[BAND_GOOD]);
    jsonw_kint(&w, "pass", bands[BAND_PASS]);
    jsonw_kint(&w, "version", bands_version);
    jsonw_obj_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

static void reply_indicator(struct req *r, int status, int64_t id)
{
    struct eval_indicator *t;
    size_t n;
    int rc = evaluation_store_indicators(r->db, r->arena, &t, &n);
    const struct eval_indicator *found = NULL;
    int64_t children = 0; /* a 一级指标's points, as the list gives them */
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (t[i].id == id) {
            found = &t[i];
        } else if (t[i].parent_id == id && t[i].active) {
            children += t[i].max_score;
        }
    }
    if (rc != DB_OK || !found) {
        api_db_error(r, rc == DB_OK ? DB_ERROR : rc, "indicator");
        return;
    }
    struct eval_indicator it = *found;
    if (it.parent_id == 0) {
        it.max_score = children;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    write_indicator(&w, &it);
    write_points(r, &w, "max_score", it.max_score);
    jsonw_obj_close(&w);
    reply_json(r, status, &sb);
}

/* The body's members over *it; false after replying on bad points. */
static bool apply_indicator(struct req *r, struct eval_indicator *it)
{
    const char *v;
    if ((v = api_body_str(r, "name")) != NULL) {
        it->name = v;
    }
    if ((v = api_body_str(r, "name_en")) != NULL) {
        it->name_en = v;
    }
    if ((v = api_body_str(r, "guidance")) != NULL) {
        it->guidance = v;
    }
    json_t *j = json_object_get(r->json, "sort_order");
    if (j) {
        it->sort_order = json_integer_value(j);
    }
    j = json_object_get(r->json, "active");
    if (j) {
        it->active = json_is_true(j);
    }
    j = json_object_get(r->json, "max_score");
    return !j || read_points(r, j, "max_score", "分值", &it->max_score);
}

void api_evaluation_indicators_create(struct req *r)
{
    struct eval_indicator it = {
        .parent_id = json_integer_value(json_object_get(r->json,
                                                        "parent_id")),
        .name = NULL, .name_en = "", .guidance = "", .sort_order = 100,
    };
    if (!apply_indicator(r, &it)) {
        return;
    }
    if (!it.name) {
        reply_error(r, 400, MSG_REQUIRED, "name", "指标名称", "name");
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (evaluation_indicator_create(&x, &it, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "indicator");
        return;
    }
    reply_indicator(r, 201, id);
}

void api_evaluation_indicators_update(struct req *r)
{
    int64_t id, version;
    if (!req_param_id(r, 0, "评估指标", "indicator", &id) ||
        !api_expected_version(r, &version)) {
        return;
    }
    struct eval_indicator before;
    int rc = evaluation_store_indicator_get(r->db, r->arena, id, &before);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "评估指标", "indicator");
        return;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "indicator");
        return;
    }
    struct eval_indicator it = before;
    it.version = version;
    if (!apply_indicator(r, &it)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (evaluation_indicator_update(&x, &before, &it, &fail) != 0) {
        api_reply_fail(r, &fail, "indicator");
        return;
    }
    reply_indicator(r, 200, id);
}

void api_evaluation_bands_update(struct req *r)
{
    int64_t version;
    if (!api_expected_version(r, &version)) {
        return;
    }
    int64_t min[BAND_COUNT] = {
        [BAND_EXCELLENT] = json_integer_value(json_object_get(r->json,
                                                              "excellent")),
        [BAND_GOOD] = json_integer_value(json_object_get(r->json, "good")),
        [BAND_PASS] = json_integer_value(json_object_get(r->json, "pass")),
    };
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (evaluation_bands_update(&x, min, version, &fail) != 0) {
        api_reply_fail(r, &fail, "bands");
        return;
    }
    api_evaluation_indicators_list(r);
}
