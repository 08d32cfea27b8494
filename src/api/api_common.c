#include <microhttpd.h>

#include <string.h>

#include "../core/region_code.h"
#include "../store/audit_store.h"
#include "../store/dictionary_store.h"
#include "../store/region_store.h"

#include "../util/cn_time.h"
#include "../util/parse.h"
#include "../core/client_service.h"
#include "../store/service_store.h"
#include "../store/user_store.h"
#include "../core/dictionary.h"
#include "api.h"

void api_db_error(struct req *r, int rc, const char *what)
{
    if (rc == DB_BUSY || (r->db && db_broken(r->db))) {
        r->retry_after = 1;
        reply_error(r, 503, MSG_BUSY, NULL, NULL, NULL);
        return;
    }
    char line[600];
    snprintf(line, sizeof line, "%s: %s", what,
             r->db ? db_errmsg(r->db) : "no connection");
    reply_internal(r, line);
}

const char *api_time(struct req *r, int64_t t)
{
    char *buf = arena_alloc(r->arena, 32);
    cn_iso8601(t, buf);
    return buf;
}

const struct profile *api_profile(struct req *r)
{
    if (!r->srv->profile) {
        reply_error(r, 409, MSG_NO_PROFILE, NULL, NULL, NULL);
        return NULL;
    }
    return r->srv->profile;
}

const char *api_body_str(struct req *r, const char *name)
{
    return json_string_value(json_object_get(r->json, name));
}

/* The version the client last read: If-Match or the body's "version".
 * Lost updates are refused, so one of them is required. */
bool api_expected_version(struct req *r, int64_t *v)
{
    const char *h = req_header(r, "If-Match");
    if (h) {
        char *t = arena_strdup(r->arena, h);
        size_t n = strlen(t);
        if (n >= 2 && t[0] == '"' && t[n - 1] == '"') {
            t[n - 1] = 0;
            t++;
        }
        if (!parse_int64(t, 1, INT64_MAX / 2, v)) {
            reply_error(r, 400, MSG_IF_MATCH_BAD, "If-Match", NULL, NULL);
            return false;
        }
        return true;
    }
    json_t *jv = json_object_get(r->json, "version");
    if (jv) {
        *v = json_integer_value(jv);
        return true;
    }
    reply_error(r, 428, MSG_REQUIRED, "version", "版本号(If-Match)",
                "version (If-Match)");
    return false;
}

int api_finish_audited(struct req *r, int rc, const char *action,
                       const char *entity, const char *entity_id,
                       const char *detail)
{
    struct audit_entry e = {
        .actor = r->actor,
        .address = r->address,
        .action = action,
        .entity = entity,
        .entity_id = entity_id,
        .detail = detail,
    };
    if (rc == DB_OK) {
        rc = audit_append(r->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    }
    if (rc != DB_OK) {
        db_rollback(r->db);
    }
    return rc;
}

const char *api_id_text(struct req *r, int64_t id)
{
    return arena_printf(r->arena, "%lld", (long long)id);
}

void api_reply_ok(struct req *r)
{
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kbool(&w, "ok", true);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

bool api_can(struct req *r, const char *action)
{
    if (!r->who || !permission_allows(r->who->roles, action)) {
        return false;
    }
    return r->who->api_token_id == 0 ||
           auth_token_allows(r->who->token_permissions, action);
}

void api_reply_fail(struct req *r, const struct client_fail *f,
                    const char *what)
{
    if (f->status >= 500) {
        api_db_error(r, f->db_rc, what);
    } else if (f->also_field) {
        struct schema_errors errs = {0};
        schema_error_add(&errs, f->field, f->msg, f->label_zh, f->label_en);
        schema_error_add(&errs, f->also_field, f->also_msg, f->also_label_zh,
                         f->also_label_en);
        reply_schema_errors(r, &errs);
    } else if (f->existing_id) {
        reply_error_with(r, f->status, f->msg, f->field, f->label_zh,
                         f->label_en, "existing_id", f->existing_id);
    } else {
        reply_error(r, f->status, f->msg, f->field, f->label_zh,
                    f->label_en);
    }
}

const char *api_client_name(struct req *r, const char *name)
{
    if (!r->who || !r->who->names_masked) {
        return name;
    }
    return client_mask_name(r->arena, name);
}

void api_write_people(struct req *r, struct jsonw *w, const char *key,
                      const struct service_person *p, size_t n,
                      bool clients)
{
    jsonw_key(w, key);
    jsonw_arr_open(w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(w);
        jsonw_kint(w, "id", p[i].id);
        jsonw_kstr(w, "name",
                   clients ? api_client_name(r, p[i].name) : p[i].name);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
}

int64_t api_body_int(struct req *r, const char *name)
{
    json_t *v = json_object_get(r->json, name);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

bool api_body_ids(struct req *r, const char *name,
                  struct service_person **out, size_t *n)
{
    json_t *arr = json_object_get(r->json, name);
    if (!arr) {
        return false;
    }
    *n = json_array_size(arr);
    *out = arena_alloc(r->arena, sizeof **out * (*n ? *n : 1));
    for (size_t i = 0; i < *n; i++) {
        (*out)[i].id = json_integer_value(json_array_get(arr, i));
        (*out)[i].name = NULL;
    }
    return true;
}

void api_list_begin(struct req *r, struct strbuf *sb, struct jsonw *w)
{
    reply_begin(r, sb, w);
    jsonw_obj_open(w);
    jsonw_key(w, "items");
    jsonw_arr_open(w);
}

void api_list_close(struct jsonw *w, int64_t total, int64_t page, int limit)
{
    jsonw_arr_close(w);
    jsonw_kint(w, "total", total);
    jsonw_kint(w, "page", page);
    jsonw_kint(w, "limit", limit);
    jsonw_obj_close(w);
}

void api_list_end(struct req *r, struct strbuf *sb, struct jsonw *w,
                  int64_t total, int64_t page, int limit)
{
    api_list_close(w, total, page, limit);
    reply_json(r, 200, sb);
}

void api_kid(struct jsonw *w, const char *key, int64_t id)
{
    jsonw_key(w, key);
    if (id) {
        jsonw_int(w, id);
    } else {
        jsonw_null(w);
    }
}

bool api_region_in_range(struct req *r, const char *region,
                         const char **name)
{
    struct region g;
    int rc = region_store_get(r->db, r->arena, region, &g);
    if (rc != DB_ROW && rc != DB_DONE) {
        api_db_error(r, rc, "region");
        return false;
    }
    if (rc == DB_DONE || !scope_has_region(r->scope, region)) {
        reply_error(r, 404, MSG_NOT_FOUND, "region", "行政区划",
                    "division");
        return false;
    }
    *name = g.name;
    return true;
}

bool api_region_scope(struct req *r, const char *region, struct scope *out,
                      const char **name)
{
    size_t len = strlen(region);
    if ((len != 6 && len != 9) || !region_code_valid(region)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "region",
                    "region（6位县级或9位乡镇级区划代码）",
                    "region (a 6-digit county or 9-digit township code)");
        return false;
    }
    if (!api_region_in_range(r, region, name)) {
        return false;
    }
    memset(out, 0, sizeof *out);
    out->region_prefix = region;
    out->report_drafts = r->scope->report_drafts;
    return true;
}

const char *api_fixed_label(struct req *r, const char *kind, const char *code)
{
    return dictionary_fixed_label(kind, code, r->lang == LANG_EN);
}

/* DB_ROW when kind has code (inactive items too), DB_DONE when not. */
static int dictionary_has(struct req *r, const char *kind, const char *code)
{
    if (!dictionary_editable(kind)) {
        return dictionary_fixed_has(kind, code) ? DB_ROW : DB_DONE;
    }
    struct dictionary_item it;
    return dictionary_store_get(r->db, r->arena, kind, code, &it);
}

bool api_query_code(struct req *r, const char *name, const char *kind,
                    const char **out)
{
    const char *v = req_query(r, name);
    *out = NULL;
    if (!v || !*v) {
        return true;
    }
    if (strlen(v) > 60) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, name, name, name);
        return false;
    }
    int rc = dictionary_has(r, kind, v);
    if (rc == DB_DONE) {
        reply_error(r, 400, MSG_QUERY_CODE_UNKNOWN, name, name, name);
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "dictionary");
        return false;
    }
    *out = v;
    return true;
}

bool api_body_code(struct req *r, const char *field, const char *kind,
                   const char *label_zh, const char *code)
{
    if (!code || !*code) {
        return true;
    }
    int rc = dictionary_has(r, kind, code);
    if (rc == DB_DONE) {
        reply_error(r, 400, MSG_DICT_UNKNOWN, field, label_zh, field);
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "dictionary");
        return false;
    }
    return true;
}

bool api_caller_org(struct req *r, int64_t *org_id)
{
    *org_id = 0;
    if (!r->who || !(r->who->roles & ROLE_BIT(ROLE_ORG_ADMIN))) {
        return true;
    }
    struct user u;
    int rc = user_store_get(r->db, r->arena, r->who->user_id, &u);
    if (rc != DB_ROW) {
        api_db_error(r, rc == DB_DONE ? DB_ERROR : rc, "caller organisation");
        return false;
    }
    *org_id = u.organisation_id;
    return true;
}
