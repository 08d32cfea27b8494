#include "task_list.h"

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
    return a->client_id < b->client_id ? -1 : a->client_id > b->client_id;
}

int task_list_build(struct db *db, struct arena *a, const struct scope *sc,
                    const struct profile *p, struct task_owner o,
                    int64_t user_id, const char *today, struct task **out,
                    size_t *n)
{
    struct tasks t = {.a = a, .cap = 16};
    t.items = arena_alloc(a, t.cap * sizeof *t.items);
    bool opened = db_read_begin(db);
    struct task_row *rows;
    size_t m;
    int rc = task_store_cases(db, a, sc, o, &rows, &m);
    for (size_t i = 0; rc == DB_OK && i < m; i++) {
        const struct task_row *r = &rows[i];
        if (strcmp(r->a, "intake") == 0) {
            add(&t, "case_assessment", plus_days(a, r->b, p->assessment_days),
                r, NULL);
        } else if (strcmp(r->a, "assessment") == 0) {
            add(&t, "case_plan", plus_days(a, r->c, p->plan_days), r, NULL);
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
    if (rc == DB_OK && user_id) {
        rc = task_store_transfers(db, a, user_id, &rows, &m);
        for (size_t i = 0; rc == DB_OK && i < m; i++) {
            add(&t, "transfer", day_of(a, rows[i].created_at), &rows[i],
                rows[i].a);
        }
    }
    int64_t *stale = NULL;
    size_t n_stale = 0;
    if (rc == DB_OK && p->n_visit_schedules) {
        rc = add_visits(db, &t, sc, o, today, &stale, &n_stale);
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
    qsort(t.items, t.n, sizeof *t.items, by_due);
    *out = t.items;
    *n = t.n;
    return DB_OK;
}
