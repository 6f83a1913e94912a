/*
 * User, token and session use cases (see user.h). Every change is one write
 * job that also appends its audit row; password hashing (argon2id, ~0.1 s)
 * is done before the job so the writer thread never waits for it.
 */
#include "app/user.h"

#include "core/authority.h"
#include "core/tlp.h"
#include "core/validate.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/store.h"
#include "store/user.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static struct audit_actor who_of(const struct app_ctx *ctx)
{
	struct audit_actor w = {ctx->actor->user_id, ctx->actor->login};
	return w;
}

static int require_admin(const struct app_ctx *ctx, struct app_result *r)
{
	if (ctx->actor->role == ROLE_ADMIN)
		return 0;
	return app_fail(r, APP_FORBIDDEN, "only an admin may manage users");
}

static int check_password(const char *pw, struct app_result *r)
{
	size_t n = strlen(pw);
	if (n < PASSWORD_MIN || n > PASSWORD_MAX) {
		app_field_error(r, "password", "must be %d to %d bytes long", PASSWORD_MIN, PASSWORD_MAX);
		return -1;
	}
	return 0;
}

/* authority_roles: distinct organisational role codes (core/authority.h). */
static void check_authority_roles(const json_t *roles, struct app_result *r)
{
	size_t i, k;
	json_t *v;
	json_array_foreach(roles, i, v)
	{
		const char *code = json_string_value(v);
		if (!authority_role(code)) {
			app_field_error(
			        r, "authority_roles", "'%s' is not an organisational role (%s)", code ? code : "",
			        "csirt_lead, ciso, management, division_head, system_owner, legal, pr, handler");
			return;
		}
		for (k = 0; k < i; k++)
			if (json_equal(json_array_get(roles, k), v)) {
				app_field_error(r, "authority_roles", "'%s' is listed twice", code);
				return;
			}
	}
}

/* Checks the values (not the shape: http_validate did that) of user fields
 * present in in; adds field errors to r. */
static void check_user_values(const json_t *in, struct app_result *r)
{
	json_t *v;
	enum role role;
	enum tlp tlp;
	if ((v = json_object_get(in, "login")) && validate_login(json_string_value(v)) < 0)
		app_field_error(r, "login",
		                "must be 2-64 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
	if ((v = json_object_get(in, "role")) && role_parse(json_string_value(v), &role) < 0)
		app_field_error(r, "role", "must be admin, handler or viewer");
	if ((v = json_object_get(in, "email")) && json_string_length(v) > 0 && validate_email(json_string_value(v)) < 0)
		app_field_error(r, "email", "is not a mail address");
	if ((v = json_object_get(in, "lang")) && validate_lang(json_string_value(v)) < 0)
		app_field_error(r, "lang", "must be ja or en");
	if ((v = json_object_get(in, "time_zone")) && validate_time_zone(json_string_value(v)) < 0)
		app_field_error(r, "time_zone", "must be a time zone name like Asia/Tokyo");
	if ((v = json_object_get(in, "tlp_max")) && tlp_parse(json_string_value(v), &tlp) < 0)
		app_field_error(r, "tlp_max", "must be CLEAR, GREEN, AMBER, AMBER+STRICT or RED");
	if ((v = json_object_get(in, "authority_roles")))
		check_authority_roles(v, r);
}

/* Normalises tlp_max to its canonical name. */
static void normalise(json_t *u)
{
	enum tlp t;
	json_t *v = json_object_get(u, "tlp_max");
	if (v && tlp_parse(json_string_value(v), &t) == 0)
		json_object_set_new(u, "tlp_max", json_string(tlp_name(t)));
}

static int check_scope_ids(struct db_conn *c, const json_t *ids, struct app_result *r)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		int e = store_constituency_exists(c, json_integer_value(v));
		if (e < 0)
			return app_fail(r, APP_INTERNAL, "database error");
		if (!e) {
			app_field_error(r, "constituency_ids", "constituency %lld does not exist",
			                (long long)json_integer_value(v));
			return -1;
		}
	}
	return 0;
}

struct create_job {
	const struct app_ctx *ctx;
	json_t *u;
	const char *hash;
	struct app_result *r;
};

static int create_job(struct db_conn *c, void *arg)
{
	struct create_job *j = arg;
	int64_t id, exists;
	int e = store_user_id_by_login(c, json_string_value(json_object_get(j->u, "login")), &exists);
	if (e < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	if (e)
		return app_fail(j->r, APP_CONFLICT, "login '%s' is taken",
		                json_string_value(json_object_get(j->u, "login")));
	json_t *ids = json_object_get(j->u, "constituency_ids");
	if (ids && check_scope_ids(c, ids, j->r) < 0)
		return -1;
	int64_t now = time_now();
	if (store_user_insert(c, j->u, j->hash, now, &id) < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	if (ids && store_user_set_scope(c, id, ids) < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	json_t *roles = json_object_get(j->u, "authority_roles");
	if (roles && store_user_set_authority_roles(c, id, roles) < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	json_t *obj = store_user_get(c, id);
	if (!obj)
		return app_fail(j->r, APP_INTERNAL, "database error");
	char oid[32];
	snprintf(oid, sizeof(oid), "%lld", (long long)id);
	struct audit_actor w = who_of(j->ctx);
	json_t *sum = json_pack("{s:O}", "after", obj);
	int rc = audit_append(c, &w, "user.create", "user", oid, sum);
	json_decref(sum);
	if (rc < 0) {
		json_decref(obj);
		return app_fail(j->r, APP_INTERNAL, "database error");
	}
	j->r->object = obj;
	return 0;
}

int app_user_create(const struct app_ctx *ctx, const json_t *in, const char *password, struct app_result *r)
{
	if (require_admin(ctx, r) < 0)
		return -1;
	check_user_values(in, r);
	if (password)
		check_password(password, r);
	if (r->err != APP_OK)
		return -1;
	json_t *u = json_deep_copy(in);
	json_object_del(u, "password");
	if (!json_object_get(u, "email"))
		json_object_set_new(u, "email", json_string(""));
	if (!json_object_get(u, "lang"))
		json_object_set_new(u, "lang", json_string("ja"));
	if (!json_object_get(u, "time_zone"))
		json_object_set_new(u, "time_zone", json_string("Asia/Tokyo"));
	if (!json_object_get(u, "tlp_max"))
		json_object_set_new(u, "tlp_max",
		                    json_string(strcmp(json_string_value(json_object_get(u, "role")), "viewer") == 0
		                                        ? "AMBER"
		                                        : "RED"));
	if (!json_object_get(u, "all_constituencies"))
		json_object_set_new(u, "all_constituencies", json_false());
	normalise(u);
	char hash[crypto_pwhash_STRBYTES] = "";
	if (password && secret_password_hash(password, hash, sizeof(hash)) < 0) {
		json_decref(u);
		return app_fail(r, APP_INTERNAL, "cannot hash the password (out of memory?)");
	}
	struct create_job j = {ctx, u, password ? hash : NULL, r};
	int rc = db_write(ctx->db, create_job, &j);
	json_decref(u);
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	return rc == 0 ? 0 : -1;
}

struct update_job {
	const struct app_ctx *ctx;
	int64_t id, version;
	const json_t *in;
	const char *hash;
	struct app_result *r;
};

static int update_job(struct db_conn *c, void *arg)
{
	struct update_job *j = arg;
	json_t *cur = store_user_get(c, j->id);
	if (!cur)
		return app_fail(j->r, APP_NOT_FOUND, "no such user");
	if (j->version && json_integer_value(json_object_get(cur, "version")) != j->version) {
		json_decref(cur);
		return app_fail(j->r, APP_STALE, "the user was changed by someone else; reload and try again");
	}
	json_t *next = json_deep_copy(cur);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)j->in, k, v)
	{
		if (strcmp(k, "password") != 0 && strcmp(k, "constituency_ids") != 0 &&
		    strcmp(k, "authority_roles") != 0)
			json_object_set(next, k, v);
	}
	normalise(next);
	json_t *ids = json_object_get(j->in, "constituency_ids");
	int64_t now = time_now();
	int fail = 0;
	if (ids && check_scope_ids(c, ids, j->r) < 0)
		fail = 1;
	/* The last enabled admin cannot demote or disable themself out of existence. */
	if (!fail && j->ctx->actor->user_id == j->id &&
	    (json_is_true(json_object_get(next, "disabled")) ||
	     strcmp(json_string_value(json_object_get(next, "role")), "admin") != 0)) {
		app_fail(j->r, APP_CONFLICT, "you cannot disable yourself or remove your own admin role");
		fail = 1;
	}
	json_t *roles = json_object_get(j->in, "authority_roles");
	if (!fail && (store_user_update(c, j->id, next, now) < 0 || (ids && store_user_set_scope(c, j->id, ids) < 0) ||
	              (roles && store_user_set_authority_roles(c, j->id, roles) < 0) ||
	              (j->hash && (store_user_set_password(c, j->id, j->hash, now) < 0 ||
	                           store_session_delete_user(c, j->id) < 0)))) {
		app_fail(j->r, APP_INTERNAL, "database error");
		fail = 1;
	}
	if (!fail && json_is_true(json_object_get(next, "disabled")) &&
	    !json_is_true(json_object_get(cur, "disabled")) && store_user_revoke_all(c, j->id, now) < 0) {
		app_fail(j->r, APP_INTERNAL, "database error");
		fail = 1;
	}
	json_t *after = fail ? NULL : store_user_get(c, j->id);
	if (!fail && !after) {
		app_fail(j->r, APP_INTERNAL, "database error");
		fail = 1;
	}
	if (!fail) {
		char oid[32];
		snprintf(oid, sizeof(oid), "%lld", (long long)j->id);
		struct audit_actor w = who_of(j->ctx);
		json_t *sum = json_pack("{s:O, s:O, s:b}", "before", cur, "after", after, "password_changed",
		                        j->hash != NULL);
		if (audit_append(c, &w, j->hash && json_object_size(j->in) == 1 ? "user.passwd" : "user.update", "user",
		                 oid, sum) < 0) {
			app_fail(j->r, APP_INTERNAL, "database error");
			fail = 1;
		}
		json_decref(sum);
	}
	json_decref(cur);
	json_decref(next);
	if (fail) {
		json_decref(after);
		return -1;
	}
	j->r->object = after;
	return 0;
}

int app_user_update(const struct app_ctx *ctx, int64_t id, int64_t version, const json_t *in, struct app_result *r)
{
	if (require_admin(ctx, r) < 0)
		return -1;
	check_user_values(in, r);
	json_t *pw = json_object_get(in, "password");
	if (pw)
		check_password(json_string_value(pw), r);
	if (json_object_get(in, "login"))
		app_field_error(r, "login", "cannot be changed");
	if (r->err != APP_OK)
		return -1;
	char hash[crypto_pwhash_STRBYTES];
	if (pw && secret_password_hash(json_string_value(pw), hash, sizeof(hash)) < 0)
		return app_fail(r, APP_INTERNAL, "cannot hash the password (out of memory?)");
	struct update_job j = {ctx, id, version, in, pw ? hash : NULL, r};
	int rc = db_write(ctx->db, update_job, &j);
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	return rc == 0 ? 0 : -1;
}

int app_user_get(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	if (ctx->actor->role != ROLE_ADMIN && ctx->actor->user_id != id)
		return app_fail(r, APP_FORBIDDEN, "only an admin may read other users");
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_INTERNAL, "database error");
	r->object = store_user_get(c, id);
	db_read_end(ctx->db, c);
	if (!r->object)
		return app_fail(r, APP_NOT_FOUND, "no such user");
	return 0;
}

int app_user_list(const struct app_ctx *ctx, struct app_result *r)
{
	if (require_admin(ctx, r) < 0)
		return -1;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_INTERNAL, "database error");
	json_t *items = store_user_list(c);
	db_read_end(ctx->db, c);
	if (!items)
		return app_fail(r, APP_INTERNAL, "database error");
	r->object = json_pack("{s:o, s:n}", "items", items, "next_cursor");
	return 0;
}

int app_user_lookup(const struct app_ctx *ctx, const char *login, int64_t *id, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_INTERNAL, "database error");
	int e = store_user_id_by_login(c, login, id);
	db_read_end(ctx->db, c);
	if (e < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	if (!e)
		return app_fail(r, APP_NOT_FOUND, "no user with login '%s'", login);
	return 0;
}

/* --- tokens -------------------------------------------------------------- */

static int require_self_or_admin(const struct app_ctx *ctx, int64_t user_id, struct app_result *r)
{
	if (ctx->actor->role == ROLE_ADMIN || ctx->actor->user_id == user_id)
		return 0;
	return app_fail(r, APP_FORBIDDEN, "only an admin or the user may manage these tokens");
}

struct token_job {
	const struct app_ctx *ctx;
	int64_t user_id, token_id, expires_at;
	const char *name, *hash, *prefix, *scope;
	struct app_result *r;
};

static int token_create_job(struct db_conn *c, void *arg)
{
	struct token_job *j = arg;
	json_t *u = store_user_get(c, j->user_id);
	if (!u)
		return app_fail(j->r, APP_NOT_FOUND, "no such user");
	json_decref(u);
	int64_t now = time_now(), id;
	if (store_token_insert(c, j->user_id, j->name, j->hash, j->prefix, now, j->expires_at, j->scope, &id) < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	char oid[32];
	snprintf(oid, sizeof(oid), "%lld", (long long)id);
	struct audit_actor w = who_of(j->ctx);
	json_t *sum = json_pack("{s:I, s:s, s:s, s:s}", "user_id", (json_int_t)j->user_id, "name", j->name, "prefix",
	                        j->prefix, "scope", j->scope);
	int rc = audit_append(c, &w, "token.create", "api_token", oid, sum);
	json_decref(sum);
	if (rc < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	char created[32];
	time_format(now, created);
	j->r->object =
	        json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "user_id", (json_int_t)j->user_id,
	                  "name", j->name, "prefix", j->prefix, "scope", j->scope, "created_at", created);
	if (j->expires_at) {
		char exp[32];
		time_format(j->expires_at, exp);
		json_object_set_new(j->r->object, "expires_at", json_string(exp));
	} else {
		json_object_set_new(j->r->object, "expires_at", json_null());
	}
	return 0;
}

int app_token_create(const struct app_ctx *ctx, int64_t user_id, const char *name, int64_t expires_at,
                     const char *scope, struct app_result *r)
{
	if (!scope)
		scope = "full";
	if (strcmp(scope, "full") != 0 && strcmp(scope, "intake") != 0) {
		app_field_error(r, "scope", "must be 'full' or 'intake'");
		return -1;
	}
	/* an intake token may submit mail and alerts (which a viewer may not):
	 * only an admin hands one out */
	if (strcmp(scope, "intake") == 0 && ctx->actor->role != ROLE_ADMIN)
		return app_fail(r, APP_FORBIDDEN, "only an admin may create an intake token");
	if (require_self_or_admin(ctx, user_id, r) < 0)
		return -1;
	if (expires_at && expires_at <= time_now()) {
		app_field_error(r, "expires_at", "must be in the future");
		return -1;
	}
	char token[TOKEN_LEN], hash[65], prefix[12];
	secret_token(token, sizeof(token), "hks_");
	secret_sha256_hex(token, strlen(token), hash);
	snprintf(prefix, sizeof(prefix), "%.10s", token);
	struct token_job j = {ctx, user_id, 0, expires_at, name, hash, prefix, scope, r};
	int rc = db_write(ctx->db, token_create_job, &j);
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	if (rc == 0)
		json_object_set_new(r->object, "token", json_string(token));
	sodium_memzero(token, sizeof(token));
	return rc == 0 ? 0 : -1;
}

int app_token_list(const struct app_ctx *ctx, int64_t user_id, struct app_result *r)
{
	if (require_self_or_admin(ctx, user_id, r) < 0)
		return -1;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_INTERNAL, "database error");
	json_t *u = store_user_get(c, user_id);
	json_t *items = u ? store_token_list(c, user_id) : NULL;
	db_read_end(ctx->db, c);
	if (!u)
		return app_fail(r, APP_NOT_FOUND, "no such user");
	json_decref(u);
	if (!items)
		return app_fail(r, APP_INTERNAL, "database error");
	r->object = json_pack("{s:o, s:n}", "items", items, "next_cursor");
	return 0;
}

static int token_revoke_job(struct db_conn *c, void *arg)
{
	struct token_job *j = arg;
	int e = store_token_revoke(c, j->user_id, j->token_id, time_now());
	if (e < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	if (!e)
		return app_fail(j->r, APP_NOT_FOUND, "no such active token for this user");
	char oid[32];
	snprintf(oid, sizeof(oid), "%lld", (long long)j->token_id);
	struct audit_actor w = who_of(j->ctx);
	json_t *sum = json_pack("{s:I}", "user_id", (json_int_t)j->user_id);
	int rc = audit_append(c, &w, "token.revoke", "api_token", oid, sum);
	json_decref(sum);
	return rc < 0 ? app_fail(j->r, APP_INTERNAL, "database error") : 0;
}

int app_token_revoke(const struct app_ctx *ctx, int64_t user_id, int64_t token_id, struct app_result *r)
{
	if (require_self_or_admin(ctx, user_id, r) < 0)
		return -1;
	struct token_job j = {ctx, user_id, token_id, 0, NULL, NULL, NULL, NULL, r};
	int rc = db_write(ctx->db, token_revoke_job, &j);
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	return rc == 0 ? 0 : -1;
}

/* --- sessions ------------------------------------------------------------ */

void app_csrf_of(const char *session_token, char out[65])
{
	/* A keyed-by-domain hash of the session secret: the server can recompute
	 * it from the cookie, and it reveals nothing about the secret. */
	char in[TOKEN_LEN + 16];
	snprintf(in, sizeof(in), "csrf:%s", session_token);
	secret_sha256_hex(in, strlen(in), out);
	sodium_memzero(in, sizeof(in));
}

struct session_job {
	const struct app_ctx *ctx;
	int64_t user_id, session_id, expires_at;
	const char *hash;
	const char *login; /* who logs in or out, for the audit row */
	struct app_result *r;
};

/* Audits a login or logout as the user it concerns. */
static int audit_session(struct db_conn *c, struct session_job *j, const char *action)
{
	char oid[32];
	snprintf(oid, sizeof(oid), "%lld", (long long)j->session_id);
	struct audit_actor w = {j->user_id, j->login};
	json_t *sum = json_pack("{s:I}", "user_id", (json_int_t)j->user_id);
	int rc = audit_append(c, &w, action, "session", oid, sum);
	json_decref(sum);
	return rc;
}

static int session_create_job(struct db_conn *c, void *arg)
{
	struct session_job *j = arg;
	int64_t now = time_now(), id;
	if (store_session_purge(c, now) < 0 ||
	    store_session_insert(c, j->hash, j->user_id, now, j->expires_at, &id) < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	j->session_id = id;
	if (audit_session(c, j, "session.login") < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	return 0;
}

int app_login(const struct app_ctx *ctx, const char *login, const char *password, char token[TOKEN_LEN],
              struct app_result *r)
{
	static const char generic[] = "login or password is wrong, or the account is disabled";
	int64_t id = 0;
	int disabled = 1;
	char hash[crypto_pwhash_STRBYTES + 1] = "";
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_INTERNAL, "database error");
	int e = store_user_credentials(c, login, &id, hash, sizeof(hash), &disabled);
	db_read_end(ctx->db, c);
	if (e < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	/* Verify even for unknown logins so timing does not reveal accounts. */
	static const char dummy[] =
	        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0t2sqbn9UqIy6wMdBDyyQSB0wOv3yhENKC1TPvEhY6o";
	int ok = secret_password_verify(e ? hash : dummy, password);
	if (!e || !ok || disabled)
		return app_fail(r, APP_NOT_FOUND, "%s", generic);

	char th[65];
	secret_token(token, TOKEN_LEN, "");
	secret_sha256_hex(token, strlen(token), th);
	int64_t expires = time_now() + (int64_t)ctx->cfg->session_hours * 3600;
	struct session_job j = {ctx, id, 0, expires, th, login, r};
	int rc = db_write(ctx->db, session_create_job, &j);
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	if (rc != 0)
		return -1;
	c = db_read_begin(ctx->db);
	json_t *u = c ? store_user_get(c, id) : NULL;
	db_read_end(ctx->db, c);
	if (!u)
		return app_fail(r, APP_INTERNAL, "database error");
	char exp[32];
	time_format(expires, exp);
	r->object = json_pack("{s:o, s:s, s:I}", "user", u, "expires_at", exp, "session_id", (json_int_t)j.session_id);
	return 0;
}

static int session_delete_job(struct db_conn *c, void *arg)
{
	struct session_job *j = arg;
	if (store_session_delete(c, j->session_id) < 0 || audit_session(c, j, "session.logout") < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	return 0;
}

int app_logout(const struct app_ctx *ctx, int64_t session_id, struct app_result *r)
{
	struct session_job j = {ctx, ctx->actor->user_id, session_id, 0, NULL, ctx->actor->login, r};
	int rc = db_write(ctx->db, session_delete_job, &j);
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	return rc == 0 ? 0 : -1;
}
