/*
 * The web form use case (see intake.h, app_intake_form): a submission of
 * the public report form becomes a report of channel "web".
 *
 * Everything that does not need the database is done before the write job,
 * on the caller's thread: the subject, the readable body, the details, the
 * fingerprint, and for each attachment its SHA-256 and its detected type
 * (libmagic, through the parser's shared handle). The write job then only inserts: the report (tracking number,
 * duplicate lookup and audit row by app_intake_new_report), the
 * attachments with their content, the observables found in what happened
 * and the affected device, and the acknowledgement when the contact is a
 * mail address. One job, so the tracking number shown to the reporter
 * exists together with everything they sent, or nothing does.
 */
#include "app/intake.h"
#include "app/setup.h"
#include "intake/mime.h"

#include "core/key.h"
#include "core/report_state.h"
#include "core/tlp.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "store/db.h"
#include "store/intake.h"
#include "store/setup.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUBJECT_CHARS 120         /* characters of `what` taken as the subject */
#define BODY_MAX      (64 * 1024) /* the readable body: fields are at most ~21 kB */
#define TYPE_MAX      128

/* --- file typing --------------------------------------------------------- */

/* The MIME type libmagic sees in data (the parser's shared handle), into
 * out; "" when unknown. */
static void detect_type(const char *data, size_t len, char out[TYPE_MAX])
{
	char *t = mime_detect_type(data, len);
	snprintf(out, TYPE_MAX, "%s", t ? t : "");
	free(t);
}

/* --- the report's text --------------------------------------------------- */

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The subject: the first non-blank line of what, trimmed of ASCII and
 * ideographic spaces, at most SUBJECT_CHARS characters; a default when
 * there is none. */
static void make_subject(const char *what, const char *lang, char *out, size_t outlen)
{
	const char *p = or_empty(what);
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += *p == '\xe3' ? 3 : 1;
		size_t n = strcspn(p, "\r\n");
		size_t chars = 0, i = 0, end = 0;
		while (i < n && chars < SUBJECT_CHARS) {
			unsigned char c = (unsigned char)p[i];
			size_t cl = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
			if (i + cl > n || end + cl >= outlen)
				break;
			i += cl;
			chars++;
			end = i;
		}
		while (end > 0 && (p[end - 1] == ' ' || p[end - 1] == '\t'))
			end--;
		while (end >= 3 && memcmp(p + end - 3, "\xe3\x80\x80", 3) == 0)
			end -= 3;
		if (end > 0) {
			memcpy(out, p, end);
			out[end] = '\0';
			return;
		}
		if (!p[n])
			break;
		p += n;
	}
	snprintf(out, outlen, "%s",
	         strcmp(or_empty(lang), "en") == 0 ? "Report from the web form" : "Webフォームからの報告");
}

/* The readable body handlers see: every field labelled in both languages,
 * the attachments, then what happened. 0, or -1 when out of memory. */
static int make_body(const struct intake_form *f, struct buf *b)
{
	static const char *const labels[] = {"お名前 / Name", "連絡先 / Contact", "部署 / Department", "いつ / When",
	                                     "影響を受けた機器 / Affected device"};
	const char *values[] = {f->name, f->contact, f->department, f->when, f->device};
	int rc = 0;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (values[i] && values[i][0])
			rc |= buf_printf(b, "%s: %s\n", labels[i], values[i]);
	if (f->nfiles)
		rc |= buf_puts(b, "添付ファイル / Attachments:\n");
	for (size_t i = 0; i < f->nfiles; i++)
		rc |= buf_printf(b, "- %s (%zu bytes)\n", f->files[i].filename, f->files[i].len);
	rc |= buf_printf(b, "\n何が起きたか / What happened:\n%s\n", or_empty(f->what));
	return rc < 0 ? -1 : 0;
}

/* The form's answers as a JSON object (details), new reference. */
static json_t *make_details(const struct intake_form *f)
{
	json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", or_empty(f->name), "contact",
	                      or_empty(f->contact), "department", or_empty(f->department), "what", or_empty(f->what),
	                      "when", or_empty(f->when), "device", or_empty(f->device), "lang", or_empty(f->lang),
	                      "client_ip", or_empty(f->client_ip));
	return d;
}

/* --- the write job ------------------------------------------------------- */

struct file_meta {
	char sha256[crypto_hash_sha256_BYTES * 2 + 1];
	char detected[TYPE_MAX];
};

struct form_job {
	const struct app_ctx *ctx;
	const struct intake_form *f;
	struct app_result *r;
	json_t *row;
	const struct file_meta *meta;
	const char *subject;
	struct buf obs; /* what + device: scanned for observables */
};

static int form_job(struct db_conn *c, void *arg)
{
	struct form_job *j = arg;
	const struct intake_form *f = j->f;
	struct app_result *r = j->r;
	int64_t id = 0;
	char key[KEY_MAX];
	int offered = app_public_form_offered(c);
	if (offered < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	if (!offered) /* turned off since the page was shown */
		return app_fail(r, APP_NOT_FOUND, "the public report form is not offered");
	if (app_intake_new_report(c, j->ctx, j->row, &id, key, r) < 0)
		return -1;
	int64_t now = time_now();
	for (size_t i = 0; i < f->nfiles; i++) {
		const struct intake_file *file = &f->files[i];
		struct store_attachment a = {
		        .report_id = id,
		        .filename = file->filename,
		        .declared_type = or_empty(file->declared_type),
		        .detected_type = j->meta[i].detected,
		        .size = file->len,
		        .sha256 = j->meta[i].sha256,
		        .content = file->data,
		        .content_len = file->len,
		        .created_at = now,
		};
		int64_t aid;
		if (store_attachment_insert(c, &a, &aid) < 0)
			return app_fail(r, APP_INTERNAL, "an attachment could not be stored");
	}
	if (app_intake_observables(c, id, j->obs.data ? j->obs.data : "", j->obs.len, "text", now) < 0)
		return app_fail(r, APP_INTERNAL, "the observables could not be stored");
	const char *outcome = "none", *reason = "the contact is not a mail address";
	if (strchr(f->contact, '@') && app_intake_queue_ack(c, j->ctx, id, key, f->contact, j->subject, NULL, f->lang,
	                                                    NULL, &outcome, &reason) < 0)
		return app_fail(r, APP_INTERNAL, "the acknowledgement could not be queued");
	json_decref(r->object);
	r->object = json_pack("{s:s, s:I, s:s, s:s}", "tracking_number", key, "report_id", (json_int_t)id,
	                      "acknowledgement", outcome, "acknowledgement_reason", reason ? reason : "");
	return r->object ? 0 : app_fail(r, APP_INTERNAL, "out of memory");
}

int app_intake_form_offered(const struct app_ctx *ctx, char *email, size_t elen, char *phone, size_t plen)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return -1;
	int rc = app_public_form_offered(c);
	email[0] = phone[0] = '\0';
	if (rc == 0 &&
	    (app_team_address(c, ctx->cfg, email, elen) < 0 || store_setting_get(c, "poc.phone", phone, plen) < 0))
		rc = -1;
	db_read_end(ctx->db, c);
	return rc;
}

/* Field errors for what the HTTP layer should already have refused. */
static int check_required(const struct intake_form *f, struct app_result *r)
{
	if (!f->name || !f->name[0])
		app_field_error(r, "name", "is required");
	if (!f->contact || !f->contact[0])
		app_field_error(r, "contact", "is required");
	if (!f->what || !f->what[0])
		app_field_error(r, "what", "is required");
	if (f->nfiles && !f->files)
		app_fail(r, APP_INTERNAL, "attachments without data");
	return r->err == APP_OK ? 0 : -1;
}

enum app_err app_intake_form(const struct app_ctx *ctx, const struct intake_form *f, struct app_result *r)
{
	struct form_job j = {.ctx = ctx, .f = f, .r = r};
	struct file_meta *meta = NULL;
	struct buf body;
	char subject[SUBJECT_CHARS * 4 + 1], fp[65];
	buf_init(&body, BODY_MAX);
	buf_init(&j.obs, BODY_MAX);
	if (check_required(f, r) < 0)
		goto out;
	meta = calloc(f->nfiles ? f->nfiles : 1, sizeof(*meta));
	if (!meta) {
		app_fail(r, APP_INTERNAL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < f->nfiles; i++) {
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, (const unsigned char *)f->files[i].data, f->files[i].len);
		sodium_bin2hex(meta[i].sha256, sizeof(meta[i].sha256), h, sizeof(h));
		detect_type(f->files[i].data, f->files[i].len, meta[i].detected);
	}
	j.meta = meta;
	make_subject(f->what, f->lang, subject, sizeof(subject));
	j.subject = subject;
	if (make_body(f, &body) < 0 || buf_printf(&j.obs, "%s\n%s\n", f->what, or_empty(f->device)) < 0) {
		app_fail(r, APP_INTERNAL, "the report text is too long");
		goto out;
	}
	report_fingerprint(f->contact, subject, body.data, fp);
	j.row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o}", "channel",
	                  report_channel_name(CH_WEB), "reporter_name", f->name, "reporter_address", f->contact,
	                  "subject", subject, "body", body.data, "state", report_state_name(RS_NEW), "tlp",
	                  tlp_name(TLP_AMBER), "fingerprint", fp, "lang",
	                  strcmp(or_empty(f->lang), "en") == 0 ? "en" : "ja", "received_at", (json_int_t)time_now(),
	                  "details", make_details(f));
	if (!j.row) {
		app_fail(r, APP_INTERNAL, "out of memory");
		goto out;
	}
	int rc = db_write(ctx->db, form_job, &j);
	if (rc == DB_WRITE_FAILED) {
		json_decref(r->object);
		r->object = NULL;
		app_commit_failed(r);
	} else if (rc != 0 && r->err == APP_OK) {
		app_fail(r, APP_INTERNAL, "the report could not be stored");
	}
out:
	json_decref(j.row);
	buf_free(&body);
	buf_free(&j.obs);
	free(meta);
	return r->err;
}
