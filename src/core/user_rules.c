#include "user_rules.h"

#include <stdio.h>
#include <string.h>

#include "../util/parse.h"
#include "region_code.h"

bool user_parse_roles(const char *list, role_set *out, char *bad,
                      size_t bad_len)
{
    *out = 0;
    char buf[400];
    snprintf(buf, sizeof buf, "%s", list);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        int r = role_from_code(tok);
        if (r < 0) {
            snprintf(bad, bad_len, "%s", tok);
            return false;
        }
        *out |= ROLE_BIT(r);
    }
    if (*out == 0) {
        snprintf(bad, bad_len, "%s", list);
        return false;
    }
    return true;
}

bool user_name_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 64) {
        return false;
    }
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) {
        return false;
    }
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '_' || *s == '-')) {
            return false;
        }
    }
    return true;
}

bool user_parse_range(const char *text, const char **range,
                      char *region_buf, size_t region_len, int64_t *stations,
                      size_t max, size_t *n)
{
    *n = 0;
    region_buf[0] = 0;
    if (strcmp(text, "all") == 0 || strcmp(text, "self") == 0) {
        *range = strcmp(text, "all") == 0 ? "all" : "self";
        return true;
    }
    if (strncmp(text, "region:", 7) == 0) {
        if (!region_code_valid(text + 7) ||
            strlen(text + 7) >= region_len) {
            return false;
        }
        snprintf(region_buf, region_len, "%s", text + 7);
        *range = "region";
        return true;
    }
    if (strncmp(text, "stations:", 9) == 0) {
        char buf[400];
        snprintf(buf, sizeof buf, "%s", text + 9);
        char *save = NULL;
        for (char *tok = strtok_r(buf, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            int64_t id;
            if (*n >= max || !parse_int64(tok, 1, INT64_MAX / 2, &id)) {
                return false;
            }
            stations[(*n)++] = id;
        }
        *range = "stations";
        return *n > 0;
    }
    return false;
}
