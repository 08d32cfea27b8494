/* The reference for creating a client: a bare C program that inserts the
 * same row sgz writes (a client with its sealed fields, one category and
 * one audit row), each in its own durable transaction (WAL,
 * synchronous=FULL), for a number of seconds; prints inserts per second.
 *   insert DB SECONDS */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "insert: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: insert DB SECONDS\n");
        return 2;
    }
    sqlite3 *db;
    check(sqlite3_open(argv[1], &db), db, "open");
    check(sqlite3_exec(db,
                       "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                       "CREATE TABLE IF NOT EXISTS c (id INTEGER PRIMARY KEY,"
                       " station_id INT, name TEXT, name_pinyin TEXT,"
                       " name_initials TEXT, id_enc TEXT, id_blind TEXT UNIQUE,"
                       " id_masked TEXT, sex TEXT, birth TEXT, phone_enc TEXT,"
                       " phone_blind TEXT, phone_masked TEXT, version INT,"
                       " created_at INT, updated_at INT);"
                       "CREATE INDEX IF NOT EXISTS c1 ON c (station_id,"
                       " name_pinyin, id);"
                       "CREATE INDEX IF NOT EXISTS c2 ON c (name_pinyin, id);"
                       "CREATE INDEX IF NOT EXISTS c3 ON c (name_initials, id);"
                       "CREATE INDEX IF NOT EXISTS c4 ON c (phone_blind);"
                       "CREATE TABLE IF NOT EXISTS k (id INTEGER PRIMARY KEY,"
                       " client_id INT, code TEXT, started_on TEXT);"
                       "CREATE INDEX IF NOT EXISTS k1 ON k (client_id);"
                       "CREATE TABLE IF NOT EXISTS a (id INTEGER PRIMARY KEY,"
                       " at INT, actor TEXT, action TEXT, entity_id TEXT,"
                       " detail TEXT, hash TEXT);",
                       NULL, NULL, NULL),
          db, "schema");
    sqlite3_stmt *ins, *cat, *aud;
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO c (station_id, name, name_pinyin,"
                             " name_initials, id_enc, id_blind, id_masked, sex,"
                             " birth, phone_enc, phone_blind, phone_masked,"
                             " version, created_at, updated_at) VALUES (2,"
                             " '张三', 'zhangsan', 'zs', ?, ?, "
                             "'4302**********0019', 'M', '1980-01-01', ?, ?,"
                             " '138****8000', 1, ?, ?)",
                             -1, &ins, NULL),
          db, "prepare");
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO k (client_id, code, started_on) "
                             "VALUES (?, 'dibao', '2020-01-01')",
                             -1, &cat, NULL),
          db, "prepare");
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO a (at, actor, action, entity_id,"
                             " detail, hash) VALUES (?, 'bench', "
                             "'client.create', ?, ?, ?)",
                             -1, &aud, NULL),
          db, "prepare");
    /* Ciphertexts and hashes of the sizes sgz stores. */
    const char *enc = "3q2+7w1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
                      "MNOPQRSTUVWXYZ0123456789";
    const char *detail = "{\"after\":{\"station_id\":2,\"name\":\"张三\","
                         "\"id_number\":\"4302**********0019\"}}";
    double end = now() + atof(argv[2]), start = now();
    long n = 0;
    char blind[40], hash[70];
    while (now() < end) {
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db,
              "begin");
        snprintf(blind, sizeof blind, "%032lx", (unsigned long)n * 2654435761u);
        sqlite3_bind_text(ins, 1, enc, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, blind, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, enc, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, blind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 5, (sqlite3_int64)n);
        sqlite3_bind_int64(ins, 6, (sqlite3_int64)n);
        check(sqlite3_step(ins), db, "insert");
        sqlite3_reset(ins);
        sqlite3_int64 id = sqlite3_last_insert_rowid(db);
        sqlite3_bind_int64(cat, 1, id);
        check(sqlite3_step(cat), db, "category");
        sqlite3_reset(cat);
        snprintf(hash, sizeof hash, "%064lx", (unsigned long)n);
        sqlite3_bind_int64(aud, 1, (sqlite3_int64)n);
        sqlite3_bind_int64(aud, 2, id);
        sqlite3_bind_text(aud, 3, detail, -1, SQLITE_STATIC);
        sqlite3_bind_text(aud, 4, hash, -1, SQLITE_STATIC);
        check(sqlite3_step(aud), db, "audit");
        sqlite3_reset(aud);
        check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
        n++;
    }
    printf("%.0f\n", n / (now() - start));
    sqlite3_finalize(ins);
    sqlite3_finalize(cat);
    sqlite3_finalize(aud);
    sqlite3_close(db);
    return 0;
}
