/*
 * Escalation SQL (see escalation.h).
 */
#include "store/escalation.h"

#include "store/db.h"

#include <stdio.h>
#include <string.h>

#define RULE_COLS                                                                                                      \
	"id, name, name_en, enabled, position, condition, level, targets, channel, webhook_url, webhook_format, "      \
	"subject_ja, subject_en, body_ja, body_en, ack_minutes, created_at, updated_at, version"

#define ESC_SELECT                                                                                                     \
	"SELECT e.id, e.incident_id, e.rule_id, e.parent_id, e.level, e.reason, e.targets, e.state, "                  \
	"e.acknowledged_by, e.acknowledged_user_id, e.acknowledged_contact_id, e.acknowledged_at, e.climb_at, "        \
	"e.created_at, e.updated_at, i.key AS incident_key, r.name AS rule_name, r.name_en AS rule_name_en "           \
	"FROM escalation e JOIN incident i ON i.id = e.incident_id "                                                   \
	"LEFT JOIN escalation_rule r ON r.id = e.rule_id "

/* Collects every row of st (released here); NULL on error. */
static json_t *all_rows(struct db_stmt *st)
{
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, db_row_json(st));
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

static int one_row(struct db_stmt *st, json_t **out)
{
	int rc = db_step(st);
	*out = rc == DB_ROW ? db_row_json(st) : NULL;
	db_done(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW;
}

/* --- rules ---------------------------------------------------------------- */

json_t *store_esc_rules(struct db_conn *c, int enabled_only)
{
	static const char sql[] = "SELECT " RULE_COLS " FROM escalation_rule WHERE (? = 0 OR enabled = 1) "
	                          "ORDER BY position, id";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, enabled_only ? 1 : 0);
	return all_rows(st);
}

json_t *store_esc_rule_conditions(struct db_conn *c)
{
	static const char sql[] =
	        "SELECT id, level, condition FROM escalation_rule WHERE enabled = 1 ORDER BY position, id";
	struct db_stmt *st = db_prepare(c, sql);
	return st ? all_rows(st) : NULL;
}

int store_esc_rule_get(struct db_conn *c, int64_t id, json_t **out)
{
	static const char sql[] = "SELECT " RULE_COLS " FROM escalation_rule WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	*out = NULL;
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	return one_row(st, out);
}

/* The writable columns, in the order of the INSERT and UPDATE literals. */
static const char *const rule_cols[] = {
        "name",    "name_en", "enabled",     "position",       "condition",  "level",
        "targets", "channel", "webhook_url", "webhook_format", "subject_ja", "subject_en",
        "body_ja", "body_en", "ack_minutes", "updated_at",     NULL,
};

static int bind_rule(struct db_stmt *st, const json_t *row)
{
	int idx = 1;
	for (size_t i = 0; rule_cols[i]; i++)
		db_bind_json(st, idx++, json_object_get(row, rule_cols[i]));
	return idx;
}

int store_esc_rule_insert(struct db_conn *c, const json_t *row, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO escalation_rule(name, name_en, enabled, position, condition, level, targets, channel, "
	        "webhook_url, webhook_format, subject_ja, subject_en, body_ja, body_en, ack_minutes, updated_at, "
	        "created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	int idx = bind_rule(st, row);
	db_bind_json(st, idx, json_object_get(row, "created_at"));
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_esc_rule_update(struct db_conn *c, int64_t id, int64_t old_version, const json_t *row)
{
	static const char sql[] =
	        "UPDATE escalation_rule SET name = ?, name_en = ?, enabled = ?, position = ?, condition = ?, "
	        "level = ?, targets = ?, channel = ?, webhook_url = ?, webhook_format = ?, subject_ja = ?, "
	        "subject_en = ?, body_ja = ?, body_en = ?, ack_minutes = ?, updated_at = ?, version = version + 1 "
	        "WHERE id = ? AND version = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	int idx = bind_rule(st, row);
	db_bind_int(st, idx++, id);
	db_bind_int(st, idx, old_version);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) == 1 ? 0 : 1;
}

int store_esc_rule_delete(struct db_conn *c, int64_t id)
{
	static const char unlink_sql[] = "UPDATE escalation SET rule_id = NULL WHERE rule_id = ?";
	static const char sql[] = "DELETE FROM escalation_rule WHERE id = ?";
	struct db_stmt *st = db_prepare(c, unlink_sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	if (db_exec_stmt(st) < 0)
		return -1;
	st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) == 1;
}

/* --- facts ---------------------------------------------------------------- */

int store_esc_status_since(struct db_conn *c, int64_t incident_id, int64_t *since)
{
	static const char sql[] =
	        "SELECT COALESCE((SELECT MAX(at) FROM journal WHERE incident_id = i.id AND kind = 'status'), "
	        "i.created_at) FROM incident i WHERE i.id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, incident_id);
	int rc = db_step(st);
	*since = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc < 0 ? -1 : 0;
}

json_t *store_esc_sla_states(struct db_conn *c, int64_t incident_id)
{
	static const char sql[] = "SELECT target, state FROM sla_event WHERE incident_id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, incident_id);
	json_t *out = json_pack("{s:[],s:[]}", "breach", "near");
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *state = db_col_text(st, 1);
		json_t *a = json_object_get(out, strcmp(state, "breach") == 0 ? "breach" : "near");
		json_array_append_new(a, json_string(db_col_text(st, 0)));
	}
	db_done(st);
	if (rc < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *store_esc_timed_candidates(struct db_conn *c, int64_t since, int64_t rule_id, int64_t level, int limit)
{
	static const char sql[] =
	        "SELECT i.id FROM incident i WHERE i.status <> 'closed' AND i.merged_into_id IS NULL "
	        "AND COALESCE((SELECT MAX(at) FROM journal j WHERE j.incident_id = i.id AND j.kind = 'status'), "
	        "i.created_at) <= ? "
	        "AND NOT EXISTS (SELECT 1 FROM escalation e WHERE e.incident_id = i.id AND e.rule_id = ? "
	        "AND e.level = ?) ORDER BY i.id LIMIT ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, since);
	db_bind_int(st, 2, rule_id);
	db_bind_int(st, 3, level);
	db_bind_int(st, 4, limit);
	json_t *ids = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(ids, json_integer(db_col_int(st, 0)));
	db_done(st);
	if (rc < 0) {
		json_decref(ids);
		return NULL;
	}
	return ids;
}

json_t *store_esc_contacts(struct db_conn *c)
{
	static const char sql[] = "SELECT id, name, email, role, groups, constituency_id, tlp_max, lang "
	                          "FROM contact WHERE active = 1 ORDER BY id";
	struct db_stmt *st = db_prepare(c, sql);
	return st ? all_rows(st) : NULL;
}

/* --- escalations ---------------------------------------------------------- */

int store_esc_exists(struct db_conn *c, int64_t incident_id, int64_t rule_id, int64_t level)
{
	static const char sql[] = "SELECT 1 FROM escalation WHERE incident_id = ? AND rule_id = ? AND level = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, incident_id);
	db_bind_int(st, 2, rule_id);
	db_bind_int(st, 3, level);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int store_esc_insert(struct db_conn *c, const struct store_esc_new *e, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO escalation(incident_id, rule_id, parent_id, level, reason, targets, state, climb_at, "
	        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, e->incident_id);
	db_bind_int_or_null(st, 2, e->rule_id);
	db_bind_int_or_null(st, 3, e->parent_id);
	db_bind_int(st, 4, e->level);
	db_bind_text(st, 5, e->reason);
	db_bind_text(st, 6, e->targets ? e->targets : "{}");
	db_bind_int_or_null(st, 7, e->climb_at);
	db_bind_int(st, 8, e->now);
	db_bind_int(st, 9, e->now);
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_esc_token_insert(struct db_conn *c, const char *hash, int64_t escalation_id, int64_t contact_id, int64_t now)
{
	static const char sql[] =
	        "INSERT INTO escalation_link(token_hash, escalation_id, contact_id, created_at) VALUES (?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, escalation_id);
	db_bind_int_or_null(st, 3, contact_id);
	db_bind_int(st, 4, now);
	return db_exec_stmt(st);
}

int store_esc_by_token(struct db_conn *c, const char *hash, json_t **out)
{
	static const char sql[] =
	        "SELECT e.id, e.incident_id, e.level, e.state, e.acknowledged_by, e.acknowledged_at, "
	        "i.key AS incident_key, i.title AS incident_title, i.tlp, i.constituency_id, "
	        "t.contact_id, COALESCE(ct.name, '') AS contact_name "
	        "FROM escalation_link t JOIN escalation e ON e.id = t.escalation_id "
	        "JOIN incident i ON i.id = e.incident_id LEFT JOIN contact ct ON ct.id = t.contact_id "
	        "WHERE t.token_hash = ?";
	struct db_stmt *st = db_prepare(c, sql);
	*out = NULL;
	if (!st)
		return -1;
	db_bind_text(st, 1, hash);
	return one_row(st, out);
}

int store_esc_get(struct db_conn *c, int64_t id, json_t **out)
{
	static const char sql[] = ESC_SELECT "WHERE e.id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	*out = NULL;
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	return one_row(st, out);
}

json_t *store_esc_of_incident(struct db_conn *c, int64_t incident_id)
{
	static const char sql[] = ESC_SELECT "WHERE e.incident_id = ? ORDER BY e.id";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, incident_id);
	return all_rows(st);
}

int store_esc_ack(struct db_conn *c, int64_t id, const char *by, int64_t user_id, int64_t contact_id, int64_t now)
{
	static const char sql[] =
	        "UPDATE escalation SET state = 'acknowledged', acknowledged_by = ?, acknowledged_user_id = ?, "
	        "acknowledged_contact_id = ?, acknowledged_at = ?, climb_at = NULL, updated_at = ? "
	        "WHERE id = ? AND state IN ('open', 'climbed') AND acknowledged_at IS NULL";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, by);
	db_bind_int_or_null(st, 2, user_id);
	db_bind_int_or_null(st, 3, contact_id);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, id);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) == 1;
}

json_t *store_esc_due(struct db_conn *c, int64_t now, int limit)
{
	static const char sql[] =
	        "SELECT e.id, e.incident_id, e.rule_id, e.level, e.targets, i.status AS incident_status "
	        "FROM escalation e JOIN incident i ON i.id = e.incident_id "
	        "WHERE e.state = 'open' AND e.climb_at IS NOT NULL AND e.climb_at <= ? ORDER BY e.climb_at, e.id LIMIT "
	        "?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, limit);
	return all_rows(st);
}

int store_esc_set_state(struct db_conn *c, int64_t id, const char *state, int64_t now)
{
	static const char sql[] =
	        "UPDATE escalation SET state = ?, climb_at = NULL, updated_at = ? WHERE id = ? AND state = 'open'";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, state);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) == 1;
}

int store_esc_brief(struct db_conn *c, int64_t id, char *key, size_t keylen, int64_t *level)
{
	static const char sql[] =
	        "SELECT i.key, e.level FROM escalation e JOIN incident i ON i.id = e.incident_id WHERE e.id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	key[0] = '\0';
	*level = 0;
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(key, keylen, "%s", db_col_text(st, 0));
		*level = db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}
