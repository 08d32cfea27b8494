/* Shared between db.c and the two backends; not for store files. */
#ifndef SGZ_DB_IMPL_H
#define SGZ_DB_IMPL_H
#include <pthread.h>

#include "db.h"

struct db_ops {
    void (*close)(struct db *db);
    struct db_stmt *(*prepare)(struct db *db, const char *sql);
    void (*bind_int)(struct db_stmt *st, int idx, int64_t v);
    void (*bind_text)(struct db_stmt *st, int idx, const char *s);
    void (*bind_null)(struct db_stmt *st, int idx);
    int (*step)(struct db_stmt *st);
    /* db_step_later; NULL: the backend steps now. */
    int (*step_later)(struct db_stmt *st);
    int64_t (*col_int)(struct db_stmt *st, int col);
    const char *(*col_text)(struct db_stmt *st, int col);
    bool (*col_null)(struct db_stmt *st, int col);
    void (*reset)(struct db_stmt *st);
    int64_t (*changes)(struct db_stmt *st);
    int (*exec)(struct db *db, const char *sql);
    const char *(*errmsg)(struct db *db);
    bool (*broken)(struct db *db);
    bool (*stale)(struct db *db, int64_t idle_ms);
    /* Whether a transaction is open. */
    bool (*in_transaction)(struct db *db);
    /* Whether a statement only reads; NULL: never asked (the backend
     * opens no read snapshots, see db_read_begin). */
    bool (*readonly)(struct db_stmt *st);
    /* db_read_in_runs; NULL: the backend already reads a row at a time. */
    void (*read_in_runs)(struct db_stmt *st);
    const char *begin_sql;
};

/* Every backend's connection and statement start with these. */
struct db {
    const struct db_ops *ops;
    enum db_kind kind;
    struct stmt_cache *cache;
    pthread_mutex_t *writer; /* shared by a pool's SQLite connections */
    bool writing;            /* holds it: a write transaction is open */
    bool reading;            /* db_read_begin opened the transaction */
    int (*on_commit)(struct db *db, void *arg); /* db_on_next_commit */
    void *on_commit_arg;
};

struct db_stmt {
    struct db *db;
    const char *sql;
    bool in_use;
};

int db_sqlite_open(const char *path, bool create, struct db **out, char *err,
                   size_t errlen);
/* Opens an existing file without changing it (no WAL switch). */
int db_sqlite_open_readonly(const char *path, struct db **out, char *err,
                            size_t errlen);
int db_pg_open(const char *url, struct db **out, char *err, size_t errlen);

/* Statement cache keyed by SQL text address. */
struct stmt_cache *stmt_cache_new(void);
struct db_stmt *stmt_cache_get(struct stmt_cache *c, const char *sql);
void stmt_cache_put(struct stmt_cache *c, struct db_stmt *st);
/* Calls fn on every cached statement, then frees the cache. */
void stmt_cache_free(struct stmt_cache *c, void (*fn)(struct db_stmt *));

#endif
