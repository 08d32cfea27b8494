/* A bulk load of clients into SQLite: a register's million rows are
 * loaded once, at go-live, and inserting them one by one into the
 * search indexes (pinyin, initials, the ID's last four digits …) costs
 * more than the rows themselves, in random B-tree writes. For such a
 * load the indexes the import never reads are dropped inside its
 * transaction and built again, by sorting, before it commits: readers
 * keep seeing them in their snapshots, and a rollback restores them.
 * The definitions come from the schema itself (sqlite_master), so they
 * stay those of the migrations. */
#ifndef SGZ_CLIENT_BULK_H
#define SGZ_CLIENT_BULK_H
#include <stdbool.h>
#include <stddef.h>

#include "../db/db.h"

#define CLIENT_BULK_INDEXES 9

struct client_bulk {
    char *create[CLIENT_BULK_INDEXES]; /* definitions of those dropped */
    size_t n;
};

/* Whether a load of `rows` into a register of `existing` is one: enough
 * rows, and not a small addition to a large register (whose indexes
 * would take longer to rebuild than to extend). */
bool client_bulk_worth(long long rows, long long existing);
/* Drops the indexes, in the caller's transaction; SQLite only. */
int client_bulk_begin(struct db *db, struct client_bulk *b);
/* Builds them again, in the same transaction, and forgets them. */
int client_bulk_end(struct db *db, struct client_bulk *b);
/* Forgets them without building (the transaction is rolled back). */
void client_bulk_free(struct client_bulk *b);

#endif
