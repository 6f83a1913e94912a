/*
 * SQL for constituencies (対象組織: the organisations a CSIRT serves) and
 * their org units (部署: departments, nested by parent_id within one
 * constituency).
 *
 * *_get returns the raw row (integer unix-second times); *_api turns a raw
 * row into the API object (RFC 3339 times). Functions taking a db_conn run
 * inside the caller's read transaction or write job; unless stated
 * otherwise they return 0, or -1 on a database error (logged).
 */
#ifndef HIKESHI_STORE_CONSTITUENCY_H
#define HIKESHI_STORE_CONSTITUENCY_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* --- constituencies ------------------------------------------------------ */

/* Raw row (new reference) or NULL when absent or on error. */
json_t *store_constituency_get(struct db_conn *c, int64_t id);
/* API object for a raw row (new reference; row borrowed). */
json_t *store_constituency_api(const json_t *row);
/* Up to limit constituencies with id > after_id, ordered by id, as API
 * objects (new reference), or NULL on error. scope_user_id 0 = all; else
 * only the user's constituencies (user_constituency). */
json_t *store_constituency_list(struct db_conn *c, int64_t scope_user_id, int64_t after_id, int limit);
/* 1 when another constituency (id != exclude_id) has this code, 0 if not,
 * -1 on error. */
int store_constituency_code_taken(struct db_conn *c, const char *code, int64_t exclude_id);
/* Inserts (code, name, name_en, description from row; created_at =
 * updated_at = now, version 1) and sets *id. Write job only. */
int store_constituency_insert(struct db_conn *c, const json_t *row, int64_t now, int64_t *id);
/* Writes code, name, name_en, description from row, updated_at = now,
 * version + 1. Write job only. */
int store_constituency_update(struct db_conn *c, int64_t id, const json_t *row, int64_t now);

/* --- org units ---------------------------------------------------------- */

json_t *store_org_unit_get(struct db_conn *c, int64_t id);
json_t *store_org_unit_api(const json_t *row);
/* Up to limit org units with id > after_id, ordered by id, as API objects
 * (new reference) or NULL on error. constituency_id 0 = any; scope_user_id
 * as for store_constituency_list. */
json_t *store_org_unit_list(struct db_conn *c, int64_t constituency_id, int64_t scope_user_id, int64_t after_id,
                            int limit);
/* The parent of an org unit: *parent_id 0 when it has none; returns 1 when
 * the org unit exists, 0 when not, -1 on error. */
int store_org_unit_parent(struct db_conn *c, int64_t id, int64_t *parent_id);
/* Inserts (constituency_id, parent_id, name, name_en from row) and sets
 * *id. Write job only. */
int store_org_unit_insert(struct db_conn *c, const json_t *row, int64_t now, int64_t *id);
/* Writes constituency_id, parent_id, name, name_en, updated_at = now,
 * version + 1. Write job only. */
int store_org_unit_update(struct db_conn *c, int64_t id, const json_t *row, int64_t now);

#endif
