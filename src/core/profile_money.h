/* The money and payment keys of a policy profile (issue 7): how much of
 * the purchase money may (or must) come from the social-assistance funds
 * and against what base, the personnel share of the project money, and
 * the payment schedule. Each is optional: a plan that says nothing has
 * no key, and the rule that needs it is off. */
#ifndef SGZ_PROFILE_MONEY_H
#define SGZ_PROFILE_MONEY_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"
#include "schema.h"

/* funding.social_assistance: drawn ≤ percent % of base (cap) or
 * drawn ≥ percent % of base (floor), boundaries inclusive. */
struct assistance_share {
    bool set;
    bool floor;              /* mode "floor"; else a cap */
    int percent;
    bool previous_year;      /* base_year "previous" */
    bool spent;              /* base_measure "spent"; else the budget */
    const char **base_sources; /* fund source codes; a parent covers its
                                  parts */
    size_t n_base;
    const char **drawn_sources; /* whose allocations count; none: all */
    size_t n_drawn;
    const char *clause;      /* the plan's words */
};

/* funding.personnel_share: personnel ≥ percent % of the expenditures of
 * the contracts covering stations of station_type, pooled per year. */
struct personnel_share {
    bool set;
    int percent;
    const char *station_type;
    const char *clause;
};

/* payments.schedule[]: in the order paid. */
struct payment_step {
    int percent;
    const char *trigger;     /* a payment_trigger code */
    int working_days;
    bool needs_acceptance;
};

struct profile_money {
    struct assistance_share assistance;
    struct personnel_share personnel;
    struct payment_step *schedule; /* NULL when the plan sets none */
    size_t n_schedule;
    const char *schedule_clause;
};

extern const struct schema profile_funding_fields[];
extern const struct schema profile_payments_fields[];
/* One installment of a schedule (for request bodies too). */
extern const struct schema payment_step_schema[];

/* Rules across keys: a schedule's percentages sum to 100 and its
 * triggers are in order. Adds lines to err ("payments.schedule: …"). */
void profile_money_check(json_t *root, struct strbuf *err);
/* Reads the validated keys; strings point into root. */
void profile_money_read(json_t *root, struct profile_money *m);
void profile_money_free(struct profile_money *m);

/* The order of a trigger code (signing 0 … final_passed 3), -1 when it
 * is not one. */
int payment_trigger_rank(const char *code);
enum schedule_fault { SCHEDULE_OK, SCHEDULE_SUM, SCHEDULE_ORDER };
/* Checks a schedule given as JSON, already of the step schema (the
 * profile's, or one sent with a request): the percentages sum to 100
 * (*sum), the triggers never go back (*step: the first out of order). */
enum schedule_fault payment_schedule_check(json_t *steps, int *sum,
                                           size_t *step);

#endif
