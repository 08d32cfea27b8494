/* The home-visit form (入户走访记录) and its 家计调查 section: income by
 * source, assets, necessary expenses and housing, from which the
 * household's monthly income per person is computed the way the 低保
 * and 特困 rules compare it with the local standard:
 *
 *   (yearly income of all members - yearly necessary expenses)
 *     / household size / 12, in fen, never below 0.
 *
 * The API checks the form's shape with a schema; these are the rules
 * across its fields. */
#ifndef SGZ_VISIT_FORM_H
#define SGZ_VISIT_FORM_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "msg.h"

struct visit_summary {
    const char *purpose;
    bool has_survey;
    int64_t per_capita_income; /* fen a month, when has_survey */
};

/* Checks the rules across fields and computes the summary. On failure
 * returns false with *msg and *field (a path inside "visit"). */
bool visit_form_check(json_t *visit, struct visit_summary *out,
                      enum msg_id *msg, const char **field);

#endif
