/* What every store file does with a statement's results: text columns
 * copied into the request's arena, and one-statement writes run. */
#ifndef SGZ_COLUMNS_H
#define SGZ_COLUMNS_H
#include "../db/db.h"
#include "../util/arena.h"

/* A text column in the arena; "" for NULL. */
const char *store_text(struct arena *a, struct db_stmt *st, int col);
/* A text column in the arena; NULL for NULL. */
const char *store_text_opt(struct arena *a, struct db_stmt *st, int col);
/* Runs a statement that returns no rows and resets it: DB_OK or the
 * failure. */
int store_step_done(struct db_stmt *st);
/* The same for an UPDATE guarded by a version or a state: DB_OK when it
 * changed a row, DB_DONE when none matched. */
int store_step_changed(struct db_stmt *st);
/* Runs st (bound) for its first row and resets it: *v is its column 0,
 * left as it was when there is no row. DB_OK or the failure. */
int store_first_int(struct db_stmt *st, int64_t *v);
/* Rows an export reads, and hands on, at a time. */
#define STORE_RUN 256
/* Steps st (bound) to its end for an export, read in runs
 * (db_read_in_runs). read() copies row i of the current run into the
 * run's arena; run() gets each run of up to STORE_RUN rows, reads what
 * they refer to (store_children: a statement per STORE_IN_MAX rows, not
 * one per row, which on PostgreSQL is a round trip each) and hands them
 * on, before the arena is emptied. run() returns DB_OK to go on, DB_DONE
 * to stop there, or a failure. Resets st. DB_OK or the failure. */
int store_each_run(struct db *db, struct db_stmt *st,
                   void (*read)(struct db_stmt *st, struct arena *a,
                                size_t i, void *ctx),
                   int (*run)(struct db *db, struct arena *a, size_t n,
                              void *ctx),
                   void *ctx);

/* "(?, ?, …)" of STORE_IN_MAX ids, for store_children. */
#define STORE_IN_MAX 32
#define STORE_IDS8 "?, ?, ?, ?, ?, ?, ?, ?"
#define STORE_IN_IDS                                                        \
    "(" STORE_IDS8 ", " STORE_IDS8 ", " STORE_IDS8 ", " STORE_IDS8 ")"
/* Runs sql, whose only parameters are STORE_IN_IDS and whose column 0
 * is the id of the row it belongs to, for ids[0..n) in chunks of
 * STORE_IN_MAX; child() gets each row with the index in ids of the row
 * it belongs to. DB_OK or the failure. */
int store_children(struct db *db, const char *sql, const int64_t *ids,
                   size_t n,
                   void (*child)(struct db_stmt *st, size_t i, void *ctx),
                   void *ctx);

#endif
