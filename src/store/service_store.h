/* Service records (服务记录): one row per consultation, home visit, case
 * note, group session, activity, crisis intervention, resource link or
 * publicity event, with the clients served and the workers who served.
 * Scope through the station; range "self" sees the records the user
 * worked on. */
#ifndef SGZ_SERVICE_STORE_H
#define SGZ_SERVICE_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct service_person {
    int64_t id;
    const char *name; /* read only */
};

struct service {
    int64_t id, station_id, case_id, group_id, version, created_by;
    int64_t created_at, updated_at;
    const char *station_name, *station_region; /* read only */
    const char *type;
    int64_t started_at, ended_at, minutes;
    const char *service_day; /* YYYY-MM-DD, Beijing */
    const char *place, *area, *title, *content, *outcome, *satisfaction;
    int64_t extra_attendees;
    const char *partners;   /* activities: who co-organised */
    const char *resource_kind, *resource_source;
    int64_t resource_value; /* fen */
    const char *visit;      /* the home-visit form, JSON, or "" */
    const char *visit_purpose;
    const char *crisis;     /* the crisis form, JSON, or "" */
    const char *crisis_result; /* its result (statistics count it), or "" */
    bool has_income;
    int64_t per_capita_income; /* fen a month, when has_income */
    struct service_person *clients, *workers;
    size_t n_clients, n_workers;
    int64_t n_revisions;    /* read only */
};

struct service_filter {
    int64_t station_id, client_id, worker_id, case_id, group_id; /* 0: any */
    const char *type, *area;  /* NULL: any */
    int64_t from, to;         /* started_at within [from, to) ; 0: open */
    int limit;
    int64_t offset;
};

/* People with names from sql (one id parameter, rows of id and name):
 * a record's clients or workers, a group's members. */
int service_store_people(struct db *db, struct arena *a, const char *sql,
                         int64_t id, struct service_person **out, size_t *n);

/* *total counts at most SERVICE_COUNT_MAX + 1. Newest first. */
#define SERVICE_COUNT_MAX 10000
int service_store_list(struct db *db, struct arena *a, const struct scope *sc,
                       const struct service_filter *f, struct service **out,
                       size_t *n, int64_t *total);
/* The first max records of the list f asks for (its limit and offset
 * unused), in its order, with their clients and workers, each handed to
 * fn in one pass over one snapshot (an export of a year's records); fn
 * returns false to stop. The record is gone after the call. */
int service_store_each(struct db *db, const struct scope *sc,
                       const struct service_filter *f, size_t max,
                       bool (*fn)(void *ctx, const struct service *v),
                       void *ctx);
/* DB_ROW with clients and workers, or DB_DONE when absent or out of
 * scope. */
int service_store_get(struct db *db, struct arena *a, const struct scope *sc,
                      int64_t id, struct service *out);
/* In the caller's transaction. */
int service_store_insert(struct db *db, const struct service *v, int64_t now,
                         int64_t *id);
/* DB_DONE when the version is not expected. */
int service_store_update(struct db *db, const struct service *v,
                         int64_t expected_version, int64_t now);
/* Removes record v (as read) and what hangs on it: its links (the next
 * visits they kept recomputed), its revisions, the case follow-up it
 * fulfilled (open again), its month's statistics. DB_DONE when the
 * version is not expected. Attachments are the caller's to refuse: their
 * files outlive a rollback. In the caller's transaction. */
int service_store_delete(struct db *db, const struct service *v,
                         int64_t expected_version);
/* One of a worker's records whose time overlaps another record's. */
struct service_overlap {
    int64_t id, user_id, started_at, ended_at;
};
/* Up to max records of worker user_id in scope, other than except_id,
 * that started after since and before to and end after from: those that
 * overlap [from, to), when none lasts longer than from - since (the
 * bound keeps the walk of the worker's index to that stretch). Earliest
 * first. */
int service_store_overlaps(struct db *db, struct arena *a,
                           const struct scope *sc, int64_t user_id,
                           int64_t except_id, int64_t since, int64_t from,
                           int64_t to, size_t max,
                           struct service_overlap **out, size_t *n);
/* Whether record id has attachments: DB_ROW yes, DB_DONE no. */
int service_store_has_attachments(struct db *db, int64_t id);
/* Fills in what the timeline reads (type, minutes, summary, workers …)
 * on links written without it; in the caller's transaction. */
int service_store_fill_links(struct db *db);
int service_store_add_revision(struct db *db, int64_t service_id,
                               int64_t version, const char *snapshot,
                               const char *reason, const char *who,
                               int64_t now);

struct service_revision {
    int64_t version, changed_at;
    const char *snapshot, *reason, *changed_by;
    const char *changed_by_name; /* the user's name; NULL: none (cli:…) */
};
int service_store_revisions(struct db *db, struct arena *a, int64_t id,
                            struct service_revision **out, size_t *n);

/* One entry of a client's timeline (服务时间线): a service record or a
 * step of one of the client's cases, newest first. */
struct timeline_entry {
    const char *kind;    /* "service" or "case" */
    int64_t at;          /* when it happened (a service: its start) */
    int64_t id;          /* the service's or the case's id */
    const char *type;    /* service type, or the case step (case_event) */
    const char *title;   /* service: title or the start of its content;
                            case: the stage after the step */
    int64_t minutes;     /* service */
    const char *who;     /* service: its workers' names; case: the actor */
    int64_t case_id;     /* service: the case it belongs to, 0 if none */
};

/* Entries offset..offset+limit of a client's timeline; *more when there
 * are later pages. Scope: the records' stations. */
int service_store_timeline(struct db *db, struct arena *a,
                           const struct scope *sc, int64_t client_id,
                           int limit, int64_t offset,
                           struct timeline_entry **out, size_t *n,
                           bool *more);

/* How many service records (any station's) name a client and start at
 * or after `from` (an instant): her timeline's index alone. */
int service_store_count_client_from(struct db *db, int64_t client_id,
                                    int64_t from, int64_t *n);

/* A worker's day in the work log (工作日志): records and minutes by type. */
struct worklog_row {
    const char *day, *type;
    int64_t records, minutes;
};
/* Days in [from, to) (instants), in scope; ordered by day and type. */
int service_store_worklog(struct db *db, struct arena *a,
                          const struct scope *sc, int64_t user_id,
                          int64_t from, int64_t to, struct worklog_row **out,
                          size_t *n);

#endif
