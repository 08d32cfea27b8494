/* The second factor (TOTP, RFC 6238): enrol with a QR code, confirm with
 * a code, give a code after the password at each login, switch it off;
 * the security administrator can reset a user's. The secret is kept
 * encrypted under the key file. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../core/totp.h"
#include "../store/audit_store.h"
#include "../store/session_store.h"
#include "../store/user_store.h"
#include "../util/cn_time.h"
#include "api.h"

static bool is_code(const char *s)
{
    return strlen(s) == 6 && strspn(s, "0123456789") == 6;
}

static const struct schema code_fields[] = {
    {.name = "code", .label_zh = "动态验证码", .label_en = "code",
     .type = S_STRING, .required = true, .min = 6, .max = 6,
     .check = is_code, .check_msg = MSG_SECOND_FACTOR_WRONG},
    {0},
};
const struct schema api_totp_code_schema = {.type = S_OBJECT,
                                            .fields = code_fields};

static bool load_me(struct req *r, struct user *u)
{
    int rc = user_store_get(r->db, r->arena, r->who->user_id, u);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "user");
        return false;
    }
    return true;
}

/* Decrypts the user's secret; false (after replying) when there is none
 * or it cannot be read with this key. */
static bool user_secret(struct req *r, const struct user *u,
                        unsigned char secret[TOTP_SECRET_BYTES])
{
    if (!u->totp_secret ||
        secret_decrypt(r->srv->key, u->totp_secret, secret,
                       TOTP_SECRET_BYTES) != TOTP_SECRET_BYTES) {
        reply_error(r, 409, MSG_SECOND_FACTOR_STATE, NULL, NULL, NULL);
        return false;
    }
    return true;
}

/* Writes a change to the user and its audit row in one transaction. */
static bool save(struct req *r, const struct user *u, const char *secret,
                 bool enabled, int64_t step, const char *action)
{
    struct audit_entry e = {
        .actor = u->username,
        .address = r->address,
        .action = action,
        .entity = "user",
        .entity_id = arena_printf(r->arena, "%lld", (long long)u->id),
        .result = "ok",
    };
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = user_store_set_totp(r->db, u->id, secret, enabled, step);
    }
    if (rc == DB_OK) {
        rc = audit_append(r->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    } else {
        db_rollback(r->db);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "second factor");
        return false;
    }
    server_identity_changed(r->srv);
    return true;
}

void api_totp_begin(struct req *r)
{
    struct user u;
    if (!load_me(r, &u)) {
        return;
    }
    if (u.totp_enabled) {
        reply_error(r, 409, MSG_SECOND_FACTOR_STATE, NULL, NULL, NULL);
        return;
    }
    unsigned char secret[TOTP_SECRET_BYTES];
    totp_new_secret(secret);
    char *sealed = secret_encrypt(r->srv->key, secret, sizeof secret);
    char b32[64];
    totp_base32(secret, b32, sizeof b32);
    sodium_memzero(secret, sizeof secret);
    bool ok = save(r, &u, sealed, false, 0, "totp.enrol");
    free(sealed);
    if (!ok) {
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    req_secret_reply(r);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "secret", b32);
    jsonw_kstr(&w, "uri",
               arena_printf(r->arena,
                            "otpauth://totp/sgz:%s?secret=%s&issuer=sgz&"
                            "digits=6&period=30",
                            u.username, b32));
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

/* Checks the body's code against u's secret; replies and returns -1 on a
 * wrong code. counted: a wrong code counts towards the lockout, as a
 * guess would (not while enrolling: the one enrolling was just shown the
 * secret, and a mis-scanned code should not lock her out). */
static int64_t check_code(struct req *r, const struct user *u, bool counted)
{
    int64_t now = cn_now();
    if (u->locked_until > now) {
        api_reply_locked(r, u->locked_until, now);
        return -1;
    }
    unsigned char secret[TOTP_SECRET_BYTES];
    if (!user_secret(r, u, secret)) {
        return -1;
    }
    int64_t step = totp_check(secret, cn_now(), api_body_str(r, "code"),
                              u->totp_last_step);
    sodium_memzero(secret, sizeof secret);
    if (step == TOTP_USED) { /* no guess: it was right, once */
        api_audit_login(r, "totp.check", u->username, u->id, "failed");
        reply_error(r, 400, MSG_SECOND_FACTOR_USED, "code", NULL, NULL);
        return -1;
    }
    if (step < 0) {
        int64_t locked_until = counted ? api_session_failure(r, u->id) : 0;
        api_audit_login(r, "totp.check", u->username, u->id,
                        locked_until ? "locked" : "failed");
        if (locked_until) {
            api_reply_locked(r, locked_until, cn_now());
        } else {
            reply_error(r, 400, MSG_SECOND_FACTOR_WRONG, "code", NULL,
                        NULL);
        }
    }
    return step;
}

void api_totp_confirm(struct req *r)
{
    struct user u;
    if (!load_me(r, &u)) {
        return;
    }
    if (u.totp_enabled) {
        reply_error(r, 409, MSG_SECOND_FACTOR_STATE, NULL, NULL, NULL);
        return;
    }
    int64_t step = check_code(r, &u, false);
    if (step < 0 || !save(r, &u, u.totp_secret, true, step, "totp.enable")) {
        return;
    }
    u.totp_enabled = true;
    api_reply_me(r, 200, &u, r->who->csrf_token, false);
}

void api_totp_verify(struct req *r)
{
    struct user u;
    if (!load_me(r, &u)) {
        return;
    }
    if (!r->who->second_factor_pending || !u.totp_enabled) {
        reply_error(r, 409, MSG_SECOND_FACTOR_STATE, NULL, NULL, NULL);
        return;
    }
    int64_t step = check_code(r, &u, true);
    if (step < 0) {
        return;
    }
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = user_store_use_totp_step(r->db, u.id, u.totp_secret, step);
    }
    if (rc == DB_DONE) {
        db_rollback(r->db);
        reply_error(r, 400, MSG_SECOND_FACTOR_WRONG, "code", NULL, NULL);
        return;
    }
    if (rc == DB_OK) {
        rc = session_store_complete(r->db, r->who->token_hash);
    }
    if (rc == DB_OK) {
        rc = user_store_login_ok(r->db, u.id);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    } else {
        db_rollback(r->db);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "second factor verify");
        return;
    }
    server_identity_changed(r->srv);
    api_audit_login(r, "login", u.username, u.id, "ok");
    api_reply_me(r, 200, &u, r->who->csrf_token, false);
}

void api_totp_disable(struct req *r)
{
    struct user u;
    if (!load_me(r, &u)) {
        return;
    }
    if (!u.totp_enabled) {
        reply_error(r, 409, MSG_SECOND_FACTOR_STATE, NULL, NULL, NULL);
        return;
    }
    if (check_code(r, &u, true) < 0 ||
        !save(r, &u, NULL, false, 0, "totp.disable")) {
        return;
    }
    u.totp_enabled = false;
    api_reply_me(r, 200, &u, r->who->csrf_token, false);
}

void api_users_reset_totp(struct req *r)
{
    int64_t id;
    if (!req_param_id(r, 0, "用户", "user", &id)) {
        return;
    }
    struct user u;
    int rc = user_store_get(r->db, r->arena, id, &u);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "用户", "user");
        return;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "user get");
        return;
    }
    if (!u.totp_secret) {
        reply_error(r, 409, MSG_SECOND_FACTOR_STATE, NULL, NULL, NULL);
        return;
    }
    struct audit_entry e = {
        .actor = r->actor,
        .address = r->address,
        .action = "totp.reset",
        .entity = "user",
        .entity_id = arena_printf(r->arena, "%lld", (long long)u.id),
        .result = "ok",
    };
    rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = user_store_set_totp(r->db, u.id, NULL, false, 0);
    }
    if (rc == DB_OK) {
        rc = session_store_delete_user(r->db, u.id);
    }
    if (rc == DB_OK) {
        rc = audit_append(r->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    } else {
        db_rollback(r->db);
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "second factor reset");
        return;
    }
    server_identity_changed(r->srv);
    u.totp_enabled = false;
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    api_write_user(&w, &u);
    reply_json(r, 200, &sb);
}
