/* sgz regions import */
#include <stdio.h>
#include <string.h>

#include "../core/region_code.h"
#include "../core/region_import.h"
#include "../util/log.h"
#include "cli.h"

int cmd_regions(const struct cmd *self, struct config *cfg, int argc,
                char **argv);

int cmd_regions(const struct cmd *self, struct config *cfg, int argc,
                char **argv)
{
    const char *villages = NULL;
    const char *dir = NULL;
    const char *pos[1];
    const struct cli_opt opts[] = {
        {"villages", &villages, NULL}, {"dir", &dir, NULL}, {0}};
    int npos;
    int rc = cli_parse(self, argc, argv, opts, pos, 1, &npos);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (npos != 1 || strcmp(pos[0], "import") != 0) {
        return cli_usage(self, cli_tr("expected: regions import"));
    }
    if (villages && region_level_of(villages) == LEVEL_NONE) {
        return cli_usage(self,
                         cli_tr("--villages takes a division code (2, 4, 6 "
                                "or 9 digits)"));
    }
    struct db *db;
    if ((rc = cli_open_current(cfg, &db)) != EXIT_OK) {
        return rc;
    }
    rc = cli_load_regions(db);
    if (rc == EXIT_OK && villages) {
        struct region_counts c = {0};
        char err[1400];
        if (region_import_villages(db, dir ? dir : cfg->divisions_dir,
                                   villages, &c, err,
                                   sizeof err) != DB_OK) {
            cli_error(cli_tr("villages: %s"), err);
            rc = EXIT_RUNTIME;
        } else {
            log_info(cli_tr("regions: %ld villages under %s"), c.villages,
                     villages);
        }
    }
    if (rc == EXIT_OK) {
        rc = cli_audit(db, "regions.import", "region",
                       villages ? villages : "", NULL);
    }
    db_close(db);
    return rc;
}
