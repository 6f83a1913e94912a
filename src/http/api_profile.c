/*
 * HTTP handlers for the team profile (/api/v1/team-profile: read by any
 * user, replaced by an admin with If-Match) and the documents generated
 * from it (/api/v1/documents/rfc2350 and /api/v1/documents/announcement:
 * any user; lang=ja|en, format=md|html|json|pdf, md by default; see
 * http_document in document.c). Both are public documents: their PDF
 * carries TLP:CLEAR.
 */
#include "app/profile.h"
#include "core/rfc2350.h"
#include "http/http.h"
#include "http/routes.h"

#include <stdlib.h>
#include <string.h>

static const char *const no_params[] = {NULL};

/* Shape of the PUT body: {profile: {name: string, ...}}; the members'
 * names and contents are the app's to check (422 naming profile.<name>). */
static int profile_shape(const json_t *in, struct http_resp *rs)
{
	return http_body_only_object(in, "profile", "an object of text members", rs);
}

void api_team_profile_get(struct http_req *rq, struct http_resp *rs)
{
	http_call(rq, rs, ROLE_VIEWER, app_profile_get, 200);
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

static int profile_doc(const struct app_ctx *ctx, const char *lang, const void *arg, struct app_result *r)
{
	return app_profile_document(ctx, *(const enum app_document *)arg, lang, r);
}

void api_document_rfc2350(struct http_req *rq, struct http_resp *rs)
{
	static const enum app_document which = APP_DOC_RFC2350;
	http_document(rq, rs,
	              &(struct http_doc){"rfc2350", "CSIRT 記述書（RFC 2350）", "CSIRT Description (RFC 2350)", "md",
	                                 profile_doc, &which, "CLEAR"});
}

void api_document_announcement(struct http_req *rq, struct http_resp *rs)
{
	static const enum app_document which = APP_DOC_ANNOUNCEMENT;
	http_document(rq, rs,
	              &(struct http_doc){"announcement", "CSIRT 設置のお知らせ", "Announcing our CSIRT", "md",
	                                 profile_doc, &which, "CLEAR"});
}
