/* The process-wide memory map of a SQLite database (db/sqlite_map.c):
 * two connections read the same rows through one mapping, and keep
 * reading the right rows while the file grows, while it shrinks under
 * a connection of this process, and while another process shrinks or
 * grows it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db/db.h"
#include "sqlite_files.h"

static char path[128];
static const char *self_exe;
static struct db *writer, *reader;

static struct db *open_or_fail(bool create)
{
    struct db *conn = NULL;
    char err[300];
    if (db_open(path, create, &conn, err, sizeof err) != DB_OK) {
        fail_msg("open %s: %s", path, err);
    }
    return conn;
}

static void exec_on(struct db *conn, const char *sql)
{
    if (db_exec(conn, sql) != DB_OK) {
        fail_msg("SQL failed: %s: %s", sql, db_errmsg(conn));
    }
}

static int64_t query(struct db *conn, const char *sql)
{
    int64_t v = -1;
    if (db_query_int(conn, sql, &v) != DB_ROW) {
        fail_msg("SQL failed: %s: %s", sql, db_errmsg(conn));
    }
    return v;
}

static int64_t file_size(void)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (int64_t)st.st_size;
}

/* Lines of /proc/self/maps naming the database file. */
static int mappings(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    assert_non_null(f);
    char line[1024];
    int n = 0;
    size_t len = strlen(path);
    while (fgets(line, sizeof line, f)) {
        size_t l = strcspn(line, "\n");
        line[l] = '\0';
        if (l >= len && strcmp(line + l - len, path) == 0) {
            n++;
        }
    }
    fclose(f);
    return n;
}

/* Rows id FROM..TO, each text a zero-padded copy of its id, 400 bytes:
 * a page read wrongly changes the check sum. */
static void add_rows(struct db *conn, int from, int to)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE n(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM "
             "n WHERE i < %d) INSERT INTO t SELECT i, printf('%%0400d', i) "
             "FROM n",
             from, to);
    exec_on(conn, sql);
    /* Into the database file itself, where the map reads it. */
    exec_on(conn, "PRAGMA wal_checkpoint(TRUNCATE)");
}

/* What the reader sees: rows, and the sum of the ids its texts hold. */
static void assert_reader_sees(int64_t rows, int64_t sum_of_ids)
{
    assert_int_equal(query(reader, "SELECT COUNT(*) FROM t"), rows);
    assert_int_equal(query(reader, "SELECT SUM(CAST(data AS INTEGER)) "
                                   "FROM t"),
                     sum_of_ids);
}

static int64_t sum_to(int64_t n)
{
    return n * (n + 1) / 2;
}

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/sgz-unit-map-%d.db", getpid());
    /* Made before sgz's own open turns WAL on, after which auto_vacuum
     * can no longer be set: with it, a delete gives pages back to the
     * file system at its checkpoint (VACUUM needs an attached database,
     * and sgz allows none). */
    sqlite3 *h = NULL;
    if (sqlite3_open(path, &h) != SQLITE_OK ||
        sqlite3_exec(h,
                     "PRAGMA auto_vacuum = FULL;"
                     "CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT);",
                     NULL, NULL, NULL) != SQLITE_OK) {
        fail_msg("create %s: %s", path, sqlite3_errmsg(h));
    }
    sqlite3_close(h);
    writer = open_or_fail(false);
    reader = open_or_fail(false);
    assert_int_equal(query(writer, "PRAGMA auto_vacuum"), 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(reader);
    db_close(writer);
    remove_sqlite_files(path);
    return 0;
}

static void test_connections_share_one_map_that_grows(void **state)
{
    (void)state;
    add_rows(writer, 1, 2000);
    assert_reader_sees(2000, sum_to(2000));
    assert_int_equal(query(writer, "SELECT COUNT(*) FROM t"), 2000);
    assert_int_equal(mappings(), 1); /* the unix VFS makes one each */
    int64_t before = file_size();
    add_rows(writer, 2001, 6000);
    assert_true(file_size() > before);
    assert_reader_sees(6000, sum_to(6000));
    assert_int_equal(mappings(), 1);
}

static void test_file_shrunk_by_this_process(void **state)
{
    (void)state;
    int64_t before = file_size();
    exec_on(writer, "DELETE FROM t WHERE id > 100");
    exec_on(writer, "PRAGMA wal_checkpoint(TRUNCATE)");
    assert_true(file_size() < before / 4);
    assert_reader_sees(100, sum_to(100));
    add_rows(writer, 101, 3000);
    assert_reader_sees(3000, sum_to(3000));
}

/* Runs this program again as the other process (--shrink or --grow). */
static void other_process(const char *what)
{
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        /* A fresh process image: SQLite must not cross a fork. */
        execl(self_exe, self_exe, what, path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_file_shrunk_by_another_process(void **state)
{
    (void)state;
    add_rows(writer, 3001, 8000);
    assert_reader_sees(8000, sum_to(8000));
    int64_t before = file_size();
    other_process("--shrink");
    assert_true(file_size() < before / 4);
    assert_reader_sees(50, sum_to(50));
    assert_int_equal(query(writer, "SELECT COUNT(*) FROM t"), 50);
}

/* Pages another process wrote past the size this one last saw are
 * read, not mapped, until SQLite tells the map to look again. */
static void test_file_grown_by_another_process(void **state)
{
    (void)state;
    assert_reader_sees(50, sum_to(50));
    int64_t before = file_size();
    other_process("--grow");
    assert_true(file_size() > before * 4);
    assert_reader_sees(9000, sum_to(9000));
    assert_int_equal(query(writer, "SELECT COUNT(*) FROM t"), 9000);
    add_rows(writer, 9001, 9500);
    assert_reader_sees(9500, sum_to(9500));
}

/* The other process: keeps ids up to 50 (--shrink) or adds rows up to
 * 9000 (--grow), and checkpoints. */
static int other(const char *what, const char *db_path)
{
    snprintf(path, sizeof path, "%s", db_path);
    struct db *conn = NULL;
    char err[300];
    if (db_open(path, false, &conn, err, sizeof err) != DB_OK) {
        fprintf(stderr, "%s: %s\n", what, err);
        return 1;
    }
    if (strcmp(what, "--grow") == 0) {
        add_rows(conn, 51, 9000);
    } else if (db_exec(conn, "DELETE FROM t WHERE id > 50") != DB_OK ||
               db_exec(conn, "PRAGMA wal_checkpoint(TRUNCATE)") != DB_OK) {
        fprintf(stderr, "%s: %s\n", what, db_errmsg(conn));
        db_close(conn);
        return 1;
    }
    db_close(conn);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && (strcmp(argv[1], "--shrink") == 0 ||
                      strcmp(argv[1], "--grow") == 0)) {
        return other(argv[1], argv[2]);
    }
    self_exe = argv[0];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_connections_share_one_map_that_grows),
        cmocka_unit_test(test_file_shrunk_by_this_process),
        cmocka_unit_test(test_file_shrunk_by_another_process),
        cmocka_unit_test(test_file_grown_by_another_process),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
