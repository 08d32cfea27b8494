#include "region_code.h"

#include <string.h>

#include "../util/parse.h"

enum region_level region_level_of(const char *code)
{
    if (!code || !parse_all_digits(code)) {
        return LEVEL_NONE;
    }
    switch (strlen(code)) {
    case 2:
        return LEVEL_PROVINCE;
    case 4:
        return LEVEL_CITY;
    case 6:
        return LEVEL_COUNTY;
    case 9:
        return LEVEL_TOWNSHIP;
    case 12:
        return LEVEL_VILLAGE;
    default:
        return LEVEL_NONE;
    }
}

bool region_code_valid(const char *code)
{
    return region_level_of(code) != LEVEL_NONE;
}

static const struct {
    enum region_level level;
    const char *name;
} names[] = {
    {LEVEL_PROVINCE, "province"}, {LEVEL_CITY, "city"},
    {LEVEL_COUNTY, "county"},     {LEVEL_TOWNSHIP, "township"},
    {LEVEL_VILLAGE, "village"},
};

const char *region_level_name(enum region_level level)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].level == level) {
            return names[i].name;
        }
    }
    return "none";
}

enum region_level region_level_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(names[i].name, name) == 0) {
            return names[i].level;
        }
    }
    return LEVEL_NONE;
}

int region_parent_len(enum region_level level)
{
    switch (level) {
    case LEVEL_CITY:
        return 2;
    case LEVEL_COUNTY:
        return 4;
    case LEVEL_TOWNSHIP:
        return 6;
    case LEVEL_VILLAGE:
        return 9;
    default:
        return 0;
    }
}

bool region_is_zone(const char *code)
{
    if (region_level_of(code) != LEVEL_TOWNSHIP) {
        return false;
    }
    int n = (code[6] - '0') * 100 + (code[7] - '0') * 10 + (code[8] - '0');
    return n >= 400 && n <= 599;
}

void region_code_upper(const char *prefix, char out[13])
{
    size_t n = strlen(prefix);
    if (n > 12) {
        n = 12;
    }
    memcpy(out, prefix, n);
    memset(out + n, '9', 12 - n);
    out[12] = 0;
}
