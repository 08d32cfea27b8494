#include "evaluation_service.h"

#include <stdio.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "rule_fail.h"

const char *evaluation_grade(int64_t total, int64_t max,
                             const int64_t bands[BAND_COUNT])
{
    static const char *const grades[BAND_COUNT] = {"excellent", "good",
                                                   "pass"};
    for (int i = 0; i < BAND_COUNT; i++) {
        if (max > 0 && total * 100 >= bands[i] * max) {
            return grades[i];
        }
    }
    return "fail";
}

static const struct eval_indicator *find(const struct eval_indicator *tree,
                                         size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++) {
        if (tree[i].id == id) {
            return &tree[i];
        }
    }
    return NULL;
}

/* A 二级指标 that is scored: active, under an active 一级指标. */
static bool scored(const struct eval_indicator *tree, size_t n,
                   const struct eval_indicator *it)
{
    if (!it || !it->active || it->parent_id == 0) {
        return false;
    }
    const struct eval_indicator *p = find(tree, n, it->parent_id);
    return p && p->active;
}

static const char *path(struct arena *a, size_t i, const char *member)
{
    return arena_printf(a, "scores[%zu].%s", i, member);
}

int evaluation_score(struct arena *a, const struct eval_indicator *tree,
                     size_t n, struct eval_score *scores, size_t n_scores,
                     const int64_t bands[BAND_COUNT], struct eval_result *out,
                     struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (scored(tree, n, &tree[i])) {
            out->max += tree[i].max_score;
        }
    }
    if (out->max == 0) {
        return rule_fail(fail, 409, MSG_EVAL_NO_INDICATORS, "scores", NULL,
                         NULL);
    }
    for (size_t i = 0; i < n_scores; i++) {
        const struct eval_indicator *it =
            find(tree, n, scores[i].indicator_id);
        if (!scored(tree, n, it)) {
            return rule_fail(fail, 400, MSG_NOT_FOUND,
                             path(a, i, "indicator_id"), "在用的二级指标",
                             "indicator in use");
        }
        for (size_t j = 0; j < i; j++) {
            if (scores[j].indicator_id == it->id) {
                return rule_fail(fail, 400, MSG_LISTED_TWICE,
                                 path(a, i, "indicator_id"), it->name,
                                 it->name_en);
            }
        }
        if (scores[i].score < 0 || scores[i].score > it->max_score) {
            return rule_fail(fail, 400, MSG_EVAL_SCORE_RANGE,
                             path(a, i, "score"), it->name, it->name_en);
        }
        scores[i].max_score = it->max_score;
        scores[i].name = it->name;
        scores[i].dimension = find(tree, n, it->parent_id)->name;
        out->total += scores[i].score;
    }
    /* The tree's order (一级指标 first in the store's order, each with its
     * own below) numbers the scores, and finds the one left out. */
    int64_t seq = 0;
    for (size_t p = 0; p < n; p++) {
        if (tree[p].parent_id != 0 || !tree[p].active) {
            continue;
        }
        for (size_t c = 0; c < n; c++) {
            if (tree[c].parent_id != tree[p].id || !tree[c].active) {
                continue;
            }
            seq++;
            size_t k = 0;
            while (k < n_scores && scores[k].indicator_id != tree[c].id) {
                k++;
            }
            if (k == n_scores) {
                return rule_fail(fail, 400, MSG_EVAL_UNSCORED, "scores",
                                 tree[c].name, tree[c].name_en);
            }
            scores[k].seq = seq;
        }
    }
    out->grade = evaluation_grade(out->total, out->max, bands);
    out->passed = strcmp(out->grade, "fail") != 0;
    return 0;
}

/* An indicator for its audit row, its points as points (8.5), not the
 * tenths they are kept in. */
static void write_indicator(struct jsonw *w, const struct eval_indicator *it)
{
    char points[32];
    snprintf(points, sizeof points, "%lld.%lld",
             (long long)(it->max_score / 10), (long long)(it->max_score % 10));
    jsonw_obj_open(w);
    jsonw_kint(w, "parent_id", it->parent_id);
    jsonw_kstr(w, "name", it->name);
    jsonw_kstr(w, "name_en", it->name_en);
    jsonw_kstr(w, "guidance", it->guidance);
    jsonw_key(w, "max_score");
    jsonw_raw(w, points);
    jsonw_kint(w, "sort_order", it->sort_order);
    jsonw_kbool(w, "active", it->active);
    jsonw_obj_close(w);
}

static const char *indicator_detail(struct arena *a,
                                    const struct eval_indicator *before,
                                    const struct eval_indicator *after)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    if (before) {
        jsonw_key(&d.w, "before");
        write_indicator(&d.w, before);
    }
    jsonw_key(&d.w, "after");
    write_indicator(&d.w, after);
    return jsonw_doc_close(&d, a);
}

/* The points rule shared by a new indicator and a changed one. */
static int check_points(const struct eval_indicator *it,
                        struct client_fail *fail)
{
    if (it->parent_id == 0 && it->max_score != 0) {
        return rule_fail(fail, 400, MSG_EVAL_DIMENSION_POINTS, "max_score",
                         "分值", "points");
    }
    if (it->parent_id != 0 && (it->max_score < 1 || it->max_score > 1000)) {
        return rule_fail(fail, 400, MSG_OUT_OF_RANGE, "max_score",
                         "分值(0.1–100)", "points (0.1–100)");
    }
    return 0;
}

/* The parent a 二级指标 names, read inside the write under the tree's
 * lock: an active 一级; and room for one more scored indicator. */
static int check_parent(const struct client_ctx *x, int64_t parent_id,
                        struct client_fail *fail)
{
    int64_t scored_n = 0;
    int rc = evaluation_store_tree_lock(x->db);
    if (rc == DB_OK) {
        rc = evaluation_store_scored_count(x->db, &scored_n);
    }
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (scored_n >= EVAL_SCORED_MAX) {
        return rule_fail(fail, 409, MSG_EVAL_TOO_MANY, NULL, NULL, NULL);
    }
    struct eval_indicator p;
    rc = evaluation_store_indicator_get(x->db, x->arena, parent_id, &p);
    if (rc == DB_DONE || (rc == DB_ROW && (p.parent_id != 0 || !p.active))) {
        return rule_fail(fail, 400, MSG_EVAL_PARENT, "parent_id", "上级指标",
                         "the parent");
    }
    return rc == DB_ROW ? 0 : rule_fail_db(fail, rc);
}

static int begin(const struct client_ctx *x, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    int rc = db_begin(x->db);
    return rc == DB_OK ? 0 : rule_fail_db(fail, rc);
}

static int abort_with(const struct client_ctx *x, int r)
{
    db_rollback(x->db);
    return r;
}

int evaluation_indicator_create(const struct client_ctx *x,
                                struct eval_indicator *it, int64_t *id,
                                struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (check_points(it, fail) || begin(x, fail)) {
        return -1;
    }
    if (it->parent_id != 0 && check_parent(x, it->parent_id, fail)) {
        return abort_with(x, -1);
    }
    it->active = true;
    int rc = evaluation_store_indicator_insert(x->db, it, cn_now(), id);
    return rule_commit_audited(x, rc, "evaluation_indicator.create",
                               "evaluation_indicator", *id,
                               indicator_detail(x->arena, NULL, it), fail);
}

int evaluation_indicator_update(const struct client_ctx *x,
                                const struct eval_indicator *before,
                                struct eval_indicator *it,
                                struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    it->parent_id = before->parent_id;
    if (check_points(it, fail) || begin(x, fail)) {
        return -1;
    }
    int rc = DB_OK;
    if (it->parent_id == 0 && before->active && !it->active) {
        int64_t children = 0;
        rc = evaluation_store_tree_lock(x->db);
        if (rc == DB_OK) {
            rc = evaluation_store_active_children(x->db, it->id, &children);
        }
        if (rc == DB_OK && children > 0) {
            return abort_with(x, rule_fail(fail, 409,
                                           MSG_EVAL_DIMENSION_IN_USE,
                                           "active", NULL, NULL));
        }
    }
    if (rc == DB_OK && it->parent_id != 0 && it->active && !before->active &&
        check_parent(x, it->parent_id, fail)) {
        return abort_with(x, -1);
    }
    if (rc == DB_OK) {
        rc = evaluation_store_indicator_update(x->db, it, cn_now());
        if (rc == DB_DONE) {
            return abort_with(x, rule_fail(fail, 409, MSG_VERSION_CONFLICT,
                                           "version", NULL, NULL));
        }
    }
    return rule_commit_audited(x, rc, "evaluation_indicator.update",
                               "evaluation_indicator", it->id,
                               indicator_detail(x->arena, before, it), fail);
}

int evaluation_bands_update(const struct client_ctx *x,
                            const int64_t min[BAND_COUNT],
                            int64_t expected_version,
                            struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (!(min[BAND_EXCELLENT] <= 100 && min[BAND_EXCELLENT] > min[BAND_GOOD] &&
          min[BAND_GOOD] > min[BAND_PASS] && min[BAND_PASS] >= 1)) {
        return rule_fail(fail, 400, MSG_EVAL_BANDS_ORDER, "good",
                         "等次分数线", "the bands");
    }
    if (begin(x, fail)) {
        return -1;
    }
    int64_t before[BAND_COUNT] = {0};
    int rc = evaluation_store_bands(x->db, before, NULL);
    if (rc == DB_OK) {
        rc = evaluation_store_bands_set(x->db, min, expected_version);
    }
    if (rc == DB_DONE) {
        return abort_with(x, rule_fail(fail, 409, MSG_VERSION_CONFLICT,
                                       "version", NULL, NULL));
    }
    return rule_commit_audited(
        x, rc, "evaluation_bands.update", "evaluation_bands", 0,
        arena_printf(x->arena,
                     "{\"before\":{\"excellent\":%lld,\"good\":%lld,"
                     "\"pass\":%lld},\"after\":{\"excellent\":%lld,"
                     "\"good\":%lld,\"pass\":%lld}}",
                     (long long)before[0], (long long)before[1],
                     (long long)before[2], (long long)min[0],
                     (long long)min[1], (long long)min[2]),
        fail);
}
