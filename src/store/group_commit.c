#include "group_commit.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "../util/xalloc.h"

/* A request's write, queued until the writer has committed it. */
struct waiter {
    int (*work)(struct db *db, void *arg);
    void (*done)(void *arg, int rc);
    void *arg;
    int rc; /* the work's own result */
    struct waiter *next;
};

struct group_commit {
    pthread_mutex_t mu;
    pthread_cond_t work;  /* work was queued, or stop was asked */
    struct waiter *queue; /* newest first */
    bool stopping;
    bool running; /* the writer thread exists and is not joined */
    /* The writer waits for work, not out a window: only then does a
     * submit wake it (a wake-up per request would cost a futex call and
     * a context switch each, for nothing). */
    bool idle;
    pthread_t thread;
    struct db *(*open)(void *arg);
    void *open_arg;
    int64_t window_us;
};

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Runs a batch (oldest first) in one transaction, each work in a
 * savepoint; the result is the transaction's. */
static int write_batch(struct db *db, struct waiter *list)
{
    int rc = db_begin(db);
    for (struct waiter *w = list; rc == DB_OK && w; w = w->next) {
        rc = db_part_begin(db);
        if (rc != DB_OK) {
            break;
        }
        w->rc = w->work(db, w->arg);
        rc = w->rc == DB_OK ? db_part_end(db) : db_part_undo(db);
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        db_rollback(db);
    }
    return rc;
}

/* Waits, with b->mu held, until `until` (monotonic µs) or stop. Work
 * queued meanwhile joins the coming batch. */
static void wait_window(struct group_commit *b, int64_t until)
{
    for (int64_t now = now_us(); now < until && !b->stopping; now = now_us()) {
        struct timespec ts = {.tv_sec = until / 1000000,
                              .tv_nsec = (until % 1000000) * 1000};
        pthread_cond_timedwait(&b->work, &b->mu, &ts);
    }
}

static void *run(void *arg)
{
    struct group_commit *b = arg;
    struct db *db = NULL;
    int64_t last = 0;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        b->idle = true;
        while (!b->queue && !b->stopping) {
            pthread_cond_wait(&b->work, &b->mu);
        }
        b->idle = false;
        if (!b->queue) {
            break; /* stopping, and everything is written */
        }
        wait_window(b, last + b->window_us);
        struct waiter *batch = NULL;
        while (b->queue) {
            struct waiter *w = b->queue;
            b->queue = w->next;
            w->next = batch;
            batch = w;
        }
        pthread_mutex_unlock(&b->mu);
        last = now_us();
        if (!db) {
            db = b->open(b->open_arg);
        }
        int rc = db ? write_batch(db, batch) : DB_ERROR;
        if (rc != DB_OK && db && db_broken(db)) {
            db_close(db); /* the next batch opens a fresh one */
            db = NULL;
        }
        while (batch) {
            struct waiter *w = batch;
            batch = w->next;
            w->done(w->arg, w->rc != DB_OK ? w->rc : rc);
            free(w);
        }
        pthread_mutex_lock(&b->mu);
    }
    pthread_mutex_unlock(&b->mu);
    db_close(db);
    return NULL;
}

struct group_commit *group_commit_new(struct db *(*open)(void *arg), void *arg,
                                    int64_t window_us)
{
    struct group_commit *b = xcalloc(1, sizeof *b);
    pthread_mutex_init(&b->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&b->work, &ca);
    pthread_condattr_destroy(&ca);
    b->open = open;
    b->open_arg = arg;
    b->window_us = window_us > 0 ? window_us : 0;
    if (pthread_create(&b->thread, NULL, run, b) == 0) {
        b->running = true;
    } else {
        b->stopping = true; /* every row fails at once */
    }
    return b;
}

void group_commit_stop(struct group_commit *b)
{
    if (!b) {
        return;
    }
    pthread_mutex_lock(&b->mu);
    b->stopping = true;
    pthread_cond_signal(&b->work);
    bool join = b->running;
    b->running = false;
    pthread_mutex_unlock(&b->mu);
    if (join) {
        pthread_join(b->thread, NULL);
    }
}

void group_commit_free(struct group_commit *b)
{
    if (!b) {
        return;
    }
    group_commit_stop(b);
    pthread_cond_destroy(&b->work);
    pthread_mutex_destroy(&b->mu);
    free(b);
}

void group_commit_submit(struct group_commit *b,
                         int (*work)(struct db *db, void *arg),
                         void (*done)(void *arg, int rc), void *arg)
{
    struct waiter *w = xmalloc(sizeof *w);
    w->work = work;
    w->rc = DB_OK;
    w->done = done;
    w->arg = arg;
    pthread_mutex_lock(&b->mu);
    if (b->stopping) {
        pthread_mutex_unlock(&b->mu);
        free(w);
        done(arg, DB_ERROR);
        return;
    }
    w->next = b->queue;
    b->queue = w;
    if (b->idle) {
        pthread_cond_signal(&b->work);
    }
    pthread_mutex_unlock(&b->mu);
}
