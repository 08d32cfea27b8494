#include "evaluation_store.h"

#include "columns.h"

#define INDICATOR_COLUMNS                                                   \
    "id, parent_id, max_score, sort_order, version, name, name_en, "        \
    "guidance, active"

static void read_indicator(struct db_stmt *st, struct arena *a,
                           struct eval_indicator *it)
{
    it->id = db_col_int(st, 0);
    it->parent_id = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
    it->max_score = db_col_int(st, 2);
    it->sort_order = db_col_int(st, 3);
    it->version = db_col_int(st, 4);
    it->name = store_text(a, st, 5);
    it->name_en = store_text(a, st, 6);
    it->guidance = store_text(a, st, 7);
    it->active = db_col_int(st, 8) != 0;
}

int evaluation_store_indicators(struct db *db, struct arena *a,
                                struct eval_indicator **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " INDICATOR_COLUMNS " FROM evaluation_indicators ORDER "
            "BY parent_id IS NOT NULL, sort_order, id");
    if (!st) {
        return DB_ERROR;
    }
    size_t cap = 32;
    struct eval_indicator *items = arena_alloc(a, cap * sizeof *items);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        items = arena_grow(a, items, *n, &cap, sizeof *items);
        read_indicator(st, a, &items[(*n)++]);
    }
    db_reset(st);
    *out = items;
    return rc < 0 ? rc : DB_OK;
}

int evaluation_store_indicator_get(struct db *db, struct arena *a, int64_t id,
                                   struct eval_indicator *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " INDICATOR_COLUMNS " FROM evaluation_indicators WHERE "
            "id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_indicator(st, a, out);
    }
    db_reset(st);
    return rc;
}

int evaluation_store_indicator_insert(struct db *db,
                                      const struct eval_indicator *it,
                                      int64_t now, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO evaluation_indicators (parent_id, max_score, "
            "sort_order, name, name_en, guidance, active, updated_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    if (it->parent_id > 0) {
        db_bind_int(st, 1, it->parent_id);
    } else {
        db_bind_null(st, 1);
    }
    db_bind_int(st, 2, it->max_score);
    db_bind_int(st, 3, it->sort_order);
    db_bind_text(st, 4, it->name);
    db_bind_text(st, 5, it->name_en);
    db_bind_text(st, 6, it->guidance);
    db_bind_int(st, 7, it->active ? 1 : 0);
    db_bind_int(st, 8, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int evaluation_store_indicator_update(struct db *db,
                                      const struct eval_indicator *it,
                                      int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE evaluation_indicators SET max_score = ?, sort_order = ?, "
            "name = ?, name_en = ?, guidance = ?, active = ?, updated_at = ?, "
            "version = version + 1 WHERE id = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, it->max_score);
    db_bind_int(st, 2, it->sort_order);
    db_bind_text(st, 3, it->name);
    db_bind_text(st, 4, it->name_en);
    db_bind_text(st, 5, it->guidance);
    db_bind_int(st, 6, it->active ? 1 : 0);
    db_bind_int(st, 7, now);
    db_bind_int(st, 8, it->id);
    db_bind_int(st, 9, it->version);
    return store_step_changed(st);
}

int evaluation_store_active_children(struct db *db, int64_t id, int64_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM evaluation_indicators WHERE parent_id = ? "
            "AND active = 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *n = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

static const char *const band_grades[BAND_COUNT] = {"excellent", "good",
                                                    "pass"};

int evaluation_store_bands(struct db *db, int64_t min[BAND_COUNT],
                           int64_t *version)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT min_percent, version FROM evaluation_bands WHERE grade "
            "= ?");
    if (!st) {
        return DB_ERROR;
    }
    int rc = DB_OK;
    for (int i = 0; rc == DB_OK && i < BAND_COUNT; i++) {
        db_bind_text(st, 1, band_grades[i]);
        int s = db_step(st);
        if (s == DB_ROW) {
            min[i] = db_col_int(st, 0);
            if (i == 0 && version) {
                *version = db_col_int(st, 1);
            }
        } else {
            rc = s < 0 ? s : DB_ERROR; /* the migration writes all three */
        }
        db_reset(st);
    }
    return rc;
}

int evaluation_store_bands_set(struct db *db, const int64_t min[BAND_COUNT],
                               int64_t version)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE evaluation_bands SET min_percent = ?, version = version "
            "+ 1 WHERE grade = ? AND version = ?");
    if (!st) {
        return DB_ERROR;
    }
    int rc = DB_OK;
    for (int i = 0; rc == DB_OK && i < BAND_COUNT; i++) {
        db_bind_int(st, 1, min[i]);
        db_bind_text(st, 2, band_grades[i]);
        db_bind_int(st, 3, version);
        rc = store_step_changed(st);
    }
    return rc;
}

int evaluation_store_tree_lock(struct db *db)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE evaluation_bands SET version = version WHERE grade = "
            "'excellent'");
    if (!st) {
        return DB_ERROR;
    }
    int rc = store_step_changed(st);
    return rc == DB_DONE ? DB_ERROR : rc; /* the migration writes it */
}

int evaluation_store_scored_count(struct db *db, int64_t *n)
{
    int rc = db_query_int(
        db,
        "SELECT COUNT(*) FROM evaluation_indicators c JOIN "
        "evaluation_indicators p ON p.id = c.parent_id WHERE c.active = 1 "
        "AND p.active = 1",
        n);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int evaluation_store_scores(struct db *db, struct arena *a,
                            int64_t evaluation_id, struct eval_score **out,
                            size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT indicator_id, seq, max_score, score, dimension, name, "
            "comment FROM evaluation_scores WHERE evaluation_id = ? ORDER BY "
            "seq");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, evaluation_id);
    size_t cap = 16;
    struct eval_score *items = arena_alloc(a, cap * sizeof *items);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        items = arena_grow(a, items, *n, &cap, sizeof *items);
        struct eval_score *s = &items[(*n)++];
        s->evaluation_id = evaluation_id;
        s->indicator_id = db_col_int(st, 0);
        s->seq = db_col_int(st, 1);
        s->max_score = db_col_int(st, 2);
        s->score = db_col_int(st, 3);
        s->dimension = store_text(a, st, 4);
        s->name = store_text(a, st, 5);
        s->comment = store_text(a, st, 6);
    }
    db_reset(st);
    *out = items;
    return rc < 0 ? rc : DB_OK;
}

int evaluation_store_score_insert(struct db *db, const struct eval_score *s)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO evaluation_scores (evaluation_id, indicator_id, seq, "
            "max_score, score, dimension, name, comment) VALUES (?, ?, ?, ?, "
            "?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, s->evaluation_id);
    db_bind_int(st, 2, s->indicator_id);
    db_bind_int(st, 3, s->seq);
    db_bind_int(st, 4, s->max_score);
    db_bind_int(st, 5, s->score);
    db_bind_text(st, 6, s->dimension);
    db_bind_text(st, 7, s->name);
    db_bind_text(st, 8, s->comment ? s->comment : "");
    return store_step_done(st);
}
