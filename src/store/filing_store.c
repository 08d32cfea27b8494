#include "filing_store.h"

#include <string.h>

#include "columns.h"

/* In the scope: a station of the row's county (of its contract, when it
 * has one) is, and for an org_admin the contract is its organisation's;
 * or OWN, the row's organisation is the org_admin's own, which keeps its
 * filings and plans after the contract's term (SCOPE_OWN_ORG); the row
 * aliased x. Five parameters, bound by bind_in_scope(). */
#define IN_SCOPE(x, OWN)                                                    \
    "(EXISTS (SELECT 1 FROM stations s WHERE substr(s.region_code, 1, 6) = " \
    x ".region_code AND (" x ".contract_id IS NULL OR EXISTS (SELECT 1 "    \
    "FROM contract_stations cs WHERE cs.contract_id = " x ".contract_id "   \
    "AND cs.station_id = s.id)) AND "                                       \
    SCOPE_WHERE_OF_ORG("COALESCE((SELECT k.organisation_id FROM contracts " \
                       "k WHERE k.id = " x ".contract_id), "                \
                       "u.organisation_id)") ") OR " OWN ") "
#define CONTRACT_ORG(x)                                                     \
    "(SELECT k.organisation_id FROM contracts k WHERE k.id = " x            \
    ".contract_id)"
/* A filing's organisation is its contract's; a plan's may be named. */
#define F_SCOPE IN_SCOPE("f", SCOPE_OWN_ORG(CONTRACT_ORG("f")))
#define P_SCOPE                                                             \
    IN_SCOPE("p", SCOPE_OWN_ORG("COALESCE(" CONTRACT_ORG("p")               \
                                ", p.organisation_id)"))

/* Binds IN_SCOPE's parameters; the next one is 6. */
static void bind_in_scope(struct db_stmt *st, const struct scope *sc)
{
    scope_bind(st, 1, sc);
    scope_bind_own_org(st, 5, sc);
}

/* A contract copy's day of filing is also its contract's 备案日期 (one
 * fact, written to both in one transaction: sync_contract below and
 * contract_store_update); a row from before that, undated while its
 * contract was dated, reads the contract's. */
#define F_FILED_ON                                                          \
    "COALESCE(f.filed_on, CASE WHEN f.kind = 'contract_copy' THEN (SELECT " \
    "k.filed_on FROM contracts k WHERE k.id = f.contract_id) END)"
#define F_COLS                                                              \
    "f.id, f.region_code, f.contract_id, c.code, f.kind, f.year, f.title, " \
    "f.filed_with, f.due_on, f.due_provisional, " F_FILED_ON ", f.notes, "  \
    "f.version, f.created_by, f.created_at, f.updated_at"
#define F_FROM " FROM filings f LEFT JOIN contracts c ON c.id = f.contract_id "
#define F_FILTERS                                                           \
    "AND (? = 0 OR f.contract_id = ?) AND (? = '' OR f.kind = ?) AND (? = " \
    "0 OR f.year = ?) AND (? = 0 OR " F_FILED_ON " IS NULL) "

static void read_filing(struct db_stmt *st, struct arena *a, struct filing *f)
{
    memset(f, 0, sizeof *f);
    f->id = db_col_int(st, 0);
    f->region_code = store_text(a, st, 1);
    f->contract_id = db_col_int(st, 2);
    f->contract_code = store_text_opt(a, st, 3);
    f->kind = store_text(a, st, 4);
    f->year = db_col_int(st, 5);
    f->title = store_text(a, st, 6);
    f->filed_with = store_text(a, st, 7);
    f->due_on = store_text_opt(a, st, 8);
    f->due_provisional = db_col_int(st, 9) != 0;
    f->filed_on = store_text_opt(a, st, 10);
    f->notes = store_text(a, st, 11);
    f->version = db_col_int(st, 12);
    f->created_by = db_col_int(st, 13);
    f->created_at = db_col_int(st, 14);
    f->updated_at = db_col_int(st, 15);
}

static void bind_filters(struct db_stmt *st, int first,
                         const struct filing_filter *f)
{
    db_bind_int(st, first, f->contract_id);
    db_bind_int(st, first + 1, f->contract_id);
    db_bind_text(st, first + 2, f->kind ? f->kind : "");
    db_bind_text(st, first + 3, f->kind ? f->kind : "");
    db_bind_int(st, first + 4, f->year);
    db_bind_int(st, first + 5, f->year);
    db_bind_int(st, first + 6, f->pending);
}

int filing_store_list(struct db *db, struct arena *a, const struct scope *sc,
                      const struct filing_filter *f, int limit, int64_t offset,
                      struct filing **out, size_t *n, int64_t *total)
{
    bool opened = db_read_begin(db);
    *n = 0;
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM filings f WHERE " F_SCOPE F_FILTERS);
    int rc = DB_ERROR;
    if (st) {
        bind_in_scope(st, sc);
        bind_filters(st, 6, f);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        rc = DB_ERROR;
        st = db_prepare(db, "SELECT " F_COLS F_FROM "WHERE " F_SCOPE
                            F_FILTERS "ORDER BY f.due_on IS NULL, f.due_on, "
                            "f.id LIMIT ? OFFSET ?");
        if (st) {
            bind_in_scope(st, sc);
            bind_filters(st, 6, f);
            db_bind_int(st, 13, limit);
            db_bind_int(st, 14, offset);
            *out = arena_alloc(a, sizeof **out *
                                      (size_t)(limit > 0 ? limit : 1));
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
                read_filing(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int filing_store_get(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t id, struct filing *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " F_COLS F_FROM "WHERE " F_SCOPE "AND f.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_in_scope(st, sc);
    db_bind_int(st, 6, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_filing(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

static void bind_opt_id(struct db_stmt *st, int idx, int64_t id)
{
    if (id > 0) {
        db_bind_int(st, idx, id);
    } else {
        db_bind_null(st, idx);
    }
}

/* The contract's 备案日期 follows its copy's filing: the compliance rule
 * (contract.filing_deadline) and the contract's page read the contract,
 * the 备案管理 page the filing, and a day recorded on either is the
 * other's. Written first, so that a filing's write takes the contract's
 * row before its own, as the contract's change does; the contract's
 * version moves only when the day does, so that a contract form opened
 * before cannot put the old day back. */
static int sync_contract(struct db *db, const struct filing *f, int64_t now)
{
    if (f->contract_id <= 0 || strcmp(f->kind, "contract_copy") != 0) {
        return DB_OK;
    }
    struct db_stmt *st = db_prepare(
        db, "UPDATE contracts SET filed_on = ?, version = version + 1, "
            "updated_at = ? WHERE id = ? AND COALESCE(filed_on, '') <> "
            "COALESCE(?, '')");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, f->filed_on);
    db_bind_int(st, 2, now);
    db_bind_int(st, 3, f->contract_id);
    db_bind_text(st, 4, f->filed_on);
    return store_step_done(st);
}

int filing_store_insert(struct db *db, const struct filing *f, int64_t now,
                        int64_t *id)
{
    /* A new filing without its day leaves a day the contract has: the
     * read gives it the contract's. */
    int rc = f->filed_on ? sync_contract(db, f, now) : DB_OK;
    if (rc != DB_OK) {
        return rc;
    }
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO filings (region_code, contract_id, kind, year, "
            "title, filed_with, due_on, due_provisional, filed_on, notes, "
            "version, created_by, created_at, updated_at) VALUES (?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, f->region_code);
    bind_opt_id(st, 2, f->contract_id);
    db_bind_text(st, 3, f->kind);
    db_bind_int(st, 4, f->year);
    db_bind_text(st, 5, f->title);
    db_bind_text(st, 6, f->filed_with ? f->filed_with : "");
    db_bind_text(st, 7, f->due_on);
    db_bind_int(st, 8, f->due_provisional ? 1 : 0);
    db_bind_text(st, 9, f->filed_on);
    db_bind_text(st, 10, f->notes ? f->notes : "");
    bind_opt_id(st, 11, f->created_by);
    db_bind_int(st, 12, now);
    db_bind_int(st, 13, now);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int filing_store_same(struct db *db, const struct filing *f, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT id FROM filings WHERE region_code = ? AND kind = ? AND "
            "year = ? AND COALESCE(contract_id, 0) = ? ORDER BY id LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, f->region_code);
    db_bind_text(st, 2, f->kind);
    db_bind_int(st, 3, f->year);
    db_bind_int(st, 4, f->contract_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int filing_store_update(struct db *db, const struct filing *f,
                        int64_t expected_version, int64_t now)
{
    int rc = sync_contract(db, f, now);
    if (rc != DB_OK) {
        return rc;
    }
    struct db_stmt *st = db_prepare(
        db, "UPDATE filings SET title = ?, filed_with = ?, due_on = ?, "
            "due_provisional = ?, filed_on = ?, notes = ?, version = version "
            "+ 1, updated_at = ? WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, f->title);
    db_bind_text(st, 2, f->filed_with ? f->filed_with : "");
    db_bind_text(st, 3, f->due_on);
    db_bind_int(st, 4, f->due_provisional ? 1 : 0);
    db_bind_text(st, 5, f->filed_on);
    db_bind_text(st, 6, f->notes ? f->notes : "");
    db_bind_int(st, 7, now);
    db_bind_int(st, 8, f->id);
    db_bind_int(st, 9, expected_version);
    return store_step_changed(st);
}

/* ---- debarments -------------------------------------------------------- */

#define D_COLS                                                              \
    "d.id, d.organisation_id, o.name, d.starts_on, d.ends_on, d.reason, "   \
    "d.contract_id, d.created_by, d.created_at FROM debarments d JOIN "     \
    "organisations o ON o.id = d.organisation_id "

static void read_debarment(struct db_stmt *st, struct arena *a,
                           struct debarment *d)
{
    memset(d, 0, sizeof *d);
    d->id = db_col_int(st, 0);
    d->organisation_id = db_col_int(st, 1);
    d->organisation_name = store_text(a, st, 2);
    d->starts_on = store_text(a, st, 3);
    d->ends_on = store_text(a, st, 4);
    d->reason = store_text(a, st, 5);
    d->contract_id = db_col_int(st, 6);
    d->created_by = db_col_int(st, 7);
    d->created_at = db_col_int(st, 8);
}

int debarment_store_list(struct db *db, struct arena *a,
                         int64_t organisation_id, int limit, int64_t offset,
                         struct debarment **out, size_t *n, int64_t *total)
{
    bool opened = db_read_begin(db);
    *n = 0;
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM debarments WHERE (? = 0 OR "
            "organisation_id = ?)");
    int rc = DB_ERROR;
    if (st) {
        db_bind_int(st, 1, organisation_id);
        db_bind_int(st, 2, organisation_id);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        rc = DB_ERROR;
        st = db_prepare(db, "SELECT " D_COLS "WHERE (? = 0 OR "
                            "d.organisation_id = ?) ORDER BY d.starts_on "
                            "DESC, d.id DESC LIMIT ? OFFSET ?");
        if (st) {
            db_bind_int(st, 1, organisation_id);
            db_bind_int(st, 2, organisation_id);
            db_bind_int(st, 3, limit);
            db_bind_int(st, 4, offset);
            *out = arena_alloc(a, sizeof **out *
                                      (size_t)(limit > 0 ? limit : 1));
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
                read_debarment(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int debarment_store_insert(struct db *db, const struct debarment *d,
                           int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO debarments (organisation_id, starts_on, ends_on, "
            "reason, contract_id, created_by, created_at) VALUES (?, ?, ?, "
            "?, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, d->organisation_id);
    db_bind_text(st, 2, d->starts_on);
    db_bind_text(st, 3, d->ends_on);
    db_bind_text(st, 4, d->reason);
    bind_opt_id(st, 5, d->contract_id);
    bind_opt_id(st, 6, d->created_by);
    db_bind_int(st, 7, d->created_at);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int debarment_store_over(struct db *db, struct arena *a,
                         int64_t organisation_id, const char *from,
                         const char *to, struct debarment *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " D_COLS "WHERE d.organisation_id = ? AND d.starts_on "
            "<= ? AND d.ends_on >= ? ORDER BY d.ends_on DESC LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, organisation_id);
    db_bind_text(st, 2, to);
    db_bind_text(st, 3, from);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_debarment(st, a, out);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

/* ---- annual plans ------------------------------------------------------ */

#define P_COLS                                                              \
    "p.id, p.kind, p.region_code, p.year, p.organisation_id, o.name, "      \
    "p.contract_id, p.title, p.summary, p.version, p.created_by, "          \
    "p.created_at, p.updated_at FROM work_plans p LEFT JOIN organisations " \
    "o ON o.id = p.organisation_id "
#define P_FILTERS "AND (? = '' OR p.kind = ?) AND (? = 0 OR p.year = ?) "

static void read_plan(struct db_stmt *st, struct arena *a, struct work_plan *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int(st, 0);
    p->kind = store_text(a, st, 1);
    p->region_code = store_text(a, st, 2);
    p->year = db_col_int(st, 3);
    p->organisation_id = db_col_int(st, 4);
    p->organisation_name = store_text_opt(a, st, 5);
    p->contract_id = db_col_int(st, 6);
    p->title = store_text(a, st, 7);
    p->summary = store_text(a, st, 8);
    p->version = db_col_int(st, 9);
    p->created_by = db_col_int(st, 10);
    p->created_at = db_col_int(st, 11);
    p->updated_at = db_col_int(st, 12);
}

static int read_milestones(struct db *db, struct arena *a, struct work_plan *p)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT id, title, due_on, done_on FROM work_plan_milestones "
            "WHERE plan_id = ? ORDER BY due_on, id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, p->id);
    size_t cap = 4;
    p->milestones = arena_alloc(a, cap * sizeof *p->milestones);
    p->n_milestones = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        p->milestones = arena_grow(a, p->milestones, p->n_milestones, &cap,
                                   sizeof *p->milestones);
        struct milestone *m = &p->milestones[p->n_milestones++];
        m->id = db_col_int(st, 0);
        m->title = store_text(a, st, 1);
        m->due_on = store_text(a, st, 2);
        m->done_on = store_text_opt(a, st, 3);
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int work_plan_store_list(struct db *db, struct arena *a,
                         const struct scope *sc, const char *kind, int year,
                         int limit, int64_t offset, struct work_plan **out,
                         size_t *n, int64_t *total)
{
    bool opened = db_read_begin(db);
    *n = 0;
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM work_plans p WHERE " P_SCOPE
            P_FILTERS);
    int rc = DB_ERROR;
    if (st) {
        bind_in_scope(st, sc);
        db_bind_text(st, 6, kind ? kind : "");
        db_bind_text(st, 7, kind ? kind : "");
        db_bind_int(st, 8, year);
        db_bind_int(st, 9, year);
        rc = db_step(st);
        *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
    }
    if (rc == DB_ROW) {
        rc = DB_ERROR;
        st = db_prepare(db, "SELECT " P_COLS "WHERE " P_SCOPE P_FILTERS
                            "ORDER BY p.year DESC, p.kind, p.id LIMIT ? "
                            "OFFSET ?");
        if (st) {
            bind_in_scope(st, sc);
            db_bind_text(st, 6, kind ? kind : "");
            db_bind_text(st, 7, kind ? kind : "");
            db_bind_int(st, 8, year);
            db_bind_int(st, 9, year);
            db_bind_int(st, 10, limit);
            db_bind_int(st, 11, offset);
            *out = arena_alloc(a, sizeof **out *
                                      (size_t)(limit > 0 ? limit : 1));
            while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
                read_plan(st, a, &(*out)[(*n)++]);
            }
            db_reset(st);
        }
    }
    for (size_t i = 0; rc == DB_DONE && i < *n; i++) {
        int r2 = read_milestones(db, a, &(*out)[i]);
        rc = r2 == DB_OK ? DB_DONE : r2;
    }
    db_read_end(db, opened);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int work_plan_store_get(struct db *db, struct arena *a, const struct scope *sc,
                        int64_t id, struct work_plan *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " P_COLS "WHERE " P_SCOPE "AND p.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_in_scope(st, sc);
    db_bind_int(st, 6, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_plan(st, a, out);
    }
    db_reset(st);
    if (rc == DB_ROW) {
        int r2 = read_milestones(db, a, out);
        return r2 == DB_OK ? DB_ROW : r2;
    }
    return rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int work_plan_store_save(struct db *db, struct work_plan *p,
                         int64_t expected_version, int64_t now)
{
    struct db_stmt *st;
    int rc;
    if (p->id == 0) {
        st = db_prepare(
            db, "INSERT INTO work_plans (kind, region_code, year, "
                "organisation_id, contract_id, title, summary, version, "
                "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
                "?, ?, 1, ?, ?, ?) RETURNING id");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_text(st, 1, p->kind);
        db_bind_text(st, 2, p->region_code);
        db_bind_int(st, 3, p->year);
        bind_opt_id(st, 4, p->organisation_id);
        bind_opt_id(st, 5, p->contract_id);
        db_bind_text(st, 6, p->title);
        db_bind_text(st, 7, p->summary ? p->summary : "");
        bind_opt_id(st, 8, p->created_by);
        db_bind_int(st, 9, now);
        db_bind_int(st, 10, now);
        rc = db_step(st);
        if (rc == DB_ROW) {
            p->id = db_col_int(st, 0);
        }
        db_reset(st);
        rc = rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    } else {
        st = db_prepare(db, "UPDATE work_plans SET title = ?, summary = ?, "
                            "version = version + 1, updated_at = ? WHERE id "
                            "= ? AND version = ?");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_text(st, 1, p->title);
        db_bind_text(st, 2, p->summary ? p->summary : "");
        db_bind_int(st, 3, now);
        db_bind_int(st, 4, p->id);
        db_bind_int(st, 5, expected_version);
        rc = store_step_changed(st);
    }
    if (rc != DB_OK) {
        return rc;
    }
    st = db_prepare(db, "DELETE FROM work_plan_milestones WHERE plan_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, p->id);
    rc = store_step_done(st);
    for (size_t i = 0; rc == DB_OK && i < p->n_milestones; i++) {
        st = db_prepare(db, "INSERT INTO work_plan_milestones (plan_id, "
                            "title, due_on, done_on) VALUES (?, ?, ?, ?)");
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, p->id);
        db_bind_text(st, 2, p->milestones[i].title);
        db_bind_text(st, 3, p->milestones[i].due_on);
        db_bind_text(st, 4, p->milestones[i].done_on);
        rc = store_step_done(st);
    }
    return rc;
}
