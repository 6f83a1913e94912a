/*
 * hikeshi user: add, passwd, disable, enable, list, token create/revoke.
 * Runs the same use cases as the API (app/user.c) as the system actor "cli",
 * so the same checks apply and every change is in the audit log.
 */
#include "app/user.h"
#include "cli/cli.h"
#include "lib/secret.h"
#include "store/db.h"
#include "store/store.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
        "Usage: hikeshi user ACTION [OPTIONS]\n"
        "Manage users and API tokens.\n"
        "\n"
        "Actions:\n"
        "  add LOGIN --role admin|handler|viewer [--name NAME] [--email ADDR]\n"
        "      [--constituency CODE]... [--all-constituencies] [--password-file FILE]\n"
        "                          create a user (prints a generated password without --password-file)\n"
        "  passwd LOGIN [--password-file FILE]   set a password (generated and printed without a file)\n"
        "  disable LOGIN           disable a user (revokes their tokens and sessions)\n"
        "  enable LOGIN            enable a disabled user\n"
        "  list                    list users\n"
        "  token create LOGIN [--name NAME] [--scope full|intake]\n"
        "                          create an API token; prints only the token. An intake\n"
        "                          token may only submit mail (hikeshi mailgate) and alerts\n"
        "  token revoke LOGIN TOKEN_ID        revoke a token\n"
        "\n" CLI_COMMON_HELP;

static int fail(const char *what, struct app_result *r)
{
	fprintf(stderr, "hikeshi user %s: %s\n", what, r->detail[0] ? r->detail : "failed");
	int code = r->err == APP_NOT_FOUND  ? EX_NOUSER
	           : r->err == APP_INVALID  ? EX_DATAERR
	           : r->err == APP_CONFLICT ? EX_DATAERR
	                                    : EX_SOFTWARE;
	app_result_free(r);
	return code;
}

/* Gets the password from a file, or generates one (generated = 1). */
static int get_password(const char *file, char *out, size_t outlen, int *generated)
{
	*generated = 0;
	if (file)
		return cli_read_secret_file(file, out, outlen) < 0 ? EX_NOINPUT : 0;
	if (outlen < 21)
		return EX_SOFTWARE;
	secret_password(out);
	*generated = 1;
	return 0;
}

int cli_user_main(int argc, char **argv)
{
	static const struct option opts[] = {
	        CLI_COMMON_OPTIONS,
	        {"role", required_argument, NULL, 'r'},
	        {"name", required_argument, NULL, 'n'},
	        {"email", required_argument, NULL, 'e'},
	        {"constituency", required_argument, NULL, 'c'},
	        {"all-constituencies", no_argument, NULL, 'a'},
	        {"password-file", required_argument, NULL, 'p'},
	        {"scope", required_argument, NULL, 's'},
	        {NULL, 0, NULL, 0},
	};
	struct cli cli;
	const char *role = NULL, *name = NULL, *email = NULL, *pwfile = NULL, *scope = NULL;
	const char *codes[64];
	size_t ncodes = 0;
	int all = 0, opt;
	cli_init(&cli);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_opt(&cli, opt, optarg))
			continue;
		switch (opt) {
		case 'r': role = optarg; break;
		case 'n': name = optarg; break;
		case 'e': email = optarg; break;
		case 'a': all = 1; break;
		case 'p': pwfile = optarg; break;
		case 's': scope = optarg; break;
		case 'c':
			if (ncodes == sizeof(codes) / sizeof(codes[0]))
				return cli_usage_error("user", "too many --constituency options");
			codes[ncodes++] = optarg;
			break;
		default: return cli_usage_error("user", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (cli.help) {
		fputs(help, stdout);
		return 0;
	}
	char **args = argv + optind;
	int nargs = argc - optind;
	if (nargs < 1)
		return cli_usage_error("user", "missing action (add, passwd, disable, enable, list, token)");
	const char *action = args[0];
	int want = strcmp(action, "list") == 0                                               ? 1
	           : strcmp(action, "token") == 0 && nargs > 1 && !strcmp(args[1], "create") ? 3
	           : strcmp(action, "token") == 0 && nargs > 1 && !strcmp(args[1], "revoke") ? 4
	           : strcmp(action, "add") == 0 || strcmp(action, "passwd") == 0 || strcmp(action, "disable") == 0 ||
	                           strcmp(action, "enable") == 0
	                   ? 2
	                   : -1;
	if (want < 0)
		return cli_usage_error("user", "unknown action '%s'", action);
	if (nargs != want)
		return cli_usage_error("user", "wrong number of arguments for '%s'", action);
	if (strcmp(action, "add") == 0 && !role)
		return cli_usage_error("user", "add needs --role admin|handler|viewer");
	int rc = cli_finish(&cli);
	if (rc)
		return rc;
	struct db *db;
	if ((rc = cli_open_db(&cli, 1, &db)))
		return rc;

	struct actor system;
	actor_system(&system, "cli");
	struct app_ctx ctx = {db, &cli.cfg, &system};
	struct app_result r;
	app_result_init(&r);
	char password[PASSWORD_MAX + 2];
	int generated = 0;
	int64_t id = 0;
	rc = 0;

	if (strcmp(action, "list") == 0) {
		if (app_user_list(&ctx, &r) < 0) {
			rc = fail(action, &r);
			goto out;
		}
		size_t i;
		json_t *u;
		printf("%-20s %-8s %-9s %s\n", "LOGIN", "ROLE", "STATUS", "NAME");
		json_array_foreach(json_object_get(r.object, "items"), i, u)
		{
			printf("%-20s %-8s %-9s %s\n", json_string_value(json_object_get(u, "login")),
			       json_string_value(json_object_get(u, "role")),
			       json_is_true(json_object_get(u, "disabled")) ? "disabled" : "active",
			       json_string_value(json_object_get(u, "display_name")));
		}
	} else if (strcmp(action, "add") == 0) {
		if ((rc = get_password(pwfile, password, sizeof(password), &generated)))
			goto out;
		json_t *ids = json_array();
		for (size_t i = 0; i < ncodes; i++) {
			struct db_conn *c = db_read_begin(db);
			int64_t cid = 0;
			int e = c ? store_constituency_by_code(c, codes[i], &cid) : -1;
			db_read_end(db, c);
			if (e <= 0) {
				fprintf(stderr, "hikeshi user add: no constituency with code '%s'\n", codes[i]);
				json_decref(ids);
				rc = EX_DATAERR;
				goto out;
			}
			json_array_append_new(ids, json_integer(cid));
		}
		json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "login", args[1], "display_name",
		                       name ? name : args[1], "email", email ? email : "", "role", role,
		                       "all_constituencies", all, "constituency_ids", ids);
		int e = app_user_create(&ctx, in, password, &r);
		json_decref(in);
		if (e < 0) {
			rc = fail(action, &r);
			goto out;
		}
		printf("Created user %s (%s).\n", args[1], role);
		if (generated)
			printf("Password: %s\n", password);
	} else if (strcmp(action, "token") == 0) {
		if (app_user_lookup(&ctx, args[2], &id, &r) < 0) {
			rc = fail("token", &r);
			goto out;
		}
		if (strcmp(args[1], "create") == 0) {
			if (app_token_create(&ctx, id, name ? name : "cli", 0, scope, &r) < 0) {
				rc = fail("token create", &r);
				goto out;
			}
			printf("%s\n", json_string_value(json_object_get(r.object, "token")));
		} else {
			char *end;
			errno = 0;
			long long tid = strtoll(args[3], &end, 10);
			if (errno || *end || tid < 1) {
				rc = cli_usage_error("user", "TOKEN_ID must be a number (see the API's token list)");
				goto out;
			}
			if (app_token_revoke(&ctx, id, tid, &r) < 0) {
				rc = fail("token revoke", &r);
				goto out;
			}
			printf("Revoked token %lld of %s.\n", tid, args[2]);
		}
	} else {
		/* passwd, disable, enable */
		if (app_user_lookup(&ctx, args[1], &id, &r) < 0) {
			rc = fail(action, &r);
			goto out;
		}
		json_t *in;
		if (strcmp(action, "passwd") == 0) {
			if ((rc = get_password(pwfile, password, sizeof(password), &generated)))
				goto out;
			in = json_pack("{s:s}", "password", password);
		} else {
			in = json_pack("{s:b}", "disabled", strcmp(action, "disable") == 0);
		}
		int e = app_user_update(&ctx, id, 0, in, &r);
		json_decref(in);
		if (e < 0) {
			rc = fail(action, &r);
			goto out;
		}
		if (strcmp(action, "passwd") == 0) {
			printf("Password of %s changed.\n", args[1]);
			if (generated)
				printf("Password: %s\n", password);
		} else {
			printf("User %s %sd.\n", args[1], action);
		}
	}
out:
	sodium_memzero(password, sizeof(password));
	app_result_free(&r);
	db_close(db);
	return rc;
}
