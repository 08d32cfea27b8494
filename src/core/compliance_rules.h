/* What a compliance rule is, for the files that define them. Each domain
 * keeps its rules beside its records (compliance_staff.c,
 * compliance_contracts.c, compliance_money.c) in a table ended by {0};
 * compliance.c runs the tables in order, in one read snapshot. */
#ifndef SGZ_COMPLIANCE_RULES_H
#define SGZ_COMPLIANCE_RULES_H
#include "compliance.h"
#include "../store/station_store.h"

struct compliance_rule {
    const char *code, *label, *label_en;
    int (*run)(const struct compliance_ctx *c, struct compliance_report *r);
    /* NULL: always on; else whether the profile has the rule's keys. */
    bool (*enabled)(const struct profile *p);
    const char *off_reason, *off_reason_en; /* why it is off */
};

extern const struct compliance_rule compliance_staff_rules[];
extern const struct compliance_rule compliance_contract_rules[];
extern const struct compliance_rule compliance_money_rules[];
extern const struct compliance_rule compliance_report_rules[];
extern const struct compliance_rule compliance_client_rules[];

/* Appends a finding (copied; its strings must live in c->arena or be
 * static). */
void compliance_add(const struct compliance_ctx *c,
                    struct compliance_report *r, const struct finding *f);
/* A name written as a heading ("Junior college") as it reads inside an
 * English finding ("junior college"): msg_in_sentence on a copy in
 * c's arena. */
const char *compliance_in_sentence(struct arena *a, const char *name);
struct station;
struct staff;
/* What several rules walk, read once per run (compliance_run). */
struct compliance_cache {
    struct station *stations; /* active, with their facilities */
    size_t n_stations;
    bool stations_read;
    struct staff *staff; /* active workers */
    size_t n_staff;
    bool staff_read;
};

/* Calls fn for every active station of the scope, with its facilities
 * and arg, page by page; stops at the first failure. */
int compliance_each_station(const struct compliance_ctx *c,
                            int (*fn)(const struct compliance_ctx *c,
                                      struct compliance_report *r,
                                      const struct station *s, void *arg),
                            struct compliance_report *r, void *arg);

#endif
