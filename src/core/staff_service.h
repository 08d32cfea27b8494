/* The rules of staff (社工) writes: every field checked with a message
 * naming it; the employer is an organisation, or — only for the roles the
 * profile lets a township employ (原州区's 驻站社工) — a township; one
 * station at a time (专职专岗: an overlapping assignment is refused,
 * naming the station she is at); and the worker's assignment is what her
 * user account's data range follows (only an account of frontline roles
 * may be linked), set in the same transaction. Every write is audited. */
#ifndef SGZ_STAFF_SERVICE_H
#define SGZ_STAFF_SERVICE_H
#include <stdint.h>

#include "../store/staff_store.h"
#include "client_service.h"
#include "profile.h"

/* before NULL: a new worker (*id set). s holds the merged fields, the
 * phone in clear: it is sealed with x->key before it is stored. */
int staff_service_save(const struct client_ctx *x, const struct profile *p,
                       const struct staff *before, struct staff *s,
                       int64_t expected_version, int64_t *id,
                       struct client_fail *fail);
/* A stored phone in clear: opened with key, or as it is when it was
 * kept in clear (before phones were sealed). */
const char *staff_phone_open(const unsigned char *key, struct arena *a,
                             const char *stored);
/* Assigns s to a station of the caller's range from from (to NULL:
 * open-ended). */
int staff_service_assign(const struct client_ctx *x, const struct staff *s,
                         int64_t station_id, const char *from,
                         const char *to, int64_t *id,
                         struct client_fail *fail);
/* Ends one of s's assignments on to; expected_version is the worker's
 * (409 when not hers now), and is bumped. */
int staff_service_end_assignment(const struct client_ctx *x,
                                 const struct staff *s, int64_t assignment_id,
                                 const char *to, int64_t expected_version,
                                 struct client_fail *fail);
/* Makes a linked user's data range the worker's station today (none:
 * an empty station list); nothing for a user linked to no worker, whose
 * range is already so, or who holds a role other than the frontline
 * ones or a range other than stations or self. A change is audited
 * (user.update, before and after, by who). In the caller's transaction.
 * Also run at login, so that an assignment starting or ending on a later
 * day takes effect at the next login. */
int staff_service_sync_range(struct db *db, struct arena *a,
                             const struct actor *who, int64_t user_id,
                             const char *today);

int staff_service_add_training(const struct client_ctx *x,
                               struct staff_training *t, int64_t *id,
                               struct client_fail *fail);
/* The supervisor (an employed supervisor), station and attendees must be
 * in the reader's range. */
int staff_service_add_supervision(const struct client_ctx *x,
                                  const struct staff_reader *rd,
                                  struct supervision *v, int64_t *id,
                                  struct client_fail *fail);
/* A training corrected (t->id, t->staff_id and the new fields), with
 * the version read; audited with before and after. The same fields as
 * stored: 0, nothing written (version and audit log as they were). */
int staff_service_update_training(const struct client_ctx *x,
                                  struct staff_training *t,
                                  int64_t expected_version,
                                  struct client_fail *fail);
/* A training entered by mistake removed: by its author only, within
 * edit_days (service.edit_days) of its entry (403 else); audited with
 * every field. */
int staff_service_delete_training(const struct client_ctx *x,
                                  int64_t staff_id, int64_t id,
                                  int64_t expected_version,
                                  int64_t edit_days,
                                  struct client_fail *fail);
/* A session corrected (v->id and the new fields): it must be in the
 * reader's range (404), the fields as on entry; checked under the
 * session's row lock, audited with before and after. The same fields as
 * stored (attendees in any order): 0, nothing written. */
int staff_service_update_supervision(const struct client_ctx *x,
                                     const struct staff_reader *rd,
                                     struct supervision *v,
                                     int64_t expected_version,
                                     struct client_fail *fail);
/* A session entered by mistake removed: in the reader's range, by its
 * author only, within edit_days of its entry (403 else); audited with
 * every field. */
int staff_service_delete_supervision(const struct client_ctx *x,
                                     const struct staff_reader *rd,
                                     int64_t id, int64_t expected_version,
                                     int64_t edit_days,
                                     struct client_fail *fail);
int staff_service_add_min_wage(const struct client_ctx *x,
                               struct min_wage *m, int64_t *id,
                               struct client_fail *fail);

#endif
