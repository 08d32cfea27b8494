/* /api/v1/compliance: the compliance engine's findings for the caller's
 * range (or a county or township within it), violations first, with
 * which rules the profile turns on. */
#include <string.h>

#include "../core/compliance.h"
#include "../core/permission.h"
#include "../util/cn_time.h"
#include "api.h"

static bool may_read(void *arg, const char *action)
{
    return api_can(arg, action);
}

/* Whether the caller holds the role that writes the report a finding
 * owes. */
static bool writes(const struct req *r, const struct finding *f)
{
    int role = f->report_author ? role_from_code(f->report_author) : -1;
    return role >= 0 && r->who && (r->who->roles & ROLE_BIT(role));
}

/* The findings in the order listed: the engine's (violations first), or
 * with sort=mine the reports the caller's roles write first, each part
 * in that order, so that a dashboard's first page holds hers. */
static const struct finding **listed(struct req *r,
                                     const struct compliance_report *rep,
                                     bool mine_first)
{
    const struct finding **out =
        arena_alloc(r->arena, (rep->n_findings + 1) * sizeof *out);
    size_t n = 0;
    for (int pass = mine_first ? 0 : 1; pass < 2; pass++) {
        for (size_t i = 0; i < rep->n_findings; i++) {
            const struct finding *f = &rep->findings[i];
            if (!mine_first || writes(r, f) == (pass == 0)) {
                out[n++] = f;
            }
        }
    }
    return out;
}

void api_compliance(struct req *r)
{
    const struct profile *p = api_profile(r);
    if (!p) {
        return;
    }
    static const char *const severities[] = {"", "violation", "warning",
                                             "info", NULL};
    static const char *const sorts[] = {"", "mine", NULL};
    int severity, sort;
    int64_t page, station_id = 0;
    int limit;
    const char *rule = req_query(r, "rule");
    if (rule && strlen(rule) > 60) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "rule", "rule", "rule");
        return;
    }
    if (!req_query_choice(r, "severity", severities, &severity) ||
        !req_query_choice(r, "sort", sorts, &sort) ||
        !req_query_id(r, "station_id", &station_id) ||
        !req_paging(r, 50, &limit, &page)) {
        return;
    }
    /* A region the range covers whole: a county's dashboard asks for
     * that county's findings only. */
    const char *region = req_query(r, "region"), *region_name = NULL;
    struct scope narrowed;
    if (region && *region &&
        !api_region_scope(r, region, &narrowed, &region_name)) {
        return;
    }
    int64_t org_id;
    if (!api_caller_org(r, &org_id)) {
        return;
    }
    char today[11];
    cn_date_format(cn_date_of(cn_now()), today);
    struct settings set = server_settings(r->srv);
    struct compliance_ctx c = {.db = r->db,
                               .arena = r->arena,
                               .scope = region && *region ? &narrowed
                                                          : r->scope,
                               .profile = p,
                               .today = today,
                               .org_id = org_id,
                               .voucher_days = set.voucher_days,
                               .reports_owed_from = set.reports_owed_from,
                               .may_read = may_read,
                               .may_read_arg = r};
    struct compliance_report rep;
    int rc = compliance_run(&c, &rep);
    if (rc != DB_OK) {
        api_db_error(r, rc, "compliance");
        return;
    }
    /* A rule sgz does not have is a mistake, not a filter matching
     * nothing; one the profile turns off, or on records the caller may
     * not read, filters (to nothing). */
    if (rule && *rule && !compliance_rule_known(rule)) {
        reply_error(r, 400, MSG_QUERY_CODE_UNKNOWN, "rule", "rule", "rule");
        return;
    }
    bool en = r->lang == LANG_EN;
    int64_t counts[3] = {0, 0, 0}, all[3] = {0, 0, 0}, shown = 0;
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "rules");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < rep.n_rules; i++) {
        const struct rule_state *s = &rep.rules[i];
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "code", s->code);
        jsonw_kstr(&w, "label", en ? s->label_en : s->label);
        jsonw_kbool(&w, "enabled", s->enabled);
        jsonw_kstr(&w, "off_reason", en ? s->off_reason_en : s->off_reason);
        jsonw_kint(&w, "findings", (int64_t)s->findings);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    const struct finding **order = listed(r, &rep, sort == 1);
    for (size_t i = 0; i < rep.n_findings; i++) {
        const struct finding *f = order[i];
        if (station_id && f->station_id != station_id) {
            continue;
        }
        all[f->severity]++;
        if (rule && *rule && strcmp(rule, f->rule) != 0) {
            continue;
        }
        /* The counts follow the station and rule chosen, not the
         * severity: they are what picking a severity would show.
         * counts_all is over every rule (a dashboard's cards). */
        counts[f->severity]++;
        if (severity && (int)f->severity != severity - 1) {
            continue;
        }
        int64_t at = shown++;
        if (at < (page - 1) * limit || at >= page * limit) {
            continue;
        }
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "severity", severity_code(f->severity));
        jsonw_kstr(&w, "rule", f->rule);
        jsonw_kstr(&w, "clause", f->clause);
        jsonw_kstr(&w, "entity", f->entity);
        jsonw_kint(&w, "entity_id", f->entity_id);
        jsonw_kstr(&w, "entity_name",
                   strcmp(f->entity, "client") == 0
                       ? api_client_name(r, f->entity_name)
                   : en && f->entity_name_en ? f->entity_name_en
                                             : f->entity_name);
        jsonw_kstr(&w, "message", en ? f->message_en : f->message);
        api_kid(&w, "station_id", f->station_id);
        api_kid(&w, "contract_id", f->contract_id);
        if (f->report_type) {
            jsonw_key(&w, "report");
            jsonw_obj_open(&w);
            jsonw_kstr(&w, "type", f->report_type);
            jsonw_kstr(&w, "author_role", f->report_author);
            jsonw_kstr(&w, "period_from", f->period_from);
            jsonw_kstr(&w, "period_to", f->period_to);
            if (f->report_id) {
                jsonw_kint(&w, "id", f->report_id);
            }
            jsonw_obj_close(&w);
        }
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_kint(&w, "total", shown);
    jsonw_key(&w, "counts");
    jsonw_obj_open(&w);
    jsonw_kint(&w, "violation", counts[SEV_VIOLATION]);
    jsonw_kint(&w, "warning", counts[SEV_WARNING]);
    jsonw_kint(&w, "info", counts[SEV_INFO]);
    jsonw_obj_close(&w);
    jsonw_key(&w, "counts_all");
    jsonw_obj_open(&w);
    jsonw_kint(&w, "violation", all[SEV_VIOLATION]);
    jsonw_kint(&w, "warning", all[SEV_WARNING]);
    jsonw_kint(&w, "info", all[SEV_INFO]);
    jsonw_obj_close(&w);
    jsonw_kstr(&w, "profile", p->name);
    jsonw_kstr(&w, "profile_title", en && p->title_en ? p->title_en : p->title);
    if (region_name) {
        jsonw_key(&w, "region");
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "code", region);
        jsonw_kstr(&w, "name", region_name);
        jsonw_obj_close(&w);
    }
    jsonw_kint(&w, "page", page);
    jsonw_kint(&w, "limit", limit);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}
