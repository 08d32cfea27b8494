/* Users, their roles and data ranges (DESIGN.md §1). Passwords are kept
 * only as argon2id hashes, with the last five for the reuse rule. */
#ifndef SGZ_USER_STORE_H
#define SGZ_USER_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/permission.h"
#include "../db/db.h"
#include "../util/arena.h"

struct user {
    int64_t id, version, created_at, updated_at;
    const char *username, *display_name, *phone;
    const char *password_hash;
    bool must_change_password;
    const char *status;          /* active, locked, disabled */
    int64_t failed_logins, locked_until, password_changed_at;
    const char *data_range;      /* all, region, stations, self */
    const char *range_region;    /* for "region" */
    const char *range_region_name;
    int64_t organisation_id;     /* 0 when none */
    const char *organisation_name; /* read only, NULL when none */
    const char *totp_secret;     /* encrypted, NULL when none */
    bool totp_enabled;
    int64_t totp_last_step;
    role_set roles;
    const int64_t *stations;     /* for "stations" and "self" */
    size_t n_stations;
    /* The stations' names, in the order of stations: read only for the
     * user pages (user_store_station_names), NULL otherwise. */
    const char **station_names;
};

/* Inserts u with its roles and stations; DB_CONSTRAINT when the user
 * name is taken. In the caller's transaction. */
int user_store_insert(struct db *db, const struct user *u, int64_t now,
                      int64_t *id);
/* DB_ROW with *u (roles and stations too), DB_DONE when absent. */
int user_store_get(struct db *db, struct arena *a, int64_t id,
                   struct user *u);
int user_store_get_by_name(struct db *db, struct arena *a,
                           const char *username, struct user *u);
/* A user's display name alone, by id (id > 0) or else by user name:
 * DB_ROW with *name, DB_DONE when there is no such user. */
int user_store_display_name(struct db *db, struct arena *a, int64_t id,
                            const char *username, const char **name);
struct user_filter {
    const char *q;       /* user name or display name prefix */
    const char *role;    /* role code */
    const char *status;  /* active, locked, disabled */
    int64_t offset;
    int limit;
};
int user_store_list(struct db *db, struct arena *a,
                    const struct user_filter *f, struct user **out,
                    size_t *n, int64_t *total);
/* Replaces the password hash (keeping the old one in the history). */
/* The organisation an org_admin works for (0: none); DB_DONE when there
 * is no such user. DB_CONSTRAINT when no such organisation. */
int user_store_set_organisation(struct db *db, int64_t id,
                                int64_t organisation_id, int64_t now);
int user_store_set_password(struct db *db, int64_t id, const char *hash,
                            bool must_change, int64_t now);
/* The hashes of the current and recent passwords, newest first. */
int user_store_recent_hashes(struct db *db, struct arena *a, int64_t id,
                             int max, const char ***out, size_t *n);
/* Counts a failed login; locks the account until now + lock_seconds at
 * the threshold-th failure in a row. */
int user_store_login_failed(struct db *db, int64_t id, int threshold,
                            int64_t lock_seconds, int64_t now);
int user_store_login_ok(struct db *db, int64_t id);
/* Locks the user's row until the transaction ends: a login, a password
 * change or reset, and a status or role change of the user serialise
 * on it (PostgreSQL; SQLite's writer holds the database already). */
int user_store_lock(struct db *db, int64_t id);
/* Fills u->station_names for u->stations: a security admin reads users
 * but not stations, and a list of "#2, #3" tells her nothing. */
int user_store_station_names(struct db *db, struct arena *a, struct user *u);
/* Marks a second factor's time step used: DB_OK, or DB_DONE when it was
 * used already (two requests with one code) or the secret was reset
 * meanwhile. */
int user_store_use_totp_step(struct db *db, int64_t id, const char *secret,
                             int64_t step);
int user_store_set_status(struct db *db, int64_t id, const char *status,
                          int64_t now);
int user_store_set_roles(struct db *db, int64_t id, role_set roles);
int user_store_set_range(struct db *db, int64_t id, const char *range,
                         const char *region, const int64_t *stations,
                         size_t n);
struct session;
/* The session whose token hashes to token_hash and its user, in one go:
 * DB_ROW and both filled, or DB_DONE. */
int user_store_for_session(struct db *db, struct arena *a,
                           const char *token_hash, struct user *u,
                           struct session *s);
/* Second factor: the encrypted secret (NULL removes it), whether it is
 * confirmed, and the last time step used (so no code works twice). */
int user_store_set_totp(struct db *db, int64_t id, const char *secret,
                        bool enabled, int64_t last_step);
/* Active users holding role. */
int user_store_count_role(struct db *db, enum role role, int64_t *n);
/* Locks the rows of every user holding an administrator's role
 * (sysadmin, security admin, auditor) and of the user also, in the order
 * of their ids, so that a count of them made after it stands until the
 * transaction ends. */
int user_store_lock_admins(struct db *db, struct arena *a, int64_t also);

/* Who may be named on a station's records: active users with a
 * frontline role (social worker, station lead, supervisor) whose range
 * covers the station, by name; at most 500. */
struct user_brief {
    int64_t id;
    const char *username, *display_name;
    const char *name_sort; /* core/pinyin.h: the order of the list */
    bool supervisor, station_lead;
};
int user_store_staff(struct db *db, struct arena *a, int64_t station_id,
                     const char *region_code, struct user_brief **out,
                     size_t *n);

#endif
