/* libFuzzer target: what an uploaded file is (file_type_of), a photo's
 * size from its header, and the thumbnail made from it with libgd. A
 * type is only ever one of the accepted ones, and its extension is the
 * name's; a thumbnail is never larger than THUMB_SIDE. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/file_type.h"
#include "util/thumbnail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"a.jpg", "a.png", "a.pdf", "a.docx",
                                        "a.xls", "a"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const struct file_type *t = file_type_of(data, size, names[i]);
        if (t && strncmp(names[i] + 2, t->ext, strlen(t->ext)) != 0) {
            abort();
        }
    }
    int w, h;
    if (file_type_image_size(data, size, &w, &h) && (w <= 0 || h <= 0)) {
        abort();
    }
    if (size < 64 * 1024) {
        struct strbuf out;
        strbuf_init(&out);
        if (thumbnail_make(data, size, &out) == 0 &&
            !file_type_image_size((const unsigned char *)out.buf, out.len,
                                  &w, &h)) {
            abort();
        }
        if (out.len && (w > THUMB_SIDE || h > THUMB_SIDE)) {
            abort();
        }
        strbuf_free(&out);
    }
    return 0;
}
