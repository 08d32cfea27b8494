#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/parse.h"

static const struct calendar_day *find(const struct calendar *c, int64_t day)
{
    size_t lo = 0, hi = c->n_days;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->days[mid].day < day) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < c->n_days && c->days[lo].day == day ? &c->days[lo] : NULL;
}

static bool year_loaded(const struct calendar *c, int year)
{
    for (size_t i = 0; i < c->n_years; i++) {
        if (c->years[i] == year) {
            return true;
        }
    }
    return false;
}

bool calendar_is_workday(const struct calendar *c, int64_t day, bool *known)
{
    /* 1970-01-01 was a Thursday: 0 Monday … 6 Sunday. */
    int64_t wd = ((day % 7) + 7 + 3) % 7;
    bool weekend = wd >= 5;
    *known = year_loaded(c, cn_civil_from_days(day).year);
    if (!*known) {
        return !weekend;
    }
    const struct calendar_day *d = find(c, day);
    if (d) {
        return d->kind == CAL_WORKDAY;
    }
    return !weekend;
}

int64_t calendar_add_workdays(const struct calendar *c, int64_t from, int n,
                              bool *provisional)
{
    *provisional = false;
    int64_t day = from;
    for (int counted = 0; counted < n;) {
        day++;
        bool known;
        if (calendar_is_workday(c, day, &known)) {
            counted++;
        }
        *provisional = *provisional || !known;
    }
    return day;
}

static int by_day(const void *x, const void *y)
{
    const struct calendar_day *a = x, *b = y;
    return a->day < b->day ? -1 : a->day > b->day;
}

/* "English,中文,n": the Chinese name when there is one. */
static const char *name_of(struct arena *a, const char *v)
{
    const char *c1 = v ? strchr(v, ',') : NULL;
    const char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    if (c1 && c2) {
        return arena_strndup(a, c1 + 1, (size_t)(c2 - c1 - 1));
    }
    return arena_strdup(a, v ? v : "");
}

static int fail_with(struct calendar_fail *f, enum msg_id msg,
                     const char *detail)
{
    f->msg = msg;
    snprintf(f->detail, sizeof f->detail, "%s", detail ? detail : "");
    return -1;
}

int calendar_parse(struct arena *a, const char *text, size_t len, int year,
                   struct calendar_year **out, size_t *n,
                   struct calendar_fail *fail)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        /* jansson names a duplicated key: that is a date listed twice. */
        const char *dup = strstr(jerr.text, "duplicate object key");
        if (dup) {
            return fail_with(fail, MSG_CALENDAR_TWICE, "");
        }
        char where[48];
        snprintf(where, sizeof where, " (line %d)", jerr.line);
        return fail_with(fail, MSG_CALENDAR_BAD_JSON, where);
    }
    json_t *lists[2] = {json_object_get(root, "holidays"),
                        json_object_get(root, "workdays")};
    if (!json_is_object(lists[0]) || !json_is_object(lists[1])) {
        json_decref(root);
        return fail_with(fail, MSG_CALENDAR_SHAPE, NULL);
    }
    size_t total = json_object_size(lists[0]) + json_object_size(lists[1]);
    struct calendar_day *all = arena_alloc(a, sizeof *all * (total + 1));
    size_t m = 0;
    for (int k = 0; k < 2; k++) {
        const char *key;
        json_t *v;
        json_object_foreach(lists[k], key, v) {
            int y, mo, d;
            if (!parse_date(key, &y, &mo, &d)) {
                char bad[41];
                snprintf(bad, sizeof bad, "%.40s", key);
                json_decref(root);
                return fail_with(fail, MSG_CALENDAR_BAD_DATE, bad);
            }
            if (year && y != year) {
                continue;
            }
            all[m].day = cn_days_from_civil(y, mo, d);
            all[m].kind = k ? CAL_WORKDAY : CAL_HOLIDAY;
            all[m].name = name_of(a, json_string_value(v));
            m++;
        }
    }
    json_decref(root);
    qsort(all, m, sizeof *all, by_day);
    for (size_t i = 1; i < m; i++) {
        if (all[i].day == all[i - 1].day) {
            char day[11];
            cn_date_format(cn_civil_from_days(all[i].day), day);
            return fail_with(fail, MSG_CALENDAR_TWICE, day);
        }
    }
    /* Split by year. */
    *out = arena_alloc(a, sizeof **out * (m + 1));
    *n = 0;
    for (size_t i = 0; i < m;) {
        int y = cn_civil_from_days(all[i].day).year;
        size_t j = i;
        while (j < m && cn_civil_from_days(all[j].day).year == y) {
            j++;
        }
        (*out)[*n].year = y;
        (*out)[*n].days = &all[i];
        (*out)[*n].n_days = j - i;
        (*n)++;
        i = j;
    }
    if (year && *n == 0) {
        char y[12];
        snprintf(y, sizeof y, "%d", year);
        return fail_with(fail, MSG_CALENDAR_NO_DAYS, y);
    }
    return 0;
}
