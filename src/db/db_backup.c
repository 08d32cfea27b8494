/* Backup and restore for both backends: SQLite's online backup API, and
 * pg_dump / pg_restore in custom format for PostgreSQL. A file is written
 * under a temporary name beside its place (mode 0600), flushed to disk,
 * and only then linked to its name, which is never replaced: a backup
 * that fails leaves nothing behind. */
#define _GNU_SOURCE /* renameat2() and RENAME_NOREPLACE */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "db.h"

extern char **environ;

/* Runs argv with the environment envp and waits; 0 when it exited 0.
 * When out is not NULL, the child's standard output is read into it. */
static int run(char *const argv[], char *const envp[], struct strbuf *out,
               char *err, size_t errlen)
{
    int fds[2] = {-1, -1};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (out) {
        if (pipe(fds) != 0) {
            snprintf(err, errlen, "cannot run %s: %s", argv[0],
                     strerror(errno));
            posix_spawn_file_actions_destroy(&fa);
            return -1;
        }
        posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&fa, fds[0]);
        posix_spawn_file_actions_addclose(&fa, fds[1]);
    }
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    if (out) {
        close(fds[1]);
    }
    if (rc != 0) {
        if (out) {
            close(fds[0]);
        }
        snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(rc));
        return -1;
    }
    if (out) {
        char buf[4096];
        ssize_t n;
        while ((n = read(fds[0], buf, sizeof buf)) != 0) {
            if (n < 0 && errno != EINTR) {
                break;
            }
            if (n > 0) {
                strbuf_add(out, buf, (size_t)n);
            }
        }
        close(fds[0]);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            snprintf(err, errlen, "%s: %s", argv[0], strerror(errno));
            return -1;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errlen, "%s failed (see its messages above)", argv[0]);
        return -1;
    }
    return 0;
}

/* A PostgreSQL client program's connection: "--dbname=URL" without the
 * password, which goes into the child's environment (PGPASSWORD), where
 * ps does not show it. *envp is environ or a copy to free with
 * free_env(). */
static void pg_connection(const char *url, char *db_arg, size_t len,
                          char ***envp)
{
    char plain[1100];
    db_url_redact(url, NULL, plain, sizeof plain);
    snprintf(db_arg, len, "--dbname=%s", plain);
    *envp = environ;
    PQconninfoOption *opts = PQconninfoParse(url, NULL);
    const char *password = NULL;
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (strcmp(o->keyword, "password") == 0 && o->val && o->val[0]) {
            password = o->val;
        }
    }
    if (password) {
        size_t n = 0;
        while (environ[n]) {
            n++;
        }
        char **env = xcalloc(n + 2, sizeof *env);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (strncmp(environ[i], "PGPASSWORD=", 11) != 0) {
                env[k++] = environ[i];
            }
        }
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_printf(&sb, "PGPASSWORD=%s", password);
        env[k] = strbuf_steal(&sb);
        *envp = env;
    }
    PQconninfoFree(opts);
}

static void free_env(char **envp)
{
    if (envp != environ) {
        size_t i = 0;
        while (envp[i + 1]) {
            i++;
        }
        free(envp[i]); /* the one string made here, PGPASSWORD= */
        free(envp);
    }
}

/* A new empty file beside dest, mode 0600, its name in tmp. */
static int make_temp(const char *dest, char *tmp, size_t len, char *err,
                     size_t errlen)
{
    snprintf(tmp, len, "%s.tmp-XXXXXX", dest);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a file beside %s: %s", dest,
                 strerror(errno));
        return DB_ERROR;
    }
    close(fd);
    return DB_OK;
}

/* Removes the temporary file tmp and what SQLite may have left beside
 * it. */
static void remove_temp(const char *tmp)
{
    const char *sides[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        char path[1200];
        snprintf(path, sizeof path, "%s%s", tmp, sides[i]);
        unlink(path);
    }
}

/* Flushes tmp to disk and gives it the name dest, unless dest exists;
 * tmp is removed either way. */
static int publish(const char *tmp, const char *dest, char *err,
                   size_t errlen)
{
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", dest, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        remove_temp(tmp);
        return DB_ERROR;
    }
    close(fd);
    /* link() never replaces DEST; a disk without hard links (a vfat or
     * exFAT USB disk, some network shares: where off-site copies go)
     * takes a rename that does not replace either, or, failing that, a
     * plain one, DEST having been found free a moment ago. */
    int linked = link(tmp, dest);
    if (linked != 0 && (errno == EPERM || errno == ENOTSUP ||
                        errno == EOPNOTSUPP || errno == ENOSYS)) {
        linked = renameat2(AT_FDCWD, tmp, AT_FDCWD, dest, RENAME_NOREPLACE);
        if (linked != 0 && (errno == EINVAL || errno == ENOSYS)) {
            struct stat st;
            linked = stat(dest, &st) == 0 ? (errno = EEXIST, -1)
                                          : rename(tmp, dest);
        }
    }
    if (linked != 0) {
        if (errno == EEXIST) {
            snprintf(err, errlen, "%s exists: never overwritten", dest);
        } else {
            snprintf(err, errlen, "cannot create %s: %s", dest,
                     strerror(errno));
        }
        remove_temp(tmp);
        return DB_ERROR;
    }
    remove_temp(tmp);
    /* The new name on disk too. */
    char dir[1200];
    snprintf(dir, sizeof dir, "%s", dest);
    int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return DB_OK;
}

/* Copies every page of from into to with SQLite's backup API, in one
 * step: one read transaction, which the commits of other connections do
 * not restart (in WAL mode they are not held up by it either). */
static int sqlite_copy(sqlite3 *from, sqlite3 *to, char *err, size_t errlen)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) {
        snprintf(err, errlen, "backup: %s", sqlite3_errmsg(to));
        return DB_ERROR;
    }
    int rc;
    do {
        rc = sqlite3_backup_step(b, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            sqlite3_sleep(20);
        }
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "backup: %s", sqlite3_errstr(rc));
        return DB_ERROR;
    }
    return DB_OK;
}

/* DEST free, and the temporary file beside it that becomes it. */
static int begin_dest(const char *dest, char *tmp, size_t tmplen, char *err,
                      size_t errlen)
{
    struct stat st;
    if (stat(dest, &st) == 0) {
        snprintf(err, errlen, "%s exists: never overwritten", dest);
        return DB_ERROR;
    }
    return make_temp(dest, tmp, tmplen, err, errlen);
}

static int sqlite_file_copy(const char *src, const char *dest, char *err,
                            size_t errlen)
{
    char tmp[1200];
    if (begin_dest(dest, tmp, sizeof tmp, err, errlen) != DB_OK) {
        return DB_ERROR;
    }
    sqlite3 *from = NULL, *to = NULL;
    int rc = DB_ERROR;
    if (sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", src,
                 sqlite3_errmsg(from));
    } else if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) !=
               SQLITE_OK) {
        snprintf(err, errlen, "cannot write %s: %s", tmp,
                 sqlite3_errmsg(to));
    } else {
        rc = sqlite_copy(from, to, err, errlen);
        /* One self-contained file, without -wal and -shm beside it. */
        if (rc == DB_OK &&
            sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL,
                         NULL) != SQLITE_OK) {
            snprintf(err, errlen, "backup: %s", sqlite3_errmsg(to));
            rc = DB_ERROR;
        }
    }
    sqlite3_close(from);
    if (sqlite3_close(to) != SQLITE_OK && rc == DB_OK) {
        snprintf(err, errlen, "cannot close %s", tmp);
        rc = DB_ERROR;
    }
    if (rc != DB_OK) {
        remove_temp(tmp);
        return rc;
    }
    return publish(tmp, dest, err, errlen);
}

int db_backup(const char *url, const char *dest, char *err, size_t errlen)
{
    if (!db_is_postgres_url(url)) {
        return sqlite_file_copy(url, dest, err, errlen);
    }
    char tmp[1200];
    if (begin_dest(dest, tmp, sizeof tmp, err, errlen) != DB_OK) {
        return DB_ERROR;
    }
    char file_arg[1300], db_arg[1200];
    char **envp;
    snprintf(file_arg, sizeof file_arg, "--file=%s", tmp);
    pg_connection(url, db_arg, sizeof db_arg, &envp);
    char *argv[] = {"pg_dump", "--format=custom", "--no-owner", file_arg,
                    db_arg, NULL};
    int rc = run(argv, envp, NULL, err, errlen);
    free_env(envp);
    if (rc != 0) {
        remove_temp(tmp);
        return DB_ERROR;
    }
    return publish(tmp, dest, err, errlen);
}

/* The highest version in the schema_migrations rows of a pg_dump
 * archive: the COPY block pg_restore prints for that table; -1 when
 * there is none. */
static int pg_archive_version(const char *text)
{
    int version = -1;
    const char *p = text;
    bool in_copy = false;
    while (*p) {
        size_t n = strcspn(p, "\n");
        if (in_copy) {
            if (n == 2 && strncmp(p, "\\.", 2) == 0) {
                in_copy = false;
            } else {
                int v = atoi(p);
                if (v > version) {
                    version = v;
                }
            }
        } else if (strncmp(p, "COPY ", 5) == 0) {
            const char *t = strstr(p, "schema_migrations ");
            in_copy = t && t < p + n;
            if (in_copy && version < 0) {
                version = 0;
            }
        }
        p += n;
        if (*p == '\n') {
            p++;
        }
    }
    return version;
}

int db_backup_version(const char *url, const char *src, int *version,
                      char *err, size_t errlen)
{
    *version = -1;
    if (!db_is_postgres_url(url)) {
        return db_schema_version(src, version, err, errlen);
    }
    struct stat st;
    if (stat(src, &st) != 0) {
        snprintf(err, errlen, "%s: %s", src, strerror(errno));
        return DB_ERROR;
    }
    char src_arg[1200];
    snprintf(src_arg, sizeof src_arg, "%s", src);
    char *argv[] = {"pg_restore", "--data-only",
                    "--table=schema_migrations", "--file=-", src_arg, NULL};
    struct strbuf out;
    strbuf_init(&out);
    int rc = run(argv, environ, &out, err, errlen);
    if (rc == 0) {
        *version = pg_archive_version(out.buf ? out.buf : "");
    } else {
        snprintf(err, errlen,
                 "%s is not a PostgreSQL backup made by sgz backup "
                 "(pg_restore cannot read it)",
                 src);
    }
    strbuf_free(&out);
    return rc == 0 ? DB_OK : DB_ERROR;
}

int db_restore(const char *url, const char *src, char *err, size_t errlen)
{
    struct stat st;
    if (stat(src, &st) != 0) {
        snprintf(err, errlen, "%s: %s", src, strerror(errno));
        return DB_ERROR;
    }
    if (!db_is_postgres_url(url)) {
        return sqlite_file_copy(src, url, err, errlen);
    }
    char db_arg[1200], src_arg[1200];
    char **envp;
    pg_connection(url, db_arg, sizeof db_arg, &envp);
    snprintf(src_arg, sizeof src_arg, "%s", src);
    char *argv[] = {"pg_restore", "--no-owner", "--exit-on-error",
                    "--single-transaction", db_arg, src_arg, NULL};
    int rc = run(argv, envp, NULL, err, errlen);
    free_env(envp);
    return rc == 0 ? DB_OK : DB_ERROR;
}
