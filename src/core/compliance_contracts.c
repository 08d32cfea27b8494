/* Compliance rules on contracts (issue 7). */
#include "compliance_rules.h"

const struct compliance_rule compliance_contract_rules[] = {
    {0},
};
