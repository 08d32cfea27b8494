/* Shared by the handlers in src/api/: one file per resource. */
#ifndef SGZ_API_H
#define SGZ_API_H
#include <stdint.h>

#include "../http/auth.h"
#include "../http/reply.h"
#include "../http/request.h"
#include "../http/server.h"

/* Replies to a store failure: 503 with Retry-After when the database was
 * busy, 500 (logged) otherwise. */
void api_db_error(struct req *r, int rc, const char *what);
/* An instant as ISO 8601 in Beijing time, in the request's arena. */
const char *api_time(struct req *r, int64_t unix_seconds);
/* The active profile, or a 409 reply and NULL when none is active. */
const struct profile *api_profile(struct req *r);
/* Whether the division region exists and the caller's range covers it
 * whole, with its name; else a 404 reply (a division unknown or out of
 * range alike) and false. */
bool api_region_in_range(struct req *r, const char *region,
                         const char **name);
/* The caller's scope narrowed to region (a 6-digit county or 9-digit
 * township code) that her range covers whole, with its name; else a
 * reply (400, or 404 for a division out of range) and false. */
bool api_region_scope(struct req *r, const char *region, struct scope *out,
                      const char **name);
/* The version the client last read, from If-Match or the body's
 * "version"; replies 428 (neither) or 400 and returns false. */
bool api_expected_version(struct req *r, int64_t *v);
/* Finishes a write begun with db_begin: when rc is DB_OK, appends the
 * audit row and commits, else (or when that fails) rolls back. Returns
 * the outcome. */
int api_finish_audited(struct req *r, int rc, const char *action,
                       const char *entity, const char *entity_id,
                       const char *detail);
/* An id as text, in the request's arena. */
const char *api_id_text(struct req *r, int64_t id);

/* A client list's ages in whole years, min and max (-1: open), as the
 * filter's bounds on the birth date; false after replying 400 on
 * age_max when it is below min. The list and the export share it. */
struct client_filter;
bool api_client_ages(struct req *r, int64_t min, int64_t max,
                     struct client_filter *f);
/* The client search f->q as the caller may ask it: a whole ID number (18
 * characters, or 15 converted) or phone number by its blind index, not as
 * text, for those who may reveal them; a surname only for those who read
 * names masked. false after replying 400. */
bool api_client_q(struct req *r, struct client_filter *f);
/* The register's orders, in the order of enum client_sort (name, id,
 * birth_date), and its directions (asc, desc); NULL-terminated. The list
 * and the export share them. */
extern const char *const api_client_sorts[], *const api_client_orders[];
/* The client of the path's {id} in the caller's range; false when it
 * replied (404, a failure). */
struct client;
bool api_client_load(struct req *r, struct client *c);
/* Replies body (200), which tells what c's record tells (her timeline,
 * her history): for a sensitive client (DESIGN.md §5) only once a
 * client.read row naming the view is committed, as her record's read. */
void api_reply_client_view(struct req *r, const struct client *c,
                           struct strbuf *body, const char *view);
/* A search by people's names (clients, households) as the caller may ask
 * it: a surname only for those who read names masked. false after
 * replying 400. */
bool api_name_q_allowed(struct req *r, const char *q);
/* Whether the caller (session, or API token within its actions) may do
 * action: for a second permission inside one route. */
bool api_can(struct req *r, const char *action);
/* A page of a list: {"items":[…],"total","page","limit"}. Begin, write
 * each item, end (which replies 200). */
void api_list_begin(struct req *r, struct strbuf *sb, struct jsonw *w);
void api_list_end(struct req *r, struct strbuf *sb, struct jsonw *w,
                  int64_t total, int64_t page, int limit);
/* The end without the reply, for a body replied later. */
void api_list_close(struct jsonw *w, int64_t total, int64_t page,
                    int limit);
/* An id member, null when 0 (no such record: no case, no group). */
void api_kid(struct jsonw *w, const char *key, int64_t id);
/* 200 {"ok":true}. */
void api_reply_ok(struct req *r);
/* The string member name of the request body, NULL when absent or null. */
const char *api_body_str(struct req *r, const char *name);

struct client_ctx;
struct client_fail;
/* Replies to a rule's refusal: its status, message and field (with the
 * colliding record's id when there is one), or the store's failure,
 * logged as what. */
void api_reply_fail(struct req *r, const struct client_fail *f,
                    const char *what);
/* The context the client and household rules run in: this request's
 * database, arena, key, range, actor and Beijing day. */
void api_client_ctx(struct req *r, struct client_ctx *out);
/* The caller's organisation when she is an org_admin, else 0: false
 * (replied) when her record cannot be read. */
bool api_caller_org(struct req *r, int64_t *org_id);

struct service_person;
/* People of a record (clients, workers, members) as [{id, name}];
 * clients' names as the caller may read them (api_client_name). */
void api_write_people(struct req *r, struct jsonw *w, const char *key,
                      const struct service_person *p, size_t n,
                      bool clients);
/* A filter that names a code of the dictionary kind (fixed or kept in
 * the database): *out the code, NULL when absent or empty; replies 400
 * naming the parameter and returns false for a code the dictionary never
 * had. A code since disabled still filters: the old records keep it. */
bool api_query_code(struct req *r, const char *name, const char *kind,
                    const char **out);
/* The same for a code in a body's filter (an export's): field is the
 * body's field; replies 400 with the dictionary's own message. */
bool api_body_code(struct req *r, const char *field, const char *kind,
                   const char *label_zh, const char *code);
/* A fixed list's item by its label in the request's language (a sheet's
 * cell); the code itself when unknown. */
const char *api_fixed_label(struct req *r, const char *kind,
                            const char *code);
/* A client's (or a guardian's, a household member's) name as the caller
 * may read it: masked for the evaluator (client_mask_name). */
const char *api_client_name(struct req *r, const char *name);
/* An integer member of the body (checked by the route's schema), 0 when
 * it is absent. */
int64_t api_body_int(struct req *r, const char *name);
/* An array of ids in the body (names NULL); false when it is absent. */
bool api_body_ids(struct req *r, const char *name,
                  struct service_person **out, size_t *n);

struct user;
/* A user as JSON (no password hash, ever). */
void api_write_user(struct jsonw *w, const struct user *u);

/* The logged-in user, permissions and CSRF token. */
void api_reply_me(struct req *r, int status, const struct user *u,
                  const char *csrf, bool second_factor_pending);
/* A wrong password or code typed inside a session (a password change, a
 * second factor's code) counts towards the lockout like a login's; the
 * failure that locks the account ends its sessions and returns when the
 * lock ends (0: not locked), for the reply to say so. */
int64_t api_session_failure(struct req *r, int64_t user_id);
/* 423 with the minutes the account stays locked. */
void api_reply_locked(struct req *r, int64_t until, int64_t now);
/* Appends a row for a login event in a transaction of its own; _why
 * with a reason (audit_detail.c's reasons) as its detail. */
void api_audit_login(struct req *r, const char *action, const char *username,
                     int64_t user_id, const char *result);
void api_audit_login_why(struct req *r, const char *action,
                         const char *username, int64_t user_id,
                         const char *result, const char *reason);
void api_tokens_list(struct req *r);
void api_tokens_create(struct req *r);
void api_tokens_revoke(struct req *r);
void api_tokens_all(struct req *r);
void api_tokens_revoke_any(struct req *r);
void api_totp_begin(struct req *r);
void api_totp_confirm(struct req *r);
void api_totp_verify(struct req *r);
void api_totp_disable(struct req *r);
void api_users_reset_totp(struct req *r);
void api_session_create(struct req *r);
void api_session_get(struct req *r);
void api_session_delete(struct req *r);
void api_session_password(struct req *r);
void api_roles_list(struct req *r);
void api_users_list(struct req *r);
void api_users_create(struct req *r);
void api_users_get(struct req *r);
void api_users_update(struct req *r);
void api_users_lock(struct req *r);
void api_users_unlock(struct req *r);
void api_users_reset_password(struct req *r);
void api_audit_list(struct req *r);
void api_audit_export(struct req *r);
void api_notices_list(struct req *r);
void api_notices_create(struct req *r);
void api_notices_get(struct req *r);
void api_notices_reads(struct req *r);
void api_notices_withdraw(struct req *r);
void api_dictionaries_list(struct req *r);
void api_dictionaries_create(struct req *r);
void api_dictionaries_update(struct req *r);
void api_settings_list(struct req *r);
void api_settings_put(struct req *r);
void api_my_sessions_list(struct req *r);
void api_my_sessions_end(struct req *r);
void api_online_list(struct req *r);
void api_online_end(struct req *r);
void api_health(struct req *r);
void api_version(struct req *r);
void api_openapi(struct req *r);
void api_profile_get(struct req *r);
void api_regions_list(struct req *r);
void api_regions_get(struct req *r);
void api_stations_list(struct req *r);
void api_stations_create(struct req *r);
void api_stations_get(struct req *r);
void api_stations_update(struct req *r);
void api_stations_deactivate(struct req *r);
void api_stations_activate(struct req *r);
void api_stations_staff(struct req *r);
void api_clients_list(struct req *r);
void api_clients_create(struct req *r);
void api_clients_check(struct req *r);
void api_clients_get(struct req *r);
void api_clients_update(struct req *r);
void api_clients_reveal(struct req *r);
void api_clients_merge(struct req *r);
void api_clients_history(struct req *r);
void api_clients_wards(struct req *r);
void api_client_exports_create(struct req *r);
void api_service_exports_create(struct req *r);
void api_case_exports_create(struct req *r);
void api_group_exports_create(struct req *r);
void api_client_imports_create(struct req *r);
void api_client_imports_get(struct req *r);
void api_client_imports_report(struct req *r);
void api_client_import_template(struct req *r);
void api_households_list(struct req *r);
void api_households_create(struct req *r);
void api_households_get(struct req *r);
void api_households_update(struct req *r);
void api_services_list(struct req *r);
void api_services_create(struct req *r);
void api_services_get(struct req *r);
void api_services_update(struct req *r);
void api_services_delete(struct req *r);
void api_services_revisions(struct req *r);
void api_clients_timeline(struct req *r);
void api_worklog(struct req *r);
void api_stats(struct req *r);
void api_tasks_list(struct req *r);
void api_groups_list(struct req *r);
void api_surveys_list(struct req *r);
void api_compliance(struct req *r);
void api_dashboard(struct req *r);
void api_organisations_list(struct req *r);
void api_organisations_create(struct req *r);
void api_organisations_get(struct req *r);
void api_organisations_update(struct req *r);
void api_calendar_years(struct req *r);
void api_calendar_days(struct req *r);
void api_calendar_deadline(struct req *r);
void api_calendar_upload(struct req *r);
void api_attachments_create(struct req *r);
void api_attachments_list(struct req *r);
void api_attachments_get(struct req *r);
void api_attachments_thumbnail(struct req *r);
void api_attachments_delete(struct req *r);
void api_surveys_create(struct req *r);
void api_surveys_get(struct req *r);
void api_surveys_update(struct req *r);
void api_plans_list(struct req *r);
void api_plans_create(struct req *r);
void api_plans_get(struct req *r);
void api_plans_update(struct req *r);
void api_plans_submit(struct req *r);
void api_reports_list(struct req *r);
void api_reports_create(struct req *r);
void api_reports_get(struct req *r);
void api_reports_update(struct req *r);
void api_reports_delete(struct req *r);
void api_reports_submit(struct req *r);
void api_reports_return(struct req *r);
void api_reports_accept(struct req *r);
void api_report_types(struct req *r);
void api_reports_attachments_create(struct req *r);
void api_reports_attachments_list(struct req *r);
void api_reports_attachments_delete(struct req *r);
void api_groups_create(struct req *r);
void api_groups_get(struct req *r);
void api_groups_update(struct req *r);
void api_groups_close(struct req *r);
void api_cases_list(struct req *r);
void api_cases_create(struct req *r);
void api_cases_get(struct req *r);
void api_cases_assess(struct req *r);
void api_cases_plan(struct req *r);
void api_cases_decide(struct req *r);
void api_cases_evaluate(struct req *r);
void api_cases_close(struct req *r);
void api_cases_transfer(struct req *r);
void api_cases_transfer_targets(struct req *r);
void api_cases_withdraw(struct req *r);
void api_cases_answer(struct req *r);
void api_cases_reopen(struct req *r);
void api_cases_refer(struct req *r);
void api_cases_referral_outcome(struct req *r);
void api_staff_list(struct req *r);
void api_staff_create(struct req *r);
void api_staff_get(struct req *r);
void api_staff_update(struct req *r);
void api_staff_roster(struct req *r);
void api_staff_assignments(struct req *r);
void api_staff_assign(struct req *r);
void api_staff_end_assignment(struct req *r);
void api_staff_trainings(struct req *r);
void api_staff_add_training(struct req *r);
void api_supervision_list(struct req *r);
/* The caller's own: sessions she led or attended, her trainings. */
void api_my_supervision(struct req *r);
void api_my_trainings(struct req *r);
void api_supervision_create(struct req *r);
void api_supervision_update(struct req *r);
void api_supervision_delete(struct req *r);
void api_staff_update_training(struct req *r);
void api_staff_delete_training(struct req *r);
void api_min_wages_list(struct req *r);
void api_min_wages_create(struct req *r);

void api_contracts_list(struct req *r);
void api_contracts_create(struct req *r);
void api_contracts_get(struct req *r);
void api_contracts_update(struct req *r);
struct contract;
/* A contract as JSON, with its stations. */
void api_contract_write(struct req *r, struct jsonw *w,
                        const struct contract *c);
/* The contract of path parameter 0 in the caller's range; replies 404
 * (or the store's failure) and returns false. */
bool api_contract_load(struct req *r, struct contract *c);
/* The same for a write: the contract's county wholly inside the range
 * (one station in it is not enough), else 404. */
bool api_contract_load_writable(struct req *r, struct contract *c);
/* The expenditure of the path's {id} may be written by the caller (its
 * vouchers added), else a reply and false. */
bool api_expenditure_writable(struct req *r);
/* The report of the path's {id} may be written by the caller (its files
 * added or removed), else a reply and false. */
bool api_report_writable(struct req *r);
void api_contracts_scope_get(struct req *r);
void api_contracts_scope_put(struct req *r);
void api_contracts_targets_get(struct req *r);
void api_contracts_targets_put(struct req *r);
void api_contracts_amendments_list(struct req *r);
void api_contracts_amendments_create(struct req *r);
void api_contracts_terminate(struct req *r);
void api_contracts_documents_create(struct req *r);
void api_contracts_documents_list(struct req *r);
void api_contracts_documents_delete(struct req *r);
void api_filings_list(struct req *r);
void api_filings_create(struct req *r);
void api_filings_get(struct req *r);
void api_filings_update(struct req *r);
void api_debarments_list(struct req *r);
void api_debarments_create(struct req *r);
void api_work_plans_list(struct req *r);
void api_work_plans_create(struct req *r);
void api_work_plans_get(struct req *r);
void api_work_plans_update(struct req *r);
/* Body schemas, for the route table. */
extern const struct schema api_station_create_schema;
extern const struct schema api_station_update_schema;
extern const struct schema api_station_status_schema;
extern const struct schema api_login_schema;
extern const struct schema api_token_create_schema;
extern const struct schema api_totp_code_schema;
extern const struct schema api_notice_create_schema;
extern const struct schema api_dictionary_create_schema;
extern const struct schema api_dictionary_update_schema;
extern const struct schema api_setting_schema;
extern const struct schema api_user_create_schema;
extern const struct schema api_user_update_schema;
extern const struct schema api_staff_create_schema;
extern const struct schema api_staff_update_schema;
extern const struct schema api_staff_assign_schema;
extern const struct schema api_staff_end_assignment_schema;
extern const struct schema api_staff_training_schema;
extern const struct schema api_supervision_create_schema;
extern const struct schema api_supervision_update_schema;
extern const struct schema api_staff_training_update_schema;
extern const struct schema api_min_wage_create_schema;
extern const struct schema api_password_schema;
extern const struct schema api_client_create_schema;
extern const struct schema api_client_update_schema;
extern const struct schema api_client_check_schema;
extern const struct schema api_client_reveal_schema;
extern const struct schema api_client_merge_schema;
extern const struct schema api_client_export_schema;
extern const struct schema api_service_export_schema;
extern const struct schema api_case_export_schema;
extern const struct schema api_group_export_schema;
extern const struct schema api_file_schema;
extern const struct schema api_household_create_schema;
extern const struct schema api_household_update_schema;
extern const struct schema api_service_create_schema;
extern const struct schema api_service_update_schema;
extern const struct schema api_case_open_schema;
extern const struct schema api_group_create_schema;
extern const struct schema api_organisation_create_schema;
extern const struct schema api_organisation_update_schema;
void api_budget_lines_list(struct req *r);
void api_budget_lines_create(struct req *r);
void api_budget_lines_get(struct req *r);
void api_budget_lines_update(struct req *r);
void api_allocations_list(struct req *r);
void api_allocations_create(struct req *r);
void api_allocations_delete(struct req *r);
void api_allocations_get(struct req *r);
void api_expenditures_list(struct req *r);
void api_expenditures_export(struct req *r);
void api_expenditures_create(struct req *r);
void api_expenditures_get(struct req *r);
void api_expenditures_update(struct req *r);
void api_expenditures_delete(struct req *r);
void api_expenditures_voucher_add(struct req *r);
void api_expenditures_vouchers_list(struct req *r);
void api_expenditures_voucher_delete(struct req *r);
void api_contract_ledger(struct req *r);
void api_fund_use(struct req *r);
void api_evaluations_list(struct req *r);
void api_evaluations_create(struct req *r);
void api_evaluations_get(struct req *r);
void api_evaluations_export(struct req *r);
void api_evaluations_void(struct req *r);
void api_evaluation_indicators_list(struct req *r);
void api_evaluation_indicators_create(struct req *r);
void api_evaluation_indicators_update(struct req *r);
void api_evaluation_bands_update(struct req *r);
void api_acceptances_list(struct req *r);
void api_acceptances_create(struct req *r);
void api_contract_payments(struct req *r);
void api_contract_payments_generate(struct req *r);
void api_payments_pay(struct req *r);
void api_payments_withhold(struct req *r);
void api_payments_override(struct req *r);
extern const struct schema api_budget_line_create_schema;
extern const struct schema api_budget_line_update_schema;
extern const struct schema api_allocation_create_schema;
extern const struct schema api_expenditure_create_schema;
extern const struct schema api_expenditure_update_schema;
extern const struct schema api_evaluation_create_schema;
extern const struct schema api_indicator_create_schema;
extern const struct schema api_evaluation_void_schema;
extern const struct schema api_indicator_update_schema;
extern const struct schema api_evaluation_bands_schema;
extern const struct schema api_acceptance_create_schema;
extern const struct schema api_payments_generate_schema;
extern const struct schema api_payment_pay_schema;
extern const struct schema api_payment_reason_schema;
extern const struct schema api_survey_create_schema;
extern const struct schema api_survey_update_schema;
extern const struct schema api_plan_create_schema;
extern const struct schema api_plan_update_schema;
extern const struct schema api_plan_submit_schema;
extern const struct schema api_report_create_schema;
extern const struct schema api_report_update_schema;
extern const struct schema api_report_submit_schema;
extern const struct schema api_report_review_schema;
extern const struct schema api_group_update_schema;
extern const struct schema api_group_close_schema;
extern const struct schema api_case_assess_schema;
extern const struct schema api_case_plan_schema;
extern const struct schema api_case_decision_schema;
extern const struct schema api_case_evaluate_schema;
extern const struct schema api_case_closure_schema;
extern const struct schema api_case_transfer_schema;
extern const struct schema api_case_answer_schema;
extern const struct schema api_case_withdraw_schema;
extern const struct schema api_case_reopen_schema;
extern const struct schema api_case_referral_schema;
extern const struct schema api_case_outcome_schema;
extern const struct schema api_contract_create_schema;
extern const struct schema api_contract_update_schema;
extern const struct schema api_contract_scope_schema;
extern const struct schema api_contract_targets_schema;
extern const struct schema api_contract_amendment_schema;
extern const struct schema api_contract_terminate_schema;
extern const struct schema api_filing_create_schema;
extern const struct schema api_filing_update_schema;
extern const struct schema api_debarment_schema;
extern const struct schema api_work_plan_create_schema;
extern const struct schema api_work_plan_update_schema;

#endif
