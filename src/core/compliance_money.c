/* Compliance rules on money (issue 7). */
#include "compliance_rules.h"

const struct compliance_rule compliance_money_rules[] = {
    {0},
};
