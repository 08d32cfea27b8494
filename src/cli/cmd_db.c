/* sgz init, migrate, serve, version, audit. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../core/profile.h"
#include "../core/settings.h"
#include "../http/server.h"
#include "../store/audit_store.h"
#include "../store/migrate.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "cli.h"

int cmd_init(const struct cmd *self, struct config *cfg, int argc,
             char **argv);
int cmd_migrate(const struct cmd *self, struct config *cfg, int argc,
                char **argv);
int cmd_serve(const struct cmd *self, struct config *cfg, int argc,
              char **argv);
int cmd_version(const struct cmd *self, struct config *cfg, int argc,
                char **argv);
int cmd_audit(const struct cmd *self, struct config *cfg, int argc,
              char **argv);

/* Refuses a database that already has a schema: init never touches a
 * database in use. */
static int require_empty(const struct config *cfg)
{
    struct db *db;
    char err[600];
    if (db_open(cfg->db, true, &db, err, sizeof err) != DB_OK) {
        cli_error("%s", err);
        return EXIT_RUNTIME;
    }
    int version = 0;
    int rc = migrate_current(db, &version);
    db_close(db);
    if (rc != DB_OK) {
        cli_error(cli_tr("cannot read %s"), cli_db_name(cfg));
        return EXIT_RUNTIME;
    }
    if (version > 0) {
        cli_error(cli_tr("%s is already initialised (schema version %d)"),
                  cli_db_name(cfg), version);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int cmd_init(const struct cmd *self, struct config *cfg, int argc,
             char **argv)
{
    const char *profile = NULL;
    const struct cli_opt opts[] = {{"profile", &profile, NULL}, {0}};
    int npos;
    int rc = cli_parse(self, argc, argv, opts, NULL, 0, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (!cfg->db[0]) {
        return cli_usage(self, cli_tr("no database given (--db or SGZ_DB)"));
    }
    /* A profile that is not one of the binary's is said before anything
     * is made: else the database would be there, "already initialised". */
    size_t len;
    if (profile && !profile_builtin_text(profile, &len)) {
        cli_error(cli_tr("no profile named %s (see: sgz profile list)"),
                  profile);
        return EXIT_USAGE;
    }
    if ((rc = require_empty(cfg)) != EXIT_OK) {
        return rc;
    }
    struct db *db;
    if ((rc = cli_open_db(cfg, true, true, &db)) != EXIT_OK) {
        return rc;
    }
    if ((rc = cli_write_key_file(cfg)) == EXIT_OK &&
        (rc = cli_load_regions(db)) == EXIT_OK &&
        (rc = cli_load_calendar(db)) == EXIT_OK &&
        (rc = cli_store_builtin_profiles(db)) == EXIT_OK &&
        (rc = cli_audit(db, "system.init", "database", "", NULL)) ==
            EXIT_OK &&
        (rc = cli_first_admin(db)) == EXIT_OK && profile) {
        rc = cli_activate_profile(db, profile);
    }
    db_close(db);
    if (rc == EXIT_OK) {
        if (profile) {
            printf(cli_tr("initialised %s with profile %s\n"),
                   cli_db_name(cfg), profile);
        } else {
            printf(cli_tr("initialised %s\n"), cli_db_name(cfg));
        }
    }
    return rc;
}

int cmd_migrate(const struct cmd *self, struct config *cfg, int argc,
                char **argv)
{
    int npos;
    int rc = cli_parse(self, argc, argv, NULL, NULL, 0, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    struct db *db;
    if ((rc = cli_open_db(cfg, false, true, &db)) != EXIT_OK) {
        return rc;
    }
    int version;
    migrate_current(db, &version);
    db_close(db);
    printf(cli_tr("schema version %d\n"), version);
    return EXIT_OK;
}

int cmd_serve(const struct cmd *self, struct config *cfg, int argc,
              char **argv)
{
    int npos;
    int rc = cli_parse(self, argc, argv, NULL, NULL, 0, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    struct db *db;
    if ((rc = cli_open_db(cfg, false, true, &db)) != EXIT_OK) {
        return rc;
    }
    /* A binary newer than the database brings newer holiday schedules. */
    if ((rc = cli_load_calendar(db)) != EXIT_OK) {
        db_close(db);
        return rc;
    }
    struct profile *p = cli_active_profile(db);
    if ((rc = cli_sync_visits_due(db, p, false)) != EXIT_OK ||
        (rc = cli_sync_stats(db, false)) != EXIT_OK) {
        db_close(db);
        profile_free(p);
        return rc;
    }
    struct server s = {.cfg = cfg, .profile = p};
    if ((rc = cli_load_key(cfg, db, s.key)) != EXIT_OK) {
        db_close(db);
        profile_free(p);
        return rc;
    }
    if (settings_load(db, &s.settings) != DB_OK) {
        cli_error(cli_tr("cannot read settings: %s"), db_errmsg(db));
        db_close(db);
        profile_free(p);
        return EXIT_RUNTIME;
    }
    db_close(db);
    rc = server_run(&s) == 0 ? EXIT_OK : EXIT_RUNTIME;
    sodium_memzero(s.key, sizeof s.key);
    profile_free(p);
    return rc;
}

int cmd_version(const struct cmd *self, struct config *cfg, int argc,
                char **argv)
{
    (void)cfg;
    int npos;
    int rc = cli_parse(self, argc, argv, NULL, NULL, 0, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    printf("sgz %s (schema %d)\n", SGZ_VERSION, migrate_latest());
    return EXIT_OK;
}

/* Removes whole months older than the retention setting, keeping the
 * chain's anchor, and records that it did so. */
static int audit_prune_command(struct db *db)
{
    struct settings set;
    if (settings_load(db, &set) != DB_OK) {
        cli_error("%s", db_errmsg(db));
        return EXIT_RUNTIME;
    }
    int64_t before = cn_now() - set.audit_retention_days * 86400;
    int64_t removed = 0;
    int rc = db_begin(db);
    if (rc == DB_OK) {
        rc = audit_prune(db, before, &removed);
    }
    char detail[100];
    snprintf(detail, sizeof detail, "{\"rows\":%lld,\"retention_days\":%lld}",
             (long long)removed, (long long)set.audit_retention_days);
    if (rc == DB_OK) {
        rc = cli_audit_append(db, "audit.prune", "audit_log", "", detail);
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        cli_error("%s", db_errmsg(db));
        db_rollback(db);
        return EXIT_RUNTIME;
    }
    printf(cli_tr("removed %lld audit rows older than %lld days\n"),
           (long long)removed, (long long)set.audit_retention_days);
    return EXIT_OK;
}

/* "ID:HASH" as audit head prints it. */
static bool parse_head(const char *s, int64_t *id, char hash[65])
{
    const char *colon = strchr(s, ':');
    char num[21];
    size_t n = colon ? (size_t)(colon - s) : 0;
    if (!colon || n == 0 || n >= sizeof num || strlen(colon + 1) != 64 ||
        strspn(colon + 1, "0123456789abcdef") != 64) {
        return false;
    }
    memcpy(num, s, n);
    num[n] = 0;
    if (!parse_int64(num, 1, INT64_MAX, id)) {
        return false;
    }
    memcpy(hash, colon + 1, 65);
    return true;
}

int cmd_audit(const struct cmd *self, struct config *cfg, int argc,
              char **argv)
{
    const char *pos[1];
    const char *head = NULL;
    const struct cli_opt opts[] = {{"head", &head, NULL}, {0}};
    int npos;
    int rc = cli_parse(self, argc, argv, opts, pos, 1, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (npos != 1 ||
        (strcmp(pos[0], "verify") != 0 && strcmp(pos[0], "prune") != 0 &&
         strcmp(pos[0], "head") != 0)) {
        return cli_usage(
            self, cli_tr("expected: audit verify, audit head or audit prune"));
    }
    int64_t head_id = 0;
    char head_hash[65];
    if (head && strcmp(pos[0], "verify") != 0) {
        return cli_usage(self,
                         cli_tr("--head ID:HASH (as audit head prints it) "
                                "goes with audit verify"));
    }
    if (head && !parse_head(head, &head_id, head_hash)) {
        char msg[300];
        snprintf(msg, sizeof msg,
                 cli_tr("--head %.80s: expected ID:HASH, a row id and a "
                        "64-hex-digit hash, as audit head prints it"),
                 head);
        return cli_usage(self, msg);
    }
    struct db *db;
    if ((rc = cli_open_current(cfg, &db)) != EXIT_OK) {
        return rc;
    }
    if (strcmp(pos[0], "prune") == 0) {
        rc = audit_prune_command(db);
        db_close(db);
        return rc;
    }
    if (strcmp(pos[0], "head") == 0) {
        int64_t id;
        char hash[65];
        rc = audit_head(db, &id, hash);
        db_close(db);
        if (rc != DB_OK) {
            cli_error(cli_tr("cannot read the audit log"));
            return EXIT_RUNTIME;
        }
        printf("%lld:%s\n", (long long)id, hash);
        return EXIT_OK;
    }
    struct audit_break brk;
    int64_t bad = audit_verify(db, &brk);
    int hrc = bad == 0 && head_id ? audit_head_check(db, head_id, head_hash)
                                  : DB_OK;
    /* `sgz init` writes the log's first row and a prune its last: a log
     * with none was emptied, whole chain and all. */
    int64_t newest = 0;
    char newest_hash[65];
    if (bad == 0 && hrc == DB_OK &&
        audit_head(db, &newest, newest_hash) != DB_OK) {
        bad = DB_ERROR;
    }
    db_close(db);
    if (bad < 0 || hrc < 0) {
        cli_error(cli_tr("cannot read the audit log"));
        return EXIT_RUNTIME;
    }
    if (bad > 0 && brk.removed && brk.after) {
        cli_error(cli_tr("audit log broken at row %lld: the row is whole; "
                         "rows between row %lld and it were removed (or "
                         "row %lld was changed and its hash computed "
                         "again)"),
                  (long long)bad, (long long)brk.after,
                  (long long)brk.after);
        return EXIT_RUNTIME;
    }
    if (bad > 0 && brk.removed) {
        cli_error(cli_tr("audit log broken at row %lld: the row is whole; "
                         "rows before it were removed"),
                  (long long)bad);
        return EXIT_RUNTIME;
    }
    if (bad > 0) {
        cli_error(cli_tr("audit log broken at row %lld: the row was "
                         "changed"),
                  (long long)bad);
        return EXIT_RUNTIME;
    }
    if (hrc == DB_ROW) {
        cli_error(
            cli_tr("audit log rewritten: row %lld, the head kept, holds "
                   "another hash now (the chain was computed again from "
                   "it or before)"),
            (long long)head_id);
        return EXIT_RUNTIME;
    }
    if (hrc != DB_OK) {
        cli_error(
            cli_tr("audit log cut short: row %lld, the head kept, is gone or "
                   "changed (rows were removed from the end)"),
            (long long)head_id);
        return EXIT_RUNTIME;
    }
    if (newest == 0) {
        cli_error(cli_tr("audit log empty: sgz init writes its first row and "
                         "a prune its last, so every row was removed"));
        return EXIT_RUNTIME;
    }
    printf(cli_tr("audit log intact\n"));
    return EXIT_OK;
}
