#include "lookup_memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

/* Open addressing, linear probing; kept at most half full. */
struct lookup_memo {
    struct memo_entry *slots;
    size_t cap, n;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    }
    return h;
}

static struct memo_entry *slot_of(struct memo_entry *slots, size_t cap,
                                  const char *key)
{
    size_t i = (size_t)(hash(key) & (cap - 1));
    while (slots[i].key && strcmp(slots[i].key, key) != 0) {
        i = (i + 1) & (cap - 1);
    }
    return &slots[i];
}

struct lookup_memo *lookup_memo_new(void)
{
    struct lookup_memo *m = xcalloc(1, sizeof *m);
    m->cap = 64;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    return m;
}

void lookup_memo_free(struct lookup_memo *m)
{
    if (!m) {
        return;
    }
    for (size_t i = 0; i < m->cap; i++) {
        free(m->slots[i].key);
        free(m->slots[i].a);
        free(m->slots[i].b);
    }
    free(m->slots);
    free(m);
}

const struct memo_entry *lookup_memo_get(const struct lookup_memo *m,
                                         const char *key)
{
    const struct memo_entry *e = slot_of(m->slots, m->cap, key);
    return e->key ? e : NULL;
}

static void grow(struct lookup_memo *m)
{
    size_t cap = m->cap * 2;
    struct memo_entry *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key) {
            *slot_of(slots, cap, m->slots[i].key) = m->slots[i];
        }
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

void lookup_memo_put(struct lookup_memo *m, const char *key, int rc,
                     const char *a, const char *b)
{
    if ((m->n + 1) * 2 > m->cap) {
        grow(m);
    }
    struct memo_entry *e = slot_of(m->slots, m->cap, key);
    if (e->key) { /* asked again: the newer answer */
        free(e->a);
        free(e->b);
    } else {
        e->key = xstrdup(key);
        m->n++;
    }
    e->rc = rc;
    e->a = a ? xstrdup(a) : NULL;
    e->b = b ? xstrdup(b) : NULL;
}
