/* libFuzzer target: the ID-number validator. A number it accepts must
 * come back as 18 characters with the right check character, and parse
 * again to the same result. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/id_number.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64) {
        return 0;
    }
    char buf[65];
    memcpy(buf, data, size);
    buf[size] = 0;
    struct id_number id, again;
    if (id_number_parse(buf, "2026-11-29", &id) != MSG_COUNT_) {
        return 0;
    }
    if (strlen(id.number) != 18 ||
        id_number_check_char(id.number) != id.number[17] ||
        id_number_parse(id.number, "2026-11-29", &again) != MSG_COUNT_ ||
        strcmp(again.number, id.number) != 0 ||
        strcmp(again.birth_date, id.birth_date) != 0 ||
        again.sex != id.sex) {
        abort();
    }
    char masked[19];
    id_number_mask(id.number, masked);
    if (strlen(masked) != 18 || strncmp(masked + 4, "**********", 10)) {
        abort();
    }
    return 0;
}
