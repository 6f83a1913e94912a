/*
 * HTTP handlers for the build tracker (/api/v1/build...): read by any
 * user; phases, checklist items and deliverable documents changed by
 * handlers and admins. Shape checks here; rules and writes in app/build.c.
 * A deliverable is read as JSON (the default), Markdown or PDF
 * (?format=md|pdf, TLP:AMBER), the latest version or ?version=N.
 */
#include "app/build.h"
#include "app/docpdf.h"
#include "http/http.h"
#include "http/routes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const no_params[] = {NULL};
static const char *const statuses[] = {"not_started", "in_progress", "done", NULL};

static const struct field_spec phase_spec[] = {
        {"status", FT_STRING, 1, 16, 0, 0, statuses},       {"owner_id", FT_ID, 0, 0, 1, 0, NULL},
        {"start_date", FT_STRING, 10, 10, 1, 0, NULL},      {"due_date", FT_STRING, 10, 10, 1, 0, NULL},
        {"notes", FT_TEXT, 0, BUILD_NOTES_MAX, 1, 0, NULL}, {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const struct field_spec item_spec[] = {
        {"done", FT_BOOL, 0, 0, 0, 1, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const struct field_spec document_spec[] = {
        {"body_md", FT_TEXT, 0, BUILD_DOCUMENT_MAX, 0, 0, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

void api_build_get(struct http_req *rq, struct http_resp *rs)
{
	http_call(rq, rs, ROLE_VIEWER, app_build_get, 200);
}

void api_build_phase_update(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t version;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, phase_spec, 0, rs) == 0 && http_if_match(rq, rs, &version) == 0) {
		app_result_init(&r);
		app_build_phase_update(&rq->app, rq->params[0], version, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

void api_build_item_put(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, item_spec, 1, rs) == 0) {
		app_result_init(&r);
		app_build_item_set(&rq->app, rq->params[0], rq->params[1], json_is_true(json_object_get(in, "done")),
		                   &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

/* ?version=N (a positive integer) into *version, 0 when absent; -1 with
 * a 400. */
static int version_param(struct http_req *rq, struct http_resp *rs, int64_t *version)
{
	const char *v = http_query(rq, "version");
	char *end;
	*version = 0;
	if (!v)
		return 0;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n < 1 || v[0] == '+' || v[0] == ' ') {
		http_problem_field(rs, 400, "invalid-parameter", "version", "must be a version number (1, 2, ...)");
		return -1;
	}
	*version = n;
	return 0;
}

/* The deliverable in r as Markdown or PDF (TLP:AMBER: an internal
 * document); takes r. */
static void document_file(struct http_req *rq, struct http_resp *rs, const char *format, const char *lang,
                          struct app_result *r)
{
	const json_t *o = r->object;
	const char *md = json_string_value(json_object_get(o, "body_md"));
	const char *name = json_string_value(json_object_get(o, strcmp(lang, "en") == 0 ? "name_en" : "name_ja"));
	long long v = (long long)json_integer_value(json_object_get(o, "version"));
	char ascii[160], utf8[600], sub[600];
	snprintf(ascii, sizeof(ascii), "%s-%s-v%lld.%s", rq->params[0], rq->params[1], v, format);
	snprintf(utf8, sizeof(utf8), "%s-v%lld.%s", name ? name : "", v, format);
	if (strcmp(format, "md") == 0) {
		char *body = strdup(md ? md : "");
		app_result_free(r);
		if (!body) {
			http_problem(rs, 500, "internal", "out of memory", NULL);
			return;
		}
		rs->status = 200;
		rs->raw_owned = body;
		rs->raw = body;
		rs->raw_len = strlen(body);
		rs->raw_type = "text/markdown; charset=utf-8";
		rs->disposition = http_disposition(ascii, utf8);
		return;
	}
	if (json_is_true(json_object_get(o, "from_template")))
		snprintf(sub, sizeof(sub),
		         strcmp(lang, "en") == 0 ? "%s — template (no version saved yet)"
		                                 : "%s — テンプレート（未保存）",
		         name ? name : "");
	else
		snprintf(sub, sizeof(sub), strcmp(lang, "en") == 0 ? "%s — version %lld" : "%s — 第 %lld 版",
		         name ? name : "", v);
	struct app_pdf_doc d = {md, name, sub, lang, TLP_AMBER};
	http_pdf(rq, rs, &d, ascii, utf8);
	app_result_free(r);
}

void api_build_document_get(struct http_req *rq, struct http_resp *rs)
{
	static const char *const params[] = {"version", "format", "lang", NULL};
	struct app_result r;
	int64_t version;
	const char *format = http_query(rq, "format"), *lang = http_query(rq, "lang");
	if (http_query_check(rq, params, rs) < 0 || version_param(rq, rs, &version) < 0)
		return;
	if (format && strcmp(format, "json") != 0 && strcmp(format, "md") != 0 && strcmp(format, "pdf") != 0) {
		http_problem_field(rs, 400, "invalid-parameter", "format", "must be json, md or pdf");
		return;
	}
	if (lang && strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0) {
		http_problem_field(rs, 400, "invalid-parameter", "lang", "must be ja or en");
		return;
	}
	app_result_init(&r);
	if (app_build_document_get(&rq->app, rq->params[0], rq->params[1], version, &r) < 0 || !format ||
	    strcmp(format, "json") == 0) {
		http_reply(rs, &r, 200);
		return;
	}
	document_file(rq, rs, format, lang ? lang : "ja", &r);
}

void api_build_document_post(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, document_spec, 1, rs) == 0) {
		app_result_init(&r);
		if (app_build_document_add(&rq->app, rq->params[0], rq->params[1], in, &r) == 0)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/build/phases/%s/documents/%s",
			         rq->params[0], rq->params[1]);
		http_reply(rs, &r, 201);
	}
	json_decref(in);
}
