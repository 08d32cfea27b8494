/* 用户管理 and 角色管理: /api/v1/users, /api/v1/roles. Roles and their
 * permissions are read-only: they are the permission table itself. */
#include <string.h>

#include "../core/person_name.h"
#include "../core/phone.h"
#include "../core/password.h"
#include "../core/user_rules.h"
#include "../store/audit_store.h"
#include "../store/organisation_store.h"
#include "../store/region_store.h"
#include "../store/session_store.h"
#include "../store/staff_store.h"
#include "../store/station_store.h"
#include "../store/token_store.h"
#include "../store/user_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "api.h"
#include "../util/utf8.h"

static const char *const ranges[] = {"all", "region", "stations", "self",
                                     NULL};

static bool is_user_name(const char *s)
{
    return user_name_valid(s);
}

static const struct schema role_item[] = {
    {.type = S_STRING, .label_zh = "角色", .label_en = "role", .min = 1,
     .max = 40},
};
static const struct schema station_item[] = {
    {.type = S_INT, .label_zh = "站点", .label_en = "station", .min = 1},
};

#define USER_FIELDS                                                         \
    {.name = "display_name", .label_zh = "姓名", .label_en = "display name", \
     .type = S_STRING, .min = 1, .max = 40,                                 \
     .check = person_name_ok, .check_reason = person_name_problem},               \
    {.name = "phone", .label_zh = "手机号", .label_en = "phone",             \
     .type = S_STRING, .max = 20, .check = phone_valid,                     \
     .check_msg = MSG_BAD_PHONE, .check_reason = phone_problem},            \
    {.name = "roles", .label_zh = "角色", .label_en = "roles",              \
     .type = S_ARRAY, .min = 1, .max = ROLE_COUNT, .fields = role_item,   \
     .distinct = true},                                                     \
    {.name = "data_range", .label_zh = "数据范围", .label_en = "data range", \
     .type = S_ENUM, .enums = ranges},                                      \
    {.name = "range_region", .label_zh = "数据范围区划",                    \
     .label_en = "range region", .type = S_STRING, .max = 12,               \
     .nullable = true},                                                     \
    {.name = "stations", .label_zh = "数据范围站点",                        \
     .label_en = "range stations", .type = S_ARRAY, .max = 200,             \
     .fields = station_item, .distinct = true},                             \
    {.name = "organisation_id", .label_zh = "承接机构",                     \
     .label_en = "organisation", .type = S_INT, .min = 1, .nullable = true}

static const struct schema create_fields[] = {
    {.name = "username", .label_zh = "用户名", .label_en = "username",
     .type = S_STRING, .required = true, .min = 2, .max = 64,
     .check = is_user_name, .check_msg = MSG_USERNAME_FORM},
    USER_FIELDS,
    {0},
};
const struct schema api_user_create_schema = {.type = S_OBJECT,
                                              .fields = create_fields};

static const struct schema update_fields[] = {
    USER_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_user_update_schema = {.type = S_OBJECT,
                                              .fields = update_fields};

void api_roles_list(struct req *r)
{
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "roles");
    jsonw_arr_open(&w);
    for (int i = 0; i < ROLE_COUNT; i++) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "code", role_infos[i].code);
        jsonw_kstr(&w, "label", r->lang == LANG_EN ? role_infos[i].label_en
                                                   : role_infos[i].label);
        jsonw_key(&w, "permissions");
        jsonw_arr_open(&w);
        for (const struct permission *p = permissions; p->action; p++) {
            if (p->roles & ROLE_BIT(i)) {
                jsonw_str(&w, p->action);
            }
        }
        jsonw_arr_close(&w);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_key(&w, "permissions");
    jsonw_arr_open(&w);
    for (const struct permission *p = permissions; p->action; p++) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "action", p->action);
        jsonw_kstr(&w, "label", r->lang == LANG_EN ? p->label_en : p->label);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_users_list(struct req *r)
{
    int limit;
    int64_t page;
    if (!req_paging(r, 20, &limit, &page)) {
        return;
    }
    struct user_filter f = {.q = req_query(r, "q"),
                            .role = req_query(r, "role"),
                            .status = req_query(r, "status"),
                            .offset = (page - 1) * limit,
                            .limit = limit};
    if (f.q && strlen(f.q) > 64) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "q", "q", "q");
        return;
    }
    if (f.role && *f.role && role_from_code(f.role) < 0) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "role", "role", "role");
        return;
    }
    if (f.status && *f.status && strcmp(f.status, "active") &&
        strcmp(f.status, "locked") && strcmp(f.status, "disabled")) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "status", "status",
                    "status");
        return;
    }
    struct user *users;
    size_t n;
    int64_t total;
    int rc = user_store_list(r->db, r->arena, &f, &users, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "user list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    for (size_t i = 0; i < n && rc == DB_OK; i++) {
        rc = user_store_station_names(r->db, r->arena, &users[i]);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "user stations");
        return;
    }
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        api_write_user(&w, &users[i]);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}

/* Reads roles, range and stations from the body into u (keeping what the
 * body leaves out); replies 400 and returns false when they are bad. */
/* An org_admin works for one organisation (承接机构), whose contracts in
 * force make her range: without it she would see nothing. */
static bool read_organisation(struct req *r, struct user *u)
{
    if (json_object_get(r->json, "organisation_id")) {
        u->organisation_id = api_body_int(r, "organisation_id");
    }
    if (u->organisation_id <= 0) {
        if (!(u->roles & ROLE_BIT(ROLE_ORG_ADMIN))) {
            return true;
        }
        reply_error(r, 400, MSG_REQUIRED, "organisation_id", "承接机构",
                    "organisation");
        return false;
    }
    struct organisation o;
    int rc = organisation_store_get(r->db, r->arena, u->organisation_id, &o);
    if (rc == DB_DONE) {
        reply_error(r, 400, MSG_NOT_FOUND, "organisation_id", "承接机构",
                    "organisation");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "user organisation");
        return false;
    }
    return true;
}

static bool read_access(struct req *r, struct user *u)
{
    json_t *roles = json_object_get(r->json, "roles");
    if (roles) {
        u->roles = 0;
        for (size_t i = 0; i < json_array_size(roles); i++) {
            const char *code = json_string_value(json_array_get(roles, i));
            int role = role_from_code(code);
            if (role < 0) {
                reply_error(r, 400, MSG_ROLE_UNKNOWN,
                            arena_printf(r->arena, "roles[%zu]", i), code,
                            code);
                return false;
            }
            u->roles |= ROLE_BIT(role);
        }
        if (!user_admins_separate(u->roles)) {
            /* An attempt at two of the three hats is an inspector's to
             * see, as the other refusals of 三员分立 are. */
            server_audit_denial(r, "user.manage", "denied");
            reply_error(r, 400, MSG_ADMIN_ROLES_SEPARATE, "roles", NULL,
                        NULL);
            return false;
        }
    }
    const char *range = api_body_str(r, "data_range");
    if (range) {
        u->data_range = range;
    }
    if (json_object_get(r->json, "range_region")) {
        u->range_region = api_body_str(r, "range_region");
    }
    json_t *st = json_object_get(r->json, "stations");
    if (st) {
        int64_t *ids =
            arena_alloc(r->arena, sizeof *ids * (json_array_size(st) + 1));
        for (size_t i = 0; i < json_array_size(st); i++) {
            ids[i] = json_integer_value(json_array_get(st, i));
        }
        u->stations = ids;
        u->n_stations = json_array_size(st);
    }
    if (strcmp(u->data_range, "region") == 0) {
        struct region g;
        if (!u->range_region || !region_code_valid(u->range_region) ||
            region_store_get(r->db, r->arena, u->range_region, &g) !=
                DB_ROW) {
            reply_error(r, 400, MSG_REGION_NOT_FOUND, "range_region",
                        "数据范围区划", "range region");
            return false;
        }
        /* Within the jurisdiction, or above it (a city's officer on a
         * county's server): one elsewhere would read nothing. */
        const struct profile *p = r->srv->profile;
        size_t lr = strlen(u->range_region), lp = strlen(p->region_code);
        if (strncmp(u->range_region, p->region_code, lr < lp ? lr : lp) !=
            0) {
            reply_error(r, 400, MSG_RANGE_OUTSIDE_OF, "range_region",
                        p->region_name, p->region_code);
            return false;
        }
    } else {
        u->range_region = NULL;
    }
    for (size_t i = 0; i < u->n_stations; i++) {
        struct station s;
        int rc = station_store_get_plain(r->db, r->arena, &scope_all,
                                         u->stations[i], &s);
        if (rc != DB_ROW) {
            reply_error(r, 400, MSG_NOT_FOUND,
                        arena_printf(r->arena, "stations[%zu]", i), "站点",
                        "station");
            return false;
        }
    }
    return read_organisation(r, u);
}

static void reply_user(struct req *r, int status, int64_t id,
                       const char *temporary_password)
{
    struct user u;
    int rc = user_store_get(r->db, r->arena, id, &u);
    if (rc == DB_ROW) {
        rc = user_store_station_names(r->db, r->arena, &u) == DB_OK ? DB_ROW
                                                                    : DB_ERROR;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "user read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    if (temporary_password) {
        /* Shown once, to the administrator who set it. */
        req_secret_reply(r);
        jsonw_obj_open(&w);
        jsonw_key(&w, "user");
        api_write_user(&w, &u);
        jsonw_kstr(&w, "temporary_password", temporary_password);
        jsonw_obj_close(&w);
    } else {
        api_write_user(&w, &u);
    }
    reply_json(r, status, &sb);
}

struct new_password_job {
    struct user u;
    char password[24];
    char hash[PASSWORD_HASH_MAX];
    int hash_rc;
    int64_t id;      /* 0 for a new user */
};

static void hash_work(struct req *r)
{
    struct new_password_job *j = r->job;
    j->hash_rc = password_hash(j->password, j->hash);
}

static void create_finish(struct req *r)
{
    struct new_password_job *j = r->job;
    if (j->hash_rc != 0) {
        reply_internal(r, "password hash failed");
        return;
    }
    j->u.password_hash = j->hash;
    int64_t id = 0;
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        struct user existing;
        int g = user_store_get_by_name(r->db, r->arena, j->u.username,
                                       &existing);
        rc = g == DB_ROW ? DB_CONSTRAINT : (g == DB_DONE ? DB_OK : g);
    }
    if (rc == DB_OK) {
        rc = user_store_insert(r->db, &j->u, cn_now(), &id);
    }
    if (rc == DB_CONSTRAINT) {
        db_rollback(r->db);
        reply_error(r, 409, MSG_USERNAME_TAKEN, "username", NULL, NULL);
        return;
    }
    rc = api_finish_audited(r, rc, "user.create", "user",
                            api_id_text(r, id),
                            user_access_created(r->arena, &j->u));
    if (rc != DB_OK) {
        api_db_error(r, rc, "user create");
        return;
    }
    reply_user(r, 201, id, j->password);
}

/* 三员分立: the security administrator's and the auditor's accounts
 * are not the sysadmin's to create, change, lock or reset (a password
 * she resets is one she knows: she would read the log as the auditor,
 * or set the security policy). They are kept with `sgz user` on the
 * server, by whoever runs it; each changes her own password here.
 * True, with 403 replied and the denial logged, when roles hold either. */
static bool beyond_sysadmin(struct req *r, role_set roles)
{
    role_set theirs = ROLE_BIT(ROLE_SECURITY_ADMIN) | ROLE_BIT(ROLE_AUDITOR);
    if (!(roles & theirs)) {
        return false;
    }
    server_audit_denial(r, "user.manage", "denied");
    reply_error(r, 403, MSG_ADMIN_ACCOUNT_CLI, "roles", NULL, NULL);
    return true;
}

void api_users_create(struct req *r)
{
    struct new_password_job *j = arena_alloc(r->arena, sizeof *j);
    j->u.username = api_body_str(r, "username");
    j->u.display_name = api_body_str(r, "display_name");
    if (!j->u.display_name) {
        j->u.display_name = j->u.username;
    }
    j->u.phone = api_body_str(r, "phone");
    j->u.status = "active";
    j->u.must_change_password = true;
    j->u.data_range = "self";
    if (!read_access(r, &j->u) || beyond_sysadmin(r, j->u.roles)) {
        return;
    }
    if (j->u.roles == 0) {
        reply_error(r, 400, MSG_REQUIRED, "roles", "角色", "roles");
        return;
    }
    password_random(j->password, 17);
    r->job = j;
    req_defer(r, hash_work, create_finish);
}

static bool load_user(struct req *r, struct user *u)
{
    int64_t id;
    if (!req_param_id(r, 0, "用户", "user", &id)) {
        return false;
    }
    int rc = user_store_get(r->db, r->arena, id, u);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "用户", "user");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "user get");
        return false;
    }
    return true;
}

void api_users_get(struct req *r)
{
    struct user u;
    if (load_user(r, &u)) {
        reply_user(r, 200, u.id, NULL);
    }
}

/* Begins the change's transaction when the last active holder of each
 * of the three administrators' roles keeps the role and the account
 * (user_admin_lost(), the account and the holders counted under their
 * locks: two sessions each locking one of the last two would otherwise
 * both count two). roles or status NULL: as they are. False after
 * replying, with nothing begun. */
static bool begin_keeping_admins(struct req *r, const struct user *u,
                                 const role_set *roles, const char *status)
{
    int lost = -1;
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = user_admin_lost(r->db, r->arena, u->id, roles, status, &lost);
    }
    if (rc != DB_OK || lost >= 0) {
        db_rollback(r->db);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "user admins");
        return false;
    }
    if (lost >= 0) {
        reply_error(r, 409, MSG_LAST_SYSADMIN, NULL, role_infos[lost].label,
                    role_infos[lost].label_en);
        return false;
    }
    return true;
}

/* A worker's login follows her station assignment (one source of
 * truth): a changed range for a user linked to staff is refused. */
static bool range_editable(struct req *r, const struct user *u,
                           const struct user *after)
{
    bool same = strcmp(u->data_range, after->data_range) == 0 &&
                u->n_stations == after->n_stations &&
                ((!u->range_region && !after->range_region) ||
                 (u->range_region && after->range_region &&
                  strcmp(u->range_region, after->range_region) == 0));
    for (size_t i = 0; same && i < u->n_stations; i++) {
        bool found = false;
        for (size_t k = 0; k < after->n_stations; k++) {
            found = found || u->stations[i] == after->stations[k];
        }
        same = found;
    }
    if (same) {
        return true;
    }
    struct staff s;
    char day[11];
    cn_date_format(cn_date_of(cn_now()), day);
    int rc = staff_store_by_user(r->db, r->arena, u->id, day, &s);
    if (rc == DB_DONE) {
        return true;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "user staff link");
        return false;
    }
    reply_error(r, 409, MSG_STAFF_RANGE_FOLLOWS, "data_range", s.name,
                s.name);
    return false;
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether every station of a is in b (a form sends them in its order). */
static bool stations_within(const struct user *a, const struct user *b)
{
    for (size_t i = 0; i < a->n_stations; i++) {
        bool found = false;
        for (size_t j = 0; j < b->n_stations && !found; j++) {
            found = a->stations[i] == b->stations[j];
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

/* An administrator's own access is changed by another: else a sysadmin
 * could widen her own range to every client. Her name and phone she
 * changes herself; a form that sends her access unchanged is no change. */
static bool not_own_access(struct req *r, const struct user *before,
                           const struct user *after)
{
    if (before->id != r->who->user_id) {
        return true;
    }
    bool same = before->roles == after->roles &&
                same_text(before->data_range, after->data_range) &&
                same_text(before->range_region, after->range_region) &&
                before->organisation_id == after->organisation_id &&
                stations_within(before, after) &&
                stations_within(after, before);
    if (!same) {
        reply_error(r, 403, MSG_OWN_ACCESS, NULL, NULL, NULL);
        return false;
    }
    return true;
}

void api_users_update(struct req *r)
{
    struct user u;
    if (!load_user(r, &u)) {
        return;
    }
    int64_t version;
    if (!api_expected_version(r, &version)) {
        return;
    }
    if (version != u.version) {
        reply_error(r, 409, MSG_VERSION_CONFLICT, "version", NULL, NULL);
        return;
    }
    struct user after = u;
    if (api_body_str(r, "display_name")) {
        after.display_name = api_body_str(r, "display_name");
    }
    if (api_body_str(r, "phone")) {
        after.phone = api_body_str(r, "phone");
    }
    if (beyond_sysadmin(r, u.roles) || !read_access(r, &after) ||
        beyond_sysadmin(r, after.roles) || !range_editable(r, &u, &after) ||
        !begin_keeping_admins(r, &u, &after.roles, NULL)) {
        return;
    }
    if (!not_own_access(r, &u, &after)) {
        db_rollback(r->db);
        server_audit_denial(r, NULL, "denied");
        return;
    }
    struct db_stmt *st =
        db_prepare(r->db, "UPDATE users SET display_name = ?, phone = ?, "
                          "version = version + 1, updated_at = ? WHERE id = "
                          "? AND version = ?");
    int rc = st ? DB_OK : DB_ERROR;
    if (rc == DB_OK) {
        db_bind_text(st, 1, after.display_name);
        db_bind_text(st, 2, after.phone ? after.phone : "");
        db_bind_int(st, 3, cn_now());
        db_bind_int(st, 4, u.id);
        db_bind_int(st, 5, version);
        rc = db_step(st);
        int64_t changed = rc == DB_DONE ? db_changes(st) : 0;
        db_reset(st);
        rc = rc == DB_DONE ? (changed ? DB_OK : DB_CONSTRAINT) : rc;
    }
    if (rc == DB_OK) {
        rc = user_store_set_roles(r->db, u.id, after.roles);
    }
    if (rc == DB_OK) {
        rc = user_store_set_range(r->db, u.id, after.data_range,
                                  after.range_region, after.stations,
                                  after.n_stations);
    }
    if (rc == DB_OK && after.organisation_id != u.organisation_id) {
        rc = user_store_set_organisation(r->db, u.id, after.organisation_id,
                                         cn_now());
        rc = rc == DB_CONSTRAINT ? DB_ERROR : rc;
    }
    if (rc == DB_CONSTRAINT) {
        db_rollback(r->db);
        reply_error(r, 409, MSG_VERSION_CONFLICT, "version", NULL, NULL);
        return;
    }
    rc = api_finish_audited(r, rc, "user.update", "user",
                            api_id_text(r, u.id),
                            user_access_change(r->arena, &u, &after));
    if (rc != DB_OK) {
        api_db_error(r, rc, "user update");
        return;
    }
    server_identity_changed(r->srv);
    reply_user(r, 200, u.id, NULL);
}

static void set_status(struct req *r, const char *status, const char *action)
{
    struct user u;
    if (!load_user(r, &u) || beyond_sysadmin(r, u.roles) ||
        !begin_keeping_admins(r, &u, NULL, status)) {
        return;
    }
    int rc = user_store_set_status(r->db, u.id, status, cn_now());
    if (rc == DB_OK && strcmp(status, "active") != 0) {
        rc = session_store_delete_user(r->db, u.id);
    }
    rc = api_finish_audited(r, rc, action, "user",
                            api_id_text(r, u.id), NULL);
    if (rc != DB_OK) {
        api_db_error(r, rc, "user status");
        return;
    }
    server_identity_changed(r->srv);
    reply_user(r, 200, u.id, NULL);
}

void api_users_lock(struct req *r)
{
    set_status(r, "locked", "user.lock");
}

/* The sysadmin lifts any lock of the accounts she keeps; the security
 * administrator, whose policy locks an account after failed logins,
 * lifts that lockout on any account, never the sysadmin's own lock. */
void api_users_unlock(struct req *r)
{
    if (api_can(r, "user.manage")) {
        set_status(r, "active", "user.unlock");
        return;
    }
    struct user u;
    if (!load_user(r, &u)) {
        return;
    }
    /* Read again under the row's lock: a lock the sysadmin sets
     * meanwhile is not lifted by this. */
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = user_store_lock(r->db, u.id);
    }
    if (rc == DB_OK) {
        rc = user_store_get(r->db, r->arena, u.id, &u);
        rc = rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
    }
    if (rc == DB_OK && strcmp(u.status, "active") != 0) {
        db_rollback(r->db);
        server_audit_denial(r, "user.unlock", "denied");
        reply_error(r, 403, MSG_LOCKED_BY_SYSADMIN, "status", NULL, NULL);
        return;
    }
    if (rc == DB_OK) {
        rc = user_store_set_status(r->db, u.id, "active", cn_now());
    }
    rc = api_finish_audited(r, rc, "user.unlock", "user",
                            api_id_text(r, u.id), NULL);
    if (rc != DB_OK) {
        api_db_error(r, rc, "user unlock");
        return;
    }
    server_identity_changed(r->srv);
    reply_user(r, 200, u.id, NULL);
}

static void reset_finish(struct req *r)
{
    struct new_password_job *j = r->job;
    if (j->hash_rc != 0) {
        reply_internal(r, "password hash failed");
        return;
    }
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = user_store_set_password(r->db, j->id, j->hash, true, cn_now());
    }
    if (rc == DB_OK) {
        rc = session_store_delete_user(r->db, j->id);
    }
    /* A reset is for an account lost or taken: its API tokens end with
     * its sessions. */
    if (rc == DB_OK) {
        rc = token_store_revoke_user(r->db, j->id, cn_now());
    }
    rc = api_finish_audited(r, rc, "user.reset_password", "user",
                            api_id_text(r, j->id), NULL);
    if (rc != DB_OK) {
        api_db_error(r, rc, "password reset");
        return;
    }
    server_identity_changed(r->srv);
    reply_user(r, 200, j->id, j->password);
}

void api_users_reset_password(struct req *r)
{
    struct user u;
    if (!load_user(r, &u) || beyond_sysadmin(r, u.roles)) {
        return;
    }
    struct new_password_job *j = arena_alloc(r->arena, sizeof *j);
    j->id = u.id;
    password_random(j->password, 17);
    r->job = j;
    req_defer(r, hash_work, reset_finish);
}
