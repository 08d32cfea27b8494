#include "region_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/csv.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "columns.h"

int region_store_import_csv(struct db *db, const char *data, size_t len,
                            const char *prefix, long *count,
                            char *err, size_t errlen)
{
    struct csv *c = xmalloc(sizeof *c);
    csv_init(c, data, len);
    size_t plen = prefix ? strlen(prefix) : 0;
    int rc = DB_OK;
    *count = 0;
    int r = csv_next(c); /* header */
    while (r == 1 && (r = csv_next(c)) == 1) {
        const char *code = c->field[0];
        const char *name = c->field[1];
        enum region_level level = region_level_of(code);
        int parent_len = region_parent_len(level);
        if (c->nfields < 2 || level == LEVEL_NONE ||
            (level != LEVEL_PROVINCE && c->nfields < 3)) {
            snprintf(err, errlen, "line %ld: not a division row", c->line);
            rc = DB_ERROR;
            break;
        }
        const char *parent = level == LEVEL_PROVINCE ? NULL : c->field[2];
        if (parent && (strlen(parent) != (size_t)parent_len ||
                       strncmp(parent, code, (size_t)parent_len) != 0)) {
            snprintf(err, errlen, "line %ld: parent %s does not contain %s",
                     c->line, parent, code);
            rc = DB_ERROR;
            break;
        }
        size_t nlen = strlen(name);
        if (nlen == 0 || !utf8_valid(name, nlen, false) ||
            utf8_chars(name, nlen) > 60) {
            snprintf(err, errlen, "line %ld: bad name for %s", c->line, code);
            rc = DB_ERROR;
            break;
        }
        /* A prefix selects a region and what lies below it, and keeps
         * its ancestors so that the tree stays connected. */
        size_t clen = strlen(code);
        bool inside = !prefix || strncmp(code, prefix, plen < clen ? plen
                                                                   : clen) == 0;
        if (!inside) {
            continue;
        }
        struct db_stmt *st = db_prepare(
            db, "INSERT INTO regions (code, name, level, parent) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
                "name = excluded.name, level = excluded.level, "
                "parent = excluded.parent");
        if (!st) {
            snprintf(err, errlen, "%s", db_errmsg(db));
            rc = DB_ERROR;
            break;
        }
        db_bind_text(st, 1, code);
        db_bind_text(st, 2, name);
        db_bind_text(st, 3, region_level_name(level));
        db_bind_text(st, 4, parent);
        int s = db_step(st);
        db_reset(st);
        if (s != DB_DONE) {
            snprintf(err, errlen, "line %ld: %s", c->line, db_errmsg(db));
            rc = s < 0 ? s : DB_ERROR;
            break;
        }
        (*count)++;
    }
    if (rc == DB_OK && r < 0) {
        snprintf(err, errlen, "line %ld: malformed CSV", c->line);
        rc = DB_ERROR;
    }
    free(c);
    return rc;
}

static void read_row(struct db_stmt *st, struct arena *a, struct region *r)
{
    const char *parent = db_col_text(st, 3);
    r->code = arena_strdup(a, db_col_text(st, 0));
    r->name = arena_strdup(a, db_col_text(st, 1));
    r->level = region_level_of(r->code);
    r->parent = parent ? arena_strdup(a, parent) : NULL;
}

int region_store_get(struct db *db, struct arena *a, const char *code,
                     struct region *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT code, name, level, parent FROM regions WHERE code = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, code);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_row(st, a, out);
    }
    db_reset(st);
    return rc;
}

int region_store_children(struct db *db, struct arena *a, const char *parent,
                          const char *after, int limit, struct region **out,
                          size_t *n)
{
    struct db_stmt *st;
    if (*parent) {
        st = db_prepare(db, "SELECT code, name, level, parent FROM regions "
                            "WHERE parent = ? AND code > ? ORDER BY code "
                            "LIMIT ?");
    } else {
        st = db_prepare(db, "SELECT code, name, level, parent FROM regions "
                            "WHERE parent IS NULL AND code > ? "
                            "ORDER BY code LIMIT ?");
    }
    if (!st) {
        return DB_ERROR;
    }
    int i = 1;
    if (*parent) {
        db_bind_text(st, i++, parent);
    }
    db_bind_text(st, i++, after);
    db_bind_int(st, i, limit);
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
        read_row(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int region_store_codes(struct db *db, struct arena *a, const char *prefix,
                       enum region_level level, const char ***out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT code FROM regions WHERE level = ? AND code >= ? AND "
            "code <= ? ORDER BY code");
    if (!st) {
        return DB_ERROR;
    }
    char upper[13];
    region_code_upper(prefix, upper);
    db_bind_text(st, 1, region_level_name(level));
    db_bind_text(st, 2, prefix);
    db_bind_text(st, 3, upper);
    size_t cap = 64;
    const char **codes = arena_alloc(a, cap * sizeof *codes);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            const char **more = arena_alloc(a, 2 * cap * sizeof *codes);
            memcpy(more, codes, cap * sizeof *codes);
            codes = more;
            cap *= 2;
        }
        codes[(*n)++] = arena_strdup(a, db_col_text(st, 0));
    }
    db_reset(st);
    *out = codes;
    return rc < 0 ? rc : DB_OK;
}

int region_store_lock(struct db *db, const char *code)
{
    struct db_stmt *st =
        db_prepare(db, "UPDATE regions SET name = name WHERE code = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, code);
    return store_step_done(st);
}
