/*
 * Metric aggregates (see metrics.h). Queries are assembled from string
 * literals with db_query; the period and the scope are bound values. The
 * period condition always comes first on an indexed time column so the
 * planner walks that index range (migration 0013).
 */
#include "store/metrics.h"

#include "store/db.h"

#include <stdlib.h>
#include <string.h>

/* " AND <incident i is counted and visible>" */
static void inc_scope(struct db_query *q, const struct store_metrics_scope *s)
{
	DBQ_SQL(q, " AND i.is_exercise = 0 AND i.merged_into_id IS NULL");
	if (s->constituency_id) {
		DBQ_SQL(q, " AND i.constituency_id = ?");
		db_query_int(q, s->constituency_id);
	}
	if (s->scope_user_id) {
		DBQ_SQL(q,
		        " AND i.constituency_id IN (SELECT constituency_id FROM user_constituency WHERE user_id = ?)");
		db_query_int(q, s->scope_user_id);
	}
	if (s->tlp_restricted) {
		DBQ_SQL(q, " AND i.tlp IN (''");
		for (size_t k = 0; k < s->ntlp; k++) {
			DBQ_SQL(q, ", ?");
			db_query_text(q, s->tlp[k]);
		}
		DBQ_SQL(q, ")");
	}
}

/* The same for a report r. A report without constituency is visible only
 * to a caller with every constituency and no constituency filter. */
static void rep_scope(struct db_query *q, const struct store_metrics_scope *s)
{
	DBQ_SQL(q, " AND NOT EXISTS (SELECT 1 FROM incident x WHERE x.id = r.incident_id AND x.is_exercise = 1)");
	if (s->constituency_id) {
		DBQ_SQL(q, " AND r.constituency_id = ?");
		db_query_int(q, s->constituency_id);
	}
	if (s->scope_user_id) {
		DBQ_SQL(q,
		        " AND r.constituency_id IN (SELECT constituency_id FROM user_constituency WHERE user_id = ?)");
		db_query_int(q, s->scope_user_id);
	}
	if (s->tlp_restricted) {
		DBQ_SQL(q, " AND r.tlp IN (''");
		for (size_t k = 0; k < s->ntlp; k++) {
			DBQ_SQL(q, ", ?");
			db_query_text(q, s->tlp[k]);
		}
		DBQ_SQL(q, ")");
	}
}

static void period(struct db_query *q, const struct store_metrics_scope *s)
{
	db_query_int(q, s->from);
	db_query_int(q, s->to);
}

/* Runs a one-row query of integer columns into out[0..n); frees q. */
static int one_row(struct db_conn *c, struct db_query *q, int64_t *out, int n)
{
	struct db_stmt *st = db_query_prepare(c, q);
	db_query_free(q);
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW)
		for (int k = 0; k < n; k++)
			out[k] = db_col_int(st, k);
	db_stmt_free(st);
	return rc == DB_ROW ? 0 : -1;
}

enum kc_shape { KC_PLAIN, KC_CONSTITUENCY, KC_CATEGORY };

/* One row of a grouped count: {"key","count"} plus, for a constituency,
 * its code and name, for a category its Japanese and English labels. */
static json_t *key_count_row(struct db_stmt *st, enum kc_shape shape)
{
	if (shape == KC_CONSTITUENCY)
		return json_pack("{s:I,s:I,s:s,s:s}", "key", (json_int_t)db_col_int(st, 0), "count",
		                 (json_int_t)db_col_int(st, 1), "code", db_col_text(st, 2), "name", db_col_text(st, 3));
	int none = db_col_is_null(st, 0);
	json_t *o = json_pack("{s:s,s:I}", "key", none ? "unclassified" : db_col_text(st, 0), "count",
	                      (json_int_t)db_col_int(st, 1));
	if (shape == KC_CATEGORY) {
		json_object_set_new(o, "label_ja", json_string(none ? "未分類" : db_col_text(st, 2)));
		json_object_set_new(o, "label_en", json_string(none ? "Unclassified" : db_col_text(st, 3)));
	}
	return o;
}

/* Runs a grouped count query into a new array of key_count_row; frees q. */
static json_t *key_counts(struct db_conn *c, struct db_query *q, enum kc_shape shape)
{
	struct db_stmt *st = db_query_prepare(c, q);
	db_query_free(q);
	if (!st)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_array_append_new(a, key_count_row(st, shape));
	}
	db_stmt_free(st);
	if (rc != DB_DONE) {
		json_decref(a);
		return NULL;
	}
	return a;
}

json_t *store_metrics_incidents_by(struct db_conn *c, const struct store_metrics_scope *s, enum store_metrics_dim dim)
{
	struct db_query *q = db_query_new();
	switch (dim) {
	case SM_CATEGORY:
		/* Grouped first, then labelled: one taxonomy lookup per group. */
		DBQ_SQL(q, "SELECT g.k, g.n, coalesce(t.label_ja, g.k), coalesce(t.label_en, g.k) FROM ("
		           "SELECT i.category AS k, count(*) AS n FROM incident i");
		break;
	case SM_PRIORITY: DBQ_SQL(q, "SELECT i.priority, count(*) FROM incident i"); break;
	case SM_STATUS: DBQ_SQL(q, "SELECT i.status, count(*) FROM incident i"); break;
	case SM_CONSTITUENCY:
		DBQ_SQL(q, "SELECT i.constituency_id, count(*), min(k.code), min(k.name) FROM incident i "
		           "JOIN constituency k ON k.id = i.constituency_id");
		break;
	}
	DBQ_SQL(q, " WHERE i.created_at >= ? AND i.created_at < ?");
	period(q, s);
	inc_scope(q, s);
	if (dim == SM_CATEGORY) {
		DBQ_SQL(q, " GROUP BY 1) g LEFT JOIN taxonomy t ON t.code = g.k ORDER BY 2 DESC, 1");
		return key_counts(c, q, KC_CATEGORY);
	}
	DBQ_SQL(q, " GROUP BY 1 ORDER BY 2 DESC, 1");
	return key_counts(c, q, dim == SM_CONSTITUENCY ? KC_CONSTITUENCY : KC_PLAIN);
}

json_t *store_metrics_reports_by(struct db_conn *c, const struct store_metrics_scope *s, int state)
{
	struct db_query *q = db_query_new();
	if (state)
		DBQ_SQL(q, "SELECT r.state, count(*) FROM report r");
	else
		DBQ_SQL(q, "SELECT r.channel, count(*) FROM report r");
	DBQ_SQL(q, " WHERE r.received_at >= ? AND r.received_at < ?");
	period(q, s);
	rep_scope(q, s);
	DBQ_SQL(q, " GROUP BY 1 ORDER BY 2 DESC, 1");
	return key_counts(c, q, KC_PLAIN);
}

/* Coordination: an incident on which the team notified an external
 * contact (an outbox row addressed to a contact of kind 'external') or
 * raised an escalation at level 5 (企業間, between companies). */
#define COORDINATED                                                                                                    \
	"(EXISTS (SELECT 1 FROM outbox o JOIN contact ct ON ct.id = o.contact_id WHERE o.incident_id = i.id "          \
	"AND ct.kind = 'external') OR EXISTS (SELECT 1 FROM escalation e WHERE e.incident_id = i.id AND e.level >= "   \
	"5))"

int store_metrics_counts(struct db_conn *c, const struct store_metrics_scope *s, struct store_metrics_counts *out)
{
	int64_t v[5] = {0};
	memset(out, 0, sizeof(*out));
	struct db_query *q = db_query_new();
	DBQ_SQL(q, "SELECT count(*), coalesce(sum(" COORDINATED " ), 0), coalesce(sum(i.personal_data <> 0), 0), "
	           "count(i.estimated_damage_jpy), coalesce(sum(i.estimated_damage_jpy), 0) "
	           "FROM incident i WHERE i.created_at >= ? AND i.created_at < ?");
	period(q, s);
	inc_scope(q, s);
	if (one_row(c, q, v, 5) < 0)
		return -1;
	out->incidents = v[0];
	out->coordinations = v[1];
	out->personal_data = v[2];
	out->damage_n = v[3];
	out->damage_sum = v[4];

	q = db_query_new();
	DBQ_SQL(q, "SELECT count(*) FROM report r WHERE r.received_at >= ? AND r.received_at < ?");
	period(q, s);
	rep_scope(q, s);
	if (one_row(c, q, &out->reports, 1) < 0)
		return -1;

	/* Exercises are reported as their own count, under the same scope. */
	struct store_metrics_scope ex = *s;
	q = db_query_new();
	DBQ_SQL(q,
	        "SELECT count(*) FROM incident i WHERE i.created_at >= ? AND i.created_at < ? AND i.is_exercise = 1");
	period(q, &ex);
	if (ex.constituency_id) {
		DBQ_SQL(q, " AND i.constituency_id = ?");
		db_query_int(q, ex.constituency_id);
	}
	if (ex.scope_user_id) {
		DBQ_SQL(q,
		        " AND i.constituency_id IN (SELECT constituency_id FROM user_constituency WHERE user_id = ?)");
		db_query_int(q, ex.scope_user_id);
	}
	return one_row(c, q, &out->exercises, 1);
}

/* The span's "FROM incident i WHERE <end in period> AND <end >= start>",
 * with its duration as the expression d. */
static void span_from(struct db_query *q, enum store_metrics_span span)
{
	switch (span) {
	case SM_MTTA:
		DBQ_SQL(q, "SELECT i.acknowledged_at - coalesce(i.reported_at, i.created_at) AS d FROM incident i "
		           "WHERE i.acknowledged_at >= ? AND i.acknowledged_at < ? "
		           "AND i.acknowledged_at >= coalesce(i.reported_at, i.created_at)");
		break;
	case SM_MTTC:
		DBQ_SQL(q, "SELECT i.contained_at - coalesce(i.detected_at, i.created_at) AS d FROM incident i "
		           "WHERE i.contained_at >= ? AND i.contained_at < ? "
		           "AND i.contained_at >= coalesce(i.detected_at, i.created_at)");
		break;
	case SM_MTTR:
		DBQ_SQL(q, "SELECT i.resolved_at - coalesce(i.detected_at, i.created_at) AS d FROM incident i "
		           "WHERE i.resolved_at >= ? AND i.resolved_at < ? "
		           "AND i.resolved_at >= coalesce(i.detected_at, i.created_at)");
		break;
	case SM_TTD:
		DBQ_SQL(q, "SELECT coalesce(i.detected_at, i.created_at) - i.occurred_at AS d FROM incident i "
		           "WHERE i.created_at >= ? AND i.created_at < ? AND i.occurred_at IS NOT NULL "
		           "AND coalesce(i.detected_at, i.created_at) >= i.occurred_at");
		break;
	}
}

int store_metrics_duration(struct db_conn *c, const struct store_metrics_scope *s, enum store_metrics_span span,
                           struct store_metrics_dur *out)
{
	memset(out, 0, sizeof(*out));
	struct db_query *q = db_query_new();
	DBQ_SQL(q, "SELECT count(*), coalesce(avg(d), 0.0) FROM (");
	span_from(q, span);
	period(q, s);
	inc_scope(q, s);
	DBQ_SQL(q, ")");
	struct db_stmt *st = db_query_prepare(c, q);
	db_query_free(q);
	if (!st || db_step(st) != DB_ROW) {
		db_stmt_free(st);
		return -1;
	}
	out->n = db_col_int(st, 0);
	/* avg() is a REAL; read it back through its text to keep db.h small. */
	out->mean_s = strtod(db_col_text(st, 1), NULL);
	db_stmt_free(st);
	if (out->n == 0)
		return 0;
	/* Median: the middle value (odd n) or the mean of the two middle ones. */
	q = db_query_new();
	DBQ_SQL(q, "SELECT coalesce(avg(d), 0.0) FROM (SELECT d FROM (");
	span_from(q, span);
	period(q, s);
	inc_scope(q, s);
	DBQ_SQL(q, ") ORDER BY d LIMIT ? OFFSET ?)");
	db_query_int(q, out->n % 2 ? 1 : 2);
	db_query_int(q, (out->n - 1) / 2);
	st = db_query_prepare(c, q);
	db_query_free(q);
	if (!st || db_step(st) != DB_ROW) {
		db_stmt_free(st);
		return -1;
	}
	out->median_s = strtod(db_col_text(st, 0), NULL);
	db_stmt_free(st);
	return 0;
}

int store_metrics_sla(struct db_conn *c, const struct store_metrics_scope *s, struct store_metrics_sla out[4])
{
	int64_t v[12] = {0};
	memset(out, 0, 4 * sizeof(*out));
	/* One pass over the period's incidents for the four targets: tK = the
	 * priority has target K, mK = when it was met, bK = a breach was recorded. */
	struct db_query *q = db_query_new();
	DBQ_SQL(q,
	        "SELECT coalesce(sum(t0), 0), coalesce(sum(t0 AND b0), 0), coalesce(sum(t0 AND NOT b0 AND m0 IS NOT "
	        "NULL), 0), "
	        "coalesce(sum(t1), 0), coalesce(sum(t1 AND b1), 0), coalesce(sum(t1 AND NOT b1 AND m1 IS NOT NULL), "
	        "0), "
	        "coalesce(sum(t2), 0), coalesce(sum(t2 AND b2), 0), coalesce(sum(t2 AND NOT b2 AND m2 IS NOT NULL), "
	        "0), "
	        "coalesce(sum(t3), 0), coalesce(sum(t3 AND b3), 0), coalesce(sum(t3 AND NOT b3 AND m3 IS NOT NULL), 0) "
	        "FROM (SELECT p.acknowledge_minutes IS NOT NULL AS t0, i.acknowledged_at AS m0, "
	        "p.first_response_minutes IS NOT NULL AS t1, i.sla_first_response_at AS m1, "
	        "p.containment_minutes IS NOT NULL AS t2, i.contained_at AS m2, "
	        "p.resolution_minutes IS NOT NULL AS t3, i.resolved_at AS m3, "
	        "EXISTS (SELECT 1 FROM sla_event e WHERE e.incident_id = i.id AND e.target = 'acknowledge' "
	        "AND e.state = 'breach') AS b0, "
	        "EXISTS (SELECT 1 FROM sla_event e WHERE e.incident_id = i.id AND e.target = 'first_response' "
	        "AND e.state = 'breach') AS b1, "
	        "EXISTS (SELECT 1 FROM sla_event e WHERE e.incident_id = i.id AND e.target = 'containment' "
	        "AND e.state = 'breach') AS b2, "
	        "EXISTS (SELECT 1 FROM sla_event e WHERE e.incident_id = i.id AND e.target = 'resolution' "
	        "AND e.state = 'breach') AS b3 "
	        "FROM incident i JOIN sla_policy p ON p.priority = i.priority "
	        "WHERE i.created_at >= ? AND i.created_at < ?");
	period(q, s);
	inc_scope(q, s);
	DBQ_SQL(q, ")");
	if (one_row(c, q, v, 12) < 0)
		return -1;
	for (int t = 0; t < 4; t++) {
		out[t].with_target = v[3 * t];
		out[t].breached = v[3 * t + 1];
		out[t].met = v[3 * t + 2];
		out[t].pending = out[t].with_target - out[t].breached - out[t].met;
	}
	return 0;
}

/* The open-at-end set as two index ranges: still open (partial index by
 * creation) and closed after the end (index on closed_at). */
#define OPEN_AT_END                                                                                                    \
	"SELECT i.created_at AS c, i.priority AS p FROM incident i WHERE i.closed_at IS NULL AND i.created_at < ?"
#define CLOSED_AFTER                                                                                                   \
	" UNION ALL SELECT i.created_at, i.priority FROM incident i WHERE i.closed_at >= ? AND i.created_at < ?"

static void open_set(struct db_query *q, const struct store_metrics_scope *s)
{
	DBQ_SQL(q, OPEN_AT_END);
	db_query_int(q, s->to);
	inc_scope(q, s);
	DBQ_SQL(q, CLOSED_AFTER);
	db_query_int(q, s->to);
	db_query_int(q, s->to);
	inc_scope(q, s);
}

int store_metrics_backlog(struct db_conn *c, const struct store_metrics_scope *s, int64_t *open, int64_t ages[4],
                          json_t **by_priority)
{
	int64_t v[5] = {0};
	const int64_t day = 86400;
	struct db_query *q = db_query_new();
	DBQ_SQL(q, "SELECT count(*), coalesce(sum(a <= ?), 0), coalesce(sum(a > ? AND a <= ?), 0), "
	           "coalesce(sum(a > ? AND a <= ?), 0), coalesce(sum(a > ?), 0) FROM (SELECT ? - c AS a FROM (");
	db_query_int(q, 7 * day);
	db_query_int(q, 7 * day);
	db_query_int(q, 30 * day);
	db_query_int(q, 30 * day);
	db_query_int(q, 90 * day);
	db_query_int(q, 90 * day);
	db_query_int(q, s->to);
	open_set(q, s);
	DBQ_SQL(q, "))");
	if (one_row(c, q, v, 5) < 0)
		return -1;
	*open = v[0];
	for (int k = 0; k < 4; k++)
		ages[k] = v[k + 1];
	if (by_priority) {
		q = db_query_new();
		DBQ_SQL(q, "SELECT p, count(*) FROM (");
		open_set(q, s);
		DBQ_SQL(q, ") GROUP BY 1 ORDER BY 1");
		if (!(*by_priority = key_counts(c, q, KC_PLAIN)))
			return -1;
	}
	return 0;
}

int store_metrics_tasks(struct db_conn *c, const struct store_metrics_scope *s, struct store_metrics_tasks *out)
{
	memset(out, 0, sizeof(*out));
	struct db_query *q = db_query_new();
	DBQ_SQL(q, "SELECT count(*) FROM task t JOIN incident i ON i.id = t.incident_id "
	           "WHERE t.created_at >= ? AND t.created_at < ?");
	period(q, s);
	inc_scope(q, s);
	if (one_row(c, q, &out->created, 1) < 0)
		return -1;
	q = db_query_new();
	DBQ_SQL(q, "SELECT count(*) FROM task t JOIN incident i ON i.id = t.incident_id "
	           "WHERE t.done_at >= ? AND t.done_at < ?");
	period(q, s);
	inc_scope(q, s);
	if (one_row(c, q, &out->done, 1) < 0)
		return -1;
	int64_t v[2] = {0};
	q = db_query_new();
	DBQ_SQL(q, "SELECT count(*), coalesce(sum(due IS NOT NULL AND due < ?), 0) FROM ("
	           "SELECT t.due_at AS due FROM task t JOIN incident i ON i.id = t.incident_id "
	           "WHERE t.done = 0 AND t.created_at < ?");
	db_query_int(q, s->to);
	db_query_int(q, s->to);
	inc_scope(q, s);
	DBQ_SQL(q, " UNION ALL SELECT t.due_at FROM task t JOIN incident i ON i.id = t.incident_id "
	           "WHERE t.done_at >= ? AND t.created_at < ?");
	db_query_int(q, s->to);
	db_query_int(q, s->to);
	inc_scope(q, s);
	DBQ_SQL(q, ")");
	if (one_row(c, q, v, 2) < 0)
		return -1;
	out->open_at_end = v[0];
	out->overdue_at_end = v[1];
	return 0;
}

/* A (text key, count) statement into a new object; NULL on error. */
static json_t *key_object(struct db_conn *c, const char *sql)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	json_t *o = json_object();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_object_set_new(o, db_col_text(st, 0), json_integer(db_col_int(st, 1)));
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int store_metrics_gauges(struct db_conn *c, int64_t *reports_new, int64_t *schedules_failing, json_t **outbox,
                         json_t **sla_breaches, json_t **open_by_priority)
{
	static const char new_sql[] = "SELECT (SELECT count(*) FROM report WHERE state = 'new'), "
	                              "(SELECT count(*) FROM report_schedule WHERE enabled = 1 AND failures > 0)";
	static const char outbox_sql[] = "SELECT state, count(*) FROM outbox GROUP BY state";
	static const char sla_sql[] = "SELECT target, count(*) FROM sla_event WHERE state = 'breach' GROUP BY target";
	static const char open_sql[] = "SELECT priority, count(*) FROM incident WHERE closed_at IS NULL "
	                               "AND is_exercise = 0 AND merged_into_id IS NULL GROUP BY priority";
	*outbox = *sla_breaches = *open_by_priority = NULL;
	struct db_stmt *st = db_prepare(c, new_sql);
	if (!st || db_step(st) != DB_ROW) {
		db_done(st);
		return -1;
	}
	*reports_new = db_col_int(st, 0);
	*schedules_failing = db_col_int(st, 1);
	db_done(st);
	*outbox = key_object(c, outbox_sql);
	*sla_breaches = key_object(c, sla_sql);
	*open_by_priority = key_object(c, open_sql);
	if (!*outbox || !*sla_breaches || !*open_by_priority) {
		json_decref(*outbox);
		json_decref(*sla_breaches);
		json_decref(*open_by_priority);
		*outbox = *sla_breaches = *open_by_priority = NULL;
		return -1;
	}
	return 0;
}

/* All rows of st (from db_query_prepare, freed here) as objects (new
 * reference), NULL on error. */
static json_t *all_rows(struct db_stmt *st)
{
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(arr, db_row_json(st));
	db_stmt_free(st);
	if (rc != DB_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

json_t *store_metrics_open_tasks(struct db_conn *c, const struct store_metrics_scope *s, int64_t now, int limit)
{
	struct db_query *q = db_query_new();
	DBQ_SQL(q, "SELECT i.key AS incident_key, t.title AS title, COALESCE(u.display_name, '') AS assignee, "
	           "CASE WHEN t.due_at IS NULL THEN '' ELSE strftime('%Y-%m-%dT%H:%M:%SZ', t.due_at, 'unixepoch') END "
	           "AS due_at, (t.due_at IS NOT NULL AND t.due_at < ?) AS overdue "
	           "FROM task t JOIN incident i ON i.id = t.incident_id LEFT JOIN app_user u ON u.id = t.assignee_id "
	           "WHERE t.done = 0");
	db_query_int(q, now);
	inc_scope(q, s);
	DBQ_SQL(q, " ORDER BY t.due_at IS NULL, t.due_at, t.id LIMIT ?");
	db_query_int(q, limit);
	struct db_stmt *st = db_query_prepare(c, q);
	db_query_free(q);
	if (!st)
		return NULL;
	json_t *rows = all_rows(st);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	        json_object_set_new(r, "overdue", json_boolean(json_integer_value(json_object_get(r, "overdue"))));
	return rows;
}

json_t *store_metrics_breaches(struct db_conn *c, const struct store_metrics_scope *s, int limit)
{
	struct db_query *q = db_query_new();
	DBQ_SQL(q, "SELECT i.key AS incident_key, e.target AS target, "
	           "strftime('%Y-%m-%dT%H:%M:%SZ', e.at, 'unixepoch') AS at "
	           "FROM sla_event e JOIN incident i ON i.id = e.incident_id "
	           "WHERE e.state = 'breach' AND e.at >= ? AND e.at < ?");
	period(q, s);
	inc_scope(q, s);
	DBQ_SQL(q, " ORDER BY e.at, i.id LIMIT ?");
	db_query_int(q, limit);
	struct db_stmt *st = db_query_prepare(c, q);
	db_query_free(q);
	if (!st)
		return NULL;
	return all_rows(st);
}

int store_metrics_waiting(struct db_conn *c, const struct store_metrics_scope *s, int64_t *out)
{
	struct db_query *q = db_query_new();
	DBQ_SQL(q, "SELECT count(*) FROM report r WHERE r.state = 'new'");
	rep_scope(q, s);
	return one_row(c, q, out, 1);
}
