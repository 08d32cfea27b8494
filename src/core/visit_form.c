#include "visit_form.h"

#include <string.h>

#include "../util/utf8.h"

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

static bool fail_on(enum msg_id m, const char *path, const char *zh,
                    const char *en, enum msg_id *msg, const char **field,
                    const char **label_zh, const char **label_en)
{
    *msg = m;
    *field = path;
    *label_zh = zh;
    *label_en = en;
    return false;
}

/* Each hardship once, "other" said what it is; no more members described
 * than live in the household. */
static bool survey_rules(json_t *survey, struct arena *a, enum msg_id *msg,
                         const char **field, const char **zh,
                         const char **en)
{
    json_t *members = json_object_get(survey, "members");
    json_int_t size =
        json_integer_value(json_object_get(survey, "household_size"));
    if ((json_int_t)json_array_size(members) > size) {
        return fail_on(MSG_SURVEY_MEMBERS_OVER, "visit.survey.members",
                       "家庭成员情况", "Members", msg, field, zh, en);
    }
    json_t *hardships = json_object_get(survey, "hardships");
    size_t i;
    json_t *h;
    json_array_foreach(hardships, i, h) {
        const char *kind = json_string_value(json_object_get(h, "kind"));
        const char *note = json_string_value(json_object_get(h, "note"));
        for (size_t j = 0; j < i; j++) {
            json_t *o = json_array_get(hardships, j);
            if (strcmp(kind, json_string_value(json_object_get(o, "kind"))) ==
                0) {
                return fail_on(MSG_LISTED_TWICE,
                               arena_printf(a, "visit.survey.hardships[%zu]"
                                               ".kind", i),
                               "困难类型", "Hardship", msg, field, zh, en);
            }
        }
        if (strcmp(kind, "other") == 0 && (!note || utf8_blank(note))) {
            return fail_on(MSG_REQUIRED,
                           arena_printf(a, "visit.survey.hardships[%zu].note",
                                        i),
                           "困难说明", "Hardship details", msg, field, zh,
                           en);
        }
    }
    return true;
}

bool visit_form_check(json_t *visit, struct arena *a,
                      struct visit_summary *out, enum msg_id *msg,
                      const char **field, const char **label_zh,
                      const char **label_en)
{
    *label_zh = "家计调查";
    *label_en = "survey";
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
    if (!survey_rules(survey, a, msg, field, label_zh, label_en)) {
        return false;
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
