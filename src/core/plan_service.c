#include "plan_service.h"

#include <stdlib.h>
#include <string.h>

#include "../store/audit_store.h"
#include "../store/dictionary_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "../util/strbuf.h"
#include "dictionary.h"
#include "rule_fail.h"

static int check_station(const struct client_ctx *x, int64_t station_id,
                         struct client_fail *fail)
{
    struct station s;
    int rc =
        station_store_get_plain(x->db, x->arena, x->scope, station_id, &s);
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
    return 0;
}

/* A code of an editable dictionary list, active. */
static int check_dict(const struct client_ctx *x, const char *kind,
                      const char *code, const char *field, const char *label,
                      struct client_fail *fail)
{
    struct dictionary_item it;
    int rc = dictionary_store_get(x->db, x->arena, kind, code, &it);
    if (rc == DB_DONE || (rc == DB_ROW && !it.active)) {
        return rule_fail(fail, 400, MSG_DICT_UNKNOWN, field, label, field);
    }
    return rc == DB_ROW ? 0 : rule_fail_db(fail, rc);
}

static int commit_audited(const struct client_ctx *x, int rc,
                          const char *action, const char *entity, int64_t id,
                          int64_t station_id, struct client_fail *fail)
{
    return rule_commit_audited(
        x, rc, action, entity, id,
        arena_printf(x->arena, "{\"station_id\":%lld}", (long long)station_id),
        fail);
}

/* Each group's findings: a group of the dictionary (or "general"), once,
 * with no more respondents than the survey had in all. */
static int check_findings(const struct client_ctx *x, json_t *findings,
                          int64_t respondents, struct client_fail *fail)
{
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f) {
        const char *g = json_string_value(json_object_get(f, "target_group"));
        if (!g) {
            continue;
        }
        const char *path =
            arena_printf(x->arena, "findings[%zu].target_group", i);
        if (strcmp(g, "general") != 0 &&
            check_dict(x, "client_category", g, path, "调研对象群体", fail)) {
            return -1;
        }
        for (size_t j = 0; j < i; j++) {
            const char *h = json_string_value(
                json_object_get(json_array_get(findings, j), "target_group"));
            if (h && strcmp(g, h) == 0) {
                return rule_fail(fail, 400, MSG_LISTED_TWICE, path,
                                 "调研对象群体", "target group");
            }
        }
        json_t *n = json_object_get(f, "respondents");
        if (json_is_integer(n) && json_integer_value(n) > respondents) {
            return rule_fail(
                fail, 400, MSG_OVER_RESPONDENTS,
                arena_printf(x->arena, "findings[%zu].respondents", i),
                "该群体受访人数", "the group's respondents");
        }
    }
    return 0;
}

int plan_service_save_survey(const struct client_ctx *x,
                             const struct needs_survey *before,
                             struct needs_survey *s, json_t *findings,
                             int64_t expected_version, int64_t *id,
                             struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (check_station(x, s->station_id, fail)) {
        return -1;
    }
    if (strcmp(s->conducted_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "conducted_on",
                         "调研日期", "conducted_on");
    }
    /* The findings kept, when only the total changes: still within it. */
    json_t *kept = NULL;
    if (!findings && before && before->findings) {
        kept = json_loads(before->findings, 0, NULL);
    }
    int bad = check_findings(x, findings ? findings : kept, s->respondents,
                             fail);
    json_decref(kept);
    if (bad) {
        return -1;
    }
    if (findings) {
        char *text = json_dumps(findings, JSON_COMPACT | JSON_SORT_KEYS);
        s->findings = arena_strdup(x->arena, text ? text : "[]");
        free(text);
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    int64_t now = cn_now();
    if (before) {
        *id = before->id;
        rc = plan_store_survey_update(x->db, s, expected_version, now);
        if (rc == DB_DONE) {
            db_rollback(x->db);
            return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                             NULL);
        }
    } else {
        s->created_by = x->user_id;
        rc = plan_store_survey_insert(x->db, s, now, id);
    }
    return commit_audited(x, rc, before ? "survey.update" : "survey.create",
                          "needs_survey", *id, s->station_id, fail);
}

static int check_items(const struct client_ctx *x, struct station_plan *p,
                       struct client_fail *fail)
{
    for (size_t i = 0; i < p->n_items; i++) {
        const struct plan_item *it = &p->items[i];
        const char *path = arena_printf(x->arena, "items[%zu]", i);
        if (check_dict(x, "service_area", it->area,
                       arena_printf(x->arena, "%s.area", path), "服务领域",
                       fail)) {
            return -1;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(p->items[j].area, it->area) == 0 &&
                strcmp(p->items[j].type, it->type) == 0) {
                return rule_fail(fail, 400, MSG_LISTED_TWICE, path,
                                 "计划项目", "item");
            }
        }
    }
    return 0;
}

/* The surveys a plan draws on: the station's own, as "1,5,7". */
static int check_surveys(const struct client_ctx *x, struct station_plan *p,
                         json_t *surveys, struct client_fail *fail)
{
    struct strbuf sb;
    strbuf_init(&sb);
    size_t i;
    json_t *v;
    json_array_foreach(surveys, i, v) {
        struct needs_survey s;
        int rc = plan_store_survey_get(x->db, x->arena, x->scope,
                                       json_integer_value(v), &s);
        if (rc != DB_ROW && rc != DB_DONE) {
            strbuf_free(&sb);
            return rule_fail_db(fail, rc);
        }
        if (rc == DB_DONE || s.station_id != p->station_id) {
            strbuf_free(&sb);
            return rule_fail(fail, 400, MSG_NOT_FOUND,
                             arena_printf(x->arena, "survey_ids[%zu]", i),
                             "需求调研", "needs survey");
        }
        strbuf_printf(&sb, "%s%lld", i ? "," : "",
                      (long long)json_integer_value(v));
    }
    p->survey_ids = arena_strdup(x->arena, sb.buf ? sb.buf : "");
    strbuf_free(&sb);
    return 0;
}

int plan_service_save_plan(const struct client_ctx *x,
                           const struct station_plan *before,
                           struct station_plan *p, json_t *surveys,
                           int64_t expected_version, int64_t *id,
                           struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (before && strcmp(before->status, "draft") != 0) {
        return rule_fail(fail, 409, MSG_PLAN_SUBMITTED, NULL, NULL, NULL);
    }
    struct cn_date today = cn_date_of(cn_now());
    if (p->year > today.year + 1) { /* next year's is planned in autumn */
        return rule_fail(
            fail, 400, MSG_OUT_OF_RANGE, "year",
            arena_printf(x->arena, "计划年度（最晚为%d年）", today.year + 1),
            arena_printf(x->arena, "year (at most %d)", today.year + 1));
    }
    if (check_station(x, p->station_id, fail) || check_items(x, p, fail) ||
        (surveys && check_surveys(x, p, surveys, fail))) {
        return -1;
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    int64_t now = cn_now();
    if (before) {
        *id = before->id;
        rc = plan_store_plan_update(x->db, p, expected_version, now);
        if (rc == DB_DONE) {
            db_rollback(x->db);
            return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                             NULL);
        }
    } else {
        p->created_by = x->user_id;
        rc = plan_store_plan_insert(x->db, p, now, id);
        if (rc == DB_CONSTRAINT) {
            db_rollback(x->db);
            return rule_fail(fail, 409, MSG_PLAN_EXISTS, "year", "计划年度",
                             "year");
        }
    }
    return commit_audited(x, rc, before ? "plan.update" : "plan.create",
                          "station_plan", *id, p->station_id, fail);
}

int plan_service_submit(const struct client_ctx *x,
                        const struct station_plan *before,
                        int64_t expected_version, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (strcmp(before->status, "draft") != 0) {
        return rule_fail(fail, 409, MSG_PLAN_SUBMITTED, NULL, NULL, NULL);
    }
    if (before->n_items == 0) {
        return rule_fail(fail, 400, MSG_REQUIRED, "items", "计划项目",
                         "items");
    }
    struct station_plan p = *before;
    p.status = "submitted";
    p.submitted_on = x->today;
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    rc = plan_store_plan_update(x->db, &p, expected_version, cn_now());
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    return commit_audited(x, rc, "plan.submit", "station_plan", p.id,
                          p.station_id, fail);
}
