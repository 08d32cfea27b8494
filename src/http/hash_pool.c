#include "hash_pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../util/xalloc.h"

struct job {
    void (*fn)(void *);
    void *arg;
};

struct hash_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct job *queue; /* ring buffer */
    int cap, head, count;
    bool stopping;
    int nworkers;
    pthread_t *workers;
};

static void *worker(void *arg)
{
    struct hash_pool *p = arg;
    /* Hashing yields to the threads that answer requests. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->count == 0 && !p->stopping) {
            pthread_cond_wait(&p->cv, &p->mu);
        }
        if (p->count == 0 && p->stopping) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        struct job j = p->queue[p->head];
        p->head = (p->head + 1) % p->cap;
        p->count--;
        pthread_mutex_unlock(&p->mu);
        j.fn(j.arg);
    }
}

struct hash_pool *hash_pool_new(int workers, int queue_max)
{
    struct hash_pool *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->cap = queue_max > 0 ? queue_max : 1;
    p->queue = xcalloc((size_t)p->cap, sizeof *p->queue);
    p->nworkers = workers > 0 ? workers : 1;
    p->workers = xcalloc((size_t)p->nworkers, sizeof *p->workers);
    for (int i = 0; i < p->nworkers; i++) {
        pthread_create(&p->workers[i], NULL, worker, p);
    }
    return p;
}

void hash_pool_free(struct hash_pool *p)
{
    if (!p) {
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->stopping = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nworkers; i++) {
        pthread_join(p->workers[i], NULL);
    }
    free(p->workers);
    free(p->queue);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

int hash_pool_submit(struct hash_pool *p, void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&p->mu);
    if (p->count == p->cap || p->stopping) {
        pthread_mutex_unlock(&p->mu);
        return -1;
    }
    p->queue[(p->head + p->count) % p->cap] = (struct job){fn, arg};
    p->count++;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return 0;
}
