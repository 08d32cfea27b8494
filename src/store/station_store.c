#include "station_store.h"

#include <stdlib.h>
#include <string.h>

#include "../core/pinyin.h"
#include "../core/region_code.h"

#define STATION_COLS                                                        \
    "s.id, s.type, s.region_code, r.name, s.name, s.address, s.phone, "     \
    "s.opened_on, s.status, s.version, s.created_at, s.updated_at"

static void read_station(struct db_stmt *st, struct arena *a,
                         struct station *s)
{
    memset(s, 0, sizeof *s);
    s->id = db_col_int(st, 0);
    s->type = arena_strdup(a, db_col_text(st, 1));
    s->region_code = arena_strdup(a, db_col_text(st, 2));
    s->region_name = arena_strdup(a, db_col_text(st, 3));
    s->name = arena_strdup(a, db_col_text(st, 4));
    s->address = arena_strdup(a, db_col_text(st, 5));
    s->phone = arena_strdup(a, db_col_text(st, 6));
    s->opened_on =
        db_col_null(st, 7) ? NULL : arena_strdup(a, db_col_text(st, 7));
    s->status = arena_strdup(a, db_col_text(st, 8));
    s->version = db_col_int(st, 9);
    s->created_at = db_col_int(st, 10);
    s->updated_at = db_col_int(st, 11);
}

#define LIST_WHERE                                                          \
    " WHERE " SCOPE_WHERE " AND s.region_code >= ? AND s.region_code <= ? " \
    "AND (? = '' OR s.type = ?) AND (? = '' OR s.status = ?) "
#define LIST_SELECT                                                         \
    "SELECT " STATION_COLS " FROM stations s JOIN regions r ON r.code = "   \
    "s.region_code" LIST_WHERE

/* One statement per sort order: ORDER BY cannot be a parameter, and SQL
 * is never assembled from input. */
static const char *const list_sql[3][2] = {
    {LIST_SELECT "ORDER BY s.region_code, s.id LIMIT ? OFFSET ?",
     LIST_SELECT "ORDER BY s.region_code DESC, s.id DESC LIMIT ? OFFSET ?"},
    {LIST_SELECT "ORDER BY s.name_sort, s.id LIMIT ? OFFSET ?",
     LIST_SELECT "ORDER BY s.name_sort DESC, s.id DESC LIMIT ? OFFSET ?"},
    {LIST_SELECT "ORDER BY s.id LIMIT ? OFFSET ?",
     LIST_SELECT "ORDER BY s.id DESC LIMIT ? OFFSET ?"},
};

static const char *const count_sql =
    "SELECT COUNT(*) FROM stations s" LIST_WHERE;

/* Binds the filter after the scope; returns the next index. */
static int bind_filter(struct db_stmt *st, const struct scope *sc,
                       const struct station_filter *f)
{
    scope_bind(st, 1, sc);
    char upper[13];
    const char *prefix = f->region_prefix ? f->region_prefix : "";
    region_code_upper(prefix, upper);
    db_bind_text(st, 5, prefix);
    db_bind_text(st, 6, upper);
    db_bind_text(st, 7, f->type ? f->type : "");
    db_bind_text(st, 8, f->type ? f->type : "");
    db_bind_text(st, 9, f->status ? f->status : "");
    db_bind_text(st, 10, f->status ? f->status : "");
    return 11;
}

int station_store_list(struct db *db, struct arena *a, const struct scope *sc,
                       const struct station_filter *f, struct station **out,
                       size_t *n, int64_t *total)
{
    struct db_stmt *st = db_prepare(db, count_sql);
    if (!st) {
        return DB_ERROR;
    }
    bind_filter(st, sc, f);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }

    st = db_prepare(db, list_sql[f->sort][f->desc ? 1 : 0]);
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_filter(st, sc, f);
    db_bind_int(st, i, f->limit);
    db_bind_int(st, i + 1, f->offset);
    *out = arena_alloc(a, sizeof **out * (size_t)(f->limit > 0 ? f->limit : 1));
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)f->limit) {
        read_station(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int station_store_facilities(struct db *db, struct arena *a,
                             struct station *s)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT code, met, note FROM station_facilities "
            "WHERE station_id = ? ORDER BY code");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, s->id);
    size_t cap = 16;
    s->facilities = arena_alloc(a, cap * sizeof *s->facilities);
    s->n_facilities = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        s->facilities =
            arena_grow(a, s->facilities, s->n_facilities, &cap,
                       sizeof *s->facilities);
        struct station_facility *f = &s->facilities[s->n_facilities++];
        f->code = arena_strdup(a, db_col_text(st, 0));
        f->met = db_col_int(st, 1) != 0;
        f->note = arena_strdup(a, db_col_text(st, 2));
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int station_store_facilities_many(struct db *db, struct arena *a,
                                  struct station *items, size_t n)
{
    if (n == 0) {
        return DB_OK;
    }
    int64_t lo = items[0].id, hi = items[0].id;
    for (size_t i = 0; i < n; i++) {
        lo = items[i].id < lo ? items[i].id : lo;
        hi = items[i].id > hi ? items[i].id : hi;
        items[i].n_facilities = 0;
        items[i].facilities = NULL;
    }
    /* One read of the ids' span; rows of stations not on the page are
     * skipped below. */
    struct db_stmt *st = db_prepare(
        db, "SELECT station_id, code, met, note FROM station_facilities "
            "WHERE station_id >= ? AND station_id <= ? ORDER BY station_id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, lo);
    db_bind_int(st, 2, hi);
    size_t *cap = arena_alloc(a, n * sizeof *cap);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        for (size_t i = 0; i < n; i++) {
            struct station *s = &items[i];
            if (s->id != id) {
                continue;
            }
            if (s->n_facilities == cap[i]) {
                size_t c = cap[i] ? cap[i] * 2 : 16;
                struct station_facility *more =
                    arena_alloc(a, c * sizeof *more);
                if (s->n_facilities) {
                    memcpy(more, s->facilities,
                           s->n_facilities * sizeof *more);
                }
                s->facilities = more;
                cap[i] = c;
            }
            struct station_facility *f = &s->facilities[s->n_facilities++];
            f->code = arena_strdup(a, db_col_text(st, 1));
            f->met = db_col_int(st, 2) != 0;
            f->note = arena_strdup(a, db_col_text(st, 3));
            break;
        }
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int station_store_ids(struct db *db, struct arena *a, const struct scope *sc,
                      size_t max, int64_t **ids, size_t *n)
{
    struct db_stmt *st = db_prepare(db, "SELECT s.id FROM stations s WHERE "
                                        SCOPE_WHERE " ORDER BY s.id LIMIT ?");
    if (!st) {
        return DB_ERROR;
    }
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, (int64_t)max + 1);
    size_t cap = 16;
    *ids = arena_alloc(a, cap * sizeof **ids);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *ids = arena_grow(a, *ids, *n, &cap, sizeof **ids);
        (*ids)[(*n)++] = db_col_int(st, 0);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int station_store_get_plain(struct db *db, struct arena *a,
                            const struct scope *sc, int64_t id,
                            struct station *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " STATION_COLS " FROM stations s JOIN regions r ON "
            "r.code = s.region_code WHERE s.id = ? AND " SCOPE_WHERE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    scope_bind(st, 2, sc);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_station(st, a, out);
    }
    db_reset(st);
    return rc;
}

int station_store_get(struct db *db, struct arena *a, const struct scope *sc,
                      int64_t id, struct station *out)
{
    int rc = station_store_get_plain(db, a, sc, id, out);
    if (rc == DB_ROW) {
        int frc = station_store_facilities(db, a, out);
        if (frc != DB_OK) {
            return frc;
        }
    }
    return rc;
}

int station_store_conflict(struct db *db, const struct station *s,
                           enum station_conflict *why)
{
    *why = STATION_CONFLICT_NONE;
    struct db_stmt *st = db_prepare(
        db, "SELECT CASE WHEN type = ? AND region_code = ? THEN 1 ELSE 2 "
            "END FROM stations WHERE id <> ? AND ((type = ? AND "
            "region_code = ?) OR name = ?) ORDER BY 1 LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, s->type);
    db_bind_text(st, 2, s->region_code);
    db_bind_int(st, 3, s->id);
    db_bind_text(st, 4, s->type);
    db_bind_text(st, 5, s->region_code);
    db_bind_text(st, 6, s->name);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *why = db_col_int(st, 0) == 1 ? STATION_CONFLICT_TYPE_REGION
                                      : STATION_CONFLICT_NAME;
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

static int write_facilities(struct db *db, const struct station *s,
                            int64_t id)
{
    struct db_stmt *st =
        db_prepare(db, "DELETE FROM station_facilities WHERE station_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    for (size_t i = 0; i < s->n_facilities; i++) {
        st = db_prepare(db, "INSERT INTO station_facilities (station_id, "
                            "code, met, note) VALUES (?, ?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, s->facilities[i].code);
        db_bind_int(st, 3, s->facilities[i].met ? 1 : 0);
        db_bind_text(st, 4, s->facilities[i].note ? s->facilities[i].note
                                                   : "");
        rc = db_step(st);
        db_reset(st);
        if (rc != DB_DONE) {
            return rc < 0 ? rc : DB_ERROR;
        }
    }
    return DB_OK;
}

/* A station's name as lists by name order it (core/pinyin.h). */
static void bind_sort_key(struct db_stmt *st, int idx, const char *name)
{
    char *key = pinyin_sort_key_alloc(name);
    db_bind_text(st, idx, key); /* a copy */
    free(key);
}

int station_store_insert(struct db *db, const struct station *s, int64_t now,
                         int64_t *id, enum station_conflict *why)
{
    *why = STATION_CONFLICT_NONE;
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO stations (type, region_code, name, address, phone, "
            "opened_on, status, version, created_at, updated_at, name_sort) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, s->type);
    db_bind_text(st, 2, s->region_code);
    db_bind_text(st, 3, s->name);
    db_bind_text(st, 4, s->address ? s->address : "");
    db_bind_text(st, 5, s->phone ? s->phone : "");
    db_bind_text(st, 6, s->opened_on);
    db_bind_text(st, 7, s->status ? s->status : "active");
    db_bind_int(st, 8, now);
    db_bind_int(st, 9, now);
    bind_sort_key(st, 10, s->name);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc == DB_CONSTRAINT) {
        /* A writer that got in between the caller's check and here. */
        *why = STATION_CONFLICT_TYPE_REGION;
        return rc;
    }
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    return write_facilities(db, s, *id);
}

int station_store_update(struct db *db, const struct station *s,
                         int64_t expected_version, int64_t now,
                         enum station_conflict *why)
{
    *why = STATION_CONFLICT_NONE;
    struct db_stmt *st = db_prepare(
        db, "UPDATE stations SET name = ?, address = ?, phone = ?, "
            "opened_on = ?, status = ?, version = version + 1, "
            "updated_at = ?, name_sort = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, s->name);
    db_bind_text(st, 2, s->address);
    db_bind_text(st, 3, s->phone);
    db_bind_text(st, 4, s->opened_on);
    db_bind_text(st, 5, s->status);
    db_bind_int(st, 6, now);
    bind_sort_key(st, 7, s->name);
    db_bind_int(st, 8, s->id);
    db_bind_int(st, 9, expected_version);
    int rc = db_step(st);
    int64_t changed = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    if (rc == DB_CONSTRAINT) {
        *why = STATION_CONFLICT_NAME;
        return rc;
    }
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (changed == 0) {
        *why = STATION_CONFLICT_VERSION;
        return DB_CONSTRAINT;
    }
    return write_facilities(db, s, s->id);
}
