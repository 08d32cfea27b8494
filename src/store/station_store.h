/* Stations (社工站): the unit every record belongs to. Scope is applied
 * here: a station outside the caller's scope does not exist for them. */
#ifndef SGZ_STATION_STORE_H
#define SGZ_STATION_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct station_facility {
    const char *code;
    bool met;
    const char *note;
};

struct station {
    int64_t id, version, created_at, updated_at;
    const char *type, *region_code, *region_name, *name, *address, *phone;
    const char *opened_on; /* NULL when unknown */
    const char *status;    /* "active" or "inactive" */
    struct station_facility *facilities;
    size_t n_facilities;
};

enum station_sort { STATION_SORT_REGION, STATION_SORT_NAME, STATION_SORT_ID };

struct station_filter {
    const char *region_prefix; /* NULL: any */
    const char *type;          /* NULL: any */
    const char *status;        /* NULL: any */
    enum station_sort sort;
    bool desc;
    int64_t offset;
    int limit;
};

/* Why a write was refused, when it returns DB_CONSTRAINT. */
enum station_conflict {
    STATION_CONFLICT_NONE,
    STATION_CONFLICT_TYPE_REGION, /* same type already in the division */
    STATION_CONFLICT_NAME,
    STATION_CONFLICT_VERSION,
};

int station_store_list(struct db *db, struct arena *a, const struct scope *sc,
                       const struct station_filter *f, struct station **out,
                       size_t *n, int64_t *total);
/* DB_ROW and *out (with facilities), or DB_DONE when absent or out of
 * scope. */
int station_store_get(struct db *db, struct arena *a, const struct scope *sc,
                      int64_t id, struct station *out);
/* The same without the facilities checklist, for callers that only ask
 * where a station is and whether it is active. */
int station_store_get_plain(struct db *db, struct arena *a,
                            const struct scope *sc, int64_t id,
                            struct station *out);
/* The ids of the scope's stations, at most max + 1 of them (so that the
 * caller knows there are more than max), by id. */
int station_store_ids(struct db *db, struct arena *a, const struct scope *sc,
                      size_t max, int64_t **ids, size_t *n);
/* Reads the checklist answers of a page of stations in one query. */
int station_store_facilities_many(struct db *db, struct arena *a,
                                  struct station *items, size_t n);
/* Reads s->id's facilities checklist answers into s. */
int station_store_facilities(struct db *db, struct arena *a,
                             struct station *s);
/* Whether another station (not s->id) has s's type and division or its
 * name: *why says which, type and division first. Writers check before
 * writing, so that the answer names the right conflict on both backends
 * (after a failed statement PostgreSQL cannot be asked anything more in
 * the same transaction). */
int station_store_conflict(struct db *db, const struct station *s,
                           enum station_conflict *why);
/* Inserts s with its facilities; runs in the caller's transaction. */
int station_store_insert(struct db *db, const struct station *s, int64_t now,
                         int64_t *id, enum station_conflict *why);
/* Replaces the editable fields and facilities when the stored version is
 * expected_version; bumps the version. DB_DONE when absent. */
int station_store_update(struct db *db, const struct station *s,
                         int64_t expected_version, int64_t now,
                         enum station_conflict *why);

#endif
