/* /api/v1/clients: the client register (服务对象). Personal data is
 * masked in every answer; POST /clients/{id}/reveal shows it in full to
 * those allowed, for a stated reason, and leaves an audit row. */
#include <stdlib.h>
#include <string.h>

#include "../core/client_service.h"
#include "../core/dictionary.h"
#include "../core/id_number.h"
#include "../core/region_code.h"
#include "../core/service_record.h"
#include "../store/audit_store.h"
#include "../store/dictionary_store.h"
#include "../store/region_store.h"
#include "../store/service_store.h"
#include "../store/station_store.h"
#include "../core/phone.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"
#include "../util/utf8.h"

static bool fixed_or_empty(const char *kind, const char *s)
{
    return !*s || dictionary_fixed_has(kind, s);
}
static bool is_sex(const char *s) { return fixed_or_empty("sex", s); }
static bool is_ethnicity(const char *s)
{
    return fixed_or_empty("ethnicity", s);
}
static bool is_self_care(const char *s)
{
    return fixed_or_empty("self_care", s);
}
static bool is_living(const char *s) { return fixed_or_empty("living", s); }
static bool is_risk(const char *s) { return fixed_or_empty("risk_level", s); }
static bool is_basis(const char *s)
{
    return fixed_or_empty("lawful_basis", s);
}
static bool is_duty(const char *s)
{
    return fixed_or_empty("statutory_duty", s);
}
static bool is_consent_method(const char *s)
{
    return fixed_or_empty("consent_method", s);
}
static bool is_relation(const char *s)
{
    return dictionary_fixed_has("guardian_relation", s);
}
/* "merged" is reached by merging, never set by hand. */
static bool is_status(const char *s)
{
    return strcmp(s, "merged") != 0 && dictionary_fixed_has("client_status", s);
}
static bool is_tag(const char *s)
{
    return strchr(s, ',') == NULL;
}
static bool is_village(const char *s)
{
    if (strlen(s) != 12) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
    }
    return true;
}

static const struct schema category_fields[] = {
    {.name = "code", .label_zh = "对象类别", .label_en = "category",
     .type = S_STRING, .required = true, .min = 1, .max = 40},
    {.name = "started_on", .label_zh = "开始日期", .label_en = "started_on",
     .type = S_DATE, .required = true},
    {.name = "ended_on", .label_zh = "结束日期", .label_en = "ended_on",
     .type = S_DATE, .nullable = true},
    {0},
};
static const struct schema category_schema[] = {
    {.type = S_OBJECT, .fields = category_fields},
};

static const struct schema guardian_fields[] = {
    {.name = "name", .label_zh = "监护人姓名", .label_en = "guardian name",
     .type = S_STRING, .required = true, .min = 1, .max = 40,
     .check = utf8_name_ok, .check_msg = MSG_NAME_NO_LETTER},
    {.name = "relation", .label_zh = "与服务对象关系",
     .label_en = "relation", .type = S_STRING, .required = true, .max = 20,
     .check = is_relation, .check_msg = MSG_BAD_ENUM},
    {.name = "phone", .label_zh = "监护人电话", .label_en = "guardian phone",
     .type = S_STRING, .max = 20, .check = phone_valid,
     .check_msg = MSG_BAD_PHONE,
     .check_reason = phone_problem},
    {.name = "client_id", .label_zh = "监护人服务对象编号",
     .label_en = "guardian client id", .type = S_INT, .min = 1,
     .nullable = true},
    /* The guardian as read (its "id"): on an update, her phone on record
     * stays when the body leaves it out, even if her name was corrected. */
    {.name = "id", .label_zh = "监护人", .label_en = "guardian",
     .type = S_INT, .min = 1},
    {0},
};
static const struct schema guardian_schema[] = {
    {.type = S_OBJECT, .fields = guardian_fields},
};

static const struct schema tag_schema[] = {
    {.label_zh = "标签", .label_en = "tag", .type = S_STRING, .min = 1,
     .max = 20, .check = is_tag, .check_msg = MSG_BAD_ENUM},
};

#define CLIENT_FIELDS                                                        \
    {.name = "village_code", .label_zh = "所在村(社区)",                      \
     .label_en = "village_code", .type = S_STRING, .max = 12,                \
     .nullable = true, .check = is_village,                                  \
     .check_msg = MSG_BAD_REGION_CODE},                                      \
    {.name = "id_number", .label_zh = "身份证号", .label_en = "ID number",   \
     .type = S_STRING, .max = 40},                                           \
    {.name = "sex", .label_zh = "性别", .label_en = "sex",                   \
     .type = S_STRING, .max = 1, .check = is_sex,                            \
     .check_msg = MSG_BAD_ENUM},                                             \
    {.name = "birth_date", .label_zh = "出生日期", .label_en = "birth_date", \
     .type = S_DATE, .nullable = true},                                      \
    {.name = "ethnicity", .label_zh = "民族", .label_en = "ethnicity",       \
     .type = S_STRING, .max = 2, .check = is_ethnicity,                      \
     .check_msg = MSG_BAD_ENUM},                                             \
    {.name = "phone", .label_zh = "联系电话", .label_en = "phone",           \
     .type = S_STRING, .max = 20, .check = phone_valid,                      \
     .check_msg = MSG_BAD_PHONE,                                             \
     .check_reason = phone_problem},                                         \
    {.name = "hukou_address", .label_zh = "户籍地址",                         \
     .label_en = "household-registration address", .type = S_STRING,         \
     .max = 200},                                                            \
    {.name = "address", .label_zh = "现居住地址", .label_en = "address",     \
     .type = S_STRING, .max = 200},                                          \
    {.name = "categories", .label_zh = "对象类别", .label_en = "categories", \
     .type = S_ARRAY, .max = 20, .fields = category_schema},                 \
    {.name = "dibao_cert", .label_zh = "低保证号", .label_en = "dibao_cert", \
     .type = S_STRING, .max = 40},                                           \
    {.name = "dibao_since", .label_zh = "低保起始日期",                       \
     .label_en = "dibao_since", .type = S_DATE, .nullable = true},           \
    {.name = "tekun_cert", .label_zh = "特困供养证号",                        \
     .label_en = "tekun_cert", .type = S_STRING, .max = 40},                 \
    {.name = "tekun_since", .label_zh = "特困供养起始日期",                   \
     .label_en = "tekun_since", .type = S_DATE, .nullable = true},           \
    {.name = "self_care", .label_zh = "自理能力", .label_en = "self_care",   \
     .type = S_STRING, .max = 20, .check = is_self_care,                     \
     .check_msg = MSG_BAD_ENUM},                                             \
    {.name = "living", .label_zh = "居住状况", .label_en = "living",         \
     .type = S_STRING, .max = 20, .check = is_living,                        \
     .check_msg = MSG_BAD_ENUM},                                             \
    {.name = "risk_level", .label_zh = "风险等级", .label_en = "risk_level", \
     .type = S_STRING, .max = 10, .check = is_risk,                          \
     .check_msg = MSG_BAD_ENUM},                                             \
    {.name = "worker_id", .label_zh = "责任社工", .label_en = "worker_id",   \
     .type = S_INT, .min = 1, .nullable = true},                             \
    {.name = "tags", .label_zh = "标签", .label_en = "tags",                 \
     .type = S_ARRAY, .max = 10, .fields = tag_schema},                      \
    {.name = "status", .label_zh = "状态", .label_en = "status",             \
     .type = S_STRING, .max = 20, .check = is_status,                        \
     .check_msg = MSG_BAD_ENUM},                                             \
    {.name = "status_reason", .label_zh = "状态原因",                         \
     .label_en = "status_reason", .type = S_STRING, .max = 200},             \
    {.name = "status_on", .label_zh = "状态变更日期",                         \
     .label_en = "status_on", .type = S_DATE, .nullable = true},             \
    {.name = "notes", .label_zh = "备注", .label_en = "notes",               \
     .type = S_STRING, .max = 2000, .multiline = true},                      \
    {.name = "lawful_basis", .label_zh = "合法性基础",                        \
     .label_en = "lawful_basis", .type = S_STRING, .max = 30,                \
     .check = is_basis, .check_msg = MSG_BAD_ENUM},                          \
    {.name = "consent_by", .label_zh = "同意人", .label_en = "consent_by",   \
     .type = S_STRING, .max = 40},                                           \
    {.name = "consent_on", .label_zh = "同意日期", .label_en = "consent_on", \
     .type = S_DATE, .nullable = true},                                      \
    {.name = "consent_method", .label_zh = "同意方式",                        \
     .label_en = "consent_method", .type = S_STRING, .max = 20,              \
     .check = is_consent_method, .check_msg = MSG_BAD_ENUM},                 \
    {.name = "statutory_duty", .label_zh = "法定职责",                        \
     .label_en = "statutory_duty", .type = S_STRING, .max = 30,              \
     .check = is_duty, .check_msg = MSG_BAD_ENUM},                           \
    {.name = "basis_note", .label_zh = "依据说明", .label_en = "basis_note", \
     .type = S_STRING, .max = 200},                                          \
    {.name = "guardians", .label_zh = "监护人", .label_en = "guardians",     \
     .type = S_ARRAY, .max = 5, .fields = guardian_schema}

static const struct schema create_fields[] = {
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .required = true, .min = 1},
    {.name = "name", .label_zh = "姓名", .label_en = "name",
     .type = S_STRING, .required = true, .min = 1, .max = 40,
     .check = utf8_name_ok, .check_msg = MSG_NAME_NO_LETTER},
    CLIENT_FIELDS,
    {0},
};
const struct schema api_client_create_schema = {.type = S_OBJECT,
                                                .fields = create_fields};

static const struct schema update_fields[] = {
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .min = 1},
    {.name = "name", .label_zh = "姓名", .label_en = "name",
     .type = S_STRING, .min = 1, .max = 40, .check = utf8_name_ok, .check_msg = MSG_NAME_NO_LETTER},
    CLIENT_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_client_update_schema = {.type = S_OBJECT,
                                                .fields = update_fields};

static const struct schema check_fields[] = {
    {.name = "name", .label_zh = "姓名", .label_en = "name",
     .type = S_STRING, .required = true, .min = 1, .max = 40,
     .check = utf8_name_ok, .check_msg = MSG_NAME_NO_LETTER},
    {.name = "id_number", .label_zh = "身份证号", .label_en = "ID number",
     .type = S_STRING, .max = 40},
    {.name = "birth_date", .label_zh = "出生日期", .label_en = "birth_date",
     .type = S_DATE, .nullable = true},
    {.name = "phone", .label_zh = "联系电话", .label_en = "phone",
     .type = S_STRING, .max = 20},
    {.name = "except_id", .label_zh = "排除的记录", .label_en = "except_id",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_client_check_schema = {.type = S_OBJECT,
                                               .fields = check_fields};

static const struct schema reveal_fields[] = {
    {.name = "reason", .label_zh = "查看原因", .label_en = "reason",
     .type = S_STRING, .required = true, .min = 4, .max = 200},
    {0},
};
const struct schema api_client_reveal_schema = {.type = S_OBJECT,
                                                .fields = reveal_fields};

static const struct schema merge_fields[] = {
    {.name = "into", .label_zh = "合并目标", .label_en = "into",
     .type = S_INT, .required = true, .min = 1},
    {0},
};
const struct schema api_client_merge_schema = {.type = S_OBJECT,
                                               .fields = merge_fields};

static const char *today(struct req *r)
{
    char *buf = arena_alloc(r->arena, 11);
    cn_date_format(cn_date_of(cn_now()), buf);
    return buf;
}

static struct client_ctx ctx_of(struct req *r)
{
    struct client_ctx x = {
        .db = r->db,
        .arena = r->arena,
        .key = r->srv->key,
        .scope = r->scope,
        .who = {.name = r->actor, .address = r->address},
        .user_id = r->who ? r->who->user_id : 0,
        .today = today(r),
    };
    return x;
}

void api_client_ctx(struct req *r, struct client_ctx *out)
{
    *out = ctx_of(r);
}

/* What clients are written with: today. */
struct client_view {
    const char *day;
    /* The birth date in full: only for those who may reveal the ID
     * number, since with the masked number's first and last digits it
     * spells the whole of it (the county's two digits are the station's
     * more often than not). Others read its year. */
    bool whole_birth;
    /* The detail's: her service records dated after the day she left
     * the register (a death reported late), counted by GET only. */
    int64_t services_after;
};

static struct client_view view_of(struct req *r)
{
    return (struct client_view){.day = today(r),
                                .whole_birth = api_can(r, "client.reveal")};
}

static bool client_sensitive(const struct client *c,
                             const struct client_view *v)
{
    return client_service_sensitive(c, v->day);
}

/* The members of a client (masked); full adds the detail page's. */
static void write_client_members(struct req *r, struct jsonw *w,
                                 const struct client *c, bool full,
                                 const struct client_view *v)
{
    /* One who died is read as on her last day: her age, and the
     * categories she then held (they are not ended by her death). */
    const char *day = client_age_day(c, v->day);
    int age = client_age(c->birth_date, day);
    jsonw_kint(w, "id", c->id);
    jsonw_kint(w, "station_id", c->station_id);
    jsonw_kstr(w, "station_name", c->station_name);
    jsonw_kstr(w, "village_code", c->village_code);
    jsonw_kstr(w, "village_name", c->village_name);
    /* The evaluator's view: names masked (api_client_name), certificate
     * numbers masked, and free notes about the person, or the names of
     * those who consented or look after her, left out. */
    bool masked = r->who && r->who->names_masked;
    jsonw_kstr(w, "name", api_client_name(r, c->name));
    jsonw_kstr(w, "id_number", c->id_number.masked);
    jsonw_kstr(w, "sex", c->sex);
    if (!v->whole_birth && c->birth_date) {
        jsonw_key(w, "birth_date");
        jsonw_strn(w, c->birth_date, 4);
    } else {
        jsonw_kstr(w, "birth_date", c->birth_date);
    }
    jsonw_kint(w, "age", age);
    jsonw_kbool(w, "minor", age < 18);
    jsonw_kstr(w, "ethnicity", c->ethnicity);
    jsonw_kstr(w, "phone", c->phone.masked);
    jsonw_kstr(w, "address", c->address.masked);
    jsonw_key(w, "categories");
    jsonw_arr_open(w);
    for (size_t i = 0; i < c->n_categories; i++) {
        const struct client_category *k = &c->categories[i];
        bool current = client_category_current(k, day);
        if (!full && !current) {
            continue;
        }
        jsonw_obj_open(w);
        jsonw_kstr(w, "code", k->code);
        jsonw_kstr(w, "started_on", k->started_on);
        jsonw_kstr(w, "ended_on", k->ended_on);
        jsonw_kbool(w, "current", current);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_kbool(w, "sensitive", client_sensitive(c, v));
    api_kid(w, "worker_id", c->worker_id);
    jsonw_kstr(w, "worker_name", c->worker_name);
    jsonw_kstr(w, "risk_level", c->risk_level);
    jsonw_kstr(w, "status", c->status);
    jsonw_kint(w, "version", c->version);
    if (full) {
        jsonw_kstr(w, "hukou_address", c->hukou_address.masked);
        jsonw_kstr(w, "dibao_cert",
                   masked && c->dibao_cert
                       ? client_mask_address(r->arena, c->dibao_cert)
                       : c->dibao_cert);
        jsonw_kstr(w, "dibao_since", c->dibao_since);
        jsonw_kstr(w, "tekun_cert",
                   masked && c->tekun_cert
                       ? client_mask_address(r->arena, c->tekun_cert)
                       : c->tekun_cert);
        jsonw_kstr(w, "tekun_since", c->tekun_since);
        jsonw_kstr(w, "self_care", c->self_care);
        jsonw_kstr(w, "living", c->living);
        jsonw_key(w, "tags");
        jsonw_arr_open(w);
        for (const char *p = c->tags; *p;) {
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            jsonw_strn(w, p, n);
            p += n + (comma ? 1 : 0);
        }
        jsonw_arr_close(w);
        jsonw_kstr(w, "status_reason", masked ? "" : c->status_reason);
        jsonw_kstr(w, "status_on", masked ? NULL : c->status_on);
        jsonw_kstr(w, "notes", masked ? "" : c->notes);
        jsonw_kstr(w, "lawful_basis", c->lawful_basis);
        jsonw_kstr(w, "consent_by", api_client_name(r, c->consent_by));
        jsonw_kstr(w, "consent_on", c->consent_on);
        jsonw_kstr(w, "consent_method", c->consent_method);
        jsonw_kstr(w, "statutory_duty", c->statutory_duty);
        jsonw_kstr(w, "basis_note", masked ? "" : c->basis_note);
        jsonw_key(w, "guardians");
        jsonw_arr_open(w);
        for (size_t i = 0; i < c->n_guardians; i++) {
            const struct client_guardian *g = &c->guardians[i];
            jsonw_obj_open(w);
            jsonw_kint(w, "id", g->id);
            jsonw_kstr(w, "name", api_client_name(r, g->name));
            jsonw_kstr(w, "relation", g->relation);
            jsonw_kstr(w, "phone", g->phone_masked);
            api_kid(w, "client_id", g->guardian_client_id);
            if (g->guardian_client_id) {
                jsonw_kstr(w, "client_status", g->client_status);
                jsonw_kstr(w, "client_status_on",
                           masked ? NULL : g->client_status_on);
            }
            jsonw_obj_close(w);
        }
        jsonw_arr_close(w);
        if (c->merged_into) {
            jsonw_kint(w, "merged_into", c->merged_into);
        }
        if (v->services_after > 0) {
            jsonw_kint(w, "services_after_status", v->services_after);
        }
        jsonw_key(w, "household");
        if (c->household_id) {
            jsonw_obj_open(w);
            jsonw_kint(w, "id", c->household_id);
            jsonw_kstr(w, "name", api_client_name(r, c->household_name));
            jsonw_kstr(w, "relation", c->household_relation);
            jsonw_obj_close(w);
        } else {
            jsonw_null(w);
        }
        jsonw_kstr(w, "created_at", api_time(r, c->created_at));
        api_kid(w, "created_by", c->created_by);
        jsonw_kstr(w, "created_by_name", c->created_by_name);
        jsonw_kstr(w, "updated_at", api_time(r, c->updated_at));
    }
}

static void write_client(struct req *r, struct jsonw *w,
                         const struct client *c, bool full,
                         const struct client_view *v)
{
    jsonw_obj_open(w);
    write_client_members(r, w, c, full, v);
    jsonw_obj_close(w);
}

static void reply_client(struct req *r, int status, const struct client *c,
                         const struct client_view *v)
{
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_client(r, &w, c, true, v);
    reply_json(r, status, &sb);
}

/* A valid ID number issued by a county that no longer exists (cards of
 * abolished counties stay valid): saved, with a warning naming the
 * county's code; NULL when it exists. */
static const char *county_unknown(struct req *r, const char *id_number)
{
    struct id_number id;
    if (!id_number || !*id_number ||
        id_number_parse(id_number, today(r), &id) != MSG_COUNT_) {
        return NULL;
    }
    struct region g;
    return region_store_get(r->db, r->arena, id.county, &g) == DB_DONE
               ? arena_strdup(r->arena, id.county)
               : NULL;
}

static void write_warning(struct req *r, struct jsonw *w, const char *field,
                          enum msg_id msg, const char *label)
{
    char text[300];
    reply_msg(r, msg, label, text, sizeof text);
    jsonw_obj_open(w);
    jsonw_kstr(w, "field", field);
    jsonw_kstr(w, "message", text);
    jsonw_obj_close(w);
}

/* Her service records dated after the day she left the register, as
 * text for the warning; NULL when none (or when they cannot be counted:
 * the save itself stands). */
static const char *services_after_status(struct req *r, const struct client *c)
{
    struct client_ctx x = ctx_of(r);
    int64_t n;
    if (client_service_records_after_status(&x, c, &n) != DB_OK || n == 0) {
        return NULL;
    }
    return arena_printf(r->arena, "%lld", (long long)n);
}

static void reply_saved(struct req *r, int status, const struct client *c,
                        const char *id_number)
{
    struct client_view v = view_of(r);
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    write_client_members(r, &w, c, true, &v);
    jsonw_key(&w, "warnings");
    jsonw_arr_open(&w);
    const char *county = county_unknown(r, id_number);
    if (county) {
        write_warning(r, &w, "id_number", MSG_ID_COUNTY_UNKNOWN, county);
    }
    const char *after = services_after_status(r, c);
    if (after) {
        write_warning(r, &w, "status_on", MSG_STATUS_BEFORE_SERVICES, after);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, status, &sb);
}

/* A filter parameter that must be one of a list; false after replying. */
static bool query_in(struct req *r, const char *name, const char *kind,
                     const char **out)
{
    const char *v = req_query(r, name);
    *out = NULL;
    if (!v || !*v) {
        return true;
    }
    if (!dictionary_fixed_has(kind, v)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, name, name, name);
        return false;
    }
    *out = v;
    return true;
}

/* The birth date that makes someone `years` old today (shift: a day
 * later). */
static const char *born_years_ago(struct req *r, int64_t years, int shift)
{
    struct cn_date d = cn_date_of(cn_now());
    d.year -= (int)years;
    if (d.month == 2 && d.day == 29) {
        d.day = 28;
    }
    int64_t days = cn_days_from_civil(d.year, d.month, d.day) + shift;
    char *buf = arena_alloc(r->arena, 11);
    cn_date_format(cn_civil_from_days(days), buf);
    return buf;
}

/* Age >= min means born on or before the day min years ago; age <= max
 * means born after the day max+1 years ago. */
bool api_client_ages(struct req *r, int64_t min, int64_t max,
                     struct client_filter *f)
{
    if (min >= 0 && max >= 0 && max < min) {
        reply_error(r, 400, MSG_AGE_ORDER, "age_max", "最大年龄", "age_max");
        return false;
    }
    if (min >= 0) {
        f->born_before = born_years_ago(r, min, 0);
    }
    if (max >= 0) {
        f->born_after = born_years_ago(r, max + 1, 1);
    }
    return true;
}

/* Characters, not bytes, of UTF-8 text. */
static size_t characters(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

bool api_name_q_allowed(struct req *r, const char *q)
{
    /* Whoever reads names as 张* may search by a surname: a whole name
     * found would confirm the guess the mask hides. */
    if (q && r->who && r->who->names_masked && characters(q) > 1) {
        reply_error(r, 400, MSG_MASKED_NAME_SEARCH, "q", "搜索", "search");
        return false;
    }
    return true;
}

/* Whether q is a number as people group it: digits (an ID number's last
 * may be X) with spaces or hyphens between ("138 0731 2345",
 * "138-0731-2345"). */
static bool grouped_number(const char *q, size_t n)
{
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = q[i];
        if (ch >= '0' && ch <= '9') {
            digits++;
        } else if (!(ch == ' ' || ch == '-' ||
                     (i == n - 1 && (ch == 'X' || ch == 'x')))) {
            return false;
        }
    }
    return digits > 0;
}

/* q with full-width forms as ASCII, its ends' spaces trimmed, and the
 * spaces between words dropped when it is Latin letters alone: "tan jian
 * guo" is typed as often as "tanjianguo", and the pinyin columns hold no
 * spaces. A mobile number
 * or an ID number typed in groups is looked up whole: the register keeps
 * them without spaces or hyphens (a landline keeps its area code's). */
static const char *squeezed(struct arena *a, const char *q)
{
    /* Digits and letters as a Chinese input method types them (０００７,
     * ｚｓ) are the ASCII ones. */
    if (utf8_has_fullwidth(q) || strstr(q, "\xe3\x80\x80")) {
        char *folded = arena_alloc(a, strlen(q) + 1);
        utf8_fold_fullwidth(q, folded);
        q = folded;
    }
    q += strspn(q, " ");
    size_t n = strlen(q);
    while (n && q[n - 1] == ' ') {
        n--;
    }
    bool latin = true;
    for (size_t i = 0; i < n; i++) {
        char ch = q[i];
        latin = latin && ((ch >= 'a' && ch <= 'z') ||
                          (ch >= 'A' && ch <= 'Z') || ch == ' ');
    }
    bool number = grouped_number(q, n);
    char *out = arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!((latin || number) && q[i] == ' ')) {
            out[k++] = q[i];
        }
    }
    out[k] = 0;
    /* Hyphens too, unless it is a landline ("0731-2345678"). */
    if (number && out[0] != '0') {
        k = 0;
        for (size_t i = 0; out[i]; i++) {
            if (out[i] != '-') {
                out[k++] = out[i];
            }
        }
        out[k] = 0;
    }
    return out;
}

bool api_client_q(struct req *r, struct client_filter *f)
{
    if (f->q) {
        f->q = squeezed(r->arena, f->q);
    }
    if (!f->q || !*f->q) {
        f->q = NULL;
        return true;
    }
    if (!api_name_q_allowed(r, f->q)) {
        return false;
    }
    /* Looking a whole ID number or phone up is for those who may read it
     * whole: for the others an answer would confirm a guess. Their q is
     * read as a name, which such a number never is. */
    if (!api_can(r, "client.reveal")) {
        return true;
    }
    struct id_number id;
    const char *plain = NULL;
    if (id_number_parse(f->q, f->on, &id) == MSG_COUNT_) {
        plain = id.number;
    } else if (phone_valid(f->q)) {
        plain = f->q;
        f->q_phone = true;
    }
    if (plain) {
        char *b = arena_alloc(r->arena, SECRET_BLIND_HEX);
        secret_blind(r->srv->key, plain, b);
        f->q_blind = b;
    }
    return true;
}

const char *const api_client_sorts[] = {"name", "id", "birth_date", NULL};
const char *const api_client_orders[] = {"asc", "desc", NULL};

/* for_station: the clients a record of that station (in the caller's
 * range) may serve, so that the service form offers no one it would
 * refuse. */
static bool read_reach(struct req *r, struct client_filter *f)
{
    int64_t id = 0;
    if (!req_query_id(r, "for_station", &id)) {
        return false;
    }
    if (!id) {
        return true;
    }
    struct station s;
    int rc = station_store_get_plain(r->db, r->arena, r->scope, id, &s);
    if (rc == DB_DONE) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "for_station",
                    "for_station", "for_station");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "station of for_station");
        return false;
    }
    size_t n = service_record_reach(&s);
    f->reach = arena_strndup(r->arena, s.region_code, n);
    return true;
}

static bool read_filter(struct req *r, struct client_filter *f)
{
    memset(f, 0, sizeof *f);
    f->on = today(r);
    const char *q = req_query(r, "q");
    if (q && *q) {
        if (strlen(q) > 40) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "q", "q", "q");
            return false;
        }
        f->q = q;
        if (!api_client_q(r, f)) {
            return false;
        }
    }
    if (!api_query_code(r, "category", "client_category", &f->category)) {
        return false;
    }
    const char *village = req_query(r, "village");
    if (village && *village) {
        if (!region_code_valid(village)) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "village", "village",
                        "village");
            return false;
        }
        f->village = village;
    }
    if (!req_query_id(r, "station_id", &f->station_id) ||
        !req_query_id(r, "worker_id", &f->worker_id) ||
        !query_in(r, "status", "client_status", &f->status) ||
        !read_reach(r, f)) {
        return false;
    }
    /* Ages in whole years. */
    const char *amin = req_query(r, "age_min");
    const char *amax = req_query(r, "age_max");
    int64_t min = -1, max = -1;
    if (amin && *amin && !parse_int64(amin, 0, 150, &min)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "age_min", "age_min",
                    "age_min");
        return false;
    }
    if (amax && *amax && !parse_int64(amax, 0, 150, &max)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "age_max", "age_max",
                    "age_max");
        return false;
    }
    if (!api_client_ages(r, min, max, f)) {
        return false;
    }
    int sort, desc;
    if (!req_query_choice(r, "sort", api_client_sorts, &sort) ||
        !req_query_choice(r, "order", api_client_orders, &desc)) {
        return false;
    }
    f->sort = (enum client_sort)sort;
    f->desc = desc == 1;
    int64_t page;
    if (!req_paging(r, 20, &f->limit, &page)) {
        return false;
    }
    f->offset = (page - 1) * f->limit;
    return true;
}

/* A reply about sensitive clients (a page found by a sensitive
 * category, a sensitive client's timeline or history), written, waiting
 * for its audit row. */
struct audited_body {
    struct strbuf body;
    struct audit_entry e;
};

static int append_body(struct db *db, void *arg)
{
    struct audited_body *a = arg;
    return audit_append(db, &a->e);
}

static void reply_audited_body(struct req *r)
{
    struct audited_body *a = r->job;
    if (r->commit_rc != DB_OK) {
        strbuf_free(&a->body);
        api_db_error(r, r->commit_rc, "audit of a sensitive read");
        return;
    }
    reply_json(r, 200, &a->body);
}

/* Whether the filter's category is one the dictionary marks sensitive
 * (PIPL art. 28: a list of who has it tells what a read of each would). */
static int sensitive_filter(struct req *r, const struct client_filter *f,
                            bool *sensitive)
{
    *sensitive = false;
    if (!f->category) {
        return DB_OK;
    }
    struct dictionary_item it;
    int rc = dictionary_store_get(r->db, r->arena, "client_category",
                                  f->category, &it);
    *sensitive = rc == DB_ROW && it.sensitive;
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

void api_clients_list(struct req *r)
{
    struct client_filter f;
    if (!read_filter(r, &f)) {
        return;
    }
    bool sensitive;
    int src = sensitive_filter(r, &f, &sensitive);
    if (src != DB_OK) {
        api_db_error(r, src, "client list category");
        return;
    }
    struct client *items;
    size_t n;
    int64_t total;
    int rc = client_store_list(r->db, r->arena, r->scope, &f, &items, &n,
                               &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "client list");
        return;
    }
    struct client_view v = view_of(r);
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_client(r, &w, &items[i], false, &v);
    }
    jsonw_arr_close(&w);
    /* A count beyond CLIENT_COUNT_MAX is not taken: "more than". */
    jsonw_kint(&w, "total", total > CLIENT_COUNT_MAX ? CLIENT_COUNT_MAX
                                                     : total);
    jsonw_kbool(&w, "total_more", total > CLIENT_COUNT_MAX);
    jsonw_kint(&w, "page", f.offset / f.limit + 1);
    jsonw_kint(&w, "limit", f.limit);
    jsonw_obj_close(&w);
    if (!sensitive || n == 0) {
        reply_json(r, 200, &sb);
        return;
    }
    /* As a sensitive client's read (DESIGN.md §5): audited, and shown
     * only once its row is committed; the row names the category, the
     * page and the clients it showed. */
    struct audited_body *a = arena_alloc(r->arena, sizeof *a);
    a->body = sb;
    struct strbuf ids;
    strbuf_init(&ids);
    for (size_t i = 0; i < n; i++) {
        strbuf_printf(&ids, "%s%lld", i ? "," : "", (long long)items[i].id);
    }
    a->e = (struct audit_entry){
        .actor = r->actor,
        .address = r->address,
        .action = "client.list_sensitive",
        .entity = "client_category",
        .entity_id = f.category,
        .detail = arena_printf(r->arena,
                               "{\"page\":%lld,\"shown\":%zu,\"total\":%lld,"
                               "\"client_ids\":[%s]}",
                               (long long)(f.offset / f.limit + 1), n,
                               (long long)total, ids.buf ? ids.buf : ""),
    };
    strbuf_free(&ids);
    r->job = a;
    req_commit_grouped(r, append_body, a, reply_audited_body);
}

/* Reads the body's categories, guardians and tags into c, and the
 * guardians' phones into p. */
static void read_lists(struct req *r, struct client *c,
                       struct client_plain *p)
{
    json_t *arr = json_object_get(r->json, "categories");
    if (arr) {
        c->n_categories = json_array_size(arr);
        c->categories = arena_alloc(
            r->arena, sizeof *c->categories * (c->n_categories + 1));
        for (size_t i = 0; i < c->n_categories; i++) {
            json_t *o = json_array_get(arr, i);
            c->categories[i].code =
                json_string_value(json_object_get(o, "code"));
            c->categories[i].started_on =
                json_string_value(json_object_get(o, "started_on"));
            c->categories[i].ended_on =
                json_string_value(json_object_get(o, "ended_on"));
        }
    }
    arr = json_object_get(r->json, "guardians");
    if (arr) {
        c->n_guardians = json_array_size(arr);
        c->guardians = arena_alloc(
            r->arena, sizeof *c->guardians * (c->n_guardians + 1));
        p->guardian_phones =
            arena_alloc(r->arena, sizeof(char *) * (c->n_guardians + 1));
        for (size_t i = 0; i < c->n_guardians; i++) {
            json_t *o = json_array_get(arr, i);
            struct client_guardian *g = &c->guardians[i];
            memset(g, 0, sizeof *g);
            g->name = json_string_value(json_object_get(o, "name"));
            g->relation = json_string_value(json_object_get(o, "relation"));
            g->guardian_client_id =
                json_integer_value(json_object_get(o, "client_id"));
            g->id = json_integer_value(json_object_get(o, "id"));
            /* Absent: on an update, the phone on record for the guardian
             * named by id, else of the same name, stays (answers only
             * show it masked). */
            json_t *ph = json_object_get(o, "phone");
            p->guardian_phones[i] =
                ph ? (json_string_value(ph) ? json_string_value(ph) : "")
                   : NULL;
        }
    }
    arr = json_object_get(r->json, "tags");
    if (arr) {
        struct strbuf sb;
        strbuf_init(&sb);
        for (size_t i = 0; i < json_array_size(arr); i++) {
            if (i) {
                strbuf_adds(&sb, ",");
            }
            strbuf_adds(&sb, json_string_value(json_array_get(arr, i)));
        }
        c->tags = arena_strdup(r->arena, sb.buf ? sb.buf : "");
        strbuf_free(&sb);
    }
}

/* Copies each string member of the body that is present into *slot;
 * a JSON null clears it. */
struct str_member {
    const char *name;
    const char **slot;
};

static void read_strings(struct req *r, const struct str_member *m,
                         size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_object_get(r->json, m[i].name);
        if (v) {
            *m[i].slot = json_string_value(v); /* NULL for null */
        }
    }
}

static void read_body(struct req *r, struct client *c, struct client_plain *p)
{
    const struct str_member members[] = {
        {"village_code", &c->village_code},
        {"name", &c->name},
        {"sex", &c->sex},
        {"birth_date", &c->birth_date},
        {"ethnicity", &c->ethnicity},
        {"dibao_cert", &c->dibao_cert},
        {"dibao_since", &c->dibao_since},
        {"tekun_cert", &c->tekun_cert},
        {"tekun_since", &c->tekun_since},
        {"self_care", &c->self_care},
        {"living", &c->living},
        {"risk_level", &c->risk_level},
        {"status", &c->status},
        {"status_reason", &c->status_reason},
        {"status_on", &c->status_on},
        {"notes", &c->notes},
        {"lawful_basis", &c->lawful_basis},
        {"consent_by", &c->consent_by},
        {"consent_on", &c->consent_on},
        {"consent_method", &c->consent_method},
        {"statutory_duty", &c->statutory_duty},
        {"basis_note", &c->basis_note},
        {"id_number", &p->id_number},
        {"phone", &p->phone},
        {"hukou_address", &p->hukou_address},
        {"address", &p->address},
    };
    read_strings(r, members, sizeof members / sizeof members[0]);
    json_t *v;
    if ((v = json_object_get(r->json, "station_id")) != NULL) {
        c->station_id = json_integer_value(v);
    }
    if ((v = json_object_get(r->json, "worker_id")) != NULL) {
        c->worker_id = json_integer_value(v); /* null: 0, none */
    }
    /* A JSON null on a sealed field removes it. */
    const char **sealed[] = {&p->id_number, &p->phone, &p->hukou_address,
                             &p->address};
    const char *names[] = {"id_number", "phone", "hukou_address", "address"};
    for (size_t i = 0; i < 4; i++) {
        if (json_is_null(json_object_get(r->json, names[i]))) {
            *sealed[i] = "";
        }
    }
    read_lists(r, c, p);
}

static void reply_read_back(struct req *r, int status, int64_t id,
                            const char *id_number)
{
    struct client c;
    int rc = client_store_get(r->db, r->arena, &scope_all, id, &c);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "client read back");
        return;
    }
    reply_saved(r, status, &c, id_number);
}

/* A new client, validated on the request's thread and written by the
 * group commit with the writes around it. */
struct client_create {
    struct client_ctx x;
    struct client c;
    struct client_plain p;
    struct client_fail fail;
    int64_t id;
};

/* On the group commit's thread, on its connection. */
static int create_work(struct db *db, void *arg)
{
    struct client_create *k = arg;
    k->x.db = db;
    return client_service_insert(&k->x, &k->c, &k->id, &k->fail);
}

static void create_finish(struct req *r)
{
    struct client_create *k = r->job;
    if (r->commit_rc != DB_OK) {
        if (!k->fail.status) { /* the work was fine; its commit was not */
            client_service_fail_db(&k->fail, r->commit_rc);
        }
        api_reply_fail(r, &k->fail, "client write");
        return;
    }
    reply_read_back(r, 201, k->id, k->p.id_number);
}

void api_clients_create(struct req *r)
{
    struct client_create *k = arena_alloc(r->arena, sizeof *k);
    memset(k, 0, sizeof *k);
    read_body(r, &k->c, &k->p);
    k->x = ctx_of(r);
    if (client_service_prepare(&k->x, &k->c, &k->p, &k->fail) != 0) {
        api_reply_fail(r, &k->fail, "client write");
        return;
    }
    r->job = k;
    req_commit_grouped(r, create_work, k, create_finish);
}

bool api_client_load(struct req *r, struct client *c)
{
    int64_t id;
    if (!req_param_id(r, 0, "服务对象", "client", &id)) {
        return false;
    }
    int rc = client_store_get(r->db, r->arena, r->scope, id, c);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "服务对象", "client");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "client get");
        return false;
    }
    return true;
}

/* A sensitive client's read, waiting for its audit row. */
struct audited_read {
    struct client c;
    struct client_view v;
    struct audit_entry e;
};

/* On the group commit's thread. */
static int append_read(struct db *db, void *arg)
{
    struct audited_read *a = arg;
    return audit_append(db, &a->e);
}

static void reply_audited_read(struct req *r)
{
    struct audited_read *a = r->job;
    if (r->commit_rc != DB_OK) {
        api_db_error(r, r->commit_rc, "audit of a sensitive read");
        return;
    }
    reply_client(r, 200, &a->c, &a->v);
}

void api_reply_client_view(struct req *r, const struct client *c,
                           struct strbuf *body, const char *view)
{
    struct client_view v = view_of(r);
    if (!client_sensitive(c, &v)) {
        reply_json(r, 200, body);
        return;
    }
    struct audited_body *a = arena_alloc(r->arena, sizeof *a);
    a->body = *body;
    a->e = (struct audit_entry){
        .actor = r->actor,
        .address = r->address,
        .action = "client.read",
        .entity = "client",
        .entity_id = api_id_text(r, c->id),
        .detail = arena_printf(r->arena, "{\"view\":\"%s\"}", view)};
    r->job = a;
    req_commit_grouped(r, append_body, a, reply_audited_body);
}

void api_clients_get(struct req *r)
{
    struct client c;
    if (!api_client_load(r, &c)) {
        return;
    }
    struct client_view v = view_of(r);
    if (strcmp(c.status, "active") != 0) {
        /* Said on her page for as long as it stands, not only by the
         * save that made it so. */
        struct client_ctx x = ctx_of(r);
        int rc = client_service_records_after_status(&x, &c,
                                                     &v.services_after);
        if (rc != DB_OK) {
            api_db_error(r, rc, "client services after status");
            return;
        }
    }
    if (!client_sensitive(&c, &v)) {
        reply_client(r, 200, &c, &v);
        return;
    }
    /* DESIGN.md §5: a read of a sensitive record is audited, and shown
     * only once its row is committed. The connection waits suspended
     * while the group commit writes it with the writes around it. */
    struct audited_read *a = arena_alloc(r->arena, sizeof *a);
    a->c = c;
    a->v = v;
    a->e = (struct audit_entry){.actor = r->actor,
                                .address = r->address,
                                .action = "client.read",
                                .entity = "client",
                                .entity_id = api_id_text(r, c.id)};
    r->job = a;
    req_commit_grouped(r, append_read, a, reply_audited_read);
}

/* The phones on record of the guardians a body names without one: the
 * guardian it names by id (as read), else the one of the same name. An id
 * that is none of this client's guardians is refused, unless the body
 * was read from an older version (every save gives the guardians new
 * ids): the update then answers the version conflict, which says so. */
static bool keep_guardian_phones(struct req *r, const struct client *before,
                                 struct client *after,
                                 const struct client_plain *p, bool current)
{
    for (size_t i = 0; p->guardian_phones && i < after->n_guardians; i++) {
        struct client_guardian *g = &after->guardians[i];
        const struct client_guardian *was = NULL;
        for (size_t j = 0; j < before->n_guardians && !was; j++) {
            const struct client_guardian *b = &before->guardians[j];
            if (g->id ? b->id == g->id : strcmp(b->name, g->name) == 0) {
                was = b;
            }
        }
        if (g->id && !was && current) {
            const char *field = arena_printf(r->arena, "guardians[%zu].id", i);
            reply_error(r, 400, MSG_GUARDIAN_UNKNOWN, field, "监护人",
                        "guardian");
            return false;
        }
        if (was && !p->guardian_phones[i]) {
            g->phone_enc = was->phone_enc;
            g->phone_masked = was->phone_masked;
        }
    }
    return true;
}

void api_clients_update(struct req *r)
{
    struct client before;
    int64_t version;
    if (!api_client_load(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct client after = before;
    struct client_plain p;
    memset(&p, 0, sizeof p);
    read_body(r, &after, &p);
    /* A status changed without its day took effect today, not on the day
     * the status before it did (client_service.c check_status). */
    if (!json_object_get(r->json, "status_on") &&
        after.status && strcmp(after.status, before.status) != 0) {
        after.status_on = NULL;
    }
    if (!keep_guardian_phones(r, &before, &after, &p,
                              version == before.version)) {
        return;
    }
    struct client_ctx x = ctx_of(r);
    struct client_fail fail;
    if (client_service_update(&x, &before, &after, &p, version, &fail) != 0) {
        api_reply_fail(r, &fail, "client write");
        return;
    }
    reply_read_back(r, 200, before.id, p.id_number);
}

void api_clients_check(struct req *r)
{
    struct client_ctx x = ctx_of(r);
    const char *name = api_body_str(r, "name");
    const char *idn = api_body_str(r, "id_number");
    json_t *ex = json_object_get(r->json, "except_id");
    int64_t except = ex ? json_integer_value(ex) : 0;
    struct client *similar;
    size_t n;
    int rc = client_service_similar(&x, name, idn, api_body_str(r, "birth_date"),
                                    api_body_str(r, "phone"), except,
                                    &similar, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "client check");
        return;
    }
    /* The same ID number: named when the caller may see it. */
    int taken = 0; /* 0 none, 1 visible, 2 elsewhere */
    int64_t taken_id = 0;
    if (idn && *idn) {
        struct id_number parsed;
        if (id_number_parse(idn, x.today, &parsed) == MSG_COUNT_) {
            char blind[SECRET_BLIND_HEX];
            secret_blind(x.key, parsed.number, blind);
            bool visible;
            rc = client_store_find_id_number(r->db, r->scope, blind,
                                             &taken_id, &visible);
            if (rc != DB_OK) {
                api_db_error(r, rc, "client check");
                return;
            }
            if (taken_id && taken_id != except) {
                taken = visible ? 1 : 2;
            }
        }
    }
    struct client_view v = view_of(r);
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "id_number_taken");
    if (taken == 1) {
        /* Named as the refusal of a save names her: who, and her number. */
        struct client c;
        rc = client_store_get(r->db, r->arena, r->scope, taken_id, &c);
        jsonw_obj_open(&w);
        jsonw_kint(&w, "id", taken_id);
        if (rc == DB_ROW) {
            char text[300];
            reply_msg(r, MSG_ID_TAKEN,
                      arena_printf(r->arena, "%s (#%lld)",
                                   api_client_name(r, c.name),
                                   (long long)taken_id),
                      text, sizeof text);
            jsonw_kstr(&w, "name", api_client_name(r, c.name));
            jsonw_kstr(&w, "message", text);
        }
        jsonw_obj_close(&w);
    } else if (taken == 2) {
        jsonw_obj_open(&w);
        char text[200];
        reply_msg(r, MSG_ID_TAKEN_ELSEWHERE, NULL, text, sizeof text);
        jsonw_kstr(&w, "message", text);
        jsonw_obj_close(&w);
    } else {
        jsonw_null(&w);
    }
    jsonw_key(&w, "similar");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        write_client(r, &w, &similar[i], false, &v);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_clients_reveal(struct req *r)
{
    struct client c;
    if (!api_client_load(r, &c)) {
        return;
    }
    struct client_ctx x = ctx_of(r);
    struct client_revealed v;
    struct client_fail fail;
    if (client_service_reveal(&x, &c, api_body_str(r, "reason"), &v,
                              &fail) != 0) {
        api_reply_fail(r, &fail, "client write");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    req_secret_reply(r);
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "id_number", v.id_number);
    jsonw_kstr(&w, "phone", v.phone);
    jsonw_kstr(&w, "hukou_address", v.hukou_address);
    jsonw_kstr(&w, "address", v.address);
    jsonw_key(&w, "guardian_phones");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < c.n_guardians; i++) {
        jsonw_str(&w, v.guardian_phones[i]);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_clients_merge(struct req *r)
{
    int64_t id;
    if (!req_param_id(r, 0, "服务对象", "client", &id)) {
        return;
    }
    json_t *into = json_object_get(r->json, "into");
    struct client_ctx x = ctx_of(r);
    struct client_fail fail;
    int64_t target = json_integer_value(into);
    if (client_service_merge(&x, id, target, &fail) != 0) {
        api_reply_fail(r, &fail, "client write");
        return;
    }
    reply_read_back(r, 200, target, NULL);
}

/* 历史: the record's own audit rows (who created, changed, revealed,
 * exported or merged it, when, and the masked before and after), and
 * those of the records merged into it (client_id says whose), for those
 * who may read the record. The audit log as a whole stays the
 * auditor's. */
/* Whom a client looks after: the children (or others) whose guardian
 * she is recorded as, in the reader's scope, with the relation their
 * records give her ("祖母"). Read from her page, so that a grandmother's
 * record says whose guardian she is. */
void api_clients_wards(struct req *r)
{
    struct client c;
    if (!api_client_load(r, &c)) {
        return;
    }
    struct client *wards =
        arena_alloc(r->arena, CLIENT_WARDS_MAX * sizeof *wards);
    size_t n;
    int rc = client_store_wards(r->db, r->arena, r->scope, c.id, wards,
                                CLIENT_WARDS_MAX, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "client wards");
        return;
    }
    struct client_view v = view_of(r);
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        write_client_members(r, &w, &wards[i], false, &v);
        const char *relation = "";
        for (size_t j = 0; j < wards[i].n_guardians; j++) {
            if (wards[i].guardians[j].guardian_client_id == c.id) {
                relation = wards[i].guardians[j].relation;
                break;
            }
        }
        jsonw_kstr(&w, "relation", relation);
        jsonw_obj_close(&w);
    }
    /* Nothing of hers is shown but her id: not a read of her record to
     * audit, as the list's rows are not. */
    api_list_end(r, &sb, &w, (int64_t)n, 1, CLIENT_WARDS_MAX);
}

/* Every birth date in a history row by its year, for a reader who may
 * not reveal the ID number (client_view.whole_birth): the row's masked
 * number sits beside it. */
static void birth_years(json_t *j)
{
    const char *key;
    json_t *v;
    size_t i;
    if (json_is_object(j)) {
        json_object_foreach(j, key, v) {
            if (strcmp(key, "birth_date") == 0 && json_is_string(v) &&
                json_string_length(v) > 4) {
                json_string_setn(v, json_string_value(v), 4);
            } else {
                birth_years(v);
            }
        }
    } else if (json_is_array(j)) {
        json_array_foreach(j, i, v) {
            birth_years(v);
        }
    }
}

static void write_history_detail(struct jsonw *w, const char *detail,
                                 bool whole_birth)
{
    if (whole_birth) {
        jsonw_raw(w, detail);
        return;
    }
    json_t *j = json_loads(detail, 0, NULL);
    char *out = NULL;
    if (j) {
        birth_years(j);
        out = json_dumps(j, JSON_COMPACT);
        json_decref(j);
    }
    if (out) {
        jsonw_raw(w, out);
        free(out);
    } else {
        jsonw_null(w); /* not JSON after all: nothing of it */
    }
}

void api_clients_history(struct req *r)
{
    struct client c;
    if (!api_client_load(r, &c)) {
        return;
    }
    struct client_view v = view_of(r);
    int64_t page;
    int limit;
    /* Her readers' views (client.read) fill the tab of a record read
     * daily: reads=exclude leaves them out, to see what changed. */
    static const char *const reads_choice[] = {"", "include", "exclude",
                                               NULL};
    int reads;
    if (!req_paging(r, 50, &limit, &page) ||
        !req_query_choice(r, "reads", reads_choice, &reads)) {
        return;
    }
    int64_t ids[AUDIT_HISTORY_IDS];
    const char *texts[AUDIT_HISTORY_IDS];
    size_t n_ids;
    struct audit_row *rows;
    size_t n = 0;
    int64_t total = 0;
    int rc = client_store_merged_ids(r->db, c.id, ids, AUDIT_HISTORY_IDS,
                                     &n_ids);
    for (size_t i = 0; i < n_ids; i++) {
        texts[i] = api_id_text(r, ids[i]);
    }
    if (rc == DB_OK) {
        rc = audit_history(r->db, r->arena, "client", texts, n_ids,
                           reads == 2 ? "client.read" : NULL,
                           (page - 1) * limit, limit, &rows, &n, &total);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "client history");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "at", api_time(r, rows[i].at));
        jsonw_kstr(&w, "actor", rows[i].actor);
        jsonw_kstr(&w, "actor_name", rows[i].actor_name);
        jsonw_kstr(&w, "action", rows[i].action);
        jsonw_kint(&w, "client_id", strtoll(rows[i].entity_id, NULL, 10));
        jsonw_key(&w, "detail");
        /* Written by the services as JSON of masked fields, names in
         * full: not for the evaluator. */
        if (rows[i].detail && rows[i].detail[0] == '{' &&
            !r->who->names_masked) {
            write_history_detail(&w, rows[i].detail, v.whole_birth);
        } else {
            jsonw_null(&w);
        }
        jsonw_obj_close(&w);
    }
    api_list_close(&w, total, page, limit);
    api_reply_client_view(r, &c, &sb, "history");
}
