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
    struct xlsx_rows xlsx;
    size_t at;
    const char *cells[XLSX_MAX_COLS];
};

/* 0, or -1 with a reason in err. */
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
void rows_close(struct rows *r);

#endif
