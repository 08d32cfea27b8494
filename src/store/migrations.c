/* The schema, one numbered step at a time. Never edit a released step:
 * add the next one. Timestamps are Unix seconds UTC, dates 'YYYY-MM-DD'
 * text, money integer fen, booleans 0/1 (DESIGN.md §3). */
#include "migrate.h"

#include <stdlib.h>
#include <string.h>

#include "../core/crisis_form.h"
#include "../core/pinyin.h"
#include "../util/xalloc.h"
#include "stats_store.h"

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
    {2, "identity: organisations, users, roles, data ranges, sessions",
     "CREATE TABLE organisations ("
     " id {{pk}},"
     " name TEXT NOT NULL UNIQUE,"
     " credit_code TEXT UNIQUE,"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"

     "CREATE TABLE users ("
     " id {{pk}},"
     " username TEXT NOT NULL UNIQUE,"
     " display_name TEXT NOT NULL,"
     " phone TEXT NOT NULL DEFAULT '',"
     " password_hash TEXT NOT NULL,"
     " must_change_password BIGINT NOT NULL DEFAULT 1,"
     " status TEXT NOT NULL DEFAULT 'active',"
     " failed_logins BIGINT NOT NULL DEFAULT 0,"
     " locked_until BIGINT NOT NULL DEFAULT 0,"
     " data_range TEXT NOT NULL DEFAULT 'self',"
     " range_region TEXT REFERENCES regions (code),"
     " organisation_id BIGINT REFERENCES organisations (id),"
     " password_changed_at BIGINT NOT NULL DEFAULT 0,"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"

     "CREATE TABLE user_roles ("
     " user_id BIGINT NOT NULL REFERENCES users (id),"
     " role TEXT NOT NULL,"
     " PRIMARY KEY (user_id, role));"
     "CREATE INDEX user_roles_role ON user_roles (role, user_id);"

     "CREATE TABLE user_stations ("
     " user_id BIGINT NOT NULL REFERENCES users (id),"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " PRIMARY KEY (user_id, station_id));"

     "CREATE TABLE password_history ("
     " user_id BIGINT NOT NULL REFERENCES users (id),"
     " hash TEXT NOT NULL,"
     " changed_at BIGINT NOT NULL);"
     "CREATE INDEX password_history_user ON password_history "
     "(user_id, changed_at);"

     "CREATE TABLE sessions ("
     " token_hash TEXT PRIMARY KEY,"
     " user_id BIGINT NOT NULL REFERENCES users (id),"
     " csrf_token TEXT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " last_seen_at BIGINT NOT NULL,"
     " expires_at BIGINT NOT NULL,"
     " address TEXT NOT NULL DEFAULT '',"
     " user_agent TEXT NOT NULL DEFAULT '');"
     "CREATE INDEX sessions_user ON sessions (user_id);"},
    {3, "administration: dictionaries, notices, API tokens, second factor",
     "CREATE TABLE dictionary_items ("
     " kind TEXT NOT NULL,"
     " code TEXT NOT NULL,"
     " label TEXT NOT NULL,"
     " label_en TEXT NOT NULL,"
     " sort_order BIGINT NOT NULL DEFAULT 0,"
     " source TEXT NOT NULL DEFAULT 'custom',"
     " active BIGINT NOT NULL DEFAULT 1,"
     " PRIMARY KEY (kind, code));"

     "CREATE TABLE notices ("
     " id {{pk}},"
     " title TEXT NOT NULL,"
     " body TEXT NOT NULL,"
     " author_id BIGINT NOT NULL REFERENCES users (id),"
     " region_prefix TEXT NOT NULL DEFAULT '',"
     " created_at BIGINT NOT NULL,"
     " withdrawn BIGINT NOT NULL DEFAULT 0);"
     "CREATE INDEX notices_created ON notices (created_at, id);"

     "CREATE TABLE notice_reads ("
     " notice_id BIGINT NOT NULL REFERENCES notices (id),"
     " user_id BIGINT NOT NULL REFERENCES users (id),"
     " read_at BIGINT NOT NULL,"
     " PRIMARY KEY (notice_id, user_id));"

     "CREATE TABLE api_tokens ("
     " id {{pk}},"
     " user_id BIGINT NOT NULL REFERENCES users (id),"
     " name TEXT NOT NULL,"
     " token_hash TEXT NOT NULL UNIQUE,"
     " permissions TEXT NOT NULL,"
     " region TEXT,"
     " expires_at BIGINT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " last_used_at BIGINT NOT NULL DEFAULT 0,"
     " revoked_at BIGINT NOT NULL DEFAULT 0);"
     "CREATE INDEX api_tokens_user ON api_tokens (user_id, id);"

     "CREATE TABLE audit_anchors ("
     " id {{pk}},"
     " last_pruned_id BIGINT NOT NULL,"
     " last_hash TEXT NOT NULL,"
     " rows_pruned BIGINT NOT NULL,"
     " pruned_at BIGINT NOT NULL);"

     "ALTER TABLE users ADD COLUMN totp_secret TEXT;"
     "ALTER TABLE users ADD COLUMN totp_enabled BIGINT NOT NULL DEFAULT 0;"
     "ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL "
     "DEFAULT 0;"
     "ALTER TABLE sessions ADD COLUMN second_factor_pending BIGINT NOT NULL "
     "DEFAULT 0;"},
    {4, "clients: people, categories over time, guardians and consent",
     "CREATE TABLE clients ("
     " id {{pk}},"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " village_code TEXT REFERENCES regions (code),"
     " name TEXT {{bytes}} NOT NULL,"
     " name_pinyin TEXT {{bytes}} NOT NULL,"
     " name_initials TEXT {{bytes}} NOT NULL,"
     /* Personal data: sealed (secretbox), a blind index for exact
      * lookup, and the masked form that every answer shows. */
     " id_number_enc TEXT,"
     " id_blind TEXT UNIQUE,"
     " id_masked TEXT NOT NULL DEFAULT '',"
     " id_last4 TEXT {{bytes}} NOT NULL DEFAULT '',"
     " sex TEXT NOT NULL,"
     " birth_date TEXT NOT NULL,"
     " ethnicity TEXT NOT NULL DEFAULT '',"
     " phone_enc TEXT,"
     " phone_blind TEXT,"
     " phone_masked TEXT NOT NULL DEFAULT '',"
     " hukou_address_enc TEXT,"
     " hukou_address_masked TEXT NOT NULL DEFAULT '',"
     " address_enc TEXT,"
     " address_masked TEXT NOT NULL DEFAULT '',"
     " dibao_cert TEXT NOT NULL DEFAULT '',"
     " dibao_since TEXT,"
     " tekun_cert TEXT NOT NULL DEFAULT '',"
     " tekun_since TEXT,"
     " self_care TEXT NOT NULL DEFAULT '',"
     " living TEXT NOT NULL DEFAULT '',"
     " risk_level TEXT NOT NULL DEFAULT '',"
     " worker_id BIGINT REFERENCES users (id),"
     " tags TEXT NOT NULL DEFAULT '',"
     " status TEXT NOT NULL DEFAULT 'active',"
     " status_reason TEXT NOT NULL DEFAULT '',"
     " notes TEXT NOT NULL DEFAULT '',"
     /* The lawful basis for a child under 14 (PIPL art. 31, 13(3)). */
     " lawful_basis TEXT NOT NULL DEFAULT '',"
     " consent_by TEXT NOT NULL DEFAULT '',"
     " consent_on TEXT,"
     " consent_method TEXT NOT NULL DEFAULT '',"
     " statutory_duty TEXT NOT NULL DEFAULT '',"
     " basis_note TEXT NOT NULL DEFAULT '',"
     " merged_into BIGINT REFERENCES clients (id),"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX clients_station_name ON clients (station_id, name_pinyin, id);"
     /* Search across a province: the count and the page's ids come from
      * these alone, without reading a row (status and station ride
      * along). */
     "CREATE INDEX clients_pinyin ON clients "
     "(name_pinyin, status, station_id, id);"
     "CREATE INDEX clients_initials ON clients "
     "(name_initials, name_pinyin, status, station_id, id);"
     "CREATE INDEX clients_name ON clients (name, id);"
     "CREATE INDEX clients_last4 ON clients (id_last4, id);"

     "CREATE TABLE client_categories ("
     " id {{pk}},"
     " client_id BIGINT NOT NULL REFERENCES clients (id),"
     " code TEXT NOT NULL,"
     " started_on TEXT NOT NULL,"
     " ended_on TEXT);"
     "CREATE INDEX client_categories_client ON client_categories "
     "(client_id, started_on);"
     "CREATE INDEX client_categories_code ON client_categories "
     "(code, client_id);"

     "CREATE TABLE client_guardians ("
     " id {{pk}},"
     " client_id BIGINT NOT NULL REFERENCES clients (id),"
     " name TEXT NOT NULL,"
     " relation TEXT NOT NULL,"
     " phone_enc TEXT,"
     " phone_masked TEXT NOT NULL DEFAULT '',"
     " guardian_client_id BIGINT REFERENCES clients (id),"
     " sort_order BIGINT NOT NULL DEFAULT 0);"
     "CREATE INDEX client_guardians_client ON client_guardians "
     "(client_id, sort_order);"},
    {5, "households: members and their relation to the head",
     "CREATE TABLE households ("
     " id {{pk}},"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " name TEXT NOT NULL,"
     " notes TEXT NOT NULL DEFAULT '',"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX households_station ON households (station_id, id);"

     "CREATE TABLE household_members ("
     " id {{pk}},"
     " household_id BIGINT NOT NULL REFERENCES households (id),"
     " client_id BIGINT UNIQUE REFERENCES clients (id),"
     " name TEXT NOT NULL,"
     " relation TEXT NOT NULL,"
     " sort_order BIGINT NOT NULL DEFAULT 0);"
     "CREATE INDEX household_members_household ON household_members "
     "(household_id, sort_order);"
     /* One station's register by initials (the pinyin has its index in
      * migration 4). */
     "CREATE INDEX clients_station_initials ON clients "
     "(station_id, name_initials, id);"
     "CREATE INDEX clients_station_hanzi ON clients (station_id, name, id);"},
    {6, "idempotency keys; service records with clients, workers, revisions",
     "CREATE TABLE idempotency_keys ("
     " user_id BIGINT NOT NULL,"
     " idem_key TEXT NOT NULL,"
     " request_hash TEXT NOT NULL,"
     " state BIGINT NOT NULL,"
     " status BIGINT NOT NULL,"
     " reply TEXT,"
     " created_at BIGINT NOT NULL,"
     " PRIMARY KEY (user_id, idem_key));"
     "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);"

     "CREATE TABLE services ("
     " id {{pk}},"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " type TEXT NOT NULL,"
     " started_at BIGINT NOT NULL,"
     " ended_at BIGINT NOT NULL,"
     " minutes BIGINT NOT NULL,"
     /* The Beijing day it started on: what statistics count by. */
     " service_day TEXT NOT NULL,"
     " place TEXT NOT NULL DEFAULT '',"
     " area TEXT NOT NULL,"
     " title TEXT NOT NULL DEFAULT '',"
     " content TEXT NOT NULL,"
     " outcome TEXT NOT NULL DEFAULT '',"
     " satisfaction TEXT NOT NULL DEFAULT '',"
     " extra_attendees BIGINT NOT NULL DEFAULT 0,"
     " resource_kind TEXT NOT NULL DEFAULT '',"
     " resource_value BIGINT NOT NULL DEFAULT 0,"
     " resource_source TEXT NOT NULL DEFAULT '',"
     /* The home-visit form as checked JSON, and what is searched by. */
     " visit TEXT NOT NULL DEFAULT '',"
     " visit_purpose TEXT NOT NULL DEFAULT '',"
     " per_capita_income BIGINT,"
     " case_id BIGINT,"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX services_station ON services (station_id, started_at, id);"
     "CREATE INDEX services_case ON services (case_id, started_at);"

     "CREATE TABLE service_clients ("
     " service_id BIGINT NOT NULL REFERENCES services (id),"
     " client_id BIGINT NOT NULL REFERENCES clients (id),"
     " started_at BIGINT NOT NULL,"
     " PRIMARY KEY (service_id, client_id));"
     /* A client's timeline, newest first, from the index alone. */
     "CREATE INDEX service_clients_client ON service_clients "
     "(client_id, started_at, service_id);"

     "CREATE TABLE service_workers ("
     " service_id BIGINT NOT NULL REFERENCES services (id),"
     " user_id BIGINT NOT NULL REFERENCES users (id),"
     " started_at BIGINT NOT NULL,"
     " PRIMARY KEY (service_id, user_id));"
     "CREATE INDEX service_workers_user ON service_workers "
     "(user_id, started_at, service_id);"

     /* 痕迹管理: what a record said before each change, and why. */
     "CREATE TABLE service_revisions ("
     " id {{pk}},"
     " service_id BIGINT NOT NULL REFERENCES services (id),"
     " version BIGINT NOT NULL,"
     " snapshot TEXT NOT NULL,"
     " reason TEXT NOT NULL DEFAULT '',"
     " changed_by TEXT NOT NULL,"
     " changed_at BIGINT NOT NULL);"
     "CREATE INDEX service_revisions_service ON service_revisions "
     "(service_id, version);"},
    {7, "cases: stages, approvals, transfers, referrals, follow-ups",
     "CREATE TABLE cases ("
     " id {{pk}},"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " client_id BIGINT NOT NULL REFERENCES clients (id),"
     " worker_id BIGINT NOT NULL REFERENCES users (id),"
     /* intake, assessment, planning, intervention, evaluation, closed */
     " stage TEXT NOT NULL,"
     /* '' or what awaits a supervisor: plan, closure */
     " pending TEXT NOT NULL DEFAULT '',"
     " pending_since TEXT,"
     " source TEXT NOT NULL,"
     " problem TEXT NOT NULL,"
     " opened_on TEXT NOT NULL,"
     " risk_level TEXT NOT NULL DEFAULT '',"
     /* Each stage's form as checked JSON, '' until filled. */
     " assessment TEXT NOT NULL DEFAULT '',"
     " assessed_on TEXT,"
     " plan TEXT NOT NULL DEFAULT '',"
     " review_on TEXT,"
     " plan_approved_by BIGINT REFERENCES users (id),"
     " evaluation TEXT NOT NULL DEFAULT '',"
     " closure_reason TEXT NOT NULL DEFAULT '',"
     " closure_summary TEXT NOT NULL DEFAULT '',"
     " closed_on TEXT,"
     " closure_approved_by BIGINT REFERENCES users (id),"
     /* A transfer waiting for its receiver. */
     " transfer_worker_id BIGINT REFERENCES users (id),"
     " transfer_station_id BIGINT REFERENCES stations (id),"
     " transfer_note TEXT NOT NULL DEFAULT '',"
     " reopened BIGINT NOT NULL DEFAULT 0,"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX cases_station ON cases (station_id, stage, id);"
     "CREATE INDEX cases_worker ON cases (worker_id, stage, id);"
     "CREATE INDEX cases_client ON cases (client_id, id);"
     "CREATE INDEX cases_transfer ON cases (transfer_worker_id);"

     /* Every transition, request, decision and comment: the case's story. */
     "CREATE TABLE case_events ("
     " id {{pk}},"
     " case_id BIGINT NOT NULL REFERENCES cases (id),"
     " at BIGINT NOT NULL,"
     " actor_id BIGINT,"
     " actor TEXT NOT NULL,"
     " kind TEXT NOT NULL,"
     " stage TEXT NOT NULL,"
     " comment TEXT NOT NULL DEFAULT '');"
     "CREATE INDEX case_events_case ON case_events (case_id, id);"

     "CREATE TABLE case_referrals ("
     " id {{pk}},"
     " case_id BIGINT NOT NULL REFERENCES cases (id),"
     " agency TEXT NOT NULL,"
     " reason TEXT NOT NULL,"
     " referred_on TEXT NOT NULL,"
     " outcome TEXT NOT NULL DEFAULT '',"
     " outcome_on TEXT);"
     "CREATE INDEX case_referrals_case ON case_referrals (case_id, id);"

     "CREATE TABLE case_followups ("
     " id {{pk}},"
     " case_id BIGINT NOT NULL REFERENCES cases (id),"
     " due_on TEXT NOT NULL,"
     " done_on TEXT,"
     " service_id BIGINT REFERENCES services (id));"
     "CREATE INDEX case_followups_case ON case_followups (case_id, due_on);"
     /* A worker's clients: whose visits are due. */
     "CREATE INDEX clients_worker ON clients (worker_id, id);"},
    {8, "groups with members and workers; activity partners; needs surveys "
        "and yearly station service plans",
     "CREATE TABLE service_groups ("
     " id {{pk}},"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " name TEXT NOT NULL,"
     " area TEXT NOT NULL,"
     " target TEXT NOT NULL DEFAULT '',"
     " goals TEXT NOT NULL,"
     " planned_sessions BIGINT NOT NULL,"
     " starts_on TEXT NOT NULL,"
     " ends_on TEXT,"
     " status TEXT NOT NULL DEFAULT 'active',"
     " attainment TEXT NOT NULL DEFAULT '',"
     " evaluation TEXT NOT NULL DEFAULT '',"
     " closed_on TEXT,"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX service_groups_station ON service_groups (station_id, id);"
     "CREATE TABLE group_members ("
     " group_id BIGINT NOT NULL REFERENCES service_groups (id),"
     " client_id BIGINT NOT NULL REFERENCES clients (id),"
     " PRIMARY KEY (group_id, client_id));"
     "CREATE TABLE group_workers ("
     " group_id BIGINT NOT NULL REFERENCES service_groups (id),"
     " user_id BIGINT NOT NULL REFERENCES users (id),"
     " PRIMARY KEY (group_id, user_id));"
     /* A group's sessions are its service records. */
     "ALTER TABLE services ADD COLUMN group_id BIGINT REFERENCES "
     "service_groups (id);"
     "ALTER TABLE services ADD COLUMN partners TEXT NOT NULL DEFAULT '';"
     "CREATE INDEX services_group ON services (group_id, started_at);"

     /* 需求调研: who was asked, how, and what they need, by target group. */
     "CREATE TABLE needs_surveys ("
     " id {{pk}},"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " title TEXT NOT NULL,"
     " method TEXT NOT NULL,"
     " conducted_on TEXT NOT NULL,"
     " respondents BIGINT NOT NULL,"
     " findings TEXT NOT NULL,"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX needs_surveys_station ON needs_surveys "
     "(station_id, conducted_on);"
     /* 年度服务计划: planned quantities by service area and type. */
     "CREATE TABLE station_plans ("
     " id {{pk}},"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " year BIGINT NOT NULL,"
     " summary TEXT NOT NULL DEFAULT '',"
     " survey_ids TEXT NOT NULL DEFAULT '',"
     " status TEXT NOT NULL DEFAULT 'draft',"
     " submitted_on TEXT,"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL,"
     " UNIQUE (station_id, year));"
     "CREATE TABLE station_plan_items ("
     " plan_id BIGINT NOT NULL REFERENCES station_plans (id),"
     " area TEXT NOT NULL,"
     " type TEXT NOT NULL,"
     " quantity BIGINT NOT NULL,"
     " note TEXT NOT NULL DEFAULT '',"
     " PRIMARY KEY (plan_id, area, type));"},
    {9, "attachments: files of service records, cases and groups",
     "CREATE TABLE attachments ("
     " id {{pk}},"
     /* What the URL names: random, never the id, never the hash. */
     " token TEXT NOT NULL UNIQUE,"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " owner_kind TEXT NOT NULL,"
     " owner_id BIGINT NOT NULL,"
     " sha256 TEXT NOT NULL,"
     " size BIGINT NOT NULL,"
     " mime TEXT NOT NULL,"
     " name TEXT NOT NULL,"
     " thumb_sha256 TEXT,"
     " created_by BIGINT NOT NULL,"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX attachments_owner ON attachments "
     "(owner_kind, owner_id, id);"
     "CREATE INDEX attachments_sha ON attachments (sha256);"
     "CREATE INDEX attachments_thumb ON attachments (thumb_sha256);"},
    {10, "client categories marked PIPL-sensitive by the sysadmin",
     "ALTER TABLE dictionary_items ADD COLUMN sensitive BIGINT NOT NULL "
     "DEFAULT 0;"
     /* What sgz marked in code before (see dictionary.c). */
     "UPDATE dictionary_items SET sensitive = 1 WHERE kind = "
     "'client_category' AND code IN ('severe_disability', "
     "'disability_subsidy', 'mental_disorder', 'medical_assistance', "
     "'domestic_violence', 'community_corrections');"},
    {11, "the working-day calendar: holidays and make-up working days",
     /* Days that are not what their weekday says: a holiday on a weekday,
      * or a make-up working day (调休) on a weekend. */
     "CREATE TABLE calendar_days ("
     " day TEXT PRIMARY KEY,"
     " kind TEXT NOT NULL,"
     " name TEXT NOT NULL DEFAULT '');"
     /* The years whose official schedule is loaded: outside them a
      * deadline is provisional (暂定). */
     "CREATE TABLE calendar_years ("
     " year BIGINT PRIMARY KEY,"
     " source TEXT NOT NULL,"
     " loaded_at BIGINT NOT NULL);"},
    {12, "organisations: registration, legal representative, rating, "
         "party organisation, supervisors' qualifications, status",
     "ALTER TABLE organisations ADD COLUMN legal_rep TEXT NOT NULL "
     "DEFAULT '';"
     "ALTER TABLE organisations ADD COLUMN rating TEXT NOT NULL "
     "DEFAULT '';"
     "ALTER TABLE organisations ADD COLUMN rated_on TEXT;"
     "ALTER TABLE organisations ADD COLUMN party_org BIGINT NOT NULL "
     "DEFAULT 0;"
     "ALTER TABLE organisations ADD COLUMN supervisor_quals TEXT NOT NULL "
     "DEFAULT '';"
     "ALTER TABLE organisations ADD COLUMN registered_on TEXT;"
     "ALTER TABLE organisations ADD COLUMN region_code TEXT REFERENCES "
     "regions (code);"
     "ALTER TABLE organisations ADD COLUMN address TEXT NOT NULL "
     "DEFAULT '';"
     "ALTER TABLE organisations ADD COLUMN phone TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE organisations ADD COLUMN status TEXT NOT NULL "
     "DEFAULT 'active';"
     "ALTER TABLE organisations ADD COLUMN status_reason TEXT NOT NULL "
     "DEFAULT '';"},
    {13, "a client's timeline and visits read from service_clients alone; "
         "covering indexes for the task list; partial case and group "
         "indexes",
     /* What a timeline line shows rides along with the client's link to
      * the record, so that a page is one index range, not a page read
      * per record (docs/performance.md). workers: the user ids. */
     "ALTER TABLE service_clients ADD COLUMN station_id BIGINT;"
     "ALTER TABLE service_clients ADD COLUMN type TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE service_clients ADD COLUMN minutes BIGINT NOT NULL "
     "DEFAULT 0;"
     "ALTER TABLE service_clients ADD COLUMN case_id BIGINT;"
     "ALTER TABLE service_clients ADD COLUMN summary TEXT NOT NULL "
     "DEFAULT '';"
     "ALTER TABLE service_clients ADD COLUMN workers TEXT NOT NULL "
     "DEFAULT '';"
     "UPDATE service_clients SET "
     "station_id = (SELECT v.station_id FROM services v WHERE v.id = "
     "service_clients.service_id), "
     "type = (SELECT v.type FROM services v WHERE v.id = "
     "service_clients.service_id), "
     "minutes = (SELECT v.minutes FROM services v WHERE v.id = "
     "service_clients.service_id), "
     "case_id = (SELECT v.case_id FROM services v WHERE v.id = "
     "service_clients.service_id), "
     "summary = (SELECT CASE WHEN v.title <> '' THEN v.title WHEN "
     "length(v.content) > 60 THEN substr(v.content, 1, 60) || '…' ELSE "
     "v.content END FROM services v WHERE v.id = "
     "service_clients.service_id), "
     "workers = COALESCE((SELECT {{group_concat}}(CAST(w.user_id AS TEXT), "
     "',') FROM service_workers w WHERE w.service_id = "
     "service_clients.service_id), '');"
     "DROP INDEX service_clients_client;"
     "CREATE INDEX service_clients_timeline ON service_clients (client_id, "
     "started_at, service_id, station_id, type, minutes, case_id, summary, "
     "workers);"
     /* A worker's clients and what they hold, from the indexes alone. */
     "DROP INDEX clients_worker;"
     "CREATE INDEX clients_worker ON clients (worker_id, status, "
     "station_id, id, name, created_at);"
     "DROP INDEX client_categories_client;"
     "CREATE INDEX client_categories_client ON client_categories "
     "(client_id, started_on, ended_on, code);"
     /* Most records belong to no case and no group. */
     "DROP INDEX services_case;"
     "CREATE INDEX services_case ON services (case_id, started_at) WHERE "
     "case_id IS NOT NULL;"
     "DROP INDEX services_group;"
     "CREATE INDEX services_group ON services (group_id, started_at) WHERE "
     "group_id IS NOT NULL;"},
    {14, "contracts (服务协议): purchaser, organisation, cycle, term, amount, "
         "dates; the stations each covers with their share",
     /* The core that staff, money, payments and an org_admin's range all
      * read; the contract's scope, targets, amendments and filings come
      * in their own migration. Dates are Beijing YYYY-MM-DD. */
     "CREATE TABLE contracts ("
     " id {{pk}},"
     " code TEXT NOT NULL UNIQUE,"
     " title TEXT NOT NULL,"
     " region_code TEXT NOT NULL REFERENCES regions (code),"
     " purchaser TEXT NOT NULL,"
     " organisation_id BIGINT NOT NULL REFERENCES organisations (id),"
     " procurement TEXT NOT NULL,"
     " cycle_years BIGINT NOT NULL,"
     " cycle_year BIGINT NOT NULL,"
     " amount_fen BIGINT NOT NULL,"
     " signed_on TEXT NOT NULL,"
     " effective_on TEXT NOT NULL,"
     " starts_on TEXT NOT NULL,"
     " ends_on TEXT NOT NULL,"
     " filed_on TEXT,"
     " staff_in_place_on TEXT,"
     " previous_id BIGINT REFERENCES contracts (id),"
     " status TEXT NOT NULL DEFAULT 'active',"
     " status_reason TEXT NOT NULL DEFAULT '',"
     " status_on TEXT,"
     " requirements TEXT NOT NULL DEFAULT '',"
     " liability TEXT NOT NULL DEFAULT '',"
     " notes TEXT NOT NULL DEFAULT '',"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT REFERENCES users (id),"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX contracts_org ON contracts (organisation_id, status, "
     "ends_on);"
     "CREATE INDEX contracts_region ON contracts (region_code, starts_on);"
     "CREATE TABLE contract_stations ("
     " contract_id BIGINT NOT NULL REFERENCES contracts (id),"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " amount_fen BIGINT NOT NULL DEFAULT 0,"
     " PRIMARY KEY (contract_id, station_id));"
     "CREATE INDEX contract_stations_station ON contract_stations "
     "(station_id, contract_id);"},
    {15, "staff (社工): workers, their station assignments, trainings, "
         "supervision sessions (督导记录) and the counties' minimum wages",
     /* A worker's current assignment (to_on NULL or not yet past) is what
      * her user account's data range follows. Dates are Beijing
      * YYYY-MM-DD; the wage and the minimum wage are fen a month. */
     "CREATE TABLE staff ("
     " id {{pk}},"
     " name TEXT NOT NULL,"
     " name_pinyin TEXT NOT NULL DEFAULT '',"
     " user_id BIGINT UNIQUE REFERENCES users (id),"
     " role TEXT NOT NULL,"
     " organisation_id BIGINT REFERENCES organisations (id),"
     " employer_region TEXT REFERENCES regions (code),"
     " labour_from TEXT,"
     " labour_to TEXT,"
     " birth_date TEXT NOT NULL,"
     " sex TEXT NOT NULL,"
     " education TEXT NOT NULL,"
     " major TEXT NOT NULL DEFAULT '',"
     " certificate TEXT NOT NULL DEFAULT 'none',"
     " certified_on TEXT,"
     " hukou_local BIGINT NOT NULL DEFAULT 0,"
     " hired_on TEXT NOT NULL,"
     " wage_fen BIGINT NOT NULL DEFAULT 0,"
     " phone TEXT NOT NULL DEFAULT '',"
     " status TEXT NOT NULL DEFAULT 'active',"
     " left_on TEXT,"
     " left_reason TEXT NOT NULL DEFAULT '',"
     " notes TEXT NOT NULL DEFAULT '',"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX staff_org ON staff (organisation_id, status);"
     "CREATE INDEX staff_name ON staff (name_pinyin, id);"
     "CREATE TABLE staff_assignments ("
     " id {{pk}},"
     " staff_id BIGINT NOT NULL REFERENCES staff (id),"
     " station_id BIGINT NOT NULL REFERENCES stations (id),"
     " from_on TEXT NOT NULL,"
     " to_on TEXT,"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX staff_assignments_staff ON staff_assignments "
     "(staff_id, from_on);"
     "CREATE INDEX staff_assignments_station ON staff_assignments "
     "(station_id, to_on);"
     "CREATE TABLE staff_trainings ("
     " id {{pk}},"
     " staff_id BIGINT NOT NULL REFERENCES staff (id),"
     " held_on TEXT NOT NULL,"
     " title TEXT NOT NULL,"
     " minutes BIGINT NOT NULL,"
     " organiser TEXT NOT NULL DEFAULT '',"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX staff_trainings_staff ON staff_trainings "
     "(staff_id, held_on);"
     "CREATE TABLE supervision_sessions ("
     " id {{pk}},"
     " held_on TEXT NOT NULL,"
     " supervisor_id BIGINT NOT NULL REFERENCES staff (id),"
     " station_id BIGINT REFERENCES stations (id),"
     " topic TEXT NOT NULL,"
     " content TEXT NOT NULL DEFAULT '',"
     " minutes TEXT NOT NULL DEFAULT '',"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX supervision_sessions_day ON supervision_sessions "
     "(held_on, id);"
     "CREATE TABLE supervision_attendees ("
     " session_id BIGINT NOT NULL REFERENCES supervision_sessions (id),"
     " staff_id BIGINT NOT NULL REFERENCES staff (id),"
     " PRIMARY KEY (session_id, staff_id));"
     "CREATE INDEX supervision_attendees_staff ON supervision_attendees "
     "(staff_id, session_id);"
     "CREATE TABLE min_wages ("
     " id {{pk}},"
     " region_code TEXT NOT NULL REFERENCES regions (code),"
     " effective_on TEXT NOT NULL,"
     " monthly_fen BIGINT NOT NULL,"
     " source TEXT NOT NULL DEFAULT '',"
     " created_at BIGINT NOT NULL,"
     " UNIQUE (region_code, effective_on));"},
    {16, "contracts: scope, yearly targets, amendments, filings (备案), "
         "debarments, annual plans with milestones; whether a contract is "
         "in force today (an org_admin's range)",
     /* in_force: status active and today within starts_on..ends_on,
      * kept by the writes and refreshed once a day (contract_store), so
      * that the range filter needs no date of its own. */
     "ALTER TABLE contracts ADD COLUMN in_force BIGINT NOT NULL DEFAULT 0;"
     "CREATE INDEX contracts_in_force ON contracts (organisation_id, "
     "in_force);"
     /* The service areas the contract buys, each with its free items. */
     "CREATE TABLE contract_scope ("
     " contract_id BIGINT NOT NULL REFERENCES contracts (id),"
     " area TEXT NOT NULL,"
     " items TEXT NOT NULL DEFAULT '',"
     " PRIMARY KEY (contract_id, area));"
     /* Yearly quantities by service type, optionally by area ('' any). */
     "CREATE TABLE contract_targets ("
     " id {{pk}},"
     " contract_id BIGINT NOT NULL REFERENCES contracts (id),"
     " service_type TEXT NOT NULL,"
     " area TEXT NOT NULL DEFAULT '',"
     " quantity BIGINT NOT NULL,"
     " note TEXT NOT NULL DEFAULT '',"
     " UNIQUE (contract_id, service_type, area));"
     "CREATE TABLE contract_amendments ("
     " id {{pk}},"
     " contract_id BIGINT NOT NULL REFERENCES contracts (id),"
     " amended_on TEXT NOT NULL,"
     " reason TEXT NOT NULL,"
     " changes TEXT NOT NULL,"
     " created_by BIGINT REFERENCES users (id),"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX contract_amendments_contract ON contract_amendments "
     "(contract_id, amended_on, id);"
     /* 备案: a contract copy, plans, a recruitment plan … with the office
      * it goes to, its due date and the day it was filed. */
     "CREATE TABLE filings ("
     " id {{pk}},"
     " region_code TEXT NOT NULL REFERENCES regions (code),"
     " contract_id BIGINT REFERENCES contracts (id),"
     " kind TEXT NOT NULL,"
     " year BIGINT NOT NULL,"
     " title TEXT NOT NULL,"
     " filed_with TEXT NOT NULL DEFAULT '',"
     " due_on TEXT,"
     " due_provisional BIGINT NOT NULL DEFAULT 0,"
     " filed_on TEXT,"
     " notes TEXT NOT NULL DEFAULT '',"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT REFERENCES users (id),"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX filings_region ON filings (region_code, year, due_on);"
     "CREATE INDEX filings_contract ON filings (contract_id);"
     /* An organisation barred from new contracts for a period. */
     "CREATE TABLE debarments ("
     " id {{pk}},"
     " organisation_id BIGINT NOT NULL REFERENCES organisations (id),"
     " starts_on TEXT NOT NULL,"
     " ends_on TEXT NOT NULL,"
     " reason TEXT NOT NULL,"
     " contract_id BIGINT REFERENCES contracts (id),"
     " created_by BIGINT REFERENCES users (id),"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX debarments_org ON debarments (organisation_id, "
     "starts_on);"
     /* The organisation's annual work plan and the county's annual
      * implementation plan, with their milestones. */
     "CREATE TABLE work_plans ("
     " id {{pk}},"
     " kind TEXT NOT NULL,"
     " region_code TEXT NOT NULL REFERENCES regions (code),"
     " year BIGINT NOT NULL,"
     " organisation_id BIGINT REFERENCES organisations (id),"
     " contract_id BIGINT REFERENCES contracts (id),"
     " title TEXT NOT NULL,"
     " summary TEXT NOT NULL DEFAULT '',"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT REFERENCES users (id),"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX work_plans_region ON work_plans (region_code, year);"
     "CREATE TABLE work_plan_milestones ("
     " id {{pk}},"
     " plan_id BIGINT NOT NULL REFERENCES work_plans (id),"
     " title TEXT NOT NULL,"
     " due_on TEXT NOT NULL,"
     " done_on TEXT);"
     "CREATE INDEX work_plan_milestones_plan ON work_plan_milestones "
     "(plan_id, due_on);"},
    {17, "money and payments (资金与拨付): budget lines by source, their "
         "allocations, expenditures, evaluations, acceptances, installments",
     /* Amounts in fen; dates Beijing YYYY-MM-DD. A budget line is one
      * fund's money of a year in a county (spent_fen NULL: not yet
      * known); allocations draw on it for a contract or a station; a
      * payment's trigger date, due date and state beyond paid/withheld
      * are derived from the contract and its evaluations when read. */
     "CREATE TABLE budget_lines ("
     " id {{pk}},"
     " region_code TEXT NOT NULL REFERENCES regions (code),"
     " year BIGINT NOT NULL,"
     " source TEXT NOT NULL,"
     " title TEXT NOT NULL,"
     " budget_fen BIGINT NOT NULL,"
     " spent_fen BIGINT,"
     " notes TEXT NOT NULL DEFAULT '',"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL,"
     " UNIQUE (region_code, year, source, title));"
     "CREATE INDEX budget_lines_year ON budget_lines (year, source);"
     "CREATE TABLE allocations ("
     " id {{pk}},"
     " budget_line_id BIGINT NOT NULL REFERENCES budget_lines (id),"
     " contract_id BIGINT REFERENCES contracts (id),"
     " station_id BIGINT REFERENCES stations (id),"
     " amount_fen BIGINT NOT NULL,"
     " allocated_on TEXT NOT NULL,"
     " notes TEXT NOT NULL DEFAULT '',"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX allocations_line ON allocations (budget_line_id, id);"
     "CREATE INDEX allocations_contract ON allocations (contract_id, id);"
     "CREATE TABLE expenditures ("
     " id {{pk}},"
     " contract_id BIGINT NOT NULL REFERENCES contracts (id),"
     " station_id BIGINT REFERENCES stations (id),"
     " spent_on TEXT NOT NULL,"
     " category TEXT NOT NULL,"
     " amount_fen BIGINT NOT NULL,"
     " payee TEXT NOT NULL DEFAULT '',"
     " description TEXT NOT NULL DEFAULT '',"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT REFERENCES users (id),"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX expenditures_contract ON expenditures (contract_id, "
     "spent_on, id);"
     "CREATE INDEX expenditures_day ON expenditures (spent_on, category);"
     "CREATE TABLE evaluations ("
     " id {{pk}},"
     " contract_id BIGINT NOT NULL REFERENCES contracts (id),"
     " kind TEXT NOT NULL,"
     " evaluated_on TEXT NOT NULL,"
     " passed BIGINT NOT NULL,"
     " grade TEXT NOT NULL DEFAULT '',"
     " evaluator TEXT NOT NULL DEFAULT '',"
     " notes TEXT NOT NULL DEFAULT '',"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX evaluations_contract ON evaluations (contract_id, kind, "
     "evaluated_on);"
     "CREATE TABLE acceptances ("
     " id {{pk}},"
     " contract_id BIGINT NOT NULL REFERENCES contracts (id),"
     " accepted_on TEXT NOT NULL,"
     " result TEXT NOT NULL,"
     " notes TEXT NOT NULL DEFAULT '',"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX acceptances_contract ON acceptances (contract_id, "
     "accepted_on);"
     "CREATE TABLE payments ("
     " id {{pk}},"
     " contract_id BIGINT NOT NULL REFERENCES contracts (id),"
     " seq BIGINT NOT NULL,"
     " percent BIGINT NOT NULL,"
     " trigger_event TEXT NOT NULL,"
     " working_days BIGINT NOT NULL,"
     " needs_acceptance BIGINT NOT NULL DEFAULT 0,"
     " amount_fen BIGINT NOT NULL,"
     " status TEXT NOT NULL DEFAULT 'planned',"
     " paid_on TEXT,"
     " withheld_reason TEXT NOT NULL DEFAULT '',"
     " override_reason TEXT NOT NULL DEFAULT '',"
     " override_by TEXT NOT NULL DEFAULT '',"
     " override_at BIGINT,"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL,"
     " UNIQUE (contract_id, seq));"},
    {18, "client_visits_due: each client's next scheduled visit, kept on "
         "write for the task list",
     /* One row per active client holding a scheduled category, valid on
      * the days [from_on, until_on) (store/visit_due_store.h). Filled by
      * `sgz serve` (and `sgz demo`) in C, not here: the due dates are
      * Beijing days, which SQL cannot count alike on both backends; an
      * empty client_visits_due_state makes the first start fill it. */
     "CREATE TABLE client_visits_due ("
     " client_id BIGINT PRIMARY KEY REFERENCES clients (id),"
     " worker_id BIGINT,"
     " station_id BIGINT NOT NULL,"
     " name TEXT NOT NULL,"
     " code TEXT,"
     " due_on TEXT,"
     " from_on TEXT NOT NULL,"
     " until_on TEXT);"
     /* A worker's (at one station) and a station's visits by due date,
      * from the index alone; the rows that stop holding on a day. */
     "CREATE INDEX client_visits_due_worker ON client_visits_due "
     "(worker_id, station_id, due_on, client_id, name, code);"
     "CREATE INDEX client_visits_due_station ON client_visits_due "
     "(station_id, due_on, client_id, worker_id, name, code);"
     "CREATE INDEX client_visits_due_until ON client_visits_due "
     "(until_on);"
     "CREATE INDEX client_visits_due_from ON client_visits_due (from_on);"
     /* The schedules the rows were computed with, and their stamp. */
     "CREATE TABLE visit_schedules_kept ("
     " code TEXT PRIMARY KEY,"
     " every_days BIGINT NOT NULL);"
     "CREATE TABLE client_visits_due_state ("
     " id BIGINT PRIMARY KEY,"
     " schedules TEXT NOT NULL);"},
    {19, "statistics: summaries of the service records by station and "
         "month, kept on every write; the sets of clients served",
     /* Figures that add up, by station, Beijing month, type and area
      * (DESIGN.md §7). pairs: client-record links; extra: the headcount
      * of people not registered. stats_store keeps them. */
     "CREATE TABLE stats_services ("
     " station_id BIGINT NOT NULL,"
     " month TEXT NOT NULL,"
     " type TEXT NOT NULL,"
     " area TEXT NOT NULL,"
     " records BIGINT NOT NULL,"
     " pairs BIGINT NOT NULL,"
     " extra BIGINT NOT NULL,"
     " minutes BIGINT NOT NULL,"
     " resource_fen BIGINT NOT NULL,"
     " PRIMARY KEY (station_id, month, type, area));"
     /* The same per station and month alone, a column per figure: what
      * a cut by neither type nor area reads (a row where stats_services
      * has some thirty). */
     "CREATE TABLE stats_months ("
     " station_id BIGINT NOT NULL,"
     " month TEXT NOT NULL,"
     " records BIGINT NOT NULL,"
     " person_times BIGINT NOT NULL,"
     " minutes BIGINT NOT NULL,"
     " visits BIGINT NOT NULL,"
     " consultations BIGINT NOT NULL,"
     " group_sessions BIGINT NOT NULL,"
     " group_attendance BIGINT NOT NULL,"
     " activities BIGINT NOT NULL,"
     " activity_people BIGINT NOT NULL,"
     " resource_fen BIGINT NOT NULL,"
     " resource_items BIGINT NOT NULL,"
     " crises BIGINT NOT NULL,"
     " PRIMARY KEY (station_id, month));"
     /* Person-times by the category each client held on the day. */
     "CREATE TABLE stats_categories ("
     " station_id BIGINT NOT NULL,"
     " month TEXT NOT NULL,"
     " category TEXT NOT NULL,"
     " type TEXT NOT NULL,"
     " area TEXT NOT NULL,"
     " pairs BIGINT NOT NULL,"
     " PRIMARY KEY (station_id, month, category, type, area));"
     /* The same per category alone (no type, no area). */
     "CREATE TABLE stats_category_months ("
     " station_id BIGINT NOT NULL,"
     " month TEXT NOT NULL,"
     " category TEXT NOT NULL,"
     " person_times BIGINT NOT NULL,"
     " group_attendance BIGINT NOT NULL,"
     " activity_people BIGINT NOT NULL,"
     " PRIMARY KEY (station_id, month, category));"
     /* Distinct counts do not add across months or stations: who was
      * served per station and month, overall (dim '') and by type, area
      * or category (value), and which groups met (dim 'group'), each a
      * compact set: items holds the ascending ids as decimal
      * differences ("5,12,3" is 5, 17, 20), n how many. Counting a
      * county's year unions some hundreds of them in C. */
     "CREATE TABLE stats_distinct ("
     " dim TEXT NOT NULL,"
     " station_id BIGINT NOT NULL,"
     " month TEXT NOT NULL,"
     " value TEXT NOT NULL,"
     " items TEXT NOT NULL,"
     " n BIGINT NOT NULL,"
     " PRIMARY KEY (dim, station_id, month, value));"
     /* Built by the first start after this step (in C, from the one
      * definition stats_store keeps). */
     "CREATE TABLE stats_state ("
     " id BIGINT PRIMARY KEY,"
     " built_at BIGINT NOT NULL);"
     /* Cases opened and closed in a period, per station. */
     "CREATE INDEX cases_station_opened ON cases (station_id, opened_on, "
     "closed_on);"},
    {20, "reports: monthly briefs to the annual self-evaluation, with "
         "their history",
     /* One report per type, scope and period: scope_key is "s:<station>",
      * "r:<division>" or "c:<contract>", so that the unique key holds
      * without NULLs. region_code is the division the scope lies in (a
      * station's, a county's, a contract's purchaser's): what the range
      * filter reads. figures: the frozen JSON, NULL while a draft. */
     "CREATE TABLE reports ("
     " id {{pk}},"
     " type TEXT NOT NULL,"
     " scope_key TEXT NOT NULL,"
     " station_id BIGINT REFERENCES stations (id),"
     " region_code TEXT NOT NULL,"
     " contract_id BIGINT REFERENCES contracts (id),"
     " organisation_id BIGINT REFERENCES organisations (id),"
     " period_from TEXT NOT NULL,"
     " period_to TEXT NOT NULL,"
     " status TEXT NOT NULL DEFAULT 'draft',"
     " key_work TEXT NOT NULL DEFAULT '',"
     " highlights TEXT NOT NULL DEFAULT '',"
     " typical_cases TEXT NOT NULL DEFAULT '',"
     " problems TEXT NOT NULL DEFAULT '',"
     " next_plan TEXT NOT NULL DEFAULT '',"
     " figures TEXT,"
     " submitted_on TEXT,"
     " submitted_by BIGINT,"
     " reviewed_on TEXT,"
     " reviewed_by BIGINT,"
     " review_comment TEXT NOT NULL DEFAULT '',"
     " version BIGINT NOT NULL DEFAULT 1,"
     " created_by BIGINT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL,"
     " UNIQUE (type, scope_key, period_from));"
     "CREATE INDEX reports_region ON reports (region_code, period_from);"
     "CREATE INDEX reports_station ON reports (station_id, period_from);"
     /* Each submission keeps its frozen figures and narrative (JSON);
      * each return and acceptance its comment. */
     "CREATE TABLE report_history ("
     " id {{pk}},"
     " report_id BIGINT NOT NULL REFERENCES reports (id),"
     " action TEXT NOT NULL,"
     " report_version BIGINT NOT NULL,"
     " figures TEXT,"
     " narrative TEXT,"
     " comment TEXT NOT NULL DEFAULT '',"
     " user_id BIGINT NOT NULL,"
     " user_name TEXT NOT NULL,"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX report_history_report ON report_history (report_id, "
     "id);"},
    /* Nothing of its own: on PostgreSQL the last migration a run applies
     * also turns every text column to byte order (migrate.c); this one
     * brings databases made before that step to it. */
    {21, "PostgreSQL: every text column compares bytes, as on SQLite, "
         "whatever the database's locale",
     ""},
    {22, "client categories with an age limit (适用年龄上限)",
     /* NULL: none; L: only for people under L (core/category_age.h). */
     "ALTER TABLE dictionary_items ADD COLUMN age_limit BIGINT;"
     /* The profiles' child categories (a fresh database has them from
      * the profile's client_categories): orphans, children in
      * difficulty and those without a de-facto carer under 18,
      * left-behind children under 16 (国发〔2016〕13号). */
     "UPDATE dictionary_items SET age_limit = 18 WHERE kind = "
     "'client_category' AND code IN ('orphan', 'de_facto_orphan', "
     "'vulnerable_child');"
     "UPDATE dictionary_items SET age_limit = 16 WHERE kind = "
     "'client_category' AND code = 'left_behind_child';"},
    {23, "clients: a key that sorts names as a register does (surnames "
         "together)",
     /* Filled by fill_client_sort below; ordered by in migration 24. */
     "ALTER TABLE clients ADD COLUMN name_sort TEXT {{bytes}} NOT NULL "
     "DEFAULT '';"},
    {24, "clients: a station's list and the province's by the sort key",
     "DROP INDEX clients_station_name;"
     "CREATE INDEX clients_station_sort ON clients (station_id, name_sort, "
     "id);"
     "CREATE INDEX clients_sort ON clients "
     "(name_sort, status, station_id, id);"},
    {25, "staff: the same sort key for lists of workers by name",
     "ALTER TABLE staff ADD COLUMN name_sort TEXT {{bytes}} NOT NULL "
     "DEFAULT '';"},
    {26, "client categories with a lower age bound (适用年龄下限)",
     /* NULL: none; F: only for people aged F or over, held from the day
      * they turn F (core/category_age.h). */
     "ALTER TABLE dictionary_items ADD COLUMN age_from BIGINT;"
     /* The profiles' elderly categories, each one that the law or its
      * policy defines by age 60 and over (老年人权益保障法 art. 2:
      * 老年人是指六十周岁以上的公民): 困难老人, 独居老人, 孤寡老人, 空巢老人
      * and 留守老人 (民政部等《关于加强农村留守老年人关爱服务工作的意见》
      * 2017: 年满60周岁). 领取老龄津贴高龄老人 is older still (高龄 is
      * commonly 80 and over, set by each province): 60 is the least it
      * can be, and a deployment raises it in 字典管理. Not 特困人员 or
      * 低保对象, which are any age. */
     "UPDATE dictionary_items SET age_from = 60 WHERE kind = "
     "'client_category' AND code IN ('poor_elderly', 'elderly_alone', "
     "'childless_elderly', 'empty_nest_elderly', 'left_behind_elderly', "
     "'advanced_age_elderly');"},
    {27, "organisations and stations: the sort key for lists by name",
     /* Filled by fill_organisation_sort and fill_station_sort below. A
      * province holds a few thousand of each: sorted without an index. */
     "ALTER TABLE organisations ADD COLUMN name_sort TEXT {{bytes}} NOT "
     "NULL DEFAULT '';"
     "ALTER TABLE stations ADD COLUMN name_sort TEXT {{bytes}} NOT NULL "
     "DEFAULT '';"},
    {28, "a record's history from its own audit rows, not a scan of the log",
     /* store/audit_store.c audit_history(): a client's 历史 tab read the
      * whole log. The merged records point at their survivor (a few). */
     "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);"
     "CREATE INDEX clients_merged ON clients (merged_into) WHERE "
     "merged_into IS NOT NULL;"},
    {29, "clients: found by a whole phone number",
     /* A worker pastes the whole number; the ID number's blind index is
      * already unique, the phone's had no index. */
     "CREATE INDEX clients_phone ON clients (phone_blind) WHERE "
     "phone_blind IS NOT NULL;"},
    {30, "clients: a station's search by a name's first characters reads the sort key's index",
     /* client_store.c Q_NAME: a name's beginning is a range of its sort
      * key, which clients_station_sort holds in the page's order; the
      * index by station and name is read by nothing since, and every
      * write and import paid for it. */
     "DROP INDEX IF EXISTS clients_station_hanzi;"},
    {31, "clients: a list by age reads an index of birth dates",
     /* client_store.c ORDER_BIRTH: a province's list by age sorted every
      * client for its 20 rows (0.6 s on the bench's million, 2 s with a
      * category held by few); in the index's order the page stops at
      * its 20th match. An age range is a range of it too. */
     "CREATE INDEX clients_birth ON clients (birth_date, id);"},
    {32, "services: a list across stations reads an index of start times",
     /* service_store.c WAY_ANY: a province's page of records, newest
      * first, sorted every record in range for its 20 rows (0.6 s on a
      * million); in the index's order the page stops at its 20th. */
     "CREATE INDEX services_started ON services (started_at, id);"},
    {33, "绩效评估指标: the indicator tree, its score bands and an "
     "evaluation's scores",
     /* Points in tenths. A score keeps the indicator's name and points
      * as they were, so that a later edit of the tree leaves a past
      * evaluation as scored. The tree below is a starting point the
      * sysadmin edits: quantity, quality and the use of funds, the three
      * things the plans have evaluated (DESIGN.md §6). */
     "CREATE TABLE evaluation_indicators ("
     " id {{pk}},"
     " parent_id BIGINT REFERENCES evaluation_indicators (id),"
     " max_score BIGINT NOT NULL DEFAULT 0,"
     " sort_order BIGINT NOT NULL DEFAULT 0,"
     " name TEXT NOT NULL,"
     " name_en TEXT NOT NULL DEFAULT '',"
     " guidance TEXT NOT NULL DEFAULT '',"
     " active BIGINT NOT NULL DEFAULT 1,"
     " version BIGINT NOT NULL DEFAULT 1,"
     " updated_at BIGINT NOT NULL);"
     "CREATE TABLE evaluation_bands ("
     " grade TEXT PRIMARY KEY,"
     " min_percent BIGINT NOT NULL,"
     " version BIGINT NOT NULL DEFAULT 1);"
     "INSERT INTO evaluation_bands (grade, min_percent) VALUES "
     "('excellent', 90), ('good', 80), ('pass', 60);"
     "CREATE TABLE evaluation_scores ("
     " evaluation_id BIGINT NOT NULL REFERENCES evaluations (id),"
     " indicator_id BIGINT NOT NULL REFERENCES evaluation_indicators (id),"
     " seq BIGINT NOT NULL,"
     " max_score BIGINT NOT NULL,"
     " score BIGINT NOT NULL,"
     " dimension TEXT NOT NULL,"
     " name TEXT NOT NULL,"
     " comment TEXT NOT NULL DEFAULT '',"
     " PRIMARY KEY (evaluation_id, indicator_id));"
     "ALTER TABLE evaluations ADD COLUMN total_score BIGINT;"
     "ALTER TABLE evaluations ADD COLUMN max_score BIGINT;"
     /* An evaluation recorded by mistake is voided with a reason, not
      * deleted: it stays on the list, and counts for nothing. */
     "ALTER TABLE evaluations ADD COLUMN voided_at BIGINT;"
     "ALTER TABLE evaluations ADD COLUMN voided_by TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE evaluations ADD COLUMN voided_reason TEXT NOT NULL "
     "DEFAULT '';"
     "INSERT INTO evaluation_indicators (name, name_en, sort_order, "
     "updated_at) VALUES "
     "('项目管理', 'Project management', 10, 0), "
     "('服务数量', 'Service volume', 20, 0), "
     "('服务质量', 'Service quality', 30, 0), "
     "('资金使用', 'Use of funds', 40, 0);"
     "INSERT INTO evaluation_indicators (parent_id, name, name_en, "
     "max_score, guidance, sort_order, updated_at) SELECT id, "
     "'站点建设与制度', 'Station set-up and rules', 100, '站点挂牌、场地设施、工作制度和服务流程上墙', 10, 0 "
     "FROM evaluation_indicators WHERE parent_id IS NULL AND name = "
     "'项目管理';"
     "INSERT INTO evaluation_indicators (parent_id, name, name_en, "
     "max_score, guidance, sort_order, updated_at) SELECT id, "
     "'人员配备与稳定', 'Staffing and stability', 100, '驻站社工人数达到协议要求，持证比例，人员流失与及时补充', 20, 0 "
     "FROM evaluation_indicators WHERE parent_id IS NULL AND name = "
     "'项目管理';"
     "INSERT INTO evaluation_indicators (parent_id, name, name_en, "
     "max_score, guidance, sort_order, updated_at) SELECT id, "
     "'档案管理', 'Records', 50, '服务对象台账、服务记录、个案和小组档案完整规范', 30, 0 "
     "FROM evaluation_indicators WHERE parent_id IS NULL AND name = "
     "'项目管理';"
     "INSERT INTO evaluation_indicators (parent_id, name, name_en, "
     "max_score, guidance, sort_order, updated_at) SELECT id, "
     "'建档与走访覆盖', 'Registration and visit coverage', 150, '困难群众和特殊群体建档率，按要求走访探视的完成率', 10, 0 "
     "FROM evaluation_indicators WHERE parent_id IS NULL AND name = "
     "'服务数量';"
     "INSERT INTO evaluation_indicators (parent_id, name, name_en, "
     "max_score, guidance, sort_order, updated_at) SELECT id, "
     "'个案、小组、社区活动完成量', 'Cases, groups and community activities', 150, '个案、小组和社区活动达到年度计划和协议指标', 20, 0 "
     "FROM evaluation_indicators WHERE parent_id IS NULL AND name = "
     "'服务数量';"
     "INSERT INTO evaluation_indicators (parent_id, name, name_en, "
     "max_score, guidance, sort_order, updated_at) SELECT id, "
     "'专业服务规范与成效', 'Professional practice and outcomes', 150, '需求评估、服务计划、过程记录和结案评估规范，服务目标达成', 10, 0 "
     "FROM evaluation_indicators WHERE parent_id IS NULL AND name = "
     "'服务质量';"
     "INSERT INTO evaluation_indicators (parent_id, name, name_en, "
     "max_score, guidance, sort_order, updated_at) SELECT id, "
     "'服务对象满意度', 'Client satisfaction', 100, '抽样回访服务对象的满意程度', 20, 0 "
     "FROM evaluation_indicators WHERE parent_id IS NULL AND name = "
     "'服务质量';"
     "INSERT INTO evaluation_indicators (parent_id, name, name_en, "
     "max_score, guidance, sort_order, updated_at) SELECT id, "
     "'专款专用与财务规范', 'Earmarked use and bookkeeping', 100, '项目资金独立核算，支出凭证齐全，无截留挪用', 10, 0 "
     "FROM evaluation_indicators WHERE parent_id IS NULL AND name = "
     "'资金使用';"
     "INSERT INTO evaluation_indicators (parent_id, name, name_en, "
     "max_score, guidance, sort_order, updated_at) SELECT id, "
     "'预算执行进度', 'Budget execution', 100, '支出进度与服务进度相符', 20, 0 "
     "FROM evaluation_indicators WHERE parent_id IS NULL AND name = "
     "'资金使用';"},
    {34, "supervision records and trainings: a version for corrections "
         "and their author, who may remove one entered by mistake",
     /* created_by NULL: entered before this migration, by nobody now
      * known, so removed by nobody (corrected still). */
     "ALTER TABLE supervision_sessions ADD COLUMN version BIGINT NOT NULL "
     "DEFAULT 1;"
     "ALTER TABLE supervision_sessions ADD COLUMN created_by BIGINT "
     "REFERENCES users (id);"
     "ALTER TABLE supervision_sessions ADD COLUMN updated_at BIGINT NOT "
     "NULL DEFAULT 0;"
     "ALTER TABLE staff_trainings ADD COLUMN version BIGINT NOT NULL "
     "DEFAULT 1;"
     "ALTER TABLE staff_trainings ADD COLUMN created_by BIGINT REFERENCES "
     "users (id);"
     "ALTER TABLE staff_trainings ADD COLUMN updated_at BIGINT NOT NULL "
     "DEFAULT 0;"},
    {35, "evaluations: who recorded each, who alone (or the bureau) may "
         "void it",
     /* NULL: recorded before this migration; the bureau voids those. */
     "ALTER TABLE evaluations ADD COLUMN created_by BIGINT REFERENCES "
     "users (id);"},
    /* All in C: SQLite's tables are rebuilt (migrate_ids.c). */
    {36, "deleted records' ids are never given again", ""},
    {37, "a guardian's wards found by her record",
     "CREATE INDEX client_guardians_guardian ON client_guardians "
     "(guardian_client_id);"},
    /* All in C, as 36 (migrate_ids.c): a household whose last member
     * moved into another is deleted (household_service.c move_in). */
    {38, "a deleted household's id is never given again", ""},
    /* NULL: the day is not known (a status set before this migration);
     * such a client takes no service record at all, as before. */
    {39, "clients: the day a client moved, died or was closed",
     "ALTER TABLE clients ADD COLUMN status_on TEXT;"},
    /* All in C (fill_name_readings): names read again. */
    {40, "names that start with a compound surname read as one (尉迟 yu "
         "chi): their pinyin and initials",
     ""},
    /* Kept by client_store.c wherever a status or a guardian is written,
     * so that the 待办 finds a worker's or a station's children whose
     * guardian died in two small indexes, not by reading each client. */
    {41, "a client one of whose guardians on the register died, marked",
     "ALTER TABLE clients ADD COLUMN guardian_deceased BIGINT NOT NULL "
     "DEFAULT 0;"
     "UPDATE clients SET guardian_deceased = 1 WHERE id IN (SELECT "
     "g.client_id FROM client_guardians g JOIN clients gc ON gc.id = "
     "g.guardian_client_id WHERE gc.status = 'deceased');"
     "CREATE INDEX clients_guardian_deceased_worker ON clients "
     "(worker_id, status) WHERE guardian_deceased = 1;"
     "CREATE INDEX clients_guardian_deceased_station ON clients "
     "(station_id, status) WHERE guardian_deceased = 1;"},
    /* Checked JSON, as the home-visit form is; "" for the crisis records
     * entered before it (service_record.c does not ask it of them). */
    {42, "services: the crisis intervention form",
     "ALTER TABLE services ADD COLUMN crisis TEXT NOT NULL DEFAULT '';"},
    /* The form's result beside it, as a visit's purpose is beside its
     * form: statistics count the crises resolved (危机事件成功化解, the
     * dongguan-fulian plan's 危机处理小组). The fill reads the forms
     * stored and adds them to the summaries. */
    {43, "services: the crisis result; statistics count crises resolved",
     "ALTER TABLE services ADD COLUMN crisis_result TEXT NOT NULL DEFAULT "
     "'';"
     "ALTER TABLE stats_services ADD COLUMN resolved BIGINT NOT NULL "
     "DEFAULT 0;"
     "ALTER TABLE stats_months ADD COLUMN crises_resolved BIGINT NOT NULL "
     "DEFAULT 0;"},
    /* The self-evaluation is the county bureau's report to the province
     * (docs/reports.md), where it was each organisation's of its
     * contract. Of a county's written for a year, the one furthest on
     * (accepted, submitted, returned, draft; then the first written)
     * becomes the county's; any other keeps its contract and stays
     * readable as it was (report_scope_of_key), since a report once
     * written is not removed. */
    {44, "reports: the self-evaluation is the county's, not a contract's",
     "UPDATE reports SET scope_key = 'r:' || region_code, contract_id = "
     "NULL, organisation_id = NULL WHERE type = 'self_evaluation' AND "
     "scope_key LIKE 'c:%' AND NOT EXISTS (SELECT 1 FROM reports o WHERE "
     "o.type = 'self_evaluation' AND o.scope_key = 'r:' || "
     "reports.region_code AND o.period_from = reports.period_from) AND id "
     "= (SELECT f.id FROM reports f WHERE f.type = 'self_evaluation' AND "
     "f.scope_key LIKE 'c:%' AND f.region_code = reports.region_code AND "
     "f.period_from = reports.period_from ORDER BY CASE f.status WHEN "
     "'accepted' THEN 0 WHEN 'submitted' THEN 1 WHEN 'returned' THEN 2 "
     "ELSE 3 END, f.id LIMIT 1);"},
    {0, NULL, NULL},
};

/* Keys computed for a batch of rows, then written: the reading statement
 * is done before the writes, as PostgreSQL's driver needs. */
#define FILL_BATCH 512

struct sort_keys {
    int64_t ids[FILL_BATCH];
    char *keys[FILL_BATCH];
    size_t n;
};

/* read: "SELECT id, name … WHERE id > ? ORDER BY id LIMIT ?"; key makes
 * each row's key (malloc'd) from its second column. */
static int read_sort_keys(struct db *db, const char *read, int64_t after,
                          char *(*key)(const char *), struct sort_keys *b)
{
    b->n = 0;
    struct db_stmt *st = db_prepare(db, read);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, after);
    db_bind_int(st, 2, FILL_BATCH);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        b->ids[b->n] = db_col_int(st, 0);
        b->keys[b->n] = key(db_col_text(st, 1));
        b->n++;
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* write: "UPDATE … SET name_sort = ? WHERE id = ?" */
static int write_sort_keys(struct db *db, const char *write,
                           const struct sort_keys *b)
{
    struct db_stmt *st = db_prepare(db, write);
    if (!st) {
        return DB_ERROR;
    }
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < b->n; i++) {
        db_bind_text(st, 1, b->keys[i]);
        db_bind_int(st, 2, b->ids[i]);
        rc = db_step(st) == DB_DONE ? DB_OK : DB_ERROR;
        db_reset(st);
    }
    return rc;
}

static int fill_keys(struct db *db, const char *read, const char *write,
                     char *(*key)(const char *))
{
    struct sort_keys *b = xmalloc(sizeof *b);
    int64_t after = 0;
    int rc;
    do {
        rc = read_sort_keys(db, read, after, key, b);
        if (rc == DB_OK && b->n) {
            rc = write_sort_keys(db, write, b);
            after = b->ids[b->n - 1];
        }
        for (size_t i = 0; i < b->n; i++) {
            free(b->keys[i]);
        }
    } while (rc == DB_OK && b->n == FILL_BATCH);
    free(b);
    return rc;
}

static int fill_sort_keys(struct db *db, const char *read, const char *write)
{
    return fill_keys(db, read, write, pinyin_sort_key_alloc);
}

static int fill_client_sort(struct db *db)
{
    return fill_sort_keys(
        db, "SELECT id, name FROM clients WHERE id > ? ORDER BY id LIMIT ?",
        "UPDATE clients SET name_sort = ? WHERE id = ?");
}

/* Workers are a county's few hundred: sorted without an index. */
static int fill_staff_sort(struct db *db)
{
    return fill_sort_keys(
        db, "SELECT id, name FROM staff WHERE id > ? ORDER BY id LIMIT ?",
        "UPDATE staff SET name_sort = ? WHERE id = ?");
}

static int fill_organisation_sort(struct db *db)
{
    return fill_sort_keys(
        db, "SELECT id, name FROM organisations WHERE id > ? ORDER BY id "
            "LIMIT ?",
        "UPDATE organisations SET name_sort = ? WHERE id = ?");
}

static int fill_station_sort(struct db *db)
{
    return fill_sort_keys(
        db, "SELECT id, name FROM stations WHERE id > ? ORDER BY id LIMIT ?",
        "UPDATE stations SET name_sort = ? WHERE id = ?");
}

/* One migration, two fills. */
static int fill_organisation_station_sort(struct db *db)
{
    int rc = fill_organisation_sort(db);
    return rc == DB_OK ? fill_station_sort(db) : rc;
}

/* Migration 40: a person's name read again where its reading changed (a
 * compound surname read as one in the pinyin and initials,
 * core/pinyin.c), so that the search finds the names stored before as it
 * finds new ones. The sort key is compared too, so that any future change
 * of readings is caught by the same fill. Only the rows whose keys change
 * are written: a province's million clients are read, a handful
 * rewritten. */
struct name_readings {
    int64_t ids[FILL_BATCH];
    char *full[FILL_BATCH], *initials[FILL_BATCH], *sort[FILL_BATCH];
    size_t n;    /* rows to write */
    size_t read; /* rows read */
};

static void free_name_readings(struct name_readings *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->full[i]);
        free(b->initials[i]);
        free(b->sort[i]);
    }
    b->n = 0;
}

/* read: "SELECT id, name, name_pinyin, name_initials, name_sort … WHERE
 * id > ? ORDER BY id LIMIT ?" (a table without initials selects ''). */
static int read_name_readings(struct db *db, const char *read,
                              bool has_initials, int64_t *after,
                              struct name_readings *b)
{
    b->n = b->read = 0;
    struct db_stmt *st = db_prepare(db, read);
    if (!st) {
        return DB_ERROR;
    }
    db_bind_int(st, 1, *after);
    db_bind_int(st, 2, FILL_BATCH);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        b->read++;
        *after = db_col_int(st, 0);
        const char *name = db_col_text(st, 1);
        size_t len = strlen(name) * 7 + 1;
        char *full = xmalloc(len), *initials = xmalloc(len);
        pinyin_name(name, full, len, initials, len);
        char *sort = pinyin_sort_key_alloc(name);
        if (strcmp(full, db_col_text(st, 2)) != 0 ||
            (has_initials && strcmp(initials, db_col_text(st, 3)) != 0) ||
            strcmp(sort, db_col_text(st, 4)) != 0) {
            b->ids[b->n] = *after;
            b->full[b->n] = full;
            b->initials[b->n] = initials;
            b->sort[b->n] = sort;
            b->n++;
            continue;
        }
        free(full);
        free(initials);
        free(sort);
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}

/* write: "UPDATE … SET name_pinyin = ?, name_sort = ?[, name_initials =
 * ?] WHERE id = ?" with the id last. */
static int write_name_readings(struct db *db, const char *write,
                               bool has_initials,
                               const struct name_readings *b)
{
    struct db_stmt *st = db_prepare(db, write);
    if (!st) {
        return DB_ERROR;
    }
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < b->n; i++) {
        int k = 1;
        db_bind_text(st, k++, b->full[i]);
        db_bind_text(st, k++, b->sort[i]);
        if (has_initials) {
            db_bind_text(st, k++, b->initials[i]);
        }
        db_bind_int(st, k, b->ids[i]);
        rc = db_step(st) == DB_DONE ? DB_OK : DB_ERROR;
        db_reset(st);
    }
    return rc;
}

static int refresh_name_readings(struct db *db, const char *read,
                                 const char *write, bool has_initials)
{
    struct name_readings *b = xcalloc(1, sizeof *b);
    int64_t after = 0;
    int rc;
    do {
        rc = read_name_readings(db, read, has_initials, &after, b);
        if (rc == DB_OK && b->n) {
            rc = write_name_readings(db, write, has_initials, b);
        }
        free_name_readings(b);
    } while (rc == DB_OK && b->read == FILL_BATCH);
    free(b);
    return rc;
}

static int fill_name_readings(struct db *db)
{
    int rc = refresh_name_readings(
        db,
        "SELECT id, name, name_pinyin, name_initials, name_sort FROM "
        "clients WHERE id > ? ORDER BY id LIMIT ?",
        "UPDATE clients SET name_pinyin = ?, name_sort = ?, name_initials "
        "= ? WHERE id = ?",
        true);
    /* Organisations and stations have no pinyin column, and their sort
     * keys did not change. */
    return rc == DB_OK ? refresh_name_readings(
                             db,
                             "SELECT id, name, name_pinyin, '', name_sort "
                             "FROM staff WHERE id > ? ORDER BY id LIMIT ?",
                             "UPDATE staff SET name_pinyin = ?, name_sort = "
                             "? WHERE id = ?",
                             false)
                       : rc;
}

/* Migration 43: the result of each crisis form stored, then the crises
 * resolved added to the summaries as stats_store.h defines them (one
 * pass over the records: rebuilding the summaries took a million
 * records' database 28 s, the whole migration 3.1). */
static int fill_crisis_results(struct db *db)
{
    int rc = fill_keys(db,
                       "SELECT id, crisis FROM services WHERE id > ? AND "
                       "crisis <> '' ORDER BY id LIMIT ?",
                       "UPDATE services SET crisis_result = ? WHERE id = ?",
                       crisis_form_result_alloc);
    return rc == DB_OK
               ? db_exec(
                     db,
                     "UPDATE stats_services SET resolved = x.n FROM (SELECT "
                     "station_id, " STATS_MONTH_OF("service_day") " AS month, "
                     "area, COUNT(*) AS n FROM services WHERE type = "
                     "'crisis' AND crisis_result = 'resolved' GROUP BY "
                     "station_id, " STATS_MONTH_OF("service_day") ", area) "
                     "x WHERE stats_services.station_id = x.station_id AND "
                     "stats_services.month = x.month AND "
                     "stats_services.type = 'crisis' AND "
                     "stats_services.area = x.area;"
                     "UPDATE stats_months SET crises_resolved = x.n FROM "
                     "(SELECT station_id, month, SUM(resolved) AS n FROM "
                     "stats_services WHERE resolved > 0 GROUP BY "
                     "station_id, month) x WHERE stats_months.station_id = "
                     "x.station_id AND stats_months.month = x.month")
               : rc;
}

const struct migration_fill migration_fills[] = {
    {23, fill_client_sort},
    {25, fill_staff_sort},
    {27, fill_organisation_station_sort},
    {36, migrate_keep_deleted_ids},
    {38, migrate_keep_deleted_household_ids},
    {40, fill_name_readings},
    {43, fill_crisis_results},
    {0, NULL},
};

const int migrations_rebuilding[] = {36, 38, 0};
