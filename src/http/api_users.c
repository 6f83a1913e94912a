/*
 * /api/v1/users and their API tokens (admin; a user may manage their own
 * tokens).
 */
#include "app/user.h"
#include "http/http.h"
#include "lib/cursor.h"
#include "lib/timeutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static const struct field_spec create_spec[] = {
	{"login", FT_STRING, 2, 64, 0, 1},
	{"display_name", FT_STRING, 1, 200, 0, 1},
	{"email", FT_STRING, 0, 254, 0, 0},
	{"role", FT_STRING, 1, 16, 0, 1, http_enum_role},
	{"password", FT_STRING, 1, PASSWORD_MAX, 0, 0},
	{"all_constituencies", FT_BOOL, 0, 0, 0, 0},
	{"constituency_ids", FT_ID_ARRAY, 0, 0, 0, 0},
	{"lang", FT_STRING, 2, 2, 0, 0, http_enum_lang},
	{"time_zone", FT_STRING, 1, 64, 0, 0},
	{"tlp_max", FT_STRING, 1, 20, 0, 0, http_enum_tlp},
	{NULL, 0, 0, 0, 0, 0},
};

static const struct field_spec update_spec[] = {
	{"display_name", FT_STRING, 1, 200, 0, 0},
	{"email", FT_STRING, 0, 254, 0, 0},
	{"role", FT_STRING, 1, 16, 0, 0, http_enum_role},
	{"password", FT_STRING, 1, PASSWORD_MAX, 0, 0},
	{"all_constituencies", FT_BOOL, 0, 0, 0, 0},
	{"constituency_ids", FT_ID_ARRAY, 0, 0, 0, 0},
	{"lang", FT_STRING, 2, 2, 0, 0, http_enum_lang},
	{"time_zone", FT_STRING, 1, 64, 0, 0},
	{"tlp_max", FT_STRING, 1, 20, 0, 0, http_enum_tlp},
	{"disabled", FT_BOOL, 0, 0, 0, 0},
	{NULL, 0, 0, 0, 0, 0},
};

static const struct field_spec token_spec[] = {
	{"name", FT_STRING, 1, 100, 0, 1},
	{"expires_at", FT_TIME, 0, 0, 1, 0},
	{NULL, 0, 0, 0, 0, 0},
};

static const char *const no_params[] = {NULL};
static const char *const list_params[] = {"limit", "cursor", NULL};

/* Parses path parameter i as a positive id; 404 when it is not one. */
static int path_id(struct http_req *rq, struct http_resp *rs, size_t i, int64_t *id)
{
	char *end;
	errno = 0;
	long long v = i < rq->nparams ? strtoll(rq->params[i], &end, 10) : 0;
	if (i >= rq->nparams || errno || *end || v < 1) {
		http_problem(rs, 404, "not-found", "no such object", NULL);
		return -1;
	}
	*id = v;
	return 0;
}

/* Sends r's object with status, or its error. */
static void reply(struct http_resp *rs, struct app_result *r, int ok, int status)
{
	if (!ok) {
		http_app_error(rs, r);
	} else {
		http_etag_from(rs, r->object);
		http_json(rs, status, r->object);
		r->object = NULL;
	}
	app_result_free(r);
}

void api_users_list(struct http_req *rq, struct http_resp *rs)
{
	int limit;
	const char *cursor;
	int64_t after = 0;
	char unused[8];
	if (http_query_check(rq, list_params, rs) < 0 || http_require_role(rq, rs, ROLE_ADMIN) < 0 ||
	    http_page_params(rq, rs, &limit, &cursor) < 0)
		return;
	if (cursor && cursor_decode(cursor, unused, sizeof(unused), &after) < 0) {
		http_problem_field(rs, 400, "invalid-parameter", "cursor", "is not a cursor this server issued");
		return;
	}
	struct app_result r;
	app_result_init(&r);
	if (app_user_list(&rq->app, &r) < 0) {
		reply(rs, &r, 0, 200);
		return;
	}
	/* Users are few (a team, not a constituency): page in memory by id. */
	json_t *all = json_object_get(r.object, "items"), *page = json_array(), *u;
	size_t i;
	int64_t last = 0;
	json_array_foreach(all, i, u) {
		int64_t id = json_integer_value(json_object_get(u, "id"));
		if (id <= after)
			continue;
		if ((int)json_array_size(page) == limit) {
			char next[CURSOR_MAX];
			cursor_encode("", last, next);
			json_object_set_new(r.object, "next_cursor", json_string(next));
			break;
		}
		json_array_append(page, u);
		last = id;
	}
	json_object_set_new(r.object, "items", page);
	reply(rs, &r, 1, 200);
}

void api_users_create(struct http_req *rq, struct http_resp *rs)
{
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (http_validate(in, create_spec, 1, rs) == 0) {
		struct app_result r;
		app_result_init(&r);
		const char *pw = json_string_value(json_object_get(in, "password"));
		int ok = app_user_create(&rq->app, in, pw, &r) == 0;
		if (ok)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/users/%lld",
			         (long long)json_integer_value(json_object_get(r.object, "id")));
		reply(rs, &r, ok, 201);
	}
	json_decref(in);
}

void api_users_get(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	reply(rs, &r, app_user_get(&rq->app, id, &r) == 0, 200);
}

void api_users_update(struct http_req *rq, struct http_resp *rs)
{
	int64_t id, version;
	if (path_id(rq, rs, 0, &id) < 0 || http_require_role(rq, rs, ROLE_ADMIN) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (http_validate(in, update_spec, 0, rs) == 0 && http_if_match(rq, rs, &version) == 0) {
		struct app_result r;
		app_result_init(&r);
		reply(rs, &r, app_user_update(&rq->app, id, version, in, &r) == 0, 200);
	}
	json_decref(in);
}

void api_tokens_list(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	reply(rs, &r, app_token_list(&rq->app, id, &r) == 0, 200);
}

void api_tokens_create(struct http_req *rq, struct http_resp *rs)
{
	int64_t id, expires = 0;
	if (path_id(rq, rs, 0, &id) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (http_validate(in, token_spec, 1, rs) == 0) {
		json_t *e = json_object_get(in, "expires_at");
		if (json_is_string(e))
			time_parse(json_string_value(e), &expires);
		struct app_result r;
		app_result_init(&r);
		int ok = app_token_create(&rq->app, id, json_string_value(json_object_get(in, "name")), expires, &r) == 0;
		if (ok)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/users/%lld/tokens/%lld", (long long)id,
			         (long long)json_integer_value(json_object_get(r.object, "id")));
		reply(rs, &r, ok, 201);
	}
	json_decref(in);
}

void api_tokens_revoke(struct http_req *rq, struct http_resp *rs)
{
	int64_t id, tid;
	if (path_id(rq, rs, 0, &id) < 0 || path_id(rq, rs, 1, &tid) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	if (app_token_revoke(&rq->app, id, tid, &r) < 0)
		http_app_error(rs, &r);
	else
		rs->status = 204;
	app_result_free(&r);
}
