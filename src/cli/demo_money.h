/* `sgz demo`: the county's money — this and last year's budget lines
 * (the plan's own figures where it gives them: 涿鹿 3,320,200 + 446,000
 * 元, 原州区 5.45 million 元 against its social-assistance spending),
 * their allocations, and, for the county's latest contract when there is
 * one, a year of expenditures and a payment schedule with one
 * installment overdue and one paid on an override. Idempotent: a county
 * that has budget lines is left alone. */
#ifndef SGZ_DEMO_MONEY_H
#define SGZ_DEMO_MONEY_H
#include "../core/profile.h"
#include "../db/db.h"

/* EXIT_OK, or EXIT_RUNTIME with a message on standard error. */
int demo_money(struct db *db, const struct profile *p, const char *county);

#endif
