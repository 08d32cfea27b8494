/* A table of text written as a spreadsheet file: CSV (UTF-8 with a BOM,
 * so that Excel reads the Chinese right) or .xlsx (libxlsxwriter). A cell
 * that a spreadsheet would read as a formula (=, +, -, @, tab, CR) stays
 * text: a name typed as =HYPERLINK(...) is not run. In a CSV it gets a
 * leading apostrophe, the only mark a CSV has (sgz's import drops it
 * again); an .xlsx writes it unchanged as a string cell in the text
 * format "@", which Excel never evaluates, not even when it is edited. */
#ifndef SGZ_SHEET_H
#define SGZ_SHEET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct sheet {
    const char *title;          /* sheet name, also the first row when set */
    const char *subtitle;       /* a second line of the title row (the
                                   filter an export applied), or NULL */
    size_t ncols, nrows;
    const char *const *header;  /* ncols labels */
    const char **cells;         /* nrows × ncols, row by row; NULL: empty */
    const double *widths;       /* ncols column widths, or NULL */
    const bool *numeric;        /* ncols: an .xlsx column of numbers (a
                                   count, minutes, yuan) that a
                                   spreadsheet adds up; NULL: all text */
    /* ncols: the values a column offers (NULL-terminated; NULL: none),
     * or NULL. An .xlsx lists them on a second sheet, 可选值,
     * and offers them in a drop-down on the column; other text may
     * still be typed (an import reads 低保 for 最低生活保障对象). A CSV
     * has no room for them. */
    const char *const *const *choices;
    /* ncols: a note a column with choices shows when one of its cells is
     * picked (Excel's input message: several values, say), or NULL. */
    const char *const *prompts;
};

/* The text a CSV cell is written as (neutralised against formulas), in
 * scratch when changed: whole, however long. */
const char *sheet_safe(const char *cell, struct strbuf *scratch);
void sheet_csv(const struct sheet *s, struct strbuf *out);
/* 0, or -1 with a reason in err. */
int sheet_xlsx(const struct sheet *s, struct strbuf *out, char *err,
               size_t errlen);

/* A sheet written row by row into a private temporary file, for a file
 * too large to hold in memory (an export of 200,000 clients): head gives
 * the title, the columns and their widths; its cells are not read. Each
 * call returns 0, or -1 with a reason in err; after a failure only
 * sheet_file_discard() may follow. */
struct sheet_file;
struct sheet_file *sheet_file_open(const struct sheet *head, bool xlsx,
                                   char *err, size_t errlen);
int sheet_file_row(struct sheet_file *f, const char *const *cells,
                   char *err, size_t errlen);
/* Ends the file and frees f: *fd reads it from its start (nothing else
 * can open it; the caller closes it), *size is its length. */
int sheet_file_finish(struct sheet_file *f, int *fd, uint64_t *size,
                      char *err, size_t errlen);
void sheet_file_discard(struct sheet_file *f);

#endif
