#include "session_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

#define SLOTS 1024

struct slot {
    struct cached_session e;
    uint64_t epoch;
    int64_t cached_at;
    bool used;
};

struct session_cache {
    pthread_mutex_t mu;
    struct slot slots[SLOTS];
};

struct session_cache *session_cache_new(void)
{
    struct session_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void session_cache_free(struct session_cache *c)
{
    if (c) {
        pthread_mutex_destroy(&c->mu);
        free(c);
    }
}

/* The hash is already a SHA-256 in hex: its first digits spread well. */
static struct slot *slot_of(struct session_cache *c, const char *hash)
{
    unsigned v = 0;
    for (int i = 0; i < 6 && hash[i]; i++) {
        char ch = hash[i];
        v = v * 16 + (unsigned)(ch <= '9' ? ch - '0' : ch - 'a' + 10);
    }
    return &c->slots[v % SLOTS];
}

bool session_cache_get(struct session_cache *c, const char *hash,
                       uint64_t epoch, int64_t now,
                       struct cached_session *out)
{
    pthread_mutex_lock(&c->mu);
    struct slot *s = slot_of(c, hash);
    bool hit = s->used && s->epoch == epoch &&
               now - s->cached_at < SESSION_CACHE_TTL &&
               strcmp(s->e.token_hash, hash) == 0;
    if (hit) {
        *out = s->e;
    }
    pthread_mutex_unlock(&c->mu);
    return hit;
}

void session_cache_put(struct session_cache *c, const struct cached_session *e,
                       uint64_t epoch, int64_t now)
{
    if (e->n_stations < 0) {
        return;
    }
    pthread_mutex_lock(&c->mu);
    struct slot *s = slot_of(c, e->token_hash);
    s->e = *e;
    s->epoch = epoch;
    s->cached_at = now;
    s->used = true;
    pthread_mutex_unlock(&c->mu);
}

void session_cache_touch(struct session_cache *c, const char *hash,
                         int64_t now)
{
    pthread_mutex_lock(&c->mu);
    struct slot *s = slot_of(c, hash);
    if (s->used && strcmp(s->e.token_hash, hash) == 0) {
        s->e.last_seen_at = now;
    }
    pthread_mutex_unlock(&c->mu);
}
