/* Compliance rules on staff (issue 7). */
#include "compliance_rules.h"

const struct compliance_rule compliance_staff_rules[] = {
    {0},
};
