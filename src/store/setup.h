/*
 * SQL for the build questionnaire (issue 6, item 2) and the configuration
 * it writes: answers (setup_answer), the service catalogue, the report
 * schedule, the review calendar, small settings (setting), and the
 * constituency look-ups the questionnaire needs. Rows are JSON objects
 * keyed by column name (times in unix seconds). Functions run inside the
 * caller's read transaction or write job; 0 / -1 unless stated.
 */
#ifndef HIKESHI_STORE_SETUP_H
#define HIKESHI_STORE_SETUP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* {question_id: {value (parsed), version, updated_at, updated_by}}; NULL on error. */
json_t *store_setup_answers(struct db_conn *c);
/* Stores value (JSON) for question id, bumping its version. Write job only. */
int store_setup_answer_put(struct db_conn *c, const char *id, const json_t *value, int64_t now, int64_t user_id);
int store_setup_answer_delete(struct db_conn *c, const char *id);

/* A setting's value into out: 1 found, 0 absent, -1 error. */
int store_setting_get(struct db_conn *c, const char *name, char *out, size_t len);
int store_setting_put(struct db_conn *c, const char *name, const char *value, int64_t now);
int store_setting_delete(struct db_conn *c, const char *name);

/* [{code, provision, service_level, note, updated_at}] by code; NULL on error. */
json_t *store_catalogue_list(struct db_conn *c);
/* Replaces the catalogue with rows [{code, provision, service_level?, note?}]. */
int store_catalogue_replace(struct db_conn *c, const json_t *rows, int64_t now);

/* [{id, audience, ..., recipients (parsed), enabled, next_run_at, and what
 * the last run did: last_run_at, last_period, last_outbox_id, last_error,
 * last_error_at, failures, retry_at}] by id. */
json_t *store_schedule_list(struct db_conn *c);
/* Replaces the schedules with rows (columns as listed, id absent for a new
 * one; recipients an array). */
int store_schedule_replace(struct db_conn *c, const json_t *rows);

/* [{kind, frequency, next_due_at, last_done_at}] by kind; NULL on error. */
json_t *store_review_list(struct db_conn *c);
/* Inserts or updates a kind's frequency and next due time (last_done_at kept). */
int store_review_put(struct db_conn *c, const char *kind, const char *frequency, int64_t next_due);
int store_review_delete(struct db_conn *c, const char *kind);
/* Marks a review done at now, due next at next_due; 1 updated, 0 absent, -1 error. */
int store_review_done(struct db_conn *c, const char *kind, int64_t now, int64_t next_due);

/* [{id, code, name, name_en, description}] by id; NULL on error. */
json_t *store_constituency_all(struct db_conn *c);
/* How many rows (incidents, reports, contacts, org units, user scopes,
 * escalation rules) refer to constituency id; -1 on error. */
int64_t store_constituency_refs(struct db_conn *c, int64_t id);
int store_constituency_delete(struct db_conn *c, int64_t id);

#endif
