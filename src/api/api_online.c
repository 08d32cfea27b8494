/* Sessions: my own (list, end one) and 在线用户 for the security
 * administrator (list, force logout). A session is named by the first 16
 * hex characters of its token's hash: enough to tell them apart, useless
 * for logging in. */
#include <string.h>

#include "../http/auth.h"
#include "../store/audit_store.h"
#include "../store/session_store.h"
#include "../util/cn_time.h"
#include "api.h"

/* A page of the sessions of user_id (0: everyone's), of the users whose
 * username or name begins with ?q=. */
static void list(struct req *r, int64_t user_id)
{
    int limit;
    int64_t page;
    if (!req_paging(r, 50, &limit, &page)) {
        return;
    }
    const char *q = req_query(r, "q");
    if (q && strlen(q) > 64) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "q", "q", "q");
        return;
    }
    struct session *items;
    size_t n;
    int64_t total;
    struct settings set = server_settings(r->srv);
    int rc = session_store_list(r->db, r->arena, user_id, q, cn_now(),
                                set.idle_minutes * 60, limit,
                                (page - 1) * limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "session list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_key(&w, "id");
        jsonw_strn(&w, items[i].token_hash, 16);
        jsonw_kint(&w, "user_id", items[i].user_id);
        jsonw_kstr(&w, "username", items[i].username);
        jsonw_kstr(&w, "address", items[i].address);
        jsonw_kstr(&w, "user_agent", items[i].user_agent);
        jsonw_kstr(&w, "created_at", api_time(r, items[i].created_at));
        jsonw_kstr(&w, "last_seen_at", api_time(r, items[i].last_seen_at));
        jsonw_kbool(&w, "current",
                    strcmp(items[i].token_hash, r->who->token_hash) == 0);
        jsonw_obj_close(&w);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}

static void end(struct req *r, int64_t user_id, const char *action)
{
    const char *id = req_param(r, 0);
    if (!id || strlen(id) != 16 || strspn(id, "0123456789abcdef") != 16) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "会话", "session");
        return;
    }
    int64_t deleted = 0;
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = session_store_delete_id(r->db, id, user_id, &deleted);
    }
    struct audit_entry e = {.actor = r->actor,
                            .address = r->address,
                            .action = action,
                            .entity = "session",
                            .entity_id = id};
    if (rc == DB_OK && deleted) {
        rc = audit_append(r->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    }
    if (rc != DB_OK) {
        db_rollback(r->db);
        api_db_error(r, rc, "session end");
        return;
    }
    if (!deleted) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "会话", "session");
        return;
    }
    server_identity_changed(r->srv);
    if (strncmp(id, r->who->token_hash, 16) == 0) {
        r->set_cookie = auth_cookie(r, "", 0);
    }
    api_reply_ok(r);
}

void api_my_sessions_list(struct req *r)
{
    list(r, r->who->user_id);
}

void api_my_sessions_end(struct req *r)
{
    end(r, r->who->user_id, "session.revoke");
}

void api_online_list(struct req *r)
{
    list(r, 0);
}

void api_online_end(struct req *r)
{
    end(r, 0, "session.force_logout");
}
