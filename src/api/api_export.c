#include "api_export.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../core/client_service.h"
#include "../core/dictionary.h"
#include "../store/case_store.h"
#include "../store/client_store.h"
#include "../store/contract_store.h"
#include "../store/group_store.h"
#include "../store/station_store.h"
#include "../store/user_store.h"
#include "../util/cn_time.h"

const char *api_export_label(enum lang lang, const char *kind,
                             const char *code)
{
    const struct fixed_item *it =
        *code ? dictionary_fixed_item(kind, code) : NULL;
    return !it ? code : lang == LANG_EN ? it->label_en : it->label;
}

const char *api_export_item_label(enum lang lang,
                                  const struct dictionary_item *items,
                                  size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(items[i].code, code) == 0) {
            return lang == LANG_EN ? items[i].label_en : items[i].label;
        }
    }
    return code;
}

const char *api_export_names(struct arena *a, const struct service_person *p,
                             size_t n, bool masked)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < n; i++) {
        strbuf_adds(&sb, i ? "、" : "");
        strbuf_adds(&sb, masked ? client_mask_name(a, p[i].name) : p[i].name);
    }
    const char *out = arena_strdup(a, sb.buf ? sb.buf : "");
    strbuf_free(&sb);
    return out;
}

bool api_export_format_ok(const char *s)
{
    return strcmp(s, "xlsx") == 0 || strcmp(s, "csv") == 0;
}

bool api_export_has_column(const struct export_col *cols, size_t n,
                           const char *code)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(cols[i].code, code) == 0) {
            return true;
        }
    }
    return false;
}

void api_export_filter_init(struct export_filter *f, struct req *r)
{
    f->r = r;
    f->station = NULL;
    strbuf_init(&f->text);
}

void api_export_filter_add(struct export_filter *f, const char *zh,
                           const char *en, const char *value)
{
    if (!value || !*value) {
        return;
    }
    bool en_ = f->r->lang == LANG_EN;
    if (f->text.len) {
        strbuf_adds(&f->text, en_ ? "; " : "；");
    }
    strbuf_adds(&f->text, en_ ? en : zh);
    strbuf_adds(&f->text, en_ ? ": " : "：");
    strbuf_adds(&f->text, value);
}

/* A name the scope did not show: the number, not nothing, so that the
 * line does not read as unfiltered. */
static const char *by_number(struct req *r, int64_t id)
{
    return arena_printf(r->arena, "#%lld", (long long)id);
}

/* After a store failure: replied, and f's text freed. */
static bool filter_failed(struct export_filter *f, int rc)
{
    if (rc != DB_ROW && rc != DB_DONE) {
        strbuf_free(&f->text);
        api_db_error(f->r, rc, "export filter");
        return true;
    }
    return false;
}

bool api_export_filter_station(struct export_filter *f, int64_t id)
{
    if (!id) {
        /* A range of one station (a station's lead, its workers) is that
         * station's register: the sheet for an inspection says whose. */
        int64_t *ids;
        size_t n;
        int rc = station_store_ids(f->r->db, f->r->arena, f->r->scope, 1,
                                   &ids, &n);
        if (rc != DB_OK) {
            return !filter_failed(f, rc);
        }
        if (n != 1) {
            return true;
        }
        id = ids[0];
    }
    struct station s;
    int rc =
        station_store_get_plain(f->r->db, f->r->arena, f->r->scope, id, &s);
    if (filter_failed(f, rc)) {
        return false;
    }
    if (rc == DB_ROW) {
        f->station = s.name;
    }
    api_export_filter_add(f, "所属站点", "Station",
                          rc == DB_ROW ? s.name : by_number(f->r, id));
    return true;
}

bool api_export_filter_client(struct export_filter *f, int64_t id)
{
    if (!id) {
        return true;
    }
    struct client c;
    int rc = client_store_get(f->r->db, f->r->arena, f->r->scope, id, &c);
    if (filter_failed(f, rc)) {
        return false;
    }
    api_export_filter_add(f, "服务对象", "Client",
                          rc == DB_ROW ? api_client_name(f->r, c.name)
                                       : by_number(f->r, id));
    return true;
}

bool api_export_filter_case(struct export_filter *f, int64_t id)
{
    if (!id) {
        return true;
    }
    struct case_file k;
    int rc = case_store_get(f->r->db, f->r->arena, f->r->scope, id, &k);
    if (filter_failed(f, rc)) {
        return false;
    }
    const char *v = by_number(f->r, id);
    if (rc == DB_ROW) {
        v = arena_printf(f->r->arena, "%s（%s）", v,
                         api_client_name(f->r, k.client_name));
    }
    api_export_filter_add(f, "个案", "Case", v);
    return true;
}

bool api_export_filter_group(struct export_filter *f, int64_t id)
{
    if (!id) {
        return true;
    }
    struct service_group g;
    int rc = group_store_get(f->r->db, f->r->arena, f->r->scope, id, &g);
    if (filter_failed(f, rc)) {
        return false;
    }
    api_export_filter_add(f, "小组", "Group",
                          rc == DB_ROW ? g.name : by_number(f->r, id));
    return true;
}

bool api_export_filter_contract(struct export_filter *f, int64_t id)
{
    if (!id) {
        return true;
    }
    struct contract c;
    int rc = contract_store_get(f->r->db, f->r->arena, f->r->scope, id, &c);
    if (filter_failed(f, rc)) {
        return false;
    }
    api_export_filter_add(
        f, "协议", "Contract",
        rc == DB_ROW ? arena_printf(f->r->arena, "%s %s", c.code, c.title)
                     : by_number(f->r, id));
    return true;
}

/* Whether the caller sees where worker u works: one of u's stations is
 * in her range (or she is u). Otherwise a title would name any worker of
 * the province for the asking (worker_id=N), though the rows are empty. */
static bool worker_seen(struct req *r, const struct user *u)
{
    if (r->scope->all || r->scope->self_user == u->id) {
        return true;
    }
    for (size_t i = 0; i < u->n_stations; i++) {
        struct station s;
        if (station_store_get_plain(r->db, r->arena, r->scope, u->stations[i],
                                    &s) == DB_ROW) {
            return true;
        }
    }
    return false;
}

bool api_export_filter_user(struct export_filter *f, const char *zh,
                            const char *en, int64_t id)
{
    if (!id) {
        return true;
    }
    struct user u;
    int rc = user_store_get(f->r->db, f->r->arena, id, &u);
    if (filter_failed(f, rc)) {
        return false;
    }
    bool seen = rc == DB_ROW && worker_seen(f->r, &u);
    api_export_filter_add(f, zh, en,
                          seen ? u.display_name : by_number(f->r, id));
    return true;
}

const char *api_export_filter_end(struct export_filter *f)
{
    const char *out = NULL;
    if (f->text.len) {
        out = arena_printf(
            f->r->arena, f->r->lang == LANG_EN ? "Filter: %s" : "筛选条件　%s",
            f->text.buf);
    }
    strbuf_free(&f->text);
    return out;
}

const char *api_export_file_base(const struct export_filter *f,
                                 const char *zh, const char *en)
{
    /* Browsers save under this name (filename*): the reader's language. */
    const char *base = f->r->lang == LANG_EN ? en : zh;
    return f->station ? arena_printf(f->r->arena, "%s-%s", base, f->station)
                      : base;
}

bool api_export_open(struct req *r, struct api_export *x,
                     const struct export_col *cols, size_t ncols,
                     export_cell_fn cell, void *ctx, size_t max_rows,
                     const char *title, const char *filter)
{
    memset(x, 0, sizeof *x);
    x->cols = cols;
    x->cell = cell;
    x->cell_ctx = ctx;
    x->max_rows = max_rows;
    x->xlsx = strcmp(api_body_str(r, "format"), "xlsx") == 0;
    x->names_masked = r->who && r->who->names_masked;
    /* The columns: as chosen, in the catalogue's order. */
    json_t *arr = json_object_get(r->json, "columns");
    for (size_t i = 0; i < ncols && i < EXPORT_COLS_MAX; i++) {
        bool want = !arr;
        for (size_t j = 0; arr && j < json_array_size(arr); j++) {
            want = want || strcmp(json_string_value(json_array_get(arr, j)),
                                  cols[i].code) == 0;
        }
        if (want) {
            x->chosen[x->n_chosen++] = i;
        }
    }
    const char *header[EXPORT_COLS_MAX];
    double widths[EXPORT_COLS_MAX];
    bool numeric[EXPORT_COLS_MAX];
    for (size_t c = 0; c < x->n_chosen; c++) {
        const struct export_col *k = &cols[x->chosen[c]];
        header[c] = r->lang == LANG_EN ? k->en : k->zh;
        widths[c] = k->width;
        numeric[c] = k->numeric;
    }
    struct sheet head = {
        .title = x->xlsx ? title : NULL,
        .subtitle = filter,
        .ncols = x->n_chosen,
        .header = header,
        .widths = widths,
        .numeric = numeric,
    };
    x->file = sheet_file_open(&head, x->xlsx, x->err, sizeof x->err);
    if (!x->file) {
        reply_internal(r, x->err);
        return false;
    }
    return true;
}

bool api_export_item(struct api_export *x, const void *item)
{
    if (x->nrows == x->max_rows) {
        x->nrows++; /* one more than an export holds */
        return false;
    }
    if (x->nrows % 256 == 0) {
        arena_free(x->scratch);
        x->scratch = arena_new(0);
    }
    const char *row[EXPORT_COLS_MAX];
    for (size_t i = 0; i < x->n_chosen; i++) {
        row[i] = x->cell(x->cell_ctx, x->scratch, item, x->chosen[i]);
    }
    if (x->err[0] ||
        sheet_file_row(x->file, row, x->err, sizeof x->err) != 0) {
        return false;
    }
    x->nrows++;
    return true;
}

void api_export_detail_begin(const struct api_export *x, struct strbuf *d,
                             struct jsonw *w)
{
    strbuf_init(d);
    jsonw_init(w, d);
    jsonw_obj_open(w);
    jsonw_kstr(w, "format", x->xlsx ? "xlsx" : "csv");
    jsonw_kint(w, "rows", (int64_t)x->nrows);
}

const char *api_export_detail_end(struct req *r, const struct api_export *x,
                                  struct strbuf *d, struct jsonw *w)
{
    jsonw_key(w, "columns");
    jsonw_arr_open(w);
    for (size_t c = 0; c < x->n_chosen; c++) {
        jsonw_str(w, x->cols[x->chosen[c]].code);
    }
    jsonw_arr_close(w);
    jsonw_obj_close(w);
    const char *out = arena_strdup(r->arena, d->buf);
    strbuf_free(d);
    return out;
}

void api_export_too_many(struct req *r, size_t max_rows)
{
    /* More asks for a narrower filter (a station's register is a few
     * thousand). */
    reply_error(r, 400, MSG_OUT_OF_RANGE, NULL,
                arena_printf(r->arena, "导出行数(上限%zu)", max_rows),
                arena_printf(r->arena, "rows to export (at most %zu)",
                             max_rows));
}

int api_export_pages(struct req *r, size_t ncols, size_t max_rows,
                     export_page_fn page, export_row_fn row, void *ctx,
                     const char ***cells, size_t *nrows)
{
    enum { LIMIT = 200 };
    const char **c = NULL;
    size_t have = 0, cap = 0;
    int64_t total = 0, offset = 0;
    int rc;
    /* One snapshot for every page, so that the count the cells were
     * sized by holds (a row written meanwhile is not read). */
    bool opened = db_read_begin(r->db);
    for (;;) {
        size_t n;
        rc = page(r, ctx, offset, LIMIT, &n, &total);
        if (rc != DB_OK || (size_t)total > max_rows) {
            break;
        }
        if (!c) {
            cap = (size_t)total;
            c = arena_alloc(r->arena, sizeof *c * ncols * (cap + 1));
        }
        for (size_t i = 0; i < n && have < cap; i++, have++) {
            row(r, ctx, i, c + have * ncols);
        }
        if (n < LIMIT) {
            break;
        }
        offset += LIMIT;
    }
    db_read_end(r->db, opened);
    if (rc == DB_OK && (size_t)total > max_rows) {
        api_export_too_many(r, max_rows);
        return DB_DONE;
    }
    *cells = c;
    *nrows = have;
    return rc;
}

void api_export_send_sheet(struct req *r, const struct sheet *s,
                           const char *action, const char *entity,
                           const char *detail, const char *what,
                           const char *ascii_name, const char *utf8_name)
{
    struct strbuf out;
    strbuf_init(&out);
    char err[200];
    if (sheet_xlsx(s, &out, err, sizeof err) != 0) {
        strbuf_free(&out);
        reply_internal(r, err);
        return;
    }
    /* People's names (and wages): no file leaves unaudited, as with the
     * registers. */
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = api_finish_audited(r, DB_OK, action, entity, "", detail);
    }
    if (rc != DB_OK) {
        strbuf_free(&out);
        api_db_error(r, rc, what);
        return;
    }
    reply_download(
        r, &out,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ascii_name, utf8_name);
}

void api_export_send(struct req *r, struct api_export *x, int rc,
                     const char *action, const char *entity,
                     const char *detail, const char *ascii_base,
                     const char *utf8_base)
{
    arena_free(x->scratch);
    x->scratch = NULL;
    if (rc != DB_OK || x->err[0] || x->nrows > x->max_rows) {
        sheet_file_discard(x->file);
        if (rc != DB_OK) {
            api_db_error(r, rc, action);
        } else if (x->err[0]) {
            reply_internal(r, x->err);
        } else {
            api_export_too_many(r, x->max_rows);
        }
        return;
    }
    int fd;
    uint64_t size;
    if (sheet_file_finish(x->file, &fd, &size, x->err, sizeof x->err) != 0) {
        reply_internal(r, x->err);
        return;
    }
    /* The audit row first: no file leaves without it. */
    rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = api_finish_audited(r, DB_OK, action, entity, "", detail);
    }
    if (rc != DB_OK) {
        close(fd);
        api_db_error(r, rc, action);
        return;
    }
    char day[11];
    cn_date_format(cn_date_of(cn_now()), day);
    const char *ext = x->xlsx ? "xlsx" : "csv";
    reply_download_file(
        r, fd, size,
        x->xlsx ? "application/vnd.openxmlformats-officedocument."
                  "spreadsheetml.sheet"
                : "text/csv; charset=utf-8",
        arena_printf(r->arena, "%s-%s.%s", ascii_base, day, ext),
        arena_printf(r->arena, "%s-%s.%s", utf8_base, day, ext));
}
