#include "rows.h"

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
        return xlsx_read(data, len, max_rows, &r->xlsx, err, errlen);
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

int rows_next(struct rows *r, long *line, int *n, const char *const **cells)
{
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
    memset(r, 0, sizeof *r);
}
