#include "audit_store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/strbuf.h"
#include "columns.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void row_hash(const char *prev, int64_t at, const struct audit_entry *e,
                     char out[65])
{
    struct strbuf sb;
    strbuf_init(&sb);
    /* Unit separators keep "ab"+"c" apart from "a"+"bc". */
    strbuf_printf(&sb, "%s\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s",
                  prev, (long long)at, e->actor, e->address, e->action,
                  e->entity, e->entity_id, e->result, e->detail);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)sb.buf, sb.len);
    sodium_bin2hex(out, 65, h, sizeof h);
    strbuf_free(&sb);
}

static void fill_defaults(struct audit_entry *e)
{
    if (!e->address) {
        e->address = "";
    }
    if (!e->entity_id) {
        e->entity_id = "";
    }
    if (!e->result) {
        e->result = "ok";
    }
    if (!e->detail) {
        e->detail = "";
    }
}

/* The chain's anchor: the hash of the last pruned row, or genesis, and
 * that row's id (0: none pruned). */
static int anchor(struct db *db, char out[65], int64_t *last_id)
{
    snprintf(out, 65, "%s", GENESIS);
    *last_id = 0;
    struct db_stmt *st = db_prepare(
        db, "SELECT last_hash, last_pruned_id FROM audit_anchors ORDER BY "
            "id DESC LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    int rc = db_step(st);
    if (rc == DB_ROW) {
        snprintf(out, 65, "%s", db_col_text(st, 0));
        *last_id = db_col_int(st, 1);
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int audit_append(struct db *db, const struct audit_entry *in)
{
    struct audit_entry e = *in;
    fill_defaults(&e);
    if (db_kind(db) == DB_POSTGRES) {
        /* Serialise appenders so that two never chain to the same row;
         * SQLite's write lock already does this. */
        int rc = db_exec(db, "LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE "
                             "MODE");
        if (rc != DB_OK) {
            return rc;
        }
    }
    char prev[65] = GENESIS;
    struct db_stmt *st =
        db_prepare(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    int rc = db_step(st);
    if (rc == DB_ROW) {
        snprintf(prev, sizeof prev, "%s", db_col_text(st, 0));
    }
    db_reset(st);
    if (rc < 0) {
        return rc;
    }
    /* A log pruned to nothing chains on from the last row pruned, and
     * (SQLite reusing a freed rowid) numbers on after it. */
    int64_t pruned_to = 0;
    if (rc == DB_DONE && (rc = anchor(db, prev, &pruned_to)) != DB_OK) {
        return rc;
    }
    bool number = pruned_to > 0 && db_kind(db) == DB_SQLITE;
    int64_t at = cn_now();
    char hash[65];
    row_hash(prev, at, &e, hash);
    st = db_prepare(db, number
                            ? "INSERT INTO audit_log (at, actor, address, "
                              "action, entity, entity_id, result, detail, "
                              "prev_hash, hash, id) VALUES (?, ?, ?, ?, ?, "
                              "?, ?, ?, ?, ?, ?)"
                            : "INSERT INTO audit_log (at, actor, address, "
                              "action, entity, entity_id, result, detail, "
                              "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, "
                              "?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    if (number) {
        db_bind_int(st, 11, pruned_to + 1);
    }
    db_bind_int(st, 1, at);
    db_bind_text(st, 2, e.actor);
    db_bind_text(st, 3, e.address);
    db_bind_text(st, 4, e.action);
    db_bind_text(st, 5, e.entity);
    db_bind_text(st, 6, e.entity_id);
    db_bind_text(st, 7, e.result);
    db_bind_text(st, 8, e.detail);
    db_bind_text(st, 9, prev);
    db_bind_text(st, 10, hash);
    rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : rc;
}

int64_t audit_verify(struct db *db, struct audit_break *b)
{
    memset(b, 0, sizeof *b);
    char start[65];
    int64_t pruned_to;
    int arc = anchor(db, start, &pruned_to);
    if (arc != DB_OK) {
        return arc;
    }
    struct db_stmt *st = db_prepare(
        db, "SELECT id, at, actor, address, action, entity, entity_id, "
            "result, detail, prev_hash, hash FROM audit_log ORDER BY id");
    if (!st) {
        return DB_ERROR;
    }
    char prev[65];
    snprintf(prev, sizeof prev, "%s", start);
    int64_t bad = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct audit_entry e = {
            .actor = db_col_text(st, 2),
            .address = db_col_text(st, 3),
            .action = db_col_text(st, 4),
            .entity = db_col_text(st, 5),
            .entity_id = db_col_text(st, 6),
            .result = db_col_text(st, 7),
            .detail = db_col_text(st, 8),
        };
        const char *row_prev = db_col_text(st, 9);
        char hash[65];
        row_hash(prev, db_col_int(st, 1), &e, hash);
        if (strcmp(row_prev, prev) != 0 ||
            strcmp(hash, db_col_text(st, 10)) != 0) {
            bad = b->id = db_col_int(st, 0);
            /* Its content still hashes to its own value from the link
             * it keeps: the row is whole, one before it is missing. */
            char own[65];
            row_hash(row_prev, db_col_int(st, 1), &e, own);
            b->removed = strcmp(row_prev, prev) != 0 &&
                         strcmp(own, db_col_text(st, 10)) == 0;
            break;
        }
        b->after = db_col_int(st, 0);
        snprintf(prev, sizeof prev, "%s", hash);
    }
    db_reset(st);
    if (rc < 0) {
        return rc;
    }
    return bad;
}

int audit_head(struct db *db, int64_t *id, char hash[65])
{
    *id = 0;
    hash[0] = 0;
    struct db_stmt *st = db_prepare(
        db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
        snprintf(hash, 65, "%s", db_col_text(st, 1));
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_OK;
    }
    db_reset(st);
    return rc;
}

int audit_head_check(struct db *db, int64_t id, const char *hash)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT hash FROM audit_log WHERE id = ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        rc = strcmp(db_col_text(st, 0), hash) == 0 ? DB_OK : DB_ROW;
    }
    db_reset(st);
    return rc;
}

#define AUDIT_COLS                                                          \
    "id, at, actor, address, action, entity, entity_id, result, detail"

/* Logins are the rows whose action is login, logout, a password change or
 * a second factor's code; everything else is an operation. A route's
 * refusal is an operation whatever its action: older versions logged an
 * API token's refused session calls under "login" (http/server.c). An
 * actor is also the actor of what her API tokens did ("admin(token 3)",
 * auth.c): the prefix is compared exactly, not with LIKE, so a name's _
 * matches only itself. */
#define AUDIT_WHERE                                                         \
    " WHERE (? = 0 OR (? = 2) = (action IN ('login', 'logout', "           \
    "'password.change', 'totp.check') AND entity <> 'route')) AND "        \
    "(? = '' OR actor = ? OR "                                              \
    "substr(actor, 1, length(CAST(? AS TEXT)) + 7) = "                     \
    "CAST(? AS TEXT) || '(token ') AND (? = '' OR "                        \
    "action = ?) AND (? = '' OR entity = ?) AND (? = '' OR entity_id IN "  \
    "(?, ?, ?, ?, ?, ?, ?, ?)) AND (? = '' OR result = ?) AND (? = 0 OR "  \
    "at >= ?) AND (? = 0 OR at < ?) AND (? = 0 OR id < ?)"

static int bind_filter(struct db_stmt *st, const struct audit_filter *f)
{
    const char *texts[] = {f->actor, f->action, f->entity, f->entity_id,
                           f->result};
    int i = 1;
    db_bind_int(st, i++, f->kind);
    db_bind_int(st, i++, f->kind);
    for (size_t k = 0; k < 5; k++) {
        const char *v = texts[k] ? texts[k] : "";
        if (k == 3) {
            /* The record's ids fill the list's places, repeating the
             * first: a statement is cached by its text, so the list has
             * one length. */
            db_bind_text(st, i++, v);
            for (size_t j = 0; j < AUDIT_HISTORY_IDS; j++) {
                db_bind_text(st, i++,
                             j < f->n_entity_ids ? f->entity_ids[j]
                             : f->n_entity_ids   ? f->entity_ids[0]
                                                 : v);
            }
            continue;
        }
        /* The actor's twice more: her tokens' prefix. */
        for (int copies = k == 0 ? 4 : 2; copies > 0; copies--) {
            db_bind_text(st, i++, v);
        }
    }
    db_bind_int(st, i++, f->from);
    db_bind_int(st, i++, f->from);
    db_bind_int(st, i++, f->to);
    db_bind_int(st, i++, f->to);
    db_bind_int(st, i++, f->before_id);
    db_bind_int(st, i++, f->before_id);
    return i;
}

/* The page of a statement selecting AUDIT_COLS (and, named, the actor's
 * name after them), at most limit rows. */
static int read_rows(struct db_stmt *st, struct arena *a, int limit,
                     bool named, struct audit_row **out, size_t *n)
{
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)limit) {
        struct audit_row *row = &(*out)[(*n)++];
        row->id = db_col_int(st, 0);
        row->at = db_col_int(st, 1);
        row->actor = arena_strdup(a, db_col_text(st, 2));
        row->address = arena_strdup(a, db_col_text(st, 3));
        row->action = arena_strdup(a, db_col_text(st, 4));
        row->entity = arena_strdup(a, db_col_text(st, 5));
        row->entity_id = arena_strdup(a, db_col_text(st, 6));
        row->result = arena_strdup(a, db_col_text(st, 7));
        row->detail = arena_strdup(a, db_col_text(st, 8));
        row->actor_name = named ? arena_strdup(a, db_col_text(st, 9)) : "";
        row->entity_name = "";
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

int audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
               struct audit_row **out, size_t *n, int64_t *total)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT COUNT(*) FROM audit_log" AUDIT_WHERE);
    if (!st) {
        return DB_ERROR;
    }
    bind_filter(st, f);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    return audit_page(db, a, f, out, n);
}

int audit_page(struct db *db, struct arena *a, const struct audit_filter *f,
               struct audit_row **out, size_t *n)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT " AUDIT_COLS " FROM audit_log" AUDIT_WHERE
                       " ORDER BY id DESC LIMIT ? OFFSET ?");
    if (!st) {
        return DB_ERROR;
    }
    int i = bind_filter(st, f);
    db_bind_int(st, i, f->limit);
    db_bind_int(st, i + 1, f->offset);
    return read_rows(st, a, f->limit, false, out, n);
}

/* AUDIT_HISTORY_IDS placeholders: statements are cached by their text,
 * so the list has one length; the ids fill it, repeating the first. */
#define HISTORY_WHERE                                                       \
    " WHERE entity = ? AND entity_id IN (?, ?, ?, ?, ?, ?, ?, ?) AND "      \
    "result = 'ok' AND action <> ?"

static void bind_history(struct db_stmt *st, const char *entity,
                         const char *const *ids, size_t n_ids,
                         const char *skip_action)
{
    db_bind_text(st, 1, entity);
    for (size_t i = 0; i < AUDIT_HISTORY_IDS; i++) {
        db_bind_text(st, (int)i + 2, ids[i < n_ids ? i : 0]);
    }
    db_bind_text(st, AUDIT_HISTORY_IDS + 2, skip_action ? skip_action : "");
}

int audit_history(struct db *db, struct arena *a, const char *entity,
                  const char *const *ids, size_t n_ids,
                  const char *skip_action, int64_t offset, int limit,
                  struct audit_row **out, size_t *n, int64_t *total)
{
    *n = 0;
    *total = 0;
    if (n_ids == 0) {
        *out = NULL;
        return DB_OK;
    }
    if (n_ids > AUDIT_HISTORY_IDS) {
        n_ids = AUDIT_HISTORY_IDS;
    }
    struct db_stmt *st =
        db_prepare(db, "SELECT COUNT(*) FROM audit_log" HISTORY_WHERE);
    if (!st) {
        return DB_ERROR;
    }
    bind_history(st, entity, ids, n_ids, skip_action);
    int rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    /* The page's rows with their actors' names (users.username is
     * unique): a look-up per row of the page, not a join over the log. */
    st = db_prepare(db, "SELECT " AUDIT_COLS ", COALESCE((SELECT "
                        "u.display_name FROM users u WHERE u.username = "
                        "audit_log.actor), '') FROM audit_log" HISTORY_WHERE
                        " ORDER BY id DESC LIMIT ? OFFSET ?");
    if (!st) {
        return DB_ERROR;
    }
    bind_history(st, entity, ids, n_ids, skip_action);
    db_bind_int(st, AUDIT_HISTORY_IDS + 3, limit);
    db_bind_int(st, AUDIT_HISTORY_IDS + 4, offset);
    return read_rows(st, a, limit, true, out, n);
}

struct names_ctx {
    struct arena *a;
    const char **names;
};

static void read_client_name(struct db_stmt *st, size_t i, void *arg)
{
    struct names_ctx *c = arg;
    c->names[i] = arena_strdup(c->a, db_col_text(st, 1));
}

int audit_client_names(struct db *db, struct arena *a, const int64_t *ids,
                       size_t n, const char **names)
{
    for (size_t i = 0; i < n; i++) {
        names[i] = NULL;
    }
    struct names_ctx c = {a, names};
    return store_children(db,
                          "SELECT id, name FROM clients WHERE id IN "
                          STORE_IN_IDS,
                          ids, n, read_client_name, &c);
}

struct updates_ctx {
    void (*fn)(void *ctx, size_t i, int64_t row_id, const char *detail);
    void *ctx;
};

static void read_client_update(struct db_stmt *st, size_t i, void *arg)
{
    struct updates_ctx *c = arg;
    c->fn(c->ctx, i, db_col_int(st, 1), db_col_text(st, 2));
}

int audit_client_updates(struct db *db, const int64_t *ids, size_t n,
                         void (*fn)(void *ctx, size_t i, int64_t row_id,
                                    const char *detail),
                         void *ctx)
{
    struct updates_ctx c = {fn, ctx};
    /* From the index on (entity, entity_id, id): their rows, not the
     * log. The ids are bound as numbers and compared as the column's
     * text (SQLite's affinity; PostgreSQL infers text). */
    return store_children(
        db,
        "SELECT entity_id, id, detail FROM audit_log WHERE entity = "
        "'client' AND entity_id IN " STORE_IN_IDS " AND action = "
        "'client.update' AND result = 'ok' ORDER BY id",
        ids, n, read_client_update, &c);
}

int audit_prune(struct db *db, int64_t before, int64_t *removed)
{
    *removed = 0;
    /* Whole months: the cut is the first of before's month. */
    struct cn_date d = cn_date_of(before);
    int64_t cut = cn_days_from_civil(d.year, d.month, 1) * 86400 -
                  CN_UTC_OFFSET;
    struct db_stmt *st = db_prepare(
        db, "SELECT id, hash FROM audit_log WHERE at < ? ORDER BY id DESC "
            "LIMIT 1");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, cut);
    int rc = db_step(st);
    int64_t last_id = 0;
    char last_hash[65] = "";
    if (rc == DB_ROW) {
        last_id = db_col_int(st, 0);
        snprintf(last_hash, sizeof last_hash, "%s", db_col_text(st, 1));
    }
    db_reset(st);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_OK : rc;
    }
    st = db_prepare(db, "DELETE FROM audit_log WHERE id <= ?");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, last_id);
    rc = db_step(st);
    *removed = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    if (rc != DB_DONE) {
        return rc < 0 ? rc : DB_ERROR;
    }
    st = db_prepare(db, "INSERT INTO audit_anchors (last_pruned_id, "
                        "last_hash, rows_pruned, pruned_at) VALUES "
                        "(?, ?, ?, ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, last_id);
    db_bind_text(st, 2, last_hash);
    db_bind_int(st, 3, *removed);
    db_bind_int(st, 4, cn_now());
    rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

int audit_object_name_now(struct db *db, struct arena *a, const char *entity,
                          int64_t id, const char **name)
{
    static const struct {
        const char *entity, *sql;
    } kinds[] = {
        {"station", "SELECT name FROM stations WHERE id = ?"},
        {"organisation", "SELECT name FROM organisations WHERE id = ?"},
        {"staff", "SELECT name FROM staff WHERE id = ?"},
        {"household", "SELECT name FROM households WHERE id = ?"},
        {"group", "SELECT name FROM service_groups WHERE id = ?"},
        {"contract", "SELECT code FROM contracts WHERE id = ?"},
        {"budget_line", "SELECT title FROM budget_lines WHERE id = ?"},
    };
    *name = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(kinds[i].entity, entity) != 0) {
            continue;
        }
        struct db_stmt *st = db_prepare(db, kinds[i].sql);
        if (!st) {
            return DB_ERROR;
        }
        db_bind_int(st, 1, id);
        int rc = db_step(st);
        if (rc == DB_ROW) {
            *name = arena_strdup(a, db_col_text(st, 0));
        }
        db_reset(st);
        return rc == DB_ROW || rc == DB_DONE ? rc : (rc < 0 ? rc : DB_ERROR);
    }
    return DB_DONE;
}
