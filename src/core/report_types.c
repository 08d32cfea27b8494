#include "report_types.h"

#include <string.h>

#include "../util/strbuf.h"

const struct report_type_info report_types[REPORT_TYPE_COUNT] = {
    [REPORT_MONTHLY_BRIEF] = {"monthly_brief", "月度工作简报",
                              "Monthly brief", REPORT_SCOPE_STATION,
                              PERIOD_MONTH, "station_lead", true},
    [REPORT_QUARTERLY] = {"quarterly", "季度项目实施情况报告",
                          "Quarterly report", REPORT_SCOPE_REGION,
                          PERIOD_QUARTER, "bureau", true},
    [REPORT_HALF_YEAR] = {"half_year", "半年项目实施情况报告",
                          "Half-year summary", REPORT_SCOPE_REGION,
                          PERIOD_HALF, "bureau", true},
    [REPORT_MIDTERM] = {"midterm", "中期工作报告", "Mid-term report",
                        REPORT_SCOPE_CONTRACT, PERIOD_ANY, "org_admin",
                        false},
    [REPORT_FINAL] = {"final", "末期工作报告", "Final report",
                      REPORT_SCOPE_CONTRACT, PERIOD_ANY, "org_admin", true},
    [REPORT_FUND_USE] = {"fund_use", "资金使用情况", "Fund-use statement",
                         REPORT_SCOPE_CONTRACT, PERIOD_ANY, "org_admin",
                         true},
    /* The county's bureau evaluates its programme and sends the result
     * up (篇2: 县民政部门……每年11月底前提交绩效自评报告; 攸县: 向省民政厅;
     * 篇5: 县(市、区)民政部门……开展自评……报上级民政部门), as it does
     * its quarterly report; not each organisation its contract. */
    [REPORT_SELF_EVALUATION] = {"self_evaluation", "绩效自评报告",
                                "Performance self-evaluation",
                                REPORT_SCOPE_REGION, PERIOD_YEAR, "bureau",
                                false},
    /* The plans have the contracted organisation (承接主体) send the
     * county a monthly brief of all its stations (篇2, 篇4). */
    [REPORT_ORG_MONTHLY] = {"org_monthly_brief", "承接机构月度工作简报",
                            "Organisation's monthly brief",
                            REPORT_SCOPE_CONTRACT, PERIOD_MONTH, "org_admin",
                            true},
};

enum report_scope report_scope_of_key(const char *scope_key)
{
    if (scope_key && strncmp(scope_key, "c:", 2) == 0) {
        return REPORT_SCOPE_CONTRACT;
    }
    if (scope_key && strncmp(scope_key, "r:", 2) == 0) {
        return REPORT_SCOPE_REGION;
    }
    return REPORT_SCOPE_STATION;
}

int report_type_from_code(const char *code)
{
    for (int i = 0; code && i < REPORT_TYPE_COUNT; i++) {
        if (strcmp(report_types[i].code, code) == 0) {
            return i;
        }
    }
    return -1;
}

const char *report_status_label(const char *status, bool en)
{
    static const char *const labels[][3] = {
        {"draft", "草稿", "draft"},
        {"submitted", "已提交", "submitted"},
        {"returned", "已退回", "returned"},
        {"accepted", "已通过", "accepted"},
    };
    for (size_t i = 0; status && i < sizeof labels / sizeof labels[0]; i++) {
        if (strcmp(labels[i][0], status) == 0) {
            return labels[i][en ? 2 : 1];
        }
    }
    return status;
}

bool report_month_parse(const char *s, int *month)
{
    if (!s || strlen(s) != 7 || s[4] != '-') {
        return false;
    }
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        y = y * 10 + (s[i] - '0');
    }
    if (s[5] < '0' || s[5] > '1' || s[6] < '0' || s[6] > '9') {
        return false;
    }
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (y < 2000 || y > 2100 || m < 1 || m > 12) {
        return false;
    }
    *month = y * 12 + m - 1;
    return true;
}

bool report_period_starts(enum report_period p, int from)
{
    switch (p) {
    case PERIOD_QUARTER:
        return from % 3 == 0;
    case PERIOD_HALF:
        return from % 6 == 0;
    case PERIOD_YEAR:
        return from % 12 == 0;
    case PERIOD_MONTH:
    case PERIOD_ANY:
        return true;
    }
    return false;
}

bool report_period_fits(enum report_period p, int from, int to)
{
    if (to < from) {
        return false;
    }
    switch (p) {
    case PERIOD_MONTH:
        return to == from;
    case PERIOD_QUARTER:
        return from % 3 == 0 && to == from + 2;
    case PERIOD_HALF:
        return from % 6 == 0 && to == from + 5;
    case PERIOD_YEAR:
        return from % 12 == 0 && to == from + 11;
    case PERIOD_ANY:
        return to - from < 60; /* a contract's cycle, five years at most */
    }
    return false;
}

const char *report_types_written_by(struct arena *a, role_set roles)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_addc(&sb, ',');
    for (int t = 0; t < REPORT_TYPE_COUNT; t++) {
        int role = role_from_code(report_types[t].author_role);
        if (role >= 0 && (roles & ROLE_BIT(role))) {
            strbuf_adds(&sb, report_types[t].code);
            strbuf_addc(&sb, ',');
        }
    }
    const char *s = arena_strdup(a, sb.buf);
    strbuf_free(&sb);
    return s;
}
