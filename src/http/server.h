/* The HTTP server: libmicrohttpd with an epoll thread pool, limits on
 * everything from outside, one access-log line per request, and a
 * graceful stop on SIGTERM or SIGINT. */
#ifndef SGZ_SERVER_H
#define SGZ_SERVER_H
#include <pthread.h>
#include <stdatomic.h>

#include "../core/profile.h"
#include "../core/settings.h"
#include "../util/config.h"
#include "../util/secret.h"
#include "db_pool.h"
#include "access_log.h"
#include "hash_pool.h"
#include "jobs.h"
#include "rate_limit.h"
#include "session_cache.h"

struct req;

struct server {
    const struct config *cfg;
    struct db_pool *pool;
    const struct profile *profile; /* active profile; NULL when none */
    /* Read at start and changed through the API: read it with
     * server_settings(), which copies it under the lock. */
    pthread_rwlock_t settings_lock;
    struct settings settings;
    struct hash_pool *hashing;
    struct group_commit *writes; /* grouped commits (req_commit_grouped) */
    struct rate_limit *logins;
    struct session_cache *sessions;
    atomic_uint_fast64_t identity_epoch;
    unsigned char key[SECRET_KEY_BYTES]; /* from the key file */
    char dummy_hash[128];          /* verified for unknown users, so they
                                      take as long as wrong passwords */
    int access_log_fd;             /* -1: off */
    struct access_log *access_log;
    /* GET /health asks the database at most once a second. */
    _Atomic int64_t health_checked_at;
    _Atomic int64_t health_schema;
    atomic_int in_flight;
    atomic_int uploads;            /* bodies of upload routes being read */
    struct jobs *jobs;
    /* The Beijing day (days since 1970) contracts.in_force was last
     * refreshed for (http/auth.c). */
    _Atomic int64_t contracts_day;
    struct MHD_Daemon *daemon;
};

/* A consistent copy of the run-time settings. */
struct settings server_settings(struct server *s);
/* Changes one of them (after it was stored in the database), the others
 * untouched: two changes at once both take effect. */
void server_set_setting(struct server *s, size_t offset, int64_t value);

/* Something about users or sessions changed (logout, lock, roles, a
 * password): cached sessions are read again. */
void server_identity_changed(struct server *s);

/* An audit row for a request refused for want of permission (result
 * why: "denied", "csrf"), its action the permission it lacked (NULL:
 * the route's). Written in a transaction of its own: call it outside
 * the request's write. */
void server_audit_denial(struct req *r, const char *permission,
                         const char *why);

/* Runs until SIGTERM or SIGINT. Returns 0 after a clean stop, 1 when it
 * could not start (reason logged). */
int server_run(struct server *s);

#endif
