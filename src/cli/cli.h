/*
 * Shared pieces of the subcommands: common options (--db, --config,
 * --log-level, --help), configuration resolution, opening the database, and
 * exit codes (sysexits.h, what shell users and MTAs expect).
 *
 * Database path precedence: --db, then [store] db of the config file, then
 * $HIKESHI_DB, then ./var/hikeshi.db. The config file is --config, else
 * $HIKESHI_CONFIG, else none.
 */
#ifndef HIKESHI_CLI_H
#define HIKESHI_CLI_H

#include "lib/config.h"

#include <getopt.h>
#include <sysexits.h>

struct db;

struct cli {
	struct config cfg;
	const char *config_path;
	const char *db_opt;
	const char *log_level_opt;
	int help;
};

#define CLI_OPT_DB     1000
#define CLI_OPT_CONFIG 1001
#define CLI_OPT_LOG    1002
#define CLI_COMMON_OPTIONS                                                                                             \
	{"db", required_argument, NULL, CLI_OPT_DB}, {"config", required_argument, NULL, CLI_OPT_CONFIG},              \
	        {"log-level", required_argument, NULL, CLI_OPT_LOG},                                                   \
	{                                                                                                              \
		"help", no_argument, NULL, 'h'                                                                         \
	}
#define CLI_COMMON_HELP                                                                                                \
	"  --db PATH          database file (default: config, $HIKESHI_DB, ./var/hikeshi.db)\n"                        \
	"  --config FILE      INI configuration file (default: $HIKESHI_CONFIG)\n"                                     \
	"  --log-level LEVEL  error, warn, info (default) or debug\n"                                                  \
	"  -h, --help         show this help\n"

void cli_init(struct cli *c);
/* Handles a common option; 1 if it was one, 0 if not. */
int cli_common_opt(struct cli *c, int opt, const char *arg);
/* Loads the config file and applies overrides; prints a message and returns
 * an exit code (non-zero) on error, 0 on success. */
int cli_finish(struct cli *c);
/* Prints "hikeshi SUB: <message>" to stderr and returns EX_USAGE. */
int cli_usage_error(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Opens the database for a subcommand; prints the reason and returns an
 * exit code on failure (the db pointer is set on success). */
int cli_open_db(struct cli *c, int must_exist, struct db **db);
/* Reads a secret (first line, without the newline) from a file; 0 / -1. */
int cli_read_secret_file(const char *path, char *out, size_t outlen);

int cli_init_main(int argc, char **argv);
int cli_serve_main(int argc, char **argv);
int cli_user_main(int argc, char **argv);
int cli_demo_main(int argc, char **argv);
int cli_backup_main(int argc, char **argv);
int cli_audit_main(int argc, char **argv);
int cli_mailgate_main(int argc, char **argv);
int cli_escalation_main(int argc, char **argv);
int cli_contacts_main(int argc, char **argv);
int cli_scheduler_main(int argc, char **argv);
int cli_report_main(int argc, char **argv);

#endif
