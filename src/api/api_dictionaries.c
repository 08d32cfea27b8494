/* 字典管理: GET /api/v1/dictionaries (every list, for every logged-in
 * user), and for the sysadmin adding and changing items of the lists a
 * deployment may extend. */
#include <string.h>

#include "../core/category_age.h"
#include "../core/dictionary.h"
#include "../core/permission.h"
#include "../store/audit_store.h"
#include "../store/dictionary_store.h"
#include "api.h"

static bool is_code(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z')) {
        return false;
    }
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_')) {
            return false;
        }
    }
    return true;
}

#define ITEM_FIELDS                                                         \
    {.name = "label", .label_zh = "中文名称", .label_en = "label",          \
     .type = S_STRING, .min = 1, .max = 60},                                \
    {.name = "label_en", .label_zh = "英文名称", .label_en = "English label", \
     .type = S_STRING, .max = 80},                                          \
    {.name = "sort_order", .label_zh = "排序", .label_en = "sort order",    \
     .type = S_INT, .min = 0, .max = 100000},                               \
    {.name = "active", .label_zh = "启用", .label_en = "active",            \
     .type = S_BOOL},                                                       \
    {.name = "sensitive", .label_zh = "敏感个人信息",                      \
     .label_en = "sensitive", .type = S_BOOL},                              \
    {.name = "age_limit", .label_zh = "适用年龄上限",                      \
     .label_en = "age limit", .type = S_INT, .nullable = true, .min = 1,    \
     .max = CATEGORY_AGE_MAX},                                              \
    {.name = "age_from", .label_zh = "适用年龄下限",                       \
     .label_en = "lower age bound", .type = S_INT, .nullable = true,        \
     .min = 1, .max = CATEGORY_AGE_MAX}

static const struct schema create_fields[] = {
    {.name = "code", .label_zh = "编码", .label_en = "code",
     .type = S_STRING, .required = true, .min = 1, .max = 40,
     .check = is_code, .check_msg = MSG_BAD_ENUM},
    ITEM_FIELDS,
    {0},
};
const struct schema api_dictionary_create_schema = {.type = S_OBJECT,
                                                    .fields = create_fields};
static const struct schema update_fields[] = {ITEM_FIELDS, {0}};
const struct schema api_dictionary_update_schema = {.type = S_OBJECT,
                                                    .fields = update_fields};

/* The list whose items may carry ages (core/category_age.h). */
static const char *const AGE_KIND = "client_category";

/* The item itself when its list carries ages, else NULL. */
static const struct dictionary_item *ages_of(const struct dictionary_item *it)
{
    return strcmp(it->kind, AGE_KIND) == 0 ? it : NULL;
}

/* An age member: null for 0 (none). */
static void write_age(struct jsonw *w, const char *key, int64_t age)
{
    jsonw_key(w, key);
    if (age > 0) {
        jsonw_int(w, age);
    } else {
        jsonw_null(w);
    }
}

/* An item; age_limit and age_from (from ages) only for a client
 * category. */
static void write_item(struct jsonw *w, const char *code, const char *label,
                       const char *label_en, int64_t sort_order, bool active,
                       bool editable, bool sensitive,
                       const struct dictionary_item *ages)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "code", code);
    jsonw_kstr(w, "label", label);
    jsonw_kstr(w, "label_en", label_en);
    jsonw_kint(w, "sort_order", sort_order);
    jsonw_kbool(w, "active", active);
    jsonw_kbool(w, "editable", editable);
    jsonw_kbool(w, "sensitive", sensitive);
    if (ages) {
        write_age(w, "age_limit", ages->age_limit);
        write_age(w, "age_from", ages->age_from);
    }
    jsonw_obj_close(w);
}

void api_dictionaries_list(struct req *r)
{
    const char *kind = req_query(r, "kind");
    if (kind && !*kind) {
        kind = NULL;
    }
    struct dictionary_item *items;
    size_t n;
    int rc = dictionary_store_list(r->db, r->arena, kind, &items, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "dictionary list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    for (const struct fixed_list *l = dictionary_fixed; l->kind; l++) {
        if (kind && strcmp(kind, l->kind) != 0) {
            continue;
        }
        jsonw_key(&w, l->kind);
        jsonw_arr_open(&w);
        int64_t order = 0;
        for (const struct fixed_item *it = l->items; it->code; it++) {
            write_item(&w, it->code, it->label, it->label_en, order += 10,
                       true, false, false, NULL);
        }
        jsonw_arr_close(&w);
    }
    if (!kind || strcmp(kind, "role") == 0) {
        jsonw_key(&w, "role");
        jsonw_arr_open(&w);
        for (int i = 0; i < ROLE_COUNT; i++) {
            write_item(&w, role_infos[i].code, role_infos[i].label,
                       role_infos[i].label_en, (i + 1) * 10, true, false,
                       false, NULL);
        }
        jsonw_arr_close(&w);
    }
    const struct profile *p = r->srv->profile;
    if (p && (!kind || strcmp(kind, "station_type") == 0)) {
        jsonw_key(&w, "station_type");
        jsonw_arr_open(&w);
        for (size_t i = 0; i < p->n_station_types; i++) {
            write_item(&w, p->station_types[i].code, p->station_types[i].label,
                       p->station_types[i].label_en, (int64_t)(i + 1) * 10,
                       true, false, false, NULL);
        }
        jsonw_arr_close(&w);
    }
    for (size_t i = 0; i < n;) {
        jsonw_key(&w, items[i].kind);
        jsonw_arr_open(&w);
        size_t j = i;
        for (; j < n && strcmp(items[j].kind, items[i].kind) == 0; j++) {
            write_item(&w, items[j].code, items[j].label, items[j].label_en,
                       items[j].sort_order, items[j].active, true,
                       items[j].sensitive, ages_of(&items[j]));
        }
        jsonw_arr_close(&w);
        i = j;
    }
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

static bool editable_kind(struct req *r, const char *kind)
{
    if (!dictionary_editable(kind)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "可编辑的字典",
                    "editable dictionary");
        return false;
    }
    return true;
}

/* The body's members into *it; false (and the answer sent) when it
 * gives an age to a list that has none, or leaves a lower bound at or
 * above the limit (checked on the item as it will be, so that a PATCH of
 * one of the two is checked against the other as stored). */
static bool apply_body(struct req *r, struct dictionary_item *it)
{
    const char *v;
    if ((v = api_body_str(r, "label")) != NULL) {
        it->label = v;
    }
    if ((v = api_body_str(r, "label_en")) != NULL) {
        it->label_en = v;
    }
    json_t *j = json_object_get(r->json, "sort_order");
    if (j) {
        it->sort_order = json_integer_value(j);
    }
    j = json_object_get(r->json, "active");
    if (j) {
        it->active = json_is_true(j);
    }
    j = json_object_get(r->json, "sensitive");
    if (j) {
        it->sensitive = json_is_true(j);
    }
    static const char *const ages[] = {"age_limit", "age_from"};
    for (size_t i = 0; i < sizeof ages / sizeof ages[0]; i++) {
        j = json_object_get(r->json, ages[i]);
        if (j && strcmp(it->kind, AGE_KIND) != 0) {
            reply_error(r, 400, MSG_UNKNOWN_FIELD, ages[i], ages[i], ages[i]);
            return false;
        }
        if (j) {
            int64_t *to = i == 0 ? &it->age_limit : &it->age_from;
            *to = json_is_null(j) ? 0 : json_integer_value(j);
        }
    }
    if (it->age_from > 0 && it->age_limit > 0 &&
        it->age_from >= it->age_limit) {
        reply_error(r, 400, MSG_CATEGORY_AGE_ORDER, "age_from",
                    "适用年龄下限", "lower age bound");
        return false;
    }
    return true;
}

/* An item's columns for its audit row (DESIGN.md §5: before and
 * after), as the client audit keeps them; none is secret. */
static void write_audit_item(struct jsonw *w, const struct dictionary_item *it)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "label", it->label);
    jsonw_kstr(w, "label_en", it->label_en);
    jsonw_kint(w, "sort_order", it->sort_order);
    jsonw_kbool(w, "active", it->active);
    jsonw_kbool(w, "sensitive", it->sensitive);
    jsonw_kstr(w, "source", it->source);
    if (ages_of(it)) {
        write_age(w, "age_limit", it->age_limit);
        write_age(w, "age_from", it->age_from);
    }
    jsonw_obj_close(w);
}

/* {"before":…,"after":…} (no before for a new item), in the arena. */
static const char *audit_detail(struct req *r,
                                const struct dictionary_item *before,
                                const struct dictionary_item *after)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    if (before) {
        jsonw_key(&d.w, "before");
        write_audit_item(&d.w, before);
    }
    jsonw_key(&d.w, "after");
    write_audit_item(&d.w, after);
    const char *out = jsonw_doc_close(&d, r->arena);
    return out;
}

/* Two items of a list under one name cannot be told apart on a form, in
 * a report's rows or in an imported cell that names one: true when the
 * label is another item's, with 409 replied (and the write rolled back). */
static bool label_taken(struct req *r, const struct dictionary_item *it)
{
    const char *other = NULL;
    int rc = dictionary_store_same_label(r->db, r->arena, it->kind, it->label,
                                         it->code, &other);
    if (rc == DB_DONE) {
        return false;
    }
    db_rollback(r->db);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "dictionary label");
        return true;
    }
    reply_error(r, 409, MSG_LINE_TAKEN, "label",
                arena_printf(r->arena, "名称“%s”（编码 %s）", it->label, other),
                arena_printf(r->arena, "label \"%s\" (code %s)", it->label,
                             other));
    return true;
}

void api_dictionaries_create(struct req *r)
{
    const char *kind = req_param(r, 0);
    if (!editable_kind(r, kind)) {
        return;
    }
    struct dictionary_item it = {.kind = kind,
                                 .code = api_body_str(r, "code"),
                                 .source = "custom",
                                 .sort_order = 1000,
                                 .active = true};
    if (!apply_body(r, &it)) {
        return;
    }
    if (!it.label) {
        reply_error(r, 400, MSG_REQUIRED, "label", "中文名称", "label");
        return;
    }
    /* A county's own category may have no English name: the English
     * pages then show the Chinese one. */
    if (!it.label_en || !*it.label_en) {
        it.label_en = it.label;
    }
    int rc = db_begin(r->db);
    if (rc == DB_OK && label_taken(r, &it)) {
        return;
    }
    if (rc == DB_OK) {
        rc = dictionary_store_insert(r->db, &it, false);
    }
    if (rc == DB_CONSTRAINT) {
        db_rollback(r->db);
        reply_error(r, 409, MSG_LINE_TAKEN, "code",
                    arena_printf(r->arena, "编码“%s”", it.code),
                    arena_printf(r->arena, "code \"%s\"", it.code));
        return;
    }
    rc = api_finish_audited(r, rc, "dictionary.create", "dictionary",
                            arena_printf(r->arena, "%s/%s", it.kind,
                                         it.code),
                            audit_detail(r, NULL, &it));
    if (rc != DB_OK) {
        api_db_error(r, rc, "dictionary create");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_item(&w, it.code, it.label, it.label_en, it.sort_order, it.active,
               true, it.sensitive, ages_of(&it));
    reply_json(r, 201, &sb);
}

void api_dictionaries_update(struct req *r)
{
    const char *kind = req_param(r, 0);
    if (!editable_kind(r, kind)) {
        return;
    }
    /* The item is read inside the write, so that the audit row's
     * "before" is what this edit replaced, not what another did. */
    int rc = db_begin(r->db);
    if (rc != DB_OK) {
        api_db_error(r, rc, "dictionary update");
        return;
    }
    struct dictionary_item before;
    rc = dictionary_store_get(r->db, r->arena, kind, req_param(r, 1),
                              &before);
    if (rc == DB_DONE) {
        db_rollback(r->db);
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "字典项", "item");
        return;
    }
    if (rc != DB_ROW) {
        db_rollback(r->db);
        api_db_error(r, rc, "dictionary get");
        return;
    }
    /* apply_body replaces members, never the strings they point to. */
    struct dictionary_item it = before;
    if (!apply_body(r, &it)) {
        db_rollback(r->db);
        return;
    }
    if (strcmp(it.label, before.label) != 0 && label_taken(r, &it)) {
        return;
    }
    rc = dictionary_store_update(r->db, &it);
    rc = api_finish_audited(r, rc, "dictionary.update", "dictionary",
                            arena_printf(r->arena, "%s/%s", it.kind,
                                         it.code),
                            audit_detail(r, &before, &it));
    if (rc != DB_OK) {
        api_db_error(r, rc, "dictionary update");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_item(&w, it.code, it.label, it.label_en, it.sort_order, it.active,
               true, it.sensitive, ages_of(&it));
    reply_json(r, 200, &sb);
}
