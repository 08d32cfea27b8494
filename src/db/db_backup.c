/* Backup and restore for both backends: SQLite's online backup API, and
 * pg_dump / pg_restore in custom format for PostgreSQL. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"

extern char **environ;

/* Runs argv, waits; 0 when it exited 0. */
static int run(char *const argv[], char *err, size_t errlen)
{
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (rc != 0) {
        snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(rc));
        return -1;
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

/* Copies every page of from into to with SQLite's backup API, a few
 * hundred pages at a time so that writers are not held up. */
static int sqlite_copy(sqlite3 *from, sqlite3 *to, char *err, size_t errlen)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) {
        snprintf(err, errlen, "backup: %s", sqlite3_errmsg(to));
        return DB_ERROR;
    }
    int rc;
    do {
        rc = sqlite3_backup_step(b, 256);
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

static int sqlite_file_copy(const char *src, const char *dest, bool dest_new,
                            char *err, size_t errlen)
{
    struct stat st;
    if (dest_new && stat(dest, &st) == 0) {
        snprintf(err, errlen, "%s exists: a backup never overwrites", dest);
        return DB_ERROR;
    }
    sqlite3 *from = NULL, *to = NULL;
    int rc = DB_ERROR;
    if (sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", src,
                 sqlite3_errmsg(from));
    } else if (sqlite3_open_v2(dest, &to,
                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                               NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot create %s: %s", dest,
                 sqlite3_errmsg(to));
    } else {
        rc = sqlite_copy(from, to, err, errlen);
        /* One self-contained file, without -wal and -shm beside it. */
        if (rc == DB_OK) {
            sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
        }
    }
    sqlite3_close(from);
    sqlite3_close(to);
    if (rc == DB_OK) {
        chmod(dest, 0600);
    }
    return rc;
}

int db_backup(const char *url, const char *dest, char *err, size_t errlen)
{
    if (db_is_postgres_url(url)) {
        char file_arg[1200], db_arg[1200];
        snprintf(file_arg, sizeof file_arg, "--file=%s", dest);
        snprintf(db_arg, sizeof db_arg, "--dbname=%s", url);
        char *argv[] = {"pg_dump", "--format=custom", "--no-owner",
                        file_arg, db_arg, NULL};
        return run(argv, err, errlen) == 0 ? DB_OK : DB_ERROR;
    }
    return sqlite_file_copy(url, dest, true, err, errlen);
}

int db_restore(const char *url, const char *src, char *err, size_t errlen)
{
    struct stat st;
    if (stat(src, &st) != 0) {
        snprintf(err, errlen, "%s: %s", src, strerror(errno));
        return DB_ERROR;
    }
    if (db_is_postgres_url(url)) {
        char db_arg[1200], src_arg[1200];
        snprintf(db_arg, sizeof db_arg, "--dbname=%s", url);
        snprintf(src_arg, sizeof src_arg, "%s", src);
        char *argv[] = {"pg_restore", "--no-owner", "--exit-on-error",
                        "--single-transaction", db_arg, src_arg, NULL};
        return run(argv, err, errlen) == 0 ? DB_OK : DB_ERROR;
    }
    return sqlite_file_copy(src, url, true, err, errlen);
}
