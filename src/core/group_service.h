/* The rules of groups (小组工作): the station in range and active, a
 * service area of the dictionary, members who are clients in range,
 * workers who are staff of the station (the caller by default), dates in
 * order; a closed group takes no more sessions and needs its closing
 * evaluation. Every write is audited in its transaction. */
#ifndef SGZ_GROUP_SERVICE_H
#define SGZ_GROUP_SERVICE_H
#include <stdint.h>

#include "../store/group_store.h"
#include "client_service.h"

int group_service_create(const struct client_ctx *x, struct service_group *g,
                         int64_t *id, struct client_fail *fail);
/* g is before with the changes merged in (not its status). */
int group_service_update(const struct client_ctx *x,
                         const struct service_group *before,
                         struct service_group *g, int64_t expected_version,
                         struct client_fail *fail);
/* Closes an active group with its evaluation (attainment, text, day). */
int group_service_close(const struct client_ctx *x,
                        const struct service_group *before,
                        const char *attainment, const char *evaluation,
                        const char *closed_on, int64_t expected_version,
                        struct client_fail *fail);

#endif
