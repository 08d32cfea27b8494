/* Per-request bump allocator: every allocation lives until arena_free().
 * Out of memory aborts: a half-built response is worse than a restart. */
#ifndef SGZ_ARENA_H
#define SGZ_ARENA_H
#include <stddef.h>

struct arena;

struct arena *arena_new(size_t first_block);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);          /* zeroed, aligned 16 */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t arena_used(const struct arena *a);
/* Room for element n of an array in the arena that holds *cap: arr itself,
 * or (when n == *cap) a copy twice as large; the old copy stays in the
 * arena until it is freed. */
void *arena_grow(struct arena *a, void *arr, size_t n, size_t *cap,
                 size_t elem);

#endif
