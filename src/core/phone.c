#include "phone.h"

#include <string.h>

#include "../util/utf8.h"

static size_t digits(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9') {
        n++;
    }
    return n;
}

bool phone_is_mobile(const char *s)
{
    return strlen(s) == 11 && digits(s) == 11 && s[0] == '1' &&
           s[1] >= '3' && s[1] <= '9';
}

/* Area code of 3 or 4 characters counting its leading 0 (010, 0731),
 * an optional '-', a local number of 7–8 digits not starting with 0 or 1,
 * and an optional "-" extension of 1–6 digits. */
static bool landline_with_area(const char *s, size_t area)
{
    if (s[0] != '0' || digits(s) < area) {
        return false;
    }
    const char *p = s + area;
    if (*p == '-') {
        p++;
    }
    size_t local = digits(p);
    if ((local != 7 && local != 8) || p[0] < '2') {
        return false;
    }
    p += local;
    if (*p == 0) {
        return true;
    }
    size_t ext = *p == '-' ? digits(p + 1) : 0;
    return ext >= 1 && ext <= 6 && p[1 + ext] == 0;
}

bool phone_valid(const char *s)
{
    return phone_is_mobile(s) || landline_with_area(s, 3) ||
           landline_with_area(s, 4);
}

/* Whether s is a mobile number with '-' between its digits
 * (138-0733-1122): a landline keeps its '-', a mobile has none. */
static bool mobile_with_dashes(const char *s)
{
    char d[12];
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9' && n < 11) {
            d[n++] = *p;
        } else if (*p != '-' || p == s || p[-1] == '-' || p[1] == 0) {
            return false;
        }
    }
    d[n] = 0;
    return n == 11 && phone_is_mobile(d);
}

enum msg_id phone_problem(const char *s)
{
    if (utf8_has_space(s)) {
        return MSG_HAS_SPACE;
    }
    if (mobile_with_dashes(s)) {
        return MSG_PHONE_MOBILE_DASHES;
    }
    return utf8_has_fullwidth(s) ? MSG_PHONE_FULLWIDTH : MSG_BAD_PHONE;
}
