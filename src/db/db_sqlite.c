/* SQLite backend: WAL, synchronous=FULL (an acknowledged write survives a
 * power cut), foreign keys on, defensive mode, tight limits. */
#include "db_impl.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"
#include "sqlite_map.h"

struct sq_db {
    struct db base;
    sqlite3 *h;
    /* The last failure's message. SQLite's own is gone once the statement
     * is reset or the next call succeeds, and callers log after both. */
    char err[300];
};

struct sq_stmt {
    struct db_stmt base;
    sqlite3_stmt *h;
    int64_t changes;
};

static sqlite3 *handle(struct db *db)
{
    return ((struct sq_db *)db)->h;
}

static void remember_error(struct db *db)
{
    struct sq_db *d = (struct sq_db *)db;
    snprintf(d->err, sizeof d->err, "%s", sqlite3_errmsg(d->h));
}

static int map_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
        return DB_OK;
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_DONE:
        return DB_DONE;
    case SQLITE_CONSTRAINT:
        return DB_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DB_BUSY;
    default:
        return DB_ERROR;
    }
}

static void finalize(struct db_stmt *st)
{
    sqlite3_finalize(((struct sq_stmt *)st)->h);
    free(st);
}

static void sq_close(struct db *db)
{
    stmt_cache_free(db->cache, finalize);
    sqlite3_close(handle(db));
    free(db);
}

static struct db_stmt *sq_prepare(struct db *db, const char *sql)
{
    sqlite3_stmt *h = NULL;
    if (sqlite3_prepare_v3(handle(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &h,
                           NULL) != SQLITE_OK) {
        remember_error(db);
        return NULL;
    }
    struct sq_stmt *st = xcalloc(1, sizeof *st);
    st->base.db = db;
    st->base.sql = sql;
    st->h = h;
    return &st->base;
}

static sqlite3_stmt *sh(struct db_stmt *st)
{
    return ((struct sq_stmt *)st)->h;
}

static void sq_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(sh(st), idx, v);
}

static void sq_bind_text(struct db_stmt *st, int idx, const char *s)
{
    if (s) {
        sqlite3_bind_text(sh(st), idx, s, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(sh(st), idx);
    }
}

static void sq_bind_null(struct db_stmt *st, int idx)
{
    sqlite3_bind_null(sh(st), idx);
}

static int sq_step(struct db_stmt *st)
{
    int rc = sqlite3_step(sh(st));
    if (rc == SQLITE_DONE) {
        ((struct sq_stmt *)st)->changes = sqlite3_changes64(handle(st->db));
    } else if (rc != SQLITE_ROW) {
        remember_error(st->db);
    }
    return map_rc(rc);
}

static int64_t sq_col_int(struct db_stmt *st, int col)
{
    return sqlite3_column_int64(sh(st), col);
}

static const char *sq_col_text(struct db_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(sh(st), col);
}

static bool sq_col_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(sh(st), col) == SQLITE_NULL;
}

static void sq_reset(struct db_stmt *st)
{
    sqlite3_reset(sh(st));
    sqlite3_clear_bindings(sh(st));
}

static int64_t sq_changes(struct db_stmt *st)
{
    return ((struct sq_stmt *)st)->changes;
}

static int sq_exec(struct db *db, const char *sql)
{
    int rc = sqlite3_exec(handle(db), sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        remember_error(db);
    }
    return map_rc(rc);
}

static const char *sq_errmsg(struct db *db)
{
    struct sq_db *d = (struct sq_db *)db;
    return d->err[0] ? d->err : sqlite3_errmsg(d->h);
}

static bool sq_in_transaction(struct db *db)
{
    return !sqlite3_get_autocommit(handle(db));
}

static bool sq_readonly(struct db_stmt *st)
{
    return sqlite3_stmt_readonly(sh(st)) != 0;
}

static const struct db_ops sqlite_ops = {
    .close = sq_close,
    .prepare = sq_prepare,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_null = sq_col_null,
    .reset = sq_reset,
    .changes = sq_changes,
    .exec = sq_exec,
    .errmsg = sq_errmsg,
    .in_transaction = sq_in_transaction,
    .readonly = sq_readonly,
    /* IMMEDIATE takes the write lock up front, so two writers never
     * deadlock upgrading a read lock. */
    .begin_sql = "BEGIN IMMEDIATE",
};

/* Set once at start-up from the settings, before any connection opens. */
static int64_t mmap_bytes = 1024LL * 1024 * 1024;

void db_sqlite_set_mmap(int64_t bytes)
{
    mmap_bytes = bytes;
}

/* SQLite's memory statistics, which nothing here reads, take one
 * process-wide mutex on every allocation and free: 7 % of a read's CPU
 * with two request threads bouncing it between cores. Must precede
 * SQLite's initialisation, which the first open does. */
static pthread_once_t configured = PTHREAD_ONCE_INIT;

static void configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite_map_register();
}

/* Opens path with flags; a read-write connection is switched to WAL. */
static int open_file(const char *path, int flags, struct db **out, char *err,
                     size_t errlen)
{
    pthread_once(&configured, configure);
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h, flags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path,
                 h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return DB_ERROR;
    }
    sqlite3_extended_result_codes(h, 1);
    sqlite3_busy_timeout(h, 10000);
    sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_limit(h, SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024);
    sqlite3_limit(h, SQLITE_LIMIT_SQL_LENGTH, 1024 * 1024);
    sqlite3_limit(h, SQLITE_LIMIT_VARIABLE_NUMBER, 999);
    sqlite3_limit(h, SQLITE_LIMIT_ATTACHED, 0);
    /* WAL lets readers run beside the writer; FULL makes each commit
     * durable before it is acknowledged. */
    char *msg = NULL;
    rc = sqlite3_exec(h,
                      (flags & SQLITE_OPEN_READONLY)
                          ? "PRAGMA foreign_keys=ON;"
                          : "PRAGMA journal_mode=WAL;"
                            "PRAGMA synchronous=FULL;"
                            "PRAGMA foreign_keys=ON;",
                      NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path,
                 msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        sqlite3_close(h);
        return DB_ERROR;
    }
    /* Reads through a memory map, not a pread() per page: the register's
     * lists touch hundreds of pages. Clean shared pages, not private
     * memory. */
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA mmap_size=%lld;",
             (long long)mmap_bytes);
    sqlite3_exec(h, pragma, NULL, NULL, NULL);
    struct sq_db *db = xcalloc(1, sizeof *db);
    db->base.ops = &sqlite_ops;
    db->base.kind = DB_SQLITE;
    db->base.cache = stmt_cache_new();
    db->h = h;
    *out = &db->base;
    return DB_OK;
}

int db_sqlite_open(const char *path, bool create, struct db **out, char *err,
                   size_t errlen)
{
    return open_file(path,
                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                         (create ? SQLITE_OPEN_CREATE : 0),
                     out, err, errlen);
}

int db_sqlite_open_readonly(const char *path, struct db **out, char *err,
                            size_t errlen)
{
    return open_file(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, out,
                     err, errlen);
}
