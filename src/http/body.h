/* A request body checked against its route's schema, without any HTTP:
 * the same function serves the server and the fuzzer. */
#ifndef SGZ_BODY_H
#define SGZ_BODY_H
#include <jansson.h>
#include <stddef.h>

#include "../core/schema.h"

#define BODY_MAX_DEPTH 32

enum body_result {
    BODY_OK,
    BODY_EMPTY,      /* and the schema has required members */
    BODY_BAD_UTF8,   /* outside any member's value (else BODY_INVALID) */
    BODY_TOO_DEEP,
    BODY_BAD_JSON,
    BODY_NUMBER_TOO_BIG, /* valid JSON, a number past 64 bits, where no
                            member can be named (else BODY_INVALID) */
    BODY_INVALID,    /* errs says which members */
};

/* Parses and checks len bytes. On BODY_OK *out is the parsed object (an
 * empty one for an empty body whose members are all optional), owned by
 * the caller; otherwise *out is NULL. */
enum body_result body_check(const struct schema *s, const char *bytes,
                            size_t len, json_t **out,
                            struct schema_errors *errs);

#endif
