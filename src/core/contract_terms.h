/* The dates a contract's rules turn on, computed from the profile and the
 * working-day calendar: when the contract copy must be filed, when the
 * workers must be in place, when each other filing is due, how much of
 * the term has passed. Pure functions: no database. */
#ifndef SGZ_CONTRACT_TERMS_H
#define SGZ_CONTRACT_TERMS_H
#include <stdbool.h>
#include <stdint.h>

#include "../store/contract_store.h"
#include "calendar.h"
#include "profile.h"

/* The date a contract names by "signed_on" or "effective_on". */
const char *contract_terms_date(const struct contract *c, const char *which);

/* n working days after from (YYYY-MM-DD) into out (11 bytes); false when
 * from is not a date. *provisional as calendar_add_workdays says. */
bool contract_terms_add_workdays(const struct calendar *cal, const char *from,
                                 int n, char *out, bool *provisional);

/* The day the contract copy is due at the filing office
 * (contracts.filing_working_days after contracts.filing_from); false
 * when the profile sets no such rule. */
bool contract_terms_filing_due(const struct calendar *cal,
                               const struct profile_contracts *k,
                               const struct contract *c, char *out,
                               bool *provisional);

/* from + months, the day of the month kept (or the month's last day):
 * "within 1 month of 2026-01-31" ends on 2026-02-28. */
bool contract_terms_add_months(const char *from, int months, char *out);

/* The last day for the workers to be in place; false when the profile
 * sets no such rule. */
bool contract_terms_staff_due(const struct profile_contracts *k,
                              const struct contract *c, char *out);

/* The profile's rule for a kind of filing, NULL when there is none. */
const struct profile_filing *
contract_terms_filing_rule(const struct profile_contracts *k,
                           const char *kind);

/* A filing's due date from its rule: a fixed day of year, or working
 * days after the contract's date (c may be NULL: then no date). False
 * when the rule gives none. */
bool contract_terms_rule_due(const struct calendar *cal,
                             const struct profile_filing *rule, int year,
                             const struct contract *c, char *out,
                             bool *provisional);

/* Days from a to b (YYYY-MM-DD); 0 when either is not a date. */
int64_t contract_terms_days(const char *a, const char *b);

/* The day a contract's targets are counted from, into buf: its start,
 * or the platform's go-live day when later (live: reports.owed_from, days
 * since 1970-01-01, 0 for none): what was done before was recorded on
 * paper, and counting it as not done would put every contract behind on
 * the first morning. */
const char *contract_terms_counted_from(const struct contract *c,
                                        int64_t live, char buf[16]);
/* The share of the term [starts_on, ends_on] passed between from (its
 * start, or contract_terms_counted_from's later day) and today, in
 * thousandths (0–1000): of a target for the term, what is due by now. */
int contract_terms_elapsed(const struct contract *c, const char *from,
                           const char *today);

/* Unix seconds of Beijing midnight starting day (YYYY-MM-DD); -1 when
 * not a date. */
int64_t contract_terms_instant(const char *day);

#endif
