/* One read-only memory map of each database file for the whole process.
 *
 * SQLite's unix VFS maps the database once per connection and, in WAL
 * mode, unmaps it whenever a read transaction finds that another
 * connection has committed (pager.c, pagerBeginReadTransaction), in case
 * the file shrank. In a server where a group commit lands every few
 * milliseconds, every request thread then spent a quarter of its CPU
 * unmapping a gigabyte and faulting the pages of its next look-ups back
 * in, one thread at a time, each into its own mapping.
 *
 * This VFS wraps the default one and answers xFetch from a single map per
 * file, made once at the size PRAGMA mmap_size asks for and kept until
 * the last connection to the file closes. It hands out only pages below
 * the file's size as last seen: raised by this process's writes (a
 * checkpoint growing the file), and read again when SQLite would have
 * unmapped (another process may have grown or shrunk it), which is what
 * the unix VFS's remapping did. A page past it is read, not mapped.
 * Everything else is passed through to the wrapped file. */
#include "sqlite_map.h"

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/xalloc.h"

/* A database file's map, shared by its connections. */
struct shared_map {
    struct shared_map *next;
    dev_t dev;
    ino_t ino;
    int fd;   /* our own descriptor, kept open: closing any descriptor of
               * the file would drop the process's POSIX locks on it */
    int refs; /* open files using it, under registry_lock */
    _Atomic(const char *) base; /* NULL until the first fetch */
    sqlite3_int64 length;       /* of the mapping, set with base */
    _Atomic bool failed;        /* mmap refused: SQLite reads instead */
    _Atomic sqlite3_int64 size; /* of the file, as last seen */
};

struct map_file {
    sqlite3_file base;
    struct shared_map *map; /* NULL: not a main database, or no map */
    sqlite3_int64 limit;    /* PRAGMA mmap_size for this connection */
    sqlite3_file *real;     /* the wrapped file, just after this struct */
};

static sqlite3_vfs *parent;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shared_map *registry;

static sqlite3_file *real_of(sqlite3_file *f)
{
    return ((struct map_file *)f)->real;
}

/* The file's size from the wrapped file (an fstat), kept for fetches. */
static void refresh_size(struct map_file *f)
{
    sqlite3_int64 size;
    if (f->real->pMethods->xFileSize(f->real, &size) == SQLITE_OK) {
        atomic_store(&f->map->size, size);
    } else {
        atomic_store(&f->map->size, 0); /* fetch nothing until it works */
    }
}

/* The map of the file at path, found by its inode or made. Its own
 * descriptor is opened only for a file not yet in the registry: opened
 * and closed beside a connection that holds locks, it would drop them
 * (POSIX locks belong to the process and go with any close). */
static struct shared_map *map_acquire(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        return NULL;
    }
    pthread_mutex_lock(&registry_lock);
    struct shared_map *m = registry;
    while (m && !(m->dev == st.st_dev && m->ino == st.st_ino)) {
        m = m->next;
    }
    if (m) {
        m->refs++;
        pthread_mutex_unlock(&registry_lock);
        return m;
    }
    /* The first connection to this file, just opened, holds no lock yet:
     * closing fd on failure below takes nothing away. */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat fst;
    if (fd < 0 || fstat(fd, &fst) != 0 || fst.st_dev != st.st_dev ||
        fst.st_ino != st.st_ino) {
        pthread_mutex_unlock(&registry_lock);
        if (fd >= 0) {
            close(fd);
        }
        return NULL;
    }
    m = xcalloc(1, sizeof *m);
    m->dev = st.st_dev;
    m->ino = st.st_ino;
    m->fd = fd;
    m->refs = 1;
    atomic_store(&m->size, (sqlite3_int64)fst.st_size);
    m->next = registry;
    registry = m;
    pthread_mutex_unlock(&registry_lock);
    return m;
}

static void map_release(struct shared_map *m)
{
    pthread_mutex_lock(&registry_lock);
    if (--m->refs > 0) {
        pthread_mutex_unlock(&registry_lock);
        return;
    }
    for (struct shared_map **p = &registry; *p; p = &(*p)->next) {
        if (*p == m) {
            *p = m->next;
            break;
        }
    }
    pthread_mutex_unlock(&registry_lock);
    const char *base = atomic_load(&m->base);
    if (base) {
        munmap((void *)base, (size_t)m->length);
    }
    close(m->fd);
    free(m);
}

/* The map's base, made on first use at the first limit asked for. */
static const char *map_base(struct map_file *f)
{
    struct shared_map *m = f->map;
    const char *base = atomic_load(&m->base);
    if (base || atomic_load(&m->failed)) {
        return base;
    }
    pthread_mutex_lock(&registry_lock);
    base = atomic_load(&m->base);
    if (!base && !atomic_load(&m->failed) && f->limit > 0) {
        /* Past the end of the file is mapped too, for the file to grow
         * into; those pages are never handed out until it has. */
        void *p = mmap(NULL, (size_t)f->limit, PROT_READ, MAP_SHARED, m->fd,
                       0);
        if (p != MAP_FAILED) {
            m->length = f->limit;
            base = p;
            atomic_store(&m->base, base);
        } else {
            atomic_store(&m->failed, true); /* not tried on every page */
        }
    }
    pthread_mutex_unlock(&registry_lock);
    return base;
}

static int map_fetch(sqlite3_file *file, sqlite3_int64 off, int amt,
                     void **pp)
{
    struct map_file *f = (struct map_file *)file;
    *pp = NULL;
    if (!f->map) {
        return f->real->pMethods->iVersion >= 3
                   ? f->real->pMethods->xFetch(f->real, off, amt, pp)
                   : SQLITE_OK;
    }
    if (f->limit <= 0) {
        return SQLITE_OK;
    }
    sqlite3_int64 end = off + amt;
    if (end > f->limit) {
        return SQLITE_OK; /* SQLite reads it instead */
    }
    /* Past the size: a page this transaction made and SQLite holds in
     * its cache, or one another process wrote. Reading the size again
     * here cost an import an fstat for most pages it touched. */
    if (end > atomic_load(&f->map->size)) {
        return SQLITE_OK;
    }
    const char *base = map_base(f);
    if (base && end <= f->map->length) {
        *pp = (void *)(base + off);
    }
    return SQLITE_OK;
}

static int map_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
    struct map_file *f = (struct map_file *)file;
    if (!f->map) {
        return f->real->pMethods->iVersion >= 3
                   ? f->real->pMethods->xUnfetch(f->real, off, p)
                   : SQLITE_OK;
    }
    /* p == NULL is SQLite letting go of the whole map because the
     * database changed: the map stays, its size is read again. */
    if (!p) {
        refresh_size(f);
    }
    return SQLITE_OK;
}

static int map_file_control(sqlite3_file *file, int op, void *arg)
{
    struct map_file *f = (struct map_file *)file;
    if (f->map && op == SQLITE_FCNTL_MMAP_SIZE) {
        sqlite3_int64 *want = arg;
        if (*want >= 0) {
            f->limit = *want;
        }
        *want = f->limit;
        return SQLITE_OK; /* not passed on: the wrapped file maps nothing */
    }
    return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int map_truncate(sqlite3_file *file, sqlite3_int64 size)
{
    struct map_file *f = (struct map_file *)file;
    if (f->map && size < atomic_load(&f->map->size)) {
        atomic_store(&f->map->size, size); /* before the pages go */
    }
    int rc = f->real->pMethods->xTruncate(f->real, size);
    if (f->map) {
        refresh_size(f);
    }
    return rc;
}

static int map_close(sqlite3_file *file)
{
    struct map_file *f = (struct map_file *)file;
    int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real)
                               : SQLITE_OK;
    if (f->map) {
        map_release(f->map);
        f->map = NULL;
    }
    return rc;
}

/* Passed through unchanged. */
static int map_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
    return real_of(f)->pMethods->xRead(real_of(f), buf, amt, off);
}

/* A write past the end grows the file that far: the map may show it. */
static int map_write(sqlite3_file *file, const void *buf, int amt,
                     sqlite3_int64 off)
{
    struct map_file *f = (struct map_file *)file;
    int rc = f->real->pMethods->xWrite(f->real, buf, amt, off);
    if (rc == SQLITE_OK && f->map) {
        sqlite3_int64 end = off + amt;
        sqlite3_int64 size = atomic_load(&f->map->size);
        while (size < end &&
               !atomic_compare_exchange_weak(&f->map->size, &size, end)) {
        }
    }
    return rc;
}

static int map_sync(sqlite3_file *f, int flags)
{
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}

static int map_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

static int map_lock(sqlite3_file *f, int level)
{
    return real_of(f)->pMethods->xLock(real_of(f), level);
}

static int map_unlock(sqlite3_file *f, int level)
{
    return real_of(f)->pMethods->xUnlock(real_of(f), level);
}

static int map_check_reserved(sqlite3_file *f, int *out)
{
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

static int map_sector_size(sqlite3_file *f)
{
    return real_of(f)->pMethods->xSectorSize(real_of(f));
}

static int map_device_characteristics(sqlite3_file *f)
{
    return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}

static int map_shm_map(sqlite3_file *f, int region, int size, int extend,
                       void volatile **pp)
{
    return real_of(f)->pMethods->xShmMap(real_of(f), region, size, extend,
                                         pp);
}

static int map_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}

static void map_shm_barrier(sqlite3_file *f)
{
    real_of(f)->pMethods->xShmBarrier(real_of(f));
}

static int map_shm_unmap(sqlite3_file *f, int delete_flag)
{
    return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
}

static const sqlite3_io_methods map_methods = {
    .iVersion = 3,
    .xClose = map_close,
    .xRead = map_read,
    .xWrite = map_write,
    .xTruncate = map_truncate,
    .xSync = map_sync,
    .xFileSize = map_file_size,
    .xLock = map_lock,
    .xUnlock = map_unlock,
    .xCheckReservedLock = map_check_reserved,
    .xFileControl = map_file_control,
    .xSectorSize = map_sector_size,
    .xDeviceCharacteristics = map_device_characteristics,
    .xShmMap = map_shm_map,
    .xShmLock = map_shm_lock,
    .xShmBarrier = map_shm_barrier,
    .xShmUnmap = map_shm_unmap,
    .xFetch = map_fetch,
    .xUnfetch = map_unfetch,
};

static int map_open(sqlite3_vfs *vfs, sqlite3_filename name,
                    sqlite3_file *file, int flags, int *out_flags)
{
    (void)vfs;
    struct map_file *f = (struct map_file *)file;
    memset(f, 0, sizeof *f);
    f->real = (sqlite3_file *)(f + 1);
    int rc = parent->xOpen(parent, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK || !f->real->pMethods) {
        return rc; /* base.pMethods stays NULL: SQLite will not close it */
    }
    /* Only a main database is mapped; and only one whose methods can
     * share memory the way SQLite expects of the unix VFS. */
    if ((flags & SQLITE_OPEN_MAIN_DB) && name &&
        f->real->pMethods->iVersion >= 3) {
        f->map = map_acquire(name);
    }
    f->base.pMethods = &map_methods;
    return SQLITE_OK;
}

/* The rest of the VFS is the parent's. */
static int map_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
    (void)v;
    return parent->xDelete(parent, name, sync_dir);
}

static int map_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
    (void)v;
    return parent->xAccess(parent, name, flags, out);
}

static int map_full_pathname(sqlite3_vfs *v, const char *name, int n,
                             char *out)
{
    (void)v;
    return parent->xFullPathname(parent, name, n, out);
}

static int map_randomness(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return parent->xRandomness(parent, n, out);
}

static int map_sleep(sqlite3_vfs *v, int us)
{
    (void)v;
    return parent->xSleep(parent, us);
}

static int map_current_time(sqlite3_vfs *v, double *out)
{
    (void)v;
    return parent->xCurrentTime(parent, out);
}

static int map_last_error(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return parent->xGetLastError(parent, n, out);
}

static int map_current_time_int64(sqlite3_vfs *v, sqlite3_int64 *out)
{
    (void)v;
    return parent->xCurrentTimeInt64(parent, out);
}

static sqlite3_vfs map_vfs = {
    .iVersion = 2,
    .zName = "sgz-shared-map",
    .xOpen = map_open,
    .xDelete = map_delete,
    .xAccess = map_access,
    .xFullPathname = map_full_pathname,
    .xRandomness = map_randomness,
    .xSleep = map_sleep,
    .xCurrentTime = map_current_time,
    .xGetLastError = map_last_error,
    .xCurrentTimeInt64 = map_current_time_int64,
};

int sqlite_map_register(void)
{
    /* The unix VFS gives every file version-3 methods, which the
     * pass-through above relies on; another is left alone. */
    parent = sqlite3_vfs_find(NULL);
    if (!parent || strcmp(parent->zName, "unix") != 0 ||
        parent->iVersion < 2) {
        return SQLITE_ERROR;
    }
    map_vfs.szOsFile = (int)sizeof(struct map_file) + parent->szOsFile;
    map_vfs.mxPathname = parent->mxPathname;
    return sqlite3_vfs_register(&map_vfs, 1);
}
