/*
 * SQL for running report schedules (issue 7, item 3): the due schedules,
 * the conditional advance of next_run_at that makes a run happen once,
 * the record of a failed run (kept due, retried later), and the staff
 * addresses a schedule without recipients falls back to. The schedules
 * themselves are written by the questionnaire (store/setup.h). Rows are
 * JSON objects keyed by column name (times in unix seconds, recipients
 * parsed). Functions run inside the caller's read transaction or write
 * job.
 */
#ifndef HIKESHI_STORE_REPORT_SCHEDULE_H
#define HIKESHI_STORE_REPORT_SCHEDULE_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* The enabled schedules with next_run_at <= now whose retry time (after a
 * failure) has come, oldest first. New reference, NULL on error. */
json_t *store_schedule_due(struct db_conn *c, int64_t now);

/* One schedule (every column), or NULL with *found 0 when absent; NULL
 * with *found 1 on a database error. */
json_t *store_schedule_get(struct db_conn *c, int64_t id, int *found);

/* A scheduled run went out: next_run_at = next, last_run_at = now,
 * last_period, last_outbox_id, error and retry state cleared, but only
 * while the schedule is enabled and next_run_at is still expected_next
 * (so two passes never both send). Write job only. 1 updated, 0 not (the
 * schedule was changed or run meanwhile), -1 on error. */
int store_schedule_advance(struct db_conn *c, int64_t id, int64_t expected_next, int64_t next, int64_t now,
                           const char *period, int64_t outbox_id);

/* A scheduled run failed: last_error, last_error_at = now, failures + 1,
 * retry_at; next_run_at stays. Only while next_run_at is still
 * expected_next. Write job only. 1 / 0 / -1 as above. */
int store_schedule_failed(struct db_conn *c, int64_t id, int64_t expected_next, const char *error, int64_t now,
                          int64_t retry_at);

/* A run on request went out (error == NULL: last_run_at, last_period,
 * last_outbox_id set and last_error cleared) or failed (last_error and
 * last_error_at set). next_run_at, failures and retry_at stay. Write job
 * only. 1 / 0 (absent) / -1. */
int store_schedule_ran(struct db_conn *c, int64_t id, int64_t now, const char *period, int64_t outbox_id,
                       const char *error);

/* The addresses (non-empty, distinct, by user id) of the active users
 * with role admin, or admin and handler when with_handlers. New reference,
 * NULL on error. */
json_t *store_schedule_staff_addresses(struct db_conn *c, int with_handlers);

#endif
