/*
 * Mail intake (POST /api/v1/mail, used by hikeshi mailgate) and a record's
 * point-of-contact data: correspondence, observables, attachments, and the
 * downloads of original messages and attachments. Downloads are served as
 * attachments (Content-Disposition: attachment, nosniff), never inline, so
 * attacker content is never rendered by the browser as ours.
 */
#include "app/intake.h"
#include "app/mail.h"
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const no_params[] = {NULL};

void api_mail_submit(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	const char *ct = http_header(rq, "Content-Type");
	if (!ct || strncasecmp(ct, "message/rfc822", 14) != 0 || (ct[14] && ct[14] != ';' && ct[14] != ' ')) {
		http_problem_field(rs, 415, "unsupported-media-type", "Content-Type",
		                   "the body must be one raw message sent as message/rfc822");
		return;
	}
	const char *source = rq->actor.intake_only ? "mailgate" : "api";
	struct app_result r;
	app_result_init(&r);
	app_intake_mail(&rq->app, rq->body.data ? rq->body.data : "", rq->body.len, source, NULL, &r);
	int dup = r.object && strcmp(json_string_value(json_object_get(r.object, "action")), "duplicate") == 0;
	http_reply(rs, &r, dup ? 200 : 201);
}

static void record_mails(struct http_req *rq, struct http_resp *rs, enum app_record kind)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_record_mails(&rq->app, kind, rq->params[0], &r);
	http_reply(rs, &r, 200);
}

void api_report_mails(struct http_req *rq, struct http_resp *rs)
{
	record_mails(rq, rs, APP_REC_REPORT);
}

void api_incident_mails(struct http_req *rq, struct http_resp *rs)
{
	record_mails(rq, rs, APP_REC_INCIDENT);
}

static const struct field_spec send_spec[] = {
        {"to", FT_STRING, 3, 254, 0, 0},
        {"subject", FT_STRING, 0, 900, 0, 0},
        {"body", FT_TEXT, 1, 65536, 0, 1},
        {NULL, 0, 0, 0, 0, 0},
};

static void mail_send(struct http_req *rq, struct http_resp *rs, enum app_record kind)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return;
	if (http_validate(in, send_spec, 1, rs) == 0) {
		struct app_result r;
		app_result_init(&r);
		app_mail_send(&rq->app, kind, rq->params[0], in, &r);
		http_reply(rs, &r, 201);
	}
	json_decref(in);
}

void api_report_mail_send(struct http_req *rq, struct http_resp *rs)
{
	mail_send(rq, rs, APP_REC_REPORT);
}

void api_incident_mail_send(struct http_req *rq, struct http_resp *rs)
{
	mail_send(rq, rs, APP_REC_INCIDENT);
}

void api_report_observables(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_report_observables(&rq->app, rq->params[0], &r);
	http_reply(rs, &r, 200);
}

void api_report_attachments(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_report_attachments(&rq->app, rq->params[0], &r);
	http_reply(rs, &r, 200);
}

/* Content-Disposition for a download (RFC 6266): an ASCII fallback name
 * and the UTF-8 name percent-encoded. New string. */
static char *disposition(const char *name)
{
	size_t n = strlen(name);
	char *ascii = malloc(n + 1), *pct = malloc(3 * n + 1);
	char *out = NULL;
	if (ascii && pct) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)name[i];
			int safe = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			           ch == '.' || ch == '-' || ch == '_';
			ascii[i] = safe ? (char)ch : '_';
			if (safe) {
				pct[k++] = (char)ch;
			} else {
				snprintf(pct + k, 4, "%%%02X", ch);
				k += 3;
			}
		}
		ascii[n] = '\0';
		pct[k] = '\0';
		if (asprintf(&out, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, pct) < 0)
			out = NULL;
	}
	free(ascii);
	free(pct);
	return out;
}

static void download(struct http_resp *rs, struct app_result *r, char *data, size_t len, const char *type,
                     const char *name)
{
	if (r->err != APP_OK) {
		free(data);
		http_app_error(rs, r);
		app_result_free(r);
		return;
	}
	app_result_free(r);
	rs->status = 200;
	rs->raw_owned = data;
	rs->raw = data; /* sent from raw_owned, which the server frees */
	rs->raw_len = len;
	rs->raw_type = type;
	rs->disposition = disposition(name);
}

void api_mail_raw(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	char *data = NULL, name[64];
	size_t len = 0;
	app_mail_raw(&rq->app, id, &data, &len, name, sizeof(name), &r);
	download(rs, &r, data, len, "message/rfc822", name);
}

void api_attachment_content(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	char *data = NULL, name[512];
	size_t len = 0;
	app_attachment_content(&rq->app, id, &data, &len, name, sizeof(name), &r);
	download(rs, &r, data, len, "application/octet-stream", name);
}
