/* sgz user add | list | passwd | reset-totp | lock | unlock | roles */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../core/password.h"
#include "../core/settings.h"
#include "../core/user_rules.h"
#include "../store/organisation_store.h"
#include "../store/region_store.h"
#include "../store/scope.h"
#include "../store/session_store.h"
#include "../store/station_store.h"
#include "../store/token_store.h"
#include "../store/user_store.h"
#include "../util/arena.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "cli.h"

int cmd_user(const struct cmd *self, struct config *cfg, int argc,
             char **argv);

/* One line from standard input, without its newline. */
static int read_password(char *buf, size_t len)
{
    if (!fgets(buf, (int)len, stdin)) {
        cli_error(cli_tr("no password on standard input"));
        return EXIT_USAGE;
    }
    buf[strcspn(buf, "\r\n")] = 0;
    return EXIT_OK;
}

/* The password to set: from standard input, or a random temporary one
 * (printed by the caller). */
static int choose_password(struct db *db, bool from_stdin,
                           const char *username, char *pw, size_t len,
                           char *hash)
{
    if (from_stdin) {
        int rc = read_password(pw, len);
        if (rc != EXIT_OK) {
            return rc;
        }
        struct settings set;
        if (settings_load(db, &set) != DB_OK) {
            cli_error("%s", db_errmsg(db));
            return EXIT_RUNTIME;
        }
        enum msg_id bad = password_policy_check(
            pw, username, (int)set.password_min_length);
        if (bad) {
            char text[300], min[24];
            snprintf(min, sizeof min, "%lld",
                     (long long)set.password_min_length);
            enum lang lang = cli_lang();
            msg_format(bad, lang,
                       bad == MSG_PASSWORD_WEAK ? min
                       : lang == LANG_EN        ? "password"
                                                : "密码",
                       text, sizeof text);
            cli_error("%s", text);
            return EXIT_USAGE;
        }
    } else {
        password_random(pw, 17);
    }
    if (password_hash(pw, hash) != 0) {
        cli_error(cli_tr("cannot hash the password: out of memory"));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

/* Commits the write begun by the caller with its audit row; detail as
 * the API writes it for the same change (NULL: none). */
static int commit_audited(struct db *db, int rc, const char *action,
                          int64_t id, const char *detail)
{
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    if (rc == DB_OK) {
        rc = cli_audit_append(db, action, "user", ids, detail);
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        cli_error("%s", db_errmsg(db));
        db_rollback(db);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

/* The account's name is free and its range's region and stations exist,
 * each named when not: the insert's constraint cannot say which. */
static int check_new_user_refs(struct db *db, struct arena *a,
                               const char *username, const char *region,
                               const int64_t *stations, size_t n)
{
    struct user u;
    int rc = user_store_get_by_name(db, a, username, &u);
    if (rc == DB_ROW) {
        cli_error(cli_tr("user %s exists already"), username);
        return EXIT_RUNTIME;
    }
    if (rc != DB_DONE) {
        cli_error("%s", db_errmsg(db));
        return EXIT_RUNTIME;
    }
    if (region && *region) {
        struct region g;
        rc = region_store_get(db, a, region, &g);
        if (rc == DB_DONE) {
            cli_error(
                cli_tr("--range: no region %s (a division loaded by sgz init "
                       "or sgz regions import)"),
                region);
            return EXIT_RUNTIME;
        }
        if (rc != DB_ROW) {
            cli_error("%s", db_errmsg(db));
            return EXIT_RUNTIME;
        }
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < i; k++) {
            if (stations[k] == stations[i]) {
                cli_error(cli_tr("--range: station %lld is named twice"),
                          (long long)stations[i]);
                return EXIT_USAGE;
            }
        }
        struct station st;
        rc = station_store_get_plain(db, a, &scope_all, stations[i], &st);
        if (rc == DB_DONE) {
            cli_error(cli_tr("--range: no station %lld"),
                      (long long)stations[i]);
            return EXIT_RUNTIME;
        }
        if (rc != DB_ROW) {
            cli_error("%s", db_errmsg(db));
            return EXIT_RUNTIME;
        }
    }
    return EXIT_OK;
}

/* The checks the API makes on a new account's name and organisation
 * (api_users.c): an org_admin works for one organisation that exists. */
static int check_new_user(struct db *db, const char *username,
                          const char *name, role_set roles, int64_t org)
{
    if (!user_name_valid(username)) {
        cli_error(
            cli_tr("user name: 2-64 of a-z 0-9 . _ -, starting with a letter "
                   "or digit"));
        return EXIT_USAGE;
    }
    if (name && !user_display_name_valid(name)) {
        cli_error(cli_tr(
            "--name: 1-40 characters of UTF-8 with a letter, no control "
            "characters"));
        return EXIT_USAGE;
    }
    if ((roles & ROLE_BIT(ROLE_ORG_ADMIN)) && org <= 0) {
        cli_error(
            cli_tr("an org_admin works for an organisation: give --org ID"));
        return EXIT_USAGE;
    }
    if (org > 0) {
        struct arena *a = arena_new(0);
        struct organisation o;
        int rc = organisation_store_get(db, a, org, &o);
        arena_free(a);
        if (rc == DB_DONE) {
            cli_error(cli_tr("no organisation %lld"), (long long)org);
            return EXIT_RUNTIME;
        }
        if (rc != DB_ROW) {
            cli_error("%s", db_errmsg(db));
            return EXIT_RUNTIME;
        }
    }
    return EXIT_OK;
}

static int create_user(struct db *db, const char *username, const char *name,
                       role_set roles, const char *range, const char *region,
                       const int64_t *stations, size_t n, int64_t org,
                       bool from_stdin, bool quiet_password)
{
    int rc = check_new_user(db, username, name, roles, org);
    if (rc == EXIT_OK) {
        struct arena *a = arena_new(0);
        rc = check_new_user_refs(db, a, username, region, stations, n);
        arena_free(a);
    }
    if (rc != EXIT_OK) {
        return rc;
    }
    char pw[PASSWORD_MAX_CHARS * 4 + 2], hash[PASSWORD_HASH_MAX];
    rc = choose_password(db, from_stdin, username, pw, sizeof pw, hash);
    if (rc != EXIT_OK) {
        return rc;
    }
    struct user u = {
        .username = username,
        .display_name = name ? name : username,
        .password_hash = hash,
        .must_change_password = true,
        .status = "active",
        .data_range = range,
        .range_region = region && *region ? region : NULL,
        .roles = roles,
        .stations = stations,
        .n_stations = n,
        .organisation_id = org,
    };
    int64_t id = 0;
    int drc = db_begin(db);
    if (drc == DB_OK) {
        drc = user_store_insert(db, &u, cn_now(), &id);
    }
    if (drc == DB_CONSTRAINT) {
        db_rollback(db);
        cli_error(
            cli_tr("user %s exists already, or a station or region named "
                   "does not"),
            username);
        return EXIT_RUNTIME;
    }
    struct arena *a = arena_new(0);
    rc = commit_audited(db, drc, "user.create", id,
                        user_access_created(a, &u));
    arena_free(a);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (!from_stdin && !quiet_password) {
        printf(
            cli_tr("user %s created; temporary password (shown once, must be "
                   "changed at first login): %s\n"),
            username, pw);
    } else if (!from_stdin) {
        printf("%s\n", pw);
    } else {
        printf(cli_tr("user %s created\n"), username);
    }
    /* Now, beside its label, not after the log lines that follow on
     * standard error when standard output is a file or a pipe (make run
     * > log, a service's journal). */
    fflush(stdout);
    return EXIT_OK;
}

int cli_user_create(struct db *db, const char *username, const char *name,
                    role_set roles, const char *range, const char *region,
                    const int64_t *stations, size_t n, bool from_stdin,
                    bool quiet_password)
{
    return create_user(db, username, name, roles, range, region, stations, n,
                       0, from_stdin, quiet_password);
}

static int find_user(struct db *db, struct arena *a, const char *name,
                     struct user *u)
{
    int rc = user_store_get_by_name(db, a, name, u);
    if (rc == DB_DONE) {
        cli_error(cli_tr("no user named %s"), name);
        return EXIT_RUNTIME;
    }
    if (rc != DB_ROW) {
        cli_error("%s", db_errmsg(db));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

/* Begins the change's transaction when it keeps an active holder of
 * each administrator's role (user_admin_lost(), counted under the
 * holders' locks, so a server changing another holder at the same time
 * waits); says which one it would not, and begins nothing. */
static int begin_keeping_admins(struct db *db, struct arena *a,
                                const struct user *u,
                                const role_set *new_roles,
                                const char *new_status)
{
    int lost;
    if (db_begin(db) != DB_OK ||
        user_admin_lost(db, a, u->id, new_roles, new_status, &lost) !=
            DB_OK) {
        cli_error("%s", db_errmsg(db));
        db_rollback(db);
        return EXIT_RUNTIME;
    }
    if (lost >= 0) {
        db_rollback(db);
        cli_error(cli_tr("%s is the last active %s (%s)"), u->username,
                  cli_lang() == LANG_ZH ? role_infos[lost].label
                                        : role_infos[lost].label_en,
                  role_infos[lost].code);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

static int list_users(struct db *db)
{
    struct arena *a = arena_new(0);
    struct user *users;
    size_t n;
    int64_t total;
    int rc = EXIT_OK;
    for (int64_t off = 0;; off += 200) {
        struct user_filter f = {.offset = off, .limit = 200};
        if (user_store_list(db, a, &f, &users, &n, &total) != DB_OK) {
            cli_error("%s", db_errmsg(db));
            rc = EXIT_RUNTIME;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            printf("%-20s %-8s %-10s", users[i].username, users[i].status,
                   users[i].data_range);
            for (int r = 0; r < ROLE_COUNT; r++) {
                if (users[i].roles & ROLE_BIT(r)) {
                    printf(" %s", role_infos[r].code);
                }
            }
            printf("\n");
        }
        if (n < 200) {
            break;
        }
    }
    arena_free(a);
    return rc;
}

int cmd_user(const struct cmd *self, struct config *cfg, int argc,
             char **argv)
{
    const char *name = NULL, *roles_text = NULL, *range_text = NULL;
    const char *org_text = NULL;
    bool from_stdin = false;
    const struct cli_opt opts[] = {{"name", &name, NULL},
                                   {"org", &org_text, NULL},
                                   {"roles", &roles_text, NULL},
                                   {"range", &range_text, NULL},
                                   {"password-stdin", NULL, &from_stdin},
                                   {0}};
    const char *pos[3];
    int npos;
    int rc = cli_parse(self, argc, argv, opts, pos, 3, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (npos < 1) {
        return cli_usage(self,
                         cli_tr("expected: add, list, passwd, reset-totp, "
                                "lock, unlock or roles"));
    }
    const char *verb = pos[0];
    static const char *const verbs[] = {
        "add", "list", "passwd", "reset-totp", "lock", "unlock", "roles"};
    size_t v = 0;
    while (v < sizeof verbs / sizeof verbs[0] && strcmp(verb, verbs[v]) != 0) {
        v++;
    }
    /* Before the user is looked for: "no user named …" would hide the
     * misspelt verb. */
    if (v == sizeof verbs / sizeof verbs[0]) {
        return cli_usage(self,
                         cli_tr("expected: add, list, passwd, reset-totp, "
                                "lock, unlock or roles"));
    }
    if (strcmp(verb, "list") != 0 && npos < 2) {
        return cli_usage(self, cli_tr("expected a user name"));
    }
    role_set roles = 0;
    char bad[200];
    const char *list = strcmp(verb, "roles") == 0 ? (npos == 3 ? pos[2] : "")
                                                  : roles_text;
    if ((strcmp(verb, "add") == 0 || strcmp(verb, "roles") == 0) &&
        (!list || !user_parse_roles(list, &roles, bad, sizeof bad))) {
        char msg[300];
        snprintf(msg, sizeof msg,
                 cli_tr("unknown role: %s (see the roles in sgz help user)"),
                 list ? bad : cli_tr("(none given)"));
        return cli_usage(self, msg);
    }
    if (!user_admins_separate(roles)) {
        return cli_usage(self,
                         cli_tr("one account holds at most one of sysadmin, "
                                "security_admin and auditor (三员分立)"));
    }
    /* A user added without --range sees only her own clients: right for
     * a social worker, a surprise for a bureau officer, so it is said. */
    bool range_default = !range_text;
    if (range_default) {
        range_text = "self";
    }
    const char *range;
    char region[16];
    int64_t stations[64];
    size_t nst = 0;
    if (!user_parse_range(range_text, &range, region, sizeof region,
                          stations, 64, &nst)) {
        return cli_usage(self, cli_tr("--range: all, self, region:CODE or "
                                      "stations:ID,ID"));
    }

    struct db *db;
    if ((rc = cli_open_current(cfg, &db)) != EXIT_OK) {
        return rc;
    }
    struct arena *a = arena_new(0);
    struct user u;
    int64_t now = cn_now();
    if (strcmp(verb, "list") == 0) {
        rc = list_users(db);
    } else if (strcmp(verb, "add") == 0) {
        int64_t org = 0;
        if (org_text && !parse_int64(org_text, 1, INT64_MAX, &org)) {
            rc = cli_usage(self, cli_tr("--org: an organisation id"));
        } else {
            rc = create_user(db, pos[1], name, roles, range, region, stations,
                             nst, org, from_stdin, false);
        }
        if (rc == EXIT_OK && (roles & ROLE_BIT(ROLE_ORG_ADMIN)) &&
            !(roles & (ROLE_BIT(ROLE_BUREAU) | ROLE_BIT(ROLE_SYSADMIN)))) {
            /* An org_admin's range is her organisation's, unless a
             * wider role keeps her own (http/auth.c, scope.h). */
            fputs(cli_tr("data range: the stations of the organisation's "
                         "contracts in force\n"),
                  stderr);
        } else if (rc == EXIT_OK && range_default) {
            fputs(cli_tr("data range: self, only the clients the user is "
                         "responsible for (--range gives another: all, "
                         "region:CODE or stations:ID,ID)\n"),
                  stderr);
        }
    } else if ((rc = find_user(db, a, pos[1], &u)) != EXIT_OK) {
        /* reported */
    } else if (strcmp(verb, "passwd") == 0) {
        char pw[PASSWORD_MAX_CHARS * 4 + 2], hash[PASSWORD_HASH_MAX];
        rc = choose_password(db, from_stdin, u.username, pw, sizeof pw, hash);
        if (rc == EXIT_OK) {
            /* An administrator's reset: changed at next login, and every
             * session of the user ends. */
            int drc = db_begin(db);
            if (drc == DB_OK) {
                drc = user_store_set_password(db, u.id, hash, true, now);
            }
            if (drc == DB_OK) {
                drc = session_store_delete_user(db, u.id);
            }
            if (drc == DB_OK) {
                drc = token_store_revoke_user(db, u.id, now);
            }
            rc = commit_audited(db, drc, "user.reset_password", u.id,
                                NULL);
        }
        if (rc == EXIT_OK && !from_stdin) {
            printf(
                cli_tr(
                    "temporary password for %s (shown once, must be changed "
                    "at next login): %s\n"),
                u.username, pw);
        }
    } else if (strcmp(verb, "reset-totp") == 0) {
        /* The way back for the one who resets second factors on the web
         * (a sole security administrator who lost her authenticator):
         * the API's reset, by the person at the server. */
        if (!u.totp_secret) {
            cli_error(cli_tr("%s has no second factor to reset"), u.username);
            rc = EXIT_RUNTIME;
        } else {
            int drc = db_begin(db);
            if (drc == DB_OK) {
                drc = user_store_set_totp(db, u.id, NULL, false, 0);
            }
            if (drc == DB_OK) {
                drc = session_store_delete_user(db, u.id);
            }
            rc = commit_audited(db, drc, "totp.reset", u.id, NULL);
        }
        if (rc == EXIT_OK) {
            printf(
                cli_tr("second factor of %s reset (sessions ended): the next "
                       "login is by password, and a new authenticator is set "
                       "up on the web\n"),
                u.username);
        }
    } else if (strcmp(verb, "lock") == 0 || strcmp(verb, "unlock") == 0) {
        const char *status = strcmp(verb, "lock") == 0 ? "locked" : "active";
        if ((rc = begin_keeping_admins(db, a, &u, NULL, status)) !=
            EXIT_OK) {
            /* reported */
        } else {
            int drc = user_store_set_status(db, u.id, status, now);
            if (drc == DB_OK && strcmp(status, "locked") == 0) {
                drc = session_store_delete_user(db, u.id);
            }
            rc = commit_audited(db, drc, strcmp(verb, "lock") == 0
                                             ? "user.lock"
                                             : "user.unlock",
                                u.id, NULL);
        }
    } else if (strcmp(verb, "roles") == 0) {
        if ((roles & ROLE_BIT(ROLE_ORG_ADMIN)) && u.organisation_id <= 0) {
            cli_error(
                cli_tr("%s works for no organisation: an org_admin needs one "
                       "(sgz user add … --org ID)"),
                u.username);
            rc = EXIT_RUNTIME;
        } else if ((rc = begin_keeping_admins(db, a, &u, &roles, NULL)) !=
                   EXIT_OK) {
            /* reported */
        } else {
            int drc = user_store_set_roles(db, u.id, roles);
            struct user after = u;
            after.roles = roles;
            rc = commit_audited(db, drc, "user.roles", u.id,
                                user_access_change(a, &u, &after));
        }
    } else {
        rc = cli_usage(self,
                       cli_tr("expected: add, list, passwd, reset-totp, lock, "
                              "unlock or roles"));
    }
    arena_free(a);
    db_close(db);
    return rc;
}
