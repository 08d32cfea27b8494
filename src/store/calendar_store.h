/* The working-day calendar as stored: the special days (holidays on
 * weekdays' places, make-up working days) and which years are loaded. */
#ifndef SGZ_CALENDAR_STORE_H
#define SGZ_CALENDAR_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "../core/calendar.h"
#include "../db/db.h"
#include "../util/arena.h"

struct calendar_year_info {
    int year;
    const char *source;
    int64_t loaded_at, holidays, workdays;
};

/* Every loaded day and year. */
int calendar_store_load(struct db *db, struct arena *a, struct calendar *out);
/* Replaces one year's days and records it loaded; in the caller's
 * transaction. */
int calendar_store_put_year(struct db *db, const struct calendar_year *y,
                            const char *source, int64_t now);
int calendar_store_years(struct db *db, struct arena *a,
                         struct calendar_year_info **out, size_t *n);

#endif
