/* Removing a unit test's SQLite database with its WAL and shared-memory
 * files. */
#ifndef SGZ_TEST_SQLITE_FILES_H
#define SGZ_TEST_SQLITE_FILES_H
#include <stdio.h>
#include <unistd.h>

static void remove_sqlite_files(const char *db_path)
{
    char p[700];
    unlink(db_path);
    snprintf(p, sizeof p, "%s-wal", db_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db_path);
    unlink(p);
}

#endif
