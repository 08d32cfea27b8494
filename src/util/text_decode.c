#include "text_decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

static int copy(const char *data, size_t len, char **out, size_t *out_len)
{
    *out = xmalloc(len + 1);
    memcpy(*out, data, len);
    (*out)[len] = 0;
    *out_len = len;
    return 0;
}

/* GB18030 is a superset of GBK and GB2312: what Excel in China saves. */
static int from_gb18030(const char *data, size_t len, char **out,
                        size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        return -1;
    }
    size_t cap = len * 2 + 16; /* a GBK character grows by half at most */
    char *buf = xmalloc(cap);
    char *in = (char *)data, *o = buf;
    size_t inleft = len, oleft = cap - 1;
    size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
    iconv_close(cd);
    if (rc == (size_t)-1) {
        free(buf);
        return -1;
    }
    *o = 0;
    *out = buf;
    *out_len = (size_t)(o - buf);
    return 0;
}

/* Text may hold tabs and line breaks; utf8_valid refuses NUL and other
 * control bytes. */
int text_to_utf8(const char *data, size_t len, char **out, size_t *out_len,
                 const char **encoding)
{
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
        *encoding = "UTF-8";
        return utf8_valid(data, len, true) ? copy(data, len, out, out_len)
                                           : -1;
    }
    if (memchr(data, 0, len)) {
        return -1; /* binary, or UTF-16 */
    }
    if (utf8_valid(data, len, true)) {
        *encoding = "UTF-8";
        return copy(data, len, out, out_len);
    }
    /* Mostly UTF-8 with a line that is not: decoded as GB18030 the
     * UTF-8 lines would become other characters. The caller says which
     * line (text_bad_utf8_line). */
    if (text_bad_utf8_line(data, len) > 0) {
        return -1;
    }
    *encoding = "GB18030";
    if (from_gb18030(data, len, out, out_len) != 0) {
        return -1;
    }
    if (!utf8_valid(*out, *out_len, true)) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

long text_bad_utf8_line(const char *data, size_t len)
{
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    /* Lines of ASCII alone (an empty row's commas) are both encodings:
     * only lines with other bytes count. */
    long line = 0, first_bad = 0, bad = 0, wide = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - data) : len;
        line++;
        bool ascii = true;
        for (size_t k = at; k < end && ascii; k++) {
            ascii = (unsigned char)data[k] < 0x80;
        }
        if (!ascii) {
            wide++;
            if (!utf8_valid(data + at, end - at, true)) {
                bad++;
                first_bad = first_bad ? first_bad : line;
            }
        }
        at = end + 1;
    }
    /* A GBK file has (nearly) all its Chinese lines bad as UTF-8: that
     * is another encoding, not a line pasted in. */
    return first_bad && bad * 2 <= wide ? first_bad : 0;
}
