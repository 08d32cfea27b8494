#include "money_service.h"

#include <jansson.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "../store/audit_store.h"
#include "../store/calendar_store.h"
#include "../store/region_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "../util/parse.h"
#include "../util/yuan.h"
#include "dictionary.h"
#include "evaluation_service.h"
#include "payment_plan.h"
#include "rule_fail.h"

/* The audit row and the commit (rule_commit_audited), under a short
 * name for the many writes below. */
static int finish(const struct client_ctx *x, int rc, const char *action,
                  const char *entity, int64_t id, const char *detail,
                  struct client_fail *fail)
{
    return rule_commit_audited(x, rc, action, entity, id, detail, fail);
}

/* A budget line and an expenditure as their audit rows keep them: an
 * edit's before and after, so that the log says what changed. */
static void write_line(struct jsonw *w, const struct budget_line *b)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "year", b->year);
    jsonw_kstr(w, "region_code", b->region_code);
    jsonw_kstr(w, "source", b->source);
    jsonw_kstr(w, "title", b->title);
    jsonw_kint(w, "budget_fen", b->budget_fen);
    jsonw_key(w, "spent_fen"); /* not known is not 0: null */
    if (b->spent_known) {
        jsonw_int(w, b->spent_fen);
    } else {
        jsonw_null(w);
    }
    jsonw_kstr(w, "notes", b->notes);
    jsonw_obj_close(w);
}

static void write_expenditure(struct jsonw *w, const struct expenditure *e)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "contract_id", e->contract_id);
    jsonw_key(w, "station_id");
    if (e->station_id > 0) {
        jsonw_int(w, e->station_id);
    } else {
        jsonw_null(w);
    }
    jsonw_kstr(w, "spent_on", e->spent_on);
    jsonw_kstr(w, "category", e->category);
    jsonw_kint(w, "amount_fen", e->amount_fen);
    jsonw_kstr(w, "payee", e->payee);
    jsonw_kstr(w, "description", e->description);
    jsonw_obj_close(w);
}

static int begin(const struct client_ctx *x, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    int rc = db_begin(x->db);
    return rc == DB_OK ? 0 : rule_fail_db(fail, rc);
}

static int abort_with(const struct client_ctx *x, int r)
{
    db_rollback(x->db);
    return r;
}

/* The contract in range, or 404 on field. */
static int contract_in_range(const struct client_ctx *x, int64_t id,
                             const char *field, struct money_contract *k,
                             struct client_fail *fail)
{
    int rc = money_store_contract(x->db, x->arena, x->scope, id, k);
    if (rc == DB_DONE) {
        return rule_fail(fail, 404, MSG_NOT_FOUND, field, "服务协议",
                         "contract");
    }
    return rc == DB_ROW ? 0 : rule_fail_db(fail, rc);
}

/* The contract in range for a write: its county wholly inside the
 * range (one station is not enough), or 404 on field. */
static int contract_writable(const struct client_ctx *x, int64_t id,
                             const char *field, struct money_contract *k,
                             struct client_fail *fail)
{
    if (contract_in_range(x, id, field, k, fail)) {
        return -1;
    }
    if (!scope_has_region(x->scope, k->region_code)) {
        return rule_fail(fail, 404, MSG_NOT_FOUND, field, "服务协议",
                         "contract");
    }
    return 0;
}

/* An org_admin writes its own organisation's contracts' expenditures;
 * anyone else needs the contract's county inside the range. */
static int contract_for_write(const struct client_ctx *x, int64_t contract_id,
                              int64_t own_org, const char *field,
                              struct money_contract *k,
                              struct client_fail *fail)
{
    if (own_org != 0 ? contract_in_range(x, contract_id, field, k, fail)
                     : contract_writable(x, contract_id, field, k, fail)) {
        return -1;
    }
    if (own_org != 0 && k->organisation_id != own_org) {
        return rule_fail(fail, 403, MSG_NOT_OWN_CONTRACT, field, "支出",
                         "expenditures");
    }
    return 0;
}

/* The transaction of a write judged on its contract, the contract's row
 * locked first thing in it: a contract's edit or termination (which
 * update that row, then check the records) and the write take turns, so
 * that neither judges what the other is about to change. Rolled back on
 * failure. */
static int begin_locked(const struct client_ctx *x, int64_t contract_id,
                        struct client_fail *fail)
{
    if (begin(x, fail)) {
        return -1;
    }
    int rc = money_store_contract_lock(x->db, contract_id);
    return rc == DB_OK ? 0 : abort_with(x, rule_fail_db(fail, rc));
}

/* begin_locked, then the contract read under the lock into *k and
 * checked writable (contract_for_write): what the write's checks judge
 * is the contract its commit is kept with. */
static int begin_on_contract(const struct client_ctx *x, int64_t contract_id,
                             int64_t own_org, const char *field,
                             struct money_contract *k,
                             struct client_fail *fail)
{
    if (begin_locked(x, contract_id, fail)) {
        return -1;
    }
    if (contract_for_write(x, contract_id, own_org, field, k, fail)) {
        return abort_with(x, -1);
    }
    return 0;
}

int money_service_save_line(const struct client_ctx *x,
                            const struct budget_line *before,
                            struct budget_line *b, int64_t expected_version,
                            int64_t *id, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (!dictionary_fixed_has("fund_source", b->source)) {
        return rule_fail(fail, 400, MSG_BAD_ENUM, "source", "资金来源",
                         "source");
    }
    struct region g;
    int rc = region_store_get(x->db, x->arena, b->region_code, &g);
    /* Written only inside the caller's range (read more widely). */
    if (before && !scope_has_region(x->scope, before->region_code)) {
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, "预算",
                         "budget line");
    }
    if (rc == DB_DONE ||
        (rc == DB_ROW && !scope_has_region(x->scope, b->region_code))) {
        return rule_fail(fail, 400, MSG_REGION_NOT_FOUND, "region_code",
                         "行政区划", "region_code");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (begin(x, fail)) {
        return -1;
    }
    int64_t now = cn_now();
    if (before) {
        /* Locked and read in the transaction, as an allocation does, so
         * the check sees the last allocation. */
        struct budget_line cur;
        rc = money_store_line_lock(x->db, before->id);
        if (rc == DB_OK) {
            rc = money_store_line(x->db, x->arena, x->scope, before->id,
                                  &cur);
        }
        if (rc == DB_DONE) {
            return abort_with(x, rule_fail(fail, 404, MSG_NOT_FOUND, NULL,
                                           "预算", "budget line"));
        }
        if (rc != DB_ROW) {
            return abort_with(x, rule_fail_db(fail, rc));
        }
        if (b->budget_fen < cur.allocated_fen) {
            return abort_with(
                x,
                rule_fail(
                    fail, 409, MSG_OVER_BUDGET, "budget_fen",
                    arena_printf(x->arena, "已分配%s元",
                                 yuan_grouped(x->arena, cur.allocated_fen)),
                    arena_printf(x->arena, "%s yuan allocated",
                                 yuan_grouped(x->arena, cur.allocated_fen))));
        }
        /* An allocation was checked against its line's county, year and
         * source: moving the line would leave it where it was never
         * allowed. */
        const char *moved = strcmp(b->region_code, cur.region_code) != 0
                                ? "region_code"
                            : b->year != cur.year ? "year"
                            : strcmp(b->source, cur.source) != 0 ? "source"
                                                                 : NULL;
        if (moved && cur.allocated_fen > 0) {
            return abort_with(
                x, rule_fail(fail, 409, MSG_LINE_ALLOCATED, moved,
                             strcmp(moved, "region_code") == 0 ? "行政区划"
                             : strcmp(moved, "year") == 0      ? "年度"
                                                               : "资金来源",
                             moved));
        }
        *id = before->id;
        rc = money_store_line_update(x->db, b, expected_version, now);
        if (rc == DB_DONE) {
            return abort_with(x, rule_fail(fail, 409, MSG_VERSION_CONFLICT,
                                           "version", NULL, NULL));
        }
    } else {
        rc = money_store_line_insert(x->db, b, now, id);
    }
    if (rc == DB_CONSTRAINT) {
        return abort_with(x, rule_fail(fail, 409, MSG_LINE_TAKEN, "title",
                                       "同一年度、来源和名称的预算",
                                       "a budget line of that year, "
                                       "source and title"));
    }
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    if (before) {
        jsonw_key(&d.w, "before");
        write_line(&d.w, before);
    }
    jsonw_key(&d.w, "after");
    write_line(&d.w, b);
    return finish(x, rc, before ? "budget_line.update" : "budget_line.create",
                  "budget_line", *id, jsonw_doc_close(&d, x->arena), fail);
}

/* Whether the contract k has room for al, in the caller's transaction
 * with k's row locked (begin_on_contract), so that two allocations from
 * two lines cannot both see the room: the money put into a contract is
 * at most its amount (as amended: the amount a contract's change writes
 * is the one read here, as the payment schedule reads it). A bureau that
 * typed 15,000,000 for 150,000 is told how much room is left instead of
 * leaving the ledger and the compliance page absurd figures. */
static int within_contract(const struct client_ctx *x,
                           const struct allocation *al,
                           const struct money_contract *k,
                           struct client_fail *fail)
{
    int64_t allocated = 0;
    int rc =
        money_store_contract_allocated(x->db, al->contract_id, &allocated);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (allocated + al->amount_fen <= k->amount_fen) {
        return 0;
    }
    int64_t room = k->amount_fen > allocated ? k->amount_fen - allocated : 0;
    struct arena *a = x->arena;
    return rule_fail(
        fail, 409, MSG_OVER_CONTRACT, "amount_fen",
        arena_printf(a, "协议金额%s元，已分配%s元，尚可分配%s元，本次%s元",
                     yuan_grouped(a, k->amount_fen),
                     yuan_grouped(a, allocated), yuan_grouped(a, room),
                     yuan_grouped(a, al->amount_fen)),
        arena_printf(a,
                     "contract %s, allocated %s, room for %s, this %s "
                     "yuan",
                     yuan_grouped(a, k->amount_fen),
                     yuan_grouped(a, allocated), yuan_grouped(a, room),
                     yuan_grouped(a, al->amount_fen)));
}

/* The contract's (locked) and the station's checks of an allocation, in
 * its transaction; *station_region the station's county, or NULL. */
static int allocation_targets(const struct client_ctx *x,
                              const struct allocation *al,
                              const char **station_region,
                              struct client_fail *fail)
{
    *station_region = NULL;
    if (al->contract_id > 0 && al->station_id > 0) {
        bool yes;
        int rc = money_store_contract_station(x->db, al->contract_id,
                                              al->station_id, &yes);
        if (rc != DB_OK) {
            return rule_fail_db(fail, rc);
        }
        if (!yes) {
            return rule_fail(fail, 400, MSG_STATION_NOT_IN_CONTRACT,
                             "station_id", "站点", "station");
        }
    }
    if (al->station_id > 0) {
        struct station s;
        int rc = station_store_get_plain(x->db, x->arena, x->scope,
                                         al->station_id, &s);
        if (rc == DB_DONE) {
            return rule_fail(fail, 404, MSG_NOT_FOUND, "station_id", "站点",
                             "station");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
        *station_region = s.region_code;
    }
    return 0;
}

/* A line is a year's money (the fiscal year is the calendar year): an
 * allocation dated in another year would count in that year's sums of
 * allocations (the ledger, the assistance share) while drawn on this
 * year's budget, so the two years' figures would both be wrong. */
static int outside_line_year(const struct client_ctx *x,
                             const struct allocation *al,
                             const struct budget_line *b,
                             struct client_fail *fail)
{
    char year[8];
    snprintf(year, sizeof year, "%04lld", (long long)b->year);
    if (al->allocated_on && strncmp(al->allocated_on, year, 4) == 0 &&
        al->allocated_on[4] == '-') {
        return 0;
    }
    return rule_fail(fail, 422, MSG_ALLOCATION_YEAR, "allocated_on",
                     arena_printf(x->arena, "%s", year),
                     arena_printf(x->arena, "%s", year));
}

int money_service_allocate(const struct client_ctx *x, struct allocation *al,
                           int64_t *id, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (al->contract_id <= 0 && al->station_id <= 0) {
        return rule_fail(fail, 400, MSG_REQUIRED, "contract_id",
                         "协议或站点", "contract_id or station_id");
    }
    if (al->allocated_on && strcmp(al->allocated_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "allocated_on",
                         "分配日期", "allocated_on");
    }
    /* The contract before the line, as everywhere: one order of locks. */
    struct money_contract k;
    if (al->contract_id > 0
            ? begin_on_contract(x, al->contract_id, 0, "contract_id", &k,
                                fail)
            : begin(x, fail)) {
        return -1;
    }
    const char *station_region;
    if (allocation_targets(x, al, &station_region, fail)) {
        return abort_with(x, -1);
    }
    /* Locked and read in the transaction, so the check sees the last
     * allocation. */
    struct budget_line b;
    int rc = money_store_line_lock(x->db, al->budget_line_id);
    if (rc == DB_OK) {
        rc = money_store_line(x->db, x->arena, x->scope, al->budget_line_id,
                              &b);
    }
    if (rc == DB_DONE ||
        (rc == DB_ROW && !scope_has_region(x->scope, b.region_code))) {
        return abort_with(x, rule_fail(fail, 404, MSG_NOT_FOUND,
                                       "budget_line_id", "预算",
                                       "budget line"));
    }
    if (rc != DB_ROW) {
        return abort_with(x, rule_fail_db(fail, rc));
    }
    /* A county's money goes to that county's contracts and stations. */
    if (al->contract_id > 0 &&
        strncmp(k.region_code, b.region_code, strlen(b.region_code)) != 0) {
        return abort_with(x, rule_fail(fail, 400, MSG_OUTSIDE_LINE_REGION,
                                       "contract_id", "服务协议",
                                       "the contract"));
    }
    if (station_region &&
        strncmp(station_region, b.region_code, strlen(b.region_code)) != 0) {
        return abort_with(x, rule_fail(fail, 400, MSG_OUTSIDE_LINE_REGION,
                                       "station_id", "站点", "the station"));
    }
    if (outside_line_year(x, al, &b, fail)) {
        return abort_with(x, -1);
    }
    if (b.allocated_fen + al->amount_fen > b.budget_fen) {
        return abort_with(
            x,
            rule_fail(fail, 409, MSG_OVER_BUDGET, "amount_fen",
                      arena_printf(x->arena, "预算%s元，已分配%s元，本次%s元",
                                   yuan_grouped(x->arena, b.budget_fen),
                                   yuan_grouped(x->arena, b.allocated_fen),
                                   yuan_grouped(x->arena, al->amount_fen)),
                      arena_printf(x->arena,
                                   "budget %s, allocated %s, this %s yuan",
                                   yuan_grouped(x->arena, b.budget_fen),
                                   yuan_grouped(x->arena, b.allocated_fen),
                                   yuan_grouped(x->arena, al->amount_fen))));
    }
    if (al->contract_id > 0 && within_contract(x, al, &k, fail)) {
        return abort_with(x, -1);
    }
    rc = money_store_allocation_insert(x->db, al, cn_now(), id);
    return finish(x, rc, "allocation.create", "allocation", *id,
                  arena_printf(x->arena,
                               "{\"budget_line_id\":%lld,\"contract_id\":%lld,"
                               "\"station_id\":%lld,\"amount_fen\":%lld}",
                               (long long)al->budget_line_id,
                               (long long)al->contract_id,
                               (long long)al->station_id,
                               (long long)al->amount_fen),
                  fail);
}

/* Every field of an allocation, for the audit row of its removal: the
 * row is all that is left of it. */
static const char *allocation_detail(struct arena *a,
                                     const struct allocation *al,
                                     const struct budget_line *b)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kint(&d.w, "budget_line_id", al->budget_line_id);
    jsonw_kstr(&d.w, "line_title", b->title);
    jsonw_kint(&d.w, "year", b->year);
    jsonw_kstr(&d.w, "source", b->source);
    jsonw_kstr(&d.w, "region_code", b->region_code);
    if (al->contract_id > 0) {
        jsonw_kint(&d.w, "contract_id", al->contract_id);
        jsonw_kstr(&d.w, "contract_code", al->contract_code);
    }
    if (al->station_id > 0) {
        jsonw_kint(&d.w, "station_id", al->station_id);
        jsonw_kstr(&d.w, "station_name", al->station_name);
    }
    jsonw_kint(&d.w, "amount_fen", al->amount_fen);
    jsonw_kstr(&d.w, "allocated_on", al->allocated_on);
    jsonw_kstr(&d.w, "notes", al->notes);
    return jsonw_doc_close(&d, a);
}

int money_service_delete_allocation(const struct client_ctx *x, int64_t id,
                                    struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct allocation al;
    int rc = money_store_allocation(x->db, x->arena, x->scope, id, &al);
    if (rc == DB_DONE) {
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, "资金分配",
                         "allocation");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    /* Removed by whoever could have made it: the line's county and the
     * contract's wholly in range. */
    struct money_contract k;
    if (al.contract_id > 0
            ? begin_on_contract(x, al.contract_id, 0, NULL, &k, fail)
            : begin(x, fail)) {
        return -1;
    }
    struct budget_line b;
    rc = money_store_line_lock(x->db, al.budget_line_id);
    if (rc == DB_OK) {
        rc = money_store_line(x->db, x->arena, x->scope, al.budget_line_id,
                              &b);
    }
    if (rc == DB_DONE ||
        (rc == DB_ROW && !scope_has_region(x->scope, b.region_code))) {
        return abort_with(x, rule_fail(fail, 404, MSG_NOT_FOUND, NULL,
                                       "资金分配", "allocation"));
    }
    if (rc != DB_ROW) {
        return abort_with(x, rule_fail_db(fail, rc));
    }
    rc = money_store_allocation_delete(x->db, id);
    if (rc == DB_DONE) { /* removed by another request meanwhile */
        return abort_with(x, rule_fail(fail, 404, MSG_NOT_FOUND, NULL,
                                       "资金分配", "allocation"));
    }
    return finish(x, rc, "allocation.delete", "allocation", id,
                  allocation_detail(x->arena, &al, &b), fail);
}

int money_service_expenditure_writable(const struct client_ctx *x,
                                       const struct expenditure *e,
                                       int64_t own_org,
                                       struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct money_contract k;
    return contract_for_write(x, e->contract_id, own_org, NULL, &k, fail);
}

/* Whether e fits its contract k (read under its lock): in its term, not
 * after its termination, at most its amount, at one of its stations. */
static int expenditure_fits(const struct client_ctx *x,
                            const struct expenditure *before,
                            const struct expenditure *e,
                            const struct money_contract *k,
                            struct client_fail *fail)
{
    /* Spent on the contract's work: not before its term began or it was
     * signed, whichever came first (a term may run from 1 January and be
     * signed on the 5th). Checked when the date is written, so that a
     * contract's dates corrected later leave its old rows editable. */
    bool dated = !before || before->contract_id != e->contract_id ||
                 strcmp(before->spent_on, e->spent_on) != 0;
    const char *first = k->starts_on;
    if (k->signed_on && *k->signed_on &&
        (!first || strcmp(k->signed_on, first) < 0)) {
        first = k->signed_on;
    }
    if (dated && first && strcmp(e->spent_on, first) < 0) {
        return first == k->signed_on
                   ? rule_fail(fail, 400, MSG_CONTRACT_EFFECTIVE_EARLY,
                               "spent_on", "支出日期", "spent_on")
                   : rule_fail(fail, 400, MSG_BEFORE_TERM, "spent_on",
                               "支出日期", "spent_on");
    }
    /* The service stopped on the day the contract was terminated:
     * nothing is spent on it after that day. Checked when the date is
     * written, as the start is. */
    if (dated && strcmp(k->status, "terminated") == 0 && k->status_on &&
        strcmp(e->spent_on, k->status_on) > 0) {
        return rule_fail(fail, 400, MSG_SPENT_AFTER_TERMINATION, "spent_on",
                         k->status_on, k->status_on);
    }
    /* A typo of a few zeros would overrun the contract's fund-use
     * statement by billions: one expenditure is at most the contract. */
    if (e->amount_fen > k->amount_fen) {
        const char *whole = arena_printf(
            x->arena, "%s元", yuan_grouped(x->arena, k->amount_fen));
        return rule_fail(fail, 400, MSG_EXPENDITURE_OVER_CONTRACT,
                         "amount_fen", whole, whole);
    }
    if (e->station_id > 0) {
        bool yes;
        int rc = money_store_contract_station(x->db, e->contract_id,
                                              e->station_id, &yes);
        if (rc != DB_OK) {
            return rule_fail_db(fail, rc);
        }
        if (!yes) {
            return rule_fail(fail, 400, MSG_STATION_NOT_IN_CONTRACT,
                             "station_id", "该站点", "the station");
        }
    }
    return 0;
}

int money_service_save_expenditure(const struct client_ctx *x,
                                   const struct expenditure *before,
                                   struct expenditure *e, int64_t own_org,
                                   int64_t expected_version, int64_t *id,
                                   struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (!dictionary_fixed_has("expense_category", e->category)) {
        return rule_fail(fail, 400, MSG_BAD_ENUM, "category", "支出类别",
                         "category");
    }
    if (strcmp(e->spent_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "spent_on", "支出日期",
                         "spent_on");
    }
    struct money_contract k;
    if (begin_on_contract(x, e->contract_id, own_org, "contract_id", &k,
                          fail)) {
        return -1;
    }
    if (expenditure_fits(x, before, e, &k, fail)) {
        return abort_with(x, -1);
    }
    int64_t now = cn_now();
    int rc;
    if (before) {
        *id = before->id;
        rc = money_store_expenditure_update(x->db, e, expected_version, now);
        if (rc == DB_DONE) {
            return abort_with(x, rule_fail(fail, 409, MSG_VERSION_CONFLICT,
                                           "version", NULL, NULL));
        }
    } else {
        rc = money_store_expenditure_insert(x->db, e, now, id);
    }
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    if (before) {
        jsonw_key(&d.w, "before");
        write_expenditure(&d.w, before);
    }
    jsonw_key(&d.w, "after");
    write_expenditure(&d.w, e);
    return finish(x, rc,
                  before ? "expenditure.update" : "expenditure.create",
                  "expenditure", *id, jsonw_doc_close(&d, x->arena), fail);
}

int money_service_delete_expenditure(const struct client_ctx *x,
                                     const struct expenditure *e,
                                     int64_t own_org,
                                     int64_t expected_version,
                                     struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct money_contract k;
    if (begin_on_contract(x, e->contract_id, own_org, NULL, &k, fail)) {
        return -1;
    }
    /* Its vouchers are the evidence of a payment made: an expenditure
     * entered twice has none on its copy, and one that has them is
     * cleared of them (each removal audited) before it goes. */
    if (e->vouchers > 0) {
        const char *n = arena_printf(x->arena, "%lld张", (long long)e->vouchers);
        return abort_with(
            x, rule_fail(fail, 409, MSG_EXPENDITURE_HAS_VOUCHERS, "vouchers",
                         n,
                         arena_printf(x->arena, "%lld voucher%s",
                                      (long long)e->vouchers,
                                      e->vouchers == 1 ? "" : "s")));
    }
    int rc = money_store_expenditure_delete(x->db, e->id, expected_version);
    if (rc == DB_DONE) {
        return abort_with(x, rule_fail(fail, 409, MSG_VERSION_CONFLICT,
                                       "version", NULL, NULL));
    }
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kint(&d.w, "contract_id", e->contract_id);
    jsonw_kstr(&d.w, "contract_code", e->contract_code);
    if (e->station_id > 0) {
        jsonw_kint(&d.w, "station_id", e->station_id);
        jsonw_kstr(&d.w, "station_name", e->station_name);
    }
    jsonw_kstr(&d.w, "spent_on", e->spent_on);
    jsonw_kstr(&d.w, "category", e->category);
    jsonw_kint(&d.w, "amount_fen", e->amount_fen);
    jsonw_kstr(&d.w, "payee", e->payee);
    jsonw_kstr(&d.w, "description", e->description);
    jsonw_kint(&d.w, "version", e->version);
    return finish(x, rc, "expenditure.delete", "expenditure", e->id,
                  jsonw_doc_close(&d, x->arena), fail);
}

/* v's total, full points, grade and passed from its scores; a grade
 * or passed the body gave must agree with them. */
static int scored_result(const struct client_ctx *x, struct evaluation *v,
                         struct client_fail *fail)
{
    struct eval_indicator *tree;
    size_t n;
    int64_t bands[BAND_COUNT];
    int rc = evaluation_store_indicators(x->db, x->arena, &tree, &n);
    if (rc == DB_OK) {
        rc = evaluation_store_bands(x->db, bands, NULL);
    }
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    struct eval_result res;
    if (evaluation_score(x->arena, tree, n, v->scores, v->n_scores, bands,
                         &res, fail)) {
        return -1;
    }
    if (v->grade && *v->grade && strcmp(v->grade, res.grade) != 0) {
        return rule_fail(fail, 400, MSG_EVAL_GRADE_SCORES, "grade", "等次",
                         "the grade");
    }
    if (v->passed_given && v->passed != res.passed) {
        return rule_fail(fail, 400, MSG_EVAL_GRADE_SCORES, "passed",
                         "是否合格", "passed");
    }
    v->grade = res.grade;
    v->passed = res.passed;
    v->total_score = res.total;
    v->max_score = res.max;
    return 0;
}

/* The day of an evaluation or acceptance (field, named zh): not after
 * today, nor before its contract k (read under its lock) was signed: a
 * payment waits on that day, and one before the signing would release
 * it at once. */
static int result_day(const struct client_ctx *x, const char *day,
                      const struct money_contract *k, const char *field,
                      const char *zh, struct client_fail *fail)
{
    if (strcmp(day, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, field, zh, field);
    }
    if (k->signed_on && strcmp(day, k->signed_on) < 0) {
        return rule_fail(fail, 400, MSG_CONTRACT_EFFECTIVE_EARLY, field, zh,
                         field);
    }
    return 0;
}

/* Whether v fits its contract k (result_day), and its grade and passed
 * agree. */
static int evaluation_fits(const struct client_ctx *x,
                           const struct evaluation *v,
                           const struct money_contract *k,
                           struct client_fail *fail)
{
    if (result_day(x, v->evaluated_on, k, "evaluated_on", "评估日期", fail)) {
        return -1;
    }
    /* An evaluation judges service given: before the term starts there is
     * none, and a "passed" then would release the installment waiting on
     * it for work not yet done. */
    if (k->starts_on && strcmp(v->evaluated_on, k->starts_on) < 0) {
        return rule_fail(fail, 400, MSG_BEFORE_TERM, "evaluated_on",
                         "评估日期", "evaluated_on");
    }
    /* "passed" releases the payment that waits on the evaluation: it may
     * not say otherwise than the grade. */
    if (!v->scores && v->grade && *v->grade &&
        v->passed == (strcmp(v->grade, "fail") == 0)) {
        return rule_fail(fail, 400, MSG_GRADE_PASSED, "passed", "是否合格",
                         "passed");
    }
    return 0;
}

int money_service_add_evaluation(const struct client_ctx *x,
                                 struct evaluation *v, int64_t *id,
                                 struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct money_contract k;
    if (begin_on_contract(x, v->contract_id, 0, "contract_id", &k, fail)) {
        return -1;
    }
    /* Scored: the tree and bands of the moment decide the grade, read
     * in the write so that the scores are checked against what they are
     * kept with. */
    v->total_score = v->max_score = -1;
    if (evaluation_fits(x, v, &k, fail) ||
        (v->scores && scored_result(x, v, fail))) {
        return abort_with(x, -1);
    }
    v->created_by = x->user_id;
    int rc = money_store_evaluation_insert(x->db, v, cn_now(), id);
    for (size_t i = 0; rc == DB_OK && i < v->n_scores; i++) {
        v->scores[i].evaluation_id = *id;
        rc = evaluation_store_score_insert(x->db, &v->scores[i]);
    }
    const char *total =
        v->total_score < 0
            ? "null"
            : arena_printf(x->arena, "%lld.%lld",
                           (long long)(v->total_score / 10),
                           (long long)(v->total_score % 10));
    return finish(x, rc, "evaluation.create", "evaluation", *id,
                  arena_printf(x->arena,
                               "{\"contract_id\":%lld,\"kind\":\"%s\","
                               "\"passed\":%s,\"grade\":\"%s\","
                               "\"evaluated_on\":\"%s\",\"total_score\":"
                               "%s}",
                               (long long)v->contract_id, v->kind,
                               v->passed ? "true" : "false",
                               v->grade ? v->grade : "", v->evaluated_on,
                               total),
                  fail);
}

int money_service_void_evaluation(const struct client_ctx *x, int64_t id,
                                  const char *reason,
                                  struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct evaluation v;
    int rc = money_store_evaluation_get(x->db, x->arena, x->scope, id, &v);
    if (rc == DB_DONE) {
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, "评估记录",
                         "evaluation");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    /* Under the contract's lock, as paying it is: the payments read
     * below are the last ones. */
    struct money_contract k;
    if (begin_on_contract(x, v.contract_id, 0, NULL, &k, fail)) {
        return -1;
    }
    /* A passed evaluation an installment was paid on stays: voiding it
     * would leave a payment without the ground it was made on. Only the
     * one that decided it on the day paid: not a later one, nor one
     * beside a payment made on an override (特批). */
    if (v.passed) {
        struct money_filter f = {.contract_id = v.contract_id,
                                 .limit = INT_MAX};
        struct payment *ps;
        struct evaluation *ev;
        size_t n = 0, n_ev = 0;
        int64_t total;
        rc = money_store_payments(x->db, x->arena, v.contract_id, &ps, &n);
        if (rc == DB_OK) {
            rc = money_store_evaluations(x->db, x->arena, &scope_all, &f, &ev,
                                         &n_ev, &total);
        }
        if (rc != DB_OK) {
            return abort_with(x, rule_fail_db(fail, rc));
        }
        for (size_t i = 0; i < n; i++) {
            if (payment_plan_paid_on_evaluation(ev, n_ev, &ps[i]) == id) {
                return abort_with(x, rule_fail(fail, 409, MSG_EVAL_PAID_ON,
                                               NULL, NULL, NULL));
            }
        }
    }
    rc = money_store_evaluation_void(x->db, id, x->who.name, reason,
                                     cn_now());
    if (rc == DB_DONE) {
        return abort_with(x, rule_fail(fail, 409, MSG_EVAL_VOIDED, NULL,
                                       NULL, NULL));
    }
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kint(&d.w, "contract_id", v.contract_id);
    jsonw_kstr(&d.w, "kind", v.kind);
    jsonw_kstr(&d.w, "evaluated_on", v.evaluated_on);
    jsonw_kbool(&d.w, "passed", v.passed);
    jsonw_kstr(&d.w, "reason", reason);
    return finish(x, rc, "evaluation.void", "evaluation", id,
                  jsonw_doc_close(&d, x->arena), fail);
}

int money_service_add_acceptance(const struct client_ctx *x,
                                 struct acceptance *ac, int64_t *id,
                                 struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct money_contract k;
    if (begin_on_contract(x, ac->contract_id, 0, "contract_id", &k, fail)) {
        return -1;
    }
    if (result_day(x, ac->accepted_on, &k, "accepted_on", "验收日期",
                   fail)) {
        return abort_with(x, -1);
    }
    int rc = money_store_acceptance_insert(x->db, ac, cn_now(), id);
    return finish(x, rc, "acceptance.create", "acceptance", *id,
                  arena_printf(x->arena,
                               "{\"contract_id\":%lld,\"result\":\"%s\","
                               "\"accepted_on\":\"%s\"}",
                               (long long)ac->contract_id, ac->result,
                               ac->accepted_on),
                  fail);
}

/* The schedule's percents into percents[] (room for 12), or 400 on
 * "schedule": 1 to 12 installments, each 1-100 %, in the order of their
 * triggers, 100 % in all. */
static int schedule_percents(const struct client_ctx *x,
                             const struct payment_step *steps, size_t n,
                             int *percents, struct client_fail *fail)
{
    int sum = 0, last = -1;
    if (n == 0 || n > 12) {
        return rule_fail(fail, 400, MSG_NO_SCHEDULE, "schedule", "拨付计划",
                         "schedule");
    }
    for (size_t i = 0; i < n; i++) {
        if (steps[i].percent < 1 || steps[i].percent > 100) {
            const char *at = arena_printf(x->arena, "第%zu期拨付比例", i + 1);
            return rule_fail(fail, 400, MSG_OUT_OF_RANGE, "schedule", at,
                             arena_printf(x->arena, "installment %zu's percent",
                                          i + 1));
        }
        int rank = payment_trigger_rank(steps[i].trigger);
        if (rank < last) {
            const char *at = arena_printf(x->arena, "%zu", i + 1);
            return rule_fail(fail, 400, MSG_SCHEDULE_ORDER, "schedule", at,
                             at);
        }
        last = rank;
        sum += steps[i].percent;
        percents[i] = steps[i].percent;
    }
    if (sum != 100) {
        const char *s = arena_printf(x->arena, "%d%%", sum);
        return rule_fail(fail, 400, MSG_SCHEDULE_SUM, "schedule", s, s);
    }
    return 0;
}

int money_service_generate(const struct client_ctx *x, int64_t contract_id,
                           const struct payment_step *steps, size_t n,
                           struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    /* The amount shared out is the one under the contract's lock: an
     * amendment changing it rescales the schedule in its own turn. */
    struct money_contract k;
    int percents[12];
    if (begin_on_contract(x, contract_id, 0, NULL, &k, fail)) {
        return -1;
    }
    if (schedule_percents(x, steps, n, percents, fail)) {
        return abort_with(x, -1);
    }
    struct payment *have;
    size_t n_have;
    int rc = money_store_payments(x->db, x->arena, contract_id, &have,
                                  &n_have);
    if (rc == DB_OK && n_have) {
        return abort_with(x, rule_fail(fail, 409, MSG_PAYMENTS_EXIST, NULL,
                                       "拨付计划", "payment schedule"));
    }
    int64_t amounts[12];
    payment_plan_amounts(k.amount_fen, percents, n, amounts);
    int64_t now = cn_now();
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        struct payment p = {
            .contract_id = contract_id,
            .seq = (int64_t)i + 1,
            .percent = steps[i].percent,
            .trigger = steps[i].trigger,
            .working_days = steps[i].working_days,
            .needs_acceptance = steps[i].needs_acceptance,
            .amount_fen = amounts[i],
        };
        rc = money_store_payment_insert(x->db, &p, now);
    }
    return finish(x, rc, "payment.generate", "contract", contract_id,
                  arena_printf(x->arena, "{\"installments\":%zu}", n), fail);
}

int money_service_payment_contract(const struct client_ctx *x, int64_t id,
                                   int64_t *contract_id)
{
    struct payment p;
    int rc = money_store_payment(x->db, x->arena, id, &p);
    *contract_id = rc == DB_ROW ? p.contract_id : 0;
    return rc;
}

bool money_service_paid_late(const struct payment_view *v,
                             int64_t *days_late)
{
    const struct payment *p = v->p;
    int y, m, d, dy, dm, dd;
    if (strcmp(p->status, "paid") != 0 || !p->paid_on || !v->due_on ||
        strcmp(p->paid_on, v->due_on) <= 0 ||
        (v->after_termination && !*p->override_reason) ||
        !parse_date(p->paid_on, &y, &m, &d) ||
        !parse_date(v->due_on, &dy, &dm, &dd)) {
        return false;
    }
    *days_late = cn_days_from_civil(y, m, d) - cn_days_from_civil(dy, dm, dd);
    return true;
}

/* The installment as it stands on day, with everything paying it on
 * that day checks. */
static int load_view(const struct client_ctx *x, int64_t id, const char *day,
                     struct payment_view *v, struct client_fail *fail)
{
    struct payment *p = arena_alloc(x->arena, sizeof *p);
    int rc = money_store_payment(x->db, x->arena, id, p);
    struct money_contract k;
    if (rc == DB_DONE ||
        (rc == DB_ROW &&
         ((rc = money_store_contract(x->db, x->arena, x->scope,
                                     p->contract_id, &k)) == DB_DONE ||
          (rc == DB_ROW && !scope_has_region(x->scope, k.region_code))))) {
        /* Paid only by those whose range covers the contract's county. */
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, "拨付", "payment");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    /* All of them: the installment is judged on every one. */
    struct money_filter f = {.contract_id = p->contract_id,
                             .limit = INT_MAX};
    struct evaluation *ev;
    struct acceptance *ac;
    size_t n_ev = 0, n_ac = 0;
    int64_t total;
    struct calendar cal;
    rc = money_store_evaluations(x->db, x->arena, x->scope, &f, &ev, &n_ev,
                                 &total);
    if (rc == DB_OK) {
        rc = money_store_acceptances(x->db, x->arena, x->scope, &f, &ac,
                                     &n_ac, &total);
    }
    if (rc == DB_OK) {
        rc = calendar_store_load(x->db, x->arena, &cal);
    }
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    payment_plan_derive(x->arena, &k, ev, n_ev, ac, n_ac, &cal, day, p, 1,
                        v);
    return 0;
}

static const char *trigger_label(const char *code, bool en)
{
    const struct fixed_item *it = dictionary_fixed_item("payment_trigger",
                                                        code);
    return it ? (en ? it->label_en : it->label) : code;
}

static int check_pay(const struct client_ctx *x, const struct payment_view *v,
                     const char *day, struct client_fail *fail)
{
    const struct payment *p = v->p;
    if (strcmp(day, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "paid_on", "拨付日期",
                         "paid_on");
    }
    /* A hold is the bureau's own decision: it stands until the bureau
     * lifts it (特批 with its reason), whatever else would let the
     * installment be paid. */
    if (strcmp(p->status, "withheld") == 0) {
        return rule_fail(fail, 409, MSG_PAYMENT_WITHHELD, NULL,
                         p->withheld_reason, p->withheld_reason);
    }
    bool overridden = *p->override_reason != 0;
    if (!overridden && v->failed) {
        return rule_fail(fail, 409, MSG_PAYMENT_BLOCKED, NULL,
                         strcmp(p->trigger, "final_passed") == 0 ? "终期评估"
                                                                 : "中期评估",
                         strcmp(p->trigger, "final_passed") == 0
                             ? "the final evaluation"
                             : "the mid-term evaluation");
    }
    /* Work done before a termination is settled, and may be paid after
     * it; an installment whose trigger came only after the contract was
     * terminated was never earned by the schedule: the bureau decides it
     * (特批, with its reason). */
    if (!overridden && v->after_termination) {
        return rule_fail(fail, 409, MSG_PAID_AFTER_TERMINATION, "paid_on",
                         v->terminated_on, v->terminated_on);
    }
    /* Not yet come is not the same as come after the day typed: the
     * first is no day at all, and naming a day for it misleads. */
    if (!overridden && !v->trigger_on) {
        return rule_fail(fail, 409, MSG_PAYMENT_TRIGGER_PENDING, NULL,
                         trigger_label(p->trigger, false),
                         trigger_label(p->trigger, true));
    }
    if (!overridden && strcmp(day, v->trigger_on) < 0) {
        return rule_fail(fail, 409, MSG_PAYMENT_BEFORE_TRIGGER, "paid_on",
                         trigger_label(p->trigger, false),
                         trigger_label(p->trigger, true));
    }
    if (p->needs_acceptance && !v->accepted_on) {
        return rule_fail(fail, 409, MSG_PAYMENT_NO_ACCEPTANCE, "paid_on", day,
                         day);
    }
    return 0;
}

/* The installment v after act, into *p and *action, or a refusal. */
static int judge_payment(const struct client_ctx *x,
                         const struct payment_view *v,
                         enum payment_action act, const char *day,
                         const char *reason, struct payment *p,
                         const char **action, struct client_fail *fail)
{
    *p = *v->p;
    if (strcmp(p->status, "paid") == 0) {
        return rule_fail(fail, 409, MSG_PAYMENT_STATE, NULL, "已拨付",
                         "paid");
    }
    if (act == PAY) {
        if (check_pay(x, v, day, fail)) {
            return -1;
        }
        p->status = "paid";
        p->paid_on = day;
        *action = "payment.pay";
    } else if (act == WITHHOLD) {
        p->status = "withheld";
        p->withheld_reason = reason;
        *action = "payment.withhold";
    } else if (strcmp(p->status, "withheld") == 0) {
        /* 特批 on a withheld installment lifts the hold, and only that:
         * the override fields stay as they were, so that lifting a hold
         * before the evaluation is made does not also excuse that
         * evaluation failing (a block stands on its own 特批). The hold's
         * reason stays on the row; the lifting is in the audit log. */
        p->status = "planned";
        *action = "payment.override";
    } else {
        /* 特批 answers a failed evaluation, or a trigger that came after
         * the contract was terminated; an installment merely waiting for
         * its evaluation (or its signing) waits. */
        if ((!v->failed && !v->after_termination) || *p->override_reason) {
            return rule_fail(fail, 409, MSG_OVERRIDE_NOT_BLOCKED, NULL, NULL,
                             NULL);
        }
        p->override_reason = reason;
        p->override_by = x->who.name;
        p->override_at = cn_now();
        *action = "payment.override";
    }
    return 0;
}

int money_service_payment(const struct client_ctx *x, int64_t id,
                          enum payment_action act, const char *day,
                          const char *reason, int64_t expected_version,
                          struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    int64_t contract_id;
    int rc = money_service_payment_contract(x, id, &contract_id);
    if (rc == DB_DONE) {
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, "拨付", "payment");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    /* Judged under the contract's lock, as voiding an evaluation is: the
     * evaluations, acceptances and termination it is paid on are the
     * last ones. Paid: judged on the day paid (its evaluation and
     * acceptance as they stood then). */
    struct payment_view v;
    struct payment p;
    const char *action = NULL;
    if (begin_locked(x, contract_id, fail)) {
        return -1;
    }
    if (load_view(x, id, act == PAY && day ? day : x->today, &v, fail) ||
        judge_payment(x, &v, act, day, reason, &p, &action, fail)) {
        return abort_with(x, -1);
    }
    rc = money_store_payment_update(x->db, &p, expected_version, cn_now());
    if (rc == DB_DONE) {
        return abort_with(x, rule_fail(fail, 409, MSG_VERSION_CONFLICT,
                                       "version", NULL, NULL));
    }
    json_t *d = json_pack("{sIsIssssss?}", "contract_id",
                          (json_int_t)p.contract_id, "seq", (json_int_t)p.seq,
                          "status", p.status, "paid_on",
                          p.paid_on ? p.paid_on : "", "reason", reason);
    /* A hold lifted: which one, in words, beside the reason for lifting. */
    if (d && act == OVERRIDE && strcmp(v.p->status, "withheld") == 0) {
        json_object_set_new(d, "lifted_hold",
                            json_string(v.p->withheld_reason));
    }
    char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    const char *detail = arena_strdup(x->arena, text ? text : "{}");
    free(text);
    json_decref(d);
    return finish(x, rc, action, "payment", id, detail, fail);
}
