#include "station_name.h"

#include <string.h>

#include "../util/strbuf.h"

static const char *const placeholders[NAME_LEVELS] = {
    "{province}", "{city}", "{county}", "{township}", "{village}"};

char *station_name_render(struct arena *a, const char *pattern,
                          const char *const names[NAME_LEVELS])
{
    struct strbuf sb;
    strbuf_init(&sb);
    const char *p = pattern;
    while (*p) {
        int hit = -1;
        for (int i = 0; i < NAME_LEVELS && *p == '{'; i++) {
            if (strncmp(p, placeholders[i], strlen(placeholders[i])) == 0) {
                hit = i;
            }
        }
        if (hit < 0) {
            strbuf_addc(&sb, *p++);
            continue;
        }
        if (names[hit]) {
            strbuf_adds(&sb, names[hit]);
        }
        p += strlen(placeholders[hit]);
    }
    char *out = arena_strdup(a, sb.buf ? sb.buf : "");
    strbuf_free(&sb);
    return out;
}
