/* /api/v1/contracts: the service contracts (服务协议) a county buys from
 * an organisation — cycle, year, amount, dates, procurement method and
 * the stations covered with their shares. */
#include <string.h>

#include "../core/contract_service.h"
#include "../core/dictionary.h"
#include "../core/profile.h"
#include "../store/scope.h"
#include "../util/parse.h"
#include "api.h"

/* Up to 100 million yuan, in fen. */
#define CONTRACT_FEN_MAX 10000000000LL

static bool is_procurement(const char *s)
{
    return dictionary_fixed_has("procurement", s);
}

static const struct schema share_fields[] = {
    {.name = "station_id", .label_zh = "站点", .label_en = "station_id",
     .type = S_INT, .required = true, .min = 1},
    {.name = "amount_fen", .label_zh = "站点金额(分)",
     .label_en = "amount_fen", .type = S_INT, .required = true,
     .max = CONTRACT_FEN_MAX},
    {0},
};
static const struct schema share_schema[] = {
    {.type = S_OBJECT, .fields = share_fields},
};

/* required: true on create, false on update. */
#define CONTRACT_FIELDS(req)                                                \
    {.name = "code", .label_zh = "协议编号", .label_en = "code",           \
     .type = S_STRING, .required = req, .min = 1, .max = 60},               \
    {.name = "title", .label_zh = "协议名称", .label_en = "title",         \
     .type = S_STRING, .required = req, .min = 2, .max = 200},              \
    {.name = "organisation_id", .label_zh = "承接机构",                    \
     .label_en = "organisation_id", .type = S_INT, .required = req,         \
     .min = 1},                                                             \
    {.name = "procurement", .label_zh = "采购方式",                        \
     .label_en = "procurement", .type = S_STRING, .required = req,          \
     .min = 1, .max = 40, .check = is_procurement,                          \
     .check_msg = MSG_BAD_ENUM},                                            \
    {.name = "cycle_years", .label_zh = "服务周期(年)",                    \
     .label_en = "cycle_years", .type = S_INT, .required = req, .min = 1,   \
     .max = 10},                                                            \
    {.name = "cycle_year", .label_zh = "服务周期第几年",                   \
     .label_en = "cycle_year", .type = S_INT, .required = req, .min = 1,    \
     .max = 10},                                                            \
    {.name = "amount_fen", .label_zh = "协议金额(分)",                     \
     .label_en = "amount_fen", .type = S_INT, .required = req, .min = 1,    \
     .max = CONTRACT_FEN_MAX},                                              \
    {.name = "signed_on", .label_zh = "签订日期", .label_en = "signed_on", \
     .type = S_DATE, .required = req},                                      \
    {.name = "effective_on", .label_zh = "生效日期",                       \
     .label_en = "effective_on", .type = S_DATE, .required = req},          \
    {.name = "starts_on", .label_zh = "服务开始日期",                      \
     .label_en = "starts_on", .type = S_DATE, .required = req},             \
    {.name = "ends_on", .label_zh = "服务结束日期", .label_en = "ends_on", \
     .type = S_DATE, .required = req},                                      \
    {.name = "stations", .label_zh = "覆盖站点", .label_en = "stations",   \
     .type = S_ARRAY, .required = req, .min = 1, .max = 500,                \
     .fields = share_schema},                                               \
    {.name = "purchaser", .label_zh = "购买方", .label_en = "purchaser",   \
     .type = S_STRING, .max = 100},                                         \
    {.name = "region_code", .label_zh = "所属区县",                        \
     .label_en = "region_code", .type = S_STRING, .max = 6},                \
    {.name = "filed_on", .label_zh = "备案日期", .label_en = "filed_on",   \
     .type = S_DATE, .nullable = true},                                     \
    {.name = "staff_in_place_on", .label_zh = "人员到岗日期",              \
     .label_en = "staff_in_place_on", .type = S_DATE, .nullable = true},    \
    {.name = "previous_id", .label_zh = "上一期协议",                      \
     .label_en = "previous_id", .type = S_INT, .min = 1, .nullable = true}, \
    {.name = "requirements", .label_zh = "服务要求",                       \
     .label_en = "requirements", .type = S_STRING, .max = 5000,             \
     .multiline = true},                                                    \
    {.name = "liability", .label_zh = "违约责任", .label_en = "liability", \
     .type = S_STRING, .max = 5000, .multiline = true},                     \
    {.name = "notes", .label_zh = "备注", .label_en = "notes",             \
     .type = S_STRING, .max = 2000, .multiline = true}

static const struct schema create_fields[] = {
    CONTRACT_FIELDS(true),
    {0},
};
const struct schema api_contract_create_schema = {.type = S_OBJECT,
                                                  .fields = create_fields};
static const struct schema update_fields[] = {
    CONTRACT_FIELDS(false),
    {.name = "version", .label_zh = "版本号", .label_en = "version",
     .type = S_INT, .min = 1},
    {0},
};
const struct schema api_contract_update_schema = {.type = S_OBJECT,
                                                  .fields = update_fields};

void api_contract_write(struct req *r, struct jsonw *w,
                        const struct contract *c)
{
    jsonw_obj_open(w);
    jsonw_kint(w, "id", c->id);
    jsonw_kstr(w, "code", c->code);
    jsonw_kstr(w, "title", c->title);
    jsonw_kstr(w, "region_code", c->region_code);
    jsonw_kstr(w, "region_name", c->region_name);
    jsonw_kstr(w, "purchaser", c->purchaser);
    jsonw_kint(w, "organisation_id", c->organisation_id);
    jsonw_kstr(w, "organisation_name", c->organisation_name);
    jsonw_kstr(w, "procurement", c->procurement);
    jsonw_kint(w, "cycle_years", c->cycle_years);
    jsonw_kint(w, "cycle_year", c->cycle_year);
    jsonw_kint(w, "amount_fen", c->amount_fen);
    jsonw_kstr(w, "signed_on", c->signed_on);
    jsonw_kstr(w, "effective_on", c->effective_on);
    jsonw_kstr(w, "starts_on", c->starts_on);
    jsonw_kstr(w, "ends_on", c->ends_on);
    jsonw_kstr(w, "filed_on", c->filed_on);
    jsonw_kstr(w, "staff_in_place_on", c->staff_in_place_on);
    api_kid(w, "previous_id", c->previous_id);
    jsonw_kstr(w, "status", c->status);
    jsonw_kstr(w, "status_reason", c->status_reason);
    jsonw_kstr(w, "status_on", c->status_on);
    jsonw_kstr(w, "requirements", c->requirements);
    jsonw_kstr(w, "liability", c->liability);
    jsonw_kstr(w, "notes", c->notes);
    jsonw_key(w, "stations");
    jsonw_arr_open(w);
    for (size_t i = 0; i < c->n_stations; i++) {
        jsonw_obj_open(w);
        jsonw_kint(w, "station_id", c->stations[i].station_id);
        jsonw_kstr(w, "station_name", c->stations[i].station_name);
        jsonw_kstr(w, "region_code", c->stations[i].region_code);
        jsonw_kint(w, "amount_fen", c->stations[i].amount_fen);
        /* A county's contract is read by a township's officer, whose
         * range holds only her township's stations: the others' pages
         * answer 404, so the page names them without a link. An
         * organisation's range is its contracts' stations. */
        jsonw_kbool(w, "in_range",
                    !r->scope || r->scope->stations_of_user ||
                        scope_has_station(r->scope,
                                          c->stations[i].station_id,
                                          c->stations[i].region_code));
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_kint(w, "version", c->version);
    jsonw_kstr(w, "updated_at", api_time(r, c->updated_at));
    jsonw_obj_close(w);
}

static void reply_contract(struct req *r, int status, int64_t id)
{
    struct contract c;
    int rc = contract_store_get(r->db, r->arena, &scope_all, id, &c);
    if (rc != DB_ROW) {
        api_db_error(r, rc, "contract read back");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    api_contract_write(r, &w, &c);
    reply_json(r, status, &sb);
}

/* A text member of the body over *dst, when present (null clears). */
static void take(struct req *r, const char *name, const char **dst)
{
    json_t *v = json_object_get(r->json, name);
    if (v) {
        *dst = json_string_value(v);
    }
}

static void take_int(struct req *r, const char *name, int64_t *dst)
{
    json_t *v = json_object_get(r->json, name);
    if (v) {
        *dst = json_is_integer(v) ? json_integer_value(v) : 0;
    }
}

static void read_body(struct req *r, struct contract *c)
{
    take(r, "code", &c->code);
    take(r, "title", &c->title);
    take(r, "procurement", &c->procurement);
    take(r, "signed_on", &c->signed_on);
    take(r, "effective_on", &c->effective_on);
    take(r, "starts_on", &c->starts_on);
    take(r, "ends_on", &c->ends_on);
    take(r, "purchaser", &c->purchaser);
    take(r, "region_code", &c->region_code);
    take(r, "filed_on", &c->filed_on);
    take(r, "staff_in_place_on", &c->staff_in_place_on);
    take(r, "requirements", &c->requirements);
    take(r, "liability", &c->liability);
    take(r, "notes", &c->notes);
    take_int(r, "organisation_id", &c->organisation_id);
    take_int(r, "cycle_years", &c->cycle_years);
    take_int(r, "cycle_year", &c->cycle_year);
    take_int(r, "amount_fen", &c->amount_fen);
    take_int(r, "previous_id", &c->previous_id);
    json_t *a = json_object_get(r->json, "stations");
    if (json_is_array(a)) {
        c->n_stations = json_array_size(a);
        c->stations =
            arena_alloc(r->arena, (c->n_stations + 1) * sizeof *c->stations);
        for (size_t i = 0; i < c->n_stations; i++) {
            json_t *e = json_array_get(a, i);
            memset(&c->stations[i], 0, sizeof c->stations[i]);
            c->stations[i].station_id =
                json_integer_value(json_object_get(e, "station_id"));
            c->stations[i].amount_fen =
                json_integer_value(json_object_get(e, "amount_fen"));
        }
    }
}

/* Who buys: the profile's purchaser in its own county, else the county's
 * civil-affairs bureau by name. */
static const char *purchaser_for(struct req *r, const struct contract *c)
{
    const struct profile *p = r->srv->profile;
    if (p && c->region_code && strcmp(p->region_code, c->region_code) == 0) {
        return p->purchaser;
    }
    return "";
}

static void save(struct req *r, const struct contract *before,
                 struct contract *c, int64_t version)
{
    struct client_ctx x;
    api_client_ctx(r, &x);
    struct client_fail fail;
    int64_t id;
    if (contract_service_save(&x, before, c, purchaser_for(r, c), version,
                              &id, &fail) != 0) {
        api_reply_fail(r, &fail, "contract write");
        return;
    }
    reply_contract(r, before ? 200 : 201, id);
}

void api_contracts_create(struct req *r)
{
    struct contract c;
    memset(&c, 0, sizeof c);
    c.status = "active";
    const struct profile *p = r->srv->profile;
    if (p && p->level == LEVEL_COUNTY) {
        c.region_code = p->region_code;
    }
    read_body(r, &c);
    save(r, NULL, &c, 0);
}

bool api_contract_load(struct req *r, struct contract *c)
{
    int64_t id;
    if (!req_param_id(r, 0, "服务协议", "contract", &id)) {
        return false;
    }
    int rc = contract_store_get(r->db, r->arena, r->scope, id, c);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "服务协议", "contract");
        return false;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "contract get");
        return false;
    }
    return true;
}

bool api_contract_load_writable(struct req *r, struct contract *c)
{
    if (!api_contract_load(r, c)) {
        return false;
    }
    if (!scope_has_region(r->scope, c->region_code)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "服务协议", "contract");
        return false;
    }
    return true;
}

void api_contracts_get(struct req *r)
{
    struct contract c;
    if (api_contract_load(r, &c)) {
        struct strbuf sb;
        struct jsonw w;
        reply_begin(r, &sb, &w);
        api_contract_write(r, &w, &c);
        reply_json(r, 200, &sb);
    }
}

void api_contracts_update(struct req *r)
{
    struct contract before;
    int64_t version;
    if (!api_contract_load_writable(r, &before) ||
        !api_expected_version(r, &version)) {
        return;
    }
    struct contract c = before;
    read_body(r, &c);
    save(r, &before, &c, version);
}

void api_contracts_list(struct req *r)
{
    static const char *const statuses[] = {"", "active", "terminated", NULL};
    struct contract_filter f;
    memset(&f, 0, sizeof f);
    int status;
    int64_t page, year = 0;
    int limit;
    const char *yv = req_query(r, "year");
    if (yv && *yv && !parse_int64(yv, 2000, 2100, &year)) {
        reply_error(r, 400, MSG_BAD_QUERY_PARAM, "year", "year", "year");
        return;
    }
    if (!req_query_id(r, "organisation_id", &f.organisation_id) ||
        !req_query_id(r, "station_id", &f.station_id) ||
        !req_query_choice(r, "status", statuses, &status) ||
        !req_paging(r, 20, &limit, &page)) {
        return;
    }
    f.status = status ? statuses[status] : NULL;
    f.year = (int)year;
    struct contract *items;
    size_t n;
    int64_t total;
    int rc = contract_store_list(r->db, r->arena, r->scope, &f, limit,
                                 (page - 1) * limit, &items, &n, &total);
    if (rc != DB_OK) {
        api_db_error(r, rc, "contract list");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    api_list_begin(r, &sb, &w);
    for (size_t i = 0; i < n; i++) {
        api_contract_write(r, &w, &items[i]);
    }
    api_list_end(r, &sb, &w, total, page, limit);
}
