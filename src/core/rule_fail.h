/* How a rule module says why it refused (struct client_fail, shared by
 * the client, household, service, case, group, plan and attachment
 * rules): the HTTP status, the catalogue message, the field at fault and
 * its label. Both return -1, so that a check can `return rule_fail(…)`. */
#ifndef SGZ_RULE_FAIL_H
#define SGZ_RULE_FAIL_H
#include "client_service.h"

int rule_fail(struct client_fail *f, int status, enum msg_id msg,
              const char *field, const char *label_zh, const char *label_en);
/* 503 when the database was busy, else 500, keeping its result code. */
int rule_fail_db(struct client_fail *f, int rc);
/* Ends a write transaction of the caller's: when rc is DB_OK, appends
 * the audit row (action on entity id; detail JSON or NULL) and commits;
 * otherwise, or when either fails, rolls back. 0, or -1 with *f. */
int rule_commit_audited(const struct client_ctx *x, int rc,
                        const char *action, const char *entity, int64_t id,
                        const char *detail, struct client_fail *f);
/* A record entered by mistake (a service record, a supervision session,
 * a training) is removed only by its author (created_by, never 0 for one
 * entered before authors were kept), within edit_days of entering it;
 * later it is corrected. The lists' `removable` asks the same. */
bool rule_author_may_remove(int64_t created_by, int64_t created_at,
                            int64_t user_id, int64_t edit_days);

#endif
