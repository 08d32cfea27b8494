/* Attempts per client address per minute (logins), in memory: a fixed
 * table, so a flood of addresses cannot make it grow. */
#ifndef SGZ_RATE_LIMIT_H
#define SGZ_RATE_LIMIT_H
#include <stdbool.h>
#include <stdint.h>

struct rate_limit;

struct rate_limit *rate_limit_new(void);
void rate_limit_free(struct rate_limit *rl);
/* Counts one attempt by address at now; false when it is over limit in
 * the current minute (*retry_after: seconds until the next). */
bool rate_limit_allow(struct rate_limit *rl, const char *address,
                      int64_t limit, int64_t now, int64_t *retry_after);

#endif
