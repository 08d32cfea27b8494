/* /api/v1/stations: list, create, read, update, deactivate, activate. */
#include <string.h>

#include "../core/phone.h"
#include "../core/station_service.h"
#include "../store/user_store.h"
#include "api.h"

static bool is_region_code(const char *s)
{
    return region_code_valid(s);
}

static const struct schema facility_fields[] = {
    {.name = "code", .label_zh = "设施标准项", .label_en = "facility item",
     .type = S_STRING, .required = true, .min = 1, .max = 40},
    {.name = "met", .label_zh = "是否达标", .label_en = "met",
     .type = S_BOOL, .required = true},
    {.name = "note", .label_zh = "备注", .label_en = "note",
     .type = S_STRING, .max = 200},
    {0},
};
static const struct schema facility_schema[] = {
    {.type = S_OBJECT, .fields = facility_fields},
};

#define COMMON_FIELDS                                                       \
    {.name = "name", .label_zh = "站点名称", .label_en = "name",            \
     .type = S_STRING, .min = 2, .max = 60},                                \
    {.name = "address", .label_zh = "地址", .label_en = "address",          \
     .type = S_STRING, .max = 200},                                         \
    {.name = "phone", .label_zh = "联系电话", .label_en = "phone",          \
     .type = S_STRING, .max = 20, .check = phone_valid,                     \
     .check_msg = MSG_BAD_PHONE,                                            \
     .check_reason = phone_problem},                                        \
    {.name = "opened_on", .label_zh = "启用日期", .label_en = "opened_on",  \
     .type = S_DATE, .nullable = true},                                     \
    {.name = "facilities", .label_zh = "设施标准", .label_en = "facilities", \
     .type = S_ARRAY, .max = 100, .fields = facility_schema}

static const struct schema create_fields[] = {
    {.name = "type", .label_zh = "站点类型", .label_en = "type",
     .type = S_STRING, .required = true, .min = 1, .max = 40},
    {.name = "region_code", .label_zh = "所在区划", .label_en = "region_code",
     .type = S_STRING, .required = true, .min = 1, .max = 12,
     .check = is_region_code, .check_msg = MSG_BAD_REGION_CODE},
    COMMON_FIELDS,
    {0},
};
const struct schema api_station_create_schema = {
    .type = S_OBJECT, .fields = create_fields};

static const struct schema update_fields[] = {
    COMMON_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_station_update_schema = {
    .type = S_OBJECT, .fields = update_fields};

static const struct schema status_fields[] = {
    {.name = "reason", .label_zh = "原因", .label_en = "reason",
     .type = S_STRING, .max = 200},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_station_status_schema = {
    .type = S_OBJECT, .fields = status_fields};

static const char *type_label(const struct profile *p, const char *code,
                              enum lang lang)
{
    const struct station_type *t = p ? profile_station_type(p, code) : NULL;
    if (!t) {
        return code;
    }
    return lang == LANG_EN ? t->label_en : t->label;
}

static void write_summary(struct req *r, struct jsonw *w,
                          const struct station *s)
{
    jsonw_kint(w, "id", s->id);
    jsonw_kstr(w, "type", s->type);
    jsonw_kstr(w, "type_label", type_label(r->srv->profile, s->type, r->lang));
    jsonw_kstr(w, "region_code", s->region_code);
    jsonw_kstr(w, "region_name", s->region_name);
    jsonw_kstr(w, "name", s->name);
    jsonw_kstr(w, "address", s->address);
    jsonw_kstr(w, "phone", s->phone);
    jsonw_kstr(w, "opened_on", s->opened_on);
    jsonw_kstr(w, "status", s->status);
    jsonw_kint(w, "version", s->version);
    jsonw_kstr(w, "created_at", api_time(r, s->created_at));
    jsonw_kstr(w, "updated_at", api_time(r, s->updated_at));
}

static void write_standards(struct jsonw *w, const struct profile *p,
                            const struct station *s)
{
    struct station_standards st = station_standards(p, s);
    jsonw_key(w, "standards");
    jsonw_obj_open(w);
    jsonw_kint(w, "total", st.total);
    jsonw_kint(w, "met", st.met);
    jsonw_kint(w, "required", st.required);
    jsonw_kint(w, "required_met", st.required_met);
    jsonw_kbool(w, "all_required_met", st.all_required_met);
    jsonw_obj_close(w);
}

/* The full record: the profile's whole checklist with this station's
 * answers, and the "standards met" summary. */
static void reply_station(struct req *r, int status, const struct station *s)
{
    const struct profile *p = r->srv->profile;
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    write_summary(r, &w, s);
    jsonw_key(&w, "facilities");
    jsonw_arr_open(&w);
    for (size_t i = 0; p && i < p->n_facilities; i++) {
        const struct facility *f = &p->facilities[i];
        const char *note;
        bool met = station_facility_met(s, f->code, &note);
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "code", f->code);
        jsonw_kstr(&w, "label", r->lang == LANG_EN ? f->label_en : f->label);
        jsonw_kstr(&w, "group", f->group);
        jsonw_kbool(&w, "required", f->required);
        jsonw_kbool(&w, "met", met);
        jsonw_kstr(&w, "note", note);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    if (p) {
        write_standards(&w, p, s);
    }
    jsonw_obj_close(&w);
    reply_json(r, status, &sb);
}

static void reply_fail(struct req *r, const struct station_fail *f)
{
    if (f->status >= 500) {
        api_db_error(r, f->db_rc, "station write");
        return;
    }
    reply_error(r, f->status, f->msg, f->field, f->label_zh, f->label_en);
}

static bool read_filter(struct req *r, struct station_filter *f)
{
    memset(f, 0, sizeof *f);
    const char *region = req_query(r, "region");
    const char *type = req_query(r, "type");
    const char *status = req_query(r, "status");
    if (region && *region) {
        if (!region_code_valid(region)) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "region", "region",
                        "region");
            return false;
        }
        f->region_prefix = region;
    }
    if (type && *type) {
        if (r->srv->profile && !profile_station_type(r->srv->profile, type)) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "type", "type", "type");
            return false;
        }
        f->type = type;
    }
    if (status && *status) {
        if (strcmp(status, "active") && strcmp(status, "inactive")) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "status", "status",
                        "status");
            return false;
        }
        f->status = status;
    }
    /* In the order of enum station_sort. */
    static const char *const sorts[] = {"region", "name", "id", NULL};
    static const char *const orders[] = {"asc", "desc", NULL};
    int sort, desc;
    if (!req_query_choice(r, "sort", sorts, &sort) ||
        !req_query_choice(r, "order", orders, &desc)) {
        return false;
    }
    f->sort = (enum station_sort)sort;
    f->desc = desc == 1;
    int64_t page;
    if (!req_paging(r, 20, &f->limit, &page)) {
        return false;
    }
    f->offset = (page - 1) * f->limit;
    return true;
}

void api_stations_list(struct req *r)
{
    struct station_filter f;
    if (!read_filter(r, &f)) {
        return;
    }
    struct station *items;
    size_t n;
    int64_t total;
    int rc = station_store_list(r->db, r->arena, r->scope, &f, &items, &n,
                                &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "station list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    /* 达标 in the list: the page's checklists, read at once. */
    const struct profile *p = r->srv->profile;
    bool standards =
        p && station_store_facilities_many(r->db, r->arena, items, n) ==
                 DB_OK;
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        write_summary(r, &w, &items[i]);
        if (standards) {
            write_standards(&w, p, &items[i]);
        }
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_kint(&w, "total", total);
    jsonw_kint(&w, "page", f.offset / f.limit + 1);
    jsonw_kint(&w, "limit", f.limit);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

/* Copies the body's facilities array into s (already validated). */
static void read_facilities(struct req *r, struct station *s)
{
    json_t *arr = json_object_get(r->json, "facilities");
    if (!arr) {
        return;
    }
    s->n_facilities = json_array_size(arr);
    s->facilities =
        arena_alloc(r->arena, sizeof *s->facilities * (s->n_facilities + 1));
    for (size_t i = 0; i < s->n_facilities; i++) {
        json_t *o = json_array_get(arr, i);
        s->facilities[i].code =
            json_string_value(json_object_get(o, "code"));
        s->facilities[i].met = json_is_true(json_object_get(o, "met"));
        const char *note = json_string_value(json_object_get(o, "note"));
        s->facilities[i].note = note ? note : "";
    }
}

static struct actor actor_of(struct req *r)
{
    struct actor a = {.name = r->actor, .address = r->address};
    return a;
}

static void reply_created_or_read(struct req *r, int status, int64_t id)
{
    struct station s;
    int rc = station_store_get(r->db, r->arena, &scope_all, id, &s);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "station read back");
        return;
    }
    reply_station(r, status, &s);
}

void api_stations_create(struct req *r)
{
    const struct profile *p = api_profile(r);
    if (!p) {
        return;
    }
    struct station s = {
        .type = api_body_str(r, "type"),
        .region_code = api_body_str(r, "region_code"),
        .name = api_body_str(r, "name"),
        .address = api_body_str(r, "address"),
        .phone = api_body_str(r, "phone"),
        .opened_on = api_body_str(r, "opened_on"),
    };
    if (!s.address) {
        s.address = "";
    }
    if (!s.phone) {
        s.phone = "";
    }
    read_facilities(r, &s);
    /* A station can be made only inside the caller's range. */
    if (!scope_has_station(r->scope, 0, s.region_code)) {
        reply_error(r, 404, MSG_REGION_NOT_FOUND, "region_code", "所在区划",
                    "region_code");
        return;
    }
    struct actor who = actor_of(r);
    struct station_fail fail;
    int64_t id;
    if (station_service_create(r->db, r->arena, p, &who, &s, &id, &fail) !=
        0) {
        reply_fail(r, &fail);
        return;
    }
    reply_created_or_read(r, 201, id);
}

void api_stations_get(struct req *r)
{
    int64_t id;
    if (!req_param_id(r, 0, "站点", "station", &id)) {
        return;
    }
    struct station s;
    int rc = station_store_get(r->db, r->arena, r->scope, id, &s);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "站点", "station");
        return;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "station get");
        return;
    }
    reply_station(r, 200, &s);
}

/* Reads the station in scope for a change; replies and returns false when
 * it cannot be had. */
static bool load_for_change(struct req *r, int64_t *id, struct station *s,
                            int64_t *version)
{
    if (!req_param_id(r, 0, "站点", "station", id)) {
        return false;
    }
    int rc = station_store_get(r->db, r->arena, r->scope, *id, s);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "站点", "station");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "station get");
        return false;
    }
    return api_expected_version(r, version);
}

static void apply_change(struct req *r, const struct station *before,
                         struct station *after, int64_t version)
{
    const struct profile *p = api_profile(r);
    if (!p) {
        return;
    }
    struct actor who = actor_of(r);
    struct station_fail fail;
    if (station_service_update(r->db, r->arena, p, &who, before, after,
                               version, api_body_str(r, "reason"),
                               &fail) != 0) {
        reply_fail(r, &fail);
        return;
    }
    reply_created_or_read(r, 200, before->id);
}

void api_stations_update(struct req *r)
{
    int64_t id, version;
    struct station before;
    if (!load_for_change(r, &id, &before, &version)) {
        return;
    }
    struct station after = before;
    const char *v;
    if ((v = api_body_str(r, "name")) != NULL) {
        after.name = v;
    }
    if ((v = api_body_str(r, "address")) != NULL) {
        after.address = v;
    }
    if ((v = api_body_str(r, "phone")) != NULL) {
        after.phone = v;
    }
    if (json_object_get(r->json, "opened_on")) {
        after.opened_on = api_body_str(r, "opened_on");
    }
    if (json_object_get(r->json, "facilities")) {
        read_facilities(r, &after);
    }
    apply_change(r, &before, &after, version);
}

static void set_status(struct req *r, const char *status)
{
    int64_t id, version;
    struct station before;
    if (!load_for_change(r, &id, &before, &version)) {
        return;
    }
    if (strcmp(before.status, status) == 0) {
        reply_station(r, 200, &before);
        return;
    }
    struct station after = before;
    after.status = status;
    apply_change(r, &before, &after, version);
}

void api_stations_deactivate(struct req *r)
{
    set_status(r, "inactive");
}

void api_stations_activate(struct req *r)
{
    set_status(r, "active");
}

void api_stations_staff(struct req *r)
{
    int64_t id;
    if (!req_param_id(r, 0, "站点", "station", &id)) {
        return;
    }
    struct station s;
    int rc = station_store_get(r->db, r->arena, r->scope, id, &s);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "站点", "station");
        return;
    }
    struct user_brief *items = NULL;
    size_t n = 0;
    if (rc == DB_ROW) {
        rc = user_store_staff(r->db, r->arena, id, s.region_code, &items, &n);
    }
    if (rc != DB_OK && rc != DB_ROW) {
        api_db_error(r, rc, "station staff");
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
        jsonw_kint(&w, "id", items[i].id);
        jsonw_kstr(&w, "username", items[i].username);
        jsonw_kstr(&w, "name", items[i].display_name);
        jsonw_kbool(&w, "supervisor", items[i].supervisor);
        jsonw_kbool(&w, "station_lead", items[i].station_lead);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}
