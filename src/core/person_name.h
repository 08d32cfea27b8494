/* What a person's name may be (a client's, a guardian's, a household
 * member's, a worker's, a user's), one rule for the forms, the API and
 * the import: a letter at least, and none of the symbols that make a
 * pasted formula or tag (util/utf8.h). */
#ifndef SGZ_PERSON_NAME_H
#define SGZ_PERSON_NAME_H
#include <stdbool.h>

#include "msg.h"

bool person_name_ok(const char *s);
/* Why person_name_ok refused s. */
enum msg_id person_name_problem(const char *s);

#endif
