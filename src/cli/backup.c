/*
 * hikeshi backup FILE: a consistent copy of a live database through SQLite's
 * online backup API (writers keep working while it runs).
 */
#include "cli/cli.h"
#include "store/db.h"

#include <stdio.h>

static const char help[] = "Usage: hikeshi backup [--db PATH] FILE\n"
                           "Write a consistent copy of the database to FILE (which must not exist).\n" CLI_COMMON_HELP;

int cli_backup_main(int argc, char **argv)
{
	static const struct option opts[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	struct cli cli;
	int opt;
	cli_init(&cli);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		if (!cli_common_opt(&cli, opt, optarg))
			return cli_usage_error("backup", "unknown option '%s'", argv[optind - 1]);
	if (cli.help) {
		fputs(help, stdout);
		return 0;
	}
	if (optind != argc - 1)
		return cli_usage_error("backup", "give exactly one destination FILE");
	int rc = cli_finish(&cli);
	if (rc)
		return rc;
	struct db *db;
	if ((rc = cli_open_db(&cli, 1, &db)))
		return rc;
	char err[512];
	rc = db_backup(db, argv[optind], err, sizeof(err));
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "hikeshi backup: %s\n", err);
		return EX_CANTCREAT;
	}
	printf("Backed up %s to %s.\n", cli.cfg.db, argv[optind]);
	return 0;
}
