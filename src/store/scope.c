#include "scope.h"

#include <string.h>

const struct scope scope_all = {.all = true};

bool scope_has_station(const struct scope *s, int64_t id,
                       const char *region_code)
{
    if (s->all) {
        return true;
    }
    if (s->region_prefix &&
        strncmp(region_code, s->region_prefix, strlen(s->region_prefix)) ==
            0) {
        return true;
    }
    for (size_t i = 0; i < s->n_stations; i++) {
        if (s->stations[i] == id) {
            return true;
        }
    }
    return false;
}
