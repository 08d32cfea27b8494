#include "cn_time.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse.h"

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t cn_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct cn_date cn_civil_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    struct cn_date r = {(int)(y + (m <= 2)), (int)m, (int)d};
    return r;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        q--;
    }
    return q;
}

struct cn_date cn_date_of(int64_t t)
{
    return cn_civil_from_days(floor_div(t + CN_UTC_OFFSET, 86400));
}

/* n digits of v, zero-padded, at p. By hand: snprintf was the larger
 * part of writing a record's two timestamps. */
static char *put_digits(char *p, unsigned v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + n;
}

/* YYYY-MM-DD, without the terminating NUL. */
static char *put_date(char *p, struct cn_date d)
{
    p = put_digits(p, (unsigned)d.year % 10000u, 4);
    *p++ = '-';
    p = put_digits(p, (unsigned)d.month % 100u, 2);
    *p++ = '-';
    return put_digits(p, (unsigned)d.day % 100u, 2);
}

void cn_date_format(struct cn_date d, char *buf)
{
    *put_date(buf, d) = 0;
}

int64_t cn_now(void)
{
    const char *fixed = getenv("SGZ_NOW");
    int64_t v;
    if (fixed && parse_int64(fixed, 0, INT64_C(1) << 40, &v)) {
        return v;
    }
    return (int64_t)time(NULL);
}

void cn_iso8601(int64_t t, char *buf)
{
    int64_t local = t + CN_UTC_OFFSET;
    struct cn_date d = cn_civil_from_days(floor_div(local, 86400));
    int64_t sod = local - floor_div(local, 86400) * 86400;
    char *p = put_date(buf, d);
    *p++ = 'T';
    p = put_digits(p, (unsigned)(sod / 3600) % 100u, 2);
    *p++ = ':';
    p = put_digits(p, (unsigned)(sod / 60 % 60), 2);
    *p++ = ':';
    p = put_digits(p, (unsigned)(sod % 60), 2);
    memcpy(p, "+08:00", 7);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool cn_parse_instant(const char *s, int64_t *out)
{
    int y, mo, d, h, mi, sec = 0;
    char day[11];
    if (strlen(s) < 16) {
        return false;
    }
    memcpy(day, s, 10);
    day[10] = 0;
    if (!parse_date(day, &y, &mo, &d) ||
        (s[10] != 'T' && s[10] != ' ') || !digits(s + 11, 2, &h) ||
        s[13] != ':' || !digits(s + 14, 2, &mi) || h > 23 || mi > 59) {
        return false;
    }
    const char *p = s + 16;
    if (*p == ':') {
        if (!digits(p + 1, 2, &sec) || sec > 59) {
            return false;
        }
        p += 3;
    }
    int64_t offset = CN_UTC_OFFSET; /* no zone: Beijing time */
    if (*p == 'Z' && p[1] == 0) {
        offset = 0;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
        int oh, om;
        if (!digits(p + 1, 2, &oh) || !digits(p + 4, 2, &om) || oh > 14 ||
            om > 59) {
            return false;
        }
        offset = (*p == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else if (*p != 0) {
        return false;
    }
    *out = cn_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
           offset;
    return true;
}

bool cn_day_start(const char *day, bool next_day, int64_t *out)
{
    int y, m, d;
    if (!parse_date(day, &y, &m, &d)) {
        return false;
    }
    *out = (cn_days_from_civil(y, m, d) + (next_day ? 1 : 0)) * 86400 -
           CN_UTC_OFFSET;
    return true;
}
