/*
 * hikeshi contacts remind: runs the contact review reminder pass once (the
 * scheduler inside serve runs it too): one mail per owner of entries
 * overdue for review, queued in the outbox, at most one a week per owner.
 * For cron without a running scheduler, and for tests (--now).
 */
#include "app/contact.h"
#include "cli/cli.h"
#include "lib/timeutil.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

static const char help[] = "Usage: hikeshi contacts remind [--now TIME] [--db PATH] [--config FILE]\n"
                           "Queue review reminders for contact entries whose review is overdue: one mail per owner,\n"
                           "at most one a week, from [intake] team_address (nothing is queued without it).\n"
                           "\n"
                           "  --now TIME     the pass's \"now\" (RFC 3339; default: now)\n" CLI_COMMON_HELP;

int cli_contacts_main(int argc, char **argv)
{
	static const struct option opts[] = {
	        CLI_COMMON_OPTIONS, {"now", required_argument, NULL, 't'}, {NULL, 0, NULL, 0}};
	struct cli cli;
	int64_t now = time_now();
	int opt;
	cli_init(&cli);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_opt(&cli, opt, optarg))
			continue;
		if (opt == 't' && time_parse(optarg, &now) == 0)
			continue;
		if (opt == 't')
			return cli_usage_error("contacts",
			                       "--now must be an RFC 3339 time like 2026-11-22T09:00:00+09:00");
		return cli_usage_error("contacts", "unknown option '%s'", argv[optind - 1]);
	}
	if (cli.help) {
		fputs(help, stdout);
		return 0;
	}
	if (optind != argc - 1 || strcmp(argv[optind], "remind") != 0)
		return cli_usage_error("contacts", "the only action is 'remind'");
	int rc = cli_finish(&cli);
	if (rc)
		return rc;
	if (!cli.cfg.team_address[0])
		fprintf(stderr, "hikeshi contacts: no [intake] team_address configured; no reminder is sent\n");
	struct db *db;
	if ((rc = cli_open_db(&cli, 1, &db)))
		return rc;
	int mails = 0;
	rc = app_contact_remind(db, &cli.cfg, now, &mails);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "hikeshi contacts: the reminders could not be queued (database error)\n");
		return EX_SOFTWARE;
	}
	printf("Queued %d reminder mail%s.\n", mails, mails == 1 ? "" : "s");
	return 0;
}
