/* A contract's installments as they stand: the date each one's trigger
 * happened (signing, taking effect, or the mid-term or final evaluation
 * that decides it: the latest of its kind on or before the day paid, or
 * today, when that one passed), its due date in working days from it (暂定 when the
 * calendar year is not loaded), whether it is blocked (its evaluation
 * failed or has not passed), overdue, and covered by a passed
 * performance acceptance. Derived when read, never stored, so a trigger
 * date that becomes known moves the due date at once. */
#ifndef SGZ_PAYMENT_PLAN_H
#define SGZ_PAYMENT_PLAN_H
#include <stdbool.h>
#include <stddef.h>

#include "../store/money_store.h"
#include "calendar.h"

struct payment_view {
    const struct payment *p;
    const char *trigger_on;  /* NULL: not yet happened */
    const char *due_on;      /* NULL with trigger_on */
    bool provisional;        /* due_on counted without the year's holidays */
    const char *state;       /* paid, withheld, due or planned */
    bool failed;             /* the evaluation that decides it failed */
    bool blocked;            /* not payable without an override */
    bool overdue;            /* due, unpaid, past due_on */
    const char *accepted_on; /* the passed acceptance that covers it */
    /* The contract was terminated (on terminated_on) before the trigger
     * came: the schedule never earned it, so it waits for 特批 as a
     * failed evaluation does, and is not overdue meanwhile. */
    const char *terminated_on;
    bool after_termination;
};

/* Fills out[i] for each of the n payments, judged on the day each was
 * paid, or on today (the day an installment about to be paid is paid
 * on). Strings live in a. */
void payment_plan_derive(struct arena *a, const struct money_contract *k,
                         const struct evaluation *ev, size_t n_ev,
                         const struct acceptance *acc, size_t n_acc,
                         const struct calendar *cal, const char *today,
                         const struct payment *ps, size_t n,
                         struct payment_view *out);

/* The amounts of a schedule: percent of total, the last taking the
 * remainder so that they sum to total exactly. */
void payment_plan_amounts(int64_t total, const int *percents, size_t n,
                          int64_t *out);

/* The date of the latest acceptance on or before day (the one recorded
 * last on the same day) when it passed and is not before since (the
 * installment's trigger, or NULL); else NULL: a later failed acceptance
 * undoes an earlier pass, and one made before the final evaluation does
 * not accept its installment. */
const char *payment_plan_acceptance(const struct acceptance *acc, size_t n,
                                    const char *day, const char *since);

/* The evaluation installment p was paid on: the passed one of its
 * trigger's kind that decided it on the day paid; 0 when it is unpaid,
 * paid on an override (特批), or triggered by no evaluation. */
int64_t payment_plan_paid_on_evaluation(const struct evaluation *ev,
                                        size_t n, const struct payment *p);

#endif
