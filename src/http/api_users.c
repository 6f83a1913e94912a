/*
 * /api/v1/users and their API tokens (admin; a user may manage their own
 * tokens).
 */
#include "app/user.h"
#include "core/authority.h"
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

static const char *const token_scopes[] = {"full", "intake", NULL};
static const struct field_spec token_spec[] = {
        {"name", FT_STRING, 1, 100, 0, 1},
        {"expires_at", FT_TIME, 0, 0, 1, 0},
        {"scope", FT_STRING, 1, 16, 0, 0, token_scopes},
        {NULL, 0, 0, 0, 0, 0},
};

static const char *const no_params[] = {NULL};

/* authority_roles is an array of strings, a type the field spec does not
 * know: it is taken out of in before http_validate() and checked here
 * (values are checked by app/user.c). Returns 0 with *roles (new
 * reference or NULL when absent), or -1 with rs filled. */
static int take_authority_roles(json_t *in, struct http_resp *rs, json_t **roles)
{
	size_t i;
	json_t *v;
	*roles = json_incref(json_object_get(in, "authority_roles"));
	if (!*roles)
		return 0;
	json_object_del(in, "authority_roles");
	if (!json_is_array(*roles) || json_array_size(*roles) > AUTHORITY_ROLES_MAX)
		goto bad;
	json_array_foreach(*roles, i, v) if (!json_is_string(v) || json_string_length(v) < 1 ||
	                                     json_string_length(v) > AUTHORITY_CODE_MAX) goto bad;
	return 0;
bad:
	json_decref(*roles);
	*roles = NULL;
	http_problem_field(rs, 422, "validation", "authority_roles", "must be an array of at most %d role codes",
	                   AUTHORITY_ROLES_MAX);
	return -1;
}

/* http_validate() with authority_roles checked aside and put back. */
static int validate_user(json_t *in, const struct field_spec *spec, int creating, struct http_resp *rs)
{
	json_t *roles;
	if (take_authority_roles(in, rs, &roles) < 0)
		return -1;
	int rc = http_validate(in, spec, creating, rs);
	if (roles)
		json_object_set_new(in, "authority_roles", roles);
	return rc;
}
static const char *const list_params[] = {"limit", "cursor", NULL};

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
		http_reply(rs, &r, 200);
		return;
	}
	/* Users are few (a team, not a constituency): page in memory by id. */
	json_t *all = json_object_get(r.object, "items"), *page = json_array(), *u;
	size_t i;
	int64_t last = 0;
	json_array_foreach(all, i, u)
	{
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
	http_reply(rs, &r, 200);
}

void api_users_create(struct http_req *rq, struct http_resp *rs)
{
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (validate_user(in, create_spec, 1, rs) == 0) {
		struct app_result r;
		app_result_init(&r);
		const char *pw = json_string_value(json_object_get(in, "password"));
		int ok = app_user_create(&rq->app, in, pw, &r) == 0;
		if (ok)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/users/%lld",
			         (long long)json_integer_value(json_object_get(r.object, "id")));
		http_reply(rs, &r, 201);
	}
	json_decref(in);
}

void api_users_get(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_user_get(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

void api_users_update(struct http_req *rq, struct http_resp *rs)
{
	int64_t id, version;
	if (http_path_id(rq, rs, 0, &id) < 0 || http_require_role(rq, rs, ROLE_ADMIN) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (validate_user(in, update_spec, 0, rs) == 0 && http_if_match(rq, rs, &version) == 0) {
		struct app_result r;
		app_result_init(&r);
		app_user_update(&rq->app, id, version, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

void api_tokens_list(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_token_list(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

void api_tokens_create(struct http_req *rq, struct http_resp *rs)
{
	int64_t id, expires = 0;
	if (http_path_id(rq, rs, 0, &id) < 0)
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
		int ok = app_token_create(&rq->app, id, json_string_value(json_object_get(in, "name")), expires,
		                          json_string_value(json_object_get(in, "scope")), &r) == 0;
		if (ok)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/users/%lld/tokens/%lld", (long long)id,
			         (long long)json_integer_value(json_object_get(r.object, "id")));
		http_reply(rs, &r, 201);
	}
	json_decref(in);
}

void api_tokens_revoke(struct http_req *rq, struct http_resp *rs)
{
	int64_t id, tid;
	if (http_path_id(rq, rs, 0, &id) < 0 || http_path_id(rq, rs, 1, &tid) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	if (app_token_revoke(&rq->app, id, tid, &r) < 0)
		http_app_error(rs, &r);
	else
		rs->status = 204;
	app_result_free(&r);
}
