/* Strict UTF-8 checks for bytes that come from outside. */
#ifndef SGZ_UTF8_H
#define SGZ_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF) and has no NUL or other C0 control byte except
 * tab, CR and LF when allow_newlines is set. */
bool utf8_valid(const char *s, size_t n, bool allow_newlines);

/* Number of code points in a string already known to be valid. */
size_t utf8_chars(const char *s, size_t n);

/* Whether s holds whitespace: ASCII's, or the ideographic space U+3000
 * that a Chinese input method types. */
bool utf8_has_space(const char *s);

/* Whether s is empty or only whitespace: ASCII's, the no-break space
 * U+00A0 and the ideographic space U+3000. */
bool utf8_blank(const char *s);

/* Whether s holds a full-width form of an ASCII character (U+FF01 to
 * U+FF5E: １, Ｘ, －), which a Chinese input method types for digits. */
bool utf8_has_fullwidth(const char *s);

#endif
