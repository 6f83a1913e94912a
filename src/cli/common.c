/*
 * Common CLI plumbing (see cli.h).
 */
#include "cli/cli.h"

#include "lib/secret.h"
#include "store/db.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_init(struct cli *c)
{
	memset(c, 0, sizeof(*c));
	config_defaults(&c->cfg);
	optind = 0; /* GNU: full re-initialisation for each subcommand */
	opterr = 0; /* we print our own messages */
}

int cli_common_opt(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case CLI_OPT_DB: c->db_opt = arg; return 1;
	case CLI_OPT_CONFIG: c->config_path = arg; return 1;
	case CLI_OPT_LOG: c->log_level_opt = arg; return 1;
	case 'h': c->help = 1; return 1;
	default: return 0;
	}
}

int cli_finish(struct cli *c)
{
	char err[512];
	const char *cfgpath = c->config_path ? c->config_path : getenv("HIKESHI_CONFIG");
	if (cfgpath && *cfgpath && config_load(&c->cfg, cfgpath, err, sizeof(err)) < 0) {
		fprintf(stderr, "hikeshi: config: %s\n", err);
		return EX_CONFIG;
	}
	const char *db = c->db_opt;
	if (!db && !c->cfg.db_set)
		db = getenv("HIKESHI_DB");
	if (!db && !c->cfg.db_set)
		db = "./var/hikeshi.db";
	if (db) {
		if (!*db || strlen(db) >= sizeof(c->cfg.db)) {
			fprintf(stderr, "hikeshi: --db: the path is empty or too long\n");
			return EX_USAGE;
		}
		snprintf(c->cfg.db, sizeof(c->cfg.db), "%s", db);
	}
	if (c->log_level_opt && log_level_parse(c->log_level_opt, &c->cfg.log_level) < 0) {
		fprintf(stderr, "hikeshi: --log-level must be error, warn, info or debug\n");
		return EX_USAGE;
	}
	log_set_level(c->cfg.log_level);
	if (secret_init() < 0) {
		fprintf(stderr, "hikeshi: cannot initialise libsodium\n");
		return EX_SOFTWARE;
	}
	return 0;
}

int cli_usage_error(const char *sub, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "hikeshi %s: ", sub);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'hikeshi %s --help'.\n", sub);
	return EX_USAGE;
}

int cli_open_db(struct cli *c, int must_exist, struct db **db)
{
	char err[512];
	if (strncmp(c->cfg.db, "postgres://", 11) == 0 || strncmp(c->cfg.db, "postgresql://", 13) == 0) {
		fprintf(stderr, "hikeshi: PostgreSQL is not supported by this build yet; use a SQLite file path\n");
		return EX_CONFIG;
	}
	struct db_options o = {
	        .path = c->cfg.db,
	        .readers = c->cfg.readers,
	        .synchronous = c->cfg.synchronous,
	        .group_commit_max = c->cfg.group_commit_max,
	        .must_exist = must_exist,
	        .must_not_exist = !must_exist,
	};
	enum db_err e = db_open(&o, db, err, sizeof(err));
	if (e == DB_E_OK)
		return 0;
	fprintf(stderr, "hikeshi: %s\n", err);
	switch (e) {
	case DB_E_NOT_FOUND: return EX_NOINPUT;
	case DB_E_EXISTS: return EX_CANTCREAT;
	case DB_E_SCHEMA_NEWER: return EX_CONFIG;
	case DB_E_OPEN: return EX_CANTCREAT;
	default: return EX_SOFTWARE;
	}
}

int cli_read_secret_file(const char *path, char *out, size_t outlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "hikeshi: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!fgets(out, (int)outlen, f)) {
		fclose(f);
		fprintf(stderr, "hikeshi: %s: empty file\n", path);
		return -1;
	}
	fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}
