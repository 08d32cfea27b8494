#include "rule_fail.h"

int rule_fail(struct client_fail *f, int status, enum msg_id msg,
              const char *field, const char *label_zh, const char *label_en)
{
    f->status = status;
    f->msg = msg;
    f->field = field;
    f->label_zh = label_zh;
    f->label_en = label_en;
    return -1;
}

int rule_fail_db(struct client_fail *f, int rc)
{
    f->status = rc == DB_BUSY ? 503 : 500;
    f->msg = rc == DB_BUSY ? MSG_BUSY : MSG_INTERNAL;
    f->db_rc = rc;
    return -1;
}
