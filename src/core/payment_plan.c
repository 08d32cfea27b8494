#include "payment_plan.h"

#include <string.h>

#include "../util/cn_time.h"
#include "../util/parse.h"

/* The date of the evaluation of a kind that decides an installment on
 * day: the latest on or before it (the one recorded last on the same
 * day), when it passed; else NULL, and *failed when it failed. A
 * re-evaluation that failed undoes an earlier pass, as a re-inspection
 * does for acceptances, and one that passed answers an earlier failure. */
static const struct evaluation *deciding(const struct evaluation *ev,
                                         size_t n, const char *kind,
                                         const char *day)
{
    const struct evaluation *last = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ev[i].kind, kind) != 0 ||
            strcmp(ev[i].evaluated_on, day) > 0) {
            continue;
        }
        int c = last ? strcmp(ev[i].evaluated_on, last->evaluated_on) : 1;
        if (c > 0 || (c == 0 && ev[i].id > last->id)) {
            last = &ev[i];
        }
    }
    return last;
}

static const char *passed_on(const struct evaluation *ev, size_t n,
                             const char *kind, const char *day, bool *failed)
{
    const struct evaluation *last = deciding(ev, n, kind, day);
    *failed = last && !last->passed;
    return last && last->passed ? last->evaluated_on : NULL;
}

int64_t payment_plan_paid_on_evaluation(const struct evaluation *ev,
                                        size_t n, const struct payment *p)
{
    const char *kind = strcmp(p->trigger, "midterm_passed") == 0 ? "midterm"
                       : strcmp(p->trigger, "final_passed") == 0 ? "final"
                                                                  : NULL;
    if (!kind || strcmp(p->status, "paid") != 0 || !p->paid_on ||
        p->override_at) {
        return 0;
    }
    const struct evaluation *last = deciding(ev, n, kind, p->paid_on);
    return last && last->passed ? last->id : 0;
}

const char *payment_plan_acceptance(const struct acceptance *acc, size_t n,
                                    const char *day, const char *since)
{
    const struct acceptance *last = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(acc[i].accepted_on, day) > 0) {
            continue;
        }
        int c = last ? strcmp(acc[i].accepted_on, last->accepted_on) : 1;
        if (c > 0 || (c == 0 && acc[i].id > last->id)) {
            last = &acc[i];
        }
    }
    if (!last || strcmp(last->result, "passed") != 0 ||
        (since && strcmp(last->accepted_on, since) < 0)) {
        return NULL;
    }
    return last->accepted_on;
}

void payment_plan_derive(struct arena *a, const struct money_contract *k,
                         const struct evaluation *ev, size_t n_ev,
                         const struct acceptance *acc, size_t n_acc,
                         const struct calendar *cal, const char *today,
                         const struct payment *ps, size_t n,
                         struct payment_view *out)
{
    for (size_t i = 0; i < n; i++) {
        const struct payment *p = &ps[i];
        struct payment_view *v = &out[i];
        memset(v, 0, sizeof *v);
        v->p = p;
        bool paid = strcmp(p->status, "paid") == 0;
        const char *day = paid && p->paid_on ? p->paid_on : today;
        if (strcmp(p->trigger, "signing") == 0) {
            v->trigger_on = k->signed_on;
        } else if (strcmp(p->trigger, "effective") == 0) {
            v->trigger_on = k->effective_on;
        } else {
            v->trigger_on = passed_on(
                ev, n_ev,
                strcmp(p->trigger, "midterm_passed") == 0 ? "midterm"
                                                          : "final",
                day, &v->failed);
        }
        int y, m, d;
        if (v->trigger_on && parse_date(v->trigger_on, &y, &m, &d)) {
            int64_t due = calendar_add_workdays(
                cal, cn_days_from_civil(y, m, d), (int)p->working_days,
                &v->provisional);
            char buf[11];
            cn_date_format(cn_civil_from_days(due), buf);
            v->due_on = arena_strdup(a, buf);
        }
        if (paid || strcmp(p->status, "withheld") == 0) {
            v->state = p->status;
        } else {
            v->state = v->trigger_on ? "due" : "planned";
        }
        v->terminated_on = strcmp(k->status, "terminated") == 0
                               ? k->status_on
                               : NULL;
        v->after_termination = v->terminated_on && v->trigger_on &&
                               strcmp(v->trigger_on, v->terminated_on) > 0;
        v->blocked = (!v->trigger_on || v->after_termination) &&
                     !*p->override_reason;
        v->overdue = strcmp(v->state, "due") == 0 && v->due_on &&
                     strcmp(today, v->due_on) > 0 &&
                     !(v->after_termination && !*p->override_reason);
        v->accepted_on = payment_plan_acceptance(acc, n_acc, day,
                                                 v->trigger_on);
    }
}

void payment_plan_amounts(int64_t total, const int *percents, size_t n,
                          int64_t *out)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = i + 1 == n ? total - sum : total * percents[i] / 100;
        sum += out[i];
    }
}
