#include "staff_store.h"

#include <ctype.h>
#include <string.h>

#include "../core/region_code.h"
#include "columns.h"

#define S_COLS                                                              \
    "f.id, f.name, f.name_pinyin, f.user_id, f.role, f.organisation_id, "   \
    "f.employer_region, f.labour_from, f.labour_to, f.birth_date, f.sex, "  \
    "f.education, f.major, f.certificate, f.certified_on, f.hukou_local, "  \
    "f.hired_on, f.wage_fen, f.phone, f.status, f.left_on, f.left_reason, " \
    "f.notes, f.version, f.created_at, f.updated_at, o.name, g.name, "      \
    "u.username, s.id, a.id, s.name, s.region_code, s.type, a.from_on"

/* Today's assignment (the newest, should old data hold two), two
 * parameters: today, today. */
#define S_FROM                                                              \
    " FROM staff f LEFT JOIN staff_assignments a ON a.id = (SELECT "        \
    "MAX(x.id) FROM staff_assignments x WHERE x.staff_id = f.id AND "       \
    "x.from_on <= ? AND (x.to_on IS NULL OR x.to_on >= ?)) LEFT JOIN "      \
    "stations s ON s.id = a.station_id LEFT JOIN organisations o ON o.id "  \
    "= f.organisation_id LEFT JOIN regions g ON g.code = "                  \
    "f.employer_region LEFT JOIN users u ON u.id = f.user_id "

/* A worker f without a station today, seen by a region range (six
 * parameters, bound by bind_region()): her last station, her employing
 * township, or — for a county's range or wider — a station of a contract
 * in force of her organisation lies in the region. Not for a township's:
 * an organisation serves many townships, and its worker not yet placed
 * is none of theirs (each township officer counted her, and read her
 * wage). */
#define F_IN_REGION                                                         \
    "((SELECT xs.region_code FROM staff_assignments x JOIN stations xs ON " \
    "xs.id = x.station_id WHERE x.staff_id = f.id ORDER BY x.from_on "      \
    "DESC, x.id DESC LIMIT 1) BETWEEN ? AND ? OR f.employer_region "        \
    "BETWEEN ? AND ? OR EXISTS (SELECT 1 FROM contract_stations cs JOIN "   \
    "contracts c ON c.id = cs.contract_id JOIN stations cx ON cx.id = "     \
    "cs.station_id WHERE c.organisation_id = f.organisation_id AND "        \
    "c.in_force = 1 AND cx.region_code BETWEEN ? AND ?))"

/* Twelve parameters, bound by bind_reader(). */
#define S_SCOPE                                                             \
    "(? = 1 OR f.organisation_id = ? OR (s.id IS NOT NULL AND "             \
    SCOPE_WHERE ") OR (s.id IS NULL AND " F_IN_REGION "))"

static void read_staff(struct db_stmt *st, struct arena *a, struct staff *f)
{
    memset(f, 0, sizeof *f);
    f->id = db_col_int(st, 0);
    f->name = store_text(a, st, 1);
    f->name_pinyin = store_text(a, st, 2);
    f->user_id = db_col_int(st, 3);
    f->role = store_text(a, st, 4);
    f->organisation_id = db_col_int(st, 5);
    f->employer_region = store_text_opt(a, st, 6);
    f->labour_from = store_text_opt(a, st, 7);
    f->labour_to = store_text_opt(a, st, 8);
    f->birth_date = store_text(a, st, 9);
    f->sex = store_text(a, st, 10);
    f->education = store_text(a, st, 11);
    f->major = store_text(a, st, 12);
    f->certificate = store_text(a, st, 13);
    f->certified_on = store_text_opt(a, st, 14);
    f->hukou_local = db_col_int(st, 15) != 0;
    f->hired_on = store_text(a, st, 16);
    f->wage_fen = db_col_int(st, 17);
    f->phone = store_text(a, st, 18);
    f->status = store_text(a, st, 19);
    f->left_on = store_text_opt(a, st, 20);
    f->left_reason = store_text(a, st, 21);
    f->notes = store_text(a, st, 22);
    f->version = db_col_int(st, 23);
    f->created_at = db_col_int(st, 24);
    f->updated_at = db_col_int(st, 25);
    f->organisation_name = store_text_opt(a, st, 26);
    f->employer_region_name = store_text_opt(a, st, 27);
    f->username = store_text_opt(a, st, 28);
    f->station_id = db_col_int(st, 29);
    f->assignment_id = db_col_int(st, 30);
    f->station_name = store_text_opt(a, st, 31);
    f->station_region = store_text_opt(a, st, 32);
    f->station_type = store_text_opt(a, st, 33);
    f->assigned_from = store_text_opt(a, st, 34);
}

/* F_IN_REGION's six parameters from i: the region's bounds, thrice (an
 * empty range without a region; the contracts' pair empty below a
 * county). Returns the next index. */
static int bind_region(struct db_stmt *st, int i, const struct scope *sc)
{
    char upper[13];
    if (sc->region_prefix) {
        region_code_upper(sc->region_prefix, upper);
    }
    for (int k = 0; k < 3; k++) {
        bool on = sc->region_prefix &&
                  (k < 2 || strlen(sc->region_prefix) <= 6);
        db_bind_text(st, i + 2 * k, on ? sc->region_prefix : "x");
        db_bind_text(st, i + 2 * k + 1, on ? upper : "");
    }
    return i + 6;
}

/* S_FROM's and S_SCOPE's parameters from 1; returns the next index. */
static int bind_reader(struct db_stmt *st, const struct staff_reader *rd)
{
    db_bind_text(st, 1, rd->today);
    db_bind_text(st, 2, rd->today);
    db_bind_int(st, 3, rd->scope->all ? 1 : 0);
    db_bind_int(st, 4, rd->org_id > 0 ? rd->org_id : -1);
    scope_bind(st, 5, rd->scope);
    return bind_region(st, 9, rd->scope);
}

#define S_FILTERS                                                           \
    " AND (? = '' OR (f.name >= ? AND f.name <= ?) OR (f.name_pinyin >= ? " \
    "AND f.name_pinyin <= ?)) AND (? = '' OR f.role = ?) AND (? = '' OR "   \
    "f.status = ?) AND (? = '' OR f.education = ?) AND (? = '' OR "         \
    "f.certificate = ?) AND (? = 0 OR s.id = ?) AND (? = 0 OR "             \
    "f.organisation_id = ?) AND (? = 0 OR s.id IS NULL) "

static void bind_pair(struct db_stmt *st, int i, const char *v)
{
    db_bind_text(st, i, v ? v : "");
    db_bind_text(st, i + 1, v ? v : "");
}

static void bind_id_pair(struct db_stmt *st, int i, int64_t v)
{
    db_bind_int(st, i, v);
    db_bind_int(st, i + 1, v);
}

static int bind_filters(struct db_stmt *st, struct arena *a, int i,
                        const struct staff_filter *f)
{
    const char *q = f->q ? f->q : "";
    char *lower = arena_strdup(a, q);
    for (char *p = lower; *p; p++) {
        *p = (char)tolower((unsigned char)*p);
    }
    db_bind_text(st, i, q);
    db_bind_text(st, i + 1, q);
    db_bind_text(st, i + 2, arena_printf(a, "%s\xf4\x8f\xbf\xbf", q));
    db_bind_text(st, i + 3, lower);
    db_bind_text(st, i + 4, arena_printf(a, "%s\x7f", lower));
    bind_pair(st, i + 5, f->role);
    bind_pair(st, i + 7, f->status);
    bind_pair(st, i + 9, f->education);
    bind_pair(st, i + 11, f->certificate);
    bind_id_pair(st, i + 13, f->station_id);
    bind_id_pair(st, i + 15, f->organisation_id);
    db_bind_int(st, i + 17, f->unassigned ? 1 : 0);
    return i + 18;
}

int staff_store_list(struct db *db, struct arena *a,
                     const struct staff_reader *rd,
                     const struct staff_filter *f, struct staff **out,
                     size_t *n, int64_t *total)
{
    bool opened = db_read_begin(db);
    *n = 0;
    *out = arena_alloc(a, sizeof **out * (size_t)(f->limit > 0 ? f->limit
                                                                : 1));
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*)" S_FROM "WHERE " S_SCOPE S_FILTERS);
    int rc = DB_ERROR;
    if (st) {
        bind_filters(st, a, bind_reader(st, rd), f);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        rc = DB_ERROR;
        st = db_prepare(db, "SELECT " S_COLS S_FROM "WHERE " S_SCOPE
                            S_FILTERS "ORDER BY f.name_sort, f.id "
                            "LIMIT ? OFFSET ?");
        if (st) {
            int i = bind_filters(st, a, bind_reader(st, rd), f);
            db_bind_int(st, i, f->limit);
            db_bind_int(st, i + 1, f->offset);
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)f->limit) {
                read_staff(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int staff_store_headcounts(struct db *db, struct arena *a, const char *today,
                           struct station_headcount **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st = db_prepare(
        db, "SELECT a.station_id, COUNT(*)" S_FROM "WHERE f.status = "
            "'active' AND a.station_id IS NOT NULL GROUP BY a.station_id "
            "ORDER BY a.station_id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, today);
    db_bind_text(st, 2, today);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        (*out)[*n].station_id = db_col_int(st, 0);
        (*out)[(*n)++].workers = db_col_int(st, 1);
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* One row of a statement whose last parameter is bound by the caller. */
static int get_one(struct db_stmt *st, struct arena *a, struct staff *out)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_staff(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int staff_store_get(struct db *db, struct arena *a,
                    const struct staff_reader *rd, int64_t id,
                    struct staff *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " S_COLS S_FROM "WHERE " S_SCOPE " AND f.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, bind_reader(st, rd), id);
    return get_one(st, a, out);
}

int staff_store_by_user(struct db *db, struct arena *a, int64_t user_id,
                        const char *today, struct staff *out)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT " S_COLS S_FROM "WHERE f.user_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, today);
    db_bind_text(st, 2, today);
    db_bind_int(st, 3, user_id);
    return get_one(st, a, out);
}

/* Runs an INSERT … RETURNING id: DB_OK and *id, or the failure. */
static int insert_id(struct db_stmt *st, int64_t *id)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

static void bind_opt_id(struct db_stmt *st, int i, int64_t v)
{
    if (v > 0) {
        db_bind_int(st, i, v);
    } else {
        db_bind_null(st, i);
    }
}

/* name … notes: parameters 1-23. */
static void bind_fields(struct db_stmt *st, const struct staff *s)
{
    db_bind_text(st, 1, s->name);
    db_bind_text(st, 2, s->name_pinyin ? s->name_pinyin : "");
    bind_opt_id(st, 3, s->user_id);
    db_bind_text(st, 4, s->role);
    bind_opt_id(st, 5, s->organisation_id);
    db_bind_text(st, 6, s->employer_region);
    db_bind_text(st, 7, s->labour_from);
    db_bind_text(st, 8, s->labour_to);
    db_bind_text(st, 9, s->birth_date);
    db_bind_text(st, 10, s->sex);
    db_bind_text(st, 11, s->education);
    db_bind_text(st, 12, s->major ? s->major : "");
    db_bind_text(st, 13, s->certificate ? s->certificate : "none");
    db_bind_text(st, 14, s->certified_on);
    db_bind_int(st, 15, s->hukou_local ? 1 : 0);
    db_bind_text(st, 16, s->hired_on);
    db_bind_int(st, 17, s->wage_fen);
    db_bind_text(st, 18, s->phone ? s->phone : "");
    db_bind_text(st, 19, s->status ? s->status : "active");
    db_bind_text(st, 20, s->left_on);
    db_bind_text(st, 21, s->left_reason ? s->left_reason : "");
    db_bind_text(st, 22, s->notes ? s->notes : "");
    db_bind_text(st, 23, s->name_sort ? s->name_sort : "");
}

int staff_store_twin(struct db *db, const struct staff *s, int64_t *twin)
{
    *twin = 0;
    if (!s->birth_date || !*s->birth_date) {
        return DB_OK;
    }
    struct db_stmt *st = db_prepare(
        db, "SELECT id FROM staff WHERE name = ? AND birth_date = ? AND "
            "id <> ? ORDER BY id LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, s->name);
    db_bind_text(st, 2, s->birth_date);
    db_bind_int(st, 3, s->id);
    return store_first_int(st, twin);
}

int staff_store_insert(struct db *db, const struct staff *s, int64_t now,
                       int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO staff (name, name_pinyin, user_id, role, "
            "organisation_id, employer_region, labour_from, labour_to, "
            "birth_date, sex, education, major, certificate, certified_on, "
            "hukou_local, hired_on, wage_fen, phone, status, left_on, "
            "left_reason, notes, name_sort, version, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, 1, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    bind_fields(st, s);
    db_bind_int(st, 24, now);
    db_bind_int(st, 25, now);
    return insert_id(st, id);
}

int staff_store_update(struct db *db, const struct staff *s,
                       int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE staff SET name = ?, name_pinyin = ?, user_id = ?, role "
            "= ?, organisation_id = ?, employer_region = ?, labour_from = ?, "
            "labour_to = ?, birth_date = ?, sex = ?, education = ?, major = "
            "?, certificate = ?, certified_on = ?, hukou_local = ?, hired_on "
            "= ?, wage_fen = ?, phone = ?, status = ?, left_on = ?, "
            "left_reason = ?, notes = ?, name_sort = ?, version = version + "
            "1, updated_at = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_fields(st, s);
    db_bind_int(st, 24, now);
    db_bind_int(st, 25, s->id);
    db_bind_int(st, 26, expected_version);
    return store_step_changed(st);
}

int staff_store_lock(struct db *db, int64_t id, int64_t expected_version,
                     int64_t now)
{
    if (expected_version <= 0) {
        struct db_stmt *st =
            db_prepare(db, "UPDATE staff SET version = version WHERE id = ?");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        return store_step_changed(st);
    }
    struct db_stmt *st = db_prepare(
        db, "UPDATE staff SET version = version + 1, updated_at = ? WHERE id "
            "= ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, now);
    db_bind_int(st, 2, id);
    db_bind_int(st, 3, expected_version);
    return store_step_changed(st);
}

/* ---- assignments ---------------------------------------------------- */

#define A_COLS                                                              \
    "a.id, a.staff_id, a.station_id, s.name, s.region_code, a.from_on, "    \
    "a.to_on, f.name"
#define A_FROM                                                              \
    " FROM staff_assignments a JOIN stations s ON s.id = a.station_id "     \
    "JOIN staff f ON f.id = a.staff_id "

static void read_assignment(struct db_stmt *st, struct arena *a,
                            struct staff_assignment *x)
{
    x->id = db_col_int(st, 0);
    x->staff_id = db_col_int(st, 1);
    x->station_id = db_col_int(st, 2);
    x->station_name = store_text(a, st, 3);
    x->station_region = store_text(a, st, 4);
    x->from_on = store_text(a, st, 5);
    x->to_on = store_text_opt(a, st, 6);
    x->staff_name = store_text(a, st, 7);
}

/* Every row of st into a growing array. */
static int read_assignments(struct db_stmt *st, struct arena *a,
                            struct staff_assignment **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        read_assignment(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int staff_store_assignments(struct db *db, struct arena *a, int64_t staff_id,
                            struct staff_assignment **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " A_COLS A_FROM
            "WHERE a.staff_id = ? ORDER BY a.from_on DESC, a.id DESC");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, staff_id);
    return read_assignments(st, a, out, n);
}

int staff_store_overlap(struct db *db, struct arena *a, int64_t staff_id,
                        const char *from, const char *to, int64_t except_id,
                        struct staff_assignment *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " A_COLS A_FROM
            "WHERE a.staff_id = ? AND a.id <> ? AND (? = '' OR a.from_on <= "
            "?) AND (a.to_on IS NULL OR a.to_on >= ?) ORDER BY a.from_on "
            "LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, staff_id);
    db_bind_int(st, 2, except_id);
    db_bind_text(st, 3, to ? to : "");
    db_bind_text(st, 4, to ? to : "");
    db_bind_text(st, 5, from);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_assignment(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int staff_store_assign(struct db *db, int64_t staff_id, int64_t station_id,
                       const char *from, const char *to, int64_t now,
                       int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO staff_assignments (staff_id, station_id, from_on, "
            "to_on, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, staff_id);
    db_bind_int(st, 2, station_id);
    db_bind_text(st, 3, from);
    db_bind_text(st, 4, to);
    db_bind_int(st, 5, now);
    return insert_id(st, id);
}

int staff_store_end_assignment(struct db *db, int64_t staff_id, int64_t id,
                               const char *to)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE staff_assignments SET to_on = ? WHERE id = ? AND "
            "staff_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, to);
    db_bind_int(st, 2, id);
    db_bind_int(st, 3, staff_id);
    return store_step_changed(st);
}

int staff_store_overlaps_all(struct db *db, struct arena *a,
                             const struct scope *sc,
                             struct staff_assignment **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " A_COLS A_FROM
            "WHERE f.status = 'active' AND " SCOPE_WHERE " AND EXISTS "
            "(SELECT 1 FROM staff_assignments b WHERE b.staff_id = "
            "a.staff_id AND b.id <> a.id AND (b.from_on < a.from_on OR "
            "(b.from_on = a.from_on AND b.id < a.id)) AND (b.to_on IS NULL "
            "OR b.to_on >= a.from_on)) ORDER BY a.staff_id, a.from_on");
    if (!st) {
        return DB_ERROR;
    }
    scope_bind(st, 1, sc);
    return read_assignments(st, a, out, n);
}

/* ---- trainings ------------------------------------------------------ */

#define T_COLS                                                              \
    "id, staff_id, held_on, title, minutes, organiser, version, "           \
    "created_by, created_at"

static void read_training(struct db_stmt *st, struct arena *a,
                          struct staff_training *t)
{
    memset(t, 0, sizeof *t);
    t->id = db_col_int(st, 0);
    t->staff_id = db_col_int(st, 1);
    t->held_on = store_text(a, st, 2);
    t->title = store_text(a, st, 3);
    t->minutes = db_col_int(st, 4);
    t->organiser = store_text(a, st, 5);
    t->version = db_col_int(st, 6);
    t->created_by = db_col_int(st, 7);
    t->created_at = db_col_int(st, 8);
}

int staff_store_trainings(struct db *db, struct arena *a, int64_t staff_id,
                          struct staff_training **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " T_COLS " FROM staff_trainings WHERE staff_id = ? "
            "ORDER BY held_on DESC, id DESC");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, staff_id);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        read_training(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int staff_store_training(struct db *db, struct arena *a, int64_t staff_id,
                         int64_t id, struct staff_training *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " T_COLS " FROM staff_trainings WHERE id = ? AND "
            "staff_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, staff_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_training(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int staff_store_add_training(struct db *db, const struct staff_training *t,
                             int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO staff_trainings (staff_id, held_on, title, minutes, "
            "organiser, created_at, created_by, updated_at) VALUES (?, ?, ?, "
            "?, ?, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, t->staff_id);
    db_bind_text(st, 2, t->held_on);
    db_bind_text(st, 3, t->title);
    db_bind_int(st, 4, t->minutes);
    db_bind_text(st, 5, t->organiser ? t->organiser : "");
    db_bind_int(st, 6, now);
    bind_opt_id(st, 7, t->created_by);
    db_bind_int(st, 8, now);
    return insert_id(st, id);
}

int staff_store_update_training(struct db *db, const struct staff_training *t,
                                int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE staff_trainings SET held_on = ?, title = ?, minutes = ?, "
            "organiser = ?, version = version + 1, updated_at = ? WHERE id = "
            "? AND staff_id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, t->held_on);
    db_bind_text(st, 2, t->title);
    db_bind_int(st, 3, t->minutes);
    db_bind_text(st, 4, t->organiser ? t->organiser : "");
    db_bind_int(st, 5, now);
    db_bind_int(st, 6, t->id);
    db_bind_int(st, 7, t->staff_id);
    db_bind_int(st, 8, expected_version);
    return store_step_changed(st);
}

int staff_store_delete_training(struct db *db, int64_t staff_id, int64_t id,
                                int64_t expected_version)
{
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM staff_trainings WHERE id = ? AND staff_id = ? AND "
            "version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, staff_id);
    db_bind_int(st, 3, expected_version);
    return store_step_changed(st);
}

/* ---- supervision sessions ------------------------------------------- */

/* A session is in range when its station is, or (no station) when its
 * supervisor's last station, township or organisation's contracts are:
 * twelve parameters (bind_session_filters). */
#define V_COLS                                                              \
    "v.id, v.held_on, v.supervisor_id, f.name, v.station_id, s.name, "      \
    "v.topic, v.content, v.minutes, v.version, v.created_by, v.created_at"
#define V_FROM                                                              \
    " FROM supervision_sessions v JOIN staff f ON f.id = v.supervisor_id "  \
    "LEFT JOIN stations s ON s.id = v.station_id "
#define V_SCOPE                                                             \
    "(? = 1 OR f.organisation_id = ? OR (s.id IS NOT NULL AND "             \
    SCOPE_WHERE ") OR (s.id IS NULL AND " F_IN_REGION "))"
#define V_FILTERS                                                           \
    " AND (? = 0 OR v.supervisor_id = ? OR EXISTS (SELECT 1 FROM "          \
    "supervision_attendees t WHERE t.session_id = v.id AND t.staff_id = "   \
    "?)) AND (? = 0 OR v.station_id = ?) AND (? = '' OR v.held_on >= ?) "   \
    "AND (? = '' OR v.held_on <= ?) "

static int bind_session_filters(struct db_stmt *st,
                                const struct staff_reader *rd,
                                const struct supervision_filter *f)
{
    db_bind_int(st, 1, rd->scope->all ? 1 : 0);
    db_bind_int(st, 2, rd->org_id > 0 ? rd->org_id : -1);
    scope_bind(st, 3, rd->scope);
    int i = bind_region(st, 7, rd->scope);
    db_bind_int(st, i, f->staff_id);
    db_bind_int(st, i + 1, f->staff_id);
    db_bind_int(st, i + 2, f->staff_id);
    bind_id_pair(st, i + 3, f->station_id);
    bind_pair(st, i + 5, f->from);
    bind_pair(st, i + 7, f->to);
    return i + 9;
}

static int session_attendees(struct db *db, struct arena *a,
                             struct supervision *v)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT t.staff_id, f.name FROM supervision_attendees t JOIN "
            "staff f ON f.id = t.staff_id WHERE t.session_id = ? ORDER BY "
            "f.name_sort, f.id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, v->id);
    size_t cap = 0, cap2 = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        v->attendees = arena_grow(a, v->attendees, v->n_attendees, &cap,
                                  sizeof *v->attendees);
        v->attendee_names =
            arena_grow(a, v->attendee_names, v->n_attendees, &cap2,
                       sizeof *v->attendee_names);
        v->attendees[v->n_attendees] = db_col_int(st, 0);
        v->attendee_names[v->n_attendees++] = store_text(a, st, 1);
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* One row of V_COLS, attendees not yet read. */
static void read_session(struct db_stmt *st, struct arena *a,
                         struct supervision *v)
{
    memset(v, 0, sizeof *v);
    v->id = db_col_int(st, 0);
    v->held_on = store_text(a, st, 1);
    v->supervisor_id = db_col_int(st, 2);
    v->supervisor_name = store_text(a, st, 3);
    v->station_id = db_col_int(st, 4);
    v->station_name = store_text_opt(a, st, 5);
    v->topic = store_text(a, st, 6);
    v->content = store_text(a, st, 7);
    v->minutes = store_text(a, st, 8);
    v->version = db_col_int(st, 9);
    v->created_by = db_col_int(st, 10);
    v->created_at = db_col_int(st, 11);
}

int supervision_store_list(struct db *db, struct arena *a,
                           const struct staff_reader *rd,
                           const struct supervision_filter *f,
                           struct supervision **out, size_t *n,
                           int64_t *total)
{
    bool opened = db_read_begin(db);
    *n = 0;
    *out = arena_alloc(a, sizeof **out * (size_t)(f->limit > 0 ? f->limit
                                                                : 1));
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*)" V_FROM "WHERE " V_SCOPE V_FILTERS);
    int rc = DB_ERROR;
    if (st) {
        bind_session_filters(st, rd, f);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        rc = DB_ERROR;
        st = db_prepare(db, "SELECT " V_COLS V_FROM "WHERE " V_SCOPE
                            V_FILTERS "ORDER BY v.held_on DESC, v.id DESC "
                            "LIMIT ? OFFSET ?");
        if (st) {
            int i = bind_session_filters(st, rd, f);
            db_bind_int(st, i, f->limit);
            db_bind_int(st, i + 1, f->offset);
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)f->limit) {
                read_session(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    for (size_t i = 0; rc == DB_DONE && i < *n; i++) {
        int arc = session_attendees(db, a, &(*out)[i]);
        rc = arc == DB_OK ? DB_DONE : arc;
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* The worker whose login user_id is: *staff_id, -1 when none (an id
 * that matches no row). */
static int staff_of_user(struct db *db, int64_t user_id, int64_t *staff_id)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT id FROM staff WHERE user_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    int rc = db_step(st);
    *staff_id = rc == DB_ROW ? db_col_int(st, 0) : -1;
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int supervision_store_list_own(struct db *db, struct arena *a,
                               int64_t user_id,
                               const struct supervision_filter *f,
                               struct supervision **out, size_t *n,
                               int64_t *total)
{
    struct supervision_filter own = *f;
    int rc = staff_of_user(db, user_id, &own.staff_id);
    if (rc != DB_OK) {
        return rc;
    }
    /* Hers wherever they were held: the range that limits what she
     * reads of others' plays no part, the worker filter all of it. */
    struct staff_reader rd = {.scope = &scope_all};
    return supervision_store_list(db, a, &rd, &own, out, n, total);
}

int staff_store_trainings_own(struct db *db, struct arena *a,
                              int64_t user_id, struct staff_training **out,
                              size_t *n)
{
    int64_t staff_id;
    int rc = staff_of_user(db, user_id, &staff_id);
    if (rc != DB_OK) {
        return rc;
    }
    return staff_store_trainings(db, a, staff_id, out, n);
}

int supervision_store_get(struct db *db, struct arena *a, int64_t id,
                          struct supervision *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " V_COLS V_FROM "WHERE v.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_session(st, a, out);
    }
    db_reset(st);
    if (rc == DB_ROW) {
        int arc = session_attendees(db, a, out);
        return arc == DB_OK ? DB_ROW : arc;
    }
    return rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

/* The session's attendees written anew. */
static int write_attendees(struct db *db, int64_t id,
                           const struct supervision *v)
{
    struct db_stmt *st = db_prepare(db, "INSERT INTO supervision_attendees "
                                        "(session_id, staff_id) VALUES (?, "
                                        "?) ON CONFLICT DO NOTHING");
    if (!st) {
        return DB_ERROR;
    }
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < v->n_attendees; i++) {
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, v->attendees[i]);
        rc = store_step_done(st);
    }
    return rc;
}

static int delete_attendees(struct db *db, int64_t id)
{
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM supervision_attendees WHERE session_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return store_step_done(st);
}

int supervision_store_get_in(struct db *db, struct arena *a,
                             const struct staff_reader *rd, int64_t id,
                             struct supervision *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " V_COLS V_FROM "WHERE " V_SCOPE " AND v.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, rd->scope->all ? 1 : 0);
    db_bind_int(st, 2, rd->org_id > 0 ? rd->org_id : -1);
    scope_bind(st, 3, rd->scope);
    int i = bind_region(st, 7, rd->scope);
    db_bind_int(st, i, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_session(st, a, out);
    }
    db_reset(st);
    if (rc == DB_ROW) {
        int arc = session_attendees(db, a, out);
        return arc == DB_OK ? DB_ROW : arc;
    }
    return rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

/* The record's own fields, parameters 1 to 6 of its insert and update. */
static void bind_supervision(struct db_stmt *st, const struct supervision *v)
{
    db_bind_text(st, 1, v->held_on);
    db_bind_int(st, 2, v->supervisor_id);
    bind_opt_id(st, 3, v->station_id);
    db_bind_text(st, 4, v->topic);
    db_bind_text(st, 5, v->content ? v->content : "");
    db_bind_text(st, 6, v->minutes ? v->minutes : "");
}

int supervision_store_insert(struct db *db, const struct supervision *v,
                             int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO supervision_sessions (held_on, supervisor_id, "
            "station_id, topic, content, minutes, created_at, created_by, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    bind_supervision(st, v);
    db_bind_int(st, 7, now);
    bind_opt_id(st, 8, v->created_by);
    db_bind_int(st, 9, now);
    int rc = insert_id(st, id);
    if (rc != DB_OK || v->n_attendees == 0) {
        return rc; /* a statement prepared and not stepped stays in use */
    }
    return write_attendees(db, *id, v);
}

int supervision_store_lock(struct db *db, int64_t id)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE supervision_sessions SET version = version WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return store_step_changed(st);
}

int supervision_store_update(struct db *db, const struct supervision *v,
                             int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE supervision_sessions SET held_on = ?, supervisor_id = ?, "
            "station_id = ?, topic = ?, content = ?, minutes = ?, version = "
            "version + 1, updated_at = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_supervision(st, v);
    db_bind_int(st, 7, now);
    db_bind_int(st, 8, v->id);
    db_bind_int(st, 9, expected_version);
    int rc = store_step_changed(st);
    if (rc == DB_OK) {
        rc = delete_attendees(db, v->id);
    }
    if (rc == DB_OK && v->n_attendees > 0) {
        rc = write_attendees(db, v->id, v);
    }
    return rc;
}

int supervision_store_delete(struct db *db, int64_t id,
                             int64_t expected_version)
{
    /* The version first (the row is locked): the attendees go only with
     * the session they belong to. */
    struct db_stmt *st = db_prepare(
        db, "UPDATE supervision_sessions SET version = version WHERE id = ? "
            "AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, expected_version);
    int rc = store_step_changed(st);
    if (rc == DB_OK) {
        rc = delete_attendees(db, id);
    }
    if (rc == DB_OK) {
        st = db_prepare(db,
                        "DELETE FROM supervision_sessions WHERE id = ?");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        rc = store_step_changed(st);
        rc = rc == DB_DONE ? DB_ERROR : rc; /* locked: it was there */
    }
    return rc;
}

/* ---- minimum wages -------------------------------------------------- */

#define W_COLS                                                              \
    "m.id, m.region_code, g.name, m.effective_on, m.monthly_fen, m.source"
#define W_FROM " FROM min_wages m JOIN regions g ON g.code = m.region_code "

static void read_wage(struct db_stmt *st, struct arena *a, struct min_wage *m)
{
    m->id = db_col_int(st, 0);
    m->region_code = store_text(a, st, 1);
    m->region_name = store_text(a, st, 2);
    m->effective_on = store_text(a, st, 3);
    m->monthly_fen = db_col_int(st, 4);
    m->source = store_text(a, st, 5);
}

int min_wage_store_list(struct db *db, struct arena *a,
                        const char *region_code, int limit, int64_t offset,
                        struct min_wage **out, size_t *n, int64_t *total)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM min_wages m WHERE (? = '' OR "
            "m.region_code = ?)");
    if (!st) {
        return DB_ERROR;
    }
    bind_pair(st, 1, region_code);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(
        db, "SELECT " W_COLS W_FROM "WHERE (? = '' OR m.region_code = ?) "
            "ORDER BY m.region_code, m.effective_on DESC, m.id LIMIT ? "
            "OFFSET ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_pair(st, 1, region_code);
    db_bind_int(st, 3, limit);
    db_bind_int(st, 4, offset);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        read_wage(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int min_wage_store_on(struct db *db, struct arena *a, const char *region_code,
                      const char *day, struct min_wage *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " W_COLS W_FROM "WHERE m.region_code = ? AND "
            "m.effective_on <= ? ORDER BY m.effective_on DESC LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, region_code);
    db_bind_text(st, 2, day);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_wage(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int min_wage_store_insert(struct db *db, const struct min_wage *m,
                          int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO min_wages (region_code, effective_on, monthly_fen, "
            "source, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
            "(region_code, effective_on) DO NOTHING RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, m->region_code);
    db_bind_text(st, 2, m->effective_on);
    db_bind_int(st, 3, m->monthly_fen);
    db_bind_text(st, 4, m->source ? m->source : "");
    db_bind_int(st, 5, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK
                        : (rc == DB_DONE ? DB_CONSTRAINT
                                         : (rc < 0 ? rc : DB_ERROR));
}

int staff_store_contract_holder(struct db *db, struct arena *a,
                                int64_t station_id, const char *day,
                                int64_t prefer_org, int64_t *org_id,
                                const char **org_name)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT c.organisation_id, o.name FROM contract_stations cs "
            "JOIN contracts c ON c.id = cs.contract_id JOIN organisations o "
            "ON o.id = c.organisation_id WHERE cs.station_id = ? AND "
            "c.status = 'active' AND c.starts_on <= ? AND c.ends_on >= ? "
            "ORDER BY CASE WHEN c.organisation_id = ? THEN 0 ELSE 1 END, "
            "c.starts_on DESC, c.id DESC LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, station_id);
    db_bind_text(st, 2, day);
    db_bind_text(st, 3, day);
    db_bind_int(st, 4, prefer_org);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *org_id = db_col_int(st, 0);
        *org_name = store_text(a, st, 1);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}
