/*
 * /api/v1/contacts: the contact network (連絡体制図). Lists with filters and
 * search, CRUD with If-Match, review, deactivate, the code lists (meta), a
 * CSV export and import (UTF-8 with or without BOM, or Shift_JIS / CP932 as
 * Excel writes it) and the printable sheet. This file checks the shape of
 * requests and converts bytes (charsets, CSV); app/contact.c holds the
 * rights and rules.
 */
#include "app/contact.h"
#include "core/csv.h"
#include "http/contact_sheet.h"
#include "http/http.h"
#include "http/routes.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/timeutil.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CSV_EXPORT_MAX (64 * 1024 * 1024) /* bounds the export buffer */
#define SHEET_MAX      (16 * 1024 * 1024)

/* groups is checked by the app layer (an array of codes); lengths here bound
 * the shape early and match the app's rules. */
static const struct field_spec contact_spec[] = {
        {"kind", FT_STRING, 0, 16, 0, 1, NULL},
        {"name", FT_STRING, 0, 200, 0, 1, NULL},
        {"name_en", FT_STRING, 0, 200, 0, 0, NULL},
        {"organization", FT_STRING, 0, 200, 0, 0, NULL},
        {"org_type", FT_STRING, 0, 32, 0, 0, NULL},
        {"org_unit_id", FT_ID, 0, 0, 1, 0, NULL},
        {"constituency_id", FT_ID, 0, 0, 1, 0, NULL},
        {"role", FT_STRING, 0, 32, 0, 0, NULL},
        {"title", FT_STRING, 0, 200, 0, 0, NULL},
        {"email", FT_STRING, 0, 254, 0, 0, NULL},
        {"phone", FT_STRING, 0, 40, 0, 0, NULL},
        {"mobile", FT_STRING, 0, 40, 0, 0, NULL},
        {"pgp_fingerprint", FT_STRING, 0, 64, 0, 0, NULL},
        {"on_call", FT_BOOL, 0, 0, 0, 0, NULL},
        {"rota", FT_TEXT, 0, 1000, 0, 0, NULL},
        {"tlp_max", FT_STRING, 0, 32, 0, 0, NULL},
        {"lang", FT_STRING, 1, 8, 0, 0, http_enum_lang},
        {"notes", FT_TEXT, 0, 4000, 0, 0, NULL},
        {"owner_id", FT_ID, 0, 0, 1, 0, NULL},
        {"review_interval_days", FT_INT, 0, 0, 0, 0, NULL},
        {"reviewed_at", FT_TIME, 0, 0, 1, 0, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const char *const no_params[] = {NULL};
static const char *const list_params[] = {"kind",  "role",   "org_type", "group", "constituency", "on_call",
                                          "stale", "active", "q",        "limit", "cursor",       NULL};
static const char *const export_params[] = {"kind",    "role",  "org_type", "group", "constituency",
                                            "on_call", "stale", "active",   "q",     NULL};
static const char *const sheet_params[] = {"lang", "active", NULL};

static void query_of(struct http_req *rq, struct app_contact_query *q)
{
	memset(q, 0, sizeof(*q));
	q->kind = http_query(rq, "kind");
	q->role = http_query(rq, "role");
	q->org_type = http_query(rq, "org_type");
	q->group = http_query(rq, "group");
	q->constituency = http_query(rq, "constituency");
	q->on_call = http_query(rq, "on_call");
	q->stale = http_query(rq, "stale");
	q->active = http_query(rq, "active");
	q->q = http_query(rq, "q");
}

void api_contacts_list(struct http_req *rq, struct http_resp *rs)
{
	struct app_contact_query q;
	struct app_result r;
	const char *cursor;
	int limit;
	if (http_query_check(rq, list_params, rs) < 0 || http_page_params(rq, rs, &limit, &cursor) < 0)
		return;
	query_of(rq, &q);
	q.cursor = cursor;
	q.limit = limit;
	app_result_init(&r);
	app_contact_list(&rq->app, &q, &r);
	http_reply_list(rs, &r);
}

void api_contacts_meta(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	http_json(rs, 200, app_contact_meta());
}

/* Reads and shape-checks a write's body (groups is left to the app). NULL
 * with rs filled. */
static json_t *write_body(struct http_req *rq, struct http_resp *rs, int creating)
{
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_HANDLER) < 0)
		return NULL;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return NULL;
	json_t *shape = json_copy(in);
	json_object_del(shape, "groups");
	int bad = http_validate(shape, contact_spec, creating, rs) < 0;
	json_decref(shape);
	if (bad) {
		json_decref(in);
		return NULL;
	}
	return in;
}

void api_contacts_create(struct http_req *rq, struct http_resp *rs)
{
	json_t *in = write_body(rq, rs, 1);
	if (!in)
		return;
	struct app_result r;
	app_result_init(&r);
	app_contact_create(&rq->app, in, &r);
	if (r.err == APP_OK)
		snprintf(rs->location, sizeof(rs->location), "/api/v1/contacts/%lld",
		         (long long)json_integer_value(json_object_get(r.object, "id")));
	http_reply(rs, &r, 201);
	json_decref(in);
}

void api_contacts_get(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_contact_get(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

void api_contacts_update(struct http_req *rq, struct http_resp *rs)
{
	int64_t id, version;
	if (http_path_id(rq, rs, 0, &id) < 0)
		return;
	json_t *in = write_body(rq, rs, 0);
	if (!in)
		return;
	if (http_if_match(rq, rs, &version) == 0) {
		struct app_result r;
		app_result_init(&r);
		app_contact_update(&rq->app, id, version, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

void api_contacts_review(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_HANDLER) < 0 ||
	    http_path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_contact_review(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

void api_contacts_delete(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_HANDLER) < 0 ||
	    http_path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_contact_deactivate(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

/* --- CSV ----------------------------------------------------------------- */

/* One contact (API object) as a CSV record in the column order. */
static int csv_record(struct buf *b, const json_t *o)
{
	int rc = 0;
	for (size_t i = 0; app_contact_csv_columns[i] && rc == 0; i++) {
		const char *col = app_contact_csv_columns[i];
		json_t *v = json_object_get(o, strcmp(col, "owner") == 0 ? "owner_login" : col);
		char num[32];
		char *joined = NULL;
		const char *cell = "";
		if (json_is_string(v)) {
			cell = json_string_value(v);
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
			cell = num;
		} else if (json_is_boolean(v)) {
			cell = json_is_true(v) ? "1" : "0";
		} else if (json_is_array(v)) {
			struct buf g;
			buf_init(&g, 4096);
			size_t k;
			json_t *e;
			json_array_foreach(v, k, e)
			{
				rc |= buf_puts(&g, k ? " " : "");
				rc |= buf_puts(&g, json_string_value(e) ? json_string_value(e) : "");
			}
			joined = buf_steal(&g);
			cell = joined ? joined : "";
		}
		if (i)
			rc |= buf_puts(b, ",");
		rc |= csv_put_cell(b, cell);
		free(joined);
	}
	return rc | buf_puts(b, "\r\n");
}

void api_contacts_csv(struct http_req *rq, struct http_resp *rs)
{
	struct app_contact_query q;
	struct app_result r;
	if (http_query_check(rq, export_params, rs) < 0)
		return;
	query_of(rq, &q);
	app_result_init(&r);
	if (app_contact_list(&rq->app, &q, &r) != APP_OK) {
		http_reply_list(rs, &r);
		return;
	}
	struct buf b;
	buf_init(&b, CSV_EXPORT_MAX);
	int rc = buf_puts(&b, "\xEF\xBB\xBF"); /* BOM: Excel then reads UTF-8 */
	for (size_t i = 0; app_contact_csv_columns[i]; i++)
		rc |= buf_puts(&b, i ? "," : "") | buf_puts(&b, app_contact_csv_columns[i]);
	rc |= buf_puts(&b, "\r\n");
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(r.object, "items"), i, o) rc |= csv_record(&b, o);
	app_result_free(&r);
	if (rc) {
		buf_free(&b);
		http_problem(rs, 500, "internal", "the export could not be built", NULL);
		return;
	}
	rs->status = 200;
	rs->raw_len = b.len;
	rs->raw_owned = buf_steal(&b);
	rs->raw = rs->raw_owned;
	rs->raw_type = "text/csv; charset=utf-8";
	rs->disposition = strdup("attachment; filename=\"contacts.csv\"");
}

/* The request body as UTF-8 text without BOM: as is when valid UTF-8 (or
 * declared so), else converted from CP932 (Excel's "CSV" in Japanese
 * Windows; declared Shift_JIS is converted directly). New string with
 * *len, or NULL with rs filled. */
static char *body_utf8(struct http_req *rq, struct http_resp *rs, size_t *len)
{
	const char *p = rq->body.data ? rq->body.data : "";
	size_t n = rq->body.len;
	const char *ct = http_header(rq, "Content-Type");
	int sjis = ct && (strcasestr(ct, "shift_jis") || strcasestr(ct, "cp932") || strcasestr(ct, "windows-31j"));
	if (!sjis && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	if (!sjis && g_utf8_validate(p, (gssize)n, NULL)) {
		char *s = malloc(n + 1);
		if (s) {
			memcpy(s, p, n);
			s[n] = '\0';
			*len = n;
		}
		return s;
	}
	gsize out = 0;
	gchar *conv = g_convert(p, (gssize)n, "UTF-8", "CP932", NULL, &out, NULL);
	if (!conv) {
		http_problem_field(rs, 422, "validation", "file",
		                   "is neither UTF-8 nor Shift_JIS (CP932) text; save it "
		                   "as \"CSV UTF-8\" or \"CSV\" from Excel");
		return NULL;
	}
	char *s = malloc(out + 1);
	if (s) {
		memcpy(s, conv, out);
		s[out] = '\0';
		*len = out;
	}
	g_free(conv);
	return s;
}

void api_contacts_import(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_HANDLER) < 0)
		return;
	const char *ct = http_header(rq, "Content-Type");
	if (!ct || strncasecmp(ct, "text/csv", 8) != 0) {
		http_problem(rs, 415, "unsupported-media-type",
		             "send the file as Content-Type: text/csv (UTF-8, or charset=Shift_JIS)", NULL);
		return;
	}
	size_t n = 0, bad_record = 0;
	char *text = body_utf8(rq, rs, &n);
	if (!text) {
		if (!rs->status)
			http_problem(rs, 500, "internal", "out of memory", NULL);
		return;
	}
	struct csv_table t;
	enum csv_err e = csv_parse(text, n, &t, &bad_record);
	free(text);
	if (e != CSV_OK) {
		http_problem_field(rs, 422, "validation", "file", "row %zu: %s; nothing was imported", bad_record,
		                   csv_strerror(e));
		csv_free(&t);
		return;
	}
	struct app_result r;
	app_result_init(&r);
	app_contact_import(&rq->app, &t, &r);
	csv_free(&t);
	http_reply(rs, &r, 200);
}

/* --- the printable sheet ------------------------------------------------- */

void api_contacts_sheet(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, sheet_params, rs) < 0)
		return;
	const char *lang = http_query(rq, "lang");
	if (lang && strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0) {
		http_problem_field(rs, 400, "invalid-parameter", "lang", "must be ja or en");
		return;
	}
	int en = lang ? strcmp(lang, "en") == 0 : strcmp(rq->actor.lang, "en") == 0;
	struct app_contact_query q;
	memset(&q, 0, sizeof(q));
	q.active = http_query(rq, "active");
	struct app_result r;
	app_result_init(&r);
	if (app_contact_list(&rq->app, &q, &r) != APP_OK) {
		http_reply_list(rs, &r);
		return;
	}
	struct buf b;
	buf_init(&b, SHEET_MAX);
	const struct config *cfg = rq->app.cfg;
	int rc = contact_sheet_render(&b, json_object_get(r.object, "items"), en, cfg ? cfg->team_name : "", time_now(),
	                              cfg ? cfg->utc_offset_minutes : 540);
	app_result_free(&r);
	if (rc < 0) {
		buf_free(&b);
		http_problem(rs, 500, "internal", "the sheet could not be built", NULL);
		return;
	}
	rs->status = 200;
	rs->raw_len = b.len;
	rs->raw_owned = buf_steal(&b);
	rs->raw = rs->raw_owned;
	rs->raw_type = "text/html; charset=utf-8";
	rs->csp = CONTACT_SHEET_CSP;
	/* personal phone numbers: inline, and (as a download) never stored by caches */
	rs->disposition = strdup("inline; filename=\"contacts.html\"");
}
