/* Needs surveys (需求调研) and the yearly station service plans (年度服务
 * 计划) built from them: planned quantities by service area and type,
 * with what the records show done so far. Scope through the station. */
#ifndef SGZ_PLAN_STORE_H
#define SGZ_PLAN_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct needs_survey {
    int64_t id, station_id, respondents, version, created_by;
    int64_t created_at, updated_at;
    const char *station_name; /* read only */
    const char *title, *method, *conducted_on;
    const char *findings; /* checked JSON: [{target_group, findings, needs}] */
};

struct plan_item {
    const char *area, *type, *note;
    int64_t quantity;
    int64_t done; /* read only: records of the year so far */
};

struct station_plan {
    int64_t id, station_id, year, version, created_by, created_at, updated_at;
    const char *station_name; /* read only */
    const char *summary, *survey_ids, *status, *submitted_on;
    struct plan_item *items;
    size_t n_items;
};

int plan_store_surveys(struct db *db, struct arena *a, const struct scope *sc,
                       int64_t station_id, int limit, int64_t offset,
                       struct needs_survey **out, size_t *n, int64_t *total);
int plan_store_survey_get(struct db *db, struct arena *a,
                          const struct scope *sc, int64_t id,
                          struct needs_survey *out);
int plan_store_survey_insert(struct db *db, const struct needs_survey *s,
                             int64_t now, int64_t *id);
/* DB_DONE when the version is not expected. */
int plan_store_survey_update(struct db *db, const struct needs_survey *s,
                             int64_t expected_version, int64_t now);

int plan_store_plans(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t station_id, int64_t year, int limit,
                     int64_t offset, struct station_plan **out, size_t *n,
                     int64_t *total);
/* DB_ROW with its items and their progress, or DB_DONE. */
int plan_store_plan_get(struct db *db, struct arena *a,
                        const struct scope *sc, int64_t id,
                        struct station_plan *out);
/* DB_CONSTRAINT when the station has a plan for that year. */
int plan_store_plan_insert(struct db *db, const struct station_plan *p,
                           int64_t now, int64_t *id);
int plan_store_plan_update(struct db *db, const struct station_plan *p,
                           int64_t expected_version, int64_t now);

#endif
