/*
 * HTTP handlers for the build questionnaire (/api/v1/setup: read by any
 * user, a section saved by an admin with If-Match on the questionnaire's
 * version) and the configuration it writes: the service catalogue, the
 * report schedules, the review calendar (a review marked done by a
 * handler or admin) and the service catalogue document (lang=ja|en;
 * {lang, markdown, html}, or format=md for the Markdown itself).
 * Shape checks here; answer checks in core/setup.c, use cases in app/setup.c.
 */
#include "app/setup.h"
#include "http/http.h"
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const no_params[] = {NULL};

static void simple(struct http_req *rq, struct http_resp *rs, int (*fn)(const struct app_ctx *, struct app_result *))
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	fn(&rq->app, &r);
	http_reply(rs, &r, 200);
}

void api_setup_get(struct http_req *rq, struct http_resp *rs)
{
	simple(rq, rs, app_setup_get);
}

void api_service_catalogue(struct http_req *rq, struct http_resp *rs)
{
	simple(rq, rs, app_service_catalogue);
}

void api_report_schedules(struct http_req *rq, struct http_resp *rs)
{
	simple(rq, rs, app_report_schedules);
}

void api_reviews(struct http_req *rq, struct http_resp *rs)
{
	simple(rq, rs, app_reviews);
}

/* The body is {answers: {...}} and nothing else; 0, or -1 with rs filled. */
static int answers_shape(const json_t *in, struct http_resp *rs)
{
	return http_body_only_object(in, "answers", "an object of question id to answer", rs);
}

void api_setup_section_put(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t version;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (answers_shape(in, rs) == 0 && http_if_match(rq, rs, &version) == 0) {
		app_result_init(&r);
		app_setup_put(&rq->app, rq->params[0], version, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

void api_review_done(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_review_done(&rq->app, rq->params[0], &r);
	http_reply(rs, &r, 200);
}

static int catalogue_doc(const struct app_ctx *ctx, const char *lang, const void *arg, struct app_result *r)
{
	(void)arg;
	return app_setup_catalogue_document(ctx, lang, r);
}

void api_document_service_catalogue(struct http_req *rq, struct http_resp *rs)
{
	http_document(rq, rs,
	              &(struct http_doc){"service-catalogue", "サービスカタログ", "Service catalogue", "json",
	                                 catalogue_doc, NULL});
}
