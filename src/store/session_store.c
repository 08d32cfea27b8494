#include "session_store.h"

#include <string.h>

#include "like.h"

static int finish(struct db_stmt *st)
{
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int session_store_insert(struct db *db, const struct session *s)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO sessions (token_hash, user_id, csrf_token, "
            "created_at, last_seen_at, expires_at, address, user_agent, "
            "second_factor_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, s->token_hash);
    db_bind_int(st, 2, s->user_id);
    db_bind_text(st, 3, s->csrf_token);
    db_bind_int(st, 4, s->created_at);
    db_bind_int(st, 5, s->last_seen_at);
    db_bind_int(st, 6, s->expires_at);
    db_bind_text(st, 7, s->address ? s->address : "");
    db_bind_text(st, 8, s->user_agent ? s->user_agent : "");
    db_bind_int(st, 9, s->second_factor_pending ? 1 : 0);
    return finish(st);
}

#define SESSION_COLS                                                        \
    "s.token_hash, s.csrf_token, s.user_id, s.created_at, s.last_seen_at, " \
    "s.expires_at, s.address, s.user_agent, u.username, "                   \
    "s.second_factor_pending"

static void read_session(struct db_stmt *st, struct arena *a,
                         struct session *s)
{
    s->token_hash = arena_strdup(a, db_col_text(st, 0));
    s->csrf_token = arena_strdup(a, db_col_text(st, 1));
    s->user_id = db_col_int(st, 2);
    s->created_at = db_col_int(st, 3);
    s->last_seen_at = db_col_int(st, 4);
    s->expires_at = db_col_int(st, 5);
    s->address = arena_strdup(a, db_col_text(st, 6));
    s->user_agent = arena_strdup(a, db_col_text(st, 7));
    s->username = arena_strdup(a, db_col_text(st, 8));
    s->second_factor_pending = db_col_int(st, 9) != 0;
}

int session_store_get(struct db *db, struct arena *a, const char *token_hash,
                      struct session *s)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " SESSION_COLS " FROM sessions s JOIN users u ON "
            "u.id = s.user_id WHERE s.token_hash = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, token_hash);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_session(st, a, s);
    }
    db_reset(st);
    return rc;
}

int session_store_touch(struct db *db, const char *token_hash, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_text(st, 2, token_hash);
    return finish(st);
}

int session_store_delete(struct db *db, const char *token_hash)
{
    struct db_stmt *st =
        db_prepare(db, "DELETE FROM sessions WHERE token_hash = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, token_hash);
    return finish(st);
}

int session_store_delete_user(struct db *db, int64_t user_id)
{
    struct db_stmt *st =
        db_prepare(db, "DELETE FROM sessions WHERE user_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    return finish(st);
}

#define SESSION_FILTER                                                      \
    " FROM sessions s JOIN users u ON u.id = s.user_id WHERE (? = 0 OR "    \
    "s.user_id = ?) AND s.expires_at > ? AND s.last_seen_at > ? AND (? = "  \
    "'' OR u.username LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE "  \
    "'\\')"

static void bind_session_filter(struct db_stmt *st, struct arena *a,
                                int64_t user_id, const char *q, int64_t now,
                                int64_t idle)
{
    const char *pattern = like_prefix(a, q);
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, user_id);
    db_bind_int(st, 3, now);
    db_bind_int(st, 4, now - idle);
    db_bind_text(st, 5, q);
    db_bind_text(st, 6, pattern);
    db_bind_text(st, 7, pattern);
}

int session_store_list(struct db *db, struct arena *a, int64_t user_id,
                       const char *q, int64_t now, int64_t idle,
                       int limit, int64_t offset, struct session **out,
                       size_t *n, int64_t *total)
{
    q = q ? q : "";
    struct db_stmt *st =
        db_prepare(db, "SELECT count(*)" SESSION_FILTER);
    if (!st) {
        return DB_ERROR;
    }
    bind_session_filter(st, a, user_id, q, now, idle);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, "SELECT " SESSION_COLS SESSION_FILTER
                        " ORDER BY s.last_seen_at DESC, s.token_hash "
                        "LIMIT ? OFFSET ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_session_filter(st, a, user_id, q, now, idle);
    db_bind_int(st, 8, limit);
    db_bind_int(st, 9, offset);
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
        read_session(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int session_store_prune(struct db *db, int64_t now, int64_t idle)
{
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_int(st, 2, now - idle);
    return finish(st);
}

int session_store_delete_id(struct db *db, const char *id, int64_t user_id,
                            int64_t *deleted)
{
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM sessions WHERE substr(token_hash, 1, 16) = ? AND "
            "(? = 0 OR user_id = ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, id);
    db_bind_int(st, 2, user_id);
    db_bind_int(st, 3, user_id);
    int rc = db_step(st);
    *deleted = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int session_store_complete(struct db *db, const char *token_hash)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE sessions SET second_factor_pending = 0 WHERE "
            "token_hash = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, token_hash);
    return finish(st);
}
