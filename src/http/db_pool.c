#include "db_pool.h"

#include <pthread.h>
#include <stdlib.h>

#include "../util/log.h"
#include "../util/xalloc.h"

struct db_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *url;
    size_t size, opened, nfree;
    struct db **free_list;
};

struct db_pool *db_pool_new(const char *url, size_t size)
{
    struct db_pool *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->url = xstrdup(url);
    p->size = size ? size : 1;
    p->free_list = xcalloc(p->size, sizeof *p->free_list);
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
    free(p->url);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

struct db *db_pool_acquire(struct db_pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->nfree == 0 && p->opened == p->size) {
        pthread_cond_wait(&p->cv, &p->mu);
    }
    if (p->nfree > 0) {
        struct db *db = p->free_list[--p->nfree];
        pthread_mutex_unlock(&p->mu);
        return db;
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
    return db;
}

void db_pool_release(struct db_pool *p, struct db *db)
{
    if (!db) {
        return;
    }
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
    p->free_list[p->nfree++] = db;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}
