#include "profile_reports.h"

#include <stdio.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/strbuf.h"

static const char *const receivers[] = {"township_officer", "bureau", NULL};

static bool is_month_day(const char *s)
{
    int m, d;
    char tail;
    return strlen(s) == 5 && sscanf(s, "%2d-%2d%c", &m, &d, &tail) == 2 &&
           s[2] == '-' && m >= 1 && m <= 12 && d >= 1 &&
           d <= (m == 2 ? 28 : (m == 4 || m == 6 || m == 9 || m == 11) ? 30
                                                                        : 31);
}

static const struct schema rule_fields[] = {
    {.name = "due_day", .type = S_INT, .min = 1, .max = 28},
    {.name = "due_month_day", .type = S_STRING, .max = 5,
     .check = is_month_day, .check_msg = MSG_BAD_ENUM},
    {.name = "receiver", .type = S_ENUM, .enums = receivers},
    {.name = "addressee", .type = S_STRING, .min = 1, .max = 100},
    {.name = "label", .type = S_STRING, .min = 1, .max = 30},
    {.name = "label_en", .type = S_STRING, .min = 1, .max = 60},
    {.name = "clause", .type = S_STRING, .required = true, .min = 1,
     .max = 500},
    {0},
};

#define RULE(code) {.name = code, .type = S_OBJECT, .fields = rule_fields}
const struct schema profile_reports_fields[] = {
    RULE("monthly_brief"),
    RULE("quarterly"),
    RULE("half_year"),
    RULE("midterm"),
    RULE("final"),
    RULE("fund_use"),
    RULE("self_evaluation"),
    RULE("org_monthly_brief"),
    {.name = "upcoming_days", .type = S_INT, .min = 1, .max = 60},
    {0},
};

void profile_reports_check(json_t *root, struct strbuf *err)
{
    json_t *r = json_object_get(root, "reports");
    for (int t = 0; r && t < REPORT_TYPE_COUNT; t++) {
        json_t *o = json_object_get(r, report_types[t].code);
        if (o && json_object_get(o, "due_day") &&
            json_object_get(o, "due_month_day")) {
            if (err->len) {
                strbuf_addc(err, '\n');
            }
            strbuf_printf(err, "reports.%s: due_day or due_month_day, not "
                               "both", report_types[t].code);
        }
    }
}

static const char *text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

void profile_reports_read(json_t *root, struct profile_reports *r)
{
    memset(r, 0, sizeof *r);
    json_t *o = json_object_get(root, "reports");
    r->present = o != NULL;
    json_t *u = json_object_get(o, "upcoming_days");
    r->upcoming_days = u ? (int)json_integer_value(u)
                         : PROFILE_REPORT_UPCOMING_DAYS;
    for (int t = 0; o && t < REPORT_TYPE_COUNT; t++) {
        json_t *x = json_object_get(o, report_types[t].code);
        struct report_rule *k = &r->types[t];
        k->set = x != NULL;
        k->due_day = (int)json_integer_value(json_object_get(x, "due_day"));
        k->due_month_day = text(x, "due_month_day");
        k->receiver = *text(x, "receiver") ? text(x, "receiver") : "bureau";
        k->addressee = text(x, "addressee");
        k->label = text(x, "label");
        k->label_en = text(x, "label_en");
        k->clause = text(x, "clause");
    }
}

bool report_due_on(const struct report_rule *rule, int to, char *out)
{
    if (!rule || !rule->set) {
        return false;
    }
    if (rule->due_day > 0) {
        unsigned next = (unsigned)to + 1;
        snprintf(out, 11, "%04u-%02u-%02u", next / 12 % 10000,
                 next % 12 + 1, (unsigned)rule->due_day % 100);
        return true;
    }
    if (rule->due_month_day && *rule->due_month_day) {
        snprintf(out, 11, "%04u-%.5s", (unsigned)to / 12 % 10000,
                 rule->due_month_day);
        return true;
    }
    return false;
}

bool report_before_live(int to, int64_t live)
{
    if (!live) {
        return false;
    }
    struct cn_date d = cn_civil_from_days(live);
    return to < d.year * 12 + d.month - 1;
}

const char *report_type_label(const struct profile_reports *r, int t,
                              bool en)
{
    if (t < 0 || t >= REPORT_TYPE_COUNT) {
        return "";
    }
    const struct report_rule *k = r && r->present ? &r->types[t] : NULL;
    const char *own = !k ? "" : en ? k->label_en : k->label;
    if (own && *own) {
        return own;
    }
    return en ? report_types[t].label_en : report_types[t].label;
}
