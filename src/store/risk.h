/*
 * SQL for the risk-tolerance assessments (risk_assessment). Rows are JSON
 * objects keyed by column name (answers and matrix as JSON text, times in
 * unix seconds, plus "created_by_name"); app/risk.c shapes them. Run inside
 * the caller's read transaction or write job.
 */
#ifndef HIKESHI_STORE_RISK_H
#define HIKESHI_STORE_RISK_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* Inserts from an object of columns (answers, points, max_points, score,
 * profile, matrix, created_by, created_at); *id gets the id. 0 / -1. */
int store_risk_insert(struct db_conn *c, const json_t *row, int64_t *id);
/* One assessment: 1 found, 0 absent, -1 error. */
int store_risk_get(struct db_conn *c, int64_t id, json_t **out);
/* The assessments, newest first; NULL on error. */
json_t *store_risk_list(struct db_conn *c);

#endif
