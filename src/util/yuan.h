/* Fen as the yuan a sheet or a message shows: "1234.50", "-0.50". */
#ifndef SGZ_YUAN_H
#define SGZ_YUAN_H
#include <stdint.h>

#include "arena.h"

const char *yuan_text(struct arena *a, int64_t fen);
/* Fen as a sentence shows them, grouped by thousands ("1,234,567.89"),
 * so that a refusal and a compliance finding write an amount alike. */
const char *yuan_grouped(struct arena *a, int64_t fen);

#endif
