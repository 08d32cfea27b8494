/* Who may be named on a record of a station: an active user with one of
 * the given roles whose data range covers that station. One answer for
 * a client's responsible worker, a service's workers, a case's worker
 * and the supervisor who approves its plan. */
#ifndef SGZ_STAFF_SCOPE_H
#define SGZ_STAFF_SCOPE_H
#include <stdbool.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "permission.h"

/* DB_OK with *ok (and *name, the user's display name, when ok and name
 * is not NULL), or a negative db_result. */
int staff_covers_station(struct db *db, struct arena *a, int64_t user_id,
                         role_set roles, int64_t station_id,
                         const char *station_region, bool *ok,
                         const char **name);

#define ROLES_FRONTLINE                                                    \
    (ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_STATION_LEAD) |           \
     ROLE_BIT(ROLE_SUPERVISOR))

#endif
