#include "idempotency_store.h"

#include <string.h>

#include "columns.h"

static int exec_one(struct db_stmt *st)
{
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* One statement as a write transaction of its own (on SQLite, through
 * the process's writer queue). */
static int exec_alone(struct db *db, struct db_stmt *st)
{
    int rc = exec_one(st);
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        db_rollback(db);
    }
    return rc;
}

static int reserve(struct db *db, struct arena *a, int64_t user_id,
                   const char *key, const char *request_hash, int64_t now,
                   int64_t stale_before, struct idem_record *existing)
{
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM idempotency_keys WHERE created_at < ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now - IDEM_LIFETIME);
    int rc = exec_one(st);
    if (rc != DB_OK) {
        return rc;
    }
    st = db_prepare(db, "INSERT INTO idempotency_keys (user_id, idem_key, "
                        "request_hash, state, status, created_at) VALUES "
                        "(?, ?, ?, 0, 0, ?) ON CONFLICT DO NOTHING");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, key);
    db_bind_text(st, 3, request_hash);
    db_bind_int(st, 4, now);
    rc = db_step(st);
    int64_t added = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (added) {
        return DB_OK;
    }
    st = db_prepare(db, "SELECT request_hash, state, status, reply, "
                        "created_at FROM idempotency_keys WHERE user_id = ? "
                        "AND idem_key = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, key);
    rc = db_step(st);
    if (rc == DB_ROW) {
        existing->request_hash = arena_strdup(a, db_col_text(st, 0));
        existing->state = (enum idem_state)db_col_int(st, 1);
        existing->status = (int)db_col_int(st, 2);
        existing->reply =
            db_col_null(st, 3) ? NULL : arena_strdup(a, db_col_text(st, 3));
        existing->created_at = db_col_int(st, 4);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (existing->state != IDEM_RUNNING || existing->created_at >= stale_before) {
        return DB_ROW;
    }
    /* Its request died before committing anything: this one runs. */
    st = db_prepare(db, "UPDATE idempotency_keys SET created_at = ?, "
                        "request_hash = ? WHERE user_id = ? AND idem_key = ? "
                        "AND state = 0");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_text(st, 2, request_hash);
    db_bind_int(st, 3, user_id);
    db_bind_text(st, 4, key);
    return exec_one(st);
}

int idem_store_reserve(struct db *db, struct arena *a, int64_t user_id,
                       const char *key, const char *request_hash,
                       int64_t now, int64_t stale_before,
                       struct idem_record *existing)
{
    int rc = db_begin(db);
    if (rc != DB_OK) {
        return rc;
    }
    rc = reserve(db, a, user_id, key, request_hash, now, stale_before,
                 existing);
    if (rc == DB_OK || rc == DB_ROW) {
        int c = db_commit(db);
        if (c == DB_OK) {
            return rc;
        }
        rc = c;
    }
    db_rollback(db);
    return rc;
}

int idem_store_mark_committed(struct db *db, int64_t user_id,
                              const char *key, int64_t reserved_at)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE idempotency_keys SET state = 1 WHERE user_id = ? AND "
            "idem_key = ? AND state = 0 AND created_at = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, key);
    db_bind_int(st, 3, reserved_at);
    int rc = db_step(st);
    int64_t n = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    /* Gone, used, or taken over by a retry that thought this request
     * dead: the key is not this request's any more, so its write must
     * not land. */
    return n ? DB_OK : DB_CONSTRAINT;
}

int idem_store_keep_reply(struct db *db, int64_t user_id, const char *key,
                          int status, const char *reply)
{
    int rc = db_begin(db);
    if (rc != DB_OK) {
        return rc;
    }
    struct db_stmt *st = db_prepare(
        db, "UPDATE idempotency_keys SET state = 2, status = ?, reply = ? "
            "WHERE user_id = ? AND idem_key = ?");
    if (!st) {
        db_rollback(db);
        return DB_ERROR;
    }
    db_bind_int(st, 1, status);
    db_bind_text(st, 2, reply);
    db_bind_int(st, 3, user_id);
    db_bind_text(st, 4, key);
    return exec_alone(db, st);
}

int idem_store_release(struct db *db, int64_t user_id, const char *key)
{
    int rc = db_begin(db);
    if (rc != DB_OK) {
        return rc;
    }
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM idempotency_keys WHERE user_id = ? AND idem_key = ? "
            "AND state = 0");
    if (!st) {
        db_rollback(db);
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, key);
    return exec_alone(db, st);
}
