/* Input described, not hand-parsed: a schema says which members a JSON
 * value has, their types and limits; schema_check() reports every bad
 * member at once with its path ("station_types[2].region_level") and a
 * catalogue message. Used for API bodies and for policy profiles alike. */
#ifndef SGZ_SCHEMA_H
#define SGZ_SCHEMA_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../util/utf8.h"
#include "msg.h"

enum schema_type {
    S_STRING,  /* UTF-8 text, length in characters within [min, max] */
    S_INT,     /* integer within [min, max] */
    S_NUMBER,  /* integer or real within [min, max] */
    S_BOOL,
    S_DATE,    /* "YYYY-MM-DD", a real date */
    S_ENUM,    /* one of .enums */
    S_OBJECT,  /* members in .fields, unknown members refused */
    S_ARRAY,   /* elements described by .fields[0], length within [min, max] */
    S_FILE,    /* a route's whole body is a file (an upload), not JSON:
                  up to max_upload bytes, checked by the handler */
};

struct schema {
    const char *name;
    const char *label_zh;     /* the field's name as users read it */
    const char *label_en;
    enum schema_type type;
    bool required;
    bool nullable;
    int64_t min, max;         /* a string's max 0 means 200 characters;
                                 arrays and numbers: max 0 means no bound;
                                 min is a lower bound (0 by default) */
    const char *const *enums; /* S_ENUM: NULL-terminated */
    /* extra check on a string, and the message when it fails */
    bool (*check)(const char *s);
    enum msg_id check_msg;
    /* or, when set, the message for the value check refused */
    enum msg_id (*check_reason)(const char *s);
    bool multiline;           /* S_STRING: allow tab, CR and LF */
    bool distinct;            /* S_ARRAY: an element equal to an earlier
                                 one is refused (listed twice) */
    /* S_INT, S_NUMBER: the message for a value below min, when "out of
     * range" would not say which way (an amount of 0: MSG_NOT_POSITIVE) */
    enum msg_id below_msg;
    const struct schema *fields; /* S_OBJECT members (until name NULL),
                                    S_ARRAY: the element at fields[0] */
};

#define SCHEMA_MAX_ERRORS 16

struct schema_error {
    char path[160];
    enum msg_id msg;
    const char *label_zh, *label_en;
    int64_t limit; /* too short or too long: the bound, stated */
    bool items;    /* the bound counts an array's items, not characters */
};

struct schema_errors {
    int count;
    struct schema_error e[SCHEMA_MAX_ERRORS];
};

/* Checks value against s; returns the number of errors (0: valid). */
int schema_check(const struct schema *s, json_t *value,
                 struct schema_errors *errs);
/* The message for a flaw utf8_text_flaw() found (util/utf8.h). */
enum msg_id schema_flaw_msg(enum utf8_flaw flaw);
/* Records an error found outside the schema (a cross-field rule). */
void schema_error_add(struct schema_errors *errs, const char *path,
                      enum msg_id msg, const char *label_zh,
                      const char *label_en);
/* The message of one error in lang ("姓名太长，最多50个字"). */
void schema_error_text(const struct schema_error *e, enum lang lang,
                       char *buf, size_t len);
/* "path: message" in lang, for one error. */
void schema_error_format(const struct schema_error *e, enum lang lang,
                         char *buf, size_t len);

#endif
