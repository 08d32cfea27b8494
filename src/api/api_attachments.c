/* /api/v1/attachments: photos and documents of service records, cases
 * and groups. Uploaded as the request body (POST …?owner_kind=service&
 * owner_id=…&name=…); read back only through these routes, by a random
 * token, after the owner's range is checked. */
#include <string.h>

#include "../core/attachment_service.h"
#include "../store/contract_store.h"
#include "../store/file_store.h"
#include "../util/parse.h"
#include "api.h"

static void limits(struct req *r, struct attachment_limits *lim)
{
    char *dir = arena_alloc(r->arena, 1100);
    config_files_dir(r->srv->cfg, dir, 1100);
    struct settings set = server_settings(r->srv);
    lim->files_dir = dir;
    lim->max_bytes = set.attachment_max_mb << 20;
    lim->edit_days = set.service_edit_days;
}

static void write_attachment(struct req *r, struct jsonw *w,
                             const struct attachment *a)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "token", a->token);
    jsonw_kstr(w, "name", a->name);
    jsonw_kstr(w, "mime", a->mime);
    jsonw_kint(w, "size", a->size);
    jsonw_kstr(w, "owner_kind", a->owner_kind);
    jsonw_kint(w, "owner_id", a->owner_id);
    jsonw_kstr(w, "url", arena_printf(r->arena, "/api/v1/attachments/%s",
                                      a->token));
    jsonw_key(w, "thumbnail_url");
    if (a->thumb_sha256) {
        jsonw_str(w, arena_printf(r->arena,
                                  "/api/v1/attachments/%s/thumbnail",
                                  a->token));
    } else {
        jsonw_null(w);
    }
    jsonw_kint(w, "created_by", a->created_by);
    jsonw_kbool(w, "mine", r->who && a->created_by == r->who->user_id);
    jsonw_kstr(w, "created_at", api_time(r, a->created_at));
    jsonw_obj_close(w);
}

/* owner_kind and owner_id of the query. */
static bool owner_of(struct req *r, const char **kind, int64_t *id)
{
    /* Vouchers and contract documents have their own routes, under the
     * money and contract permissions. */
    static const char *const kinds[] = {"", "service", "case", "group",
                                        NULL};
    int k;
    if (!req_query_choice(r, "owner_kind", kinds, &k)) {
        return false;
    }
    const char *v = req_query(r, "owner_id");
    if (!k || !v || !parse_int64(v, 1, INT64_MAX / 2, id)) {
        const char *f = !k ? "owner_kind" : "owner_id";
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, f, f, f);
        return false;
    }
    *kind = kinds[k];
    return true;
}

static void create_for(struct req *r, const char *kind, int64_t owner)
{
    struct attachment_limits lim;
    limits(r, &lim);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    struct attachment a;
    if (attachment_service_add(&x, &lim, kind, owner, req_query(r, "name"),
                               (const unsigned char *)r->body.buf,
                               r->body.len, &a, &fail) != 0) {
        api_reply_fail(r, &fail, "attachment");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_attachment(r, &w, &a);
    reply_json(r, 201, &sb);
}

void api_attachments_create(struct req *r)
{
    const char *kind;
    int64_t owner;
    if (owner_of(r, &kind, &owner)) {
        create_for(r, kind, owner);
    }
}

/* The evaluator reads with personal data masked (DESIGN.md §1): the
 * files of service records, cases and groups (ID scans, photos of
 * people, signed forms) would undo the mask, so they are withheld from
 * her. Reports, contracts and vouchers are the organisation's. */
static bool withheld(const struct req *r, const char *kind)
{
    return r->who && r->who->names_masked &&
           (strcmp(kind, "service") == 0 || strcmp(kind, "case") == 0 ||
            strcmp(kind, "group") == 0);
}

static void list_for(struct req *r, const char *kind, int64_t owner)
{
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    struct attachment *items;
    size_t n;
    if (attachment_service_list(&x, kind, owner, &items, &n, &fail) != 0) {
        api_reply_fail(r, &fail, "attachment");
        return;
    }
    bool masked = withheld(r, kind);
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; !masked && i < n; i++) {
        write_attachment(r, &w, &items[i]);
    }
    jsonw_arr_close(&w);
    if (masked) {
        jsonw_kbool(&w, "masked", true);
    }
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_attachments_list(struct req *r)
{
    const char *kind;
    int64_t owner;
    if (owner_of(r, &kind, &owner)) {
        list_for(r, kind, owner);
    }
}

/* A contract's documents (the signed text, 协议文本): attachments whose
 * owner is the contract, under the contract's own permissions. */
void api_contracts_documents_create(struct req *r)
{
    /* Written by those who may change the contract, not all who read it
     * (a township officer sees her county's contract). */
    struct contract c;
    if (api_contract_load_writable(r, &c)) {
        create_for(r, "contract", c.id);
    }
}

void api_contracts_documents_list(struct req *r)
{
    int64_t id;
    if (req_param_id(r, 0, "服务协议", "contract", &id)) {
        list_for(r, "contract", id);
    }
}

/* Opens the attachment of the token in the path, for reading (or for
 * removing, when write): its owner in the caller's range and the owner
 * kind's own permission held, else a reply of 404 and false. */
static bool open_token(struct req *r, const char *token, bool write,
                       struct attachment *a)
{
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (strlen(token) > 40 ||
        attachment_service_open(&x, token, a, &fail) != 0) {
        if (strlen(token) > 40) {
            reply_error(r, 404, MSG_NOT_FOUND, NULL, "附件", "attachment");
        } else {
            api_reply_fail(r, &fail, "attachment");
        }
        return false;
    }
    const char *need = NULL;
    if (strcmp(a->owner_kind, "expenditure") == 0) {
        need = write ? "expenditure.write" : "money.read";
    } else if (strcmp(a->owner_kind, "contract") == 0) {
        need = write ? "contract.manage" : "contract.read";
    } else if (strcmp(a->owner_kind, "report") == 0) {
        need = write ? "report.write" : "report.read";
    }
    if ((need && !api_can(r, need)) || withheld(r, a->owner_kind)) {
        /* A token is no way around the owner's permission. */
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "附件", "attachment");
        return false;
    }
    return true;
}

/* Sends a stored file: the attachment itself or its thumbnail. */
static void send(struct req *r, bool thumbnail)
{
    struct attachment a;
    if (!open_token(r, req_param(r, 0), false, &a)) {
        return;
    }
    if (thumbnail && !a.thumb_sha256) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "缩略图", "thumbnail");
        return;
    }
    struct attachment_limits lim;
    limits(r, &lim);
    struct strbuf sb;
    strbuf_init(&sb);
    if (file_store_get(lim.files_dir, thumbnail ? a.thumb_sha256 : a.sha256,
                       &sb) != 0) {
        strbuf_free(&sb);
        reply_internal(r, "attachment file missing from the file store");
        return;
    }
    const char *dot = strrchr(a.name, '.');
    const char *ascii = arena_printf(r->arena, "attachment%s",
                                     thumbnail ? ".jpg" : (dot ? dot : ""));
    for (char *p = (char *)ascii; *p; p++) {
        if ((unsigned char)*p >= 0x80 || *p == '"' || *p == '\\') {
            *p = '_';
        }
    }
    reply_download(r, &sb, thumbnail ? "image/jpeg" : a.mime, ascii,
                   thumbnail ? "thumbnail.jpg" : a.name);
}

void api_attachments_get(struct req *r)
{
    send(r, false);
}

void api_attachments_thumbnail(struct req *r)
{
    send(r, true);
}

/* Removes the attachment of token; owner_kind and owner_id, when given,
 * must be its owner (a path under the owner), else 404; then the owner's
 * own rule, when given, may refuse it. */
static void remove_token(struct req *r, const char *token,
                         const char *owner_kind, int64_t owner_id,
                         bool (*writable)(struct req *))
{
    struct attachment a;
    if (!open_token(r, token, true, &a)) {
        return;
    }
    if (owner_kind && (strcmp(a.owner_kind, owner_kind) != 0 ||
                       a.owner_id != owner_id)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "附件", "attachment");
        return;
    }
    if (writable && !writable(r)) {
        return;
    }
    struct attachment_limits lim;
    limits(r, &lim);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (attachment_service_remove(&x, &lim, token, &fail) != 0) {
        api_reply_fail(r, &fail, "attachment");
        return;
    }
    api_reply_ok(r);
}

void api_attachments_delete(struct req *r)
{
    remove_token(r, req_param(r, 0), NULL, 0, NULL);
}

/* A report's attachments (附件: photos of activities, documents), under
 * the report permissions; added and removed only while it is a draft or
 * returned. */
void api_reports_attachments_create(struct req *r)
{
    int64_t id;
    if (req_param_id(r, 0, "报告", "report", &id) && api_report_writable(r)) {
        create_for(r, "report", id);
    }
}

void api_reports_attachments_list(struct req *r)
{
    int64_t id;
    if (req_param_id(r, 0, "报告", "report", &id)) {
        list_for(r, "report", id);
    }
}

/* Under the report permissions, so that whoever writes the report (a
 * bureau's quarterly report too) removes what she attached. */
void api_reports_attachments_delete(struct req *r)
{
    int64_t id;
    if (req_param_id(r, 0, "报告", "report", &id)) {
        remove_token(r, req_param(r, 1), "report", id, api_report_writable);
    }
}

/* POST /expenditures/{id}/vouchers: an expenditure's 原始凭证, under the
 * money permissions rather than the service ones. */
void api_expenditures_voucher_add(struct req *r)
{
    int64_t id;
    if (req_param_id(r, 0, "支出", "expenditure", &id) &&
        api_expenditure_writable(r)) {
        create_for(r, "expenditure", id);
    }
}

/* GET /expenditures/{id}/vouchers: under money.read. */
void api_expenditures_vouchers_list(struct req *r)
{
    int64_t id;
    if (req_param_id(r, 0, "支出", "expenditure", &id)) {
        list_for(r, "expenditure", id);
    }
}

/* A voucher or a contract's document, removed under the owner's own
 * permission (the route's): the bureau and the organisation write no
 * service records, so DELETE /attachments/{token} is not theirs. */
void api_expenditures_voucher_delete(struct req *r)
{
    int64_t id;
    if (req_param_id(r, 0, "支出", "expenditure", &id)) {
        remove_token(r, req_param(r, 1), "expenditure", id,
                     api_expenditure_writable);
    }
}

static bool contract_writable(struct req *r)
{
    struct contract c;
    return api_contract_load_writable(r, &c);
}

void api_contracts_documents_delete(struct req *r)
{
    int64_t id;
    if (req_param_id(r, 0, "服务协议", "contract", &id)) {
        remove_token(r, req_param(r, 1), "contract", id, contract_writable);
    }
}
