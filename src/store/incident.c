/*
 * Incident SQL (see incident.h). Everything the incident use cases ask of
 * the database is here, as string literals with bound values. The list is
 * assembled with DBQ_SQL from literal fragments only; filter values are
 * always bound. The default list order (created_at DESC, id DESC) walks the
 * incident_created index backwards, and pagination is keyset on
 * (sort column, id) with row-value comparisons, which SQLite turns into an
 * index range, so a deep page costs the same as the first.
 *
 * Full-text search uses the incident_fts table (FTS5, trigram tokenizer,
 * kept in sync by triggers); terms too short for trigrams are LIKE scans
 * (see app/incident.c for the split). This is the SQLite-specific part.
 */
#include "store/incident.h"

#include "store/db.h"

#include <stdio.h>
#include <string.h>

/* The incident columns, with the merge target's key joined in. Used as a
 * literal prefix by get, get_by_key and list. */
#define INCIDENT_SELECT                                                                                                \
	"SELECT i.id, i.key, i.title, i.description, i.category, i.impact, i.urgency, i.priority, "                    \
	"i.status, i.resolution, i.tlp, i.pap, i.constituency_id, i.org_unit_id, i.assignee_id, "                      \
	"i.created_by, i.is_exercise, i.personal_data, i.merged_into_id, i.occurred_at, "                              \
	"i.detected_at, i.reported_at, i.acknowledged_at, i.contained_at, i.resolved_at, "                             \
	"i.closed_at, i.created_at, i.updated_at, i.version, i.asset_criticality, i.estimated_damage_jpy, m.key AS "   \
	"merged_into "                                                                                                 \
	"FROM incident i LEFT JOIN incident m ON m.id = i.merged_into_id "

/* Columns written by insert, in the literal's order. */
static const char *const insert_cols[] = {
        "key",         "title",           "description",    "category",          "impact",
        "urgency",     "priority",        "status",         "resolution",        "tlp",
        "pap",         "constituency_id", "org_unit_id",    "assignee_id",       "created_by",
        "is_exercise", "personal_data",   "merged_into_id", "occurred_at",       "detected_at",
        "reported_at", "acknowledged_at", "contained_at",   "resolved_at",       "closed_at",
        "created_at",  "updated_at",      "version",        "asset_criticality", "estimated_damage_jpy",
        NULL,
};

/* Columns written by update, in the literal's order (key, created_by and
 * created_at never change). */
static const char *const update_cols[] = {
        "title",
        "description",
        "category",
        "impact",
        "urgency",
        "priority",
        "status",
        "resolution",
        "tlp",
        "pap",
        "constituency_id",
        "org_unit_id",
        "assignee_id",
        "is_exercise",
        "personal_data",
        "merged_into_id",
        "occurred_at",
        "detected_at",
        "reported_at",
        "acknowledged_at",
        "contained_at",
        "resolved_at",
        "closed_at",
        "updated_at",
        "version",
        "asset_criticality",
        "estimated_damage_jpy",
        NULL,
};

static int get_one(struct db_stmt *st, json_t **out)
{
	int rc = db_step(st);
	*out = rc == DB_ROW ? db_row_json(st) : NULL;
	db_done(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW;
}

int store_incident_get(struct db_conn *c, int64_t id, json_t **out)
{
	static const char sql[] = INCIDENT_SELECT "WHERE i.id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	*out = NULL;
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	return get_one(st, out);
}

int store_incident_get_by_key(struct db_conn *c, const char *key, json_t **out)
{
	static const char sql[] = INCIDENT_SELECT "WHERE i.key = ?";
	struct db_stmt *st = db_prepare(c, sql);
	*out = NULL;
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	return get_one(st, out);
}

/* Binds row[cols[i]] to parameters first, first+1, ...; returns the next
 * parameter index. */
static int bind_cols(struct db_stmt *st, int first, const char *const *cols, const json_t *row)
{
	int idx = first;
	for (size_t i = 0; cols[i]; i++)
		db_bind_json(st, idx++, json_object_get(row, cols[i]));
	return idx;
}

int store_incident_insert(struct db_conn *c, const json_t *row, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO incident(key, title, description, category, impact, urgency, priority, status, "
	        "resolution, tlp, pap, constituency_id, org_unit_id, assignee_id, created_by, is_exercise, "
	        "personal_data, merged_into_id, occurred_at, detected_at, reported_at, acknowledged_at, "
	        "contained_at, resolved_at, closed_at, created_at, updated_at, version, asset_criticality, "
	        "estimated_damage_jpy) "
	        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	bind_cols(st, 1, insert_cols, row);
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_incident_update(struct db_conn *c, int64_t id, int64_t old_version, const json_t *row)
{
	static const char sql[] =
	        "UPDATE incident SET title = ?, description = ?, category = ?, impact = ?, urgency = ?, "
	        "priority = ?, status = ?, resolution = ?, tlp = ?, pap = ?, constituency_id = ?, "
	        "org_unit_id = ?, assignee_id = ?, is_exercise = ?, personal_data = ?, merged_into_id = ?, "
	        "occurred_at = ?, detected_at = ?, reported_at = ?, acknowledged_at = ?, contained_at = ?, "
	        "resolved_at = ?, closed_at = ?, updated_at = ?, version = ?, asset_criticality = ?, "
	        "estimated_damage_jpy = ? "
	        "WHERE id = ? AND version = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	int idx = bind_cols(st, 1, update_cols, row);
	db_bind_int(st, idx++, id);
	db_bind_int(st, idx, old_version);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) == 1 ? 0 : 1;
}

int store_incident_touch(struct db_conn *c, int64_t id, int64_t now)
{
	static const char sql[] = "UPDATE incident SET updated_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	return db_exec_stmt(st);
}

/* --- list ----------------------------------------------------------------- */

const char *store_incident_sort_column(enum store_incident_sort s)
{
	switch (s) {
	case INC_SORT_CREATED_AT: return "created_at";
	case INC_SORT_UPDATED_AT: return "updated_at";
	case INC_SORT_PRIORITY: return "priority";
	case INC_SORT_KEY: return "key";
	case INC_SORT_STATUS: return "status";
	}
	return "created_at";
}

int store_incident_filter_binds(const struct store_incident_filter *f)
{
	int n = (int)(f->nstatus + 2 * f->ncategory + f->npriority + f->nassignee + f->nconstituency + f->ntlp +
	              3 * f->search.nshort + 1 /* limit */);
	for (int i = 0; i < INC_RANGE_COUNT; i++)
		n += f->has_range[i];
	n += f->scope_restricted + (f->search.fts[0] != '\0') + (f->has_cursor ? 3 : 0);
	return n;
}

/* Appends " AND " before every condition but the first. */
static void and_(struct db_query *q, int *first)
{
	if (*first)
		DBQ_SQL(q, " WHERE ");
	else
		DBQ_SQL(q, " AND ");
	*first = 0;
}

/* Appends "?, ?, ?" (n >= 1) with the n text values. */
static void in_text(struct db_query *q, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			DBQ_SQL(q, ", ?");
		else
			DBQ_SQL(q, "?");
		db_query_text(q, v[i]);
	}
}

static void in_int(struct db_query *q, const int64_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			DBQ_SQL(q, ", ?");
		else
			DBQ_SQL(q, "?");
		db_query_int(q, v[i]);
	}
}

static void add_ranges(struct db_query *q, const struct store_incident_filter *f, int *first)
{
	for (int r = 0; r < INC_RANGE_COUNT; r++) {
		if (!f->has_range[r])
			continue;
		and_(q, first);
		switch ((enum store_incident_range)r) {
		case INC_RANGE_CREATED_FROM: DBQ_SQL(q, "i.created_at >= ?"); break;
		case INC_RANGE_CREATED_TO: DBQ_SQL(q, "i.created_at <= ?"); break;
		case INC_RANGE_DETECTED_FROM: DBQ_SQL(q, "i.detected_at >= ?"); break;
		case INC_RANGE_DETECTED_TO: DBQ_SQL(q, "i.detected_at <= ?"); break;
		case INC_RANGE_UPDATED_FROM: DBQ_SQL(q, "i.updated_at >= ?"); break;
		case INC_RANGE_UPDATED_TO: DBQ_SQL(q, "i.updated_at <= ?"); break;
		case INC_RANGE_COUNT: break;
		}
		db_query_int(q, f->range[r]);
	}
}

static void add_filters(struct db_query *q, const struct store_incident_filter *f, int *first)
{
	if (f->nstatus) {
		and_(q, first);
		DBQ_SQL(q, "i.status IN (");
		in_text(q, f->status, f->nstatus);
		DBQ_SQL(q, ")");
	}
	if (f->ncategory) {
		/* A class matches itself and every "class/type" below it. */
		and_(q, first);
		DBQ_SQL(q, "(");
		for (size_t i = 0; i < f->ncategory; i++) {
			if (i)
				DBQ_SQL(q, " OR ");
			DBQ_SQL(q, "i.category = ? OR i.category LIKE ? || '/%'");
			db_query_text(q, f->category[i]);
			db_query_text(q, f->category[i]); /* codes are [a-z0-9-/]: no LIKE wildcards */
		}
		DBQ_SQL(q, ")");
	}
	if (f->npriority) {
		and_(q, first);
		DBQ_SQL(q, "i.priority IN (");
		in_text(q, f->priority, f->npriority);
		DBQ_SQL(q, ")");
	}
	if (f->nassignee || f->assignee_none) {
		and_(q, first);
		DBQ_SQL(q, "(");
		if (f->nassignee) {
			DBQ_SQL(q, "i.assignee_id IN (");
			in_int(q, f->assignee, f->nassignee);
			DBQ_SQL(q, ")");
		}
		if (f->nassignee && f->assignee_none)
			DBQ_SQL(q, " OR ");
		if (f->assignee_none)
			DBQ_SQL(q, "i.assignee_id IS NULL");
		DBQ_SQL(q, ")");
	}
	if (f->nconstituency) {
		and_(q, first);
		DBQ_SQL(q, "i.constituency_id IN (");
		in_int(q, f->constituency, f->nconstituency);
		DBQ_SQL(q, ")");
	}
	if (f->tlp_restricted) {
		and_(q, first);
		if (f->ntlp == 0) {
			DBQ_SQL(q, "0");
		} else {
			DBQ_SQL(q, "i.tlp IN (");
			in_text(q, f->tlp, f->ntlp);
			DBQ_SQL(q, ")");
		}
	}
	if (f->is_exercise >= 0) {
		and_(q, first);
		if (f->is_exercise)
			DBQ_SQL(q, "i.is_exercise = 1");
		else
			DBQ_SQL(q, "i.is_exercise = 0");
	}
	add_ranges(q, f, first);
	if (f->scope_restricted) {
		and_(q, first);
		DBQ_SQL(q, "i.constituency_id IN (SELECT constituency_id FROM user_constituency WHERE user_id = ?)");
		db_query_int(q, f->scope_user_id);
	}
	if (f->search.fts[0]) {
		and_(q, first);
		/* The unary + keeps the planner on the sort index: it walks the
		 * list order and probes the materialised match set, stopping after
		 * one page, instead of fetching and sorting every match (a common
		 * term at 100k incidents: 12 ms instead of 75 ms; a term that
		 * matches nothing costs one index walk, about 16 ms). */
		DBQ_SQL(q, "+i.id IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?)");
		db_query_text(q, f->search.fts);
	}
	for (size_t i = 0; i < f->search.nshort; i++) {
		const char *t = f->search.shorts[i].text;
		and_(q, first);
		if (f->search.shorts[i].raw)
			DBQ_SQL(q, "(instr(i.title, ?) > 0 OR instr(i.description, ?) > 0 OR instr(i.key, ?) > 0)");
		else
			DBQ_SQL(q, "(i.title LIKE ? ESCAPE '\\' OR i.description LIKE ? ESCAPE '\\' OR i.key LIKE ? "
			           "ESCAPE '\\')");
		db_query_text(q, t);
		db_query_text(q, t);
		db_query_text(q, t);
	}
}

/* The keyset condition "(col, id) < (?, ?)" (or >) for the cursor. */
static void add_cursor(struct db_query *q, const struct store_incident_filter *f, int *first)
{
	and_(q, first);
	switch (f->sort) {
	case INC_SORT_CREATED_AT:
		if (f->desc)
			DBQ_SQL(q, "(i.created_at, i.id) < (?, ?)");
		else
			DBQ_SQL(q, "(i.created_at, i.id) > (?, ?)");
		break;
	case INC_SORT_UPDATED_AT:
		if (f->desc)
			DBQ_SQL(q, "(i.updated_at, i.id) < (?, ?)");
		else
			DBQ_SQL(q, "(i.updated_at, i.id) > (?, ?)");
		break;
	case INC_SORT_PRIORITY:
		if (f->desc)
			DBQ_SQL(q, "(i.priority, i.created_at, i.id) < (?, ?, ?)");
		else
			DBQ_SQL(q, "(i.priority, i.created_at, i.id) > (?, ?, ?)");
		break;
	case INC_SORT_KEY:
		/* Keys are issued in insertion order, so key order is id order; the
		 * text would misplace INC-2026-100000 before INC-2026-99999. */
		if (f->desc)
			DBQ_SQL(q, "i.id < ?");
		else
			DBQ_SQL(q, "i.id > ?");
		break;
	case INC_SORT_STATUS:
		if (f->desc)
			DBQ_SQL(q, "(i.status, i.created_at, i.id) < (?, ?, ?)");
		else
			DBQ_SQL(q, "(i.status, i.created_at, i.id) > (?, ?, ?)");
		break;
	}
	if (f->sort == INC_SORT_CREATED_AT || f->sort == INC_SORT_UPDATED_AT) {
		db_query_int(q, f->cursor_int);
	} else if (f->sort != INC_SORT_KEY) {
		db_query_text(q, f->cursor_text);
		db_query_int(q, f->cursor_int); /* created_at, the second sort key */
	}
	db_query_int(q, f->cursor_id);
}

static void add_order(struct db_query *q, const struct store_incident_filter *f)
{
	switch (f->sort) {
	case INC_SORT_CREATED_AT:
		if (f->desc)
			DBQ_SQL(q, " ORDER BY i.created_at DESC, i.id DESC");
		else
			DBQ_SQL(q, " ORDER BY i.created_at, i.id");
		break;
	case INC_SORT_UPDATED_AT:
		if (f->desc)
			DBQ_SQL(q, " ORDER BY i.updated_at DESC, i.id DESC");
		else
			DBQ_SQL(q, " ORDER BY i.updated_at, i.id");
		break;
	case INC_SORT_PRIORITY:
		if (f->desc)
			DBQ_SQL(q, " ORDER BY i.priority DESC, i.created_at DESC, i.id DESC");
		else
			DBQ_SQL(q, " ORDER BY i.priority, i.created_at, i.id");
		break;
	case INC_SORT_KEY:
		if (f->desc)
			DBQ_SQL(q, " ORDER BY i.id DESC");
		else
			DBQ_SQL(q, " ORDER BY i.id");
		break;
	case INC_SORT_STATUS:
		if (f->desc)
			DBQ_SQL(q, " ORDER BY i.status DESC, i.created_at DESC, i.id DESC");
		else
			DBQ_SQL(q, " ORDER BY i.status, i.created_at, i.id");
		break;
	}
}

json_t *store_incident_list(struct db_conn *c, const struct store_incident_filter *f)
{
	json_t *items = NULL;
	struct db_stmt *st = NULL;
	struct db_query *q = db_query_new();
	int first = 1, rc;
	if (!q)
		return NULL;
	DBQ_SQL(q, INCIDENT_SELECT);
	add_filters(q, f, &first);
	if (f->has_cursor)
		add_cursor(q, f, &first);
	add_order(q, f);
	DBQ_SQL(q, " LIMIT ?");
	db_query_int(q, (int64_t)f->limit + 1);
	st = db_query_prepare(c, q);
	if (!st)
		goto fail;
	items = json_array();
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, db_row_json(st));
	if (rc < 0)
		goto fail;
	db_stmt_free(st);
	db_query_free(q);
	return items;
fail:
	json_decref(items);
	db_stmt_free(st);
	db_query_free(q);
	return NULL;
}

/* --- other tables --------------------------------------------------------- */

int store_incident_sole_constituency(struct db_conn *c, int64_t *id)
{
	static const char sql[] = "SELECT id FROM constituency ORDER BY id LIMIT 2";
	struct db_stmt *st = db_prepare(c, sql);
	int n = 0, rc;
	*id = 0;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n++ == 0)
			*id = db_col_int(st, 0);
	}
	db_done(st);
	if (n != 1)
		*id = 0;
	return rc < 0 ? -1 : 0;
}

int store_incident_user_eligible(struct db_conn *c, int64_t user_id, int64_t constituency_id, enum tlp tlp)
{
	static const char sql[] =
	        "SELECT u.tlp_max FROM app_user u WHERE u.id = ? AND u.disabled = 0 AND (u.all_constituencies = 1 "
	        "OR EXISTS (SELECT 1 FROM user_constituency uc WHERE uc.user_id = u.id AND uc.constituency_id = ?))";
	struct db_stmt *st = db_prepare(c, sql);
	enum tlp max = TLP_RED;
	int ok;
	if (!st)
		return -1;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, constituency_id);
	int rc = db_step(st);
	ok = rc == DB_ROW && (tlp_parse(db_col_text(st, 0), &max) != 0 || tlp <= max);
	db_done(st);
	if (rc < 0)
		return -1;
	return ok;
}
