/*
 * The alert webhook use case (see alert.h).
 *
 * The whole batch is one db_write() job: every alert is folded or created
 * inside the same savepoint, so one failure rolls back all of them and the
 * caller's 201 means every alert of the batch is committed and fsync'd.
 * A batch of 10,000 alerts holds the writer for that long; other writers
 * wait behind it, which is the price of all-or-nothing.
 *
 * Audit: creating a report writes its "report.create" row (inside
 * app_intake_new_report); every repeat writes one "report.alert_repeat"
 * row naming the report, its new seen_count and the repeat's source_ref.
 * A repeat changes the report (version + 1) like any other change, so it
 * gets its own row rather than one summary row per batch: the log then
 * answers "what happened to report N" without decoding batch summaries,
 * and the cost (one SHA-256 and two small inserts) is small beside the
 * report insert and its full-text indexing.
 */
#include "app/alert.h"

#include "app/intake.h"
#include "core/key.h"
#include "core/report_state.h"
#include "lib/buf.h"
#include "lib/timeutil.h"
#include "store/alert.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/intake.h"
#include "store/report.h"

#include <stdio.h>
#include <string.h>

/* Longest dedupe key: "alert:" + source (100) + 0x1f + source_ref (500). */
#define DEDUPE_KEY_MAX 640

struct submit_job {
	const struct app_ctx *ctx;
	const struct alert_in *alerts;
	size_t n;
	struct app_result *r;
	int64_t now;
	struct buf text; /* title + description of the current alert */
	int64_t first_id, last_id; /* reports created by this batch (indexed at its end) */
};

int app_alert_dedupe_key(const struct alert_in *a, char *out, size_t outlen)
{
	int w;
	if (a->fingerprint && a->fingerprint[0])
		w = snprintf(out, outlen, "%s", a->fingerprint);
	else if (a->source_ref && a->source_ref[0])
		/* 0x1f cannot occur in either part: both are validated text */
		w = snprintf(out, outlen, "alert:%s\x1f%s", a->source, a->source_ref);
	else
		w = snprintf(out, outlen, "%s", "");
	return w < 0 || (size_t)w >= outlen ? -1 : 0;
}

/* details: the channel's own fields, raw kept as the SIEM sent it. New
 * reference. */
static json_t *alert_details(const struct alert_in *a)
{
	json_t *obs = json_null();
	if (a->observed_at) {
		char t[32];
		time_format(a->observed_at, t);
		obs = json_string(t);
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:O}", "source", a->source, "source_ref", a->source_ref, "severity",
	                 a->severity, "observed_at", obs, "raw", a->raw ? a->raw : json_null());
}

/* Creates the report of a first-seen alert; sets *id and key. 0 / -1. */
static int create_report(struct db_conn *c, struct submit_job *j, const struct alert_in *a, const char *dkey,
                         int64_t *id, char *key)
{
	char fp[65];
	report_fingerprint(a->source, a->title, a->description, fp);
	json_t *row =
	        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:i}", "channel", "soc",
	                  "reporter_name", a->source, "reporter_address", "", "subject", a->title, "body",
	                  a->description, "state", "new", "tlp", "AMBER", "lang", a->lang, "fingerprint", fp, "details",
	                  alert_details(a), "dedupe_key", dkey[0] ? json_string(dkey) : json_null(), "received_at",
	                  (json_int_t)j->now, "last_seen_at", (json_int_t)(a->observed_at ? a->observed_at : j->now),
	                  "fts_batch", 1);
	if (!row)
		return app_fail(j->r, APP_INTERNAL, "out of memory");
	int rc = app_intake_new_report(c, j->ctx, row, id, key, j->r);
	json_decref(row);
	return rc;
}

/* Folds a repeat into report id: seen_count + 1, last_seen_at, audit row.
 * Sets key and *seen. 0 / -1. */
static int fold_repeat(struct db_conn *c, struct submit_job *j, const struct alert_in *a, int64_t id, char *key,
                       int64_t *seen)
{
	int64_t at = a->observed_at ? a->observed_at : j->now;
	if (store_report_seen_again(c, id, at, j->now) < 0 || store_alert_report_brief(c, id, key, KEY_MAX, seen) != 1)
		return app_fail(j->r, APP_INTERNAL, "the repeated alert could not be recorded");
	char ids[24], t[32];
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	time_format(at, t);
	json_t *summary = json_pack("{s:I, s:s, s:s, s:s}", "seen_count", (json_int_t)*seen, "last_seen_at", t,
	                            "source", a->source, "source_ref", a->source_ref);
	struct audit_actor who = {j->ctx->actor->user_id, j->ctx->actor->login};
	int rc = summary ? audit_append(c, &who, "report.alert_repeat", "report", ids, summary) : -1;
	json_decref(summary);
	if (rc < 0)
		return app_fail(j->r, APP_INTERNAL, "the audit log could not be written");
	return 0;
}

/* Links the alert's own observables and those found in its title and
 * description to report id. 0 / -1. */
static int link_observables(struct db_conn *c, struct submit_job *j, const struct alert_in *a, int64_t id)
{
	if (a->observables.count && store_observables_link(c, id, &a->observables, "alert", j->now) < 0)
		return app_fail(j->r, APP_INTERNAL, "the observables could not be stored");
	buf_reset(&j->text);
	if (buf_puts(&j->text, a->title) < 0 || buf_puts(&j->text, "\n") < 0 || buf_puts(&j->text, a->description) < 0)
		return app_fail(j->r, APP_INTERNAL, "out of memory");
	if (app_intake_observables(c, id, j->text.data, j->text.len, "text", j->now) < 0)
		return app_fail(j->r, APP_INTERNAL, "the observables could not be stored");
	return 0;
}

/* One alert: fold or create, link observables, append its result item. */
static int one_alert(struct db_conn *c, struct submit_job *j, size_t i, json_t *items, int64_t *created)
{
	const struct alert_in *a = &j->alerts[i];
	char dkey[DEDUPE_KEY_MAX], key[KEY_MAX];
	int64_t id = 0, seen = 1;
	if (app_alert_dedupe_key(a, dkey, sizeof(dkey)) < 0)
		return app_fail(j->r, APP_INTERNAL, "alert %zu: dedupe key too long", i);
	if (dkey[0] && store_report_find_dedupe(c, dkey, &id) < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	int repeat = id != 0;
	if (repeat ? fold_repeat(c, j, a, id, key, &seen) : create_report(c, j, a, dkey, &id, key))
		return -1;
	if (link_observables(c, j, a, id) < 0)
		return -1;
	*created += !repeat;
	if (!repeat) {
		if (!j->first_id)
			j->first_id = id;
		j->last_id = id;
	}
	json_t *item =
	        json_pack("{s:I, s:s, s:I, s:s, s:I}", "index", (json_int_t)i, "action", repeat ? "updated" : "created",
	                  "report_id", (json_int_t)id, "tracking_number", key, "seen_count", (json_int_t)seen);
	if (!item || json_array_append_new(items, item) < 0)
		return app_fail(j->r, APP_INTERNAL, "out of memory");
	return 0;
}

static int submit_job(struct db_conn *c, void *arg)
{
	struct submit_job *j = arg;
	json_t *items = json_array();
	int64_t created = 0;
	if (!items)
		return app_fail(j->r, APP_INTERNAL, "out of memory");
	j->now = time_now();
	j->first_id = j->last_id = 0;
	for (size_t i = 0; i < j->n; i++) {
		if (one_alert(c, j, i, items, &created) < 0) {
			json_decref(items);
			return -1;
		}
	}
	/* the new reports enter the search index in one statement */
	if (j->first_id && store_report_fts_index(c, j->first_id, j->last_id) < 0) {
		json_decref(items);
		return app_fail(j->r, APP_INTERNAL, "the reports could not be indexed");
	}
	j->r->object = json_pack("{s:I, s:I, s:o}", "created", (json_int_t)created, "updated",
	                         (json_int_t)((int64_t)j->n - created), "items", items);
	if (!j->r->object)
		return app_fail(j->r, APP_INTERNAL, "out of memory");
	return 0;
}

enum app_err app_alerts_submit(const struct app_ctx *ctx, const struct alert_in *alerts, size_t n, struct app_result *r)
{
	const struct actor *a = ctx->actor;
	if (a->role < ROLE_HANDLER && !a->intake_only)
		return app_fail(r, APP_FORBIDDEN, "submitting alerts needs the handler role or an intake token"),
		       r->err;
	if (n < 1 || n > ALERT_BATCH_MAX)
		return app_fail(r, APP_INVALID, "a batch holds 1 to %d alerts", ALERT_BATCH_MAX), r->err;
	struct submit_job j = {ctx, alerts, n, r, 0, {0}, 0, 0};
	buf_init(&j.text, 2 * 1024 * 1024); /* title (1000) + description (100000), with room */
	int rc = db_write(ctx->db, submit_job, &j);
	buf_free(&j.text);
	if (rc == DB_WRITE_FAILED) {
		json_decref(r->object);
		r->object = NULL;
		app_commit_failed(r);
	} else if (rc != 0 && r->err == APP_OK) {
		app_fail(r, APP_INTERNAL, "the alerts could not be stored");
	}
	if (rc != 0) {
		json_decref(r->object); /* never a partial answer */
		r->object = NULL;
	}
	return r->err;
}
