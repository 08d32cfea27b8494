/* Numbered schema migrations, embedded in the binary. Each runs in its own
 * transaction and is recorded in schema_migrations; a database newer than
 * the binary is refused. */
#ifndef SGZ_MIGRATE_H
#define SGZ_MIGRATE_H
#include <stddef.h>

#include "../db/db.h"

struct migration {
    int version;
    const char *name;
    /* Portable SQL. "{{pk}}" stands for the dialect's auto-numbered
     * integer primary key; nothing else differs between the dialects. */
    const char *sql;
};

/* The list, in order, ending with version 0. */
extern const struct migration migrations[];
/* What SQL cannot compute (a key from a name's pinyin), run in C after
 * the SQL of the migration numbered version, in its transaction. */
struct migration_fill {
    int version;
    int (*fill)(struct db *db);
};
extern const struct migration_fill migration_fills[]; /* {0, NULL} ends */
/* The versions whose fill rebuilds SQLite tables that others refer to:
 * run with foreign keys off, which SQLite allows only outside a
 * transaction, and checked before their commit. 0 ends. */
extern const int migrations_rebuilding[];

/* Migrations 36's and 38's fills (migrate_ids.c). */
int migrate_keep_deleted_ids(struct db *db);
int migrate_keep_deleted_household_ids(struct db *db);

int migrate_latest(void);
/* The database's version: 0 for an empty database. DB_OK or an error. */
int migrate_current(struct db *db, int *version);
/* Applies every pending migration; log says each step when not NULL.
 * Returns DB_OK or an error described in err. */
int migrate_run(struct db *db, void (*log)(const char *line), char *err,
                size_t errlen);
/* The same, stopping after version last: the tests build a database as
 * an older release left it. */
int migrate_upto(struct db *db, int last, void (*log)(const char *line),
                 char *err, size_t errlen);

#endif
