/* Unit tests of the small parsers every request relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>
#include <zip.h>
#include <sodium.h>
#include <gd.h>

#include "core/lookup_memo.h"
#include "core/msg.h"
#include "core/phone.h"
#include "core/pinyin.h"
#include "core/region_code.h"
#include "util/arena.h"
#include "util/cn_time.h"
#include "util/config.h"
#include "util/text_decode.h"
#include "util/csv.h"
#include "util/file_type.h"
#include "util/jsonw.h"
#include "util/parse.h"
#include "util/rows.h"
#include "util/secret.h"
#include "util/sheet.h"
#include "util/thumbnail.h"
#include "util/utf8.h"
#include "util/yuan.h"

static void utf8_accepts_text_and_refuses_bad_bytes(void **state)
{
    (void)state;
    const char *ok = "攸县酒埠江镇 ok";
    assert_true(utf8_valid(ok, strlen(ok), false));
    assert_int_equal(utf8_chars(ok, strlen(ok)), 9);
    assert_false(utf8_valid("\xff", 1, false));
    assert_false(utf8_valid("\xc0\xaf", 2, false));       /* overlong '/' */
    assert_false(utf8_valid("\xed\xa0\x80", 3, false));   /* surrogate */
    assert_false(utf8_valid("\xf4\x90\x80\x80", 4, false)); /* > U+10FFFF */
    assert_false(utf8_valid("\xe6\x94", 2, false));       /* truncated */
    assert_false(utf8_valid("a\0b", 3, false));            /* NUL */
    assert_false(utf8_valid("a\nb", 3, false));
    assert_true(utf8_valid("a\nb\tc", 5, true));
    assert_false(utf8_valid("a\x1b", 2, true));            /* ESC */
    /* Where: the first refused byte, so that a body names its field. */
    assert_int_equal(utf8_invalid_at(ok, strlen(ok), false), strlen(ok));
    assert_int_equal(utf8_invalid_at("站\xff点", 7, false), 3);
    assert_int_equal(utf8_invalid_at("ab\xe6\x94", 4, false), 2);
    assert_int_equal(utf8_invalid_at("a\nb\x01", 4, true), 3);
}

/* A name holds a letter of some script; digits and symbols alone are a
 * cell typed in the wrong column, not a person. */
static void utf8_names_need_a_letter(void **state)
{
    (void)state;
    const char *ok[] = {
        "",                        /* the required check's to refuse */
        "张三", "名1", "Li Ming", "José",
        "阿依古丽·买买提",          /* Uyghur in Han, with the middle dot */
        "\xd8\xa6\xd8\xa7\xd9\x8a\xd9\x86\xd8\xa7\xd8\xb1", /* Uyghur */
        "\xe0\xbd\x96\xe0\xbd\xa6\xe0\xbd\xa7", /* Tibetan letters */
        "\xf0\xa0\x80\x80",        /* U+20000, Extension B */
        "Ivan Петров",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        assert_true(utf8_name_ok(ok[i]));
    }
    const char *bad[] = {
        "12345", "１２３", "--", "？？", "1.5", "\xc3\x97", /* × */
        "\xd9\xa1\xd9\xa2",        /* Arabic-Indic digits */
        "\xe0\xbc\xa1",            /* Tibetan digit one */
        "、。",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_false(utf8_name_ok(bad[i]));
    }
}

/* Spaces a register put between two characters to align a column are
 * not part of the name; a space between Latin words is. */
static void utf8_han_spaces_squeezed(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"王　五", "王五"},       {"何  英", "何英"},
        {"欧阳 \xc2\xa0晓梅", "欧阳晓梅"}, {"Li Ming", "Li Ming"},
        {"王 Li", "王 Li"},       {"阿依古丽·买买提", "阿依古丽·买买提"},
        {"", ""},                 {"王五 ", "王五 "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", cases[i][0]);
        utf8_squeeze_han_spaces(buf);
        assert_string_equal(buf, cases[i][1]);
    }
}

/* What a Chinese input method types for ASCII reads as ASCII: ０００７,
 * ｚｓ, an ideographic space; the rest, and a cut sequence, stay. */
static void utf8_fullwidth_folded(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"\xef\xbc\x90\xef\xbc\x90\xef\xbc\x91\xef\xbc\x99", "0019"},
        {"\xef\xbd\x9a\xe3\x80\x80\xef\xbc\xb3", "z S"},
        {"\xef\xbc\x81\xef\xbd\x9e", "!~"},
        {"张三\xef\xbd\x9f", "张三\xef\xbd\x9f"}, /* U+FF5F: not ASCII's */
        {"a\xef\xbc", "a\xef\xbc"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[32];
        utf8_fold_fullwidth(cases[i][0], out);
        assert_string_equal(out, cases[i][1]);
    }
}

/* The blanks a form or a pasted cell brings at a value's ends go, of
 * any width; the ones inside stay. A name typed with them, or with
 * aligning spaces, is the same name. */
static void utf8_ends_trimmed_and_names_compared(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"  王五\t", "王五"},
        {"\xe3\x80\x80王 五\xc2\xa0\r\n", "王 五"},
        {"\xc2\xa0\xe3\x80\x80", ""},
        {"Li Ming", "Li Ming"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n;
        const char *b = utf8_trim(cases[i][0], &n);
        assert_int_equal(n, strlen(cases[i][1]));
        assert_memory_equal(b, cases[i][1], n);
    }
    size_t n = 9;
    assert_string_equal(utf8_trim(NULL, &n), "");
    assert_int_equal(n, 0);
    assert_true(utf8_same_name(" 王　五\xc2\xa0", "王五"));
    assert_true(utf8_same_name(NULL, ""));
    assert_false(utf8_same_name("王五", "王六"));
    assert_false(utf8_same_name("LiMing", "Li Ming"));
}

/* A UTF-8 sheet with a GBK line pasted in is told by its line, and is
 * not read as GBK; a GBK sheet, whatever its empty rows, is GBK. */
static void text_mixed_encodings(void **state)
{
    (void)state;
    /* 姓名 in UTF-8; 张三 in GBK (D5C5 C8FD). */
    const char mixed[] = "\xe5\xa7\x93\xe5\x90\x8d,a\n\xe5\xa7\x93,b\n"
                         "\xd5\xc5\xc8\xfd,c\n\xe5\x90\x8d,d\n";
    assert_int_equal(text_bad_utf8_line(mixed, sizeof mixed - 1), 3);
    char *out = NULL;
    size_t n;
    const char *enc = NULL;
    assert_int_equal(text_to_utf8(mixed, sizeof mixed - 1, &out, &n, &enc),
                     -1);
    const char gbk[] = "\xd0\xd5\xc3\xfb,a\n,,\n,,\n,,\n\xd5\xc5\xc8\xfd,b\n"
                       ",,\n,,\n";
    assert_int_equal(text_bad_utf8_line(gbk, sizeof gbk - 1), 0);
    assert_int_equal(text_to_utf8(gbk, sizeof gbk - 1, &out, &n, &enc), 0);
    assert_string_equal(enc, "GB18030");
    assert_non_null(strstr(out, "\xe5\xa7\x93\xe5\x90\x8d")); /* 姓名 */
    free(out);
    assert_int_equal(text_bad_utf8_line("a,b\nc,d\n", 8), 0);
}

/* Values that show nothing are blank; characters no form's text should
 * hold are named (a name of two U+200B, one holding U+202E). */
static void utf8_blank_and_flaws(void **state)
{
    (void)state;
    assert_true(utf8_blank(""));
    assert_true(utf8_blank(" \t\xc2\xa0\xe3\x80\x80"));
    assert_true(utf8_blank("\xe2\x80\x8b\xe2\x80\x8b"));      /* U+200B x2 */
    assert_true(utf8_blank("\xe2\x80\x8d\xe2\x81\xa0\xef\xbb\xbf")); /* ZWJ, WJ, BOM */
    assert_true(utf8_blank("\xe2\x80\x83"));                 /* em space */
    assert_false(utf8_blank("\xe2\x80\x8b张"));
    assert_false(utf8_blank("a"));
    assert_false(utf8_blank("\xff"));
    const struct {
        const char *s;
        enum utf8_flaw single, multi;
    } cases[] = {
        {"张三", UTF8_FLAW_NONE, UTF8_FLAW_NONE},
        {"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", UTF8_FLAW_NONE,
         UTF8_FLAW_NONE}, /* an emoji joined by U+200D */
        {"a\xc2\x85", UTF8_FLAW_CONTROL, UTF8_FLAW_CONTROL},      /* NEL */
        {"a\xef\xbf\xbf", UTF8_FLAW_NONCHARACTER, UTF8_FLAW_NONCHARACTER},
        {"\xef\xbf\xbe", UTF8_FLAW_NONCHARACTER, UTF8_FLAW_NONCHARACTER},
        {"\xf4\x8f\xbf\xbf", UTF8_FLAW_NONCHARACTER,
         UTF8_FLAW_NONCHARACTER}, /* U+10FFFF */
        {"\xf0\x9f\xbf\xbe", UTF8_FLAW_NONCHARACTER,
         UTF8_FLAW_NONCHARACTER}, /* U+1FFFE */
        {"\xef\xb7\x90", UTF8_FLAW_NONCHARACTER, UTF8_FLAW_NONCHARACTER},
        {"\xef\xb7\xaf", UTF8_FLAW_NONCHARACTER, UTF8_FLAW_NONCHARACTER},
        {"\xef\xb7\xb0", UTF8_FLAW_NONE, UTF8_FLAW_NONE}, /* U+FDF0 */
        {"\xef\xbf\xbd", UTF8_FLAW_NONE, UTF8_FLAW_NONE}, /* U+FFFD */
        {"ab\xe2\x80\xae" "cd", UTF8_FLAW_BIDI, UTF8_FLAW_NONE}, /* U+202E */
        {"\xe2\x80\xaa", UTF8_FLAW_BIDI, UTF8_FLAW_NONE},     /* U+202A */
        {"\xe2\x81\xa6", UTF8_FLAW_BIDI, UTF8_FLAW_NONE},     /* U+2066 */
        {"\xe2\x81\xa9", UTF8_FLAW_BIDI, UTF8_FLAW_NONE},     /* U+2069 */
        {"\xe2\x80\x8e", UTF8_FLAW_BIDI, UTF8_FLAW_NONE},     /* LRM */
        {"\xd8\x9c", UTF8_FLAW_BIDI, UTF8_FLAW_NONE},         /* ALM */
        {"周\xe2\x80\x8b敏", UTF8_FLAW_INVISIBLE, UTF8_FLAW_NONE}, /* ZWSP */
        {"李\xe2\x80\x8d四", UTF8_FLAW_INVISIBLE, UTF8_FLAW_NONE}, /* ZWJ */
        {"李\xc2\xad四", UTF8_FLAW_INVISIBLE, UTF8_FLAW_NONE},     /* SHY */
        {"\xef\xbb\xbf李四", UTF8_FLAW_INVISIBLE, UTF8_FLAW_NONE}, /* BOM */
        {"李\xe2\x81\xa0四", UTF8_FLAW_INVISIBLE, UTF8_FLAW_NONE}, /* WJ */
        {"李\xcd\x8f四", UTF8_FLAW_INVISIBLE, UTF8_FLAW_NONE},     /* CGJ */
        {"\xe1\xa0\xa0\xe1\xa0\x8b", UTF8_FLAW_NONE,
         UTF8_FLAW_NONE}, /* Mongolian a with its variation selector */
        {"a\xe2\x80\xa8" "b", UTF8_FLAW_LINE_BREAK, UTF8_FLAW_NONE},
        {"a\xe2\x80\xa9" "b", UTF8_FLAW_LINE_BREAK, UTF8_FLAW_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i].s);
        assert_true(utf8_valid(cases[i].s, n, false));
        assert_int_equal(utf8_text_flaw(cases[i].s, n, false), cases[i].single);
        assert_int_equal(utf8_text_flaw(cases[i].s, n, true), cases[i].multi);
    }
}

/* A balance below zero reads as one: -0.50, not 0.-50 (the fund-use
 * statement's 结余 read -1522499.-49). */
static void yuan_keeps_its_sign_once(void **state)
{
    (void)state;
    struct arena *a = arena_new(0);
    assert_string_equal(yuan_text(a, 0), "0.00");
    assert_string_equal(yuan_text(a, 5), "0.05");
    assert_string_equal(yuan_text(a, -50), "-0.50");
    assert_string_equal(yuan_text(a, -152249949), "-1522499.49");
    assert_string_equal(yuan_text(a, 12000000), "120000.00");
    assert_string_equal(yuan_text(a, INT64_MIN), "-92233720368547758.08");
    arena_free(a);
}

static void yuan_grouped_by_thousands(void **state)
{
    (void)state;
    struct arena *a = arena_new(0);
    assert_string_equal(yuan_grouped(a, 0), "0.00");
    assert_string_equal(yuan_grouped(a, 99999), "999.99");
    assert_string_equal(yuan_grouped(a, 100000), "1,000.00");
    assert_string_equal(yuan_grouped(a, -152249949), "-1,522,499.49");
    assert_string_equal(yuan_grouped(a, INT64_MIN),
                        "-92,233,720,368,547,758.08");
    arena_free(a);
}

static void arena_grow_keeps_what_was_there(void **state)
{
    (void)state;
    struct arena *a = arena_new(0);
    size_t cap = 0;
    int *v = NULL;
    for (size_t i = 0; i < 1000; i++) {
        v = arena_grow(a, v, i, &cap, sizeof *v);
        assert_true(cap > i);
        v[i] = (int)i * 3;
    }
    for (size_t i = 0; i < 1000; i++) {
        assert_int_equal(v[i], (int)i * 3);
    }
    arena_free(a);
}

static void parse_int64_is_strict(void **state)
{
    (void)state;
    int64_t v;
    assert_true(parse_int64("42", 0, 100, &v));
    assert_int_equal(v, 42);
    assert_true(parse_int64("-7", -10, 10, &v));
    assert_int_equal(v, -7);
    assert_false(parse_int64("", 0, 100, &v));
    assert_false(parse_int64("007", 0, 100, &v));
    assert_false(parse_int64("+1", 0, 100, &v));
    assert_false(parse_int64(" 1", 0, 100, &v));
    assert_false(parse_int64("1 ", 0, 100, &v));
    assert_false(parse_int64("101", 0, 100, &v));
    assert_false(parse_int64("1e3", 0, 10000, &v));
    assert_false(parse_int64("9999999999999999999", 0, INT64_MAX, &v));
    assert_false(parse_int64("１２", 0, 100, &v)); /* full-width digits */
}

static void parse_date_knows_the_calendar(void **state)
{
    (void)state;
    int y, m, d;
    assert_true(parse_date("2024-02-29", &y, &m, &d));
    assert_int_equal(y * 10000 + m * 100 + d, 20240229);
    assert_false(parse_date("2026-02-29", &y, &m, &d));
    assert_false(parse_date("2026-02-30", &y, &m, &d));
    assert_false(parse_date("2100-02-29", &y, &m, &d));
    assert_true(parse_date("2000-02-29", &y, &m, &d));
    assert_false(parse_date("2026-13-01", &y, &m, &d));
    assert_false(parse_date("2026-1-01", &y, &m, &d));
    assert_false(parse_date("2026/01/01", &y, &m, &d));
    assert_false(parse_date("2026-01-01T00", &y, &m, &d));
}

static void beijing_time_decides_the_day(void **state)
{
    (void)state;
    /* 2026-11-30T23:30:00Z is 07:30 on 1 December in Beijing. */
    struct cn_date d = cn_date_of(1796081400);
    assert_int_equal(d.year, 2026);
    assert_int_equal(d.month, 12);
    assert_int_equal(d.day, 1);
    char buf[32];
    cn_iso8601(1796081400, buf);
    assert_string_equal(buf, "2026-12-01T07:30:00+08:00");
    cn_iso8601(1796081400 + 9 * 3600 + 5 * 60 + 9, buf);
    assert_string_equal(buf, "2026-12-01T16:35:09+08:00");
    cn_iso8601(0, buf);
    assert_string_equal(buf, "1970-01-01T08:00:00+08:00");
    /* and 15:59:59Z is still the same Beijing day, 16:00:00Z the next */
    assert_int_equal(cn_date_of(1796054399).day, 30);
    assert_int_equal(cn_date_of(1796054400).day, 1);
    assert_int_equal(cn_days_from_civil(1970, 1, 1), 0);
    struct cn_date back = cn_civil_from_days(cn_days_from_civil(2024, 2, 29));
    assert_int_equal(back.month * 100 + back.day, 229);
    cn_date_format(back, buf);
    assert_string_equal(buf, "2024-02-29");
}

static void phone_numbers_as_written_on_forms(void **state)
{
    (void)state;
    assert_true(phone_valid("13812345678"));
    assert_true(phone_is_mobile("19912345678"));
    assert_false(phone_valid("12812345678")); /* no 12x mobiles */
    assert_false(phone_valid("1381234567"));  /* 10 digits */
    assert_false(phone_valid("138123456789"));
    assert_true(phone_valid("0731-24412345"));
    assert_true(phone_valid("073124412345"));
    assert_true(phone_valid("010-62345678"));
    assert_true(phone_valid("0731-2441234-802"));
    assert_false(phone_valid("0731-0441234")); /* local starts with 0 */
    assert_false(phone_valid("0731 24412345"));
    assert_false(phone_valid("12345678"));     /* no area code */
    assert_false(phone_valid("１３８１２３４５６７８"));
    assert_false(phone_valid(""));
}

/* What a register's phone column holds besides a number, each said as
 * what it is rather than as a bad number or a space. */
static void phone_cells_say_what_is_wrong(void **state)
{
    (void)state;
    assert_int_equal(phone_problem("13907330001/13807330002"), MSG_PHONE_TWO);
    assert_int_equal(phone_problem("13907330001、0731-22345678"),
                     MSG_PHONE_TWO);
    assert_int_equal(phone_problem("13907330001 13807330002"), MSG_PHONE_TWO);
    assert_int_equal(phone_problem("13907330001或13807330002"),
                     MSG_PHONE_TWO);
    assert_int_equal(phone_problem("13907330001（儿子）"), MSG_PHONE_NOTE);
    assert_int_equal(phone_problem("本人13907330001"), MSG_PHONE_NOTE);
    assert_int_equal(phone_problem("13907330001 女儿"), MSG_PHONE_NOTE);
    assert_int_equal(phone_problem("无"), MSG_PHONE_NONE);
    assert_int_equal(phone_problem("-"), MSG_PHONE_NONE);
    assert_true(phone_is_placeholder("暂无"));
    assert_false(phone_is_placeholder("无锡"));
    /* Not a note: a number mistyped, a space inside one number. */
    assert_int_equal(phone_problem("1390733000"), MSG_BAD_PHONE);
    assert_int_equal(phone_problem("139 0733 0001"), MSG_HAS_SPACE);
    assert_int_equal(phone_problem("138-0733-1122"), MSG_PHONE_MOBILE_DASHES);
    assert_int_equal(phone_problem("１３９０７３３０００１"), MSG_PHONE_FULLWIDTH);
    assert_int_equal(phone_problem("1390733000（儿子）"), MSG_PHONE_NOTE);
    assert_int_equal(phone_problem("电话"), MSG_BAD_PHONE);
    assert_int_equal(phone_problem("0731－22123456"), MSG_PHONE_FULLWIDTH);
    assert_int_equal(phone_problem("13907330001(home)"), MSG_PHONE_NOTE);
    /* Typed full-width: two numbers are two before they are full-width;
     * the words beside one are said before its characters. */
    assert_int_equal(phone_problem("１３９０７３３０００１　１３８０７３３０００２"),
                     MSG_PHONE_TWO);
    assert_int_equal(phone_problem("１３９０７３３０００１ 13807330002"),
                     MSG_PHONE_TWO);
    assert_int_equal(phone_problem("１３９０７３３０００１（儿子）"),
                     MSG_PHONE_NOTE);
    /* A CSV saved from Excel: the number as its column showed it. */
    assert_int_equal(phone_problem("1.39073E+10"), MSG_PHONE_AS_NUMBER);
    assert_int_equal(phone_problem("1.3907330001e10"), MSG_PHONE_AS_NUMBER);
    assert_int_equal(phone_problem("——"), MSG_PHONE_NONE);
    /* An extension written 转 or ext: said how the field takes it. */
    assert_int_equal(phone_problem("0731-22345678转123"), MSG_PHONE_EXTENSION);
    assert_int_equal(phone_problem("0731-22345678 ext 8"), MSG_PHONE_EXTENSION);
    char ext[48];
    assert_true(phone_extension("0731-22345678分机：802", ext, sizeof ext));
    assert_string_equal(ext, "0731-22345678-802");
    assert_false(phone_extension("13907330001转12", ext, sizeof ext));
    assert_false(phone_extension("0731-22345678转1234567", ext, sizeof ext));
}

/* An .xlsx of the given parts (name, text pairs), written with minizip's
 * zip half into a file and read back: its bytes, to free. */
static char *make_xlsx(const char *const *parts, size_t n, size_t *len)
{
    char path[] = "/tmp/sgz-test-xlsx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    zipFile z = zipOpen(path, APPEND_STATUS_CREATE);
    assert_non_null(z);
    for (size_t i = 0; i < n; i += 2) {
        assert_int_equal(zipOpenNewFileInZip(z, parts[i], NULL, NULL, 0,
                                             NULL, 0, NULL, Z_DEFLATED,
                                             Z_DEFAULT_COMPRESSION),
                         ZIP_OK);
        zipWriteInFileInZip(z, parts[i + 1], (unsigned)strlen(parts[i + 1]));
        zipCloseFileInZip(z);
    }
    zipClose(z, NULL);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *data = malloc(*len);
    assert_int_equal(fread(data, 1, *len, f), *len);
    fclose(f);
    unlink(path);
    return data;
}

/* A workbook's sheets as a person sees them: hidden ones and a part
 * listed twice are not offered; a broken first sheet does not keep the
 * second from being read; a look at a sheet's head stops at its rows. */
static void workbook_sheets_read_one_by_one(void **state)
{
    (void)state;
    static const char rel[] = "http://schemas.openxmlformats.org/"
                              "officeDocument/2006/relationships/worksheet";
    char rels[1024], rows[8192] = "";
    snprintf(rels, sizeof rels,
             "<Relationships><Relationship Id=\"r1\" Type=\"%s\" "
             "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"r2\" "
             "Type=\"%s\" Target=\"/xl/worksheets/sheet2.xml\"/>"
             "<Relationship Id=\"r3\" Type=\"%s\" "
             "Target=\"worksheets/sheet3.xml\"/></Relationships>",
             rel, rel, rel);
    size_t at = (size_t)snprintf(rows, sizeof rows, "<worksheet><sheetData>");
    for (int r = 1; r <= 15; r++) {
        at += (size_t)snprintf(rows + at, sizeof rows - at,
                               "<row r=\"%d\"><c t=\"inlineStr\"><is><t>"
                               "%s%d</t></is></c></row>",
                               r, r == 1 ? "姓名" : "人", r);
    }
    snprintf(rows + at, sizeof rows - at, "</sheetData></worksheet>");
    const char *const parts[] = {
        "xl/workbook.xml",
        "<workbook xmlns:r=\"x\"><sheets>"
        "<sheet name=\"坏表\" r:id=\"r1\"/>"
        "<sheet name=\"名册\" r:id=\"r2\"/>"
        "<sheet name=\"同一张\" r:id=\"r2\"/>"
        "<sheet name=\"隐藏\" r:id=\"r3\" state=\"hidden\"/>"
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels", rels,
        "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c>",
        "xl/worksheets/sheet2.xml", rows,
        "xl/worksheets/sheet3.xml", rows,
    };
    size_t len;
    char *data = make_xlsx(parts, sizeof parts / sizeof parts[0], &len);
    struct rows r, head;
    char err[200];
    assert_int_equal(rows_open(&r, data, len, 100, err, sizeof err), 0);
    assert_int_equal(rows_sheets(&r), 2);
    assert_string_equal(rows_sheet_name(&r, 0), "坏表");
    assert_string_equal(rows_sheet_name(&r, 1), "名册");
    assert_int_equal(rows_sheet_head(&r, 0, 10, &head, err, sizeof err), -1);
    rows_close(&head);
    assert_int_equal(rows_sheet_head(&r, 1, 10, &head, err, sizeof err), 0);
    long line;
    int n, got = 0;
    const char *const *cells;
    while (rows_next(&head, &line, &n, &cells) > 0) {
        got++;
    }
    assert_int_equal(got, 10);
    rows_close(&head);
    assert_int_equal(rows_use_sheet(&r, 0, err, sizeof err), -1);
    assert_int_equal(rows_use_sheet(&r, 1, err, sizeof err), 0);
    got = 0;
    while (rows_next(&r, &line, &n, &cells) > 0) {
        got++;
        if (got == 2) {
            rows_again(&r); /* read ahead, not taken: given again */
            assert_int_equal(rows_next(&r, &line, &n, &cells), 1);
            assert_int_equal(line, 2);
            assert_string_equal(cells[0], "人2");
        }
    }
    assert_int_equal(got, 15);
    rows_close(&r);
    /* A sheet of more rows than allowed: refused when read, not when
     * its head is looked at. */
    assert_int_equal(rows_open(&r, data, len, 12, err, sizeof err), 0);
    assert_int_equal(rows_sheet_head(&r, 1, 10, &head, err, sizeof err), 0);
    rows_close(&head);
    assert_int_equal(rows_use_sheet(&r, 1, err, sizeof err), -1);
    assert_string_equal(err, "more than 12 rows");
    rows_close(&r);
    free(data);
}

static void region_codes_by_length(void **state)
{
    (void)state;
    assert_int_equal(region_level_of("43"), LEVEL_PROVINCE);
    assert_int_equal(region_level_of("4302"), LEVEL_CITY);
    assert_int_equal(region_level_of("430223"), LEVEL_COUNTY);
    assert_int_equal(region_level_of("430223102"), LEVEL_TOWNSHIP);
    assert_int_equal(region_level_of("430223102203"), LEVEL_VILLAGE);
    assert_int_equal(region_level_of("4302231"), LEVEL_NONE);
    assert_int_equal(region_level_of("43022a"), LEVEL_NONE);
    assert_int_equal(region_level_of(""), LEVEL_NONE);
    assert_true(region_is_zone("430223400"));
    assert_true(region_is_zone("430223599"));
    assert_false(region_is_zone("430223600"));
    assert_false(region_is_zone("430223126"));
    assert_false(region_is_zone("430223"));
    assert_string_equal(region_level_name(LEVEL_TOWNSHIP), "township");
    assert_int_equal(region_level_from_name("village"), LEVEL_VILLAGE);
}

static void csv_reads_quotes_bom_and_crlf(void **state)
{
    (void)state;
    const char data[] = "\xef\xbb\xbf"
                        "code,name\r\n"
                        "11,\"北京市\"\r\n"
                        "12,\"a,\"\"b\"\"\"\n"
                        "13,plain";
    struct csv *c = malloc(sizeof *c);
    csv_init(c, data, sizeof data - 1);
    assert_int_equal(csv_next(c), 1);
    assert_string_equal(c->field[0], "code");
    assert_int_equal(csv_next(c), 1);
    assert_string_equal(c->field[1], "北京市");
    assert_int_equal(csv_next(c), 1);
    assert_string_equal(c->field[1], "a,\"b\"");
    assert_int_equal(csv_next(c), 1);
    assert_int_equal(c->nfields, 2);
    assert_string_equal(c->field[1], "plain");
    assert_int_equal(csv_next(c), 0);
    csv_init(c, "1,\"open", 7);
    assert_int_equal(csv_next(c), -1);
    free(c);
}

/* Excel saves a sheet's empty columns as trailing commas: a row wider
 * than the reader keeps its first columns, and the next row follows. */
static void csv_drops_fields_past_its_width(void **state)
{
    (void)state;
    struct strbuf data;
    strbuf_init(&data);
    for (int i = 0; i < CSV_MAX_FIELDS + 40; i++) {
        strbuf_printf(&data, "%s%d", i ? "," : "", i);
    }
    strbuf_adds(&data, "\r\nnext,row\r\n");
    struct csv *c = malloc(sizeof *c);
    csv_init(c, data.buf, data.len);
    assert_int_equal(csv_next(c), 1);
    assert_int_equal(c->nfields, CSV_MAX_FIELDS);
    char last[16];
    snprintf(last, sizeof last, "%d", CSV_MAX_FIELDS - 1);
    assert_string_equal(c->field[CSV_MAX_FIELDS - 1], last);
    assert_int_equal(csv_next(c), 1);
    assert_string_equal(c->field[0], "next");
    assert_int_equal(c->line, 2);
    free(c);
    strbuf_free(&data);
}

/* A record's number is the row a spreadsheet shows it on: a note with
 * line breaks in it (Alt+Enter) is one row, and moves nothing after it;
 * a quote never closed is reported at the record where it opens, not at
 * the end of the file. */
static void csv_numbers_records_as_a_spreadsheet_rows(void **state)
{
    (void)state;
    const char data[] = "name,notes\n"
                        "a,\"one\ntwo\nthree\"\n"
                        "b,x\n"
                        "\"c,never closed\n"
                        "d,y\n"
                        "e,z\n";
    struct csv *c = malloc(sizeof *c);
    csv_init(c, data, sizeof data - 1);
    for (long i = 1; i <= 3; i++) {
        assert_int_equal(csv_next(c), 1);
        assert_int_equal(c->line, i);
    }
    assert_int_equal(csv_next(c), -1);
    assert_int_equal(c->line, 4);
    free(c);
}

/* A long narrative that starts like a formula is neutralised whole: it
 * was cut at 8 KiB, inside a character, and the file would not open. */
static void sheet_neutralises_long_cells_whole(void **state)
{
    (void)state;
    struct strbuf cell;
    strbuf_init(&cell);
    strbuf_adds(&cell, "-");
    for (int i = 0; i < 3000; i++) {
        strbuf_adds(&cell, "字");
    }
    const char *header[] = {"服务内容"};
    const char *cells[] = {cell.buf};
    struct sheet s = {.ncols = 1, .nrows = 1, .header = header,
                      .cells = cells};
    struct strbuf out;
    strbuf_init(&out);
    sheet_csv(&s, &out);
    assert_true(utf8_valid(out.buf, out.len, true));
    const char *row = strstr(out.buf, "\r\n") + 2;
    assert_int_equal(row[0], '\'');
    assert_int_equal(strlen(row), 1 + cell.len + 2);
    assert_memory_equal(row + 1, cell.buf, cell.len);
    strbuf_free(&out);
    strbuf_free(&cell);
}

static void jsonw_escapes_and_places_commas(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "a", "x\"y\\z\n\x01");
    jsonw_key(&w, "list");
    jsonw_arr_open(&w);
    jsonw_int(&w, 1);
    jsonw_int(&w, 0);
    jsonw_int(&w, -20);
    jsonw_int(&w, INT64_MAX);
    jsonw_int(&w, INT64_MIN);
    jsonw_null(&w);
    jsonw_obj_open(&w);
    jsonw_kbool(&w, "ok", true);
    jsonw_obj_close(&w);
    jsonw_arr_close(&w);
    jsonw_kstr(&w, "zh", "社工站");
    jsonw_kstr(&w, "none", NULL);
    jsonw_obj_close(&w);
    assert_string_equal(sb.buf,
                        "{\"a\":\"x\\\"y\\\\z\\n\\u0001\",\"list\":[1,0,-20,"
                        "9223372036854775807,-9223372036854775808,null,"
                        "{\"ok\":true}],\"zh\":\"社工站\",\"none\":null}");
    strbuf_free(&sb);
}

static void messages_fill_the_label_and_pick_the_language(void **state)
{
    (void)state;
    char buf[200];
    msg_format(MSG_REQUIRED, LANG_ZH, "站点名称", buf, sizeof buf);
    assert_string_equal(buf, "站点名称不能为空");
    msg_format(MSG_REQUIRED, LANG_EN, "name", buf, sizeof buf);
    assert_string_equal(buf, "name is required");
    /* a label with a % sign is text, not a format */
    msg_format(MSG_TOO_LONG, LANG_EN, "100%s%n", buf, sizeof buf);
    assert_string_equal(buf, "100%s%n is too long");
    /* Made a sentence for a reader; a code at its start is left alone. */
    char s1[] = "the case has no transfer waiting", s2[] = "name: required",
         s3[] = "reports.owed_from takes a day", s4[] = "station_id is bad",
         s5[] = "ID number is taken", s6[] = "日期不能为空", s7[] = "",
         s8[] = "go-live day is required";
    msg_sentence(s1);
    msg_sentence(s2);
    msg_sentence(s3);
    msg_sentence(s4);
    msg_sentence(s5);
    msg_sentence(s6);
    msg_sentence(s7);
    msg_sentence(s8);
    assert_string_equal(s1, "The case has no transfer waiting");
    assert_string_equal(s2, "Name: required");
    assert_string_equal(s3, "reports.owed_from takes a day");
    assert_string_equal(s4, "station_id is bad");
    assert_string_equal(s5, "ID number is taken");
    assert_string_equal(s6, "日期不能为空");
    assert_string_equal(s7, "");
    assert_string_equal(s8, "Go-live day is required");
    /* A message that starts with its label keeps the label as given (a
     * role's code someone sent, a query parameter). */
    msg_format(MSG_REQUIRED, LANG_EN, "admin", buf, sizeof buf);
    msg_sentence_of(MSG_REQUIRED, buf);
    assert_string_equal(buf, "admin is required");
    msg_format(MSG_CASE_NO_TRANSFER, LANG_EN, NULL, buf, sizeof buf);
    msg_sentence_of(MSG_CASE_NO_TRANSFER, buf);
    assert_string_equal(buf, "The case has no transfer waiting");
    /* A heading's name inside a sentence; an initialism stays. */
    char h1[] = "Junior college", h2[] = "ID number", h3[] = "Q3 2026",
         h4[] = "";
    msg_in_sentence(h1);
    msg_in_sentence(h2);
    msg_in_sentence(h3);
    msg_in_sentence(h4);
    assert_string_equal(h1, "junior college");
    assert_string_equal(h2, "ID number");
    assert_string_equal(h3, "Q3 2026");
    assert_string_equal(h4, "");
    assert_int_equal(msg_lang_from_header(NULL), LANG_ZH);
    assert_int_equal(msg_lang_from_header("en"), LANG_EN);
    assert_int_equal(msg_lang_from_header("en-US,en;q=0.9"), LANG_EN);
    assert_int_equal(msg_lang_from_header("zh-CN,en;q=0.5"), LANG_ZH);
    assert_int_equal(msg_lang_from_header("english"), LANG_ZH);
    /* every message has a code and both languages */
    for (int i = 0; i < MSG_COUNT_; i++) {
        assert_non_null(msg_code((enum msg_id)i));
        assert_non_null(msg_text((enum msg_id)i, LANG_ZH));
        assert_non_null(msg_text((enum msg_id)i, LANG_EN));
    }
}

static void config_precedence_flags_over_env_over_file(void **state)
{
    (void)state;
    char path[] = "/tmp/sgz-config-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "# a comment\nlisten = 10.0.0.1:1\nmax_body = 2048\n"
                        "timeout=7\n";
    assert_int_equal(write(fd, text, sizeof text - 1), sizeof text - 1);
    close(fd);
    setenv("SGZ_LISTEN", "127.0.0.1:2", 1);
    setenv("SGZ_TIMEOUT", "9", 1);
    char a0[] = "sgz", a1[] = "serve", a2[] = "--config", a4[] = "--timeout",
         a5[] = "11", a6[] = "--access-log", a7[] = "off";
    char *argv[] = {a0, a1, a2, path, a4, a5, a6, a7, NULL};
    int argc = 8;
    struct config c;
    config_defaults(&c);
    char err[300];
    assert_int_equal(config_load(&c, &argc, argv, err, sizeof err), 0);
    assert_string_equal(c.listen, "127.0.0.1:2");  /* env over file */
    assert_int_equal(c.max_body, 2048);            /* file over default */
    assert_int_equal(c.timeout, 11);               /* flag over env */
    assert_string_equal(c.access_log, "off");
    assert_int_equal(argc, 2);                     /* flags consumed */
    assert_string_equal(argv[1], "serve");
    unsetenv("SGZ_LISTEN");
    unsetenv("SGZ_TIMEOUT");

    config_defaults(&c);
    assert_int_equal(config_set(&c, "max_body", "12", err, sizeof err), -1);
    assert_int_equal(config_set(&c, "no_such", "1", err, sizeof err), -1);
    assert_int_equal(config_set(&c, "timeout", "5s", err, sizeof err), -1);
    unlink(path);
}

/* A 40×20 photo, red on the left and blue on the right, stored as a phone
 * does with an Exif orientation: the thumbnail comes out upright. */
static unsigned char *photo_with_orientation(int orientation, size_t *n)
{
    gdImagePtr im = gdImageCreateTrueColor(40, 20);
    gdImageFilledRectangle(im, 0, 0, 19, 19, gdTrueColor(255, 0, 0));
    gdImageFilledRectangle(im, 20, 0, 39, 19, gdTrueColor(0, 0, 255));
    int size = 0;
    unsigned char *jpeg = gdImageJpegPtr(im, &size, 90);
    gdImageDestroy(im);
    /* APP1: "Exif\0\0", big-endian TIFF header, IFD0 with one entry. */
    static const unsigned char app1_head[] = {
        0xFF, 0xE1, 0x00, 0x24, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 0x2A,
        0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1};
    unsigned char tail[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    tail[1] = (unsigned char)orientation;
    *n = (size_t)size + sizeof app1_head + sizeof tail;
    unsigned char *out = malloc(*n);
    memcpy(out, jpeg, 2); /* SOI */
    memcpy(out + 2, app1_head, sizeof app1_head);
    memcpy(out + 2 + sizeof app1_head, tail, sizeof tail);
    memcpy(out + 2 + sizeof app1_head + sizeof tail, jpeg + 2,
           (size_t)size - 2);
    gdFree(jpeg);
    return out;
}

static int red_at(gdImagePtr im, int x, int y)
{
    int c = gdImageGetTrueColorPixel(im, x, y);
    return gdTrueColorGetRed(c) > 200 && gdTrueColorGetBlue(c) < 60;
}

/* The frame size is read where libjpeg reads it: a TEM marker has no
 * length, so a SOF hidden in the comment that follows it is not the
 * frame (a 66 KB file decoding to 30000×30000 took 4.7 GB). */
static void jpeg_size_is_the_decoders(void **state)
{
    (void)state;
    unsigned char j[64] = {0xFF, 0xD8, 0xFF, 0x01,
                           /* SOF0, 30000×30000, one component */
                           0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x75, 0x30, 0x75,
                           0x30, 0x01, 0x01, 0x11, 0x00,
                           /* a comment holding a 16×16 SOF0 */
                           0xFF, 0xFE, 0x00, 0x0D, 0xFF, 0xC0, 0x00, 0x0B,
                           0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01},
                  k[] = {0xFF, 0xD8, 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B,
                         0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01},
                  sos[] = {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0xFF, 0xC0,
                           0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x10};
    int w = 0, h = 0;
    assert_true(file_type_image_size(j, sizeof j, &w, &h));
    assert_int_equal(w, 30000);
    assert_int_equal(h, 30000);
    struct strbuf sb;
    strbuf_init(&sb);
    assert_int_equal(thumbnail_make(j, sizeof j, &sb), -1);
    strbuf_free(&sb);
    assert_false(file_type_image_size(k, sizeof k, &w, &h));
    assert_false(file_type_image_size(sos, sizeof sos, &w, &h));
}

static void thumbnails_follow_exif_orientation(void **state)
{
    (void)state;
    struct {
        int orientation, w, h;
        int red_x, red_y; /* a point that must be red */
    } cases[] = {
        {1, 40, 20, 5, 10},  /* as stored: red left */
        {3, 40, 20, 35, 10}, /* upside down: red right */
        {6, 20, 40, 10, 5},  /* turned clockwise: red on top */
        {8, 20, 40, 10, 35}, /* counter-clockwise: red at the bottom */
        {2, 40, 20, 35, 10}, /* mirrored */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n;
        unsigned char *p = photo_with_orientation(cases[i].orientation, &n);
        assert_int_equal(thumbnail_jpeg_orientation(p, n),
                         cases[i].orientation);
        struct strbuf sb;
        strbuf_init(&sb);
        assert_int_equal(thumbnail_make(p, n, &sb), 0);
        gdImagePtr t = gdImageCreateFromJpegPtr((int)sb.len, sb.buf);
        assert_non_null(t);
        assert_int_equal(gdImageSX(t), cases[i].w);
        assert_int_equal(gdImageSY(t), cases[i].h);
        assert_true(red_at(t, cases[i].red_x, cases[i].red_y));
        gdImageDestroy(t);
        strbuf_free(&sb);
        free(p);
    }
    /* Truncated or absent Exif: as stored. */
    static const unsigned char cut[] = {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x40,
                                        'E', 'x', 'i', 'f', 0, 0};
    assert_int_equal(thumbnail_jpeg_orientation(cut, sizeof cut), 1);
    assert_int_equal(thumbnail_jpeg_orientation(cut, 2), 1);
}

/* An import's memo: every key it was told is found, with its answer,
 * however many there are; a key asked again keeps the newer answer. */
static void lookup_memo_remembers_every_answer(void **state)
{
    (void)state;
    struct lookup_memo *m = lookup_memo_new();
    char key[32], region[16];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "station:%d", i);
        snprintf(region, sizeof region, "43%07d", i);
        lookup_memo_put(m, key, i % 3 ? 100 : 101, region,
                        i % 2 ? "active" : NULL);
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "station:%d", i);
        snprintf(region, sizeof region, "43%07d", i);
        const struct memo_entry *e = lookup_memo_get(m, key);
        assert_non_null(e);
        assert_int_equal(e->rc, i % 3 ? 100 : 101);
        assert_string_equal(e->a, region);
        if (i % 2) {
            assert_string_equal(e->b, "active");
        } else {
            assert_null(e->b);
        }
    }
    assert_null(lookup_memo_get(m, "station:5000"));
    assert_null(lookup_memo_get(m, "village:1"));
    lookup_memo_put(m, "station:7", 101, NULL, "closed");
    const struct memo_entry *e = lookup_memo_get(m, "station:7");
    assert_int_equal(e->rc, 101);
    assert_null(e->a);
    assert_string_equal(e->b, "closed");
    lookup_memo_free(m);
}

/* The client search reads a one-letter query from the pinyin column
 * alone (store/client_store.c): it relies on every name's initials
 * beginning with the letter its pinyin begins with. */
static void initials_begin_as_the_pinyin_does(void **state)
{
    (void)state;
    static const char *const names[] = {
        "张三", "曾华", "单田芳", "解放", "仇英", "欧阳娜娜", "Mary王",
        "3号", "·张小明", "王-小明", "😀李四", "  赵  ", "", "ABC",
    };
    char full[128], initials[64];
    pinyin_name("张三", full, sizeof full, initials, sizeof initials);
    assert_string_equal(full, "zhangsan");
    assert_string_equal(initials, "zs");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        pinyin_name(names[i], full, sizeof full, initials, sizeof initials);
        assert_int_equal(full[0], initials[0]);
    }
}

/* A compound surname is read as one at the start of a name only: typing
 * "ycg" finds 尉迟恭, "zswj" 长孙无忌; 尉缭 is wei, and a 长 later in a
 * name reads as it does alone. */
static void compound_surnames_read_as_one(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"尉迟恭", "yuchigong", "ycg"},   {"长孙无忌", "zhangsunwuji", "zswj"},
        {"万俟卨", "moqixie", "mqx"},     {"澹台灭明", "tantaimieming", "ttmm"},
        {"尉缭", "weiliao", "wl"},        {"王长孙", "wangchangsun", "wcs"},
        {"欧阳娜娜", "ouyangnana", "oynn"}, {"尉", "wei", "w"},
    };
    char full[128], initials[64], key[128];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pinyin_name(cases[i][0], full, sizeof full, initials, sizeof initials);
        assert_string_equal(full, cases[i][1]);
        assert_string_equal(initials, cases[i][2]);
    }
    /* The sort key keeps each character's own surname reading: its
     * prefix is what a search by the first characters reads, and 尉
     * alone must find 尉迟恭. */
    pinyin_sort_key("尉迟恭", key, sizeof key);
    assert_string_equal(key, "wei 尉chi 迟gong 恭");
    pinyin_name("尉 迟恭", full, sizeof full, initials, sizeof initials);
    assert_string_equal(full, "weichigong"); /* apart: not one surname */
}

/* A register sorted by name groups each surname: by the full pinyin
 * 程静 (chengjing) came between 陈安 (chenan) and 陈阳 (chenyang), and 梁
 * and 林 fell among the 李. */
static int by_sort_key(const void *a, const void *b)
{
    char ka[128], kb[128];
    pinyin_sort_key(*(const char *const *)a, ka, sizeof ka);
    pinyin_sort_key(*(const char *const *)b, kb, sizeof kb);
    return strcmp(ka, kb);
}

static void sort_keys_group_surnames(void **state)
{
    (void)state;
    const char *names[] = {"程静", "陈阳", "刘洋", "陈安", "沉香",
                           "李冰", "梁红", "李安", "林涛", "黎明"};
    static const char *const sorted[] = {"沉香", "陈安", "陈阳", "程静",
                                         "李安", "李冰", "黎明", "梁红",
                                         "林涛", "刘洋"};
    size_t n = sizeof names / sizeof names[0];
    qsort(names, n, sizeof names[0], by_sort_key);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(names[i], sorted[i]);
    }
    char key[128];
    pinyin_sort_key("单田芳", key, sizeof key); /* a surname's reading */
    assert_string_equal(key, "shan 单tian 田fang 芳");
    pinyin_sort_key("阿依古丽·买买提", key, sizeof key);
    assert_null(strstr(key, "\xc2\xb7"));
    assert_true(strncmp(key, "a 阿yi 依gu 古li 丽mai 买", 28) == 0);
    pinyin_sort_key("Mary王 3号", key, sizeof key);
    assert_string_equal(key, "mary wang 王3 hao 号");
    pinyin_sort_key("", key, sizeof key);
    assert_string_equal(key, "");
    /* The bound the callers allocate: 4 bytes a byte of the name. */
    static const char *const worst[] = {"庄庄庄", "a-b-c", "𠀀𠀀", "zh·a"};
    for (size_t i = 0; i < sizeof worst / sizeof worst[0]; i++) {
        char small[4 * 12 + 1];
        pinyin_sort_key(worst[i], small, 4 * strlen(worst[i]) + 1);
        pinyin_sort_key(worst[i], key, sizeof key);
        assert_string_equal(small, key); /* nothing cut */
    }
}

/* Sealed texts of one value from two threads: each opens to the value,
 * and no nonce (the first 24 bytes, 32 base64 characters) comes twice,
 * across many refills of each thread's pool. */
#define SEALS 600
static unsigned char seal_key[SECRET_KEY_BYTES];

static void *seal_many(void *arg)
{
    char **out = arg;
    for (int i = 0; i < SEALS; i++) {
        out[i] = secret_encrypt(seal_key, (const unsigned char *)"13800138000",
                                11);
    }
    return NULL;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sealing_never_repeats_a_nonce(void **state)
{
    (void)state;
    assert_true(sodium_init() >= 0);
    randombytes_buf(seal_key, sizeof seal_key);
    static char *texts[2 * SEALS];
    pthread_t other;
    assert_int_equal(pthread_create(&other, NULL, seal_many, texts + SEALS),
                     0);
    seal_many(texts);
    assert_int_equal(pthread_join(other, NULL), 0);
    for (int i = 0; i < 2 * SEALS; i++) {
        unsigned char plain[32];
        assert_int_equal(secret_decrypt(seal_key, texts[i], plain,
                                        sizeof plain),
                         11);
        assert_memory_equal(plain, "13800138000", 11);
        texts[i][32] = '\0'; /* the nonce's base64 */
    }
    qsort(texts, 2 * SEALS, sizeof texts[0], by_text);
    for (int i = 1; i < 2 * SEALS; i++) {
        assert_string_not_equal(texts[i - 1], texts[i]);
    }
    for (int i = 0; i < 2 * SEALS; i++) {
        free(texts[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_accepts_text_and_refuses_bad_bytes),
        cmocka_unit_test(utf8_blank_and_flaws),
        cmocka_unit_test(utf8_names_need_a_letter),
        cmocka_unit_test(utf8_han_spaces_squeezed),
        cmocka_unit_test(utf8_fullwidth_folded),
        cmocka_unit_test(utf8_ends_trimmed_and_names_compared),
        cmocka_unit_test(text_mixed_encodings),
        cmocka_unit_test(parse_int64_is_strict),
        cmocka_unit_test(parse_date_knows_the_calendar),
        cmocka_unit_test(beijing_time_decides_the_day),
        cmocka_unit_test(phone_numbers_as_written_on_forms),
        cmocka_unit_test(phone_cells_say_what_is_wrong),
        cmocka_unit_test(workbook_sheets_read_one_by_one),
        cmocka_unit_test(arena_grow_keeps_what_was_there),
        cmocka_unit_test(yuan_keeps_its_sign_once),
        cmocka_unit_test(yuan_grouped_by_thousands),
        cmocka_unit_test(region_codes_by_length),
        cmocka_unit_test(csv_reads_quotes_bom_and_crlf),
        cmocka_unit_test(csv_numbers_records_as_a_spreadsheet_rows),
        cmocka_unit_test(csv_drops_fields_past_its_width),
        cmocka_unit_test(jsonw_escapes_and_places_commas),
        cmocka_unit_test(sheet_neutralises_long_cells_whole),
        cmocka_unit_test(messages_fill_the_label_and_pick_the_language),
        cmocka_unit_test(config_precedence_flags_over_env_over_file),
        cmocka_unit_test(thumbnails_follow_exif_orientation),
        cmocka_unit_test(jpeg_size_is_the_decoders),
        cmocka_unit_test(lookup_memo_remembers_every_answer),
        cmocka_unit_test(sealing_never_repeats_a_nonce),
        cmocka_unit_test(initials_begin_as_the_pinyin_does),
        cmocka_unit_test(sort_keys_group_surnames),
        cmocka_unit_test(compound_surnames_read_as_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
