/* libFuzzer target: the readers of uploaded tables (util/rows.h): the
 * text decoder (UTF-8, BOM, GBK), the CSV reader and, for inputs that
 * start like a zip, the .xlsx reader (minizip, expat). Every row must
 * come back with at most the columns allowed and cells that are text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/rows.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every row has at most the columns allowed, and a CSV's cells are
 * text. */
static void check_rows(struct rows *r)
{
    long line;
    int n;
    const char *const *cells;
    while (rows_next(r, &line, &n, &cells) > 0) {
        if (n < 0 || n > XLSX_MAX_COLS) {
            abort();
        }
        for (int i = 0; i < n; i++) {
            if (cells[i] && strcmp(r->format, "csv") == 0 &&
                !utf8_valid(cells[i], strlen(cells[i]), true)) {
                abort(); /* the decoder let bad text through */
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20) {
        return 0;
    }
    struct rows *r = malloc(sizeof *r);
    char err[200];
    if (rows_open(r, (const char *)data, size, 10000, err, sizeof err) ==
        0) {
        check_rows(r); /* a CSV's rows; none before a sheet is read */
        /* A workbook's sheets: a look at each one's head, then each read
         * whole. */
        for (size_t i = 0; i < rows_sheets(r) && i < 8; i++) {
            struct rows head;
            if (rows_sheet_head(r, i, 10, &head, err, sizeof err) == 0) {
                check_rows(&head);
            }
            rows_close(&head);
            if (rows_use_sheet(r, i, err, sizeof err) == 0) {
                check_rows(r);
            }
        }
        rows_close(r);
    }
    free(r);
    return 0;
}
