#include "phone.h"

#include <stdio.h>
#include <string.h>

#include "../util/parse.h"
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

/* "无", "-": what a register writes for no number. */
bool phone_is_placeholder(const char *s)
{
    static const char *const none[] = {
        "无", "暂无", "没有", "无电话", "空号", "-", "--", "/", "—", "——",
        "／", "－",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        if (strcmp(s, none[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* The separators people put between two numbers in one cell. */
static size_t separator_at(const char *p)
{
    static const char *const seps[] = {
        " ", ",", ";", "/", "\\", "|", "、", "，", "；", "／", "　", "或", "和",
    };
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        size_t n = strlen(seps[i]);
        if (strncmp(p, seps[i], n) == 0) {
            return n;
        }
    }
    return 0;
}

/* The cell's runs of digits and '-' (a landline's): how many are a
 * number, the longest, and whether anything but separators lies between
 * them. */
static int numbers_in(const char *s, bool *words, size_t *longest)
{
    int found = 0;
    *words = false;
    *longest = 0;
    for (const char *p = s; *p;) {
        size_t run = strspn(p, "0123456789-");
        if (run) {
            *longest = run > *longest ? run : *longest;
            char num[32];
            if (run < sizeof num) {
                memcpy(num, p, run);
                num[run] = 0;
                found += phone_valid(num);
            }
            p += run;
            continue;
        }
        size_t sep = separator_at(p);
        if (sep) {
            p += sep;
            continue;
        }
        /* A word is letters: 儿子, home; not a bracket or a full-width
         * digit or dash, which phone_problem says apart. */
        unsigned char c = (unsigned char)*p;
        size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        *words = *words || (c >= 0xE4 && c <= 0xE9) ||
                 (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
        p += strnlen(p, len);
    }
    return found;
}

bool phone_extension(const char *s, char *out, size_t len)
{
    static const char *const marks[] = {"转", "分机号", "分机", "ext.", "ext",
                                        "EXT", "Ext", "x", "X"};
    size_t run = strspn(s, "0123456789-");
    if (run < 10 || run >= len) {
        return false;
    }
    const char *p = s + run;
    p += strspn(p, " ");
    size_t m = 0, n = sizeof marks / sizeof marks[0];
    while (m < n && strncmp(p, marks[m], strlen(marks[m])) != 0) {
        m++;
    }
    if (m == n) {
        return false;
    }
    p += strlen(marks[m]);
    p += strspn(p, " :：");
    size_t ext = digits(p);
    if (ext < 1 || ext > 6 || p[ext] || run + 1 + ext >= len) {
        return false;
    }
    snprintf(out, len, "%.*s-%s", (int)run, s, p);
    return phone_valid(out) && !phone_is_mobile(out);
}

enum msg_id phone_problem(const char *s)
{
    if (phone_is_placeholder(s)) {
        return MSG_PHONE_NONE;
    }
    /* A CSV saved from Excel keeps the cell as the column showed it. */
    if (parse_e_notation(s)) {
        return MSG_PHONE_AS_NUMBER;
    }
    char ext[48];
    if (phone_extension(s, ext, sizeof ext)) {
        return MSG_PHONE_EXTENSION;
    }
    /* 13907330001/13807330002, or 13907330001（儿子）: said as such, not
     * as a space or a bad number; so are numbers typed full-width, which
     * the message after this one's correction names. */
    char folded[256];
    const char *f = s;
    if (strlen(s) < sizeof folded) {
        utf8_fold_fullwidth(s, folded);
        f = folded;
    }
    bool words;
    size_t longest;
    int found = numbers_in(f, &words, &longest);
    if (found >= 2) {
        return MSG_PHONE_TWO;
    }
    /* Words beside a number, even a mistyped one: the words first. */
    if (words && (found == 1 || longest >= 7)) {
        return MSG_PHONE_NOTE;
    }
    if (utf8_has_space(s)) {
        return MSG_HAS_SPACE;
    }
    if (mobile_with_dashes(s)) {
        return MSG_PHONE_MOBILE_DASHES;
    }
    return utf8_has_fullwidth(s) ? MSG_PHONE_FULLWIDTH : MSG_BAD_PHONE;
}
