#include "thumbnail.h"

#include <gd.h>
#include <stdbool.h>
#include <string.h>

#include "file_type.h"

static unsigned rd16(const unsigned char *q, bool le)
{
    return le ? (unsigned)(q[0] | q[1] << 8) : (unsigned)(q[0] << 8 | q[1]);
}

static unsigned long rd32(const unsigned char *q, bool le)
{
    return le ? (unsigned long)q[0] | (unsigned long)q[1] << 8 |
                    (unsigned long)q[2] << 16 | (unsigned long)q[3] << 24
              : (unsigned long)q[0] << 24 | (unsigned long)q[1] << 16 |
                    (unsigned long)q[2] << 8 | (unsigned long)q[3];
}

/* The Exif orientation (1-8) of a JPEG: how a phone held upright says to
 * turn the pixels it stored sideways. 1 when there is none. */
int thumbnail_jpeg_orientation(const unsigned char *p, size_t n)
{
    size_t i = 2;
    while (n >= 2 && p[0] == 0xFF && p[1] == 0xD8 && i + 4 <= n &&
           p[i] == 0xFF) {
        unsigned marker = p[i + 1];
        size_t len = (size_t)p[i + 2] << 8 | p[i + 3];
        if (marker == 0xDA || marker == 0xD9 || len < 2 || i + 2 + len > n) {
            break; /* image data, or a segment that overruns */
        }
        const unsigned char *seg = p + i + 4;
        size_t sn = len - 2;
        if (marker == 0xE1 && sn >= 14 && memcmp(seg, "Exif\0\0", 6) == 0) {
            const unsigned char *t = seg + 6; /* the TIFF header */
            size_t tn = sn - 6;
            bool le = t[0] == 'I' && t[1] == 'I';
            if (!le && !(t[0] == 'M' && t[1] == 'M')) {
                return 1;
            }
            unsigned long ifd = rd32(t + 4, le);
            if (ifd > tn || tn - ifd < 2) {
                return 1;
            }
            unsigned count = rd16(t + ifd, le);
            for (unsigned k = 0; k < count; k++) {
                size_t e = (size_t)ifd + 2 + (size_t)k * 12;
                if (e + 12 > tn) {
                    return 1;
                }
                if (rd16(t + e, le) == 0x0112) {
                    unsigned v = rd16(t + e + 8, le);
                    return v >= 1 && v <= 8 ? (int)v : 1;
                }
            }
            return 1;
        }
        i += 2 + len;
    }
    return 1;
}

/* Turns img as orientation says; returns the image to use (img itself,
 * or a new one, img then destroyed). NULL when out of memory. */
static gdImagePtr upright(gdImagePtr img, int orientation)
{
    /* 2, 4, 5, 7 are mirrored: flip, then turn as 1, 3, 6, 8 would. */
    if (orientation == 2 || orientation == 4 || orientation == 5 ||
        orientation == 7) {
        gdImageFlipHorizontal(img);
    }
    float ccw = 0; /* libgd turns counter-clockwise */
    switch (orientation) {
    case 3:
    case 4:
        ccw = 180;
        break;
    case 6:
    case 7:
        ccw = 270;
        break;
    case 5:
    case 8:
        ccw = 90;
        break;
    default:
        return img;
    }
    gdImagePtr r = gdImageRotateInterpolated(img, ccw, 0);
    gdImageDestroy(img);
    return r;
}

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
    if (small && p[0] == 0xFF) {
        small = upright(small, thumbnail_jpeg_orientation(p, n));
    }
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
