#include "organisation_service.h"

#include <string.h>

#include "../store/audit_store.h"
#include "../store/region_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "credit_code.h"
#include "rule_fail.h"

/* An organisation as its audit rows keep it: an edit's before and
 * after, so that the log says what changed. */
static void write_org(struct jsonw *w, const struct organisation *o)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "name", o->name);
    jsonw_kstr(w, "credit_code", o->credit_code);
    jsonw_kstr(w, "legal_rep", o->legal_rep);
    jsonw_kstr(w, "registered_on", o->registered_on);
    jsonw_kstr(w, "region_code", o->region_code);
    jsonw_kstr(w, "rating", o->rating);
    jsonw_kstr(w, "rated_on", o->rated_on);
    jsonw_kbool(w, "party_org", o->party_org);
    jsonw_kstr(w, "supervisor_quals", o->supervisor_quals);
    jsonw_kstr(w, "address", o->address);
    jsonw_kstr(w, "phone", o->phone);
    jsonw_kstr(w, "status", o->status);
    jsonw_kstr(w, "status_reason", o->status_reason);
    jsonw_obj_close(w);
}

static const char *audit_doc(struct arena *a, const struct organisation *before,
                             const struct organisation *o)
{
    struct jsonw_doc d;
    jsonw_doc_open(&d);
    if (before) {
        jsonw_key(&d.w, "before");
        write_org(&d.w, before);
    }
    jsonw_key(&d.w, "after");
    write_org(&d.w, o);
    return jsonw_doc_close(&d, a);
}

static int check(const struct client_ctx *x, struct organisation *o,
                 struct client_fail *fail)
{
    enum msg_id m = credit_code_check(o->credit_code);
    if (m != MSG_COUNT_) {
        return rule_fail(fail, 400, m, "credit_code", "统一社会信用代码",
                         "credit_code");
    }
    if (o->region_code) {
        struct region g;
        int rc = region_store_get(x->db, x->arena, o->region_code, &g);
        if (rc == DB_DONE) {
            return rule_fail(fail, 400, MSG_REGION_NOT_FOUND, "region_code",
                             "登记地", "region_code");
        }
        if (rc != DB_ROW) {
            return rule_fail_db(fail, rc);
        }
    }
    if (o->rated_on && strcmp(o->rated_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "rated_on", "评估日期",
                         "rated_on");
    }
    if (o->registered_on && strcmp(o->registered_on, x->today) > 0) {
        return rule_fail(fail, 400, MSG_IN_FUTURE, "registered_on",
                         "登记日期", "registered_on");
    }
    if (strcmp(o->status, "active") != 0 &&
        (!o->status_reason || !*o->status_reason)) {
        return rule_fail(fail, 400, MSG_REQUIRED, "status_reason",
                         "状态变更原因", "status_reason");
    }
    return 0;
}

int organisation_service_save(const struct client_ctx *x,
                              const struct organisation *before,
                              struct organisation *o,
                              int64_t expected_version, int64_t *id,
                              struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    if (check(x, o, fail)) {
        return -1;
    }
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rule_fail_db(fail, rc);
    }
    int64_t now = cn_now();
    if (before) {
        *id = before->id;
        rc = organisation_store_update(x->db, o, expected_version, now);
        if (rc == DB_DONE) {
            db_rollback(x->db);
            return rule_fail(fail, 409, MSG_VERSION_CONFLICT, "version", NULL,
                             NULL);
        }
    } else {
        rc = organisation_store_insert(x->db, o, now, id);
    }
    if (rc == DB_CONSTRAINT) {
        db_rollback(x->db);
        /* Which one: the code is the more likely to be typed twice. */
        struct organisation *items;
        size_t n;
        int64_t total;
        bool name_taken =
            organisation_store_list(x->db, x->arena, o->name, NULL, 1, 0,
                                    &items, &n, &total) == DB_OK &&
            n && strcmp(items[0].name, o->name) == 0 &&
            items[0].id != (before ? before->id : 0);
        return rule_fail(fail, 409, MSG_ORG_TAKEN,
                         name_taken ? "name" : "credit_code",
                         name_taken ? "机构名称" : "统一社会信用代码",
                         name_taken ? "name" : "credit code");
    }
    if (rc == DB_OK) {
        struct audit_entry e = {
            .actor = x->who.name,
            .address = x->who.address,
            .action = before ? "organisation.update" : "organisation.create",
            .entity = "organisation",
            .entity_id = arena_printf(x->arena, "%lld", (long long)*id),
            .detail = audit_doc(x->arena, before, o),
        };
        rc = audit_append(x->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(x->db);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
        return rule_fail_db(fail, rc);
    }
    return 0;
}
