#include "file_type.h"

#include <string.h>
#include <strings.h>

static const struct file_type types[] = {
    {"jpg", "image/jpeg", true},
    {"png", "image/png", true},
    {"pdf", "application/pdf", false},
    {"docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     false},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     false},
    {"pptx",
     "application/vnd.openxmlformats-officedocument.presentationml."
     "presentation",
     false},
    {"doc", "application/msword", false},
    {"xls", "application/vnd.ms-excel", false},
    {"ppt", "application/vnd.ms-powerpoint", false},
};

static const struct file_type *type(const char *ext)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(types[i].ext, ext) == 0) {
            return &types[i];
        }
    }
    return NULL;
}

static bool starts(const unsigned char *p, size_t n, const char *magic,
                   size_t m)
{
    return n >= m && memcmp(p, magic, m) == 0;
}

static bool contains(const unsigned char *p, size_t n, const char *s)
{
    size_t m = strlen(s);
    for (size_t i = 0; m <= n && i <= n - m; i++) {
        if (p[i] == (unsigned char)s[0] && memcmp(p + i, s, m) == 0) {
            return true;
        }
    }
    return false;
}

/* The name's extension, lower-cased into buf ("" when none). */
static const char *extension(const char *name, char *buf, size_t len)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    size_t i = 0;
    if (dot) {
        for (dot++; *dot && i + 1 < len; dot++) {
            char c = *dot;
            buf[i++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
    }
    buf[i] = 0;
    return buf;
}

/* Which extensions a name may carry for a content type. */
static bool ext_matches(const char *ext, const char *canonical)
{
    if (strcmp(ext, canonical) == 0) {
        return true;
    }
    return strcmp(canonical, "jpg") == 0 && strcmp(ext, "jpeg") == 0;
}

const struct file_type *file_type_of(const unsigned char *p, size_t n,
                                     const char *name)
{
    char buf[8];
    const char *ext = extension(name, buf, sizeof buf);
    const char *what = NULL;
    if (starts(p, n, "\xFF\xD8\xFF", 3)) {
        what = "jpg";
    } else if (starts(p, n, "\x89PNG\r\n\x1A\n", 8)) {
        what = "png";
    } else if (starts(p, n, "%PDF-", 5)) {
        what = "pdf";
    } else if (starts(p, n, "PK\x03\x04", 4) &&
               contains(p, n, "[Content_Types].xml")) {
        /* Office Open XML: a zip whose parts say which program. */
        what = contains(p, n, "word/")  ? "docx"
               : contains(p, n, "xl/")  ? "xlsx"
               : contains(p, n, "ppt/") ? "pptx"
                                        : NULL;
    } else if (starts(p, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        /* The old binary formats share one container: the name decides
         * among them. */
        if (strcmp(ext, "doc") == 0 || strcmp(ext, "xls") == 0 ||
            strcmp(ext, "ppt") == 0) {
            what = ext;
        }
    }
    if (!what || !ext_matches(ext, what)) {
        return NULL;
    }
    return type(what);
}

static int be16(const unsigned char *p)
{
    return p[0] << 8 | p[1];
}

bool file_type_image_size(const unsigned char *p, size_t n, int *w, int *h)
{
    if (starts(p, n, "\x89PNG\r\n\x1A\n", 8) && n >= 24 &&
        memcmp(p + 12, "IHDR", 4) == 0) {
        unsigned long pw = (unsigned long)p[16] << 24 | (unsigned long)p[17] << 16 |
                           (unsigned long)p[18] << 8 | p[19];
        unsigned long ph = (unsigned long)p[20] << 24 | (unsigned long)p[21] << 16 |
                           (unsigned long)p[22] << 8 | p[23];
        if (pw == 0 || ph == 0 || pw > 100000 || ph > 100000) {
            return false;
        }
        *w = (int)pw;
        *h = (int)ph;
        return true;
    }
    if (!starts(p, n, "\xFF\xD8", 2)) {
        return false;
    }
    /* Walk the JPEG's segments to the first start-of-frame, as libjpeg
     * reads them (jdmarker.c): TEM and RSTn stand alone, with no length;
     * the size read here must be the one the decoder will allocate, or a
     * small file claims 16×16 and decodes as 30000×30000. */
    size_t i = 2;
    while (i + 4 <= n) {
        if (p[i] != 0xFF) {
            return false;
        }
        unsigned char marker = p[i + 1];
        if (marker == 0xFF) {
            i++;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            i += 2;
            continue;
        }
        /* A second SOI, the image data or its end before any frame, or
         * a stuffed zero: not a JPEG libjpeg would decode. */
        if (marker == 0x00 || marker == 0xD8 || marker == 0xD9 ||
            marker == 0xDA) {
            return false;
        }
        int len = be16(p + i + 2);
        if (len < 2) {
            return false;
        }
        bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 &&
                   marker != 0xC8 && marker != 0xCC;
        if (sof) {
            if (i + 9 > n) {
                return false;
            }
            *h = be16(p + i + 5);
            *w = be16(p + i + 7);
            return *w > 0 && *h > 0;
        }
        i += 2 + (size_t)len;
    }
    return false;
}
