/* Strict UTF-8 checks for bytes that come from outside. */
#ifndef SGZ_UTF8_H
#define SGZ_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF) and has no NUL or other C0 control byte except
 * tab, CR and LF when allow_newlines is set. */
bool utf8_valid(const char *s, size_t n, bool allow_newlines);
/* The offset of the first byte utf8_valid() refuses, or n. */
size_t utf8_invalid_at(const char *s, size_t n, bool allow_newlines);

/* Number of code points in a string already known to be valid. */
size_t utf8_chars(const char *s, size_t n);

/* Whether s holds whitespace: ASCII's, or the ideographic space U+3000
 * that a Chinese input method types. */
bool utf8_has_space(const char *s);

/* Whether s is empty or shows nothing: whitespace (ASCII's, the no-break
 * space U+00A0, the ideographic space U+3000, the other Unicode spaces)
 * and the zero-width characters (U+200B..U+200D, U+2060, U+FEFF). */
bool utf8_blank(const char *s);

/* What a valid UTF-8 string holds that no form's text should. */
enum utf8_flaw {
    UTF8_FLAW_NONE,
    UTF8_FLAW_CONTROL,      /* a C1 control, U+0080..U+009F */
    UTF8_FLAW_NONCHARACTER, /* U+FDD0..U+FDEF, U+xxFFFE, U+xxFFFF */
    UTF8_FLAW_BIDI,         /* U+202A..U+202E, U+2066..U+2069 */
    UTF8_FLAW_LINE_BREAK,   /* U+2028, U+2029 */
    UTF8_FLAW_INVISIBLE,    /* zero-width and other format characters */
};

/* The first flaw of s[0..n), already known to be valid UTF-8. Controls
 * and noncharacters are flaws in any text; a single-line value (a name,
 * a title) may not hold directional controls or Unicode's line and
 * paragraph separators either, while multiline text may: they are line
 * breaks where line breaks are allowed, and Uyghur or Arabic quoted in a
 * note may need its direction marked. Nor may a single-line value hold
 * characters that show nothing (a zero-width space, a soft hyphen, a
 * byte-order mark): 周\u200b敏 looks like 周敏 but is neither found by
 * that name nor seen as its duplicate. A zero-width joiner after an
 * emoji is part of the emoji and stays. */
enum utf8_flaw utf8_text_flaw(const char *s, size_t n, bool multiline);

/* Whether s holds a full-width form of an ASCII character (U+FF01 to
 * U+FF5E: １, Ｘ, －), which a Chinese input method types for digits. */
bool utf8_has_fullwidth(const char *s);
/* s with each such full-width form (and the ideographic space U+3000) as
 * its ASCII character, into out: at least strlen(s) + 1 bytes, which is
 * never too few. */
void utf8_fold_fullwidth(const char *s, char *out);

/* Whether s may be a person's name: empty (the required check says so),
 * or holding at least one letter. Digits, punctuation and symbols alone
 * ("12345", "--", "？？") are a cell typed in the wrong column or a
 * placeholder, never a name. */
bool utf8_name_ok(const char *s);
/* Whether s holds none of the symbols a name never has: a spreadsheet's
 * formula start (= + - @ first) or markup and code (< > = @ | \ { } ^ `
 * ~ $ % & * # ; anywhere). A pasted formula or tag is refused, not kept
 * in the register to be neutralised in every export. */
bool utf8_name_plain(const char *s);

/* Whether s[0..n), refused as one line of text, fails only for its line
 * breaks (CR or LF, no other control byte): a cell typed over two lines,
 * which a message says as such rather than as "invalid characters". */
bool utf8_just_line_breaks(const char *s, size_t n);

/* Drops, in place, the spaces of any width between two Han characters:
 * "王　五" and "何  英", aligned by hand in a register, are 王五 and 何英
 * (and found so); "Li Ming" keeps its space. */
void utf8_squeeze_han_spaces(char *s);

/* Where s begins once the blanks at its ends are left out (ASCII spaces,
 * tabs and line breaks, the ideographic space U+3000, the no-break space
 * U+00A0: a form or a pasted cell brings any of them); *len is what is
 * left. s may be NULL, which is the empty string. */
const char *utf8_trim(const char *s, size_t *len);

/* Whether two names are the same person's name as the form and the
 * importer keep it: ends trimmed, no spaces between Han characters. */
bool utf8_same_name(const char *x, const char *y);

#endif
