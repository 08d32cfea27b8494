/* A LIKE pattern matching text as a prefix, with %, _ and \ in text
 * escaped (use with "LIKE ? ESCAPE '\'"); in the arena. */
#ifndef SGZ_LIKE_H
#define SGZ_LIKE_H
#include "../util/arena.h"

const char *like_prefix(struct arena *a, const char *text);

#endif
