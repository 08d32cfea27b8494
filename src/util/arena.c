#include "arena.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct block {
    struct block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

struct arena {
    struct block *head;
    size_t first;
    size_t total;
};

static struct block *block_new(size_t size)
{
    struct block *b = xmalloc(sizeof *b + size);
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

struct arena *arena_new(size_t first_block)
{
    struct arena *a = xmalloc(sizeof *a);
    a->first = first_block ? first_block : 4096;
    a->head = block_new(a->first);
    a->total = 0;
    return a;
}

void arena_free(struct arena *a)
{
    if (!a) {
        return;
    }
    struct block *b = a->head;
    while (b) {
        struct block *n = b->next;
        free(b);
        b = n;
    }
    free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n) {
        abort();
    }
    struct block *b = a->head;
    if (b->size - b->used < need) {
        size_t size = b->size * 2;
        if (size < need) {
            size = need;
        }
        b = block_new(size);
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += need;
    a->total += need;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        abort();
    }
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t arena_used(const struct arena *a)
{
    return a->total;
}

void *arena_grow(struct arena *a, void *arr, size_t n, size_t *cap,
                 size_t elem)
{
    if (n < *cap) {
        return arr;
    }
    size_t more = *cap ? *cap * 2 : 8;
    void *bigger = arena_alloc(a, more * elem);
    if (n) {
        memcpy(bigger, arr, n * elem);
    }
    *cap = more;
    return bigger;
}
