/* GET /api/v1/audit: 操作日志 and 登录日志, two views of the one audit
 * log, for the auditor only. There is no route that changes or deletes a
 * row. */
#include <string.h>

#include "../store/audit_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"

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

void api_audit_list(struct req *r)
{
    struct audit_filter f = {0};
    const char *kind = req_query(r, "kind");
    if (kind && *kind) {
        if (strcmp(kind, "operation") == 0) {
            f.kind = 1;
        } else if (strcmp(kind, "login") == 0) {
            f.kind = 2;
        } else {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "kind", "kind", "kind");
            return;
        }
    }
    if (!text_param(r, "actor", &f.actor) ||
        !text_param(r, "action", &f.action) ||
        !text_param(r, "entity", &f.entity) ||
        !text_param(r, "entity_id", &f.entity_id) ||
        !text_param(r, "result", &f.result)) {
        return;
    }
    const char *from = req_query(r, "from");
    const char *to = req_query(r, "to");
    if (from && *from && !date_start(from, &f.from)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "from", "from", "from");
        return;
    }
    if (to && *to) {
        if (!date_start(to, &f.to)) {
            reply_error(r, 400, MSG_BAD_QUERY_PARAM, "to", "to", "to");
            return;
        }
        f.to += 86400; /* the whole of the last day */
    }
    if (f.from && f.to && f.from >= f.to) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "to", "to", "to");
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
        jsonw_kstr(&w, "address", rows[i].address);
        jsonw_kstr(&w, "action", rows[i].action);
        jsonw_kstr(&w, "entity", rows[i].entity);
        jsonw_kstr(&w, "entity_id", rows[i].entity_id);
        jsonw_kstr(&w, "result", rows[i].result);
        jsonw_kstr(&w, "detail", rows[i].detail);
        jsonw_obj_close(&w);
    }
    api_list_end(r, &sb, &w, total, page, f.limit);
}
