#include "household_service.h"

#include <string.h>

#include "../store/audit_store.h"
#include "../store/client_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "../util/strbuf.h"
#include "rule_fail.h"

static bool has_client(const struct household *h, int64_t client_id)
{
    for (size_t i = 0; h && i < h->n_members; i++) {
        if (h->members[i].client_id == client_id) {
            return true;
        }
    }
    return false;
}

/* A member taken off must be one the user may see: a worker who keeps
 * only her own clients sees the household through hers, and would
 * otherwise drop a colleague's client she cannot see. */
static int check_removed(const struct client_ctx *x,
                         const struct household *before,
                         const struct household *h, struct client_fail *fail)
{
    for (size_t i = 0; before && i < before->n_members; i++) {
        const struct household_member *m = &before->members[i];
        if (!m->client_id || has_client(h, m->client_id)) {
            continue;
        }
        const char *name;
        int rc = client_store_visible(x->db, x->scope, m->client_id, &name,
                                      x->arena);
        if (rc == DB_DONE) {
            return rule_fail(fail, 400, MSG_CLIENT_OUT_OF_RANGE, "members",
                             m->name, m->name);
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
    }
    return 0;
}

static int check(const struct client_ctx *x, const struct household *before,
                 struct household *h, struct client_fail *fail)
{
    struct station s;
    int rc =
        station_store_get_plain(x->db, x->arena, x->scope, h->station_id, &s);
    if (rc == DB_DONE) {
        return rule_fail(fail, 400, MSG_STATION_OUT_OF_RANGE, "station_id",
                         "所属站点", "station");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (strcmp(s.status, "active") != 0) {
        return rule_fail(fail, 409, MSG_STATION_INACTIVE, "station_id",
                         "所属站点", "station");
    }
    int heads = 0;
    for (size_t i = 0; i < h->n_members; i++) {
        struct household_member *m = &h->members[i];
        const char *path = arena_printf(x->arena, "members[%zu]", i);
        heads += strcmp(m->relation, "head") == 0;
        if (!m->client_id) {
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (h->members[j].client_id == m->client_id) {
                return rule_fail(fail, 400, MSG_HOUSEHOLD_MEMBER_TWICE,
                                 arena_printf(x->arena, "%s.client_id", path),
                                 "家庭成员", "member");
            }
        }
        /* A member already in the household is read whatever the
         * user's range (a worker who keeps her own clients shares a
         * household with a colleague's); a new one must be in it. */
        struct client c;
        rc = client_store_get(x->db, x->arena,
                              has_client(before, m->client_id) ? &scope_all
                                                               : x->scope,
                              m->client_id, &c);
        if (rc == DB_DONE || (rc == DB_ROW && !strcmp(c.status, "merged"))) {
            return rule_fail(fail, 400, MSG_NOT_FOUND,
                             arena_printf(x->arena, "%s.client_id", path),
                             "服务对象", "client");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
        if (c.station_id != h->station_id) {
            return rule_fail(fail, 400, MSG_HOUSEHOLD_MEMBER_STATION,
                             arena_printf(x->arena, "%s.client_id", path),
                             c.name, c.name);
        }
        /* A member already in the household stays, whatever became of
         * her; one who moved away or died joins no household. */
        if (!has_client(before, m->client_id) &&
            strcmp(c.status, "active") != 0) {
            return rule_fail(fail, 400, MSG_CLIENT_NOT_ACTIVE,
                             arena_printf(x->arena, "%s.client_id", path),
                             c.name, c.name);
        }
        m->name = c.name; /* the register's name, not a second spelling */
        int64_t other;
        const char *oname, *orel;
        rc = household_store_of_client(x->db, x->arena, m->client_id, &other,
                                       &oname, &orel);
        if (rc != DB_OK) {
            return rule_fail_db(fail, rc);
        }
        /* Named, so that the user knows where she is: the household
         * holds her, a client the user may see. Moved on request
         * (move_in). */
        if (other && other != h->id && !m->move) {
            int bad = rule_fail(
                fail, 409, MSG_HOUSEHOLD_MEMBER_IN,
                arena_printf(x->arena, "%s.client_id", path),
                arena_printf(x->arena, "%s：已在%s", c.name, oname),
                arena_printf(x->arena, "%s: already in household %s", c.name,
                             oname));
            fail->existing_id = other;
            return bad;
        }
    }
    if (heads != 1) {
        return rule_fail(fail, 400, MSG_HOUSEHOLD_HEAD, "members", "家庭成员",
                         "members");
    }
    /* A worker who keeps only her own clients sees a household through
     * them (household_store.c): one without any would be lost to her. */
    if (x->scope->self_user) {
        size_t i = 0;
        while (i < h->n_members && !h->members[i].client_id) {
            i++;
        }
        if (i == h->n_members) {
            return rule_fail(fail, 400, MSG_HOUSEHOLD_OWN_CLIENT, "members",
                             "家庭成员", "members");
        }
    }
    return 0;
}

/* A household as its audit rows keep it (DESIGN.md §5): each member by
 * the name she is known by, a client's as registered (unmasked, as a
 * client row keeps hers), a client by her id too. The notes are free
 * text and not copied, as a client's are not: changed_text says they
 * changed. */
static void write_audit_json(struct jsonw *w, const struct household *h)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "station_id", h->station_id);
    jsonw_kstr(w, "name", h->name);
    jsonw_key(w, "members");
    jsonw_arr_open(w);
    for (size_t i = 0; i < h->n_members; i++) {
        const struct household_member *m = &h->members[i];
        jsonw_obj_open(w);
        jsonw_kstr(w, "name", m->name);
        jsonw_kstr(w, "relation", m->relation);
        if (m->client_id) {
            jsonw_kint(w, "client_id", m->client_id);
        }
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_obj_close(w);
}

static bool notes_changed(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") != 0;
}

void household_service_write_change(struct jsonw *w,
                                    const struct household *before,
                                    const struct household *after)
{
    if (before) {
        jsonw_key(w, "before");
        write_audit_json(w, before);
    }
    jsonw_key(w, "after");
    write_audit_json(w, after);
    if (before) {
        jsonw_key(w, "changed_text");
        jsonw_arr_open(w);
        if (notes_changed(before->notes, after->notes)) {
            jsonw_str(w, "notes");
        }
        jsonw_arr_close(w);
    }
}

/* The write's audit detail, with the members who left another household
 * for this one and which (move_in): the household they left has a row
 * of its own naming this one, and this one's says where they came from. */
static const char *detail(struct arena *a, const struct household *before,
                          const struct household *h)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    household_service_write_change(&d.w, before, h);
    bool any = false;
    for (size_t i = 0; i < h->n_members; i++) {
        const struct household_member *m = &h->members[i];
        if (!m->moved_from_id) {
            continue;
        }
        if (!any) {
            jsonw_key(&d.w, "moved_in");
            jsonw_arr_open(&d.w);
            any = true;
        }
        jsonw_obj_open(&d.w);
        jsonw_kint(&d.w, "client_id", m->client_id);
        jsonw_kstr(&d.w, "name", m->name);
        jsonw_kstr(&d.w, "moved_from", m->moved_from);
        jsonw_kint(&d.w, "household_id", m->moved_from_id);
        jsonw_obj_close(&d.w);
    }
    if (any) {
        jsonw_arr_close(&d.w);
    }
    return jsonw_doc_close(&d, a);
}

/* The audit row of household old, which member client_id left for
 * household `to` (its name: a new one has no id yet): emptied, it is
 * deleted. */
static int audit_left(const struct client_ctx *x, const struct household *old,
                      const struct household *after, int64_t client_id,
                      const char *to)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kstr(&d.w, "reason", "member_moved");
    jsonw_kint(&d.w, "client_id", client_id);
    jsonw_kstr(&d.w, "moved_to", to);
    if (after->n_members) {
        household_service_write_change(&d.w, old, after);
    } else {
        jsonw_key(&d.w, "before");
        write_audit_json(&d.w, old);
    }
    struct audit_entry e = {
        .actor = x->who.name,
        .address = x->who.address,
        .action = after->n_members ? "household.update" : "household.delete",
        .entity = "household",
        .entity_id = arena_printf(x->arena, "%lld", (long long)old->id),
        .detail = jsonw_doc_close(&d, x->arena),
    };
    return audit_append(x->db, &e);
}

/* Whether client id is one of h's members sent with "move". */
static bool moving(const struct household *h, int64_t id)
{
    for (size_t i = 0; i < h->n_members; i++) {
        if (h->members[i].client_id == id && h->members[i].move) {
            return true;
        }
    }
    return false;
}

/* Member i of h, sent with "move", taken out of the household she is in
 * (移入): that household without her, or gone when she was all of it.
 * Its head is not taken from those who stay (a name, or a client this
 * write does not move): who heads it then is for the station to say.
 * 0, or -1 with *fail. */
static int move_in(const struct client_ctx *x, struct household *h,
                   size_t i, struct client_fail *fail)
{
    struct household_member *m = &h->members[i];
    int64_t other;
    const char *oname, *orel;
    int rc = household_store_of_client(x->db, x->arena, m->client_id, &other,
                                       &oname, &orel);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    if (!other || other == h->id) {
        return 0;
    }
    const char *path = arena_printf(x->arena, "members[%zu].client_id", i);
    struct household old;
    rc = household_store_get(x->db, x->arena, x->scope, other, &old);
    if (rc == DB_DONE) {
        return rule_fail(fail, 409, MSG_HOUSEHOLD_MEMBER_TAKEN, path, m->name,
                         m->name);
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    bool others_stay = false;
    for (size_t k = 0; k < old.n_members; k++) {
        int64_t id = old.members[k].client_id;
        others_stay |= id != m->client_id && (!id || !moving(h, id));
    }
    if (strcmp(orel, "head") == 0 && others_stay) {
        int bad = rule_fail(
            fail, 409, MSG_HOUSEHOLD_MOVE_HEAD, path,
            arena_printf(x->arena, "%s是%s的户主", m->name, oname),
            arena_printf(x->arena, "%s heads household %s", m->name, oname));
        fail->existing_id = other;
        return bad;
    }
    struct household after = old;
    after.members = arena_alloc(x->arena, sizeof *after.members *
                                              (old.n_members ? old.n_members
                                                             : 1));
    after.n_members = 0;
    for (size_t k = 0; k < old.n_members; k++) {
        if (old.members[k].client_id != m->client_id) {
            after.members[after.n_members++] = old.members[k];
        }
    }
    if (after.n_members) {
        rc = household_store_update(x->db, &after, old.version, cn_now());
        if (rc == DB_DONE) { /* changed since its members were locked */
            return rule_fail(fail, 409, MSG_VERSION_CONFLICT, path, NULL,
                             NULL);
        }
    } else {
        rc = household_store_delete(x->db, old.id);
    }
    if (rc == DB_OK) {
        rc = audit_left(x, &old, &after, m->client_id, h->name);
    }
    m->moved_from_id = old.id;
    m->moved_from = old.name;
    return rc == DB_OK ? 0 : rule_fail_db(fail, rc);
}

/* Appends the clients among h's members to ids. */
static void add_clients(const struct client_ctx *x,
                        const struct household *h, int64_t **ids, size_t *n,
                        size_t *cap)
{
    for (size_t i = 0; h && i < h->n_members; i++) {
        if (h->members[i].client_id) {
            *ids = arena_grow(x->arena, *ids, *n, cap, sizeof **ids);
            (*ids)[(*n)++] = h->members[i].client_id;
        }
    }
}

/* Every client the write names, its members and those it had, locked
 * in ascending id order: the order a merge takes its two clients in
 * (client_service_merge), before either touches a household's rows, so
 * that neither waits on a row the other holds. And the members of the
 * households those moved in leave (move_in changes them), as they were
 * read before the locks: move_in reads them again under the locks. */
static int lock_members(const struct client_ctx *x,
                        const struct household *before,
                        const struct household *h)
{
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    add_clients(x, h, &ids, &n, &cap);
    add_clients(x, before, &ids, &n, &cap);
    for (size_t i = 0; i < h->n_members; i++) {
        const struct household_member *m = &h->members[i];
        int64_t other;
        const char *oname, *orel;
        if (!m->client_id || !m->move) {
            continue;
        }
        int rc = household_store_of_client(x->db, x->arena, m->client_id,
                                           &other, &oname, &orel);
        struct household old;
        if (rc == DB_OK && other && other != h->id) {
            rc = household_store_get(x->db, x->arena, &scope_all, other,
                                     &old);
            if (rc == DB_ROW) {
                add_clients(x, &old, &ids, &n, &cap);
            }
            rc = rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
        }
        if (rc != DB_OK) {
            return rc;
        }
    }
    return client_store_lock_ids(x->db, x->arena, ids, n);
}

/* Opens the write's transaction, locks its clients and only then checks
 * them: checked before, a member merged (or taken into another
 * household) meanwhile was written into this one as she had been read,
 * and a merged record stayed a member, seen by nobody. 0 with the
 * transaction open, or -1 with *fail and nothing kept. */
static int begin_checked(const struct client_ctx *x,
                         const struct household *before, struct household *h,
                         struct client_fail *fail)
{
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    rc = lock_members(x, before, h);
    if (rc != DB_OK) {
        db_rollback(x->db);
        return rule_fail_db(fail, rc);
    }
    if (check(x, before, h, fail) || check_removed(x, before, h, fail)) {
        db_rollback(x->db);
        return -1;
    }
    for (size_t i = 0; i < h->n_members; i++) {
        if (h->members[i].client_id && h->members[i].move &&
            move_in(x, h, i, fail)) {
            db_rollback(x->db);
            return -1;
        }
    }
    return 0;
}

/* Writes in the transaction begin_checked opened, and ends it. */
static int write(const struct client_ctx *x, const char *action,
                 const struct household *before, struct household *h,
                 int64_t expected_version, int64_t *id,
                 struct client_fail *fail)
{
    int rc = DB_OK;
    int64_t now = cn_now();
    if (before) {
        rc = household_store_update(x->db, h, expected_version, now);
        *id = h->id;
        if (rc == DB_DONE) {
            db_rollback(x->db);
            return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version",
                             NULL, NULL);
        }
    } else {
        rc = household_store_insert(x->db, h, now, id);
    }
    if (rc == DB_OK) {
        struct audit_entry e = {
            .actor = x->who.name,
            .address = x->who.address,
            .action = action,
            .entity = "household",
            .entity_id = arena_printf(x->arena, "%lld", (long long)*id),
            .detail = detail(x->arena, before, h),
        };
        rc = audit_append(x->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(x->db);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
        if (rc == DB_CONSTRAINT) { /* a member taken in between */
            return rule_fail(fail, 409, MSG_HOUSEHOLD_MEMBER_TAKEN, "members",
                             "家庭成员", "members");
        }
        return rule_fail_db(fail, rc);
    }
    return 0;
}

int household_service_create(const struct client_ctx *x, struct household *h,
                             int64_t *id, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (begin_checked(x, NULL, h, fail)) {
        return -1;
    }
    return write(x, "household.create", NULL, h, 0, id, fail);
}

int household_service_update(const struct client_ctx *x,
                             const struct household *before,
                             struct household *h, int64_t expected_version,
                             struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (begin_checked(x, before, h, fail)) {
        return -1;
    }
    int64_t id;
    return write(x, "household.update", before, h, expected_version, &id,
                 fail);
}

int household_service_merge_check(const struct client_ctx *x,
                                  const struct client *from,
                                  const struct client *into,
                                  struct household *before,
                                  struct client_fail *fail)
{
    memset(before, 0, sizeof *before);
    /* One merged into a record of another station has left her household
     * as a name (client_service.c leave_household). */
    if (from->station_id != into->station_id) {
        return 0;
    }
    int64_t hf, hi;
    const char *nf, *ni, *rel;
    int rc = household_store_of_client(x->db, x->arena, from->id, &hf, &nf,
                                       &rel);
    if (rc == DB_OK) {
        rc = household_store_of_client(x->db, x->arena, into->id, &hi, &ni,
                                       &rel);
    }
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    /* Which of the two the person lives in, and who heads the other
     * without her, are for the station to say: a merge that guessed left
     * a household headless, or a member silently gone. */
    if (hf && hi && hf != hi) {
        return rule_fail(fail, 409, MSG_MERGE_HOUSEHOLDS, "into",
                         arena_printf(x->arena, "%s、%s", ni, nf),
                         arena_printf(x->arena, "%s, %s", ni, nf));
    }
    if (!hf) {
        return 0;
    }
    rc = household_store_get(x->db, x->arena, &scope_all, hf, before);
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc == DB_DONE ? DB_ERROR : rc);
    }
    return 0;
}

int household_service_merge_done(const struct client_ctx *x,
                                 const struct household *before,
                                 int64_t from, int64_t into)
{
    if (!before->id) {
        return DB_OK;
    }
    int rc = household_store_touch(x->db, before->id, cn_now());
    struct household after;
    if (rc == DB_OK) {
        rc = household_store_get(x->db, x->arena, &scope_all, before->id,
                                 &after);
        rc = rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
    }
    if (rc != DB_OK) {
        return rc;
    }
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    jsonw_kstr(&d.w, "reason", "client_merged");
    jsonw_kint(&d.w, "client_id", from);
    jsonw_kint(&d.w, "into", into);
    household_service_write_change(&d.w, before, &after);
    struct audit_entry e = {
        .actor = x->who.name,
        .address = x->who.address,
        .action = "household.update",
        .entity = "household",
        .entity_id = arena_printf(x->arena, "%lld", (long long)before->id),
        .detail = jsonw_doc_close(&d, x->arena),
    };
    return audit_append(x->db, &e);
}
