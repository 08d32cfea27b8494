/* The rules of households: the station in the caller's range and
 * active, exactly one head, registered members of the same station and
 * in no other household unless the write moves her in (a member's
 * "move": her old household loses her, or is deleted when she was all
 * of it; its head moves only alone); every write audited in its
 * transaction. */
#ifndef SGZ_HOUSEHOLD_SERVICE_H
#define SGZ_HOUSEHOLD_SERVICE_H
#include <stdint.h>

#include "../store/household_store.h"
#include "../util/jsonw.h"
#include "client_service.h"

/* 0 and *id, or -1 and *fail (client_fail's fields mean the same). */
int household_service_create(const struct client_ctx *x, struct household *h,
                             int64_t *id, struct client_fail *fail);
int household_service_update(const struct client_ctx *x,
                             const struct household *before,
                             struct household *h, int64_t expected_version,
                             struct client_fail *fail);

/* The "before", "after" and "changed_text" members of a household's
 * audit detail, in the object open in w, as a client's (before NULL for
 * a new household: "after" only). */
void household_service_write_change(struct jsonw *w,
                                    const struct household *before,
                                    const struct household *after);

/* A merge of client from into client into, in its transaction with both
 * locked, before anything moves: two records in different households of
 * their station are refused (409); otherwise *before is the household
 * the merge changes as it stands (id 0: none). 0, or -1 with *fail. */
int household_service_merge_check(const struct client_ctx *x,
                                  const struct client *from,
                                  const struct client *into,
                                  struct household *before,
                                  struct client_fail *fail);
/* After the merge's store steps: that household's version bumped and a
 * household.update row, its before and after. DB_OK or the error. */
int household_service_merge_done(const struct client_ctx *x,
                                 const struct household *before,
                                 int64_t from, int64_t into);

#endif
