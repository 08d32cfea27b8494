#include "compliance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/calendar_store.h"
#include "../store/station_store.h"
#include "../util/parse.h"
#include "compliance_rules.h"
#include "msg.h"
#include "station_service.h"

const char *severity_code(enum severity s)
{
    return s == SEV_VIOLATION ? "violation" : s == SEV_WARNING ? "warning"
                                                               : "info";
}

void compliance_add(const struct compliance_ctx *c,
                    struct compliance_report *r, const struct finding *f)
{
    r->findings =
        arena_grow(c->arena, r->findings, r->n_findings, &r->cap,
                   sizeof *r->findings);
    struct finding *g = &r->findings[r->n_findings++];
    *g = *f;
    /* Read as a sentence on the page and in the export; the rules write
     * it lower-case, as a message that may be quoted. One that opens with
     * its record's name (a filing's title) keeps the name as typed. */
    size_t named = g->entity_name ? strlen(g->entity_name) : 0;
    if (g->message_en && g->message_en[0] >= 'a' &&
        g->message_en[0] <= 'z' &&
        !(named && strncmp(g->message_en, g->entity_name, named) == 0)) {
        char *s = arena_strdup(c->arena, g->message_en);
        msg_sentence(s);
        g->message_en = s;
    }
    if (!g->station_id && g->entity && strcmp(g->entity, "station") == 0) {
        g->station_id = g->entity_id;
    }
}

const char *compliance_in_sentence(struct arena *a, const char *name)
{
    char *s = arena_strdup(a, name);
    msg_in_sentence(s);
    return s;
}

/* The active stations of the scope, with their facilities, read page by
 * page into the run's cache. */
static int read_stations(const struct compliance_ctx *c,
                         struct compliance_cache *k)
{
    struct station_filter f = {.status = "active", .sort = STATION_SORT_ID,
                               .limit = 200};
    size_t cap = 0;
    for (;;) {
        struct station *items;
        size_t n;
        int64_t total;
        int rc = station_store_list(c->db, c->arena, c->scope, &f, &items,
                                    &n, &total);
        if (rc == DB_OK) {
            rc = station_store_facilities_many(c->db, c->arena, items, n);
        }
        for (size_t i = 0; rc == DB_OK && i < n; i++) {
            k->stations = arena_grow(c->arena, k->stations, k->n_stations,
                                     &cap, sizeof *k->stations);
            k->stations[k->n_stations++] = items[i];
        }
        if (rc != DB_OK || n < (size_t)f.limit) {
            k->stations_read = rc == DB_OK;
            return rc;
        }
        f.offset += f.limit;
    }
}

int compliance_each_station(const struct compliance_ctx *c,
                            int (*fn)(const struct compliance_ctx *c,
                                      struct compliance_report *r,
                                      const struct station *s, void *arg),
                            struct compliance_report *r, void *arg)
{
    /* A rule run on its own (a unit test) reads for itself. */
    struct compliance_cache own = {0};
    struct compliance_cache *k = c->cache ? c->cache : &own;
    int rc = k->stations_read ? DB_OK : read_stations(c, k);
    for (size_t i = 0; rc == DB_OK && i < k->n_stations; i++) {
        rc = fn(c, r, &k->stations[i], arg);
    }
    return rc;
}

static int signage_name(const struct compliance_ctx *c,
                        struct compliance_report *r, const struct station *s,
                        void *unused)
{
    (void)unused;
    const struct station_type *t = profile_station_type(c->profile, s->type);
    if (!t) {
        return DB_OK;
    }
    const char *want;
    int rc = station_signage_name(c->db, c->arena, t, s->region_code, &want);
    if (rc != DB_OK || strcmp(want, s->name) == 0) {
        return rc;
    }
    struct finding f = {
        .rule = "station.signage_name",
        .severity = SEV_WARNING,
        .clause = "station_types.name_pattern",
        .entity = "station",
        .entity_id = s->id,
        .entity_name = s->name,
        .message = arena_printf(c->arena, "站点名称应为“%s”(统一标识)", want),
        .message_en = arena_printf(c->arena,
                                   "the station should be named %s "
                                   "(signage)", want),
    };
    compliance_add(c, r, &f);
    return DB_OK;
}

static int facilities(const struct compliance_ctx *c,
                      struct compliance_report *r, const struct station *s,
                      void *unused)
{
    (void)unused;
    for (size_t i = 0; i < c->profile->n_facilities; i++) {
        const struct facility *fa = &c->profile->facilities[i];
        if (!fa->required || station_facility_met(s, fa->code, NULL)) {
            continue;
        }
        struct finding f = {
            .rule = "station.facilities",
            .severity = SEV_VIOLATION,
            .clause = arena_printf(c->arena, "facilities.%s", fa->code),
            .entity = "station",
            .entity_id = s->id,
            .entity_name = s->name,
            .message = arena_printf(c->arena, "缺少必备条件：%s", fa->label),
            .message_en = arena_printf(c->arena, "missing: %s",
                                       fa->label_en),
        };
        compliance_add(c, r, &f);
    }
    return DB_OK;
}

static int stations_signage(const struct compliance_ctx *c,
                            struct compliance_report *r)
{
    return compliance_each_station(c, signage_name, r, NULL);
}

static int stations_facilities(const struct compliance_ctx *c,
                               struct compliance_report *r)
{
    return compliance_each_station(c, facilities, r, NULL);
}

static int calendar_years(const struct compliance_ctx *c,
                          struct compliance_report *r)
{
    struct calendar cal;
    int rc = calendar_store_load(c->db, c->arena, &cal);
    if (rc != DB_OK) {
        return rc;
    }
    int y, m, d;
    if (!parse_date(c->today, &y, &m, &d)) {
        return DB_ERROR;
    }
    /* The State Council publishes next year's schedule in November. */
    for (int year = y; year <= y + (m >= 11); year++) {
        bool loaded = false;
        for (size_t i = 0; i < cal.n_years; i++) {
            loaded = loaded || cal.years[i] == year;
        }
        if (loaded) {
            continue;
        }
        struct finding f = {
            .rule = "calendar.year_loaded",
            .severity = year == y ? SEV_VIOLATION : SEV_WARNING,
            /* What a working day rests on: the State Council's
             * holiday measures and its General Office's notice of each
             * year's schedule (调休 included), not a document of ours. */
            .clause = "《全国年节及纪念日放假办法》、"
                      "国务院办公厅关于当年部分节假日安排的通知",
            .entity = "calendar_year",
            .entity_id = year,
            .entity_name = arena_printf(c->arena, "%d", year),
            .message = arena_printf(
                c->arena,
                "%d年的法定节假日安排尚未载入：该年的工作日期限只能按周末暂定计算",
                year),
            .message_en = arena_printf(
                c->arena,
                "the official holidays of %d are not loaded: deadlines in it "
                "are provisional (weekends only)",
                year),
        };
        compliance_add(c, r, &f);
    }
    return DB_OK;
}

static bool has_facilities(const struct profile *p)
{
    for (size_t i = 0; i < p->n_facilities; i++) {
        if (p->facilities[i].required) {
            return true;
        }
    }
    return false;
}

static const struct compliance_rule station_rules[] = {
    {"station.signage_name", "站点名称符合统一标识", "Station names follow "
     "the signage pattern", stations_signage, NULL, NULL, NULL},
    {"station.facilities", "站点必备条件齐全", "Stations have the required "
     "facilities", stations_facilities, has_facilities,
     "政策配置未列出必备的场地设施", "the profile lists no required facility"},
    {"calendar.year_loaded", "法定节假日安排已载入", "Official holidays are "
     "loaded", calendar_years, NULL, NULL, NULL},
    {0},
};

/* Each domain keeps its rules beside its records (compliance_*.c). */
static const struct compliance_rule *const rule_tables[] = {
    station_rules, compliance_staff_rules, compliance_contract_rules,
    compliance_money_rules, compliance_report_rules, compliance_client_rules,
};

static int by_severity(const void *x, const void *y)
{
    const struct finding *a = x, *b = y;
    if (a->severity != b->severity) {
        return (int)a->severity - (int)b->severity;
    }
    int k = strcmp(a->rule, b->rule);
    if (k) {
        return k;
    }
    return a->entity_id < b->entity_id ? -1 : a->entity_id > b->entity_id;
}

/* The permission that reads the records a rule looks at, by the rule's
 * domain; NULL: what every caller of the engine may see (stations, the
 * calendar). */
static const char *rule_permission(const char *code)
{
    static const struct {
        const char *prefix, *action;
    } domains[] = {
        {"staff.", "staff.read"},
        {"contract.", "contract.read"},
        {"money.", "money.read"},
        {"payment.", "money.read"},
        {"report.", "report.read"},
        {"client.", "client.read"},
    };
    for (size_t i = 0; i < sizeof domains / sizeof *domains; i++) {
        if (strncmp(code, domains[i].prefix, strlen(domains[i].prefix)) ==
            0) {
            return domains[i].action;
        }
    }
    return NULL;
}

bool compliance_rule_known(const char *code)
{
    for (size_t t = 0; t < sizeof rule_tables / sizeof *rule_tables; t++) {
        for (const struct compliance_rule *x = rule_tables[t]; x->code; x++) {
            if (strcmp(x->code, code) == 0) {
                return true;
            }
        }
    }
    return false;
}

static bool may_run(const struct compliance_ctx *c, const char *code)
{
    const char *action = rule_permission(code);
    return !action || !c->may_read || c->may_read(c->may_read_arg, action);
}

int compliance_run(const struct compliance_ctx *c,
                   struct compliance_report *out)
{
    memset(out, 0, sizeof *out);
    out->cap = 16;
    out->findings = arena_alloc(c->arena, out->cap * sizeof *out->findings);
    size_t n_rules = 0;
    for (size_t t = 0; t < sizeof rule_tables / sizeof *rule_tables; t++) {
        for (const struct compliance_rule *x = rule_tables[t]; x->code; x++) {
            n_rules += may_run(c, x->code);
        }
    }
    out->rules = arena_alloc(c->arena, n_rules * sizeof *out->rules);
    struct compliance_cache cache;
    memset(&cache, 0, sizeof cache);
    struct compliance_ctx run = *c;
    run.cache = &cache;
    c = &run;
    bool opened = db_read_begin(c->db); /* one snapshot for every rule */
    int rc = DB_OK;
    for (size_t t = 0; t < sizeof rule_tables / sizeof *rule_tables; t++) {
        for (const struct compliance_rule *x = rule_tables[t];
             rc == DB_OK && x->code; x++) {
            if (!may_run(c, x->code)) {
                continue;
            }
            struct rule_state *st = &out->rules[out->n_rules++];
            memset(st, 0, sizeof *st);
            st->code = x->code;
            st->label = x->label;
            st->label_en = x->label_en;
            st->enabled = !x->enabled || x->enabled(c->profile);
            if (!st->enabled) {
                st->off_reason = x->off_reason;
                st->off_reason_en = x->off_reason_en;
                continue;
            }
            size_t before = out->n_findings;
            rc = x->run(c, out);
            st->findings = out->n_findings - before;
        }
    }
    db_read_end(c->db, opened);
    qsort(out->findings, out->n_findings, sizeof *out->findings,
          by_severity);
    return rc;
}
