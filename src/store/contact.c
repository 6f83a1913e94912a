/*
 * Contact network SQL (see contact.h).
 *
 * The directory is small (hundreds of rows), so search is a LIKE over a few
 * columns with the pattern characters escaped; lists use keyset paging on
 * (kind, name, id) through row values, which SQLite and PostgreSQL share.
 * Filter SQL is assembled with DBQ_SQL from literals only.
 */
#include "store/contact.h"

#include "lib/timeutil.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#define CONTACT_SELECT                                                                                                 \
	"SELECT c.id, c.kind, c.name, c.name_en, c.organization, c.org_type, c.org_unit_id, c.constituency_id, "       \
	"c.role, c.title, c.groups, c.email, c.phone, c.mobile, c.pgp_fingerprint, c.on_call, c.rota, c.tlp_max, "     \
	"c.lang, c.notes, c.owner_id, c.review_interval_days, c.reviewed_at, c.reminded_at, c.active, "                \
	"c.created_at, c.updated_at, c.version, u.name AS org_unit_name, u.name_en AS org_unit_name_en, "              \
	"o.login AS owner_login, o.display_name AS owner_name FROM contact c "                                         \
	"LEFT JOIN org_unit u ON u.id = c.org_unit_id LEFT JOIN app_user o ON o.id = c.owner_id"

/* The stale condition on alias c, with one bound now. */
#define STALE_SQL "(c.reviewed_at IS NULL OR c.reviewed_at + c.review_interval_days * 86400 < ?)"

/* Every row of a bound statement (released here), new reference or NULL. */
static json_t *all_rows(struct db_stmt *st)
{
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *row = db_row_json(st);
		if (!row) {
			rc = -1;
			break;
		}
		json_array_append_new(items, row);
	}
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

json_t *store_contact_get(struct db_conn *c, int64_t id)
{
	static const char sql[] = CONTACT_SELECT " WHERE c.id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, id);
	json_t *row = db_step(st) == DB_ROW ? db_row_json(st) : NULL;
	db_done(st);
	return row;
}

static void time_member(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);
	if (!json_is_integer(v))
		return;
	char buf[32];
	time_format((int64_t)json_integer_value(v), buf);
	json_object_set_new(o, name, json_string(buf));
}

static int64_t int_member(const json_t *o, const char *name)
{
	return (int64_t)json_integer_value(json_object_get(o, name));
}

json_t *store_contact_api(const json_t *row, int64_t now)
{
	json_t *o = json_deep_copy(row);
	if (!o)
		return NULL;
	const char *text = json_string_value(json_object_get(row, "groups"));
	json_t *groups = json_loads(text ? text : "[]", 0, NULL);
	json_object_set_new(o, "groups", json_is_array(groups) ? groups : json_array());
	if (groups && !json_is_array(groups))
		json_decref(groups);
	json_object_set_new(o, "on_call", json_boolean(int_member(row, "on_call")));
	json_object_set_new(o, "active", json_boolean(int_member(row, "active")));
	json_t *rev = json_object_get(row, "reviewed_at");
	int64_t due = json_is_integer(rev) ? json_integer_value(rev) + int_member(row, "review_interval_days") *
	                                                                       (int64_t)CONTACT_DAY_SECONDS
	                                   : 0;
	json_object_set_new(o, "review_due_at", json_is_integer(rev) ? json_integer(due) : json_null());
	json_object_set_new(o, "stale", json_boolean(!json_is_integer(rev) || due < now));
	time_member(o, "reviewed_at");
	time_member(o, "reminded_at");
	time_member(o, "review_due_at");
	time_member(o, "created_at");
	time_member(o, "updated_at");
	return o;
}

static void and_(struct db_query *q, int *first)
{
	if (*first)
		DBQ_SQL(q, " WHERE ");
	else
		DBQ_SQL(q, " AND ");
	*first = 0;
}

/* s with LIKE's % _ and the escape character \ escaped, inside %...% (or
 * "..." quotes for a group code). malloc'd. */
static char *like_pattern(const char *s, int quoted)
{
	size_t n = strlen(s);
	char *p = malloc(2 * n + 5), *w = p;
	if (!p)
		return NULL;
	*w++ = '%';
	if (quoted)
		*w++ = '"';
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*w++ = '\\';
		*w++ = *s;
	}
	if (quoted)
		*w++ = '"';
	*w++ = '%';
	*w = '\0';
	return p;
}

static void eq_text(struct db_query *q, int *first, const char *v, const char *lit)
{
	if (!v)
		return;
	and_(q, first);
	db_query_sql_literal(q, lit);
	db_query_text(q, v);
}

/* The WHERE clause of f; -1 on OOM. */
static int add_filters(struct db_query *q, const struct store_contact_filter *f)
{
	int first = 1;
	eq_text(q, &first, f->kind, "c.kind = ?");
	eq_text(q, &first, f->role, "c.role = ?");
	eq_text(q, &first, f->org_type, "c.org_type = ?");
	if (f->group) {
		char *p = like_pattern(f->group, 1);
		if (!p)
			return -1;
		and_(q, &first);
		DBQ_SQL(q, "c.groups LIKE ? ESCAPE '\\'");
		db_query_text(q, p);
		free(p);
	}
	if (f->constituency_id) {
		and_(q, &first);
		DBQ_SQL(q, "c.constituency_id = ?");
		db_query_int(q, f->constituency_id);
	}
	if (f->on_call >= 0) {
		and_(q, &first);
		DBQ_SQL(q, "c.on_call = ?");
		db_query_int(q, f->on_call);
	}
	if (f->active >= 0) {
		and_(q, &first);
		DBQ_SQL(q, "c.active = ?");
		db_query_int(q, f->active);
	}
	if (f->stale) {
		and_(q, &first);
		DBQ_SQL(q, STALE_SQL);
		db_query_int(q, f->now);
	}
	if (f->q && f->q[0]) {
		char *p = like_pattern(f->q, 0);
		if (!p)
			return -1;
		and_(q, &first);
		DBQ_SQL(q, "(c.name LIKE ? ESCAPE '\\' OR c.name_en LIKE ? ESCAPE '\\' OR c.organization LIKE ? "
		           "ESCAPE '\\' OR c.title LIKE ? ESCAPE '\\' OR c.email LIKE ? ESCAPE '\\' OR c.phone LIKE ? "
		           "ESCAPE '\\' OR c.mobile LIKE ? ESCAPE '\\')");
		for (int i = 0; i < 7; i++)
			db_query_text(q, p);
		free(p);
	}
	if (f->after_id) {
		and_(q, &first);
		DBQ_SQL(q, "(c.kind, c.name, c.id) > (?, ?, ?)");
		db_query_text(q, f->after_kind ? f->after_kind : "");
		db_query_text(q, f->after_name ? f->after_name : "");
		db_query_int(q, f->after_id);
	}
	return 0;
}

json_t *store_contact_list(struct db_conn *c, const struct store_contact_filter *f)
{
	struct db_query *q = db_query_new();
	if (!q)
		return NULL;
	json_t *items = NULL;
	DBQ_SQL(q, CONTACT_SELECT);
	if (add_filters(q, f) < 0)
		goto out;
	DBQ_SQL(q, " ORDER BY c.kind, c.name, c.id LIMIT ?");
	db_query_int(q, f->limit > 0 ? f->limit : -1);
	struct db_stmt *st = db_query_prepare(c, q);
	if (!st)
		goto out;
	items = all_rows(st);
	db_stmt_free(st);
out:
	db_query_free(q);
	return items;
}

static void bind_str(struct db_stmt *st, int idx, const json_t *row, const char *name)
{
	const char *s = json_string_value(json_object_get(row, name));
	db_bind_text(st, idx, s ? s : "");
}

/* groups: a JSON array is stored as its compact text. */
static void bind_groups(struct db_stmt *st, int idx, const json_t *row)
{
	const json_t *g = json_object_get(row, "groups");
	if (json_is_array(g)) {
		char *s = json_dumps(g, JSON_COMPACT);
		db_bind_text(st, idx, s ? s : "[]");
		free(s);
	} else {
		db_bind_text(st, idx, json_is_string(g) ? json_string_value(g) : "[]");
	}
}

static void bind_bool(struct db_stmt *st, int idx, const json_t *row, const char *name)
{
	const json_t *v = json_object_get(row, name);
	db_bind_int(st, idx, json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0));
}

/* Binds the 22 editable columns from index 1 in the order of contact.h. */
static void bind_editable(struct db_stmt *st, const json_t *row)
{
	bind_str(st, 1, row, "kind");
	bind_str(st, 2, row, "name");
	bind_str(st, 3, row, "name_en");
	bind_str(st, 4, row, "organization");
	bind_str(st, 5, row, "org_type");
	db_bind_int_or_null(st, 6, int_member(row, "org_unit_id"));
	db_bind_int_or_null(st, 7, int_member(row, "constituency_id"));
	bind_str(st, 8, row, "role");
	bind_str(st, 9, row, "title");
	bind_groups(st, 10, row);
	bind_str(st, 11, row, "email");
	bind_str(st, 12, row, "phone");
	bind_str(st, 13, row, "mobile");
	bind_str(st, 14, row, "pgp_fingerprint");
	bind_bool(st, 15, row, "on_call");
	bind_str(st, 16, row, "rota");
	bind_str(st, 17, row, "tlp_max");
	bind_str(st, 18, row, "lang");
	bind_str(st, 19, row, "notes");
	db_bind_int_or_null(st, 20, int_member(row, "owner_id"));
	db_bind_int(st, 21, int_member(row, "review_interval_days"));
	db_bind_int_or_null(st, 22, int_member(row, "reviewed_at"));
}

int store_contact_insert(struct db_conn *c, const json_t *row, int64_t now, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO contact (kind, name, name_en, organization, org_type, org_unit_id, constituency_id, role, "
	        "title, groups, email, phone, mobile, pgp_fingerprint, on_call, rota, tlp_max, lang, notes, owner_id, "
	        "review_interval_days, reviewed_at, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	bind_editable(st, row);
	db_bind_int(st, 23, now);
	db_bind_int(st, 24, now);
	int rc = db_exec_stmt(st);
	if (rc == 0)
		*id = db_last_insert_id(c);
	return rc;
}

int store_contact_update(struct db_conn *c, int64_t id, const json_t *row, int64_t now)
{
	static const char sql[] =
	        "UPDATE contact SET kind = ?, name = ?, name_en = ?, organization = ?, org_type = ?, org_unit_id = ?, "
	        "constituency_id = ?, role = ?, title = ?, groups = ?, email = ?, phone = ?, mobile = ?, "
	        "pgp_fingerprint = ?, on_call = ?, rota = ?, tlp_max = ?, lang = ?, notes = ?, owner_id = ?, "
	        "review_interval_days = ?, reviewed_at = ?, updated_at = ?, version = version + 1 WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	bind_editable(st, row);
	db_bind_int(st, 23, now);
	db_bind_int(st, 24, id);
	return db_exec_stmt(st);
}

int store_contact_set_reviewed(struct db_conn *c, int64_t id, int64_t now)
{
	static const char sql[] =
	        "UPDATE contact SET reviewed_at = ?, updated_at = ?, version = version + 1 WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	return db_exec_stmt(st);
}

int store_contact_deactivate(struct db_conn *c, int64_t id, int64_t now)
{
	static const char sql[] = "UPDATE contact SET active = 0, updated_at = ?, version = version + 1 WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	return db_exec_stmt(st);
}

json_t *store_contact_due_reminders(struct db_conn *c, int64_t now, int64_t since)
{
	static const char sql[] =
	        "SELECT c.id, c.kind, c.name, c.organization, c.owner_id, c.reviewed_at, c.review_interval_days, "
	        "o.email AS owner_email, o.lang AS owner_lang, o.display_name AS owner_name FROM contact c "
	        "JOIN app_user o ON o.id = c.owner_id WHERE c.active = 1 AND o.disabled = 0 AND o.email <> '' "
	        "AND " STALE_SQL
	        " AND NOT EXISTS (SELECT 1 FROM contact r WHERE r.owner_id = c.owner_id AND r.active = 1 AND "
	        "r.reminded_at >= ?) ORDER BY c.owner_id, c.kind, c.name, c.id";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, since);
	json_t *rows = all_rows(st);
	db_done(st);
	return rows;
}

int store_contact_set_reminded(struct db_conn *c, int64_t id, int64_t now)
{
	static const char sql[] = "UPDATE contact SET reminded_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	return db_exec_stmt(st);
}

/* One literal per table: the name chooses the statement, never the text. */
int store_contact_ref_exists(struct db_conn *c, const char *table, int64_t id)
{
	static const char units[] = "SELECT 1 FROM org_unit WHERE id = ?";
	static const char orgs[] = "SELECT 1 FROM constituency WHERE id = ?";
	static const char users[] = "SELECT 1 FROM app_user WHERE id = ?";
	const char *sql = strcmp(table, "org_unit") == 0 ? units : strcmp(table, "constituency") == 0 ? orgs : users;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}
