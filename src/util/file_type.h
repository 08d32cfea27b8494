/* What an uploaded file really is, from its bytes, not its name: JPEG,
 * PNG, PDF, Office Open XML (docx, xlsx, pptx) and the old binary Office
 * formats (doc, xls, ppt). The name's extension must agree with the
 * content, so that a file called photo.jpg that is not a JPEG is
 * refused. */
#ifndef SGZ_FILE_TYPE_H
#define SGZ_FILE_TYPE_H
#include <stdbool.h>
#include <stddef.h>

struct file_type {
    const char *ext;  /* canonical extension, "jpg" */
    const char *mime; /* "image/jpeg" */
    bool image;       /* a photo: gets a thumbnail */
};

/* The type of the bytes as named; NULL when the content is not one of the
 * accepted types or the name's extension says something else. */
const struct file_type *file_type_of(const unsigned char *p, size_t n,
                                     const char *name);
/* A photo's width and height from its header (JPEG SOF, PNG IHDR),
 * without decoding it: false when not found. */
bool file_type_image_size(const unsigned char *p, size_t n, int *w, int *h);

#endif
