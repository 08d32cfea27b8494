#include "demo_staff.h"

#include <stdio.h>
#include <string.h>

#include "../core/credit_code.h"
#include "../core/pinyin.h"
#include "../core/staff_service.h"
#include "../store/organisation_store.h"
#include "../store/region_store.h"
#include "../store/staff_store.h"
#include "../store/station_store.h"
#include "../util/cn_time.h"
#include "cli.h"

/* The monthly minimum wage (月最低工资标准) a demo county gets, by the
 * longest matching division prefix, from the provincial governments'
 * notices as they stood when this was written: the lowest tier (档) of
 * the province unless a city has its own figure. A demo figure — a real
 * deployment enters its own county's tier from the current notice
 * (/api/v1/min_wages). */
static const struct {
    const char *prefix, *from;
    int yuan;
    const char *source;
} min_wages[] = {
    {"4419", "2021-12-01", 1900, "广东省最低工资标准(东莞市), 2021年12月1日起"},
    {"44", "2021-12-01", 1620, "广东省最低工资标准(第四类), 2021年12月1日起"},
    {"43", "2022-04-01", 1550, "湖南省最低工资标准(第三档), 2022年4月1日起"},
    {"13", "2023-01-01", 1800, "河北省最低工资标准(第三类), 2023年1月1日起"},
    {"64", "2021-12-01", 1840, "宁夏回族自治区最低工资标准(第二类), 2021年12月1日起"},
    {"35", "2022-04-01", 1660, "福建省最低工资标准(第四档), 2022年4月1日起"},
};

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
    "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
    "唐", "韩", "曹", "许", "邓", "彭", "曾", "肖", "田", "谭", "廖", "贺"};
static const char *const given[] = {
    "晓梅", "丽娟", "婷", "雅琴", "春燕", "慧敏", "思雨", "静怡", "海燕",
    "建华", "志强", "晓东", "文杰", "俊", "子涵", "欣悦", "梦瑶", "嘉豪",
    "佳琪", "雨萱", "宇航", "浩然", "秋菊", "玉兰"};
static const char *const majors[] = {"社会工作", "社会学", "心理学",
                                     "行政管理", "护理", "汉语言文学",
                                     "学前教育", "会计"};
#define COUNT(x) (sizeof(x) / sizeof *(x))

struct ctx {
    struct db *db;
    struct arena *a;
    const struct profile *p;
    int64_t today;      /* days since the epoch, Beijing */
    const char *today_s;
    size_t n;           /* workers so far: varies the made-up data */
    struct demo_staff_counts *out;
};

static const char *day_text(struct arena *a, int64_t days)
{
    char *s = arena_alloc(a, 11);
    cn_date_format(cn_civil_from_days(days), s);
    return s;
}

/* A valid 统一社会信用代码 for a social service organisation (5 民政, 2
 * 社会服务机构) registered in county, with a made-up organisation code. */
static void credit_code_for(const char *county, char out[19])
{
    static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    char org[10];
    snprintf(org, sizeof org, "5%.5s01", county + 1);
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        sum += (org[i] - '0') * weights[i];
    }
    int r = 11 - sum % 11;
    org[8] = r == 10 ? 'X' : r == 11 ? '0' : (char)('0' + r);
    org[9] = 0;
    snprintf(out, 19, "52%.6s%s", county, org);
    out[17] = credit_code_check_char(out);
    out[18] = 0;
}

/* The demo organisation of a county, made when missing. */
static int county_org(struct ctx *c, const char *county, int64_t *id)
{
    struct region g;
    int rc = region_store_get(c->db, c->a, county, &g);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_ERROR : rc;
    }
    const char *name = arena_printf(c->a, "%s社会工作服务中心", g.name);
    struct organisation *items;
    size_t n;
    int64_t total;
    rc = organisation_store_list(c->db, c->a, name, NULL, 1, 0, &items, &n,
                                 &total);
    if (rc == DB_OK && n && strcmp(items[0].name, name) == 0) {
        *id = items[0].id;
        return DB_OK;
    }
    char code[19];
    credit_code_for(county, code);
    struct organisation o = {
        .name = name, .credit_code = code, .legal_rep = "欧阳明",
        .rating = "4A", .rated_on = "2024-06-30", .party_org = true,
        .supervisor_quals = "中级社会工作师1名", .registered_on = "2019-05-20",
        .region_code = county, .status = "active",
    };
    rc = organisation_store_insert(c->db, &o, cn_now(), id);
    c->out->organisations += rc == DB_OK;
    return rc;
}

/* The county's minimum wage from the table, when it has none. */
static int county_min_wage(struct ctx *c, const char *county)
{
    struct min_wage m;
    int rc = min_wage_store_on(c->db, c->a, county, c->today_s, &m);
    if (rc != DB_DONE) {
        return rc == DB_ROW ? DB_OK : rc;
    }
    for (size_t i = 0; i < COUNT(min_wages); i++) {
        if (strncmp(county, min_wages[i].prefix,
                    strlen(min_wages[i].prefix)) == 0) {
            m = (struct min_wage){.region_code = county,
                                  .effective_on = min_wages[i].from,
                                  .monthly_fen = min_wages[i].yuan * 100,
                                  .source = min_wages[i].source};
            int64_t id;
            rc = min_wage_store_insert(c->db, &m, cn_now(), &id);
            c->out->min_wages += rc == DB_OK;
            return rc == DB_CONSTRAINT ? DB_OK : rc;
        }
    }
    return DB_OK;
}

/* What is deliberately wrong with a worker. */
enum flaw { OK, OVER_AGE, AT_AGE, UNCERTIFIED_LATE, UNCERTIFIED_SOON,
            LOW_WAGE, LOW_EDUCATION };

static int add_worker(struct ctx *c, const struct station *s,
                      const char *role, int64_t org, enum flaw flaw,
                      int64_t min_fen)
{
    size_t k = c->n++;
    const struct staffing *sf = &c->p->staffing;
    int max_age = sf->max_age_at_hire ? sf->max_age_at_hire : 40;
    int years = sf->certificate_within_years ? sf->certificate_within_years
                                             : 2;
    /* Hired 1–4 years ago, at 23–33. */
    int64_t hired = c->today - 400 - (int64_t)(k * 97 % 1100);
    int age = 23 + (int)(k * 7 % 11);
    if (flaw == OVER_AGE || flaw == AT_AGE) {
        age = max_age + (flaw == OVER_AGE);
    }
    if (flaw == UNCERTIFIED_LATE) {
        hired = c->today - 365 * years - 45;
    } else if (flaw == UNCERTIFIED_SOON) {
        hired = c->today - 365 * years + 60;
    }
    /* Born age years and a few months before the hire date. */
    int64_t born = hired - (int64_t)age * 365 - (int64_t)(age / 4) -
                   (int64_t)(30 + k * 13 % 300);
    bool uncertified = flaw == UNCERTIFIED_LATE || flaw == UNCERTIFIED_SOON ||
                       k % 4 == 3;
    if (uncertified && flaw != UNCERTIFIED_LATE && flaw != UNCERTIFIED_SOON) {
        hired = c->today - 120 - (int64_t)(k * 11 % 200); /* new this year */
    }
    const char *cert = uncertified ? "none"
                       : strcmp(role, "supervisor") == 0 ? "intermediate"
                       : k % 5 == 0                       ? "intermediate"
                                                          : "assistant";
    /* Wages a few hundred yuan over the floor, rounded to 10 yuan. */
    int64_t wage = ((min_fen + 30000 + (int64_t)(k % 7) * 10000) / 1000) *
                   1000;
    if (flaw == LOW_WAGE) {
        wage = min_fen - 5000;
    }
    struct staff w = {
        .name = arena_printf(c->a, "%s%s", surnames[(k * 5 + 3) %
                                                    COUNT(surnames)],
                             given[(k * 7 + 1) % COUNT(given)]),
        .role = role,
        .organisation_id = org,
        .birth_date = day_text(c->a, born),
        .sex = k % 3 == 2 ? "M" : "F",
        .education = flaw == LOW_EDUCATION ? "senior_high"
                     : k % 3 == 0          ? "bachelor"
                                           : "junior_college",
        .major = majors[k % COUNT(majors)],
        .certificate = cert,
        .certified_on = uncertified ? NULL : day_text(c->a, hired + 200),
        .hukou_local = k % 4 != 1,
        .hired_on = day_text(c->a, hired),
        .labour_from = day_text(c->a, hired),
        .labour_to = day_text(c->a, hired + 3 * 365),
        .wage_fen = wage,
        .phone = arena_printf(c->a, "13%09zu", 707000000 + k * 7919 % 999999),
        .status = "active",
    };
    if (org == 0) {
        /* The township employs her (原州区: its 低保核查员). */
        w.employer_region = s->region_code;
    }
    char full[200], initials[64];
    pinyin_name(w.name, full, sizeof full, initials, sizeof initials);
    w.name_pinyin = full;
    char key[200];
    pinyin_sort_key(w.name, key, sizeof key);
    w.name_sort = key;
    int64_t id, aid;
    int rc = staff_store_insert(c->db, &w, cn_now(), &id);
    if (rc == DB_OK) {
        rc = staff_store_assign(c->db, id, s->id, w.hired_on, NULL, cn_now(),
                                &aid);
    }
    c->out->workers += rc == DB_OK;
    return rc;
}

/* The workers of one station: within the profile's quota for the type
 * (2–3 where it sets none), but station 1 of the county one short. */
static int staff_station(struct ctx *c, const struct station *s, size_t i,
                         int64_t min_fen)
{
    int64_t holder;
    const char *holder_name;
    int rc = staff_store_contract_holder(c->db, c->a, s->id, c->today_s, 0,
                                         &holder, &holder_name);
    if (rc == DB_DONE) {
        char county[7];
        snprintf(county, sizeof county, "%.6s", s->region_code);
        rc = county_org(c, county, &holder);
    } else if (rc == DB_ROW) {
        rc = DB_OK;
    }
    if (rc != DB_OK) {
        return rc;
    }
    int lo = 2, hi = 3;
    for (size_t q = 0; q < c->p->staffing.n_quotas; q++) {
        if (strcmp(c->p->staffing.quotas[q].station_type, s->type) == 0) {
            lo = c->p->staffing.quotas[q].min;
            hi = c->p->staffing.quotas[q].max ? c->p->staffing.quotas[q].max
                                               : lo + 1;
        }
    }
    int n = i == 1 ? (lo > 1 ? lo - 1 : 1) : lo + (int)(i % 2) * (hi > lo);
    /* The deliberate failures, each once, at the first stations. */
    static const enum flaw flaws[] = {OVER_AGE,  UNCERTIFIED_LATE, LOW_WAGE,
                                      AT_AGE,    UNCERTIFIED_SOON,
                                      LOW_EDUCATION};
    bool township = profile_township_employs(c->p, "resident");
    for (int w = 0; rc == DB_OK && w < n; w++) {
        enum flaw f = w == 0 && i < COUNT(flaws) ? flaws[i] : OK;
        const char *role = township && w > 0 ? "project" : "resident";
        rc = add_worker(c, s, role,
                        township && strcmp(role, "resident") == 0 ? 0
                                                                  : holder,
                        f, min_fen);
    }
    return rc;
}

int demo_staff(struct db *db, const struct profile *p, const char *region,
               struct demo_staff_counts *out)
{
    memset(out, 0, sizeof *out);
    struct arena *a = arena_new(1 << 16);
    char today[11];
    cn_date_format(cn_date_of(cn_now()), today);
    struct cn_date td = cn_date_of(cn_now());
    struct ctx c = {.db = db, .a = a, .p = p, .today_s = today, .out = out,
                    .today = cn_days_from_civil(td.year, td.month, td.day)};
    int64_t existing = 0;
    int rc = db_query_int(db, "SELECT COUNT(*) FROM staff", &existing);
    rc = rc == DB_ROW ? DB_OK : rc;
    if (rc == DB_OK && existing > 0) {
        out->existing = true;
        arena_free(a);
        return EXIT_OK;
    }
    struct station_filter f = {.region_prefix = region, .status = "active",
                               .sort = STATION_SORT_ID, .limit = 200};
    struct station *items;
    size_t n;
    int64_t total;
    if (rc == DB_OK) {
        rc = db_begin(db);
    }
    if (rc == DB_OK) {
        rc = station_store_list(db, a, &scope_all, &f, &items, &n, &total);
    }
    size_t town = 0;
    int64_t min_fen = 0;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        const struct station *s = &items[i];
        char county[7];
        snprintf(county, sizeof county, "%.6s", s->region_code);
        rc = county_min_wage(&c, county);
        struct min_wage mw;
        int mrc = rc == DB_OK ? min_wage_store_on(db, a, county, today, &mw)
                              : rc;
        min_fen = mrc == DB_ROW ? mw.monthly_fen : 200000;
        if (p->staffing.wage_factor > 0) {
            min_fen = (int64_t)((double)min_fen * p->staffing.wage_factor +
                                0.5);
        }
        rc = mrc == DB_ROW || mrc == DB_DONE ? DB_OK : mrc;
        if (rc != DB_OK) {
            break;
        }
        if (strcmp(s->type, "township_station") == 0) {
            rc = staff_station(&c, s, town++, min_fen);
        } else if (strcmp(s->type, "county_center") == 0) {
            /* The county centre: a supervisor of the organisation, and
             * the workers the profile asks of a centre. */
            int64_t org;
            rc = county_org(&c, county, &org);
            if (rc == DB_OK) {
                rc = add_worker(&c, s, "supervisor", org, OK, min_fen);
            }
            for (size_t q = 0; q < p->staffing.n_quotas; q++) {
                const struct staffing_quota *qt = &p->staffing.quotas[q];
                for (int w = 1; rc == DB_OK && w < qt->min &&
                                strcmp(qt->station_type, s->type) == 0;
                     w++) {
                    rc = add_worker(&c, s, "project", org, OK, min_fen);
                }
            }
        }
    }
    if (rc == DB_OK) {
        rc = cli_audit_append(
            db, "staff.demo", "staff", "",
            arena_printf(a, "{\"workers\":%zu,\"organisations\":%zu}",
                         out->workers, out->organisations));
    }
    if (rc == DB_OK) {
        rc = db_commit(db);
    }
    if (rc != DB_OK) {
        cli_error(cli_tr("demo staff (%d): %s"), rc, db_errmsg(db));
        db_rollback(db);
    }
    arena_free(a);
    return rc == DB_OK ? EXIT_OK : EXIT_RUNTIME;
}
