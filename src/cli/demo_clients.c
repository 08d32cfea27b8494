/* Synthetic clients for `sgz demo --clients N`: plausible names, valid
 * ID numbers of the stations' counties, ages weighted to the elderly,
 * categories of the active profile (a child's only to the young, an
 * elderly one only to those already 60 when it starts: each within its
 * ages), villages of each township, and the statutory
 * duty recorded for children. They are written as a CSV and
 * imported through the importer, so that the demo exercises the same
 * path a station's spreadsheet takes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/category_age.h"
#include "../core/client_import.h"
#include "../core/id_number.h"
#include "../store/dictionary_store.h"
#include "../store/region_store.h"
#include "../store/station_store.h"
#include "../util/arena.h"
#include "../util/cn_time.h"
#include "../util/strbuf.h"
#include "cli.h"
#include "demo_clients.h"

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
    "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
    "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
    "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎",
    "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴",
    "莫", "孔", "向", "汤"};
static const char *const given[] = {
    "秀", "英", "华", "玉", "兰", "桂", "芳", "珍", "凤", "梅", "明", "国",
    "建", "军", "平", "志", "文", "红", "伟", "强", "海", "金", "春", "德",
    "成", "荣", "云", "林", "福", "生", "清", "美", "丽", "霞", "翠", "莲",
    "新", "小", "宇", "浩", "子", "涵", "欣", "怡", "俊", "杰", "佳", "雨",
    "思", "晨", "诗", "博", "嘉", "瑞", "泽", "一", "可", "梓", "轩", "萱"};

#define COUNT(a) (sizeof a / sizeof a[0])

/* A small deterministic generator: the same demo every time. */
static uint64_t rng = 88172645463325252ull;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

struct place {
    int64_t station_id;
    char county[7];
    struct region *villages;
    size_t n_villages;
};

static int load_places(struct db *db, struct arena *a, struct place **out,
                       size_t *n)
{
    struct station_filter f = {.sort = STATION_SORT_ID, .limit = 200};
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (;;) {
        struct station *items;
        size_t got;
        int64_t total;
        int rc = station_store_list(db, a, &scope_all, &f, &items, &got,
                                    &total);
        if (rc != DB_OK) {
            return rc;
        }
        for (size_t i = 0; i < got; i++) {
            if (strlen(items[i].region_code) != 9) {
                continue; /* clients live in townships */
            }
            if (*n == cap) {
                cap = cap ? cap * 2 : 64;
                struct place *more = arena_alloc(a, cap * sizeof *more);
                if (*n) {
                    memcpy(more, *out, *n * sizeof *more);
                }
                *out = more;
            }
            struct place *p = &(*out)[(*n)++];
            p->station_id = items[i].id;
            memcpy(p->county, items[i].region_code, 6);
            p->county[6] = 0;
            if (region_store_children(db, a, items[i].region_code, "", 1000,
                                      &p->villages, &p->n_villages) !=
                DB_OK) {
                p->n_villages = 0;
            }
        }
        if (got < (size_t)f.limit) {
            return DB_OK;
        }
        f.offset += f.limit;
    }
}

/* Row i's birth date. The first DEMO_DATES rows each have a date of their
 * own, so that even a county's demo of a few thousand has people of every
 * age (blocks of 1,000 rows sharing one date gave 3,000 clients three
 * birthdays and no child); later rows take the same dates again with
 * another sequence number (id_sequence). Within each age group the dates
 * are all different (7919 is prime to every span), and the groups' ranges
 * do not overlap. Twelve rows in twenty are over 60, five of working age,
 * three children. */
#define DEMO_DATES 20000

static int64_t days_ago(int64_t i)
{
    int64_t b = i % DEMO_DATES, r = b % 20, round = b / 20;
    int64_t base, span, k;
    if (r < 12) {
        base = 60 * 365, span = 35 * 365, k = round * 12 + r;
    } else if (r < 17) {
        base = 18 * 365, span = 42 * 365, k = round * 5 + (r - 12);
    } else {
        base = 365, span = 17 * 365 - 1, k = round * 3 + (r - 17);
    }
    return base + (k * 7919) % span;
}

/* The ID number's sequence: which round of the dates row i is in, twice,
 * and the date's parity for the sex (its last digit, odd for men), so that
 * no two rows share an ID number below 10 million rows. */
static int id_sequence(int64_t i)
{
    return (int)(2 * (i / DEMO_DATES) + (i % DEMO_DATES) % 2);
}

static void id_of(const char *county, int64_t i, struct cn_date birth,
                  char out[19])
{
    snprintf(out, 19, "%s%04d%02d%02d%03d", county, birth.year, birth.month,
             birth.day, id_sequence(i));
    out[17] = id_number_check_char(out);
    out[18] = 0;
}

/* Whether a client born on birth may hold k from since on, with no end:
 * active, old enough for its lower bound (if any) on since, and under
 * its age limit (if any) today. */
static bool fits(const struct dictionary_item *k, const char *birth,
                 const char *since, const char *today)
{
    char reached[11];
    return k->active &&
           category_age_check(birth, (int)k->age_from, (int)k->age_limit,
                              since, NULL, today, reached) == CATEGORY_AGE_OK;
}

/* The category drawn (r) for a client: cats[r % ncats], or when that one
 * does not fit, the same draw among those that do; NULL when none does. */
static const char *category_for(const struct dictionary_item *cats,
                                size_t ncats, uint32_t r, const char *birth,
                                const char *since, const char *today)
{
    if (fits(&cats[r % ncats], birth, since, today)) {
        return cats[r % ncats].label;
    }
    size_t nfit = 0;
    for (size_t k = 0; k < ncats; k++) {
        nfit += fits(&cats[k], birth, since, today);
    }
    size_t want = nfit ? r % nfit : 0;
    for (size_t k = 0; k < ncats; k++) {
        if (fits(&cats[k], birth, since, today) && want-- == 0) {
            return cats[k].label;
        }
    }
    return NULL;
}

static void progress(void *ud, size_t done, size_t total)
{
    int *last = ud;
    int pct = total ? (int)(done * 100 / total) : 100;
    if (pct / 10 != *last / 10 || done >= total) {
        fprintf(stderr, "clients: %zu/%zu (%d%%)\n", done, total, pct);
        *last = pct;
    }
}

int demo_clients(struct db *db, const unsigned char *key, int64_t n,
                 const char *csv_path, struct demo_client_counts *out)
{
    memset(out, 0, sizeof *out);
    struct arena *a = arena_new(0);
    struct place *places;
    size_t np;
    struct dictionary_item *cats;
    size_t ncats;
    if (load_places(db, a, &places, &np) != DB_OK || np == 0 ||
        dictionary_store_list(db, a, "client_category", &cats, &ncats) !=
            DB_OK) {
        arena_free(a);
        cli_error("demo clients: no township stations or no categories");
        return EXIT_RUNTIME;
    }
    char today[11];
    cn_date_format(cn_date_of(cn_now()), today);
    int64_t today_days = cn_days_from_civil(atoi(today), atoi(today + 5),
                                            atoi(today + 8));
    struct strbuf csv;
    strbuf_init(&csv);
    strbuf_adds(&csv, "姓名,身份证号,所属站点,村(社区),对象类别,"
                      "类别开始日期,联系电话,现居住地址,合法性基础,"
                      "法定职责\n");
    for (int64_t i = 0; i < n; i++) {
        const struct place *p = &places[(size_t)i % np];
        int64_t ago = days_ago(i);
        struct cn_date birth = cn_civil_from_days(today_days - ago);
        int age = (int)(ago / 366);
        char idn[19];
        id_of(p->county, i, birth, idn);
        const char *name2 = given[next() % COUNT(given)];
        const char *name3 = next() % 3 ? given[next() % COUNT(given)] : "";
        const struct region *v =
            p->n_villages ? &p->villages[next() % p->n_villages] : NULL;
        uint32_t draw = next();
        bool child = age < 15; /* some 14-year-olds too: the rule decides */
        /* Held for up to five years, so that statistics of past months
         * find categories (from i: the random sequence stays as it was). */
        int64_t held = 30 + (i * 7919) % 1800;
        char since[11], born[11];
        cn_date_format(cn_civil_from_days(today_days - (held < ago ? held
                                                                   : ago)),
                       since);
        cn_date_format(birth, born);
        const char *cat = category_for(cats, ncats, draw, born, since, today);
        strbuf_printf(
            &csv, "%s%s%s,%s,%lld,%s,%s,%s,1%d%09u,%s%u组%u号,%s,%s\n",
            surnames[next() % COUNT(surnames)], name2, name3, idn,
            (long long)p->station_id, v ? v->name : "", cat ? cat : "", since,
            3 + (int)(next() % 7), next() % 1000000000u, v ? v->name : "",
            1 + next() % 12, 1 + next() % 60, child ? "履行法定职责" : "",
            child ? "儿童保护走访" : "");
    }
    if (csv_path) {
        FILE *f = fopen(csv_path, "wb");
        if (!f || fwrite(csv.buf, 1, csv.len, f) != csv.len ||
            fclose(f) != 0) {
            cli_error("cannot write %s", csv_path);
        }
    }
    struct client_ctx x = {.db = db, .arena = a, .key = key,
                           .scope = &scope_all,
                           .who = {.name = "cli:demo", .address = ""},
                           .today = today};
    int last = -1;
    struct import_opts o = {.dup = IMPORT_DUP_SKIP, .progress = progress,
                            .ud = &last};
    struct import_result res;
    int rc = client_import(&x, csv.buf, csv.len, &o, &res);
    strbuf_free(&csv);
    out->rows = res.rows;
    out->inserted = res.inserted;
    out->skipped = res.skipped;
    out->bad = res.bad;
    for (size_t i = 0; i < res.n_errors && i < 5; i++) {
        cli_error("demo clients: row %ld %s: %s", res.errors[i].line,
                  res.errors[i].column, res.errors[i].message);
    }
    arena_free(a);
    if (rc != 0) {
        char text[300];
        msg_format(res.msg, cli_lang(), res.detail, text, sizeof text);
        cli_error("demo clients: %s", text);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}
