/* The HTTP server: libmicrohttpd with an epoll thread pool, limits on
 * everything from outside, one access-log line per request, and a
 * graceful stop on SIGTERM or SIGINT. */
#ifndef SGZ_SERVER_H
#define SGZ_SERVER_H
#include <stdatomic.h>

#include "../core/profile.h"
#include "../core/settings.h"
#include "../util/config.h"
#include "db_pool.h"
#include "hash_pool.h"
#include "rate_limit.h"

struct server {
    const struct config *cfg;
    struct db_pool *pool;
    const struct profile *profile; /* active profile; NULL when none */
    struct settings settings;      /* read at start */
    struct hash_pool *hashing;
    struct rate_limit *logins;
    char dummy_hash[128];          /* verified for unknown users, so they
                                      take as long as wrong passwords */
    int access_log_fd;             /* -1: off */
    atomic_int in_flight;
    struct MHD_Daemon *daemon;
};

/* Runs until SIGTERM or SIGINT. Returns 0 after a clean stop, 1 when it
 * could not start (reason logged). */
int server_run(struct server *s);

#endif
