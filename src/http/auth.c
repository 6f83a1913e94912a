/*
 * Authentication and the session endpoints.
 *
 * Tokens and session secrets are looked up by their SHA-256, so the database
 * never holds a usable secret. The CSRF token of a session is derived from
 * its secret (app_csrf_of), so it survives restarts without being stored.
 * Failed logins are throttled per account and per client address; the
 * account counter is checked before the password, so a locked account
 * answers 429 even to the right password until its window passes.
 */
#include "http/auth.h"

#include "app/user.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/db.h"
#include "store/user.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Extracts the session cookie value (validated: base64url, bounded). */
static const char *session_cookie(struct http_req *rq)
{
	const char *v = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
	if (!v)
		return NULL;
	size_t n = strlen(v);
	if (n < 20 || n >= TOKEN_LEN)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char ch = v[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		      ch == '_'))
			return NULL;
	}
	return v;
}

int auth_authenticate(struct http_req *rq, struct http_resp *rs)
{
	const char *authz = http_header(rq, "Authorization");
	int64_t now = time_now();
	char hash[65];
	int found = 0;
	struct db_conn *c;
	if (authz) {
		if (strncasecmp(authz, "Bearer ", 7) != 0 || strlen(authz + 7) >= TOKEN_LEN || strlen(authz + 7) < 10) {
			http_problem(rs, 401, "unauthorized", "Authorization must be 'Bearer <API token>'", NULL);
			return -1;
		}
		secret_sha256_hex(authz + 7, strlen(authz + 7), hash);
		c = db_read_begin(rq->srv->db);
		found = c ? store_actor_by_token(c, hash, now, &rq->actor) : -1;
		db_read_end(rq->srv->db, c);
		if (found < 0) {
			http_problem(rs, 500, "internal", "database error", NULL);
			return -1;
		}
		if (!found) {
			http_problem(rs, 401, "unauthorized", "the API token is unknown, revoked or expired", NULL);
			return -1;
		}
		rq->authenticated = 1;
		return 0;
	}
	const char *cookie = session_cookie(rq);
	if (!cookie) {
		http_problem(rs, 401, "unauthorized", "log in (POST /api/v1/session) or send a Bearer API token", NULL);
		return -1;
	}
	secret_sha256_hex(cookie, strlen(cookie), hash);
	c = db_read_begin(rq->srv->db);
	found = c ? store_actor_by_session(c, hash, now, &rq->actor, &rq->session_id, &rq->session_expires) : -1;
	db_read_end(rq->srv->db, c);
	if (found < 0) {
		http_problem(rs, 500, "internal", "database error", NULL);
		return -1;
	}
	if (!found) {
		http_problem(rs, 401, "unauthorized", "the session has expired; log in again", NULL);
		return -1;
	}
	rq->via_cookie = 1;
	rq->authenticated = 1;
	if (rq->method != M_GET && rq->method != M_HEAD) {
		char csrf[65];
		const char *sent = http_header(rq, "X-CSRF-Token");
		app_csrf_of(cookie, csrf);
		if (!sent || !secret_equal(sent, csrf)) {
			rq->authenticated = 0;
			http_problem(rs, 403, "csrf", "send the X-CSRF-Token header given at login with every change",
			             NULL);
			return -1;
		}
	}
	return 0;
}

static const struct field_spec login_spec[] = {
        {"login", FT_STRING, 1, 64, 0, 1},
        {"password", FT_STRING, 1, PASSWORD_MAX, 0, 1},
        {NULL, 0, 0, 0, 0, 0},
};

void api_session_create(struct http_req *rq, struct http_resp *rs)
{
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (http_validate(in, login_spec, 1, rs) < 0) {
		json_decref(in);
		return;
	}
	const char *login = json_string_value(json_object_get(in, "login"));
	const char *password = json_string_value(json_object_get(in, "password"));
	char akey[128], ikey[96], retry[16];
	int wait;
	int64_t now = time_now();
	snprintf(akey, sizeof(akey), "acct:%.64s", login);
	snprintf(ikey, sizeof(ikey), "ip:%s", rq->client_ip);
	struct ratelimit *rl = rq->srv->login_limit;
	/* Each attempt is counted before the password is checked, so parallel
	 * guesses cannot slip past the limit; successes give it back. */
	int blocked = ratelimit_attempt(rl, akey, LOGIN_FAIL_PER_ACCOUNT, LOGIN_FAIL_WINDOW, now, &wait);
	if (!blocked && ratelimit_attempt(rl, ikey, LOGIN_FAIL_PER_ADDRESS, LOGIN_FAIL_WINDOW, now, &wait)) {
		ratelimit_refund(rl, akey);
		blocked = 1;
	}
	if (blocked) {
		snprintf(retry, sizeof(retry), "%d", wait);
		http_problem(rs, 429, "too-many-requests", "too many failed logins; wait before trying again", NULL);
		snprintf(rs->retry_after, sizeof(rs->retry_after), "%s", retry);
		json_decref(in);
		return;
	}
	struct app_result r;
	app_result_init(&r);
	char token[TOKEN_LEN];
	if (app_login(&rq->app, login, password, token, &r) < 0) {
		if (r.err == APP_NOT_FOUND) {
			http_problem(rs, 401, "unauthorized", r.detail, NULL);
		} else {
			/* Not the caller's fault (the store failed): do not count it. */
			ratelimit_refund(rl, akey);
			ratelimit_refund(rl, ikey);
			http_app_error(rs, &r);
		}
		app_result_free(&r);
		json_decref(in);
		return;
	}
	ratelimit_clear(rl, akey);
	ratelimit_refund(rl, ikey);
	char csrf[65], cookie[256];
	app_csrf_of(token, csrf);
	snprintf(cookie, sizeof(cookie), SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
	         rq->srv->cfg->session_hours * 3600, rq->srv->cfg->secure_cookies ? "; Secure" : "");
	sodium_memzero(token, sizeof(token));
	rs->set_cookie = strdup(cookie);
	sodium_memzero(cookie, sizeof(cookie));
	json_object_del(r.object, "session_id");
	json_object_set_new(r.object, "csrf_token", json_string(csrf));
	http_json(rs, 200, r.object);
	r.object = NULL;
	app_result_free(&r);
	json_decref(in);
}

void api_session_get(struct http_req *rq, struct http_resp *rs)
{
	if (!rq->via_cookie) {
		http_problem(rs, 401, "unauthorized", "no session: this request used an API token", NULL);
		return;
	}
	struct app_result r;
	app_result_init(&r);
	if (app_user_get(&rq->app, rq->actor.user_id, &r) < 0) {
		http_app_error(rs, &r);
		app_result_free(&r);
		return;
	}
	char csrf[65], exp[32];
	app_csrf_of(session_cookie(rq), csrf);
	time_format(rq->session_expires, exp);
	http_json(rs, 200, json_pack("{s:O, s:s, s:s}", "user", r.object, "csrf_token", csrf, "expires_at", exp));
	app_result_free(&r);
}

void api_session_delete(struct http_req *rq, struct http_resp *rs)
{
	if (!rq->via_cookie) {
		http_problem(rs, 401, "unauthorized", "no session: this request used an API token", NULL);
		return;
	}
	struct app_result r;
	app_result_init(&r);
	if (app_logout(&rq->app, rq->session_id, &r) < 0) {
		http_app_error(rs, &r);
		app_result_free(&r);
		return;
	}
	rs->set_cookie = strdup(SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	rs->status = 204;
	app_result_free(&r);
}

void api_me(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	app_result_init(&r);
	if (app_user_get(&rq->app, rq->actor.user_id, &r) < 0)
		http_app_error(rs, &r);
	else {
		http_etag_from(rs, r.object);
		http_json(rs, 200, r.object);
		r.object = NULL;
	}
	app_result_free(&r);
}
