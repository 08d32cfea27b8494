#include "audit_labels.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/strbuf.h"
#include "dictionary.h"
#include "../util/parse.h"
#include "permission.h"
#include "report_types.h"

/* Copied from the UI's catalogue (web/src/i18n/zh-CN.ts and en.ts,
 * audit.actions, .entities, .results and .fields): a code added to one
 * is added to the other. */
const struct audit_label audit_actions[] = {
    {"audit.export", "导出审计日志", "Export the audit log"},
    {"client.move", "服务对象随个案移交", "Client moved with her case"},
    {"client.create", "登记服务对象", "Register a client"},
    {"client.update", "修改服务对象", "Change a client"},
    {"client.read", "查阅敏感对象记录", "Read a sensitive client"},
    {"client.list_sensitive", "按敏感类别查询服务对象", "List clients by a sensitive category"},
    {"client.reveal", "查看完整信息", "Show a client in full"},
    {"client.export", "导出服务对象台账", "Export the client register"},
    {"service.export", "导出服务记录台账", "Export the service ledger"},
    {"case.export", "导出个案台账", "Export the case ledger"},
    {"group.export", "导出小组台账", "Export the group ledger"},
    {"client.import", "导入服务对象", "Import clients"},
    {"client.merge", "合并重复记录", "Merge a duplicate client"},
    {"household.create", "新建家庭", "Create a household"},
    {"household.update", "修改家庭", "Change a household"},
    {"organisation.create", "新增承接机构", "Add an organisation"},
    {"organisation.update", "修改承接机构", "Change an organisation"},
    {"staff.create", "新增社工", "Add a worker"},
    {"staff.update", "修改社工", "Change a worker"},
    {"contract.create", "新增服务协议", "Add a contract"},
    {"contract.update", "修改服务协议", "Change a contract"},
    {"contract.terminate", "终止服务协议", "Terminate a contract"},
    {"payment.generate", "生成付款计划", "Generate payments"},
    {"payment.pay", "登记付款", "Record a payment"},
    {"payment.override", "调整付款", "Override a payment"},
    {"payment.withhold", "暂缓付款", "Withhold a payment"},
    {"expenditure.create", "登记支出", "Record an expenditure"},
    {"expenditure.update", "修改支出", "Change an expenditure"},
    {"expenditure.delete", "删除支出", "Delete an expenditure"},
    {"expenditure.export", "导出项目支出明细", "Export the expenditures"},
    {"allocation.create", "分配资金", "Allocate funds"},
    {"allocation.delete", "删除资金分配", "Delete an allocation"},
    {"budget_line.create", "新增预算科目", "Add a budget line"},
    {"acceptance.create", "登记验收", "Record an acceptance"},
    {"evaluation.create", "登记评估", "Record an evaluation"},
    {"evaluation.void", "作废评估记录", "Void an evaluation"},
    {"evaluation.export", "导出评估结果", "Export evaluation results"},
    {"evaluation_indicator.create", "添加评估指标",
     "Add an evaluation indicator"},
    {"evaluation_indicator.update", "修改评估指标",
     "Change an evaluation indicator"},
    {"evaluation_bands.update", "修改等次分数线", "Change the grade bands"},
    {"group.create", "新建小组", "Create a group"},
    {"group.update", "修改小组", "Change a group"},
    {"group.close", "结束小组", "Close a group"},
    {"plan.create", "新建服务计划", "Create a plan"},
    {"plan.update", "修改服务计划", "Change a plan"},
    {"plan.submit", "提交服务计划", "Submit a plan"},
    {"report.create", "新建报告", "Create report"},
    {"report.update", "修改报告", "Change a report"},
    {"report.submit", "提交报告", "Submit report"},
    {"report.accept", "通过报告", "Accept report"},
    {"report.return", "退回报告", "Return report"},
    {"report.delete", "删除报告", "Delete a report"},
    {"report.review", "审核报告", "Review a report"},
    {"report.export", "导出报告", "Export a report"},
    {"filing.create", "新增备案", "Add a filing"},
    {"filing.update", "修改备案", "Change a filing"},
    {"attachment.add", "上传附件", "Add an attachment"},
    {"attachment.remove", "删除附件", "Remove an attachment"},
    {"calendar.load", "导入节假日", "Load holidays"},
    {"case.opened", "个案开案", "Open a case"},
    {"case.transfer_withdrawn", "撤回个案移交", "Withdraw a case transfer"},
    {"case.assessment", "个案预估", "Case assessed"},
    {"case.plan_submitted", "提交个案服务计划", "Submit a case plan"},
    {"case.plan_approved", "批准个案服务计划", "Approve a case plan"},
    {"case.plan_returned", "退回个案服务计划", "Return a case plan"},
    {"case.evaluation", "个案评估", "Case evaluated"},
    {"case.closure_requested", "申请结案", "Request a case closure"},
    {"case.closure_approved", "批准结案", "Approve a case closure"},
    {"case.closure_returned", "退回结案申请", "Return a case closure"},
    {"case.transfer_requested", "发起个案移交", "Offer a case transfer"},
    {"case.transfer_accepted", "接受个案移交", "Accept a case transfer"},
    {"case.transfer_declined", "拒绝个案移交", "Decline a case transfer"},
    {"case.reopened", "重新开案", "Reopen a case"},
    {"case.referred", "个案转介", "Refer a case"},
    {"case.referral_outcome", "登记转介结果", "Record a referral's outcome"},
    {"min_wage.create", "新增最低工资标准", "Add a minimum wage"},
    {"contract.demo", "生成演示协议", "Demo contracts"},
    {"staff.demo", "生成演示社工", "Demo workers"},
    {"service.demo", "生成演示服务记录", "Demo services"},
    {"service.create", "登记服务记录", "Record a service"},
    {"service.update", "修改服务记录", "Change a service record"},
    {"service.amend", "更正服务记录", "Correct a service record"},
    {"service.delete", "删除服务记录", "Remove a service record"},
    {"login", "登录", "Log in"},
    {"logout", "退出登录", "Log out"},
    {"password.change", "修改密码", "Change password"},
    {"totp.check", "双因素验证", "Two-step check"},
    {"totp.enrol", "开始绑定双因素", "Start two-step enrolment"},
    {"totp.enable", "启用双因素", "Enable two-step"},
    {"totp.disable", "停用双因素", "Disable two-step"},
    {"totp.reset", "重置双因素", "Reset two-step"},
    {"user.create", "新增用户", "Create user"},
    {"user.update", "修改用户", "Update user"},
    {"user.lock", "锁定用户", "Lock user"},
    {"user.unlock", "解锁用户", "Unlock user"},
    {"user.reset_password", "重置密码", "Reset password"},
    {"station.create", "新增站点", "Create station"},
    {"station.update", "修改站点", "Update station"},
    {"station.activate", "启用站点", "Activate station"},
    {"station.deactivate", "停用站点", "Deactivate station"},
    {"dictionary.create", "新增字典项", "Add dictionary item"},
    {"dictionary.update", "修改字典项", "Change dictionary item"},
    {"notice.create", "发布通知", "Publish notice"},
    {"notice.withdraw", "撤回通知", "Withdraw notice"},
    {"setting.update", "修改参数", "Change setting"},
    {"session.force_logout", "强制下线", "Force logout"},
    {"session.revoke", "结束会话", "End session"},
    {"token.create", "创建 API 令牌", "Create API token"},
    {"token.revoke", "吊销 API 令牌", "Revoke API token"},
    {"token.use", "使用 API 令牌", "Use API token"},
    {"audit.prune", "清理审计日志", "Prune audit log"},
    {"system.init", "系统初始化", "Initialise"},
    {"system.demo", "生成演示数据", "Demo data"},
    {"system.backup", "备份", "Backup"},
    {"system.restore", "恢复", "Restore"},
    {"regions.import", "导入区划", "Import regions"},
    {"profile.import", "导入政策配置", "Import profile"},
    {"profile.use", "切换政策配置", "Switch profile"},
    {"budget_line.update", "修改预算科目", "Change a budget line"},
    {"contract.amend", "协议变更", "Amend a contract"},
    {"contract.scope", "修改协议服务内容", "Change a contract's services"},
    {"contract.targets", "修改协议服务指标", "Change a contract's targets"},
    {"debarment.create", "列入禁入名单", "Debar an organisation"},
    {"staff.assign", "派驻社工", "Assign a social worker"},
    {"staff.end_assignment", "结束派驻", "End an assignment"},
    {"staff.training", "登记培训", "Record a training"},
    {"staff.training_update", "修改培训", "Correct a training"},
    {"staff.training_delete", "删除培训", "Remove a training"},
    {"supervision.create", "登记督导", "Record a supervision"},
    {"supervision.update", "修改督导", "Correct a supervision"},
    {"supervision.delete", "删除督导", "Remove a supervision"},
    {"survey.create", "新建需求调研", "Create a needs survey"},
    {"survey.update", "修改需求调研", "Change a needs survey"},
    {"user.organisation", "设置用户所属机构", "Set a user's organisation"},
    {"user.roles", "设置用户角色", "Set a user's roles"},
    {"work_plan.create", "新建工作计划", "Create a work plan"},
    {"work_plan.update", "修改工作计划", "Change a work plan"},
    {"staff.export", "导出社工花名册", "Export the staff roster"},
    {NULL, NULL, NULL},
};

const struct audit_label audit_entities[] = {
    {"client", "服务对象", "Client"},
    {"household", "家庭", "Household"},
    {"user", "用户", "User"},
    {"session", "登录会话", "Session"},
    {"api_token", "API令牌", "API token"},
    {"station", "站点", "Station"},
    {"client_category", "服务对象类别", "Client category"},
    {"region", "区划", "Division"},
    {"organisation", "承接机构", "Organisation"},
    {"staff", "社工", "Social worker"},
    {"supervision_session", "督导记录", "Supervision"},
    {"min_wage", "最低工资标准", "Minimum wage"},
    {"contract", "服务协议", "Contract"},
    {"filing", "备案", "Filing"},
    {"station_plan", "站点年度计划", "Station plan"},
    {"budget_year", "年度预算", "Budget year"},
    {"allocation", "资金分配", "Allocation"},
    {"acceptance", "验收", "Acceptance"},
    {"evaluation", "评估", "Evaluation"},
    {"service", "服务记录", "Service record"},
    {"case", "个案", "Case"},
    {"group", "小组", "Group"},
    {"attachment", "附件", "Attachment"},
    {"report", "报告", "Report"},
    {"notice", "通知公告", "Notice"},
    {"dictionary", "字典", "Dictionary"},
    {"setting", "系统设置", "Setting"},
    {"profile", "政策配置", "Policy profile"},
    {"calendar_year", "节假日安排", "Holiday calendar"},
    {"database", "数据库", "Database"},
    {"audit_log", "操作日志", "Operation log"},
    {"route", "接口", "Route"},
    {"budget_line", "预算科目", "Budget line"},
    {"expenditure", "资金支出", "Expenditure"},
    {"needs_survey", "需求调研", "Needs survey"},
    {"payment", "拨付", "Payment"},
    {"work_plan", "工作计划", "Work plan"},
    {NULL, NULL, NULL},
};

const struct audit_label audit_results[] = {
    {"ok", "成功", "OK"},
    {"failed", "失败", "Failed"},
    {"locked", "已锁定", "Locked"},
    {"denied", "无权限", "Denied"},
    {"csrf", "CSRF 校验失败", "CSRF check failed"},
    {"disabled", "账号停用", "Disabled"},
    {"pending", "待双因素验证", "Awaiting second factor"},
    {NULL, NULL, NULL},
};

const struct audit_label audit_fields[] = {
    {"data_range", "数据范围", "Data range"},
    {"range_region", "所辖区划", "Range region"},
    {"display_name", "姓名", "Display name"},
    {"name", "名称", "Name"},
    {"code", "编码", "Code"},
    {"label", "名称", "Label"},
    {"label_en", "英文名称", "English label"},
    {"station_id", "站点", "Station"},
    {"worker_id", "社工", "Worker"},
    {"client_id", "服务对象", "Client"},
    {"case_id", "个案", "Case"},
    {"group_id", "小组", "Group"},
    {"organisation_id", "机构", "Organisation"},
    {"reason", "理由", "Reason"},
    {"import_sha256", "导入文件SHA-256", "Imported file's SHA-256"},
    {"type", "类型", "Type"},
    {"status", "状态", "Status"},
    {"status_reason", "状态原因", "Status reason"},
    {"sort_order", "排序", "Order"},
    {"sensitive", "敏感类别", "Sensitive"},
    {"active", "启用", "Active"},
    {"version", "版本", "Version"},
    {"from", "原", "From"},
    {"to", "新", "To"},
    {"into", "合并到", "Merged into"},
    {"value", "值", "Value"},
    {"key", "设置项", "Setting"},
    {"title", "标题", "Title"},
    {"content", "内容", "Content"},
    {"step", "步骤", "Step"},
    {"stage", "阶段", "Stage"},
    {"amount_fen", "金额（元）", "Amount (yuan)"},
    {"spent_fen", "支出（元）", "Spent (yuan)"},
    {"balance_fen", "余额（元）", "Balance (yuan)"},
    {"allocated_fen", "分配（元）", "Allocated (yuan)"},
    {"budget_fen", "预算（元）", "Budget (yuan)"},
    {"period_from", "起始期", "Period from"},
    {"period_to", "截止期", "Period to"},
    {"contract_id", "服务协议", "Contract"},
    {"category", "类别", "Category"},
    {"user_id", "用户", "User"},
    {"training_id", "培训", "Training"},
    {"held_on", "日期", "Date"},
    {"topic", "督导主题", "Topic"},
    {"minutes", "督导纪要", "Minutes"},
    {"duration_minutes", "学时(分钟)", "Length (minutes)"},
    {"supervisor_id", "督导", "Supervisor"},
    {"attendees", "参加人员", "Attendees"},
    {"organiser", "主办单位", "Organiser"},
    {"created_by", "登记人", "Entered by"},
    {"role", "角色", "Role"},
    {"payee", "收款人", "Payee"},
    {"description", "摘要", "Description"},
    {"spent_on", "支出日期", "Spent on"},
    {"starts_on", "开始日期", "Starts on"},
    {"ends_on", "结束日期", "Ends on"},
    {"terminated_on", "终止日期", "Terminated on"},
    {"opened_on", "开案日期", "Opened on"},
    {"stations", "站点数", "Stations"},
    {"rows", "行数", "Rows"},
    {"inserted", "新增", "Inserted"},
    {"updated", "更新", "Updated"},
    {"skipped", "跳过", "Skipped"},
    {"bad", "错误行", "Bad rows"},
    {"sha256", "文件SHA-256", "File SHA-256"},
    {"file", "文件", "File"},
    {"format", "格式", "Format"},
    {"duplicates", "重复处理", "Duplicates"},
    {"region_code", "区划代码", "Division code"},
    {"age_limit", "适用年龄上限", "Age limit"},
    {"age_from", "适用年龄下限", "Lower age bound"},
    {"source", "来源", "Source"},
    {"temporary_password", "临时密码", "Temporary password"},
    {"roles", "角色", "Roles"},
    {"scope", "数据范围", "Scope"},
    {"username", "用户名", "User name"},
    {"service_day", "服务日期", "Service day"},
    {"place", "地点", "Place"},
    {"outcome", "成效", "Outcome"},
    {"satisfaction", "满意度", "Satisfaction"},
    {"key_work", "重点工作", "Key work"},
    {"highlights", "亮点", "Highlights"},
    {"typical_cases", "典型案例", "Typical cases"},
    {"problems", "问题", "Problems"},
    {"next_plan", "下一步计划", "Next plan"},
    {"computed_at", "计算时间", "Computed at"},
    {"first_id", "起始记录号", "First record"},
    {"contract_code", "协议编号", "Contract code"},
    {"full", "完整信息", "In full"},
    {"filter", "范围", "Filter"},
    {"columns", "导出列", "Columns"},
    {"last_id", "截止记录号", "Last record"},
    {NULL, NULL, NULL},
};
const char *audit_label(const struct audit_label *t, const char *code, bool en)
{
    for (; code && t->code; t++) {
        if (strcmp(t->code, code) == 0) {
            return en ? t->en : t->zh;
        }
    }
    return code;
}

const char *audit_action_label(const char *code, bool en)
{
    const char *label = audit_label(audit_actions, code, en);
    for (size_t i = 0; label == code && code && permissions[i].action; i++) {
        if (strcmp(permissions[i].action, code) == 0) {
            label = en ? permissions[i].label_en : permissions[i].label;
        }
    }
    return label;
}

static const char *permission_label(const char *code, bool en)
{
    for (size_t i = 0; code && permissions[i].action; i++) {
        if (strcmp(permissions[i].action, code) == 0) {
            return en ? permissions[i].label_en : permissions[i].label;
        }
    }
    return audit_action_label(code, en);
}

const char *audit_row_action_label(struct arena *a, const char *action,
                                   const char *entity, bool en)
{
    if (!entity || strcmp(entity, "route") != 0) {
        return audit_action_label(action, en);
    }
    return arena_printf(a, en ? "Refused: %s" : "拒绝：%s",
                        permission_label(action, en));
}

static void add_value(struct strbuf *sb, const char *key, json_t *v, bool en);

/* Detail fields holding a fixed list's code (as the UI's AuditLog.vue
 * CODES): named by the list; roles by role_infos. */
static const struct {
    const char *field, *kind;
} coded[] = {
    {"data_range", "data_range"},
    {"stage", "case_stage"},
    {"step", "case_event"},
};

static void add_code(struct strbuf *sb, const char *key, const char *code,
                     bool en)
{
    int role = key && (strcmp(key, "role") == 0 || strcmp(key, "roles") == 0)
                   ? role_from_code(code)
                   : -1;
    if (role >= 0) {
        strbuf_adds(sb,
                    en ? role_infos[role].label_en : role_infos[role].label);
        return;
    }
    int report = key && strcmp(key, "type") == 0 ? report_type_from_code(code)
                                                 : -1;
    if (report >= 0) {
        strbuf_adds(sb, en ? report_types[report].label_en
                           : report_types[report].label);
        return;
    }
    for (size_t i = 0; key && i < sizeof coded / sizeof coded[0]; i++) {
        const struct fixed_item *it =
            strcmp(coded[i].field, key) == 0
                ? dictionary_fixed_item(coded[i].kind, code)
                : NULL;
        if (it) {
            strbuf_adds(sb, en ? it->label_en : it->label);
            return;
        }
    }
    strbuf_adds(sb, code);
}

static void add_array(struct strbuf *sb, const char *key, json_t *v, bool en)
{
    if (json_array_size(v) == 0) {
        strbuf_adds(sb, "—");
        return;
    }
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        if (i > 0) {
            strbuf_adds(sb, en ? ", " : "、");
        }
        add_value(sb, key, x, en);
    }
}

/* One value as people read it: money in yuan, roles by name, yes/no,
 * "—" for nothing; anything nested as its JSON. */
static void add_value(struct strbuf *sb, const char *key, json_t *v, bool en)
{
    size_t klen = key ? strlen(key) : 0;
    bool fen = klen > 4 && strcmp(key + klen - 4, "_fen") == 0;
    if (json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) {
        strbuf_adds(sb, "—");
    } else if (json_is_string(v)) {
        add_code(sb, key, json_string_value(v), en);
    } else if (json_is_integer(v) && fen) {
        long long f = (long long)json_integer_value(v);
        strbuf_printf(sb, "%s%lld.%02lld", f < 0 ? "-" : "",
                      (f < 0 ? -f : f) / 100, (f < 0 ? -f : f) % 100);
    } else if (json_is_integer(v)) {
        strbuf_printf(sb, "%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        strbuf_printf(sb, "%g", json_real_value(v));
    } else if (json_is_boolean(v)) {
        strbuf_adds(sb, json_is_true(v) ? (en ? "yes" : "是")
                                        : (en ? "no" : "否"));
    } else if (json_is_array(v) && key) {
        add_array(sb, key, v, en);
    } else {
        char *s = json_dumps(v, JSON_COMPACT);
        strbuf_adds(sb, s ? s : "");
        free(s);
    }
}

static void add_sep(struct strbuf *sb, bool en)
{
    if (sb->len) {
        strbuf_adds(sb, en ? "; " : "；");
    }
}

/* "from" and "to" are a change's two ends (原 → 新) but an export's
 * days: a day is labelled as one. */
static const char *field_label(const char *key, json_t *v, bool en)
{
    const char *s = json_string_value(v);
    int y, m, d;
    if (s && parse_date(s, &y, &m, &d)) {
        if (strcmp(key, "from") == 0) {
            return en ? "From" : "开始日期";
        }
        if (strcmp(key, "to") == 0) {
            return en ? "To" : "结束日期";
        }
    }
    return audit_label(audit_fields, key, en);
}

static void add_line(struct strbuf *sb, const char *key, json_t *before,
                     json_t *after, bool en)
{
    add_sep(sb, en);
    strbuf_adds(sb, field_label(key, after, en));
    strbuf_adds(sb, en ? ": " : "：");
    if (before) {
        add_value(sb, key, before, en);
        strbuf_adds(sb, " → ");
    }
    add_value(sb, key, after, en);
}

/* An edit: the fields whose values differ, then the free-text ones the
 * log only says changed (changed_text: their text is not kept). */
static void add_changes(struct strbuf *sb, json_t *before, json_t *after,
                        json_t *changed_text, bool en)
{
    const char *k;
    json_t *v;
    json_object_foreach(before, k, v)
    {
        json_t *n = json_object_get(after, k);
        if (!json_equal(v, n ? n : json_null())) {
            add_line(sb, k, v, n ? n : json_null(), en);
        }
    }
    json_object_foreach(after, k, v)
    {
        if (!json_object_get(before, k) && !json_is_null(v)) {
            add_line(sb, k, json_null(), v, en);
        }
    }
    size_t i;
    json_array_foreach(changed_text, i, v)
    {
        if (json_is_string(v) &&
            !json_object_get(after, json_string_value(v))) {
            add_sep(sb, en);
            strbuf_printf(sb, "%s%s%s",
                          audit_label(audit_fields, json_string_value(v), en),
                          en ? ": " : "：",
                          en ? "changed (text not logged)"
                             : "已修改（内容不记入日志）");
        }
    }
}

const char *audit_detail_text(struct arena *a, const char *detail, bool en)
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
    json_t *before = json_object_get(d, "before");
    json_t *after = json_object_get(d, "after");
    if (before && after && !json_is_object(before) && !json_is_object(after)) {
        add_value(&sb, NULL, before, en);
        strbuf_adds(&sb, " → ");
        add_value(&sb, NULL, after, en);
    } else if (json_is_object(before) && json_is_object(after)) {
        add_changes(&sb, before, after, json_object_get(d, "changed_text"),
                    en);
        if (!sb.len) {
            strbuf_adds(&sb, en ? "no field changed" : "无字段变化");
        }
        /* What the change says of itself: its reason, the file an
         * import read (import_sha256) … */
        const char *k;
        json_t *v;
        json_object_foreach(d, k, v)
        {
            if (strcmp(k, "before") != 0 && strcmp(k, "after") != 0 &&
                strcmp(k, "changed_text") != 0) {
                add_line(&sb, k, NULL, v, en);
            }
        }
    } else {
        const char *k;
        json_t *v;
        json_object_foreach(json_is_object(after) ? after : d, k, v)
        {
            add_line(&sb, k, NULL, v, en);
        }
        if (json_is_object(after)) {
            json_object_foreach(d, k, v)
            {
                if (strcmp(k, "after") != 0) {
                    add_line(&sb, k, NULL, v, en);
                }
            }
        }
    }
    json_decref(d);
    const char *out = arena_strndup(a, sb.buf ? sb.buf : "", sb.len);
    strbuf_free(&sb);
    return out;
}
