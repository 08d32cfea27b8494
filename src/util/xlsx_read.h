/* Reads the first worksheet of an .xlsx file (minizip and expat) into
 * rows of text: shared and inline strings as text, numbers as Excel
 * wrote them (dates stay serial numbers; the importer knows which
 * columns hold dates), a value merged down over rows in each of them.
 * Unpacked parts are bounded, so a zip bomb fails. */
#ifndef SGZ_XLSX_READ_H
#define SGZ_XLSX_READ_H
#include <stddef.h>

#define XLSX_MAX_COLS 64

/* A formula's cell saved without its result (programs other than Excel
 * and WPS may write only the formula): the cell's text, so that a reader
 * can say so rather than take the cell for empty. No cell a spreadsheet
 * program computes or a person types holds it. */
#define XLSX_NO_RESULT "#FORMULA-WITHOUT-RESULT"

struct xlsx_row {
    long line;    /* the row number in the sheet, from 1 */
    int ncells;
    char **cells; /* NULL: empty */
    /* Bit c: cell c holds a value merged down from a row above, not its
     * own. */
    unsigned long long filled;
};

struct xlsx_rows {
    struct xlsx_row *rows;
    size_t nrows, cap;
};

/* 0, or -1 with a reason in err (not a zip, no worksheet, malformed XML,
 * more than max_rows rows). */
int xlsx_read(const char *data, size_t len, size_t max_rows,
              struct xlsx_rows *out, char *err, size_t errlen);
void xlsx_rows_free(struct xlsx_rows *r);

#endif
