/* Staff (社工): the workers of the stations, their assignments to a
 * station over time (one at a time: 专职专岗), trainings, supervision
 * sessions (督导记录) and the counties' minimum wages. A worker is
 * visible to a caller whose range covers her current station, to her
 * employer's org_admin, to range all, and — while she has no station —
 * to a region range holding her last station, her employing township or
 * a station of a contract in force of her organisation. */
#ifndef SGZ_STAFF_STORE_H
#define SGZ_STAFF_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct staff {
    int64_t id, version, created_at, updated_at;
    const char *name, *name_pinyin;
    const char *name_sort; /* core/pinyin.h: the order of a list by name */
    int64_t user_id;           /* 0: no login account */
    const char *role;          /* resident, project, supervisor */
    int64_t organisation_id;   /* employer; 0 when the township employs */
    const char *employer_region; /* the employing township, or NULL */
    const char *labour_from, *labour_to; /* labour contract, NULL unknown */
    const char *birth_date, *sex, *education, *major;
    const char *certificate, *certified_on; /* none|assistant|… */
    bool hukou_local;
    const char *hired_on;
    int64_t wage_fen;          /* a month */
    const char *phone;         /* sealed (staff_phone_open); in clear in
                                  the service: mask it in replies */
    const char *status, *left_on, *left_reason, *notes;
    /* read only: names and the current assignment (today's) */
    const char *organisation_name, *employer_region_name, *username;
    int64_t station_id, assignment_id;
    const char *station_name, *station_region, *station_type,
        *assigned_from;
};

/* Who reads: the caller's range, and the organisation of an org_admin. */
struct staff_reader {
    const struct scope *scope;
    int64_t org_id;            /* 0 unless the caller is an org_admin */
    const char *today;
};

struct staff_filter {
    const char *q;             /* name or pinyin prefix */
    const char *role, *status, *education, *certificate;
    int64_t station_id, organisation_id;
    bool unassigned;           /* only those without a station today */
    int64_t offset;
    int limit;
};

int staff_store_list(struct db *db, struct arena *a,
                     const struct staff_reader *rd,
                     const struct staff_filter *f, struct staff **out,
                     size_t *n, int64_t *total);
struct station_headcount {
    int64_t station_id, workers;
};
/* Active workers at each station today (the stations without any are
 * left out), ascending by station, for every station at once: what
 * staff_store_list counts for one station with status "active". */
int staff_store_headcounts(struct db *db, struct arena *a, const char *today,
                           struct station_headcount **out, size_t *n);
/* DB_ROW, or DB_DONE when absent or out of the reader's range. */
int staff_store_get(struct db *db, struct arena *a,
                    const struct staff_reader *rd, int64_t id,
                    struct staff *out);
/* The worker linked to a user account: DB_ROW or DB_DONE. */
int staff_store_by_user(struct db *db, struct arena *a, int64_t user_id,
                        const char *today, struct staff *out);
/* Another worker with s's name and birth date (one registered twice, as
 * a roster is typed in again): the earliest's id in *twin, 0 when none.
 * Whoever reads: the caller checks the reader may see it. */
int staff_store_twin(struct db *db, const struct staff *s, int64_t *twin);
/* In the caller's transaction. DB_CONSTRAINT: the user is linked. */
int staff_store_insert(struct db *db, const struct staff *s, int64_t now,
                       int64_t *id);
/* DB_DONE when the version is not expected. */
int staff_store_update(struct db *db, const struct staff *s,
                       int64_t expected_version, int64_t now);

/* Locks the worker's row for the rest of the transaction, so that two
 * writes of her assignments run one after the other; with an
 * expected_version (> 0) also checks and bumps it. DB_DONE when absent
 * or the version is not expected. */
int staff_store_lock(struct db *db, int64_t id, int64_t expected_version,
                     int64_t now);

struct staff_assignment {
    int64_t id, staff_id, station_id;
    const char *station_name, *station_region, *from_on, *to_on;
    const char *staff_name;
};
/* A worker's assignments, newest first. */
int staff_store_assignments(struct db *db, struct arena *a, int64_t staff_id,
                            struct staff_assignment **out, size_t *n);
/* The first of her assignments that overlaps [from, to] (to NULL: open)
 * other than except_id: DB_ROW with *out, or DB_DONE. */
int staff_store_overlap(struct db *db, struct arena *a, int64_t staff_id,
                        const char *from, const char *to, int64_t except_id,
                        struct staff_assignment *out);
int staff_store_assign(struct db *db, int64_t staff_id, int64_t station_id,
                       const char *from, const char *to, int64_t now,
                       int64_t *id);
/* Sets an assignment's end; DB_DONE when it is not the worker's. */
int staff_store_end_assignment(struct db *db, int64_t staff_id, int64_t id,
                               const char *to);
/* Every pair of a worker's assignments that overlap (data from before
 * the one-station rule), for the compliance rule: the later of each. */
int staff_store_overlaps_all(struct db *db, struct arena *a,
                             const struct scope *sc,
                             struct staff_assignment **out, size_t *n);

struct staff_training {
    int64_t id, staff_id, minutes;
    const char *held_on, *title, *organiser;
    int64_t version, created_by, created_at; /* created_by 0: unknown */
};
int staff_store_trainings(struct db *db, struct arena *a, int64_t staff_id,
                          struct staff_training **out, size_t *n);
/* One of the worker's trainings: DB_ROW or DB_DONE (none, or
 * another worker's). */
int staff_store_training(struct db *db, struct arena *a, int64_t staff_id,
                         int64_t id, struct staff_training *out);
int staff_store_add_training(struct db *db, const struct staff_training *t,
                             int64_t now, int64_t *id);
/* In the caller's transaction; DB_DONE when the version is not
 * expected (or the training is gone). */
int staff_store_update_training(struct db *db, const struct staff_training *t,
                                int64_t expected_version, int64_t now);
int staff_store_delete_training(struct db *db, int64_t staff_id, int64_t id,
                                int64_t expected_version);

struct supervision {
    int64_t id, supervisor_id, station_id; /* station 0: none */
    const char *held_on, *topic, *content, *minutes;
    const char *supervisor_name, *station_name;
    int64_t *attendees;
    const char **attendee_names;
    size_t n_attendees;
    int64_t version, created_by, created_at; /* created_by 0: unknown */
};
struct supervision_filter {
    int64_t staff_id;          /* led or attended; 0 any */
    int64_t station_id;
    const char *from, *to;
    int64_t offset;
    int limit;
};
/* Sessions whose station (or, with none, supervisor) the reader sees,
 * newest first, with their attendees. */
int supervision_store_list(struct db *db, struct arena *a,
                           const struct staff_reader *rd,
                           const struct supervision_filter *f,
                           struct supervision **out, size_t *n,
                           int64_t *total);
/* What a worker reads of her own (督导记录 in 个人中心): the sessions
 * she led or attended, wherever held, for the worker linked to login
 * user_id (none: no rows); the filter's staff_id is not used. */
int supervision_store_list_own(struct db *db, struct arena *a,
                               int64_t user_id,
                               const struct supervision_filter *f,
                               struct supervision **out, size_t *n,
                               int64_t *total);
/* The trainings of the worker linked to login user_id, newest first
 * (none linked: none). */
int staff_store_trainings_own(struct db *db, struct arena *a,
                              int64_t user_id, struct staff_training **out,
                              size_t *n);
/* One session by id with its attendees, whatever the range (the caller
 * has just written it): DB_ROW or DB_DONE. */
int supervision_store_get(struct db *db, struct arena *a, int64_t id,
                          struct supervision *out);
/* The same in the reader's range (as the list reads it): DB_ROW, or
 * DB_DONE when absent or out of range. */
int supervision_store_get_in(struct db *db, struct arena *a,
                             const struct staff_reader *rd, int64_t id,
                             struct supervision *out);
int supervision_store_insert(struct db *db, const struct supervision *s,
                             int64_t now, int64_t *id);
/* Locks the session's row for the rest of the transaction: DB_OK, or
 * DB_DONE when it is gone. */
int supervision_store_lock(struct db *db, int64_t id);
/* Rewrites the session and its attendees; DB_DONE when the version is
 * not expected. In the caller's transaction. */
int supervision_store_update(struct db *db, const struct supervision *s,
                             int64_t expected_version, int64_t now);
/* Removes the session and its attendees; DB_DONE when the version is
 * not expected. In the caller's transaction. */
int supervision_store_delete(struct db *db, int64_t id,
                             int64_t expected_version);

struct min_wage {
    int64_t id, monthly_fen;
    const char *region_code, *region_name, *effective_on, *source;
};
/* By county, newest first, a page of limit from offset; region_code
 * NULL: every county. *total counts them all. */
int min_wage_store_list(struct db *db, struct arena *a,
                        const char *region_code, int limit, int64_t offset,
                        struct min_wage **out, size_t *n, int64_t *total);
/* The setting in force on day for a county: DB_ROW or DB_DONE. */
int min_wage_store_on(struct db *db, struct arena *a, const char *region_code,
                      const char *day, struct min_wage *out);
/* DB_CONSTRAINT when the county has one from that day. */
int min_wage_store_insert(struct db *db, const struct min_wage *m,
                          int64_t now, int64_t *id);

/* The organisation holding the active contract (migration 14) that
 * covers a station on day: DB_ROW with *org_id and *org_name, or
 * DB_DONE when none does. A station two organisations serve at once (a
 * women's federation's project beside the bureau's) has two holders:
 * prefer_org, when it is one of them, is the one given. */
int staff_store_contract_holder(struct db *db, struct arena *a,
                                int64_t station_id, const char *day,
                                int64_t prefer_org, int64_t *org_id,
                                const char **org_name);

#endif
