#include "permission.h"

#include <string.h>

const struct role_info role_infos[ROLE_COUNT] = {
    [ROLE_SOCIAL_WORKER] = {"social_worker", "社工", "Social worker"},
    [ROLE_STATION_LEAD] = {"station_lead", "站长", "Station lead"},
    [ROLE_SUPERVISOR] = {"supervisor", "督导", "Supervisor"},
    [ROLE_ORG_ADMIN] = {"org_admin", "承接机构管理员",
                        "Organisation administrator"},
    [ROLE_BUREAU] = {"bureau", "县(区)民政局", "Civil affairs bureau"},
    [ROLE_TOWNSHIP_OFFICER] = {"township_officer", "乡镇(街道)民政办",
                               "Township civil affairs office"},
    [ROLE_EVALUATOR] = {"evaluator", "第三方评估机构",
                        "Third-party evaluator"},
    [ROLE_SYSADMIN] = {"sysadmin", "系统管理员", "System administrator"},
    [ROLE_SECURITY_ADMIN] = {"security_admin", "安全管理员",
                             "Security administrator"},
    [ROLE_AUDITOR] = {"auditor", "审计管理员", "Auditor"},
};

int role_from_code(const char *code)
{
    for (int i = 0; i < ROLE_COUNT; i++) {
        if (strcmp(role_infos[i].code, code) == 0) {
            return i;
        }
    }
    return -1;
}

#define W ROLE_BIT(ROLE_SOCIAL_WORKER)
#define L ROLE_BIT(ROLE_STATION_LEAD)
#define S ROLE_BIT(ROLE_SUPERVISOR)
#define O ROLE_BIT(ROLE_ORG_ADMIN)
#define B ROLE_BIT(ROLE_BUREAU)
#define T ROLE_BIT(ROLE_TOWNSHIP_OFFICER)
#define E ROLE_BIT(ROLE_EVALUATOR)
#define SYS ROLE_BIT(ROLE_SYSADMIN)
#define SEC ROLE_BIT(ROLE_SECURITY_ADMIN)
#define AUD ROLE_BIT(ROLE_AUDITOR)
/* Those who work with the stations' records. */
#define BUSINESS (W | L | S | O | B | T | E)

/* Three administrators, three separate powers (三员分立): the sysadmin
 * runs users, dictionaries and settings but cannot read the audit log;
 * the security administrator runs sessions and security policy; only the
 * auditor reads the audit log. */
const struct permission permissions[] = {
    {"profile.read", "查看政策配置", "View the policy profile",
     BUSINESS | SYS | SEC | AUD},
    {"region.read", "查看行政区划", "View divisions",
     BUSINESS | SYS | SEC | AUD},
    {"station.read", "查看站点", "View stations", BUSINESS | SYS},
    {"station.create", "新建站点", "Create stations", B | SYS},
    {"station.update", "修改站点", "Change stations", L | B | SYS},
    /* Stopping a station stops every worker's records there: the
     * purchaser's or the sysadmin's decision, not its own lead's. */
    {"station.status", "停用或启用站点", "Stop or restart stations", B | SYS},
    {"client.read", "查看服务对象", "View clients", BUSINESS | SYS},
    {"client.write", "登记和修改服务对象", "Register and change clients",
     W | L | S | B | T},
    {"client.reveal", "查看完整身份证号和联系方式",
     "See ID numbers and contacts in full", W | L | S | B | T},
    {"client.export", "导出服务对象台账", "Export the client register",
     W | L | S | B | T},
    {"client.import", "导入服务对象台账", "Import the client register",
     W | L | S | B | T},
    {"client.merge", "合并重复的服务对象", "Merge duplicate clients", SYS},
    {"service.read", "查看服务记录", "View service records", BUSINESS},
    {"service.write", "登记和修改服务记录", "Record and change services",
     W | L | S},
    /* As the register's: a ledger names the clients served. The
     * evaluator samples the ledgers she scores; her files mask the
     * names as her replies do (api_export.names_masked). */
    {"service.export", "导出服务记录台账", "Export the service ledger",
     W | L | S | B | T | E},
    {"case.read", "查看个案", "View cases", BUSINESS},
    {"case.export", "导出个案台账", "Export the case ledger",
     W | L | S | B | T | E},
    {"stats.read", "查看统计数据", "View statistics",
     W | L | S | O | B | T | E},
    {"task.read", "查看待办事项", "View task lists", W | L | S | O | B | T},
    {"case.write", "办理个案", "Work on cases", W | L | S},
    {"case.approve", "审批个案计划和结案", "Approve case plans and closures",
     S},
    {"dashboard.read", "查看数据看板", "View the dashboard", BUSINESS},
    {"compliance.read", "查看合规检查", "View compliance findings",
     L | S | O | B | T | E | SYS},
    {"organisation.read", "查看承接机构", "View organisations",
     BUSINESS | SYS},
    {"organisation.manage", "登记和修改承接机构", "Register organisations",
     B | SYS},
    {"contract.read", "查看服务协议", "View contracts", O | B | T | E | SYS},
    {"contract.manage", "签订和变更服务协议", "Sign and change contracts",
     B},
    /* The evaluator scores 人员配备与稳定 (certificates, turnover, wages
     * against the minimum) from the roster, phones masked as for all. */
    {"staff.read", "查看社工", "View staff", L | S | O | B | T | E | SYS},
    {"staff.manage", "登记和修改社工、派驻站点", "Register staff and assign "
     "them to stations", O | B | SYS},
    {"supervision.write", "填写督导记录", "Write supervision records",
     S | O | B},
    /* A worker reads what her supervisors wrote of her, and the
     * trainings entered for her, without reading her colleagues'. */
    {"staff.own", "查看本人的培训和督导记录",
     "View my own trainings and supervision records", W | L | S},
    {"min_wage.manage", "维护最低工资标准", "Enter minimum wages", B | SYS},
    {"user.read", "查看用户", "View users", SYS | SEC},
    {"user.manage", "管理用户", "Manage users", SYS},
    {"session.manage", "管理在线用户", "Manage sessions", SEC},
    {"token.manage", "管理接口令牌", "Manage API tokens", SEC},
    {"notice.manage", "发布通知公告", "Publish notices", B | SYS},
    {"dictionary.manage", "维护字典", "Maintain dictionaries", SYS},
    {"calendar.manage", "维护工作日历", "Maintain the working-day calendar",
     SYS},
    {"totp.reset", "重置双因素认证", "Reset a second factor", SEC},
    /* Lockout after failed logins is the security policy's: its
     * administrator lifts it. A lock the sysadmin set is hers to lift
     * (api_users_unlock). */
    {"lockout.clear", "解除登录失败锁定", "Lift a failed-login lockout",
     SYS | SEC},
    {"setting.read", "查看参数设置", "View settings", SYS | SEC},
    /* Whose a setting is, is its own (setting_def.security): the PUT
     * route lets either in and the handler checks the key. */
    {"setting.manage", "修改安全参数", "Change security settings", SEC},
    {"setting.manage_system", "修改业务参数", "Change business settings",
     SYS},
    {"audit.read", "查看操作日志和登录日志", "Read the audit log", AUD},
    {"money.read", "查看资金与拨付", "View money and payments",
     O | B | T | E | SYS},
    /* The money is the bureau's and the organisation's to move: the
     * sysadmin keeps the system (DESIGN.md §1), not the accounts. */
    {"money.manage", "管理预算、分配和拨付", "Manage budgets, allocations "
     "and payments", B},
    {"expenditure.write", "登记项目支出", "Record expenditures", O | B},
    {"evaluation.write", "登记评估结果", "Record evaluation results", B | E},
    {"evaluation.indicator", "维护绩效评估指标", "Maintain the evaluation "
     "indicators", SYS},
    {"report.read", "查看报告", "View reports", BUSINESS},
    {"report.write", "编写和提交报告", "Write and submit reports", L | O | B},
    {"report.review", "审核报告(退回或通过)", "Review reports (return or "
     "accept)", T | B},
    {"payment.override", "特批评估未合格的拨付", "Override a blocked "
     "payment", B},
    {NULL, NULL, NULL, 0},
};

bool roles_see_client_names(role_set roles)
{
    return (roles & (W | L | S | O | B | T | SYS)) != 0;
}

const struct permission *permission_find(const char *action)
{
    for (const struct permission *p = permissions; p->action; p++) {
        if (strcmp(p->action, action) == 0) {
            return p;
        }
    }
    return NULL;
}

bool permission_allows(role_set roles, const char *action)
{
    if (strcmp(action, PERMISSION_PUBLIC) == 0) {
        return true;
    }
    if (strcmp(action, PERMISSION_SESSION) == 0 ||
        strcmp(action, PERMISSION_SIGNED_IN) == 0 ||
        strcmp(action, PERMISSION_LOGIN) == 0) {
        return true; /* the caller has already required a session */
    }
    const struct permission *p = permission_find(action);
    return p && (p->roles & roles) != 0;
}
