/* 通知公告: notices from the bureau to stations, with read receipts. A
 * notice goes to a region (a division prefix; empty for everyone) and is
 * seen by users whose data range meets that region. */
#ifndef SGZ_NOTICE_STORE_H
#define SGZ_NOTICE_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"
#include "scope.h"

struct notice {
    int64_t id, author_id, created_at, reads;
    const char *title, *body, *region_prefix, *region_name, *author;
    bool withdrawn, read;
};

int notice_store_insert(struct db *db, const struct notice *n, int64_t *id);
/* The notices that reach user_id, of range sc, newest first. */
int notice_store_list(struct db *db, struct arena *a, int64_t user_id,
                      const struct scope *sc, int64_t offset, int limit, struct notice **out,
                      size_t *n, int64_t *total);
/* DB_ROW and *out when user_id may see it, else DB_DONE. */
int notice_store_get(struct db *db, struct arena *a, int64_t user_id,
                     const struct scope *sc, int64_t id, struct notice *out);
int notice_store_mark_read(struct db *db, int64_t id, int64_t user_id,
                           int64_t now);
int notice_store_withdraw(struct db *db, int64_t id);

struct notice_read {
    int64_t user_id, read_at;
    const char *username, *display_name;
};
int notice_store_reads(struct db *db, struct arena *a, int64_t id,
                       struct notice_read **out, size_t *n);

#endif
