#include "reply.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../util/log.h"
#include "server.h"

/* On every response: the UI runs no inline script and is never framed. */
static void add_security_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(
        resp, "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' "
        "'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
}

static void add_common_headers(struct MHD_Response *resp,
                               const char *content_type)
{
    MHD_add_response_header(resp, "Content-Type", content_type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    add_security_headers(resp);
}

void reply_static(struct req *r, const unsigned char *data, size_t len,
                  const char *content_type, const char *cache_control)
{
    if (r->replied) {
        return;
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        len, (void *)data, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Content-Type", content_type);
    MHD_add_response_header(resp, "Cache-Control", cache_control);
    add_security_headers(resp);
    r->replied = true;
    r->status = 200;
    MHD_queue_response(r->conn, 200, resp);
    MHD_destroy_response(resp);
}

/* Sends resp with the headers every reply carries, and lets it go. */
static void send_response(struct req *r, int status,
                          struct MHD_Response *resp, const char *allow,
                          const char *content_type, const char *disposition)
{
    add_common_headers(resp, content_type);
    if (disposition) {
        MHD_add_response_header(resp, "Content-Disposition", disposition);
    }
    if (allow) {
        MHD_add_response_header(resp, "Allow", allow);
    }
    if (r->replayed) {
        MHD_add_response_header(resp, "Idempotent-Replayed", "true");
    }
    if (r->set_cookie) {
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    }
    if (r->retry_after > 0 &&
        (status == 409 || status == 423 || status == 429 || status == 503)) {
        char v[24];
        snprintf(v, sizeof v, "%lld", (long long)r->retry_after);
        MHD_add_response_header(resp, "Retry-After", v);
    }
    r->replied = true;
    r->status = status;
    MHD_queue_response(r->conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
}

static void queue_typed(struct req *r, int status, struct strbuf *body,
                        const char *allow, const char *content_type,
                        const char *disposition)
{
    if (r->replied) {
        strbuf_free(body);
        return;
    }
    size_t len = body->len;
    char *bytes = strbuf_steal(body);
    if (r->keep_reply) {
        r->kept_reply = arena_strndup(r->arena, bytes, len);
        r->kept_reply_len = len;
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        len, bytes, MHD_RESPMEM_MUST_FREE);
    send_response(r, status, resp, allow, content_type, disposition);
}

static void queue(struct req *r, int status, struct strbuf *body,
                  const char *allow)
{
    queue_typed(r, status, body, allow, "application/json; charset=utf-8",
                NULL);
}

/* RFC 6266: an ASCII fallback and the UTF-8 name percent-encoded. */
static char *disposition_of(struct req *r, const char *ascii_name,
                            const char *utf8_name)
{
    struct strbuf d;
    strbuf_init(&d);
    strbuf_printf(&d, "attachment; filename=\"%s\"; filename*=UTF-8''",
                  ascii_name);
    for (const unsigned char *p = (const unsigned char *)utf8_name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
            *p == '_') {
            strbuf_printf(&d, "%c", *p);
        } else {
            strbuf_printf(&d, "%%%02X", *p);
        }
    }
    char *out = arena_strdup(r->arena, d.buf);
    strbuf_free(&d);
    return out;
}

void reply_download(struct req *r, struct strbuf *body,
                    const char *content_type, const char *ascii_name,
                    const char *utf8_name)
{
    /* A file is not kept for an Idempotency-Key's replay: replays are
     * JSON, and an export may hold personal data in full. */
    req_secret_reply(r);
    queue_typed(r, 200, body, NULL, content_type,
                disposition_of(r, ascii_name, utf8_name));
}

void reply_download_file(struct req *r, int fd, uint64_t size,
                         const char *content_type, const char *ascii_name,
                         const char *utf8_name)
{
    req_secret_reply(r);
    struct MHD_Response *resp =
        r->replied ? NULL : MHD_create_response_from_fd64(size, fd);
    if (!resp) {
        close(fd);
        if (!r->replied) {
            reply_internal(r, "cannot send a file");
        }
        return;
    }
    /* libmicrohttpd closes fd when the response has been sent. */
    send_response(r, 200, resp, NULL, content_type,
                  disposition_of(r, ascii_name, utf8_name));
}

void reply_begin(struct req *r, struct strbuf *sb, struct jsonw *w)
{
    (void)r;
    strbuf_init(sb);
    jsonw_init(w, sb);
}

void reply_json(struct req *r, int status, struct strbuf *body)
{
    queue(r, status, body, NULL);
}

void reply_json_text(struct req *r, int status, const char *json)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, json);
    queue(r, status, &sb, NULL);
}

/* A field's error also without the field's name, when the message
 * begins with it ("合法性基础：未满14周岁…"): the form shows it under the
 * field, whose label says the name already. */
static void error_reason(struct jsonw *w, enum msg_id msg, enum lang lang)
{
    const char *why = msg_reason(msg, lang);
    if (why) {
        char text[512];
        snprintf(text, sizeof text, "%s", why);
        if (lang == LANG_EN) {
            msg_sentence(text);
        }
        jsonw_kstr(w, "reason", text);
    }
}

void reply_msg(const struct req *r, enum msg_id msg, const char *label,
               char *buf, size_t len)
{
    msg_format(msg, r->lang, label, buf, len);
    if (r->lang == LANG_EN) {
        msg_sentence_of(msg, buf);
    }
}

static void error_body(struct req *r, struct strbuf *sb, enum msg_id msg,
                       const char *field, const char *label)
{
    struct jsonw w;
    jsonw_init(&w, sb);
    char text[512];
    /* A query parameter named by its raw name (from, station_id): in
     * Chinese, by its Chinese name (结束日期, 站点). */
    if (r->lang != LANG_EN && field && label && strcmp(field, label) == 0 &&
        (msg == MSG_BAD_QUERY_PARAM || msg == MSG_QUERY_CODE_UNKNOWN) &&
        msg_query_param_zh(field)) {
        label = msg_query_param_zh(field);
    }
    reply_msg(r, msg, label, text, sizeof text);
    jsonw_obj_open(&w);
    jsonw_key(&w, "error");
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "code", msg_code(msg));
    jsonw_kstr(&w, "message", text);
    if (field) {
        jsonw_kstr(&w, "field", field);
        error_reason(&w, msg, r->lang);
    }
}

void reply_error(struct req *r, int status, enum msg_id msg,
                 const char *field, const char *label_zh,
                 const char *label_en)
{
    struct strbuf sb;
    strbuf_init(&sb);
    error_body(r, &sb, msg, field, r->lang == LANG_EN ? label_en : label_zh);
    strbuf_adds(&sb, "}}");
    queue(r, status, &sb, NULL);
}

void reply_error_with(struct req *r, int status, enum msg_id msg,
                      const char *field, const char *label_zh,
                      const char *label_en, const char *key, int64_t value)
{
    struct strbuf sb;
    strbuf_init(&sb);
    error_body(r, &sb, msg, field, r->lang == LANG_EN ? label_en : label_zh);
    strbuf_printf(&sb, ",\"%s\":%lld}}", key, (long long)value);
    queue(r, status, &sb, NULL);
}

void reply_method_not_allowed(struct req *r, const char *allow)
{
    struct strbuf sb;
    strbuf_init(&sb);
    error_body(r, &sb, MSG_METHOD_NOT_ALLOWED, NULL, NULL);
    strbuf_adds(&sb, "}}");
    queue(r, 405, &sb, allow);
}

void reply_schema_errors(struct req *r, const struct schema_errors *errs)
{
    const struct schema_error *first = &errs->e[0];
    struct strbuf sb;
    strbuf_init(&sb);
    struct jsonw w;
    jsonw_init(&w, &sb);
    char text[512];
    schema_error_text(first, r->lang, text, sizeof text);
    if (r->lang == LANG_EN) {
        msg_sentence_of(first->msg, text);
    }
    jsonw_obj_open(&w);
    jsonw_key(&w, "error");
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "code", msg_code(first->msg));
    jsonw_kstr(&w, "message", text);
    jsonw_kstr(&w, "field", first->path);
    error_reason(&w, first->msg, r->lang);
    jsonw_key(&w, "details");
    jsonw_arr_open(&w);
    for (int i = 0; i < errs->count; i++) {
        const struct schema_error *e = &errs->e[i];
        schema_error_text(e, r->lang, text, sizeof text);
        if (r->lang == LANG_EN) {
            msg_sentence_of(e->msg, text);
        }
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "code", msg_code(e->msg));
        jsonw_kstr(&w, "field", e->path);
        jsonw_kstr(&w, "message", text);
        error_reason(&w, e->msg, r->lang);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    jsonw_obj_close(&w);
    queue(r, 400, &sb, NULL);
}

void reply_internal(struct req *r, const char *what)
{
    log_error("%s %s: %s", r->method, r->path, what ? what : "no reply");
    reply_error(r, 500, MSG_INTERNAL, NULL, NULL, NULL);
}
