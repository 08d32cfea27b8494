/* The compliance engine (合规检查): rules the active profile switches on,
 * each a small function that reads the records and adds findings — the
 * severity, the rule, the profile clause it comes from, the record at
 * fault and a message in Chinese (and English). A profile without a
 * rule's keys turns the rule off, and the rule says why. Findings are
 * computed when asked, never stored: they are what the records say today.
 *
 * Rules so far (issue 7 adds the staff, contract and money rules):
 *   station.signage_name   a station's name follows its type's pattern
 *   station.facilities     the required facilities are in place
 *   calendar.year_loaded   this year's (and, from November, next year's)
 *                          official holidays are loaded */
#ifndef SGZ_COMPLIANCE_H
#define SGZ_COMPLIANCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../store/scope.h"
#include "../util/arena.h"
#include "profile.h"

enum severity { SEV_VIOLATION, SEV_WARNING, SEV_INFO };

struct finding {
    const char *rule;
    enum severity severity;
    const char *clause;      /* the profile key or plan it comes from */
    const char *entity;      /* "station", "calendar_year" … */
    int64_t entity_id;
    const char *entity_name;
    /* The name in English where sgz makes it up ("Q1 2026", a budget
     * line's year); NULL: the record's own name serves both. */
    const char *entity_name_en;
    const char *message, *message_en;
    /* The station the finding concerns (0: none; a station's own finding
     * gets its id), and for a payment its contract (0: none), so that the
     * page can filter by station and link a payment to its contract. */
    int64_t station_id, contract_id;
    /* A report owed and not yet submitted (NULL otherwise): its type,
     * its author's role and period ("YYYY-MM"; NULL for a period the
     * author picks), so that the page can offer to write it; and when
     * it is begun (a draft, or returned), its id, to go on with it. */
    const char *report_type, *report_author, *period_from, *period_to;
    int64_t report_id;
};

struct rule_state {
    const char *code, *label, *label_en;
    bool enabled;
    const char *off_reason, *off_reason_en; /* when not enabled */
    size_t findings;
};

struct compliance_ctx {
    struct db *db;
    struct arena *arena;
    const struct scope *scope;
    const struct profile *profile;
    const char *today; /* YYYY-MM-DD, Beijing */
    /* An org_admin's organisation (0 otherwise): her workers are read
     * stationed or not, as her staff list reads them. */
    int64_t org_id;
    /* money.voucher_days: the days an expenditure may wait for its
     * vouchers (0: the rule does not run). */
    int64_t voucher_days;
    /* reports.owed_from: the go-live day in days since 1970-01-01 (0:
     * none). A report whose period ended before its month is not asked
     * for: it was written on paper. */
    int64_t reports_owed_from;
    /* Whether the caller may read a kind of record ("staff.read" …):
     * rules on records it may not read are left out. NULL: everything
     * (the command line). */
    bool (*may_read)(void *arg, const char *action);
    void *may_read_arg;
    /* Set by compliance_run: the stations and workers of the range, read
     * once for all the rules that walk them (NULL: each rule reads). */
    struct compliance_cache *cache;
};

struct compliance_report {
    struct finding *findings; /* violations first, then warnings, info */
    size_t n_findings, cap;
    struct rule_state *rules;
    size_t n_rules;
};

/* The findings the staffing rules of c's profile make of one worker
 * (her age at hire, her education), as a run would: for the form that
 * saves her. */
struct staff;
void compliance_staff_check(const struct compliance_ctx *c,
                            const struct staff *s,
                            struct compliance_report *out);
/* Runs every rule; DB_OK or the store's failure. */
int compliance_run(const struct compliance_ctx *c,
                   struct compliance_report *out);
/* "violation", "warning" or "info". */
const char *severity_code(enum severity s);
/* Whether code names a rule sgz has (whatever the caller may read). */
bool compliance_rule_known(const char *code);

/* A contract's recorded spending against its amount, as the rule
 * money.spent_over_contract judges it: the reply to the expenditure that
 * takes a contract over says it at once, in the rule's words, so that
 * what the clerk is told and what the bureau reads later agree. */
struct spent_over {
    int64_t spent_fen, amount_fen;
    int64_t over_fen;                 /* 0: within the amount */
    const char *message, *message_en; /* NULL within it */
};
int compliance_spent_over(struct db *db, struct arena *a,
                          const struct scope *sc, int64_t contract_id,
                          int64_t amount_fen, struct spent_over *out);

#endif
