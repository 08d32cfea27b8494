/* The storage interface, run against both backends: SQLite always, and
 * PostgreSQL when SGZ_TEST_PG names the throwaway cluster's admin URL
 * (tests/run.sh sets it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "backend.h"
#include "db/db.h"
#include "store/audit_store.h"
#include "store/migrate.h"

static void migrations_run_once_and_record_the_version(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    int v;
    assert_int_equal(migrate_current(db, &v), DB_OK);
    assert_int_equal(v, migrate_latest());
    /* again: nothing to do */
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    int64_t n;
    assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM schema_migrations",
                                  &n),
                     DB_ROW);
    /* One row per migration, numbered 1, 2, 3 … in the order listed. */
    int64_t listed = 0;
    for (const struct migration *m = migrations; m->version; m++) {
        assert_int_equal(m->version, ++listed);
    }
    assert_int_equal(n, listed);
    assert_int_equal(n, migrate_latest());
}

static void a_newer_database_is_refused(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(db_exec(db, "INSERT INTO schema_migrations VALUES "
                                 "(999, 'future', 0)"),
                     DB_OK);
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_ERROR);
    assert_non_null(strstr(err, "newer than this binary"));
    assert_int_equal(db_exec(db, "DELETE FROM schema_migrations WHERE "
                                 "version = 999"),
                     DB_OK);
}

/* How many regions' names a prefix finds, searched as every store
 * searches a prefix: a range up to the prefix followed by U+10FFFF. */
static int64_t names_from(struct db *db, const char *prefix)
{
    char hi[64];
    snprintf(hi, sizeof hi, "%s\xf4\x8f\xbf\xbf", prefix);
    struct db_stmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM regions WHERE name >= ? AND name <= ?");
    assert_non_null(st);
    db_bind_text(st, 1, prefix);
    db_bind_text(st, 2, hi);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t n = db_col_int(st, 0);
    db_reset(st);
    return n;
}

/* The test cluster is zh_CN.UTF-8 (tests/pg.sh), as a county's server:
 * its own collation would find nothing in either range below. */
static void text_compares_bytes_whatever_the_locale(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(db_exec(db, "INSERT INTO regions (code, name, level) "
                                 "VALUES ('990000', '张家界', 'city'), "
                                 "('990100', '张三村', 'village'), "
                                 "('990200', '李家村', 'village')"),
                     DB_OK);
    assert_int_equal(names_from(db, "张"), 2);
    assert_int_equal(names_from(db, "张家"), 1);
    assert_int_equal(names_from(db, ""), 3);
    if (db_kind(db) != DB_POSTGRES) {
        return;
    }
    /* A database migrated before the collation step (version 20, a
     * column by the locale) is brought to byte order by the next run,
     * which also runs every migration after it: what those add is taken
     * away first (keep this list in step with migrations.c). */
    assert_int_equal(db_exec(db, "ALTER TABLE regions ALTER COLUMN name "
                                 "TYPE text COLLATE \"default\"; "
                                 "ALTER TABLE dictionary_items DROP COLUMN "
                                 "age_limit; DROP INDEX clients_sort; "
                                 "DROP INDEX clients_station_sort; "
                                 "CREATE INDEX clients_station_name ON "
                                 "clients (station_id, name_pinyin, id); "
                                 "ALTER TABLE clients DROP COLUMN "
                                 "name_sort, DROP COLUMN status_on, DROP "
                                 "COLUMN guardian_deceased; ALTER "
                                 "TABLE staff DROP COLUMN "
                                 "name_sort; ALTER TABLE dictionary_items "
                                 "DROP COLUMN age_from; ALTER TABLE "
                                 "organisations DROP COLUMN name_sort; "
                                 "ALTER TABLE stations DROP COLUMN "
                                 "name_sort; DROP INDEX audit_log_entity; "
                                 "DROP INDEX client_guardians_guardian; "
                                 "DROP INDEX clients_merged; DROP INDEX "
                                 "clients_phone; DROP INDEX "
                                 "clients_birth; DROP INDEX "
                                 "services_started; DROP TABLE "
                                 "evaluation_scores; DROP TABLE "
                                 "evaluation_bands; DROP TABLE "
                                 "evaluation_indicators; ALTER TABLE "
                                 "evaluations DROP COLUMN total_score, "
                                 "DROP COLUMN max_score, DROP COLUMN "
                                 "voided_at, DROP COLUMN voided_by, DROP "
                                 "COLUMN voided_reason, DROP COLUMN "
                                 "created_by; ALTER TABLE "
                                 "supervision_sessions DROP COLUMN "
                                 "version, DROP COLUMN created_by, DROP "
                                 "COLUMN updated_at; ALTER TABLE "
                                 "staff_trainings DROP COLUMN version, "
                                 "DROP COLUMN created_by, DROP COLUMN "
                                 "updated_at; ALTER TABLE services DROP "
                                 "COLUMN crisis, DROP COLUMN "
                                 "crisis_result; ALTER TABLE "
                                 "stats_services DROP COLUMN resolved; "
                                 "ALTER TABLE stats_months DROP COLUMN "
                                 "crises_resolved; DELETE FROM "
                                 "schema_migrations WHERE version >= 21"),
                     DB_OK);
    int64_t c_locale = 0;
    assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM pg_database "
                                      "WHERE datname = current_database() "
                                      "AND datcollate IN ('C', 'POSIX', "
                                      "'C.UTF-8', 'C.utf8')",
                                  &c_locale),
                     DB_ROW);
    if (!c_locale) { /* the failure the step is there for */
        assert_int_equal(names_from(db, "张"), 0);
    }
    /* The next run is another process: a connection of its own, without
     * the statements this one cached (PostgreSQL refuses a cached one
     * whose result's collation the step has since changed). */
    db_close(db);
    assert_int_equal(db_open(b->url, false, &b->db, err, sizeof err), DB_OK);
    db = b->db;
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(names_from(db, "张"), 2);
    assert_int_equal(names_from(db, ""), 3);
}

static void values_are_bound_never_spliced(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    const char *nasty = "x'); DROP TABLE regions; -- ? 社工";
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO regions (code, name, level, parent) VALUES "
            "(?, ?, 'county', NULL)");
    assert_non_null(st);
    db_bind_text(st, 1, "999901");
    db_bind_text(st, 2, nasty);
    assert_int_equal(db_step(st), DB_DONE);
    assert_int_equal(db_changes(st), 1);
    db_reset(st);
    /* a '?' inside a quoted literal is not a placeholder */
    st = db_prepare(db, "SELECT name, '?', parent FROM regions WHERE code = ?");
    assert_non_null(st);
    db_bind_text(st, 1, "999901");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), nasty);
    assert_string_equal(db_col_text(st, 1), "?");
    assert_true(db_col_null(st, 2));
    assert_null(db_col_text(st, 2));
    assert_int_equal(db_step(st), DB_DONE);
    db_reset(st);
}

static void unique_violation_is_a_constraint_and_rollback_undoes(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(db_begin(db), DB_OK);
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO regions (code, name, level) VALUES (?, ?, ?)");
    db_bind_text(st, 1, "999902");
    db_bind_text(st, 2, "a");
    db_bind_text(st, 3, "county");
    assert_int_equal(db_step(st), DB_DONE);
    db_reset(st);
    st = db_prepare(db, "INSERT INTO regions (code, name, level) VALUES "
                        "(?, ?, ?)");
    db_bind_text(st, 1, "999902");
    db_bind_text(st, 2, "b");
    db_bind_text(st, 3, "county");
    assert_int_equal(db_step(st), DB_CONSTRAINT);
    db_reset(st);
    assert_int_equal(db_rollback(db), DB_OK);
    int64_t n = -1;
    assert_int_equal(
        db_query_int(db, "SELECT COUNT(*) FROM regions WHERE code = '999902'",
                     &n),
        DB_ROW);
    assert_int_equal(n, 0);
}

static int insert_region_later(struct db *db, const char *code)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO regions (code, name, level) VALUES (?, '甲', "
            "'county')");
    assert_non_null(st);
    db_bind_text(st, 1, code);
    return db_step_later(st);
}

static int64_t regions_from(struct db *db, const char *code)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT COUNT(*) FROM regions WHERE code >= ?");
    assert_non_null(st);
    db_bind_text(st, 1, code);
    int rc = db_step(st);
    int64_t n = rc == DB_ROW ? db_col_int(st, 0) : rc;
    db_reset(st);
    return n;
}

/* db_step_later: what it wrote is there for the next statement and the
 * commit; its failure comes back from the next call (PostgreSQL) or at
 * once (SQLite), the transaction rolls back, and the connection goes on. */
static void a_later_step_writes_in_order_and_its_failure_is_returned(
    void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(insert_region_later(db, "999911"), DB_OK);
    assert_int_equal(insert_region_later(db, "999912"), DB_OK);
    assert_int_equal(regions_from(db, "999911"), 2);
    assert_int_equal(insert_region_later(db, "999913"), DB_OK);
    assert_int_equal(db_commit(db), DB_OK);
    assert_int_equal(regions_from(db, "999911"), 3);

    /* A duplicate key: the next step reports it, whichever it is. */
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(insert_region_later(db, "999914"), DB_OK);
    int rc = insert_region_later(db, "999911");
    if (db_kind(db) == DB_POSTGRES) {
        assert_int_equal(rc, DB_OK);
        assert_int_equal(regions_from(db, "999911"), DB_CONSTRAINT);
    } else {
        assert_int_equal(rc, DB_CONSTRAINT);
    }
    assert_int_equal(db_rollback(db), DB_OK);
    assert_int_equal(regions_from(db, "999911"), 3);

    /* A commit after a failed later step fails and keeps nothing. */
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(insert_region_later(db, "999915"), DB_OK);
    rc = insert_region_later(db, "999912");
    assert_int_equal(rc, db_kind(db) == DB_POSTGRES ? DB_OK : DB_CONSTRAINT);
    int commit = db_commit(db);
    if (commit != DB_OK) {
        assert_int_equal(commit, DB_CONSTRAINT);
        db_rollback(db);
    } else {
        /* SQLite: the failed statement alone was undone; the caller, told
         * at once, would have rolled back. */
        assert_int_equal(db_kind(db), DB_SQLITE);
    }
    assert_int_equal(regions_from(db, "999915"),
                     db_kind(db) == DB_POSTGRES ? 0 : 1);
    assert_int_equal(regions_from(db, "999911"),
                     db_kind(db) == DB_POSTGRES ? 3 : 4);
}

/* A connection handed back to the pool inside a transaction (a handler's
 * bug) is rolled back before it is lent again: the next request must not
 * run, and commit, inside the half-done one. */
static void an_abandoned_transaction_is_rolled_back(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(insert_region_later(db, "999921"), DB_OK);
    assert_int_equal(regions_from(db, "999921"), 1);
    db_end_abandoned(db);
    assert_int_equal(regions_from(db, "999921"), 0);
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(insert_region_later(db, "999922"), DB_OK);
    assert_int_equal(db_commit(db), DB_OK);
    db_end_abandoned(db); /* nothing open: nothing undone */
    assert_int_equal(regions_from(db, "999921"), 1);
}

/* Another connection to the test's database, as a second request
 * would hold. */
static struct db *second_connection(struct backend *b)
{
    char err[300];
    struct db *other = NULL;
    if (db_open(b->url, false, &other, err, sizeof err) != DB_OK) {
        fail_msg("%s", err);
    }
    return other;
}

/* A request's reads share one snapshot (db_read_begin), and a write on
 * the same connection ends it first. Without that, SQLite upgrades the
 * stale snapshot and refuses the write (SQLITE_BUSY_SNAPSHOT) once
 * another connection has committed since the snapshot began: a GET that
 * writes would fail under load. */
static void a_write_ends_the_read_snapshot(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    struct db *other = second_connection(b);

    bool opened = db_read_begin(db);
    assert_int_equal(opened, db_kind(db) == DB_SQLITE);
    assert_int_equal(regions_from(db, "999931"), 0);
    assert_int_equal(insert_region_later(other, "999931"), DB_OK);
    assert_int_equal(regions_from(other, "999931"), 1); /* sent, read */
    /* The snapshot still reads as it began. */
    assert_int_equal(regions_from(db, "999931"), opened ? 0 : 1);
    /* A statement that writes, outside db_begin, ends it and succeeds. */
    assert_int_equal(insert_region_later(db, "999932"), DB_OK);
    assert_int_equal(regions_from(db, "999931"), 2);
    db_read_end(db, opened); /* already ended: nothing to do */

    opened = db_read_begin(db);
    assert_int_equal(regions_from(db, "999931"), 2);
    assert_int_equal(insert_region_later(other, "999933"), DB_OK);
    assert_int_equal(regions_from(other, "999931"), 3);
    /* And so does a write transaction. */
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(insert_region_later(db, "999934"), DB_OK);
    assert_int_equal(db_commit(db), DB_OK);
    db_read_end(db, opened);
    assert_int_equal(regions_from(db, "999931"), 4);
    db_close(other);
}

/* Cursors open on this connection, but for the unnamed portal of the
 * query asking; 0 on SQLite, which has none. */
static int64_t cursors_open(struct db *db)
{
    int64_t n = 0;
    if (db_kind(db) == DB_POSTGRES) {
        assert_int_equal(db_query_int(db,
                                      "SELECT COUNT(*) FROM pg_cursors "
                                      "WHERE name <> ''",
                                      &n),
                         DB_ROW);
    }
    return n;
}

/* The regions 980000-989999, in code order; read in runs or not. */
static struct db_stmt *codes_98(struct db *db, bool in_runs)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT code FROM regions WHERE code >= ? AND code < ? "
            "ORDER BY code");
    assert_non_null(st);
    db_bind_text(st, 1, "980000");
    db_bind_text(st, 2, "990000");
    if (in_runs) {
        db_read_in_runs(st);
    }
    return st;
}

/* No cursor and no read-only transaction left behind on db: a write
 * there commits at once, and other sees it. */
static void left_clean(struct db *db, struct db *other, const char *code)
{
    assert_int_equal(cursors_open(db), 0);
    assert_int_equal(insert_region_later(db, code), DB_OK);
    assert_int_equal(regions_from(db, code), 1); /* sent, read */
    assert_int_equal(regions_from(other, code), 1);
}

/* db_read_in_runs, as an export uses it: every row once and in order,
 * other statements on the same connection between two rows (each row's
 * categories, say), the cursor closed and its own transaction ended by
 * db_reset, whether the rows were read to the end or not, and an
 * enclosing transaction left open. */
static void rows_read_in_runs_leave_the_connection_usable(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    struct db *other = second_connection(b);
    enum { N = 700 }; /* more than two runs of 256 */
    int64_t above = regions_from(db, "980000"); /* none, unless seeded */
    assert_int_equal(db_begin(db), DB_OK);
    for (int i = 0; i < N; i++) {
        char code[16];
        snprintf(code, sizeof code, "%06d", 980000 + i);
        assert_int_equal(insert_region_later(db, code), DB_OK);
    }
    assert_int_equal(db_commit(db), DB_OK);

    struct db_stmt *st = codes_98(db, true);
    int n = 0, rc;
    while ((rc = db_step(st)) == DB_ROW) {
        char want[16];
        snprintf(want, sizeof want, "%06d", 980000 + n);
        assert_string_equal(db_col_text(st, 0), want);
        if (n % 100 == 0) {
            assert_int_equal(regions_from(db, want), above + N - n);
            assert_string_equal(db_col_text(st, 0), want);
            assert_int_equal(cursors_open(db),
                             db_kind(db) == DB_POSTGRES ? 1 : 0);
        }
        n++;
    }
    assert_int_equal(rc, DB_DONE);
    assert_int_equal(n, N);
    db_reset(st);
    left_clean(db, other, "990001");

    /* Stopped after 300 rows; then the statement reads all at once. */
    st = codes_98(db, true);
    for (n = 0; n < 300; n++) {
        assert_int_equal(db_step(st), DB_ROW);
    }
    db_reset(st);
    left_clean(db, other, "990002");
    st = codes_98(db, false);
    for (n = 0; db_step(st) == DB_ROW; n++) {
    }
    db_reset(st);
    assert_int_equal(n, N);

    /* A statement failing between two steps: db_reset ends the cursor's
     * transaction (on PostgreSQL the failure aborted it), and there keeps
     * the failure's message (SQLite's is always the last call's). */
    st = codes_98(db, true);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_exec(db, "SELECT no_such_column FROM regions"),
                     DB_ERROR);
    db_reset(st);
    if (db_kind(db) == DB_POSTGRES) {
        assert_non_null(strstr(db_errmsg(db), "no_such_column"));
    }
    left_clean(db, other, "990003");

    /* Inside a write transaction: its own rows are read, and it stays
     * open until its commit. */
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(insert_region_later(db, "989999"), DB_OK);
    st = codes_98(db, true);
    for (n = 0; db_step(st) == DB_ROW; n++) {
    }
    db_reset(st);
    assert_int_equal(n, N + 1);
    int64_t seen = regions_from(other, "989999");
    assert_int_equal(db_commit(db), DB_OK);
    assert_int_equal(regions_from(other, "989999"), seen + 1);
    db_close(other);
}

static void returning_gives_the_new_id(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(db_exec(db, "INSERT INTO regions (code, name, level) "
                                 "VALUES ('999903', 'c', 'county')"),
                     DB_OK);
    int64_t ids[2];
    for (int i = 0; i < 2; i++) {
        struct db_stmt *st = db_prepare(
            db, "INSERT INTO stations (type, region_code, name, created_at, "
                "updated_at) VALUES (?, '999903', ?, 1, 1) RETURNING id");
        db_bind_text(st, 1, i ? "t2" : "t1");
        db_bind_text(st, 2, i ? "n2" : "n1");
        assert_int_equal(db_step(st), DB_ROW);
        ids[i] = db_col_int(st, 0);
        db_reset(st);
    }
    assert_true(ids[0] > 0);
    assert_int_equal(ids[1], ids[0] + 1);
    /* a missing parent row is a foreign-key violation */
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO stations (type, region_code, name, created_at, "
            "updated_at) VALUES ('t', '000000', 'orphan', 1, 1) RETURNING id");
    assert_int_equal(db_step(st), DB_CONSTRAINT);
    db_reset(st);
}

static int64_t add_report(struct db *db, const char *period)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO reports (type, scope_key, region_code, "
            "period_from, period_to, created_by, created_at, updated_at) "
            "VALUES ('monthly', 'county:999904', '999904', ?, ?, 1, 1, 1) "
            "RETURNING id");
    db_bind_text(st, 1, period);
    db_bind_text(st, 2, period);
    int rc = db_step(st);
    int64_t id = rc == DB_ROW ? db_col_int(st, 0) : rc;
    db_reset(st);
    return id;
}

static void audit_report(struct db *db, const char *action, int64_t id)
{
    char entity_id[24];
    snprintf(entity_id, sizeof entity_id, "%lld", (long long)id);
    struct audit_entry e = {.actor = "test",
                            .address = "",
                            .action = action,
                            .entity = "report",
                            .entity_id = entity_id,
                            .result = "ok",
                            .detail = "{}"};
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(audit_append(db, &e), DB_OK);
    assert_int_equal(db_commit(db), DB_OK);
}

/* A release before schema 36 gave the id of the newest deleted row to
 * the next one on SQLite; a database it left keeps its rows, their
 * references and indexes, and never gives a deleted id again. */
static void deleted_ids_are_not_given_again(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_upto(db, 35, NULL, err, sizeof err), DB_OK);
    int64_t indexes = 0;
    const char *count_indexes =
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND "
        "tbl_name IN ('services', 'reports', 'expenditures', "
        "'allocations', 'supervision_sessions', 'staff_trainings', "
        "'attachments')";
    if (db_kind(db) == DB_SQLITE) {
        assert_int_equal(db_query_int(db, count_indexes, &indexes), DB_ROW);
        assert_true(indexes >= 7);
    }
    int64_t id[3];
    const char *const periods[] = {"2026-01-01", "2026-02-01", "2026-03-01"};
    for (int i = 0; i < 3; i++) {
        id[i] = add_report(db, periods[i]);
        assert_true(id[i] > 0);
        audit_report(db, "report.create", id[i]);
    }
    assert_int_equal(db_exec(db, "INSERT INTO report_history (report_id, "
                                 "action, report_version, user_id, "
                                 "user_name, created_at) SELECT id, "
                                 "'create', 1, 1, 'test', 1 FROM reports"),
                     DB_OK);
    struct db_stmt *st = db_prepare(
        db, "DELETE FROM report_history WHERE report_id = ?");
    db_bind_int(st, 1, id[2]);
    assert_int_equal(db_step(st), DB_DONE);
    db_reset(st);
    st = db_prepare(db, "DELETE FROM reports WHERE id = ?");
    db_bind_int(st, 1, id[2]);
    assert_int_equal(db_step(st), DB_DONE);
    db_reset(st);
    audit_report(db, "report.delete", id[2]);

    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(add_report(db, "2026-04-01"), id[2] + 1);
    int64_t n = 0;
    assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM report_history "
                                      "JOIN reports ON reports.id = "
                                      "report_history.report_id",
                                  &n),
                     DB_ROW);
    assert_int_equal(n, 2);
    /* Foreign keys are on again, the unique key is still there. */
    st = db_prepare(db, "DELETE FROM reports WHERE id = ?");
    db_bind_int(st, 1, id[0]);
    assert_int_equal(db_step(st), DB_CONSTRAINT);
    db_reset(st);
    assert_int_equal(add_report(db, "2026-01-01"), DB_CONSTRAINT);
    if (db_kind(db) == DB_SQLITE) {
        int64_t after = 0;
        assert_int_equal(db_query_int(db, count_indexes, &after), DB_ROW);
        assert_int_equal(after, indexes);
        assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM "
                                          "sqlite_master WHERE sql LIKE "
                                          "'%AUTOINCREMENT%'",
                                      &n),
                         DB_ROW);
        assert_int_equal(n, 8); /* households too, at 38 */
    }
}

static int64_t add_household(struct db *db, int64_t station)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO households (station_id, name, created_at, "
            "updated_at) VALUES (?, '某户', 1, 1) RETURNING id");
    db_bind_int(st, 1, station);
    int rc = db_step(st);
    int64_t id = rc == DB_ROW ? db_col_int(st, 0) : rc;
    db_reset(st);
    return id;
}

/* Schema 38: a household whose last member moved into another is
 * deleted (移入), and the next household does not take its id, which the
 * audit log names; the households made before keep their members. */
static void deleted_household_ids_are_not_given_again(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_upto(db, 37, NULL, err, sizeof err), DB_OK);
    assert_int_equal(db_exec(db, "INSERT INTO regions (code, name, level) "
                                 "VALUES ('999906', '某县', 'county'); "
                                 "INSERT INTO stations (id, type, "
                                 "region_code, name, created_at, "
                                 "updated_at) VALUES (906, "
                                 "'township_station', '999906', '某站', 1, "
                                 "1)"),
                     DB_OK);
    int64_t kept = add_household(db, 906);
    assert_true(kept > 0);
    assert_int_equal(db_exec(db, "INSERT INTO household_members "
                                 "(household_id, name, relation) SELECT "
                                 "MIN(id), '某人', 'head' FROM households"),
                     DB_OK);
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    int64_t gone = add_household(db, 906);
    assert_int_equal(gone, kept + 1);
    char sql[80];
    snprintf(sql, sizeof sql, "DELETE FROM households WHERE id = %lld",
             (long long)gone);
    assert_int_equal(db_exec(db, sql), DB_OK);
    assert_int_equal(add_household(db, 906), gone + 1);
    int64_t n = 0;
    assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM "
                                      "household_members m JOIN households "
                                      "h ON h.id = m.household_id",
                                  &n),
                     DB_ROW);
    assert_int_equal(n, 1);
}

static const char *text_of(struct db *db, const char *sql)
{
    static char out[200];
    struct db_stmt *st = db_prepare(db, sql);
    out[0] = 0;
    if (st && db_step(st) == DB_ROW) {
        snprintf(out, sizeof out, "%s", db_col_text(st, 0));
    }
    if (st) {
        db_reset(st);
    }
    return out;
}

/* Schema 40: the pinyin of names stored with a compound surname read
 * character by character (尉迟 wei chi) is read as one (yu chi), the
 * client's and the worker's; sort keys and the other names stay. */
static void compound_surnames_are_read_again(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_upto(db, 39, NULL, err, sizeof err), DB_OK);
    assert_int_equal(
        db_exec(db,
                "INSERT INTO regions (code, name, level) VALUES ('999907', "
                "'某县', 'county'); INSERT INTO stations (id, type, "
                "region_code, name, created_at, updated_at) VALUES (907, "
                "'township_station', '999907', '某站', 1, 1); INSERT INTO "
                "clients (station_id, name, name_pinyin, name_initials, "
                "name_sort, sex, birth_date, created_at, updated_at) VALUES "
                "(907, '尉迟恭', 'weichigong', 'wcg', 'wei 尉chi 迟gong 恭', "
                "'M', '1950-01-01', 1, 1), (907, '张三', 'zhangsan', 'zs', "
                "'zhang 张san 三', 'M', '1950-01-01', 1, 1); INSERT INTO "
                "staff (name, name_pinyin, name_sort, role, birth_date, sex, "
                "education, hired_on, created_at, updated_at) VALUES "
                "('长孙红', 'changsunhong', 'chang 长sun 孙hong 红', "
                "'station', '1990-01-01', 'F', 'bachelor', '2020-01-01', 1, "
                "1)"),
        DB_OK);
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_string_equal(text_of(db, "SELECT name_pinyin || '|' || "
                                    "name_initials || '|' || name_sort FROM "
                                    "clients WHERE name = '尉迟恭'"),
                        "yuchigong|ycg|wei 尉chi 迟gong 恭");
    assert_string_equal(text_of(db, "SELECT name_pinyin || '|' || "
                                    "name_initials || '|' || name_sort FROM "
                                    "clients WHERE name = '张三'"),
                        "zhangsan|zs|zhang 张san 三");
    assert_string_equal(text_of(db, "SELECT name_pinyin || '|' || name_sort "
                                    "FROM staff WHERE name = '长孙红'"),
                        "zhangsunhong|chang 长sun 孙hong 红");
}

/* A crisis form stored before schema 43 has its result read into the
 * column statistics count, and added to the summaries. */
static void crisis_results_are_read_from_the_forms(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_upto(db, 42, NULL, err, sizeof err), DB_OK);
    assert_int_equal(
        db_exec(db,
                "INSERT INTO regions (code, name, level) VALUES ('999908', "
                "'某县', 'county'); INSERT INTO stations (id, type, "
                "region_code, name, created_at, updated_at) VALUES (908, "
                "'township_station', '999908', '某站', 1, 1); INSERT INTO "
                "services (station_id, type, started_at, ended_at, minutes, "
                "service_day, area, content, crisis, created_by, created_at, "
                "updated_at) VALUES (908, 'crisis', 1, 2, 60, '2026-03-01', "
                "'social_assistance', '处置', '{\"kind\":\"disaster\","
                "\"measures\":\"安置\",\"result\":\"resolved\","
                "\"risk_level\":\"high\"}', 0, 1, 1), (908, 'crisis', 1, "
                "2, 60, '2026-03-01', 'social_assistance', '处置', '', 0, 1, "
                "1); INSERT INTO stats_state (id, built_at) VALUES (1, 1); "
                "INSERT INTO stats_services VALUES (908, '2026-03', "
                "'crisis', 'social_assistance', 2, 0, 0, 120, 0); INSERT "
                "INTO stats_months VALUES (908, '2026-03', 2, 0, 120, 0, 0, "
                "0, 0, 0, 0, 0, 0, 2)"),
        DB_OK);
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_string_equal(text_of(db, "SELECT crisis_result FROM services "
                                    "WHERE station_id = 908 AND crisis <> "
                                    "''"),
                        "resolved");
    assert_string_equal(text_of(db, "SELECT '[' || crisis_result || ']' "
                                    "FROM services WHERE station_id = 908 "
                                    "AND crisis = ''"),
                        "[]");
    int64_t resolved = -1;
    assert_int_equal(db_query_int(db,
                                  "SELECT s.resolved * 10 + m.crises_resolved "
                                  "FROM stats_services s JOIN stats_months m "
                                  "ON m.station_id = s.station_id AND "
                                  "m.month = s.month WHERE s.station_id = "
                                  "908",
                                  &resolved),
                     DB_ROW);
    assert_int_equal(resolved, 11);
}

/* Self-evaluations written per contract before schema 44: of a
 * county's for a year, the one furthest on becomes the county's; the
 * other keeps its contract (two of one county and year cannot both be
 * the county's), and another county's is its own county's. */
static void self_evaluations_become_the_countys(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_upto(db, 43, NULL, err, sizeof err), DB_OK);
    static const char *const contract =
        "INSERT INTO contracts (id, code, title, region_code, purchaser, "
        "organisation_id, procurement, cycle_years, cycle_year, "
        "amount_fen, signed_on, effective_on, starts_on, ends_on, "
        "created_at, updated_at) VALUES (%d, 'HT%d', '项目', '%s', '县局', "
        "%d, 'public', 3, 1, 100, '2026-01-01', '2026-01-01', "
        "'2026-01-01', '2026-12-31', 1, 1);";
    static const char *const report =
        "INSERT INTO reports (type, scope_key, region_code, contract_id, "
        "organisation_id, period_from, period_to, status, key_work, "
        "created_by, created_at, updated_at) VALUES ('self_evaluation', "
        "'c:%d', '%s', %d, %d, '2026-01', '2026-12', '%s', '%s', 1, 1, "
        "1);";
    char sql[2048];
    snprintf(sql, sizeof sql,
             "INSERT INTO regions (code, name, level) VALUES ('999944', "
             "'甲县', 'county'), ('999945', '乙县', 'county'); INSERT INTO "
             "organisations (id, name, created_at, updated_at) VALUES (944, "
             "'甲机构', 1, 1), (945, '乙机构', 1, 1);");
    assert_int_equal(db_exec(db, sql), DB_OK);
    const struct {
        int id, org;
        const char *county, *status, *text;
    } rows[] = {
        {9441, 944, "999944", "draft", "甲县草稿"},
        {9442, 945, "999944", "submitted", "甲县已提交"},
        {9451, 945, "999945", "draft", "乙县草稿"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(sql, sizeof sql, contract, rows[i].id, rows[i].id,
                 rows[i].county, rows[i].org);
        assert_int_equal(db_exec(db, sql), DB_OK);
        snprintf(sql, sizeof sql, report, rows[i].id, rows[i].county,
                 rows[i].id, rows[i].org, rows[i].status, rows[i].text);
        assert_int_equal(db_exec(db, sql), DB_OK);
    }
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_string_equal(
        text_of(db, "SELECT key_work || '|' || COALESCE(contract_id, 0) || "
                    "'|' || COALESCE(organisation_id, 0) FROM reports "
                    "WHERE scope_key = 'r:999944'"),
        "甲县已提交|0|0");
    assert_string_equal(text_of(db, "SELECT key_work FROM reports WHERE "
                                    "scope_key = 'c:9441'"),
                        "甲县草稿");
    assert_string_equal(text_of(db, "SELECT key_work FROM reports WHERE "
                                    "scope_key = 'r:999945'"),
                        "乙县草稿");
    int64_t n = -1;
    assert_int_equal(db_query_int(db,
                                  "SELECT COUNT(*) FROM reports WHERE type "
                                  "= 'self_evaluation'",
                                  &n),
                     DB_ROW);
    assert_int_equal(n, 3);
}

static void audit_chain_detects_a_changed_row(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    /* appends belong to the caller's transaction */
    assert_int_equal(db_begin(db), DB_OK);
    for (int i = 0; i < 3; i++) {
        struct audit_entry e = {.actor = "tester",
                                .action = "station.update",
                                .entity = "station",
                                .entity_id = i == 1 ? "2" : "1",
                                .detail = "{\"after\":{}}"};
        assert_int_equal(audit_append(db, &e), DB_OK);
    }
    assert_int_equal(db_commit(db), DB_OK);
    struct audit_break brk;
    assert_int_equal(audit_verify(db, &brk), 0);
    int64_t second;
    assert_int_equal(db_query_int(db,
                                  "SELECT id FROM audit_log WHERE "
                                  "entity_id = '2'",
                                  &second),
                     DB_ROW);
    assert_int_equal(db_exec(db, "UPDATE audit_log SET actor = 'mallory' "
                                 "WHERE entity_id = '2'"),
                     DB_OK);
    assert_int_equal(audit_verify(db, &brk), second);
    assert_false(brk.removed); /* changed, not removed */
    assert_int_equal(brk.after, second - 1);
}

/* A row removed from the middle leaves the next one whole but unlinked:
 * said as a removal after the last row that links, not as a change of
 * the row after it. */
static void audit_chain_tells_a_removed_row(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    assert_int_equal(db_begin(db), DB_OK);
    for (int i = 0; i < 4; i++) {
        char id[12];
        snprintf(id, sizeof id, "%d", i);
        struct audit_entry e = {.actor = "t", .action = "a", .entity = "e",
                                .entity_id = id};
        assert_int_equal(audit_append(db, &e), DB_OK);
    }
    assert_int_equal(db_commit(db), DB_OK);
    int64_t gone, before;
    assert_int_equal(db_query_int(db,
                                  "SELECT id FROM audit_log WHERE "
                                  "entity_id = '2'",
                                  &gone),
                     DB_ROW);
    assert_int_equal(db_query_int(db,
                                  "SELECT id FROM audit_log WHERE "
                                  "entity_id = '1'",
                                  &before),
                     DB_ROW);
    assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE "
                                 "entity_id = '2'"),
                     DB_OK);
    struct audit_break brk;
    int64_t bad = audit_verify(db, &brk);
    assert_true(bad > gone);
    assert_true(brk.removed);
    assert_int_equal(brk.after, before);
}

static void pruning_keeps_the_chain_verifiable(void **state)
{
    BACKEND_OR_SKIP(state);
    char err[300];
    assert_int_equal(migrate_run(db, NULL, err, sizeof err), DB_OK);
    /* Rows in January, February and March 2026 (Beijing time). */
    const char *times[] = {"1767225600", "1769904000", "1772323200"};
    assert_int_equal(db_begin(db), DB_OK);
    for (int i = 0; i < 3; i++) {
        setenv("SGZ_NOW", times[i], 1);
        struct audit_entry e = {.actor = "t", .action = "a", .entity = "e"};
        assert_int_equal(audit_append(db, &e), DB_OK);
    }
    unsetenv("SGZ_NOW");
    assert_int_equal(db_commit(db), DB_OK);
    /* Cut in mid-February: only January goes (whole months). */
    int64_t removed = 0;
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(audit_prune(db, 1771000000, &removed), DB_OK);
    assert_int_equal(db_commit(db), DB_OK);
    assert_int_equal(removed, 1);
    struct audit_break brk;
    assert_int_equal(audit_verify(db, &brk), 0);
    /* Removing the oldest remaining row by hand is detected. */
    int64_t first;
    assert_int_equal(db_query_int(db, "SELECT MIN(id) FROM audit_log", &first),
                     DB_ROW);
    assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = "
                                 "(SELECT MIN(id) FROM audit_log)"),
                     DB_OK);
    assert_int_equal(audit_verify(db, &brk), first + 1);
    assert_true(brk.removed);
    assert_int_equal(brk.after, 0); /* right after the anchor */
}

/* Stores reset a failed statement before they return, and their callers
 * log the message after that (and after the rollback): the message must
 * still be the failure's, not "not an error". */
static void a_failure_keeps_its_message_past_reset_and_rollback(void **state)
{
    BACKEND_OR_SKIP(state);
    assert_int_equal(db_begin(db), DB_OK);
    struct db_stmt *st = db_prepare(db, "SELECT abs(CAST(? AS BIGINT))");
    assert_non_null(st);
    db_bind_int(st, 1, INT64_MIN);
    assert_int_equal(db_step(st), DB_ERROR);
    char failure[300];
    snprintf(failure, sizeof failure, "%s", db_errmsg(db));
    /* SQLite: "integer overflow"; PostgreSQL: "bigint out of range", in
     * the cluster's language. */
    assert_true(strstr(failure, "overflow") || strstr(failure, "bigint"));
    db_reset(st);
    db_rollback(db);
    assert_string_equal(db_errmsg(db), failure);
    /* The statement and the connection are still usable. */
    st = db_prepare(db, "SELECT abs(CAST(? AS BIGINT))");
    assert_non_null(st);
    db_bind_int(st, 1, -7);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 7);
    db_reset(st);
}

static void a_closed_server_is_a_clear_error(void **state)
{
    (void)state;
    struct db *db = NULL;
    char err[400];
    assert_int_equal(db_open("postgres://nobody@127.0.0.1:1/none", false,
                             &db, err, sizeof err),
                     DB_ERROR);
    assert_null(db);
    assert_non_null(strstr(err, "cannot connect to PostgreSQL"));
    assert_int_equal(db_open("/nonexistent-dir/x.db", true, &db, err,
                             sizeof err),
                     DB_ERROR);
    assert_non_null(strstr(err, "/nonexistent-dir/x.db"));
    assert_int_equal(db_open("", true, &db, err, sizeof err), DB_ERROR);
}

int main(void)
{
    if (sodium_init() < 0) {
        return 1;
    }
    srandom((unsigned)getpid());
    const struct CMUnitTest tests[] = {
        BOTH(migrations_run_once_and_record_the_version),
        BOTH(a_newer_database_is_refused),
        BOTH(text_compares_bytes_whatever_the_locale),
        BOTH(values_are_bound_never_spliced),
        BOTH(unique_violation_is_a_constraint_and_rollback_undoes),
        BOTH(a_later_step_writes_in_order_and_its_failure_is_returned),
        BOTH(an_abandoned_transaction_is_rolled_back),
        BOTH(a_write_ends_the_read_snapshot),
        BOTH(rows_read_in_runs_leave_the_connection_usable),
        BOTH(returning_gives_the_new_id),
        BOTH(deleted_ids_are_not_given_again),
        BOTH(deleted_household_ids_are_not_given_again),
        BOTH(compound_surnames_are_read_again),
        BOTH(crisis_results_are_read_from_the_forms),
        BOTH(self_evaluations_become_the_countys),
        BOTH(audit_chain_detects_a_changed_row),
        BOTH(audit_chain_tells_a_removed_row),
        BOTH(pruning_keeps_the_chain_verifiable),
        BOTH(a_failure_keeps_its_message_past_reset_and_rollback),
        cmocka_unit_test(a_closed_server_is_a_clear_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
