/* API tokens for machine clients: /api/v1/session/tokens. A token holds a
 * subset of its creator's permissions, optionally a narrower region, an
 * expiry within a year; it is shown once and stored as a hash. */
#include <string.h>

#include "../core/region_code.h"
#include "../store/audit_store.h"
#include "../store/region_store.h"
#include "../store/token_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"

static const struct schema action_item[] = {
    {.type = S_STRING, .label_zh = "权限", .label_en = "permission", .min = 1,
     .max = 60},
};

static const struct schema create_fields[] = {
    {.name = "name", .label_zh = "令牌名称", .label_en = "name",
     .type = S_STRING, .required = true, .min = 1, .max = 60},
    {.name = "permissions", .label_zh = "权限", .label_en = "permissions",
     .type = S_ARRAY, .required = true, .min = 1, .max = 64,
     .fields = action_item},
    {.name = "expires_on", .label_zh = "有效期至", .label_en = "expires on",
     .type = S_DATE, .required = true},
    {.name = "region", .label_zh = "数据范围区划", .label_en = "region",
     .type = S_STRING, .max = 12},
    {0},
};
const struct schema api_token_create_schema = {.type = S_OBJECT,
                                               .fields = create_fields};

static void write_token(struct req *r, struct jsonw *w,
                        const struct api_token *t, const char *secret)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", t->id);
    jsonw_kstr(w, "name", t->name);
    jsonw_key(w, "permissions");
    jsonw_arr_open(w);
    for (const char *p = t->permissions; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        jsonw_strn(w, p, len);
        p = comma ? comma + 1 : NULL;
    }
    jsonw_arr_close(w);
    /* Their names, in the reader's language: the security administrator
     * reading another's token does not hold them herself. */
    jsonw_key(w, "permission_labels");
    jsonw_arr_open(w);
    for (const char *p = t->permissions; p && *p;) {
        const char *comma = strchr(p, ',');
        const char *action =
            comma ? arena_strndup(r->arena, p, (size_t)(comma - p)) : p;
        const struct permission *perm = permission_find(action);
        jsonw_str(w, !perm ? action
                     : r->lang == LANG_EN ? perm->label_en
                                          : perm->label);
        p = comma ? comma + 1 : NULL;
    }
    jsonw_arr_close(w);
    jsonw_kstr(w, "region", t->region);
    jsonw_kstr(w, "expires_at", api_time(r, t->expires_at));
    jsonw_kstr(w, "created_at", api_time(r, t->created_at));
    jsonw_kstr(w, "last_used_at",
               t->last_used_at ? api_time(r, t->last_used_at) : NULL);
    jsonw_kbool(w, "revoked", t->revoked_at != 0);
    jsonw_kstr(w, "state", t->revoked_at ? "revoked"
                           : t->expires_at <= cn_now() ? "expired"
                                                        : "active");
    if (t->username) {
        jsonw_kint(w, "user_id", t->user_id);
        jsonw_kstr(w, "username", t->username);
        jsonw_kstr(w, "display_name", t->display_name);
    }
    if (secret) {
        jsonw_kstr(w, "token", secret);
    }
    jsonw_obj_close(w);
}

void api_tokens_list(struct req *r)
{
    struct api_token *items;
    size_t n;
    int rc = token_store_list(r->db, r->arena, r->who->user_id, &items, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "token list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        write_token(r, &w, &items[i], NULL);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

/* The body's permissions as a comma list, each one the user holds;
 * replies 400 and returns NULL otherwise. */
static const char *granted(struct req *r)
{
    json_t *arr = json_object_get(r->json, "permissions");
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const char *a = json_string_value(json_array_get(arr, i));
        const struct permission *p = permission_find(a);
        if (!p || !(p->roles & r->who->roles)) {
            strbuf_free(&sb);
            reply_error(r, 400, MSG_BAD_ENUM,
                        arena_printf(r->arena, "permissions[%zu]", i),
                        "权限(须是本人拥有的)", "permission (one you hold)");
            return NULL;
        }
        if (!auth_token_allows(sb.buf, a)) {
            strbuf_printf(&sb, "%s%s", sb.len ? "," : "", a);
        }
    }
    const char *out = arena_strdup(r->arena, sb.buf);
    strbuf_free(&sb);
    return out;
}

void api_tokens_create(struct req *r)
{
    /* A token made before enrolling would be a way around it. */
    if (r->who->second_factor_missing) {
        reply_error(r, 403, MSG_SECOND_FACTOR_ENROL, NULL, NULL, NULL);
        return;
    }
    struct api_token t = {.user_id = r->who->user_id,
                          .name = api_body_str(r, "name"),
                          .created_at = cn_now()};
    if (!(t.permissions = granted(r))) {
        return;
    }
    int y, m, d;
    parse_date(api_body_str(r, "expires_on"), &y, &m, &d);
    /* Valid through the end of that day, Beijing time. */
    t.expires_at = (cn_days_from_civil(y, m, d) + 1) * 86400 - CN_UTC_OFFSET;
    /* A token made at any time of day may run to the end of the day
     * token.max_days on. */
    int64_t max_days = server_settings(r->srv).token_max_days;
    if (t.expires_at <= t.created_at) {
        reply_error(r, 400, MSG_BEFORE_TODAY, "expires_on", "有效期至",
                    "expires on");
        return;
    }
    if (t.expires_at > t.created_at + (max_days + 1) * 86400) {
        reply_error(r, 400, MSG_OUT_OF_RANGE, "expires_on",
                    arena_printf(r->arena, "有效期(%lld天内)",
                                 (long long)max_days),
                    arena_printf(r->arena, "expiry (within %lld days)",
                                 (long long)max_days));
        return;
    }
    const char *region = api_body_str(r, "region");
    if (region && *region) {
        struct region g;
        bool wide = strcmp(r->who->data_range, "all") == 0 ||
                    strcmp(r->who->data_range, "region") == 0;
        /* A range of stations has no division to narrow. */
        if (!wide) {
            reply_error(r, 400, MSG_TOKEN_REGION_STATIONS, "region",
                        "数据范围区划", "region");
            return;
        }
        if (!region_code_valid(region) ||
            region_store_get(r->db, r->arena, region, &g) != DB_ROW) {
            reply_error(r, 400, MSG_STATION_REGION_OUTSIDE, "region",
                        "数据范围区划", "region");
            return;
        }
        if (!scope_has_station(r->scope, 0, region)) {
            reply_error(r, 400, MSG_REGION_OUT_OF_RANGE, "region",
                        "数据范围区划", "region");
            return;
        }
        t.region = region;
    }
    char raw[48], secret[52], hash[65];
    auth_new_token(raw);
    snprintf(secret, sizeof secret, "sgz_%s", raw);
    auth_token_hash(secret, hash);
    t.token_hash = hash;
    int64_t id = 0;
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = token_store_insert(r->db, &t, &id);
    }
    struct audit_entry e = {.actor = r->actor,
                            .address = r->address,
                            .action = "token.create",
                            .entity = "api_token",
                            .entity_id = arena_printf(r->arena, "%lld",
                                                      (long long)id),
                            .detail = t.permissions};
    if (rc == DB_OK) {
        rc = audit_append(r->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    } else {
        db_rollback(r->db);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "token create");
        return;
    }
    t.id = id;
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    req_secret_reply(r);
    write_token(r, &w, &t, secret);
    reply_json(r, 201, &sb);
}

/* GET /api/v1/tokens: every user's tokens, for the security
 * administrator (DESIGN.md §1): whose, for what, until when, last used;
 * by a user's name (?q=) and state (?state=active|revoked|expired),
 * paged. The secret is never there: only its hash is kept. */
void api_tokens_all(struct req *r)
{
    static const char *const states[] = {"", "active", "revoked",
                                         "expired", NULL};
    struct token_filter f = {.q = req_query(r, "q"), .now = cn_now()};
    int state;
    int64_t page;
    if (f.q && strlen(f.q) > 64) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "q", "q", "q");
        return;
    }
    if (!req_query_choice(r, "state", states, &state) ||
        !req_paging(r, 50, &f.limit, &page)) {
        return;
    }
    f.state = state ? states[state] : NULL;
    f.offset = (page - 1) * f.limit;
    struct api_token *items;
    size_t n;
    int64_t total;
    int rc = token_store_list_all(r->db, r->arena, &f, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "token list all");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_token(r, &w, &items[i], NULL);
    }
    api_list_end(r, &sb, &w, total, page, f.limit);
}

/* Revokes token {id}: the caller's own, or, for the security
 * administrator (any_owner), anyone's (leaked, or its program retired).
 * Audited with whose it was. A token revoked already, or another's
 * asked as one's own, is not found. */
static void revoke_token(struct req *r, bool any_owner)
{
    int64_t id, changed = 0;
    if (!req_param_id(r, 0, "令牌", "token", &id)) {
        return;
    }
    struct api_token t;
    int rc = db_begin(r->db);
    int got = rc == DB_OK ? token_store_get(r->db, r->arena, id, &t) : rc;
    if (got == DB_ROW) {
        if (any_owner || t.user_id == r->who->user_id) {
            rc = token_store_revoke(r->db, id, t.user_id, cn_now(),
                                    &changed);
        }
    } else if (got != DB_DONE) {
        rc = got;
    }
    if (rc == DB_OK && changed) {
        struct jsonw dw;
        struct strbuf detail;
        strbuf_init(&detail);
        jsonw_init(&dw, &detail);
        jsonw_obj_open(&dw);
        jsonw_kstr(&dw, "user", t.username);
        jsonw_kstr(&dw, "name", t.name);
        jsonw_obj_close(&dw);
        struct audit_entry e = {.actor = r->actor,
                                .address = r->address,
                                .action = "token.revoke",
                                .entity = "api_token",
                                .entity_id = req_param(r, 0),
                                .detail = arena_strdup(r->arena,
                                                       detail.buf)};
        strbuf_free(&detail);
        rc = audit_append(r->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    } else {
        db_rollback(r->db);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "token revoke");
        return;
    }
    if (!changed) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "令牌", "token");
        return;
    }
    api_reply_ok(r);
}

/* DELETE /api/v1/session/tokens/{id}: one's own. */
void api_tokens_revoke(struct req *r)
{
    revoke_token(r, false);
}

/* DELETE /api/v1/tokens/{id}: the security administrator's. */
void api_tokens_revoke_any(struct req *r)
{
    revoke_token(r, true);
}
