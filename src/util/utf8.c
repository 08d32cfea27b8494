#include "utf8.h"

bool utf8_valid(const char *str, size_t n, bool allow_newlines)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) {
                if (!(allow_newlines &&
                      (c == '\t' || c == '\n' || c == '\r'))) {
                    return false;
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
            return false;
        }
        if (n - i <= need) {
            return false;
        }
        for (unsigned k = 1; k <= need; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xc0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return false;
        }
        i += need + 1;
    }
    return true;
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

bool utf8_blank(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == ' ' || (*p >= '\t' && *p <= '\r')) {
            p++;
        } else if (p[0] == 0xC2 && p[1] == 0xA0) {
            p += 2;
        } else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
            p += 3;
        } else {
            return false;
        }
    }
    return true;
}
