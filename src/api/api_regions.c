/* Administrative divisions: GET /regions?parent=…, GET /regions/{code}. */
#include <string.h>

#include "../store/region_store.h"
#include "api.h"

static void write_region(struct jsonw *w, const struct region *g)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "code", g->code);
    jsonw_kstr(w, "name", g->name);
    jsonw_kstr(w, "level", region_level_name(g->level));
    jsonw_kstr(w, "parent", g->parent);
    jsonw_obj_close(w);
}

void api_regions_list(struct req *r)
{
    const char *parent = req_query(r, "parent");
    const char *after = req_query(r, "after");
    if (parent && *parent) {
        if (!region_code_valid(parent) ||
            region_level_of(parent) == LEVEL_VILLAGE) {
            reply_error(r, 400, MSG_BAD_REGION_CODE, "parent", "上级区划代码",
                        "parent");
            return;
        }
        struct region g;
        int rc = region_store_get(r->db, r->arena, parent, &g);
        if (rc == DB_DONE) {
            reply_error(r, 404, MSG_REGION_NOT_FOUND, "parent",
                        "上级区划代码", "parent");
            return;
        }
        if (rc != DB_ROW) {
            api_db_error(r, rc, "region get");
            return;
        }
    }
    if (after && *after && !region_code_valid(after)) {
        reply_error(r, 400, MSG_BAD_CURSOR, "after", "after", "after");
        return;
    }
    int limit;
    int64_t page;
    if (!req_paging(r, 100, &limit, &page)) {
        return;
    }
    struct region *items;
    size_t n;
    /* One more than asked tells whether a next page exists. */
    int rc = region_store_children(r->db, r->arena, parent ? parent : "",
                                   after ? after : "", limit + 1, &items, &n);
    if (rc != DB_OK) {
        api_db_error(r, rc, "region list");
        return;
    }
    bool more = n > (size_t)limit;
    if (more) {
        n = (size_t)limit;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "items");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        write_region(&w, &items[i]);
    }
    jsonw_arr_close(&w);
    jsonw_kstr(&w, "next", more ? items[n - 1].code : NULL);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}

void api_regions_get(struct req *r)
{
    const char *code = req_param(r, 0);
    if (!region_code_valid(code)) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "行政区划", "division");
        return;
    }
    struct region g;
    int rc = region_store_get(r->db, r->arena, code, &g);
    if (rc == DB_DONE) {
        reply_error(r, 404, MSG_NOT_FOUND, NULL, "行政区划", "division");
        return;
    }
    if (rc != DB_ROW) {
        api_db_error(r, rc, "region get");
        return;
    }
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "code", g.code);
    jsonw_kstr(&w, "name", g.name);
    jsonw_kstr(&w, "level", region_level_name(g.level));
    jsonw_kstr(&w, "parent", g.parent);
    /* The ancestors, province first, for breadcrumbs. */
    jsonw_key(&w, "path");
    jsonw_arr_open(&w);
    static const int lens[] = {2, 4, 6, 9};
    for (size_t i = 0; i < 4 && (size_t)lens[i] < strlen(g.code); i++) {
        struct region up;
        char *prefix = arena_strndup(r->arena, g.code, (size_t)lens[i]);
        if (region_store_get(r->db, r->arena, prefix, &up) == DB_ROW) {
            write_region(&w, &up);
        }
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}
