/*
 * mailer.c - the scheduler thread of `hikeshi serve` for mail: IMAP polling
 * into reports and the SMTP outbox with retries (see mailer.h for the
 * rules), plus the admin use cases over the outbox.
 *
 * The thread wakes every second: it sends what is due in the outbox and,
 * every [imap] interval seconds, polls the mailboxes. One IMAP session
 * (one logged-in connection) serves one poll of every mailbox. Reads go
 * through a read transaction, writes through db_write jobs (the intake
 * itself through app_intake_mail). Shutdown sets `stop`, which also aborts
 * a libcurl transfer in progress, wakes the thread and joins it.
 */
#include "app/mailer.h"

#include "app/intake.h"
#include "intake/imap.h"
#include "intake/smtp.h"
#include "intake/webhook.h"
#include "core/escalation.h"
#include "lib/config.h"
#include "lib/cursor.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/escalation.h"
#include "store/intake.h"
#include "store/outbox.h"
#include "store/outbox_retry.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAILBOXES_MAX 16   /* [imap] mailboxes listed */
#define POLL_BATCH    200  /* messages ingested per mailbox and poll; the rest next time */
#define SEND_BATCH    20   /* outbox rows per batch (a full one is followed at once) */
#define BACKOFF_MAX   3600 /* seconds: retries at least hourly */
#define IMAP_TIMEOUT  60   /* seconds per IMAP command */
#define SECRET_MAX    512  /* a password file's first line */

struct mailer {
	struct db *db;
	const struct config *cfg;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop; /* set under mu; read atomically by libcurl's progress callback */
	int poll_imap, send_smtp;
	char imap_password[SECRET_MAX], smtp_password[SECRET_MAX];
	char mailbox[MAILBOXES_MAX][201];
	size_t nmailbox;
	struct actor actor;
};

static int stopping(struct mailer *m)
{
	return __atomic_load_n(&m->stop, __ATOMIC_RELAXED);
}

static const char *str_member(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int64_t int_member(const json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

/* The first line of a password file ("" when path is ""). 0 / -1. */
static int read_secret(const char *path, char *out, size_t outlen, char *err, size_t errlen, const char *what)
{
	out[0] = '\0';
	if (!path || !*path)
		return 0;
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s password_file %s: %s", what, path, strerror(errno));
		return -1;
	}
	if (!fgets(out, (int)outlen, f))
		out[0] = '\0';
	fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

/* Splits [imap] mailboxes ("INBOX, Abuse") into m->mailbox. 0 / -1. */
static int parse_mailboxes(struct mailer *m, char *err, size_t errlen)
{
	const char *p = m->cfg->imap_mailboxes;
	while (*p) {
		size_t n = strcspn(p, ",");
		const char *b = p, *e = p + n;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > b) {
			if (m->nmailbox == MAILBOXES_MAX || (size_t)(e - b) >= sizeof(m->mailbox[0])) {
				snprintf(err, errlen, "[imap] mailboxes: too many or too long (at most %d)",
				         MAILBOXES_MAX);
				return -1;
			}
			char *dst = m->mailbox[m->nmailbox];
			memcpy(dst, b, (size_t)(e - b));
			dst[e - b] = '\0';
			if (!imap_mailbox_ok(dst)) {
				snprintf(err, errlen, "[imap] mailboxes: '%s' is not a usable mailbox name", dst);
				return -1;
			}
			m->nmailbox++;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (!m->nmailbox) {
		snprintf(err, errlen, "[imap] mailboxes is empty");
		return -1;
	}
	if (m->cfg->imap_processed[0] && !imap_mailbox_ok(m->cfg->imap_processed)) {
		snprintf(err, errlen, "[imap] processed is not a usable folder name");
		return -1;
	}
	return 0;
}

int64_t mailer_backoff(int64_t base, int64_t n)
{
	int64_t d = base > 0 ? base : 1;
	for (int64_t i = 1; i < n && d < BACKOFF_MAX; i++)
		d *= 2;
	return d < BACKOFF_MAX ? d : BACKOFF_MAX;
}

/* ------------------------------------------------------------ IMAP polling */

/* After the commit: \Seen, or moved to the processed folder. */
static int mark_done(struct mailer *m, struct imap_session *s, const char *mailbox, int64_t uid)
{
	const char *folder = m->cfg->imap_processed;
	int rc = *folder ? imap_move(s, mailbox, uid, folder) : imap_mark_seen(s, mailbox, uid);
	if (rc < 0)
		log_warn("imap %s UID %lld: committed, but marking it failed (retried next poll): %s", mailbox,
		         (long long)uid, imap_error(s));
	return rc;
}

/* Messages at or below the committed position that are still waiting to
 * be marked (a crash or an IMAP error after their commit). */
static void finish_committed(struct mailer *m, struct imap_session *s, const char *mailbox, int64_t last)
{
	int64_t *uids = NULL;
	size_t n = 0;
	int unseen_only = m->cfg->imap_processed[0] == '\0';
	if (imap_search_upto(s, mailbox, last, unseen_only, POLL_BATCH, &uids, &n) < 0) {
		log_warn("imap %s: %s", mailbox, imap_error(s));
		return;
	}
	for (size_t i = 0; i < n && !stopping(m); i++)
		if (mark_done(m, s, mailbox, uids[i]) < 0)
			break;
	free(uids);
}

/* Fetches and ingests one message. 0 done (or gone), -1 stop this mailbox. */
static int ingest_one(struct mailer *m, struct imap_session *s, const char *mailbox, int64_t uidvalidity, int64_t uid)
{
	char *raw = NULL;
	size_t len = 0;
	int truncated = 0;
	int rc = imap_fetch(s, mailbox, uid, &raw, &len, &truncated);
	if (rc < 0) {
		log_warn("imap %s UID %lld: %s", mailbox, (long long)uid, imap_error(s));
		return -1;
	}
	if (rc == 0)
		return 0; /* expunged meanwhile by someone else */
	if (truncated)
		log_warn("imap %s UID %lld: larger than %d bytes; the first part is recorded", mailbox, (long long)uid,
		         IMAP_MESSAGE_MAX);
	char source[220];
	snprintf(source, sizeof(source), "imap:%s", mailbox);
	struct app_ctx ctx = {m->db, m->cfg, &m->actor};
	struct intake_position pos = {mailbox, uidvalidity, uid};
	struct app_result r;
	app_result_init(&r);
	enum app_err e = app_intake_mail(&ctx, raw, len, source, &pos, &r);
	free(raw);
	if (e != APP_OK) {
		log_error("imap %s UID %lld: not recorded (retried next poll): %s", mailbox, (long long)uid, r.detail);
		app_result_free(&r);
		return -1;
	}
	log_info("imap %s UID %lld: %s %s", mailbox, (long long)uid, str_member(r.object, "action"),
	         str_member(r.object, "tracking_number"));
	app_result_free(&r);
	mark_done(m, s, mailbox, uid);
	return 0;
}

static void poll_mailbox(struct mailer *m, struct imap_session *s, const char *mailbox)
{
	int64_t stored_validity = 0, last = 0, validity = 0;
	struct db_conn *c = db_read_begin(m->db);
	if (!c)
		return;
	int known = store_mailbox_get(c, mailbox, &stored_validity, &last);
	db_read_end(m->db, c);
	if (known < 0)
		return;
	if (imap_uidvalidity(s, mailbox, &validity) < 0) {
		log_warn("imap %s: %s", mailbox, imap_error(s));
		return;
	}
	if (!known) {
		last = 0;
	} else if (validity != stored_validity) {
		log_warn("imap %s: UIDVALIDITY changed (%lld -> %lld): reading the mailbox again; known messages are "
		         "recognised as duplicates",
		         mailbox, (long long)stored_validity, (long long)validity);
		last = 0;
	}
	finish_committed(m, s, mailbox, last);

	int64_t *uids = NULL;
	size_t n = 0;
	if (imap_search_after(s, mailbox, last, POLL_BATCH, &uids, &n) < 0) {
		log_warn("imap %s: %s", mailbox, imap_error(s));
		return;
	}
	for (size_t i = 0; i < n && !stopping(m); i++)
		if (ingest_one(m, s, mailbox, validity, uids[i]) < 0)
			break;
	free(uids);
}

static void poll_all(struct mailer *m)
{
	const struct config *cfg = m->cfg;
	struct imap_opts o = {cfg->imap_url, cfg->imap_user, m->imap_password, IMAP_TIMEOUT, &m->stop};
	char err[256];
	struct imap_session *s = imap_open(&o, err, sizeof(err));
	if (!s) {
		log_error("imap: %s", err);
		return;
	}
	if (cfg->imap_processed[0] && imap_ensure_folder(s, cfg->imap_processed) < 0)
		log_warn("imap: processed folder %s: %s", cfg->imap_processed, imap_error(s));
	for (size_t i = 0; i < m->nmailbox && !stopping(m); i++)
		poll_mailbox(m, s, m->mailbox[i]);
	imap_close(s);
}

/* ------------------------------------------------------------- the outbox */

struct outcome_job {
	int64_t id, now, next;
	int sent, final;
	const char *error;
};

static int outcome_job(struct db_conn *c, void *arg)
{
	struct outcome_job *j = arg;
	if (j->sent)
		return store_outbox_sent(c, j->id, j->now);
	return store_outbox_failed(c, j->id, j->error, j->next, j->final);
}

/* The subject as sent: "[TLP:AMBER] " in front when the row carries a
 * label (TLP 2.0: the label goes in the subject of a mail). malloc'd. */
static char *labelled_subject(const json_t *row)
{
	const char *tlp = str_member(row, "tlp"), *subject = str_member(row, "subject");
	size_t n = strlen(tlp) + strlen(subject) + 4;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s%s%s", tlp[0] ? "[" : "", tlp, tlp[0] ? "] " : "", subject);
	return s;
}

/* Records the outcome of an attempt right after it (a write job), then
 * logs it. */
static void record_outcome(struct mailer *m, const json_t *row, int64_t now, int sent, int permanent, const char *err)
{
	const struct config *cfg = m->cfg;
	struct outcome_job j = {.id = int_member(row, "id"), .now = now, .sent = sent, .error = err};
	int64_t attempts = int_member(row, "attempts") + 1;
	j.final = permanent || attempts >= cfg->smtp_max_attempts;
	j.next = now + mailer_backoff(cfg->smtp_retry_base, attempts);
	if (db_write(m->db, outcome_job, &j) != 0)
		log_error("outbox %lld: the delivery state could not be recorded", (long long)j.id);
	if (sent)
		log_info("outbox %lld: sent", (long long)j.id);
	else
		log_warn("outbox %lld: attempt %lld %s: %s", (long long)j.id, (long long)attempts,
		         j.final ? "failed for good" : "failed, will retry", err);
}

/*
 * A webhook row: the payload is built from the row (subject with its TLP
 * label, body) and the escalation's incident key and level, then POSTed.
 * The row is marked sent in a write job right after the receiver answered
 * 2xx; a crash between that answer and the commit sends it once more after
 * a restart (at least once; the X-Hikeshi-Delivery header carries the
 * outbox id so that a receiver can drop the repeat).
 */
static void send_webhook(struct mailer *m, const json_t *row)
{
	char key[64] = "", err[512] = "";
	int64_t level = 0, now;
	struct db_conn *c = db_read_begin(m->db);
	if (!c)
		return;
	int found = store_esc_brief(c, int_member(row, "escalation_id"), key, sizeof(key), &level);
	db_read_end(m->db, c);
	if (found < 0)
		return;
	char *subject = labelled_subject(row);
	char *payload = subject ? esc_webhook_payload(str_member(row, "webhook_format"), key, (int)level, subject,
	                                              str_member(row, "body"))
	                        : NULL;
	free(subject);
	enum webhook_status st = WEBHOOK_PERMFAIL;
	if (!payload) {
		snprintf(err, sizeof(err), "the webhook payload could not be built (format %s)",
		         str_member(row, "webhook_format"));
	} else {
		struct webhook_target t = {str_member(row, "webhook_url"), m->cfg->smtp_timeout, &m->stop,
		                           int_member(row, "id")};
		st = webhook_post(&t, payload, strlen(payload), err, sizeof(err));
	}
	free(payload);
	now = time_now();
	if (stopping(m) && st != WEBHOOK_SENT)
		return;
	record_outcome(m, row, now, st == WEBHOOK_SENT, st == WEBHOOK_PERMFAIL, err);
}

/* The files of outbox row id as SMTP attachments (borrowing from *files);
 * 0, or -1 on a database error (the message waits for the next tick). */
static int load_attachments(struct mailer *m, int64_t id, struct store_outbox_file **files,
                            struct smtp_attachment **att, size_t *n)
{
	struct db_conn *c = db_read_begin(m->db);
	if (!c)
		return -1;
	int rc = store_outbox_attachments(c, id, files, n);
	db_read_end(m->db, c);
	*att = NULL;
	if (rc < 0 || !*n)
		return rc;
	if (!(*att = calloc(*n, sizeof(**att)))) {
		store_outbox_files_free(*files, *n);
		return -1;
	}
	for (size_t i = 0; i < *n; i++)
		(*att)[i] = (struct smtp_attachment){(*files)[i].filename, (*files)[i].content_type, (*files)[i].data,
		                                     (*files)[i].len};
	return 0;
}

static void send_one(struct mailer *m, const json_t *row)
{
	const struct config *cfg = m->cfg;
	int64_t now = time_now();
	if (strcmp(str_member(row, "channel"), "webhook") == 0) {
		send_webhook(m, row);
		return;
	}
	struct store_outbox_file *files = NULL;
	struct smtp_attachment *att = NULL;
	size_t natt = 0;
	if (load_attachments(m, int_member(row, "id"), &files, &att, &natt) < 0)
		return; /* tried again next tick */
	char *subject = labelled_subject(row);
	if (!subject) {
		free(att);
		store_outbox_files_free(files, natt);
		return; /* out of memory: tried again next tick */
	}
	struct smtp_message msg = {
	        .from = str_member(row, "mail_from"),
	        .from_name = cfg->team_name,
	        .to = str_member(row, "mail_to"),
	        .subject = subject,
	        .body = str_member(row, "body"),
	        .message_id = str_member(row, "message_id"),
	        .in_reply_to = str_member(row, "in_reply_to"),
	        .refs = str_member(row, "refs"),
	        .auto_reply = strcmp(str_member(row, "kind"), "ack") == 0,
	        .date = int_member(row, "created_at"),
	        .attachments = att,
	        .nattachments = natt,
	};
	struct smtp_server srv = {cfg->smtp_url, cfg->smtp_user, m->smtp_password, cfg->smtp_timeout, &m->stop};
	char err[512] = "";
	char *data = NULL;
	size_t len = 0;
	enum smtp_status st = SMTP_PERMFAIL;
	if (smtp_compose(&msg, &data, &len, err, sizeof(err)) == 0)
		st = smtp_send(&srv, msg.from, msg.to, data, len, err, sizeof(err));
	free(data);
	free(subject);
	free(att);
	store_outbox_files_free(files, natt);
	if (stopping(m) && st != SMTP_SENT)
		return; /* interrupted by shutdown: not the message's fault */
	record_outcome(m, row, now, st == SMTP_SENT, st == SMTP_PERMFAIL, err);
}

/* Sends one batch of due rows. Returns 1 when the batch was full (more may
 * be due: the caller goes on without waiting for the tick), else 0. */
static int send_due(struct mailer *m)
{
	struct db_conn *c = db_read_begin(m->db);
	if (!c)
		return 0;
	/* without [smtp], mail stays queued and only webhooks go out */
	json_t *rows = m->send_smtp ? store_outbox_due(c, time_now(), SEND_BATCH)
	                            : store_outbox_due_channel(c, time_now(), SEND_BATCH, "webhook");
	db_read_end(m->db, c);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		if (stopping(m))
			break;
		send_one(m, row);
	}
	int full = json_array_size(rows) == SEND_BATCH;
	json_decref(rows);
	return full;
}

/* ------------------------------------------------------------- the thread */

static void *mailer_main(void *arg)
{
	struct mailer *m = arg;
	struct timespec next_poll = {0, 0};
	pthread_mutex_lock(&m->mu);
	while (!m->stop) {
		pthread_mutex_unlock(&m->mu);
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (m->poll_imap && now.tv_sec >= next_poll.tv_sec) {
			poll_all(m);
			clock_gettime(CLOCK_MONOTONIC, &next_poll);
			next_poll.tv_sec += m->cfg->imap_interval;
		}
		/* a backlog drains batch after batch; the tick is for new rows */
		int more = !stopping(m) && send_due(m);
		pthread_mutex_lock(&m->mu);
		if (m->stop)
			break;
		if (more)
			continue;
		struct timespec wake;
		clock_gettime(CLOCK_MONOTONIC, &wake);
		wake.tv_sec += 1; /* the outbox tick */
		if (m->poll_imap && next_poll.tv_sec < wake.tv_sec)
			wake = next_poll;
		pthread_cond_timedwait(&m->cv, &m->mu, &wake);
	}
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

int mailer_start(struct db *db, const struct config *cfg, struct mailer **out, char *err, size_t errlen)
{
	*out = NULL;
	struct mailer *m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	m->db = db;
	m->cfg = cfg;
	m->poll_imap = cfg->imap_url[0] != '\0';
	m->send_smtp = cfg->smtp_url[0] != '\0';
	actor_system(&m->actor, "mailer");
	if ((m->poll_imap && (parse_mailboxes(m, err, errlen) < 0 ||
	                      read_secret(cfg->imap_password_file, m->imap_password, sizeof(m->imap_password), err,
	                                  errlen, "[imap]") < 0)) ||
	    (m->send_smtp && read_secret(cfg->smtp_password_file, m->smtp_password, sizeof(m->smtp_password), err,
	                                 errlen, "[smtp]") < 0) ||
	    smtp_global_init() < 0) {
		if (!err[0])
			snprintf(err, errlen, "libcurl could not be initialised");
		free(m);
		return -1;
	}
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&m->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&m->mu, NULL);
	if (pthread_create(&m->thread, NULL, mailer_main, m) != 0) {
		snprintf(err, errlen, "cannot start the mailer thread");
		pthread_cond_destroy(&m->cv);
		pthread_mutex_destroy(&m->mu);
		free(m);
		return -1;
	}
	log_info("mailer: %s%s", m->poll_imap ? "polling IMAP, " : "",
	         m->send_smtp ? "sending the outbox" : "sending webhooks (no [smtp] url: mail stays queued)");
	*out = m;
	return 0;
}

void mailer_stop(struct mailer *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->mu);
	__atomic_store_n(&m->stop, 1, __ATOMIC_RELAXED);
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
	pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->cv);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

/* ------------------------------------------------------- admin use cases */

enum app_err app_outbox_list(const struct app_ctx *ctx, const char *state, const char *cursor, int limit,
                             struct app_result *r)
{
	if (ctx->actor->role < ROLE_ADMIN)
		return app_fail(r, APP_FORBIDDEN, "the outbox is for administrators"), r->err;
	int64_t before = 0;
	if (cursor) {
		char val[8];
		if (cursor_decode(cursor, val, sizeof(val), &before) < 0 || before <= 0) {
			app_field_error(r, "cursor", "is not a cursor this server issued");
			return r->err;
		}
	}
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *items = store_outbox_list(c, state, before, limit);
	db_read_end(ctx->db, c);
	if (!items)
		return app_fail(r, APP_INTERNAL, "the outbox could not be read"), r->err;
	json_t *next = json_null();
	if (json_array_size(items) > (size_t)limit) {
		json_array_remove(items, (size_t)limit);
		char cur[CURSOR_MAX];
		cursor_encode("", int_member(json_array_get(items, (size_t)limit - 1), "id"), cur);
		next = json_string(cur);
	}
	r->object = json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
	return r->err;
}

/* The API row of one outbox message, NULL when absent. */
static json_t *outbox_row(struct db_conn *c, int64_t id)
{
	json_t *page = store_outbox_list(c, NULL, id + 1, 1);
	json_t *row = json_array_get(page, 0);
	json_t *out = row && int_member(row, "id") == id ? json_incref(row) : NULL;
	json_decref(page);
	return out;
}

struct retry_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	int64_t id;
};

static int retry_job(struct db_conn *c, void *arg)
{
	struct retry_job *j = arg;
	json_t *row = outbox_row(c, j->id);
	if (!row)
		return app_fail(j->r, APP_NOT_FOUND, "no such outgoing message");
	if (strcmp(str_member(row, "state"), "failed") != 0) {
		app_fail(j->r, APP_CONFLICT, "only a failed message can be retried (this one is %s)",
		         str_member(row, "state"));
		json_decref(row);
		return -1;
	}
	json_decref(row);
	if (store_outbox_requeue(c, j->id, time_now()) != 1)
		return app_fail(j->r, APP_INTERNAL, "the message could not be queued again");
	char ids[24];
	snprintf(ids, sizeof(ids), "%lld", (long long)j->id);
	struct audit_actor who = {j->ctx->actor->user_id, j->ctx->actor->login};
	json_t *summary = json_pack("{s:s, s:s}", "before", "failed", "after", "queued");
	int rc = summary ? audit_append(c, &who, "outbox.retry", "outbox", ids, summary) : -1;
	json_decref(summary);
	if (rc < 0)
		return app_fail(j->r, APP_INTERNAL, "the audit log could not be written");
	j->r->object = outbox_row(c, j->id);
	return j->r->object ? 0 : app_fail(j->r, APP_INTERNAL, "the message could not be read back");
}

enum app_err app_outbox_retry(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	if (ctx->actor->role < ROLE_ADMIN)
		return app_fail(r, APP_FORBIDDEN, "the outbox is for administrators"), r->err;
	struct retry_job j = {ctx, r, id};
	int rc = db_write(ctx->db, retry_job, &j);
	if (rc == DB_WRITE_FAILED) {
		json_decref(r->object);
		r->object = NULL;
		app_commit_failed(r);
	} else if (rc != 0 && r->err == APP_OK) {
		app_fail(r, APP_INTERNAL, "the message could not be queued again");
	}
	return r->err;
}
