/* The task list (待办与提醒): every due date the records imply, for one
 * worker or one station —
 *   case_assessment  a case at intake: opened + casework.assessment_days
 *   case_plan        assessed, no plan yet: assessed + casework.plan_days
 *   plan_review      in intervention: the plan's review date
 *   case_followup    a closed case's follow-up visit
 *   transfer         a case offered to the user: due the day it was
 *   client_visit     a client of a category the profile schedules
 *                    (visit_schedules): the last home visit + every_days,
 *                    or registration + every_days when never visited.
 *   guardian_died    a child (under 18) whose guardian on the register
 *                    died: due that day, until her guardians change.
 * Sorted by due date, then kind, then client. The case deadlines are
 * read from the cases; the visits from each client's kept next visit
 * (store/visit_due_store.h), which the writes keep current: the list is
 * what the records say today. */
#ifndef SGZ_TASK_LIST_H
#define SGZ_TASK_LIST_H
#include <stddef.h>
#include <stdint.h>

#include "../store/task_store.h"
#include "profile.h"

struct task {
    const char *kind;
    const char *due_on; /* YYYY-MM-DD */
    int64_t case_id;    /* 0 for client_visit */
    int64_t client_id, station_id, worker_id;
    const char *client_name;
    const char *detail; /* client_visit: the category; transfer: from whom */
};

enum task_window { TASK_ALL, TASK_OVERDUE, TASK_WEEK };

struct task_query {
    struct task_owner owner;
    int64_t user_id;       /* whose offered transfers to include (0: none) */
    const char *today;     /* YYYY-MM-DD, Beijing */
    const char *week_end;  /* today + 7 */
    enum task_window window; /* overdue: before today; week: today to
                                week_end */
    int64_t page;          /* from 1 */
    int limit;
};

struct task_counts {
    int64_t overdue, week, all; /* over every task */
    int64_t shown;              /* in the window */
};

/* The window's tasks on page q->page (at most q->limit, in order) and the
 * counts. In a's memory. */
int task_list_build(struct db *db, struct arena *a, const struct scope *sc,
                    const struct profile *p, const struct task_query *q,
                    struct task **out, size_t *n, struct task_counts *c);

/* The same over several stations (a supervisor's county): each
 * station's list read as task_list_build reads it, its first page * limit
 * tasks of the window kept (at most depth: a page past the first depth
 * tasks of the merge is empty), the counts added up, and the page taken
 * from them merged in order. q->owner is not read. */
int task_list_build_stations(struct db *db, struct arena *a,
                             const struct scope *sc, const struct profile *p,
                             const struct task_query *q,
                             const int64_t *stations, size_t n_stations,
                             int64_t depth, struct task **out, size_t *n,
                             struct task_counts *c);

#endif
