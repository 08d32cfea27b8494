#include "body.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../core/msg.h"
#include "../util/utf8.h"

/* Deeper nesting than any sgz body needs is refused before parsing, so a
 * hostile body cannot make the parser recurse deeply. */
static bool depth_ok(const char *s, size_t n)
{
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > BODY_MAX_DEPTH) {
                return false;
            }
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return true;
}

/* A member of an object schema by its name as the body spells it. */
static const struct schema *member(const struct schema *obj, const char *key,
                                   size_t len)
{
    if (!obj || obj->type != S_OBJECT) {
        return NULL;
    }
    for (const struct schema *f = obj->fields; f && f->name; f++) {
        if (strlen(f->name) == len && memcmp(f->name, key, len) == 0) {
            return f;
        }
    }
    return NULL;
}

/* Where a body the parser refused went wrong at byte pos (a byte that is
 * no UTF-8, a number past 64 bits) is named as a member, like the
 * schema's own errors ("members[1].name", and its label), by reading the
 * text up to pos. False when pos is not inside a member's value (a key,
 * or between members): the caller's error then names no field. */
static bool error_at(const struct schema *s, const char *b, size_t pos,
                     enum msg_id msg, struct schema_errors *errs)
{
    struct frame {
        bool object, in_value;
        const char *key;
        size_t key_len;
        int index;
    } f[BODY_MAX_DEPTH];
    int depth = 0;
    for (size_t i = 0; i < pos; i++) {
        struct frame *top = depth > 0 ? &f[depth - 1] : NULL;
        char c = b[i];
        if (c == '"') {
            size_t j = i + 1;
            while (j < pos && b[j] != '"') {
                j += b[j] == '\\' ? 2 : 1;
            }
            if (j >= pos) {
                break; /* the flaw is inside this string */
            }
            if (top && top->object && !top->in_value) {
                top->key = b + i + 1;
                top->key_len = j - i - 1;
            }
            i = j;
        } else if (c == '{' || c == '[') {
            if (depth == BODY_MAX_DEPTH) {
                return false;
            }
            f[depth++] = (struct frame){.object = c == '{'};
        } else if (c == '}' || c == ']') {
            depth -= depth > 0;
        } else if (c == ':' && top) {
            top->in_value = true;
        } else if (c == ',' && top) {
            top->in_value = false;
            top->key = NULL;
            top->index++;
        }
    }
    char path[sizeof errs->e[0].path] = "";
    size_t used = 0;
    const struct schema *node = s;
    for (int k = 0; k < depth; k++) {
        int n;
        if (f[k].object) {
            if (!f[k].key || !f[k].in_value) {
                return false;
            }
            node = member(node, f[k].key, f[k].key_len);
            n = snprintf(path + used, sizeof path - used, "%s%.*s",
                         used ? "." : "", (int)f[k].key_len, f[k].key);
        } else {
            node = node && node->type == S_ARRAY ? node->fields : NULL;
            n = snprintf(path + used, sizeof path - used, "[%d]", f[k].index);
        }
        if (n < 0 || (size_t)n >= sizeof path - used) {
            return false;
        }
        used += (size_t)n;
    }
    if (used == 0) {
        return false;
    }
    schema_error_add(errs, path, msg, node ? node->label_zh : NULL,
                     node ? node->label_en : NULL);
    return true;
}

enum body_result body_check(const struct schema *s, const char *bytes,
                            size_t len, json_t **out,
                            struct schema_errors *errs)
{
    *out = NULL;
    errs->count = 0;
    if (len == 0) {
        /* No body is an empty object where every member is optional
         * (POST …/deactivate with If-Match); else it is an error. */
        for (const struct schema *f = s->fields; f && f->name; f++) {
            if (f->required) {
                return BODY_EMPTY;
            }
        }
        *out = json_object();
        return BODY_OK;
    }
    size_t bad = utf8_invalid_at(bytes, len, true);
    if (bad < len) {
        return error_at(s, bytes, bad, MSG_BAD_UTF8, errs) ? BODY_INVALID
                                                           : BODY_BAD_UTF8;
    }
    if (!depth_ok(bytes, len)) {
        return BODY_TOO_DEEP;
    }
    json_error_t jerr;
    /* A \u0000 (text pasted from a PDF) is let through the parser so that
     * the schema, which refuses it in every string, names the field;
     * nothing unchecked by the schema reaches a handler. */
    json_t *v = json_loadb(bytes, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
                           &jerr);
    if (!v) {
        if (json_error_code(&jerr) != json_error_numeric_overflow) {
            return BODY_BAD_JSON;
        }
        return jerr.position > 0 && (size_t)jerr.position <= len &&
                       error_at(s, bytes, (size_t)jerr.position,
                                MSG_OUT_OF_RANGE, errs)
                   ? BODY_INVALID
                   : BODY_NUMBER_TOO_BIG;
    }
    if (schema_check(s, v, errs) > 0) {
        json_decref(v);
        return BODY_INVALID;
    }
    *out = v;
    return BODY_OK;
}
