/*
 * Metrics use cases (issue 7, items 1 and 5): the metrics object of a
 * period for the dashboard and the reports, monthly series for trend
 * charts, and the operational gauges behind Prometheus /metrics.
 *
 * Any signed-in user may read metrics; what is counted is what the user
 * may see, as in the incident list: the user's constituencies (unless
 * all) and TLP labels up to the user's clearance. Exercises never count.
 */
#ifndef HIKESHI_APP_METRICS_H
#define HIKESHI_APP_METRICS_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

/* Raw query parameters (NULL = absent). */
struct app_metrics_query {
	const char *period;       /* 2026-10, 2026-Q3, 2026-H1, 2026 */
	const char *from, *to;    /* instead of period: dates or RFC 3339 */
	const char *constituency; /* an id */
};

/* The caller's scope (report/metrics.h), narrowed to one constituency
 * (an id, or NULL) when asked. 0, or -1 with a field error. */
struct metrics_scope;
int app_metrics_scope(const struct app_ctx *ctx, const char *constituency, struct metrics_scope *s,
                      struct app_result *r);

/* The metrics object (report/metrics.h) into r->object. Without period
 * and from/to: the current month (Asia/Tokyo). */
int app_metrics_get(const struct app_ctx *ctx, const struct app_metrics_query *q, struct app_result *r);

/* {"metric", "unit", "points": [...]} for metric incidents|reports|mttr
 * over `months` (1..60, default 12) months ending with this one. */
int app_metrics_series(const struct app_ctx *ctx, const char *metric, const char *months, const char *constituency,
                       struct app_result *r);

/* Operational gauges over everything (no scope: they describe the
 * service, not incidents): {"reports_waiting_triage": n, "outbox": {state:
 * n}, "sla_breaches": {target: n}, "open_incidents": {priority: n}}. */
int app_metrics_gauges(const struct app_ctx *ctx, struct app_result *r);

#endif
