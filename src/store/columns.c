#include "columns.h"

const char *store_text(struct arena *a, struct db_stmt *st, int col)
{
    return arena_strdup(a, db_col_null(st, col) ? "" : db_col_text(st, col));
}

const char *store_text_opt(struct arena *a, struct db_stmt *st, int col)
{
    return db_col_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

int store_step_done(struct db_stmt *st)
{
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int store_step_changed(struct db_stmt *st)
{
    int rc = db_step(st);
    int64_t changed = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    return changed ? DB_OK : DB_DONE;
}

int store_each_run(struct db *db, struct db_stmt *st,
                   void (*read)(struct db_stmt *st, struct arena *a,
                                size_t i, void *ctx),
                   int (*run)(struct db *db, struct arena *a, size_t n,
                              void *ctx),
                   void *ctx)
{
    struct arena *a = arena_new(0);
    size_t n = 0;
    int rc;
    db_read_in_runs(st);
    while ((rc = db_step(st)) == DB_ROW) {
        read(st, a, n++, ctx);
        if (n == STORE_RUN) {
            rc = run(db, a, n, ctx);
            n = 0;
            arena_free(a);
            a = arena_new(0);
            if (rc != DB_OK) {
                break;
            }
        }
    }
    if (rc == DB_DONE && n > 0) {
        rc = run(db, a, n, ctx);
    }
    db_reset(st);
    arena_free(a);
    return rc == DB_OK || rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int store_children(struct db *db, const char *sql, const int64_t *ids,
                   size_t n,
                   void (*child)(struct db_stmt *st, size_t i, void *ctx),
                   void *ctx)
{
    for (size_t from = 0; from < n; from += STORE_IN_MAX) {
        size_t k = n - from < STORE_IN_MAX ? n - from : STORE_IN_MAX;
        struct db_stmt *st = db_prepare(db, sql);
        if (!st) {
            return DB_ERROR;
        }
        for (size_t j = 0; j < STORE_IN_MAX; j++) {
            db_bind_int(st, (int)j + 1, j < k ? ids[from + j] : 0);
        }
        int rc;
        while ((rc = db_step(st)) == DB_ROW) {
            int64_t id = db_col_int(st, 0);
            for (size_t j = from; j < from + k; j++) {
                if (ids[j] == id) {
                    child(st, j, ctx);
                    break;
                }
            }
        }
        db_reset(st);
        if (rc != DB_DONE) {
            return rc < 0 ? rc : DB_ERROR;
        }
    }
    return DB_OK;
}

int store_first_int(struct db_stmt *st, int64_t *v)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *v = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
