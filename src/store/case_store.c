#include "case_store.h"

#include <string.h>

#include "columns.h"

#define C_COLS                                                              \
    "k.id, k.station_id, s.name, s.region_code, k.client_id, c.name, "      \
    "k.worker_id, u.display_name, k.stage, k.pending, k.pending_since, "    \
    "k.source, k.problem, k.opened_on, k.risk_level, k.assessment, "        \
    "k.assessed_on, k.plan, k.review_on, k.plan_approved_by, "              \
    "k.evaluation, k.closure_reason, k.closure_summary, k.closed_on, "      \
    "k.closure_approved_by, k.transfer_worker_id, k.transfer_station_id, "  \
    "k.transfer_note, k.reopened, k.version, k.created_by, k.created_at, "  \
    "k.updated_at, tu.display_name, ts.name"

#define C_FROM                                                              \
    " FROM cases k JOIN stations s ON s.id = k.station_id JOIN clients c "  \
    "ON c.id = k.client_id JOIN users u ON u.id = k.worker_id LEFT JOIN "   \
    "users tu ON tu.id = k.transfer_worker_id LEFT JOIN stations ts ON "    \
    "ts.id = k.transfer_station_id "

/* Scope (4 parameters), then "self": the case's worker, or the one a
 * transfer offers it to (3). */
#define C_SCOPE                                                             \
    SCOPE_WHERE " AND (? = 0 OR k.worker_id = ? OR k.transfer_worker_id = ?)"

static void bind_scope(struct db_stmt *st, const struct scope *sc)
{
    scope_bind(st, 1, sc);
    db_bind_int(st, 5, sc->self_user);
    db_bind_int(st, 6, sc->self_user);
    db_bind_int(st, 7, sc->self_user);
}

static void read_case(struct db_stmt *st, struct arena *a, struct case_file *k)
{
    memset(k, 0, sizeof *k);
    k->id = db_col_int(st, 0);
    k->station_id = db_col_int(st, 1);
    k->station_name = store_text(a, st, 2);
    k->station_region = store_text(a, st, 3);
    k->client_id = db_col_int(st, 4);
    k->client_name = store_text(a, st, 5);
    k->worker_id = db_col_int(st, 6);
    k->worker_name = store_text(a, st, 7);
    k->stage = store_text(a, st, 8);
    k->pending = store_text(a, st, 9);
    k->pending_since = store_text_opt(a, st, 10);
    k->source = store_text(a, st, 11);
    k->problem = store_text(a, st, 12);
    k->opened_on = store_text(a, st, 13);
    k->risk_level = store_text(a, st, 14);
    k->assessment = store_text(a, st, 15);
    k->assessed_on = store_text_opt(a, st, 16);
    k->plan = store_text(a, st, 17);
    k->review_on = store_text_opt(a, st, 18);
    k->plan_approved_by = db_col_int(st, 19);
    k->evaluation = store_text(a, st, 20);
    k->closure_reason = store_text(a, st, 21);
    k->closure_summary = store_text(a, st, 22);
    k->closed_on = store_text_opt(a, st, 23);
    k->closure_approved_by = db_col_int(st, 24);
    k->transfer_worker_id = db_col_int(st, 25);
    k->transfer_station_id = db_col_int(st, 26);
    k->transfer_note = store_text(a, st, 27);
    k->reopened = db_col_int(st, 28);
    k->version = db_col_int(st, 29);
    k->created_by = db_col_int(st, 30);
    k->created_at = db_col_int(st, 31);
    k->updated_at = db_col_int(st, 32);
    k->transfer_worker_name = store_text_opt(a, st, 33);
    k->transfer_station_name = store_text_opt(a, st, 34);
}

static int read_events(struct db *db, struct arena *a, struct case_file *k)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT e.at, e.actor_id, e.actor, e.kind, e.stage, e.comment, "
            "COALESCE(u.display_name, e.actor) FROM case_events e LEFT JOIN "
            "users u ON u.id = e.actor_id WHERE e.case_id = ? ORDER BY e.id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, k->id);
    size_t cap = 8;
    k->events = arena_alloc(a, cap * sizeof *k->events);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        k->events = arena_grow(a, k->events, k->n_events, &cap,
                               sizeof *k->events);
        struct case_event *e = &k->events[k->n_events++];
        e->at = db_col_int(st, 0);
        e->actor_id = db_col_int(st, 1);
        e->actor = store_text(a, st, 2);
        e->kind = store_text(a, st, 3);
        e->stage = store_text(a, st, 4);
        e->comment = store_text(a, st, 5);
        e->actor_name = store_text(a, st, 6);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

static int read_referrals(struct db *db, struct arena *a, struct case_file *k)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT id, agency, reason, referred_on, outcome, outcome_on "
            "FROM case_referrals WHERE case_id = ? ORDER BY id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, k->id);
    size_t cap = 2;
    k->referrals = arena_alloc(a, cap * sizeof *k->referrals);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        k->referrals = arena_grow(a, k->referrals, k->n_referrals, &cap,
                                  sizeof *k->referrals);
        struct case_referral *r = &k->referrals[k->n_referrals++];
        r->id = db_col_int(st, 0);
        r->agency = store_text(a, st, 1);
        r->reason = store_text(a, st, 2);
        r->referred_on = store_text(a, st, 3);
        r->outcome = store_text(a, st, 4);
        r->outcome_on = store_text_opt(a, st, 5);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

/* Its service records (服务过程记录): how many, and their minutes. */
static int read_totals(struct db *db, struct case_file *k)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*), COALESCE(SUM(minutes), 0) FROM services "
            "WHERE case_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, k->id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        k->n_services = db_col_int(st, 0);
        k->service_minutes = db_col_int(st, 1);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

static int read_followups(struct db *db, struct arena *a, struct case_file *k)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT id, due_on, done_on, service_id FROM case_followups "
            "WHERE case_id = ? ORDER BY due_on, id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, k->id);
    size_t cap = 2;
    k->followups = arena_alloc(a, cap * sizeof *k->followups);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        k->followups = arena_grow(a, k->followups, k->n_followups, &cap,
                                  sizeof *k->followups);
        struct case_followup *f = &k->followups[k->n_followups++];
        f->id = db_col_int(st, 0);
        f->due_on = store_text(a, st, 1);
        f->done_on = store_text_opt(a, st, 2);
        f->service_id = db_col_int(st, 3);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int case_store_get(struct db *db, struct arena *a, const struct scope *sc,
                   int64_t id, struct case_file *out)
{
    bool opened = db_read_begin(db);
    struct db_stmt *st = db_prepare(
        db, "SELECT " C_COLS C_FROM "WHERE " C_SCOPE " AND k.id = ?");
    int rc = DB_ERROR;
    if (st) {
        bind_scope(st, sc);
        db_bind_int(st, 8, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
            read_case(st, a, out);
        }
        db_reset(st);
    }
    if (rc == DB_ROW) {
        int r2 = read_events(db, a, out);
        if (r2 == DB_OK) {
            r2 = read_referrals(db, a, out);
        }
        if (r2 == DB_OK) {
            r2 = read_followups(db, a, out);
        }
        if (r2 == DB_OK) {
            r2 = read_totals(db, out);
        }
        if (r2 != DB_OK) {
            rc = r2;
        }
    }
    db_read_end(db, opened);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

int case_store_peek(struct db *db, struct arena *a, const struct scope *sc,
                    int64_t id, const char **stage, int64_t *client_id,
                    int64_t *station_id)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT k.stage, k.client_id, k.station_id FROM cases k JOIN "
            "stations s ON s.id = k.station_id WHERE " C_SCOPE
            " AND k.id = ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_scope(st, sc);
    db_bind_int(st, 8, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *stage = arena_strdup(a, db_col_text(st, 0));
        *client_id = db_col_int(st, 1);
        *station_id = db_col_int(st, 2);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
}

/* Filters from parameter 8: station (2), worker (2), client (2), stage
 * (3: '', 'open' or a stage), pending (1). */
#define C_FILTERS                                                           \
    " AND (? = 0 OR k.station_id = ?) AND (? = 0 OR k.worker_id = ?) AND "  \
    "(? = 0 OR k.client_id = ?) AND (? = '' OR (? = 'open' AND k.stage <> " \
    "'closed') OR k.stage = ?) AND (? = 0 OR k.pending <> '')"

static int bind_list(struct db_stmt *st, const struct scope *sc,
                     const struct case_filter *f)
{
    bind_scope(st, sc);
    db_bind_int(st, 8, f->station_id);
    db_bind_int(st, 9, f->station_id);
    db_bind_int(st, 10, f->worker_id);
    db_bind_int(st, 11, f->worker_id);
    db_bind_int(st, 12, f->client_id);
    db_bind_int(st, 13, f->client_id);
    const char *stage = f->stage ? f->stage : "";
    db_bind_text(st, 14, stage);
    db_bind_text(st, 15, stage);
    db_bind_text(st, 16, stage);
    db_bind_int(st, 17, f->pending);
    return 18;
}

static int list(struct db *db, struct arena *a, const struct scope *sc,
                const struct case_filter *f, struct case_file **out,
                size_t *n, int64_t *total)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM (SELECT 1 FROM cases k JOIN stations s ON "
            "s.id = k.station_id WHERE " C_SCOPE C_FILTERS " LIMIT ?) t");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, bind_list(st, sc, f), CASE_COUNT_MAX + 1);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, "SELECT " C_COLS C_FROM "WHERE " C_SCOPE C_FILTERS
                        " ORDER BY k.id DESC LIMIT ? OFFSET ?");
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_list(st, sc, f);
    db_bind_int(st, i, f->limit);
    db_bind_int(st, i + 1, f->offset);
    *out = arena_alloc(a, sizeof **out * (size_t)(f->limit > 0 ? f->limit : 1));
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)f->limit) {
        read_case(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int case_store_list(struct db *db, struct arena *a, const struct scope *sc,
                    const struct case_filter *f, struct case_file **out,
                    size_t *n, int64_t *total)
{
    bool opened = db_read_begin(db);
    int rc = list(db, a, sc, f, out, n, total);
    db_read_end(db, opened);
    return rc;
}

struct each_case {
    bool (*fn)(void *ctx, const struct case_file *k);
    void *ctx;
    struct case_file *rows; /* the run's, in its arena */
};

static void each_case_read(struct db_stmt *st, struct arena *a, size_t i,
                           void *arg)
{
    struct each_case *e = arg;
    if (i == 0) {
        e->rows = arena_alloc(a, STORE_RUN * sizeof *e->rows);
    }
    read_case(st, a, &e->rows[i]);
}

static void add_totals(struct db_stmt *st, size_t i, void *arg)
{
    struct each_case *e = arg;
    e->rows[i].n_services = db_col_int(st, 1);
    e->rows[i].service_minutes = db_col_int(st, 2);
}

/* A run's counts of service records and their minutes, from
 * services_case (0 for a case with none: read_case zeroes them). */
static int each_case_run(struct db *db, struct arena *a, size_t n, void *arg)
{
    struct each_case *e = arg;
    int64_t *ids = arena_alloc(a, n * sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        ids[i] = e->rows[i].id;
    }
    int rc = store_children(
        db, "SELECT case_id, COUNT(*), COALESCE(SUM(minutes), 0) FROM "
            "services WHERE case_id IN " STORE_IN_IDS " GROUP BY case_id",
        ids, n, add_totals, e);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (!e->fn(e->ctx, &e->rows[i])) {
            rc = DB_DONE;
        }
    }
    return rc;
}

int case_store_each(struct db *db, const struct scope *sc,
                    const struct case_filter *f, size_t max,
                    bool (*fn)(void *ctx, const struct case_file *k),
                    void *ctx)
{
    bool opened = db_read_begin(db); /* one snapshot: no case twice */
    struct db_stmt *st = db_prepare(
        db, "SELECT " C_COLS C_FROM "WHERE " C_SCOPE C_FILTERS
            " ORDER BY k.id DESC LIMIT ? OFFSET ?");
    int rc = st ? DB_OK : DB_ERROR;
    if (rc == DB_OK) {
        int i = bind_list(st, sc, f);
        db_bind_int(st, i, (int64_t)max);
        db_bind_int(st, i + 1, 0);
        struct each_case e = {.fn = fn, .ctx = ctx};
        rc = store_each_run(db, st, each_case_read, each_case_run, &e);
    }
    db_read_end(db, opened);
    return rc;
}

static void bind_opt_text(struct db_stmt *st, int i, const char *s)
{
    if (s) {
        db_bind_text(st, i, s);
    } else {
        db_bind_null(st, i);
    }
}

static void bind_opt_id(struct db_stmt *st, int i, int64_t id)
{
    if (id) {
        db_bind_int(st, i, id);
    } else {
        db_bind_null(st, i);
    }
}

int case_store_insert(struct db *db, const struct case_file *c, int64_t now,
                      int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO cases (station_id, client_id, worker_id, stage, "
            "source, problem, opened_on, risk_level, created_by, version, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, "
            "?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, c->station_id);
    db_bind_int(st, 2, c->client_id);
    db_bind_int(st, 3, c->worker_id);
    db_bind_text(st, 4, c->stage);
    db_bind_text(st, 5, c->source);
    db_bind_text(st, 6, c->problem);
    db_bind_text(st, 7, c->opened_on);
    db_bind_text(st, 8, c->risk_level ? c->risk_level : "");
    db_bind_int(st, 9, c->created_by);
    db_bind_int(st, 10, now);
    db_bind_int(st, 11, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int case_store_update(struct db *db, const struct case_file *c,
                      int64_t expected_version, int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE cases SET station_id = ?, worker_id = ?, stage = ?, "
            "pending = ?, pending_since = ?, source = ?, problem = ?, "
            "risk_level = ?, assessment = ?, assessed_on = ?, plan = ?, "
            "review_on = ?, plan_approved_by = ?, evaluation = ?, "
            "closure_reason = ?, closure_summary = ?, closed_on = ?, "
            "closure_approved_by = ?, transfer_worker_id = ?, "
            "transfer_station_id = ?, transfer_note = ?, reopened = ?, "
            "version = version + 1, updated_at = ? WHERE id = ? AND "
            "version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, c->station_id);
    db_bind_int(st, 2, c->worker_id);
    db_bind_text(st, 3, c->stage);
    db_bind_text(st, 4, c->pending);
    bind_opt_text(st, 5, c->pending_since);
    db_bind_text(st, 6, c->source);
    db_bind_text(st, 7, c->problem);
    db_bind_text(st, 8, c->risk_level);
    db_bind_text(st, 9, c->assessment);
    bind_opt_text(st, 10, c->assessed_on);
    db_bind_text(st, 11, c->plan);
    bind_opt_text(st, 12, c->review_on);
    bind_opt_id(st, 13, c->plan_approved_by);
    db_bind_text(st, 14, c->evaluation);
    db_bind_text(st, 15, c->closure_reason);
    db_bind_text(st, 16, c->closure_summary);
    bind_opt_text(st, 17, c->closed_on);
    bind_opt_id(st, 18, c->closure_approved_by);
    bind_opt_id(st, 19, c->transfer_worker_id);
    bind_opt_id(st, 20, c->transfer_station_id);
    db_bind_text(st, 21, c->transfer_note);
    db_bind_int(st, 22, c->reopened);
    db_bind_int(st, 23, now);
    db_bind_int(st, 24, c->id);
    db_bind_int(st, 25, expected_version);
    return store_step_changed(st);
}

int case_store_add_event(struct db *db, int64_t case_id, int64_t now,
                         int64_t actor_id, const char *actor,
                         const char *kind, const char *stage,
                         const char *comment)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO case_events (case_id, at, actor_id, actor, kind, "
            "stage, comment) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, now);
    bind_opt_id(st, 3, actor_id);
    db_bind_text(st, 4, actor);
    db_bind_text(st, 5, kind);
    db_bind_text(st, 6, stage);
    db_bind_text(st, 7, comment ? comment : "");
    return store_step_done(st);
}

int case_store_add_referral(struct db *db, int64_t case_id,
                            const struct case_referral *r, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO case_referrals (case_id, agency, reason, "
            "referred_on) VALUES (?, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, case_id);
    db_bind_text(st, 2, r->agency);
    db_bind_text(st, 3, r->reason);
    db_bind_text(st, 4, r->referred_on);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int case_store_set_referral_outcome(struct db *db, int64_t case_id,
                                    int64_t id, const char *outcome,
                                    const char *outcome_on)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE case_referrals SET outcome = ?, outcome_on = ? WHERE "
            "id = ? AND case_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, outcome);
    db_bind_text(st, 2, outcome_on);
    db_bind_int(st, 3, id);
    db_bind_int(st, 4, case_id);
    return store_step_changed(st);
}

int case_store_add_followup(struct db *db, int64_t case_id,
                            const char *due_on)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO case_followups (case_id, due_on) VALUES (?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, case_id);
    db_bind_text(st, 2, due_on);
    return store_step_done(st);
}

int case_store_drop_open_followups(struct db *db, int64_t case_id)
{
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM case_followups WHERE case_id = ? AND done_on IS NULL");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, case_id);
    return store_step_done(st);
}

int case_store_open_of(struct db *db, int64_t client_id, int64_t except,
                       int64_t *id)
{
    *id = 0;
    struct db_stmt *st = db_prepare(
        db, "SELECT id FROM cases WHERE client_id = ? AND stage <> 'closed' "
            "AND id <> ? ORDER BY id LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, client_id);
    db_bind_int(st, 2, except);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int case_store_followup_done(struct db *db, int64_t case_id,
                             const char *day, int64_t service_id)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE case_followups SET done_on = ?, service_id = ? WHERE "
            "id = (SELECT id FROM case_followups WHERE case_id = ? AND "
            "done_on IS NULL ORDER BY due_on, id LIMIT 1)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, day);
    db_bind_int(st, 2, service_id);
    db_bind_int(st, 3, case_id);
    return store_step_done(st);
}
