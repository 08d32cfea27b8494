/* Administrative division codes as the National Bureau of Statistics
 * writes them, kept at their natural length: 2 digits a province, 4 a
 * city, 6 a county, 9 a township, 12 a village. A code's prefixes are its
 * ancestors, which is what makes a data range a prefix. */
#ifndef SGZ_REGION_CODE_H
#define SGZ_REGION_CODE_H
#include <stdbool.h>

enum region_level {
    LEVEL_NONE = 0,
    LEVEL_PROVINCE = 2,
    LEVEL_CITY = 4,
    LEVEL_COUNTY = 6,
    LEVEL_TOWNSHIP = 9,
    LEVEL_VILLAGE = 12,
};

/* The level of a well-formed code, LEVEL_NONE when malformed. */
enum region_level region_level_of(const char *code);
bool region_code_valid(const char *code);
const char *region_level_name(enum region_level level); /* "county" */
enum region_level region_level_from_name(const char *name);
/* Length of the parent's code (0 for a province). */
int region_parent_len(enum region_level level);
/* The largest code below prefix: prefix padded with 9s to 12 digits, so
 * that "code >= prefix AND code <= upper" selects the prefix's region and
 * everything below it, with an index and no LIKE. out holds 13 bytes. */
void region_code_upper(const char *prefix, char out[13]);
/* Township numbers 400–599 are development zones, parks and farms. */
bool region_is_zone(const char *township_code);

#endif
