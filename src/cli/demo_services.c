/* Synthetic service records for `sgz demo --services N`: three social
 * workers per township station, a responsible worker for each client,
 * two open cases per new worker, and the records themselves — mostly
 * home visits (with a small visit form) and consultations, some
 * activities, publicity, resource links and crisis interventions, never
 * casework or group sessions (those need a case in service or a group).
 * Records are spread over the years up to today (two unless asked; Beijing days, fewer
 * at weekends), written in the order they happened, and go to the
 * stations' clients at random, a fifth of them to each station's first
 * 1 % of clients (the open cases and monthly visits a station keeps
 * coming back to). They are written straight into the tables with
 * multi-row INSERTs in large transactions, not through the API: ten
 * million take minutes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/password.h"
#include "../store/dictionary_store.h"
#include "../store/service_store.h"
#include "../store/user_store.h"
#include "../util/arena.h"
#include "../util/cn_time.h"
#include "../util/xalloc.h"
#include "cli.h"
#include "demo_services.h"

#define WORKERS_PER_STATION 3
#define CASES_PER_WORKER 2
#define SVC_BATCH 32        /* rows per INSERT into services */
#define SVC_COLS 24
#define LINK_BATCH 128      /* rows per INSERT into the link tables */
#define COMMIT_EVERY 250000 /* records per transaction */
#define FOCUS_PERCENT 1     /* of a station's clients ... */
#define FOCUS_SHARE 20      /* ... get this per cent of its records */

#define COUNT(a) (sizeof a / sizeof a[0])

/* xorshift64: the same demo every time, state owned by the caller. */
struct rng {
    uint64_t s;
};

static uint32_t rnd(struct rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (uint32_t)(r->s >> 11);
}

static uint32_t below(struct rng *r, uint32_t n)
{
    return n ? rnd(r) % n : 0;
}

static int64_t between(struct rng *r, int64_t lo, int64_t hi)
{
    return lo + below(r, (uint32_t)(hi - lo + 1));
}

struct station {
    int64_t id;
    char code[13];
    int64_t workers[WORKERS_PER_STATION];
    const char *worker_names[WORKERS_PER_STATION];
    bool worker_new[WORKERS_PER_STATION];
    /* The day each login joined the station's roster (社工管理): she
     * serves from then on. NULL: never on it, and serves nobody. */
    const char *serves_from[WORKERS_PER_STATION];
    size_t lo, hi; /* its clients in the sorted array */
};

struct client {
    int64_t id, worker;
    uint32_t station; /* index into the stations */
};

/* --- workers -------------------------------------------------------------- */

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
    "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
    "唐", "韩", "曹", "许", "邓", "彭", "曾", "肖", "田", "谭", "廖", "贺"};
static const char *const given[] = {
    "丽", "敏", "静", "婷", "芳", "娟", "霞", "颖", "洁", "琳", "慧", "倩",
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "华", "平"};

static int load_stations(struct db *db, struct arena *a, struct station **out,
                         size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT id, region_code FROM stations WHERE type = "
            "'township_station' AND status = 'active' ORDER BY id");
    if (!st) {
        return DB_ERROR;
    }
    size_t cap = 256;
    *out = arena_alloc(a, cap * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct station *s = &(*out)[(*n)++];
        memset(s, 0, sizeof *s);
        s->id = db_col_int(st, 0);
        snprintf(s->code, sizeof s->code, "%s", db_col_text(st, 1));
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

static int user_id_of(struct db *db, const char *username, int64_t *id)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT id FROM users WHERE username = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, username);
    int rc = db_step(st);
    *id = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc;
}

/* The first row of a bound statement of (staff id, name): DB_ROW with
 * them, or DB_DONE. */
static int first_staff(struct db_stmt *st, struct arena *a,
                       int64_t *staff_id, const char **name)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *staff_id = db_col_int(st, 0);
        *name = arena_strdup(a, db_col_text(st, 1));
    }
    db_reset(st);
    return rc;
}

/* A worker on the station's roster (社工管理) with no login yet, not its
 * supervisor: DB_ROW with her staff id and name, or DB_DONE. The demo's
 * logins are then the roster's people, so that the names on the records
 * and on the roster agree. */
static int roster_worker(struct db *db, struct arena *a, int64_t station_id,
                         int64_t *staff_id, const char **name)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT s.id, s.name FROM staff s JOIN staff_assignments g ON "
            "g.staff_id = s.id WHERE g.station_id = ? AND g.to_on IS NULL "
            "AND s.user_id IS NULL AND s.status = 'active' AND s.role <> "
            "'supervisor' ORDER BY s.id LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, station_id);
    return first_staff(st, a, staff_id, name);
}

static int link_staff(struct db *db, int64_t staff_id, int64_t user_id)
{
    struct db_stmt *st =
        db_prepare(db, "UPDATE staff SET user_id = ? WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, staff_id);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* The first day login user_id was on station_id's roster: DB_ROW with
 * it, or DB_DONE. */
static int roster_from(struct db *db, struct arena *a, int64_t user_id,
                       int64_t station_id, const char **day)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT MIN(g.from_on) FROM staff s JOIN staff_assignments g ON "
            "g.staff_id = s.id WHERE s.user_id = ? AND g.station_id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, station_id);
    int rc = db_step(st);
    *day = rc == DB_ROW && !db_col_null(st, 0)
               ? arena_strdup(a, db_col_text(st, 0))
               : NULL;
    db_reset(st);
    return rc == DB_ROW && !*day ? DB_DONE : rc;
}

/* Who serves at each station: its logins on the roster, each from her
 * first day there. A station whose roster has none of its logins (a
 * --bare demo) is served by all three. In each county the first station
 * with a login off the roster lets her serve too: the compliance page's
 * deliberate 服务转包 (contract.unrostered_workers). */
static int decide_servers(struct db *db, struct arena *a, struct station *ss,
                          size_t ns)
{
    char flawed[7] = "";
    for (size_t i = 0; i < ns; i++) {
        struct station *s = &ss[i];
        int on = 0;
        for (int k = 0; k < WORKERS_PER_STATION; k++) {
            int rc = roster_from(db, a, s->workers[k], s->id,
                                 &s->serves_from[k]);
            if (rc != DB_ROW && rc != DB_DONE) {
                cli_error(cli_tr("demo services: roster: %s"),
                          db_errmsg(db));
                return rc;
            }
            on += rc == DB_ROW;
        }
        bool flaw = on > 0 && on < WORKERS_PER_STATION &&
                    strncmp(flawed, s->code, 6) != 0;
        if (flaw) {
            snprintf(flawed, sizeof flawed, "%.6s", s->code);
        }
        for (int k = 0; k < WORKERS_PER_STATION; k++) {
            if (!s->serves_from[k] && (on == 0 || flaw)) {
                s->serves_from[k] = "";
            }
        }
    }
    return DB_OK;
}

/* Login k of s serves on day (YYYY-MM-DD; NULL: on some day). */
static bool serves(const struct station *s, int k, const char *day)
{
    return s->serves_from[k] &&
           (!day || strcmp(s->serves_from[k], day) <= 0);
}

/* A login of s who serves on day, at random; one who serves on some
 * other day when nobody does on this one (a station whose workers were
 * all hired since). */
static int64_t pick_worker(struct rng *r, const struct station *s,
                           const char *day)
{
    int64_t ids[WORKERS_PER_STATION];
    uint32_t n = 0;
    for (int pass = 0; pass < 2 && n == 0; pass++) {
        for (int k = 0; k < WORKERS_PER_STATION; k++) {
            if (serves(s, k, pass == 0 ? day : NULL)) {
                ids[n++] = s->workers[k];
            }
        }
    }
    return n ? ids[below(r, n)] : s->workers[0];
}

/* The hash of one random password that is never shown, made once for
 * all of this run's logins: nobody can log in as them until `sgz user
 * passwd`. */
static int unknown_password(char hash[PASSWORD_HASH_MAX])
{
    if (*hash) {
        return DB_OK;
    }
    char pw[24];
    password_random(pw, 17);
    int bad = password_hash(pw, hash);
    memset(pw, 0, sizeof pw);
    return bad ? DB_ERROR : DB_OK;
}

/* The county's supervisor on its roster (the guidance centre's) with no
 * login yet: DB_ROW with her staff id and name, or DB_DONE. */
static int roster_supervisor(struct db *db, struct arena *a,
                             const char *county, int64_t *staff_id,
                             const char **name)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT s.id, s.name FROM staff s JOIN staff_assignments g ON "
            "g.staff_id = s.id JOIN stations t ON t.id = g.station_id WHERE "
            "substr(t.region_code, 1, 6) = ? AND g.to_on IS NULL AND "
            "s.user_id IS NULL AND s.status = 'active' AND s.role = "
            "'supervisor' ORDER BY s.id LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, county);
    return first_staff(st, a, staff_id, name);
}

/* sup<county>, the supervisor who approves the county's case plans and
 * closures (case_workflow.c): without one, a worker's plan would wait
 * for nobody, and is refused. Found, or created over the county. */
static int ensure_supervisor(struct db *db, struct arena *a, struct rng *r,
                             const char *station_code,
                             char hash[PASSWORD_HASH_MAX], int64_t now)
{
    char county[7];
    snprintf(county, sizeof county, "%.6s", station_code);
    const char *name = arena_printf(a, "sup%s", county);
    int64_t id;
    int rc = user_id_of(db, name, &id);
    if (rc != DB_DONE) {
        return rc == DB_ROW ? DB_OK : rc;
    }
    if (unknown_password(hash) != DB_OK) {
        return DB_ERROR;
    }
    int64_t staff_id = 0;
    const char *display =
        arena_printf(a, "%s%s", surnames[below(r, COUNT(surnames))],
                     given[below(r, COUNT(given))]);
    rc = roster_supervisor(db, a, county, &staff_id, &display);
    if (rc != DB_ROW && rc != DB_DONE) {
        return rc;
    }
    struct user u = {
        .username = name,
        .display_name = display,
        .password_hash = hash,
        .must_change_password = true,
        .status = "active",
        .data_range = "region",
        .range_region = county,
        .roles = ROLE_BIT(ROLE_SUPERVISOR),
    };
    rc = user_store_insert(db, &u, now, &id);
    if (rc == DB_OK && staff_id) {
        rc = link_staff(db, staff_id, id);
    }
    if (rc == DB_OK) {
        rc = cli_audit_append(db, "user.create", "user",
                              arena_printf(a, "%lld", (long long)id), NULL);
    }
    return rc;
}

/* sw<code>-1..3 for every station, and its county's supervisor: found,
 * or created with a password nobody knows (unknown_password). */
static int ensure_workers(struct db *db, struct arena *a, struct rng *r,
                          struct station *ss, size_t ns,
                          struct demo_service_counts *out)
{
    char hash[PASSWORD_HASH_MAX] = "";
    int64_t now = cn_now();
    int rc = db_begin(db);
    for (size_t i = 0; rc == DB_OK && i < ns; i++) {
        struct station *s = &ss[i];
        rc = ensure_supervisor(db, a, r, s->code, hash, now);
        for (int k = 0; rc == DB_OK && k < WORKERS_PER_STATION; k++) {
            char *name = arena_printf(a, "sw%s-%d", s->code, k + 1);
            int64_t id;
            rc = user_id_of(db, name, &id);
            if (rc == DB_ROW) {
                s->workers[k] = id;
                s->worker_names[k] = name;
                rc = DB_OK;
                continue;
            }
            if (rc != DB_DONE) {
                break;
            }
            if (unknown_password(hash) != DB_OK) {
                rc = DB_ERROR;
                break;
            }
            const char *display =
                arena_printf(a, "%s%s%s", surnames[below(r, COUNT(surnames))],
                             given[below(r, COUNT(given))],
                             below(r, 2) ? given[below(r, COUNT(given))] : "");
            int64_t staff_id = 0;
            const char *staff_name;
            rc = roster_worker(db, a, s->id, &staff_id, &staff_name);
            if (rc == DB_ROW) {
                display = staff_name;
            } else if (rc != DB_DONE) {
                break;
            }
            struct user u = {
                .username = name,
                .display_name = display,
                .password_hash = hash,
                .must_change_password = true,
                .status = "active",
                .data_range = "stations",
                .roles = ROLE_BIT(ROLE_SOCIAL_WORKER),
                .stations = &s->id,
                .n_stations = 1,
            };
            rc = user_store_insert(db, &u, now, &id);
            if (rc == DB_OK && staff_id) {
                rc = link_staff(db, staff_id, id);
            }
            if (rc == DB_OK) {
                rc = cli_audit_append(db, "user.create", "user",
                                      arena_printf(a, "%lld", (long long)id),
                                      NULL);
            }
            s->workers[k] = id;
            s->worker_names[k] = name;
            s->worker_new[k] = true;
            out->workers++;
        }
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        cli_error(cli_tr("demo services: workers: %s"), db_errmsg(db));
        db_rollback(db);
    }
    return rc;
}

/* Clients without a responsible worker get one of their station's who
 * serves: by id, so that each has an equal share. */
static int assign_clients(struct db *db, struct station *ss, size_t ns,
                          struct demo_service_counts *out)
{
    int64_t now = cn_now();
    int rc = db_begin(db);
    for (size_t i = 0; rc == DB_OK && i < ns; i++) {
        int64_t who[WORKERS_PER_STATION];
        int n = 0;
        for (int k = 0; k < WORKERS_PER_STATION; k++) {
            if (serves(&ss[i], k, NULL)) {
                who[n++] = ss[i].workers[k];
            }
        }
        for (int k = 0; rc == DB_OK && k < n; k++) {
            struct db_stmt *st = db_prepare(
                db, "UPDATE clients SET worker_id = ?, version = version + "
                    "1, updated_at = ? WHERE station_id = ? AND worker_id IS "
                    "NULL AND status = 'active' AND id % ? = ?");
            if (!st) {
                rc = DB_ERROR;
                break;
            }
            db_bind_int(st, 1, who[k]);
            db_bind_int(st, 2, now);
            db_bind_int(st, 3, ss[i].id);
            db_bind_int(st, 4, n);
            db_bind_int(st, 5, k);
            rc = db_step(st);
            out->assigned += rc == DB_DONE ? (size_t)db_changes(st) : 0;
            db_reset(st);
            rc = rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
        }
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        cli_error(cli_tr("demo services: assigning workers: %s"),
                  db_errmsg(db));
        db_rollback(db);
    }
    return rc;
}

static int by_station_id(const void *x, const void *y)
{
    const struct client *a = x, *b = y;
    if (a->station != b->station) {
        return a->station < b->station ? -1 : 1;
    }
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The active clients of the stations, sorted by station and id; each
 * station's slice in lo..hi. */
static int load_clients(struct db *db, struct station *ss, size_t ns,
                        struct client **out, size_t *n)
{
    int64_t max_station = 0;
    for (size_t i = 0; i < ns; i++) {
        max_station = ss[i].id > max_station ? ss[i].id : max_station;
    }
    uint32_t *index_of = xmalloc(((size_t)max_station + 1) * sizeof *index_of);
    for (int64_t i = 0; i <= max_station; i++) {
        index_of[i] = UINT32_MAX;
    }
    for (size_t i = 0; i < ns; i++) {
        index_of[ss[i].id] = (uint32_t)i;
    }
    struct db_stmt *st = db_prepare(
        db, "SELECT id, station_id, worker_id FROM clients WHERE status = "
            "'active'");
    if (!st) {
        free(index_of);
        return DB_ERROR;
    }
    size_t cap = 1 << 16;
    *out = xmalloc(cap * sizeof **out);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t station = db_col_int(st, 1);
        if (station < 1 || station > max_station ||
            index_of[station] == UINT32_MAX) {
            continue; /* not a township station's */
        }
        if (*n == cap) {
            cap *= 2;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct client *c = &(*out)[(*n)++];
        c->id = db_col_int(st, 0);
        c->worker = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
        c->station = index_of[station];
    }
    db_reset(st);
    free(index_of);
    if (rc < 0) {
        return rc;
    }
    qsort(*out, *n, sizeof **out, by_station_id);
    for (size_t i = 0; i < *n;) {
        size_t j = i;
        while (j < *n && (*out)[j].station == (*out)[i].station) {
            j++;
        }
        ss[(*out)[i].station].lo = i;
        ss[(*out)[i].station].hi = j;
        i = j;
    }
    return DB_OK;
}

/* --- cases ---------------------------------------------------------------- */

static const char *const case_sources[] = {"walk_in", "visit", "visit",
                                           "grid_report", "referral",
                                           "hotline"};
static const char *const problems[] = {
    "独居老人，近期摔伤后行动不便，缺少日常照料。",
    "留守儿童，学习成绩下滑，与监护人沟通不畅。",
    "低保家庭，主要劳动力患病，医疗支出负担较重。",
    "重度残疾人，照护者年迈，需要链接照护资源。",
    "家庭关系紧张，服务对象情绪低落，需要心理支持。"};

/* An open case (intake) on each of a new worker's first clients, opened
 * in the last three weeks: the task list's case deadlines. */
static int open_cases(struct db *db, struct arena *a, struct rng *r,
                      struct station *ss, size_t ns,
                      const struct client *cs, struct demo_service_counts *out)
{
    struct cn_date t = cn_date_of(cn_now());
    int64_t today = cn_days_from_civil(t.year, t.month, t.day);
    int rc = db_begin(db);
    for (size_t i = 0; rc == DB_OK && i < ns; i++) {
        const struct station *s = &ss[i];
        for (int k = 0; rc == DB_OK && k < WORKERS_PER_STATION; k++) {
            int made = 0;
            for (size_t j = s->lo; rc == DB_OK && s->worker_new[k] &&
                                   j < s->hi && made < CASES_PER_WORKER;
                 j++) {
                if (cs[j].worker != s->workers[k]) {
                    continue;
                }
                struct db_stmt *st = db_prepare(
                    db, "SELECT COUNT(*) FROM cases WHERE client_id = ? AND "
                        "stage <> 'closed'");
                if (!st) {
                    rc = DB_ERROR;
                    break;
                }
                db_bind_int(st, 1, cs[j].id);
                rc = db_step(st);
                int64_t open = rc == DB_ROW ? db_col_int(st, 0) : 0;
                db_reset(st);
                if (rc != DB_ROW) {
                    break;
                }
                rc = DB_OK;
                if (open) {
                    continue;
                }
                int64_t day = today - between(r, 1, 21);
                char opened_on[11];
                cn_date_format(cn_civil_from_days(day), opened_on);
                int64_t at = day * 86400 + 9 * 3600 + below(r, 8 * 3600) -
                             CN_UTC_OFFSET;
                st = db_prepare(
                    db, "INSERT INTO cases (station_id, client_id, "
                        "worker_id, stage, source, problem, opened_on, "
                        "created_by, version, created_at, updated_at) VALUES "
                        "(?, ?, ?, 'intake', ?, ?, ?, ?, 1, ?, ?) RETURNING "
                        "id");
                if (!st) {
                    rc = DB_ERROR;
                    break;
                }
                db_bind_int(st, 1, s->id);
                db_bind_int(st, 2, cs[j].id);
                db_bind_int(st, 3, s->workers[k]);
                db_bind_text(st, 4, case_sources[below(r, COUNT(case_sources))]);
                db_bind_text(st, 5, problems[below(r, COUNT(problems))]);
                db_bind_text(st, 6, opened_on);
                db_bind_int(st, 7, s->workers[k]);
                db_bind_int(st, 8, at);
                db_bind_int(st, 9, at);
                rc = db_step(st);
                int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
                db_reset(st);
                if (rc != DB_ROW) {
                    rc = rc < 0 ? rc : DB_ERROR;
                    break;
                }
                st = db_prepare(
                    db, "INSERT INTO case_events (case_id, at, actor_id, "
                        "actor, kind, stage, comment) VALUES (?, ?, ?, ?, "
                        "'opened', 'intake', '')");
                if (!st) {
                    rc = DB_ERROR;
                    break;
                }
                db_bind_int(st, 1, id);
                db_bind_int(st, 2, at);
                db_bind_int(st, 3, s->workers[k]);
                db_bind_text(st, 4, s->worker_names[k]);
                rc = db_step(st);
                db_reset(st);
                rc = rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
                if (rc == DB_OK) {
                    rc = cli_audit_append(
                        db, "case.opened", "case",
                        arena_printf(a, "%lld", (long long)id),
                        arena_printf(a,
                                     "{\"step\":\"opened\",\"stage\":"
                                     "\"intake\",\"client_id\":%lld,"
                                     "\"station_id\":%lld,\"worker_id\":"
                                     "%lld}",
                                     (long long)cs[j].id, (long long)s->id,
                                     (long long)s->workers[k]));
                }
                made++;
                out->cases++;
            }
        }
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        cli_error(cli_tr("demo services: cases: %s"), db_errmsg(db));
        db_rollback(db);
    }
    return rc;
}

/* --- service records ------------------------------------------------------ */

struct kind {
    const char *type;
    int weight;                  /* per cent of the records */
    int min_minutes, max_minutes;
    const char *place;
};

/* Casework and group sessions are left out: a case note needs a case in
 * intervention, a group session a group and its members. */
static const struct kind kinds[] = {
    {"home_visit", 55, 20, 90, "服务对象家中"},
    {"consultation", 22, 10, 45, "社工站"},
    {"activity", 11, 60, 180, "村(社区)综合服务中心"},
    {"publicity", 4, 60, 150, "村(社区)综合服务中心"},
    {"resource_link", 6, 20, 60, "服务对象家中"},
    {"crisis", 2, 60, 240, "服务对象家中"},
};

static const char *const visit_texts[] = {
    "入户走访，了解服务对象近期身体和生活情况，身体状况稳定，生活基本能够自理。",
    "走访了解家庭近况，提醒按时服药，讲解防范电信诈骗和安全用电知识。",
    "上门探访，与服务对象及家属交谈，了解照料安排，未发现新的困难。",
    "入户核实家庭成员和收入变化情况，告知相关救助政策和办理流程。",
    "走访了解儿童学习和生活情况，与监护人沟通关爱措施和安全注意事项。",
    "探访独居老人，检查家中用火用电安全，协助整理生活物品。"};
static const char *const consult_texts[] = {
    "来站咨询低保申请条件和所需材料，已一次性告知。",
    "电话咨询临时救助办理流程，已解答并告知所需材料。",
    "咨询残疾人两项补贴政策，协助填写申请表。",
    "咨询高龄津贴发放时间，已查询并答复。",
    "咨询医疗救助报销比例，已讲解政策并指引到医保窗口办理。"};
static const char *const activity_titles[] = {
    "重阳节敬老活动", "端午节包粽子活动", "中秋邻里联欢会",
    "儿童暑期安全教育", "健康义诊进村", "便民理发服务"};
static const char *const publicity_titles[] = {
    "社会救助政策宣传", "防范电信诈骗宣传", "未成年人保护法宣传",
    "残疾人福利政策宣讲"};
/* A crisis, its form as the API stores it (compact, keys sorted) and
 * the form's result. */
static const char *const crisis_records[][3] = {
    {"服务对象情绪激动，社工及时介入疏导，联系家属和村干部共同稳定情况。",
     "{\"follow_up\":\"一周内再次入户回访，了解情绪和家庭关系\",\"kind\":"
     "\"mental_health\",\"measures\":\"现场情绪疏导，联系家属到场陪伴\","
     "\"notified\":[\"family\",\"village_committee\"],\"result\":"
     "\"stabilised\",\"risk_level\":\"medium\"}",
     "stabilised"},
    {"接报服务对象家中突发火情，协助安置并链接临时救助。",
     "{\"kind\":\"disaster\",\"measures\":\"协助转移安置，链接临时救助\","
     "\"notified\":[\"village_committee\",\"civil_affairs\"],\"result\":"
     "\"resolved\",\"risk_level\":\"high\"}",
     "resolved"},
    {"服务对象突发疾病独自在家，社工联系村医并护送就医。",
     "{\"kind\":\"accident_illness\",\"measures\":\"联系村医，护送就医并"
     "通知家属\",\"notified\":[\"medical\",\"family\"],\"result\":"
     "\"resolved\",\"risk_level\":\"high\"}",
     "resolved"}};
static const char *const outcomes[] = {
    "", "服务对象表示满意。", "问题已解决。", "需持续跟进。",
    "已转介相关部门。"};
static const char *const satisfactions[] = {
    "very_satisfied", "very_satisfied", "satisfied", "satisfied",
    "satisfied",      "neutral",        ""};
static const char *const resource_sources[] = {"县民政局", "爱心企业",
                                               "县慈善会", "村(社区)"};
/* The visit form as the API stores it (compact, keys sorted). */
static const char *const visit_forms[][2] = {
    {"{\"met\":\"本人\",\"purpose\":\"routine\"}", "routine"},
    {"{\"met\":\"本人\",\"purpose\":\"routine\"}", "routine"},
    {"{\"met\":\"本人及家属\",\"purpose\":\"routine\"}", "routine"},
    {"{\"met\":\"本人\",\"purpose\":\"elderly_check\"}", "elderly_check"},
    {"{\"met\":\"监护人\",\"purpose\":\"child_followup\"}", "child_followup"},
    {"{\"met\":\"家属\",\"purpose\":\"disability_check\"}",
     "disability_check"}};

struct record {
    int64_t id, station, started, ended, minutes, extra, value, worker;
    int64_t created;
    char day[11];
    char title[64];
    const char *type, *place, *area, *content, *outcome, *satisfaction;
    const char *resource_kind, *resource_source, *visit, *purpose;
    const char *crisis, *crisis_result;
};

struct link {
    int64_t service, person, started;
};

struct links {
    struct link *v;
    size_t n, cap;
};

struct writer {
    struct db *db;
    struct record batch[SVC_BATCH];
    size_t nbatch;
    struct links clients, workers;
    struct demo_service_counts *out;
};

#define SVC_ROW                                                             \
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define SVC_ROWS4 SVC_ROW ", " SVC_ROW ", " SVC_ROW ", " SVC_ROW
#define SVC_ROWS16 SVC_ROWS4 ", " SVC_ROWS4 ", " SVC_ROWS4 ", " SVC_ROWS4
#define SVC_INSERT                                                          \
    "INSERT INTO services (id, station_id, type, started_at, ended_at, "   \
    "minutes, service_day, place, area, title, content, outcome, "          \
    "satisfaction, extra_attendees, resource_kind, resource_value, "        \
    "resource_source, visit, visit_purpose, crisis, crisis_result, "        \
    "created_by, created_at, updated_at) VALUES "

static const char *const svc_one_sql = SVC_INSERT SVC_ROW;
static const char *const svc_many_sql =
    SVC_INSERT SVC_ROWS16 ", " SVC_ROWS16;

#define LINK_ROWS4 "(?, ?, ?), (?, ?, ?), (?, ?, ?), (?, ?, ?)"
#define LINK_ROWS16 LINK_ROWS4 ", " LINK_ROWS4 ", " LINK_ROWS4 ", " LINK_ROWS4
#define LINK_ROWS64                                                         \
    LINK_ROWS16 ", " LINK_ROWS16 ", " LINK_ROWS16 ", " LINK_ROWS16
static const char *const link_sql[2][2] = {
    {"INSERT INTO service_clients (service_id, client_id, started_at) "
     "VALUES (?, ?, ?)",
     "INSERT INTO service_clients (service_id, client_id, started_at) "
     "VALUES " LINK_ROWS64 ", " LINK_ROWS64},
    {"INSERT INTO service_workers (service_id, user_id, started_at) "
     "VALUES (?, ?, ?)",
     "INSERT INTO service_workers (service_id, user_id, started_at) "
     "VALUES " LINK_ROWS64 ", " LINK_ROWS64},
};

_Static_assert(SVC_BATCH * SVC_COLS <= 999, "SQLite's variable limit");
_Static_assert(LINK_BATCH * 3 <= 999, "SQLite's variable limit");

static int step_done(struct db_stmt *st)
{
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

static void bind_record(struct db_stmt *st, int at, const struct record *v)
{
    db_bind_int(st, at + 1, v->id);
    db_bind_int(st, at + 2, v->station);
    db_bind_text(st, at + 3, v->type);
    db_bind_int(st, at + 4, v->started);
    db_bind_int(st, at + 5, v->ended);
    db_bind_int(st, at + 6, v->minutes);
    db_bind_text(st, at + 7, v->day);
    db_bind_text(st, at + 8, v->place);
    db_bind_text(st, at + 9, v->area);
    db_bind_text(st, at + 10, v->title);
    db_bind_text(st, at + 11, v->content);
    db_bind_text(st, at + 12, v->outcome);
    db_bind_text(st, at + 13, v->satisfaction);
    db_bind_int(st, at + 14, v->extra);
    db_bind_text(st, at + 15, v->resource_kind);
    db_bind_int(st, at + 16, v->value);
    db_bind_text(st, at + 17, v->resource_source);
    db_bind_text(st, at + 18, v->visit);
    db_bind_text(st, at + 19, v->purpose);
    db_bind_text(st, at + 20, v->crisis);
    db_bind_text(st, at + 21, v->crisis_result);
    db_bind_int(st, at + 22, v->worker);
    db_bind_int(st, at + 23, v->created);
    db_bind_int(st, at + 24, v->created);
}

/* Writes the links whose records are written: whole statements of
 * LINK_BATCH rows, or all of them (one row at a time) when all is set. */
static int flush_links(struct db *db, struct links *l, int which, bool all)
{
    size_t done = 0;
    while (l->n - done >= LINK_BATCH) {
        struct db_stmt *st = db_prepare(db, link_sql[which][1]);
        if (!st) {
            return DB_ERROR;
        }
        for (int i = 0; i < LINK_BATCH; i++) {
            const struct link *k = &l->v[done + (size_t)i];
            db_bind_int(st, 3 * i + 1, k->service);
            db_bind_int(st, 3 * i + 2, k->person);
            db_bind_int(st, 3 * i + 3, k->started);
        }
        int rc = step_done(st);
        if (rc != DB_OK) {
            return rc;
        }
        done += LINK_BATCH;
    }
    while (all && done < l->n) {
        struct db_stmt *st = db_prepare(db, link_sql[which][0]);
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, l->v[done].service);
        db_bind_int(st, 2, l->v[done].person);
        db_bind_int(st, 3, l->v[done].started);
        int rc = step_done(st);
        if (rc != DB_OK) {
            return rc;
        }
        done++;
    }
    memmove(l->v, l->v + done, (l->n - done) * sizeof *l->v);
    l->n -= done;
    return DB_OK;
}

/* Writes the batched records, then the links that can go now (a link
 * needs its record first: the foreign keys are checked as rows go in). */
static int flush(struct writer *w, bool all)
{
    struct db *db = w->db;
    size_t done = 0;
    if (w->nbatch == SVC_BATCH) {
        struct db_stmt *st = db_prepare(db, svc_many_sql);
        if (!st) {
            return DB_ERROR;
        }
        for (size_t i = 0; i < SVC_BATCH; i++) {
            bind_record(st, (int)i * SVC_COLS, &w->batch[i]);
        }
        int rc = step_done(st);
        if (rc != DB_OK) {
            return rc;
        }
        done = SVC_BATCH;
    }
    for (; done < w->nbatch; done++) {
        struct db_stmt *st = db_prepare(db, svc_one_sql);
        if (!st) {
            return DB_ERROR;
        }
        bind_record(st, 0, &w->batch[done]);
        int rc = step_done(st);
        if (rc != DB_OK) {
            return rc;
        }
    }
    w->out->services += w->nbatch;
    w->nbatch = 0;
    int rc = flush_links(db, &w->clients, 0, all);
    if (rc == DB_OK) {
        rc = flush_links(db, &w->workers, 1, all);
    }
    return rc;
}

static void add_link(struct links *l, int64_t service, int64_t person,
                     int64_t started)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 1024;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (struct link){service, person, started};
}

static const struct kind *pick_kind(struct rng *r)
{
    int x = (int)below(r, 100);
    for (size_t i = 0; i < COUNT(kinds); i++) {
        if (x < kinds[i].weight) {
            return &kinds[i];
        }
        x -= kinds[i].weight;
    }
    return &kinds[0];
}

/* Whether id is a login of s who serves on day. */
static bool serves_on(const struct station *s, int64_t id, const char *day)
{
    for (int k = 0; k < WORKERS_PER_STATION; k++) {
        if (s->workers[k] == id) {
            return serves(s, k, day);
        }
    }
    return false;
}

/* A client of station s: a fifth of the picks go to its first 1 %. */
static const struct client *pick_client(struct rng *r, const struct station *s,
                                        const struct client *cs)
{
    size_t n = s->hi - s->lo;
    size_t focus = n * FOCUS_PERCENT / 100;
    if (focus && (int)below(r, 100) < FOCUS_SHARE) {
        return &cs[s->lo + below(r, (uint32_t)focus)];
    }
    return &cs[s->lo + below(r, (uint32_t)n)];
}

/* The fields of one record of kind k at station s, started at `started`;
 * the clients and workers go to the writer's link lists. */
static void make_record(struct writer *w, struct rng *r,
                        const struct kind *k, const struct station *s,
                        const struct client *first, const struct client *cs,
                        const char *const *areas, size_t nareas,
                        int64_t id, int64_t started, int64_t now)
{
    struct record *v = &w->batch[w->nbatch++];
    memset(v, 0, sizeof *v);
    v->id = id;
    v->station = s->id;
    v->type = k->type;
    v->place = k->place;
    v->area = areas[below(r, (uint32_t)nareas)];
    v->minutes = between(r, k->min_minutes, k->max_minutes);
    v->started = started;
    v->ended = started + v->minutes * 60;
    if (v->ended > now) { /* today, later than now: the day before */
        v->started -= 86400;
        v->ended -= 86400;
    }
    cn_date_format(cn_date_of(v->started), v->day);
    v->content = "";
    v->outcome = outcomes[below(r, COUNT(outcomes))];
    v->satisfaction = satisfactions[below(r, COUNT(satisfactions))];
    v->resource_kind = v->resource_source = v->visit = v->purpose = "";
    v->crisis = v->crisis_result = "";
    /* Who was served: one client, or a few at an event. */
    const struct client *served[8];
    size_t nserved = 0;
    const char *t = k->type;
    if (strcmp(t, "activity") == 0 || strcmp(t, "publicity") == 0) {
        bool activity = strcmp(t, "activity") == 0;
        size_t want = below(r, 4);
        for (size_t i = 0; i < want; i++) {
            served[nserved++] = i == 0 ? first : pick_client(r, s, cs);
        }
        v->extra = activity ? between(r, 10, 60) : between(r, 20, 150);
        const char *const *titles =
            activity ? activity_titles : publicity_titles;
        size_t ntitles =
            activity ? COUNT(activity_titles) : COUNT(publicity_titles);
        snprintf(v->title, sizeof v->title, "%s",
                 titles[below(r, (uint32_t)ntitles)]);
        v->content = activity ? "组织开展主题活动，链接志愿者和村(社区)干部参"
                                "与，活动有序开展。"
                              : "设点开展政策宣传，发放宣传资料，现场解答群众"
                                "咨询。";
    } else {
        served[nserved++] = first;
        if (strcmp(t, "consultation") == 0 && below(r, 10) == 0) {
            served[nserved++] = pick_client(r, s, cs);
        }
        if (strcmp(t, "home_visit") == 0) {
            size_t f = below(r, COUNT(visit_forms));
            v->visit = visit_forms[f][0];
            v->purpose = visit_forms[f][1];
            v->content = visit_texts[below(r, COUNT(visit_texts))];
        } else if (strcmp(t, "consultation") == 0) {
            v->content = consult_texts[below(r, COUNT(consult_texts))];
        } else if (strcmp(t, "crisis") == 0) {
            size_t c = below(r, COUNT(crisis_records));
            v->content = crisis_records[c][0];
            v->crisis = crisis_records[c][1];
            v->crisis_result = crisis_records[c][2];
        } else { /* resource_link */
            static const char *const rkinds[] = {"goods", "goods", "money",
                                                 "service"};
            v->resource_kind = rkinds[below(r, COUNT(rkinds))];
            v->resource_source =
                resource_sources[below(r, COUNT(resource_sources))];
            v->value = strcmp(v->resource_kind, "service") == 0 ? 0
                       : strcmp(v->resource_kind, "money") == 0
                           ? between(r, 200, 2000) * 100
                           : between(r, 50, 500) * 100;
            v->content = "链接社会资源，为服务对象送去米、油等生活物资并了"
                         "解近况。";
        }
    }
    /* Each client once. */
    size_t kept = 0;
    for (size_t i = 0; i < nserved; i++) {
        bool twice = false;
        for (size_t j = 0; j < kept; j++) {
            twice |= served[j]->id == served[i]->id;
        }
        if (!twice) {
            served[kept++] = served[i];
        }
    }
    /* The first client's worker leads; a second worker one time in
     * four. */
    int64_t lead = first && serves_on(s, first->worker, v->day)
                       ? first->worker
                       : pick_worker(r, s, v->day);
    v->worker = lead;
    add_link(&w->workers, id, lead, v->started);
    if (below(r, 4) == 0) {
        int64_t other = pick_worker(r, s, v->day);
        if (other != lead) {
            add_link(&w->workers, id, other, v->started);
        }
    }
    for (size_t i = 0; i < kept; i++) {
        add_link(&w->clients, id, served[i]->id, v->started);
    }
    v->created = v->ended + between(r, 5, 180) * 60;
    v->created = v->created > now ? now : v->created;
}

/* The days of the window (today - days + 1 .. today) by cumulative
 * weight: a weekday counts five, a weekend day one. */
static void day_weights(int64_t today, int days, int64_t *cum)
{
    int64_t total = 0;
    for (int d = 0; d < days; d++) {
        int64_t day = today - (days - 1) + d;
        int wd = (int)(((day % 7) + 7 + 4) % 7); /* 0 Sunday */
        total += wd == 0 || wd == 6 ? 1 : 5;
        cum[d] = total;
    }
}

static int audit_batch(struct db *db, struct arena *a, int64_t first,
                       int64_t last)
{
    return cli_audit_append(
        db, "service.demo", "service",
        arena_printf(a, "%lld-%lld", (long long)first, (long long)last),
        arena_printf(a, "{\"first_id\":%lld,\"last_id\":%lld,\"records\":"
                        "%lld}",
                     (long long)first, (long long)last,
                     (long long)(last - first + 1)));
}

static int write_services(struct db *db, struct arena *a, struct rng *r,
                          const struct station *ss, const struct client *cs,
                          size_t ncs, int64_t todo, int days,
                          struct demo_service_counts *out)
{
    struct dictionary_item *items;
    size_t nitems;
    if (dictionary_store_list(db, a, "service_area", &items, &nitems) !=
        DB_OK) {
        cli_error(cli_tr("demo services: %s"), db_errmsg(db));
        return DB_ERROR;
    }
    const char **areas = arena_alloc(a, (nitems + 1) * sizeof *areas);
    size_t nareas = 0;
    for (size_t i = 0; i < nitems; i++) {
        if (items[i].active) {
            areas[nareas++] = items[i].code;
        }
    }
    if (!nareas) {
        cli_error(cli_tr("demo services: the profile has no service areas"));
        return DB_ERROR;
    }
    int64_t first_id = 0;
    if (db_query_int(db, "SELECT COALESCE(MAX(id), 0) FROM services",
                     &first_id) != DB_ROW) {
        cli_error(cli_tr("demo services: %s"), db_errmsg(db));
        return DB_ERROR;
    }
    first_id++;
    int64_t now = cn_now();
    struct cn_date t = cn_date_of(now);
    int64_t today = cn_days_from_civil(t.year, t.month, t.day);
    int64_t *cum = arena_alloc(a, (size_t)days * sizeof *cum);
    day_weights(today, days, cum);
    struct writer *w = xcalloc(1, sizeof *w);
    w->db = db;
    w->out = out;
    int rc = DB_OK;
    int64_t batch_first = first_id;
    int last_pct = -1;
    int d = 0;
    for (int64_t k = 0; rc == DB_OK && k < todo; k++) {
        if (k % COMMIT_EVERY == 0) {
            rc = db_begin(db);
            batch_first = first_id + k;
            if (rc != DB_OK) {
                break;
            }
        }
        /* The k-th record's day, in order: its share of the weights. */
        double pos = ((double)k + 0.5) * (double)cum[days - 1] /
                     (double)todo;
        while (d < days - 1 && (double)cum[d] <= pos) {
            d++;
        }
        int64_t day = today - (days - 1) + d;
        int64_t started = day * 86400 - CN_UTC_OFFSET + 8 * 3600 + 1800 +
                          below(r, 8 * 12) * 300; /* 08:30-16:25 */
        /* A station as many times as it has clients, then one of
         * them. */
        const struct station *s = &ss[cs[below(r, (uint32_t)ncs)].station];
        const struct client *c = pick_client(r, s, cs);
        make_record(w, r, pick_kind(r), s, c, cs, areas, nareas,
                    first_id + k, started, now);
        if (w->nbatch == SVC_BATCH) {
            rc = flush(w, false);
        }
        bool last = k + 1 == todo;
        if (rc == DB_OK && (last || (k + 1) % COMMIT_EVERY == 0)) {
            rc = flush(w, true);
            if (rc == DB_OK) {
                rc = audit_batch(db, a, batch_first, first_id + k);
            }
            if (rc == DB_OK) {
                rc = db_commit(db);
            }
            int pct = (int)((k + 1) * 100 / todo);
            if (rc == DB_OK && (pct / 10 != last_pct / 10 || last)) {
                fprintf(stderr, cli_tr("services: %lld/%lld (%d%%)\n"),
                        (long long)(k + 1), (long long)todo, pct);
                last_pct = pct;
            }
        }
    }
    if (rc != DB_OK) {
        cli_error(cli_tr("demo services: %s"), db_errmsg(db));
        db_rollback(db);
        out->services = 0;
    } else if (db_kind(db) == DB_POSTGRES) {
        /* The ids were given: move the identity past them. */
        rc = db_exec(db, "SELECT setval(pg_get_serial_sequence('services', "
                         "'id'), (SELECT MAX(id) FROM services))");
        if (rc != DB_OK) {
            cli_error(cli_tr("demo services: %s"), db_errmsg(db));
        }
    } else {
        db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    }
    free(w->clients.v);
    free(w->workers.v);
    free(w);
    return rc;
}

int demo_services(struct db *db, int64_t n, int years,
                  struct demo_service_counts *out)
{
    memset(out, 0, sizeof *out);
    struct arena *a = arena_new(0);
    struct rng r = {88172645463325252ull};
    struct station *ss;
    size_t ns;
    struct client *cs = NULL;
    size_t ncs = 0;
    int64_t existing = 0;
    int rc = load_stations(db, a, &ss, &ns);
    if (rc != DB_OK || ns == 0) {
        if (rc != DB_OK) {
            cli_error(cli_tr("demo services: no township stations: %s"),
                      db_errmsg(db));
        } else {
            cli_error(cli_tr("demo services: no township stations"));
        }
        arena_free(a);
        return EXIT_RUNTIME;
    }
    /* Clients first: nothing is made for a register that is empty. */
    int64_t nclients = 0;
    if (db_query_int(db, "SELECT COUNT(*) FROM clients WHERE status = "
                         "'active'",
                     &nclients) != DB_ROW ||
        nclients == 0) {
        cli_error(
            cli_tr("demo services: no clients to serve: add --clients N (or "
                   "import clients) first"));
        arena_free(a);
        return EXIT_RUNTIME;
    }
    /* A large write outgrows SQLite's default page cache: give this
     * connection room for the indexes being written (1 GiB at most,
     * used only as needed). */
    if (db_kind(db) == DB_SQLITE) {
        db_exec(db, "PRAGMA cache_size = -1048576");
    }
    if (ensure_workers(db, a, &r, ss, ns, out) != DB_OK ||
        decide_servers(db, a, ss, ns) != DB_OK ||
        assign_clients(db, ss, ns, out) != DB_OK ||
        load_clients(db, ss, ns, &cs, &ncs) != DB_OK) {
        rc = DB_ERROR;
    } else if (ncs == 0) {
        cli_error(cli_tr("demo services: no active clients at the township "
                         "stations"));
        rc = DB_ERROR;
    } else if (open_cases(db, a, &r, ss, ns, cs, out) != DB_OK) {
        rc = DB_ERROR;
    } else if (db_query_int(db, "SELECT COUNT(*) FROM services",
                            &existing) != DB_ROW) {
        cli_error(cli_tr("demo services: %s"), db_errmsg(db));
        rc = DB_ERROR;
    } else {
        out->existing = (size_t)existing;
        if (n > existing) {
            rc = write_services(db, a, &r, ss, cs, ncs, n - existing,
                                years * 365, out);
        }
        /* The timeline's columns of the links, set-wise. */
        if (rc == DB_OK && (rc = db_begin(db)) == DB_OK) {
            rc = service_store_fill_links(db);
            rc = rc == DB_OK ? db_commit(db) : rc;
            if (rc != DB_OK) {
                db_rollback(db);
                cli_error(cli_tr("demo services: %s"), db_errmsg(db));
            }
        }
        /* Each client's next visit, set-wise: the rows above went around
         * the store. */
        if (rc == DB_OK) {
            struct profile *p = cli_active_profile(db);
            rc = cli_sync_visits_due(db, p, true) == EXIT_OK &&
                         cli_sync_stats(db, true) == EXIT_OK
                     ? DB_OK
                     : DB_ERROR;
            profile_free(p);
        }
    }
    if (rc == DB_OK) {
        int64_t v;
        if (db_query_int(db, "SELECT COUNT(*) FROM service_clients", &v) ==
            DB_ROW) {
            out->client_links = (size_t)v;
        }
        if (db_query_int(db, "SELECT COUNT(*) FROM service_workers", &v) ==
            DB_ROW) {
            out->worker_links = (size_t)v;
        }
    }
    free(cs);
    arena_free(a);
    return rc == DB_OK ? EXIT_OK : EXIT_RUNTIME;
}
