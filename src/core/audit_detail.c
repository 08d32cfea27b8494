/* An audit row's detail in words (the operation log's page and its
 * export): its fields named as the row's record kind names them, coded
 * values by their lists' names, an edit as before → after. The labels
 * of actions, record kinds and the common fields are audit_labels.c's. */
#include "audit_detail.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/dictionary_store.h"
#include "../util/cn_time.h"
#include "../util/parse.h"
#include "../util/jsonw.h"
#include "../util/strbuf.h"
#include "audit_labels.h"
#include "dictionary.h"
#include "permission.h"
#include "profile.h"
#include "report_types.h"
#include "settings.h"

/* A service record's, as its revisions read them (RevisionList.vue). */
static const struct audit_label audit_service_fields[] = {
    {"type", "服务类型", "Type"},
    {"place", "服务地点", "Place"},
    {"title", "主题", "Subject"},
    {"content", "服务内容", "What was done"},
    {"outcome", "服务成效", "Outcome"},
    {"station_id", "所属站点", "Station"},
    {"case_id", "关联个案", "Case"},
    {"group_id", "关联小组", "Group"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_station_fields[] = {
    {"type", "站点类型", "Station type"},
    {"opened_on", "启用日期", "Opened on"},
    {NULL, NULL, NULL},
};

/* As the worker's form names them (web/src/i18n, staff.*). */
static const struct audit_label audit_staff_fields[] = {
    {"role", "岗位", "Post"},
    {"user_id", "关联账号", "Account"},
    {"station_id", "派驻站点", "Station"},
    {"name", "姓名", "Name"},
    {"sex", "性别", "Sex"},
    {"birth_date", "出生日期", "Birth date"},
    {"organisation_id", "聘用机构", "Employer"},
    {"employer_region", "聘用乡镇(街道)", "Employing township"},
    {"labour_from", "劳动合同起始", "Labour contract from"},
    {"labour_to", "劳动合同终止", "Labour contract to"},
    {"major", "所学专业", "Major"},
    {"certified_on", "取证日期", "Certified on"},
    {"hukou_local", "本地户籍", "Local hukou"},
    {"hired_on", "入职日期", "Hired on"},
    {"wage_fen", "月工资（元）", "Monthly wage (yuan)"},
    {"left_on", "离职日期", "Left on"},
    {"left_reason", "离职原因", "Reason for leaving"},
    {NULL, NULL, NULL},
};

/* As the organisation's form names them (web/src/i18n, org.*). */
static const struct audit_label audit_organisation_fields[] = {
    {"name", "机构名称", "Name"},
    {"legal_rep", "法定代表人", "Legal representative"},
    {"registered_on", "登记日期", "Registered on"},
    {"rated_on", "评估日期", "Rated on"},
    {"party_org", "建立党组织", "Party organisation"},
    {"supervisor_quals", "督导资质", "Supervisor qualifications"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_budget_line_fields[] = {
    {"title", "预算名称", "Budget line"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_user_fields[] = {
    {"stations", "指定站点", "Listed stations"},
    {"reason", "原因", "Reason"},
    {NULL, NULL, NULL},
};

/* A household's members (household_service.c): a member's name is her
 * 姓名, not the household's 户名. */
static const struct audit_label audit_household_member_fields[] = {
    {"name", "姓名", "Name"},
    {NULL, NULL, NULL},
};

/* A member who left another household for this one. */
static const struct audit_label audit_moved_in_fields[] = {
    {"name", "姓名", "Name"},
    {"household_id", "原家庭编号", "Former household's number"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_household_fields[] = {
    {"name", "户名", "Household name"},
    {"relation", "与户主关系", "Relation to the head"},
    {"reason", "原因", "Reason"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_contract_fields[] = {
    {"code", "协议编号", "Contract code"},
    {"stations", "站点及金额", "Stations and amounts"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_evaluation_indicator_fields[] = {
    {"name", "指标名称", "Indicator"},
    {NULL, NULL, NULL},
};

/* The home-visit form's (入户走访记录表, api_services.c visit_fields):
 * its own members and its parts'. */
static const struct audit_label audit_visit_fields[] = {
    {"purpose", "走访目的", "Purpose"},
    {"met", "见到的人", "Met"},
    {"living_conditions", "生活状况", "Living conditions"},
    {"housing", "住房情况", "Housing"},
    {"needs", "发现的需求", "Needs found"},
    {"survey", "家计调查", "Means survey"},
    {NULL, NULL, NULL},
};

/* The crisis form's (危机介入记录, api_services.c crisis_fields). */
static const struct audit_label audit_crisis_fields[] = {
    {"kind", "危机类型", "Crisis type"},
    {"risk_level", "风险等级", "Risk level"},
    {"measures", "处置措施", "Measures taken"},
    {"notified", "联动单位", "Partners notified"},
    {"notified_other", "其他联动单位", "Other partner"},
    {"result", "处置结果", "Result"},
    {"follow_up", "后续跟进安排", "Follow-up"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_survey_fields[] = {
    {"household_size", "共同生活人数", "Household size"},
    {"incomes", "家庭收入", "Incomes"},
    {"assets", "家庭财产", "Assets"},
    {"expenses", "刚性支出", "Necessary expenses"},
    {"housing", "住房情况", "Housing"},
    {"members", "家庭成员情况", "Members"},
    {"hardships", "困难类型及程度", "Hardships"},
    {"conclusion", "核查结论", "Conclusion"},
    {"conclusion_note", "结论说明", "Note on the conclusion"},
    {NULL, NULL, NULL},
};

/* A surveyed member's (api_services.c member_fields): a household's
 * members are named by the household's own labels first. */
static const struct audit_label audit_survey_member_fields[] = {
    {"health", "身体状况", "Health"},
    {"work", "就业状况", "Work"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_hardship_fields[] = {
    {"kind", "困难类型", "Hardship"},
    {"degree", "困难程度", "Degree"},
    {"note", "困难说明", "Details"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_income_fields[] = {
    {"member", "家庭成员", "Member"},
    {"source", "收入来源", "Source"},
    {"yearly", "年收入（元）", "Yearly (yuan)"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_asset_fields[] = {
    {"kind", "财产类型", "Kind"},
    {"description", "财产说明", "Description"},
    {"value", "价值（元）", "Value (yuan)"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_expense_fields[] = {
    {"kind", "支出类型", "Kind"},
    {"yearly", "年支出（元）", "Yearly (yuan)"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_housing_fields[] = {
    {"type", "住房类型", "Housing type"},
    {"area_m2", "住房面积(平方米)", "Area (m²)"},
    {"condition", "住房状况", "Condition"},
    {NULL, NULL, NULL},
};

/* Where a field is named its own way: a record kind's fields (scope its
 * entity), or the members of an object or list held in a field (scope
 * "." and that field). */
static const struct {
    const char *scope;
    const struct audit_label *fields;
} scoped_fields[] = {
    {"client", audit_client_fields},
    {"service", audit_service_fields},
    {"station", audit_station_fields},
    {"staff", audit_staff_fields},
    {"organisation", audit_organisation_fields},
    {"budget_line", audit_budget_line_fields},
    {"user", audit_user_fields},
    {"household", audit_household_fields},
    {"contract", audit_contract_fields},
    {"evaluation_indicator", audit_evaluation_indicator_fields},
    {".visit", audit_visit_fields},
    {".crisis", audit_crisis_fields},
    {".survey", audit_survey_fields},
    {".incomes", audit_income_fields},
    {".assets", audit_asset_fields},
    {".expenses", audit_expense_fields},
    {".housing", audit_housing_fields},
    {".members", audit_survey_member_fields},
    {".hardships", audit_hardship_fields},
    {".members", audit_household_member_fields},
    {".moved_in", audit_moved_in_fields},
};

/* The columns an export offers, by code (the "columns" of its row): as
 * the export's own catalogue names them (api_client_export.c … cols;
 * tests/api/audit_catalogue.test.mjs keeps the two the same). */
static const struct audit_label audit_client_columns[] = {
    {"name", "姓名", "Name"},
    {"id_number", "身份证号", "ID number"},
    {"sex", "性别", "Sex"},
    {"birth_date", "出生日期", "Birth date"},
    {"age", "年龄", "Age"},
    {"ethnicity", "民族", "Ethnicity"},
    {"phone", "联系电话", "Phone"},
    {"station", "所属站点", "Station"},
    {"village", "村(社区)", "Village"},
    {"address", "现居住地址", "Address"},
    {"hukou_address", "户籍地址", "Registered address"},
    {"categories", "对象类别", "Categories"},
    {"self_care", "自理能力", "Self-care"},
    {"living", "居住状况", "Living"},
    {"risk_level", "风险等级", "Risk"},
    {"worker", "责任社工", "Worker"},
    {"dibao_cert", "低保证号", "Dibao certificate"},
    {"tekun_cert", "特困供养证号", "Tekun certificate"},
    {"status", "状态", "Status"},
    {"status_reason", "状态原因", "Status reason"},
    {"status_on", "状态变更日期", "Status since"},
    {"tags", "标签", "Tags"},
    {"notes", "备注", "Notes"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_service_columns[] = {
    {"id", "记录编号", "Record"},
    {"service_day", "服务日期", "Date"},
    {"time", "起止时间", "Time"},
    {"type", "服务类型", "Type"},
    {"minutes", "时长(分钟)", "Minutes"},
    {"station", "所属站点", "Station"},
    {"clients", "服务对象", "Clients"},
    {"extra_attendees", "其他参与人数", "Other attendees"},
    {"workers", "服务社工", "Workers"},
    {"area", "服务领域", "Area"},
    {"place", "服务地点", "Place"},
    {"title", "主题", "Title"},
    {"content", "服务内容", "Content"},
    {"outcome", "服务成效", "Outcome"},
    {"satisfaction", "满意度", "Satisfaction"},
    {"visit_purpose", "走访目的", "Visit purpose"},
    {"per_capita_income", "家庭人均月收入(元)",                     "Income per head a month (yuan)"},
    {"resource_kind", "链接资源类型", "Resource kind"},
    {"resource_value", "资源价值(元)",                             "Resource value (yuan)"},
    {"resource_source", "资源来源", "Resource source"},
    {"partners", "合作单位", "Partners"},
    {"case_id", "个案编号", "Case"},
    {"group_id", "小组编号", "Group"},
    {"created_at", "登记时间", "Recorded"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_case_columns[] = {
    {"id", "个案编号", "Case"},
    {"client", "服务对象", "Client"},
    {"station", "所属站点", "Station"},
    {"worker", "负责社工", "Worker"},
    {"stage", "当前阶段", "Stage"},
    {"pending", "待督导审批", "Awaiting approval"},
    {"source", "个案来源", "Source"},
    {"risk_level", "风险等级", "Risk"},
    {"problem", "主要问题", "Problem"},
    {"opened_on", "开案日期", "Opened"},
    {"review_on", "计划回顾日期", "Plan review"},
    {"services", "服务次数", "Service records"},
    {"minutes", "服务时长(分钟)", "Minutes"},
    {"closed_on", "结案日期", "Closed"},
    {"closure_reason", "结案原因", "Closure reason"},
    {"closure_summary", "结案小结", "Closure summary"},
    {"reopened", "重新开案次数", "Times reopened"},
    {NULL, NULL, NULL},
};

static const struct audit_label audit_group_columns[] = {
    {"id", "小组编号", "Group"},
    {"name", "小组名称", "Name"},
    {"station", "所属站点", "Station"},
    {"area", "服务领域", "Area"},
    {"target", "服务对象群体", "Target group"},
    {"workers", "带组社工", "Workers"},
    {"members", "组员", "Members"},
    {"n_members", "组员数", "Members (number)"},
    {"planned_sessions", "计划节数", "Sessions planned"},
    {"sessions", "已开展节数", "Sessions held"},
    {"attendance", "出席人次", "Attendance"},
    {"extra_attendance", "其他参加人次", "Other attendees"},
    {"minutes", "活动时长(分钟)", "Minutes"},
    {"starts_on", "开始日期", "Starts"},
    {"ends_on", "计划结束日期", "Ends"},
    {"status", "状态", "Status"},
    {"attainment", "目标达成", "Goals"},
    {"closed_on", "结束日期", "Closed"},
    {NULL, NULL, NULL},
};

/* Codes with no list of their own elsewhere: a group's state (the UI's
 * group.statusActive …), why a change was made when the server made it,
 * and which of a client's pages was read. */
static const struct audit_label group_statuses[] = {
    {"active", "进行中", "Running"},
    {"closed", "已结束", "Closed"},
    {NULL, NULL, NULL},
};

static const struct audit_label reasons[] = {
    {"client_moved", "服务对象随个案移交", "Client moved with her case"},
    {"client_merged", "重复记录合并", "Duplicate records merged"},
    {"member_moved", "成员迁入其他家庭", "A member moved to another household"},
    {"staff_assignment", "社工派驻", "Worker's assignment"},
    {"password_rules", "新密码不符合密码规则", "The new password breaks the rules"},
    {"password_reused", "新密码与近期用过的密码相同",
     "The new password was used recently"},
    {NULL, NULL, NULL},
};

static const struct audit_label views[] = {
    {"timeline", "服务时间线", "Service timeline"},
    {"history", "变更历史", "History of changes"},
    {NULL, NULL, NULL},
};

/* An export's file, and where a dictionary item came from. */
static const struct audit_label formats[] = {
    {"xlsx", "Excel工作簿(.xlsx)", "Excel workbook (.xlsx)"},
    {"csv", "CSV", "CSV"},
    {NULL, NULL, NULL},
};

static const struct audit_label item_sources[] = {
    {"profile", "政策配置", "Policy profile"},
    {"custom", "自定义", "Custom"},
    {NULL, NULL, NULL},
};

/* Where a code's name comes from. */
enum code_source {
    FIXED,        /* a fixed list of dictionary.c, by kind */
    LOCAL,        /* a table of this file */
    KEPT,         /* a list kept in the database, by kind (audit_names) */
    ROLE,         /* a user's role (role_infos) */
    REPORT_TYPE,  /* report_types */
    REPORT_STATUS,
    STATION_TYPE, /* the profile's */
    ENTITY,       /* a record kind (audit_entities) */
};

/* The fields that hold a code, by scope as scoped_fields (NULL: any
 * record), and the list that names it. */
static const struct {
    const char *scope, *field;
    enum code_source source;
    const char *kind;
    const struct audit_label *local;
} coded[] = {
    {"client", "sex", FIXED, "sex", NULL},
    {"client", "ethnicity", FIXED, "ethnicity", NULL},
    {"client", "status", FIXED, "client_status", NULL},
    {"client", "risk_level", FIXED, "risk_level", NULL},
    {"client", "self_care", FIXED, "self_care", NULL},
    {"client", "living", FIXED, "living", NULL},
    {"client", "lawful_basis", FIXED, "lawful_basis", NULL},
    {"client", "consent_method", FIXED, "consent_method", NULL},
    {"client", "statutory_duty", FIXED, "statutory_duty", NULL},
    {"client", "view", LOCAL, NULL, views},
    {"client", "columns", LOCAL, NULL, audit_client_columns},
    {"service", "columns", LOCAL, NULL, audit_service_columns},
    {"case", "columns", LOCAL, NULL, audit_case_columns},
    {"group", "columns", LOCAL, NULL, audit_group_columns},
    {"user", "status", FIXED, "user_status", NULL},
    {"station", "status", FIXED, "station_status", NULL},
    {"station", "type", STATION_TYPE, NULL, NULL},
    {"organisation", "status", FIXED, "org_status", NULL},
    {"organisation", "rating", FIXED, "org_rating", NULL},
    {"contract", "status", FIXED, "contract_status", NULL},
    {"contract", "procurement", FIXED, "procurement", NULL},
    {"staff", "role", FIXED, "staff_role", NULL},
    {"staff", "sex", FIXED, "sex", NULL},
    {"staff", "status", FIXED, "staff_status", NULL},
    {"staff", "education", FIXED, "education", NULL},
    {"staff", "certificate_level", FIXED, "certificate_level", NULL},
    {"group", "status", LOCAL, NULL, group_statuses},
    {"report", "status", REPORT_STATUS, NULL, NULL},
    {"station_plan", "status", FIXED, "plan_status", NULL},
    {"work_plan", "status", FIXED, "plan_status", NULL},
    {"work_plan", "kind", FIXED, "work_plan_kind", NULL},
    {"filing", "kind", FIXED, "filing_kind", NULL},
    {"payment", "status", FIXED, "payment_status", NULL},
    {"payment", "trigger", FIXED, "payment_trigger", NULL},
    {"evaluation", "kind", FIXED, "evaluation_kind", NULL},
    {"evaluation", "grade", FIXED, "evaluation_grade", NULL},
    {"acceptance", "result", FIXED, "acceptance_result", NULL},
    {"expenditure", "category", FIXED, "expense_category", NULL},
    {"budget_line", "source", FIXED, "fund_source", NULL},
    {"allocation", "source", FIXED, "fund_source", NULL},
    {"service", "type", FIXED, "service_type", NULL},
    {"service", "area", KEPT, "service_area", NULL},
    {".targets", "service_type", FIXED, "service_type", NULL},
    {".targets", "area", KEPT, "service_area", NULL},
    {".areas", "area", KEPT, "service_area", NULL},
    {".members", "relation", FIXED, "household_relation", NULL},
    {".visit", "purpose", FIXED, "visit_purpose", NULL},
    {".crisis", "kind", FIXED, "crisis_kind", NULL},
    {".crisis", "risk_level", FIXED, "risk_level", NULL},
    {".crisis", "notified", FIXED, "crisis_partner", NULL},
    {".crisis", "result", FIXED, "crisis_result", NULL},
    {".survey", "conclusion", FIXED, "visit_conclusion", NULL},
    {".incomes", "source", FIXED, "income_source", NULL},
    {".assets", "kind", FIXED, "asset_kind", NULL},
    {".expenses", "kind", FIXED, "expense_kind", NULL},
    {".housing", "type", FIXED, "housing_type", NULL},
    {".housing", "condition", FIXED, "housing_condition", NULL},
    {".members", "health", FIXED, "member_health", NULL},
    {".members", "work", FIXED, "member_work", NULL},
    {".hardships", "kind", FIXED, "hardship_kind", NULL},
    {".hardships", "degree", FIXED, "hardship_degree", NULL},
    {NULL, "satisfaction", FIXED, "satisfaction", NULL},
    {NULL, "resource_kind", FIXED, "resource_kind", NULL},
    {NULL, "data_range", FIXED, "data_range", NULL},
    {NULL, "stage", FIXED, "case_stage", NULL},
    {NULL, "step", FIXED, "case_event", NULL},
    {NULL, "role", ROLE, NULL, NULL},
    {NULL, "roles", ROLE, NULL, NULL},
    {NULL, "type", REPORT_TYPE, NULL, NULL},
    {NULL, "reason", LOCAL, NULL, reasons},
    {NULL, "owner_kind", ENTITY, NULL, NULL},
    {NULL, "format", LOCAL, NULL, formats},
    {"dictionary", "source", LOCAL, NULL, item_sources},
};

/* Amounts kept in fen that are not named so. */
static const struct {
    const char *scope, *field;
} fen_fields[] = {
    {NULL, "resource_value"},
    {".incomes", "yearly"},
    {".expenses", "yearly"},
    {".assets", "value"},
};

/* Where a value is read: its row's record kind, and the field whose
 * object or list holds it (NULL at the top). */
struct detail_ctx {
    struct strbuf *sb;
    const struct audit_names *names;
    const char *entity, *entity_id, *parent;
    bool en;
    struct jsonw *lines; /* the lines as JSON instead (the page's) */
};

/* How closely scope fits where the value is: 3 its field's scope, 2 its
 * record's, 1 any record's, 0 not at all. */
static int scope_fit(const struct detail_ctx *c, const char *scope)
{
    if (!scope) {
        return 1;
    }
    if (scope[0] == '.') {
        return c->parent && strcmp(scope + 1, c->parent) == 0 ? 3 : 0;
    }
    return !c->parent && c->entity && strcmp(scope, c->entity) == 0 ? 2 : 0;
}

static const char *field_name(const struct detail_ctx *c, const char *key)
{
    const struct audit_label *best = NULL;
    int fit = 0;
    for (size_t i = 0; i < sizeof scoped_fields / sizeof scoped_fields[0];
         i++) {
        int f = scope_fit(c, scoped_fields[i].scope);
        /* A record kind's names are its top fields', and its lists'
         * members' (a household's members' relation). */
        if (!f && c->parent && scoped_fields[i].scope[0] != '.' &&
            c->entity && strcmp(scoped_fields[i].scope, c->entity) == 0) {
            f = 2;
        }
        for (const struct audit_label *t = scoped_fields[i].fields;
             f > fit && t->code; t++) {
            if (strcmp(t->code, key) == 0) {
                best = t;
                fit = f;
            }
        }
    }
    if (best) {
        return c->en ? best->en : best->zh;
    }
    if (!strcmp(c->parent ? c->parent : "", "facilities") &&
        c->names && c->names->profile) {
        const struct facility *f = profile_facility(c->names->profile, key);
        if (f) {
            return c->en ? f->label_en : f->label;
        }
    }
    return audit_label(audit_fields, key, c->en);
}

static const char *kept_label(const struct detail_ctx *c, const char *kind,
                              const char *code)
{
    for (size_t i = 0; c->names && i < c->names->n_items; i++) {
        const struct dictionary_item *it = &c->names->items[i];
        if (strcmp(it->kind, kind) == 0 && strcmp(it->code, code) == 0) {
            return c->en && it->label_en && *it->label_en ? it->label_en
                                                          : it->label;
        }
    }
    return NULL;
}

/* The name of a code held in key, by the best fitting list; NULL when
 * no list names it. */
static const char *code_name(const struct detail_ctx *c, const char *key,
                             const char *code)
{
    int best = -1, fit = 0;
    for (size_t i = 0; key && i < sizeof coded / sizeof coded[0]; i++) {
        int f = strcmp(coded[i].field, key) == 0
                    ? scope_fit(c, coded[i].scope)
                    : 0;
        if (f > fit) {
            best = (int)i;
            fit = f;
        }
    }
    if (best < 0) {
        return NULL;
    }
    bool en = c->en;
    switch (coded[best].source) {
    case FIXED: {
        const struct fixed_item *it =
            dictionary_fixed_item(coded[best].kind, code);
        return it ? (en ? it->label_en : it->label) : NULL;
    }
    case LOCAL: {
        const char *l = audit_label(coded[best].local, code, en);
        return l != code ? l : NULL;
    }
    case KEPT:
        return kept_label(c, coded[best].kind, code);
    case ROLE: {
        int role = role_from_code(code);
        return role < 0 ? NULL
                        : (en ? role_infos[role].label_en
                              : role_infos[role].label);
    }
    case REPORT_TYPE: {
        int t = report_type_from_code(code);
        const struct profile *p = c->names ? c->names->profile : NULL;
        return t < 0 ? NULL : report_type_label(p ? &p->reports : NULL, t, en);
    }
    case REPORT_STATUS: {
        const char *s = report_status_label(code, en);
        return s != code ? s : NULL;
    }
    case STATION_TYPE: {
        const struct station_type *t =
            c->names && c->names->profile
                ? profile_station_type(c->names->profile, code)
                : NULL;
        return t ? (en ? t->label_en : t->label) : NULL;
    }
    case ENTITY: {
        const char *e = audit_label(audit_entities, code, en);
        return e != code ? e : NULL;
    }
    }
    return NULL;
}

static bool is_fen(const struct detail_ctx *c, const char *key)
{
    size_t klen = key ? strlen(key) : 0;
    if (klen > 4 && strcmp(key + klen - 4, "_fen") == 0) {
        return true;
    }
    for (size_t i = 0; key && i < sizeof fen_fields / sizeof fen_fields[0];
         i++) {
        if (strcmp(fen_fields[i].field, key) == 0 &&
            scope_fit(c, fen_fields[i].scope)) {
            return true;
        }
    }
    return false;
}

static void add_value(const struct detail_ctx *c, const char *key, json_t *v);

/* A client's category, [code, from, to] (client_service.c
 * write_audit_json), as her history reads it: 低保（2024-01-01 起）. */
static void add_category(const struct detail_ctx *c, json_t *v)
{
    const char *code = json_string_value(json_array_get(v, 0));
    const char *from = json_string_value(json_array_get(v, 1));
    const char *to = json_string_value(json_array_get(v, 2));
    const char *name = code ? kept_label(c, "client_category", code) : NULL;
    strbuf_adds(c->sb, name ? name : code ? code : "—");
    if (to && *to) {
        strbuf_printf(c->sb, c->en ? " (%s to %s)" : "（%s 至 %s）",
                      from ? from : "", to);
    } else {
        strbuf_printf(c->sb, c->en ? " (from %s)" : "（%s 起）",
                      from ? from : "");
    }
}

/* A guardian, [name, relation, phone]: 李梅（母亲） 139****9000. */
static void add_guardian(const struct detail_ctx *c, json_t *v)
{
    const char *name = json_string_value(json_array_get(v, 0));
    const char *rel = json_string_value(json_array_get(v, 1));
    const char *phone = json_string_value(json_array_get(v, 2));
    strbuf_adds(c->sb, name ? name : "");
    if (rel && *rel) {
        strbuf_printf(c->sb, c->en ? " (%s)" : "（%s）",
                      dictionary_fixed_label("guardian_relation", rel, c->en));
    }
    if (phone && *phone) {
        strbuf_printf(c->sb, " %s", phone);
    }
}

static void add_array(const struct detail_ctx *c, const char *key, json_t *v)
{
    if (json_array_size(v) == 0) {
        strbuf_adds(c->sb, "—");
        return;
    }
    bool client = c->entity && strcmp(c->entity, "client") == 0 &&
                  !c->parent;
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        if (i > 0) {
            strbuf_adds(c->sb, c->en ? ", " : "、");
        }
        if (client && json_is_array(x) && strcmp(key, "categories") == 0) {
            add_category(c, x);
        } else if (client && json_is_array(x) &&
                   strcmp(key, "guardians") == 0) {
            add_guardian(c, x);
        } else {
            add_value(c, key, x);
        }
    }
}

/* An object held in key (a contract's station, a visit form's survey):
 * its members named as fields of key, in brackets. */
static void add_object(const struct detail_ctx *c, const char *key,
                       json_t *v)
{
    struct detail_ctx in = *c;
    in.parent = key;
    if (json_object_size(v) == 0) {
        strbuf_adds(c->sb, "—");
        return;
    }
    strbuf_adds(c->sb, c->en ? "(" : "（");
    const char *k;
    json_t *x;
    bool first = true;
    json_object_foreach(v, k, x)
    {
        strbuf_adds(c->sb, first ? "" : c->en ? ", " : "，");
        strbuf_printf(c->sb, "%s%s", field_name(&in, k), c->en ? ": " : "：");
        add_value(&in, k, x);
        first = false;
    }
    strbuf_adds(c->sb, c->en ? ")" : "）");
}

/* A time kept as Unix seconds (a service's start and end), Beijing
 * time to the minute. */
static bool is_instant(const char *key)
{
    return key && (strcmp(key, "started_at") == 0 ||
                   strcmp(key, "ended_at") == 0);
}

/* One value as people read it: money in yuan, codes by their lists'
 * names, yes/no, "—" for nothing, objects by their members' names. */
static void add_value(const struct detail_ctx *c, const char *key, json_t *v)
{
    struct strbuf *sb = c->sb;
    bool en = c->en;
    if (json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) {
        strbuf_adds(sb, "—");
    } else if (json_is_string(v) && key &&
               (strcmp(key, "visit") == 0 || strcmp(key, "crisis") == 0) &&
               json_string_value(v)[0] == '{') {
        /* A service's forms are kept as the text of their JSON. */
        json_t *form = json_loads(json_string_value(v), 0, NULL);
        if (json_is_object(form)) {
            add_object(c, key, form);
        } else {
            strbuf_adds(sb, json_string_value(v));
        }
        json_decref(form);
    } else if (json_is_string(v)) {
        const char *name = code_name(c, key, json_string_value(v));
        strbuf_adds(sb, name ? name : json_string_value(v));
    } else if (json_is_integer(v) && is_fen(c, key)) {
        long long f = (long long)json_integer_value(v);
        strbuf_printf(sb, "%s%lld.%02lld", f < 0 ? "-" : "",
                      (f < 0 ? -f : f) / 100, (f < 0 ? -f : f) % 100);
    } else if (json_is_integer(v) && is_instant(key) &&
               json_integer_value(v) > 0) {
        char t[32];
        cn_iso8601((int64_t)json_integer_value(v), t);
        t[10] = ' ';
        t[16] = 0;
        strbuf_adds(sb, t);
    } else if (json_is_integer(v)) {
        strbuf_printf(sb, "%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        strbuf_printf(sb, "%g", json_real_value(v));
    } else if (json_is_boolean(v)) {
        strbuf_adds(sb, json_is_true(v) ? (en ? "yes" : "是")
                                        : (en ? "no" : "否"));
    } else if (json_is_array(v) && key) {
        add_array(c, key, v);
    } else if (json_is_object(v) && key) {
        add_object(c, key, v);
    } else {
        char *s = json_dumps(v, JSON_COMPACT);
        strbuf_adds(sb, s ? s : "");
        free(s);
    }
}

static void add_sep(const struct detail_ctx *c)
{
    if (c->sb->len) {
        strbuf_adds(c->sb, c->en ? "; " : "；");
    }
}

/* "from" and "to" are a change's two ends (原 → 新) but an export's
 * days: a day is labelled as one. */
static const char *field_label(const struct detail_ctx *c, const char *key,
                               json_t *v)
{
    const char *s = json_string_value(v);
    int y, m, d;
    if (s && parse_date(s, &y, &m, &d)) {
        if (strcmp(key, "from") == 0) {
            return c->en ? "From" : "开始日期";
        }
        if (strcmp(key, "to") == 0) {
            return c->en ? "To" : "结束日期";
        }
    }
    return field_name(c, key);
}

/* One value as its text, for a line of the page's. */
static void value_member(const struct detail_ctx *c, const char *name,
                         const char *key, json_t *v)
{
    struct strbuf sb;
    strbuf_init(&sb);
    struct detail_ctx in = *c;
    in.sb = &sb;
    add_value(&in, key, v);
    jsonw_key(c->lines, name);
    jsonw_strn(c->lines, sb.buf ? sb.buf : "", sb.len);
    strbuf_free(&sb);
}

/* A line of the page's: {"field", "label", "before" (an edit's), "after"}. */
static void json_line(const struct detail_ctx *c, const char *key,
                      const char *label, json_t *before, json_t *after,
                      const char *said)
{
    jsonw_obj_open(c->lines);
    jsonw_kstr(c->lines, "field", key);
    jsonw_kstr(c->lines, "label", label);
    if (before) {
        value_member(c, "before", key, before);
    }
    if (said) {
        jsonw_kstr(c->lines, "after", said);
    } else {
        value_member(c, "after", key, after);
    }
    jsonw_obj_close(c->lines);
}

static void add_line(const struct detail_ctx *c, const char *key,
                     json_t *before, json_t *after)
{
    if (c->lines) {
        json_line(c, key, field_label(c, key, after), before, after, NULL);
        return;
    }
    add_sep(c);
    strbuf_adds(c->sb, field_label(c, key, after));
    strbuf_adds(c->sb, c->en ? ": " : "：");
    if (before) {
        add_value(c, key, before);
        strbuf_adds(c->sb, " → ");
    }
    add_value(c, key, after);
}

/* An edit: the fields whose values differ, then the free-text ones the
 * log only says changed (changed_text: their text is not kept). */
static void add_changes(const struct detail_ctx *c, json_t *before,
                        json_t *after, json_t *changed_text)
{
    const char *k;
    json_t *v;
    json_object_foreach(before, k, v)
    {
        json_t *n = json_object_get(after, k);
        if (!json_equal(v, n ? n : json_null())) {
            add_line(c, k, v, n ? n : json_null());
        }
    }
    json_object_foreach(after, k, v)
    {
        if (!json_object_get(before, k) && !json_is_null(v)) {
            add_line(c, k, json_null(), v);
        }
    }
    size_t i;
    json_array_foreach(changed_text, i, v)
    {
        if (json_is_string(v) &&
            !json_object_get(after, json_string_value(v))) {
            if (c->lines) {
                json_line(c, json_string_value(v),
                          field_name(c, json_string_value(v)), NULL, NULL,
                          c->en ? "changed (the text is not logged)"
                                : "已修改（内容不记入日志）");
                continue;
            }
            add_sep(c);
            strbuf_printf(c->sb, "%s%s%s",
                          field_name(c, json_string_value(v)),
                          c->en ? ": " : "：",
                          c->en ? "changed (the text is not logged)"
                                : "已修改（内容不记入日志）");
        }
    }
}

/* The members of a detail other than skip's. */
static void add_members(const struct detail_ctx *c, json_t *d,
                        const char *skip)
{
    const char *k;
    json_t *v;
    json_object_foreach(d, k, v)
    {
        if (!skip || strcmp(k, skip) != 0) {
            add_line(c, k, NULL, v);
        }
    }
}

/* The detail d (an object) through c: as text into c->sb, or as lines
 * into c->lines. */
static void add_detail(const struct detail_ctx *c, json_t *d)
{
    struct strbuf *sb = c->sb;
    json_t *before = json_object_get(d, "before");
    json_t *after = json_object_get(d, "after");
    if (before && after && !json_is_object(before) && !json_is_object(after)) {
        /* A setting's value, named as the setting is: "值" says nothing
         * of what was changed. */
        const struct setting_def *set =
            c->entity && strcmp(c->entity, "setting") == 0 && c->entity_id
                ? setting_find(c->entity_id)
                : NULL;
        const char *label = set ? (c->en ? set->label_en : set->label)
                                : field_name(c, "value");
        /* A day setting's null is none set, said as the settings page
         * says it (未设), and its member is the API's "date". */
        bool day = set && set->date;
        json_t *none = day ? json_string(c->en ? "None" : "未设") : NULL;
        if (day && json_is_null(before)) {
            before = none;
        }
        if (day && json_is_null(after)) {
            after = none;
        }
        if (c->lines) {
            json_line(c, day ? "date" : "value", label, before, after, NULL);
        } else {
            if (set) {
                strbuf_printf(sb, "%s%s", label, c->en ? ": " : "：");
            }
            add_value(c, NULL, before);
            strbuf_adds(sb, " → ");
            add_value(c, NULL, after);
        }
        json_decref(none);
    } else if (json_is_object(before) && json_is_object(after)) {
        add_changes(c, before, after, json_object_get(d, "changed_text"));
        if (!c->lines && !sb->len) {
            strbuf_adds(sb, c->en ? "no field changed" : "无字段变化");
        }
        /* What the change says of itself: its reason, the file an
         * import read (import_sha256) … */
        const char *k;
        json_t *v;
        json_object_foreach(d, k, v)
        {
            if (strcmp(k, "before") != 0 && strcmp(k, "after") != 0 &&
                strcmp(k, "changed_text") != 0) {
                add_line(c, k, NULL, v);
            }
        }
    } else if (json_is_object(after)) {
        add_members(c, after, NULL);
        add_members(c, d, "after");
    } else if (json_is_object(before)) {
        /* A removal keeps the record as it was: its fields, then what
         * the removal says of itself (the training's id). */
        add_members(c, before, NULL);
        add_members(c, d, "before");
    } else {
        add_members(c, d, NULL);
    }
}

const char *audit_detail_text(struct arena *a,
                              const struct audit_names *names,
                              const char *entity, const char *entity_id,
                              const char *detail, bool en)
{
    if (!detail || detail[0] != '{') {
        return detail;
    }
    json_t *d = json_loads(detail, 0, NULL);
    if (!json_is_object(d)) {
        json_decref(d);
        return detail;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    struct detail_ctx c = {.sb = &sb,
                           .names = names,
                           .entity = entity,
                           .entity_id = entity_id,
                           .en = en};
    add_detail(&c, d);
    json_decref(d);
    const char *out = arena_strndup(a, sb.buf ? sb.buf : "", sb.len);
    strbuf_free(&sb);
    return out;
}

void audit_detail_lines(struct jsonw *w, const struct audit_names *names,
                        const char *entity, const char *entity_id,
                        const char *detail, bool en)
{
    json_t *d = detail && detail[0] == '{' ? json_loads(detail, 0, NULL)
                                           : NULL;
    if (!json_is_object(d)) {
        json_decref(d);
        jsonw_null(w);
        return;
    }
    struct strbuf unused;
    strbuf_init(&unused);
    struct detail_ctx c = {.sb = &unused,
                           .names = names,
                           .entity = entity,
                           .entity_id = entity_id,
                           .en = en,
                           .lines = w};
    jsonw_arr_open(w);
    add_detail(&c, d);
    jsonw_arr_close(w);
    strbuf_free(&unused);
    json_decref(d);
}

/* The lists a dictionary row may be about (api_dictionaries.c: the
 * editable ones), as 字典管理 names them. */
static const struct audit_label dictionary_kinds[] = {
    {"client_category", "服务对象类别", "Client category"},
    {"service_area", "服务领域", "Service area"},
    {NULL, NULL, NULL},
};

const char *audit_object_name(struct arena *a,
                              const struct audit_names *names,
                              const char *entity, const char *entity_id,
                              bool en)
{
    if (!entity || !entity_id || !*entity_id) {
        return NULL;
    }
    if (strcmp(entity, "setting") == 0) {
        const struct setting_def *d = setting_find(entity_id);
        return d ? (en ? d->label_en : d->label) : NULL;
    }
    const char *slash = strchr(entity_id, '/');
    if (strcmp(entity, "dictionary") != 0 || !slash) {
        return NULL;
    }
    const char *kind = arena_strndup(a, entity_id,
                                     (size_t)(slash - entity_id));
    const char *kind_name = audit_label(dictionary_kinds, kind, en);
    struct detail_ctx c = {.names = names, .en = en};
    const char *item = kept_label(&c, kind, slash + 1);
    return arena_printf(a, en ? "%s: %s" : "%s：%s", kind_name,
                        item ? item : slash + 1);
}
