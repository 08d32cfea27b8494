/* The summaries statistics read (DESIGN.md §7): per station and Beijing
 * month, what adds up (stats_services, stats_months, stats_categories,
 * stats_category_months)
 * and who was served (stats_distinct, compact sets of ids). Each is
 * defined once here as a query over the records; a station's month is
 * recomputed from that definition whenever one of its records changes,
 * in the writer's transaction, so the summaries cannot drift from the
 * records. */
#ifndef SGZ_STATS_STORE_H
#define SGZ_STATS_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"

/* The month of a record that started at started_at, at station_id:
 * recomputed. In the caller's transaction. */
int stats_store_refresh(struct db *db, int64_t station_id,
                        int64_t started_at);
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

/* A set of ids as stats_distinct.items keeps it: ascending, as decimal
 * differences separated by commas ("5,12,3" is 5, 17, 20). A single id
 * is a set of one. Appends the ids of text to *ids (grown with realloc:
 * *n, *cap); -1 on a malformed text or no memory. */
int stats_set_decode(const char *text, int64_t **ids, size_t *n,
                     size_t *cap);

/* clang-format off */

/* The FROM items statistics read: the summary tables, or the same
 * figures computed from the records on the spot (for the check). */
#define STATS_SERVICES_TABLE "stats_services"
#define STATS_MONTHS_TABLE "stats_months"
#define STATS_CATEGORY_MONTHS_TABLE "stats_category_months"
#define STATS_CATEGORIES_TABLE "stats_categories"
#define STATS_DISTINCT_TABLE "stats_distinct"

#define STATS_MONTH_OF(DAY) "substr(" DAY ", 1, 7)"

#define STATS_SERVICES_DEF(WHERE)                                           \
    "SELECT v.station_id AS station_id, " STATS_MONTH_OF("v.service_day")   \
    " AS month, v.type AS type, v.area AS area, COUNT(*) AS records, "      \
    "SUM((SELECT COUNT(*) FROM service_clients c WHERE c.service_id = "     \
    "v.id)) AS pairs, SUM(v.extra_attendees) AS extra, SUM(v.minutes) AS "  \
    "minutes, SUM(v.resource_value) AS resource_fen, SUM(CASE WHEN "        \
    "v.crisis_result = 'resolved' THEN 1 ELSE 0 END) AS resolved FROM "     \
    "services v WHERE " WHERE " GROUP BY v.station_id, "                    \
    STATS_MONTH_OF("v.service_day") ", v.type, v.area"

/* stats_months from stats_services, or from its definition (SRC): the
 * figures of core/stats.c that the types name, summed per month. */
#define STATS_OF_TYPE_(TYPE, WHAT)                                          \
    "SUM(CASE WHEN type = '" TYPE "' THEN " WHAT " ELSE 0 END)"
#define STATS_MONTHS_DEF(SRC, WHERE)                                        \
    "SELECT station_id, month, SUM(records) AS records, SUM(pairs + "       \
    "extra) AS person_times, SUM(minutes) AS minutes, "                     \
    STATS_OF_TYPE_("home_visit", "records") " AS visits, "                  \
    STATS_OF_TYPE_("consultation", "records") " AS consultations, "         \
    STATS_OF_TYPE_("group_session", "records") " AS group_sessions, "       \
    STATS_OF_TYPE_("group_session", "pairs") " AS group_attendance, "       \
    STATS_OF_TYPE_("activity", "records") " AS activities, "                \
    STATS_OF_TYPE_("activity", "pairs + extra") " AS activity_people, "     \
    STATS_OF_TYPE_("resource_link", "resource_fen") " AS resource_fen, "    \
    STATS_OF_TYPE_("resource_link", "records") " AS resource_items, "       \
    STATS_OF_TYPE_("crisis", "records") " AS crises, "                      \
    STATS_OF_TYPE_("crisis", "resolved") " AS crises_resolved FROM " SRC    \
    " x WHERE " WHERE " GROUP BY station_id, month"

/* stats_category_months from stats_categories, or from its definition
 * (SRC): the categories' figures per month alone. */
#define STATS_CATEGORY_MONTHS_DEF(SRC, WHERE)                               \
    "SELECT station_id, month, category, SUM(pairs) AS person_times, "      \
    STATS_OF_TYPE_("group_session", "pairs") " AS group_attendance, "       \
    STATS_OF_TYPE_("activity", "pairs") " AS activity_people FROM " SRC     \
    " x WHERE " WHERE " GROUP BY station_id, month, category"

/* A client counts under each category she held on the record's day
 * (ended_on is the last day held). */
#define STATS_HELD_ON_DAY                                                   \
    "JOIN client_categories k ON k.client_id = c.client_id AND "            \
    "k.started_on <= v.service_day AND (k.ended_on IS NULL OR k.ended_on "  \
    ">= v.service_day) "

#define STATS_CATEGORIES_DEF(WHERE)                                         \
    "SELECT v.station_id AS station_id, " STATS_MONTH_OF("v.service_day")   \
    " AS month, k.code AS category, v.type AS type, v.area AS area, "       \
    "COUNT(*) AS pairs FROM services v JOIN service_clients c ON "          \
    "c.service_id = v.id " STATS_HELD_ON_DAY "WHERE " WHERE " GROUP BY "    \
    "v.station_id, " STATS_MONTH_OF("v.service_day") ", k.code, v.type, "   \
    "v.area"

#define STATS_DISTINCT_PART_(DIM, VALUE, JOIN, WHERE)                       \
    "SELECT DISTINCT " DIM " AS dim, v.station_id AS station_id, "          \
    STATS_MONTH_OF("v.service_day") " AS month, " VALUE " AS value, "       \
    "c.client_id AS item FROM services v JOIN service_clients c ON "        \
    "c.service_id = v.id " JOIN "WHERE " WHERE

/* Who was served, one row per member of each set: overall (dim ''), by
 * type, area and category held on the day, and the groups that met. */
#define STATS_DISTINCT_DEF(WHERE)                                           \
    STATS_DISTINCT_PART_("''", "''", "", WHERE) " UNION ALL "               \
    STATS_DISTINCT_PART_("'type'", "v.type", "", WHERE) " UNION ALL "       \
    STATS_DISTINCT_PART_("'area'", "v.area", "", WHERE) " UNION ALL "       \
    STATS_DISTINCT_PART_("'category'", "k.code", STATS_HELD_ON_DAY, WHERE)  \
    " UNION ALL SELECT DISTINCT 'group', v.station_id, "                    \
    STATS_MONTH_OF("v.service_day") ", '', v.group_id FROM services v "     \
    "WHERE v.group_id IS NOT NULL AND " WHERE

/* clang-format on */

#endif
