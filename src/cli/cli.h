/* The command line: one table of commands (cli/commands.c), from which
 * `sgz help` and the README's reference are written. */
#ifndef SGZ_CLI_H
#define SGZ_CLI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/msg.h"
#include "../core/permission.h"
#include "../core/profile.h"
#include "../db/db.h"
#include "../util/config.h"
#include "../util/secret.h"
#include "../util/strbuf.h"

/* Exit statuses. EXIT_HELP is none: cli_parse printed the command's
 * help for --help or -h, and main exits 0 (every command returns
 * cli_parse's status as it is when it is not EXIT_OK). */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_HELP = -1 };

struct cmd {
    const char *name;
    int (*run)(const struct cmd *self, struct config *cfg, int argc,
               char **argv);
    const char *usage;   /* "init [--profile NAME]" */
    const char *summary; /* one line */
    const char *help;    /* paragraph(s) */
    const char *summary_zh; /* the same in Chinese, for cli_lang() zh */
    const char *help_zh;
};

extern const struct cmd cmds[];

/* An option a command accepts: "--name VALUE" fills *value, a flag
 * without value sets *flag. */
struct cli_opt {
    const char *name;
    const char **value;
    bool *flag;
};

/* Parses argv[1..] (argv[0] is the command's name) into opts and up to
 * max_pos positional arguments. Prints the problem and returns
 * EXIT_USAGE on an unknown option or a missing value; prints the
 * command's help and returns EXIT_HELP on --help or -h. */
int cli_parse(const struct cmd *cmd, int argc, char **argv,
              const struct cli_opt *opts, const char **pos, int max_pos,
              int *npos);
/* Prints "sgz: problem" (one line, the one to log), then the command's
 * usage and where its help is; returns EXIT_USAGE. */
int cli_usage(const struct cmd *cmd, const char *problem);
/* What `sgz help COMMAND` prints, on standard output. */
void cli_print_help(const struct cmd *cmd);
/* The language of the messages the command line takes from the shared
 * catalogue (a row's error, an import's report): Chinese when the first
 * of LC_ALL, LC_MESSAGES and LANG that is set starts with "zh", English
 * otherwise, as POSIX picks a program's message locale. A server's shell
 * (C, C.UTF-8, en_US) gets English, like the rest of the command line. */
enum lang cli_lang(void);
/* A message of the command line in the reader's language: en itself, or
 * its Chinese from the table in cli/cli_text_zh.c when cli_lang() is
 * LANG_ZH (en again when the table lacks it; tests/unit/test_cli_text.c
 * sees that every literal passed here has an entry with the same printf
 * conversions). One function at each call, cli_tr("…"), rather than
 * cli_error translating its own format: printf, usage problems and log
 * lines need it too, and format_arg keeps gcc checking the arguments
 * against the English as before. */
const char *cli_tr(const char *en) __attribute__((format_arg(1)));
/* The table's Chinese for en, NULL when it has none. */
const char *cli_text_zh(const char *en);
struct cli_text {
    const char *en, *zh;
};
/* English → Chinese, ended by {NULL, NULL}. */
extern const struct cli_text cli_texts_zh[];
/* Prints "sgz: …" on standard error. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Opens cfg->db and brings its schema up to date (creating the SQLite
 * file when create is set): for init, migrate, serve, demo and restore
 * only. Prints the problem and returns EXIT_RUNTIME on failure. */
int cli_open_db(const struct config *cfg, bool create, bool log_steps,
                struct db **out);
/* Opens cfg->db as it is, for every other command: refused (printed,
 * EXIT_RUNTIME) unless it is an sgz database at exactly this binary's
 * schema version. Nothing is created or changed before that check. */
int cli_open_current(const struct config *cfg, struct db **out);
/* Reads cfg->db's schema version without changing anything; refused
 * (printed, EXIT_RUNTIME) when it is not an sgz database. */
int cli_check_schema(const struct config *cfg, int *version);
/* cfg->db as the CLI prints it: a PostgreSQL URL's password is shown as
 * "***". A static buffer, valid until the next call. */
const char *cli_db_name(const struct config *cfg);
/* The key file's path: key_file, or the SQLite path + ".key". */
void cli_key_path(const struct config *cfg, char *buf, size_t len);
/* Reads a whole file into out (appended); EXIT_RUNTIME with a message
 * when it cannot be read or is larger than max bytes. */
int cli_read_file(const char *path, size_t max, struct strbuf *out);
/* Loads the built-in holiday schedules the database does not have yet. */
int cli_load_calendar(struct db *db);
/* Appends a command-line action to the audit log inside the caller's
 * transaction; the actor is "cli:<os user>". */
int cli_audit_append(struct db *db, const char *action, const char *entity,
                     const char *entity_id, const char *detail);
/* The same in a transaction of its own. */
int cli_audit(struct db *db, const char *action, const char *entity,
              const char *entity_id, const char *detail);

/* Creates a user (must change the password at first login), audited.
 * The password comes from standard input, or is random and printed (only
 * the password when quiet_password is set). */
int cli_user_create(struct db *db, const char *username, const char *name,
                    role_set roles, const char *range, const char *region,
                    const int64_t *stations, size_t n, bool from_stdin,
                    bool quiet_password);

/* Shared steps of init and demo. */
int cli_write_key_file(const struct config *cfg);
/* Loads the key file and checks that it is the database's own (one that
 * opens none of its sealed data is another database's: core/key_check.h),
 * giving the database its check when it has none. EXIT_OK, or an error
 * said on standard error. */
int cli_load_key(const struct config *cfg, struct db *db,
                 unsigned char key[SECRET_KEY_BYTES]);
int cli_load_regions(struct db *db);
int cli_store_builtin_profiles(struct db *db);
int cli_activate_profile(struct db *db, const char *name);
/* Creates the sysadmin "admin" with a random password printed once,
 * unless a sysadmin exists. */
int cli_first_admin(struct db *db);
/* The active profile, parsed; NULL (with a warning logged) when none is
 * active or the stored one does not validate. The caller frees it. */
struct profile *cli_active_profile(struct db *db);
/* Keeps each client's next visit (store/visit_due_store.h) computed for
 * p's visit schedules (none when p is NULL): refills them when they
 * changed or force. EXIT_OK or EXIT_RUNTIME (reported). */
int cli_sync_visits_due(struct db *db, const struct profile *p, bool force);
/* The statistics summaries built when they never were, or rebuilt
 * (force) after records were written around the store. */
int cli_sync_stats(struct db *db, bool force);

#endif
