#include "report_service.h"

#include <stdio.h>
#include <string.h>

#include "../store/contract_store.h"
#include "../store/money_store.h"
#include "../store/region_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "../util/strbuf.h"
#include "region_code.h"
#include "report_figures.h"
#include "report_types.h"
#include "rule_fail.h"

static const char *role_label(const char *code, bool en)
{
    int r = role_from_code(code);
    return r < 0 ? code : en ? role_infos[r].label_en : role_infos[r].label;
}

static bool has_role(const struct report_ctx *c, const char *code)
{
    int r = role_from_code(code);
    return r >= 0 && (c->roles & ROLE_BIT(r)) != 0;
}

const char *report_service_reviewer(const struct profile *p, int t)
{
    if (t == REPORT_MONTHLY_BRIEF && p && p->reports.types[t].set) {
        return p->reports.types[t].receiver;
    }
    return "bureau";
}

static int this_month(const struct client_ctx *x)
{
    int y = 0, m = 0;
    sscanf(x->today, "%4d-%2d", &y, &m);
    return y * 12 + m - 1;
}

static int month_of_date(const char *d)
{
    int y = 0, m = 1;
    sscanf(d, "%4d-%2d", &y, &m);
    return y * 12 + m - 1;
}

static int check_author(const struct report_ctx *c, int t,
                        struct client_fail *fail)
{
    const char *role = report_types[t].author_role;
    if (!has_role(c, role)) {
        return rule_fail(fail, 403, MSG_REPORT_NOT_AUTHOR, "type",
                         role_label(role, false), role_label(role, true));
    }
    return 0;
}

/* A county's own report (its quarterly report, its self-evaluation) is
 * its bureau's, sent to the level above, which reviews it (篇2:
 * 县民政部门……向上级民政部门提交; 篇4: 定期向市民政部门提交): a range
 * that is the county writes it, not a city's or a province's that
 * covers it. name: the county's, for the message. */
static int check_own_county(const struct report_ctx *c, const char *county,
                            const char *name, struct client_fail *fail)
{
    const char *p = c->x->scope->region_prefix;
    if (c->x->scope->all || !p || !county || strcmp(p, county) != 0) {
        const char *n = name && *name ? name : county;
        return rule_fail(fail, 403, MSG_REPORT_COUNTY_AUTHOR, "region_code",
                         n, n);
    }
    return 0;
}

/* The period: whole months fitting the type, not after this month, and
 * for a final report over (it sums up the term). */
static int check_period(const struct report_ctx *c, int t,
                        const struct report *r, int *from, int *to,
                        struct client_fail *fail)
{
    if (!report_month_parse(r->period_from, from)) {
        return rule_fail(fail, 400, MSG_REPORT_PERIOD, "period_from",
                         "报告期起", "period_from");
    }
    if (report_month_parse(r->period_to, to) && *to < *from) {
        return rule_fail(fail, 400, MSG_DATE_ORDER, "period_to", "报告期止",
                         "period_to");
    }
    /* Said on the month that is wrong: a quarter begun in August is
     * its first month's fault, not its last's. */
    if (!report_period_starts(report_types[t].period, *from)) {
        return rule_fail(fail, 400, MSG_REPORT_PERIOD, "period_from",
                         "报告期起", "period_from");
    }
    if (!report_month_parse(r->period_to, to) ||
        !report_period_fits(report_types[t].period, *from, *to)) {
        return rule_fail(fail, 400, MSG_REPORT_PERIOD, "period_to",
                         "报告期止", "period_to");
    }
    int now = this_month(c->x);
    if (*from > now) {
        return rule_fail(fail, 400, MSG_REPORT_FUTURE, "period_from",
                         "报告期起", "period_from");
    }
    if (t == REPORT_FINAL && *to >= now) {
        return rule_fail(fail, 400, MSG_REPORT_NOT_ENDED, "period_to",
                         "报告期止", "period_to");
    }
    return 0;
}

static int scope_station(const struct report_ctx *c, struct report *r,
                         struct client_fail *fail)
{
    struct station s;
    int rc = station_store_get_plain(c->x->db, c->x->arena, c->x->scope,
                                     r->station_id, &s);
    if (rc == DB_DONE || r->station_id <= 0) {
        return rule_fail(fail, 400, MSG_STATION_OUT_OF_RANGE, "station_id",
                         "所属站点", "station_id");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    r->region_code = s.region_code;
    r->contract_id = 0;
    r->organisation_id = 0;
    r->scope_key = arena_printf(c->x->arena, "s:%lld",
                                (long long)r->station_id);
    return 0;
}

static int scope_region(const struct report_ctx *c, struct report *r,
                        struct client_fail *fail)
{
    struct region g;
    if (!r->region_code || region_level_of(r->region_code) != LEVEL_COUNTY ||
        !scope_has_region(c->x->scope, r->region_code)) {
        return rule_fail(fail, 400, MSG_REPORT_REGION, "region_code",
                         "行政区划", "region_code");
    }
    /* A deployment reports on its jurisdiction, as it keeps stations. */
    if (c->profile && c->profile->region_code &&
        strncmp(r->region_code, c->profile->region_code,
                strlen(c->profile->region_code)) != 0) {
        return rule_fail(fail, 400, MSG_STATION_REGION_OUTSIDE,
                         "region_code", "行政区划", "region_code");
    }
    int rc = region_store_get(c->x->db, c->x->arena, r->region_code, &g);
    if (rc == DB_DONE) {
        return rule_fail(fail, 400, MSG_REPORT_REGION, "region_code",
                         "行政区划", "region_code");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (check_own_county(c, r->region_code, g.name, fail)) {
        return -1;
    }
    r->station_id = r->contract_id = r->organisation_id = 0;
    r->scope_key = arena_printf(c->x->arena, "r:%s", r->region_code);
    return 0;
}

static int scope_contract(const struct report_ctx *c, int t,
                          struct report *r, int from, int to,
                          struct client_fail *fail)
{
    struct contract k;
    int rc = contract_store_get(c->x->db, c->x->arena, c->x->scope,
                                r->contract_id, &k);
    if (rc == DB_DONE || r->contract_id <= 0) {
        return rule_fail(fail, 400, MSG_NOT_FOUND, "contract_id",
                         "服务协议", "contract");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    int start = month_of_date(k.starts_on), end = month_of_date(k.ends_on);
    if (from < start || to > end) {
        return rule_fail(fail, 400, MSG_REPORT_OUT_OF_TERM, "period_from",
                         "报告期", "period");
    }
    /* A final report sums up the term (a contract has one, so it must
     * not stop short): to its last month, or the month it was
     * terminated, or, the term still running, last month. */
    if (t == REPORT_FINAL) {
        int last = end;
        if (strcmp(k.status, "terminated") == 0 && k.status_on &&
            month_of_date(k.status_on) < last) {
            last = month_of_date(k.status_on);
        }
        if (this_month(c->x) - 1 < last) {
            last = this_month(c->x) - 1;
        }
        if (to < last) {
            return rule_fail(fail, 400, MSG_REPORT_FINAL_TO_END, "period_to",
                             "报告期止", "period_to");
        }
    }
    r->station_id = 0;
    r->region_code = k.region_code;
    r->organisation_id = k.organisation_id;
    r->scope_key = arena_printf(c->x->arena, "c:%lld",
                                (long long)r->contract_id);
    return 0;
}

/* The plans have the organisation send one mid-term and one final
 * report (中期工作报告、末期工作报告) for a contract, whatever their
 * periods; fund-use statements are sent as often as asked (定期). */
static bool once_per_contract(int t)
{
    return t == REPORT_FINAL || t == REPORT_MIDTERM;
}

/* The contract's report of r's type already written: DB_ROW with *id,
 * DB_DONE, or an error. The contract's row is locked first, so that two
 * requests at once cannot both find none (the unique key holds only the
 * first month). */
static int first_of_contract(const struct report_ctx *c,
                             const struct report *r, int64_t *id)
{
    int rc = money_store_contract_lock(c->x->db, r->contract_id);
    if (rc != DB_OK) {
        return rc;
    }
    return report_store_first_of(c->x->db, r->type, r->scope_key, id);
}

/* The narrative as JSON, for the history. */
static const char *narrative_json(struct arena *a, const struct report *r)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kstr(&d.w, "key_work", r->key_work);
    jsonw_kstr(&d.w, "highlights", r->highlights);
    jsonw_kstr(&d.w, "typical_cases", r->typical_cases);
    jsonw_kstr(&d.w, "problems", r->problems);
    jsonw_kstr(&d.w, "next_plan", r->next_plan);
    const char *s = jsonw_doc_close(&d, a);
    return s;
}

/* Appends the history row and the audit row, and commits. */
static int finish(const struct report_ctx *c, int rc, const char *action,
                  const struct report *r, const char *figures,
                  const char *narrative, const char *comment, int64_t now,
                  struct client_fail *fail)
{
    const struct client_ctx *x = c->x;
    if (rc == DB_OK) {
        struct report_event e = {
            .action = action,
            .report_version = r->version,
            .figures = figures,
            .narrative = narrative,
            .comment = comment,
            .user_id = x->user_id,
            .user_name = x->who.name,
            .created_at = now,
        };
        rc = report_store_event_add(x->db, r->id, &e);
    }
    return rule_commit_audited(
        x, rc, arena_printf(x->arena, "report.%s", action), "report", r->id,
        arena_printf(x->arena,
                     "{\"type\":\"%s\",\"scope\":\"%s\",\"period_from\":"
                     "\"%s\",\"period_to\":\"%s\",\"status\":\"%s\"}",
                     r->type, r->scope_key, r->period_from, r->period_to,
                     r->status),
        fail);
}

/* A scope the type does not take is refused, not dropped: a station
 * sent with a county report would otherwise make a report on the county
 * that its author took for the station's. */
static int check_scope_fields(int scope, const struct report *r,
                              struct client_fail *fail)
{
    if (scope != REPORT_SCOPE_STATION && r->station_id) {
        return rule_fail(fail, 400, MSG_NOT_FOR_REPORT, "station_id",
                         "所属站点", "station_id");
    }
    if (scope != REPORT_SCOPE_REGION && r->region_code && *r->region_code) {
        return rule_fail(fail, 400, MSG_NOT_FOR_REPORT, "region_code",
                         "行政区划", "region_code");
    }
    if (scope != REPORT_SCOPE_CONTRACT && r->contract_id) {
        return rule_fail(fail, 400, MSG_NOT_FOR_REPORT, "contract_id",
                         "服务协议", "contract_id");
    }
    return 0;
}

int report_service_create(const struct report_ctx *c, struct report *r,
                          int64_t *id, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    const struct client_ctx *x = c->x;
    int t = report_type_from_code(r->type);
    if (t < 0) {
        return rule_fail(fail, 400, MSG_BAD_ENUM, "type", "报告类型",
                         "type");
    }
    int from, to;
    if (check_author(c, t, fail) || check_period(c, t, r, &from, &to, fail)) {
        return -1;
    }
    int bad = check_scope_fields(report_types[t].scope, r, fail);
    if (bad) {
        return -1;
    }
    switch (report_types[t].scope) {
    case REPORT_SCOPE_STATION:
        bad = scope_station(c, r, fail);
        break;
    case REPORT_SCOPE_REGION:
        bad = scope_region(c, r, fail);
        break;
    case REPORT_SCOPE_CONTRACT:
        bad = scope_contract(c, t, r, from, to, fail);
        break;
    }
    if (bad) {
        return -1;
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (once_per_contract(t)) {
        int64_t had = 0;
        rc = first_of_contract(c, r, &had);
        if (rc == DB_ROW) {
            db_rollback(x->db);
            /* Named only when the caller may open it. */
            struct report seen;
            if (report_store_get(x->db, x->arena, x->scope, had, &seen) ==
                DB_ROW) {
                fail->existing_id = had;
            }
            const struct profile_reports *pr =
                c->profile ? &c->profile->reports : NULL;
            return rule_fail(fail, 409, MSG_REPORT_ONCE, "type",
                             report_type_label(pr, t, false),
                             report_type_label(pr, t, true));
        }
        if (rc != DB_DONE) {
            db_rollback(x->db);
            return rule_fail_db(fail, rc);
        }
    }
    int64_t now = cn_now();
    r->created_by = x->user_id;
    r->status = "draft";
    r->version = 1;
    rc = report_store_insert(x->db, r, now, id);
    if (rc == DB_CONSTRAINT) {
        db_rollback(x->db);
        /* Name the report there is, so that the user can open it. */
        struct report had;
        if (report_store_find(x->db, x->arena, r->type, r->scope_key,
                              r->period_from, &had) == DB_ROW &&
            report_store_get(x->db, x->arena, x->scope, had.id, &had) ==
                DB_ROW) {
            fail->existing_id = had.id;
        }
        rule_fail(fail, 409, MSG_REPORT_EXISTS, "period_from", "报告期",
                  "period");
        return -1;
    }
    r->id = *id;
    return finish(c, rc, "create", r, NULL, NULL, NULL, now, fail);
}

static bool editable(const struct report *r)
{
    return strcmp(r->status, "draft") == 0 ||
           strcmp(r->status, "returned") == 0;
}

/* Whether the caller writes p: her roles write its type, and a county's
 * own report is her county's. 0, or -1 and *fail. */
static int author_of(const struct report_ctx *c, const struct report *p,
                     struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    int t = report_type_from_code(p->type);
    if (t < 0) {
        return rule_fail(fail, 400, MSG_BAD_ENUM, "type", "报告类型",
                         "type");
    }
    if (check_author(c, t, fail)) {
        return -1;
    }
    if (report_scope_of_key(p->scope_key) == REPORT_SCOPE_REGION) {
        return check_own_county(c, p->region_code, p->scope_name, fail);
    }
    return 0;
}

int report_service_writable(const struct report_ctx *c,
                            const struct report *p, struct client_fail *fail)
{
    if (author_of(c, p, fail)) {
        return -1;
    }
    if (!editable(p)) {
        return rule_fail(fail, 409, MSG_REPORT_STATE, "status",
                         report_status_label(p->status, false),
                         report_status_label(p->status, true));
    }
    return 0;
}

int report_service_update(const struct report_ctx *c,
                          const struct report *before, struct report *r,
                          int64_t expected_version, struct client_fail *fail)
{
    const struct client_ctx *x = c->x;
    if (report_service_writable(c, before, fail)) {
        return -1;
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    rc = report_store_update(x->db, r, expected_version, cn_now());
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    return rule_commit_audited(
        x, rc, "report.update", "report", r->id,
        arena_printf(x->arena, "{\"status\":\"%s\"}", r->status), fail);
}

int report_service_delete(const struct report_ctx *c,
                          const struct report *before,
                          int64_t expected_version, struct client_fail *fail)
{
    const struct client_ctx *x = c->x;
    if (author_of(c, before, fail)) {
        return -1;
    }
    if (strcmp(before->status, "draft") != 0) {
        return rule_fail(fail, 409, MSG_REPORT_DELETE_DRAFT, "status", NULL,
                         NULL);
    }
    if (before->version != expected_version) {
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    int64_t files = 0;
    rc = report_store_delete_draft(x->db, before->id, expected_version,
                                   &files);
    if (rc == DB_OK && files > 0) {
        db_rollback(x->db);
        const char *n = arena_printf(x->arena, "%lld", (long long)files);
        return rule_fail(fail, 409, MSG_REPORT_HAS_FILES, "attachments", n,
                         n);
    }
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    return rule_commit_audited(
        x, rc, "report.delete", "report", before->id,
        arena_printf(x->arena,
                     "{\"type\":\"%s\",\"scope\":\"%s\",\"period_from\":"
                     "\"%s\",\"period_to\":\"%s\",\"version\":%lld}",
                     before->type, before->scope_key, before->period_from,
                     before->period_to, (long long)before->version),
        fail);
}

/* Empty, or only spaces (ASCII or the full-width 　). */
static bool blank(const char *s)
{
    while (s && *s) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
            s++;
        } else if (strncmp(s, "\xe3\x80\x80", 3) == 0) {
            s += 3;
        } else {
            return false;
        }
    }
    return true;
}

int report_service_submit(const struct report_ctx *c,
                          const struct report *before,
                          int64_t expected_version, struct client_fail *fail)
{
    const struct client_ctx *x = c->x;
    if (author_of(c, before, fail)) {
        return -1;
    }
    int t = report_type_from_code(before->type);
    if (!editable(before)) {
        return rule_fail(fail, 409, MSG_REPORT_STATE, "status",
                         report_status_label(before->status, false),
                         report_status_label(before->status, true));
    }
    int to;
    report_month_parse(before->period_to, &to);
    if (report_types[t].after_period && to >= this_month(x)) {
        return rule_fail(fail, 400, MSG_REPORT_NOT_ENDED, "period_to",
                         "报告期止", "period_to");
    }
    /* The figures are computed, the words are the author's: a report
     * with none of them is not finished. */
    if (blank(before->key_work) && blank(before->highlights) &&
        blank(before->typical_cases) && blank(before->problems) &&
        blank(before->next_plan)) {
        return rule_fail(fail, 400, MSG_REPORT_NO_WORDS, "key_work",
                         "重点工作", "key work");
    }
    int64_t now = cn_now();
    struct report r = *before;
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    /* Computed inside the transaction, so that the figures frozen are
     * those of the moment the report was submitted. */
    const char *figures = NULL;
    rc = report_figures_compute(x->db, x->arena, before, now, &figures);
    if (rc == DB_OK) {
        r.status = "submitted";
        r.figures = figures;
        r.submitted_on = x->today;
        r.submitted_by = x->user_id;
        /* A return's comment was for the draft: submitted again, the
         * report has no review yet (the history keeps the comment). */
        r.reviewed_on = NULL;
        r.reviewed_by = 0;
        r.review_comment = "";
        rc = report_store_update(x->db, &r, expected_version, now);
        if (rc == DB_DONE) {
            db_rollback(x->db);
            return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version",
                             NULL, NULL);
        }
    }
    r.version = expected_version + 1;
    return finish(c, rc, "submit", &r, figures,
                  narrative_json(x->arena, &r), NULL, now, fail);
}

int report_service_review(const struct report_ctx *c,
                          const struct report *before, bool accept,
                          const char *comment, int64_t expected_version,
                          struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    const struct client_ctx *x = c->x;
    int t = report_type_from_code(before->type);
    if (t < 0) {
        return rule_fail(fail, 400, MSG_BAD_ENUM, "type", "报告类型",
                         "type");
    }
    const char *role = report_service_reviewer(c->profile, t);
    /* The bureau, the purchaser, reviews every report; a county's own
     * reports go to the level above it (a city range, or all). */
    bool ok = has_role(c, role) || has_role(c, "bureau");
    bool above = report_scope_of_key(before->scope_key) == REPORT_SCOPE_REGION;
    if (ok && above) {
        const char *p = x->scope->region_prefix;
        ok = x->scope->all ||
             (p && strlen(p) < strlen(before->region_code) &&
              scope_has_region(x->scope, before->region_code));
    }
    if (!ok) {
        return rule_fail(fail, 403, MSG_REPORT_NOT_REVIEWER, NULL,
                         above ? "上级民政部门" : role_label(role, false),
                         above ? "civil affairs office above the county"
                               : role_label(role, true));
    }
    if (strcmp(before->status, "submitted") != 0) {
        return rule_fail(fail, 409, MSG_REPORT_STATE, "status",
                         report_status_label(before->status, false),
                         report_status_label(before->status, true));
    }
    if (before->submitted_by == x->user_id) {
        return rule_fail(fail, 403, MSG_REPORT_OWN_REVIEW, NULL, NULL,
                         NULL);
    }
    if (!accept && (!comment || !*comment)) {
        return rule_fail(fail, 400, MSG_REQUIRED, "comment", "退回意见",
                         "comment");
    }
    int64_t now = cn_now();
    struct report r = *before;
    r.status = accept ? "accepted" : "returned";
    r.reviewed_on = x->today;
    r.reviewed_by = x->user_id;
    r.review_comment = comment ? comment : "";
    /* A returned report is a draft again: its figures are live until it
     * is submitted anew (the history keeps what was submitted). */
    if (!accept) {
        r.figures = NULL;
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    rc = report_store_update(x->db, &r, expected_version, now);
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    r.version = expected_version + 1;
    return finish(c, rc, accept ? "accept" : "return", &r, NULL, NULL,
                  comment, now, fail);
}
