/* A throwaway database on each backend for the unit tests that run
 * against both: SQLite always, and PostgreSQL when SGZ_TEST_PG names the
 * throwaway cluster's admin URL (tests/run.sh sets it). Included by the
 * test files that need it (each test is one translation unit). */
#ifndef SGZ_TEST_BACKEND_H
#define SGZ_TEST_BACKEND_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sqlite_files.h"
#include <libpq-fe.h>

#include "db/db.h"

struct backend {
    char url[512];
    char admin[512];
    char dbname[64];
    struct db *db;
};

static int setup_sqlite(void **state)
{
    struct backend *b = calloc(1, sizeof *b);
    snprintf(b->url, sizeof b->url, "/tmp/sgz-unit-%d-%ld.db", getpid(),
             random());
    char err[300];
    if (db_open(b->url, true, &b->db, err, sizeof err) != DB_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    *state = b;
    return 0;
}

static int admin_exec(const char *admin, const char *sql)
{
    PGconn *c = PQconnectdb(admin);
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) {
        fprintf(stderr, "%s", PQerrorMessage(c));
    }
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

static int setup_pg(void **state)
{
    const char *admin = getenv("SGZ_TEST_PG");
    if (!admin || !*admin) {
        *state = NULL;
        return 0;
    }
    struct backend *b = calloc(1, sizeof *b);
    snprintf(b->admin, sizeof b->admin, "%s", admin);
    snprintf(b->dbname, sizeof b->dbname, "sgz_unit_%d_%ld", getpid(),
             random() % 100000);
    char sql[200];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", b->dbname);
    if (admin_exec(admin, sql) != 0) {
        return -1;
    }
    snprintf(b->url, sizeof b->url, "%.*s/%s",
             (int)(strrchr(admin, '/') - admin), admin, b->dbname);
    char err[300];
    if (db_open(b->url, false, &b->db, err, sizeof err) != DB_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    *state = b;
    return 0;
}

static int teardown(void **state)
{
    struct backend *b = *state;
    if (!b) {
        return 0;
    }
    db_close(b->db);
    if (b->dbname[0]) {
        char sql[200];
        snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", b->dbname);
        admin_exec(b->admin, sql);
    } else {
        remove_sqlite_files(b->url);
    }
    free(b);
    return 0;
}

#define BACKEND_OR_SKIP(state)                                              \
    struct backend *b = *(state);                                           \
    if (!b) {                                                               \
        skip();                                                             \
    }                                                                       \
    struct db *db = b->db

#define BOTH(fn)                                                            \
    cmocka_unit_test_setup_teardown(fn, setup_sqlite, teardown),            \
        cmocka_unit_test_setup_teardown(fn, setup_pg, teardown)

#endif
