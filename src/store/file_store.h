/* The file store (DESIGN.md §3): attachments live outside the database,
 * in one directory shared by the nodes and copied by every backup, each
 * file named by the SHA-256 of its bytes (ab/cd/abcd…), so that the same
 * photo uploaded twice is kept once and a name says nothing about whose
 * it is. Writes are atomic: a temporary file, fsync, rename. */
#ifndef SGZ_FILE_STORE_H
#define SGZ_FILE_STORE_H
#include <stddef.h>

#include "../util/strbuf.h"

/* Stores bytes; sha receives their hex SHA-256. 0, or -1 with errno. */
int file_store_put(const char *dir, const void *data, size_t n,
                   char sha[65]);
/* Reads a stored file into out (appended). 0, or -1 with errno (ENOENT
 * when it is not there). */
int file_store_get(const char *dir, const char *sha, struct strbuf *out);
/* Removes a stored file (gone already is fine). */
int file_store_remove(const char *dir, const char *sha);
/* Copies every stored file from one store into another (a backup or a
 * restore); files already there are kept. Returns the number copied, or
 * -1 with errno. */
long file_store_copy(const char *from, const char *to);

#endif
