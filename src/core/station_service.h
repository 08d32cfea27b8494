/* The rules for creating and changing stations, shared by the API and
 * the command line: the type must be one of the active profile's, the
 * division must exist and be of the type's level, the name defaults to
 * the type's signage pattern, the facilities checklist only holds the
 * profile's items, and every write is audited in its own transaction. */
#ifndef SGZ_STATION_SERVICE_H
#define SGZ_STATION_SERVICE_H
#include <stdbool.h>
#include <stdint.h>

#include "../db/db.h"
#include "../store/scope.h"
#include "../store/station_store.h"
#include "../util/arena.h"
#include "actor.h"
#include "msg.h"
#include "profile.h"

struct station_fail {
    int status;          /* HTTP status: 400, 404, 409, 503 or 500 */
    enum msg_id msg;
    const char *field;   /* JSON path of the bad member, or NULL */
    const char *label_zh, *label_en;
    int db_rc;           /* for 503/500 */
};


/* s holds the input (type, region_code, name may be NULL, address,
 * phone, opened_on, facilities). On success *id is the new station's. */
int station_service_create(struct db *db, struct arena *a,
                           const struct profile *p, const struct actor *who,
                           struct station *s, int64_t *id,
                           struct station_fail *fail);

/* Applies changes already merged into s (read from the store, then
 * edited) if the stored version is still expected_version. reason (may be
 * NULL) is kept in the audit row, e.g. why a station was deactivated. */
int station_service_update(struct db *db, struct arena *a,
                           const struct profile *p, const struct actor *who,
                           const struct station *before, struct station *s,
                           int64_t expected_version, const char *reason,
                           struct station_fail *fail);

/* The name a station of type t in region_code carries by the profile's
 * signage pattern (统一标识), e.g. 攸县酒埠江镇社会工作服务站. */
int station_signage_name(struct db *db, struct arena *a,
                         const struct station_type *t,
                         const char *region_code, const char **name);
/* Facilities summary against the active profile's checklist. */
struct station_standards {
    int total, met, required, required_met;
    bool all_required_met;
};
struct station_standards station_standards(const struct profile *p,
                                           const struct station *s);
/* Whether item code of the checklist is met for s, and its note. */
bool station_facility_met(const struct station *s, const char *code,
                          const char **note);

#endif
