#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/dictionary.h"
#include "../core/key_check.h"
#include "../core/profile.h"
#include "../core/region_import.h"
#include "../store/audit_store.h"
#include "../store/migrate.h"
#include "../store/profile_store.h"
#include "../store/user_store.h"
#include "../store/stats_store.h"
#include "../store/visit_due_store.h"
#include "../util/arena.h"
#include "../util/cn_time.h"
#include "../util/log.h"
#include "../core/calendar_load.h"
#include "cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("sgz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_usage(const struct cmd *cmd, const char *problem)
{
    if (problem) {
        cli_error("%s", problem);
    }
    fprintf(stderr, cli_tr("usage: sgz %s\n(see: sgz help %s)\n"), cmd->usage,
            cmd->name);
    return EXIT_USAGE;
}

int cli_parse(const struct cmd *cmd, int argc, char **argv,
              const struct cli_opt *opts, const char **pos, int max_pos,
              int *npos)
{
    *npos = 0;
    /* As `sgz help COMMAND`, whatever else the line holds: one asking
     * how a command goes is shown it, not told off for the rest. */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cli_print_help(cmd);
            return EXIT_HELP;
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || strlen(a) == 2) {
            if (*npos >= max_pos) {
                char msg[300];
                snprintf(msg, sizeof msg, cli_tr("unexpected argument: %s"),
                         a);
                return cli_usage(cmd, msg);
            }
            pos[(*npos)++] = a;
            continue;
        }
        const struct cli_opt *o = opts;
        while (o && o->name && strcmp(o->name, a + 2) != 0) {
            o++;
        }
        if (!o || !o->name) {
            char msg[300];
            snprintf(msg, sizeof msg, cli_tr("unknown option: %s"), a);
            return cli_usage(cmd, msg);
        }
        if (o->flag) {
            *o->flag = true;
            continue;
        }
        if (i + 1 >= argc) {
            char msg[300];
            snprintf(msg, sizeof msg, cli_tr("%s needs a value"), a);
            return cli_usage(cmd, msg);
        }
        *o->value = argv[++i];
    }
    return EXIT_OK;
}

static void log_step(const char *line)
{
    log_info("%s", line);
}

int cli_open_db(const struct config *cfg, bool create, bool log_steps,
                struct db **out)
{
    char err[600];
    if (db_open(cfg->db, create, out, err, sizeof err) != DB_OK) {
        cli_error("%s", err);
        return EXIT_RUNTIME;
    }
    if (migrate_run(*out, log_steps ? log_step : NULL, err, sizeof err) !=
        DB_OK) {
        cli_error("%s", err);
        db_close(*out);
        *out = NULL;
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

const char *cli_db_name(const struct config *cfg)
{
    static char shown[1100];
    db_url_redact(cfg->db, "***", shown, sizeof shown);
    return shown;
}

int cli_check_schema(const struct config *cfg, int *version)
{
    /* As db_open says it for init, migrate and serve: an empty name is
     * no database to look at, not a database without a schema. */
    if (!cfg->db[0]) {
        cli_error(cli_tr("no database given (--db or SGZ_DB)"));
        return EXIT_RUNTIME;
    }
    char err[600];
    if (db_schema_version(cfg->db, version, err, sizeof err) != DB_OK) {
        cli_error("%s", err);
        return EXIT_RUNTIME;
    }
    if (*version <= 0) {
        cli_error(cli_tr("%s is not an sgz database (sgz init makes one)"),
                  cli_db_name(cfg));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int cli_open_current(const struct config *cfg, struct db **out)
{
    *out = NULL;
    int version;
    int rc = cli_check_schema(cfg, &version);
    if (rc != EXIT_OK) {
        return rc;
    }
    int latest = migrate_latest();
    if (version < latest) {
        cli_error(
            cli_tr("%s is at schema %d, this sgz expects %d: run sgz migrate"),
            cli_db_name(cfg), version, latest);
        return EXIT_RUNTIME;
    }
    if (version > latest) {
        cli_error(cli_tr("%s is at schema %d, newer than this binary (%d): "
                         "upgrade sgz"),
                  cli_db_name(cfg), version, latest);
        return EXIT_RUNTIME;
    }
    char err[600];
    if (db_open(cfg->db, false, out, err, sizeof err) != DB_OK) {
        cli_error("%s", err);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

void cli_key_path(const struct config *cfg, char *buf, size_t len)
{
    if (cfg->key_file[0]) {
        snprintf(buf, len, "%s", cfg->key_file);
    } else if (db_is_postgres_url(cfg->db)) {
        snprintf(buf, len, "sgz.key");
    } else {
        snprintf(buf, len, "%s.key", cfg->db);
    }
}

int cli_write_key_file(const struct config *cfg)
{
    char path[1100];
    cli_key_path(cfg, path, sizeof path);
    /* O_EXCL: a key is never overwritten, or every encrypted record
     * made with it would be lost. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            log_info(cli_tr("key file %s exists; kept"), path);
            return EXIT_OK;
        }
        cli_error(cli_tr("cannot create key file %s: %s"), path,
                  strerror(errno));
        return EXIT_RUNTIME;
    }
    unsigned char key[32];
    randombytes_buf(key, sizeof key);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    sodium_memzero(key, sizeof key);
    hex[64] = '\n';
    ssize_t w = write(fd, hex, sizeof hex);
    sodium_memzero(hex, sizeof hex);
    if (w != (ssize_t)sizeof hex || fsync(fd) != 0) {
        cli_error(cli_tr("cannot write key file %s: %s"), path,
                  strerror(errno));
        close(fd);
        return EXIT_RUNTIME;
    }
    close(fd);
    log_info(cli_tr("key file %s created (keep a copy with every backup)"),
             path);
    return EXIT_OK;
}

int cli_load_key(const struct config *cfg, struct db *db,
                 unsigned char key[SECRET_KEY_BYTES])
{
    char path[1100], err[1400];
    cli_key_path(cfg, path, sizeof path);
    if (secret_load_key(path, key, err, sizeof err) != 0) {
        cli_error("%s", err);
        return EXIT_RUNTIME;
    }
    int rc = key_check(db, key, true);
    if (rc == KEY_OTHER) {
        cli_error(
            cli_tr("the key file %s does not open this database's personal "
                   "data: it is another database's key; use the key file "
                   "kept with this database (a backup's is BACKUP.key)"),
            path);
        return EXIT_RUNTIME;
    }
    if (rc != KEY_MATCHES) {
        cli_error(cli_tr("cannot check the key file against the database: %s"),
                  db_errmsg(db));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int cli_load_regions(struct db *db)
{
    struct region_counts c = {0};
    char err[600];
    if (region_import_embedded(db, &c, err, sizeof err) != DB_OK) {
        cli_error(cli_tr("regions: %s"), err);
        return EXIT_RUNTIME;
    }
    log_info(cli_tr("regions: %ld provinces, %ld cities, %ld counties, %ld "
                    "townships"),
             c.provinces, c.cities, c.counties, c.townships);
    return EXIT_OK;
}

int cli_read_file(const char *path, size_t max, struct strbuf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cli_error(cli_tr("cannot read %s: %s"), path, strerror(errno));
        return EXIT_RUNTIME;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        strbuf_add(out, buf, n);
        if (out->len > max) {
            fclose(f);
            cli_error(cli_tr("%s: larger than %zu MiB"), path, max >> 20);
            return EXIT_RUNTIME;
        }
    }
    fclose(f);
    return EXIT_OK;
}

int cli_load_calendar(struct db *db)
{
    struct actor who = {.name = "cli:calendar", .address = ""};
    char err[600];
    int added;
    if (calendar_load_builtin(db, &who, &added, err, sizeof err) != DB_OK) {
        cli_error(cli_tr("calendar: %s"), err);
        return EXIT_RUNTIME;
    }
    if (added) {
        log_info(cli_tr("calendar: %d years of official holidays loaded"),
                 added);
    }
    return EXIT_OK;
}

int cli_store_builtin_profiles(struct db *db)
{
    char names[PROFILE_BUILTIN_MAX][PROFILE_NAME_MAX];
    size_t n = profile_builtin_list(names, PROFILE_BUILTIN_MAX);
    if (db_begin(db) != DB_OK) {
        cli_error("%s", db_errmsg(db));
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *text = profile_builtin_text(names[i], &len);
        struct profile *p;
        char err[2000];
        if (profile_parse(text, len, &p, err, sizeof err) != 0) {
            cli_error(cli_tr("built-in profile %s is invalid: %s"), names[i],
                      err);
            db_rollback(db);
            return EXIT_RUNTIME;
        }
        profile_free(p);
        /* A profile the deployment has already edited stays as it is. */
        struct arena *scratch = arena_new(0);
        const char *body;
        int have = profile_store_get(db, scratch, names[i], &body);
        arena_free(scratch);
        if (have < 0) {
            cli_error("%s", db_errmsg(db));
            db_rollback(db);
            return EXIT_RUNTIME;
        }
        if (have == DB_DONE && profile_store_put(db, names[i], text, cn_now()) != DB_OK) {
            cli_error("%s", db_errmsg(db));
            db_rollback(db);
            return EXIT_RUNTIME;
        }
    }
    if (db_commit(db) != DB_OK) {
        cli_error("%s", db_errmsg(db));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

/* Seeds the dictionaries from the stored profile called name. */
static int seed_dictionaries(struct db *db, const char *name)
{
    struct arena *a = arena_new(0);
    const char *body;
    int rc = profile_store_get(db, a, name, &body);
    struct profile *p = NULL;
    if (rc == DB_ROW) {
        char err[400];
        rc = profile_parse(body, strlen(body), &p, err, sizeof err) == 0
                 ? DB_OK
                 : DB_ERROR;
    }
    arena_free(a);
    if (rc == DB_OK) {
        rc = dictionary_seed(db, p);
    }
    profile_free(p);
    return rc;
}

int cli_activate_profile(struct db *db, const char *name)
{
    if (db_begin(db) != DB_OK) {
        cli_error("%s", db_errmsg(db));
        return EXIT_RUNTIME;
    }
    int rc = profile_store_activate(db, name);
    if (rc == DB_DONE) {
        db_rollback(db);
        cli_error(cli_tr("no profile named %s (see: sgz profile list)"), name);
        return EXIT_RUNTIME;
    }
    if (rc == DB_OK) {
        rc = cli_audit_append(db, "profile.use", "profile", name, NULL);
    }
    if (rc == DB_OK) {
        rc = seed_dictionaries(db, name);
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        cli_error("%s", db_errmsg(db));
        db_rollback(db);
        return EXIT_RUNTIME;
    }
    log_info(cli_tr("active profile: %s"), name);
    return EXIT_OK;
}

int cli_audit_append(struct db *db, const char *action, const char *entity,
                     const char *entity_id, const char *detail)
{
    const struct passwd *pw = getpwuid(getuid());
    char actor[80];
    snprintf(actor, sizeof actor, "cli:%s", pw ? pw->pw_name : "?");
    struct audit_entry e = {.actor = actor,
                            .action = action,
                            .entity = entity,
                            .entity_id = entity_id,
                            .detail = detail};
    return audit_append(db, &e);
}

int cli_audit(struct db *db, const char *action, const char *entity,
              const char *entity_id, const char *detail)
{
    int rc = db_begin(db);
    if (rc == DB_OK) {
        rc = cli_audit_append(db, action, entity, entity_id, detail);
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        db_rollback(db);
        cli_error(cli_tr("audit: %s"), db_errmsg(db));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

struct profile *cli_active_profile(struct db *db)
{
    struct arena *a = arena_new(0);
    const char *name, *body;
    struct profile *p = NULL;
    int rc = profile_store_active(db, a, &name, &body);
    if (rc == DB_ROW) {
        char err[2000];
        if (profile_parse(body, strlen(body), &p, err, sizeof err) != 0) {
            log_error(cli_tr("stored profile %s is invalid: %s"), name, err);
        } else {
            log_info(cli_tr("active profile: %s (%s)"), p->name, p->title);
        }
    } else {
        log_warn(cli_tr("no active profile: stations cannot be created "
                        "(sgz profile use NAME)"));
    }
    arena_free(a);
    return p;
}

int cli_sync_visits_due(struct db *db, const struct profile *p, bool force)
{
    bool refilled;
    int rc = visit_due_store_sync(db, p ? p->visit_schedules : NULL,
                                  p ? p->n_visit_schedules : 0, force,
                                  &refilled);
    if (rc != DB_OK) {
        cli_error(cli_tr("cannot fill the clients' next visits: %s"),
                  db_errmsg(db));
        return EXIT_RUNTIME;
    }
    if (refilled) {
        log_info(cli_tr("the clients' next visits computed for the profile's "
                        "visit schedules"));
    }
    return EXIT_OK;
}

int cli_sync_stats(struct db *db, bool force)
{
    bool built;
    if (stats_store_sync(db, force, &built) != DB_OK) {
        cli_error(cli_tr("cannot build the statistics summaries: %s"),
                  db_errmsg(db));
        return EXIT_RUNTIME;
    }
    if (built) {
        log_info(
            cli_tr("statistics summaries built from the service records"));
    }
    return EXIT_OK;
}

int cli_first_admin(struct db *db)
{
    int64_t n = 0;
    if (user_store_count_role(db, ROLE_SYSADMIN, &n) != DB_OK) {
        cli_error("%s", db_errmsg(db));
        return EXIT_RUNTIME;
    }
    if (n > 0) {
        return EXIT_OK;
    }
    /* No default password anywhere: a random one, shown once. */
    printf(cli_tr("system administrator: admin\n"));
    printf(cli_tr("password (shown once; change it at first login): "));
    fflush(stdout);
    return cli_user_create(db, "admin", "系统管理员", ROLE_BIT(ROLE_SYSADMIN),
                           "all", NULL, NULL, 0, false, true);
}

enum lang cli_lang(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            return strncmp(v, "zh", 2) == 0 ? LANG_ZH : LANG_EN;
        }
    }
    return LANG_EN;
}
