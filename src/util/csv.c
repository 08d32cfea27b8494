#include "csv.h"

void csv_init(struct csv *c, const char *data, size_t len)
{
    c->p = data;
    c->end = data + len;
    c->line = 0;
    c->nfields = 0;
    /* Skip a UTF-8 byte-order mark. */
    if (len >= 3 && (unsigned char)data[0] == 0xef &&
        (unsigned char)data[1] == 0xbb && (unsigned char)data[2] == 0xbf) {
        c->p += 3;
    }
}

int csv_next(struct csv *c)
{
    if (c->p >= c->end) {
        return 0;
    }
    c->line++;
    c->nfields = 0;
    for (;;) {
        char *out =
            c->nfields < CSV_MAX_FIELDS ? c->field[c->nfields++] : NULL;
        size_t n = 0;
        bool quoted = c->p < c->end && *c->p == '"';
        if (quoted) {
            c->p++;
        }
        for (;;) {
            if (c->p >= c->end) {
                if (quoted) {
                    return -1;
                }
                if (out) {
                    out[n] = 0;
                }
                return 1;
            }
            char ch = *c->p;
            if (quoted) {
                if (ch == '"') {
                    if (c->p + 1 < c->end && c->p[1] == '"') {
                        c->p++;
                    } else {
                        quoted = false;
                        c->p++;
                        continue;
                    }
                }
            } else if (ch == ',') {
                c->p++;
                break;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && c->p + 1 < c->end && c->p[1] == '\n') {
                    c->p++;
                }
                c->p++;
                if (out) {
                    out[n] = 0;
                }
                return 1;
            }
            if (out) {
                if (n + 1 >= CSV_MAX_FIELD) {
                    return -1;
                }
                out[n++] = ch;
            }
            c->p++;
        }
        if (out) {
            out[n] = 0;
        }
    }
}
