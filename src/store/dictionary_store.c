#include "dictionary_store.h"

static void read_item(struct db_stmt *st, struct arena *a,
                      struct dictionary_item *it)
{
    it->kind = arena_strdup(a, db_col_text(st, 0));
    it->code = arena_strdup(a, db_col_text(st, 1));
    it->label = arena_strdup(a, db_col_text(st, 2));
    it->label_en = arena_strdup(a, db_col_text(st, 3));
    it->sort_order = db_col_int(st, 4);
    it->source = arena_strdup(a, db_col_text(st, 5));
    it->active = db_col_int(st, 6) != 0;
    it->sensitive = db_col_int(st, 7) != 0;
    it->age_limit = db_col_null(st, 8) ? 0 : db_col_int(st, 8);
    it->age_from = db_col_null(st, 9) ? 0 : db_col_int(st, 9);
}

/* No limit (upper or lower) is NULL in the table. */
static void bind_age(struct db_stmt *st, int idx, int64_t age)
{
    if (age > 0) {
        db_bind_int(st, idx, age);
    } else {
        db_bind_null(st, idx);
    }
}

int dictionary_store_list(struct db *db, struct arena *a, const char *kind,
                          struct dictionary_item **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT kind, code, label, label_en, sort_order, source, active, "
            "sensitive, age_limit, age_from FROM dictionary_items WHERE "
            "(? = '' OR kind = ?) ORDER BY kind, sort_order, code");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, kind ? kind : "");
    db_bind_text(st, 2, kind ? kind : "");
    size_t cap = 64;
    struct dictionary_item *items = arena_alloc(a, cap * sizeof *items);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        items = arena_grow(a, items, *n, &cap, sizeof *items);
        read_item(st, a, &items[(*n)++]);
    }
    db_reset(st);
    *out = items;
    return rc < 0 ? rc : DB_OK;
}

int dictionary_store_get(struct db *db, struct arena *a, const char *kind,
                         const char *code, struct dictionary_item *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT kind, code, label, label_en, sort_order, source, active, "
            "sensitive, age_limit, age_from FROM dictionary_items WHERE "
            "kind = ? AND code = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, code);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_item(st, a, out);
    }
    db_reset(st);
    return rc;
}

int dictionary_store_same_label(struct db *db, struct arena *a,
                                const char *kind, const char *label,
                                const char *except, const char **code)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT code FROM dictionary_items WHERE kind = ? AND label = ? "
            "AND code <> ? ORDER BY code LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, label);
    db_bind_text(st, 3, except ? except : "");
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *code = arena_strdup(a, db_col_text(st, 0));
    }
    db_reset(st);
    return rc;
}

int dictionary_store_insert(struct db *db, const struct dictionary_item *it,
                            bool keep_existing)
{
    struct db_stmt *st =
        keep_existing
            ? db_prepare(db, "INSERT INTO dictionary_items (kind, code, "
                             "label, label_en, sort_order, source, active, "
                             "sensitive, age_limit, age_from) VALUES (?, ?, "
                             "?, ?, ?, ?, ?, ?, ?, ?) ON "
                             "CONFLICT "
                             "(kind, code) DO NOTHING")
            : db_prepare(db, "INSERT INTO dictionary_items (kind, code, "
                             "label, label_en, sort_order, source, active, "
                             "sensitive, age_limit, age_from) VALUES (?, ?, "
                             "?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, it->kind);
    db_bind_text(st, 2, it->code);
    db_bind_text(st, 3, it->label);
    db_bind_text(st, 4, it->label_en);
    db_bind_int(st, 5, it->sort_order);
    db_bind_text(st, 6, it->source);
    db_bind_int(st, 7, it->active ? 1 : 0);
    db_bind_int(st, 8, it->sensitive ? 1 : 0);
    bind_age(st, 9, it->age_limit);
    bind_age(st, 10, it->age_from);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int dictionary_store_update(struct db *db, const struct dictionary_item *it)
{
    struct db_stmt *st = db_prepare(
        db, "UPDATE dictionary_items SET label = ?, label_en = ?, "
            "sort_order = ?, active = ?, sensitive = ?, age_limit = ?, "
            "age_from = ? WHERE kind = ? AND code = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, it->label);
    db_bind_text(st, 2, it->label_en);
    db_bind_int(st, 3, it->sort_order);
    db_bind_int(st, 4, it->active ? 1 : 0);
    db_bind_int(st, 5, it->sensitive ? 1 : 0);
    bind_age(st, 6, it->age_limit);
    bind_age(st, 7, it->age_from);
    db_bind_text(st, 8, it->kind);
    db_bind_text(st, 9, it->code);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
