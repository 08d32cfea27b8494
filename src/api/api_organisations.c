/* /api/v1/organisations: the social work organisations (承接机构) that
 * take the contracts — registration, rating, party organisation,
 * supervisors' qualifications and status. */
#include <string.h>

#include "../core/dictionary.h"
#include "../core/organisation_service.h"
#include "../core/phone.h"
#include "api.h"

static bool is_rating(const char *s)
{
    return dictionary_fixed_has("org_rating", s);
}
static bool is_status(const char *s)
{
    return dictionary_fixed_has("org_status", s);
}
static bool is_phone(const char *s)
{
    return !*s || phone_valid(s);
}
static bool is_code(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
    }
    size_t n = strlen(s);
    return n == 6 || n == 9;
}

#define ORG_FIELDS                                                          \
    {.name = "legal_rep", .label_zh = "法定代表人", .label_en = "legal_rep", \
     .type = S_STRING, .max = 40},                                          \
    {.name = "rating", .label_zh = "评估等级", .label_en = "rating",       \
     .type = S_STRING, .max = 10, .check = is_rating,                       \
     .check_msg = MSG_BAD_ENUM},                                            \
    {.name = "rated_on", .label_zh = "评估日期", .label_en = "rated_on",   \
     .type = S_DATE, .nullable = true},                                     \
    {.name = "party_org", .label_zh = "建立党组织", .label_en = "party_org", \
     .type = S_BOOL},                                                       \
    {.name = "supervisor_quals", .label_zh = "督导资质",                   \
     .label_en = "supervisor_quals", .type = S_STRING, .max = 1000,         \
     .multiline = true},                                                    \
    {.name = "registered_on", .label_zh = "登记日期",                      \
     .label_en = "registered_on", .type = S_DATE, .nullable = true},        \
    {.name = "region_code", .label_zh = "登记地", .label_en = "region_code", \
     .type = S_STRING, .max = 9, .nullable = true, .check = is_code,        \
     .check_msg = MSG_BAD_REGION_CODE},                                     \
    {.name = "address", .label_zh = "地址", .label_en = "address",         \
     .type = S_STRING, .max = 200},                                         \
    {.name = "phone", .label_zh = "联系电话", .label_en = "phone",         \
     .type = S_STRING, .max = 20, .check = is_phone,                        \
     .check_msg = MSG_BAD_PHONE,                                            \
     .check_reason = phone_problem},                                        \
    {.name = "status", .label_zh = "状态", .label_en = "status",           \
     .type = S_STRING, .max = 20, .check = is_status,                       \
     .check_msg = MSG_BAD_ENUM},                                            \
    {.name = "status_reason", .label_zh = "状态变更原因",                  \
     .label_en = "status_reason", .type = S_STRING, .max = 500}

static const struct schema create_fields[] = {
    {.name = "name", .label_zh = "机构名称", .label_en = "name",
     .type = S_STRING, .required = true, .min = 2, .max = 100},
    {.name = "credit_code", .label_zh = "统一社会信用代码",
     .label_en = "credit_code", .type = S_STRING, .required = true,
     .max = 18},
    ORG_FIELDS,
    {0},
};
const struct schema api_organisation_create_schema = {
    .type = S_OBJECT, .fields = create_fields};

static const struct schema update_fields[] = {
    {.name = "name", .label_zh = "机构名称", .label_en = "name",
     .type = S_STRING, .min = 2, .max = 100},
    {.name = "credit_code", .label_zh = "统一社会信用代码",
     .label_en = "credit_code", .type = S_STRING, .min = 1, .max = 18},
    ORG_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_organisation_update_schema = {
    .type = S_OBJECT, .fields = update_fields};

static void write_org(struct req *r, struct jsonw *w,
                      const struct organisation *o)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", o->id);
    jsonw_kstr(w, "name", o->name);
    jsonw_kstr(w, "credit_code", o->credit_code);
    jsonw_kstr(w, "legal_rep", o->legal_rep);
    jsonw_kstr(w, "rating", *o->rating ? o->rating : NULL);
    jsonw_kstr(w, "rated_on", o->rated_on);
    /* 3A and above may take a contract (the plans' bidding rule). */
    jsonw_kbool(w, "rated_3a_or_above",
                strcmp(o->rating, "3A") == 0 || strcmp(o->rating, "4A") == 0 ||
                    strcmp(o->rating, "5A") == 0);
    jsonw_kbool(w, "party_org", o->party_org);
    jsonw_kstr(w, "supervisor_quals", o->supervisor_quals);
    jsonw_kstr(w, "registered_on", o->registered_on);
    jsonw_kstr(w, "region_code", o->region_code);
    jsonw_kstr(w, "region_name", o->region_name);
    jsonw_kstr(w, "address", o->address);
    jsonw_kstr(w, "phone", o->phone);
    jsonw_kstr(w, "status", o->status);
    jsonw_kstr(w, "status_reason", o->status_reason);
    jsonw_kint(w, "version", o->version);
    jsonw_kstr(w, "updated_at", api_time(r, o->updated_at));
    jsonw_obj_close(w);
}

static void reply_org(struct req *r, int status, int64_t id)
{
    struct organisation o;
    int rc = organisation_store_get(r->db, r->arena, id, &o);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "organisation read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_org(r, &w, &o);
    reply_json(r, status, &sb);
}

/* A text member of the body over *dst, when present. */
static void take(struct req *r, const char *name, const char **dst)
{
    const char *v = api_body_str(r, name);
    if (v) {
        *dst = v;
    }
}

/* The same for a member that null clears. */
static void take_nullable(struct req *r, const char *name, const char **dst)
{
    json_t *v = json_object_get(r->json, name);
    if (v) {
        *dst = json_string_value(v);
    }
}

static void read_body(struct req *r, struct organisation *o)
{
    take(r, "name", &o->name);
    take(r, "credit_code", &o->credit_code);
    take(r, "legal_rep", &o->legal_rep);
    take(r, "rating", &o->rating);
    take(r, "supervisor_quals", &o->supervisor_quals);
    take(r, "address", &o->address);
    take(r, "phone", &o->phone);
    take(r, "status", &o->status);
    take(r, "status_reason", &o->status_reason);
    take_nullable(r, "rated_on", &o->rated_on);
    take_nullable(r, "registered_on", &o->registered_on);
    take_nullable(r, "region_code", &o->region_code);
    json_t *p = json_object_get(r->json, "party_org");
    if (p) {
        o->party_org = json_is_true(p);
    }
}

void api_organisations_create(struct req *r)
{
    struct organisation o;
    memset(&o, 0, sizeof o);
    o.status = "active";
    read_body(r, &o);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (organisation_service_save(&x, NULL, &o, 0, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "organisation write");
        return;
    }
    reply_org(r, 201, id);
}

static bool load(struct req *r, struct organisation *o)
{
    int64_t id;
    if (!req_param_id(r, 0, "机构", "organisation", &id)) {
        return false;
    }
    int rc = organisation_store_get(r->db, r->arena, id, o);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "机构", "organisation");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "organisation get");
        return false;
    }
    return true;
}

void api_organisations_get(struct req *r)
{
    struct organisation o;
    if (load(r, &o)) {
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        write_org(r, &w, &o);
        reply_json(r, 200, &sb);
    }
}

void api_organisations_update(struct req *r)
{
    struct organisation before;
    int64_t version;
    if (!load(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct organisation o = before;
    read_body(r, &o);
    if (strcmp(o.status, "active") == 0) {
        o.status_reason = api_body_str(r, "status_reason");
        if (!o.status_reason) {
            o.status_reason = "";
        }
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (organisation_service_save(&x, &before, &o, version, &id, &fail) !=
        0) {
        api_reply_fail(r, &fail, "organisation write");
        return;
    }
    reply_org(r, 200, id);
}

void api_organisations_list(struct req *r)
{
    static const char *const statuses[] = {"", "active", "suspended",
                                           "deregistered", NULL};
    int status;
    int64_t page;
    int limit;
    const char *q = req_query(r, "q");
    if (q && strlen(q) > 100) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "q", "q", "q");
        return;
    }
    if (!req_query_choice(r, "status", statuses, &status) ||
        !req_paging(r, 20, &limit, &page)) {
        return;
    }
    struct organisation *items;
    size_t n;
    int64_t total;
    int rc = organisation_store_list(r->db, r->arena, q,
                                     status ? statuses[status] : NULL, limit,
                                     (page - 1) * limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "organisation list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_org(r, &w, &items[i]);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}
