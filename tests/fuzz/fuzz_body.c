/* libFuzzer target: request bodies against every route's body schema,
 * the way the server checks them (http/body.c). */
#include <stddef.h>
#include <stdint.h>

#include "http/body.h"
#include "http/route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < routes_count; i++) {
        if (!routes[i].body) {
            continue;
        }
        json_t *v = NULL;
        struct schema_errors errs;
        body_check(routes[i].body, (const char *)data, size, &v, &errs);
        json_decref(v);
    }
    return 0;
}
