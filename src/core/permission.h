/* Roles (DESIGN.md §1) and the one table of who may do what. Every route
 * names an action of this table, or "public" (no login), "session" (any
 * logged-in user, in a browser session) or "signed_in" (any logged-in
 * user, by session or API token: reference data such as code lists);
 * the tests walk every route with every role against it. */
#ifndef SGZ_PERMISSION_H
#define SGZ_PERMISSION_H
#include <stdbool.h>
#include <stdint.h>

enum role {
    ROLE_SOCIAL_WORKER,
    ROLE_STATION_LEAD,
    ROLE_SUPERVISOR,
    ROLE_ORG_ADMIN,
    ROLE_BUREAU,
    ROLE_TOWNSHIP_OFFICER,
    ROLE_EVALUATOR,
    ROLE_SYSADMIN,
    ROLE_SECURITY_ADMIN,
    ROLE_AUDITOR,
    ROLE_COUNT
};

typedef uint32_t role_set;
#define ROLE_BIT(r) ((role_set)1 << (r))

struct role_info {
    const char *code, *label, *label_en;
};
extern const struct role_info role_infos[ROLE_COUNT];

/* -1 when code names no role. */
int role_from_code(const char *code);

struct permission {
    const char *action;   /* "station.read" */
    const char *label;    /* 查看站点 */
    const char *label_en;
    role_set roles;
};

/* Terminated by an entry whose action is NULL. */
extern const struct permission permissions[];

#define PERMISSION_PUBLIC "public"
#define PERMISSION_SESSION "session"
/* Reference data a machine client needs to read what it is given (code
 * labels, the working-day calendar): any session, and any API token
 * whatever its actions. */
#define PERMISSION_SIGNED_IN "signed_in"
/* Routes that a half-finished login (second factor due) may use. */
#define PERMISSION_LOGIN "login"

const struct permission *permission_find(const char *action);
/* Whether a user holding roles may perform action ("session" and
 * "signed_in": any). */
bool permission_allows(role_set roles, const char *action);
/* Whether roles read clients' names in full. The evaluator reads the
 * stations it evaluates with personal data masked (DESIGN.md §1), names
 * included; any other role that reads clients sees them. */
bool roles_see_client_names(role_set roles);

#endif
