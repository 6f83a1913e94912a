/*
 * hikeshi serve: opens the database and runs the HTTP server until SIGTERM or
 * SIGINT. The signals are blocked in every thread and taken by sigwait()
 * here, so shutdown runs in one known place: stop the scheduler thread (SLA timers,
 * escalations), stop the mailer thread (IMAP
 * polling, outbox), stop accepting requests, let the writer finish its
 * queue, close the database (checkpointing the WAL).
 */
#include "app/mailer.h"
#include "app/scheduler.h"
#include "cli/cli.h"
#include "http/server.h"
#include "lib/log.h"
#include "store/db.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
        "Usage: hikeshi serve [--db PATH] [--listen HOST:PORT] [--threads N] [--web-dir DIR]\n"
        "Run the HTTP server (JSON API under /api/v1) until SIGTERM or SIGINT.\n"
        "\n"
        "  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080)\n"
        "  --threads N         HTTP worker threads (default 64)\n"
        "  --web-dir DIR       serve the UI from DIR, not the built-in copy (development)\n" CLI_COMMON_HELP;

int cli_serve_main(int argc, char **argv)
{
	static const struct option opts[] = {
	        CLI_COMMON_OPTIONS,
	        {"listen", required_argument, NULL, 'l'},
	        {"threads", required_argument, NULL, 't'},
	        {"web-dir", required_argument, NULL, 'w'},
	        {NULL, 0, NULL, 0},
	};
	struct cli cli;
	const char *listen = NULL, *threads = NULL, *web_dir = NULL;
	int opt;
	cli_init(&cli);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_opt(&cli, opt, optarg))
			continue;
		switch (opt) {
		case 'l': listen = optarg; break;
		case 't': threads = optarg; break;
		case 'w': web_dir = optarg; break;
		default: return cli_usage_error("serve", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (cli.help) {
		fputs(help, stdout);
		return 0;
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	int rc = cli_finish(&cli);
	if (rc)
		return rc;
	if (listen) {
		if (strlen(listen) >= sizeof(cli.cfg.listen))
			return cli_usage_error("serve", "--listen is too long");
		snprintf(cli.cfg.listen, sizeof(cli.cfg.listen), "%s", listen);
	}
	if (web_dir) {
		if (strlen(web_dir) >= sizeof(cli.cfg.web_dir))
			return cli_usage_error("serve", "--web-dir is too long");
		snprintf(cli.cfg.web_dir, sizeof(cli.cfg.web_dir), "%s", web_dir);
	}
	if (threads) {
		char *end;
		long n = strtol(threads, &end, 10);
		if (*end || end == threads || n < 1 || n > 1024)
			return cli_usage_error("serve", "--threads must be 1 to 1024");
		cli.cfg.threads = (int)n;
	}

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct db *db;
	rc = cli_open_db(&cli, 1, &db);
	if (rc)
		return rc;
	struct server srv;
	char err[512] = "";
	/* the mailer first: a bad [imap]/[smtp] setting stops serve before
	 * it answers anyone */
	struct mailer *mailer = NULL;
	if (mailer_start(db, &cli.cfg, &mailer, err, sizeof(err)) < 0) {
		fprintf(stderr, "hikeshi serve: mail: %s\n", err);
		db_close(db);
		return EX_CONFIG;
	}
	/* the scheduler after the mailer (its passes queue mail), stopped
	 * before it */
	if (app_scheduler_start(db, &cli.cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "hikeshi serve: scheduler: %s\n", err);
		mailer_stop(mailer);
		db_close(db);
		return EX_SOFTWARE;
	}
	if (server_start(&srv, db, &cli.cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "hikeshi serve: %s\n", err);
		app_scheduler_stop();
		mailer_stop(mailer);
		db_close(db);
		return EX_UNAVAILABLE;
	}
	log_info("hikeshi serving %s on http://%s (schema %d, %d threads)", cli.cfg.db, cli.cfg.listen,
	         db_schema_version(db), cli.cfg.threads);
	int sig = 0;
	while (sigwait(&set, &sig) != 0)
		;
	log_info("signal %d: shutting down", sig);
	app_scheduler_stop();
	mailer_stop(mailer);
	server_stop(&srv);
	db_close(db);
	return 0;
}
