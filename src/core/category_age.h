/* A client category's age range: a lower bound F (适用年龄下限) and an
 * upper limit L (适用年龄上限), each optional.
 *
 * A category the dictionary gives a lower bound F applies only to people
 * aged F or over — the elderly categories from 60 (老年人权益保障法 art. 2:
 * 老年人是指六十周岁以上的公民). Such a category may not start before the
 * day the person turns F: every day it is held the person is F or older.
 *
 * A category the dictionary gives a limit L applies only to people under
 * L — an orphan,
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
    CATEGORY_AGE_STARTED_EARLY, /* started before the lower-bound birthday */
    CATEGORY_AGE_STARTED_LATE,  /* started on or after the limit birthday */
    CATEGORY_AGE_NO_END,        /* open, and the limit birthday has come */
    CATEGORY_AGE_ENDS_LATE,     /* ends on the limit birthday or after */
};

/* The day someone born on birth_date turns years (a 29 February birthday
 * falls on 1 March in other years, as client_age() counts), into out
 * (11 bytes). 0, or -1 when birth_date is not a date. */
int category_age_birthday(const char *birth_date, int years, char out[11]);

/* Whether a category with lower bound from and age limit limit (each 0:
 * none), held from started_on (NULL or "": today) to ended_on (NULL or
 * "": open), fits a person born on birth_date (NULL or "": unknown,
 * which fits), today being today. The lower bound is checked first.
 * reached_on gets the birthday of the bound broken (of the limit when
 * none is; "" when there is none). */
enum category_age category_age_check(const char *birth_date, int from,
                                     int limit, const char *started_on,
                                     const char *ended_on, const char *today,
                                     char reached_on[11]);

/* The rule broken (verdict v, not CATEGORY_AGE_OK), as the start of an
 * error message, into buf:
 * 「农村留守儿童」仅适用于未满16周岁的服务对象，该对象于2012-03-05已满16周岁
 * for the limit,
 * 「困难老人」仅适用于年满60周岁的服务对象，该对象于2031-05-02年满60周岁
 * for the lower bound (English in LANG_EN). */
void category_age_phrase(enum lang lang, const char *label,
                         enum category_age v, int from, int limit,
                         const char *reached_on, char *buf, size_t len);

/* The catalogue message of a verdict other than CATEGORY_AGE_OK: its
 * template takes the phrase. */
enum msg_id category_age_msg(enum category_age v);

#endif
