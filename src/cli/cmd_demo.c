/* sgz demo --region CODE: a database for a real county, city or province,
 * with a guidance centre per county and a station per township and
 * street. Running it again adds what is missing and changes nothing else. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/profile.h"
#include "../core/region_import.h"
#include "../core/station_service.h"
#include "../store/migrate.h"
#include "../store/profile_store.h"
#include "../store/region_store.h"
#include "../util/secret.h"
#include "demo_clients.h"
#include "demo_contracts.h"
#include "demo_money.h"
#include "demo_services.h"
#include "demo_staff.h"
#include "../util/cn_time.h"
#include "../util/arena.h"
#include "../util/log.h"
#include "../util/parse.h"
#include "cli.h"

int cmd_demo(const struct cmd *self, struct config *cfg, int argc,
             char **argv);

struct demo_counts {
    long centres, stations, existing;
    bool bare; /* stations with empty checklists, nothing else */
};

/* The checklist of the n-th station made: what a county that has been at
 * it for a year looks like. Every item the plan requires is in place,
 * except that every fourth station still lacks one (a different one each
 * time), and every other station has the rooms the plan asks for only
 * "where possible", so that the compliance page shows both. */
static void demo_facilities(const struct profile *p, struct arena *a, long n,
                            struct station *s)
{
    size_t required = 0;
    for (size_t i = 0; i < p->n_facilities; i++) {
        required += p->facilities[i].required;
    }
    s->facilities = arena_alloc(a, (p->n_facilities + 1) *
                                       sizeof *s->facilities);
    size_t gap = n % 4 == 3 && required ? (size_t)(n / 4) % required
                                        : (size_t)-1;
    size_t k = 0;
    for (size_t i = 0; i < p->n_facilities; i++) {
        const struct facility *f = &p->facilities[i];
        bool met = f->required ? k++ != gap : n % 2 == 0;
        s->facilities[s->n_facilities++] = (struct station_facility){
            .code = f->code, .met = met, .note = ""};
    }
}

static int make_station(struct db *db, struct arena *a,
                        const struct profile *p, const char *type,
                        const char *code, bool bare, long *made,
                        long *existing)
{
    /* A real county's stations opened before the platform came: two
     * years' records and reports are owed from the start of the year two
     * years back (compliance_reports.c reads a station with no opening
     * day as opened the day it was registered). */
    struct cn_date today = cn_date_of(cn_now());
    char opened[24];
    snprintf(opened, sizeof opened, "%04d-01-01", (today.year - 2) % 10000);
    struct station s = {.type = type, .region_code = code,
                        .opened_on = opened};
    if (!bare) {
        demo_facilities(p, a, *made + *existing, &s);
    }
    struct actor who = {.name = "cli:demo", .address = ""};
    struct station_fail fail;
    int64_t id;
    if (station_service_create(db, a, p, &who, &s, &id, &fail) == 0) {
        (*made)++;
        return EXIT_OK;
    }
    if (fail.status == 409) {
        (*existing)++;
        return EXIT_OK;
    }
    char text[300];
    enum lang lang = cli_lang();
    msg_format(fail.msg, lang, lang == LANG_EN ? fail.label_en : fail.label_zh,
               text, sizeof text);
    cli_error(cli_tr("station %s %s: %s%s%s"), type, code, text,
              fail.status >= 500 ? ": " : "",
              fail.status >= 500 ? db_errmsg(db) : "");
    return EXIT_RUNTIME;
}

static int make_stations(struct db *db, const struct profile *p,
                         const char *region, bool zones,
                         struct demo_counts *c)
{
    struct arena *a = arena_new(1 << 16);
    const char **counties;
    size_t ncounties;
    int rc = EXIT_OK;
    /* A county code given directly is its own only county. */
    if (region_level_of(region) == LEVEL_COUNTY) {
        counties = &region;
        ncounties = 1;
    } else if (region_store_codes(db, a, region, LEVEL_COUNTY, &counties,
                                  &ncounties) != DB_OK) {
        cli_error("%s", db_errmsg(db));
        arena_free(a);
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < ncounties && rc == EXIT_OK; i++) {
        rc = make_station(db, a, p, "county_center", counties[i], c->bare,
                          &c->centres, &c->existing);
        const char **towns = NULL;
        size_t ntowns = 0;
        if (rc == EXIT_OK && region_store_codes(db, a, counties[i],
                                                LEVEL_TOWNSHIP, &towns,
                                                &ntowns) != DB_OK) {
            cli_error("%s", db_errmsg(db));
            rc = EXIT_RUNTIME;
            break;
        }
        for (size_t j = 0; j < ntowns && rc == EXIT_OK; j++) {
            if (!zones && region_is_zone(towns[j])) {
                continue;
            }
            rc = make_station(db, a, p, "township_station", towns[j],
                              c->bare, &c->stations, &c->existing);
        }
    }
    arena_free(a);
    return rc;
}

/* A demo of a region outside the profile's own jurisdiction (Hunan under
 * 攸县's rules, say) stores a copy of the profile whose jurisdiction is that
 * region: the rules stay the plan's, the area becomes the demo's. */
static int fit_jurisdiction(struct db *db, const char *profile,
                            const struct region *g)
{
    size_t len;
    const char *text = profile_builtin_text(profile, &len);
    if (!text) {
        return EXIT_OK; /* a deployment's own profile: left alone */
    }
    json_t *root = json_loadb(text, len, 0, NULL);
    json_t *j = json_object_get(root, "jurisdiction");
    const char *code = json_string_value(json_object_get(j, "region_code"));
    if (!code || strncmp(g->code, code, strlen(code)) == 0) {
        json_decref(root);
        return EXIT_OK;
    }
    json_object_set_new(j, "level",
                        json_string(region_level_name(g->level)));
    json_object_set_new(j, "region_code", json_string(g->code));
    json_object_set_new(j, "name", json_string(g->name));
    char *widened = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    struct profile *p = NULL;
    char err[2000];
    int rc = EXIT_OK;
    if (!widened ||
        profile_parse(widened, strlen(widened), &p, err, sizeof err) != 0) {
        cli_error(cli_tr("cannot fit profile %s to %s"), profile, g->code);
        rc = EXIT_RUNTIME;
    } else {
        int drc = db_begin(db);
        if (drc == DB_OK) {
            drc = profile_store_put(db, profile, widened, cn_now());
        }
        if (drc == DB_OK) {
            /* The region it was fitted to, a code the log names in
             * words (not "demo region", English in a Chinese log). */
            char detail[64];
            snprintf(detail, sizeof detail, "{\"jurisdiction\":\"%.12s\"}",
                     g->code);
            drc = cli_audit_append(db, "profile.import", "profile", profile,
                                   detail);
        }
        if (drc == DB_OK) {
            drc = db_commit(db);
        }
        if (drc != DB_OK) {
            cli_error("%s", db_errmsg(db));
            db_rollback(db);
            rc = EXIT_RUNTIME;
        } else {
            printf(
                cli_tr(
                    "profile %s: its rules, with %s (%s) as the jurisdiction "
                    "of this demo\n"),
                profile, g->name, g->code);
        }
    }
    profile_free(p);
    free(widened);
    return rc;
}

/* The jurisdiction code of a built-in profile; false when there is no
 * such profile. */
static bool profile_jurisdiction(const char *name, char out[8])
{
    size_t len = 0;
    const char *text = profile_builtin_text(name, &len);
    json_t *root = text ? json_loadb(text, len, 0, NULL) : NULL;
    const char *code = json_string_value(json_object_get(
        json_object_get(root, "jurisdiction"), "region_code"));
    bool ok = code && strlen(code) < 8;
    if (ok) {
        snprintf(out, 8, "%s", code);
    }
    json_decref(root);
    return ok;
}

int cmd_demo(const struct cmd *self, struct config *cfg, int argc,
             char **argv)
{
    const char *region = NULL, *profile = NULL, *clients = NULL,
               *services = NULL, *clients_csv = NULL, *years = NULL;
    bool zones = false, bare = false;
    const struct cli_opt opts[] = {
        {"region", &region, NULL},     {"profile", &profile, NULL},
        {"clients", &clients, NULL},   {"services", &services, NULL},
        {"zones", NULL, &zones},       {"clients-csv", &clients_csv, NULL},
        {"bare", NULL, &bare},         {"years", &years, NULL},
        {0}};
    int npos;
    int rc = cli_parse(self, argc, argv, opts, NULL, 0, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    /* --profile alone: a county of the profile's jurisdiction (for a
     * city or province, the first county in it, once regions are in). */
    char jurisdiction[8] = "";
    if (!region && profile && !profile_jurisdiction(profile, jurisdiction)) {
        return cli_usage(self, cli_tr("no built-in profile of that name"));
    }
    if (!region && jurisdiction[0]) {
        region = jurisdiction;
    }
    enum region_level level = region_level_of(region);
    if (!region || (level != LEVEL_PROVINCE && level != LEVEL_CITY &&
                    level != LEVEL_COUNTY)) {
        return cli_usage(self,
                         cli_tr("--region takes a province (2 digits), city "
                                "(4) or county (6) code, e.g. 430223"));
    }
    int64_t nclients = 0, nservices = 0, nyears = 2;
    if ((clients && !parse_int64(clients, 0, 10000000, &nclients)) ||
        (services && !parse_int64(services, 0, 1000000000, &nservices)) ||
        (years && !parse_int64(years, 1, 10, &nyears))) {
        return cli_usage(self,
                         cli_tr("--clients (at most 10000000), --services "
                                "and --years (1 to 10) take a whole number"));
    }
    char picked[PROFILE_NAME_MAX];
    if (!profile) {
        if (!profile_for_region(region, picked, sizeof picked)) {
            return cli_usage(self,
                             cli_tr("no built-in profile fits this region: "
                                    "name one with --profile"));
        }
        profile = picked;
    }
    if (!cfg->db[0]) {
        return cli_usage(self, cli_tr("no database given (--db or SGZ_DB)"));
    }

    struct db *db;
    char err[1400];
    if (db_open(cfg->db, true, &db, err, sizeof err) != DB_OK) {
        cli_error("%s", err);
        return EXIT_RUNTIME;
    }
    int version = 0;
    migrate_current(db, &version);
    db_close(db);
    if ((rc = cli_open_db(cfg, true, true, &db)) != EXIT_OK) {
        return rc;
    }
    if (version == 0) {
        if ((rc = cli_write_key_file(cfg)) != EXIT_OK ||
            (rc = cli_load_regions(db)) != EXIT_OK ||
            (rc = cli_load_calendar(db)) != EXIT_OK ||
            (rc = cli_audit(db, "system.init", "database", "", NULL)) !=
                EXIT_OK ||
            (rc = cli_first_admin(db)) != EXIT_OK) {
            db_close(db);
            return rc;
        }
    }
    struct arena *a = arena_new(0);
    if (jurisdiction[0] && level != LEVEL_COUNTY) {
        const char **counties = NULL;
        size_t n = 0;
        if (region_store_codes(db, a, jurisdiction, LEVEL_COUNTY, &counties,
                               &n) == DB_OK && n > 0) {
            region = counties[0];
        }
    }
    struct region g;
    if (region_store_get(db, a, region, &g) != DB_ROW) {
        cli_error(cli_tr("no division with code %s"),
                  region); /* region: in a */
        arena_free(a);
        db_close(db);
        return EXIT_RUNTIME;
    }
    struct region_counts vc = {0};
    if (region_import_villages(db, cfg->divisions_dir, region, &vc, err,
                               sizeof err) != DB_OK) {
        log_warn(cli_tr("villages not loaded: %s"), err);
    }
    struct demo_counts c = {.bare = bare};
    struct profile *p = NULL;
    if ((rc = cli_store_builtin_profiles(db)) == EXIT_OK &&
        (rc = fit_jurisdiction(db, profile, &g)) == EXIT_OK &&
        (rc = cli_activate_profile(db, profile)) == EXIT_OK) {
        p = cli_active_profile(db);
        rc = p ? make_stations(db, p, region, zones, &c) : EXIT_RUNTIME;
    }
    if (rc == EXIT_OK) {
        char detail[200];
        snprintf(detail, sizeof detail,
                 "{\"region\":\"%s\",\"centres\":%ld,\"stations\":%ld}",
                 region, c.centres, c.stations);
        rc = cli_audit(db, "system.demo", "region", region, detail);
    }
    if (rc == EXIT_OK) {
        printf(
            cli_tr(
                "%s (%s) under profile %s: %ld villages; created %ld "
                "guidance centre(s) and %ld station(s); %ld already there\n"),
            g.name, region, profile, vc.villages, c.centres, c.stations,
            c.existing);
    }
    /* The contract first: its holder employs the workers. */
    if (rc == EXIT_OK && !bare) {
        rc = demo_contracts(db, p, region);
    }
    if (rc == EXIT_OK && !bare) {
        struct demo_staff_counts sc;
        if ((rc = demo_staff(db, p, region, &sc)) == EXIT_OK &&
            !sc.existing) {
            printf(
                cli_tr("staff: %zu workers, %zu organisation(s), %zu minimum "
                       "wage(s)\n"),
                sc.workers, sc.organisations, sc.min_wages);
        }
    }
    if (rc == EXIT_OK && !bare && p &&
        region_level_of(region) == LEVEL_COUNTY) {
        rc = demo_money(db, p, region);
    }
    if (rc == EXIT_OK && nclients > 0) {
        unsigned char key[SECRET_KEY_BYTES];
        char key_path[1100];
        cli_key_path(cfg, key_path, sizeof key_path);
        struct demo_client_counts dc;
        if (secret_load_key(key_path, key, err, sizeof err) != 0) {
            cli_error("%s", err);
            rc = EXIT_RUNTIME;
        } else if ((rc = demo_clients(db, key, nclients, clients_csv,
                                      &dc)) == EXIT_OK) {
            printf(
                cli_tr(
                    "clients: %zu generated, %zu new, %zu already there, %zu "
                    "refused\n"),
                dc.rows, dc.inserted, dc.skipped, dc.bad);
        }
    }
    if (rc == EXIT_OK && nservices > 0) {
        struct demo_service_counts ds;
        if ((rc = demo_services(db, nservices, (int)nyears, &ds)) == EXIT_OK) {
            printf(
                cli_tr(
                    "services: %zu written, %zu already there (%zu client "
                    "and %zu worker links in all); %zu demo workers and %zu "
                    "open cases created, %zu clients given a worker\n"),
                ds.services, ds.existing, ds.client_links, ds.worker_links,
                ds.workers, ds.cases, ds.assigned);
        }
    }
    /* Left ready to serve: otherwise the first `sgz serve` computes every
     * client's next visit before it listens (16 s for a million). */
    if (rc == EXIT_OK && (rc = cli_sync_visits_due(db, p, false)) == EXIT_OK) {
        rc = cli_sync_stats(db, false);
    }
    profile_free(p);
    arena_free(a);
    db_close(db);
    return rc;
}
