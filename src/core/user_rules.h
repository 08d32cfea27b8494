/* Rules on user accounts shared by the command line and the API. */
#ifndef SGZ_USER_RULES_H
#define SGZ_USER_RULES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "permission.h"

/* "social_worker,bureau" → role set; false (and *bad the offending
 * name, copied into bad_buf) on an unknown role. */
bool user_parse_roles(const char *list, role_set *out, char *bad_buf,
                      size_t bad_len);
/* A user name: 2–64 of [a-z0-9._-] (case folded by the caller), starting
 * with a letter or digit. */
bool user_name_valid(const char *name);
/* "all", "self", "region:430223" or "stations:1,2,3". Fills range,
 * region (into region_buf) and up to max station ids. */
bool user_parse_range(const char *text, const char **range,
                      char *region_buf, size_t region_len, int64_t *stations,
                      size_t max, size_t *n);

#endif
