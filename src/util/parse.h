/* Strict parsing of numbers and codes from text that came from outside. */
#ifndef SGZ_PARSE_H
#define SGZ_PARSE_H
#include <stdbool.h>
#include <stdint.h>

/* Whole string is an optional '-' and 1..18 decimal digits, no spaces,
 * no '+', no leading zeros beyond "0"; value within [min, max]. */
bool parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Whole string is n ASCII digits (n = strlen). */
bool parse_all_digits(const char *s);

/* A date "YYYY-MM-DD" that exists in the proleptic Gregorian calendar,
 * year 1900..2199. */
bool parse_date(const char *s, int *y, int *m, int *d);

#endif
