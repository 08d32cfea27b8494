/* Compliance rules on money and payments (issue 7): the share of the
 * social-assistance funds (a cap or a floor against its base), the
 * personnel share of the project money, allocations above their budget
 * line, a line's spending above it, a contract's spending above its
 * amount and its payments above its allocations, and each contract's
 * installments —
 * acceptance before payment, order and working-day deadlines, and
 * evaluations that blocked them. */
#include <string.h>

#include "../store/calendar_store.h"
#include "../store/money_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "compliance_rules.h"
#include "dictionary.h"
#include "money_service.h"
#include "payment_plan.h"
#include "../util/yuan.h"

static void add(const struct compliance_ctx *c, struct compliance_report *r,
                const char *rule, enum severity sev, const char *clause,
                const char *entity, int64_t id, const char *name,
                const char *name_en, const char *msg, const char *msg_en)
{
    struct finding f = {
        .rule = rule,
        .severity = sev,
        .clause = clause,
        .entity = entity,
        .entity_id = id,
        .entity_name = name,
        .entity_name_en = name_en,
        .message = msg,
        .message_en = msg_en,
    };
    compliance_add(c, r, &f);
}

/* A parent source covers its parts. */
static bool covers(const char *listed, const char *source)
{
    return strcmp(listed, source) == 0 ||
           (strcmp(listed, "social_assistance") == 0 &&
            (strcmp(source, "hardship_relief") == 0 ||
             strcmp(source, "medical_relief") == 0));
}

static const char *const all_sources[] = {
    "social_assistance", "hardship_relief", "medical_relief",
    "assistance_work",   "welfare_lottery", "fiscal_budget",
    "higher_subsidy",    "social_funds",    NULL};

static bool listed(const char *const *list, size_t n, const char *source)
{
    for (size_t i = 0; i < n; i++) {
        if (covers(list[i], source)) {
            return true;
        }
    }
    return false;
}

/* The names of the listed sources, joined with 、 (or ", "). */
static const char *source_names(struct arena *a, const char *const *list,
                                size_t n, bool en)
{
    const char *out = "";
    for (size_t i = 0; i < n; i++) {
        const struct fixed_item *it =
            dictionary_fixed_item("fund_source", list[i]);
        const char *name = !it ? list[i]
                           : en ? compliance_in_sentence(a, it->label_en)
                                : it->label;
        out = arena_printf(a, "%s%s%s", out, i ? (en ? ", " : "、") : "",
                           name);
    }
    return out;
}

/* One year: what was drawn from the counted sources against the base. */
static int assistance_year(const struct compliance_ctx *c,
                           struct compliance_report *r, int64_t year)
{
    const struct assistance_share *s = &c->profile->money.assistance;
    int64_t drawn = 0, base = 0, lines = 0, unknown = 0;
    int rc = DB_OK;
    for (const char *const *src = all_sources; rc == DB_OK && *src; src++) {
        if (s->n_drawn == 0 || listed(s->drawn_sources, s->n_drawn, *src)) {
            int64_t d;
            rc = money_store_sum_drawn(c->db, c->scope, year, *src, &d);
            drawn += d;
        }
        if (rc == DB_OK && listed(s->base_sources, s->n_base, *src)) {
            int64_t b, sp, nl, nu;
            rc = money_store_sum_lines(c->db, c->scope,
                                       year - (s->previous_year ? 1 : 0),
                                       *src, &b, &sp, &nl, &nu);
            base += s->spent ? sp : b;
            lines += nl;
            unknown += nu;
        }
    }
    if (rc != DB_OK || drawn == 0) {
        return rc;
    }
    int64_t base_year = year - (s->previous_year ? 1 : 0);
    const char *names =
        source_names(c->arena, s->base_sources, s->n_base, false);
    const char *names_en =
        source_names(c->arena, s->base_sources, s->n_base, true);
    const char *name = arena_printf(c->arena, "%lld年度", (long long)year);
    const char *name_en = arena_printf(c->arena, "%lld", (long long)year);
    if (lines == 0 || (s->spent && unknown > 0)) {
        add(c, r, "money.assistance_share", SEV_WARNING,
            "funding.social_assistance", "budget_year", year, name, name_en,
            arena_printf(c->arena,
                         "无法核对社会救助资金使用比例：请录入%lld年%s的%s",
                         (long long)base_year, names,
                         s->spent ? "支出总额" : "预算总额"),
            arena_printf(c->arena,
                         "cannot check the social-assistance share: enter "
                         "the %s of %s for %lld",
                         s->spent ? "amount spent" : "budget", names_en,
                         (long long)base_year));
        return DB_OK;
    }
    /* Boundaries inclusive (以内, 不超过, 不低于). */
    bool ok = s->floor ? drawn * 100 >= (int64_t)s->percent * base
                       : drawn * 100 <= (int64_t)s->percent * base;
    if (ok) {
        return DB_OK;
    }
    int64_t limit = (int64_t)s->percent * base / 100;
    add(c, r, "money.assistance_share", SEV_VIOLATION,
        "funding.social_assistance", "budget_year", year, name, name_en,
        arena_printf(c->arena,
                     "%lld年度购买服务资金%s元，%s%lld年%s%s%s元的%d%%"
                     "（%s元）",
                     (long long)year, yuan_grouped(c->arena, drawn),
                     s->floor ? "低于" : "超过", (long long)base_year, names,
                     s->spent ? "支出" : "预算", yuan_grouped(c->arena, base),
                     s->percent, yuan_grouped(c->arena, limit)),
        arena_printf(c->arena,
                     "%lld: %s yuan of purchase money is %s %d%% (%s yuan) "
                     "of the %lld %s of %s (%s yuan)",
                     (long long)year, yuan_grouped(c->arena, drawn),
                     s->floor ? "below" : "above", s->percent,
                     yuan_grouped(c->arena, limit), (long long)base_year,
                     s->spent ? "spending" : "budget", names_en,
                     yuan_grouped(c->arena, base)));
    return DB_OK;
}

static int assistance_share(const struct compliance_ctx *c,
                            struct compliance_report *r)
{
    int64_t *years;
    size_t n;
    int rc = money_store_years(c->db, c->arena, c->scope, &years, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        rc = assistance_year(c, r, years[i]);
    }
    return rc;
}

static bool is_personnel(const char *category)
{
    return strcmp(category, "wage") == 0 || strcmp(category, "bonus") == 0 ||
           strcmp(category, "social_insurance") == 0 ||
           strcmp(category, "income_tax") == 0;
}

/* Pooled over the contracts of a year that cover stations of the type:
 * the plan's "项目经费总额", not a per-station rule. */
static int personnel_share(const struct compliance_ctx *c,
                           struct compliance_report *r)
{
    const struct personnel_share *ps = &c->profile->money.personnel;
    struct money_contract *ks;
    size_t n;
    int rc = money_store_contracts(c->db, c->arena, c->scope, &ks, &n);
    enum { YEARS = 64 };
    int64_t year[YEARS], pers[YEARS], total[YEARS];
    bool ended[YEARS];
    size_t n_years = 0;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        bool yes;
        rc = money_store_contract_has_type(c->db, ks[i].id, ps->station_type,
                                           &yes);
        if (rc != DB_OK || !yes) {
            continue;
        }
        struct money_filter f = {.contract_id = ks[i].id};
        struct money_sum *sums;
        size_t ns;
        rc = money_store_sum_expenditures(c->db, c->arena, c->scope, &f,
                                          &sums, &ns);
        int64_t y = 0;
        for (const char *p = ks[i].starts_on; *p >= '0' && *p <= '9'; p++) {
            y = y * 10 + (*p - '0');
        }
        size_t k = 0;
        while (k < n_years && year[k] != y) {
            k++;
        }
        if (k == n_years) {
            if (n_years == YEARS) {
                continue;
            }
            year[k] = y;
            pers[k] = total[k] = 0;
            ended[k] = true;
            n_years++;
        }
        ended[k] = ended[k] && strcmp(ks[i].ends_on, c->today) < 0;
        for (size_t j = 0; rc == DB_OK && j < ns; j++) {
            total[k] += sums[j].amount_fen;
            pers[k] += is_personnel(sums[j].code) ? sums[j].amount_fen : 0;
        }
    }
    for (size_t k = 0; rc == DB_OK && k < n_years; k++) {
        if (total[k] == 0 || pers[k] * 100 >= (int64_t)ps->percent * total[k]) {
            continue;
        }
        int64_t share10 = pers[k] * 1000 / total[k];
        add(c, r, "money.personnel_share",
            ended[k] ? SEV_VIOLATION : SEV_WARNING, "funding.personnel_share",
            "budget_year", year[k],
            arena_printf(c->arena, "%lld年度", (long long)year[k]),
            arena_printf(c->arena, "%lld", (long long)year[k]),
            arena_printf(c->arena,
                         "%lld年度项目支出中人员费用占%lld.%lld%%，低于%d%%"
                         "（人员费用%s元，支出合计%s元）",
                         (long long)year[k], (long long)(share10 / 10),
                         (long long)(share10 % 10), ps->percent,
                         yuan_grouped(c->arena, pers[k]),
                         yuan_grouped(c->arena, total[k])),
            arena_printf(c->arena,
                         "%lld: personnel is %lld.%lld%% of the project's "
                         "spending, below %d%% (%s of %s yuan)",
                         (long long)year[k], (long long)(share10 / 10),
                         (long long)(share10 % 10), ps->percent,
                         yuan_grouped(c->arena, pers[k]),
                         yuan_grouped(c->arena, total[k])));
    }
    return rc;
}

/* Calls fn on every budget line in the scope, a page at a time. */
static int each_line(const struct compliance_ctx *c,
                     struct compliance_report *r,
                     int (*fn)(const struct compliance_ctx *,
                               struct compliance_report *,
                               const struct budget_line *))
{
    struct money_filter f = {.limit = 200};
    for (;;) {
        struct budget_line *ls;
        size_t n;
        int64_t total;
        int rc = money_store_lines(c->db, c->arena, c->scope, &f, &ls, &n,
                                   &total);
        for (size_t i = 0; rc == DB_OK && i < n; i++) {
            rc = fn(c, r, &ls[i]);
        }
        if (rc != DB_OK || n < (size_t)f.limit) {
            return rc;
        }
        f.offset += f.limit;
    }
}

static const char *line_name(const struct compliance_ctx *c,
                             const struct budget_line *b)
{
    return arena_printf(c->arena, "%lld年%s", (long long)b->year, b->title);
}

static const char *line_name_en(const struct compliance_ctx *c,
                                const struct budget_line *b)
{
    return arena_printf(c->arena, "%lld %s", (long long)b->year, b->title);
}

static int over_budget_fn(const struct compliance_ctx *c,
                          struct compliance_report *r,
                          const struct budget_line *b)
{
    if (b->allocated_fen <= b->budget_fen) {
        return DB_OK;
    }
    add(c, r, "money.over_budget", SEV_VIOLATION, "资金管理：专款专用",
        "budget_line", b->id, line_name(c, b), line_name_en(c, b),
        arena_printf(c->arena, "分配合计%s元，超过预算%s元",
                     yuan_grouped(c->arena, b->allocated_fen),
                     yuan_grouped(c->arena, b->budget_fen)),
        arena_printf(c->arena, "%s yuan allocated, above the budget of %s",
                     yuan_grouped(c->arena, b->allocated_fen),
                     yuan_grouped(c->arena, b->budget_fen)));
    return DB_OK;
}

/* A line's spending (the fund's own, as the finance office reports it)
 * above its budget: a warning, not a refusal. The social-assistance
 * funds are spent on need, and a county adjusts a budget during the year
 * (预算调整) or adds to it; the spending is a fact the shares are
 * measured on, so it is recorded as it was, and the bureau is told to
 * enter the adjusted budget or explain the difference. */
static int overspent_fn(const struct compliance_ctx *c,
                        struct compliance_report *r,
                        const struct budget_line *b)
{
    if (!b->spent_known || b->spent_fen <= b->budget_fen) {
        return DB_OK;
    }
    const char *spent = yuan_grouped(c->arena, b->spent_fen);
    const char *budget = yuan_grouped(c->arena, b->budget_fen);
    const char *over = yuan_grouped(c->arena, b->spent_fen - b->budget_fen);
    add(c, r, "money.overspent", SEV_WARNING, "资金管理：预算执行",
        "budget_line", b->id, line_name(c, b), line_name_en(c, b),
        arena_printf(c->arena,
                     "支出%s元，超过预算%s元（超出%s元）；如预算已调整，"
                     "请录入调整后的预算，否则请说明原因",
                     spent, budget, over),
        arena_printf(c->arena,
                     "%s yuan spent, above the budget of %s (by %s): enter "
                     "the adjusted budget if it was adjusted, or explain "
                     "the difference",
                     spent, budget, over));
    return DB_OK;
}

/* Allocations dated outside their line's year: made before the API
 * refused them. They count in the other year's fund-use statement and
 * assistance share while drawn on this year's budget; one typed wrong
 * is removed (DELETE /allocations/{id}) and entered again. */
static int off_year_fn(const struct compliance_ctx *c,
                       struct compliance_report *r,
                       const struct budget_line *b)
{
    struct money_span sp;
    long long y = (long long)b->year;
    const char *lo = arena_printf(c->arena, "%04lld-01-01", y);
    const char *hi = arena_printf(c->arena, "%04lld-12-31", y);
    int rc = money_store_line_off_year(c->db, c->arena, b->id, lo, hi, &sp);
    if (rc != DB_OK || sp.n == 0) {
        return rc;
    }
    add(c, r, "money.allocation_year", SEV_VIOLATION, "资金管理：专款专用",
        "budget_line", b->id, line_name(c, b), line_name_en(c, b),
        arena_printf(c->arena,
                     "%lld笔分配的日期不在预算年度%lld年内（%s至%s）",
                     (long long)sp.n, (long long)b->year, sp.first, sp.last),
        arena_printf(c->arena,
                     "%lld allocation(s) dated outside the line's year %lld "
                     "(%s to %s)",
                     (long long)sp.n, (long long)b->year, sp.first, sp.last));
    return DB_OK;
}

static int over_budget(const struct compliance_ctx *c,
                       struct compliance_report *r)
{
    return each_line(c, r, over_budget_fn);
}

static int overspent(const struct compliance_ctx *c,
                     struct compliance_report *r)
{
    return each_line(c, r, overspent_fn);
}

static int allocation_year(const struct compliance_ctx *c,
                           struct compliance_report *r)
{
    return each_line(c, r, off_year_fn);
}

/* A contract whose allocations exceed its amount: made before the API
 * refused them, or left when the contract's amount was lowered by an
 * amendment. The ledger's figures are then wrong until the allocation
 * typed wrong is removed (DELETE /allocations/{id}). */
static int over_contract(const struct compliance_ctx *c,
                         struct compliance_report *r)
{
    struct money_contract *ks;
    size_t n;
    int rc = money_store_contracts(c->db, c->arena, c->scope, &ks, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        int64_t allocated;
        rc = money_store_contract_allocated(c->db, ks[i].id, &allocated);
        if (rc != DB_OK || allocated <= ks[i].amount_fen) {
            continue;
        }
        add(c, r, "money.over_contract", SEV_VIOLATION, "资金管理：专款专用",
            "contract", ks[i].id, ks[i].code, NULL,
            arena_printf(c->arena, "分配合计%s元，超过协议金额%s元",
                         yuan_grouped(c->arena, allocated),
                         yuan_grouped(c->arena, ks[i].amount_fen)),
            arena_printf(c->arena,
                         "%s yuan allocated, above the contract's %s",
                         yuan_grouped(c->arena, allocated),
                         yuan_grouped(c->arena, ks[i].amount_fen)));
    }
    return rc;
}

int compliance_spent_over(struct db *db, struct arena *a,
                          const struct scope *sc, int64_t contract_id,
                          int64_t amount_fen, struct spent_over *out)
{
    memset(out, 0, sizeof *out);
    struct money_filter f = {.contract_id = contract_id};
    struct money_sum *sums;
    size_t ns;
    int rc = money_store_sum_expenditures(db, a, sc, &f, &sums, &ns);
    for (size_t j = 0; rc == DB_OK && j < ns; j++) {
        out->spent_fen += sums[j].amount_fen;
    }
    out->amount_fen = amount_fen;
    if (rc != DB_OK || out->spent_fen <= amount_fen) {
        return rc;
    }
    out->over_fen = out->spent_fen - amount_fen;
    const char *spent = yuan_grouped(a, out->spent_fen);
    const char *amount = yuan_grouped(a, amount_fen);
    const char *over = yuan_grouped(a, out->over_fen);
    out->message = arena_printf(a,
                                "支出合计%s元，超过协议金额%s元（超出%s元）；"
                                "请核对有无重复或错记入本协议的支出",
                                spent, amount, over);
    out->message_en = arena_printf(a,
                                   "%s yuan spent, above the contract's %s "
                                   "(by %s): check for expenditures entered "
                                   "twice or under the wrong contract",
                                   spent, amount, over);
    return DB_OK;
}

/* A contract's recorded expenditures above its amount. The contract is
 * all the project money the organisation gets (the installments are
 * shares of it), and the ledger is the project's own account (专款专用,
 * 设立独立会计账目): spending above the amount is either booked to the
 * wrong contract or twice, or paid from money that is not the project's.
 * The sum is the contract's whole, as every reader of it sees on its
 * ledger. */
static int spent_over_contract(const struct compliance_ctx *c,
                               struct compliance_report *r)
{
    struct money_contract *ks;
    size_t n;
    int rc = money_store_contracts(c->db, c->arena, c->scope, &ks, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        struct spent_over so;
        rc = compliance_spent_over(c->db, c->arena, c->scope, ks[i].id,
                                   ks[i].amount_fen, &so);
        if (rc != DB_OK || so.over_fen == 0) {
            continue;
        }
        add(c, r, "money.spent_over_contract", SEV_VIOLATION,
            "资金管理：专款专用", "contract", ks[i].id, ks[i].code, NULL,
            so.message, so.message_en);
    }
    return rc;
}

/* Installments paid beyond what was allocated to the contract. The
 * plans have the purchase money arranged in the budget from named funds
 * (列入财政预算, 从…中统筹安排) and spent only on the project; an
 * allocation is that arrangement, the budget line and fund a contract's
 * money comes from. Money paid beyond it has no fund in the records: the
 * fund-use statement leaves it out and the share of the social-assistance
 * funds (a cap or a floor) is measured without it. The order is not
 * judged, the totals are: an allocation entered after the payment
 * answers it. */
static int paid_over_allocated(const struct compliance_ctx *c,
                               struct compliance_report *r)
{
    struct money_contract *ks;
    size_t n;
    int rc = money_store_contracts(c->db, c->arena, c->scope, &ks, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        struct payment *ps;
        size_t np;
        rc = money_store_payments(c->db, c->arena, ks[i].id, &ps, &np);
        int64_t paid = 0, allocated = 0;
        for (size_t j = 0; rc == DB_OK && j < np; j++) {
            paid += strcmp(ps[j].status, "paid") == 0 ? ps[j].amount_fen : 0;
        }
        if (rc == DB_OK && paid > 0) {
            rc = money_store_contract_allocated(c->db, ks[i].id, &allocated);
        }
        if (rc != DB_OK || paid <= allocated) {
            continue;
        }
        const char *p = yuan_grouped(c->arena, paid);
        const char *al = yuan_grouped(c->arena, allocated);
        const char *over = yuan_grouped(c->arena, paid - allocated);
        add(c, r, "money.paid_over_allocated", SEV_VIOLATION,
            "资金管理：专款专用", "contract", ks[i].id, ks[i].code, NULL,
            allocated == 0
                ? arena_printf(c->arena,
                               "已拨付%s元，本协议没有资金分配；请录入所用"
                               "预算的资金分配",
                               p)
                : arena_printf(c->arena,
                               "已拨付%s元，超过本协议的资金分配%s元（超出%s"
                               "元）；请录入所用预算的资金分配",
                               p, al, over),
            allocated == 0
                ? arena_printf(c->arena,
                               "%s yuan paid, and nothing is allocated to "
                               "the contract: enter the allocation from "
                               "the budget line it was paid from",
                               p)
                : arena_printf(c->arena,
                               "%s yuan paid, above the %s allocated to the "
                               "contract (by %s): enter the allocation from "
                               "the budget line it was paid from",
                               p, al, over));
    }
    return rc;
}

/* Expenditures dated after the day a contract was terminated: entered
 * before a termination recorded late, or charged to the contract for
 * work it no longer covered. The API refuses new ones; these stay (money
 * spent is not undone by deleting its record) until the bureau has read
 * them. */
static int after_termination(const struct compliance_ctx *c,
                             struct compliance_report *r)
{
    struct money_contract *ks;
    size_t n;
    int rc = money_store_contracts(c->db, c->arena, c->scope, &ks, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        const struct money_contract *k = &ks[i];
        if (strcmp(k->status, "terminated") != 0 || !k->status_on) {
            continue;
        }
        struct money_span sp;
        rc = money_store_dated_span(c->db, c->arena, DATED_EXPENDITURES,
                                    k->id, k->status_on, "9999-12-31",
                                    false, &sp);
        if (rc != DB_OK || sp.n == 0) {
            continue;
        }
        add(c, r, "money.after_termination", SEV_WARNING, "服务协议：协议终止",
            "contract", k->id, k->code, NULL,
            arena_printf(c->arena,
                         "协议已于%s终止，其后仍有%lld笔支出(%s至%s)",
                         k->status_on, (long long)sp.n, sp.first, sp.last),
            arena_printf(c->arena,
                         "terminated on %s, yet %lld expenditures are dated "
                         "after it (%s to %s)",
                         k->status_on, (long long)sp.n, sp.first, sp.last));
    }
    return rc;
}

/* Expenditures spent more than money.voucher_days ago with no voucher
 * (原始凭证) attached: the plans have the organisation keep them for
 * audit, and an evaluator scores the accounts by them. One finding a
 * contract. */
static int vouchers_missing(const struct compliance_ctx *c,
                            struct compliance_report *r)
{
    if (c->voucher_days <= 0) {
        return DB_OK;
    }
    int y, m, d;
    if (!parse_date(c->today, &y, &m, &d)) {
        return DB_OK;
    }
    char before[11];
    cn_date_format(cn_civil_from_days(cn_days_from_civil(y, m, d) -
                                      c->voucher_days),
                   before);
    struct money_contract *ks;
    size_t n;
    int rc = money_store_contracts(c->db, c->arena, c->scope, &ks, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        struct money_filter f = {.contract_id = ks[i].id, .to = before};
        int64_t count = 0, sum = 0;
        const char *first = NULL;
        rc = money_store_unvouched(c->db, c->arena, c->scope, &f, &count,
                                   &sum, &first);
        if (rc != DB_OK || count == 0) {
            continue;
        }
        add(c, r, "money.vouchers_missing", SEV_WARNING, "保留原始财务凭证",
            "contract", ks[i].id, ks[i].code, NULL,
            arena_printf(c->arena,
                         "%lld笔支出(合计%s元，最早%s)已超过%lld天仍未上传"
                         "原始凭证",
                         (long long)count, yuan_grouped(c->arena, sum),
                         first ? first : "", (long long)c->voucher_days),
            arena_printf(c->arena,
                         "%lld expenditure(s) (%s yuan in all, the earliest "
                         "on %s) have had no voucher for more than %lld "
                         "days",
                         (long long)count, yuan_grouped(c->arena, sum),
                         first ? first : "", (long long)c->voucher_days));
    }
    return rc;
}

/* Calls fn for each contract in scope with its installments as they
 * stand. */
typedef void (*payment_fn)(const struct compliance_ctx *c,
                           struct compliance_report *r,
                           const struct money_contract *k,
                           const struct payment_view *v, size_t n);

static int each_contract(const struct compliance_ctx *c,
                         struct compliance_report *r, payment_fn fn)
{
    struct money_contract *ks;
    size_t n;
    struct calendar cal;
    int rc = money_store_contracts(c->db, c->arena, c->scope, &ks, &n);
    if (rc == DB_OK) {
        rc = calendar_store_load(c->db, c->arena, &cal);
    }
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        struct payment *ps;
        size_t np;
        rc = money_store_payments(c->db, c->arena, ks[i].id, &ps, &np);
        if (rc != DB_OK || np == 0) {
            continue;
        }
        struct money_filter f = {.contract_id = ks[i].id, .limit = 200};
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
        payment_plan_derive(c->arena, &ks[i], ev, n_ev, ac, n_ac, &cal,
                            c->today, ps, np, v);
        fn(c, r, &ks[i], v, np);
    }
    return rc;
}

static const char *installment(struct arena *a,
                               const struct money_contract *k,
                               const struct payment *p)
{
    return arena_printf(a, "%s 第%lld期", k->code, (long long)p->seq);
}

static const char *installment_en(struct arena *a,
                                  const struct money_contract *k,
                                  const struct payment *p)
{
    return arena_printf(a, "%s installment %lld", k->code, (long long)p->seq);
}

static void acceptance_fn(const struct compliance_ctx *c,
                          struct compliance_report *r,
                          const struct money_contract *k,
                          const struct payment_view *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct payment *p = v[i].p;
        if (strcmp(p->status, "paid") != 0 || !p->needs_acceptance ||
            v[i].accepted_on) {
            continue;
        }
        add(c, r, "payment.acceptance_before", SEV_VIOLATION,
            "payments.schedule.needs_acceptance", "contract", k->id,
            installment(c->arena, k, p), installment_en(c->arena, k, p),
            arena_printf(c->arena,
                         "第%lld期款项已于%s拨付，此前没有验收合格的履约验收",
                         (long long)p->seq, p->paid_on),
            arena_printf(c->arena,
                         "installment %lld was paid on %s without a passed "
                         "performance acceptance before it",
                         (long long)p->seq, p->paid_on));
    }
}

static void order_fn(const struct compliance_ctx *c,
                     struct compliance_report *r,
                     const struct money_contract *k,
                     const struct payment_view *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct payment *p = v[i].p;
        const char *name = installment(c->arena, k, p);
        const char *name_en = installment_en(c->arena, k, p);
        bool paid = strcmp(p->status, "paid") == 0;
        if (paid && !*p->override_reason && !v[i].failed &&
            (!v[i].trigger_on || strcmp(p->paid_on, v[i].trigger_on) < 0)) {
            add(c, r, "payment.order_deadlines", SEV_VIOLATION,
                "payments.schedule", "contract", k->id, name, name_en,
                arena_printf(c->arena,
                             "第%lld期款项于%s拨付，早于拨付条件达成之日",
                             (long long)p->seq, p->paid_on),
                arena_printf(c->arena,
                             "installment %lld was paid on %s, before its "
                             "trigger",
                             (long long)p->seq, p->paid_on));
        }
        if (v[i].overdue) {
            add(c, r, "payment.order_deadlines", SEV_VIOLATION,
                "payments.schedule", "contract", k->id, name, name_en,
                arena_printf(c->arena,
                             "第%lld期款项应于%s%s前拨付，至今未拨付",
                             (long long)p->seq, v[i].due_on,
                             v[i].provisional ? "（暂定）" : ""),
                arena_printf(c->arena,
                             "installment %lld was due by %s%s and is "
                             "unpaid",
                             (long long)p->seq, v[i].due_on,
                             v[i].provisional ? " (provisional)" : ""));
        }
        /* Paid late stays on record, as a copy filed late does
         * (contract.filing_deadline): paying it ends the delay, not the
         * fact. A hold (暂缓) is the bureau's own decision with its
         * reason, and a held installment is not overdue while held: paid
         * after one, the delay is its reason's, given for the file. */
        int64_t late;
        if (money_service_paid_late(&v[i], &late)) {
            bool held = *p->withheld_reason != 0;
            const char *zh = arena_printf(
                c->arena, "第%lld期款项应于%s%s前拨付，实际于%s拨付，逾期%lld天",
                (long long)p->seq, v[i].due_on,
                v[i].provisional ? "（暂定）" : "", p->paid_on,
                (long long)late);
            const char *en = arena_printf(
                c->arena,
                "installment %lld was due by %s%s and was paid on %s, %lld "
                "day(s) late",
                (long long)p->seq, v[i].due_on,
                v[i].provisional ? " (provisional)" : "", p->paid_on,
                (long long)late);
            add(c, r, "payment.order_deadlines",
                held ? SEV_INFO : SEV_VIOLATION, "payments.schedule",
                "contract", k->id, name, name_en,
                held ? arena_printf(c->arena, "%s；曾暂缓：%s", zh,
                                    p->withheld_reason)
                     : zh,
                held ? arena_printf(c->arena, "%s; withheld earlier: %s", en,
                                    p->withheld_reason)
                     : en);
        }
        for (size_t j = 0; paid && j < i; j++) {
            const struct payment *q = v[j].p;
            bool q_paid = strcmp(q->status, "paid") == 0;
            if (q_paid && strcmp(q->paid_on, p->paid_on) <= 0) {
                continue;
            }
            add(c, r, "payment.order_deadlines", SEV_WARNING,
                "payments.schedule", "contract", k->id, name, name_en,
                arena_printf(c->arena, "第%lld期款项先于第%lld期拨付",
                             (long long)p->seq, (long long)q->seq),
                arena_printf(c->arena,
                             "installment %lld was paid before installment "
                             "%lld",
                             (long long)p->seq, (long long)q->seq));
            break;
        }
    }
}

static void blocked_fn(const struct compliance_ctx *c,
                       struct compliance_report *r,
                       const struct money_contract *k,
                       const struct payment_view *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct payment *p = v[i].p;
        if (strcmp(p->status, "paid") != 0 || !v[i].failed) {
            continue;
        }
        const char *name = installment(c->arena, k, p);
        const char *name_en = installment_en(c->arena, k, p);
        if (*p->override_reason) {
            /* Named as the payments page names her: by her name, or the
             * command line's "cli:<os user>" as the system administrator
             * who runs it (a county reader does not know "命令行"). */
            bool cli = strncmp(p->override_by, "cli:", 4) == 0;
            const char *who = p->override_by_name && *p->override_by_name
                                  ? p->override_by_name
                                  : p->override_by;
            add(c, r, "payment.evaluation_blocked", SEV_INFO,
                "payments.schedule", "contract", k->id, name, name_en,
                arena_printf(
                    c->arena, "第%lld期款项的评估未合格，经%s特批拨付：%s",
                    (long long)p->seq, cli ? "系统管理员" : who,
                    p->override_reason),
                arena_printf(c->arena,
                             "installment %lld's evaluation failed; paid on "
                             "%s's override: %s",
                             (long long)p->seq,
                             cli ? "the system administrator" : who,
                             p->override_reason));
        } else {
            add(c, r, "payment.evaluation_blocked", SEV_VIOLATION,
                "payments.schedule", "contract", k->id, name, name_en,
                arena_printf(c->arena,
                             "第%lld期款项的评估未合格，却未经特批拨付",
                             (long long)p->seq),
                arena_printf(c->arena,
                             "installment %lld was paid although its "
                             "evaluation failed, with no override",
                             (long long)p->seq));
        }
    }
}

static int acceptance_before(const struct compliance_ctx *c,
                             struct compliance_report *r)
{
    return each_contract(c, r, acceptance_fn);
}
static int order_deadlines(const struct compliance_ctx *c,
                           struct compliance_report *r)
{
    return each_contract(c, r, order_fn);
}
static int evaluation_blocked(const struct compliance_ctx *c,
                              struct compliance_report *r)
{
    return each_contract(c, r, blocked_fn);
}

static bool has_assistance(const struct profile *p)
{
    return p->money.assistance.set;
}
static bool has_personnel(const struct profile *p)
{
    return p->money.personnel.set;
}

const struct compliance_rule compliance_money_rules[] = {
    {"money.assistance_share", "社会救助资金使用比例",
     "Share of the social-assistance funds", assistance_share,
     has_assistance, "政策配置未规定社会救助资金的使用比例",
     "the profile sets no social-assistance share"},
    {"money.personnel_share", "人员费用占比", "Personnel share",
     personnel_share, has_personnel, "政策配置未规定人员费用占比",
     "the profile sets no personnel share"},
    {"money.over_budget", "分配不超过预算", "Allocations within budget",
     over_budget, NULL, NULL, NULL},
    {"money.overspent", "支出不超过预算", "Spending within budget",
     overspent, NULL, NULL, NULL},
    {"money.allocation_year", "分配日期在预算年度内",
     "Allocations within their line's year", allocation_year, NULL, NULL,
     NULL},
    {"money.over_contract", "分配不超过协议金额",
     "Allocations within the contract's amount", over_contract, NULL, NULL,
     NULL},
    {"money.spent_over_contract", "支出不超过协议金额",
     "Spending within the contract's amount", spent_over_contract, NULL,
     NULL, NULL},
    {"money.paid_over_allocated", "拨付不超过资金分配",
     "Payments within the allocations", paid_over_allocated, NULL, NULL,
     NULL},
    {"money.after_termination", "协议终止后的支出",
     "Expenditures after termination", after_termination, NULL, NULL, NULL},
    {"money.vouchers_missing", "支出附原始凭证", "Expenditures carry "
     "their vouchers", vouchers_missing, NULL, NULL, NULL},
    {"payment.acceptance_before", "拨付前履约验收",
     "Acceptance before payment", acceptance_before, NULL, NULL, NULL},
    {"payment.order_deadlines", "拨付顺序和期限",
     "Installment order and deadlines", order_deadlines, NULL, NULL, NULL},
    {"payment.evaluation_blocked", "评估未合格的拨付",
     "Payments after a failed evaluation", evaluation_blocked, NULL, NULL,
     NULL},
    {0},
};
