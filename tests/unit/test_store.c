/*
 * Unit tests for the db layer and the audit chain, on real SQLite files in a
 * temporary directory: group commit from many threads, per-job rollback
 * inside a shared batch, refusal of a newer schema, tamper detection in the
 * audit log, online backup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/secret.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/migrate.h"

static char dir[256];

static void path_in(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

static struct db *open_db(const char *name, int group)
{
	char path[512], err[512];
	path_in(path, sizeof(path), name);
	struct db_options o = {.path = path, .readers = 2, .synchronous = 1, .group_commit_max = group};
	struct db *db = NULL;
	enum db_err e = db_open(&o, &db, err, sizeof(err));
	if (e != DB_E_OK)
		fail_msg("db_open: %s", err);
	return db;
}

static int64_t count_rows(struct db *db, const char *sql)
{
	struct db_conn *c = db_read_begin(db);
	struct db_stmt *st = db_prepare(c, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	db_read_end(db, c);
	return n;
}

struct ins {
	int n;
	int fail;
};

static int insert_job(struct db_conn *c, void *arg)
{
	static const char sql[] = "INSERT INTO constituency(code, name, created_at, updated_at) VALUES (?, 'x', 0, 0)";
	struct ins *a = arg;
	char code[32];
	snprintf(code, sizeof(code), "C%d", a->n);
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	if (db_exec_stmt(st) < 0)
		return -2;
	return a->fail ? 7 : 0; /* a failing job returns after writing: its write must vanish */
}

struct worker {
	struct db *db;
	int base;
	int ok;
};

static void *writer_thread(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < 50; i++) {
		struct ins a = {w->base + i, (i % 10) == 9};
		int rc = db_write(w->db, insert_job, &a);
		if ((a.fail && rc == 7) || (!a.fail && rc == 0))
			w->ok++;
	}
	return NULL;
}

static void test_group_commit_many_writers(void **state)
{
	(void)state;
	struct db *db = open_db("gc.db", 256);
	pthread_t t[16];
	struct worker w[16];
	for (int i = 0; i < 16; i++) {
		w[i] = (struct worker){db, i * 1000, 0};
		pthread_create(&t[i], NULL, writer_thread, &w[i]);
	}
	for (int i = 0; i < 16; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].ok, 50);
	}
	/* 16 x 50 jobs, every tenth rolled back alone: 16 x 45 rows remain. */
	assert_int_equal(count_rows(db, "SELECT count(*) FROM constituency"), 16 * 45);
	db_close(db);
}

static void test_constraint_failure_is_isolated(void **state)
{
	(void)state;
	struct db *db = open_db("dup.db", 256);
	struct ins a = {1, 0}, b = {1, 0}, c = {2, 0};
	assert_int_equal(db_write(db, insert_job, &a), 0);
	assert_int_equal(db_write(db, insert_job, &b), -2); /* duplicate code */
	assert_int_equal(db_write(db, insert_job, &c), 0);
	assert_int_equal(count_rows(db, "SELECT count(*) FROM constituency"), 2);
	db_close(db);
}

static void test_newer_schema_refused(void **state)
{
	(void)state;
	char path[512], err[512];
	struct db *db = open_db("newer.db", 1);
	assert_int_equal(db_schema_version(db), db_schema_known());
	db_close(db);
	path_in(path, sizeof(path), "newer.db");
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(
	        sqlite3_exec(h, "UPDATE meta SET value = '999' WHERE name = 'schema_version'", NULL, NULL, NULL),
	        SQLITE_OK);
	sqlite3_close(h);
	struct db_options o = {.path = path, .readers = 1, .synchronous = 1, .group_commit_max = 1, .must_exist = 1};
	assert_int_equal(db_open(&o, &db, err, sizeof(err)), DB_E_SCHEMA_NEWER);
	assert_non_null(strstr(err, "999"));
}

static void test_missing_db_refused(void **state)
{
	(void)state;
	char path[512], err[512];
	struct db *db;
	path_in(path, sizeof(path), "absent.db");
	struct db_options o = {.path = path, .readers = 1, .synchronous = 1, .group_commit_max = 1, .must_exist = 1};
	assert_int_equal(db_open(&o, &db, err, sizeof(err)), DB_E_NOT_FOUND);
	assert_int_equal(access(path, F_OK), -1);
}

struct audit_arg {
	int n;
};

static int audit_job(struct db_conn *c, void *arg)
{
	struct audit_arg *a = arg;
	struct audit_actor who = {0, "test"};
	char oid[16];
	snprintf(oid, sizeof(oid), "%d", a->n);
	json_t *sum = json_pack("{s:i, s:s}", "n", a->n, "text", "日本語の要約");
	int rc = audit_append(c, &who, "test.change", "thing", oid, sum);
	json_decref(sum);
	return rc;
}

static int verify(struct db *db, char *msg, size_t n)
{
	struct db_conn *c = db_read_begin(db);
	int rc = audit_verify(c, msg, n);
	db_read_end(db, c);
	return rc;
}

static void tamper(const char *name, const char *sql)
{
	char path[512];
	path_in(path, sizeof(path), name);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("tamper: %s", err);
	sqlite3_close(h);
}

static void test_audit_chain_detects_tampering(void **state)
{
	(void)state;
	char msg[512];
	struct db *db = open_db("audit.db", 256);
	for (int i = 1; i <= 6; i++) {
		struct audit_arg a = {i};
		assert_int_equal(db_write(db, audit_job, &a), 0);
	}
	assert_int_equal(verify(db, msg, sizeof(msg)), 0);
	assert_non_null(strstr(msg, "6 rows"));
	db_close(db);

	/* The triggers refuse edits through SQL... */
	char path[512];
	path_in(path, sizeof(path), "audit.db");
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "UPDATE audit SET summary = '{}' WHERE id = 3", NULL, NULL, NULL),
	                     SQLITE_OK);
	sqlite3_close(h);

	/* ...so an attacker drops them first; the chain still tells. */
	tamper("audit.db", "DROP TRIGGER audit_no_update; UPDATE audit SET summary = '{\"n\":33}' WHERE id = 3");
	db = open_db("audit.db", 256);
	assert_int_equal(verify(db, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "row 3"));
	assert_non_null(strstr(msg, "edited"));
	db_close(db);
}

static void test_audit_chain_detects_deletion(void **state)
{
	(void)state;
	char msg[512];
	struct db *db = open_db("audit2.db", 256);
	for (int i = 1; i <= 5; i++) {
		struct audit_arg a = {i};
		assert_int_equal(db_write(db, audit_job, &a), 0);
	}
	db_close(db);
	tamper("audit2.db", "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2");
	db = open_db("audit2.db", 256);
	assert_int_equal(verify(db, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "deleted"));
	db_close(db);

	/* Deleting the newest rows is caught by the recorded head. */
	db = open_db("audit3.db", 256);
	for (int i = 1; i <= 4; i++) {
		struct audit_arg a = {i};
		assert_int_equal(db_write(db, audit_job, &a), 0);
	}
	db_close(db);
	tamper("audit3.db", "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 4");
	db = open_db("audit3.db", 256);
	assert_int_equal(verify(db, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "row 4"));
	db_close(db);
}

static void test_query_builder_binds(void **state)
{
	(void)state;
	struct db *db = open_db("q.db", 256);
	for (int i = 0; i < 5; i++) {
		struct ins a = {i, 0};
		assert_int_equal(db_write(db, insert_job, &a), 0);
	}
	struct db_conn *c = db_read_begin(db);
	struct db_query *q = db_query_new();
	DBQ_SQL(q, "SELECT count(*) FROM constituency WHERE 1 = 1");
	DBQ_SQL(q, " AND code <> ?");
	db_query_text(q, "C1' OR '1'='1"); /* a value, never SQL */
	DBQ_SQL(q, " AND id > ?");
	db_query_int(q, 1);
	struct db_stmt *st = db_query_prepare(c, q);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 4);
	db_stmt_free(st);
	db_query_free(q);
	db_read_end(db, c);
	db_close(db);
}

static void test_backup_copies_everything(void **state)
{
	(void)state;
	char dest[512], err[512];
	struct db *db = open_db("src.db", 256);
	for (int i = 0; i < 20; i++) {
		struct ins a = {i, 0};
		assert_int_equal(db_write(db, insert_job, &a), 0);
	}
	path_in(dest, sizeof(dest), "copy.db");
	assert_int_equal(db_backup(db, dest, err, sizeof(err)), 0);
	assert_int_equal(db_backup(db, dest, err, sizeof(err)), -1); /* never overwrites */
	db_close(db);
	db = open_db("copy.db", 1);
	assert_int_equal(count_rows(db, "SELECT count(*) FROM constituency"), 20);
	assert_int_equal(db_integrity_check(db, err, sizeof(err)), 0);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_group_commit_many_writers),
	        cmocka_unit_test(test_constraint_failure_is_isolated),
	        cmocka_unit_test(test_newer_schema_refused),
	        cmocka_unit_test(test_missing_db_refused),
	        cmocka_unit_test(test_audit_chain_detects_tampering),
	        cmocka_unit_test(test_audit_chain_detects_deletion),
	        cmocka_unit_test(test_query_builder_binds),
	        cmocka_unit_test(test_backup_copies_everything),
	};
	snprintf(dir, sizeof(dir), "/tmp/hikeshi-unit-XXXXXX");
	if (!mkdtemp(dir) || secret_init() < 0)
		return 1;
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = rc ? rc : 1;
	return rc;
}
