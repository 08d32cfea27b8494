#include "contract_service.h"

#include <string.h>

#include "../store/audit_store.h"
#include "../store/filing_store.h"
#include "../store/money_store.h"
#include "../store/organisation_store.h"
#include "../store/region_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "../util/strbuf.h"
#include "rule_fail.h"

static int check_organisation(const struct client_ctx *x,
                              const struct contract *c,
                              struct client_fail *fail)
{
    struct organisation o;
    int rc = organisation_store_get(x->db, x->arena, c->organisation_id, &o);
    if (rc == DB_DONE) {
        return rule_fail(fail, 400, MSG_NOT_FOUND, "organisation_id",
                         "承接机构", "organisation");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (strcmp(o.status, "active") != 0) {
        return rule_fail(fail, 400, MSG_CONTRACT_ORG_INACTIVE,
                         "organisation_id", o.name, o.name);
    }
    struct debarment d;
    rc = debarment_store_over(x->db, x->arena, c->organisation_id,
                              c->signed_on, c->signed_on, &d);
    if (rc == DB_ROW) {
        return rule_fail(fail, 400, MSG_CONTRACT_ORG_DEBARRED,
                         "organisation_id", o.name, o.name);
    }
    return rc == DB_DONE ? 0 : rule_fail_db(fail, rc);
}

static int check_stations(const struct client_ctx *x,
                          const struct contract *c, struct client_fail *fail)
{
    int64_t sum = 0;
    for (size_t i = 0; i < c->n_stations; i++) {
        const struct contract_station *cs = &c->stations[i];
        const char *field = arena_printf(x->arena, "stations[%zu].station_id",
                                         i);
        for (size_t j = 0; j < i; j++) {
            if (c->stations[j].station_id == cs->station_id) {
                return rule_fail(fail, 400, MSG_LISTED_TWICE, field, "站点",
                                 "station");
            }
        }
        struct station s;
        int rc = station_store_get_plain(x->db, x->arena, x->scope,
                                         cs->station_id, &s);
        if (rc == DB_DONE) {
            return rule_fail(fail, 400, MSG_STATION_OUT_OF_RANGE, field,
                             "站点", "station");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
        if (strcmp(s.status, "active") != 0) {
            return rule_fail(fail, 400, MSG_STATION_INACTIVE, field, s.name,
                             s.name);
        }
        if (strncmp(s.region_code, c->region_code, strlen(c->region_code)) !=
            0) {
            return rule_fail(fail, 400, MSG_CONTRACT_STATION_REGION, field,
                             s.name, s.name);
        }
        sum += cs->amount_fen;
    }
    if (sum > c->amount_fen) {
        return rule_fail(fail, 400, MSG_CONTRACT_SHARES, "stations", "站点金额",
                         "station shares");
    }
    return 0;
}

static int check(const struct client_ctx *x, const struct contract *before,
                 struct contract *c, struct client_fail *fail)
{
    if (before && strcmp(before->status, "active") != 0) {
        return rule_fail(fail, 409, MSG_CONTRACT_NOT_ACTIVE, "status", NULL,
                         NULL);
    }
    if (!c->region_code || !*c->region_code) {
        return rule_fail(fail, 400, MSG_REQUIRED, "region_code", "所属区县",
                         "region_code");
    }
    struct region g;
    int rc = region_store_get(x->db, x->arena, c->region_code, &g);
    /* A county inside the caller's range: one station is not enough. */
    if (rc == DB_DONE || (rc == DB_ROW && (g.level != LEVEL_COUNTY ||
                                           !scope_has_region(
                                               x->scope, c->region_code)))) {
        return rule_fail(fail, 400, MSG_CONTRACT_REGION, "region_code",
                         "所属区县", "region_code");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (c->cycle_year < 1 || c->cycle_year > c->cycle_years) {
        return rule_fail(fail, 400, MSG_CONTRACT_CYCLE_YEAR, "cycle_year",
                         "服务周期第几年", "cycle_year");
    }
    if (strcmp(c->effective_on, c->signed_on) < 0) {
        return rule_fail(fail, 400, MSG_CONTRACT_EFFECTIVE_EARLY,
                         "effective_on", "生效日期", "effective_on");
    }
    if (strcmp(c->ends_on, c->starts_on) <= 0) {
        return rule_fail(fail, 400, MSG_CONTRACT_ENDS_EARLY, "ends_on",
                         "服务结束日期", "ends_on");
    }
    if (strcmp(c->signed_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "signed_on", "签订日期",
                         "signed_on");
    }
    if (c->filed_on && strcmp(c->filed_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "filed_on", "备案日期",
                         "filed_on");
    }
    if (c->staff_in_place_on && strcmp(c->staff_in_place_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "staff_in_place_on",
                         "人员到岗日期", "staff_in_place_on");
    }
    if (c->n_stations == 0) {
        return rule_fail(fail, 400, MSG_REQUIRED, "stations", "覆盖站点",
                         "stations");
    }
    if (c->previous_id > 0) {
        struct contract p;
        rc = contract_store_get(x->db, x->arena, x->scope, c->previous_id,
                                &p);
        if (rc == DB_DONE || (rc == DB_ROW && before && p.id == before->id)) {
            return rule_fail(fail, 400, MSG_NOT_FOUND, "previous_id",
                             "上一期协议", "previous contract");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
        /* The chain of terms a county's programme runs through (a
         * renewal's warnings follow it): earlier, the same county, no
         * loop back to this contract. */
        if (strcmp(p.region_code, c->region_code) != 0 ||
            strcmp(p.starts_on, c->starts_on) >= 0) {
            return rule_fail(fail, 400, MSG_PREVIOUS_CONTRACT, "previous_id",
                             "上一期协议", "the previous contract");
        }
        for (int i = 0; before && p.previous_id > 0 && i < 100; i++) {
            if (p.previous_id == before->id) {
                return rule_fail(fail, 400, MSG_PREVIOUS_CONTRACT,
                                 "previous_id", "上一期协议",
                                 "the previous contract");
            }
            rc = contract_store_get(x->db, x->arena, &scope_all,
                                    p.previous_id, &p);
            if (rc == DB_DONE) {
                break;
            }
            if (rc != DB_ROW) {
                return rule_fail_db(fail, rc);
            }
        }
    }
    /* The organisation is checked when the contract is new or changes
     * hands: a contract signed before a debarment stays valid. */
    if (!before || before->organisation_id != c->organisation_id) {
        if (check_organisation(x, c, fail)) {
            return -1;
        }
    }
    return check_stations(x, c, fail);
}

/* A station leaving the contract takes none of its money with it: the
 * allocations and expenditures that name it would pair the contract
 * with a station it no longer covers, which POST /allocations and the
 * expenditures refuse. In the write's transaction. */
static int check_station_records(const struct client_ctx *x,
                                 const struct contract *before,
                                 const struct contract *c,
                                 struct client_fail *fail)
{
    for (size_t i = 0; i < before->n_stations; i++) {
        const struct contract_station *old = &before->stations[i];
        bool kept = false;
        for (size_t j = 0; j < c->n_stations && !kept; j++) {
            kept = c->stations[j].station_id == old->station_id;
        }
        int64_t n = 0;
        int rc = kept ? DB_OK
                      : money_store_station_records(x->db, before->id,
                                                    old->station_id, &n);
        if (rc != DB_OK) {
            return rule_fail_db(fail, rc);
        }
        if (n > 0) {
            const char *name = old->station_name ? old->station_name : "";
            return rule_fail(
                fail, 409, MSG_STATION_HAS_MONEY, "stations",
                arena_printf(x->arena, "%s已有%lld笔资金分配或支出", name,
                             (long long)n),
                arena_printf(x->arena, "%s has %lld allocation(s) or "
                                       "expenditure(s)",
                             name, (long long)n));
        }
    }
    return 0;
}

static const char *earlier(const char *a, const char *b)
{
    return strcmp(a, b) <= 0 ? a : b;
}

/* The dated records in a window, or a refusal naming the first (or the
 * last) of them and how many there are; what names them ("支出"). */
static int span_refuses(const struct client_ctx *x, int64_t contract_id,
                        enum money_dated what, const char *lo, const char *hi, bool hi_open,
                        enum msg_id msg, const char *field,
                        const char *what_zh, const char *what_en,
                        struct client_fail *fail)
{
    struct money_span sp;
    int rc = money_store_dated_span(x->db, x->arena, what, contract_id,
                                    lo, hi, hi_open, &sp);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (sp.n == 0) {
        return 0;
    }
    const char *day = hi_open ? sp.first : sp.last;
    return rule_fail(
        fail, 409, msg, field,
        arena_printf(x->arena, "已登记%s的%s日期%s（共%lld笔在%s）", what_zh,
                     hi_open ? "最早" : "最晚", day, (long long)sp.n,
                     hi_open ? "新日期之前" : "新日期之后"),
        arena_printf(x->arena, "the %s %s recorded on %s (%lld %s it)",
                     hi_open ? "earliest" : "latest", what_en, day,
                     (long long)sp.n, hi_open ? "before" : "after"));
}

/* A term moved so that records made in it fall outside: refused, as
 * writing such a record is. Expenditures are spent from the earlier of
 * the start and the signing, evaluations and acceptances made from the
 * signing, and a midterm evaluation falls within the term (an annual or
 * final one, and expenditures paid after the end for work done in the
 * term, e.g. December's social insurance, may come after it). Only the
 * days the move takes away are counted: a record already outside the
 * old term is left as it was. In the write's transaction. */
static int check_dated_records(const struct client_ctx *x,
                               const struct contract *before,
                               const struct contract *c,
                               struct client_fail *fail)
{
    int64_t id = before->id;
    const char *was = earlier(before->starts_on, before->signed_on);
    const char *now = earlier(c->starts_on, c->signed_on);
    if (strcmp(now, was) > 0 &&
        span_refuses(x, id, DATED_EXPENDITURES, was, now, true,
                     now == c->starts_on ? MSG_STARTS_AFTER_RECORDS
                                         : MSG_SIGNED_AFTER_RECORDS,
                     now == c->starts_on ? "starts_on" : "signed_on", "支出",
                     "expenditure", fail)) {
        return -1;
    }
    if (strcmp(c->signed_on, before->signed_on) > 0 &&
        span_refuses(x, id, DATED_RESULTS, before->signed_on, c->signed_on,
                     true, MSG_SIGNED_AFTER_RECORDS, "signed_on",
                     "评估或验收", "evaluation or acceptance", fail)) {
        return -1;
    }
    if (strcmp(c->ends_on, before->ends_on) < 0 &&
        (span_refuses(x, id, DATED_EXPENDITURES, c->ends_on, before->ends_on,
                      false, MSG_ENDS_BEFORE_RECORDS, "ends_on", "支出",
                      "expenditure", fail) ||
         span_refuses(x, id, DATED_MIDTERMS, c->ends_on, before->ends_on,
                      false, MSG_ENDS_BEFORE_RECORDS, "ends_on", "中期评估",
                      "midterm evaluation", fail))) {
        return -1;
    }
    return 0;
}

int contract_service_audit(const struct client_ctx *x, const char *action,
                           int64_t contract_id, const char *detail)
{
    struct audit_entry e = {
        .actor = x->who.name,
        .address = x->who.address,
        .action = action,
        .entity = "contract",
        .entity_id = arena_printf(x->arena, "%lld", (long long)contract_id),
        .detail = detail,
    };
    return audit_append(x->db, &e);
}

/* The installments not yet paid share what the new amount leaves after
 * those paid, by their percents (a supplementary agreement changed the
 * amount); the last takes the rounding. In the caller's transaction. */
static int rescale_payments(const struct client_ctx *x, int64_t contract_id,
                            int64_t amount_fen, int64_t now,
                            struct client_fail *fail)
{
    /* Each installment changed is audited under its own id, so that its
     * history shows why its amount moved. */
    struct payment *p;
    size_t n;
    int rc = money_store_payments(x->db, x->arena, contract_id, &p, &n);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    int64_t paid = 0, percents = 0;
    size_t last = n;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(p[i].status, "paid") == 0) {
            paid += p[i].amount_fen;
        } else {
            percents += p[i].percent;
            last = i;
        }
    }
    if (n == 0) {
        return 0;
    }
    /* Below what was paid, or above it with nothing left to pay it in. */
    if (amount_fen < paid || (last == n && amount_fen != paid)) {
        return rule_fail(fail, 409, MSG_AMOUNT_BELOW_PAID, "amount_fen",
                         "协议金额", "the contract amount");
    }
    int64_t left = amount_fen - paid, given = 0;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (strcmp(p[i].status, "paid") == 0) {
            continue;
        }
        int64_t a = i == last || percents <= 0
                        ? (i == last ? left - given : 0)
                        : left * p[i].percent / percents;
        given += a;
        if (a == p[i].amount_fen) {
            continue;
        }
        rc = money_store_payment_set_amount(x->db, p[i].id, p[i].version, a,
                                            now);
        if (rc == DB_OK) {
            struct audit_entry e = {
                .actor = x->who.name,
                .address = x->who.address,
                .action = "payment.rescale",
                .entity = "payment",
                .entity_id = arena_printf(x->arena, "%lld",
                                          (long long)p[i].id),
                .detail = arena_printf(
                    x->arena,
                    "{\"contract_id\":%lld,\"seq\":%lld,\"before\":{"
                    "\"amount_fen\":%lld},\"after\":{\"amount_fen\":%lld}}",
                    (long long)contract_id, (long long)p[i].seq,
                    (long long)p[i].amount_fen, (long long)a),
            };
            rc = audit_append(x->db, &e);
        }
    }
    if (rc == DB_DONE) {
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "amount_fen", NULL,
                         NULL);
    }
    return rc == DB_OK ? 0 : rule_fail_db(fail, rc);
}

/* A contract's fields as its audit rows keep them: before and after an
 * edit, so that an amount or a station's share changed by a
 * supplementary agreement can be read back. */
static void write_contract(struct jsonw *w, const struct contract *c)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "code", c->code);
    jsonw_kstr(w, "title", c->title);
    jsonw_kint(w, "organisation_id", c->organisation_id);
    jsonw_kstr(w, "purchaser", c->purchaser);
    jsonw_kstr(w, "procurement", c->procurement);
    jsonw_kint(w, "cycle_years", c->cycle_years);
    jsonw_kint(w, "cycle_year", c->cycle_year);
    jsonw_kint(w, "amount_fen", c->amount_fen);
    jsonw_kstr(w, "signed_on", c->signed_on);
    jsonw_kstr(w, "effective_on", c->effective_on);
    jsonw_kstr(w, "starts_on", c->starts_on);
    jsonw_kstr(w, "ends_on", c->ends_on);
    jsonw_kstr(w, "filed_on", c->filed_on);
    jsonw_kstr(w, "staff_in_place_on", c->staff_in_place_on);
    jsonw_key(w, "stations");
    jsonw_arr_open(w);
    for (size_t i = 0; i < c->n_stations; i++) {
        jsonw_obj_open(w);
        jsonw_kint(w, "station_id", c->stations[i].station_id);
        jsonw_kint(w, "amount_fen", c->stations[i].amount_fen);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_kstr(w, "requirements", c->requirements);
    jsonw_kstr(w, "liability", c->liability);
    jsonw_kstr(w, "notes", c->notes);
    jsonw_obj_close(w);
}

int contract_service_save(const struct client_ctx *x,
                          const struct contract *before, struct contract *c,
                          const char *default_purchaser,
                          int64_t expected_version, int64_t *id,
                          struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (!c->purchaser || !*c->purchaser) {
        c->purchaser = default_purchaser ? default_purchaser : "";
    }
    if (check(x, before, c, fail)) {
        return -1;
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    int64_t now = cn_now();
    if (before) {
        *id = before->id;
        c->id = before->id;
        rc = contract_store_update(x->db, c, expected_version, now);
        if (rc == DB_DONE) {
            db_rollback(x->db);
            return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                             NULL);
        }
        if (rc == DB_OK && before->amount_fen != c->amount_fen &&
            rescale_payments(x, c->id, c->amount_fen, now, fail)) {
            db_rollback(x->db);
            return -1;
        }
        /* After the update, which holds the contract's row: the records
         * read are those the change is judged on. */
        if (rc == DB_OK && (check_station_records(x, before, c, fail) ||
                            check_dated_records(x, before, c, fail))) {
            db_rollback(x->db);
            return -1;
        }
    } else {
        rc = contract_store_insert(x->db, c, x->user_id, now, id);
    }
    if (rc == DB_OK) {
        rc = contract_store_refresh_in_force(x->db, x->today);
    }
    if (rc == DB_CONSTRAINT) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_CONTRACT_CODE_TAKEN, "code",
                         "协议编号", "contract code");
    }
    if (rc == DB_OK) {
        struct jsonw_doc d;
        jsonw_doc_open(&d);
        if (before) {
            jsonw_key(&d.w, "before");
            write_contract(&d.w, before);
        }
        jsonw_key(&d.w, "after");
        write_contract(&d.w, c);
        rc = contract_service_audit(
            x, before ? "contract.update" : "contract.create", *id,
            jsonw_doc_close(&d, x->arena));
    }
    if (rc == DB_OK) {
        rc = db_commit(x->db);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
        return rule_fail_db(fail, rc);
    }
    return 0;
}

int contract_service_write(const struct client_ctx *x, int rc,
                           const char *action, int64_t contract_id,
                           const char *detail, struct client_fail *fail)
{
    if (rc == DB_OK) {
        rc = contract_store_refresh_in_force(x->db, x->today);
    }
    if (rc == DB_OK) {
        rc = contract_service_audit(x, action, contract_id, detail);
    }
    if (rc == DB_OK) {
        rc = db_commit(x->db);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
        return rc == DB_DONE ? rule_fail(fail, 409, MSG_VERSION_CONFLICT,
                                         "version", NULL, NULL)
               : rc == DB_CONSTRAINT
                   ? rule_fail(fail, 409, MSG_LISTED_TWICE, NULL, NULL, NULL)
                   : rule_fail_db(fail, rc);
    }
    return 0;
}

int contract_service_terminate(const struct client_ctx *x,
                               const struct contract *before,
                               const char *reason, const char *on,
                               int64_t expected_version,
                               struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (strcmp(before->status, "active") != 0) {
        return rule_fail(fail, 409, MSG_CONTRACT_NOT_ACTIVE, "status", NULL,
                         NULL);
    }
    if (strcmp(on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "terminated_on", "终止日期",
                         "terminated_on");
    }
    if (strcmp(on, before->signed_on) < 0) {
        return rule_fail(fail, 400, MSG_CONTRACT_EFFECTIVE_EARLY,
                         "terminated_on", "终止日期", "terminated_on");
    }
    struct contract c = *before;
    c.status = "terminated";
    c.status_reason = reason;
    c.status_on = on;
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    rc = contract_store_update(x->db, &c, expected_version, cn_now());
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kstr(&d.w, "reason", reason);
    jsonw_kstr(&d.w, "terminated_on", on);
    const char *detail = jsonw_doc_close(&d, x->arena);
    return contract_service_write(x, rc, "contract.terminate", c.id, detail,
                                  fail) ? -1 : 0;
}
