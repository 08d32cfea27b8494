#include "staff_scope.h"

#include <string.h>

#include "../store/scope.h"
#include "../store/user_store.h"

int staff_covers_station(struct db *db, struct arena *a, int64_t user_id,
                         role_set roles, int64_t station_id,
                         const char *station_region, bool *ok,
                         const char **name)
{
    *ok = false;
    struct user u;
    int rc = user_store_get(db, a, user_id, &u);
    if (rc == DB_DONE) {
        return DB_OK;
    }
    if (rc != DB_ROW) {
        return rc;
    }
    if (strcmp(u.status, "disabled") == 0 || !(u.roles & roles)) {
        return DB_OK;
    }
    struct scope us;
    memset(&us, 0, sizeof us);
    us.all = strcmp(u.data_range, "all") == 0;
    us.region_prefix =
        strcmp(u.data_range, "region") == 0 ? u.range_region : NULL;
    us.stations = u.stations;
    us.n_stations = u.n_stations;
    *ok = scope_has_station(&us, station_id, station_region);
    if (*ok && name) {
        *name = u.display_name;
    }
    return DB_OK;
}
