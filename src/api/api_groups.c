/* /api/v1/groups: groups (小组) with goals, planned sessions, members and
 * workers; their sessions are service records of type group_session
 * (POST /services with group_id), listed here with attendance; closing
 * takes the group's evaluation. */
#include <string.h>

#include "../core/dictionary.h"
#include "../core/group_service.h"
#include "../util/parse.h"
#include "api.h"

static bool is_attainment(const char *s)
{
    return dictionary_fixed_has("goal_attainment", s);
}

static const struct schema id_schema[] = {
    {.type = S_INT, .min = 1},
};

#define GROUP_FIELDS                                                        \
    {.name = "area", .label_zh = "服务领域", .label_en = "area",           \
     .type = S_STRING, .min = 1, .max = 40},                                \
    {.name = "target", .label_zh = "服务对象群体", .label_en = "target",   \
     .type = S_STRING, .max = 500, .multiline = true},                      \
    {.name = "goals", .label_zh = "小组目标", .label_en = "goals",         \
     .type = S_STRING, .min = 1, .max = 3000, .multiline = true},           \
    {.name = "planned_sessions", .label_zh = "计划节数",                   \
     .label_en = "planned_sessions", .type = S_INT, .min = 1, .max = 100},  \
    {.name = "starts_on", .label_zh = "开始日期", .label_en = "starts_on", \
     .type = S_DATE},                                                       \
    {.name = "ends_on", .label_zh = "结束日期", .label_en = "ends_on",     \
     .type = S_DATE, .nullable = true},                                     \
    {.name = "members", .label_zh = "组员", .label_en = "members",         \
     .type = S_ARRAY, .max = 100, .fields = id_schema},                     \
    {.name = "workers", .label_zh = "带组社工", .label_en = "workers",     \
     .type = S_ARRAY, .max = 10, .fields = id_schema}

static const struct schema create_fields[] = {
    {.name = "station_id", .label_zh = "所属站点", .label_en = "station_id",
     .type = S_INT, .required = true, .min = 1},
    {.name = "name", .label_zh = "小组名称", .label_en = "name",
     .type = S_STRING, .required = true, .min = 1, .max = 60},
    GROUP_FIELDS,
    {0},
};
const struct schema api_group_create_schema = {.type = S_OBJECT,
                                               .fields = create_fields};

static const struct schema update_fields[] = {
    {.name = "name", .label_zh = "小组名称", .label_en = "name",
     .type = S_STRING, .min = 1, .max = 60},
    GROUP_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_group_update_schema = {.type = S_OBJECT,
                                               .fields = update_fields};

static const struct schema close_fields[] = {
    {.name = "attainment", .label_zh = "目标达成", .label_en = "attainment",
     .type = S_STRING, .required = true, .max = 20, .check = is_attainment,
     .check_msg = MSG_BAD_ENUM},
    {.name = "evaluation", .label_zh = "结束评估", .label_en = "evaluation",
     .type = S_STRING, .required = true, .min = 1, .max = 3000,
     .multiline = true},
    {.name = "closed_on", .label_zh = "结束日期", .label_en = "closed_on",
     .type = S_DATE, .required = true},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_group_close_schema = {.type = S_OBJECT,
                                              .fields = close_fields};

static void write_group(struct req *r, struct jsonw *w,
                        const struct service_group *g, bool full)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", g->id);
    jsonw_kint(w, "station_id", g->station_id);
    jsonw_kstr(w, "station_name", g->station_name);
    jsonw_kstr(w, "name", g->name);
    jsonw_kstr(w, "area", g->area);
    jsonw_kstr(w, "target", g->target);
    jsonw_kstr(w, "goals", g->goals);
    jsonw_kint(w, "planned_sessions", g->planned_sessions);
    jsonw_kstr(w, "starts_on", g->starts_on);
    jsonw_kstr(w, "ends_on", g->ends_on);
    jsonw_kstr(w, "status", g->status);
    jsonw_kstr(w, "attainment", *g->attainment ? g->attainment : NULL);
    jsonw_kstr(w, "evaluation", *g->evaluation ? g->evaluation : NULL);
    jsonw_kstr(w, "closed_on", g->closed_on);
    api_write_people(r, w, "members", g->members, g->n_members, true);
    api_write_people(r, w, "workers", g->workers, g->n_workers, false);
    if (full) {
        int64_t attendance = 0, extra = 0;
        jsonw_key(w, "sessions");
        jsonw_arr_open(w);
        for (size_t i = 0; i < g->n_sessions; i++) {
            const struct group_session *s = &g->sessions[i];
            jsonw_obj_open(w);
            jsonw_kint(w, "number", (int64_t)i + 1);
            jsonw_kint(w, "service_id", s->service_id);
            jsonw_kstr(w, "started_at", api_time(r, s->started_at));
            jsonw_kint(w, "minutes", s->minutes);
            jsonw_kstr(w, "title", s->title);
            jsonw_kint(w, "attendees", s->attendees);
            jsonw_kint(w, "extra_attendees", s->extra_attendees);
            jsonw_obj_close(w);
            attendance += s->attendees;
            extra += s->extra_attendees;
        }
        jsonw_arr_close(w);
        jsonw_kint(w, "sessions_held", (int64_t)g->n_sessions);
        jsonw_kint(w, "attendance", attendance);
        jsonw_kint(w, "extra_attendance", extra);
    }
    jsonw_kint(w, "version", g->version);
    jsonw_kstr(w, "updated_at", api_time(r, g->updated_at));
    jsonw_obj_close(w);
}

static void reply_group(struct req *r, int status, int64_t id)
{
    struct service_group g;
    int rc = group_store_get(r->db, r->arena, &scope_all, id, &g);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "group read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_group(r, &w, &g, true);
    reply_json(r, status, &sb);
}

static void read_body(struct req *r, struct service_group *g)
{
    const char *v;
    if ((v = api_body_str(r, "name")) != NULL) {
        g->name = v;
    }
    if ((v = api_body_str(r, "area")) != NULL) {
        g->area = v;
    }
    if ((v = api_body_str(r, "target")) != NULL) {
        g->target = v;
    }
    if ((v = api_body_str(r, "goals")) != NULL) {
        g->goals = v;
    }
    if ((v = api_body_str(r, "starts_on")) != NULL) {
        g->starts_on = v;
    }
    json_t *e = json_object_get(r->json, "ends_on");
    if (e) {
        g->ends_on = json_string_value(e); /* null: open-ended */
    }
    json_t *n = json_object_get(r->json, "planned_sessions");
    if (n) {
        g->planned_sessions = json_integer_value(n);
    }
    api_body_ids(r, "members", &g->members, &g->n_members);
    api_body_ids(r, "workers", &g->workers, &g->n_workers);
}

void api_groups_create(struct req *r)
{
    struct service_group g;
    memset(&g, 0, sizeof g);
    g.station_id = json_integer_value(json_object_get(r->json, "station_id"));
    read_body(r, &g);
    /* Required to create, optional to change: every missing one said at
     * once, by the name the form shows. */
    static const char *const needed[][3] = {
        {"area", "服务领域", "area"},
        {"goals", "小组目标", "goals"},
        {"planned_sessions", "计划节数", "planned sessions"},
        {"starts_on", "开始日期", "start date"},
    };
    struct schema_errors errs = {0};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        if (!json_object_get(r->json, needed[i][0])) {
            schema_error_add(&errs, needed[i][0], MSG_REQUIRED, needed[i][1],
                             needed[i][2]);
        }
    }
    if (errs.count) {
        reply_schema_errors(r, &errs);
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (group_service_create(&x, &g, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "group write");
        return;
    }
    reply_group(r, 201, id);
}

static bool load(struct req *r, struct service_group *g)
{
    int64_t id;
    if (!req_param_id(r, 0, "小组", "group", &id)) {
        return false;
    }
    int rc = group_store_get(r->db, r->arena, r->scope, id, g);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "小组", "group");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "group get");
        return false;
    }
    return true;
}

void api_groups_get(struct req *r)
{
    struct service_group g;
    if (load(r, &g)) {
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        write_group(r, &w, &g, true);
        reply_json(r, 200, &sb);
    }
}

void api_groups_update(struct req *r)
{
    struct service_group before;
    int64_t version;
    if (!load(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct service_group g = before;
    read_body(r, &g);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (group_service_update(&x, &before, &g, version, &fail) != 0) {
        api_reply_fail(r, &fail, "group write");
        return;
    }
    reply_group(r, 200, before.id);
}

void api_groups_close(struct req *r)
{
    struct service_group before;
    int64_t version;
    if (!load(r, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (group_service_close(&x, &before, api_body_str(r, "attainment"),
                            api_body_str(r, "evaluation"),
                            api_body_str(r, "closed_on"), version,
                            &fail) != 0) {
        api_reply_fail(r, &fail, "group write");
        return;
    }
    reply_group(r, 200, before.id);
}

void api_groups_list(struct req *r)
{
    int64_t station = 0, page;
    int limit, status;
    static const char *const statuses[] = {"", "active", "closed", NULL};
    if (!req_query_id(r, "station_id", &station)) {
        return;
    }
    if (!req_query_choice(r, "status", statuses, &status) ||
        !req_paging(r, 20, &limit, &page)) {
        return;
    }
    struct service_group *items;
    size_t n;
    int64_t total;
    int rc = group_store_list(r->db, r->arena, r->scope, station,
                              status ? statuses[status] : NULL, limit,
                              (page - 1) * limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "group list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_group(r, &w, &items[i], false);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}
