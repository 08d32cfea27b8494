/* Compliance rules on the client register: a category held past its age
 * limit (core/category_age.h). The register refuses such a record when it
 * is saved, but a child grows up without anyone saving: a left-behind
 * child turns 16 with the category still open, and the record cannot be
 * saved again until someone gives the end date. This rule lists them. */
#include "../store/client_store.h"
#include "category_age.h"
#include "compliance_rules.h"

static int category_age(const struct compliance_ctx *c,
                        struct compliance_report *r)
{
    struct client_age_row *rows;
    size_t n;
    int rc = client_store_age_limited(c->db, c->arena, c->scope, c->today,
                                      &rows, &n);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        const struct client_age_row *x = &rows[i];
        char reached[11];
        enum category_age v =
            category_age_check(x->birth_date, 0, x->age_limit, x->started_on,
                               x->ended_on, c->today, reached);
        if (v == CATEGORY_AGE_OK) {
            continue;
        }
        char phrase[400], zh[512], en[512];
        category_age_phrase(LANG_ZH, x->label, v, 0, x->age_limit, reached,
                            phrase, sizeof phrase);
        msg_format(category_age_msg(v), LANG_ZH, phrase, zh, sizeof zh);
        category_age_phrase(LANG_EN, x->label_en, v, 0, x->age_limit, reached,
                            phrase, sizeof phrase);
        msg_format(category_age_msg(v), LANG_EN, phrase, en, sizeof en);
        struct finding f = {
            .rule = "client.category_age",
            .severity = SEV_VIOLATION,
            .clause = "client_categories.age_limit",
            .entity = "client",
            .entity_id = x->id,
            .entity_name = x->name,
            .message = arena_strdup(c->arena, zh),
            .message_en = arena_strdup(c->arena, en),
            .station_id = x->station_id,
        };
        compliance_add(c, r, &f);
    }
    return rc;
}

const struct compliance_rule compliance_client_rules[] = {
    {"client.category_age", "对象类别未超出适用年龄", "Client categories "
     "within their age limit", category_age, NULL, NULL, NULL},
    {0},
};
