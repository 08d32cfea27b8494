/* `sgz demo --clients N`: synthetic clients through the importer. */
#ifndef SGZ_DEMO_CLIENTS_H
#define SGZ_DEMO_CLIENTS_H
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"

struct demo_client_counts {
    size_t rows, inserted, skipped, bad;
};

/* Generates n clients over the township stations and imports them; the
 * CSV is also written to csv_path when set (for the import benchmark). */
int demo_clients(struct db *db, const unsigned char *key, int64_t n,
                 const char *csv_path, struct demo_client_counts *out);

#endif
