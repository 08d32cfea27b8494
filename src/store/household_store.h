/* Households (家庭): a name, the station, and members, each a client or
 * just a name, with the relation to the head. A client belongs to one
 * household at most. Scope through the station, as for clients. */
#ifndef SGZ_HOUSEHOLD_STORE_H
#define SGZ_HOUSEHOLD_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct household_member {
    int64_t client_id;   /* 0: not a registered client */
    const char *name, *relation;
    const char *status;  /* read: the client's (a member who died stays
                            in her household), NULL for a name alone */
    bool move; /* a write's: take her out of the household she is in */
    /* Set by that write when she did leave one: its id and name, for
     * the audit row of the household she joined. */
    int64_t moved_from_id;
    const char *moved_from;
};

struct household {
    int64_t id, station_id, version, created_at, updated_at;
    const char *station_name; /* read only */
    const char *name, *notes;
    struct household_member *members;
    size_t n_members;
};

/* Households of the scope (one station when station_id > 0), by name
 * prefix when q is set, newest first, with their members. */
int household_store_list(struct db *db, struct arena *a,
                         const struct scope *sc, int64_t station_id,
                         const char *q, int limit, int64_t offset,
                         struct household **out, size_t *n, int64_t *total);
/* DB_ROW with members, or DB_DONE when absent or out of scope. */
int household_store_get(struct db *db, struct arena *a,
                        const struct scope *sc, int64_t id,
                        struct household *out);
/* The household a client is in: *id (0: none) and the relation. */
int household_store_of_client(struct db *db, struct arena *a,
                              int64_t client_id, int64_t *id,
                              const char **name, const char **relation);
/* In the caller's transaction. */
int household_store_insert(struct db *db, const struct household *h,
                           int64_t now, int64_t *id);
/* DB_DONE when the version is not expected (or it is absent). */
int household_store_update(struct db *db, const struct household *h,
                           int64_t expected_version, int64_t now);
/* Bumps the version of a household whose members another write changed
 * (a merge), so that an edit read before it is refused; in the caller's
 * transaction. */
int household_store_touch(struct db *db, int64_t id, int64_t now);
/* Deletes a household and its members, in the caller's transaction. */
int household_store_delete(struct db *db, int64_t id);

#endif
