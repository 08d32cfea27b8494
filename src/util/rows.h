/* The rows of an uploaded table, whatever it was: .xlsx (recognised by
 * its zip signature) or CSV in UTF-8 (with or without BOM) or GBK. */
#ifndef SGZ_ROWS_H
#define SGZ_ROWS_H
#include <stddef.h>

#include "csv.h"
#include "xlsx_read.h"

struct rows {
    const char *format;   /* "xlsx" or "csv" */
    const char *encoding; /* for CSV: "UTF-8" or "GB18030" */
    /* internal */
    char *text;
    struct csv csv;
    struct xlsx_book *book;
    struct xlsx_rows xlsx;
    size_t sheet, max_rows;
    size_t at;
    const char *cells[XLSX_MAX_COLS];
    /* The last row given, given again once (rows_again). */
    struct {
        int rc, n, pending;
        long line;
        const char *const *cells;
    } last;
};

/* 0, or -1 with a reason in err. Of an .xlsx only the workbook is read:
 * rows_use_sheet() reads the worksheet to take rows from (rows_next
 * gives none before). */
int rows_open(struct rows *r, const char *data, size_t len, size_t max_rows,
              char *err, size_t errlen);
/* The next row: 1 with *line (its number in the file), *n and *cells
 * (NULL or "" for empty cells), 0 at the end, -1 when the file is
 * malformed there (CSV: an unclosed quote, too many or too long fields). */
int rows_next(struct rows *r, long *line, int *n, const char *const **cells);
/* Of the row rows_next gave last, the cells (bit c for cell c) that hold
 * a value merged down from a row above rather than their own: 0 for
 * CSV. */
unsigned long long rows_filled(const struct rows *r);
/* The next rows_next gives the row it gave last once more: a row read
 * ahead and not taken. */
void rows_again(struct rows *r);
void rows_close(struct rows *r);

/* An .xlsx's worksheets a person sees (at least one); 0 for a CSV. */
size_t rows_sheets(const struct rows *r);
const char *rows_sheet_name(const struct rows *r, size_t i);
/* The worksheet being read, from 0; SIZE_MAX before one is. */
size_t rows_sheet(const struct rows *r);
/* Reads worksheet i, rows_next giving its rows from the top: 0, or -1
 * with a reason in err (and nothing left to read). */
int rows_use_sheet(struct rows *r, size_t i, char *err, size_t errlen);
/* The first n rows of worksheet i as rows of their own (head, read with
 * rows_next and closed with rows_close), r's left as they were: a look
 * at what a sheet holds. 0, or -1 with a reason in err. */
int rows_sheet_head(struct rows *r, size_t i, size_t n, struct rows *head,
                    char *err, size_t errlen);

#endif
