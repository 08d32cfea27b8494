#include "station_service.h"

#include <string.h>

#include "../store/audit_store.h"
#include "../store/region_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "station_name.h"

static int fail_with(struct station_fail *f, int status, enum msg_id msg,
                     const char *field, const char *zh, const char *en)
{
    f->status = status;
    f->msg = msg;
    f->field = field;
    f->label_zh = zh;
    f->label_en = en;
    return -1;
}

static int fail_db(struct station_fail *f, int rc)
{
    f->db_rc = rc;
    return fail_with(f, rc == DB_BUSY ? 503 : 500,
                     rc == DB_BUSY ? MSG_BUSY : MSG_INTERNAL, NULL, NULL,
                     NULL);
}

/* The names of the region and its ancestors, for the signage pattern. */
static int ancestor_names(struct db *db, struct arena *a, const char *code,
                          const char *names[NAME_LEVELS])
{
    static const size_t lens[NAME_LEVELS] = {2, 4, 6, 9, 12};
    for (int i = 0; i < NAME_LEVELS; i++) {
        names[i] = NULL;
        if (lens[i] > strlen(code)) {
            continue;
        }
        struct region g;
        int rc = region_store_get(db, a, arena_strndup(a, code, lens[i]), &g);
        if (rc == DB_ROW) {
            names[i] = g.name;
        } else if (rc != DB_DONE) {
            return rc;
        }
    }
    return DB_OK;
}

int station_signage_name(struct db *db, struct arena *a,
                         const struct station_type *t,
                         const char *region_code, const char **name)
{
    const char *names[NAME_LEVELS];
    int rc = ancestor_names(db, a, region_code, names);
    if (rc == DB_OK) {
        *name = station_name_render(a, t->name_pattern, names);
    }
    return rc;
}

static int check_facilities(struct arena *a, const struct profile *p,
                            const struct station *s,
                            struct station_fail *fail)
{
    for (size_t i = 0; i < s->n_facilities; i++) {
        char *path = arena_printf(a, "facilities[%zu].code", i);
        if (!profile_facility(p, s->facilities[i].code)) {
            return fail_with(fail, 400, MSG_FACILITY_UNKNOWN, path,
                             s->facilities[i].code, s->facilities[i].code);
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(s->facilities[i].code, s->facilities[j].code) == 0) {
                return fail_with(fail, 400, MSG_BAD_ENUM, path,
                                 "设施标准项(重复)",
                                 "facility item (repeated)");
            }
        }
    }
    return 0;
}

static void write_station_json(struct jsonw *w, const struct station *s)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "type", s->type);
    jsonw_kstr(w, "region_code", s->region_code);
    jsonw_kstr(w, "name", s->name);
    jsonw_kstr(w, "address", s->address);
    jsonw_kstr(w, "phone", s->phone);
    jsonw_kstr(w, "opened_on", s->opened_on);
    jsonw_kstr(w, "status", s->status);
    jsonw_key(w, "facilities");
    jsonw_obj_open(w);
    for (size_t i = 0; i < s->n_facilities; i++) {
        jsonw_kbool(w, s->facilities[i].code, s->facilities[i].met);
    }
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

/* The audit detail: {"before":…,"after":…,"reason":…} of a station. */
static char *audit_detail(struct arena *a, const struct station *before,
                          const struct station *after, const char *reason)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    if (before) {
        jsonw_key(&d.w, "before");
        write_station_json(&d.w, before);
    }
    jsonw_key(&d.w, "after");
    write_station_json(&d.w, after);
    if (reason) {
        jsonw_kstr(&d.w, "reason", reason);
    }
    char *out = jsonw_doc_close(&d, a);
    return out;
}

static int conflict_fail(struct station_fail *fail, enum station_conflict why)
{
    switch (why) {
    case STATION_CONFLICT_NAME:
        return fail_with(fail, 409, MSG_STATION_NAME_TAKEN, "name", NULL,
                         NULL);
    case STATION_CONFLICT_VERSION:
        return fail_with(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                         NULL);
    default:
        return fail_with(fail, 409, MSG_STATION_DUPLICATE, "region_code",
                         NULL, NULL);
    }
}

/* Runs the write and its audit row in one transaction. */
static int write_audited(struct db *db, struct arena *a,
                         const struct actor *who, const char *action,
                         const struct station *before, struct station *s,
                         int64_t expected_version, const char *reason,
                         int64_t *id, struct station_fail *fail)
{
    int rc = db_begin(db);
    if (rc != DB_OK) {
        return fail_db(fail, rc);
    }
    enum station_conflict why = STATION_CONFLICT_NONE;
    int64_t now = cn_now();
    rc = station_store_conflict(db, s, &why);
    if (rc == DB_OK && why != STATION_CONFLICT_NONE) {
        rc = DB_CONSTRAINT;
    }
    if (rc == DB_OK && before) {
        rc = station_store_update(db, s, expected_version, now, &why);
        *id = s->id;
    } else if (rc == DB_OK) {
        rc = station_store_insert(db, s, now, id, &why);
    }
    if (rc == DB_OK) {
        struct audit_entry e = {
            .actor = who->name,
            .address = who->address,
            .action = action,
            .entity = "station",
            .entity_id = arena_printf(a, "%lld", (long long)*id),
            .detail = audit_detail(a, before, s, reason),
        };
        rc = audit_append(db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        db_rollback(db);
        if (rc == DB_CONSTRAINT) {
            return conflict_fail(fail, why);
        }
        return fail_db(fail, rc);
    }
    return 0;
}

int station_service_create(struct db *db, struct arena *a,
                           const struct profile *p, const struct actor *who,
                           struct station *s, int64_t *id,
                           struct station_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    const struct station_type *t = profile_station_type(p, s->type);
    if (!t) {
        return fail_with(fail, 400, MSG_STATION_TYPE_UNKNOWN, "type",
                         "站点类型", "type");
    }
    /* A deployment serves its jurisdiction and nothing else. */
    if (strncmp(s->region_code, p->region_code, strlen(p->region_code)) !=
        0) {
        /* Named, so that a county running another county's profile
         * learns why (茶陵县 under youxian: "…（攸县）内"); in English by
         * its code, the profile having no English name for it. */
        return fail_with(fail, 400, MSG_STATION_REGION_OUTSIDE_OF,
                         "region_code", p->region_name, p->region_code);
    }
    struct region g;
    int rc = region_store_get(db, a, s->region_code, &g);
    if (rc == DB_DONE) {
        return fail_with(fail, 400, MSG_REGION_NOT_FOUND, "region_code",
                         "所在区划", "region_code");
    }
    if (rc != DB_ROW) {
        return fail_db(fail, rc);
    }
    if (g.level != t->region_level) {
        return fail_with(fail, 400, MSG_STATION_TYPE_LEVEL, "region_code",
                         "所在区划", "region_code");
    }
    if (!s->name || !*s->name) {
        const char *names[NAME_LEVELS];
        rc = ancestor_names(db, a, s->region_code, names);
        if (rc != DB_OK) {
            return fail_db(fail, rc);
        }
        s->name = station_name_render(a, t->name_pattern, names);
    }
    if (check_facilities(a, p, s, fail) != 0) {
        return -1;
    }
    if (!s->status) {
        s->status = "active";
    }
    return write_audited(db, a, who, "station.create", NULL, s, 0, NULL, id,
                         fail);
}

int station_service_update(struct db *db, struct arena *a,
                           const struct profile *p, const struct actor *who,
                           const struct station *before, struct station *s,
                           int64_t expected_version, const char *reason,
                           struct station_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (check_facilities(a, p, s, fail) != 0) {
        return -1;
    }
    int64_t id;
    const char *action = strcmp(before->status, s->status) == 0
                             ? "station.update"
                             : (strcmp(s->status, "inactive") == 0
                                    ? "station.deactivate"
                                    : "station.activate");
    return write_audited(db, a, who, action, before, s, expected_version,
                         reason, &id, fail);
}

bool station_facility_met(const struct station *s, const char *code,
                          const char **note)
{
    for (size_t i = 0; i < s->n_facilities; i++) {
        if (strcmp(s->facilities[i].code, code) == 0) {
            if (note) {
                *note = s->facilities[i].note;
            }
            return s->facilities[i].met;
        }
    }
    if (note) {
        *note = "";
    }
    return false;
}

struct station_standards station_standards(const struct profile *p,
                                           const struct station *s)
{
    struct station_standards r = {0};
    for (size_t i = 0; i < p->n_facilities; i++) {
        bool met = station_facility_met(s, p->facilities[i].code, NULL);
        r.total++;
        r.met += met;
        if (p->facilities[i].required) {
            r.required++;
            r.required_met += met;
        }
    }
    r.all_required_met = r.required_met == r.required;
    return r;
}
