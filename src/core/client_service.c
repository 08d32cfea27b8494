#include "client_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/audit_store.h"
#include "../store/case_store.h"
#include "../store/client_store.h"
#include "../store/dictionary_store.h"
#include "../store/region_store.h"
#include "../store/service_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "../util/parse.h"
#include "../util/strbuf.h"
#include "../util/utf8.h"
#include "audit_detail.h"
#include "category_age.h"
#include "household_service.h"
#include "id_number.h"
#include "lookup_memo.h"
#include "pinyin.h"
#include "staff_scope.h"
#include "rule_fail.h"

int client_age(const char *birth_date, const char *today)
{
    /* parse_date, not sscanf: a client's page asks this six times, and
     * sscanf was a twelfth of its instructions. */
    int by, bm, bd, ty, tm, td;
    if (!parse_date(birth_date, &by, &bm, &bd) ||
        !parse_date(today, &ty, &tm, &td)) {
        return 0;
    }
    int age = ty - by;
    if (tm < bm || (tm == bm && td < bd)) {
        age--;
    }
    return age < 0 ? 0 : age;
}

bool client_category_current(const struct client_category *k,
                             const char *day)
{
    return strcmp(k->started_on, day) <= 0 &&
           (!k->ended_on || strcmp(k->ended_on, day) >= 0);
}

bool client_service_sensitive(const struct client *c, const char *today)
{
    const char *day = client_age_day(c, today);
    if (client_age(c->birth_date, day) < 14) {
        return true;
    }
    for (size_t i = 0; i < c->n_categories; i++) {
        if (c->categories[i].sensitive &&
            client_category_current(&c->categories[i], day)) {
            return true;
        }
    }
    return false;
}

const char *client_age_day(const struct client *c, const char *today)
{
    /* A day before her birth is a typing error the rules refuse
     * (check_status), not an age of nought to judge her by first. */
    if (c->status && strcmp(c->status, "deceased") == 0 && c->status_on &&
        strcmp(c->status_on, today) < 0 &&
        (!c->birth_date || strcmp(c->status_on, c->birth_date) >= 0)) {
        return c->status_on;
    }
    return today;
}

const char *client_mask_phone(struct arena *a, const char *phone)
{
    size_t n = strlen(phone);
    if (n == 0) {
        return "";
    }
    char *m = arena_strdup(a, phone);
    size_t keep_head = n >= 11 ? 3 : 2, keep_tail = n >= 11 ? 4 : 2;
    if (n <= keep_head + keep_tail) {
        keep_head = 0;
        keep_tail = 0;
    }
    for (size_t i = keep_head; i + keep_tail < n; i++) {
        m[i] = '*';
    }
    return m;
}

const char *client_mask_address(struct arena *a, const char *address)
{
    size_t chars = utf8_chars(address, strlen(address));
    if (chars == 0) {
        return "";
    }
    /* The division part stays (湖南省株洲市…), the house number goes. */
    size_t keep = chars / 2 < 6 ? chars / 2 : 6;
    const char *p = address;
    for (size_t i = 0; i < keep; i++) {
        p++;
        while ((*p & 0xC0) == 0x80) {
            p++;
        }
    }
    return arena_printf(a, "%.*s****", (int)(p - address), address);
}

const char *client_mask_name(struct arena *a, const char *name)
{
    if (!name || !*name) {
        return name;
    }
    size_t n = strlen(name);
    const char *p = name + 1;
    while ((*p & 0xC0) == 0x80) {
        p++;
    }
    size_t rest = utf8_chars(p, n - (size_t)(p - name));
    if (rest == 0) {
        return "*"; /* a name of one character: its first is all of it */
    }
    char *out = arena_alloc(a, (size_t)(p - name) + rest + 1);
    memcpy(out, name, (size_t)(p - name));
    memset(out + (p - name), '*', rest);
    out[(p - name) + rest] = '\0';
    return out;
}

/* Seals a value: ciphertext (in the arena), blind index when wanted,
 * masked form. An empty value seals to nothing. */
static void seal(const struct client_ctx *x, const char *plain,
                 const char *(*mask)(struct arena *, const char *),
                 bool blind, struct sealed *out)
{
    memset(out, 0, sizeof *out);
    out->masked = "";
    if (!plain || !*plain) {
        return;
    }
    char *enc = secret_encrypt(x->key, (const unsigned char *)plain,
                               strlen(plain));
    out->enc = arena_strdup(x->arena, enc);
    free(enc);
    if (blind) {
        char *b = arena_alloc(x->arena, SECRET_BLIND_HEX);
        secret_blind(x->key, plain, b);
        out->blind = b;
    }
    out->masked = mask(x->arena, plain);
}

static const char *mask_id(struct arena *a, const char *number)
{
    char *m = arena_alloc(a, ID_NUMBER_LEN + 1);
    id_number_mask(number, m);
    return m;
}

static const char *opened(const struct client_ctx *x, const char *enc)
{
    return enc ? secret_decrypt_text(x->arena, x->key, enc) : "";
}

/* A look-up's answer from an import's memo; NULL when there is none (or
 * no memo: key NULL), and the caller asks the store and keeps the answer
 * with remember(). */
static const struct memo_entry *recalled(const struct client_ctx *x,
                                         const char *key)
{
    return key ? lookup_memo_get(x->memo, key) : NULL;
}

static void remember(const struct client_ctx *x, const char *key, int rc,
                     const char *a, const char *b)
{
    if (key && (rc == DB_ROW || rc == DB_DONE)) {
        lookup_memo_put(x->memo, key, rc, a, b);
    }
}

/* A station of the caller's range: its division and status. */
static int station_place(const struct client_ctx *x, int64_t id,
                         const char **region, const char **status)
{
    const char *key =
        x->memo ? arena_printf(x->arena, "station:%lld", (long long)id) : NULL;
    const struct memo_entry *m = recalled(x, key);
    if (m) {
        *region = m->a;
        *status = m->b;
        return m->rc;
    }
    struct station s;
    int rc = station_store_get_plain(x->db, x->arena, x->scope, id, &s);
    *region = rc == DB_ROW ? s.region_code : NULL;
    *status = rc == DB_ROW ? s.status : NULL;
    remember(x, key, rc, *region, *status);
    return rc;
}

static int village_exists(const struct client_ctx *x, const char *code)
{
    const char *key =
        x->memo ? arena_printf(x->arena, "village:%s", code) : NULL;
    const struct memo_entry *m = recalled(x, key);
    if (m) {
        return m->rc;
    }
    struct region g;
    int rc = region_store_get(x->db, x->arena, code, &g);
    remember(x, key, rc, NULL, NULL);
    return rc;
}

/* DB_ROW when code is a client category, with whether it is in use, its
 * lower age bound and its age limit (each 0: none). */
static int category_of(const struct client_ctx *x, const char *code,
                       bool *active, int *age_from, int *age_limit)
{
    const char *key =
        x->memo ? arena_printf(x->arena, "category:%s", code) : NULL;
    /* A stopped category is remembered under a second key. */
    const char *stopped_key =
        x->memo ? arena_printf(x->arena, "category-stopped:%s", code) : NULL;
    const struct memo_entry *m = recalled(x, key);
    if (m) {
        *age_limit = m->a ? atoi(m->a) : 0;
        *age_from = m->b ? atoi(m->b) : 0;
        *active = m->rc == DB_ROW && !recalled(x, stopped_key);
        return m->rc;
    }
    struct dictionary_item it;
    int rc =
        dictionary_store_get(x->db, x->arena, "client_category", code, &it);
    *active = rc == DB_ROW && it.active;
    *age_limit = rc == DB_ROW ? (int)it.age_limit : 0;
    *age_from = rc == DB_ROW ? (int)it.age_from : 0;
    remember(x, key, rc,
             *age_limit ? arena_printf(x->arena, "%d", *age_limit) : NULL,
             *age_from ? arena_printf(x->arena, "%d", *age_from) : NULL);
    if (rc == DB_ROW && !it.active) {
        remember(x, stopped_key, DB_ROW, NULL, NULL);
    }
    return rc;
}

/* A category held outside its ages (core/category_age.h), the one check
 * of create, update and import: the error names the category, the bound
 * and the day it is reached, on the category's code (a start before the
 * lower bound or after the limit: the category does not fit the person
 * then) or its end date. */
static int check_category_age(const struct client_ctx *x,
                              const struct client *c, size_t i, int from,
                              int limit, struct client_fail *fail)
{
    const struct client_category *k = &c->categories[i];
    char reached[11];
    enum category_age v =
        category_age_check(c->birth_date, from, limit, k->started_on,
                           k->ended_on, client_age_day(c, x->today), reached);
    if (v == CATEGORY_AGE_OK) {
        return 0;
    }
    struct dictionary_item it;
    int rc =
        dictionary_store_get(x->db, x->arena, "client_category", k->code, &it);
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc == DB_DONE ? DB_ERROR : rc);
    }
    char zh[400], en[400];
    category_age_phrase(LANG_ZH, it.label, v, from, limit, reached, zh,
                        sizeof zh);
    category_age_phrase(LANG_EN, it.label_en, v, from, limit, reached, en,
                        sizeof en);
    bool on_code =
        v == CATEGORY_AGE_STARTED_LATE || v == CATEGORY_AGE_STARTED_EARLY;
    return rule_fail(fail, 400, category_age_msg(v),
                     arena_printf(x->arena, "categories[%zu].%s", i,
                                  on_code ? "code" : "ended_on"),
                     arena_strdup(x->arena, zh), arena_strdup(x->arena, en));
}

/* The station (in scope, active), the village inside it. */
static int check_place(const struct client_ctx *x, struct client *c,
                       const char **region, struct client_fail *fail)
{
    const char *status;
    int rc = station_place(x, c->station_id, region, &status);
    if (rc == DB_DONE) {
        return rule_fail(fail, 400, MSG_STATION_OUT_OF_RANGE, "station_id",
                         "所属站点", "station");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (strcmp(status, "active") != 0) {
        return rule_fail(fail, 409, MSG_STATION_INACTIVE, "station_id",
                         "所属站点", "station");
    }
    if (c->village_code && *c->village_code) {
        if (strlen(c->village_code) != 12 ||
            strncmp(c->village_code, *region, strlen(*region))) {
            return rule_fail(fail, 400, MSG_VILLAGE_OUTSIDE, "village_code",
                             "所在村(社区)", "village");
        }
        rc = village_exists(x, c->village_code);
        if (rc == DB_DONE) {
            return rule_fail(fail, 400, MSG_REGION_NOT_FOUND, "village_code",
                             "所在村(社区)", "village");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
    } else {
        c->village_code = NULL;
    }
    return 0;
}

/* The responsible worker: an active user who works with clients and
 * whose range covers the station. */
static int check_worker(const struct client_ctx *x, struct client *c,
                        const char *station_region, struct client_fail *fail)
{
    if (x->scope->self_user) {
        c->worker_id = x->scope->self_user; /* "own records only" */
    }
    if (!c->worker_id) {
        return 0;
    }
    /* An import names the same few workers on every row of a station. */
    const char *key = x->memo ? arena_printf(x->arena, "worker:%lld:%lld",
                                             (long long)c->worker_id,
                                             (long long)c->station_id)
                              : NULL;
    const struct memo_entry *m = recalled(x, key);
    bool ok = m && m->rc == DB_ROW;
    if (!m) {
        int rc = staff_covers_station(x->db, x->arena, c->worker_id,
                                      ROLES_FRONTLINE, c->station_id,
                                      station_region, &ok, NULL);
        if (rc != DB_OK) {
            return rule_fail_db(fail, rc);
        }
        remember(x, key, ok ? DB_ROW : DB_DONE, NULL, NULL);
    }
    if (!ok) {
        return rule_fail(fail, 400, MSG_USER_UNKNOWN, "worker_id",
                         "责任社工", "worker");
    }
    return 0;
}

static bool has_guardian(const struct client *c, int64_t id)
{
    for (size_t i = 0; c && i < c->n_guardians; i++) {
        if (c->guardians[i].guardian_client_id == id) {
            return true;
        }
    }
    return false;
}

/* A guardian newly linked to a record of the register is that person:
 * the same name, alive, and old enough to be anyone's guardian. Civil
 * Code art. 18: from 16 one who lives on her own earnings has full
 * capacity, so only under 16 is refused outright. Links already held
 * stay, whatever became of the person since. */
static int check_guardian_link(const struct client_ctx *x,
                               const struct client *c, size_t i,
                               const struct client *other,
                               struct client_fail *fail)
{
    const char *who = arena_printf(x->arena, "%s（#%lld）", other->name,
                                   (long long)other->id);
    const char *who_en = arena_printf(x->arena, "%s (#%lld)", other->name,
                                      (long long)other->id);
    if (!utf8_same_name(other->name, c->guardians[i].name)) {
        return rule_fail(fail, 400, MSG_GUARDIAN_OTHER_NAME,
                         arena_printf(x->arena, "guardians[%zu].name", i),
                         who, who_en);
    }
    const char *path = arena_printf(x->arena, "guardians[%zu].client_id", i);
    if (strcmp(other->status, "deceased") == 0) {
        return rule_fail(fail, 400, MSG_GUARDIAN_DECEASED, path, who, who_en);
    }
    if (other->birth_date && *other->birth_date &&
        client_age(other->birth_date, x->today) < 16) {
        return rule_fail(fail, 400, MSG_GUARDIAN_TOO_YOUNG, path, who,
                         who_en);
    }
    return 0;
}

/* A guardian who is a client too is one the user may see: an id from
 * outside her range would link records across it, and an id of nobody
 * would break the foreign key as a 409 on another field. A link already
 * on record is kept as it is: the guardian may since have moved out of
 * this user's range (a transferred case, a merge). */
static int check_guardians(const struct client_ctx *x,
                           const struct client *before, const struct client *c,
                           struct client_fail *fail)
{
    for (size_t i = 0; i < c->n_guardians; i++) {
        int64_t id = c->guardians[i].guardian_client_id;
        if (!id || has_guardian(before, id)) {
            continue;
        }
        struct client other;
        int rc = id == c->id ? DB_DONE
                             : client_store_get(x->db, x->arena, x->scope, id,
                                                &other);
        if (rc == DB_DONE) {
            return rule_fail(
                fail, 400, MSG_CLIENT_OUT_OF_RANGE,
                arena_printf(x->arena, "guardians[%zu].client_id", i),
                "监护人", "guardian");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
        if (check_guardian_link(x, c, i, &other, fail)) {
            return -1;
        }
    }
    return 0;
}

/* Inside the write: a guardian newly linked is locked, then read and
 * checked again. One who died since the form was checked (another
 * request's write) is refused; one who dies after waits for this link,
 * and her death then marks the child (client_store.c, mark_with_wards).
 * Locked before the child's own row, as a death locks the guardian
 * before her wards'. */
static int recheck_guardians(const struct client_ctx *x,
                             const struct client *before,
                             const struct client *c, struct client_fail *fail)
{
    int64_t *ids = arena_alloc(x->arena, (c->n_guardians + 1) * sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < c->n_guardians; i++) {
        int64_t id = c->guardians[i].guardian_client_id;
        if (id && id != c->id && !has_guardian(before, id)) {
            ids[n++] = id;
        }
    }
    if (!n) {
        return 0;
    }
    int rc = client_store_lock_ids(x->db, x->arena, ids, n);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    return check_guardians(x, before, c, fail);
}

bool client_periods_overlap(const struct client_category *a,
                            const struct client_category *b)
{
    return (!b->ended_on || strcmp(a->started_on, b->ended_on) <= 0) &&
           (!a->ended_on || strcmp(b->started_on, a->ended_on) <= 0);
}

/* A merge can leave the survivor two periods of one category that share
 * days (both records had 低保 from different dates): they become one,
 * from the earlier start to the later end, so that a day of service is
 * counted once under it. Returns whether anything changed. */
static bool coalesce_categories(struct client *c)
{
    bool changed = false;
    for (size_t i = 0; i < c->n_categories; i++) {
        struct client_category *k = &c->categories[i];
        for (size_t j = i + 1; j < c->n_categories;) {
            struct client_category *o = &c->categories[j];
            if (strcmp(k->code, o->code) != 0 || !client_periods_overlap(k, o)) {
                j++;
                continue;
            }
            if (strcmp(o->started_on, k->started_on) < 0) {
                k->started_on = o->started_on;
            }
            if (!o->ended_on ||
                (k->ended_on && strcmp(o->ended_on, k->ended_on) > 0)) {
                k->ended_on = o->ended_on;
            }
            c->categories[j] = c->categories[--c->n_categories];
            changed = true;
            j = i + 1; /* the wider period may meet one passed over */
        }
    }
    return changed;
}

/* Whether before held a period of k's category begun the same day: a
 * category since stopped stays on the periods that had it (the figures
 * of their days read it), and such a period may still be ended. */
static bool held_before(const struct client *before,
                        const struct client_category *k)
{
    for (size_t i = 0; before && i < before->n_categories; i++) {
        const struct client_category *o = &before->categories[i];
        if (strcmp(o->code, k->code) == 0 &&
            strcmp(o->started_on, k->started_on) == 0) {
            return true;
        }
    }
    return false;
}

static int check_categories(const struct client_ctx *x,
                            const struct client *before, struct client *c,
                            struct client_fail *fail)
{
    for (size_t i = 0; i < c->n_categories; i++) {
        struct client_category *k = &c->categories[i];
        const char *path =
            arena_printf(x->arena, "categories[%zu].code", i);
        int age_from, age_limit;
        bool active;
        int rc = category_of(x, k->code, &active, &age_from, &age_limit);
        if (rc == DB_ROW && !active && !held_before(before, k)) {
            return rule_fail(fail, 400, MSG_CATEGORY_STOPPED, path,
                             "对象类别", "category");
        }
        if (rc == DB_DONE) {
            return rule_fail(fail, 400, MSG_DICT_UNKNOWN, path, "对象类别",
                             "category");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
        if (k->ended_on && strcmp(k->ended_on, k->started_on) < 0) {
            return rule_fail(
                fail, 400, MSG_DATE_ORDER,
                arena_printf(x->arena, "categories[%zu].ended_on", i),
                "结束日期", "ended_on");
        }
        if (strcmp(k->started_on, x->today) > 0) {
            return rule_fail(
                fail, 400, MSG_AFTER_TODAY,
                arena_printf(x->arena, "categories[%zu].started_on", i),
                "开始日期", "started_on");
        }
        /* A period kept as it was is not judged again: an old register's
         * date is corrected on its own, not in the way of another edit. */
        if (c->birth_date && *c->birth_date &&
            strcmp(k->started_on, c->birth_date) < 0 &&
            !held_before(before, k)) {
            return rule_fail(
                fail, 400, MSG_BEFORE_BIRTH,
                arena_printf(x->arena, "categories[%zu].started_on", i),
                "开始日期", "start date");
        }
        if (check_category_age(x, c, i, age_from, age_limit, fail)) {
            return -1;
        }
        /* Two periods of one category sharing days would count a day's
         * service twice under it. */
        for (size_t j = 0; j < i; j++) {
            if (strcmp(c->categories[j].code, k->code) == 0 &&
                client_periods_overlap(&c->categories[j], k)) {
                return rule_fail(
                    fail, 400, MSG_CATEGORY_OVERLAP,
                    arena_printf(x->arena, "categories[%zu].started_on", i),
                    "开始日期", "started_on");
            }
        }
    }
    return 0;
}

/* A day the record states as past (低保 or 特困 since, consent given):
 * not after today, not before her birth. Judged when it changes. */
static int check_past_day(const struct client_ctx *x, const struct client *c,
                          const char *was, const char *day, const char *field,
                          const char *zh, const char *en,
                          struct client_fail *fail)
{
    if (!day || !*day || (was && strcmp(was, day) == 0)) {
        return 0;
    }
    if (strcmp(day, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, field, zh, en);
    }
    if (c->birth_date && *c->birth_date && strcmp(day, c->birth_date) < 0) {
        return rule_fail(fail, 400, MSG_BEFORE_BIRTH, field, zh, en);
    }
    return 0;
}

static int check_past_days(const struct client_ctx *x,
                           const struct client *before,
                           const struct client *c, struct client_fail *fail)
{
    return check_past_day(x, c, before ? before->dibao_since : NULL,
                          c->dibao_since, "dibao_since", "低保起始日期",
                          "dibao since", fail) ||
           check_past_day(x, c, before ? before->tekun_since : NULL,
                          c->tekun_since, "tekun_since", "特困供养起始日期",
                          "tekun since", fail) ||
           check_past_day(x, c, before ? before->consent_on : NULL,
                          c->consent_on, "consent_on", "同意日期",
                          "consent date", fail);
}

/* PIPL: a child under 14 is sensitive; the station must say on what
 * basis it keeps the record. */
static int check_basis(const struct client_ctx *x, struct client *c,
                       struct client_fail *fail)
{
    if (client_age(c->birth_date, client_age_day(c, x->today)) >= 14) {
        return 0;
    }
    const char *b = c->lawful_basis ? c->lawful_basis : "";
    if (strcmp(b, "guardian_consent") == 0) {
        /* Who, when and how (DESIGN.md §5): the first one missing is
         * named, so that the form marks that field. */
        if (!c->consent_by || !*c->consent_by) {
            return rule_fail(fail, 400, MSG_REQUIRED, "consent_by", "同意人",
                             "consent given by");
        }
        if (!c->consent_on) {
            return rule_fail(fail, 400, MSG_REQUIRED, "consent_on",
                             "同意日期", "consent date");
        }
        if (!c->consent_method || !*c->consent_method) {
            return rule_fail(fail, 400, MSG_REQUIRED, "consent_method",
                             "同意方式", "consent method");
        }
        if (strcmp(c->consent_on, x->today) > 0) {
            return rule_fail(fail, 400, MSG_OUT_OF_RANGE, "consent_on",
                             "同意日期", "consent date");
        }
        return 0;
    }
    if (strcmp(b, "statutory_duty") == 0) {
        if (!c->statutory_duty || !*c->statutory_duty) {
            return rule_fail(fail, 400, MSG_REQUIRED, "statutory_duty",
                             "法定职责", "statutory duty");
        }
        return 0;
    }
    return rule_fail(fail, 400, MSG_MINOR_BASIS, "lawful_basis",
                     "合法性基础", "lawful basis");
}

/* The ID number's checks, sex and birth date from it; seals the
 * personal data given in p. */
/* The sex's problem and the birth date's (0: none; not both 0), the
 * first as the failure, the second as its also. */
static int identity_fail(struct client_fail *fail, enum msg_id sex,
                         enum msg_id birth)
{
    if (!sex) {
        return rule_fail(fail, 400, birth, "birth_date", "出生日期",
                         "birth date");
    }
    rule_fail(fail, 400, sex, "sex", "性别", "sex");
    if (birth) {
        fail->also_msg = birth;
        fail->also_field = "birth_date";
        fail->also_label_zh = "出生日期";
        fail->also_label_en = "birth date";
    }
    return -1;
}

static int check_identity(const struct client_ctx *x,
                          const struct client *before, struct client *c,
                          const struct client_plain *p,
                          struct client_fail *fail)
{
    if (p->id_number && *p->id_number) {
        struct id_number id;
        enum msg_id m = id_number_parse(p->id_number, x->today, &id);
        if (m != MSG_COUNT_) {
            return rule_fail(fail, 400, m, "id_number", "身份证号",
                             "ID number");
        }
        char sex[2] = {id.sex, 0};
        bool sex_bad = c->sex && *c->sex && strcmp(c->sex, sex) != 0 &&
                       !(before && strcmp(c->sex, before->sex) == 0);
        bool birth_bad = c->birth_date && *c->birth_date &&
                         strcmp(c->birth_date, id.birth_date) != 0 &&
                         !(before &&
                           strcmp(c->birth_date, before->birth_date) == 0);
        if (sex_bad || birth_bad) {
            return identity_fail(fail, sex_bad ? MSG_ID_SEX_MISMATCH : 0,
                                 birth_bad ? MSG_ID_SEX_MISMATCH : 0);
        }
        c->sex = arena_strdup(x->arena, sex);
        c->birth_date = arena_strdup(x->arena, id.birth_date);
        seal(x, id.number, mask_id, true, &c->id_number);
        c->id_last4 = arena_strdup(x->arena, id.number + 14);
    } else if (p->id_number) { /* "": removed */
        memset(&c->id_number, 0, sizeof c->id_number);
        c->id_number.masked = "";
        c->id_last4 = "";
    } else if (before && before->id_number.enc) {
        /* Sex and birth date stay those of the ID number on record. */
        if (c->sex && strcmp(c->sex, before->sex) != 0) {
            return rule_fail(fail, 400, MSG_ID_SEX_MISMATCH, "sex", "性别",
                             "sex");
        }
        if (c->birth_date && strcmp(c->birth_date, before->birth_date)) {
            return rule_fail(fail, 400, MSG_ID_SEX_MISMATCH, "birth_date",
                             "出生日期", "birth date");
        }
    }
    /* Without an ID number both are the form's to give: said as such,
     * not as a bare 不能为空 (why would sex be needed?). */
    bool no_sex = !c->sex || !*c->sex, no_birth = !c->birth_date ||
                                                  !*c->birth_date;
    if (no_sex || no_birth) {
        return identity_fail(fail, no_sex ? MSG_NEEDED_WITHOUT_ID : 0,
                             no_birth ? MSG_NEEDED_WITHOUT_ID : 0);
    }
    if (strcmp(c->birth_date, x->today) > 0 ||
        strcmp(c->birth_date, "1900-01-01") < 0) {
        return rule_fail(fail, 400,
                         strcmp(c->birth_date, x->today) > 0 ? MSG_AFTER_TODAY
                                                             : MSG_OUT_OF_RANGE,
                         "birth_date", "出生日期", "birth date");
    }
    if (p->phone) {
        seal(x, p->phone, client_mask_phone, true, &c->phone);
    }
    if (p->hukou_address) {
        seal(x, p->hukou_address, client_mask_address, false,
             &c->hukou_address);
    }
    if (p->address) {
        seal(x, p->address, client_mask_address, false, &c->address);
    }
    for (size_t i = 0; p->guardian_phones && i < c->n_guardians; i++) {
        const char *ph = p->guardian_phones[i];
        if (!ph) {
            continue;
        }
        struct sealed s;
        seal(x, ph, client_mask_phone, false, &s);
        c->guardians[i].phone_enc = s.enc;
        c->guardians[i].phone_masked = s.masked;
    }
    return 0;
}

/* A status other than active needs its reason and the day it took
 * effect, today when the status changes without one (a status set before
 * the day was kept may stay without it); an active client has neither.
 * The day is what lets a visit made before she died or moved be entered
 * afterwards (service_record.c). */
static int check_status(const struct client_ctx *x,
                        const struct client *before, struct client *c,
                        struct client_fail *fail)
{
    if (strcmp(c->status, "active") == 0) {
        c->status_reason = "";
        c->status_on = NULL;
        return 0;
    }
    if (!c->status_reason) {
        c->status_reason = "";
    }
    if (!*c->status_reason && !x->status_reason_later) {
        return rule_fail(fail, 400, MSG_STATUS_REASON, "status_reason",
                         "状态原因", "status reason");
    }
    if (c->status_on && !*c->status_on) {
        c->status_on = NULL;
    }
    if (!c->status_on && !x->status_day_unknown &&
        (!before || strcmp(before->status, c->status))) {
        c->status_on = x->today;
    }
    return check_past_day(x, c, before ? before->status_on : NULL,
                          c->status_on, "status_on", "状态变更日期",
                          "status date", fail);
}

/* An ID number is registered once, across every station. */
const char *client_service_named(const struct client_ctx *x, int64_t id)
{
    struct client c;
    int rc = client_store_get(x->db, x->arena, x->scope, id, &c);
    return rc == DB_ROW
               ? arena_printf(x->arena, "%s (#%lld)", c.name, (long long)id)
               : arena_printf(x->arena, "#%lld", (long long)id);
}

int client_service_unique(const struct client_ctx *x, const struct client *c,
                          struct client_fail *fail)
{
    if (!c->id_number.blind) {
        return 0;
    }
    int64_t other;
    bool visible;
    int rc = client_store_find_id_number(x->db, x->scope, c->id_number.blind,
                                         &other, &visible);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (other == 0 || other == c->id) {
        return 0;
    }
    if (visible) {
        fail->existing_id = other;
        const char *who = client_service_named(x, other);
        return rule_fail(fail, 409, MSG_ID_TAKEN, "id_number", who, who);
    }
    return rule_fail(fail, 409, MSG_ID_TAKEN_ELSEWHERE, "id_number", NULL,
                     NULL);
}

/* A name as it is said: without the blanks a form or a pasted cell
 * brings at its ends, and without spaces a register put between two
 * characters to align a column ("王　五"), which would hide her from a
 * search for 王五 and from the duplicate check. The importer keeps names
 * so too. */
static const char *tidy_name(struct arena *a, const char *s)
{
    size_t n;
    const char *b = utf8_trim(s, &n);
    char *t = arena_strndup(a, b, n);
    utf8_squeeze_han_spaces(t);
    return t;
}

/* The client's name, and the names of those who look after her or
 * consented for her (client_service_check_consent compares them). */
static void tidy_names(struct arena *a, struct client *c)
{
    c->name = tidy_name(a, c->name);
    if (c->consent_by) {
        c->consent_by = tidy_name(a, c->consent_by);
    }
    for (size_t i = 0; i < c->n_guardians; i++) {
        c->guardians[i].name = tidy_name(a, c->guardians[i].name);
    }
}

static bool text_changed(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") != 0;
}

static bool guardians_renamed(const struct client *before,
                              const struct client *c)
{
    if (before->n_guardians != c->n_guardians) {
        return true;
    }
    for (size_t i = 0; i < c->n_guardians; i++) {
        if (!utf8_same_name(before->guardians[i].name, c->guardians[i].name)) {
            return true;
        }
    }
    return false;
}

/* A child's consent says who may give it for her: one of her guardians
 * as she is saved with them, not a name nobody on her record bears (nor
 * 本人, a child of nine). An update is judged only when it changes the
 * basis, the one who consented, the guardians or the birth date: a
 * record kept before this rule is not held back from a new phone. */
int client_service_check_consent(const struct client_ctx *x,
                                 const struct client *before,
                                 const struct client *c,
                                 struct client_fail *fail)
{
    if (!c->lawful_basis || strcmp(c->lawful_basis, "guardian_consent") ||
        !c->consent_by || !*c->consent_by ||
        client_age(c->birth_date, client_age_day(c, x->today)) >= 14) {
        return 0;
    }
    if (before && !text_changed(before->lawful_basis, c->lawful_basis) &&
        utf8_same_name(before->consent_by, c->consent_by) &&
        !text_changed(before->birth_date, c->birth_date) &&
        !guardians_renamed(before, c)) {
        return 0;
    }
    for (size_t i = 0; i < c->n_guardians; i++) {
        if (utf8_same_name(c->guardians[i].name, c->consent_by)) {
            return 0;
        }
    }
    return rule_fail(fail, 400, MSG_CONSENT_NOT_GUARDIAN, "consent_by",
                     "同意人", "consent given by");
}

/* Whether a name is one the record already holds: kept as it was stored
 * before the symbols rule (person_name.h), it does not stand in the way
 * of an edit of something else (a form sends every name again). */
static bool name_held(const struct client *before, const char *name)
{
    if (!before) {
        return false;
    }
    if (strcmp(before->name, name) == 0) {
        return true;
    }
    for (size_t i = 0; i < before->n_guardians; i++) {
        if (strcmp(before->guardians[i].name, name) == 0) {
            return true;
        }
    }
    return false;
}

/* The names' symbols (person_name.h), of the names new to the record. */
static int check_name_symbols(const struct client_ctx *x,
                              const struct client *before,
                              const struct client *c, struct client_fail *fail)
{
    if (!utf8_name_plain(c->name) && !name_held(before, c->name)) {
        return rule_fail(fail, 400, MSG_NAME_SYMBOL, "name", "姓名", "name");
    }
    for (size_t i = 0; i < c->n_guardians; i++) {
        const char *g = c->guardians[i].name;
        if (!utf8_name_plain(g) && !name_held(before, g)) {
            return rule_fail(
                fail, 400, MSG_NAME_SYMBOL,
                arena_printf(x->arena, "guardians[%zu].name", i),
                "监护人姓名", "guardian name");
        }
    }
    return 0;
}

int client_service_validate(const struct client_ctx *x,
                            const struct client *before, struct client *c,
                            const struct client_plain *p,
                            struct client_fail *fail)
{
    const char *region = NULL;
    tidy_names(x->arena, c);
    if (check_name_symbols(x, before, c, fail) ||
        check_place(x, c, &region, fail) ||
        check_identity(x, before, c, p, fail) ||
        check_categories(x, before, c, fail) || check_basis(x, c, fail) ||
        check_past_days(x, before, c, fail) ||
        check_status(x, before, c, fail) ||
        check_worker(x, c, region, fail) ||
        check_guardians(x, before, c, fail)) {
        return -1;
    }
    size_t len = strlen(c->name) * 7 + 1;
    char *full = arena_alloc(x->arena, len);
    char *initials = arena_alloc(x->arena, len);
    pinyin_name(c->name, full, len, initials, len);
    c->name_pinyin = full;
    c->name_initials = initials;
    size_t key_len = strlen(c->name) * 4 + 1;
    char *key = arena_alloc(x->arena, key_len);
    pinyin_sort_key(c->name, key, key_len);
    c->name_sort = key;
    /* Last, with the names' keys filled: an import row that names the
     * consenter but no guardian may yet be judged by the guardians of
     * the record it updates (client_import.c). */
    return client_service_check_consent(x, before, c, fail);
}

/* Non-secret fields for the audit row (DESIGN.md §5: before and after),
 * so that the history tells what an edit changed: never the ID number,
 * phones or addresses, only their masked forms. Free text (the notes, the
 * note on the lawful basis) is not copied into the log either: that it
 * changed is said by audit_detail. */
static void write_audit_json(struct jsonw *w, const struct client *c)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "station_id", c->station_id);
    jsonw_kstr(w, "village_code", c->village_code);
    jsonw_kstr(w, "name", c->name);
    jsonw_kstr(w, "id_number", c->id_number.masked);
    jsonw_kstr(w, "sex", c->sex);
    jsonw_kstr(w, "birth_date", c->birth_date);
    jsonw_kstr(w, "ethnicity", c->ethnicity);
    jsonw_kstr(w, "phone", c->phone.masked);
    jsonw_kstr(w, "hukou_address", c->hukou_address.masked);
    jsonw_kstr(w, "address", c->address.masked);
    jsonw_kstr(w, "status", c->status);
    jsonw_kstr(w, "status_reason", c->status_reason);
    jsonw_kstr(w, "status_on", c->status_on);
    jsonw_kint(w, "worker_id", c->worker_id);
    jsonw_kstr(w, "risk_level", c->risk_level);
    jsonw_kstr(w, "self_care", c->self_care);
    jsonw_kstr(w, "living", c->living);
    jsonw_kstr(w, "tags", c->tags);
    jsonw_kstr(w, "dibao_cert", c->dibao_cert);
    jsonw_kstr(w, "dibao_since", c->dibao_since);
    jsonw_kstr(w, "tekun_cert", c->tekun_cert);
    jsonw_kstr(w, "tekun_since", c->tekun_since);
    jsonw_kstr(w, "lawful_basis", c->lawful_basis);
    jsonw_kstr(w, "consent_by", c->consent_by);
    jsonw_kstr(w, "consent_on", c->consent_on);
    jsonw_kstr(w, "consent_method", c->consent_method);
    jsonw_kstr(w, "statutory_duty", c->statutory_duty);
    jsonw_key(w, "categories");
    jsonw_arr_open(w);
    for (size_t i = 0; i < c->n_categories; i++) {
        const struct client_category *k = &c->categories[i];
        jsonw_arr_open(w);
        jsonw_str(w, k->code);
        jsonw_str(w, k->started_on);
        jsonw_str(w, k->ended_on);
        jsonw_arr_close(w);
    }
    jsonw_arr_close(w);
    jsonw_key(w, "guardians");
    jsonw_arr_open(w);
    for (size_t i = 0; i < c->n_guardians; i++) {
        const struct client_guardian *g = &c->guardians[i];
        jsonw_arr_open(w);
        jsonw_str(w, g->name);
        jsonw_str(w, g->relation);
        jsonw_str(w, g->phone_masked);
        jsonw_arr_close(w);
    }
    jsonw_arr_close(w);
    jsonw_obj_close(w);
}

/* An edit's before and after, and the free text it changed. */
static void write_change(struct jsonw *w, const struct client *before,
                         const struct client *after)
{
    jsonw_key(w, "before");
    write_audit_json(w, before);
    jsonw_key(w, "after");
    write_audit_json(w, after);
    jsonw_key(w, "changed_text");
    jsonw_arr_open(w);
    if (text_changed(before->notes, after->notes)) {
        jsonw_str(w, "notes");
    }
    if (text_changed(before->basis_note, after->basis_note)) {
        jsonw_str(w, "basis_note");
    }
    jsonw_arr_close(w);
}

/* What made a change other than the form: an import's file, or a
 * case's assessment. */
struct change_origin {
    const char *import_sha256;
    int64_t case_id;
};

static const char *audit_detail(struct arena *a, const struct client *before,
                                const struct client *after,
                                const struct change_origin *origin)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    if (origin && origin->import_sha256) {
        jsonw_kstr(&d.w, "import_sha256", origin->import_sha256);
    }
    if (origin && origin->case_id) {
        jsonw_kint(&d.w, "case_id", origin->case_id);
    }
    if (before) {
        write_change(&d.w, before, after);
    } else {
        jsonw_key(&d.w, "after");
        write_audit_json(&d.w, after);
    }
    const char *out = jsonw_doc_close(&d, a);
    return out;
}

static int append_audit(const struct client_ctx *x, const char *action,
                        int64_t id, const char *detail)
{
    struct audit_entry e = {
        .actor = x->who.name,
        .address = x->who.address,
        .action = action,
        .entity = "client",
        .entity_id = arena_printf(x->arena, "%lld", (long long)id),
        .detail = detail,
    };
    return audit_append(x->db, &e);
}

/* A client who moves to another station (her record edited, or merged
 * into one kept there) keeps her place in her old household as a name
 * only, as a case transferred there does (case_workflow.c): neither
 * station could edit a household holding another station's client, nor
 * could the new one take her into a household of its own. She is not
 * simply removed, for she may be its head, and a household has exactly
 * one; the old station sees who she was and fixes the rest. Audited on
 * the household, in the caller's transaction. */
static int leave_household(const struct client_ctx *x, int64_t id,
                           int64_t from_station, int64_t station_id)
{
    if (from_station == station_id) {
        return DB_OK;
    }
    /* The household as it stood, for the row's before and after. */
    int64_t was;
    const char *was_name, *was_relation;
    struct household before, after;
    int rc = household_store_of_client(x->db, x->arena, id, &was, &was_name,
                                       &was_relation);
    if (rc == DB_OK && was) {
        rc = household_store_get(x->db, x->arena, &scope_all, was, &before);
        rc = rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
    }
    if (rc != DB_OK || !was) {
        return rc;
    }
    int64_t left;
    rc = client_store_leave_household(x->db, id, station_id, cn_now(), &left);
    if (rc != DB_OK || !left) {
        return rc;
    }
    rc = household_store_get(x->db, x->arena, &scope_all, left, &after);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_ERROR : rc;
    }
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kstr(&d.w, "reason", "client_moved");
    jsonw_kint(&d.w, "client_id", id);
    jsonw_kint(&d.w, "from_station_id", from_station);
    jsonw_kint(&d.w, "station_id", station_id);
    household_service_write_change(&d.w, &before, &after);
    struct audit_entry e = {
        .actor = x->who.name,
        .address = x->who.address,
        .action = "household.update",
        .entity = "household",
        .entity_id = arena_printf(x->arena, "%lld", (long long)left),
        .detail = jsonw_doc_close(&d, x->arena),
    };
    return audit_append(x->db, &e);
}

int client_service_fail_db(struct client_fail *f, int rc)
{
    if (rc == DB_CONSTRAINT) {
        /* A writer that got in between the check and the write. */
        return rule_fail(f, 409, MSG_ID_TAKEN_ELSEWHERE, "id_number", NULL,
                         NULL);
    }
    return rule_fail_db(f, rc);
}

static int finish(const struct client_ctx *x, int rc, struct client_fail *f)
{
    if (rc == DB_OK) {
        rc = db_commit(x->db);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
        return client_service_fail_db(f, rc);
    }
    return 0;
}

int client_service_prepare(const struct client_ctx *x, struct client *c,
                           const struct client_plain *p,
                           struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (!c->status) {
        c->status = "active";
    }
    c->created_by = x->user_id;
    return client_service_validate(x, NULL, c, p, fail);
}

int client_service_insert(const struct client_ctx *x, struct client *c,
                          int64_t *id, struct client_fail *fail)
{
    if (recheck_guardians(x, NULL, c, fail) ||
        client_service_unique(x, c, fail)) {
        return fail->db_rc ? fail->db_rc : DB_CONSTRAINT;
    }
    int rc = client_store_insert(x->db, c, cn_now(), id);
    if (rc == DB_OK) {
        rc = append_audit(x, "client.create", *id,
                          audit_detail(x->arena, NULL, c, NULL));
    }
    if (rc != DB_OK) {
        client_service_fail_db(fail, rc);
    }
    return rc;
}

const char *client_service_change_text(const struct client_ctx *x,
                                       const struct dictionary_item *items,
                                       size_t n_items,
                                       const struct client *before,
                                       const struct client *after, bool en)
{
    struct audit_names names = {.items = items, .n_items = n_items};
    return audit_detail_text(
        x->arena, &names, "client",
        arena_printf(x->arena, "%lld", (long long)before->id),
        audit_detail(x->arena, before, after, NULL), en);
}

int client_service_audit_import(const struct client_ctx *x,
                                const struct client *before,
                                const struct client *after,
                                const char *sha256)
{
    struct change_origin o = {.import_sha256 = sha256};
    return append_audit(x, "client.update", after->id,
                        audit_detail(x->arena, before, after, &o));
}

int client_service_assessed_risk(const struct client_ctx *x,
                                 int64_t client_id, int64_t case_id,
                                 const char *level)
{
    struct client before;
    int rc = client_store_get(x->db, x->arena, x->scope, client_id, &before);
    if (rc == DB_DONE) {
        return DB_OK; /* not hers to change: the case keeps its level */
    }
    if (rc != DB_ROW) {
        return rc;
    }
    if (strcmp(before.status, "merged") == 0 ||
        !text_changed(before.risk_level, level)) {
        return DB_OK;
    }
    rc = client_store_set_risk(x->db, client_id, level, cn_now());
    if (rc != DB_OK) {
        return rc == DB_DONE ? DB_ERROR : rc;
    }
    struct client after = before;
    after.risk_level = level;
    struct change_origin o = {.case_id = case_id};
    return append_audit(x, "client.update", client_id,
                        audit_detail(x->arena, &before, &after, &o));
}

static const char *audit_json(struct arena *a, const struct client *c)
{
    struct strbuf sb;
    strbuf_init(&sb);
    struct jsonw w;
    jsonw_init(&w, &sb);
    write_audit_json(&w, c);
    const char *out = arena_strdup(a, sb.buf ? sb.buf : "");
    strbuf_free(&sb);
    return out;
}

/* Whether c, validated, says what before says. A sealed field the
 * request left out keeps before's ciphertext; one typed again is sealed
 * afresh (a new nonce) and counts as changed, which only costs a version. */
static bool client_unchanged(struct arena *a, const struct client *before,
                             const struct client *c)
{
    if (text_changed(before->notes, c->notes) ||
        text_changed(before->basis_note, c->basis_note) ||
        text_changed(before->id_number.enc, c->id_number.enc) ||
        text_changed(before->phone.enc, c->phone.enc) ||
        text_changed(before->hukou_address.enc, c->hukou_address.enc) ||
        text_changed(before->address.enc, c->address.enc) ||
        before->n_guardians != c->n_guardians) {
        return false;
    }
    for (size_t i = 0; i < c->n_guardians; i++) {
        if (text_changed(before->guardians[i].phone_enc,
                         c->guardians[i].phone_enc)) {
            return false;
        }
    }
    return strcmp(audit_json(a, before), audit_json(a, c)) == 0;
}

bool client_service_same_as(const struct client_ctx *x,
                            const struct client *before, struct client *after,
                            const struct client_plain *p)
{
    const struct {
        const char *plain;
        const struct sealed *was;
        struct sealed *now;
    } sealed[] = {
        {p->phone, &before->phone, &after->phone},
        {p->address, &before->address, &after->address},
        {p->hukou_address, &before->hukou_address, &after->hukou_address},
    };
    for (size_t i = 0; i < sizeof sealed / sizeof sealed[0]; i++) {
        const char *o = sealed[i].was->enc ? opened(x, sealed[i].was->enc)
                                           : NULL;
        if (sealed[i].plain && *sealed[i].plain && o &&
            strcmp(o, sealed[i].plain) == 0) {
            *sealed[i].now = *sealed[i].was;
        }
    }
    /* A guardian's phone likewise: each was sealed afresh. */
    for (size_t i = 0; p->guardian_phones && i < after->n_guardians &&
                       i < before->n_guardians;
         i++) {
        const char *plain = p->guardian_phones[i];
        const char *was = before->guardians[i].phone_enc;
        const char *o = was ? opened(x, was) : NULL;
        if (plain && *plain && o && strcmp(o, plain) == 0) {
            after->guardians[i].phone_enc = was;
            after->guardians[i].phone_masked =
                before->guardians[i].phone_masked;
        }
    }
    return client_unchanged(x->arena, before, after);
}

int client_service_records_after_status(const struct client_ctx *x,
                                        const struct client *c, int64_t *n)
{
    int64_t from;
    *n = 0;
    if (strcmp(c->status, "active") == 0 || !c->status_on ||
        !cn_day_start(c->status_on, true, &from)) {
        return DB_OK;
    }
    return service_store_count_client_from(x->db, c->id, from, n);
}

int client_service_update(const struct client_ctx *x,
                          const struct client *before, struct client *c,
                          const struct client_plain *p,
                          int64_t expected_version, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (strcmp(before->status, "merged") == 0) {
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "status", NULL,
                         NULL);
    }
    if (client_service_validate(x, before, c, p, fail)) {
        return -1;
    }
    /* A form saved as it was opened: nothing written, no version taken
     * from a colleague editing meanwhile, no empty row in the history. */
    if (client_unchanged(x->arena, before, c)) {
        return expected_version == before->version
                   ? 0
                   : rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version",
                               NULL, NULL);
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (recheck_guardians(x, before, c, fail) ||
        client_service_unique(x, c, fail)) {
        db_rollback(x->db);
        return -1;
    }
    rc = client_store_update(x->db, c, expected_version, cn_now());
    if (rc == DB_DONE) {
        db_rollback(x->db);
        return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    }
    if (rc == DB_OK) {
        rc = leave_household(x, c->id, before->station_id, c->station_id);
    }
    if (rc == DB_OK) {
        rc = append_audit(x, "client.update", c->id,
                          audit_detail(x->arena, before, c, NULL));
    }
    return finish(x, rc, fail);
}

/* A category check's refusal, said of the merge: its body has only
 * "into", so the field is that, and a category the dictionary no longer
 * offers is named (the age rule's message names it already). */
static int merge_fail(const struct client_ctx *x, const struct client *c,
                      struct client_fail *fail)
{
    size_t i;
    if (fail->status < 500 &&
        (fail->msg == MSG_DICT_UNKNOWN || fail->msg == MSG_CATEGORY_STOPPED) &&
        fail->field &&
        sscanf(fail->field, "categories[%zu]", &i) == 1 &&
        i < c->n_categories) {
        const char *code = c->categories[i].code;
        struct dictionary_item it;
        int rc = dictionary_store_get(x->db, x->arena, "client_category",
                                      code, &it);
        fail->label_zh = arena_printf(x->arena, "对象类别「%s」",
                                      rc == DB_ROW ? it.label : code);
        fail->label_en = arena_printf(x->arena, "category \"%s\"",
                                      rc == DB_ROW ? it.label_en : code);
    }
    if (fail->status < 500 && fail->field &&
        strncmp(fail->field, "consent_", 8) == 0) {
        /* Said of the survivor's consent, not of a field the merge has. */
        fail->label_zh = arena_printf(x->arena, "监护人同意的%s",
                                      fail->label_zh);
        fail->label_en = arena_printf(x->arena, "the guardian's consent: %s",
                                      fail->label_en);
    }
    if (fail->status < 500) {
        fail->field = "into";
        fail->also_field = NULL; /* the merge has no field of its own */
    }
    return -1;
}

/* The two records of a merge, both in the caller's range and neither
 * merged already; 0, or -1 with *fail. */
static int merge_pair(const struct client_ctx *x, int64_t from, int64_t into,
                      struct client *a, struct client *b,
                      struct client_fail *fail)
{
    int rc = client_store_get(x->db, x->arena, x->scope, from, a);
    if (rc == DB_DONE || (rc == DB_ROW && strcmp(a->status, "merged") == 0)) {
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, "服务对象",
                         "client");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    rc = client_store_get(x->db, x->arena, x->scope, into, b);
    if (rc == DB_DONE || (rc == DB_ROW && strcmp(b->status, "merged") == 0)) {
        return rule_fail(fail, 400, MSG_NOT_FOUND, "into", "合并目标",
                         "merge target");
    }
    return rc == DB_ROW ? 0 : rule_fail_db(fail, rc);
}

static bool blank(const char *s)
{
    return !s || !*s;
}

/* A certificate's start day the survivor lacks, from the merged record
 * when the certificate is that record's (or the survivor has none yet:
 * it takes the number too) and the day is not before the birth the
 * survivor ends with. */
static void take_since(const struct client *c, const char *cert,
                       const char **since, const char *their_cert,
                       const char *their_since, bool *took)
{
    if (blank(*since) && !blank(their_since) &&
        (blank(cert) || strcmp(cert, their_cert) == 0) &&
        strcmp(their_since, c->birth_date) >= 0) {
        *since = their_since;
        *took = true;
    }
}

/* What the survivor c lacks it takes from the merged record m, the same
 * person's: her phone, addresses, village, worker, certificates, notes…
 * What c holds stays: a merge never overwrites the record kept. Said
 * after c took m's ID number, whose birth date a day taken here must not
 * precede. DB_OK, *took whether anything was taken. */
static int take_missing(const struct client_ctx *x, struct client *c,
                        const struct client *m, bool *took)
{
    take_since(c, c->dibao_cert, &c->dibao_since, m->dibao_cert,
               m->dibao_since, took);
    take_since(c, c->tekun_cert, &c->tekun_since, m->tekun_cert,
               m->tekun_since, took);
    const struct {
        const char **kept;
        const char *theirs;
    } texts[] = {
        {&c->ethnicity, m->ethnicity},   {&c->dibao_cert, m->dibao_cert},
        {&c->tekun_cert, m->tekun_cert}, {&c->self_care, m->self_care},
        {&c->living, m->living},         {&c->risk_level, m->risk_level},
        {&c->tags, m->tags},             {&c->notes, m->notes},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (blank(*texts[i].kept) && !blank(texts[i].theirs)) {
            *texts[i].kept = texts[i].theirs;
            *took = true;
        }
    }
    /* The day of the status both records hold, when only the merged one
     * knows it (a status set before the day was kept). */
    if (!c->status_on && m->status_on && strcmp(c->status, "active") != 0 &&
        strcmp(c->status, m->status) == 0) {
        c->status_on = m->status_on;
        *took = true;
    }
    /* Sealed as they are: the same ciphertext, blind index and mask. */
    struct sealed *kept[] = {&c->phone, &c->hukou_address, &c->address};
    const struct sealed *theirs[] = {&m->phone, &m->hukou_address,
                                     &m->address};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        if (!kept[i]->enc && theirs[i]->enc) {
            *kept[i] = *theirs[i];
            *took = true;
        }
    }
    /* A village or worker of the survivor's station only (check_place,
     * check_worker): one of another station's is left behind. */
    if (blank(c->village_code) && !blank(m->village_code) &&
        strncmp(m->village_code, c->station_region,
                strlen(c->station_region)) == 0) {
        c->village_code = m->village_code;
        *took = true;
    }
    if (!c->worker_id && m->worker_id) {
        bool ok = false;
        int rc = staff_covers_station(x->db, x->arena, m->worker_id,
                                      ROLES_FRONTLINE, c->station_id,
                                      c->station_region, &ok, NULL);
        if (rc != DB_OK) {
            return rc;
        }
        if (ok) {
            c->worker_id = m->worker_id;
            *took = true;
        }
    }
    return DB_OK;
}

/* The merge's row, on the merged record m: whose it was, which record
 * kept it, and what that record took, in the before and after of an
 * edit of it (masked; free text only named): nothing when it took
 * nothing and lost nothing. */
static const char *merge_detail(const struct client_ctx *x,
                                const struct client *m,
                                const struct client *before,
                                const struct client *after)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kint(&d.w, "from", m->id);
    jsonw_kint(&d.w, "into", after->id);
    jsonw_kstr(&d.w, "name", m->name);
    if (!client_unchanged(x->arena, before, after)) {
        write_change(&d.w, before, after);
    }
    return jsonw_doc_close(&d, x->arena);
}

int client_service_merge(const struct client_ctx *x, int64_t from,
                         int64_t into, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (from == into) {
        return rule_fail(fail, 400, MSG_MERGE_SAME, "into", "合并目标",
                         "merge target");
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    /* Both rows locked (the lower id first) and read under the locks: a
     * merge of the two the other way round, or a case opened on either,
     * waits for this one, and then sees it. */
    rc = client_store_lock(x->db, from < into ? from : into);
    if (rc == DB_OK) {
        rc = client_store_lock(x->db, from < into ? into : from);
    }
    struct client a, b;
    if (rc != DB_OK || merge_pair(x, from, into, &a, &b, fail)) {
        db_rollback(x->db);
        return rc != DB_OK ? rule_fail_db(fail, rc) : -1;
    }
    /* Two ID numbers that differ are two people: merged, one of them
     * would lose hers and the other take her categories and cases, and a
     * merge is not undone. A record without one may be anyone's. */
    if (a.id_number.enc && b.id_number.enc) {
        const char *na = opened(x, a.id_number.enc);
        const char *nb = opened(x, b.id_number.enc);
        if (!na || !nb || strcmp(na, nb) != 0) {
            db_rollback(x->db);
            return !na || !nb ? rule_fail_db(fail, DB_ERROR)
                              : rule_fail(fail, 409, MSG_MERGE_ID_DIFFERS,
                                          "into", NULL, NULL);
        }
    }
    /* One open case per person: the survivor takes the other's cases,
     * under the locks so that no case opens meanwhile. An open case
     * stays with its station's workers: one at another station is
     * transferred there first. */
    int64_t open_from = 0, open_into = 0;
    if (rc == DB_OK) {
        rc = case_store_open_of(x->db, from, 0, &open_from);
    }
    if (rc == DB_OK) {
        rc = case_store_open_of(x->db, into, 0, &open_into);
    }
    if (rc == DB_OK && open_from &&
        (open_into || a.station_id != b.station_id)) {
        db_rollback(x->db);
        fail->existing_id = open_from;
        return rule_fail(fail, 409,
                         open_into ? MSG_MERGE_OPEN_CASES
                                   : MSG_MERGE_CASE_STATION,
                         "into", b.station_name, b.station_name);
    }
    /* Households: two records in two of them are not merged; the one
     * the merge changes is read as it stands, for its audit row. */
    struct household hh;
    memset(&hh, 0, sizeof hh);
    if (rc == DB_OK && household_service_merge_check(x, &a, &b, &hh, fail)) {
        db_rollback(x->db);
        return -1;
    }
    /* The survivor's station is hers now: the merged record's place in
     * a household of another station would hand that household the
     * survivor, a client it cannot hold. */
    if (rc == DB_OK) {
        rc = leave_household(x, from, a.station_id, b.station_id);
    }
    if (rc == DB_OK) {
        rc = client_store_merge(x->db, from, into, cn_now());
    }
    if (rc == DB_OK) {
        rc = household_service_merge_done(x, &hh, from, into);
    }
    struct client fresh;
    if (rc == DB_OK) {
        rc = client_store_get(x->db, x->arena, &scope_all, into, &fresh);
        rc = rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
    }
    /* The survivor takes the merged record's ID number when it has none,
     * and its lawful basis (a child's, PIPL art. 13) likewise, then any
     * other field it lacks (take_missing). */
    bool adopted = false, took_basis = false;
    if (rc == DB_OK && !b.id_number.enc && a.id_number.enc) {
        fresh.id_number = a.id_number;
        fresh.id_last4 = a.id_last4;
        fresh.sex = a.sex;
        fresh.birth_date = a.birth_date;
        adopted = true;
    }
    if (rc == DB_OK && !*fresh.lawful_basis && *a.lawful_basis) {
        fresh.lawful_basis = a.lawful_basis;
        fresh.consent_by = a.consent_by;
        fresh.consent_on = a.consent_on;
        fresh.consent_method = a.consent_method;
        fresh.statutory_duty = a.statutory_duty;
        fresh.basis_note = a.basis_note;
        adopted = took_basis = true;
    }
    if (rc == DB_OK) {
        rc = take_missing(x, &fresh, &a, &adopted);
    }
    if (rc == DB_OK && coalesce_categories(&fresh)) {
        adopted = true; /* written back with the rest */
    }
    if (rc == DB_OK && adopted) {
        rc = client_store_update(x->db, &fresh, fresh.version, cn_now());
        rc = rc == DB_DONE ? DB_ERROR : rc;
    }
    /* The survivor now holds both records' categories, judged against
     * the birth date it ends with: what an update would refuse (a
     * category past its age limit, a period of a stopped category the
     * survivor did not hold, a child kept on no lawful basis) is refused
     * here too, and nothing of the merge is kept. */
    /* The guardians only grow by a merge (the merged record's join the
     * survivor's): a consent is judged again only when taken over, or
     * when the birth date taken makes the survivor a child. */
    if (rc == DB_OK && (check_categories(x, &b, &fresh, fail) ||
                        check_basis(x, &fresh, fail) ||
                        ((took_basis || text_changed(b.birth_date,
                                                     fresh.birth_date)) &&
                         client_service_check_consent(x, NULL, &fresh,
                                                      fail)))) {
        db_rollback(x->db);
        return merge_fail(x, &fresh, fail);
    }
    if (rc == DB_OK) {
        rc = append_audit(x, "client.merge", from,
                          merge_detail(x, &a, &b, &fresh));
    }
    return finish(x, rc, fail);
}

int client_service_reveal(const struct client_ctx *x, const struct client *c,
                          const char *reason, struct client_revealed *out,
                          struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    memset(out, 0, sizeof *out);
    const char *v[4] = {opened(x, c->id_number.enc), opened(x, c->phone.enc),
                        opened(x, c->hukou_address.enc),
                        opened(x, c->address.enc)};
    for (int i = 0; i < 4; i++) {
        if (!v[i]) { /* the key file does not open it */
            return rule_fail_db(fail, DB_ERROR);
        }
    }
    out->id_number = v[0];
    out->phone = v[1];
    out->hukou_address = v[2];
    out->address = v[3];
    out->guardian_phones =
        arena_alloc(x->arena, sizeof(const char *) * (c->n_guardians + 1));
    for (size_t i = 0; i < c->n_guardians; i++) {
        const char *ph = opened(x, c->guardians[i].phone_enc);
        if (!ph) {
            return rule_fail_db(fail, DB_ERROR);
        }
        out->guardian_phones[i] = ph;
    }
    /* The reason is kept with the read, in its own transaction: no
     * answer without its audit row. */
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kstr(&d.w, "reason", reason);
    rc = append_audit(x, "client.reveal", c->id,
                      jsonw_doc_close(&d, x->arena));
    return finish(x, rc, fail);
}

int client_service_similar(const struct client_ctx *x, const char *name,
                           const char *id_number, const char *birth_date,
                           const char *phone, int64_t except_id,
                           struct client **out, size_t *n)
{
    char phone_blind[SECRET_BLIND_HEX] = "";
    if (phone && *phone) {
        secret_blind(x->key, phone, phone_blind);
    }
    struct id_number id;
    if (id_number && *id_number &&
        id_number_parse(id_number, x->today, &id) == MSG_COUNT_) {
        birth_date = id.birth_date;
    }
    /* Named as the record would keep her (tidy_names). */
    return client_store_similar(x->db, x->arena, x->scope,
                                name ? tidy_name(x->arena, name) : NULL,
                                birth_date, phone_blind, except_id, out, n,
                                10);
}
