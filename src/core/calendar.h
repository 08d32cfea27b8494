/* The working-day calendar (工作日): which days are worked, from the
 * official schedule of each year — holidays, and the weekend days made
 * working days in exchange (调休) — and deadlines counted in working days
 * as the Civil Code counts a period (art. 201: the starting day is not
 * counted). A year whose schedule is not loaded is counted by weekends
 * alone and the result is provisional (暂定), never silently final. */
#ifndef SGZ_CALENDAR_H
#define SGZ_CALENDAR_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "msg.h"

enum calendar_kind { CAL_HOLIDAY, CAL_WORKDAY };

struct calendar_day {
    int64_t day; /* days since 1970-01-01 */
    enum calendar_kind kind;
    const char *name;
};

struct calendar {
    struct calendar_day *days; /* sorted by day */
    size_t n_days;
    int *years;                /* the years loaded, sorted */
    size_t n_years;
};

/* Whether a day (days since 1970) is a working day; *known false when its
 * year's schedule is not loaded (then only weekends count as days off). */
bool calendar_is_workday(const struct calendar *c, int64_t day, bool *known);
/* The n-th working day after from (not counting from itself); n ≥ 1.
 * *provisional when any day counted lies in a year not loaded. */
int64_t calendar_add_workdays(const struct calendar *c, int64_t from, int n,
                              bool *provisional);

/* One year's schedule as read from a file. */
struct calendar_year {
    int year;
    struct calendar_day *days;
    size_t n_days;
};

/* What is wrong with a calendar file: a catalogue message and the date
 * or year it names. */
struct calendar_fail {
    enum msg_id msg;
    char detail[48];
};

/* Reads the chinese-days JSON ({"holidays":{"YYYY-MM-DD":"English,中文,n"},
 * "workdays":{…}}, any further members ignored): every year it holds,
 * each with its days. year 0: all years, else only that one. On a bad
 * file (not that shape, a bad date, a date listed twice) returns -1 and
 * says why in *fail. */
int calendar_parse(struct arena *a, const char *text, size_t len, int year,
                   struct calendar_year **out, size_t *n,
                   struct calendar_fail *fail);

#endif
