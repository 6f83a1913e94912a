/*
 * Point-of-contact reads and outgoing mail (see mail.h).
 */
#include "app/mail.h"
#include "app/setup.h"

#include "core/ack.h"
#include "core/key.h"
#include "core/tlp.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/incident.h"
#include "store/intake.h"
#include "store/journal.h"
#include "store/outbox.h"
#include "store/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIL_BODY_MAX 65536

static int64_t iv(const json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

static const char *sv(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int visible(const struct actor *a, const json_t *row)
{
	enum tlp t;
	if (tlp_parse(sv(row, "tlp"), &t) < 0)
		t = TLP_RED;
	return actor_can_see(a, iv(row, "constituency_id"), t);
}

/* Loads the visible record by id or key: *row (new reference) or NULL
 * (absent, hidden, or a database error). */
static json_t *load_record(struct db_conn *c, const struct actor *a, enum app_record kind, const char *ref)
{
	json_t *row = NULL;
	int64_t id = 0;
	if (ref[0] >= '1' && ref[0] <= '9') {
		char *end;
		errno = 0;
		long long n = strtoll(ref, &end, 10);
		if (errno || *end || n < 1)
			return NULL;
		id = n;
	} else {
		char prefix[KEY_PREFIX_MAX + 1];
		if (key_parse(ref, prefix, sizeof(prefix), NULL, NULL) < 0 ||
		    strcmp(prefix, kind == APP_REC_REPORT ? "RPT" : "INC") != 0)
			return NULL;
	}
	if (kind == APP_REC_REPORT)
		row = id ? store_report_get(c, id) : store_report_get_by_key(c, ref);
	else if ((id ? store_incident_get(c, id, &row) : store_incident_get_by_key(c, ref, &row)) <= 0)
		row = NULL;
	if (row && !visible(a, row)) {
		json_decref(row);
		row = NULL;
	}
	return row;
}

static const char *not_found(enum app_record kind)
{
	return kind == APP_REC_REPORT ? "no such report (check the id or key)"
	                              : "no such incident (check the id or key)";
}

static int by_id(const void *x, const void *y)
{
	int64_t a = iv(*(json_t *const *)x, "id"), b = iv(*(json_t *const *)y, "id");
	return a < b ? -1 : a > b;
}

/* Sorts an array of objects by "id" in place. */
static void sort_by_id(json_t *arr)
{
	size_t n = json_array_size(arr);
	if (n < 2)
		return;
	json_t **v = malloc(n * sizeof(*v));
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), by_id);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

/* Appends the mails and outbox rows of one report to the arrays. */
static int add_report_mails(struct db_conn *c, int64_t report_id, json_t *items, json_t *outbox)
{
	json_t *m = store_mail_list(c, report_id, 0), *o = store_outbox_of(c, report_id, 0);
	int ok = m && o;
	if (ok) {
		json_array_extend(items, m);
		json_array_extend(outbox, o);
	}
	json_decref(m);
	json_decref(o);
	return ok ? 0 : -1;
}

enum app_err app_record_mails(const struct app_ctx *ctx, enum app_record kind, const char *ref, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		app_fail(r, APP_INTERNAL, "database error");
		return r->err;
	}
	json_t *row = load_record(c, ctx->actor, kind, ref);
	json_t *items = json_array(), *outbox = json_array();
	int rc = 0;
	if (!row) {
		app_fail(r, APP_NOT_FOUND, "%s", not_found(kind));
	} else if (kind == APP_REC_REPORT) {
		rc = add_report_mails(c, iv(row, "id"), items, outbox);
	} else {
		int64_t id = iv(row, "id");
		json_t *m = store_mail_list(c, 0, id), *o = store_outbox_of(c, 0, id);
		json_t *reps = store_reports_of_incident(c, id);
		rc = m && o && reps ? 0 : -1;
		if (rc == 0) {
			json_array_extend(items, m);
			json_array_extend(outbox, o);
			size_t i;
			json_t *rep;
			json_array_foreach(reps, i, rep)
			{
				if (!visible(ctx->actor, rep))
					continue; /* a linked report the caller may not see */
				if (add_report_mails(c, iv(rep, "id"), items, outbox) < 0) {
					rc = -1;
					break;
				}
			}
		}
		json_decref(m);
		json_decref(o);
		json_decref(reps);
	}
	db_read_end(ctx->db, c);
	json_decref(row);
	if (rc < 0)
		app_fail(r, APP_INTERNAL, "database error");
	if (r->err == APP_OK) {
		sort_by_id(items);
		sort_by_id(outbox);
		r->object = json_pack("{s:O, s:O}", "items", items, "outbox", outbox);
	}
	json_decref(items);
	json_decref(outbox);
	return r->err;
}

typedef json_t *(*report_list_fn)(struct db_conn *c, int64_t report_id);

static enum app_err report_list(const struct app_ctx *ctx, const char *ref, report_list_fn fn, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		app_fail(r, APP_INTERNAL, "database error");
		return r->err;
	}
	json_t *row = load_record(c, ctx->actor, APP_REC_REPORT, ref);
	json_t *items = row ? fn(c, iv(row, "id")) : NULL;
	db_read_end(ctx->db, c);
	if (!row)
		app_fail(r, APP_NOT_FOUND, "%s", not_found(APP_REC_REPORT));
	else if (!items)
		app_fail(r, APP_INTERNAL, "database error");
	else
		r->object = json_pack("{s:O}", "items", items);
	json_decref(row);
	json_decref(items);
	return r->err;
}

enum app_err app_report_observables(const struct app_ctx *ctx, const char *ref, struct app_result *r)
{
	return report_list(ctx, ref, store_observables_of_report, r);
}

enum app_err app_report_attachments(const struct app_ctx *ctx, const char *ref, struct app_result *r)
{
	return report_list(ctx, ref, store_attachments_of_report, r);
}

/* Whether the actor may see the report or incident (ids, 0 = none). */
static int owner_visible(struct db_conn *c, const struct actor *a, int64_t report_id, int64_t incident_id)
{
	char ref[24];
	snprintf(ref, sizeof(ref), "%lld", (long long)(incident_id ? incident_id : report_id));
	if (!report_id && !incident_id)
		return a->all_constituencies; /* unattached: the triage queue's audience */
	json_t *row = load_record(c, a, incident_id ? APP_REC_INCIDENT : APP_REC_REPORT, ref);
	int ok = row != NULL;
	json_decref(row);
	return ok;
}

enum app_err app_mail_raw(const struct app_ctx *ctx, int64_t mail_id, char **out, size_t *len, char *name,
                          size_t namelen, struct app_result *r)
{
	*out = NULL;
	*len = 0;
	if (ctx->actor->role < ROLE_HANDLER) {
		app_fail(r, APP_FORBIDDEN, "downloading original messages needs the handler role");
		return r->err;
	}
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		app_fail(r, APP_INTERNAL, "database error");
		return r->err;
	}
	json_t *m = store_mail_get(c, mail_id);
	int found = 0;
	if (m && owner_visible(c, ctx->actor, iv(m, "report_id"), iv(m, "incident_id")))
		found = store_mail_raw(c, mail_id, out, len);
	db_read_end(ctx->db, c);
	json_decref(m);
	if (found < 0)
		app_fail(r, APP_INTERNAL, "database error");
	else if (!found)
		app_fail(r, APP_NOT_FOUND, "no such message (or its original was not kept)");
	snprintf(name, namelen, "message-%lld.eml", (long long)mail_id);
	return r->err;
}

enum app_err app_attachment_content(const struct app_ctx *ctx, int64_t id, char **out, size_t *len, char *name,
                                    size_t namelen, struct app_result *r)
{
	*out = NULL;
	*len = 0;
	if (ctx->actor->role < ROLE_HANDLER) {
		app_fail(r, APP_FORBIDDEN, "downloading attachments needs the handler role");
		return r->err;
	}
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		app_fail(r, APP_INTERNAL, "database error");
		return r->err;
	}
	json_t *a = store_attachment_get(c, id);
	int found = 0;
	int64_t from_mail = 0;
	int ok = a && owner_visible(c, ctx->actor, iv(a, "report_id"), iv(a, "incident_id"));
	if (ok)
		found = store_attachment_content(c, id, out, len, &from_mail);
	db_read_end(ctx->db, c);
	if (ok)
		snprintf(name, namelen, "%s", sv(a, "filename")[0] ? sv(a, "filename") : "attachment.bin");
	json_decref(a);
	if (found < 0)
		app_fail(r, APP_INTERNAL, "database error");
	else if (!ok)
		app_fail(r, APP_NOT_FOUND, "no such attachment");
	else if (!found && from_mail)
		app_fail(r, APP_CONFLICT,
		         "this attachment is kept inside the original message: download /api/v1/mails/%lld/raw",
		         (long long)from_mail);
	else if (!found)
		app_fail(r, APP_NOT_FOUND, "no such attachment");
	return r->err;
}

/* --- outgoing mail --------------------------------------------------------- */

struct send_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	enum app_record kind;
	const char *ref;
	const char *to, *subject, *body;
};

/* The reporter's address of the record: the report's, or the first linked
 * report's with a usable address. */
static void reporter_of(struct db_conn *c, const struct actor *a, enum app_record kind, const json_t *row, char *out,
                        size_t outlen)
{
	out[0] = '\0';
	if (kind == APP_REC_REPORT) {
		snprintf(out, outlen, "%s", sv(row, "reporter_address"));
		return;
	}
	json_t *reps = store_reports_of_incident(c, iv(row, "id"));
	size_t i;
	json_t *rep;
	json_array_foreach(reps, i, rep)
	{
		if (visible(a, rep) && ack_address_ok(sv(rep, "reporter_address"))) {
			snprintf(out, outlen, "%s", sv(rep, "reporter_address"));
			break;
		}
	}
	json_decref(reps);
}

static int send_job(struct db_conn *c, void *arg)
{
	struct send_job *j = arg;
	const struct config *cfg = j->ctx->cfg;
	struct app_result *r = j->r;
	json_t *row = load_record(c, j->ctx->actor, j->kind, j->ref);
	if (!row)
		return app_fail(r, APP_NOT_FOUND, "%s", not_found(j->kind));
	char to[256];
	if (j->to && *j->to)
		snprintf(to, sizeof(to), "%s", j->to);
	else
		reporter_of(c, j->ctx->actor, j->kind, row, to, sizeof(to));
	int rc = -1;
	char *subject = NULL;
	json_t *mails = NULL;
	if (!ack_address_ok(to)) {
		app_field_error(r, "to",
		                j->to && *j->to ? "is not a mail address"
		                                : "is required: the reporter left no mail address");
		goto out;
	}
	char team[256];
	if (app_team_address(c, cfg, team, sizeof(team)) < 0) {
		app_fail(r, APP_INTERNAL, "database error");
		goto out;
	}
	if (!team[0]) {
		app_fail(r, APP_CONFLICT,
		         "no point of contact (setup) or [intake] team_address is configured to send mail from");
		goto out;
	}
	int64_t id = iv(row, "id"), now = time_now();
	const char *key = sv(row, "key");
	subject = ack_tag_subject(
	        key, j->subject && *j->subject ? j->subject : sv(row, j->kind == APP_REC_REPORT ? "subject" : "title"));
	/* In-Reply-To: the last message received on the record. */
	mails = j->kind == APP_REC_REPORT ? store_mail_list(c, id, 0) : store_mail_list(c, 0, id);
	const char *irt = "";
	size_t n = json_array_size(mails);
	if (n)
		irt = sv(json_array_get(mails, n - 1), "message_id");
	char rnd[64], mid[300];
	secret_token(rnd, sizeof(rnd), "");
	const char *at = strchr(team, '@');
	snprintf(mid, sizeof(mid), "%.24s.hikeshi@%.200s", rnd, at && at[1] ? at + 1 : "hikeshi.invalid");
	struct store_outbox_msg o = {
	        .kind = "reply",
	        .report_id = j->kind == APP_REC_REPORT ? id : 0,
	        .incident_id = j->kind == APP_REC_INCIDENT ? id : 0,
	        .mail_from = team,
	        .mail_to = to,
	        .subject = subject,
	        .body = j->body,
	        .message_id = mid,
	        .in_reply_to = irt,
	        .refs = irt,
	        .lang = sv(row, "lang")[0] ? sv(row, "lang") : "ja",
	        .now = now,
	};
	int64_t oid;
	if (!subject || store_outbox_insert(c, &o, &oid) < 0) {
		app_fail(r, APP_INTERNAL, "the mail could not be queued");
		goto out;
	}
	if (j->kind == APP_REC_INCIDENT) {
		char *html = ack_text_html(j->body);
		json_t *data = json_pack("{s:s, s:I, s:s, s:s}", "direction", "out", "outbox_id", (json_int_t)oid, "to",
		                         to, "subject", subject);
		struct store_journal_entry e = {
		        .incident_id = id,
		        .at = now,
		        .author_id = j->ctx->actor->user_id,
		        .kind = "mail",
		        .body_md = j->body,
		        .body_html = html,
		        .data = data,
		};
		int jr = html && data ? store_journal_append(c, &e, NULL) : -1;
		free(html);
		json_decref(data);
		if (jr < 0 || store_incident_touch(c, id, now) < 0) {
			app_fail(r, APP_INTERNAL, "the journal could not be written");
			goto out;
		}
	}
	char ids[24];
	snprintf(ids, sizeof(ids), "%lld", (long long)oid);
	struct audit_actor who = {j->ctx->actor->user_id, j->ctx->actor->login};
	json_t *sum = json_pack("{s:s, s:s, s:s}", "record", key, "to", to, "subject", subject);
	int ar = sum ? audit_append(c, &who, "mail.send", "outbox", ids, sum) : -1;
	json_decref(sum);
	if (ar < 0) {
		app_fail(r, APP_INTERNAL, "the audit log could not be written");
		goto out;
	}
	json_t *rows = j->kind == APP_REC_REPORT ? store_outbox_of(c, id, 0) : store_outbox_of(c, 0, id);
	size_t k;
	json_t *it;
	json_array_foreach(rows, k, it)
	{
		if (iv(it, "id") == oid)
			r->object = json_incref(it);
	}
	json_decref(rows);
	rc = r->object ? 0 : app_fail(r, APP_INTERNAL, "the queued mail could not be read back");
out:
	free(subject);
	json_decref(mails);
	json_decref(row);
	return rc;
}

enum app_err app_mail_send(const struct app_ctx *ctx, enum app_record kind, const char *ref, const json_t *in,
                           struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER) {
		app_fail(r, APP_FORBIDDEN, "sending mail needs the handler role");
		return r->err;
	}
	const char *body = json_string_value(json_object_get(in, "body"));
	if (!body || !*body) {
		app_field_error(r, "body", "is required");
		return r->err;
	}
	struct send_job j = {ctx,
	                     r,
	                     kind,
	                     ref,
	                     json_string_value(json_object_get(in, "to")),
	                     json_string_value(json_object_get(in, "subject")),
	                     body};
	int rc = db_write(ctx->db, send_job, &j);
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	return r->err;
}
