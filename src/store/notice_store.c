#include "notice_store.h"

/* Whether notice n reaches the caller: everyone's; her own; one to a
 * region above or below her range (two parameters: her region prefix,
 * "" for range "all", NULL for none); or one over a station in her
 * range (SCOPE_WHERE's four: a station worker's stations, an org_admin's
 * contracted stations). The author is bound first. From the request's
 * scope, as every other read, so that an org_admin's stored data range
 * does not widen it. */
#define VISIBLE                                                             \
    "(n.region_prefix = '' OR n.author_id = ? OR ? LIKE n.region_prefix "  \
    "|| '%' OR n.region_prefix LIKE ? || '%' OR EXISTS (SELECT 1 FROM "    \
    "stations s WHERE s.region_code LIKE n.region_prefix || '%' AND "      \
    SCOPE_WHERE "))"

/* Binds VISIBLE's seven parameters from first; returns the next index. */
static int bind_visible(struct db_stmt *st, int first, int64_t user_id,
                        const struct scope *sc)
{
    const char *prefix = sc->all ? "" : sc->region_prefix;
    db_bind_int(st, first, user_id);
    for (int i = 1; i <= 2; i++) {
        if (prefix) {
            db_bind_text(st, first + i, prefix);
        } else {
            db_bind_null(st, first + i);
        }
    }
    scope_bind(st, first + 3, sc);
    return first + 7;
}

#define NOTICE_COLS                                                         \
    "n.id, n.title, n.body, n.region_prefix, n.author_id, a.display_name, " \
    "n.created_at, n.withdrawn, (SELECT COUNT(*) FROM notice_reads r "     \
    "WHERE r.notice_id = n.id), EXISTS (SELECT 1 FROM notice_reads r "     \
    "WHERE r.notice_id = n.id AND r.user_id = ?), (SELECT g.name FROM "     \
    "regions g WHERE g.code = n.region_prefix)"

static void read_notice(struct db_stmt *st, struct arena *a, struct notice *n)
{
    n->id = db_col_int(st, 0);
    n->title = arena_strdup(a, db_col_text(st, 1));
    n->body = arena_strdup(a, db_col_text(st, 2));
    n->region_prefix = arena_strdup(a, db_col_text(st, 3));
    n->author_id = db_col_int(st, 4);
    n->author = arena_strdup(a, db_col_text(st, 5));
    n->created_at = db_col_int(st, 6);
    n->withdrawn = db_col_int(st, 7) != 0;
    n->reads = db_col_int(st, 8);
    n->read = db_col_int(st, 9) != 0;
    n->region_name =
        db_col_null(st, 10) ? NULL : arena_strdup(a, db_col_text(st, 10));
}

int notice_store_insert(struct db *db, const struct notice *n, int64_t *id)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO notices (title, body, author_id, region_prefix, "
            "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, n->title);
    db_bind_text(st, 2, n->body);
    db_bind_int(st, 3, n->author_id);
    db_bind_text(st, 4, n->region_prefix ? n->region_prefix : "");
    db_bind_int(st, 5, n->created_at);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
    }
    db_reset(st);
    return rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int notice_store_list(struct db *db, struct arena *a, int64_t user_id,
                      const struct scope *sc, int64_t offset, int limit, struct notice **out,
                      size_t *n, int64_t *total)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM notices n WHERE n.withdrawn = 0 AND " VISIBLE);
    if (!st) {
        return DB_ERROR;
    }
    bind_visible(st, 1, user_id, sc);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, "SELECT " NOTICE_COLS " FROM notices n JOIN users a "
                        "ON a.id = n.author_id WHERE n.withdrawn = 0 AND "
                        VISIBLE " ORDER BY n.created_at DESC, n.id DESC "
                        "LIMIT ? OFFSET ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    int next = bind_visible(st, 2, user_id, sc);
    db_bind_int(st, next, limit);
    db_bind_int(st, next + 1, offset);
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
        read_notice(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int notice_store_get(struct db *db, struct arena *a, int64_t user_id,
                     const struct scope *sc, int64_t id, struct notice *out)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " NOTICE_COLS " FROM notices n JOIN users a ON a.id = "
            "n.author_id WHERE n.id = ? AND " VISIBLE);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, id);
    bind_visible(st, 3, user_id, sc);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_notice(st, a, out);
    }
    db_reset(st);
    return rc;
}

static int finish(struct db_stmt *st)
{
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int notice_store_mark_read(struct db *db, int64_t id, int64_t user_id,
                           int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO notice_reads (notice_id, user_id, read_at) VALUES "
            "(?, ?, ?) ON CONFLICT (notice_id, user_id) DO NOTHING");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, user_id);
    db_bind_int(st, 3, now);
    return finish(st);
}

int notice_store_withdraw(struct db *db, int64_t id)
{
    struct db_stmt *st =
        db_prepare(db, "UPDATE notices SET withdrawn = 1 WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    return finish(st);
}

int notice_store_reads(struct db *db, struct arena *a, int64_t id,
                       struct notice_read **out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT r.user_id, u.username, u.display_name, r.read_at FROM "
            "notice_reads r JOIN users u ON u.id = r.user_id WHERE "
            "r.notice_id = ? ORDER BY r.read_at, r.user_id LIMIT 10000");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    size_t cap = 32;
    struct notice_read *rows = arena_alloc(a, cap * sizeof *rows);
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        rows = arena_grow(a, rows, *n, &cap, sizeof *rows);
        struct notice_read *row = &rows[(*n)++];
        row->user_id = db_col_int(st, 0);
        row->username = arena_strdup(a, db_col_text(st, 1));
        row->display_name = arena_strdup(a, db_col_text(st, 2));
        row->read_at = db_col_int(st, 3);
    }
    db_reset(st);
    *out = rows;
    return rc < 0 ? rc : DB_OK;
}
