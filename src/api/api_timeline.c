/* Views derived from the records: a client's timeline (服务时间线: every
 * service and case step, newest first) and a worker's work log (工作日志:
 * records and hours per day). */
#include <string.h>

#include "../store/client_store.h"
#include "../store/service_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"

/* The store joins a record's workers' names with "、"; in English the
 * list reads with commas. */
static const char *names_in(struct req *r, const char *who)
{
    if (r->lang != LANG_EN || !who || !strstr(who, "、")) {
        return who;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    for (const char *p = who; *p;) {
        const char *sep = strstr(p, "、");
        size_t n = sep ? (size_t)(sep - p) : strlen(p);
        strbuf_add(&sb, p, n);
        if (!sep) {
            break;
        }
        strbuf_adds(&sb, msg_list_sep(LANG_EN));
        p = sep + strlen("、");
    }
    const char *out = arena_strdup(r->arena, sb.buf ? sb.buf : "");
    strbuf_free(&sb);
    return out;
}

void api_clients_timeline(struct req *r)
{
    int64_t id, page;
    int limit;
    if (!req_param_id(r, 0, "服务对象", "client", &id) ||
        !req_paging(r, 20, &limit, &page)) {
        return;
    }
    if (limit > 100 || page > 100) { /* a timeline is read from the top */
        const char *f = limit > 100 ? "limit" : "page";
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, f, f, f);
        return;
    }
    struct client c;
    if (!api_client_load(r, &c)) {
        return;
    }
    struct timeline_entry *items = NULL;
    size_t n = 0;
    bool more = false;
    int rc = service_store_timeline(r->db, r->arena, r->scope, id, limit,
                                    (page - 1) * limit, &items, &n, &more);
    if (rc != DB_OK) {
        api_db_error(r, rc, "timeline");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "client_id", id);
    jsonw_kstr(&w, "client_name", api_client_name(r, c.name));
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        const struct timeline_entry *e = &items[i];
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "kind", e->kind);
        jsonw_kstr(&w, "at", api_time(r, e->at));
        jsonw_kint(&w, "id", e->id);
        jsonw_kstr(&w, "type", e->type);
        jsonw_kstr(&w, "title", e->title);
        if (strcmp(e->kind, "service") == 0) {
            jsonw_kint(&w, "minutes", e->minutes);
        }
        jsonw_kstr(&w, "who", names_in(r, e->who));
        api_kid(&w, "case_id", e->case_id);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_kbool(&w, "more", more);
    jsonw_kint(&w, "page", page);
    jsonw_kint(&w, "limit", limit);
    jsonw_obj_close(&w);
    api_reply_client_view(r, &c, &sb, "timeline");
}

/* A day (YYYY-MM-DD, Beijing) as the number of days since 1970. */
static bool query_day(struct req *r, const char *name, int64_t def,
                      int64_t *days)
{
    const char *v = req_query(r, name);
    int y, m, d;
    if (!v || !*v) {
        *days = def;
        return true;
    }
    if (!parse_date(v, &y, &m, &d)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, name, name, name);
        return false;
    }
    *days = cn_days_from_civil(y, m, d);
    return true;
}

#define WORKLOG_MAX_DAYS 93 /* a quarter */

void api_worklog(struct req *r)
{
    int64_t worker;
    if (!req_query_id(r, "worker_id", &worker)) {
        return;
    }
    /* A range "self" reads her own log only, as she lists only her own
     * records. */
    if (!worker || r->scope->self_user) {
        worker = r->who->user_id;
    }
    /* Default: this month so far. */
    struct cn_date today = cn_date_of(cn_now());
    int64_t first = cn_days_from_civil(today.year, today.month, 1);
    int64_t last = cn_days_from_civil(today.year, today.month, today.day);
    int64_t from, to;
    if (!query_day(r, "from", first, &from) ||
        !query_day(r, "to", last, &to)) {
        return;
    }
    if (to < from || to - from + 1 > WORKLOG_MAX_DAYS) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "to", "to", "to");
        return;
    }
    struct worklog_row *rows;
    size_t n;
    int rc = service_store_worklog(r->db, r->arena, r->scope, worker,
                                   from * 86400 - CN_UTC_OFFSET,
                                   (to + 1) * 86400 - CN_UTC_OFFSET, &rows,
                                   &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "worklog");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "worker_id", worker);
    char day[11];
    cn_date_format(cn_civil_from_days(from), day);
    jsonw_kstr(&w, "from", day);
    cn_date_format(cn_civil_from_days(to), day);
    jsonw_kstr(&w, "to", day);
    jsonw_key(&w, "days");
    jsonw_arr_open(&w);
    int64_t total_records = 0, total_minutes = 0;
    for (size_t i = 0; i < n;) {
        /* One entry per day, its types inside. */
        size_t j = i;
        int64_t records = 0, minutes = 0;
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "day", rows[i].day);
        jsonw_key(&w, "by_type");
        jsonw_obj_open(&w);
        for (; j < n && strcmp(rows[j].day, rows[i].day) == 0; j++) {
            jsonw_kint(&w, rows[j].type, rows[j].records);
            records += rows[j].records;
            minutes += rows[j].minutes;
        }
        jsonw_obj_close(&w);
        jsonw_kint(&w, "records", records);
        jsonw_kint(&w, "minutes", minutes);
        jsonw_obj_close(&w);
        total_records += records;
        total_minutes += minutes;
        i = j;
    }
    jsonw_arr_close(&w);
    jsonw_kint(&w, "records", total_records);
    jsonw_kint(&w, "minutes", total_minutes);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}
