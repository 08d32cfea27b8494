/* Pinyin of people's names, for search (typing "zs" or "zhangsan" finds
 * 张三) and for the pinyin sort order Chinese users expect. The readings
 * come from the npm package pinyin-pro, turned into a C table at build
 * time (tools/gen_pinyin.mjs); a name's first character takes its
 * surname reading (单 shan, 曾 zeng), and in the pinyin and initials a
 * compound surname its own (尉迟 yu chi, 长孙 zhang sun). ü is written v
 * (吕 lv). */
#ifndef SGZ_PINYIN_H
#define SGZ_PINYIN_H
#include <stddef.h>

/* The reading of one code point, NULL when it has none. */
const char *pinyin_of(unsigned cp, int as_surname);
/* Full pinyin ("zhangsan") and initials ("zs") of a UTF-8 name into
 * full and initials (each at least 7 × the name's length + 1 bytes).
 * Latin letters and digits are kept in lower case; characters without a
 * reading and punctuation (·, spaces) are skipped. */
void pinyin_name(const char *name, char *full, size_t full_len,
                 char *initials, size_t initials_len);
/* The key a list sorted by name is ordered by, into key (at least 4 ×
 * strlen(name) + 1 bytes): each character's reading, a space, and the
 * character itself; a run of Latin letters and digits in lower case and
 * a space. Byte order of these keys is the order of a Chinese register:
 * by the first syllable (陈 chen before 程 cheng, which the full pinyin
 * "chenyang" > "chengjing" gets wrong), then by the character (all 陈
 * together, apart from 沉), then by the next syllable. Characters without
 * a reading are kept as they are (after every reading); separators (·,
 * spaces, hyphens) are skipped. */
void pinyin_sort_key(const char *name, char *key, size_t key_len);

/* The same key in memory of its own (xmalloc), which the caller frees. */
char *pinyin_sort_key_alloc(const char *name);

#endif
