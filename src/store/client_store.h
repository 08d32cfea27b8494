/* Clients (服务对象). Scope is applied here, through the client's
 * station: a client outside the caller's range does not exist for them;
 * in the range "self" only the clients the caller is responsible for.
 * Personal data arrives sealed (see core/client_service.h): this layer
 * stores and returns ciphertext, blind indexes and masked forms, never
 * plain ID numbers, phones or addresses. */
#ifndef SGZ_CLIENT_STORE_H
#define SGZ_CLIENT_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct client_category {
    const char *code;
    const char *started_on; /* YYYY-MM-DD */
    const char *ended_on;   /* NULL: still */
    bool sensitive;         /* read only: the dictionary marks the code
                               PIPL-sensitive */
};

struct client_guardian {
    int64_t id; /* the row's, as read; 0 for one a body names anew */
    const char *name, *relation;
    const char *phone_enc, *phone_masked;
    int64_t guardian_client_id; /* 0: not a client */
    /* Read: the linked client's status and its day (a guardian who died
     * leaves a child to be seen to), NULL when not linked. */
    const char *client_status, *client_status_on;
};

/* A sealed field: ciphertext, blind index (exact lookup), masked form. */
struct sealed {
    const char *enc;    /* NULL: empty */
    const char *blind;  /* NULL: none */
    const char *masked;
};

struct client {
    int64_t id, station_id, worker_id, merged_into, version;
    int64_t created_by, created_at, updated_at;
    const char *station_name, *station_region; /* read only */
    const char *village_code;                  /* NULL: none */
    const char *village_name;                  /* read only */
    const char *worker_name;                   /* read only */
    const char *created_by_name; /* read only, by client_store_get */
    const char *name, *name_pinyin, *name_initials;
    const char *name_sort; /* core/pinyin.h: the order of a list by name */
    struct sealed id_number, phone, hukou_address, address;
    const char *id_last4;
    const char *sex, *birth_date, *ethnicity;
    const char *dibao_cert, *dibao_since, *tekun_cert, *tekun_since;
    const char *self_care, *living, *risk_level, *tags;
    const char *status, *status_reason, *notes;
    /* The day the status other than active took effect (she moved, died,
     * the file was closed); NULL: active, or set before it was kept. */
    const char *status_on;
    const char *lawful_basis, *consent_by, *consent_on, *consent_method;
    const char *statutory_duty, *basis_note;
    struct client_category *categories;
    size_t n_categories;
    struct client_guardian *guardians;
    size_t n_guardians;
    /* Read only, by client_store_get: the household the client belongs
     * to (0 and NULLs: none) and the relation to its head. */
    int64_t household_id;
    const char *household_name, *household_relation;
};

enum client_sort { CLIENT_SORT_NAME, CLIENT_SORT_ID, CLIENT_SORT_BIRTH };

struct client_filter {
    const char *q;          /* name prefix, pinyin or initials prefix, or
                               4 characters: the ID number's last 4 */
    const char *q_blind;    /* q was a whole ID number or phone: its blind
                               index, which the rows must hold instead */
    bool q_phone;           /* q_blind is a phone's, not an ID number's */
    int64_t station_id;     /* 0: any */
    const char *category;   /* held on `on` (or today); NULL: any */
    const char *on;         /* YYYY-MM-DD for category */
    const char *village;    /* division prefix; NULL: any */
    const char *reach;      /* the clients of the stations in this division
                               (those a station's records may serve,
                               service_record_reach); NULL: any */
    int64_t worker_id;      /* 0: any */
    const char *born_after, *born_before; /* inclusive, for age ranges */
    const char *status;     /* NULL: any except merged */
    enum client_sort sort;
    bool desc;
    int64_t offset;
    int limit;
};

/* *total counts at most CLIENT_COUNT_MAX + 1: more means "more than". */
#define CLIENT_COUNT_MAX 10000
int client_store_list(struct db *db, struct arena *a, const struct scope *sc,
                      const struct client_filter *f, struct client **out,
                      size_t *n, int64_t *total);
/* Every client of a list's filter in its order, up to max (f's offset
 * and limit aside), handed to fn with its categories, in one read
 * transaction: an export. fn returns false to stop; the client it is
 * given lives only during the call. Paging through the list instead read
 * each page's offset again (a province's 87,000 over-90s took 165 s). */
int client_store_each(struct db *db, const struct scope *sc,
                      const struct client_filter *f, size_t max,
                      bool (*fn)(void *ctx, const struct client *c),
                      void *ctx);
/* DB_ROW with categories and guardians, or DB_DONE when absent or out of
 * scope. */
int client_store_get(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t id, struct client *out);
/* The client holding an ID number's blind index, in any scope: *id (0:
 * none) and whether the caller's scope sees it. */
int client_store_find_id_number(struct db *db, const struct scope *sc,
                                const char *blind, int64_t *id,
                                bool *visible);
/* The same for up to CLIENT_FIND_BATCH blind indexes in one statement
 * (an import's rows): ids[i] and visible[i] answer blinds[i]. */
#define CLIENT_FIND_BATCH 64
int client_store_find_id_numbers(struct db *db, const struct scope *sc,
                                 const char *const *blinds, size_t n,
                                 int64_t *ids, bool *visible);
/* Possible duplicates in the caller's scope: same name and birth date, or
 * same name and phone (blind index), other than except_id; at most max. */
int client_store_similar(struct db *db, struct arena *a,
                         const struct scope *sc, const char *name,
                         const char *birth_date, const char *phone_blind,
                         int64_t except_id, struct client **out, size_t *n,
                         size_t max);
/* Inserts c with its categories and guardians, in the caller's
 * transaction. DB_CONSTRAINT when the ID number is taken. */
int client_store_insert(struct db *db, const struct client *c, int64_t now,
                        int64_t *id);
/* For an import, in its transaction: n ids for clients not inserted yet
 * (ids[0..n), ascending), then each inserted by client_store_insert_later
 * without waiting for an answer (db_step_later), with its categories and
 * guardians but not its next visit, which visit_due_store_refresh_new()
 * keeps for many at once. A failure comes back from the next statement
 * that waits, at the latest the commit. */
int client_store_reserve_ids(struct db *db, size_t n, int64_t *ids);
int client_store_insert_later(struct db *db, const struct client *c,
                              int64_t id, int64_t now);
/* Replaces every editable field, the categories and the guardians when
 * the stored version is expected; DB_DONE when it is not (or absent). */
int client_store_update(struct db *db, const struct client *c,
                        int64_t expected_version, int64_t now);
/* Sets the risk level alone (a case's assessment), bumping the version;
 * in the caller's transaction. DB_DONE when the client is absent. */
int client_store_set_risk(struct db *db, int64_t id, const char *level,
                          int64_t now);
/* Moves the categories and guardians of from onto into, marks from
 * merged into it, and bumps both versions; in the caller's transaction. */
int client_store_merge(struct db *db, int64_t from, int64_t into,
                       int64_t now);

/* The clients whose recorded guardian is the client guardian_id (her
 * wards), in sc, by id: at most max, each with her categories and
 * guardians; merged records left out. A ward out of sc is not counted. */
#define CLIENT_WARDS_MAX 50
int client_store_wards(struct db *db, struct arena *a, const struct scope *sc,
                       int64_t guardian_id, struct client *out, size_t max,
                       size_t *n);

/* id and the records merged into it, and into those (a merge of a
 * merge), ids[0] being id: at most max, in the order found. */
int client_store_merged_ids(struct db *db, int64_t id, int64_t *ids,
                            size_t max, size_t *n);

/* Her place in a household of a station other than station_id becomes a
 * name only (the relation kept, the household's version bumped), in the
 * caller's transaction: *left that household, else 0. Said before she is
 * moved to station_id, so that no household holds another station's
 * client, whom neither station could then edit. */
int client_store_leave_household(struct db *db, int64_t id,
                                 int64_t station_id, int64_t now,
                                 int64_t *left);

/* Hands a client to the worker who accepted her case, at station_id,
 * in the caller's transaction. At another station the village is
 * cleared and her place in a household of the old station becomes a
 * name only (*left_household: that household, else 0), so that no
 * household holds another station's client. */
int client_store_move(struct db *db, int64_t id, int64_t station_id,
                      int64_t worker_id, int64_t now,
                      int64_t *left_household);

/* Takes the client's row lock for the rest of the caller's transaction
 * (PostgreSQL; SQLite's writers are serial already): checks that read
 * other rows of the client, then write, cannot interleave. */
int client_store_lock(struct db *db, int64_t id);
/* The same for n clients, in ascending id order (a merge's order, so
 * that two writers locking some of the same clients never each hold one
 * the other waits for); a repeated id is locked once. */
int client_store_lock_ids(struct db *db, struct arena *a, const int64_t *ids,
                          size_t n);

/* A category with an age limit or a lower age bound held by an active
 * client (the compliance rule client.category_age checks it against
 * them). */
struct client_age_row {
    int64_t id, station_id;
    const char *name, *birth_date;
    const char *code, *label, *label_en, *started_on, *ended_on;
    int age_limit; /* client_store_age_limited's rows; else 0 */
    int age_from;  /* client_store_age_from_early's rows; else 0 */
};
/* The categories with an age limit held (open or ended) by the active
 * clients in scope who have reached the smallest limit by today: those
 * who may have outgrown one. In client id order; none when no category
 * has a limit. */
int client_store_age_limited(struct db *db, struct arena *a,
                             const struct scope *sc, const char *today,
                             struct client_age_row **out, size_t *n);
/* The categories with a lower age bound F held (open or ended) by the
 * active clients in scope that may have started before the client was F:
 * those whose start year is at most the birth year plus F (a superset,
 * compared by year: the caller's check is exact). Records saved before
 * the bound was set (migration 26, or the sysadmin setting one later).
 * In client id order. */
int client_store_age_from_early(struct db *db, struct arena *a,
                                const struct scope *sc,
                                struct client_age_row **out, size_t *n);

/* DB_ROW (with the name) when the client is in scope, else DB_DONE: the
 * check of pages that show a client's records but not the client. */
int client_store_visible(struct db *db, const struct scope *sc, int64_t id,
                         const char **name, struct arena *a);

#endif
