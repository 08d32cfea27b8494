/* Cases (个案): one client's casework from intake to closure, with the
 * story of every step (events), referrals to outside agencies and the
 * follow-up visits after closure. Scope through the station; range
 * "self" sees the cases the user works or is offered by a transfer. */
#ifndef SGZ_CASE_STORE_H
#define SGZ_CASE_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct case_event {
    int64_t at, actor_id;
    const char *actor, *kind, *stage, *comment;
    const char *actor_name; /* the user's display name, else actor */
};

struct case_referral {
    int64_t id;
    const char *agency, *reason, *referred_on, *outcome, *outcome_on;
};

struct case_followup {
    int64_t id, service_id; /* 0 until done */
    const char *due_on, *done_on; /* done_on NULL until done */
};

struct case_file {
    int64_t id, station_id, client_id, worker_id, version, created_by;
    int64_t created_at, updated_at;
    const char *station_name, *station_region, *client_name,
        *worker_name; /* read only */
    const char *stage, *pending, *pending_since;
    const char *source, *problem, *opened_on, *risk_level;
    const char *assessment, *assessed_on; /* JSON or "", date or NULL */
    const char *plan, *review_on;
    int64_t plan_approved_by;
    const char *evaluation;
    const char *closure_reason, *closure_summary, *closed_on;
    int64_t closure_approved_by;
    int64_t transfer_worker_id, transfer_station_id;
    const char *transfer_worker_name, *transfer_station_name; /* read only */
    const char *transfer_note;
    int64_t reopened;
    /* its service records and their minutes (case_store_each and
     * case_store_get) */
    int64_t n_services, service_minutes;
    /* with the case's children (case_store_get) */
    struct case_event *events;
    size_t n_events;
    struct case_referral *referrals;
    size_t n_referrals;
    struct case_followup *followups;
    size_t n_followups;
};

struct case_filter {
    int64_t station_id, worker_id, client_id; /* 0: any */
    const char *stage;    /* NULL: any; "open": not closed */
    bool pending;         /* only those awaiting a supervisor */
    int limit;
    int64_t offset;
};

#define CASE_COUNT_MAX 10000
/* Newest first, without children. */
int case_store_list(struct db *db, struct arena *a, const struct scope *sc,
                    const struct case_filter *f, struct case_file **out,
                    size_t *n, int64_t *total);
/* The first max cases of the list f asks for (its limit and offset
 * unused), in its order, each with the count and minutes of its service
 * records, handed to fn in one pass over one snapshot (the case ledger's
 * export); fn returns false to stop. The case is gone after the call. */
int case_store_each(struct db *db, const struct scope *sc,
                    const struct case_filter *f, size_t max,
                    bool (*fn)(void *ctx, const struct case_file *k),
                    void *ctx);
/* DB_ROW with events, referrals and follow-ups, or DB_DONE when absent
 * or out of scope. */
int case_store_get(struct db *db, struct arena *a, const struct scope *sc,
                   int64_t id, struct case_file *out);
/* In the caller's transaction. */
int case_store_insert(struct db *db, const struct case_file *c, int64_t now,
                      int64_t *id);
/* Writes every mutable column; DB_DONE when the version is not expected. */
int case_store_update(struct db *db, const struct case_file *c,
                      int64_t expected_version, int64_t now);
int case_store_add_event(struct db *db, int64_t case_id, int64_t now,
                         int64_t actor_id, const char *actor,
                         const char *kind, const char *stage,
                         const char *comment);
int case_store_add_referral(struct db *db, int64_t case_id,
                            const struct case_referral *r, int64_t *id);
/* DB_DONE when the referral is not the case's. */
int case_store_set_referral_outcome(struct db *db, int64_t case_id,
                                    int64_t id, const char *outcome,
                                    const char *outcome_on);
int case_store_add_followup(struct db *db, int64_t case_id,
                            const char *due_on);
/* Drops the follow-ups not yet done (a reopened case's old closure). */
int case_store_drop_open_followups(struct db *db, int64_t case_id);
/* *id: the client's case that is not closed, other than except (0:
 * none), 0 when none. In the caller's transaction, after taking the
 * client's row lock (client_store_lock), so that two writers cannot both
 * find none. */
int case_store_open_of(struct db *db, int64_t client_id, int64_t except,
                       int64_t *id);
/* Marks the earliest open follow-up of a case done by a service record;
 * DB_OK also when none was open. */
int case_store_followup_done(struct db *db, int64_t case_id,
                             const char *day, int64_t service_id);

/* Whether a case is in scope (for a service's case_id): its stage and
 * client, or DB_DONE. */
int case_store_peek(struct db *db, struct arena *a, const struct scope *sc,
                    int64_t id, const char **stage, int64_t *client_id,
                    int64_t *station_id);

#endif
