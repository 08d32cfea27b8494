/* /api/v1/tasks: the task list (待办) of a worker (default: mine) or a
 * station — what is overdue, what is due within 7 days, and everything
 * open — from the cases, follow-ups, transfers and visit schedules. */
#include <string.h>

#include "../core/task_list.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"

#define TASK_WEEK 7

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
    if (!req_query_id(r, "worker_id", &o.worker_id) ||
        !req_query_id(r, "station_id", &o.station_id)) {
        return;
    }
    if (!o.worker_id && !o.station_id) {
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
    const char *week_end = day_plus(r, today_n + TASK_WEEK);
    struct task *items;
    size_t n;
    int rc = task_list_build(r->db, r->arena, r->scope, p, o,
                             o.worker_id == r->who->user_id ? o.worker_id : 0,
                             today, &items, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "tasks");
        return;
    }
    int64_t overdue = 0, week = 0, shown = 0;
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        const struct task *k = &items[i];
        bool late = strcmp(k->due_on, today) < 0;
        bool soon = !late && strcmp(k->due_on, week_end) <= 0;
        overdue += late;
        week += soon;
        if ((window == 2 && !late) || (window == 3 && !soon)) {
            continue;
        }
        int64_t at = shown++;
        if (at < (page - 1) * limit || at >= page * limit) {
            continue;
        }
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "kind", k->kind);
        jsonw_kstr(&w, "due_on", k->due_on);
        jsonw_kbool(&w, "overdue", late);
        api_kid(&w, "case_id", k->case_id);
        jsonw_kint(&w, "client_id", k->client_id);
        jsonw_kstr(&w, "client_name", k->client_name);
        jsonw_kint(&w, "station_id", k->station_id);
        jsonw_kint(&w, "worker_id", k->worker_id);
        jsonw_kstr(&w, "detail", k->detail);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_kint(&w, "total", shown);
    jsonw_key(&w, "counts");
    jsonw_obj_open(&w);
    jsonw_kint(&w, "overdue", overdue);
    jsonw_kint(&w, "week", week);
    jsonw_kint(&w, "all", (int64_t)n);
    jsonw_obj_close(&w);
    jsonw_kstr(&w, "today", today);
    jsonw_kint(&w, "page", page);
    jsonw_kint(&w, "limit", limit);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}
