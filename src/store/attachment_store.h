/* Attachments (附件): a row per file of a service record, a case or a
 * group, naming its bytes in the file store by SHA-256. Scope is the
 * owner's: the caller checks it with the owner's own store. */
#ifndef SGZ_ATTACHMENT_STORE_H
#define SGZ_ATTACHMENT_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"

struct attachment {
    int64_t id, station_id, owner_id, size, created_by, created_at;
    const char *token, *owner_kind, *sha256, *mime, *name;
    const char *thumb_sha256; /* NULL when none */
};

int attachment_store_insert(struct db *db, const struct attachment *a,
                            int64_t *id);
/* DB_ROW or DB_DONE. */
int attachment_store_get(struct db *db, struct arena *a, const char *token,
                         struct attachment *out);
/* The owner's attachments, oldest first. */
int attachment_store_list(struct db *db, struct arena *a, const char *kind,
                          int64_t owner_id, struct attachment **out,
                          size_t *n);
int attachment_store_delete(struct db *db, int64_t id);
/* How many rows use a stored file (as the file or its thumbnail). */
int attachment_store_uses(struct db *db, const char *sha, int64_t *n);

#endif
