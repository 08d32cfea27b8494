#include "service_record.h"

#include <stdlib.h>
#include <string.h>

#include "../store/audit_store.h"
#include "../store/case_store.h"
#include "../store/client_store.h"
#include "../store/group_store.h"
#include "../store/dictionary_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "../util/utf8.h"
#include "../util/jsonw.h"
#include "../util/strbuf.h"
#include "dictionary.h"
#include "staff_scope.h"
#include "crisis_form.h"
#include "visit_form.h"
#include "rule_fail.h"

#define MAX_SERVICE_SECONDS (24 * 3600)
/* A phone's clock may run a little ahead of the server's. */
#define CLOCK_SLACK 300
#define EARLIEST 946656000 /* 2000-01-01T00:00:00+08:00 */

static bool is(const char *type, const char *a)
{
    return strcmp(type, a) == 0;
}

/* Activities and publicity may count people who are not registered. */
static bool counts_attendees(const char *type)
{
    return is(type, "activity") || is(type, "publicity") ||
           is(type, "group_session");
}

static int check_times(const struct client_ctx *x, struct service *v,
                       int64_t now, struct client_fail *fail)
{
    (void)x;
    if (v->started_at < EARLIEST) {
        return rule_fail(fail, 400, MSG_TOO_EARLY, "started_at", "开始时间",
                         "started_at");
    }
    if (v->started_at > now + CLOCK_SLACK) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "started_at", "开始时间",
                         "started_at");
    }
    if (v->ended_at <= v->started_at) {
        return rule_fail(fail, 400, MSG_TIME_ORDER, "ended_at", "结束时间",
                         "ended_at");
    }
    if (v->ended_at > now + CLOCK_SLACK) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "ended_at", "结束时间",
                         "ended_at");
    }
    if (v->ended_at - v->started_at > MAX_SERVICE_SECONDS) {
        return rule_fail(fail, 400, MSG_SERVICE_TOO_LONG, "ended_at",
                         "结束时间", "ended_at");
    }
    v->minutes = (v->ended_at - v->started_at + 59) / 60;
    char *day = arena_alloc(x->arena, 11);
    cn_date_format(cn_date_of(v->started_at), day);
    v->service_day = day;
    return 0;
}

/* The fields each type needs, and those it cannot have. */
static int check_type_fields(struct service *v, json_t *visit,
                             struct client_fail *fail)
{
    const char *t = v->type;
    if ((is(t, "activity") || is(t, "publicity") || is(t, "group_session")) &&
        (!v->title || !*v->title)) {
        return rule_fail(fail, 400, MSG_REQUIRED_FOR_TYPE, "title", "主题",
                         "title");
    }
    if (!is(t, "activity") && !is(t, "publicity") && v->partners &&
        *v->partners) {
        return rule_fail(fail, 400, MSG_NOT_FOR_TYPE, "partners", "合作方",
                         "partners");
    }
    if (!counts_attendees(t) && v->extra_attendees) {
        return rule_fail(fail, 400, MSG_NOT_FOR_TYPE, "extra_attendees",
                         "未登记参与人数", "extra_attendees");
    }
    if (is(t, "resource_link")) {
        if (!v->resource_kind || !*v->resource_kind) {
            return rule_fail(fail, 400, MSG_REQUIRED_FOR_TYPE,
                             "resource_kind", "资源类型", "resource_kind");
        }
        if (!v->resource_source || !*v->resource_source) {
            return rule_fail(fail, 400, MSG_REQUIRED_FOR_TYPE,
                             "resource_source", "资源来源",
                             "resource_source");
        }
        if (!is(v->resource_kind, "service") && v->resource_value <= 0) {
            return rule_fail(fail, 400, MSG_REQUIRED_FOR_TYPE,
                             "resource_value", "资源价值",
                             "resource_value");
        }
    } else if ((v->resource_kind && *v->resource_kind) ||
               (v->resource_source && *v->resource_source) ||
               v->resource_value) {
        return rule_fail(fail, 400, MSG_NOT_FOR_TYPE, "resource_kind",
                         "资源链接信息", "resource link");
    }
    if (is(t, "home_visit") && !visit && !(v->visit && *v->visit)) {
        return rule_fail(fail, 400, MSG_REQUIRED_FOR_TYPE, "visit",
                         "走访记录表", "visit");
    }
    if (!is(t, "home_visit") && visit) {
        return rule_fail(fail, 400, MSG_NOT_FOR_TYPE, "visit", "走访记录表",
                         "visit");
    }
    /* A group session is its members' meeting: guests alone are not one.
     * An activity or a publicity event may count heads only. */
    bool headcount_only = is(t, "activity") || is(t, "publicity");
    if (!v->n_clients && !(headcount_only && v->extra_attendees > 0)) {
        return rule_fail(fail, 400, MSG_SERVICE_NO_CLIENT, "clients",
                         "服务对象", "clients");
    }
    return 0;
}

static int check_visit(const struct client_ctx *x, struct service *v,
                       json_t *visit, struct client_fail *fail)
{
    if (!is(v->type, "home_visit")) {
        v->visit = "";
        v->visit_purpose = "";
        v->has_income = false;
        return 0;
    }
    if (!visit) {
        return 0; /* unchanged */
    }
    struct visit_summary sum;
    enum msg_id msg;
    const char *field, *zh, *en;
    if (!visit_form_check(visit, x->arena, &sum, &msg, &field, &zh, &en)) {
        return rule_fail(fail, 400, msg, field, zh, en);
    }
    char *text = json_dumps(visit, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text) {
        return rule_fail_db(fail, DB_ERROR);
    }
    v->visit = arena_strdup(x->arena, text);
    free(text);
    v->visit_purpose = sum.purpose;
    v->has_income = sum.has_survey;
    v->per_capita_income = sum.per_capita_income;
    return 0;
}

/* A crisis intervention's form: required of a new one (and of a record
 * made one), not of one entered before the form existed, whose
 * correction need not invent it. */
static int check_crisis(const struct client_ctx *x,
                        const struct service *before, struct service *v,
                        json_t *crisis, struct client_fail *fail)
{
    if (!is(v->type, "crisis")) {
        if (crisis) {
            return rule_fail(fail, 400, MSG_NOT_FOR_TYPE, "crisis",
                             "危机介入记录", "Crisis intervention form");
        }
        v->crisis = v->crisis_result = "";
        return 0;
    }
    if (!crisis) {
        bool formless = before && is(before->type, "crisis") &&
                        !*before->crisis;
        if (!(v->crisis && *v->crisis) && !formless) {
            return rule_fail(fail, 400, MSG_REQUIRED_FOR_TYPE, "crisis",
                             "危机介入记录", "Crisis intervention form");
        }
        if (!(v->crisis && *v->crisis)) {
            v->crisis_result = "";
        }
        return 0; /* unchanged */
    }
    enum msg_id msg;
    const char *field, *zh, *en;
    if (!crisis_form_check(crisis, &msg, &field, &zh, &en)) {
        return rule_fail(fail, 400, msg, field, zh, en);
    }
    char *text = json_dumps(crisis, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text) {
        return rule_fail_db(fail, DB_ERROR);
    }
    v->crisis = arena_strdup(x->arena, text);
    free(text);
    /* A column of its own: what 危机事件成功化解 counts. */
    const char *result = json_string_value(json_object_get(crisis, "result"));
    v->crisis_result = arena_strdup(x->arena, result ? result : "");
    return 0;
}

/* Whether id is among the people of the record before the change. */
static bool listed_before(const struct service_person *p, size_t n,
                          int64_t id)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i].id == id) {
            return true;
        }
    }
    return false;
}

/* A worker already on the record stays on it when she has left the
 * station since: who served is history, not today's roster. */
static int check_workers(const struct client_ctx *x,
                         const struct service *before, struct service *v,
                         const char *region, struct client_fail *fail)
{
    if (!v->n_workers && x->user_id) {
        v->workers = arena_alloc(x->arena, sizeof *v->workers);
        v->workers[0].id = x->user_id;
        v->workers[0].name = NULL;
        v->n_workers = 1;
    }
    if (!v->n_workers) {
        return rule_fail(fail, 400, MSG_REQUIRED, "workers", "服务社工",
                         "workers");
    }
    bool self_listed = false;
    for (size_t i = 0; i < v->n_workers; i++) {
        const char *path = arena_printf(x->arena, "workers[%zu]", i);
        for (size_t j = 0; j < i; j++) {
            if (v->workers[j].id == v->workers[i].id) {
                return rule_fail(fail, 400, MSG_LISTED_TWICE, path,
                                 "服务社工", "worker");
            }
        }
        bool ok = true;
        int rc = DB_OK;
        if (!before || !listed_before(before->workers, before->n_workers,
                                      v->workers[i].id)) {
            rc = staff_covers_station(x->db, x->arena, v->workers[i].id,
                                      ROLES_FRONTLINE, v->station_id,
                                      region, &ok, &v->workers[i].name);
        }
        if (rc != DB_OK) {
            return rule_fail_db(fail, rc);
        }
        if (!ok) {
            return rule_fail(fail, 400, MSG_USER_UNKNOWN, path, "服务社工",
                             "worker");
        }
        self_listed |= v->workers[i].id == x->scope->self_user;
    }
    if (x->scope->self_user && !self_listed) {
        return rule_fail(fail, 400, MSG_SELF_NOT_WORKER, "workers",
                         "服务社工", "workers");
    }
    /* Whoever recorded a service answers for it: a colleague correcting
     * the record may add or remove others, not her. */
    if (before && before->created_by && before->created_by != x->user_id &&
        listed_before(before->workers, before->n_workers,
                      before->created_by) &&
        !listed_before(v->workers, v->n_workers, before->created_by)) {
        return rule_fail(fail, 400, MSG_AUTHOR_KEPT, "workers", "服务社工",
                         "workers");
    }
    return 0;
}

size_t service_record_reach(const struct station *s)
{
    /* A station of a county-level type other than the centre (a profile
     * may define one) has a county's code: it reaches its county too. */
    size_t reach = strcmp(s->type, "county_center") == 0 ? 6 : 9;
    size_t len = strlen(s->region_code);
    return len < reach ? len : reach;
}

/* A client new to the record: active, and of the record's station or
 * its township (a village's community room and the township's station
 * serve the same people; a county guidance centre: its county), so that
 * her own station's workers see what was done for her. Clients already
 * on the record stay, whatever became of them since. */
static int check_clients(const struct client_ctx *x,
                         const struct service *before, struct service *v,
                         const struct station *s, struct client_fail *fail)
{
    for (size_t i = 0; i < v->n_clients; i++) {
        const char *path = arena_printf(x->arena, "clients[%zu]", i);
        for (size_t j = 0; j < i; j++) {
            if (v->clients[j].id == v->clients[i].id) {
                return rule_fail(fail, 400, MSG_LISTED_TWICE, path,
                                 "服务对象", "client");
            }
        }
        struct client c;
        int rc = client_store_get(x->db, x->arena, x->scope, v->clients[i].id,
                                  &c);
        if (rc != DB_ROW && rc != DB_DONE) {
            return rule_fail_db(fail, rc);
        }
        if (rc == DB_DONE || strcmp(c.status, "merged") == 0) {
            return rule_fail(fail, 400, MSG_CLIENT_OUT_OF_RANGE, path,
                             "服务对象", "client");
        }
        v->clients[i].name = c.name;
        bool kept = before && listed_before(before->clients,
                                            before->n_clients, c.id);
        /* Judged when the client or the day is new: an old record's day
         * is not held against an unrelated correction, nor against a
         * corrected hour of the same day. */
        bool day_new = !kept || strcmp(before->service_day, v->service_day);
        if (day_new && c.birth_date && *c.birth_date &&
            strcmp(v->service_day, c.birth_date) < 0) {
            return rule_fail(
                fail, 400, MSG_SERVICE_BEFORE_BIRTH, "started_at",
                arena_printf(x->arena, "%s（%s）", c.name, c.birth_date),
                arena_printf(x->arena, "%s (%s)", c.name, c.birth_date));
        }
        /* One who died, moved or was closed on a known day may still
         * have the services given until then entered late. */
        bool gone = strcmp(c.status, "active") != 0;
        if (day_new && gone && c.status_on &&
            strcmp(v->service_day, c.status_on) > 0) {
            return rule_fail(
                fail, 400, MSG_SERVICE_AFTER_STATUS, "started_at",
                arena_printf(
                    x->arena, "%s（%s，%s）", c.name,
                    dictionary_fixed_label("client_status", c.status, false),
                    c.status_on),
                arena_printf(
                    x->arena, "%s (%s, %s)", c.name,
                    dictionary_fixed_label("client_status", c.status, true),
                    c.status_on));
        }
        if (kept) {
            continue;
        }
        if (gone && !c.status_on) {
            return rule_fail(fail, 400, MSG_CLIENT_NOT_ACTIVE, path, c.name,
                             c.name);
        }
        size_t shared = service_record_reach(s);
        if (c.station_id != s->id &&
            strncmp(c.station_region, s->region_code, shared) != 0) {
            return rule_fail(fail, 400, MSG_SERVICE_CLIENT_STATION, path,
                             c.name, c.name);
        }
    }
    return 0;
}

/* The day the case first entered intervention: its plan's first
 * approval (a later one, after a reopen, would refuse the notes of the
 * first round entered late). NULL when its story holds none. */
static const char *intervention_day(struct arena *a,
                                    const struct case_file *k)
{
    for (size_t i = 0; i < k->n_events; i++) {
        if (strcmp(k->events[i].kind, "plan_approved") == 0) {
            char *day = arena_alloc(a, 11);
            cn_date_format(cn_date_of(k->events[i].at), day);
            return day;
        }
    }
    return NULL;
}

/* Case notes and follow-up visits: the case in the caller's range, in
 * intervention or evaluation, or closed with a follow-up still due; the
 * record serves the case's client. kept: the record already belonged to
 * the case, which may have closed or moved since; it still serves the
 * case's client. */
static int check_case(const struct client_ctx *x, struct service *v,
                      bool kept, const char *before_day, bool *followup,
                      struct client_fail *fail)
{
    *followup = false;
    if (!v->case_id) {
        if (is(v->type, "casework")) {
            return rule_fail(fail, 400, MSG_REQUIRED_FOR_TYPE, "case_id",
                             "所属个案", "case_id");
        }
        return 0;
    }
    struct case_file k;
    int rc = case_store_get(x->db, x->arena, kept ? &scope_all : x->scope,
                            v->case_id, &k);
    if (rc == DB_DONE) {
        return rule_fail(fail, 400, MSG_NOT_FOUND, "case_id", "个案",
                         "case");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    /* A note or a follow-up of the case happens after it opened and
     * after it entered intervention, and a follow-up after it closed
     * (one before would tick off the follow-up the closure asked for).
     * Judged on a new link or a new day. */
    if (!kept || !before_day || strcmp(before_day, v->service_day) != 0) {
        if (strcmp(v->service_day, k.opened_on) < 0) {
            return rule_fail(fail, 400, MSG_SERVICE_BEFORE_CASE, "started_at",
                             k.opened_on, k.opened_on);
        }
        if (!kept && is(k.stage, "closed") && k.closed_on &&
            strcmp(v->service_day, k.closed_on) < 0) {
            return rule_fail(fail, 400, MSG_FOLLOWUP_BEFORE_CLOSURE,
                             "started_at", k.closed_on, k.closed_on);
        }
        /* Notes are refused before intervention, so is a day before it
         * (a record of the assessment weeks is no intervention). */
        const char *since = intervention_day(x->arena, &k);
        if (since && strcmp(v->service_day, since) < 0) {
            return rule_fail(fail, 400, MSG_SERVICE_BEFORE_INTERVENTION,
                             "started_at", since, since);
        }
    }
    if (!kept) {
        bool open_followup = false;
        for (size_t i = 0; i < k.n_followups; i++) {
            open_followup |= k.followups[i].done_on == NULL;
        }
        bool working =
            is(k.stage, "intervention") || is(k.stage, "evaluation");
        *followup = is(k.stage, "closed") && open_followup;
        if (!working && !*followup) {
            return rule_fail(fail, 409, MSG_CASE_NOT_IN_SERVICE, "case_id",
                             "所属个案", "case_id");
        }
        if (k.station_id != v->station_id) {
            return rule_fail(fail, 400, MSG_CASE_NOT_IN_SERVICE, "case_id",
                             "所属个案", "case_id");
        }
    }
    for (size_t i = 0; i < v->n_clients; i++) {
        if (v->clients[i].id == k.client_id) {
            return 0;
        }
    }
    return rule_fail(fail, 400, MSG_CASE_CLIENT_MISSING, "clients",
                     "服务对象", "clients");
}

/* A group session's day lies within its group's start and end, and not
 * after the day it closed. */
static int outside_group_dates(const struct service_group *g,
                               const struct service *v,
                               struct client_fail *fail)
{
    char day[11];
    cn_date_format(cn_date_of(v->started_at), day);
    if ((g->starts_on && *g->starts_on && strcmp(day, g->starts_on) < 0) ||
        (g->ends_on && *g->ends_on && strcmp(day, g->ends_on) > 0) ||
        (g->closed_on && *g->closed_on && strcmp(day, g->closed_on) > 0)) {
        return rule_fail(fail, 400, MSG_OUTSIDE_GROUP_DATES, "started_at",
                         "活动日期", "the session's day");
    }
    return 0;
}

/* The same for a session kept in its group and moved to another day (a
 * note of a group closed since is still corrected). */
static int check_moved_session(const struct client_ctx *x,
                               const struct service *v,
                               struct client_fail *fail)
{
    struct service_group g;
    int rc = group_store_get(x->db, x->arena, x->scope, v->group_id, &g);
    if (rc == DB_DONE) {
        return 0; /* out of range now: the record's own check answers */
    }
    return rc == DB_ROW ? outside_group_dates(&g, v, fail)
                        : rule_fail_db(fail, rc);
}

/* A group session: the group in range, active, of the same station; the
 * clients among its members. Other types belong to no group. before: the
 * record being changed, when it already belonged to this group (closed
 * since, say): its type and a new client are still checked, the group's
 * state and dates not. */
static int check_group(const struct client_ctx *x,
                       const struct service *before, struct service *v,
                       struct client_fail *fail)
{
    if (!is(v->type, "group_session")) {
        if (v->group_id) {
            return rule_fail(fail, 400, MSG_NOT_FOR_TYPE, "group_id",
                             "所属小组", "group_id");
        }
        return 0;
    }
    if (!v->group_id) {
        return rule_fail(fail, 400, MSG_REQUIRED_FOR_TYPE, "group_id",
                         "所属小组", "group_id");
    }
    struct service_group g;
    int rc = group_store_get(x->db, x->arena,
                             before ? &scope_all : x->scope, v->group_id,
                             &g);
    if (rc == DB_DONE || (rc == DB_ROW && g.station_id != v->station_id)) {
        return rule_fail(fail, 400, MSG_NOT_FOUND, "group_id", "小组",
                         "group");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (!before && strcmp(g.status, "active") != 0) {
        return rule_fail(fail, 409, MSG_GROUP_CLOSED, "group_id", g.name,
                         g.name);
    }
    if (!before && outside_group_dates(&g, v, fail)) {
        return -1;
    }
    for (size_t i = 0; i < v->n_clients; i++) {
        if (before && listed_before(before->clients, before->n_clients,
                                    v->clients[i].id)) {
            continue;
        }
        bool member = false;
        for (size_t j = 0; j < g.n_members; j++) {
            member |= g.members[j].id == v->clients[i].id;
        }
        if (!member) {
            return rule_fail(fail, 400, MSG_GROUP_NOT_MEMBER,
                             arena_printf(x->arena, "clients[%zu]", i),
                             "服务对象", "client");
        }
    }
    return 0;
}

/* before: the record being changed (NULL: a new one). The case or group
 * it already belongs to is not checked again: a note of a case or group
 * closed since can still be corrected. */
static int check(const struct client_ctx *x, const struct service *before,
                 struct service *v, const struct service_forms *forms,
                 int64_t now, bool *followup, struct client_fail *fail)
{
    *followup = false;
    bool kept_case = before && before->case_id && v->case_id == before->case_id;
    bool kept_group =
        before && before->group_id && v->group_id == before->group_id;
    struct station s;
    int rc =
        station_store_get_plain(x->db, x->arena, x->scope, v->station_id, &s);
    if (rc == DB_DONE) {
        return rule_fail(fail, 400, MSG_STATION_OUT_OF_RANGE, "station_id",
                         "所属站点", "station_id");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (strcmp(s.status, "active") != 0) {
        return rule_fail(fail, 409, MSG_STATION_INACTIVE, "station_id",
                         "所属站点", "station_id");
    }
    v->station_name = s.name;
    struct dictionary_item it;
    rc = dictionary_store_get(x->db, x->arena, "service_area", v->area, &it);
    if (rc == DB_DONE || (rc == DB_ROW && !it.active)) {
        return rule_fail(fail, 400, MSG_DICT_UNKNOWN, "area", "服务领域",
                         "area");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (check_times(x, v, now, fail) ||
        check_type_fields(v, forms->visit, fail) ||
        check_visit(x, v, forms->visit, fail) ||
        check_crisis(x, before, v, forms->crisis, fail) ||
        check_workers(x, before, v, s.region_code, fail) ||
        check_clients(x, before, v, &s, fail) ||
        check_group(x, kept_group ? before : NULL, v, fail) ||
        (kept_group && v->started_at != before->started_at &&
         check_moved_session(x, v, fail)) ||
        check_case(x, v, kept_case, before ? before->service_day : NULL,
                   followup, fail)) {
        return -1;
    }
    return 0;
}

/* Begins the write and locks what check() reads of others' records: the
 * record's clients (in id order, as a merge does: one merged meanwhile
 * is seen as merged, not left on the record; a case write locks its
 * client too) and, for a session, its group (closed meanwhile, it is
 * seen closed). Rolled back and failed on an error. */
static int begin_locked(const struct client_ctx *x, const struct service *v,
                        struct client_fail *fail)
{
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    int64_t *ids = arena_alloc(x->arena, (v->n_clients + 1) * sizeof *ids);
    for (size_t i = 0; i < v->n_clients; i++) {
        ids[i] = v->clients[i].id;
    }
    rc = client_store_lock_ids(x->db, x->arena, ids, v->n_clients);
    if (rc == DB_OK && v->group_id) {
        rc = group_store_lock(x->db, v->group_id);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
        return rule_fail_db(fail, rc);
    }
    return 0;
}

static void write_people(struct jsonw *w, const char *key,
                         const struct service_person *p, size_t n)
{
    jsonw_key(w, key);
    jsonw_arr_open(w);
    for (size_t i = 0; i < n; i++) {
        jsonw_int(w, p[i].id);
    }
    jsonw_arr_close(w);
}

const char *service_record_snapshot(struct arena *a, const struct service *v)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kint(&d.w, "version", v->version);
    jsonw_kint(&d.w, "station_id", v->station_id);
    jsonw_kstr(&d.w, "type", v->type);
    jsonw_kint(&d.w, "started_at", v->started_at);
    jsonw_kint(&d.w, "ended_at", v->ended_at);
    jsonw_kstr(&d.w, "place", v->place ? v->place : "");
    jsonw_kstr(&d.w, "area", v->area);
    jsonw_kstr(&d.w, "title", v->title ? v->title : "");
    jsonw_kstr(&d.w, "content", v->content);
    jsonw_kstr(&d.w, "outcome", v->outcome ? v->outcome : "");
    jsonw_kstr(&d.w, "satisfaction", v->satisfaction ? v->satisfaction : "");
    jsonw_kint(&d.w, "extra_attendees", v->extra_attendees);
    jsonw_kstr(&d.w, "resource_kind", v->resource_kind ? v->resource_kind : "");
    jsonw_kint(&d.w, "resource_value", v->resource_value);
    jsonw_kstr(&d.w, "resource_source",
               v->resource_source ? v->resource_source : "");
    jsonw_kint(&d.w, "case_id", v->case_id);
    jsonw_kint(&d.w, "group_id", v->group_id);
    jsonw_kstr(&d.w, "partners", v->partners ? v->partners : "");
    write_people(&d.w, "clients", v->clients, v->n_clients);
    write_people(&d.w, "workers", v->workers, v->n_workers);
    jsonw_kstr(&d.w, "visit", v->visit ? v->visit : "");
    jsonw_kstr(&d.w, "crisis", v->crisis ? v->crisis : "");
    const char *out = jsonw_doc_close(&d, a);
    return out;
}

/* The audit row: which record, what kind, for whom (ids only). */
static const char *audit_detail(struct arena *a, const struct service *v,
                                const char *reason)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kint(&d.w, "station_id", v->station_id);
    jsonw_kstr(&d.w, "type", v->type);
    jsonw_kstr(&d.w, "service_day", v->service_day);
    write_people(&d.w, "clients", v->clients, v->n_clients);
    write_people(&d.w, "workers", v->workers, v->n_workers);
    if (reason) {
        jsonw_kstr(&d.w, "reason", reason);
    }
    const char *out = jsonw_doc_close(&d, a);
    return out;
}

static int finish(const struct client_ctx *x, int rc, const char *action,
                  const struct service *v, int64_t id, const char *reason,
                  struct client_fail *fail)
{
    return rule_commit_audited(x, rc, action, "service", id,
                               audit_detail(x->arena, v, reason), fail);
}

int service_record_create(const struct client_ctx *x, struct service *v,
                          const struct service_forms *forms, int64_t *id,
                          struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    int64_t now = cn_now();
    bool followup;
    if (begin_locked(x, v, fail)) {
        return -1;
    }
    if (check(x, NULL, v, forms, now, &followup, fail)) {
        db_rollback(x->db);
        return -1;
    }
    v->created_by = x->user_id;
    int rc = service_store_insert(x->db, v, now, id);
    if (rc == DB_OK && followup) {
        rc = case_store_followup_done(x->db, v->case_id, v->service_day, *id);
    }
    return finish(x, rc, "service.create", v, *id, NULL, fail);
}

int service_record_update(const struct client_ctx *x,
                          const struct service *before, struct service *v,
                          const struct service_forms *forms,
                          const char *reason,
                          int64_t expected_version, int64_t edit_days,
                          struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    int64_t now = cn_now();
    if (reason && utf8_blank(reason)) {
        reason = NULL; /* spaces explain nothing */
    }
    bool followup; /* marked done when first recorded, not on a change */
    if (begin_locked(x, v, fail)) {
        return -1;
    }
    if (check(x, before, v, forms, now, &followup, fail)) {
        db_rollback(x->db);
        return -1;
    }
    const char *old = service_record_snapshot(x->arena, before);
    const char *new = service_record_snapshot(x->arena, v);
    /* A form saved as it was opened, as a client's: nothing written, no
     * revision, no reason asked for. The snapshots differ in nothing but
     * the version when nothing changed: compare past it. */
    if (strcmp(strchr(old, ','), strchr(new, ',')) == 0) {
        db_rollback(x->db);
        return expected_version == before->version
                   ? 0
                   : rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version",
                               NULL, NULL);
    }
    if (now - before->created_at > edit_days * 86400 && !reason) {
        db_rollback(x->db);
        /* A missing field, not a conflict: clients retry or reload on 409. */
        return rule_fail(fail, 400, MSG_AMEND_REASON, "reason", "更正理由",
                         "reason");
    }
    int rc = service_store_update(x->db, v, expected_version, now);
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    if (rc == DB_OK) {
        rc = service_store_add_revision(x->db, before->id, before->version,
                                        old, reason, x->who.name, now);
    }
    return finish(x, rc, reason ? "service.amend" : "service.update", v,
                  before->id, reason, fail);
}

/* Whether record id is among the first n found. */
static bool found_before(const struct service_overlap *o, size_t n,
                         int64_t id)
{
    for (size_t i = 0; i < n; i++) {
        if (o[i].id == id) {
            return true;
        }
    }
    return false;
}

int service_record_overlaps(const struct client_ctx *x,
                            const struct service *v, size_t max,
                            struct service_overlap **out, size_t *n)
{
    *out = arena_alloc(x->arena, (max ? max : 1) * sizeof **out);
    *n = 0;
    /* No record lasts longer than MAX_SERVICE_SECONDS (check_times): one
     * that overlaps v started less than that before it. */
    int64_t since = v->started_at - MAX_SERVICE_SECONDS;
    for (size_t i = 0; i < v->n_workers && *n < max; i++) {
        struct service_overlap *found;
        size_t k;
        int rc = service_store_overlaps(
            x->db, x->arena, x->scope, v->workers[i].id, v->id, since,
            v->started_at, v->ended_at, max, &found, &k);
        if (rc != DB_OK) {
            return rc;
        }
        for (size_t j = 0; j < k && *n < max; j++) {
            if (!found_before(*out, *n, found[j].id)) {
                (*out)[(*n)++] = found[j];
            }
        }
    }
    return DB_OK;
}

int service_record_delete(const struct client_ctx *x,
                          const struct service *before,
                          int64_t expected_version, int64_t edit_days,
                          struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    /* As a supervision record: entered by mistake, removed by its author
     * within the editing period; later it is corrected, with a reason. */
    if (!rule_author_may_remove(before->created_by, before->created_at,
                                x->user_id, edit_days)) {
        return rule_fail(fail, 403, MSG_RECORD_REMOVE_LOCKED, NULL,
                         "服务记录", "service record");
    }
    if (begin_locked(x, before, fail)) {
        return -1;
    }
    int rc = service_store_has_attachments(x->db, before->id);
    if (rc == DB_ROW) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_SERVICE_HAS_ATTACHMENTS, NULL, NULL,
                         NULL);
    }
    if (rc == DB_DONE) {
        rc = service_store_delete(x->db, before, expected_version);
    }
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    /* The audit row keeps every field: the record exists nowhere else. */
    return rule_commit_audited(
        x, rc, "service.delete", "service", before->id,
        arena_printf(x->arena, "{\"before\":%s}",
                     service_record_snapshot(x->arena, before)),
        fail);
}
