#include "body.h"

#include <stdbool.h>

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
    if (!utf8_valid(bytes, len, true)) {
        return BODY_BAD_UTF8;
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
        return json_error_code(&jerr) == json_error_numeric_overflow
                   ? BODY_NUMBER_TOO_BIG
                   : BODY_BAD_JSON;
    }
    if (schema_check(s, v, errs) > 0) {
        json_decref(v);
        return BODY_INVALID;
    }
    *out = v;
    return BODY_OK;
}
