/* /api/v1/needs_surveys and /api/v1/station_plans: the station's needs
 * surveys (需求调研) and the yearly service plan (年度服务计划) built from
 * them, which the bureau reads and which shows what the records have done
 * against each planned quantity. */
#include <string.h>

#include "../core/dictionary.h"
#include "../core/plan_service.h"
#include "../util/parse.h"
#include "api.h"

static bool is_method(const char *s)
{
    return dictionary_fixed_has("survey_method", s);
}
static bool is_service_type(const char *s)
{
    return dictionary_fixed_has("service_type", s);
}

static const struct schema finding_fields[] = {
    {.name = "target_group", .label_zh = "调研对象群体",
     .label_en = "target_group", .type = S_STRING, .required = true,
     .min = 1, .max = 40},
    {.name = "respondents", .label_zh = "受访人数", .label_en = "respondents",
     .type = S_INT, .max = 100000},
    {.name = "findings", .label_zh = "调研发现", .label_en = "findings",
     .type = S_STRING, .required = true, .min = 1, .max = 3000,
     .multiline = true},
    {.name = "needs", .label_zh = "主要需求", .label_en = "needs",
     .type = S_STRING, .max = 3000, .multiline = true},
    {0},
};
static const struct schema finding_schema[] = {
    {.type = S_OBJECT, .fields = finding_fields},
};

#define SURVEY_FIELDS                                                       \
    {.name = "title", .label_zh = "调研名称", .label_en = "title",         \
     .type = S_STRING, .min = 1, .max = 100},                               \
    {.name = "method", .label_zh = "调研方式", .label_en = "method",       \
     .type = S_STRING, .min = 1, .max = 20, .check = is_method,             \
     .check_msg = MSG_BAD_ENUM},                                            \
    {.name = "conducted_on", .label_zh = "调研日期",                       \
     .label_en = "conducted_on", .type = S_DATE},                           \
    {.name = "respondents", .label_zh = "受访人数",                        \
     .label_en = "respondents", .type = S_INT, .min = 1, .max = 100000},    \
    {.name = "findings", .label_zh = "调研发现", .label_en = "findings",   \
     .type = S_ARRAY, .min = 1, .max = 30, .fields = finding_schema}

static const struct schema survey_create_fields[] = {
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .required = true, .min = 1},
    SURVEY_FIELDS,
    {0},
};
const struct schema api_survey_create_schema = {
    .type = S_OBJECT, .fields = survey_create_fields};
static const struct schema survey_update_fields[] = {
    SURVEY_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_survey_update_schema = {
    .type = S_OBJECT, .fields = survey_update_fields};

static const struct schema item_fields[] = {
    {.name = "area", .label_zh = "服务领域", .label_en = "area",
     .type = S_STRING, .required = true, .min = 1, .max = 40},
    {.name = "type", .label_zh = "服务类型", .label_en = "type",
     .type = S_STRING, .required = true, .max = 20, .check = is_service_type,
     .check_msg = MSG_BAD_ENUM},
    {.name = "quantity", .label_zh = "计划数量", .label_en = "quantity",
     .type = S_INT, .required = true, .max = 100000},
    {.name = "note", .label_zh = "说明", .label_en = "note",
     .type = S_STRING, .max = 500},
    {0},
};
static const struct schema item_schema[] = {
    {.type = S_OBJECT, .fields = item_fields},
};
static const struct schema id_schema[] = {
    {.label_zh = "依据的需求调研", .label_en = "survey", .type = S_INT,
     .min = 1},
};

#define PLAN_FIELDS                                                         \
    {.name = "summary", .label_zh = "计划说明", .label_en = "summary",     \
     .type = S_STRING, .max = 5000, .multiline = true},                     \
    {.name = "survey_ids", .label_zh = "依据的需求调研",                   \
     .label_en = "survey_ids", .type = S_ARRAY, .max = 20,                  \
     .fields = id_schema, .distinct = true},                                                  \
    {.name = "items", .label_zh = "计划项目", .label_en = "items",         \
     .type = S_ARRAY, .max = 100, .fields = item_schema}

static const struct schema plan_create_fields[] = {
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .required = true, .min = 1},
    {.name = "year", .label_zh = "计划年度", .label_en = "year",
     .type = S_INT, .required = true, .min = 2020, .max = 2100},
    PLAN_FIELDS,
    {0},
};
const struct schema api_plan_create_schema = {.type = S_OBJECT,
                                              .fields = plan_create_fields};
static const struct schema plan_update_fields[] = {
    PLAN_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_plan_update_schema = {.type = S_OBJECT,
                                              .fields = plan_update_fields};
static const struct schema submit_fields[] = {
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_plan_submit_schema = {.type = S_OBJECT,
                                              .fields = submit_fields};

/* ---- needs surveys ----------------------------------------------------- */

static void write_survey(struct req *r, struct jsonw *w,
                         const struct needs_survey *s)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", s->id);
    jsonw_kint(w, "station_id", s->station_id);
    jsonw_kstr(w, "station_name", s->station_name);
    jsonw_kstr(w, "title", s->title);
    jsonw_kstr(w, "method", s->method);
    jsonw_kstr(w, "conducted_on", s->conducted_on);
    jsonw_kint(w, "respondents", s->respondents);
    jsonw_key(w, "findings");
    jsonw_raw(w, *s->findings ? s->findings : "[]");
    jsonw_kint(w, "version", s->version);
    jsonw_kstr(w, "updated_at", api_time(r, s->updated_at));
    jsonw_obj_close(w);
}

static void reply_survey(struct req *r, int status, int64_t id)
{
    struct needs_survey s;
    int rc = plan_store_survey_get(r->db, r->arena, &scope_all, id, &s);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "survey read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_survey(r, &w, &s);
    reply_json(r, status, &sb);
}

static void read_survey_body(struct req *r, struct needs_survey *s)
{
    const char *v;
    if ((v = api_body_str(r, "title")) != NULL) {
        s->title = v;
    }
    if ((v = api_body_str(r, "method")) != NULL) {
        s->method = v;
    }
    if ((v = api_body_str(r, "conducted_on")) != NULL) {
        s->conducted_on = v;
    }
    json_t *n = json_object_get(r->json, "respondents");
    if (n) {
        s->respondents = json_integer_value(n);
    }
}

/* keys must be present; a missing one is named as fields label it. */
static bool require(struct req *r, const struct schema *fields,
                    const char *const *keys)
{
    for (const char *const *k = keys; *k; k++) {
        if (!json_object_get(r->json, *k)) {
            const struct schema *f = fields;
            while (f->name && strcmp(f->name, *k) != 0) {
                f++;
            }
            reply_error(r, 400, MSG_REQUIRED, *k, f->name ? f->label_zh : *k,
                        f->name ? f->label_en : *k);
            return false;
        }
    }
    return true;
}

void api_surveys_create(struct req *r)
{
    static const char *const needed[] = {"title", "method", "conducted_on",
                                         "respondents", "findings", NULL};
    if (!require(r, survey_create_fields, needed)) {
        return;
    }
    struct needs_survey s;
    memset(&s, 0, sizeof s);
    s.station_id = json_integer_value(json_object_get(r->json, "station_id"));
    read_survey_body(r, &s);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (plan_service_save_survey(&x, NULL, &s,
                                 json_object_get(r->json, "findings"), 0, &id,
                                 &fail) != 0) {
        api_reply_fail(r, &fail, "plan write");
        return;
    }
    reply_survey(r, 201, id);
}

static bool load_survey(struct req *r, struct needs_survey *s)
{
    int64_t id;
    if (!req_param_id(r, 0, "需求调研", "needs survey", &id)) {
        return false;
    }
    int rc = plan_store_survey_get(r->db, r->arena, r->scope, id, s);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "需求调研", "needs survey");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "survey get");
        return false;
    }
    return true;
}

void api_surveys_get(struct req *r)
{
    struct needs_survey s;
    if (load_survey(r, &s)) {
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        write_survey(r, &w, &s);
        reply_json(r, 200, &sb);
    }
}

void api_surveys_update(struct req *r)
{
    struct needs_survey before;
    int64_t version;
    if (!load_survey(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct needs_survey s = before;
    read_survey_body(r, &s);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (plan_service_save_survey(&x, &before, &s,
                                 json_object_get(r->json, "findings"),
                                 version, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "plan write");
        return;
    }
    reply_survey(r, 200, id);
}

void api_surveys_list(struct req *r)
{
    int64_t station, page;
    int limit;
    if (!req_query_id(r, "station_id", &station) ||
        !req_paging(r, 20, &limit, &page)) {
        return;
    }
    struct needs_survey *items;
    size_t n;
    int64_t total;
    int rc = plan_store_surveys(r->db, r->arena, r->scope, station, limit,
                                (page - 1) * limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "survey list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_survey(r, &w, &items[i]);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}

/* ---- station plans ----------------------------------------------------- */

static void write_plan(struct req *r, struct jsonw *w,
                       const struct station_plan *p, bool full)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", p->id);
    jsonw_kint(w, "station_id", p->station_id);
    jsonw_kstr(w, "station_name", p->station_name);
    jsonw_kint(w, "year", p->year);
    jsonw_kstr(w, "summary", p->summary);
    jsonw_key(w, "survey_ids");
    jsonw_arr_open(w);
    for (const char *s = p->survey_ids; s && *s;) {
        int64_t id = 0;
        while (*s >= '0' && *s <= '9') {
            id = id * 10 + (*s++ - '0');
        }
        jsonw_int(w, id);
        s += *s == ',';
    }
    jsonw_arr_close(w);
    jsonw_kstr(w, "status", p->status);
    jsonw_kstr(w, "submitted_on", p->submitted_on);
    if (full) {
        int64_t planned = 0, done = 0;
        jsonw_key(w, "items");
        jsonw_arr_open(w);
        for (size_t i = 0; i < p->n_items; i++) {
            const struct plan_item *it = &p->items[i];
            jsonw_obj_open(w);
            jsonw_kstr(w, "area", it->area);
            jsonw_kstr(w, "type", it->type);
            jsonw_kint(w, "quantity", it->quantity);
            jsonw_kstr(w, "note", it->note);
            jsonw_kint(w, "done", it->done);
            jsonw_obj_close(w);
            planned += it->quantity;
            done += it->done < it->quantity ? it->done : it->quantity;
        }
        jsonw_arr_close(w);
        /* Per cent of the planned quantities done (each capped at 100 %). */
        jsonw_key(w, "progress");
        if (planned) {
            jsonw_int(w, done * 100 / planned);
        } else {
            jsonw_null(w);
        }
    }
    jsonw_kint(w, "version", p->version);
    jsonw_kstr(w, "updated_at", api_time(r, p->updated_at));
    jsonw_obj_close(w);
}

static void reply_plan(struct req *r, int status, int64_t id)
{
    struct station_plan p;
    int rc = plan_store_plan_get(r->db, r->arena, &scope_all, id, &p);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "plan read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_plan(r, &w, &p, true);
    reply_json(r, status, &sb);
}

static void read_plan_body(struct req *r, struct station_plan *p)
{
    const char *v;
    if ((v = api_body_str(r, "summary")) != NULL) {
        p->summary = v;
    }
    json_t *items = json_object_get(r->json, "items");
    if (!items) {
        return;
    }
    p->n_items = json_array_size(items);
    p->items = arena_alloc(r->arena, sizeof *p->items * (p->n_items + 1));
    for (size_t i = 0; i < p->n_items; i++) {
        json_t *o = json_array_get(items, i);
        struct plan_item *it = &p->items[i];
        it->area = json_string_value(json_object_get(o, "area"));
        it->type = json_string_value(json_object_get(o, "type"));
        it->quantity = json_integer_value(json_object_get(o, "quantity"));
        it->note = json_string_value(json_object_get(o, "note"));
        it->done = 0;
    }
}

void api_plans_create(struct req *r)
{
    struct station_plan p;
    memset(&p, 0, sizeof p);
    p.station_id = json_integer_value(json_object_get(r->json, "station_id"));
    p.year = json_integer_value(json_object_get(r->json, "year"));
    read_plan_body(r, &p);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (plan_service_save_plan(&x, NULL, &p,
                               json_object_get(r->json, "survey_ids"), 0, &id,
                               &fail) != 0) {
        api_reply_fail(r, &fail, "plan write");
        return;
    }
    reply_plan(r, 201, id);
}

static bool load_plan(struct req *r, struct station_plan *p)
{
    int64_t id;
    if (!req_param_id(r, 0, "服务计划", "station plan", &id)) {
        return false;
    }
    int rc = plan_store_plan_get(r->db, r->arena, r->scope, id, p);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "服务计划", "station plan");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "plan get");
        return false;
    }
    return true;
}

void api_plans_get(struct req *r)
{
    struct station_plan p;
    if (load_plan(r, &p)) {
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        write_plan(r, &w, &p, true);
        reply_json(r, 200, &sb);
    }
}

void api_plans_update(struct req *r)
{
    struct station_plan before;
    int64_t version;
    if (!load_plan(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct station_plan p = before;
    read_plan_body(r, &p);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (plan_service_save_plan(&x, &before, &p,
                               json_object_get(r->json, "survey_ids"),
                               version, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "plan write");
        return;
    }
    reply_plan(r, 200, id);
}

void api_plans_submit(struct req *r)
{
    struct station_plan before;
    int64_t version;
    if (!load_plan(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    /* Final once submitted: the station lead's word, as a report is. */
    if (!r->who || !(r->who->roles & ROLE_BIT(ROLE_STATION_LEAD))) {
        server_audit_denial(r, NULL, "denied");
        reply_error(r, 403, MSG_PLAN_NOT_LEAD, NULL, NULL, NULL);
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (plan_service_submit(&x, &before, version, &fail) != 0) {
        api_reply_fail(r, &fail, "plan write");
        return;
    }
    reply_plan(r, 200, before.id);
}

void api_plans_list(struct req *r)
{
    int64_t station, year = 0, page;
    int limit;
    const char *yv = req_query(r, "year");
    if (yv && *yv && !parse_int64(yv, 2000, 2100, &year)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "year", "year", "year");
        return;
    }
    if (!req_query_id(r, "station_id", &station) ||
        !req_paging(r, 20, &limit, &page)) {
        return;
    }
    struct station_plan *items;
    size_t n;
    int64_t total;
    int rc = plan_store_plans(r->db, r->arena, r->scope, station, year, limit,
                              (page - 1) * limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "plan list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_plan(r, &w, &items[i], false);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}
