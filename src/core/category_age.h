/* A client category's age limit (适用年龄上限): a category the
 * dictionary gives a limit L applies only to people under L — an orphan,
 * a child in difficulty or one without a de-facto carer under 18, a
 * left-behind child under 16 (国发〔2016〕13号: 不满十六周岁). Held from
 * started_on to ended_on (both included), such a category must start
 * before the day the person turns L and end before it too (on that day
 * the person is L, no longer under L); an
 * open one is wrong once that day has come. Pure: dates are
 * "YYYY-MM-DD". */
#ifndef SGZ_CATEGORY_AGE_H
#define SGZ_CATEGORY_AGE_H
#include <stddef.h>

#include "msg.h"

#define CATEGORY_AGE_MAX 150

enum category_age {
    CATEGORY_AGE_OK,
    CATEGORY_AGE_STARTED_LATE, /* started on or after the limit birthday */
    CATEGORY_AGE_NO_END,       /* open, and the limit birthday has come */
    CATEGORY_AGE_ENDS_LATE,    /* ends on the limit birthday or after */
};

/* The day someone born on birth_date turns years (a 29 February birthday
 * falls on 1 March in other years, as client_age() counts), into out
 * (11 bytes). 0, or -1 when birth_date is not a date. */
int category_age_birthday(const char *birth_date, int years, char out[11]);

/* Whether a category with age limit limit (0: none), held from
 * started_on to ended_on (NULL or "": open), fits a person born on
 * birth_date (NULL or "": unknown, which fits), today being today.
 * reached_on gets the limit birthday ("" when there is none). */
enum category_age category_age_check(const char *birth_date, int limit,
                                     const char *started_on,
                                     const char *ended_on, const char *today,
                                     char reached_on[11]);

/* The rule broken, as the start of an error message, into buf:
 * 「农村留守儿童」仅适用于未满16周岁的服务对象，该对象于2012-03-05已满16周岁
 * (English in LANG_EN). */
void category_age_phrase(enum lang lang, const char *label, int limit,
                         const char *reached_on, char *buf, size_t len);

/* The catalogue message of a verdict other than CATEGORY_AGE_OK: its
 * template takes the phrase. */
enum msg_id category_age_msg(enum category_age v);

#endif
