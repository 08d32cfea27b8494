/* One table says what exists: every endpoint is a row of routes[] in
 * src/api/routes.c. The router, the OpenAPI document and the permission
 * tests all read that table, so they cannot drift apart. */
#ifndef SGZ_ROUTE_H
#define SGZ_ROUTE_H
#include <stddef.h>

#include "../core/schema.h"

struct req;

/* A handler replies exactly once, through the reply_* functions. */
typedef void (*handler_fn)(struct req *r);

struct query_param {
    const char *name;
    const char *description;      /* English */
    const char *description_zh;   /* the same in Chinese */
};

struct route {
    const char *method;           /* "GET" */
    const char *pattern;          /* "/api/v1/stations/{id}" */
    handler_fn handler;
    const char *permission;       /* "station.read"; "public" for none */
    const char *summary;          /* one line for the OpenAPI document */
    const char *summary_zh;       /* the same in Chinese */
    const struct query_param *query; /* allowed query parameters */
    /* A list paged by limit and page (both allowed then): its default
     * page size, limit being 1–200; 0: not paged (an export, a record). */
    int page_size;
    const struct schema *body;    /* request body, checked before the
                                     handler runs; NULL: no body */
    const char *tag;              /* OpenAPI grouping */
    const char *download;         /* a successful answer is a file to
                                     save, of these types; NULL: JSON */
};

extern const struct route routes[];
extern const size_t routes_count;

#define ROUTE_MAX_PARAMS 4

struct route_match {
    const struct route *route;    /* NULL: no route for path and method */
    const char *params[ROUTE_MAX_PARAMS]; /* into a copy of the path */
    int nparams;
    char allow[64];               /* methods the path has, for 405 */
};

/* Matches method and path (no query string) against the table. path is
 * modified in place ('/' → NUL) and params point into it. */
void router_match(const struct route *table, size_t n, const char *method,
                  char *path, struct route_match *m);

#endif
