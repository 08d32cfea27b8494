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

static const struct query_param user_filters[] = {
    {"q", "user name or name, prefix"},
    {"role", "role code"},
    {"status", "active, locked or disabled"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

/* Plain paging, for lists without filters. */
static const struct query_param users_query[] = {
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param sessions_query[] = {
    {"q", "user name or name, prefix"},
    {"limit", "rows per page, 1–200 (default 50)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param tokens_query[] = {
    {"q", "the user's user name or name, prefix"},
    {"state", "active, revoked or expired; empty for all"},
    {"limit", "rows per page, 1–200 (default 50)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param audit_query[] = {
    {"kind", "operation (操作日志) or login (登录日志); empty for both"},
    {"actor", "user name, exactly"},
    {"action", "e.g. station.update, login"},
    {"entity", "e.g. station, user"},
    {"entity_id", "the record's id"},
    {"result", "ok, failed, locked, denied, csrf …"},
    {"from", "first day, YYYY-MM-DD (Beijing time)"},
    {"to", "last day, YYYY-MM-DD (Beijing time)"},
    {"limit", "rows per page, 1–200 (default 50)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param audit_export_query[] = {
    {"kind", "operation (操作日志) or login (登录日志); empty for both"},
    {"actor", "user name, exactly"},
    {"action", "e.g. station.update, login"},
    {"entity", "e.g. station, user"},
    {"entity_id", "the record's id"},
    {"result", "ok, failed, locked, denied, csrf …"},
    {"from", "first day, YYYY-MM-DD (Beijing time)"},
    {"to", "last day, YYYY-MM-DD (Beijing time)"},
    {NULL, NULL},
};

static const struct query_param dict_query[] = {
    {"kind", "one list only, e.g. client_category"},
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

static const struct query_param clients_query[] = {
    {"q", "name prefix, pinyin or initials prefix (zs, zhangsan), or the "
          "ID number's last 4 characters"},
    {"station_id", "one station"},
    {"for_station", "the clients a service record of this station may "
                    "serve: its township's (a county centre: its "
                    "county's)"},
    {"category", "client category code, held today"},
    {"village", "village (or township) code prefix"},
    {"worker_id", "responsible worker"},
    {"age_min", "youngest age in years"},
    {"age_max", "oldest age in years"},
    {"status", "active, moved, deceased, closed or merged (default: all "
               "but merged)"},
    {"sort", "name (pinyin order, default), id or birth_date"},
    {"order", "asc (default) or desc"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param import_query[] = {
    {"mode", "dry_run (default: check every row, write nothing) or import"},
    {"station_id", "the station for rows without a 所属站点 column"},
    {"duplicates", "a registered ID number: skip (default), update or stop"},
    {"sheet", "an .xlsx's worksheet, by name (default: the first with a "
              "header); the result lists them all"},
    {NULL, NULL},
};

static const struct query_param template_query[] = {
    {"format", "xlsx (default) or csv"},
    {"station_id", "the example row's station (default: the caller's "
                   "first): a person of its county and township"},
    {NULL, NULL},
};

static const struct query_param households_query[] = {
    {"station_id", "one station"},
    {"q", "household name, prefix"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param client_history_query[] = {
    {"reads", "include (default) or exclude: the record's reads "
              "(client.read rows)"},
    {"limit", "rows per page, 1–200 (default 50)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param services_query[] = {
    {"station_id", "one station"},
    {"client_id", "one client's records"},
    {"worker_id", "one worker's records"},
    {"case_id", "one case's notes"},
    {"group_id", "one group's sessions"},
    {"type", "service type code"},
    {"area", "service area code"},
    {"from", "first day, YYYY-MM-DD (Beijing time)"},
    {"to", "last day, YYYY-MM-DD (Beijing time)"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param cases_query[] = {
    {"station_id", "one station"},
    {"worker_id", "one worker's cases"},
    {"client_id", "one client's cases"},
    {"stage", "open (all but closed), intake, assessment, planning, "
              "intervention, evaluation or closed"},
    {"pending", "1: only those awaiting a supervisor's approval (督导待办)"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param timeline_query[] = {
    {"limit", "entries per page, 1–100 (default 20)"},
    {"page", "page number from 1 (at most 100)"},
    {NULL, NULL},
};

static const struct query_param worklog_query[] = {
    {"worker_id", "whose log (default: mine)"},
    {"from", "first day, YYYY-MM-DD (default: the 1st of this month)"},
    {"to", "last day, YYYY-MM-DD (default: today); at most 93 days"},
    {NULL, NULL},
};

static const struct query_param stats_query[] = {
    {"measures", "comma list of figures (default: all that fit the cut): "
                 "records, person_times, clients_served, service_hours, "
                 "visits, consultations, cases_opened, cases_active, "
                 "cases_closed, groups, group_sessions, group_attendance, "
                 "activities, activity_people, resource_fen, "
                 "resource_items, crises, crises_resolved, volunteers, "
                 "volunteer_hours"},
    {"by", "up to three cuts: station, township, county, month, quarter, "
           "year, category, area, type"},
    {"from", "first month, YYYY-MM (default: this month)"},
    {"to", "last month, YYYY-MM (default: from); at most 120 months"},
    {"region", "a division and below, one the caller's range covers "
               "whole (else 404)"},
    {"station_id", "one station in the caller's range (else 404)"},
    {"category", "clients of this category on the day of the service"},
    {"area", "service area"},
    {"type", "service type"},
    {NULL, NULL},
};

static const struct query_param transfer_targets_query[] = {
    {"station_id", "the workers who may take the case at this station, "
                   "instead of the stations"},
    {NULL, NULL},
};

static const struct query_param tasks_query[] = {
    {"worker_id", "whose tasks (default: mine)"},
    {"station_id", "a station's tasks instead of a worker's; all: every "
                   "station of the range (at most 200)"},
    {"due", "overdue, week (due in the next 7 days) or all (default)"},
    {"limit", "rows per page, 1–200 (default 50)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param groups_query[] = {
    {"station_id", "one station"},
    {"status", "active or closed"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param surveys_query[] = {
    {"station_id", "one station"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param reports_query[] = {
    {"type", "monthly_brief, quarterly, half_year, midterm, final, "
     "fund_use or self_evaluation"},
    {"status", "draft, submitted, returned or accepted"},
    {"station_id", "one station's reports"},
    {"from", "periods ending in or after this month, YYYY-MM"},
    {"to", "periods starting in or before this month, YYYY-MM"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param plans_query[] = {
    {"station_id", "one station"},
    {"year", "one year"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param attachment_upload_query[] = {
    {"owner_kind", "service, case or group"},
    {"owner_id", "the record's id"},
    {"name", "the file's name with its extension (photo.jpg, 记录.pdf)"},
    {NULL, NULL},
};

static const struct query_param attachment_owner_query[] = {
    {"owner_kind", "service, case or group"},
    {"owner_id", "the record's id"},
    {NULL, NULL},
};

static const struct query_param calendar_year_query[] = {
    {"year", "the year, e.g. 2026"},
    {NULL, NULL},
};

static const struct query_param calendar_upload_query[] = {
    {"year", "load only this year of the file (default: every year in it)"},
    {NULL, NULL},
};

static const struct query_param deadline_query[] = {
    {"from", "the day the period starts from, YYYY-MM-DD (not counted)"},
    {"days", "working days, 1–3650"},
    {NULL, NULL},
};

static const struct query_param organisations_query[] = {
    {"q", "name, prefix"},
    {"status", "active, suspended or deregistered"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param compliance_query[] = {
    {"severity", "violation, warning or info"},
    {"rule", "one rule, e.g. station.facilities"},
    {"station_id", "findings about one station (its own, its staff's …)"},
    {"region", "only a county (6 digits) or township (9 digits) the "
               "caller's range covers whole"},
    {"limit", "rows per page, 1–200 (default 50)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param dashboard_query[] = {
    {"station_id", "a station's dashboard"},
    {"region", "a region's dashboard: a county (6 digits) or a township "
               "(9 digits) the caller's range covers whole"},
    {"year", "the region's year (default: this year)"},
    {"from", "first month, YYYY-MM (default: this month, or January of "
             "the year)"},
    {"to", "last month, YYYY-MM (default: from; at most 120 months)"},
    {NULL, NULL},
};

static const struct query_param contracts_query[] = {
    {"organisation_id", "one organisation's contracts"},
    {"station_id", "the contracts covering a station"},
    {"status", "active or terminated"},
    {"year", "contracts whose term overlaps this year"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param contract_document_query[] = {
    {"name", "the file's name with its extension (协议.pdf)"},
    {NULL, NULL},
};

static const struct query_param filings_query[] = {
    {"contract_id", "one contract's filings"},
    {"kind", "contract_copy, county_plan, org_work_plan, recruitment_plan "
     "or training_plan"},
    {"year", "the year filed for"},
    {"pending", "1: not filed yet"},
    {"limit", "rows per page, 1–200 (default 50)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param debarments_query[] = {
    {"organisation_id", "one organisation's debarments"},
    {"limit", "rows per page, 1–200 (default 50)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param work_plans_query[] = {
    {"kind", "org_work_plan or county_plan"},
    {"year", "the plan's year"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param budget_lines_query[] = {
    {"year", "a year, e.g. 2026"},
    {"source", "a fund_source code"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param allocations_query[] = {
    {"budget_line_id", "one budget line"},
    {"contract_id", "one contract"},
    {"year", "the budget line's year"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param expenditures_export_query[] = {
    {"contract_id", "one contract"},
    {"station_id", "one station"},
    {"category", "an expense_category code"},
    {"from", "spent on or after, YYYY-MM-DD"},
    {"to", "spent on or before, YYYY-MM-DD"},
    {NULL, NULL},
};

static const struct query_param expenditures_query[] = {
    {"contract_id", "one contract"},
    {"station_id", "one station"},
    {"category", "an expense_category code"},
    {"from", "spent on or after, YYYY-MM-DD"},
    {"to", "spent on or before, YYYY-MM-DD"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param fund_use_query[] = {
    {"from", "the period's first day, YYYY-MM-DD"},
    {"to", "the period's last day, YYYY-MM-DD"},
    {"format", "json (default) or xlsx"},
    {NULL, NULL},
};

static const struct query_param evaluations_export_query[] = {
    {"contract_id", "one contract"},
    {"kind", "midterm, final or annual"},
    {"year", "evaluated in that year"},
    {NULL, NULL},
};

static const struct query_param evaluations_query[] = {
    {"contract_id", "one contract"},
    {"kind", "midterm, final or annual"},
    {"year", "evaluated in that year"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param indicators_query[] = {
    {"all", "true: stopped indicators too"},
    {NULL, NULL},
};

static const struct query_param acceptances_query[] = {
    {"contract_id", "one contract"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param payments_query[] = {
    {"format", "json (default) or xlsx"},
    {NULL, NULL},
};

static const struct query_param voucher_query[] = {
    {"name", "the file's name"},
    {NULL, NULL},
};

/* The types of a spreadsheet download. */
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#define STAFF_FILTERS                                                       \
    {"q", "name or pinyin, prefix"},                                        \
    {"role", "resident, project or supervisor"},                            \
    {"status", "active or left"},                                           \
    {"education", "an education code"},                                     \
    {"certificate", "none, assistant, intermediate or senior"},             \
    {"station_id", "current station"},                                      \
    {"organisation_id", "employer"},                                        \
    {"unassigned", "true: only those without a station today"}

static const struct query_param staff_query[] = {
    STAFF_FILTERS,
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param roster_query[] = {
    STAFF_FILTERS,
    {NULL, NULL},
};

static const struct query_param supervision_query[] = {
    {"staff_id", "led or attended by this worker"},
    {"station_id", "station"},
    {"from", "YYYY-MM-DD, on or after"},
    {"to", "YYYY-MM-DD, on or before"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param my_supervision_query[] = {
    {"station_id", "station"},
    {"from", "YYYY-MM-DD, on or after"},
    {"to", "YYYY-MM-DD, on or before"},
    {"limit", "rows per page, 1–200 (default 20)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

static const struct query_param min_wages_query[] = {
    {"region_code", "a county (6 digits)"},
    {"limit", "rows per page, 1–200 (default 50)"},
    {"page", "page number from 1"},
    {NULL, NULL},
};

const struct route routes[] = {
    {
        .method = "GET",
        .pattern = "/api/v1/health",
        .handler = api_health,
        .permission = "public",
        .summary = "Database reachable and its schema version",
        .tag = "system",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/version",
        .handler = api_version,
        .permission = "public",
        .summary = "Version of the binary and of the schema it expects",
        .tag = "system",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/openapi.json",
        .handler = api_openapi,
        .permission = "public",
        .summary = "This document",
        .tag = "system",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session",
        .handler = api_session_create,
        .permission = "public",
        .summary = "Log in with user name and password; sets the session "
            "cookie",
        .body = &api_login_schema,
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/session",
        .handler = api_session_get,
        .permission = "login",
        .summary = "The logged-in user, permissions and CSRF token",
        .tag = "session",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/session",
        .handler = api_session_delete,
        .permission = "login",
        .summary = "Log out",
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/totp/verify",
        .handler = api_totp_verify,
        .permission = "login",
        .summary = "Second step of a login: the authenticator's code",
        .body = &api_totp_code_schema,
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/totp",
        .handler = api_totp_begin,
        .permission = "session",
        .summary = "Start enrolling an authenticator: secret and otpauth URI",
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/totp/confirm",
        .handler = api_totp_confirm,
        .permission = "session",
        .summary = "Finish enrolling with a code from the authenticator",
        .body = &api_totp_code_schema,
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/totp/disable",
        .handler = api_totp_disable,
        .permission = "session",
        .summary = "Switch the second factor off (needs a current code)",
        .body = &api_totp_code_schema,
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/password",
        .handler = api_session_password,
        .permission = "session",
        .summary = "Change my password",
        .body = &api_password_schema,
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/session/sessions",
        .handler = api_my_sessions_list,
        .permission = "session",
        .summary = "My sessions (devices logged in), paged",
        .query = sessions_query,
        .tag = "session",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/session/sessions/{id}",
        .handler = api_my_sessions_end,
        .permission = "session",
        .summary = "End one of my sessions",
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/session/tokens",
        .handler = api_tokens_list,
        .permission = "session",
        .summary = "My API tokens",
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/tokens",
        .handler = api_tokens_create,
        .permission = "session",
        .summary = "Create an API token (shown once) for some of my "
            "permissions",
        .body = &api_token_create_schema,
        .tag = "session",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/session/tokens/{id}",
        .handler = api_tokens_revoke,
        .permission = "session",
        .summary = "Revoke one of my API tokens",
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/session/supervision_sessions",
        .handler = api_my_supervision,
        .permission = "staff.own",
        .summary = "My supervision records (督导记录): the sessions I led or "
            "attended, newest first, read-only",
        .query = my_supervision_query,
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/session/trainings",
        .handler = api_my_trainings,
        .permission = "staff.own",
        .summary = "My trainings, newest first, read-only",
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/online",
        .handler = api_online_list,
        .permission = "session.manage",
        .summary = "在线用户: active sessions, by a user's name (q), paged",
        .query = sessions_query,
        .tag = "users",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/online/{id}",
        .handler = api_online_end,
        .permission = "session.manage",
        .summary = "Force a session to log out",
        .tag = "users",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/tokens",
        .handler = api_tokens_all,
        .permission = "token.manage",
        .summary = "接口令牌: every user's API tokens, by a user's name (q) "
            "and state, paged",
        .query = tokens_query,
        .tag = "users",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/tokens/{id}",
        .handler = api_tokens_revoke_any,
        .permission = "token.manage",
        .summary = "Revoke a user's API token",
        .tag = "users",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/roles",
        .handler = api_roles_list,
        .permission = "user.read",
        .summary = "Roles and their permissions (read-only: the permission "
            "table)",
        .tag = "users",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/users",
        .handler = api_users_list,
        .permission = "user.read",
        .summary = "Users, by user name, filtered and paged",
        .query = user_filters,
        .tag = "users",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/users",
        .handler = api_users_create,
        .permission = "user.manage",
        .summary = "Create a user; the temporary password is in the reply, "
            "once",
        .body = &api_user_create_schema,
        .tag = "users",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/users/{id}",
        .handler = api_users_get,
        .permission = "user.read",
        .summary = "One user",
        .tag = "users",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/users/{id}",
        .handler = api_users_update,
        .permission = "user.manage",
        .summary = "Change name, phone, roles and data range (If-Match or "
            "version)",
        .body = &api_user_update_schema,
        .tag = "users",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/users/{id}/lock",
        .handler = api_users_lock,
        .permission = "user.manage",
        .summary = "Lock an account (its sessions end)",
        .tag = "users",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/users/{id}/unlock",
        .handler = api_users_unlock,
        .permission = "lockout.clear",
        .summary = "Unlock an account: the sysadmin any lock, the security "
                   "administrator a lockout after failed logins",
        .tag = "users",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/users/{id}/reset-totp",
        .handler = api_users_reset_totp,
        .permission = "totp.reset",
        .summary = "Remove a user's second factor (lost phone); sessions end",
        .tag = "users",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/users/{id}/reset-password",
        .handler = api_users_reset_password,
        .permission = "user.manage",
        .summary = "New temporary password, in the reply once; sessions end",
        .tag = "users",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/dictionaries",
        .handler = api_dictionaries_list,
        .permission = "signed_in",
        .summary = "字典: every code list with zh-CN and English labels",
        .query = dict_query,
        .tag = "system",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/dictionaries/{kind}",
        .handler = api_dictionaries_create,
        .permission = "dictionary.manage",
        .summary = "Add an item to an extendable list",
        .body = &api_dictionary_create_schema,
        .tag = "system",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/dictionaries/{kind}/{code}",
        .handler = api_dictionaries_update,
        .permission = "dictionary.manage",
        .summary = "Relabel, reorder or retire an item",
        .body = &api_dictionary_update_schema,
        .tag = "system",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/notices",
        .handler = api_notices_list,
        .permission = "session",
        .summary = "通知公告: the notices I may read, newest first",
        .query = users_query,
        .tag = "notices",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/notices",
        .handler = api_notices_create,
        .permission = "notice.manage",
        .summary = "Publish a notice to a region in the author's range (empty: all of it)",
        .body = &api_notice_create_schema,
        .tag = "notices",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/notices/{id}",
        .handler = api_notices_get,
        .permission = "session",
        .summary = "Read a notice (records my read receipt)",
        .tag = "notices",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/notices/{id}/reads",
        .handler = api_notices_reads,
        .permission = "notice.manage",
        .summary = "Read receipts: who read it, when",
        .tag = "notices",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/notices/{id}/withdraw",
        .handler = api_notices_withdraw,
        .permission = "notice.manage",
        .summary = "Withdraw a notice",
        .tag = "notices",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/settings",
        .handler = api_settings_list,
        .permission = "setting.read",
        .summary = "参数设置: run-time settings with their ranges",
        .tag = "system",
    },
    {
        .method = "PUT",
        .pattern = "/api/v1/settings/{key}",
        .handler = api_settings_put,
        /* Either administrator; the handler checks the key's owner. */
        .permission = "setting.read",
        .summary = "Change a setting (checked, audited, applied at once)",
        .body = &api_setting_schema,
        .tag = "system",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/audit",
        .handler = api_audit_list,
        .permission = "audit.read",
        .summary = "The audit log, newest first: operations or logins, "
            "filtered",
        .query = audit_query,
        .tag = "audit",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/audit.xlsx",
        .handler = api_audit_export,
        .permission = "audit.read",
        .summary = "The audit log as .xlsx, with the list's filters (at most "
            "audit.export_max_rows rows; the export is itself logged)",
        .query = audit_export_query,
        .tag = "audit",
        .download = "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/profile",
        .handler = api_profile_get,
        .permission = "profile.read",
        .summary = "The active policy profile",
        .tag = "system",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/regions",
        .handler = api_regions_list,
        .permission = "region.read",
        .summary = "Children of a division, in code order",
        .query = regions_query,
        .tag = "regions",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/regions/{code}",
        .handler = api_regions_get,
        .permission = "region.read",
        .summary = "One division with its ancestors",
        .tag = "regions",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/stations",
        .handler = api_stations_list,
        .permission = "station.read",
        .summary = "Stations in the caller's range, filtered and paged",
        .query = stations_query,
        .tag = "stations",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/stations",
        .handler = api_stations_create,
        .permission = "station.create",
        .summary = "Create a station",
        .body = &api_station_create_schema,
        .tag = "stations",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/stations/{id}",
        .handler = api_stations_get,
        .permission = "station.read",
        .summary = "One station with its facilities checklist",
        .tag = "stations",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/stations/{id}",
        .handler = api_stations_update,
        .permission = "station.update",
        .summary = "Change a station (If-Match or version required)",
        .body = &api_station_update_schema,
        .tag = "stations",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/stations/{id}/deactivate",
        .handler = api_stations_deactivate,
        .permission = "station.status",
        .summary = "Deactivate a station",
        .body = &api_station_status_schema,
        .tag = "stations",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/stations/{id}/activate",
        .handler = api_stations_activate,
        .permission = "station.status",
        .summary = "Activate a station again",
        .body = &api_station_status_schema,
        .tag = "stations",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/stations/{id}/staff",
        .handler = api_stations_staff,
        .permission = "service.read",
        .summary = "Who may be named on the station's records: frontline "
            "staff whose range covers it",
        .tag = "stations",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/clients",
        .handler = api_clients_list,
        .permission = "client.read",
        .summary = "服务对象: the register in the caller's range, masked, "
            "filtered and paged",
        .query = clients_query,
        .tag = "clients",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/clients",
        .handler = api_clients_create,
        .permission = "client.write",
        .summary = "Register a client",
        .body = &api_client_create_schema,
        .tag = "clients",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/client_duplicates",
        .handler = api_clients_check,
        .permission = "client.read",
        .summary = "Before saving: is the ID number taken, and possible "
            "duplicates (same name and birth date or phone)",
        .body = &api_client_check_schema,
        .tag = "clients",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/clients/{id}",
        .handler = api_clients_get,
        .permission = "client.read",
        .summary = "One client, masked, with categories over time and "
            "guardians",
        .tag = "clients",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/clients/{id}",
        .handler = api_clients_update,
        .permission = "client.write",
        .summary = "Change a client (If-Match or version required)",
        .body = &api_client_update_schema,
        .tag = "clients",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/clients/{id}/reveal",
        .handler = api_clients_reveal,
        .permission = "client.reveal",
        .summary = "The ID number, phones and addresses in full, for a "
            "stated reason (audited)",
        .body = &api_client_reveal_schema,
        .tag = "clients",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/clients/{id}/history",
        .handler = api_clients_history,
        .permission = "client.read",
        .summary = "The record's history: who created, changed, revealed or "
            "merged it, when, with the masked before and after",
        .query = client_history_query,
        .tag = "clients",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/clients/{id}/wards",
        .handler = api_clients_wards,
        .permission = "client.read",
        .summary = "Whose guardian this client is: the clients in the "
            "reader's range that record her as a guardian, with the "
            "relation (masked as the list is)",
        .tag = "clients",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/clients/{id}/merge",
        .handler = api_clients_merge,
        .permission = "client.merge",
        .summary = "Merge this (duplicate) record into another, keeping both "
            "histories",
        .body = &api_client_merge_schema,
        .tag = "clients",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/client_exports",
        .handler = api_client_exports_create,
        .permission = "client.export",
        .summary = "The register as .xlsx or CSV (UTF-8 with BOM): filtered, "
            "chosen columns, masked unless full with a reason (audited)",
        .body = &api_client_export_schema,
        .tag = "clients",
        .download = XLSX ", text/csv",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/case_exports",
        .handler = api_case_exports_create,
        .permission = "case.export",
        .summary = "The case ledger as .xlsx or CSV (UTF-8 with BOM): the "
            "cases the case list gives for the same filter, with their "
            "service records' count and minutes (audited)",
        .body = &api_case_export_schema,
        .tag = "cases",
        .download = XLSX ", text/csv",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/group_exports",
        .handler = api_group_exports_create,
        .permission = "service.export",
        .summary = "The group ledger as .xlsx or CSV (UTF-8 with BOM): the "
            "groups the group list gives for the same filter, with their "
            "members, sessions, attendance and minutes (audited)",
        .body = &api_group_export_schema,
        .tag = "services",
        .download = XLSX ", text/csv",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/service_exports",
        .handler = api_service_exports_create,
        .permission = "service.export",
        .summary = "The service ledger as .xlsx or CSV (UTF-8 with BOM): the "
            "rows the service list gives for the same filter, chosen "
            "columns (audited)",
        .body = &api_service_export_schema,
        .tag = "services",
        .download = XLSX ", text/csv",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/client_imports",
        .handler = api_client_imports_create,
        .permission = "client.import",
        .summary = "Upload .xlsx or CSV (UTF-8 or GBK) to check or import as "
            "a background job (202 with its id)",
        .query = import_query,
        .body = &api_file_schema,
        .tag = "clients",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/client_imports/{id}",
        .handler = api_client_imports_get,
        .permission = "client.import",
        .summary = "An import job: progress, then counts and bad rows",
        .tag = "clients",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/client_imports/{id}/report",
        .handler = api_client_imports_report,
        .permission = "client.import",
        .summary = "The bad rows of an import job as .xlsx",
        .tag = "clients",
        .download = XLSX,
    },
    {
        .method = "GET",
        .pattern = "/api/v1/client_import_template",
        .handler = api_client_import_template,
        .permission = "client.import",
        .summary = "The import template with an example row",
        .query = template_query,
        .tag = "clients",
        .download = XLSX ", text/csv",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/households",
        .handler = api_households_list,
        .permission = "client.read",
        .summary = "Households in the caller's range, with members",
        .query = households_query,
        .tag = "clients",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/households",
        .handler = api_households_create,
        .permission = "client.write",
        .summary = "Create a household: members (clients or names) and "
            "their relation to the head",
        .body = &api_household_create_schema,
        .tag = "clients",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/households/{id}",
        .handler = api_households_get,
        .permission = "client.read",
        .summary = "One household with its members",
        .tag = "clients",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/households/{id}",
        .handler = api_households_update,
        .permission = "client.write",
        .summary = "Change a household (If-Match or version required)",
        .body = &api_household_update_schema,
        .tag = "clients",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/services",
        .handler = api_services_list,
        .permission = "service.read",
        .summary = "服务记录: records in the caller's range, newest first, "
            "filtered and paged",
        .query = services_query,
        .tag = "services",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/services",
        .handler = api_services_create,
        .permission = "service.write",
        .summary = "Record a service (home visits with their form); send an "
            "Idempotency-Key so that a retry records nothing twice",
        .body = &api_service_create_schema,
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/services/{id}",
        .handler = api_services_get,
        .permission = "service.read",
        .summary = "One service record with its clients and workers",
        .tag = "services",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/services/{id}",
        .handler = api_services_update,
        .permission = "service.write",
        .summary = "Change a record (If-Match or version); after "
            "service.edit_days only with a reason, the original kept",
        .body = &api_service_update_schema,
        .tag = "services",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/services/{id}",
        .handler = api_services_delete,
        .permission = "service.write",
        .summary = "Remove a record entered by mistake (its author, within "
            "service.edit_days, none of its attachments left; If-Match or "
            "version); audited with every field",
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/services/{id}/revisions",
        .handler = api_services_revisions,
        .permission = "service.read",
        .summary = "What the record said before each change (痕迹)",
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/clients/{id}/timeline",
        .handler = api_clients_timeline,
        .permission = "service.read",
        .summary = "A client's services and case steps in one chronological "
            "view, newest first",
        .query = timeline_query,
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/worklog",
        .handler = api_worklog,
        .permission = "service.read",
        .summary = "工作日志: a worker's records and minutes per day, from "
            "the service records",
        .query = worklog_query,
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/groups",
        .handler = api_groups_list,
        .permission = "service.read",
        .summary = "小组: groups in the caller's range, newest first",
        .query = groups_query,
        .tag = "services",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/groups",
        .handler = api_groups_create,
        .permission = "service.write",
        .summary = "Start a group: goals, planned sessions, members, workers",
        .body = &api_group_create_schema,
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/groups/{id}",
        .handler = api_groups_get,
        .permission = "service.read",
        .summary = "One group with its sessions and attendance",
        .tag = "services",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/groups/{id}",
        .handler = api_groups_update,
        .permission = "service.write",
        .summary = "Change an active group (If-Match or version)",
        .body = &api_group_update_schema,
        .tag = "services",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/groups/{id}/close",
        .handler = api_groups_close,
        .permission = "service.write",
        .summary = "Close a group with its evaluation",
        .body = &api_group_close_schema,
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/stats",
        .handler = api_stats,
        .permission = "stats.read",
        .summary = "统计: the figures of the 统计口径 in the caller's range, "
            "cut by place, time, category, area or type; the same numbers "
            "as the dashboard and the reports",
        .query = stats_query,
        .tag = "stats",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/tasks",
        .handler = api_tasks_list,
        .permission = "task.read",
        .summary = "待办: due dates from cases, follow-ups, transfers and "
            "visit schedules; overdue, due in 7 days, or all",
        .query = tasks_query,
        .tag = "cases",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/cases",
        .handler = api_cases_list,
        .permission = "case.read",
        .summary = "个案: cases in the caller's range, newest first; "
            "pending=1 is the supervisor's inbox",
        .query = cases_query,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases",
        .handler = api_cases_create,
        .permission = "case.write",
        .summary = "接案: open a case for a client",
        .body = &api_case_open_schema,
        .tag = "cases",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/cases/{id}",
        .handler = api_cases_get,
        .permission = "case.read",
        .summary = "One case with its forms, story, referrals and follow-ups",
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/assessment",
        .handler = api_cases_assess,
        .permission = "case.write",
        .summary = "预估: needs by domain and the risk level",
        .body = &api_case_assess_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/plan",
        .handler = api_cases_plan,
        .permission = "case.write",
        .summary = "服务计划: goals and tasks, submitted for a supervisor's approval",
        .body = &api_case_plan_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/decision",
        .handler = api_cases_decide,
        .permission = "case.approve",
        .summary = "A supervisor approves or returns the plan or the closure",
        .body = &api_case_decision_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/evaluation",
        .handler = api_cases_evaluate,
        .permission = "case.write",
        .summary = "评估: how far each goal of the plan was reached",
        .body = &api_case_evaluate_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/closure",
        .handler = api_cases_close,
        .permission = "case.write",
        .summary = "结案: request closure (a supervisor approves)",
        .body = &api_case_closure_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/transfer",
        .handler = api_cases_transfer,
        .permission = "case.write",
        .summary = "Offer the case to another worker or station",
        .body = &api_case_transfer_schema,
        .tag = "cases",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/cases/{id}/transfer_targets",
        .handler = api_cases_transfer_targets,
        .permission = "case.write",
        .summary = "Where a transfer may go: the active stations of the "
            "case's city, or (station_id) the workers who may take it there",
        .query = transfer_targets_query,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/transfer/answer",
        .handler = api_cases_answer,
        .permission = "case.write",
        .summary = "The receiver accepts or declines a transfer",
        .body = &api_case_answer_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/transfer/withdraw",
        .handler = api_cases_withdraw,
        .permission = "case.write",
        .summary = "The sender, or a supervisor or station lead of the case's "
                   "station, withdraws a transfer waiting for its receiver",
        .body = &api_case_withdraw_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/reopen",
        .handler = api_cases_reopen,
        .permission = "case.write",
        .summary = "Reopen a closed case, with the reason",
        .body = &api_case_reopen_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/referrals",
        .handler = api_cases_refer,
        .permission = "case.write",
        .summary = "Refer the client to an outside agency",
        .body = &api_case_referral_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/referrals/{referral}/outcome",
        .handler = api_cases_referral_outcome,
        .permission = "case.write",
        .summary = "Record what came of a referral",
        .body = &api_case_outcome_schema,
        .tag = "cases",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/needs_surveys",
        .handler = api_surveys_list,
        .permission = "service.read",
        .summary = "需求调研: the stations' needs surveys, newest first",
        .query = surveys_query,
        .tag = "plans",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/needs_surveys",
        .handler = api_surveys_create,
        .permission = "service.write",
        .summary = "Record a needs survey: method, respondents, findings by target group",
        .body = &api_survey_create_schema,
        .tag = "plans",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/needs_surveys/{id}",
        .handler = api_surveys_get,
        .permission = "service.read",
        .summary = "One needs survey",
        .tag = "plans",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/needs_surveys/{id}",
        .handler = api_surveys_update,
        .permission = "service.write",
        .summary = "Change a needs survey (If-Match or version)",
        .body = &api_survey_update_schema,
        .tag = "plans",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/station_plans",
        .handler = api_plans_list,
        .permission = "service.read",
        .summary = "年度服务计划: the stations' yearly service plans",
        .query = plans_query,
        .tag = "plans",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/station_plans",
        .handler = api_plans_create,
        .permission = "service.write",
        .summary = "Draft a station's plan for a year: quantities by area and type",
        .body = &api_plan_create_schema,
        .tag = "plans",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/station_plans/{id}",
        .handler = api_plans_get,
        .permission = "service.read",
        .summary = "One plan with what the records have done against each item",
        .tag = "plans",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/station_plans/{id}",
        .handler = api_plans_update,
        .permission = "service.write",
        .summary = "Change a draft plan (If-Match or version)",
        .body = &api_plan_update_schema,
        .tag = "plans",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/station_plans/{id}/submit",
        .handler = api_plans_submit,
        .permission = "service.write",
        .summary = "Submit the plan to the bureau (final)",
        .body = &api_plan_submit_schema,
        .tag = "plans",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/report_types",
        .handler = api_report_types,
        .permission = "report.read",
        .summary = "报告类型: who writes and reviews each, and its deadline "
            "under the active profile",
        .tag = "reports",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/reports",
        .handler = api_reports_list,
        .permission = "report.read",
        .summary = "报告: monthly briefs to the self-evaluation, by period "
            "and status, newest period first",
        .query = reports_query,
        .tag = "reports",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/reports",
        .handler = api_reports_create,
        .permission = "report.write",
        .summary = "Draft a report: type, its scope (station_id, "
            "region_code or contract_id), period and narrative",
        .body = &api_report_create_schema,
        .tag = "reports",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/reports/{id}",
        .handler = api_reports_get,
        .permission = "report.read",
        .summary = "One report with its figures (frozen once submitted, "
            "live while a draft) and history; {id}.xlsx: as a spreadsheet",
        .tag = "reports",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/reports/{id}",
        .handler = api_reports_update,
        .permission = "report.write",
        .summary = "Change a draft or returned report's narrative (If-Match "
            "or version)",
        .body = &api_report_update_schema,
        .tag = "reports",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/reports/{id}",
        .handler = api_reports_delete,
        .permission = "report.write",
        .summary = "Delete a draft never submitted (made by mistake; If-Match "
            "or version; its files removed first)",
        .tag = "reports",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/reports/{id}/submit",
        .handler = api_reports_submit,
        .permission = "report.write",
        .summary = "Submit: the figures are frozen and kept in the history",
        .body = &api_report_submit_schema,
        .tag = "reports",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/reports/{id}/return",
        .handler = api_reports_return,
        .permission = "report.review",
        .summary = "Return a submitted report with comments",
        .body = &api_report_review_schema,
        .tag = "reports",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/reports/{id}/attachments",
        .handler = api_reports_attachments_create,
        .permission = "report.write",
        .summary = "Attach a file to a draft or returned report (photos, "
            "PDF, Office; the body is the file)",
        .body = &api_file_schema,
        .query = contract_document_query,
        .tag = "reports",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/reports/{id}/attachments",
        .handler = api_reports_attachments_list,
        .permission = "report.read",
        .summary = "The report's attachments (download: "
            "/api/v1/attachments/{token})",
        .tag = "reports",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/reports/{id}/attachments/{token}",
        .handler = api_reports_attachments_delete,
        .permission = "report.write",
        .summary = "Remove a file from a draft or returned report (its "
            "uploader, within service.edit_days)",
        .tag = "reports",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/reports/{id}/accept",
        .handler = api_reports_accept,
        .permission = "report.review",
        .summary = "Accept a submitted report",
        .body = &api_report_review_schema,
        .tag = "reports",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/attachments",
        .handler = api_attachments_create,
        .permission = "service.write",
        .summary = "Attach a photo or document (the body is the file; JPG, "
            "PNG, PDF, Office; checked by content)",
        .body = &api_file_schema,
        .query = attachment_upload_query,
        .tag = "attachments",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/attachments",
        .handler = api_attachments_list,
        .permission = "service.read",
        .summary = "The attachments of a service record, case or group",
        .query = attachment_owner_query,
        .tag = "attachments",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/attachments/{token}",
        .handler = api_attachments_get,
        .permission = "service.read",
        .summary = "The file, after its record's range is checked",
        .download = "image/jpeg, image/png, application/pdf, Office",
        .tag = "attachments",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/attachments/{token}/thumbnail",
        .handler = api_attachments_thumbnail,
        .permission = "service.read",
        .summary = "A photo's thumbnail (JPEG, 320 px)",
        .download = "image/jpeg",
        .tag = "attachments",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/attachments/{token}",
        .handler = api_attachments_delete,
        .permission = "service.write",
        .summary = "Remove an attachment (its uploader, within "
            "service.edit_days)",
        .tag = "attachments",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/calendar/years",
        .handler = api_calendar_years,
        .permission = "signed_in",
        .summary = "工作日历: the years whose official holiday schedule is "
            "loaded",
        .tag = "calendar",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/calendar/years",
        .handler = api_calendar_upload,
        .permission = "calendar.manage",
        .summary = "Load a year's schedule (the body is a chinese-days JSON "
            "file); replaces what was loaded for its years",
        .body = &api_file_schema,
        .query = calendar_upload_query,
        .tag = "calendar",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/calendar",
        .handler = api_calendar_days,
        .permission = "signed_in",
        .summary = "A year's holidays and make-up working days",
        .query = calendar_year_query,
        .tag = "calendar",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/calendar/deadline",
        .handler = api_calendar_deadline,
        .permission = "signed_in",
        .summary = "The day N working days after a date (the date not "
            "counted); provisional (暂定) when a year is not loaded",
        .query = deadline_query,
        .tag = "calendar",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/organisations",
        .handler = api_organisations_list,
        .permission = "organisation.read",
        .summary = "承接机构: the organisations, by name",
        .query = organisations_query,
        .tag = "organisations",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/organisations",
        .handler = api_organisations_create,
        .permission = "organisation.manage",
        .summary = "Register an organisation (统一社会信用代码 checked)",
        .body = &api_organisation_create_schema,
        .tag = "organisations",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/organisations/{id}",
        .handler = api_organisations_get,
        .permission = "organisation.read",
        .summary = "One organisation",
        .tag = "organisations",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/organisations/{id}",
        .handler = api_organisations_update,
        .permission = "organisation.manage",
        .summary = "Change an organisation (If-Match or version); a status "
            "other than active needs a reason",
        .body = &api_organisation_update_schema,
        .tag = "organisations",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/compliance",
        .handler = api_compliance,
        .permission = "compliance.read",
        .summary = "合规检查: findings in the caller's range (violations "
            "first) and the rules the profile turns on or off",
        .query = compliance_query,
        .tag = "compliance",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/dashboard",
        .handler = api_dashboard,
        .permission = "dashboard.read",
        .summary = "数据看板: a station's month or a county's (township's) "
            "year at a glance, the figures as /stats counts them",
        .query = dashboard_query,
        .tag = "stats",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts",
        .handler = api_contracts_list,
        .permission = "contract.read",
        .summary = "服务协议: the contracts covering stations in the "
            "caller's range, newest term first",
        .query = contracts_query,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/contracts",
        .handler = api_contracts_create,
        .permission = "contract.manage",
        .summary = "Sign a contract: organisation, procurement method, "
            "cycle, amount, dates and the stations with their shares",
        .body = &api_contract_create_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}",
        .handler = api_contracts_get,
        .permission = "contract.read",
        .summary = "One contract with its stations",
        .tag = "contracts",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/contracts/{id}",
        .handler = api_contracts_update,
        .permission = "contract.manage",
        .summary = "Change a contract (If-Match or version); stations, "
            "when given, replace the list",
        .body = &api_contract_update_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}/scope",
        .handler = api_contracts_scope_get,
        .permission = "contract.read",
        .summary = "The contract's service scope: areas and their items",
        .tag = "contracts",
    },
    {
        .method = "PUT",
        .pattern = "/api/v1/contracts/{id}/scope",
        .handler = api_contracts_scope_put,
        .permission = "contract.manage",
        .summary = "Replace the service scope (the profile's areas; If-Match or "
            "the contract's version)",
        .body = &api_contract_scope_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}/targets",
        .handler = api_contracts_targets_get,
        .permission = "contract.read",
        .summary = "Yearly targets with what the service records have done and "
            "the share of the term passed",
        .tag = "contracts",
    },
    {
        .method = "PUT",
        .pattern = "/api/v1/contracts/{id}/targets",
        .handler = api_contracts_targets_put,
        .permission = "contract.manage",
        .summary = "Replace the yearly targets (If-Match or the contract's version)",
        .body = &api_contract_targets_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}/amendments",
        .handler = api_contracts_amendments_list,
        .permission = "contract.read",
        .summary = "The contract's amendments, oldest first",
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/contracts/{id}/amendments",
        .handler = api_contracts_amendments_create,
        .permission = "contract.manage",
        .summary = "Record an amendment: date, reason, what changed",
        .body = &api_contract_amendment_schema,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/contracts/{id}/terminate",
        .handler = api_contracts_terminate,
        .permission = "contract.manage",
        .summary = "Terminate the contract with its reason (If-Match or version)",
        .body = &api_contract_terminate_schema,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/contracts/{id}/documents",
        .handler = api_contracts_documents_create,
        .permission = "contract.manage",
        .summary = "Attach the contract's document (协议文本: PDF, Word, "
            "photos; the body is the file)",
        .body = &api_file_schema,
        .query = contract_document_query,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}/documents",
        .handler = api_contracts_documents_list,
        .permission = "contract.read",
        .summary = "The contract's documents (download: "
            "/api/v1/attachments/{token})",
        .tag = "contracts",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/contracts/{id}/documents/{token}",
        .handler = api_contracts_documents_delete,
        .permission = "contract.manage",
        .summary = "Remove a document from a contract (its uploader, within "
            "service.edit_days)",
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/filings",
        .handler = api_filings_list,
        .permission = "contract.read",
        .summary = "备案: filings with due dates (provisional: 暂定), earliest due "
            "first",
        .query = filings_query,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/filings",
        .handler = api_filings_create,
        .permission = "contract.manage",
        .summary = "Track a filing; its due date from the profile unless given",
        .body = &api_filing_create_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/filings/{id}",
        .handler = api_filings_get,
        .permission = "contract.read",
        .summary = "One filing",
        .tag = "contracts",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/filings/{id}",
        .handler = api_filings_update,
        .permission = "contract.manage",
        .summary = "Record the filing date or change a filing (If-Match or version)",
        .body = &api_filing_update_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/debarments",
        .handler = api_debarments_list,
        .permission = "contract.read",
        .summary = "Organisations barred from new contracts, newest first",
        .query = debarments_query,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/debarments",
        .handler = api_debarments_create,
        .permission = "contract.manage",
        .summary = "Debar an organisation for a period (blocks new contracts)",
        .body = &api_debarment_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/work_plans",
        .handler = api_work_plans_list,
        .permission = "contract.read",
        .summary = "Annual plans: the organisation's work plan and the county's "
            "implementation plan, with milestones",
        .query = work_plans_query,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/work_plans",
        .handler = api_work_plans_create,
        .permission = "contract.manage",
        .summary = "Create an annual plan with its milestones",
        .body = &api_work_plan_create_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/work_plans/{id}",
        .handler = api_work_plans_get,
        .permission = "contract.read",
        .summary = "One annual plan",
        .tag = "contracts",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/work_plans/{id}",
        .handler = api_work_plans_update,
        .permission = "contract.manage",
        .summary = "Change an annual plan; milestones, when given, replace the "
            "list (If-Match or version)",
        .body = &api_work_plan_update_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/budget_lines",
        .handler = api_budget_lines_list,
        .permission = "money.read",
        .summary = "预算: yearly budget lines by fund source",
        .query = budget_lines_query,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/budget_lines",
        .handler = api_budget_lines_create,
        .permission = "money.manage",
        .summary = "Enter a budget line (year, source, budget and spent in fen)",
        .body = &api_budget_line_create_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/budget_lines/{id}",
        .handler = api_budget_lines_get,
        .permission = "money.read",
        .summary = "One budget line",
        .tag = "money",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/budget_lines/{id}",
        .handler = api_budget_lines_update,
        .permission = "money.manage",
        .summary = "Change a budget line (If-Match or version)",
        .body = &api_budget_line_update_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/allocations",
        .handler = api_allocations_list,
        .permission = "money.read",
        .summary = "Allocations of budget lines to contracts and stations",
        .query = allocations_query,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/allocations",
        .handler = api_allocations_create,
        .permission = "money.manage",
        .summary = "Allocate a budget line (refused above it)",
        .body = &api_allocation_create_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/allocations/{id}",
        .handler = api_allocations_get,
        .permission = "money.read",
        .summary = "One allocation",
        .tag = "money",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/allocations/{id}",
        .handler = api_allocations_delete,
        .permission = "money.manage",
        .summary = "Remove an allocation typed wrong (the audit row keeps "
            "every field of it)",
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/expenditures",
        .handler = api_expenditures_list,
        .permission = "money.read",
        .summary = "Expenditures by contract, station, category, period",
        .query = expenditures_query,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/expenditures.xlsx",
        .handler = api_expenditures_export,
        .permission = "money.read",
        .summary = "项目支出明细: the expenditures as .xlsx, with the list's "
                   "filters (audited)",
        .query = expenditures_export_query,
        .tag = "money",
        .download = "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/expenditures",
        .handler = api_expenditures_create,
        .permission = "expenditure.write",
        .summary = "Record an expenditure of a contract",
        .body = &api_expenditure_create_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/expenditures/{id}",
        .handler = api_expenditures_get,
        .permission = "money.read",
        .summary = "One expenditure",
        .tag = "money",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/expenditures/{id}",
        .handler = api_expenditures_update,
        .permission = "expenditure.write",
        .summary = "Change an expenditure (If-Match or version)",
        .body = &api_expenditure_update_schema,
        .tag = "money",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/expenditures/{id}",
        .handler = api_expenditures_delete,
        .permission = "expenditure.write",
        .summary = "Remove an expenditure entered twice (If-Match or "
            "version; refused while it has vouchers)",
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/expenditures/{id}/vouchers",
        .handler = api_expenditures_voucher_add,
        .permission = "expenditure.write",
        .summary = "Attach a voucher (原始凭证; the body is the file)",
        .query = voucher_query,
        .body = &api_file_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/expenditures/{id}/vouchers",
        .handler = api_expenditures_vouchers_list,
        .permission = "money.read",
        .summary = "The expenditure's vouchers (download: "
            "/api/v1/attachments/{token})",
        .tag = "money",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/expenditures/{id}/vouchers/{token}",
        .handler = api_expenditures_voucher_delete,
        .permission = "expenditure.write",
        .summary = "Remove a voucher from an expenditure (its uploader, "
            "within service.edit_days)",
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}/ledger",
        .handler = api_contract_ledger,
        .permission = "money.read",
        .summary = "专款专用: the contract's ledger (in, out, balance)",
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/fund_use",
        .handler = api_fund_use,
        .permission = "money.read",
        .summary = "Fund-use statement by source and category (.xlsx too)",
        .query = fund_use_query,
        .tag = "money",
        .download = XLSX ", application/json",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/evaluations",
        .handler = api_evaluations_list,
        .permission = "money.read",
        .summary = "Evaluation results of contracts",
        .query = evaluations_query,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/evaluations",
        .handler = api_evaluations_create,
        .permission = "evaluation.write",
        .summary = "Record an evaluation: a result as reported, or scores "
                   "by indicator, which then decide the grade and passed",
        .body = &api_evaluation_create_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/evaluations.xlsx",
        .handler = api_evaluations_export,
        .permission = "money.read",
        .summary = "绩效评估结果 as published: contract, organisation, score "
                   "and grade, with the list's filters (audited)",
        .query = evaluations_export_query,
        .tag = "money",
        .download = XLSX,
    },
    {
        .method = "GET",
        .pattern = "/api/v1/evaluations/{id}",
        .handler = api_evaluations_get,
        .permission = "money.read",
        .summary = "One evaluation with its scores by indicator",
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/evaluations/{id}/void",
        .handler = api_evaluations_void,
        .permission = "evaluation.write",
        .summary = "Void an evaluation recorded by mistake, with the reason "
                   "(not one an installment was paid on)",
        .body = &api_evaluation_void_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/evaluation_indicators",
        .handler = api_evaluation_indicators_list,
        .permission = "money.read",
        .summary = "绩效评估指标: the tree in use, its full points and the "
                   "grade bands",
        .query = indicators_query,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/evaluation_indicators",
        .handler = api_evaluation_indicators_create,
        .permission = "evaluation.indicator",
        .summary = "Add a first-level indicator, or a scored one under it",
        .body = &api_indicator_create_schema,
        .tag = "money",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/evaluation_indicators/{id}",
        .handler = api_evaluation_indicators_update,
        .permission = "evaluation.indicator",
        .summary = "Rename, re-weigh, reorder or stop an indicator (past "
                   "scores keep theirs)",
        .body = &api_indicator_update_schema,
        .tag = "money",
    },
    {
        .method = "PUT",
        .pattern = "/api/v1/evaluation_bands",
        .handler = api_evaluation_bands_update,
        .permission = "evaluation.indicator",
        .summary = "The percentages of the full points 优秀, 良好 and 合格 "
                   "start at",
        .body = &api_evaluation_bands_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/acceptances",
        .handler = api_acceptances_list,
        .permission = "money.read",
        .summary = "Performance acceptances (履约验收) of contracts",
        .query = acceptances_query,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/acceptances",
        .handler = api_acceptances_create,
        .permission = "money.manage",
        .summary = "Record a performance acceptance",
        .body = &api_acceptance_create_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}/payments",
        .handler = api_contract_payments,
        .permission = "money.read",
        .summary = "The contract's installments and due dates (.xlsx too)",
        .query = payments_query,
        .tag = "money",
        .download = XLSX ", application/json",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/contracts/{id}/payments",
        .handler = api_contract_payments_generate,
        .permission = "money.manage",
        .summary = "Generate the installments from the profile's schedule",
        .body = &api_payments_generate_schema,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/payments/{id}/pay",
        .handler = api_payments_pay,
        .permission = "money.manage",
        .summary = "Pay an installment (refused while blocked)",
        .body = &api_payment_pay_schema,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/payments/{id}/withhold",
        .handler = api_payments_withhold,
        .permission = "money.manage",
        .summary = "Withhold an installment, with a reason",
        .body = &api_payment_reason_schema,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/payments/{id}/override",
        .handler = api_payments_override,
        .permission = "payment.override",
        .summary = "Override a blocked installment, with a reason",
        .body = &api_payment_reason_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/staff",
        .handler = api_staff_list,
        .permission = "staff.read",
        .summary = "社工: the workers in the caller's range, in pinyin order",
        .query = staff_query,
        .tag = "staff",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/staff",
        .handler = api_staff_create,
        .permission = "staff.manage",
        .summary = "Register a worker (employer, certificate, wage …)",
        .body = &api_staff_create_schema,
        .tag = "staff",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/staff_roster.xlsx",
        .handler = api_staff_roster,
        .permission = "staff.read",
        .summary = "花名册: the roster as .xlsx, with the list's filters",
        .query = roster_query,
        .tag = "staff",
        .download = "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/staff/{id}",
        .handler = api_staff_get,
        .permission = "staff.read",
        .summary = "One worker, with today's station",
        .tag = "staff",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/staff/{id}",
        .handler = api_staff_update,
        .permission = "staff.manage",
        .summary = "Change a worker (If-Match or version); leaving ends her "
            "assignment",
        .body = &api_staff_update_schema,
        .tag = "staff",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/staff/{id}/assignments",
        .handler = api_staff_assignments,
        .permission = "staff.read",
        .summary = "A worker's station assignments, newest first",
        .tag = "staff",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/staff/{id}/assignments",
        .handler = api_staff_assign,
        .permission = "staff.manage",
        .summary = "Assign a worker to a station (专职专岗: one at a time); "
            "her login's data range follows",
        .body = &api_staff_assign_schema,
        .tag = "staff",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/staff/{id}/assignments/{assignment_id}",
        .handler = api_staff_end_assignment,
        .permission = "staff.manage",
        .summary = "End an assignment on a day",
        .body = &api_staff_end_assignment_schema,
        .tag = "staff",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/staff/{id}/trainings",
        .handler = api_staff_trainings,
        .permission = "staff.read",
        .summary = "A worker's trainings, newest first",
        .tag = "staff",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/staff/{id}/trainings",
        .handler = api_staff_add_training,
        .permission = "staff.manage",
        .summary = "Record a training a worker attended",
        .body = &api_staff_training_schema,
        .tag = "staff",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/staff/{id}/trainings/{training_id}",
        .handler = api_staff_update_training,
        .permission = "staff.manage",
        .summary = "Correct a worker's training (If-Match or version; "
            "audited before and after)",
        .body = &api_staff_training_update_schema,
        .tag = "staff",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/staff/{id}/trainings/{training_id}",
        .handler = api_staff_delete_training,
        .permission = "staff.manage",
        .summary = "Remove a training entered by mistake (its author, "
            "within service.edit_days; If-Match or version)",
        .tag = "staff",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/supervision_sessions",
        .handler = api_supervision_list,
        .permission = "staff.read",
        .summary = "督导记录: supervision sessions in the caller's range",
        .query = supervision_query,
        .tag = "staff",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/supervision_sessions",
        .handler = api_supervision_create,
        .permission = "supervision.write",
        .summary = "Record a supervision session (supervisor, attendees, "
            "topic, minutes)",
        .body = &api_supervision_create_schema,
        .tag = "staff",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/supervision_sessions/{id}",
        .handler = api_supervision_update,
        .permission = "supervision.write",
        .summary = "Correct a supervision session in the caller's range "
            "(If-Match or version; checked as on entry, audited before "
            "and after)",
        .body = &api_supervision_update_schema,
        .tag = "staff",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/supervision_sessions/{id}",
        .handler = api_supervision_delete,
        .permission = "supervision.write",
        .summary = "Remove a supervision session entered by mistake (its "
            "author, within service.edit_days; If-Match or version)",
        .tag = "staff",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/min_wages",
        .handler = api_min_wages_list,
        .permission = "staff.read",
        .summary = "最低工资标准: each county's dated minimum wage",
        .query = min_wages_query,
        .tag = "staff",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/min_wages",
        .handler = api_min_wages_create,
        .permission = "min_wage.manage",
        .summary = "Enter a county's minimum wage from a day (the "
            "provincial standard)",
        .body = &api_min_wage_create_schema,
        .tag = "staff",
    },
};

const size_t routes_count = sizeof routes / sizeof routes[0];
