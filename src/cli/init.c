/*
 * hikeshi init: creates a database with the schema, the RSIT taxonomy (ja/en
 * labels, from data/taxonomy/rsit.json compiled in, or --taxonomy FILE), the
 * default priority matrix and the first admin, whose password is generated
 * and printed once (or read from --admin-password-file).
 */
#include "app/actor.h"
#include "app/user.h"
#include "cli/cli.h"
#include "core/priority.h"
#include "core/taxonomy.h"
#include "core/validate.h"
#include "lib/buf.h"
#include "lib/embedded.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/store.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char help[] =
        "Usage: hikeshi init [--db PATH] [--admin-password-file FILE] [--admin-login LOGIN]\n"
        "                    [--taxonomy FILE]\n"
        "Create a new hikeshi database. Prints the administrator's login and password once\n"
        "(unless --admin-password-file gives the password). Refuses to touch an existing database.\n"
        "\n"
        "  --admin-password-file FILE  read the admin password from the first line of FILE\n"
        "  --admin-login LOGIN         the admin's login (default: admin)\n"
        "  --taxonomy FILE             load this taxonomy JSON instead of the built-in RSIT\n" CLI_COMMON_HELP;

struct init_job {
	struct taxonomy *tax;
	const char *login;
	const char *hash;
};

static int init_job(struct db_conn *c, void *arg)
{
	struct init_job *j = arg;
	struct priority_matrix m;
	/* Classes first, so every type's parent exists (foreign key). */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < j->tax->count; i++)
			if ((pass == 0) == (j->tax->entries[i].parent == NULL) &&
			    store_taxonomy_insert(c, &j->tax->entries[i]) < 0)
				return -1;
	priority_matrix_default(&m);
	if (store_priority_matrix_save(c, &m) < 0)
		return -1;
	static const char ins[] =
	        "INSERT INTO app_user(login, display_name, email, role, all_constituencies, lang, time_zone, tlp_max, "
	        "password_hash, created_at, updated_at) VALUES (?, '管理者 (Administrator)', '', 'admin', 1, 'ja', "
	        "'Asia/Tokyo', 'RED', ?, ?, ?)";
	struct db_stmt *st = db_prepare(c, ins);
	if (!st)
		return -1;
	int64_t now = time_now();
	db_bind_text(st, 1, j->login);
	db_bind_text(st, 2, j->hash);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, now);
	if (db_exec_stmt(st) < 0)
		return -1;
	struct audit_actor who = {0, "cli"};
	json_t *sum = json_pack("{s:s, s:I}", "admin", j->login, "taxonomy_entries", (json_int_t)j->tax->count);
	int rc = audit_append(c, &who, "database.init", "database", "1", sum);
	json_decref(sum);
	return rc;
}

/* Creates the parent directory of path when it is missing (one level). */
static void make_parent(const char *path)
{
	char dir[1024];
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path || (size_t)(slash - path) >= sizeof(dir))
		return;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (mkdir(dir, 0750) < 0 && errno != EEXIST)
		fprintf(stderr, "hikeshi init: cannot create %s: %s\n", dir, strerror(errno));
}

static int load_taxonomy(const char *file, struct taxonomy *tax)
{
	char err[512];
	struct buf b;
	buf_init(&b, 16 * 1024 * 1024);
	const char *data;
	size_t len;
	if (file) {
		FILE *f = fopen(file, "rb");
		if (!f) {
			fprintf(stderr, "hikeshi init: %s: %s\n", file, strerror(errno));
			return EX_NOINPUT;
		}
		char chunk[8192];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			if (buf_append(&b, chunk, n) < 0)
				break;
		fclose(f);
		data = b.data ? b.data : "";
		len = b.len;
	} else {
		const struct embedded_file *e = embedded_find("data/taxonomy/rsit.json");
		if (!e) {
			fprintf(stderr, "hikeshi init: the built-in taxonomy is missing\n");
			return EX_SOFTWARE;
		}
		data = e->data;
		len = e->len;
	}
	int rc = taxonomy_parse(data, len, tax, err, sizeof(err));
	buf_free(&b);
	if (rc < 0) {
		fprintf(stderr, "hikeshi init: taxonomy %s: %s\n", file ? file : "(built-in)", err);
		return EX_DATAERR;
	}
	return 0;
}

int cli_init_main(int argc, char **argv)
{
	static const struct option opts[] = {
	        CLI_COMMON_OPTIONS,
	        {"admin-password-file", required_argument, NULL, 'p'},
	        {"admin-login", required_argument, NULL, 'l'},
	        {"taxonomy", required_argument, NULL, 't'},
	        {NULL, 0, NULL, 0},
	};
	struct cli cli;
	const char *pwfile = NULL, *login = "admin", *taxfile = NULL;
	int opt;
	cli_init(&cli);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_opt(&cli, opt, optarg))
			continue;
		switch (opt) {
		case 'p': pwfile = optarg; break;
		case 'l': login = optarg; break;
		case 't': taxfile = optarg; break;
		default: return cli_usage_error("init", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (cli.help) {
		fputs(help, stdout);
		return 0;
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
	int rc = cli_finish(&cli);
	if (rc)
		return rc;
	if (validate_login(login) < 0)
		return cli_usage_error("init", "--admin-login '%s' is not a valid login", login);

	char password[PASSWORD_MAX + 2];
	int generated = 0;
	if (pwfile) {
		if (cli_read_secret_file(pwfile, password, sizeof(password)) < 0)
			return EX_NOINPUT;
		if (strlen(password) < PASSWORD_MIN) {
			fprintf(stderr, "hikeshi init: the admin password must be at least %d bytes\n", PASSWORD_MIN);
			return EX_DATAERR;
		}
	} else {
		secret_password(password);
		generated = 1;
	}
	struct taxonomy tax;
	rc = load_taxonomy(taxfile, &tax);
	if (rc)
		return rc;
	char hash[crypto_pwhash_STRBYTES];
	if (secret_password_hash(password, hash, sizeof(hash)) < 0) {
		taxonomy_free(&tax);
		fprintf(stderr, "hikeshi init: cannot hash the password (out of memory?)\n");
		return EX_SOFTWARE;
	}
	make_parent(cli.cfg.db);
	struct db *db;
	rc = cli_open_db(&cli, 0, &db);
	if (rc) {
		taxonomy_free(&tax);
		return rc;
	}
	struct init_job j = {&tax, login, hash};
	int w = db_write(db, init_job, &j);
	taxonomy_free(&tax);
	db_close(db);
	if (w != 0) {
		fprintf(stderr, "hikeshi init: could not initialise %s (see the log above)\n", cli.cfg.db);
		return EX_SOFTWARE;
	}
	printf("Created %s (schema version %d).\n", cli.cfg.db, db_schema_known());
	printf("Administrator login: %s\n", login);
	if (generated) {
		printf("Administrator password: %s\n", password);
		printf("(Shown once. Change it with 'hikeshi user passwd %s'.)\n", login);
	}
	sodium_memzero(password, sizeof(password));
	return 0;
}
