/* GET /api/v1/audit: 操作日志 and 登录日志, two views of the one audit
 * log, for the auditor only. There is no route that changes or deletes a
 * row. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/audit_detail.h"
#include "../core/audit_labels.h"
#include "../core/lookup_memo.h"
#include "../store/audit_store.h"
#include "../store/client_store.h"
#include "../store/dictionary_store.h"
#include "../store/user_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "../util/sheet.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "api.h"
#include "api_export.h"

/* Midnight Beijing time of a YYYY-MM-DD date, as Unix seconds. */
static bool date_start(const char *s, int64_t *out)
{
    int y, m, d;
    if (!parse_date(s, &y, &m, &d)) {
        return false;
    }
    *out = cn_days_from_civil(y, m, d) * 86400 - CN_UTC_OFFSET;
    return true;
}

static bool text_param(struct req *r, const char *name, const char **out)
{
    const char *v = req_query(r, name);
    if (v && strlen(v) > 200) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, name, name, name);
        return false;
    }
    *out = v && *v ? v : NULL;
    return true;
}

/* The list's filters from the query: kind, actor, action, entity and its
 * id, result, from and to (YYYY-MM-DD, the whole of the last day). */
static bool read_filter(struct req *r, struct audit_filter *f)
{
    memset(f, 0, sizeof *f);
    const char *kind = req_query(r, "kind");
    if (kind && *kind) {
        if (strcmp(kind, "operation") == 0) {
            f->kind = 1;
        } else if (strcmp(kind, "login") == 0) {
            f->kind = 2;
        } else {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "kind", "kind", "kind");
            return false;
        }
    }
    if (!text_param(r, "actor", &f->actor) ||
        !text_param(r, "action", &f->action) ||
        !text_param(r, "entity", &f->entity) ||
        !text_param(r, "entity_id", &f->entity_id) ||
        !text_param(r, "result", &f->result)) {
        return false;
    }
    /* A result the log never writes finds nothing, and says nothing of
     * the mistake: refused, as an unknown kind is. */
    bool known = !f->result;
    for (size_t i = 0; !known && audit_results[i].code; i++) {
        known = strcmp(audit_results[i].code, f->result) == 0;
    }
    if (!known) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "result", "result", "result");
        return false;
    }
    const char *from = req_query(r, "from");
    const char *to = req_query(r, "to");
    if (from && *from && !date_start(from, &f->from)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "from", "from", "from");
        return false;
    }
    if (to && *to) {
        if (!date_start(to, &f->to)) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "to", "to", "to");
            return false;
        }
        f->to += 86400; /* the whole of the last day */
    }
    if (f->from && f->to && f->from >= f->to) {
        reply_error(r, 400, MSG_DATE_ORDER, "to", "结束日期", "to");
        return false;
    }
    /* A client's rows are her record's and those of the records merged
     * into her (the merge's row is the merged record's), as her history
     * (GET /clients/{id}/history) reads them. */
    int64_t client;
    if (f->entity && strcmp(f->entity, "client") == 0 && f->entity_id &&
        parse_int64(f->entity_id, 1, INT64_MAX, &client)) {
        int64_t ids[AUDIT_HISTORY_IDS];
        size_t n;
        int rc = client_store_merged_ids(r->db, client, ids,
                                         AUDIT_HISTORY_IDS, &n);
        if (rc != DB_OK) {
            api_db_error(r, rc, "audit filter");
            return false;
        }
        for (size_t i = 0; i < n; i++) {
            f->entity_ids[i] = api_id_text(r, ids[i]);
        }
        f->n_entity_ids = n;
    }
    return true;
}

/* A name the log keeps as a number or a login: a user's display name
 * (entity NULL; by id, or by user name when id is 0) or a station's, a
 * worker's … (audit_object_name_now), asked once a page or an export;
 * "" when there is none. */
static int memo_name_of(struct req *r, struct lookup_memo *memo,
                        const char *entity, int64_t id,
                        const char *username, const char **out)
{
    const char *key =
        entity ? arena_printf(r->arena, "%s:%lld", entity, (long long)id)
        : id   ? arena_printf(r->arena, "id:%lld", (long long)id)
               : arena_printf(r->arena, "u:%s", username);
    const struct memo_entry *e = lookup_memo_get(memo, key);
    if (!e) {
        const char *name = NULL;
        int rc = entity ? audit_object_name_now(r->db, r->arena, entity, id,
                                                &name)
                        : user_store_display_name(r->db, r->arena, id,
                                                  username, &name);
        if (rc < 0) {
            return rc;
        }
        lookup_memo_put(memo, key, rc, name, NULL);
        e = lookup_memo_get(memo, key);
    }
    *out = e->a ? arena_strdup(r->arena, e->a) : ""; /* the memo dies first */
    return DB_OK;
}

static int memo_name(struct req *r, struct lookup_memo *memo, int64_t id,
                     const char *username, const char **out)
{
    return memo_name_of(r, memo, NULL, id, username, out);
}

/* A client.update row's detail: a rename is noted in renames[i] as
 * "<row id>\x1f<name before>\x1e". */
static void note_rename(void *ctx, size_t i, int64_t row_id,
                        const char *detail)
{
    struct strbuf *renames = ctx;
    json_t *d = json_loads(detail, 0, NULL);
    const char *was =
        json_string_value(json_object_get(json_object_get(d, "before"), "name"));
    const char *is =
        json_string_value(json_object_get(json_object_get(d, "after"), "name"));
    if (was && is && strcmp(was, is) != 0) {
        strbuf_printf(&renames[i], "%lld\x1f%s\x1e", (long long)row_id, was);
    }
    json_decref(d);
}

static const char *client_key(struct req *r, int64_t id)
{
    return arena_printf(r->arena, "c:%lld", (long long)id);
}

/* The clients rows[0..n) are about, not yet in memo, read at once (a
 * statement per STORE_IN_MAX of them, not two per client: an export
 * names thousands) and kept under "c:<id>": a, her name now (NULL: no
 * such client); b, each rename the log records of her, oldest first
 * (NULL: none). */
static int memo_clients(struct req *r, struct lookup_memo *memo,
                        const struct audit_row *rows, size_t n)
{
    int64_t *ids = arena_alloc(r->arena, (n ? n : 1) * sizeof *ids);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t id;
        if (strcmp(rows[i].entity, "client") != 0 ||
            !parse_int64(rows[i].entity_id, 1, INT64_MAX, &id) ||
            lookup_memo_get(memo, client_key(r, id))) {
            continue;
        }
        size_t j = 0;
        while (j < k && ids[j] != id) {
            j++;
        }
        if (j == k) {
            ids[k++] = id;
        }
    }
    if (k == 0) {
        return DB_OK;
    }
    const char **names = arena_alloc(r->arena, k * sizeof *names);
    struct strbuf *renames = xcalloc(k, sizeof *renames);
    for (size_t i = 0; i < k; i++) {
        strbuf_init(&renames[i]);
    }
    int rc = audit_client_names(r->db, r->arena, ids, k, names);
    if (rc == DB_OK) {
        rc = audit_client_updates(r->db, ids, k, note_rename, renames);
    }
    for (size_t i = 0; i < k; i++) {
        if (rc == DB_OK) {
            lookup_memo_put(memo, client_key(r, ids[i]),
                            names[i] ? DB_ROW : DB_DONE, names[i],
                            renames[i].len ? renames[i].buf : NULL);
        }
        strbuf_free(&renames[i]);
    }
    free(renames);
    return rc;
}

/* A client as a row names her: by the name she had when it was written
 * (the one the first later rename replaced), and by her name now too
 * when it is another ("张晓雨，现名张小雨"); "" when neither is known.
 * Read from the log and the register rather than kept in the row: the
 * chained rows stay as they were written, those written before this
 * version are named too, and no writer of a client's row (the service,
 * a case's move, an export) need carry her name. */
static int client_row_name(struct req *r, struct lookup_memo *memo,
                           struct audit_row *row)
{
    int64_t id;
    if (!parse_int64(row->entity_id, 1, INT64_MAX, &id)) {
        return DB_OK;
    }
    const struct memo_entry *e = lookup_memo_get(memo, client_key(r, id));
    if (!e) { /* memo_clients read every client of the rows */
        return DB_OK;
    }
    const char *then = e->a;
    for (const char *p = e->b; p && *p;) {
        char *end;
        long long at = strtoll(p, &end, 10);
        const char *name = end + 1; /* after the \x1f */
        const char *stop = strchr(name, '\x1e');
        if (at > row->id) {
            then = arena_strndup(r->arena, name, (size_t)(stop - name));
            break;
        }
        p = stop + 1;
    }
    bool en = r->lang == LANG_EN;
    if (then && e->a && strcmp(then, e->a) != 0) {
        row->entity_name = arena_printf(r->arena, en ? "%s, now %s"
                                                     : "%s，现名%s",
                                        then, e->a);
    } else {
        /* The memo dies first. */
        row->entity_name = then ? arena_strdup(r->arena, then) : "";
    }
    return DB_OK;
}

/* The names an auditor reads a row by, where the log keeps logins, ids
 * and codes: the actor's (a token's actor is "name(token N)",
 * http/auth.c) and, for a row about a user or a client, hers; a
 * setting's or a dictionary item's by its name. */
static int name_rows(struct req *r, struct lookup_memo *memo,
                     const struct audit_names *names,
                     struct audit_row *rows, size_t n)
{
    int rc = memo_clients(r, memo, rows, n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        struct audit_row *a = &rows[i];
        const char *token = strstr(a->actor, "(token ");
        const char *user =
            token ? arena_strndup(r->arena, a->actor,
                                  (size_t)(token - a->actor))
                  : a->actor;
        rc = memo_name(r, memo, 0, user, &a->actor_name);
        int64_t id;
        if (rc == DB_OK && strcmp(a->entity, "user") == 0 &&
            parse_int64(a->entity_id, 1, INT64_MAX, &id)) {
            rc = memo_name(r, memo, id, NULL, &a->entity_name);
        } else if (rc == DB_OK && strcmp(a->entity, "client") == 0) {
            rc = client_row_name(r, memo, a);
        } else if (rc == DB_OK) {
            const char *o = audit_object_name(r->arena, names, a->entity,
                                              a->entity_id,
                                              r->lang == LANG_EN);
            a->entity_name = o ? o : "";
            if (!o && parse_int64(a->entity_id, 1, INT64_MAX, &id)) {
                rc = memo_name_of(r, memo, a->entity, id, NULL,
                                  &a->entity_name);
            }
        }
    }
    return rc;
}

void api_audit_list(struct req *r)
{
    struct audit_filter f;
    if (!read_filter(r, &f)) {
        return;
    }
    int64_t page;
    if (!req_paging(r, 50, &f.limit, &page)) {
        return;
    }
    f.offset = (page - 1) * f.limit;
    struct audit_row *rows;
    size_t n;
    int64_t total;
    int rc = audit_list(r->db, r->arena, &f, &rows, &n, &total);
    /* The lists a deployment keeps, for the details' codes: read once for
     * the page, as the export reads them once for the file. */
    struct audit_names names = {.profile = r->srv->profile};
    struct dictionary_item *kept = NULL;
    if (rc == DB_OK) {
        rc = dictionary_store_list(r->db, r->arena, NULL, &kept,
                                   &names.n_items);
        names.items = kept;
    }
    if (rc == DB_OK) {
        struct lookup_memo *memo = lookup_memo_new();
        rc = name_rows(r, memo, &names, rows, n);
        lookup_memo_free(memo);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "audit list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_kint(&w, "id", rows[i].id);
        jsonw_kstr(&w, "at", api_time(r, rows[i].at));
        jsonw_kstr(&w, "actor", rows[i].actor);
        jsonw_kstr(&w, "actor_name", rows[i].actor_name);
        jsonw_kstr(&w, "address", rows[i].address);
        jsonw_kstr(&w, "action", rows[i].action);
        /* The server's name for it: the page's own table does not know
         * every permission a refusal is logged under. */
        jsonw_kstr(&w, "action_label",
                   audit_row_action_label(r->arena, rows[i].action,
                                          rows[i].entity,
                                          r->lang == LANG_EN));
        jsonw_kstr(&w, "entity", rows[i].entity);
        jsonw_kstr(&w, "entity_id", rows[i].entity_id);
        jsonw_kstr(&w, "entity_name", rows[i].entity_name);
        jsonw_kstr(&w, "result", rows[i].result);
        jsonw_kstr(&w, "detail", rows[i].detail);
        /* The detail read for people, as the .xlsx reads it. */
        jsonw_key(&w, "detail_lines");
        audit_detail_lines(&w, &names, rows[i].entity, rows[i].entity_id,
                           rows[i].detail, r->lang == LANG_EN);
        jsonw_obj_close(&w);
    }
    api_list_end(r, &sb, &w, total, page, f.limit);
}

/* Beijing time as a person writes it, 2026-12-03 19:59:28: the ISO
 * form's "T" and offset are for programs. */
static const char *sheet_time(struct req *r, int64_t t)
{
    char *buf = arena_alloc(r->arena, 32);
    cn_iso8601(t, buf);
    buf[10] = ' ';
    buf[19] = 0;
    return buf;
}

/* The row's own number last: what `sgz audit verify` names when the
 * chain breaks, for the inspector to find it in the file. */
enum { A_AT, A_ACTOR, A_ADDRESS, A_ACTION, A_ENTITY, A_ENTITY_ID, A_RESULT,
       A_DETAIL, A_ROW, A_COUNT };

/* The period asked for in words ("2026-06-01至2026-06-30", "2026-06-01起");
 * NULL when open at both ends. */
static const char *period_text(struct req *r)
{
    const char *from = req_query(r, "from");
    const char *to = req_query(r, "to");
    bool en = r->lang == LANG_EN;
    from = from && *from ? from : NULL;
    to = to && *to ? to : NULL;
    if (from && to) {
        return arena_printf(r->arena, en ? "%s – %s" : "%s至%s", from, to);
    }
    if (from) {
        return arena_printf(r->arena, en ? "from %s" : "%s起", from);
    }
    if (to) {
        return arena_printf(r->arena, en ? "to %s" : "至%s", to);
    }
    return NULL;
}

/* The filter in words, for the line under the title: the file given to
 * an inspector says whose actions, which, and when. */
static const char *filter_text(struct req *r, const struct audit_filter *f)
{
    bool en = r->lang == LANG_EN;
    struct export_filter x;
    api_export_filter_init(&x, r);
    api_export_filter_add(&x, "类别", "Kind",
                          f->kind == 1   ? (en ? "operations" : "操作日志")
                          : f->kind == 2 ? (en ? "logins" : "登录日志")
                                         : NULL);
    api_export_filter_add(&x, "操作人", "Actor", f->actor);
    api_export_filter_add(&x, "操作", "Action",
                          f->action ? audit_action_label(f->action, en)
                                    : NULL);
    api_export_filter_add(
        &x, "对象类型", "Entity",
        f->entity ? audit_label(audit_entities, f->entity, en) : NULL);
    const char *id = f->entity_id;
    /* The records merged into the client asked for, whose rows the file
     * holds too. */
    for (size_t i = 1; i < f->n_entity_ids; i++) {
        id = arena_printf(r->arena,
                          i > 1 ? (en ? "%s, %s" : "%s、%s")
                                : (en ? "%s (and %s merged into it"
                                      : "%s（含并入的 %s"),
                          id, f->entity_ids[i]);
    }
    if (f->n_entity_ids > 1) {
        id = arena_printf(r->arena, "%s%s", id, en ? ")" : "）");
    }
    api_export_filter_add(&x, "对象编号", "Entity id", id);
    api_export_filter_add(&x, "结果", "Result",
                          f->result ? audit_label(audit_results, f->result, en)
                                    : NULL);
    api_export_filter_add(&x, "期间", "Period", period_text(r));
    return api_export_filter_end(&x);
}

/* GET /api/v1/audit.xlsx: the rows the list's filters select, for an
 * inspection (等保 asks for the log as a file); at most
 * audit.export_max_rows, up to the newest row at the start, newest
 * first. The export is itself a row of the log. */
void api_audit_export(struct req *r)
{
    bool eng = r->lang == LANG_EN;
    struct audit_filter f;
    if (!read_filter(r, &f)) {
        return;
    }
    size_t max_rows = (size_t)server_settings(r->srv).audit_export_max_rows;
    bool opened = db_read_begin(r->db);
    struct audit_row *rows;
    size_t n;
    int64_t total = 0, newest = 0;
    /* The rows up to the newest at the start: on PostgreSQL each
     * statement reads afresh, and rows logged meanwhile would push the
     * oldest out of the count's file. */
    int rc = db_query_int(r->db, "SELECT COALESCE(MAX(id), 0) FROM audit_log",
                          &newest);
    rc = rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    f.before_id = newest + 1;
    f.limit = 1;
    if (rc == DB_OK) {
        rc = audit_list(r->db, r->arena, &f, &rows, &n, &total);
    }
    const char **cells = NULL;
    size_t nrows = 0;
    /* The codes of the lists a deployment keeps (client categories,
     * service areas) by their names, as the page shows them: read once
     * for the whole file. */
    struct audit_names names = {.profile = r->srv->profile};
    struct dictionary_item *kept = NULL;
    if (rc == DB_OK && (size_t)total <= max_rows) {
        rc = dictionary_store_list(r->db, r->arena, NULL, &kept,
                                   &names.n_items);
        names.items = kept;
    }
    if (rc == DB_OK && (size_t)total <= max_rows) {
        cells = arena_alloc(r->arena,
                            sizeof *cells * A_COUNT * ((size_t)total + 1));
        f.limit = 1000;
        struct lookup_memo *memo = lookup_memo_new();
        /* Page by the last id read: the same rows as the count, none
         * twice, and no OFFSET walking the log again for every page. */
        while (rc == DB_OK && nrows < (size_t)total) {
            rc = audit_page(r->db, r->arena, &f, &rows, &n);
            if (rc == DB_OK) {
                rc = name_rows(r, memo, &names, rows, n);
            }
            for (size_t i = 0; rc == DB_OK && i < n && nrows < (size_t)total;
                 i++, nrows++) {
                const struct audit_row *a = &rows[i];
                const char **c = cells + nrows * A_COUNT;
                /* For an inspector, not a program: words, not codes. */
                c[A_AT] = sheet_time(r, a->at);
                c[A_ACTOR] = *a->actor_name &&
                                     strcmp(a->actor_name, a->actor) != 0
                                 ? arena_printf(r->arena, "%s（%s）",
                                                a->actor_name, a->actor)
                                 : a->actor;
                c[A_ADDRESS] = a->address;
                c[A_ACTION] = audit_row_action_label(r->arena, a->action,
                                                     a->entity, eng);
                c[A_ENTITY] = audit_label(audit_entities, a->entity, eng);
                c[A_ENTITY_ID] = *a->entity_name
                                     ? arena_printf(r->arena, "%s（%s）",
                                                    a->entity_id,
                                                    a->entity_name)
                                     : a->entity_id;
                c[A_RESULT] = audit_label(audit_results, a->result, eng);
                c[A_DETAIL] = audit_detail_text(r->arena, &names, a->entity,
                                                a->entity_id, a->detail,
                                                eng);
                c[A_ROW] = arena_printf(r->arena, "%lld", (long long)a->id);
            }
            if (rc != DB_OK || n < (size_t)f.limit) {
                break;
            }
            f.before_id = rows[n - 1].id;
        }
        lookup_memo_free(memo);
    }
    db_read_end(r->db, opened);
    if (rc != DB_OK) {
        api_db_error(r, rc, "audit export");
        return;
    }
    if ((size_t)total > max_rows) {
        api_export_too_many(r, max_rows);
        return;
    }
    static const char *const zh[A_COUNT] = {"时间", "操作人", "地址", "操作",
                                            "对象类型", "对象编号", "结果",
                                            "详情", "日志编号"};
    static const char *const en[A_COUNT] = {"At", "Actor", "Address",
                                            "Action", "Entity", "Entity id",
                                            "Result", "Detail", "Row"};
    static const double widths[A_COUNT] = {22, 14, 16, 20, 12, 12, 8, 60, 10};
    static const bool numeric[A_COUNT] = {[A_ROW] = true};
    const char *filter = filter_text(r, &f);
    struct sheet s = {
        .title = eng ? "Audit log" : "审计日志",
        .subtitle = filter,
        .ncols = A_COUNT,
        .nrows = nrows,
        .header = eng ? en : zh,
        .cells = cells,
        .widths = widths,
        .numeric = numeric,
    };
    /* Which rows left, as the registers' exports say whose: the filter's
     * line, as the file's title states it. */
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kstr(&d.w, "format", "xlsx");
    jsonw_kint(&d.w, "rows", (int64_t)nrows);
    if (filter) {
        jsonw_kstr(&d.w, "filter", filter);
    }
    api_export_send_sheet(r, &s, "audit.export", "audit",
                          jsonw_doc_close(&d, r->arena), "audit export",
                          "audit-log.xlsx", "审计日志.xlsx");
}
