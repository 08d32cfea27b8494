/* `sgz demo`: the workers (社工) of the demo county's stations. */
#ifndef SGZ_DEMO_STAFF_H
#define SGZ_DEMO_STAFF_H
#include <stddef.h>

#include "../core/profile.h"
#include "../db/db.h"

struct demo_staff_counts {
    size_t workers, organisations, min_wages;
    bool existing; /* the demo had run before: nothing written */
};

/* Workers for every township station under region (and a supervisor at
 * each county centre), employed by the organisation of the contract
 * covering the station or else by a demo organisation
 * "<county>社会工作服务中心"; the counties' minimum wages; and a few
 * deliberate failures for the compliance page (a station short of
 * workers, one hired over the age limit, one uncertified past the
 * deadline, one paid below the minimum wage). Run again, it writes
 * nothing. EXIT_OK or EXIT_RUNTIME. */
int demo_staff(struct db *db, const struct profile *p, const char *region,
               struct demo_staff_counts *out);

#endif
