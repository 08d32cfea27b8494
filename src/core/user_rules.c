#include "user_rules.h"

#include <stdio.h>
#include <string.h>

#include "../store/user_store.h"
#include "../util/jsonw.h"
#include "../util/parse.h"
#include "../util/utf8.h"
#include "person_name.h"
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

bool user_admins_separate(role_set roles)
{
    role_set admins = roles & (ROLE_BIT(ROLE_SYSADMIN) |
                               ROLE_BIT(ROLE_SECURITY_ADMIN) |
                               ROLE_BIT(ROLE_AUDITOR));
    return (admins & (admins - 1)) == 0;
}

int user_admin_lost(struct db *db, struct arena *a, int64_t id,
                    const role_set *new_roles_or_same,
                    const char *new_status_or_same, int *lost)
{
    static const enum role kept[] = {ROLE_SYSADMIN, ROLE_SECURITY_ADMIN,
                                     ROLE_AUDITOR};
    *lost = -1;
    /* The account as it stands under its row's lock: read before the
     * transaction, a locked sysadmin unlocked meanwhile would be counted
     * by another request, and not by this one. */
    struct user u;
    int urc = user_store_lock_admins(db, a, id);
    if (urc == DB_OK) {
        urc = user_store_get(db, a, id, &u);
        urc = urc == DB_ROW ? DB_OK : (urc == DB_DONE ? DB_ERROR : urc);
    }
    if (urc != DB_OK) {
        return urc;
    }
    role_set roles = u.roles;
    const char *status = u.status;
    role_set new_roles = new_roles_or_same ? *new_roles_or_same : roles;
    const char *new_status = new_status_or_same ? new_status_or_same : status;
    if (strcmp(status, "active") != 0) {
        return DB_OK;
    }
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        role_set bit = ROLE_BIT(kept[i]);
        if (!(roles & bit) ||
            ((new_roles & bit) && strcmp(new_status, "active") == 0)) {
            continue;
        }
        /* Under the holders' locks: two requests each removing one of
         * the last two would both count two. */
        int64_t n = 0;
        int rc = user_store_count_role(db, kept[i], &n);
        if (rc != DB_OK) {
            return rc;
        }
        if (n <= 1) {
            *lost = (int)kept[i];
            return DB_OK;
        }
    }
    return DB_OK;
}

bool user_display_name_valid(const char *name)
{
    size_t len = strlen(name);
    if (!utf8_valid(name, len, false)) {
        return false;
    }
    size_t chars = utf8_chars(name, len);
    return !utf8_blank(name) && chars <= 40 && person_name_ok(name);
}

void user_write_access(struct jsonw *w, const struct user *u)
{
    jsonw_key(w, "roles");
    jsonw_arr_open(w);
    for (int i = 0; i < ROLE_COUNT; i++) {
        if (u->roles & ROLE_BIT(i)) {
            jsonw_str(w, role_infos[i].code);
        }
    }
    jsonw_arr_close(w);
    jsonw_kstr(w, "data_range", u->data_range);
    jsonw_kstr(w, "range_region", u->range_region);
    jsonw_key(w, "stations");
    jsonw_arr_open(w);
    for (size_t i = 0; i < u->n_stations; i++) {
        jsonw_int(w, u->stations[i]);
    }
    jsonw_arr_close(w);
    jsonw_key(w, "organisation_id");
    if (u->organisation_id) {
        jsonw_int(w, u->organisation_id);
    } else {
        jsonw_null(w);
    }
}

static void write_account(struct jsonw *w, const struct user *u)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "display_name", u->display_name);
    user_write_access(w, u);
    jsonw_obj_close(w);
}

const char *user_access_created(struct arena *a, const struct user *u)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_key(&d.w, "after");
    write_account(&d.w, u);
    return jsonw_doc_close(&d, a);
}

const char *user_access_change(struct arena *a, const struct user *before,
                               const struct user *after)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_key(&d.w, "before");
    write_account(&d.w, before);
    jsonw_key(&d.w, "after");
    write_account(&d.w, after);
    return jsonw_doc_close(&d, a);
}
