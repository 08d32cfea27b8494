#include "parse.h"

#include <string.h>

bool parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
    bool neg = false;
    if (*s == '-') {
        neg = true;
        s++;
    }
    size_t n = strlen(s);
    if (n == 0 || n > 18 || (n > 1 && s[0] == '0')) {
        return false;
    }
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (neg) {
        v = -v;
    }
    if (v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

bool parse_e_notation(const char *s)
{
    size_t n = strspn(s, "0123456789");
    if (!n) {
        return false;
    }
    s += n;
    if (*s == '.') {
        s++;
        s += strspn(s, "0123456789");
    }
    if (*s != 'E' && *s != 'e') {
        return false;
    }
    s += 1 + (s[1] == '+');
    n = strspn(s, "0123456789");
    return n && !s[n];
}

bool parse_all_digits(const char *s)
{
    if (!*s) {
        return false;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9') {
            return false;
        }
    }
    return true;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
        return 29;
    }
    return days[m - 1];
}

bool parse_date(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        return false;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return false;
        }
    }
    int yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
             (s[3] - '0');
    int mm = (s[5] - '0') * 10 + (s[6] - '0');
    int dd = (s[8] - '0') * 10 + (s[9] - '0');
    if (yy < 1900 || yy > 2199 || mm < 1 || mm > 12 || dd < 1 ||
        dd > days_in_month(yy, mm)) {
        return false;
    }
    *y = yy;
    *m = mm;
    *d = dd;
    return true;
}
