#include "demo_money.h"

#include <stdio.h>
#include <string.h>

#include "../core/money_service.h"
#include "../core/payment_plan.h"
#include "../store/contract_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "cli.h"

/* One budget line of the demo: year 0 this year, -1 last year; yuan;
 * spent < 0: not entered. */
struct demo_line {
    int year;
    const char *source, *title;
    int64_t budget, spent;
    int64_t drawn; /* allocated to the contract (or per station: -1) */
};

/* 涿鹿 (篇4): "乡镇社工站项目购买经费预计332.02万元,县级社工站项目指导服务平台
 * 购买经费预计44.6万元" from 社会救助工作经费 and the county's budget; the
 * funds' own totals are illustrative. */
static const struct demo_line zhuolu[] = {
    {-1, "social_assistance", "困难群众救助补助资金", 120000000, 118500000, 0},
    {-1, "assistance_work", "社会救助工作经费", 2000000, 1960000, 0},
    {0, "assistance_work", "乡镇社工站项目购买经费", 3320200, -1, 3320200},
    {0, "fiscal_budget", "县级社工站项目指导服务平台购买经费", 446000, -1, 0},
    {0, NULL, NULL, 0, 0, 0},
};
/* 原州区 (篇3): "20xx年安排545万元", at least 3 % of the year's
 * social-assistance spending (the spending here is illustrative). */
static const struct demo_line yuanzhou[] = {
    {0, "social_assistance", "社会救助专项资金", 185000000, 180000000, 5450000},
    {-1, "social_assistance", "社会救助专项资金", 176000000, 172300000, 0},
    {0, NULL, NULL, 0, 0, 0},
};
/* 攸县 (篇2): at least 12万元 a station, at most 2 % of the two special
 * funds (their totals illustrative). */
static const struct demo_line youxian[] = {
    {0, "hardship_relief", "困难群众救助资金", 60000000, -1, -1},
    {0, "medical_relief", "城乡医疗救助资金", 15000000, -1, 0},
    {0, "welfare_lottery", "福彩公益金", 600000, -1, 0},
    {-1, "hardship_relief", "困难群众救助资金", 58000000, 57200000, 0},
    {0, NULL, NULL, 0, 0, 0},
};
/* 福建 (篇5): at most 3 % of the year's budget of 困难群众救助补助资金. */
static const struct demo_line fujian[] = {
    {0, "hardship_relief", "困难群众救助补助资金", 50000000, -1, -1},
    {0, "welfare_lottery", "福彩公益金", 800000, -1, 0},
    {0, "fiscal_budget", "一般公共预算资金", 1200000, -1, 0},
    {0, NULL, NULL, 0, 0, 0},
};
/* 东莞市妇联 (篇1): the women's federation's own money. */
static const struct demo_line dongguan[] = {
    {0, "fiscal_budget", "妇联购买社工服务经费", 2400000, -1, -1},
    {0, "social_funds", "爱心企业捐赠", 200000, -1, 0},
    {0, NULL, NULL, 0, 0, 0},
};

static const struct demo_line *lines_of(const char *profile)
{
    return strcmp(profile, "zhuolu") == 0     ? zhuolu
           : strcmp(profile, "yuanzhou") == 0 ? yuanzhou
           : strcmp(profile, "fujian") == 0   ? fujian
           : strcmp(profile, "dongguan-fulian") == 0 ? dongguan
                                                     : youxian;
}

static int fail(const char *what, const struct client_fail *f)
{
    char msg[300];
    enum lang lang = cli_lang();
    msg_format(f->msg, lang, lang == LANG_EN ? f->label_en : f->label_zh, msg,
               sizeof msg);
    cli_error(cli_tr("demo money: %s: %s (%s)"), what, msg,
              f->field ? f->field : "");
    return EXIT_RUNTIME;
}

/* A day some days after a date, no later than today. */
static const char *day_after(struct arena *a, const char *from, int days,
                             const char *today)
{
    int y, m, d;
    if (!parse_date(from, &y, &m, &d)) {
        return today;
    }
    char buf[11];
    cn_date_format(cn_civil_from_days(cn_days_from_civil(y, m, d) + days),
                   buf);
    return strcmp(buf, today) > 0 ? today : arena_strdup(a, buf);
}

/* The amount a contract gives the station, 0 when it does not cover it
 * (or there is no contract: k zeroed). */
static int64_t station_amount(const struct contract *k, int64_t station_id)
{
    for (size_t i = 0; i < k->n_stations; i++) {
        if (k->stations[i].station_id == station_id) {
            return k->stations[i].amount_fen;
        }
    }
    return 0;
}

/* A line's planned drawing (the plan's own figure, 545万元 or 332.02万元)
 * goes to the contract up to its amount: the demo's one contract covers
 * fewer stations than the county's plan, and an allocation above a
 * contract is refused. The rest goes to the first station outside any
 * contract, so that the share of the social-assistance funds drawn (a
 * floor in 原州区) is what the plan says. */
static int draw(const struct client_ctx *x, int64_t line,
                const struct money_contract *k, const struct station *first,
                int64_t fen, const char *day, struct client_fail *f)
{
    int64_t to_k = k ? (fen < k->amount_fen ? fen : k->amount_fen) : 0;
    int64_t id;
    if (to_k > 0) {
        struct allocation al = {.budget_line_id = line, .contract_id = k->id,
                                .amount_fen = to_k, .allocated_on = day};
        if (money_service_allocate(x, &al, &id, f)) {
            return -1;
        }
    }
    if (fen > to_k && first) {
        struct allocation al = {.budget_line_id = line,
                                .station_id = first->id,
                                .amount_fen = fen - to_k,
                                .allocated_on = day};
        return money_service_allocate(x, &al, &id, f);
    }
    return 0;
}

static int contract_money(const struct client_ctx *x, const struct profile *p,
                          const struct money_contract *k)
{
    static const char *const cats[] = {"wage", "social_insurance",
                                       "income_tax", "bonus", "supervision",
                                       "training", "activity_materials",
                                       "management_fee"};
    /* 91 % personnel: the 90 % of 涿鹿 kept. */
    static const int share[] = {62, 18, 3, 8, 3, 2, 2, 2};
    int64_t month = k->amount_fen / 12;
    struct client_fail f;
    int64_t id;
    for (int mo = 0; mo < 12; mo++) {
        const char *day = day_after(x->arena, k->starts_on, 25 + 30 * mo,
                                    x->today);
        if (strcmp(day, x->today) == 0 && mo > 0) {
            break;
        }
        for (size_t c = 0; c < sizeof cats / sizeof *cats; c++) {
            struct expenditure e = {
                .contract_id = k->id,
                .spent_on = day,
                .category = cats[c],
                .amount_fen = month * share[c] / 100,
                .payee = c < 4 ? "驻站社工" : "承接机构",
                .description = "演示数据",
            };
            if (money_service_save_expenditure(x, NULL, &e, 0, 0, &id, &f)) {
                return fail("expenditure", &f);
            }
        }
    }
    /* The profile's schedule, or the demo's own two steps. */
    static const struct payment_step plain[] = {
        {50, "signing", 15, false},
        {50, "final_passed", 15, true},
    };
    const struct payment_step *steps = p->money.n_schedule ? p->money.schedule
                                                           : plain;
    size_t n = p->money.n_schedule ? p->money.n_schedule : 2;
    if (money_service_generate(x, k->id, steps, n, &f)) {
        return fail("payments", &f);
    }
    struct payment *ps;
    size_t np;
    if (money_store_payments(x->db, x->arena, k->id, &ps, &np) != DB_OK ||
        np < 2) {
        return EXIT_RUNTIME;
    }
    /* The first stays unpaid (overdue once its working days pass); the
     * evaluation behind the second, held 150 days into the term, failed,
     * and the bureau paid it on an override after the acceptance. A demo
     * made before that day (in January) has held no evaluation yet: one
     * on the term's fifth day would be no evaluation of anything. */
    const char *eval_on = day_after(x->arena, k->starts_on, 150, "9999-12-31");
    if (strcmp(eval_on, x->today) > 0) {
        return EXIT_OK;
    }
    const char *kind = strcmp(ps[1].trigger, "final_passed") == 0
                           ? "final" : "midterm";
    struct evaluation v = {.contract_id = k->id, .kind = kind,
                           .evaluated_on = eval_on, .passed = false,
                           .grade = "fail", .evaluator = "第三方评估机构(演示)",
                           .notes = "服务台账不全"};
    struct acceptance ac = {.contract_id = k->id, .accepted_on = eval_on,
                            .result = "passed", .notes = "整改后验收"};
    if (money_service_add_evaluation(x, &v, &id, &f) ||
        money_service_add_acceptance(x, &ac, &id, &f) ||
        money_service_payment(x, ps[1].id, OVERRIDE, NULL,
                              "整改到位，经局务会研究同意先行拨付", 1, &f) ||
        money_service_payment(x, ps[1].id, PAY, eval_on, NULL, 2, &f)) {
        return fail("installment", &f);
    }
    return EXIT_OK;
}

int demo_money(struct db *db, const struct profile *p, const char *county)
{
    struct arena *a = arena_new(0);
    char today[11];
    cn_date_format(cn_date_of(cn_now()), today);
    int year = cn_date_of(cn_now()).year;
    struct scope sc = {.region_prefix = county};
    struct client_ctx x = {.db = db, .arena = a, .scope = &scope_all,
                           .who = {.name = "cli:demo", .address = ""},
                           .today = today};
    struct money_filter mf = {.limit = 1};
    struct budget_line *have;
    size_t n_have;
    int64_t total;
    int rc = money_store_lines(db, a, &sc, &mf, &have, &n_have, &total);
    if (rc != DB_OK || n_have > 0) {
        arena_free(a);
        return rc == DB_OK ? EXIT_OK : EXIT_RUNTIME;
    }
    struct money_contract *ks;
    size_t nk;
    rc = money_store_contracts(db, a, &sc, &ks, &nk);
    const struct money_contract *k = rc == DB_OK && nk ? &ks[nk - 1] : NULL;
    struct contract kc = {0};
    if (k && contract_store_get(db, a, &scope_all, k->id, &kc) != DB_ROW) {
        rc = DB_ERROR;
    }
    struct station_filter sf = {.status = "active", .type = "township_station",
                                .sort = STATION_SORT_ID, .limit = 200};
    struct station *st = NULL;
    size_t ns = 0;
    if (rc == DB_OK) {
        rc = station_store_list(db, a, &sc, &sf, &st, &ns, &total);
    }
    int out = rc == DB_OK ? EXIT_OK : EXIT_RUNTIME;
    struct client_fail f;
    size_t made = 0;
    for (const struct demo_line *l = lines_of(p->name);
         out == EXIT_OK && l->source; l++) {
        struct budget_line b = {
            .region_code = county, .year = year + l->year,
            .source = l->source, .title = l->title,
            .budget_fen = l->budget * 100, .spent_fen = l->spent * 100,
            .spent_known = l->spent >= 0, .notes = "演示数据",
        };
        int64_t id, aid;
        if (money_service_save_line(&x, NULL, &b, 0, &id, &f)) {
            out = fail("budget line", &f);
            break;
        }
        made++;
        /* To the contract, or to each township station: under the
         * contract when it covers the station, so that the contract's
         * ledger and fund-use statement count it, and then the
         * station's amount in the contract; 12万元 (攸县's least) to a
         * station it does not cover. The demo contract's last station
         * is 10,000 yuan short of the least (contract.min_station_amount
         * says so): the county pays what it signed, and an allocation
         * above the contract is refused. */
        for (size_t i = 0; l->drawn < 0 && i < ns && out == EXIT_OK; i++) {
            int64_t signed_fen = station_amount(&kc, st[i].id);
            struct allocation al = {.budget_line_id = id,
                                    .contract_id = signed_fen ? k->id : 0,
                                    .station_id = st[i].id,
                                    .amount_fen = signed_fen ? signed_fen
                                                             : 12000000,
                                    .allocated_on = day_after(
                                        a, arena_printf(a, "%d-01-01", year),
                                        40, today)};
            if (money_service_allocate(&x, &al, &aid, &f) &&
                f.status != 409) {
                out = fail("allocation", &f);
            }
        }
        if (l->drawn > 0 && (k || ns) &&
            draw(&x, id, k, ns ? &st[0] : NULL, l->drawn * 100,
                 day_after(a, arena_printf(a, "%d-01-01", year), 40, today),
                 &f)) {
            out = fail("allocation", &f);
        }
    }
    if (out == EXIT_OK && k) {
        out = contract_money(&x, p, k);
    }
    if (out == EXIT_OK) {
        if (k) {
            printf(cli_tr("money: %zu budget lines; expenditures and "
                          "installments of %s\n"),
                   made, k->code);
        } else {
            printf(cli_tr("money: %zu budget lines; no contract yet, so no "
                          "expenditures or installments\n"),
                   made);
        }
    }
    arena_free(a);
    return out;
}
