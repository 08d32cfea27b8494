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

/* Whole string is a number as a spreadsheet shows one too long for its
 * column (4.30223E+17, 1.3907330001e10, 4.3022319560712E17): digits, an
 * optional fraction, E or e, an optional '+' and the exponent's digits.
 * The digits beyond the fifteenth are gone. */
bool parse_e_notation(const char *s);

/* A date "YYYY-MM-DD" that exists in the proleptic Gregorian calendar,
 * year 1900..2199. */
bool parse_date(const char *s, int *y, int *m, int *d);

#endif
