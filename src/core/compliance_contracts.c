/* Compliance rules on contracts (issue 7): the contract copy's filing
 * deadline, workers in place, the least money per station, services
 * outside the scope, services by people not on the roster (严禁服务转包),
 * targets behind the term, other filings overdue, contracts of debarred
 * organisations, the reminder before expiry, the cycle, a final
 * evaluation in the term's first half, and no renewal after a failed
 * evaluation.
 * Each walks the active contracts of the caller's range. */
#include <stdio.h>
#include <string.h>

#include "../store/calendar_store.h"
#include "../store/contract_parts_store.h"
#include "../store/contract_store.h"
#include "../store/filing_store.h"
#include "../store/money_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "../util/yuan.h"
#include "compliance_rules.h"
#include "contract_terms.h"
#include "dictionary.h"

/* Calls fn for every active contract of the scope, page by page. */
static int each_contract(const struct compliance_ctx *c,
                         struct compliance_report *r,
                         int (*fn)(const struct compliance_ctx *c,
                                   struct compliance_report *r,
                                   const struct calendar *cal,
                                   const struct contract *k))
{
    struct calendar cal;
    int rc = calendar_store_load(c->db, c->arena, &cal);
    struct contract_filter f = {.status = "active"};
    for (int64_t offset = 0; rc == DB_OK; offset += 200) {
        struct contract *items;
        size_t n;
        int64_t total;
        rc = contract_store_list(c->db, c->arena, c->scope, &f, 200, offset,
                                 &items, &n, &total);
        for (size_t i = 0; rc == DB_OK && i < n; i++) {
            rc = fn(c, r, &cal, &items[i]);
        }
        if (n < 200) {
            break;
        }
    }
    return rc;
}

/* Whether the caller's range holds station id of contract k: the
 * contract covering a township's station is her officer's to read, its
 * other townships' stations are not. */
static bool station_in_range(const struct compliance_ctx *c,
                             const struct contract *k, int64_t id)
{
    /* An organisation's own contract: each of its stations is its own.
     * Its range (its contracts' stations) is a query, not a list that
     * scope_has_station could look in. */
    if (c->org_id && k->organisation_id == c->org_id) {
        return true;
    }
    for (size_t i = 0; i < k->n_stations; i++) {
        if (k->stations[i].station_id == id) {
            const char *region = k->stations[i].region_code;
            return scope_has_station(c->scope, id, region ? region : "");
        }
    }
    return scope_has_station(c->scope, id, "");
}

/* A finding on contract k, about one of its stations (0: the whole);
 * one about a station outside the caller's range is left out. */
static void add_at(const struct compliance_ctx *c,
                   struct compliance_report *r, const char *rule,
                   enum severity sev, const char *clause,
                   const struct contract *k, int64_t station_id,
                   const char *zh, const char *en)
{
    if (station_id && !station_in_range(c, k, station_id)) {
        return;
    }
    struct finding f = {
        .rule = rule,
        .severity = sev,
        .clause = clause,
        .entity = "contract",
        .entity_id = k->id,
        .entity_name = arena_printf(c->arena, "%s %s", k->code, k->title),
        .message = zh,
        .message_en = en,
        .station_id = station_id,
        .contract_id = k->id,
    };
    compliance_add(c, r, &f);
}

static void add(const struct compliance_ctx *c, struct compliance_report *r,
                const char *rule, enum severity sev, const char *clause,
                const struct contract *k, const char *zh, const char *en)
{
    add_at(c, r, rule, sev, clause, k, 0, zh, en);
}

/* "（暂定）" / " (provisional)" after a date counted in a year not loaded. */
#define PROV_ZH(p) ((p) ? "(暂定)" : "")
#define PROV_EN(p) ((p) ? " (provisional)" : "")

/* Whether day lies within 5 working days from today (inclusive). */
static bool due_soon(const struct calendar *cal, const char *today,
                     const char *day)
{
    char limit[16];
    bool prov;
    return contract_terms_add_workdays(cal, today, 5, limit, &prov) &&
           strcmp(day, limit) <= 0;
}

/* ---- contract.filing_deadline ----------------------------------------- */

static int filing_deadline(const struct compliance_ctx *c,
                           struct compliance_report *r,
                           const struct calendar *cal,
                           const struct contract *k)
{
    const struct profile_contracts *pc = &c->profile->contracts;
    char due[16];
    bool prov;
    if (!contract_terms_filing_due(cal, pc, k, due, &prov)) {
        return DB_OK;
    }
    const char *rule = "contract.filing_deadline";
    const char *clause = "contracts.filing_working_days";
    if (k->filed_on) {
        if (strcmp(k->filed_on, due) > 0) {
            add(c, r, rule, SEV_VIOLATION, clause, k,
                arena_printf(c->arena,
                             "协议副本于%s报%s备案，晚于期限%s%s(签订后%d个工作日内)",
                             k->filed_on, pc->filing_with, due, PROV_ZH(prov),
                             pc->filing_working_days),
                arena_printf(c->arena,
                             "the contract copy was filed on %s, after the "
                             "deadline %s%s (%d working days)",
                             k->filed_on, due, PROV_EN(prov),
                             pc->filing_working_days));
        }
        return DB_OK;
    }
    if (strcmp(c->today, due) > 0) {
        add(c, r, rule, SEV_VIOLATION, clause, k,
            arena_printf(c->arena,
                         "协议副本未报%s备案，期限%s%s已过(签订后%d个工作日内)",
                         pc->filing_with, due, PROV_ZH(prov),
                         pc->filing_working_days),
            arena_printf(c->arena,
                         "the contract copy is not filed; the deadline %s%s "
                         "has passed (%d working days)",
                         due, PROV_EN(prov), pc->filing_working_days));
    } else if (due_soon(cal, c->today, due)) {
        add(c, r, rule, SEV_WARNING, clause, k,
            arena_printf(c->arena, "协议副本须于%s%s前报%s备案", due,
                         PROV_ZH(prov), pc->filing_with),
            arena_printf(c->arena, "file the contract copy by %s%s", due,
                         PROV_EN(prov)));
    }
    return DB_OK;
}

static int rule_filing_deadline(const struct compliance_ctx *c,
                                struct compliance_report *r)
{
    return each_contract(c, r, filing_deadline);
}

static bool has_filing_deadline(const struct profile *p)
{
    return p->contracts.filing_working_days > 0;
}

/* ---- contract.staff_in_place ------------------------------------------ */

static int staff_in_place(const struct compliance_ctx *c,
                          struct compliance_report *r,
                          const struct calendar *cal,
                          const struct contract *k)
{
    (void)cal;
    const struct profile_contracts *pc = &c->profile->contracts;
    char due[16];
    if (!contract_terms_staff_due(pc, k, due)) {
        return DB_OK;
    }
    const char *rule = "contract.staff_in_place";
    const char *clause = "contracts.staff_in_place";
    if (k->staff_in_place_on && strcmp(k->staff_in_place_on, due) > 0) {
        add(c, r, rule, SEV_VIOLATION, clause, k,
            arena_printf(c->arena,
                         "驻站社工%s到岗，晚于期限%s(签订后%d个月内)",
                         k->staff_in_place_on, due,
                         pc->staff_in_place_months),
            arena_printf(c->arena,
                         "the workers were in place on %s, after %s (%d "
                         "month(s) of signing)",
                         k->staff_in_place_on, due,
                         pc->staff_in_place_months));
    } else if (!k->staff_in_place_on && strcmp(c->today, due) > 0) {
        add(c, r, rule, SEV_VIOLATION, clause, k,
            arena_printf(c->arena,
                         "协议未填写“人员到岗日期”，期限%s已过(签订后%d个月内)"
                         "：驻站社工到岗后，请在协议页填写", due,
                         pc->staff_in_place_months),
            arena_printf(c->arena,
                         "the contract has no date for the workers in place "
                         "(deadline %s): once they are, enter it on the "
                         "contract's page",
                         due));
    }
    return DB_OK;
}

static int rule_staff_in_place(const struct compliance_ctx *c,
                               struct compliance_report *r)
{
    return each_contract(c, r, staff_in_place);
}

static bool has_staff_in_place(const struct profile *p)
{
    return p->contracts.staff_in_place_months > 0;
}

/* ---- contract.min_station_amount -------------------------------------- */

static int min_station_amount(const struct compliance_ctx *c,
                              struct compliance_report *r,
                              const struct calendar *cal,
                              const struct contract *k)
{
    (void)cal;
    int64_t min = c->profile->contracts.min_amount_per_station_fen;
    /* The plan's amount is per year; a term of another length counts
     * pro rata (a year is 365 days, and a year-long term is exact). */
    int64_t days = contract_terms_days(k->starts_on, k->ends_on) + 1;
    for (size_t i = 0; i < k->n_stations; i++) {
        const struct contract_station *s = &k->stations[i];
        int64_t yearly = days >= 365 && days <= 366
                             ? s->amount_fen
                             : s->amount_fen * 365 / (days > 0 ? days : 1);
        if (yearly >= min) {
            continue;
        }
        add_at(c, r, "contract.min_station_amount", SEV_VIOLATION,
               "contracts.min_amount_per_station_fen", k, s->station_id,
            arena_printf(c->arena,
                         "%s每年%s元，低于每站不少于%s元的标准",
                         s->station_name, yuan_grouped(c->arena, yearly),
                         yuan_grouped(c->arena, min)),
            arena_printf(c->arena,
                         "%s gets %s yuan a year, below the %s yuan per "
                         "station",
                         s->station_name, yuan_grouped(c->arena, yearly),
                         yuan_grouped(c->arena, min)));
    }
    return DB_OK;
}

static int rule_min_station_amount(const struct compliance_ctx *c,
                                   struct compliance_report *r)
{
    return each_contract(c, r, min_station_amount);
}

static bool has_min_amount(const struct profile *p)
{
    return p->contracts.min_amount_per_station_fen > 0;
}

/* ---- contract.out_of_scope -------------------------------------------- */

/* The term up to today, as Unix seconds [from, until). */
static void term_so_far(const struct compliance_ctx *c,
                        const struct contract *k, int64_t *from,
                        int64_t *until)
{
    const char *end = strcmp(c->today, k->ends_on) < 0 ? c->today : k->ends_on;
    *from = contract_terms_instant(k->starts_on);
    *until = contract_terms_instant(end) + 86400;
}

static int out_of_scope(const struct compliance_ctx *c,
                        struct compliance_report *r,
                        const struct calendar *cal, const struct contract *k)
{
    (void)cal;
    struct contract_area *areas;
    size_t n;
    int rc = contract_parts_scope(c->db, c->arena, k->id, &areas, &n);
    if (rc != DB_OK || n == 0) {
        return rc; /* no scope recorded: nothing to compare with */
    }
    int64_t from, until, count, first;
    term_so_far(c, k, &from, &until);
    rc = contract_parts_out_of_scope(c->db, c->scope, k->id, from, until,
                                     &count, &first);
    if (rc == DB_OK && count > 0) {
        add(c, r, "contract.out_of_scope", SEV_VIOLATION,
            "不得自行扩大服务范围", k,
            arena_printf(c->arena,
                         "协议期内有%lld条服务记录的服务领域不在协议服务范围内"
                         "(如服务记录%lld)，不得自行扩大服务范围",
                         (long long)count, (long long)first),
            arena_printf(c->arena,
                         "%lld service record(s) in the term lie outside the "
                         "contract's service areas (e.g. record %lld)",
                         (long long)count, (long long)first));
    }
    return rc;
}

static int rule_out_of_scope(const struct compliance_ctx *c,
                             struct compliance_report *r)
{
    return each_contract(c, r, out_of_scope);
}

/* ---- contract.unrostered_workers -------------------------------------- */

/* The name of station id on contract k. */
static const char *station_name_of(const struct contract *k, int64_t id)
{
    for (size_t i = 0; i < k->n_stations; i++) {
        if (k->stations[i].station_id == id) {
            return k->stations[i].station_name;
        }
    }
    return "";
}

/* One finding for the station's records and workers. */
static void unrostered_at(const struct compliance_ctx *c,
                          struct compliance_report *r,
                          const struct contract *k,
                          const struct unrostered_station *x)
{
    enum { NAMED = 3 };
    const char *zh = "", *en = "";
    for (size_t i = 0; i < x->n_workers && i < NAMED; i++) {
        const struct unrostered_worker *w = &x->workers[i];
        zh = arena_printf(c->arena, "%s%s%s(%s)%lld条", zh, i ? "、" : "",
                          w->display_name, w->username,
                          (long long)w->records);
        en = arena_printf(c->arena, "%s%s%s (%s) %lld", en, i ? ", " : "",
                          w->display_name, w->username,
                          (long long)w->records);
    }
    if (x->n_workers > NAMED) {
        zh = arena_printf(c->arena, "%s等%zu人", zh, x->n_workers);
        en = arena_printf(c->arena, "%s and %zu more", en,
                          x->n_workers - NAMED);
    }
    const char *station = station_name_of(k, x->station_id);
    add_at(c, r, "contract.unrostered_workers", SEV_VIOLATION,
           "严禁服务转包", k, x->station_id,
           arena_printf(c->arena,
                        "协议期内%s有%lld条服务记录的服务人员当天不在该站"
                        "社工名册上：%s(如服务记录%lld)，服务应由承接机构"
                        "登记在册的社工提供，严禁服务转包",
                        station, (long long)x->records, zh,
                        (long long)x->first_id),
           arena_printf(c->arena,
                        "%lld service record(s) at %s in the term were "
                        "served by people not on the station's roster that "
                        "day: %s (e.g. record %lld); services are the "
                        "contract holder's registered workers' (no "
                        "subcontracting)",
                        (long long)x->records, station, en,
                        (long long)x->first_id));
}

static int unrostered_workers(const struct compliance_ctx *c,
                              struct compliance_report *r,
                              const struct calendar *cal,
                              const struct contract *k)
{
    (void)cal;
    int64_t from, until;
    term_so_far(c, k, &from, &until);
    struct unrostered_station *x;
    size_t n;
    int rc = contract_parts_unrostered(c->db, c->arena, c->scope, k->id, from,
                                       until, &x, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        unrostered_at(c, r, k, &x[i]);
    }
    return rc;
}

static int rule_unrostered_workers(const struct compliance_ctx *c,
                                   struct compliance_report *r)
{
    return each_contract(c, r, unrostered_workers);
}

/* ---- contract.targets_behind ------------------------------------------ */

static int targets_behind(const struct compliance_ctx *c,
                          struct compliance_report *r,
                          const struct calendar *cal,
                          const struct contract *k)
{
    (void)cal;
    char day[16];
    const char *counted = contract_terms_counted_from(k, c->reports_owed_from,
                                                      day);
    bool live = strcmp(counted, k->starts_on) != 0;
    int elapsed = contract_terms_elapsed(k, counted, c->today);
    if (elapsed <= 0) {
        return DB_OK;
    }
    int64_t from, until;
    term_so_far(c, k, &from, &until);
    from = contract_terms_instant(counted);
    struct contract_target *t;
    size_t n;
    int rc = contract_parts_targets(c->db, c->arena, k->id, from, until, &t,
                                    &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        int64_t expected = t[i].quantity * elapsed / 1000;
        if (t[i].done >= expected) {
            continue;
        }
        const struct fixed_item *ty =
            dictionary_fixed_item("service_type", t[i].service_type);
        /* After a go-live within the term, what was done and what was
         * due are both counted from that day. */
        const char *since = live ? arena_printf(c->arena, "平台上线(%s)以来",
                                                counted)
                                 : "";
        const char *since_en =
            live ? arena_printf(c->arena, " since the go-live (%s)", counted)
                 : "";
        add(c, r, "contract.targets_behind", SEV_WARNING, "协议目标任务", k,
            arena_printf(c->arena,
                         "%s%s%s：年度目标%lld，%s已完成%lld；%s协议期已过"
                         "%d.%d%%，按进度应完成%lld",
                         ty ? ty->label : t[i].service_type,
                         *t[i].area ? "·" : "", t[i].area,
                         (long long)t[i].quantity, since, (long long)t[i].done,
                         live ? "上线以来" : "", elapsed / 10, elapsed % 10,
                         (long long)expected),
            arena_printf(c->arena,
                         "%s%s%s: target %lld, done %lld%s; %d.%d%% of the "
                         "term has passed%s, so %lld were due",
                         ty ? ty->label_en : t[i].service_type,
                         *t[i].area ? " / " : "", t[i].area,
                         (long long)t[i].quantity, (long long)t[i].done,
                         since_en, elapsed / 10, elapsed % 10,
                         live ? " since then" : "", (long long)expected));
    }
    return rc;
}

static int rule_targets_behind(const struct compliance_ctx *c,
                               struct compliance_report *r)
{
    return each_contract(c, r, targets_behind);
}

/* ---- contract.filings_overdue ----------------------------------------- */

static int rule_filings_overdue(const struct compliance_ctx *c,
                                struct compliance_report *r)
{
    struct calendar cal;
    int rc = calendar_store_load(c->db, c->arena, &cal);
    struct filing_filter ff = {.pending = 1};
    for (int64_t offset = 0; rc == DB_OK; offset += 200) {
        struct filing *items;
        size_t n;
        int64_t total;
        rc = filing_store_list(c->db, c->arena, c->scope, &ff, 200, offset,
                               &items, &n, &total);
        for (size_t i = 0; rc == DB_OK && i < n; i++) {
            const struct filing *f = &items[i];
            if (strcmp(f->kind, "contract_copy") == 0 && f->contract_id) {
                continue; /* contract.filing_deadline's */
            }
            bool late = f->due_on && strcmp(c->today, f->due_on) > 0;
            if (!f->due_on || (!late && !due_soon(&cal, c->today, f->due_on))) {
                continue;
            }
            struct finding x = {
                .rule = "contract.filings_overdue",
                .severity = late ? SEV_VIOLATION : SEV_WARNING,
                .clause = arena_printf(c->arena, "contracts.filings.%s",
                                       f->kind),
                .entity = "filing",
                .entity_id = f->id,
                .entity_name = f->title,
                .contract_id = f->contract_id,
                .message = arena_printf(
                    c->arena, late ? "“%s”未报%s备案，期限%s%s已过"
                                   : "“%s”须于%s前报%s备案%s",
                    f->title, late ? f->filed_with : f->due_on,
                    late ? f->due_on : f->filed_with,
                    PROV_ZH(f->due_provisional)),
                .message_en = arena_printf(
                    c->arena, late ? "%s is not filed; it was due %s%s"
                                   : "%s is due by %s%s",
                    f->title, f->due_on, PROV_EN(f->due_provisional)),
            };
            compliance_add(c, r, &x);
        }
        if (n < 200) {
            break;
        }
    }
    return rc;
}

/* ---- contract.debarred ------------------------------------------------ */

static int debarred(const struct compliance_ctx *c,
                    struct compliance_report *r, const struct calendar *cal,
                    const struct contract *k)
{
    (void)cal;
    struct debarment d;
    int rc = debarment_store_over(c->db, c->arena, k->organisation_id,
                                  c->today, c->today, &d);
    if (rc == DB_ROW) {
        add(c, r, "contract.debarred", SEV_VIOLATION, "禁止承接", k,
            arena_printf(c->arena,
                         "承接机构%s在%s至%s禁止承接期内(%s)，协议仍在履行",
                         k->organisation_name, d.starts_on, d.ends_on,
                         d.reason),
            arena_printf(c->arena,
                         "%s is debarred from %s to %s, and the contract is "
                         "still active",
                         k->organisation_name, d.starts_on, d.ends_on));
    }
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

static int rule_debarred(const struct compliance_ctx *c,
                         struct compliance_report *r)
{
    return each_contract(c, r, debarred);
}

/* ---- contract.expiring ------------------------------------------------ */

static int expiring(const struct compliance_ctx *c,
                    struct compliance_report *r, const struct calendar *cal,
                    const struct contract *k)
{
    (void)cal;
    int64_t left = contract_terms_days(c->today, k->ends_on);
    int notice = c->profile->contracts.expiry_notice_days;
    if (strcmp(c->today, k->ends_on) > 0 || left > notice) {
        return DB_OK;
    }
    int64_t next;
    int rc = contract_store_successor(c->db, k->id, &next);
    if (rc == DB_OK && next == 0) {
        add(c, r, "contract.expiring", SEV_WARNING,
            "contracts.expiry_notice_days", k,
            arena_printf(c->arena,
                         "协议将于%s到期(还有%lld天)，请确定下一期：续签或重新采购",
                         k->ends_on, (long long)left),
            arena_printf(c->arena,
                         "the contract ends on %s (%lld days): decide the "
                         "next term, renewal or a new procurement",
                         k->ends_on, (long long)left));
    }
    return rc;
}

static int rule_expiring(const struct compliance_ctx *c,
                         struct compliance_report *r)
{
    return each_contract(c, r, expiring);
}

/* ---- contract.cycle --------------------------------------------------- */

/* The plans fix the service cycle (攸县 3 years, 原州区 2) and have it
 * signed a year at a time (一年一签): a longer cycle, or a term of more
 * than a year, is outside what the county may buy. */
static int cycle(const struct compliance_ctx *c, struct compliance_report *r,
                 const struct calendar *cal, const struct contract *k)
{
    (void)cal;
    const struct profile_contracts *pc = &c->profile->contracts;
    if (pc->cycle_years > 0 && k->cycle_years > pc->cycle_years) {
        add(c, r, "contract.cycle", SEV_VIOLATION, "contracts.cycle_years", k,
            arena_printf(c->arena, "服务周期%lld年，超过规定的%d年",
                         (long long)k->cycle_years, pc->cycle_years),
            arena_printf(c->arena,
                         "a cycle of %lld years, longer than the %d the "
                         "profile allows",
                         (long long)k->cycle_years, pc->cycle_years));
    }
    int64_t days = contract_terms_days(k->starts_on, k->ends_on) + 1;
    if (pc->signed_yearly && days > 366) {
        add(c, r, "contract.cycle", SEV_VIOLATION, "contracts.signed_yearly",
            k,
            arena_printf(c->arena,
                         "协议期限%s至%s超过一年，应一年一签",
                         k->starts_on, k->ends_on),
            arena_printf(c->arena,
                         "the term %s to %s is longer than a year: the "
                         "profile has contracts signed yearly",
                         k->starts_on, k->ends_on));
    }
    return DB_OK;
}

static int rule_cycle(const struct compliance_ctx *c,
                      struct compliance_report *r)
{
    return each_contract(c, r, cycle);
}

static bool has_cycle(const struct profile *p)
{
    return p->contracts.cycle_years > 0 || p->contracts.signed_yearly;
}

/* ---- contract.renewal_after_fail -------------------------------------- */

/* The plans renew a contract a year at a time only after its annual
 * evaluation passed (年度评估合格后续签，评估不合格的不予续签，按照政府采购
 * 程序重新确定承接机构): a term following one whose last annual or final
 * evaluation before the signing failed goes to the same organisation
 * only by a new procurement. Single-source to the same organisation is
 * the renewal refused; another way, a warning to check it was a real
 * procurement. A single-source renewal with no annual or final
 * evaluation recorded before it is a warning: the plans renew after one
 * passed. */
static int renewal_after_fail(const struct compliance_ctx *c,
                              struct compliance_report *r,
                              const struct calendar *cal,
                              const struct contract *k)
{
    (void)cal;
    if (k->previous_id <= 0 || !k->signed_on) {
        return DB_OK;
    }
    struct contract p;
    int rc = contract_store_get(c->db, c->arena, &scope_all, k->previous_id,
                                &p);
    if (rc != DB_ROW || p.organisation_id != k->organisation_id) {
        return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
    }
    struct money_filter f = {.contract_id = p.id, .limit = 1000};
    struct evaluation *ev;
    size_t n;
    int64_t total;
    rc = money_store_evaluations(c->db, c->arena, &scope_all, &f, &ev, &n,
                                 &total);
    if (rc != DB_OK) {
        return rc;
    }
    const struct evaluation *last = NULL; /* the list is by date, then id */
    for (size_t i = 0; i < n; i++) {
        if ((strcmp(ev[i].kind, "annual") == 0 ||
             strcmp(ev[i].kind, "final") == 0) &&
            strcmp(ev[i].evaluated_on, k->signed_on) <= 0) {
            last = &ev[i];
        }
    }
    bool direct = strcmp(k->procurement, "single_source") == 0;
    if (!last && direct) {
        /* Renewed before any annual evaluation was recorded: perhaps kept
         * on paper, so a warning to record it, not a refusal. */
        add(c, r, "contract.renewal_after_fail", SEV_WARNING,
            "contracts.signed_yearly", k,
            arena_printf(c->arena,
                         "上一期协议%s在本期签订(%s)前没有年度或终期评估记录；"
                         "应在年度评估合格后续签",
                         p.code, k->signed_on),
            arena_printf(c->arena,
                         "the previous contract %s has no annual or final "
                         "evaluation recorded before this term was signed "
                         "(%s): a term is renewed after its annual "
                         "evaluation passed",
                         p.code, k->signed_on));
        return DB_OK;
    }
    if (!last || last->passed) {
        return DB_OK;
    }
    add(c, r, "contract.renewal_after_fail",
        direct ? SEV_VIOLATION : SEV_WARNING, "contracts.signed_yearly", k,
        arena_printf(c->arena,
                     "上一期协议%s于%s评估不合格，%s", p.code,
                     last->evaluated_on,
                     direct ? "不予续签，应按政府采购程序重新确定承接机构"
                            : "本期仍由同一机构承接，请核实系经政府采购程序"
                              "重新确定"),
        arena_printf(c->arena,
                     "the previous contract %s failed its evaluation on %s: "
                     "%s",
                     p.code, last->evaluated_on,
                     direct ? "it may not be renewed; the organisation is "
                              "chosen again by procurement"
                            : "the same organisation holds this term; check "
                              "it was chosen by a new procurement"));
    return DB_OK;
}

static int rule_renewal_after_fail(const struct compliance_ctx *c,
                                   struct compliance_report *r)
{
    return each_contract(c, r, renewal_after_fail);
}

/* ---- contract.final_evaluation_early ---------------------------------- */

/* The day halfway through k's term, into out[11]; false when a date of
 * it is not one. */
static bool term_midpoint(const struct contract *k, char out[11])
{
    int y1, m1, d1, y2, m2, d2;
    if (!k->starts_on || !k->ends_on ||
        !parse_date(k->starts_on, &y1, &m1, &d1) ||
        !parse_date(k->ends_on, &y2, &m2, &d2)) {
        return false;
    }
    int64_t a = cn_days_from_civil(y1, m1, d1);
    int64_t b = cn_days_from_civil(y2, m2, d2);
    cn_date_format(cn_civil_from_days(a + (b - a) / 2), out);
    return true;
}

/* A 终期评估 judges the whole term: one dated in its first half is
 * likely a mid-term one recorded under the wrong kind, and it decides
 * the final installment and the published result all the same. */
static int final_evaluation_early(const struct compliance_ctx *c,
                                  struct compliance_report *r,
                                  const struct calendar *cal,
                                  const struct contract *k)
{
    (void)cal;
    char mid[11];
    if (!term_midpoint(k, mid)) {
        return DB_OK;
    }
    struct money_filter f = {.contract_id = k->id, .kind = "final",
                             .limit = 1000};
    struct evaluation *ev;
    size_t n;
    int64_t total;
    int rc = money_store_evaluations(c->db, c->arena, &scope_all, &f, &ev, &n,
                                     &total);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (strcmp(ev[i].kind, "final") != 0 ||
            strcmp(ev[i].evaluated_on, mid) >= 0) {
            continue;
        }
        add(c, r, "contract.final_evaluation_early", SEV_WARNING, "终期评估",
            k,
            arena_printf(c->arena,
                         "%s的终期评估在服务期前半(服务期%s至%s)，终期评估"
                         "应评价整个服务期：请核对评估类型或日期，录错的请"
                         "作废后重新录入",
                         ev[i].evaluated_on, k->starts_on, k->ends_on),
            arena_printf(c->arena,
                         "the final evaluation of %s lies in the first half "
                         "of the term (%s to %s), which a final evaluation "
                         "judges whole: check its kind or date, and void "
                         "and record again one entered wrong",
                         ev[i].evaluated_on, k->starts_on, k->ends_on));
    }
    return rc;
}

static int rule_final_evaluation_early(const struct compliance_ctx *c,
                                       struct compliance_report *r)
{
    return each_contract(c, r, final_evaluation_early);
}

const struct compliance_rule compliance_contract_rules[] = {
    {"contract.filing_deadline", "协议副本按期备案",
     "The contract copy is filed in time", rule_filing_deadline,
     has_filing_deadline, "政策配置未规定协议备案期限",
     "the profile sets no filing deadline for contracts"},
    {"contract.staff_in_place", "驻站社工按期到岗",
     "Workers are in place in time", rule_staff_in_place, has_staff_in_place,
     "政策配置未规定社工到岗期限",
     "the profile sets no deadline for workers in place"},
    {"contract.min_station_amount", "每站经费不低于标准",
     "Each station gets the least amount", rule_min_station_amount,
     has_min_amount, "政策配置未规定每站最低经费",
     "the profile sets no least amount per station"},
    {"contract.out_of_scope", "不超出协议服务范围",
     "Services stay within the contract's scope", rule_out_of_scope, NULL,
     NULL, NULL},
    {"contract.unrostered_workers", "服务由在册社工提供(严禁服务转包)",
     "Services are given by the roster's workers", rule_unrostered_workers,
     NULL, NULL, NULL},
    {"contract.targets_behind", "年度目标按进度完成",
     "Targets keep pace with the term", rule_targets_behind, NULL, NULL,
     NULL},
    {"contract.filings_overdue", "备案事项按期报送",
     "Filings are made in time", rule_filings_overdue, NULL, NULL, NULL},
    {"contract.debarred", "禁止承接的机构无在履行协议",
     "No active contract of a debarred organisation", rule_debarred, NULL,
     NULL, NULL},
    {"contract.expiring", "协议到期前确定下一期",
     "The next term is decided before expiry", rule_expiring, NULL, NULL,
     NULL},
    {"contract.cycle", "服务周期与一年一签", "The cycle and yearly signing",
     rule_cycle, has_cycle, "政策配置未规定服务周期",
     "the profile sets no service cycle"},
    {"contract.final_evaluation_early", "终期评估在服务期后半",
     "The final evaluation lies in the term's second half",
     rule_final_evaluation_early, NULL, NULL, NULL},
    {"contract.renewal_after_fail", "评估不合格不予续签",
     "No renewal after a failed evaluation", rule_renewal_after_fail,
     has_cycle, "政策配置未规定服务周期和一年一签",
     "the profile sets no cycle signed yearly"},
    {0},
};
