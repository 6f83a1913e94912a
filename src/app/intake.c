/*
 * Mail intake and the helpers every intake channel shares (see intake.h).
 *
 * The expensive, pure work (MIME parsing, hashing, observable extraction)
 * runs on the caller's thread before the write job, so the writer thread
 * only does SQL. Inside the job, in this order:
 *   1. the same raw bytes seen before -> "duplicate", nothing new;
 *   2. a reply -> "threaded": appended to the incident's journal (or the
 *      report's correspondence). A reply is recognised by In-Reply-To /
 *      References naming a message we received or sent for that record, or
 *      by an [INC-…]/[RPT-…] subject tag from an address that has already
 *      corresponded on that record (so nobody can write into an incident's
 *      journal by guessing its key);
 *   3. otherwise a new report, its message, attachments, observables and
 *      the acknowledgement in the outbox.
 */
#include "app/intake.h"
#include "app/setup.h"

#include "core/ack.h"
#include "core/key.h"
#include "core/observable.h"
#include "core/report_state.h"
#include "intake/mime.h"
#include "lib/config.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/incident.h"
#include "store/intake.h"
#include "store/journal.h"
#include "store/outbox.h"
#include "store/report.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_UTC_OFFSET 540
#define MAX_OBSERVABLES    500

static struct audit_actor audit_who(const struct actor *a)
{
	return (struct audit_actor){a->user_id, a->login};
}

/* --- shared helpers ------------------------------------------------------- */

int app_intake_new_report(struct db_conn *c, const struct app_ctx *ctx, json_t *row, int64_t *id, char *key,
                          struct app_result *r)
{
	const struct actor *a = ctx->actor;
	int64_t now = time_now(), seq, dup = 0;
	int offset = ctx->cfg ? ctx->cfg->utc_offset_minutes : DEFAULT_UTC_OFFSET;
	if (store_next_seq(c, "RPT", key_year_of(now, offset), &seq) < 0 ||
	    key_format(key, KEY_MAX, "RPT", key_year_of(now, offset), seq) < 0)
		return app_fail(r, APP_INTERNAL, "could not allocate a tracking number");
	const char *fp = json_string_value(json_object_get(row, "fingerprint"));
	if (fp && store_report_find_duplicate(c, fp, 0, &dup) < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	json_object_set_new(row, "key", json_string(key));
	json_object_set_new(row, "duplicate_of_id", dup ? json_integer(dup) : json_null());
	json_object_set_new(row, "created_by", a->user_id ? json_integer(a->user_id) : json_null());
	json_object_set_new(row, "created_at", json_integer(now));
	if (!json_object_get(row, "received_at"))
		json_object_set_new(row, "received_at", json_integer(now));
	if (!json_object_get(row, "state"))
		json_object_set_new(row, "state", json_string("new"));
	if (!json_object_get(row, "tlp"))
		json_object_set_new(row, "tlp", json_string("AMBER"));
	if (store_report_insert(c, row, id) < 0)
		return app_fail(r, APP_INTERNAL, "the report could not be stored");
	char ids[24];
	snprintf(ids, sizeof(ids), "%lld", (long long)*id);
	json_t *summary = json_pack("{s:s, s:O?, s:O?, s:O?}", "key", key, "channel", json_object_get(row, "channel"),
	                            "subject", json_object_get(row, "subject"), "reporter_address",
	                            json_object_get(row, "reporter_address"));
	struct audit_actor who = audit_who(a);
	int rc = summary ? audit_append(c, &who, "report.create", "report", ids, summary) : -1;
	json_decref(summary);
	if (rc < 0)
		return app_fail(r, APP_INTERNAL, "the audit log could not be written");
	return 0;
}

int app_intake_observables(struct db_conn *c, int64_t report_id, const char *text, size_t len, const char *source,
                           int64_t now)
{
	struct observable_list l = {0};
	if (observable_extract(text, len, MAX_OBSERVABLES, &l, NULL) < 0)
		return -1;
	int rc = store_observables_link(c, report_id, &l, source, now);
	observable_list_free(&l);
	return rc;
}

/* A new Message-ID for mail we send: <random@hikeshi.local-part-of-team>. */
static void new_message_id(const char *team_address, char *out, size_t outlen)
{
	char rnd[64];
	secret_token(rnd, sizeof(rnd), "");
	const char *at = team_address[0] ? strchr(team_address, '@') : NULL;
	snprintf(out, outlen, "%.24s.hikeshi@%.200s", rnd, at && at[1] ? at + 1 : "hikeshi.invalid");
}

int app_intake_queue_ack(struct db_conn *c, const struct app_ctx *ctx, int64_t report_id, const char *key,
                         const char *to, const char *orig_subject, const char *orig_message_id, const char *lang,
                         const struct mime_message *m, const char **outcome, const char **reason)
{
	const struct config *cfg = ctx->cfg;
	*outcome = "none";
	*reason = "";
	if (!cfg || !cfg->ack) {
		*reason = "acknowledgements are off";
		return 0;
	}
	char team[256];
	if (app_team_address(c, cfg, team, sizeof(team)) < 0)
		return -1;
	if (!team[0]) {
		*reason = "no team_address configured";
		return 0;
	}
	const char *why =
	        m ? ack_suppress_reason(m->return_path, m->auto_submitted, m->precedence, m->list_id, to, team)
	          : ack_suppress_reason(NULL, NULL, NULL, NULL, to, team);
	if (why) {
		*outcome = strcmp(why, "no-address") == 0 ? "none" : "suppressed";
		*reason = why;
		return 0;
	}
	/* one address, however its letters are cased */
	char addr[256];
	snprintf(addr, sizeof(addr), "%s", to);
	for (char *p = addr; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	to = addr;
	int64_t now = time_now(), sent = 0, all = 0;
	if (store_outbox_count_to(c, to, now - 3600, &sent) < 0 ||
	    store_outbox_count_kind(c, "ack", now - 3600, &all) < 0)
		return -1;
	if (sent >= cfg->ack_per_hour || all >= cfg->ack_global_per_hour) {
		*outcome = "suppressed";
		*reason = sent >= cfg->ack_per_hour ? "rate-limit" : "global-rate-limit";
		return 0;
	}
	char *subject = NULL, *body = NULL, mid[300];
	if (ack_compose(lang, cfg->team_name, key, orig_subject, &subject, &body) < 0)
		return -1;
	new_message_id(team, mid, sizeof(mid));
	struct store_outbox_msg o = {
	        .kind = "ack",
	        .report_id = report_id,
	        .mail_from = team,
	        .mail_to = to,
	        .subject = subject,
	        .body = body,
	        .message_id = mid,
	        .in_reply_to = orig_message_id,
	        .refs = orig_message_id,
	        .lang = lang,
	        .now = now,
	};
	int rc = store_outbox_insert(c, &o, NULL);
	free(subject);
	free(body);
	if (rc == 0)
		*outcome = "queued";
	return rc;
}

/* --- mail ------------------------------------------------------------------ */

static const char *const flag_names[] = {"truncated",   "too_many_parts", "too_deep",        "no_from",
                                         "bad_charset", "malformed",      "header_truncated"};

static json_t *flags_json(unsigned flags)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (flags & (1u << i))
			json_array_append_new(a, json_string(flag_names[i]));
	return a;
}

struct mail_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	const char *raw;
	size_t len;
	const char *source;
	const struct intake_position *pos;
	const struct mime_message *m;
	const char *sha;
	const struct observable_list *obs;
	const char *lang;
	char claimed[KEY_MAX]; /* a subject tag that was not trusted to thread */
};

/* The key of a report or an incident by id into key; 0 / -1. */
static int key_of(struct db_conn *c, int64_t report_id, int64_t incident_id, char *key, size_t keylen)
{
	json_t *row = NULL;
	if (incident_id) {
		if (store_incident_get(c, incident_id, &row) < 0)
			return -1;
	} else if (report_id) {
		row = store_report_get(c, report_id);
	}
	snprintf(key, keylen, "%s", row ? json_string_value(json_object_get(row, "key")) : "");
	json_decref(row);
	return 0;
}

/* Resolves a subject tag to a record: sets *report_id or *incident_id
 * (a linked report resolves to its incident, a merged incident to the
 * surviving one). 0, or -1 on error. */
static int resolve_tag(struct db_conn *c, const char *tag, int64_t *report_id, int64_t *incident_id)
{
	*report_id = *incident_id = 0;
	if (strncmp(tag, "INC-", 4) == 0) {
		json_t *row = NULL;
		int f = store_incident_get_by_key(c, tag, &row);
		if (f < 0)
			return -1;
		if (f > 0) {
			json_t *into = json_object_get(row, "merged_into_id");
			*incident_id = json_is_integer(into) ? (int64_t)json_integer_value(into)
			                                     : (int64_t)json_integer_value(json_object_get(row, "id"));
		}
		json_decref(row);
		return 0;
	}
	json_t *row = store_report_get_by_key(c, tag);
	if (row) {
		*report_id = (int64_t)json_integer_value(json_object_get(row, "id"));
		json_t *inc = json_object_get(row, "incident_id");
		if (json_is_integer(inc))
			*incident_id = (int64_t)json_integer_value(inc);
		json_decref(row);
	}
	return 0;
}

/* Finds the record a reply belongs to (see the top of this file): sets
 * *report_id / *incident_id (both 0: not a reply). 0 / -1. */
static int find_thread(struct db_conn *c, const struct config *cfg, const struct mime_message *m, int64_t *report_id,
                       int64_t *incident_id, char *claimed, size_t claimedlen)
{
	*report_id = *incident_id = 0;
	claimed[0] = '\0';
	/* In-Reply-To first, then References from the newest (last) one back. */
	char ids[8192];
	snprintf(ids, sizeof(ids), "%s %s", m->in_reply_to, m->references);
	char *save = NULL, *toks[64];
	size_t n = 0;
	for (char *t = strtok_r(ids, " \t\r\n,", &save); t && n < 64; t = strtok_r(NULL, " \t\r\n,", &save))
		toks[n++] = t;
	for (size_t i = 0; i < n; i++) {
		/* toks[0] is In-Reply-To when present; then References newest first */
		size_t k = i == 0 ? 0 : n - i;
		int f = store_mail_thread_lookup(c, toks[k], report_id, incident_id);
		if (f < 0)
			return -1;
		if (f > 0)
			return 0;
	}
	char tag[KEY_MAX];
	if (!ack_subject_tag(m->subject, tag, sizeof(tag)))
		return 0;
	int64_t rid, iid;
	if (resolve_tag(c, tag, &rid, &iid) < 0)
		return -1;
	if (!rid && !iid)
		return 0;
	/* From can be forged: a tag alone threads only when our own MTA
	 * vouches for the sender (DMARC pass) and that sender has already
	 * corresponded on the record. Otherwise the mail becomes a report of
	 * its own that names the record it claims to answer. */
	snprintf(claimed, claimedlen, "%s", tag);
	if (!ack_dmarc_pass(m->authentication_results, cfg ? cfg->authserv_id : NULL))
		return 0;
	int known = store_mail_correspondent(c, rid, iid, m->from_address);
	if (known < 0)
		return -1;
	if (!known && rid && iid) /* the report's reporter on a linked report */
		known = store_mail_correspondent(c, rid, 0, m->from_address);
	if (known < 0)
		return -1;
	if (known) {
		*report_id = rid;
		*incident_id = iid;
		claimed[0] = '\0';
	}
	return 0;
}

/* Stores the message row and its attachments' metadata. */
static int store_message(struct db_conn *c, const struct mail_job *j, int64_t report_id, int64_t incident_id,
                         int64_t now, int64_t *mail_id)
{
	const struct mime_message *m = j->m;
	json_t *flags = flags_json(m->flags);
	struct store_mail sm = {
	        .direction = "in",
	        .report_id = incident_id ? 0 : report_id,
	        .incident_id = incident_id,
	        .source = j->source,
	        .message_id = m->message_id,
	        .in_reply_to = m->in_reply_to,
	        .refs = m->references,
	        .subject = m->subject,
	        .from_header = m->from,
	        .from_address = m->from_address,
	        .to_header = m->to,
	        .cc_header = m->cc,
	        .date = m->date,
	        .auth_results = m->authentication_results,
	        .body = m->body_text,
	        .body_from_html = m->body_from_html,
	        .flags = flags,
	        .raw = j->raw,
	        .raw_len = j->len,
	        .raw_sha256 = j->sha,
	        .created_at = now,
	};
	int rc = store_mail_insert(c, &sm, mail_id);
	json_decref(flags);
	for (size_t i = 0; rc == 0 && i < m->nattachments; i++) {
		const struct mime_attachment *a = &m->attachments[i];
		struct store_attachment sa = {
		        .report_id = incident_id ? 0 : report_id,
		        .mail_id = *mail_id,
		        .filename = a->filename,
		        .declared_type = a->declared_type,
		        .detected_type = a->detected_type,
		        .size = a->size,
		        .sha256 = a->sha256,
		        .created_at = now,
		};
		rc = store_attachment_insert(c, &sa, NULL);
	}
	return rc;
}

static int thread_into(struct db_conn *c, struct mail_job *j, int64_t report_id, int64_t incident_id, int64_t now)
{
	struct app_result *r = j->r;
	const struct mime_message *m = j->m;
	int64_t mail_id;
	if (store_message(c, j, report_id, incident_id, now, &mail_id) < 0)
		return app_fail(r, APP_INTERNAL, "the message could not be stored");
	char key[KEY_MAX];
	if (key_of(c, incident_id ? 0 : report_id, incident_id, key, sizeof(key)) < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	if (incident_id) {
		char *html = ack_text_html(m->body_text);
		json_t *atts = json_array();
		for (size_t i = 0; i < m->nattachments; i++)
			json_array_append_new(atts, json_pack("{s:s, s:I, s:s}", "filename", m->attachments[i].filename,
			                                      "size", (json_int_t)m->attachments[i].size, "sha256",
			                                      m->attachments[i].sha256));
		json_t *data = json_pack("{s:s, s:I, s:s, s:s, s:s, s:o}", "direction", "in", "mail_id",
		                         (json_int_t)mail_id, "from", m->from, "from_address", m->from_address,
		                         "subject", m->subject, "attachments", atts);
		struct store_journal_entry e = {
		        .incident_id = incident_id,
		        .at = now,
		        .author_id = 0,
		        .kind = "mail",
		        .body_md = m->body_text,
		        .body_html = html,
		        .data = data,
		};
		int rc = html && data ? store_journal_append(c, &e, NULL) : -1;
		free(html);
		json_decref(data);
		if (rc < 0 || store_incident_touch(c, incident_id, now) < 0)
			return app_fail(r, APP_INTERNAL, "the journal could not be written");
	} else if (store_observables_link(c, report_id, j->obs, "text", now) < 0) {
		/* found before the job, from the same subject and body */
		return app_fail(r, APP_INTERNAL, "observables could not be stored");
	}
	char ids[24];
	snprintf(ids, sizeof(ids), "%lld", (long long)mail_id);
	json_t *summary =
	        json_pack("{s:s, s:s, s:s}", "threaded_into", key, "from", m->from_address, "subject", m->subject);
	struct audit_actor who = audit_who(j->ctx->actor);
	int rc = summary ? audit_append(c, &who, "mail.thread", "mail", ids, summary) : -1;
	json_decref(summary);
	if (rc < 0)
		return app_fail(r, APP_INTERNAL, "the audit log could not be written");
	r->object =
	        json_pack("{s:s, s:s, s:o, s:o, s:I, s:s, s:s, s:o}", "action", "threaded", "tracking_number", key,
	                  "report_id", incident_id ? json_null() : json_integer(report_id), "incident_id",
	                  incident_id ? json_integer(incident_id) : json_null(), "mail_id", (json_int_t)mail_id,
	                  "acknowledgement", "none", "acknowledgement_reason", "reply", "flags", flags_json(m->flags));
	return 0;
}

static int create_from_mail(struct db_conn *c, struct mail_job *j, int64_t now)
{
	struct app_result *r = j->r;
	const struct mime_message *m = j->m;
	const char *subject = m->subject[0] ? m->subject : "(件名なし / no subject)";
	char fp[65];
	report_fingerprint(m->from_address, m->subject, m->body_text, fp);
	json_t *details = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "message_id", m->message_id, "from", m->from,
	                            "to", m->to, "cc", m->cc, "date", m->date_raw, "source", j->source);
	if (details && j->claimed[0])
		json_object_set_new(details, "possible_reply_to", json_string(j->claimed));
	json_t *row = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "channel", "email",
	                        "reporter_name", m->from, "reporter_address", m->from_address, "received_at",
	                        (json_int_t)now, "subject", subject, "body", m->body_text, "state", "new",
	                        "fingerprint", fp, "lang", j->lang, "flags", flags_json(m->flags), "details", details);
	if (!row)
		return app_fail(r, APP_INTERNAL, "out of memory");
	int64_t id, mail_id;
	char key[KEY_MAX];
	int rc = app_intake_new_report(c, j->ctx, row, &id, key, r);
	json_decref(row);
	if (rc < 0)
		return -1;
	if (store_message(c, j, id, 0, now, &mail_id) < 0)
		return app_fail(r, APP_INTERNAL, "the message could not be stored");
	if (store_observables_link(c, id, j->obs, "text", now) < 0)
		return app_fail(r, APP_INTERNAL, "observables could not be stored");
	const char *outcome, *reason;
	if (app_intake_queue_ack(c, j->ctx, id, key, m->from_address, m->subject, m->message_id, j->lang, m, &outcome,
	                         &reason) < 0)
		return app_fail(r, APP_INTERNAL, "the acknowledgement could not be queued");
	r->object =
	        json_pack("{s:s, s:s, s:I, s:n, s:I, s:s, s:s, s:o}", "action", "created", "tracking_number", key,
	                  "report_id", (json_int_t)id, "incident_id", "mail_id", (json_int_t)mail_id, "acknowledgement",
	                  outcome, "acknowledgement_reason", reason, "flags", flags_json(m->flags));
	return 0;
}

static int mail_job(struct db_conn *c, void *arg)
{
	struct mail_job *j = arg;
	struct app_result *r = j->r;
	int64_t now = time_now(), mail_id, report_id, incident_id;
	if (store_mail_find_raw(c, j->sha, &mail_id, &report_id, &incident_id) < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	int rc;
	if (mail_id) {
		char key[KEY_MAX];
		if (key_of(c, report_id, incident_id, key, sizeof(key)) < 0)
			return app_fail(r, APP_INTERNAL, "database error");
		r->object =
		        json_pack("{s:s, s:s, s:o, s:o, s:I, s:s, s:s, s:o}", "action", "duplicate", "tracking_number",
		                  key, "report_id", report_id ? json_integer(report_id) : json_null(), "incident_id",
		                  incident_id ? json_integer(incident_id) : json_null(), "mail_id", (json_int_t)mail_id,
		                  "acknowledgement", "none", "acknowledgement_reason", "duplicate", "flags",
		                  flags_json(j->m->flags));
		rc = 0;
	} else {
		if (find_thread(c, j->ctx->cfg, j->m, &report_id, &incident_id, j->claimed, sizeof(j->claimed)) < 0)
			return app_fail(r, APP_INTERNAL, "database error");
		rc = (report_id || incident_id) ? thread_into(c, j, report_id, incident_id, now)
		                                : create_from_mail(c, j, now);
	}
	if (rc == 0 && j->pos && store_mailbox_set(c, j->pos->mailbox, j->pos->uidvalidity, j->pos->uid, now) < 0)
		return app_fail(r, APP_INTERNAL, "the mailbox position could not be stored");
	return rc;
}

enum app_err app_intake_mail(const struct app_ctx *ctx, const char *raw, size_t len, const char *source,
                             const struct intake_position *pos, struct app_result *r)
{
	const struct actor *a = ctx->actor;
	if (!a->intake_only && a->role < ROLE_HANDLER) {
		app_fail(r, APP_FORBIDDEN, "submitting mail needs the handler role or an intake token");
		return r->err;
	}
	char sha[65];
	secret_sha256_hex(raw, len, sha);
	struct mime_message *m = NULL;
	enum mime_err me = mime_parse(raw, len, NULL, &m);
	if (me == MIME_EMPTY) {
		app_field_error(r, "body", "the message is empty");
		return r->err;
	}
	if (me != MIME_OK) {
		app_fail(r, APP_INTERNAL, "%s", mime_strerror(me));
		return r->err;
	}

	/* Observables of the subject and text, found before the write job. */
	size_t tl = strlen(m->subject) + strlen(m->body_text) + 2;
	char *text = malloc(tl);
	struct observable_list obs = {0};
	if (text)
		snprintf(text, tl, "%s\n%s", m->subject, m->body_text);
	if (!text || observable_extract(text, strlen(text), MAX_OBSERVABLES, &obs, NULL) < 0) {
		free(text);
		mime_message_free(m);
		app_fail(r, APP_INTERNAL, "out of memory");
		return r->err;
	}
	const char *lang = ack_text_is_japanese(text) ? "ja" : "en";
	struct mail_job j = {ctx, r, raw, len, source ? source : "", pos, m, sha, &obs, lang, ""};
	int rc = db_write(ctx->db, mail_job, &j);
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	else if (rc != 0 && r->err == APP_OK)
		app_fail(r, APP_INTERNAL, "the message could not be stored");
	if (r->err == APP_OK && r->object)
		log_info("mail via %s: %s %s", source ? source : "",
		         json_string_value(json_object_get(r->object, "action")),
		         json_string_value(json_object_get(r->object, "tracking_number")));
	free(text);
	observable_list_free(&obs);
	mime_message_free(m);
	return r->err;
}
