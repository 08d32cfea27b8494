#include "db_impl.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/strbuf.h"
#include "../util/xalloc.h"

bool db_is_postgres_url(const char *url)
{
    return strncmp(url, "postgres://", 11) == 0 ||
           strncmp(url, "postgresql://", 13) == 0;
}

int db_open(const char *url, bool create, struct db **out, char *err,
            size_t errlen)
{
    *out = NULL;
    if (!url || !*url) {
        snprintf(err, errlen, "no database given (--db or SGZ_DB)");
        return DB_ERROR;
    }
    if (db_is_postgres_url(url)) {
        return db_pg_open(url, out, err, errlen);
    }
    return db_sqlite_open(url, create, out, err, errlen);
}

void db_url_redact(const char *url, const char *mask, char *out, size_t len)
{
    struct strbuf b;
    strbuf_init(&b);
    if (!db_is_postgres_url(url)) {
        strbuf_adds(&b, url);
    } else {
        const char *auth = strstr(url, "://") + 3;
        size_t alen = strcspn(auth, "/?");
        /* userinfo ends at the authority's last '@' */
        const char *at = NULL;
        for (const char *p = auth; p < auth + alen; p++) {
            if (*p == '@') {
                at = p;
            }
        }
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            strbuf_add(&b, url, (size_t)(colon - url));
            if (mask) {
                strbuf_adds(&b, ":");
                strbuf_adds(&b, mask);
            }
            url = at;
        }
        const char *q = strchr(url, '?');
        strbuf_add(&b, url, q ? (size_t)(q - url) : strlen(url));
        /* the parameters, but password= masked or dropped */
        char sep = '?';
        while (q && *q) {
            const char *param = q + 1;
            size_t n = strcspn(param, "&");
            if (n > 0) {
                if (strncmp(param, "password=", 9) != 0) {
                    strbuf_add(&b, &sep, 1);
                    strbuf_add(&b, param, n);
                    sep = '&';
                } else if (mask) {
                    strbuf_add(&b, &sep, 1);
                    strbuf_adds(&b, "password=");
                    strbuf_adds(&b, mask);
                    sep = '&';
                }
            }
            q = param + n;
        }
    }
    snprintf(out, len, "%s", b.buf ? b.buf : "");
    strbuf_free(&b);
}

int db_count_tables(struct db *db, int64_t *n)
{
    /* Every schema the user made, not only the current one. */
    return db_query_int(
               db,
               db->kind == DB_POSTGRES
                   ? "SELECT COUNT(*) FROM pg_catalog.pg_class c JOIN "
                     "pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                     "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND "
                     "n.nspname <> 'information_schema' AND "
                     "n.nspname NOT LIKE 'pg\\_%'"
                   : "SELECT COUNT(*) FROM sqlite_master WHERE type IN "
                     "('table', 'view')",
               n) == DB_ROW
               ? DB_OK
               : DB_ERROR;
}

/* The version recorded in schema_migrations; -1 without that table. */
static int read_schema_version(struct db *db, int *version)
{
    *version = -1;
    int64_t has = 0;
    int rc = db_query_int(
        db,
        db->kind == DB_POSTGRES
            ? "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = "
              "current_schema() AND tablename = 'schema_migrations'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
              "name = 'schema_migrations'",
        &has);
    if (rc != DB_ROW) {
        return DB_ERROR;
    }
    if (!has) {
        return DB_OK;
    }
    int64_t v = 0;
    if (db_query_int(db,
                     "SELECT COALESCE(MAX(version), 0) FROM "
                     "schema_migrations",
                     &v) != DB_ROW) {
        return DB_ERROR;
    }
    *version = (int)v;
    return DB_OK;
}

int db_schema_version(const char *url, int *version, char *err,
                      size_t errlen)
{
    struct db *db;
    int rc = db_is_postgres_url(url)
                 ? db_pg_open(url, &db, err, errlen)
                 : db_sqlite_open_readonly(url, &db, err, errlen);
    if (rc != DB_OK) {
        return rc;
    }
    rc = read_schema_version(db, version);
    if (rc != DB_OK) {
        char shown[1100];
        db_url_redact(url, "***", shown, sizeof shown);
        snprintf(err, errlen, "cannot read %s: %s", shown, db_errmsg(db));
    }
    db_close(db);
    return rc;
}

static void release_writer(struct db *db);

void db_close(struct db *db)
{
    if (db) {
        release_writer(db); /* closing ends the transaction */
        db->ops->close(db);
    }
}

enum db_kind db_kind(const struct db *db)
{
    return db->kind;
}

bool db_broken(struct db *db)
{
    return db->ops->broken && db->ops->broken(db);
}

bool db_stale(struct db *db, int64_t idle_ms)
{
    return db->ops->stale ? db->ops->stale(db, idle_ms) : db_broken(db);
}

const char *db_errmsg(struct db *db)
{
    return db->ops->errmsg(db);
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
    struct db_stmt *st = stmt_cache_get(db->cache, sql);
    if (!st) {
        st = db->ops->prepare(db, sql);
        if (!st) {
            return NULL;
        }
        stmt_cache_put(db->cache, st);
    }
    /* A statement in use twice at once is a bug in the caller. */
    assert(!st->in_use);
    st->in_use = true;
    return st;
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    st->db->ops->bind_int(st, idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *s)
{
    st->db->ops->bind_text(st, idx, s);
}

void db_bind_null(struct db_stmt *st, int idx)
{
    st->db->ops->bind_null(st, idx);
}

static int exec_control(struct db *db, const char *sql);

/* Ends the snapshot db_read_begin opened. */
static void end_read(struct db *db)
{
    if (db->reading) {
        db->reading = false;
        exec_control(db, "COMMIT");
    }
}

/* A write on a connection holding a read snapshot ends the snapshot
 * first: SQLite would otherwise upgrade it, and refuse (SQLITE_BUSY)
 * when another connection has written since it began. */
static void before_step(struct db_stmt *st)
{
    if (st->db->reading && !st->db->ops->readonly(st)) {
        end_read(st->db);
    }
}

int db_step(struct db_stmt *st)
{
    before_step(st);
    return st->db->ops->step(st);
}

int db_step_later(struct db_stmt *st)
{
    int rc;
    before_step(st);
    if (st->db->ops->step_later) {
        rc = st->db->ops->step_later(st);
    } else {
        rc = st->db->ops->step(st);
        rc = rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    }
    db_reset(st);
    return rc;
}

int64_t db_col_int(struct db_stmt *st, int col)
{
    return st->db->ops->col_int(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
    return st->db->ops->col_text(st, col);
}

bool db_col_null(struct db_stmt *st, int col)
{
    return st->db->ops->col_null(st, col);
}

void db_reset(struct db_stmt *st)
{
    if (st) {
        st->db->ops->reset(st);
        st->in_use = false;
    }
}

void db_read_in_runs(struct db_stmt *st)
{
    if (st->db->ops->read_in_runs) {
        st->db->ops->read_in_runs(st);
    }
}

int64_t db_changes(struct db_stmt *st)
{
    return st->db->ops->changes(st);
}

int db_exec(struct db *db, const char *sql)
{
    end_read(db); /* what the text does is not asked: it may write */
    return db->ops->exec(db, sql);
}

void db_set_writer_lock(struct db *db, pthread_mutex_t *lock)
{
    db->writer = db->kind == DB_SQLITE ? lock : NULL;
}

static void release_writer(struct db *db)
{
    if (db->writing) {
        db->writing = false;
        pthread_mutex_unlock(db->writer);
    }
}

/* BEGIN, COMMIT and ROLLBACK, which every request runs: on SQLite a
 * statement prepared once per connection (sqlite3_exec would parse the
 * text each time); PostgreSQL cannot prepare them. sql must be a string
 * literal: the statement cache knows a text by its address. */
static int exec_control(struct db *db, const char *sql)
{
    if (db->kind != DB_SQLITE) {
        return db->ops->exec(db, sql);
    }
    struct db_stmt *st = db_prepare(db, sql);
    if (!st) {
        return DB_ERROR;
    }
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int db_begin(struct db *db)
{
    end_read(db);
    if (db->writer && !db->writing) {
        pthread_mutex_lock(db->writer);
        db->writing = true;
    }
    int rc = exec_control(db, db->ops->begin_sql);
    if (rc != DB_OK) {
        release_writer(db);
    }
    return rc;
}

void db_on_next_commit(struct db *db, int (*fn)(struct db *db, void *arg),
                       void *arg)
{
    db->on_commit = fn;
    db->on_commit_arg = arg;
}

void db_take_commit_hook(struct db *db, int (**fn)(struct db *db, void *arg),
                         void **arg)
{
    *fn = db->on_commit;
    *arg = db->on_commit_arg;
    db->on_commit = NULL;
    db->on_commit_arg = NULL;
}

int db_part_begin(struct db *db)
{
    return exec_control(db, "SAVEPOINT part");
}

int db_part_end(struct db *db)
{
    return exec_control(db, "RELEASE part");
}

int db_part_undo(struct db *db)
{
    int rc = exec_control(db, "ROLLBACK TO part");
    int end = exec_control(db, "RELEASE part");
    return rc != DB_OK ? rc : end;
}

int db_commit(struct db *db)
{
    if (db->on_commit) {
        int (*fn)(struct db *, void *) = db->on_commit;
        db->on_commit = NULL;
        int hook = fn(db, db->on_commit_arg);
        if (hook != DB_OK) {
            return hook;
        }
    }
    int rc = exec_control(db, "COMMIT");
    if (rc == DB_OK) {
        release_writer(db);
    }
    return rc;
}

int db_rollback(struct db *db)
{
    int rc = exec_control(db, "ROLLBACK");
    release_writer(db);
    return rc;
}

bool db_read_begin(struct db *db)
{
    if (db->kind != DB_SQLITE || db->ops->in_transaction(db)) {
        return false;
    }
    db->reading = exec_control(db, "BEGIN") == DB_OK;
    return db->reading;
}

void db_read_end(struct db *db, bool opened)
{
    if (opened) {
        end_read(db);
    }
}

void db_end_abandoned(struct db *db)
{
    end_read(db);
    if (db->writing || db->ops->in_transaction(db)) {
        db_rollback(db);
    }
}

int db_query_int(struct db *db, const char *sql, int64_t *out)
{
    struct db_stmt *st = db_prepare(db, sql);
    if (!st) {
        return DB_ERROR;
    }
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *out = db_col_int(st, 0);
    }
    db_reset(st);
    return rc;
}

/* Open addressing on the SQL text's address; statements are few (one per
 * literal in the store files), so a small table that doubles is plenty. */
struct stmt_cache {
    struct db_stmt **slots;
    size_t cap, count;
};

struct stmt_cache *stmt_cache_new(void)
{
    struct stmt_cache *c = xmalloc(sizeof *c);
    c->cap = 64;
    c->count = 0;
    c->slots = xcalloc(c->cap, sizeof *c->slots);
    return c;
}

static size_t slot_of(const struct stmt_cache *c, const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= UINT64_C(0x9E3779B97F4A7C15) & UINTPTR_MAX;
    return (size_t)(h & (c->cap - 1));
}

struct db_stmt *stmt_cache_get(struct stmt_cache *c, const char *sql)
{
    for (size_t i = slot_of(c, sql);; i = (i + 1) & (c->cap - 1)) {
        if (!c->slots[i]) {
            return NULL;
        }
        if (c->slots[i]->sql == sql) {
            return c->slots[i];
        }
    }
}

static void insert(struct stmt_cache *c, struct db_stmt *st)
{
    size_t i = slot_of(c, st->sql);
    while (c->slots[i]) {
        i = (i + 1) & (c->cap - 1);
    }
    c->slots[i] = st;
    c->count++;
}

void stmt_cache_put(struct stmt_cache *c, struct db_stmt *st)
{
    if ((c->count + 1) * 2 > c->cap) {
        struct db_stmt **old = c->slots;
        size_t oldcap = c->cap;
        c->cap *= 2;
        c->count = 0;
        c->slots = xcalloc(c->cap, sizeof *c->slots);
        for (size_t i = 0; i < oldcap; i++) {
            if (old[i]) {
                insert(c, old[i]);
            }
        }
        free(old);
    }
    insert(c, st);
}

void stmt_cache_free(struct stmt_cache *c, void (*fn)(struct db_stmt *))
{
    if (!c) {
        return;
    }
    for (size_t i = 0; i < c->cap; i++) {
        if (c->slots[i]) {
            fn(c->slots[i]);
        }
    }
    free(c->slots);
    free(c);
}
