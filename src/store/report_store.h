/* Reports (报告, issue 8): a station's, a county's or a contract's, one
 * per type, scope and period, and their history (each submission with
 * its frozen figures and narrative, each return and acceptance with its
 * comment). The range filter reads the report's own division code, its
 * station and its organisation (REPORT_SCOPE_WHERE). */
#ifndef SGZ_REPORT_STORE_H
#define SGZ_REPORT_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct report {
    int64_t id, station_id, contract_id, organisation_id;
    int64_t submitted_by, reviewed_by, version, created_by;
    int64_t created_at, updated_at;
    const char *type, *scope_key, *region_code, *period_from, *period_to;
    const char *status; /* draft, submitted, returned, accepted */
    const char *key_work, *highlights, *typical_cases, *problems,
        *next_plan;
    const char *figures; /* frozen JSON; NULL while draft or returned */
    const char *submitted_on, *reviewed_on, *review_comment; /* or NULL */
    const char *scope_name; /* read only: station, division or contract */
};

struct report_event {
    int64_t id, report_version, user_id, created_at;
    const char *action; /* create, submit, return, accept */
    const char *figures, *narrative, *comment, *user_name;
    const char *display_name;     /* read only: the user's name now */
};

struct report_filter {
    const char *type, *status; /* or NULL */
    int64_t station_id;        /* or 0 */
    int64_t contract_id;       /* a contract's own reports, or 0 */
    const char *from, *to;     /* YYYY-MM: periods overlapping, or NULL */
};

int report_store_list(struct db *db, struct arena *a, const struct scope *sc,
                      const struct report_filter *f, int limit,
                      int64_t offset, struct report **out, size_t *n,
                      int64_t *total);
/* Whether the range would read a report of this division and
 * organisation (0: none) with no station: a contract's reports, before
 * one is written. DB_ROW yes, DB_DONE no. */
int report_store_contract_in_scope(struct db *db, const struct scope *sc,
                                   const char *region_code,
                                   int64_t organisation_id);
/* DB_ROW or DB_DONE (none, or out of the range). */
int report_store_get(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t id, struct report *out);
/* Whatever the range: the report of a type, scope and first month, for
 * the deadline rules. DB_ROW or DB_DONE. */
int report_store_find(struct db *db, struct arena *a, const char *type,
                      const char *scope_key, const char *period_from,
                      struct report *out);
/* Whatever the range and the period: the first report of a type for a
 * scope (the lowest id), for the types a contract has once (final,
 * midterm). DB_ROW with *id, or DB_DONE. */
int report_store_first_of(struct db *db, const char *type,
                          const char *scope_key, int64_t *id);
/* DB_CONSTRAINT when the scope has that type's report for the period. */
int report_store_insert(struct db *db, const struct report *r, int64_t now,
                        int64_t *id);
/* Narrative, status, figures and review; DB_DONE when the version is not
 * expected. */
int report_store_update(struct db *db, const struct report *r,
                        int64_t expected_version, int64_t now);
int report_store_event_add(struct db *db, int64_t report_id,
                           const struct report_event *e);
/* Removes a draft (never submitted) with its history, unless files are
 * attached: then DB_OK, nothing removed and *files > 0. DB_DONE when it
 * is no longer a draft at the expected version. */
int report_store_delete_draft(struct db *db, int64_t id,
                              int64_t expected_version, int64_t *files);
/* The station a report's files are kept with (attachments belong to a
 * station): its own, else its contract's first, else the first of its
 * division. DB_OK with *station (0: none). */
int report_store_anchor_station(struct db *db, const struct report *r,
                                int64_t *station);
/* Oldest first. */
int report_store_events(struct db *db, struct arena *a, int64_t report_id,
                        struct report_event **out, size_t *n);

#endif
