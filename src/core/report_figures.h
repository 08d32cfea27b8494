/* A report's figures (issue 8): what stats_run() says for the report's
 * scope and period — the totals and the cuts by service type, service
 * area, client category and, over more than one month, by month — plus,
 * for the fund-use statement, what /fund_use sums for the contract.
 * Computed live while a report is a draft and frozen into it when
 * submitted; the JSON says which figures were not available then. */
#ifndef SGZ_REPORT_FIGURES_H
#define SGZ_REPORT_FIGURES_H
#include "../db/db.h"
#include "../store/report_store.h"
#include "../util/arena.h"
#include "msg.h"

/* The figures of rep as JSON text in the arena:
 * {"computed_at","available","unavailable":[codes],"total":{stats},
 *  "by_type","by_area","by_category","by_month":{stats} or null,
 *  "fund_use":{by_source,by_category,allocated_fen,spent_fen,
 *  balance_fen} (fund-use statements only)}.
 * DB_OK or the store's failure. */
int report_figures_compute(struct db *db, struct arena *a,
                           const struct report *rep, int64_t now,
                           const char **json);

/* The figures JSON with its measures' labels and units and its rows'
 * labels of time, type, area and category in lang: a report freezes
 * them in zh-CN, and an English reader is shown them in English. The
 * text unchanged for zh-CN or when it is not JSON. */
const char *report_figures_localise(struct db *db, struct arena *a,
                                    const char *json, enum lang lang);

#endif
