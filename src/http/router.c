#include "route.h"

#include <string.h>

#define MAX_SEGMENTS 16

/* Splits path on '/' in place; returns the segment count, -1 when it has
 * too many or an empty segment (a doubled or trailing slash). */
static int split(char *path, char **seg)
{
    int n = 0;
    if (*path != '/') {
        return -1;
    }
    char *p = path + 1;
    if (*p == 0) {
        return 0;
    }
    for (;;) {
        if (n == MAX_SEGMENTS) {
            return -1;
        }
        seg[n++] = p;
        char *slash = strchr(p, '/');
        if (!slash) {
            break;
        }
        *slash = 0;
        p = slash + 1;
        if (*p == 0) {
            return -1;
        }
    }
    for (int i = 0; i < n; i++) {
        if (*seg[i] == 0) {
            return -1;
        }
    }
    return n;
}

/* Does pattern match the segments? Fills params when it does. */
static int match_pattern(const char *pattern, char **seg, int n,
                         const char **params, int *nparams)
{
    const char *p = pattern + 1;
    int i = 0;
    *nparams = 0;
    while (*p) {
        if (i >= n) {
            return 0;
        }
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (*p == '{') {
            if (*nparams < ROUTE_MAX_PARAMS) {
                params[(*nparams)++] = seg[i];
            }
        } else if (strlen(seg[i]) != len || memcmp(seg[i], p, len) != 0) {
            return 0;
        }
        i++;
        p += len;
        if (*p == '/') {
            p++;
        }
    }
    return i == n;
}

void router_match(const struct route *table, size_t count, const char *method,
                  char *path, struct route_match *m)
{
    memset(m, 0, sizeof *m);
    char *seg[MAX_SEGMENTS];
    int n = split(path, seg);
    if (n < 0) {
        return;
    }
    for (size_t i = 0; i < count; i++) {
        const char *params[ROUTE_MAX_PARAMS];
        int np;
        if (!match_pattern(table[i].pattern, seg, n, params, &np)) {
            continue;
        }
        if (strcmp(table[i].method, method) == 0) {
            m->route = &table[i];
            memcpy(m->params, params, sizeof params);
            m->nparams = np;
            return;
        }
        size_t used = strlen(m->allow);
        if (used + strlen(table[i].method) + 3 < sizeof m->allow) {
            if (used) {
                strcat(m->allow, ", ");
            }
            strcat(m->allow, table[i].method);
        }
    }
}
