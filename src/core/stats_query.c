/* The statistics' vocabulary (统计口径, DESIGN.md §7): each figure with
 * the cuts it allows, the cuts themselves, and the parsing of a query.
 * core/stats.c computes what a query asks. */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/cn_time.h"

#define D(x) (1u << (x))
#define PLACE (D(STATS_BY_STATION) | D(STATS_BY_TOWNSHIP) | D(STATS_BY_COUNTY))
#define TIME (D(STATS_BY_MONTH) | D(STATS_BY_QUARTER) | D(STATS_BY_YEAR))
#define AREA D(STATS_BY_AREA)
#define TYPE D(STATS_BY_TYPE)
#define CAT D(STATS_BY_CATEGORY)
#define ALL_DIMS (PLACE | TIME | AREA | TYPE | CAT)

const struct stats_measure_info stats_measures[STATS_MEASURE_COUNT] = {
    [STATS_RECORDS] = {"records", "服务记录", "Service records", "条",
                       "records", true, PLACE | TIME | AREA | TYPE},
    [STATS_PERSON_TIMES] = {"person_times", "服务人次", "Person-times served",
                            "人次", "person-times", true, ALL_DIMS},
    [STATS_CLIENTS_SERVED] = {"clients_served", "服务人数", "People served",
                              "人", "people", true, ALL_DIMS},
    [STATS_SERVICE_MINUTES] = {"service_hours", "服务时长", "Service time",
                               "小时", "hours", true,
                               PLACE | TIME | AREA | TYPE},
    [STATS_VISITS] = {"visits", "走访户次", "Home visits", "户次",
                      "households", true, PLACE | TIME | AREA},
    [STATS_CONSULTATIONS] = {"consultations", "咨询", "Consultations", "次",
                             "times", true, PLACE | TIME | AREA},
    [STATS_CASES_OPENED] = {"cases_opened", "新开个案", "Cases opened", "个",
                            "cases", true, PLACE | TIME},
    [STATS_CASES_ACTIVE] = {"cases_active", "在案个案", "Cases open", "个",
                            "cases", true, PLACE | TIME},
    [STATS_CASES_CLOSED] = {"cases_closed", "结案个案", "Cases closed", "个",
                            "cases", true, PLACE | TIME},
    [STATS_GROUPS] = {"groups", "开展小组", "Groups", "个", "groups", true,
                      PLACE | TIME},
    [STATS_GROUP_SESSIONS] = {"group_sessions", "小组节数", "Group sessions",
                              "节", "sessions", true, PLACE | TIME | AREA},
    [STATS_GROUP_ATTENDANCE] = {"group_attendance", "小组出勤人次",
                                "Group attendance", "人次", "person-times",
                                true, PLACE | TIME | AREA | CAT},
    [STATS_ACTIVITIES] = {"activities", "社区活动场次", "Community activities",
                          "场", "events", true, PLACE | TIME | AREA},
    [STATS_ACTIVITY_PEOPLE] = {"activity_people", "活动参与人次",
                               "Activity participants", "人次", "person-times",
                               true, PLACE | TIME | AREA | CAT},
    [STATS_RESOURCE_FEN] = {"resource_fen", "链接资源金额", "Resources linked",
                            "分", "fen", true, PLACE | TIME | AREA},
    [STATS_RESOURCE_ITEMS] = {"resource_items", "链接资源次数",
                              "Resource links", "次", "links", true,
                              PLACE | TIME | AREA},
    [STATS_CRISES] = {"crises", "危机事件处置", "Crises handled", "件",
                      "incidents", true, PLACE | TIME | AREA},
    /* Their forms' result: 已化解 (the dongguan-fulian plan counts the
     * crises 已成功化解). A record from before the form has none. */
    [STATS_CRISES_RESOLVED] = {"crises_resolved", "危机事件成功化解",
                               "Crises resolved", "件", "incidents", true,
                               PLACE | TIME | AREA},
    /* Until the volunteers module exists (暂无数据, never 0). */
    [STATS_VOLUNTEERS] = {"volunteers", "志愿者人数", "Volunteers", "人",
                          "people", false, ALL_DIMS},
    [STATS_VOLUNTEER_MINUTES] = {"volunteer_hours", "志愿服务时长",
                                 "Volunteer time", "小时", "hours", false,
                                 ALL_DIMS},
};

const char *const stats_dim_codes[STATS_DIM_COUNT] = {
    "station", "township", "county", "month", "quarter",
    "year",    "category", "area",   "type",
};

bool stats_dim_is_time(int dim)
{
    return dim == STATS_BY_MONTH || dim == STATS_BY_QUARTER ||
           dim == STATS_BY_YEAR;
}

/* ---- parsing ----------------------------------------------------------- */

static int code_index(const char *s, size_t n, const char *(*name)(int),
                      int count)
{
    for (int i = 0; i < count; i++) {
        const char *c = name(i);
        if (strlen(c) == n && strncmp(c, s, n) == 0) {
            return i;
        }
    }
    return -1;
}

static const char *measure_name(int i)
{
    return stats_measures[i].code;
}

static const char *dim_name(int i)
{
    return stats_dim_codes[i];
}

/* A comma list of codes into out; false when one is unknown, repeated
 * or there are more than max. */
static bool parse_list(const char *list, const char *(*name)(int), int count,
                       int *out, size_t *n, size_t max)
{
    *n = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int i = code_index(p, len, name, count);
        if (i < 0 || *n == max) {
            return false;
        }
        for (size_t k = 0; k < *n; k++) {
            if (out[k] == i) {
                return false;
            }
        }
        out[(*n)++] = i;
        if (!e) {
            break;
        }
        p = e + 1;
        if (!*p) {
            return false; /* a trailing comma */
        }
    }
    return true;
}

static int days_in_month(int y, int m)
{
    return (
        int)(cn_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
             cn_days_from_civil(y, m, 1));
}

/* "YYYY-MM", or the month's first (first) or last (!first) day. */
static bool parse_month(const char *s, bool first, int *out)
{
    size_t n = strlen(s);
    if (n != 7 && n != 10) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        bool sep = i == 4 || i == 7;
        if (sep ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) {
            return false;
        }
    }
    int y = atoi(s), m = atoi(s + 5);
    if (y < 2000 || y > 2100 || m < 1 || m > 12) {
        return false;
    }
    if (n == 10 && atoi(s + 8) != (first ? 1 : days_in_month(y, m))) {
        return false;
    }
    *out = y * 12 + m - 1;
    return true;
}

#define STATS_MAX_MONTHS 120

/* Whether dim is used by the query, as a cut or a filter. */
unsigned stats_dims_used(const struct stats_query *q)
{
    unsigned u = 0;
    for (size_t i = 0; i < q->n_by; i++) {
        u |= D(q->by[i]);
    }
    if (q->category) {
        u |= CAT;
    }
    if (q->area) {
        u |= AREA;
    }
    if (q->type) {
        u |= TYPE;
    }
    return u;
}

/* Whether measure m can be given for the cuts and filters used. A
 * distinct count is kept by one of category, area and type at a time. */
static bool measure_fits(int m, unsigned used)
{
    if ((stats_measures[m].dims & used) != used) {
        return false;
    }
    unsigned attr = used & (CAT | AREA | TYPE);
    return m != STATS_CLIENTS_SERVED || (attr & (attr - 1)) == 0;
}

const char *stats_query_parse(struct stats_query *q, const char *measures,
                              const char *by, const char *from, const char *to,
                              const char **why)
{
    *why = "unknown";
    size_t n;
    if (by && *by &&
        !parse_list(by, dim_name, STATS_DIM_COUNT, q->by, &n, STATS_MAX_BY)) {
        return "by";
    }
    q->n_by = by && *by ? n : 0;
    int times = 0;
    for (size_t i = 0; i < q->n_by; i++) {
        times += stats_dim_is_time(q->by[i]);
    }
    if (times > 1) {
        *why = "times";
        return "by";
    }
    struct cn_date today = cn_date_of(cn_now());
    int now = today.year * 12 + today.month - 1;
    *why = "format";
    /* Neither end: this month. One end alone: that one month, whichever
     * end it is. */
    bool has_from = from && *from, has_to = to && *to;
    if (has_from && !parse_month(from, true, &q->from_month)) {
        return "from";
    }
    if (has_to && !parse_month(to, false, &q->to_month)) {
        return "to";
    }
    if (!has_from) {
        q->from_month = has_to ? q->to_month : now;
    }
    if (!has_to) {
        q->to_month = q->from_month;
    }
    if (q->to_month < q->from_month) {
        *why = "inverted";
        return "to";
    }
    if (q->to_month - q->from_month + 1 > STATS_MAX_MONTHS) {
        *why = "range";
        return "to";
    }
    unsigned used = stats_dims_used(q);
    if (measures && *measures) {
        *why = "unknown";
        if (!parse_list(measures, measure_name, STATS_MEASURE_COUNT,
                        q->measures, &q->n_measures, STATS_MEASURE_COUNT)) {
            return "measures";
        }
        for (size_t i = 0; i < q->n_measures; i++) {
            if (!measure_fits(q->measures[i], used)) {
                q->cut_measure = q->measures[i];
                *why = (stats_measures[q->cut_measure].dims & used) == used
                           ? "people_cut"
                           : "cut";
                return "measures";
            }
        }
    } else {
        q->n_measures = 0;
        for (int m = 0; m < STATS_MEASURE_COUNT; m++) {
            if (measure_fits(m, used)) {
                q->measures[q->n_measures++] = m;
            }
        }
    }
    return NULL;
}

const char *stats_month_text(struct arena *a, int month)
{
    return arena_printf(a, "%04d-%02d", month / 12, month % 12 + 1);
}

const struct stats_measure_info *stats_measure_of(const char *code)
{
    for (int m = 0; code && m < STATS_MEASURE_COUNT; m++) {
        if (strcmp(stats_measures[m].code, code) == 0) {
            return &stats_measures[m];
        }
    }
    return NULL;
}

const char *stats_measure_label(const struct stats_measure_info *m,
                                enum lang lang)
{
    return lang == LANG_EN ? m->label_en : m->label;
}

const char *stats_measure_unit(const struct stats_measure_info *m,
                               enum lang lang)
{
    return lang == LANG_EN ? m->unit_en : m->unit;
}

int stats_dim_of(const char *code)
{
    for (int d = 0; code && d < STATS_DIM_COUNT; d++) {
        if (strcmp(stats_dim_codes[d], code) == 0) {
            return d;
        }
    }
    return -1;
}

/* The months a time cut's key names, whole; false when it names none. */
static bool period_months(int dim, const char *key, int *first, int *last)
{
    int y = 0, n = 0;
    char tail;
    if (dim == STATS_BY_MONTH &&
        sscanf(key, "%4d-%2d%c", &y, &n, &tail) == 2 && n >= 1 && n <= 12) {
        *first = *last = y * 12 + n - 1;
    } else if (dim == STATS_BY_QUARTER &&
               sscanf(key, "%4d-Q%1d%c", &y, &n, &tail) == 2 && n >= 1 &&
               n <= 4) {
        *first = y * 12 + (n - 1) * 3;
        *last = *first + 2;
    } else if (dim == STATS_BY_YEAR && sscanf(key, "%4d%c", &y, &tail) == 1) {
        *first = y * 12;
        *last = y * 12 + 11;
    } else {
        return false;
    }
    return y >= 1000;
}

static const char *const month_en[12] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};

/* The first or last day of a month, YYYY-MM-DD. */
static void month_day(int month, bool first, char out[16])
{
    int y = month / 12, m = month % 12 + 1;
    int64_t day = first ? cn_days_from_civil(y, m, 1)
                        : cn_days_from_civil(m == 12 ? y + 1 : y,
                                             m == 12 ? 1 : m + 1, 1) -
                              1;
    cn_date_format(cn_civil_from_days(day), out);
}

const char *stats_period_label(struct arena *a, int dim, const char *key,
                               int from_month, int to_month, enum lang lang)
{
    int first, last;
    if (!period_months(dim, key, &first, &last)) {
        return key;
    }
    bool en = lang == LANG_EN;
    int y = first / 12, m = first % 12 + 1;
    const char *name =
        dim == STATS_BY_MONTH
            ? (en ? arena_printf(a, "%s %d", month_en[m - 1], y)
                  : arena_printf(a, "%d年%d月", y, m))
        : dim == STATS_BY_QUARTER
            ? (en ? arena_printf(a, "Q%d %d", (m + 2) / 3, y)
                  : arena_printf(a, "%d年第%d季度", y, (m + 2) / 3))
            : (en ? arena_printf(a, "%d", y) : arena_printf(a, "%d年", y));
    int from = first > from_month ? first : from_month;
    int to = last < to_month ? last : to_month;
    if ((from == first && to == last) || from > to) {
        return name;
    }
    char d1[16], d2[16];
    month_day(from, true, d1);
    month_day(to, false, d2);
    return en ? arena_printf(a, "%s (%s to %s)", name, d1, d2)
              : arena_printf(a, "%s（%s至%s）", name, d1, d2);
}

enum msg_id stats_query_problem(const char *why, const char *field)
{
    if (strcmp(why, "format") == 0) {
        return field && strcmp(field, "to") == 0 ? MSG_STATS_MONTH_TO
                                                 : MSG_STATS_MONTH_FROM;
    }
    static const struct {
        const char *why;
        enum msg_id msg;
    } problems[] = {
        {"unknown", MSG_STATS_UNKNOWN},
        {"times", MSG_STATS_TIMES},
        {"cut", MSG_STATS_CUT},
        {"people_cut", MSG_STATS_PEOPLE_CUT},
        {"inverted", MSG_STATS_INVERTED}, {"range", MSG_STATS_RANGE},
    };
    for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++) {
        if (strcmp(problems[i].why, why) == 0) {
            return problems[i].msg;
        }
    }
    return MSG_BAD_QUERY_PARAM;
}
