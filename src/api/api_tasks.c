/* /api/v1/tasks: the task list (待办) of a worker (default: mine), a
 * station, or every station of the user's range (station_id=all: a
 * county supervisor's) — what is overdue, what is due within 7 days, and
 * everything open — from the cases, follow-ups, transfers and visit
 * schedules. */
#include <string.h>

#include "../core/task_list.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"

#define WEEK_DAYS 7
/* The most stations station=all reads, each as one station's list is
 * read: a county's or a city's, not a province's (a choice of station
 * there is what the page offers). */
#define ALL_STATIONS_MAX 200
/* How deep station=all pages: each station's first page × limit tasks
 * are read to merge, so only this many are offered (`pageable`); a page
 * past them is empty. The rest are a station's own list away. */
#define ALL_STATIONS_DEPTH 2000

static const char *day_plus(struct req *r, int64_t days)
{
    char *out = arena_alloc(r->arena, 11);
    cn_date_format(cn_civil_from_days(days), out);
    return out;
}

void api_tasks_list(struct req *r)
{
    const struct profile *p = api_profile(r);
    if (!p) {
        return;
    }
    struct task_owner o = {0, 0};
    const char *station = req_query(r, "station_id");
    bool all = station && strcmp(station, "all") == 0;
    if (!req_query_id(r, "worker_id", &o.worker_id) ||
        (!all && !req_query_id(r, "station_id", &o.station_id))) {
        return;
    }
    /* A range "self" has only her own tasks, wherever they are. */
    if (all && (o.worker_id || r->scope->self_user)) {
        all = false;
        o.worker_id = o.worker_id ? o.worker_id : r->who->user_id;
    }
    if (!o.worker_id && !o.station_id && !all) {
        o.worker_id = r->who->user_id;
    }
    static const char *const windows[] = {"", "all", "overdue", "week", NULL};
    int window;
    int64_t page;
    int limit;
    if (!req_query_choice(r, "due", windows, &window) ||
        !req_paging(r, 50, &limit, &page)) {
        return;
    }
    struct cn_date t = cn_date_of(cn_now());
    int64_t today_n = cn_days_from_civil(t.year, t.month, t.day);
    const char *today = day_plus(r, today_n);
    const char *week_end = day_plus(r, today_n + WEEK_DAYS);
    struct task_query q = {
        .owner = o,
        .user_id = o.worker_id == r->who->user_id ? o.worker_id : 0,
        .today = today,
        .week_end = week_end,
        .window = window == 2   ? TASK_OVERDUE
                  : window == 3 ? TASK_WEEK
                                : TASK_ALL,
        .page = page,
        .limit = limit};
    struct task *items;
    size_t n;
    struct task_counts c;
    int rc;
    if (all) {
        int64_t *ids;
        size_t n_ids;
        rc = station_store_ids(r->db, r->arena, r->scope, ALL_STATIONS_MAX,
                               &ids, &n_ids);
        if (rc == DB_OK && n_ids > ALL_STATIONS_MAX) {
            const char *max = arena_printf(r->arena, "%d", ALL_STATIONS_MAX);
            reply_error(r, 400, MSG_TASK_STATIONS_TOO_MANY, "station_id", max,
                        max);
            return;
        }
        if (rc == DB_OK) {
            rc = task_list_build_stations(r->db, r->arena, r->scope, p, &q,
                                          ids, n_ids, ALL_STATIONS_DEPTH,
                                          &items, &n, &c);
        }
    } else {
        rc = task_list_build(r->db, r->arena, r->scope, p, &q, &items, &n,
                             &c);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "tasks");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        const struct task *k = &items[i];
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "kind", k->kind);
        jsonw_kstr(&w, "due_on", k->due_on);
        jsonw_kbool(&w, "overdue", strcmp(k->due_on, today) < 0);
        api_kid(&w, "case_id", k->case_id);
        jsonw_kint(&w, "client_id", k->client_id);
        jsonw_kstr(&w, "client_name", api_client_name(r, k->client_name));
        jsonw_kint(&w, "station_id", k->station_id);
        jsonw_kint(&w, "worker_id", k->worker_id);
        jsonw_kstr(&w, "detail", k->detail);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_kint(&w, "total", c.shown);
    if (all) {
        jsonw_kint(&w, "pageable", c.shown < ALL_STATIONS_DEPTH
                                       ? c.shown
                                       : ALL_STATIONS_DEPTH);
    }
    jsonw_key(&w, "counts");
    jsonw_obj_open(&w);
    jsonw_kint(&w, "overdue", c.overdue);
    jsonw_kint(&w, "week", c.week);
    jsonw_kint(&w, "all", c.all);
    jsonw_obj_close(&w);
    jsonw_kstr(&w, "today", today);
    jsonw_kint(&w, "page", page);
    jsonw_kint(&w, "limit", limit);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}
