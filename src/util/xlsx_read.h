/* Reads the worksheets of an .xlsx file (minizip and expat) into rows of
 * text: shared and inline strings as text, numbers as Excel
 * wrote them (dates stay serial numbers; the importer knows which
 * columns hold dates), a value merged down over rows in each of them.
 * Unpacked parts are bounded, so a zip bomb fails. */
#ifndef SGZ_XLSX_READ_H
#define SGZ_XLSX_READ_H
#include <stdbool.h>
#include <stddef.h>

#define XLSX_MAX_COLS 64
/* Sheets a workbook lists, at most (the rest are not offered). */
#define XLSX_MAX_SHEETS 255

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

/* An opened workbook: NULL with a reason in err (not a zip, no
 * worksheet, malformed shared strings). */
struct xlsx_book;
struct xlsx_book *xlsx_open(const char *data, size_t len, char *err,
                            size_t errlen);
/* The worksheets a person sees, in the workbook's order (hidden sheets
 * and chart sheets left out): at least one. */
size_t xlsx_sheets(const struct xlsx_book *b);
/* Worksheet i's name as its tab shows it ("" when the workbook names
 * none). */
const char *xlsx_sheet_name(const struct xlsx_book *b, size_t i);
/* Reads worksheet i into out: 0, or -1 with a reason in err (malformed
 * XML, more than max_rows rows). With head, only its first max_rows
 * rows, the rest unread and no error. */
int xlsx_read_sheet(struct xlsx_book *b, size_t i, size_t max_rows,
                    bool head, struct xlsx_rows *out, char *err,
                    size_t errlen);
void xlsx_close(struct xlsx_book *b);
void xlsx_rows_free(struct xlsx_rows *r);

#endif
