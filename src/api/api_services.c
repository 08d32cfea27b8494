/* /api/v1/services: service records (服务记录) — consultations, home
 * visits with their form, case notes, group sessions, activities, crisis
 * interventions, resource links and publicity — and their revisions. */
#include <stdlib.h>
#include <string.h>

#include "../core/dictionary.h"
#include "../core/rule_fail.h"
#include "../core/service_record.h"
#include "../store/contract_parts_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"

static bool fixed_or_empty(const char *kind, const char *s)
{
    return !*s || dictionary_fixed_has(kind, s);
}
static bool is_type(const char *s)
{
    return dictionary_fixed_has("service_type", s);
}
static bool is_satisfaction(const char *s)
{
    return fixed_or_empty("satisfaction", s);
}
static bool is_resource_kind(const char *s)
{
    return fixed_or_empty("resource_kind", s);
}
static bool is_purpose(const char *s)
{
    return dictionary_fixed_has("visit_purpose", s);
}
static bool is_income_source(const char *s)
{
    return dictionary_fixed_has("income_source", s);
}
static bool is_asset_kind(const char *s)
{
    return dictionary_fixed_has("asset_kind", s);
}
static bool is_expense_kind(const char *s)
{
    return dictionary_fixed_has("expense_kind", s);
}
static bool is_housing_type(const char *s)
{
    return fixed_or_empty("housing_type", s);
}
static bool is_housing_condition(const char *s)
{
    return fixed_or_empty("housing_condition", s);
}
static bool is_member_health(const char *s)
{
    return dictionary_fixed_has("member_health", s);
}
static bool is_member_work(const char *s)
{
    return dictionary_fixed_has("member_work", s);
}
static bool is_hardship_kind(const char *s)
{
    return dictionary_fixed_has("hardship_kind", s);
}
static bool is_hardship_degree(const char *s)
{
    return dictionary_fixed_has("hardship_degree", s);
}
static bool is_conclusion(const char *s)
{
    return dictionary_fixed_has("visit_conclusion", s);
}
static bool is_crisis_kind(const char *s)
{
    return dictionary_fixed_has("crisis_kind", s);
}
static bool is_risk_level(const char *s)
{
    return dictionary_fixed_has("risk_level", s);
}
static bool is_crisis_partner(const char *s)
{
    return dictionary_fixed_has("crisis_partner", s);
}
static bool is_crisis_result(const char *s)
{
    return dictionary_fixed_has("crisis_result", s);
}
static bool is_instant(const char *s)
{
    int64_t t;
    return cn_parse_instant(s, &t);
}

/* Amounts in fen: up to 100 million yuan a line. */
#define FEN_MAX 10000000000LL

static const struct schema income_fields[] = {
    {.name = "member", .label_zh = "家庭成员", .label_en = "member",
     .type = S_STRING, .max = 40},
    {.name = "source", .label_zh = "收入来源", .label_en = "source",
     .type = S_STRING, .required = true, .max = 20, .check = is_income_source,
     .check_msg = MSG_BAD_ENUM},
    {.name = "yearly", .label_zh = "年收入", .label_en = "yearly",
     .type = S_INT, .required = true, .max = FEN_MAX},
    {0},
};
static const struct schema income_schema[] = {
    {.type = S_OBJECT, .fields = income_fields},
};
static const struct schema asset_fields[] = {
    {.name = "kind", .label_zh = "财产类型", .label_en = "kind",
     .type = S_STRING, .required = true, .max = 20, .check = is_asset_kind,
     .check_msg = MSG_BAD_ENUM},
    {.name = "description", .label_zh = "财产说明", .label_en = "description",
     .type = S_STRING, .max = 200},
    {.name = "value", .label_zh = "价值", .label_en = "value",
     .type = S_INT, .max = FEN_MAX},
    {0},
};
static const struct schema asset_schema[] = {
    {.type = S_OBJECT, .fields = asset_fields},
};
static const struct schema expense_fields[] = {
    {.name = "kind", .label_zh = "支出类型", .label_en = "kind",
     .type = S_STRING, .required = true, .max = 20, .check = is_expense_kind,
     .check_msg = MSG_BAD_ENUM},
    {.name = "yearly", .label_zh = "年支出", .label_en = "yearly",
     .type = S_INT, .required = true, .max = FEN_MAX},
    {.name = "note", .label_zh = "说明", .label_en = "note",
     .type = S_STRING, .max = 200},
    {0},
};
static const struct schema expense_schema[] = {
    {.type = S_OBJECT, .fields = expense_fields},
};
static const struct schema housing_fields[] = {
    {.name = "type", .label_zh = "住房类型", .label_en = "housing type",
     .type = S_STRING, .max = 20, .check = is_housing_type,
     .check_msg = MSG_BAD_ENUM},
    {.name = "area_m2", .label_zh = "住房面积(平方米)", .label_en = "area_m2",
     .type = S_INT, .max = 100000},
    {.name = "condition", .label_zh = "住房状况", .label_en = "condition",
     .type = S_STRING, .max = 20, .check = is_housing_condition,
     .check_msg = MSG_BAD_ENUM},
    {0},
};
static const struct schema member_fields[] = {
    {.name = "name", .label_zh = "成员姓名或称谓", .label_en = "name",
     .type = S_STRING, .max = 40},
    {.name = "health", .label_zh = "身体状况", .label_en = "health",
     .type = S_STRING, .required = true, .max = 20,
     .check = is_member_health, .check_msg = MSG_BAD_ENUM},
    {.name = "work", .label_zh = "就业状况", .label_en = "work",
     .type = S_STRING, .required = true, .max = 20, .check = is_member_work,
     .check_msg = MSG_BAD_ENUM},
    {0},
};
static const struct schema member_schema[] = {
    {.type = S_OBJECT, .fields = member_fields},
};
static const struct schema hardship_fields[] = {
    {.name = "kind", .label_zh = "困难类型", .label_en = "kind",
     .type = S_STRING, .required = true, .max = 20,
     .check = is_hardship_kind, .check_msg = MSG_BAD_ENUM},
    {.name = "degree", .label_zh = "困难程度", .label_en = "degree",
     .type = S_STRING, .required = true, .max = 20,
     .check = is_hardship_degree, .check_msg = MSG_BAD_ENUM},
    {.name = "note", .label_zh = "困难说明", .label_en = "note",
     .type = S_STRING, .max = 200},
    {0},
};
static const struct schema hardship_schema[] = {
    {.type = S_OBJECT, .fields = hardship_fields},
};
static const struct schema survey_fields[] = {
    {.name = "household_size", .label_zh = "共同生活人数",
     .label_en = "household_size", .type = S_INT, .required = true, .min = 1,
     .max = 30},
    {.name = "incomes", .label_zh = "家庭收入", .label_en = "incomes",
     .type = S_ARRAY, .max = 50, .fields = income_schema},
    {.name = "assets", .label_zh = "家庭财产", .label_en = "assets",
     .type = S_ARRAY, .max = 50, .fields = asset_schema},
    {.name = "expenses", .label_zh = "刚性支出", .label_en = "expenses",
     .type = S_ARRAY, .max = 50, .fields = expense_schema},
    {.name = "housing", .label_zh = "住房情况", .label_en = "housing",
     .type = S_OBJECT, .fields = housing_fields},
    {.name = "members", .label_zh = "家庭成员情况", .label_en = "members",
     .type = S_ARRAY, .max = 30, .fields = member_schema},
    {.name = "hardships", .label_zh = "困难类型及程度",
     .label_en = "hardships", .type = S_ARRAY, .max = 8,
     .fields = hardship_schema},
    {.name = "conclusion", .label_zh = "核查结论", .label_en = "conclusion",
     .type = S_STRING, .required = true, .max = 20, .check = is_conclusion,
     .check_msg = MSG_BAD_ENUM},
    {.name = "conclusion_note", .label_zh = "结论说明",
     .label_en = "conclusion_note", .type = S_STRING, .max = 1000,
     .multiline = true},
    {0},
};
static const struct schema visit_fields[] = {
    {.name = "purpose", .label_zh = "走访目的", .label_en = "purpose",
     .type = S_STRING, .required = true, .max = 20, .check = is_purpose,
     .check_msg = MSG_BAD_ENUM},
    {.name = "met", .label_zh = "见到的人", .label_en = "met",
     .type = S_STRING, .required = true, .min = 1, .max = 100},
    {.name = "living_conditions", .label_zh = "生活状况",
     .label_en = "living_conditions", .type = S_STRING, .max = 2000,
     .multiline = true},
    {.name = "housing", .label_zh = "住房情况", .label_en = "housing",
     .type = S_OBJECT, .fields = housing_fields},
    {.name = "needs", .label_zh = "发现的需求", .label_en = "needs",
     .type = S_STRING, .max = 2000, .multiline = true},
    {.name = "survey", .label_zh = "家计调查", .label_en = "survey",
     .type = S_OBJECT, .nullable = true, .fields = survey_fields},
    {0},
};
static const struct schema crisis_partner_schema[] = {
    {.label_zh = "联动单位", .label_en = "Partner notified",
     .type = S_STRING, .max = 30, .check = is_crisis_partner,
     .check_msg = MSG_BAD_ENUM},
};
static const struct schema crisis_fields[] = {
    {.name = "kind", .label_zh = "危机类型", .label_en = "Crisis type",
     .type = S_STRING, .required = true, .max = 30, .check = is_crisis_kind,
     .check_msg = MSG_BAD_ENUM},
    {.name = "risk_level", .label_zh = "风险等级", .label_en = "Risk level",
     .type = S_STRING, .required = true, .max = 20, .check = is_risk_level,
     .check_msg = MSG_BAD_ENUM},
    {.name = "measures", .label_zh = "处置措施",
     .label_en = "Measures taken",
     .type = S_STRING, .required = true, .min = 1, .max = 2000,
     .multiline = true},
    {.name = "notified", .label_zh = "联动单位",
     .label_en = "Partners notified",
     .type = S_ARRAY, .max = 9, .distinct = true,
     .fields = crisis_partner_schema},
    {.name = "notified_other", .label_zh = "其他联动单位",
     .label_en = "Other partner", .type = S_STRING, .max = 100},
    {.name = "result", .label_zh = "处置结果", .label_en = "Result",
     .type = S_STRING, .required = true, .max = 20,
     .check = is_crisis_result, .check_msg = MSG_BAD_ENUM},
    {.name = "follow_up", .label_zh = "后续跟进安排",
     .label_en = "Follow-up",
     .type = S_STRING, .max = 1000, .multiline = true},
    {0},
};
static const struct schema id_schema[] = {
    {.type = S_INT, .min = 1},
};

#define SERVICE_FIELDS                                                      \
    {.name = "started_at", .label_zh = "开始时间", .label_en = "started_at", \
     .type = S_STRING, .max = 25, .check = is_instant,                      \
     .check_msg = MSG_BAD_TIME},                                            \
    {.name = "ended_at", .label_zh = "结束时间", .label_en = "ended_at",   \
     .type = S_STRING, .max = 25, .check = is_instant,                      \
     .check_msg = MSG_BAD_TIME},                                            \
    {.name = "place", .label_zh = "服务地点", .label_en = "place",         \
     .type = S_STRING, .max = 100},                                         \
    {.name = "area", .label_zh = "服务领域", .label_en = "area",           \
     .type = S_STRING, .min = 1, .max = 40},                                \
    {.name = "title", .label_zh = "主题", .label_en = "title",             \
     .type = S_STRING, .max = 100},                                         \
    {.name = "content", .label_zh = "服务内容", .label_en = "content",     \
     .type = S_STRING, .min = 1, .max = 5000, .multiline = true},           \
    {.name = "outcome", .label_zh = "服务成效", .label_en = "outcome",     \
     .type = S_STRING, .max = 2000, .multiline = true},                     \
    {.name = "satisfaction", .label_zh = "满意度",                         \
     .label_en = "satisfaction", .type = S_STRING, .max = 20,               \
     .check = is_satisfaction, .check_msg = MSG_BAD_ENUM},                  \
    {.name = "extra_attendees", .label_zh = "未登记参与人数",              \
     .label_en = "extra_attendees", .type = S_INT, .max = 100000},          \
    {.name = "resource_kind", .label_zh = "资源类型",                      \
     .label_en = "resource_kind", .type = S_STRING, .max = 20,              \
     .check = is_resource_kind, .check_msg = MSG_BAD_ENUM},                 \
    {.name = "resource_value", .label_zh = "资源价值",                 \
     .label_en = "resource_value", .type = S_INT, .max = FEN_MAX},          \
    {.name = "resource_source", .label_zh = "资源来源",                    \
     .label_en = "resource_source", .type = S_STRING, .max = 100},          \
    {.name = "clients", .label_zh = "服务对象", .label_en = "clients",     \
     .type = S_ARRAY, .max = 500, .fields = id_schema},                     \
    {.name = "workers", .label_zh = "服务社工", .label_en = "workers",     \
     .type = S_ARRAY, .max = 10, .fields = id_schema},                      \
    {.name = "case_id", .label_zh = "所属个案", .label_en = "case_id",     \
     .type = S_INT, .min = 1, .nullable = true},                            \
    {.name = "group_id", .label_zh = "所属小组", .label_en = "group_id",   \
     .type = S_INT, .min = 1, .nullable = true},                            \
    {.name = "partners", .label_zh = "合作方", .label_en = "partners",     \
     .type = S_STRING, .max = 200},                                         \
    {.name = "visit", .label_zh = "走访记录表", .label_en = "visit",       \
     .type = S_OBJECT, .nullable = true, .fields = visit_fields},           \
    {.name = "crisis", .label_zh = "危机介入记录",                         \
     .label_en = "Crisis intervention form",                                \
     .type = S_OBJECT, .nullable = true, .fields = crisis_fields}

static const struct schema create_fields[] = {
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .required = true, .min = 1},
    {.name = "type", .label_zh = "服务类型", .label_en = "type",
     .type = S_STRING, .required = true, .max = 20, .check = is_type,
     .check_msg = MSG_BAD_ENUM},
    SERVICE_FIELDS,
    {0},
};
const struct schema api_service_create_schema = {.type = S_OBJECT,
                                                 .fields = create_fields};

static const struct schema update_fields[] = {
    {.name = "type", .label_zh = "服务类型", .label_en = "type",
     .type = S_STRING, .min = 1, .max = 20, .check = is_type,
     .check_msg = MSG_BAD_ENUM},
    SERVICE_FIELDS,
    {.name = "reason", .label_zh = "更正理由", .label_en = "reason",
     .type = S_STRING, .max = 500, .multiline = true},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_service_update_schema = {.type = S_OBJECT,
                                                 .fields = update_fields};

static void write_service_members(struct req *r, struct jsonw *w,
                                  const struct service *v, int64_t edit_days)
{
    jsonw_kint(w, "id", v->id);
    jsonw_kint(w, "station_id", v->station_id);
    jsonw_kstr(w, "station_name", v->station_name);
    jsonw_kstr(w, "type", v->type);
    jsonw_kstr(w, "started_at", api_time(r, v->started_at));
    jsonw_kstr(w, "ended_at", api_time(r, v->ended_at));
    jsonw_kint(w, "minutes", v->minutes);
    jsonw_kstr(w, "service_day", v->service_day);
    jsonw_kstr(w, "place", v->place);
    jsonw_kstr(w, "area", v->area);
    jsonw_kstr(w, "title", v->title);
    jsonw_kstr(w, "content", v->content);
    jsonw_kstr(w, "outcome", v->outcome);
    jsonw_kstr(w, "satisfaction", v->satisfaction);
    jsonw_kint(w, "extra_attendees", v->extra_attendees);
    jsonw_kstr(w, "resource_kind", v->resource_kind);
    jsonw_kint(w, "resource_value", v->resource_value);
    jsonw_kstr(w, "resource_source", v->resource_source);
    jsonw_key(w, "visit");
    if (*v->visit) {
        jsonw_raw(w, v->visit); /* stored as checked, compact JSON */
    } else {
        jsonw_null(w);
    }
    jsonw_key(w, "crisis");
    if (*v->crisis) {
        jsonw_raw(w, v->crisis); /* stored as checked, compact JSON */
    } else {
        jsonw_null(w);
    }
    jsonw_key(w, "per_capita_income");
    if (v->has_income) {
        jsonw_int(w, v->per_capita_income);
    } else {
        jsonw_null(w);
    }
    api_kid(w, "case_id", v->case_id);
    api_kid(w, "group_id", v->group_id);
    jsonw_kstr(w, "partners", v->partners);
    api_write_people(r, w, "clients", v->clients, v->n_clients, true);
    api_write_people(r, w, "workers", v->workers, v->n_workers, false);
    jsonw_kint(w, "revisions", v->n_revisions);
    jsonw_kstr(w, "editable_until",
               api_time(r, v->created_at + edit_days * 86400));
    /* What service_record_delete allows, for the page's 删除. */
    jsonw_kbool(w, "removable",
                r->who && rule_author_may_remove(v->created_by, v->created_at,
                                                 r->who->user_id, edit_days));
    jsonw_kint(w, "version", v->version);
    jsonw_kstr(w, "created_at", api_time(r, v->created_at));
    jsonw_kstr(w, "updated_at", api_time(r, v->updated_at));
}

static void write_service(struct req *r, struct jsonw *w,
                          const struct service *v, int64_t edit_days)
{
    jsonw_obj_open(w);
    write_service_members(r, w, v, edit_days);
    jsonw_obj_close(w);
}

static int64_t edit_days(struct req *r)
{
    return server_settings(r->srv).service_edit_days;
}

static void read_text(struct req *r, const char *name, const char **dst)
{
    const char *v = api_body_str(r, name);
    if (v) {
        *dst = v;
    }
}

static void read_int(struct req *r, const char *name, int64_t *dst)
{
    json_t *v = json_object_get(r->json, name);
    if (v && json_is_integer(v)) {
        *dst = json_integer_value(v);
    }
}

/* The body's members over v (every member optional here; the schema has
 * required the create's). */
static void read_body(struct req *r, struct service *v)
{
    read_text(r, "type", &v->type);
    const char *t;
    if ((t = api_body_str(r, "started_at")) != NULL) {
        cn_parse_instant(t, &v->started_at);
    }
    if ((t = api_body_str(r, "ended_at")) != NULL) {
        cn_parse_instant(t, &v->ended_at);
    }
    read_text(r, "place", &v->place);
    read_text(r, "area", &v->area);
    read_text(r, "title", &v->title);
    read_text(r, "content", &v->content);
    read_text(r, "outcome", &v->outcome);
    read_text(r, "satisfaction", &v->satisfaction);
    read_int(r, "extra_attendees", &v->extra_attendees);
    read_text(r, "resource_kind", &v->resource_kind);
    read_int(r, "resource_value", &v->resource_value);
    read_text(r, "resource_source", &v->resource_source);
    api_body_ids(r, "clients", &v->clients, &v->n_clients);
    api_body_ids(r, "workers", &v->workers, &v->n_workers);
    json_t *k = json_object_get(r->json, "case_id");
    if (k) {
        v->case_id = json_integer_value(k); /* null: 0, no case */
    }
    json_t *g = json_object_get(r->json, "group_id");
    if (g) {
        v->group_id = json_integer_value(g);
    }
    read_text(r, "partners", &v->partners);
}

/* A form of the body (visit, crisis): NULL when absent or null. */
static json_t *body_form(struct req *r, const char *name)
{
    json_t *v = json_object_get(r->json, name);
    return v && json_is_object(v) ? v : NULL;
}

static void body_forms(struct req *r, struct service_forms *f)
{
    f->visit = body_form(r, "visit");
    f->crisis = body_form(r, "crisis");
}

/* At most this many overlapping records are named: more would bury the
 * form under warnings, and the first ones are enough to go and look. */
#define OVERLAPS_SHOWN 3

/* "2026-12-05 14:00–15:10", or both days when it ends on another. */
static const char *span_text(struct req *r, int64_t from, int64_t to)
{
    char a[32], b[32];
    cn_iso8601(from, a);
    cn_iso8601(to, b);
    if (memcmp(a, b, 10) == 0) {
        return arena_printf(r->arena, "%.10s %.5s–%.5s", a, a + 11, b + 11);
    }
    return arena_printf(r->arena, "%.10s %.5s–%.10s %.5s", a, a + 11, b,
                        b + 11);
}

/* A worker of the record by her id, "" when not one of them. */
static const char *worker_name(const struct service *v, int64_t user_id)
{
    for (size_t i = 0; i < v->n_workers; i++) {
        if (v->workers[i].id == user_id) {
            return v->workers[i].name ? v->workers[i].name : "";
        }
    }
    return "";
}

/* The worker named in a warning: the caller is 本人 ("your"). */
static const char *overlap_label(struct req *r, const struct service *v,
                                 const struct service_overlap *o)
{
    const char *span = span_text(r, o->started_at, o->ended_at);
    const char *name = worker_name(v, o->user_id);
    bool self = r->who && o->user_id == r->who->user_id;
    if (r->lang == LANG_EN) {
        return self ? arena_printf(r->arena,
                                   "your service record #%lld of %s",
                                   (long long)o->id, span)
                    : arena_printf(r->arena,
                                   "%s's service record #%lld of %s",
                                   name, (long long)o->id, span);
    }
    return arena_printf(r->arena, "%s%s的服务记录（#%lld）",
                        self ? "本人" : name, span,
                        (long long)o->id);
}

/* What a record saved is warned of against its station's contract: its
 * area left out of the scope, its workers off the roster that day. */
struct contract_warnings {
    bool outside;
    int64_t *unrostered;
    size_t n_unrostered;
};

static int contract_warnings_of(struct req *r, const struct service *v,
                                struct contract_warnings *cw)
{
    int rc = contract_parts_area_outside(r->db, v->station_id,
                                         v->service_day, v->area);
    if (rc != DB_ROW && rc != DB_DONE) {
        return rc;
    }
    cw->outside = rc == DB_ROW;
    return contract_parts_record_unrostered(r->db, r->arena, v->id,
                                            v->station_id, v->service_day,
                                            &cw->unrostered,
                                            &cw->n_unrostered);
}

static void write_warning(struct jsonw *w, const char *code,
                          const char *field, const char *text)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "code", code);
    jsonw_kstr(w, "field", field);
    jsonw_kstr(w, "message", text);
}

/* Warnings of a record saved: those against its contract, its workers'
 * other records at the same time (an empty array when none). */
static void write_warnings(struct req *r, struct jsonw *w,
                           const struct service *v,
                           const struct contract_warnings *cw,
                           const struct service_overlap *o, size_t n)
{
    jsonw_key(w, "warnings");
    jsonw_arr_open(w);
    char text[400];
    if (cw->outside) {
        reply_msg(r, MSG_SERVICE_OUT_OF_SCOPE, NULL, text, sizeof text);
        write_warning(w, "out_of_scope", "area", text);
        jsonw_obj_close(w);
    }
    for (size_t i = 0; i < cw->n_unrostered; i++) {
        reply_msg(r, MSG_SERVICE_UNROSTERED,
                  worker_name(v, cw->unrostered[i]), text, sizeof text);
        write_warning(w, "unrostered", "workers", text);
        jsonw_kint(w, "user_id", cw->unrostered[i]);
        jsonw_obj_close(w);
    }
    for (size_t i = 0; i < n; i++) {
        reply_msg(r, MSG_SERVICE_OVERLAP, overlap_label(r, v, &o[i]), text,
                  sizeof text);
        write_warning(w, "overlap", "started_at", text);
        jsonw_kint(w, "service_id", o[i].id);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
}

/* A record created or changed, read back, with its warnings. */
static void reply_saved(struct req *r, int status, int64_t id)
{
    struct service v;
    int rc = service_store_get(r->db, r->arena, &scope_all, id, &v);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "service read back");
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct service_overlap *o;
    size_t n;
    rc = service_record_overlaps(&x, &v, OVERLAPS_SHOWN, &o, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "service overlaps");
        return;
    }
    struct contract_warnings cw;
    rc = contract_warnings_of(r, &v, &cw);
    if (rc != DB_OK) {
        api_db_error(r, rc, "service contract warnings");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    write_service_members(r, &w, &v, edit_days(r));
    write_warnings(r, &w, &v, &cw, o, n);
    jsonw_obj_close(&w);
    reply_json(r, status, &sb);
}

void api_services_create(struct req *r)
{
    struct service v;
    memset(&v, 0, sizeof v);
    v.station_id = json_integer_value(json_object_get(r->json, "station_id"));
    read_body(r, &v);
    static const char *const needed[][2] = {{"started_at", "开始时间"},
                                            {"ended_at", "结束时间"},
                                            {"area", "服务领域"},
                                            {"content", "服务内容"}};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        if (!api_body_str(r, needed[i][0])) {
            reply_error(r, 400, MSG_REQUIRED, needed[i][0], needed[i][1],
                        needed[i][0]);
            return;
        }
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    struct service_forms forms;
    body_forms(r, &forms);
    if (service_record_create(&x, &v, &forms, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "service write");
        return;
    }
    reply_saved(r, 201, id);
}

static bool load(struct req *r, struct service *v)
{
    int64_t id;
    if (!req_param_id(r, 0, "服务记录", "service record", &id)) {
        return false;
    }
    int rc = service_store_get(r->db, r->arena, r->scope, id, v);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "服务记录",
                    "service record");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "service get");
        return false;
    }
    return true;
}

void api_services_get(struct req *r)
{
    struct service v;
    if (load(r, &v)) {
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        write_service(r, &w, &v, edit_days(r));
        reply_json(r, 200, &sb);
    }
}

void api_services_update(struct req *r)
{
    struct service before;
    int64_t version;
    if (!load(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct service v = before;
    read_body(r, &v);
    struct service_forms forms;
    body_forms(r, &forms);
    /* Cleared; the type rules decide if it may be. */
    if (json_is_null(json_object_get(r->json, "visit"))) {
        v.visit = "";
    }
    if (json_is_null(json_object_get(r->json, "crisis"))) {
        v.crisis = "";
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (service_record_update(&x, &before, &v, &forms,
                              api_body_str(r, "reason"), version,
                              edit_days(r), &fail) != 0) {
        api_reply_fail(r, &fail, "service write");
        return;
    }
    reply_saved(r, 200, before.id);
}

/* DELETE /api/v1/services/{id}: a record entered by mistake (twice, or
 * for the wrong person), by its author within the editing period. */
void api_services_delete(struct req *r)
{
    struct service before;
    int64_t version;
    if (!load(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (service_record_delete(&x, &before, version, edit_days(r), &fail) !=
        0) {
        api_reply_fail(r, &fail, "service delete");
        return;
    }
    api_reply_ok(r);
}

void api_services_revisions(struct req *r)
{
    struct service v;
    if (!load(r, &v)) {
        return;
    }
    struct service_revision *items;
    size_t n;
    int rc = service_store_revisions(r->db, r->arena, v.id, &items, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "service revisions");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_kint(&w, "version", items[i].version);
        jsonw_key(&w, "record");
        jsonw_raw(&w, items[i].snapshot);
        jsonw_kstr(&w, "reason", items[i].reason);
        jsonw_kstr(&w, "changed_by", items[i].changed_by);
        jsonw_kstr(&w, "changed_by_name", items[i].changed_by_name
                                              ? items[i].changed_by_name
                                              : items[i].changed_by);
        jsonw_kstr(&w, "changed_at", api_time(r, items[i].changed_at));
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

/* A day parameter (YYYY-MM-DD, Beijing) as the instant it starts;
 * next_day: the instant the day after starts, for an inclusive "to". */
static bool query_day(struct req *r, const char *name, bool next_day,
                      int64_t *out)
{
    const char *v = req_query(r, name);
    *out = 0;
    if (!v || !*v) {
        return true;
    }
    if (!cn_day_start(v, next_day, out)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, name, name, name);
        return false;
    }
    return true;
}

void api_services_list(struct req *r)
{
    struct service_filter f;
    memset(&f, 0, sizeof f);
    int64_t page;
    if (!req_query_id(r, "station_id", &f.station_id) ||
        !req_query_id(r, "client_id", &f.client_id) ||
        !req_query_id(r, "worker_id", &f.worker_id) ||
        !req_query_id(r, "case_id", &f.case_id) ||
        !req_query_id(r, "group_id", &f.group_id) ||
        !api_query_code(r, "type", "service_type", &f.type) ||
        !api_query_code(r, "area", "service_area", &f.area) ||
        !query_day(r, "from", false, &f.from) ||
        !query_day(r, "to", true, &f.to) ||
        !req_paging(r, 20, &f.limit, &page)) {
        return;
    }
    /* to is the start of the day after it: an inverted range is one
     * that ends where or before it starts, refused as /expenditures
     * refuses it rather than answered with nothing. */
    if (f.from && f.to && f.to <= f.from) {
        reply_error(r, 400, MSG_DATE_ORDER, "to", "结束日期", "to");
        return;
    }
    f.offset = (page - 1) * f.limit;
    struct service *items;
    size_t n;
    int64_t total;
    int rc = service_store_list(r->db, r->arena, r->scope, &f, &items, &n,
                                &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "service list");
        return;
    }
    int64_t days = edit_days(r);
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        write_service(r, &w, &items[i], days);
    }
    jsonw_arr_close(&w);
    jsonw_kint(&w, "total", total > SERVICE_COUNT_MAX ? SERVICE_COUNT_MAX
                                                      : total);
    jsonw_kbool(&w, "total_more", total > SERVICE_COUNT_MAX);
    jsonw_kint(&w, "page", page);
    jsonw_kint(&w, "limit", f.limit);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}
