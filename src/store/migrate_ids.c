/* Ids of deleted records are never given again (migrations 36 and 38).
 *
 * SQLite numbers an INTEGER PRIMARY KEY one past the largest id in the
 * table, so deleting the newest draft report made the next report #5
 * again, and the audit log then named two different reports "报告 #5".
 * AUTOINCREMENT keeps the largest id ever given in sqlite_sequence
 * instead; it cannot be added to a table, so each table whose rows can
 * be deleted is rebuilt the way SQLite's manual gives (ALTER TABLE,
 * "making other kinds of table schema changes"): a copy under a new
 * name, the old one dropped, the copy renamed, its indexes made again.
 * The runner has foreign keys off for it (migrate.c): a table others
 * refer to cannot be dropped with them on. PostgreSQL's identity
 * columns never reuse a number, so there is nothing to do there. */
#include "migrate.h"

#include <stdlib.h>
#include <string.h>

#include "../util/strbuf.h"
#include "../util/xalloc.h"

struct rebuilt {
    const char *table;
    /* The largest id the audit log names for this table's rows: one
     * deleted before this migration must not be given again either. */
    const char *highest_audited;
};

static const struct rebuilt rebuilt_36[] = {
    {"services", "SELECT MAX(CAST(entity_id AS INTEGER)) FROM audit_log "
                 "WHERE entity = 'service'"},
    {"reports", "SELECT MAX(CAST(entity_id AS INTEGER)) FROM audit_log "
                "WHERE entity = 'report'"},
    {"expenditures", "SELECT MAX(CAST(entity_id AS INTEGER)) FROM "
                     "audit_log WHERE entity = 'expenditure'"},
    {"allocations", "SELECT MAX(CAST(entity_id AS INTEGER)) FROM "
                    "audit_log WHERE entity = 'allocation'"},
    {"supervision_sessions", "SELECT MAX(CAST(entity_id AS INTEGER)) FROM "
                             "audit_log WHERE entity = "
                             "'supervision_session'"},
    {"attachments", "SELECT MAX(CAST(entity_id AS INTEGER)) FROM "
                    "audit_log WHERE entity = 'attachment'"},
    /* A training is audited under its worker, its id in the detail. */
    {"staff_trainings", "SELECT MAX(CAST(json_extract(detail, "
                        "'$.training_id') AS INTEGER)) FROM audit_log "
                        "WHERE entity = 'staff' AND action LIKE "
                        "'staff.training%'"},
};

/* A household is deleted when its last member moves into another. */
static const struct rebuilt rebuilt_38[] = {
    {"households", "SELECT MAX(CAST(entity_id AS INTEGER)) FROM audit_log "
                   "WHERE entity = 'household'"},
};

#define KEY " id INTEGER PRIMARY KEY,"
#define KEY_KEPT " id INTEGER PRIMARY KEY AUTOINCREMENT,"

/* The texts sqlite_master keeps for the table (type 'table') or for its
 * indexes and triggers, in the order they were made. */
static int schema_texts(struct db *db, const char *table, bool the_table,
                        char ***out, size_t *n)
{
    struct db_stmt *st = db_prepare(
        db, the_table ? "SELECT sql FROM sqlite_master WHERE type = 'table' "
                        "AND name = ?"
                      : "SELECT sql FROM sqlite_master WHERE tbl_name = ? "
                        "AND type IN ('index', 'trigger') AND sql IS NOT "
                        "NULL ORDER BY rowid");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, table);
    *out = NULL;
    *n = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        (*out)[(*n)++] = xstrdup(db_col_text(st, 0));
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

static void free_texts(char **texts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(texts[i]);
    }
    free(texts);
}

/* "CREATE TABLE t (" … KEY … → "CREATE TABLE t_rebuilt (" … KEY_KEPT …;
 * false when the text is not the one the migrations wrote. */
static bool kept_key_text(const char *table, const char *create,
                          struct strbuf *out)
{
    strbuf_printf(out, "CREATE TABLE %s (", table);
    size_t head = out->len;
    const char *key = strstr(create, KEY);
    bool ok = strncmp(create, out->buf, head) == 0 && key &&
              !strstr(key + 1, KEY);
    strbuf_reset(out);
    if (!ok) {
        return false;
    }
    strbuf_printf(out, "CREATE TABLE %s_rebuilt (", table);
    strbuf_add(out, create + head, (size_t)(key - (create + head)));
    strbuf_adds(out, KEY_KEPT);
    strbuf_adds(out, key + strlen(KEY));
    return true;
}

/* sqlite_sequence holds the table's largest id once a row is copied;
 * raised to the largest the audit log names. */
static int keep_highest(struct db *db, const struct rebuilt *r)
{
    int64_t audited = 0;
    int rc = db_query_int(db, r->highest_audited, &audited);
    if (rc != DB_ROW) {
        return rc < 0 ? rc : DB_ERROR;
    }
    rc = DB_OK;
    /* sqlite_sequence has no unique key to upsert on: its row is made
     * when the table was empty, then raised. */
    static const char *const steps[] = {
        "INSERT INTO sqlite_sequence (name, seq) SELECT ?1, ?2 WHERE NOT "
        "EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?1)",
        "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1 AND seq < ?2",
    };
    for (size_t i = 0; rc == DB_OK && i < 2; i++) {
        struct db_stmt *st = db_prepare(db, steps[i]);
        if (!st) {
            return DB_ERROR;
        }
        db_bind_text(st, 1, r->table);
        db_bind_int(st, 2, audited);
        rc = db_step(st) == DB_DONE ? DB_OK : DB_ERROR;
        db_reset(st);
    }
    return rc;
}

static int rebuild(struct db *db, const struct rebuilt *r)
{
    char **create, **others;
    size_t ncreate, nothers;
    int rc = schema_texts(db, r->table, true, &create, &ncreate);
    if (rc != DB_OK) {
        return rc;
    }
    if (ncreate != 1) {
        free_texts(create, ncreate);
        return DB_ERROR;
    }
    if (strstr(create[0], "AUTOINCREMENT")) { /* done before */
        free_texts(create, ncreate);
        return DB_OK;
    }
    struct strbuf sql;
    strbuf_init(&sql);
    bool ok = kept_key_text(r->table, create[0], &sql);
    free_texts(create, ncreate);
    rc = ok ? schema_texts(db, r->table, false, &others, &nothers)
            : DB_ERROR;
    if (rc != DB_OK) {
        strbuf_free(&sql);
        return rc;
    }
    const char *t = r->table;
    strbuf_printf(&sql,
                  ";INSERT INTO %s_rebuilt SELECT * FROM %s;DROP TABLE %s;"
                  "ALTER TABLE %s_rebuilt RENAME TO %s",
                  t, t, t, t, t);
    rc = db_exec(db, sql.buf);
    strbuf_free(&sql);
    for (size_t i = 0; rc == DB_OK && i < nothers; i++) {
        rc = db_exec(db, others[i]);
    }
    free_texts(others, nothers);
    return rc == DB_OK ? keep_highest(db, r) : rc;
}

static int rebuild_all(struct db *db, const struct rebuilt *r, size_t n)
{
    if (db_kind(db) != DB_SQLITE) {
        return DB_OK;
    }
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        rc = rebuild(db, &r[i]);
    }
    /* Every row that referred to a rebuilt table still finds it. */
    int64_t broken = 0;
    if (rc == DB_OK) {
        rc = db_query_int(db, "SELECT COUNT(*) FROM pragma_foreign_key_check",
                          &broken);
        rc = rc == DB_ROW && broken == 0 ? DB_OK : DB_ERROR;
    }
    return rc;
}

int migrate_keep_deleted_ids(struct db *db)
{
    return rebuild_all(db, rebuilt_36, sizeof rebuilt_36 / sizeof *rebuilt_36);
}

int migrate_keep_deleted_household_ids(struct db *db)
{
    return rebuild_all(db, rebuilt_38, sizeof rebuilt_38 / sizeof *rebuilt_38);
}
