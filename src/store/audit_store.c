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
