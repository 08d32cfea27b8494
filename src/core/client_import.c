#include "client_import.h"

#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../store/audit_store.h"
#include "../store/client_bulk.h"
#include "../store/client_store.h"
#include "../store/dictionary_store.h"
#include "../store/region_store.h"
#include "../store/station_store.h"
#include "../store/user_store.h"
#include "../store/visit_due_store.h"
#include "../util/cn_time.h"
#include "../util/jsonw.h"
#include "../util/log.h"
#include "../util/parse.h"
#include "../util/rows.h"
#include "../util/sheet.h"
#include "../util/strbuf.h"
#include "../util/xlsx_read.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "dictionary.h"
#include "id_number.h"
#include "lookup_memo.h"
#include "phone.h"
#include "../util/text_decode.h"

/* The template's columns, and the other names stations give them. */
enum icol {
    I_NAME, I_ID, I_SEX, I_BIRTH, I_ETHNICITY, I_PHONE, I_STATION, I_VILLAGE,
    I_WORKER, I_ADDRESS, I_HUKOU, I_CATEGORIES, I_CAT_SINCE, I_DIBAO, I_TEKUN,
    I_SELF_CARE, I_LIVING, I_RISK, I_TAGS, I_NOTES, I_G_NAME, I_G_RELATION,
    I_G_PHONE, I_BASIS, I_CONSENT_BY, I_CONSENT_ON, I_CONSENT_METHOD,
    I_DUTY, I_STATUS, I_STATUS_REASON, I_STATUS_ON, I_COUNT
};
_Static_assert(I_COUNT <= 32, "struct pending's said is a 32-bit mask");

/* The names stations give each column, as header_key() leaves them
 * (no spaces, half-width brackets, no "*" or "：" after): the template's
 * first. */
#define ICOL_NAMES 12
static const struct {
    const char *field;                /* the API's name, for error paths */
    const char *names[ICOL_NAMES];
} icols[I_COUNT] = {
    [I_NAME] = {"name", {"姓名", "服务对象姓名", "对象姓名", "名字"}},
    [I_ID] = {"id_number", {"身份证号", "身份证号码", "公民身份号码", "证件号码",
                            "身份证", "身份证件号码", "公民身份证号码",
                            "公民身份证号"}},
    [I_SEX] = {"sex", {"性别"}},
    [I_BIRTH] = {"birth_date", {"出生日期", "出生年月日", "生日", "出生年月"}},
    [I_ETHNICITY] = {"ethnicity", {"民族"}},
    [I_PHONE] = {"phone", {"联系电话", "电话", "手机号", "手机号码", "联系方式",
                           "手机", "电话号码", "联系号码", "本人电话"}},
    [I_STATION] = {"station_id", {"所属站点", "站点", "社工站"}},
    [I_VILLAGE] = {"village_code", {"村(社区)", "所在村", "村居", "村(居)",
                                    "所在村(社区)", "村(居)委会", "村(社区)名称",
                                    "村组", "村社区", "所属村(社区)",
                                    "所在村组", "所在村(组)"}},
    [I_WORKER] = {"worker_id", {"责任社工", "负责社工", "联系社工", "包联社工",
                                "包保社工", "服务社工"}},
    [I_ADDRESS] = {"address", {"现居住地址", "现住址", "居住地址", "家庭住址",
                               "地址", "家庭地址", "住址", "现居住地",
                               "现居地址", "详细地址"}},
    [I_HUKOU] = {"hukou_address", {"户籍地址", "户籍所在地", "户籍地",
                                   "户口所在地", "户口地址"}},
    [I_CATEGORIES] = {"categories", {"对象类别", "类别", "人员类别", "对象类型",
                                     "救助类别", "服务对象类别"}},
    [I_CAT_SINCE] = {"categories", {"类别开始日期", "纳入日期", "认定日期"}},
    [I_DIBAO] = {"dibao_cert", {"低保证号", "低保证编号"}},
    [I_TEKUN] = {"tekun_cert", {"特困供养证号", "特困证号"}},
    [I_SELF_CARE] = {"self_care", {"自理能力"}},
    [I_LIVING] = {"living", {"居住状况", "居住情况"}},
    [I_RISK] = {"risk_level", {"风险等级"}},
    [I_TAGS] = {"tags", {"标签"}},
    [I_NOTES] = {"notes", {"备注", "说明"}},
    [I_G_NAME] = {"guardians", {"监护人姓名", "监护人"}},
    [I_G_RELATION] = {"guardians", {"监护人关系", "与监护人关系"}},
    [I_G_PHONE] = {"guardians", {"监护人电话", "监护人联系电话", "监护人手机",
                                 "监护人手机号"}},
    [I_BASIS] = {"lawful_basis", {"合法性基础", "信息处理依据"}},
    [I_CONSENT_BY] = {"consent_by", {"同意人"}},
    [I_CONSENT_ON] = {"consent_on", {"同意日期"}},
    [I_CONSENT_METHOD] = {"consent_method", {"同意方式"}},
    [I_DUTY] = {"statutory_duty", {"法定职责"}},
    [I_STATUS] = {"status", {"状态", "对象状态", "人员状态", "在册状态"}},
    /* Not 变更日期 or 变更原因 alone: sheets use them for other changes. */
    [I_STATUS_REASON] = {"status_reason", {"状态原因", "状态变更原因",
                                           "注销原因"}},
    [I_STATUS_ON] = {"status_on", {"状态变更日期", "注销日期"}},
};

const size_t client_import_ncols = I_COUNT;
const char *const client_import_headers[I_COUNT] = {
    "姓名", "身份证号", "性别", "出生日期", "民族", "联系电话", "所属站点",
    "村(社区)", "责任社工", "现居住地址", "户籍地址", "对象类别", "类别开始日期",
    "低保证号", "特困供养证号", "自理能力", "居住状况", "风险等级", "标签",
    "备注", "监护人姓名", "监护人关系", "监护人电话", "合法性基础",
    "同意人", "同意日期", "同意方式", "法定职责", "状态", "状态原因",
    "状态变更日期",
};
const char *const client_import_example[I_COUNT] = {
    "张桂英", "43022319520308002X", "女", "1952-03-08", "汉族",
    "13800138000", "", "", "", "联星街道永佳社区3组12号", "攸县联星街道永佳社区",
    "特困人员、最低生活保障对象", "2024-01-01", "", "TK2024001", "部分自理",
    "独居", "中", "独居、高龄", "每月走访", "", "", "", "", "", "", "", "",
    "", "", "",
};

/* The example person's birth date and sequence: her ID number is these
 * after a county's code, then the check character. */
#define EXAMPLE_BORN_SEQ "19520308002"

const char **client_import_example_for(struct arena *a, const char *county,
                                       const char *county_name,
                                       const char *township,
                                       const char *village)
{
    const char **cells = arena_alloc(a, I_COUNT * sizeof *cells);
    memcpy(cells, client_import_example, I_COUNT * sizeof *cells);
    char first17[18];
    snprintf(first17, sizeof first17, "%.6s%s", county, EXAMPLE_BORN_SEQ);
    cells[I_ID] = arena_printf(a, "%s%c", first17,
                               id_number_check_char(first17));
    if (*township && *village) {
        cells[I_VILLAGE] = village;
        cells[I_ADDRESS] = arena_printf(a, "%s%s3组12号", township, village);
        cells[I_HUKOU] =
            arena_printf(a, "%s%s%s", county_name, township, village);
    } else {
        cells[I_ADDRESS] = cells[I_HUKOU] = "";
    }
    return cells;
}

bool client_import_is_example(const char *name, const char *id)
{
    return strcmp(name, client_import_example[I_NAME]) == 0 &&
           strlen(id) == 18 &&
           memcmp(id + 6, EXAMPLE_BORN_SEQ, strlen(EXAMPLE_BORN_SEQ)) == 0;
}

/* Eighteen digits ending in 000 whose check character fails: a number
 * Excel stored with its fifteen digits. */
static bool digits_lost(const char *v)
{
    return strlen(v) == 18 && strspn(v, "0123456789") == 18 &&
           strcmp(v + 15, "000") == 0 && id_number_check_char(v) != v[17];
}

/* s without the blanks at its ends (utf8_trim), in the arena. */
static bool blank(const char *s)
{
    for (; s && *s; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
            return false;
        }
    }
    return true;
}

static char *trim(struct arena *a, const char *s)
{
    size_t n;
    const char *b = utf8_trim(s, &n);
    return arena_strndup(a, b, n);
}

/* What may follow a date typed as text: nothing, or a time of day, as a
 * spreadsheet writes a date-time cell into a CSV (1985-03-05 00:00:00,
 * 1985/3/5 0:00, 1985-03-05T00:00:00): the date is its day. */
static bool time_of_day(const char *t)
{
    if (*t == 'T') {
        t++;
    } else if (*t == ' ') {
        t += strspn(t, " ");
    } else {
        return *t == 0;
    }
    int parts = 0; /* hours, minutes, seconds */
    for (;;) {
        size_t n = strspn(t, "0123456789");
        if (n < 1 || n > 2 || atoi(t) > (parts ? 59 : 23)) {
            return false;
        }
        t += n;
        if (++parts == 3 || *t != ':') {
            break;
        }
        t++;
    }
    if (parts == 3 && *t == '.') { /* 00:00:00.000 */
        t++;
        t += strspn(t, "0123456789");
    }
    return parts >= 2 && *t == 0;
}

/* Excel's serial days before this one are dates before 1910: not a
 * birth, consent or category date anyone has, but a number typed into a
 * date column (1985 is 1905-06-07). */
#define SERIAL_1910 3654

/* Why a date cell was not read (norm_date). */
enum date_flaw {
    DATE_UNREAD,    /* none of the ways a date is written */
    DATE_YEAR_ONLY, /* 1985 */
    DATE_NO_DAY,    /* 1970年2月30日: written as a date, but no such day */
};

/* Full-width digits and punctuation as ASCII (２０２３－０５－０１, what a
 * Chinese input method types), and the ideographic full stop (2023。5。1)
 * as '.': the date then reads as any other. */
static const char *ascii_digits(struct arena *a, const char *s)
{
    size_t n = strlen(s);
    char *folded = arena_alloc(a, n + 1), *out = arena_alloc(a, n + 1);
    utf8_fold_fullwidth(s, folded);
    size_t o = 0;
    for (const char *p = folded; *p;) {
        /* U+3002 (。): E3 80 82. */
        if (strncmp(p, "\xe3\x80\x82", 3) == 0) {
            out[o++] = '.';
            p += 3;
            continue;
        }
        out[o++] = *p++;
    }
    out[o] = 0;
    return out;
}

/* A date as people type it: 1980-01-01, 1980/1/1, 1980.1.1,
 * 1980年1月1日 (or 1日 written 1号), 19800101, in full-width characters
 * or not, with a time of day or not, or an Excel serial number
 * (1980-01-01 is 29221). NULL with *flaw when it is none of these, a
 * year alone (1985, not read as the serial it also is), or no real day. */
static const char *norm_date(struct arena *a, const char *s,
                             enum date_flaw *flaw)
{
    *flaw = DATE_UNREAD;
    if (!*s) {
        return NULL;
    }
    s = ascii_digits(a, s);
    int y, m, d, used = 0;
    char tail[8] = "";
    size_t n = strlen(s);
    bool digits = true;
    for (size_t i = 0; i < n; i++) {
        digits = digits && s[i] >= '0' && s[i] <= '9';
    }
    /* A serial with a time of day: 18264.5 is noon of its day. Five
     * digits (1927 to 2173): 2020.3 is a year and a month, not a day of
     * 1905. */
    size_t whole = strspn(s, "0123456789");
    bool serial_time = whole == 5 && s[whole] == '.' && s[whole + 1] &&
                       strspn(s + whole + 1, "0123456789") == n - whole - 1;
    if (digits && n == 4 && atoi(s) >= 1900 && atoi(s) <= 2100) {
        *flaw = DATE_YEAR_ONLY;
        return NULL;
    }
    if (digits && n == 8) {
        y = atoi((char[5]){s[0], s[1], s[2], s[3], 0});
        m = atoi((char[3]){s[4], s[5], 0});
        d = atoi((char[3]){s[6], s[7], 0});
    } else if ((digits && n <= 6) || serial_time) {
        /* Excel's serial day: 1 is 1900-01-01, counting the 29th of
         * February 1900 that never was; 1899-12-30 is day 0 from 61 on. */
        long serial = atol(s);
        if (serial < SERIAL_1910) {
            return NULL;
        }
        struct cn_date c = cn_civil_from_days(
            cn_days_from_civil(1899, 12, 30) + serial);
        y = c.year;
        m = c.month;
        d = c.day;
    } else if (((sscanf(s, "%d-%d-%d%n", &y, &m, &d, &used) == 3 ||
                 sscanf(s, "%d/%d/%d%n", &y, &m, &d, &used) == 3 ||
                 sscanf(s, "%d.%d.%d%n", &y, &m, &d, &used) == 3) &&
                time_of_day(s + used)) ||
               (sscanf(s, "%d年%d月%d%7s", &y, &m, &d, tail) == 4 &&
                (strcmp(tail, "日") == 0 || strcmp(tail, "号") == 0))) {
        /* parsed */
    } else {
        return NULL;
    }
    /* 56.7.14 (a year of two digits) or 3/5/2026 (the day first) is not
     * a way sgz reads a date, rather than a day the calendar lacks. */
    if (y < 1900 || y > 2999) {
        return NULL;
    }
    if (m < 1 || m > 12 || d < 1 || d > 31) {
        *flaw = DATE_NO_DAY;
        return NULL;
    }
    struct cn_date c = cn_civil_from_days(cn_days_from_civil(y, m, d));
    if (c.year != y || c.month != m || c.day != d) {
        *flaw = DATE_NO_DAY;
        return NULL;
    }
    char *buf = arena_alloc(a, 11);
    cn_date_format(c, buf);
    return buf;
}

/* Whether a cell is the beginning of a label, two characters or more:
 * stations write 低保 for 低保对象 and 口头同意 for 口头同意(已记录). */
static bool label_begins(const char *label, const char *v)
{
    size_t n = strlen(v);
    return n >= 6 && n < strlen(label) && strncmp(label, v, n) == 0;
}

/* Or its end: 法定职责 for 履行法定职责 (the template's own column
 * name), 同意 for 监护人同意. */
static bool label_ends(const char *label, const char *v)
{
    size_t n = strlen(v), ln = strlen(label);
    return n >= 6 && n < ln && strcmp(label + ln - n, v) == 0;
}

/* A code of a fixed list, from its code or its label (汉 for 汉族), or
 * the beginning or the end of exactly one label. */
static const char *fixed_code(const char *kind, const char *s)
{
    for (const struct fixed_list *l = dictionary_fixed; l->kind; l++) {
        if (strcmp(l->kind, kind) != 0) {
            continue;
        }
        const char *begun = NULL;
        int n_begun = 0;
        for (const struct fixed_item *it = l->items; it->code; it++) {
            size_t ln = strlen(it->label);
            if (strcmp(it->code, s) == 0 || strcmp(it->label, s) == 0 ||
                (ln > 3 && strncmp(it->label, s, ln - 3) == 0 &&
                 strlen(s) == ln - 3 && strcmp(kind, "ethnicity") == 0)) {
                return it->code;
            }
            if (label_begins(it->label, s) || label_ends(it->label, s)) {
                begun = it->code;
                n_begun++;
            }
        }
        return n_begun == 1 ? begun : NULL;
    }
    return NULL;
}

/* A word stations write for an item of a fixed list. */
struct sheet_word {
    const char *word, *code;
};

/* v's code in the fixed list kind: by one of words, else by its label or
 * code (fixed_code). */
static const char *word_code(const struct sheet_word *words, size_t n,
                             const char *kind, const char *v)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v, words[i].word) == 0) {
            return words[i].code;
        }
    }
    return fixed_code(kind, v);
}

/* A client's status as sheets write it: its label or code, or the words
 * stations use for it; "merged" (已合并) is the caller's to refuse. */
static const char *status_code(const char *v)
{
    static const struct sheet_word words[] = {
        {"正常", "active"},     {"在档", "active"},     {"外迁", "moved"},
        {"已迁出", "moved"},    {"迁走", "moved"},      {"去世", "deceased"},
        {"已去世", "deceased"}, {"已故", "deceased"},   {"病故", "deceased"},
        {"亡故", "deceased"},   {"身故", "deceased"},   {"过世", "deceased"},
        {"已死亡", "deceased"}, {"已注销", "closed"},   {"销户", "closed"},
        {"已销户", "closed"},
    };
    return word_code(words, sizeof words / sizeof words[0], "client_status",
                     v);
}

/* A guardian's relation to the child as sheets write it: the child's
 * word for her (爷爷, 外婆, 舅舅) or a label or code. */
static const char *relation_code(const char *v)
{
    static const struct sheet_word words[] = {
        {"父", "father"},       {"爸爸", "father"},     {"母", "mother"},
        {"妈妈", "mother"},     {"爷爷", "grandparent"}, {"奶奶", "grandparent"},
        {"外公", "grandparent"}, {"外婆", "grandparent"}, {"姥爷", "grandparent"},
        {"姥姥", "grandparent"}, {"祖父", "grandparent"}, {"祖母", "grandparent"},
        {"外祖父", "grandparent"}, {"外祖母", "grandparent"},
        {"哥哥", "sibling"},    {"姐姐", "sibling"},    {"兄", "sibling"},
        {"姐", "sibling"},      {"叔叔", "relative"},   {"伯父", "relative"},
        {"伯伯", "relative"},   {"姑姑", "relative"},   {"姑妈", "relative"},
        {"舅舅", "relative"},   {"姨妈", "relative"},   {"婶婶", "relative"},
        {"伯母", "relative"},   {"舅妈", "relative"},   {"姑父", "relative"},
        {"姨父", "relative"},   {"民政局", "bureau"},   {"民政部门", "bureau"},
    };
    return word_code(words, sizeof words / sizeof words[0],
                     "guardian_relation", v);
}

struct station_ref {
    int64_t id;
    char *name, *region;
    struct region *villages; /* children of a township, read when needed */
    size_t n_villages;
    bool villages_read;
    struct user_brief *staff; /* who may be its clients' worker, likewise */
    size_t n_staff;
    bool staff_read;
};

/* An error found while checking a row, told when the row is settled:
 * so the report lists every error in file order. */
struct row_error {
    int icol;
    const char *msg;
    struct row_error *next;
};

/* A valid row of the file as a person that a later row without an ID
 * number may be (same station, name and birth date or phone): so that a
 * dry run finds the twins the import finds, and the import makes the
 * later row a duplicate of the earlier one, not of a client it has just
 * written under another id. Made by the checker; ok and id are set by
 * the writer as it settles the row, before any row after it. */
struct file_person {
    long line;
    bool ok;     /* the row was valid: registered, or matched a client */
    int64_t id;  /* its client, once written or matched; 0 in a dry run */
    const char *guardian; /* the row's, or NULL: a dry run's record of it */
    /* What the file has made of her so far, as each of her rows is
     * settled (by the writer, in file order; the dry run, which writes
     * nothing, judges her later rows by it as the import does): */
    bool settled;        /* a row of hers gave her a status */
    const char *status;  /* that status (a static code) */
    bool has_reason;     /* with its reason */
    long died_on_line;   /* the row that made her 死亡, or 0 */
};

/* The file's people by a key's 64-bit hash (SipHash under a key of this
 * import): open addressing kept at most half full. Two keys of a million
 * rows share a hash once in some ten million imports. */
struct person_slot {
    uint64_t h;
    struct file_person *p;
};

struct person_map {
    struct person_slot *slots;
    size_t cap, n;
};

/* Rows checked before the batch is written: at most one question about
 * ID numbers. */
#define IMPORT_BATCH CLIENT_FIND_BATCH

/* A row read and checked, waiting for the rest of its batch: the batch
 * asks the register about all its ID numbers at once and, on
 * PostgreSQL, sends its inserts without waiting for each. */
struct pending {
    long line;
    struct arena *a;
    struct client c;
    struct client_plain p;
    bool ok;
    struct row_error *errors, **last_error;
    int64_t existing;
    bool visible;
    struct file_person *self;  /* this row as a person of the file */
    struct file_person *twin;  /* an earlier row, same person, no ID */
    uint32_t said;             /* columns holding a formula's error, said
                                  once: not again as a bad phone */
    enum msg_id same;          /* without an ID number, why it is somebody
                                  (MSG_COUNT_: not so), and whom */
    const char *same_who;
    bool status_given;         /* a 状态 cell: an update sets the status */
    bool reason_later;         /* a status without its reason, in an
                                  update: the record's may stand
                                  (settle_row) */
    unsigned active_extra;     /* 在册 with a reason (1) or a day (2):
                                  dropped, and a warning says so */
    bool worker_mine;          /* no 责任社工 given: the importing worker,
                                  for a new record only (an update keeps
                                  the record's) */
    bool consent_later;        /* 同意人 and no guardian, in an update:
                                  judged by the record's (settle_row) */
    char county_unknown[7];    /* her ID number's county, when not in
                                  the division table: a warning, said
                                  when the row is written (settle_row) */
    bool categories_today;     /* categories without 类别开始日期: they
                                  start on the day of the import */
};

/* How reading stopped after a batch. */
enum batch_end {
    BATCH_MORE,      /* a full batch; the file goes on */
    BATCH_EOF,
    BATCH_BROKEN,    /* a CSV row that lost its quoting, at line */
    BATCH_TOO_MANY,  /* past IMPORT_MAX_ROWS */
    BATCH_FAILED,    /* a look-up failed: rc */
};

struct batch {
    struct pending rows[IMPORT_BATCH];
    size_t n;
    size_t counted;  /* rows read that are not blank */
    size_t footers;  /* rows read that are a sheet's foot, not persons */
    enum batch_end end;
    long line;
    int rc;
};

/* Checked batches on their way from the checking thread to the writing
 * one: the checker fills one while the writer writes another. */
#define PIPE_DEPTH 3

struct pipe {
    bool threaded;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct batch *b[PIPE_DEPTH];
    size_t filled, taken; /* batches filled by the checker, taken by the writer */
    bool stop;            /* the writer wants no more */
};

/* An ID number of the file (its blind index) and the row it was on. */
struct seen_id {
    char *blind; /* NULL: a free slot */
    long line;
};

struct state {
    const struct client_ctx *x;
    const struct import_opts *o;
    struct import_result *res;      /* the writer's */
    int col[I_COUNT];               /* the file's column of each, or -1 */
    int col2[I_COUNT];              /* a second column of the same, read
                                       where the first is empty, or -1 */
    const char *header[XLSX_MAX_COLS];
    int n_header;
    struct station_ref *stations;
    size_t n_stations;
    struct dictionary_item *cats;
    size_t n_cats;
    struct pipe pipe;
    /* The checker's, on a thread of its own when the file is large: */
    struct rows *rows;
    struct db *check_db;            /* x->db, or a second connection */
    struct arena *check_arena;      /* the stations' villages */
    size_t rows_read;
    struct seen_id *seen;           /* this file's ID numbers' rows */
    size_t seen_cap, seen_n;
    struct person_map people;       /* this file's rows as persons */
    /* The writer's: the registered clients rows of this file update,
     * by id, as the person of the file each is. */
    struct person_map settled;
    unsigned char people_key[crypto_shorthash_KEYBYTES];
    struct arena *people_arena;
    struct lookup_memo *memo;       /* stations, villages, categories */
    size_t warnings_cap;            /* room in res->warnings */
};

/* A name as the report shows it: a cell of a thousand characters is
 * somebody's mistake, cut at a character's end. */
static const char *report_name(struct arena *a, const char *name)
{
    size_t n = strlen(name);
    if (n <= 60) {
        return arena_strdup(a, name);
    }
    n = 60;
    while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80) {
        n--;
    }
    return arena_printf(a, "%.*s…", (int)n, name);
}

/* A column as the file names it, else as the template does. */
static const char *column_name(const struct state *s, int icol)
{
    return s->col[icol] >= 0 && s->header[s->col[icol]]
               ? s->header[s->col[icol]]
               : icols[icol].names[0];
}

/* Message m in the import's language, a sentence in English as the
 * API's own errors are (msg_sentence_of): "This ID number is already
 * registered", but "出生日期: no such day" as its column is named. */
static void import_msg(const struct state *s, enum msg_id m,
                       const char *label, char *buf, size_t len)
{
    msg_format(m, s->o->lang, label, buf, len);
    if (s->o->lang == LANG_EN) {
        msg_sentence_of(m, buf);
    }
}

static void add_error(struct state *s, long line, const char *name,
                      int icol, const char *msg)
{
    struct import_result *r = s->res;
    if (r->n_errors >= IMPORT_MAX_ERRORS) {
        r->errors_truncated = true;
        return;
    }
    struct import_error *e = &r->errors[r->n_errors++];
    e->line = line;
    e->name = name ? report_name(s->x->arena, name) : "";
    e->column = icol < 0 ? "" : column_name(s, icol);
    e->message = arena_strdup(s->x->arena, msg);
    e->duplicate = false;
}

static void add_error_msg(struct state *s, long line, const char *name,
                          int icol, enum msg_id m, const char *label)
{
    char text[300];
    import_msg(s, m, label, text, sizeof text);
    add_error(s, line, name, icol, text);
}

/* A row's warning (import_result.warnings), in the file's order: by the
 * writing thread, which owns x->arena, for a row it inserts or updates. */
static void add_warning(struct state *s, const struct pending *r, int icol,
                        enum msg_id m, const char *label)
{
    struct import_result *res = s->res;
    if (res->n_warnings >= IMPORT_MAX_ERRORS) {
        res->warnings_truncated = true;
        return;
    }
    res->warnings = arena_grow(s->x->arena, res->warnings, res->n_warnings,
                               &s->warnings_cap, sizeof *res->warnings);
    char text[300];
    import_msg(s, m, label, text, sizeof text);
    struct import_error *e = &res->warnings[res->n_warnings++];
    e->line = r->line;
    e->name = report_name(s->x->arena, r->c.name);
    e->column = column_name(s, icol);
    e->message = arena_strdup(s->x->arena, text);
    e->duplicate = false;
}

/* An ID number issued by a county the division table does not hold:
 * marked for a warning, as the form gives one (api_clients.c
 * county_unknown); the answer per county is kept for the import. On the
 * checking thread: nothing of x->arena or the result is touched. */
static int county_check(struct state *s, struct pending *r)
{
    struct id_number id;
    const char *v = r->p.id_number;
    if (!v || !*v || id_number_parse(v, s->x->today, &id) != MSG_COUNT_) {
        return DB_OK;
    }
    char key[16];
    snprintf(key, sizeof key, "county:%s", id.county);
    const struct memo_entry *e = lookup_memo_get(s->memo, key);
    int rc = e ? e->rc : DB_OK;
    if (!e) {
        struct region g;
        rc = region_store_get(s->check_db, s->check_arena, id.county, &g);
        if (rc != DB_ROW && rc != DB_DONE) {
            return rc;
        }
        lookup_memo_put(s->memo, key, rc, NULL, NULL);
    }
    if (rc == DB_DONE) {
        snprintf(r->county_unknown, sizeof r->county_unknown, "%s",
                 id.county);
    }
    return DB_OK;
}

/* The warnings of a row written (or, in a dry run, that would be). */
static void warn_row(struct state *s, const struct pending *r)
{
    if (r->county_unknown[0]) {
        add_warning(s, r, I_ID, MSG_ID_COUNTY_UNKNOWN, r->county_unknown);
    }
    if (r->active_extra) {
        bool en = s->o->lang == LANG_EN;
        const char *reason = column_name(s, I_STATUS_REASON);
        const char *day = column_name(s, I_STATUS_ON);
        add_warning(s, r, I_STATUS, MSG_IMPORT_ACTIVE_EXTRA,
                    r->active_extra == 3
                        ? arena_printf(r->a, en ? "%s and %s" : "%s和%s",
                                       reason, day)
                        : r->active_extra == 1 ? reason : day);
    }
}

/* A row that is somebody already, refused because the import stops at
 * duplicates: marked so, for the wizard to say why nothing comes in. */
static void add_duplicate(struct state *s, long line, const char *name,
                          int icol, enum msg_id m, const char *label)
{
    size_t n = s->res->n_errors;
    s->res->stopped++;
    add_error_msg(s, line, name, icol, m, label);
    if (s->res->n_errors > n) {
        s->res->errors[n].duplicate = true;
    }
}

/* A row that is somebody already, and what became of it: by its ID
 * number, the client it names; without one, why it is the same person. */
static void add_known(struct state *s, struct pending *r,
                      enum import_action action, const char *changes)
{
    struct import_result *res = s->res;
    if (res->n_known >= IMPORT_MAX_ERRORS) {
        res->known_truncated = true;
        return;
    }
    char text[300];
    if (r->same != MSG_COUNT_) {
        import_msg(s, r->same, r->same_who, text, sizeof text);
    } else {
        struct client_ctx rx = *s->x;
        rx.arena = r->a;
        import_msg(s, MSG_ID_TAKEN, client_service_named(&rx, r->existing),
                   text, sizeof text);
    }
    struct import_known *k = &res->known[res->n_known++];
    k->line = r->line;
    k->name = report_name(s->x->arena, r->c.name ? r->c.name : "");
    k->action = action;
    k->message = changes && *changes
                     ? arena_printf(s->x->arena,
                                    s->o->lang == LANG_EN ? "%s; changes: %s"
                                                          : "%s；将更新：%s",
                                    text, changes)
                     : arena_strdup(s->x->arena, text);
}

const char *import_action_label(enum import_action a, enum lang lang)
{
    static const char *const zh[] = {"跳过", "更新", "无变化，跳过"};
    static const char *const en[] = {"skipped", "updated",
                                     "unchanged, skipped"};
    return lang == LANG_EN ? en[a] : zh[a];
}

/* An error of a row being checked, kept with it. */
static void row_error_text(struct pending *r, int icol, const char *text)
{
    if (icol >= 0 && (r->said & (1u << icol))) {
        return;
    }
    struct row_error *e = arena_alloc(r->a, sizeof *e);
    e->icol = icol;
    e->msg = arena_strdup(r->a, text);
    e->next = NULL;
    *r->last_error = e;
    r->last_error = &e->next;
}

static void row_error(struct state *s, struct pending *r, int icol,
                      enum msg_id m, const char *label)
{
    char text[300];
    import_msg(s, m, label, text, sizeof text);
    row_error_text(r, icol, text);
}

/* The values a cell may take, after its error: " (one of: a, b)",
 * "（可填：a、b）". add_choice appends the k-th, end_choices closes. */
static void add_choice(char *text, size_t size, size_t *at, bool en,
                       size_t k, const char *label)
{
    if (*at >= size) {
        return;
    }
    int w = snprintf(text + *at, size - *at, "%s%s",
                     k ? (en ? ", " : "、") : (en ? " (one of: " : "（可填："),
                     label);
    *at += w > 0 ? (size_t)w : 0;
}

static void end_choices(char *text, size_t size, size_t at, bool en)
{
    if (at < size) {
        snprintf(text + at, size - at, "%s", en ? ")" : "）");
    }
}

/* A cell that is none of its list's values: the error says which are
 * (the 56 民族 by example), so that the row can be fixed from the report
 * alone. */
static void enum_error(struct state *s, struct pending *r, int icol,
                       const char *kind, const char *label)
{
    bool en = s->o->lang == LANG_EN;
    char text[800];
    import_msg(s, MSG_BAD_ENUM, label, text, sizeof text);
    size_t at = strlen(text);
    if (strcmp(kind, "ethnicity") == 0) {
        snprintf(text + at, sizeof text - at, "%s",
                 en ? " (one of the 56 ethnic groups, e.g. 汉族)"
                    : "（填民族名称，如汉族、瑶族）");
        row_error_text(r, icol, text);
        return;
    }
    const struct fixed_item *it = NULL;
    for (const struct fixed_list *l = dictionary_fixed; l->kind; l++) {
        if (strcmp(l->kind, kind) == 0) {
            it = l->items;
        }
    }
    size_t said = 0;
    for (size_t k = 0; it && it[k].code; k++) {
        if (strcmp(kind, "client_status") == 0 &&
            strcmp(it[k].code, "merged") == 0) {
            continue; /* a merge's, not a sheet's */
        }
        add_choice(text, sizeof text, &at, en, said++,
                   en ? it[k].label_en : it[k].label);
    }
    if (it) {
        end_choices(text, sizeof text, at, en);
    }
    row_error_text(r, icol, text);
}

/* Which template column an error's JSON path belongs to. */
static int icol_of_field(const char *field)
{
    if (!field) {
        return -1;
    }
    /* Two columns fill the categories: a period's start is the second's. */
    if (strncmp(field, "categories[", 11) == 0 &&
        strstr(field, ".started_on")) {
        return I_CAT_SINCE;
    }
    for (int i = 0; i < I_COUNT; i++) {
        size_t n = strlen(icols[i].field);
        if (strncmp(field, icols[i].field, n) == 0 &&
            (field[n] == 0 || field[n] == '[' || field[n] == '.')) {
            return i;
        }
    }
    return -1;
}

/* The row the blind index was on earlier in the file (0: not seen;
 * remembered as on line). Open addressing over a table kept at most half
 * full, hashed by the index's first 8 hex digits. */
static size_t seen_slot(const struct seen_id *t, size_t cap,
                        const char *blind)
{
    size_t h = strtoul((char[9]){blind[0], blind[1], blind[2], blind[3],
                                 blind[4], blind[5], blind[6], blind[7], 0},
                       NULL, 16);
    while (t[h % cap].blind && strcmp(t[h % cap].blind, blind) != 0) {
        h++;
    }
    return h % cap;
}

static long seen_before(struct state *s, const char *blind, long line)
{
    if (s->seen_n * 2 >= s->seen_cap) {
        size_t cap = s->seen_cap ? s->seen_cap * 2 : 1024;
        struct seen_id *t = xmalloc(cap * sizeof *t);
        memset(t, 0, cap * sizeof *t);
        for (size_t i = 0; i < s->seen_cap; i++) {
            if (s->seen[i].blind) {
                t[seen_slot(t, cap, s->seen[i].blind)] = s->seen[i];
            }
        }
        free(s->seen);
        s->seen = t;
        s->seen_cap = cap;
    }
    struct seen_id *e = &s->seen[seen_slot(s->seen, s->seen_cap, blind)];
    if (e->blind) {
        return e->line;
    }
    e->blind = xstrdup(blind);
    e->line = line;
    s->seen_n++;
    return 0;
}

static uint64_t person_hash(const struct state *s, int64_t station,
                            const char *name, char kind, const char *value)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%lld\x1f%s\x1f%c%s",
                     (long long)station, name, kind, value);
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, (const unsigned char *)buf,
                     n < (int)sizeof buf ? (size_t)n : sizeof buf - 1,
                     s->people_key);
    uint64_t v;
    memcpy(&v, h, sizeof v);
    return v;
}

/* The person of the file under hash h, or NULL; one not there yet is
 * remembered as p (when p). */
static struct file_person *person_of(struct person_map *m, uint64_t h,
                                     struct file_person *p)
{
    if (m->n * 2 >= m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        struct person_slot *t = xcalloc(cap, sizeof *t);
        for (size_t i = 0; i < m->cap; i++) {
            const struct person_slot *e = &m->slots[i];
            size_t at = e->h % cap;
            while (e->p && t[at].p) {
                at = (at + 1) % cap;
            }
            if (e->p) {
                t[at] = *e;
            }
        }
        free(m->slots);
        m->slots = t;
        m->cap = cap;
    }
    for (size_t at = h % m->cap;; at = (at + 1) % m->cap) {
        struct person_slot *e = &m->slots[at];
        if (!e->p) {
            if (p) {
                *e = (struct person_slot){h, p};
                m->n++;
            }
            return NULL;
        }
        if (e->h == h) {
            return e->p;
        }
    }
}

/* A valid row as a person of the file: an earlier row it is (when it
 * has no ID number: the rule settle_row asks the register), and itself
 * remembered under its name and birth date, and its name and phone. */
static void file_person(struct state *s, struct pending *r)
{
    const struct client *c = &r->c;
    uint64_t keys[2];
    size_t n = 0;
    if (c->birth_date && *c->birth_date) {
        keys[n++] = person_hash(s, c->station_id, c->name, 'b',
                                c->birth_date);
    }
    if (c->phone.blind && *c->phone.blind) {
        keys[n++] = person_hash(s, c->station_id, c->name, 'p',
                                c->phone.blind);
    }
    if (!s->people_arena) {
        s->people_arena = arena_new(0);
    }
    r->self = arena_alloc(s->people_arena, sizeof *r->self);
    *r->self = (struct file_person){
        .line = r->line,
        .guardian = c->n_guardians
                        ? arena_strdup(s->people_arena, c->guardians[0].name)
                        : NULL};
    for (size_t i = 0; i < n; i++) {
        struct file_person *had = person_of(&s->people, keys[i], r->self);
        if (had && !r->twin && !c->id_number.blind) {
            r->twin = had;
        }
    }
}

static int load_stations(struct state *s)
{
    struct station_filter f = {.sort = STATION_SORT_ID, .limit = 200};
    for (;;) {
        struct station *items;
        size_t n;
        int64_t total;
        int rc = station_store_list(s->x->db, s->x->arena, s->x->scope, &f,
                                    &items, &n, &total);
        if (rc != DB_OK) {
            return rc;
        }
        s->stations = xrealloc(s->stations, (s->n_stations + n) *
                                                sizeof *s->stations);
        for (size_t i = 0; i < n; i++) {
            struct station_ref *r = &s->stations[s->n_stations++];
            memset(r, 0, sizeof *r);
            r->id = items[i].id;
            r->name = arena_strdup(s->x->arena, items[i].name);
            r->region = arena_strdup(s->x->arena, items[i].region_code);
        }
        if (n < (size_t)f.limit) {
            return DB_OK;
        }
        f.offset += f.limit;
    }
}

/* Whether s ends with tail. */
static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return t <= n && memcmp(s + n - t, tail, t) == 0;
}

/* The length of s without the first of suffixes it ends with. */
static size_t stem_len(const char *s, const char *const *suffixes)
{
    for (size_t i = 0; suffixes[i]; i++) {
        if (ends_with(s, suffixes[i])) {
            return strlen(s) - strlen(suffixes[i]);
        }
    }
    return strlen(s);
}

/* What a station's name ends with, which a sheet may leave out or write
 * short: 攸县春联街道社会工作服务站 is 春联街道社工站 or 春联街道 there. */
static const char *const station_suffixes[] = {
    "社会工作服务站", "社会工作站", "社工服务站", "社工站", "服务站", NULL};

/* Whether the first n bytes of a station's name are nothing or its
 * county's name (攸县, 原州区, 东莞市): a township's name follows. */
static bool after_county(const char *name, size_t n)
{
    static const char *const ends[] = {"县", "区", "市", "旗"};
    if (n == 0) {
        return true;
    }
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t e = strlen(ends[i]);
        if (n >= e && memcmp(name + n - e, ends[i], e) == 0) {
            return true;
        }
    }
    return false;
}

/* A station of the caller's range by id, by its name, or by the name a
 * sheet writes: its township's without the county before it, with the
 * suffix left out or short. Only one station may answer to it. */
static struct station_ref *station_by(struct state *s, int64_t id,
                                      const char *name)
{
    for (size_t i = 0; i < s->n_stations; i++) {
        struct station_ref *r = &s->stations[i];
        if ((id && r->id == id) || (name && strcmp(r->name, name) == 0)) {
            return r;
        }
    }
    size_t stem = name ? stem_len(name, station_suffixes) : 0;
    if (stem == 0 || utf8_chars(name, stem) < 2) {
        return NULL;
    }
    struct station_ref *found = NULL;
    for (size_t i = 0; i < s->n_stations; i++) {
        struct station_ref *r = &s->stations[i];
        size_t rs = stem_len(r->name, station_suffixes);
        if (rs >= stem && memcmp(r->name + rs - stem, name, stem) == 0 &&
            after_county(r->name, rs - stem)) {
            if (found) {
                return NULL; /* two stations answer to it */
            }
            found = r;
        }
    }
    return found;
}

/* What a village's committee is called after its name. */
static const char *const village_suffixes[] = {
    "居民委员会", "村民委员会", "居委会", "村委会", NULL};

/* A village of the station's township, by code or name, or as sheets
 * write it: with its committee (山背社区居委会), after the township's
 * name (春联街道春风社区), or its name's beginning (双丰 for 双丰社区) —
 * each only where one village answers to it. */
static const char *village_named(struct state *s, struct station_ref *st,
                                 const char *v)
{
    if (!st->villages_read) {
        st->villages_read = true;
        if (region_store_children(s->check_db, s->check_arena, st->region, "",
                                  1000, &st->villages,
                                  &st->n_villages) != DB_OK) {
            st->n_villages = 0;
        }
    }
    for (size_t i = 0; i < st->n_villages; i++) {
        if (strcmp(st->villages[i].code, v) == 0 ||
            strcmp(st->villages[i].name, v) == 0) {
            return st->villages[i].code;
        }
    }
    size_t stem = stem_len(v, village_suffixes);
    if (utf8_chars(v, stem) < 2) {
        return NULL;
    }
    const char *found = NULL;
    int n_found = 0;
    for (size_t i = 0; i < st->n_villages; i++) {
        const char *name = st->villages[i].name;
        size_t nl = strlen(name);
        bool same = nl == stem && memcmp(name, v, stem) == 0;
        bool after = nl < stem && memcmp(v + stem - nl, name, nl) == 0;
        bool begun = nl > stem && memcmp(name, v, stem) == 0;
        if (same) {
            return st->villages[i].code;
        }
        if (after || begun) {
            found = st->villages[i].code;
            n_found++;
        }
    }
    return n_found == 1 ? found : NULL;
}

/* The length of v without a village group after it (大芹村5组, 大芹村五组,
 * as a 村组 column holds it), or 0 when it has none. */
static size_t without_group(const char *v)
{
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六",
                                           "七", "八", "九", "十", NULL};
    size_t n = strlen(v), g = strlen("组");
    if (n <= g || strcmp(v + n - g, "组") != 0) {
        return 0;
    }
    size_t end = n - g;
    for (bool more = true; more && end > 0;) {
        more = false;
        if (v[end - 1] >= '0' && v[end - 1] <= '9') {
            end--;
            more = true;
        }
        for (int i = 0; !more && numerals[i]; i++) {
            size_t k = strlen(numerals[i]);
            if (end >= k && memcmp(v + end - k, numerals[i], k) == 0) {
                end -= k;
                more = true;
            }
        }
    }
    return end < n - g ? end : 0;
}

/* A village of the station's township as village_named finds it, or
 * named with her group after it (大芹村5组). */
static const char *village_of(struct state *s, struct station_ref *st,
                              const char *v)
{
    const char *code = village_named(s, st, v);
    size_t stem = code ? 0 : without_group(v);
    return stem ? village_named(s, st, arena_strndup(s->check_arena, v, stem))
                : code;
}

/* The one village of the station's township whose name is v's but for
 * one character (白石冲村 for 白石充村), or NULL. */
static const char *village_like(const struct station_ref *st, const char *v)
{
    const char *like = NULL;
    size_t chars = utf8_chars(v, strlen(v));
    for (size_t i = 0; i < st->n_villages; i++) {
        const char *a = st->villages[i].name, *b = v;
        if (strlen(a) != strlen(b) || utf8_chars(a, strlen(a)) != chars) {
            continue;
        }
        size_t differ = 0;
        while (*a && differ < 2) {
            size_t k = 1; /* one character, its continuation bytes */
            while ((a[k] & 0xC0) == 0x80) {
                k++;
            }
            differ += memcmp(a, b, k) != 0;
            a += k;
            b += k;
        }
        if (differ == 1) {
            if (like) {
                return NULL;
            }
            like = st->villages[i].name;
        }
    }
    return like;
}

/* Those who may be the station's clients' worker (core/staff_scope.h),
 * read once per station. */
static void read_staff(struct state *s, struct station_ref *st)
{
    if (!st->staff_read) {
        st->staff_read = true;
        if (user_store_staff(s->check_db, s->check_arena, st->id, st->region,
                             &st->staff, &st->n_staff) != DB_OK) {
            log_warn("import: the staff of station %lld could not be read",
                     (long long)st->id);
            st->n_staff = 0;
        }
    }
}

/* The responsible worker a sheet names, by her name or user name, among
 * the station's staff: her id, or 0 with *namesake set when two of them
 * bear the name. */
static int64_t worker_of(struct state *s, struct station_ref *st,
                         const char *v, bool *namesake)
{
    *namesake = false;
    read_staff(s, st);
    int64_t found = 0;
    for (size_t i = 0; i < st->n_staff; i++) {
        if (strcmp(st->staff[i].username, v) == 0) {
            return st->staff[i].id; /* user names are unique */
        }
        if (strcmp(st->staff[i].display_name, v) == 0) {
            *namesake = found != 0;
            found = st->staff[i].id;
        }
    }
    return *namesake ? 0 : found;
}

/* The importing user when she works at the station: a row without
 * 责任社工 is hers, as a client she registers by hand is (the form's
 * default), so that its visits reach her 待办. Her range must list the
 * station (a worker's follows her assignment): a county's supervisor,
 * who may be any station's clients' worker, importing a county's sheet
 * does not become the worker of all of them. 0 otherwise (a bureau
 * officer's import). */
static int64_t importer_as_worker(struct state *s, struct station_ref *st)
{
    const struct scope *sc = s->x->scope;
    bool listed = false;
    for (size_t i = 0; sc && !sc->all && i < sc->n_stations; i++) {
        listed = listed || sc->stations[i] == st->id;
    }
    if (!listed) {
        return 0;
    }
    read_staff(s, st);
    for (size_t i = 0; i < st->n_staff; i++) {
        if (st->staff[i].id == s->x->user_id) {
            return s->x->user_id;
        }
    }
    return 0;
}

/* The names stations' sheets give the seeded categories besides their
 * labels: 低保 (the 2014 measures' 最低生活保障; 城乡低保 in the
 * documents), 五保 (folded into 特困 in 2014; 特困供养人员 in the
 * documents), 留守儿童 without 农村. */
static const struct {
    const char *name, *code;
} category_names[] = {
    {"低保", "dibao"},       {"低保户", "dibao"},    {"低保对象", "dibao"},
    {"城乡低保", "dibao"},   {"城乡低保对象", "dibao"},
    {"五保", "tekun"},       {"五保户", "tekun"},    {"特困供养", "tekun"},
    {"特困供养人员", "tekun"}, {"特困供养对象", "tekun"},
    {"留守儿童", "left_behind_child"},
};

/* A category by its code, its label, a name of category_names, or the
 * beginning of exactly one label. */
static const char *category_code(struct state *s, const char *v)
{
    const char *begun = NULL;
    int n_begun = 0;
    const char *named = NULL;
    for (size_t i = 0; i < sizeof category_names / sizeof category_names[0];
         i++) {
        if (strcmp(category_names[i].name, v) == 0) {
            named = category_names[i].code;
        }
    }
    for (size_t i = 0; i < s->n_cats; i++) {
        if (strcmp(s->cats[i].code, v) == 0 ||
            strcmp(s->cats[i].label, v) == 0 ||
            (named && strcmp(s->cats[i].code, named) == 0)) {
            return s->cats[i].code;
        }
        if (label_begins(s->cats[i].label, v)) {
            begun = s->cats[i].code;
            n_begun++;
        }
    }
    return n_begun == 1 ? begun : NULL;
}

/* A category the station's dictionary does not offer, named, with those
 * it does (the report alone must be enough to fix the row). */
static void category_error(struct state *s, struct pending *r,
                           const char *v)
{
    bool en = s->o->lang == LANG_EN;
    char label[160], text[1200];
    snprintf(label, sizeof label,
             en ? "Category \"%s\"" : "对象类别「%s」", v);
    import_msg(s, MSG_DICT_UNKNOWN, label, text, sizeof text);
    size_t at = strlen(text), k = 0;
    /* A stopped category is refused in a new row: not offered. */
    for (size_t i = 0; i < s->n_cats; i++) {
        if (!s->cats[i].active) {
            continue;
        }
        add_choice(text, sizeof text, &at, en, k++,
                   en && s->cats[i].label_en && *s->cats[i].label_en
                       ? s->cats[i].label_en
                       : s->cats[i].label);
    }
    if (k) {
        end_choices(text, sizeof text, at, en);
    }
    row_error_text(r, I_CATEGORIES, text);
}

/* Splits a list cell (特困人员、困难老年人) into items, in the arena. */
static size_t split_list(struct arena *a, const char *cell, char **out,
                         size_t max)
{
    static const char *const seps[] = {"、", "，", "；", ",", ";", "/", " ",
                                       NULL};
    char *copy = arena_strdup(a, cell);
    size_t n = 0;
    char *p = copy;
    while (*p && n < max) {
        size_t cut = strlen(p), skip = 0;
        for (const char *const *sep = seps; *sep; sep++) {
            char *hit = strstr(p, *sep);
            if (hit && (size_t)(hit - p) < cut) {
                cut = (size_t)(hit - p);
                skip = strlen(*sep);
            }
        }
        if (cut > 0) {
            out[n++] = arena_strndup(a, p, cut);
        }
        p += cut + skip;
    }
    return n;
}

/* A cell trimmed, without the apostrophe sgz's own CSV export puts
 * before a cell that starts like a formula (util/sheet.h): a register
 * exported and brought back keeps its notes as they were. */
static const char *cell_text(struct arena *a, const char *raw)
{
    const char *v = trim(a, raw);
    return v[0] == '\'' && v[1] && strchr("=+-@", v[1]) ? v + 1 : v;
}

static const char *cell_of(struct state *s, struct arena *a,
                           const char *const *cells, int n, int icol)
{
    int c = s->col[icol];
    const char *v = c >= 0 && c < n ? cell_text(a, cells[c]) : "";
    c = s->col2[icol];
    return *v || c < 0 || c >= n ? v : cell_text(a, cells[c]);
}

/* An address typed over two lines of its cell (Alt+Enter) is one
 * address: its lines joined by a space. A name on two lines is still
 * refused, as the form refuses it. */
static const char *one_line(struct arena *a, const char *v)
{
    if (!strpbrk(v, "\r\n")) {
        return v;
    }
    char *out = arena_strdup(a, v);
    size_t k = 0;
    for (const char *p = v; *p; p++) {
        if (*p == '\r' || *p == '\n') {
            if (k > 0 && out[k - 1] != ' ') {
                out[k++] = ' ';
            }
        } else {
            out[k++] = *p;
        }
    }
    while (k > 0 && out[k - 1] == ' ') {
        k--;
    }
    out[k] = '\0';
    return out;
}

/* What the API's schema checks on each member, for the file's cells:
 * lengths in characters and phone numbers. */
static bool check_limits(struct state *s, struct pending *r)
{
    const struct client *c = &r->c;
    const struct client_plain *p = &r->p;
    const struct {
        int icol;
        const char *v;
        size_t max;
    } lens[] = {
        {I_NAME, c->name, 40},           {I_ADDRESS, p->address, 200},
        {I_HUKOU, p->hukou_address, 200}, {I_DIBAO, c->dibao_cert, 40},
        {I_TEKUN, c->tekun_cert, 40},    {I_NOTES, c->notes, 2000},
        {I_CONSENT_BY, c->consent_by, 40},
        {I_G_NAME, c->n_guardians ? c->guardians[0].name : "", 40},
        {I_STATUS_REASON, c->status_reason, 200},
    };
    bool ok = true;
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        if (!lens[i].v) {
            continue;
        }
        size_t n = strlen(lens[i].v);
        bool multiline = lens[i].icol == I_NOTES;
        enum utf8_flaw flaw = UTF8_FLAW_NONE;
        /* A cell may hold a line break (Alt+Enter in Excel) or a tab: only
         * the notes may, as in the form; a name on two lines is refused
         * by POST /clients and must not come in through the import. */
        if (!utf8_valid(lens[i].v, n, multiline)) {
            row_error(s, r, lens[i].icol,
                      utf8_just_line_breaks(lens[i].v, n) ? MSG_TEXT_NEWLINE
                                                          : MSG_BAD_UTF8,
                      icols[lens[i].icol].names[0]);
            ok = false;
        } else if ((flaw = utf8_text_flaw(lens[i].v, n, multiline)) !=
                   UTF8_FLAW_NONE) {
            /* As the form refuses them: U+202E turning a name around, a
             * zero-width space hiding a duplicate. */
            row_error(s, r, lens[i].icol, schema_flaw_msg(flaw),
                      icols[lens[i].icol].names[0]);
            ok = false;
        } else if (utf8_chars(lens[i].v, n) > lens[i].max) {
            row_error(s, r, lens[i].icol, MSG_TOO_LONG,
                          icols[lens[i].icol].names[0]);
            ok = false;
        }
    }
    const char *phones[2] = {p->phone,
                             p->guardian_phones ? p->guardian_phones[0] : ""};
    const int pcols[2] = {I_PHONE, I_G_PHONE};
    for (int i = 0; i < 2; i++) {
        if (phones[i] && *phones[i] && !phone_valid(phones[i])) {
            /* 138****8000: the register's masked export, read back */
            row_error(s, r, pcols[i],
                      strchr(phones[i], '*') ? MSG_IMPORT_MASKED
                                             : phone_problem(phones[i]),
                      icols[pcols[i]].names[0]);
            ok = false;
        }
    }
    return ok;
}

/* A spreadsheet's error value where a formula failed (a VLOOKUP that
 * found nothing): saved as text, it would become a client named #N/A. */
static bool spreadsheet_error(const char *v)
{
    static const char *const errors[] = {
        "#N/A",  "#VALUE!", "#REF!",  "#DIV/0!",        "#NAME?",
        "#NUM!", "#NULL!",  "#SPILL!", "#GETTING_DATA", "#CALC!",
    };
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        if (strcmp(v, errors[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* A year and a month alone, as a register kept by 出生年月 writes them:
 * 1966.03, 1966-3, 1966/03, 1966年3月. */
static bool year_month(const char *v, int *y, int *m)
{
    int used = 0;
    char tail[8] = "";
    bool read = ((sscanf(v, "%d.%d%n", y, m, &used) == 2 ||
                  sscanf(v, "%d-%d%n", y, m, &used) == 2 ||
                  sscanf(v, "%d/%d%n", y, m, &used) == 2) &&
                 v[used] == '\0') ||
                (sscanf(v, "%d年%d%7s", y, m, tail) == 3 &&
                 strcmp(tail, "月") == 0);
    return read && *y >= 1900 && *y <= 2100 && *m >= 1 && *m <= 12;
}

/* A date cell that is not empty: the date, or NULL with the row's error
 * (a year alone, a month alone or a day that never was is told as such:
 * the full date is wanted). */
static const char *date_cell(struct state *s, struct pending *r, int icol,
                             const char *v)
{
    enum date_flaw flaw;
    int y, m;
    const char *date = norm_date(r->a, v, &flaw);
    if (!date) {
        row_error(s, r, icol,
                  flaw == DATE_YEAR_ONLY ? MSG_IMPORT_YEAR_ONLY
                  : flaw == DATE_NO_DAY  ? MSG_IMPORT_NO_SUCH_DAY
                  : year_month(ascii_digits(r->a, v), &y, &m)
                      ? MSG_IMPORT_MONTH_ONLY
                      : MSG_IMPORT_BAD_DATE,
                  icols[icol].names[0]);
    }
    return date;
}

/* Whether an ID number, as typed (18 or 15 characters), was issued for a
 * birth in year y, month m. */
static bool id_born_in(const char *id, int y, int m)
{
    size_t n = id ? strlen(id) : 0;
    if (n != 18 && n != 15) {
        return false;
    }
    char want[7];
    snprintf(want, sizeof want, "%04d%02d", y, m);
    return n == 18 ? memcmp(id + 6, want, 6) == 0
                   : memcmp(id + 6, want + 2, 4) == 0 && y / 100 == 19;
}

/* The birth date cell. A year and month alone stand when the row's ID
 * number gives the day (the date is taken from it, as for a row without
 * the cell); without one the row asks for the whole date. False after
 * an error. */
static bool birth_cell(struct state *s, struct pending *r, const char *v,
                       const char *id)
{
    enum date_flaw flaw;
    int y, m;
    if ((r->c.birth_date = norm_date(r->a, v, &flaw))) {
        return true;
    }
    if (flaw == DATE_UNREAD && year_month(ascii_digits(r->a, v), &y, &m)) {
        if (id_born_in(id, y, m)) {
            return true;
        }
        row_error(s, r, I_BIRTH,
                  id && *id ? MSG_ID_SEX_MISMATCH : MSG_IMPORT_YEAR_MONTH,
                  icols[I_BIRTH].names[0]);
        return false;
    }
    return date_cell(s, r, I_BIRTH, v) != NULL;
}

/* A mobile number as sheets write it, in groups (138-0733-1122,
 * 139 0733 5678, +86 13907335678): its 11 digits; a landline's extension
 * after 转: after '-'; 无 or - for none: empty. Anything else is left as
 * it is, for the rules to judge (a landline keeps its '-'). */
static const char *sheet_phone(struct arena *a, const char *v)
{
    if (phone_is_placeholder(v)) {
        return ""; /* 无: no number, as an empty cell says */
    }
    char ext[48];
    if (phone_extension(v, ext, sizeof ext)) {
        /* 0731-22345678转123: the form's 0731-22345678-123 */
        return arena_strdup(a, ext);
    }
    /* +86 139 0733 5678, as contacts export it. */
    const char *start = v;
    if (strncmp(start, "+86", 3) == 0 || strncmp(start, "0086", 4) == 0) {
        start += *start == '+' ? 3 : 4;
        start += strspn(start, " -");
    }
    char d[12];
    size_t n = 0;
    for (const char *p = start; *p; p++) {
        if (*p >= '0' && *p <= '9' && n < 11) {
            d[n++] = *p;
        } else if ((*p != '-' && *p != ' ') || p == start || p[1] == 0 ||
                   p[-1] < '0' || p[-1] > '9') {
            return v;
        }
    }
    d[n] = 0;
    return n == 11 && phone_is_mobile(d) ? arena_strdup(a, d) : v;
}

/* 状态, 状态原因 and 状态变更日期. A reason or a day needs its status;
 * a status other than 在册 needs its reason (client_service_validate),
 * and its day stays unknown when the cell is empty: the sheet does not
 * say when she died, and today would be wrong. False after an error. */
static bool status_cells(struct state *s, struct pending *r,
                         const char *const *cells, int n)
{
    struct arena *a = r->a;
    struct client *c = &r->c;
    const char *v = cell_of(s, a, cells, n, I_STATUS);
    c->status_reason = cell_of(s, a, cells, n, I_STATUS_REASON);
    const char *day = cell_of(s, a, cells, n, I_STATUS_ON);
    if (!*v) {
        if (*c->status_reason || *day) {
            const char *what =
                !*day ? column_name(s, I_STATUS_REASON)
                : !*c->status_reason
                    ? column_name(s, I_STATUS_ON)
                    : arena_printf(a, s->o->lang == LANG_EN ? "%s and %s"
                                                            : "%s和%s",
                                   column_name(s, I_STATUS_REASON),
                                   column_name(s, I_STATUS_ON));
            row_error(s, r, I_STATUS, MSG_IMPORT_STATUS_MISSING, what);
            return false;
        }
        return true;
    }
    const char *code = status_code(v);
    if (!code) {
        enum_error(s, r, I_STATUS, "client_status", "状态");
        return false;
    }
    if (strcmp(code, "merged") == 0) { /* records are merged, not imported so */
        row_error(s, r, I_STATUS, MSG_IMPORT_STATUS_MERGED, NULL);
        return false;
    }
    c->status = code;
    r->status_given = true;
    if (strcmp(code, "active") == 0) {
        r->active_extra = (*c->status_reason ? 1u : 0u) | (*day ? 2u : 0u);
        return true;
    }
    if (*day && !(c->status_on = date_cell(s, r, I_STATUS_ON, day))) {
        return false;
    }
    return true;
}

/* Reads one row into c and p; false (errors added) when a cell cannot
 * be read at all. */
static bool read_row(struct state *s, struct pending *r,
                     const char *const *cells, int n)
{
    struct arena *a = r->a;
    struct client *c = &r->c;
    struct client_plain *p = &r->p;
    bool ok = true;
    const char *v;
    for (int i = 0; i < I_COUNT; i++) {
        v = cell_of(s, a, cells, n, i);
        if (spreadsheet_error(v)) {
            row_error(s, r, i, MSG_IMPORT_FORMULA_ERROR, v);
            r->said |= 1u << i;
            ok = false;
        } else if (strcmp(v, XLSX_NO_RESULT) == 0) {
            row_error(s, r, i, MSG_IMPORT_FORMULA_NO_RESULT, NULL);
            r->said |= 1u << i;
            ok = false;
        }
    }
    c->status = "active"; /* first: the rules run on a row cut short too */
    c->tags = "";
    c->name = cell_of(s, a, cells, n, I_NAME);
    if (strcmp(c->name, XLSX_NO_RESULT) == 0) {
        c->name = ""; /* said above; the report names nobody */
    }
    if (!*c->name) {
        row_error(s, r, I_NAME, MSG_REQUIRED, "姓名");
        ok = false;
    } else if (!utf8_name_ok(c->name)) {
        row_error(s, r, I_NAME, MSG_NAME_NO_LETTER, "姓名");
        ok = false;
    }
    v = cell_of(s, a, cells, n, I_ID);
    /* An apostrophe that kept the number text, copied with it from a
     * program that shows it ('430223…). */
    if (*v == '\'') {
        v++;
    }
    /* The template's example, left in: a made-up person with a valid ID
     * number would be registered. Every other cell is still checked. */
    if (client_import_is_example(c->name, v)) {
        row_error(s, r, I_NAME, MSG_IMPORT_EXAMPLE_ROW, NULL);
        ok = false;
    }
    /* 4.30223E+17 as Excel writes it, 4.3022319500109e+17 or
     * 4.3022319560712E17 as others do, and 430223195607120000: the
     * number Excel kept, its last three digits lost. */
    if (parse_e_notation(v) || digits_lost(v)) {
        row_error(s, r, I_ID, MSG_IMPORT_ID_AS_NUMBER, NULL);
        ok = false;
    } else if (strchr(v, '*')) { /* the register's masked export, read back */
        row_error(s, r, I_ID, MSG_IMPORT_MASKED, icols[I_ID].names[0]);
        ok = false;
    }
    p->id_number = *v ? v : NULL;
    v = cell_of(s, a, cells, n, I_SEX);
    if (*v) {
        c->sex = strcmp(v, "男") == 0 || strcmp(v, "男性") == 0 ? "M"
                 : strcmp(v, "女") == 0 || strcmp(v, "女性") == 0 ? "F"
                 : fixed_code("sex", v);
        if (!c->sex) {
            enum_error(s, r, I_SEX, "sex", "性别");
            ok = false;
        }
    }
    v = cell_of(s, a, cells, n, I_BIRTH);
    if (*v && !birth_cell(s, r, v, p->id_number)) {
        ok = false;
    }
    /* The fixed lists: code or label. */
    static const struct {
        int icol;
        const char *kind, *label;
        size_t off;
    } lists[] = {
        {I_ETHNICITY, "ethnicity", "民族", offsetof(struct client, ethnicity)},
        {I_SELF_CARE, "self_care", "自理能力",
         offsetof(struct client, self_care)},
        {I_LIVING, "living", "居住状况", offsetof(struct client, living)},
        {I_RISK, "risk_level", "风险等级",
         offsetof(struct client, risk_level)},
        {I_BASIS, "lawful_basis", "合法性基础",
         offsetof(struct client, lawful_basis)},
        {I_CONSENT_METHOD, "consent_method", "同意方式",
         offsetof(struct client, consent_method)},
        {I_DUTY, "statutory_duty", "法定职责",
         offsetof(struct client, statutory_duty)},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        v = cell_of(s, a, cells, n, lists[i].icol);
        const char *code = *v ? fixed_code(lists[i].kind, v) : "";
        if (!code) {
            enum_error(s, r, lists[i].icol, lists[i].kind, lists[i].label);
            ok = false;
            code = "";
        }
        *(const char **)((char *)c + lists[i].off) = code;
    }
    p->phone = sheet_phone(a, cell_of(s, a, cells, n, I_PHONE));
    p->address = one_line(a, cell_of(s, a, cells, n, I_ADDRESS));
    p->hukou_address = one_line(a, cell_of(s, a, cells, n, I_HUKOU));
    c->dibao_cert = cell_of(s, a, cells, n, I_DIBAO);
    c->tekun_cert = cell_of(s, a, cells, n, I_TEKUN);
    c->notes = cell_of(s, a, cells, n, I_NOTES);
    c->consent_by = cell_of(s, a, cells, n, I_CONSENT_BY);
    v = cell_of(s, a, cells, n, I_CONSENT_ON);
    if (*v && !(c->consent_on = date_cell(s, r, I_CONSENT_ON, v))) {
        ok = false;
    }
    if (!status_cells(s, r, cells, n)) {
        ok = false;
    }
    /* Station: the column, or the one chosen for the whole file. */
    v = cell_of(s, a, cells, n, I_STATION);
    char *end;
    long long sid = *v ? strtoll(v, &end, 10) : 0;
    struct station_ref *st =
        *v ? station_by(s, *end ? 0 : sid, *end ? v : NULL)
           : station_by(s, s->o->station_id, NULL);
    if (!st && !*v && !s->o->station_id) {
        row_error(s, r, I_STATION, MSG_IMPORT_STATION_EMPTY, NULL);
        return false;
    }
    if (!st) {
        row_error(s, r, I_STATION, MSG_STATION_OUT_OF_RANGE,
                      *v ? v : "所属站点");
        return false;
    }
    c->station_id = st->id;
    v = cell_of(s, a, cells, n, I_VILLAGE);
    if (*v && !(c->village_code = village_of(s, st, v))) {
        bool en = s->o->lang == LANG_EN;
        char text[600];
        import_msg(s, MSG_IMPORT_VILLAGE_UNKNOWN,
                   arena_printf(a, en ? "Village \"%s\"" : "所在村「%s」", v),
                   text, sizeof text);
        const char *like = village_like(st, v);
        row_error_text(r, I_VILLAGE,
                       like ? arena_printf(a, en ? "%s (%s?)"
                                                 : "%s（是否为「%s」？）",
                                           text, like)
                            : arena_strdup(a, text));
        ok = false;
    }
    v = cell_of(s, a, cells, n, I_WORKER);
    bool namesake;
    if (*v && !(c->worker_id = worker_of(s, st, v, &namesake))) {
        row_error(s, r, I_WORKER,
                  namesake ? MSG_IMPORT_WORKER_NAMESAKE
                           : MSG_IMPORT_WORKER_UNKNOWN,
                  arena_printf(a, s->o->lang == LANG_EN ? "Worker \"%s\""
                                                        : "责任社工「%s」",
                               v));
        ok = false;
    }
    if (!*v && s->x->user_id) {
        c->worker_id = importer_as_worker(s, st);
        r->worker_mine = c->worker_id != 0;
    }
    /* Categories since a date (the file's, else today). */
    char *items[20];
    size_t k = split_list(a, cell_of(s, a, cells, n, I_CATEGORIES), items,
                          20);
    v = cell_of(s, a, cells, n, I_CAT_SINCE);
    const char *since = *v ? date_cell(s, r, I_CAT_SINCE, v) : s->x->today;
    if (!since) {
        ok = false;
        since = s->x->today;
    }
    c->categories = arena_alloc(a, sizeof *c->categories * (k + 1));
    for (size_t i = 0; i < k; i++) {
        const char *code = category_code(s, items[i]);
        if (!code) {
            category_error(s, r, items[i]);
            ok = false;
            continue;
        }
        bool twice = false; /* 低保、低保: once is what was meant */
        for (size_t j = 0; j < c->n_categories && !twice; j++) {
            twice = strcmp(c->categories[j].code, code) == 0;
        }
        if (twice) {
            continue;
        }
        c->categories[c->n_categories].code = code;
        c->categories[c->n_categories].started_on = since;
        c->n_categories++;
    }
    r->categories_today = c->n_categories && !*v;
    char *tags[10];
    size_t nt = split_list(a, cell_of(s, a, cells, n, I_TAGS), tags, 10);
    struct strbuf tb;
    strbuf_init(&tb);
    for (size_t i = 0; i < nt; i++) {
        strbuf_adds(&tb, i ? "," : "");
        strbuf_adds(&tb, tags[i]);
    }
    c->tags = arena_strdup(a, tb.buf ? tb.buf : "");
    strbuf_free(&tb);
    /* One guardian per row. */
    const char *gname = cell_of(s, a, cells, n, I_G_NAME);
    if (*gname) {
        if (!utf8_name_ok(gname)) {
            row_error(s, r, I_G_NAME, MSG_NAME_NO_LETTER, "监护人姓名");
            ok = false;
        }
        c->guardians = arena_alloc(a, sizeof *c->guardians);
        c->n_guardians = 1;
        c->guardians[0].name = gname;
        v = cell_of(s, a, cells, n, I_G_RELATION);
        c->guardians[0].relation = *v ? relation_code(v) : "other";
        if (!c->guardians[0].relation) {
            enum_error(s, r, I_G_RELATION, "guardian_relation",
                       "监护人关系");
            ok = false;
        }
        p->guardian_phones = arena_alloc(a, sizeof(char *));
        p->guardian_phones[0] =
            sheet_phone(a, cell_of(s, a, cells, n, I_G_PHONE));
    }
    return check_limits(s, r) && ok;
}

/* A header cell as the names in icols are written: without spaces of
 * either width ("姓  名", aligned by hand), with half-width brackets, and
 * without the "*" of a required column or a trailing colon. */
static const char *header_key(struct arena *a, const char *h)
{
    struct strbuf b;
    strbuf_init(&b);
    for (const char *p = h; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
        } else if (strncmp(p, "\xE3\x80\x80", 3) == 0) { /* U+3000 */
            p += 3;
        } else if (strncmp(p, "\xC2\xA0", 2) == 0) { /* U+00A0 */
            p += 2;
        } else if (strncmp(p, "（", 3) == 0 || strncmp(p, "）", 3) == 0) {
            strbuf_addc(&b, p[2] == '\x88' ? '(' : ')');
            p += 3;
        } else {
            strbuf_addc(&b, *p++);
        }
    }
    while (b.len > 0 && (b.buf[b.len - 1] == '*' || b.buf[b.len - 1] == ':')) {
        b.buf[--b.len] = '\0';
    }
    while (b.len >= 3 && (memcmp(b.buf + b.len - 3, "＊", 3) == 0 ||
                          memcmp(b.buf + b.len - 3, "：", 3) == 0)) {
        b.len -= 3;
        b.buf[b.len] = '\0';
    }
    const char *out = arena_strdup(a, b.buf ? b.buf : "");
    strbuf_free(&b);
    return out;
}

/* The field a header names, or -1. */
static int header_named(const char *key, size_t len)
{
    for (int i = 0; i < I_COUNT && len; i++) {
        for (int j = 0; j < ICOL_NAMES && icols[i].names[j]; j++) {
            if (strlen(icols[i].names[j]) == len &&
                memcmp(key, icols[i].names[j], len) == 0) {
                return i;
            }
        }
    }
    return -1;
}

/* Whether a header's note in brackets only says how to fill the column
 * (身份证号码(18位), 性别(男/女), 出生日期(年月日), 联系电话(本人)):
 * made of these words, digits, Latin letters and separators alone. A
 * note saying whose the column is (家人, 监护人) or what else it holds
 * (农历, 户籍地) leaves the column unread, and listed. */
static bool note_is_format(const char *note)
{
    static const char *const words[] = {
        "位", "男", "女", "是", "否", "必填", "选填", "填写", "格式", "如",
        "例", "年", "月", "日", "本人", "数字", "号码", "周岁", "岁",
        "、", "，", "／", "－", "：", "（", "）"};
    const char *p = note;
    while (*p) {
        if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= 'a' && *p <= 'z') || strchr("()/-.,:; *", *p)) {
            p++;
            continue;
        }
        size_t i = 0, n = sizeof words / sizeof words[0];
        while (i < n && strncmp(p, words[i], strlen(words[i])) != 0) {
            i++;
        }
        if (i == n) {
            return false;
        }
        p += strlen(words[i]);
    }
    return true;
}

/* The field a header names; or, failing that, the field it names before
 * a note in brackets at its end that only says how to fill it
 * (身份证号码(18位), 性别(男/女)). */
static int header_field(const char *key)
{
    size_t len = strlen(key);
    int i = header_named(key, len);
    if (i < 0 && len > 1 && key[len - 1] == ')') {
        const char *open = strrchr(key, '(');
        if (open && open > key && note_is_format(open)) {
            i = header_named(key, (size_t)(open - key));
        }
    }
    return i;
}

/* A column that numbers the rows (序号), which every register has and
 * nobody misses: not listed as ignored. */
static bool row_number_column(const char *key)
{
    static const char *const names[] = {"序号", "编号", "序", "No", "NO",
                                        "No.", "NO."};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(key, names[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* Reads a header row's cells as column names: s->header, s->col and
 * s->col2, and the columns naming no field in the result. Whether it
 * has a 姓名 column; *known counts the columns it names. */
static bool map_header(struct state *s, const char *const *cells, int n,
                       int *known)
{
    struct import_result *res = s->res;
    for (int i = 0; i < I_COUNT; i++) {
        s->col[i] = -1;
        s->col2[i] = -1;
    }
    res->n_ignored = 0;
    bool named = false;
    *known = 0;
    s->n_header = n < XLSX_MAX_COLS ? n : XLSX_MAX_COLS;
    for (int c = 0; c < s->n_header; c++) {
        const char *h = trim(s->x->arena, cells[c]);
        s->header[c] = h;
        const char *key = header_key(s->x->arena, h);
        int i = header_field(key);
        if (i >= 0 && s->col[i] < 0) {
            s->col[i] = c;
            ++*known;
        } else if (i >= 0 && s->col2[i] < 0) {
            s->col2[i] = c;
            ++*known;
        } else if (*h && !row_number_column(key) &&
                   res->n_ignored < IMPORT_MAX_IGNORED) {
            res->ignored[res->n_ignored++] = h;
        }
        named = named || s->col[I_NAME] == c;
    }
    return named;
}

/* A group's label as it prefixes its columns' names: 监护人信息 is
 * 监护人 (监护人信息 over 姓名 is 监护人姓名). */
static const char *group_prefix(struct arena *a, const char *group)
{
    static const char *const tails[] = {"信息", "情况", "资料"};
    const char *key = header_key(a, group);
    size_t len = strlen(key);
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        size_t t = strlen(tails[i]);
        if (len > t && strcmp(key + len - t, tails[i]) == 0) {
            return arena_strndup(a, key, len - t);
        }
    }
    return key;
}

/* Whether a group's columns are the client's own (基本信息 over 姓名,
 * 性别): under any other (紧急联系人, 子女情况) a 姓名 or 电话 is somebody
 * else's. */
static bool own_group(const char *prefix)
{
    static const char *const own[] = {"基本", "个人", "本人", "服务对象",
                                      "对象", "对象基本", "人员", "人员基本",
                                      "服务对象基本"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        if (strcmp(prefix, own[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* The name of a column the row under the header names (sub) in the group
 * the header names above it: the two together when they name a field
 * (监护人 and 电话); the column's own in a group of the client's own
 * (基本信息 and 性别), or with none above it; the group's own for 本人
 * under it (联系方式 over 本人, 家属); else both as written, to be listed
 * as not understood (紧急联系人 电话 is not her phone). */
static const char *sub_column(struct arena *a, const char *group,
                              const char *sub)
{
    const char *prefix = group_prefix(a, group);
    const char *both = arena_printf(a, "%s %s", prefix, sub);
    if (*group && header_field(header_key(a, both)) >= 0) {
        return both;
    }
    if ((!*group || own_group(prefix)) &&
        header_field(header_key(a, sub)) >= 0) {
        return sub;
    }
    if (*group && strcmp(header_key(a, sub), "本人") == 0 &&
        header_field(header_key(a, group)) >= 0) {
        return group;
    }
    return *group ? arena_printf(a, "%s %s", group, sub) : sub;
}

/* A header over two rows, as registers group columns: 监护人 merged
 * across above 姓名, 关系, 电话, its label in the first cell and the others
 * empty; 姓名 and 性别 merged down over both rows. The row under the
 * header is such a row when its 姓名 cell holds nothing of its own, none
 * of its cells holds a digit (a person's row has an ID number, a date or
 * a phone), and it names a field the header did not. Its columns are
 * then named as sub_column() says; any other row is read again as data. */
static void sub_header(struct state *s, struct rows *rows)
{
    long line;
    int n;
    const char *const *cells;
    if (rows_next(rows, &line, &n, &cells) <= 0) {
        rows_again(rows);
        return;
    }
    unsigned long long filled = rows_filled(rows);
    struct arena *a = s->x->arena;
    int m = n > s->n_header ? n : s->n_header;
    m = m < XLSX_MAX_COLS ? m : XLSX_MAX_COLS;
    int name = s->col[I_NAME];
    bool own_name = name < n && !blank(cells[name]) && !(filled >> name & 1);
    const char *names[XLSX_MAX_COLS];
    const char *group = "";
    int adds = 0;
    for (int c = 0; c < m && !own_name; c++) {
        const char *h = c < s->n_header ? s->header[c] : "";
        group = *h ? h : group;
        names[c] = h;
        if (c >= n || blank(cells[c]) || (filled >> c & 1)) {
            continue;
        }
        const char *sub = trim(a, cells[c]);
        if (strpbrk(sub, "0123456789")) {
            own_name = true; /* a person's row, after all */
            break;
        }
        names[c] = sub_column(a, group, sub);
        int f = header_field(header_key(a, names[c]));
        int was = header_field(header_key(a, h));
        adds += f >= 0 && f != was;
    }
    if (own_name || !adds) {
        rows_again(rows);
        return;
    }
    int known;
    map_header(s, names, m, &known);
}

/* The header: the first of the first ten rows with a 姓名 cell (a merged
 * title may sit above it), with the row under it when that names the
 * columns of groups the header names (sub_header). A field named twice
 * (联系电话 and 手机号码) reads the second column where the first is
 * empty; any column past that, or one naming no field, is listed in the
 * result as ignored, so that a sheet whose 身份证 column was not
 * understood does not come in without its ID numbers unsaid. */
static int find_header(struct state *s, struct rows *rows, long *line)
{
    struct import_result *res = s->res;
    /* Without a 姓名 column, the columns not understood are told of the
     * row most like a header (the most columns known), so that she sees
     * which names to change; never of a row that knows none, which may
     * be a client's (her ID number on screen). */
    const char *best[IMPORT_MAX_IGNORED];
    size_t n_best = 0;
    int best_known = 0;
    for (int tries = 0; tries < 10; tries++) {
        int n;
        const char *const *cells;
        int rc = rows_next(rows, line, &n, &cells);
        if (rc <= 0) {
            break;
        }
        int known;
        if (map_header(s, cells, n, &known)) {
            sub_header(s, rows);
            return 0;
        }
        if (known > best_known) {
            best_known = known;
            n_best = res->n_ignored;
            memcpy(best, res->ignored, n_best * sizeof *best);
        }
    }
    res->n_ignored = n_best;
    memcpy(res->ignored, best, n_best * sizeof *best);
    return -1;
}

static int file_error(struct import_result *r, enum msg_id m,
                      const char *detail)
{
    r->msg = m;
    snprintf(r->detail, sizeof r->detail, "%s", detail ? detail : "");
    return -1;
}

/* Why a file cannot be read, as precisely as its bytes tell: an old
 * .xls workbook (an OLE2 file), or a UTF-8 file with a line that is not. */
static void unreadable(struct import_result *r, const char *data, size_t len,
                       const char *err)
{
    static const char ole2[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if (len >= 8 && memcmp(data, ole2, 8) == 0) {
        file_error(r, MSG_IMPORT_XLS, NULL);
        return;
    }
    long line = len >= 2 && memcmp(data, "PK", 2) == 0
                    ? 0
                    : text_bad_utf8_line(data, len);
    if (line > 0) {
        char n[24];
        snprintf(n, sizeof n, "%ld", line);
        file_error(r, MSG_IMPORT_MIXED_TEXT, n);
        return;
    }
    file_error(r, MSG_IMPORT_UNREADABLE, err);
}

/* An update from a file changes what the file says and keeps what it
 * leaves empty. */
static void overlay(struct arena *a, struct client *to,
                    const struct pending *r)
{
    const struct client *c = &r->c;
    const struct client_plain *p = &r->p;
    const char *const *from[] = {
        &c->name, &c->ethnicity, &c->dibao_cert, &c->tekun_cert,
        &c->self_care, &c->living, &c->risk_level, &c->tags, &c->notes,
        &c->lawful_basis, &c->consent_by, &c->consent_method,
        &c->statutory_duty};
    const char **into[] = {
        &to->name, &to->ethnicity, &to->dibao_cert, &to->tekun_cert,
        &to->self_care, &to->living, &to->risk_level, &to->tags, &to->notes,
        &to->lawful_basis, &to->consent_by, &to->consent_method,
        &to->statutory_duty};
    for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
        if (*from[i] && **from[i]) {
            *into[i] = *from[i];
        }
    }
    to->name_pinyin = c->name_pinyin;
    to->name_initials = c->name_initials;
    to->name_sort = c->name_sort;
    to->station_id = c->station_id;
    if (c->village_code) {
        to->village_code = c->village_code;
    }
    if (c->worker_id && !r->worker_mine) {
        to->worker_id = c->worker_id;
    }
    if (c->consent_on) {
        to->consent_on = c->consent_on;
    }
    /* The status only from a 状态 cell; its reason and day, when their
     * cells are empty, are the record's if she keeps her status, else
     * none (judge_reason has refused a new status without a reason). */
    if (r->status_given) {
        bool same = strcmp(to->status, c->status) == 0;
        if (c->status_on || !same) {
            to->status_on = c->status_on;
        }
        if (*c->status_reason || !same) {
            to->status_reason = c->status_reason;
        }
        to->status = c->status;
    }
    if (p->phone && *p->phone) {
        to->phone = c->phone;
    }
    if (p->address && *p->address) {
        to->address = c->address;
    }
    if (p->hukou_address && *p->hukou_address) {
        to->hukou_address = c->hukou_address;
    }
    /* The file's categories join the record's history: one she holds
     * now is kept as it is; one whose last period ended on or after the
     * file's date runs on from that period (the latest, so that no two
     * periods come to share days); any other starts on the file's date.
     * Nothing of the history is dropped: the figures of past months
     * count the category a person had on the day of each service. */
    if (c->n_categories) {
        struct client_category *all = arena_alloc(
            a, sizeof *all * (to->n_categories + c->n_categories));
        if (to->n_categories) {
            memcpy(all, to->categories, sizeof *all * to->n_categories);
        }
        size_t n = to->n_categories;
        for (size_t i = 0; i < c->n_categories; i++) {
            const struct client_category *k = &c->categories[i];
            struct client_category *held = NULL;
            for (size_t j = 0; j < n; j++) {
                if (strcmp(all[j].code, k->code) == 0 &&
                    (!all[j].ended_on || client_periods_overlap(&all[j], k)) &&
                    (!held ||
                     strcmp(all[j].started_on, held->started_on) > 0)) {
                    held = &all[j];
                }
            }
            if (!held) {
                all[n++] = *k;
            } else if (held->ended_on) {
                held->ended_on = k->ended_on; /* the file's: still */
            }
        }
        to->categories = all;
        to->n_categories = n;
    }
    if (c->n_guardians) {
        to->guardians = c->guardians;
        to->n_guardians = c->n_guardians;
    }
}

/* Whether the row has an error about this column (or about the row). */
static bool named_column(const struct pending *r, int icol)
{
    for (const struct row_error *e = r->errors; e; e = e->next) {
        if (e->icol == icol || e->icol < 0 || icol < 0) {
            return true;
        }
    }
    return false;
}

/* A failed rule's label; the 同意人 that is not the row's guardian named
 * with it, as the report names a worker it does not find. */
static const char *consent_label(struct state *s, struct pending *r,
                                 const struct client_fail *fail)
{
    bool en = s->o->lang == LANG_EN;
    if (fail->msg != MSG_CONSENT_NOT_GUARDIAN) {
        return en ? fail->label_en : fail->label_zh;
    }
    return arena_printf(r->a, en ? "Consent given by \"%s\"" : "同意人「%s」",
                        r->c.consent_by);
}

/* Reads and checks a row into the batch; on the checking thread. */
static int check_row(struct state *s, struct batch *b, long line,
                     const char *const *cells, int n)
{
    const struct client_ctx *x = s->x;
    struct pending *r = &b->rows[b->n++];
    memset(r, 0, sizeof *r);
    r->line = line;
    r->same = MSG_COUNT_;
    r->a = arena_new(4096);
    r->last_error = &r->errors;
    struct client_ctx rx = *x;
    rx.db = s->check_db;
    rx.arena = r->a;
    rx.memo = s->memo;
    rx.status_day_unknown = true;
    rx.status_reason_later = s->o->dup == IMPORT_DUP_UPDATE;
    r->c.created_by = x->user_id;
    r->ok = read_row(s, r, cells, n);
    /* The rules run on a row with bad cells too, so that the report names
     * a wrong ID number beside a wrong phone at once; a rule's error about
     * a column already named (a cell left empty because it could not be
     * read) adds nothing. */
    struct client_fail fail;
    memset(&fail, 0, sizeof fail);
    if (client_service_validate(&rx, NULL, &r->c, &r->p, &fail)) {
        if (fail.status >= 500) {
            return fail.db_rc ? fail.db_rc : DB_ERROR;
        }
        int icol = icol_of_field(fail.field);
        if (fail.msg == MSG_CONSENT_NOT_GUARDIAN && !r->c.n_guardians &&
            s->o->dup == IMPORT_DUP_UPDATE) {
            /* The rule ran last: the row is otherwise valid. Without a
             * guardian of its own it keeps the record's, if it updates
             * one: known only when settled. */
            r->consent_later = true;
        } else {
            if (r->ok || !named_column(r, icol)) {
                char text[512]; /* a category's age limit names it */
                import_msg(s, fail.msg, consent_label(s, r, &fail), text,
                           sizeof text);
                row_error_text(r, icol, text);
            }
            int also = fail.also_field ? icol_of_field(fail.also_field) : -1;
            if (fail.also_field && (r->ok || !named_column(r, also))) {
                row_error(s, r, also, fail.also_msg,
                          s->o->lang == LANG_EN ? fail.also_label_en
                                                : fail.also_label_zh);
            }
            r->ok = false;
        }
    }
    r->reason_later = r->ok && r->status_given &&
                      strcmp(r->c.status, "active") != 0 &&
                      !*r->c.status_reason;
    long first = r->ok && r->c.id_number.blind
                     ? seen_before(s, r->c.id_number.blind, r->line)
                     : 0;
    if (first) {
        char at[24];
        snprintf(at, sizeof at, "%ld", first);
        row_error(s, r, I_ID, MSG_IMPORT_DUP_IN_FILE, at);
        r->ok = false;
    }
    if (r->ok) {
        file_person(s, r);
        int rc = county_check(s, r);
        if (rc != DB_OK) {
            return rc;
        }
    }
    return DB_OK;
}

/* Who in the register has the batch's ID numbers: one question, asked
 * while checking. The register as it was before the import is enough:
 * a number this file has already registered is one seen_before() has
 * refused. On SQLite nobody else writes while the import holds the
 * lock; on PostgreSQL a client another session registers meanwhile under
 * the same number makes the insert fail and the import roll back, as it
 * could between the question and the insert before. */
static int find_registered(struct state *s, struct batch *b)
{
    const char *blinds[CLIENT_FIND_BATCH];
    struct pending *of[CLIENT_FIND_BATCH];
    int64_t ids[CLIENT_FIND_BATCH];
    bool visible[CLIENT_FIND_BATCH];
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (b->rows[i].ok && b->rows[i].c.id_number.blind) {
            of[n] = &b->rows[i];
            blinds[n++] = b->rows[i].c.id_number.blind;
        }
    }
    int rc = n ? client_store_find_id_numbers(s->check_db, s->x->scope,
                                              blinds, n, ids, visible)
               : DB_OK;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        of[i]->existing = ids[i];
        of[i]->visible = visible[i];
    }
    return rc;
}

/* Whether a cell begins with a word of a register's foot (spaces of
 * either width before it allowed). */
static bool footer_word(const char *v)
{
    static const char *const starts[] = {
        "合计", "总计", "小计", "制表", "填表", "填报", "审核", "统计人",
        "负责人", "单位负责人", "经办人"};
    while (*v == ' ' || strncmp(v, "\xE3\x80\x80", 3) == 0) {
        v += *v == ' ' ? 1 : 3;
    }
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        if (strncmp(v, starts[i], strlen(starts[i])) == 0) {
            return true;
        }
    }
    return false;
}

/* A register's foot, below its last person: 合计 (totals), 制表人 and
 * 审核人 (who made and checked it), 填报日期. Its first cell says so and
 * it has no ID number — its ID number's column may hold a word of the
 * foot too (制表人 in the first column, 审核人 under the ID numbers). It
 * is counted apart, not reported as a bad row. */
static bool footer_row(struct state *s, const char *const *cells, int n)
{
    int id = s->col[I_ID];
    if (id >= 0 && id < n && !blank(cells[id]) && !footer_word(cells[id])) {
        return false;
    }
    for (int c = 0; c < n; c++) {
        if (!blank(cells[c])) {
            return footer_word(cells[c]);
        }
    }
    return false;
}

/* Whether every column the file's header names for sgz is blank, or
 * holds only a value merged down from the row above (filled, bit c for
 * cell c): a row numbered ahead (序号 alone, as stations prepare their
 * sheets, perhaps under a 所属村 merged over the village's rows) is no
 * person, as an empty row is none. */
static bool nothing_to_read(const struct state *s, const char *const *cells,
                            int n, unsigned long long filled)
{
    for (int i = 0; i < I_COUNT; i++) {
        int cols[2] = {s->col[i], s->col2[i]};
        for (int k = 0; k < 2; k++) {
            int c = cols[k];
            if (c >= 0 && c < n && !blank(cells[c]) &&
                !(c < 64 && (filled >> c) & 1)) {
                return false;
            }
        }
    }
    return true;
}

/* Whether the row repeats the header (a register printed with its header
 * on every page, or the second row of a header of two, its cells merged
 * down): its name's cell is the header's own. */
static bool header_again(const struct state *s, const char *const *cells,
                         int n)
{
    int c = s->col[I_NAME];
    if (c < 0 || c >= n || blank(cells[c])) {
        return false;
    }
    size_t len;
    const char *v = utf8_trim(cells[c], &len);
    return strlen(s->header[c]) == len && memcmp(v, s->header[c], len) == 0;
}

/* Reads the file's next rows into b, checked, up to a batch. */
static void read_batch(struct state *s, struct batch *b)
{
    b->n = b->counted = b->footers = 0;
    b->end = BATCH_MORE;
    while (b->n < IMPORT_BATCH) {
        long line;
        int n;
        const char *const *cells;
        int got = rows_next(s->rows, &line, &n, &cells);
        if (got == 0) {
            b->end = BATCH_EOF;
            return;
        }
        if (got < 0) { /* a CSV that lost its quoting cannot be read on */
            b->end = BATCH_BROKEN;
            b->line = line;
            return;
        }
        bool empty = true;
        for (int c = 0; c < n && empty; c++) {
            empty = blank(cells[c]);
        }
        if (empty) {
            continue;
        }
        if (footer_row(s, cells, n)) {
            b->footers++;
            continue;
        }
        if (nothing_to_read(s, cells, n, rows_filled(s->rows)) ||
            header_again(s, cells, n)) {
            continue;
        }
        if (++s->rows_read > IMPORT_MAX_ROWS) {
            b->end = BATCH_TOO_MANY;
            return;
        }
        b->counted++;
        int rc = check_row(s, b, line, cells, n);
        if (rc != DB_OK) {
            b->end = BATCH_FAILED;
            b->rc = rc;
            return;
        }
    }
}

/* A batch read, and its ID numbers looked up. */
static void fill_batch(struct state *s, struct batch *b)
{
    read_batch(s, b);
    if (b->end != BATCH_FAILED) {
        int rc = find_registered(s, b);
        if (rc != DB_OK) {
            b->end = BATCH_FAILED;
            b->rc = rc;
        }
    }
}

static void free_rows(struct batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        arena_free(b->rows[i].a);
    }
    b->n = 0;
}

/* The checking thread: fills batches while the writer writes, until the
 * file ends or the writer stops. */
static void *checker(void *arg)
{
    struct state *s = arg;
    struct pipe *p = &s->pipe;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (!p->stop && p->filled - p->taken == PIPE_DEPTH) {
            pthread_cond_wait(&p->changed, &p->lock);
        }
        bool stop = p->stop;
        struct batch *b = p->b[p->filled % PIPE_DEPTH];
        pthread_mutex_unlock(&p->lock);
        if (stop) {
            return NULL;
        }
        fill_batch(s, b);
        pthread_mutex_lock(&p->lock);
        p->filled++;
        pthread_cond_signal(&p->changed);
        pthread_mutex_unlock(&p->lock);
        if (b->end != BATCH_MORE) {
            return NULL;
        }
    }
}

/* The writer's next batch: from the checking thread, or read here. */
static struct batch *next_batch(struct state *s)
{
    struct pipe *p = &s->pipe;
    if (!p->threaded) {
        fill_batch(s, p->b[0]);
        return p->b[0];
    }
    pthread_mutex_lock(&p->lock);
    while (p->taken == p->filled) {
        pthread_cond_wait(&p->changed, &p->lock);
    }
    struct batch *b = p->b[p->taken % PIPE_DEPTH];
    pthread_mutex_unlock(&p->lock);
    return b;
}

static void done_with(struct state *s, struct batch *b)
{
    struct pipe *p = &s->pipe;
    free_rows(b);
    if (p->threaded) {
        pthread_mutex_lock(&p->lock);
        p->taken++;
        pthread_cond_signal(&p->changed);
        pthread_mutex_unlock(&p->lock);
    }
}

/* A second connection for checking, when the file is more than a batch:
 * opened before the import takes the write lock. */
static void open_checker(struct state *s, size_t total)
{
    char err[300];
    s->check_db = s->x->db;
    if (!s->o->db_url || total <= IMPORT_BATCH) {
        return;
    }
    if (db_open(s->o->db_url, false, &s->check_db, err, sizeof err) !=
        DB_OK) {
        log_warn("import: checking on the writing thread: %s", err);
        s->check_db = s->x->db;
    }
}

/* Checks on the second connection and thread while this one writes.
 * Started once the import holds the write lock: on SQLite the register
 * the checker asks about ID numbers cannot change under it after that. */
static void start_checker(struct state *s)
{
    struct pipe *p = &s->pipe;
    if (s->check_db == s->x->db) {
        return;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    if (pthread_create(&p->thread, NULL, checker, s) != 0) {
        pthread_cond_destroy(&p->changed);
        pthread_mutex_destroy(&p->lock);
        return; /* checked here; stop_checker closes the connection */
    }
    p->threaded = true;
}

/* Stops the checking thread (it finishes the batch it is reading), and
 * frees the batches it filled that were not written. */
static void stop_checker(struct state *s)
{
    struct pipe *p = &s->pipe;
    if (p->threaded) {
        pthread_mutex_lock(&p->lock);
        p->stop = true;
        pthread_cond_signal(&p->changed);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->thread, NULL);
        for (; p->taken < p->filled; p->taken++) {
            free_rows(p->b[p->taken % PIPE_DEPTH]);
        }
        pthread_cond_destroy(&p->changed);
        pthread_mutex_destroy(&p->lock);
        p->threaded = false;
    }
    if (s->check_db != s->x->db) {
        db_close(s->check_db);
    }
    s->check_db = s->x->db;
}

/* Without an ID number, the same name and birth date (or phone) at the
 * station is the same person: run the file twice and nobody is
 * registered twice. An earlier row of the file first (the dry run has
 * not written it, the import has: both must find it), then the
 * register. *dup when it is somebody; the row is an error when the
 * import stops at duplicates. */
static int same_person(struct state *s, struct pending *r, bool *dup)
{
    const struct client_ctx *x = s->x;
    const char *who;
    enum msg_id m;
    if (r->twin && r->twin->ok) {
        r->existing = r->twin->id;
        m = MSG_IMPORT_SAME_IN_FILE;
        who = arena_printf(r->a, "%ld", r->twin->line);
    } else {
        struct client *like;
        size_t nl;
        int rc = client_store_similar(x->db, r->a, x->scope, r->c.name,
                                      r->c.birth_date, r->c.phone.blind, 0,
                                      &like, &nl, 2);
        if (rc != DB_OK) {
            return rc;
        }
        if (nl != 1 || like[0].station_id != r->c.station_id) {
            return DB_OK;
        }
        r->existing = like[0].id;
        m = MSG_IMPORT_SAME_REGISTERED;
        who = arena_printf(r->a, "%s (#%lld)", like[0].name,
                           (long long)like[0].id);
    }
    *dup = true;
    r->same = m;
    r->same_who = who;
    if (s->o->dup == IMPORT_DUP_STOP) {
        add_duplicate(s, r->line, r->c.name, I_NAME, m, who);
        r->ok = false;
    }
    return DB_OK;
}

/* A row whose ID number is a client's, to update her: refused when it
 * names somebody else. An ID number mistyped by a digit is another
 * person's; the update would have renamed her and given her this row's
 * phone and address. *before is her record, read for the update. */
static int check_update_name(struct state *s, struct pending *r,
                             struct client *before)
{
    const struct client_ctx *x = s->x;
    int rc = client_store_get(x->db, r->a, x->scope, r->existing, before);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_ERROR : rc;
    }
    if (!utf8_same_name(before->name, r->c.name)) {
        add_error_msg(s, r->line, r->c.name, I_ID, MSG_IMPORT_ID_OTHER_NAME,
                      arena_printf(r->a, "%s (#%lld)", before->name,
                                   (long long)r->existing));
        r->ok = false;
    }
    return DB_OK;
}

/* The same for a row to be skipped, on the name alone: skipped quietly,
 * a row naming someone else under the ID number would never register
 * its person (a mistyped ID number, as in an update). */
static int check_skipped_name(struct state *s, struct pending *r)
{
    const char *name;
    int rc = client_store_visible(s->x->db, s->x->scope, r->existing, &name,
                                  r->a);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_ERROR : rc;
    }
    if (!utf8_same_name(name, r->c.name)) {
        add_error_msg(s, r->line, r->c.name, I_ID, MSG_IMPORT_ID_OTHER_NAME,
                      arena_printf(r->a, "%s (#%lld)", name,
                                   (long long)r->existing));
        r->ok = false;
    }
    return DB_OK;
}

/* The record a row updates, read once into *before. */
static int read_before(struct state *s, struct pending *r,
                       struct client *before, bool *have_before)
{
    if (*have_before) {
        return DB_OK;
    }
    int rc = client_store_get(s->x->db, r->a, s->x->scope, r->existing,
                              before);
    if (rc != DB_ROW) {
        return rc == DB_DONE ? DB_ERROR : rc;
    }
    *have_before = true;
    return DB_OK;
}

/* The person of the file a row is, for what the file has made of her
 * so far: the earlier row she is (without an ID number), else the
 * person of the registered client the row updates, when an earlier row
 * of the file was she; NULL when none. On the writer. */
static struct file_person *kin_of(struct state *s, const struct pending *r)
{
    if (r->twin && r->twin->ok) {
        return r->twin;
    }
    return r->existing
               ? person_of(&s->settled, (uint64_t)r->existing, NULL)
               : NULL;
}

/* What a valid row, inserted or updating, leaves of her for her later
 * rows: her registered id's person, and the status it gave her. */
static void note_settled(struct state *s, const struct pending *r)
{
    struct file_person *p = kin_of(s, r);
    if (!p && !(p = r->self)) {
        return;
    }
    if (r->existing) {
        person_of(&s->settled, (uint64_t)r->existing, p);
    }
    if (r->status_given) {
        bool dead = strcmp(r->c.status, "deceased") == 0;
        p->settled = true;
        p->status = r->c.status;
        p->has_reason = *r->c.status_reason || r->reason_later;
        p->died_on_line = !dead ? 0 : p->died_on_line ? p->died_on_line
                                                     : r->line;
    }
}

/* A row that would give one who died another status, by her ID number
 * or as the same person without one: refused, whether the register
 * says she died or an earlier row of the file (said alike by the dry
 * run, which has not written that row). A sheet made before her death,
 * imported again, must not bring her back; a death entered by mistake
 * is undone on her page. */
static int check_update_status(struct state *s, struct pending *r,
                               struct client *before, bool *have_before)
{
    if (strcmp(r->c.status, "deceased") == 0) {
        return DB_OK;
    }
    const struct file_person *kin = kin_of(s, r);
    if (kin && kin->died_on_line) {
        char at[24];
        snprintf(at, sizeof at, "%ld", kin->died_on_line);
        add_error_msg(s, r->line, r->c.name, I_STATUS,
                      MSG_IMPORT_DEATH_IN_FILE, at);
        r->ok = false;
        return DB_OK;
    }
    if ((kin && kin->settled) || !r->existing) {
        return DB_OK;
    }
    int rc = read_before(s, r, before, have_before);
    if (rc != DB_OK) {
        return rc;
    }
    if (strcmp(before->status, "deceased") == 0) {
        add_error_msg(s, r->line, r->c.name, I_STATUS, MSG_IMPORT_DEATH_KEPT,
                      arena_printf(r->a, "%s (#%lld)", before->name,
                                   (long long)r->existing));
        r->ok = false;
    }
    return DB_OK;
}

/* Whether a record, as an update leaves it, is sensitive: the marks of
 * the categories a file gives her are the dictionary's (a row's carry
 * none). */
static bool sensitive_record(const struct state *s, const struct client *c)
{
    if (client_service_sensitive(c, s->x->today)) {
        return true;
    }
    const char *day = client_age_day(c, s->x->today);
    for (size_t i = 0; i < c->n_categories; i++) {
        for (size_t j = 0; client_category_current(&c->categories[i], day) &&
                           j < s->n_cats;
             j++) {
            if (s->cats[j].sensitive &&
                strcmp(s->cats[j].code, c->categories[i].code) == 0) {
                return true;
            }
        }
    }
    return false;
}

/* A row that is a client already, updated with the file's non-empty
 * cells; the update is audited as an edit is, naming the file. known:
 * her record when already read, or NULL. */
static int update_row(struct state *s, struct pending *r,
                      const struct client *known)
{
    const struct client_ctx *x = s->x;
    struct client before;
    if (known) {
        before = *known;
    } else {
        int rc = client_store_get(x->db, r->a, x->scope, r->existing,
                                  &before);
        if (rc != DB_ROW) {
            return rc == DB_DONE ? DB_ERROR : rc;
        }
    }
    struct client after = before; /* overlay shares, never changes, before's */
    overlay(r->a, &after, r);
    struct client_ctx rx = *x;
    rx.arena = r->a;
    /* The file says what the record says: nothing to write or to put in
     * her history; counted with the duplicates skipped. */
    if (client_service_same_as(&rx, &before, &after, &r->p)) {
        s->res->skipped++;
        add_known(s, r, IMPORT_UNCHANGED, NULL);
        return DB_OK;
    }
    s->res->updated++;
    /* What changes, but not of a sensitive record: its values are told
     * only by a read that leaves an audit row, which a report is not. */
    bool tell = s->res->n_known < IMPORT_MAX_ERRORS &&
                !sensitive_record(s, &after);
    add_known(s, r, IMPORT_UPDATED,
              tell ? client_service_change_text(&rx, s->cats, s->n_cats,
                                                &before, &after,
                                                s->o->lang == LANG_EN)
                   : NULL);
    warn_row(s, r);
    int64_t later = 0;
    int rc = r->status_given
                 ? client_service_records_after_status(&rx, &after, &later)
                 : DB_OK;
    if (rc != DB_OK) {
        return rc;
    }
    if (later > 0) {
        add_warning(s, r, I_STATUS_ON, MSG_STATUS_BEFORE_SERVICES,
                    arena_printf(r->a, "%lld", (long long)later));
    }
    if (s->o->dry_run) {
        return DB_OK;
    }
    rc = client_store_update(x->db, &after, before.version, cn_now());
    if (rc == DB_OK) {
        rc = client_service_audit_import(&rx, &before, &after, s->res->sha256);
    }
    return rc == DB_DONE ? DB_ERROR : rc;
}

/* A row with a status but no reason (reason_later), in an update: the
 * reason stands of the status she keeps, as the file has left her so
 * far (judged alike by the dry run, which has not written its earlier
 * rows) or as the register has her. A new client, or a new status,
 * needs its reason, as on the form. */
static int judge_reason(struct state *s, struct pending *r, bool dup,
                        struct client *before, bool *have_before)
{
    const struct file_person *kin = dup ? kin_of(s, r) : NULL;
    const char *status = NULL;
    bool has_reason = false;
    if (kin && kin->settled) {
        status = kin->status;
        has_reason = kin->has_reason;
    } else if (dup && r->existing) {
        int rc = read_before(s, r, before, have_before);
        if (rc != DB_OK) {
            return rc;
        }
        status = before->status;
        has_reason = *before->status_reason;
    }
    if (!status || !has_reason || strcmp(status, r->c.status) != 0) {
        add_error_msg(s, r->line, r->c.name, I_STATUS_REASON,
                      MSG_STATUS_REASON,
                      s->o->lang == LANG_EN ? "status reason" : "状态原因");
        r->ok = false;
    }
    return DB_OK; /* overlay keeps the record's reason */
}

/* A row whose 同意人 was left to judge (consent_later): an update keeps
 * the guardians of the record it updates, and its 同意人 must be one of
 * them; a row registered anew has none to name. A dry run has no record
 * yet for the twin of a row it would have written: that row's guardian
 * stands for it. *before is read here when not yet (*have_before). */
static int judge_consent(struct state *s, struct pending *r, bool dup,
                         struct client *before, bool *have_before)
{
    const struct client_ctx *x = s->x;
    struct client c = r->c;
    struct client_guardian twin = {0};
    if (dup && r->existing) {
        int rc = read_before(s, r, before, have_before);
        if (rc != DB_OK) {
            return rc;
        }
        c.guardians = before->guardians;
        c.n_guardians = before->n_guardians;
    } else if (dup && r->twin && r->twin->guardian) {
        twin.name = r->twin->guardian;
        c.guardians = &twin;
        c.n_guardians = 1;
    }
    struct client_ctx rx = *x;
    rx.arena = r->a;
    struct client_fail fail;
    memset(&fail, 0, sizeof fail);
    if (client_service_check_consent(&rx, NULL, &c, &fail)) {
        add_error_msg(s, r->line, r->c.name, I_CONSENT_BY, fail.msg,
                      consent_label(s, r, &fail));
        r->ok = false;
    }
    return DB_OK;
}

/* What a checked row becomes: an error, a row skipped, an update (done
 * here) or an insert (*insert, left to the caller). */
static int settle_row(struct state *s, struct pending *r, bool *insert)
{
    struct import_result *res = s->res;
    struct client before;
    bool have_before = false;
    *insert = false;
    for (const struct row_error *e = r->errors; e; e = e->next) {
        add_error(s, r->line, r->c.name, e->icol, e->msg);
    }
    if (r->ok && r->existing && !r->visible) {
        add_error_msg(s, r->line, r->c.name, I_ID, MSG_ID_TAKEN_ELSEWHERE,
                      NULL);
        r->ok = false;
    } else if (r->ok && r->existing && s->o->dup == IMPORT_DUP_STOP) {
        struct client_ctx rx = *s->x;
        rx.arena = r->a;
        add_duplicate(s, r->line, r->c.name, I_ID, MSG_ID_TAKEN,
                      client_service_named(&rx, r->existing));
        r->ok = false;
    } else if (r->ok && r->existing && s->o->dup == IMPORT_DUP_SKIP) {
        int rc = check_skipped_name(s, r);
        if (rc != DB_OK) {
            return rc;
        }
    } else if (r->ok && r->existing && s->o->dup == IMPORT_DUP_UPDATE) {
        int rc = check_update_name(s, r, &before);
        if (rc != DB_OK) {
            return rc;
        }
        have_before = r->ok;
    }
    bool dup = r->ok && r->existing;
    if (r->ok && !r->c.id_number.blind) {
        int rc = same_person(s, r, &dup);
        if (rc != DB_OK) {
            return rc;
        }
    }
    if (r->ok && r->consent_later) {
        int rc = judge_consent(s, r, dup, &before, &have_before);
        if (rc != DB_OK) {
            return rc;
        }
    }
    if (r->ok && dup && r->status_given && s->o->dup == IMPORT_DUP_UPDATE) {
        int rc = check_update_status(s, r, &before, &have_before);
        if (rc != DB_OK) {
            return rc;
        }
    }
    if (r->ok && r->reason_later) {
        int rc = judge_reason(s, r, dup, &before, &have_before);
        if (rc != DB_OK) {
            return rc;
        }
    }
    if (r->self) { /* what a later row of the same person will be */
        r->self->ok = r->ok;
        r->self->id = r->existing;
    }
    if (!r->ok) {
        res->bad++;
        return DB_OK;
    }
    res->valid++;
    if (dup && s->o->dup == IMPORT_DUP_SKIP) {
        res->skipped++;
        add_known(s, r, IMPORT_SKIPPED, NULL);
        return DB_OK;
    }
    note_settled(s, r);
    if (!dup) {
        res->inserted++;
        res->categories_today += r->categories_today;
        warn_row(s, r);
        *insert = !s->o->dry_run;
        return DB_OK;
    }
    /* An update: the file's values over the record's. A dry run has no
     * record yet for the twin of a row it would have written. */
    if (!r->existing) {
        res->updated++;
        add_known(s, r, IMPORT_UPDATED, NULL);
        warn_row(s, r);
        return DB_OK;
    }
    return update_row(s, r, have_before ? &before : NULL);
}

/* Settles the batch's rows in file order and writes them; the new ones
 * under ids reserved for them, their next visits kept in one go. */
static int write_batch(struct state *s, struct batch *b)
{
    struct db *db = s->x->db;
    int64_t ids[IMPORT_BATCH];
    size_t n_new = 0, n_ids = 0;
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < b->n; i++) {
        bool insert;
        rc = settle_row(s, &b->rows[i], &insert);
        if (rc != DB_OK || !insert) {
            continue;
        }
        if (n_new == n_ids) { /* for this row and the rest of the batch */
            n_ids = n_new + (b->n - i);
            rc = client_store_reserve_ids(db, n_ids - n_new, ids + n_new);
        }
        if (rc == DB_OK) {
            rc = client_store_insert_later(db, &b->rows[i].c, ids[n_new],
                                           cn_now());
            if (b->rows[i].self) {
                b->rows[i].self->id = ids[n_new];
            }
            n_new++;
        }
    }
    if (rc == DB_OK) {
        rc = visit_due_store_refresh_new(db, ids, n_new);
    }
    return rc;
}

/* Writes the batch and acts on how its reading ended; DB_OK and *more
 * when the file goes on. */
static int take_batch(struct state *s, struct batch *b, size_t total,
                      bool *more)
{
    struct import_result *res = s->res;
    const struct import_opts *o = s->o;
    size_t before = res->rows;
    res->rows += b->counted;
    res->footer_rows += b->footers;
    *more = false;
    if (b->end == BATCH_FAILED) {
        return b->rc;
    }
    int rc = write_batch(s, b);
    if (rc != DB_OK) {
        return rc;
    }
    bool goes_on = false;
    switch (b->end) {
    case BATCH_MORE:
        goes_on = true;
        break;
    case BATCH_BROKEN:
        add_error_msg(s, b->line, NULL, -1, MSG_IMPORT_BAD_ROW, NULL);
        res->bad++;
        break;
    case BATCH_TOO_MANY:
        file_error(res, MSG_IMPORT_TOO_MANY, NULL);
        return DB_ERROR;
    default:
        break;
    }
    if (goes_on && res->rows / 1000 != before / 1000) {
        if (o->progress) {
            o->progress(o->ud, res->rows, total);
        }
        if (o->cancelled && o->cancelled(o->ud)) {
            file_error(res, MSG_IMPORT_CANCELLED, NULL);
            return DB_ERROR;
        }
    }
    *more = goes_on;
    return DB_OK;
}

/* The worksheet of an .xlsx to read: the one named, else the first with
 * a header among its first rows (a workbook may open on a sheet of
 * instructions or totals); the others are looked at, so that the worker
 * hears which of them hold a register too. */
static int pick_sheet(struct state *s, struct rows *rows)
{
    struct import_result *res = s->res;
    size_t n = rows_sheets(rows);
    if (!n) { /* a CSV: one table */
        return s->o->sheet ? file_error(res, MSG_IMPORT_SHEET_CSV, NULL) : 0;
    }
    res->sheets = arena_alloc(s->x->arena, n * sizeof *res->sheets);
    res->n_sheets = n;
    size_t chosen = n, alike = n;
    for (size_t i = 0; i < n; i++) {
        res->sheets[i].name = arena_strdup(s->x->arena,
                                           rows_sheet_name(rows, i));
        res->sheets[i].has_header = false;
        if (s->o->sheet && chosen == n &&
            strcmp(s->o->sheet, res->sheets[i].name) == 0) {
            chosen = i;
        }
        /* Sheet2 typed sheet2: Excel's names ignore case. */
        if (s->o->sheet && alike == n &&
            strcasecmp(s->o->sheet, res->sheets[i].name) == 0) {
            alike = i;
        }
    }
    chosen = chosen == n ? alike : chosen;
    bool named = s->o->sheet != NULL;
    for (size_t i = 0; n > 1 && i < n; i++) {
        struct rows head;
        char err[200];
        long line;
        if (rows_sheet_head(rows, i, 10, &head, err, sizeof err) == 0) {
            res->sheets[i].has_header = find_header(s, &head, &line) == 0;
        }
        rows_close(&head);
        if (!named && chosen == n && res->sheets[i].has_header) {
            chosen = i;
        }
    }
    /* Refused with the sheets there are, to choose from (the columns of
     * the last one looked at are nobody's). */
    if (named && chosen == n) {
        res->n_ignored = 0;
        return file_error(res, MSG_IMPORT_NO_SHEET, s->o->sheet);
    }
    chosen = chosen == n ? 0 : chosen;
    res->sheet = res->sheets[chosen].name;
    char err[200];
    if (rows_use_sheet(rows, chosen, err, sizeof err) != 0) {
        return file_error(res, MSG_IMPORT_UNREADABLE, err);
    }
    return 0;
}

static int audit_import(struct state *s)
{
    const struct import_result *r = s->res;
    struct strbuf sb;
    strbuf_init(&sb);
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "sha256", r->sha256);
    jsonw_kstr(&w, "format", r->format);
    if (r->sheet) {
        jsonw_kstr(&w, "sheet", r->sheet);
    }
    jsonw_kint(&w, "rows", (int64_t)r->rows);
    jsonw_kint(&w, "inserted", (int64_t)r->inserted);
    jsonw_kint(&w, "updated", (int64_t)r->updated);
    jsonw_kint(&w, "skipped", (int64_t)r->skipped);
    jsonw_kint(&w, "bad", (int64_t)r->bad);
    jsonw_obj_close(&w);
    struct audit_entry e = {
        .actor = s->x->who.name,
        .address = s->x->who.address,
        .action = "client.import",
        .entity = "client",
        .entity_id = "",
        .detail = sb.buf,
    };
    int rc = audit_append(s->x->db, &e);
    strbuf_free(&sb);
    return rc;
}

int client_import(const struct client_ctx *x, const char *data, size_t len,
                  const struct import_opts *o, struct import_result *res)
{
    memset(res, 0, sizeof *res);
    res->msg = MSG_COUNT_;
    res->db_rc = DB_OK;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)data, len);
    sodium_bin2hex(res->sha256, sizeof res->sha256, h, sizeof h);
    res->errors = arena_alloc(x->arena,
                              sizeof *res->errors * IMPORT_MAX_ERRORS);
    res->known = arena_alloc(x->arena, sizeof *res->known * IMPORT_MAX_ERRORS);
    if (len == 0) {
        return file_error(res, MSG_IMPORT_EMPTY, NULL);
    }
    struct state *s = xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    struct client_bulk bulk;
    memset(&bulk, 0, sizeof bulk);
    s->x = x;
    s->o = o;
    s->res = res;
    crypto_shorthash_keygen(s->people_key);
    struct rows *rows = xmalloc(sizeof *rows);
    char err[200];
    int ret = -1;
    if (rows_open(rows, data, len, IMPORT_MAX_ROWS + 20, err, sizeof err) !=
        0) {
        unreadable(res, data, len, err);
        free(rows);
        free(s);
        return -1;
    }
    res->format = rows->format;
    res->encoding = rows->encoding;
    long line;
    int rc = DB_OK;
    if (pick_sheet(s, rows) != 0) {
        goto out;
    }
    if (find_header(s, rows, &line) != 0) {
        if (res->n_sheets > 1 && !o->sheet) {
            char n[24];
            snprintf(n, sizeof n, "%zu", res->n_sheets);
            file_error(res, MSG_IMPORT_HEADER_SHEETS, n);
        } else {
            file_error(res, MSG_IMPORT_HEADER, NULL);
        }
        goto out;
    }
    if (res->n_sheets) {
        res->sheets[rows_sheet(rows)].has_header = true;
    }
    if (s->col[I_STATION] < 0 && !o->station_id) {
        file_error(res, MSG_IMPORT_NO_STATION, NULL);
        goto out;
    }
    rc = load_stations(s);
    if (rc == DB_OK) {
        rc = dictionary_store_list(x->db, x->arena, "client_category",
                                   &s->cats, &s->n_cats);
    }
    if (rc == DB_OK && o->station_id && !station_by(s, o->station_id, NULL)) {
        file_error(res, MSG_STATION_OUT_OF_RANGE,
                   o->lang == LANG_EN ? "Station" : icols[I_STATION].names[0]);
        goto out;
    }
    /* The rows, counted first so that progress has a total. */
    size_t total = 0;
    if (strcmp(rows->format, "xlsx") == 0) {
        total = rows->xlsx.nrows - rows->at;
    } else {
        for (const char *p = rows->csv.p; p < rows->csv.end; p++) {
            total += *p == '\n';
        }
    }
    /* A large import's transaction outgrows SQLite's default page cache
     * (2 MB), which then spills pages to the log row after row: give this
     * connection room for the indexes being written (up to 256 MB, used
     * only as needed). */
    if (rc == DB_OK && !o->dry_run && db_kind(x->db) == DB_SQLITE &&
        total > 10000) {
        db_exec(x->db, "PRAGMA cache_size = -262144");
        /* Each insert keeps the pages it changes in a statement journal;
         * in a long transaction that journal, once past 64 KiB, becomes a
         * temporary file written page by page: a third of the import's
         * time. In memory it is a few pages a row. */
        db_exec(x->db, "PRAGMA temp_store = MEMORY");
    }
    s->memo = lookup_memo_new();
    s->check_arena = arena_new(0);
    for (int i = 0; i < PIPE_DEPTH; i++) {
        s->pipe.b[i] = xcalloc(1, sizeof *s->pipe.b[i]);
    }
    s->rows = rows;
    if (rc == DB_OK) {
        open_checker(s, total);
    }
    if (rc == DB_OK && !o->dry_run) {
        rc = db_begin(x->db);
    }
    if (rc == DB_OK && !o->dry_run && db_kind(x->db) == DB_SQLITE) {
        int64_t existing = 0;
        rc = db_query_int(x->db, "SELECT COUNT(*) FROM clients", &existing);
        rc = rc == DB_ROW ? DB_OK : (rc < 0 ? rc : DB_ERROR);
        if (rc == DB_OK && client_bulk_worth((long long)total, existing)) {
            rc = client_bulk_begin(x->db, &bulk);
        }
    }
    if (rc == DB_OK) {
        start_checker(s);
    }
    for (bool more = rc == DB_OK; more;) {
        struct batch *b = next_batch(s);
        rc = take_batch(s, b, total, &more);
        done_with(s, b);
    }
    stop_checker(s);
    if (o->progress && rc == DB_OK) {
        o->progress(o->ud, res->rows, res->rows);
    }
    if (rc == DB_OK && res->rows == 0) {
        file_error(res, MSG_IMPORT_EMPTY, NULL);
        rc = DB_ERROR;
    }
    /* "Stop at a duplicate" writes nothing when there was one; other bad
     * rows are left out as under skip or update. */
    if (rc == DB_OK && o->dup == IMPORT_DUP_STOP && res->stopped) {
        res->inserted = res->updated = res->categories_today = 0;
        if (!o->dry_run) {
            db_rollback(x->db);
        }
        ret = 0;
        goto out;
    }
    if (!o->dry_run) {
        if (rc == DB_OK && bulk.n) {
            rc = client_bulk_end(x->db, &bulk);
        }
        if (rc == DB_OK) {
            rc = audit_import(s);
        }
        if (rc == DB_OK) {
            rc = db_commit(x->db);
        }
        if (rc != DB_OK) {
            db_rollback(x->db);
        } else if (db_kind(x->db) == DB_SQLITE && res->rows > 10000) {
            /* Fold the large log back now, not in the next request's
             * write. */
            db_exec(x->db, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }
    if (rc != DB_OK) {
        res->db_rc = rc;
        res->inserted = res->updated = res->skipped = 0;
        res->categories_today = 0;
        res->n_known = 0; /* nothing was done with them */
        if (res->msg == MSG_COUNT_) {
            res->msg = rc == DB_BUSY ? MSG_BUSY : MSG_INTERNAL;
        }
        goto out;
    }
    ret = 0;
out:
    client_bulk_free(&bulk); /* rolled back: the indexes are there again */
    for (int i = 0; i < PIPE_DEPTH; i++) {
        free(s->pipe.b[i]);
    }
    arena_free(s->check_arena);
    lookup_memo_free(s->memo);
    for (size_t i = 0; i < s->seen_cap; i++) {
        free(s->seen[i].blind);
    }
    free(s->seen);
    free(s->people.slots);
    free(s->settled.slots);
    if (s->people_arena) {
        arena_free(s->people_arena);
    }
    free(s->stations);
    rows_close(rows);
    free(rows);
    free(s);
    return ret;
}

void import_report_sheet(const struct import_result *r, enum lang lang,
                         struct arena *a, struct sheet *out)
{
    static const char *const zh[5] = {"行号", "姓名", "列", "原因", "处理"};
    static const char *const en[5] = {"Row", "Name", "Column", "Reason",
                                      "Action"};
    static const double widths[5] = {8, 14, 16, 64, 14};
    size_t n = r->n_errors + r->n_known + r->n_warnings;
    const char **cells = arena_alloc(a, sizeof *cells * (n * 5 + 1));
    const char *not_imported = lang == LANG_EN ? "not imported" : "未导入";
    const char *to_check = lang == LANG_EN ? "to check" : "请核对";
    /* The three lists are each in the file's order: merged, a row's bad
     * cells first, then what is done with it, then what to check. */
    size_t ie = 0, ik = 0, iw = 0;
    for (size_t i = 0; i < n; i++) {
        const char **row = cells + i * 5;
        long le = ie < r->n_errors ? r->errors[ie].line : LONG_MAX;
        long lk = ik < r->n_known ? r->known[ik].line : LONG_MAX;
        long lw = iw < r->n_warnings ? r->warnings[iw].line : LONG_MAX;
        if (le <= lk && le <= lw) {
            const struct import_error *e = &r->errors[ie++];
            row[0] = arena_printf(a, "%ld", e->line);
            row[1] = e->name;
            row[2] = e->column;
            row[3] = e->message;
            row[4] = not_imported;
        } else if (lk <= lw) {
            const struct import_known *k = &r->known[ik++];
            row[0] = arena_printf(a, "%ld", k->line);
            row[1] = k->name;
            row[2] = "";
            row[3] = k->message;
            row[4] = import_action_label(k->action, lang);
        } else {
            const struct import_error *e = &r->warnings[iw++];
            row[0] = arena_printf(a, "%ld", e->line);
            row[1] = e->name;
            row[2] = e->column;
            row[3] = e->message;
            row[4] = to_check;
        }
    }
    *out = (struct sheet){
        .title = lang == LANG_EN ? "Import check" : "导入检查报告",
        .ncols = 5, .nrows = n, .header = lang == LANG_EN ? en : zh,
        .cells = cells, .widths = widths};
}
