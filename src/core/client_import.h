/* Importing the client register from a station's spreadsheet: .xlsx or
 * CSV (UTF-8 or GBK), laid out as the template (client_import_template)
 * or as stations keep theirs (a merged title row above the header, extra
 * columns, trailing spaces, dates typed as text or as Excel dates). Every
 * row is checked by the rules of client_service; a dry run reports the
 * bad rows with row number, column and reason; the import writes every
 * valid row in one transaction, or none, with one audit row naming the
 * file's SHA-256 and the counts. */
#ifndef SGZ_CLIENT_IMPORT_H
#define SGZ_CLIENT_IMPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client_service.h"
#include "msg.h"

struct sheet;

/* What to do with a row whose ID number is already registered. */
enum import_dup { IMPORT_DUP_SKIP, IMPORT_DUP_UPDATE, IMPORT_DUP_STOP };

struct import_opts {
    int64_t station_id;   /* for rows without a 所属站点 column; 0: none */
    /* The worksheet of an .xlsx to read, by its name; NULL: the first
     * with a header among its first rows. */
    const char *sheet;
    enum import_dup dup;
    bool dry_run;
    enum lang lang;
    /* Called now and then with rows done and rows in the file. */
    void (*progress)(void *ud, size_t done, size_t total);
    /* Asked as often: true stops the import, which then writes nothing. */
    bool (*cancelled)(void *ud);
    void *ud;
    /* The database's address: a file of more than one batch is checked
     * on a second connection and thread while this one writes. NULL:
     * one thread does both. */
    const char *db_url;
};

struct import_error {
    long line;            /* the row's number in the file, from 1 */
    const char *name;     /* the row's 姓名 as the file wrote it, or "":
                             whom the worker is looking for */
    const char *column;   /* the header as the file wrote it, or "" */
    const char *message;
    bool duplicate;       /* a registered person, or an earlier row's:
                             what stops an import told to stop there */
};

/* A row that is somebody already (a registered client, or an earlier row
 * of the file), and what the import does with it: the worker checks
 * these before confirming, as she checks the bad rows. */
enum import_action { IMPORT_SKIPPED, IMPORT_UPDATED, IMPORT_UNCHANGED };

struct import_known {
    long line;
    const char *name;     /* the row's 姓名, as import_error's */
    enum import_action action;
    const char *message;  /* whom it is: the client, or the earlier row */
};

#define IMPORT_MAX_IGNORED 64

struct import_result {
    /* A file that cannot be read at all: msg (MSG_COUNT_ when fine) and
     * a detail. */
    enum msg_id msg;
    char detail[200];
    const char *format, *encoding;
    char sha256[65];
    size_t rows, valid, bad, inserted, updated, skipped;
    struct import_error *errors; /* in x->arena; at most IMPORT_MAX_ERRORS */
    size_t n_errors;
    bool errors_truncated;
    /* The header's columns that name no field (or one already read from
     * two columns): their cells are not imported. */
    const char *ignored[IMPORT_MAX_IGNORED];
    size_t n_ignored;
    size_t footer_rows;   /* a sheet's foot (合计, 制表人 …): not persons */
    /* New clients whose categories start today, the file giving no
     * 类别开始日期: the figures of earlier days do not count them under
     * those categories, which the worker is told. */
    size_t categories_today;
    size_t stopped;       /* rows that are somebody already, where the
                             import stops at duplicates: nothing written */
    /* Rows that are fine but for a worker to check (an ID number of a
     * county no longer in the division table: the card of an abolished
     * county, or a mistyped code); in x->arena, at most
     * IMPORT_MAX_ERRORS. */
    struct import_error *warnings;
    size_t n_warnings;
    bool warnings_truncated;
    struct import_known *known; /* in x->arena; skipped and updated
                                   rows, at most IMPORT_MAX_ERRORS */
    size_t n_known;
    bool known_truncated;
    int db_rc;            /* DB_OK, or the failure that rolled back */
    /* An .xlsx's worksheets (those a person sees, in the workbook's
     * order), whether each holds a header (a 姓名 column) among its
     * first rows, and the one read: a station keeping a sheet per
     * village or category imports them one by one. */
    struct import_sheet {
        const char *name;
        bool has_header;
    } *sheets;            /* in x->arena */
    size_t n_sheets;
    const char *sheet;    /* NULL for a CSV */
};

#define IMPORT_MAX_ROWS 1000000
#define IMPORT_MAX_ERRORS 10000

/* "跳过", "updated" …: what became of a known row. */
const char *import_action_label(enum import_action a, enum lang lang);

/* Runs the import (or dry run) of data; fills *res. 0 when it ran (the
 * result says how many rows were good), -1 when the file could not be
 * read or the database failed (nothing written). */
int client_import(const struct client_ctx *x, const char *data, size_t len,
                  const struct import_opts *o, struct import_result *res);

/* The bad rows and the known ones (skipped, updated) as a sheet to
 * download, in the file's order: row, name, column, reason, what was done,
 * in lang. Its cells are in a; the header and widths are static. */
void import_report_sheet(const struct import_result *r, enum lang lang,
                         struct arena *a, struct sheet *out);

/* The template: the headers in order, and an example row (攸县's). */
extern const char *const client_import_headers[];
extern const char *const client_import_example[];
extern const size_t client_import_ncols;
/* The example row for a county (its six-digit code and name) and, when
 * both are known (else ""), a township of it and a village of that:
 * the same made-up person, with an ID number of that county and an
 * address there. client_import_ncols cells, in a. */
const char **client_import_example_for(struct arena *a, const char *county,
                                       const char *county_name,
                                       const char *township,
                                       const char *village);
/* Whether a row is the template's example left in (any county's). */
bool client_import_is_example(const char *name, const char *id);

#endif
