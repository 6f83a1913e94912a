/*
 * Unit tests for the metrics (report/metrics.c, store/metrics.c) on a real
 * SQLite file: period parsing in Asia/Tokyo, and every figure of October
 * 2026 over a fixed data set whose answers were worked out by hand (see
 * the comments at each row). The SLA breach rows are written as the
 * scheduler would, after core/sla.c decided them on the business calendar
 * (Mon-Fri 09:00-18:00 JST, 2026-10-12 Sports Day off).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/jpholiday.h"
#include "core/sla.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "report/metrics.h"
#include "store/db.h"

static char dir[256];
static struct db *db;

/* Unix seconds of a local (JST) time. */
static int64_t jst(int y, int mo, int d, int h, int mi)
{
	return (int64_t)jp_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 - 9 * 3600;
}

static void assert_period(const char *spec, const char *from, const char *to, const char *label)
{
	struct metrics_period p;
	char a[32], b[32];
	assert_int_equal(metrics_period_parse(spec, &p), 0);
	time_format(p.from, a);
	time_format(p.to, b);
	assert_string_equal(a, from);
	assert_string_equal(b, to);
	assert_string_equal(p.label, label);
}

static void test_period_parse(void **state)
{
	(void)state;
	assert_period("2026-10", "2026-09-30T15:00:00Z", "2026-10-31T15:00:00Z", "2026-10");
	assert_period("2026-12", "2026-11-30T15:00:00Z", "2026-12-31T15:00:00Z", "2026-12");
	assert_period("2026-Q3", "2026-06-30T15:00:00Z", "2026-09-30T15:00:00Z", "2026-Q3");
	assert_period("2026-q1", "2025-12-31T15:00:00Z", "2026-03-31T15:00:00Z", "2026-Q1");
	assert_period("2026-H1", "2025-12-31T15:00:00Z", "2026-06-30T15:00:00Z", "2026-H1");
	assert_period("2026-H2", "2026-06-30T15:00:00Z", "2026-12-31T15:00:00Z", "2026-H2");
	assert_period("2026", "2025-12-31T15:00:00Z", "2026-12-31T15:00:00Z", "2026");
	struct metrics_period p, q;
	const char *bad[] = {"2026-13", "2026-00", "2026-Q5", "2026-H3", "26-10", "2026-1", "2026/10", "", "1969"};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		assert_int_equal(metrics_period_parse(bad[k], &p), -1);

	assert_int_equal(metrics_period_parse("2026-01", &p), 0);
	metrics_period_previous(&p, &q);
	assert_string_equal(q.label, "2025-12");
	assert_int_equal(q.to, p.from);
	metrics_period_parse("2026-Q1", &p);
	metrics_period_previous(&p, &q);
	assert_string_equal(q.label, "2025-Q4");
	metrics_period_year_ago(&p, &q);
	assert_string_equal(q.label, "2025-Q1");

	/* Explicit dates are local and the end date is included. */
	assert_int_equal(metrics_period_range("2026-10-01", "2026-10-31", &q), 0);
	metrics_period_parse("2026-10", &p);
	assert_int_equal(q.from, p.from);
	assert_int_equal(q.to, p.to);
	struct metrics_period r;
	metrics_period_previous(&q, &r);
	assert_int_equal(r.to, q.from);
	assert_int_equal(r.to - r.from, q.to - q.from);
	metrics_period_year_ago(&q, &r);
	assert_int_equal(r.from, jst(2025, 10, 1, 0, 0));
	assert_int_equal(metrics_period_range("2026-10-31", "2026-10-01", &q), -1);
	assert_int_equal(metrics_period_range("2026-02-30", "2026-03-01", &q), -1);
	assert_int_equal(metrics_period_range("2026-10-01T00:00:00+09:00", "2026-10-02T00:00:00+09:00", &q), 0);
	assert_int_equal(q.to - q.from, 86400);

	/* The month containing an instant, in JST: 2026-10-31T16:00Z is November there. */
	metrics_period_month_of(jst(2026, 11, 1, 1, 0), 0, &q);
	assert_string_equal(q.label, "2026-11");
	metrics_period_month_of(jst(2026, 11, 1, 1, 0), 11, &q);
	assert_string_equal(q.label, "2025-12");
}

/* --- the data set ----------------------------------------------------------- */

struct inc {
	int64_t id;
	const char *cat, *prio, *status, *tlp;
	int64_t constituency, exercise, damage; /* damage < 0: none */
	int64_t occurred, detected, reported, acked, contained, resolved, closed, created;
};

#define NONE 0
static struct inc incs[11];

static void define_incidents(void)
{
	struct inc d[] = {
	        /* I1 P2: TTD 12 h, MTTA 0.5 h, MTTC 4 h (from detection), MTTR 24 h. */
	        {1, "malware", "P2", "closed", "GREEN", 1, 0, 1000000, jst(2026, 9, 30, 21, 0), jst(2026, 10, 1, 9, 0),
	         jst(2026, 10, 1, 10, 0), jst(2026, 10, 1, 10, 30), jst(2026, 10, 1, 13, 0), jst(2026, 10, 2, 9, 0),
	         jst(2026, 10, 2, 10, 0), jst(2026, 10, 1, 10, 0)},
	        /* I2 P3 Friday 17:00 -> Monday 10:00: 65 h on the clock, 2 business hours (met). Open. */
	        {2, "phishing", "P3", "analysis", "AMBER", 1, 0, -1, NONE, NONE, NONE, jst(2026, 10, 5, 10, 0), NONE,
	         NONE, NONE, jst(2026, 10, 2, 17, 0)},
	        /* I3 P3 Monday 09:00 -> 14:00: 5 business hours (breach); MTTR 105 h. */
	        {3, "phishing", "P3", "closed", "RED", 2, 0, 500000, NONE, NONE, NONE, jst(2026, 10, 5, 14, 0), NONE,
	         jst(2026, 10, 9, 18, 0), jst(2026, 10, 9, 18, 0), jst(2026, 10, 5, 9, 0)},
	        /* I4: an exercise; must not count anywhere. */
	        {4, "malware", "P1", "closed", "CLEAR", 1, 1, 9999999, jst(2026, 10, 2, 0, 0), jst(2026, 10, 3, 9, 0),
	         NONE, jst(2026, 10, 3, 10, 0), jst(2026, 10, 3, 11, 0), jst(2026, 10, 3, 12, 0),
	         jst(2026, 10, 3, 13, 0), jst(2026, 10, 3, 9, 0)},
	        /* I5 P1: ack after 10 min, contained after 2 h; open; coordinated (level-5 escalation). */
	        {5, "malware", "P1", "containment", "CLEAR", 2, 0, -1, NONE, NONE, NONE, jst(2026, 10, 20, 0, 10),
	         jst(2026, 10, 20, 2, 0), NONE, NONE, jst(2026, 10, 20, 0, 0)},
	        /* I6 P4 from September, still open (resolved 15 Oct, not closed): MTTR 840 h. */
	        {6, "scan", "P4", "recovery", "GREEN", 1, 0, -1, NONE, NONE, NONE, NONE, NONE, jst(2026, 10, 15, 12, 0),
	         NONE, jst(2026, 9, 10, 12, 0)},
	        /* I7 P4 from June, closed after the period: in the backlog, over 90 days old. */
	        {7, "scan", "P4", "closed", "GREEN", 1, 0, -1, NONE, NONE, NONE, NONE, NONE, NONE,
	         jst(2026, 11, 5, 9, 0), jst(2026, 6, 1, 9, 0)},
	        /* I8: October 2025, for the year-ago comparison. */
	        {8, "scan", "P3", "closed", "GREEN", 1, 0, -1, NONE, NONE, NONE, NONE, NONE, NONE,
	         jst(2025, 10, 20, 9, 0), jst(2025, 10, 10, 9, 0)},
	        /* I9 P4 Saturday, closed Sunday, never acknowledged: pending; coordinated (mail to an external
	           contact). */
	        {9, "scan", "P4", "closed", "GREEN", 1, 0, -1, NONE, NONE, NONE, NONE, NONE, NONE,
	         jst(2026, 10, 11, 12, 0), jst(2026, 10, 10, 10, 0)},
	        /* I10 P3 Friday 17:00 -> Tuesday 11:00 over Sports Day (12 Oct): 3 business hours (met); MTTA 90 h,
	         * MTTR 91 h. */
	        {10, "phishing", "P3", "closed", "GREEN", 1, 0, -1, NONE, NONE, NONE, jst(2026, 10, 13, 11, 0), NONE,
	         jst(2026, 10, 13, 12, 0), jst(2026, 10, 13, 12, 0), jst(2026, 10, 9, 17, 0)},
	};
	memcpy(incs, d, sizeof(d));
}

static int exec_lit(struct db_conn *c, const char *sql)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	int rc = db_exec_stmt(st);
	db_done(st);
	return rc;
}

static int load_job(struct db_conn *c, void *arg)
{
	(void)arg;
	static const char consts[] = "INSERT INTO constituency(id, code, name, created_at, updated_at) VALUES "
	                             "(1, 'hq', '本社', 0, 0), (2, 'br', '支社', 0, 0)";
	static const char tax[] = "INSERT OR IGNORE INTO taxonomy(code, label_ja, label_en) VALUES "
	                          "('malware', 'マルウェア', 'Malware'), ('phishing', 'フィッシング', 'Phishing'), "
	                          "('scan', 'スキャン', 'Scan')";
	static const char ins[] =
	        "INSERT INTO incident(id, key, title, category, impact, urgency, priority, status, tlp, pap, "
	        "constituency_id, is_exercise, estimated_damage_jpy, occurred_at, detected_at, reported_at, "
	        "acknowledged_at, contained_at, resolved_at, closed_at, created_at, updated_at) "
	        "VALUES (?, 'INC-' || ?, 't', ?, 'low', 'low', ?, ?, ?, 'AMBER', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	static const char rest[] =
	        /* Reports: 3 in October (2 email, 1 web); the one on the exercise does not count. */
	        "INSERT INTO report(id, key, channel, received_at, subject, state, tlp, constituency_id, incident_id, "
	        "fingerprint, created_at, updated_at) VALUES "
	        "(1, 'R1', 'email', 1790816400, 's', 'linked', 'GREEN', 1, 1, 'f1', 0, 0), "
	        "(2, 'R2', 'web', 1790902800, 's', 'new', 'GREEN', 1, NULL, 'f2', 0, 0), "
	        "(3, 'R3', 'email', 1790989200, 's', 'linked', 'GREEN', 1, 4, 'f3', 0, 0), "
	        "(4, 'R4', 'email', 1790782200, 's', 'new', 'GREEN', 2, NULL, 'f4', 0, 0), "
	        "(5, 'R5', 'email', 1790776800, 's', 'new', 'GREEN', 1, NULL, 'f5', 0, 0)";
	static const char tasks[] =
	        "INSERT INTO task(id, incident_id, title, due_at, done, done_at, created_at, updated_at) VALUES "
	        "(1, 1, 'a', NULL, 1, 1790902800, 1790816400, 0), " /* created 1 Oct, done 2 Oct */
	        "(2, 2, 'b', 1792458000, 0, NULL, 1790989200, 0), " /* created 3 Oct, due 20 Oct, open */
	        "(3, 4, 'c', 1790989200, 0, NULL, 1790989200, 0), " /* on the exercise */
	        "(4, 6, 'd', NULL, 1, 1793581200, 1789434000, 0)";  /* created 15 Sep, done 2 Nov */
	static const char coord[] = "INSERT INTO contact(id, kind, name, created_at, updated_at) VALUES (1, "
	                            "'external', 'JPCERT/CC', 0, 0), "
	                            "(2, 'internal', '広報', 0, 0)";
	static const char ob[] = "INSERT INTO outbox(kind, incident_id, contact_id, mail_from, mail_to, subject, body, "
	                         "message_id, next_attempt_at, created_at) VALUES "
	                         "('escalation', 9, 1, 'a', 'b', 's', 'b', 'm1', 0, 0), "
	                         "('escalation', 1, 2, 'a', 'b', 's', 'b', 'm2', 0, 0), "
	                         "('escalation', 4, 1, 'a', 'b', 's', 'b', 'm3', 0, 0)";
	static const char esc[] = "INSERT INTO escalation(incident_id, level, created_at, updated_at) VALUES "
	                          "(5, 5, 0, 0), (1, 2, 0, 0)";
	if (exec_lit(c, consts) < 0 || exec_lit(c, tax) < 0)
		return -1;
	for (size_t k = 0; k < 10; k++) {
		const struct inc *i = &incs[k];
		struct db_stmt *st = db_prepare(c, ins);
		int n = 1;
		db_bind_int(st, n++, i->id);
		db_bind_int(st, n++, i->id);
		db_bind_text(st, n++, i->cat);
		db_bind_text(st, n++, i->prio);
		db_bind_text(st, n++, i->status);
		db_bind_text(st, n++, i->tlp);
		db_bind_int(st, n++, i->constituency);
		db_bind_int(st, n++, i->exercise);
		if (i->damage < 0)
			db_bind_null(st, n++);
		else
			db_bind_int(st, n++, i->damage);
		const int64_t t[] = {i->occurred,  i->detected, i->reported, i->acked,
		                     i->contained, i->resolved, i->closed};
		for (size_t j = 0; j < 7; j++)
			db_bind_int_or_null(st, n++, t[j]);
		db_bind_int(st, n++, i->created);
		db_bind_int(st, n++, i->created);
		int rc = db_exec_stmt(st);
		db_done(st);
		if (rc < 0)
			return -1;
	}
	if (exec_lit(c, rest) < 0 || exec_lit(c, tasks) < 0 || exec_lit(c, coord) < 0 || exec_lit(c, ob) < 0 ||
	    exec_lit(c, esc) < 0)
		return -1;
	return 0;
}

struct breach {
	int64_t id, at;
};

static int breach_job(struct db_conn *c, void *arg)
{
	static const char sql[] =
	        "INSERT INTO sla_event(incident_id, target, state, at) VALUES (?, 'acknowledge', 'breach', ?)";
	const struct breach *b = arg;
	struct db_stmt *st = db_prepare(c, sql);
	db_bind_int(st, 1, b->id);
	db_bind_int(st, 2, b->at);
	int rc = db_exec_stmt(st);
	db_done(st);
	return rc;
}

/* The acknowledge timers of the P3 incidents on the business calendar, as
 * the scheduler computes them; breaches recorded like the scheduler does. */
static void record_sla(void)
{
	int32_t off[] = {jp_days_from_civil(2026, 10, 12)}; /* スポーツの日 */
	struct sla_calendar cal = {.utc_offset_min = 540, .days_off = off, .ndays_off = 1};
	for (int wd = 1; wd <= 5; wd++) {
		cal.open[wd] = 540;
		cal.close[wd] = 1080;
	}
	const int64_t p3_ack_min = 240;
	struct sla_timer t;
	/* I2: 2 business hours over a weekend: met. */
	sla_timer_eval(&cal, incs[1].created, p3_ack_min, 80, incs[1].acked, incs[1].acked, &t);
	assert_int_equal(t.elapsed_min, 120);
	assert_false(t.breached);
	/* I3: 5 business hours on a Monday: breached at 13:00. */
	sla_timer_eval(&cal, incs[2].created, p3_ack_min, 80, incs[2].acked, incs[2].acked, &t);
	assert_int_equal(t.elapsed_min, 300);
	assert_true(t.breached);
	struct breach b = {3, t.due_at};
	assert_int_equal(t.due_at, jst(2026, 10, 5, 13, 0));
	assert_int_equal(db_write(db, breach_job, &b), 0);
	/* I10: 3 business hours over a weekend and a public holiday: met. */
	sla_timer_eval(&cal, incs[9].created, p3_ack_min, 80, incs[9].acked, incs[9].acked, &t);
	assert_int_equal(t.elapsed_min, 180);
	assert_false(t.breached);
}

static int setup(void **state)
{
	(void)state;
	char path[512], err[512];
	snprintf(path, sizeof(path), "%s/metrics.db", dir);
	struct db_options o = {.path = path, .readers = 2, .synchronous = 0, .group_commit_max = 1};
	if (db_open(&o, &db, err, sizeof(err)) != DB_E_OK) {
		fprintf(stderr, "db_open: %s\n", err);
		return -1;
	}
	define_incidents();
	if (db_write(db, load_job, NULL) != 0)
		return -1;
	record_sla();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	return 0;
}

/* --- checks --------------------------------------------------------------- */

static json_t *compute(const char *period, int64_t constituency, int64_t user, enum tlp tlp_max)
{
	struct metrics_period p;
	struct metrics_scope s = {constituency, user, tlp_max};
	assert_int_equal(metrics_period_parse(period, &p), 0);
	struct db_conn *c = db_read_begin(db);
	json_t *m = metrics_compute(c, &p, &s, jst(2026, 11, 22, 12, 0));
	db_read_end(db, c);
	assert_non_null(m);
	return m;
}

static int64_t iget(const json_t *o, const char *path)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", path);
	const json_t *v = o;
	for (char *save = NULL, *tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save))
		v = json_object_get(v, tok);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", path);
	return json_integer_value(v);
}

static double rget(const json_t *o, const char *path)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", path);
	const json_t *v = o;
	for (char *save = NULL, *tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save))
		v = json_object_get(v, tok);
	if (!json_is_number(v))
		fail_msg("%s is not a number", path);
	return json_number_value(v);
}

/* The count of key in an array of {"key","count"}; 0 when absent. */
static int64_t group(const json_t *o, const char *name, const char *key)
{
	size_t k;
	json_t *e;
	json_array_foreach(json_object_get(o, name), k, e)
	{
		json_t *kv = json_object_get(e, "key");
		char num[32];
		const char *ks = json_string_value(kv);
		if (json_is_integer(kv)) {
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(kv));
			ks = num;
		}
		if (ks && strcmp(ks, key) == 0)
			return json_integer_value(json_object_get(e, "count"));
	}
	return 0;
}

#define assert_hours(m, path, want) assert_true(fabs(rget(m, path) - (want)) < 0.006)

static void test_counts(void **state)
{
	(void)state;
	json_t *m = compute("2026-10", 0, 0, TLP_RED);
	assert_int_equal(iget(m, "counts.incidents"), 6);     /* I1 I2 I3 I5 I9 I10 */
	assert_int_equal(iget(m, "counts.reports"), 3);       /* R1 R2 R4 (R3: exercise, R5: September) */
	assert_int_equal(iget(m, "counts.coordinations"), 2); /* I5 (level 5), I9 (external contact) */
	assert_int_equal(iget(m, "counts.exercises_excluded"), 1);
	assert_int_equal(group(m, "by_priority", "P1"), 1);
	assert_int_equal(group(m, "by_priority", "P2"), 1);
	assert_int_equal(group(m, "by_priority", "P3"), 3);
	assert_int_equal(group(m, "by_priority", "P4"), 1);
	assert_int_equal(group(m, "by_category", "malware"), 2);
	assert_int_equal(group(m, "by_category", "phishing"), 3);
	assert_int_equal(group(m, "by_category", "scan"), 1);
	json_t *first = json_array_get(json_object_get(m, "by_category"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "key")), "phishing"); /* largest first */
	assert_string_equal(json_string_value(json_object_get(first, "label_ja")), "フィッシング");
	assert_string_equal(json_string_value(json_object_get(first, "label_en")), "Phishing");
	assert_int_equal(group(m, "by_constituency", "1"), 4);
	assert_int_equal(group(m, "by_constituency", "2"), 2);
	assert_int_equal(group(m, "by_status", "closed"), 4);
	assert_int_equal(group(m, "by_status", "analysis"), 1);
	assert_int_equal(group(m, "by_status", "containment"), 1);
	assert_int_equal(group(m, "reports_by_channel", "email"), 2);
	assert_int_equal(group(m, "reports_by_channel", "web"), 1);
	assert_int_equal(group(m, "reports_by_state", "new"), 2);
	assert_int_equal(iget(m, "damage.total_jpy"), 1500000);
	assert_int_equal(iget(m, "damage.incidents_with_estimate"), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "period"), "from")),
	                    "2026-09-30T15:00:00Z");
	json_decref(m);
}

static void test_times(void **state)
{
	(void)state;
	json_t *m = compute("2026-10", 0, 0, TLP_RED);
	/* MTTA: 10 min, 0.5 h, 5 h, 65 h, 90 h. */
	assert_int_equal(iget(m, "times.mtta.n"), 5);
	assert_hours(m, "times.mtta.median_hours", 5.0);
	assert_hours(m, "times.mtta.mean_hours", 32.13);
	/* MTTC: 4 h, 2 h. */
	assert_int_equal(iget(m, "times.mttc.n"), 2);
	assert_hours(m, "times.mttc.median_hours", 3.0);
	assert_hours(m, "times.mttc.mean_hours", 3.0);
	/* MTTR: 24, 91, 105, 840 h. */
	assert_int_equal(iget(m, "times.mttr.n"), 4);
	assert_hours(m, "times.mttr.median_hours", 98.0);
	assert_hours(m, "times.mttr.mean_hours", 265.0);
	/* Time to detect: I1 only, 12 h. */
	assert_int_equal(iget(m, "times.ttd.n"), 1);
	assert_hours(m, "times.ttd.median_hours", 12.0);
	json_decref(m);
}

static void test_sla_backlog_tasks(void **state)
{
	(void)state;
	json_t *m = compute("2026-10", 0, 0, TLP_RED);
	assert_int_equal(iget(m, "sla.acknowledge.with_target"), 6);
	assert_int_equal(iget(m, "sla.acknowledge.met"), 4);      /* I1 I2 I5 I10 */
	assert_int_equal(iget(m, "sla.acknowledge.breached"), 1); /* I3 */
	assert_int_equal(iget(m, "sla.acknowledge.pending"), 1);  /* I9 */
	assert_hours(m, "sla.acknowledge.compliance", 0.8);
	assert_int_equal(iget(m, "sla.containment.with_target"), 5); /* P4 has no containment target */
	assert_int_equal(iget(m, "sla_breaches"), 1);
	/* Backlog at 1 Nov 00:00 JST: I2 (29 d), I5 (12 d), I6 (51 d), I7 (153 d). */
	assert_int_equal(iget(m, "backlog.open_at_end"), 4);
	assert_int_equal(group(json_object_get(m, "backlog"), "ageing", "0-7d"), 0);
	assert_int_equal(group(json_object_get(m, "backlog"), "ageing", "8-30d"), 2);
	assert_int_equal(group(json_object_get(m, "backlog"), "ageing", "31-90d"), 1);
	assert_int_equal(group(json_object_get(m, "backlog"), "ageing", "91d+"), 1);
	assert_int_equal(group(json_object_get(m, "backlog"), "by_priority", "P4"), 2);
	assert_int_equal(iget(m, "tasks.created"), 2);
	assert_int_equal(iget(m, "tasks.done"), 1);
	assert_int_equal(iget(m, "tasks.open_at_end"), 2);
	assert_int_equal(iget(m, "tasks.overdue_at_end"), 1);
	json_decref(m);
}

static void test_trend(void **state)
{
	(void)state;
	json_t *m = compute("2026-10", 0, 0, TLP_RED);
	assert_string_equal(
	        json_string_value(json_object_get(json_object_get(json_object_get(m, "trend"), "previous"), "label")),
	        "2026-09");
	assert_int_equal(iget(m, "trend.previous.incidents"), 1); /* I6 */
	assert_int_equal(iget(m, "trend.previous.reports"), 1);   /* R5 */
	assert_hours(m, "trend.previous.change.incidents", 5.0);
	assert_int_equal(iget(m, "trend.year_ago.incidents"), 1); /* I8 */
	assert_true(json_is_null(json_object_get(
	        json_object_get(json_object_get(json_object_get(m, "trend"), "year_ago"), "change"), "reports")));
	json_decref(m);
}

static void test_scope(void **state)
{
	(void)state;
	/* One constituency. */
	json_t *m = compute("2026-10", 1, 0, TLP_RED);
	assert_int_equal(iget(m, "counts.incidents"), 4);
	assert_int_equal(iget(m, "counts.reports"), 2); /* R1 R2 */
	json_decref(m);
	/* TLP clearance AMBER+STRICT leaves out I3 (RED) and its breach. */
	m = compute("2026-10", 0, 0, TLP_AMBER_STRICT);
	assert_int_equal(iget(m, "counts.incidents"), 5);
	assert_int_equal(iget(m, "sla_breaches"), 0);
	assert_int_equal(iget(m, "damage.total_jpy"), 1000000);
	json_decref(m);
	/* A user without constituencies sees nothing. */
	m = compute("2026-10", 0, 999, TLP_RED);
	assert_int_equal(iget(m, "counts.incidents"), 0);
	assert_int_equal(iget(m, "counts.reports"), 0);
	assert_true(
	        json_is_null(json_object_get(json_object_get(json_object_get(m, "times"), "mttr"), "median_hours")));
	json_decref(m);
}

static void test_series(void **state)
{
	(void)state;
	struct metrics_scope s = {0, 0, TLP_RED};
	struct db_conn *c = db_read_begin(db);
	json_t *m = metrics_series(c, MS_INCIDENTS, 3, &s, jst(2026, 11, 22, 12, 0));
	json_t *r = metrics_series(c, MS_MTTR, 2, &s, jst(2026, 11, 22, 12, 0));
	db_read_end(db, c);
	json_t *pts = json_object_get(m, "points");
	assert_int_equal(json_array_size(pts), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(pts, 0), "period")), "2026-09");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(pts, 0), "value")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(pts, 1), "value")), 6);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(pts, 2), "value")), 0);
	pts = json_object_get(r, "points");
	assert_true(fabs(json_number_value(json_object_get(json_array_get(pts, 0), "value")) - 98.0) < 0.006);
	assert_true(json_is_null(json_object_get(json_array_get(pts, 1), "value")));
	json_decref(m);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_period_parse), cmocka_unit_test(test_counts),
	        cmocka_unit_test(test_times),        cmocka_unit_test(test_sla_backlog_tasks),
	        cmocka_unit_test(test_trend),        cmocka_unit_test(test_scope),
	        cmocka_unit_test(test_series),
	};
	snprintf(dir, sizeof(dir), "/tmp/hikeshi-unit-XXXXXX");
	if (!mkdtemp(dir) || secret_init() < 0)
		return 1;
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = rc ? rc : 1;
	return rc;
}
