/*
 * Users, scope, tokens, sessions (see user.h).
 */
#include "store/user.h"

#include "lib/timeutil.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTOR_COLS "u.id, u.login, u.display_name, u.role, u.all_constituencies, u.tlp_max, u.lang, u.time_zone"

/* Fills a from a row of ACTOR_COLS and loads the scope list. */
static int actor_from_row(struct db_conn *c, struct db_stmt *st, struct actor *a)
{
	static const char scope_sql[] = "SELECT constituency_id FROM user_constituency WHERE user_id = ? ORDER BY 1";
	memset(a, 0, sizeof(*a));
	a->user_id = db_col_int(st, 0);
	snprintf(a->login, sizeof(a->login), "%s", db_col_text(st, 1));
	snprintf(a->display_name, sizeof(a->display_name), "%s", db_col_text(st, 2));
	if (role_parse(db_col_text(st, 3), &a->role) < 0)
		a->role = ROLE_VIEWER;
	a->all_constituencies = db_col_int(st, 4) != 0;
	if (tlp_parse(db_col_text(st, 5), &a->tlp_max) < 0)
		a->tlp_max = TLP_AMBER;
	snprintf(a->lang, sizeof(a->lang), "%s", db_col_text(st, 6));
	snprintf(a->time_zone, sizeof(a->time_zone), "%s", db_col_text(st, 7));
	struct db_stmt *s2 = db_prepare(c, scope_sql);
	if (!s2)
		return -1;
	db_bind_int(s2, 1, a->user_id);
	int rc;
	while ((rc = db_step(s2)) == DB_ROW && a->nscope < ACTOR_MAX_SCOPE)
		a->scope[a->nscope++] = db_col_int(s2, 0);
	db_done(s2);
	return rc < 0 ? -1 : 0;
}

static int actor_query(struct db_conn *c, struct db_stmt *st, struct actor *a)
{
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_done(st);
		return rc < 0 ? -1 : 0;
	}
	/* Copy the columns before the scope query reuses the connection. */
	struct actor tmp;
	memset(&tmp, 0, sizeof(tmp));
	int r = actor_from_row(c, st, &tmp);
	db_done(st);
	if (r < 0)
		return -1;
	*a = tmp;
	return 1;
}

int store_actor_by_token(struct db_conn *c, const char *token_hash, int64_t now, struct actor *a)
{
	static const char sql[] = "SELECT " ACTOR_COLS ", t.scope FROM api_token t JOIN app_user u ON u.id = t.user_id "
	                          "WHERE t.token_hash = ? AND t.revoked_at IS NULL "
	                          "AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled = 0";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, now);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_done(st);
		return rc < 0 ? -1 : 0;
	}
	struct actor tmp;
	memset(&tmp, 0, sizeof(tmp));
	int intake = strcmp(db_col_text(st, 8), "intake") == 0;
	int r = actor_from_row(c, st, &tmp);
	db_done(st);
	if (r < 0)
		return -1;
	tmp.intake_only = intake;
	*a = tmp;
	return 1;
}

int store_actor_by_session(struct db_conn *c, const char *token_hash, int64_t now, struct actor *a, int64_t *session_id,
                           int64_t *expires_at)
{
	static const char sql[] = "SELECT " ACTOR_COLS ", s.id, s.expires_at FROM session s "
	                          "JOIN app_user u ON u.id = s.user_id "
	                          "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, now);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_done(st);
		return rc < 0 ? -1 : 0;
	}
	*session_id = db_col_int(st, 8);
	*expires_at = db_col_int(st, 9);
	struct actor tmp;
	int r = actor_from_row(c, st, &tmp);
	db_done(st);
	if (r < 0)
		return -1;
	*a = tmp;
	return 1;
}

int store_actor_by_id(struct db_conn *c, int64_t id, struct actor *a)
{
	static const char sql[] = "SELECT " ACTOR_COLS " FROM app_user u WHERE u.id = ? AND u.disabled = 0";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	return actor_query(c, st, a);
}

int store_user_credentials(struct db_conn *c, const char *login, int64_t *id, char *hash, size_t hashlen, int *disabled)
{
	static const char sql[] = "SELECT id, password_hash, disabled FROM app_user WHERE login = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, login);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		snprintf(hash, hashlen, "%s", db_col_text(st, 1));
		*disabled = db_col_int(st, 2) != 0;
	}
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* Converts integer time columns to RFC 3339 strings in place. */
static void times_to_text(json_t *o, const char *const *names)
{
	for (; *names; names++) {
		json_t *v = json_object_get(o, *names);
		if (json_is_integer(v)) {
			char t[32];
			time_format(json_integer_value(v), t);
			json_object_set_new(o, *names, json_string(t));
		}
	}
}

static const char *const user_times[] = {"created_at", "updated_at", NULL};

/* authority_roles is stored as JSON text; the API shows the array. */
static void roles_to_array(json_t *u)
{
	json_t *r = json_loads(json_string_value(json_object_get(u, "authority_roles")), 0, NULL);
	json_object_set_new(u, "authority_roles", json_is_array(r) ? r : json_array());
	if (r && !json_is_array(r))
		json_decref(r);
}

static json_t *user_row(struct db_conn *c, struct db_stmt *st)
{
	static const char scope_sql[] = "SELECT constituency_id FROM user_constituency WHERE user_id = ? ORDER BY 1";
	json_t *u = db_row_json(st);
	json_object_set_new(u, "all_constituencies",
	                    json_boolean(json_integer_value(json_object_get(u, "all_constituencies"))));
	json_object_set_new(u, "disabled", json_boolean(json_integer_value(json_object_get(u, "disabled"))));
	times_to_text(u, user_times);
	roles_to_array(u);
	json_t *ids = json_array();
	struct db_stmt *s2 = db_prepare(c, scope_sql);
	if (s2) {
		db_bind_int(s2, 1, json_integer_value(json_object_get(u, "id")));
		while (db_step(s2) == DB_ROW)
			json_array_append_new(ids, json_integer(db_col_int(s2, 0)));
		db_done(s2);
	}
	json_object_set_new(u, "constituency_ids", ids);
	return u;
}

#define USER_COLS                                                                                                      \
	"id, login, display_name, email, role, all_constituencies, lang, time_zone, tlp_max, disabled, created_at, "   \
	"updated_at, version, authority_roles"

json_t *store_user_get(struct db_conn *c, int64_t id)
{
	static const char sql[] = "SELECT " USER_COLS " FROM app_user WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, id);
	json_t *u = NULL;
	if (db_step(st) == DB_ROW) {
		json_t *row = db_row_json(st);
		db_done(st);
		/* Re-run as a row object without holding the statement during the
		 * scope query (which uses another statement on this connection). */
		json_t *ids = json_array();
		static const char scope_sql[] =
		        "SELECT constituency_id FROM user_constituency WHERE user_id = ? ORDER BY 1";
		struct db_stmt *s2 = db_prepare(c, scope_sql);
		if (s2) {
			db_bind_int(s2, 1, id);
			while (db_step(s2) == DB_ROW)
				json_array_append_new(ids, json_integer(db_col_int(s2, 0)));
			db_done(s2);
		}
		json_object_set_new(row, "all_constituencies",
		                    json_boolean(json_integer_value(json_object_get(row, "all_constituencies"))));
		json_object_set_new(row, "disabled",
		                    json_boolean(json_integer_value(json_object_get(row, "disabled"))));
		times_to_text(row, user_times);
		roles_to_array(row);
		json_object_set_new(row, "constituency_ids", ids);
		u = row;
	} else {
		db_done(st);
	}
	return u;
}

json_t *store_user_list(struct db_conn *c)
{
	static const char sql[] = "SELECT " USER_COLS " FROM app_user ORDER BY id";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, user_row(c, st));
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

int store_user_id_by_login(struct db_conn *c, const char *login, int64_t *id)
{
	static const char sql[] = "SELECT id FROM app_user WHERE login = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, login);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int store_user_insert(struct db_conn *c, const json_t *u, const char *password_hash, int64_t now, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO app_user(login, display_name, email, role, all_constituencies, lang, time_zone, tlp_max, "
	        "password_hash, disabled, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, "
	        "1)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_json(st, 1, json_object_get(u, "login"));
	db_bind_json(st, 2, json_object_get(u, "display_name"));
	db_bind_json(st, 3, json_object_get(u, "email"));
	db_bind_json(st, 4, json_object_get(u, "role"));
	db_bind_json(st, 5, json_object_get(u, "all_constituencies"));
	db_bind_json(st, 6, json_object_get(u, "lang"));
	db_bind_json(st, 7, json_object_get(u, "time_zone"));
	db_bind_json(st, 8, json_object_get(u, "tlp_max"));
	db_bind_text(st, 9, password_hash);
	db_bind_int(st, 10, now);
	db_bind_int(st, 11, now);
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_user_update(struct db_conn *c, int64_t id, const json_t *u, int64_t now)
{
	static const char sql[] = "UPDATE app_user SET display_name = ?, email = ?, role = ?, all_constituencies = ?, "
	                          "lang = ?, time_zone = ?, tlp_max = ?, disabled = ?, updated_at = ?, "
	                          "version = version + 1 WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_json(st, 1, json_object_get(u, "display_name"));
	db_bind_json(st, 2, json_object_get(u, "email"));
	db_bind_json(st, 3, json_object_get(u, "role"));
	db_bind_json(st, 4, json_object_get(u, "all_constituencies"));
	db_bind_json(st, 5, json_object_get(u, "lang"));
	db_bind_json(st, 6, json_object_get(u, "time_zone"));
	db_bind_json(st, 7, json_object_get(u, "tlp_max"));
	db_bind_json(st, 8, json_object_get(u, "disabled"));
	db_bind_int(st, 9, now);
	db_bind_int(st, 10, id);
	return db_exec_stmt(st);
}

int store_user_set_authority_roles(struct db_conn *c, int64_t id, const json_t *roles)
{
	static const char sql[] = "UPDATE app_user SET authority_roles = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	char *text = json_dumps(roles, JSON_COMPACT);
	if (!st || !text) {
		free(text);
		if (st)
			db_done(st);
		return -1;
	}
	db_bind_text(st, 1, text);
	db_bind_int(st, 2, id);
	free(text);
	return db_exec_stmt(st);
}

int store_user_set_password(struct db_conn *c, int64_t id, const char *password_hash, int64_t now)
{
	static const char sql[] = "UPDATE app_user SET password_hash = ?, updated_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, password_hash);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	return db_exec_stmt(st);
}

int store_user_set_scope(struct db_conn *c, int64_t id, const json_t *ids)
{
	static const char del[] = "DELETE FROM user_constituency WHERE user_id = ?";
	static const char ins[] =
	        "INSERT INTO user_constituency(user_id, constituency_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
	struct db_stmt *st = db_prepare(c, del);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	if (db_exec_stmt(st) < 0)
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		st = db_prepare(c, ins);
		if (!st)
			return -1;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, json_integer_value(v));
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

int store_token_insert(struct db_conn *c, int64_t user_id, const char *name, const char *hash, const char *prefix,
                       int64_t now, int64_t expires_at, const char *scope, int64_t *id)
{
	static const char sql[] = "INSERT INTO api_token(user_id, name, token_hash, prefix, created_at, expires_at, scope) "
	                          "VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, hash);
	db_bind_text(st, 4, prefix);
	db_bind_int(st, 5, now);
	db_bind_int_or_null(st, 6, expires_at);
	db_bind_text(st, 7, scope && *scope ? scope : "full");
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

json_t *store_token_list(struct db_conn *c, int64_t user_id)
{
	static const char sql[] = "SELECT id, user_id, name, prefix, scope, created_at, expires_at, revoked_at "
	                          "FROM api_token WHERE user_id = ? ORDER BY id";
	static const char *const times[] = {"created_at", "expires_at", "revoked_at", NULL};
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, user_id);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *t = db_row_json(st);
		times_to_text(t, times);
		json_array_append_new(items, t);
	}
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

int store_token_revoke(struct db_conn *c, int64_t user_id, int64_t token_id, int64_t now)
{
	static const char sql[] =
	        "UPDATE api_token SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, token_id);
	db_bind_int(st, 3, user_id);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) > 0;
}

int store_user_revoke_all(struct db_conn *c, int64_t user_id, int64_t now)
{
	static const char tok[] = "UPDATE api_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL";
	static const char ses[] = "DELETE FROM session WHERE user_id = ?";
	struct db_stmt *st = db_prepare(c, tok);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, user_id);
	if (db_exec_stmt(st) < 0)
		return -1;
	st = db_prepare(c, ses);
	if (!st)
		return -1;
	db_bind_int(st, 1, user_id);
	return db_exec_stmt(st);
}

int store_session_insert(struct db_conn *c, const char *hash, int64_t user_id, int64_t now, int64_t expires_at,
                         int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO session(token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, expires_at);
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_session_delete(struct db_conn *c, int64_t id)
{
	static const char sql[] = "DELETE FROM session WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	return db_exec_stmt(st);
}

int store_session_delete_user(struct db_conn *c, int64_t user_id)
{
	static const char sql[] = "DELETE FROM session WHERE user_id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, user_id);
	return db_exec_stmt(st);
}

int store_session_purge(struct db_conn *c, int64_t now)
{
	static const char sql[] = "DELETE FROM session WHERE expires_at <= ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	return db_exec_stmt(st);
}
