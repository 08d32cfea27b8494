#include "person_name.h"

#include "../util/utf8.h"

bool person_name_ok(const char *s)
{
    return utf8_name_ok(s) && utf8_name_plain(s);
}

enum msg_id person_name_problem(const char *s)
{
    return utf8_name_ok(s) ? MSG_NAME_SYMBOL : MSG_NAME_NO_LETTER;
}
