/* `sgz demo … --contracts`: an organisation and this year's contract for
 * the demo county, with its scope, targets, filings and annual plans —
 * and the failures a compliance page should show (the contract copy not
 * filed in time, one station's share below the profile's minimum, a
 * target behind the term). */
#ifndef SGZ_DEMO_CONTRACTS_H
#define SGZ_DEMO_CONTRACTS_H

#include "../core/profile.h"
#include "../db/db.h"

/* For a county region only (others are left alone); running it again
 * adds nothing. EXIT_OK or EXIT_RUNTIME (reported). */
int demo_contracts(struct db *db, const struct profile *p, const char *region);

#endif
