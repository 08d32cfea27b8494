#include "profile_store.h"

int profile_store_put(struct db *db, const char *name, const char *body,
                      int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO profiles (name, body, active, updated_at) "
            "VALUES (?, ?, 0, ?) ON CONFLICT (name) DO UPDATE SET "
            "body = excluded.body, updated_at = excluded.updated_at");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, name);
    db_bind_text(st, 2, body);
    db_bind_int(st, 3, now);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : rc;
}

int profile_store_activate(struct db *db, const char *name)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT COUNT(*) FROM profiles WHERE name = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, name);
    int rc = db_step(st);
    int64_t n = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (n == 0) {
        return DB_DONE;
    }
    st = db_prepare(db, "UPDATE profiles SET active = CASE WHEN name = ? "
                        "THEN 1 ELSE 0 END");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, name);
    rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : rc;
}

int profile_store_active(struct db *db, struct arena *a, const char **name,
                         const char **body)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT name, body FROM profiles WHERE active = 1");
    if (!st) {
        return DB_ERROR;
    }
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *name = arena_strdup(a, db_col_text(st, 0));
        *body = arena_strdup(a, db_col_text(st, 1));
    }
    db_reset(st);
    return rc;
}

int profile_store_get(struct db *db, struct arena *a, const char *name,
                      const char **body)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT body FROM profiles WHERE name = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, name);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *body = arena_strdup(a, db_col_text(st, 0));
    }
    db_reset(st);
    return rc;
}

int profile_store_list(struct db *db, struct arena *a, const char ***names,
                       const char ***bodies, size_t *n)
{
    *names = NULL;
    *bodies = NULL;
    *n = 0;
    struct db_stmt *st =
        db_prepare(db, "SELECT name, body FROM profiles ORDER BY name");
    if (!st) {
        return DB_ERROR;
    }
    size_t cap_names = 0, cap_bodies = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *names = arena_grow(a, *names, *n, &cap_names, sizeof **names);
        *bodies = arena_grow(a, *bodies, *n, &cap_bodies, sizeof **bodies);
        (*names)[*n] = arena_strdup(a, db_col_text(st, 0));
        (*bodies)[*n] = arena_strdup(a, db_col_text(st, 1));
        (*n)++;
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}
