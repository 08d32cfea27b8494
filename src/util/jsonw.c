#include "jsonw.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"

void jsonw_init(struct jsonw *w, struct strbuf *out)
{
    w->out = out;
    w->depth = 0;
    w->need_comma[0] = false;
}

/* Called before every value: a comma when a sibling came before. */
static void before_value(struct jsonw *w)
{
    if (w->need_comma[w->depth]) {
        strbuf_addc(w->out, ',');
    }
    w->need_comma[w->depth] = true;
}

static void open(struct jsonw *w, char c)
{
    before_value(w);
    strbuf_addc(w->out, c);
    assert(w->depth + 1 < JSONW_MAX_DEPTH);
    w->depth++;
    w->need_comma[w->depth] = false;
}

static void close_(struct jsonw *w, char c)
{
    assert(w->depth > 0);
    w->depth--;
    strbuf_addc(w->out, c);
}

void jsonw_obj_open(struct jsonw *w)
{
    open(w, '{');
}

void jsonw_obj_close(struct jsonw *w)
{
    close_(w, '}');
}

void jsonw_arr_open(struct jsonw *w)
{
    open(w, '[');
}

void jsonw_arr_close(struct jsonw *w)
{
    close_(w, ']');
}

static bool plain_char(unsigned char c)
{
    return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
}

/* The length of s's first run that needs no escaping. */
static size_t plain_run(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && plain_char((unsigned char)s[i])) {
        i++;
    }
    return i;
}

/* lead (0: none), then "s" and tail, in one write: most strings and
 * every key need no escaping, and a response is thousands of them. */
static bool put_plain(struct strbuf *out, char lead, const char *s,
                      size_t n, const char *tail, size_t tn)
{
    if (plain_run(s, n) != n) {
        return false;
    }
    strbuf_reserve(out, n + tn + 3);
    char *p = out->buf + out->len;
    if (lead) {
        *p++ = lead;
    }
    *p++ = '"';
    memcpy(p, s, n);
    p += n;
    *p++ = '"';
    memcpy(p, tail, tn);
    p += tn;
    *p = 0;
    out->len = (size_t)(p - out->buf);
    return true;
}

static void put_escaped(struct strbuf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (put_plain(out, 0, s, n, "", 0)) {
        return;
    }
    size_t start = 0;
    strbuf_addc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (plain_char(c)) {
            continue;
        }
        strbuf_add(out, s + start, i - start);
        start = i + 1;
        switch (c) {
        case '"':
            strbuf_add(out, "\\\"", 2);
            break;
        case '\\':
            strbuf_add(out, "\\\\", 2);
            break;
        case '\n':
            strbuf_add(out, "\\n", 2);
            break;
        case '\r':
            strbuf_add(out, "\\r", 2);
            break;
        case '\t':
            strbuf_add(out, "\\t", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            strbuf_add(out, u, 6);
        }
        }
    }
    strbuf_add(out, s + start, n - start);
    strbuf_addc(out, '"');
}

void jsonw_key(struct jsonw *w, const char *key)
{
    bool comma = w->need_comma[w->depth];
    if (!put_plain(w->out, comma ? ',' : 0, key, strlen(key), ":", 1)) {
        before_value(w);
        put_escaped(w->out, key, strlen(key));
        strbuf_addc(w->out, ':');
    }
    /* the value that follows must not add another comma */
    w->need_comma[w->depth] = false;
}

static void after_key_value(struct jsonw *w)
{
    before_value(w);
}

void jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
    after_key_value(w);
    put_escaped(w->out, s, n);
}

void jsonw_str(struct jsonw *w, const char *s)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    jsonw_strn(w, s, strlen(s));
}

void jsonw_int(struct jsonw *w, int64_t v)
{
    after_key_value(w);
    /* By hand: snprintf was a tenth of a task list's time. */
    char tmp[24];
    char *end = tmp + sizeof tmp, *p = end;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) {
        *--p = '-';
    }
    strbuf_add(w->out, p, (size_t)(end - p));
}

void jsonw_bool(struct jsonw *w, bool v)
{
    after_key_value(w);
    strbuf_adds(w->out, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w)
{
    after_key_value(w);
    strbuf_adds(w->out, "null");
}

void jsonw_raw(struct jsonw *w, const char *json)
{
    after_key_value(w);
    strbuf_adds(w->out, json);
}

void jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    jsonw_str(w, s);
}

void jsonw_kint(struct jsonw *w, const char *key, int64_t v)
{
    jsonw_key(w, key);
    jsonw_int(w, v);
}

void jsonw_kbool(struct jsonw *w, const char *key, bool v)
{
    jsonw_key(w, key);
    jsonw_bool(w, v);
}

void jsonw_doc_open(struct jsonw_doc *d)
{
    strbuf_init(&d->sb);
    jsonw_init(&d->w, &d->sb);
    jsonw_obj_open(&d->w);
}

char *jsonw_doc_close(struct jsonw_doc *d, struct arena *a)
{
    jsonw_obj_close(&d->w);
    char *out = arena_strdup(a, d->sb.buf ? d->sb.buf : "");
    strbuf_free(&d->sb);
    return out;
}
