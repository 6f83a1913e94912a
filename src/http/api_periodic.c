/*
 * The periodic report over HTTP (issue 7, items 2 and 4):
 *
 *   GET  /api/v1/periodic-report?period=&audience=&format=&lang=&constituency=
 *   POST /api/v1/periodic-report  {period, audience, format, lang,
 *                                  constituency, topics: [str, ...]}
 *
 * Both answer the rendered report (PDF, HTML, CSV, or the model as JSON)
 * as an attachment. POST exists for the meeting pack, whose security topics
 * are entered freely: one string per topic, at most PERIODIC_TOPICS items
 * of PERIODIC_TOPIC_MAX bytes each. Rights and scope are app/periodic.h's.
 */
#include "app/periodic.h"
#include "core/validate.h"
#include "http/http.h"
#include "http/routes.h"
#include "lib/buf.h"
#include "lib/timeutil.h"
#include "report/metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PERIODIC_TOPICS    30   /* topics of one meeting */
#define PERIODIC_TOPIC_MAX 2000 /* bytes of one topic: a few paragraphs */
#define STR_(x)            #x
#define STR(x)             STR_(x)

/* An HTML report opened from the download: its inline CSS and SVG only. */
static const char html_csp[] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/* Answers the rendered report, or the app's error (query errors as 400
 * for GET, field errors as 422 for POST). */
static void answer(struct http_req *rq, struct http_resp *rs, const struct app_periodic_req *q, int from_query)
{
	struct app_result r;
	char *out = NULL, disp[160], label[48];
	size_t len = 0;
	const char *type, *ext;
	app_result_init(&r);
	if (app_periodic_report(&rq->app, q, &out, &len, &type, &ext, &r) < 0) {
		if (from_query)
			http_reply_list(rs, &r);
		else
			http_reply(rs, &r, 200);
		return;
	}
	app_result_free(&r);
	if (q->period) {
		snprintf(label, sizeof(label), "%s", q->period); /* checked: digits, '-', Q or H */
	} else {
		struct metrics_period p;
		metrics_period_month_of(time_now(), 1, &p); /* the default: last month */
		snprintf(label, sizeof(label), "%s", p.label);
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"hikeshi-%s-%s-%s.%s\"",
	         q->audience ? q->audience : "management", label, q->lang ? q->lang : "ja", ext);
	rs->status = 200;
	rs->raw_owned = out;
	rs->raw = out;
	rs->raw_len = len;
	rs->raw_type = type;
	rs->disposition = strdup(disp);
	if (strcmp(ext, "html") == 0)
		rs->csp = html_csp;
}

void api_periodic_report_get(struct http_req *rq, struct http_resp *rs)
{
	static const char *const params[] = {"period", "audience", "format", "lang", "constituency", NULL};
	if (http_query_check(rq, params, rs) < 0)
		return;
	struct app_periodic_req q = {http_query(rq, "period"), http_query(rq, "audience"),     http_query(rq, "format"),
	                             http_query(rq, "lang"),   http_query(rq, "constituency"), NULL};
	answer(rq, rs, &q, 1);
}

/* Appends topic t to b as one paragraph: CR dropped, blank lines inside it
 * folded into one line break (a blank line separates topics), leading and
 * trailing white space trimmed. 0 when something was appended, 1 when the
 * topic is blank, -1 when b is full. */
static int add_topic(struct buf *b, const char *t)
{
	size_t start = b->len;
	const char *end = t + strlen(t);
	while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
		t++;
	while (end > t && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (t == end)
		return 1;
	if (start && buf_puts(b, "\n\n") < 0)
		return -1;
	for (; t < end; t++) {
		if (*t == '\r' || (*t == '\n' && b->len > start && b->data[b->len - 1] == '\n'))
			continue;
		if (buf_append(b, t, 1) < 0)
			return -1;
	}
	return 0;
}

/* The topics array as one text (one topic per paragraph) into b; field
 * errors appended to errors. */
static void join_topics(const json_t *topics, struct buf *b, json_t *errors)
{
	char field[32];
	size_t i;
	json_t *t;
	if (!json_is_array(topics)) {
		json_array_append_new(errors, json_pack("{s:s,s:s}", "field", "topics", "message",
		                                        "must be an array of strings, one per topic"));
		return;
	}
	if (json_array_size(topics) > PERIODIC_TOPICS) {
		json_array_append_new(errors, json_pack("{s:s,s:s}", "field", "topics", "message",
		                                        "at most " STR(PERIODIC_TOPICS) " topics"));
		return;
	}
	json_array_foreach(topics, i, t)
	{
		snprintf(field, sizeof(field), "topics[%zu]", i);
		int rc = json_is_string(t) && validate_text_n(json_string_value(t), json_string_length(t), 1,
		                                              PERIODIC_TOPIC_MAX, 1) == 0
		                 ? add_topic(b, json_string_value(t))
		                 : 1;
		if (rc != 0)
			json_array_append_new(
			        errors, json_pack("{s:s,s:s}", "field", field, "message",
			                          "must be 1 to " STR(PERIODIC_TOPIC_MAX) " bytes of text, not blank"));
	}
}

void api_periodic_report_post(struct http_req *rq, struct http_resp *rs)
{
	static const struct field_spec spec[] = {
	        {"period", FT_STRING, 1, 16, 1, 0, NULL},  {"audience", FT_STRING, 1, 16, 1, 0, NULL},
	        {"format", FT_STRING, 1, 8, 1, 0, NULL},   {"lang", FT_STRING, 1, 8, 1, 0, NULL},
	        {"constituency", FT_ID, 0, 0, 1, 0, NULL}, {NULL, 0, 0, 0, 0, 0, NULL},
	};
	static const char *const no_params[] = {NULL};
	char cid[24];
	struct buf topics;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	json_t *scalars = json_copy(in);
	json_object_del(scalars, "topics");
	int bad = http_validate(scalars, spec, 1, rs);
	json_decref(scalars);
	if (bad < 0) {
		json_decref(in);
		return;
	}
	buf_init(&topics, APP_PERIODIC_TOPICS_MAX);
	json_t *errors = json_array();
	if (json_object_get(in, "topics") && !json_is_null(json_object_get(in, "topics")))
		join_topics(json_object_get(in, "topics"), &topics, errors);
	if (json_array_size(errors)) {
		http_problem(rs, 422, "validation", "topics: each topic is a non-blank string", errors);
		buf_free(&topics);
		json_decref(in);
		return;
	}
	json_decref(errors);
	const json_t *c = json_object_get(in, "constituency");
	if (json_is_integer(c))
		snprintf(cid, sizeof(cid), "%lld", (long long)json_integer_value(c));
	struct app_periodic_req q = {json_string_value(json_object_get(in, "period")),
	                             json_string_value(json_object_get(in, "audience")),
	                             json_string_value(json_object_get(in, "format")),
	                             json_string_value(json_object_get(in, "lang")),
	                             json_is_integer(c) ? cid : NULL,
	                             topics.len ? topics.data : NULL};
	answer(rq, rs, &q, 0);
	buf_free(&topics);
	json_decref(in);
}
