/* The code lists users pick from, with zh-CN and English labels. Two
 * sorts: fixed lists that rules depend on (roles, data ranges, statuses,
 * the active profile's station types), defined here; and lists a
 * deployment extends (client categories, service areas), seeded from the
 * active profile into the database and edited by the sysadmin. */
#ifndef SGZ_DICTIONARY_H
#define SGZ_DICTIONARY_H
#include <stdbool.h>

#include "../db/db.h"
#include "profile.h"

struct fixed_item {
    const char *code, *label, *label_en;
};

struct fixed_list {
    const char *kind;
    const struct fixed_item *items; /* until code NULL */
};

/* Terminated by an entry whose kind is NULL. */
extern const struct fixed_list dictionary_fixed[];

/* An item of a fixed list, NULL when the list has no such code. */
const struct fixed_item *dictionary_fixed_item(const char *kind,
                                               const char *code);
/* The label (en: English) of code in the fixed list kind; the code
 * itself when the list has no such item. */
const char *dictionary_fixed_label(const char *kind, const char *code,
                                   bool en);
/* Whether code is an item of the fixed list kind. */
bool dictionary_fixed_has(const char *kind, const char *code);
/* The position of code in the fixed list kind (ordered lists such as
 * education), -1 when absent. */
int dictionary_fixed_rank(const char *kind, const char *code);
/* Whether kind is kept in the database and may be extended. */
bool dictionary_editable(const char *kind);
/* Adds the profile's client categories and service areas that the
 * database does not have yet; in the caller's transaction. */
int dictionary_seed(struct db *db, const struct profile *p);

#endif
