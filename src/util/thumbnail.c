#include "thumbnail.h"

#include <gd.h>
#include <string.h>

#include "file_type.h"

int thumbnail_make(const unsigned char *p, size_t n, struct strbuf *out)
{
    int w, h;
    if (n > (size_t)0x7fffffff || !file_type_image_size(p, n, &w, &h) ||
        (long)w * h > THUMB_MAX_PIXELS) {
        return -1;
    }
    gdImagePtr img = n >= 3 && p[0] == 0xFF
                         ? gdImageCreateFromJpegPtr((int)n, (void *)p)
                         : gdImageCreateFromPngPtr((int)n, (void *)p);
    if (!img) {
        return -1;
    }
    int sw = gdImageSX(img), sh = gdImageSY(img);
    int tw = sw, th = sh;
    if (sw >= sh && sw > THUMB_SIDE) {
        tw = THUMB_SIDE;
        th = (int)((long)sh * THUMB_SIDE / sw);
    } else if (sh > sw && sh > THUMB_SIDE) {
        th = THUMB_SIDE;
        tw = (int)((long)sw * THUMB_SIDE / sh);
    }
    if (tw < 1) {
        tw = 1;
    }
    if (th < 1) {
        th = 1;
    }
    gdImageSetInterpolationMethod(img, GD_BILINEAR_FIXED);
    gdImagePtr small = gdImageScale(img, (unsigned)tw, (unsigned)th);
    gdImageDestroy(img);
    if (!small) {
        return -1;
    }
    int size = 0;
    void *jpeg = gdImageJpegPtr(small, &size, 80);
    gdImageDestroy(small);
    if (!jpeg || size <= 0) {
        gdFree(jpeg);
        return -1;
    }
    strbuf_add(out, jpeg, (size_t)size);
    gdFree(jpeg);
    return 0;
}
