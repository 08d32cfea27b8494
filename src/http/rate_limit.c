#include "rate_limit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

#define SLOTS 4096

struct slot {
    char address[64];
    int64_t minute;
    int64_t count;
};

struct rate_limit {
    pthread_mutex_t mu;
    struct slot slots[SLOTS];
};

struct rate_limit *rate_limit_new(void)
{
    struct rate_limit *rl = xcalloc(1, sizeof *rl);
    pthread_mutex_init(&rl->mu, NULL);
    return rl;
}

void rate_limit_free(struct rate_limit *rl)
{
    if (rl) {
        pthread_mutex_destroy(&rl->mu);
        free(rl);
    }
}

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h = (h ^ (unsigned char)*s) * 16777619u;
    }
    return h;
}

bool rate_limit_allow(struct rate_limit *rl, const char *address,
                      int64_t limit, int64_t now, int64_t *retry_after)
{
    int64_t minute = now / 60;
    pthread_mutex_lock(&rl->mu);
    /* One slot per address hash: two addresses sharing a slot share a
     * budget, which errs on the strict side. */
    struct slot *s = &rl->slots[hash(address) % SLOTS];
    if (s->minute != minute || strcmp(s->address, address) != 0) {
        if (s->minute != minute) {
            s->count = 0;
        }
        s->minute = minute;
        snprintf(s->address, sizeof s->address, "%s", address);
    }
    bool ok = s->count < limit;
    if (ok) {
        s->count++;
    }
    pthread_mutex_unlock(&rl->mu);
    *retry_after = 60 - now % 60;
    return ok;
}
