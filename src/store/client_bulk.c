#include "client_bulk.h"

#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

/* The search indexes of clients that the import does not read: its own
 * look-ups go by the ID number's blind index (a constraint, kept) and by
 * name (clients_name, kept). */
static const struct {
    const char *name, *drop;
} indexes[CLIENT_BULK_INDEXES] = {
    {"clients_station_sort", "DROP INDEX clients_station_sort"},
    {"clients_sort", "DROP INDEX clients_sort"},
    {"clients_pinyin", "DROP INDEX clients_pinyin"},
    {"clients_initials", "DROP INDEX clients_initials"},
    {"clients_last4", "DROP INDEX clients_last4"},
    {"clients_station_initials", "DROP INDEX clients_station_initials"},
    {"clients_worker", "DROP INDEX clients_worker"},
    {"clients_phone", "DROP INDEX clients_phone"},
    {"clients_birth", "DROP INDEX clients_birth"},
};

/* Measured on the Hunan register (docs/performance.md), when there were
 * seven: building them again cost about 7.6 µs a row of the whole table;
 * inserting into them 12–27 µs a new row, more as the table grows. */
bool client_bulk_worth(long long rows, long long existing)
{
    return rows >= 50000 && rows * 2 >= existing;
}

void client_bulk_free(struct client_bulk *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->create[i]);
    }
    memset(b, 0, sizeof *b);
}

int client_bulk_begin(struct db *db, struct client_bulk *b)
{
    memset(b, 0, sizeof *b);
    if (db_kind(db) != DB_SQLITE) {
        return DB_OK;
    }
    struct db_stmt *st = db_prepare(
        db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND "
            "tbl_name = 'clients' AND name = ? AND sql IS NOT NULL");
    if (!st) {
        return DB_ERROR;
    }
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < CLIENT_BULK_INDEXES; i++) {
        db_bind_text(st, 1, indexes[i].name);
        int step = db_step(st);
        char *sql = step == DB_ROW ? xstrdup(db_col_text(st, 0)) : NULL;
        db_reset(st);
        if (step == DB_DONE) {
            continue; /* a later schema without it */
        }
        if (step != DB_ROW) {
            rc = step < 0 ? step : DB_ERROR;
            break;
        }
        rc = db_exec(db, indexes[i].drop);
        if (rc != DB_OK) {
            free(sql);
            break;
        }
        b->create[b->n++] = sql;
    }
    if (rc != DB_OK) {
        client_bulk_free(b);
    }
    return rc;
}

int client_bulk_end(struct db *db, struct client_bulk *b)
{
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < b->n; i++) {
        rc = db_exec(db, b->create[i]);
    }
    client_bulk_free(b);
    return rc;
}
