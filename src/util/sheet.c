#include "sheet.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

const char *sheet_safe(const char *cell, struct strbuf *scratch)
{
    if (!cell) {
        return "";
    }
    if (strchr("=+-@\t\r", cell[0]) && cell[0]) {
        strbuf_reset(scratch);
        strbuf_addc(scratch, '\'');
        strbuf_adds(scratch, cell);
        return scratch->buf;
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

static void csv_cell(struct strbuf *out, struct strbuf *scratch,
                     const char *cell)
{
    const char *v = sheet_safe(cell, scratch);
    if (spoilt_as_number(v)) {
        /* A trailing tab makes the cell text in both; sgz's own import
         * trims it. Kept after weighing the others (docs/architecture.md,
         * "An ID number in a CSV"): no mark at all loses the last three
         * digits in Excel and LibreOffice alike; a leading tab is kept
         * as data by LibreOffice just the same, shows as an indent, and
         * is what the formula guard above prefixes; ="…" is a formula,
         * which that guard exists to keep out. No form is both whole in
         * Excel and clean elsewhere: .xlsx is, and the export dialog
         * says so. */
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

static void csv_row(struct strbuf *out, const char *const *cells,
                    size_t ncols)
{
    struct strbuf scratch;
    strbuf_init(&scratch);
    for (size_t c = 0; c < ncols; c++) {
        if (c) {
            strbuf_adds(out, ",");
        }
        csv_cell(out, &scratch, cells[c]);
    }
    strbuf_free(&scratch);
    strbuf_adds(out, "\r\n");
}

void sheet_csv(const struct sheet *s, struct strbuf *out)
{
    strbuf_adds(out, "\xEF\xBB\xBF");
    csv_row(out, s->header, s->ncols);
    for (size_t r = 0; r < s->nrows; r++) {
        csv_row(out, s->cells + r * s->ncols, s->ncols);
    }
}

struct sheet_file {
    bool xlsx;
    size_t ncols;
    char path[512];       /* the .xlsx until it is closed; "" for CSV */
    int fd;               /* CSV: the unlinked file written so far */
    struct strbuf buf;    /* CSV: rows not yet written */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *text;
    lxw_format *decimal;  /* numbers written with a point: "0.00" */
    bool *numeric;        /* ncols, or NULL */
    lxw_row_t row;        /* the next row of the worksheet */
};

static const char *temp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

/* Writes what the CSV buffer holds; -1 with a reason in err. */
static int csv_flush(struct sheet_file *f, char *err, size_t errlen)
{
    size_t done = 0;
    while (done < f->buf.len) {
        ssize_t n = write(f->fd, f->buf.buf + done, f->buf.len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            snprintf(err, errlen, "writing a temporary file in %s: %s",
                     temp_dir(), strerror(n < 0 ? errno : ENOSPC));
            return -1;
        }
        done += (size_t)n;
    }
    strbuf_reset(&f->buf);
    return 0;
}

/* The height of a title row that has a subtitle: room for the title's
 * line and for the subtitle wrapped in the merged columns' width, which a
 * spreadsheet does not grow a row for by itself. A character of 14pt
 * text is about 1.3 widths for a letter, 2.6 for a Chinese one: 0.9 for
 * each byte of UTF-8 near enough for either. */
static double title_height(const struct sheet *head)
{
    double width = 0;
    for (size_t c = 0; c < head->ncols; c++) {
        width += head->widths ? head->widths[c] : 14;
    }
    double need = 0.9 * (double)strlen(head->subtitle);
    int lines = 1 + (int)(need / width) + 1;
    return 20.0 * lines;
}

/* The title row; a subtitle goes on a second line of the same cell, not
 * a row of its own, so that the header stays on the second row and a
 * tool reading the sheet by rows finds it where it always was. */
static int xlsx_title(struct sheet_file *f, const struct sheet *head,
                      lxw_format *title)
{
    const char *text = head->title;
    char *both = NULL;
    if (head->subtitle && *head->subtitle) {
        size_t n = strlen(head->title) + strlen(head->subtitle) + 2;
        both = malloc(n);
        if (!both) {
            return -1;
        }
        snprintf(both, n, "%s\n%s", head->title, head->subtitle);
        text = both;
        format_set_text_wrap(title);
        format_set_align(title, LXW_ALIGN_VERTICAL_CENTER);
        worksheet_set_row(f->ws, 0, title_height(head), NULL);
    }
    if (head->ncols > 1) {
        worksheet_merge_range(f->ws, 0, 0, 0, (lxw_col_t)(head->ncols - 1),
                              text, title);
    } else {
        worksheet_write_string(f->ws, 0, 0, text, title);
    }
    free(both);
    return 0;
}

/* The sheet's tab named after its title, as a reader names it ("审计日志"
 * rather than "Sheet1"): the title up to its filter or date ("社工花名册
 * （2026-06-15）" is 社工花名册), the characters a tab may not hold
 * replaced, at most 31 characters. NULL (libxlsxwriter's "Sheet1") when
 * there is no title or the name is still refused. */
static char *tab_name(lxw_workbook *wb, const struct sheet *head, char *buf,
                      size_t len)
{
    if (!head->title) {
        return NULL;
    }
    static const char *const stops[] = {"\n", "\xEF\xBC\x88" /* （ */, "(",
                                        ":", "\xEF\xBC\x9A" /* ： */, NULL};
    size_t n = 0, chars = 0;
    const char *p = head->title;
    while (*p && chars < 31) {
        bool stop = false;
        for (size_t i = 0; stops[i] && !stop; i++) {
            stop = strncmp(p, stops[i], strlen(stops[i])) == 0;
        }
        size_t k = 1; /* the bytes of this character */
        while ((p[k] & 0xC0) == 0x80) {
            k++;
        }
        if (stop || n + k >= len) {
            break;
        }
        bool bad = k == 1 && strchr("[]*?/\\'", *p) != NULL;
        memcpy(buf + n, bad ? "_" : p, bad ? 1 : k);
        n += bad ? 1 : k;
        p += k;
        chars++;
    }
    while (n > 0 && buf[n - 1] == ' ') {
        n--;
    }
    buf[n] = '\0';
    return n && workbook_validate_sheet_name(wb, buf) == LXW_NO_ERROR ? buf
                                                                 : NULL;
}

/* A drop-down on column col from row first down, its values read from
 * range, with prompt (or NULL) shown when a cell is picked.
 * libxlsxwriter 1.1.4 (Debian 12) copies a list formula twice and loses
 * the first copy: a leak per drop-down, which the sanitizer and valgrind
 * builds report. A literal list of one item is copied once,
 * and that copy's formula is then swapped for the range; the writer
 * prints a list's formula as it stands either way. */
static int xlsx_list_range(lxw_worksheet *ws, lxw_row_t first, lxw_col_t col,
                           const char *range, const char *prompt)
{
    char dash[] = "-";
    char *one[] = {dash, NULL};
    lxw_data_validation dv = {
        .validate = LXW_VALIDATION_TYPE_LIST,
        .value_list = one,
        .show_error = LXW_VALIDATION_OFF,
        .input_message = (char *)prompt, /* copied, not written */
    };
    if (worksheet_data_validation_range(ws, first, col, LXW_ROW_MAX - 1, col,
                                        &dv) != LXW_NO_ERROR) {
        return -1;
    }
    lxw_data_val_obj *made = NULL, *dv_at;
    STAILQ_FOREACH(dv_at, ws->data_validations, list_pointers)
    {
        made = dv_at;
    }
    char *copy = strdup(range);
    if (!made || !copy) {
        free(copy);
        return -1;
    }
    free(made->value_formula);
    made->value_formula = copy;
    return 0;
}

/* The second sheet of head's choices, a column each, and a drop-down
 * on each column that has some, from the first row under the header
 * down. Written row by row, as the workbook's constant memory wants. */
static int xlsx_choices(struct sheet_file *f, const struct sheet *head,
                        lxw_format *bold)
{
    const char *name = "可选值";
    lxw_worksheet *ws = workbook_add_worksheet(f->wb, name);
    if (!ws) {
        return -1;
    }
    size_t longest = 0;
    lxw_col_t out = 0;
    for (size_t c = 0; c < head->ncols; c++) {
        const char *const *v = head->choices[c];
        size_t n = 0;
        while (v && v[n]) {
            n++;
        }
        if (n == 0) {
            continue;
        }
        longest = n > longest ? n : longest;
        worksheet_write_string(ws, 0, out, head->header[c], bold);
        worksheet_set_column(ws, out, out, 18, NULL);
        char col[8], range[64];
        lxw_col_to_name(col, out, 0);
        snprintf(range, sizeof range, "'%s'!$%s$2:$%s$%zu", name, col, col,
                 n + 1);
        const char *prompt = head->prompts ? head->prompts[c] : NULL;
        if (xlsx_list_range(f->ws, f->row, (lxw_col_t)c, range, prompt) !=
            0) {
            return -1;
        }
        out++;
    }
    for (size_t r = 0; r < longest; r++) {
        out = 0;
        for (size_t c = 0; c < head->ncols; c++) {
            const char *const *v = head->choices[c];
            if (!v || !v[0]) {
                continue;
            }
            size_t n = 0;
            while (n <= r && v[n]) {
                n++;
            }
            if (n > r) {
                worksheet_write_string(ws, (lxw_row_t)(r + 1), out, v[r],
                                       NULL);
            }
            out++;
        }
    }
    return 0;
}

static int xlsx_start(struct sheet_file *f, const struct sheet *head,
                      char *err, size_t errlen)
{
    /* Row by row through temporary files, not every cell in memory: an
     * export of 87,000 clients held 140 MB of cells in libxlsxwriter's
     * trees, which the heap kept after the request. */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
                                .tmpdir = (char *)temp_dir()};
    f->wb = workbook_new_opt(f->path, &opt);
    if (!f->wb) {
        snprintf(err, errlen, "cannot start the workbook");
        return -1;
    }
    char tab[128];
    f->ws = workbook_add_worksheet(f->wb,
                                   tab_name(f->wb, head, tab, sizeof tab));
    lxw_format *bold = workbook_add_format(f->wb);
    format_set_bold(bold);
    format_set_bg_color(bold, 0xDDEBF7);
    format_set_border(bold, LXW_BORDER_THIN);
    lxw_format *title = workbook_add_format(f->wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_align(title, LXW_ALIGN_CENTER);
    /* Every column but a numeric one is text: what is typed into the
     * file later stays as typed (an ID number as 18 characters, not
     * 4.30223E+17; 0731 with its 0), which is how every cell here is
     * written too. */
    f->text = workbook_add_format(f->wb);
    format_set_num_format_index(f->text, 49); /* the built-in "@" */
    f->decimal = workbook_add_format(f->wb);
    format_set_num_format_index(f->decimal, 2); /* the built-in "0.00" */
    if (head->title) {
        if (xlsx_title(f, head, title) != 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        f->row = 1;
    }
    if (head->numeric) {
        f->numeric = calloc(head->ncols, sizeof *f->numeric);
        if (!f->numeric) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        memcpy(f->numeric, head->numeric, head->ncols * sizeof *f->numeric);
    }
    for (size_t c = 0; c < head->ncols; c++) {
        worksheet_write_string(f->ws, f->row, (lxw_col_t)c, head->header[c],
                               bold);
        worksheet_set_column(f->ws, (lxw_col_t)c, (lxw_col_t)c,
                             head->widths ? head->widths[c] : 14,
                             f->numeric && f->numeric[c] ? NULL : f->text);
    }
    worksheet_freeze_panes(f->ws, f->row + 1, 0);
    f->row++;
    if (head->choices && xlsx_choices(f, head, bold) != 0) {
        snprintf(err, errlen, "cannot list the choices");
        return -1;
    }
    return 0;
}

struct sheet_file *sheet_file_open(const struct sheet *head, bool xlsx,
                                   char *err, size_t errlen)
{
    struct sheet_file *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    f->xlsx = xlsx;
    f->ncols = head->ncols;
    strbuf_init(&f->buf);
    snprintf(f->path, sizeof f->path, "%s/sgz-sheet-XXXXXX", temp_dir());
    f->fd = mkstemp(f->path);
    if (f->fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file in %s",
                 temp_dir());
        free(f);
        return NULL;
    }
    if (xlsx) {
        /* libxlsxwriter writes the file by its name when it closes. */
        close(f->fd);
        f->fd = -1;
        if (xlsx_start(f, head, err, errlen) != 0) {
            sheet_file_discard(f);
            return NULL;
        }
        return f;
    }
    /* Nobody else may open a CSV that can hold ID numbers in full. */
    unlink(f->path);
    f->path[0] = 0;
    strbuf_adds(&f->buf, "\xEF\xBB\xBF");
    csv_row(&f->buf, head->header, head->ncols);
    return f;
}

/* Whether s is a plain decimal number ("35", "-12.50"), nothing else. */
static bool number_of(const char *s, double *out)
{
    const char *p = s + (*s == '-');
    size_t digits = 0, dots = 0;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            digits++;
        } else if (*p == '.' && dots++ == 0) {
            continue;
        } else {
            return false;
        }
    }
    if (digits == 0 || digits > 15) {
        return false; /* beyond 15 digits a spreadsheet loses some */
    }
    *out = strtod(s, NULL);
    return true;
}

int sheet_file_row(struct sheet_file *f, const char *const *cells,
                   char *err, size_t errlen)
{
    if (!f->xlsx) {
        csv_row(&f->buf, cells, f->ncols);
        return f->buf.len < 65536 ? 0 : csv_flush(f, err, errlen);
    }
    for (size_t c = 0; c < f->ncols; c++) {
        if (!cells[c] || !*cells[c]) {
            continue;
        }
        double num;
        lxw_error e;
        if (f->numeric && f->numeric[c] && number_of(cells[c], &num)) {
            e = worksheet_write_number(
                f->ws, f->row, (lxw_col_t)c, num,
                strchr(cells[c], '.') ? f->decimal : NULL);
        } else {
            /* As it is: a string cell is never a formula, and the text
             * format keeps one typed over it in Excel text too. */
            e = worksheet_write_string(f->ws, f->row, (lxw_col_t)c,
                                       cells[c], f->text);
        }
        if (e != LXW_NO_ERROR) {
            snprintf(err, errlen, "writing row %u: %s", (unsigned)f->row,
                     lxw_strerror(e));
            return -1;
        }
    }
    f->row++;
    return 0;
}

int sheet_file_finish(struct sheet_file *f, int *fd, uint64_t *size,
                      char *err, size_t errlen)
{
    *fd = -1;
    int rc = 0;
    if (f->xlsx) {
        lxw_error e = workbook_close(f->wb);
        f->wb = NULL;
        if (e != LXW_NO_ERROR) {
            snprintf(err, errlen, "writing the workbook: %s",
                     lxw_strerror(e));
            rc = -1;
        } else if ((f->fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0) {
            snprintf(err, errlen, "cannot read the workbook back");
            rc = -1;
        }
    } else {
        rc = csv_flush(f, err, errlen);
    }
    struct stat st;
    if (rc == 0 && (fstat(f->fd, &st) != 0 || lseek(f->fd, 0, SEEK_SET) != 0)) {
        snprintf(err, errlen, "cannot read the sheet back: %s",
                 strerror(errno));
        rc = -1;
    }
    if (rc == 0) {
        *fd = f->fd;
        *size = (uint64_t)st.st_size;
        f->fd = -1;
    }
    sheet_file_discard(f);
    return rc;
}

void sheet_file_discard(struct sheet_file *f)
{
    if (!f) {
        return;
    }
    if (f->wb) {
        /* Written out only to be deleted (2.4 s for a refused export of
         * 200,000 rows): lxw_workbook_free() would leave the worksheet's
         * temporary file open (libxlsxwriter 1.1.4). */
        workbook_close(f->wb);
    }
    if (f->path[0]) {
        unlink(f->path);
    }
    if (f->fd >= 0) {
        close(f->fd);
    }
    strbuf_free(&f->buf);
    free(f->numeric);
    free(f);
}

int sheet_xlsx(const struct sheet *s, struct strbuf *out, char *err,
               size_t errlen)
{
    struct sheet_file *f = sheet_file_open(s, true, err, errlen);
    if (!f) {
        return -1;
    }
    for (size_t r = 0; r < s->nrows; r++) {
        if (sheet_file_row(f, s->cells + r * s->ncols, err, errlen) != 0) {
            sheet_file_discard(f);
            return -1;
        }
    }
    int fd;
    uint64_t size;
    if (sheet_file_finish(f, &fd, &size, err, errlen) != 0) {
        return -1;
    }
    strbuf_reserve(out, (size_t)size);
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0) {
        strbuf_add(out, chunk, (size_t)n);
    }
    close(fd);
    if (n < 0) {
        snprintf(err, errlen, "cannot read the workbook back: %s",
                 strerror(errno));
        return -1;
    }
    return 0;
}
