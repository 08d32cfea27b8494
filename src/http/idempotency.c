#include "idempotency.h"

#include <sodium.h>
#include <string.h>

#include "../store/idempotency_store.h"
#include "../util/cn_time.h"
#include "../util/log.h"
#include "reply.h"
#include "auth.h"

/* A reservation older than this whose write never committed belongs to
 * a request that died (a crash, a cut connection): a retry may run. No
 * handler holds a write for this long. */
#define IDEM_STALE_SECONDS 60

static bool key_ok(const char *k)
{
    size_t n = strlen(k);
    if (n < 8 || n > 128) {
        return false;
    }
    for (const char *p = k; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
              *p == '.' || *p == ':')) {
            return false;
        }
    }
    return true;
}

/* What makes two requests the same: method, path and body bytes. */
static const char *request_hash(struct req *r)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const unsigned char *)r->method,
                              strlen(r->method) + 1);
    crypto_hash_sha256_update(&h, (const unsigned char *)r->path,
                              strlen(r->path) + 1);
    crypto_hash_sha256_update(&h, (const unsigned char *)r->body.buf,
                              r->body.len);
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, sum);
    char *hex = arena_alloc(r->arena, sizeof sum * 2 + 1);
    sodium_bin2hex(hex, sizeof sum * 2 + 1, sum, sizeof sum);
    return hex;
}

static int mark_committed(struct db *db, void *arg)
{
    struct idem_claim *c = arg;
    int rc = idem_store_mark_committed(db, c->user_id, c->key,
                                       c->reserved_at);
    c->committed = rc == DB_OK;
    return rc;
}

bool idempotency_begin(struct req *r, struct idem_claim *claim)
{
    memset(claim, 0, sizeof *claim);
    const char *key = req_header(r, "Idempotency-Key");
    if (!key || strcmp(r->method, "POST") != 0 || !r->who) {
        return true;
    }
    if (!key_ok(key)) {
        reply_error(r, 400, MSG_IDEMPOTENCY_KEY_BAD, "Idempotency-Key",
                    NULL, NULL);
        return false;
    }
    const char *hash = request_hash(r);
    int64_t now = cn_now();
    struct idem_record old;
    int rc = idem_store_reserve(r->db, r->arena, r->who->user_id, key, hash,
                                now, now - IDEM_STALE_SECONDS, &old);
    if (rc == DB_ROW) {
        if (strcmp(old.request_hash, hash) != 0) {
            reply_error(r, 422, MSG_IDEMPOTENCY_MISMATCH, "Idempotency-Key",
                        NULL, NULL);
        } else if (old.state == IDEM_REPLIED && old.reply) {
            r->replayed = true;
            reply_json_text(r, old.status, old.reply);
        } else if (old.state == IDEM_REPLIED ||
                   (old.state == IDEM_COMMITTED &&
                    old.created_at < now - IDEM_STALE_SECONDS)) {
            /* Written, and its reply not kept (it showed a secret), or
             * never kept: the first request died between its commit and
             * its answer. */
            reply_error(r, 409, MSG_IDEMPOTENCY_LOST, "Idempotency-Key",
                        NULL, NULL);
        } else {
            /* Running, or written and its reply being kept this instant:
             * a retry in a second replays it. */
            r->retry_after = 1;
            reply_error(r, 409, MSG_IDEMPOTENCY_IN_PROGRESS,
                        "Idempotency-Key", NULL, NULL);
        }
        return false;
    }
    if (rc != DB_OK) {
        r->retry_after = 1;
        reply_error(r, rc == DB_BUSY ? 503 : 500,
                    rc == DB_BUSY ? MSG_BUSY : MSG_INTERNAL, NULL, NULL,
                    NULL);
        if (rc != DB_BUSY) {
            log_error("idempotency reserve: %s", db_errmsg(r->db));
        }
        return false;
    }
    claim->key = arena_strdup(r->arena, key);
    claim->user_id = r->who->user_id;
    claim->reserved_at = now;
    r->keep_reply = true;
    db_on_next_commit(r->db, mark_committed, claim);
    return true;
}

void idempotency_resume(struct req *r, struct idem_claim *claim)
{
    if (claim->key && !claim->committed) {
        db_on_next_commit(r->db, mark_committed, claim);
    }
}

void idempotency_end(struct req *r, struct idem_claim *claim)
{
    if (!claim->key) {
        return;
    }
    db_on_next_commit(r->db, NULL, NULL);
    int rc;
    if (!claim->committed) {
        rc = idem_store_release(r->db, claim->user_id, claim->key);
    } else {
        /* Without a reply (one showing a secret is never kept) a retry
         * is told the write happened (MSG_IDEMPOTENCY_LOST). */
        bool keep = r->status < 500 && r->kept_reply;
        rc = idem_store_keep_reply(r->db, claim->user_id, claim->key,
                                   r->status, keep ? r->kept_reply : NULL);
    }
    if (rc != DB_OK) {
        log_error("idempotency end: %s", db_errmsg(r->db));
    }
}
