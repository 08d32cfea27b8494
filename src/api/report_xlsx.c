#include "report_xlsx.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../core/dictionary.h"
#include "../core/report_types.h"
#include "../util/sheet.h"

struct book {
    lxw_workbook *wb;
    lxw_format *title, *head, *label, *text, *count, *hours, *yuan, *na;
    lxw_format *title2; /* a title over two lines */
    char whose[400];    /* the station (county, contract) and the period */
    bool en;
    lxw_format *plain;      /* text outside the tables (a sheet's note) */
    const char *type_label; /* the report type's name (report_xlsx()) */
};

static const char *T(const struct book *b, const char *zh, const char *en)
{
    return b->en ? en : zh;
}

/* Text from the records, as it is: a string cell in the text format
 * (fmt()), which Excel never evaluates, even edited (util/sheet.h). */
static void put_text(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                     lxw_col_t col, const char *s, lxw_format *f)
{
    worksheet_write_string(ws, row, col, s ? s : "", f ? f : b->plain);
}

static void title_row(struct book *b, lxw_worksheet *ws, lxw_col_t last,
                      const char *text)
{
    worksheet_merge_range(ws, 0, 0, 0, last, text, b->title);
    worksheet_set_row(ws, 0, 26, NULL);
}

/* A sheet's title with whose report it is and the period on a second
 * line: a page of figures printed alone still says what it covers (the
 * cover says it only once). */
static void title_rows(struct book *b, lxw_worksheet *ws, lxw_col_t last,
                       const char *text)
{
    char both[600];
    snprintf(both, sizeof both, "%s\n%s", text, b->whose);
    worksheet_merge_range(ws, 0, 0, 0, last, both, b->title2);
    worksheet_set_row(ws, 0, 44, NULL);
}

/* A value of a stats row: row[code], row.values[code] or
 * row.values[index]. NULL when absent or null. */
static json_t *value_of(json_t *row, const char *code, size_t index)
{
    json_t *v = json_object_get(row, code);
    if (!v) {
        json_t *vals = json_object_get(row, "values");
        v = json_is_array(vals) ? json_array_get(vals, index)
                                : json_object_get(vals, code);
    }
    return json_is_null(v) ? NULL : v;
}

/* Writes one figure with the number format of its unit; hours come as
 * hours, money as fen (written in yuan). */
static void put_value(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                      lxw_col_t col, json_t *measure, json_t *v)
{
    const char *code = json_string_value(json_object_get(measure, "code"));
    bool available = !json_is_false(json_object_get(measure, "available"));
    if (!available || !v || !json_is_number(v)) {
        worksheet_write_string(ws, row, col, T(b, "暂无数据", "n/a"), b->na);
        return;
    }
    double x = json_number_value(v);
    if (code && strstr(code, "fen")) {
        worksheet_write_number(ws, row, col, x / 100.0, b->yuan);
    } else if (code && strstr(code, "hours")) {
        worksheet_write_number(ws, row, col, x, b->hours);
    } else {
        worksheet_write_number(ws, row, col, x, b->count);
    }
}

static const char *measure_label(const struct book *b, json_t *m)
{
    const char *zh = json_string_value(json_object_get(m, "label"));
    const char *en = json_string_value(json_object_get(m, "label_en"));
    const char *code = json_string_value(json_object_get(m, "code"));
    return b->en && en ? en : zh ? zh : code ? code : "";
}

static const char *measure_unit(json_t *m, const struct book *b)
{
    const char *code = json_string_value(json_object_get(m, "code"));
    const char *unit = json_string_value(json_object_get(m, "unit"));
    if (code && strstr(code, "fen")) {
        return T(b, "元", "yuan");
    }
    return unit ? unit : "";
}

/* The label of a row's cut (stats_result_json: "<dim>_label", else the
 * code "<dim>"). */
static const char *row_label(json_t *row, const char *dim)
{
    char key[40];
    snprintf(key, sizeof key, "%s_label", dim);
    const char *s = json_string_value(json_object_get(row, key));
    if (!s || !*s) {
        s = json_string_value(json_object_get(row, dim));
    }
    return s ? s : "";
}

static void sheet_totals(struct book *b, json_t *fig)
{
    lxw_worksheet *ws =
        workbook_add_worksheet(b->wb, T(b, "主要数据", "Figures"));
    title_rows(b, ws, 2, T(b, "主要数据", "Main figures"));
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 2, 14, NULL);
    put_text(b, ws, 1, 0, T(b, "指标", "Measure"), b->head);
    put_text(b, ws, 1, 1, T(b, "单位", "Unit"), b->head);
    put_text(b, ws, 1, 2, T(b, "数值", "Value"), b->head);
    json_t *total = json_object_get(fig, "total");
    if (!json_is_true(json_object_get(fig, "available")) || !total) {
        worksheet_merge_range(ws, 2, 0, 2, 2,
                              T(b, "统计数据暂无(统计模块未就绪)",
                                "statistics not available"),
                              b->na);
        return;
    }
    json_t *measures = json_object_get(total, "measures");
    json_t *row = json_object_get(total, "total");
    size_t i;
    json_t *m;
    json_array_foreach(measures, i, m) {
        lxw_row_t r = (lxw_row_t)(2 + i);
        put_text(b, ws, r, 0, measure_label(b, m), b->label);
        put_text(b, ws, r, 1, measure_unit(m, b), b->text);
        put_value(b, ws, r, 2, m,
                  value_of(row, json_string_value(json_object_get(m, "code")),
                           i));
    }
}

static void sheet_cut(struct book *b, json_t *cut, const char *name,
                      const char *what)
{
    if (!json_is_object(cut)) {
        return;
    }
    json_t *measures = json_object_get(cut, "measures");
    size_t nm = json_array_size(measures);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    title_rows(b, ws, (lxw_col_t)(nm ? nm : 1), name);
    worksheet_set_column(ws, 0, 0, 20, NULL);
    worksheet_set_column(ws, 1, (lxw_col_t)(nm ? nm : 1), 12, NULL);
    put_text(b, ws, 1, 0, what, b->head);
    size_t i;
    json_t *m;
    json_array_foreach(measures, i, m) {
        char head[200];
        snprintf(head, sizeof head, "%s(%s)", measure_label(b, m),
                 measure_unit(m, b));
        put_text(b, ws, 1, (lxw_col_t)(1 + i), head, b->head);
    }
    worksheet_freeze_panes(ws, 2, 1);
    json_t *rows = json_object_get(cut, "rows");
    const char *dim =
        json_string_value(json_array_get(json_object_get(cut, "by"), 0));
    if (!dim) {
        dim = "";
    }
    size_t j;
    json_t *row;
    json_array_foreach(rows, j, row) {
        lxw_row_t r = (lxw_row_t)(2 + j);
        put_text(b, ws, r, 0, row_label(row, dim), b->label);
        json_array_foreach(measures, i, m) {
            put_value(b, ws, r, (lxw_col_t)(1 + i), m,
                      value_of(row,
                               json_string_value(json_object_get(m, "code")),
                               i));
        }
    }
    lxw_row_t r = (lxw_row_t)(2 + json_array_size(rows));
    put_text(b, ws, r, 0, T(b, "合计", "Total"), b->head);
    json_t *total = json_object_get(cut, "total");
    json_array_foreach(measures, i, m) {
        put_value(b, ws, r, (lxw_col_t)(1 + i), m,
                  value_of(total,
                           json_string_value(json_object_get(m, "code")), i));
    }
    /* The categories' rows do not add up to the total, and a reader
     * checking the sheet's sums is told why (docs/statistics.md). */
    if (strcmp(dim, "category") == 0) {
        put_text(b, ws, r + 2, 0,
                 T(b, "说明：一人可同时属于多个类别，在每个类别下各计一次；"
                      "活动、宣传现场未登记身份的人数不属于任何类别。"
                      "故各类别之和与合计不相等。",
                   "A person with several categories counts under each; "
                   "people counted at an activity but not registered have "
                   "no category. So the rows do not add up to the total."),
                 NULL);
    }
}

static void sheet_cover(struct book *b, const struct report *p)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, T(b, "封面", "Cover"));
    const char *label =
        b->type_label && *b->type_label ? b->type_label : p->type;
    char title[400];
    snprintf(title, sizeof title, "%s %s", p->scope_name, label);
    title_row(b, ws, 1, title);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 48, NULL);
    /* The English label is the word a sentence uses ("is submitted");
     * a cell starts with a capital, as the page's badge does. */
    char status[32];
    snprintf(status, sizeof status, "%s",
             report_status_label(p->status, b->en));
    if (b->en && status[0] >= 'a' && status[0] <= 'z') {
        status[0] = (char)(status[0] - 'a' + 'A');
    }
    char period[40];
    snprintf(period, sizeof period, "%s — %s", p->period_from,
             p->period_to);
    const char *rows[][3] = {
        {"报告类型", "Type", label},
        {"报告范围", "Scope", p->scope_name},
        {"报告期", "Period", period},
        {"状态", "Status", status},
        {"提交日期", "Submitted on", p->submitted_on ? p->submitted_on : ""},
        {"审核日期", "Reviewed on", p->reviewed_on ? p->reviewed_on : ""},
        {"审核意见", "Review comment", p->review_comment},
        {"数据说明", "About the figures",
         p->figures ? T(b, "提交时冻结的数据，之后记录变动不影响本报告",
                        "frozen at submission")
                    : T(b, "草稿：导出时的实时数据", "draft: live figures")},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        put_text(b, ws, (lxw_row_t)(1 + i), 0, b->en ? rows[i][1] : rows[i][0],
                 b->head);
        put_text(b, ws, (lxw_row_t)(1 + i), 1, rows[i][2], b->text);
    }
}

static void sheet_fund_use(struct book *b, json_t *fu)
{
    if (!json_is_object(fu)) {
        return;
    }
    lxw_worksheet *ws =
        workbook_add_worksheet(b->wb, T(b, "资金使用情况", "Fund use"));
    title_rows(b, ws, 2, T(b, "资金使用情况表", "Fund-use statement"));
    worksheet_set_column(ws, 0, 1, 20, NULL);
    worksheet_set_column(ws, 2, 2, 16, NULL);
    put_text(b, ws, 1, 0, T(b, "类别", "Part"), b->head);
    put_text(b, ws, 1, 1, T(b, "项目", "Item"), b->head);
    put_text(b, ws, 1, 2, T(b, "金额(元)", "Amount (yuan)"), b->head);
    lxw_row_t r = 2;
    /* The parts, their labels and the fixed list naming their items. */
    const char *parts[][4] = {
        {"by_source", "资金来源", "Allocated", "fund_source"},
        {"by_category", "支出", "Spent", "expense_category"}};
    for (size_t k = 0; k < 2; k++) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(fu, parts[k][0]), i, x) {
            put_text(b, ws, r, 0, b->en ? parts[k][2] : parts[k][1], b->text);
            put_text(b, ws, r, 1,
                     dictionary_fixed_label(
                         parts[k][3],
                         json_string_value(json_object_get(x, "code")),
                         b->en),
                     b->text);
            worksheet_write_number(
                ws, r++, 2,
                (double)json_integer_value(json_object_get(x, "amount_fen")) /
                    100.0,
                b->yuan);
        }
    }
    const char *totals[][3] = {{"allocated_fen", "资金合计", "Allocated"},
                               {"spent_fen", "支出合计", "Spent"},
                               {"balance_fen", "结余", "Balance"}};
    for (size_t k = 0; k < 3; k++, r++) {
        put_text(b, ws, r, 0, T(b, "合计", "Total"), b->head);
        put_text(b, ws, r, 1, b->en ? totals[k][2] : totals[k][1], b->head);
        worksheet_write_number(
            ws, r, 2,
            (double)json_integer_value(json_object_get(fu, totals[k][0])) /
                100.0,
            b->yuan);
    }
}

static void sheet_narrative(struct book *b, const struct report *p)
{
    lxw_worksheet *ws =
        workbook_add_worksheet(b->wb, T(b, "工作总结", "Narrative"));
    title_rows(b, ws, 1, T(b, "工作总结", "Narrative"));
    worksheet_set_column(ws, 0, 0, 14, NULL);
    worksheet_set_column(ws, 1, 1, 90, NULL);
    const char *rows[][3] = {
        {"重点工作", "Key work", p->key_work},
        {"亮点与成效", "Highlights", p->highlights},
        {"典型案例", "Typical cases", p->typical_cases},
        {"存在问题", "Problems", p->problems},
        {"下阶段计划", "Next steps", p->next_plan},
    };
    for (size_t i = 0; i < 5; i++) {
        put_text(b, ws, (lxw_row_t)(1 + i), 0, b->en ? rows[i][1] : rows[i][0],
                 b->head);
        put_text(b, ws, (lxw_row_t)(1 + i), 1, rows[i][2], b->text);
    }
}

static lxw_format *fmt(lxw_workbook *wb, const char *num, bool bold,
                       bool border)
{
    lxw_format *f = workbook_add_format(wb);
    if (num) {
        format_set_num_format(f, num);
    } else {
        format_set_num_format_index(f, 49); /* the built-in "@": text */
    }
    if (bold) {
        format_set_bold(f);
    }
    if (border) {
        format_set_border(f, LXW_BORDER_THIN);
    }
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

int report_xlsx(const struct report *p, const char *figures,
                const char *type_label, bool en, struct strbuf *out,
                char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *fig = json_loads(figures ? figures : "{}", 0, &jerr);
    if (!fig) {
        snprintf(err, errlen, "the report's figures are not JSON");
        return -1;
    }
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/sgz-report-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        json_decref(fig);
        snprintf(err, errlen, "cannot create a temporary file");
        return -1;
    }
    close(fd);
    struct book *b = calloc(1, sizeof *b);
    if (!b) {
        abort();
    }
    b->en = en;
    b->type_label = type_label;
    b->wb = workbook_new(path);
    if (!b->wb) {
        unlink(path);
        json_decref(fig);
        free(b);
        snprintf(err, errlen, "cannot start the workbook");
        return -1;
    }
    b->title = workbook_add_format(b->wb);
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    format_set_align(b->title, LXW_ALIGN_CENTER);
    format_set_align(b->title, LXW_ALIGN_VERTICAL_CENTER);
    b->title2 = workbook_add_format(b->wb);
    format_set_bold(b->title2);
    format_set_font_size(b->title2, 14);
    format_set_align(b->title2, LXW_ALIGN_CENTER);
    format_set_align(b->title2, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(b->title2);
    /* An ideographic space between the name and the period in Chinese; a
     * plain one in English, whose sheets hold no Chinese but names. */
    const char *name = p->scope_name ? p->scope_name : "";
    snprintf(b->whose, sizeof b->whose, "%s%s%s — %s", name,
             *name ? T(b, "　", " ") : "", p->period_from, p->period_to);
    b->plain = fmt(b->wb, NULL, false, false);
    b->head = fmt(b->wb, NULL, true, true);
    format_set_bg_color(b->head, 0xDDEBF7);
    b->label = fmt(b->wb, NULL, false, true);
    b->text = fmt(b->wb, NULL, false, true);
    format_set_text_wrap(b->text);
    b->count = fmt(b->wb, "#,##0", false, true);
    b->hours = fmt(b->wb, "#,##0.0", false, true);
    b->yuan = fmt(b->wb, "#,##0.00", false, true);
    b->na = fmt(b->wb, NULL, false, true);
    format_set_font_color(b->na, 0x808080);

    sheet_cover(b, p);
    sheet_totals(b, fig);
    sheet_cut(b, json_object_get(fig, "by_type"),
              T(b, "按服务类型", "By service type"),
              T(b, "服务类型", "Service type"));
    sheet_cut(b, json_object_get(fig, "by_area"),
              T(b, "按服务领域", "By service area"),
              T(b, "服务领域", "Service area"));
    sheet_cut(b, json_object_get(fig, "by_category"),
              T(b, "按对象类别", "By client category"),
              T(b, "对象类别", "Client category"));
    sheet_cut(b, json_object_get(fig, "by_month"),
              T(b, "按月份", "By month"), T(b, "月份", "Month"));
    sheet_fund_use(b, json_object_get(fig, "fund_use"));
    sheet_narrative(b, p);
    json_decref(fig);

    lxw_error e = workbook_close(b->wb);
    free(b);
    if (e != LXW_NO_ERROR) {
        unlink(path);
        snprintf(err, errlen, "writing the workbook: %s", lxw_strerror(e));
        return -1;
    }
    FILE *f = fopen(path, "rb");
    unlink(path);
    if (!f) {
        snprintf(err, errlen, "cannot read the workbook back");
        return -1;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        strbuf_add(out, chunk, n);
    }
    fclose(f);
    return 0;
}
