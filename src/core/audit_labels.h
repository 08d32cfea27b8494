/* The audit log in words for the export an inspector reads (等保): its
 * actions, record kinds, results and detail fields by name. The UI has
 * its own catalogue (web/src/i18n, audit.*); this is the server's one
 * table of them. */
#ifndef SGZ_AUDIT_LABELS_H
#define SGZ_AUDIT_LABELS_H
#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"

struct dictionary_item;
struct profile;

struct audit_label {
    const char *code, *zh, *en;
};

/* Terminated by an entry whose code is NULL. */
extern const struct audit_label audit_actions[], audit_entities[],
    audit_results[], audit_fields[], audit_client_fields[];

/* code's label in table t; code itself when the table has none. */
/* An action's name: one of audit_actions, else a permission's (a refused
 * request is logged under the permission it lacked), else the code. */
const char *audit_action_label(const char *code, bool en);
const char *audit_label(const struct audit_label *t, const char *code,
                        bool en);
/* A row's action as an auditor reads it: a refused request (entity
 * "route") is logged under the permission it lacked, and is named as the
 * refusal of that permission ("拒绝：查看服务对象"), never as the action
 * the permission's code also names (client.read: a sensitive read). */
const char *audit_row_action_label(struct arena *a, const char *action,
                                   const char *entity, bool en);

/* What names the codes a detail holds beyond the fixed lists: the lists
 * a deployment keeps in the database (client categories, service areas:
 * items, read by the caller) and the active profile's station types and
 * facilities. Either may be missing (NULL, 0): the code is shown. */
struct audit_names {
    const struct profile *profile;
    const struct dictionary_item *items;
    size_t n_items;
};

/* A row's detail as lines of "字段：旧值 → 新值" (an edit), "字段：值" (a
 * new record or any other object) or "设置名称：旧值 → 新值" (a setting;
 * "旧值 → 新值" for one this version does not know), joined
 * by "；"; a detail that is not a JSON object is returned as it is.
 * Fields are named as the row's record kind (entity) names them (a
 * client's name is her 姓名), coded values by their lists' names, as the
 * operation log's page shows them. */
const char *audit_detail_text(struct arena *a,
                              const struct audit_names *names,
                              const char *entity, const char *entity_id,
                              const char *detail, bool en);
/* The same as a JSON array of {"field", "label", "before" (an edit's),
 * "after"} for the operation log's page, so that the page and the file
 * name a row's fields and values alike; null for a detail that is not a
 * JSON object (the page shows it as it is). */
struct jsonw;
void audit_detail_lines(struct jsonw *w, const struct audit_names *names,
                        const char *entity, const char *entity_id,
                        const char *detail, bool en);
/* What a row's entity_id names, where the id is a code: a setting by its
 * name (连续登录失败锁定次数), a dictionary item ("client_category/dibao")
 * by its list's and its own (服务对象类别：最低生活保障对象). NULL for any
 * other row. */
const char *audit_object_name(struct arena *a,
                              const struct audit_names *names,
                              const char *entity, const char *entity_id,
                              bool en);

#endif
