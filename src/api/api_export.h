/* What the register's and the ledger's exports share: a catalogue of
 * columns a body's "columns" picks from, a file written row by row as a
 * store's each() reads (one row in memory, whatever the export's size),
 * the row limit, and the end: refused, or audited and then sent. */
#ifndef SGZ_API_EXPORT_H
#define SGZ_API_EXPORT_H
#include <stdbool.h>
#include <stddef.h>

#include "../store/dictionary_store.h"
#include "../store/service_store.h"
#include "../util/sheet.h"
#include "api.h"

struct export_col {
    const char *code, *zh, *en;
    double width;
    bool numeric; /* a number cell in an .xlsx (counts, minutes, yuan) */
};

/* The most columns an export offers. */
#define EXPORT_COLS_MAX 32

/* An item of the fixed list kind in the caller's language, or the code
 * itself when the list has no such item ("" stays ""). */
const char *api_export_label(enum lang lang, const char *kind,
                             const char *code);
/* An item of an editable list (dictionary_store_list) in the caller's
 * language, or the code when the list no longer has it. */
const char *api_export_item_label(enum lang lang,
                                  const struct dictionary_item *items,
                                  size_t n, const char *code);
/* People's names joined with "、" (a record's clients, a group's members),
 * each masked as client_mask_name() does when masked. */
const char *api_export_names(struct arena *a, const struct service_person *p,
                             size_t n, bool masked);
/* Whether s is "xlsx" or "csv" (the body's "format"). */
bool api_export_format_ok(const char *s);
/* Whether code is one of the n columns of cols. */
bool api_export_has_column(const struct export_col *cols, size_t n,
                           const char *code);

/* The text of column col (an index into the catalogue) of one row's item,
 * in the arena a (emptied every 256 rows); a failure sets the export's
 * err through ctx and returns "". */
typedef const char *(*export_cell_fn)(void *ctx, struct arena *a,
                                      const void *item, size_t col);

struct api_export {
    const struct export_col *cols;
    export_cell_fn cell;
    void *cell_ctx;
    size_t chosen[EXPORT_COLS_MAX]; /* indexes into cols, in its order */
    size_t n_chosen;
    bool xlsx;
    /* The reader's replies mask clients' names (the evaluator's): her
     * file masks them too, so that a ledger may be hers to sample. */
    bool names_masked;
    size_t nrows, max_rows;
    struct sheet_file *file;
    struct arena *scratch; /* the cells of the last rows written */
    char err[200];         /* why the export stopped */
};

/* The filter an export applied, in words, for the line under its title:
 * a sheet printed for an inspection says what it covers (one station's
 * 低保 clients, not the whole register). Names and labels only, never
 * the ids and codes of the request. */
struct export_filter {
    struct req *r;
    struct strbuf text;  /* "" while nothing is filtered */
    const char *station; /* the station's name, for the file's; NULL: any */
};
void api_export_filter_init(struct export_filter *f, struct req *r);
/* Adds "label：value" (nothing when value is NULL or ""). */
void api_export_filter_add(struct export_filter *f, const char *zh,
                           const char *en, const char *value);
/* Add the station, the client, the case, the group or the user (by the
 * name the caller's scope shows; "#id" when it shows none) when id is
 * not 0: false after replying to a store failure (f's text is freed
 * then). */
bool api_export_filter_station(struct export_filter *f, int64_t id);
bool api_export_filter_client(struct export_filter *f, int64_t id);
bool api_export_filter_case(struct export_filter *f, int64_t id);
bool api_export_filter_group(struct export_filter *f, int64_t id);
/* The contract by its code and title ("#id" out of the caller's scope). */
bool api_export_filter_contract(struct export_filter *f, int64_t id);
bool api_export_filter_user(struct export_filter *f, const char *zh,
                            const char *en, int64_t id);
/* The line ("筛选条件　所属站点：城关镇社工站；对象类别：低保" or
 * "Filter: Station: …; Category: …") in the request's arena, or NULL
 * when nothing is filtered; frees f's text. */
const char *api_export_filter_end(struct export_filter *f);
/* A file's name base: "服务对象台账-城关镇社工站" when one station is
 * filtered, so that the lists of several stations downloaded one after
 * the other are told apart; base itself otherwise. */
const char *api_export_file_base(const struct export_filter *f,
                                 const char *zh, const char *en);

/* Starts x: the columns the body's "columns" picks (all when absent),
 * each row's cells from cell(ctx, …), the format, and the file with the
 * title and the filter's line under it (.xlsx only; a CSV stays a bare
 * table for the tools that read it). False when it has replied (the file
 * could not be made). */
bool api_export_open(struct req *r, struct api_export *x,
                     const struct export_col *cols, size_t ncols,
                     export_cell_fn cell, void *ctx, size_t max_rows,
                     const char *title, const char *filter);
/* Writes the row of one item (a client, a record …); false when the
 * export must stop (one row past the limit, a cell that failed, or the
 * file could not be written). */
bool api_export_item(struct api_export *x, const void *item);
/* 400: more rows than one export holds (ledger.export_max_rows or
 * client.export_max_rows), which asks for a narrower filter. */
void api_export_too_many(struct req *r, size_t max_rows);
/* Reads page *n rows of at most limit from offset into the caller's
 * ctx, and the total: DB_OK or the failure. */
typedef int (*export_page_fn)(struct req *r, void *ctx, int64_t offset,
                              int limit, size_t *n, int64_t *total);
/* Writes the page's row i into the ncols cells of out. */
typedef void (*export_row_fn)(struct req *r, void *ctx, size_t i,
                              const char **out);
/* A small sheet's cells (expenditures, evaluations), page by page in one
 * read snapshot: DB_OK with *cells and *nrows; DB_DONE after replying
 * 400 (more than max_rows); or the store's failure, not replied. */
int api_export_pages(struct req *r, size_t ncols, size_t max_rows,
                     export_page_fn page, export_row_fn row, void *ctx,
                     const char ***cells, size_t *nrows);
/* A small sheet built in memory (the roster, the expenditures): the
 * audit row (action on entity, detail as JSON), then s as .xlsx named
 * ascii_name / utf8_name; what names the export in the log. */
void api_export_send_sheet(struct req *r, const struct sheet *s,
                           const char *action, const char *entity,
                           const char *detail, const char *what,
                           const char *ascii_name, const char *utf8_name);
/* Ends x after the store's read returned rc: a refusal or an error, or
 * the audit row (action on entity, detail as JSON) and then the file,
 * named base-DAY.xlsx or .csv (ASCII and UTF-8). */
void api_export_send(struct req *r, struct api_export *x, int rc,
                     const char *action, const char *entity,
                     const char *detail, const char *ascii_base,
                     const char *utf8_base);
/* The audit row's detail: _begin opens a JSON object in d with the
 * format and the rows written, the caller adds its own members, _end
 * adds the columns chosen and returns the text (in the request's arena;
 * d is freed). */
void api_export_detail_begin(const struct api_export *x, struct strbuf *d,
                             struct jsonw *w);
const char *api_export_detail_end(struct req *r, const struct api_export *x,
                                  struct strbuf *d, struct jsonw *w);

#endif
