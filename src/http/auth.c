#include "auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../store/audit_store.h"
#include "../store/contract_store.h"
#include "../store/session_store.h"
#include "../store/token_store.h"
#include "../store/user_store.h"
#include "../core/report_types.h"
#include "../util/cn_time.h"
#include "request.h"
#include "server.h"

void auth_token_hash(const char *token, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, h, sizeof h);
}

void auth_new_token(char out[48])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, 48, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

const char *auth_cookie(struct req *r, const char *token, int64_t max_age)
{
    return arena_printf(r->arena,
                        SESSION_COOKIE "=%s; Path=/; HttpOnly; "
                                       "SameSite=Strict; Max-Age=%lld%s",
                        token, (long long)max_age,
                        r->srv->cfg->cookie_secure ? "; Secure" : "");
}

void auth_scope(const char *range, const char *region, int64_t user_id,
                const int64_t *stations, size_t n, struct scope *out)
{
    memset(out, 0, sizeof *out);
    if (strcmp(range, "all") == 0) {
        out->all = true;
    } else if (strcmp(range, "region") == 0 && region && *region) {
        out->region_prefix = region;
    } else {
        /* "stations" and "self": the listed stations; self further
         * narrows personal records to the user's own (later modules). */
        out->stations = stations;
        out->n_stations = n;
        out->stations_of_user = user_id;
        if (strcmp(range, "self") == 0) {
            out->self_user = user_id;
        }
    }
}

/* An org_admin (without a county role beside it) sees what its
 * organisation's contracts in force cover. Which contracts are in force
 * is refreshed on the first request of each Beijing day. */
static void org_admin_scope(struct req *r, role_set roles, int64_t user_id,
                            struct scope *sc)
{
    int64_t day = (cn_now() + CN_UTC_OFFSET) / 86400;
    int64_t seen = atomic_load(&r->srv->contracts_day);
    if (seen != day &&
        atomic_compare_exchange_strong(&r->srv->contracts_day, &seen, day)) {
        char today[16];
        cn_date_format(cn_civil_from_days(day), today);
        if (contract_store_refresh_in_force(r->db, today) != DB_OK) {
            atomic_store(&r->srv->contracts_day, 0); /* try again */
        }
    }
    if ((roles & ROLE_BIT(ROLE_ORG_ADMIN)) &&
        !(roles & (ROLE_BIT(ROLE_BUREAU) | ROLE_BIT(ROLE_SYSADMIN)))) {
        scope_for_org_admin(sc, user_id);
    }
}

/* The cookie's token, NULL when absent or malformed. */
static const char *cookie_token(struct req *r)
{
    const char *t = req_cookie(r, SESSION_COOKIE);
    if (!t || strlen(t) != 43) {
        return NULL;
    }
    for (const char *p = t; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')) {
            return NULL;
        }
    }
    return t;
}

/* The cacheable part of a session and its user. */
static void to_cached(const struct session *s, const struct user *u,
                      struct cached_session *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->token_hash, sizeof c->token_hash, "%s", s->token_hash);
    snprintf(c->csrf_token, sizeof c->csrf_token, "%s", s->csrf_token);
    c->user_id = u->id;
    c->last_seen_at = s->last_seen_at;
    c->expires_at = s->expires_at;
    c->second_factor_pending = s->second_factor_pending;
    snprintf(c->username, sizeof c->username, "%s", u->username);
    snprintf(c->display_name, sizeof c->display_name, "%s", u->display_name);
    c->roles = u->roles;
    c->must_change_password = u->must_change_password;
    c->totp_enabled = u->totp_enabled;
    c->active = strcmp(u->status, "active") == 0;
    c->locked_until = u->locked_until;
    snprintf(c->data_range, sizeof c->data_range, "%s", u->data_range);
    snprintf(c->range_region, sizeof c->range_region, "%s",
             u->range_region ? u->range_region : "");
    if (u->n_stations > sizeof c->stations / sizeof c->stations[0]) {
        c->n_stations = -1; /* too many to keep: read each time */
    } else {
        if (u->n_stations > 0) {
            memcpy(c->stations, u->stations,
                   u->n_stations * sizeof *u->stations);
        }
        c->n_stations = (int)u->n_stations;
    }
}

/* Seconds on a clock that no setting or test can move: the cache's age. */
static int64_t monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

/* login.totp_mandatory: the bureau and the three administrators (the
 * auditor's log names everyone) enrol. */
bool auth_second_factor_missing(const struct settings *set, role_set roles,
                                bool totp_enabled)
{
    return set->totp_mandatory && !totp_enabled &&
           (roles & (ROLE_BIT(ROLE_BUREAU) | ROLE_BIT(ROLE_SYSADMIN) |
                     ROLE_BIT(ROLE_SECURITY_ADMIN) | ROLE_BIT(ROLE_AUDITOR)));
}

enum auth_result auth_session(struct req *r)
{
    const char *token = cookie_token(r);
    if (!token) {
        return AUTH_NONE;
    }
    char hash[65];
    auth_token_hash(token, hash);
    struct server *srv = r->srv;
    uint64_t epoch = atomic_load(&srv->identity_epoch);
    int64_t now = cn_now();
    struct cached_session c;
    const int64_t *stations;
    size_t n_stations;
    int64_t age_clock = monotonic_seconds();
    if (session_cache_get(srv->sessions, hash, epoch, age_clock, &c)) {
        int64_t *copy = arena_alloc(r->arena, sizeof *copy *
                                                  (size_t)(c.n_stations + 1));
        memcpy(copy, c.stations, sizeof *copy * (size_t)c.n_stations);
        stations = copy;
        n_stations = (size_t)c.n_stations;
    } else {
        struct session s;
        struct user u;
        int rc = user_store_for_session(r->db, r->arena, hash, &u, &s);
        if (rc != DB_ROW) {
            return rc == DB_DONE ? AUTH_NONE : AUTH_UNAVAILABLE;
        }
        to_cached(&s, &u, &c);
        session_cache_put(srv->sessions, &c, epoch, age_clock);
        stations = u.stations;
        n_stations = u.n_stations;
    }
    struct settings set = server_settings(srv);
    if (now >= c.expires_at || now - c.last_seen_at > set.idle_minutes * 60) {
        session_store_delete(r->db, hash);
        server_identity_changed(srv);
        return AUTH_NONE;
    }
    if (!c.active || c.locked_until > now) {
        return AUTH_NONE;
    }
    /* The idle clock needs no write on every request: a minute's
     * precision is plenty for a 30-minute timeout. */
    if (now - c.last_seen_at >= 60 &&
        session_store_touch(r->db, hash, now) == DB_OK) {
        session_cache_touch(srv->sessions, hash, now);
    }
    struct identity *who = arena_alloc(r->arena, sizeof *who);
    who->user_id = c.user_id;
    who->username = arena_strdup(r->arena, c.username);
    who->display_name = arena_strdup(r->arena, c.display_name);
    who->roles = c.roles;
    who->must_change_password = c.must_change_password;
    who->second_factor_pending = c.second_factor_pending;
    who->totp_enabled = c.totp_enabled;
    who->names_masked = !roles_see_client_names(c.roles);
    who->second_factor_missing =
        auth_second_factor_missing(&set, c.roles, c.totp_enabled);
    who->data_range = arena_strdup(r->arena, c.data_range);
    who->token_hash = arena_strdup(r->arena, hash);
    who->csrf_token = arena_strdup(r->arena, c.csrf_token);
    auth_scope(who->data_range,
               c.range_region[0] ? arena_strdup(r->arena, c.range_region)
                                 : NULL,
               c.user_id, stations, n_stations, &who->scope);
    org_admin_scope(r, c.roles, c.user_id, &who->scope);
    who->scope.report_drafts = report_types_written_by(r->arena, c.roles);
    r->who = who;
    r->actor = who->username;
    r->scope = &who->scope;
    return AUTH_OK;
}

/* The token of "Authorization: Bearer sgz_…", live, and its owner,
 * active and not locked: AUTH_OK with *t and *u filled. */
static enum auth_result token_owner(struct req *r, struct api_token *t,
                                    struct user *u)
{
    const char *h = req_header(r, "Authorization");
    if (!h || strncmp(h, "Bearer sgz_", 11) != 0 || strlen(h + 7) != 47) {
        return AUTH_NONE;
    }
    char hash[65];
    auth_token_hash(h + 7, hash);
    int rc = token_store_by_hash(r->db, r->arena, hash, t);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? AUTH_NONE : AUTH_UNAVAILABLE;
    }
    int64_t now = cn_now();
    if (t->revoked_at || now >= t->expires_at) {
        return AUTH_NONE;
    }
    rc = user_store_get(r->db, r->arena, t->user_id, u);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? AUTH_NONE : AUTH_UNAVAILABLE;
    }
    if (strcmp(u->status, "active") != 0 || u->locked_until > now) {
        return AUTH_NONE;
    }
    return AUTH_OK;
}

enum auth_result auth_known(struct req *r)
{
    const char *h = req_header(r, "Authorization");
    if (!h) {
        enum auth_result a = auth_session(r);
        /* Back to an unknown caller until the route's own check: the
         * access log names r->actor for every request, this one too. */
        r->who = NULL;
        r->scope = NULL;
        r->actor = "anonymous";
        return a;
    }
    struct api_token t;
    struct user u;
    return token_owner(r, &t, &u);
}

bool auth_token_allows(const char *list, const char *action)
{
    size_t n = strlen(action);
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, action, n) == 0) {
            return true;
        }
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

enum auth_result auth_api_token(struct req *r)
{
    struct api_token t;
    struct user u;
    enum auth_result a = token_owner(r, &t, &u);
    if (a != AUTH_OK) {
        return a;
    }
    int64_t now = cn_now();
    struct identity *who = arena_alloc(r->arena, sizeof *who);
    who->user_id = u.id;
    who->username = u.username;
    who->display_name = u.display_name;
    who->roles = u.roles;
    who->must_change_password = u.must_change_password;
    who->totp_enabled = u.totp_enabled;
    /* A token is no way around a second factor the policy requires. */
    struct settings set = server_settings(r->srv);
    who->second_factor_missing =
        auth_second_factor_missing(&set, u.roles, u.totp_enabled);
    who->names_masked = !roles_see_client_names(u.roles);
    who->data_range = u.data_range;
    who->token_hash = "";
    who->csrf_token = "";
    who->api_token_id = t.id;
    who->token_permissions = t.permissions;
    /* A token's region narrows the user's range as it is today: one made
     * when she had the county gives no more than her range once she has
     * been narrowed to a station. */
    bool narrows =
        t.region && (strcmp(u.data_range, "all") == 0 ||
                     (strcmp(u.data_range, "region") == 0 && u.range_region &&
                      strncmp(t.region, u.range_region,
                              strlen(u.range_region)) == 0));
    if (narrows) {
        auth_scope("region", t.region, 0, NULL, 0, &who->scope);
    } else {
        auth_scope(u.data_range, u.range_region, u.id, u.stations,
                   u.n_stations, &who->scope);
    }
    org_admin_scope(r, u.roles, u.id, &who->scope);
    who->scope.report_drafts = report_types_written_by(r->arena, u.roles);
    r->who = who;
    r->actor = arena_printf(r->arena, "%s(token %lld)", u.username,
                            (long long)t.id);
    r->scope = &who->scope;
    bool write = strcmp(r->method, "GET") != 0 &&
                 strcmp(r->method, "HEAD") != 0;
    if (write || now - t.last_used_at >= 60) {
        struct audit_entry e = {
            .actor = r->actor,
            .address = r->address,
            .action = "token.use",
            .entity = "api_token",
            .entity_id = arena_printf(r->arena, "%lld", (long long)t.id),
            .detail = arena_printf(r->arena, "%s %s", r->method, r->path),
        };
        if (db_begin(r->db) == DB_OK) {
            if (token_store_used(r->db, t.id, now) == DB_OK &&
                audit_append(r->db, &e) == DB_OK) {
                db_commit(r->db);
            } else {
                db_rollback(r->db);
            }
        }
    }
    return AUTH_OK;
}
