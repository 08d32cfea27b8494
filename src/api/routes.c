/* Every endpoint sgz has. The router, the OpenAPI document and the
 * route tests read this table; add a row here and nowhere else. */
#include "../http/route.h"
#include "api.h"

static const struct query_param regions_query[] = {
    {"parent", "division code whose children to list; empty for provinces",
     "要列出其下级的区划代码；留空列出省级区划"},
    {"after", "continue after this code (the previous page's next)",
     "从此代码之后继续列出（即上一页返回的 next）"},
    {"limit", "rows per page, 1–200 (default 100)",
     "每页条数，1–200（默认 100）"},
    {NULL, NULL, NULL},
};

static const struct query_param user_filters[] = {
    {"q", "user name or name, prefix", "用户名或姓名，前缀匹配"},
    {"role", "role code", "角色编码"},
    {"status", "active, locked or disabled",
     "active（正常）、locked（锁定）或 disabled（停用）"},
    {NULL, NULL, NULL},
};

static const struct query_param sessions_query[] = {
    {"q", "user name or name, prefix", "用户名或姓名，前缀匹配"},
    {NULL, NULL, NULL},
};

static const struct query_param tokens_query[] = {
    {"q", "the user's user name or name, prefix",
     "令牌所属用户的用户名或姓名，前缀匹配"},
    {"state", "active, revoked or expired; empty for all",
     "active（有效）、revoked（已吊销）或 expired（已过期）；留空为全部"},
    {NULL, NULL, NULL},
};

static const struct query_param audit_query[] = {
    {"kind", "operation (操作日志) or login (登录日志); empty for both",
     "operation（操作日志）或 login（登录日志）；留空为两者"},
    {"actor", "user name, exactly", "操作人用户名，精确匹配"},
    {"action", "e.g. station.update, login", "操作，如 station.update、login"},
    {"entity", "e.g. station, user", "记录类型，如 station、user"},
    {"entity_id", "the record's id", "记录编号"},
    {"result", "ok, failed, locked, denied, csrf …",
     "结果：ok、failed、locked、denied、csrf …"},
    {"from", "first day, YYYY-MM-DD (Beijing time)",
     "开始日期，YYYY-MM-DD（北京时间）"},
    {"to", "last day, YYYY-MM-DD (Beijing time)",
     "结束日期，YYYY-MM-DD（北京时间）"},
    {NULL, NULL, NULL},
};

static const struct query_param dict_query[] = {
    {"kind", "one list only, e.g. client_category",
     "只返回一个字典，如 client_category"},
    {NULL, NULL, NULL},
};

static const struct query_param stations_query[] = {
    {"region", "division code prefix: the region and everything below",
     "区划代码前缀：该区划及其以下全部区划"},
    {"type", "station type code of the active profile",
     "当前政策配置的站点类型编码"},
    {"status", "active or inactive", "active（运行中）或 inactive（已停用）"},
    {"sort", "region (default), name or id",
     "排序字段：region（默认）、name 或 id"},
    {"order", "asc (default) or desc",
     "排序方向：asc（升序，默认）或 desc（降序）"},
    {NULL, NULL, NULL},
};

static const struct query_param clients_query[] = {
    {"q", "name prefix, pinyin or initials prefix (zs, zhangsan), or the "
          "ID number's last 4 characters",
     "姓名前缀、拼音或首字母前缀（zs、zhangsan），或身份证号后 4 位"},
    {"station_id", "one station", "指定站点"},
    {"for_station", "the clients a service record of this station may "
                    "serve: its township's (a county centre: its "
                    "county's)",
     "该站点的服务记录可服务的对象：本乡镇（街道）的服务对象"
     "（县级指导中心为本县的）"},
    {"category", "client category code, held today",
     "服务对象类别编码，以今天持有的类别为准"},
    {"village", "village (or township) code prefix",
     "村（社区）或乡镇（街道）代码前缀"},
    {"worker_id", "responsible worker", "负责社工"},
    {"age_min", "youngest age in years", "最小年龄（周岁）"},
    {"age_max", "oldest age in years", "最大年龄（周岁）"},
    {"status", "active, moved, deceased, closed or merged (default: all "
               "but merged)",
     "active（在册）、moved（迁出）、deceased（死亡）、closed（注销）"
     "或 merged（已合并）；默认为除 merged 外的全部"},
    {"sort", "name (pinyin order, default), id or birth_date",
     "排序字段：name（按拼音，默认）、id 或 birth_date"},
    {"order", "asc (default) or desc",
     "排序方向：asc（升序，默认）或 desc（降序）"},
    {NULL, NULL, NULL},
};

static const struct query_param import_query[] = {
    {"mode", "dry_run (default: check every row, write nothing) or import",
     "dry_run（默认：逐行检查，不写入任何数据）或 import（导入）"},
    {"station_id", "the station for rows without a 所属站点 column",
     "文件中没有“所属站点”列时，各行归属的站点"},
    {"duplicates", "a registered ID number: skip (default), update or stop",
     "身份证号已登记时：skip（跳过，默认）、update（更新）或 stop（停止）"},
    {"sheet", "an .xlsx's worksheet, by name (default: the first with a "
              "header); the result lists them all",
     ".xlsx 文件中的工作表名称（默认：第一个有标题行的工作表）；"
     "结果中列出全部工作表"},
    {NULL, NULL, NULL},
};

static const struct query_param template_query[] = {
    {"format", "xlsx (default) or csv", "xlsx（默认）或 csv"},
    {"station_id", "the example row's station (default: the caller's "
                   "first): a person of its county and township",
     "示例行的站点（默认：调用者的第一个站点）："
     "示例人员属该站点所在的县和乡镇（街道）"},
    {NULL, NULL, NULL},
};

static const struct query_param households_query[] = {
    {"station_id", "one station", "指定站点"},
    {"q", "household name, prefix", "户名，前缀匹配"},
    {NULL, NULL, NULL},
};

static const struct query_param client_history_query[] = {
    {"reads", "include (default) or exclude: the record's reads "
              "(client.read rows)",
     "include（包含，默认）或 exclude（不含）：对该记录的查阅"
     "（client.read 审计记录）"},
    {NULL, NULL, NULL},
};

static const struct query_param services_query[] = {
    {"station_id", "one station", "指定站点"},
    {"client_id", "one client's records", "指定服务对象的记录"},
    {"worker_id", "one worker's records", "指定社工的记录"},
    {"case_id", "one case's notes", "指定个案的个案服务记录"},
    {"group_id", "one group's sessions", "指定小组的小组活动记录"},
    {"type", "service type code", "服务类型编码"},
    {"area", "service area code", "服务领域编码"},
    {"from", "first day, YYYY-MM-DD (Beijing time)",
     "开始日期，YYYY-MM-DD（北京时间）"},
    {"to", "last day, YYYY-MM-DD (Beijing time)",
     "结束日期，YYYY-MM-DD（北京时间）"},
    {NULL, NULL, NULL},
};

static const struct query_param cases_query[] = {
    {"station_id", "one station", "指定站点"},
    {"worker_id", "one worker's cases", "指定社工负责的个案"},
    {"client_id", "one client's cases", "指定服务对象的个案"},
    {"stage", "open (all but closed), intake, assessment, planning, "
              "intervention, evaluation or closed",
     "open（除结案外的全部在办个案）、intake（接案）、assessment（预估）、"
     "planning（服务计划）、intervention（介入）、evaluation（评估）"
     "或 closed（结案）"},
    {"pending", "1: only those awaiting a supervisor's approval (督导待办)",
     "1：只列出等待督导审批的个案（督导待办）"},
    {NULL, NULL, NULL},
};

static const struct query_param timeline_query[] = {
    {"limit", "entries per page, 1–100 (default 20)",
     "每页条数，1–100（默认 20）"},
    {"page", "page number from 1 (at most 100)",
     "页码，从 1 开始（最大 100）"},
    {NULL, NULL, NULL},
};

static const struct query_param worklog_query[] = {
    {"worker_id", "whose log (default: mine)",
     "查看哪位社工的工作日志（默认：本人）"},
    {"from", "first day, YYYY-MM-DD (default: the 1st of this month)",
     "开始日期，YYYY-MM-DD（默认：本月 1 日）"},
    {"to", "last day, YYYY-MM-DD (default: today); at most 93 days",
     "结束日期，YYYY-MM-DD（默认：今天）；最长 93 天"},
    {NULL, NULL, NULL},
};

static const struct query_param stats_query[] = {
    {"measures", "comma list of figures (default: all that fit the cut): "
                 "records, person_times, clients_served, service_hours, "
                 "visits, consultations, cases_opened, cases_active, "
                 "cases_closed, groups, group_sessions, group_attendance, "
                 "activities, activity_people, resource_fen, "
                 "resource_items, crises, crises_resolved, volunteers, "
                 "volunteer_hours",
     "统计指标，逗号分隔（默认：适用于所选分组的全部指标）：records、"
     "person_times、clients_served、service_hours、visits、consultations、"
     "cases_opened、cases_active、cases_closed、groups、group_sessions、"
     "group_attendance、activities、activity_people、resource_fen、"
     "resource_items、crises、crises_resolved、volunteers、volunteer_hours"},
    {"by", "up to three cuts: station, township, county, month, quarter, "
           "year, category, area, type",
     "分组维度，最多三个：station、township、county、month、quarter、year、"
     "category、area、type"},
    {"from", "first month, YYYY-MM (default: this month)",
     "开始月份，YYYY-MM（默认：本月）"},
    {"to", "last month, YYYY-MM (default: from); at most 120 months",
     "结束月份，YYYY-MM（默认：同 from）；最长 120 个月"},
    {"region", "a division and below, one the caller's range covers "
               "whole (else 404)",
     "某区划及其以下，须完全在调用者的数据范围内（否则返回 404）"},
    {"station_id", "one station in the caller's range (else 404)",
     "调用者数据范围内的一个站点（否则返回 404）"},
    {"category", "clients of this category on the day of the service",
     "服务当日属于该类别的服务对象"},
    {"area", "service area", "服务领域"},
    {"type", "service type", "服务类型"},
    {NULL, NULL, NULL},
};

static const struct query_param transfer_targets_query[] = {
    {"station_id", "the workers who may take the case at this station, "
                   "instead of the stations",
     "改为列出该站点可接收此个案的社工，而不是站点"},
    {NULL, NULL, NULL},
};

static const struct query_param tasks_query[] = {
    {"worker_id", "whose tasks (default: mine)",
     "查看哪位社工的待办（默认：本人）"},
    {"station_id", "a station's tasks instead of a worker's; all: every "
                   "station of the range (at most 200)",
     "改为查看某站点的待办，而不是某位社工的；all：数据范围内的全部站点"
     "（最多 200 个）"},
    {"due", "overdue, week (due in the next 7 days) or all (default)",
     "overdue（已逾期）、week（7 天内到期）或 all（全部，默认）"},
    {NULL, NULL, NULL},
};

static const struct query_param groups_query[] = {
    {"station_id", "one station", "指定站点"},
    {"status", "active or closed", "active（进行中）或 closed（已结束）"},
    {NULL, NULL, NULL},
};

static const struct query_param surveys_query[] = {
    {"station_id", "one station", "指定站点"},
    {NULL, NULL, NULL},
};

static const struct query_param reports_query[] = {
    {"type", "monthly_brief, quarterly, half_year, midterm, final, "
     "fund_use or self_evaluation",
     "报告类型：monthly_brief、quarterly、half_year、midterm、final、"
     "fund_use 或 self_evaluation"},
    {"status", "draft, submitted, returned or accepted",
     "draft（草稿）、submitted（已提交）、returned（已退回）"
     "或 accepted（已通过）"},
    {"station_id", "one station's reports", "指定站点的报告"},
    {"contract_id", "one contract's own reports (mid-term, final, fund use, "
                    "the organisation's briefs)",
     "指定服务协议自身的报告（中期、末期、资金使用情况、承接机构月度简报）"},
    {"from", "periods ending in or after this month, YYYY-MM",
     "报告期在该月或之后结束，YYYY-MM"},
    {"to", "periods starting in or before this month, YYYY-MM",
     "报告期在该月或之前开始，YYYY-MM"},
    {NULL, NULL, NULL},
};

static const struct query_param plans_query[] = {
    {"station_id", "one station", "指定站点"},
    {"year", "one year", "指定年度"},
    {NULL, NULL, NULL},
};

static const struct query_param attachment_upload_query[] = {
    {"owner_kind", "service, case or group",
     "所属记录类型：service（服务记录）、case（个案）或 group（小组）"},
    {"owner_id", "the record's id", "所属记录的编号"},
    {"name", "the file's name with its extension (photo.jpg, 记录.pdf)",
     "文件名，含扩展名（photo.jpg、记录.pdf）"},
    {NULL, NULL, NULL},
};

static const struct query_param attachment_owner_query[] = {
    {"owner_kind", "service, case or group",
     "所属记录类型：service（服务记录）、case（个案）或 group（小组）"},
    {"owner_id", "the record's id", "所属记录的编号"},
    {NULL, NULL, NULL},
};

static const struct query_param calendar_year_query[] = {
    {"year", "the year, e.g. 2026", "年度，如 2026"},
    {NULL, NULL, NULL},
};

static const struct query_param calendar_upload_query[] = {
    {"year", "load only this year of the file (default: every year in it)",
     "只载入文件中该年度的安排（默认：文件中的全部年度）"},
    {NULL, NULL, NULL},
};

static const struct query_param deadline_query[] = {
    {"from", "the day the period starts from, YYYY-MM-DD (not counted)",
     "期限的起算日期，YYYY-MM-DD（当日不计入）"},
    {"days", "working days, 1–3650", "工作日数，1–3650"},
    {NULL, NULL, NULL},
};

static const struct query_param organisations_query[] = {
    {"q", "name, prefix", "机构名称，前缀匹配"},
    {"status", "active, suspended or deregistered",
     "active（正常）、suspended（暂停承接）或 deregistered（已注销）"},
    {NULL, NULL, NULL},
};

static const struct query_param compliance_query[] = {
    {"severity", "violation, warning or info",
     "violation（违规）、warning（警告）或 info（提示）"},
    {"rule", "one rule, e.g. station.facilities",
     "指定规则，如 station.facilities"},
    {"station_id", "findings about one station (its own, its staff's …)",
     "与某站点有关的检查结果（站点本身的、其社工的 …）"},
    {"region", "only a county (6 digits) or township (9 digits) the "
               "caller's range covers whole",
     "只看一个县（6 位代码）或乡镇（街道，9 位代码），"
     "须完全在调用者的数据范围内"},
    {"sort", "mine: the reports the caller's roles write first",
     "mine：调用者的角色负责编写的报告排在前面"},
    {NULL, NULL, NULL},
};

static const struct query_param dashboard_query[] = {
    {"station_id", "a station's dashboard", "查看某站点的看板"},
    {"region", "a region's dashboard: a county (6 digits) or a township "
               "(9 digits) the caller's range covers whole",
     "查看某区划的看板：县（6 位代码）或乡镇（街道，9 位代码），"
     "须完全在调用者的数据范围内"},
    {"year", "the region's year (default: this year)",
     "区划看板的年度（默认：今年）"},
    {"from", "first month, YYYY-MM (default: this month, or January of "
             "the year)",
     "开始月份，YYYY-MM（默认：本月，或所选年度的 1 月）"},
    {"to", "last month, YYYY-MM (default: from; at most 120 months)",
     "结束月份，YYYY-MM（默认：同 from；最长 120 个月）"},
    {NULL, NULL, NULL},
};

static const struct query_param contracts_query[] = {
    {"organisation_id", "one organisation's contracts",
     "指定承接机构的服务协议"},
    {"station_id", "the contracts covering a station", "覆盖某站点的服务协议"},
    {"status", "active or terminated",
     "active（履行中）或 terminated（已终止）"},
    {"year", "contracts whose term overlaps this year",
     "服务期限与该年度有重叠的服务协议"},
    {NULL, NULL, NULL},
};

static const struct query_param contract_document_query[] = {
    {"name", "the file's name with its extension (协议.pdf)",
     "文件名，含扩展名（协议.pdf）"},
    {NULL, NULL, NULL},
};

static const struct query_param filings_query[] = {
    {"contract_id", "one contract's filings", "指定服务协议的备案事项"},
    {"kind", "contract_copy, county_plan, org_work_plan, recruitment_plan "
     "or training_plan",
     "备案类别：contract_copy（服务协议副本）、"
     "county_plan（县级年度实施计划）、"
     "org_work_plan（承接机构年度工作计划）、"
     "recruitment_plan（人员招聘方案）或 training_plan（培训计划）"},
    {"year", "the year filed for", "备案所属年度"},
    {"pending", "1: not filed yet", "1：只列出尚未备案的"},
    {NULL, NULL, NULL},
};

static const struct query_param debarments_query[] = {
    {"organisation_id", "one organisation's debarments",
     "指定承接机构的禁止承接记录"},
    {NULL, NULL, NULL},
};

static const struct query_param work_plans_query[] = {
    {"kind", "org_work_plan or county_plan",
     "org_work_plan（承接机构年度工作计划）"
     "或 county_plan（县级年度实施计划）"},
    {"year", "the plan's year", "计划年度"},
    {NULL, NULL, NULL},
};

static const struct query_param budget_lines_query[] = {
    {"year", "a year, e.g. 2026", "年度，如 2026"},
    {"source", "a fund_source code", "资金来源编码（fund_source）"},
    {NULL, NULL, NULL},
};

static const struct query_param allocations_query[] = {
    {"budget_line_id", "one budget line", "指定预算科目"},
    {"contract_id", "one contract", "指定服务协议"},
    {"year", "the budget line's year", "预算科目的年度"},
    {NULL, NULL, NULL},
};

static const struct query_param expenditures_query[] = {
    {"contract_id", "one contract", "指定服务协议"},
    {"station_id", "one station", "指定站点"},
    {"category", "an expense_category code",
     "支出科目编码（expense_category）"},
    {"from", "spent on or after, YYYY-MM-DD", "支出日期不早于，YYYY-MM-DD"},
    {"to", "spent on or before, YYYY-MM-DD", "支出日期不晚于，YYYY-MM-DD"},
    {NULL, NULL, NULL},
};

static const struct query_param fund_use_query[] = {
    {"from", "the period's first day, YYYY-MM-DD", "期间的第一天，YYYY-MM-DD"},
    {"to", "the period's last day, YYYY-MM-DD", "期间的最后一天，YYYY-MM-DD"},
    {"format", "json (default) or xlsx", "json（默认）或 xlsx"},
    {NULL, NULL, NULL},
};

static const struct query_param evaluations_query[] = {
    {"contract_id", "one contract", "指定服务协议"},
    {"kind", "midterm, final or annual",
     "midterm（中期评估）、final（终期评估）或 annual（年度评估）"},
    {"year", "evaluated in that year", "在该年度进行的评估"},
    {NULL, NULL, NULL},
};

static const struct query_param indicators_query[] = {
    {"all", "true: stopped indicators too", "true：已停用的指标也列出"},
    {NULL, NULL, NULL},
};

static const struct query_param acceptances_query[] = {
    {"contract_id", "one contract", "指定服务协议"},
    {NULL, NULL, NULL},
};

static const struct query_param payments_query[] = {
    {"format", "json (default) or xlsx", "json（默认）或 xlsx"},
    {NULL, NULL, NULL},
};

static const struct query_param voucher_query[] = {
    {"name", "the file's name", "文件名"},
    {NULL, NULL, NULL},
};

/* The types of a spreadsheet download. */
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const struct query_param staff_query[] = {
    {"q", "name or pinyin, prefix", "姓名或拼音，前缀匹配"},
    {"role", "resident, project or supervisor",
     "resident（驻站社工）、project（项目社工）或 supervisor（督导）"},
    {"status", "active or left", "active（在职）或 left（离职）"},
    {"education", "an education code", "学历编码"},
    {"certificate", "none, assistant, intermediate or senior",
     "none（未取得）、assistant（助理社会工作师）、"
     "intermediate（社会工作师）或 senior（高级社会工作师）"},
    {"station_id", "current station", "当前驻站站点"},
    {"organisation_id", "employer", "聘用单位"},
    {"unassigned", "true: only those without a station today",
     "true：只列出今天未派驻任何站点的社工"},
    {NULL, NULL, NULL},
};

static const struct query_param supervision_query[] = {
    {"staff_id", "led or attended by this worker", "该社工主持或参加的督导"},
    {"station_id", "station", "站点"},
    {"from", "YYYY-MM-DD, on or after", "YYYY-MM-DD，不早于此日"},
    {"to", "YYYY-MM-DD, on or before", "YYYY-MM-DD，不晚于此日"},
    {NULL, NULL, NULL},
};

static const struct query_param my_supervision_query[] = {
    {"station_id", "station", "站点"},
    {"from", "YYYY-MM-DD, on or after", "YYYY-MM-DD，不早于此日"},
    {"to", "YYYY-MM-DD, on or before", "YYYY-MM-DD，不晚于此日"},
    {NULL, NULL, NULL},
};

static const struct query_param min_wages_query[] = {
    {"region_code", "a county (6 digits)", "县（6 位代码）"},
    {NULL, NULL, NULL},
};

const struct route routes[] = {
    {
        .method = "GET",
        .pattern = "/api/v1/health",
        .handler = api_health,
        .permission = "public",
        .summary = "Database reachable and its schema version",
        .summary_zh = "数据库是否连通及其结构版本",
        .tag = "system",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/version",
        .handler = api_version,
        .permission = "public",
        .summary = "Version of the binary and of the schema it expects",
        .summary_zh = "程序的版本及其所需的数据库结构版本",
        .tag = "system",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/openapi.json",
        .handler = api_openapi,
        .permission = "public",
        .summary = "This document",
        .summary_zh = "本接口文档",
        .tag = "system",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session",
        .handler = api_session_create,
        .permission = "public",
        .summary = "Log in with user name and password; sets the session "
            "cookie",
        .summary_zh = "用户名和密码登录；设置会话 Cookie",
        .body = &api_login_schema,
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/session",
        .handler = api_session_get,
        .permission = "login",
        .summary = "The logged-in user, permissions and CSRF token",
        .summary_zh = "当前登录用户、权限及 CSRF 令牌",
        .tag = "session",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/session",
        .handler = api_session_delete,
        .permission = "login",
        .summary = "Log out",
        .summary_zh = "退出登录",
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/totp/verify",
        .handler = api_totp_verify,
        .permission = "login",
        .summary = "Second step of a login: the authenticator's code",
        .summary_zh = "登录第二步：输入身份验证器中的验证码",
        .body = &api_totp_code_schema,
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/totp",
        .handler = api_totp_begin,
        .permission = "session",
        .summary = "Start enrolling an authenticator: secret and otpauth URI",
        .summary_zh = "开始绑定身份验证器：返回密钥和 otpauth URI",
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/totp/confirm",
        .handler = api_totp_confirm,
        .permission = "session",
        .summary = "Finish enrolling with a code from the authenticator",
        .summary_zh = "用身份验证器生成的验证码完成绑定",
        .body = &api_totp_code_schema,
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/totp/disable",
        .handler = api_totp_disable,
        .permission = "session",
        .summary = "Switch the second factor off (needs a current code)",
        .summary_zh = "停用双因素认证（须输入当前验证码）",
        .body = &api_totp_code_schema,
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/password",
        .handler = api_session_password,
        .permission = "session",
        .summary = "Change my password",
        .summary_zh = "修改本人密码",
        .body = &api_password_schema,
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/session/sessions",
        .handler = api_my_sessions_list,
        .permission = "session",
        .summary = "My sessions (devices logged in), paged",
        .summary_zh = "本人的会话（已登录的设备），分页",
        .query = sessions_query,
        .page_size = 50,
        .tag = "session",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/session/sessions/{id}",
        .handler = api_my_sessions_end,
        .permission = "session",
        .summary = "End one of my sessions",
        .summary_zh = "结束本人的某个会话",
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/session/tokens",
        .handler = api_tokens_list,
        .permission = "session",
        .summary = "My API tokens",
        .summary_zh = "本人的 API 令牌",
        .tag = "session",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/session/tokens",
        .handler = api_tokens_create,
        .permission = "session",
        .summary = "Create an API token (shown once) for some of my "
            "permissions",
        .summary_zh = "新建 API 令牌（只显示一次），授予本人的部分权限",
        .body = &api_token_create_schema,
        .tag = "session",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/session/tokens/{id}",
        .handler = api_tokens_revoke,
        .permission = "session",
        .summary = "Revoke one of my API tokens",
        .summary_zh = "吊销本人的某个 API 令牌",
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/session/supervision_sessions",
        .handler = api_my_supervision,
        .permission = "staff.own",
        .summary = "My supervision records (督导记录): the sessions I led or "
            "attended, newest first, read-only",
        .summary_zh = "我的督导记录：本人主持或参加的督导，最新的在前，只读",
        .query = my_supervision_query,
        .page_size = 20,
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/session/trainings",
        .handler = api_my_trainings,
        .permission = "staff.own",
        .summary = "My trainings, newest first, read-only",
        .summary_zh = "我的培训记录，最新的在前，只读",
        .tag = "session",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/online",
        .handler = api_online_list,
        .permission = "session.manage",
        .summary = "在线用户: active sessions, by a user's name (q), paged",
        .summary_zh = "在线用户：有效的会话，可按用户名或姓名（q）查找，分页",
        .query = sessions_query,
        .page_size = 50,
        .tag = "users",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/online/{id}",
        .handler = api_online_end,
        .permission = "session.manage",
        .summary = "Force a session to log out",
        .summary_zh = "强制某个会话下线",
        .tag = "users",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/tokens",
        .handler = api_tokens_all,
        .permission = "token.manage",
        .summary = "接口令牌: every user's API tokens, by a user's name (q) "
            "and state, paged",
        .summary_zh = "接口令牌：全部用户的 API 令牌，可按用户名或姓名（q）"
            "和状态筛选，分页",
        .query = tokens_query,
        .page_size = 50,
        .tag = "users",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/tokens/{id}",
        .handler = api_tokens_revoke_any,
        .permission = "token.manage",
        .summary = "Revoke a user's API token",
        .summary_zh = "吊销某个用户的 API 令牌",
        .tag = "users",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/roles",
        .handler = api_roles_list,
        .permission = "user.read",
        .summary = "Roles and their permissions (read-only: the permission "
            "table)",
        .summary_zh = "角色及其权限（只读：由系统权限表确定）",
        .tag = "users",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/users",
        .handler = api_users_list,
        .permission = "user.read",
        .summary = "Users, by user name, filtered and paged",
        .summary_zh = "用户列表，按用户名排序，可筛选，分页",
        .query = user_filters,
        .page_size = 20,
        .tag = "users",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/users",
        .handler = api_users_create,
        .permission = "user.manage",
        .summary = "Create a user; the temporary password is in the reply, "
            "once",
        .summary_zh = "新增用户；临时密码在响应中返回，只返回这一次",
        .body = &api_user_create_schema,
        .tag = "users",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/users/{id}",
        .handler = api_users_get,
        .permission = "user.read",
        .summary = "One user",
        .summary_zh = "用户详情",
        .tag = "users",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/users/{id}",
        .handler = api_users_update,
        .permission = "user.manage",
        .summary = "Change name, phone, roles and data range (If-Match or "
            "version)",
        .summary_zh = "修改姓名、手机号、角色和数据范围"
            "（须带 If-Match 或 version）",
        .body = &api_user_update_schema,
        .tag = "users",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/users/{id}/lock",
        .handler = api_users_lock,
        .permission = "user.manage",
        .summary = "Lock an account (its sessions end)",
        .summary_zh = "锁定账号（其会话全部结束）",
        .tag = "users",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/users/{id}/unlock",
        .handler = api_users_unlock,
        .permission = "lockout.clear",
        .summary = "Unlock an account: the sysadmin any lock, the security "
                   "administrator a lockout after failed logins",
        .summary_zh = "解锁账号：系统管理员可解除任何锁定，"
            "安全管理员可解除登录失败导致的锁定",
        .tag = "users",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/users/{id}/reset-totp",
        .handler = api_users_reset_totp,
        .permission = "totp.reset",
        .summary = "Remove a user's second factor (lost phone); sessions end",
        .summary_zh = "移除用户的双因素认证（手机丢失时）；其会话全部结束",
        .tag = "users",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/users/{id}/reset-password",
        .handler = api_users_reset_password,
        .permission = "user.manage",
        .summary = "New temporary password, in the reply once; sessions end",
        .summary_zh = "重置为新的临时密码，在响应中返回一次；其会话全部结束",
        .tag = "users",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/dictionaries",
        .handler = api_dictionaries_list,
        .permission = "signed_in",
        .summary = "字典: every code list with zh-CN and English labels",
        .summary_zh = "字典：全部代码表，含中文和英文名称",
        .query = dict_query,
        .tag = "system",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/dictionaries/{kind}",
        .handler = api_dictionaries_create,
        .permission = "dictionary.manage",
        .summary = "Add an item to an extendable list",
        .summary_zh = "向可扩展的字典新增字典项",
        .body = &api_dictionary_create_schema,
        .tag = "system",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/dictionaries/{kind}/{code}",
        .handler = api_dictionaries_update,
        .permission = "dictionary.manage",
        .summary = "Relabel, reorder or retire an item",
        .summary_zh = "修改字典项的名称、排序，或停用字典项",
        .body = &api_dictionary_update_schema,
        .tag = "system",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/notices",
        .handler = api_notices_list,
        .permission = "session",
        .summary = "通知公告: the notices I may read, newest first",
        .summary_zh = "通知公告：本人可阅读的通知，最新的在前",
        .page_size = 20,
        .tag = "notices",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/notices",
        .handler = api_notices_create,
        .permission = "notice.manage",
        .summary = "Publish a notice to a region in the author's range (empty: all of it)",
        .summary_zh = "向发布人数据范围内的某个区划发布通知（留空："
            "整个数据范围）",
        .body = &api_notice_create_schema,
        .tag = "notices",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/notices/{id}",
        .handler = api_notices_get,
        .permission = "session",
        .summary = "Read a notice (records my read receipt)",
        .summary_zh = "阅读通知（记录本人的阅读回执）",
        .tag = "notices",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/notices/{id}/reads",
        .handler = api_notices_reads,
        .permission = "notice.manage",
        .summary = "Read receipts: who read it, when",
        .summary_zh = "阅读回执：谁在何时阅读",
        .tag = "notices",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/notices/{id}/withdraw",
        .handler = api_notices_withdraw,
        .permission = "notice.manage",
        .summary = "Withdraw a notice",
        .summary_zh = "撤回通知",
        .tag = "notices",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/settings",
        .handler = api_settings_list,
        .permission = "setting.read",
        .summary = "参数设置: run-time settings with their ranges",
        .summary_zh = "参数设置：运行参数及其允许范围",
        .tag = "system",
    },
    {
        .method = "PUT",
        .pattern = "/api/v1/settings/{key}",
        .handler = api_settings_put,
        /* Either administrator; the handler checks the key's owner. */
        .permission = "setting.read",
        .summary = "Change a setting (checked, audited, applied at once)",
        .summary_zh = "修改参数（校验取值，记入审计日志，立即生效）",
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
        .summary_zh = "审计日志，最新的在前：操作日志或登录日志，可筛选",
        .query = audit_query,
        .page_size = 50,
        .tag = "audit",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/audit.xlsx",
        .handler = api_audit_export,
        .permission = "audit.read",
        .summary = "The audit log as .xlsx, with the list's filters (at most "
            "audit.export_max_rows rows; the export is itself logged)",
        .summary_zh = "按列表的筛选条件导出审计日志 .xlsx（最多 "
            "audit.export_max_rows 行；导出本身也记入日志）",
        .query = audit_query,
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
        .summary_zh = "当前启用的政策配置",
        .tag = "system",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/regions",
        .handler = api_regions_list,
        .permission = "region.read",
        .summary = "Children of a division, in code order",
        .summary_zh = "某区划的下级区划，按代码排序",
        .query = regions_query,
        .tag = "regions",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/regions/{code}",
        .handler = api_regions_get,
        .permission = "region.read",
        .summary = "One division with its ancestors",
        .summary_zh = "区划详情及其各级上级区划",
        .tag = "regions",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/stations",
        .handler = api_stations_list,
        .permission = "station.read",
        .summary = "Stations in the caller's range, filtered and paged",
        .summary_zh = "调用者数据范围内的站点，可筛选，分页",
        .query = stations_query,
        .page_size = 20,
        .tag = "stations",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/stations",
        .handler = api_stations_create,
        .permission = "station.create",
        .summary = "Create a station",
        .summary_zh = "新增站点",
        .body = &api_station_create_schema,
        .tag = "stations",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/stations/{id}",
        .handler = api_stations_get,
        .permission = "station.read",
        .summary = "One station with its facilities checklist",
        .summary_zh = "站点详情及其设施与标准清单",
        .tag = "stations",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/stations/{id}",
        .handler = api_stations_update,
        .permission = "station.update",
        .summary = "Change a station (If-Match or version required)",
        .summary_zh = "修改站点（须带 If-Match 或 version）",
        .body = &api_station_update_schema,
        .tag = "stations",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/stations/{id}/deactivate",
        .handler = api_stations_deactivate,
        .permission = "station.status",
        .summary = "Deactivate a station",
        .summary_zh = "停用站点",
        .body = &api_station_status_schema,
        .tag = "stations",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/stations/{id}/activate",
        .handler = api_stations_activate,
        .permission = "station.status",
        .summary = "Activate a station again",
        .summary_zh = "重新启用站点",
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
        .summary_zh = "可填写在本站记录上的人员："
            "数据范围覆盖本站的一线工作人员",
        .tag = "stations",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/clients",
        .handler = api_clients_list,
        .permission = "client.read",
        .summary = "服务对象: the register in the caller's range, masked, "
            "filtered and paged",
        .summary_zh = "服务对象：调用者数据范围内的服务对象名册，脱敏显示，"
            "可筛选，分页",
        .query = clients_query,
        .page_size = 20,
        .tag = "clients",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/clients",
        .handler = api_clients_create,
        .permission = "client.write",
        .summary = "Register a client",
        .summary_zh = "登记服务对象",
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
        .summary_zh = "保存前检查：身份证号是否已登记，以及可能重复的记录"
            "（姓名相同，且出生日期或电话相同）",
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
        .summary_zh = "服务对象详情（脱敏），含各时期的对象类别和监护人",
        .tag = "clients",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/clients/{id}",
        .handler = api_clients_update,
        .permission = "client.write",
        .summary = "Change a client (If-Match or version required)",
        .summary_zh = "修改服务对象（须带 If-Match 或 version）",
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
        .summary_zh = "查看完整的身份证号、电话和地址，须说明原因"
            "（记入审计日志）",
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
        .summary_zh = "记录的变更历史：谁在何时登记、修改、"
            "查看完整信息或合并，含脱敏的变更前后内容",
        .query = client_history_query,
        .page_size = 50,
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
        .summary_zh = "该服务对象是谁的监护人："
            "调用者数据范围内登记其为监护人的服务对象及监护关系"
            "（与列表同样脱敏）",
        .tag = "clients",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/clients/{id}/merge",
        .handler = api_clients_merge,
        .permission = "client.merge",
        .summary = "Merge this (duplicate) record into another, keeping both "
            "histories",
        .summary_zh = "把本（重复）记录合并到另一条记录，保留两者的历史",
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
        .summary_zh = "导出服务对象台账 .xlsx 或 CSV（UTF-8 带 BOM）："
            "按筛选条件和所选列导出，除非说明理由导出完整信息，否则脱敏"
            "（记入审计日志）",
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
        .summary_zh = "导出个案台账 .xlsx 或 CSV（UTF-8 带 BOM）："
            "与个案列表相同筛选条件下的个案，附其服务记录的次数和时长（分钟）"
            "（记入审计日志）",
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
        .summary_zh = "导出小组台账 .xlsx 或 CSV（UTF-8 带 BOM）："
            "与小组列表相同筛选条件下的小组，附其成员、各节活动、出勤和时长"
            "（分钟）（记入审计日志）",
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
        .summary_zh = "导出服务记录台账 .xlsx 或 CSV（UTF-8 带 BOM）："
            "与服务记录列表相同筛选条件下的记录，可选导出列（记入审计日志）",
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
        .summary_zh = "上传 .xlsx 或 CSV（UTF-8 或 GBK）文件，"
            "作为后台任务检查或导入（返回 202 及任务编号）",
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
        .summary_zh = "导入任务：执行进度，完成后为各项计数和错误行",
        .tag = "clients",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/client_imports/{id}/report",
        .handler = api_client_imports_report,
        .permission = "client.import",
        .summary = "The bad rows of an import job as .xlsx",
        .summary_zh = "导入任务的错误行（.xlsx）",
        .tag = "clients",
        .download = XLSX,
    },
    {
        .method = "GET",
        .pattern = "/api/v1/client_import_template",
        .handler = api_client_import_template,
        .permission = "client.import",
        .summary = "The import template with an example row",
        .summary_zh = "带示例行的导入模板",
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
        .summary_zh = "调用者数据范围内的家庭及其成员",
        .query = households_query,
        .page_size = 20,
        .tag = "clients",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/households",
        .handler = api_households_create,
        .permission = "client.write",
        .summary = "Create a household: members (clients or names) and "
            "their relation to the head",
        .summary_zh = "建立家庭：成员（已登记的服务对象或姓名）及其与户主关系",
        .body = &api_household_create_schema,
        .tag = "clients",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/households/{id}",
        .handler = api_households_get,
        .permission = "client.read",
        .summary = "One household with its members",
        .summary_zh = "家庭详情及其成员",
        .tag = "clients",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/households/{id}",
        .handler = api_households_update,
        .permission = "client.write",
        .summary = "Change a household (If-Match or version required)",
        .summary_zh = "修改家庭（须带 If-Match 或 version）",
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
        .summary_zh = "服务记录：调用者数据范围内的记录，最新的在前，可筛选，"
            "分页",
        .query = services_query,
        .page_size = 20,
        .tag = "services",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/services",
        .handler = api_services_create,
        .permission = "service.write",
        .summary = "Record a service (home visits with their form); send an "
            "Idempotency-Key so that a retry records nothing twice",
        .summary_zh = "登记服务记录（入户走访含走访表）；"
            "请带 Idempotency-Key，重试时不会重复登记",
        .body = &api_service_create_schema,
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/services/{id}",
        .handler = api_services_get,
        .permission = "service.read",
        .summary = "One service record with its clients and workers",
        .summary_zh = "服务记录详情，含服务对象和社工",
        .tag = "services",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/services/{id}",
        .handler = api_services_update,
        .permission = "service.write",
        .summary = "Change a record (If-Match or version); after "
            "service.edit_days only with a reason, the original kept",
        .summary_zh = "修改服务记录（须带 If-Match 或 version）；"
            "超过 service.edit_days 后须填写理由，原内容保留",
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
        .summary_zh = "删除误录的服务记录（限录入人在 service.edit_days "
            "天内，且已无附件；须带 If-Match 或 version）；全部字段记入审计"
            "日志",
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/services/{id}/revisions",
        .handler = api_services_revisions,
        .permission = "service.read",
        .summary = "What the record said before each change (痕迹)",
        .summary_zh = "每次修改前的记录内容（痕迹）",
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/clients/{id}/timeline",
        .handler = api_clients_timeline,
        .permission = "service.read",
        .summary = "A client's services and case steps in one chronological "
            "view, newest first",
        .summary_zh = "服务对象的服务记录和个案历程，按时间合并显示，"
            "最新的在前",
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
        .summary_zh = "工作日志：根据服务记录统计社工每天的服务记录和时长"
            "（分钟）",
        .query = worklog_query,
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/groups",
        .handler = api_groups_list,
        .permission = "service.read",
        .summary = "小组: groups in the caller's range, newest first",
        .summary_zh = "小组：调用者数据范围内的小组，最新的在前",
        .query = groups_query,
        .page_size = 20,
        .tag = "services",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/groups",
        .handler = api_groups_create,
        .permission = "service.write",
        .summary = "Start a group: goals, planned sessions, members, workers",
        .summary_zh = "开设小组：目标、计划节数、成员、社工",
        .body = &api_group_create_schema,
        .tag = "services",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/groups/{id}",
        .handler = api_groups_get,
        .permission = "service.read",
        .summary = "One group with its sessions and attendance",
        .summary_zh = "小组详情，含各节活动和出勤",
        .tag = "services",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/groups/{id}",
        .handler = api_groups_update,
        .permission = "service.write",
        .summary = "Change an active group (If-Match or version)",
        .summary_zh = "修改进行中的小组（须带 If-Match 或 version）",
        .body = &api_group_update_schema,
        .tag = "services",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/groups/{id}/close",
        .handler = api_groups_close,
        .permission = "service.write",
        .summary = "Close a group with its evaluation",
        .summary_zh = "结束小组并填写评估",
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
        .summary_zh = "统计：调用者数据范围内按统计口径计算的各项指标，"
            "可按地区、时间、对象类别、服务领域或服务类型分组；"
            "与数据看板和报告中的数字一致",
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
        .summary_zh = "待办：来自个案、回访、移交和定期走访的到期事项；"
            "已逾期、7 天内到期或全部",
        .query = tasks_query,
        .page_size = 50,
        .tag = "cases",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/cases",
        .handler = api_cases_list,
        .permission = "case.read",
        .summary = "个案: cases in the caller's range, newest first; "
            "pending=1 is the supervisor's inbox",
        .summary_zh = "个案：调用者数据范围内的个案，最新的在前；"
            "pending=1 为督导待办",
        .query = cases_query,
        .page_size = 20,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases",
        .handler = api_cases_create,
        .permission = "case.write",
        .summary = "接案: open a case for a client",
        .summary_zh = "接案：为服务对象开立个案",
        .body = &api_case_open_schema,
        .tag = "cases",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/cases/{id}",
        .handler = api_cases_get,
        .permission = "case.read",
        .summary = "One case with its forms, story, referrals and follow-ups",
        .summary_zh = "个案详情，含各阶段表单、个案历程、转介和回访",
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/assessment",
        .handler = api_cases_assess,
        .permission = "case.write",
        .summary = "预估: needs by domain and the risk level",
        .summary_zh = "预估：各领域的需求及风险等级",
        .body = &api_case_assess_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/plan",
        .handler = api_cases_plan,
        .permission = "case.write",
        .summary = "服务计划: goals and tasks, submitted for a supervisor's approval",
        .summary_zh = "服务计划：目标和任务，提交督导审批",
        .body = &api_case_plan_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/decision",
        .handler = api_cases_decide,
        .permission = "case.approve",
        .summary = "A supervisor approves or returns the plan or the closure",
        .summary_zh = "督导批准或退回服务计划或结案申请",
        .body = &api_case_decision_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/evaluation",
        .handler = api_cases_evaluate,
        .permission = "case.write",
        .summary = "评估: how far each goal of the plan was reached",
        .summary_zh = "评估：服务计划各项目标的达成情况",
        .body = &api_case_evaluate_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/closure",
        .handler = api_cases_close,
        .permission = "case.write",
        .summary = "结案: request closure (a supervisor approves)",
        .summary_zh = "结案：提交结案申请（由督导审批）",
        .body = &api_case_closure_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/transfer",
        .handler = api_cases_transfer,
        .permission = "case.write",
        .summary = "Offer the case to another worker or station",
        .summary_zh = "将个案移交给其他社工或站点",
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
        .summary_zh = "可移交的去向：个案所在市的运行中站点，或"
            "（带 station_id 时）该站点可接收个案的社工",
        .query = transfer_targets_query,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/transfer/answer",
        .handler = api_cases_answer,
        .permission = "case.write",
        .summary = "The receiver accepts or declines a transfer",
        .summary_zh = "接收方接受或拒绝移交",
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
        .summary_zh = "发起人，或个案所属站点的督导或站长，"
            "撤回尚待接收方处理的移交",
        .body = &api_case_withdraw_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/reopen",
        .handler = api_cases_reopen,
        .permission = "case.write",
        .summary = "Reopen a closed case, with the reason",
        .summary_zh = "重新开案，须填写原因",
        .body = &api_case_reopen_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/referrals",
        .handler = api_cases_refer,
        .permission = "case.write",
        .summary = "Refer the client to an outside agency",
        .summary_zh = "将服务对象转介到外部机构",
        .body = &api_case_referral_schema,
        .tag = "cases",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/cases/{id}/referrals/{referral}/outcome",
        .handler = api_cases_referral_outcome,
        .permission = "case.write",
        .summary = "Record what came of a referral",
        .summary_zh = "登记转介结果",
        .body = &api_case_outcome_schema,
        .tag = "cases",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/needs_surveys",
        .handler = api_surveys_list,
        .permission = "service.read",
        .summary = "需求调研: the stations' needs surveys, newest first",
        .summary_zh = "需求调研：各站点的需求调研，最新的在前",
        .query = surveys_query,
        .page_size = 20,
        .tag = "plans",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/needs_surveys",
        .handler = api_surveys_create,
        .permission = "service.write",
        .summary = "Record a needs survey: method, respondents, findings by target group",
        .summary_zh = "登记需求调研：调研方式、调研对象、按目标群体的调研发现",
        .body = &api_survey_create_schema,
        .tag = "plans",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/needs_surveys/{id}",
        .handler = api_surveys_get,
        .permission = "service.read",
        .summary = "One needs survey",
        .summary_zh = "需求调研详情",
        .tag = "plans",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/needs_surveys/{id}",
        .handler = api_surveys_update,
        .permission = "service.write",
        .summary = "Change a needs survey (If-Match or version)",
        .summary_zh = "修改需求调研（须带 If-Match 或 version）",
        .body = &api_survey_update_schema,
        .tag = "plans",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/station_plans",
        .handler = api_plans_list,
        .permission = "service.read",
        .summary = "年度服务计划: the stations' yearly service plans",
        .summary_zh = "年度服务计划：各站点的年度服务计划",
        .query = plans_query,
        .page_size = 20,
        .tag = "plans",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/station_plans",
        .handler = api_plans_create,
        .permission = "service.write",
        .summary = "Draft a station's plan for a year: quantities by area and type",
        .summary_zh = "起草站点的年度服务计划：按服务领域和服务类型的计划数量",
        .body = &api_plan_create_schema,
        .tag = "plans",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/station_plans/{id}",
        .handler = api_plans_get,
        .permission = "service.read",
        .summary = "One plan with what the records have done against each item",
        .summary_zh = "年度服务计划详情，含服务记录对各项的完成情况",
        .tag = "plans",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/station_plans/{id}",
        .handler = api_plans_update,
        .permission = "service.write",
        .summary = "Change a draft plan (If-Match or version)",
        .summary_zh = "修改草稿状态的计划（须带 If-Match 或 version）",
        .body = &api_plan_update_schema,
        .tag = "plans",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/station_plans/{id}/submit",
        .handler = api_plans_submit,
        .permission = "service.write",
        .summary = "Submit the plan to the bureau (final)",
        .summary_zh = "向民政局提交计划（提交后不能修改）",
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
        .summary_zh = "报告类型：各类报告由谁编写和审核，"
            "以及当前政策配置下的报送期限",
        .tag = "reports",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/reports",
        .handler = api_reports_list,
        .permission = "report.read",
        .summary = "报告: monthly briefs to the self-evaluation, by period "
            "and status, newest period first",
        .summary_zh = "报告：从月度工作简报到绩效自评报告，"
            "可按报告期和状态筛选，最新的报告期在前",
        .query = reports_query,
        .page_size = 20,
        .tag = "reports",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/reports",
        .handler = api_reports_create,
        .permission = "report.write",
        .summary = "Draft a report: type, its scope (station_id, "
            "region_code or contract_id), period and narrative",
        .summary_zh = "起草报告：报告类型、报告范围（station_id、"
            "region_code 或 contract_id）、报告期和工作总结",
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
        .summary_zh = "报告详情，含数据（提交后冻结，草稿时实时计算）"
            "和审核记录；{id}.xlsx：导出为电子表格",
        .tag = "reports",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/reports/{id}",
        .handler = api_reports_update,
        .permission = "report.write",
        .summary = "Change a draft or returned report's narrative (If-Match "
            "or version)",
        .summary_zh = "修改草稿或已退回报告的工作总结"
            "（须带 If-Match 或 version）",
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
        .summary_zh = "删除从未提交的草稿（误建时；须带 If-Match 或 version；"
            "须先删除其附件）",
        .tag = "reports",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/reports/{id}/submit",
        .handler = api_reports_submit,
        .permission = "report.write",
        .summary = "Submit: the figures are frozen and kept in the history",
        .summary_zh = "提交：数据冻结，并保存在审核记录中",
        .body = &api_report_submit_schema,
        .tag = "reports",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/reports/{id}/return",
        .handler = api_reports_return,
        .permission = "report.review",
        .summary = "Return a submitted report with comments",
        .summary_zh = "退回已提交的报告并填写审核意见",
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
        .summary_zh = "为草稿或已退回的报告上传附件（照片、PDF、Office 文档；"
            "请求体即文件）",
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
        .summary_zh = "报告的附件（下载：/api/v1/attachments/{token}）",
        .tag = "reports",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/reports/{id}/attachments/{token}",
        .handler = api_reports_attachments_delete,
        .permission = "report.write",
        .summary = "Remove a file from a draft or returned report (its "
            "uploader, within service.edit_days)",
        .summary_zh = "从草稿或已退回的报告中删除附件"
            "（限上传者在 service.edit_days 天内）",
        .tag = "reports",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/reports/{id}/accept",
        .handler = api_reports_accept,
        .permission = "report.review",
        .summary = "Accept a submitted report",
        .summary_zh = "审核通过已提交的报告",
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
        .summary_zh = "上传照片或文档附件（请求体即文件；JPG、PNG、PDF、"
            "Office；按文件内容校验类型）",
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
        .summary_zh = "服务记录、个案或小组的附件",
        .query = attachment_owner_query,
        .tag = "attachments",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/attachments/{token}",
        .handler = api_attachments_get,
        .permission = "service.read",
        .summary = "The file, after its record's range is checked",
        .summary_zh = "附件文件（先核对其所属记录是否在数据范围内）",
        .download = "image/jpeg, image/png, application/pdf, Office",
        .tag = "attachments",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/attachments/{token}/thumbnail",
        .handler = api_attachments_thumbnail,
        .permission = "service.read",
        .summary = "A photo's thumbnail (JPEG, 320 px)",
        .summary_zh = "照片的缩略图（JPEG，320 像素）",
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
        .summary_zh = "删除附件（限上传者在 service.edit_days 天内）",
        .tag = "attachments",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/calendar/years",
        .handler = api_calendar_years,
        .permission = "signed_in",
        .summary = "工作日历: the years whose official holiday schedule is "
            "loaded",
        .summary_zh = "工作日历：已载入国家法定节假日安排的年度",
        .tag = "calendar",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/calendar/years",
        .handler = api_calendar_upload,
        .permission = "calendar.manage",
        .summary = "Load a year's schedule (the body is a chinese-days JSON "
            "file); replaces what was loaded for its years",
        .summary_zh = "载入年度节假日安排（请求体为 chinese-days 格式的 JSON "
            "文件）；替换文件所含年度已载入的安排",
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
        .summary_zh = "某年度的放假日和调休上班日",
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
        .summary_zh = "某日期之后第 N 个工作日（起算当日不计入）；"
            "所涉年度未载入时为暂定",
        .query = deadline_query,
        .tag = "calendar",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/organisations",
        .handler = api_organisations_list,
        .permission = "organisation.read",
        .summary = "承接机构: the organisations, by name",
        .summary_zh = "承接机构：机构列表，按名称排序",
        .query = organisations_query,
        .page_size = 20,
        .tag = "organisations",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/organisations",
        .handler = api_organisations_create,
        .permission = "organisation.manage",
        .summary = "Register an organisation (统一社会信用代码 checked)",
        .summary_zh = "登记承接机构（校验统一社会信用代码）",
        .body = &api_organisation_create_schema,
        .tag = "organisations",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/organisations/{id}",
        .handler = api_organisations_get,
        .permission = "organisation.read",
        .summary = "One organisation",
        .summary_zh = "承接机构详情",
        .tag = "organisations",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/organisations/{id}",
        .handler = api_organisations_update,
        .permission = "organisation.manage",
        .summary = "Change an organisation (If-Match or version); a status "
            "other than active needs a reason",
        .summary_zh = "修改承接机构（须带 If-Match 或 version）；"
            "状态改为 active 以外的须填写理由",
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
        .summary_zh = "合规检查：调用者数据范围内的检查结果（违规在前），"
            "以及政策配置启用和未启用的规则",
        .query = compliance_query,
        .page_size = 50,
        .tag = "compliance",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/dashboard",
        .handler = api_dashboard,
        .permission = "dashboard.read",
        .summary = "数据看板: a station's month or a county's (township's) "
            "year at a glance, the figures as /stats counts them",
        .summary_zh = "数据看板：站点的月度概况，或县、乡镇（街道）"
            "的年度概况，数字按 /stats 的口径计算",
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
        .summary_zh = "服务协议：覆盖调用者数据范围内站点的服务协议，"
            "服务期限最新的在前",
        .query = contracts_query,
        .page_size = 20,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/contracts",
        .handler = api_contracts_create,
        .permission = "contract.manage",
        .summary = "Sign a contract: organisation, procurement method, "
            "cycle, amount, dates and the stations with their shares",
        .summary_zh = "签订服务协议：承接机构、采购方式、服务周期、金额、"
            "日期，以及覆盖站点及各站金额",
        .body = &api_contract_create_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}",
        .handler = api_contracts_get,
        .permission = "contract.read",
        .summary = "One contract with its stations",
        .summary_zh = "服务协议详情及其覆盖站点",
        .tag = "contracts",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/contracts/{id}",
        .handler = api_contracts_update,
        .permission = "contract.manage",
        .summary = "Change a contract (If-Match or version); stations, "
            "when given, replace the list",
        .summary_zh = "修改服务协议（须带 If-Match 或 version）；提供站点时，"
            "替换原站点列表",
        .body = &api_contract_update_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}/scope",
        .handler = api_contracts_scope_get,
        .permission = "contract.read",
        .summary = "The contract's service scope: areas and their items",
        .summary_zh = "服务协议的服务范围：服务领域及其服务事项",
        .tag = "contracts",
    },
    {
        .method = "PUT",
        .pattern = "/api/v1/contracts/{id}/scope",
        .handler = api_contracts_scope_put,
        .permission = "contract.manage",
        .summary = "Replace the service scope (the profile's areas; If-Match or "
            "the contract's version)",
        .summary_zh = "替换服务范围（政策配置中的服务领域；"
            "须带 If-Match 或服务协议的 version）",
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
        .summary_zh = "年度目标，以及服务记录的完成数和协议期已过的比例",
        .tag = "contracts",
    },
    {
        .method = "PUT",
        .pattern = "/api/v1/contracts/{id}/targets",
        .handler = api_contracts_targets_put,
        .permission = "contract.manage",
        .summary = "Replace the yearly targets (If-Match or the contract's version)",
        .summary_zh = "替换年度目标（须带 If-Match 或服务协议的 version）",
        .body = &api_contract_targets_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}/amendments",
        .handler = api_contracts_amendments_list,
        .permission = "contract.read",
        .summary = "The contract's amendments, oldest first",
        .summary_zh = "服务协议的变更记录，最早的在前",
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/contracts/{id}/amendments",
        .handler = api_contracts_amendments_create,
        .permission = "contract.manage",
        .summary = "Record an amendment: date, reason, what changed",
        .summary_zh = "登记协议变更：变更日期、原因、变更内容",
        .body = &api_contract_amendment_schema,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/contracts/{id}/terminate",
        .handler = api_contracts_terminate,
        .permission = "contract.manage",
        .summary = "Terminate the contract with its reason (If-Match or version)",
        .summary_zh = "终止服务协议并填写原因（须带 If-Match 或 version）",
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
        .summary_zh = "上传服务协议的文件（协议文本：PDF、Word、照片；"
            "请求体即文件）",
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
        .summary_zh = "服务协议的文件（下载：/api/v1/attachments/{token}）",
        .tag = "contracts",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/contracts/{id}/documents/{token}",
        .handler = api_contracts_documents_delete,
        .permission = "contract.manage",
        .summary = "Remove a document from a contract (its uploader, within "
            "service.edit_days)",
        .summary_zh = "删除服务协议的文件"
            "（限上传者在 service.edit_days 天内）",
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/filings",
        .handler = api_filings_list,
        .permission = "contract.read",
        .summary = "备案: filings with due dates (provisional: 暂定), earliest due "
            "first",
        .summary_zh = "备案：备案事项及其期限（暂定的期限标注“暂定”），"
            "期限最早的在前",
        .query = filings_query,
        .page_size = 50,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/filings",
        .handler = api_filings_create,
        .permission = "contract.manage",
        .summary = "Track a filing; its due date from the profile unless given",
        .summary_zh = "登记备案事项；未给出期限时按政策配置计算",
        .body = &api_filing_create_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/filings/{id}",
        .handler = api_filings_get,
        .permission = "contract.read",
        .summary = "One filing",
        .summary_zh = "备案事项详情",
        .tag = "contracts",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/filings/{id}",
        .handler = api_filings_update,
        .permission = "contract.manage",
        .summary = "Record the filing date or change a filing (If-Match or version)",
        .summary_zh = "登记备案日期或修改备案事项（须带 If-Match 或 version）",
        .body = &api_filing_update_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/debarments",
        .handler = api_debarments_list,
        .permission = "contract.read",
        .summary = "Organisations barred from new contracts, newest first",
        .summary_zh = "被禁止承接新服务协议的机构，最新的在前",
        .query = debarments_query,
        .page_size = 50,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/debarments",
        .handler = api_debarments_create,
        .permission = "contract.manage",
        .summary = "Debar an organisation for a period (blocks new contracts)",
        .summary_zh = "在一段期间内禁止某机构承接（不能签订新的服务协议）",
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
        .summary_zh = "年度计划：承接机构年度工作计划和县级年度实施计划，"
            "含时间节点",
        .query = work_plans_query,
        .page_size = 20,
        .tag = "contracts",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/work_plans",
        .handler = api_work_plans_create,
        .permission = "contract.manage",
        .summary = "Create an annual plan with its milestones",
        .summary_zh = "新建年度计划及其时间节点",
        .body = &api_work_plan_create_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/work_plans/{id}",
        .handler = api_work_plans_get,
        .permission = "contract.read",
        .summary = "One annual plan",
        .summary_zh = "年度计划详情",
        .tag = "contracts",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/work_plans/{id}",
        .handler = api_work_plans_update,
        .permission = "contract.manage",
        .summary = "Change an annual plan; milestones, when given, replace the "
            "list (If-Match or version)",
        .summary_zh = "修改年度计划；提供时间节点时，替换原列表"
            "（须带 If-Match 或 version）",
        .body = &api_work_plan_update_schema,
        .tag = "contracts",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/budget_lines",
        .handler = api_budget_lines_list,
        .permission = "money.read",
        .summary = "预算: yearly budget lines by fund source",
        .summary_zh = "预算：按资金来源的年度预算科目",
        .query = budget_lines_query,
        .page_size = 20,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/budget_lines",
        .handler = api_budget_lines_create,
        .permission = "money.manage",
        .summary = "Enter a budget line (year, source, budget and spent in fen)",
        .summary_zh = "录入预算科目（年度、资金来源、预算和支出，单位为分）",
        .body = &api_budget_line_create_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/budget_lines/{id}",
        .handler = api_budget_lines_get,
        .permission = "money.read",
        .summary = "One budget line",
        .summary_zh = "预算科目详情",
        .tag = "money",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/budget_lines/{id}",
        .handler = api_budget_lines_update,
        .permission = "money.manage",
        .summary = "Change a budget line (If-Match or version)",
        .summary_zh = "修改预算科目（须带 If-Match 或 version）",
        .body = &api_budget_line_update_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/allocations",
        .handler = api_allocations_list,
        .permission = "money.read",
        .summary = "Allocations of budget lines to contracts and stations",
        .summary_zh = "预算科目向服务协议和站点的资金分配",
        .query = allocations_query,
        .page_size = 20,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/allocations",
        .handler = api_allocations_create,
        .permission = "money.manage",
        .summary = "Allocate a budget line (refused above it)",
        .summary_zh = "分配预算科目的资金（超出预算时拒绝）",
        .body = &api_allocation_create_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/allocations/{id}",
        .handler = api_allocations_get,
        .permission = "money.read",
        .summary = "One allocation",
        .summary_zh = "资金分配详情",
        .tag = "money",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/allocations/{id}",
        .handler = api_allocations_delete,
        .permission = "money.manage",
        .summary = "Remove an allocation typed wrong (the audit row keeps "
            "every field of it)",
        .summary_zh = "删除录错的资金分配（审计日志保留其全部字段）",
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/expenditures",
        .handler = api_expenditures_list,
        .permission = "money.read",
        .summary = "Expenditures by contract, station, category, period",
        .summary_zh = "项目支出，可按服务协议、站点、支出科目、期间筛选",
        .query = expenditures_query,
        .page_size = 20,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/expenditures.xlsx",
        .handler = api_expenditures_export,
        .permission = "money.read",
        .summary = "项目支出明细: the expenditures as .xlsx, with the list's "
                   "filters (audited)",
        .summary_zh = "项目支出明细：按列表的筛选条件导出 .xlsx"
            "（记入审计日志）",
        .query = expenditures_query,
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
        .summary_zh = "登记服务协议的一笔支出",
        .body = &api_expenditure_create_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/expenditures/{id}",
        .handler = api_expenditures_get,
        .permission = "money.read",
        .summary = "One expenditure",
        .summary_zh = "支出详情",
        .tag = "money",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/expenditures/{id}",
        .handler = api_expenditures_update,
        .permission = "expenditure.write",
        .summary = "Change an expenditure (If-Match or version)",
        .summary_zh = "修改支出（须带 If-Match 或 version）",
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
        .summary_zh = "删除重复录入的支出（须带 If-Match 或 version；"
            "有凭证时拒绝）",
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/expenditures/{id}/vouchers",
        .handler = api_expenditures_voucher_add,
        .permission = "expenditure.write",
        .summary = "Attach a voucher (原始凭证; the body is the file)",
        .summary_zh = "上传原始凭证（请求体即文件）",
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
        .summary_zh = "该笔支出的原始凭证（下载："
            "/api/v1/attachments/{token}）",
        .tag = "money",
    },
    {
        .method = "DELETE",
        .pattern = "/api/v1/expenditures/{id}/vouchers/{token}",
        .handler = api_expenditures_voucher_delete,
        .permission = "expenditure.write",
        .summary = "Remove a voucher from an expenditure (its uploader, "
            "within service.edit_days)",
        .summary_zh = "删除支出的凭证（限上传者在 service.edit_days 天内）",
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}/ledger",
        .handler = api_contract_ledger,
        .permission = "money.read",
        .summary = "专款专用: the contract's ledger (in, out, balance)",
        .summary_zh = "专款专用：服务协议的项目台账（收入、支出、结余）",
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/fund_use",
        .handler = api_fund_use,
        .permission = "money.read",
        .summary = "Fund-use statement by source and category (.xlsx too)",
        .summary_zh = "资金使用情况，按资金来源和支出科目（也可导出 .xlsx）",
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
        .summary_zh = "服务协议的绩效评估结果",
        .query = evaluations_query,
        .page_size = 20,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/evaluations",
        .handler = api_evaluations_create,
        .permission = "evaluation.write",
        .summary = "Record an evaluation: a result as reported, or scores "
                   "by indicator, which then decide the grade and passed",
        .summary_zh = "登记绩效评估：照评估报告登记结果，或按指标评分，"
            "由评分确定等次和是否合格",
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
        .summary_zh = "绩效评估结果（公示用）：服务协议、承接机构、"
            "得分和等次，按列表的筛选条件导出（记入审计日志）",
        .query = evaluations_query,
        .tag = "money",
        .download = XLSX,
    },
    {
        .method = "GET",
        .pattern = "/api/v1/evaluations/{id}",
        .handler = api_evaluations_get,
        .permission = "money.read",
        .summary = "One evaluation with its scores by indicator",
        .summary_zh = "绩效评估详情及各项指标的评分",
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/evaluations/{id}/void",
        .handler = api_evaluations_void,
        .permission = "evaluation.write",
        .summary = "Void an evaluation recorded by mistake, with the reason "
                   "(not one an installment was paid on)",
        .summary_zh = "作废误录的绩效评估并填写理由（已据此拨付过款项的除外）",
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
        .summary_zh = "绩效评估指标：在用的指标树、满分及等次分数线",
        .query = indicators_query,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/evaluation_indicators",
        .handler = api_evaluation_indicators_create,
        .permission = "evaluation.indicator",
        .summary = "Add a first-level indicator, or a scored one under it",
        .summary_zh = "添加一级指标，或在其下添加计分的二级指标",
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
        .summary_zh = "修改指标的名称、分值、排序，或停用指标"
            "（已有的评分保留评分时的指标名称和分值）",
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
        .summary_zh = "优秀、良好、合格三个等次的起始分数线（占满分的百分比）",
        .body = &api_evaluation_bands_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/acceptances",
        .handler = api_acceptances_list,
        .permission = "money.read",
        .summary = "Performance acceptances (履约验收) of contracts",
        .summary_zh = "服务协议的履约验收",
        .query = acceptances_query,
        .page_size = 20,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/acceptances",
        .handler = api_acceptances_create,
        .permission = "money.manage",
        .summary = "Record a performance acceptance",
        .summary_zh = "登记履约验收",
        .body = &api_acceptance_create_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/contracts/{id}/payments",
        .handler = api_contract_payments,
        .permission = "money.read",
        .summary = "The contract's installments and due dates (.xlsx too)",
        .summary_zh = "服务协议的分期拨付计划及应付日期（也可导出 .xlsx）",
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
        .summary_zh = "按政策配置的拨付安排生成分期拨付计划",
        .body = &api_payments_generate_schema,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/payments/{id}/pay",
        .handler = api_payments_pay,
        .permission = "money.manage",
        .summary = "Pay an installment (refused while blocked)",
        .summary_zh = "拨付一期款项（暂停拨付时拒绝）",
        .body = &api_payment_pay_schema,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/payments/{id}/withhold",
        .handler = api_payments_withhold,
        .permission = "money.manage",
        .summary = "Withhold an installment, with a reason",
        .summary_zh = "暂缓拨付一期款项，须填写理由",
        .body = &api_payment_reason_schema,
        .tag = "money",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/payments/{id}/override",
        .handler = api_payments_override,
        .permission = "payment.override",
        .summary = "Override a blocked installment, with a reason",
        .summary_zh = "特批拨付暂停的一期款项，须填写理由",
        .body = &api_payment_reason_schema,
        .tag = "money",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/staff",
        .handler = api_staff_list,
        .permission = "staff.read",
        .summary = "社工: the workers in the caller's range, in pinyin order",
        .summary_zh = "社工：调用者数据范围内的社工，按拼音排序",
        .query = staff_query,
        .page_size = 20,
        .tag = "staff",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/staff",
        .handler = api_staff_create,
        .permission = "staff.manage",
        .summary = "Register a worker (employer, certificate, wage …)",
        .summary_zh = "登记社工（聘用单位、职业资格、工资等）",
        .body = &api_staff_create_schema,
        .tag = "staff",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/staff_roster.xlsx",
        .handler = api_staff_roster,
        .permission = "staff.read",
        .summary = "花名册: the roster as .xlsx, with the list's filters",
        .summary_zh = "花名册：按列表的筛选条件导出 .xlsx",
        .query = staff_query,
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
        .summary_zh = "社工详情，含当前驻站站点",
        .tag = "staff",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/staff/{id}",
        .handler = api_staff_update,
        .permission = "staff.manage",
        .summary = "Change a worker (If-Match or version); leaving ends her "
            "assignment",
        .summary_zh = "修改社工信息（须带 If-Match 或 version）；"
            "离职即结束其派驻",
        .body = &api_staff_update_schema,
        .tag = "staff",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/staff/{id}/assignments",
        .handler = api_staff_assignments,
        .permission = "staff.read",
        .summary = "A worker's station assignments, newest first",
        .summary_zh = "社工的派驻记录，最新的在前",
        .tag = "staff",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/staff/{id}/assignments",
        .handler = api_staff_assign,
        .permission = "staff.manage",
        .summary = "Assign a worker to a station (专职专岗: one at a time); "
            "her login's data range follows",
        .summary_zh = "派驻社工到站点（专职专岗：同一时间只能派驻一个站点）；"
            "其登录账号的数据范围随之调整",
        .body = &api_staff_assign_schema,
        .tag = "staff",
    },
    {
        .method = "PATCH",
        .pattern = "/api/v1/staff/{id}/assignments/{assignment_id}",
        .handler = api_staff_end_assignment,
        .permission = "staff.manage",
        .summary = "End an assignment on a day",
        .summary_zh = "在某日结束派驻",
        .body = &api_staff_end_assignment_schema,
        .tag = "staff",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/staff/{id}/trainings",
        .handler = api_staff_trainings,
        .permission = "staff.read",
        .summary = "A worker's trainings, newest first",
        .summary_zh = "社工的培训记录，最新的在前",
        .tag = "staff",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/staff/{id}/trainings",
        .handler = api_staff_add_training,
        .permission = "staff.manage",
        .summary = "Record a training a worker attended",
        .summary_zh = "登记社工参加的培训",
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
        .summary_zh = "更正社工的培训记录（须带 If-Match 或 version；"
            "修改前后的内容记入审计日志）",
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
        .summary_zh = "删除误录的培训记录"
            "（限录入人在 service.edit_days 天内；须带 If-Match 或 version）",
        .tag = "staff",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/supervision_sessions",
        .handler = api_supervision_list,
        .permission = "staff.read",
        .summary = "督导记录: supervision sessions in the caller's range",
        .summary_zh = "督导记录：调用者数据范围内的督导",
        .query = supervision_query,
        .page_size = 20,
        .tag = "staff",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/supervision_sessions",
        .handler = api_supervision_create,
        .permission = "supervision.write",
        .summary = "Record a supervision session (supervisor, attendees, "
            "topic, minutes)",
        .summary_zh = "填写督导记录（督导、参加人员、督导主题、督导纪要）",
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
        .summary_zh = "更正调用者数据范围内的督导记录"
            "（须带 If-Match 或 version；按录入时的规则校验，"
            "修改前后的内容记入审计日志）",
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
        .summary_zh = "删除误录的督导记录"
            "（限录入人在 service.edit_days 天内；须带 If-Match 或 version）",
        .tag = "staff",
    },
    {
        .method = "GET",
        .pattern = "/api/v1/min_wages",
        .handler = api_min_wages_list,
        .permission = "staff.read",
        .summary = "最低工资标准: each county's dated minimum wage",
        .summary_zh = "最低工资标准：各县按执行日期的月最低工资",
        .query = min_wages_query,
        .page_size = 50,
        .tag = "staff",
    },
    {
        .method = "POST",
        .pattern = "/api/v1/min_wages",
        .handler = api_min_wages_create,
        .permission = "min_wage.manage",
        .summary = "Enter a county's minimum wage from a day (the "
            "provincial standard)",
        .summary_zh = "录入某县自某日起执行的最低工资（省级标准）",
        .body = &api_min_wage_create_schema,
        .tag = "staff",
    },
};

const size_t routes_count = sizeof routes / sizeof routes[0];
