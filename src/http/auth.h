/* Who is asking: the session cookie (or, later, an API token) turned into
 * an identity with roles and a data range. */
#ifndef SGZ_AUTH_H
#define SGZ_AUTH_H
#include <stdbool.h>
#include <stdint.h>

#include "../core/permission.h"
#include "../store/scope.h"

struct req;

#define SESSION_COOKIE "sgz_session"
/* Set by the web UI to the language chosen there ("en" or "zh-CN"). */
#define LANG_COOKIE "sgz_lang"

struct identity {
    int64_t user_id;
    const char *username, *display_name;
    role_set roles;
    bool must_change_password;
    bool second_factor_pending;  /* logged in by password, code due */
    bool second_factor_missing;  /* required by policy, not enrolled */
    bool totp_enabled;           /* enrolled in a second factor */
    bool names_masked;           /* clients' names shown as 张* */
    const char *data_range;
    const char *token_hash;   /* of the session */
    int64_t api_token_id;     /* > 0 when an API token authenticated */
    const char *token_permissions; /* its actions, comma-separated */
    const char *csrf_token;
    struct scope scope;
};

enum auth_result {
    AUTH_OK,
    AUTH_NONE,        /* no valid session or token */
    AUTH_UNAVAILABLE, /* the database could not say: 503, not 401 */
};

/* Reads the session cookie; on success sets r->who, r->actor and r->scope
 * and returns AUTH_OK. Expired sessions are deleted. */
enum auth_result auth_session(struct req *r);
/* Reads "Authorization: Bearer sgz_…"; on success sets r->who like
 * auth_session() and returns true. Use is recorded (last used, and an
 * audit row for every change and at most one a minute for reads). */
enum auth_result auth_api_token(struct req *r);
/* Whether the request shows a live session or token, with no other
 * effect (no audit row, no identity set): asked before a large upload is
 * read, so that a made-up cookie cannot hold an upload slot. */
enum auth_result auth_known(struct req *r);
/* Whether an API token's permission list holds action. */
bool auth_token_allows(const char *list, const char *action);
/* The scope of a data range: all, region (prefix), stations or self (the
 * user's own stations). Strings and arrays point into the arguments. */
void auth_scope(const char *range, const char *region, int64_t user_id,
                const int64_t *stations, size_t n, struct scope *out);
struct settings;
/* Whether login.totp_mandatory asks roles for a second factor not yet
 * enrolled: the bureau and the three administrators. */
bool auth_second_factor_missing(const struct settings *set, role_set roles,
                                bool totp_enabled);
/* Hex SHA-256 of a token (65 bytes with the NUL). */
void auth_token_hash(const char *token, char out[65]);
/* A new random token: 32 bytes as 43 characters of URL-safe base64. */
void auth_new_token(char out[48]);
/* "sgz_session=…; Path=/; HttpOnly; SameSite=Strict; Max-Age=…" in the
 * request's arena; an empty token and max_age 0 clear the cookie. */
const char *auth_cookie(struct req *r, const char *token, int64_t max_age);

#endif
