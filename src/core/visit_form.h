/* The home-visit form (入户走访记录) and its 家计调查 section: income by
 * source, assets, necessary expenses and housing, from which the
 * household's monthly income per person is computed the way the 低保
 * and 特困 rules compare it with the local standard:
 *
 *   (yearly income of all members - yearly necessary expenses)
 *     / household size / 12, in fen, never below 0.
 *
 * The survey also records each member's health and work and the
 * household's hardships, each with its degree.
 *
 * The API checks the form's shape with a schema; these are the rules
 * across its fields. */
#ifndef SGZ_VISIT_FORM_H
#define SGZ_VISIT_FORM_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../util/arena.h"
#include "msg.h"

struct visit_summary {
    const char *purpose;
    bool has_survey;
    int64_t per_capita_income; /* fen a month, when has_survey */
};

/* Checks the rules across fields and computes the summary. On failure
 * returns false with *msg, *field (a path inside "visit", in a) and the
 * field's name for the message. */
bool visit_form_check(json_t *visit, struct arena *a,
                      struct visit_summary *out, enum msg_id *msg,
                      const char **field, const char **label_zh,
                      const char **label_en);

#endif
