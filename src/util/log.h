/* Diagnostics to stderr, one line each, and the access log. */
#ifndef SGZ_LOG_H
#define SGZ_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write one complete line with a single write(2), so that lines from
 * several threads never interleave. fd < 0 discards it. */
void log_line(int fd, const char *line, unsigned long len);
/* Silences log_info (for tests and command-line output). */
void log_set_quiet(int quiet);

#endif
