#include "rule_fail.h"

#include "../store/audit_store.h"
#include "../util/cn_time.h"

int rule_fail(struct client_fail *f, int status, enum msg_id msg,
              const char *field, const char *label_zh, const char *label_en)
{
    f->status = status;
    f->msg = msg;
    f->field = field;
    f->label_zh = label_zh;
    f->label_en = label_en;
    f->also_field = NULL;
    return -1;
}

int rule_fail_db(struct client_fail *f, int rc)
{
    f->status = rc == DB_BUSY ? 503 : 500;
    f->msg = rc == DB_BUSY ? MSG_BUSY : MSG_INTERNAL;
    f->db_rc = rc;
    f->also_field = NULL;
    return -1;
}

int rule_commit_audited(const struct client_ctx *x, int rc,
                        const char *action, const char *entity, int64_t id,
                        const char *detail, struct client_fail *f)
{
    if (rc == DB_OK) {
        struct audit_entry e = {
            .actor = x->who.name,
            .address = x->who.address,
            .action = action,
            .entity = entity,
            .entity_id = arena_printf(x->arena, "%lld", (long long)id),
            .detail = detail,
        };
        rc = audit_append(x->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(x->db);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
        return rule_fail_db(f, rc);
    }
    return 0;
}

bool rule_author_may_remove(int64_t created_by, int64_t created_at,
                            int64_t user_id, int64_t edit_days)
{
    return created_by > 0 && created_by == user_id &&
           cn_now() - created_at <= edit_days * 86400;
}
