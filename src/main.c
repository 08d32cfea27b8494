/* sgz: the service-management platform for township social work
 * stations. One binary: `sgz serve` for the API, the other commands for
 * administration (see src/cli/commands.c). */
#include <oath.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "db/db.h"
#include "util/config.h"

int main(int argc, char **argv)
{
    /* Everything sgz creates holds personal data or secrets (the SQLite
     * database with its WAL, exports, reports, logs): its user's only. */
    umask(077);
    if (sodium_init() < 0 || oath_init() != OATH_OK) {
        fputs(cli_tr("sgz: libsodium or liboath failed to start\n"), stderr);
        return EXIT_RUNTIME;
    }
    struct config cfg;
    config_defaults(&cfg);
    char err[600];
    if (config_load(&cfg, &argc, argv, err, sizeof err) != 0) {
        fprintf(stderr, "sgz: %s\n", err);
        return EXIT_USAGE;
    }
    db_sqlite_set_mmap(cfg.sqlite_mmap * 1024 * 1024);
    if (argc < 2) {
        return cmds[0].name
                   ? (fputs(cli_tr("usage: sgz COMMAND (see: sgz help)\n"),
                            stderr),
                      EXIT_USAGE)
                   : EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        name = "help";
    }
    if (strcmp(name, "--version") == 0) {
        name = "version";
    }
    for (const struct cmd *c = cmds; c->name; c++) {
        if (strcmp(c->name, name) == 0) {
            int rc = c->run(c, &cfg, argc - 1, argv + 1);
            return rc == EXIT_HELP ? EXIT_OK : rc;
        }
    }
    fprintf(stderr, cli_tr("sgz: no command named %s (see: sgz help)\n"),
            name);
    return EXIT_USAGE;
}
