/* The summaries statistics read (DESIGN.md §7): per station and Beijing
 * month, what adds up (stats_services, stats_categories) and who was
 * served (stats_distinct). Each is defined once here as a query over
 * the records; a station's month is recomputed from that definition
 * whenever one of its records changes, in the writer's transaction, so
 * the summaries cannot drift from the records. */
#ifndef SGZ_STATS_STORE_H
#define SGZ_STATS_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "../db/db.h"

/* The month of a record that started at started_at, at station_id:
 * recomputed. In the caller's transaction. */
int stats_store_refresh(struct db *db, int64_t station_id, int64_t started_at);
/* Whether two instants fall in the same Beijing month. */
bool stats_same_month(int64_t a, int64_t b);
/* Every month of every station in which client_id was served: after
 * her categories changed or another record was merged into hers. */
int stats_store_refresh_client(struct db *db, int64_t client_id);
/* All summaries recomputed, in a transaction of its own, when they were
 * never built (the first start after the migration) or when forced
 * (after the demo wrote records around the store). *built: whether it
 * did. */
int stats_store_sync(struct db *db, bool force, bool *built);

/* The FROM items statistics read: the summary tables, or the same
 * figures computed from the records on the spot (for the check). */
#define STATS_SERVICES_TABLE "stats_services"
#define STATS_CATEGORIES_TABLE "stats_categories"
#define STATS_DISTINCT_TABLE "stats_distinct"

#define STATS_MONTH_OF(DAY) "substr(" DAY ", 1, 7)"

#define STATS_SERVICES_DEF(WHERE)                                             \
    "SELECT v.station_id AS station_id, " STATS_MONTH_OF(                     \
        "v.service_day") " AS month, v.type AS type, v.area AS area, "        \
                         "COUNT(*) "                                          \
                         "AS records, "                                       \
                         "SUM((SELECT COUNT(*) FROM service_clients c WHERE " \
                         "c.service_id = "                                    \
                         "v.id)) AS pairs, SUM(v.extra_attendees) AS extra, " \
                         "SUM(v.minutes) AS "                                 \
                         "minutes, SUM(v.resource_value) AS resource_fen "    \
                         "FROM "                                              \
                         "services v WHERE " WHERE                            \
                         " GROUP BY v.station_id, " STATS_MONTH_OF(           \
                             "v.service_day") ", v.type, v.area"

/* A client counts under each category she held on the record's day
 * (ended_on is the last day held). */
#define STATS_HELD_ON_DAY                                                     \
    "JOIN client_categories k ON k.client_id = c.client_id AND "              \
    "k.started_on <= v.service_day AND (k.ended_on IS NULL OR k.ended_on "    \
    ">= v.service_day) "

#define STATS_CATEGORIES_DEF(WHERE)                                           \
    "SELECT v.station_id AS station_id, " STATS_MONTH_OF(                     \
        "v.service_day") " AS month, k.code AS category, v.type AS type, "    \
                         "v.area AS area, "                                   \
                         "COUNT(*) AS pairs FROM services v JOIN "            \
                         "service_clients c ON "                              \
                         "c.service_id = v.id " STATS_HELD_ON_DAY             \
                         "WHERE " WHERE " GROUP BY "                          \
                         "v.station_id, " STATS_MONTH_OF(                     \
                             "v.service_day") ", k.code, v.type, "            \
                                              "v.area"

#define STATS_DISTINCT_PART_(DIM, VALUE, JOIN, WHERE)                         \
    "SELECT DISTINCT " DIM                                                    \
    " AS dim, v.station_id AS station_id, " STATS_MONTH_OF(                   \
        "v.service_day") " AS month, " VALUE " AS value, "                    \
                         "c.client_id AS item FROM services v JOIN "          \
                         "service_clients c ON "                              \
                         "c.service_id = v.id " JOIN "WHERE " WHERE

#define STATS_DISTINCT_DEF(WHERE)                                                                                                           \
    STATS_DISTINCT_PART_("''", "''", "", WHERE)                                                                                             \
    " UNION ALL " STATS_DISTINCT_PART_(                                                                                                     \
        "'type'", "v.type", "",                                                                                                             \
        WHERE) " UNION ALL " STATS_DISTINCT_PART_("'area'", "v.area", "",                                                                   \
                                                  WHERE) " UNION "                                                                          \
                                                         "ALL"                                                                              \
                                                         " " STATS_DISTINCT_PART_(                                                          \
                                                             "'category'",                                                                  \
                                                             "k.code",                                                                      \
                                                             STATS_HELD_ON_DAY,                                                             \
                                                             WHERE) " UNION "                                                               \
                                                                    "ALL "                                                                  \
                                                                    "SELECT "                                                               \
                                                                    "DISTINC"                                                               \
                                                                    "T "                                                                    \
                                                                    "'group'"                                                               \
                                                                    ", "                                                                    \
                                                                    "v."                                                                    \
                                                                    "station"                                                               \
                                                                    "_id,"                                                                  \
                                                                    " " STATS_MONTH_OF("v.service_day") ", '', v.group_id FROM services v " \
                                                                                                        "WHERE v.group_id IS NOT NULL AND " WHERE

#endif
