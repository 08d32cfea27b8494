#include "msg.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct msg {
    const char *code;
    const char *zh;
    const char *en;
};

static const struct msg msgs[MSG_COUNT_] = {
    [MSG_NOT_FOUND] = {"not_found", "%s不存在", "%s not found"},
    [MSG_ROUTE_NOT_FOUND] = {"not_found", "接口不存在", "no such endpoint"},
    [MSG_METHOD_NOT_ALLOWED] = {"method_not_allowed", "该接口不支持此请求方法",
                                "method not allowed on this endpoint"},
    [MSG_BODY_TOO_LARGE] = {"payload_too_large", "请求内容过大",
                            "request body too large"},
    [MSG_INVALID_JSON] = {"invalid_json", "请求内容不是有效的JSON",
                          "request body is not valid JSON"},
    [MSG_JSON_TOO_DEEP] = {"invalid_json", "JSON嵌套层级过深",
                           "JSON nested too deeply"},
    [MSG_NOT_OBJECT] = {"invalid_json", "请求内容必须是JSON对象",
                        "request body must be a JSON object"},
    [MSG_BAD_UTF8] = {"validation_failed", "%s含有无效字符(须为UTF-8文本)",
                      "%s contains invalid characters (UTF-8 text only)"},
    [MSG_UNKNOWN_FIELD] = {"unknown_field", "未知字段：%s",
                           "unknown field: %s"},
    [MSG_SETTING_TAKES_DATE] = {"validation_failed",
        "%s是日期：请用date填写(YYYY-MM-DD，null为不设)，不用value",
        "%s is a day: send it as date (YYYY-MM-DD, null for none), not as value"},
    [MSG_SETTING_TAKES_NUMBER] = {"validation_failed",
        "%s是数值：请用value填写，不用date",
        "%s is a number: send it as value, not as date"},
    [MSG_SETTING_DAY_LATER] = {"validation_failed",
        "%s不能晚于今天：请在上线当天或之后设置(一个错写的年份会让各期报告都不再督办)",
        "%s cannot be later than today: set it on the go-live day or after (a mistyped year would stop every report being asked for)"},
    [MSG_SETTING_DAY_RANGE] = {"validation_failed",
        "%s须为2000年以后的日期", "%s must be a day from 2000 on"},
    [MSG_REQUIRED] = {"validation_failed", "%s不能为空", "%s is required"},
    [MSG_WRONG_TYPE_STRING] = {"validation_failed", "%s必须是文本",
                               "%s must be a string"},
    [MSG_WRONG_TYPE_INT] = {"validation_failed", "%s必须是整数",
                            "%s must be an integer"},
    [MSG_WRONG_TYPE_BOOL] = {"validation_failed", "%s必须是true或false",
                             "%s must be true or false"},
    [MSG_WRONG_TYPE_OBJECT] = {"validation_failed", "%s必须是对象",
                               "%s must be an object"},
    [MSG_WRONG_TYPE_ARRAY] = {"validation_failed", "%s必须是数组",
                              "%s must be an array"},
    [MSG_TOO_SHORT] = {"validation_failed", "%s太短", "%s is too short"},
    [MSG_TOO_LONG] = {"validation_failed", "%s太长", "%s is too long"},
    [MSG_OUT_OF_RANGE] = {"validation_failed", "%s超出允许范围",
                          "%s is out of range"},
    [MSG_BAD_ENUM] = {"validation_failed", "%s的取值无效",
                      "%s has an invalid value"},
    [MSG_BAD_DATE] = {"validation_failed",
                      "%s必须是有效日期，格式为YYYY-MM-DD",
                      "%s must be a valid date as YYYY-MM-DD"},
    [MSG_PHONE_FULLWIDTH] = {"validation_failed",
        "%s含有全角字符，请用半角数字和-",
        "%s contains full-width characters: use ASCII digits and -"},
    [MSG_PHONE_TWO] = {"validation_failed",
        "%s只能填一个号码，这里填了两个：请只保留一个(另一个可写在备注)",
        "%s takes one number and this holds two: keep one (the other may go in the notes)"},
    [MSG_PHONE_NOTE] = {"validation_failed",
        "%s只填号码，号码旁的文字(如“儿子”“本人”)请写在备注",
        "%s takes the number alone: words beside it (whose it is, say) go in the notes"},
    [MSG_PHONE_NONE] = {"validation_failed",
        "%s：没有电话时请留空，不要填“无”或“-”",
        "%s: leave it empty when there is no number, rather than writing 无 or -"},
    [MSG_PHONE_EXTENSION] = {"validation_failed",
        "%s的分机号请用“-”接在号码后，如0731-22345678-123",
        "%s: write the extension after a \"-\", as in 0731-22345678-123"},
    [MSG_PHONE_AS_NUMBER] = {"validation_failed",
        "%s被Excel存成了数字(科学计数法，如1.39073E+10)，号码可能已不完整：请把该列设为文本后重新录入",
        "%s was kept by Excel as a number in E notation (1.39073E+10, say), and digits may be lost: format the column as text and enter the number again"},
    [MSG_PHONE_MOBILE_DASHES] = {"validation_failed",
        "%s：手机号码请连续填写11位数字，不要加“-”",
        "%s: write a mobile number as its 11 digits, without \"-\""},
    [MSG_BAD_PHONE] = {"validation_failed", "%s不是有效的电话号码",
                       "%s is not a valid phone number"},
    [MSG_NAME_NO_LETTER] = {"validation_failed",
                            "%s须含汉字或字母，不能只有数字或符号",
                            "%s needs a letter: not digits or symbols alone"},
    [MSG_AFTER_TODAY] = {"validation_failed", "%s不能晚于今天",
                         "%s cannot be later than today"},
    [MSG_IMPORT_STATUS_MISSING] = {"validation_failed",
        "填写了%s，但没有填写状态（迁出、死亡或注销）",
        "%s is given without a status (moved away, deceased or closed)"},
    [MSG_IMPORT_DEATH_KEPT] = {"validation_failed",
        "系统中%s 已登记为死亡，导入不能改变这一状态：请将该行的状态改为“死亡”或留空；确属登记错误的，请在其详情页修改",
        "%s is registered as deceased: an import cannot change that; make "
        "the row's status 死亡 or leave it empty, and if the death was a "
        "mistake, correct it on the client's page"},
    [MSG_IMPORT_ACTIVE_EXTRA] = {"validation_failed",
        "状态为“在册”，所填的%s不导入",
        "the status is active: the %s given is not imported"},
    [MSG_IMPORT_STATION_EMPTY] = {"validation_failed",
        "未填写所属站点：请在该列填写站点，或在导入第一步为整个文件选择站点",
        "no station: fill in the station column, or choose a station for "
        "the whole file in the import's first step"},
    [MSG_IMPORT_STATUS_MERGED] = {"validation_failed",
        "状态“已合并”只在系统中合并重复记录时产生，不能导入：请填写在册、迁出、死亡或注销",
        "the status 已合并 (merged) comes only from merging duplicate "
        "records in the register: use 在册, 迁出, 死亡 or 注销"},
    [MSG_IMPORT_MASKED] = {"validation_failed",
        "%s已脱敏(含*号)，不能导入：请使用完整导出的文件，或填写完整的号码",
        "%s is masked (it holds *): use a full export, or type the whole "
        "number"},
    [MSG_IMPORT_DEATH_IN_FILE] = {"validation_failed",
        "文件第%s行已将此人登记为死亡，本行不能改变这一状态",
        "row %s of the file registers this person as deceased: this row "
        "cannot change that"},
    [MSG_IMPORT_NO_SUCH_DAY] = {"validation_failed",
                                "%s：日历上没有这一天，请核对月份和日期",
                                "%s: no such day in the calendar"},
    [MSG_IMPORT_MONTH_ONLY] = {"validation_failed",
                               "%s只写到月份，请写明哪一天，如2023-05-01",
                               "%s gives a month alone: type the day too, "
                               "e.g. 2023-05-01"},
    [MSG_NEEDED_WITHOUT_ID] = {"validation_failed",
                               "没有身份证号时须填写%s",
                               "%s is needed when there is no ID number"},
    [MSG_NAME_SYMBOL] = {"validation_failed",
                         "%s不能以=、+、-、@开头，也不能含有<>|{}#$%&*;等符号",
                         "%s may not start with = + - @ nor hold symbols "
                         "such as < > | { } # $ % & * ;"},
    [MSG_BAD_REGION_CODE] = {"validation_failed",
                             "%s必须是2、4、6、9或12位数字的区划代码",
                             "%s must be a division code of 2, 4, 6, 9 or "
                             "12 digits"},
    [MSG_REGION_NOT_FOUND] = {"validation_failed", "%s：行政区划不存在",
                              "%s: no such administrative division"},
    [MSG_BAD_QUERY_PARAM] = {"validation_failed", "查询参数%s的取值无效",
                             "query parameter %s has an invalid value"},
    [MSG_UNKNOWN_QUERY_PARAM] = {"validation_failed", "未知的查询参数：%s",
                                 "unknown query parameter: %s"},
    [MSG_STATION_TYPE_UNKNOWN] = {"validation_failed",
                                  "%s不是当前政策配置中的站点类型",
                                  "%s is not a station type of the active "
                                  "profile"},
    [MSG_STATION_TYPE_LEVEL] = {"validation_failed",
                                "%s与站点类型不符(区划级别不对)",
                                "%s does not fit the station type (wrong "
                                "division level)"},
    [MSG_STATION_REGION_OUTSIDE] = {"validation_failed",
                                    "%s不在本系统管辖区域内",
                                    "%s is outside this deployment's "
                                    "jurisdiction"},
    [MSG_STATION_DUPLICATE] = {"conflict", "该区划已有同类型站点",
                               "a station of this type already exists for "
                               "this division"},
    [MSG_STATION_NAME_TAKEN] = {"conflict", "站点名称已被使用",
                                "station name already in use"},
    [MSG_FACILITY_UNKNOWN] = {"validation_failed",
                              "%s不是当前政策配置中的设施标准项",
                              "%s is not an item of the active profile's "
                              "facilities checklist"},
    [MSG_VERSION_CONFLICT] = {"version_conflict",
                              "记录已被修改（他人或您在另一窗口），请刷新后重试",
                              "the record was changed since you opened it "
                              "(by someone else or in another window); "
                              "reload and try again"},
    [MSG_IF_MATCH_BAD] = {"validation_failed",
                          "If-Match请求头必须是记录的版本号",
                          "If-Match must be the record's version"},
    [MSG_NO_PROFILE] = {"no_profile", "尚未选择政策配置",
                        "no policy profile is active"},
    [MSG_BUSY] = {"busy", "服务器繁忙，请稍后重试",
                  "server busy, try again shortly"},
    [MSG_INTERNAL] = {"internal_error", "服务器内部错误，请联系管理员",
                      "internal error; contact the administrator"},
    [MSG_UNSUPPORTED_MEDIA] = {"unsupported_media_type",
                               "请求内容类型必须是application/json",
                               "Content-Type must be application/json"},
    [MSG_BAD_CURSOR] = {"validation_failed", "分页参数%s无效",
                        "paging parameter %s is invalid"},
    [MSG_URL_TOO_LONG] = {"uri_too_long", "请求地址过长",
                          "request URL too long"},
    [MSG_STATION_INACTIVE] = {"conflict", "站点已停用",
                              "the station is deactivated"},
    [MSG_PASSWORD_WEAK] = {"weak_password",
                           "密码至少%s位，且须包含大写字母、小写字母、数字、"
                           "符号中的至少三类",
                           "the password needs at least %s characters from 3 "
                           "of: upper case, lower case, digits, symbols"},
    [MSG_PASSWORD_IS_USERNAME] = {"weak_password", "密码不能与用户名相同",
                                  "the password must not be the user name"},
    [MSG_PASSWORD_REUSED] = {"weak_password", "不能使用最近%s次用过的密码",
                             "the password was one of the last %s"},
    [MSG_LOGIN_FAILED] = {"login_failed", "用户名或密码错误",
                          "wrong user name or password"},
    [MSG_ACCOUNT_LOCKED] = {"account_locked",
                            "登录失败次数过多，账号已锁定，请%s分钟后再试",
                            "too many failed logins: the account is locked, "
                            "try again in %s minutes"},
    [MSG_ACCOUNT_DISABLED] = {"account_disabled", "账号已停用，请联系管理员",
                              "the account is disabled; contact the "
                              "administrator"},
    [MSG_TOO_MANY_ATTEMPTS] = {"too_many_requests", "请求过于频繁，请稍后再试",
                               "too many attempts; try again shortly"},
    [MSG_LOGIN_REQUIRED] = {"login_required", "请先登录",
                            "please log in"},
    [MSG_FORBIDDEN] = {"forbidden", "没有执行此操作的权限",
                       "you may not do this"},
    [MSG_CSRF] = {"csrf_failed", "页面已过期，请刷新后重试",
                  "the page has expired; reload and try again"},
    [MSG_PASSWORD_CHANGE_REQUIRED] = {"password_change_required",
                                      "请先修改初始密码",
                                      "change your initial password first"},
    [MSG_USERNAME_TAKEN] = {"conflict", "用户名已被使用",
                            "user name already in use"},
    [MSG_LAST_SYSADMIN] = {"conflict", "不能移除最后一位在用的%s",
                           "the last active %s cannot be removed"},
    [MSG_ROLE_UNKNOWN] = {"validation_failed", "%s不是有效的角色",
                          "%s is not a role"},
    [MSG_WRONG_PASSWORD] = {"login_failed", "原密码错误",
                            "the current password is wrong"},
    [MSG_SECOND_FACTOR_REQUIRED] = {"second_factor_required",
                                    "请输入动态验证码",
                                    "enter the code from your authenticator"},
    [MSG_SECOND_FACTOR_ENROL] = {"second_factor_enrolment_required",
                                 "您的角色须启用双因素认证，请先绑定验证器",
                                 "your role requires a second factor: set "
                                 "up an authenticator first"},
    [MSG_SECOND_FACTOR_WRONG] = {"second_factor_wrong", "动态验证码错误",
                                 "wrong authenticator code"},
    /* The rule, as the form's hint and `sgz user add` state it. */
    [MSG_USERNAME_FORM] = {"validation_failed",
        "%s须为 2–64 位小写字母、数字或 . _ -，以字母或数字开头",
        "%s must be 2–64 lower-case letters, digits or . _ -, beginning "
        "with a letter or digit"},
    /* Right, but spent: a replay, or a second login within its 30 s. */
    [MSG_SECOND_FACTOR_USED] = {"second_factor_used",
        "该动态验证码已使用过，请等待验证器显示下一个验证码（每30秒更新）",
        "this code was used already: wait for the authenticator's next one "
        "(every 30 seconds)"},
    [MSG_SECOND_FACTOR_STATE] = {"conflict", "双因素认证状态不允许此操作",
                                 "the second factor is not in a state that "
                                 "allows this"},
    [MSG_NOTHING_TO_CHANGE] = {"validation_failed", "没有要修改的内容",
                               "nothing to change"},
    [MSG_HAS_SPACE] = {"validation_failed", "%s含有空格，请删除空格",
        "%s contains spaces"},
    [MSG_ID_FULLWIDTH] = {"validation_failed", "%s含有全角字符，请用半角数字和X",
        "%s contains full-width characters: use ASCII digits and X"},
    [MSG_ID_LENGTH] = {"validation_failed", "%s须为18位(或旧版15位)",
        "%s must have 18 characters (or 15 for an old card)"},
    [MSG_ID_CHARS] = {"validation_failed", "%s只能由数字组成，最后一位可以是X",
        "%s must be digits, the last may be X"},
    [MSG_ID_PROVINCE] = {"validation_failed", "%s的前两位不是有效的省级代码",
        "%s does not start with a valid province code"},
    [MSG_ID_BIRTH] = {"validation_failed", "%s中的出生日期不存在",
        "%s contains an impossible birth date"},
    [MSG_ID_BIRTH_FUTURE] = {"validation_failed", "%s中的出生日期晚于今天",
        "%s contains a birth date after today"},
    [MSG_ID_CHECK] = {"validation_failed", "%s校验位错误",
        "%s has a wrong check character"},
    [MSG_ID_SEX_MISMATCH] = {"validation_failed", "%s与身份证号不一致",
        "%s does not match the ID number"},
    [MSG_ID_TAKEN] = {"duplicate", "该身份证号已登记为服务对象：%s",
        "this ID number is already registered: %s"},
    [MSG_ID_TAKEN_ELSEWHERE] = {"duplicate", "该身份证号已在其他站点登记",
        "this ID number is already registered at another station"},
    [MSG_VILLAGE_OUTSIDE] = {"validation_failed", "%s不在站点所在乡镇(街道)内",
        "%s is not in the station's township"},
    [MSG_MINOR_BASIS] = {"validation_failed", "%s：未满14周岁，须记录监护人同意或法定职责依据",
        "%s: under 14, a guardian's consent or the statutory duty must be recorded"},
    [MSG_DICT_UNKNOWN] = {"validation_failed", "%s不在可选项中",
        "%s is not one of the items offered"},
    [MSG_DATE_ORDER] = {"validation_failed", "%s不能早于开始日期",
        "%s cannot be before the start date"},
    [MSG_STATION_OUT_OF_RANGE] = {"validation_failed", "%s：站点不存在或不在您的数据范围内",
        "%s: no such station in your data range"},
    [MSG_USER_UNKNOWN] = {"validation_failed", "%s：用户不存在或不在该站点",
        "%s: no such user at this station"},
    [MSG_REASON_REQUIRED] = {"validation_failed", "%s：请说明原因",
        "%s: a reason is required"},
    [MSG_STATUS_REASON] = {"validation_failed", "%s：状态不是“在册”时须填写原因",
        "%s: a reason is required unless the status is active"},
    [MSG_MERGE_SAME] = {"validation_failed", "%s：不能与自身合并",
        "%s: a record cannot be merged into itself"},
    [MSG_IMPORT_ID_AS_NUMBER] = {"validation_failed", "身份证号被Excel存成了数字(科学计数法)，后几位已丢失：请把该列设为文本后重新录入",
        "the ID number was stored by Excel as a number and lost its last digits: format the column as text and type it again"},
    [MSG_IMPORT_DUP_IN_FILE] = {"duplicate", "与文件第%s行的身份证号相同",
        "the same ID number as row %s of the file"},
    [MSG_IMPORT_WORKER_UNKNOWN] = {"validation_failed", "%s：该站点没有这名社工(请填写社工的姓名或用户名)",
        "%s: no such worker at this station (write the worker's name or user name)"},
    [MSG_IMPORT_WORKER_NAMESAKE] = {"validation_failed", "%s：该站点有同名社工，请改填其用户名",
        "%s: two workers of this station have this name: write the user name"},
    [MSG_IMPORT_EMPTY] = {"validation_failed", "文件中没有数据",
        "the file holds no data"},
    [MSG_IMPORT_UNREADABLE] = {"validation_failed", "无法读取文件：须为.xlsx，或UTF-8/GBK编码的CSV",
        "the file cannot be read: it must be .xlsx, or CSV in UTF-8 or GBK"},
    [MSG_IMPORT_XLS] = {"validation_failed",
        "这是旧版Excel(.xls)文件：请在Excel或WPS中“另存为”Excel工作簿(.xlsx)后再导入",
        "this is an old Excel (.xls) file: save it as an Excel workbook (.xlsx) and import that"},
    [MSG_IMPORT_MIXED_TEXT] = {"validation_failed",
        "第%s行含有无法识别的字符：文件其余部分是UTF-8编码，这一行不是(可能是从别处粘贴的GBK文字)。请在该行重新输入，或另存为.xlsx后导入",
        "line %s holds characters that cannot be read: the rest of the file is UTF-8 and this line is not (GBK text pasted from elsewhere?). Type the line again, or save the file as .xlsx and import that"},
    [MSG_IMPORT_HEADER] = {"validation_failed", "找不到表头：前10行中须有一行包含“姓名”列(请使用导入模板)",
        "no header: one of the first 10 rows must have a 姓名 column (use the template)"},
    [MSG_IMPORT_HEADER_SHEETS] = {"validation_failed", "找不到表头：文件的%s个工作表中，没有一个在前10行中有“姓名”列(请使用导入模板)",
        "no header: none of the file's %s worksheets has a 姓名 column in its first 10 rows (use the template)"},
    [MSG_IMPORT_NO_SHEET] = {"validation_failed", "文件中没有名为“%s”的工作表",
        "the file has no worksheet named “%s”"},
    [MSG_IMPORT_SHEET_CSV] = {"validation_failed", "CSV文件只有一张表，不能选择工作表",
        "a CSV file is one table: it has no worksheets to choose from"},
    [MSG_IMPORT_NO_STATION] = {"validation_failed", "文件没有“所属站点”列，请选择导入到哪个站点",
        "the file has no 所属站点 column: choose the station to import into"},
    [MSG_IMPORT_BAD_ROW] = {"validation_failed", "此行格式错误(引号未闭合，或列数过多、内容过长)，其后的行无法读取",
        "this row is malformed (an unclosed quote, too many columns or too long a cell): the rows after it cannot be read"},
    [MSG_IMPORT_TOO_MANY] = {"validation_failed", "文件超过1000000行，请分批导入",
        "more than 1,000,000 rows: import in parts"},
    [MSG_IMPORT_TOO_LARGE] = {"payload_too_large", "文件过大(上限%s)",
        "the file is too large (at most %s)"},
    [MSG_IMPORT_CANCELLED] = {"unavailable", "服务器正在停止，导入已取消，未写入任何数据",
        "the server is stopping: the import was cancelled and wrote nothing"},
    [MSG_HOUSEHOLD_HEAD] = {"validation_failed", "%s：须有且只有一位户主",
        "%s: exactly one member must be the head"},
    [MSG_HOUSEHOLD_MEMBER_STATION] = {"validation_failed", "%s：服务对象不在本户所属站点",
        "%s: the client is not at the household's station"},
    [MSG_HOUSEHOLD_MEMBER_TAKEN] = {"conflict", "%s：该服务对象已在另一户中",
        "%s: the client is already in another household"},
    [MSG_HOUSEHOLD_MEMBER_TWICE] = {"validation_failed", "%s：同一服务对象不能重复列入",
        "%s: the same client is listed twice"},
    /* The label is the ID number's county code (its first six digits). */
    [MSG_ID_COUNTY_UNKNOWN] = {"warning",
        "身份证号的发证地代码%s不在现行区划中，可能是已撤销的县或输错了，请核对",
        "the ID number's issuing county %s is not a current division "
        "(an abolished county, or a typing error): please check"},
    [MSG_IDEMPOTENCY_KEY_BAD] = {"validation_failed",
        "Idempotency-Key须为8至128个字母、数字或-_.:字符",
        "Idempotency-Key must be 8 to 128 letters, digits or -_.: characters"},
    [MSG_IDEMPOTENCY_MISMATCH] = {"idempotency_mismatch",
        "该Idempotency-Key已用于另一个内容不同的请求",
        "this Idempotency-Key was used for a different request"},
    [MSG_IDEMPOTENCY_IN_PROGRESS] = {"idempotency_in_progress", "相同的请求正在处理，请稍后重试",
        "the same request is being processed: retry shortly"},
    [MSG_IDEMPOTENCY_LOST] = {"idempotency_completed",
        "该请求已处理完成，但结果未能保存：请刷新查看，不要重复提交",
        "this request was processed but its answer was not kept: reload to see it, do not submit again"},
    [MSG_TIME_ORDER] = {"validation_failed", "%s须晚于开始时间",
        "%s must be after the start"},
    [MSG_IN_FUTURE] = {"validation_failed", "%s不能晚于当前时间",
        "%s cannot be in the future"},
    [MSG_BEFORE_TODAY] = {"validation_failed", "%s不能早于今天",
        "%s cannot be before today"},
    [MSG_TOO_EARLY] = {"validation_failed", "%s早于2000年，请核对",
        "%s is before 2000: please check"},
    [MSG_SERVICE_TOO_LONG] = {"validation_failed", "%s：一条服务记录不能超过24小时，请分开登记",
        "%s: one record cannot last more than 24 hours; record each day"},
    [MSG_SERVICE_NO_CLIENT] = {"validation_failed", "%s：须至少有一位服务对象(社区活动和政策宣传也可只填参与人数)",
        "%s: at least one client is needed (activities and publicity may give a headcount instead)"},
    [MSG_NOT_FOR_TYPE] = {"validation_failed", "%s不适用于此类服务",
        "%s does not apply to this type of service"},
    [MSG_NOT_FOR_REPORT] = {"validation_failed", "%s不适用于此类报告",
        "%s does not apply to this type of report"},
    [MSG_REQUIRED_FOR_TYPE] = {"validation_failed", "此类服务须填写%s",
        "%s is required for this type of service"},
    [MSG_CRISIS_FOLLOW_UP] = {"validation_failed", "%s：危机尚未化解，须写明后续如何跟进",
        "%s: the crisis is not resolved; say how it will be followed up"},
    [MSG_CRISIS_PARTNER_OTHER] = {"validation_failed", "%s：联动单位选了“其他”，请写明是哪个单位",
        "%s: “other” is among the partners notified; name it"},
    [MSG_CLIENT_OUT_OF_RANGE] = {"validation_failed", "%s：服务对象不存在或不在您的数据范围内",
        "%s: no such client in your data range"},
    [MSG_REGION_OUT_OF_RANGE] = {"validation_failed", "%s：不在您的数据范围内",
        "%s is outside your data range"},
    [MSG_GRADE_PASSED] = {"validation_failed", "%s与评估等次不一致(不合格即未通过)",
        "%s disagrees with the grade (a fail is not passed)"},
    [MSG_HOUSEHOLD_OWN_CLIENT] = {"validation_failed", "%s须包含至少一名由您负责的服务对象",
        "%s must include a client you are responsible for"},
    [MSG_SURVEY_MEMBERS_OVER] = {"validation_failed",
        "%s列出的人数多于共同生活人数：请核对人数，或删去不在一起生活的成员",
        "%s lists more people than live in the household: check the household size, or remove those who live elsewhere"},
    [MSG_LISTED_TWICE] = {"validation_failed", "%s：重复列入",
        "%s: listed twice"},
    [MSG_AMEND_REASON] = {"validation_failed", "%s：记录已超过可直接修改的期限，须写明更正理由(原记录将保留)",
        "%s: the record is past its editing period: state why it is corrected (the original is kept)"},
    [MSG_SELF_NOT_WORKER] = {"validation_failed", "%s：您只能登记本人参与的服务",
        "%s: you can only record services you took part in"},
    [MSG_AUTHOR_KEPT] = {"validation_failed", "%s：不能移除记录人，只有记录人本人可以把自己移出",
        "%s: the worker who recorded it stays on it unless she removes herself"},
    [MSG_BAD_TIME] = {"validation_failed", "%s格式应为YYYY-MM-DDTHH:MM(北京时间)",
        "%s must be YYYY-MM-DDTHH:MM (Beijing time) or carry an offset"},
    [MSG_CASE_STAGE] = {"invalid_stage", "个案当前处于“%s”阶段，不能进行此操作：个案须按接案、预估、计划、介入、评估、结案的顺序推进，不能跳过",
        "the case is at stage \"%s\": this step is not possible now (intake, assessment, plan, intervention, evaluation, closure, in order)"},
    [MSG_CASE_PENDING] = {"conflict", "%s正在等待督导审批，审批前不能进行其他操作",
        "%s awaits a supervisor's approval: nothing else can be done first"},
    [MSG_CASE_NOT_PENDING] = {"conflict", "该个案没有等待审批的事项",
        "the case has nothing awaiting approval"},
    [MSG_CASE_NOT_SUPERVISOR] = {"forbidden", "只有负责该站点的督导才能审批",
        "only a supervisor of the case's station can approve"},
    [MSG_CASE_OWN_APPROVAL] = {"forbidden", "不能审批自己负责的个案",
        "you cannot approve your own case"},
    [MSG_CASE_TRANSFER_PENDING] = {"conflict", "个案正在移交，须等接收人接受或拒绝",
        "the case is being transferred: the receiver must accept or decline first"},
    [MSG_CASE_NOT_RECEIVER] = {"forbidden", "只有移交的接收人可以接受或拒绝",
        "only the receiver can accept or decline the transfer"},
    [MSG_CASE_NO_TRANSFER] = {"conflict", "该个案没有待处理的移交",
        "the case has no transfer waiting"},
    [MSG_CASE_NOT_SENDER] = {"forbidden", "只有发起移交的社工或该站点的督导、站长可以撤回移交",
        "only the worker who offered the transfer, or a supervisor or station lead of the case's station, can withdraw it"},
    [MSG_CASE_OPEN_EXISTS] = {"conflict", "%s：该服务对象已有未结案的个案",
        "%s: the client already has an open case"},
    [MSG_CASE_GOALS] = {"validation_failed", "%s：须对服务计划中的每个目标逐一评估",
        "%s: assess each goal of the plan once"},
    [MSG_CASE_NOT_IN_SERVICE] = {"invalid_stage", "%s：个案尚未进入介入阶段(或已结案且无待跟进回访)，不能登记服务",
        "%s: the case is not in intervention (nor closed with a follow-up due)"},
    [MSG_CASE_CLIENT_MISSING] = {"validation_failed", "%s：服务记录须包含该个案的服务对象",
        "%s: the record must list the case's client"},
    [MSG_GROUP_CLOSED] = {"conflict", "%s：小组已结束",
        "%s: the group has closed"},
    [MSG_GROUP_NOT_MEMBER] = {"validation_failed", "%s：不是该小组的组员",
        "%s: not a member of the group"},
    [MSG_PLAN_EXISTS] = {"conflict", "%s：该站点这一年度已有服务计划（每站每年一份），请打开原计划查看；未提交的可以修改",
        "%s: the station already has a plan for that year (one a year): open it; one not yet submitted can be changed"},
    [MSG_PLAN_SUBMITTED] = {"conflict", "服务计划已提交，不能再修改",
        "the plan has been submitted and can no longer be changed"},
    [MSG_FILE_TYPE] = {"unsupported_file", "文件内容与类型不符或不受支持：只接受JPG、PNG照片，PDF和Word、Excel、PowerPoint文档，且扩展名须与内容一致",
        "the file's content does not match its name or is not accepted: JPG or PNG photos, PDF, Word, Excel or PowerPoint documents, with the right extension"},
    [MSG_FILE_NAME] = {"validation_failed", "%s无效：须为1至100个字符，不含路径和控制字符",
        "%s is not valid: 1 to 100 characters, no path or control characters"},
    [MSG_ATTACHMENT_LOCKED] = {"forbidden", "只有上传人可在规定期限内删除附件",
        "only the uploader can remove an attachment, within the editing period"},
    [MSG_CALENDAR_BAD_JSON] = {"validation_failed", "日历文件不是有效的JSON%s",
        "the calendar file is not valid JSON%s"},
    [MSG_CALENDAR_SHAPE] = {"validation_failed", "日历文件须为{\"holidays\":{\"日期\":\"名称\"…},\"workdays\":{…}}的格式",
        "the calendar file must be {\"holidays\":{\"date\":\"name\"…},\"workdays\":{…}}"},
    [MSG_CALENDAR_BAD_DATE] = {"validation_failed", "日历文件中“%s”不是有效日期",
        "\"%s\" in the calendar file is not a date"},
    [MSG_CALENDAR_TWICE] = {"validation_failed", "日历文件中%s出现了两次(同一天不能既是假日又是调休工作日)",
        "%s is listed twice in the calendar file (a day is a holiday or a working day, not both)"},
    [MSG_CALENDAR_NO_DAYS] = {"validation_failed", "日历文件中没有%s年的日期",
        "the calendar file has no days of %s"},
    [MSG_CREDIT_CODE_LENGTH] = {"validation_failed", "%s须为18位",
        "%s must be 18 characters"},
    [MSG_CREDIT_CODE_CHAR] = {"validation_failed", "%s只能由数字和大写字母组成(不含I、O、S、V、Z)",
        "%s may hold only digits and capital letters other than I, O, S, V and Z"},
    [MSG_CREDIT_CODE_REGION] = {"validation_failed", "%s第3至8位须为登记管理机关的行政区划码",
        "characters 3 to 8 of %s must be the registering division's code"},
    [MSG_CREDIT_CODE_ORG] = {"validation_failed", "%s第9至17位(组织机构代码)校验位错误",
        "the organisation code in %s (characters 9 to 17) has a wrong check character"},
    [MSG_CREDIT_CODE_CHECK] = {"validation_failed", "%s校验位错误",
        "%s has a wrong check character"},
    [MSG_ORG_TAKEN] = {"conflict", "%s已被另一个机构使用",
        "%s is already another organisation's"},
    [MSG_CONTRACT_CODE_TAKEN] = {"conflict", "%s已被另一份协议使用",
        "%s is already another contract's"},
    [MSG_CONTRACT_ORG_INACTIVE] = {"validation_failed", "%s：机构不是正常状态，不能签订协议",
        "%s: the organisation is not active and cannot take a contract"},
    [MSG_CONTRACT_ORG_DEBARRED] = {"validation_failed", "%s：机构在禁止承接期内，不能签订新协议",
        "%s: the organisation is debarred and cannot take a new contract"},
    [MSG_CONTRACT_REGION] = {"validation_failed", "%s须为县(市、区)的行政区划代码",
        "%s must be a county's division code"},
    [MSG_CONTRACT_CYCLE_YEAR] = {"validation_failed", "%s须在1至服务周期年数之间",
        "%s must lie between 1 and the cycle's years"},
    [MSG_CONTRACT_EFFECTIVE_EARLY] = {"validation_failed", "%s不能早于签订日期",
        "%s cannot be before the signing date"},
    [MSG_CONTRACT_ENDS_EARLY] = {"validation_failed", "%s须晚于服务开始日期",
        "%s must be after the start of the term"},
    [MSG_CONTRACT_SHARES] = {"validation_failed", "%s：各站点金额之和超过协议金额",
        "%s: the stations' shares exceed the contract's amount"},
    [MSG_CONTRACT_STATION_REGION] = {"validation_failed", "%s：站点不在协议所属区县",
        "%s: the station is not in the contract's county"},
    [MSG_CONTRACT_NOT_ACTIVE] = {"conflict", "协议已终止，不能再修改",
        "the contract has been terminated and can no longer be changed"},
    [MSG_OVER_BUDGET] = {"over_budget", "分配合计将超过预算额度：%s",
        "the allocations would exceed the budget line: %s"},
    [MSG_SCHEDULE_SUM] = {"validation_failed",
        "拨付比例合计应为100%，现为%s", "the percentages sum to %s, not 100"},
    [MSG_SCHEDULE_ORDER] = {"validation_failed",
        "拨付条件顺序有误：第%s期的条件早于上一期",
        "installment %s's trigger comes before the previous one's"},
    [MSG_NO_SCHEDULE] = {"validation_failed",
        "政策配置未规定拨付计划，请提供%s", "the profile sets no payment "
        "schedule: send the %s"},
    [MSG_PAYMENTS_EXIST] = {"conflict", "该协议已有%s",
        "the contract already has its %s"},
    [MSG_PAYMENT_BLOCKED] = {"payment_blocked",
        "%s未合格，本期款项暂停拨付；确需拨付的须由民政局填写理由特批",
        "%s has not passed: the installment is blocked unless the bureau "
        "overrides it with a reason"},
    [MSG_PAYMENT_BEFORE_TRIGGER] = {"payment_blocked",
        "拨付日期早于拨付条件（%s）达成之日",
        "paid before its trigger (%s) happened"},
    [MSG_PAYMENT_NO_ACCEPTANCE] = {"acceptance_required",
        "本期款项须先完成履约验收，%s之前没有验收合格的记录",
        "the installment needs a passed performance acceptance on or "
        "before %s"},
    [MSG_PAYMENT_STATE] = {"conflict", "本期款项%s，不能再办理",
        "the installment is %s already"},
    [MSG_NOT_OWN_CONTRACT] = {"forbidden",
        "只能登记本机构承接的协议的%s", "only your organisation's "
        "contracts' %s may be recorded"},
    [MSG_OUTSIDE_GROUP_DATES] = {"validation_failed",
        "%s不在小组的起止日期内(可先修改小组日期)",
        "%s is outside the group's dates (change them first)"},
    [MSG_PLAN_NOT_LEAD] = {"forbidden", "只有站长可以提交年度服务计划",
        "only the station lead submits the year's plan"},
    [MSG_AMOUNT_BELOW_PAID] = {"conflict",
        "%s与拨付计划不符：不能少于已拨付的金额，全部拨付后不能再调整",
        "%s does not fit the schedule: not below what was paid, and not "
        "changed once all is paid"},
    [MSG_PREVIOUS_CONTRACT] = {"validation_failed",
        "%s须为同一县(区)在本期之前开始的协议",
        "%s must be a contract of the same county that started before "
        "this one"},
    [MSG_OUTSIDE_LINE_REGION] = {"validation_failed",
        "%s不在该预算所属行政区划内",
        "%s lies outside the budget line's division"},
    [MSG_STATION_NOT_IN_CONTRACT] = {"validation_failed",
        "%s不在该协议覆盖的站点中", "%s is not one of the contract's "
        "stations"},
    [MSG_LINE_TAKEN] = {"conflict", "%s已存在", "%s exists already"},
    [MSG_STAFF_ONE_STATION] = {"conflict",
        "专职专岗：该社工正在%s驻站，须先结束该站点的派驻",
        "one station at a time: the worker is assigned to %s; end that "
        "assignment first"},
    [MSG_STAFF_RANGE_FOLLOWS] = {"conflict",
        "该用户是社工%s的登录账号，其数据范围随驻站派驻自动设置，不能手工修改",
        "this user is the login of the worker %s: the data range follows "
        "her station assignment and cannot be edited by hand"},
    [MSG_STAFF_USER_TAKEN] = {"conflict", "%s已关联另一名社工",
        "%s is already linked to another worker"},
    [MSG_STAFF_USER_NOT_FRONTLINE] = {"validation_failed",
        "%s须是只有社工、站长或督导角色、数据范围为指定站点或本人的账号"
        "（其数据范围将随驻站派驻自动设置）",
        "%s must be an account holding only social worker, station lead "
        "or supervisor roles, with a range of stations or self (its range "
        "will follow the worker's station)"},
    [MSG_STAFF_ORG_EMPLOYER] = {"validation_failed",
        "承接机构管理员只能登记本机构聘用的社工：%s须为空",
        "an organisation's administrator registers its own employees "
        "only: %s must be empty"},
    [MSG_STAFF_EMPLOYER] = {"validation_failed",
        "须填写%s（聘用社工的承接机构）",
        "%s is required (the organisation employing the worker)"},
    [MSG_STAFF_TOWNSHIP_EMPLOYER] = {"validation_failed",
        "政策配置不允许该岗位由乡镇(街道)聘用：%s须为空",
        "the profile does not let the township employ this role: %s must "
        "be empty"},
    [MSG_STAFF_DATE_ORDER] = {"validation_failed", "%s不能早于开始日期",
        "%s cannot be before the start date"},
    [MSG_BEFORE_BIRTH] = {"validation_failed", "%s不能早于出生日期",
        "%s cannot be before the birth date"},
    [MSG_OVER_RESPONDENTS] = {"validation_failed", "%s不能超过受访总人数",
        "%s cannot exceed the survey's respondents"},
    [MSG_BEFORE_SIGNED] = {"validation_failed", "%s不能早于服务协议的签订日期",
        "%s cannot be before the contract was signed"},
    [MSG_OUT_OF_TERM_YEAR] = {"validation_failed", "%s须在服务协议的服务期限内",
        "%s must be a year of the contract's term"},
    [MSG_BEFORE_HIRE] = {"validation_failed", "%s不能早于入职日期",
        "%s cannot be before the hiring date"},
    [MSG_HIRE_AFTER_ASSIGNMENT] = {"validation_failed", "%s不能晚于其派驻站点的开始日期",
        "%s cannot be after the start of an assignment"},
    [MSG_STAFF_LEFT] = {"conflict", "社工已离职，不能再派驻站点",
        "the worker has left and cannot be assigned"},
    [MSG_STAFF_NOT_SUPERVISOR] = {"validation_failed",
        "%s须是在职的督导",
        "%s must be an employed supervisor"},
    [MSG_REPORT_PERIOD] = {"validation_failed", "%s：报告期须为整月(YYYY-MM)且与报告类型相符：月度简报一个月，季度报告一个季度，半年总结上半年或下半年，绩效自评一个自然年",
        "%s: the period must be whole months (YYYY-MM) fitting the report type: one month, a quarter, a half year or a calendar year"},
    [MSG_REPORT_FUTURE] = {"validation_failed", "%s：报告期不能晚于本月",
        "%s: the period cannot start after this month"},
    [MSG_REPORT_NOT_ENDED] = {"validation_failed", "%s：报告期尚未结束，此类报告须在报告期结束后编写和提交",
        "%s: the period has not ended yet; this report is written once it has"},
    /* The label is the first part, whose box the page points at. */
    [MSG_REPORT_NO_WORDS] = {"validation_failed",
        "工作总结还没有填写：请至少填写%s、亮点与成效、典型案例、存在问题或下阶段计划中的一项",
        "the narrative is empty: write at least one of %s, highlights, "
        "typical cases, problems or next steps"},
    [MSG_CATEGORY_STOPPED] = {"validation_failed", "%s已停用，不能新增此类别的时段",
        "%s is no longer in use: no new period of it can be added"},
    [MSG_FILING_EXISTS] = {"conflict", "%s：这一年度的此类备案已登记，请修改原记录",
        "%s: this filing is already recorded for that year; change that one"},
    [MSG_DEBARMENT_OVERLAP] = {"conflict", "%s与该机构已登记的禁止承接期重叠",
        "%s overlaps a debarment of this organisation already recorded"},
    [MSG_REPORT_EXISTS] = {"conflict", "%s：该范围这一期的此类报告已存在，请修改原报告",
        "%s: a report of this type already exists for that scope and period; change that one"},
    [MSG_REPORT_STATE] = {"invalid_state", "报告当前状态不允许此操作(%s)",
        "the report's status does not allow this (%s)"},
    [MSG_REPORT_DELETE_DRAFT] = {"invalid_state", "只能删除从未提交过的草稿；已提交的报告留痕保存",
        "only a draft never submitted can be deleted; submitted reports are kept"},
    [MSG_REPORT_HAS_FILES] = {"conflict", "该草稿还有%s个附件，请先删除附件",
        "the draft still has %s attachment(s); remove them first"},
    [MSG_REPORT_NOT_AUTHOR] = {"forbidden", "只有%s可以编写和提交此类报告",
        "only the %s writes and submits this kind of report"},
    [MSG_REPORT_COUNTY_AUTHOR] = {"forbidden",
        "只有%s民政部门（数据范围为该县）可以编写和提交此类报告，上级民政部门审核",
        "only the civil affairs bureau of %s (a range of that county) writes "
        "and submits this kind of report; the level above reviews it"},
    [MSG_REPORT_NOT_REVIEWER] = {"forbidden", "只有%s可以审核此类报告",
        "only the %s reviews this kind of report"},
    [MSG_REPORT_OWN_REVIEW] = {"forbidden", "不能审核自己提交的报告",
        "you cannot review a report you submitted"},
    [MSG_REPORT_OUT_OF_TERM] = {"validation_failed", "%s：报告期须在服务协议的服务期限内",
        "%s: the period must lie within the contract's term"},
    [MSG_REPORT_REGION] = {"validation_failed", "%s：须为数据范围内的县(区)行政区划代码(6位)",
        "%s: must be a county division code (6 digits) within your range"},
    [MSG_REPORT_ONCE] = {"conflict", "%s：该服务协议已有此类报告（中期、末期工作报告每份协议各一份），请修改原报告",
        "%s: the contract already has this report (a contract has one mid-term and one final report); change that one"},
    [MSG_REPORT_FINAL_TO_END] = {"validation_failed", "%s：末期工作报告须总结至服务期限的最后一个月（协议已终止的至终止当月；服务期限未满的至上月）",
        "%s: a final report covers the term to its last month (a terminated contract's, to the month it ended; a term still running, to last month)"},
    [MSG_MIN_WAGE_TAKEN] = {"conflict", "该县(区)在%s已有最低工资标准",
        "the county already has a minimum wage from %s"},
    [MSG_STATS_UNKNOWN] = {"validation_failed", "%s含有未知的代码",
                           "%s names an unknown code"},
    /* %s: the measure, as 统计指标“服务记录”. */
    [MSG_STATS_CUT] = {"validation_failed",
                       "%s不能按所选的维度分组或筛选，请去掉该维度或改选其他指标",
                       "%s cannot be cut or filtered that way: drop the cut "
                       "or choose another measure"},
    [MSG_STATS_PEOPLE_CUT] = {"validation_failed",
                              "%s一次只能按对象类别、服务领域、服务类型之一分组"
                              "或筛选",
                              "%s: by one of category, area and type at a "
                              "time"},
    [MSG_STATS_TIMES] = {"validation_failed",
                         "%s一次只能含一个时间维度（月、季度或年）",
                         "%s: one time cut at a time (month, quarter or "
                         "year)"},
    [MSG_STATS_INVERTED] = {"validation_failed", "%s不能早于开始月份",
                            "%s is before the start month"},
    [MSG_STATS_RANGE] = {"validation_failed", "%s：统计区间最长120个月",
                         "%s: a period is at most 120 months"},
    [MSG_AGE_ORDER] = {"validation_failed", "%s不能小于最小年龄",
                       "%s is below the lowest age"},
    [MSG_IMPORT_EXAMPLE_ROW] = {"validation_failed",
                                "这是模板中的示例行，请删除后再导入",
                                "this is the template's example row: delete "
                                "it and import again"},
    /* A client category's age limit: the label is the rule broken, from
     * category_age_phrase() (「孤儿」仅适用于未满18周岁的服务对象，…). */
    [MSG_CATEGORY_AGE_START] = {"validation_failed", "%s", "%s"},
    [MSG_CATEGORY_AGE_OPEN] = {"validation_failed",
                               "%s，请填写该类别的结束日期",
                               "%s: give the category's end date"},
    [MSG_CATEGORY_AGE_ENDS] = {"validation_failed",
                               "%s，该类别的结束日期须早于该日",
                               "%s: the category must end before that "
                               "day"},
    /* A lower bound: 「困难老人」仅适用于年满60周岁的服务对象，… */
    [MSG_CATEGORY_AGE_EARLY] = {"validation_failed",
                                "%s，该类别的开始日期不得早于该日",
                                "%s: the category cannot start before "
                                "that day"},
    /* The dictionary: a lower bound at or above the limit leaves no age. */
    [MSG_CATEGORY_AGE_ORDER] = {"validation_failed",
                                "%s须小于适用年龄上限",
                                "%s must be below the age limit"},
    [MSG_CASE_OWN_SUBMISSION] = {"forbidden", "不能审批自己提交的服务计划或结案申请",
        "you cannot approve a plan or closure you submitted yourself"},
    /* The label is the step she recorded (预估, 评估). */
    [MSG_CASE_OWN_WORK] = {"forbidden",
        "该个案的%s由您本人记录，不能再由您审批：请由另一名督导审批",
        "you recorded this case's %s and cannot approve what rests on it: "
        "another supervisor must"},
    [MSG_REFERRAL_ANSWERED] = {"conflict", "%s：该转介已记录结果",
        "%s: the referral's outcome is already recorded"},
    [MSG_CLIENT_NOT_ACTIVE] = {"validation_failed",
        "%s：服务对象已迁出、死亡或注销，不能再为其新建个案或服务记录，也不能加入小组或家庭",
        "%s: the client has moved, died or been closed, and cannot get a new case, service record, group or household"},
    [MSG_GROUP_MEMBER_STATION] = {"validation_failed", "%s：服务对象不在小组所属站点",
        "%s: the client is not at the group's station"},
    [MSG_GROUP_SESSIONS_OUTSIDE] = {"validation_failed", "%s：已有小组活动在此日期之外，请先调整活动记录",
        "%s: sessions already held fall outside this date; move them first"},
    [MSG_MERGE_OPEN_CASES] = {"conflict", "两条记录都有未结案的个案，请先结案其中一个再合并",
        "both records have an open case: close one of them before merging"},
    [MSG_EXPENDITURE_OVER_CONTRACT] = {"validation_failed", "一笔支出不能超过服务协议的总金额（%s），请核对金额",
        "one expenditure cannot exceed the contract's whole amount (%s): check the amount"},
    [MSG_MERGE_CASE_STATION] = {"conflict", "被合并的记录有未结案的个案，请先将个案移交到%s再合并",
        "the merged record has an open case: transfer it to %s before merging"},
    [MSG_TOTP_MANDATORY_SELF] = {"conflict", "请先为本人启用双因素认证（我的账号），再设为必须，否则本账号将无法继续操作",
        "enrol your own second factor (my account) before making it mandatory, or this account will be shut out"},
    [MSG_ACCOUNT_LOCKED_BY_ADMIN] = {"account_locked", "账号已被管理员锁定，请联系管理员解锁",
        "the account was locked by an administrator; ask one to unlock it"},
    [MSG_ADMIN_ROLES_SEPARATE] = {"validation_failed", "系统管理员、安全管理员和审计管理员须由不同的账号担任（三员分立）",
        "the system, security and audit administrators must be different accounts"},
    [MSG_OWN_ACCESS] = {"forbidden", "不能修改本人的角色、数据范围或所属机构，请由其他管理员办理",
        "you cannot change your own roles, range or organisation: ask another administrator"},
    [MSG_LOCKED_BY_SYSADMIN] = {"forbidden",
        "该账号由系统管理员锁定（不是登录失败锁定），须由系统管理员解锁",
        "this account was locked by the system administrator (not by failed logins): the system administrator unlocks it"},
    [MSG_ADMIN_ACCOUNT_CLI] = {"forbidden",
        "三员分立：安全管理员、审计管理员的账号和角色不由系统管理员设置、"
        "修改、锁定或重置密码，请在服务器上用 sgz user 命令办理",
        "separation of the three administrators: the security "
        "administrator's and the auditor's accounts and roles are not the "
        "system administrator's to give, change, lock or reset; use the "
        "sgz user command on the server"},
    [MSG_SERVICE_CLIENT_STATION] = {"validation_failed", "%s：服务对象不属于本站点，请由其所在站点登记",
        "%s: the client belongs to another station, which records her services"},
    [MSG_CATEGORY_OVERLAP] = {"validation_failed", "%s：与同一对象类别的另一时段重叠，请合并为一段",
        "%s: overlaps another period of the same category; make them one"},
    [MSG_IMPORT_FORMULA_ERROR] = {"validation_failed", "单元格是公式出错的结果（%s），请在表格中改正后再导入",
        "the cell holds a failed formula's result (%s): correct it in the spreadsheet first"},
    [MSG_IMPORT_FORMULA_NO_RESULT] = {"validation_failed",
        "单元格是公式，文件中没有保存它的计算结果：请用Excel或WPS打开此文件并保存后再导入",
        "the cell holds a formula saved without its result: open the file in Excel or WPS, save it and import it again"},
    [MSG_EVAL_NO_INDICATORS] = {"conflict", "尚未设置评估指标，请由系统管理员在“评估指标”中设置",
        "no evaluation indicators are set: the system administrator sets them under Evaluation indicators"},
    [MSG_EVAL_UNSCORED] = {"validation_failed", "%s：尚未评分，每项指标都须评分",
        "%s: not scored; every indicator needs a score"},
    [MSG_EVAL_SCORE_RANGE] = {"validation_failed", "%s：得分须在0到该项分值之间",
        "%s: the score must be between 0 and the indicator's points"},
    [MSG_EVAL_SCORE_TENTHS] = {"validation_failed", "%s：分值最多保留一位小数",
        "%s: points take at most one decimal"},
    [MSG_EVAL_GRADE_SCORES] = {"validation_failed", "%s与按评分得出的等次不一致",
        "%s disagrees with the grade the scores give"},
    [MSG_EVAL_DIMENSION_POINTS] = {"validation_failed", "%s：一级指标的分值是其二级指标分值之和，不单独填写",
        "%s: a first-level indicator's points are the sum of its second-level ones"},
    [MSG_EVAL_DIMENSION_IN_USE] = {"conflict", "请先停用这项一级指标下的二级指标",
        "stop the second-level indicators under it first"},
    [MSG_EVAL_PARENT] = {"validation_failed", "%s：须是一项在用的一级指标",
        "%s must be a first-level indicator in use"},
    [MSG_EVAL_BANDS_ORDER] = {"validation_failed", "%s：须满足 优秀 > 良好 > 合格",
        "%s: excellent must be above good, and good above pass"},
    [MSG_LINE_ALLOCATED] = {"conflict", "%s：这条预算已有分配，不能再改；请另建一条预算",
        "%s: the line has allocations and cannot change; add another line"},
    [MSG_MASKED_NAME_SEARCH] = {"validation_failed", "%s：服务对象姓名已脱敏，只能按姓氏检索",
        "%s: clients' names are masked for you; search by a surname only"},
    [MSG_EVAL_TOO_MANY] = {"conflict", "在用的二级指标已有200项，请先停用不再使用的指标",
        "200 second-level indicators are in use: stop those no longer used first"},
    [MSG_EVAL_PAID_ON] = {"conflict", "已依据这次评估拨付款项，不能作废；如评估有误，请登记新的评估结果并说明",
        "an installment was paid on this evaluation: it cannot be voided; record a new result instead"},
    [MSG_EVAL_VOIDED] = {"conflict", "这条评估记录已经作废",
        "the evaluation was voided already"},
    [MSG_BEFORE_TERM] = {"validation_failed", "%s不能早于协议服务期限的开始日期",
        "%s cannot be before the contract's term begins"},
    [MSG_OVER_CONTRACT] = {"over_contract",
        "分配给该协议的合计将超过协议金额：%s",
        "the allocations to the contract would exceed its amount: %s"},
    [MSG_EXPENDITURE_HAS_VOUCHERS] = {"conflict",
        "这笔支出已附%s原始凭证，不能删除；如确系重复录入，请先移除凭证",
        "this expenditure has %s attached and cannot be deleted; if it "
        "was entered twice, remove its vouchers first"},
    [MSG_NOT_POSITIVE] = {"validation_failed", "%s须大于0",
        "%s must be greater than 0"},
    [MSG_TEXT_CONTROL] = {"validation_failed", "%s含有不可见的控制字符",
        "%s contains an invisible control character"},
    [MSG_TEXT_NONCHARACTER] = {"validation_failed",
        "%s含有无效字符(Unicode非字符，如U+FFFF)",
        "%s contains a Unicode noncharacter (such as U+FFFF)"},
    [MSG_TEXT_BIDI] = {"validation_failed",
        "%s含有改变文字显示方向的控制字符",
        "%s contains a control character that changes the text direction"},
    [MSG_TEXT_LINE_BREAK] = {"validation_failed",
        "%s须为单行文本，不能含有行分隔符或段分隔符",
        "%s must be a single line: no line or paragraph separator"},
    [MSG_TEXT_NEWLINE] = {"validation_failed",
        "%s须为单行文本，不能换行",
        "%s must be a single line: no line break"},
    [MSG_QUERY_CODE_UNKNOWN] = {"validation_failed",
        "查询参数%s不是字典中的代码",
        "query parameter %s is not a code of its dictionary"},
    [MSG_STATION_HAS_MONEY] = {"conflict", "%s，不能移出协议；请先删除或改到协议的其他站点",
        "%s: it cannot leave the contract; remove them or move them to another of its stations first"},
    [MSG_STARTS_AFTER_RECORDS] = {"conflict", "服务开始日期不能晚于%s",
        "the start of the term cannot be after %s"},
    [MSG_SIGNED_AFTER_RECORDS] = {"conflict", "签订日期不能晚于%s",
        "the signing date cannot be after %s"},
    [MSG_ENDS_BEFORE_RECORDS] = {"conflict", "服务结束日期不能早于%s",
        "the end of the term cannot be before %s"},
    [MSG_SPENT_AFTER_TERMINATION] = {"validation_failed",
        "支出日期不能晚于协议终止日期%s（协议终止后服务已停止）",
        "spent_on cannot be after the contract was terminated on %s (the service stopped)"},
    [MSG_PAID_AFTER_TERMINATION] = {"payment_blocked",
        "协议已于%s终止，本期款项的拨付条件在终止之后才达成，须经特批方可拨付",
        "the contract was terminated on %s and this installment's trigger came after it: it is paid only on an override"},
    [MSG_IMPORT_SAME_IN_FILE] = {"duplicate",
        "与文件第%s行同名且出生日期（或电话）相同，视为同一人",
        "same name and birth date (or phone) as row %s of the file: the same person"},
    [MSG_IMPORT_SAME_REGISTERED] = {"duplicate",
        "与已登记的服务对象同名且出生日期（或电话）相同：%s",
        "same name and birth date (or phone) as a registered client: %s"},
    [MSG_IMPORT_YEAR_ONLY] = {"validation_failed",
        "%s只填了年份，请填写完整日期，如1985-03-05",
        "%s holds a year alone: type the full date, e.g. 1985-03-05"},
    [MSG_IMPORT_YEAR_MONTH] = {"validation_failed",
        "%s只有年月，请填写完整日期(如1985-03-05)，或填写身份证号",
        "%s holds a year and a month only: type the full date, e.g. "
        "1985-03-05, or the ID number"},
    [MSG_IMPORT_BAD_DATE] = {"validation_failed",
        "%s不是有效日期，可写作1985-03-05、1985/3/5、1985年3月5日或19850305",
        "%s is not a date: write 1985-03-05, 1985/3/5 or 19850305"},
    [MSG_SETTING_SECURITY] = {"forbidden", "%s是安全参数，由安全管理员修改",
        "%s is a security setting: the security administrator changes it"},
    [MSG_SETTING_SYSTEM] = {"forbidden", "%s是业务参数，由系统管理员修改",
        "%s is a business setting: the system administrator changes it"},
    [MSG_RECORD_REMOVE_LOCKED] = {"forbidden",
        "只有登记人可在登记后规定期限内删除%s，之后请修改更正",
        "only its author removes a %s, within the editing period; later, "
        "correct it"},
    [MSG_ALLOCATION_YEAR] = {"validation_failed",
        "分配日期须在所用预算的年度%s年之内",
        "the allocation date must lie within the budget line's year %s"},
    [MSG_EVAL_NOT_RECORDER] = {"forbidden",
        "只有录入该评估结果的人员或民政局可以作废它",
        "only whoever recorded this evaluation, or the bureau, may void it"},
    [MSG_SERVICE_HAS_ATTACHMENTS] = {"conflict",
        "该服务记录还有附件，请先删除附件再删除记录",
        "this service record still has attachments: remove them first"},
    [MSG_SERVICE_BEFORE_BIRTH] = {"validation_failed",
        "开始时间不能早于服务对象%s的出生日期",
        "the start time is before the birth of the client %s"},
    [MSG_STATUS_BEFORE_SERVICES] = {"validation_failed",
        "已有%s条服务记录的日期晚于状态变更日期，请核对该日期或这些服务记录",
        "%s service records are dated after the status date: check the date or those records"},
    [MSG_GUARDIAN_OTHER_NAME] = {"validation_failed",
        "监护人姓名与所关联的服务对象%s不一致，请核对是否关联错了人",
        "the guardian's name differs from the linked client %s: check the link"},
    [MSG_GUARDIAN_TOO_YOUNG] = {"validation_failed",
        "所关联的服务对象%s未满16周岁，不能作为监护人",
        "the linked client %s is under 16 and cannot be a guardian"},
    [MSG_GUARDIAN_DECEASED] = {"validation_failed",
        "所关联的服务对象%s已死亡，不能作为监护人",
        "the linked client %s has died and cannot be a guardian"},
    [MSG_SERVICE_AFTER_STATUS] = {"validation_failed",
        "开始时间晚于服务对象%s的状态变更日期，只能登记当日及以前的服务",
        "the start time is after the client %s left the register: only services until that day can be entered"},
    [MSG_SERVICE_BEFORE_CASE] = {"validation_failed",
        "开始时间不能早于个案的接案日期（%s）",
        "the start time is before the case was opened (%s)"},
    /* A warning, not an error: %s is the other's number. */
    [MSG_EXPENDITURE_TWIN] = {"possible_duplicate",
        "与第%s号支出的日期、支出类别、金额和收款人都相同，请核对是否重复登记",
        "the same day, category, amount and payee as expenditure #%s: check it was not entered twice"},
    [MSG_STAFF_TWIN] = {"possible_duplicate",
        "与第%s号社工的姓名和出生日期相同，请核对是否重复登记",
        "the same name and birth date as worker #%s: check she was not registered twice"},
    [MSG_REFERRAL_BEFORE_CASE] = {"validation_failed",
        "转介日期不能早于个案的接案日期（%s）",
        "the referral is dated before the case was opened (%s)"},
    [MSG_OUTCOME_BEFORE_REFERRAL] = {"validation_failed",
        "结果日期不能早于转介日期（%s）",
        "the outcome is dated before the referral (%s)"},
    [MSG_FOLLOWUP_BEFORE_CLOSURE] = {"validation_failed",
        "开始时间不能早于个案的结案日期（%s）：结案回访在结案之后",
        "the start time is before the case closed (%s): a follow-up comes "
        "after the closure"},
    [MSG_NUMBER_TOO_BIG] = {"invalid_json",
        "请求中有数值超出允许范围，请核对所填的数字",
        "a number in the request is out of range: check the numbers entered"},
    [MSG_TEXT_INVISIBLE] = {"validation_failed",
        "%s含有看不见的字符(如零宽空格)，请删除后重新输入",
        "%s contains an invisible character (such as a zero-width space): "
        "delete it and type the text again"},
    [MSG_TOKEN_REGION_STATIONS] = {"validation_failed",
        "%s：您的数据范围是所在站点，令牌只能沿用该范围，不能再按区划限定",
        "%s: your data range is your stations; a token keeps that range and "
        "cannot be narrowed by a division"},
    [MSG_PAYMENT_WITHHELD] = {"payment_blocked",
        "本期款项已暂缓拨付（暂缓理由：%s），须由民政局填写理由特批解除暂缓后方可拨付",
        "the installment is withheld (%s): the bureau lifts the hold by an "
        "override with a reason before it is paid"},
    [MSG_OVERRIDE_NOT_BLOCKED] = {"conflict",
        "只有暂缓拨付的款项，或因评估未合格、拨付条件在协议终止后才达成而暂停的款项才能特批（本期款项不在此列，或已特批）",
        "only a withheld installment, or one blocked by a failed evaluation "
        "or by a trigger that came after the contract was terminated, can "
        "be overridden (this one is not, or was already)"},
    [MSG_GROUP_PLANNED_BELOW_HELD] = {"validation_failed",
        "%s不能少于已开展的活动节数",
        "%s cannot be fewer than the sessions already held"},
    [MSG_SUPERVISOR_ATTENDS] = {"validation_failed",
        "%s：督导本人不能同时列为参加督导的社工",
        "%s: the supervisor is not one of the workers supervised"},
    [MSG_TOO_FAR_AHEAD] = {"validation_failed",
        "%s不能晚于一年之后，请核对年份",
        "%s is more than a year ahead: check the year"},
    [MSG_PAYMENT_TRIGGER_PENDING] = {"payment_blocked",
        "拨付条件（%s）尚未达成，本期款项还不能拨付",
        "the installment's trigger (%s) has not happened yet: it cannot be "
        "paid"},
    [MSG_MERGE_ID_DIFFERS] = {"conflict",
        "两条记录的身份证号不同，是两个人，不能合并",
        "the two records hold different ID numbers: they are two people "
        "and cannot be merged"},
    /* A period's ends, each told what it takes: the first day of a month
     * starts one, its last day ends one. */
    [MSG_STATS_MONTH_FROM] = {"validation_failed",
        "%s须为整月：YYYY-MM，或某月第一天的日期",
        "%s must be a whole month: YYYY-MM, or a month's first day"},
    [MSG_STATS_MONTH_TO] = {"validation_failed",
        "%s须为整月：YYYY-MM，或某月最后一天的日期",
        "%s must be a whole month: YYYY-MM, or a month's last day"},
    [MSG_GUARDIAN_UNKNOWN] = {"validation_failed",
        "%s：不是该服务对象在册的监护人，请刷新后重试",
        "%s: not a guardian on this client's record: reload and try again"},
    /* An import's update whose ID number is a client of another name:
     * a mistyped ID number, not her new name. */
    [MSG_IMPORT_ID_OTHER_NAME] = {"validation_failed",
        "该身份证号已登记为另一姓名的服务对象：%s，请核对身份证号或姓名",
        "this ID number is registered to a client of another name: %s; "
        "check the ID number or the name"},
    /* A closure before the evaluation: only for a service the client
     * ended; the form shows it under the reason. */
    [MSG_CASE_CLOSURE_EARLY] = {"invalid_stage",
        "个案当前处于“%s”阶段：以此原因结案须先完成评估；服务对象迁出、去世、"
        "不再接受服务或失去联系的，可在任一阶段申请结案",
        "the case is at the %s stage: a closure for this reason comes after "
        "the evaluation; a client who moved away, died, declined further "
        "service or cannot be reached can be closed at any stage"},
    [MSG_SERVICE_BEFORE_INTERVENTION] = {"validation_failed",
        "开始时间不能早于个案进入介入阶段的日期（%s，服务计划获批之日）",
        "the start time is before the case entered intervention (%s, the "
        "day its plan was approved)"},
    /* A child's consent given by somebody who is none of her guardians
     * (本人, a name on no record) says nothing of who may consent. */
    [MSG_CONSENT_NOT_GUARDIAN] = {"validation_failed",
        "%s：须为已登记的监护人之一，请先在监护人中登记",
        "%s: must be one of the child's recorded guardians; record the "
        "guardian first"},
    [MSG_MERGE_HOUSEHOLDS] = {"conflict",
        "两条记录分属不同的家庭（%s）：请先调整家庭成员，再合并",
        "the two records are in different households (%s): change the "
        "households' members before merging"},
    /* The label names the client and the household she is in. */
    [MSG_HOUSEHOLD_MEMBER_IN] = {"conflict",
        "%s中：如已迁入本户，请确认移入(将从原户移出)",
        "%s; confirm the move if she now lives here (she leaves that "
        "household)"},
    /* The label is the jurisdiction in force, so a county that runs a
     * profile not its own sees which county the system serves. */
    [MSG_STATION_REGION_OUTSIDE_OF] = {"validation_failed",
        "所在区划不在本系统管辖区域（%s）内",
        "the division is outside this deployment's jurisdiction (%s)"},
    /* The label names the other record: whose, when, its number. */
    [MSG_SERVICE_OVERLAP] = {"warning", "与%s时间重叠", "overlaps %s"},
    [MSG_SERVICE_OUT_OF_SCOPE] = {"warning",
        "服务领域不在本站服务协议的服务范围内，不得自行扩大服务范围",
        "the service area is not among the station's contract's service "
        "areas, which may not be widened"},
    /* The label is the worker's name. */
    [MSG_SERVICE_UNROSTERED] = {"warning",
        "服务社工%s当天不在本站社工名册上，服务应由承接机构登记在册的社工"
        "提供，严禁服务转包：请承接机构在「社工管理」中登记其在本站任职",
        "worker %s is not on the station's roster that day: services are "
        "the contract holder's registered workers' (no subcontracting); "
        "ask the organisation to add the assignment under Staff"},
    /* Sent anyway, it would wait for nobody, and the case with it. */
    [MSG_CASE_NO_SUPERVISOR] = {"conflict",
        "本站点还没有能审批的督导账号，提交后将无人审批：请系统管理员为本站点设置督导后再提交",
        "no supervisor covers this station to approve it: ask the system "
        "administrator to set one up first"},
    /* The label is the jurisdiction in force, as for a station. */
    [MSG_RANGE_OUTSIDE_OF] = {"validation_failed",
        "数据范围区划不在本系统管辖区域（%s）内",
        "the data range's division is outside this deployment's "
        "jurisdiction (%s)"},
    /* The label is the most stations one list reads. */
    [MSG_TASK_STATIONS_TOO_MANY] = {"validation_failed",
        "您的数据范围内站点超过%s个，请选择一个站点查看待办",
        "more than %s stations are in your range: choose one to see its "
        "tasks"},
    /* The label names her and the household she heads. */
    [MSG_HOUSEHOLD_MOVE_HEAD] = {"conflict",
        "%s，该户还有其他成员：请先为该户另定户主，再移入本户",
        "%s, which has other members: make one of them its head first"},
    /* A village a sheet names that the station's township has not: a
     * misspelling as often as another township's (the label says which
     * one it may be, when one is a character away). */
    [MSG_IMPORT_VILLAGE_UNKNOWN] = {"validation_failed",
        "%s不是站点所在乡镇(街道)的村(社区)，请核对村名",
        "%s is not a village of the station's township: check its name"},
};

const char *msg_query_param_zh(const char *name)
{
    static const char *const names[][2] = {
        {"from", "开始日期"},      {"to", "结束日期"},
        {"year", "年度"},          {"month", "月份"},
        {"station_id", "站点"},    {"region", "行政区划"},
        {"page", "页码"},          {"limit", "每页条数"},
        {"q", "搜索关键词"},       {"category", "服务对象类别"},
        {"area", "服务领域"},      {"type", "类型"},
        {"status", "状态"},        {"kind", "种类"},
        {"role", "角色"},          {"rule", "规则"},
        {"result", "结果"},        {"days", "天数"},
        {"format", "文件格式"},    {"client_id", "服务对象"},
        {"contract_id", "服务协议"}, {"worker_id", "社工"},
        {"age_min", "最小年龄"},   {"age_max", "最大年龄"},
        {"village", "村（社区）"}, {"organisation_id", "承接机构"},
        {"sort", "排序方式"},      {"order", "排序方向"},
        {"stage", "个案阶段"},     {"due", "到期情况"},
        {"case_id", "个案"},       {"group_id", "小组"},
        {"staff_id", "社工"},      {"actor", "操作人"},
        {"action", "操作"},        {"entity", "记录类型"},
        {"entity_id", "记录编号"}, {"severity", "严重程度"},
        {"source", "资金来源"},    {"by", "统计维度"},
        {"measures", "统计指标"},  {"mode", "导入方式"},
        {"duplicates", "重复处理方式"}, {"reads", "查阅记录"},
        {"education", "学历"},     {"certificate", "证书等级"},
        {"parent", "上级区划"},    {"region_code", "行政区划"},
    };
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(names[i][0], name) == 0) {
            return names[i][1];
        }
    }
    return NULL;
}

const char *msg_code(enum msg_id id)
{
    return msgs[id].code;
}

const char *msg_text(enum msg_id id, enum lang lang)
{
    return lang == LANG_EN ? msgs[id].en : msgs[id].zh;
}

void msg_format(enum msg_id id, enum lang lang, const char *label, char *buf,
                size_t len)
{
    const char *t = msg_text(id, lang);
    const char *hole = strstr(t, "%s");
    if (!label) {
        label = "";
    }
    if (!hole) {
        snprintf(buf, len, "%s", t);
    } else {
        snprintf(buf, len, "%.*s%s%s", (int)(hole - t), t, label, hole + 2);
    }
}

void msg_sentence(char *s)
{
    if (!s || s[0] < 'a' || s[0] > 'z') {
        return;
    }
    size_t i = 1;
    while ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-' || s[i] == '\'') {
        i++;
    }
    /* A word ends at a space, a punctuation mark or the end; a dot, an
     * underscore or a digit within it makes it a code. */
    if (s[i] == 0 || s[i] == ' ' || s[i] == ',' || s[i] == ':' ||
        s[i] == ';' || s[i] == '(') {
        s[0] = (char)(s[0] - 'a' + 'A');
    }
}

void msg_sentence_of(enum msg_id id, char *s)
{
    if (strncmp(msg_text(id, LANG_EN), "%s", 2) != 0) {
        msg_sentence(s);
    }
}

void msg_in_sentence(char *s)
{
    if (!s || s[0] < 'A' || s[0] > 'Z' || s[1] < 'a' || s[1] > 'z') {
        return;
    }
    s[0] = (char)(s[0] - 'A' + 'a');
}

const char *msg_reason(enum msg_id id, enum lang lang)
{
    const char *t = msg_text(id, lang);
    const char *sep = lang == LANG_EN ? "%s: " : "%s：";
    size_t n = strlen(sep);
    if (strncmp(t, sep, n) != 0 || strchr(t + n, '%')) {
        return NULL;
    }
    return t + n;
}

const char *msg_list_sep(enum lang lang)
{
    return lang == LANG_EN ? ", " : "、";
}

enum lang msg_lang_from_header(const char *h)
{
    if (!h) {
        return LANG_ZH;
    }
    while (*h == ' ') {
        h++;
    }
    if (strncasecmp(h, "en", 2) == 0 &&
        (h[2] == 0 || h[2] == '-' || h[2] == ',' || h[2] == ';')) {
        return LANG_EN;
    }
    return LANG_ZH;
}
