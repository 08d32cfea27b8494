/* Policy profiles (DESIGN.md §2): each source plan's rules as data. A
 * profile is JSON, checked against the schema in profile.c (unknown keys,
 * wrong types and impossible values are errors naming the key's path) and
 * then read into this read-only structure. Capabilities add their keys to
 * the schema and their fields here. */
#ifndef SGZ_PROFILE_H
#define SGZ_PROFILE_H
#include <stdbool.h>
#include <stddef.h>

#include "profile_money.h"
#include "profile_reports.h"
#include "region_code.h"

struct profile_item {          /* a coded entry with its labels */
    const char *code, *label, *label_en;
    int age_limit; /* client categories: 0, or only for people
                      under this age */
    int age_from;  /* client categories: 0, or only for people
                      this age or over */
};

struct station_type {
    const char *code, *label, *label_en;
    enum region_level region_level;
    const char *name_pattern;  /* "{county}{township}社会工作服务站" */
};

struct facility {
    const char *code, *label, *label_en, *group;
    bool required;
};

struct visit_schedule {
    const char *category;      /* a client category code */
    int every_days;
};

/* A filing (备案) the plan requires besides the contract copy: what, to
 * whom, and when — a fixed day of the year (due_month_day "07-31") or
 * working days after a date of the contract (working_days, from). */
struct profile_filing {
    const char *kind, *filed_with;
    const char *due_month_day; /* "" when none */
    int working_days;          /* 0 when none */
    const char *from;          /* "signed_on" or "effective_on" */
};

/* The contract rules (`contracts`, optional): a 0 or "" member is a rule
 * the plan does not set, and that rule is off. */
struct profile_contracts {
    bool present;
    int cycle_years;
    bool signed_yearly;
    int filing_working_days;     /* the contract copy's filing */
    const char *filing_from, *filing_with;
    int staff_in_place_months;
    const char *staff_in_place_from;
    long long min_amount_per_station_fen;
    int expiry_notice_days;      /* PROFILE_EXPIRY_NOTICE_DAYS by default */
    struct profile_filing *filings;
    size_t n_filings;
};

/* A month before a contract ends, where a plan is silent. */
#define PROFILE_EXPIRY_NOTICE_DAYS 30

/* Staffing (人员配备): the workers a station of a type must have. */
struct staffing_quota {
    const char *station_type;
    int min, max;              /* max 0: no upper bound */
};

/* Each member 0/NULL when the plan says nothing (its rule is off). */
struct staffing {
    bool present;              /* the profile has a "staffing" object */
    struct staffing_quota *quotas;
    size_t n_quotas;
    int max_age_at_hire;       /* whole years at the hire date, inclusive */
    const char *min_education; /* an education code (junior_college …) */
    int certificate_within_years; /* from the hire date */
    const char *supervisor_certificate; /* a certificate level code */
    double wage_factor;        /* over the county's minimum wage */
    const char *township_roles[3]; /* roles a township may employ */
    size_t n_township_roles;
};

/* sgz's case deadlines where a profile sets none (the plans are silent). */
#define PROFILE_ASSESSMENT_DAYS 7
#define PROFILE_PLAN_DAYS 14
#define PROFILE_REVIEW_DAYS 90

struct profile {
    const char *name, *title, *title_en, *source;
    const char *region_code;   /* jurisdiction */
    enum region_level level;
    const char *region_name, *purchaser;
    struct station_type *station_types;
    size_t n_station_types;
    struct facility *facilities;
    size_t n_facilities;
    struct profile_item *service_areas;
    size_t n_service_areas;
    struct profile_item *client_categories;
    size_t n_client_categories;
    int assessment_days, plan_days, review_days; /* casework */
    int followup_days[6];      /* after closure, days */
    size_t n_followup_days;
    struct visit_schedule *visit_schedules;
    size_t n_visit_schedules;
    struct profile_contracts contracts;
    struct profile_money money; /* funding and payments (issue 7) */
    struct staffing staffing;
    struct profile_reports reports; /* deadlines (issue 8) */
    char *json;                /* the text it was read from */
    void *root;                /* the parsed JSON (json_t), owns strings */
};

/* Parses and validates text. On failure returns -1 and writes every error
 * ("station_types[1].region_level: …") on separate lines into err. */
int profile_parse(const char *text, size_t len, struct profile **out,
                  char *err, size_t errlen);
void profile_free(struct profile *p);

#define PROFILE_NAME_MAX 48
#define PROFILE_BUILTIN_MAX 32

/* Writes the names of the profiles embedded in the binary; returns how
 * many. */
size_t profile_builtin_list(char names[][PROFILE_NAME_MAX], size_t max);
/* The embedded text of a profile, NULL when there is none of that name. */
const char *profile_builtin_text(const char *name, size_t *len);
/* The built-in profile whose jurisdiction best fits a division code:
 * the longest jurisdiction that contains the code, else the first whose
 * jurisdiction lies inside it. False when none. */
bool profile_for_region(const char *code, char *out, size_t outlen);

const struct station_type *profile_station_type(const struct profile *p,
                                                const char *code);
const struct facility *profile_facility(const struct profile *p,
                                        const char *code);
/* Whether the profile lets a township employ a worker of role (原州区:
 * the resident workers are the townships' 低保核查员). */
bool profile_township_employs(const struct profile *p, const char *role);

#endif
