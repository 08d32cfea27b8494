/* The rules of service records (服务记录): the station in the caller's
 * range and active; a service area of the dictionary; a start before an
 * end, neither in the future, at most a day apart; the workers staff of
 * the station (the caller by default, and always the caller on range
 * "self"); the clients in the caller's range; the fields each type needs
 * and no others; the home-visit form for visits. A record can be changed
 * freely for service.edit_days days after it was entered; later only
 * with a stated reason (更正理由). Every change keeps what the record said
 * before (痕迹管理) and writes an audit row in its transaction. */
#ifndef SGZ_SERVICE_RECORD_H
#define SGZ_SERVICE_RECORD_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../store/service_store.h"
#include "client_service.h"

/* The forms of a record's body (schema-checked JSON), each NULL when
 * absent: the home-visit form and the crisis form. */
struct service_forms {
    json_t *visit, *crisis;
};

int service_record_create(const struct client_ctx *x, struct service *v,
                          const struct service_forms *forms, int64_t *id,
                          struct client_fail *fail);
/* Removes a record entered by mistake: its author, within edit_days of
 * entering it (403 otherwise); 409 while it has attachments or when the
 * version is stale. Audited with every field. */
int service_record_delete(const struct client_ctx *x,
                          const struct service *before,
                          int64_t expected_version, int64_t edit_days,
                          struct client_fail *fail);
/* v is before with the changes merged in; a form NULL keeps the form
 * (when the type still takes one). */
int service_record_update(const struct client_ctx *x,
                          const struct service *before, struct service *v,
                          const struct service_forms *forms,
                          const char *reason,
                          int64_t expected_version, int64_t edit_days,
                          struct client_fail *fail);
/* Up to max other records of v's workers (in the caller's range) whose
 * time overlaps v's, each listed once, earliest first within a worker.
 * Told, not refused: a case note written during a visit, or a group
 * session inside an activity, overlap rightly, and a visit sent from a
 * phone's queue must not be lost. */
int service_record_overlaps(const struct client_ctx *x,
                            const struct service *v, size_t max,
                            struct service_overlap **out, size_t *n);
/* How many leading digits of a station's division code a client's
 * station must share for the station's records to serve her: 9, its
 * township (a village's community room and the township's station serve
 * the same people), or 6 for a county guidance centre or another
 * station of a county's code (its county). */
struct station;
size_t service_record_reach(const struct station *s);

/* The record's own fields as JSON (ids, no names): revisions and audit. */
const char *service_record_snapshot(struct arena *a, const struct service *v);

#endif
