/*
 * SQL for the CSIRT evaluations (evaluation, roadmap_item). Rows are JSON
 * objects keyed by column name (answers and results as JSON text, times in
 * unix seconds, plus "created_by_name"); app/evaluation.c shapes them. Run
 * inside the caller's read transaction or write job.
 */
#ifndef HIKESHI_STORE_EVALUATION_H
#define HIKESHI_STORE_EVALUATION_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* Inserts from an object of columns (eval_date, answers, results, overall,
 * note, created_by, created_at); *id gets the id. 0 / -1. */
int store_evaluation_insert(struct db_conn *c, const json_t *row, int64_t *id);
/* Inserts one roadmap item (columns as in the table). 0 / -1. */
int store_roadmap_insert(struct db_conn *c, int64_t evaluation_id, const json_t *item, int64_t now, int64_t user_id);
/* One evaluation: 1 found, 0 absent, -1 error. */
int store_evaluation_get(struct db_conn *c, int64_t id, json_t **out);
/* The evaluations without answers, oldest first; NULL on error. */
json_t *store_evaluation_list(struct db_conn *c);
/* The roadmap of an evaluation in priority order; NULL on error. */
json_t *store_roadmap_list(struct db_conn *c, int64_t evaluation_id);
/* One roadmap item: 1 found, 0 absent, -1 error. */
int store_roadmap_get(struct db_conn *c, int64_t evaluation_id, int64_t n, json_t **out);
/* Sets owner, target_date, status from item, bumps version. 0 / -1. */
int store_roadmap_update(struct db_conn *c, int64_t evaluation_id, int64_t n, const json_t *item, int64_t now,
                         int64_t user_id);

#endif
