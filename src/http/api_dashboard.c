/*
 * GET /api/v1/metrics/charts/{name} (issue 7, items 2 and 5): one chart of
 * the periodic reports as SVG (default) or PNG for the web dashboard.
 *
 * The answer is fingerprinted before it is drawn: the ETag is a hash of the
 * chart's model (figures, labels, language) and the format, so a browser
 * revalidating with If-None-Match gets 304 without the chart being drawn
 * again. Cache-Control "private, no-cache": the figures are the user's
 * (scope) and change with every incident, so the browser keeps the image
 * but asks each time.
 *
 * The SVG holds no script and no external reference; cairo writes its text
 * as glyph outlines, and the only text of ours, <title> and <desc>, is
 * XML-escaped (report/chart.c). It is served under its own CSP (inline
 * styles only) for when it is opened directly.
 */
#include "app/dashboard.h"
#include "http/http.h"
#include "http/routes.h"
#include "lib/secret.h"

#include <stdlib.h>
#include <string.h>

#define CHART_RENDERER "hikeshi-chart-1" /* bump when the drawing changes: old ETags then miss */

static const char svg_csp[] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/* A 32-hex-digit fingerprint of the chart object o into etag. 0 / -1. */
static int fingerprint(const json_t *o, char etag[40])
{
	json_t *k = json_pack("{s:s,s:O}", "renderer", CHART_RENDERER, "chart", o);
	char *js = k ? json_dumps(k, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char hex[65];
	json_decref(k);
	if (!js)
		return -1;
	secret_sha256_hex(js, strlen(js), hex);
	free(js);
	memcpy(etag, hex, 32);
	etag[32] = '\0';
	return 0;
}

/* 1 when If-None-Match names etag (or is "*"). */
static int not_modified(struct http_req *rq, const char *etag)
{
	const char *h = http_header(rq, "If-None-Match");
	char quoted[48];
	if (!h)
		return 0;
	snprintf(quoted, sizeof(quoted), "\"%s\"", etag);
	return strstr(h, quoted) != NULL || strcmp(h, "*") == 0;
}

void api_metrics_chart(struct http_req *rq, struct http_resp *rs)
{
	static const char *const params[] = {"period", "constituency", "lang", "format", NULL};
	struct app_result r;
	char *out;
	size_t len;
	const char *type;
	if (http_query_check(rq, params, rs) < 0)
		return;
	struct app_chart_query q = {rq->params[0], http_query(rq, "period"), http_query(rq, "constituency"),
	                            http_query(rq, "lang"), http_query(rq, "format")};
	app_result_init(&r);
	if (app_dashboard_chart(&rq->app, &q, &r) < 0 || fingerprint(r.object, rs->etag) < 0) {
		if (r.err == APP_OK)
			app_fail(&r, APP_INTERNAL, "out of memory");
		http_reply_list(rs, &r);
		return;
	}
	rs->cache_control = "private, no-cache";
	if (not_modified(rq, rs->etag)) {
		app_result_free(&r);
		rs->status = 304;
		rs->raw = "";
		rs->raw_len = 0;
		return;
	}
	if (app_dashboard_chart_render(r.object, &out, &len, &type, &r) < 0) {
		rs->etag[0] = '\0';
		http_reply_list(rs, &r);
		return;
	}
	app_result_free(&r);
	rs->status = 200;
	rs->raw_owned = out;
	rs->raw = out;
	rs->raw_len = len;
	rs->raw_type = type;
	if (strcmp(type, "image/svg+xml") == 0)
		rs->csp = svg_csp;
}
