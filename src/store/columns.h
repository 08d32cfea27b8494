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
/* Steps st (bound) to its end for an export, read in runs
 * (db_read_in_runs), giving each row to row() with an arena emptied
 * every 256 rows; row returns DB_OK to go on,
 * DB_DONE to stop there, or a failure. Resets st. DB_OK or the failure. */
int store_each_row(struct db *db, struct db_stmt *st,
                   int (*row)(struct db *db, struct db_stmt *st,
                              struct arena *a, void *ctx),
                   void *ctx);

#endif
