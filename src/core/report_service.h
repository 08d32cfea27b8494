/* The rules of reports (报告, issue 8): who writes each type, for what
 * scope and period; the workflow draft → submitted → returned (with
 * comments) / accepted; figures frozen at submission; every transition
 * audited in its transaction and kept in the report's history. */
#ifndef SGZ_REPORT_SERVICE_H
#define SGZ_REPORT_SERVICE_H
#include <stdbool.h>
#include <stdint.h>

#include "../store/report_store.h"
#include "client_service.h"
#include "permission.h"
#include "profile.h"

struct report_ctx {
    const struct client_ctx *x;
    role_set roles;
    const struct profile *profile; /* NULL: none active */
};

/* r holds type, the scope's id (station_id, region_code or
 * contract_id), period_from/to and the narrative. 0 and *id, or -1. */
int report_service_create(const struct report_ctx *c, struct report *r,
                          int64_t *id, struct client_fail *fail);
/* Whether p's narrative and files may be changed by the caller: a role
 * that writes its type, while a draft or returned. 0, or -1 and *fail. */
int report_service_writable(const struct report_ctx *c,
                            const struct report *p, struct client_fail *fail);
/* r is before with the narrative changed. */
int report_service_update(const struct report_ctx *c,
                          const struct report *before, struct report *r,
                          int64_t expected_version, struct client_fail *fail);
/* Deletes a draft never submitted, made by mistake; the audit row keeps
 * what it was. */
int report_service_delete(const struct report_ctx *c,
                          const struct report *before,
                          int64_t expected_version, struct client_fail *fail);
/* Freezes the figures and keeps them with the narrative in the history. */
int report_service_submit(const struct report_ctx *c,
                          const struct report *before,
                          int64_t expected_version, struct client_fail *fail);
/* accept, or return with comment (required). */
int report_service_review(const struct report_ctx *c,
                          const struct report *before, bool accept,
                          const char *comment, int64_t expected_version,
                          struct client_fail *fail);

/* The role code that reviews a report of type t under profile p. */
const char *report_service_reviewer(const struct profile *p, int t);

#endif
