/* The audit log: append-only, each row carrying the hash of the one
 * before it, so that a changed or removed row breaks the chain. Appends
 * run inside the caller's transaction, so the row commits with the change
 * it records or not at all. */
#ifndef SGZ_AUDIT_STORE_H
#define SGZ_AUDIT_STORE_H
#include <stdint.h>

#include "../db/db.h"

struct audit_entry {
    const char *actor;     /* user name, or "cli:<os user>" */
    const char *address;   /* client address, "" on the command line */
    const char *action;    /* "station.create" */
    const char *entity;    /* "station" */
    const char *entity_id;
    const char *result;    /* "ok", "denied", "failed" */
    const char *detail;    /* JSON text: before/after of non-secret fields */
};

int audit_append(struct db *db, const struct audit_entry *e);
/* Walks the chain; returns the id of the first bad row, 0 when intact,
 * or a negative db_result. */
int64_t audit_verify(struct db *db);

#endif
