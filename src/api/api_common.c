#include <microhttpd.h>

#include "../util/cn_time.h"
#include "api.h"

void api_db_error(struct req *r, int rc, const char *what)
{
    if (rc == DB_BUSY) {
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
