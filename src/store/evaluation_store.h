/* 绩效评估指标 and scores: the deployment's indicator tree (一级指标
 * grouping 二级指标 that carry points), the score bands that turn a total
 * into a grade, and an evaluation's scores, each kept with the
 * indicator's name and points as they were when it was scored. */
#ifndef SGZ_EVALUATION_STORE_H
#define SGZ_EVALUATION_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"

/* Points are kept in tenths (8.5 points is 85). */
struct eval_indicator {
    int64_t id, parent_id; /* parent_id 0: a 一级指标 */
    int64_t max_score;     /* tenths; 0 for a 一级指标 */
    int64_t sort_order, version;
    const char *name, *name_en, *guidance;
    bool active;
};

struct eval_score {
    int64_t evaluation_id, indicator_id, seq;
    int64_t max_score, score; /* tenths */
    const char *dimension, *name, *comment;
};

/* The lowest percentage of the full points for 优秀, 良好 and 合格. */
enum { BAND_EXCELLENT, BAND_GOOD, BAND_PASS, BAND_COUNT };

/* Every indicator, 一级指标 first, each level by sort order and id. */
int evaluation_store_indicators(struct db *db, struct arena *a,
                                struct eval_indicator **out, size_t *n);
/* DB_ROW, DB_DONE or the failure. */
int evaluation_store_indicator_get(struct db *db, struct arena *a, int64_t id,
                                   struct eval_indicator *out);
int evaluation_store_indicator_insert(struct db *db,
                                      const struct eval_indicator *it,
                                      int64_t now, int64_t *id);
/* Guarded by it->version: DB_OK, or DB_DONE when it changed since. */
int evaluation_store_indicator_update(struct db *db,
                                      const struct eval_indicator *it,
                                      int64_t now);
/* Active 二级指标 under it (a 一级指标 stopped with them in use is
 * refused). */
int evaluation_store_active_children(struct db *db, int64_t id, int64_t *n);

/* The bands, and their version (the three change together). */
int evaluation_store_bands(struct db *db, int64_t min[BAND_COUNT],
                           int64_t *version);
/* Guarded by version: DB_OK, or DB_DONE when they changed since. */
int evaluation_store_bands_set(struct db *db, const int64_t min[BAND_COUNT],
                               int64_t version);
/* Takes the write lock of the tree (a row of the bands: PostgreSQL's
 * FOR UPDATE effect; SQLite's writer holds the database already), so
 * that changes counted against it (a 一级指标 stopped, a 二级指标 added
 * under it, the 200 in use) are one after the other. */
int evaluation_store_tree_lock(struct db *db);
/* Active 二级指标 under active 一级指标: what an evaluation scores. */
int evaluation_store_scored_count(struct db *db, int64_t *n);

/* An evaluation's scores in the tree's order as scored. */
int evaluation_store_scores(struct db *db, struct arena *a,
                            int64_t evaluation_id, struct eval_score **out,
                            size_t *n);
int evaluation_store_score_insert(struct db *db, const struct eval_score *s);

#endif
