#include "pinyin.h"

#include <stdint.h>
#include <string.h>

#include "../util/xalloc.h"

/* From the generated table ($(BUILD)/gen/pinyin_table.c). */
extern const unsigned pinyin_first, pinyin_last;
extern const char *const pinyin_readings[];
extern const uint16_t pinyin_index[];
extern const uint32_t pinyin_surname[][2];
extern const unsigned pinyin_surname_count;
extern const uint32_t pinyin_compound[][4];
extern const unsigned pinyin_compound_count;

const char *pinyin_of(unsigned cp, int as_surname)
{
    if (cp < pinyin_first || cp > pinyin_last) {
        return NULL;
    }
    if (as_surname) {
        for (unsigned i = 0; i < pinyin_surname_count; i++) {
            if (pinyin_surname[i][0] == cp) {
                return pinyin_readings[pinyin_surname[i][1]];
            }
        }
    }
    uint16_t n = pinyin_index[cp - pinyin_first];
    return n ? pinyin_readings[n] : NULL;
}

/* The next code point of valid UTF-8 (the input was checked); advances
 * *s. */
static unsigned next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned cp;
    int extra;
    if (p[0] < 0x80) {
        cp = p[0];
        extra = 0;
    } else if ((p[0] & 0xE0) == 0xC0) {
        cp = p[0] & 0x1F;
        extra = 1;
    } else if ((p[0] & 0xF0) == 0xE0) {
        cp = p[0] & 0x0F;
        extra = 2;
    } else {
        cp = p[0] & 0x07;
        extra = 3;
    }
    p++;
    for (int i = 0; i < extra && (*p & 0xC0) == 0x80; i++) {
        cp = (cp << 6) | (*p++ & 0x3F);
    }
    *s = p;
    return cp;
}

/* A name that starts with a compound surname read as one (尉迟 yu chi,
 * 长孙 zhang sun, not wei chi, chang sun): a is its first code point, rest
 * what follows it. *ra becomes the first reading; the second's is
 * returned. NULL (and *ra untouched) for any other start. */
static const char *compound_surname(unsigned a, const unsigned char *rest,
                                    const char **ra)
{
    if (!*rest) {
        return NULL;
    }
    unsigned b = next_cp(&rest);
    for (unsigned i = 0; i < pinyin_compound_count; i++) {
        if (pinyin_compound[i][0] == a && pinyin_compound[i][1] == b) {
            *ra = pinyin_readings[pinyin_compound[i][2]];
            return pinyin_readings[pinyin_compound[i][3]];
        }
    }
    return NULL;
}

static void put(char *buf, size_t len, size_t *at, const char *s)
{
    while (*s && *at + 1 < len) {
        buf[(*at)++] = *s++;
    }
    buf[*at] = 0;
}

void pinyin_name(const char *name, char *full, size_t full_len,
                 char *initials, size_t initials_len)
{
    size_t f = 0, i = 0;
    full[0] = 0;
    initials[0] = 0;
    const unsigned char *p = (const unsigned char *)name;
    int first = 1;
    int in_word = 0; /* inside a run of Latin letters and digits */
    const char *second = NULL; /* a compound surname's second reading */
    while (*p) {
        unsigned cp = next_cp(&p);
        char one[2] = {0, 0};
        const char *r = NULL;
        int latin = 0;
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            one[0] = (char)cp;
            r = one;
            latin = 1;
        } else if (cp >= 'A' && cp <= 'Z') {
            one[0] = (char)(cp - 'A' + 'a');
            r = one;
            latin = 1;
        } else if (second) {
            r = second;
            second = NULL;
        } else {
            r = pinyin_of(cp, first);
            if (first && r) {
                second = compound_surname(cp, p, &r);
            }
        }
        if (!r) {
            in_word = 0;
            continue;
        }
        first = 0;
        put(full, full_len, &f, r);
        if (!(latin && in_word)) {
            char head[2] = {r[0], 0};
            put(initials, initials_len, &i, head);
        }
        in_word = latin;
    }
}

/* Whether cp only separates the parts of a name: ASCII other than letters
 * and digits, and the middle dots of transcribed names (阿依古丽·买买提). */
static int separator(unsigned cp)
{
    if (cp < 0x80) {
        return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                 (cp >= '0' && cp <= '9'));
    }
    return cp == 0xB7 || cp == 0x2022 || cp == 0x2027 || cp == 0x30FB ||
           cp == 0xFF0E || cp == 0xFF65;
}

void pinyin_sort_key(const char *name, char *key, size_t key_len)
{
    size_t at = 0;
    key[0] = 0;
    const unsigned char *p = (const unsigned char *)name;
    int first = 1;
    int in_word = 0; /* inside a run of Latin letters and digits */
    while (*p) {
        const unsigned char *start = p;
        unsigned cp = next_cp(&p);
        int latin = cp < 0x80 && !separator(cp);
        if (in_word && !latin) {
            put(key, key_len, &at, " ");
        }
        in_word = latin;
        if (latin) {
            char one[2] = {(char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp),
                           0};
            put(key, key_len, &at, one);
            first = 0;
            continue;
        }
        if (separator(cp)) {
            continue;
        }
        /* Not a compound surname's reading: a search by a name's first
         * characters is a range of these keys, and 尉 typed alone must
         * find 尉迟恭 as it finds 尉缭. */
        const char *r = pinyin_of(cp, first);
        first = 0;
        if (r) {
            put(key, key_len, &at, r);
            put(key, key_len, &at, " ");
        }
        /* The character itself: homophones apart, each in one run. */
        char ch[5] = {0};
        size_t n = (size_t)(p - start);
        memcpy(ch, start, n < 4 ? n : 4);
        put(key, key_len, &at, ch);
    }
    if (in_word) {
        put(key, key_len, &at, " ");
    }
}

char *pinyin_sort_key_alloc(const char *name)
{
    size_t len = strlen(name) * 4 + 1;
    char *key = xmalloc(len);
    pinyin_sort_key(name, key, len);
    return key;
}
