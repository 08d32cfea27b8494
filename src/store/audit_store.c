#include "audit_store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/strbuf.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void row_hash(const char *prev, int64_t at, const struct audit_entry *e,
                     char out[65])
{
    struct strbuf sb;
    strbuf_init(&sb);
    /* Unit separators keep "ab"+"c" apart from "a"+"bc". */
    strbuf_printf(&sb, "%s\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s",
                  prev, (long long)at, e->actor, e->address, e->action,
                  e->entity, e->entity_id, e->result, e->detail);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)sb.buf, sb.len);
    sodium_bin2hex(out, 65, h, sizeof h);
    strbuf_free(&sb);
}

static void fill_defaults(struct audit_entry *e)
{
    if (!e->address) {
        e->address = "";
    }
    if (!e->entity_id) {
        e->entity_id = "";
    }
    if (!e->result) {
        e->result = "ok";
    }
    if (!e->detail) {
        e->detail = "";
    }
}

int audit_append(struct db *db, const struct audit_entry *in)
{
    struct audit_entry e = *in;
    fill_defaults(&e);
    if (db_kind(db) == DB_POSTGRES) {
        /* Serialise appenders so that two never chain to the same row;
         * SQLite's write lock already does this. */
        int rc = db_exec(db, "LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE "
                             "MODE");
        if (rc != DB_OK) {
            return rc;
        }
    }
    char prev[65] = GENESIS;
    struct db_stmt *st =
        db_prepare(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    int rc = db_step(st);
    if (rc == DB_ROW) {
        snprintf(prev, sizeof prev, "%s", db_col_text(st, 0));
    }
    db_reset(st);
    if (rc < 0) {
        return rc;
    }
    int64_t at = cn_now();
    char hash[65];
    row_hash(prev, at, &e, hash);
    st = db_prepare(db, "INSERT INTO audit_log (at, actor, address, action, "
                        "entity, entity_id, result, detail, prev_hash, hash) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, at);
    db_bind_text(st, 2, e.actor);
    db_bind_text(st, 3, e.address);
    db_bind_text(st, 4, e.action);
    db_bind_text(st, 5, e.entity);
    db_bind_text(st, 6, e.entity_id);
    db_bind_text(st, 7, e.result);
    db_bind_text(st, 8, e.detail);
    db_bind_text(st, 9, prev);
    db_bind_text(st, 10, hash);
    rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : rc;
}

int64_t audit_verify(struct db *db)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT id, at, actor, address, action, entity, entity_id, "
            "result, detail, prev_hash, hash FROM audit_log ORDER BY id");
    if (!st) {
        return DB_ERROR;
    }
    char prev[65] = GENESIS;
    bool first = true;
    int64_t bad = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct audit_entry e = {
            .actor = db_col_text(st, 2),
            .address = db_col_text(st, 3),
            .action = db_col_text(st, 4),
            .entity = db_col_text(st, 5),
            .entity_id = db_col_text(st, 6),
            .result = db_col_text(st, 7),
            .detail = db_col_text(st, 8),
        };
        const char *row_prev = db_col_text(st, 9);
        /* The oldest kept row anchors the chain (older ones may have been
         * pruned); every later row must link to the one before it. */
        if (first) {
            snprintf(prev, sizeof prev, "%s", row_prev);
            first = false;
        }
        char hash[65];
        row_hash(prev, db_col_int(st, 1), &e, hash);
        if (strcmp(row_prev, prev) != 0 ||
            strcmp(hash, db_col_text(st, 10)) != 0) {
            bad = db_col_int(st, 0);
            break;
        }
        snprintf(prev, sizeof prev, "%s", hash);
    }
    db_reset(st);
    if (rc < 0) {
        return rc;
    }
    return bad;
}

/* Logins are the rows whose action is login, logout or a password change;
 * everything else is an operation. */
#define AUDIT_WHERE                                                         \
    " WHERE (? = 0 OR (? = 2) = (action IN ('login', 'logout', "           \
    "'password.change'))) AND (? = '' OR actor = ?) AND (? = '' OR "       \
    "action = ?) AND (? = '' OR entity = ?) AND (? = '' OR entity_id = ?) " \
    "AND (? = '' OR result = ?) AND (? = 0 OR at >= ?) AND (? = 0 OR "     \
    "at < ?)"

static int bind_filter(struct db_stmt *st, const struct audit_filter *f)
{
    const char *texts[] = {f->actor, f->action, f->entity, f->entity_id,
                           f->result};
    int i = 1;
    db_bind_int(st, i++, f->kind);
    db_bind_int(st, i++, f->kind);
    for (size_t k = 0; k < 5; k++) {
        db_bind_text(st, i++, texts[k] ? texts[k] : "");
        db_bind_text(st, i++, texts[k] ? texts[k] : "");
    }
    db_bind_int(st, i++, f->from);
    db_bind_int(st, i++, f->from);
    db_bind_int(st, i++, f->to);
    db_bind_int(st, i++, f->to);
    return i;
}

int audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
               struct audit_row **out, size_t *n, int64_t *total)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT COUNT(*) FROM audit_log" AUDIT_WHERE);
    if (!st) {
        return DB_ERROR;
    }
    bind_filter(st, f);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, "SELECT id, at, actor, address, action, entity, "
                        "entity_id, result, detail FROM audit_log" AUDIT_WHERE
                        " ORDER BY id DESC LIMIT ? OFFSET ?");
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_filter(st, f);
    db_bind_int(st, i, f->limit);
    db_bind_int(st, i + 1, f->offset);
    *out = arena_alloc(a, sizeof **out * (size_t)(f->limit > 0 ? f->limit
                                                               : 1));
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)f->limit) {
        struct audit_row *row = &(*out)[(*n)++];
        row->id = db_col_int(st, 0);
        row->at = db_col_int(st, 1);
        row->actor = arena_strdup(a, db_col_text(st, 2));
        row->address = arena_strdup(a, db_col_text(st, 3));
        row->action = arena_strdup(a, db_col_text(st, 4));
        row->entity = arena_strdup(a, db_col_text(st, 5));
        row->entity_id = arena_strdup(a, db_col_text(st, 6));
        row->result = arena_strdup(a, db_col_text(st, 7));
        row->detail = arena_strdup(a, db_col_text(st, 8));
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}
