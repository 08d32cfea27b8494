/* Every endpoint sgz has. The router, the OpenAPI document and the
 * route tests read this table; add a row here and nowhere else. */
#include "../http/route.h"
#include "api.h"

static const struct query_param regions_query[] = {
    {"parent", "division code whose children to list; empty for provinces"},
    {"after", "continue after this code (the previous page's next)"},
    {"limit", "rows per page, 1–200 (default 100)"},
    {NULL, NULL},
};

static const struct query_param users_query[] = {
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param stations_query[] = {
    {"region", "division code prefix: the region and everything below"},
    {"type", "station type code of the active profile"},
    {"status", "active or inactive"},
    {"sort", "region (default), name or id"},
    {"order", "asc (default) or desc"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

const struct route routes[] = {
    {"GET", "/api/v1/health", api_health, "public",
     "Database reachable and its schema version", NULL, NULL, "system"},
    {"GET", "/api/v1/version", api_version, "public",
     "Version of the binary and of the schema it expects", NULL, NULL,
     "system"},
    {"GET", "/api/v1/openapi.json", api_openapi, "public",
     "This document", NULL, NULL, "system"},
    {"POST", "/api/v1/session", api_session_create, "public",
     "Log in with user name and password; sets the session cookie", NULL,
     &api_login_schema, "session"},
    {"GET", "/api/v1/session", api_session_get, "session",
     "The logged-in user, permissions and CSRF token", NULL, NULL,
     "session"},
    {"DELETE", "/api/v1/session", api_session_delete, "session",
     "Log out", NULL, NULL, "session"},
    {"POST", "/api/v1/session/password", api_session_password, "session",
     "Change my password", NULL, &api_password_schema, "session"},
    {"GET", "/api/v1/roles", api_roles_list, "user.read",
     "Roles and their permissions (read-only: the permission table)", NULL,
     NULL, "users"},
    {"GET", "/api/v1/users", api_users_list, "user.read",
     "Users, by user name, paged", users_query, NULL, "users"},
    {"POST", "/api/v1/users", api_users_create, "user.manage",
     "Create a user; the temporary password is in the reply, once", NULL,
     &api_user_create_schema, "users"},
    {"GET", "/api/v1/users/{id}", api_users_get, "user.read", "One user",
     NULL, NULL, "users"},
    {"PATCH", "/api/v1/users/{id}", api_users_update, "user.manage",
     "Change name, phone, roles and data range (If-Match or version)", NULL,
     &api_user_update_schema, "users"},
    {"POST", "/api/v1/users/{id}/lock", api_users_lock, "user.manage",
     "Lock an account (its sessions end)", NULL, NULL, "users"},
    {"POST", "/api/v1/users/{id}/unlock", api_users_unlock, "user.manage",
     "Unlock an account", NULL, NULL, "users"},
    {"POST", "/api/v1/users/{id}/reset-password", api_users_reset_password,
     "user.manage",
     "New temporary password, in the reply once; sessions end", NULL, NULL,
     "users"},
    {"GET", "/api/v1/profile", api_profile_get, "profile.read",
     "The active policy profile", NULL, NULL, "system"},
    {"GET", "/api/v1/regions", api_regions_list, "region.read",
     "Children of a division, in code order", regions_query, NULL,
     "regions"},
    {"GET", "/api/v1/regions/{code}", api_regions_get, "region.read",
     "One division with its ancestors", NULL, NULL, "regions"},
    {"GET", "/api/v1/stations", api_stations_list, "station.read",
     "Stations in the caller's range, filtered and paged", stations_query,
     NULL, "stations"},
    {"POST", "/api/v1/stations", api_stations_create, "station.create",
     "Create a station", NULL, &api_station_create_schema, "stations"},
    {"GET", "/api/v1/stations/{id}", api_stations_get, "station.read",
     "One station with its facilities checklist", NULL, NULL, "stations"},
    {"PATCH", "/api/v1/stations/{id}", api_stations_update, "station.update",
     "Change a station (If-Match or version required)", NULL,
     &api_station_update_schema, "stations"},
    {"POST", "/api/v1/stations/{id}/deactivate", api_stations_deactivate,
     "station.update", "Deactivate a station", NULL,
     &api_station_status_schema, "stations"},
    {"POST", "/api/v1/stations/{id}/activate", api_stations_activate,
     "station.update", "Activate a station again", NULL,
     &api_station_status_schema, "stations"},
};

const size_t routes_count = sizeof routes / sizeof routes[0];
