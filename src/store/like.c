#include "like.h"

#include <string.h>

const char *like_prefix(struct arena *a, const char *text)
{
    size_t n = strlen(text);
    char *out = arena_alloc(a, 2 * n + 2);
    char *o = out;
    for (const char *p = text; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') {
            *o++ = '\\';
        }
        *o++ = *p;
    }
    *o++ = '%';
    *o = 0;
    return out;
}
