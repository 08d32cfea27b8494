#include "demo_contracts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/contract_service.h"
#include "../core/contract_terms.h"
#include "../core/credit_code.h"
#include "../core/dictionary.h"
#include "../core/organisation_service.h"
#include "../store/calendar_store.h"
#include "../store/contract_parts_store.h"
#include "../store/filing_store.h"
#include "../store/region_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "cli.h"

/* A valid 统一社会信用代码 of a social organisation registered with the
 * county's civil-affairs bureau: 5 (民政) 2 (民办非企业单位), the county,
 * an organisation code MJ…… with its GB 11714 check, the final check. */
static void credit_code(const char *county, char out[19])
{
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    for (int n = 0;; n++) {
        char org[24];
        snprintf(org, sizeof org, "MJ%06d",
                 (atoi(county + 2) * 7 + n) % 1000000);
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char c = org[i];
            sum += (c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10) * w[i];
        }
        int r = 11 - sum % 11;
        char check = r == 10 ? 'X' : r == 11 ? '0' : (char)('0' + r);
        snprintf(out, 19, "52%.6s%.8s%c", county, org, check);
        char c = credit_code_check_char(out);
        if (c) {
            out[17] = c;
            out[18] = 0;
            if (credit_code_check(out) == MSG_COUNT_) {
                return;
            }
        }
    }
}

/* The organisation, registered once. */
static int organisation(const struct client_ctx *x, const struct region *g,
                        int64_t *id)
{
    const char *name =
        arena_printf(x->arena, "%s同心社会工作服务中心", g->name);
    struct organisation *items;
    size_t n;
    int64_t total;
    int rc = organisation_store_list(x->db, x->arena, name, NULL, 1, 0,
                                     &items, &n, &total);
    if (rc != DB_OK) {
        return rc;
    }
    if (n && strcmp(items[0].name, name) == 0) {
        *id = items[0].id;
        return DB_OK;
    }
    char code[19];
    credit_code(g->code, code);
    struct organisation o = {
        .name = name,
        .credit_code = arena_strdup(x->arena, code),
        .legal_rep = "刘晓燕",
        .rating = "4A",
        .rated_on = "2024-09-20",
        .party_org = true,
        .supervisor_quals = "中级社会工作师2名，助理社会工作师6名",
        .registered_on = "2016-05-12",
        .region_code = g->code,
        .address = arena_printf(x->arena, "%s人民政府附近社会组织孵化基地",
                                g->name),
        .phone = "",
        .status = "active",
        .status_reason = "",
    };
    struct client_fail fail;
    if (organisation_service_save(x, NULL, &o, 0, id, &fail) != 0) {
        cli_error(cli_tr("demo organisation: %s"),
                  msg_text(fail.msg, cli_lang()));
        return fail.db_rc ? fail.db_rc : DB_ERROR;
    }
    return DB_OK;
}

/* The county's township stations (at most 60). */
static int stations(const struct client_ctx *x, const char *county,
                    struct station **items, size_t *n)
{
    struct station_filter f = {.region_prefix = county,
                               .type = "township_station",
                               .status = "active",
                               .sort = STATION_SORT_ID,
                               .limit = 60};
    int64_t total;
    return station_store_list(x->db, x->arena, &scope_all, &f, items, n,
                              &total);
}

/* A filing with its due date from the profile. */
static int filing(const struct client_ctx *x, const struct profile *p,
                  const struct calendar *cal, const struct contract *c,
                  const char *kind, const char *title, const char *filed_on)
{
    struct filing f = {.region_code = c->region_code,
                       .contract_id = c->id,
                       .kind = kind,
                       .year = atoi(c->starts_on),
                       .title = title,
                       .filed_on = filed_on,
                       .notes = ""};
    char *due = arena_alloc(x->arena, 16);
    bool prov = false, ok;
    if (strcmp(kind, "contract_copy") == 0) {
        ok = contract_terms_filing_due(cal, &p->contracts, c, due, &prov);
        f.filed_with = p->contracts.filing_with;
    } else {
        const struct profile_filing *r =
            contract_terms_filing_rule(&p->contracts, kind);
        ok = contract_terms_rule_due(cal, r, (int)f.year, c, due, &prov);
        f.filed_with = r ? r->filed_with : "";
        f.contract_id = strcmp(kind, "county_plan") == 0 ? 0 : c->id;
    }
    if (ok) {
        f.due_on = due;
        f.due_provisional = prov;
    }
    int64_t id;
    return filing_store_insert(x->db, &f, cn_now(), &id);
}

/* The steps of 攸县's plan (九、实施步骤), used as every demo county's. */
static const struct milestone county_steps[] = {
    {0, "制定实施方案并报省、市民政部门备案", "07-31", NULL},
    {0, "落实购买经费", "08-31", NULL},
    {0, "实施政府采购、签订服务协议", "09-30", NULL},
    {0, "开展驻站服务", "10-31", NULL},
    {0, "组织绩效评估、提交绩效自评报告", "11-30", NULL},
};
static const struct milestone org_steps[] = {
    {0, "驻站社工到岗、岗前培训", "02-05", NULL},
    {0, "完成需求调研、制定站点服务计划", "03-31", NULL},
    {0, "中期报告", "06-30", NULL},
    {0, "末期报告", "12-15", NULL},
};

static int plan(const struct client_ctx *x, const struct contract *c,
                const char *kind, const char *title, int64_t org,
                const struct milestone *steps, size_t n)
{
    int year = atoi(c->starts_on);
    struct work_plan p = {.kind = kind,
                          .region_code = c->region_code,
                          .year = year,
                          .organisation_id = org,
                          .contract_id = org ? c->id : 0,
                          .title = title,
                          .summary = "演示数据：目标任务、工作措施和时间节点。"};
    p.milestones = arena_alloc(x->arena, n * sizeof *p.milestones);
    p.n_milestones = n;
    for (size_t i = 0; i < n; i++) {
        char *due = arena_printf(x->arena, "%04d-%s", year, steps[i].due_on);
        p.milestones[i].title = steps[i].title;
        p.milestones[i].due_on = due;
        /* What lies more than a week behind today is done. */
        p.milestones[i].done_on =
            contract_terms_days(due, x->today) > 7 ? due : NULL;
    }
    return work_plan_store_save(x->db, &p, 0, cn_now());
}

/* Scope, targets, filings and plans of a new contract, in one
 * transaction. */
static int parts(const struct client_ctx *x, const struct profile *p,
                 const struct contract *c, int64_t org)
{
    struct calendar cal;
    int rc = calendar_store_load(x->db, x->arena, &cal);
    /* The plan's service areas, every one: the demo's records use them
     * all, and a scope of some would make half the year's records
     * violations that nobody meant (contract.out_of_scope). */
    size_t na = p->n_service_areas;
    struct contract_area *areas = arena_alloc(x->arena, (na + 1) * sizeof *areas);
    for (size_t i = 0; i < na; i++) {
        areas[i].area = p->service_areas[i].code;
        areas[i].items = "入户走访、个案服务、小组活动、社区活动";
    }
    int64_t k = (int64_t)c->n_stations;
    /* Home visits are plenty in the demo records; group sessions are not
     * made by it, so that target stays behind. */
    struct contract_target t[] = {
        {.service_type = "home_visit", .area = "", .quantity = 60 * k,
         .note = "每站每年不少于60户次"},
        {.service_type = "group_session", .area = "", .quantity = 8 * k,
         .note = "每站每年不少于8节小组活动"},
        {.service_type = "activity", .area = "", .quantity = 6 * k,
         .note = "每站每年不少于6场社区活动"},
    };
    if (rc == DB_OK) {
        rc = db_begin(x->db);
    }
    if (rc == DB_OK) {
        rc = contract_parts_set_scope(x->db, c->id, areas, na);
    }
    if (rc == DB_OK) {
        rc = contract_parts_set_targets(x->db, c->id, t, 3);
    }
    if (rc == DB_OK && p->contracts.filing_working_days) {
        /* Not filed: the deliberate overdue filing, where the plan asks
         * for the copy. */
        rc = filing(x, p, &cal, c, "contract_copy", "服务协议副本备案", NULL);
    }
    /* The other filings the profile's plan asks for, with its offices
     * (a county's plan filed in July; the rest on the day of signing). */
    char *filed = arena_printf(x->arena, "%.4s-07-20", c->starts_on);
    for (size_t i = 0; rc == DB_OK && i < p->contracts.n_filings; i++) {
        const char *kind = p->contracts.filings[i].kind;
        if (strcmp(kind, "contract_copy") == 0) {
            continue; /* filed above, once */
        }
        const char *title = arena_printf(
            x->arena, "%s备案",
            dictionary_fixed_label("filing_kind", kind, false));
        const char *on = c->signed_on;
        if (strcmp(kind, "county_plan") == 0) {
            on = strcmp(filed, x->today) <= 0 ? filed : NULL;
        }
        rc = filing(x, p, &cal, c, kind, title, on);
    }
    if (rc == DB_OK) {
        rc = plan(x, c, "county_plan", "社工站项目年度实施计划", 0,
                  county_steps, 5);
    }
    if (rc == DB_OK) {
        rc = plan(x, c, "org_work_plan", "承接机构年度工作计划", org,
                  org_steps, 4);
    }
    if (rc == DB_OK) {
        rc = contract_service_audit(x, "contract.demo", c->id, "{}");
    }
    if (rc == DB_OK) {
        rc = db_commit(x->db);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
    }
    return rc;
}

int demo_contracts(struct db *db, const struct profile *p, const char *region)
{
    if (region_level_of(region) != LEVEL_COUNTY) {
        return EXIT_OK;
    }
    struct arena *a = arena_new(0);
    char today[16];
    cn_date_format(cn_date_of(cn_now()), today);
    struct client_ctx x = {.db = db,
                           .arena = a,
                           .scope = &scope_all,
                           .who = {.name = "cli:demo", .address = ""},
                           .today = today};
    struct region g;
    int64_t org = 0;
    int rc = region_store_get(db, a, region, &g);
    if (rc == DB_ROW) {
        rc = organisation(&x, &g, &org);
    }
    struct station *st = NULL;
    size_t n = 0;
    if (rc == DB_OK) {
        rc = stations(&x, region, &st, &n);
    }
    /* This year's contract, once. */
    int year = atoi(today);
    struct contract_filter f = {.organisation_id = org, .year = year};
    struct contract *have;
    size_t nhave = 0;
    int64_t total;
    if (rc == DB_OK) {
        rc = contract_store_list(db, a, &scope_all, &f, 1, 0, &have, &nhave,
                                 &total);
    }
    if (rc != DB_OK || nhave > 0 || n == 0) {
        arena_free(a);
        if (rc != DB_OK) {
            cli_error(cli_tr("demo contracts failed"));
            return EXIT_RUNTIME;
        }
        return EXIT_OK;
    }
    int64_t min = p->contracts.min_amount_per_station_fen
                      ? p->contracts.min_amount_per_station_fen
                      : 12000000;
    struct contract c = {
        .code = arena_printf(a, "%s-%d-SGZ-01", region, year),
        .title = arena_printf(a, "%s%d年度乡镇(街道)社会工作服务站服务项目",
                              g.name, year),
        .region_code = region,
        .purchaser = "",
        .organisation_id = org,
        .procurement = "open_tender",
        .cycle_years = p->contracts.cycle_years ? p->contracts.cycle_years : 3,
        .cycle_year = 1,
        .signed_on = arena_printf(a, "%d-01-05", year),
        .starts_on = arena_printf(a, "%d-01-01", year),
        .ends_on = arena_printf(a, "%d-12-31", year),
        .staff_in_place_on = arena_printf(a, "%d-01-26", year),
        .status = "active",
        /* Words every profile's county may read: no plan's own number
         * of workers, no 县 where the division is a 区. */
        .requirements = "驻站社工按协议足额配备，专职专岗；按月报送工作简报，"
                        "按时提交中期、末期(终期)工作报告。",
        .liability = "承接方未按协议配备人员或服务质量不达标的，购买方可暂停拨付、"
                     "责令整改；严重违约的解除协议，并在一定期限内不得承接本地项目。",
        .notes = "演示数据",
    };
    /* In the first days of January the year's contract was signed in
     * December, as a county signs before the term it buys: a demo made
     * then still has one. */
    if (strcmp(c.signed_on, today) > 0) {
        c.signed_on = arena_printf(a, "%d-12-28", year - 1);
    }
    c.effective_on = c.signed_on;
    if (strcmp(c.staff_in_place_on, today) > 0) {
        c.staff_in_place_on = NULL;
    }
    c.n_stations = n;
    c.stations = arena_alloc(a, n * sizeof *c.stations);
    for (size_t i = 0; i < n; i++) {
        c.stations[i].station_id = st[i].id;
        /* The last station short of the minimum by 10,000 yuan. */
        c.stations[i].amount_fen = i + 1 == n && n > 1 ? min - 1000000 : min;
        c.amount_fen += c.stations[i].amount_fen;
    }
    const char *purchaser =
        strcmp(p->region_code, region) == 0 && *p->purchaser
            ? p->purchaser
            : arena_printf(a, "%s民政局", g.name);
    struct client_fail fail;
    int64_t id;
    if (contract_service_save(&x, NULL, &c, purchaser, 0, &id, &fail) != 0) {
        cli_error(cli_tr("demo contract: %s (%s)"),
                  msg_text(fail.msg, cli_lang()),
                  fail.field ? fail.field : "");
        arena_free(a);
        return EXIT_RUNTIME;
    }
    c.id = id;
    rc = parts(&x, p, &c, org);
    if (rc == DB_OK) {
        printf(cli_tr("contract %s: %s with %zu stations, its scope, targets, "
                      "filings and annual plans\n"),
               c.code, g.name, n);
    } else {
        cli_error(cli_tr("demo contract parts failed"));
    }
    arena_free(a);
    return rc == DB_OK ? EXIT_OK : EXIT_RUNTIME;
}
