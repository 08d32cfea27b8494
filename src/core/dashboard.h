/* The dashboards (issue 8 item 5): a station's period at a glance and a
 * region's (the bureau's county, a township officer's township). Every
 * service figure comes from stats_run, so that it is the number the
 * statistics API and the reports show; the rest are what the records
 * say today (open cases by stage, overdue tasks, staff, payments), each
 * read through an index or from the small tables, never by scanning the
 * service records.
 *
 * Compliance findings (and the reports overdue or due soon, rules
 * report.overdue and report.upcoming) are not here: the compliance
 * engine runs every rule on each call, and some rules count a contract's
 * service records over its term, which is not cheap. The page reads
 * them from /api/v1/compliance, the list its figures link to.
 *
 * A section the caller may not read (may_read says no) is left out and
 * marked not shown, never filled with zeros. */
#ifndef SGZ_DASHBOARD_H
#define SGZ_DASHBOARD_H
#include <stdbool.h>
#include <stdint.h>

#include "../store/dashboard_store.h"
#include "../store/station_store.h"
#include "profile.h"
#include "stats.h"
#include "task_list.h"

/* The sections, each with the permission it needs. */
enum dashboard_part {
    DASH_SERVICES, /* stats.read: the statistics */
    DASH_CASES,    /* case.read */
    DASH_TASKS,    /* task.read */
    DASH_STAFF,    /* staff.read */
    DASH_PAYMENTS, /* money.read */
    DASH_PART_COUNT
};
extern const char *const dashboard_part_permission[DASH_PART_COUNT];

struct dashboard_ctx {
    struct db *db;
    struct arena *arena;
    const struct scope *scope;   /* already narrowed to the region */
    const struct profile *profile;
    const char *today;           /* YYYY-MM-DD, Beijing */
    const char *week_end;        /* today + 7 */
    enum lang lang;              /* of the figures' labels */
    bool may[DASH_PART_COUNT];
};

/* A stats query and its answer. */
struct dashboard_figures {
    struct stats_query q;
    struct stats_result r;
};

#define DASH_CERT_LEVELS 4
extern const char *const dashboard_cert_levels[DASH_CERT_LEVELS];
/* Payment states of payment_plan: paid, due, planned, withheld. */
#define DASH_PAY_STATES 4
extern const char *const dashboard_pay_states[DASH_PAY_STATES];

struct dashboard {
    int from_month, to_month;
    struct station station;        /* station dashboard */
    const char *region;            /* region dashboard */
    bool shown[DASH_PART_COUNT];
    /* services */
    struct dashboard_figures total;    /* uncut */
    struct dashboard_figures by_type;  /* station */
    struct dashboard_figures by_cat;   /* station */
    struct dashboard_figures by_month; /* region */
    struct dashboard_figures ranking;  /* region: townships or stations */
    /* cases */
    int64_t open_cases[DASHBOARD_OPEN_STAGES];
    /* tasks (station) */
    struct task_counts tasks;
    /* staff (region) */
    int64_t staff_active, staff_unassigned;
    int64_t staff_cert[DASH_CERT_LEVELS];
    /* payments (region): count and amount by state, and overdue */
    int64_t contracts;
    int64_t pay_n[DASH_PAY_STATES], pay_fen[DASH_PAY_STATES];
    int64_t overdue_n, overdue_fen;
};

/* A station's dashboard for the months [from_month, to_month] (months
 * of stats_query): DB_OK, DB_DONE when the station is absent or out of
 * the scope, or the failure. */
int dashboard_station(const struct dashboard_ctx *c, int64_t station_id,
                      int from_month, int to_month, struct dashboard *out);
/* A region's dashboard (c->scope already narrowed to it): DB_OK or the
 * failure. */
int dashboard_region(const struct dashboard_ctx *c, const char *region,
                     int from_month, int to_month, struct dashboard *out);

#endif
