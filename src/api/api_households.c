/* /api/v1/households: a household (家庭) with its members and their
 * relation to the head. */
#include <string.h>

#include "../core/person_name.h"
#include "../core/dictionary.h"
#include "../core/household_service.h"
#include "../util/parse.h"
#include "api.h"
#include "../util/utf8.h"

static bool is_relation(const char *s)
{
    return dictionary_fixed_has("household_relation", s);
}

static const struct schema member_fields[] = {
    {.name = "client_id", .label_zh = "服务对象编号", .label_en = "client_id",
     .type = S_INT, .min = 1, .nullable = true},
    {.name = "name", .label_zh = "成员姓名", .label_en = "name",
     .type = S_STRING, .min = 1, .max = 40, .check = person_name_ok, .check_reason = person_name_problem},
    {.name = "relation", .label_zh = "与户主关系", .label_en = "relation",
     .type = S_STRING, .required = true, .max = 20, .check = is_relation,
     .check_msg = MSG_BAD_ENUM},
    {.name = "move", .label_zh = "移入本户", .label_en = "move",
     .type = S_BOOL},
    {0},
};
static const struct schema member_schema[] = {
    {.type = S_OBJECT, .fields = member_fields},
};

#define HOUSEHOLD_FIELDS                                                    \
    {.name = "notes", .label_zh = "备注", .label_en = "notes",             \
     .type = S_STRING, .max = 500, .multiline = true},                      \
    {.name = "members", .label_zh = "家庭成员", .label_en = "members",     \
     .type = S_ARRAY, .min = 1, .max = 20, .fields = member_schema}

static const struct schema create_fields[] = {
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .required = true, .min = 1},
    {.name = "name", .label_zh = "户名", .label_en = "name",
     .type = S_STRING, .required = true, .min = 1, .max = 40},
    HOUSEHOLD_FIELDS,
    {0},
};
const struct schema api_household_create_schema = {.type = S_OBJECT,
                                                   .fields = create_fields};

static const struct schema update_fields[] = {
    {.name = "name", .label_zh = "户名", .label_en = "name",
     .type = S_STRING, .min = 1, .max = 40},
    HOUSEHOLD_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_household_update_schema = {.type = S_OBJECT,
                                                   .fields = update_fields};

static void write_household(struct req *r, struct jsonw *w,
                            const struct household *h)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", h->id);
    jsonw_kint(w, "station_id", h->station_id);
    jsonw_kstr(w, "station_name", h->station_name);
    jsonw_kstr(w, "name", api_client_name(r, h->name));
    jsonw_kstr(w, "notes", r->who->names_masked ? "" : h->notes);
    jsonw_key(w, "members");
    jsonw_arr_open(w);
    for (size_t i = 0; i < h->n_members; i++) {
        const struct household_member *m = &h->members[i];
        jsonw_obj_open(w);
        api_kid(w, "client_id", m->client_id);
        jsonw_kstr(w, "name", api_client_name(r, m->name));
        jsonw_kstr(w, "relation", m->relation);
        jsonw_kstr(w, "status", m->status);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_kint(w, "version", h->version);
    jsonw_kstr(w, "updated_at", api_time(r, h->updated_at));
    jsonw_obj_close(w);
}


/* The members of the body; a member that is not a client needs a name. */
static bool read_members(struct req *r, struct household *h)
{
    json_t *arr = json_object_get(r->json, "members");
    if (!arr) {
        return true;
    }
    h->n_members = json_array_size(arr);
    h->members = arena_alloc(r->arena, sizeof *h->members * h->n_members);
    for (size_t i = 0; i < h->n_members; i++) {
        json_t *o = json_array_get(arr, i);
        struct household_member *m = &h->members[i];
        m->client_id = json_integer_value(json_object_get(o, "client_id"));
        m->name = json_string_value(json_object_get(o, "name"));
        m->relation = json_string_value(json_object_get(o, "relation"));
        m->move = json_is_true(json_object_get(o, "move"));
        if (!m->client_id && !m->name) {
            reply_error(r, 400, MSG_REQUIRED,
                        arena_printf(r->arena, "members[%zu].name", i),
                        "成员姓名", "member name");
            return false;
        }
    }
    return true;
}

static void reply_household(struct req *r, int status, int64_t id)
{
    struct household h;
    int rc = household_store_get(r->db, r->arena, &scope_all, id, &h);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "household read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_household(r, &w, &h);
    reply_json(r, status, &sb);
}

void api_households_list(struct req *r)
{
    int64_t station = 0, page;
    int limit;
    const char *q = req_query(r, "q");
    if (!req_query_id(r, "station_id", &station)) {
        return;
    }
    if (q && strlen(q) > 40) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "q", "q", "q");
        return;
    }
    if (!api_name_q_allowed(r, q)) {
        return;
    }
    if (!req_paging(r, 20, &limit, &page)) {
        return;
    }
    struct household *items;
    size_t n;
    int64_t total;
    int rc = household_store_list(r->db, r->arena, r->scope, station, q,
                                  limit, (page - 1) * limit, &items, &n,
                                  &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "household list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_household(r, &w, &items[i]);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}

void api_households_create(struct req *r)
{
    struct household h;
    memset(&h, 0, sizeof h);
    h.station_id = json_integer_value(json_object_get(r->json, "station_id"));
    h.name = api_body_str(r, "name");
    h.notes = api_body_str(r, "notes");
    if (!read_members(r, &h)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (household_service_create(&x, &h, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "household write");
        return;
    }
    reply_household(r, 201, id);
}

static bool load(struct req *r, struct household *h)
{
    int64_t id;
    if (!req_param_id(r, 0, "家庭", "household", &id)) {
        return false;
    }
    int rc = household_store_get(r->db, r->arena, r->scope, id, h);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "家庭", "household");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "household get");
        return false;
    }
    return true;
}

void api_households_get(struct req *r)
{
    struct household h;
    if (load(r, &h)) {
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        write_household(r, &w, &h);
        reply_json(r, 200, &sb);
    }
}

void api_households_update(struct req *r)
{
    struct household before;
    int64_t version;
    if (!load(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct household h = before;
    const char *v;
    if ((v = api_body_str(r, "name")) != NULL) {
        h.name = v;
    }
    if ((v = api_body_str(r, "notes")) != NULL) {
        h.notes = v;
    }
    if (!read_members(r, &h)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (household_service_update(&x, &before, &h, version, &fail) != 0) {
        api_reply_fail(r, &fail, "household write");
        return;
    }
    reply_household(r, 200, before.id);
}
