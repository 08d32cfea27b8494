/* /api/v1/calendar: the working-day calendar — the years whose official
 * schedule is loaded, a year's holidays and make-up working days, a
 * deadline counted in working days, and a new year's schedule uploaded
 * by the sysadmin. */
#include <string.h>

#include "../core/calendar_load.h"
#include "../store/calendar_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"

static const char *day_text(struct req *r, int64_t day)
{
    char *out = arena_alloc(r->arena, 11);
    cn_date_format(cn_civil_from_days(day), out);
    return out;
}

/* A holiday's name in the reader's language. The schedules' files name
 * each holiday in both ("National Day,国庆节,3"), the calendar keeps the
 * Chinese; these are the seven of the national holiday rules. */
static const char *holiday_name(struct req *r, const char *zh)
{
    static const char *const names[][2] = {
        {"元旦", "New Year's Day"},      {"春节", "Spring Festival"},
        {"清明", "Tomb-sweeping Day"},   {"清明节", "Tomb-sweeping Day"},
        {"劳动节", "Labour Day"},        {"端午", "Dragon Boat Festival"},
        {"端午节", "Dragon Boat Festival"}, {"中秋", "Mid-autumn Festival"},
        {"中秋节", "Mid-autumn Festival"}, {"国庆节", "National Day"},
        {"国庆", "National Day"},
    };
    if (r->lang != LANG_EN || !zh) {
        return zh;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(zh, names[i][0]) == 0) {
            return names[i][1];
        }
    }
    return zh;
}

static bool load(struct req *r, struct calendar *c)
{
    int rc = calendar_store_load(r->db, r->arena, c);
    if (rc != DB_OK) {
        api_db_error(r, rc, "calendar");
        return false;
    }
    return true;
}

void api_calendar_years(struct req *r)
{
    struct calendar_year_info *ys;
    size_t n;
    int rc = calendar_store_years(r->db, r->arena, &ys, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "calendar years");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_kint(&w, "year", ys[i].year);
        jsonw_kstr(&w, "source", ys[i].source);
        jsonw_kint(&w, "holidays", ys[i].holidays);
        jsonw_kint(&w, "workdays", ys[i].workdays);
        jsonw_kstr(&w, "loaded_at", api_time(r, ys[i].loaded_at));
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_calendar_days(struct req *r)
{
    int64_t year;
    const char *v = req_query(r, "year");
    if (!v || !parse_int64(v, 2000, 2100, &year)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "year", "year", "year");
        return;
    }
    struct calendar c;
    if (!load(r, &c)) {
        return;
    }
    bool loaded = false;
    for (size_t i = 0; i < c.n_years; i++) {
        loaded = loaded || c.years[i] == year;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "year", year);
    jsonw_kbool(&w, "loaded", loaded);
    jsonw_key(&w, "days");
    jsonw_arr_open(&w);
    int64_t first = cn_days_from_civil((int)year, 1, 1);
    int64_t end = cn_days_from_civil((int)year + 1, 1, 1);
    for (size_t i = 0; i < c.n_days; i++) {
        if (c.days[i].day < first || c.days[i].day >= end) {
            continue;
        }
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "day", day_text(r, c.days[i].day));
        jsonw_kstr(&w, "kind", c.days[i].kind == CAL_WORKDAY ? "workday"
                                                             : "holiday");
        jsonw_kstr(&w, "name", holiday_name(r, c.days[i].name));
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_calendar_deadline(struct req *r)
{
    const char *from = req_query(r, "from");
    const char *days = req_query(r, "days");
    int y, m, d;
    int64_t n;
    if (!from || !parse_date(from, &y, &m, &d)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "from", "from", "from");
        return;
    }
    if (!days || !parse_int64(days, 1, 3650, &n)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "days", "days", "days");
        return;
    }
    struct calendar c;
    if (!load(r, &c)) {
        return;
    }
    bool provisional;
    int64_t due = calendar_add_workdays(&c, cn_days_from_civil(y, m, d),
                                        (int)n, &provisional);
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "from", from);
    jsonw_kint(&w, "working_days", n);
    jsonw_kstr(&w, "due_on", day_text(r, due));
    jsonw_kbool(&w, "provisional", provisional);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_calendar_upload(struct req *r)
{
    int64_t year = 0;
    const char *v = req_query(r, "year");
    if (v && *v && !parse_int64(v, 2000, 2100, &year)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "year", "year", "year");
        return;
    }
    struct actor who = {.name = r->actor, .address = r->address};
    struct calendar_fail fail;
    int added;
    int rc = calendar_load_file(r->db, &who, r->body.buf, r->body.len,
                                (int)year, &added, &fail);
    if (rc == CALENDAR_BAD_FILE) {
        reply_error(r, 400, fail.msg, NULL, fail.detail, fail.detail);
        return;
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "calendar upload");
        return;
    }
    api_calendar_years(r);
}
