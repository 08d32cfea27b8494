/* An audit row's detail in words, for the operation log's page (as
 * lines) and its export (as text); the names of a row's object where its
 * id is a code. */
#ifndef SGZ_AUDIT_DETAIL_H
#define SGZ_AUDIT_DETAIL_H
#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"

struct dictionary_item;
struct profile;

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
