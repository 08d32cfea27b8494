/* What a contract states beyond its core: /contracts/{id}/scope (service
 * areas and items), /targets (yearly quantities with the records' progress),
 * /amendments (history), /terminate. Scope and targets are replaced as a
 * whole under the contract's version. */
#include <stdlib.h>
#include <string.h>

#include "../core/contract_service.h"
#include "../core/contract_terms.h"
#include "../core/dictionary.h"
#include "../core/profile.h"
#include "../store/contract_parts_store.h"
#include "../util/cn_time.h"
#include "api.h"

static bool is_service_type(const char *s)
{
    return dictionary_fixed_has("service_type", s);
}

static const struct schema area_fields[] = {
    {.name = "area", .label_zh = "服务领域", .label_en = "area",
     .type = S_STRING, .required = true, .min = 1, .max = 40},
    {.name = "items", .label_zh = "服务事项", .label_en = "items",
     .type = S_STRING, .max = 2000, .multiline = true},
    {0},
};
static const struct schema area_schema[] = {
    {.type = S_OBJECT, .fields = area_fields},
};
static const struct schema scope_fields[] = {
    {.name = "areas", .label_zh = "服务范围", .label_en = "areas",
     .type = S_ARRAY, .required = true, .max = 50, .fields = area_schema},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_contract_scope_schema = {.type = S_OBJECT,
                                                 .fields = scope_fields};

static const struct schema target_fields[] = {
    {.name = "service_type", .label_zh = "服务类型",
     .label_en = "service_type", .type = S_STRING, .required = true,
     .max = 20, .check = is_service_type, .check_msg = MSG_BAD_ENUM},
    {.name = "area", .label_zh = "服务领域", .label_en = "area",
     .type = S_STRING, .max = 40},
    {.name = "quantity", .label_zh = "年度目标数量", .label_en = "quantity",
     .type = S_INT, .required = true, .min = 1, .max = 1000000},
    {.name = "note", .label_zh = "说明", .label_en = "note",
     .type = S_STRING, .max = 500},
    {0},
};
static const struct schema target_schema[] = {
    {.type = S_OBJECT, .fields = target_fields},
};
static const struct schema targets_fields[] = {
    {.name = "targets", .label_zh = "年度目标", .label_en = "targets",
     .type = S_ARRAY, .required = true, .max = 100, .fields = target_schema},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_contract_targets_schema = {.type = S_OBJECT,
                                                   .fields = targets_fields};

static const struct schema amendment_fields[] = {
    {.name = "amended_on", .label_zh = "变更日期", .label_en = "amended_on",
     .type = S_DATE, .required = true},
    {.name = "reason", .label_zh = "变更原因", .label_en = "reason",
     .type = S_STRING, .required = true, .min = 2, .max = 1000,
     .multiline = true},
    {.name = "changes", .label_zh = "变更内容", .label_en = "changes",
     .type = S_STRING, .required = true, .min = 2, .max = 5000,
     .multiline = true},
    {0},
};
const struct schema api_contract_amendment_schema = {
    .type = S_OBJECT, .fields = amendment_fields};

static const struct schema terminate_fields[] = {
    {.name = "reason", .label_zh = "终止原因", .label_en = "reason",
     .type = S_STRING, .required = true, .min = 2, .max = 1000,
     .multiline = true},
    {.name = "terminated_on", .label_zh = "终止日期",
     .label_en = "terminated_on", .type = S_DATE, .required = true},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_contract_terminate_schema = {
    .type = S_OBJECT, .fields = terminate_fields};

/* An area code of the active profile, with its label; NULL when not. */
static const struct profile_item *profile_area(struct req *r, const char *code)
{
    const struct profile *p = r->srv->profile;
    for (size_t i = 0; p && i < p->n_service_areas; i++) {
        if (strcmp(p->service_areas[i].code, code) == 0) {
            return &p->service_areas[i];
        }
    }
    return NULL;
}

static const char *area_label(struct req *r, const char *code)
{
    const struct profile_item *a = profile_area(r, code);
    return a ? (r->lang == LANG_EN ? a->label_en : a->label) : code;
}

/* ---- scope ------------------------------------------------------------- */

static void reply_scope(struct req *r, int64_t contract_id)
{
    struct contract_area *items;
    size_t n;
    int rc = contract_parts_scope(r->db, r->arena, contract_id, &items, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "contract scope");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "areas");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "area", items[i].area);
        jsonw_kstr(&w, "label", area_label(r, items[i].area));
        jsonw_kstr(&w, "items", items[i].items);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_contracts_scope_get(struct req *r)
{
    struct contract c;
    if (api_contract_load(r, &c)) {
        reply_scope(r, c.id);
    }
}

/* Begins the replacement of a part of contract c under its version. */
static bool begin_part(struct req *r, struct contract *c, int64_t *version)
{
    if (!api_contract_load_writable(r, c) || !api_expected_version(r, version)) {
        return false;
    }
    if (strcmp(c->status, "active") != 0) {
        reply_error(r, 409, MSG_CONTRACT_NOT_ACTIVE, "status", NULL, NULL);
        return false;
    }
    return true;
}

/* Commits the part's write with its audit row; false after replying. */
static bool finish_part(struct req *r, int rc, const char *action,
                        int64_t contract_id)
{
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    memset(&fail, 0, sizeof fail);
    /* The part as it now reads: the body, which the schema has
     * checked and bounded. */
    char *body = json_dumps(r->json, JSON_COMPACT | JSON_SORT_KEYS);
    const char *detail =
        arena_printf(r->arena, "{\"after\":%s}", body ? body : "null");
    free(body);
    if (contract_service_write(&x, rc, action, contract_id, detail, &fail)) {
        api_reply_fail(r, &fail, action);
        return false;
    }
    return true;
}

void api_contracts_scope_put(struct req *r)
{
    struct contract c;
    int64_t version;
    if (!begin_part(r, &c, &version)) {
        return;
    }
    json_t *arr = json_object_get(r->json, "areas");
    size_t n = json_array_size(arr);
    struct contract_area *areas =
        arena_alloc(r->arena, (n + 1) * sizeof *areas);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(arr, i);
        areas[i].area = json_string_value(json_object_get(e, "area"));
        const char *items = json_string_value(json_object_get(e, "items"));
        areas[i].items = items ? items : "";
        const char *field = arena_printf(r->arena, "areas[%zu].area", i);
        if (!profile_area(r, areas[i].area)) {
            reply_error(r, 400, MSG_BAD_ENUM, field, "服务领域", "area");
            return;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(areas[j].area, areas[i].area) == 0) {
                reply_error(r, 400, MSG_LISTED_TWICE, field, "服务领域",
                            "area");
                return;
            }
        }
    }
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = contract_store_touch(r->db, c.id, version, cn_now());
    }
    if (rc == DB_OK) {
        rc = contract_parts_set_scope(r->db, c.id, areas, n);
    }
    if (finish_part(r, rc, "contract.scope", c.id)) {
        reply_scope(r, c.id);
    }
}

/* ---- targets ----------------------------------------------------------- */

static void reply_targets(struct req *r, const struct contract *c)
{
    char today[16], day[16];
    cn_date_format(cn_date_of(cn_now()), today);
    const char *until = strcmp(today, c->ends_on) < 0 ? today : c->ends_on;
    const char *from = contract_terms_counted_from(
        c, server_settings(r->srv).reports_owed_from, day);
    struct contract_target *items;
    size_t n;
    int rc = contract_parts_targets(r->db, r->arena, c->id,
                                    contract_terms_instant(from),
                                    contract_terms_instant(until) + 86400,
                                    &items, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "contract targets");
        return;
    }
    int elapsed = contract_terms_elapsed(c, from, today);
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "elapsed_permille", elapsed);
    /* The term's start, or the go-live day within it (reports.owed_from):
     * done and expected are counted from this day. */
    jsonw_kstr(&w, "counted_from", from);
    jsonw_key(&w, "targets");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        int64_t expected = items[i].quantity * elapsed / 1000;
        jsonw_obj_open(&w);
        jsonw_kint(&w, "id", items[i].id);
        jsonw_kstr(&w, "service_type", items[i].service_type);
        jsonw_kstr(&w, "area", *items[i].area ? items[i].area : NULL);
        jsonw_kstr(&w, "area_label",
                   *items[i].area ? area_label(r, items[i].area) : NULL);
        jsonw_kint(&w, "quantity", items[i].quantity);
        jsonw_kstr(&w, "note", items[i].note);
        jsonw_kint(&w, "done", items[i].done);
        jsonw_kint(&w, "expected", expected);
        jsonw_kbool(&w, "behind", items[i].done < expected);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_contracts_targets_get(struct req *r)
{
    struct contract c;
    if (api_contract_load(r, &c)) {
        reply_targets(r, &c);
    }
}

void api_contracts_targets_put(struct req *r)
{
    struct contract c;
    int64_t version;
    if (!begin_part(r, &c, &version)) {
        return;
    }
    json_t *arr = json_object_get(r->json, "targets");
    size_t n = json_array_size(arr);
    struct contract_target *t = arena_alloc(r->arena, (n + 1) * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(arr, i);
        memset(&t[i], 0, sizeof t[i]);
        t[i].service_type =
            json_string_value(json_object_get(e, "service_type"));
        const char *area = json_string_value(json_object_get(e, "area"));
        t[i].area = area ? area : "";
        t[i].quantity = json_integer_value(json_object_get(e, "quantity"));
        const char *note = json_string_value(json_object_get(e, "note"));
        t[i].note = note ? note : "";
        if (*t[i].area && !profile_area(r, t[i].area)) {
            reply_error(r, 400, MSG_BAD_ENUM,
                        arena_printf(r->arena, "targets[%zu].area", i),
                        "服务领域", "area");
            return;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(t[j].service_type, t[i].service_type) == 0 &&
                strcmp(t[j].area, t[i].area) == 0) {
                reply_error(r, 400, MSG_LISTED_TWICE,
                            arena_printf(r->arena, "targets[%zu]", i),
                            "年度目标", "target");
                return;
            }
        }
    }
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = contract_store_touch(r->db, c.id, version, cn_now());
    }
    if (rc == DB_OK) {
        rc = contract_parts_set_targets(r->db, c.id, t, n);
    }
    if (finish_part(r, rc, "contract.targets", c.id)) {
        reply_targets(r, &c);
    }
}

/* ---- amendments -------------------------------------------------------- */

void api_contracts_amendments_list(struct req *r)
{
    struct contract c;
    if (!api_contract_load(r, &c)) {
        return;
    }
    struct contract_amendment *items;
    size_t n;
    int rc = contract_parts_amendments(r->db, r->arena, c.id, &items, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "contract amendments");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_kint(&w, "id", items[i].id);
        jsonw_kstr(&w, "amended_on", items[i].amended_on);
        jsonw_kstr(&w, "reason", items[i].reason);
        jsonw_kstr(&w, "changes", items[i].changes);
        jsonw_kstr(&w, "created_by_name", items[i].created_by_name);
        jsonw_kstr(&w, "created_at", api_time(r, items[i].created_at));
        jsonw_obj_close(&w);
    }
    api_list_end(r, &sb, &w, (int64_t)n, 1, 200);
}

void api_contracts_amendments_create(struct req *r)
{
    struct contract c;
    if (!api_contract_load_writable(r, &c)) {
        return;
    }
    if (strcmp(c.status, "active") != 0) {
        reply_error(r, 409, MSG_CONTRACT_NOT_ACTIVE, "status", NULL, NULL);
        return;
    }
    struct contract_amendment m = {
        .contract_id = c.id,
        .amended_on = api_body_str(r, "amended_on"),
        .reason = api_body_str(r, "reason"),
        .changes = api_body_str(r, "changes"),
        .created_by = r->who ? r->who->user_id : 0,
        .created_at = cn_now(),
    };
    char today[16];
    cn_date_format(cn_date_of(m.created_at), today);
    if (strcmp(m.amended_on, today) > 0) {
        reply_error(r, 400, MSG_IN_FUTURE, "amended_on", "变更日期",
                    "amended_on");
        return;
    }
    if (strcmp(m.amended_on, c.signed_on) < 0) {
        reply_error(r, 400, MSG_CONTRACT_EFFECTIVE_EARLY, "amended_on",
                    "变更日期", "amended_on");
        return;
    }
    int64_t id = 0;
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = contract_parts_add_amendment(r->db, &m, &id);
    }
    if (!finish_part(r, rc, "contract.amend", c.id)) {
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "id", id);
    jsonw_kstr(&w, "amended_on", m.amended_on);
    jsonw_kstr(&w, "reason", m.reason);
    jsonw_kstr(&w, "changes", m.changes);
    jsonw_obj_close(&w);
    reply_json(r, 201, &sb);
}

/* ---- termination ------------------------------------------------------- */

void api_contracts_terminate(struct req *r)
{
    struct contract before;
    int64_t version;
    if (!api_contract_load_writable(r, &before) ||
        !api_expected_version(r, &version)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (contract_service_terminate(&x, &before, api_body_str(r, "reason"),
                                   api_body_str(r, "terminated_on"), version,
                                   &fail) != 0) {
        api_reply_fail(r, &fail, "contract terminate");
        return;
    }
    struct contract c;
    int rc = contract_store_get(r->db, r->arena, &scope_all, before.id, &c);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "contract read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    api_contract_write(r, &w, &c);
    reply_json(r, 200, &sb);
}
