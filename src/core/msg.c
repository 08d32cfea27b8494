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
    [MSG_BAD_PHONE] = {"validation_failed", "%s不是有效的电话号码",
                       "%s is not a valid phone number"},
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
                              "记录已被他人修改，请刷新后重试",
                              "the record was changed by someone else; "
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
                           "密码至少8位，且须包含大写字母、小写字母、数字、"
                           "符号中的至少三类",
                           "the password needs at least 8 characters from 3 "
                           "of: upper case, lower case, digits, symbols"},
    [MSG_PASSWORD_IS_USERNAME] = {"weak_password", "密码不能与用户名相同",
                                  "the password must not be the user name"},
    [MSG_PASSWORD_REUSED] = {"weak_password", "不能使用最近5次用过的密码",
                             "the password was one of the last 5"},
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
    [MSG_LAST_SYSADMIN] = {"conflict", "不能移除最后一位系统管理员",
                           "the last system administrator cannot be "
                           "removed"},
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
    [MSG_SECOND_FACTOR_STATE] = {"conflict", "双因素认证状态不允许此操作",
                                 "the second factor is not in a state that "
                                 "allows this"},
    [MSG_NOTHING_TO_CHANGE] = {"validation_failed", "没有要修改的内容",
                               "nothing to change"},
    [MSG_ID_SPACE] = {"validation_failed", "%s含有空格，请删除空格",
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
    [MSG_DICT_UNKNOWN] = {"validation_failed", "%s不是字典中的有效项",
        "%s is not an item of its dictionary"},
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
    [MSG_IMPORT_DUP_IN_FILE] = {"duplicate", "该身份证号在文件中重复出现",
        "this ID number appears twice in the file"},
    [MSG_IMPORT_EMPTY] = {"validation_failed", "文件中没有数据",
        "the file holds no data"},
    [MSG_IMPORT_UNREADABLE] = {"validation_failed", "无法读取文件：须为.xlsx，或UTF-8/GBK编码的CSV",
        "the file cannot be read: it must be .xlsx, or CSV in UTF-8 or GBK"},
    [MSG_IMPORT_HEADER] = {"validation_failed", "找不到表头：前10行中须有一行包含“姓名”列(请使用导入模板)",
        "no header: one of the first 10 rows must have a 姓名 column (use the template)"},
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
    [MSG_ID_COUNTY_UNKNOWN] = {"warning",
        "身份证号的发证地代码不在现行区划中(可能是已撤销的县)，请核对",
        "the ID number's issuing county is not a current division (perhaps an abolished county): please check"},
    [MSG_CONSENT_INCOMPLETE] = {"validation_failed", "%s：监护人同意须写明同意人、日期和方式",
        "%s: a guardian's consent needs who, when and how"},
    [MSG_IDEMPOTENCY_KEY_BAD] = {"validation_failed",
        "Idempotency-Key须为8至128个字母、数字或-_.:字符",
        "Idempotency-Key must be 8 to 128 letters, digits or -_.: characters"},
    [MSG_IDEMPOTENCY_MISMATCH] = {"idempotency_mismatch",
        "该Idempotency-Key已用于另一个内容不同的请求",
        "this Idempotency-Key was used for a different request"},
    [MSG_IDEMPOTENCY_IN_PROGRESS] = {"conflict", "相同的请求正在处理，请稍后重试",
        "the same request is being processed: retry shortly"},
    [MSG_IDEMPOTENCY_LOST] = {"conflict",
        "该请求已处理完成，但结果未能保存：请刷新查看，不要重复提交",
        "this request was processed but its answer was not kept: reload to see it, do not submit again"},
    [MSG_TIME_ORDER] = {"validation_failed", "%s须晚于开始时间",
        "%s must be after the start"},
    [MSG_IN_FUTURE] = {"validation_failed", "%s不能晚于当前时间",
        "%s cannot be in the future"},
    [MSG_TOO_EARLY] = {"validation_failed", "%s早于2000年，请核对",
        "%s is before 2000: please check"},
    [MSG_SERVICE_TOO_LONG] = {"validation_failed", "%s：一条服务记录不能超过24小时，请分开登记",
        "%s: one record cannot last more than 24 hours; record each day"},
    [MSG_SERVICE_NO_CLIENT] = {"validation_failed", "%s：须至少有一位服务对象(社区活动和政策宣传也可只填参与人数)",
        "%s: at least one client is needed (activities and publicity may give a headcount instead)"},
    [MSG_NOT_FOR_TYPE] = {"validation_failed", "%s不适用于此类服务",
        "%s does not apply to this type of service"},
    [MSG_REQUIRED_FOR_TYPE] = {"validation_failed", "此类服务须填写%s",
        "%s is required for this type of service"},
    [MSG_CLIENT_OUT_OF_RANGE] = {"validation_failed", "%s：服务对象不存在或不在您的数据范围内",
        "%s: no such client in your data range"},
    [MSG_LISTED_TWICE] = {"validation_failed", "%s：重复列入",
        "%s: listed twice"},
    [MSG_AMEND_REASON] = {"validation_failed", "%s：记录已超过可直接修改的期限，须写明更正理由(原记录将保留)",
        "%s: the record is past its editing period: state why it is corrected (the original is kept)"},
    [MSG_SELF_NOT_WORKER] = {"validation_failed", "%s：您只能登记本人参与的服务",
        "%s: you can only record services you took part in"},
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
    [MSG_PLAN_EXISTS] = {"conflict", "%s：该站点这一年度已有服务计划，请修改原计划",
        "%s: the station already has a plan for that year; change that one"},
    [MSG_PLAN_SUBMITTED] = {"conflict", "服务计划已提交，不能再修改",
        "the plan has been submitted and can no longer be changed"},
    [MSG_FILE_TYPE] = {"unsupported_file", "文件内容与类型不符或不受支持：只接受JPG、PNG照片，PDF和Word、Excel、PowerPoint文档，且扩展名须与内容一致",
        "the file's content does not match its name or is not accepted: JPG or PNG photos, PDF, Word, Excel or PowerPoint documents, with the right extension"},
    [MSG_FILE_NAME] = {"validation_failed", "%s无效：须为1至100个字符，不含路径和控制字符",
        "%s is not valid: 1 to 100 characters, no path or control characters"},
    [MSG_ATTACHMENT_LOCKED] = {"forbidden", "只有上传人可在规定期限内删除附件",
        "only the uploader can remove an attachment, within the editing period"},
};

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
