/*
 * Running report schedules (see report_schedule.h and scheduler.h).
 *
 * A scheduled run happens once: its write job advances next_run_at only
 * while it still holds the value the pass read (store_schedule_advance),
 * and queues the mail in the same job, so two passes (serve's thread and
 * `hikeshi scheduler run-once`, or a pass after a restart) cannot both
 * send. The report is rendered before the job, from a read transaction,
 * so the writer never waits for the PDF.
 *
 * Each occurrence reports on the period that ended before its scheduled
 * time, and next_run_at moves to the occurrence after that time: after an
 * outage the missed occurrences follow one per pass, each with its own
 * period, none twice.
 *
 * A run that fails (the report cannot be rendered, there is no From
 * address or nobody to send to) keeps next_run_at: the error goes into
 * last_error, the log and the audit trail, and the run is retried after
 * SCHEDULE_RETRY_FIRST seconds, doubling up to SCHEDULE_RETRY_MAX.
 */
#include "app/report_schedule.h"
#include "app/periodic.h"
#include "app/scheduler.h"
#include "app/setup.h"
#include "core/report_schedule.h"
#include "core/setup.h"
#include "lib/config.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/outbox.h"
#include "store/profile.h"
#include "store/report_schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNS_PER_PASS 16   /* due schedules run in one pass; the rest wait for the next one */
#define BODY_MAX      4096 /* the mail's text */

static const char *str_member(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int64_t int_member(const json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

/* --- rendering (no write job) --------------------------------------------- */

struct rendered {
	struct schedule_period p;
	char *data; /* malloc'd */
	size_t len;
	char content_type[128]; /* without parameters, as a MIME part wants it */
	char filename[160];
	char error[600]; /* "" when rendered */
};

/* A failed use case as one line: its field errors, else its detail. */
static void result_text(const struct app_result *r, char *out, size_t len)
{
	size_t i, n = 0;
	const json_t *e;
	out[0] = '\0';
	json_array_foreach(r->errors, i, e)
	{
		int w = snprintf(out + n, len - n, "%s%s: %s", n ? "; " : "", str_member(e, "field"),
		                 str_member(e, "message"));
		if (w < 0 || (size_t)w >= len - n)
			return;
		n += (size_t)w;
	}
	if (!n)
		snprintf(out, len, "%s", r->detail[0] ? r->detail : "the report could not be rendered");
}

/*
 * Renders row's report for the last full period before `at` as the system
 * (every constituency, every TLP: the report is the team's, whoever asks
 * for it). On failure rd->error says why and rd->data is NULL.
 */
static void render_at(struct db *db, const struct config *cfg, const json_t *row, int64_t at, struct rendered *rd)
{
	memset(rd, 0, sizeof(*rd));
	const char *freq = str_member(row, "frequency"), *aud = str_member(row, "audience");
	const char *lang = str_member(row, "lang"), *type = NULL, *ext = NULL;
	if (schedule_last_period(freq, at, &rd->p) < 0) {
		snprintf(rd->error, sizeof(rd->error),
		         "frequency: '%.40s' is not monthly, quarterly, half_yearly or yearly", freq);
		return;
	}
	struct actor sys;
	actor_system(&sys, "report-schedule");
	struct app_ctx ctx = {db, cfg, &sys};
	struct app_periodic_req q = {
	        .period = rd->p.spec[0] ? rd->p.spec : NULL,
	        .from = rd->p.from[0] ? rd->p.from : NULL,
	        .to = rd->p.to[0] ? rd->p.to : NULL,
	        .label = strcmp(lang, "en") == 0 ? rd->p.label_en : rd->p.label_ja,
	        .audience = aud,
	        .format = str_member(row, "format"),
	        .lang = lang,
	};
	struct app_result r;
	app_result_init(&r);
	if (app_periodic_report(&ctx, &q, &rd->data, &rd->len, &type, &ext, &r) < 0) {
		result_text(&r, rd->error, sizeof(rd->error));
		free(rd->data);
		rd->data = NULL;
	} else {
		snprintf(rd->content_type, sizeof(rd->content_type), "%.*s", (int)strcspn(type, ";"), type);
		if (schedule_filename(&rd->p, aud, ext, rd->filename, sizeof(rd->filename)) < 0)
			snprintf(rd->filename, sizeof(rd->filename), "hikeshi-report.%s", ext);
	}
	app_result_free(&r);
}

/* --- recipients --------------------------------------------------------- */

json_t *app_schedule_recipients(struct db_conn *c, const struct config *cfg, const json_t *row, int *defaulted)
{
	json_t *out = json_array(), *v;
	size_t i;
	*defaulted = 0;
	json_array_foreach(json_object_get(row, "recipients"), i, v) if (json_is_string(v) && *json_string_value(v))
	        json_array_append(out, v);
	if (json_array_size(out) == 0) {
		char team[256];
		enum schedule_default d = schedule_default_for(str_member(row, "audience"));
		json_decref(out);
		out = NULL;
		*defaulted = 1;
		if (d != SCHEDULE_TO_ADMINS) {
			if (app_team_address(c, cfg, team, sizeof(team)) < 0)
				return NULL;
			if (team[0])
				return json_pack("[s]", team);
		}
		if (!(out = store_schedule_staff_addresses(c, d == SCHEDULE_TO_TEAM_OR_STAFF)))
			return NULL;
	}
	while (json_array_size(out) > SETUP_RECIPIENTS_MAX)
		json_array_remove(out, json_array_size(out) - 1);
	return out;
}

/* --- the write job ---------------------------------------------------------- */

enum run_outcome { RUN_QUEUED, RUN_FAILED, RUN_SKIPPED };

#define RUN_ROLLBACK 1 /* the job's value when the schedule changed meanwhile: its mail is rolled back */

struct run_job {
	const struct config *cfg;
	struct audit_actor who;
	const json_t *row;
	struct rendered *rd;
	int scheduled;     /* 1: a due occurrence (conditional advance); 0: run on request */
	int64_t now;       /* the run's clock (the pass's now) */
	int64_t queued_at; /* the outbox's clock: the mail goes out at once */
	int64_t next;      /* scheduled: the occurrence after this one */
	/* results */
	enum run_outcome outcome;
	char error[600];
	char subject[512];
	int64_t retry_at;
	int defaulted;
	json_t *recipients, *outbox_ids;
};

static void run_job_reset(struct run_job *j)
{
	json_decref(j->recipients);
	json_decref(j->outbox_ids);
	j->recipients = NULL;
	j->outbox_ids = json_array();
	j->error[0] = '\0';
	j->outcome = RUN_SKIPPED;
	j->defaulted = 0;
	j->retry_at = 0;
}

static const char *period_name(const struct rendered *rd)
{
	return rd->p.label_en;
}

static json_t *period_json(const struct schedule_period *p)
{
	return json_pack("{s:s,s:s,s:s?,s:s?,s:s?}", "label_ja", p->label_ja, "label_en", p->label_en, "spec",
	                 p->spec[0] ? p->spec : NULL, "from", p->from[0] ? p->from : NULL, "to",
	                 p->to[0] ? p->to : NULL);
}

static int audit(struct db_conn *c, struct run_job *j, const char *action, json_t *summary)
{
	char id[32];
	snprintf(id, sizeof(id), "%lld", (long long)int_member(j->row, "id"));
	int rc = summary ? audit_append(c, &j->who, action, "report_schedule", id, summary) : -1;
	json_decref(summary);
	return rc;
}

/* Records a failed run (see the file comment); 0, or -1 on a database error. */
static int record_failure(struct db_conn *c, struct run_job *j, const char *error)
{
	int64_t id = int_member(j->row, "id"), failures = int_member(j->row, "failures") + 1;
	int rc;
	snprintf(j->error, sizeof(j->error), "%s", error);
	if (j->scheduled) {
		j->retry_at = j->now + schedule_retry_delay(failures);
		rc = store_schedule_failed(c, id, int_member(j->row, "next_run_at"), j->error, j->now, j->retry_at);
	} else {
		rc = store_schedule_ran(c, id, j->now, NULL, 0, j->error);
	}
	if (rc <= 0)
		return rc; /* 0: changed meanwhile (skipped) */
	j->outcome = RUN_FAILED;
	json_t *retry = j->retry_at ? json_integer(j->retry_at) : json_null();
	return audit(c, j, "report_schedule.fail",
	             json_pack("{s:s,s:s,s:o,s:O,s:o,s:I}", "trigger", j->scheduled ? "schedule" : "request", "error",
	                       j->error, "period", period_json(&j->rd->p), "scheduled_for",
	                       json_object_get(j->row, "next_run_at"), "retry_at", retry, "failures",
	                       (json_int_t)(j->scheduled ? failures : int_member(j->row, "failures"))));
}

static void new_message_id(const char *from, char *out, size_t len)
{
	char rnd[64];
	secret_token(rnd, sizeof(rnd), "");
	const char *at = strchr(from, '@');
	snprintf(out, len, "%.24s.report.hikeshi@%.200s", rnd, at && at[1] ? at + 1 : "hikeshi.invalid");
}

/* The team's name for the mail's signature: the profile's, else [intake]
 * team_name, else "CSIRT". 0 / -1. */
static int team_name(struct db_conn *c, const struct config *cfg, const char *lang, char *out, size_t len)
{
	json_t *profile = NULL;
	if (store_profile_get(c, &profile) < 0)
		return -1;
	const char *n =
	        str_member(json_object_get(profile, "doc"), strcmp(lang, "en") == 0 ? "team_name_en" : "team_name_ja");
	snprintf(out, len, "%s", *n ? n : cfg && cfg->team_name[0] ? cfg->team_name : "CSIRT");
	json_decref(profile);
	return 0;
}

/* One outbox mail with the report attached per recipient. 0 / -1. */
static int queue_mails(struct db_conn *c, struct run_job *j, const char *from)
{
	const char *freq = str_member(j->row, "frequency"), *aud = str_member(j->row, "audience");
	const char *lang = strcmp(str_member(j->row, "lang"), "en") == 0 ? "en" : "ja";
	char team[256], body[BODY_MAX];
	if (team_name(c, j->cfg, lang, team, sizeof(team)) < 0 ||
	    schedule_subject(freq, aud, &j->rd->p, j->subject, sizeof(j->subject)) < 0 ||
	    schedule_body(freq, aud, &j->rd->p, team, body, sizeof(body)) < 0)
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach(j->recipients, i, v)
	{
		char mid[300];
		int64_t id;
		new_message_id(from, mid, sizeof(mid));
		struct store_outbox_msg m = {
		        .kind = "periodic_report",
		        .mail_from = from,
		        .mail_to = json_string_value(v),
		        .subject = j->subject,
		        .body = body,
		        .message_id = mid,
		        .lang = lang,
		        .now = j->queued_at,
		        .tlp = schedule_tlp(aud),
		};
		if (store_outbox_insert(c, &m, &id) < 0 ||
		    store_outbox_attach(c, id, j->rd->filename, j->rd->content_type, j->rd->data, j->rd->len) < 0)
			return -1;
		json_array_append_new(j->outbox_ids, json_integer(id));
	}
	return 0;
}

static int run_job_fn(struct db_conn *c, void *arg)
{
	struct run_job *j = arg;
	char from[256];
	run_job_reset(j);
	if (j->rd->error[0])
		return record_failure(c, j, j->rd->error);
	if (app_team_address(c, j->cfg, from, sizeof(from)) < 0)
		return -1;
	if (!from[0])
		return record_failure(c, j,
		                      "no address to send from: set the point of contact (questionnaire, section "
		                      "poc) or [intake] team_address");
	if (!(j->recipients = app_schedule_recipients(c, j->cfg, j->row, &j->defaulted)))
		return -1;
	if (json_array_size(j->recipients) == 0)
		return record_failure(c, j,
		                      "no recipients: the schedule lists none and its audience's default "
		                      "(admins, or the team address) has no address");
	if (queue_mails(c, j, from) < 0)
		return -1;
	int64_t id = int_member(j->row, "id"), first = json_integer_value(json_array_get(j->outbox_ids, 0));
	int rc = j->scheduled ? store_schedule_advance(c, id, int_member(j->row, "next_run_at"), j->next, j->now,
	                                               period_name(j->rd), first)
	                      : store_schedule_ran(c, id, j->now, period_name(j->rd), first, NULL);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return RUN_ROLLBACK; /* another pass ran it, or it was changed: nothing is sent */
	j->outcome = RUN_QUEUED;
	json_t *next = j->scheduled ? json_integer(j->next) : json_deep_copy(json_object_get(j->row, "next_run_at"));
	return audit(c, j, "report_schedule.run",
	             json_pack("{s:s,s:o,s:O,s:o,s:O,s:b,s:O,s:s,s:s,s:I}", "trigger",
	                       j->scheduled ? "schedule" : "request", "period", period_json(&j->rd->p), "scheduled_for",
	                       json_object_get(j->row, "next_run_at"), "next_run_at", next, "recipients", j->recipients,
	                       "default_recipients", j->defaulted, "outbox_ids", j->outbox_ids, "subject", j->subject,
	                       "filename", j->rd->filename, "bytes", (json_int_t)j->rd->len));
}

/* Runs the job; 0 when it committed (or was rolled back on purpose), -1
 * when the database failed (logged). */
static int run_write(struct db *db, struct run_job *j)
{
	int rc = db_write(db, run_job_fn, j);
	if (rc == RUN_ROLLBACK) {
		j->outcome = RUN_SKIPPED;
		json_array_clear(j->outbox_ids);
		return 0;
	}
	if (rc != 0) {
		log_error("report schedule %lld: the run could not be recorded (database error %d)",
		          (long long)int_member(j->row, "id"), rc);
		return -1;
	}
	return 0;
}

static void run_job_free(struct run_job *j)
{
	json_decref(j->recipients);
	json_decref(j->outbox_ids);
}

/* --- the scheduler pass ----------------------------------------------------- */

/* Runs one due occurrence of row. 0, or -1 on a database error. */
static int run_due(struct db *db, const struct config *cfg, const json_t *row, int64_t now)
{
	int64_t id = int_member(row, "id"), at = int_member(row, "next_run_at");
	int h = 0, m = 0;
	struct rendered rd;
	render_at(db, cfg, row, at, &rd);
	struct run_job j = {.cfg = cfg,
	                    .who = {0, "scheduler"},
	                    .row = row,
	                    .rd = &rd,
	                    .scheduled = 1,
	                    .now = now,
	                    .queued_at = time_now()};
	if (setup_parse_hhmm(str_member(row, "time"), &h, &m) < 0 && !rd.error[0])
		snprintf(rd.error, sizeof(rd.error), "time: '%.20s' is not HH:MM", str_member(row, "time"));
	j.next = setup_next_run(str_member(row, "frequency"), (int)int_member(row, "day"), h, m, at);
	int rc = run_write(db, &j);
	if (rc == 0 && j.outcome == RUN_QUEUED)
		log_info("report schedule %lld: %s (%s, %zu bytes) queued for %zu recipient(s)", (long long)id,
		         rd.p.label_en, rd.filename, rd.len, json_array_size(j.recipients));
	else if (rc == 0 && j.outcome == RUN_FAILED)
		log_warn("report schedule %lld: the run for %s failed (retry in %lld s): %s", (long long)id,
		         rd.p.label_en, (long long)(j.retry_at - now), j.error);
	free(rd.data);
	run_job_free(&j);
	return rc;
}

int app_report_schedule_pass(struct db *db, const struct config *cfg, int64_t now)
{
	struct db_conn *c = db_read_begin(db);
	if (!c)
		return -1;
	json_t *due = store_schedule_due(c, now), *row;
	db_read_end(db, c);
	if (!due)
		return -1;
	int rc = 0;
	size_t i;
	json_array_foreach(due, i, row)
	{
		if (i == RUNS_PER_PASS)
			break;
		if (run_due(db, cfg, row, now) < 0)
			rc = -1;
	}
	json_decref(due);
	return rc;
}

/* --- run on request ---------------------------------------------------------- */

static json_t *load_schedule(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	int found = 0;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		app_fail(r, APP_UNAVAILABLE, "the database is not available");
		return NULL;
	}
	json_t *row = store_schedule_get(c, id, &found);
	db_read_end(ctx->db, c);
	if (!row && found)
		app_fail(r, APP_INTERNAL, "the report schedule could not be read");
	else if (!row)
		app_fail(r, APP_NOT_FOUND, "there is no report schedule %lld", (long long)id);
	return row;
}

int app_report_schedule_run(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	if (ctx->actor->role != ROLE_ADMIN)
		return app_fail(r, APP_FORBIDDEN, "only an admin may run a report schedule");
	json_t *row = load_schedule(ctx, id, r);
	if (!row)
		return -1;
	struct rendered rd;
	int64_t now = time_now();
	render_at(ctx->db, ctx->cfg, row, now, &rd);
	struct run_job j = {.cfg = ctx->cfg,
	                    .who = {ctx->actor->user_id, ctx->actor->login},
	                    .row = row,
	                    .rd = &rd,
	                    .now = now,
	                    .queued_at = now};
	int rc = run_write(ctx->db, &j);
	if (rc < 0)
		app_fail(r, APP_UNAVAILABLE, "the run could not be recorded; nothing was sent");
	else if (j.outcome == RUN_SKIPPED)
		app_fail(r, APP_NOT_FOUND, "there is no report schedule %lld", (long long)id);
	else if (j.outcome == RUN_FAILED)
		app_fail(r, APP_CONFLICT, "the report of schedule %lld could not be queued: %s", (long long)id,
		         j.error);
	else
		r->object = json_pack("{s:I,s:o,s:O,s:b,s:O,s:O,s:s,s:s,s:s,s:I}", "schedule_id", (json_int_t)id,
		                      "period", period_json(&rd.p), "recipients", j.recipients, "default_recipients",
		                      j.defaulted, "outbox_id", json_array_get(j.outbox_ids, 0), "outbox_ids",
		                      j.outbox_ids, "subject", j.subject, "filename", rd.filename, "content_type",
		                      rd.content_type, "bytes", (json_int_t)rd.len);
	free(rd.data);
	run_job_free(&j);
	json_decref(row);
	return r->err == APP_OK ? 0 : -1;
}
