/* The casework process (个案管理): 接案 intake → 预估 assessment → 服务计划
 * planning → 介入 intervention → 评估 evaluation → 结案 closed. Stages are
 * never skipped; the plan and the closure wait for the approval of a
 * supervisor of the station who is not the case's worker (approve, or
 * return with comments); a transfer waits for its receiver; a closed case
 * can be reopened with a reason and gets follow-up visits. Every step
 * writes the case, an event (the case's story) and an audit row in one
 * transaction, guarded by the case's version. */
#ifndef SGZ_CASE_WORKFLOW_H
#define SGZ_CASE_WORKFLOW_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../store/case_store.h"
#include "client_service.h"
#include "profile.h"

/* c: client_id, source, problem, opened_on, risk_level, worker_id (0:
 * the caller). */
int case_workflow_open(const struct client_ctx *x, struct case_file *c,
                       int64_t *id, struct client_fail *fail);
/* form: the checked assessment ({needs, summary}). */
int case_workflow_assess(const struct client_ctx *x,
                         const struct case_file *before, json_t *form,
                         const char *risk_level, int64_t version,
                         struct client_fail *fail);
/* form: the checked plan ({goals, review_on}); submits it for approval. */
int case_workflow_plan(const struct client_ctx *x, const struct profile *p,
                       const struct case_file *before, json_t *form,
                       int64_t version, struct client_fail *fail);
/* decision: approve or return (comment required). */
int case_workflow_decide(const struct client_ctx *x, const struct profile *p,
                         const struct case_file *before,
                         const char *decision, const char *comment,
                         int64_t version, struct client_fail *fail);
/* form: the checked evaluation ({goals: [{goal, attainment, note}],
 * summary}), one entry per goal of the plan. */
int case_workflow_evaluate(const struct client_ctx *x,
                           const struct case_file *before, json_t *form,
                           int64_t version, struct client_fail *fail);
/* The closure reasons that end the service from outside (the client
 * moved, died, declined or cannot be reached): such a closure may be
 * asked at any open stage, and its approval schedules no follow-ups. */
bool case_workflow_ends_from_outside(const char *reason);
/* The stations a transfer offers at most: a city's townships and
 * streets (a province's largest city has a few hundred). */
#define CASE_TRANSFER_STATIONS_MAX 1000
/* Whether the case's closure reason and summary are its closure's: asked
 * and waiting, or approved. A returned request stays on the case for the
 * worker to correct, but is no closure. */
bool case_workflow_closure_stands(const struct case_file *k);
int case_workflow_request_closure(const struct client_ctx *x,
                                  const struct case_file *before,
                                  const char *reason, const char *summary,
                                  int64_t version, struct client_fail *fail);
/* to_station_id 0: the case's station. */
int case_workflow_transfer(const struct client_ctx *x,
                           const struct case_file *before,
                           int64_t to_worker_id, int64_t to_station_id,
                           const char *note, int64_t version,
                           struct client_fail *fail);
/* By the receiver: decision accept or decline. */
int case_workflow_answer_transfer(const struct client_ctx *x,
                                  const struct case_file *before,
                                  const char *decision, const char *comment,
                                  int64_t version, struct client_fail *fail);
/* By the sender (the case's worker or who offered it) or a supervisor or
 * station lead of the case's station: the transfer waiting is dropped. */
int case_workflow_withdraw_transfer(const struct client_ctx *x,
                                    const struct case_file *before,
                                    const char *comment, int64_t version,
                                    struct client_fail *fail);
int case_workflow_reopen(const struct client_ctx *x,
                         const struct case_file *before, const char *reason,
                         int64_t version, struct client_fail *fail);
int case_workflow_refer(const struct client_ctx *x,
                        const struct case_file *before,
                        const struct case_referral *r, int64_t version,
                        int64_t *referral_id, struct client_fail *fail);
int case_workflow_referral_outcome(const struct client_ctx *x,
                                   const struct case_file *before,
                                   int64_t referral_id, const char *outcome,
                                   const char *outcome_on, int64_t version,
                                   struct client_fail *fail);

/* Who asked for the approval now pending (the last plan_submitted or
 * closure_requested event's user), 0 when nothing is pending. She is
 * not the second pair of eyes. */
int64_t case_workflow_submitted_by(const struct case_file *k);
/* Who recorded the work the pending approval rests on (a plan's
 * assessment, a closure's evaluation), 0 when nothing is pending or
 * nobody did: not the second pair of eyes either. */
int64_t case_workflow_work_by(const struct case_file *k);

#endif
