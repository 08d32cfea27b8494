#include "profile_money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"
#include "dictionary.h"

static bool is_source(const char *s)
{
    return dictionary_fixed_has("fund_source", s);
}
static bool is_trigger(const char *s)
{
    return payment_trigger_rank(s) >= 0;
}
static bool is_type_code(const char *s)
{
    return *s != 0;
}

static const char *const modes[] = {"cap", "floor", NULL};
static const char *const base_years[] = {"current", "previous", NULL};
static const char *const measures[] = {"budget", "spent", NULL};

static const struct schema source_schema[] = {
    {.type = S_STRING, .max = 40, .check = is_source,
     .check_msg = MSG_BAD_ENUM},
};

static const struct schema assistance_fields[] = {
    {.name = "mode", .type = S_ENUM, .required = true, .enums = modes},
    {.name = "percent", .type = S_INT, .required = true, .min = 1,
     .max = 100},
    {.name = "base_year", .type = S_ENUM, .required = true,
     .enums = base_years},
    {.name = "base_measure", .type = S_ENUM, .required = true,
     .enums = measures},
    {.name = "base_sources", .type = S_ARRAY, .required = true, .min = 1,
     .max = 10, .fields = source_schema},
    {.name = "drawn_sources", .type = S_ARRAY, .max = 10,
     .fields = source_schema},
    {.name = "clause", .type = S_STRING, .required = true, .max = 400},
    {0},
};

static const struct schema personnel_fields[] = {
    {.name = "percent", .type = S_INT, .required = true, .min = 1,
     .max = 100},
    {.name = "station_type", .type = S_STRING, .required = true, .max = 40,
     .check = is_type_code, .check_msg = MSG_BAD_ENUM},
    {.name = "clause", .type = S_STRING, .required = true, .max = 400},
    {0},
};

const struct schema profile_funding_fields[] = {
    {.name = "social_assistance", .type = S_OBJECT,
     .fields = assistance_fields},
    {.name = "personnel_share", .type = S_OBJECT, .fields = personnel_fields},
    {0},
};

static const struct schema step_fields[] = {
    {.name = "percent", .label_zh = "比例", .label_en = "percent",
     .type = S_INT, .required = true, .min = 1, .max = 100},
    {.name = "trigger", .label_zh = "拨付条件", .label_en = "trigger",
     .type = S_STRING, .required = true, .max = 20, .check = is_trigger,
     .check_msg = MSG_BAD_ENUM},
    {.name = "working_days", .label_zh = "工作日", .label_en = "working_days",
     .type = S_INT, .required = true, .min = 1, .max = 250},
    {.name = "needs_acceptance", .label_zh = "须先履约验收",
     .label_en = "needs_acceptance", .type = S_BOOL},
    {0},
};
const struct schema payment_step_schema[] = {
    {.type = S_OBJECT, .fields = step_fields},
};

const struct schema profile_payments_fields[] = {
    {.name = "schedule", .type = S_ARRAY, .required = true, .min = 1,
     .max = 12, .fields = payment_step_schema},
    {.name = "clause", .type = S_STRING, .required = true, .max = 400},
    {0},
};

int payment_trigger_rank(const char *code)
{
    static const char *const order[] = {"signing", "effective",
                                        "midterm_passed", "final_passed"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(order[i], code) == 0) {
            return i;
        }
    }
    return -1;
}

enum schedule_fault payment_schedule_check(json_t *steps, int *sum,
                                           size_t *step)
{
    *sum = 0;
    *step = 0;
    int last = -1;
    for (size_t i = 0; i < json_array_size(steps); i++) {
        json_t *o = json_array_get(steps, i);
        int rank = payment_trigger_rank(
            json_string_value(json_object_get(o, "trigger")));
        if (rank < last) {
            *step = i;
            return SCHEDULE_ORDER;
        }
        last = rank;
        *sum += (int)json_integer_value(json_object_get(o, "percent"));
    }
    return *sum == 100 ? SCHEDULE_OK : SCHEDULE_SUM;
}

static void add_line(struct strbuf *err, const char *line)
{
    if (err->len) {
        strbuf_addc(err, '\n');
    }
    strbuf_adds(err, line);
}

void profile_money_check(json_t *root, struct strbuf *err)
{
    json_t *steps =
        json_object_get(json_object_get(root, "payments"), "schedule");
    if (steps) {
        int sum;
        size_t at;
        char line[200];
        switch (payment_schedule_check(steps, &sum, &at)) {
        case SCHEDULE_SUM:
            snprintf(line, sizeof line,
                     "payments.schedule: the percentages sum to %d, not 100",
                     sum);
            add_line(err, line);
            break;
        case SCHEDULE_ORDER:
            snprintf(line, sizeof line,
                     "payments.schedule[%zu].trigger: comes before the "
                     "previous installment's trigger",
                     at);
            add_line(err, line);
            break;
        case SCHEDULE_OK:
            break;
        }
    }
    const char *type = json_string_value(json_object_get(
        json_object_get(json_object_get(root, "funding"), "personnel_share"),
        "station_type"));
    if (type) {
        json_t *types = json_object_get(root, "station_types");
        bool known = false;
        for (size_t i = 0; i < json_array_size(types); i++) {
            const char *c = json_string_value(
                json_object_get(json_array_get(types, i), "code"));
            known = known || (c && strcmp(c, type) == 0);
        }
        if (!known) {
            char line[200];
            snprintf(line, sizeof line,
                     "funding.personnel_share.station_type: \"%s\" is not "
                     "one of station_types",
                     type);
            add_line(err, line);
        }
    }
}

static const char **strings(json_t *arr, size_t *n)
{
    *n = json_array_size(arr);
    const char **out = xcalloc(*n ? *n : 1, sizeof *out);
    for (size_t i = 0; i < *n; i++) {
        out[i] = json_string_value(json_array_get(arr, i));
    }
    return out;
}

static const char *text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

void profile_money_read(json_t *root, struct profile_money *m)
{
    memset(m, 0, sizeof *m);
    json_t *funding = json_object_get(root, "funding");
    json_t *sa = json_object_get(funding, "social_assistance");
    struct assistance_share *a = &m->assistance;
    a->set = sa != NULL;
    a->floor = strcmp(text(sa, "mode"), "floor") == 0;
    a->percent = (int)json_integer_value(json_object_get(sa, "percent"));
    a->previous_year = strcmp(text(sa, "base_year"), "previous") == 0;
    a->spent = strcmp(text(sa, "base_measure"), "spent") == 0;
    a->base_sources = strings(json_object_get(sa, "base_sources"), &a->n_base);
    a->drawn_sources =
        strings(json_object_get(sa, "drawn_sources"), &a->n_drawn);
    a->clause = text(sa, "clause");

    json_t *ps = json_object_get(funding, "personnel_share");
    m->personnel.set = ps != NULL;
    m->personnel.percent =
        (int)json_integer_value(json_object_get(ps, "percent"));
    m->personnel.station_type = text(ps, "station_type");
    m->personnel.clause = text(ps, "clause");

    json_t *pay = json_object_get(root, "payments");
    json_t *steps = json_object_get(pay, "schedule");
    m->schedule_clause = text(pay, "clause");
    m->n_schedule = json_array_size(steps);
    if (m->n_schedule) {
        m->schedule = xcalloc(m->n_schedule, sizeof *m->schedule);
    }
    for (size_t i = 0; i < m->n_schedule; i++) {
        json_t *o = json_array_get(steps, i);
        m->schedule[i].percent =
            (int)json_integer_value(json_object_get(o, "percent"));
        m->schedule[i].trigger = text(o, "trigger");
        m->schedule[i].working_days =
            (int)json_integer_value(json_object_get(o, "working_days"));
        m->schedule[i].needs_acceptance =
            json_is_true(json_object_get(o, "needs_acceptance"));
    }
}

void profile_money_free(struct profile_money *m)
{
    free(m->assistance.base_sources);
    free(m->assistance.drawn_sources);
    free(m->schedule);
}
