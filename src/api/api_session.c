/* /api/v1/session: log in, who am I, log out, change my password.
 * Password hashing runs on the hashing pool (req_defer), never on the
 * threads that serve everyone else. */
#include <sodium.h>
#include <string.h>

#include "../core/password.h"
#include "../core/staff_service.h"
#include "../core/user_rules.h"
#include "../http/auth.h"
#include "../store/audit_store.h"
#include "../store/idempotency_store.h"
#include "../store/session_store.h"
#include "../store/user_store.h"
#include "../util/cn_time.h"
#include "api.h"

static const struct schema login_fields[] = {
    {.name = "username", .label_zh = "用户名", .label_en = "username",
     .type = S_STRING, .required = true, .min = 1, .max = 64},
    {.name = "password", .label_zh = "密码", .label_en = "password",
     .type = S_STRING, .required = true, .min = 1,
     .max = PASSWORD_MAX_CHARS},
    {0},
};
const struct schema api_login_schema = {.type = S_OBJECT,
                                        .fields = login_fields};

static const struct schema password_fields[] = {
    {.name = "current_password", .label_zh = "原密码",
     .label_en = "current password", .type = S_STRING, .required = true,
     .min = 1, .max = PASSWORD_MAX_CHARS},
    {.name = "new_password", .label_zh = "新密码", .label_en = "new password",
     .type = S_STRING, .required = true, .min = 1,
     .max = PASSWORD_MAX_CHARS},
    {0},
};
const struct schema api_password_schema = {.type = S_OBJECT,
                                           .fields = password_fields};

void api_write_user(struct jsonw *w, const struct user *u)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", u->id);
    jsonw_kstr(w, "username", u->username);
    jsonw_kstr(w, "display_name", u->display_name);
    jsonw_kstr(w, "phone", u->phone);
    jsonw_kstr(w, "status", u->status);
    /* Locked out by failed logins, her status still reads active: the
     * administrator who would unlock her needs to see it and until when. */
    bool locked_out = u->locked_until > cn_now();
    char until[32];
    if (locked_out) {
        cn_iso8601(u->locked_until, until);
    }
    jsonw_kstr(w, "locked_until", locked_out ? until : NULL);
    user_write_access(w, u);
    jsonw_kstr(w, "range_region_name", u->range_region_name);
    jsonw_kstr(w, "organisation_name", u->organisation_name);
    if (u->station_names) {
        jsonw_key(w, "station_names");
        jsonw_arr_open(w);
        for (size_t i = 0; i < u->n_stations; i++) {
            jsonw_str(w, u->station_names[i]);
        }
        jsonw_arr_close(w);
    }
    jsonw_kbool(w, "must_change_password", u->must_change_password);
    /* Whether she has a second factor: its reset is for one she has. */
    jsonw_kbool(w, "totp_enabled", u->totp_enabled);
    jsonw_kint(w, "version", u->version);
    jsonw_obj_close(w);
}

void api_audit_login(struct req *r, const char *action,
                     const char *username, int64_t user_id,
                     const char *result)
{
    api_audit_login_why(r, action, username, user_id, result, NULL);
}

void api_audit_login_why(struct req *r, const char *action,
                         const char *username, int64_t user_id,
                         const char *result, const char *reason)
{
    const char *detail = NULL;
    if (reason) {
        struct jsonw_doc d;
        jsonw_doc_open(&d);
        jsonw_kstr(&d.w, "reason", reason);
        detail = jsonw_doc_close(&d, r->arena);
    }
    struct audit_entry e = {
        .actor = username,
        .address = r->address,
        .action = action,
        .entity = "user",
        .entity_id = user_id ? arena_printf(r->arena, "%lld",
                                            (long long)user_id)
                             : "",
        .result = result,
        .detail = detail,
    };
    if (db_begin(r->db) == DB_OK) {
        if (audit_append(r->db, &e) == DB_OK) {
            db_commit(r->db);
        } else {
            db_rollback(r->db);
        }
    }
}

struct login_job {
    const char *username, *password, *hash;
    int64_t user_id; /* 0: no such user */
    bool ok;
};

static void login_verify(struct req *r)
{
    struct login_job *j = r->job;
    /* An unknown user is checked against a dummy hash: same work, same
     * time, same answer as a wrong password. */
    bool ok = password_verify(j->hash, j->password);
    j->ok = ok && j->user_id != 0;
}

void api_reply_me(struct req *r, int status, const struct user *u,
                  const char *csrf, bool second_factor_pending)
{
    struct strbuf sb;
    struct jsonw w;
    if (csrf) {
        req_secret_reply(r);
    }
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "user");
    api_write_user(&w, u);
    jsonw_key(&w, "permissions");
    jsonw_arr_open(&w);
    for (const struct permission *p = permissions; p->action; p++) {
        if (p->roles & u->roles) {
            jsonw_str(&w, p->action);
        }
    }
    jsonw_arr_close(&w);
    /* Their names, for the pages that list them (an API token's). */
    jsonw_key(&w, "permission_labels");
    jsonw_obj_open(&w);
    for (const struct permission *p = permissions; p->action; p++) {
        if (p->roles & u->roles) {
            jsonw_kstr(&w, p->action, r->lang == LANG_EN ? p->label_en
                                                         : p->label);
        }
    }
    jsonw_obj_close(&w);
    jsonw_kstr(&w, "csrf_token", csrf);
    /* Clients' names reach her masked (the evaluator's), in replies and
     * files alike: an export dialog says so. */
    jsonw_kbool(&w, "names_masked", !roles_see_client_names(u->roles));
    /* The server's calendar day (Beijing), which deadlines count from:
     * a phone's clock may be wrong. */
    char today[11];
    cn_date_format(cn_date_of(cn_now()), today);
    jsonw_kstr(&w, "today", today);
    jsonw_kbool(&w, "second_factor_required", second_factor_pending);
    jsonw_kbool(&w, "second_factor_enabled", u->totp_enabled);
    struct settings set = server_settings(r->srv);
    jsonw_kbool(&w, "second_factor_enrolment_required",
                auth_second_factor_missing(&set, u->roles, u->totp_enabled));
    /* So that an export dialog can say a filter holds too many rows
     * before the server reads them all to refuse. */
    jsonw_key(&w, "export_max_rows");
    jsonw_obj_open(&w);
    jsonw_kint(&w, "client", set.export_max_rows);
    jsonw_kint(&w, "ledger", set.ledger_export_max_rows);
    jsonw_obj_close(&w);
    /* So that the password and token forms check what the server will. */
    jsonw_key(&w, "policy");
    jsonw_obj_open(&w);
    jsonw_kint(&w, "password_min_length", set.password_min_length);
    jsonw_kint(&w, "password_history", set.password_history);
    jsonw_kint(&w, "token_max_days", set.token_max_days);
    /* So that a phone's outbox warns before a waiting visit's key is
     * forgotten and a resend could record it twice. */
    jsonw_kint(&w, "idempotency_key_hours", IDEM_LIFETIME / 3600);
    jsonw_obj_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, status, &sb);
}

int64_t api_session_failure(struct req *r, int64_t user_id)
{
    struct settings set = server_settings(r->srv);
    int64_t now = cn_now();
    struct user u;
    bool locked = false;
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = user_store_login_failed(r->db, user_id,
                                     (int)set.lockout_threshold,
                                     set.lockout_minutes * 60, now);
    }
    if (rc == DB_OK) {
        rc = user_store_get(r->db, r->arena, user_id, &u) == DB_ROW
                 ? DB_OK
                 : DB_ERROR;
        locked = rc == DB_OK && u.locked_until > now;
    }
    if (rc == DB_OK && locked) {
        rc = session_store_delete_user(r->db, user_id);
    }
    if (rc == DB_OK && db_commit(r->db) == DB_OK) {
        if (locked) {
            server_identity_changed(r->srv);
            return u.locked_until;
        }
    } else {
        db_rollback(r->db);
    }
    return 0;
}

void api_reply_locked(struct req *r, int64_t until, int64_t now)
{
    char minutes[24];
    snprintf(minutes, sizeof minutes, "%lld",
             (long long)((until - now + 59) / 60));
    r->retry_after = until - now;
    reply_error(r, 423, MSG_ACCOUNT_LOCKED, NULL, minutes, minutes);
}

static void login_finish(struct req *r)
{
    struct login_job *j = r->job;
    struct settings settings = server_settings(r->srv);
    const struct settings *set = &settings;
    int64_t now = cn_now();
    struct user u;
    if (j->user_id == 0 ||
        user_store_get(r->db, r->arena, j->user_id, &u) != DB_ROW) {
        api_audit_login(r, "login", j->username, 0, "failed");
        reply_error(r, 401, MSG_LOGIN_FAILED, NULL, NULL, NULL);
        return;
    }
    /* Locked or not, a wrong password reads as an unknown user's: a
     * 423 would tell a guesser which names are accounts. Only the one
     * who knows the password learns that it is locked, and until when. */
    if (u.locked_until > now) {
        api_audit_login(r, "login", u.username, u.id, "locked");
        if (j->ok) {
            api_reply_locked(r, u.locked_until, now);
        } else {
            reply_error(r, 401, MSG_LOGIN_FAILED, NULL, NULL, NULL);
        }
        return;
    }
    if (u.locked_until != 0) {
        /* The lock has run out: the count starts again. */
        u.failed_logins = 0;
        if (user_store_login_ok(r->db, u.id) != DB_OK) {
            api_db_error(r, DB_ERROR, "login reset");
            return;
        }
    }
    if (!j->ok) {
        int rc = db_begin(r->db);
        if (rc == DB_OK) {
            rc = user_store_login_failed(r->db, u.id,
                                         (int)set->lockout_threshold,
                                         set->lockout_minutes * 60, now);
        }
        rc = rc == DB_OK ? db_commit(r->db) : (db_rollback(r->db), rc);
        bool now_locked = u.failed_logins + 1 >= set->lockout_threshold;
        api_audit_login(r, "login", u.username, u.id,
                    now_locked ? "locked" : "failed");
        if (rc != DB_OK) {
            api_db_error(r, rc, "login failure count");
        } else {
            reply_error(r, 401, MSG_LOGIN_FAILED, NULL, NULL, NULL);
        }
        return;
    }
    if (strcmp(u.status, "active") != 0) {
        bool locked = strcmp(u.status, "locked") == 0;
        api_audit_login(r, "login", u.username, u.id,
                        locked ? "locked" : "disabled");
        reply_error(r, 403,
                    locked ? MSG_ACCOUNT_LOCKED_BY_ADMIN
                           : MSG_ACCOUNT_DISABLED,
                    NULL, NULL, NULL);
        return;
    }
    char token[48], hash[65], csrf[48];
    auth_new_token(token);
    auth_token_hash(token, hash);
    auth_new_token(csrf);
    struct session s = {
        .token_hash = hash,
        .csrf_token = csrf,
        .user_id = u.id,
        .created_at = now,
        .last_seen_at = now,
        .expires_at = now + set->lifetime_hours * 3600,
        .address = r->address,
        .user_agent = req_header(r, "User-Agent"),
        .second_factor_pending = u.totp_enabled,
    };
    char ua[200];
    if (s.user_agent) {
        /* Only for the online-users page: trimmed, and never trusted.
         * Browsers send ASCII; any other byte becomes '?', so that no
         * invalid UTF-8 reaches the store (PostgreSQL refuses it) or the
         * JSON of that page. */
        size_t n = 0;
        for (const char *c = s.user_agent; *c && n + 1 < sizeof ua; c++) {
            ua[n++] = *c >= 0x20 && *c < 0x7f ? *c : '?';
        }
        ua[n] = 0;
        s.user_agent = ua;
    }
    int rc = db_begin(r->db);
    /* The password was verified against the hash read when the request
     * came, while a change or a reset may have committed since: read the
     * account again under its row's lock (which they take too, and
     * which makes them wait for this session to be written, and so end
     * it). A password no longer the account's makes no session; nor
     * does one checked while other guesses, failing meanwhile, locked the
     * account (else as many guesses as an attacker keeps in flight would
     * count as one). */
    bool stale = false, locked = false;
    if (rc == DB_OK) {
        rc = user_store_lock(r->db, u.id);
    }
    if (rc == DB_OK) {
        rc = user_store_get(r->db, r->arena, u.id, &u);
        rc = rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
        stale = rc == DB_OK && (strcmp(u.password_hash, j->hash) != 0 ||
                                strcmp(u.status, "active") != 0);
        locked = rc == DB_OK && !stale && u.locked_until > now;
    }
    if (locked) {
        db_rollback(r->db);
        api_audit_login(r, "login", u.username, u.id, "locked");
        api_reply_locked(r, u.locked_until, now);
        return;
    }
    if (stale) {
        db_rollback(r->db);
        api_audit_login(r, "login", u.username, u.id, "failed");
        reply_error(r, 401, MSG_LOGIN_FAILED, NULL, NULL, NULL);
        return;
    }
    s.second_factor_pending = u.totp_enabled;
    if (rc == DB_OK && !u.totp_enabled) {
        /* With a second factor the count of failures starts again only
         * once the code is right: else a password known to an attacker
         * would let her guess codes four at a time for ever. */
        rc = user_store_login_ok(r->db, u.id);
    }
    if (rc == DB_OK) {
        /* A worker's range follows her assignment of the day. */
        char day[11];
        cn_date_format(cn_date_of(now), day);
        struct actor who = {.name = u.username, .address = r->address};
        rc = staff_service_sync_range(r->db, r->arena, &who, u.id, day);
    }
    if (rc == DB_OK) {
        rc = session_store_prune(r->db, now, set->idle_minutes * 60);
    }
    if (rc == DB_OK) {
        rc = session_store_insert(r->db, &s);
    }
    /* With a second factor the password alone is not a login: the code's
     * check (totp.check, then login ok) says whether she came in. */
    struct audit_entry e = {.actor = u.username,
                            .address = r->address,
                            .action = "login",
                            .entity = "user",
                            .entity_id = arena_printf(r->arena, "%lld",
                                                      (long long)u.id),
                            .result = u.totp_enabled ? "pending" : NULL};
    if (rc == DB_OK) {
        rc = audit_append(r->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    }
    if (rc != DB_OK) {
        db_rollback(r->db);
        api_db_error(r, rc, "login");
        return;
    }
    r->set_cookie = auth_cookie(r, token, set->lifetime_hours * 3600);
    api_reply_me(r, 200, &u, csrf, u.totp_enabled);
}

void api_session_create(struct req *r)
{
    int64_t retry;
    struct settings set = server_settings(r->srv);
    if (!rate_limit_allow(r->srv->logins, r->address, set.login_per_minute,
                          cn_now(), &retry)) {
        r->retry_after = retry;
        reply_error(r, 429, MSG_TOO_MANY_ATTEMPTS, NULL, NULL, NULL);
        return;
    }
    struct login_job *j = arena_alloc(r->arena, sizeof *j);
    j->username = api_body_str(r, "username");
    j->password = api_body_str(r, "password");
    j->hash = r->srv->dummy_hash;
    struct user u;
    int rc = user_store_get_by_name(r->db, r->arena, j->username, &u);
    if (rc == DB_ROW) {
        j->user_id = u.id;
        j->hash = u.password_hash;
    } else if (rc != DB_DONE) {
        api_db_error(r, rc, "login lookup");
        return;
    }
    r->job = j;
    req_defer(r, login_verify, login_finish);
}

void api_session_get(struct req *r)
{
    struct user u;
    int rc = user_store_get(r->db, r->arena, r->who->user_id, &u);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "session user");
        return;
    }
    api_reply_me(r, 200, &u, r->who->csrf_token,
                 r->who->second_factor_pending);
}

void api_session_delete(struct req *r)
{
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = session_store_delete(r->db, r->who->token_hash);
    }
    struct audit_entry e = {.actor = r->actor,
                            .address = r->address,
                            .action = "logout",
                            .entity = "user",
                            .entity_id = arena_printf(
                                r->arena, "%lld",
                                (long long)r->who->user_id)};
    if (rc == DB_OK) {
        rc = audit_append(r->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    }
    if (rc != DB_OK) {
        db_rollback(r->db);
        api_db_error(r, rc, "logout");
        return;
    }
    server_identity_changed(r->srv);
    r->set_cookie = auth_cookie(r, "", 0);
    api_reply_ok(r);
}

struct password_job {
    const char *current, *fresh;
    const char **recent;    /* current hash first, then history */
    size_t n_recent;
    bool current_ok, reused;
    int64_t history;        /* password.history when the request came */
    char new_hash[PASSWORD_HASH_MAX];
    int hash_rc;
};

static void password_work(struct req *r)
{
    struct password_job *j = r->job;
    j->current_ok = j->n_recent > 0 &&
                    password_verify(j->recent[0], j->current);
    if (!j->current_ok) {
        return;
    }
    for (size_t i = 0; i < j->n_recent && !j->reused; i++) {
        j->reused = password_verify(j->recent[i], j->fresh);
    }
    if (!j->reused) {
        j->hash_rc = password_hash(j->fresh, j->new_hash);
    }
}

static void password_finish(struct req *r)
{
    struct password_job *j = r->job;
    if (!j->current_ok) {
        int64_t locked_until = api_session_failure(r, r->who->user_id);
        api_audit_login(r, "password.change", r->actor, r->who->user_id,
                        locked_until ? "locked" : "failed");
        if (locked_until) {
            /* Her session has just ended: she is told why, and for how
             * long, as a login would tell her. */
            api_reply_locked(r, locked_until, cn_now());
        } else {
            reply_error(r, 400, MSG_WRONG_PASSWORD, "current_password",
                        NULL, NULL);
        }
        return;
    }
    if (j->reused) {
        api_audit_login_why(r, "password.change", r->actor, r->who->user_id,
                            "failed", "password_reused");
        const char *n = arena_printf(r->arena, "%lld", (long long)j->history);
        reply_error(r, 400, MSG_PASSWORD_REUSED, "new_password", n, n);
        return;
    }
    if (j->hash_rc != 0) {
        reply_internal(r, "password hash failed");
        return;
    }
    int64_t now = cn_now();
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = user_store_set_password(r->db, r->who->user_id, j->new_hash,
                                     false, now);
    }
    /* Every other session of the user ends; this one goes on. */
    struct db_stmt *st = NULL;
    if (rc == DB_OK) {
        st = db_prepare(r->db, "DELETE FROM sessions WHERE user_id = ? AND "
                               "token_hash <> ?");
        rc = st ? DB_OK : DB_ERROR;
    }
    if (rc == DB_OK) {
        db_bind_int(st, 1, r->who->user_id);
        db_bind_text(st, 2, r->who->token_hash);
        rc = db_step(st) == DB_DONE ? DB_OK : DB_ERROR;
        db_reset(st);
    }
    struct audit_entry e = {.actor = r->actor,
                            .address = r->address,
                            .action = "password.change",
                            .entity = "user",
                            .entity_id = arena_printf(
                                r->arena, "%lld",
                                (long long)r->who->user_id)};
    if (rc == DB_OK) {
        rc = audit_append(r->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    }
    if (rc != DB_OK) {
        db_rollback(r->db);
        api_db_error(r, rc, "password change");
        return;
    }
    server_identity_changed(r->srv);
    api_session_get(r);
}

void api_session_password(struct req *r)
{
    struct password_job *j = arena_alloc(r->arena, sizeof *j);
    j->current = api_body_str(r, "current_password");
    j->fresh = api_body_str(r, "new_password");
    struct settings set = server_settings(r->srv);
    enum msg_id bad = password_policy_check(j->fresh, r->who->username,
                                            (int)set.password_min_length);
    if (bad) {
        const char *min = arena_printf(r->arena, "%lld",
                                       (long long)set.password_min_length);
        bool weak = bad == MSG_PASSWORD_WEAK;
        /* A refused change is a security event (等保: every attempt on
         * an account's password is logged), whoever's typing it was. */
        api_audit_login_why(r, "password.change", r->actor, r->who->user_id,
                            "failed", "password_rules");
        reply_error(r, 400, bad, "new_password", weak ? min : "新密码",
                    weak ? min : "new password");
        return;
    }
    j->history = set.password_history;
    int rc = user_store_recent_hashes(r->db, r->arena, r->who->user_id,
                                      (int)set.password_history, &j->recent,
                                      &j->n_recent);
    if (rc != DB_OK) {
        api_db_error(r, rc, "password history");
        return;
    }
    r->job = j;
    req_defer(r, password_work, password_finish);
}
