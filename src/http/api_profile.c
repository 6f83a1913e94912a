/*
 * HTTP handlers for the team profile (/api/v1/team-profile: read by any
 * user, replaced by an admin with If-Match) and the documents generated
 * from it (/api/v1/documents/rfc2350 and /api/v1/documents/announcement:
 * any user; lang=ja|en, format=md|html).
 *
 * format=md (the default) answers text/markdown; format=json the object
 * {lang, markdown, html}; format=html answers a complete HTML page (the safe rendering of that Markdown) under a strict
 * Content-Security-Policy, to open in a browser or save. Both are sent as
 * downloads' content with an inline Content-Disposition naming the file.
 */
#include "app/profile.h"
#include "core/rfc2350.h"
#include "http/http.h"
#include "http/routes.h"

#include <stdlib.h>
#include <string.h>

#define DOCUMENT_CSP "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

static const char *const no_params[] = {NULL};
static const char *const doc_params[] = {"lang", "format", NULL};

/* Shape of the PUT body: {profile: {name: string, ...}}; the members'
 * names and contents are the app's to check (422 naming profile.<name>). */
static int profile_shape(const json_t *in, struct http_resp *rs)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)in, k, v)
	{
		if (strcmp(k, "profile") != 0) {
			http_problem_field(rs, 400, "unknown-field", k, "only \"profile\" may be given");
			return -1;
		}
	}
	if (!json_is_object(json_object_get(in, "profile"))) {
		http_problem_field(rs, 422, "validation", "profile", "is required: an object of text members");
		return -1;
	}
	return 0;
}

void api_team_profile_get(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_profile_get(&rq->app, &r);
	http_reply(rs, &r, 200);
}

void api_team_profile_put(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t version;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (profile_shape(in, rs) == 0 && http_if_match(rq, rs, &version) == 0) {
		app_result_init(&r);
		app_profile_put(&rq->app, version, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

/* lang and format from the query (lang defaults to ja; format json, md or
 * html, absent = def); 0, or -1 with a 400. */
static int doc_query(struct http_req *rq, struct http_resp *rs, const char **lang, const char **format, const char *def)
{
	const char *l = http_query(rq, "lang"), *f = http_query(rq, "format");
	if (http_query_check(rq, doc_params, rs) < 0)
		return -1;
	if (l && strcmp(l, "ja") != 0 && strcmp(l, "en") != 0) {
		http_problem_field(rs, 400, "invalid-parameter", "lang", "must be ja or en");
		return -1;
	}
	if (f && strcmp(f, "md") != 0 && strcmp(f, "html") != 0 && strcmp(f, "json") != 0) {
		http_problem_field(rs, 400, "invalid-parameter", "format", "must be json, md or html");
		return -1;
	}
	*lang = l ? l : "ja";
	*format = f ? f : def;
	return 0;
}

void http_document(struct http_req *rq, struct http_resp *rs, const struct http_doc *d)
{
	struct app_result r;
	const char *lang, *format;
	char disp[128];
	if (doc_query(rq, rs, &lang, &format, d->default_format) < 0)
		return;
	app_result_init(&r);
	if (d->build(&rq->app, lang, d->arg, &r) < 0 || strcmp(format, "json") == 0) {
		http_reply(rs, &r, 200);
		return;
	}
	int html = strcmp(format, "html") == 0;
	char *body = html ? rfc2350_html_page(lang, strcmp(lang, "en") == 0 ? d->title_en : d->title_ja,
	                                      json_string_value(json_object_get(r.object, "html")))
	                  : strdup(json_string_value(json_object_get(r.object, "markdown")));
	app_result_free(&r);
	if (!body) {
		http_problem(rs, 500, "internal", "the document could not be built", NULL);
		return;
	}
	snprintf(disp, sizeof(disp), "inline; filename=\"%s-%s.%s\"", d->name, lang, html ? "html" : "md");
	rs->status = 200;
	rs->raw_owned = body;
	rs->raw = body;
	rs->raw_len = strlen(body);
	rs->raw_type = html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8";
	rs->disposition = strdup(disp);
	if (html)
		rs->csp = DOCUMENT_CSP;
}

static int profile_doc(const struct app_ctx *ctx, const char *lang, const void *arg, struct app_result *r)
{
	return app_profile_document(ctx, *(const enum app_document *)arg, lang, r);
}

void api_document_rfc2350(struct http_req *rq, struct http_resp *rs)
{
	static const enum app_document which = APP_DOC_RFC2350;
	http_document(rq, rs,
	              &(struct http_doc){"rfc2350", "CSIRT 記述書（RFC 2350）", "CSIRT Description (RFC 2350)", "md",
	                                 profile_doc, &which});
}

void api_document_announcement(struct http_req *rq, struct http_resp *rs)
{
	static const enum app_document which = APP_DOC_ANNOUNCEMENT;
	http_document(rq, rs,
	              &(struct http_doc){"announcement", "CSIRT 設置のお知らせ", "Announcing our CSIRT", "md",
	                                 profile_doc, &which});
}
