#include "calendar_load.h"

#include <stdio.h>
#include <string.h>

#include "../store/audit_store.h"
#include "../store/calendar_store.h"
#include "../util/cn_time.h"
#include "../util/embedded.h"
#include "calendar.h"

static int put_years(struct db *db, const struct actor *who,
                     const struct calendar_year *ys, size_t n,
                     const char *source, bool skip_loaded, int *added,
                     char *err, size_t errlen)
{
    struct arena *a = arena_new(64 * 1024);
    struct calendar now_loaded;
    int rc = calendar_store_load(db, a, &now_loaded);
    *added = 0;
    /* One transaction for the file: a year refused leaves none loaded,
     * not the years before it. */
    bool began = rc == DB_OK && (rc = db_begin(db)) == DB_OK;
    int year = 0;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        bool loaded = false;
        for (size_t k = 0; k < now_loaded.n_years; k++) {
            loaded = loaded || now_loaded.years[k] == ys[i].year;
        }
        if (loaded && skip_loaded) {
            continue;
        }
        year = ys[i].year;
        rc = calendar_store_put_year(db, &ys[i], source, cn_now());
        if (rc == DB_OK) {
            char id[8], detail[120];
            snprintf(id, sizeof id, "%d", ys[i].year);
            snprintf(detail, sizeof detail,
                     "{\"source\":\"%s\",\"days\":%zu}", source,
                     ys[i].n_days);
            struct audit_entry e = {
                .actor = who->name,
                .address = who->address,
                .action = "calendar.load",
                .entity = "calendar_year",
                .entity_id = id,
                .detail = detail,
            };
            rc = audit_append(db, &e);
        }
        if (rc == DB_OK) {
            (*added)++;
        }
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        snprintf(err, errlen, "year %d: %s", year, db_errmsg(db));
        if (began) {
            db_rollback(db);
        }
        *added = 0;
    }
    arena_free(a);
    return rc;
}

int calendar_load_builtin(struct db *db, const struct actor *who,
                          int *added, char *err, size_t errlen)
{
    const struct embedded_file *f = embedded_find("calendar/chinese-days.json");
    if (!f) {
        snprintf(err, errlen, "no calendar in this binary");
        return DB_ERROR;
    }
    struct arena *a = arena_new(64 * 1024);
    struct calendar_year *ys;
    size_t n;
    int rc = DB_ERROR;
    struct calendar_fail fail;
    if (calendar_parse(a, (const char *)f->data, f->len, 0, &ys, &n,
                       &fail) == 0) {
        rc = put_years(db, who, ys, n, "chinese-days", true, added, err,
                       errlen);
    } else {
        char text[300];
        msg_format(fail.msg, LANG_EN, fail.detail, text, sizeof text);
        snprintf(err, errlen, "built-in calendar: %s", text);
    }
    arena_free(a);
    return rc;
}

int calendar_load_file(struct db *db, const struct actor *who,
                       const char *text, size_t len, int year, int *added,
                       struct calendar_fail *fail)
{
    struct arena *a = arena_new(64 * 1024);
    struct calendar_year *ys;
    size_t n;
    *added = 0;
    int rc = CALENDAR_BAD_FILE;
    if (calendar_parse(a, text, len, year, &ys, &n, fail) == 0) {
        char err[200];
        rc = put_years(db, who, ys, n, "file", false, added, err, sizeof err);
    }
    arena_free(a);
    return rc;
}
