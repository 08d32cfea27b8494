#include "household_store.h"

#include <string.h>

static int read_members(struct db *db, struct arena *a, struct household *h)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT m.client_id, COALESCE(c.name, m.name), m.relation, "
            "c.status FROM household_members m LEFT JOIN clients c ON c.id = "
            "m.client_id WHERE m.household_id = ? ORDER BY m.sort_order, "
            "m.id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, h->id);
    size_t cap = 8;
    h->members = arena_alloc(a, cap * sizeof *h->members);
    h->n_members = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        h->members =
            arena_grow(a, h->members, h->n_members, &cap,
                       sizeof *h->members);
        struct household_member *m = &h->members[h->n_members++];
        m->client_id = db_col_int(st, 0);
        m->name = arena_strdup(a, db_col_text(st, 1));
        m->relation = arena_strdup(a, db_col_text(st, 2));
        m->status = m->client_id ? arena_strdup(a, db_col_text(st, 3)) : NULL;
        m->move = false;
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

#define H_COLS                                                              \
    "h.id, h.station_id, s.name, h.name, h.notes, h.version, "              \
    "h.created_at, h.updated_at"

static void read_household(struct db_stmt *st, struct arena *a,
                           struct household *h)
{
    memset(h, 0, sizeof *h);
    h->id = db_col_int(st, 0);
    h->station_id = db_col_int(st, 1);
    h->station_name = arena_strdup(a, db_col_text(st, 2));
    h->name = arena_strdup(a, db_col_text(st, 3));
    h->notes = arena_strdup(a, db_col_text(st, 4));
    h->version = db_col_int(st, 5);
    h->created_at = db_col_int(st, 6);
    h->updated_at = db_col_int(st, 7);
}

/* The scope: the station's (4 parameters), then "self" (2): a worker
 * who keeps only her own clients sees the households one of them is in. */
#define H_SCOPE                                                             \
    SCOPE_WHERE " AND (? = 0 OR EXISTS (SELECT 1 FROM household_members " \
    "hm JOIN clients hc ON hc.id = hm.client_id WHERE hm.household_id = " \
    "h.id AND hc.worker_id = ?))"

static void bind_scope(struct db_stmt *st, int first, const struct scope *sc)
{
    scope_bind(st, first, sc);
    db_bind_int(st, first + 4, sc->self_user);
    db_bind_int(st, first + 5, sc->self_user);
}

#define H_WHERE                                                             \
    " FROM households h JOIN stations s ON s.id = h.station_id WHERE "     \
    H_SCOPE " AND (? = 0 OR h.station_id = ?) AND h.name >= ? AND "        \
    "h.name <= ? "

static void bind_list(struct db_stmt *st, const struct scope *sc,
                      int64_t station_id, const char *lo, const char *hi)
{
    bind_scope(st, 1, sc);
    db_bind_int(st, 7, station_id);
    db_bind_int(st, 8, station_id);
    db_bind_text(st, 9, lo);
    db_bind_text(st, 10, hi);
}

int household_store_list(struct db *db, struct arena *a,
                         const struct scope *sc, int64_t station_id,
                         const char *q, int limit, int64_t offset,
                         struct household **out, size_t *n, int64_t *total)
{
    /* A prefix as a range; U+10FFFF sorts after anything that follows. */
    const char *lo = q ? q : "";
    const char *hi = arena_printf(a, "%s\xf4\x8f\xbf\xbf", lo);
    struct db_stmt *st = db_prepare(db, "SELECT COUNT(*)" H_WHERE);
    if (!st) {
        return DB_ERROR;
    }
    bind_list(st, sc, station_id, lo, hi);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, "SELECT " H_COLS H_WHERE
                        "ORDER BY h.id DESC LIMIT ? OFFSET ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_list(st, sc, station_id, lo, hi);
    db_bind_int(st, 11, limit);
    db_bind_int(st, 12, offset);
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
        read_household(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    if (rc < 0) {
        return rc;
    }
    for (size_t i = 0; i < *n; i++) {
        if ((rc = read_members(db, a, &(*out)[i])) != DB_OK) {
            return rc;
        }
    }
    return DB_OK;
}

int household_store_get(struct db *db, struct arena *a,
                        const struct scope *sc, int64_t id,
                        struct household *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " H_COLS " FROM households h JOIN stations s ON s.id = "
            "h.station_id WHERE h.id = ? AND " H_SCOPE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    bind_scope(st, 2, sc);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_household(st, a, out);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_DONE : (rc < 0 ? rc : DB_ERROR);
    }
    rc = read_members(db, a, out);
    return rc == DB_OK ? DB_ROW : rc;
}

int household_store_of_client(struct db *db, struct arena *a,
                              int64_t client_id, int64_t *id,
                              const char **name, const char **relation)
{
    *id = 0;
    *name = NULL;
    *relation = NULL;
    struct db_stmt *st = db_prepare(
        db, "SELECT h.id, h.name, m.relation FROM household_members m JOIN "
            "households h ON h.id = m.household_id WHERE m.client_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, client_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
        *name = arena_strdup(a, db_col_text(st, 1));
        *relation = arena_strdup(a, db_col_text(st, 2));
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

static int write_members(struct db *db, const struct household *h, int64_t id)
{
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM household_members WHERE household_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    for (size_t i = 0; i < h->n_members; i++) {
        const struct household_member *m = &h->members[i];
        st = db_prepare(db, "INSERT INTO household_members (household_id, "
                            "client_id, name, relation, sort_order) "
                            "VALUES (?, ?, ?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        if (m->client_id) {
            db_bind_int(st, 2, m->client_id);
        } else {
            db_bind_null(st, 2);
        }
        db_bind_text(st, 3, m->name);
        db_bind_text(st, 4, m->relation);
        db_bind_int(st, 5, (int64_t)i);
        rc = db_step(st);
        db_reset(st);
        if (rc != DB_DONE) {
            return rc < 0 ? rc : DB_ERROR;
        }
    }
    return DB_OK;
}

int household_store_insert(struct db *db, const struct household *h,
                           int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO households (station_id, name, notes, version, "
            "created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, h->station_id);
    db_bind_text(st, 2, h->name);
    db_bind_text(st, 3, h->notes ? h->notes : "");
    db_bind_int(st, 4, now);
    db_bind_int(st, 5, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    return write_members(db, h, *id);
}

int household_store_update(struct db *db, const struct household *h,
                           int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE households SET name = ?, notes = ?, version = version "
            "+ 1, updated_at = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, h->name);
    db_bind_text(st, 2, h->notes ? h->notes : "");
    db_bind_int(st, 3, now);
    db_bind_int(st, 4, h->id);
    db_bind_int(st, 5, expected_version);
    int rc = db_step(st);
    int64_t changed = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (changed == 0) {
        return DB_DONE;
    }
    return write_members(db, h, h->id);
}

int household_store_touch(struct db *db, int64_t id, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE households SET version = version + 1, updated_at = ? "
            "WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_int(st, 2, id);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int household_store_delete(struct db *db, int64_t id)
{
    static const char *const sql[] = {
        "DELETE FROM household_members WHERE household_id = ?",
        "DELETE FROM households WHERE id = ?",
    };
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < sizeof sql / sizeof *sql; i++) {
        struct db_stmt *st = db_prepare(db, sql[i]);
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        rc = db_step(st);
        db_reset(st);
        rc = rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    }
    return rc;
}
