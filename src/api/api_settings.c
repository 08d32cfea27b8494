/* 参数设置: GET /api/v1/settings, PUT /api/v1/settings/{key}. Values are
 * checked against their ranges, audited, and take effect at once on this
 * server (other nodes read them at their next start). */
#include <stdio.h>
#include <string.h>

#include "../store/audit_store.h"
#include "../util/cn_time.h"
#include "api.h"

/* A number setting takes "value"; a day's (kind "date") takes "date",
 * null for none. Which one the key needs is the handler's check. */
static const struct schema value_fields[] = {
    {.name = "value", .label_zh = "参数值", .label_en = "value", .type = S_INT,
     .min = INT32_MIN},
    {.name = "date", .label_zh = "日期", .label_en = "date", .type = S_DATE,
     .nullable = true},
    {0},
};
const struct schema api_setting_schema = {.type = S_OBJECT,
                                          .fields = value_fields};

static int64_t value_of(const struct settings *s, const struct setting_def *d)
{
    int64_t v;
    memcpy(&v, (const char *)s + d->offset, sizeof v);
    return v;
}

void api_settings_list(struct req *r)
{
    struct settings cur = server_settings(r->srv);
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (const struct setting_def *d = setting_defs; d->key; d++) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "key", d->key);
        jsonw_kstr(&w, "label", r->lang == LANG_EN ? d->label_en : d->label);
        jsonw_kstr(&w, "kind", d->date ? "date" : "number");
        if (d->date) {
            char day[24];
            setting_text(d, value_of(&cur, d), day);
            jsonw_key(&w, "date");
            if (*day) {
                jsonw_str(&w, day);
            } else {
                jsonw_null(&w);
            }
        } else {
            jsonw_kint(&w, "value", value_of(&cur, d));
            jsonw_kint(&w, "default", d->def);
            jsonw_kint(&w, "min", d->min);
            jsonw_kint(&w, "max", d->max);
        }
        jsonw_kbool(&w, "security", d->security);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_settings_put(struct req *r)
{
    const struct setting_def *d = setting_find(req_param(r, 0));
    if (!d) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "参数", "setting");
        return;
    }
    json_t *value = json_object_get(r->json, "value");
    json_t *date = json_object_get(r->json, "date");
    /* The member the setting's kind takes, and not the other: a body
     * wrong whoever sends it is said so before who may send it. */
    if (d->date ? value != NULL : date != NULL) {
        reply_error(r, 400,
                    d->date ? MSG_SETTING_TAKES_DATE : MSG_SETTING_TAKES_NUMBER,
                    d->date ? "value" : "date", d->label, d->label_en);
        return;
    }
    if (!(d->date ? date : value)) {
        reply_error(r, 400, MSG_REQUIRED, d->date ? "date" : "value",
                    d->date ? "日期" : "参数值", d->date ? "date" : "value");
        return;
    }
    /* 三员分立: the security administrator keeps her settings, the
     * sysadmin the business's; neither changes the other's. */
    const char *may = d->security ? "setting.manage" : "setting.manage_system";
    if (!api_can(r, may)) {
        server_audit_denial(r, may, "denied");
        reply_error(r, 403, d->security ? MSG_SETTING_SECURITY
                                        : MSG_SETTING_SYSTEM,
                    d->date ? "date" : "value", d->label, d->label_en);
        return;
    }
    int64_t v = 0;
    if (d->date) {
        if (json_is_string(date) &&
            !setting_parse(d, json_string_value(date), &v)) {
            reply_error(r, 400, MSG_SETTING_DAY_RANGE, "date", d->label,
                        d->label_en);
            return;
        }
        struct cn_date now = cn_date_of(cn_now());
        if (!setting_allowed_now(
                d, v, cn_days_from_civil(now.year, now.month, now.day))) {
            reply_error(r, 400, MSG_SETTING_DAY_LATER, "date", d->label,
                        d->label_en);
            return;
        }
    } else if ((v = json_integer_value(value)) < d->min || v > d->max) {
        char label[160];
        snprintf(label, sizeof label, "%s(%lld–%lld)", d->label,
                 (long long)d->min, (long long)d->max);
        reply_error(r, 400, MSG_OUT_OF_RANGE, "value", label, d->label_en);
        return;
    }
    /* Switched on by a security admin not enrolled herself, the rule
     * would shut her out of everything but enrolment at once. */
    if (strcmp(d->key, "login.totp_mandatory") == 0 && v == 1 &&
        !r->who->totp_enabled) {
        reply_error(r, 409, MSG_TOTP_MANDATORY_SELF, "value", d->label,
                    d->label_en);
        return;
    }
    struct settings cur = server_settings(r->srv);
    char before[32], after[32], detail[200];
    setting_json(d, value_of(&cur, d), before);
    setting_json(d, v, after);
    snprintf(detail, sizeof detail, "{\"before\":%s,\"after\":%s}", before,
             after);
    struct audit_entry e = {.actor = r->actor,
                            .address = r->address,
                            .action = "setting.update",
                            .entity = "setting",
                            .entity_id = d->key,
                            .detail = detail};
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = settings_store(r->db, d, v, cn_now());
    }
    if (rc == DB_OK) {
        rc = audit_append(r->db, &e);
    }
    if (rc == DB_OK) {
        rc = db_commit(r->db);
    }
    if (rc != DB_OK) {
        db_rollback(r->db);
        api_db_error(r, rc, "setting");
        return;
    }
    server_set_setting(r->srv, d->offset, v);
    api_settings_list(r);
}
