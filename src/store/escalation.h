/*
 * SQL for escalation rules, escalations, their acknowledgement tokens, the
 * facts a rule looks at (time in status, SLA events, contacts). Rows are
 * JSON objects keyed by column name
 * as stored (times in unix seconds, condition/targets as JSON text);
 * app/escalation.c shapes them for the API. Functions run inside the
 * caller's read transaction or write job and return 0, or -1 on a
 * database error, unless stated otherwise.
 */
#ifndef HIKESHI_STORE_ESCALATION_H
#define HIKESHI_STORE_ESCALATION_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* --- rules ---------------------------------------------------------------- */

/* Every rule (or only the enabled ones), by position then id. NULL on error. */
json_t *store_esc_rules(struct db_conn *c, int enabled_only);
/* The enabled rules' id, level and condition only (the hot path of
 * evaluation), by position then id. NULL on error. */
json_t *store_esc_rule_conditions(struct db_conn *c);
/* One rule into *out: 1 found, 0 absent, -1 error. */
int store_esc_rule_get(struct db_conn *c, int64_t id, json_t **out);
/* Inserts a rule from row (name, name_en, enabled, position, condition,
 * level, targets, channel, webhook_url, webhook_format, subject_ja,
 * subject_en, body_ja, body_en, ack_minutes, created_at, updated_at). */
int store_esc_rule_insert(struct db_conn *c, const json_t *row, int64_t *id);
/* Updates every column from row when the version still is old_version:
 * 0 updated, 1 stale, -1 error. */
int store_esc_rule_update(struct db_conn *c, int64_t id, int64_t old_version, const json_t *row);
/* Deletes a rule; its escalations keep their history without the link.
 * 1 deleted, 0 absent, -1 error. */
int store_esc_rule_delete(struct db_conn *c, int64_t id);

/* --- what a condition looks at ------------------------------------------- */

/* When the incident entered its current status (its last status journal
 * entry, else its creation). */
int store_esc_status_since(struct db_conn *c, int64_t incident_id, int64_t *since);
/* The SLA targets recorded as breached / near breach (sla_event), as
 * names in two arrays: {"breach":[...], "near":[...]}. NULL on error. */
json_t *store_esc_sla_states(struct db_conn *c, int64_t incident_id);
/* Open incidents (not closed, not merged) that have been in their status
 * since at or before `since`, and have no escalation of rule_id at level
 * yet, up to limit ids (oldest first). NULL on error. */
json_t *store_esc_timed_candidates(struct db_conn *c, int64_t since, int64_t rule_id, int64_t level, int limit);
/* Active contacts: id, name, email, role, groups (JSON text),
 * constituency_id, tlp_max, lang. NULL on error. */
json_t *store_esc_contacts(struct db_conn *c);

/* --- escalations ---------------------------------------------------------- */

/* 1 when the incident has an escalation of rule_id at level, 0 if not. */
int store_esc_exists(struct db_conn *c, int64_t incident_id, int64_t rule_id, int64_t level);

struct store_esc_new {
	int64_t incident_id, rule_id, parent_id; /* 0 = none */
	int64_t level;
	const char *reason;  /* "rule", "time", "sla", "climb" */
	const char *targets; /* JSON text */
	int64_t climb_at;    /* 0 = never (the top level) */
	int64_t now;
};
/* Inserts an open escalation. Write job only. */
int store_esc_insert(struct db_conn *c, const struct store_esc_new *e, int64_t *id);
/* Records an acknowledgement token (its SHA-256 hex) for a recipient
 * (contact_id 0: a webhook). Write job only. */
int store_esc_token_insert(struct db_conn *c, const char *hash, int64_t escalation_id, int64_t contact_id, int64_t now);
/* The escalation behind a token hash, joined with the incident (key,
 * title, tlp, constituency_id) and the recipient (contact_id,
 * contact_name): 1 found, 0 absent, -1 error. */
int store_esc_by_token(struct db_conn *c, const char *hash, json_t **out);
/* One escalation with its incident's key: 1 found, 0 absent, -1 error. */
int store_esc_get(struct db_conn *c, int64_t id, json_t **out);
/* An incident's escalations, oldest first, with the rule's name. NULL on error. */
json_t *store_esc_of_incident(struct db_conn *c, int64_t incident_id);
/* Marks an escalation acknowledged when it is not yet (state open or
 * climbed): 1 done, 0 already acknowledged or closed, -1 error. */
int store_esc_ack(struct db_conn *c, int64_t id, const char *by, int64_t user_id, int64_t contact_id, int64_t now);
/* Open escalations whose climb time has come, up to limit, oldest first,
 * with the incident's status. NULL on error. */
json_t *store_esc_due(struct db_conn *c, int64_t now, int limit);
/* Sets state (climbed, closed) of an open escalation; 1 changed, 0 not open. */
int store_esc_set_state(struct db_conn *c, int64_t id, const char *state, int64_t now);

/* --- the outbox's webhooks ----------------------------------------------- */

/* The incident key and the level of an escalation (for a webhook
 * payload): 1 found, 0 absent, -1 error. key receives at most keylen-1 bytes. */
int store_esc_brief(struct db_conn *c, int64_t id, char *key, size_t keylen, int64_t *level);

#endif
