#include "static_files.h"

#include <string.h>

#include "../util/embedded.h"
#include "reply.h"
#include "request.h"

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(dot, types[i].ext) == 0) {
            return types[i].type;
        }
    }
    return "application/octet-stream";
}

bool static_serve(struct req *r)
{
    if ((strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) ||
        strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/api") == 0) {
        return false;
    }
    const struct embedded_file *index = embedded_find("web/index.html");
    if (!index) {
        return false; /* built without the UI */
    }
    /* Only plain paths: no "..", no doubled slashes, no backslashes. */
    if (strstr(r->path, "..") || strstr(r->path, "//") ||
        strchr(r->path, '\\')) {
        return false;
    }
    const char *name = arena_printf(r->arena, "web%s", r->path);
    const struct embedded_file *f =
        strcmp(r->path, "/") == 0 ? index : embedded_find(name);
    bool hashed = strncmp(r->path, "/assets/", 8) == 0;
    if (!f) {
        const char *last = strrchr(r->path, '/');
        if (hashed || strchr(last, '.')) {
            return false; /* a missing file, not a UI route */
        }
        f = index;
    }
    reply_static(r, f->data, f->len, type_of(f->name),
                 hashed ? "public, max-age=31536000, immutable" : "no-cache");
    return true;
}
