#include "attachment_service.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "../store/audit_store.h"
#include "../store/case_store.h"
#include "../store/contract_store.h"
#include "../store/file_store.h"
#include "../store/group_store.h"
#include "../store/money_store.h"
#include "../store/report_store.h"
#include "../store/service_store.h"
#include "../util/cn_time.h"
#include "../util/file_type.h"
#include "../util/log.h"
#include "../util/thumbnail.h"
#include "../util/utf8.h"
#include "report_types.h"
#include "rule_fail.h"

/* The owner in the caller's range: its station, or 404. */
static int find_owner(const struct client_ctx *x, const char *kind,
                      int64_t id, int64_t *station_id,
                      struct client_fail *fail)
{
    int rc;
    if (strcmp(kind, "service") == 0) {
        struct service v;
        rc = service_store_get(x->db, x->arena, x->scope, id, &v);
        *station_id = v.station_id;
    } else if (strcmp(kind, "case") == 0) {
        struct case_file k;
        rc = case_store_get(x->db, x->arena, x->scope, id, &k);
        *station_id = k.station_id;
    } else if (strcmp(kind, "group") == 0) {
        struct service_group g;
        rc = group_store_get(x->db, x->arena, x->scope, id, &g);
        *station_id = g.station_id;
    } else if (strcmp(kind, "contract") == 0) {
        /* Kept with the contract's first station (its range decides). */
        struct contract k;
        rc = contract_store_get(x->db, x->arena, x->scope, id, &k);
        *station_id = rc == DB_ROW && k.n_stations ? k.stations[0].station_id
                                                   : 0;
    } else if (strcmp(kind, "expenditure") == 0) {
        struct expenditure e;
        rc = money_store_expenditure(x->db, x->arena, x->scope, id, &e);
        *station_id = e.station_id;
        if (rc == DB_ROW && !*station_id) {
            rc = money_store_contract_first_station(x->db, e.contract_id,
                                                    station_id);
        }
    } else if (strcmp(kind, "report") == 0) {
        struct report p;
        rc = report_store_get(x->db, x->arena, x->scope, id, &p);
        if (rc == DB_ROW) {
            int r2 = report_store_anchor_station(x->db, &p, station_id);
            rc = r2 != DB_OK ? r2 : *station_id ? DB_ROW : DB_DONE;
        }
    } else {
        return rule_fail(fail, 400, MSG_BAD_QUERY_PARAM, "owner_kind",
                         "owner_kind", "owner_kind");
    }
    if (rc == DB_DONE) {
        return rule_fail(fail, 404, MSG_NOT_FOUND, "owner_id", "记录",
                         "record");
    }
    return rc == DB_ROW ? 0 : rule_fail_db(fail, rc);
}

/* A report's files change with its narrative: while a draft or
 * returned, not once submitted or accepted. */
static int report_locked(const struct client_ctx *x, const char *kind,
                         int64_t id, struct client_fail *fail)
{
    struct report p;
    if (strcmp(kind, "report") != 0) {
        return 0;
    }
    int rc = report_store_get(x->db, x->arena, x->scope, id, &p);
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    if (strcmp(p.status, "draft") != 0 && strcmp(p.status, "returned") != 0) {
        return rule_fail(fail, 409, MSG_REPORT_STATE, "status",
                         report_status_label(p.status, false),
                         report_status_label(p.status, true));
    }
    return 0;
}

/* A file name as shown: no path, no control characters, 1-100. */
static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || !utf8_valid(s, n, false) || utf8_chars(s, n) > 100) {
        return false;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\') {
            return false;
        }
    }
    return strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

static int audit(const struct client_ctx *x, const char *action,
                 const struct attachment *a)
{
    struct audit_entry e = {
        .actor = x->who.name,
        .address = x->who.address,
        .action = action,
        .entity = "attachment",
        .entity_id = arena_printf(x->arena, "%lld", (long long)a->id),
        .detail = arena_printf(
            x->arena,
            "{\"owner_kind\":\"%s\",\"owner_id\":%lld,\"sha256\":\"%s\","
            "\"size\":%lld,\"mime\":\"%s\"}",
            a->owner_kind, (long long)a->owner_id, a->sha256,
            (long long)a->size, a->mime),
    };
    return audit_append(x->db, &e);
}

/* Files are shared by content (file_store): a removal that found no
 * other attachment using its bytes unlinks them after its commit, and an
 * upload of the same bytes in between would lose its file. Uploads and
 * removals hold the files' lock from storing the bytes, or deleting the
 * row, to the commit and the unlink: this process's threads by the
 * mutex, the other nodes sharing the folder (README: one files folder
 * for all nodes) by a POSIX lock on its .lock file, which NFS honours. */
static pthread_mutex_t files_mu = PTHREAD_MUTEX_INITIALIZER;

/* The lock file's descriptor, or -1 (logged) when the folder refuses it. */
static int files_lock(const char *dir)
{
    pthread_mutex_lock(&files_mu);
    char path[4096];
    snprintf(path, sizeof path, "%s/.lock", dir);
    (void)mkdir(dir, 0700); /* the first upload makes it; EEXIST after */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    while (fd >= 0 && fcntl(fd, F_SETLKW, &l) != 0) {
        if (errno != EINTR) {
            close(fd);
            fd = -1;
        }
    }
    if (fd < 0) {
        log_error("files lock %s: %s", path, strerror(errno));
        pthread_mutex_unlock(&files_mu);
    }
    return fd;
}

static void files_unlock(int fd)
{
    close(fd); /* releases the POSIX lock */
    pthread_mutex_unlock(&files_mu);
}

/* The bytes (and the thumbnail's, when tb holds one) stored first: a
 * failed commit leaves an unused file, never a row without its file. */
static int store_and_insert(const struct client_ctx *x,
                            const struct attachment_limits *lim,
                            const unsigned char *data, size_t n,
                            const struct strbuf *tb, struct attachment *out)
{
    char sha[65];
    if (file_store_put(lim->files_dir, data, n, sha) != 0) {
        log_error("file store %s: %s", lim->files_dir, strerror(errno));
        return DB_ERROR;
    }
    out->sha256 = arena_strdup(x->arena, sha);
    char thumb[65];
    if (tb->len &&
        file_store_put(lim->files_dir, tb->buf, tb->len, thumb) == 0) {
        out->thumb_sha256 = arena_strdup(x->arena, thumb);
    }
    int rc = db_begin(x->db);
    if (rc == DB_OK) {
        rc = attachment_store_insert(x->db, out, &out->id);
        if (rc == DB_OK) {
            rc = audit(x, "attachment.add", out);
        }
        if (rc == DB_OK) {
            rc = db_commit(x->db);
        }
        if (rc != DB_OK) {
            db_rollback(x->db);
        }
    }
    return rc;
}

int attachment_service_add(const struct client_ctx *x,
                           const struct attachment_limits *lim,
                           const char *kind, int64_t owner_id,
                           const char *name, const unsigned char *data,
                           size_t n, struct attachment *out,
                           struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    memset(out, 0, sizeof *out);
    if (!name || !name_ok(name)) {
        return rule_fail(fail, 400, MSG_FILE_NAME, "name", "文件名", "name");
    }
    if ((int64_t)n > lim->max_bytes) {
        const char *limit = arena_printf(x->arena, "%lld MB",
                                         (long long)(lim->max_bytes >> 20));
        return rule_fail(fail, 413, MSG_IMPORT_TOO_LARGE, NULL, limit, limit);
    }
    const struct file_type *t = file_type_of(data, n, name);
    if (!t) {
        return rule_fail(fail, 415, MSG_FILE_TYPE, "name", NULL, NULL);
    }
    if (find_owner(x, kind, owner_id, &out->station_id, fail) ||
        report_locked(x, kind, owner_id, fail)) {
        return -1;
    }
    /* The thumbnail before the lock: it is the slow part. */
    struct strbuf tb;
    strbuf_init(&tb);
    if (t->image && thumbnail_make(data, n, &tb) != 0) {
        strbuf_free(&tb);
        /* A photo that cannot be read is not a photo. */
        return rule_fail(fail, 415, MSG_FILE_TYPE, "name", NULL, NULL);
    }
    unsigned char rnd[16];
    randombytes_buf(rnd, sizeof rnd);
    char *token = arena_alloc(x->arena, 40);
    sodium_bin2base64(token, 40, rnd, sizeof rnd,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out->token = token;
    out->owner_kind = kind;
    out->owner_id = owner_id;
    out->size = (int64_t)n;
    out->mime = t->mime;
    out->name = name;
    out->created_by = x->user_id;
    out->created_at = cn_now();
    int fd = files_lock(lim->files_dir);
    int rc = fd < 0 ? DB_ERROR : store_and_insert(x, lim, data, n, &tb, out);
    if (fd >= 0) {
        files_unlock(fd);
    }
    strbuf_free(&tb);
    return rc == DB_OK ? 0 : rule_fail_db(fail, rc);
}

int attachment_service_open(const struct client_ctx *x, const char *token,
                            struct attachment *out, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    int rc = attachment_store_get(x->db, x->arena, token, out);
    if (rc == DB_DONE) {
        return rule_fail(fail, 404, MSG_NOT_FOUND, NULL, "附件",
                         "attachment");
    }
    if (rc != DB_ROW) {
        return rule_fail_db(fail, rc);
    }
    int64_t station;
    if (find_owner(x, out->owner_kind, out->owner_id, &station, fail)) {
        /* Out of range: the same answer as no such attachment. */
        if (fail->status == 404) {
            fail->field = NULL;
            fail->label_zh = "附件";
            fail->label_en = "attachment";
        }
        return -1;
    }
    return 0;
}

int attachment_service_list(const struct client_ctx *x, const char *kind,
                            int64_t owner_id, struct attachment **out,
                            size_t *n, struct client_fail *fail)
{
    memset(fail, 0, sizeof *fail);
    int64_t station;
    if (find_owner(x, kind, owner_id, &station, fail)) {
        return -1;
    }
    int rc = attachment_store_list(x->db, x->arena, kind, owner_id, out, n);
    return rc == DB_OK ? 0 : rule_fail_db(fail, rc);
}

/* The row deleted and, when no other attachment holds its bytes, the
 * files: a photo removed (a wrong one, someone's privacy) leaves no
 * copy. */
static int remove_and_unlink(const struct client_ctx *x,
                             const struct attachment_limits *lim,
                             const struct attachment *a)
{
    int rc = db_begin(x->db);
    if (rc != DB_OK) {
        return rc;
    }
    rc = attachment_store_delete(x->db, a->id);
    int64_t uses = 1, thumb_uses = 1;
    if (rc == DB_OK) {
        rc = attachment_store_uses(x->db, a->sha256, &uses);
    }
    if (rc == DB_OK && a->thumb_sha256) {
        rc = attachment_store_uses(x->db, a->thumb_sha256, &thumb_uses);
    }
    if (rc == DB_OK) {
        rc = audit(x, "attachment.remove", a);
    }
    if (rc == DB_OK) {
        rc = db_commit(x->db);
    }
    if (rc != DB_OK) {
        db_rollback(x->db);
        return rc;
    }
    if (uses == 0) {
        file_store_remove(lim->files_dir, a->sha256);
    }
    if (a->thumb_sha256 && thumb_uses == 0) {
        file_store_remove(lim->files_dir, a->thumb_sha256);
    }
    return DB_OK;
}

int attachment_service_remove(const struct client_ctx *x,
                              const struct attachment_limits *lim,
                              const char *token, struct client_fail *fail)
{
    struct attachment a;
    if (attachment_service_open(x, token, &a, fail)) {
        return -1;
    }
    if (a.created_by != x->user_id ||
        cn_now() - a.created_at > lim->edit_days * 86400) {
        return rule_fail(fail, 403, MSG_ATTACHMENT_LOCKED, NULL, NULL, NULL);
    }
    if (report_locked(x, a.owner_kind, a.owner_id, fail)) {
        return -1;
    }
    int fd = files_lock(lim->files_dir);
    int rc = fd < 0 ? DB_ERROR : remove_and_unlink(x, lim, &a);
    if (fd >= 0) {
        files_unlock(fd);
    }
    return rc == DB_OK ? 0 : rule_fail_db(fail, rc);
}
