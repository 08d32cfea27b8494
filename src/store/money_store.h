/* Money and payments (资金与拨付): budget lines by fund source and year,
 * allocations drawn on them for contracts and stations, a contract's
 * expenditures, its evaluations and performance acceptances, and its
 * installments. Reads take the caller's scope: a budget line is seen by
 * those whose range touches its region; everything else by those who
 * see its contract (its region or one of its stations). */
#ifndef SGZ_MONEY_STORE_H
#define SGZ_MONEY_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct budget_line {
    int64_t id, year, budget_fen, spent_fen, version, updated_at;
    bool spent_known;             /* spent_fen entered */
    const char *region_code, *region_name, *source, *title, *notes;
    int64_t allocated_fen;        /* read only: the sum of its allocations */
};

struct allocation {
    int64_t id, budget_line_id, contract_id, station_id, amount_fen;
    int64_t year;                 /* read only: the line's */
    const char *allocated_on, *notes, *source, *line_title;
    const char *contract_code, *station_name; /* read only */
};

struct expenditure {
    int64_t id, contract_id, station_id, amount_fen, version, created_by;
    const char *spent_on, *category, *payee, *description;
    const char *contract_code, *station_name; /* read only */
    int64_t vouchers;             /* read only */
    int64_t updated_at;
};

struct eval_score;

struct evaluation {
    int64_t id, contract_id;
    const char *kind, *evaluated_on, *grade, *evaluator, *notes;
    bool passed;
    /* Scored by indicators (evaluation_store.h): the total and the full
     * points in tenths, -1 for a result recorded without scores. */
    int64_t total_score, max_score;
    struct eval_score *scores; /* for the insert; NULL: not scored */
    size_t n_scores;
    bool passed_given;         /* for the insert: the body said passed */
    const char *contract_code, *contract_title; /* read only */
    const char *organisation_name;              /* read only */
    int64_t voided_at;                          /* 0: in force */
    int64_t created_by; /* who recorded it; 0: before migration 35 */
    const char *voided_by, *voided_reason;
};

struct acceptance {
    int64_t id, contract_id;
    const char *accepted_on, *result, *notes;
};

struct payment {
    int64_t id, contract_id, seq, percent, working_days, amount_fen;
    int64_t version, override_at;
    bool needs_acceptance;
    const char *trigger, *status, *paid_on, *withheld_reason;
    const char *override_reason, *override_by;
    const char *override_by_name; /* read only: the user's name, or NULL */
};

/* What the money rules and the ledger read of a contract. */
struct money_contract {
    int64_t id, organisation_id, amount_fen;
    const char *code, *title, *region_code, *signed_on, *effective_on;
    const char *starts_on, *ends_on, *status;
    const char *status_on; /* the day it was terminated; NULL if active */
};

struct money_filter {
    int64_t year, contract_id, station_id, budget_line_id;
    const char *source, *category, *kind, *from, *to;
    int limit;
    int64_t offset;
    bool with_voided; /* evaluations: the voided too (the list) */
};

/* A sum by code (fund source or expense category). */
struct money_sum {
    const char *code;
    int64_t amount_fen;
};

int money_store_contract(struct db *db, struct arena *a,
                         const struct scope *sc, int64_t id,
                         struct money_contract *out);
/* Contracts in scope, by id (for the rules). */
int money_store_contracts(struct db *db, struct arena *a,
                          const struct scope *sc, struct money_contract **out,
                          size_t *n);
/* Whether the contract covers a station of this type. */
int money_store_contract_has_type(struct db *db, int64_t contract_id,
                                  const char *type, bool *yes);
/* The contract's first station (an expenditure's vouchers belong to its
 * station, or to this one): DB_ROW or DB_DONE. */
int money_store_contract_first_station(struct db *db, int64_t contract_id,
                                       int64_t *station_id);
/* Whether the station is one the contract covers. */
int money_store_contract_station(struct db *db, int64_t contract_id,
                                 int64_t station_id, bool *yes);

int money_store_lines(struct db *db, struct arena *a, const struct scope *sc,
                      const struct money_filter *f, struct budget_line **out,
                      size_t *n, int64_t *total);
int money_store_line(struct db *db, struct arena *a, const struct scope *sc,
                     int64_t id, struct budget_line *out);
/* DB_CONSTRAINT when (region, year, source, title) is taken. */
int money_store_line_insert(struct db *db, const struct budget_line *b,
                            int64_t now, int64_t *id);
int money_store_line_update(struct db *db, const struct budget_line *b,
                            int64_t expected_version, int64_t now);

/* Locks a line for the caller's transaction (a no-op update: the row
 * lock on PostgreSQL, the write lock on SQLite), so that two allocations
 * cannot both see room for themselves. */
int money_store_line_lock(struct db *db, int64_t id);
int money_store_allocations(struct db *db, struct arena *a,
                            const struct scope *sc,
                            const struct money_filter *f,
                            struct allocation **out, size_t *n,
                            int64_t *total);
/* One allocation by id, in the scope: DB_ROW or DB_DONE. */
int money_store_allocation(struct db *db, struct arena *a,
                           const struct scope *sc, int64_t id,
                           struct allocation *out);
int money_store_allocation_insert(struct db *db, const struct allocation *x,
                                  int64_t now, int64_t *id);

/* How many allocations and expenditures of a contract name a station
 * (a station leaving the contract would leave them pointing at a
 * station it no longer covers). */
int money_store_station_records(struct db *db, int64_t contract_id,
                                int64_t station_id, int64_t *n);

/* The records of a contract dated in a window, and the earliest and
 * latest of their dates (NULL when none). */
enum money_dated {
    DATED_EXPENDITURES, /* spent_on */
    DATED_MIDTERMS,     /* evaluated_on of the midterm evaluations in force */
    DATED_RESULTS,      /* evaluated_on / accepted_on, evaluations in force */
};
struct money_span {
    int64_t n;
    const char *first, *last;
};
/* Dated lo <= d < hi (hi_open) or lo < d <= hi (!hi_open). */
int money_store_dated_span(struct db *db, struct arena *a,
                           enum money_dated what, int64_t contract_id,
                           const char *lo, const char *hi, bool hi_open,
                           struct money_span *out);

/* A line's allocations dated outside lo..hi (its year), and the
 * earliest and latest of their dates (NULL when none). */
int money_store_line_off_year(struct db *db, struct arena *a, int64_t line_id,
                              const char *lo, const char *hi,
                              struct money_span *out);

/* The sum allocated to a contract from every line (no scope: the
 * contract's amount bounds them all). */
int money_store_contract_allocated(struct db *db, int64_t contract_id,
                                   int64_t *sum);
/* Locks a contract for the caller's transaction (as money_store_line_lock):
 * every money write judged on its contract takes it first, so that it and
 * the contract's change or termination take turns, and two allocations
 * from different lines cannot both see room. */
int money_store_contract_lock(struct db *db, int64_t id);
/* DB_OK, or DB_DONE when it was gone already. */
int money_store_allocation_delete(struct db *db, int64_t id);

int money_store_expenditures(struct db *db, struct arena *a,
                             const struct scope *sc,
                             const struct money_filter *f,
                             struct expenditure **out, size_t *n,
                             int64_t *total);
/* f's expenditures with no voucher (原始凭证) attached: how many, their
 * sum and the earliest day spent. */
int money_store_unvouched(struct db *db, struct arena *a,
                          const struct scope *sc, const struct money_filter *f,
                          int64_t *count, int64_t *sum, const char **first);
/* The sum of the amounts of f's expenditures, every page of them: the
 * list's 合计. */
int money_store_expenditures_sum(struct db *db, const struct scope *sc,
                                 const struct money_filter *f, int64_t *sum);
int money_store_expenditure(struct db *db, struct arena *a,
                            const struct scope *sc, int64_t id,
                            struct expenditure *out);
/* Another expenditure of e's contract with e's day, category, amount and
 * payee (an entry made twice, as a slip is typed in again): its id in
 * *twin, 0 when none. The earliest, so that the second entry names the
 * first. The contract's, whoever reads: e was read in scope. */
int money_store_expenditure_twin(struct db *db, const struct expenditure *e,
                                 int64_t *twin);
int money_store_expenditure_insert(struct db *db, const struct expenditure *e,
                                   int64_t now, int64_t *id);
int money_store_expenditure_update(struct db *db, const struct expenditure *e,
                                   int64_t expected_version, int64_t now);

/* Deletes an expenditure at expected_version with no voucher: DB_OK, or
 * DB_DONE when it changed, went or got a voucher since it was read. */
int money_store_expenditure_delete(struct db *db, int64_t id,
                                   int64_t expected_version);

/* Sums, in the scope: allocations by fund source (allocated_on within
 * [from, to], or of a contract when contract_id > 0), expenditures by
 * category. */
int money_store_sum_allocations(struct db *db, struct arena *a,
                                const struct scope *sc,
                                const struct money_filter *f,
                                struct money_sum **out, size_t *n);
int money_store_sum_expenditures(struct db *db, struct arena *a,
                                 const struct scope *sc,
                                 const struct money_filter *f,
                                 struct money_sum **out, size_t *n);
/* Budget lines of a year by source: budgeted and spent (lines with no
 * spent figure counted in *unknown). */
int money_store_sum_lines(struct db *db, const struct scope *sc, int64_t year,
                          const char *source, int64_t *budget,
                          int64_t *spent, int64_t *lines, int64_t *unknown);
/* Allocations drawn on the lines of a year and source. */
int money_store_sum_drawn(struct db *db, const struct scope *sc, int64_t year,
                          const char *source, int64_t *drawn);
/* The years that have budget lines or allocations, in scope. */
int money_store_years(struct db *db, struct arena *a, const struct scope *sc,
                      int64_t **out, size_t *n);

int money_store_evaluations(struct db *db, struct arena *a,
                            const struct scope *sc,
                            const struct money_filter *f,
                            struct evaluation **out, size_t *n,
                            int64_t *total);
/* One evaluation in scope: DB_ROW, DB_DONE or the failure. */
int money_store_evaluation_get(struct db *db, struct arena *a,
                               const struct scope *sc, int64_t id,
                               struct evaluation *out);
/* Voids evaluation id (in force): DB_OK, or DB_DONE when it was void. */
int money_store_evaluation_void(struct db *db, int64_t id, const char *by,
                                const char *reason, int64_t now);
int money_store_evaluation_insert(struct db *db, const struct evaluation *e,
                                  int64_t now, int64_t *id);
int money_store_acceptances(struct db *db, struct arena *a,
                            const struct scope *sc,
                            const struct money_filter *f,
                            struct acceptance **out, size_t *n,
                            int64_t *total);
int money_store_acceptance_insert(struct db *db, const struct acceptance *x,
                                  int64_t now, int64_t *id);

/* A contract's installments by seq (no scope: the caller has read the
 * contract in its scope). */
int money_store_payments(struct db *db, struct arena *a, int64_t contract_id,
                         struct payment **out, size_t *n);
int money_store_payment(struct db *db, struct arena *a, int64_t id,
                        struct payment *out);
int money_store_payment_insert(struct db *db, const struct payment *p,
                               int64_t now);
/* A scheduled installment's amount, when the contract's changes: only
 * while unpaid and at the version read (PostgreSQL's read committed lets
 * a payment commit between the read and this). DB_OK, or DB_DONE when it
 * changed since. */
int money_store_payment_set_amount(struct db *db, int64_t id,
                                   int64_t version, int64_t amount_fen,
                                   int64_t now);
/* paid_on, status, withheld and override fields; guarded by version. */
int money_store_payment_update(struct db *db, const struct payment *p,
                               int64_t expected_version, int64_t now);

#endif
