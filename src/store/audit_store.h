/* The audit log: append-only, each row carrying the hash of the one
 * before it, so that a changed or removed row breaks the chain. Appends
 * run inside the caller's transaction, so the row commits with the change
 * it records or not at all. */
#ifndef SGZ_AUDIT_STORE_H
#define SGZ_AUDIT_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"

struct audit_entry {
    const char *actor;     /* user name, or "cli:<os user>" */
    const char *address;   /* client address, "" on the command line */
    const char *action;    /* "station.create" */
    const char *entity;    /* "station" */
    const char *entity_id;
    const char *result;    /* "ok", "denied", "failed" */
    const char *detail;    /* JSON text: before/after of non-secret fields */
};

int audit_append(struct db *db, const struct audit_entry *e);
/* Where a chain breaks: the first row that does not link, and the last
 * that did (0: the anchor). A row whose own hash still holds but whose
 * link does not was not changed: what stood between the two is gone. */
struct audit_break {
    int64_t id, after;
    bool removed;
};
/* Walks the chain from its anchor (the hash of the last pruned row, or
 * the genesis value); returns the id of the first row that does not link
 * (*b says how), 0 when intact, or a negative db_result. */
int64_t audit_verify(struct db *db, struct audit_break *b);
/* The chain's newest row: its id and hash (id 0 and "" when the log is
 * empty). Kept away from the database (the system log, another machine),
 * it shows later whether rows were removed from the chain's end, which
 * the chain alone cannot: what is left is still whole. */
int audit_head(struct db *db, int64_t *id, char hash[65]);
/* Whether row id still holds hash: DB_OK, DB_DONE when the row is gone,
 * DB_ROW when it is there with another hash (the chain was written again
 * from it or before), or a negative db_result. */
int audit_head_check(struct db *db, int64_t id, const char *hash);
/* Removes the rows older than before (Unix seconds), whole months at a
 * time (rows before the first of before's month, Beijing time), and
 * records the hash of the last one removed as the chain's new anchor. In
 * the caller's transaction. *removed counts the rows. */
int audit_prune(struct db *db, int64_t before, int64_t *removed);

struct audit_row {
    int64_t id, at;
    const char *actor, *address, *action, *entity, *entity_id, *result,
        *detail;
    const char *actor_name; /* the user's display name, or "": set by
                               audit_history(), or by the caller */
    const char *entity_name; /* the name of the user, client, setting or
                                dictionary item the row is about, or "":
                                set by the caller */
};

/* The most ids a record's rows are read by: one record and those merged
 * into it (audit_history, and the log's filter by a client). */
#define AUDIT_HISTORY_IDS 8

struct audit_filter {
    int kind;              /* 0 all, 1 operations, 2 logins */
    const char *actor;     /* exact, or her tokens'; NULL: any */
    const char *action;    /* exact */
    const char *entity;
    const char *entity_id;
    /* Instead of entity_id alone when n_entity_ids > 0: a client and the
     * records merged into her, whose rows (the merge's among them) are
     * about the same person, as her history shows them. */
    const char *entity_ids[AUDIT_HISTORY_IDS];
    size_t n_entity_ids;
    const char *result;
    int64_t from, to;      /* [from, to) Unix seconds; 0: open */
    int64_t before_id;     /* only rows older than it; 0: any */
    int64_t offset;
    int limit;
};

/* Newest first. */
int audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
               struct audit_row **out, size_t *n, int64_t *total);
/* The same page without its count: an export reads the log page after
 * page, each after the last one's oldest id (f->before_id). */
int audit_page(struct db *db, struct arena *a, const struct audit_filter *f,
               struct audit_row **out, size_t *n);

/* The rows of a record's history: entity's rows about any of ids (one
 * record and those merged into it; at most AUDIT_HISTORY_IDS, the rest
 * are not read), result ok, other than skip_action's (NULL: none),
 * newest first, from the index on (entity, entity_id) rather than a scan
 * of the log. */
int audit_history(struct db *db, struct arena *a, const char *entity,
                  const char *const *ids, size_t n_ids,
                  const char *skip_action, int64_t offset, int limit,
                  struct audit_row **out, size_t *n, int64_t *total);

/* The names now of the clients ids[0..n): names[i] (in a) for ids[i],
 * NULL when there is no such client. The log keeps her number, the
 * auditor reads her name. A statement per STORE_IN_MAX clients: a page
 * or an export names many. */
int audit_client_names(struct db *db, struct arena *a, const int64_t *ids,
                       size_t n, const char **names);
/* The name now of the record a row of kind entity is about, where the
 * log keeps its number: a station's, an organisation's, a worker's, a
 * household's or a group's name, a contract's code, a budget line's
 * title. DB_ROW with *name (in a); DB_DONE for a record gone or a kind
 * not named so. */
int audit_object_name_now(struct db *db, struct arena *a, const char *entity,
                          int64_t id, const char **name);
/* The client.update rows (result ok) of the clients ids[0..n), each
 * client's oldest first: fn gets the index in ids of the row's client,
 * the row's id and its detail, whose before and after say when her name
 * changed, so that an older row names her as she was then. */
int audit_client_updates(struct db *db, const int64_t *ids, size_t n,
                         void (*fn)(void *ctx, size_t i, int64_t row_id,
                                    const char *detail),
                         void *ctx);

#endif
