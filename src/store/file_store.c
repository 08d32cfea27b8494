#include "file_store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_sha(const char *s)
{
    if (strlen(s) != 64) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) {
            return false;
        }
    }
    return true;
}

static void path_of(const char *dir, const char *sha, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%.2s/%.2s/%s", dir, sha, sha + 2, sha);
}

static int make_dirs(const char *dir, const char *sha)
{
    char p[4200];
    snprintf(p, sizeof p, "%s", dir);
    if (mkdir(p, 0700) != 0 && errno != EEXIST) {
        return -1;
    }
    snprintf(p, sizeof p, "%s/%.2s", dir, sha);
    if (mkdir(p, 0700) != 0 && errno != EEXIST) {
        return -1;
    }
    snprintf(p, sizeof p, "%s/%.2s/%.2s", dir, sha, sha + 2);
    if (mkdir(p, 0700) != 0 && errno != EEXIST) {
        return -1;
    }
    return 0;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Writes bytes as the file for sha, through a temporary name. */
static int write_file(const char *dir, const char *sha, const void *data,
                      size_t n)
{
    char path[4200], tmp[4300];
    path_of(dir, sha, path, sizeof path);
    if (access(path, F_OK) == 0) {
        return 0; /* the same bytes are there */
    }
    if (make_dirs(dir, sha) != 0) {
        return -1;
    }
    unsigned char rnd[8];
    randombytes_buf(rnd, sizeof rnd);
    char hex[17];
    sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
    snprintf(tmp, sizeof tmp, "%s.%s.tmp", path, hex);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return -1;
    }
    int rc = write_all(fd, data, n);
    if (rc == 0) {
        rc = fsync(fd);
    }
    close(fd);
    if (rc == 0) {
        rc = rename(tmp, path);
    }
    if (rc != 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
        return -1;
    }
    /* The new name must survive a crash too. */
    char d[4200];
    snprintf(d, sizeof d, "%s/%.2s/%.2s", dir, sha, sha + 2);
    int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

int file_store_put(const char *dir, const void *data, size_t n,
                   char sha[65])
{
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(sum, data, n);
    sodium_bin2hex(sha, 65, sum, sizeof sum);
    return write_file(dir, sha, data, n);
}

int file_store_get(const char *dir, const char *sha, struct strbuf *out)
{
    if (!is_sha(sha)) {
        errno = EINVAL;
        return -1;
    }
    char path[4200];
    path_of(dir, sha, path, sizeof path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        strbuf_add(out, buf, (size_t)n);
    }
    int e = errno;
    close(fd);
    if (n < 0) {
        errno = e;
        return -1;
    }
    return 0;
}

int file_store_remove(const char *dir, const char *sha)
{
    if (!is_sha(sha)) {
        errno = EINVAL;
        return -1;
    }
    char path[4200];
    path_of(dir, sha, path, sizeof path);
    return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

long file_store_copy(const char *from, const char *to)
{
    long copied = 0;
    DIR *top = opendir(from);
    if (!top) {
        return errno == ENOENT ? 0 : -1; /* no files yet */
    }
    struct dirent *a;
    while ((a = readdir(top)) != NULL) {
        if (strlen(a->d_name) != 2 || a->d_name[0] == '.') {
            continue;
        }
        char p1[4200];
        snprintf(p1, sizeof p1, "%s/%s", from, a->d_name);
        DIR *mid = opendir(p1);
        if (!mid) {
            continue;
        }
        struct dirent *b;
        while ((b = readdir(mid)) != NULL) {
            if (strlen(b->d_name) != 2 || b->d_name[0] == '.') {
                continue;
            }
            char p2[4500];
            snprintf(p2, sizeof p2, "%s/%s", p1, b->d_name);
            DIR *leaf = opendir(p2);
            if (!leaf) {
                continue;
            }
            struct dirent *c;
            while ((c = readdir(leaf)) != NULL) {
                if (!is_sha(c->d_name)) {
                    continue; /* temporary files of a write in progress */
                }
                struct strbuf sb;
                strbuf_init(&sb);
                if (file_store_get(from, c->d_name, &sb) != 0 ||
                    write_file(to, c->d_name, sb.buf, sb.len) != 0) {
                    int e = errno;
                    strbuf_free(&sb);
                    closedir(leaf);
                    closedir(mid);
                    closedir(top);
                    errno = e;
                    return -1;
                }
                strbuf_free(&sb);
                copied++;
            }
            closedir(leaf);
        }
        closedir(mid);
    }
    closedir(top);
    return copied;
}
