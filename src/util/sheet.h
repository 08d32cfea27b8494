/* A table of text written as a spreadsheet file: CSV (UTF-8 with a BOM,
 * so that Excel reads the Chinese right) or .xlsx (libxlsxwriter). Cells
 * that a spreadsheet would read as a formula (=, +, -, @, tab, CR) get a
 * leading apostrophe: a name typed as =HYPERLINK(...) stays text. */
#ifndef SGZ_SHEET_H
#define SGZ_SHEET_H
#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

struct sheet {
    const char *title;          /* sheet name, also the first row when set */
    size_t ncols, nrows;
    const char *const *header;  /* ncols labels */
    const char **cells;         /* nrows × ncols, row by row; NULL: empty */
    const double *widths;       /* ncols column widths, or NULL */
};

/* The text a cell is written as (neutralised), in buf when changed. */
const char *sheet_safe(const char *cell, char *buf, size_t len);
void sheet_csv(const struct sheet *s, struct strbuf *out);
/* 0, or -1 with a reason in err. */
int sheet_xlsx(const struct sheet *s, struct strbuf *out, char *err,
               size_t errlen);

#endif
