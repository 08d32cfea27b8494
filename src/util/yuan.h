/* Fen as the yuan a sheet or a message shows: "1234.50", "-0.50". */
#ifndef SGZ_YUAN_H
#define SGZ_YUAN_H
#include <stdint.h>

#include "arena.h"

const char *yuan_text(struct arena *a, int64_t fen);

#endif
