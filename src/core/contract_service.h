/* The rules of contracts (服务协议): a code held by one contract; an
 * organisation that is registered, active and not debarred; a county the
 * contract is bought in; the year within the cycle; the dates in order
 * (signed ≤ effective, start < end); stations in the caller's range,
 * active, in the county, each listed once, their shares within the
 * amount. Every write is audited in its transaction. */
#ifndef SGZ_CONTRACT_SERVICE_H
#define SGZ_CONTRACT_SERVICE_H
#include <stdint.h>

#include "../store/contract_store.h"
#include "client_service.h"

/* before NULL: a new contract (*id set). c->purchaser NULL or "" is
 * filled from default_purchaser. */
int contract_service_save(const struct client_ctx *x,
                          const struct contract *before, struct contract *c,
                          const char *default_purchaser,
                          int64_t expected_version, int64_t *id,
                          struct client_fail *fail);

/* Writes an audit row for a contract's record (entity "contract") inside
 * the caller's transaction: detail is JSON text. */
int contract_service_audit(const struct client_ctx *x, const char *action,
                           int64_t contract_id, const char *detail);

#endif
