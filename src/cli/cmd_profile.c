/* sgz profile list | show NAME | validate FILE | use NAME | import FILE */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/profile.h"
#include "../store/profile_store.h"
#include "../util/arena.h"
#include "../util/cn_time.h"
#include "../util/strbuf.h"
#include "cli.h"

int cmd_profile(const struct cmd *self, struct config *cfg, int argc,
                char **argv);

/* Reads and validates FILE; prints every error with the key's path. */
static int load_file(const char *path, struct strbuf *text,
                     struct profile **p)
{
    int rc = cli_read_file(path, 4u << 20, text);
    if (rc != EXIT_OK) {
        return rc;
    }
    char err[4000];
    if (profile_parse(text->buf ? text->buf : "", text->len, p, err,
                      sizeof err) != 0) {
        fprintf(stderr, cli_tr("sgz: %s is not a valid profile:\n%s\n"), path,
                err);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

/* One line of the list; a profile that does not parse is skipped, as
 * import and serve would refuse it anyway. */
static void list_line(const char *name, const char *text, size_t len,
                      const char *active)
{
    char err[600];
    struct profile *p;
    if (profile_parse(text, len, &p, err, sizeof err) == 0) {
        printf("%s %-16s %-8s %s\n",
               active && strcmp(active, name) == 0 ? "*" : " ", name,
               p->region_code, p->title);
        profile_free(p);
    }
}

static int list(struct config *cfg)
{
    char names[PROFILE_BUILTIN_MAX][PROFILE_NAME_MAX];
    size_t n = profile_builtin_list(names, PROFILE_BUILTIN_MAX);
    const char *active = NULL;
    struct arena *a = arena_new(0);
    struct db *db = NULL;
    char err[600];
    int rc = EXIT_OK;
    if (cfg->db[0] && db_open(cfg->db, false, &db, err, sizeof err) == DB_OK) {
        const char *body;
        if (profile_store_active(db, a, &active, &body) != DB_ROW) {
            active = NULL;
        }
    }
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *text = profile_builtin_text(names[i], &len);
        list_line(names[i], text, len, active);
    }
    /* A county outside the built-in ones imports its own profile: it is
     * listed too, or the active one would be missing from the list. */
    if (db) {
        const char **stored, **bodies;
        size_t n_stored;
        if (profile_store_list(db, a, &stored, &bodies, &n_stored) != DB_OK) {
            cli_error("%s", db_errmsg(db));
            rc = EXIT_RUNTIME;
            n_stored = 0;
        }
        for (size_t i = 0; i < n_stored; i++) {
            size_t blen;
            if (!profile_builtin_text(stored[i], &blen)) {
                list_line(stored[i], bodies[i], strlen(bodies[i]), active);
            }
        }
    }
    db_close(db);
    arena_free(a);
    return rc;
}

static int show(struct config *cfg, const char *name)
{
    struct arena *a = arena_new(0);
    struct db *db = NULL;
    char err[600];
    int rc = EXIT_RUNTIME;
    /* The deployment's copy when there is one, else the built-in. */
    if (cfg->db[0] && db_open(cfg->db, false, &db, err, sizeof err) == DB_OK) {
        const char *body;
        if (profile_store_get(db, a, name, &body) == DB_ROW) {
            fputs(body, stdout);
            rc = EXIT_OK;
        }
        db_close(db);
    }
    if (rc != EXIT_OK) {
        size_t len;
        const char *text = profile_builtin_text(name, &len);
        if (text) {
            fwrite(text, 1, len, stdout);
            rc = EXIT_OK;
        } else {
            cli_error(cli_tr("no profile named %s (see: sgz profile list)"),
                      name);
        }
    }
    arena_free(a);
    return rc;
}

static int import(struct config *cfg, const char *path)
{
    struct strbuf text;
    strbuf_init(&text);
    struct profile *p = NULL;
    int rc = load_file(path, &text, &p);
    struct db *db = NULL;
    if (rc == EXIT_OK) {
        rc = cli_open_current(cfg, &db);
    }
    if (rc == EXIT_OK) {
        int drc = db_begin(db);
        if (drc == DB_OK) {
            drc = profile_store_put(db, p->name, text.buf, cn_now());
        }
        if (drc == DB_OK) {
            drc = cli_audit_append(db, "profile.import", "profile", p->name,
                                   NULL);
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
                    "imported profile %s (restart sgz serve to apply it)\n"),
                p->name);
        }
    }
    db_close(db);
    profile_free(p);
    strbuf_free(&text);
    return rc;
}

int cmd_profile(const struct cmd *self, struct config *cfg, int argc,
                char **argv)
{
    const char *pos[2];
    int npos;
    int rc = cli_parse(self, argc, argv, NULL, pos, 2, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (npos == 1 && strcmp(pos[0], "list") == 0) {
        return list(cfg);
    }
    if (npos != 2) {
        return cli_usage(self,
                         cli_tr("expected: list, show NAME, validate FILE, "
                                "use NAME or import FILE"));
    }
    if (strcmp(pos[0], "show") == 0) {
        return show(cfg, pos[1]);
    }
    if (strcmp(pos[0], "validate") == 0) {
        struct strbuf text;
        strbuf_init(&text);
        struct profile *p = NULL;
        rc = load_file(pos[1], &text, &p);
        if (rc == EXIT_OK) {
            printf(cli_tr("%s: valid profile %s\n"), pos[1], p->name);
        }
        profile_free(p);
        strbuf_free(&text);
        return rc;
    }
    if (strcmp(pos[0], "import") == 0) {
        return import(cfg, pos[1]);
    }
    if (strcmp(pos[0], "use") == 0) {
        struct db *db;
        if ((rc = cli_open_current(cfg, &db)) != EXIT_OK) {
            return rc;
        }
        rc = cli_activate_profile(db, pos[1]);
        db_close(db);
        if (rc == EXIT_OK) {
            printf(
                cli_tr("active profile: %s (restart sgz serve to apply it)\n"),
                pos[1]);
        }
        return rc;
    }
    return cli_usage(self,
                     cli_tr("expected: list, show, validate, use or import"));
}
