#include "token_store.h"

#include "columns.h"
#include "like.h"

#define TOKEN_COLS                                                          \
    "id, user_id, name, permissions, region, expires_at, created_at, "     \
    "last_used_at, revoked_at, token_hash"

static void read_token(struct db_stmt *st, struct arena *a,
                       struct api_token *t)
{
    t->id = db_col_int(st, 0);
    t->user_id = db_col_int(st, 1);
    t->name = arena_strdup(a, db_col_text(st, 2));
    t->permissions = arena_strdup(a, db_col_text(st, 3));
    t->region = db_col_null(st, 4) ? NULL : arena_strdup(a, db_col_text(st, 4));
    t->expires_at = db_col_int(st, 5);
    t->created_at = db_col_int(st, 6);
    t->last_used_at = db_col_int(st, 7);
    t->revoked_at = db_col_int(st, 8);
    t->token_hash = arena_strdup(a, db_col_text(st, 9));
    t->username = t->display_name = NULL;
}

int token_store_insert(struct db *db, const struct api_token *t, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO api_tokens (user_id, name, token_hash, permissions, "
            "region, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, t->user_id);
    db_bind_text(st, 2, t->name);
    db_bind_text(st, 3, t->token_hash);
    db_bind_text(st, 4, t->permissions);
    db_bind_text(st, 5, t->region);
    db_bind_int(st, 6, t->expires_at);
    db_bind_int(st, 7, t->created_at);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int token_store_by_hash(struct db *db, struct arena *a, const char *hash,
                        struct api_token *t)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " TOKEN_COLS " FROM api_tokens WHERE token_hash = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, hash);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_token(st, a, t);
    }
    db_reset(st);
    return rc;
}

/* The columns of TOKEN_COLS as read from "t", then the user's names. */
#define TOKEN_COLS_T                                                        \
    "t.id, t.user_id, t.name, t.permissions, t.region, t.expires_at, "      \
    "t.created_at, t.last_used_at, t.revoked_at, t.token_hash, "            \
    "u.username, u.display_name"
#define TOKEN_ALL_FILTER                                                    \
    " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE (? = '' OR " \
    "u.username LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE '\\') "  \
    "AND (? = '' OR (? = 'active' AND t.revoked_at = 0 AND t.expires_at > "  \
    "?) OR (? = 'revoked' AND t.revoked_at <> 0) OR (? = 'expired' AND "     \
    "t.revoked_at = 0 AND t.expires_at <= ?))"

static void bind_all_filter(struct db_stmt *st, struct arena *a,
                            const struct token_filter *f)
{
    const char *q = f->q ? f->q : "";
    const char *pattern = like_prefix(a, q);
    const char *state = f->state ? f->state : "";
    db_bind_text(st, 1, q);
    db_bind_text(st, 2, pattern);
    db_bind_text(st, 3, pattern);
    db_bind_text(st, 4, state);
    db_bind_text(st, 5, state);
    db_bind_int(st, 6, f->now);
    db_bind_text(st, 7, state);
    db_bind_text(st, 8, state);
    db_bind_int(st, 9, f->now);
}

static void read_token_named(struct db_stmt *st, struct arena *a,
                             struct api_token *t)
{
    read_token(st, a, t);
    t->username = arena_strdup(a, db_col_text(st, 10));
    t->display_name = arena_strdup(a, db_col_text(st, 11));
}

int token_store_list_all(struct db *db, struct arena *a,
                         const struct token_filter *f,
                         struct api_token **out, size_t *n, int64_t *total)
{
    struct db_stmt *st = db_prepare(db, "SELECT count(*)" TOKEN_ALL_FILTER);
    if (!st) {
        return DB_ERROR;
    }
    bind_all_filter(st, a, f);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, "SELECT " TOKEN_COLS_T TOKEN_ALL_FILTER
                        " ORDER BY t.id DESC LIMIT ? OFFSET ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_all_filter(st, a, f);
    db_bind_int(st, 10, f->limit);
    db_bind_int(st, 11, f->offset);
    *out = arena_alloc(a, sizeof **out * (size_t)(f->limit > 0 ? f->limit : 1));
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)f->limit) {
        read_token_named(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int token_store_get(struct db *db, struct arena *a, int64_t id,
                    struct api_token *t)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " TOKEN_COLS_T " FROM api_tokens t JOIN users u ON "
            "u.id = t.user_id WHERE t.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_token_named(st, a, t);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int token_store_list(struct db *db, struct arena *a, int64_t user_id,
                     struct api_token **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = ? "
            "ORDER BY id DESC LIMIT 200");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    *out = arena_alloc(a, sizeof **out * 200);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < 200) {
        read_token(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int token_store_revoke(struct db *db, int64_t id, int64_t user_id,
                       int64_t now, int64_t *changed)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND "
            "user_id = ? AND revoked_at = 0");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_int(st, 2, id);
    db_bind_int(st, 3, user_id);
    int rc = db_step(st);
    *changed = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int token_store_revoke_user(struct db *db, int64_t user_id, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND "
            "revoked_at = 0");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_int(st, 2, user_id);
    return store_step_done(st);
}

int token_store_used(struct db *db, int64_t id, int64_t now)
{
    struct db_stmt *st =
        db_prepare(db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_int(st, 2, id);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
