/* Contracts (服务协议): the purchaser, the organisation, the cycle and
 * the year within it, the amount, the dates, and the stations each
 * covers with their share. A contract is in the caller's range when one
 * of its stations is. */
#ifndef SGZ_CONTRACT_STORE_H
#define SGZ_CONTRACT_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct contract_station {
    int64_t station_id, amount_fen;
    const char *station_name, *region_code, *status; /* read only */
};

struct contract {
    int64_t id, organisation_id, cycle_years, cycle_year, amount_fen;
    int64_t previous_id; /* 0: none */
    int64_t version, created_by, created_at, updated_at;
    const char *code, *title, *region_code, *purchaser, *procurement;
    const char *signed_on, *effective_on, *starts_on, *ends_on;
    const char *filed_on, *staff_in_place_on; /* NULL until recorded */
    const char *status, *status_reason, *status_on;
    const char *requirements, *liability, *notes;
    const char *region_name, *organisation_name; /* read only */
    struct contract_station *stations;
    size_t n_stations;
};

struct contract_filter {
    int64_t organisation_id, station_id; /* 0: any */
    const char *status;                  /* NULL: any */
    int year;                            /* 0: any; else the term overlaps */
};

/* By start date, newest first, with their stations. */
int contract_store_list(struct db *db, struct arena *a, const struct scope *sc,
                        const struct contract_filter *f, int limit,
                        int64_t offset, struct contract **out, size_t *n,
                        int64_t *total);
/* DB_ROW and *out with its stations, or DB_DONE when absent or out of
 * the scope. */
int contract_store_get(struct db *db, struct arena *a, const struct scope *sc,
                       int64_t id, struct contract *out);
/* Inserts c and its stations (inside the caller's transaction);
 * DB_CONSTRAINT when the code is taken. */
int contract_store_insert(struct db *db, const struct contract *c,
                          int64_t user_id, int64_t now, int64_t *id);
/* Rewrites c (status included) and its stations; DB_DONE when the
 * version is not the expected one, DB_CONSTRAINT as above. */
int contract_store_update(struct db *db, const struct contract *c,
                          int64_t expected_version, int64_t now);

#endif
