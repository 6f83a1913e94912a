/*
 * /api/v1/taxonomy and /api/v1/priority-matrix: read by every user,
 * written by administrators. The priority matrix body is checked here for
 * shape (an object with "cells", an array of objects with exactly the
 * string members impact, urgency and priority); app/org.c checks the values
 * and that each impact x urgency appears once.
 */
#include "app/org.h"
#include "http/http.h"

#include <stdio.h>
#include <string.h>

static const struct field_spec taxonomy_spec[] = {
        {"code", FT_STRING, 1, 100, 0, 1, NULL},
        {"parent", FT_STRING, 1, 100, 1, 0, NULL},
        {"label_ja", FT_STRING, 1, 200, 0, 1, NULL},
        {"label_en", FT_STRING, 1, 200, 0, 1, NULL},
        {"description_ja", FT_TEXT, 0, 4000, 0, 0, NULL},
        {"description_en", FT_TEXT, 0, 4000, 0, 0, NULL},
        {NULL, 0, 0, 0, 0, 0, NULL},
};

static const char *const no_params[] = {NULL};

void api_taxonomy_list(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_taxonomy_list(&rq->app, &r);
	http_reply(rs, &r, 200);
}

void api_taxonomy_create(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_ADMIN) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (http_validate(in, taxonomy_spec, 1, rs) == 0) {
		struct app_result r;
		app_result_init(&r);
		if (app_taxonomy_create(&rq->app, in, &r) == APP_OK)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/taxonomy");
		http_reply(rs, &r, 201);
	}
	json_decref(in);
}

void api_priority_matrix_get(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_priority_matrix_get(&rq->app, &r);
	http_reply(rs, &r, 200);
}

/* Shape of the PUT body; 0 / -1 with rs filled (400 unknown field, 422). */
static int matrix_shape(const json_t *in, struct http_resp *rs)
{
	const char *k;
	json_t *v, *cell;
	size_t i;
	json_object_foreach((json_t *)in, k, v)
	{
		if (strcmp(k, "cells") != 0) {
			http_problem_field(rs, 400, "unknown-field", "body", "only \"cells\" may be given");
			return -1;
		}
	}
	json_t *cells = json_object_get(in, "cells");
	if (!json_is_array(cells)) {
		http_problem_field(rs, 422, "validation", "cells", "is required: an array of 9 cells");
		return -1;
	}
	json_array_foreach(cells, i, cell)
	{
		if (!json_is_object(cell)) {
			http_problem_field(rs, 422, "validation", "cells", "cell %zu must be an object", i);
			return -1;
		}
		json_object_foreach(cell, k, v)
		{
			int known = strcmp(k, "impact") == 0 || strcmp(k, "urgency") == 0 || strcmp(k, "priority") == 0;
			if (!known) {
				http_problem_field(rs, 400, "unknown-field", "cells",
				                   "cell %zu: only impact, urgency and priority may be given", i);
				return -1;
			}
			if (!json_is_string(v)) {
				http_problem_field(rs, 422, "validation", "cells", "cell %zu: %s must be a string", i,
				                   k);
				return -1;
			}
		}
	}
	return 0;
}

void api_priority_matrix_put(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_ADMIN) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (matrix_shape(in, rs) == 0) {
		struct app_result r;
		app_result_init(&r);
		app_priority_matrix_put(&rq->app, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}
