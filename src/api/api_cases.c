/* /api/v1/cases: casework (个案) from intake to closure — the stage
 * forms, the supervisor's decisions, transfers, referrals, reopening —
 * each a POST that moves the case one step (If-Match or version). */
#include <string.h>

#include "../core/case_workflow.h"
#include "../store/station_store.h"
#include "../store/user_store.h"
#include "../core/dictionary.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"

static bool is_source(const char *s)
{
    return dictionary_fixed_has("case_source", s);
}
static bool is_risk(const char *s)
{
    return dictionary_fixed_has("risk_level", s);
}
static bool is_risk_or_empty(const char *s)
{
    return !*s || is_risk(s);
}
static bool is_domain(const char *s)
{
    return dictionary_fixed_has("need_domain", s);
}
static bool is_attainment(const char *s)
{
    return dictionary_fixed_has("goal_attainment", s);
}
static bool is_closure_reason(const char *s)
{
    return dictionary_fixed_has("closure_reason", s);
}
static bool is_approval(const char *s)
{
    return strcmp(s, "approve") == 0 || strcmp(s, "return") == 0;
}
static bool is_answer(const char *s)
{
    return strcmp(s, "accept") == 0 || strcmp(s, "decline") == 0;
}

#define VERSION_FIELD                                                       \
    {.name = "version", .label_zh = "版本号", .label_en = "version",       \
     .type = S_INT, .min = 1}
#define COMMENT_FIELD                                                       \
    {.name = "comment", .label_zh = "意见", .label_en = "comment",         \
     .type = S_STRING, .max = 1000, .multiline = true}

static const struct schema open_fields[] = {
    {.name = "client_id", .label_zh = "服务对象", .label_en = "client_id",
     .type = S_INT, .required = true, .min = 1},
    {.name = "source", .label_zh = "个案来源", .label_en = "source",
     .type = S_STRING, .required = true, .max = 20, .check = is_source,
     .check_msg = MSG_BAD_ENUM},
    {.name = "problem", .label_zh = "主要问题", .label_en = "problem",
     .type = S_STRING, .required = true, .min = 1, .max = 2000,
     .multiline = true},
    {.name = "opened_on", .label_zh = "接案日期", .label_en = "opened_on",
     .type = S_DATE, .required = true},
    {.name = "risk_level", .label_zh = "风险等级", .label_en = "risk_level",
     .type = S_STRING, .max = 10, .check = is_risk_or_empty,
     .check_msg = MSG_BAD_ENUM},
    {.name = "worker_id", .label_zh = "负责社工", .label_en = "worker_id",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_case_open_schema = {.type = S_OBJECT,
                                            .fields = open_fields};

static const struct schema need_fields[] = {
    {.name = "domain", .label_zh = "需求领域", .label_en = "domain",
     .type = S_STRING, .required = true, .max = 20, .check = is_domain,
     .check_msg = MSG_BAD_ENUM},
    {.name = "description", .label_zh = "需求描述", .label_en = "description",
     .type = S_STRING, .required = true, .min = 1, .max = 1000,
     .multiline = true},
    {.name = "level", .label_zh = "紧迫程度", .label_en = "level",
     .type = S_STRING, .required = true, .max = 10, .check = is_risk,
     .check_msg = MSG_BAD_ENUM},
    {0},
};
static const struct schema need_schema[] = {
    {.type = S_OBJECT, .fields = need_fields},
};
static const struct schema assess_fields[] = {
    {.name = "needs", .label_zh = "需求", .label_en = "needs",
     .type = S_ARRAY, .required = true, .min = 1, .max = 20,
     .fields = need_schema},
    {.name = "summary", .label_zh = "预估小结", .label_en = "summary",
     .type = S_STRING, .required = true, .min = 1, .max = 3000,
     .multiline = true},
    {.name = "risk_level", .label_zh = "风险等级", .label_en = "risk_level",
     .type = S_STRING, .required = true, .max = 10, .check = is_risk,
     .check_msg = MSG_BAD_ENUM},
    VERSION_FIELD,
    {0},
};
const struct schema api_case_assess_schema = {.type = S_OBJECT,
                                              .fields = assess_fields};

static const struct schema task_fields[] = {
    {.name = "task", .label_zh = "任务", .label_en = "task",
     .type = S_STRING, .required = true, .min = 1, .max = 500},
    {.name = "due_on", .label_zh = "完成日期", .label_en = "due_on",
     .type = S_DATE, .required = true},
    {0},
};
static const struct schema task_schema[] = {
    {.type = S_OBJECT, .fields = task_fields},
};
static const struct schema goal_fields[] = {
    {.name = "goal", .label_zh = "服务目标", .label_en = "goal",
     .type = S_STRING, .required = true, .min = 1, .max = 500},
    {.name = "tasks", .label_zh = "任务", .label_en = "tasks",
     .type = S_ARRAY, .max = 20, .fields = task_schema},
    {0},
};
static const struct schema goal_schema[] = {
    {.type = S_OBJECT, .fields = goal_fields},
};
static const struct schema plan_fields[] = {
    {.name = "goals", .label_zh = "服务目标", .label_en = "goals",
     .type = S_ARRAY, .required = true, .min = 1, .max = 10,
     .fields = goal_schema},
    {.name = "review_on", .label_zh = "计划回顾日期", .label_en = "review_on",
     .type = S_DATE},
    VERSION_FIELD,
    {0},
};
const struct schema api_case_plan_schema = {.type = S_OBJECT,
                                            .fields = plan_fields};

static const struct schema decision_fields[] = {
    {.name = "decision", .label_zh = "审批结果", .label_en = "decision",
     .type = S_STRING, .required = true, .max = 10, .check = is_approval,
     .check_msg = MSG_BAD_ENUM},
    COMMENT_FIELD,
    VERSION_FIELD,
    {0},
};
const struct schema api_case_decision_schema = {.type = S_OBJECT,
                                                .fields = decision_fields};

static const struct schema attain_fields[] = {
    {.name = "goal", .label_zh = "目标序号", .label_en = "goal",
     .type = S_INT, .required = true, .max = 9},
    {.name = "attainment", .label_zh = "达成情况", .label_en = "attainment",
     .type = S_STRING, .required = true, .max = 20, .check = is_attainment,
     .check_msg = MSG_BAD_ENUM},
    {.name = "note", .label_zh = "说明", .label_en = "note",
     .type = S_STRING, .max = 1000, .multiline = true},
    {0},
};
static const struct schema attain_schema[] = {
    {.type = S_OBJECT, .fields = attain_fields},
};
static const struct schema evaluate_fields[] = {
    {.name = "goals", .label_zh = "目标达成", .label_en = "goals",
     .type = S_ARRAY, .required = true, .min = 1, .max = 10,
     .fields = attain_schema},
    {.name = "summary", .label_zh = "评估小结", .label_en = "summary",
     .type = S_STRING, .required = true, .min = 1, .max = 3000,
     .multiline = true},
    VERSION_FIELD,
    {0},
};
const struct schema api_case_evaluate_schema = {.type = S_OBJECT,
                                                .fields = evaluate_fields};

static const struct schema closure_fields[] = {
    {.name = "reason", .label_zh = "结案原因", .label_en = "reason",
     .type = S_STRING, .required = true, .max = 20,
     .check = is_closure_reason, .check_msg = MSG_BAD_ENUM},
    {.name = "summary", .label_zh = "结案小结", .label_en = "summary",
     .type = S_STRING, .required = true, .min = 1, .max = 3000,
     .multiline = true},
    VERSION_FIELD,
    {0},
};
const struct schema api_case_closure_schema = {.type = S_OBJECT,
                                               .fields = closure_fields};

static const struct schema transfer_fields[] = {
    {.name = "to_worker_id", .label_zh = "接收社工",
     .label_en = "to_worker_id", .type = S_INT, .required = true, .min = 1},
    {.name = "to_station_id", .label_zh = "接收站点",
     .label_en = "to_station_id", .type = S_INT, .min = 1},
    {.name = "note", .label_zh = "移交说明", .label_en = "note",
     .type = S_STRING, .required = true, .min = 1, .max = 1000,
     .multiline = true},
    VERSION_FIELD,
    {0},
};
const struct schema api_case_transfer_schema = {.type = S_OBJECT,
                                                .fields = transfer_fields};

static const struct schema answer_fields[] = {
    {.name = "decision", .label_zh = "是否接受", .label_en = "decision",
     .type = S_STRING, .required = true, .max = 10, .check = is_answer,
     .check_msg = MSG_BAD_ENUM},
    COMMENT_FIELD,
    VERSION_FIELD,
    {0},
};
const struct schema api_case_answer_schema = {.type = S_OBJECT,
                                              .fields = answer_fields};

static const struct schema withdraw_fields[] = {
    COMMENT_FIELD,
    VERSION_FIELD,
    {0},
};
const struct schema api_case_withdraw_schema = {.type = S_OBJECT,
                                                .fields = withdraw_fields};

static const struct schema reopen_fields[] = {
    {.name = "reason", .label_zh = "重新开案原因", .label_en = "reason",
     .type = S_STRING, .required = true, .min = 1, .max = 1000,
     .multiline = true},
    VERSION_FIELD,
    {0},
};
const struct schema api_case_reopen_schema = {.type = S_OBJECT,
                                              .fields = reopen_fields};

static const struct schema referral_fields[] = {
    {.name = "agency", .label_zh = "转介机构", .label_en = "agency",
     .type = S_STRING, .required = true, .min = 1, .max = 100},
    {.name = "reason", .label_zh = "转介原因", .label_en = "reason",
     .type = S_STRING, .required = true, .min = 1, .max = 1000,
     .multiline = true},
    {.name = "referred_on", .label_zh = "转介日期", .label_en = "referred_on",
     .type = S_DATE, .required = true},
    VERSION_FIELD,
    {0},
};
const struct schema api_case_referral_schema = {.type = S_OBJECT,
                                                .fields = referral_fields};

static const struct schema outcome_fields[] = {
    {.name = "outcome", .label_zh = "转介结果", .label_en = "outcome",
     .type = S_STRING, .required = true, .min = 1, .max = 1000,
     .multiline = true},
    {.name = "outcome_on", .label_zh = "结果日期", .label_en = "outcome_on",
     .type = S_DATE, .required = true},
    VERSION_FIELD,
    {0},
};
const struct schema api_case_outcome_schema = {.type = S_OBJECT,
                                               .fields = outcome_fields};

static void kstr_or_null(struct jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    if (s && *s) {
        jsonw_str(w, s);
    } else {
        jsonw_null(w);
    }
}

static void kraw_or_null(struct jsonw *w, const char *key, const char *json)
{
    jsonw_key(w, key);
    if (json && *json) {
        jsonw_raw(w, json); /* stored as checked, compact JSON */
    } else {
        jsonw_null(w);
    }
}

static const char *day_plus(struct req *r, const char *day, int days)
{
    int y, m, d;
    if (!day || !parse_date(day, &y, &m, &d)) {
        return NULL;
    }
    char *out = arena_alloc(r->arena, 11);
    cn_date_format(cn_civil_from_days(cn_days_from_civil(y, m, d) + days),
                   out);
    return out;
}

/* The next deadline of the case's current stage, NULL when none. */
static const char *due_on(struct req *r, const struct case_file *k)
{
    const struct profile *p = r->srv->profile;
    /* Nothing is the worker's while a supervisor decides (a closure
     * asked before the evaluation too), as in the task list. */
    if (!p || (k->pending && *k->pending)) {
        return NULL;
    }
    if (strcmp(k->stage, "intake") == 0) {
        return day_plus(r, k->opened_on, p->assessment_days);
    }
    if (strcmp(k->stage, "assessment") == 0 ||
        strcmp(k->stage, "planning") == 0) {
        /* A plan returned is due when the first one was. */
        return day_plus(r, k->assessed_on, p->plan_days);
    }
    if (strcmp(k->stage, "intervention") == 0) {
        return k->review_on;
    }
    if (strcmp(k->stage, "evaluation") == 0) {
        /* Evaluated, or a closure returned: the closure is today's, as
         * the task list says (case_closure), no deadline being set. */
        char *today = arena_alloc(r->arena, 11);
        cn_date_format(cn_date_of(cn_now()), today);
        return today;
    }
    return NULL;
}

static void write_case(struct req *r, struct jsonw *w,
                       const struct case_file *k, bool full)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", k->id);
    jsonw_kint(w, "station_id", k->station_id);
    jsonw_kstr(w, "station_name", k->station_name);
    jsonw_kint(w, "client_id", k->client_id);
    jsonw_kstr(w, "client_name", api_client_name(r, k->client_name));
    jsonw_kint(w, "worker_id", k->worker_id);
    jsonw_kstr(w, "worker_name", k->worker_name);
    jsonw_kstr(w, "stage", k->stage);
    kstr_or_null(w, "pending", k->pending);
    kstr_or_null(w, "pending_since", k->pending_since);
    if (full) {
        api_kid(w, "pending_by", case_workflow_submitted_by(k));
        api_kid(w, "pending_work_by", case_workflow_work_by(k));
    }
    kstr_or_null(w, "due_on", due_on(r, k));
    jsonw_kstr(w, "source", k->source);
    jsonw_kstr(w, "problem", k->problem);
    jsonw_kstr(w, "opened_on", k->opened_on);
    kstr_or_null(w, "risk_level", k->risk_level);
    kstr_or_null(w, "closed_on", k->closed_on);
    jsonw_key(w, "transfer");
    if (k->transfer_worker_id) {
        jsonw_obj_open(w);
        jsonw_kint(w, "to_worker_id", k->transfer_worker_id);
        jsonw_kstr(w, "to_worker_name", k->transfer_worker_name);
        jsonw_kint(w, "to_station_id", k->transfer_station_id);
        jsonw_kstr(w, "to_station_name", k->transfer_station_name);
        jsonw_kstr(w, "note", k->transfer_note);
        jsonw_obj_close(w);
    } else {
        jsonw_null(w);
    }
    jsonw_kint(w, "reopened", k->reopened);
    jsonw_kint(w, "version", k->version);
    jsonw_kstr(w, "created_at", api_time(r, k->created_at));
    jsonw_kstr(w, "updated_at", api_time(r, k->updated_at));
    if (!full) {
        jsonw_obj_close(w);
        return;
    }
    kraw_or_null(w, "assessment", k->assessment);
    kstr_or_null(w, "assessed_on", k->assessed_on);
    kraw_or_null(w, "plan", k->plan);
    kstr_or_null(w, "review_on", k->review_on);
    api_kid(w, "plan_approved_by", k->plan_approved_by);
    kraw_or_null(w, "evaluation", k->evaluation);
    kstr_or_null(w, "closure_reason", k->closure_reason);
    kstr_or_null(w, "closure_summary", k->closure_summary);
    api_kid(w, "closure_approved_by", k->closure_approved_by);
    jsonw_key(w, "events");
    jsonw_arr_open(w);
    for (size_t i = 0; i < k->n_events; i++) {
        const struct case_event *e = &k->events[i];
        jsonw_obj_open(w);
        jsonw_kstr(w, "at", api_time(r, e->at));
        jsonw_kstr(w, "actor", e->actor);
        jsonw_kstr(w, "actor_name", e->actor_name);
        jsonw_kstr(w, "kind", e->kind);
        jsonw_kstr(w, "stage", e->stage);
        jsonw_kstr(w, "comment", e->comment);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_key(w, "referrals");
    jsonw_arr_open(w);
    for (size_t i = 0; i < k->n_referrals; i++) {
        const struct case_referral *f = &k->referrals[i];
        jsonw_obj_open(w);
        jsonw_kint(w, "id", f->id);
        jsonw_kstr(w, "agency", f->agency);
        jsonw_kstr(w, "reason", f->reason);
        jsonw_kstr(w, "referred_on", f->referred_on);
        kstr_or_null(w, "outcome", f->outcome);
        kstr_or_null(w, "outcome_on", f->outcome_on);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_key(w, "followups");
    jsonw_arr_open(w);
    for (size_t i = 0; i < k->n_followups; i++) {
        const struct case_followup *f = &k->followups[i];
        jsonw_obj_open(w);
        jsonw_kint(w, "id", f->id);
        jsonw_kstr(w, "due_on", f->due_on);
        kstr_or_null(w, "done_on", f->done_on);
        api_kid(w, "service_id", f->service_id);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    /* What a closure rests on, for the supervisor deciding it. */
    jsonw_kint(w, "services", k->n_services);
    jsonw_kint(w, "service_minutes", k->service_minutes);
    jsonw_obj_close(w);
}

static void reply_case(struct req *r, int status, int64_t id)
{
    struct case_file k;
    int rc = case_store_get(r->db, r->arena, &scope_all, id, &k);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "case read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_case(r, &w, &k, true);
    reply_json(r, status, &sb);
}

void api_cases_list(struct req *r)
{
    struct case_filter f;
    memset(&f, 0, sizeof f);
    static const char *const pendings[] = {"", "0", "1", NULL};
    static const char *const stage_names[] = {
        "",          "open",         "intake",     "assessment",
        "planning",  "intervention", "evaluation", "closed",
        NULL};
    int pending, stage;
    int64_t page;
    if (!req_query_id(r, "station_id", &f.station_id) ||
        !req_query_id(r, "worker_id", &f.worker_id) ||
        !req_query_id(r, "client_id", &f.client_id) ||
        !req_query_choice(r, "stage", stage_names, &stage) ||
        !req_query_choice(r, "pending", pendings, &pending) ||
        !req_paging(r, 20, &f.limit, &page)) {
        return;
    }
    f.stage = stage ? stage_names[stage] : NULL;
    f.pending = pending == 2;
    f.offset = (page - 1) * f.limit;
    struct case_file *items;
    size_t n;
    int64_t total;
    int rc = case_store_list(r->db, r->arena, r->scope, &f, &items, &n,
                             &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "case list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        write_case(r, &w, &items[i], false);
    }
    jsonw_arr_close(&w);
    jsonw_kint(&w, "total", total > CASE_COUNT_MAX ? CASE_COUNT_MAX : total);
    jsonw_kbool(&w, "total_more", total > CASE_COUNT_MAX);
    jsonw_kint(&w, "page", page);
    jsonw_kint(&w, "limit", f.limit);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_cases_create(struct req *r)
{
    struct case_file k;
    memset(&k, 0, sizeof k);
    k.client_id = json_integer_value(json_object_get(r->json, "client_id"));
    k.worker_id = json_integer_value(json_object_get(r->json, "worker_id"));
    k.source = api_body_str(r, "source");
    k.problem = api_body_str(r, "problem");
    k.opened_on = api_body_str(r, "opened_on");
    k.risk_level = api_body_str(r, "risk_level");
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (case_workflow_open(&x, &k, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "case write");
        return;
    }
    reply_case(r, 201, id);
}

/* The case of the path in the caller's range; a transfer's receiver may
 * reach it from outside (answer only). */
static bool load(struct req *r, struct case_file *k, bool as_receiver)
{
    int64_t id;
    if (!req_param_id(r, 0, "个案", "case", &id)) {
        return false;
    }
    int rc = case_store_get(r->db, r->arena, r->scope, id, k);
    if (rc == DB_DONE && as_receiver) {
        rc = case_store_get(r->db, r->arena, &scope_all, id, k);
        if (rc == DB_ROW && k->transfer_worker_id != r->who->user_id) {
            rc = DB_DONE;
        }
    }
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "个案", "case");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "case get");
        return false;
    }
    return true;
}

void api_cases_get(struct req *r)
{
    struct case_file k;
    if (load(r, &k, true)) {
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        write_case(r, &w, &k, true);
        reply_json(r, 200, &sb);
    }
}

/* What every step works with: the case, the version the caller read,
 * the rules' context, and why the rules refused. */
struct case_step {
    struct case_file k;
    int64_t version;
    struct client_ctx x;
    struct client_fail fail;
};

static bool step_start(struct req *r, struct case_step *s, bool as_receiver)
{
    if (!load(r, &s->k, as_receiver) ||
        !api_expected_version(r, &s->version)) {
        return false;
    }
    api_client_ctx(r, &s->x);
    return true;
}

/* Replies with the case as the step left it, or with the refusal. */
static void step_end(struct req *r, int rc, const struct case_step *s)
{
    if (rc != 0) {
        api_reply_fail(r, &s->fail, "case write");
        return;
    }
    reply_case(r, 200, s->k.id);
}

/* The body without its version: the stage form as stored. */
static json_t *form_of(struct req *r)
{
    json_t *form = json_deep_copy(r->json);
    json_object_del(form, "version");
    json_object_del(form, "risk_level");
    return form;
}

void api_cases_assess(struct req *r)
{
    struct case_step s;
    if (step_start(r, &s, false)) {
        json_t *form = form_of(r);
        int rc = case_workflow_assess(&s.x, &s.k, form,
                                      api_body_str(r, "risk_level"), s.version,
                                      &s.fail);
        json_decref(form);
        step_end(r, rc, &s);
    }
}

void api_cases_plan(struct req *r)
{
    struct case_step s;
    const struct profile *p = api_profile(r);
    if (p && step_start(r, &s, false)) {
        json_t *form = form_of(r);
        int rc = case_workflow_plan(&s.x, p, &s.k, form, s.version, &s.fail);
        json_decref(form);
        step_end(r, rc, &s);
    }
}

void api_cases_decide(struct req *r)
{
    struct case_step s;
    const struct profile *p = api_profile(r);
    if (p && step_start(r, &s, false)) {
        int rc = case_workflow_decide(&s.x, p, &s.k,
                                      api_body_str(r, "decision"),
                                      api_body_str(r, "comment"), s.version,
                                      &s.fail);
        step_end(r, rc, &s);
    }
}

void api_cases_evaluate(struct req *r)
{
    struct case_step s;
    if (step_start(r, &s, false)) {
        json_t *form = form_of(r);
        int rc = case_workflow_evaluate(&s.x, &s.k, form, s.version, &s.fail);
        json_decref(form);
        step_end(r, rc, &s);
    }
}

void api_cases_close(struct req *r)
{
    struct case_step s;
    if (step_start(r, &s, false)) {
        int rc = case_workflow_request_closure(&s.x, &s.k,
                                               api_body_str(r, "reason"),
                                               api_body_str(r, "summary"),
                                               s.version, &s.fail);
        step_end(r, rc, &s);
    }
}

void api_cases_transfer(struct req *r)
{
    struct case_step s;
    if (step_start(r, &s, false)) {
        int rc = case_workflow_transfer(
            &s.x, &s.k,
            json_integer_value(json_object_get(r->json, "to_worker_id")),
            json_integer_value(json_object_get(r->json, "to_station_id")),
            api_body_str(r, "note"), s.version, &s.fail);
        step_end(r, rc, &s);
    }
}

/* Where the case may be offered (GET …/transfer_targets): the active
 * stations of its city, the receiving one outside the sender's range too
 * (a client who moved to the next township), and, with station_id, the
 * workers who may take it there (the rule the transfer checks). Names
 * only: a station worker reads no other station's records through it. */
void api_cases_transfer_targets(struct req *r)
{
    struct case_file k;
    int64_t station_id = 0;
    if (!load(r, &k, false) || !req_query_id(r, "station_id", &station_id)) {
        return;
    }
    struct station home, there;
    int rc = station_store_get_plain(r->db, r->arena, &scope_all,
                                     k.station_id, &home);
    char city[5];
    snprintf(city, sizeof city, "%.4s", rc == DB_ROW ? home.region_code : "");
    if (rc == DB_ROW && station_id) {
        rc = station_store_get_plain(r->db, r->arena, &scope_all, station_id,
                                     &there);
        if (rc == DB_ROW && (strcmp(there.status, "active") != 0 ||
                             strncmp(there.region_code, city, 4) != 0)) {
            rc = DB_DONE;
        }
        if (rc == DB_DONE) {
            reply_error(r, 404, MSG_NOT_FOUND, "station_id", "接收站点",
                        "station_id");
            return;
        }
    }
    struct station *stations = NULL;
    struct user_brief *workers = NULL;
    size_t n = 0;
    int64_t total = 0;
    if (rc == DB_ROW && station_id) {
        rc = user_store_staff(r->db, r->arena, station_id, there.region_code,
                              &workers, &n);
    } else if (rc == DB_ROW) {
        struct station_filter f = {.region_prefix = city,
                                   .status = "active",
                                   .sort = STATION_SORT_REGION,
                                   .limit = CASE_TRANSFER_STATIONS_MAX};
        rc = station_store_list(r->db, r->arena, &scope_all, &f, &stations,
                                &n, &total);
    }
    if (rc != DB_OK && rc != DB_ROW) {
        api_db_error(r, rc, "transfer targets");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, station_id ? "workers" : "stations");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        if (station_id) {
            jsonw_kint(&w, "id", workers[i].id);
            jsonw_kstr(&w, "name", workers[i].display_name);
        } else {
            jsonw_kint(&w, "id", stations[i].id);
            jsonw_kstr(&w, "name", stations[i].name);
            jsonw_kstr(&w, "region_code", stations[i].region_code);
        }
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_cases_answer(struct req *r)
{
    struct case_step s;
    if (step_start(r, &s, true)) {
        int rc = case_workflow_answer_transfer(&s.x, &s.k,
                                               api_body_str(r, "decision"),
                                               api_body_str(r, "comment"),
                                               s.version, &s.fail);
        step_end(r, rc, &s);
    }
}

/* The sender or the station's supervisor or lead takes the offer back. */
void api_cases_withdraw(struct req *r)
{
    struct case_step s;
    if (step_start(r, &s, false)) {
        int rc = case_workflow_withdraw_transfer(
            &s.x, &s.k, api_body_str(r, "comment"), s.version, &s.fail);
        step_end(r, rc, &s);
    }
}

void api_cases_reopen(struct req *r)
{
    struct case_step s;
    if (step_start(r, &s, false)) {
        int rc = case_workflow_reopen(&s.x, &s.k, api_body_str(r, "reason"),
                                      s.version, &s.fail);
        step_end(r, rc, &s);
    }
}

void api_cases_refer(struct req *r)
{
    struct case_step s;
    if (step_start(r, &s, false)) {
        struct case_referral f = {
            .agency = api_body_str(r, "agency"),
            .reason = api_body_str(r, "reason"),
            .referred_on = api_body_str(r, "referred_on"),
        };
        int64_t id;
        int rc = case_workflow_refer(&s.x, &s.k, &f, s.version, &id, &s.fail);
        step_end(r, rc, &s);
    }
}

void api_cases_referral_outcome(struct req *r)
{
    struct case_step s;
    int64_t rid;
    if (!req_param_id(r, 1, "转介", "referral", &rid)) {
        return;
    }
    if (step_start(r, &s, false)) {
        int rc = case_workflow_referral_outcome(
            &s.x, &s.k, rid, api_body_str(r, "outcome"),
            api_body_str(r, "outcome_on"), s.version, &s.fail);
        step_end(r, rc, &s);
    }
}
