/* Unit tests of the rules a client record must obey: the ID number
 * (GB 11643) and its masking, and the age a birth date gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

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
    assert_int_equal(parse("430223198001010019 ", &id), MSG_ID_SPACE);
    assert_int_equal(parse(" 430223198001010019", &id), MSG_ID_SPACE);
    assert_int_equal(parse("430223198001010019\xe3\x80\x80", &id),
                     MSG_ID_SPACE);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(id_number_accepts_valid_numbers_and_derives),
        cmocka_unit_test(id_number_converts_15_digits),
        cmocka_unit_test(id_number_names_each_mistake),
        cmocka_unit_test(id_number_masks_all_but_the_ends),
        cmocka_unit_test(client_age_counts_whole_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
