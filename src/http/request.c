#include "request.h"

#include <microhttpd.h>
#include <string.h>

#include "../util/parse.h"
#include "reply.h"

const char *req_query(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_param(struct req *r, int n)
{
    return n < r->match.nparams ? r->match.params[n] : NULL;
}

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

bool req_param_id(struct req *r, int n, const char *what_zh,
                  const char *what_en, int64_t *id)
{
    const char *s = req_param(r, n);
    if (!s || !parse_int64(s, 1, INT64_MAX / 2, id)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, what_zh, what_en);
        return false;
    }
    return true;
}

void req_secret_reply(struct req *r)
{
    r->keep_reply = false;
}

bool req_paging(struct req *r, int def, int *limit, int64_t *page)
{
    const char *l = req_query(r, "limit");
    const char *p = req_query(r, "page");
    int64_t v;
    *limit = def;
    *page = 1;
    if (l) {
        if (!parse_int64(l, 1, 200, &v)) {
            reply_error(r, 400, MSG_BAD_CURSOR, "limit", "每页条数(1–200)",
                        "limit (1-200)");
            return false;
        }
        *limit = (int)v;
    }
    if (p) {
        if (!parse_int64(p, 1, 1000000, &v)) {
            reply_error(r, 400, MSG_BAD_CURSOR, "page", "页码", "page");
            return false;
        }
        *page = v;
    }
    return true;
}

bool req_query_choice(struct req *r, const char *name,
                      const char *const *allowed, int *out)
{
    const char *v = req_query(r, name);
    *out = 0;
    if (!v || !*v) {
        return true;
    }
    for (int i = 0; allowed[i]; i++) {
        if (strcmp(v, allowed[i]) == 0) {
            *out = i;
            return true;
        }
    }
    reply_error(r, 400, MSG_BAD_QUERY_PARAM, name, name, name);
    return false;
}

bool req_query_id(struct req *r, const char *name, int64_t *out)
{
    const char *v = req_query(r, name);
    *out = 0;
    if (v && *v && !parse_int64(v, 1, INT64_MAX / 2, out)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, name, name, name);
        return false;
    }
    return true;
}
