/* Settings that a deployment chooses: from flags, then environment
 * variables (SGZ_*), then a config file (key = value lines), then the
 * defaults below, in that order of precedence. */
#ifndef SGZ_CONFIG_H
#define SGZ_CONFIG_H
#include <stddef.h>
#include <stdint.h>

#include "ip_addr.h"

struct config {
    char db[1024];           /* db, SGZ_DB: file path or postgres:// URL */
    char listen[128];        /* listen, SGZ_LISTEN: host:port */
    char key_file[1024];     /* key_file, SGZ_KEY_FILE */
    char files_dir[1024];    /* files_dir, SGZ_FILES_DIR: attachments */
    char access_log[1024];   /* access_log, SGZ_ACCESS_LOG: "-", path, off */
    char divisions_dir[1024];/* divisions_dir, SGZ_DIVISIONS_DIR */
    int64_t threads;         /* threads, SGZ_THREADS: 0 = one per core */
    int64_t max_body;        /* max_body, SGZ_MAX_BODY: bytes of JSON */
    int64_t max_upload;      /* max_upload, SGZ_MAX_UPLOAD: bytes of a file */
    int64_t upload_slots;    /* upload_slots, SGZ_UPLOAD_SLOTS */
    int64_t sqlite_mmap;     /* sqlite_mmap, SGZ_SQLITE_MMAP: MiB mapped */
    int64_t max_connections; /* max_connections, SGZ_MAX_CONNECTIONS */
    int64_t per_ip_connections; /* per_ip_connections, SGZ_PER_IP_… */
    int64_t timeout;         /* timeout, SGZ_TIMEOUT: idle seconds */
    int64_t shutdown_grace;  /* shutdown_grace, SGZ_SHUTDOWN_GRACE: s */
    int64_t cookie_secure;   /* cookie_secure, SGZ_COOKIE_SECURE: 0/1 */
    int64_t hash_workers;    /* hash_workers, SGZ_HASH_WORKERS */
    int64_t hash_queue;      /* hash_queue, SGZ_HASH_QUEUE */
    int64_t commit_window;   /* commit_window, SGZ_COMMIT_WINDOW: µs */
    int64_t audit_head_every; /* audit_head_every, SGZ_AUDIT_HEAD_EVERY: s */
    char trusted_proxies[1024]; /* trusted_proxies, SGZ_TRUSTED_PROXIES */
    /* trusted_proxies parsed, by config_set (empty: none trusted). */
    struct ip_list trusted;
};

struct config_key {
    const char *name;        /* in the file and as --name */
    const char *env;
    const char *help;
    size_t offset;
    int is_int;
    size_t size;             /* text: buffer size */
    int64_t min, max;        /* int */
};

/* The table of settings (the README's reference is written from it). */
extern const struct config_key config_keys[];

void config_defaults(struct config *c);
/* Applies a file, the environment, then "--name value" flags from argv
 * (consumed flags are removed from argv, *argc adjusted). Returns 0, or
 * -1 with a one-line reason in err. */
int config_load(struct config *c, int *argc, char **argv, char *err,
                size_t errlen);
/* Sets one key from text; -1 when unknown or out of range. */
int config_set(struct config *c, const char *name, const char *value,
               char *err, size_t errlen);

/* Where attachments are kept: files_dir, else beside a SQLite database
 * (its path + ".files"), else "sgz-files" in the working directory. */
void config_files_dir(const struct config *c, char *buf, size_t len);

#endif
