/* Text files as people's spreadsheets save them: UTF-8 with or without a
 * byte-order mark, or GBK/GB18030, which is what Excel in China writes
 * for "CSV". */
#ifndef SGZ_TEXT_DECODE_H
#define SGZ_TEXT_DECODE_H
#include <stddef.h>

/* Converts data to UTF-8 without a BOM into *out (malloc'd, NUL
 * terminated) and names the encoding it was in ("UTF-8" or "GB18030").
 * 0, or -1 when it is neither (a binary file, another encoding). */
int text_to_utf8(const char *data, size_t len, char **out, size_t *out_len,
                 const char **encoding);

#endif
