/*
 * SQL for incident tasks (to-do items of a response): one row by id, the
 * tasks of an incident, insert and a versioned update. Rows are JSON
 * objects keyed by column name as stored (times in unix seconds, done 0/1);
 * app/task.c shapes them for the API and decides who may see them (a task
 * is visible exactly when its incident is). Functions run inside the
 * caller's read transaction or write job; 0 / -1 unless stated otherwise.
 */
#ifndef HIKESHI_STORE_TASK_H
#define HIKESHI_STORE_TASK_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* 1 found (*out a new reference), 0 absent, -1 error. */
int store_task_get(struct db_conn *c, int64_t id, json_t **out);

/* The tasks of an incident in creation order, or NULL on error. */
json_t *store_task_list(struct db_conn *c, int64_t incident_id);

/* Inserts a row from an object of columns (incident_id, title,
 * assignee_id, due_at, done, done_at, created_by, created_at, updated_at,
 * version); *id receives the new id. */
int store_task_insert(struct db_conn *c, const json_t *row, int64_t *id);

/* Writes title, assignee_id, due_at, done, done_at, updated_at and version
 * from row if the task's version is still old_version. 0 written, 1 the
 * version moved, -1 error. */
int store_task_update(struct db_conn *c, int64_t id, int64_t old_version, const json_t *row);
/* Moves every task of incident from to incident to (a merge). 0 / -1. */
int store_tasks_move(struct db_conn *c, int64_t from, int64_t to, int64_t now);

#endif
