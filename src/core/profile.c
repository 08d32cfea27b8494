#include "profile.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/embedded.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "category_age.h"
#include "profile_money.h"
#include "schema.h"

/* ---- the schema: every key a profile may have ------------------------ */

static bool is_code(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z')) {
        return false;
    }
    for (s++; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_')) {
            return false;
        }
    }
    return true;
}

static bool is_profile_name(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z')) {
        return false;
    }
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '-')) {
            return false;
        }
    }
    return true;
}

static bool is_jurisdiction_code(const char *s)
{
    enum region_level l = region_level_of(s);
    return l == LEVEL_PROVINCE || l == LEVEL_CITY || l == LEVEL_COUNTY;
}

/* Only the five placeholders, each at most once, braces balanced. */
static bool is_name_pattern(const char *s)
{
    static const char *const known[] = {"province", "city", "county",
                                        "township", "village"};
    while (*s) {
        if (*s == '}') {
            return false;
        }
        if (*s != '{') {
            s++;
            continue;
        }
        const char *end = strchr(s, '}');
        if (!end) {
            return false;
        }
        size_t n = (size_t)(end - s - 1);
        bool ok = false;
        for (size_t i = 0; i < 5; i++) {
            if (strlen(known[i]) == n && strncmp(known[i], s + 1, n) == 0) {
                ok = true;
            }
        }
        if (!ok) {
            return false;
        }
        s = end + 1;
    }
    return true;
}

static const char *const jurisdiction_levels[] = {"province", "city",
                                                  "county", NULL};
static const char *const station_levels[] = {"county", "township", "village",
                                             NULL};
static const char *const facility_groups[] = {
    "premises", "equipment", "rules", "signage", "staff", NULL};

#define CODE_FIELD                                                          \
    {.name = "code", .type = S_STRING, .required = true, .max = 40,         \
     .check = is_code, .check_msg = MSG_BAD_ENUM}
#define LABEL_FIELDS                                                        \
    {.name = "label", .type = S_STRING, .required = true, .max = 60},       \
    {.name = "label_en", .type = S_STRING, .required = true, .max = 80}

static const struct schema item_fields[] = {
    CODE_FIELD,
    LABEL_FIELDS,
    {0},
};
static const struct schema item_schema[] = {
    {.type = S_OBJECT, .fields = item_fields},
};

/* A client category may apply only under an age (适用年龄上限) or from
 * one (适用年龄下限, core/category_age.h); the two are checked against
 * each other after the schema. */
static const struct schema category_fields[] = {
    CODE_FIELD,
    LABEL_FIELDS,
    {.name = "age_limit", .type = S_INT, .min = 1, .max = CATEGORY_AGE_MAX},
    {.name = "age_from", .type = S_INT, .min = 1, .max = CATEGORY_AGE_MAX},
    {0},
};
static const struct schema category_schema[] = {
    {.type = S_OBJECT, .fields = category_fields},
};

static const struct schema station_type_fields[] = {
    CODE_FIELD,
    LABEL_FIELDS,
    {.name = "region_level", .type = S_ENUM, .required = true,
     .enums = station_levels},
    {.name = "name_pattern", .type = S_STRING, .required = true, .max = 60,
     .check = is_name_pattern, .check_msg = MSG_BAD_ENUM},
    {0},
};
static const struct schema station_type_schema[] = {
    {.type = S_OBJECT, .fields = station_type_fields},
};

static const struct schema facility_fields[] = {
    CODE_FIELD,
    LABEL_FIELDS,
    {.name = "group", .type = S_ENUM, .required = true,
     .enums = facility_groups},
    {.name = "required", .type = S_BOOL, .required = true},
    {0},
};
static const struct schema facility_schema[] = {
    {.type = S_OBJECT, .fields = facility_fields},
};

static const struct schema logo_schema[] = {
    {.type = S_STRING, .min = 1, .max = 60},
};
static const struct schema signage_fields[] = {
    {.name = "logos", .type = S_ARRAY, .required = true, .max = 10,
     .fields = logo_schema},
    {.name = "note", .type = S_STRING, .required = false, .max = 400},
    {0},
};

static const struct schema jurisdiction_fields[] = {
    {.name = "level", .type = S_ENUM, .required = true,
     .enums = jurisdiction_levels},
    {.name = "region_code", .type = S_STRING, .required = true, .max = 6,
     .check = is_jurisdiction_code, .check_msg = MSG_BAD_REGION_CODE},
    {.name = "name", .type = S_STRING, .required = true, .max = 30},
    {.name = "purchaser", .type = S_STRING, .required = true, .max = 60},
    {0},
};

/* Case deadlines (个案时限): days from intake to the assessment, from the
 * assessment to the plan, between plan reviews, and the follow-up visits
 * after closure. The source plans set none: sgz's defaults apply when
 * the key is absent (docs/profiles.md). */
static const struct schema followup_day_schema[] = {
    {.type = S_INT, .min = 1, .max = 730},
};
static const struct schema casework_fields[] = {
    {.name = "assessment_days", .type = S_INT, .required = true, .min = 1,
     .max = 90},
    {.name = "plan_days", .type = S_INT, .required = true, .min = 1,
     .max = 90},
    {.name = "review_days", .type = S_INT, .required = true, .min = 7,
     .max = 365},
    {.name = "followup_days", .type = S_ARRAY, .required = true, .max = 6,
     .fields = followup_day_schema},
    {0},
};

/* How often a client of a category is visited (e.g. left-behind children
 * monthly): the due dates of the task list. */
static const struct schema visit_schedule_fields[] = {
    {.name = "category", .type = S_STRING, .required = true, .max = 40},
    {.name = "every_days", .type = S_INT, .required = true, .min = 1,
     .max = 366},
    {0},
};
static const struct schema visit_schedule_schema[] = {
    {.type = S_OBJECT, .fields = visit_schedule_fields},
};

/* Contracts (服务协议): the cycle, the contract copy's filing, staff in
 * place, the least money per station, the expiry reminder and the other
 * filings the plan requires (docs/profiles.md, "Contracts"). */
static bool is_month_day(const char *s)
{
    return strlen(s) == 5 && s[0] >= '0' && s[0] <= '1' && s[1] >= '0' &&
           s[1] <= '9' && s[2] == '-' && s[3] >= '0' && s[3] <= '3' &&
           s[4] >= '0' && s[4] <= '9' && strncmp(s, "00", 2) != 0 &&
           strncmp(s, "12", 2) <= 0 && strcmp(s + 3, "31") <= 0 &&
           strcmp(s + 3, "00") != 0;
}
static bool is_filing_kind(const char *s)
{
    static const char *const kinds[] = {"contract_copy", "county_plan",
                                        "org_work_plan", "recruitment_plan",
                                        "training_plan", NULL};
    for (const char *const *k = kinds; *k; k++) {
        if (strcmp(*k, s) == 0) {
            return true;
        }
    }
    return false;
}
static const char *const contract_dates[] = {"signed_on", "effective_on",
                                             NULL};
static const struct schema staff_in_place_fields[] = {
    {.name = "months", .type = S_INT, .required = true, .min = 1, .max = 12},
    {.name = "from", .type = S_ENUM, .required = true,
     .enums = contract_dates},
    {0},
};
static const struct schema filing_fields[] = {
    {.name = "kind", .type = S_STRING, .required = true, .max = 40,
     .check = is_filing_kind, .check_msg = MSG_BAD_ENUM},
    {.name = "filed_with", .type = S_STRING, .required = true, .max = 100},
    {.name = "due_month_day", .type = S_STRING, .max = 5,
     .check = is_month_day, .check_msg = MSG_BAD_ENUM},
    {.name = "working_days", .type = S_INT, .min = 1, .max = 365},
    {.name = "from", .type = S_ENUM, .enums = contract_dates},
    {0},
};
static const struct schema filing_schema[] = {
    {.type = S_OBJECT, .fields = filing_fields},
};
static const struct schema contracts_fields[] = {
    {.name = "cycle_years", .type = S_INT, .required = true, .min = 1,
     .max = 10},
    {.name = "signed_yearly", .type = S_BOOL},
    {.name = "filing_working_days", .type = S_INT, .min = 1, .max = 365},
    {.name = "filing_from", .type = S_ENUM, .enums = contract_dates},
    {.name = "filing_with", .type = S_STRING, .max = 100},
    {.name = "staff_in_place", .type = S_OBJECT,
     .fields = staff_in_place_fields},
    {.name = "min_amount_per_station_fen", .type = S_INT, .min = 1,
     .max = 10000000000LL},
    {.name = "expiry_notice_days", .type = S_INT, .min = 1, .max = 365},
    {.name = "filings", .type = S_ARRAY, .max = 20, .fields = filing_schema},
    {0},
};

/* Staffing (人员配备, issue 7): workers per station type, age at hire,
 * education, the certificate deadline, the supervisor's certificate, the
 * wage over the local minimum wage and the roles a township may employ.
 * Every member is optional: a rule whose key is absent is off. */
static const char *const staff_educations[] = {
    "junior_high", "senior_high", "junior_college", "bachelor", "master",
    "doctor", NULL};
static const char *const staff_certificates[] = {"assistant", "intermediate",
                                                 "senior", NULL};
static const char *const staff_roles[] = {"resident", "project",
                                          "supervisor", NULL};
static const struct schema quota_fields[] = {
    {.name = "station_type", .type = S_STRING, .required = true, .max = 40,
     .check = is_code, .check_msg = MSG_BAD_ENUM},
    {.name = "min", .type = S_INT, .required = true, .min = 0, .max = 100},
    {.name = "max", .type = S_INT, .min = 1, .max = 100},
    {0},
};
static const struct schema quota_schema[] = {
    {.type = S_OBJECT, .fields = quota_fields},
};
static const struct schema staff_role_schema[] = {
    {.type = S_ENUM, .enums = staff_roles},
};
static const struct schema staffing_fields[] = {
    {.name = "workers_per_station", .type = S_ARRAY, .min = 1, .max = 20,
     .fields = quota_schema},
    {.name = "max_age_at_hire", .type = S_INT, .min = 18, .max = 70},
    {.name = "min_education", .type = S_ENUM, .enums = staff_educations},
    {.name = "certificate_within_years", .type = S_INT, .min = 1,
     .max = 10},
    {.name = "supervisor_certificate", .type = S_ENUM,
     .enums = staff_certificates},
    {.name = "wage_factor", .type = S_NUMBER, .min = 1, .max = 5},
    {.name = "township_employed_roles", .type = S_ARRAY, .max = 3,
     .fields = staff_role_schema},
    {0},
};

static const struct schema profile_fields[] = {
    {.name = "name", .type = S_STRING, .required = true, .max = 40,
     .check = is_profile_name, .check_msg = MSG_BAD_ENUM},
    {.name = "title", .type = S_STRING, .required = true, .max = 60},
    {.name = "title_en", .type = S_STRING, .required = true, .max = 120},
    {.name = "source", .type = S_STRING, .required = true, .max = 60},
    {.name = "jurisdiction", .type = S_OBJECT, .required = true,
     .fields = jurisdiction_fields},
    {.name = "station_types", .type = S_ARRAY, .required = true, .min = 3,
     .max = 20, .fields = station_type_schema},
    {.name = "signage", .type = S_OBJECT, .required = true,
     .fields = signage_fields},
    {.name = "facilities", .type = S_ARRAY, .required = true, .min = 1,
     .max = 100, .fields = facility_schema},
    {.name = "service_areas", .type = S_ARRAY, .required = true, .min = 1,
     .max = 50, .fields = item_schema},
    {.name = "client_categories", .type = S_ARRAY, .required = true,
     .min = 1, .max = 100, .fields = category_schema},
    {.name = "casework", .type = S_OBJECT, .fields = casework_fields},
    {.name = "visit_schedules", .type = S_ARRAY, .max = 100,
     .fields = visit_schedule_schema},
    {.name = "contracts", .type = S_OBJECT, .fields = contracts_fields},
    {.name = "funding", .type = S_OBJECT, .fields = profile_funding_fields},
    {.name = "payments", .type = S_OBJECT, .fields = profile_payments_fields},
    {.name = "staffing", .type = S_OBJECT, .fields = staffing_fields},
    {.name = "reports", .type = S_OBJECT, .fields = profile_reports_fields},
    {0},
};

static const struct schema profile_schema = {
    .type = S_OBJECT,
    .fields = profile_fields,
};

/* ---- rules that span keys ------------------------------------------- */

static void add_err(struct strbuf *err, const char *line)
{
    if (err->len) {
        strbuf_addc(err, '\n');
    }
    strbuf_adds(err, line);
}

static void check_unique_codes(json_t *root, const char *list,
                               struct strbuf *err)
{
    json_t *arr = json_object_get(root, list);
    size_t n = json_array_size(arr);
    for (size_t i = 0; i < n; i++) {
        const char *ci =
            json_string_value(json_object_get(json_array_get(arr, i), "code"));
        for (size_t j = 0; j < i; j++) {
            const char *cj = json_string_value(
                json_object_get(json_array_get(arr, j), "code"));
            if (ci && cj && strcmp(ci, cj) == 0) {
                char line[200];
                snprintf(line, sizeof line, "%s: code \"%s\" appears twice",
                         list, ci);
                add_err(err, line);
            }
        }
    }
}

/* A schedule names a category of the profile, once. */
static void check_schedules(json_t *root, struct strbuf *err)
{
    json_t *cats = json_object_get(root, "client_categories");
    json_t *sched = json_object_get(root, "visit_schedules");
    for (size_t i = 0; i < json_array_size(sched); i++) {
        const char *c = json_string_value(
            json_object_get(json_array_get(sched, i), "category"));
        bool known = false;
        for (size_t k = 0; c && k < json_array_size(cats); k++) {
            const char *code = json_string_value(
                json_object_get(json_array_get(cats, k), "code"));
            known = known || (code && strcmp(code, c) == 0);
        }
        bool twice = false;
        for (size_t j = 0; c && j < i; j++) {
            const char *o = json_string_value(
                json_object_get(json_array_get(sched, j), "category"));
            twice = twice || (o && strcmp(o, c) == 0);
        }
        if (c && (!known || twice)) {
            char line[200];
            snprintf(line, sizeof line,
                     "visit_schedules[%zu].category: \"%s\" %s", i, c,
                     twice ? "appears twice"
                           : "is not one of client_categories");
            add_err(err, line);
        }
    }
}

/* A category's lower age bound is below its limit: from F up to under
 * L leaves some age only when F < L. */
static void check_category_ages(json_t *root, struct strbuf *err)
{
    json_t *cats = json_object_get(root, "client_categories");
    for (size_t i = 0; i < json_array_size(cats); i++) {
        json_t *c = json_array_get(cats, i);
        json_int_t from = json_integer_value(json_object_get(c, "age_from"));
        json_int_t limit = json_integer_value(json_object_get(c, "age_limit"));
        if (from > 0 && limit > 0 && from >= limit) {
            char line[200];
            snprintf(line, sizeof line,
                     "client_categories[%zu].age_from: must be below "
                     "age_limit",
                     i);
            add_err(err, line);
        }
    }
}

/* A contract filing names its date with its days; a filing has one due
 * rule at most, and each kind once. */
static void check_contracts(json_t *root, struct strbuf *err)
{
    json_t *c = json_object_get(root, "contracts");
    if (!c) {
        return;
    }
    if (json_object_get(c, "filing_working_days") &&
        !json_object_get(c, "filing_from")) {
        add_err(err, "contracts.filing_from: required with "
                     "filing_working_days");
    }
    json_t *fs = json_object_get(c, "filings");
    for (size_t i = 0; i < json_array_size(fs); i++) {
        json_t *f = json_array_get(fs, i);
        char line[200];
        bool days = json_object_get(f, "working_days") != NULL;
        if (days && json_object_get(f, "due_month_day")) {
            snprintf(line, sizeof line,
                     "contracts.filings[%zu]: due_month_day or working_days, "
                     "not both", i);
            add_err(err, line);
        }
        if (days != (json_object_get(f, "from") != NULL)) {
            snprintf(line, sizeof line,
                     "contracts.filings[%zu].from: goes with working_days", i);
            add_err(err, line);
        }
        const char *k = json_string_value(json_object_get(f, "kind"));
        for (size_t j = 0; k && j < i; j++) {
            const char *kj = json_string_value(
                json_object_get(json_array_get(fs, j), "kind"));
            if (kj && strcmp(k, kj) == 0) {
                snprintf(line, sizeof line,
                         "contracts.filings: kind \"%s\" appears twice", k);
                add_err(err, line);
            }
        }
    }
}

/* A quota names a station type of the profile, once, with max ≥ min. */
static void check_quotas(json_t *root, struct strbuf *err)
{
    json_t *types = json_object_get(root, "station_types");
    json_t *q = json_object_get(json_object_get(root, "staffing"),
                                "workers_per_station");
    for (size_t i = 0; i < json_array_size(q); i++) {
        json_t *o = json_array_get(q, i);
        const char *t = json_string_value(json_object_get(o, "station_type"));
        bool known = false, twice = false;
        for (size_t k = 0; t && k < json_array_size(types); k++) {
            const char *c = json_string_value(
                json_object_get(json_array_get(types, k), "code"));
            known = known || (c && strcmp(c, t) == 0);
        }
        for (size_t j = 0; t && j < i; j++) {
            const char *u = json_string_value(
                json_object_get(json_array_get(q, j), "station_type"));
            twice = twice || (u && strcmp(u, t) == 0);
        }
        json_t *max = json_object_get(o, "max");
        char line[200];
        if (t && (!known || twice)) {
            snprintf(line, sizeof line,
                     "staffing.workers_per_station[%zu].station_type: "
                     "\"%s\" %s", i, t,
                     twice ? "appears twice" : "is not one of station_types");
            add_err(err, line);
        } else if (max && json_integer_value(max) <
                              json_integer_value(json_object_get(o, "min"))) {
            snprintf(line, sizeof line,
                     "staffing.workers_per_station[%zu].max: less than min",
                     i);
            add_err(err, line);
        }
    }
}

static void check_cross(json_t *root, struct strbuf *err)
{
    check_quotas(root, err);
    check_unique_codes(root, "station_types", err);
    check_unique_codes(root, "facilities", err);
    check_unique_codes(root, "service_areas", err);
    check_unique_codes(root, "client_categories", err);
    check_schedules(root, err);
    check_category_ages(root, err);
    check_contracts(root, err);
    profile_money_check(root, err);
    profile_reports_check(root, err);

    static const char *const common[] = {"county_center", "township_station",
                                         "community_room"};
    json_t *types = json_object_get(root, "station_types");
    for (size_t k = 0; k < 3; k++) {
        bool found = false;
        for (size_t i = 0; i < json_array_size(types); i++) {
            const char *c = json_string_value(
                json_object_get(json_array_get(types, i), "code"));
            found = found || (c && strcmp(c, common[k]) == 0);
        }
        if (!found) {
            char line[200];
            snprintf(line, sizeof line,
                     "station_types: the common type \"%s\" is missing",
                     common[k]);
            add_err(err, line);
        }
    }

    json_t *j = json_object_get(root, "jurisdiction");
    const char *level = json_string_value(json_object_get(j, "level"));
    const char *code = json_string_value(json_object_get(j, "region_code"));
    if (level && code &&
        region_level_from_name(level) != region_level_of(code)) {
        char line[200];
        snprintf(line, sizeof line,
                 "jurisdiction.region_code: \"%s\" is not a code of level "
                 "\"%s\"",
                 code, level);
        add_err(err, line);
    }
}

/* ---- reading the validated JSON into the structure ------------------- */

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static void read_items(json_t *arr, struct profile_item **out, size_t *n)
{
    *n = json_array_size(arr);
    *out = xcalloc(*n, sizeof **out);
    for (size_t i = 0; i < *n; i++) {
        json_t *o = json_array_get(arr, i);
        (*out)[i].code = str(o, "code");
        (*out)[i].label = str(o, "label");
        (*out)[i].label_en = str(o, "label_en");
        (*out)[i].age_limit =
            (int)json_integer_value(json_object_get(o, "age_limit"));
        (*out)[i].age_from =
            (int)json_integer_value(json_object_get(o, "age_from"));
    }
}

static void read_contracts(json_t *c, struct profile_contracts *k)
{
    memset(k, 0, sizeof *k);
    k->expiry_notice_days = PROFILE_EXPIRY_NOTICE_DAYS;
    k->filing_from = k->filing_with = k->staff_in_place_from = "";
    k->filings = xcalloc(1, sizeof *k->filings);
    if (!c) {
        return;
    }
    k->present = true;
    k->cycle_years = (int)json_integer_value(json_object_get(c, "cycle_years"));
    k->signed_yearly = json_is_true(json_object_get(c, "signed_yearly"));
    k->filing_working_days =
        (int)json_integer_value(json_object_get(c, "filing_working_days"));
    k->filing_from = str(c, "filing_from");
    k->filing_with = str(c, "filing_with");
    json_t *sp = json_object_get(c, "staff_in_place");
    k->staff_in_place_months =
        (int)json_integer_value(json_object_get(sp, "months"));
    k->staff_in_place_from = str(sp, "from");
    k->min_amount_per_station_fen =
        json_integer_value(json_object_get(c, "min_amount_per_station_fen"));
    json_t *e = json_object_get(c, "expiry_notice_days");
    if (e) {
        k->expiry_notice_days = (int)json_integer_value(e);
    }
    json_t *fs = json_object_get(c, "filings");
    k->n_filings = json_array_size(fs);
    free(k->filings);
    k->filings = xcalloc(k->n_filings ? k->n_filings : 1, sizeof *k->filings);
    for (size_t i = 0; i < k->n_filings; i++) {
        json_t *f = json_array_get(fs, i);
        k->filings[i].kind = str(f, "kind");
        k->filings[i].filed_with = str(f, "filed_with");
        k->filings[i].due_month_day = str(f, "due_month_day");
        k->filings[i].working_days =
            (int)json_integer_value(json_object_get(f, "working_days"));
        k->filings[i].from = str(f, "from");
    }
}

static void read_staffing(json_t *o, struct staffing *st)
{
    memset(st, 0, sizeof *st);
    if (!o) {
        return;
    }
    st->present = true;
    json_t *q = json_object_get(o, "workers_per_station");
    st->n_quotas = json_array_size(q);
    st->quotas = xcalloc(st->n_quotas ? st->n_quotas : 1, sizeof *st->quotas);
    for (size_t i = 0; i < st->n_quotas; i++) {
        json_t *e = json_array_get(q, i);
        st->quotas[i].station_type = str(e, "station_type");
        st->quotas[i].min = (int)json_integer_value(json_object_get(e, "min"));
        st->quotas[i].max = (int)json_integer_value(json_object_get(e, "max"));
    }
    st->max_age_at_hire =
        (int)json_integer_value(json_object_get(o, "max_age_at_hire"));
    st->min_education = json_string_value(json_object_get(o, "min_education"));
    st->certificate_within_years = (int)json_integer_value(
        json_object_get(o, "certificate_within_years"));
    st->supervisor_certificate =
        json_string_value(json_object_get(o, "supervisor_certificate"));
    st->wage_factor = json_number_value(json_object_get(o, "wage_factor"));
    json_t *roles = json_object_get(o, "township_employed_roles");
    for (size_t i = 0; i < json_array_size(roles) && i < 3; i++) {
        st->township_roles[st->n_township_roles++] =
            json_string_value(json_array_get(roles, i));
    }
}

static struct profile *read_profile(json_t *root)
{
    struct profile *p = xcalloc(1, sizeof *p);
    p->root = root;
    p->name = str(root, "name");
    p->title = str(root, "title");
    p->title_en = str(root, "title_en");
    p->source = str(root, "source");
    json_t *j = json_object_get(root, "jurisdiction");
    p->region_code = str(j, "region_code");
    p->level = region_level_of(p->region_code);
    p->region_name = str(j, "name");
    p->purchaser = str(j, "purchaser");

    json_t *types = json_object_get(root, "station_types");
    p->n_station_types = json_array_size(types);
    p->station_types = xcalloc(p->n_station_types, sizeof *p->station_types);
    for (size_t i = 0; i < p->n_station_types; i++) {
        json_t *o = json_array_get(types, i);
        struct station_type *t = &p->station_types[i];
        t->code = str(o, "code");
        t->label = str(o, "label");
        t->label_en = str(o, "label_en");
        t->region_level = region_level_from_name(str(o, "region_level"));
        t->name_pattern = str(o, "name_pattern");
    }

    json_t *fac = json_object_get(root, "facilities");
    p->n_facilities = json_array_size(fac);
    p->facilities = xcalloc(p->n_facilities, sizeof *p->facilities);
    for (size_t i = 0; i < p->n_facilities; i++) {
        json_t *o = json_array_get(fac, i);
        struct facility *f = &p->facilities[i];
        f->code = str(o, "code");
        f->label = str(o, "label");
        f->label_en = str(o, "label_en");
        f->group = str(o, "group");
        f->required = json_is_true(json_object_get(o, "required"));
    }
    read_items(json_object_get(root, "service_areas"), &p->service_areas,
               &p->n_service_areas);
    read_items(json_object_get(root, "client_categories"),
               &p->client_categories, &p->n_client_categories);

    json_t *cw = json_object_get(root, "casework");
    p->assessment_days = cw ? (int)json_integer_value(
                                  json_object_get(cw, "assessment_days"))
                            : PROFILE_ASSESSMENT_DAYS;
    p->plan_days = cw ? (int)json_integer_value(json_object_get(cw, "plan_days"))
                      : PROFILE_PLAN_DAYS;
    p->review_days = cw ? (int)json_integer_value(
                              json_object_get(cw, "review_days"))
                        : PROFILE_REVIEW_DAYS;
    json_t *fu = cw ? json_object_get(cw, "followup_days") : NULL;
    if (fu) {
        p->n_followup_days = json_array_size(fu);
        for (size_t i = 0; i < p->n_followup_days; i++) {
            p->followup_days[i] = (int)json_integer_value(json_array_get(fu, i));
        }
    } else {
        p->n_followup_days = 2;
        p->followup_days[0] = 30;
        p->followup_days[1] = 90;
    }
    read_contracts(json_object_get(root, "contracts"), &p->contracts);
    json_t *vs = json_object_get(root, "visit_schedules");
    p->n_visit_schedules = json_array_size(vs);
    p->visit_schedules =
        xcalloc(p->n_visit_schedules ? p->n_visit_schedules : 1,
                sizeof *p->visit_schedules);
    for (size_t i = 0; i < p->n_visit_schedules; i++) {
        json_t *o = json_array_get(vs, i);
        p->visit_schedules[i].category = str(o, "category");
        p->visit_schedules[i].every_days =
            (int)json_integer_value(json_object_get(o, "every_days"));
    }
    profile_money_read(root, &p->money);
    read_staffing(json_object_get(root, "staffing"), &p->staffing);
    profile_reports_read(root, &p->reports);
    return p;
}

int profile_parse(const char *text, size_t len, struct profile **out,
                  char *errbuf, size_t errlen)
{
    *out = NULL;
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(errbuf, errlen, "not valid JSON (line %d, column %d): %s",
                 jerr.line, jerr.column, jerr.text);
        return -1;
    }
    if (!json_is_object(root)) {
        snprintf(errbuf, errlen, "a profile must be a JSON object");
        json_decref(root);
        return -1;
    }
    struct schema_errors errs;
    struct strbuf err;
    strbuf_init(&err);
    if (schema_check(&profile_schema, root, &errs) > 0) {
        for (int i = 0; i < errs.count; i++) {
            char line[400];
            /* English here: profile errors are read by administrators
             * and on the command line; the path is what matters. */
            schema_error_format(&errs.e[i], LANG_EN, line, sizeof line);
            add_err(&err, line);
        }
    } else {
        check_cross(root, &err);
    }
    if (err.len) {
        snprintf(errbuf, errlen, "%s", err.buf);
        strbuf_free(&err);
        json_decref(root);
        return -1;
    }
    strbuf_free(&err);
    struct profile *p = read_profile(root);
    p->json = xmalloc(len + 1);
    memcpy(p->json, text, len);
    p->json[len] = 0;
    *out = p;
    return 0;
}

void profile_free(struct profile *p)
{
    if (!p) {
        return;
    }
    free(p->station_types);
    free(p->facilities);
    free(p->service_areas);
    free(p->client_categories);
    free(p->visit_schedules);
    free(p->contracts.filings);
    profile_money_free(&p->money);
    free(p->staffing.quotas);
    free(p->json);
    json_decref(p->root);
    free(p);
}

const struct station_type *profile_station_type(const struct profile *p,
                                                const char *code)
{
    for (size_t i = 0; i < p->n_station_types; i++) {
        if (strcmp(p->station_types[i].code, code) == 0) {
            return &p->station_types[i];
        }
    }
    return NULL;
}

bool profile_township_employs(const struct profile *p, const char *role)
{
    for (size_t i = 0; i < p->staffing.n_township_roles; i++) {
        if (strcmp(p->staffing.township_roles[i], role) == 0) {
            return true;
        }
    }
    return false;
}

const struct facility *profile_facility(const struct profile *p,
                                        const char *code)
{
    for (size_t i = 0; i < p->n_facilities; i++) {
        if (strcmp(p->facilities[i].code, code) == 0) {
            return &p->facilities[i];
        }
    }
    return NULL;
}

/* ---- built-in profiles ---------------------------------------------- */

size_t profile_builtin_list(char names[][PROFILE_NAME_MAX], size_t max)
{
    size_t n = 0;
    for (const struct embedded_file *f = embedded_files; f->name; f++) {
        size_t len = strlen(f->name);
        if (strncmp(f->name, "profiles/", 9) != 0 || len < 15 ||
            strcmp(f->name + len - 5, ".json") != 0 || n >= max ||
            len - 14 >= PROFILE_NAME_MAX) {
            continue;
        }
        snprintf(names[n], PROFILE_NAME_MAX, "%.*s", (int)(len - 14),
                 f->name + 9);
        n++;
    }
    return n;
}

const char *profile_builtin_text(const char *name, size_t *len)
{
    char path[80];
    snprintf(path, sizeof path, "profiles/%s.json", name);
    const struct embedded_file *f = embedded_find(path);
    if (!f) {
        return NULL;
    }
    *len = f->len;
    return (const char *)f->data;
}

bool profile_for_region(const char *code, char *out, size_t outlen)
{
    char names[PROFILE_BUILTIN_MAX][PROFILE_NAME_MAX];
    size_t count = profile_builtin_list(names, PROFILE_BUILTIN_MAX);
    const char *best = NULL, *inside = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < count; i++) {
        size_t len = 0;
        const char *text = profile_builtin_text(names[i], &len);
        json_t *root = json_loadb(text, len, 0, NULL);
        const char *rc = json_string_value(json_object_get(
            json_object_get(root, "jurisdiction"), "region_code"));
        if (rc) {
            size_t rl = strlen(rc);
            if (strncmp(code, rc, rl) == 0 && rl > best_len) {
                best = names[i];
                best_len = rl;
            } else if (!inside && strncmp(rc, code, strlen(code)) == 0) {
                inside = names[i];
            }
        }
        json_decref(root);
    }
    const char *pick = best ? best : inside;
    if (!pick) {
        return false;
    }
    snprintf(out, outlen, "%s", pick);
    return true;
}
