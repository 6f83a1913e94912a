/*
 * The scheduler's SLA pass (app_sla_pass, see app/scheduler.h).
 *
 * Driven by what the database says is due: every open incident carries
 * sla_next_at, the next instant one of its unmet targets reaches near or
 * breach (0 after any change that moves a deadline, kept so by the
 * triggers of migration 0006 and by the policy and calendar writes). A
 * pass first asks a reader whether anything is due (one index probe; an
 * idle pass writes nothing and costs no fsync). Otherwise it takes the due
 * incidents in chunks, each chunk one write job that reads only the
 * incidents' timer columns through the partial index of open incidents by
 * sla_next_at, computes the deadlines in C, and for each target that newly
 * reached near or breach (not yet in the incident's sla_events bits) inserts the sla_event
 * row (its primary key makes it once-only), appends a journal entry and
 * calls app_escalation_on_sla() — all in that job, so a crash loses
 * nothing and a restart does nothing twice — and then sets the incident's
 * next sla_next_at.
 *
 * The set-up (policies, calendar) is read inside each job, so a policy
 * change committed between two jobs is never overwritten by a stale
 * deadline.
 */
#include "app/scheduler.h"
#include "app/sla_impl.h"
#include "core/markdown.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "store/db.h"
#include "store/journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK       1000 /* incidents per write job: bounds how long the writer is held */
#define MAX_CHUNKS  1000 /* per pass: a million incidents, then the next pass goes on */
#define RETRY_LATER 300  /* seconds before an incident whose job failed is tried again */

struct pass_job {
	struct db *db;
	const struct config *cfg;
	int64_t now;
	int max;           /* incidents to take */
	int taken, events; /* out */
};

static const char *target_ja(enum sla_target t)
{
	static const char *const ja[TGT_COUNT] = {"受付確認", "初回応答", "封じ込め", "解決"};
	return ja[t];
}

/* Records one state of one target: the event row, then (only if it is
 * new) the journal entry and the escalation hook. 1 new, 0 known, -1. */
static int record(struct db_conn *c, struct pass_job *j, const struct store_sla_incident *in, enum sla_target t,
                  enum sla_state st, int64_t due_at)
{
	const char *state = sla_state_name(st);
	int rc = store_sla_event_add(c, in->id, sla_target_names[t], state, j->now);
	if (rc <= 0)
		return rc;
	char due[32], md[256];
	time_format(due_at, due);
	snprintf(md, sizeof(md), "SLA %s: %s (%s) — 期限 due %s",
	         st == SLA_BREACH ? "期限超過 breach" : "期限間近 near", target_ja(t), sla_target_names[t], due);
	char *html = markdown_to_html(md, strlen(md));
	json_t *data = json_pack("{s:s, s:s, s:s, s:s}", "target", sla_target_names[t], "state", state, "due_at", due,
	                         "priority", in->priority);
	struct store_journal_entry e = {
	        .incident_id = in->id, .at = j->now, .kind = "sla", .body_md = md, .body_html = html, .data = data};
	rc = html && data ? store_journal_append(c, &e, NULL) : -1;
	free(html);
	json_decref(data);
	if (rc < 0)
		return -1;
	struct actor sys;
	actor_system(&sys, "scheduler");
	struct app_ctx ctx = {j->db, j->cfg, &sys};
	if (app_escalation_on_sla(c, &ctx, in->id, sla_target_names[t], state, j->now) < 0)
		return -1;
	j->events++;
	return 1;
}

/* Evaluates one incident, records what it reached and sets when to look
 * again. 0 / -1. */
static int evaluate(struct db_conn *c, struct pass_job *j, const struct sla_setup *s,
                    const struct store_sla_incident *in)
{
	const struct sla_policy_c *p = sla_setup_policy(s, in->priority);
	int64_t next = SLA_NEVER;
	unsigned events = in->events;
	if (p) {
		struct sla_calendar cal;
		sla_setup_calendar(s, p, &cal);
		for (int t = 0; t < TGT_COUNT; t++) {
			if (p->minutes[t] < 0 || sla_met_at(in, t))
				continue;
			int64_t near_at, due_at;
			sla_timer_deadlines(&cal, in->created_at, p->minutes[t], p->near_percent, &near_at, &due_at);
			enum sla_state st = SLA_OK;
			if (j->now >= due_at) {
				st = SLA_BREACH;
			} else if (j->now >= near_at) {
				st = SLA_NEAR;
				next = due_at < next ? due_at : next;
			} else {
				next = near_at < next ? near_at : next;
			}
			unsigned bit = 1u << (2 * t + (st == SLA_BREACH));
			if (st == SLA_OK || (events & bit))
				continue; /* nothing reached, or recorded before */
			if (record(c, j, in, t, st, due_at) < 0)
				return -1;
			events |= bit;
		}
	}
	return store_sla_set_next(c, in->id, next, events);
}

static int pass_job_fn(struct db_conn *c, void *arg)
{
	struct pass_job *j = arg;
	struct sla_setup s;
	struct store_sla_incident *due = malloc((size_t)j->max * sizeof(*due));
	int rc = -1;
	if (!due || sla_setup_load(c, j->cfg, &s) < 0)
		goto out_nosetup;
	int n = store_sla_due(c, j->now, due, j->max);
	if (n < 0)
		goto out;
	for (int i = 0; i < n; i++)
		if (evaluate(c, j, &s, &due[i]) < 0)
			goto out;
	j->taken = n;
	rc = 0;
out:
	sla_setup_free(&s);
out_nosetup:
	free(due);
	return rc;
}

/* After a failed chunk: one incident per job, so one bad incident cannot
 * hold the others back; the one that fails again is put off RETRY_LATER.
 * 0 / -1. */
struct put_off_job {
	int64_t id, at;
	unsigned events;
};

static int put_off_fn(struct db_conn *c, void *arg)
{
	struct put_off_job *p = arg;
	return store_sla_set_next(c, p->id, p->at, p->events);
}

static int one_by_one(struct db *db, const struct config *cfg, int64_t now, int count, int *events)
{
	for (int i = 0; i < count; i++) {
		struct pass_job j = {db, cfg, now, 1, 0, 0};
		int rc = db_write(db, pass_job_fn, &j);
		*events += j.events;
		if (rc == 0 && j.taken == 0)
			return 0;
		if (rc == 0)
			continue;
		/* find which incident failed and put it off */
		struct store_sla_incident in;
		struct db_conn *c = db_read_begin(db);
		int n = c ? store_sla_due(c, now, &in, 1) : -1;
		if (c)
			db_read_end(db, c);
		if (n != 1)
			return -1;
		log_warn("sla: incident %lld could not be evaluated; trying again in %d s", (long long)in.id,
		         RETRY_LATER);
		struct put_off_job p = {in.id, now + RETRY_LATER, in.events};
		if (db_write(db, put_off_fn, &p) != 0)
			return -1;
	}
	return 0;
}

int app_sla_pass(struct db *db, const struct config *cfg, int64_t now)
{
	struct db_conn *c = db_read_begin(db);
	if (!c)
		return -1;
	int any = store_sla_any_due(c, now);
	db_read_end(db, c);
	if (any <= 0)
		return any;
	int events = 0, total = 0;
	for (int k = 0; k < MAX_CHUNKS; k++) {
		struct pass_job j = {db, cfg, now, CHUNK, 0, 0};
		int rc = db_write(db, pass_job_fn, &j);
		if (rc != 0) {
			log_warn("sla: a pass over %d incidents failed (%d); going one by one", CHUNK, rc);
			if (one_by_one(db, cfg, now, CHUNK, &events) < 0)
				return -1;
			continue;
		}
		events += j.events;
		total += j.taken;
		if (j.taken < CHUNK)
			break;
	}
	if (events)
		log_info("sla: %d incidents evaluated, %d new near-breach or breach events", total, events);
	return 0;
}
