#include "scope.h"

#include <string.h>

#include "../core/region_code.h"
#include "../db/db.h"

const struct scope scope_all = {.all = true};

bool scope_has_station(const struct scope *s, int64_t id,
                       const char *region_code)
{
    if (s->all) {
        return true;
    }
    if (s->region_prefix &&
        strncmp(region_code, s->region_prefix, strlen(s->region_prefix)) ==
            0) {
        return true;
    }
    for (size_t i = 0; i < s->n_stations; i++) {
        if (s->stations[i] == id) {
            return true;
        }
    }
    return false;
}

bool scope_few_stations(const struct scope *s)
{
    /* A county's code has 6 digits; a city's 4 covers a tenth of a
     * province, where walking the province's indexes still finds a page
     * sooner than reading every station's clients. */
    return !s->all && (!s->region_prefix || strlen(s->region_prefix) >= 6);
}

bool scope_has_region(const struct scope *s, const char *region_code)
{
    return s->all ||
           (s->region_prefix && region_code &&
            strncmp(region_code, s->region_prefix,
                    strlen(s->region_prefix)) == 0);
}

void scope_bind(struct db_stmt *st, int first, const struct scope *sc)
{
    char upper[13];
    db_bind_int(st, first, sc->all ? 1 : 0);
    if (sc->region_prefix) {
        region_code_upper(sc->region_prefix, upper);
        db_bind_text(st, first + 1, sc->region_prefix);
        db_bind_text(st, first + 2, upper);
    } else {
        db_bind_text(st, first + 1, "x"); /* an empty range */
        db_bind_text(st, first + 2, "");
    }
    db_bind_int(st, first + 3, sc->stations_of_user);
}

void scope_bind_own_org(struct db_stmt *st, int i, const struct scope *sc)
{
    /* Only a range of listed stations names its user; an org_admin's
     * is one (scope_for_org_admin). */
    db_bind_int(st, i, sc->all ? 0 : sc->stations_of_user);
}

int scope_widen(struct db *db, const struct scope *sc, struct scope *out)
{
    *out = *sc;
    if (sc->all || !sc->region_prefix) {
        return DB_OK;
    }
    char upper[13];
    region_code_upper(sc->region_prefix, upper);
    struct db_stmt *st = db_prepare(
        db, "SELECT 1 WHERE EXISTS (SELECT 1 FROM stations WHERE "
            "region_code < ?) OR EXISTS (SELECT 1 FROM stations WHERE "
            "region_code > ?)");
    if (!st) {
        return DB_ERROR;
    }
    db_bind_text(st, 1, sc->region_prefix);
    db_bind_text(st, 2, upper);
    int rc = db_step(st);
    db_reset(st);
    if (rc == DB_DONE) {
        out->all = true; /* no station lies outside the prefix */
    }
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

void scope_for_org_admin(struct scope *s, int64_t user_id)
{
    s->all = false;
    s->region_prefix = NULL;
    s->stations_of_user = user_id;
    /* A range "self" (the default a new account gets) narrows a worker's
     * lists to her own clients; an organisation has none of its own and
     * saw empty lists beside its stations' figures. */
    s->self_user = 0;
}
