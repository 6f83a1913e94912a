/*
 * hikeshi escalation pass: one escalation pass of the scheduler (climb the
 * unacknowledged escalations whose time has come, raise the time-based
 * rules) at --now, against the database file. For operators who run the
 * timers from cron instead of `serve`, and for tests that need a later
 * "now" than the clock's. The pass records what it did in the database, so
 * running it twice at the same time does nothing the second time.
 */
#include "app/scheduler.h"
#include "cli/cli.h"
#include "lib/timeutil.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

#define CLI_OPT_NOW 2000

static const char help[] = "Usage: hikeshi escalation pass [--db PATH] [--now TIME]\n"
                           "Run one escalation pass: climb unacknowledged escalations whose time has come and\n"
                           "raise time-based rules. The notifications are queued in the outbox (sent by serve).\n"
                           "  --now TIME         RFC 3339 time to act at (default: the clock)\n" CLI_COMMON_HELP;

int cli_escalation_main(int argc, char **argv)
{
	static const struct option opts[] = {
	        {"now", required_argument, NULL, CLI_OPT_NOW}, CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	struct cli cli;
	int opt;
	int64_t now = time_now();
	cli_init(&cli);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == CLI_OPT_NOW) {
			if (time_parse(optarg, &now) != 0)
				return cli_usage_error("escalation",
				                       "--now must be an RFC 3339 time like 2026-11-22T15:30:00Z");
		} else if (!cli_common_opt(&cli, opt, optarg)) {
			return cli_usage_error("escalation", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (cli.help) {
		fputs(help, stdout);
		return 0;
	}
	if (optind != argc - 1 || strcmp(argv[optind], "pass") != 0)
		return cli_usage_error("escalation", "the only action is 'pass'");
	int rc = cli_finish(&cli);
	if (rc)
		return rc;
	struct db *db;
	if ((rc = cli_open_db(&cli, 1, &db)))
		return rc;
	rc = app_escalation_pass(db, &cli.cfg, now);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "hikeshi escalation: the pass failed (see the log above)\n");
		return EX_SOFTWARE;
	}
	printf("Escalation pass done.\n");
	return 0;
}
