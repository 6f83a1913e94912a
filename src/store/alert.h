/*
 * SQL for the alert webhook that the shared intake store (store/intake.h)
 * does not cover: reading back what a repeated alert changed. Functions
 * run inside the caller's read transaction or write job and return 0, or
 * -1 on a database error (logged by the db layer).
 */
#ifndef HIKESHI_STORE_ALERT_H
#define HIKESHI_STORE_ALERT_H

#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* The tracking number (into key, keylen bytes) and seen_count of report
 * id. 1 found, 0 absent, -1 error. */
int store_alert_report_brief(struct db_conn *c, int64_t id, char *key, size_t keylen, int64_t *seen_count);

#endif
