/* The web UI's files, compiled into the binary, served for GET and HEAD
 * outside /api/: hashed assets cached for a year, index.html never, and
 * index.html for any other path so that the UI's routes survive a
 * reload (history mode). */
#ifndef SGZ_STATIC_FILES_H
#define SGZ_STATIC_FILES_H
#include <stdbool.h>

struct req;

/* Replies with a file when the request is for one; false when the path
 * is not the UI's (the caller answers 404 or 405). */
bool static_serve(struct req *r);

#endif
