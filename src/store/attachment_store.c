#include "attachment_store.h"

#include <string.h>

#define A_COLS                                                              \
    "id, token, station_id, owner_kind, owner_id, sha256, size, mime, "     \
    "name, thumb_sha256, created_by, created_at"

static void read_row(struct db_stmt *st, struct arena *a,
                     struct attachment *x)
{
    memset(x, 0, sizeof *x);
    x->id = db_col_int(st, 0);
    x->token = arena_strdup(a, db_col_text(st, 1));
    x->station_id = db_col_int(st, 2);
    x->owner_kind = arena_strdup(a, db_col_text(st, 3));
    x->owner_id = db_col_int(st, 4);
    x->sha256 = arena_strdup(a, db_col_text(st, 5));
    x->size = db_col_int(st, 6);
    x->mime = arena_strdup(a, db_col_text(st, 7));
    x->name = arena_strdup(a, db_col_text(st, 8));
    x->thumb_sha256 =
        db_col_null(st, 9) ? NULL : arena_strdup(a, db_col_text(st, 9));
    x->created_by = db_col_int(st, 10);
    x->created_at = db_col_int(st, 11);
}

int attachment_store_insert(struct db *db, const struct attachment *a,
                            int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO attachments (token, station_id, owner_kind, "
            "owner_id, sha256, size, mime, name, thumb_sha256, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
            "id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, a->token);
    db_bind_int(st, 2, a->station_id);
    db_bind_text(st, 3, a->owner_kind);
    db_bind_int(st, 4, a->owner_id);
    db_bind_text(st, 5, a->sha256);
    db_bind_int(st, 6, a->size);
    db_bind_text(st, 7, a->mime);
    db_bind_text(st, 8, a->name);
    db_bind_text(st, 9, a->thumb_sha256);
    db_bind_int(st, 10, a->created_by);
    db_bind_int(st, 11, a->created_at);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int attachment_store_get(struct db *db, struct arena *a, const char *token,
                         struct attachment *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " A_COLS " FROM attachments WHERE token = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, token);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_row(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int attachment_store_list(struct db *db, struct arena *a, const char *kind,
                          int64_t owner_id, struct attachment **out,
                          size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " A_COLS " FROM attachments WHERE owner_kind = ? AND "
            "owner_id = ? ORDER BY id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, kind);
    db_bind_int(st, 2, owner_id);
    size_t cap = 4;
    *out = arena_alloc(a, cap * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        read_row(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int attachment_store_delete(struct db *db, int64_t id)
{
    struct db_stmt *st =
        db_prepare(db, "DELETE FROM attachments WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int attachment_store_uses(struct db *db, const char *sha, int64_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT (SELECT COUNT(*) FROM attachments WHERE sha256 = ?) + "
            "(SELECT COUNT(*) FROM attachments WHERE thumb_sha256 = ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, sha);
    db_bind_text(st, 2, sha);
    int rc = db_step(st);
    *n = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
