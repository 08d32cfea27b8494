/* The ceiling for `make bench`: libmicrohttpd set up as sgz's server
 * (src/http/server.c) sets it up, answering every request with a fixed
 * {"status":"ok"}. Whatever sgz does per request beyond this — routing,
 * the database, JSON, the access log, the arena — shows up as the gap
 * between its figures and these.
 *
 * usage: ceiling PORT      (0 picks a free port)
 * Listens on 127.0.0.1 only, prints "listening on http://127.0.0.1:PORT"
 * on standard error and stops cleanly on SIGTERM or SIGINT. */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char body[] = "{\"status\":\"ok\"}";

/* Any non-NULL pointer: marks a request whose first call has been seen. */
static int seen;

/* Replies on the second call, never the first: with libmicrohttpd 0.9.75
 * a reply queued on the first call of a GET closes the connection after
 * it, and keep-alive is what sgz is measured with. The response is
 * created per request from a constant buffer, as sgz creates one per
 * request, so the ratio measures sgz's own work and not MHD's. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)upload_data;
    if (!*con_cls) {
        *con_cls = &seen;
        return MHD_YES;
    }
    if (*upload_data_size) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    *con_cls = NULL;
}

/* Parses a port number 0–65535; returns -1 for anything else. */
static long parse_port(const char *s)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > 65535) {
        return -1;
    }
    return v;
}

int main(int argc, char **argv)
{
    long port = argc == 2 ? parse_port(argv[1]) : -1;
    if (port < 0) {
        fprintf(stderr, "usage: %s PORT   (0 for any free port)\n",
                argv[0]);
        return 2;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = n > 0 ? (unsigned)n : 2;

    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    /* Signals are taken by sigwait() below, never by a worker. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* The same flags and limits as sgz serve with its defaults, the
     * per-address limit raised as bench/run.sh raises sgz's. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_USE_ITC | MHD_USE_ERROR_LOG;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, 1024u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, 1000u,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "ceiling: cannot listen on 127.0.0.1:%ld\n", port);
        return 1;
    }
    const union MHD_DaemonInfo *di =
        MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    fprintf(stderr, "ceiling: listening on http://127.0.0.1:%u (%u threads)\n",
            di ? di->port : (unsigned)port, threads);

    int sig = 0;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    fprintf(stderr, "ceiling: signal %d: stopped\n", sig);
    return 0;
}
