#include "crisis_form.h"

#include <string.h>

#include "../util/utf8.h"

static bool blank(json_t *o, const char *member)
{
    const char *s = json_string_value(json_object_get(o, member));
    return !s || utf8_blank(s);
}

static bool lists(json_t *arr, const char *code)
{
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) {
        const char *s = json_string_value(e);
        if (s && strcmp(s, code) == 0) {
            return true;
        }
    }
    return false;
}

bool crisis_form_check(json_t *crisis, enum msg_id *msg, const char **field,
                       const char **label_zh, const char **label_en)
{
    /* A crisis not resolved is not over: the record says what comes
     * next, so that the next worker on call knows. */
    const char *result = json_string_value(json_object_get(crisis, "result"));
    if (result && strcmp(result, "resolved") != 0 &&
        blank(crisis, "follow_up")) {
        *msg = MSG_CRISIS_FOLLOW_UP;
        *field = "crisis.follow_up";
        *label_zh = "后续跟进安排";
        *label_en = "follow_up";
        return false;
    }
    if (lists(json_object_get(crisis, "notified"), "other") &&
        blank(crisis, "notified_other")) {
        *msg = MSG_CRISIS_PARTNER_OTHER;
        *field = "crisis.notified_other";
        *label_zh = "其他联动单位";
        *label_en = "notified_other";
        return false;
    }
    return true;
}
