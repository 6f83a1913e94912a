/*
 * hikeshi: the CSIRT's incident handling system. Subcommand dispatch only;
 * each subcommand lives in src/cli/.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const char usage[] = "Usage: hikeshi COMMAND [OPTIONS]\n"
                            "\n"
                            "hikeshi (火消し) runs an in-house CSIRT: reports, triage, incidents, audit.\n"
                            "\n"
                            "Commands:\n"
                            "  init          create a database with the taxonomy and an admin user\n"
                            "  serve         run the HTTP server (JSON API)\n"
                            "  mailgate      submit one mail from stdin to the server (MTA pipe)\n"
                            "  user          manage users and API tokens\n"
                            "  demo          load a realistic Japanese demo data set\n"
                            "  backup        online backup of the database\n"
                            "  audit verify  check the hash chain of the audit log\n"
                            "  contacts remind  queue review reminders for overdue contact entries\n"
                            "  scheduler run-once  one pass of the timers (SLA, escalations)\n"
                            "  escalation pass  climb unacknowledged escalations, raise time-based rules\n"
                            "  report        the periodic report of a period (PDF, HTML, CSV)\n"
                            "  report render lay out a report model as PDF, HTML, CSV, SVG or PNG\n"
                            "\n"
                            "Run 'hikeshi COMMAND --help' for the options of a command.\n";

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
	        {"init", cli_init_main},         {"serve", cli_serve_main},
	        {"user", cli_user_main},         {"demo", cli_demo_main},
	        {"backup", cli_backup_main},     {"audit", cli_audit_main},
	        {"mailgate", cli_mailgate_main}, {"scheduler", cli_scheduler_main},
	        {"contacts", cli_contacts_main}, {"escalation", cli_escalation_main},
	        {"report", cli_report_main},
	};
	if (argc < 2) {
		fputs(usage, stderr);
		return EX_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("hikeshi 0.1.0");
		return 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "hikeshi: unknown command '%s'\n\n", argv[1]);
	fputs(usage, stderr);
	return EX_USAGE;
}
