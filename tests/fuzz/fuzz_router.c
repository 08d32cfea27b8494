/* libFuzzer target: method and path (split at the first space) through
 * the router and the real route table. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) {
        return 0;
    }
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = 0;
    char *space = memchr(buf, ' ', size);
    const char *method = "GET";
    char *path = buf;
    if (space) {
        *space = 0;
        method = buf;
        path = space + 1;
    }
    size_t path_len = strlen(path);
    struct route_match m;
    router_match(routes, routes_count, method, path, &m);
    if (m.route) {
        /* parameters point inside the path (split in place by NULs) */
        for (int i = 0; i < m.nparams; i++) {
            if (m.params[i] < path || m.params[i] > path + path_len) {
                abort();
            }
        }
    }
    free(buf);
    return 0;
}
