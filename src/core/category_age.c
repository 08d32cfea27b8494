#include "category_age.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../util/parse.h"

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int category_age_birthday(const char *birth_date, int years, char out[11])
{
    int y, m, d;
    out[0] = 0;
    if (!birth_date || !parse_date(birth_date, &y, &m, &d) || years < 0 ||
        years > CATEGORY_AGE_MAX) {
        return -1;
    }
    y += years;
    if (m == 2 && d == 29 && !leap(y)) {
        m = 3;
        d = 1;
    }
    if (y > 9999) {
        return -1;
    }
    char buf[40];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, 11);
    return 0;
}

enum category_age category_age_check(const char *birth_date, int from,
                                     int limit, const char *started_on,
                                     const char *ended_on, const char *today,
                                     char reached_on[11])
{
    reached_on[0] = 0;
    /* Held from its start on, the person must already be F that day;
     * a birthday later in life cannot come earlier, so the start is the
     * only day to look at. */
    if (from > 0 && birth_date && *birth_date &&
        category_age_birthday(birth_date, from, reached_on) == 0) {
        const char *start = started_on && *started_on ? started_on : today;
        if (strcmp(start, reached_on) < 0) {
            return CATEGORY_AGE_STARTED_EARLY;
        }
        reached_on[0] = 0;
    }
    if (limit <= 0 || !birth_date || !*birth_date ||
        category_age_birthday(birth_date, limit, reached_on) != 0) {
        return CATEGORY_AGE_OK;
    }
    if (started_on && *started_on && strcmp(started_on, reached_on) >= 0) {
        return CATEGORY_AGE_STARTED_LATE;
    }
    if (!ended_on || !*ended_on) {
        return strcmp(today, reached_on) >= 0 ? CATEGORY_AGE_NO_END
                                              : CATEGORY_AGE_OK;
    }
    /* ended_on is a day the category was held: one before the birthday. */
    return strcmp(ended_on, reached_on) >= 0 ? CATEGORY_AGE_ENDS_LATE
                                             : CATEGORY_AGE_OK;
}

void category_age_phrase(enum lang lang, const char *label,
                         enum category_age v, int from, int limit,
                         const char *reached_on, char *buf, size_t len)
{
    if (v == CATEGORY_AGE_STARTED_EARLY) {
        if (lang == LANG_EN) {
            snprintf(buf, len,
                     "\"%s\" applies only to clients aged %d or over; this "
                     "client reaches %d on %s",
                     label, from, from, reached_on);
        } else {
            snprintf(
                buf, len,
                "「%s」仅适用于年满%d周岁的服务对象，该对象于%s年满%d周岁",
                label, from, reached_on, from);
        }
        return;
    }
    if (lang == LANG_EN) {
        snprintf(buf, len,
                 "\"%s\" applies only to clients under %d; this client "
                 "turned %d on %s",
                 label, limit, limit, reached_on);
    } else {
        snprintf(buf, len,
                 "「%s」仅适用于未满%d周岁的服务对象，该对象于%s已满%d周岁",
                 label, limit, reached_on, limit);
    }
}

enum msg_id category_age_msg(enum category_age v)
{
    switch (v) {
    case CATEGORY_AGE_NO_END:
        return MSG_CATEGORY_AGE_OPEN;
    case CATEGORY_AGE_ENDS_LATE:
        return MSG_CATEGORY_AGE_ENDS;
    case CATEGORY_AGE_STARTED_EARLY:
        return MSG_CATEGORY_AGE_EARLY;
    case CATEGORY_AGE_STARTED_LATE:
    case CATEGORY_AGE_OK:
        break;
    }
    return MSG_CATEGORY_AGE_START;
}
