/* /api/v1/filings (备案 with due dates), /api/v1/debarments (an
 * organisation barred from new contracts for a period) and
 * /api/v1/work_plans (the organisation's annual work plan and the
 * county's annual implementation plan, with milestones). */
#include <stdlib.h>
#include <string.h>

#include "../core/contract_service.h"
#include "../core/contract_terms.h"
#include "../core/dictionary.h"
#include "../core/profile.h"
#include "../store/calendar_store.h"
#include "../store/filing_store.h"
#include "../store/organisation_store.h"
#include "../store/region_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "api.h"

static bool is_filing_kind(const char *s)
{
    return dictionary_fixed_has("filing_kind", s);
}
static bool is_plan_kind(const char *s)
{
    return dictionary_fixed_has("work_plan_kind", s);
}

#define FILING_FIELDS                                                       \
    {.name = "title", .label_zh = "备案事项", .label_en = "title",         \
     .type = S_STRING, .max = 200},                                         \
    {.name = "filed_with", .label_zh = "备案机关", .label_en = "filed_with", \
     .type = S_STRING, .max = 100},                                         \
    {.name = "due_on", .label_zh = "备案期限", .label_en = "due_on",       \
     .type = S_DATE, .nullable = true},                                     \
    {.name = "filed_on", .label_zh = "备案日期", .label_en = "filed_on",   \
     .type = S_DATE, .nullable = true},                                     \
    {.name = "notes", .label_zh = "备注", .label_en = "notes",             \
     .type = S_STRING, .max = 2000, .multiline = true}

static const struct schema filing_create_fields[] = {
    {.name = "kind", .label_zh = "备案类别", .label_en = "kind",
     .type = S_STRING, .required = true, .max = 40, .check = is_filing_kind,
     .check_msg = MSG_BAD_ENUM},
    {.name = "year", .label_zh = "年度", .label_en = "year", .type = S_INT,
     .required = true, .min = 2000, .max = 2100},
    {.name = "contract_id", .label_zh = "服务协议", .label_en = "contract_id",
     .type = S_INT, .min = 1, .nullable = true},
    {.name = "region_code", .label_zh = "所属区县",
     .label_en = "region_code", .type = S_STRING, .max = 6},
    FILING_FIELDS,
    {0},
};
const struct schema api_filing_create_schema = {
    .type = S_OBJECT, .fields = filing_create_fields};
static const struct schema filing_update_fields[] = {
    FILING_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_filing_update_schema = {
    .type = S_OBJECT, .fields = filing_update_fields};

static const char *today_of(struct req *r, char buf[16])
{
    cn_date_format(cn_date_of(cn_now()), buf);
    (void)r;
    return buf;
}

static void write_filing(struct req *r, struct jsonw *w,
                         const struct filing *f, const char *today)
{
    const struct fixed_item *k = dictionary_fixed_item("filing_kind", f->kind);
    jsonw_obj_open(w);
    jsonw_kint(w, "id", f->id);
    jsonw_kstr(w, "region_code", f->region_code);
    api_kid(w, "contract_id", f->contract_id);
    jsonw_kstr(w, "contract_code", f->contract_code);
    jsonw_kstr(w, "kind", f->kind);
    jsonw_kstr(w, "kind_label",
               k ? (r->lang == LANG_EN ? k->label_en : k->label) : f->kind);
    jsonw_kint(w, "year", f->year);
    jsonw_kstr(w, "title", f->title);
    jsonw_kstr(w, "filed_with", f->filed_with);
    jsonw_kstr(w, "due_on", f->due_on);
    jsonw_kbool(w, "provisional", f->due_provisional);
    jsonw_kstr(w, "filed_on", f->filed_on);
    jsonw_kbool(w, "overdue",
                f->due_on && (f->filed_on ? strcmp(f->filed_on, f->due_on) > 0
                                          : strcmp(today, f->due_on) > 0));
    jsonw_kstr(w, "notes", f->notes);
    jsonw_kint(w, "version", f->version);
    jsonw_kstr(w, "updated_at", api_time(r, f->updated_at));
    jsonw_obj_close(w);
}

static void reply_filing(struct req *r, int status, int64_t id)
{
    struct filing f;
    int rc = filing_store_get(r->db, r->arena, &scope_all, id, &f);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "filing read back");
        return;
    }
    char today[16];
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_filing(r, &w, &f, today_of(r, today));
    reply_json(r, status, &sb);
}

/* The county a record without a contract belongs to: the body's, else
 * the profile's when it is a county; in the caller's range. */
static bool region_of(struct req *r, const char **region)
{
    const char *g = api_body_str(r, "region_code");
    const struct profile *p = r->srv->profile;
    if (!g && p && p->level == LEVEL_COUNTY) {
        g = p->region_code;
    }
    if (!g || region_level_of(g) != LEVEL_COUNTY) {
        reply_error(r, 400, MSG_CONTRACT_REGION, "region_code", "所属区县",
                    "region_code");
        return false;
    }
    if (!r->scope->all && !scope_has_station(r->scope, 0, g)) {
        reply_error(r, 400, MSG_STATION_OUT_OF_RANGE, "region_code",
                    "所属区县", "region_code");
        return false;
    }
    struct region known;
    int rc = region_store_get(r->db, r->arena, g, &known);
    if (rc == DB_DONE) {
        reply_error(r, 400, MSG_REGION_NOT_FOUND, "region_code", "所属区县",
                    "region_code");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "region get");
        return false;
    }
    *region = g;
    return true;
}

/* The body's contract in the caller's range for a write, its county
 * wholly inside it (0: none); false after replying. */
static bool contract_of(struct req *r, struct contract *c, int64_t *id)
{
    json_t *v = json_object_get(r->json, "contract_id");
    *id = json_is_integer(v) ? json_integer_value(v) : 0;
    if (*id == 0) {
        return true;
    }
    int rc = contract_store_get(r->db, r->arena, r->scope, *id, c);
    if (rc == DB_DONE ||
        (rc == DB_ROW && !scope_has_region(r->scope, c->region_code))) {
        reply_error(r, 400, MSG_NOT_FOUND, "contract_id", "服务协议",
                    "contract");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "contract get");
        return false;
    }
    return true;
}

/* A filing's day of filing: not to come, and for a contract's filing not
 * before the contract was signed (a filing of 2001 for a contract of 2026
 * is a typing slip). c is the filing's contract, or NULL. */
static bool filed_on_fits(struct req *r, const struct filing *f,
                          const struct contract *c)
{
    char today[16];
    if (f->filed_on && strcmp(f->filed_on, today_of(r, today)) > 0) {
        reply_error(r, 400, MSG_IN_FUTURE, "filed_on", "备案日期", "filed_on");
        return false;
    }
    if (f->filed_on && c && c->signed_on &&
        strcmp(f->filed_on, c->signed_on) < 0) {
        reply_error(r, 400, MSG_BEFORE_SIGNED, "filed_on", "备案日期",
                    "filing date");
        return false;
    }
    return true;
}

/* The due date the profile gives a filing: the contract copy's working
 * days, or the kind's rule. */
static int profile_due(struct req *r, struct filing *f,
                       const struct contract *c)
{
    const struct profile *p = r->srv->profile;
    if (!p) {
        return DB_OK;
    }
    struct calendar cal;
    int rc = calendar_store_load(r->db, r->arena, &cal);
    if (rc != DB_OK) {
        return rc;
    }
    char *due = arena_alloc(r->arena, 16);
    bool prov = false, ok;
    if (strcmp(f->kind, "contract_copy") == 0 && c) {
        ok = contract_terms_filing_due(&cal, &p->contracts, c, due, &prov);
    } else {
        ok = contract_terms_rule_due(
            &cal, contract_terms_filing_rule(&p->contracts, f->kind),
            (int)f->year, c, due, &prov);
    }
    if (ok) {
        f->due_on = due;
        f->due_provisional = prov;
    }
    return DB_OK;
}

static void take(struct req *r, const char *name, const char **dst)
{
    json_t *v = json_object_get(r->json, name);
    if (v) {
        *dst = json_string_value(v);
    }
}

void api_filings_create(struct req *r)
{
    struct filing f;
    memset(&f, 0, sizeof f);
    struct contract c;
    if (!contract_of(r, &c, &f.contract_id)) {
        return;
    }
    if (f.contract_id) {
        f.region_code = c.region_code;
    } else if (!region_of(r, &f.region_code)) {
        return;
    }
    f.kind = api_body_str(r, "kind");
    f.year = json_integer_value(json_object_get(r->json, "year"));
    const struct fixed_item *k = dictionary_fixed_item("filing_kind", f.kind);
    f.title = arena_printf(r->arena, "%lld年度%s", (long long)f.year,
                           k ? k->label : f.kind);
    f.filed_with = "";
    f.notes = "";
    take(r, "title", &f.title);
    take(r, "filed_with", &f.filed_with);
    take(r, "filed_on", &f.filed_on);
    take(r, "notes", &f.notes);
    if (!f.title || !*f.title) {
        f.title = k ? k->label : f.kind;
    }
    const struct profile *p = r->srv->profile;
    const struct profile_filing *rule =
        p ? contract_terms_filing_rule(&p->contracts, f.kind) : NULL;
    if (!*f.filed_with && rule) {
        f.filed_with = rule->filed_with;
    } else if (!*f.filed_with && p && strcmp(f.kind, "contract_copy") == 0) {
        f.filed_with = p->contracts.filing_with;
    }
    take(r, "due_on", &f.due_on);
    int rc = f.due_on ? DB_OK
                      : profile_due(r, &f, f.contract_id ? &c : NULL);
    if (rc == DB_OK && !filed_on_fits(r, &f, f.contract_id ? &c : NULL)) {
        return;
    }
    /* A contract's filing is for a year of its term. */
    if (f.contract_id && c.starts_on && c.ends_on &&
        (f.year < atoi(c.starts_on) || f.year > atoi(c.ends_on))) {
        reply_error(r, 400, MSG_OUT_OF_TERM_YEAR, "year", "年度", "year");
        return;
    }
    f.created_by = r->who ? r->who->user_id : 0;
    int64_t id = 0;
    if (rc == DB_OK) {
        rc = db_begin(r->db);
    }
    /* One filing of a kind a year for a contract or a county, which is
     * then edited as it is filed; recruitment plans may be several. The
     * county's row locked first, so that two requests at once cannot
     * both find none. */
    bool single = strcmp(f.kind, "recruitment_plan") != 0;
    if (rc == DB_OK && single) {
        rc = region_store_lock(r->db, f.region_code);
    }
    int64_t had = 0;
    int same = rc == DB_OK && single ? filing_store_same(r->db, &f, &had)
                                     : DB_DONE;
    if (same == DB_ROW) {
        db_rollback(r->db);
        reply_error_with(r, 409, MSG_FILING_EXISTS, "kind", "备案类别",
                         "kind", "existing_id", had);
        return;
    }
    if (same != DB_DONE) {
        rc = same;
    }
    if (rc == DB_OK) {
        rc = filing_store_insert(r->db, &f, cn_now(), &id);
    }
    rc = api_finish_audited(r, rc, "filing.create", "filing",
                           api_id_text(r, id), "{}");
    if (rc != DB_OK) {
        api_db_error(r, rc, "filing write");
        return;
    }
    reply_filing(r, 201, id);
}

/* A store's answer for the record of the path: true when found, else
 * 404 or the store's failure replied. */
static bool found(struct req *r, int rc, const char *zh, const char *en)
{
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, zh, en);
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, en);
        return false;
    }
    return true;
}

static bool load_filing(struct req *r, struct filing *f)
{
    int64_t id;
    return req_param_id(r, 0, "备案", "filing", &id) &&
           found(r, filing_store_get(r->db, r->arena, r->scope, id, f),
                 "备案", "filing");
}

void api_filings_get(struct req *r)
{
    struct filing f;
    if (load_filing(r, &f)) {
        char today[16];
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        write_filing(r, &w, &f, today_of(r, today));
        reply_json(r, 200, &sb);
    }
}

void api_filings_update(struct req *r)
{
    struct filing f;
    int64_t version;
    if (!load_filing(r, &f) || !api_expected_version(r, &version)) {
        return;
    }
    /* Read by those its contract's stations concern, changed by those
     * whose range holds its county (as the contract itself). */
    if (!scope_has_region(r->scope, f.region_code)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "备案", "filing");
        return;
    }
    take(r, "title", &f.title);
    take(r, "filed_with", &f.filed_with);
    take(r, "filed_on", &f.filed_on);
    take(r, "notes", &f.notes);
    if (json_object_get(r->json, "due_on")) {
        take(r, "due_on", &f.due_on);
        f.due_provisional = false;
    }
    if (!f.title || !*f.title) {
        reply_error(r, 400, MSG_REQUIRED, "title", "备案事项", "title");
        return;
    }
    /* Checked when written: a contract signed later since, or a filing
     * older than the rule, stays editable in its other fields. */
    struct contract c;
    bool dated = json_object_get(r->json, "filed_on") != NULL;
    if (dated && f.contract_id) {
        int crc = contract_store_get(r->db, r->arena, &scope_all,
                                     f.contract_id, &c);
        if (crc != DB_ROW) {
            api_db_error(r, crc, "filing contract");
            return;
        }
    }
    if (dated && !filed_on_fits(r, &f, f.contract_id ? &c : NULL)) {
        return;
    }
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = filing_store_update(r->db, &f, version, cn_now());
    }
    if (rc == DB_DONE) {
        db_rollback(r->db);
        reply_error(r, 409, MSG_VERSION_CONFLICT, "version", NULL, NULL);
        return;
    }
    rc = api_finish_audited(r, rc, "filing.update", "filing",
                           api_id_text(r, f.id), "{}");
    if (rc != DB_OK) {
        api_db_error(r, rc, "filing write");
        return;
    }
    reply_filing(r, 200, f.id);
}

/* The year and kind filters of a list (kind NULL when absent); replies
 * 400 and returns false when either is bad. */
static bool year_and_kind(struct req *r, bool (*is_kind)(const char *),
                          int64_t *year, const char **kind)
{
    const char *yv = req_query(r, "year");
    if (yv && *yv && !parse_int64(yv, 2000, 2100, year)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "year", "year", "year");
        return false;
    }
    *kind = req_query(r, "kind");
    if (*kind && **kind && !is_kind(*kind)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "kind", "kind", "kind");
        return false;
    }
    if (*kind && !**kind) {
        *kind = NULL;
    }
    return true;
}

void api_filings_list(struct req *r)
{
    static const char *const pending[] = {"", "0", "1", NULL};
    struct filing_filter ff;
    memset(&ff, 0, sizeof ff);
    int64_t page, year = 0;
    int limit, pend;
    const char *kind;
    if (!year_and_kind(r, is_filing_kind, &year, &kind)) {
        return;
    }
    if (!req_query_id(r, "contract_id", &ff.contract_id) ||
        !req_query_choice(r, "pending", pending, &pend) ||
        !req_paging(r, 50, &limit, &page)) {
        return;
    }
    ff.kind = kind;
    ff.year = (int)year;
    ff.pending = pend == 2;
    struct filing *items;
    size_t n;
    int64_t total;
    int rc = filing_store_list(r->db, r->arena, r->scope, &ff, limit,
                               (page - 1) * limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "filing list");
        return;
    }
    char today[16];
    today_of(r, today);
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_filing(r, &w, &items[i], today);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}

/* ---- debarments -------------------------------------------------------- */

static const struct schema debarment_fields[] = {
    {.name = "organisation_id", .label_zh = "承接机构",
     .label_en = "organisation_id", .type = S_INT, .required = true,
     .min = 1},
    {.name = "starts_on", .label_zh = "禁止承接开始日期",
     .label_en = "starts_on", .type = S_DATE, .required = true},
    {.name = "ends_on", .label_zh = "禁止承接结束日期",
     .label_en = "ends_on", .type = S_DATE, .required = true},
    {.name = "reason", .label_zh = "原因", .label_en = "reason",
     .type = S_STRING, .required = true, .min = 2, .max = 1000,
     .multiline = true},
    {.name = "contract_id", .label_zh = "违约的服务协议",
     .label_en = "contract_id", .type = S_INT, .min = 1, .nullable = true},
    {0},
};
const struct schema api_debarment_schema = {.type = S_OBJECT,
                                            .fields = debarment_fields};

static void write_debarment(struct req *r, struct jsonw *w,
                            const struct debarment *d, const char *today)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", d->id);
    jsonw_kint(w, "organisation_id", d->organisation_id);
    jsonw_kstr(w, "organisation_name", d->organisation_name);
    jsonw_kstr(w, "starts_on", d->starts_on);
    jsonw_kstr(w, "ends_on", d->ends_on);
    jsonw_kstr(w, "reason", d->reason);
    api_kid(w, "contract_id", d->contract_id);
    jsonw_kbool(w, "current", strcmp(d->starts_on, today) <= 0 &&
                                  strcmp(d->ends_on, today) >= 0);
    jsonw_kstr(w, "created_at", api_time(r, d->created_at));
    jsonw_obj_close(w);
}

void api_debarments_list(struct req *r)
{
    int64_t org, page;
    int limit;
    if (!req_query_id(r, "organisation_id", &org) ||
        !req_paging(r, 50, &limit, &page)) {
        return;
    }
    struct debarment *items;
    size_t n;
    int64_t total;
    int rc = debarment_store_list(r->db, r->arena, org, limit,
                                  (page - 1) * limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "debarment list");
        return;
    }
    char today[16];
    today_of(r, today);
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_debarment(r, &w, &items[i], today);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}

void api_debarments_create(struct req *r)
{
    struct debarment d;
    memset(&d, 0, sizeof d);
    d.organisation_id =
        json_integer_value(json_object_get(r->json, "organisation_id"));
    d.starts_on = api_body_str(r, "starts_on");
    d.ends_on = api_body_str(r, "ends_on");
    d.reason = api_body_str(r, "reason");
    struct organisation o;
    int rc = organisation_store_get(r->db, r->arena, d.organisation_id, &o);
    if (rc == DB_DONE) {
        reply_error(r, 400, MSG_NOT_FOUND, "organisation_id", "承接机构",
                    "organisation");
        return;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "organisation get");
        return;
    }
    if (strcmp(d.ends_on, d.starts_on) < 0) {
        reply_error(r, 400, MSG_DATE_ORDER, "ends_on", "禁止承接结束日期",
                    "the end of the debarment");
        return;
    }
    struct contract c;
    if (!contract_of(r, &c, &d.contract_id)) {
        return;
    }
    if (d.contract_id && c.organisation_id != d.organisation_id) {
        reply_error(r, 400, MSG_NOT_FOUND, "contract_id", "该机构的服务协议",
                    "the organisation's contract");
        return;
    }
    d.created_by = r->who ? r->who->user_id : 0;
    d.created_at = cn_now();
    int64_t id = 0;
    rc = db_begin(r->db);
    /* A period barred already is lengthened by a debarment that starts
     * after it, not recorded twice; the organisation's row locked first,
     * so that two requests at once cannot both find none. */
    if (rc == DB_OK) {
        rc = organisation_store_lock(r->db, d.organisation_id);
    }
    struct debarment had;
    int over = rc == DB_OK ? debarment_store_over(r->db, r->arena,
                                                  d.organisation_id,
                                                  d.starts_on, d.ends_on, &had)
                           : DB_DONE;
    if (over == DB_ROW) {
        db_rollback(r->db);
        reply_error_with(r, 409, MSG_DEBARMENT_OVERLAP, "starts_on",
                         "禁止承接期", "the debarment", "existing_id",
                         had.id);
        return;
    }
    if (over != DB_DONE) {
        rc = over;
    }
    if (rc == DB_OK) {
        rc = debarment_store_insert(r->db, &d, &id);
    }
    rc = api_finish_audited(
            r, rc, "debarment.create", "organisation",
            api_id_text(r, d.organisation_id),
            arena_printf(r->arena,
                         "{\"starts_on\":\"%s\",\"ends_on\":\"%s\"}",
                         d.starts_on, d.ends_on));
    if (rc != DB_OK) {
        api_db_error(r, rc, "debarment write");
        return;
    }
    d.id = id;
    d.organisation_name = o.name;
    char today[16];
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_debarment(r, &w, &d, today_of(r, today));
    reply_json(r, 201, &sb);
}

/* ---- annual plans ------------------------------------------------------ */

static const struct schema milestone_fields[] = {
    {.name = "title", .label_zh = "节点", .label_en = "title",
     .type = S_STRING, .required = true, .min = 1, .max = 200},
    {.name = "due_on", .label_zh = "完成时限", .label_en = "due_on",
     .type = S_DATE, .required = true},
    {.name = "done_on", .label_zh = "完成日期", .label_en = "done_on",
     .type = S_DATE, .nullable = true},
    {0},
};
static const struct schema milestone_schema[] = {
    {.type = S_OBJECT, .fields = milestone_fields},
};
#define PLAN_FIELDS(req)                                                    \
    {.name = "title", .label_zh = "计划名称", .label_en = "title",         \
     .type = S_STRING, .required = req, .min = 2, .max = 200},              \
    {.name = "summary", .label_zh = "计划内容", .label_en = "summary",     \
     .type = S_STRING, .max = 10000, .multiline = true},                    \
    {.name = "milestones", .label_zh = "时间节点", .label_en = "milestones", \
     .type = S_ARRAY, .max = 50, .fields = milestone_schema}
static const struct schema plan_create_fields[] = {
    {.name = "kind", .label_zh = "计划类别", .label_en = "kind",
     .type = S_STRING, .required = true, .max = 40, .check = is_plan_kind,
     .check_msg = MSG_BAD_ENUM},
    {.name = "year", .label_zh = "年度", .label_en = "year", .type = S_INT,
     .required = true, .min = 2000, .max = 2100},
    {.name = "organisation_id", .label_zh = "承接机构",
     .label_en = "organisation_id", .type = S_INT, .min = 1,
     .nullable = true},
    {.name = "contract_id", .label_zh = "服务协议", .label_en = "contract_id",
     .type = S_INT, .min = 1, .nullable = true},
    {.name = "region_code", .label_zh = "所属区县",
     .label_en = "region_code", .type = S_STRING, .max = 6},
    PLAN_FIELDS(true),
    {0},
};
const struct schema api_work_plan_create_schema = {
    .type = S_OBJECT, .fields = plan_create_fields};
static const struct schema plan_update_fields[] = {
    PLAN_FIELDS(false),
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_work_plan_update_schema = {
    .type = S_OBJECT, .fields = plan_update_fields};

static void write_plan(struct req *r, struct jsonw *w,
                       const struct work_plan *p, const char *today)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", p->id);
    jsonw_kstr(w, "kind", p->kind);
    jsonw_kstr(w, "region_code", p->region_code);
    jsonw_kint(w, "year", p->year);
    api_kid(w, "organisation_id", p->organisation_id);
    jsonw_kstr(w, "organisation_name", p->organisation_name);
    api_kid(w, "contract_id", p->contract_id);
    jsonw_kstr(w, "title", p->title);
    jsonw_kstr(w, "summary", p->summary);
    jsonw_key(w, "milestones");
    jsonw_arr_open(w);
    for (size_t i = 0; i < p->n_milestones; i++) {
        const struct milestone *m = &p->milestones[i];
        jsonw_obj_open(w);
        jsonw_kstr(w, "title", m->title);
        jsonw_kstr(w, "due_on", m->due_on);
        jsonw_kstr(w, "done_on", m->done_on);
        jsonw_kbool(w, "overdue",
                    m->done_on ? strcmp(m->done_on, m->due_on) > 0
                               : strcmp(today, m->due_on) > 0);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_kint(w, "version", p->version);
    jsonw_kstr(w, "updated_at", api_time(r, p->updated_at));
    jsonw_obj_close(w);
}

static void reply_plan(struct req *r, int status, int64_t id)
{
    struct work_plan p;
    int rc = work_plan_store_get(r->db, r->arena, &scope_all, id, &p);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "work plan read back");
        return;
    }
    char today[16];
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_plan(r, &w, &p, today_of(r, today));
    reply_json(r, status, &sb);
}

/* The body's milestones into p; false and a reply when one was done on a
 * day still to come. */
static bool read_milestones(struct req *r, struct work_plan *p)
{
    json_t *arr = json_object_get(r->json, "milestones");
    if (!json_is_array(arr)) {
        return true;
    }
    char today[16];
    today_of(r, today);
    p->n_milestones = json_array_size(arr);
    p->milestones =
        arena_alloc(r->arena, (p->n_milestones + 1) * sizeof *p->milestones);
    for (size_t i = 0; i < p->n_milestones; i++) {
        json_t *e = json_array_get(arr, i);
        p->milestones[i].title = json_string_value(json_object_get(e, "title"));
        p->milestones[i].due_on =
            json_string_value(json_object_get(e, "due_on"));
        p->milestones[i].done_on =
            json_string_value(json_object_get(e, "done_on"));
        const char *done = p->milestones[i].done_on;
        if (done && strcmp(done, today) > 0) {
            reply_error(r, 400, MSG_IN_FUTURE,
                        arena_printf(r->arena, "milestones[%zu].done_on", i),
                        "完成日期", "done_on");
            return false;
        }
    }
    return true;
}

static void save_plan(struct req *r, struct work_plan *p, int64_t version)
{
    bool created = p->id == 0;
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = work_plan_store_save(r->db, p, version, cn_now());
    }
    if (rc == DB_DONE) {
        db_rollback(r->db);
        reply_error(r, 409, MSG_VERSION_CONFLICT, "version", NULL, NULL);
        return;
    }
    rc = api_finish_audited(r, rc, created ? "work_plan.create"
                                          : "work_plan.update",
                           "work_plan", api_id_text(r, p->id),
                           "{}");
    if (rc != DB_OK) {
        api_db_error(r, rc, "work plan write");
        return;
    }
    reply_plan(r, created ? 201 : 200, p->id);
}

void api_work_plans_create(struct req *r)
{
    struct work_plan p;
    memset(&p, 0, sizeof p);
    struct contract c;
    if (!contract_of(r, &c, &p.contract_id)) {
        return;
    }
    if (p.contract_id) {
        p.region_code = c.region_code;
    } else if (!region_of(r, &p.region_code)) {
        return;
    }
    p.kind = api_body_str(r, "kind");
    p.year = json_integer_value(json_object_get(r->json, "year"));
    p.title = api_body_str(r, "title");
    p.summary = api_body_str(r, "summary");
    json_t *o = json_object_get(r->json, "organisation_id");
    p.organisation_id = json_is_integer(o) ? json_integer_value(o)
                        : p.contract_id   ? c.organisation_id
                                          : 0;
    if (strcmp(p.kind, "org_work_plan") == 0) {
        struct organisation org;
        int rc = p.organisation_id ? organisation_store_get(
                                         r->db, r->arena, p.organisation_id,
                                         &org)
                                   : DB_DONE;
        if (rc == DB_DONE) {
            reply_error(r, 400, MSG_REQUIRED, "organisation_id", "承接机构",
                        "organisation_id");
            return;
        }
        if (rc != DB_ROW) {
            api_db_error(r, rc, "organisation get");
            return;
        }
        /* A contract's plan is its organisation's, not another's. */
        if (p.contract_id && c.organisation_id != p.organisation_id) {
            reply_error(r, 400, MSG_NOT_FOUND, "contract_id",
                        "该机构的服务协议", "the organisation's contract");
            return;
        }
    } else {
        p.organisation_id = 0;
    }
    p.created_by = r->who ? r->who->user_id : 0;
    if (read_milestones(r, &p)) {
        save_plan(r, &p, 0);
    }
}

static bool load_plan(struct req *r, struct work_plan *p)
{
    int64_t id;
    return req_param_id(r, 0, "年度计划", "annual plan", &id) &&
           found(r, work_plan_store_get(r->db, r->arena, r->scope, id, p),
                 "年度计划", "annual plan");
}

void api_work_plans_get(struct req *r)
{
    struct work_plan p;
    if (load_plan(r, &p)) {
        char today[16];
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        write_plan(r, &w, &p, today_of(r, today));
        reply_json(r, 200, &sb);
    }
}

void api_work_plans_update(struct req *r)
{
    struct work_plan p;
    int64_t version;
    if (!load_plan(r, &p) || !api_expected_version(r, &version)) {
        return;
    }
    if (!scope_has_region(r->scope, p.region_code)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "工作计划", "work plan");
        return;
    }
    const char *v;
    if ((v = api_body_str(r, "title")) != NULL) {
        p.title = v;
    }
    if ((v = api_body_str(r, "summary")) != NULL) {
        p.summary = v;
    }
    if (read_milestones(r, &p)) {
        save_plan(r, &p, version);
    }
}

void api_work_plans_list(struct req *r)
{
    int64_t page, year = 0;
    int limit;
    const char *kind;
    if (!year_and_kind(r, is_plan_kind, &year, &kind)) {
        return;
    }
    if (!req_paging(r, 20, &limit, &page)) {
        return;
    }
    struct work_plan *items;
    size_t n;
    int64_t total;
    int rc = work_plan_store_list(r->db, r->arena, r->scope,
                                  kind, (int)year,
                                  limit, (page - 1) * limit, &items, &n,
                                  &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "work plan list");
        return;
    }
    char today[16];
    today_of(r, today);
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_plan(r, &w, &items[i], today);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}
