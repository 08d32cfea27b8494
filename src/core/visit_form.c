#include "visit_form.h"

#include <string.h>

static int64_t sum_member(json_t *arr, const char *member)
{
    int64_t total = 0;
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        total += json_integer_value(json_object_get(o, member));
    }
    return total;
}

bool visit_form_check(json_t *visit, struct visit_summary *out,
                      enum msg_id *msg, const char **field)
{
    memset(out, 0, sizeof *out);
    out->purpose = json_string_value(json_object_get(visit, "purpose"));
    json_t *survey = json_object_get(visit, "survey");
    bool check = out->purpose && (strcmp(out->purpose, "dibao_check") == 0 ||
                                  strcmp(out->purpose, "tekun_check") == 0);
    if (check && (!survey || json_is_null(survey))) {
        /* An assistance check is the household survey. */
        *msg = MSG_REQUIRED_FOR_TYPE;
        *field = "visit.survey";
        return false;
    }
    if (!survey || json_is_null(survey)) {
        return true;
    }
    int64_t size = json_integer_value(json_object_get(survey, "household_size"));
    /* Amounts are bounded by the schema (≤ 10^10 fen each, ≤ 50 rows),
     * so the sums cannot overflow. */
    int64_t income = sum_member(json_object_get(survey, "incomes"), "yearly");
    int64_t expense =
        sum_member(json_object_get(survey, "expenses"), "yearly");
    int64_t net = income - expense;
    out->has_survey = true;
    out->per_capita_income = net > 0 ? net / size / 12 : 0;
    return true;
}
