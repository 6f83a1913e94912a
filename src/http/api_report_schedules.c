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

void api_report_schedule_run(struct http_req *rq, struct http_resp *rs)
{
	http_call_id(rq, rs, ROLE_ADMIN, app_report_schedule_run, 202);
}
