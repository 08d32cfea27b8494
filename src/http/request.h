/* One HTTP request as the handlers see it. Everything hangs off the
 * request's arena and is freed when the response has been sent. */
#ifndef SGZ_REQUEST_H
#define SGZ_REQUEST_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/msg.h"
#include "../db/db.h"
#include "../store/scope.h"
#include "../util/arena.h"
#include "../util/strbuf.h"
#include "idempotency.h"
#include "route.h"

struct MHD_Connection;
struct server;
struct identity;

struct req {
    struct arena *arena;
    struct server *srv;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;          /* as requested, without the query */
    struct route_match match;
    struct strbuf body;
    json_t *json;              /* the body, checked against route->body */
    enum lang lang;
    struct db *db;             /* held while the handler runs */
    const struct scope *scope; /* the caller's data range */
    const struct identity *who; /* NULL on public routes */
    const char *actor;         /* who, for the audit log */
    const char *set_cookie;    /* added to the reply when set */
    int64_t retry_after;       /* seconds, added to 423/429/503 when > 0 */
    /* Work handed to another thread: the connection is suspended and
     * resume() runs (with a database connection) when it is done. */
    void (*resume)(struct req *r);
    void *job;
    int commit_rc;             /* a grouped commit's result, for resume */
    struct idem_claim idem;    /* the Idempotency-Key, across a suspend */
    char address[64];
    int64_t started_us;
    int status;                /* of the reply, for the access log */
    bool replied;
    bool body_too_large;
    bool upload_slot;          /* holds one of the server's upload slots */
    /* An Idempotency-Key's request: its reply is kept (in the arena) to
     * be stored for replays; replayed marks a stored reply sent again. */
    bool keep_reply, replayed;
    char *kept_reply;
    size_t kept_reply_len;
};

/* A query parameter's value, NULL when absent. The router has already
 * refused parameters the route does not list and checked UTF-8. */
const char *req_query(struct req *r, const char *name);
/* The n-th path parameter ({id}), as text. */
const char *req_param(struct req *r, int n);
/* Parses path parameter n as a positive id; replies 404 and returns
 * false when it is not one. */
bool req_param_id(struct req *r, int n, const char *what_zh,
                  const char *what_en, int64_t *id);
/* A request header, NULL when absent. */
const char *req_header(struct req *r, const char *name);
/* A cookie's value, NULL when absent. */
const char *req_cookie(struct req *r, const char *name);
/* Runs work(r) on the password-hashing pool with the connection
 * suspended, then resume(r) on a request thread with a database
 * connection. When the pool's queue is full the request is answered 429
 * with Retry-After instead. The handler returns without replying. */
void req_defer(struct req *r, void (*work)(struct req *r),
               void (*resume)(struct req *r));
/* Suspends the connection (its thread serves others meanwhile) until
 * another thread calls req_wake(r); then resume(r) runs on a request
 * thread with a database connection. The handler returns without
 * replying. */
void req_suspend(struct req *r, void (*resume)(struct req *r));
void req_wake(struct req *r);
/* Hands a small write to the server's group commit (store/group_commit.h)
 * with the connection suspended: work(db, arg) runs on the writer's
 * connection inside its transaction (together with an Idempotency-Key's
 * mark), and once that is committed, or has failed, resume(r) runs on a
 * request thread with r->commit_rc set: DB_OK when durable, else work's
 * result or the commit's. The handler returns without replying. On
 * PostgreSQL the work commits on r->db in a transaction of its own and
 * resume(r) runs before this returns. */
void req_commit_grouped(struct req *r, int (*work)(struct db *db, void *arg),
                        void *arg, void (*resume)(struct req *r));
/* Before replying with a secret shown once (a temporary password, an
 * API token, an authenticator secret or CSRF token, personal data in
 * full, an export): the reply is not kept for an Idempotency-Key's
 * replay, which would store it in clear, and a retry is told the request
 * was done (409) instead. */
void req_secret_reply(struct req *r);
/* Paging: limit (1..200, default def) and page (≥ 1); replies 400 and
 * returns false when malformed. */
bool req_paging(struct req *r, int def, int *limit, int64_t *page);
/* A query parameter that is one of allowed (NULL-terminated): *out is its
 * index, 0 when absent or empty; replies 400 and returns false when it is
 * something else. Sorts, orders, modes. */
bool req_query_choice(struct req *r, const char *name,
                      const char *const *allowed, int *out);

/* An id filter (station_id=…): *out 0 when absent or empty; replies 400
 * and returns false when it is not a positive id. */
bool req_query_id(struct req *r, const char *name, int64_t *out);

#endif
