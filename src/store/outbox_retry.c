/*
 * outbox_retry.c - requeueing a failed outgoing message (see outbox_retry.h).
 */
#include "store/outbox_retry.h"

#include "store/db.h"

int store_outbox_requeue(struct db_conn *c, int64_t id, int64_t now)
{
	struct db_stmt *st = db_prepare(c, "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ? "
	                                   "WHERE id = ? AND state = 'failed'");
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) == 1 ? 1 : 0;
}
