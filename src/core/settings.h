/* Run-time settings that administrators change (参数设置): kept in the
 * database's settings table, each with a range and a default here. The
 * server reads them when it starts. Deployment settings (address, database,
 * limits) are in util/config.h instead. */
#ifndef SGZ_SETTINGS_H
#define SGZ_SETTINGS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"

struct settings {
    int64_t lockout_threshold;   /* login.lockout_threshold */
    int64_t lockout_minutes;     /* login.lockout_minutes */
    int64_t login_per_minute;    /* login.per_address_per_minute */
    int64_t idle_minutes;        /* session.idle_minutes */
    int64_t lifetime_hours;      /* session.lifetime_hours */
    int64_t totp_mandatory;      /* login.totp_mandatory: 0/1 */
    int64_t audit_retention_days; /* audit.retention_days */
    int64_t service_edit_days;   /* service.edit_days */
    int64_t attachment_max_mb;   /* attachment.max_mb */
    int64_t export_max_rows;     /* client.export_max_rows */
    int64_t ledger_export_max_rows; /* ledger.export_max_rows */
    int64_t password_min_length; /* password.min_length */
    int64_t password_history;    /* password.history */
    int64_t token_max_days;      /* token.max_days */
    int64_t audit_export_max_rows; /* audit.export_max_rows */
    int64_t voucher_days;        /* money.voucher_days */
    /* reports.owed_from: the go-live day, in days since 1970-01-01 (0:
     * none set); reports for periods ended before its month were kept
     * on paper and are not asked for here. */
    int64_t reports_owed_from;
};

struct setting_def {
    const char *key;
    const char *label, *label_en;
    size_t offset;
    int64_t min, max, def;
    /* The security administrator's (login, sessions, passwords, tokens,
     * the audit log); the others are the sysadmin's (DESIGN.md §1). */
    bool security;
    /* A day (YYYY-MM-DD, or none) rather than a number: min, max and def
     * are 0, the value days since 1970-01-01 and 0 for none. */
    bool date;
};

/* Terminated by an entry whose key is NULL. */
extern const struct setting_def setting_defs[];

const struct setting_def *setting_find(const char *key);
void settings_defaults(struct settings *s);
/* Defaults overlaid with the stored values. */
int settings_load(struct db *db, struct settings *s);
/* A value as text: the number, or the day as YYYY-MM-DD ("" for none). */
void setting_text(const struct setting_def *d, int64_t v, char out[24]);
/* A value as a JSON literal, for the audit log: the number, the day in
 * quotes, or null for none. */
void setting_json(const struct setting_def *d, int64_t v, char out[32]);
/* Text to a value: a whole number within the range, or for a day
 * YYYY-MM-DD ("" for none). False when it is neither. */
bool setting_parse(const struct setting_def *d, const char *text,
                   int64_t *v);
/* Whether v may be stored today (days since 1970-01-01): a day setting
 * takes no day after today. */
bool setting_allowed_now(const struct setting_def *d, int64_t v,
                         int64_t today);
/* Stores one value (checked by the caller, setting_parse or the range);
 * in the caller's transaction. */
int settings_store(struct db *db, const struct setting_def *d, int64_t value,
                   int64_t now);

#endif
