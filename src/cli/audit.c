/*
 * hikeshi audit verify: walks the audit log's hash chain and names the first
 * row that was edited, inserted or deleted. Exit 0 when intact, 1 when not.
 */
#include "cli/cli.h"
#include "store/audit.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
        "Usage: hikeshi audit verify [--db PATH]\n"
        "Check the audit log's hash chain. Exit status 0 when intact, 1 when broken.\n" CLI_COMMON_HELP;

int cli_audit_main(int argc, char **argv)
{
	static const struct option opts[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	struct cli cli;
	int opt;
	cli_init(&cli);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		if (!cli_common_opt(&cli, opt, optarg))
			return cli_usage_error("audit", "unknown option '%s'", argv[optind - 1]);
	if (cli.help) {
		fputs(help, stdout);
		return 0;
	}
	if (optind != argc - 1 || strcmp(argv[optind], "verify") != 0)
		return cli_usage_error("audit", "the only action is 'verify'");
	int rc = cli_finish(&cli);
	if (rc)
		return rc;
	struct db *db;
	if ((rc = cli_open_db(&cli, 1, &db)))
		return rc;
	char msg[512];
	struct db_conn *c = db_read_begin(db);
	int v = c ? audit_verify(c, msg, sizeof(msg)) : -1;
	db_read_end(db, c);
	db_close(db);
	if (v < 0) {
		fprintf(stderr, "hikeshi audit: database error while reading the audit log\n");
		return EX_SOFTWARE;
	}
	if (v > 0) {
		printf("TAMPERED: %s\n", msg);
		return 1;
	}
	printf("%s\n", msg);
	return 0;
}
