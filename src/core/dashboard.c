#include "dashboard.h"

#include <limits.h>
#include <string.h>

#include "../store/calendar_store.h"
#include "../store/money_store.h"
#include "../store/staff_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "payment_plan.h"

const char *const dashboard_part_permission[DASH_PART_COUNT] = {
    [DASH_SERVICES] = "stats.read", [DASH_CASES] = "case.read",
    [DASH_TASKS] = "task.read",
    [DASH_STAFF] = "staff.read",      [DASH_PAYMENTS] = "money.read",
};

const char *const dashboard_cert_levels[DASH_CERT_LEVELS] = {
    "none", "assistant", "intermediate", "senior"};
const char *const dashboard_pay_states[DASH_PAY_STATES] = {
    "paid", "due", "planned", "withheld"};

/* Runs one stats query: the measures of want that the cut allows (a
 * measure that cannot be cut that way is left out rather than failing
 * the whole page). */
static int figures(const struct dashboard_ctx *c, struct dashboard *d,
                   const int *want, size_t n_want, int by, int64_t station_id,
                   const char *region, struct dashboard_figures *out)
{
    struct stats_query *q = &out->q;
    memset(q, 0, sizeof *q);
    for (size_t i = 0; i < n_want; i++) {
        if (by < 0 || (stats_measures[want[i]].dims & (1u << by))) {
            q->measures[q->n_measures++] = want[i];
        }
    }
    if (by >= 0) {
        q->by[q->n_by++] = by;
    }
    q->from_month = d->from_month;
    q->to_month = d->to_month;
    /* The months of the year still to come are not 0 services: a cut by
     * month stops at this one (the chart of June shows January to June). */
    int y, m, day;
    if (by == STATS_BY_MONTH && parse_date(c->today, &y, &m, &day) &&
        q->from_month <= y * 12 + m - 1 && q->to_month > y * 12 + m - 1) {
        q->to_month = y * 12 + m - 1;
    }
    q->station_id = station_id;
    q->region = region;
    q->lang = c->lang;
    return stats_run(c->db, c->arena, c->scope, q, &out->r);
}

static const int total_measures[] = {
    STATS_RECORDS,      STATS_PERSON_TIMES, STATS_CLIENTS_SERVED,
    STATS_VISITS,       STATS_CASES_OPENED, STATS_CASES_ACTIVE,
    STATS_CASES_CLOSED, STATS_GROUP_SESSIONS, STATS_ACTIVITIES,
    STATS_CRISES,
};
/* 服务人数 is a distinct count, the dearest figure: asked only where
 * the page needs it (the total, and a station's clients by category). */
static const int cut_measures[] = {STATS_RECORDS, STATS_PERSON_TIMES};
static const int category_measures[] = {STATS_PERSON_TIMES,
                                        STATS_CLIENTS_SERVED};
#define COUNT(a) (sizeof(a) / sizeof(a)[0])

/* Active workers in the scope: all, those without a station today, and
 * by certificate level — each a count through staff_store_list. */
static int staff(const struct dashboard_ctx *c, struct dashboard *d)
{
    struct staff_reader rd = {.scope = c->scope, .today = c->today};
    struct staff *items;
    size_t n;
    struct staff_filter f = {.status = "active", .limit = 1};
    int rc = staff_store_list(c->db, c->arena, &rd, &f, &items, &n,
                              &d->staff_active);
    if (rc == DB_OK) {
        f.unassigned = true;
        rc = staff_store_list(c->db, c->arena, &rd, &f, &items, &n,
                              &d->staff_unassigned);
        f.unassigned = false;
    }
    for (int i = 0; rc == DB_OK && i < DASH_CERT_LEVELS; i++) {
        f.certificate = dashboard_cert_levels[i];
        rc = staff_store_list(c->db, c->arena, &rd, &f, &items, &n,
                              &d->staff_cert[i]);
    }
    return rc;
}

/* The first and last day of the period, YYYY-MM-DD. */
static void period_days(const struct dashboard *d, char from[11],
                        char to[11])
{
    int next = d->to_month + 1;
    cn_date_format(cn_civil_from_days(cn_days_from_civil(
                       d->from_month / 12, d->from_month % 12 + 1, 1)),
                   from);
    cn_date_format(cn_civil_from_days(
                       cn_days_from_civil(next / 12, next % 12 + 1, 1) - 1),
                   to);
}

/* The installments of the contracts in the scope whose term overlaps
 * the period, as payment_plan judges them today. */
static int payments(const struct dashboard_ctx *c, struct dashboard *d)
{
    struct money_contract *ks;
    size_t n;
    struct calendar cal;
    char from[11], to[11];
    period_days(d, from, to);
    int rc = money_store_contracts(c->db, c->arena, c->scope, &ks, &n);
    if (rc == DB_OK) {
        rc = calendar_store_load(c->db, c->arena, &cal);
    }
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        const struct money_contract *k = &ks[i];
        if ((k->starts_on && strcmp(k->starts_on, to) > 0) ||
            (k->ends_on && strcmp(k->ends_on, from) < 0)) {
            continue;
        }
        d->contracts++;
        struct payment *ps;
        size_t np;
        rc = money_store_payments(c->db, c->arena, k->id, &ps, &np);
        if (rc != DB_OK || np == 0) {
            continue;
        }
        struct money_filter f = {.contract_id = k->id, .limit = INT_MAX};
        struct evaluation *ev;
        struct acceptance *ac;
        size_t n_ev = 0, n_ac = 0;
        int64_t total;
        rc = money_store_evaluations(c->db, c->arena, c->scope, &f, &ev,
                                     &n_ev, &total);
        if (rc == DB_OK) {
            rc = money_store_acceptances(c->db, c->arena, c->scope, &f, &ac,
                                         &n_ac, &total);
        }
        if (rc != DB_OK) {
            break;
        }
        struct payment_view *v = arena_alloc(c->arena, sizeof *v * np);
        payment_plan_derive(c->arena, k, ev, n_ev, ac, n_ac, &cal, c->today,
                            ps, np, v);
        for (size_t j = 0; j < np; j++) {
            for (int s = 0; s < DASH_PAY_STATES; s++) {
                if (strcmp(v[j].state, dashboard_pay_states[s]) == 0) {
                    d->pay_n[s]++;
                    d->pay_fen[s] += ps[j].amount_fen;
                }
            }
            if (v[j].overdue) {
                d->overdue_n++;
                d->overdue_fen += ps[j].amount_fen;
            }
        }
    }
    return rc;
}

static void begin(const struct dashboard_ctx *c, struct dashboard *d,
                  int from_month, int to_month)
{
    memset(d, 0, sizeof *d);
    d->from_month = from_month;
    d->to_month = to_month;
    memcpy(d->shown, c->may, sizeof d->shown);
}

int dashboard_station(const struct dashboard_ctx *c, int64_t station_id,
                      int from_month, int to_month, struct dashboard *d)
{
    begin(c, d, from_month, to_month);
    d->shown[DASH_STAFF] = d->shown[DASH_PAYMENTS] = false;
    int rc = station_store_get_plain(c->db, c->arena, c->scope, station_id,
                                     &d->station);
    if (rc != DB_ROW) {
        return rc;
    }
    rc = DB_OK;
    if (d->shown[DASH_SERVICES]) {
        rc = figures(c, d, total_measures, COUNT(total_measures), -1,
                     station_id, NULL, &d->total);
        if (rc == DB_OK) {
            rc = figures(c, d, cut_measures, COUNT(cut_measures),
                         STATS_BY_TYPE, station_id, NULL, &d->by_type);
        }
        if (rc == DB_OK) {
            rc = figures(c, d, category_measures, COUNT(category_measures),
                         STATS_BY_CATEGORY, station_id, NULL, &d->by_cat);
        }
    }
    if (rc == DB_OK && d->shown[DASH_CASES]) {
        rc = dashboard_store_open_cases(c->db, c->scope, NULL, station_id,
                                        d->open_cases);
    }
    if (rc == DB_OK && d->shown[DASH_TASKS]) {
        struct task_query q = {.owner = {.station_id = station_id},
                               .today = c->today,
                               .week_end = c->week_end,
                               .window = TASK_OVERDUE,
                               .page = 1,
                               .limit = 1};
        struct task *items;
        size_t n;
        rc = task_list_build(c->db, c->arena, c->scope, c->profile, &q,
                             &items, &n, &d->tasks);
    }
    return rc;
}

int dashboard_region(const struct dashboard_ctx *c, const char *region,
                     int from_month, int to_month, struct dashboard *d)
{
    begin(c, d, from_month, to_month);
    d->shown[DASH_TASKS] = false;
    d->region = region;
    /* A county ranks its townships; a township its stations. */
    int rank_by = strlen(region) <= 6 ? STATS_BY_TOWNSHIP : STATS_BY_STATION;
    int rc = DB_OK;
    if (d->shown[DASH_SERVICES]) {
        rc = figures(c, d, total_measures, COUNT(total_measures), -1, 0,
                     region, &d->total);
        if (rc == DB_OK) {
            rc = figures(c, d, cut_measures, COUNT(cut_measures),
                         STATS_BY_MONTH, 0, region, &d->by_month);
        }
        if (rc == DB_OK) {
            rc = figures(c, d, cut_measures, COUNT(cut_measures), rank_by, 0,
                         region, &d->ranking);
        }
    }
    if (rc == DB_OK && d->shown[DASH_CASES]) {
        rc = dashboard_store_open_cases(c->db, c->scope, region, 0,
                                        d->open_cases);
    }
    if (rc == DB_OK && d->shown[DASH_STAFF]) {
        rc = staff(c, d);
    }
    if (rc == DB_OK && d->shown[DASH_PAYMENTS]) {
        rc = payments(c, d);
    }
    return rc;
}
