/* Attachments (附件) of service records, cases and groups: the owner in
 * the caller's range; the content checked to be what its name says (JPG,
 * PNG, PDF, Office); at most attachment.max_mb; kept in the file store
 * by hash with a thumbnail for photos; removed only by its uploader
 * within the editing period. Every addition and removal is audited. */
#ifndef SGZ_ATTACHMENT_SERVICE_H
#define SGZ_ATTACHMENT_SERVICE_H
#include <stddef.h>
#include <stdint.h>

#include "../store/attachment_store.h"
#include "client_service.h"

struct attachment_limits {
    const char *files_dir;
    int64_t max_bytes;
    int64_t edit_days; /* service.edit_days: how long the uploader may remove */
};

/* kind: service, case or group. */
int attachment_service_add(const struct client_ctx *x,
                           const struct attachment_limits *lim,
                           const char *kind, int64_t owner_id,
                           const char *name, const unsigned char *data,
                           size_t n, struct attachment *out,
                           struct client_fail *fail);
/* The attachment of a token when its owner is in the caller's range. */
int attachment_service_open(const struct client_ctx *x, const char *token,
                            struct attachment *out, struct client_fail *fail);
int attachment_service_remove(const struct client_ctx *x,
                              const struct attachment_limits *lim,
                              const char *token, struct client_fail *fail);
/* The owner's attachments, when the owner is in the caller's range. */
int attachment_service_list(const struct client_ctx *x, const char *kind,
                            int64_t owner_id, struct attachment **out,
                            size_t *n, struct client_fail *fail);

#endif
