/* Loading official schedules into the database: the years built into the
 * binary (chinese-days, 2004 onwards) that are not loaded yet, or a
 * sysadmin's file for a new year. Each year in one transaction with an
 * audit row. */
#ifndef SGZ_CALENDAR_LOAD_H
#define SGZ_CALENDAR_LOAD_H
#include <stddef.h>

#include "../db/db.h"
#include "actor.h"
#include "calendar.h"

/* calendar_load_file's answer for a file that is not a calendar. */
#define CALENDAR_BAD_FILE 1

/* The built-in years missing from the database; *added counts them. */
int calendar_load_builtin(struct db *db, const struct actor *who,
                          int *added, char *err, size_t errlen);
/* A file's years (year 0: every year in it; else only that one),
 * replacing what is loaded for them; *added counts the years. A bad file
 * is CALENDAR_BAD_FILE with *fail saying why, and writes nothing. */
int calendar_load_file(struct db *db, const struct actor *who,
                       const char *text, size_t len, int year, int *added,
                       struct calendar_fail *fail);

#endif
