#include "organisation_store.h"

#include <stdlib.h>
#include <string.h>

#include "../core/pinyin.h"
#include "columns.h"

#define O_COLS                                                              \
    "o.id, o.name, o.credit_code, o.legal_rep, o.rating, o.rated_on, "      \
    "o.party_org, o.supervisor_quals, o.registered_on, o.region_code, "     \
    "g.name, o.address, o.phone, o.status, o.status_reason, o.version, "    \
    "o.created_at, o.updated_at"
#define O_FROM                                                              \
    " FROM organisations o LEFT JOIN regions g ON g.code = o.region_code "

static void read_org(struct db_stmt *st, struct arena *a,
                     struct organisation *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_int(st, 0);
    o->name = store_text(a, st, 1);
    o->credit_code = store_text(a, st, 2);
    o->legal_rep = store_text(a, st, 3);
    o->rating = store_text(a, st, 4);
    o->rated_on = store_text_opt(a, st, 5);
    o->party_org = db_col_int(st, 6) != 0;
    o->supervisor_quals = store_text(a, st, 7);
    o->registered_on = store_text_opt(a, st, 8);
    o->region_code = store_text_opt(a, st, 9);
    o->region_name = store_text_opt(a, st, 10);
    o->address = store_text(a, st, 11);
    o->phone = store_text(a, st, 12);
    o->status = store_text(a, st, 13);
    o->status_reason = store_text(a, st, 14);
    o->version = db_col_int(st, 15);
    o->created_at = db_col_int(st, 16);
    o->updated_at = db_col_int(st, 17);
}

#define O_FILTERS                                                           \
    "WHERE o.name >= ? AND o.name <= ? AND (? = '' OR o.status = ?) "

static void bind_filters(struct db_stmt *st, struct arena *a, const char *q,
                         const char *status)
{
    const char *lo = q ? q : "";
    db_bind_text(st, 1, lo);
    db_bind_text(st, 2, arena_printf(a, "%s\xf4\x8f\xbf\xbf", lo));
    db_bind_text(st, 3, status ? status : "");
    db_bind_text(st, 4, status ? status : "");
}

int organisation_store_list(struct db *db, struct arena *a, const char *q,
                            const char *status, int limit, int64_t offset,
                            struct organisation **out, size_t *n,
                            int64_t *total)
{
    bool opened = db_read_begin(db);
    *n = 0;
    struct db_stmt *st =
        db_prepare(db, "SELECT COUNT(*) FROM organisations o " O_FILTERS);
    int rc = DB_ERROR;
    if (st) {
        bind_filters(st, a, q, status);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        rc = DB_ERROR;
        st = db_prepare(db, "SELECT " O_COLS O_FROM O_FILTERS
                            "ORDER BY o.name_sort, o.id LIMIT ? OFFSET ?");
        if (st) {
            bind_filters(st, a, q, status);
            db_bind_int(st, 5, limit);
            db_bind_int(st, 6, offset);
            *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
                read_org(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int organisation_store_get(struct db *db, struct arena *a, int64_t id,
                           struct organisation *out)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT " O_COLS O_FROM "WHERE o.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_org(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

/* name … status_reason: parameters 1-13. */
static void bind_fields(struct db_stmt *st, const struct organisation *o)
{
    db_bind_text(st, 1, o->name);
    db_bind_text(st, 2, o->credit_code);
    db_bind_text(st, 3, o->legal_rep ? o->legal_rep : "");
    db_bind_text(st, 4, o->rating ? o->rating : "");
    db_bind_text(st, 5, o->rated_on);
    db_bind_int(st, 6, o->party_org ? 1 : 0);
    db_bind_text(st, 7, o->supervisor_quals ? o->supervisor_quals : "");
    db_bind_text(st, 8, o->registered_on);
    db_bind_text(st, 9, o->region_code);
    db_bind_text(st, 10, o->address ? o->address : "");
    db_bind_text(st, 11, o->phone ? o->phone : "");
    db_bind_text(st, 12, o->status);
    db_bind_text(st, 13, o->status_reason ? o->status_reason : "");
    char *key = pinyin_sort_key_alloc(o->name); /* bound as a copy */
    db_bind_text(st, 14, key);
    free(key);
}

int organisation_store_insert(struct db *db, const struct organisation *o,
                              int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO organisations (name, credit_code, legal_rep, "
            "rating, rated_on, party_org, supervisor_quals, registered_on, "
            "region_code, address, phone, status, status_reason, name_sort, "
            "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    bind_fields(st, o);
    db_bind_int(st, 15, now);
    db_bind_int(st, 16, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int organisation_store_update(struct db *db, const struct organisation *o,
                              int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE organisations SET name = ?, credit_code = ?, legal_rep "
            "= ?, rating = ?, rated_on = ?, party_org = ?, supervisor_quals "
            "= ?, registered_on = ?, region_code = ?, address = ?, phone = "
            "?, status = ?, status_reason = ?, name_sort = ?, version = "
            "version + 1, updated_at = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_fields(st, o);
    db_bind_int(st, 15, now);
    db_bind_int(st, 16, o->id);
    db_bind_int(st, 17, expected_version);
    return store_step_changed(st);
}

int organisation_store_lock(struct db *db, int64_t id)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE organisations SET version = version WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return store_step_done(st);
}
