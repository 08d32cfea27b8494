#include "report_store.h"

#include <stdio.h>
#include <string.h>

#include "../core/region_code.h"
#include "columns.h"

/* A report in the caller's range: its division lies in the range, or
 * its station is one of the user's, or the user is the org_admin of the
 * organisation that wrote it or operates its station under a contract
 * in force (a station lead belongs to the organisation too, and reads
 * her own station's only). The four parameters of SCOPE_WHERE, bound
 * by scope_bind(). */
#define REPORT_SCOPE_WHERE                                                  \
    "(? = 1 OR (r.region_code >= ? AND r.region_code <= ?) OR EXISTS "     \
    "(SELECT 1 FROM users u WHERE u.id = ? AND (EXISTS (SELECT 1 FROM "    \
    "user_stations us WHERE us.user_id = u.id AND us.station_id = "        \
    "r.station_id) OR (u.organisation_id IS NOT NULL AND EXISTS (SELECT "  \
    "1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role = "          \
    "'org_admin') AND (u.organisation_id = r.organisation_id OR EXISTS "   \
    "(SELECT 1 FROM contract_stations cs JOIN contracts k ON k.id = "      \
    "cs.contract_id WHERE cs.station_id = r.station_id AND "               \
    "k.organisation_id = u.organisation_id AND k.in_force = 1))))))"

/* A draft is its authors' until submitted: shown only to a range whose
 * roles write that type (scope.report_drafts), and a county's own draft
 * only to a range that is the county (report_service.c: the city above
 * reviews it, it does not write it). Three parameters, bound by
 * bind_drafts(). */
#define REPORT_DRAFT_WHERE                                                  \
    " AND (r.status <> 'draft' OR CAST(? AS TEXT) = '*' OR (CAST(? AS "     \
    "TEXT) LIKE ('%,' || r.type || ',%') AND (r.scope_key NOT LIKE 'r:%' "  \
    "OR r.scope_key = CAST(? AS TEXT))))"

static void bind_drafts(struct db_stmt *st, int first, const struct scope *sc)
{
    const char *d = sc->report_drafts ? sc->report_drafts : "*";
    char own[40] = "";
    if (!sc->all && sc->region_prefix &&
        strlen(sc->region_prefix) < sizeof own - 2) {
        snprintf(own, sizeof own, "r:%s", sc->region_prefix);
    }
    db_bind_text(st, first, d);
    db_bind_text(st, first + 1, d);
    db_bind_text(st, first + 2, own);
}

#define R_COLS                                                              \
    "r.id, r.type, r.scope_key, r.station_id, r.region_code, "              \
    "r.contract_id, r.organisation_id, r.period_from, r.period_to, "        \
    "r.status, r.key_work, r.highlights, r.typical_cases, r.problems, "     \
    "r.next_plan, r.figures, r.submitted_on, r.submitted_by, "              \
    "r.reviewed_on, r.reviewed_by, r.review_comment, r.version, "           \
    "r.created_by, r.created_at, r.updated_at, COALESCE(s.name, "           \
    "c.code || ' ' || c.title, g.name, r.region_code)"
#define R_FROM                                                              \
    " FROM reports r LEFT JOIN stations s ON s.id = r.station_id LEFT "     \
    "JOIN contracts c ON c.id = r.contract_id LEFT JOIN regions g ON "      \
    "g.code = r.region_code "

static int64_t col_id(struct db_stmt *st, int col)
{
    return db_col_null(st, col) ? 0 : db_col_int(st, col);
}

static void read_report(struct db_stmt *st, struct arena *a,
                        struct report *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->type = store_text(a, st, 1);
    r->scope_key = store_text(a, st, 2);
    r->station_id = col_id(st, 3);
    r->region_code = store_text(a, st, 4);
    r->contract_id = col_id(st, 5);
    r->organisation_id = col_id(st, 6);
    r->period_from = store_text(a, st, 7);
    r->period_to = store_text(a, st, 8);
    r->status = store_text(a, st, 9);
    r->key_work = store_text(a, st, 10);
    r->highlights = store_text(a, st, 11);
    r->typical_cases = store_text(a, st, 12);
    r->problems = store_text(a, st, 13);
    r->next_plan = store_text(a, st, 14);
    r->figures = store_text_opt(a, st, 15);
    r->submitted_on = store_text_opt(a, st, 16);
    r->submitted_by = col_id(st, 17);
    r->reviewed_on = store_text_opt(a, st, 18);
    r->reviewed_by = col_id(st, 19);
    r->review_comment = store_text(a, st, 20);
    r->version = db_col_int(st, 21);
    r->created_by = db_col_int(st, 22);
    r->created_at = db_col_int(st, 23);
    r->updated_at = db_col_int(st, 24);
    r->scope_name = store_text(a, st, 25);
}

static void bind_opt_text(struct db_stmt *st, int idx, const char *s)
{
    if (s) {
        db_bind_text(st, idx, s);
    } else {
        db_bind_null(st, idx);
    }
}

static void bind_opt_id(struct db_stmt *st, int idx, int64_t id)
{
    if (id) {
        db_bind_int(st, idx, id);
    } else {
        db_bind_null(st, idx);
    }
}

#define R_FILTERS                                                           \
    " AND (? = '' OR r.type = ?) AND (? = '' OR r.status = ?) AND (? = 0 "  \
    "OR r.station_id = ?) AND (? = '' OR r.period_to >= ?) AND (? = '' OR " \
    "r.period_from <= ?) AND (? = 0 OR r.contract_id = ?)"

static void bind_filters(struct db_stmt *st, const struct scope *sc,
                         const struct report_filter *f)
{
    scope_bind(st, 1, sc);
    const char *v[] = {f->type, f->status};
    for (int i = 0; i < 2; i++) {
        db_bind_text(st, 5 + 2 * i, v[i] ? v[i] : "");
        db_bind_text(st, 6 + 2 * i, v[i] ? v[i] : "");
    }
    db_bind_int(st, 9, f->station_id);
    db_bind_int(st, 10, f->station_id);
    db_bind_text(st, 11, f->from ? f->from : "");
    db_bind_text(st, 12, f->from ? f->from : "");
    db_bind_text(st, 13, f->to ? f->to : "");
    db_bind_text(st, 14, f->to ? f->to : "");
    db_bind_int(st, 15, f->contract_id);
    db_bind_int(st, 16, f->contract_id);
    bind_drafts(st, 17, sc);
}

int report_store_list(struct db *db, struct arena *a, const struct scope *sc,
                      const struct report_filter *f, int limit,
                      int64_t offset, struct report **out, size_t *n,
                      int64_t *total)
{
    bool opened = db_read_begin(db);
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM reports r WHERE " REPORT_SCOPE_WHERE
            R_FILTERS REPORT_DRAFT_WHERE);
    int rc = DB_ERROR;
    *n = 0;
    if (st) {
        bind_filters(st, sc, f);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        rc = DB_ERROR;
        st = db_prepare(db, "SELECT " R_COLS R_FROM "WHERE " REPORT_SCOPE_WHERE
                            R_FILTERS REPORT_DRAFT_WHERE " ORDER BY "
                            "r.period_from DESC, "
                            "r.region_code, r.type, r.id LIMIT ? OFFSET ?");
        if (st) {
            bind_filters(st, sc, f);
            db_bind_int(st, 20, limit);
            db_bind_int(st, 21, offset);
            *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit
                                                                    : 1));
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
                read_report(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int report_store_contract_in_scope(struct db *db, const struct scope *sc,
                                   const char *region_code,
                                   int64_t organisation_id)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT 1 FROM (SELECT CAST(? AS TEXT) AS region_code, "
            "CAST(NULL AS BIGINT) AS station_id, CAST(? AS BIGINT) AS "
            "organisation_id) r WHERE " REPORT_SCOPE_WHERE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, region_code);
    db_bind_int(st, 2, organisation_id);
    scope_bind(st, 3, sc);
    int rc = db_step(st);
    db_reset(st);
    return rc;
}

int report_store_get(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t id, struct report *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " R_COLS R_FROM "WHERE " REPORT_SCOPE_WHERE
            REPORT_DRAFT_WHERE " AND r.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    scope_bind(st, 1, sc);
    bind_drafts(st, 5, sc);
    db_bind_int(st, 8, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_report(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int report_store_find(struct db *db, struct arena *a, const char *type,
                      const char *scope_key, const char *period_from,
                      struct report *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " R_COLS R_FROM "WHERE r.type = ? AND r.scope_key = ? "
            "AND r.period_from = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, type);
    db_bind_text(st, 2, scope_key);
    db_bind_text(st, 3, period_from);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_report(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int report_store_first_of(struct db *db, const char *type,
                          const char *scope_key, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT id FROM reports WHERE type = ? AND scope_key = ? ORDER "
            "BY id LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, type);
    db_bind_text(st, 2, scope_key);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int report_store_insert(struct db *db, const struct report *r, int64_t now,
                        int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO reports (type, scope_key, station_id, region_code, "
            "contract_id, organisation_id, period_from, period_to, status, "
            "key_work, highlights, typical_cases, problems, next_plan, "
            "version, created_by, created_at, updated_at) VALUES (?, ?, ?, "
            "?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT "
            "DO NOTHING RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, r->type);
    db_bind_text(st, 2, r->scope_key);
    bind_opt_id(st, 3, r->station_id);
    db_bind_text(st, 4, r->region_code);
    bind_opt_id(st, 5, r->contract_id);
    bind_opt_id(st, 6, r->organisation_id);
    db_bind_text(st, 7, r->period_from);
    db_bind_text(st, 8, r->period_to);
    const char *text[] = {r->key_work, r->highlights, r->typical_cases,
                          r->problems, r->next_plan};
    for (int i = 0; i < 5; i++) {
        db_bind_text(st, 9 + i, text[i] ? text[i] : "");
    }
    db_bind_int(st, 14, r->created_by);
    db_bind_int(st, 15, now);
    db_bind_int(st, 16, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_CONSTRAINT
                                                : (rc < 0 ? rc : DB_ERROR);
}

int report_store_update(struct db *db, const struct report *r,
                        int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE reports SET status = ?, key_work = ?, highlights = ?, "
            "typical_cases = ?, problems = ?, next_plan = ?, figures = ?, "
            "submitted_on = ?, submitted_by = ?, reviewed_on = ?, "
            "reviewed_by = ?, review_comment = ?, version = version + 1, "
            "updated_at = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, r->status);
    const char *text[] = {r->key_work, r->highlights, r->typical_cases,
                          r->problems, r->next_plan};
    for (int i = 0; i < 5; i++) {
        db_bind_text(st, 2 + i, text[i] ? text[i] : "");
    }
    bind_opt_text(st, 7, r->figures);
    bind_opt_text(st, 8, r->submitted_on);
    bind_opt_id(st, 9, r->submitted_by);
    bind_opt_text(st, 10, r->reviewed_on);
    bind_opt_id(st, 11, r->reviewed_by);
    db_bind_text(st, 12, r->review_comment ? r->review_comment : "");
    db_bind_int(st, 13, now);
    db_bind_int(st, 14, r->id);
    db_bind_int(st, 15, expected_version);
    return store_step_changed(st);
}

int report_store_delete_draft(struct db *db, int64_t id,
                              int64_t expected_version, int64_t *files)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM attachments WHERE owner_kind = 'report' "
            "AND owner_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    *files = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    if (*files > 0) {
        return DB_OK;
    }
    st = db_prepare(db, "DELETE FROM report_history WHERE report_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    rc = db_step(st);
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, "DELETE FROM reports WHERE id = ? AND version = ? "
                        "AND status = 'draft'");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, expected_version);
    return store_step_changed(st);
}

int report_store_event_add(struct db *db, int64_t report_id,
                           const struct report_event *e)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO report_history (report_id, action, report_version, "
            "figures, narrative, comment, user_id, user_name, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, report_id);
    db_bind_text(st, 2, e->action);
    db_bind_int(st, 3, e->report_version);
    bind_opt_text(st, 4, e->figures);
    bind_opt_text(st, 5, e->narrative);
    db_bind_text(st, 6, e->comment ? e->comment : "");
    db_bind_int(st, 7, e->user_id);
    db_bind_text(st, 8, e->user_name ? e->user_name : "");
    db_bind_int(st, 9, e->created_at);
    return store_step_done(st);
}

int report_store_events(struct db *db, struct arena *a, int64_t report_id,
                        struct report_event **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT h.id, h.action, h.report_version, h.figures, "
            "h.narrative, h.comment, h.user_id, h.user_name, h.created_at, "
            "u.display_name FROM report_history h LEFT JOIN users u ON u.id "
            "= h.user_id WHERE h.report_id = ? ORDER BY h.id");
    *n = 0;
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, report_id);
    size_t cap = 8;
    *out = arena_alloc(a, cap * sizeof **out);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct report_event *e = &(*out)[(*n)++];
        e->id = db_col_int(st, 0);
        e->action = store_text(a, st, 1);
        e->report_version = db_col_int(st, 2);
        e->figures = store_text_opt(a, st, 3);
        e->narrative = store_text_opt(a, st, 4);
        e->comment = store_text(a, st, 5);
        e->user_id = db_col_int(st, 6);
        e->user_name = store_text(a, st, 7);
        e->created_at = db_col_int(st, 8);
        e->display_name = store_text_opt(a, st, 9);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int report_store_anchor_station(struct db *db, const struct report *r,
                                int64_t *station)
{
    *station = r->station_id;
    if (*station) {
        return DB_OK;
    }
    struct db_stmt *st;
    if (r->contract_id) {
        st = db_prepare(db, "SELECT MIN(station_id) FROM contract_stations "
                            "WHERE contract_id = ?");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, r->contract_id);
    } else {
        char upper[13];
        region_code_upper(r->region_code, upper);
        st = db_prepare(db, "SELECT MIN(id) FROM stations WHERE region_code "
                            ">= ? AND region_code <= ?");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_text(st, 1, r->region_code);
        db_bind_text(st, 2, upper);
    }
    int rc = db_step(st);
    if (rc == DB_ROW && !db_col_null(st, 0)) {
        *station = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
