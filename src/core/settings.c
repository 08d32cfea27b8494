#include "settings.h"

#include <stdio.h>
#include <string.h>

#include "../util/cn_time.h"
#include "../util/parse.h"

#define SETTING_(key, field, zh, en, lo, hi, dflt, sec)                      \
    {key, zh, en, offsetof(struct settings, field), lo, hi, dflt, sec, false}
/* The security administrator's: login, sessions, passwords, tokens and
 * the audit log (DESIGN.md §1). */
#define SETTING(key, field, zh, en, lo, hi, dflt)                            \
    SETTING_(key, field, zh, en, lo, hi, dflt, true)
/* The sysadmin's: how the business runs (edit window, attachments,
 * export caps). */
#define BUSINESS_SETTING(key, field, zh, en, lo, hi, dflt)                   \
    SETTING_(key, field, zh, en, lo, hi, dflt, false)

const struct setting_def setting_defs[] = {
    SETTING("login.lockout_threshold", lockout_threshold,
            "连续登录失败锁定次数", "failed logins before locking", 3, 20, 5),
    SETTING("login.lockout_minutes", lockout_minutes, "账号锁定时长(分钟)",
            "minutes an account stays locked", 1, 1440, 15),
    SETTING("login.per_address_per_minute", login_per_minute,
            "同一地址每分钟登录次数上限", "logins per address per minute", 1,
            100000, 30),
    SETTING("session.idle_minutes", idle_minutes, "会话空闲超时(分钟)",
            "idle minutes before a session ends", 1, 480, 30),
    SETTING("session.lifetime_hours", lifetime_hours, "会话最长时长(小时)",
            "hours a session lasts at most", 1, 72, 12),
    SETTING("login.totp_mandatory", totp_mandatory,
            "局端及系统、安全、审计管理员必须启用双因素认证(1是0否)",
            "second factor required of the bureau and the three "
            "administrators (1 yes, 0 no)",
            0, 1, 0),
    SETTING("audit.retention_days", audit_retention_days,
            "审计日志保留天数(不少于180天)",
            "days the audit log is kept (at least 180)", 180, 3650, 365),
    BUSINESS_SETTING("service.edit_days", service_edit_days,
            "服务记录可直接修改的天数(之后须写明更正理由)",
            "days a service record can be edited freely (later changes "
            "need a stated reason)", 1, 30, 7),
    BUSINESS_SETTING("attachment.max_mb", attachment_max_mb, "附件大小上限(MB)",
            "largest attachment in MB", 1, 50, 20),
    /* 保留原始财务凭证 (the plans): an expenditure longer without a
     * voucher than this is a finding (money.vouchers_missing). */
    BUSINESS_SETTING("money.voucher_days", voucher_days,
            "支出登记后上传原始凭证的期限(天)",
            "days within which an expenditure's vouchers are uploaded", 1,
            365, 30),
    /* A county goes live with its stations open for years: the briefs
     * and reports before are on paper, and without this day the
     * compliance page would ask for the last three months' briefs, the
     * last two quarters' and half-years' reports of every station and
     * county, and find every contract behind its targets, on the first
     * morning. */
    {"reports.owed_from",
     "平台上线日期(此前的报告和服务量按纸质台账，不在平台督办)",
     "go-live day (reports and services before it were kept on paper)",
     offsetof(struct settings, reports_owed_from), 0, 0, 0, false, true},
    /* An export is written row by row to a temporary file (a few MB of
     * memory whatever its size), but its rows are read in one snapshot
     * and its file is as large as the rows: 200,000 clients are some
     * 5 s of reading and 32 MB of CSV. */
    BUSINESS_SETTING("client.export_max_rows", export_max_rows,
            "服务对象台账单次导出行数上限", "most rows in one client export",
            100, 200000, 200000),
    BUSINESS_SETTING("ledger.export_max_rows", ledger_export_max_rows,
            "服务记录、个案和小组台账单次导出行数上限",
            "most rows in one export of the service, case or group ledger",
            100, 200000, 200000),
    /* DESIGN.md §5's 8 characters is the floor; a province may ask for
     * more, up to the 16 of the temporary passwords sgz makes
     * (password_random), so that those always meet it. */
    SETTING("password.min_length", password_min_length, "密码最少位数",
            "fewest characters in a password", 8, 16, 8),
    /* Counts the password in use: 5 refuses it and the 4 before it. */
    SETTING("password.history", password_history,
            "不得重复使用的最近密码个数(含当前密码)",
            "recent passwords that may not be used again (the current one "
            "included)",
            1, 24, 5),
    SETTING("token.max_days", token_max_days, "接口令牌最长有效天数",
            "most days an API token stays valid", 1, 1096, 366),
    /* The log's .xlsx is built in memory, a row's detail and all: 50,000
     * rows are some 30 MB; a longer period is exported in parts. */
    SETTING("audit.export_max_rows", audit_export_max_rows,
            "审计日志单次导出行数上限", "most rows in one audit log export",
            100, 200000, 50000),
    {NULL, NULL, NULL, 0, 0, 0, 0, false, false},
};

const struct setting_def *setting_find(const char *key)
{
    for (const struct setting_def *d = setting_defs; d->key; d++) {
        if (strcmp(d->key, key) == 0) {
            return d;
        }
    }
    return NULL;
}

static void set_field(struct settings *s, const struct setting_def *d,
                      int64_t v)
{
    memcpy((char *)s + d->offset, &v, sizeof v);
}

void settings_defaults(struct settings *s)
{
    memset(s, 0, sizeof *s);
    for (const struct setting_def *d = setting_defs; d->key; d++) {
        set_field(s, d, d->def);
    }
}

int settings_load(struct db *db, struct settings *s)
{
    settings_defaults(s);
    struct db_stmt *st = db_prepare(db, "SELECT key, value FROM settings");
    if (!st) {
        return DB_ERROR;
    }
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const struct setting_def *d = setting_find(db_col_text(st, 0));
        int64_t v;
        /* A value outside today's range (an older binary's, say) keeps
         * the default rather than weakening a security setting. */
        if (d && setting_parse(d, db_col_text(st, 1), &v)) {
            set_field(s, d, v);
        }
    }
    db_reset(st);
    return rc < 0 ? rc : DB_OK;
}

void setting_text(const struct setting_def *d, int64_t v, char out[24])
{
    if (!d->date) {
        snprintf(out, 24, "%lld", (long long)v);
    } else if (v) {
        cn_date_format(cn_civil_from_days(v), out);
    } else {
        out[0] = 0;
    }
}

void setting_json(const struct setting_def *d, int64_t v, char out[32])
{
    char text[24];
    setting_text(d, v, text);
    snprintf(out, 32, !d->date ? "%s" : *text ? "\"%s\"" : "null", text);
}

bool setting_parse(const struct setting_def *d, const char *text, int64_t *v)
{
    if (!d->date) {
        return parse_int64(text, d->min, d->max, v);
    }
    int y, m, day;
    if (!*text) {
        *v = 0;
        return true;
    }
    if (!parse_date(text, &y, &m, &day) || y < 2000) {
        return false; /* nobody went live on this platform before 2000 */
    }
    *v = cn_days_from_civil(y, m, day);
    return true;
}

bool setting_allowed_now(const struct setting_def *d, int64_t v,
                         int64_t today)
{
    return !d->date || v <= today;
}

int settings_store(struct db *db, const struct setting_def *d, int64_t value,
                   int64_t now)
{
    struct db_stmt *st = db_prepare(
        db, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at");
    if (!st) {
        return DB_ERROR;
    }
    char text[24];
    setting_text(d, value, text);
    db_bind_text(st, 1, d->key);
    db_bind_text(st, 2, text);
    db_bind_int(st, 3, now);
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERROR);
}
