#include "xlsx_read.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unzip.h>

#include "strbuf.h"
#include "xalloc.h"

/* An entry of the archive may unpack to at most this (a zip bomb stops
 * here, not in memory). */
#define XLSX_MAX_PART (256u << 20)
/* Merged ranges read from a sheet, at most (a register has a few per
 * village). */
#define XLSX_MAX_MERGES 65536
/* A look at a sheet's first rows reads at most this much of it, and the
 * looks at a workbook's sheets all together at most the second. */
#define XLSX_HEAD_BYTES (4u << 20)
#define XLSX_HEADS_BYTES (32u << 20)
/* The workbook's list of sheets and its relationships, at most: a few
 * kilobytes in any file a program wrote. */
#define XLSX_MAX_BOOK (4u << 20)

static int read_part(unzFile z, const char *name, size_t max, char **out,
                     size_t *len, char *err, size_t errlen)
{
    *out = NULL;
    if (unzLocateFile(z, name, 0) != UNZ_OK) {
        return 1; /* absent */
    }
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0) !=
            UNZ_OK ||
        info.uncompressed_size > max ||
        unzOpenCurrentFile(z) != UNZ_OK) {
        snprintf(err, errlen, "%s: unreadable or too large", name);
        return -1;
    }
    size_t cap = (size_t)info.uncompressed_size + 1;
    char *buf = xmalloc(cap);
    size_t n = 0;
    int got;
    while ((got = unzReadCurrentFile(z, buf + n, (unsigned)(cap - 1 - n))) >
           0) {
        n += (size_t)got;
        if (n >= cap - 1) {
            break;
        }
    }
    unzCloseCurrentFile(z);
    if (got < 0) {
        free(buf);
        snprintf(err, errlen, "%s: damaged", name);
        return -1;
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return 0;
}

/* Shared strings: the text of each <si>, runs joined, phonetic guides
 * (<rPh>) left out. */
struct sst {
    char **items;
    size_t n, cap;
    struct strbuf cur;
    int in_t, in_rph;
};

static void sst_start(void *ud, const XML_Char *el, const XML_Char **attr)
{
    (void)attr;
    struct sst *s = ud;
    if (strcmp(el, "si") == 0) {
        strbuf_free(&s->cur);
        strbuf_init(&s->cur);
    } else if (strcmp(el, "rPh") == 0) {
        s->in_rph = 1;
    } else if (strcmp(el, "t") == 0 && !s->in_rph) {
        s->in_t = 1;
    }
}

static void sst_end(void *ud, const XML_Char *el)
{
    struct sst *s = ud;
    if (strcmp(el, "si") == 0) {
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 256;
            s->items = xrealloc(s->items, s->cap * sizeof *s->items);
        }
        s->items[s->n++] = xstrdup(s->cur.buf ? s->cur.buf : "");
    } else if (strcmp(el, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(el, "t") == 0) {
        s->in_t = 0;
    }
}

static void sst_text(void *ud, const XML_Char *t, int len)
{
    struct sst *s = ud;
    if (s->in_t) {
        strbuf_add(&s->cur, t, (size_t)len);
    }
}

/* The sheet: rows of cells, placed by their reference (B7). */
struct sheet_parse {
    const struct sst *sst;
    struct xlsx_rows *out;
    size_t max_rows;
    struct xlsx_row *row;
    int col;          /* of the cell being read */
    char type[12];    /* its t attribute */
    int in_v, in_t;
    int has_formula;  /* the cell holds an <f> … */
    int has_value;    /* … and a <v>, even an empty one (a formula's "") */
    struct strbuf val;
    int too_many;
    int head;         /* max_rows read, and the rest left unread */
    XML_Parser parser;
    /* Cells merged down over several rows: the column and rows of each. */
    struct merge {
        int col;
        long top, bottom;
    } *merges;
    size_t n_merges, cap_merges;
};

/* The column and row of a reference (D3): -1 when it is none. */
static int cell_ref(const char *ref, int *col, long *row)
{
    size_t letters = strspn(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    if (!letters || letters > 3) {
        return -1;
    }
    char *end;
    long r = strtol(ref + letters, &end, 10);
    int c = 0;
    for (size_t i = 0; i < letters; i++) {
        c = c * 26 + (ref[i] - 'A' + 1);
    }
    if (r < 1 || (*end && *end != ':')) {
        return -1;
    }
    *col = c - 1;
    *row = r;
    return 0;
}

/* <mergeCell ref="D3:D5"/>: kept when it spans rows (a title merged
 * across the columns of one row is nothing to fill). */
static void add_merge(struct sheet_parse *p, const char *ref)
{
    const char *colon = ref ? strchr(ref, ':') : NULL;
    int c1, c2;
    long r1, r2;
    if (!colon || p->n_merges >= XLSX_MAX_MERGES ||
        cell_ref(ref, &c1, &r1) != 0 ||
        cell_ref(colon + 1, &c2, &r2) != 0 || r2 <= r1 || c1 < 0 ||
        c1 >= XLSX_MAX_COLS) {
        return;
    }
    if (p->n_merges == p->cap_merges) {
        p->cap_merges = p->cap_merges ? p->cap_merges * 2 : 64;
        p->merges = xrealloc(p->merges, p->cap_merges * sizeof *p->merges);
    }
    p->merges[p->n_merges++] = (struct merge){c1, r1, r2};
}

static int col_of(const char *ref)
{
    int c = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
        c = c * 26 + (*ref - 'A' + 1);
        if (c > 16384) {
            return -1;
        }
    }
    return c - 1;
}

static const char *attr_of(const XML_Char **attr, const char *name)
{
    for (int i = 0; attr[i]; i += 2) {
        if (strcmp(attr[i], name) == 0) {
            return attr[i + 1];
        }
    }
    return NULL;
}

static void sheet_start(void *ud, const XML_Char *el, const XML_Char **attr)
{
    struct sheet_parse *p = ud;
    if (strcmp(el, "row") == 0) {
        struct xlsx_rows *o = p->out;
        if (o->nrows >= p->max_rows) {
            /* Enough read: the rest of a large sheet is not parsed. */
            p->too_many = !p->head;
            p->row = NULL;
            XML_StopParser(p->parser, XML_FALSE);
            return;
        }
        if (o->nrows == o->cap) {
            o->cap = o->cap ? o->cap * 2 : 256;
            o->rows = xrealloc(o->rows, o->cap * sizeof *o->rows);
        }
        p->row = &o->rows[o->nrows++];
        memset(p->row, 0, sizeof *p->row);
        const char *r = attr_of(attr, "r");
        p->row->line = r ? atol(r) : (long)o->nrows;
        p->col = -1;
    } else if (strcmp(el, "c") == 0) {
        const char *r = attr_of(attr, "r");
        const char *t = attr_of(attr, "t");
        p->col = r ? col_of(r) : p->col + 1;
        snprintf(p->type, sizeof p->type, "%s", t ? t : "n");
        p->has_formula = p->has_value = 0;
        strbuf_free(&p->val);
        strbuf_init(&p->val);
    } else if (strcmp(el, "f") == 0) {
        p->has_formula = 1;
    } else if (strcmp(el, "v") == 0) {
        p->in_v = 1;
        p->has_value = 1;
    } else if (strcmp(el, "t") == 0) {
        p->in_t = 1;
    } else if (strcmp(el, "mergeCell") == 0) {
        add_merge(p, attr_of(attr, "ref"));
    }
}

/* Makes room in the row for cell col, the new cells empty. */
static void grow_cells(struct xlsx_row *row, int col)
{
    if (col >= row->ncells) {
        row->cells = xrealloc(row->cells,
                              (size_t)(col + 1) * sizeof *row->cells);
        for (int c = row->ncells; c <= col; c++) {
            row->cells[c] = NULL;
        }
        row->ncells = col + 1;
    }
}

static void put_cell(struct sheet_parse *p)
{
    struct xlsx_row *row = p->row;
    if (!row || p->col < 0 || p->col >= XLSX_MAX_COLS) {
        return;
    }
    const char *v = p->val.buf ? p->val.buf : "";
    if (p->has_formula && !p->has_value && !*v) {
        v = XLSX_NO_RESULT;
    } else if (strcmp(p->type, "s") == 0) {
        char *end;
        long i = strtol(v, &end, 10);
        v = (*v && !*end && i >= 0 && (size_t)i < p->sst->n)
                ? p->sst->items[i]
                : "";
    }
    if (!*v) {
        return;
    }
    grow_cells(row, p->col);
    free(row->cells[p->col]);
    row->cells[p->col] = xstrdup(v);
}

static void sheet_end(void *ud, const XML_Char *el)
{
    struct sheet_parse *p = ud;
    if (strcmp(el, "c") == 0) {
        put_cell(p);
    } else if (strcmp(el, "v") == 0) {
        p->in_v = 0;
    } else if (strcmp(el, "t") == 0) {
        p->in_t = 0;
    }
}

static void sheet_text(void *ud, const XML_Char *t, int len)
{
    struct sheet_parse *p = ud;
    if (p->in_v || (p->in_t && strcmp(p->type, "inlineStr") == 0)) {
        strbuf_add(&p->val, t, (size_t)len);
    }
}

static int parse_xml(const char *xml, size_t len, void *ud,
                     XML_StartElementHandler start,
                     XML_EndElementHandler end, XML_CharacterDataHandler text,
                     const char *what, char *err, size_t errlen)
{
    XML_Parser x = XML_ParserCreate("UTF-8");
    XML_SetUserData(x, ud);
    XML_SetElementHandler(x, start, end);
    XML_SetCharacterDataHandler(x, text);
    int ok = XML_Parse(x, xml, (int)len, 1) == XML_STATUS_OK;
    if (!ok) {
        snprintf(err, errlen, "%s: %s at line %lu", what,
                 XML_ErrorString(XML_GetErrorCode(x)),
                 (unsigned long)XML_GetCurrentLineNumber(x));
    }
    XML_ParserFree(x);
    return ok ? 0 : -1;
}

/* The index of the first row at or after a sheet's line: rows are in
 * the sheet's order. */
static size_t row_from(const struct xlsx_rows *o, long line)
{
    size_t lo = 0, hi = o->nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o->rows[mid].line < line) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* A value merged down over rows (a village's people under one merged
 * 所属村 cell, as station registers are kept) is each of those rows':
 * the sheet holds it in the top cell alone. Rows holding nothing are
 * left so. Merges do not overlap in a sheet a program wrote; the rows
 * walked are bounded by the sheet's cells all the same. */
static void fill_merges(const struct sheet_parse *p, struct xlsx_rows *o)
{
    size_t budget = o->nrows * XLSX_MAX_COLS;
    for (size_t i = 0; i < p->n_merges; i++) {
        const struct merge *m = &p->merges[i];
        size_t k = row_from(o, m->top);
        if (k == o->nrows || o->rows[k].line != m->top) {
            continue;
        }
        const struct xlsx_row *top = &o->rows[k];
        if (m->col >= top->ncells || !top->cells[m->col]) {
            continue;
        }
        for (k++; k < o->nrows && o->rows[k].line <= m->bottom; k++) {
            if (!budget--) {
                return;
            }
            struct xlsx_row *row = &o->rows[k];
            if (!row->ncells) {
                continue;
            }
            grow_cells(row, m->col);
            if (!row->cells[m->col]) {
                row->cells[m->col] = xstrdup(top->cells[m->col]);
                row->filled |= 1ULL << m->col;
            }
        }
    }
}

void xlsx_rows_free(struct xlsx_rows *r)
{
    for (size_t i = 0; i < r->nrows; i++) {
        for (int c = 0; c < r->rows[i].ncells; c++) {
            free(r->rows[i].cells[c]);
        }
        free(r->rows[i].cells);
    }
    free(r->rows);
    memset(r, 0, sizeof *r);
}

/* The workbook's sheets (workbook.xml) and where each is kept
 * (workbook.xml.rels), read in the workbook's order. */
struct book_parse {
    struct xlsx_sheet {
        char *name, *rel, *part;
        int hidden;
    } *sheets;
    size_t n, cap;
};

/* The relationship id of a <sheet>: r:id, whatever the prefix. */
static const char *rel_id_of(const XML_Char **attr)
{
    for (size_t i = 0; attr[i]; i += 2) {
        const char *colon = strchr(attr[i], ':');
        if (colon && strcmp(colon, ":id") == 0) {
            return attr[i + 1];
        }
    }
    return NULL;
}

static void book_start(void *ud, const XML_Char *el, const XML_Char **attr)
{
    struct book_parse *b = ud;
    if (strcmp(el, "sheet") != 0 || b->n >= XLSX_MAX_SHEETS) {
        return;
    }
    const char *name = attr_of(attr, "name");
    const char *rel = rel_id_of(attr);
    const char *state = attr_of(attr, "state");
    if (!name || !rel) {
        return;
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        b->sheets = xrealloc(b->sheets, b->cap * sizeof *b->sheets);
    }
    struct xlsx_sheet *sh = &b->sheets[b->n++];
    sh->name = xstrdup(name);
    sh->rel = xstrdup(rel);
    sh->part = NULL;
    sh->hidden = state && strcmp(state, "visible") != 0;
}

/* <Relationship Id Target Type>: a worksheet's part, named from the
 * archive's root ("/xl/worksheets/sheet1.xml") or from xl/. */
static void rels_start(void *ud, const XML_Char *el, const XML_Char **attr)
{
    struct book_parse *b = ud;
    const char *id = attr_of(attr, "Id");
    const char *target = attr_of(attr, "Target");
    const char *type = attr_of(attr, "Type");
    const char *mode = attr_of(attr, "TargetMode");
    size_t tl = type ? strlen(type) : 0;
    if (strcmp(el, "Relationship") != 0 || !id || !target || tl < 10 ||
        strcmp(type + tl - 10, "/worksheet") != 0 ||
        (mode && strcmp(mode, "External") == 0)) {
        return;
    }
    for (size_t i = 0; i < b->n; i++) {
        struct xlsx_sheet *sh = &b->sheets[i];
        if (!sh->part && strcmp(sh->rel, id) == 0) {
            size_t n = strlen(target) + 4;
            sh->part = xmalloc(n);
            if (*target == '/') {
                snprintf(sh->part, n, "%s", target + 1);
            } else {
                snprintf(sh->part, n, "xl/%s", target);
            }
        }
    }
}

static void no_end(void *ud, const XML_Char *el)
{
    (void)ud;
    (void)el;
}

static void no_text(void *ud, const XML_Char *t, int len)
{
    (void)ud;
    (void)t;
    (void)len;
}

struct xlsx_book {
    unzFile zip;
    size_t heads; /* bytes the looks at sheets' heads may still read */
    struct sst sst;
    struct xlsx_sheet *sheets; /* those a person sees, in order */
    size_t n;
};

/* The worksheets the workbook lists and a person sees: all of them when
 * every one is hidden (no program writes that), none when the workbook
 * or its relationships cannot be read. */
static void list_sheets(struct xlsx_book *bk, char *err, size_t errlen)
{
    struct book_parse b = {0};
    char *xml = NULL;
    size_t len = 0;
    if (read_part(bk->zip, "xl/workbook.xml", XLSX_MAX_BOOK, &xml, &len, err,
                  errlen) == 0) {
        parse_xml(xml, len, &b, book_start, no_end, no_text,
                  "workbook.xml", err, errlen);
        free(xml);
    }
    if (b.n && read_part(bk->zip, "xl/_rels/workbook.xml.rels",
                         XLSX_MAX_BOOK, &xml, &len, err, errlen) == 0) {
        parse_xml(xml, len, &b, rels_start, no_end, no_text,
                  "workbook.xml.rels", err, errlen);
        free(xml);
    }
    /* A part the archive lacks is no sheet to offer, nor one listed
     * before under another name (a crafted file may list one part 255
     * times). */
    for (size_t i = 0; i < b.n; i++) {
        struct xlsx_sheet *sh = &b.sheets[i];
        bool again = false;
        for (size_t j = 0; sh->part && j < i && !again; j++) {
            again = b.sheets[j].part &&
                    strcmp(b.sheets[j].part, sh->part) == 0;
        }
        if (sh->part &&
            (again || unzLocateFile(bk->zip, sh->part, 0) != UNZ_OK)) {
            free(sh->part);
            sh->part = NULL;
        }
    }
    size_t visible = 0;
    for (size_t i = 0; i < b.n; i++) {
        visible += b.sheets[i].part && !b.sheets[i].hidden;
    }
    for (size_t i = 0; i < b.n; i++) {
        struct xlsx_sheet *sh = &b.sheets[i];
        free(sh->rel);
        sh->rel = NULL;
        if (sh->part && (!sh->hidden || !visible)) {
            bk->sheets = xrealloc(bk->sheets,
                                  (bk->n + 1) * sizeof *bk->sheets);
            bk->sheets[bk->n++] = *sh;
        } else {
            free(sh->name);
            free(sh->part);
        }
    }
    free(b.sheets);
}

/* Without a readable workbook.xml: sheet1.xml as Excel and WPS name the
 * first, else the first worksheet in the archive, unnamed. */
static int first_sheet(struct xlsx_book *bk)
{
    char found[256] = "";
    if (unzLocateFile(bk->zip, "xl/worksheets/sheet1.xml", 0) == UNZ_OK) {
        snprintf(found, sizeof found, "xl/worksheets/sheet1.xml");
    }
    for (int rc = unzGoToFirstFile(bk->zip); !*found && rc == UNZ_OK;
         rc = unzGoToNextFile(bk->zip)) {
        char n[256];
        if (unzGetCurrentFileInfo64(bk->zip, NULL, n, sizeof n, NULL, 0,
                                    NULL, 0) == UNZ_OK &&
            strncmp(n, "xl/worksheets/", 14) == 0 && !strchr(n + 14, '/')) {
            snprintf(found, sizeof found, "%s", n);
        }
    }
    if (!*found) {
        return -1;
    }
    bk->sheets = xmalloc(sizeof *bk->sheets);
    bk->sheets[0] = (struct xlsx_sheet){
        .name = xstrdup(""), .part = xstrdup(found)};
    bk->n = 1;
    return 0;
}

struct xlsx_book *xlsx_open(const char *data, size_t len, char *err,
                            size_t errlen)
{
    /* minizip reads files: a private temporary one. */
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/sgz-xlsx-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file");
        return NULL;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w <= 0) {
            close(fd);
            unlink(path);
            snprintf(err, errlen, "cannot write a temporary file");
            return NULL;
        }
        done += (size_t)w;
    }
    close(fd);
    unzFile z = unzOpen64(path);
    unlink(path); /* open: the name is no longer needed */
    if (!z) {
        snprintf(err, errlen, "not an .xlsx file (not a zip archive)");
        return NULL;
    }
    struct xlsx_book *bk = xmalloc(sizeof *bk);
    memset(bk, 0, sizeof *bk);
    bk->zip = z;
    bk->heads = XLSX_HEADS_BYTES;
    char *xml = NULL;
    size_t xlen = 0;
    int rc = read_part(z, "xl/sharedStrings.xml", XLSX_MAX_PART, &xml, &xlen,
                       err, errlen);
    if (rc == 0) {
        rc = parse_xml(xml, xlen, &bk->sst, sst_start, sst_end, sst_text,
                       "sharedStrings.xml", err, errlen);
        free(xml);
    } else if (rc == 1) {
        rc = 0;
    }
    if (rc == 0) {
        char ignored[200];
        list_sheets(bk, ignored, sizeof ignored);
        if (!bk->n && first_sheet(bk) != 0) {
            snprintf(err, errlen, "not an .xlsx file (no worksheet)");
            rc = -1;
        }
    }
    if (rc != 0) {
        xlsx_close(bk);
        return NULL;
    }
    return bk;
}

size_t xlsx_sheets(const struct xlsx_book *b)
{
    return b->n;
}

const char *xlsx_sheet_name(const struct xlsx_book *b, size_t i)
{
    return i < b->n ? b->sheets[i].name : "";
}

/* A worksheet's part parsed as it is unpacked, 64 KiB at a time: a large
 * sheet is never held whole, and a look at its first rows (p->head)
 * stops once they are in, or after XLSX_HEAD_BYTES or what is left of the
 * workbook's XLSX_HEADS_BYTES (a sheet whose first rows come later holds
 * no header a person would see). 0, 1 when the
 * part is absent, or -1 with a reason in err. */
static int parse_sheet_part(unzFile z, const char *name,
                            struct sheet_parse *p, size_t *heads, char *err,
                            size_t errlen)
{
    if (unzLocateFile(z, name, 0) != UNZ_OK) {
        return 1;
    }
    if (unzOpenCurrentFile(z) != UNZ_OK) {
        snprintf(err, errlen, "%s: unreadable", name);
        return -1;
    }
    XML_Parser x = XML_ParserCreate("UTF-8");
    XML_SetUserData(x, p);
    XML_SetElementHandler(x, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(x, sheet_text);
    p->parser = x;
    enum { CHUNK = 1 << 16 };
    char *buf = xmalloc(CHUNK);
    size_t total = 0, limit = XLSX_MAX_PART;
    if (p->head) {
        limit = *heads < XLSX_HEAD_BYTES ? *heads : XLSX_HEAD_BYTES;
    }
    int got, rc = 0;
    bool done = false; /* stopped by a handler, or enough read */
    while (!done && (got = unzReadCurrentFile(z, buf, CHUNK)) > 0) {
        total += (size_t)got;
        if (XML_Parse(x, buf, got, 0) != XML_STATUS_OK) {
            done = XML_GetErrorCode(x) == XML_ERROR_ABORTED;
            rc = done ? 0 : -1;
            break;
        }
        if (total >= limit) {
            done = true;
            if (!p->head) {
                snprintf(err, errlen, "%s: too large", name);
                rc = -1;
            }
        }
    }
    if (rc == 0 && !done) {
        if (got < 0) {
            snprintf(err, errlen, "%s: damaged", name);
            rc = -1;
        } else if (XML_Parse(x, "", 0, 1) != XML_STATUS_OK &&
                   XML_GetErrorCode(x) != XML_ERROR_ABORTED) {
            rc = -1;
        }
    }
    if (rc != 0 && XML_GetErrorCode(x) != XML_ERROR_NONE) {
        snprintf(err, errlen, "worksheet: %s at line %lu",
                 XML_ErrorString(XML_GetErrorCode(x)),
                 (unsigned long)XML_GetCurrentLineNumber(x));
    }
    if (p->head) {
        *heads -= total < *heads ? total : *heads;
    }
    unzCloseCurrentFile(z); /* a part left unread fails its CRC: no matter */
    XML_ParserFree(x);
    free(buf);
    return rc;
}

int xlsx_read_sheet(struct xlsx_book *b, size_t i, size_t max_rows,
                    bool head, struct xlsx_rows *out, char *err,
                    size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (i >= b->n) {
        snprintf(err, errlen, "no worksheet %zu", i + 1);
        return -1;
    }
    struct sheet_parse p = {.sst = &b->sst, .out = out,
                            .max_rows = max_rows, .head = head};
    int rc = parse_sheet_part(b->zip, b->sheets[i].part, &p, &b->heads,
                              err, errlen);
    if (rc == 1) {
        snprintf(err, errlen, "not an .xlsx file (no worksheet)");
        rc = -1;
    }
    if (rc == 0) {
        fill_merges(&p, out);
    }
    strbuf_free(&p.val);
    free(p.merges);
    if (rc == 0 && p.too_many) {
        snprintf(err, errlen, "more than %zu rows", max_rows);
        rc = -1;
    }
    if (rc != 0) {
        xlsx_rows_free(out);
    }
    return rc;
}

void xlsx_close(struct xlsx_book *b)
{
    if (!b) {
        return;
    }
    unzClose(b->zip);
    for (size_t i = 0; i < b->sst.n; i++) {
        free(b->sst.items[i]);
    }
    free(b->sst.items);
    strbuf_free(&b->sst.cur);
    for (size_t i = 0; i < b->n; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].part);
    }
    free(b->sheets);
    free(b);
}
