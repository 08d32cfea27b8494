/* The rules of needs surveys and yearly station plans: the station in
 * range and active; a survey's day not in the future and its target
 * groups client categories (or "general"); one plan per station and
 * year, its items service areas × service types listed once, the
 * surveys it draws on the station's own; a submitted plan is final.
 * Every write audited in its transaction. */
#ifndef SGZ_PLAN_SERVICE_H
#define SGZ_PLAN_SERVICE_H
#include <jansson.h>
#include <stdint.h>

#include "../store/plan_store.h"
#include "client_service.h"

/* findings: the checked JSON array. before NULL: a new survey. */
int plan_service_save_survey(const struct client_ctx *x,
                             const struct needs_survey *before,
                             struct needs_survey *s, json_t *findings,
                             int64_t expected_version, int64_t *id,
                             struct client_fail *fail);
/* surveys: the checked id array or NULL (unchanged). before NULL: new. */
int plan_service_save_plan(const struct client_ctx *x,
                           const struct station_plan *before,
                           struct station_plan *p, json_t *surveys,
                           int64_t expected_version, int64_t *id,
                           struct client_fail *fail);
int plan_service_submit(const struct client_ctx *x,
                        const struct station_plan *before,
                        int64_t expected_version, struct client_fail *fail);

#endif
