#include "contract_terms.h"

#include <stdio.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/parse.h"

const char *contract_terms_date(const struct contract *c, const char *which)
{
    return strcmp(which, "effective_on") == 0 ? c->effective_on
                                              : c->signed_on;
}

static bool days_of(const char *s, int64_t *days)
{
    int y, m, d;
    if (!s || !parse_date(s, &y, &m, &d)) {
        return false;
    }
    *days = cn_days_from_civil(y, m, d);
    return true;
}

static void format_days(int64_t days, char *out)
{
    cn_date_format(cn_civil_from_days(days), out);
}

bool contract_terms_add_workdays(const struct calendar *cal, const char *from,
                                 int n, char *out, bool *provisional)
{
    int64_t d;
    if (!days_of(from, &d) || n < 1) {
        return false;
    }
    format_days(calendar_add_workdays(cal, d, n, provisional), out);
    return true;
}

bool contract_terms_filing_due(const struct calendar *cal,
                               const struct profile_contracts *k,
                               const struct contract *c, char *out,
                               bool *provisional)
{
    if (k->filing_working_days < 1 || !*k->filing_from) {
        return false;
    }
    return contract_terms_add_workdays(
        cal, contract_terms_date(c, k->filing_from), k->filing_working_days,
        out, provisional);
}

bool contract_terms_add_months(const char *from, int months, char *out)
{
    int y, m, d;
    if (!parse_date(from, &y, &m, &d)) {
        return false;
    }
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = len[m - 1] +
               (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > last) {
        d = last;
    }
    format_days(cn_days_from_civil(y, m, d), out);
    return true;
}

bool contract_terms_staff_due(const struct profile_contracts *k,
                              const struct contract *c, char *out)
{
    if (k->staff_in_place_months < 1 || !*k->staff_in_place_from) {
        return false;
    }
    return contract_terms_add_months(
        contract_terms_date(c, k->staff_in_place_from),
        k->staff_in_place_months, out);
}

const struct profile_filing *
contract_terms_filing_rule(const struct profile_contracts *k,
                           const char *kind)
{
    for (size_t i = 0; i < k->n_filings; i++) {
        if (strcmp(k->filings[i].kind, kind) == 0) {
            return &k->filings[i];
        }
    }
    return NULL;
}

bool contract_terms_rule_due(const struct calendar *cal,
                             const struct profile_filing *rule, int year,
                             const struct contract *c, char *out,
                             bool *provisional)
{
    *provisional = false;
    if (!rule) {
        return false;
    }
    if (*rule->due_month_day) {
        int mm = (rule->due_month_day[0] - '0') * 10 +
                 (rule->due_month_day[1] - '0');
        int dd = (rule->due_month_day[3] - '0') * 10 +
                 (rule->due_month_day[4] - '0');
        format_days(cn_days_from_civil(year, mm, dd), out);
        return true;
    }
    if (rule->working_days > 0 && c) {
        return contract_terms_add_workdays(
            cal, contract_terms_date(c, rule->from), rule->working_days, out,
            provisional);
    }
    return false;
}

int64_t contract_terms_days(const char *a, const char *b)
{
    int64_t x, y;
    if (!days_of(a, &x) || !days_of(b, &y)) {
        return 0;
    }
    return y - x;
}

const char *contract_terms_counted_from(const struct contract *c,
                                        int64_t live, char buf[16])
{
    int64_t start;
    if (live && days_of(c->starts_on, &start) && live > start) {
        cn_date_format(cn_civil_from_days(live), buf);
    } else {
        snprintf(buf, 16, "%s", c->starts_on);
    }
    return buf;
}

int contract_terms_elapsed(const struct contract *c, const char *from,
                           const char *today)
{
    int64_t total = contract_terms_days(c->starts_on, c->ends_on) + 1;
    const char *until = strcmp(today, c->ends_on) < 0 ? today : c->ends_on;
    int64_t done = contract_terms_days(from, until) + 1;
    if (total <= 0 || done <= 0) {
        return 0;
    }
    if (done >= total) {
        return 1000;
    }
    return (int)(done * 1000 / total);
}

int64_t contract_terms_instant(const char *day)
{
    int64_t d;
    if (!days_of(day, &d)) {
        return -1;
    }
    return d * 86400 - CN_UTC_OFFSET;
}
