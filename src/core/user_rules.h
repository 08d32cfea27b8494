/* Rules on user accounts shared by the command line and the API. */
#ifndef SGZ_USER_RULES_H
#define SGZ_USER_RULES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "permission.h"

struct db;
struct arena;
struct jsonw;
struct user;

/* "social_worker,bureau" → role set; false (and *bad the offending
 * name, copied into bad_buf) on an unknown role. */
bool user_parse_roles(const char *list, role_set *out, char *bad_buf,
                      size_t bad_len);
/* A user name: 2–64 of [a-z0-9._-] (case folded by the caller), starting
 * with a letter or digit. */
bool user_name_valid(const char *name);
/* A display name (姓名): 1–40 characters of UTF-8, not spaces alone, no
 * control characters, as the API's schema takes it. */
bool user_display_name_valid(const char *name);
/* "all", "self", "region:430223" or "stations:1,2,3". Fills range,
 * region (into region_buf) and up to max station ids. */
bool user_parse_range(const char *text, const char **range,
                      char *region_buf, size_t region_len, int64_t *stations,
                      size_t max, size_t *n);
/* 三员分立: at most one of the sysadmin's, security admin's and
 * auditor's roles in one account, so that the sysadmin cannot also read
 * the log or set the security policy. */
bool user_admins_separate(role_set roles);
/* Whether giving account id new roles and a new status (NULL: as they
 * are) would leave one of the three administrators' roles without an
 * active holder: without a sysadmin nobody runs users, without a
 * security admin nobody unlocks an account or resets a second factor,
 * without an auditor nobody reads the log. DB_OK and *lost -1 when not;
 * DB_OK and *lost the role when so; a DB_ code on a read error. Called
 * inside the write's transaction: it locks the account's row and the
 * holders' rows, and reads the account and the count under them. */
int user_admin_lost(struct db *db, struct arena *a, int64_t id,
                    const role_set *new_roles_or_same,
                    const char *new_status_or_same, int *lost);

/* A user's access as JSON: roles, data range, region, stations and
 * organisation, as the session and the user list give it. */
void user_write_access(struct jsonw *w, const struct user *u);
/* The audit row's detail of an account's access: {"after": …} for a new
 * account, {"before": …, "after": …} for a change. Who may see what is
 * what an auditor asks about; the phone stays out. */
const char *user_access_created(struct arena *a, const struct user *u);
const char *user_access_change(struct arena *a, const struct user *before,
                               const struct user *after);

#endif
