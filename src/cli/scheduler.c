/*
 * hikeshi scheduler run-once: one scheduler pass (SLA timers, escalations,
 * review reminders, scheduled reports) outside serve, for cron on a node
 * without serve, for tests (--now moves the clock) and for timing a pass. SQLite lets it run
 * while serve runs: both wait for the write lock in turn.
 */
#include "app/scheduler.h"
#include "cli/cli.h"
#include "lib/timeutil.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char help[] =
        "Usage: hikeshi scheduler run-once [--db PATH] [--now RFC3339]\n"
        "Run one scheduler pass (SLA near-breach and breach, escalation climbs, review\n"
        "reminders, scheduled reports) and print how long it took. A report due by TIME\n"
        "is queued in the outbox for sending at once.\n"
        "\n"
        "  --now TIME         act as if it were TIME (RFC 3339; tests and what-ifs)\n" CLI_COMMON_HELP;

int cli_scheduler_main(int argc, char **argv)
{
	static const struct option opts[] = {
	        CLI_COMMON_OPTIONS, {"now", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	struct cli cli;
	const char *now_opt = NULL;
	int opt;
	cli_init(&cli);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_opt(&cli, opt, optarg))
			continue;
		if (opt == 'n')
			now_opt = optarg;
		else
			return cli_usage_error("scheduler", "unknown option '%s'", argv[optind - 1]);
	}
	if (cli.help) {
		fputs(help, stdout);
		return 0;
	}
	if (optind != argc - 1 || strcmp(argv[optind], "run-once") != 0)
		return cli_usage_error("scheduler", "the only action is run-once");
	int64_t now = time_now();
	if (now_opt && time_parse(now_opt, &now) < 0)
		return cli_usage_error("scheduler", "--now must be an RFC 3339 time like 2026-11-20T09:00:00+09:00");
	int rc = cli_finish(&cli);
	if (rc)
		return rc;
	struct db *db;
	if ((rc = cli_open_db(&cli, 1, &db)))
		return rc;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = app_scheduler_pass(db, &cli.cfg, now);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	db_close(db);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	char when[32];
	time_format(now, when);
	if (rc < 0) {
		fprintf(stderr, "hikeshi scheduler: the pass at %s failed (see the log)\n", when);
		return EX_SOFTWARE;
	}
	printf("scheduler pass at %s: done in %.3f ms\n", when, ms);
	return 0;
}
