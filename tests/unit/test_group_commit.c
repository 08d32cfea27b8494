/* The group commit (store/group_commit.c), with audit rows as the work:
 * every row submitted is committed before its reader hears DB_OK, rows
 * that arrive together share a commit, a work that fails is undone alone
 * and told its own result, commits are at least a window apart, a
 * writer that cannot open its database fails its rows, and stopping
 * writes what is queued. On a SQLite file. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "rule_db.h"
#include "store/audit_store.h"
#include "store/group_commit.h"

/* Where audit_verify would say the chain breaks (never, here). */
static struct audit_break chain_break;

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static struct db *open_db(void *arg)
{
    (void)arg;
    struct db *conn = NULL;
    char err[300];
    return db_open(path, false, &conn, err, sizeof err) == DB_OK ? conn : NULL;
}

static struct db *open_nothing(void *arg)
{
    (void)arg;
    return NULL;
}

/* Readers waiting for their rows. */
struct readers {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int done, ok;
    int64_t done_us[64];
    int64_t in_log_when_told[64];
};

struct reader {
    struct readers *all;
    int index;
    struct audit_entry e;
    char id[16];
    bool fail_after_writing; /* its work writes its row, then fails */
    int rc;                  /* what it was told */
};

static int append_row(struct db *conn, void *arg)
{
    struct reader *r = arg;
    int rc = audit_append(conn, &r->e);
    return rc == DB_OK && r->fail_after_writing ? DB_CONSTRAINT : rc;
}

static int64_t rows_in_log(void)
{
    struct db *conn = open_db(NULL);
    int64_t n = -1;
    if (conn) {
        if (db_query_int(conn, "SELECT COUNT(*) FROM audit_log", &n) !=
            DB_ROW) {
            n = -1;
        }
        db_close(conn);
    }
    return n;
}

static void told(void *arg, int rc)
{
    struct reader *r = arg;
    r->rc = rc;
    /* What another connection sees now: the row must already be there. */
    int64_t seen = rc == DB_OK ? rows_in_log() : -1;
    pthread_mutex_lock(&r->all->mu);
    r->all->done_us[r->index] = now_us();
    r->all->in_log_when_told[r->index] = seen;
    r->all->done++;
    if (rc == DB_OK) {
        r->all->ok++;
    }
    pthread_cond_signal(&r->all->cv);
    pthread_mutex_unlock(&r->all->mu);
}

static void wait_for(struct readers *all, int n)
{
    pthread_mutex_lock(&all->mu);
    while (all->done < n) {
        pthread_cond_wait(&all->cv, &all->mu);
    }
    pthread_mutex_unlock(&all->mu);
}

static void submit_work(struct group_commit *b, struct readers *all,
                        struct reader *r, int index, bool fail)
{
    memset(r, 0, sizeof *r);
    r->all = all;
    r->index = index;
    r->fail_after_writing = fail;
    snprintf(r->id, sizeof r->id, "%d", index + 1);
    r->e = (struct audit_entry){.actor = "w1",
                                .address = "127.0.0.1",
                                .action = "client.read",
                                .entity = "client",
                                .entity_id = r->id};
    group_commit_submit(b, append_row, told, r);
}

static void submit(struct group_commit *b, struct readers *all,
                   struct reader *r, int index)
{
    submit_work(b, all, r, index, false);
}

static void readers_init(struct readers *all)
{
    memset(all, 0, sizeof *all);
    pthread_mutex_init(&all->mu, NULL);
    pthread_cond_init(&all->cv, NULL);
}

static void readers_free(struct readers *all)
{
    pthread_cond_destroy(&all->cv);
    pthread_mutex_destroy(&all->mu);
}

/* The shared test database (rule_db.h), its log emptied; the writer and
 * the checks open connections of their own to the same file. */
static int setup(void **state)
{
    (void)state;
    if (rule_db_open("group-commit", false) != 0) {
        return -1;
    }
    exec("DELETE FROM audit_log");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rule_db_close();
    return 0;
}

static void every_reader_hears_only_after_its_row_is_committed(void **state)
{
    (void)state;
    struct group_commit *b = group_commit_new(open_db, NULL, 2000);
    struct readers all;
    readers_init(&all);
    struct reader r[48];
    for (int i = 0; i < 48; i++) {
        submit(b, &all, &r[i], i);
    }
    wait_for(&all, 48);
    assert_int_equal(all.ok, 48);
    for (int i = 0; i < 48; i++) {
        /* Its own row, and those before it, were in when it was told. */
        assert_true(all.in_log_when_told[i] >= i + 1);
    }
    assert_int_equal(rows_in_log(), 48);
    assert_int_equal(audit_verify(db, &chain_break), 0); /* the chain, intact */
    group_commit_free(b);
    readers_free(&all);
}

static void a_failed_work_is_undone_alone(void **state)
{
    (void)state;
    int64_t before = rows_in_log();
    /* A window wide enough that all five share one transaction. */
    struct group_commit *b = group_commit_new(open_db, NULL, 200 * 1000);
    struct readers all;
    readers_init(&all);
    struct reader r[6];
    submit(b, &all, &r[0], 0);
    wait_for(&all, 1);
    for (int i = 1; i < 6; i++) {
        submit_work(b, &all, &r[i], i, i == 3);
    }
    wait_for(&all, 6);
    assert_int_equal(all.ok, 5);
    assert_int_equal(r[3].rc, DB_CONSTRAINT); /* its own result */
    assert_int_equal(r[4].rc, DB_OK);
    /* Its row is gone, the others' are in, and the chain holds. */
    assert_int_equal(rows_in_log(), before + 5);
    assert_int_equal(audit_verify(db, &chain_break), 0);
    group_commit_free(b);
    readers_free(&all);
}

static void commits_are_a_window_apart(void **state)
{
    (void)state;
    const int64_t window = 400 * 1000; /* wide: a busy CI machine */
    struct group_commit *b = group_commit_new(open_db, NULL, window);
    struct readers all;
    readers_init(&all);
    struct reader r[3];
    int64_t t0 = now_us();
    submit(b, &all, &r[0], 0);
    wait_for(&all, 1);
    /* An idle writer commits at once. */
    assert_true(all.done_us[0] - t0 < window);
    submit(b, &all, &r[1], 1);
    submit(b, &all, &r[2], 2);
    wait_for(&all, 3);
    assert_int_equal(all.ok, 3);
    /* The next commit waited out the window, and took both rows: when
     * the first of them was told, the second was in the log too. */
    assert_true(all.done_us[1] - t0 >= window);
    assert_true(all.done_us[2] - t0 >= window);
    assert_true(all.in_log_when_told[1] >= 3);
    group_commit_free(b);
    readers_free(&all);
}

static void stopping_writes_what_is_queued_and_refuses_the_rest(void **state)
{
    (void)state;
    int64_t before = rows_in_log();
    /* A long window: the queued rows are written by stop, not by time. */
    struct group_commit *b = group_commit_new(open_db, NULL, 1000000);
    struct readers all;
    readers_init(&all);
    struct reader r[6];
    submit(b, &all, &r[0], 0);
    wait_for(&all, 1);
    for (int i = 1; i < 5; i++) {
        submit(b, &all, &r[i], i);
    }
    int64_t t0 = now_us();
    group_commit_stop(b);
    assert_true(now_us() - t0 < 900000); /* not the window's second */
    assert_int_equal(all.done, 5);
    assert_int_equal(all.ok, 5);
    assert_int_equal(rows_in_log(), before + 5);
    /* After stop: told at once, and nothing written. */
    submit(b, &all, &r[5], 5);
    assert_int_equal(all.done, 6);
    assert_int_equal(all.ok, 5);
    assert_int_equal(rows_in_log(), before + 5);
    group_commit_free(b);
    readers_free(&all);
}

static void a_writer_without_a_database_fails_its_rows(void **state)
{
    (void)state;
    int64_t before = rows_in_log();
    struct group_commit *b = group_commit_new(open_nothing, NULL, 0);
    struct readers all;
    readers_init(&all);
    struct reader r[3];
    for (int i = 0; i < 3; i++) {
        submit(b, &all, &r[i], i);
    }
    wait_for(&all, 3);
    assert_int_equal(all.ok, 0);
    assert_int_equal(rows_in_log(), before);
    group_commit_free(b);
    readers_free(&all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_reader_hears_only_after_its_row_is_committed),
        cmocka_unit_test(a_failed_work_is_undone_alone),
        cmocka_unit_test(commits_are_a_window_apart),
        cmocka_unit_test(stopping_writes_what_is_queued_and_refuses_the_rest),
        cmocka_unit_test(a_writer_without_a_database_fails_its_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
