/* Every response leaves through here, with the error model of DESIGN.md
 * §4: {"error":{"code","message","field"}} in the request's language. */
#ifndef SGZ_REPLY_H
#define SGZ_REPLY_H
#include "../core/msg.h"
#include "../core/schema.h"
#include "../util/jsonw.h"
#include "request.h"

/* Queues body (JSON text) with status; takes the strbuf's bytes. */
void reply_json(struct req *r, int status, struct strbuf *body);
/* Queues JSON text kept from an earlier reply (a replay). */
void reply_json_text(struct req *r, int status, const char *json);
/* A message for a member of a reply (a warning's, a refusal's text in a
 * 200): msg_format's text in the request's language, in English made a
 * sentence as an error's message is (msg_sentence). */
void reply_msg(const struct req *r, enum msg_id msg, const char *label,
               char *buf, size_t len);
/* An error whose message template takes label (NULL: no label). field is
 * the JSON path of the member at fault, NULL when none. */
void reply_error(struct req *r, int status, enum msg_id msg,
                 const char *field, const char *label_zh,
                 const char *label_en);
/* The same with one more integer member in "error", such as the id of
 * the record a duplicate collides with; key is a literal. */
void reply_error_with(struct req *r, int status, enum msg_id msg,
                      const char *field, const char *label_zh,
                      const char *label_en, const char *key, int64_t value);
/* 400 with every schema error listed in "details", the first also as
 * the error's field and message. */
void reply_schema_errors(struct req *r, const struct schema_errors *errs);
/* 500 after logging what went wrong inside; users never see internals. */
void reply_internal(struct req *r, const char *what);
/* 405 with the Allow header. */
void reply_method_not_allowed(struct req *r, const char *allow);
/* 200 with bytes that live as long as the process (embedded files). */
void reply_static(struct req *r, const unsigned char *data, size_t len,
                  const char *content_type, const char *cache_control);
/* 200 with a file to save (an export): takes the strbuf's bytes. The
 * names must be safe: ascii_name is put in quotes as it is. */
void reply_download(struct req *r, struct strbuf *body,
                    const char *content_type, const char *ascii_name,
                    const char *utf8_name);
/* The same for a file on disk (a large export): takes fd, and sends
 * its first size bytes. */
void reply_download_file(struct req *r, int fd, uint64_t size,
                         const char *content_type, const char *ascii_name,
                         const char *utf8_name);
/* Starts a JSON response body. */
void reply_begin(struct req *r, struct strbuf *sb, struct jsonw *w);

#endif
