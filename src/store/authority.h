/*
 * SQL for the authority matrix (権限マトリクス) and the decisions
 * (意思決定) recorded on incidents: the actions (built-in and local), the
 * cells (action, role, power), the matrix's version, a user's
 * organisational roles, and the append-only decision rows.
 *
 * Rows are JSON objects keyed by column name as stored (times in unix
 * seconds); app/authority.c checks and shapes them. Functions run inside
 * the caller's read transaction or write job; 0 / -1 unless stated.
 */
#ifndef HIKESHI_STORE_AUTHORITY_H
#define HIKESHI_STORE_AUTHORITY_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* [{code, label_ja, label_en, builtin (0/1)}] in display order; NULL on error. */
json_t *store_authority_actions(struct db_conn *c);
/* [{action, role, power}] ordered by action and role; NULL on error. */
json_t *store_authority_cells(struct db_conn *c);
/* {version, updated_at, updated_by} into *out (new reference). */
int store_authority_meta(struct db_conn *c, json_t **out);

/* Replaces the matrix: every cell (array of {action, role, power}) and,
 * when local is not NULL, the local actions (array of {code, label_ja,
 * label_en}; built-in ones are kept); bumps the version. Write job only. */
int store_authority_replace(struct db_conn *c, const json_t *local, const json_t *cells, int64_t now, int64_t user_id);
/* Number of decisions naming action (>= 0), or -1. */
int64_t store_authority_action_uses(struct db_conn *c, const char *action);

/* The organisational roles of a user as a JSON array (parsed from
 * app_user.authority_roles; [] when absent or unreadable), NULL on error. */
json_t *store_user_authority_roles(struct db_conn *c, int64_t user_id);

/* Inserts a decision from an object of columns (incident_id, action,
 * outcome, power, authority_role, decided_by, decided_at, rationale,
 * created_at); *id receives its id. */
int store_decision_insert(struct db_conn *c, const json_t *row, int64_t *id);
/* One decision with "decided_by_name": 1 found, 0 absent, -1 error. */
int store_decision_get(struct db_conn *c, int64_t id, json_t **out);
/* The decisions of an incident by decided_at then id, each with
 * "decided_by_name"; NULL on error. */
json_t *store_decision_list(struct db_conn *c, int64_t incident_id);
/* Moves the decisions of incident from to incident to (a merge). 0 / -1. */
int store_decisions_move(struct db_conn *c, int64_t from, int64_t to);

#endif
