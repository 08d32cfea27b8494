/* 字典管理: code lists with zh-CN and English labels kept in the database
 * (those a deployment may extend). Fixed lists that rules depend on are in
 * core/dictionary.c instead. */
#ifndef SGZ_DICTIONARY_STORE_H
#define SGZ_DICTIONARY_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"

struct dictionary_item {
    const char *kind, *code, *label, *label_en, *source;
    int64_t sort_order;
    bool active;
    bool sensitive; /* client categories: PIPL sensitive (art. 28) */
    int64_t age_limit; /* client categories: only for people under this
                          age (适用年龄上限); 0: none */
    int64_t age_from;  /* client categories: only for people this age or
                          over (适用年龄下限); 0: none */
};

/* Items of kind (NULL: every kind), by kind, sort order, code. */
int dictionary_store_list(struct db *db, struct arena *a, const char *kind,
                          struct dictionary_item **out, size_t *n);
/* DB_ROW and *out, or DB_DONE. */
int dictionary_store_get(struct db *db, struct arena *a, const char *kind,
                         const char *code, struct dictionary_item *out);
/* The code of another item of kind (not except) with this Chinese
 * label: DB_ROW and *code (in arena), or DB_DONE. */
int dictionary_store_same_label(struct db *db, struct arena *a,
                                const char *kind, const char *label,
                                const char *except, const char **code);
/* Inserts; DB_CONSTRAINT when the code exists in the kind. With
 * keep_existing, an existing item is left as it is (DB_OK). */
int dictionary_store_insert(struct db *db, const struct dictionary_item *it,
                            bool keep_existing);
int dictionary_store_update(struct db *db, const struct dictionary_item *it);

#endif
