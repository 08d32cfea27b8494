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

int store_each_row(struct db *db, struct db_stmt *st,
                   int (*row)(struct db *db, struct db_stmt *st,
                              struct arena *a, void *ctx),
                   void *ctx)
{
    struct arena *a = NULL; /* the last run of rows read */
    size_t n = 0;
    int rc;
    db_read_in_runs(st);
    while ((rc = db_step(st)) == DB_ROW) {
        if (n++ % 256 == 0) {
            arena_free(a);
            a = arena_new(0);
        }
        rc = row(db, st, a, ctx);
        if (rc != DB_OK) {
            break;
        }
    }
    db_reset(st);
    arena_free(a);
    return rc == DB_OK || rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
