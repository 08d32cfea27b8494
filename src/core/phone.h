/* Chinese phone numbers as people write them on forms. */
#ifndef SGZ_PHONE_H
#define SGZ_PHONE_H
#include <stdbool.h>
#include <stddef.h>

#include "msg.h"

/* A mobile number (11 digits, 1[3-9]…) or a landline with its area code
 * (0 + 2–3 digits, optional '-', 7–8 digits, optional "-" extension of
 * 1–6 digits). No spaces, no full-width digits. */
bool phone_valid(const char *s);

/* Why phone_valid refused s: "无" for none, a number Excel turned into
 * 1.39073E+10, an extension written 转, two numbers in one, a number with
 * words beside it (13907330001（儿子）), a space, a mobile written with
 * '-', full-width characters (what a Chinese input method types), or not
 * a number at all. */
enum msg_id phone_problem(const char *s);
bool phone_is_mobile(const char *s);
/* Whether s is what a register writes for no number (无, 暂无, -). */
bool phone_is_placeholder(const char *s);
/* A landline with its extension written 转 123, 分机123 or ext 123: true
 * with the number as phone_valid takes it (0731-22345678-123) in out. */
bool phone_extension(const char *s, char *out, size_t len);

#endif
