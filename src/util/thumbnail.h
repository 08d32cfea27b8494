/* Thumbnails of photos (JPEG, PNG) for lists and timelines: a JPEG at
 * most THUMB_SIDE pixels on its longer side, made with libgd. A photo's
 * size is read from its header first, and anything over THUMB_MAX_PIXELS
 * is not decoded (a small file can claim a huge picture). A JPEG's Exif
 * orientation turns its thumbnail upright. */
#ifndef SGZ_THUMBNAIL_H
#define SGZ_THUMBNAIL_H
#include <stddef.h>

#include "strbuf.h"

#define THUMB_SIDE 320
#define THUMB_MAX_PIXELS (50L * 1000 * 1000)

/* Appends the thumbnail's bytes to out: 0, or -1 when the photo cannot be
 * read or is too large. */
int thumbnail_make(const unsigned char *p, size_t n, struct strbuf *out);
/* The Exif orientation (1-8) of a JPEG, 1 when it has none: thumbnails
 * are turned upright by it, as phones store portrait photos sideways. */
int thumbnail_jpeg_orientation(const unsigned char *p, size_t n);

#endif
