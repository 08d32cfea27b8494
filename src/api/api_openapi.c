/* GET /api/v1/openapi.json, written from the route table and the body
 * schemas, so it lists exactly the routes the router has. */
#include <stdio.h>
#include <string.h>

#include "api.h"

/* A text of the route table in the reader's language: Chinese unless
 * English is asked for, English where a Chinese one is missing. */
static const char *in_lang(const char *text_en, const char *text_zh,
                           bool en)
{
    return en || !text_zh || !*text_zh ? text_en : text_zh;
}

static void write_schema(struct jsonw *w, const struct schema *s, bool en)
{
    jsonw_obj_open(w);
    switch (s->type) {
    case S_STRING:
        jsonw_kstr(w, "type", "string");
        jsonw_kint(w, "maxLength", s->max ? s->max : 200);
        if (s->min) {
            jsonw_kint(w, "minLength", s->min);
        }
        break;
    case S_DATE:
        jsonw_kstr(w, "type", "string");
        jsonw_kstr(w, "format", "date");
        break;
    case S_ENUM:
        jsonw_kstr(w, "type", "string");
        jsonw_key(w, "enum");
        jsonw_arr_open(w);
        for (const char *const *e = s->enums; *e; e++) {
            jsonw_str(w, *e);
        }
        jsonw_arr_close(w);
        break;
    case S_INT:
    case S_NUMBER:
        jsonw_kstr(w, "type", s->type == S_INT ? "integer" : "number");
        jsonw_kint(w, "minimum", s->min);
        if (s->max) {
            jsonw_kint(w, "maximum", s->max);
        }
        break;
    case S_BOOL:
        jsonw_kstr(w, "type", "boolean");
        break;
    case S_ARRAY:
        jsonw_kstr(w, "type", "array");
        if (s->max) {
            jsonw_kint(w, "maxItems", s->max);
        }
        jsonw_key(w, "items");
        write_schema(w, &s->fields[0], en);
        break;
    case S_FILE:
        jsonw_kstr(w, "type", "string");
        jsonw_kstr(w, "format", "binary");
        break;
    case S_OBJECT:
        jsonw_kstr(w, "type", "object");
        jsonw_kbool(w, "additionalProperties", false);
        jsonw_key(w, "properties");
        jsonw_obj_open(w);
        for (const struct schema *f = s->fields; f->name; f++) {
            jsonw_key(w, f->name);
            write_schema(w, f, en);
        }
        jsonw_obj_close(w);
        jsonw_key(w, "required");
        jsonw_arr_open(w);
        for (const struct schema *f = s->fields; f->name; f++) {
            if (f->required) {
                jsonw_str(w, f->name);
            }
        }
        jsonw_arr_close(w);
        break;
    }
    /* The field's name as the reader of the docs reads the form. */
    const char *title = en && s->label_en ? s->label_en : s->label_zh;
    if (title) {
        jsonw_kstr(w, "title", title);
    }
    if (s->nullable) {
        jsonw_kbool(w, "nullable", true);
    }
    jsonw_obj_close(w);
}

/* One query parameter: a string, described in the reader's language. */
static void write_query_param(struct jsonw *w, const char *name,
                              const char *description)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "name", name);
    jsonw_kstr(w, "in", "query");
    jsonw_kstr(w, "description", description);
    jsonw_key(w, "schema");
    jsonw_obj_open(w);
    jsonw_kstr(w, "type", "string");
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

static void write_parameters(struct jsonw *w, const struct route *rt,
                             bool en)
{
    jsonw_key(w, "parameters");
    jsonw_arr_open(w);
    for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        jsonw_obj_open(w);
        jsonw_key(w, "name");
        jsonw_strn(w, p + 1, (size_t)(end - p - 1));
        jsonw_kstr(w, "in", "path");
        jsonw_kbool(w, "required", true);
        jsonw_key(w, "schema");
        jsonw_obj_open(w);
        jsonw_kstr(w, "type", "string");
        jsonw_obj_close(w);
        jsonw_obj_close(w);
    }
    for (const struct query_param *q = rt->query; q && q->name; q++) {
        write_query_param(w, q->name,
                          in_lang(q->description, q->description_zh, en));
    }
    if (rt->page_size > 0) {
        char limit[80];
        snprintf(limit, sizeof limit,
                 en ? "rows per page, 1–200 (default %d)"
                    : "每页条数，1–200（默认 %d）",
                 rt->page_size);
        write_query_param(w, "limit", limit);
        write_query_param(w, "page",
                          en ? "page number from 1" : "页码，从 1 开始");
    }
    jsonw_arr_close(w);
}

static void write_operation(struct jsonw *w, const struct route *rt,
                            bool en)
{
    char method[16];
    size_t i;
    for (i = 0; rt->method[i] && i + 1 < sizeof method; i++) {
        method[i] = (char)(rt->method[i] | 0x20);
    }
    method[i] = 0;
    jsonw_key(w, method);
    jsonw_obj_open(w);
    jsonw_kstr(w, "summary", in_lang(rt->summary, rt->summary_zh, en));
    jsonw_key(w, "tags");
    jsonw_arr_open(w);
    jsonw_str(w, rt->tag);
    jsonw_arr_close(w);
    jsonw_kstr(w, "x-permission", rt->permission);
    write_parameters(w, rt, en);
    if (rt->body) {
        jsonw_key(w, "requestBody");
        jsonw_obj_open(w);
        jsonw_kbool(w, "required", true);
        jsonw_key(w, "content");
        jsonw_obj_open(w);
        jsonw_key(w, rt->body->type == S_FILE ? "application/octet-stream"
                                              : "application/json");
        jsonw_obj_open(w);
        jsonw_key(w, "schema");
        write_schema(w, rt->body, en);
        jsonw_obj_close(w);
        jsonw_obj_close(w);
        jsonw_obj_close(w);
    }
    if (rt->download) {
        jsonw_kstr(w, "x-download", rt->download);
    }
    jsonw_key(w, "responses");
    jsonw_obj_open(w);
    if (rt->download) {
        jsonw_key(w, "200");
        jsonw_obj_open(w);
        jsonw_kstr(w, "description", "a file to save (Content-Disposition)");
        jsonw_obj_close(w);
    }
    jsonw_key(w, "default");
    jsonw_obj_open(w);
    jsonw_kstr(w, "description",
               "JSON; errors as {\"error\":{\"code\",\"message\",\"field\","
               "\"reason\",\"details\"}}");
    jsonw_obj_close(w);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

void api_openapi(struct req *r)
{
    struct strbuf sb;
    struct jsonw w;
    reply_begin(r, &sb, &w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "openapi", "3.0.3");
    jsonw_key(&w, "info");
    jsonw_obj_open(&w);
    bool en = r->lang == LANG_EN;
    jsonw_kstr(&w, "title", en ? "sgz social work station platform API"
                               : "sgz 社工站服务管理平台 API");
    jsonw_kstr(&w, "version", SGZ_VERSION);
    jsonw_obj_close(&w);
    jsonw_key(&w, "paths");
    jsonw_obj_open(&w);
    /* Routes of one path sit together in the table's order of first
     * appearance; each path is written once with all its methods. */
    for (size_t i = 0; i < routes_count; i++) {
        bool seen = false;
        for (size_t j = 0; j < i; j++) {
            seen = seen || strcmp(routes[j].pattern, routes[i].pattern) == 0;
        }
        if (seen) {
            continue;
        }
        jsonw_key(&w, routes[i].pattern);
        jsonw_obj_open(&w);
        for (size_t j = i; j < routes_count; j++) {
            if (strcmp(routes[j].pattern, routes[i].pattern) == 0) {
                write_operation(&w, &routes[j], en);
            }
        }
        jsonw_obj_close(&w);
    }
    jsonw_obj_close(&w);
    jsonw_obj_close(&w);
    reply_json(r, 200, &sb);
}
