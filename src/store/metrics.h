/*
 * The SQL behind the metrics (report/metrics.h, docs/METRICS.md): every
 * figure is one aggregate query over an index range of the period, so a
 * month at a million incidents reads that month's rows in the database and
 * brings only counts and sums into C.
 *
 * Every incident query leaves out exercises (is_exercise = 1) and
 * incidents merged into another (merged_into_id set), and applies the
 * scope: one constituency, the user's constituencies, and the TLP labels
 * the caller may see. Reports follow the same scope through their own
 * constituency and TLP, and leave out reports linked to an exercise.
 */
#ifndef HIKESHI_STORE_METRICS_H
#define HIKESHI_STORE_METRICS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db_conn;

#define STORE_METRICS_TLP_MAX 5

/* Who may see what, and the period [from, to) in unix seconds. */
struct store_metrics_scope {
	int64_t from, to;
	int64_t constituency_id; /* 0 = every constituency in scope */
	int64_t scope_user_id;   /* non-zero: only this user's constituencies */
	int tlp_restricted;      /* only the labels below */
	const char *tlp[STORE_METRICS_TLP_MAX];
	size_t ntlp;
};

/* What an incident count is grouped by. */
enum store_metrics_dim { SM_CATEGORY, SM_PRIORITY, SM_CONSTITUENCY, SM_STATUS };

/* Incidents created in the period grouped by dim: a new array of
 * {"key", "count"} (constituency adds "code" and "name"), largest first;
 * NULL on error. A NULL category is the key "unclassified". */
json_t *store_metrics_incidents_by(struct db_conn *c, const struct store_metrics_scope *s, enum store_metrics_dim dim);
/* Reports received in the period grouped by channel (state = 0) or state
 * (state = 1): a new array of {"key", "count"}; NULL on error. */
json_t *store_metrics_reports_by(struct db_conn *c, const struct store_metrics_scope *s, int state);

struct store_metrics_counts {
	int64_t incidents;     /* created in the period */
	int64_t reports;       /* received in the period */
	int64_t coordinations; /* incidents created in the period with external coordination */
	int64_t personal_data; /* incidents created in the period with the personal-data flag */
	int64_t damage_n;      /* incidents created in the period with an estimated damage */
	int64_t damage_sum;    /* its total in yen */
	int64_t exercises;     /* exercise incidents created in the period (shown, not counted) */
};
int store_metrics_counts(struct db_conn *c, const struct store_metrics_scope *s, struct store_metrics_counts *out);

/* The durations the reports give (docs/METRICS.md). */
enum store_metrics_span { SM_MTTA, SM_MTTC, SM_MTTR, SM_TTD };
struct store_metrics_dur {
	int64_t n;
	double mean_s, median_s; /* seconds; 0 when n = 0 */
};
int store_metrics_duration(struct db_conn *c, const struct store_metrics_scope *s, enum store_metrics_span span,
                           struct store_metrics_dur *out);

/* SLA targets, in the order of app/sla.c (out[0..3]): acknowledge,
 * first_response, containment, resolution. Of the incidents created in the period whose
 * priority has a target: met on time, breached (an sla_event 'breach' row,
 * written by the scheduler on the calendar of the policy), and pending
 * (neither yet). */
struct store_metrics_sla {
	int64_t with_target, met, breached, pending;
};
int store_metrics_sla(struct db_conn *c, const struct store_metrics_scope *s, struct store_metrics_sla out[4]);

/* Incidents open at s->to (created before it, not closed by it), and by
 * age at s->to: 0-7 days, 8-30, 31-90, over 90 (counts[4]); also by
 * priority (a new array of {"key","count"} into *by_priority, may be NULL). */
int store_metrics_backlog(struct db_conn *c, const struct store_metrics_scope *s, int64_t *open, int64_t ages[4],
                          json_t **by_priority);

struct store_metrics_tasks {
	int64_t created, done, open_at_end, overdue_at_end;
};
int store_metrics_tasks(struct db_conn *c, const struct store_metrics_scope *s, struct store_metrics_tasks *out);

/* Operational gauges for /metrics (no period, no scope): reports waiting
 * for triage (state new), enabled report schedules whose last run failed,
 * outbox rows by state (a new object state -> count), SLA breach events
 * ever recorded per target (a new object), open incidents by priority (a
 * new object). */
int store_metrics_gauges(struct db_conn *c, int64_t *reports_new, int64_t *schedules_failing, json_t **outbox,
                         json_t **sla_breaches, json_t **open_by_priority);

/* For the team report and the meeting pack, within the scope s: open
 * tasks of incidents that are not exercises or merged, [{incident_key,
 * title, assignee, due_at (RFC 3339 or ""), overdue}], oldest due first;
 * and the SLA breaches recorded in [s->from, s->to), [{incident_key,
 * target, at (RFC 3339)}]. At most limit rows; NULL on error. */
json_t *store_metrics_open_tasks(struct db_conn *c, const struct store_metrics_scope *s, int64_t now, int limit);
json_t *store_metrics_breaches(struct db_conn *c, const struct store_metrics_scope *s, int limit);

/* Reports waiting for triage (state new) now, whatever their period,
 * within the scope s (its period is not used). 0 / -1. */
int store_metrics_waiting(struct db_conn *c, const struct store_metrics_scope *s, int64_t *out);

#endif
