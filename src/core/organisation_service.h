/* The rules of organisations (承接机构): a valid 统一社会信用代码 and a
 * name, each held by one organisation; the division it is registered in;
 * dates not in the future; a reason for any status other than active.
 * Every write is audited in its transaction. */
#ifndef SGZ_ORGANISATION_SERVICE_H
#define SGZ_ORGANISATION_SERVICE_H
#include <stdint.h>

#include "../store/organisation_store.h"
#include "client_service.h"

/* before NULL: a new organisation (*id set). */
int organisation_service_save(const struct client_ctx *x,
                              const struct organisation *before,
                              struct organisation *o,
                              int64_t expected_version, int64_t *id,
                              struct client_fail *fail);

#endif
