/*
 * HTTP handlers for metrics (issue 7, item 5): the dashboard's metrics
 * object and monthly series (JSON), and Prometheus /metrics (text format
 * 0.0.4). /metrics needs a signed-in user or an API token of any user
 * (Authorization: Bearer ...), like every other USER route; what it shows
 * are service gauges (no incident content).
 */
#include "app/metrics.h"
#include "http/http.h"
#include "http/prom.h"
#include "http/routes.h"

#include <stdio.h>
#include <string.h>

void api_metrics_get(struct http_req *rq, struct http_resp *rs)
{
	static const char *const params[] = {"period", "from", "to", "constituency", NULL};
	struct app_metrics_query q = {0};
	struct app_result r;
	if (http_query_check(rq, params, rs) < 0)
		return;
	q.period = http_query(rq, "period");
	q.from = http_query(rq, "from");
	q.to = http_query(rq, "to");
	q.constituency = http_query(rq, "constituency");
	app_result_init(&r);
	app_metrics_get(&rq->app, &q, &r);
	http_reply_list(rs, &r);
}

void api_metrics_series(struct http_req *rq, struct http_resp *rs)
{
	static const char *const params[] = {"metric", "months", "constituency", NULL};
	struct app_result r;
	if (http_query_check(rq, params, rs) < 0)
		return;
	app_result_init(&r);
	app_metrics_series(&rq->app, http_query(rq, "metric"), http_query(rq, "months"), http_query(rq, "constituency"),
	                   &r);
	http_reply_list(rs, &r);
}

/* Appends "name{label="key"} value" for each of keys (0 when absent in o),
 * then any other member of o. Keys are codes from the database; quotes and
 * backslashes are escaped anyway. */
static int labelled(struct buf *b, const char *name, const char *label, const json_t *o, const char *const *keys)
{
	int rc = 0;
	const char *k;
	json_t *v;
	for (size_t i = 0; keys[i]; i++)
		rc |= buf_printf(b, "%s{%s=\"%s\"} %lld\n", name, label, keys[i],
		                 (long long)json_integer_value(json_object_get(o, keys[i])));
	json_object_foreach((json_t *)o, k, v)
	{
		int known = 0;
		for (size_t i = 0; keys[i]; i++)
			known |= strcmp(keys[i], k) == 0;
		if (known)
			continue;
		rc |= buf_printf(b, "%s{%s=\"", name, label);
		for (const char *p = k; *p; p++)
			rc |= *p == '"' || *p == '\\' ? buf_printf(b, "\\%c", *p)
			      : *p == '\n'            ? buf_puts(b, "\\n")
			                              : buf_append(b, p, 1);
		rc |= buf_printf(b, "\"} %lld\n", (long long)json_integer_value(v));
	}
	return rc;
}

void api_prometheus(struct http_req *rq, struct http_resp *rs)
{
	static const char *const no_params[] = {NULL};
	static const char *const prios[] = {"P1", "P2", "P3", "P4", NULL};
	static const char *const states[] = {"queued", "sent", "failed", NULL};
	static const char *const targets[] = {"acknowledge", "first_response", "containment", "resolution", NULL};
	struct app_result r;
	struct buf b;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	if (app_metrics_gauges(&rq->app, &r) != 0) {
		http_reply(rs, &r, 200);
		return;
	}
	const json_t *o = r.object, *outbox = json_object_get(o, "outbox");
	buf_init(&b, 1024 * 1024);
	int rc = http_prom_write(&b);
	rc |= buf_puts(&b,
	               "# HELP hikeshi_incidents_open Open incidents (not closed, exercises excluded) by priority.\n"
	               "# TYPE hikeshi_incidents_open gauge\n");
	rc |= labelled(&b, "hikeshi_incidents_open", "priority", json_object_get(o, "open_incidents"), prios);
	rc |= buf_printf(&b,
	                 "# HELP hikeshi_reports_waiting_triage Reports in state new.\n"
	                 "# TYPE hikeshi_reports_waiting_triage gauge\nhikeshi_reports_waiting_triage %lld\n",
	                 (long long)json_integer_value(json_object_get(o, "reports_waiting_triage")));
	rc |= buf_printf(&b,
	                 "# HELP hikeshi_outbox_depth Notifications queued for sending.\n"
	                 "# TYPE hikeshi_outbox_depth gauge\nhikeshi_outbox_depth %lld\n"
	                 "# HELP hikeshi_outbox_failed Notifications that failed after the last attempt.\n"
	                 "# TYPE hikeshi_outbox_failed gauge\nhikeshi_outbox_failed %lld\n",
	                 (long long)json_integer_value(json_object_get(outbox, "queued")),
	                 (long long)json_integer_value(json_object_get(outbox, "failed")));
	rc |= buf_puts(&b, "# HELP hikeshi_outbox_messages Outbox rows by state.\n"
	                   "# TYPE hikeshi_outbox_messages gauge\n");
	rc |= labelled(&b, "hikeshi_outbox_messages", "state", outbox, states);
	rc |= buf_puts(&b, "# HELP hikeshi_sla_breaches_total SLA breaches recorded, by target.\n"
	                   "# TYPE hikeshi_sla_breaches_total counter\n");
	rc |= labelled(&b, "hikeshi_sla_breaches_total", "target", json_object_get(o, "sla_breaches"), targets);
	rc |= buf_printf(&b,
	                 "# HELP hikeshi_report_schedules_failing Enabled report schedules whose last run failed "
	                 "(retried with a growing delay).\n"
	                 "# TYPE hikeshi_report_schedules_failing gauge\nhikeshi_report_schedules_failing %lld\n",
	                 (long long)json_integer_value(json_object_get(o, "report_schedules_failing")));
	app_result_free(&r);
	if (rc) {
		buf_free(&b);
		http_problem(rs, 500, "internal", "the metrics could not be written", NULL);
		return;
	}
	rs->status = 200;
	rs->raw_len = b.len;
	rs->raw_owned = buf_steal(&b);
	rs->raw = rs->raw_owned;
	rs->raw_type = "text/plain; version=0.0.4; charset=utf-8";
}
