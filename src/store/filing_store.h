/* Filings (备案) with their due dates, debarments of organisations, and
 * the annual plans (the organisation's work plan, the county's
 * implementation plan) with their milestones. A filing or a plan is in
 * the caller's range when a station of its county is — of its contract,
 * when it has one. Debarments are registration data, read by everyone
 * who reads contracts. */
#ifndef SGZ_FILING_STORE_H
#define SGZ_FILING_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct filing {
    int64_t id, contract_id, year, version, created_by, created_at,
        updated_at;
    const char *region_code, *kind, *title, *filed_with;
    const char *due_on;   /* NULL: no deadline */
    bool due_provisional; /* 暂定: counted in a year not loaded */
    const char *filed_on; /* NULL: not yet */
    const char *notes;
    const char *contract_code; /* read only */
};

struct filing_filter {
    int64_t contract_id; /* 0: any */
    const char *kind;    /* NULL: any */
    int year;            /* 0: any */
    int pending;         /* 1: not filed yet, 0: any */
};

/* By due date (none last), then id. */
int filing_store_list(struct db *db, struct arena *a, const struct scope *sc,
                      const struct filing_filter *f, int limit, int64_t offset,
                      struct filing **out, size_t *n, int64_t *total);
int filing_store_get(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t id, struct filing *out);
/* A contract's copy (kind contract_copy) dated on insert or update dates
 * its contract too (the contract's filed_on, its version moved), in the
 * caller's transaction: the contract's 备案日期 is its copy's filing, and
 * a contract copy read without a day of its own reads the contract's. */
int filing_store_insert(struct db *db, const struct filing *f, int64_t now,
                        int64_t *id);
/* The filing of f's kind and year for f's contract (or, without one,
 * its county) already recorded, if any (DB_ROW, *id the first). */
int filing_store_same(struct db *db, const struct filing *f, int64_t *id);
/* DB_DONE when the version is not the expected one. */
int filing_store_update(struct db *db, const struct filing *f,
                        int64_t expected_version, int64_t now);

struct debarment {
    int64_t id, organisation_id, contract_id, created_by, created_at;
    const char *starts_on, *ends_on, *reason;
    const char *organisation_name; /* read only */
};

/* Newest first; organisation_id 0: all. */
int debarment_store_list(struct db *db, struct arena *a,
                         int64_t organisation_id, int limit, int64_t offset,
                         struct debarment **out, size_t *n, int64_t *total);
int debarment_store_insert(struct db *db, const struct debarment *d,
                           int64_t *id);
/* The debarment of the organisation that covers a day of from..to
 * (both included; from = to for one day), if any (DB_ROW): the one that
 * ends last. */
int debarment_store_over(struct db *db, struct arena *a,
                         int64_t organisation_id, const char *from,
                         const char *to, struct debarment *out);

struct milestone {
    int64_t id;
    const char *title, *due_on, *done_on; /* done_on NULL: open */
};

struct work_plan {
    int64_t id, year, organisation_id, contract_id, version, created_by,
        created_at, updated_at;
    const char *kind, *region_code, *title, *summary;
    const char *organisation_name; /* read only */
    struct milestone *milestones;
    size_t n_milestones;
};

int work_plan_store_list(struct db *db, struct arena *a,
                         const struct scope *sc, const char *kind, int year,
                         int limit, int64_t offset, struct work_plan **out,
                         size_t *n, int64_t *total);
int work_plan_store_get(struct db *db, struct arena *a, const struct scope *sc,
                        int64_t id, struct work_plan *out);
/* Insert (p->id 0) or update with the version; milestones replaced.
 * DB_DONE on a version conflict. */
int work_plan_store_save(struct db *db, struct work_plan *p,
                         int64_t expected_version, int64_t now);

#endif
