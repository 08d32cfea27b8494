/* Compliance rules on reports (issue 8): the reports the active profile
 * says are due — each station's monthly brief, each county's quarterly
 * and half-year reports and self-evaluation — that are not
 * submitted by their day (report.overdue), or whose day comes within the
 * profile's reminder days (report.upcoming). A report returned for
 * changes counts as not submitted. Looks back three months for the
 * monthly brief and two periods for the county reports, or, after a
 * go-live day, to that day, up to a year (look_from); and at each
 * county's self-evaluation of last year and of this year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/contract_store.h"
#include "../store/money_store.h"
#include "../store/region_store.h"
#include "../store/report_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "compliance_rules.h"
#include "stats.h"
#include "permission.h"

enum due_state { DUE_NONE, DUE_UPCOMING, DUE_OVERDUE };

/* The report of a period not yet in: its id, 0 when none is written, and
 * whether the reviewer sent it back (a draft was never submitted). */
struct report_seen {
    int64_t id;
    bool returned;
};

/* Whether a report of type t, scope key and period [from, to] is
 * overdue or due soon; *seen the one written, if any. */
static int state_of(const struct compliance_ctx *c, int t, const char *key,
                    int from, int to, char *due, enum due_state *out,
                    struct report_seen *seen)
{
    const struct profile_reports *pr = &c->profile->reports;
    *out = DUE_NONE;
    *seen = (struct report_seen){0};
    if (report_before_live(to, c->reports_owed_from) ||
        !report_due_on(&pr->types[t], to, due)) {
        return DB_OK;
    }
    int y, m, d;
    if (!parse_date(c->today, &y, &m, &d)) {
        return DB_ERROR;
    }
    struct cn_date soon = cn_civil_from_days(cn_days_from_civil(y, m, d) +
                                             pr->upcoming_days);
    char limit[16];
    cn_date_format(soon, limit);
    bool overdue = strcmp(c->today, due) > 0;
    if (!overdue && strcmp(due, limit) > 0) {
        return DB_OK; /* not yet near */
    }
    struct report rep;
    char first[16];
    snprintf(first, sizeof first, "%04d-%02d", from / 12 % 10000,
             from % 12 + 1);
    int rc = report_store_find(c->db, c->arena, report_types[t].code, key,
                               first, &rep);
    if (rc == DB_ROW) {
        seen->id = rep.id;
        seen->returned = strcmp(rep.status, "returned") == 0;
        if (strcmp(rep.status, "submitted") == 0 ||
            strcmp(rep.status, "accepted") == 0) {
            return DB_OK;
        }
    } else if (rc != DB_DONE) {
        return rc;
    }
    *out = overdue ? DUE_OVERDUE : DUE_UPCOMING;
    return DB_OK;
}

/* Who receives a report of the rule: a county guidance centre has no
 * township office above it, so its monthly brief goes to the bureau. */
static const char *receiver_zh(const struct report_rule *rule,
                               bool county_centre)
{
    int r = county_centre ? ROLE_BUREAU : role_from_code(rule->receiver);
    return r < 0 ? rule->receiver : role_infos[r].label;
}

/* The period named as the statistics name it, in either language
 * ("2026年5月", "2026年第3季度", "2026年下半年", "2026年"; "May 2026",
 * "Q3 2026", "H2 2026", "2026") when it is one such period, else from
 * month to month. */
static const char *period_text(struct arena *a, int from, int to,
                               enum lang lang)
{
    int y = from / 12, m = from % 12;
    if (from == to) {
        return stats_period_label(a, STATS_BY_MONTH,
                                  arena_printf(a, "%04d-%02d", y, m + 1),
                                  from, to, lang);
    }
    if (m % 3 == 0 && to == from + 2) {
        return stats_period_label(a, STATS_BY_QUARTER,
                                  arena_printf(a, "%04d-Q%d", y, m / 3 + 1),
                                  from, to, lang);
    }
    if (m % 6 == 0 && to == from + 5) {
        bool first = m == 0;
        return lang == LANG_EN
                   ? arena_printf(a, "H%d %d", first ? 1 : 2, y)
                   : arena_printf(a, "%d年%s", y, first ? "上半年" : "下半年");
    }
    if (m == 0 && to == from + 11) {
        return stats_period_label(a, STATS_BY_YEAR,
                                  arena_printf(a, "%04d", y), from, to,
                                  lang);
    }
    return arena_printf(a, lang == LANG_EN ? "%s to %s" : "%s至%s",
                        period_text(a, from, from, lang),
                        period_text(a, to, to, lang));
}

/* A report type's English name inside a sentence: "the monthly brief",
 * not "the Monthly brief" (the name alone is a heading's). */
static const char *type_in_sentence(const struct compliance_ctx *c, int t)
{
    return compliance_in_sentence(
        c->arena, report_type_label(&c->profile->reports, t, true));
}

/* Adds the finding for a report of type t in state st. */
static void add(const struct compliance_ctx *c, struct compliance_report *r,
                int t, enum due_state st, const char *due, int from, int to,
                const char *entity, int64_t entity_id, const char *name,
                int64_t station_id, int64_t contract_id,
                const struct report_seen *seen, bool county_centre)
{
    const struct report_rule *rule = &c->profile->reports.types[t];
    /* The office the plan names (民政厅慈善事业促进和社会工作处), but
     * for a county guidance centre's brief, which has no township above
     * it and goes to the bureau; else a county's own report is the
     * bureau's, sent to the one above it (篇2 九(五): 向上级民政部门提交),
     * not to itself; the others to the role that reviews them here. */
    const char *to_whom = *rule->addressee && !county_centre
                              ? rule->addressee
                          : strcmp(entity, "region") == 0
                              ? "上级民政部门"
                              : receiver_zh(rule, county_centre);
    const char *period = period_text(c->arena, from, to, LANG_ZH);
    const char *period_en = period_text(c->arena, from, to, LANG_EN);
    bool late = st == DUE_OVERDUE;
    int64_t rep_id = seen->id;
    /* A report sent back was submitted once: not "never submitted". */
    const char *state = seen->returned
                            ? late ? "，已退回修改，逾期未重新提交"
                                   : "，已退回修改，尚未重新提交"
                        : late ? "，已逾期未提交"
                               : "，尚未提交";
    const char *state_en =
        seen->returned
            ? late ? "; it was returned for changes and has not been "
                     "submitted again"
                   : "; it was returned for changes"
        : late ? " and has not been submitted"
               : "";
    struct finding f = {
        .rule = late ? "report.overdue" : "report.upcoming",
        .severity = late ? SEV_VIOLATION : SEV_WARNING,
        .clause = arena_printf(c->arena, "reports.%s：%s",
                               report_types[t].code, rule->clause),
        .entity = rep_id ? "report" : entity,
        .entity_id = rep_id ? rep_id : entity_id,
        /* A record's own name, as every rule gives it; the period is in
         * the message (and in the name of a report that exists). */
        .entity_name = rep_id ? arena_printf(c->arena, "%s %s", name, period)
                              : name,
        .entity_name_en = rep_id ? arena_printf(c->arena, "%s %s", name,
                                                period_en)
                                 : name,
        .message = arena_printf(c->arena, "%s(%s)应于%s前报%s%s",
                                report_type_label(&c->profile->reports, t,
                                                  false),
                                period, due, to_whom,
                                state),
        .message_en = arena_printf(c->arena, "the %s for %s is due on %s%s",
                                   type_in_sentence(c, t), period_en,
                                   due, state_en),
        .station_id = station_id,
        .contract_id = contract_id,
    };
    f.report_type = report_types[t].code;
    f.report_author = report_types[t].author_role;
    f.period_from = arena_printf(c->arena, "%04d-%02d", from / 12,
                                 from % 12 + 1);
    f.period_to = arena_printf(c->arena, "%04d-%02d", to / 12, to % 12 + 1);
    f.report_id = rep_id;
    compliance_add(c, r, &f);
}

static int this_month(const struct compliance_ctx *c)
{
    int y, m, d;
    return parse_date(c->today, &y, &m, &d) ? y * 12 + m - 1 : 0;
}

/* The month number of a date (YYYY-MM-DD). */
static int month_of(const char *day)
{
    return atoi(day) * 12 + atoi(day + 5) - 1;
}

/* The first month whose periods the rules look at: fallback (the last
 * three months, the last two quarters or halves), or, with a go-live day
 * (reports.owed_from), every month since its month, up to a year back: a
 * station that has written nothing since the county went live is behind
 * for every month of it, not for the last three. Without one, the short
 * window keeps a county's first day from opening with years of briefs
 * owed that were kept on paper; a year keeps the page's work bounded
 * (one lookup a station and month). */
static int look_from(const struct compliance_ctx *c, int fallback)
{
    if (!c->reports_owed_from) {
        return fallback;
    }
    struct cn_date d = cn_civil_from_days(c->reports_owed_from);
    int live = d.year * 12 + d.month - 1;
    int year_back = this_month(c) - 12;
    int from = live < year_back ? year_back : live;
    return from < fallback ? from : fallback;
}

/* The month a station's reports are owed from: its opening, or, when
 * nobody recorded that, the day it was registered here. A station set up
 * on the platform's first day owes no brief for the months before it
 * (they were kept on paper, if at all). */
static int station_start_month(const struct station *s)
{
    int y, m, d;
    if (s->opened_on && parse_date(s->opened_on, &y, &m, &d)) {
        return y * 12 + m - 1;
    }
    struct cn_date c = cn_date_of(s->created_at);
    return c.year * 12 + c.month - 1;
}

/* ---- the monthly brief of each station -------------------------------- */

static int station_briefs(const struct compliance_ctx *c,
                          struct compliance_report *r,
                          const struct station *s, enum due_state want)
{
    int now = this_month(c);
    const char *key = arena_printf(c->arena, "s:%lld", (long long)s->id);
    int start = station_start_month(s);
    for (int m = look_from(c, now - 3); m < now; m++) {
        if (m < start) {
            continue;
        }
        char due[16];
        enum due_state st;
        struct report_seen rep;
        int rc = state_of(c, REPORT_MONTHLY_BRIEF, key, m, m, due, &st,
                          &rep);
        if (rc != DB_OK) {
            return rc;
        }
        if (st == want) {
            add(c, r, REPORT_MONTHLY_BRIEF, st, due, m, m, "station", s->id,
                s->name, s->id, 0, &rep,
                strcmp(s->type, "county_center") == 0);
        }
    }
    return DB_OK;
}

static int briefs_overdue(const struct compliance_ctx *c,
                          struct compliance_report *r,
                          const struct station *s, void *unused)
{
    (void)unused;
    return station_briefs(c, r, s, DUE_OVERDUE);
}

static int briefs_upcoming(const struct compliance_ctx *c,
                           struct compliance_report *r,
                           const struct station *s, void *unused)
{
    (void)unused;
    return station_briefs(c, r, s, DUE_UPCOMING);
}

/* ---- each county's quarterly and half-year reports and its
 * self-evaluation ------------------------------------------------------ */

/* The counties of the scope's active stations, each once, and the month
 * the first of each county's stations started (station_start_month): a
 * county owes no report for a period that ended before it had one. */
static int counties_of(const struct compliance_ctx *c, const char ***out,
                       int **starts, size_t *n)
{
    struct station_filter f = {.status = "active", .sort = STATION_SORT_ID,
                               .limit = 200};
    size_t cap = 8, scap = 8;
    *out = arena_alloc(c->arena, cap * sizeof **out);
    *starts = arena_alloc(c->arena, scap * sizeof **starts);
    *n = 0;
    for (;;) {
        struct station *items;
        size_t k;
        int64_t total;
        int rc = station_store_list(c->db, c->arena, c->scope, &f, &items, &k,
                                    &total);
        if (rc != DB_OK) {
            return rc;
        }
        for (size_t i = 0; i < k; i++) {
            if (strlen(items[i].region_code) < 6) {
                continue;
            }
            const char *county = arena_printf(c->arena, "%.6s",
                                              items[i].region_code);
            /* A county's own reports concern those whose range covers
             * the county, not a station's staff. */
            if (!scope_has_region(c->scope, county)) {
                continue;
            }
            int start = station_start_month(&items[i]);
            size_t j = 0;
            while (j < *n && strcmp((*out)[j], county) != 0) {
                j++;
            }
            if (j < *n) {
                if (start < (*starts)[j]) {
                    (*starts)[j] = start;
                }
                continue;
            }
            *out = arena_grow(c->arena, *out, *n, &cap, sizeof **out);
            *starts = arena_grow(c->arena, *starts, *n, &scap,
                                 sizeof **starts);
            (*out)[*n] = county;
            (*starts)[(*n)++] = start;
        }
        if (k < (size_t)f.limit) {
            return DB_OK;
        }
        f.offset += f.limit;
    }
}

/* The county's self-evaluation of the year, once a station of it had
 * started by the day it is due (a county whose first station opened in
 * December owes none for November's). */
static int self_evaluation(const struct compliance_ctx *c,
                           struct compliance_report *r, const char *county,
                           const char *name, int start, int year,
                           enum due_state want)
{
    char due[16];
    enum due_state st;
    struct report_seen rep;
    const char *key = arena_printf(c->arena, "r:%s", county);
    int rc = state_of(c, REPORT_SELF_EVALUATION, key, year * 12,
                      year * 12 + 11, due, &st, &rep);
    if (rc == DB_OK && st == want && month_of(due) >= start) {
        add(c, r, REPORT_SELF_EVALUATION, st, due, year * 12, year * 12 + 11,
            "region", strtoll(county, NULL, 10), name, 0, 0, &rep, false);
    }
    return rc;
}

static int county_reports(const struct compliance_ctx *c,
                          struct compliance_report *r, enum due_state want)
{
    bool self = c->profile->reports.types[REPORT_SELF_EVALUATION].set;
    const char **counties;
    int *starts;
    size_t n;
    int rc = counties_of(c, &counties, &starts, &n);
    int now = this_month(c);
    static const int types[] = {REPORT_QUARTERLY, REPORT_HALF_YEAR};
    static const int len[] = {3, 6};
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        const char *key = arena_printf(c->arena, "r:%s", counties[i]);
        struct region g;
        rc = region_store_get(c->db, c->arena, counties[i], &g);
        const char *name = rc == DB_ROW ? g.name : counties[i];
        rc = rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
        for (size_t k = 0; rc == DB_OK && k < 2; k++) {
            /* The last two periods that have ended, or those since the
             * go-live day (look_from). */
            int last = now / len[k] * len[k] - len[k];
            int first = look_from(c, last - len[k]) / len[k] * len[k];
            for (int from = first; rc == DB_OK && from <= last;
                 from += len[k]) {
                if (from + len[k] - 1 < starts[i]) {
                    continue;
                }
                char due[16];
                enum due_state st;
                struct report_seen rep;
                rc = state_of(c, types[k], key, from, from + len[k] - 1, due,
                              &st, &rep);
                if (rc == DB_OK && st == want) {
                    /* The county's code is its id, so that each county's
                     * findings group apart. */
                    add(c, r, types[k], st, due, from, from + len[k] - 1,
                        "region", strtoll(counties[i], NULL, 10), name, 0,
                        0, &rep, false);
                }
            }
        }
        /* Last year's and this year's: a report due on 31 December
         * (福建) is late only once the year has turned. */
        for (int y = now / 12 - 1; rc == DB_OK && self && y <= now / 12;
             y++) {
            rc = self_evaluation(c, r, counties[i], name, starts[i], y,
                                 want);
        }
    }
    return rc;
}

/* ---- each contract's reports: the organisation's monthly brief of the
 * last three months of its term, the mid-term and final reports ------- */

static int org_briefs(const struct compliance_ctx *c,
                      struct compliance_report *r, const struct contract *k,
                      enum due_state want)
{
    int now = this_month(c), start = month_of(k->starts_on),
        end = month_of(k->ends_on);
    const char *key = arena_printf(c->arena, "c:%lld", (long long)k->id);
    int rc = DB_OK;
    for (int m = look_from(c, now - 3); rc == DB_OK && m < now; m++) {
        if (m < start || m > end) {
            continue;
        }
        char due[16];
        enum due_state st;
        struct report_seen rep;
        rc = state_of(c, REPORT_ORG_MONTHLY, key, m, m, due, &st, &rep);
        if (rc == DB_OK && st == want) {
            add(c, r, REPORT_ORG_MONTHLY, st, due, m, m, "contract", k->id,
                arena_printf(c->arena, "%s %s", k->code, k->title), 0, k->id,
                &rep, false);
        }
    }
    return rc;
}

/* The mid-term and final reports, which the plans ask 按时 without a
 * day: once the evaluation they go with has been held, one not yet
 * submitted is a warning (the evaluation had none to read). */
static int evaluation_reports(const struct compliance_ctx *c,
                              struct compliance_report *r,
                              const struct contract *k)
{
    static const struct {
        int type;
        const char *kind, *zh, *en;
    } pairs[] = {
        {REPORT_MIDTERM, "midterm", "中期评估", "mid-term evaluation"},
        {REPORT_FINAL, "final", "终期评估", "final evaluation"},
    };
    const struct profile_reports *pr = &c->profile->reports;
    struct money_filter f = {.contract_id = k->id, .limit = 1000};
    struct evaluation *ev;
    size_t n;
    int64_t total;
    int rc = money_store_evaluations(c->db, c->arena, &scope_all, &f, &ev, &n,
                                     &total);
    const char *key = arena_printf(c->arena, "c:%lld", (long long)k->id);
    for (size_t p = 0; rc == DB_OK && p < 2; p++) {
        int t = pairs[p].type;
        const char *held = NULL; /* the first, the list is by date */
        for (size_t i = 0; !held && i < n; i++) {
            if (strcmp(ev[i].kind, pairs[p].kind) == 0 &&
                strcmp(ev[i].evaluated_on, c->today) <= 0) {
                held = ev[i].evaluated_on;
            }
        }
        if (!pr->types[t].set || !held) {
            continue;
        }
        /* Held before the go-live day: its report was on paper too. */
        int hy, hm, hd;
        if (c->reports_owed_from && parse_date(held, &hy, &hm, &hd) &&
            cn_days_from_civil(hy, hm, hd) < c->reports_owed_from) {
            continue;
        }
        int64_t id;
        struct report rep;
        rc = report_store_first_of(c->db, report_types[t].code, key, &id);
        if (rc == DB_ROW) {
            rc = report_store_get(c->db, c->arena, &scope_all, id, &rep);
            if (rc == DB_ROW && (strcmp(rep.status, "submitted") == 0 ||
                                 strcmp(rep.status, "accepted") == 0)) {
                rc = DB_OK;
                continue;
            }
        }
        if (rc != DB_ROW && rc != DB_DONE) {
            return rc;
        }
        bool written = rc == DB_ROW; /* a draft, or returned */
        rc = DB_OK;
        struct finding x = {
            .rule = "report.overdue",
            .severity = SEV_WARNING,
            .clause = arena_printf(c->arena, "reports.%s：%s",
                                   report_types[t].code, pr->types[t].clause),
            .entity = "contract",
            .entity_id = k->id,
            .entity_name = arena_printf(c->arena, "%s %s", k->code, k->title),
            .message = arena_printf(c->arena, "%s已于%s进行，%s尚未提交",
                                    pairs[p].zh, held,
                                    report_type_label(pr, t, false)),
            .message_en = arena_printf(c->arena,
                                       "the %s was held on %s and the %s "
                                       "is not submitted",
                                       pairs[p].en, held,
                                       type_in_sentence(c, t)),
            .contract_id = k->id,
        };
        if (!written) { /* the page offers to write it */
            x.report_type = report_types[t].code;
            x.report_author = report_types[t].author_role;
        }
        compliance_add(c, r, &x);
    }
    return rc;
}

static int contract_reports(const struct compliance_ctx *c,
                            struct compliance_report *r, enum due_state want)
{
    bool monthly = c->profile->reports.types[REPORT_ORG_MONTHLY].set;
    struct contract_filter f = {.status = "active"};
    for (int64_t offset = 0;; offset += 200) {
        struct contract *items;
        size_t n;
        int64_t total;
        int rc = contract_store_list(c->db, c->arena, c->scope, &f, 200,
                                     offset, &items, &n, &total);
        for (size_t i = 0; rc == DB_OK && i < n; i++) {
            const struct contract *k = &items[i];
            /* A township officer reads the contracts serving her
             * township, but their reports are the county's: remind
             * only those who could open them. */
            rc = report_store_contract_in_scope(c->db, c->scope,
                                                k->region_code,
                                                k->organisation_id);
            if (rc == DB_DONE) {
                rc = DB_OK;
                continue;
            }
            rc = rc == DB_ROW ? DB_OK : rc;
            if (rc == DB_OK && monthly) {
                rc = org_briefs(c, r, k, want);
            }
            if (rc == DB_OK && want == DUE_OVERDUE) {
                rc = evaluation_reports(c, r, k);
            }
        }
        if (rc != DB_OK || n < 200) {
            return rc;
        }
    }
}

static int run(const struct compliance_ctx *c, struct compliance_report *r,
               enum due_state want)
{
    const struct profile_reports *pr = &c->profile->reports;
    int rc = DB_OK;
    if (pr->types[REPORT_MONTHLY_BRIEF].set) {
        rc = compliance_each_station(
            c, want == DUE_OVERDUE ? briefs_overdue : briefs_upcoming, r,
            NULL);
    }
    if (rc == DB_OK && (pr->types[REPORT_QUARTERLY].set ||
                        pr->types[REPORT_HALF_YEAR].set ||
                        pr->types[REPORT_SELF_EVALUATION].set)) {
        rc = county_reports(c, r, want);
    }
    /* A contract's reports concern those who read the contracts. */
    bool contracts = !c->may_read || c->may_read(c->may_read_arg,
                                                 "contract.read");
    if (rc == DB_OK && contracts &&
        (pr->types[REPORT_ORG_MONTHLY].set || pr->types[REPORT_MIDTERM].set ||
         pr->types[REPORT_FINAL].set)) {
        rc = contract_reports(c, r, want);
    }
    return rc;
}

static int overdue(const struct compliance_ctx *c,
                   struct compliance_report *r)
{
    return run(c, r, DUE_OVERDUE);
}

static int upcoming(const struct compliance_ctx *c,
                    struct compliance_report *r)
{
    return run(c, r, DUE_UPCOMING);
}

/* On when the profile sets a deadline for at least one report. */
static bool has_deadlines(const struct profile *p)
{
    for (int t = 0; p->reports.present && t < REPORT_TYPE_COUNT; t++) {
        const struct report_rule *k = &p->reports.types[t];
        if (k->set && (k->due_day || *k->due_month_day)) {
            return true;
        }
    }
    return false;
}

const struct compliance_rule compliance_report_rules[] = {
    {"report.overdue", "报告逾期未提交", "Reports overdue", overdue,
     has_deadlines, "政策配置未规定报告的报送期限",
     "the profile sets no report deadline"},
    {"report.upcoming", "报告即将到期", "Reports due soon", upcoming,
     has_deadlines, "政策配置未规定报告的报送期限",
     "the profile sets no report deadline"},
    {0},
};
