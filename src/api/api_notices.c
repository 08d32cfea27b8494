/* 通知公告: notices from the bureau to stations, with read receipts. */
#include <string.h>

#include "../core/region_code.h"
#include "../store/region_store.h"
#include "../store/audit_store.h"
#include "../store/notice_store.h"
#include "../util/cn_time.h"
#include "api.h"

static bool is_region_or_empty(const char *s)
{
    return region_code_valid(s);
}

static const struct schema create_fields[] = {
    {.name = "title", .label_zh = "标题", .label_en = "title",
     .type = S_STRING, .required = true, .min = 1, .max = 100},
    {.name = "body", .label_zh = "内容", .label_en = "body",
     .type = S_STRING, .required = true, .min = 1, .max = 5000,
     .multiline = true},
    {.name = "region", .label_zh = "发送范围", .label_en = "region",
     .type = S_STRING, .max = 12, .check = is_region_or_empty,
     .check_msg = MSG_BAD_REGION_CODE},
    {0},
};
const struct schema api_notice_create_schema = {.type = S_OBJECT,
                                                .fields = create_fields};

static bool notice_managed(const struct req *r, const struct notice *n);

static void write_notice(struct req *r, struct jsonw *w,
                         const struct notice *n, bool body)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", n->id);
    jsonw_kstr(w, "title", n->title);
    if (body) {
        jsonw_kstr(w, "body", n->body);
    }
    jsonw_kstr(w, "region", n->region_prefix);
    jsonw_kstr(w, "region_name", n->region_name);
    jsonw_kstr(w, "author", n->author);
    jsonw_kstr(w, "created_at", api_time(r, n->created_at));
    jsonw_kbool(w, "read", n->read);
    jsonw_kint(w, "reads", n->reads);
    jsonw_kbool(w, "withdrawn", n->withdrawn);
    /* Whether the caller may withdraw it and see who read it (with the
     * permission notice.manage): her own, or one in her range. */
    jsonw_kbool(w, "managed", notice_managed(r, n));
    jsonw_obj_close(w);
}

void api_notices_list(struct req *r)
{
    int limit;
    int64_t page;
    if (!req_paging(r, 20, &limit, &page)) {
        return;
    }
    struct notice *items;
    size_t n;
    int64_t total;
    int rc = notice_store_list(r->db, r->arena, r->who->user_id, r->scope,
                               (page - 1) * limit, limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "notice list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_notice(r, &w, &items[i], false);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}


static void reply_notice(struct req *r, int status, int64_t id)
{
    struct notice n;
    int rc = notice_store_get(r->db, r->arena, r->who->user_id, r->scope, id,
                              &n);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "通知", "notice");
        return;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "notice get");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_notice(r, &w, &n, true);
    reply_json(r, status, &sb);
}

/* Who may withdraw a notice or read its receipts: its author, or a
 * manager whose range holds all the notice reaches. Seeing a notice is
 * not enough: a county's officer sees the province's. */
static bool notice_managed(const struct req *r, const struct notice *n)
{
    return n->author_id == r->who->user_id || r->scope->all ||
           (*n->region_prefix && scope_has_region(r->scope, n->region_prefix));
}

void api_notices_create(struct req *r)
{
    const char *region = api_body_str(r, "region");
    /* A notice reaches no further than its author's own range: left
     * empty, it goes to all of that range, which is everyone only for a
     * range "all". A range of listed stations has no region to name. */
    if (!region || !*region) {
        region = r->scope->all ? "" : r->scope->region_prefix;
    }
    if (!region || (*region && !scope_has_region(r->scope, region))) {
        reply_error(r, 400, MSG_REGION_OUT_OF_RANGE, "region", "发送范围",
                    "region");
        return;
    }
    /* A well-formed code of no division reaches nobody. */
    if (*region) {
        struct region g;
        int rc = region_store_get(r->db, r->arena, region, &g);
        if (rc == DB_DONE) {
            reply_error(r, 400, MSG_REGION_NOT_FOUND, "region", "发送范围",
                        "region");
            return;
        }
        if (rc != DB_ROW) {
            api_db_error(r, rc, "notice region");
            return;
        }
    }
    struct notice n = {.title = api_body_str(r, "title"),
                       .body = api_body_str(r, "body"),
                       .region_prefix = region ? region : "",
                       .author_id = r->who->user_id,
                       .created_at = cn_now()};
    int64_t id = 0;
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = notice_store_insert(r->db, &n, &id);
    }
    rc = api_finish_audited(r, rc, "notice.create", "notice",
                            api_id_text(r, id), NULL);
    if (rc != DB_OK) {
        api_db_error(r, rc, "notice create");
        return;
    }
    reply_notice(r, 201, id);
}

void api_notices_get(struct req *r)
{
    int64_t id;
    if (!req_param_id(r, 0, "通知", "notice", &id)) {
        return;
    }
    struct notice n;
    int rc = notice_store_get(r->db, r->arena, r->who->user_id, r->scope, id,
                              &n);
    if (rc == DB_DONE || (rc == DB_ROW && n.withdrawn &&
                          n.author_id != r->who->user_id)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "通知", "notice");
        return;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "notice get");
        return;
    }
    /* Opening a notice is its read receipt. */
    if (!n.read) {
        rc = notice_store_mark_read(r->db, id, r->who->user_id, cn_now());
        if (rc != DB_OK) {
            api_db_error(r, rc, "notice read");
            return;
        }
    }
    reply_notice(r, 200, id);
}

void api_notices_reads(struct req *r)
{
    int64_t id;
    if (!req_param_id(r, 0, "通知", "notice", &id)) {
        return;
    }
    struct notice n;
    int rc = notice_store_get(r->db, r->arena, r->who->user_id, r->scope, id,
                              &n);
    if (rc == DB_ROW && !notice_managed(r, &n)) {
        server_audit_denial(r, NULL, "denied");
        reply_error(r, 403, MSG_FORBIDDEN, NULL, NULL, NULL);
        return;
    }
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "通知", "notice");
        return;
    }
    struct notice_read *rows;
    size_t count;
    if (rc != DB_ROW ||
        (rc = notice_store_reads(r->db, r->arena, id, &rows, &count)) !=
            DB_OK) {
        api_db_error(r, rc, "notice reads");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < count; i++) {
        jsonw_obj_open(&w);
        jsonw_kint(&w, "user_id", rows[i].user_id);
        jsonw_kstr(&w, "username", rows[i].username);
        jsonw_kstr(&w, "display_name", rows[i].display_name);
        jsonw_kstr(&w, "read_at", api_time(r, rows[i].read_at));
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_notices_withdraw(struct req *r)
{
    int64_t id;
    if (!req_param_id(r, 0, "通知", "notice", &id)) {
        return;
    }
    struct notice n;
    int rc = notice_store_get(r->db, r->arena, r->who->user_id, r->scope, id,
                              &n);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "通知", "notice");
        return;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "notice get");
        return;
    }
    if (!notice_managed(r, &n)) {
        server_audit_denial(r, NULL, "denied");
        reply_error(r, 403, MSG_FORBIDDEN, NULL, NULL, NULL);
        return;
    }
    if (n.withdrawn) {
        reply_notice(r, 200, id); /* already: nothing done, no audit row */
        return;
    }
    rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = notice_store_withdraw(r->db, id);
    }
    rc = api_finish_audited(r, rc, "notice.withdraw", "notice",
                            api_id_text(r, id), NULL);
    if (rc != DB_OK) {
        api_db_error(r, rc, "notice withdraw");
        return;
    }
    reply_notice(r, 200, id);
}
