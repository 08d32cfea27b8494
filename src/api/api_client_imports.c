/* /api/v1/client_imports: a spreadsheet uploaded, checked (dry run) or
 * imported as a background job whose progress and result the uploader
 * polls; the bad rows as an .xlsx report; the template to start from. */
#include <stdlib.h>
#include <string.h>

#include "../core/client_import.h"
#include "../core/dictionary.h"
#include "../store/dictionary_store.h"
#include "../store/region_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "../util/sheet.h"
#include "../util/xalloc.h"
#include "api.h"

/* The upload's body: a file, checked by the importer. */
const struct schema api_file_schema = {.type = S_FILE,
                                       .label_zh = "文件",
                                       .label_en = "file"};

struct import_job {
    struct strbuf data;
    struct import_opts opts;
    struct scope scope;
    int64_t *stations;
    char *region_prefix, *actor, *address, *sheet;
    int64_t user_id;
    const unsigned char *key;
    struct job *job;
};

static void import_job_free(void *p)
{
    struct import_job *ij = p;
    strbuf_free(&ij->data);
    free(ij->stations);
    free(ij->region_prefix);
    free(ij->actor);
    free(ij->address);
    free(ij->sheet);
    free(ij);
}

static void on_progress(void *ud, size_t done, size_t total)
{
    struct import_job *ij = ud;
    job_progress(ij->job, done, total);
}

static bool on_cancelled(void *ud)
{
    struct import_job *ij = ud;
    return job_cancelled(ij->job);
}

/* The first 200 of a list of rows (the bad ones, those to check) under
 * key: line, name, column, message, and whether a duplicate stopped it. */
static void write_rows(struct jsonw *w, const char *key,
                       const struct import_error *rows, size_t n,
                       bool duplicate)
{
    jsonw_key(w, key);
    jsonw_arr_open(w);
    for (size_t i = 0; i < n && i < 200; i++) {
        jsonw_obj_open(w);
        jsonw_kint(w, "line", rows[i].line);
        jsonw_kstr(w, "name", rows[i].name);
        jsonw_kstr(w, "column", rows[i].column);
        jsonw_kstr(w, "message", rows[i].message);
        if (duplicate) {
            jsonw_kbool(w, "duplicate", rows[i].duplicate);
        }
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
}

static void write_result(struct jsonw *w, const struct import_result *r,
                         const struct import_opts *o)
{
    jsonw_obj_open(w);
    jsonw_kbool(w, "dry_run", o->dry_run);
    jsonw_kstr(w, "format", r->format);
    jsonw_kstr(w, "encoding", r->encoding);
    /* An .xlsx's worksheets, and the one read: the others are checked and
     * imported one by one, named in ?sheet=. */
    jsonw_kstr(w, "sheet", r->sheet);
    jsonw_key(w, "sheets");
    jsonw_arr_open(w);
    for (size_t i = 0; i < r->n_sheets; i++) {
        jsonw_obj_open(w);
        jsonw_kstr(w, "name", r->sheets[i].name);
        jsonw_kbool(w, "has_header", r->sheets[i].has_header);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_kstr(w, "sha256", r->sha256);
    jsonw_kint(w, "rows", (int64_t)r->rows);
    jsonw_kint(w, "valid", (int64_t)r->valid);
    jsonw_kint(w, "bad", (int64_t)r->bad);
    jsonw_kint(w, "inserted", (int64_t)r->inserted);
    jsonw_kint(w, "updated", (int64_t)r->updated);
    jsonw_kint(w, "skipped", (int64_t)r->skipped);
    jsonw_kint(w, "footer_rows", (int64_t)r->footer_rows);
    jsonw_kint(w, "categories_today", (int64_t)r->categories_today);
    jsonw_kint(w, "stopped", (int64_t)r->stopped);
    if (r->msg != MSG_COUNT_) {
        char text[300];
        msg_format(r->msg, o->lang, r->detail, text, sizeof text);
        if (o->lang == LANG_EN) {
            msg_sentence_of(r->msg, text);
        }
        jsonw_key(w, "error");
        jsonw_obj_open(w);
        jsonw_kstr(w, "code", msg_code(r->msg));
        jsonw_kstr(w, "message", text);
        jsonw_obj_close(w);
    }
    /* The first errors inline; all of them in the report. */
    write_rows(w, "errors", r->errors, r->n_errors, true);
    /* Rows for her to check, imported all the same: the first inline,
     * all of them in the report. */
    write_rows(w, "warnings", r->warnings, r->n_warnings, false);
    jsonw_kint(w, "warnings_total", (int64_t)r->n_warnings);
    /* The rows that are somebody already, skipped or updated: the
     * first inline, all of them in the report. */
    jsonw_key(w, "known_rows");
    jsonw_arr_open(w);
    for (size_t i = 0; i < r->n_known && i < 200; i++) {
        static const char *const actions[] = {"skip", "update",
                                              "unchanged"};
        jsonw_obj_open(w);
        jsonw_kint(w, "line", r->known[i].line);
        jsonw_kstr(w, "name", r->known[i].name);
        jsonw_kstr(w, "action", actions[r->known[i].action]);
        jsonw_kstr(w, "message", r->known[i].message);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_kint(w, "known_rows_total", (int64_t)r->n_known);
    jsonw_kbool(w, "known_rows_truncated", r->known_truncated);
    /* The header's columns nothing was read from. */
    jsonw_key(w, "ignored_columns");
    jsonw_arr_open(w);
    for (size_t i = 0; i < r->n_ignored; i++) {
        jsonw_str(w, r->ignored[i]);
    }
    jsonw_arr_close(w);
    jsonw_kint(w, "errors_total", (int64_t)r->n_errors);
    jsonw_kbool(w, "errors_truncated", r->errors_truncated);
    jsonw_obj_close(w);
}

/* The bad rows and the known ones as a spreadsheet. */
static void write_report(const struct import_result *r, enum lang lang,
                         struct strbuf *out)
{
    struct arena *a = arena_new(0);
    struct sheet s;
    import_report_sheet(r, lang, a, &s);
    char err[200];
    if (sheet_xlsx(&s, out, err, sizeof err) != 0) {
        strbuf_free(out);
        strbuf_init(out);
    }
    arena_free(a);
}

static void run_import(struct job *j, struct db *db, void *arg)
{
    struct import_job *ij = arg;
    ij->job = j;
    char today[11];
    cn_date_format(cn_date_of(cn_now()), today);
    struct arena *a = arena_new(0);
    struct client_ctx x = {
        .db = db, .arena = a, .key = ij->key, .scope = &ij->scope,
        .who = {.name = ij->actor, .address = ij->address},
        .user_id = ij->user_id, .today = today};
    ij->opts.db_url = job_db_url(j);
    struct import_result res;
    int rc = client_import(&x, ij->data.buf ? ij->data.buf : "",
                           ij->data.len, &ij->opts, &res);
    struct strbuf json;
    strbuf_init(&json);
    struct jsonw w;
    jsonw_init(&w, &json);
    write_result(&w, &res, &ij->opts);
    struct strbuf report;
    strbuf_init(&report);
    if (res.n_errors || res.n_known || res.n_warnings) {
        write_report(&res, ij->opts.lang, &report);
    }
    job_finish(j, rc != 0, json.buf, &report);
    strbuf_free(&json);
    strbuf_free(&report);
    arena_free(a);
}

void api_client_imports_create(struct req *r)
{
    static const char *const modes[] = {"dry_run", "import", NULL};
    static const char *const dups[] = {"skip", "update", "stop", NULL};
    int mode, dup;
    int64_t station = 0;
    if (!req_query_choice(r, "mode", modes, &mode) ||
        !req_query_choice(r, "duplicates", dups, &dup)) {
        return;
    }
    if (!req_query_id(r, "station_id", &station)) {
        return;
    }
    /* A sheet's name as its tab shows it (Excel allows 31 characters). */
    const char *sheet = req_query(r, "sheet");
    if (sheet && strlen(sheet) > 124) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "sheet", "sheet", "sheet");
        return;
    }
    struct import_job *ij = xmalloc(sizeof *ij);
    memset(ij, 0, sizeof *ij);
    ij->data = r->body; /* the upload moves to the job */
    strbuf_init(&r->body);
    ij->opts.station_id = station;
    ij->sheet = sheet && *sheet ? xstrdup(sheet) : NULL;
    ij->opts.sheet = ij->sheet;
    ij->opts.dup = (enum import_dup)dup;
    ij->opts.dry_run = mode == 0;
    ij->opts.lang = r->lang;
    ij->opts.progress = on_progress;
    ij->opts.cancelled = on_cancelled;
    ij->opts.ud = ij;
    /* The caller's range, copied: the request's memory goes with it. */
    ij->scope = *r->scope;
    if (r->scope->n_stations) {
        ij->stations = xmalloc(sizeof *ij->stations * r->scope->n_stations);
        memcpy(ij->stations, r->scope->stations,
               sizeof *ij->stations * r->scope->n_stations);
        ij->scope.stations = ij->stations;
    }
    if (r->scope->region_prefix) {
        ij->region_prefix = xstrdup(r->scope->region_prefix);
        ij->scope.region_prefix = ij->region_prefix;
    }
    ij->actor = xstrdup(r->actor);
    ij->address = xstrdup(r->address);
    ij->user_id = r->who->user_id;
    ij->key = r->srv->key;
    int64_t id = jobs_start(r->srv->jobs, r->who->user_id, run_import, ij,
                            import_job_free);
    if (!id) {
        import_job_free(ij);
        r->retry_after = 30;
        reply_error(r, 429, MSG_BUSY, NULL, NULL, NULL);
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "id", id);
    jsonw_kstr(&w, "status", "running");
    jsonw_obj_close(&w);
    reply_json(r, 202, &sb);
}

static bool load_job(struct req *r, bool with_file, struct job_view *v)
{
    int64_t id;
    if (!req_param_id(r, 0, "导入任务", "import", &id)) {
        return false;
    }
    if (!jobs_view(r->srv->jobs, id, r->who->user_id, with_file, v)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "导入任务", "import");
        return false;
    }
    return true;
}

void api_client_imports_get(struct req *r)
{
    struct job_view v;
    if (!load_job(r, false, &v)) {
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "status", v.status);
    jsonw_key(&w, "progress");
    jsonw_obj_open(&w);
    jsonw_kint(&w, "done", (int64_t)v.done);
    jsonw_kint(&w, "total", (int64_t)v.total);
    jsonw_obj_close(&w);
    jsonw_key(&w, "result");
    if (v.json) {
        jsonw_raw(&w, v.json);
    } else {
        jsonw_null(&w);
    }
    jsonw_obj_close(&w);
    job_view_free(&v);
    reply_json(r, 200, &sb);
}

void api_client_imports_report(struct req *r)
{
    struct job_view v;
    if (!load_job(r, true, &v)) {
        return;
    }
    if (!v.file) {
        job_view_free(&v);
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "导入检查报告",
                    "import report");
        return;
    }
    struct strbuf out;
    strbuf_init(&out);
    strbuf_add(&out, v.file, v.file_len);
    job_view_free(&v);
    reply_download(
        r, &out,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "import-report.xlsx",
        r->lang == LANG_EN ? "Import check report.xlsx" : "导入检查报告.xlsx");
}

/* The labels of a fixed list (dictionary.h), NULL-terminated, in the
 * arena; NULL when there is no such list. */
static const char *const *fixed_labels(struct arena *a, const char *kind)
{
    for (const struct fixed_list *l = dictionary_fixed; l->kind; l++) {
        if (strcmp(l->kind, kind) != 0) {
            continue;
        }
        size_t n = 0;
        while (l->items[n].code) {
            n++;
        }
        const char **out = arena_alloc(a, sizeof *out * (n + 1));
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            /* 已合并 is a merge's doing, never a sheet's. */
            if (strcmp(l->items[i].code, "merged") != 0) {
                out[k++] = l->items[i].label;
            }
        }
        return out;
    }
    return NULL;
}

/* The template's drop-downs: its fixed lists' labels and the dictionary's
 * client categories in use (a station's own are among them), each a
 * column of 可选值 in the .xlsx. False after replying to a store
 * failure. */
static bool template_choices(struct req *r,
                             const char *const *const **out,
                             const char *const **prompts_out)
{
    static const struct {
        const char *header, *kind;
    } lists[] = {
        {"性别", "sex"},           {"民族", "ethnicity"},
        {"自理能力", "self_care"}, {"居住状况", "living"},
        {"风险等级", "risk_level"}, {"监护人关系", "guardian_relation"},
        {"合法性基础", "lawful_basis"}, {"同意方式", "consent_method"},
        {"法定职责", "statutory_duty"}, {"状态", "client_status"},
    };
    const char *const **choices =
        arena_alloc(r->arena, sizeof *choices * client_import_ncols);
    const char **prompts =
        arena_alloc(r->arena, sizeof *prompts * client_import_ncols);
    struct dictionary_item *cats;
    size_t n_cats;
    int rc = dictionary_store_list(r->db, r->arena, "client_category", &cats,
                                   &n_cats);
    if (rc != DB_OK) {
        api_db_error(r, rc, "import template");
        return false;
    }
    for (size_t c = 0; c < client_import_ncols; c++) {
        const char *h = client_import_headers[c];
        for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
            if (strcmp(h, lists[i].header) == 0) {
                choices[c] = fixed_labels(r->arena, lists[i].kind);
            }
        }
        if (strcmp(h, "对象类别") == 0) {
            /* The drop-down picks one; a person is often in several. */
            prompts[c] = "可填多个类别，用顿号（、）分隔";
            const char **v = arena_alloc(r->arena, sizeof *v * (n_cats + 1));
            size_t k = 0;
            for (size_t i = 0; i < n_cats; i++) {
                if (cats[i].active) {
                    v[k++] = cats[i].label;
                }
            }
            choices[c] = v;
        }
    }
    *out = choices;
    *prompts_out = prompts;
    return true;
}

/* The first division under parent, or "" when it has none. */
static const char *first_child(struct req *r, const char *parent, int *rc)
{
    struct region *kids;
    size_t n = 0;
    *rc = region_store_children(r->db, r->arena, parent, "", 1, &kids, &n);
    return *rc == DB_OK && n ? kids[0].code : "";
}

/* The example row of the station asked for (station_id), or of the
 * caller's first: a person of its county living in a village of its
 * township, so that a county does not see another county's address.
 * Without a station (an empty database), 攸县's. */
static bool template_example(struct req *r, const char ***cells)
{
    int64_t id;
    if (!req_query_id(r, "station_id", &id)) {
        return false;
    }
    struct station st;
    int rc;
    if (id) {
        rc = station_store_get_plain(r->db, r->arena, r->scope, id, &st);
    } else {
        struct station_filter f = {.status = "active",
                                   .sort = STATION_SORT_ID, .limit = 1};
        struct station *items;
        size_t n = 0;
        int64_t total;
        rc = station_store_list(r->db, r->arena, r->scope, &f, &items, &n,
                                &total);
        if (rc == DB_OK && !n) {
            *cells = (const char **)client_import_example;
            return true;
        }
        if (rc == DB_OK) {
            st = items[0];
            rc = DB_ROW;
        }
    }
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, "station_id", "站点", "station");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "import template station");
        return false;
    }
    const char *county = arena_printf(r->arena, "%.6s", st.region_code);
    const char *township = "", *village = "";
    rc = DB_OK;
    if (strlen(st.region_code) >= 9) {
        township = arena_printf(r->arena, "%.9s", st.region_code);
    } else { /* a county's centre: the county's first township */
        township = first_child(r, county, &rc);
    }
    if (rc == DB_OK && *township) {
        village = first_child(r, township, &rc);
    }
    const char *codes[3] = {county, township, village};
    const char *names[3] = {"", "", ""};
    for (int i = 0; i < 3 && rc == DB_OK && *codes[i]; i++) {
        struct region g;
        int got = region_store_get(r->db, r->arena, codes[i], &g);
        rc = got == DB_ROW || got == DB_DONE ? DB_OK : got;
        names[i] = got == DB_ROW ? g.name : "";
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "import template");
        return false;
    }
    *cells = client_import_example_for(r->arena, county, names[0], names[1],
                                       names[2]);
    return true;
}

void api_client_import_template(struct req *r)
{
    static const char *const formats[] = {"xlsx", "csv", NULL};
    int f;
    const char **example;
    if (!req_query_choice(r, "format", formats, &f) ||
        !template_example(r, &example)) {
        return;
    }
    double widths[64];
    for (size_t i = 0; i < client_import_ncols; i++) {
        widths[i] = 14;
    }
    struct sheet s = {.ncols = client_import_ncols, .nrows = 1,
                      .header = (const char *const *)client_import_headers,
                      .cells = example,
                      .widths = widths};
    if (f == 0 && !template_choices(r, &s.choices, &s.prompts)) {
        return;
    }
    struct strbuf out;
    strbuf_init(&out);
    if (f == 1) {
        sheet_csv(&s, &out);
        reply_download(r, &out, "text/csv; charset=utf-8",
                       "clients-template.csv",
                       r->lang == LANG_EN ? "Client import template.csv"
                                          : "服务对象导入模板.csv");
        return;
    }
    char err[200];
    if (sheet_xlsx(&s, &out, err, sizeof err) != 0) {
        strbuf_free(&out);
        reply_internal(r, err);
        return;
    }
    reply_download(
        r, &out,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "clients-template.xlsx",
        r->lang == LANG_EN ? "Client import template.xlsx"
                           : "服务对象导入模板.xlsx");
}
