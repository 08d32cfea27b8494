/* 绩效评估 by indicators: scoring an evaluation against the tree (every
 * 二级指标 in use scored between 0 and its points, the total's share of
 * the full points read against the bands for the grade), and the
 * sysadmin's edits of the tree and the bands. */
#ifndef SGZ_EVALUATION_SERVICE_H
#define SGZ_EVALUATION_SERVICE_H
#include "../store/evaluation_store.h"
#include "client_service.h"

/* The most 二级指标 in use: an evaluation posts a score for each. */
#define EVAL_SCORED_MAX 200

struct eval_result {
    int64_t total, max; /* tenths */
    const char *grade;  /* evaluation_grade code */
    bool passed;
};

/* The grade of total out of max (tenths) by the bands' percentages. */
const char *evaluation_grade(int64_t total, int64_t max,
                             const int64_t bands[BAND_COUNT]);

/* Checks the posted scores (indicator_id, score, comment) against tree
 * (as evaluation_store_indicators reads it): each an active 二级指标
 * under an active 一级指标, listed once, 0 ≤ score ≤ its points, and
 * every such indicator scored. Fills each score's seq, dimension, name
 * and points from the tree, and *out. 0, or -1 with *fail naming
 * scores[i]. */
int evaluation_score(struct arena *a, const struct eval_indicator *tree,
                     size_t n, struct eval_score *scores, size_t n_scores,
                     const int64_t bands[BAND_COUNT], struct eval_result *out,
                     struct client_fail *fail);

/* A new indicator (it->parent_id 0: a 一级指标, with no points of its
 * own), audited. */
int evaluation_indicator_create(const struct client_ctx *x,
                                struct eval_indicator *it, int64_t *id,
                                struct client_fail *fail);
/* An indicator changed from before to it (its parent stays), guarded
 * by before's version, audited with both. */
int evaluation_indicator_update(const struct client_ctx *x,
                                const struct eval_indicator *before,
                                struct eval_indicator *it,
                                struct client_fail *fail);
/* New bands: 100 ≥ excellent > good > pass ≥ 1, guarded by the version
 * read, audited. */
int evaluation_bands_update(const struct client_ctx *x,
                            const int64_t min[BAND_COUNT],
                            int64_t expected_version,
                            struct client_fail *fail);

#endif
