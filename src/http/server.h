/* The HTTP server: libmicrohttpd with an epoll thread pool, limits on
 * everything from outside, one access-log line per request, and a
 * graceful stop on SIGTERM or SIGINT. */
#ifndef SGZ_SERVER_H
#define SGZ_SERVER_H
#include <stdatomic.h>

#include "../core/profile.h"
#include "../util/config.h"
#include "db_pool.h"

struct server {
    const struct config *cfg;
    struct db_pool *pool;
    const struct profile *profile; /* active profile; NULL when none */
    int access_log_fd;             /* -1: off */
    atomic_int in_flight;
    struct MHD_Daemon *daemon;
};

/* Runs until SIGTERM or SIGINT. Returns 0 after a clean stop, 1 when it
 * could not start (reason logged). */
int server_run(struct server *s);

#endif
