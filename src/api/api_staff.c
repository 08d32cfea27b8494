/* /api/v1/staff: the workers (社工) — who employs them, their station
 * assignments over time (one at a time), trainings, supervision sessions
 * (/supervision_sessions), the roster as .xlsx (花名册, /staff_roster.xlsx:
 * a GET, so it leaves no audit row — it holds no ID number and masked
 * phones) and the counties' minimum wages (/min_wages). A worker's phone
 * is sealed at rest and masked in every reply; no ID number is kept. */
#include <string.h>

#include "../core/person_name.h"
#include "../core/client_service.h"
#include "../core/compliance.h"
#include "../core/dictionary.h"
#include "../core/phone.h"
#include "../core/rule_fail.h"
#include "../core/profile.h"
#include "../core/staff_service.h"
#include "../store/organisation_store.h"
#include "../store/user_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "../util/sheet.h"
#include "api.h"
#include "api_export.h"
#include "../util/yuan.h"
#include "../util/utf8.h"

static const char *const roles[] = {"resident", "project", "supervisor",
                                    NULL};
static const char *const statuses[] = {"active", "left", NULL};
static const char *const sexes[] = {"M", "F", NULL};
static const char *const educations[] = {
    "junior_high", "senior_high", "junior_college", "bachelor", "master",
    "doctor", NULL};
static const char *const certificates[] = {"none", "assistant",
                                           "intermediate", "senior", NULL};

static bool is_phone(const char *s)
{
    return !*s || phone_valid(s);
}

#define STAFF_FIELDS                                                        \
    {.name = "user_id", .label_zh = "登录账号", .label_en = "user_id",     \
     .type = S_INT, .min = 1, .nullable = true},                            \
    {.name = "organisation_id", .label_zh = "聘用机构",                    \
     .label_en = "organisation_id", .type = S_INT, .min = 1,                \
     .nullable = true},                                                     \
    {.name = "employer_region", .label_zh = "聘用乡镇(街道)",              \
     .label_en = "employer_region", .type = S_STRING, .max = 9,             \
     .nullable = true},                                                     \
    {.name = "labour_from", .label_zh = "劳动合同起始日期",                \
     .label_en = "labour_from", .type = S_DATE, .nullable = true},          \
    {.name = "labour_to", .label_zh = "劳动合同终止日期",                  \
     .label_en = "labour_to", .type = S_DATE, .nullable = true},            \
    {.name = "major", .label_zh = "所学专业", .label_en = "major",         \
     .type = S_STRING, .max = 60},                                          \
    {.name = "certificate", .label_zh = "职业资格", .label_en =            \
     "certificate", .type = S_ENUM, .enums = certificates},                 \
    {.name = "certified_on", .label_zh = "取证日期",                       \
     .label_en = "certified_on", .type = S_DATE, .nullable = true},         \
    {.name = "hukou_local", .label_zh = "本地户籍", .label_en =            \
     "hukou_local", .type = S_BOOL},                                        \
    {.name = "wage_fen", .label_zh = "月工资(分)", .label_en = "wage_fen", \
     .type = S_INT, .min = 0, .max = 100000000},                            \
    {.name = "phone", .label_zh = "联系电话", .label_en = "phone",         \
     .type = S_STRING, .max = 20, .check = is_phone,                        \
     .check_msg = MSG_BAD_PHONE,                                            \
     .check_reason = phone_problem},                                        \
    {.name = "status", .label_zh = "状态", .label_en = "status",           \
     .type = S_ENUM, .enums = statuses},                                    \
    {.name = "left_on", .label_zh = "离职日期", .label_en = "left_on",     \
     .type = S_DATE, .nullable = true},                                     \
    {.name = "left_reason", .label_zh = "离职原因", .label_en =            \
     "left_reason", .type = S_STRING, .max = 200},                          \
    {.name = "notes", .label_zh = "备注", .label_en = "notes",             \
     .type = S_STRING, .max = 1000, .multiline = true}

#define STAFF_CORE(req)                                                     \
    {.name = "name", .label_zh = "姓名", .label_en = "name",               \
     .type = S_STRING, .required = req, .min = 2, .max = 30,                \
     .check = person_name_ok, .check_reason = person_name_problem},               \
    {.name = "role", .label_zh = "岗位", .label_en = "role",               \
     .type = S_ENUM, .required = req, .enums = roles},                      \
    {.name = "birth_date", .label_zh = "出生日期", .label_en =             \
     "birth_date", .type = S_DATE, .required = req},                        \
    {.name = "sex", .label_zh = "性别", .label_en = "sex", .type = S_ENUM, \
     .required = req, .enums = sexes},                                      \
    {.name = "education", .label_zh = "学历", .label_en = "education",     \
     .type = S_ENUM, .required = req, .enums = educations},                 \
    {.name = "hired_on", .label_zh = "入职日期", .label_en = "hired_on",   \
     .type = S_DATE, .required = req}

static const struct schema create_fields[] = {
    STAFF_CORE(true),
    STAFF_FIELDS,
    {0},
};
const struct schema api_staff_create_schema = {.type = S_OBJECT,
                                               .fields = create_fields};

static const struct schema update_fields[] = {
    STAFF_CORE(false),
    STAFF_FIELDS,
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_staff_update_schema = {.type = S_OBJECT,
                                               .fields = update_fields};

static const struct schema assign_fields[] = {
    {.name = "station_id", .label_zh = "站点", .label_en = "station_id",
     .type = S_INT, .required = true, .min = 1},
    {.name = "from_on", .label_zh = "派驻日期", .label_en = "from_on",
     .type = S_DATE, .required = true},
    {.name = "to_on", .label_zh = "派驻结束日期", .label_en = "to_on",
     .type = S_DATE, .nullable = true},
    {0},
};
const struct schema api_staff_assign_schema = {.type = S_OBJECT,
                                               .fields = assign_fields};

static const struct schema end_fields[] = {
    {.name = "to_on", .label_zh = "派驻结束日期", .label_en = "to_on",
     .type = S_DATE, .required = true},
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_staff_end_assignment_schema = {.type = S_OBJECT,
                                                       .fields = end_fields};

/* Half hours are common (a 3.5-hour course); checked in halves by the
 * handler, kept in minutes. */
#define TRAINING_FIELDS(req)                                                \
    {.name = "held_on", .label_zh = "培训日期", .label_en = "held_on",     \
     .type = S_DATE, .required = req},                                      \
    {.name = "title", .label_zh = "培训内容", .label_en = "title",         \
     .type = S_STRING, .required = req, .min = 2, .max = 100},              \
    {.name = "hours", .label_zh = "学时", .label_en = "hours",             \
     .type = S_NUMBER, .required = req, .min = 0, .max = 500},              \
    {.name = "organiser", .label_zh = "主办单位", .label_en = "organiser", \
     .type = S_STRING, .max = 100}

static const struct schema training_fields[] = {
    TRAINING_FIELDS(true),
    {0},
};
const struct schema api_staff_training_schema = {.type = S_OBJECT,
                                                 .fields = training_fields};

static const struct schema training_update_fields[] = {
    TRAINING_FIELDS(false),
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_staff_training_update_schema = {
    .type = S_OBJECT, .fields = training_update_fields};

static const struct schema attendee_schema[] = {
    {.label_zh = "参加督导的社工", .label_en = "attendee", .type = S_INT,
     .min = 1},
};
#define SUPERVISION_FIELDS(req)                                             \
    {.name = "held_on", .label_zh = "督导日期", .label_en = "held_on",     \
     .type = S_DATE, .required = req},                                      \
    {.name = "supervisor_id", .label_zh = "督导", .label_en =              \
     "supervisor_id", .type = S_INT, .required = req, .min = 1},            \
    {.name = "station_id", .label_zh = "站点", .label_en = "station_id",   \
     .type = S_INT, .min = 1, .nullable = true},                            \
    {.name = "attendees", .label_zh = "参加人员", .label_en = "attendees", \
     .type = S_ARRAY, .max = 100, .fields = attendee_schema},               \
    {.name = "topic", .label_zh = "督导主题", .label_en = "topic",         \
     .type = S_STRING, .required = req, .min = 2, .max = 100},              \
    {.name = "content", .label_zh = "督导内容", .label_en = "content",     \
     .type = S_STRING, .max = 5000, .multiline = true},                     \
    {.name = "minutes", .label_zh = "督导纪要", .label_en = "minutes",     \
     .type = S_STRING, .max = 10000, .multiline = true}

static const struct schema supervision_fields[] = {
    SUPERVISION_FIELDS(true),
    {0},
};
const struct schema api_supervision_create_schema = {
    .type = S_OBJECT, .fields = supervision_fields};

static const struct schema supervision_update_fields[] = {
    SUPERVISION_FIELDS(false),
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_supervision_update_schema = {
    .type = S_OBJECT, .fields = supervision_update_fields};

static bool is_county(const char *s)
{
    if (strlen(s) != 6) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
    }
    return true;
}
static const struct schema min_wage_fields[] = {
    {.name = "region_code", .label_zh = "县(区)", .label_en = "region_code",
     .type = S_STRING, .required = true, .max = 6, .check = is_county,
     .check_msg = MSG_BAD_REGION_CODE},
    {.name = "effective_on", .label_zh = "执行日期", .label_en =
     "effective_on", .type = S_DATE, .required = true},
    {.name = "monthly_fen", .label_zh = "月最低工资标准(分)",
     .label_en = "monthly_fen", .type = S_INT, .required = true, .min = 1,
     .max = 10000000},
    {.name = "source", .label_zh = "依据", .label_en = "source",
     .type = S_STRING, .max = 200},
    {0},
};
const struct schema api_min_wage_create_schema = {.type = S_OBJECT,
                                                  .fields = min_wage_fields};

/* ---- who reads, who writes ------------------------------------------ */

static const char *today(struct req *r)
{
    char *d = arena_alloc(r->arena, 11);
    cn_date_format(cn_date_of(cn_now()), d);
    return d;
}

/* The caller's range and, for an org_admin, her organisation. */
static bool reader_of(struct req *r, struct staff_reader *rd)
{
    memset(rd, 0, sizeof *rd);
    rd->scope = r->scope;
    rd->today = today(r);
    return api_caller_org(r, &rd->org_id);
}

/* Bureau and sysadmin manage every worker; an org_admin her own
 * organisation's only. Replies 403 when not. */
static bool may_manage(struct req *r, const struct staff_reader *rd,
                       int64_t org_id)
{
    if (r->who &&
        (r->who->roles & (ROLE_BIT(ROLE_BUREAU) | ROLE_BIT(ROLE_SYSADMIN)))) {
        return true;
    }
    if (rd->org_id > 0 && org_id == rd->org_id) {
        return true;
    }
    server_audit_denial(r, NULL, "denied");
    reply_error(r, 403, MSG_FORBIDDEN, "organisation_id", NULL, NULL);
    return false;
}

/* ---- staff ---------------------------------------------------------- */

static void write_staff_members(struct req *r, struct jsonw *w,
                                const struct staff *s, const char *day)
{
    jsonw_kint(w, "id", s->id);
    jsonw_kstr(w, "name", s->name);
    jsonw_kstr(w, "role", s->role);
    api_kid(w, "user_id", s->user_id);
    jsonw_kstr(w, "username", s->username);
    api_kid(w, "organisation_id", s->organisation_id);
    jsonw_kstr(w, "organisation_name", s->organisation_name);
    jsonw_kstr(w, "employer_region", s->employer_region);
    jsonw_kstr(w, "employer_region_name", s->employer_region_name);
    jsonw_kstr(w, "labour_from", s->labour_from);
    jsonw_kstr(w, "labour_to", s->labour_to);
    jsonw_kstr(w, "birth_date", s->birth_date);
    jsonw_kint(w, "age", client_age(s->birth_date, day));
    jsonw_kint(w, "age_at_hire", client_age(s->birth_date, s->hired_on));
    jsonw_kstr(w, "sex", s->sex);
    jsonw_kstr(w, "education", s->education);
    jsonw_kstr(w, "major", s->major);
    jsonw_kstr(w, "certificate", s->certificate);
    jsonw_kstr(w, "certified_on", s->certified_on);
    jsonw_kbool(w, "hukou_local", s->hukou_local);
    jsonw_kstr(w, "hired_on", s->hired_on);
    jsonw_kint(w, "wage_fen", s->wage_fen);
    jsonw_kstr(w, "phone", client_mask_phone(r->arena, s->phone));
    jsonw_kstr(w, "status", s->status);
    jsonw_kstr(w, "left_on", s->left_on);
    jsonw_kstr(w, "left_reason", s->left_reason);
    jsonw_kstr(w, "notes", s->notes);
    jsonw_key(w, "station");
    if (s->station_id) {
        jsonw_obj_open(w);
        jsonw_kint(w, "id", s->station_id);
        jsonw_kstr(w, "name", s->station_name);
        jsonw_kstr(w, "type", s->station_type);
        jsonw_kint(w, "assignment_id", s->assignment_id);
        jsonw_kstr(w, "from_on", s->assigned_from);
        jsonw_obj_close(w);
    } else {
        jsonw_null(w);
    }
    jsonw_kint(w, "version", s->version);
    jsonw_kstr(w, "updated_at", api_time(r, s->updated_at));
}

static void write_staff(struct req *r, struct jsonw *w, const struct staff *s,
                        const char *day)
{
    jsonw_obj_open(w);
    write_staff_members(r, w, s, day);
    jsonw_obj_close(w);
}

/* What the profile's staffing rules will say of a worker just saved (her
 * age at hire, her education), said at once as warnings: the form is
 * where the organisation can still choose, and 合规检查 lists her later
 * anyway. Saved all the same: the rules are the bureau's to weigh. */
static void write_staff_warnings(struct req *r, struct jsonw *w,
                                 const struct staff_reader *rd,
                                 const struct staff *s)
{
    jsonw_key(w, "warnings");
    jsonw_arr_open(w);
    const struct profile *p = r->srv->profile;
    struct compliance_report rep;
    if (p && strcmp(s->status, "active") == 0) {
        char today[11];
        cn_date_format(cn_date_of(cn_now()), today);
        struct compliance_ctx c = {.db = r->db,
                                   .arena = r->arena,
                                   .scope = &scope_all,
                                   .profile = p,
                                   .today = today};
        compliance_staff_check(&c, s, &rep);
        for (size_t i = 0; i < rep.n_findings; i++) {
            const struct finding *f = &rep.findings[i];
            jsonw_obj_open(w);
            jsonw_kstr(w, "code", f->rule);
            jsonw_kstr(w, "field",
                       strcmp(f->rule, "staff.education") == 0
                           ? "education"
                           : "birth_date");
            jsonw_kstr(w, "message",
                       r->lang == LANG_EN ? f->message_en : f->message);
            jsonw_obj_close(w);
        }
    }
    /* One roster typed in twice: saved, but said, naming the first when
     * the caller may read her (another organisation's or county's worker
     * is not told of). A failed look-up says nothing rather than fail a
     * save made. */
    int64_t twin = 0;
    struct staff other;
    if (staff_store_twin(r->db, s, &twin) == DB_OK && twin &&
        staff_store_get(r->db, r->arena, rd, twin, &other) == DB_ROW) {
        char number[24], text[300];
        snprintf(number, sizeof number, "%lld", (long long)twin);
        reply_msg(r, MSG_STAFF_TWIN, number, text, sizeof text);
        jsonw_obj_open(w);
        jsonw_kstr(w, "code", "staff.possible_duplicate");
        jsonw_kstr(w, "field", "name");
        jsonw_kstr(w, "message", text);
        jsonw_kint(w, "duplicate_id", twin);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
}

/* The stored phone opened, for the service and the masked replies. */
static void open_phone(struct req *r, struct staff *s)
{
    s->phone = staff_phone_open(r->srv->key, r->arena, s->phone);
}

static bool load(struct req *r, const struct staff_reader *rd,
                 struct staff *s)
{
    int64_t id;
    if (!req_param_id(r, 0, "社工", "staff member", &id)) {
        return false;
    }
    int rc = staff_store_get(r->db, r->arena, rd, id, s);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "社工", "staff member");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "staff get");
        return false;
    }
    open_phone(r, s);
    return true;
}

/* The caller's reader and the worker of the path, in her range. */
static bool load_read(struct req *r, struct staff_reader *rd, struct staff *s)
{
    return reader_of(r, rd) && load(r, rd, s);
}

/* The same, for a write: the caller must manage the worker. */
static bool load_write(struct req *r, struct staff_reader *rd,
                       struct staff *s)
{
    return load_read(r, rd, s) && may_manage(r, rd, s->organisation_id);
}

static void reply_staff(struct req *r, const struct staff_reader *rd,
                        int status, int64_t id)
{
    struct staff s;
    struct staff_reader all = *rd;
    all.scope = &scope_all; /* just written: read it back */
    int rc = staff_store_get(r->db, r->arena, &all, id, &s);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "staff read back");
        return;
    }
    open_phone(r, &s);
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    write_staff_members(r, &w, &s, rd->today);
    write_staff_warnings(r, &w, rd, &s);
    jsonw_obj_close(&w);
    reply_json(r, status, &sb);
}

static void take(struct req *r, const char *name, const char **dst)
{
    json_t *v = json_object_get(r->json, name);
    if (v) {
        *dst = json_string_value(v); /* null clears */
    }
}

static void take_id(struct req *r, const char *name, int64_t *dst)
{
    json_t *v = json_object_get(r->json, name);
    if (v) {
        *dst = json_is_integer(v) ? json_integer_value(v) : 0;
    }
}

static void read_body(struct req *r, struct staff *s)
{
    static const char *const texts[] = {
        "name", "role", "birth_date", "sex", "education", "hired_on",
        "employer_region", "labour_from", "labour_to", "major",
        "certificate", "certified_on", "phone", "status", "left_on",
        "left_reason", "notes"};
    const char **dst[] = {
        &s->name, &s->role, &s->birth_date, &s->sex, &s->education,
        &s->hired_on, &s->employer_region, &s->labour_from, &s->labour_to,
        &s->major, &s->certificate, &s->certified_on, &s->phone,
        &s->status, &s->left_on, &s->left_reason, &s->notes};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        take(r, texts[i], dst[i]);
    }
    take_id(r, "user_id", &s->user_id);
    take_id(r, "organisation_id", &s->organisation_id);
    json_t *v = json_object_get(r->json, "wage_fen");
    if (v) {
        s->wage_fen = json_integer_value(v);
    }
    v = json_object_get(r->json, "hukou_local");
    if (v) {
        s->hukou_local = json_is_true(v);
    }
    if (!s->certificate) {
        s->certificate = "none";
    }
    if (!s->status) {
        s->status = "active";
    }
    if (s->employer_region && !*s->employer_region) {
        s->employer_region = NULL;
    }
}

static void save(struct req *r, const struct staff_reader *rd,
                 const struct staff *before, struct staff *s,
                 int64_t version)
{
    const struct profile *p = api_profile(r);
    if (!p) {
        return;
    }
    if (!may_manage(r, rd, s->organisation_id)) {
        return;
    }
    /* Linking a login sets its range: the user administrator's to do. */
    if (s->user_id != (before ? before->user_id : 0) &&
        (!r->who || !permission_allows(r->who->roles, "user.manage"))) {
        server_audit_denial(r, "user.manage", "denied");
        reply_error(r, 403, MSG_FORBIDDEN, "user_id", NULL, NULL);
        return;
    }
    /* An org_admin registers her own organisation's employees only. */
    bool manager = r->who && (r->who->roles & (ROLE_BIT(ROLE_BUREAU) |
                                               ROLE_BIT(ROLE_SYSADMIN)));
    if (!manager && s->employer_region) {
        reply_error(r, 400, MSG_STAFF_ORG_EMPLOYER, "employer_region",
                    "聘用乡镇(街道)", "employer_region");
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (staff_service_save(&x, p, before, s, version, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "staff write");
        return;
    }
    server_identity_changed(r->srv);
    reply_staff(r, rd, before ? 200 : 201, id);
}

void api_staff_create(struct req *r)
{
    struct staff_reader rd;
    if (!reader_of(r, &rd)) {
        return;
    }
    struct staff s;
    memset(&s, 0, sizeof s);
    read_body(r, &s);
    /* An organisation's administrator hires for her own organisation:
     * leaving it out is not a request for someone else's. */
    if (rd.org_id > 0 && s.organisation_id == 0 &&
        (!s.employer_region || !*s.employer_region)) {
        s.organisation_id = rd.org_id;
    }
    save(r, &rd, NULL, &s, 0);
}

void api_staff_update(struct req *r)
{
    struct staff_reader rd;
    struct staff before;
    int64_t version;
    if (!load_write(r, &rd, &before) || !api_expected_version(r, &version)) {
        return;
    }
    struct staff s = before;
    read_body(r, &s);
    save(r, &rd, &before, &s, version);
}

void api_staff_get(struct req *r)
{
    struct staff_reader rd;
    struct staff s;
    if (load_read(r, &rd, &s)) {
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        write_staff(r, &w, &s, rd.today);
        reply_json(r, 200, &sb);
    }
}

/* The list's filters from the query; false after a 400. */
static bool read_filter(struct req *r, struct staff_filter *f)
{
    static const char *const q_roles[] = {"", "resident", "project",
                                          "supervisor", NULL};
    static const char *const q_statuses[] = {"", "active", "left", NULL};
    static const char *const q_educations[] = {
        "", "junior_high", "senior_high", "junior_college", "bachelor",
        "master", "doctor", NULL};
    static const char *const q_certificates[] = {
        "", "none", "assistant", "intermediate", "senior", NULL};
    static const char *const q_bool[] = {"", "false", "true", NULL};
    memset(f, 0, sizeof *f);
    int role, status, edu, cert, unassigned;
    f->q = req_query(r, "q");
    if (f->q && strlen(f->q) > 60) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "q", "q", "q");
        return false;
    }
    if (!req_query_choice(r, "role", q_roles, &role) ||
        !req_query_choice(r, "status", q_statuses, &status) ||
        !req_query_choice(r, "education", q_educations, &edu) ||
        !req_query_choice(r, "certificate", q_certificates, &cert) ||
        !req_query_choice(r, "unassigned", q_bool, &unassigned) ||
        !req_query_id(r, "station_id", &f->station_id) ||
        !req_query_id(r, "organisation_id", &f->organisation_id)) {
        return false;
    }
    f->role = role ? q_roles[role] : NULL;
    f->status = status ? q_statuses[status] : NULL;
    f->education = edu ? q_educations[edu] : NULL;
    f->certificate = cert ? q_certificates[cert] : NULL;
    f->unassigned = unassigned == 2;
    return true;
}

void api_staff_list(struct req *r)
{
    struct staff_reader rd;
    struct staff_filter f;
    int64_t page;
    if (!reader_of(r, &rd) || !read_filter(r, &f) ||
        !req_paging(r, 20, &f.limit, &page)) {
        return;
    }
    f.offset = (page - 1) * f.limit;
    struct staff *items;
    size_t n;
    int64_t total;
    int rc = staff_store_list(r->db, r->arena, &rd, &f, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "staff list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        open_phone(r, &items[i]);
        write_staff(r, &w, &items[i], rd.today);
    }
    api_list_end(r, &sb, &w, total, page, f.limit);
}

/* ---- the roster (花名册) --------------------------------------------- */

enum roster_col {
    R_NO, R_NAME, R_SEX, R_BIRTH, R_AGE, R_ROLE, R_EDU, R_MAJOR, R_CERT,
    R_CERT_ON, R_HUKOU, R_EMPLOYER, R_LABOUR, R_HIRED, R_STATION, R_FROM,
    R_WAGE, R_PHONE, R_STATUS, R_COUNT
};

static const struct {
    const char *zh, *en;
    double width;
} roster_cols[R_COUNT] = {
    [R_NO] = {"序号", "No.", 6},
    [R_NAME] = {"姓名", "Name", 10},
    [R_SEX] = {"性别", "Sex", 6},
    [R_BIRTH] = {"出生日期", "Birth date", 12},
    [R_AGE] = {"年龄", "Age", 6},
    [R_ROLE] = {"岗位", "Role", 10},
    [R_EDU] = {"学历", "Education", 10},
    [R_MAJOR] = {"所学专业", "Major", 14},
    [R_CERT] = {"职业资格", "Certificate", 14},
    [R_CERT_ON] = {"取证日期", "Certified on", 12},
    [R_HUKOU] = {"户籍", "Hukou", 8},
    [R_EMPLOYER] = {"聘用单位", "Employer", 26},
    [R_LABOUR] = {"劳动合同期限", "Labour contract", 24},
    [R_HIRED] = {"入职日期", "Hired on", 12},
    [R_STATION] = {"驻站站点", "Station", 28},
    [R_FROM] = {"派驻日期", "Assigned from", 12},
    [R_WAGE] = {"月工资(元)", "Monthly wage (yuan)", 12},
    [R_PHONE] = {"联系电话", "Phone", 14},
    [R_STATUS] = {"状态", "Status", 8},
};

static const char *label(struct req *r, const char *kind, const char *code)
{
    const struct fixed_item *it = code ? dictionary_fixed_item(kind, code)
                                       : NULL;
    return it ? (r->lang == LANG_EN ? it->label_en : it->label) : "";
}

static void roster_row(struct req *r, const struct staff *s, size_t no,
                       const char **c)
{
    bool en = r->lang == LANG_EN;
    c[R_NO] = arena_printf(r->arena, "%zu", no);
    c[R_NAME] = s->name;
    c[R_SEX] = label(r, "sex", s->sex);
    c[R_BIRTH] = s->birth_date;
    c[R_AGE] = arena_printf(r->arena, "%d", client_age(s->birth_date,
                                                       today(r)));
    c[R_ROLE] = label(r, "staff_role", s->role);
    c[R_EDU] = label(r, "education", s->education);
    c[R_MAJOR] = s->major;
    c[R_CERT] = label(r, "certificate_level", s->certificate);
    c[R_CERT_ON] = s->certified_on;
    c[R_HUKOU] = s->hukou_local ? (en ? "local" : "本地")
                                : (en ? "non-local" : "外地");
    c[R_EMPLOYER] = s->organisation_name ? s->organisation_name
                                         : s->employer_region_name;
    c[R_LABOUR] = s->labour_from
                      ? arena_printf(r->arena, "%s ~ %s", s->labour_from,
                                     s->labour_to ? s->labour_to : "")
                      : NULL;
    c[R_HIRED] = s->hired_on;
    c[R_STATION] = s->station_name;
    c[R_FROM] = s->assigned_from;
    c[R_WAGE] = yuan_text(r->arena, s->wage_fen);
    c[R_PHONE] = client_mask_phone(r->arena, s->phone);
    c[R_STATUS] = label(r, "staff_status", s->status);
}

/* The roster's filter in words into *out, for the line under its title
 * and the station in its file's name: an inspector's printed roster says
 * whose workers it lists. False after replying to a store failure. */
static bool roster_filter(struct req *r, const struct staff_filter *f,
                          struct export_filter *x, const char **out)
{
    bool en = r->lang == LANG_EN;
    api_export_filter_init(x, r);
    if (!api_export_filter_station(x, f->station_id)) {
        return false;
    }
    if (f->organisation_id) {
        /* Every reader of the roster may read the organisations. */
        struct organisation o;
        int rc = organisation_store_get(r->db, r->arena, f->organisation_id,
                                        &o);
        if (rc != DB_ROW && rc != DB_DONE) {
            api_export_filter_end(x);
            api_db_error(r, rc, "staff roster");
            return false;
        }
        api_export_filter_add(
            x, "聘用机构", "Employer",
            rc == DB_ROW ? o.name
                         : arena_printf(r->arena, "#%lld",
                                        (long long)f->organisation_id));
    }
    if (f->unassigned) {
        api_export_filter_add(x, "未驻站", "Unassigned",
                              en ? "only those without a station today"
                                 : "仅目前未驻站的");
    }
    api_export_filter_add(x, "岗位", "Role",
                          f->role ? label(r, "staff_role", f->role) : NULL);
    api_export_filter_add(x, "学历", "Education",
                          f->education ? label(r, "education", f->education)
                                       : NULL);
    api_export_filter_add(
        x, "职业资格", "Certificate",
        f->certificate ? label(r, "certificate_level", f->certificate)
                       : NULL);
    api_export_filter_add(x, "状态", "Status",
                          f->status ? label(r, "staff_status", f->status)
                                    : NULL);
    if (f->q && *f->q) {
        api_export_filter_add(
            x, "查找", "Search",
            arena_printf(r->arena, en ? "\"%s\"" : "“%s”", f->q));
    }
    *out = api_export_filter_end(x);
    return true;
}

void api_staff_roster(struct req *r)
{
    struct staff_reader rd;
    struct staff_filter f;
    if (!reader_of(r, &rd) || !read_filter(r, &f)) {
        return;
    }
    f.limit = 200;
    /* The ledgers' limit: past it the roster is refused, not cut short. */
    size_t max_rows = (size_t)server_settings(r->srv).ledger_export_max_rows;
    const char **cells = NULL;
    size_t nrows = 0, cap = 0;
    int64_t total = 0;
    int rc;
    for (;;) {
        struct staff *items;
        size_t n;
        rc = staff_store_list(r->db, r->arena, &rd, &f, &items, &n, &total);
        if (rc != DB_OK || (size_t)total > max_rows) {
            break;
        }
        for (size_t i = 0; i < n; i++, nrows++) {
            if (nrows + 1 > cap) {
                size_t ncap = cap ? cap * 2 : 64;
                const char **more =
                    arena_alloc(r->arena, sizeof *more * ncap * R_COUNT);
                if (nrows) {
                    memcpy(more, cells, sizeof *more * nrows * R_COUNT);
                }
                cells = more;
                cap = ncap;
            }
            open_phone(r, &items[i]);
            roster_row(r, &items[i], nrows + 1, cells + nrows * R_COUNT);
        }
        if (n < (size_t)f.limit) {
            break;
        }
        f.offset += f.limit;
    }
    if (rc != DB_OK) {
        api_db_error(r, rc, "staff roster");
        return;
    }
    if ((size_t)total > max_rows) {
        api_export_too_many(r, max_rows);
        return;
    }
    const char *header[R_COUNT];
    double widths[R_COUNT];
    for (size_t c = 0; c < R_COUNT; c++) {
        header[c] = r->lang == LANG_EN ? roster_cols[c].en : roster_cols[c].zh;
        widths[c] = roster_cols[c].width;
    }
    const char *day = rd.today;
    struct export_filter ff;
    const char *filter;
    if (!roster_filter(r, &f, &ff, &filter)) {
        return;
    }
    /* Numbers a spreadsheet sums or averages: ages, wages. */
    static const bool numeric[R_COUNT] = {[R_NO] = true, [R_AGE] = true,
                                          [R_WAGE] = true};
    struct sheet s = {
        .title = arena_printf(r->arena, r->lang == LANG_EN
                                            ? "Staff roster (%s)"
                                            : "社工花名册（%s）",
                              day),
        .numeric = numeric,
        .subtitle = filter,
        .ncols = R_COUNT,
        .nrows = nrows,
        .header = header,
        .cells = cells,
        .widths = widths,
    };
    api_export_send_sheet(
        r, &s, "staff.export", "staff",
        arena_printf(r->arena, "{\"format\":\"xlsx\",\"rows\":%zu}", nrows),
        "staff roster", arena_printf(r->arena, "staff-roster-%s.xlsx", day),
        arena_printf(r->arena, "%s-%s.xlsx",
                     api_export_file_base(&ff, "社工花名册", "Staff roster"), day));
}

/* ---- assignments and trainings -------------------------------------- */

/* Days a record may be removed by its author (service.edit_days). */
static int64_t edit_days(struct req *r)
{
    return server_settings(r->srv).service_edit_days;
}

/* Whether the caller may remove a record she entered at created_at:
 * what the service checks, for the lists' buttons. */
static bool removable(struct req *r, int64_t created_by, int64_t created_at)
{
    return r->who && rule_author_may_remove(created_by, created_at,
                                            r->who->user_id, edit_days(r));
}

static void write_training(struct req *r, struct jsonw *w,
                           const struct staff_training *t)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", t->id);
    jsonw_kstr(w, "held_on", t->held_on);
    jsonw_kstr(w, "title", t->title);
    char hours[32];
    snprintf(hours, sizeof hours, "%lld%s", (long long)(t->minutes / 60),
             t->minutes % 60 ? ".5" : "");
    jsonw_key(w, "hours");
    jsonw_raw(w, hours);
    jsonw_kstr(w, "organiser", t->organiser ? t->organiser : "");
    jsonw_kint(w, "version", t->version);
    jsonw_kbool(w, "removable", removable(r, t->created_by, t->created_at));
    jsonw_obj_close(w);
}

void api_staff_assignments(struct req *r)
{
    struct staff_reader rd;
    struct staff s;
    if (!load_read(r, &rd, &s)) {
        return;
    }
    struct staff_assignment *as;
    size_t n;
    int rc = staff_store_assignments(r->db, r->arena, s.id, &as, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "staff assignments");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_kint(&w, "id", as[i].id);
        jsonw_kint(&w, "station_id", as[i].station_id);
        jsonw_kstr(&w, "station_name", as[i].station_name);
        jsonw_kstr(&w, "from_on", as[i].from_on);
        jsonw_kstr(&w, "to_on", as[i].to_on);
        jsonw_kbool(&w, "current", as[i].id == s.assignment_id);
        jsonw_obj_close(&w);
    }
    api_list_end(r, &sb, &w, (int64_t)n, 1, n > 200 ? (int)n : 200);
}

void api_staff_assign(struct req *r)
{
    struct staff_reader rd;
    struct staff s;
    if (!load_write(r, &rd, &s)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (staff_service_assign(&x, &s, json_integer_value(json_object_get(
                                         r->json, "station_id")),
                             api_body_str(r, "from_on"),
                             api_body_str(r, "to_on"), &id, &fail) != 0) {
        api_reply_fail(r, &fail, "staff assign");
        return;
    }
    server_identity_changed(r->srv);
    reply_staff(r, &rd, 201, s.id);
}

void api_staff_end_assignment(struct req *r)
{
    struct staff_reader rd;
    struct staff s;
    int64_t aid, version;
    if (!load_write(r, &rd, &s) ||
        !req_param_id(r, 1, "派驻记录", "assignment", &aid) ||
        !api_expected_version(r, &version)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (staff_service_end_assignment(&x, &s, aid, api_body_str(r, "to_on"),
                                     version, &fail) != 0) {
        api_reply_fail(r, &fail, "staff end assignment");
        return;
    }
    server_identity_changed(r->srv);
    reply_staff(r, &rd, 200, s.id);
}

void api_staff_trainings(struct req *r)
{
    struct staff_reader rd;
    struct staff s;
    if (!load_read(r, &rd, &s)) {
        return;
    }
    struct staff_training *t;
    size_t n;
    int rc = staff_store_trainings(r->db, r->arena, s.id, &t, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "staff trainings");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_training(r, &w, &t[i]);
    }
    api_list_end(r, &sb, &w, (int64_t)n, 1, n > 200 ? (int)n : 200);
}

/* The body's hours, in minutes, into *minutes when given; false after
 * a 400. */
static bool read_hours(struct req *r, int64_t *minutes)
{
    json_t *v = json_object_get(r->json, "hours");
    if (!v) {
        return true;
    }
    double hours = json_number_value(v);
    if (hours < 0.5 || hours * 2 != (double)(int64_t)(hours * 2)) {
        reply_error(r, 400, MSG_OUT_OF_RANGE, "hours",
                    "学时(0.5–500，以0.5学时为单位)",
                    "hours (0.5–500, in half hours)");
        return false;
    }
    *minutes = (int64_t)(hours * 2) * 30;
    return true;
}

static void reply_training(struct req *r, int status, int64_t staff_id,
                           int64_t id)
{
    struct staff_training t;
    int rc = staff_store_training(r->db, r->arena, staff_id, id, &t);
    if (rc != DB_ROW) {
        api_db_error(r, rc == DB_DONE ? DB_ERROR : rc, "training read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_training(r, &w, &t);
    reply_json(r, status, &sb);
}

void api_staff_add_training(struct req *r)
{
    struct staff_reader rd;
    struct staff s;
    if (!load_write(r, &rd, &s)) {
        return;
    }
    struct staff_training t = {
        .staff_id = s.id,
        .held_on = api_body_str(r, "held_on"),
        .title = api_body_str(r, "title"),
        .organiser = api_body_str(r, "organiser"),
    };
    if (!read_hours(r, &t.minutes)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (staff_service_add_training(&x, &t, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "staff training");
        return;
    }
    reply_training(r, 201, s.id, id);
}

/* The worker of the path (whom the caller manages) and her training of
 * the path; false after a reply. */
static bool load_training(struct req *r, struct staff *s,
                          struct staff_training *t, int64_t *version)
{
    struct staff_reader rd;
    int64_t tid;
    if (!load_write(r, &rd, s) ||
        !req_param_id(r, 1, "培训记录", "training", &tid) ||
        !api_expected_version(r, version)) {
        return false;
    }
    int rc = staff_store_training(r->db, r->arena, s->id, tid, t);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "培训记录", "training");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "training get");
        return false;
    }
    return true;
}

void api_staff_update_training(struct req *r)
{
    struct staff s;
    struct staff_training t;
    int64_t version;
    if (!load_training(r, &s, &t, &version)) {
        return;
    }
    take(r, "held_on", &t.held_on);
    take(r, "title", &t.title);
    take(r, "organiser", &t.organiser);
    if (!read_hours(r, &t.minutes)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (staff_service_update_training(&x, &t, version, &fail) != 0) {
        api_reply_fail(r, &fail, "training update");
        return;
    }
    reply_training(r, 200, s.id, t.id);
}

void api_staff_delete_training(struct req *r)
{
    struct staff s;
    struct staff_training t;
    int64_t version;
    if (!load_training(r, &s, &t, &version)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (staff_service_delete_training(&x, s.id, t.id, version, edit_days(r),
                                      &fail) != 0) {
        api_reply_fail(r, &fail, "training delete");
        return;
    }
    api_reply_ok(r);
}

/* ---- supervision sessions ------------------------------------------- */

static void write_session(struct req *r, struct jsonw *w,
                          const struct supervision *v)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", v->id);
    jsonw_kstr(w, "held_on", v->held_on);
    jsonw_kint(w, "supervisor_id", v->supervisor_id);
    jsonw_kstr(w, "supervisor_name", v->supervisor_name);
    api_kid(w, "station_id", v->station_id);
    jsonw_kstr(w, "station_name", v->station_name);
    jsonw_kstr(w, "topic", v->topic);
    jsonw_kstr(w, "content", v->content);
    jsonw_kstr(w, "minutes", v->minutes);
    jsonw_key(w, "attendees");
    jsonw_arr_open(w);
    for (size_t i = 0; i < v->n_attendees; i++) {
        jsonw_obj_open(w);
        jsonw_kint(w, "id", v->attendees[i]);
        jsonw_kstr(w, "name", v->attendee_names[i]);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_kint(w, "version", v->version);
    jsonw_kbool(w, "removable", removable(r, v->created_by, v->created_at));
    jsonw_obj_close(w);
}

/* The list's station, dates and page from the query; false after a
 * 400. */
static bool session_filter(struct req *r, struct supervision_filter *f,
                           int64_t *page)
{
    if (!req_query_id(r, "station_id", &f->station_id) ||
        !req_paging(r, 20, &f->limit, page)) {
        return false;
    }
    int y, m, d;
    f->from = req_query(r, "from");
    f->to = req_query(r, "to");
    if (f->from && *f->from && !parse_date(f->from, &y, &m, &d)) {
        reply_error(r, 400, MSG_BAD_DATE, "from", "起始日期", "from");
        return false;
    }
    if (f->to && *f->to && !parse_date(f->to, &y, &m, &d)) {
        reply_error(r, 400, MSG_BAD_DATE, "to", "截止日期", "to");
        return false;
    }
    f->offset = (*page - 1) * f->limit;
    return true;
}

static void reply_sessions(struct req *r, int rc,
                           const struct supervision *items, size_t n,
                           int64_t total, int64_t page, int limit)
{
    if (rc != DB_OK) {
        api_db_error(r, rc, "supervision list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_session(r, &w, &items[i]);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}

void api_supervision_list(struct req *r)
{
    struct staff_reader rd;
    struct supervision_filter f;
    memset(&f, 0, sizeof f);
    int64_t page;
    if (!reader_of(r, &rd) || !req_query_id(r, "staff_id", &f.staff_id) ||
        !session_filter(r, &f, &page)) {
        return;
    }
    struct supervision *items;
    size_t n;
    int64_t total;
    int rc = supervision_store_list(r->db, r->arena, &rd, &f, &items, &n,
                                    &total);
    reply_sessions(r, rc, items, n, total, page, f.limit);
}

void api_my_supervision(struct req *r)
{
    struct supervision_filter f;
    memset(&f, 0, sizeof f);
    int64_t page;
    if (!session_filter(r, &f, &page)) {
        return;
    }
    struct supervision *items;
    size_t n;
    int64_t total;
    int rc = supervision_store_list_own(r->db, r->arena, r->who->user_id, &f,
                                        &items, &n, &total);
    reply_sessions(r, rc, items, n, total, page, f.limit);
}

void api_my_trainings(struct req *r)
{
    struct staff_training *t;
    size_t n;
    int rc = staff_store_trainings_own(r->db, r->arena, r->who->user_id, &t,
                                       &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "my trainings");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_training(r, &w, &t[i]);
    }
    api_list_end(r, &sb, &w, (int64_t)n, 1, n > 200 ? (int)n : 200);
}

/* The body's fields over v (all of them on an entry, those given on a
 * correction). */
static void read_session_body(struct req *r, struct supervision *v)
{
    take(r, "held_on", &v->held_on);
    take(r, "topic", &v->topic);
    take(r, "content", &v->content);
    take(r, "minutes", &v->minutes);
    take_id(r, "supervisor_id", &v->supervisor_id);
    take_id(r, "station_id", &v->station_id);
    json_t *att = json_object_get(r->json, "attendees");
    if (att) {
        v->n_attendees = json_array_size(att);
        v->attendees = arena_alloc(r->arena, sizeof *v->attendees *
                                                 (v->n_attendees + 1));
        for (size_t i = 0; i < v->n_attendees; i++) {
            v->attendees[i] = json_integer_value(json_array_get(att, i));
        }
    }
}

static void reply_session(struct req *r, int status, int64_t id)
{
    struct supervision out;
    int rc = supervision_store_get(r->db, r->arena, id, &out);
    if (rc != DB_ROW) {
        api_db_error(r, rc == DB_DONE ? DB_ERROR : rc,
                     "supervision read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_session(r, &w, &out);
    reply_json(r, status, &sb);
}

void api_supervision_create(struct req *r)
{
    struct staff_reader rd;
    if (!reader_of(r, &rd)) {
        return;
    }
    struct supervision v;
    memset(&v, 0, sizeof v);
    read_session_body(r, &v);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (staff_service_add_supervision(&x, &rd, &v, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "supervision write");
        return;
    }
    reply_session(r, 201, id);
}

void api_supervision_update(struct req *r)
{
    struct staff_reader rd;
    int64_t id, version;
    if (!reader_of(r, &rd) ||
        !req_param_id(r, 0, "督导记录", "supervision record", &id) ||
        !api_expected_version(r, &version)) {
        return;
    }
    struct supervision v;
    int rc = supervision_store_get_in(r->db, r->arena, &rd, id, &v);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "督导记录",
                    "supervision record");
        return;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "supervision get");
        return;
    }
    read_session_body(r, &v);
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (staff_service_update_supervision(&x, &rd, &v, version, &fail) != 0) {
        api_reply_fail(r, &fail, "supervision update");
        return;
    }
    reply_session(r, 200, id);
}

void api_supervision_delete(struct req *r)
{
    struct staff_reader rd;
    int64_t id, version;
    if (!reader_of(r, &rd) ||
        !req_param_id(r, 0, "督导记录", "supervision record", &id) ||
        !api_expected_version(r, &version)) {
        return;
    }
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    if (staff_service_delete_supervision(&x, &rd, id, version, edit_days(r),
                                         &fail) != 0) {
        api_reply_fail(r, &fail, "supervision delete");
        return;
    }
    api_reply_ok(r);
}

/* ---- minimum wages -------------------------------------------------- */

static void write_wage(struct jsonw *w, const struct min_wage *m)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", m->id);
    jsonw_kstr(w, "region_code", m->region_code);
    jsonw_kstr(w, "region_name", m->region_name);
    jsonw_kstr(w, "effective_on", m->effective_on);
    jsonw_kint(w, "monthly_fen", m->monthly_fen);
    jsonw_kstr(w, "source", m->source);
    jsonw_obj_close(w);
}

void api_min_wages_list(struct req *r)
{
    const char *code = req_query(r, "region_code");
    if (code && *code && !is_county(code)) {
        reply_error(r, 400, MSG_BAD_REGION_CODE, "region_code", "县(区)",
                    "region_code");
        return;
    }
    int limit;
    int64_t page;
    if (!req_paging(r, 50, &limit, &page)) {
        return;
    }
    struct min_wage *items;
    size_t n;
    int64_t total;
    int rc = min_wage_store_list(r->db, r->arena, code, limit,
                                 (page - 1) * limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "min wage list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        write_wage(&w, &items[i]);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}

void api_min_wages_create(struct req *r)
{
    struct min_wage m = {
        .region_code = api_body_str(r, "region_code"),
        .effective_on = api_body_str(r, "effective_on"),
        .monthly_fen =
            json_integer_value(json_object_get(r->json, "monthly_fen")),
        .source = api_body_str(r, "source"),
    };
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (staff_service_add_min_wage(&x, &m, &id, &fail) != 0) {
        api_reply_fail(r, &fail, "min wage write");
        return;
    }
    struct min_wage out;
    int rc = min_wage_store_on(r->db, r->arena, m.region_code, m.effective_on,
                               &out);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "min wage read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    write_wage(&w, &out);
    reply_json(r, 201, &sb);
}
