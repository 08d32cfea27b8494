/* The storage backend interface. Two implementations sit behind it:
 * SQLite (embedded default) and PostgreSQL (libpq). Store files speak
 * only this interface and portable SQL (DESIGN.md §3): '?' placeholders,
 * which the PostgreSQL backend renumbers.
 *
 * A struct db is one connection, used by one thread at a time. Statements
 * are prepared once per connection and cached by the address of their SQL
 * text, so pass string literals to db_prepare(). */
#ifndef SGZ_DB_H
#define SGZ_DB_H
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum db_kind { DB_SQLITE, DB_POSTGRES };

enum db_result {
    DB_OK = 0,
    DB_ROW = 1,
    DB_DONE = 2,
    DB_ERROR = -1,
    DB_CONSTRAINT = -2, /* unique, foreign key or check violated */
    DB_BUSY = -3,       /* locked or serialization failure: retry */
};

struct db;
struct db_stmt;

/* Opens "postgres://…" / "postgresql://…" with libpq, anything else as a
 * SQLite file path. create: make the SQLite file when missing. On failure
 * returns DB_ERROR and writes one line into err. */
int db_open(const char *url, bool create, struct db **out, char *err,
            size_t errlen);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);
/* True when the connection is lost (PostgreSQL restarted, network cut):
 * the pool closes such a connection instead of handing it out again. */
bool db_broken(struct db *db);
/* For a connection that sat idle for idle_ms: reads what the server may
 * have said meanwhile, and after a tenth of a second of silence asks the
 * server once (a crashed PostgreSQL says nothing); true when the
 * connection is lost. */
bool db_stale(struct db *db, int64_t idle_ms);
const char *db_errmsg(struct db *db);
bool db_is_postgres_url(const char *url);

struct db_stmt *db_prepare(struct db *db, const char *sql);
void db_bind_int(struct db_stmt *st, int idx, int64_t v); /* 1-based */
void db_bind_text(struct db_stmt *st, int idx, const char *s); /* NULL: null */
void db_bind_null(struct db_stmt *st, int idx);
/* DB_ROW while rows remain, then DB_DONE; or a negative db_result. */
int db_step(struct db_stmt *st);
int64_t db_col_int(struct db_stmt *st, int col); /* 0-based */
/* Valid until the next db_step or db_reset; NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *st, int col);
bool db_col_null(struct db_stmt *st, int col);
/* Clears results and bindings; the statement goes back to the cache. */
void db_reset(struct db_stmt *st);
/* Runs a statement that returns no rows, then resets it; DB_OK or a
 * negative db_result. On PostgreSQL it is only sent, and the server's
 * answer is read with the next statement that needs one: a write in a
 * transaction then costs no round trip of its own. Its failure comes
 * back from that next db_step, db_exec or db_commit on the connection,
 * instead of that call's own result. For writes whose failure fails the
 * whole transaction anyway; SQLite runs it now. */
int db_step_later(struct db_stmt *st);
/* Before the first db_step of a statement that may return very many
 * rows (an export): its rows are read in runs, so that memory does not
 * grow with them. PostgreSQL otherwise hands over a statement's whole
 * result at once; there it runs as a cursor, in a read-only transaction
 * of its own when none is open, which db_reset ends. SQLite reads a row
 * at a time anyway. Other statements may run between its steps. */
void db_read_in_runs(struct db_stmt *st);
/* Rows changed by the last INSERT/UPDATE/DELETE of this statement. */
int64_t db_changes(struct db_stmt *st);

/* Runs SQL text without parameters (may hold several statements). */
int db_exec(struct db *db, const char *sql);
/* SQLite has one writer at a time; connections of one process that
 * share a lock queue for it here instead of in SQLite's busy handler,
 * which sleeps up to 100 ms between tries. NULL: none. */
void db_set_writer_lock(struct db *db, pthread_mutex_t *lock);
/* How much of a SQLite file its connections map into memory (the
 * sqlite_mmap setting); call before opening any. */
void db_sqlite_set_mmap(int64_t bytes);
int db_begin(struct db *db);
/* Several reads as one snapshot, and, on SQLite, one lock instead of one
 * per statement (each takes and drops WAL read locks with system calls).
 * db_read_begin returns whether it opened a transaction (none inside a
 * write, none on PostgreSQL); pass that to db_read_end. A write on the
 * connection (db_begin, db_exec, or a statement that is not read-only)
 * ends the snapshot before it starts. */
bool db_read_begin(struct db *db);
void db_read_end(struct db *db, bool opened);
/* Rolls back a write transaction a caller left open (a bug): the pool
 * calls it before lending the connection again. */
void db_end_abandoned(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);
/* Work that must commit with the next write transaction or not at all,
 * such as marking an Idempotency-Key used: db_commit runs fn once, just
 * before COMMIT, and fails (the caller rolls back) when fn does. NULL
 * clears a hook that has not run. */
void db_on_next_commit(struct db *db, int (*fn)(struct db *db, void *arg),
                       void *arg);

/* Takes the hook db_on_next_commit set, leaving none: for work that
 * will commit on another connection (http/server.c, grouped commits). */
void db_take_commit_hook(struct db *db, int (**fn)(struct db *db, void *arg),
                         void **arg);
/* A part of an open write transaction that can be undone alone (SQL
 * savepoints, not nested here): db_part_end keeps it, db_part_undo
 * rolls it back; either ends it. */
int db_part_begin(struct db *db);
int db_part_end(struct db *db);
int db_part_undo(struct db *db);

/* Copies the whole database while it is in use: SQLite's online backup
 * into the file dest (which must not exist), or pg_dump's custom format
 * for PostgreSQL. DB_OK, or DB_ERROR with a reason in err. */
int db_backup(const char *url, const char *dest, char *err, size_t errlen);
/* The schema version recorded in the backup src of a database like url
 * (a SQLite file, or pg_dump's custom format when url is PostgreSQL),
 * read without writing anything: -1 when src holds no schema_migrations.
 * DB_ERROR with a reason in err when src cannot be read as such. */
int db_backup_version(const char *url, const char *src, int *version,
                      char *err, size_t errlen);
/* Loads a backup made by db_backup into the empty database url. */
int db_restore(const char *url, const char *src, char *err, size_t errlen);

/* The schema version an sgz database records, read without changing
 * anything (a SQLite file is opened read-only, nothing is created): -1
 * when it has no schema_migrations table, 0 when that is empty. DB_OK,
 * or DB_ERROR with a reason in err. */
int db_schema_version(const char *url, int *version, char *err,
                      size_t errlen);
/* How many tables and views the database holds, in any schema; nothing
 * is created. DB_OK or DB_ERROR. */
int db_count_tables(struct db *db, int64_t *n);
/* Copies url into out with its password (user:PASSWORD@, or a password=
 * parameter) replaced by mask, or removed when mask is NULL. Anything
 * that is not a PostgreSQL URL is copied as it is. */
void db_url_redact(const char *url, const char *mask, char *out, size_t len);

/* Runs a statement expected to return one integer; DB_ROW on success. */
int db_query_int(struct db *db, const char *sql, int64_t *out);

#endif
