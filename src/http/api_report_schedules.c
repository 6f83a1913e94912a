/*
 * HTTP handler for running a report schedule at once (issue 7, item 3):
 * POST /api/v1/report-schedules/{id}/run, admins only, no body. The
 * report of the last full period is queued in the outbox (202 with the
 * outbox ids); the schedule's next run does not move. The schedules are
 * listed by GET /api/v1/report-schedules (api_setup.c). Use case in
 * app/report_schedule.c.
 */
#include "app/report_schedule.h"
#include "http/http.h"
#include "http/routes.h"

static const char *const no_params[] = {NULL};

void api_report_schedule_run(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t id;
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0 || http_query_check(rq, no_params, rs) < 0 ||
	    http_path_id(rq, rs, 0, &id) < 0)
		return;
	app_result_init(&r);
	app_report_schedule_run(&rq->app, id, &r);
	http_reply(rs, &r, 202);
}
