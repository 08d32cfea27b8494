#include "task_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../store/visit_due_store.h"
#include "../util/parse.h"

static const char *plus_days(struct arena *a, const char *day, int days)
{
    int y, m, d;
    if (!day || !parse_date(day, &y, &m, &d)) {
        return NULL;
    }
    char *out = arena_alloc(a, 11);
    cn_date_format(cn_civil_from_days(cn_days_from_civil(y, m, d) + days),
                   out);
    return out;
}

static const char *day_of(struct arena *a, int64_t at)
{
    char *out = arena_alloc(a, 11);
    cn_date_format(cn_date_of(at), out);
    return out;
}

struct tasks {
    struct arena *a;
    struct task *items;
    size_t n, cap;
};

static void add(struct tasks *t, const char *kind, const char *due,
                const struct task_row *r, const char *detail)
{
    if (!due) {
        return;
    }
    t->items = arena_grow(t->a, t->items, t->n, &t->cap, sizeof *t->items);
    struct task *k = &t->items[t->n++];
    k->kind = kind;
    k->due_on = due;
    k->case_id = r->case_id;
    k->client_id = r->client_id;
    k->station_id = r->station_id;
    k->worker_id = r->worker_id;
    k->client_name = r->client_name;
    k->detail = detail;
}

/* Client visits: the kept next-visit rows (store/visit_due_store.h).
 * A row whose window does not hold today (a category started or ended
 * since it was written) is computed afresh; its id goes to *stale. */
static int add_visits(struct db *db, struct tasks *t, const struct scope *sc,
                      struct task_owner o, const char *today,
                      int64_t **stale, size_t *n_stale)
{
    struct visit_due *rows;
    size_t n, cap = 0;
    int rc = visit_due_store_read(db, t->a, sc, o, &rows, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        struct visit_due *v = &rows[i];
        if (!visit_due_holds(v, today)) {
            bool found;
            *stale = arena_grow(t->a, *stale, *n_stale, &cap, sizeof **stale);
            (*stale)[(*n_stale)++] = v->client_id;
            rc = visit_due_store_compute(db, t->a, v->client_id, today, v,
                                         &found);
            if (rc != DB_OK || !found) {
                continue;
            }
        }
        if (v->code) {
            struct task_row r = {.client_id = v->client_id,
                                 .station_id = v->station_id,
                                 .worker_id = v->worker_id,
                                 .client_name = v->name};
            add(t, "client_visit", v->due_on, &r, v->code);
        }
    }
    return rc;
}

static int by_due(const void *x, const void *y)
{
    const struct task *a = x, *b = y;
    int c = strcmp(a->due_on, b->due_on);
    if (c) {
        return c;
    }
    c = strcmp(a->kind, b->kind);
    if (c) {
        return c;
    }
    if (a->client_id != b->client_id) {
        return a->client_id < b->client_id ? -1 : 1;
    }
    /* Two cases of one client: the page boundaries stay put. */
    return a->case_id < b->case_id ? -1 : a->case_id > b->case_id;
}

/* Whether a due date falls in the query's window. */
static bool in_window(const struct task_query *q, const char *due)
{
    bool late = strcmp(due, q->today) < 0;
    switch (q->window) {
    case TASK_OVERDUE:
        return late;
    case TASK_WEEK:
        return !late && strcmp(due, q->week_end) <= 0;
    default:
        return true;
    }
}

/* Counts the tasks from index first on. */
static void count(const struct task_query *q, const struct tasks *t,
                  size_t first, struct task_counts *c)
{
    for (size_t i = first; i < t->n; i++) {
        const char *due = t->items[i].due_on;
        bool late = strcmp(due, q->today) < 0;
        c->all++;
        c->overdue += late;
        c->week += !late && strcmp(due, q->week_end) <= 0;
        c->shown += in_window(q, due);
    }
}

/* The fast way to the visits, on fresh rows: counts from index ranges,
 * and only the first page * limit rows of the window. *done false (and
 * nothing added) when the owner's rows are of several stations. */
static int fast_visits(struct db *db, struct tasks *t, const struct scope *sc,
                       const struct task_query *q, struct task_counts *c,
                       bool *done)
{
    struct visit_due_sum sum;
    *done = false;
    int rc = visit_due_store_summary(db, sc, q->owner, q->today, q->week_end,
                                     &sum);
    if (rc != DB_OK || !sum.uniform) {
        return rc;
    }
    *done = true;
    c->all += sum.all;
    c->overdue += sum.overdue;
    c->week += sum.week;
    int64_t in = q->window == TASK_OVERDUE ? sum.overdue
                 : q->window == TASK_WEEK  ? sum.week
                                           : sum.all;
    c->shown += in;
    if (in == 0) {
        return DB_OK;
    }
    const char *from = q->window == TASK_WEEK ? q->today : "";
    const char *before = q->window == TASK_OVERDUE ? q->today
                         : q->window == TASK_WEEK
                             ? plus_days(t->a, q->week_end, 1)
                             : "9999-99-99~";
    struct visit_due *rows;
    size_t n;
    rc = visit_due_store_first(db, t->a, q->owner, sum.station_id, from,
                               before, q->page * q->limit, &rows, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        struct task_row r = {.client_id = rows[i].client_id,
                             .station_id = rows[i].station_id,
                             .worker_id = rows[i].worker_id,
                             .client_name = rows[i].name};
        add(t, "client_visit", rows[i].due_on, &r, rows[i].code);
    }
    return rc;
}

/* Rows that do not hold today (a category started or ended since they
 * were written) are rewritten first, all of them: the first request of
 * a day does the day's pass. False when they could not be. */
static bool make_fresh(struct db *db, const char *today)
{
    bool fresh = false;
    if (visit_due_store_fresh(db, today, &fresh) != DB_OK) {
        return false;
    }
    if (fresh) {
        return true;
    }
    if (db_begin(db) != DB_OK) {
        return false;
    }
    if (visit_due_store_refresh_stale(db, today) != DB_OK ||
        db_commit(db) != DB_OK) {
        db_rollback(db);
        return false;
    }
    return true;
}

int task_list_build(struct db *db, struct arena *a, const struct scope *sc,
                    const struct profile *p, const struct task_query *q,
                    struct task **out, size_t *n, struct task_counts *c)
{
    struct tasks t = {.a = a, .cap = 16};
    t.items = arena_alloc(a, t.cap * sizeof *t.items);
    memset(c, 0, sizeof *c);
    struct task_owner o = q->owner;
    /* Range "self" keeps only the user's own clients and cases, so her
     * tasks are the only ones she may list: a station's are hers there,
     * another worker's none (the station's range alone would show the
     * station's clients by name and category). */
    if (sc->self_user) {
        if (o.worker_id && o.worker_id != sc->self_user) {
            *out = t.items;
            *n = 0;
            return DB_OK;
        }
        o = (struct task_owner){.worker_id = sc->self_user};
    }
    struct task_query own = *q;
    own.owner = o;
    q = &own;
    /* One read transaction for the whole list (SQLite takes and drops
     * its WAL read lock with each): the rows are checked for today in
     * it, and only on a day's first request is it left for the write. */
    bool opened = db_read_begin(db);
    bool fresh = false;
    if (p->n_visit_schedules &&
        (visit_due_store_fresh(db, q->today, &fresh) != DB_OK || !fresh)) {
        db_read_end(db, opened);
        fresh = make_fresh(db, q->today);
        opened = db_read_begin(db);
    }
    struct task_row *rows;
    size_t m;
    int rc = task_store_cases(db, a, sc, o, &rows, &m);
    for (size_t i = 0; rc == DB_OK && i < m; i++) {
        const struct task_row *r = &rows[i];
        if (strcmp(r->a, "intake") == 0) {
            add(&t, "case_assessment", plus_days(a, r->b, p->assessment_days),
                r, NULL);
        } else if (strcmp(r->a, "assessment") == 0 ||
                   strcmp(r->a, "planning") == 0) {
            /* A plan the supervisor returned is due when the first was. */
            add(&t, "case_plan", plus_days(a, r->c, p->plan_days), r, NULL);
        } else if (strcmp(r->a, "evaluation") == 0) {
            /* Closing (or a closure returned): no deadline is set, so
             * it is today's until submitted. */
            add(&t, "case_closure", q->today, r, NULL);
        } else {
            add(&t, "plan_review", r->c, r, NULL);
        }
    }
    if (rc == DB_OK) {
        rc = task_store_followups(db, a, sc, o, &rows, &m);
        for (size_t i = 0; rc == DB_OK && i < m; i++) {
            add(&t, "case_followup", rows[i].a, &rows[i], NULL);
        }
    }
    if (rc == DB_OK && q->user_id) {
        rc = task_store_transfers(db, a, q->user_id, &rows, &m);
        for (size_t i = 0; rc == DB_OK && i < m; i++) {
            add(&t, "transfer", day_of(a, rows[i].created_at), &rows[i],
                rows[i].a);
        }
    }
    if (rc == DB_OK) {
        /* A child whose guardian died: due the day she died (today when
         * not recorded), until her guardians are brought up to date. */
        char born_after[24]; /* today, 18 years back: YYYY-MM-DD */
        snprintf(born_after, sizeof born_after, "%04d%.6s",
                 atoi(q->today) - 18, q->today + 4);
        rc = task_store_guardians_died(db, a, sc, o, born_after, &rows, &m);
        for (size_t i = 0; rc == DB_OK && i < m; i++) {
            add(&t, "guardian_died", rows[i].b ? rows[i].b : q->today,
                &rows[i], rows[i].a);
        }
    }
    /* Everything so far is counted here; the fast path counts its own. */
    size_t counted = t.n;
    count(q, &t, 0, c);
    int64_t *stale = NULL;
    size_t n_stale = 0;
    bool done = false;
    if (rc == DB_OK && p->n_visit_schedules) {
        if (fresh) {
            rc = fast_visits(db, &t, sc, q, c, &done);
        }
        if (rc == DB_OK && !done) {
            rc = add_visits(db, &t, sc, o, q->today, &stale, &n_stale);
            count(q, &t, counted, c);
        }
    }
    db_read_end(db, opened);
    if (rc != DB_OK) {
        return rc;
    }
    /* The lazy pass: rows past their window are rewritten for today. The
     * answer does not depend on it. */
    if (n_stale && db_begin(db) == DB_OK) {
        if (visit_due_store_refresh_ids(db, stale, n_stale) != DB_OK ||
            db_commit(db) != DB_OK) {
            db_rollback(db);
        }
    }
    /* The window's tasks in order, then the page. */
    size_t k = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (in_window(q, t.items[i].due_on)) {
            t.items[k++] = t.items[i];
        }
    }
    qsort(t.items, k, sizeof *t.items, by_due);
    int64_t first = (q->page - 1) * q->limit;
    *out = t.items + (first < (int64_t)k ? first : (int64_t)k);
    *n = first < (int64_t)k ? (size_t)((int64_t)k - first) : 0;
    if (*n > (size_t)q->limit) {
        *n = (size_t)q->limit;
    }
    return DB_OK;
}

int task_list_build_stations(struct db *db, struct arena *a,
                             const struct scope *sc, const struct profile *p,
                             const struct task_query *q,
                             const int64_t *stations, size_t n_stations,
                             int64_t depth, struct task **out, size_t *n,
                             struct task_counts *c)
{
    memset(c, 0, sizeof *c);
    /* Whatever the page, it lies among each station's first page * limit
     * tasks in order: read no further than depth. */
    int64_t keep = q->page * q->limit;
    struct task_query one = *q;
    one.user_id = 0;
    one.page = 1;
    one.limit = (int)(keep < depth ? keep : depth);
    struct tasks all = {.a = a, .cap = 16};
    all.items = arena_alloc(a, all.cap * sizeof *all.items);
    for (size_t s = 0; s < n_stations; s++) {
        one.owner = (struct task_owner){.station_id = stations[s]};
        struct task *items;
        size_t m;
        struct task_counts sc_counts;
        int rc = task_list_build(db, a, sc, p, &one, &items, &m, &sc_counts);
        if (rc != DB_OK) {
            return rc;
        }
        c->overdue += sc_counts.overdue;
        c->week += sc_counts.week;
        c->all += sc_counts.all;
        c->shown += sc_counts.shown;
        for (size_t i = 0; i < m; i++) {
            all.items = arena_grow(a, all.items, all.n, &all.cap,
                                   sizeof *all.items);
            all.items[all.n++] = items[i];
        }
    }
    qsort(all.items, all.n, sizeof *all.items, by_due);
    if ((int64_t)all.n > depth) {
        all.n = (size_t)depth;
    }
    int64_t first = (q->page - 1) * q->limit;
    *out = all.items + (first < (int64_t)all.n ? first : (int64_t)all.n);
    *n = first < (int64_t)all.n ? (size_t)((int64_t)all.n - first) : 0;
    if (*n > (size_t)q->limit) {
        *n = (size_t)q->limit;
    }
    return DB_OK;
}
