/* Unit tests of the 统一社会信用代码 (GB 32100-2015) check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/credit_code.h"

static void real_codes_pass(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "91350100M000100Y43", /* the standard's example */
        "9144030071526726XG", "91330100799655058B", "91110000600037341L",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(credit_code_check(ok[i]), MSG_COUNT_);
        assert_int_equal(credit_code_check_char(ok[i]), ok[i][17]);
    }
}

static void each_mistake_is_named(void **state)
{
    (void)state;
    assert_int_equal(credit_code_check("91350100M000100Y4"),
                     MSG_CREDIT_CODE_LENGTH);
    assert_int_equal(credit_code_check("91350100M000100Y433"),
                     MSG_CREDIT_CODE_LENGTH);
    assert_int_equal(credit_code_check("91350100M000100YI3"),
                     MSG_CREDIT_CODE_CHAR);
    assert_int_equal(credit_code_check("91350100m000100Y43"),
                     MSG_CREDIT_CODE_CHAR);
    assert_int_equal(credit_code_check("9135A100M000100Y43"),
                     MSG_CREDIT_CODE_REGION);
    assert_int_equal(credit_code_check("91350100M000101Y43"),
                     MSG_CREDIT_CODE_ORG);
    assert_int_equal(credit_code_check("91350100M000100Y44"),
                     MSG_CREDIT_CODE_CHECK);
    /* Every single-character change of a valid code is caught. */
    const char *good = "91330100799655058B";
    const char *alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char buf[19];
    for (int i = 0; i < 18; i++) {
        for (const char *c = alphabet; *c; c++) {
            memcpy(buf, good, 19);
            if (buf[i] == *c) {
                continue;
            }
            buf[i] = *c;
            assert_int_not_equal(credit_code_check(buf), MSG_COUNT_);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(real_codes_pass),
        cmocka_unit_test(each_mistake_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
