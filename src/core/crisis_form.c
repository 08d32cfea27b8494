#include "crisis_form.h"

#include <string.h>

#include "../util/utf8.h"
#include "../util/xalloc.h"

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

/* A text member with its blank ends left out, as the record's own
 * fields are kept. */
static void trim_member(json_t *o, const char *member)
{
    const char *s = json_string_value(json_object_get(o, member));
    if (!s) {
        return;
    }
    size_t n;
    const char *t = utf8_trim(s, &n);
    if (t != s || n != strlen(s)) {
        json_object_set_new(o, member, json_stringn(t, n));
    }
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

bool crisis_form_check(json_t *crisis, enum msg_id *msg, const char **field,
                       const char **label_zh, const char **label_en)
{
    trim_member(crisis, "measures");
    trim_member(crisis, "follow_up");
    trim_member(crisis, "notified_other");
    /* The other partner's name goes with "other": kept without it, it
     * would be stored and logged but shown nowhere. */
    if (!lists(json_object_get(crisis, "notified"), "other")) {
        json_object_del(crisis, "notified_other");
    }
    if (blank(crisis, "measures")) {
        return fail_on(MSG_REQUIRED, "crisis.measures", "处置措施",
                       "Measures taken", msg, field, label_zh, label_en);
    }
    /* A crisis not resolved is not over: the record says what comes
     * next, so that the next worker on call knows. */
    const char *result = json_string_value(json_object_get(crisis, "result"));
    if (result && strcmp(result, "resolved") != 0 &&
        blank(crisis, "follow_up")) {
        return fail_on(MSG_CRISIS_FOLLOW_UP, "crisis.follow_up",
                       "后续跟进安排", "Follow-up", msg, field, label_zh,
                       label_en);
    }
    if (lists(json_object_get(crisis, "notified"), "other") &&
        blank(crisis, "notified_other")) {
        return fail_on(MSG_CRISIS_PARTNER_OTHER, "crisis.notified_other",
                       "其他联动单位", "Other partner", msg, field, label_zh,
                       label_en);
    }
    return true;
}

char *crisis_form_result_alloc(const char *text)
{
    json_t *form = json_loads(text ? text : "", 0, NULL);
    const char *result = json_string_value(json_object_get(form, "result"));
    char *out = xstrdup(result ? result : "");
    json_decref(form);
    return out;
}
