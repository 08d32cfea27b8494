#include "yuan.h"

#include <stdio.h>

const char *yuan_text(struct arena *a, int64_t fen)
{
    /* Unsigned, so that the smallest fen has a magnitude too; the sign
     * is written once (a balance of -50 fen is -0.50, not 0.-50). */
    uint64_t v = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    return arena_printf(a, "%s%llu.%02llu", fen < 0 ? "-" : "",
                        (unsigned long long)(v / 100),
                        (unsigned long long)(v % 100));
}

const char *yuan_grouped(struct arena *a, int64_t fen)
{
    uint64_t v = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    char digits[24], grouped[40];
    int n = snprintf(digits, sizeof digits, "%llu",
                     (unsigned long long)(v / 100));
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            grouped[k++] = ',';
        }
        grouped[k++] = digits[i];
    }
    grouped[k] = 0;
    return arena_printf(a, "%s%s.%02llu", fen < 0 ? "-" : "", grouped,
                        (unsigned long long)(v % 100));
}
