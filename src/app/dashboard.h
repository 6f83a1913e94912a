/*
 * The dashboard's charts (issue 7, items 2 and 5): the charts of the
 * periodic reports, one at a time, from the same metrics and the same
 * builders (report/compose.h), drawn by the same code (report/chart.h) as
 * SVG or PNG for the web UI.
 *
 * Access is that of GET /api/v1/metrics: any signed-in user, counting
 * only what the user may see (constituencies, TLP clearance).
 */
#ifndef HIKESHI_APP_DASHBOARD_H
#define HIKESHI_APP_DASHBOARD_H

#include "app/app.h"

#include <stddef.h>

/* Raw parameters (NULL = default). */
struct app_chart_query {
	const char *name;         /* category, priority, constituency, channel, trend, ageing, sla */
	const char *period;       /* as app_metrics_query; default the current month */
	const char *constituency; /* an id */
	const char *lang;         /* ja (default), en */
	const char *format;       /* svg (default), png */
};

/* The chart of q into r->object: {"name", "lang", "format", "chart":
 * the model's chart object}. Unknown name: APP_NOT_FOUND; bad period,
 * constituency, lang or format: field errors. 0 / -1. */
int app_dashboard_chart(const struct app_ctx *ctx, const struct app_chart_query *q, struct app_result *r);

/* Draws the object of app_dashboard_chart: *out (malloc'd) of *len bytes
 * and *content_type (static). 0, or -1 with r->err set. */
int app_dashboard_chart_render(const json_t *chart, char **out, size_t *len, const char **content_type,
                               struct app_result *r);

#endif
