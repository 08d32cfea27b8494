/* The crisis intervention form (危机介入记录): what happened (kind), how
 * grave (risk level), what was done (measures), with whom (the partners
 * notified: the plans' 危机处理小组 works with the village committee, the
 * police and others), the result (resolved, 化解, is what the plans
 * count) and how it will be followed up. The API checks the form's
 * shape with a schema; these are the rules across its fields. */
#ifndef SGZ_CRISIS_FORM_H
#define SGZ_CRISIS_FORM_H
#include <jansson.h>
#include <stdbool.h>

#include "msg.h"

/* Trims the form's texts and drops the other partner's name when "other"
 * is not among the partners; then checks. On failure returns false with
 * *msg, *field (a path inside "crisis") and the field's name for the
 * message. */
bool crisis_form_check(json_t *crisis, enum msg_id *msg, const char **field,
                       const char **label_zh, const char **label_en);

/* The result of a form stored as JSON text ("resolved" …), malloc'd; ""
 * when the text holds none. */
char *crisis_form_result_alloc(const char *text);

#endif
