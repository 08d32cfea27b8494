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
    const char *last = NULL; /* the value just put, when nothing followed */
    while (*p) {
        int hit = -1;
        for (int i = 0; i < NAME_LEVELS && *p == '{'; i++) {
            if (strncmp(p, placeholders[i], strlen(placeholders[i])) == 0) {
                hit = i;
            }
        }
        if (hit < 0) {
            strbuf_addc(&sb, *p++);
            last = NULL;
            continue;
        }
        const char *v = names[hit];
        /* "{county}{township}" for 攸县工业园 must not say 攸县 twice. */
        if (v && last && strncmp(v, last, strlen(last)) == 0) {
            v += strlen(last);
        }
        if (v) {
            strbuf_adds(&sb, v);
        }
        last = names[hit];
        p += strlen(placeholders[hit]);
    }
    char *out = arena_strdup(a, sb.buf ? sb.buf : "");
    strbuf_free(&sb);
    return out;
}
