/* 统一社会信用代码 (GB 32100-2015): the registration number of an
 * organisation, 18 characters from the 31 of "0123456789ABCDEFGHJKLMNPQ
 * RTUWXY" (no I, O, S, V, Z) — the registering authority, the kind of
 * organisation, the division code of the registration, the 9-character
 * organisation code (GB 11714, with its own check character), and a
 * check character over the first 17. Each mistake gets its own message. */
#ifndef SGZ_CREDIT_CODE_H
#define SGZ_CREDIT_CODE_H
#include <stdbool.h>

#include "msg.h"

/* MSG_COUNT_ when valid; else what is wrong with it. */
enum msg_id credit_code_check(const char *code);
/* The check character the first 17 characters call for, 0 when they are
 * not from the code's alphabet. */
char credit_code_check_char(const char *first17);

#endif
