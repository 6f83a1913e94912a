/*
 * Hash-chained audit log (see audit.h).
 *
 * hash(row) = SHA-256 hex of the fields joined with 0x1f separators:
 *   prev_hash, id, at, actor_id, actor, action, object_type, object_id, summary
 * The first row's prev_hash is 64 zeros. Rows are only appended by the single
 * writer thread, so "read the last hash, insert the next row" is serial.
 * The id is part of the hash, so deleting a row leaves a gap that the walk
 * sees even if an attacker rewrote every later hash... unless they rewrite all
 * of them; the meta row 'audit_head' (count and last hash, updated in the same
 * transaction) is one more thing such an attacker must forge consistently.
 */
#include "store/audit.h"

#include "lib/buf.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/db.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

static int row_hash(const char *prev, int64_t id, int64_t at, int64_t actor_id, const char *actor, const char *action,
                    const char *otype, const char *oid, const char *summary, char out[65])
{
	struct buf b;
	buf_init(&b, 16 * 1024 * 1024);
	int rc = buf_printf(&b, "%s\x1f%" PRId64 "\x1f%" PRId64 "\x1f%" PRId64 "\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", prev,
	                    id, at, actor_id, actor, action, otype, oid, summary);
	if (rc == 0)
		secret_sha256_hex(b.data, b.len, out);
	buf_free(&b);
	return rc;
}

int audit_append(struct db_conn *c, const struct audit_actor *who, const char *action, const char *object_type,
                 const char *object_id, json_t *summary)
{
	static const char last_sql[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
	static const char ins_sql[] =
	        "INSERT INTO audit(id, at, actor_id, actor, action, object_type, object_id, summary, prev_hash, hash) "
	        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	static const char head_sql[] = "INSERT INTO meta(name, value) VALUES ('audit_head', ?) "
	                               "ON CONFLICT(name) DO UPDATE SET value = excluded.value";
	char prev[65], hash[65], head[96];
	int64_t id = 1, at = time_now();
	struct db_stmt *st = db_prepare(c, last_sql);
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		id = db_col_int(st, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", db_col_text(st, 1));
	} else {
		snprintf(prev, sizeof(prev), "%s", zero_hash);
	}
	db_done(st);
	if (rc < 0)
		return -1;
	json_t *empty = summary ? NULL : json_object();
	char *text = json_dumps(summary ? summary : empty, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(empty);
	if (!text)
		return -1;
	const char *actor = who && who->name ? who->name : "system";
	int64_t actor_id = who ? who->user_id : 0;
	if (row_hash(prev, id, at, actor_id, actor, action, object_type, object_id, text, hash) < 0) {
		free(text);
		return -1;
	}
	st = db_prepare(c, ins_sql);
	if (!st) {
		free(text);
		return -1;
	}
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, at);
	db_bind_int_or_null(st, 3, actor_id);
	db_bind_text(st, 4, actor);
	db_bind_text(st, 5, action);
	db_bind_text(st, 6, object_type);
	db_bind_text(st, 7, object_id);
	db_bind_text(st, 8, text);
	db_bind_text(st, 9, prev);
	db_bind_text(st, 10, hash);
	rc = db_exec_stmt(st);
	free(text);
	if (rc < 0)
		return -1;
	snprintf(head, sizeof(head), "%" PRId64 ":%s", id, hash);
	st = db_prepare(c, head_sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, head);
	return db_exec_stmt(st);
}

int audit_verify(struct db_conn *c, char *msg, size_t msglen)
{
	static const char all_sql[] =
	        "SELECT id, at, actor_id, actor, action, object_type, object_id, summary, prev_hash, hash "
	        "FROM audit ORDER BY id";
	static const char head_sql[] = "SELECT value FROM meta WHERE name = 'audit_head'";
	struct db_stmt *st = db_prepare(c, all_sql);
	if (!st)
		return -1;
	char prev[65], hash[65];
	snprintf(prev, sizeof(prev), "%s", zero_hash);
	int64_t expect_id = 1, n = 0;
	int rc, bad = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		if (id != expect_id) {
			snprintf(msg, msglen, "audit row %" PRId64 ": row(s) %" PRId64 "..%" PRId64 " deleted", id,
			         expect_id, id - 1);
			bad = 1;
			break;
		}
		if (strcmp(db_col_text(st, 8), prev) != 0) {
			snprintf(msg, msglen,
			         "audit row %" PRId64 ": chain broken (a row before it was inserted or replaced)", id);
			bad = 1;
			break;
		}
		if (row_hash(prev, id, db_col_int(st, 1), db_col_int(st, 2), db_col_text(st, 3), db_col_text(st, 4),
		             db_col_text(st, 5), db_col_text(st, 6), db_col_text(st, 7), hash) < 0) {
			db_done(st);
			return -1;
		}
		if (strcmp(hash, db_col_text(st, 9)) != 0) {
			snprintf(msg, msglen, "audit row %" PRId64 ": edited (its hash does not match its contents)",
			         id);
			bad = 1;
			break;
		}
		snprintf(prev, sizeof(prev), "%s", hash);
		expect_id = id + 1;
		n++;
	}
	db_done(st);
	if (rc < 0)
		return -1;
	if (bad)
		return 1;
	/* The tail: the recorded head must be the last row we saw. */
	st = db_prepare(c, head_sql);
	if (!st)
		return -1;
	char expect[96];
	snprintf(expect, sizeof(expect), "%" PRId64 ":%s", n, prev);
	rc = db_step(st);
	if (rc == DB_ROW && strcmp(db_col_text(st, 0), expect) != 0) {
		snprintf(msg, msglen, "audit row %" PRId64 ": rows after it were deleted (head is %s)", n + 1,
		         db_col_text(st, 0));
		bad = 1;
	} else if (rc == DB_DONE && n > 0) {
		snprintf(msg, msglen, "audit head record missing");
		bad = 1;
	}
	db_done(st);
	if (rc < 0)
		return -1;
	if (bad)
		return 1;
	snprintf(msg, msglen, "audit log ok: %" PRId64 " rows, chain intact", n);
	return 0;
}
