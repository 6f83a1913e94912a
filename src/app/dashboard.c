/*
 * The dashboard's charts (see dashboard.h): the metrics of the period and,
 * for the trend, the monthly series, exactly as the periodic report reads
 * them (app/periodic.c), then one chart of the report model.
 */
#include "app/dashboard.h"
#include "app/metrics.h"
#include "report/compose.h"
#include "report/render.h"

#include <stdlib.h>
#include <string.h>

static int known(const char *name)
{
	for (size_t i = 0; compose_chart_name(i); i++)
		if (name && strcmp(name, compose_chart_name(i)) == 0)
			return 1;
	return 0;
}

int app_dashboard_chart(const struct app_ctx *ctx, const struct app_chart_query *q, struct app_result *r)
{
	json_t *metrics, *series = NULL;
	if (!known(q->name))
		return app_fail(r, APP_NOT_FOUND, "there is no chart of that name");
	if (q->lang && strcmp(q->lang, "ja") && strcmp(q->lang, "en"))
		app_field_error(r, "lang", "must be ja or en");
	if (q->format && strcmp(q->format, "svg") && strcmp(q->format, "png"))
		app_field_error(r, "format", "must be svg or png");
	if (r->err != APP_OK)
		return -1;
	struct app_metrics_query mq = {q->period, NULL, NULL, q->constituency};
	if (app_metrics_get(ctx, &mq, r) < 0)
		return -1;
	metrics = r->object;
	r->object = NULL;
	if (strcmp(q->name, "trend") == 0) {
		if (app_metrics_series(ctx, "incidents", "12", q->constituency, r) < 0) {
			json_decref(metrics);
			return -1;
		}
		series = r->object;
		r->object = NULL;
	}
	const char *lang = q->lang ? q->lang : "ja";
	json_t *labels = compose_labels_of(metrics);
	struct compose_input in = {
	        .audience = COMPOSE_TEAM, .lang = lang, .metrics = metrics, .series = series, .labels = labels};
	json_t *chart = compose_chart(&in, q->name);
	json_decref(metrics);
	json_decref(series);
	json_decref(labels);
	if (!chart)
		return app_fail(r, APP_INTERNAL, "out of memory");
	r->object = json_pack("{s:s,s:s,s:s,s:o}", "name", q->name, "lang", lang, "format",
	                      q->format ? q->format : "svg", "chart", chart);
	return r->object ? 0 : app_fail(r, APP_INTERNAL, "out of memory");
}

int app_dashboard_chart_render(const json_t *o, char **out, size_t *len, const char **content_type,
                               struct app_result *r)
{
	char err[512];
	const char *fmt = json_string_value(json_object_get(o, "format"));
	const char *lang = json_string_value(json_object_get(o, "lang"));
	int png = fmt && strcmp(fmt, "png") == 0;
	if (report_render_chart(json_object_get(o, "chart"), lang && strcmp(lang, "en") == 0, png, out, len, err,
	                        sizeof(err)) < 0)
		return app_fail(r, APP_INTERNAL, "the chart could not be drawn%s%s", err[0] ? ": " : "", err);
	*content_type = png ? "image/png" : "image/svg+xml";
	return 0;
}
