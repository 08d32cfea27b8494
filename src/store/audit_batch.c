#include "audit_batch.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "../util/xalloc.h"

#define PENDING 1 /* not a db_result */

/* A waiting reader's row: on its own stack, alive until rc is set. */
struct waiter {
    const struct audit_entry *e;
    int rc;
    struct waiter *next;
};

struct audit_batch {
    pthread_mutex_t mu;
    pthread_cond_t done;
    struct waiter *queue; /* newest first */
    bool writing;         /* a leader holds a batch */
};

struct audit_batch *audit_batch_new(void)
{
    struct audit_batch *b = xcalloc(1, sizeof *b);
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->done, NULL);
    return b;
}

void audit_batch_free(struct audit_batch *b)
{
    if (!b) {
        return;
    }
    pthread_cond_destroy(&b->done);
    pthread_mutex_destroy(&b->mu);
    free(b);
}

/* Writes a batch (oldest first) in one transaction. */
static int write_batch(struct db *db, const struct waiter *list)
{
    int rc = db_begin(db);
    for (const struct waiter *w = list; rc == DB_OK && w; w = w->next) {
        rc = audit_append(db, w->e);
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        db_rollback(db);
    }
    return rc;
}

int audit_batch_append(struct audit_batch *b, struct db *db,
                       const struct audit_entry *e)
{
    struct waiter me = {.e = e, .rc = PENDING};
    pthread_mutex_lock(&b->mu);
    me.next = b->queue;
    b->queue = &me;
    while (me.rc == PENDING) {
        if (b->writing) {
            pthread_cond_wait(&b->done, &b->mu);
            continue;
        }
        /* Lead: take everything queued, oldest first, and write it
         * unlocked; the waiters' results are set under the lock. */
        struct waiter *batch = NULL;
        while (b->queue) {
            struct waiter *w = b->queue;
            b->queue = w->next;
            w->next = batch;
            batch = w;
        }
        b->writing = true;
        pthread_mutex_unlock(&b->mu);
        int rc = write_batch(db, batch);
        pthread_mutex_lock(&b->mu);
        for (struct waiter *w = batch; w; w = w->next) {
            w->rc = rc;
        }
        b->writing = false;
        pthread_cond_broadcast(&b->done);
    }
    pthread_mutex_unlock(&b->mu);
    return me.rc;
}
