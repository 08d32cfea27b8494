/* A small RFC 4180 reader over a buffer in memory: comma-separated,
 * double quotes around fields that need them, "" for a quote inside.
 * CR LF and LF both end a record. */
#ifndef SGZ_CSV_H
#define SGZ_CSV_H
#include <stdbool.h>
#include <stddef.h>

/* As many columns as an .xlsx sheet is read with; fields past them are
 * read and dropped (Excel saves a sheet's empty columns as trailing
 * commas). */
#define CSV_MAX_FIELDS 64
#define CSV_MAX_FIELD 8192 /* 2,000 Chinese characters of notes */

struct csv {
    const char *p, *end;
    /* The record just read, from 1: the row a spreadsheet shows it on.
     * A quoted field may hold line breaks (Alt+Enter in Excel), so this
     * counts records, not lines of text. */
    long line;
    int nfields;
    char field[CSV_MAX_FIELDS][CSV_MAX_FIELD];
};

void csv_init(struct csv *c, const char *data, size_t len);
/* Reads the next record: 1 when read, 0 at the end, -1 when malformed
 * (unterminated quote, a field too long). */
int csv_next(struct csv *c);

#endif
