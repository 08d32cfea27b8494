/* What the dashboard reads besides the statistics: counts that the
 * records hold as they stand today (the open cases by stage), each one
 * index-driven — an open case is found through cases_station by its
 * station and stage, so that the closed cases of past years, however
 * many, cost nothing. */
#ifndef SGZ_DASHBOARD_STORE_H
#define SGZ_DASHBOARD_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "scope.h"

/* The stages an open case can be at, in workflow order. */
#define DASHBOARD_OPEN_STAGES 5
extern const char *const dashboard_open_stages[DASHBOARD_OPEN_STAGES];

/* Open cases by stage (counts in the order of dashboard_open_stages) of
 * the stations in the scope and in region (a division prefix, or NULL)
 * or of one station (station_id > 0). DB_OK or the failure. */
int dashboard_store_open_cases(struct db *db, const struct scope *sc,
                               const char *region, int64_t station_id,
                               int64_t counts[DASHBOARD_OPEN_STAGES]);

#endif
