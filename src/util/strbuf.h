/* Growable byte buffer, always NUL-terminated. Owned by whoever made it;
 * strbuf_free() releases it, strbuf_steal() hands the bytes over. */
#ifndef SGZ_STRBUF_H
#define SGZ_STRBUF_H
#include <stddef.h>

struct strbuf {
    char *buf;
    size_t len, cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Room for extra more bytes and the NUL: what a writer that fills
 * buf + len itself (and then sets len and the NUL) asks for first. */
void strbuf_reserve(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *strbuf_steal(struct strbuf *sb);

#endif
