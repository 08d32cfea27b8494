/* /api/v1/reports: monthly briefs, quarterly and half-year reports,
 * mid-term and final reports, fund-use statements and the annual
 * self-evaluation (issue 8) — the figures from the statistics, the
 * narrative the author writes, the workflow draft → submitted →
 * returned / accepted with its history, the deadline from the profile,
 * and the report as .xlsx (GET /api/v1/reports/{id}.xlsx). */
#include <stdlib.h>
#include <string.h>

#include "../core/profile.h"
#include "../core/report_figures.h"
#include "../core/report_service.h"
#include "../core/report_types.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"
#include "report_xlsx.h"

static bool is_type(const char *s)
{
    return report_type_from_code(s) >= 0;
}

#define NARRATIVE(key, zh)                                                  \
    {.name = key, .label_zh = zh, .label_en = key, .type = S_STRING,       \
     .max = 20000, .multiline = true}
#define NARRATIVE_FIELDS                                                    \
    NARRATIVE("key_work", "重点工作"), NARRATIVE("highlights", "亮点与成效"), \
        NARRATIVE("typical_cases", "典型案例"),                             \
        NARRATIVE("problems", "存在问题"),                                  \
        NARRATIVE("next_plan", "下阶段计划")

static const struct schema create_fields[] = {
    {.name = "type", .label_zh = "报告类型", .label_en = "type",
     .type = S_STRING, .required = true, .max = 20, .check = is_type,
     .check_msg = MSG_BAD_ENUM},
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .min = 1},
    {.name = "region_code", .label_zh = "行政区划", .label_en = "region_code",
     .type = S_STRING, .max = 12},
    {.name = "contract_id", .label_zh = "服务协议", .label_en = "contract_id",
     .type = S_INT, .min = 1},
    {.name = "period_from", .label_zh = "报告期起", .label_en = "period_from",
     .type = S_STRING, .required = true, .max = 7},
    {.name = "period_to", .label_zh = "报告期止", .label_en = "period_to",
     .type = S_STRING, .max = 7},
    NARRATIVE_FIELDS,
    {0},
};
const struct schema api_report_create_schema = {.type = S_OBJECT,
                                                .fields = create_fields};
static const struct schema update_fields[] = {
    NARRATIVE_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_report_update_schema = {.type = S_OBJECT,
                                                .fields = update_fields};
static const struct schema submit_fields[] = {
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_report_submit_schema = {.type = S_OBJECT,
                                                .fields = submit_fields};
static const struct schema review_fields[] = {
    {.name = "comment", .label_zh = "审核意见", .label_en = "comment",
     .type = S_STRING, .max = 5000, .multiline = true},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_report_review_schema = {.type = S_OBJECT,
                                                .fields = review_fields};

static void report_ctx(struct req *r, struct client_ctx *x,
                       struct report_ctx *c)
{
    api_client_ctx(r, x);
    c->x = x;
    c->roles = r->who ? r->who->roles : 0;
    c->profile = r->srv->profile;
}

/* Type t's name under the active profile, in the reader's language. */
static const char *type_label(struct req *r, int t)
{
    const struct profile *p = r->srv->profile;
    return report_type_label(p ? &p->reports : NULL, t, r->lang == LANG_EN);
}

/* The day the report is due under the active profile, or NULL. */
static const char *due_on(struct req *r, const struct report *p)
{
    int t = report_type_from_code(p->type), to;
    char due[16];
    /* A period before the go-live month has no day here: written on
     * paper, or entered later, it is neither overdue nor late. */
    if (t < 0 || !r->srv->profile || !r->srv->profile->reports.present ||
        !report_month_parse(p->period_to, &to) ||
        report_before_live(to, server_settings(r->srv).reports_owed_from) ||
        !report_due_on(&r->srv->profile->reports.types[t], to, due)) {
        return NULL;
    }
    return arena_strdup(r->arena, due);
}

static void write_report(struct req *r, struct jsonw *w,
                         const struct report *p, const char *figures,
                         const struct report_event *ev, size_t n_ev)
{
    int t = report_type_from_code(p->type);
    jsonw_obj_open(w);
    jsonw_kint(w, "id", p->id);
    jsonw_kstr(w, "type", p->type);
    jsonw_kstr(w, "type_label",
               t < 0 ? p->type : type_label(r, t));
    api_kid(w, "station_id", p->station_id);
    jsonw_kstr(w, "region_code", p->region_code);
    api_kid(w, "contract_id", p->contract_id);
    api_kid(w, "organisation_id", p->organisation_id);
    jsonw_kstr(w, "scope_name", p->scope_name);
    jsonw_kstr(w, "period_from", p->period_from);
    jsonw_kstr(w, "period_to", p->period_to);
    jsonw_kstr(w, "status", p->status);
    const char *due = due_on(r, p);
    jsonw_kstr(w, "due_on", due);
    /* Past its day and not (or no longer) submitted. */
    char today[16];
    cn_date_format(cn_date_of(cn_now()), today);
    jsonw_kbool(w, "overdue",
                due && strcmp(today, due) > 0 &&
                    (strcmp(p->status, "draft") == 0 ||
                     strcmp(p->status, "returned") == 0));
    jsonw_kstr(w, "key_work", p->key_work);
    jsonw_kstr(w, "highlights", p->highlights);
    jsonw_kstr(w, "typical_cases", p->typical_cases);
    jsonw_kstr(w, "problems", p->problems);
    jsonw_kstr(w, "next_plan", p->next_plan);
    jsonw_kstr(w, "submitted_on", p->submitted_on);
    api_kid(w, "submitted_by", p->submitted_by);
    jsonw_kstr(w, "reviewed_on", p->reviewed_on);
    jsonw_kstr(w, "review_comment", p->review_comment);
    api_kid(w, "created_by", p->created_by);
    if (figures) {
        /* Frozen at submission, or computed now for a draft. */
        jsonw_kbool(w, "figures_frozen", p->figures != NULL);
        jsonw_key(w, "figures");
        jsonw_raw(w, figures);
    }
    if (ev) {
        jsonw_key(w, "history");
        jsonw_arr_open(w);
        for (size_t i = 0; i < n_ev; i++) {
            jsonw_obj_open(w);
            jsonw_kint(w, "id", ev[i].id);
            jsonw_kstr(w, "action", ev[i].action);
            jsonw_kint(w, "report_version", ev[i].report_version);
            jsonw_kstr(w, "comment", ev[i].comment);
            jsonw_kstr(w, "user_name", ev[i].user_name);
            jsonw_kstr(w, "display_name", ev[i].display_name
                                              ? ev[i].display_name
                                              : ev[i].user_name);
            jsonw_kstr(w, "at", api_time(r, ev[i].created_at));
            if (ev[i].figures) {
                jsonw_key(w, "figures");
                jsonw_raw(w, report_figures_localise(r->db, r->arena,
                                                     ev[i].figures, r->lang));
            }
            if (ev[i].narrative) {
                jsonw_key(w, "narrative");
                jsonw_raw(w, ev[i].narrative);
            }
            jsonw_obj_close(w);
        }
        jsonw_arr_close(w);
    }
    jsonw_kint(w, "version", p->version);
    jsonw_kstr(w, "updated_at", api_time(r, p->updated_at));
    jsonw_obj_close(w);
}

/* The report's figures: frozen, or live while it is a draft. */
static bool figures_of(struct req *r, const struct report *p,
                       const char **out)
{
    if (p->figures) {
        *out = report_figures_localise(r->db, r->arena, p->figures, r->lang);
        return true;
    }
    int rc = report_figures_compute(r->db, r->arena, p, cn_now(), out);
    if (rc != DB_OK) {
        api_db_error(r, rc, "report figures");
        return false;
    }
    *out = report_figures_localise(r->db, r->arena, *out, r->lang);
    return true;
}

static void reply_full(struct req *r, int status, const struct report *p)
{
    const char *figures;
    struct report_event *ev;
    size_t n_ev;
    if (!figures_of(r, p, &figures)) {
        return;
    }
    int rc = report_store_events(r->db, r->arena, p->id, &ev, &n_ev);
    if (rc != DB_OK) {
        api_db_error(r, rc, "report history");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_report(r, &w, p, figures, ev, n_ev);
    reply_json(r, status, &sb);
}

static void reply_id(struct req *r, int status, int64_t id)
{
    struct report p;
    int rc = report_store_get(r->db, r->arena, &scope_all, id, &p);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "report read back");
        return;
    }
    reply_full(r, status, &p);
}

static void read_narrative(struct req *r, struct report *p)
{
    static const char *const keys[] = {"key_work", "highlights",
                                       "typical_cases", "problems",
                                       "next_plan"};
    const char **dst[] = {&p->key_work, &p->highlights, &p->typical_cases,
                          &p->problems, &p->next_plan};
    for (size_t i = 0; i < 5; i++) {
        const char *v = api_body_str(r, keys[i]);
        if (v) {
            *dst[i] = v;
        }
    }
}

void api_reports_create(struct req *r)
{
    struct report p;
    memset(&p, 0, sizeof p);
    p.type = api_body_str(r, "type");
    p.station_id = json_integer_value(json_object_get(r->json, "station_id"));
    p.contract_id =
        json_integer_value(json_object_get(r->json, "contract_id"));
    p.region_code = api_body_str(r, "region_code");
    p.period_from = api_body_str(r, "period_from");
    p.period_to = api_body_str(r, "period_to");
    if (!p.period_to) {
        p.period_to = p.period_from;
    }
    read_narrative(r, &p);
    struct client_ctx x;
    struct report_ctx c;
    report_ctx(r, &x, &c);
    struct client_fail fail;
    int64_t id;
    if (report_service_create(&c, &p, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "report write");
        return;
    }
    reply_id(r, 201, id);
}

/* The report named by the path, in the caller's range; *xlsx when the
 * path asks for the spreadsheet ({id}.xlsx). */
static bool load(struct req *r, struct report *p, bool *xlsx)
{
    const char *s = req_param(r, 0);
    size_t len = s ? strlen(s) : 0;
    bool want = len > 5 && strcmp(s + len - 5, ".xlsx") == 0;
    if (xlsx) {
        *xlsx = want;
    }
    int64_t id = 0;
    char digits[24];
    size_t n = want ? len - 5 : len;
    if (n == 0 || n >= sizeof digits || (want && !xlsx)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "报告", "report");
        return false;
    }
    memcpy(digits, s, n);
    digits[n] = 0;
    if (!parse_int64(digits, 1, INT64_MAX, &id)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "报告", "report");
        return false;
    }
    int rc = report_store_get(r->db, r->arena, r->scope, id, p);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "报告", "report");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "report get");
        return false;
    }
    return true;
}

bool api_report_writable(struct req *r)
{
    struct report p;
    if (!load(r, &p, NULL)) {
        return false;
    }
    struct client_ctx x;
    struct report_ctx c;
    report_ctx(r, &x, &c);
    struct client_fail fail;
    if (report_service_writable(&c, &p, &fail) != 0) {
        api_reply_fail(r, &fail, "report");
        return false;
    }
    return true;
}

/* The .xlsx's name as its reader would file it, in her language. */
static const char *xlsx_name(struct req *r, const struct report *p)
{
    int t = report_type_from_code(p->type);
    bool en = r->lang == LANG_EN;
    const char *type = type_label(r, t);
    if (strcmp(p->period_from, p->period_to) == 0) {
        return arena_printf(r->arena,
                            en ? "%s %s (%s).xlsx" : "%s%s（%s）.xlsx",
                            p->scope_name, type, p->period_from);
    }
    return arena_printf(r->arena,
                        en ? "%s %s (%s to %s).xlsx" : "%s%s（%s至%s）.xlsx",
                        p->scope_name, type, p->period_from, p->period_to);
}

void api_reports_get(struct req *r)
{
    struct report p;
    bool xlsx;
    if (!load(r, &p, &xlsx)) {
        return;
    }
    if (!xlsx) {
        reply_full(r, 200, &p);
        return;
    }
    const char *figures;
    if (!figures_of(r, &p, &figures)) {
        return;
    }
    struct strbuf xb;
    strbuf_init(&xb);
    char err[200];
    int t = report_type_from_code(p.type);
    if (report_xlsx(&p, figures, t < 0 ? p.type : type_label(r, t),
                    r->lang == LANG_EN, &xb, err, sizeof err) != 0) {
        strbuf_free(&xb);
        reply_internal(r, err);
        return;
    }
    reply_download(
        r, &xb,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        arena_printf(r->arena, "report-%lld.xlsx", (long long)p.id),
        xlsx_name(r, &p));
}

void api_reports_update(struct req *r)
{
    struct report before;
    int64_t version;
    if (!load(r, &before, NULL) || !api_expected_version(r, &version)) {
        return;
    }
    struct report p = before;
    read_narrative(r, &p);
    struct client_ctx x;
    struct report_ctx c;
    report_ctx(r, &x, &c);
    struct client_fail fail;
    if (report_service_update(&c, &before, &p, version, &fail) != 0) {
        api_reply_fail(r, &fail, "report write");
        return;
    }
    reply_id(r, 200, before.id);
}

/* A step on the report of the path at the version the client read: the
 * report as it is after it, or (gone) a bare OK. */
static void step(struct req *r,
                 int (*fn)(const struct report_ctx *, const struct report *,
                           int64_t, struct client_fail *),
                 bool removes)
{
    struct report before;
    int64_t version;
    if (!load(r, &before, NULL) || !api_expected_version(r, &version)) {
        return;
    }
    struct client_ctx x;
    struct report_ctx c;
    report_ctx(r, &x, &c);
    struct client_fail fail;
    if (fn(&c, &before, version, &fail) != 0) {
        api_reply_fail(r, &fail, "report write");
        return;
    }
    if (removes) {
        api_reply_ok(r);
    } else {
        reply_id(r, 200, before.id);
    }
}

void api_reports_delete(struct req *r)
{
    step(r, report_service_delete, true);
}

void api_reports_submit(struct req *r)
{
    step(r, report_service_submit, false);
}

static void review(struct req *r, bool accept)
{
    struct report before;
    int64_t version;
    if (!load(r, &before, NULL) || !api_expected_version(r, &version)) {
        return;
    }
    struct client_ctx x;
    struct report_ctx c;
    report_ctx(r, &x, &c);
    struct client_fail fail;
    if (report_service_review(&c, &before, accept,
                              api_body_str(r, "comment"), version,
                              &fail) != 0) {
        api_reply_fail(r, &fail, "report write");
        return;
    }
    reply_id(r, 200, before.id);
}

void api_reports_return(struct req *r)
{
    review(r, false);
}

void api_reports_accept(struct req *r)
{
    review(r, true);
}

static bool query_month(struct req *r, const char *name, const char **out)
{
    const char *v = req_query(r, name);
    int m;
    *out = NULL;
    if (v && *v) {
        if (!report_month_parse(v, &m)) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, name, name, name);
            return false;
        }
        *out = v;
    }
    return true;
}

void api_reports_list(struct req *r)
{
    static const char *const statuses[] = {"", "draft", "submitted",
                                           "returned", "accepted", NULL};
    struct report_filter f = {0};
    int64_t page;
    int limit, st;
    const char *type = req_query(r, "type");
    if (type && *type) {
        if (report_type_from_code(type) < 0) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "type", "type", "type");
            return;
        }
        f.type = type;
    }
    if (!req_query_choice(r, "status", statuses, &st) ||
        !req_query_id(r, "station_id", &f.station_id) ||
        !req_query_id(r, "contract_id", &f.contract_id) ||
        !query_month(r, "from", &f.from) || !query_month(r, "to", &f.to) ||
        !req_paging(r, 20, &limit, &page)) {
        return;
    }
    /* An inverted period is said, as /stats says it, not answered with
     * an empty list. */
    int from_m, to_m;
    if (f.from && f.to && report_month_parse(f.from, &from_m) &&
        report_month_parse(f.to, &to_m) && to_m < from_m) {
        reply_error(r, 400, MSG_STATS_INVERTED, "to", "结束月份", "to");
        return;
    }
    f.status = st ? statuses[st] : NULL;
    struct report *items;
    size_t n;
    int64_t total;
    int rc = report_store_list(r->db, r->arena, r->scope, &f, limit,
                               (page - 1) * limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "report list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_report(r, &w, &items[i], NULL, NULL, 0);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}

/* GET /api/v1/report_types: the types with who writes and reviews each
 * under the active profile, and their deadline rule. */
void api_report_types(struct req *r)
{
    const struct profile *prof = r->srv->profile;
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    static const char *const scopes[] = {"station", "region", "contract"};
    static const char *const periods[] = {"month", "quarter", "half",
                                          "year", "any"};
    for (int t = 0; t < REPORT_TYPE_COUNT; t++) {
        const struct report_type_info *i = &report_types[t];
        const struct report_rule *rule =
            prof && prof->reports.present ? &prof->reports.types[t] : NULL;
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "code", i->code);
        jsonw_kstr(&w, "label", type_label(r, t));
        jsonw_kstr(&w, "scope", scopes[i->scope]);
        jsonw_kstr(&w, "period", periods[i->period]);
        jsonw_kstr(&w, "author_role", i->author_role);
        jsonw_kstr(&w, "reviewer_role", report_service_reviewer(prof, t));
        jsonw_kbool(&w, "after_period", i->after_period);
        jsonw_kbool(&w, "required", rule && rule->set);
        if (rule && rule->set && rule->due_day) {
            jsonw_kint(&w, "due_day", rule->due_day);
        }
        if (rule && rule->set && *rule->due_month_day) {
            jsonw_kstr(&w, "due_month_day", rule->due_month_day);
        }
        jsonw_kstr(&w, "clause", rule && rule->set ? rule->clause : NULL);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}
