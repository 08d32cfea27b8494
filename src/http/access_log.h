/* The access log, one JSON line per request, written in batches: a write(2)
 * per request was a sixth of the cost of a cheap request. Lines wait at
 * most a tenth of a second, and everything is flushed at shutdown. */
#ifndef SGZ_ACCESS_LOG_H
#define SGZ_ACCESS_LOG_H
#include <stddef.h>

struct access_log;

/* fd < 0: lines are discarded. The log does not close fd. */
struct access_log *access_log_new(int fd);
/* Flushes and stops the writer. */
void access_log_free(struct access_log *l);
void access_log_add(struct access_log *l, const char *line, size_t len);

#endif
