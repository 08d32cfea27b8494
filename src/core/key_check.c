#include "key_check.h"

#include <stdlib.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/xalloc.h"

#define CHECK_KEY "key.check"
#define CHECK_TEXT "sgz key check"

/* One sealed value of each kind a database may hold. */
static const char *const samples[] = {
    "SELECT id_number_enc FROM clients WHERE id_number_enc IS NOT NULL "
    "LIMIT 1",
    "SELECT phone_enc FROM clients WHERE phone_enc IS NOT NULL LIMIT 1",
    "SELECT address_enc FROM clients WHERE address_enc IS NOT NULL LIMIT 1",
    "SELECT phone_enc FROM client_guardians WHERE phone_enc IS NOT NULL "
    "LIMIT 1",
};

static bool opens(const unsigned char key[SECRET_KEY_BYTES],
                  const char *sealed, const char *want)
{
    /* The text (base64 of nonce and box) is longer than what it seals:
     * a 200-character address is 600 bytes. */
    size_t max = strlen(sealed) + 1;
    unsigned char *out = xmalloc(max);
    long n = secret_decrypt(key, sealed, out, max);
    bool ok = n >= 0 && (!want || ((size_t)n == strlen(want) &&
                                   memcmp(out, want, (size_t)n) == 0));
    free(out);
    return ok;
}

/* The sealed value of query's first row: 1 and whether it opens, 0 when
 * there is none, or a DB_ error. */
static int try_sample(struct db *db, const unsigned char key[SECRET_KEY_BYTES],
                      const char *sql, const char *bind, const char *want,
                      bool *ok)
{
    struct db_stmt *st = db_prepare(db, sql);
    if (!st) {
        /* A backup of a schema without the table (restored before it
         * migrates) holds nothing sealed there. */
        return bind ? DB_ERROR : 0;
    }
    if (bind) {
        db_bind_text(st, 1, bind);
    }
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *ok = opens(key, db_col_text(st, 0), want);
    }
    db_reset(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

static int write_check(struct db *db, const unsigned char key[SECRET_KEY_BYTES])
{
    char *sealed = secret_encrypt(key, (const unsigned char *)CHECK_TEXT,
                                  strlen(CHECK_TEXT));
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO NOTHING");
    if (!st) {
        free(sealed);
        return DB_ERROR;
    }
    db_bind_text(st, 1, CHECK_KEY);
    db_bind_text(st, 2, sealed);
    db_bind_int(st, 3, cn_now());
    int rc = db_step(st);
    db_reset(st);
    free(sealed);
    return rc == DB_DONE ? DB_OK : rc;
}

int key_check(struct db *db, const unsigned char key[SECRET_KEY_BYTES],
              bool write)
{
    bool ok = false;
    int rc = try_sample(db, key, "SELECT value FROM settings WHERE key = ?",
                        CHECK_KEY, CHECK_TEXT, &ok);
    if (rc != 0) {
        return rc < 0 ? rc : ok ? KEY_MATCHES : KEY_OTHER;
    }
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        rc = try_sample(db, key, samples[i], NULL, NULL, &ok);
        if (rc < 0) {
            return rc;
        }
        if (rc == 1) {
            if (!ok) {
                return KEY_OTHER;
            }
            break;
        }
    }
    if (write && (rc = write_check(db, key)) != DB_OK) {
        return rc;
    }
    return KEY_MATCHES;
}
