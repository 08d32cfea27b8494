#include "dashboard_store.h"

#include <string.h>

#include "../core/region_code.h"

const char *const dashboard_open_stages[DASHBOARD_OPEN_STAGES] = {
    "intake", "assessment", "planning", "intervention", "evaluation"};

/* The stations first (a region range on stations_region, or one id),
 * then each station's open cases through cases_station (station_id,
 * stage): the stage list is what keeps the closed cases out of the
 * index range. */
#define OPEN_CASES_SQL                                                      \
    "SELECT k.stage, COUNT(*) FROM stations s JOIN cases k ON "             \
    "k.station_id = s.id WHERE " SCOPE_WHERE " AND s.region_code >= ? AND " \
    "s.region_code <= ? AND (? = 0 OR s.id = ?) AND k.stage IN ('intake', " \
    "'assessment', 'planning', 'intervention', 'evaluation') GROUP BY "     \
    "k.stage"

int dashboard_store_open_cases(struct db *db, const struct scope *sc,
                               const char *region, int64_t station_id,
                               int64_t counts[DASHBOARD_OPEN_STAGES])
{
    memset(counts, 0, sizeof(int64_t) * DASHBOARD_OPEN_STAGES);
    struct db_stmt *st = db_prepare(db, OPEN_CASES_SQL);
    if (!st) {
        return DB_ERROR;
    }
    char upper[13];
    scope_bind(st, 1, sc);
    if (region && *region) {
        region_code_upper(region, upper);
        db_bind_text(st, 5, region);
        db_bind_text(st, 6, upper);
    } else {
        db_bind_text(st, 5, "");
        db_bind_text(st, 6, "999999999999");
    }
    db_bind_int(st, 7, station_id);
    db_bind_int(st, 8, station_id);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *stage = db_col_text(st, 0);
        for (int i = 0; i < DASHBOARD_OPEN_STAGES; i++) {
            if (stage && strcmp(stage, dashboard_open_stages[i]) == 0) {
                counts[i] = db_col_int(st, 1);
            }
        }
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
