#include "rows.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_decode.h"

int rows_open(struct rows *r, const char *data, size_t len, size_t max_rows,
              char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
        r->format = "xlsx";
        r->max_rows = max_rows;
        r->book = xlsx_open(data, len, err, errlen);
        r->sheet = SIZE_MAX; /* none read yet */
        return r->book ? 0 : -1;
    }
    r->format = "csv";
    size_t tlen;
    if (text_to_utf8(data, len, &r->text, &tlen, &r->encoding) != 0) {
        snprintf(err, errlen, "neither .xlsx nor CSV text in UTF-8 or GBK");
        return -1;
    }
    csv_init(&r->csv, r->text, tlen);
    return 0;
}

static int next_row(struct rows *r, long *line, int *n,
                    const char *const **cells);

int rows_next(struct rows *r, long *line, int *n, const char *const **cells)
{
    if (r->last.pending) {
        r->last.pending = 0;
    } else {
        r->last.rc = next_row(r, &r->last.line, &r->last.n, &r->last.cells);
    }
    *line = r->last.line;
    *n = r->last.n;
    *cells = r->last.cells;
    return r->last.rc;
}

void rows_again(struct rows *r)
{
    r->last.pending = 1;
}

static int next_row(struct rows *r, long *line, int *n,
                    const char *const **cells)
{
    *n = 0;
    *cells = NULL;
    if (strcmp(r->format, "xlsx") == 0) {
        if (r->at >= r->xlsx.nrows) {
            return 0;
        }
        const struct xlsx_row *row = &r->xlsx.rows[r->at++];
        *line = row->line;
        *n = row->ncells;
        *cells = (const char *const *)row->cells;
        return 1;
    }
    int rc = csv_next(&r->csv);
    if (rc <= 0) {
        *line = r->csv.line;
        return rc;
    }
    for (int i = 0; i < r->csv.nfields; i++) {
        r->cells[i] = r->csv.field[i];
    }
    *line = r->csv.line;
    *n = r->csv.nfields;
    *cells = r->cells;
    return 1;
}

unsigned long long rows_filled(const struct rows *r)
{
    return strcmp(r->format, "xlsx") == 0 && r->at > 0
               ? r->xlsx.rows[r->at - 1].filled
               : 0;
}

void rows_close(struct rows *r)
{
    free(r->text);
    xlsx_rows_free(&r->xlsx);
    xlsx_close(r->book);
    memset(r, 0, sizeof *r);
}

size_t rows_sheets(const struct rows *r)
{
    return r->book ? xlsx_sheets(r->book) : 0;
}

const char *rows_sheet_name(const struct rows *r, size_t i)
{
    return r->book ? xlsx_sheet_name(r->book, i) : "";
}

size_t rows_sheet(const struct rows *r)
{
    return r->sheet;
}

int rows_use_sheet(struct rows *r, size_t i, char *err, size_t errlen)
{
    if (!r->book) {
        snprintf(err, errlen, "a CSV file has no worksheets");
        return -1;
    }
    r->at = 0;
    memset(&r->last, 0, sizeof r->last);
    if (i == r->sheet) {
        return 0; /* read already: from its top again */
    }
    xlsx_rows_free(&r->xlsx);
    r->sheet = SIZE_MAX;
    if (xlsx_read_sheet(r->book, i, r->max_rows, false, &r->xlsx, err,
                        errlen) != 0) {
        return -1;
    }
    r->sheet = i;
    return 0;
}

int rows_sheet_head(struct rows *r, size_t i, size_t n, struct rows *head,
                    char *err, size_t errlen)
{
    memset(head, 0, sizeof *head);
    if (!r->book) {
        snprintf(err, errlen, "a CSV file has no worksheets");
        return -1;
    }
    head->format = "xlsx";
    head->sheet = i;
    return xlsx_read_sheet(r->book, i, n, true, &head->xlsx, err, errlen);
}
