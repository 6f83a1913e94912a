/*
 * /api/v1/reports: receive, read, triage and link reports, and the report
 * list with its filters. This file checks the shape of requests (fields,
 * types, lengths, query parameters, roles) and leaves the rules (scope,
 * TLP, states, references) to app/report.c.
 */
#include "app/report.h"
#include "core/report_state.h"
#include "core/validate.h"
#include "http/export.h"
#include "http/http.h"
#include "lib/cursor.h"
#include "lib/timeutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_Q_MAX 1000 /* bytes of a search query */

static const char *const channels[] = {"email", "web", "api", "soc", "phone", NULL};
/* "linked" is refused by app/report.c with a pointer to the link endpoint */
static const char *const states[] = {"new", "triaged", "linked", "rejected", NULL};
static const char *const reasons[] = {"false_positive", "spam", "out_of_scope", "duplicate", NULL};

static const struct field_spec create_spec[] = {
        {"channel", FT_STRING, 1, 16, 0, 0, channels},       {"reporter_name", FT_STRING, 0, 200, 1, 0, NULL},
        {"reporter_address", FT_STRING, 0, 320, 1, 0, NULL}, {"reporter_org_unit_id", FT_ID, 0, 0, 1, 0, NULL},
        {"received_at", FT_TIME, 0, 0, 1, 0, NULL},          {"subject", FT_STRING, 1, 998, 0, 1, NULL},
        {"body", FT_TEXT, 0, HTTP_BODY_MAX, 1, 0, NULL},     {"tlp", FT_STRING, 1, 20, 0, 0, http_enum_tlp},
        {"constituency_id", FT_ID, 0, 0, 1, 0, NULL},        {NULL, 0, 0, 0, 0, 0, NULL},
};

static const struct field_spec update_spec[] = {
        {"reporter_name", FT_STRING, 0, 200, 1, 0, NULL},      {"reporter_address", FT_STRING, 0, 320, 1, 0, NULL},
        {"reporter_org_unit_id", FT_ID, 0, 0, 1, 0, NULL},     {"subject", FT_STRING, 1, 998, 0, 0, NULL},
        {"body", FT_TEXT, 0, HTTP_BODY_MAX, 1, 0, NULL},       {"tlp", FT_STRING, 1, 20, 0, 0, http_enum_tlp},
        {"constituency_id", FT_ID, 0, 0, 1, 0, NULL},          {"state", FT_STRING, 1, 16, 0, 0, states},
        {"rejection_reason", FT_STRING, 1, 32, 1, 0, reasons}, {NULL, 0, 0, 0, 0, 0, NULL},
};

static const struct field_spec link_spec[] = {
        {"incident_id", FT_ID, 0, 0, 0, 1, NULL},
        {NULL, 0, 0, 0, 0, 0, NULL},
};

static const char *const no_params[] = {NULL};
static const char *const list_params[] = {"state",       "channel", "constituency", "incident", "received_from",
                                          "received_to", "q",       "sort",         "limit",    "cursor",
                                          "format",      NULL};

/* The {id} path parameter (an id or a key; app/report.c resolves it). */
static const char *path_ref(struct http_req *rq)
{
	return rq->nparams > 0 && rq->params[0] ? rq->params[0] : "";
}

/* A positive integer query value; 0 / -1 (400 naming the parameter). */
static int query_id(struct http_req *rq, struct http_resp *rs, const char *name, int64_t *out)
{
	const char *s = http_query(rq, name);
	*out = 0;
	if (!s)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 1) {
		http_problem_field(rs, 400, "invalid-parameter", name, "must be a positive integer id");
		return -1;
	}
	*out = v;
	return 0;
}

/* An RFC 3339 query value; 0 / -1 (400 naming the parameter). */
static int query_time(struct http_req *rq, struct http_resp *rs, const char *name, int *has, int64_t *out)
{
	const char *s = http_query(rq, name);
	*has = 0;
	if (!s)
		return 0;
	if (time_parse(s, out) < 0) {
		http_problem_field(rs, 400, "invalid-parameter", name,
		                   "must be an RFC 3339 time like 2026-11-22T15:30:00+09:00");
		return -1;
	}
	*has = 1;
	return 0;
}

/* Splits a comma-separated query value into canonical names using parse
 * (which returns the static name for a valid value, NULL otherwise). out
 * holds up to APP_REPORT_FILTER_MAX names and a NULL. 0 / -1 (400). */
static int query_names(struct http_req *rq, struct http_resp *rs, const char *name,
                       const char *(*parse)(const char *, size_t), const char *allowed, const char **out)
{
	const char *s = http_query(rq, name);
	size_t n = 0;
	out[0] = NULL;
	if (!s)
		return 0;
	while (*s) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		const char *canon = parse(s, len);
		if (!canon || n >= APP_REPORT_FILTER_MAX) {
			http_problem_field(rs, 400, "invalid-parameter", name, "must be a comma-separated list of %s",
			                   allowed);
			return -1;
		}
		out[n++] = canon;
		out[n] = NULL;
		s += len + (comma ? 1 : 0);
	}
	return 0;
}

/* Copies a slice into a small NUL-terminated buffer; 0 / -1 when too long. */
static int slice(const char *s, size_t len, char *buf, size_t buflen)
{
	if (len >= buflen)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return 0;
}

static const char *state_name_of(const char *s, size_t len)
{
	char buf[16];
	enum report_state st;
	if (slice(s, len, buf, sizeof(buf)) < 0 || report_state_parse(buf, &st) < 0)
		return NULL;
	return report_state_name(st);
}

static const char *channel_name_of(const char *s, size_t len)
{
	char buf[16];
	enum report_channel ch;
	if (slice(s, len, buf, sizeof(buf)) < 0 || report_channel_parse(buf, &ch) < 0)
		return NULL;
	return report_channel_name(ch);
}

/* Fills p from the query string; -1 with rs filled (400) on a bad value. */
static int list_params_parse(struct http_req *rq, struct http_resp *rs, struct app_report_list_params *p)
{
	const char *cursor;
	memset(p, 0, sizeof(*p));
	if (http_query_check(rq, list_params, rs) < 0 || http_page_params(rq, rs, &p->limit, &cursor) < 0 ||
	    query_names(rq, rs, "state", state_name_of, "new, triaged, linked, rejected", p->states) < 0 ||
	    query_names(rq, rs, "channel", channel_name_of, "email, web, api, soc, phone", p->channels) < 0 ||
	    query_id(rq, rs, "constituency", &p->constituency_id) < 0 ||
	    query_id(rq, rs, "incident", &p->incident_id) < 0 ||
	    query_time(rq, rs, "received_from", &p->has_received_from, &p->received_from) < 0 ||
	    query_time(rq, rs, "received_to", &p->has_received_to, &p->received_to) < 0)
		return -1;
	p->q = http_query(rq, "q");
	if (p->q && (strlen(p->q) > REPORT_Q_MAX || validate_utf8(p->q, strlen(p->q)) < 0)) {
		http_problem_field(rs, 400, "invalid-parameter", "q", "must be up to %d bytes of UTF-8 text",
		                   REPORT_Q_MAX);
		return -1;
	}
	const char *sort = http_query(rq, "sort");
	p->descending = 1; /* default -received_at: the newest first */
	if (sort) {
		p->descending = sort[0] == '-';
		const char *field = sort + (sort[0] == '-' || sort[0] == '+');
		if (strcmp(field, "received_at") == 0)
			p->sort_created = 0;
		else if (strcmp(field, "created_at") == 0)
			p->sort_created = 1;
		else {
			http_problem_field(rs, 400, "invalid-parameter", "sort",
			                   "must be received_at or created_at, with - for descending");
			return -1;
		}
	}
	if (cursor) {
		char val[32];
		char *end;
		if (cursor_decode(cursor, val, sizeof(val), &p->after_id) < 0)
			goto bad_cursor;
		errno = 0;
		long long v = strtoll(val, &end, 10);
		if (errno || end == val || *end)
			goto bad_cursor;
		p->after_value = v;
		p->has_after = 1;
	}
	return 0;
bad_cursor:
	http_problem_field(rs, 400, "invalid-parameter", "cursor", "is not a cursor this server issued");
	return -1;
}

void api_reports_list(struct http_req *rq, struct http_resp *rs)
{
	struct app_report_list_params p;
	if (list_params_parse(rq, rs, &p) < 0)
		return;
	enum export_format fmt = EXPORT_JSON;
	if (http_query(rq, "format") && export_format_parse(http_query(rq, "format"), &fmt) != 0) {
		http_problem_field(rs, 400, "invalid-parameter", "format", "must be json, csv or xlsx");
		return;
	}
	if (fmt != EXPORT_JSON) {
		export_reports(rq, rs, &p, fmt);
		return;
	}
	struct app_result r;
	app_result_init(&r);
	app_report_list(&rq->app, &p, &r);
	http_reply_list(rs, &r);
}

void api_reports_create(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_HANDLER) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (http_validate(in, create_spec, 1, rs) == 0) {
		struct app_result r;
		app_result_init(&r);
		if (app_report_create(&rq->app, in, &r) == APP_OK)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/reports/%lld",
			         (long long)json_integer_value(json_object_get(r.object, "id")));
		http_reply(rs, &r, 201);
	}
	json_decref(in);
}

void api_reports_get(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_report_get(&rq->app, path_ref(rq), &r);
	http_reply(rs, &r, 200);
}

void api_reports_update(struct http_req *rq, struct http_resp *rs)
{
	int64_t version;
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_HANDLER) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (http_validate(in, update_spec, 0, rs) == 0 && http_if_match(rq, rs, &version) == 0) {
		struct app_result r;
		app_result_init(&r);
		app_report_update(&rq->app, path_ref(rq), version, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

void api_reports_link(struct http_req *rq, struct http_resp *rs)
{
	int64_t version = 0; /* If-Match is optional here: linking is idempotent */
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_HANDLER) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (http_validate(in, link_spec, 1, rs) == 0 &&
	    (!http_header(rq, "If-Match") || http_if_match(rq, rs, &version) == 0)) {
		struct app_result r;
		app_result_init(&r);
		int64_t incident = (int64_t)json_integer_value(json_object_get(in, "incident_id"));
		app_report_link(&rq->app, path_ref(rq), incident, version, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}
