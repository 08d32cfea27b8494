#include "id_number.h"

#include <string.h>

#include "../util/cn_time.h"
#include "../util/utf8.h"

/* The first two digits: provinces of GB/T 2260, and 81-83 for the
 * residence permits of Hong Kong, Macao and Taiwan residents. */
static const char provinces[][3] = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
    "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
    "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
};

static bool province_exists(const char *s)
{
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++) {
        if (s[0] == provinces[i][0] && s[1] == provinces[i][1]) {
            return true;
        }
    }
    return false;
}

char id_number_check_char(const char *first17)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6,
                                    3, 7, 9, 10, 5, 8, 4, 2};
    static const char chars[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        sum += (first17[i] - '0') * weights[i];
    }
    return chars[sum % 11];
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Full-width digits and Ｘ (U+FF10–U+FF19, U+FF38/U+FF58) are what a
 * Chinese input method types; say so rather than "not a digit". */
enum msg_id id_number_parse(const char *s, const char *today,
                            struct id_number *out)
{
    memset(out, 0, sizeof *out);
    if (!*s) {
        return MSG_REQUIRED;
    }
    if (utf8_has_space(s)) {
        return MSG_HAS_SPACE;
    }
    if (utf8_has_fullwidth(s)) {
        return MSG_ID_FULLWIDTH;
    }
    size_t len = strlen(s);
    if (len != 18 && len != 15) {
        return MSG_ID_LENGTH;
    }
    size_t digits = len == 18 ? 17 : 15;
    for (size_t i = 0; i < digits; i++) {
        if (!is_digit(s[i])) {
            return MSG_ID_CHARS;
        }
    }
    char last = len == 18 ? s[17] : '0';
    if (last == 'x') {
        last = 'X';
    }
    if (!is_digit(last) && last != 'X') {
        return MSG_ID_CHARS;
    }
    if (!province_exists(s)) {
        return MSG_ID_PROVINCE;
    }
    /* The 18-character form: a 15-digit number gains "19" before its
     * year and a check character. */
    if (len == 15) {
        memcpy(out->number, s, 6);
        memcpy(out->number + 6, "19", 2);
        memcpy(out->number + 8, s + 6, 9);
        out->number[17] = id_number_check_char(out->number);
        out->converted = true;
    } else {
        memcpy(out->number, s, 17);
        out->number[17] = last;
    }
    out->number[18] = 0;

    const char *b = out->number + 6;
    int y = num(b, 4), m = num(b + 4, 2), d = num(b + 6, 2);
    if (m < 1 || m > 12 || d < 1 || y < 1900) {
        return MSG_ID_BIRTH;
    }
    struct cn_date back =
        cn_civil_from_days(cn_days_from_civil(y, m, d));
    if (back.year != y || back.month != m || back.day != d) {
        return MSG_ID_BIRTH;
    }
    cn_date_format(back, out->birth_date);
    if (today && strcmp(out->birth_date, today) > 0) {
        return MSG_ID_BIRTH_FUTURE;
    }
    if (len == 18 && id_number_check_char(out->number) != last) {
        return MSG_ID_CHECK;
    }
    out->sex = (out->number[16] - '0') % 2 ? 'M' : 'F';
    memcpy(out->county, out->number, 6);
    out->county[6] = 0;
    return MSG_COUNT_;
}

void id_number_mask(const char *number, char *buf)
{
    size_t len = strlen(number);
    if (len < 8) {
        memset(buf, '*', len);
        buf[len] = 0;
        return;
    }
    memcpy(buf, number, 4);
    memset(buf + 4, '*', len - 8);
    memcpy(buf + len - 4, number + len - 4, 4);
    buf[len] = 0;
}
