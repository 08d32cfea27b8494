#include "credit_code.h"

#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int value_of(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

char credit_code_check_char(const char *first17)
{
    static const int weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                     29, 25, 13, 8,  24, 10, 30, 28};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = value_of(first17[i]);
        if (v < 0) {
            return 0;
        }
        sum += v * weights[i];
    }
    int c = 31 - sum % 31;
    return alphabet[c == 31 ? 0 : c];
}

/* The organisation code's own check (GB 11714): eight characters, then
 * 11 − (Σ value × weight mod 11), 10 written X and 11 written 0. */
static bool org_code_ok(const char *p)
{
    static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = p[i];
        int v = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'A' && c <= 'Z' ? c - 'A' + 10
                                       : -1;
        if (v < 0) {
            return false;
        }
        sum += v * weights[i];
    }
    int r = 11 - sum % 11;
    char want = r == 10 ? 'X' : r == 11 ? '0' : (char)('0' + r);
    return p[8] == want;
}

enum msg_id credit_code_check(const char *code)
{
    size_t n = strlen(code);
    if (n != 18) {
        return MSG_CREDIT_CODE_LENGTH;
    }
    for (size_t i = 0; i < n; i++) {
        if (value_of(code[i]) < 0) {
            return MSG_CREDIT_CODE_CHAR;
        }
    }
    for (int i = 2; i < 8; i++) {
        if (code[i] < '0' || code[i] > '9') {
            return MSG_CREDIT_CODE_REGION;
        }
    }
    if (!org_code_ok(code + 8)) {
        return MSG_CREDIT_CODE_ORG;
    }
    if (credit_code_check_char(code) != code[17]) {
        return MSG_CREDIT_CODE_CHECK;
    }
    return MSG_COUNT_;
}
