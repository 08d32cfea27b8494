/* A user's data range (数据范围, DESIGN.md §1), applied by the store
 * functions themselves so that no handler can forget it. Every row of
 * personal or service data belongs to a station, and a station to a
 * division code; a range is therefore a division prefix or a set of
 * stations. The identity layer builds one per request. */
#ifndef SGZ_SCOPE_H
#define SGZ_SCOPE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct scope {
    bool all;                  /* no restriction */
    const char *region_prefix; /* a division code and everything below */
    const int64_t *stations;   /* or exactly these stations … */
    size_t n_stations;
    int64_t stations_of_user;  /* … which are this user's (user_stations):
                                  what the SQL filters by */
    int64_t self_user;         /* range "self": personal records only where
                                  this user is the responsible worker */
    /* ",type,type," the report types whose drafts the user may see:
     * those her roles write (a draft is its authors' until submitted).
     * NULL: every draft (the command line). */
    const char *report_drafts;
};

/* The SQL condition that a station, aliased s, lies in the scope; four
 * parameters, bound by scope_bind(). Ranges rather than LIKE: a bound
 * LIKE pattern makes SQLite prepare the statement again on every run. */
#define SCOPE_WHERE SCOPE_WHERE_USER_("")
/* SCOPE_WHERE for a contract's station, ORG the contract's organisation
 * column: an org_admin (a user tied to an organisation) sees only its
 * own organisation's contracts, whichever stations they share with
 * another's. The same four parameters. */
#define SCOPE_WHERE_OF_ORG(ORG)                                             \
    SCOPE_WHERE_USER_("AND (u.organisation_id IS NULL OR "                  \
                      "u.organisation_id = " ORG " OR NOT EXISTS (SELECT "  \
                      "1 FROM user_roles ur WHERE ur.user_id = u.id AND "   \
                      "ur.role = 'org_admin')) ")
#define SCOPE_WHERE_USER_(EXTRA) "(? = 1 OR " SCOPE_IN_RANGE_(EXTRA) ")"
/* SCOPE_WHERE for rows whose station is the column COL, with no join to
 * stations: a range "all" looks no station up, where a join would seek
 * each row's (40 % of a province's search by initials, 4,000 rows). The
 * same four parameters. */
#define SCOPE_WHERE_OF_STATION(COL)                                         \
    "(? = 1 OR EXISTS (SELECT 1 FROM stations s WHERE s.id = " COL         \
    " AND " SCOPE_IN_RANGE_("") "))"
/* Station s lies in a range other than "all"; three parameters. */
#define SCOPE_IN_RANGE_(EXTRA)                                              \
    "((s.region_code >= ? AND s.region_code <= ?) OR EXISTS (SELECT 1 "    \
    "FROM users u WHERE u.id = ? " EXTRA "AND (EXISTS (SELECT 1 FROM "     \
    "user_stations us WHERE us.user_id = u.id AND us.station_id = s.id) "  \
    "OR (u.organisation_id IS NOT NULL AND " SCOPE_CONTRACTED "))))"
/* An org_admin's stations: those its organisation's contracts in force
 * cover (contracts.in_force, kept by contract_store). Asked only of a
 * user tied to an organisation, so that a station worker's rows outside
 * her station cost no contract lookups. */
#define SCOPE_CONTRACTED                                                    \
    "EXISTS (SELECT 1 FROM contract_stations cs JOIN contracts c ON c.id " \
    "= cs.contract_id WHERE cs.station_id = s.id AND c.organisation_id = " \
    "u.organisation_id AND c.in_force = 1 AND EXISTS (SELECT 1 FROM "      \
    "user_roles ur WHERE ur.user_id = u.id AND ur.role = 'org_admin'))"

/* ORG, a contract's organisation column, is the user's own organisation
 * and the user its org_admin: an organisation keeps its contracts, and
 * their reports, expenditures and evaluations, after their term, when
 * their stations (and the people there) have left its range. One
 * parameter, bound by scope_bind_own_org(). */
#define SCOPE_OWN_ORG(ORG)                                                  \
    "EXISTS (SELECT 1 FROM users u WHERE u.id = ? AND u.organisation_id = " \
    ORG " AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id " \
    "AND ur.role = 'org_admin'))"

struct db;
struct db_stmt;
/* Binds SCOPE_WHERE's four parameters from index first. */
void scope_bind(struct db_stmt *st, int first, const struct scope *sc);
/* Binds SCOPE_OWN_ORG's parameter at i. */
void scope_bind_own_org(struct db_stmt *st, int i, const struct scope *sc);

/* An org_admin's range follows its organisation's contracts
 * (DESIGN.md §1): whatever range the account has, it sees the stations
 * the contracts in force cover, and those listed for it. */
void scope_for_org_admin(struct scope *s, int64_t user_id);

/* The scope of the command line and of a deployment without identity:
 * everything. */
extern const struct scope scope_all;

/* True when the range is a county or less, or listed stations: few
 * enough of a province's stations that a list is cheaper read station by
 * station than by walking the province's indexes (client_store.c). */
bool scope_few_stations(const struct scope *s);

/* *out is *sc, made the range "all" when sc's division holds every
 * station there is (a province's officer on the province's own
 * deployment), so that a list takes the way "all" reads, without asking
 * each row's station. Ask inside the list's read transaction: a station
 * added outside the division afterwards is not in its snapshot. */
int scope_widen(struct db *db, const struct scope *sc, struct scope *out);

/* True when a station (id, region code) lies inside the scope. */
bool scope_has_station(const struct scope *s, int64_t id,
                       const char *region_code);

/* True when a division lies wholly inside the scope: range all, or a
 * region prefix covering it. What writes to a county-wide record (a
 * contract, a budget line) need; one station in range is not enough. */
bool scope_has_region(const struct scope *s, const char *region_code);

#endif
