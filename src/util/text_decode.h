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

/* The first line (from 1) that is not UTF-8 in a file whose other lines
 * are, after a BOM: a GBK cell pasted into a UTF-8 sheet. 0 when every
 * line is UTF-8, or when too few are to call the file UTF-8. */
long text_bad_utf8_line(const char *data, size_t len);

#endif
