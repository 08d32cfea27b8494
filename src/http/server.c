#include "server.h"

#include <arpa/inet.h>
#include <sodium.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../core/password.h"
#include "../core/permission.h"
#include "../store/group_commit.h"
#include "../store/audit_store.h"
#include "../util/cn_time.h"
#include "../util/ip_addr.h"
#include "../util/strbuf.h"
#include "../util/jsonw.h"
#include "../util/log.h"
#include "../util/parse.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "auth.h"
#include "body.h"
#include "idempotency.h"
#include "reply.h"
#include "request.h"
#include "route.h"
#include "static_files.h"

#define MAX_URL 2048
#define MAX_QUERY_VALUE 1024

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void peer_address(struct MHD_Connection *conn, char *buf, size_t len)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    buf[0] = 0;
    if (!ci || !ci->client_addr) {
        return;
    }
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf,
                  (socklen_t)len);
    } else if (sa->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                  buf, (socklen_t)len);
    }
}

/* Every X-Forwarded-For line of the request, joined with commas in
 * order (as HTTP reads a repeated list header). The whole of it: only
 * its right end is read (util/ip_addr.c walks it from there), and a
 * client that padded it must not make it unbelievable, which would fall
 * back to the proxy's address and its login limit. libmicrohttpd's
 * connection memory bounds its size. */
static enum MHD_Result collect_forwarded(void *cls, enum MHD_ValueKind kind,
                                         const char *key, size_t key_size,
                                         const char *value, size_t value_size)
{
    (void)kind;
    (void)key_size;
    struct strbuf *sb = cls;
    if (strcasecmp(key, "X-Forwarded-For") != 0 || !value) {
        return MHD_YES;
    }
    if (sb->len > 0) {
        strbuf_addc(sb, ',');
    }
    strbuf_add(sb, value, value_size);
    return MHD_YES;
}

/* The request's address, the one the access log, the audit rows, the
 * login log and the per-address login limit all use: the peer's, or,
 * when the peer is a trusted proxy (setting trusted_proxies), the
 * client's as X-Forwarded-For gives it (util/ip_addr.c). */
static void client_address(const struct config *cfg,
                           struct MHD_Connection *conn, char *buf,
                           size_t len)
{
    char peer[INET6_ADDRSTRLEN];
    peer_address(conn, peer, sizeof peer);
    if (cfg->trusted.n == 0) {
        snprintf(buf, len, "%s", peer);
        return;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, collect_forwarded,
                                &sb);
    ip_client_address(&cfg->trusted, peer, sb.len ? sb.buf : NULL, buf,
                      len);
    strbuf_free(&sb);
}

static struct req *req_new(struct server *s, struct MHD_Connection *conn,
                           const char *url, const char *method)
{
    struct arena *a = arena_new(8192);
    struct req *r = arena_alloc(a, sizeof *r);
    r->arena = a;
    r->srv = s;
    r->conn = conn;
    r->method = arena_strdup(a, method);
    r->path = arena_strndup(a, url, strnlen(url, MAX_URL + 1));
    strbuf_init(&r->body);
    r->lang = msg_lang_from_header(MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
    /* The web UI's chosen language, which a plain link (a spreadsheet
     * downloaded by <a href>) cannot send as Accept-Language. */
    const char *ui = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND,
                                                 LANG_COOKIE);
    if (ui && strcmp(ui, "en") == 0) {
        r->lang = LANG_EN;
    } else if (ui && strcmp(ui, "zh-CN") == 0) {
        r->lang = LANG_ZH;
    }
    r->started_us = now_us();
    r->scope = &scope_all;
    r->actor = "anonymous";
    client_address(s->cfg, conn, r->address, sizeof r->address);
    return r;
}

struct query_check {
    struct req *r;
    const char *bad;   /* the first offending parameter */
    bool unknown;
};

/* A query value as text: valid UTF-8, no control character (a %00
 * ends the C string early, so the decoded length is compared: "q=%00"
 * read as an empty q listed everything), nothing a form's single-line
 * text may not hold either. */
static bool query_text_ok(const char *s, size_t n)
{
    return strlen(s) == n && n <= MAX_QUERY_VALUE &&
           utf8_valid(s, n, false) &&
           utf8_text_flaw(s, n, false) == UTF8_FLAW_NONE;
}

static enum MHD_Result check_query_arg(void *cls, enum MHD_ValueKind kind,
                                       const char *key, size_t key_size,
                                       const char *value, size_t value_size)
{
    (void)kind;
    struct query_check *qc = cls;
    if (*key == 0 && (!value || !*value)) {
        return MHD_YES; /* a stray '&' ("?&page=2", "a=1&&b=2") names none */
    }
    const struct route *rt = qc->r->match.route;
    bool known = rt->page_size > 0 &&
                 (strcmp(key, "limit") == 0 || strcmp(key, "page") == 0);
    for (const struct query_param *q = rt->query; q && q->name; q++) {
        known = known || strcmp(q->name, key) == 0;
    }
    if (!query_text_ok(key, key_size)) {
        qc->bad = "?";
        return MHD_NO;
    }
    if (!known) {
        /* Named in the answer, but never echoed at length. */
        qc->bad = strlen(key) <= 40 ? arena_strdup(qc->r->arena, key) : "?";
        qc->unknown = true;
        return MHD_NO;
    }
    if (value && !query_text_ok(value, value_size)) {
        qc->bad = arena_strdup(qc->r->arena, key);
        return MHD_NO;
    }
    return MHD_YES;
}

/* Checks the query parameters against the route's list; replies and
 * returns false when one is unknown or malformed. */
static bool query_ok(struct req *r)
{
    struct query_check qc = {.r = r};
    MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND,
                                check_query_arg, &qc);
    if (qc.bad) {
        reply_error(r, 400,
                    qc.unknown ? MSG_UNKNOWN_QUERY_PARAM : MSG_BAD_QUERY_PARAM,
                    qc.bad, qc.bad, qc.bad);
        return false;
    }
    return true;
}

/* Checks the body against the route's schema; replies and returns false
 * when it does not pass. */
static bool parse_body(struct req *r)
{
    const struct route *rt = r->match.route;
    if (!rt->body) {
        return true;
    }
    if (rt->body->type == S_FILE) {
        if (r->body.len == 0) {
            reply_error(r, 400, MSG_IMPORT_EMPTY, NULL, NULL, NULL);
            return false;
        }
        return true; /* the handler reads the file */
    }
    const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (r->body.len > 0 &&
        (!ct || strncasecmp(ct, "application/json", 16) != 0)) {
        reply_error(r, 415, MSG_UNSUPPORTED_MEDIA, NULL, NULL, NULL);
        return false;
    }
    struct schema_errors errs;
    switch (body_check(rt->body, r->body.buf, r->body.len, &r->json, &errs)) {
    case BODY_OK:
        /* A change that changes nothing is a mistake, not a write. */
        if (strcmp(r->method, "PATCH") == 0) {
            size_t n = json_object_size(r->json);
            if (n == 0 || (n == 1 && json_object_get(r->json, "version"))) {
                reply_error(r, 400, MSG_NOTHING_TO_CHANGE, NULL, NULL, NULL);
                return false;
            }
        }
        return true;
    case BODY_EMPTY:
        reply_error(r, 400, MSG_NOT_OBJECT, NULL, NULL, NULL);
        return false;
    case BODY_BAD_UTF8:
        reply_error(r, 400, MSG_BAD_UTF8, NULL, "请求内容", "request body");
        return false;
    case BODY_TOO_DEEP:
        reply_error(r, 400, MSG_JSON_TOO_DEEP, NULL, NULL, NULL);
        return false;
    case BODY_BAD_JSON:
        reply_error(r, 400, MSG_INVALID_JSON, NULL, NULL, NULL);
        return false;
    case BODY_NUMBER_TOO_BIG:
        reply_error(r, 400, MSG_NUMBER_TOO_BIG, NULL, NULL, NULL);
        return false;
    case BODY_INVALID:
        reply_schema_errors(r, &errs);
        return false;
    }
    return false;
}

static void release_db(struct req *r)
{
    db_pool_release(r->srv->pool, r->db);
    r->db = NULL;
    if (!r->replied && !r->resume) {
        reply_internal(r, "handler did not reply");
    }
}

static bool safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/* The audit log's newest row as `sgz audit head` prints it, in the
 * server's own log when it moved since *last: kept by the journal apart
 * from the database, it is what `sgz audit verify --head` checks to find
 * rows cut from the log's end (architecture.md). */
static void log_audit_head(struct server *s, int64_t *last)
{
    struct db *db = db_pool_acquire(s->pool);
    if (!db) {
        return; /* the reason is in the log */
    }
    int64_t id;
    char hash[65];
    int rc = audit_head(db, &id, hash);
    db_pool_release(s->pool, db);
    if (rc != DB_OK) {
        log_error("cannot read the audit log's newest row");
    } else if (id > 0 && id != *last) {
        log_info("audit head %lld:%s", (long long)id, hash);
        *last = id;
    }
}

/* Records a refusal in the audit log, in a transaction of its own. */
void server_audit_denial(struct req *r, const char *permission,
                         const char *why)
{
    const char *action = permission ? permission : r->match.route->permission;
    /* The routes of one's own session (GET and DELETE /session, a second
     * factor's code) refused to an API token or without the CSRF token
     * are no login: under "login" the row would read as one in the login
     * log (audit_store.c). Logged as the session routes' refusal. */
    if (strcmp(action, PERMISSION_LOGIN) == 0) {
        action = PERMISSION_SESSION;
    }
    struct audit_entry e = {
        .actor = r->actor,
        .address = r->address,
        .action = action,
        .entity = "route",
        .entity_id = arena_printf(r->arena, "%s %s", r->method, r->path),
        .result = why,
    };
    if (db_begin(r->db) == DB_OK) {
        if (audit_append(r->db, &e) == DB_OK) {
            db_commit(r->db);
        } else {
            db_rollback(r->db);
        }
    }
}

/* Checks who is asking against the route's permission; replies and
 * returns false when the request may not go on. */
static bool authorise(struct req *r)
{
    const char *perm = r->match.route->permission;
    if (strcmp(perm, PERMISSION_PUBLIC) == 0) {
        return true;
    }
#ifdef SGZ_BENCH_NO_AUTH
    /* Only in the benchmark's second binary (make bench), to measure what
     * the session check costs: reads of regions and stations skip it (their
     * handlers need no identity). Never in a release build. */
    if (safe_method(r->method) && (strcmp(perm, "region.read") == 0 ||
                                   strcmp(perm, "station.read") == 0)) {
        return true;
    }
#endif
    bool by_token = req_header(r, "Authorization") != NULL;
    enum auth_result who = by_token ? auth_api_token(r) : auth_session(r);
    if (who == AUTH_UNAVAILABLE) {
        r->retry_after = 1;
        reply_error(r, 503, MSG_BUSY, NULL, NULL, NULL);
        return false;
    }
    if (who != AUTH_OK) {
        reply_error(r, 401, MSG_LOGIN_REQUIRED, NULL, NULL, NULL);
        return false;
    }
    if (by_token) {
        /* A token acts only within the actions it was given, and never
         * on the session, password or token routes. */
        bool reference = strcmp(perm, PERMISSION_SIGNED_IN) == 0;
        if (!permission_allows(r->who->roles, perm) ||
            (!reference &&
             !auth_token_allows(r->who->token_permissions, perm))) {
            server_audit_denial(r, NULL, "denied");
            reply_error(r, 403, MSG_FORBIDDEN, NULL, NULL, NULL);
            return false;
        }
        if (r->who->must_change_password) {
            reply_error(r, 403, MSG_PASSWORD_CHANGE_REQUIRED, NULL, NULL,
                        NULL);
            return false;
        }
        if (r->who->second_factor_missing) {
            reply_error(r, 403, MSG_SECOND_FACTOR_ENROL, NULL, NULL, NULL);
            return false;
        }
        return true;
    }
    if (!safe_method(r->method)) {
        const char *h = req_header(r, "X-CSRF-Token");
        size_t n = strlen(r->who->csrf_token);
        if (!h || strlen(h) != n ||
            sodium_memcmp(h, r->who->csrf_token, n) != 0) {
            server_audit_denial(r, NULL, "csrf");
            reply_error(r, 403, MSG_CSRF, NULL, NULL, NULL);
            return false;
        }
    }
    bool login_route = strcmp(perm, PERMISSION_LOGIN) == 0;
    bool session_route = login_route ||
                         strcmp(perm, PERMISSION_SESSION) == 0 ||
                         strcmp(perm, PERMISSION_SIGNED_IN) == 0;
    if (r->who->second_factor_pending && !login_route) {
        reply_error(r, 403, MSG_SECOND_FACTOR_REQUIRED, NULL, NULL, NULL);
        return false;
    }
    if (r->who->must_change_password && !session_route) {
        reply_error(r, 403, MSG_PASSWORD_CHANGE_REQUIRED, NULL, NULL, NULL);
        return false;
    }
    if (r->who->second_factor_missing && !session_route) {
        reply_error(r, 403, MSG_SECOND_FACTOR_ENROL, NULL, NULL, NULL);
        return false;
    }
    if (!permission_allows(r->who->roles, perm)) {
        server_audit_denial(r, NULL, "denied");
        reply_error(r, 403, MSG_FORBIDDEN, NULL, NULL, NULL);
        return false;
    }
    return true;
}

struct deferred {
    struct req *r;
    void (*work)(struct req *r);
};

static void run_deferred(void *arg)
{
    struct deferred *d = arg;
    d->work(d->r);
    req_wake(d->r);
}

static void reply_pool_full(struct req *r)
{
    r->retry_after = 1;
    reply_error(r, 429, MSG_TOO_MANY_ATTEMPTS, NULL, NULL, NULL);
}

void req_suspend(struct req *r, void (*resume)(struct req *r))
{
    r->resume = resume;
    MHD_suspend_connection(r->conn);
}

void req_wake(struct req *r)
{
    MHD_resume_connection(r->conn);
}

void req_defer(struct req *r, void (*work)(struct req *r),
               void (*resume)(struct req *r))
{
    struct deferred *d = arena_alloc(r->arena, sizeof *d);
    d->r = r;
    d->work = work;
    /* Suspend first: the worker may finish before this returns. */
    req_suspend(r, resume);
    if (hash_pool_submit(r->srv->hashing, run_deferred, d) != 0) {
        r->resume = reply_pool_full;
        req_wake(r);
    }
}

/* A write waiting in the group commit, with what the request's own
 * connection would have run at its commit (an Idempotency-Key's mark). */
struct grouped {
    struct req *r;
    int (*work)(struct db *db, void *arg);
    void *arg;
    int (*hook)(struct db *db, void *arg);
    void *hook_arg;
};

/* On the writer's thread. */
static int grouped_work(struct db *db, void *arg)
{
    struct grouped *g = arg;
    int rc = g->work(db, g->arg);
    if (rc == DB_OK && g->hook) {
        rc = g->hook(db, g->hook_arg);
    }
    return rc;
}

static void grouped_done(void *arg, int rc)
{
    struct grouped *g = arg;
    g->r->commit_rc = rc;
    req_wake(g->r);
}

void req_commit_grouped(struct req *r, int (*work)(struct db *db, void *arg),
                        void *arg, void (*resume)(struct req *r))
{
    if (db_kind(r->db) != DB_SQLITE) {
        /* PostgreSQL runs concurrent transactions side by side and groups
         * their log flushes itself; one writer connection would only
         * serialise their round trips (creates: 2,100 -> 1,300/s). */
        int rc = db_begin(r->db);
        if (rc == DB_OK) {
            rc = work(r->db, arg);
            if (rc == DB_OK) {
                rc = db_commit(r->db); /* with an Idempotency-Key's mark */
            }
            if (rc != DB_OK) {
                db_rollback(r->db);
            }
        }
        r->commit_rc = rc;
        resume(r);
        return;
    }
    struct grouped *g = arena_alloc(r->arena, sizeof *g);
    g->r = r;
    g->work = work;
    g->arg = arg;
    db_take_commit_hook(r->db, &g->hook, &g->hook_arg);
    r->commit_rc = DB_ERROR;
    /* Suspend first: the writer may finish before this returns. */
    req_suspend(r, resume);
    group_commit_submit(r->srv->writes, grouped_work, grouped_done, g);
}

/* Continues a request whose deferred work is done. */
static void resume_request(struct req *r)
{
    void (*fn)(struct req *) = r->resume;
    r->resume = NULL;
    r->db = db_pool_acquire(r->srv->pool);
    if (!r->db) {
        reply_error(r, 503, MSG_BUSY, NULL, NULL, NULL);
        return;
    }
    idempotency_resume(r, &r->idem);
    fn(r);
    if (!r->resume) {
        idempotency_end(r, &r->idem);
    }
    release_db(r);
}

static void dispatch(struct req *r)
{
    struct server *s = r->srv;
    if (strlen(r->path) > MAX_URL) {
        reply_error(r, 414, MSG_URL_TOO_LONG, NULL, NULL, NULL);
        return;
    }
    if (!utf8_valid(r->path, strlen(r->path), false)) {
        reply_error(r, 400, MSG_BAD_UTF8, NULL, "请求地址", "URL");
        return;
    }
    char *path = arena_strdup(r->arena, r->path);
    router_match(routes, routes_count, r->method, path, &r->match);
    if (!r->match.route && !r->match.allow[0] && static_serve(r)) {
        return;
    }
    if (!r->match.route) {
        if (r->match.allow[0]) {
            reply_method_not_allowed(r, r->match.allow);
        } else {
            reply_error(r, 404, MSG_ROUTE_NOT_FOUND, NULL, NULL, NULL);
        }
        return;
    }
    /* Who may ask comes before what is asked: an anonymous or refused
     * caller learns nothing from validation errors. */
    r->db = db_pool_acquire(s->pool);
    if (!r->db) {
        reply_error(r, 503, MSG_BUSY, NULL, NULL, NULL);
        return;
    }
    if (authorise(r) && query_ok(r) && parse_body(r) &&
        idempotency_begin(r, &r->idem)) {
        /* A read's statements share one snapshot: the answer is
         * consistent, and SQLite takes its WAL read lock once instead of
         * once per statement (a fifth of a small GET's time went there). */
        bool reading = safe_method(r->method) && db_read_begin(r->db);
        r->match.route->handler(r);
        db_read_end(r->db, reading);
        if (!r->resume) {
            idempotency_end(r, &r->idem);
        }
    }
    release_db(r);
}

/* A file upload (an import) may be far larger than a JSON body, so only
 * a caller who shows a session or token gets to send one, and only
 * upload_slots of them are read at once. 0 to go on, -1 after refusing. */
static int start_upload(struct req *r)
{
    struct server *s = r->srv;
    if (safe_method(r->method)) {
        return 0; /* a GET or HEAD carries no file: no second route match */
    }
    char *path = arena_strndup(r->arena, r->path, strnlen(r->path, MAX_URL));
    struct route_match m;
    router_match(routes, routes_count, r->method, path, &m);
    if (!m.route || !m.route->body || m.route->body->type != S_FILE) {
        return 0;
    }
    const char *cookie = MHD_lookup_connection_value(
        r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
    const char *bearer = MHD_lookup_connection_value(
        r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    enum auth_result known = AUTH_NONE;
    if (cookie || bearer) {
        r->db = db_pool_acquire(s->pool);
        known = r->db ? auth_known(r) : AUTH_UNAVAILABLE;
        db_pool_release(s->pool, r->db);
        r->db = NULL;
    }
    if (known != AUTH_OK) {
        r->body_too_large = true; /* read nothing */
        if (known == AUTH_UNAVAILABLE) {
            r->retry_after = 1;
            reply_error(r, 503, MSG_BUSY, NULL, NULL, NULL);
        } else {
            reply_error(r, 401, MSG_LOGIN_REQUIRED, NULL, NULL, NULL);
        }
        return -1;
    }
    if (atomic_fetch_add(&s->uploads, 1) >= s->cfg->upload_slots) {
        atomic_fetch_sub(&s->uploads, 1);
        r->body_too_large = true;
        r->retry_after = 5;
        reply_error(r, 429, MSG_BUSY, NULL, NULL, NULL);
        return -1;
    }
    r->upload_slot = true;
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct server *s = cls;
    struct req *r = *con_cls;
    if (!r) {
        r = req_new(s, conn, url, method);
        *con_cls = r;
        atomic_fetch_add(&s->in_flight, 1);
        /* A declared body over the limit is refused before it is read.
         * Anything else waits for the next call: replying on the first
         * call of a GET makes libmicrohttpd 0.9.75 drop keep-alive. */
        const char *cl = MHD_lookup_connection_value(
            conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        int64_t n;
        if (start_upload(r) != 0) {
            return MHD_YES; /* refused: it has replied */
        }
        int64_t limit = r->upload_slot ? s->cfg->max_upload : s->cfg->max_body;
        if (cl && (!parse_int64(cl, 0, INT64_MAX / 2, &n) || n > limit)) {
            r->body_too_large = true;
            reply_error(r, 413, MSG_BODY_TOO_LARGE, NULL, NULL, NULL);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!r->body_too_large) {
            size_t limit = (size_t)(r->upload_slot ? s->cfg->max_upload
                                                   : s->cfg->max_body);
            if (r->body.len + *upload_data_size > limit) {
                r->body_too_large = true;
                strbuf_free(&r->body);
            } else {
                strbuf_add(&r->body, upload_data, *upload_data_size);
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->replied) {
        return MHD_YES;
    }
    if (r->resume) {
        resume_request(r);
        return MHD_YES;
    }
    if (r->body_too_large) {
        reply_error(r, 413, MSG_BODY_TOO_LARGE, NULL, NULL, NULL);
    } else {
        dispatch(r);
    }
    return r->replied || r->resume ? MHD_YES : MHD_NO;
}

static void write_access_log(struct server *s, struct req *r)
{
    if (s->access_log_fd < 0) {
        return;
    }
    char ts[32];
    cn_iso8601(cn_now(), ts);
    struct strbuf sb;
    strbuf_init(&sb);
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "time", ts);
    jsonw_kstr(&w, "ip", r->address);
    jsonw_kstr(&w, "method", r->method);
    jsonw_kstr(&w, "path", r->path);
    jsonw_kint(&w, "status", r->status);
    jsonw_kint(&w, "us", now_us() - r->started_us);
    jsonw_kstr(&w, "user", strcmp(r->actor, "anonymous") ? r->actor : NULL);
    jsonw_obj_close(&w);
    strbuf_addc(&sb, '\n');
    access_log_add(s->access_log, sb.buf, sb.len);
    strbuf_free(&sb);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    struct server *s = cls;
    struct req *r = *con_cls;
    if (!r) {
        return;
    }
    if (!r->replied) {
        r->status = toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? 408 : 499;
    }
    write_access_log(s, r);
    if (r->upload_slot) {
        atomic_fetch_sub(&s->uploads, 1);
    }
    json_decref(r->json);
    strbuf_free(&r->body);
    arena_free(r->arena);
    *con_cls = NULL;
    atomic_fetch_sub(&s->in_flight, 1);
}

/* libmicrohttpd's own messages, with its format. */
__attribute__((format(printf, 2, 0))) static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == '\n') {
        line[--n] = 0;
    }
    log_warn("http: %s", line);
}

/* "127.0.0.1:8080", "[::1]:8080" or ":8080" (all addresses). */
static int parse_listen(const char *text, struct sockaddr_storage *ss,
                        socklen_t *len)
{
    char host[128];
    const char *colon = strrchr(text, ':');
    if (!colon) {
        return -1;
    }
    size_t hl = (size_t)(colon - text);
    if (hl >= sizeof host) {
        return -1;
    }
    memcpy(host, text, hl);
    host[hl] = 0;
    if (host[0] == '[' && hl >= 2 && host[hl - 1] == ']') {
        memmove(host, host + 1, hl - 2);
        host[hl - 2] = 0;
    }
    int64_t port;
    if (!parse_int64(colon + 1, 0, 65535, &port)) {
        return -1;
    }
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_PASSIVE,
                             .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    if (getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res) != 0) {
        return -1;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

static int open_access_log(const char *spec)
{
    if (strcmp(spec, "off") == 0) {
        return -1;
    }
    if (strcmp(spec, "-") == 0 || !*spec) {
        return 2;
    }
    int fd = open(spec, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) {
        log_error("cannot open access log %s: %s", spec, strerror(errno));
    }
    return fd;
}

void server_identity_changed(struct server *s)
{
    atomic_fetch_add(&s->identity_epoch, 1);
}

struct settings server_settings(struct server *s)
{
    pthread_rwlock_rdlock(&s->settings_lock);
    struct settings copy = s->settings;
    pthread_rwlock_unlock(&s->settings_lock);
    return copy;
}

void server_set_setting(struct server *s, size_t offset, int64_t value)
{
    pthread_rwlock_wrlock(&s->settings_lock);
    memcpy((char *)&s->settings + offset, &value, sizeof value);
    pthread_rwlock_unlock(&s->settings_lock);
}

static struct db *open_writer_db(void *arg)
{
    struct server *s = arg;
    return db_pool_open_own(s->pool);
}

int server_run(struct server *s)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(s->cfg->listen, &ss, &sslen) != 0) {
        log_error("listen: not an address:port: %s", s->cfg->listen);
        return 1;
    }
    (void)sslen;
    /* glibc gives freed memory back to the kernel once 128 KiB lie free
     * at the top of a thread's heap: a request that searched a province
     * freed its memory into madvise calls, TLB shoot-downs on both cores
     * and page faults on the next request (9 % of its CPU). Up to 4 MiB
     * stay with each heap; blocks of 1 MiB and more are mapped on their
     * own and returned at once, as before. */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
    unsigned threads = (unsigned)s->cfg->threads;
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 2;
    }
    s->access_log_fd = open_access_log(s->cfg->access_log);
    if (s->access_log_fd < 0 && strcmp(s->cfg->access_log, "off") != 0) {
        return 1; /* asked for and not writable: said above */
    }
    s->access_log = access_log_new(s->access_log_fd);
    pthread_rwlock_init(&s->settings_lock, NULL);
    s->pool = db_pool_new(s->cfg->db, threads);
    atomic_init(&s->in_flight, 0);
    atomic_init(&s->uploads, 0);
    s->jobs = jobs_new(s->cfg->db, 8, 3600);

    /* Signals are taken by sigwait() below, never by a worker. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME;
    int hashers = (int)s->cfg->hash_workers;
    if (hashers == 0) {
        hashers = threads > 1 ? (int)threads / 2 : 1;
    }
    s->hashing = hash_pool_new(hashers, (int)s->cfg->hash_queue);
    s->writes = group_commit_new(open_writer_db, s, s->cfg->commit_window);
    s->logins = rate_limit_new();
    s->sessions = session_cache_new();
    atomic_init(&s->identity_epoch, 1);
    char dummy_pw[24];
    password_random(dummy_pw, sizeof dummy_pw);
    if (password_hash(dummy_pw, s->dummy_hash) != 0) {
        log_error("cannot hash a password: out of memory");
        return 1;
    }
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER,
        mhd_log, NULL, MHD_OPTION_SOCK_ADDR, &ss,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)s->cfg->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)s->cfg->per_ip_connections, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)s->cfg->timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_END);
    if (!s->daemon) {
        log_error("cannot listen on %s (address in use or not allowed)",
                  s->cfg->listen);
        hash_pool_free(s->hashing);
        group_commit_free(s->writes);
        jobs_free(s->jobs);
        rate_limit_free(s->logins);
        session_cache_free(s->sessions);
        db_pool_free(s->pool);
        access_log_free(s->access_log);
        if (s->access_log_fd > 2) {
            close(s->access_log_fd);
        }
        return 1;
    }
    const union MHD_DaemonInfo *di =
        MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    char host[128];
    snprintf(host, sizeof host, "%s", s->cfg->listen);
    char *colon = strrchr(host, ':');
    if (colon) {
        *colon = 0;
    }
    log_info("listening on http://%s:%u (%u threads)",
             host[0] ? host : "0.0.0.0", di ? di->port : 0, threads);

    int64_t head = 0;
    log_audit_head(s, &head);
    int sig = -1;
    while (sig < 0) {
        if (s->cfg->audit_head_every == 0) {
            sigwait(&set, &sig);
            break;
        }
        struct timespec every = {(time_t)s->cfg->audit_head_every, 0};
        sig = sigtimedwait(&set, NULL, &every);
        if (sig < 0 && errno == EAGAIN) {
            log_audit_head(s, &head);
        }
    }
    log_info("signal %d: finishing requests in flight", sig);
    MHD_quiesce_daemon(s->daemon);
    int64_t deadline = now_us() + s->cfg->shutdown_grace * 1000000;
    while (atomic_load(&s->in_flight) > 0 && now_us() < deadline) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    /* Deferred work and grouped commits resume their connections, so
     * the pool and the writer drain before the daemon stops. */
    hash_pool_free(s->hashing);
    group_commit_stop(s->writes);
    MHD_stop_daemon(s->daemon);
    group_commit_free(s->writes); /* no request thread is left */
    jobs_free(s->jobs); /* running imports stop and roll back */
    log_audit_head(s, &head);
    rate_limit_free(s->logins);
    session_cache_free(s->sessions);
    db_pool_free(s->pool);
    access_log_free(s->access_log);
    if (s->access_log_fd > 2) {
        close(s->access_log_fd);
    }
    pthread_rwlock_destroy(&s->settings_lock);
    log_info("stopped");
    return 0;
}
