#include "cn_time.h"

#include <stdio.h>
#include <stdlib.h>
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

void cn_date_format(struct cn_date d, char *buf)
{
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)d.year % 10000u,
             (unsigned)d.month % 100u, (unsigned)d.day % 100u);
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
    snprintf(buf, 32, "%04u-%02u-%02uT%02u:%02u:%02u+08:00",
             (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
             (unsigned)d.day % 100u, (unsigned)(sod / 3600) % 100u,
             (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
}
