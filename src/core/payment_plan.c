#include "payment_plan.h"

#include <string.h>

#include "../util/cn_time.h"
#include "../util/parse.h"

/* The first passed evaluation of a kind (*failed: one failed and none
 * passed). */
static const char *passed_on(const struct evaluation *ev, size_t n,
                             const char *kind, bool *failed)
{
    const char *best = NULL;
    bool any_failed = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ev[i].kind, kind) != 0) {
            continue;
        }
        if (!ev[i].passed) {
            any_failed = true;
        } else if (!best || strcmp(ev[i].evaluated_on, best) < 0) {
            best = ev[i].evaluated_on;
        }
    }
    *failed = any_failed && !best;
    return best;
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
        if (strcmp(p->trigger, "signing") == 0) {
            v->trigger_on = k->signed_on;
        } else if (strcmp(p->trigger, "effective") == 0) {
            v->trigger_on = k->effective_on;
        } else {
            v->trigger_on = passed_on(
                ev, n_ev,
                strcmp(p->trigger, "midterm_passed") == 0 ? "midterm"
                                                          : "final",
                &v->failed);
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
        bool paid = strcmp(p->status, "paid") == 0;
        if (paid || strcmp(p->status, "withheld") == 0) {
            v->state = p->status;
        } else {
            v->state = v->trigger_on ? "due" : "planned";
        }
        v->blocked = !v->trigger_on && !*p->override_reason;
        v->overdue = strcmp(v->state, "due") == 0 && v->due_on &&
                     strcmp(today, v->due_on) > 0;
        v->accepted_on = payment_plan_acceptance(
            acc, n_acc, paid && p->paid_on ? p->paid_on : today,
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
