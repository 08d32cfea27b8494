/* sgz backup DEST, sgz restore SRC: the database, its key file and its
 * file store (attachments), together: DEST, DEST.key, DEST.files/. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/key_check.h"
#include "../store/file_store.h"
#include "../store/migrate.h"
#include "cli.h"

int cmd_backup(const struct cmd *self, struct config *cfg, int argc,
               char **argv);
int cmd_restore(const struct cmd *self, struct config *cfg, int argc,
                char **argv);

/* Copies a small file, creating to with mode 0600 (never overwriting). */
static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        return -1;
    }
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return -1;
    }
    char buf[4096];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        if (write(out, buf, (size_t)n) != n) {
            rc = -1;
            break;
        }
    }
    if (n < 0 || fsync(out) != 0) {
        rc = -1;
    }
    close(in);
    close(out);
    return rc;
}

int cmd_backup(const struct cmd *self, struct config *cfg, int argc,
               char **argv)
{
    const char *pos[1];
    int npos;
    int rc = cli_parse(self, argc, argv, NULL, pos, 1, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (npos != 1) {
        return cli_usage(self, cli_tr("expected the backup's file name"));
    }
    char key[1100], key_copy[1100], files[1100], files_copy[1100];
    cli_key_path(cfg, key, sizeof key);
    snprintf(key_copy, sizeof key_copy, "%s.key", pos[0]);
    config_files_dir(cfg, files, sizeof files);
    snprintf(files_copy, sizeof files_copy, "%s.files", pos[0]);
    /* All three names free before anything is written: a backup never
     * overwrites, nor leaves a database beside another backup's key. */
    const char *names[] = {pos[0], key_copy, files_copy};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct stat st;
        if (lstat(names[i], &st) == 0) {
            cli_error(cli_tr("%s exists: a backup never overwrites"),
                      names[i]);
            return EXIT_RUNTIME;
        }
        if (errno != ENOENT) {
            cli_error("%s: %s", names[i], strerror(errno));
            return EXIT_RUNTIME;
        }
    }
    /* Any schema version: a backup copies what is there, and is most
     * needed when the database and the binary disagree. */
    int version;
    if ((rc = cli_check_schema(cfg, &version)) != EXIT_OK) {
        return rc;
    }
    char err[1400];
    if (db_backup(cfg->db, pos[0], err, sizeof err) != DB_OK) {
        cli_error("%s", err);
        return EXIT_RUNTIME;
    }
    if (copy_file(key, key_copy) != 0) {
        cli_error(
            cli_tr("the database is backed up to %s, but its key file %s "
                   "could not be copied to %s (%s): without it the personal "
                   "data in the backup cannot be decrypted"),
            pos[0], key, key_copy, strerror(errno));
        return EXIT_RUNTIME;
    }
    /* DEST.files is made even when there is nothing to put in it, so that
     * a backup is always the same three things and what is printed below
     * is there. */
    long copied =
        mkdir(files_copy, 0700) == 0 ? file_store_copy(files, files_copy) : -1;
    if (copied < 0) {
        cli_error(
            cli_tr("the database is backed up to %s, but the attachments in "
                   "%s could not be copied to %s (%s)"),
            pos[0], files, files_copy, strerror(errno));
        return EXIT_RUNTIME;
    }
    /* The audit log has the shape this binary writes only at its own
     * schema version. */
    if (version == migrate_latest()) {
        struct db *db;
        if ((rc = cli_open_current(cfg, &db)) == EXIT_OK) {
            rc = cli_audit(db, "system.backup", "database", pos[0], NULL);
            db_close(db);
        }
    } else {
        fprintf(
            stderr,
            cli_tr("sgz: %s is at schema %d, this sgz expects %d: the backup "
                   "is not recorded in its audit log\n"),
            cli_db_name(cfg), version, migrate_latest());
    }
    if (rc == EXIT_OK) {
        printf(
            cli_tr(
                "backup: %s\nkey file: %s\nattachments: %s (%ld files)\n"
                "Keep them together, and a copy elsewhere: a backup without "
                "its key file cannot be decrypted.\n"),
            pos[0], key_copy, files_copy, copied);
    }
    return rc;
}

/* The key file beside the backup, checked against the database just
 * restored from it: another database's key would serve, fail on every
 * sealed field and seal new ones under itself. A SQLite file restored is
 * removed again, so that a refused restore leaves nothing. */
static int check_backup_key(const struct config *cfg, const char *key_src)
{
    unsigned char k[SECRET_KEY_BYTES];
    char err[1400] = "the restored database cannot be read";
    struct db *db = NULL;
    int rc = secret_load_key(key_src, k, err, sizeof err) == 0 &&
                     db_open(cfg->db, false, &db, err, sizeof err) == DB_OK
                 ? key_check(db, k, false)
                 : DB_ERROR;
    sodium_memzero(k, sizeof k);
    if (db) {
        db_close(db);
    }
    if (rc == KEY_MATCHES) {
        return EXIT_OK;
    }
    bool pg = db_is_postgres_url(cfg->db);
    if (!pg) {
        const char *suffix[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < 3; i++) {
            char path[1100];
            snprintf(path, sizeof path, "%s%s", cfg->db, suffix[i]);
            unlink(path);
        }
    }
    if (rc != KEY_OTHER) {
        cli_error(
            cli_tr("cannot check the key file %s against the backup: %s"),
            key_src, err);
    } else if (pg) {
        cli_error(
            cli_tr("the key file %s does not open the backup's personal "
                   "data: it is another database's key. %s holds the "
                   "backup now but not its key: drop it, put the backup's "
                   "own key file there and restore again"),
            key_src, cli_db_name(cfg));
    } else {
        cli_error(cli_tr("the key file %s does not open the backup's personal "
                         "data: it is another database's key; nothing was "
                         "restored: put the backup's own key file there and "
                         "restore again"),
                  key_src);
    }
    return EXIT_RUNTIME;
}

int cmd_restore(const struct cmd *self, struct config *cfg, int argc,
                char **argv)
{
    const char *pos[1];
    int npos;
    int rc = cli_parse(self, argc, argv, NULL, pos, 1, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (npos != 1) {
        return cli_usage(self, cli_tr("expected the backup's file name"));
    }
    if (!cfg->db[0]) {
        return cli_usage(self, cli_tr("no database given (--db or SGZ_DB)"));
    }
    /* The backup itself first: a mistyped name is not a missing key. */
    struct stat st;
    if (stat(pos[0], &st) != 0) {
        if (errno == ENOENT) {
            cli_error(cli_tr("backup %s does not exist"), pos[0]);
        } else {
            cli_error("%s: %s", pos[0], strerror(errno));
        }
        return EXIT_RUNTIME;
    }
    /* Only into an empty database: a restore never mixes two. */
    if (db_is_postgres_url(cfg->db)) {
        /* Counted, not created: a refused restore changes nothing. */
        struct db *db;
        char err[600];
        if (db_open(cfg->db, false, &db, err, sizeof err) != DB_OK) {
            cli_error("%s", err);
            return EXIT_RUNTIME;
        }
        int64_t tables = 0;
        int drc = db_count_tables(db, &tables);
        db_close(db);
        if (drc != DB_OK) {
            cli_error(cli_tr("cannot read %s"), cli_db_name(cfg));
            return EXIT_RUNTIME;
        }
        if (tables > 0) {
            cli_error(cli_tr("%s is not empty (%lld tables): restore into an "
                             "empty database"),
                      cli_db_name(cfg), (long long)tables);
            return EXIT_RUNTIME;
        }
    }
    char key[1100], key_src[1100], err[1400];
    cli_key_path(cfg, key, sizeof key);
    snprintf(key_src, sizeof key_src, "%s.key", pos[0]);
    if (!db_is_postgres_url(cfg->db) && stat(cfg->db, &st) == 0) {
        cli_error(cli_tr("%s exists: restore into a new place"), cfg->db);
        return EXIT_RUNTIME;
    }
    if (stat(key, &st) == 0) {
        cli_error(cli_tr("key file %s exists: restore into a new place"), key);
        return EXIT_RUNTIME;
    }
    /* Everything about the backup checked before anything is written. */
    if (stat(key_src, &st) != 0) {
        cli_error(
            cli_tr("no key file %s beside the backup: without it the "
                   "personal data in the backup cannot be decrypted; put "
                   "the backup's key file there and restore again"),
            key_src);
        return EXIT_RUNTIME;
    }
    int version;
    if (db_backup_version(cfg->db, pos[0], &version, err, sizeof err) !=
        DB_OK) {
        cli_error("%s", err);
        return EXIT_RUNTIME;
    }
    if (version <= 0) {
        cli_error(cli_tr("%s is not a backup of an sgz database"), pos[0]);
        return EXIT_RUNTIME;
    }
    if (version > migrate_latest()) {
        cli_error(cli_tr("%s is at schema %d, newer than this binary (%d): "
                         "upgrade sgz to restore it"),
                  pos[0], version, migrate_latest());
        return EXIT_RUNTIME;
    }
    if (db_restore(cfg->db, pos[0], err, sizeof err) != DB_OK) {
        cli_error("%s", err);
        return EXIT_RUNTIME;
    }
    if ((rc = check_backup_key(cfg, key_src)) != EXIT_OK) {
        return rc;
    }
    if (copy_file(key_src, key) != 0) {
        cli_error(
            cli_tr("the database is restored, but the key file %s could not "
                   "be copied to %s (%s): the personal data cannot be "
                   "decrypted until it is"),
            key_src, key, strerror(errno));
        return EXIT_RUNTIME;
    }
    char files_src[1100], files[1100];
    snprintf(files_src, sizeof files_src, "%s.files", pos[0]);
    config_files_dir(cfg, files, sizeof files);
    if (file_store_copy(files_src, files) < 0) {
        cli_error(cli_tr("the database is restored, but the attachments in %s "
                         "could not be copied to %s (%s)"),
                  files_src, files, strerror(errno));
        return EXIT_RUNTIME;
    }
    struct db *db;
    if ((rc = cli_open_db(cfg, false, true, &db)) != EXIT_OK) {
        return rc;
    }
    rc = cli_audit(db, "system.restore", "database", pos[0], NULL);
    db_close(db);
    if (rc == EXIT_OK) {
        printf(cli_tr("restored %s into %s with its key file\n"), pos[0],
               cli_db_name(cfg));
    }
    return rc;
}
