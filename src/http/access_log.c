#include "access_log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "../util/log.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#define FLUSH_AT (64 * 1024)

struct access_log {
    int fd;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct strbuf pending;
    bool stopping;
    pthread_t writer;
};

/* Takes the pending lines (under the lock) and writes them (outside). */
static void flush(struct access_log *l)
{
    pthread_mutex_lock(&l->mu);
    struct strbuf out = l->pending;
    strbuf_init(&l->pending);
    pthread_mutex_unlock(&l->mu);
    if (out.len) {
        log_line(l->fd, out.buf, out.len);
    }
    strbuf_free(&out);
}

static void *writer(void *arg)
{
    struct access_log *l = arg;
    pthread_mutex_lock(&l->mu);
    while (!l->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000 * 1000;
        if (until.tv_nsec >= 1000 * 1000 * 1000) {
            until.tv_sec++;
            until.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&l->cv, &l->mu, &until);
        pthread_mutex_unlock(&l->mu);
        flush(l);
        pthread_mutex_lock(&l->mu);
    }
    pthread_mutex_unlock(&l->mu);
    return NULL;
}

struct access_log *access_log_new(int fd)
{
    struct access_log *l = xcalloc(1, sizeof *l);
    l->fd = fd;
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->cv, NULL);
    strbuf_init(&l->pending);
    if (fd >= 0) {
        pthread_create(&l->writer, NULL, writer, l);
    }
    return l;
}

void access_log_free(struct access_log *l)
{
    if (!l) {
        return;
    }
    if (l->fd >= 0) {
        pthread_mutex_lock(&l->mu);
        l->stopping = true;
        pthread_cond_signal(&l->cv);
        pthread_mutex_unlock(&l->mu);
        pthread_join(l->writer, NULL);
        flush(l);
    }
    strbuf_free(&l->pending);
    pthread_cond_destroy(&l->cv);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

void access_log_add(struct access_log *l, const char *line, size_t len)
{
    if (l->fd < 0) {
        return;
    }
    pthread_mutex_lock(&l->mu);
    strbuf_add(&l->pending, line, len);
    bool full = l->pending.len >= FLUSH_AT;
    pthread_mutex_unlock(&l->mu);
    if (full) {
        flush(l);
    }
}
