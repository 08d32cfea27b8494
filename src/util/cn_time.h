/* Calendar notions in China Standard Time (UTC+8, no daylight saving),
 * computed here and never from the server's local zone (DESIGN.md §3). */
#ifndef SGZ_CN_TIME_H
#define SGZ_CN_TIME_H
#include <stdbool.h>
#include <stdint.h>

#define CN_UTC_OFFSET (8 * 3600)

struct cn_date {
    int year, month, day;
};

/* The Beijing calendar date of a Unix instant. */
struct cn_date cn_date_of(int64_t unix_seconds);
/* "YYYY-MM-DD" into buf (at least 11 bytes). */
void cn_date_format(struct cn_date d, char *buf);
/* Days since 1970-01-01 of a civil date, and back. */
int64_t cn_days_from_civil(int y, int m, int d);
struct cn_date cn_civil_from_days(int64_t days);
/* Now, or SGZ_NOW (Unix seconds) when set, so tests can fix the clock. */
int64_t cn_now(void);
/* ISO 8601 with +08:00 offset, e.g. 2026-11-29T22:28:01+08:00, into a
 * buffer of at least 32 bytes. */
void cn_iso8601(int64_t unix_seconds, char *buf);
/* Parses an instant as the API takes it: "YYYY-MM-DDTHH:MM[:SS]" (or a
 * space for T), then "Z", "+08:00"-style offset, or nothing for Beijing
 * time. False when malformed or not a real date and time. */
bool cn_parse_instant(const char *s, int64_t *out);
/* The instant a Beijing day "YYYY-MM-DD" begins, or the next day's
 * (next_day: a period's inclusive end); false when it is not a date. */
bool cn_day_start(const char *day, bool next_day, int64_t *out);

#endif
