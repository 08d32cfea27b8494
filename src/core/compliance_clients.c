/* Compliance rules on the client register: a category held outside its
 * ages (core/category_age.h). The register refuses such a record when it
 * is saved, but a child grows up without anyone saving: a left-behind
 * child turns 16 with the category still open, and the record cannot be
 * saved again until someone gives the end date. Records saved before a
 * lower bound was set (migration 26 gave the elderly categories 60; the
 * demo had given 困难老人 to children) started a category too young. This
 * rule lists both. */
#include "../store/client_store.h"
#include "category_age.h"
#include "compliance_rules.h"

/* The rows' findings: each checked with the same function the register
 * uses, against the bound its query read. */
static void add_findings(const struct compliance_ctx *c,
                         struct compliance_report *r,
                         const struct client_age_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct client_age_row *x = &rows[i];
        char reached[11];
        enum category_age v =
            category_age_check(x->birth_date, x->age_from, x->age_limit,
                               x->started_on, x->ended_on, c->today, reached);
        if (v == CATEGORY_AGE_OK) {
            continue;
        }
        char phrase[400], zh[512], en[512];
        category_age_phrase(LANG_ZH, x->label, v, x->age_from, x->age_limit,
                            reached, phrase, sizeof phrase);
        msg_format(category_age_msg(v), LANG_ZH, phrase, zh, sizeof zh);
        category_age_phrase(LANG_EN, x->label_en, v, x->age_from, x->age_limit,
                            reached, phrase, sizeof phrase);
        msg_format(category_age_msg(v), LANG_EN, phrase, en, sizeof en);
        struct finding f = {
            .rule = "client.category_age",
            .severity = SEV_VIOLATION,
            .clause = v == CATEGORY_AGE_STARTED_EARLY
                          ? "client_categories.age_from"
                          : "client_categories.age_limit",
            .entity = "client",
            .entity_id = x->id,
            .entity_name = x->name,
            .message = arena_strdup(c->arena, zh),
            .message_en = arena_strdup(c->arena, en),
            .station_id = x->station_id,
        };
        compliance_add(c, r, &f);
    }
}

static int category_age(const struct compliance_ctx *c,
                        struct compliance_report *r)
{
    struct client_age_row *rows;
    size_t n;
    int rc = client_store_age_limited(c->db, c->arena, c->scope, c->today,
                                      &rows, &n);
    if (rc == DB_OK) {
        add_findings(c, r, rows, n);
        rc = client_store_age_from_early(c->db, c->arena, c->scope, &rows, &n);
    }
    if (rc == DB_OK) {
        add_findings(c, r, rows, n);
    }
    return rc;
}

const struct compliance_rule compliance_client_rules[] = {
    {"client.category_age", "对象类别未超出适用年龄", "Client categories "
     "within their ages", category_age, NULL, NULL, NULL},
    {0},
};
