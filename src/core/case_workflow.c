#include "case_workflow.h"

#include <stdlib.h>
#include <string.h>

#include "../store/audit_store.h"
#include "../store/client_store.h"
#include "../store/station_store.h"
#include "../store/user_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "../util/parse.h"
#include "../util/strbuf.h"
#include "dictionary.h"
#include "staff_scope.h"
#include "rule_fail.h"

/* 409 naming the stage the case is at. */
static int fail_stage(struct client_fail *f, const char *stage)
{
    const struct fixed_item *it = dictionary_fixed_item("case_stage", stage);
    return rule_fail(f, 409, MSG_CASE_STAGE, "stage", it ? it->label : stage,
                     it ? it->label_en : stage);
}

/* A step may start only on a case that is not waiting for someone. */
static int check_idle(const struct case_file *k, struct client_fail *f)
{
    if (k->transfer_worker_id) {
        return rule_fail(f, 409, MSG_CASE_TRANSFER_PENDING, NULL, NULL,
                         NULL);
    }
    if (*k->pending) {
        bool plan = strcmp(k->pending, "plan") == 0;
        return rule_fail(f, 409, MSG_CASE_PENDING, NULL,
                         plan ? "服务计划" : "结案申请",
                         plan ? "the plan" : "the closure");
    }
    return 0;
}

/* The step is allowed at one of the stages listed (NULL-terminated). */
static int check_stage(const struct case_file *k, const char *const *ok,
                       struct client_fail *f)
{
    for (const char *const *s = ok; *s; s++) {
        if (strcmp(k->stage, *s) == 0) {
            return 0;
        }
    }
    return fail_stage(f, k->stage);
}

static const char *today_plus(struct arena *a, const char *today, int days)
{
    int y, m, d;
    char *out = arena_alloc(a, 11);
    if (!parse_date(today, &y, &m, &d)) {
        return today;
    }
    cn_date_format(cn_civil_from_days(cn_days_from_civil(y, m, d) + days),
                   out);
    return out;
}

static const char *dump(struct arena *a, json_t *form)
{
    char *text = json_dumps(form, JSON_COMPACT | JSON_SORT_KEYS);
    const char *out = arena_strdup(a, text ? text : "{}");
    free(text);
    return out;
}

/* Opens the write: the case with its version check, and the event. The
 * transaction stays open on success (0) for the step's other rows. */
static int write_begin(const struct client_ctx *x,
                       const struct case_file *after, int64_t version,
                       const char *kind, const char *comment,
                       struct client_fail *fail)
{
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    /* The client's row before the case's, the order a merge takes them
     * in (it locks both clients, then moves their cases): the other way
     * round, a reopen or a transfer beside a merge of the same person
     * deadlocked on PostgreSQL. */
    rc = client_store_lock(x->db, after->client_id);
    if (rc != DB_OK) {
        db_rollback(x->db);
        return rule_fail_db(fail, rc);
    }
    int64_t now = cn_now();
    rc = case_store_update(x->db, after, version, now);
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    if (rc == DB_OK) {
        rc = case_store_add_event(x->db, after->id, now, x->user_id,
                                  x->who.name, kind, after->stage, comment);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
        return rule_fail_db(fail, rc);
    }
    return 0;
}

/* Ends it: the audit row (what happened, never the free text), commit. */
static int write_end(const struct client_ctx *x, int rc,
                     const struct case_file *after, const char *kind,
                     struct client_fail *fail)
{
    if (rc == DB_OK) {
        struct jsonw_doc d;
        jsonw_doc_open(&d);
        jsonw_kstr(&d.w, "step", kind);
        jsonw_kstr(&d.w, "stage", after->stage);
        jsonw_kint(&d.w, "client_id", after->client_id);
        jsonw_kint(&d.w, "station_id", after->station_id);
        jsonw_kint(&d.w, "worker_id", after->worker_id);
        struct audit_entry e = {
            .actor = x->who.name,
            .address = x->who.address,
            .action = arena_printf(x->arena, "case.%s", kind),
            .entity = "case",
            .entity_id = arena_printf(x->arena, "%lld", (long long)after->id),
            .detail = jsonw_doc_close(&d, x->arena),
        };
        rc = audit_append(x->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(x->db);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
        return rule_fail_db(fail, rc);
    }
    return 0;
}

static int write_step(const struct client_ctx *x,
                      const struct case_file *after, int64_t version,
                      const char *kind, const char *comment,
                      struct client_fail *fail)
{
    if (write_begin(x, after, version, kind, comment, fail)) {
        return -1;
    }
    return write_end(x, DB_OK, after, kind, fail);
}

/* A frontline user whose range covers the station. */
static int check_staff(const struct client_ctx *x, int64_t user_id,
                       int64_t station_id, const char *region,
                       const char *field, const char *label,
                       struct client_fail *fail)
{
    bool ok;
    int rc = staff_covers_station(x->db, x->arena, user_id, ROLES_FRONTLINE,
                                  station_id, region, &ok, NULL);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (!ok) {
        return rule_fail(fail, 400, MSG_USER_UNKNOWN, field, label, field);
    }
    return 0;
}

/* In the write's transaction: the client's open case other than
 * case_id, 409 when there is one. The client's row lock first, so that
 * two writers cannot both find none, and her status read again under
 * it: a merge committed meanwhile moved her cases to the survivor, and a
 * case opened on the merged record would be seen by nobody. */
static int check_no_open_case(const struct client_ctx *x, int64_t client_id,
                              int64_t case_id, const char *name,
                              struct client_fail *fail)
{
    int64_t existing = 0;
    struct client cl;
    int rc = client_store_lock(x->db, client_id);
    if (rc == DB_OK) {
        rc = client_store_get(x->db, x->arena, &scope_all, client_id, &cl);
        rc = rc == DB_ROW ? DB_OK : (rc == DB_DONE ? DB_ERROR : rc);
    }
    if (rc == DB_OK && strcmp(cl.status, "merged") == 0) {
        return rule_fail(fail, 400, MSG_CLIENT_OUT_OF_RANGE, "client_id",
                         "服务对象", "client");
    }
    if (rc == DB_OK) {
        rc = case_store_open_of(x->db, client_id, case_id, &existing);
    }
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (existing) {
        fail->existing_id = existing;
        return rule_fail(fail, 409, MSG_CASE_OPEN_EXISTS, "client_id", name,
                         name);
    }
    return 0;
}

int case_workflow_open(const struct client_ctx *x, struct case_file *c,
                       int64_t *id, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct client cl;
    int rc = client_store_get(x->db, x->arena, x->scope, c->client_id, &cl);
    if (rc != DB_ROW && rc != DB_DONE) {
        return rule_fail_db(fail, rc);
    }
    if (rc == DB_DONE || strcmp(cl.status, "merged") == 0) {
        return rule_fail(fail, 400, MSG_CLIENT_OUT_OF_RANGE, "client_id",
                         "服务对象", "client");
    }
    if (strcmp(cl.status, "active") != 0) {
        return rule_fail(fail, 400, MSG_CLIENT_NOT_ACTIVE, "client_id",
                         cl.name, cl.name);
    }
    struct station st;
    rc = station_store_get_plain(x->db, x->arena, &scope_all, cl.station_id,
                                 &st);
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc == DB_DONE ? DB_ERROR : rc);
    }
    if (strcmp(st.status, "active") != 0) {
        return rule_fail(fail, 409, MSG_STATION_INACTIVE, "client_id", NULL,
                         NULL);
    }
    c->station_id = cl.station_id;
    if (strcmp(c->opened_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "opened_on", "接案日期",
                         "opened_on");
    }
    if (strcmp(c->opened_on, "2000-01-01") < 0) {
        return rule_fail(fail, 400, MSG_TOO_EARLY, "opened_on", "接案日期",
                         "opened_on");
    }
    if (cl.birth_date && *cl.birth_date &&
        strcmp(c->opened_on, cl.birth_date) < 0) {
        return rule_fail(fail, 400, MSG_BEFORE_BIRTH, "opened_on", "接案日期",
                         "opened_on");
    }
    if (x->scope->self_user) {
        c->worker_id = x->scope->self_user;
    }
    if (!c->worker_id) {
        c->worker_id = x->user_id;
    }
    if (check_staff(x, c->worker_id, c->station_id, cl.station_region,
                    "worker_id", "负责社工", fail)) {
        return -1;
    }
    c->stage = "intake";
    c->created_by = x->user_id;
    rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (check_no_open_case(x, c->client_id, 0, cl.name, fail)) {
        db_rollback(x->db);
        return -1;
    }
    int64_t now = cn_now();
    rc = case_store_insert(x->db, c, now, id);
    if (rc == DB_OK) {
        c->id = *id;
        rc = case_store_add_event(x->db, *id, now, x->user_id, x->who.name,
                                  "opened", "intake", NULL);
    }
    return write_end(x, rc, c, "opened", fail);
}

int case_workflow_assess(const struct client_ctx *x,
                         const struct case_file *before, json_t *form,
                         const char *risk_level, int64_t version,
                         struct client_fail *fail)
{
    static const char *const ok[] = {"intake", "assessment", NULL};
    memset(fail, 0, sizeof *fail);
    if (check_idle(before, fail) || check_stage(before, ok, fail)) {
        return -1;
    }
    struct case_file k = *before;
    k.stage = "assessment";
    k.assessment = dump(x->arena, form);
    k.assessed_on = x->today;
    k.risk_level = risk_level;
    if (write_begin(x, &k, version, "assessment", NULL, fail)) {
        return -1;
    }
    /* The register says what the worker assessed (write_begin holds the
     * client's lock); an edit of the client later stands until the next
     * assessment. */
    int rc = client_service_assessed_risk(x, k.client_id, k.id, risk_level);
    return write_end(x, rc, &k, "assessment", fail);
}

/* Who recorded the work a decision rests on: the last event of kind
 * (a plan the "assessment", a closure the "evaluation") since the case
 * was last reopened. 0: nobody (a closure the client's leaving ended). */
static int64_t recorded_by(const struct case_file *k, const char *kind)
{
    for (size_t i = k->n_events; i > 0; i--) {
        const struct case_event *e = &k->events[i - 1];
        if (strcmp(e->kind, "reopened") == 0) {
            return 0;
        }
        if (strcmp(e->kind, kind) == 0) {
            return e->actor_id;
        }
    }
    return 0;
}

/* What waits for a supervisor needs one who may decide it: active,
 * covering the station, neither the case's worker, nor the one sending
 * it, nor the one who recorded the work it rests on (work: an event
 * kind, case_workflow_decide). A station without one would see its
 * cases wait for nobody, and nothing else can be done while they wait. */
static int check_approver(const struct client_ctx *x,
                          const struct case_file *k, const char *work,
                          struct client_fail *fail)
{
    int64_t worked = recorded_by(k, work);
    struct user_brief *staff;
    size_t n;
    int rc = user_store_staff(x->db, x->arena, k->station_id,
                              k->station_region, &staff, &n);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    for (size_t i = 0; i < n; i++) {
        if (staff[i].supervisor && staff[i].id != k->worker_id &&
            staff[i].id != x->user_id && staff[i].id != worked) {
            return 0;
        }
    }
    return rule_fail(fail, 409, MSG_CASE_NO_SUPERVISOR, NULL, NULL, NULL);
}

int case_workflow_plan(const struct client_ctx *x, const struct profile *p,
                       const struct case_file *before, json_t *form,
                       int64_t version, struct client_fail *fail)
{
    static const char *const ok[] = {"assessment", "planning", NULL};
    memset(fail, 0, sizeof *fail);
    if (check_idle(before, fail) || check_stage(before, ok, fail) ||
        check_approver(x, before, "assessment", fail)) {
        return -1;
    }
    /* Task dates fall within the case: not before it was opened, and,
     * as the review, within a year: 2099 is a typo, and a case reviewed
     * then is never overdue. */
    char next_year[16];
    snprintf(next_year, sizeof next_year, "%d%s", atoi(x->today) + 1,
             x->today + 4);
    json_t *goals = json_object_get(form, "goals");
    size_t i, j;
    json_t *g, *t;
    json_array_foreach(goals, i, g) {
        json_array_foreach(json_object_get(g, "tasks"), j, t) {
            const char *due = json_string_value(json_object_get(t, "due_on"));
            const char *path = arena_printf(
                x->arena, "goals[%zu].tasks[%zu].due_on", i, j);
            if (due && strcmp(due, before->opened_on) < 0) {
                return rule_fail(fail, 400, MSG_DATE_ORDER, path, "完成日期",
                                 "due_on");
            }
            if (due && strcmp(due, next_year) > 0) {
                return rule_fail(fail, 400, MSG_TOO_FAR_AHEAD, path,
                                 "完成日期", "due_on");
            }
        }
    }
    const char *review = json_string_value(json_object_get(form, "review_on"));
    if (review && strcmp(review, x->today) < 0) {
        return rule_fail(fail, 400, MSG_BEFORE_TODAY, "review_on",
                         "计划回顾日期", "review_on");
    }
    if (review && strcmp(review, next_year) > 0) {
        return rule_fail(fail, 400, MSG_TOO_FAR_AHEAD, "review_on",
                         "计划回顾日期", "review_on");
    }
    struct case_file k = *before;
    k.stage = "planning";
    k.plan = dump(x->arena, form);
    k.review_on = review ? review : today_plus(x->arena, x->today,
                                               p->review_days);
    k.pending = "plan";
    k.pending_since = x->today;
    return write_step(x, &k, version, "plan_submitted", NULL, fail);
}

/* Who sent what waits for approval: the last event that asked for it.
 * A supervisor also holds case.write and may submit on a worker's
 * behalf; she is then not the second pair of eyes. */
int64_t case_workflow_submitted_by(const struct case_file *k)
{
    if (!k->pending || !*k->pending) {
        return 0;
    }
    const char *kind = strcmp(k->pending, "plan") == 0 ? "plan_submitted"
                                                       : "closure_requested";
    for (size_t i = k->n_events; i > 0; i--) {
        if (strcmp(k->events[i - 1].kind, kind) == 0) {
            return k->events[i - 1].actor_id;
        }
    }
    return 0;
}

int64_t case_workflow_work_by(const struct case_file *k)
{
    if (!k->pending || !*k->pending) {
        return 0;
    }
    return recorded_by(k, strcmp(k->pending, "plan") == 0 ? "assessment"
                                                          : "evaluation");
}

int case_workflow_decide(const struct client_ctx *x, const struct profile *p,
                         const struct case_file *before,
                         const char *decision, const char *comment,
                         int64_t version, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (!*before->pending) {
        return rule_fail(fail, 409, MSG_CASE_NOT_PENDING, NULL, NULL, NULL);
    }
    bool ok;
    int rc = staff_covers_station(x->db, x->arena, x->user_id,
                                  ROLE_BIT(ROLE_SUPERVISOR),
                                  before->station_id, before->station_region,
                                  &ok, NULL);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (!ok) {
        return rule_fail(fail, 403, MSG_CASE_NOT_SUPERVISOR, NULL, NULL,
                         NULL);
    }
    if (before->worker_id == x->user_id) {
        return rule_fail(fail, 403, MSG_CASE_OWN_APPROVAL, NULL, NULL, NULL);
    }
    if (case_workflow_submitted_by(before) == x->user_id) {
        return rule_fail(fail, 403, MSG_CASE_OWN_SUBMISSION, NULL, NULL,
                         NULL);
    }
    /* Nor the second pair of eyes on her own assessment or evaluation. */
    const char *work =
        strcmp(before->pending, "plan") == 0 ? "assessment" : "evaluation";
    if (case_workflow_work_by(before) == x->user_id) {
        const struct fixed_item *it = dictionary_fixed_item("case_stage",
                                                            work);
        return rule_fail(fail, 403, MSG_CASE_OWN_WORK, NULL,
                         it ? it->label : work, it ? it->label_en : work);
    }
    bool approve = strcmp(decision, "approve") == 0;
    if (!approve && (!comment || !*comment)) {
        return rule_fail(fail, 400, MSG_REQUIRED, "comment", "退回意见",
                         "comment");
    }
    bool plan = strcmp(before->pending, "plan") == 0;
    struct case_file k = *before;
    k.pending = "";
    k.pending_since = NULL;
    const char *kind;
    if (plan) {
        kind = approve ? "plan_approved" : "plan_returned";
        if (approve) {
            k.stage = "intervention";
            k.plan_approved_by = x->user_id;
        }
    } else {
        kind = approve ? "closure_approved" : "closure_returned";
        /* Returned, the request stays on the case as a returned plan
         * does, for the worker to correct rather than write again; it
         * stands (the overview, the ledger) only while asked or once
         * approved: case_workflow_closure_stands. */
        if (approve) {
            k.stage = "closed";
            k.closed_on = x->today;
            k.closure_approved_by = x->user_id;
        }
    }
    if (write_begin(x, &k, version, kind, comment, fail)) {
        return -1;
    }
    rc = DB_OK;
    /* Nobody to visit after a service the client ended: no follow-ups,
     * so the task list holds nothing more of the case. */
    bool visits = !case_workflow_ends_from_outside(before->closure_reason);
    for (size_t i = 0; approve && !plan && visits && rc == DB_OK &&
                       i < p->n_followup_days;
         i++) {
        rc = case_store_add_followup(
            x->db, k.id, today_plus(x->arena, x->today, p->followup_days[i]));
    }
    return write_end(x, rc, &k, kind, fail);
}

int case_workflow_evaluate(const struct client_ctx *x,
                           const struct case_file *before, json_t *form,
                           int64_t version, struct client_fail *fail)
{
    static const char *const ok[] = {"intervention", "evaluation", NULL};
    memset(fail, 0, sizeof *fail);
    if (check_idle(before, fail) || check_stage(before, ok, fail)) {
        return -1;
    }
    /* One entry per goal of the plan, each goal once. */
    json_t *plan = json_loads(before->plan, 0, NULL);
    size_t n_goals = json_array_size(json_object_get(plan, "goals"));
    json_decref(plan);
    json_t *goals = json_object_get(form, "goals");
    bool seen[16] = {false};
    bool bad = json_array_size(goals) != n_goals || n_goals > 16;
    size_t i;
    json_t *g;
    json_array_foreach(goals, i, g) {
        json_int_t at = json_integer_value(json_object_get(g, "goal"));
        if (bad || at < 0 || (size_t)at >= n_goals || seen[at]) {
            bad = true;
            break;
        }
        seen[at] = true;
    }
    if (bad) {
        return rule_fail(fail, 400, MSG_CASE_GOALS, "goals", "评估目标",
                         "goals");
    }
    struct case_file k = *before;
    k.stage = "evaluation";
    k.evaluation = dump(x->arena, form);
    return write_step(x, &k, version, "evaluation", NULL, fail);
}

bool case_workflow_ends_from_outside(const char *reason)
{
    static const char *const outside[] = {"client_declined", "moved",
                                          "deceased", "no_contact", NULL};
    for (const char *const *s = outside; reason && *s; s++) {
        if (strcmp(reason, *s) == 0) {
            return true;
        }
    }
    return false;
}

int case_workflow_request_closure(const struct client_ctx *x,
                                  const struct case_file *before,
                                  const char *reason, const char *summary,
                                  int64_t version, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (check_idle(before, fail)) {
        return -1;
    }
    if (strcmp(before->stage, "closed") == 0) {
        return fail_stage(fail, before->stage);
    }
    /* A service the client ended (moved, died, declined, unreachable)
     * closes from any open stage: an assessment, a plan and an
     * evaluation of someone no longer served would be invented. Every
     * other reason closes after the evaluation. Either way the closure
     * waits for the supervisor. */
    if (strcmp(before->stage, "evaluation") != 0 &&
        !case_workflow_ends_from_outside(reason)) {
        const struct fixed_item *it =
            dictionary_fixed_item("case_stage", before->stage);
        return rule_fail(fail, 409, MSG_CASE_CLOSURE_EARLY, "reason",
                         it ? it->label : before->stage,
                         it ? it->label_en : before->stage);
    }
    if (check_approver(x, before, "evaluation", fail)) {
        return -1;
    }
    struct case_file k = *before;
    k.closure_reason = reason;
    k.closure_summary = summary;
    k.pending = "closure";
    k.pending_since = x->today;
    return write_step(x, &k, version, "closure_requested", NULL, fail);
}

int case_workflow_transfer(const struct client_ctx *x,
                           const struct case_file *before,
                           int64_t to_worker_id, int64_t to_station_id,
                           const char *note, int64_t version,
                           struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (check_idle(before, fail)) {
        return -1;
    }
    if (strcmp(before->stage, "closed") == 0) {
        return fail_stage(fail, before->stage);
    }
    if (!to_station_id) {
        to_station_id = before->station_id;
    }
    /* The receiving station may lie outside the sender's range. */
    struct station s;
    int rc = station_store_get_plain(x->db, x->arena, &scope_all,
                                     to_station_id, &s);
    if (rc == DB_DONE || (rc == DB_ROW && strcmp(s.status, "active") != 0)) {
        return rule_fail(fail, 400, MSG_NOT_FOUND, "to_station_id",
                         "接收站点", "to_station_id");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (to_worker_id == before->worker_id &&
        to_station_id == before->station_id) {
        return rule_fail(fail, 400, MSG_NOTHING_TO_CHANGE, "to_worker_id",
                         NULL, NULL);
    }
    if (check_staff(x, to_worker_id, to_station_id, s.region_code,
                    "to_worker_id", "接收社工", fail)) {
        return -1;
    }
    struct case_file k = *before;
    k.transfer_worker_id = to_worker_id;
    k.transfer_station_id = to_station_id;
    k.transfer_note = note ? note : "";
    return write_step(x, &k, version, "transfer_requested", note, fail);
}

/* The client follows her case to its new worker (her 负责社工, so that a
 * worker whose range is her own clients can serve her) and station, with
 * an audit row of her own, which her history shows. */
static int hand_over_client(const struct client_ctx *x,
                            const struct case_file *before,
                            const struct case_file *after)
{
    int64_t left_household;
    int rc = client_store_move(x->db, after->client_id, after->station_id,
                               after->worker_id, cn_now(), &left_household);
    if (rc != DB_OK) {
        return rc;
    }
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kint(&d.w, "case_id", after->id);
    jsonw_kint(&d.w, "from_station_id", before->station_id);
    jsonw_kint(&d.w, "station_id", after->station_id);
    jsonw_kint(&d.w, "from_worker_id", before->worker_id);
    jsonw_kint(&d.w, "worker_id", after->worker_id);
    if (left_household) {
        jsonw_kint(&d.w, "left_household_id", left_household);
    }
    struct audit_entry e = {
        .actor = x->who.name,
        .address = x->who.address,
        .action = "client.move",
        .entity = "client",
        .entity_id =
            arena_printf(x->arena, "%lld", (long long)after->client_id),
        .detail = jsonw_doc_close(&d, x->arena),
    };
    return audit_append(x->db, &e);
}

int case_workflow_answer_transfer(const struct client_ctx *x,
                                  const struct case_file *before,
                                  const char *decision, const char *comment,
                                  int64_t version, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (!before->transfer_worker_id) {
        return rule_fail(fail, 409, MSG_CASE_NO_TRANSFER, NULL, NULL, NULL);
    }
    if (before->transfer_worker_id != x->user_id) {
        return rule_fail(fail, 403, MSG_CASE_NOT_RECEIVER, NULL, NULL, NULL);
    }
    bool accept = strcmp(decision, "accept") == 0;
    struct case_file k = *before;
    if (accept) {
        k.worker_id = before->transfer_worker_id;
        k.station_id = before->transfer_station_id;
    }
    k.transfer_worker_id = 0;
    k.transfer_station_id = 0;
    k.transfer_note = "";
    const char *kind = accept ? "transfer_accepted" : "transfer_declined";
    if (write_begin(x, &k, version, kind, comment, fail)) {
        return -1;
    }
    int rc = accept ? hand_over_client(x, before, &k) : DB_OK;
    return write_end(x, rc, &k, kind, fail);
}

/* Who offered the transfer now waiting: the last transfer_requested
 * event's user (a supervisor may offer a worker's case), 0 when none. */
static int64_t transfer_offered_by(const struct case_file *k)
{
    for (size_t i = k->n_events; i > 0; i--) {
        if (strcmp(k->events[i - 1].kind, "transfer_requested") == 0) {
            return k->events[i - 1].actor_id;
        }
    }
    return 0;
}

int case_workflow_withdraw_transfer(const struct client_ctx *x,
                                    const struct case_file *before,
                                    const char *comment, int64_t version,
                                    struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (!before->transfer_worker_id) {
        return rule_fail(fail, 409, MSG_CASE_NO_TRANSFER, NULL, NULL, NULL);
    }
    /* The sender (the case's worker, or whoever offered it), or a
     * supervisor or station lead of the case's station: a receiver who
     * is wrong or away must not hold the case while its deadlines run. */
    bool ok = before->worker_id == x->user_id ||
              transfer_offered_by(before) == x->user_id;
    if (!ok) {
        int rc = staff_covers_station(
            x->db, x->arena, x->user_id,
            ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_STATION_LEAD),
            before->station_id, before->station_region, &ok, NULL);
        if (rc != DB_OK) {
            return rule_fail_db(fail, rc);
        }
    }
    if (!ok) {
        return rule_fail(fail, 403, MSG_CASE_NOT_SENDER, NULL, NULL, NULL);
    }
    /* As a decline leaves it: with its worker, at its station. Under the
     * client's lock and the version guard (write_begin), so a withdrawal
     * and the receiver's answer racing: one of them is refused. */
    struct case_file k = *before;
    k.transfer_worker_id = 0;
    k.transfer_station_id = 0;
    k.transfer_note = "";
    return write_step(x, &k, version, "transfer_withdrawn", comment, fail);
}

bool case_workflow_closure_stands(const struct case_file *k)
{
    return strcmp(k->stage, "closed") == 0 ||
           strcmp(k->pending, "closure") == 0;
}

int case_workflow_reopen(const struct client_ctx *x,
                         const struct case_file *before, const char *reason,
                         int64_t version, struct client_fail *fail)
{
    static const char *const ok[] = {"closed", NULL};
    memset(fail, 0, sizeof *fail);
    if (check_stage(before, ok, fail)) {
        return -1;
    }
    /* Back to assessment, its plan due from today; the old closure's
     * follow-ups not yet done go with it (a new closure brings its own). */
    struct case_file k = *before;
    k.stage = "assessment";
    k.assessed_on = x->today;
    k.closed_on = NULL;
    k.closure_reason = "";
    k.closure_summary = "";
    k.closure_approved_by = 0;
    k.reopened = before->reopened + 1;
    if (write_begin(x, &k, version, "reopened", reason, fail)) {
        return -1;
    }
    if (check_no_open_case(x, before->client_id, before->id,
                           before->client_name, fail)) {
        db_rollback(x->db);
        return -1;
    }
    int rc = case_store_drop_open_followups(x->db, k.id);
    return write_end(x, rc, &k, "reopened", fail);
}

int case_workflow_refer(const struct client_ctx *x,
                        const struct case_file *before,
                        const struct case_referral *r, int64_t version,
                        int64_t *referral_id, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (check_idle(before, fail)) {
        return -1;
    }
    if (strcmp(before->stage, "closed") == 0) {
        return fail_stage(fail, before->stage);
    }
    if (strcmp(r->referred_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "referred_on", "转介日期",
                         "referred_on");
    }
    if (strcmp(r->referred_on, before->opened_on) < 0) {
        return rule_fail(fail, 400, MSG_REFERRAL_BEFORE_CASE, "referred_on",
                         before->opened_on, before->opened_on);
    }
    struct case_file k = *before;
    if (write_begin(x, &k, version, "referred", r->agency, fail)) {
        return -1;
    }
    int rc = case_store_add_referral(x->db, k.id, r, referral_id);
    return write_end(x, rc, &k, "referred", fail);
}

int case_workflow_referral_outcome(const struct client_ctx *x,
                                   const struct case_file *before,
                                   int64_t referral_id, const char *outcome,
                                   const char *outcome_on, int64_t version,
                                   struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    const struct case_referral *r = NULL;
    for (size_t i = 0; i < before->n_referrals; i++) {
        if (before->referrals[i].id == referral_id) {
            r = &before->referrals[i];
        }
    }
    if (!r) {
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, "转介", "referral");
    }
    if (check_idle(before, fail)) {
        return -1;
    }
    if (*r->outcome) {
        return rule_fail(fail, 409, MSG_REFERRAL_ANSWERED, "outcome",
                         r->agency, r->agency);
    }
    if (strcmp(outcome_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "outcome_on", "结果日期",
                         "outcome_on");
    }
    if (strcmp(outcome_on, r->referred_on) < 0) {
        return rule_fail(fail, 400, MSG_OUTCOME_BEFORE_REFERRAL, "outcome_on",
                         r->referred_on, r->referred_on);
    }
    struct case_file k = *before;
    if (write_begin(x, &k, version, "referral_outcome", outcome, fail)) {
        return -1;
    }
    int rc = case_store_set_referral_outcome(x->db, k.id, referral_id,
                                             outcome, outcome_on);
    return write_end(x, rc, &k, "referral_outcome", fail);
}
