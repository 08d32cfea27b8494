/* The schema, one numbered step at a time. Never edit a released step:
 * add the next one. Timestamps are Unix seconds UTC, dates 'YYYY-MM-DD'
 * text, money integer fen, booleans 0/1 (DESIGN.md §3). */
#include "migrate.h"

const struct migration migrations[] = {
    {1, "core: regions, settings, profiles, stations, audit log",
     "CREATE TABLE regions ("
     " code TEXT PRIMARY KEY,"
     " name TEXT NOT NULL,"
     " level TEXT NOT NULL,"
     " parent TEXT);"
     "CREATE INDEX regions_parent ON regions (parent, code);"

     "CREATE TABLE settings ("
     " key TEXT PRIMARY KEY,"
     " value TEXT NOT NULL,"
     " updated_at BIGINT NOT NULL);"

     "CREATE TABLE profiles ("
     " name TEXT PRIMARY KEY,"
     " body TEXT NOT NULL,"
     " active BIGINT NOT NULL DEFAULT 0,"
     " updated_at BIGINT NOT NULL);"

     "CREATE TABLE stations ("
     " id {{pk}},"
     " type TEXT NOT NULL,"
     " region_code TEXT NOT NULL REFERENCES regions (code),"
     " name TEXT NOT NULL UNIQUE,"
     " address TEXT NOT NULL DEFAULT '',"
     " phone TEXT NOT NULL DEFAULT '',"
     " opened_on TEXT,"
     " status TEXT NOT NULL DEFAULT 'active',"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL,"
     " UNIQUE (type, region_code));"
     "CREATE INDEX stations_region ON stations (region_code, id);"

     "CREATE TABLE station_facilities ("
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " code TEXT NOT NULL,"
     " met BIGINT NOT NULL,"
     " note TEXT NOT NULL DEFAULT '',"
     " PRIMARY KEY (station_id, code));"

     "CREATE TABLE audit_log ("
     " id {{pk}},"
     " at BIGINT NOT NULL,"
     " actor TEXT NOT NULL,"
     " address TEXT NOT NULL DEFAULT '',"
     " action TEXT NOT NULL,"
     " entity TEXT NOT NULL,"
     " entity_id TEXT NOT NULL DEFAULT '',"
     " result TEXT NOT NULL DEFAULT 'ok',"
     " detail TEXT NOT NULL DEFAULT '',"
     " prev_hash TEXT NOT NULL,"
     " hash TEXT NOT NULL);"},
    {0, NULL, NULL},
};
