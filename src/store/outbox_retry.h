/*
 * outbox_retry.h - the one outbox statement the admin API needs beyond
 * store/outbox.h: putting a failed message back in the queue. (Kept apart
 * from outbox.c, which is written elsewhere; it may move there.)
 */
#ifndef HIKESHI_STORE_OUTBOX_RETRY_H
#define HIKESHI_STORE_OUTBOX_RETRY_H

#include <stdint.h>

struct db_conn;

/* A 'failed' row becomes 'queued' again, due now, with attempts reset to 0
 * (last_error is kept). Write job only. 1 requeued, 0 no failed row with
 * that id, -1 error. */
int store_outbox_requeue(struct db_conn *c, int64_t id, int64_t now);

#endif
