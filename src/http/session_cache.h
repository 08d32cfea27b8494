/* Recently checked sessions, kept for a moment so that every request
 * does not read the session, its user and the user's roles again (that
 * was about half the cost of a cheap request). An entry is trusted for
 * SESSION_CACHE_TTL seconds, and not at all once this server has changed
 * anything about identities since it was made (server_identity_changed):
 * logouts, locks and role changes through this server take effect at
 * once; through another node or the command line within the TTL. */
#ifndef SGZ_SESSION_CACHE_H
#define SGZ_SESSION_CACHE_H
#include <stdbool.h>
#include <stdint.h>

#include "../core/permission.h"

#define SESSION_CACHE_TTL 2

struct session_cache;

struct cached_session {
    char token_hash[65];
    char csrf_token[48];
    int64_t user_id, last_seen_at, expires_at;
    bool second_factor_pending;
    char username[65];
    char display_name[161];
    role_set roles;
    bool must_change_password, totp_enabled, active;
    int64_t locked_until;
    char data_range[16];
    char range_region[16];
    int64_t stations[64];
    int n_stations; /* -1: more than fit, never cached */
};

struct session_cache *session_cache_new(void);
void session_cache_free(struct session_cache *c);
/* Copies a fresh entry for hash into out; false when there is none. */
bool session_cache_get(struct session_cache *c, const char *hash,
                       uint64_t epoch, int64_t now,
                       struct cached_session *out);
void session_cache_put(struct session_cache *c, const struct cached_session *e,
                       uint64_t epoch, int64_t now);
/* Records that the session was seen at now (after the database was). */
void session_cache_touch(struct session_cache *c, const char *hash,
                         int64_t now);

#endif
