/* The kinds of report (报告, issue 8) in one table: what each covers
 * (a station, a county, a contract), the length of its period, who
 * writes it and who reviews it. The profile's `reports` key, the
 * service rules, the API and the compliance rules all read it. */
#ifndef SGZ_REPORT_TYPES_H
#define SGZ_REPORT_TYPES_H
#include <stdbool.h>

#include "../util/arena.h"
#include "permission.h"

enum report_type {
    REPORT_MONTHLY_BRIEF,   /* 月度工作简报: a station, one month */
    REPORT_QUARTERLY,       /* 季度报告: a county, a quarter */
    REPORT_HALF_YEAR,       /* 半年总结: a county, a half year */
    REPORT_MIDTERM,         /* 中期报告: a contract, within its term */
    REPORT_FINAL,           /* 末期报告: a contract, once its period ends */
    REPORT_FUND_USE,        /* 资金使用情况: a contract, any months */
    REPORT_SELF_EVALUATION, /* 绩效自评: a county's bureau, a year */
    REPORT_ORG_MONTHLY,     /* 承接机构月度工作简报: a contract's stations,
                               one month */
    REPORT_TYPE_COUNT
};

enum report_scope { REPORT_SCOPE_STATION, REPORT_SCOPE_REGION,
                    REPORT_SCOPE_CONTRACT };

/* The period a type covers: one month, a quarter, a half, a year, or
 * any months (whole months, from and to inclusive). */
enum report_period { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_HALF,
                     PERIOD_YEAR, PERIOD_ANY };

struct report_type_info {
    const char *code, *label, *label_en;
    enum report_scope scope;
    enum report_period period;
    /* The role that writes and submits it (a role code). */
    const char *author_role;
    /* Whether it may only be submitted once its period has ended. */
    bool after_period;
};

extern const struct report_type_info report_types[REPORT_TYPE_COUNT];

/* The scope a report was written on, from its scope_key ("s:", "r:",
 * "c:"). Usually its type's; a self-evaluation written per contract
 * before migration 44 kept its contract (docs/reports.md). */
enum report_scope report_scope_of_key(const char *scope_key);
/* The type of a code, or -1. */
int report_type_from_code(const char *code);
/* A status (draft, submitted, returned, accepted) in words; the code
 * itself when unknown. */
const char *report_status_label(const char *status, bool en);
/* ",code,code," the types one of roles writes ("," when none): the
 * drafts that range may show (scope.report_drafts). */
const char *report_types_written_by(struct arena *a, role_set roles);

/* Months are numbered year * 12 + month - 1 (as stats_query). */
/* Parses "YYYY-MM" into a month number; false when it is not one. */
bool report_month_parse(const char *s, int *month);
/* Whether [from, to] is a period of the type's length, aligned (a
 * quarter starts in Jan, Apr, Jul or Oct …). */
bool report_period_fits(enum report_period p, int from, int to);
/* Whether a period of the type may start in month from (a quarter in
 * Jan, Apr, Jul or Oct …). */
bool report_period_starts(enum report_period p, int from);

#endif
