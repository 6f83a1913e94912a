/*
 * HTTP handlers for the authority matrix (/api/v1/authority: read by any
 * user, replaced by an admin with If-Match) and the decisions of an
 * incident (/api/v1/incidents/{id}/decisions: read where the incident is
 * visible, recorded by handlers). Shape checks here; the matrix check and
 * the write in app/authority.c.
 *
 * A decision outside the user's authority answers 403 (the request is well
 * formed, the user lacks the power) with a problem naming who holds it and
 * an error on "outcome" carrying "holders" (role codes).
 */
#include "app/authority.h"
#include "core/authority.h"
#include "http/http.h"
#include "http/routes.h"

#include <stdio.h>
#include <string.h>

static const char *const outcomes[] = {"ordered", "approved", "advised", NULL};

static const struct field_spec decision_spec[] = {
        {"action", FT_STRING, 1, AUTHORITY_CODE_MAX, 0, 1, NULL},         {"outcome", FT_STRING, 1, 16, 0, 1, outcomes},
        {"rationale", FT_TEXT, 0, DECISION_RATIONALE_MAX, 1, 0, NULL},    {"decided_at", FT_TIME, 0, 0, 1, 0, NULL},
        {"authority_role", FT_STRING, 1, AUTHORITY_CODE_MAX, 1, 0, NULL}, {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const char *const no_params[] = {NULL};

/* Every member of each object of array arr is a string named in keys;
 * 0, or -1 with rs filled naming "field[i].key". */
static int strings_only(const json_t *arr, const char *field, const char *const *keys, struct http_resp *rs)
{
	size_t i;
	const char *k;
	json_t *o, *v;
	json_array_foreach(arr, i, o)
	{
		if (!json_is_object(o)) {
			http_problem_field(rs, 422, "validation", field, "%s[%zu] must be an object", field, i);
			return -1;
		}
		json_object_foreach(o, k, v)
		{
			int known = 0;
			for (size_t n = 0; keys[n]; n++)
				known |= strcmp(keys[n], k) == 0;
			if (!known) {
				http_problem_field(rs, 400, "unknown-field", field, "%s[%zu]: unknown member", field,
				                   i);
				return -1;
			}
			if (!json_is_string(v)) {
				http_problem_field(rs, 422, "validation", field, "%s[%zu].%s must be a string", field,
				                   i, k);
				return -1;
			}
		}
	}
	return 0;
}

/* Shape of the PUT body: {cells: [...], actions?: [...]}. */
static int matrix_shape(const json_t *in, struct http_resp *rs)
{
	static const char *const cell_keys[] = {"action", "role", "power", NULL};
	static const char *const action_keys[] = {"code", "label_ja", "label_en", NULL};
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)in, k, v)
	{
		if (strcmp(k, "cells") != 0 && strcmp(k, "actions") != 0) {
			http_problem_field(rs, 400, "unknown-field", k, "only \"cells\" and \"actions\" may be given");
			return -1;
		}
	}
	if (!json_is_array(json_object_get(in, "cells"))) {
		http_problem_field(rs, 422, "validation", "cells",
		                   "is required: an array of {action, role, power} (the whole matrix)");
		return -1;
	}
	if (json_object_get(in, "actions") && !json_is_array(json_object_get(in, "actions"))) {
		http_problem_field(rs, 422, "validation", "actions", "must be an array of {code, label_ja, label_en}");
		return -1;
	}
	if (strings_only(json_object_get(in, "cells"), "cells", cell_keys, rs) < 0)
		return -1;
	return json_object_get(in, "actions") ? strings_only(json_object_get(in, "actions"), "actions", action_keys, rs)
	                                      : 0;
}

void api_authority_get(struct http_req *rq, struct http_resp *rs)
{
	http_call(rq, rs, ROLE_VIEWER, app_authority_get, 200);
}

void api_authority_put(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t version;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (matrix_shape(in, rs) == 0 && http_if_match(rq, rs, &version) == 0) {
		app_result_init(&r);
		app_authority_put(&rq->app, version, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

void api_decisions_list(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_decision_list(&rq->app, rq->params[0], &r);
	http_reply(rs, &r, 200);
}

void api_decisions_create(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, decision_spec, 1, rs) == 0) {
		app_result_init(&r);
		if (app_decision_create(&rq->app, rq->params[0], in, &r) == 0)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/incidents/%s/decisions", rq->params[0]);
		http_reply(rs, &r, 201);
	}
	json_decref(in);
}
