/* Unit tests of the rules a client record must obey: the ID number
 * (GB 11643) and its masking, the age a birth date gives, a category's
 * age limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/category_age.h"
#include "core/client_service.h"
#include "core/id_number.h"

static const char *const today = "2026-11-29";

static enum msg_id parse(const char *s, struct id_number *id)
{
    return id_number_parse(s, today, id);
}

static void id_number_accepts_valid_numbers_and_derives(void **state)
{
    (void)state;
    struct id_number id;
    /* The standard's own example. */
    assert_int_equal(parse("11010519491231002X", &id), MSG_COUNT_);
    assert_string_equal(id.number, "11010519491231002X");
    assert_string_equal(id.birth_date, "1949-12-31");
    assert_int_equal(id.sex, 'F'); /* 002: even */
    assert_string_equal(id.county, "110105");
    assert_false(id.converted);
    /* Lower-case x is read as X. */
    assert_int_equal(parse("11010519491231002x", &id), MSG_COUNT_);
    assert_string_equal(id.number, "11010519491231002X");
    assert_int_equal(parse("430223198001010019", &id), MSG_COUNT_);
    assert_int_equal(id.sex, 'M');
    /* A leap day. */
    assert_int_equal(parse("430223202002290015", &id), MSG_COUNT_);
    assert_string_equal(id.birth_date, "2020-02-29");
}

static void id_number_converts_15_digits(void **state)
{
    (void)state;
    struct id_number id;
    assert_int_equal(parse("110105491231002", &id), MSG_COUNT_);
    assert_string_equal(id.number, "11010519491231002X");
    assert_true(id.converted);
    assert_string_equal(id.birth_date, "1949-12-31");
}

static void id_number_names_each_mistake(void **state)
{
    (void)state;
    struct id_number id;
    assert_int_equal(parse("", &id), MSG_REQUIRED);
    assert_int_equal(parse("430223198001010018", &id), MSG_ID_CHECK);
    assert_int_equal(parse("43022319800101001", &id), MSG_ID_LENGTH);
    assert_int_equal(parse("4302231980010100190", &id), MSG_ID_LENGTH);
    assert_int_equal(parse("430223198001010019 ", &id), MSG_HAS_SPACE);
    assert_int_equal(parse(" 430223198001010019", &id), MSG_HAS_SPACE);
    assert_int_equal(parse("430223198001010019\xe3\x80\x80", &id),
                     MSG_HAS_SPACE);
    /* "４３" typed with a Chinese input method */
    assert_int_equal(parse("\xef\xbc\x94\xef\xbc\x93" "0223198001010019",
                           &id),
                     MSG_ID_FULLWIDTH);
    assert_int_equal(parse("43022319800101001Y", &id), MSG_ID_CHARS);
    assert_int_equal(parse("4302231980O101001X", &id), MSG_ID_CHARS);
    assert_int_equal(parse("X30223198001010019", &id), MSG_ID_CHARS);
    assert_int_equal(parse("990223198001010019", &id), MSG_ID_PROVINCE);
    assert_int_equal(parse("000223198001010019", &id), MSG_ID_PROVINCE);
    /* 2021 is not a leap year; month 13; day 32; day 00 */
    assert_int_equal(parse("430223202102290012", &id), MSG_ID_BIRTH);
    assert_int_equal(parse("430223198013010019", &id), MSG_ID_BIRTH);
    assert_int_equal(parse("430223198001320019", &id), MSG_ID_BIRTH);
    assert_int_equal(parse("430223198001000019", &id), MSG_ID_BIRTH);
    assert_int_equal(parse("430223180001010019", &id), MSG_ID_BIRTH);
    /* Tomorrow, in Beijing. */
    char n[19];
    memcpy(n, "43022320261130001", 17);
    n[17] = id_number_check_char(n);
    n[18] = 0;
    assert_int_equal(parse(n, &id), MSG_ID_BIRTH_FUTURE);
    memcpy(n, "43022320261129001", 17);
    n[17] = id_number_check_char(n);
    assert_int_equal(parse(n, &id), MSG_COUNT_);
    /* A 15-digit number with a bad date. */
    assert_int_equal(parse("430223800230001", &id), MSG_ID_BIRTH);
}

static void id_number_masks_all_but_the_ends(void **state)
{
    (void)state;
    char buf[19];
    id_number_mask("43022319800101001X", buf);
    assert_string_equal(buf, "4302**********001X");
    id_number_mask("abc", buf);
    assert_string_equal(buf, "***");
}

/* The age decides who is under 14 (consent, sensitive) on a given day. */
static void client_age_counts_whole_years(void **state)
{
    (void)state;
    assert_int_equal(client_age("2012-11-30", today), 13);
    assert_int_equal(client_age("2012-11-29", today), 14);
    assert_int_equal(client_age("1949-12-31", today), 76);
    /* Born on 29 February: a year older on 1 March in other years. */
    assert_int_equal(client_age("2008-02-29", "2026-02-28"), 17);
    assert_int_equal(client_age("2008-02-29", "2026-03-01"), 18);
    /* No birth date, one after the day, or not a date: 0. */
    assert_int_equal(client_age("", today), 0);
    assert_int_equal(client_age("2027-01-01", today), 0);
    assert_int_equal(client_age("1980-13-01", today), 0);
    assert_int_equal(client_age("1980-1-1", today), 0);
}

static void category_age_birthday_is_the_day_the_age_is_reached(void **state)
{
    (void)state;
    char d[11];
    assert_int_equal(category_age_birthday("1996-03-05", 16, d), 0);
    assert_string_equal(d, "2012-03-05");
    /* A leap day: 1 March in other years, as client_age() counts. */
    assert_int_equal(category_age_birthday("2008-02-29", 18, d), 0);
    assert_string_equal(d, "2026-03-01");
    assert_int_equal(client_age("2008-02-29", "2026-02-28"), 17);
    assert_int_equal(client_age("2008-02-29", "2026-03-01"), 18);
    assert_int_equal(category_age_birthday("2008-02-29", 16, d), 0);
    assert_string_equal(d, "2024-02-29");
    assert_int_equal(category_age_birthday("", 18, d), -1);
    assert_int_equal(category_age_birthday("2008-02", 18, d), -1);
    assert_int_equal(category_age_birthday("2008-13-01", 18, d), -1);
}

static enum category_age age_check(const char *birth, int limit,
                                   const char *from, const char *to)
{
    char d[11];
    return category_age_check(birth, 0, limit, from, to, today, d);
}

static void category_age_limits_start_end_and_open_categories(void **state)
{
    (void)state;
    /* today is 2026-11-29. No limit, no birth date: anything goes. */
    assert_int_equal(age_check("1960-01-01", 0, "2020-01-01", NULL),
                     CATEGORY_AGE_OK);
    assert_int_equal(age_check(NULL, 18, "2020-01-01", NULL), CATEGORY_AGE_OK);
    assert_int_equal(age_check("", 18, "2020-01-01", NULL), CATEGORY_AGE_OK);
    /* A 66-year-old orphan. */
    char d[11];
    assert_int_equal(
        category_age_check("1960-01-01", 0, 18, "2020-01-01", NULL, today, d),
        CATEGORY_AGE_STARTED_LATE);
    assert_string_equal(d, "1978-01-01");
    /* A 10-year-old left-behind child, open. */
    assert_int_equal(age_check("2016-05-01", 16, "2020-01-01", NULL),
                     CATEGORY_AGE_OK);
    /* Turns 16 on 2026-11-29, today: open is no longer right. */
    assert_int_equal(age_check("2010-11-29", 16, "2020-01-01", NULL),
                     CATEGORY_AGE_NO_END);
    assert_int_equal(age_check("2010-11-30", 16, "2020-01-01", NULL),
                     CATEGORY_AGE_OK);
    /* Started the day before, or on, the 16th birthday. */
    assert_int_equal(age_check("2010-11-29", 16, "2026-11-28", "2026-11-28"),
                     CATEGORY_AGE_OK);
    assert_int_equal(age_check("2010-11-29", 16, "2026-11-29", "2026-11-29"),
                     CATEGORY_AGE_STARTED_LATE);
    /* A 17-year-old: ended the day before the birthday, on it, after it. */
    assert_int_equal(age_check("2009-06-01", 16, "2018-01-01", "2025-05-31"),
                     CATEGORY_AGE_OK);
    assert_int_equal(age_check("2009-06-01", 16, "2018-01-01", "2025-06-01"),
                     CATEGORY_AGE_ENDS_LATE);
    assert_int_equal(age_check("2009-06-01", 16, "2018-01-01", "2025-06-02"),
                     CATEGORY_AGE_ENDS_LATE);
    assert_int_equal(age_check("2009-06-01", 16, "2018-01-01", ""),
                     CATEGORY_AGE_NO_END);
    /* An end in the future, before the birthday. */
    assert_int_equal(age_check("2012-06-01", 16, "2020-01-01", "2027-12-31"),
                     CATEGORY_AGE_OK);
    assert_int_equal(age_check("2012-06-01", 16, "2020-01-01", "2028-06-02"),
                     CATEGORY_AGE_ENDS_LATE);
}

/* The lower bound (60 for the elderly categories): held only from the
 * day the person turns it, whatever the end; checked before the limit. */
static void category_age_from_starts_on_the_birthday(void **state)
{
    (void)state;
    char d[11];
    /* today is 2026-11-29. A 5-year-old 困难老人, however it is held. */
    assert_int_equal(
        category_age_check("2021-05-02", 60, 0, "2026-01-01", NULL, today, d),
        CATEGORY_AGE_STARTED_EARLY);
    assert_string_equal(d, "2081-05-02");
    assert_int_equal(category_age_check("2021-05-02", 60, 0, "2026-01-01",
                                        "2026-02-01", today, d),
                     CATEGORY_AGE_STARTED_EARLY);
    /* Turned 60 on 1966-05-02 + 60: started on the birthday, the day
     * before, long after. */
    assert_int_equal(
        category_age_check("1966-05-02", 60, 0, "2026-05-02", NULL, today, d),
        CATEGORY_AGE_OK);
    assert_string_equal(d, "");
    assert_int_equal(
        category_age_check("1966-05-02", 60, 0, "2026-05-01", NULL, today, d),
        CATEGORY_AGE_STARTED_EARLY);
    assert_string_equal(d, "2026-05-02");
    assert_int_equal(category_age_check("1966-05-02", 60, 0, "2026-05-01",
                                        "2026-05-20", today, d),
                     CATEGORY_AGE_STARTED_EARLY);
    assert_int_equal(
        category_age_check("1940-01-01", 60, 0, "2010-01-01", NULL, today, d),
        CATEGORY_AGE_OK);
    /* No start date: held today. */
    assert_int_equal(
        category_age_check("1966-11-29", 60, 0, NULL, NULL, today, d),
        CATEGORY_AGE_OK);
    assert_int_equal(
        category_age_check("1966-11-30", 60, 0, "", NULL, today, d),
        CATEGORY_AGE_STARTED_EARLY);
    /* A leap-day birth turns 60 on 1 March in a common year. */
    assert_int_equal(
        category_age_check("1964-02-29", 60, 0, "2024-02-29", NULL, today, d),
        CATEGORY_AGE_OK);
    assert_int_equal(
        category_age_check("1963-02-28", 60, 0, "2023-02-28", NULL, today, d),
        CATEGORY_AGE_OK);
    assert_int_equal(
        category_age_check("1960-02-29", 60, 0, "2020-02-28", NULL, today, d),
        CATEGORY_AGE_STARTED_EARLY);
    assert_int_equal(
        category_age_check("1961-02-28", 61, 0, "2022-02-28", NULL, today, d),
        CATEGORY_AGE_OK);
    assert_int_equal(
        category_age_check("1964-02-29", 61, 0, "2025-02-28", NULL, today, d),
        CATEGORY_AGE_STARTED_EARLY);
    assert_string_equal(d, "2025-03-01");
    /* Unknown birth date, no bound: fits. */
    assert_int_equal(
        category_age_check(NULL, 60, 0, "2026-01-01", NULL, today, d),
        CATEGORY_AGE_OK);
    assert_int_equal(
        category_age_check("", 60, 0, "2026-01-01", NULL, today, d),
        CATEGORY_AGE_OK);
    assert_int_equal(
        category_age_check("2021-05-02", 0, 0, "2026-01-01", NULL, today, d),
        CATEGORY_AGE_OK);
    /* Both bounds (from 14 to under 18): the lower one first, then the
     * limit as before. */
    assert_int_equal(
        category_age_check("2015-01-01", 14, 18, "2026-01-01", NULL, today, d),
        CATEGORY_AGE_STARTED_EARLY);
    assert_string_equal(d, "2029-01-01");
    assert_int_equal(
        category_age_check("2010-01-01", 14, 18, "2026-01-01", NULL, today, d),
        CATEGORY_AGE_OK);
    assert_int_equal(
        category_age_check("2008-01-01", 14, 18, "2024-01-01", NULL, today, d),
        CATEGORY_AGE_NO_END);
    assert_string_equal(d, "2026-01-01");
}

static void category_age_phrase_names_category_limit_and_day(void **state)
{
    (void)state;
    char buf[400];
    category_age_phrase(LANG_ZH, "农村留守儿童", CATEGORY_AGE_NO_END, 0, 16,
                        "2012-03-05", buf, sizeof buf);
    assert_string_equal(buf, "「农村留守儿童」仅适用于未满16周岁的服务对象，"
                             "该对象于2012-03-05已满16周岁");
    char msg[512];
    msg_format(category_age_msg(CATEGORY_AGE_NO_END), LANG_ZH, buf, msg,
               sizeof msg);
    assert_string_equal(msg, "「农村留守儿童」仅适用于未满16周岁的服务对象，"
                             "该对象于2012-03-05已满16周岁，"
                             "请填写该类别的结束日期");
    category_age_phrase(LANG_EN, "Orphan", CATEGORY_AGE_STARTED_LATE, 0, 18,
                        "1978-01-01", buf, sizeof buf);
    msg_format(category_age_msg(CATEGORY_AGE_STARTED_LATE), LANG_EN, buf, msg,
               sizeof msg);
    assert_string_equal(msg, "\"Orphan\" applies only to clients under 18; "
                             "this client turned 18 on 1978-01-01");
    /* The lower bound names its age and day, both languages. */
    category_age_phrase(LANG_ZH, "困难老人", CATEGORY_AGE_STARTED_EARLY, 60, 0,
                        "2031-05-02", buf, sizeof buf);
    msg_format(category_age_msg(CATEGORY_AGE_STARTED_EARLY), LANG_ZH, buf, msg,
               sizeof msg);
    assert_string_equal(msg, "「困难老人」仅适用于年满60周岁的服务对象，"
                             "该对象于2031-05-02年满60周岁，"
                             "该类别的开始日期不得早于该日");
    category_age_phrase(LANG_EN, "Elderly person in hardship",
                        CATEGORY_AGE_STARTED_EARLY, 60, 0, "2031-05-02", buf,
                        sizeof buf);
    msg_format(category_age_msg(CATEGORY_AGE_STARTED_EARLY), LANG_EN, buf, msg,
               sizeof msg);
    assert_string_equal(msg, "\"Elderly person in hardship\" applies only "
                             "to clients aged 60 or over; this client "
                             "reaches 60 on 2031-05-02: the category cannot "
                             "start before that day");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(id_number_accepts_valid_numbers_and_derives),
        cmocka_unit_test(id_number_converts_15_digits),
        cmocka_unit_test(id_number_names_each_mistake),
        cmocka_unit_test(id_number_masks_all_but_the_ends),
        cmocka_unit_test(client_age_counts_whole_years),
        cmocka_unit_test(category_age_birthday_is_the_day_the_age_is_reached),
        cmocka_unit_test(category_age_limits_start_end_and_open_categories),
        cmocka_unit_test(category_age_from_starts_on_the_birthday),
        cmocka_unit_test(category_age_phrase_names_category_limit_and_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
