/* What a contract states beyond its core (contract_store.h): the service
 * scope (areas, each with its free items), the yearly targets with what
 * the service records have done against them, and the amendments kept
 * as history. Each list belongs to one contract, read after the contract
 * itself was found in the caller's range. */
#ifndef SGZ_CONTRACT_PARTS_STORE_H
#define SGZ_CONTRACT_PARTS_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct contract_area {
    const char *area, *items;
};

struct contract_target {
    int64_t id, contract_id, quantity;
    const char *service_type, *area; /* area "" : any */
    const char *note;
    int64_t done; /* records so far in the term (read only) */
};

struct contract_amendment {
    int64_t id, contract_id, created_by, created_at;
    const char *amended_on, *reason, *changes;
    const char *created_by_name; /* read only */
};

int contract_parts_scope(struct db *db, struct arena *a, int64_t contract_id,
                         struct contract_area **out, size_t *n);
/* Replaces the scope (inside the caller's transaction). */
int contract_parts_set_scope(struct db *db, int64_t contract_id,
                             const struct contract_area *areas, size_t n);

/* The targets with done: the records of the target's type (and area) at
 * the contract's stations that started in [from, until) — Unix seconds. */
int contract_parts_targets(struct db *db, struct arena *a, int64_t contract_id,
                           int64_t from, int64_t until,
                           struct contract_target **out, size_t *n);
/* Replaces the targets (inside the caller's transaction); DB_CONSTRAINT
 * when a type and area appear twice. */
int contract_parts_set_targets(struct db *db, int64_t contract_id,
                               const struct contract_target *t, size_t n);

int contract_parts_amendments(struct db *db, struct arena *a,
                              int64_t contract_id,
                              struct contract_amendment **out, size_t *n);
int contract_parts_add_amendment(struct db *db,
                                 const struct contract_amendment *m,
                                 int64_t *id);

/* Whether an active contract covering station_id on day (its term) has
 * a recorded scope that leaves out area: DB_ROW, or DB_DONE (none, or no
 * scope recorded). What a record saved is warned of, before
 * contract.out_of_scope counts it. */
int contract_parts_area_outside(struct db *db, int64_t station_id,
                                const char *day, const char *area);

/* Records of the contract's stations in sc in [from, until) whose area
 * is not in its scope: how many, and the first one's id. */
int contract_parts_out_of_scope(struct db *db, const struct scope *sc,
                                int64_t contract_id,
                                int64_t from, int64_t until, int64_t *count,
                                int64_t *first_id);

/* Records of the contract's stations in sc in [from, until) served by
 * someone not on the station's roster (社工管理) that day: no staff
 * record of her login assigned there that day, nor a supervisor's
 * anywhere. By station: its records (each once, however many such
 * workers it has) and the first, and those workers, most records
 * first. */
struct unrostered_worker {
    int64_t user_id, records;
    const char *display_name, *username;
};
struct unrostered_station {
    int64_t station_id, records, first_id;
    struct unrostered_worker *workers;
    size_t n_workers;
};
int contract_parts_unrostered(struct db *db, struct arena *a,
                              const struct scope *sc, int64_t contract_id,
                              int64_t from, int64_t until,
                              struct unrostered_station **out, size_t *n);

/* The workers of record service_id (of station_id, on day) not on the
 * station's roster that day, as contract.unrostered_workers counts
 * them, when an active contract covers the station that day: user ids,
 * ascending. What a record saved is warned of. */
int contract_parts_record_unrostered(struct db *db, struct arena *a,
                                     int64_t service_id, int64_t station_id,
                                     const char *day, int64_t **user_ids,
                                     size_t *n);

#endif
