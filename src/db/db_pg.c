/* PostgreSQL backend through libpq. Statements are prepared server-side
 * once per connection; '?' placeholders become $1, $2, … here. Values
 * travel as text, so a column reads back the same way on both backends. */
#include "db_impl.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/strbuf.h"
#include "../util/xalloc.h"

struct pg_db {
    struct db base;
    PGconn *h;
    int next_id;
    char err[512];
    /* Statements sent in pipeline mode (db_step_later) whose answers are
     * not read yet, and the first failure among those read, which the
     * next db_step or db_exec returns. */
    int queued;
    int failed;
};

struct pg_stmt {
    struct db_stmt base;
    char name[16];
    int nparams;
    char **values;      /* owned copies, NULL for SQL NULL */
    PGresult *res;
    int row, nrows;
    int64_t changes;
    /* db_read_in_runs: read through a cursor, a run at a time. declared:
     * its DECLARE is prepared on this connection (as "<name>d"); open:
     * the cursor ("c<name>") is; began: the cursor's own transaction. */
    bool runs, declared, open, began;
};

static struct pg_db *pdb(struct db *db)
{
    return (struct pg_db *)db;
}

static struct pg_stmt *pst(struct db_stmt *st)
{
    return (struct pg_stmt *)st;
}

static void set_err(struct pg_db *db, const char *msg)
{
    snprintf(db->err, sizeof db->err, "%s", msg ? msg : "unknown error");
    size_t n = strlen(db->err);
    while (n > 0 && (db->err[n - 1] == '\n' || db->err[n - 1] == ' ')) {
        db->err[--n] = 0;
    }
}

/* Maps a failed result to a db_result by its SQLSTATE class. A lost
 * connection is DB_BUSY: the request may be retried, and the pool will
 * open a new connection. */
static int map_result(struct pg_db *db, PGresult *res)
{
    set_err(db, PQresultErrorMessage(res));
    if (PQstatus(db->h) == CONNECTION_BAD) {
        return DB_BUSY;
    }
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (state && strncmp(state, "23", 2) == 0) {
        return DB_CONSTRAINT;
    }
    if (state && (strcmp(state, "40001") == 0 ||
                  strcmp(state, "40P01") == 0 ||
                  strcmp(state, "55P03") == 0)) {
        return DB_BUSY;
    }
    return DB_ERROR;
}

/* Reads the answers of the statements sent in pipeline mode, up to a
 * sync point, and leaves pipeline mode; the first failure is kept in
 * d->failed. With last, the answer of the last one sent is handed over
 * there instead (NULL when the connection broke first). Every call that
 * waits for the server comes here first. */
static void settle(struct pg_db *d, PGresult **last)
{
    if (!d->queued) {
        if (PQpipelineStatus(d->h) != PQ_PIPELINE_OFF) {
            PQexitPipelineMode(d->h);
        }
        return;
    }
    int rc = DB_OK;
    if (!PQpipelineSync(d->h)) {
        set_err(d, PQerrorMessage(d->h));
        rc = DB_BUSY;
    }
    /* Each statement's results end with a NULL; the sync point ends all.
     * A lost connection ends it too. */
    for (int ends = 0;;) {
        PGresult *res = PQgetResult(d->h);
        if (!res) {
            if (++ends > d->queued || PQstatus(d->h) == CONNECTION_BAD) {
                break;
            }
            continue;
        }
        ExecStatusType status = PQresultStatus(res);
        if (status == PGRES_PIPELINE_SYNC) {
            PQclear(res);
            break;
        }
        if (last && ends == d->queued - 1 && !*last) {
            *last = res;
            continue;
        }
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
            status != PGRES_PIPELINE_ABORTED && rc == DB_OK) {
            rc = map_result(d, res);
        }
        PQclear(res);
    }
    d->queued = 0;
    if (!PQexitPipelineMode(d->h) && rc == DB_OK) {
        set_err(d, PQerrorMessage(d->h));
        rc = DB_ERROR;
    }
    if (d->failed == DB_OK) {
        d->failed = rc;
    }
}

/* The failure settle() kept, once. */
static int take_failure(struct pg_db *d)
{
    settle(d, NULL);
    int rc = d->failed;
    d->failed = DB_OK;
    return rc;
}

static void clear_values(struct pg_stmt *st)
{
    for (int i = 0; i < st->nparams; i++) {
        free(st->values[i]);
        st->values[i] = NULL;
    }
}

static void finalize(struct db_stmt *s)
{
    struct pg_stmt *st = pst(s);
    PQclear(st->res);
    clear_values(st);
    free(st->values);
    free(st);
}

static void pg_close(struct db *db)
{
    settle(pdb(db), NULL);
    stmt_cache_free(db->cache, finalize);
    PQfinish(pdb(db)->h);
    free(db);
}

/* '?' outside quotes becomes $n; returns the number of parameters. */
static int renumber(const char *sql, struct strbuf *out)
{
    int n = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote) {
                quote = 0;
            }
            strbuf_addc(out, *p);
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            strbuf_addc(out, *p);
        } else if (*p == '?') {
            strbuf_printf(out, "$%d", ++n);
        } else {
            strbuf_addc(out, *p);
        }
    }
    return n;
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql)
{
    struct pg_db *d = pdb(db);
    struct strbuf text;
    strbuf_init(&text);
    int n = renumber(sql, &text);
    struct pg_stmt *st = xcalloc(1, sizeof *st);
    snprintf(st->name, sizeof st->name, "s%d", ++d->next_id);
    settle(d, NULL); /* PQprepare waits; a failure waits for a step */
    PGresult *res = PQprepare(d->h, st->name, text.buf, 0, NULL);
    strbuf_free(&text);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        map_result(d, res);
        PQclear(res);
        free(st);
        return NULL;
    }
    PQclear(res);
    st->base.db = db;
    st->base.sql = sql;
    st->nparams = n;
    st->values = xcalloc((size_t)(n ? n : 1), sizeof *st->values);
    return &st->base;
}

static void set_value(struct db_stmt *s, int idx, char *v)
{
    struct pg_stmt *st = pst(s);
    if (idx < 1 || idx > st->nparams) {
        free(v);
        return;
    }
    free(st->values[idx - 1]);
    st->values[idx - 1] = v;
}

static void pg_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%" PRId64, v);
    set_value(st, idx, xstrdup(tmp));
}

static void pg_bind_text(struct db_stmt *st, int idx, const char *s)
{
    set_value(st, idx, s ? xstrdup(s) : NULL);
}

static void pg_bind_null(struct db_stmt *st, int idx)
{
    set_value(st, idx, NULL);
}

static int step_in_runs(struct pg_stmt *st);

static int pg_step(struct db_stmt *s)
{
    struct pg_stmt *st = pst(s);
    if (st->runs) {
        return step_in_runs(st);
    }
    if (!st->res) {
        struct pg_db *d = pdb(s->db);
        /* After writes sent without waiting: this statement joins them,
         * and one round trip answers all. */
        if (d->queued && PQsendQueryPrepared(d->h, st->name, st->nparams,
                                             (const char *const *)st->values,
                                             NULL, NULL, 0)) {
            d->queued++;
            settle(d, &st->res);
        }
        int failed = take_failure(d);
        if (failed != DB_OK) {
            PQclear(st->res);
            st->res = NULL;
            return failed;
        }
        if (!st->res) {
            st->res = PQexecPrepared(d->h, st->name, st->nparams,
                                     (const char *const *)st->values, NULL,
                                     NULL, 0);
        }
        ExecStatusType status = PQresultStatus(st->res);
        if (status == PGRES_COMMAND_OK) {
            const char *t = PQcmdTuples(st->res);
            st->changes = *t ? strtoll(t, NULL, 10) : 0;
            st->nrows = 0;
        } else if (status == PGRES_TUPLES_OK) {
            const char *t = PQcmdTuples(st->res);
            st->changes = *t ? strtoll(t, NULL, 10) : 0;
            st->nrows = PQntuples(st->res);
        } else {
            int rc = map_result(d, st->res);
            PQclear(st->res);
            st->res = NULL;
            return rc;
        }
        st->row = -1;
    }
    st->row++;
    return st->row < st->nrows ? DB_ROW : DB_DONE;
}

static int64_t pg_col_int(struct db_stmt *s, int col)
{
    struct pg_stmt *st = pst(s);
    if (!st->res || PQgetisnull(st->res, st->row, col)) {
        return 0;
    }
    /* A boolean (EXISTS, a comparison) reads as 1 or 0, as in SQLite;
     * libpq gives it as "t" or "f". */
    if (PQftype(st->res, col) == 16 /* BOOLOID */) {
        return PQgetvalue(st->res, st->row, col)[0] == 't';
    }
    return strtoll(PQgetvalue(st->res, st->row, col), NULL, 10);
}

static const char *pg_col_text(struct db_stmt *s, int col)
{
    struct pg_stmt *st = pst(s);
    if (!st->res || PQgetisnull(st->res, st->row, col)) {
        return NULL;
    }
    return PQgetvalue(st->res, st->row, col);
}

static bool pg_col_null(struct db_stmt *s, int col)
{
    struct pg_stmt *st = pst(s);
    return !st->res || PQgetisnull(st->res, st->row, col);
}

static void close_cursor(struct pg_stmt *st);

static void pg_reset(struct db_stmt *s)
{
    struct pg_stmt *st = pst(s);
    close_cursor(st);
    PQclear(st->res);
    st->res = NULL;
    st->nrows = 0;
    clear_values(st);
}

static int64_t pg_changes(struct db_stmt *s)
{
    return pst(s)->changes;
}

/* Runs even after a failure of a statement sent earlier, which it then
 * returns: a ROLLBACK must still roll back, and a COMMIT of a failed
 * transaction does. */
static int pg_exec(struct db *db, const char *sql)
{
    struct pg_db *d = pdb(db);
    int failed = take_failure(d);
    PGresult *res = PQexec(d->h, sql);
    ExecStatusType status = PQresultStatus(res);
    int rc = DB_OK;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        rc = map_result(d, res);
    }
    PQclear(res);
    return failed != DB_OK ? failed : rc;
}

/* Answers not read at most: the server stops reading statements while
 * its answers wait unread, and a client that only sends would wait for
 * it forever once the sockets' buffers are full. */
#define PIPELINE_MAX 256

/* Sends the statement in pipeline mode without waiting (settle reads
 * the answer). */
static int pg_step_later(struct db_stmt *s)
{
    struct pg_stmt *st = pst(s);
    struct pg_db *d = pdb(s->db);
    if (d->queued >= PIPELINE_MAX) {
        settle(d, NULL); /* a failure waits for the next step */
    }
    if (PQpipelineStatus(d->h) == PQ_PIPELINE_OFF &&
        !PQenterPipelineMode(d->h)) {
        int rc = pg_step(s);
        return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
    }
    if (!PQsendQueryPrepared(d->h, st->name, st->nparams,
                             (const char *const *)st->values, NULL, NULL,
                             0)) {
        set_err(d, PQerrorMessage(d->h));
        settle(d, NULL);
        return PQstatus(d->h) == CONNECTION_BAD ? DB_BUSY : DB_ERROR;
    }
    d->queued++;
    return DB_OK;
}

/* Rows a cursor hands over at a time: an export's memory is one run's. */
#define RUN_ROWS 256

static void pg_read_in_runs(struct db_stmt *s)
{
    pst(s)->runs = true;
}

/* Runs a command whose answer carries no rows; DB_OK or its failure. */
static int command(struct pg_db *d, const char *sql)
{
    PGresult *res = PQexec(d->h, sql);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? DB_OK
                                                      : map_result(d, res);
    PQclear(res);
    return rc;
}

/* The statement's own text as "DECLARE c<name> NO SCROLL CURSOR FOR …",
 * prepared once per connection beside the statement. A cursor lives only
 * in a transaction: one is begun, read-only, when none is open. */
static int open_cursor(struct pg_db *d, struct pg_stmt *st)
{
    int rc = take_failure(d);
    if (rc == DB_OK && PQtransactionStatus(d->h) == PQTRANS_IDLE) {
        rc = command(d, "BEGIN READ ONLY");
        st->began = rc == DB_OK;
    }
    char declare[24];
    snprintf(declare, sizeof declare, "%sd", st->name);
    if (rc == DB_OK && !st->declared) {
        struct strbuf text;
        strbuf_init(&text);
        strbuf_printf(&text, "DECLARE c%s NO SCROLL CURSOR FOR ", st->name);
        renumber(st->base.sql, &text);
        PGresult *res = PQprepare(d->h, declare, text.buf, 0, NULL);
        strbuf_free(&text);
        rc = PQresultStatus(res) == PGRES_COMMAND_OK ? DB_OK
                                                      : map_result(d, res);
        PQclear(res);
        st->declared = rc == DB_OK;
    }
    if (rc == DB_OK) {
        PGresult *res =
            PQexecPrepared(d->h, declare, st->nparams,
                           (const char *const *)st->values, NULL, NULL, 0);
        rc = PQresultStatus(res) == PGRES_COMMAND_OK ? DB_OK
                                                      : map_result(d, res);
        PQclear(res);
        st->open = rc == DB_OK;
    }
    return rc;
}

/* The cursor's next run into st->res; DB_ROW when it holds one. */
static int fetch_run(struct pg_db *d, struct pg_stmt *st)
{
    char sql[48];
    snprintf(sql, sizeof sql, "FETCH %d FROM c%s", RUN_ROWS, st->name);
    PQclear(st->res);
    st->res = PQexec(d->h, sql);
    st->row = 0;
    st->nrows = 0;
    if (PQresultStatus(st->res) != PGRES_TUPLES_OK) {
        int rc = map_result(d, st->res);
        PQclear(st->res);
        st->res = NULL;
        return rc;
    }
    st->nrows = PQntuples(st->res);
    return st->nrows > 0 ? DB_ROW : DB_DONE;
}

/* Statements run between two steps (a row's categories, say) share the
 * connection: a cursor lets them, where libpq's single-row mode would
 * not until the whole result has been read. */
static int step_in_runs(struct pg_stmt *st)
{
    struct pg_db *d = pdb(st->base.db);
    if (!st->open) {
        int rc = open_cursor(d, st);
        return rc == DB_OK ? fetch_run(d, st) : rc;
    }
    if (++st->row < st->nrows) {
        return DB_ROW;
    }
    return st->nrows < RUN_ROWS ? DB_DONE : fetch_run(d, st);
}

/* From db_reset: the cursor closed, its transaction ended (a failed one
 * is rolled back by its COMMIT), and the statement back to reading all
 * at once for its next use. A failed transaction has no cursor to
 * close, and asking would put its own error in place of the failure the
 * caller is about to report. */
static void close_cursor(struct pg_stmt *st)
{
    struct pg_db *d = pdb(st->base.db);
    if (st->open) {
        settle(d, NULL);
    }
    if (st->open && PQtransactionStatus(d->h) == PQTRANS_INTRANS) {
        char sql[32];
        snprintf(sql, sizeof sql, "CLOSE c%s", st->name);
        command(d, sql);
    }
    st->open = false;
    if (st->began) {
        settle(d, NULL);
        command(d, "COMMIT");
        st->began = false;
    }
    st->runs = false;
}

static bool pg_in_transaction(struct db *db)
{
    struct pg_db *d = pdb(db);
    settle(d, NULL);
    return PQtransactionStatus(d->h) != PQTRANS_IDLE &&
           PQtransactionStatus(d->h) != PQTRANS_UNKNOWN;
}

static const char *pg_errmsg(struct db *db)
{
    struct pg_db *d = pdb(db);
    if (!d->err[0]) {
        set_err(d, PQerrorMessage(d->h));
    }
    return d->err;
}

static bool pg_broken(struct db *db)
{
    return PQstatus(pdb(db)->h) == CONNECTION_BAD;
}

static bool pg_stale(struct db *db, int64_t idle_ms)
{
    PGconn *h = pdb(db)->h;
    if (PQstatus(h) == CONNECTION_BAD) {
        return true;
    }
    struct pollfd p = {.fd = PQsocket(h), .events = POLLIN};
    /* Readable while idle: a termination notice or a closed socket. */
    if (p.fd >= 0 && poll(&p, 1, 0) > 0 && !PQconsumeInput(h)) {
        return true;
    }
    if (PQstatus(h) == CONNECTION_BAD) {
        return true;
    }
    if (idle_ms >= 100) {
        /* A busy pool never gets here; an idle one pays one round trip. */
        PGresult *res = PQexec(h, "SELECT 1");
        bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
        PQclear(res);
        return !ok;
    }
    return false;
}

static const struct db_ops pg_ops = {
    .close = pg_close,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .step_later = pg_step_later,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_null = pg_col_null,
    .reset = pg_reset,
    .changes = pg_changes,
    .exec = pg_exec,
    .errmsg = pg_errmsg,
    .broken = pg_broken,
    .stale = pg_stale,
    .in_transaction = pg_in_transaction,
    .read_in_runs = pg_read_in_runs,
    .begin_sql = "BEGIN",
};

static void quiet_notices(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

int db_pg_open(const char *url, struct db **out, char *err, size_t errlen)
{
    /* expand_dbname lets the URL carry everything; connect_timeout keeps
     * an unanswering server from hanging start-up. */
    const char *keys[] = {"dbname", "connect_timeout", "application_name",
                          NULL};
    const char *vals[] = {url, "5", "sgz", NULL};
    PGconn *h = PQconnectdbParams(keys, vals, 1);
    if (!h || PQstatus(h) != CONNECTION_OK) {
        const char *msg = h ? PQerrorMessage(h) : "out of memory";
        char line[400];
        snprintf(line, sizeof line, "%s", msg);
        for (char *p = line; *p; p++) {
            if (*p == '\n') {
                *p = ' ';
            }
        }
        snprintf(err, errlen, "cannot connect to PostgreSQL: %s", line);
        PQfinish(h);
        return DB_ERROR;
    }
    PQsetNoticeProcessor(h, quiet_notices, NULL);
    PGresult *res = PQexec(h, "SET client_min_messages = warning; "
                              "SET TIME ZONE 'UTC'");
    PQclear(res);
    struct pg_db *db = xcalloc(1, sizeof *db);
    db->base.ops = &pg_ops;
    db->base.kind = DB_POSTGRES;
    db->base.cache = stmt_cache_new();
    db->h = h;
    *out = &db->base;
    return DB_OK;
}
