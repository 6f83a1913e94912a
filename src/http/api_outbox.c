/*
 * The outbox for administrators: GET /api/v1/outbox lists outgoing mail
 * and its delivery state (newest first, cursor paging, optional state);
 * POST /api/v1/outbox/{id}/retry queues a failed message again.
 */
#include "app/mailer.h"
#include "http/routes.h"

#include <string.h>

static const char *const list_params[] = {"state", "limit", "cursor", NULL};
static const char *const no_params[] = {NULL};

void api_outbox_list(struct http_req *rq, struct http_resp *rs)
{
	int limit;
	const char *cursor;
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0 || http_query_check(rq, list_params, rs) < 0 ||
	    http_page_params(rq, rs, &limit, &cursor) < 0)
		return;
	const char *state = http_query(rq, "state");
	if (state && strcmp(state, "queued") && strcmp(state, "sent") && strcmp(state, "failed")) {
		http_problem_field(rs, 400, "invalid-parameter", "state", "must be queued, sent or failed");
		return;
	}
	struct app_result r;
	app_result_init(&r);
	app_outbox_list(&rq->app, state, cursor, limit, &r);
	http_reply_list(rs, &r);
}

void api_outbox_retry(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0 || http_query_check(rq, no_params, rs) < 0 ||
	    http_path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_outbox_retry(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}
