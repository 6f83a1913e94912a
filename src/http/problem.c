/*
 * Responses and request helpers shared by every handler (see http.h).
 *
 * http_problem() is the only place that builds an error body, so every error
 * the API gives has the same application/problem+json shape (RFC 9457):
 * type, title, status, detail, and errors[] naming the offending fields.
 */
#include "http/http.h"

#include "core/validate.h"
#include "lib/timeutil.h"
#include "http/server.h"

#include <ctype.h>
#include <errno.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROBLEM_BASE "https://hikeshi.dev/problems/"

static const struct {
	const char *slug;
	const char *title;
} titles[] = {
        {"invalid-json", "Request body is not valid JSON"},
        {"invalid-utf8", "Request contains invalid UTF-8"},
        {"too-deep", "JSON nesting too deep"},
        {"validation", "Invalid field values"},
        {"invalid-parameter", "Invalid query parameter"},
        {"unknown-field", "Unknown field"},
        {"payload-too-large", "Request body too large"},
        {"unauthorized", "Authentication required"},
        {"forbidden", "Forbidden"},
        {"csrf", "CSRF token missing or invalid"},
        {"not-found", "Not found"},
        {"method-not-allowed", "Method not allowed"},
        {"conflict", "Conflict"},
        {"precondition-failed", "Precondition failed: the object has changed"},
        {"precondition-required", "Precondition required: send If-Match"},
        {"transition", "Status transition not allowed"},
        {"too-many-requests", "Too many requests"},
        {"unsupported-media-type", "Unsupported media type"},
        {"unavailable", "Service unavailable"},
        {"internal", "Internal server error"},
};

void http_problem(struct http_resp *rs, int status, const char *slug, const char *detail, json_t *errors)
{
	const char *title = "Error";
	char type[128];
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (strcmp(titles[i].slug, slug) == 0)
			title = titles[i].title;
	snprintf(type, sizeof(type), PROBLEM_BASE "%s", slug);
	json_decref(rs->body);
	rs->body = json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title", title, "status", status, "detail",
	                     detail && *detail ? detail : title);
	json_object_set_new(rs->body, "errors", errors ? errors : json_array());
	rs->status = status;
	rs->problem = 1;
	rs->etag[0] = '\0';
	rs->location[0] = '\0';
}

void http_problem_field(struct http_resp *rs, int status, const char *slug, const char *field, const char *fmt, ...)
{
	char msg[512], detail[640];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(detail, sizeof(detail), "%s: %s", field, msg);
	json_t *errors = json_pack("[{s:s, s:s}]", "field", field, "message", msg);
	http_problem(rs, status, slug, detail, errors);
}

void http_app_error(struct http_resp *rs, struct app_result *r)
{
	json_t *errors = r->errors;
	r->errors = NULL;
	switch (r->err) {
	case APP_OK: http_problem(rs, 500, "internal", "handler reported success as an error", errors); break;
	case APP_NOT_FOUND: http_problem(rs, 404, "not-found", r->detail, errors); break;
	case APP_FORBIDDEN: http_problem(rs, 403, "forbidden", r->detail, errors); break;
	case APP_INVALID: http_problem(rs, 422, "validation", r->detail, errors); break;
	case APP_CONFLICT: http_problem(rs, 409, "conflict", r->detail, errors); break;
	case APP_STALE: http_problem(rs, 412, "precondition-failed", r->detail, errors); break;
	case APP_TRANSITION: http_problem(rs, 422, "transition", r->detail, errors); break;
	case APP_UNAVAILABLE: http_problem(rs, 503, "unavailable", r->detail, errors); break;
	case APP_INTERNAL: http_problem(rs, 500, "internal", r->detail, errors); break;
	}
}

void http_json(struct http_resp *rs, int status, json_t *body)
{
	json_decref(rs->body);
	rs->body = body;
	rs->status = status;
	rs->problem = 0;
}

void http_reply(struct http_resp *rs, struct app_result *r, int status)
{
	if (r->err != APP_OK || !r->object) {
		http_app_error(rs, r);
	} else {
		http_etag_from(rs, r->object);
		http_json(rs, status, r->object);
		r->object = NULL;
	}
	app_result_free(r);
}

void http_reply_list(struct http_resp *rs, struct app_result *r)
{
	if (r->err == APP_INVALID) {
		http_problem(rs, 400, "invalid-parameter", r->detail, r->errors);
		r->errors = NULL;
		app_result_free(r);
		return;
	}
	http_reply(rs, r, 200);
}

void http_etag_from(struct http_resp *rs, const json_t *obj)
{
	json_t *v = json_object_get(obj, "version");
	if (json_is_integer(v))
		snprintf(rs->etag, sizeof(rs->etag), "%lld", (long long)json_integer_value(v));
}

/* --- JSON bodies ---------------------------------------------------------- */

static int depth_of(const json_t *v)
{
	int max = 0;
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x)
		{
			int d = depth_of(x);
			if (d > max)
				max = d;
		}
		return max + 1;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			int d = depth_of(x);
			if (d > max)
				max = d;
		}
		return max + 1;
	}
	return 0;
}

/* Counts bracket nesting outside strings without parsing, so a hostile
 * body of a million '[' never reaches the recursive parser. */
static int raw_depth_exceeds(const char *p, size_t n, int limit)
{
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (in_str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = 0;
		} else if (ch == '"') {
			in_str = 1;
		} else if (ch == '{' || ch == '[') {
			if (++depth > limit)
				return 1;
		} else if (ch == '}' || ch == ']') {
			depth--;
		}
	}
	return 0;
}

json_t *http_json_body(struct http_req *rq, struct http_resp *rs)
{
	const char *ct = http_header(rq, "Content-Type");
	if (rq->body_too_large) {
		char d[96];
		snprintf(d, sizeof(d), "request body is larger than %zu KiB", rq->body_max / 1024);
		http_problem(rs, 413, "payload-too-large", d, NULL);
		return NULL;
	}
	if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' ')) {
		http_problem(rs, 415, "unsupported-media-type", "send the body as application/json", NULL);
		return NULL;
	}
	if (rq->body.len == 0) {
		http_problem(rs, 400, "invalid-json", "the request needs a JSON object body", NULL);
		return NULL;
	}
	if (validate_utf8(rq->body.data, rq->body.len) < 0) {
		http_problem(rs, 400, "invalid-utf8", "the body is not valid UTF-8", NULL);
		return NULL;
	}
	if (raw_depth_exceeds(rq->body.data, rq->body.len, HTTP_JSON_DEPTH_MAX)) {
		http_problem(rs, 400, "too-deep", "JSON nesting deeper than 32 levels", NULL);
		return NULL;
	}
	json_error_t e;
	json_t *v = json_loadb(rq->body.data, rq->body.len, JSON_REJECT_DUPLICATES, &e);
	if (!v) {
		char detail[300];
		snprintf(detail, sizeof(detail), "line %d, column %d: %s", e.line, e.column, e.text);
		if (json_error_code(&e) == json_error_invalid_utf8)
			http_problem(rs, 400, "invalid-utf8", detail, NULL);
		else
			http_problem(rs, 400, "invalid-json", detail, NULL);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		http_problem(rs, 400, "invalid-json", "the body must be a JSON object", NULL);
		return NULL;
	}
	if (depth_of(v) > HTTP_JSON_DEPTH_MAX) {
		json_decref(v);
		http_problem(rs, 400, "too-deep", "JSON nesting deeper than 32 levels", NULL);
		return NULL;
	}
	return v;
}

/* --- field validation ----------------------------------------------------- */

const char *const http_enum_level[] = {"low", "medium", "high", NULL};
const char *const http_enum_tlp[] = {"CLEAR",     "GREEN",     "AMBER",     "AMBER+STRICT",     "RED",
                                     "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED",
                                     NULL};
const char *const http_enum_pap[] = {"CLEAR",     "GREEN",     "AMBER",   "RED", "PAP:CLEAR",
                                     "PAP:GREEN", "PAP:AMBER", "PAP:RED", NULL};
const char *const http_enum_status[] = {"new",         "triage",   "analysis", "containment",
                                        "eradication", "recovery", "closed",   NULL};
const char *const http_enum_resolution[] = {"resolved", "false_positive", "duplicate", "out_of_scope", NULL};
const char *const http_enum_role[] = {"admin", "handler", "viewer", NULL};
const char *const http_enum_lang[] = {"ja", "en", NULL};

static void add_error(json_t *errors, const char *field, const char *msg)
{
	json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field, "message", msg));
}

static int key_like(const char *s)
{
	/* PREFIX-YYYY-NNNNN; the app layer parses it strictly. */
	size_t n = strlen(s);
	if (n < 8 || n > 40)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return 1;
}

static void check_value(const struct field_spec *f, const json_t *v, json_t *errors)
{
	char msg[160];
	if (json_is_null(v)) {
		if (!f->nullable)
			add_error(errors, f->name, "must not be null");
		return;
	}
	switch (f->type) {
	case FT_STRING:
	case FT_TEXT:
		if (!json_is_string(v)) {
			add_error(errors, f->name, "must be a string");
			return;
		}
		if (validate_text_n(json_string_value(v), json_string_length(v), f->min_len, f->max_len,
		                    f->type == FT_TEXT) < 0) {
			snprintf(msg, sizeof(msg), "must be %zu to %zu bytes of text%s", f->min_len, f->max_len,
			         f->type == FT_TEXT ? "" : " on one line");
			add_error(errors, f->name, msg);
			return;
		}
		if (f->one_of) {
			const char *const *o = f->one_of;
			while (*o && strcmp(*o, json_string_value(v)) != 0)
				o++;
			if (!*o) {
				char list[400] = "must be one of:";
				size_t used = strlen(list);
				for (o = f->one_of; *o && strncmp(*o, "TLP:", 4) != 0 && strncmp(*o, "PAP:", 4) != 0;
				     o++) {
					int w = snprintf(list + used, sizeof(list) - used, "%s %s",
					                 o == f->one_of ? "" : ",", *o);
					if (w < 0 || (size_t)w >= sizeof(list) - used)
						break;
					used += (size_t)w;
				}
				add_error(errors, f->name, list);
			}
		}
		return;
	case FT_INT:
		if (!json_is_integer(v))
			add_error(errors, f->name, "must be an integer");
		return;
	case FT_ID:
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			add_error(errors, f->name, "must be a positive integer id");
		return;
	case FT_BOOL:
		if (!json_is_boolean(v))
			add_error(errors, f->name, "must be true or false");
		return;
	case FT_TIME: {
		int64_t t;
		if (!json_is_string(v) || time_parse(json_string_value(v), &t) < 0)
			add_error(errors, f->name, "must be an RFC 3339 time like 2026-11-22T15:30:00+09:00");
		return;
	}
	case FT_ID_ARRAY: {
		size_t i;
		json_t *x;
		if (!json_is_array(v) || json_array_size(v) > 256) {
			add_error(errors, f->name, "must be an array of up to 256 ids");
			return;
		}
		json_array_foreach(v, i, x)
		{
			if (!json_is_integer(x) || json_integer_value(x) < 1) {
				add_error(errors, f->name, "must contain positive integer ids only");
				return;
			}
		}
		return;
	}
	case FT_ID_OR_KEY:
		if (json_is_integer(v) && json_integer_value(v) > 0)
			return;
		if (json_is_string(v) && key_like(json_string_value(v)))
			return;
		add_error(errors, f->name, "must be an id or a key like INC-2026-00001");
		return;
	}
}

int http_validate(const json_t *obj, const struct field_spec *spec, int creating, struct http_resp *rs)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)obj, k, v)
	{
		const struct field_spec *f = spec;
		while (f->name && strcmp(f->name, k) != 0)
			f++;
		if (!f->name) {
			char field[128];
			snprintf(field, sizeof(field), "%.120s", k);
			if (validate_utf8(field, strlen(field)) < 0)
				snprintf(field, sizeof(field), "?");
			http_problem_field(rs, 400, "unknown-field", field, "is not a field of this object");
			return -1;
		}
	}
	json_t *errors = json_array();
	for (const struct field_spec *f = spec; f->name; f++) {
		json_t *val = json_object_get(obj, f->name);
		if (!val) {
			if (creating && f->required)
				add_error(errors, f->name, "is required");
			continue;
		}
		check_value(f, val, errors);
	}
	if (json_array_size(errors) > 0) {
		char detail[512];
		json_t *first = json_array_get(errors, 0);
		snprintf(detail, sizeof(detail), "%s: %s%s", json_string_value(json_object_get(first, "field")),
		         json_string_value(json_object_get(first, "message")),
		         json_array_size(errors) > 1 ? " (and more, see errors)" : "");
		http_problem(rs, 422, "validation", detail, errors);
		return -1;
	}
	json_decref(errors);
	return 0;
}

/* --- query parameters and headers --------------------------------------- */

struct qcheck {
	const char *const *allowed;
	const char *bad;
	int dup;
};

static enum MHD_Result qcheck_one(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	struct qcheck *q = cls;
	for (const char *const *a = q->allowed; *a; a++)
		if (strcmp(*a, key) == 0)
			return MHD_YES;
	q->bad = key;
	return MHD_NO;
}

int http_query_check(struct http_req *rq, const char *const *allowed, struct http_resp *rs)
{
	struct qcheck q = {allowed, NULL, 0};
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, qcheck_one, &q);
	if (q.bad) {
		char field[128];
		snprintf(field, sizeof(field), "%.120s", q.bad);
		if (validate_utf8(field, strlen(field)) < 0)
			snprintf(field, sizeof(field), "?");
		http_problem_field(rs, 400, "unknown-field", field, "is not a query parameter of this resource");
		return -1;
	}
	return 0;
}

int http_path_id(struct http_req *rq, struct http_resp *rs, size_t i, int64_t *id)
{
	char *end;
	errno = 0;
	long long v = i < rq->nparams ? strtoll(rq->params[i], &end, 10) : 0;
	if (i >= rq->nparams || errno || *end || v < 1) {
		http_problem(rs, 404, "not-found", "no such object", NULL);
		return -1;
	}
	*id = v;
	return 0;
}

const char *http_query(struct http_req *rq, const char *name)
{
	const char *v = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
	if (v && validate_utf8(v, strlen(v)) < 0)
		return NULL;
	return v;
}

const char *http_header(struct http_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

int http_if_match(struct http_req *rq, struct http_resp *rs, int64_t *version)
{
	const char *h = http_header(rq, "If-Match");
	if (!h) {
		http_problem(rs, 428, "precondition-required",
		             "send If-Match with the ETag of the version you edited (GET the object first)", NULL);
		return -1;
	}
	const char *p = h;
	if (p[0] == 'W' && p[1] == '/')
		p += 2;
	int quoted = *p == '"';
	if (quoted)
		p++;
	char *end;
	errno = 0;
	long long v = strtoll(p, &end, 10);
	if (errno || end == p || v < 1 || (quoted && *end++ != '"') || *end != '\0') {
		/* An ETag that is not ours can never match: the object has changed. */
		http_problem(rs, 412, "precondition-failed", "If-Match does not match the current version", NULL);
		return -1;
	}
	*version = v;
	return 0;
}

int http_page_params(struct http_req *rq, struct http_resp *rs, int *limit, const char **cursor)
{
	const char *l = http_query(rq, "limit");
	*limit = 50;
	if (l) {
		char *end;
		errno = 0;
		long v = strtol(l, &end, 10);
		if (errno || end == l || *end || v < 1 || v > 200) {
			http_problem_field(rs, 400, "invalid-parameter", "limit", "must be an integer from 1 to 200");
			return -1;
		}
		*limit = (int)v;
	}
	*cursor = http_query(rq, "cursor");
	if (*cursor && (**cursor == '\0' || strlen(*cursor) > 500)) {
		http_problem_field(rs, 400, "invalid-parameter", "cursor", "is not a cursor this server issued");
		return -1;
	}
	return 0;
}

int http_require_role(struct http_req *rq, struct http_resp *rs, enum role min)
{
	if (rq->authenticated && rq->actor.role >= min)
		return 0;
	char detail[160];
	snprintf(detail, sizeof(detail), "this needs the %s role; you are %s", role_name(min),
	         role_name(rq->actor.role));
	http_problem(rs, 403, "forbidden", detail, NULL);
	return -1;
}

void http_call(struct http_req *rq, struct http_resp *rs, enum role min, http_app_fn fn, int status)
{
	static const char *const no_params[] = {NULL};
	struct app_result r;
	if (http_require_role(rq, rs, min) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	fn(&rq->app, &r);
	http_reply(rs, &r, status);
}

void http_call_id(struct http_req *rq, struct http_resp *rs, enum role min, http_app_id_fn fn, int status)
{
	static const char *const no_params[] = {NULL};
	struct app_result r;
	int64_t id;
	if (http_require_role(rq, rs, min) < 0 || http_query_check(rq, no_params, rs) < 0 ||
	    http_path_id(rq, rs, 0, &id) < 0)
		return;
	app_result_init(&r);
	fn(&rq->app, id, &r);
	http_reply(rs, &r, status);
}

int http_body_only_object(const json_t *in, const char *member, const char *what, struct http_resp *rs)
{
	const char *k;
	json_t *v;
	char msg[96];
	json_object_foreach((json_t *)in, k, v)
	{
		if (strcmp(k, member) != 0) {
			snprintf(msg, sizeof(msg), "only \"%s\" may be given", member);
			http_problem_field(rs, 400, "unknown-field", k, "%s", msg);
			return -1;
		}
	}
	if (!json_is_object(json_object_get(in, member))) {
		snprintf(msg, sizeof(msg), "is required: %s", what);
		http_problem_field(rs, 422, "validation", member, "%s", msg);
		return -1;
	}
	return 0;
}
