#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/parse.h"
#include "../util/utf8.h"

void schema_error_add(struct schema_errors *errs, const char *path,
                      enum msg_id msg, const char *label_zh,
                      const char *label_en)
{
    if (errs->count >= SCHEMA_MAX_ERRORS) {
        return;
    }
    struct schema_error *e = &errs->e[errs->count++];
    snprintf(e->path, sizeof e->path, "%s", path);
    e->msg = msg;
    e->label_zh = label_zh;
    e->label_en = label_en;
    e->limit = 0;
    e->items = false;
}

/* A field's English name when its schema gives only the member's own
 * (station_id, opened_on, amount_fen): as a sentence begins with it
 * ("Station is required", "Amount (fen) is out of range"), not as the
 * JSON spells it. Names with spaces, paths (clients[0]) and one or two
 * letters are kept. */
static const char *english_name(const char *label, char *buf, size_t len)
{
    size_t n = strlen(label);
    if (n < 3 || n + 8 >= len) {
        return label;
    }
    for (size_t i = 0; i < n; i++) {
        char c = label[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return label;
        }
    }
    const char *unit = "";
    if (strcmp(label + n - 3, "_id") == 0) {
        n -= 3; /* station_id: the station */
    } else if (n > 4 && strcmp(label + n - 4, "_fen") == 0) {
        n -= 4;
        unit = " (fen)";
    } else if (strcmp(label + n - 3, "_m2") == 0) {
        n -= 3;
        unit = " (m²)";
    }
    for (size_t i = 0; i < n; i++) {
        buf[i] = label[i] == '_' ? ' ' : label[i];
    }
    snprintf(buf + n, len - n, "%s", unit);
    if (buf[0] >= 'a' && buf[0] <= 'z') {
        buf[0] = (char)(buf[0] - 'a' + 'A');
    }
    return buf;
}

void schema_error_text(const struct schema_error *e, enum lang lang,
                       char *buf, size_t len)
{
    const char *label = lang == LANG_EN ? e->label_en : e->label_zh;
    char named[64];
    if (lang == LANG_EN && label &&
        strncmp(msg_text(e->msg, lang), "%s", 2) == 0) {
        label = english_name(label, named, sizeof named);
    }
    msg_format(e->msg, lang, label ? label : e->path, buf, len);
    if (e->limit <= 0) {
        return;
    }
    size_t n = strlen(buf);
    bool at_least = e->msg == MSG_TOO_SHORT;
    if (lang == LANG_EN) {
        snprintf(buf + n, len - n, ": at %s %lld %s",
                 at_least ? "least" : "most", (long long)e->limit,
                 e->items ? "items" : "characters");
    } else {
        snprintf(buf + n, len - n, "，%s%lld%s", at_least ? "至少" : "最多",
                 (long long)e->limit, e->items ? "项" : "个字");
    }
}

void schema_error_format(const struct schema_error *e, enum lang lang,
                         char *buf, size_t len)
{
    char text[256];
    schema_error_text(e, lang, text, sizeof text);
    snprintf(buf, len, "%s: %s", e->path, text);
}

static void fail(struct schema_errors *errs, const struct schema *s,
                 const char *path, enum msg_id msg)
{
    /* Labels must outlive the check: a missing one falls back to the
     * error's own copy of the path when formatted. */
    schema_error_add(errs, path, msg, s->label_zh, s->label_en);
}

/* A length outside [min, max]: the error states the bound it broke. */
static void fail_length(struct schema_errors *errs, const struct schema *s,
                        const char *path, enum msg_id msg, int64_t limit,
                        bool items)
{
    int before = errs->count;
    fail(errs, s, path, msg);
    if (errs->count > before) {
        errs->e[before].limit = limit;
        errs->e[before].items = items;
    }
}

static void check_value(const struct schema *s, json_t *v, const char *path,
                        struct schema_errors *errs);

/* YYYY-MM-DD with a real month and day, its year outside parse_date's. */
static bool year_out_of_range(const char *str)
{
    if (strlen(str) != 10 || str[4] != '-' || str[7] != '-') {
        return false;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (str[i] < '0' || str[i] > '9')) {
            return false;
        }
    }
    int y = atoi(str), m = atoi(str + 5), d = atoi(str + 8);
    return (y < 1900 || y > 2199) && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static void check_string(const struct schema *s, json_t *v, const char *path,
                         struct schema_errors *errs)
{
    if (!json_is_string(v)) {
        fail(errs, s, path, MSG_WRONG_TYPE_STRING);
        return;
    }
    const char *str = json_string_value(v);
    size_t n = json_string_length(v);
    /* jansson refuses invalid UTF-8 when parsing; a \u0000 (let through,
     * http/body.c) and control characters are refused here, by field. */
    if (strlen(str) != n) {
        fail(errs, s, path, MSG_TEXT_CONTROL);
        return;
    }
    if (!utf8_valid(str, n, s->multiline)) {
        /* A line break where one line is asked for says so: "invalid
         * characters" sends the user looking for the wrong thing. */
        fail(errs, s, path,
             utf8_just_line_breaks(str, n) ? MSG_TEXT_NEWLINE : MSG_BAD_UTF8);
        return;
    }
    /* Valid, but characters a person cannot see or that turn the text
     * around on the screen: a staff name holding U+202E reads backwards
     * in every list it is in. */
    /* Nothing but zero-width characters is a field left empty, said as
     * such below. */
    enum utf8_flaw flaw = utf8_text_flaw(str, n, s->multiline);
    if (flaw != UTF8_FLAW_NONE &&
        !(flaw == UTF8_FLAW_INVISIBLE && utf8_blank(str))) {
        fail(errs, s, path, schema_flaw_msg(flaw));
        return;
    }
    if (s->type == S_DATE) {
        int y, m, d;
        if (n == 0 && s->required) {
            fail(errs, s, path, MSG_REQUIRED); /* a date left empty */
        } else if (!parse_date(str, &y, &m, &d)) {
            /* 9999-12-31 is a date, only not one sgz keeps: said so,
             * not "write it as YYYY-MM-DD", which she did. */
            fail(errs, s, path,
                 year_out_of_range(str) ? MSG_OUT_OF_RANGE : MSG_BAD_DATE);
        }
        return;
    }
    if (s->type == S_ENUM) {
        for (const char *const *e = s->enums; *e; e++) {
            if (strcmp(*e, str) == 0) {
                return;
            }
        }
        fail(errs, s, path, MSG_BAD_ENUM);
        return;
    }
    size_t chars = utf8_chars(str, n);
    int64_t max = s->max ? s->max : 200;
    /* A value that must be given is not given by spaces alone (a title
     * of "  ", a notice of blank lines), nor by zero-width characters. */
    if ((s->required || s->min > 0) && utf8_blank(str)) {
        fail(errs, s, path, MSG_REQUIRED);
        return;
    }
    /* An optional text of spaces alone says nothing: it is stored as
     * empty, not as spaces a list then prints as a value (收款人 " "). */
    if (n > 0 && s->check == NULL && utf8_blank(str)) {
        json_string_set(v, "");
        return;
    }
    if (s->required && chars == 0 && s->min == 0) {
        fail(errs, s, path, MSG_REQUIRED);
        return;
    }
    if (chars == 0 && s->min > 0) {
        fail(errs, s, path, MSG_REQUIRED);
        return;
    }
    if ((int64_t)chars < s->min) {
        fail_length(errs, s, path, MSG_TOO_SHORT, s->min, false);
        return;
    }
    if ((int64_t)chars > max) {
        fail_length(errs, s, path, MSG_TOO_LONG, max, false);
        return;
    }
    if (s->check && chars > 0 && !s->check(str)) {
        fail(errs, s, path,
             s->check_reason ? s->check_reason(str) : s->check_msg);
    }
}

static void check_object(const struct schema *s, json_t *v, const char *path,
                         struct schema_errors *errs)
{
    if (!json_is_object(v)) {
        fail(errs, s, path, *path ? MSG_WRONG_TYPE_OBJECT : MSG_NOT_OBJECT);
        return;
    }
    char sub[160];
    const char *key;
    json_t *member;
    json_object_foreach(v, key, member)
    {
        const struct schema *f = s->fields;
        while (f->name && strcmp(f->name, key) != 0) {
            f++;
        }
        snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", key);
        if (!f->name) {
            schema_error_add(errs, sub, MSG_UNKNOWN_FIELD, NULL, NULL);
            continue;
        }
        check_value(f, member, sub, errs);
    }
    for (const struct schema *f = s->fields; f->name; f++) {
        if (f->required && !json_object_get(v, f->name)) {
            snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "",
                     f->name);
            fail(errs, f, sub, MSG_REQUIRED);
        }
    }
}

static void check_array(const struct schema *s, json_t *v, const char *path,
                        struct schema_errors *errs)
{
    if (!json_is_array(v)) {
        fail(errs, s, path, MSG_WRONG_TYPE_ARRAY);
        return;
    }
    size_t n = json_array_size(v);
    if (n == 0 && s->min > 0) {
        fail(errs, s, path, MSG_REQUIRED);
        return;
    }
    if ((int64_t)n < s->min) {
        fail_length(errs, s, path, MSG_TOO_SHORT, s->min, true);
        return;
    }
    if (s->max && (int64_t)n > s->max) {
        fail_length(errs, s, path, MSG_TOO_LONG, s->max, true);
        return;
    }
    char sub[160];
    for (size_t i = 0; i < n && errs->count < SCHEMA_MAX_ERRORS; i++) {
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        check_value(&s->fields[0], json_array_get(v, i), sub, errs);
    }
    /* Said, not merged: a station listed twice hit a unique key and read
     * as "username taken". n is bounded by max. */
    for (size_t i = 1; s->distinct && i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (json_equal(json_array_get(v, i), json_array_get(v, j))) {
                snprintf(sub, sizeof sub, "%s[%zu]", path, i);
                fail(errs, s, sub, MSG_LISTED_TWICE);
                break;
            }
        }
    }
}

enum msg_id schema_flaw_msg(enum utf8_flaw flaw)
{
    static const enum msg_id msgs[] = {
        [UTF8_FLAW_NONE] = MSG_BAD_UTF8,
        [UTF8_FLAW_CONTROL] = MSG_TEXT_CONTROL,
        [UTF8_FLAW_NONCHARACTER] = MSG_TEXT_NONCHARACTER,
        [UTF8_FLAW_BIDI] = MSG_TEXT_BIDI,
        [UTF8_FLAW_LINE_BREAK] = MSG_TEXT_LINE_BREAK,
        [UTF8_FLAW_INVISIBLE] = MSG_TEXT_INVISIBLE,
    };
    return msgs[flaw];
}

/* "" where a number belongs. */
static bool empty_string(json_t *v)
{
    return json_is_string(v) && json_string_length(v) == 0;
}

static void check_value(const struct schema *s, json_t *v, const char *path,
                        struct schema_errors *errs)
{
    if (errs->count >= SCHEMA_MAX_ERRORS) {
        return;
    }
    /* null where a value belongs, or "" where a number does, is a form's
     * field left empty: said so, not "must be an integer" (a field that
     * takes null could have sent that instead of ""). */
    if (json_is_null(v)) {
        if (!s->nullable) {
            fail(errs, s, path, MSG_REQUIRED);
        }
        return;
    }
    switch (s->type) {
    case S_STRING:
    case S_DATE:
    case S_ENUM:
        check_string(s, v, path, errs);
        break;
    case S_INT:
        if (empty_string(v)) {
            fail(errs, s, path, s->nullable ? MSG_WRONG_TYPE_INT : MSG_REQUIRED);
        } else if (!json_is_integer(v)) {
            fail(errs, s, path, MSG_WRONG_TYPE_INT);
        } else if (json_integer_value(v) < s->min && s->below_msg) {
            fail(errs, s, path, s->below_msg);
        } else if (json_integer_value(v) < s->min ||
                   (s->max && json_integer_value(v) > s->max)) {
            fail(errs, s, path, MSG_OUT_OF_RANGE);
        }
        break;
    case S_NUMBER:
        if (empty_string(v)) {
            fail(errs, s, path, s->nullable ? MSG_WRONG_TYPE_INT : MSG_REQUIRED);
        } else if (!json_is_number(v)) {
            fail(errs, s, path, MSG_WRONG_TYPE_INT);
        } else if (json_number_value(v) < (double)s->min ||
                   (s->max && json_number_value(v) > (double)s->max)) {
            fail(errs, s, path, MSG_OUT_OF_RANGE);
        }
        break;
    case S_BOOL:
        if (!json_is_boolean(v)) {
            fail(errs, s, path, MSG_WRONG_TYPE_BOOL);
        }
        break;
    case S_OBJECT:
        check_object(s, v, path, errs);
        break;
    case S_ARRAY:
        check_array(s, v, path, errs);
        break;
    case S_FILE:
        break; /* not JSON: the server never gets here with one */
    }
}

int schema_check(const struct schema *s, json_t *value,
                 struct schema_errors *errs)
{
    errs->count = 0;
    check_value(s, value, "", errs);
    return errs->count;
}
