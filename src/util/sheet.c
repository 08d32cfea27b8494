#include "sheet.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

const char *sheet_safe(const char *cell, char *buf, size_t len)
{
    if (!cell) {
        return "";
    }
    if (strchr("=+-@\t\r", cell[0]) && cell[0]) {
        snprintf(buf, len, "'%s", cell);
        return buf;
    }
    return cell;
}

/* Digits that Excel and LibreOffice would read as a number and spoil:
 * more than 15 digits lose the rest (an ID number becomes
 * 430223198001010000), 12 or more show as 4.30223E+17, a leading 0 is
 * dropped. The last may be X (an ID number's check character). */
static bool spoilt_as_number(const char *v)
{
    size_t n = strlen(v);
    if (n < 2) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        bool x = i == n - 1 && (v[i] == 'X' || v[i] == 'x');
        if (!(v[i] >= '0' && v[i] <= '9') && !x) {
            return false;
        }
    }
    return n >= 12 || v[0] == '0';
}

static void csv_cell(struct strbuf *out, const char *cell)
{
    char buf[8192];
    const char *v = sheet_safe(cell, buf, sizeof buf);
    if (spoilt_as_number(v)) {
        /* A trailing tab makes the cell text in both; sgz's own import
         * trims it. */
        strbuf_adds(out, v);
        strbuf_adds(out, "\t");
        return;
    }
    if (!strpbrk(v, ",\"\r\n")) {
        strbuf_adds(out, v);
        return;
    }
    strbuf_adds(out, "\"");
    for (const char *p = v; *p; p++) {
        if (*p == '"') {
            strbuf_adds(out, "\"\"");
        } else {
            strbuf_add(out, p, 1);
        }
    }
    strbuf_adds(out, "\"");
}

void sheet_csv(const struct sheet *s, struct strbuf *out)
{
    strbuf_adds(out, "\xEF\xBB\xBF");
    for (size_t c = 0; c < s->ncols; c++) {
        if (c) {
            strbuf_adds(out, ",");
        }
        csv_cell(out, s->header[c]);
    }
    strbuf_adds(out, "\r\n");
    for (size_t r = 0; r < s->nrows; r++) {
        for (size_t c = 0; c < s->ncols; c++) {
            if (c) {
                strbuf_adds(out, ",");
            }
            csv_cell(out, s->cells[r * s->ncols + c]);
        }
        strbuf_adds(out, "\r\n");
    }
}

/* libxlsxwriter writes a file: a private temporary one, read back. */
int sheet_xlsx(const struct sheet *s, struct strbuf *out, char *err,
               size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/sgz-sheet-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file in %s",
                 dir && *dir ? dir : "/tmp");
        return -1;
    }
    close(fd);
    /* Row by row through temporary files, not every cell in memory: an
     * export of 87,000 clients held 140 MB of cells in libxlsxwriter's
     * trees, which the heap kept after the request. */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
                                .tmpdir = dir && *dir ? (char *)dir : NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        unlink(path);
        snprintf(err, errlen, "cannot start the workbook");
        return -1;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_bg_color(bold, 0xDDEBF7);
    format_set_border(bold, LXW_BORDER_THIN);
    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_align(title, LXW_ALIGN_CENTER);
    /* Every column is text: what is typed into the file later stays as
     * typed (an ID number as 18 characters, not 4.30223E+17; 0731 with
     * its 0), which is how every cell here is written too. */
    lxw_format *text = workbook_add_format(wb);
    format_set_num_format_index(text, 49); /* the built-in "@" */
    lxw_row_t row = 0;
    if (s->title) {
        if (s->ncols > 1) {
            worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(s->ncols - 1),
                                  s->title, title);
        } else {
            worksheet_write_string(ws, 0, 0, s->title, title);
        }
        row = 1;
    }
    char buf[8192];
    for (size_t c = 0; c < s->ncols; c++) {
        worksheet_write_string(ws, row, (lxw_col_t)c, s->header[c], bold);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                             s->widths ? s->widths[c] : 14, text);
    }
    worksheet_freeze_panes(ws, row + 1, 0);
    for (size_t r = 0; r < s->nrows; r++) {
        for (size_t c = 0; c < s->ncols; c++) {
            const char *v = s->cells[r * s->ncols + c];
            if (v && *v) {
                worksheet_write_string(ws, (lxw_row_t)(row + 1 + r),
                                       (lxw_col_t)c,
                                       sheet_safe(v, buf, sizeof buf), text);
            }
        }
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        unlink(path);
        snprintf(err, errlen, "writing the workbook: %s", lxw_strerror(e));
        return -1;
    }
    FILE *f = fopen(path, "rb");
    unlink(path);
    if (!f) {
        snprintf(err, errlen, "cannot read the workbook back");
        return -1;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        strbuf_add(out, chunk, n);
    }
    fclose(f);
    return 0;
}
