/* The report keys of a policy profile (`reports`, issue 8): for each
 * kind of report the plan asks for, when it is due — a day of the month
 * after its period (due_day), or a fixed day of the period's year
 * (due_month_day, "11-30" for the self-evaluation) — who receives it,
 * and the plan's words. A kind the plan does not name has no deadline;
 * a profile without the key has the deadline rules off. */
#ifndef SGZ_PROFILE_REPORTS_H
#define SGZ_PROFILE_REPORTS_H
#include <jansson.h>
#include <stdbool.h>

#include "report_types.h"
#include "../util/strbuf.h"
#include "schema.h"

struct report_rule {
    bool set;
    int due_day;               /* 1–28 of the month after the period; 0 */
    const char *due_month_day; /* "MM-DD" of the period's last year; "" */
    const char *receiver;      /* a role code: township_officer, bureau */
    const char *addressee;     /* the plan's office it goes to, or "" */
    const char *label;         /* the plan's name for it (原州's
                                  终期工作报告), or "" */
    const char *label_en;      /* the same in English, or "" */
    const char *clause;        /* the plan's words */
};

/* Reminder days before a deadline, where the profile sets none. */
#define PROFILE_REPORT_UPCOMING_DAYS 7

struct profile_reports {
    bool present;
    int upcoming_days;
    struct report_rule types[REPORT_TYPE_COUNT];
};

extern const struct schema profile_reports_fields[];
/* Cross-key checks (a kind needs due_day or due_month_day, not both). */
void profile_reports_check(json_t *root, struct strbuf *err);
void profile_reports_read(json_t *root, struct profile_reports *r);

/* Type t's name under the profile's reports r (NULL: none): the plan's
 * own word where the profile gives one, the type's otherwise; "" for a
 * type that is none. */
const char *report_type_label(const struct profile_reports *r, int t,
                              bool en);

/* The day (YYYY-MM-DD into out, 11 bytes) a report of the rule whose
 * period ends in month to (year * 12 + month - 1) is due; false when
 * the rule sets no deadline. */
bool report_due_on(const struct report_rule *rule, int to, char *out);

/* Whether a period ending in month to (year * 12 + month - 1) ended
 * before the month of the go-live day (live: reports.owed_from, days
 * since 1970-01-01, 0 for none): its report was written on paper, and
 * no day is set for it here. */
bool report_before_live(int to, int64_t live);

#endif
