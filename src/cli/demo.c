/*
 * hikeshi demo: loads the Japanese demo data set (app/demo.c) — a year of a
 * group CSIRT's work — for a first look, or N incidents for benchmarks.
 */
#include "app/demo.h"
#include "cli/cli.h"
#include "lib/timeutil.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>

static const char help[] = "Usage: hikeshi demo [--db PATH] [--incidents N] [--seed N] [--now TIME]\n"
                           "Load a realistic Japanese demo data set (default 300 incidents over the last 12 months).\n"
                           "\n"
                           "  --incidents N  number of incidents (0 to 5000000; 0 = organisation and users only)\n"
                           "  --seed N       random seed (same seed and --now, same data)\n"
                           "  --now TIME     the data set's \"today\" (RFC 3339; default: now)\n" CLI_COMMON_HELP;

int cli_demo_main(int argc, char **argv)
{
	static const struct option opts[] = {
	        CLI_COMMON_OPTIONS,
	        {"incidents", required_argument, NULL, 'n'},
	        {"seed", required_argument, NULL, 's'},
	        {"now", required_argument, NULL, 't'},
	        {NULL, 0, NULL, 0},
	};
	struct cli cli;
	struct demo_options o = {.incidents = 300, .seed = 20261122, .now = time_now(), .utc_offset_minutes = 540};
	int opt;
	char *end;
	cli_init(&cli);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_opt(&cli, opt, optarg))
			continue;
		switch (opt) {
		case 'n': {
			long n = strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 0 || n > 5000000)
				return cli_usage_error("demo", "--incidents must be 0 to 5000000");
			o.incidents = (int)n;
			break;
		}
		case 's': {
			unsigned long long s = strtoull(optarg, &end, 10);
			if (*end || end == optarg)
				return cli_usage_error("demo", "--seed must be a number");
			o.seed = s;
			break;
		}
		case 't':
			if (time_parse(optarg, &o.now) < 0)
				return cli_usage_error("demo",
				                       "--now must be an RFC 3339 time like 2026-11-22T09:00:00+09:00");
			break;
		default: return cli_usage_error("demo", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (cli.help) {
		fputs(help, stdout);
		return 0;
	}
	if (optind < argc)
		return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);
	int rc = cli_finish(&cli);
	if (rc)
		return rc;
	o.utc_offset_minutes = cli.cfg.utc_offset_minutes;
	struct db *db;
	if ((rc = cli_open_db(&cli, 1, &db)))
		return rc;
	char err[512];
	rc = demo_load(db, &o, err, sizeof(err));
	if (rc == 0 && o.incidents > 0)
		rc = demo_intake(db, &cli.cfg, err, sizeof(err));
	if (rc == 0)
		rc = demo_contacts(db, &o, err, sizeof(err));
	if (rc == 0)
		rc = demo_escalation(db, err, sizeof(err));
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "hikeshi demo: %s\n", err);
		return EX_SOFTWARE;
	}
	printf("Loaded demo data: %d incidents into %s.\n", o.incidents, cli.cfg.db);
	return 0;
}
