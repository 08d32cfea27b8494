/* The database the compliance rule tests share: a SQLite file, migrated,
 * with the youxian profile parsed (and, when asked, the built-in
 * holidays loaded). Each test file is one translation unit and includes
 * this once. */
#ifndef SGZ_TEST_RULE_DB_H
#define SGZ_TEST_RULE_DB_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/actor.h"
#include "core/calendar_load.h"
#include "core/profile.h"
#include "db/db.h"
#include "store/migrate.h"
#include "sqlite_files.h"

static char path[128];
static struct db *db;
static struct profile *prof;

static void exec(const char *sql)
{
    if (db_exec(db, sql) != DB_OK) {
        fail_msg("SQL failed: %s", sql);
    }
}

/* Opens /tmp/sgz-unit-TAG-PID.db; -1 with the reason printed. */
static int rule_db_open(const char *tag, bool holidays)
{
    snprintf(path, sizeof path, "/tmp/sgz-unit-%s-%d.db", tag, getpid());
    char err[300];
    if (db_open(path, true, &db, err, sizeof err) != DB_OK ||
        migrate_run(db, NULL, err, sizeof err) != DB_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    struct actor who = {.name = "test", .address = ""};
    int added;
    if (holidays &&
        calendar_load_builtin(db, &who, &added, err, sizeof err) != DB_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    size_t len;
    const char *text = profile_builtin_text("youxian", &len);
    if (profile_parse(text, len, &prof, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

static void rule_db_close(void)
{
    db_close(db);
    profile_free(prof);
    remove_sqlite_files(path);
}

#endif
