/* The audit log in words for the export an inspector reads (等保): its
 * actions, record kinds, results and detail fields by name. The UI has
 * its own catalogue (web/src/i18n, audit.*); this is the server's one
 * table of them. A row's detail in words is audit_detail.h's. */
#ifndef SGZ_AUDIT_LABELS_H
#define SGZ_AUDIT_LABELS_H
#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"

struct audit_label {
    const char *code, *zh, *en;
};

/* Terminated by an entry whose code is NULL. */
extern const struct audit_label audit_actions[], audit_entities[],
    audit_results[], audit_fields[], audit_client_fields[];

/* An action's name: one of audit_actions, else a permission's (a refused
 * request is logged under the permission it lacked), else the code. */
const char *audit_action_label(const char *code, bool en);
/* code's label in table t; code itself when the table has none. */
const char *audit_label(const struct audit_label *t, const char *code,
                        bool en);
/* A row's action as an auditor reads it: a refused request (entity
 * "route") is logged under the permission it lacked, and is named as the
 * refusal of that permission ("拒绝：查看服务对象"), never as the action
 * the permission's code also names (client.read: a sensitive read). */
const char *audit_row_action_label(struct arena *a, const char *action,
                                   const char *entity, bool en);

#endif
