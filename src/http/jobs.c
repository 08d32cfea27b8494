#include "jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/log.h"
#include "../util/xalloc.h"

struct job {
    struct jobs *js;
    int64_t id, owner, finished_at;
    job_fn fn;
    void *arg;
    void (*free_arg)(void *);
    pthread_t thread;
    bool running, failed;
    atomic_size_t done, total;
    char *json;
    struct strbuf file;
};

struct jobs {
    pthread_mutex_t lock;
    pthread_cond_t idle;
    char *db_url;
    int max, n_running;
    int64_t keep, next_id;
    atomic_bool stopping;
    struct job **items; /* max slots, NULL when free */
};

static int64_t now_s(void)
{
    return (int64_t)time(NULL);
}

struct jobs *jobs_new(const char *db_url, int max, int64_t keep_seconds)
{
    struct jobs *js = xmalloc(sizeof *js);
    memset(js, 0, sizeof *js);
    pthread_mutex_init(&js->lock, NULL);
    pthread_cond_init(&js->idle, NULL);
    js->db_url = xstrdup(db_url);
    js->max = max;
    js->keep = keep_seconds;
    js->next_id = 1;
    atomic_init(&js->stopping, false);
    js->items = xmalloc(sizeof *js->items * (size_t)max);
    memset(js->items, 0, sizeof *js->items * (size_t)max);
    return js;
}

static void job_free(struct job *j)
{
    free(j->json);
    strbuf_free(&j->file);
    free(j);
}

void jobs_free(struct jobs *js)
{
    if (!js) {
        return;
    }
    atomic_store(&js->stopping, true);
    pthread_mutex_lock(&js->lock);
    while (js->n_running > 0) {
        pthread_cond_wait(&js->idle, &js->lock);
    }
    pthread_mutex_unlock(&js->lock);
    for (int i = 0; i < js->max; i++) {
        if (js->items[i]) {
            job_free(js->items[i]);
        }
    }
    free(js->items);
    free(js->db_url);
    pthread_mutex_destroy(&js->lock);
    pthread_cond_destroy(&js->idle);
    free(js);
}

const char *job_db_url(const struct job *j)
{
    return j->js->db_url;
}

static void *run(void *p)
{
    struct job *j = p;
    struct db *db = NULL;
    char err[300];
    if (db_open(j->js->db_url, false, &db, err, sizeof err) != DB_OK) {
        log_error("job %lld: cannot open the database: %s", (long long)j->id,
                  err);
        job_finish(j, true, "{\"error\":\"database\"}", NULL);
    } else {
        j->fn(j, db, j->arg);
        db_close(db);
    }
    if (j->free_arg) {
        j->free_arg(j->arg);
    }
    struct jobs *js = j->js;
    pthread_mutex_lock(&js->lock);
    j->running = false;
    j->finished_at = now_s();
    js->n_running--;
    pthread_cond_broadcast(&js->idle);
    pthread_mutex_unlock(&js->lock);
    return NULL;
}

int64_t jobs_start(struct jobs *js, int64_t owner, job_fn fn, void *arg,
                   void (*free_arg)(void *))
{
    pthread_mutex_lock(&js->lock);
    /* A free slot, or the finished job that has waited longest. */
    int slot = -1;
    int64_t oldest = INT64_MAX;
    for (int i = 0; i < js->max; i++) {
        struct job *o = js->items[i];
        if (!o) {
            slot = i;
            break;
        }
        if (!o->running && o->finished_at < oldest) {
            oldest = o->finished_at;
            slot = i;
        }
    }
    if (slot < 0 || atomic_load(&js->stopping)) {
        pthread_mutex_unlock(&js->lock);
        return 0;
    }
    if (js->items[slot]) {
        job_free(js->items[slot]);
        js->items[slot] = NULL;
    }
    struct job *j = xmalloc(sizeof *j);
    memset(j, 0, sizeof *j);
    j->js = js;
    j->id = js->next_id++;
    j->owner = owner;
    j->fn = fn;
    j->arg = arg;
    j->free_arg = free_arg;
    j->running = true;
    atomic_init(&j->done, 0);
    atomic_init(&j->total, 0);
    strbuf_init(&j->file);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&j->thread, &attr, run, j) != 0) {
        pthread_attr_destroy(&attr);
        pthread_mutex_unlock(&js->lock);
        job_free(j);
        return 0;
    }
    pthread_attr_destroy(&attr);
    js->items[slot] = j;
    js->n_running++;
    int64_t id = j->id;
    pthread_mutex_unlock(&js->lock);
    return id;
}

void job_progress(struct job *j, size_t done, size_t total)
{
    atomic_store(&j->total, total);
    atomic_store(&j->done, done);
}

bool job_cancelled(struct job *j)
{
    return atomic_load(&j->js->stopping);
}

void job_finish(struct job *j, bool failed, const char *json,
                struct strbuf *file)
{
    pthread_mutex_lock(&j->js->lock);
    j->failed = failed;
    free(j->json);
    j->json = json ? xstrdup(json) : NULL;
    if (file) {
        strbuf_free(&j->file);
        j->file = *file;
        strbuf_init(file);
    }
    pthread_mutex_unlock(&j->js->lock);
}

bool jobs_view(struct jobs *js, int64_t id, int64_t owner, bool with_file,
               struct job_view *out)
{
    memset(out, 0, sizeof *out);
    bool found = false;
    pthread_mutex_lock(&js->lock);
    for (int i = 0; i < js->max; i++) {
        struct job *j = js->items[i];
        if (!j || j->id != id || j->owner != owner) {
            continue;
        }
        if (!j->running && now_s() - j->finished_at > js->keep) {
            break; /* expired */
        }
        found = true;
        out->status = j->running ? "running" : j->failed ? "failed" : "done";
        out->done = atomic_load(&j->done);
        out->total = atomic_load(&j->total);
        out->json = !j->running && j->json ? xstrdup(j->json) : NULL;
        if (with_file && !j->running && j->file.len) {
            out->file = xmalloc(j->file.len);
            memcpy(out->file, j->file.buf, j->file.len);
            out->file_len = j->file.len;
        }
        break;
    }
    pthread_mutex_unlock(&js->lock);
    return found;
}

void job_view_free(struct job_view *v)
{
    free(v->json);
    free(v->file);
    memset(v, 0, sizeof *v);
}
