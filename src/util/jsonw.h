/* Writes JSON text straight into a strbuf. Faster than building a jansson
 * tree for every response (about half the cost of a list request was the
 * tree), and the only way sgz produces JSON output.
 *
 * The writer tracks commas itself: call jsonw_key() before each member
 * value inside an object, nothing between array elements. */
#ifndef SGZ_JSONW_H
#define SGZ_JSONW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

#define JSONW_MAX_DEPTH 32

struct jsonw {
    struct strbuf *out;
    int depth;
    bool need_comma[JSONW_MAX_DEPTH];
};

void jsonw_init(struct jsonw *w, struct strbuf *out);
void jsonw_obj_open(struct jsonw *w);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w);
void jsonw_arr_close(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_str(struct jsonw *w, const char *s);     /* NULL writes null */
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
void jsonw_raw(struct jsonw *w, const char *json);  /* trusted JSON text */

/* Shorthands for "key": value. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, int64_t v);
void jsonw_kbool(struct jsonw *w, const char *key, bool v);

/* One JSON object written into a buffer of its own and kept in an arena,
 * as an audit row's detail is: jsonw_doc_open() writes "{" (members go
 * through d.w), jsonw_doc_close() writes "}", copies the text into a and
 * frees the buffer. */
struct arena;
struct jsonw_doc {
    struct strbuf sb;
    struct jsonw w;
};
void jsonw_doc_open(struct jsonw_doc *d);
char *jsonw_doc_close(struct jsonw_doc *d, struct arena *a);

#endif
