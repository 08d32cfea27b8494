#include "region_import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/region_store.h"
#include "../util/embedded.h"
#include "../util/xalloc.h"

static int import_one(struct db *db, const char *name, long *count,
                      char *err, size_t errlen)
{
    char path[64];
    snprintf(path, sizeof path, "divisions/%s", name);
    const struct embedded_file *f = embedded_find(path);
    if (!f) {
        snprintf(err, errlen, "%s is not built into this binary", path);
        return DB_ERROR;
    }
    char sub[400];
    int rc = region_store_import_csv(db, (const char *)f->data, f->len,
                                     NULL, count, sub, sizeof sub);
    if (rc != DB_OK) {
        snprintf(err, errlen, "%s: %s", path, sub);
    }
    return rc;
}

int region_import_embedded(struct db *db,
                           struct region_counts *c, char *err, size_t errlen)
{
    int rc = db_begin(db);
    if (rc != DB_OK) {
        snprintf(err, errlen, "%s", db_errmsg(db));
        return rc;
    }
    if ((rc = import_one(db, "provinces.csv", &c->provinces, err,
                         errlen)) == DB_OK &&
        (rc = import_one(db, "cities.csv", &c->cities, err,
                         errlen)) == DB_OK &&
        (rc = import_one(db, "areas.csv", &c->counties, err,
                         errlen)) == DB_OK &&
        (rc = import_one(db, "streets.csv", &c->townships, err,
                         errlen)) == DB_OK) {
        rc = db_commit(db);
        if (rc != DB_OK) {
            snprintf(err, errlen, "%s", db_errmsg(db));
        }
    }
    if (rc != DB_OK) {
        db_rollback(db);
    }
    return rc;
}

static char *read_file(const char *path, size_t *len, char *err,
                       size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 20, n = 0;
    char *buf = xmalloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

int region_import_villages(struct db *db, const char *dir, const char *prefix,
                           struct region_counts *c, char *err, size_t errlen)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/villages.csv", dir);
    size_t len;
    char *data = read_file(path, &len, err, errlen);
    if (!data) {
        return DB_ERROR;
    }
    int rc = db_begin(db);
    if (rc == DB_OK) {
        char sub[400];
        rc = region_store_import_csv(db, data, len, prefix,
                                     &c->villages, sub, sizeof sub);
        if (rc != DB_OK) {
            snprintf(err, errlen, "%s: %s", path, sub);
        }
    } else {
        snprintf(err, errlen, "%s", db_errmsg(db));
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        db_rollback(db);
    }
    free(data);
    return rc;
}
