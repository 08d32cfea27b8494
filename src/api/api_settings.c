/* 参数设置: GET /api/v1/settings, PUT /api/v1/settings/{key}. Values are
 * checked against their ranges, audited, and take effect at once on this
 * server (other nodes read them at their next start). */
#include <stdio.h>
#include <string.h>

#include "../store/audit_store.h"
#include "../util/cn_time.h"
#include "api.h"

static const struct schema value_fields[] = {
    {.name = "value", .label_zh = "参数值", .label_en = "value", .type = S_INT,
     .required = true, .min = INT32_MIN},
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
        jsonw_kint(&w, "value", value_of(&cur, d));
        jsonw_kint(&w, "default", d->def);
        jsonw_kint(&w, "min", d->min);
        jsonw_kint(&w, "max", d->max);
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
    /* 三员分立: the security administrator keeps her settings, the
     * sysadmin the business's; neither changes the other's. */
    const char *may = d->security ? "setting.manage" : "setting.manage_system";
    if (!api_can(r, may)) {
        server_audit_denial(r, may, "denied");
        reply_error(r, 403, d->security ? MSG_SETTING_SECURITY
                                        : MSG_SETTING_SYSTEM,
                    "value", d->label, d->label_en);
        return;
    }
    int64_t v = json_integer_value(json_object_get(r->json, "value"));
    if (v < d->min || v > d->max) {
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
    char detail[200];
    snprintf(detail, sizeof detail, "{\"before\":%lld,\"after\":%lld}",
             (long long)value_of(&cur, d), (long long)v);
    struct audit_entry e = {.actor = r->actor,
                            .address = r->address,
                            .action = "setting.update",
                            .entity = "setting",
                            .entity_id = d->key,
                            .detail = detail};
    int rc = db_begin(r->db);
    if (rc == DB_OK) {
        rc = settings_store(r->db, d->key, v, cn_now());
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
