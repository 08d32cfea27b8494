/* What the task list (待办) is made of: open cases whose stage has a
 * deadline, follow-ups due after closure, transfers waiting for their
 * receiver (the clients' scheduled visits are kept in
 * visit_due_store.h). Each read is for one worker (their cases) or one
 * station, in scope. */
#ifndef SGZ_TASK_STORE_H
#define SGZ_TASK_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct task_row {
    int64_t case_id, client_id, station_id, worker_id;
    const char *client_name;
    const char *a, *b, *c; /* per read: see each function */
    int64_t created_at;
};

/* Whose: a worker (worker_id > 0) or a station. */
struct task_owner {
    int64_t worker_id, station_id;
};

/* Open cases with nothing pending (so the worker's move): at intake,
 * assessment, planning (a plan returned), intervention or evaluation
 * (closing, or a closure returned): a = stage, b = opened_on, c =
 * assessed_on, or review_on in intervention. */
int task_store_cases(struct db *db, struct arena *a, const struct scope *sc,
                     struct task_owner o, struct task_row **out, size_t *n);
/* Follow-ups not yet done: a = due_on. */
int task_store_followups(struct db *db, struct arena *a,
                         const struct scope *sc, struct task_owner o,
                         struct task_row **out, size_t *n);
/* Cases offered to a user by a transfer: a = the offering worker's name. */
int task_store_transfers(struct db *db, struct arena *a, int64_t user_id,
                         struct task_row **out, size_t *n);
/* Children on the register (active, born after born_after) with a
 * guardian linked to a client who died: a = the guardian's name, b = the
 * day she died (NULL: not recorded). Gone from the list once her
 * guardians are brought up to date. */
int task_store_guardians_died(struct db *db, struct arena *a,
                              const struct scope *sc, struct task_owner o,
                              const char *born_after, struct task_row **out,
                              size_t *n);

#endif
