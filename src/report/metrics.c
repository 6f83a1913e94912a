/*
 * Metrics (see metrics.h): period arithmetic in Asia/Tokyo, and the
 * metrics object assembled from the store's aggregates. The calendar
 * arithmetic is pure; metrics_compute() only reads through store/metrics.
 */
#include "report/metrics.h"

#include "core/jpholiday.h"
#include "lib/timeutil.h"
#include "store/metrics.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- calendar ------------------------------------------------------------- */

/* Calendar arithmetic is core/jpholiday's (shared with core/sla.c). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	return jp_days_from_civil((int)y, m, d);
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	jp_civil_from_days((int32_t)z, y, m, d);
}

/* Local (JST) midnight of y-m-01, months normalised (m may be 13 or 0). */
static int64_t month_start(int y, int m)
{
	while (m > 12) {
		m -= 12;
		y++;
	}
	while (m < 1) {
		m += 12;
		y--;
	}
	return days_from_civil(y, m, 1) * 86400 - METRICS_TZ_OFFSET;
}

/* Fills from/to/label of a calendar period from kind, year, index. */
static void period_fill(struct metrics_period *p)
{
	int first = 1, months = 12;
	switch (p->kind) {
	case MK_MONTH:
		first = p->index;
		months = 1;
		snprintf(p->label, sizeof(p->label), "%04d-%02d", p->year, p->index);
		break;
	case MK_QUARTER:
		first = 3 * (p->index - 1) + 1;
		months = 3;
		snprintf(p->label, sizeof(p->label), "%04d-Q%d", p->year, p->index);
		break;
	case MK_HALF:
		first = 6 * (p->index - 1) + 1;
		months = 6;
		snprintf(p->label, sizeof(p->label), "%04d-H%d", p->year, p->index);
		break;
	case MK_YEAR:
	case MK_RANGE: snprintf(p->label, sizeof(p->label), "%04d", p->year); break;
	}
	p->from = month_start(p->year, first);
	p->to = month_start(p->year, first + months);
}

/* Reads exactly n digits; -1 when not digits. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int k = 0; k < n; k++) {
		if (!isdigit((unsigned char)s[k]))
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	return v;
}

int metrics_period_parse(const char *spec, struct metrics_period *p)
{
	memset(p, 0, sizeof(*p));
	if (!spec || strlen(spec) < 4 || strlen(spec) > 7)
		return -1;
	int y = digits(spec, 4);
	if (y < 1970 || y > 9999)
		return -1;
	p->year = y;
	const char *r = spec + 4;
	if (*r == '\0') {
		p->kind = MK_YEAR;
	} else if (r[0] == '-' && (r[1] == 'Q' || r[1] == 'q') && r[2] >= '1' && r[2] <= '4' && r[3] == '\0') {
		p->kind = MK_QUARTER;
		p->index = r[2] - '0';
	} else if (r[0] == '-' && (r[1] == 'H' || r[1] == 'h') && (r[2] == '1' || r[2] == '2') && r[3] == '\0') {
		p->kind = MK_HALF;
		p->index = r[2] - '0';
	} else if (r[0] == '-' && strlen(r) == 3 && digits(r + 1, 2) >= 1 && digits(r + 1, 2) <= 12) {
		p->kind = MK_MONTH;
		p->index = digits(r + 1, 2);
	} else {
		return -1;
	}
	period_fill(p);
	return 0;
}

/* A local date "YYYY-MM-DD" (its local midnight; next_day moves to the
 * following midnight) or an RFC 3339 instant. */
static int range_end(const char *s, int next_day, int64_t *out)
{
	if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
		int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
		if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
			return -1;
		int64_t days = days_from_civil(y, m, d);
		int cy, cm, cd;
		civil_from_days(days, &cy, &cm, &cd);
		if (cy != y || cm != m || cd != d)
			return -1; /* 2026-02-30 */
		*out = (days + next_day) * 86400 - METRICS_TZ_OFFSET;
		return 0;
	}
	return time_parse(s, out);
}

int metrics_period_range(const char *from, const char *to, struct metrics_period *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = MK_RANGE;
	if (!from || !to || range_end(from, 0, &p->from) != 0 || range_end(to, 1, &p->to) != 0 || p->to <= p->from)
		return -1;
	int y, m, d;
	civil_from_days((p->from + METRICS_TZ_OFFSET) / 86400, &y, &m, &d);
	p->year = y;
	char a[32], b[32];
	time_format(p->from, a);
	time_format(p->to, b);
	snprintf(p->label, sizeof(p->label), "%.20s/%.20s", a, b);
	return 0;
}

/* The same local time of day one year earlier (29 Feb becomes 28 Feb). */
static int64_t year_back(int64_t t)
{
	int64_t local = t + METRICS_TZ_OFFSET;
	int64_t days = local / 86400, secs = local % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	return days_from_civil(y - 1, m, d) * 86400 + secs - METRICS_TZ_OFFSET;
}

void metrics_period_previous(const struct metrics_period *p, struct metrics_period *out)
{
	*out = *p;
	switch (p->kind) {
	case MK_MONTH:
	case MK_QUARTER:
	case MK_HALF: {
		int per_year = p->kind == MK_MONTH ? 12 : p->kind == MK_QUARTER ? 4 : 2;
		if (--out->index < 1) {
			out->index = per_year;
			out->year--;
		}
		period_fill(out);
		break;
	}
	case MK_YEAR:
		out->year--;
		period_fill(out);
		break;
	case MK_RANGE: {
		struct metrics_period tmp = *p;
		char a[32], b[32];
		tmp.to = p->from;
		tmp.from = p->from - (p->to - p->from);
		time_format(tmp.from, a);
		time_format(tmp.to, b);
		snprintf(tmp.label, sizeof(tmp.label), "%.20s/%.20s", a, b);
		*out = tmp;
		break;
	}
	}
}

void metrics_period_year_ago(const struct metrics_period *p, struct metrics_period *out)
{
	*out = *p;
	if (p->kind != MK_RANGE) {
		out->year--;
		period_fill(out);
		return;
	}
	char a[32], b[32];
	out->from = year_back(p->from);
	out->to = year_back(p->to);
	time_format(out->from, a);
	time_format(out->to, b);
	snprintf(out->label, sizeof(out->label), "%.20s/%.20s", a, b);
}

void metrics_period_month_of(int64_t t, int back, struct metrics_period *out)
{
	int y, m, d;
	int64_t local = t + METRICS_TZ_OFFSET;
	civil_from_days(local / 86400 - (local % 86400 < 0), &y, &m, &d);
	m -= back;
	while (m < 1) {
		m += 12;
		y--;
	}
	memset(out, 0, sizeof(*out));
	out->kind = MK_MONTH;
	out->year = y;
	out->index = m;
	period_fill(out);
}

/* --- the metrics object -------------------------------------------------- */

void metrics_store_scope(const struct metrics_period *p, const struct metrics_scope *s, struct store_metrics_scope *o)
{
	memset(o, 0, sizeof(*o));
	o->from = p->from;
	o->to = p->to;
	o->constituency_id = s->constituency_id;
	o->scope_user_id = s->scope_user_id;
	if (s->tlp_max < TLP_RED) {
		o->tlp_restricted = 1;
		for (int t = 0; t <= (int)s->tlp_max && o->ntlp < STORE_METRICS_TLP_MAX; t++)
			o->tlp[o->ntlp++] = tlp_name((enum tlp)t);
	}
}

static json_t *hours(double seconds, int64_t n)
{
	if (n == 0)
		return json_null();
	return json_real(round(seconds / 36.0) / 100.0);
}

static json_t *ratio(int64_t part, int64_t whole)
{
	if (whole == 0)
		return json_null();
	return json_real(round(10000.0 * (double)part / (double)whole) / 10000.0);
}

static json_t *period_json(const struct metrics_period *p)
{
	static const char *const kinds[] = {"month", "quarter", "half", "year", "range"};
	char a[32], b[32];
	time_format(p->from, a);
	time_format(p->to, b);
	return json_pack("{s:s,s:s,s:s,s:s,s:s}", "label", p->label, "kind", kinds[p->kind], "from", a, "to", b,
	                 "time_zone", "Asia/Tokyo");
}

static const char *const sla_targets[4] = {"acknowledge", "first_response", "containment", "resolution"};

/* SLA object into *out (new) and the breach total; -1 on error. */
static int sla_json(struct db_conn *c, const struct store_metrics_scope *ss, json_t **out, int64_t *breaches)
{
	struct store_metrics_sla v[4];
	*breaches = 0;
	if (store_metrics_sla(c, ss, v) < 0)
		return -1;
	json_t *o = json_object();
	for (int t = 0; t < 4; t++) {
		*breaches += v[t].breached;
		json_object_set_new(o, sla_targets[t],
		                    json_pack("{s:I,s:I,s:I,s:I,s:o}", "with_target", (json_int_t)v[t].with_target,
		                              "met", (json_int_t)v[t].met, "breached", (json_int_t)v[t].breached,
		                              "pending", (json_int_t)v[t].pending, "compliance",
		                              ratio(v[t].met, v[t].met + v[t].breached)));
	}
	*out = o;
	return 0;
}

static json_t *dur_json(const struct store_metrics_dur *d)
{
	return json_pack("{s:I,s:o,s:o}", "n", (json_int_t)d->n, "mean_hours", hours(d->mean_s, d->n), "median_hours",
	                 hours(d->median_s, d->n));
}

static json_t *change(int64_t now, int64_t then)
{
	if (then == 0)
		return json_null();
	return json_real(round(10000.0 * ((double)now / (double)then - 1.0)) / 10000.0);
}

/* The headline of a comparison period, with changes relative to cur. */
static json_t *trend_json(struct db_conn *c, const struct metrics_period *p, const struct metrics_scope *s,
                          const struct store_metrics_counts *cur)
{
	struct store_metrics_scope ss;
	struct store_metrics_counts n;
	struct store_metrics_dur mttr;
	json_t *sla;
	int64_t breaches;
	metrics_store_scope(p, s, &ss);
	if (store_metrics_counts(c, &ss, &n) < 0 || store_metrics_duration(c, &ss, SM_MTTR, &mttr) < 0 ||
	    sla_json(c, &ss, &sla, &breaches) < 0)
		return NULL;
	json_decref(sla);
	json_t *o = period_json(p);
	json_object_set_new(o, "reports", json_integer(n.reports));
	json_object_set_new(o, "incidents", json_integer(n.incidents));
	json_object_set_new(o, "coordinations", json_integer(n.coordinations));
	json_object_set_new(o, "mttr_median_hours", hours(mttr.median_s, mttr.n));
	json_object_set_new(o, "sla_breaches", json_integer(breaches));
	json_object_set_new(o, "change",
	                    json_pack("{s:o,s:o,s:o}", "reports", change(cur->reports, n.reports), "incidents",
	                              change(cur->incidents, n.incidents), "coordinations",
	                              change(cur->coordinations, n.coordinations)));
	return o;
}

static int add_groups(struct db_conn *c, const struct store_metrics_scope *ss, json_t *o)
{
	static const char *const names[] = {"by_category", "by_priority", "by_constituency", "by_status"};
	static const enum store_metrics_dim dims[] = {SM_CATEGORY, SM_PRIORITY, SM_CONSTITUENCY, SM_STATUS};
	for (int k = 0; k < 4; k++) {
		json_t *a = store_metrics_incidents_by(c, ss, dims[k]);
		if (!a)
			return -1;
		json_object_set_new(o, names[k], a);
	}
	for (int st = 0; st < 2; st++) {
		json_t *a = store_metrics_reports_by(c, ss, st);
		if (!a)
			return -1;
		json_object_set_new(o, st ? "reports_by_state" : "reports_by_channel", a);
	}
	return 0;
}

static int add_times(struct db_conn *c, const struct store_metrics_scope *ss, json_t *o)
{
	static const char *const names[] = {"mtta", "mttc", "mttr", "ttd"};
	static const enum store_metrics_span spans[] = {SM_MTTA, SM_MTTC, SM_MTTR, SM_TTD};
	json_t *t = json_object();
	json_object_set_new(o, "times", t);
	for (int k = 0; k < 4; k++) {
		struct store_metrics_dur d;
		if (store_metrics_duration(c, ss, spans[k], &d) < 0)
			return -1;
		json_object_set_new(t, names[k], dur_json(&d));
	}
	return 0;
}

static int add_backlog(struct db_conn *c, const struct store_metrics_scope *ss, json_t *o)
{
	static const char *const buckets[4] = {"0-7d", "8-30d", "31-90d", "91d+"};
	int64_t open, ages[4];
	json_t *byp = NULL;
	if (store_metrics_backlog(c, ss, &open, ages, &byp) < 0)
		return -1;
	json_t *ag = json_array();
	for (int k = 0; k < 4; k++)
		json_array_append_new(ag, json_pack("{s:s,s:I}", "key", buckets[k], "count", (json_int_t)ages[k]));
	json_object_set_new(
	        o, "backlog",
	        json_pack("{s:I,s:o,s:o}", "open_at_end", (json_int_t)open, "ageing", ag, "by_priority", byp));
	struct store_metrics_tasks tk;
	if (store_metrics_tasks(c, ss, &tk) < 0)
		return -1;
	json_object_set_new(o, "tasks",
	                    json_pack("{s:I,s:I,s:I,s:I}", "created", (json_int_t)tk.created, "done",
	                              (json_int_t)tk.done, "open_at_end", (json_int_t)tk.open_at_end, "overdue_at_end",
	                              (json_int_t)tk.overdue_at_end));
	return 0;
}

json_t *metrics_compute(struct db_conn *c, const struct metrics_period *p, const struct metrics_scope *s, int64_t now)
{
	struct store_metrics_scope ss;
	struct store_metrics_counts n;
	struct metrics_period prev, ago;
	char gen[32];
	json_t *sla = NULL, *tp = NULL, *ty = NULL;
	int64_t breaches;
	metrics_store_scope(p, s, &ss);
	if (store_metrics_counts(c, &ss, &n) < 0)
		return NULL;
	time_format(now, gen);
	json_t *o = json_pack("{s:o,s:{s:o,s:b},s:s}", "period", period_json(p), "scope", "constituency_id",
	                      s->constituency_id ? json_integer(s->constituency_id) : json_null(), "restricted",
	                      s->scope_user_id != 0 || s->tlp_max < TLP_RED, "generated_at", gen);
	json_object_set_new(o, "counts",
	                    json_pack("{s:I,s:I,s:I,s:I,s:I}", "reports", (json_int_t)n.reports, "incidents",
	                              (json_int_t)n.incidents, "coordinations", (json_int_t)n.coordinations,
	                              "personal_data", (json_int_t)n.personal_data, "exercises_excluded",
	                              (json_int_t)n.exercises));
	if (add_groups(c, &ss, o) < 0 || add_times(c, &ss, o) < 0 || sla_json(c, &ss, &sla, &breaches) < 0)
		goto fail;
	json_object_set_new(o, "sla", sla);
	json_object_set_new(o, "sla_breaches", json_integer(breaches));
	/* The backlog stands at the period's end, or now while it runs: ages
	 * and overdue tasks are never counted at a time still to come. */
	struct store_metrics_scope se = ss;
	if (se.to > now)
		se.to = now + 1; /* the end is exclusive: what exists now counts */
	if (add_backlog(c, &se, o) < 0)
		goto fail;
	json_object_set_new(o, "damage",
	                    json_pack("{s:I,s:I}", "incidents_with_estimate", (json_int_t)n.damage_n, "total_jpy",
	                              (json_int_t)n.damage_sum));
	metrics_period_previous(p, &prev);
	metrics_period_year_ago(p, &ago);
	if (!(tp = trend_json(c, &prev, s, &n)) || !(ty = trend_json(c, &ago, s, &n))) {
		json_decref(tp);
		goto fail;
	}
	json_object_set_new(o, "trend", json_pack("{s:o,s:o}", "previous", tp, "year_ago", ty));
	int64_t waiting;
	if (store_metrics_waiting(c, &ss, &waiting) < 0)
		goto fail;
	json_object_set_new(o, "now", json_pack("{s:I}", "reports_waiting_triage", (json_int_t)waiting));
	return o;
fail:
	json_decref(o);
	return NULL;
}

int metrics_series_parse(const char *name, enum metrics_series_kind *out)
{
	static const char *const names[] = {"incidents", "reports", "mttr"};
	for (int k = 0; k < 3; k++) {
		if (name && strcmp(name, names[k]) == 0) {
			*out = (enum metrics_series_kind)k;
			return 0;
		}
	}
	return -1;
}

json_t *metrics_series(struct db_conn *c, enum metrics_series_kind k, int months, const struct metrics_scope *s,
                       int64_t now)
{
	static const char *const names[] = {"incidents", "reports", "mttr"};
	json_t *pts = json_array();
	for (int back = months - 1; back >= 0; back--) {
		struct metrics_period p;
		struct store_metrics_scope ss;
		json_t *v;
		metrics_period_month_of(now, back, &p);
		metrics_store_scope(&p, s, &ss);
		if (k == MS_MTTR) {
			struct store_metrics_dur d;
			if (store_metrics_duration(c, &ss, SM_MTTR, &d) < 0)
				goto fail;
			v = hours(d.median_s, d.n);
		} else {
			struct store_metrics_counts n;
			if (store_metrics_counts(c, &ss, &n) < 0)
				goto fail;
			v = json_integer(k == MS_INCIDENTS ? n.incidents : n.reports);
		}
		json_t *pj = period_json(&p);
		json_object_set_new(pj, "period", json_string(p.label));
		json_object_set_new(pj, "value", v);
		json_object_del(pj, "kind");
		json_object_del(pj, "time_zone");
		json_object_del(pj, "label");
		json_array_append_new(pts, pj);
	}
	return json_pack("{s:s,s:s,s:o}", "metric", names[k], "unit", k == MS_MTTR ? "hours" : "count", "points", pts);
fail:
	json_decref(pts);
	return NULL;
}
