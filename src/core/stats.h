/* Statistics (统计口径, DESIGN.md §7): every figure the dashboard, the
 * reports and the exports show is defined here once, and read from
 * summaries that the service store keeps on every write (stats_store).
 *
 * Periods are whole Beijing months, from and to inclusive: a record
 * belongs to the month of its service_day, whatever the server's zone.
 * A client counts under the category she held on the record's day. */
#ifndef SGZ_STATS_H
#define SGZ_STATS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../store/scope.h"
#include "../util/arena.h"
#include "../util/jsonw.h"
#include "msg.h"

enum stats_measure {
    STATS_RECORDS,           /* 服务记录 条 */
    STATS_PERSON_TIMES,      /* 服务人次: client-record pairs plus the
                                headcount of people not registered */
    STATS_CLIENTS_SERVED,    /* 服务人数: distinct clients */
    STATS_SERVICE_MINUTES,   /* 服务时长, shown in hours */
    STATS_VISITS,            /* 走访 户次: home-visit records */
    STATS_CONSULTATIONS,     /* 咨询: consultation records */
    STATS_CASES_OPENED,      /* 个案 opened in the period */
    STATS_CASES_ACTIVE,      /* open at any time in the period */
    STATS_CASES_CLOSED,      /* closed in the period */
    STATS_GROUPS,            /* 小组 that held a session in the period */
    STATS_GROUP_SESSIONS,    /* 节数 */
    STATS_GROUP_ATTENDANCE,  /* 出勤人次 */
    STATS_ACTIVITIES,        /* 社区活动 场次 */
    STATS_ACTIVITY_PEOPLE,   /* 参与人次: registered plus counted only */
    STATS_RESOURCE_FEN,      /* 链接资源 金额, fen */
    STATS_RESOURCE_ITEMS,    /* 链接资源 次数 */
    STATS_CRISES,            /* 危机事件 handled */
    STATS_CRISES_RESOLVED,   /* of them, resolved (已化解) */
    STATS_VOLUNTEERS,        /* 志愿者 人数: not available yet */
    STATS_VOLUNTEER_MINUTES, /* 志愿服务时长: not available yet */
    STATS_MEASURE_COUNT
};

enum stats_dim {
    STATS_BY_STATION,
    STATS_BY_TOWNSHIP,
    STATS_BY_COUNTY,
    STATS_BY_MONTH,
    STATS_BY_QUARTER,
    STATS_BY_YEAR,
    STATS_BY_CATEGORY, /* client category on the record's day */
    STATS_BY_AREA,     /* service area (profile) */
    STATS_BY_TYPE,     /* service type */
    STATS_DIM_COUNT
};

struct stats_measure_info {
    const char *code;     /* "person_times": the API's name */
    const char *label;    /* 服务人次 */
    const char *label_en; /* Person-times served */
    const char *unit;     /* 人次, 人, 小时, 元 … */
    const char *unit_en;  /* person-times, people, hours … */
    bool available;       /* false: 暂无数据, never 0 */
    unsigned dims;        /* bit (1u << enum stats_dim) per cut allowed */
};
extern const struct stats_measure_info stats_measures[STATS_MEASURE_COUNT];
/* "station", "township", "county", "month", … */
extern const char *const stats_dim_codes[STATS_DIM_COUNT];

#define STATS_MAX_BY 3

struct stats_query {
    int measures[STATS_MEASURE_COUNT];
    size_t n_measures;
    int by[STATS_MAX_BY];
    size_t n_by;
    int from_month, to_month;           /* year * 12 + month - 1, inclusive */
    const char *region;                 /* a division and below, or NULL */
    int64_t station_id;                 /* or 0 */
    int64_t contract_id;                /* its stations only, or 0 */
    const char *category, *area, *type; /* filters, or NULL */
    enum lang lang; /* of the labels: a report freezes them in zh-CN */
    int cut_measure; /* stats_query_parse's "cut": the measure refused */
};

/* One row of a result: the keys of its cut (code and label per
 * dimension of by) and the values in the order of the query's
 * measures. A value not available is reported as such, never as 0. */
struct stats_row {
    const char *key[STATS_MAX_BY], *label[STATS_MAX_BY];
    int64_t value[STATS_MEASURE_COUNT];
    bool available[STATS_MEASURE_COUNT];
};

struct stats_result {
    struct stats_row *rows; /* ordered by the keys */
    size_t n_rows;
    struct stats_row total; /* the whole query uncut: a distinct count
                               is not the sum of its rows */
};

/* Parses an API query: measures and by are comma lists of codes (no
 * measures: all of them), from and to YYYY-MM or a month's first and
 * last day. NULL on success, else the name of the field at fault with
 * *why one of "unknown", "range", "inverted", "format", "cut" (the
 * measure cannot be cut that way). */
const char *stats_query_parse(struct stats_query *q, const char *measures,
                              const char *by, const char *from, const char *to,
                              const char **why);
/* The catalogue message of a parse problem (*why above) at field: a
 * month badly written names what that end takes (from: a first day, to:
 * a last day). */
enum msg_id stats_query_problem(const char *why, const char *field);

/* The figures of q within the caller's scope, from the summaries.
 * DB_OK or a db error. */
int stats_run(struct db *db, struct arena *a, const struct scope *sc,
              const struct stats_query *q, struct stats_result *out);

/* The same figures recomputed from the records themselves, without the
 * summaries: what the tests and `sgz stats --check` compare against. */
int stats_recompute(struct db *db, struct arena *a, const struct scope *sc,
                    const struct stats_query *q, struct stats_result *out);

/* {"from","to","by","measures":[{code,label,unit,available}],"rows":[…],
 * "total":{…}}: the one JSON shape of a result, for the API and for a
 * report's frozen figures. Minutes are written as hours with one
 * decimal, fen as fen. */
void stats_result_json(struct jsonw *w, const struct stats_query *q,
                       const struct stats_result *r);

/* Whether a cut is one of time (month, quarter, year). */
bool stats_dim_is_time(int dim);
/* The cuts a query uses, as a cut or a filter: bit (1u << enum
 * stats_dim) each. */
unsigned stats_dims_used(const struct stats_query *q);

/* The label of a time cut's key ("2026-03", "2026-Q1", "2026") in lang
 * for a query over the months from..to: the period's name, followed by
 * the days the query covers of it when it cuts the period short, so that
 * a part of a quarter never reads as the whole (docs/statistics.md,
 * "Periods cut short"). */
const char *stats_period_label(struct arena *a, int dim, const char *key,
                               int from_month, int to_month, enum lang lang);
/* The label in lang of a key of a cut by time, type, area or category
 * (a place's is its name, read with the figures); the key itself when
 * it names nothing. */
const char *stats_key_label(struct db *db, struct arena *a, int dim,
                            const char *key, int from_month, int to_month,
                            enum lang lang);
/* The measure's label and unit in lang. */
const char *stats_measure_label(const struct stats_measure_info *m,
                                enum lang lang);
const char *stats_measure_unit(const struct stats_measure_info *m,
                               enum lang lang);
/* The measure of a code, NULL when there is none. */
const struct stats_measure_info *stats_measure_of(const char *code);
/* The cut of a code ("month", "type" …), else -1. */
int stats_dim_of(const char *code);

/* "2026-06" for a month number of stats_query. */
const char *stats_month_text(struct arena *a, int month);

#endif
