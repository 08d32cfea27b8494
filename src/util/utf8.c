#include "utf8.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

size_t utf8_invalid_at(const char *str, size_t n, bool allow_newlines)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) {
                if (!(allow_newlines &&
                      (c == '\t' || c == '\n' || c == '\r'))) {
                    return i;
                }
            }
            i++;
            continue;
        }
        unsigned need, min;
        unsigned cp;
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
            min = 0x80;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            min = 0x800;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (n - i <= need) {
            return i;
        }
        for (unsigned k = 1; k <= need; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xc0) != 0x80) {
                return i;
            }
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return i;
        }
        i += need + 1;
    }
    return n;
}

bool utf8_valid(const char *s, size_t n, bool allow_newlines)
{
    return utf8_invalid_at(s, n, allow_newlines) == n;
}

size_t utf8_chars(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            count++;
        }
    }
    return count;
}

bool utf8_has_space(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            return true;
        }
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
            return true;
        }
    }
    return false;
}

bool utf8_has_fullwidth(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (p[0] == 0xEF && ((p[1] == 0xBC && p[2] >= 0x81) ||
                             (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E))) {
            return true;
        }
    }
    return false;
}

void utf8_fold_fullwidth(const char *s, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* U+FF01..U+FF5E: EF BC 81..EF BD 9E; U+3000: E3 80 80. */
        if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 &&
            p[2] <= 0xBF) {
            unsigned cp = 0xF000u | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                *out++ = (char)(cp - 0xFEE0);
                p += 3;
                continue;
            }
        }
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
            *out++ = ' ';
            p += 3;
            continue;
        }
        *out++ = (char)*p++;
    }
    *out = 0;
}

/* The code point at s[*i] of a string already known to be valid UTF-8;
 * *i moves past it. */
static unsigned next_cp(const unsigned char *s, size_t *i)
{
    unsigned c = s[*i];
    unsigned need = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
    unsigned cp = need == 0 ? c : c & (0x3f >> need);
    for (unsigned k = 1; k <= need; k++) {
        cp = (cp << 6) | (s[*i + k] & 0x3f);
    }
    *i += need + 1;
    return cp;
}

/* Spaces, and characters that show nothing at all: a value made only of
 * these looks empty on the screen. Zero-width ones are not whitespace
 * to Unicode, but a name of two U+200B is as invisible as one of two
 * spaces. */
static bool blank_cp(unsigned cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 ||
           cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200d) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
           cp == 0x2060 || cp == 0x3000 || cp == 0xfeff;
}

bool utf8_blank(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    if (!utf8_valid(s, n, true)) {
        return false; /* not text at all: said by the caller's own check */
    }
    while (i < n) {
        if (!blank_cp(next_cp(p, &i))) {
            return false;
        }
    }
    return true;
}

/* Noncharacters: U+FDD0..U+FDEF and the last two of every plane. */
static bool noncharacter(unsigned cp)
{
    return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

/* The explicit directional embeddings, overrides and isolates, which
 * reorder what follows them on the screen ("Trojan source"). */
static bool bidi_control(unsigned cp)
{
    return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

/* Format characters and fillers that render as nothing. Mongolian's
 * variation selectors (U+180B..U+180F) and the variation selectors of
 * ideographs are left alone: they change how a letter is drawn. */
static bool invisible(unsigned cp)
{
    return cp == 0xad || cp == 0x34f || cp == 0x115f || cp == 0x1160 ||
           cp == 0x17b4 || cp == 0x17b5 || (cp >= 0x200b && cp <= 0x200d) ||
           (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x206a && cp <= 0x206f) ||
           cp == 0x3164 || cp == 0xfeff || cp == 0xffa0;
}

/* Pictographs a zero-width joiner binds into one emoji (👨‍👩‍👧). */
static bool pictograph(unsigned cp)
{
    return cp >= 0x1f000 || (cp >= 0x2600 && cp <= 0x27bf) || cp == 0xfe0f;
}

enum utf8_flaw utf8_text_flaw(const char *s, size_t n, bool multiline)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    unsigned prev = 0;
    while (i < n) {
        unsigned cp = next_cp(p, &i);
        if (cp >= 0x80 && cp <= 0x9f) {
            return UTF8_FLAW_CONTROL;
        }
        if (noncharacter(cp)) {
            return UTF8_FLAW_NONCHARACTER;
        }
        if (multiline) {
            continue;
        }
        if (bidi_control(cp)) {
            return UTF8_FLAW_BIDI;
        }
        if (cp == 0x2028 || cp == 0x2029) {
            return UTF8_FLAW_LINE_BREAK;
        }
        if (invisible(cp) && !(cp == 0x200d && pictograph(prev))) {
            return UTF8_FLAW_INVISIBLE;
        }
        prev = cp;
    }
    return UTF8_FLAW_NONE;
}

/* Letters of the scripts people's names are written in within China and
 * beyond it: Latin, Greek and Cyrillic, Arabic (Uyghur, Kazakh),
 * Tibetan, Mongolian, Yi, kana, Hangul and the Han ideographs. Digits
 * and punctuation of every script fall outside these ranges. */
static bool name_letter(unsigned cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
           (cp >= 0x370 && cp <= 0x52f) || (cp >= 0x620 && cp <= 0x65f) ||
           (cp >= 0x66e && cp <= 0x6d3) || (cp >= 0xf40 && cp <= 0xfbc) ||
           (cp >= 0x1820 && cp <= 0x18aa) || (cp >= 0x1e00 && cp <= 0x1eff) ||
           (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
           (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa48c) ||
           (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0x20000 && cp <= 0x323af);
}

bool utf8_name_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    if (n == 0 || !utf8_valid(s, n, true)) {
        return true; /* empty or not text: said by the other checks */
    }
    while (i < n) {
        if (name_letter(next_cp(p, &i))) {
            return true;
        }
    }
    return false;
}

bool utf8_name_plain(const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (*s == '+' || *s == '-') {
        return false;
    }
    return strpbrk(s, "<>=@|\\{}^`~$%&*#;") == NULL;
}

static bool han(unsigned cp)
{
    return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
           (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x323af);
}

static bool name_space(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0x3000;
}

void utf8_squeeze_han_spaces(char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, out = 0;
    if (!utf8_valid(s, n, true)) {
        return;
    }
    unsigned last = 0; /* the last character kept */
    while (i < n) {
        size_t at = i;
        unsigned cp = next_cp(p, &i);
        if (name_space(cp) && han(last)) {
            /* A run of spaces: dropped when a Han character follows. */
            size_t j = i;
            unsigned next = 0;
            while (j < n) {
                size_t k = j;
                next = next_cp(p, &k);
                if (!name_space(next)) {
                    break;
                }
                j = k;
            }
            if (j < n && han(next)) {
                i = j;
                continue;
            }
        }
        memmove(s + out, s + at, i - at);
        out += i - at;
        last = cp;
    }
    s[out] = '\0';
}

bool utf8_just_line_breaks(const char *s, size_t n)
{
    return strlen(s) == n && utf8_valid(s, n, true) && strpbrk(s, "\r\n") &&
           !memchr(s, '\t', n);
}

/* The length of the blank s starts with, 0 if none. */
static size_t blank_at(const char *s, size_t n)
{
    if (n >= 1 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
        return 1;
    }
    if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) {
        return 3;
    }
    if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0) {
        return 2;
    }
    return 0;
}

/* The length of the blank s[0..n) ends with, 0 if none. */
static size_t blank_before(const char *s, size_t n)
{
    if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                   s[n - 1] == '\n')) {
        return 1;
    }
    if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0) {
        return 3;
    }
    if (n >= 2 && memcmp(s + n - 2, "\xC2\xA0", 2) == 0) {
        return 2;
    }
    return 0;
}

const char *utf8_trim(const char *s, size_t *len)
{
    const char *b = s ? s : "";
    size_t n = strlen(b), k;
    while ((k = blank_at(b, n)) > 0) {
        b += k;
        n -= k;
    }
    while ((k = blank_before(b, n)) > 0) {
        n -= k;
    }
    *len = n;
    return b;
}

/* A name as it is compared: a copy, trimmed and squeezed, to be freed. */
static char *name_key(const char *s)
{
    size_t n;
    const char *b = utf8_trim(s, &n);
    char *k = xmalloc(n + 1);
    memcpy(k, b, n);
    k[n] = '\0';
    utf8_squeeze_han_spaces(k);
    return k;
}

bool utf8_same_name(const char *x, const char *y)
{
    char *u = name_key(x), *v = name_key(y);
    bool same = strcmp(u, v) == 0;
    free(u);
    free(v);
    return same;
}
