#include "route.h"

#include <string.h>

#define MAX_SEGMENTS 16

/* Splits path on '/' in place, noting each segment's length; returns the
 * segment count, -1 when it has too many or an empty segment (a doubled
 * or trailing slash). */
static int split(char *path, char **seg, size_t *len)
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
        char *slash = strchr(p, '/');
        len[n] = slash ? (size_t)(slash - p) : strlen(p);
        if (len[n] == 0) {
            return -1;
        }
        seg[n++] = p;
        if (!slash) {
            break;
        }
        *slash = 0;
        p = slash + 1;
        if (*p == 0) {
            return -1;
        }
    }
    return n;
}

/* Does pattern match the segments? Fills params when it does. Walks the
 * pattern once, byte by byte: every request tries most of the ~190
 * patterns, and each gives up at its first differing byte. */
static int match_pattern(const char *pattern, char **seg, const size_t *len,
                         int n, const char **params, int *nparams)
{
    const char *p = pattern + 1;
    int i = 0;
    *nparams = 0;
    while (*p) {
        if (i >= n) {
            return 0;
        }
        if (*p == '{') {
            if (*nparams < ROUTE_MAX_PARAMS) {
                params[(*nparams)++] = seg[i];
            }
            while (*p && *p != '/') {
                p++;
            }
        } else {
            const char *s = seg[i];
            size_t k = 0;
            while (k < len[i] && p[k] == s[k] && p[k] != '/') {
                k++;
            }
            if (k != len[i] || (p[k] != '/' && p[k] != 0)) {
                return 0;
            }
            p += k;
        }
        i++;
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
    size_t len[MAX_SEGMENTS];
    int n = split(path, seg, len);
    if (n < 0) {
        return;
    }
    for (size_t i = 0; i < count; i++) {
        const char *params[ROUTE_MAX_PARAMS];
        int np;
        if (!match_pattern(table[i].pattern, seg, len, n, params, &np)) {
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
