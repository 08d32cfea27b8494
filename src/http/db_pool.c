#include "db_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "../util/log.h"
#include "../util/xalloc.h"

struct db_pool {
    pthread_mutex_t writer; /* SQLite's one writer, queued in-process */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *url;
    size_t size, opened, nfree;
    struct db **free_list;
    int64_t *released_ms; /* when each free connection was given back */
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct db_pool *db_pool_new(const char *url, size_t size)
{
    struct db_pool *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_mutex_init(&p->writer, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->url = xstrdup(url);
    p->size = size ? size : 1;
    p->free_list = xcalloc(p->size, sizeof *p->free_list);
    p->released_ms = xcalloc(p->size, sizeof *p->released_ms);
    return p;
}

void db_pool_free(struct db_pool *p)
{
    if (!p) {
        return;
    }
    for (size_t i = 0; i < p->nfree; i++) {
        db_close(p->free_list[i]);
    }
    free(p->free_list);
    free(p->released_ms);
    free(p->url);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    pthread_mutex_destroy(&p->writer);
    free(p);
}

struct db *db_pool_acquire(struct db_pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->nfree == 0 && p->opened == p->size) {
        pthread_cond_wait(&p->cv, &p->mu);
    }
    while (p->nfree > 0) {
        struct db *db = p->free_list[--p->nfree];
        int64_t idle = now_ms() - p->released_ms[p->nfree];
        pthread_mutex_unlock(&p->mu);
        if (!db_stale(db, idle)) {
            return db;
        }
        /* Lost while idle (PostgreSQL restarted): open a fresh one. */
        db_close(db);
        pthread_mutex_lock(&p->mu);
        p->opened--;
    }
    p->opened++;
    pthread_mutex_unlock(&p->mu);

    struct db *db = NULL;
    char err[512];
    if (db_open(p->url, false, &db, err, sizeof err) != DB_OK) {
        log_error("%s", err);
        pthread_mutex_lock(&p->mu);
        p->opened--;
        pthread_cond_signal(&p->cv);
        pthread_mutex_unlock(&p->mu);
        return NULL;
    }
    db_set_writer_lock(db, &p->writer);
    return db;
}

struct db *db_pool_open_own(struct db_pool *p)
{
    struct db *db = NULL;
    char err[512];
    if (db_open(p->url, false, &db, err, sizeof err) != DB_OK) {
        log_error("%s", err);
        return NULL;
    }
    db_set_writer_lock(db, &p->writer);
    return db;
}

void db_pool_release(struct db_pool *p, struct db *db)
{
    if (!db) {
        return;
    }
    db_end_abandoned(db);
    if (db_broken(db)) {
        /* The next request opens a fresh connection. */
        db_close(db);
        pthread_mutex_lock(&p->mu);
        p->opened--;
        pthread_cond_signal(&p->cv);
        pthread_mutex_unlock(&p->mu);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->released_ms[p->nfree] = now_ms();
    p->free_list[p->nfree++] = db;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}
