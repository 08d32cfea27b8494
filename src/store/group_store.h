/* Groups (小组): goals, planned sessions, members and workers, and a
 * closing evaluation. The sessions are service records (type
 * group_session) pointing at the group. Scope through the station. */
#ifndef SGZ_GROUP_STORE_H
#define SGZ_GROUP_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"
#include "service_store.h"

struct group_session {
    int64_t service_id, started_at, minutes;
    /* Members present apart from the others who came, so that 出勤人次
     * means what the statistics count (members only). */
    int64_t attendees, extra_attendees;
    const char *title;
};

struct service_group {
    int64_t id, station_id, planned_sessions, version, created_by;
    int64_t created_at, updated_at;
    const char *station_name, *station_region; /* read only */
    const char *name, *area, *target, *goals, *starts_on, *ends_on;
    const char *status, *attainment, *evaluation, *closed_on;
    struct service_person *members, *workers;
    size_t n_members, n_workers;
    struct group_session *sessions; /* read only, oldest first */
    size_t n_sessions;
};

/* Newest first, without sessions. */
int group_store_list(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t station_id, const char *status, int limit,
                     int64_t offset, struct service_group **out, size_t *n,
                     int64_t *total);
/* The first max groups of the list (newest first), each with members,
 * workers and sessions, handed to fn in one pass over one snapshot (the
 * group ledger's export); fn returns false to stop. */
int group_store_each(struct db *db, const struct scope *sc,
                     int64_t station_id, const char *status, size_t max,
                     bool (*fn)(void *ctx, const struct service_group *g),
                     void *ctx);
/* DB_ROW with members, workers and sessions, or DB_DONE. */
int group_store_get(struct db *db, struct arena *a, const struct scope *sc,
                    int64_t id, struct service_group *out);
/* In the caller's transaction. */
int group_store_insert(struct db *db, const struct service_group *g,
                       int64_t now, int64_t *id);
/* Takes the group's row lock for the rest of the caller's transaction:
 * a session recorded and the group closed or changed at once see each
 * other. Taken after the lock of any client the write concerns. */
int group_store_lock(struct db *db, int64_t id);
/* DB_DONE when the version is not expected. */
int group_store_update(struct db *db, const struct service_group *g,
                       int64_t expected_version, int64_t now);

#endif
