/* Health, version and the active policy profile. */
#include <time.h>

#include "../store/migrate.h"
#include "api.h"

void api_health(struct req *r)
{
    /* A load balancer asks many times a second; the database answers for
     * a second at a time. A failure is never remembered. */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t now = ts.tv_sec;
    int64_t version = atomic_load(&r->srv->health_schema);
    int rc = DB_ROW;
    if (version == 0 || now != atomic_load(&r->srv->health_checked_at)) {
        rc = db_query_int(r->db,
                          "SELECT COALESCE(MAX(version), 0) FROM "
                          "schema_migrations",
                          &version);
        atomic_store(&r->srv->health_schema, rc == DB_ROW ? version : 0);
        atomic_store(&r->srv->health_checked_at, now);
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "status", rc == DB_ROW ? "ok" : "unavailable");
    jsonw_kstr(&w, "database",
               db_kind(r->db) == DB_POSTGRES ? "postgres" : "sqlite");
    if (rc == DB_ROW) {
        jsonw_kint(&w, "schema_version", version);
    }
    jsonw_obj_close(&w);
    reply_json(r, rc == DB_ROW ? 200 : 503, &sb);
}

void api_version(struct req *r)
{
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "name", "sgz");
    jsonw_kstr(&w, "version", SGZ_VERSION);
    jsonw_kint(&w, "schema_version", migrate_latest());
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_profile_get(struct req *r)
{
    const struct profile *p = api_profile(r);
    if (!p) {
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    /* The stored text was validated when it was imported. */
    jsonw_raw(&w, p->json);
    reply_json(r, 200, &sb);
}
