/*
 * Migrations: the embedded files under src/store/migrations/ are numbered
 * 0001, 0002, ... without gaps; the number is the schema version it brings.
 * A database whose recorded version is higher than the highest known number
 * was written by a newer hikeshi and is refused, so an old binary never
 * writes into a schema it does not understand.
 */
#include "store/migrate.h"

#include "lib/embedded.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char prefix[] = "src/store/migrations/";

/* The migration file number n (1-based), or NULL. */
static const struct embedded_file *migration(int n)
{
	for (const struct embedded_file *f = embedded_files; f->path; f++) {
		if (strncmp(f->path, prefix, sizeof(prefix) - 1) != 0)
			continue;
		const char *name = f->path + sizeof(prefix) - 1;
		char *end;
		long v = strtol(name, &end, 10);
		if (end == name + 4 && *end == '_' && v == n)
			return f;
	}
	return NULL;
}

int migrate_known(void)
{
	int n = 0;
	while (migration(n + 1))
		n++;
	return n;
}

static int current_version(struct db_conn *c, int *version)
{
	static const char has_meta[] = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'";
	static const char get[] = "SELECT value FROM meta WHERE name = 'schema_version'";
	*version = 0;
	struct db_stmt *st = db_prepare(c, has_meta);
	if (!st || db_step(st) != DB_ROW) {
		db_done(st);
		return -1;
	}
	int exists = db_col_int(st, 0) > 0;
	db_done(st);
	if (!exists)
		return 0;
	st = db_prepare(c, get);
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW)
		*version = (int)strtol(db_col_text(st, 0), NULL, 10);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

enum migrate_result migrate_apply(struct db_conn *c, int *version, char *err, size_t errlen)
{
	static const char set_version[] = "INSERT INTO meta(name, value) VALUES ('schema_version', ?) "
	                                  "ON CONFLICT(name) DO UPDATE SET value = excluded.value";
	static const char set_created[] =
	        "INSERT INTO meta(name, value) VALUES ('created_at', ?) ON CONFLICT(name) DO NOTHING";
	int known = migrate_known();
	if (current_version(c, version) < 0) {
		snprintf(err, errlen, "cannot read the schema version (is this a hikeshi database?)");
		return MIGRATE_ERROR;
	}
	if (*version > known) {
		snprintf(err, errlen,
		         "database schema version %d is newer than this hikeshi knows (%d): "
		         "upgrade hikeshi, or restore a backup made by this version",
		         *version, known);
		return MIGRATE_NEWER;
	}
	for (int v = *version + 1; v <= known; v++) {
		const struct embedded_file *f = migration(v);
		char num[16], now[32];
		snprintf(num, sizeof(num), "%d", v);
		time_format(time_now(), now);
		if (db_migrate_exec(c, "BEGIN IMMEDIATE") < 0)
			goto fail;
		if (db_migrate_exec(c, f->data) < 0) {
			db_migrate_exec(c, "ROLLBACK");
			goto fail;
		}
		struct db_stmt *st = db_prepare(c, set_version);
		if (!st)
			goto fail_rb;
		db_bind_text(st, 1, num);
		if (db_exec_stmt(st) < 0)
			goto fail_rb;
		st = db_prepare(c, set_created);
		if (!st)
			goto fail_rb;
		db_bind_text(st, 1, now);
		if (db_exec_stmt(st) < 0)
			goto fail_rb;
		if (db_migrate_exec(c, "COMMIT") < 0)
			goto fail_rb;
		log_debug("applied migration %s", f->path);
		*version = v;
	}
	return MIGRATE_OK;
fail_rb:
	db_migrate_exec(c, "ROLLBACK");
fail:
	snprintf(err, errlen, "migration to schema version %d failed (see the log)", *version + 1);
	return MIGRATE_ERROR;
}
