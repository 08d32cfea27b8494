/* Files compiled into the binary by tools/embed.c. */
#ifndef SGZ_EMBEDDED_H
#define SGZ_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
    const char *name;              /* e.g. "profiles/youxian.json" */
    const unsigned char *data;     /* followed by a NUL byte */
    size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

const struct embedded_file *embedded_find(const char *name);

#endif
