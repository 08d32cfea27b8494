/* The rules of the money and payment records, shared by the API and the
 * demo: every write checks its input against the records in the
 * caller's range, runs in one transaction and leaves an audit row; a
 * refusal fills a struct client_fail. */
#ifndef SGZ_MONEY_SERVICE_H
#define SGZ_MONEY_SERVICE_H
#include <stdint.h>

#include "../store/money_store.h"
#include "client_service.h"
#include "profile_money.h"

/* Budget lines: a known source, amounts ≥ 0; before is NULL to create. */
int money_service_save_line(const struct client_ctx *x,
                            const struct budget_line *before,
                            struct budget_line *b, int64_t expected_version,
                            int64_t *id, struct client_fail *fail);
/* An allocation of a line in range to a contract or a station in range;
 * refused (409 over_budget) when the line's allocations would exceed
 * it, and (409 over_contract) when the contract's would exceed its
 * amount. */
int money_service_allocate(const struct client_ctx *x, struct allocation *al,
                           int64_t *id, struct client_fail *fail);
/* Removes an allocation typed wrong (the line's county in range, the
 * contract's too when it went to one); the audit row keeps every field
 * of it. */
int money_service_delete_allocation(const struct client_ctx *x, int64_t id,
                                    struct client_fail *fail);
/* Removes an expenditure entered twice, at the version read; refused
 * (409) while it has vouchers. The audit row keeps every field. */
int money_service_delete_expenditure(const struct client_ctx *x,
                                     const struct expenditure *e,
                                     int64_t own_org,
                                     int64_t expected_version,
                                     struct client_fail *fail);
/* Whether e (read in range) may be changed, its vouchers added: 0, or
 * -1 and *fail (the rules of money_service_save_expenditure). */
int money_service_expenditure_writable(const struct client_ctx *x,
                                       const struct expenditure *e,
                                       int64_t own_org,
                                       struct client_fail *fail);
/* An expenditure of a contract in range (of own_org's when own_org > 0),
 * at one of its stations when a station is named. */
int money_service_save_expenditure(const struct client_ctx *x,
                                   const struct expenditure *before,
                                   struct expenditure *e, int64_t own_org,
                                   int64_t expected_version, int64_t *id,
                                   struct client_fail *fail);
/* Voids an evaluation recorded by mistake, with the reason (audited); a
 * passed one whose installment was paid stays. */
int money_service_void_evaluation(const struct client_ctx *x, int64_t id,
                                  const char *reason,
                                  struct client_fail *fail);
int money_service_add_evaluation(const struct client_ctx *x,
                                 struct evaluation *v, int64_t *id,
                                 struct client_fail *fail);
int money_service_add_acceptance(const struct client_ctx *x,
                                 struct acceptance *ac, int64_t *id,
                                 struct client_fail *fail);

/* Creates a contract's installments from steps (the profile's or the
 * request's), after checking them: 409 when it has some already. */
int money_service_generate(const struct client_ctx *x, int64_t contract_id,
                           const struct payment_step *steps, size_t n,
                           struct client_fail *fail);

enum payment_action { PAY, WITHHOLD, OVERRIDE };
/* Pays (day), withholds (reason) or overrides the block of (reason) an
 * installment of a contract in range. Paying is refused while it is
 * withheld, blocked and not overridden, before its trigger, or before the
 * passed acceptance it needs. An override of a withheld installment
 * lifts the hold (the hold's reason stays on the row). */
int money_service_payment(const struct client_ctx *x, int64_t id,
                          enum payment_action act, const char *day,
                          const char *reason, int64_t expected_version,
                          struct client_fail *fail);
/* The installment's contract id, when the installment exists (any
 * range; the caller then reads the contract in its range). */
int money_service_payment_contract(const struct client_ctx *x, int64_t id,
                                   int64_t *contract_id);

struct payment_view;
/* Whether an installment was paid after its due date, and by how many
 * days (*days_late): the rule payment.order_deadlines records it, the
 * schedule's sheet and screen mark it, and all three must agree. As an
 * unpaid one is overdue: a trigger after the contract's termination sets
 * no due date until the bureau's 特批 earns it one. */
bool money_service_paid_late(const struct payment_view *v,
                             int64_t *days_late);

#endif
