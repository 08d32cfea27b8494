/* The rules of households: the station in the caller's range and
 * active, exactly one head, registered members of the same station and
 * in no other household; every write audited in its transaction. */
#ifndef SGZ_HOUSEHOLD_SERVICE_H
#define SGZ_HOUSEHOLD_SERVICE_H
#include <stdint.h>

#include "../store/household_store.h"
#include "client_service.h"

/* 0 and *id, or -1 and *fail (client_fail's fields mean the same). */
int household_service_create(const struct client_ctx *x, struct household *h,
                             int64_t *id, struct client_fail *fail);
int household_service_update(const struct client_ctx *x,
                             const struct household *before,
                             struct household *h, int64_t expected_version,
                             struct client_fail *fail);

#endif
