#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "cn_time.h"

static int quiet;

void log_set_quiet(int q)
{
    quiet = q;
}

__attribute__((format(printf, 2, 0))) static void
vlog(const char *level, const char *fmt, va_list ap)
{
    char line[2048];
    char ts[32];
    cn_iso8601(cn_now(), ts);
    int n = snprintf(line, sizeof line, "%s %s ", ts, level);
    if (n < 0 || (size_t)n >= sizeof line) {
        return;
    }
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    if (m < 0) {
        return;
    }
    size_t len = (size_t)n + (size_t)m;
    if (len > sizeof line - 2) {
        len = sizeof line - 2;
    }
    line[len++] = '\n';
    log_line(2, line, len);
}

void log_info(const char *fmt, ...)
{
    if (quiet) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vlog("info", fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("warn", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("error", fmt, ap);
    va_end(ap);
}

void log_line(int fd, const char *line, unsigned long len)
{
    if (fd < 0) {
        return;
    }
    while (len > 0) {
        ssize_t w = write(fd, line, len);
        if (w <= 0) {
            return;
        }
        line += w;
        len -= (unsigned long)w;
    }
}
