#include "yuan.h"

const char *yuan_text(struct arena *a, int64_t fen)
{
    /* Unsigned, so that the smallest fen has a magnitude too; the sign
     * is written once (a balance of -50 fen is -0.50, not 0.-50). */
    uint64_t v = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    return arena_printf(a, "%s%llu.%02llu", fen < 0 ? "-" : "",
                        (unsigned long long)(v / 100),
                        (unsigned long long)(v % 100));
}
