#include "staff_service.h"

#include <stdlib.h>
#include <string.h>

#include "../store/audit_store.h"
#include "../store/organisation_store.h"
#include "../store/region_store.h"
#include "../store/station_store.h"
#include "../store/user_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "../util/secret.h"
#include "pinyin.h"
#include "rule_fail.h"
#include "staff_scope.h"

/* The audit row and the commit (rule_commit_audited), under a short
 * name for the many writes below. */
static int finish(const struct client_ctx *x, int rc, const char *action,
                  const char *entity, int64_t id, const char *detail,
                  struct client_fail *fail)
{
    return rule_commit_audited(x, rc, action, entity, id, detail, fail);
}

/* A station of the caller's range: 0, or -1 with *fail. */
static int station_in_range(const struct client_ctx *x, int64_t id,
                            struct station *st, struct client_fail *fail)
{
    int rc = station_store_get_plain(x->db, x->arena, x->scope, id, st);
    if (rc == DB_DONE) {
        return rule_fail(fail, 400, MSG_NOT_FOUND, "station_id", "站点",
                         "station");
    }
    return rc == DB_ROW ? 0 : rule_fail_db(fail, rc);
}

static bool in_future(const struct client_ctx *x, const char *day)
{
    return day && strcmp(day, x->today) > 0;
}

/* Trainings and supervision sessions are the stations' programme's,
 * which began this century: an earlier day is a typo (1900-01-01). */
#define RECORDS_BEGIN "2000-01-01"

#define FUTURE(x, day, field, zh)                                           \
    if (in_future(x, day)) {                                                \
        return rule_fail(fail, 400, MSG_IN_FUTURE, field, zh, field);       \
    }

static int check_employer(const struct client_ctx *x, const struct profile *p,
                          struct staff *s, struct client_fail *fail)
{
    if (s->employer_region) {
        if (!profile_township_employs(p, s->role)) {
            return rule_fail(fail, 400, MSG_STAFF_TOWNSHIP_EMPLOYER,
                             "employer_region", "聘用乡镇(街道)",
                             "employer_region");
        }
        struct region g;
        int rc = region_store_get(x->db, x->arena, s->employer_region, &g);
        if (rc == DB_DONE || (rc == DB_ROW && region_level_of(g.code) !=
                                                  LEVEL_TOWNSHIP)) {
            return rule_fail(fail, 400, MSG_REGION_NOT_FOUND,
                             "employer_region", "聘用乡镇(街道)",
                             "employer_region");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
        /* A county registers its own townships' employees: another
         * county's would leave its range and enter the other's lists. */
        if (!scope_has_region(x->scope, g.code)) {
            return rule_fail(fail, 400, MSG_REGION_OUT_OF_RANGE,
                             "employer_region", "聘用乡镇(街道)",
                             "employer_region");
        }
        s->organisation_id = 0;
        return 0;
    }
    if (s->organisation_id <= 0) {
        return rule_fail(fail, 400, MSG_STAFF_EMPLOYER, "organisation_id",
                         "聘用机构", "organisation_id");
    }
    struct organisation o;
    int rc = organisation_store_get(x->db, x->arena, s->organisation_id, &o);
    if (rc == DB_DONE) {
        return rule_fail(fail, 400, MSG_NOT_FOUND, "organisation_id",
                         "聘用机构", "organisation");
    }
    return rc == DB_ROW ? 0 : rule_fail_db(fail, rc);
}

/* Whether a user's range may follow a worker's station: every role of
 * hers frontline, her range a list of stations or self. */
static bool follows_station(const struct user *u)
{
    return u->roles && (u->roles & ~(role_set)ROLES_FRONTLINE) == 0 &&
           (strcmp(u->data_range, "stations") == 0 ||
            strcmp(u->data_range, "self") == 0);
}

static int check(const struct client_ctx *x, const struct profile *p,
                 const struct staff *before, struct staff *s,
                 struct client_fail *fail)
{
    FUTURE(x, s->birth_date, "birth_date", "出生日期");
    FUTURE(x, s->hired_on, "hired_on", "入职日期");
    FUTURE(x, s->certified_on, "certified_on", "取证日期");
    FUTURE(x, s->labour_from, "labour_from", "劳动合同起始日期");
    /* Leaving ends her login's range at once: recorded once she has. */
    FUTURE(x, s->left_on, "left_on", "离职日期");
    if (client_age(s->birth_date, s->hired_on) < 16) {
        return rule_fail(fail, 400, MSG_OUT_OF_RANGE, "birth_date",
                         "出生日期(入职时须年满16周岁)",
                         "birth date (16 or over at hire)");
    }
    /* Past the profiles' ages at hire (35–40) is a finding, not an
     * error; past 70 it is a typing error (1900-01-01). */
    if (client_age(s->birth_date, s->hired_on) > 70) {
        return rule_fail(fail, 400, MSG_OUT_OF_RANGE, "birth_date",
                         "出生日期(入职时不超过70周岁)",
                         "birth date (70 or under at hire)");
    }
    if (s->labour_from && s->labour_to &&
        strcmp(s->labour_to, s->labour_from) < 0) {
        return rule_fail(fail, 400, MSG_STAFF_DATE_ORDER, "labour_to",
                         "劳动合同终止日期", "labour contract end");
    }
    if (strcmp(s->certificate, "none") != 0 && !s->certified_on) {
        return rule_fail(fail, 400, MSG_REQUIRED, "certified_on", "取证日期",
                         "certified_on");
    }
    if (strcmp(s->certificate, "none") == 0) {
        s->certified_on = NULL;
    }
    if (s->certified_on && strcmp(s->certified_on, s->birth_date) < 0) {
        return rule_fail(fail, 400, MSG_BEFORE_BIRTH, "certified_on",
                         "取证日期", "certification date");
    }
    if (strcmp(s->status, "left") == 0) {
        if (!s->left_on) {
            return rule_fail(fail, 400, MSG_REQUIRED, "left_on", "离职日期",
                             "left_on");
        }
        if (!s->left_reason || !*s->left_reason) {
            return rule_fail(fail, 400, MSG_REQUIRED, "left_reason",
                             "离职原因", "left_reason");
        }
        if (strcmp(s->left_on, s->hired_on) < 0) {
            return rule_fail(fail, 400, MSG_STAFF_DATE_ORDER, "left_on",
                             "离职日期", "left_on");
        }
    } else {
        s->left_on = NULL;
        s->left_reason = "";
    }
    if (s->user_id > 0 && (!before || before->user_id != s->user_id)) {
        struct user u;
        int rc = user_store_get(x->db, x->arena, s->user_id, &u);
        if (rc == DB_DONE) {
            return rule_fail(fail, 400, MSG_NOT_FOUND, "user_id", "登录账号",
                             "user");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
        if (!follows_station(&u)) {
            return rule_fail(fail, 400, MSG_STAFF_USER_NOT_FRONTLINE,
                             "user_id", "登录账号", "user_id");
        }
    }
    return check_employer(x, p, s, fail);
}

/* A range as audit JSON: {"data_range":…,"stations":[…]}. */
static const char *range_json(struct arena *a, const char *range,
                              const int64_t *st, size_t n)
{
    const char *list = "";
    for (size_t i = 0; i < n; i++) {
        list = arena_printf(a, "%s%s%lld", list, i ? "," : "",
                            (long long)st[i]);
    }
    return arena_printf(a, "{\"data_range\":\"%s\",\"stations\":[%s]}",
                        range, list);
}

/* Sets u's stations to station (0: none) unless they are so already or
 * her range does not follow a station; audited as user.update. A range
 * "self" stays "self" (her own clients at that station), never widened
 * to the station's. */
static int set_user_station(struct db *db, struct arena *a,
                            const struct actor *who, int64_t user_id,
                            int64_t station)
{
    struct user u;
    int rc = user_store_get(db, a, user_id, &u);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_OK : rc;
    }
    if (!follows_station(&u)) {
        return DB_OK; /* another role's range: never the worker's to set */
    }
    size_t n = station > 0 ? 1 : 0;
    if (u.n_stations == n && (n == 0 || u.stations[0] == station)) {
        return DB_OK; /* already so */
    }
    rc = user_store_set_range(db, user_id, u.data_range, NULL,
                              n ? &station : NULL, n);
    if (rc != DB_OK) {
        return rc;
    }
    struct audit_entry e = {
        .actor = who->name,
        .address = who->address ? who->address : "",
        .action = "user.update",
        .entity = "user",
        .entity_id = arena_printf(a, "%lld", (long long)user_id),
        .detail = arena_printf(
            a, "{\"reason\":\"staff_assignment\",\"before\":%s,"
               "\"after\":%s}",
            range_json(a, u.data_range, u.stations, u.n_stations),
            range_json(a, u.data_range, &station, n)),
    };
    return audit_append(db, &e);
}

int staff_service_sync_range(struct db *db, struct arena *a,
                             const struct actor *who, int64_t user_id,
                             const char *today)
{
    struct staff s;
    int rc = staff_store_by_user(db, a, user_id, today, &s);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_OK : rc; /* no worker: not hers to set */
    }
    bool at = s.station_id > 0 && strcmp(s.status, "active") == 0;
    return set_user_station(db, a, who, user_id, at ? s.station_id : 0);
}

const char *staff_phone_open(const unsigned char *key, struct arena *a,
                             const char *stored)
{
    if (!stored || !*stored) {
        return stored;
    }
    const char *clear = secret_decrypt_text(a, key, stored);
    return clear ? clear : stored; /* kept in clear before phones were
                                      sealed */
}

/* Ends an open assignment on the day she left. */
static int end_on_leaving(const struct client_ctx *x, const struct staff *s)
{
    struct staff_assignment *as;
    size_t n;
    int rc = staff_store_assignments(x->db, x->arena, s->id, &as, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (!as[i].to_on || strcmp(as[i].to_on, s->left_on) > 0) {
            rc = staff_store_end_assignment(
                x->db, s->id, as[i].id,
                strcmp(as[i].from_on, s->left_on) > 0 ? as[i].from_on
                                                      : s->left_on);
        }
    }
    return rc;
}

/* A later hiring date may not leave an assignment before it. Run in the
 * write's transaction under the worker's row lock (staff_store_lock),
 * which staff_service_assign takes too: read before it, an assignment
 * committed meanwhile was not seen. */
static int check_hire_after_assignments(const struct client_ctx *x,
                                        const struct staff *before,
                                        const struct staff *s,
                                        struct client_fail *fail)
{
    if (!before || strcmp(s->hired_on, before->hired_on) <= 0) {
        return 0;
    }
    struct staff_assignment *as = NULL;
    size_t n = 0;
    int rc = staff_store_assignments(x->db, x->arena, before->id, &as, &n);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(as[i].from_on, s->hired_on) < 0) {
            return rule_fail(fail, 400, MSG_HIRE_AFTER_ASSIGNMENT, "hired_on",
                             "入职日期", "hiring date");
        }
    }
    return 0;
}

/* A worker as her audit rows keep her (DESIGN.md §5: the fields that
 * are not secret; her phone is sealed and left out): an edit's before
 * and after, so that the log says what changed. Her notes and the
 * reason she left are free text, which stays out of the log
 * (docs/architecture.md): an edit says only that they changed. */
static void write_staff(struct jsonw *w, const struct staff *s)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "name", s->name);
    jsonw_kstr(w, "sex", s->sex);
    jsonw_kstr(w, "birth_date", s->birth_date);
    jsonw_kstr(w, "role", s->role);
    jsonw_key(w, "organisation_id");
    if (s->organisation_id) {
        jsonw_int(w, s->organisation_id);
    } else {
        jsonw_null(w);
    }
    jsonw_kstr(w, "employer_region", s->employer_region);
    jsonw_kstr(w, "labour_from", s->labour_from);
    jsonw_kstr(w, "labour_to", s->labour_to);
    jsonw_kstr(w, "education", s->education);
    jsonw_kstr(w, "major", s->major);
    jsonw_kstr(w, "certificate_level", s->certificate);
    jsonw_kstr(w, "certified_on", s->certified_on);
    jsonw_kbool(w, "hukou_local", s->hukou_local);
    jsonw_kstr(w, "hired_on", s->hired_on);
    jsonw_kint(w, "wage_fen", s->wage_fen);
    jsonw_kstr(w, "status", s->status);
    jsonw_kstr(w, "left_on", s->left_on);
    jsonw_key(w, "user_id");
    if (s->user_id > 0) {
        jsonw_int(w, s->user_id);
    } else {
        jsonw_null(w);
    }
    jsonw_obj_close(w);
}

static bool text_differs(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") != 0;
}

int staff_service_save(const struct client_ctx *x, const struct profile *p,
                       const struct staff *before, struct staff *s,
                       int64_t expected_version, int64_t *id,
                       struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    char full[400], initials[100];
    pinyin_name(s->name, full, sizeof full, initials, sizeof initials);
    s->name_pinyin = arena_strdup(x->arena, full);
    size_t key_len = strlen(s->name) * 4 + 1;
    char *key = arena_alloc(x->arena, key_len);
    pinyin_sort_key(s->name, key, key_len);
    s->name_sort = key;
    if (check(x, p, before, s, fail)) {
        return -1;
    }
    if (s->phone && *s->phone) { /* sealed at rest (DESIGN.md §5) */
        char *enc = secret_encrypt(x->key, (const unsigned char *)s->phone,
                                   strlen(s->phone));
        s->phone = arena_strdup(x->arena, enc);
        free(enc);
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    int64_t now = cn_now();
    if (before) {
        *id = before->id;
        s->id = before->id;
        rc = staff_store_lock(x->db, before->id, 0, 0);
        if (rc == DB_DONE) { /* gone: as the version check would say */
            db_rollback(x->db);
            return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                             NULL);
        }
        if (rc != DB_OK) {
            db_rollback(x->db);
            return rule_fail_db(fail, rc);
        }
        if (check_hire_after_assignments(x, before, s, fail)) {
            db_rollback(x->db);
            return -1;
        }
        rc = staff_store_update(x->db, s, expected_version, now);
        if (rc == DB_DONE) {
            db_rollback(x->db);
            return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                             NULL);
        }
    } else {
        rc = staff_store_insert(x->db, s, now, id);
        s->id = *id;
    }
    if (rc == DB_CONSTRAINT) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_STAFF_USER_TAKEN, "user_id",
                         "该登录账号", "this login");
    }
    if (rc == DB_OK && s->left_on) {
        rc = end_on_leaving(x, s);
    }
    if (rc == DB_OK && s->user_id > 0) {
        rc = staff_service_sync_range(x->db, x->arena, &x->who, s->user_id,
                                      x->today);
    }
    if (rc == DB_OK && before && before->user_id > 0 &&
        before->user_id != s->user_id) {
        rc = set_user_station(x->db, x->arena, &x->who, before->user_id, 0);
    }
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    if (before) {
        jsonw_key(&d.w, "before");
        write_staff(&d.w, before);
    }
    jsonw_key(&d.w, "after");
    write_staff(&d.w, s);
    if (before) {
        jsonw_key(&d.w, "changed_text");
        jsonw_arr_open(&d.w);
        if (text_differs(before->notes, s->notes)) {
            jsonw_str(&d.w, "notes");
        }
        if (text_differs(before->left_reason, s->left_reason)) {
            jsonw_str(&d.w, "left_reason");
        }
        jsonw_arr_close(&d.w);
    }
    return finish(x, rc, before ? "staff.update" : "staff.create", "staff",
                  *id, jsonw_doc_close(&d, x->arena), fail);
}

/* Whether the worker s may take an assignment from the day from: still
 * at work, and hired by then. */
static int check_assignable(const struct staff *s, const char *from,
                            struct client_fail *fail)
{
    if (strcmp(s->status, "active") != 0 ||
        (s->left_on && strcmp(from, s->left_on) > 0)) {
        return rule_fail(fail, 409, MSG_STAFF_LEFT, NULL, NULL, NULL);
    }
    if (strcmp(from, s->hired_on) < 0) {
        return rule_fail(fail, 400, MSG_BEFORE_HIRE, "from_on",
                         "派驻开始日期", "assignment start");
    }
    return 0;
}

int staff_service_assign(const struct client_ctx *x, const struct staff *s,
                         int64_t station_id, const char *from,
                         const char *to, int64_t *id,
                         struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (strcmp(s->status, "active") != 0) {
        return rule_fail(fail, 409, MSG_STAFF_LEFT, NULL, NULL, NULL);
    }
    if (to && strcmp(to, from) < 0) {
        return rule_fail(fail, 400, MSG_STAFF_DATE_ORDER, "to_on",
                         "派驻结束日期", "to_on");
    }
    if (check_assignable(s, from, fail)) {
        return -1;
    }
    struct station st;
    if (station_in_range(x, station_id, &st, fail)) {
        return -1;
    }
    if (strcmp(st.status, "active") != 0) {
        return rule_fail(fail, 409, MSG_STATION_INACTIVE, "station_id", "站点",
                         "station");
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    rc = staff_store_lock(x->db, s->id, 0, 0); /* one writer at a time */
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, "社工",
                         "staff member");
    }
    /* Her row read again under the lock, which a leaving or a new hiring
     * date takes too (staff_service_save): judged on the row the request
     * read, an assignment made while she left stayed open after it. */
    struct staff cur;
    if (rc == DB_OK) {
        struct staff_reader all = {.scope = &scope_all, .today = x->today};
        rc = staff_store_get(x->db, x->arena, &all, s->id, &cur);
        rc = rc == DB_ROW ? DB_OK : (rc == DB_DONE ? DB_ERROR : rc);
    }
    if (rc == DB_OK && check_assignable(&cur, from, fail)) {
        db_rollback(x->db);
        return -1;
    }
    struct staff_assignment other;
    if (rc == DB_OK) {
        rc = staff_store_overlap(x->db, x->arena, s->id, from, to, 0,
                                 &other);
    }
    if (rc == DB_ROW) {
        db_rollback(x->db);
        const char *where = arena_printf(
            x->arena, "“%s”(%s起)", other.station_name, other.from_on);
        rule_fail(fail, 409, MSG_STAFF_ONE_STATION, "station_id", where,
                  other.station_name);
        fail->existing_id = other.id;
        return -1;
    }
    if (rc == DB_DONE) {
        rc = staff_store_assign(x->db, s->id, station_id, from, to, cn_now(),
                                id);
    }
    if (rc == DB_OK && s->user_id > 0) {
        rc = staff_service_sync_range(x->db, x->arena, &x->who, s->user_id,
                                      x->today);
    }
    return finish(x, rc, "staff.assign", "staff", s->id,
                  arena_printf(x->arena,
                               "{\"station_id\":%lld,\"from_on\":\"%s\"}",
                               (long long)station_id, from),
                  fail);
}

int staff_service_end_assignment(const struct client_ctx *x,
                                 const struct staff *s, int64_t assignment_id,
                                 const char *to, int64_t expected_version,
                                 struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    rc = staff_store_lock(x->db, s->id, expected_version, cn_now());
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    struct staff_assignment *as = NULL;
    size_t n = 0;
    const struct staff_assignment *a = NULL;
    if (rc == DB_OK) {
        rc = staff_store_assignments(x->db, x->arena, s->id, &as, &n);
    }
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        a = as[i].id == assignment_id ? &as[i] : a;
    }
    if (rc == DB_OK && !a) {
        db_rollback(x->db);
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, "派驻记录",
                         "assignment");
    }
    if (rc == DB_OK && strcmp(to, a->from_on) < 0) {
        db_rollback(x->db);
        return rule_fail(fail, 400, MSG_STAFF_DATE_ORDER, "to_on",
                         "派驻结束日期", "to_on");
    }
    if (rc == DB_OK) {
        struct staff_assignment other;
        int orc = staff_store_overlap(x->db, x->arena, s->id, a->from_on, to,
                                      a->id, &other);
        if (orc == DB_ROW) {
            db_rollback(x->db);
            return rule_fail(fail, 409, MSG_STAFF_ONE_STATION, "to_on",
                             arena_printf(x->arena, "“%s”(%s起)",
                                          other.station_name, other.from_on),
                             other.station_name);
        }
        rc = orc == DB_DONE ? DB_OK : orc;
    }
    if (rc == DB_OK) {
        rc = staff_store_end_assignment(x->db, s->id, assignment_id, to);
    }
    if (rc == DB_OK && s->user_id > 0) {
        rc = staff_service_sync_range(x->db, x->arena, &x->who, s->user_id,
                                      x->today);
    }
    return finish(x, rc, "staff.end_assignment", "staff", s->id,
                  arena_printf(x->arena,
                               "{\"assignment_id\":%lld,\"to_on\":\"%s\"}",
                               (long long)assignment_id, to),
                  fail);
}

static int check_training(const struct client_ctx *x,
                          const struct staff_training *t,
                          struct client_fail *fail)
{
    FUTURE(x, t->held_on, "held_on", "培训日期");
    if (strcmp(t->held_on, RECORDS_BEGIN) < 0) {
        return rule_fail(fail, 400, MSG_TOO_EARLY, "held_on", "培训日期",
                         "held_on");
    }
    return 0;
}

/* A training as audit JSON: every field, for its before and after. */
static const char *training_json(struct arena *a,
                                 const struct staff_training *t)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kint(&d.w, "training_id", t->id);
    jsonw_kint(&d.w, "version", t->version);
    jsonw_kstr(&d.w, "held_on", t->held_on);
    jsonw_kstr(&d.w, "title", t->title);
    jsonw_kint(&d.w, "duration_minutes", t->minutes);
    jsonw_kstr(&d.w, "organiser", t->organiser ? t->organiser : "");
    jsonw_kint(&d.w, "created_by", t->created_by);
    return jsonw_doc_close(&d, a);
}

int staff_service_add_training(const struct client_ctx *x,
                               struct staff_training *t, int64_t *id,
                               struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (check_training(x, t, fail)) {
        return -1;
    }
    t->created_by = x->user_id;
    int rc = db_begin(x->db);
    if (rc == DB_OK) {
        rc = staff_store_add_training(x->db, t, cn_now(), id);
    }
    return finish(x, rc, "staff.training", "staff", t->staff_id,
                  arena_printf(x->arena, "{\"training_id\":%lld}",
                               (long long)(rc == DB_OK ? *id : 0)),
                  fail);
}

/* What a record's read under the write's lock found (rc, and the
 * version read): 0 to go on; else the write rolled back and failed, 404
 * when the record is gone or out of range, 409 when it moved on. */
static int read_locked(const struct client_ctx *x, int rc, int64_t version,
                       int64_t expected_version, const char *zh,
                       const char *en, struct client_fail *fail)
{
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, zh, en);
    }
    if (rc != DB_ROW) {
        db_rollback(x->db);
        return rule_fail_db(fail, rc);
    }
    if (version != expected_version) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    return 0;
}

/* Begins the write of one of the worker's trainings: her row locked
 * (as every write of her records takes it), the training read under
 * it into *cur and its version checked. 0, or -1 with *fail and the
 * transaction rolled back. */
static int begin_training(const struct client_ctx *x, int64_t staff_id,
                          int64_t id, int64_t expected_version,
                          struct staff_training *cur,
                          struct client_fail *fail)
{
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    rc = staff_store_lock(x->db, staff_id, 0, 0);
    if (rc == DB_OK) {
        rc = staff_store_training(x->db, x->arena, staff_id, id, cur);
    }
    return read_locked(x, rc, rc == DB_ROW ? cur->version : 0,
                       expected_version, "培训记录", "training", fail);
}

static bool text_same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool training_same(const struct staff_training *a,
                          const struct staff_training *b)
{
    return text_same(a->held_on, b->held_on) &&
           text_same(a->title, b->title) && a->minutes == b->minutes &&
           text_same(a->organiser, b->organiser);
}

int staff_service_update_training(const struct client_ctx *x,
                                  struct staff_training *t,
                                  int64_t expected_version,
                                  struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (check_training(x, t, fail)) {
        return -1;
    }
    struct staff_training before;
    if (begin_training(x, t->staff_id, t->id, expected_version, &before,
                       fail)) {
        return -1;
    }
    /* A form saved again as it was is no correction: the version and
     * the history stay as they are (a bumped version would turn away a
     * colleague's edit begun from the same record). */
    if (training_same(&before, t)) {
        db_rollback(x->db);
        return 0;
    }
    t->created_by = before.created_by;
    t->created_at = before.created_at;
    t->version = before.version + 1;
    int rc = staff_store_update_training(x->db, t, expected_version,
                                         cn_now());
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    return finish(x, rc, "staff.training_update", "staff", t->staff_id,
                  arena_printf(x->arena,
                               "{\"training_id\":%lld,\"before\":%s,"
                               "\"after\":%s}",
                               (long long)t->id,
                               training_json(x->arena, &before),
                               training_json(x->arena, t)),
                  fail);
}

int staff_service_delete_training(const struct client_ctx *x,
                                  int64_t staff_id, int64_t id,
                                  int64_t expected_version,
                                  int64_t edit_days,
                                  struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct staff_training cur;
    if (begin_training(x, staff_id, id, expected_version, &cur, fail)) {
        return -1;
    }
    if (!rule_author_may_remove(cur.created_by, cur.created_at, x->user_id,
                                edit_days)) {
        db_rollback(x->db);
        return rule_fail(fail, 403, MSG_RECORD_REMOVE_LOCKED, NULL,
                         "培训记录", "training");
    }
    int rc = staff_store_delete_training(x->db, staff_id, id,
                                         expected_version);
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    return finish(x, rc, "staff.training_delete", "staff", staff_id,
                  arena_printf(x->arena,
                               "{\"training_id\":%lld,\"before\":%s}",
                               (long long)id, training_json(x->arena, &cur)),
                  fail);
}

/* The rules of a session's fields, for its entry and its correction:
 * the supervisor an employed supervisor, the station and the attendees
 * in the reader's range, no one listed twice. */
static int check_session(const struct client_ctx *x,
                         const struct staff_reader *rd,
                         const struct supervision *v,
                         struct client_fail *fail)
{
    FUTURE(x, v->held_on, "held_on", "督导日期");
    if (strcmp(v->held_on, RECORDS_BEGIN) < 0) {
        return rule_fail(fail, 400, MSG_TOO_EARLY, "held_on", "督导日期",
                         "held_on");
    }
    struct staff sup;
    int rc = staff_store_get(x->db, x->arena, rd, v->supervisor_id, &sup);
    if (rc == DB_DONE ||
        (rc == DB_ROW && (strcmp(sup.role, "supervisor") != 0 ||
                          strcmp(sup.status, "active") != 0))) {
        return rule_fail(fail, 400, MSG_STAFF_NOT_SUPERVISOR,
                         "supervisor_id", "督导", "supervisor_id");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    struct station st;
    if (v->station_id > 0 && station_in_range(x, v->station_id, &st, fail)) {
        return -1;
    }
    /* A session without a station is read through its supervisor's
     * organisation or division: a reader whose range is a set of
     * stations could save one and never see it again. */
    if (v->station_id <= 0 && !rd->scope->all && !rd->scope->region_prefix &&
        rd->org_id <= 0) {
        return rule_fail(fail, 400, MSG_REQUIRED, "station_id", "驻站站点",
                         "station_id");
    }
    for (size_t i = 0; i < v->n_attendees; i++) {
        if (v->attendees[i] == v->supervisor_id) {
            return rule_fail(fail, 400, MSG_SUPERVISOR_ATTENDS,
                             arena_printf(x->arena, "attendees[%zu]", i),
                             "参加督导的社工", "attendee");
        }
        for (size_t j = 0; j < i; j++) {
            if (v->attendees[j] == v->attendees[i]) {
                return rule_fail(fail, 400, MSG_LISTED_TWICE,
                                 arena_printf(x->arena, "attendees[%zu]", i),
                                 "参加督导的社工", "attendee");
            }
        }
        struct staff w;
        rc = staff_store_get(x->db, x->arena, rd, v->attendees[i], &w);
        if (rc == DB_DONE) {
            return rule_fail(fail, 400, MSG_NOT_FOUND,
                             arena_printf(x->arena, "attendees[%zu]", i),
                             "参加督导的社工", "attendee");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
    }
    return 0;
}

/* A session as audit JSON: every field and its attendees' ids. */
static const char *session_json(struct arena *a, const struct supervision *v)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kint(&d.w, "version", v->version);
    jsonw_kstr(&d.w, "held_on", v->held_on);
    jsonw_kint(&d.w, "supervisor_id", v->supervisor_id);
    jsonw_kint(&d.w, "station_id", v->station_id);
    jsonw_kstr(&d.w, "topic", v->topic);
    jsonw_kstr(&d.w, "content", v->content ? v->content : "");
    jsonw_kstr(&d.w, "minutes", v->minutes ? v->minutes : "");
    jsonw_key(&d.w, "attendees");
    jsonw_arr_open(&d.w);
    for (size_t i = 0; i < v->n_attendees; i++) {
        jsonw_int(&d.w, v->attendees[i]);
    }
    jsonw_arr_close(&d.w);
    jsonw_kint(&d.w, "created_by", v->created_by);
    return jsonw_doc_close(&d, a);
}

int staff_service_add_supervision(const struct client_ctx *x,
                                  const struct staff_reader *rd,
                                  struct supervision *v, int64_t *id,
                                  struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (check_session(x, rd, v, fail)) {
        return -1;
    }
    v->created_by = x->user_id;
    int rc = db_begin(x->db);
    if (rc == DB_OK) {
        rc = supervision_store_insert(x->db, v, cn_now(), id);
    }
    return finish(x, rc, "supervision.create", "supervision_session",
                  rc == DB_OK ? *id : 0,
                  arena_printf(x->arena,
                               "{\"supervisor_id\":%lld,\"attendees\":%zu}",
                               (long long)v->supervisor_id, v->n_attendees),
                  fail);
}

/* The stored attendees are in name order, the form's in any: the same
 * when as many and each stored one is listed (the stored are distinct). */
static bool attendees_same(const struct supervision *stored,
                           const struct supervision *v)
{
    if (stored->n_attendees != v->n_attendees) {
        return false;
    }
    for (size_t i = 0; i < stored->n_attendees; i++) {
        bool found = false;
        for (size_t j = 0; j < v->n_attendees && !found; j++) {
            found = v->attendees[j] == stored->attendees[i];
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

static bool session_same(const struct supervision *stored,
                         const struct supervision *v)
{
    return text_same(stored->held_on, v->held_on) &&
           stored->supervisor_id == v->supervisor_id &&
           stored->station_id == v->station_id &&
           text_same(stored->topic, v->topic) &&
           text_same(stored->content, v->content) &&
           text_same(stored->minutes, v->minutes) &&
           attendees_same(stored, v);
}

/* Begins the write of a session: its row locked, then read again under
 * the lock in the reader's range into *cur (404 when absent or out of
 * it) and its version checked (409). 0, or -1 with *fail and the
 * transaction rolled back. */
static int begin_session(const struct client_ctx *x,
                         const struct staff_reader *rd, int64_t id,
                         int64_t expected_version, struct supervision *cur,
                         struct client_fail *fail)
{
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    rc = supervision_store_lock(x->db, id);
    if (rc == DB_OK) {
        rc = supervision_store_get_in(x->db, x->arena, rd, id, cur);
    }
    return read_locked(x, rc, rc == DB_ROW ? cur->version : 0,
                       expected_version, "督导记录", "supervision record",
                       fail);
}

int staff_service_update_supervision(const struct client_ctx *x,
                                     const struct staff_reader *rd,
                                     struct supervision *v,
                                     int64_t expected_version,
                                     struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct supervision before;
    if (begin_session(x, rd, v->id, expected_version, &before, fail)) {
        return -1;
    }
    /* Nothing changed: nothing written, and no rule asked again of a
     * record that stays as it was (its supervisor may have left since). */
    if (session_same(&before, v)) {
        db_rollback(x->db);
        return 0;
    }
    /* Checked under the lock: the supervisor's and the attendees' rows
     * as they are now, read in the write's transaction. */
    if (check_session(x, rd, v, fail)) {
        db_rollback(x->db);
        return -1;
    }
    v->created_by = before.created_by;
    v->created_at = before.created_at;
    v->version = before.version + 1;
    int rc = supervision_store_update(x->db, v, expected_version, cn_now());
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    return finish(x, rc, "supervision.update", "supervision_session", v->id,
                  arena_printf(x->arena, "{\"before\":%s,\"after\":%s}",
                               session_json(x->arena, &before),
                               session_json(x->arena, v)),
                  fail);
}

int staff_service_delete_supervision(const struct client_ctx *x,
                                     const struct staff_reader *rd,
                                     int64_t id, int64_t expected_version,
                                     int64_t edit_days,
                                     struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct supervision cur;
    if (begin_session(x, rd, id, expected_version, &cur, fail)) {
        return -1;
    }
    if (!rule_author_may_remove(cur.created_by, cur.created_at, x->user_id,
                                edit_days)) {
        db_rollback(x->db);
        return rule_fail(fail, 403, MSG_RECORD_REMOVE_LOCKED, NULL,
                         "督导记录", "supervision record");
    }
    int rc = supervision_store_delete(x->db, id, expected_version);
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    return finish(x, rc, "supervision.delete", "supervision_session", id,
                  arena_printf(x->arena, "{\"before\":%s}",
                               session_json(x->arena, &cur)),
                  fail);
}

int staff_service_add_min_wage(const struct client_ctx *x,
                               struct min_wage *m, int64_t *id,
                               struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    struct region g;
    int rc = region_store_get(x->db, x->arena, m->region_code, &g);
    if (rc == DB_DONE ||
        (rc == DB_ROW && region_level_of(g.code) != LEVEL_COUNTY)) {
        return rule_fail(fail, 400, MSG_REGION_NOT_FOUND, "region_code",
                         "县(区)", "county");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    /* A county's wage decides its staff findings: only its own officers
     * (or the province's) enter it. */
    if (!scope_has_region(x->scope, g.code)) {
        return rule_fail(fail, 400, MSG_REGION_OUT_OF_RANGE, "region_code",
                         "县(区)", "county");
    }
    rc = db_begin(x->db);
    if (rc == DB_OK) {
        rc = min_wage_store_insert(x->db, m, cn_now(), id);
    }
    if (rc == DB_CONSTRAINT) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_MIN_WAGE_TAKEN, "effective_on",
                         m->effective_on, m->effective_on);
    }
    return finish(x, rc, "min_wage.create", "min_wage", rc == DB_OK ? *id : 0,
                  arena_printf(x->arena,
                               "{\"region_code\":\"%s\",\"effective_on\":"
                               "\"%s\",\"monthly_fen\":%lld}",
                               m->region_code, m->effective_on,
                               (long long)m->monthly_fen),
                  fail);
}
