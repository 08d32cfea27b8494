/* Organisations (承接机构): the social work organisations that take the
 * contracts. Registration data, not personal data: every reader with the
 * permission sees them all. */
#ifndef SGZ_ORGANISATION_STORE_H
#define SGZ_ORGANISATION_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"

struct organisation {
    int64_t id, version, created_at, updated_at;
    const char *name, *credit_code, *legal_rep, *rating, *rated_on;
    bool party_org;
    const char *supervisor_quals, *registered_on, *region_code;
    const char *region_name; /* read only */
    const char *address, *phone, *status, *status_reason;
};

/* By name, filtered by a name prefix and a status. */
int organisation_store_list(struct db *db, struct arena *a, const char *q,
                            const char *status, int limit, int64_t offset,
                            struct organisation **out, size_t *n,
                            int64_t *total);
/* DB_ROW or DB_DONE. */
int organisation_store_get(struct db *db, struct arena *a, int64_t id,
                           struct organisation *out);
/* Locks the organisation's row until the transaction ends, so that a
 * check of what is recorded for it made after it stands (overlapping
 * debarments). */
int organisation_store_lock(struct db *db, int64_t id);
/* DB_CONSTRAINT when the name or the credit code is taken. */
int organisation_store_insert(struct db *db, const struct organisation *o,
                              int64_t now, int64_t *id);
/* DB_DONE when the version is not expected; DB_CONSTRAINT as above. */
int organisation_store_update(struct db *db, const struct organisation *o,
                              int64_t expected_version, int64_t now);

#endif
