#include "user_store.h"

#include <stdlib.h>
#include <string.h>

#include "../core/pinyin.h"
#include "columns.h"
#include "like.h"
#include "session_store.h"

#define USER_COLS                                                           \
    "u.id, u.username, u.display_name, u.phone, u.password_hash, "          \
    "u.must_change_password, u.status, u.failed_logins, u.locked_until, "   \
    "u.data_range, u.range_region, u.organisation_id, "                     \
    "u.password_changed_at, u.version, u.created_at, u.updated_at, "        \
    "u.totp_secret, u.totp_enabled, u.totp_last_step, (SELECT g.name FROM " \
    "regions g WHERE g.code = u.range_region)"
/* For pages about users, not the session check on every request. */
#define USER_ORG_NAME                                                       \
    ", (SELECT o.name FROM organisations o WHERE o.id = u.organisation_id)"

static const char *dup_or_null(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

static void read_user(struct db_stmt *st, struct arena *a, struct user *u)
{
    memset(u, 0, sizeof *u);
    u->id = db_col_int(st, 0);
    u->username = arena_strdup(a, db_col_text(st, 1));
    u->display_name = arena_strdup(a, db_col_text(st, 2));
    u->phone = arena_strdup(a, db_col_text(st, 3));
    u->password_hash = arena_strdup(a, db_col_text(st, 4));
    u->must_change_password = db_col_int(st, 5) != 0;
    u->status = arena_strdup(a, db_col_text(st, 6));
    u->failed_logins = db_col_int(st, 7);
    u->locked_until = db_col_int(st, 8);
    u->data_range = arena_strdup(a, db_col_text(st, 9));
    u->range_region = dup_or_null(a, db_col_text(st, 10));
    u->organisation_id = db_col_int(st, 11);
    u->password_changed_at = db_col_int(st, 12);
    u->version = db_col_int(st, 13);
    u->created_at = db_col_int(st, 14);
    u->updated_at = db_col_int(st, 15);
    u->totp_secret = dup_or_null(a, db_col_text(st, 16));
    u->totp_enabled = db_col_int(st, 17) != 0;
    u->totp_last_step = db_col_int(st, 18);
    u->range_region_name = dup_or_null(a, db_col_text(st, 19));
}

/* The roles of u->id. */
static int read_roles(struct db *db, struct user *u)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT role FROM user_roles WHERE user_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, u->id);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int r = role_from_code(db_col_text(st, 0));
        if (r >= 0) {
            u->roles |= ROLE_BIT(r);
        }
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

/* The stations of u->id (its range when that is stations or self). */
static int read_stations(struct db *db, struct arena *a, struct user *u)
{
    int rc;
    struct db_stmt *st = db_prepare(
        db, "SELECT station_id FROM user_stations WHERE user_id = ? "
            "ORDER BY station_id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, u->id);
    size_t cap = 8;
    int64_t *ids = arena_alloc(a, cap * sizeof *ids);
    u->n_stations = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        ids = arena_grow(a, ids, u->n_stations, &cap, sizeof *ids);
        ids[u->n_stations++] = db_col_int(st, 0);
    }
    db_reset(st);
    u->stations = ids;
    return rc < 0 ? rc : DB_OK;
}

int user_store_station_names(struct db *db, struct arena *a, struct user *u)
{
    u->station_names =
        arena_alloc(a, sizeof *u->station_names * (u->n_stations + 1));
    if (!u->n_stations) {
        return DB_OK;
    }
    struct db_stmt *st = db_prepare(
        db, "SELECT s.name FROM user_stations us JOIN stations s ON s.id = "
            "us.station_id WHERE us.user_id = ? ORDER BY us.station_id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, u->id);
    size_t n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && n < u->n_stations) {
        u->station_names[n++] = arena_strdup(a, db_col_text(st, 0));
    }
    db_reset(st);
    while (n < u->n_stations) {
        u->station_names[n++] = "";
    }
    return rc < 0 ? rc : DB_OK;
}

/* Roles and stations of u->id. */
static int read_links(struct db *db, struct arena *a, struct user *u)
{
    int rc = read_roles(db, u);
    return rc == DB_OK ? read_stations(db, a, u) : rc;
}

/* read_user, and the organisation's name after USER_COLS USER_ORG_NAME. */
static void read_user_named(struct db_stmt *st, struct arena *a,
                            struct user *u)
{
    read_user(st, a, u);
    u->organisation_name = dup_or_null(a, db_col_text(st, 20));
}

static int get_one(struct db *db, struct arena *a, struct db_stmt *st,
                   struct user *u)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_user_named(st, a, u);
    }
    db_reset(st);
    if (rc == DB_ROW) {
        int lrc = read_links(db, a, u);
        if (lrc != DB_OK) {
            return lrc;
        }
    }
    return rc;
}

int user_store_get(struct db *db, struct arena *a, int64_t id, struct user *u)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT " USER_COLS USER_ORG_NAME
                       " FROM users u WHERE u.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return get_one(db, a, st, u);
}

int user_store_get_by_name(struct db *db, struct arena *a,
                           const char *username, struct user *u)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT " USER_COLS USER_ORG_NAME
                       " FROM users u WHERE u.username = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, username);
    return get_one(db, a, st, u);
}

int user_store_display_name(struct db *db, struct arena *a, int64_t id,
                            const char *username, const char **name)
{
    struct db_stmt *st = db_prepare(
        db, id > 0 ? "SELECT display_name FROM users WHERE id = ?"
                   : "SELECT display_name FROM users WHERE username = ?");
    if (!st) {
        return DB_ERROR;
    }
    if (id > 0) {
        db_bind_int(st, 1, id);
    } else {
        db_bind_text(st, 1, username);
    }
    int rc = db_step(st);
    *name = rc == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : NULL;
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

#define USER_FILTER                                                         \
    " WHERE (? = '' OR u.username LIKE ? ESCAPE '\\' OR u.display_name "     \
    "LIKE ? ESCAPE '\\') AND (? = '' OR u.status = ?) AND (? = '' OR "       \
    "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND "        \
    "r.role = ?))"

static void bind_user_filter(struct db_stmt *st, struct arena *a,
                             const struct user_filter *f)
{
    const char *q = f->q ? f->q : "";
    const char *pattern = like_prefix(a, q);
    db_bind_text(st, 1, q);
    db_bind_text(st, 2, pattern);
    db_bind_text(st, 3, pattern);
    db_bind_text(st, 4, f->status ? f->status : "");
    db_bind_text(st, 5, f->status ? f->status : "");
    db_bind_text(st, 6, f->role ? f->role : "");
    db_bind_text(st, 7, f->role ? f->role : "");
}

int user_store_list(struct db *db, struct arena *a,
                    const struct user_filter *f, struct user **out,
                    size_t *n, int64_t *total)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT COUNT(*) FROM users u" USER_FILTER);
    if (!st) {
        return DB_ERROR;
    }
    bind_user_filter(st, a, f);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, "SELECT " USER_COLS USER_ORG_NAME " FROM users u"
                        USER_FILTER " ORDER BY u.username, u.id LIMIT ? "
                        "OFFSET ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_user_filter(st, a, f);
    db_bind_int(st, 8, f->limit);
    db_bind_int(st, 9, f->offset);
    int limit = f->limit;
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
        read_user_named(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    if (rc < 0) {
        return rc;
    }
    for (size_t i = 0; i < *n; i++) {
        if ((rc = read_links(db, a, &(*out)[i])) != DB_OK) {
            return rc;
        }
    }
    return DB_OK;
}

/* Runs a statement that returns no rows; DB_OK or the error. */
static int finish(struct db_stmt *st)
{
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int user_store_set_roles(struct db *db, int64_t id, role_set roles)
{
    struct db_stmt *st =
        db_prepare(db, "DELETE FROM user_roles WHERE user_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = finish(st);
    for (int r = 0; r < ROLE_COUNT && rc == DB_OK; r++) {
        if (!(roles & ROLE_BIT(r))) {
            continue;
        }
        st = db_prepare(db,
                        "INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, role_infos[r].code);
        rc = finish(st);
    }
    return rc;
}

int user_store_set_range(struct db *db, int64_t id, const char *range,
                         const char *region, const int64_t *stations,
                         size_t n)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE users SET data_range = ?, range_region = ? WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, range);
    db_bind_text(st, 2, region);
    db_bind_int(st, 3, id);
    int rc = finish(st);
    if (rc != DB_OK) {
        return rc;
    }
    st = db_prepare(db, "DELETE FROM user_stations WHERE user_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    rc = finish(st);
    for (size_t i = 0; i < n && rc == DB_OK; i++) {
        st = db_prepare(db, "INSERT INTO user_stations (user_id, station_id) "
                            "VALUES (?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, stations[i]);
        rc = finish(st);
    }
    return rc;
}

int user_store_insert(struct db *db, const struct user *u, int64_t now,
                      int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO users (username, display_name, phone, "
            "password_hash, must_change_password, status, data_range, "
            "range_region, organisation_id, password_changed_at, version, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "1, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, u->username);
    db_bind_text(st, 2, u->display_name);
    db_bind_text(st, 3, u->phone ? u->phone : "");
    db_bind_text(st, 4, u->password_hash);
    db_bind_int(st, 5, u->must_change_password ? 1 : 0);
    db_bind_text(st, 6, u->status ? u->status : "active");
    db_bind_text(st, 7, u->data_range ? u->data_range : "self");
    db_bind_text(st, 8, u->range_region);
    if (u->organisation_id > 0) {
        db_bind_int(st, 9, u->organisation_id);
    } else {
        db_bind_null(st, 9);
    }
    db_bind_int(st, 10, now);
    db_bind_int(st, 11, now);
    db_bind_int(st, 12, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    rc = user_store_set_roles(db, *id, u->roles);
    if (rc == DB_OK) {
        rc = user_store_set_range(db, *id, u->data_range ? u->data_range
                                                         : "self",
                                  u->range_region, u->stations,
                                  u->n_stations);
    }
    return rc;
}

int user_store_set_organisation(struct db *db, int64_t id,
                                int64_t organisation_id, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE users SET organisation_id = ?, version = version + 1, "
            "updated_at = ? WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    if (organisation_id > 0) {
        db_bind_int(st, 1, organisation_id);
    } else {
        db_bind_null(st, 1);
    }
    db_bind_int(st, 2, now);
    db_bind_int(st, 3, id);
    return store_step_changed(st);
}

int user_store_set_password(struct db *db, int64_t id, const char *hash,
                            bool must_change, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO password_history (user_id, hash, changed_at) "
            "SELECT id, password_hash, ? FROM users WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_int(st, 2, id);
    int rc = finish(st);
    if (rc != DB_OK) {
        return rc;
    }
    st = db_prepare(db, "UPDATE users SET password_hash = ?, "
                        "must_change_password = ?, password_changed_at = ?, "
                        "failed_logins = 0, locked_until = 0, "
                        "version = version + 1, updated_at = ? WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, must_change ? 1 : 0);
    db_bind_int(st, 3, now);
    db_bind_int(st, 4, now);
    db_bind_int(st, 5, id);
    return finish(st);
}

int user_store_recent_hashes(struct db *db, struct arena *a, int64_t id,
                             int max, const char ***out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT password_hash FROM users WHERE id = ? UNION ALL "
            "SELECT hash FROM (SELECT hash FROM password_history WHERE "
            "user_id = ? ORDER BY changed_at DESC LIMIT ?) h");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, id);
    db_bind_int(st, 3, max - 1);
    *out = arena_alloc(a, sizeof **out * (size_t)max);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)max) {
        (*out)[(*n)++] = arena_strdup(a, db_col_text(st, 0));
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int user_store_login_failed(struct db *db, int64_t id, int threshold,
                            int64_t lock_seconds, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE users SET failed_logins = failed_logins + 1, "
            "locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? "
            "ELSE locked_until END WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, threshold);
    db_bind_int(st, 2, now + lock_seconds);
    db_bind_int(st, 3, id);
    return finish(st);
}

int user_store_login_ok(struct db *db, int64_t id)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE users SET failed_logins = 0, locked_until = 0 "
            "WHERE id = ? AND (failed_logins <> 0 OR locked_until <> 0)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return finish(st);
}

int user_store_lock(struct db *db, int64_t id)
{
    struct db_stmt *st =
        db_prepare(db, "UPDATE users SET status = status WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return finish(st);
}

int user_store_set_status(struct db *db, int64_t id, const char *status,
                          int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE users SET status = ?, failed_logins = 0, "
            "locked_until = 0, version = version + 1, updated_at = ? "
            "WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, status);
    db_bind_int(st, 2, now);
    db_bind_int(st, 3, id);
    return finish(st);
}

int user_store_count_role(struct db *db, enum role role, int64_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM users u JOIN user_roles r ON "
            "r.user_id = u.id WHERE r.role = ? AND u.status = 'active'");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, role_infos[role].code);
    int rc = db_step(st);
    *n = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int user_store_lock_admins(struct db *db, struct arena *a, int64_t also)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT id FROM users WHERE id = ? OR id IN (SELECT user_id "
            "FROM user_roles WHERE role IN (?, ?, ?)) ORDER BY id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, also);
    db_bind_text(st, 2, role_infos[ROLE_SYSADMIN].code);
    db_bind_text(st, 3, role_infos[ROLE_SECURITY_ADMIN].code);
    db_bind_text(st, 4, role_infos[ROLE_AUDITOR].code);
    size_t n = 0, cap = 8;
    int64_t *ids = arena_alloc(a, cap * sizeof *ids);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        ids = arena_grow(a, ids, n, &cap, sizeof *ids);
        ids[n++] = db_col_int(st, 0);
    }
    db_reset(st);
    rc = rc < 0 ? rc : DB_OK;
    /* One row at a time, lowest id first: a single UPDATE would lock
     * them in its plan's order, and two such requests could each hold a
     * row the other waits for. */
    for (size_t i = 0; i < n && rc == DB_OK; i++) {
        rc = user_store_lock(db, ids[i]);
    }
    return rc;
}

int user_store_set_totp(struct db *db, int64_t id, const char *secret,
                        bool enabled, int64_t last_step)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE users SET totp_secret = ?, totp_enabled = ?, "
            "totp_last_step = ? WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, secret);
    db_bind_int(st, 2, enabled ? 1 : 0);
    db_bind_int(st, 3, last_step);
    db_bind_int(st, 4, id);
    return finish(st);
}

int user_store_use_totp_step(struct db *db, int64_t id, const char *secret,
                             int64_t step)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE users SET totp_last_step = ? WHERE id = ? AND "
            "totp_enabled = 1 AND totp_secret = ? AND totp_last_step < ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, step);
    db_bind_int(st, 2, id);
    db_bind_text(st, 3, secret);
    db_bind_int(st, 4, step);
    int rc = db_step(st);
    int64_t changed = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    return rc != DB_DONE ? rc : changed ? DB_OK : DB_DONE;
}

int user_store_for_session(struct db *db, struct arena *a,
                           const char *token_hash, struct user *u,
                           struct session *s)
{
    /* One query for the session and its user, then the roles; the
     * stations only for a range that needs them: this runs on every
     * request. */
    struct db_stmt *st = db_prepare(
        db, "SELECT " USER_COLS ", s.csrf_token, s.created_at, "
            "s.last_seen_at, s.expires_at, s.second_factor_pending FROM "
            "sessions s JOIN users u ON u.id = s.user_id WHERE "
            "s.token_hash = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, token_hash);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_user(st, a, u);
        memset(s, 0, sizeof *s);
        s->token_hash = arena_strdup(a, token_hash);
        s->user_id = u->id;
        s->username = u->username;
        s->csrf_token = arena_strdup(a, db_col_text(st, 20));
        s->created_at = db_col_int(st, 21);
        s->last_seen_at = db_col_int(st, 22);
        s->expires_at = db_col_int(st, 23);
        s->second_factor_pending = db_col_int(st, 24) != 0;
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc;
    }
    if ((rc = read_roles(db, u)) != DB_OK) {
        return rc;
    }
    if (strcmp(u->data_range, "all") != 0 &&
        strcmp(u->data_range, "region") != 0) {
        rc = read_stations(db, a, u);
        if (rc != DB_OK) {
            return rc;
        }
    }
    return DB_ROW;
}

static int brief_order(const void *pa, const void *pb)
{
    const struct user_brief *a = pa, *b = pb;
    int c = strcmp(a->name_sort, b->name_sort);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

int user_store_staff(struct db *db, struct arena *a, int64_t station_id,
                     const char *region_code, struct user_brief **out,
                     size_t *n)
{
    /* Frontline staff whose range covers the station: the same reading
     * of a range as scope_has_station() (all, a region prefix, or the
     * station listed). */
    struct db_stmt *st = db_prepare(
        db, "SELECT u.id, u.username, u.display_name, (SELECT COUNT(*) FROM "
            "user_roles r WHERE r.user_id = u.id AND r.role = 'supervisor'), "
            "(SELECT COUNT(*) FROM user_roles r WHERE r.user_id = u.id AND "
            "r.role = 'station_lead') FROM users u WHERE u.status <> "
            "'disabled' AND EXISTS (SELECT 1 FROM user_roles r WHERE "
            "r.user_id = u.id AND r.role IN ('social_worker', "
            "'station_lead', 'supervisor')) AND (u.data_range = 'all' OR "
            "(u.data_range = 'region' AND substr(?, 1, "
            "length(u.range_region)) = u.range_region) OR EXISTS (SELECT 1 "
            "FROM user_stations us WHERE us.user_id = u.id AND "
            "us.station_id = ?)) ORDER BY u.display_name, u.id LIMIT 500");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, region_code);
    db_bind_int(st, 2, station_id);
    size_t cap = 16;
    *out = arena_alloc(a, cap * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct user_brief *b = &(*out)[(*n)++];
        b->id = db_col_int(st, 0);
        b->username = arena_strdup(a, db_col_text(st, 1));
        b->display_name = arena_strdup(a, db_col_text(st, 2));
        char *key = pinyin_sort_key_alloc(b->display_name);
        b->name_sort = arena_strdup(a, key);
        free(key);
        b->supervisor = db_col_int(st, 3) > 0;
        b->station_lead = db_col_int(st, 4) > 0;
    }
    db_reset(st);
    /* A picker's few hundred names, in the register's order (users carry
     * no stored key: sorted here). */
    qsort(*out, *n, sizeof **out, brief_order);
    return rc < 0 ? rc : DB_OK;
}
