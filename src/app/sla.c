/*
 * SLA use cases (see sla.h): the set-up shared with the scheduler's pass,
 * the policy and calendar API, and the timers of one incident.
 *
 * Every write to the policies or the calendar also makes every open
 * incident due for the scheduler (store_sla_reset_all) in the same job, so
 * the next pass recomputes the deadlines with the new rules.
 */
#include "app/sla.h"

#include "app/incident.h"
#include "app/sla_impl.h"
#include "core/jpholiday.h"
#include "lib/config.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTES_MAX 525600 /* a target of a year is already meaningless */

const char *const sla_target_names[TGT_COUNT] = {"acknowledge", "first_response", "containment", "resolution"};
static const char *const minute_cols[TGT_COUNT] = {"acknowledge_minutes", "first_response_minutes",
                                                   "containment_minutes", "resolution_minutes"};
static const char *const priorities[4] = {"P1", "P2", "P3", "P4"};

/* --- days and the set-up ------------------------------------------------- */

/* "YYYY-MM-DD" (a real date, 2000..2099) → day number and year. 0 / -1. */
static int parse_day(const char *s, int32_t *day, int *year)
{
	int y, m, d, yy, mm, dd;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < JPHOLIDAY_YEAR_MIN || y > JPHOLIDAY_YEAR_MAX || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*day = jp_days_from_civil(y, m, d);
	jp_civil_from_days(*day, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return -1; /* 2026-02-30 */
	if (year)
		*year = y;
	return 0;
}

static void format_day(int32_t day, char out[16])
{
	int y, m, d;
	jp_civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

static int cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The days off: every public holiday 2000..2099 not switched off, and the
 * enabled custom days. About 1,800 days, rebuilt per pass or request
 * (cheap next to one database round trip). */
static int load_days_off(struct db_conn *c, struct sla_setup *s)
{
	json_t *rows = store_holidays(c, "0000", "9999");
	if (!rows)
		return -1;
	size_t nrows = json_array_size(rows),
	       cap = (size_t)(JPHOLIDAY_YEAR_MAX - JPHOLIDAY_YEAR_MIN + 1) * JPHOLIDAY_MAX + nrows;
	int32_t *off = malloc(nrows * sizeof(*off) + 1), *days = malloc(cap * sizeof(*days));
	size_t noff = 0, n = 0;
	if (!off || !days)
		goto fail;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		int32_t d;
		if (parse_day(json_string_value(json_object_get(row, "day")), &d, NULL) < 0)
			continue;
		int enabled = json_integer_value(json_object_get(row, "enabled")) != 0;
		int builtin = strcmp(json_string_value(json_object_get(row, "source")), "builtin") == 0;
		if (!enabled)
			off[noff++] = d;
		else if (!builtin)
			days[n++] = d;
	}
	qsort(off, noff, sizeof(*off), cmp_day);
	struct jpholiday h[JPHOLIDAY_MAX];
	for (int y = JPHOLIDAY_YEAR_MIN; y <= JPHOLIDAY_YEAR_MAX; y++) {
		int k = jpholiday_year(y, h);
		for (int j = 0; j < k; j++)
			if (!bsearch(&h[j].day, off, noff, sizeof(*off), cmp_day))
				days[n++] = h[j].day;
	}
	qsort(days, n, sizeof(*days), cmp_day);
	free(off);
	json_decref(rows);
	s->days_off = days;
	s->ndays_off = n;
	return 0;
fail:
	free(off);
	free(days);
	json_decref(rows);
	return -1;
}

static int64_t minutes_of(const json_t *row, const char *col)
{
	const json_t *v = json_object_get(row, col);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
}

int sla_setup_load(struct db_conn *c, const struct config *cfg, struct sla_setup *s)
{
	memset(s, 0, sizeof(*s));
	s->utc_offset_min = cfg ? cfg->utc_offset_minutes : 540;
	json_t *rows = store_sla_policies(c);
	if (!rows)
		return -1;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *p = json_string_value(json_object_get(row, "priority"));
		for (int k = 0; k < 4; k++) {
			if (!p || strcmp(p, priorities[k]) != 0)
				continue;
			struct sla_policy_c *pc = &s->policy[k];
			pc->present = 1;
			for (int t = 0; t < TGT_COUNT; t++)
				pc->minutes[t] = minutes_of(row, minute_cols[t]);
			pc->around_the_clock =
			        strcmp(json_string_value(json_object_get(row, "calendar")), "24x365") == 0;
			pc->near_percent = (int)json_integer_value(json_object_get(row, "near_breach_percent"));
		}
	}
	json_decref(rows);
	if (store_sla_hours(c, s->open, s->close) < 0)
		return -1;
	return load_days_off(c, s);
}

void sla_setup_free(struct sla_setup *s)
{
	free(s->days_off);
	s->days_off = NULL;
	s->ndays_off = 0;
}

const struct sla_policy_c *sla_setup_policy(const struct sla_setup *s, const char *priority)
{
	for (int k = 0; k < 4; k++)
		if (strcmp(priority, priorities[k]) == 0)
			return s->policy[k].present ? &s->policy[k] : NULL;
	return NULL;
}

void sla_setup_calendar(const struct sla_setup *s, const struct sla_policy_c *p, struct sla_calendar *cal)
{
	memset(cal, 0, sizeof(*cal));
	cal->around_the_clock = p->around_the_clock;
	cal->utc_offset_min = s->utc_offset_min;
	memcpy(cal->open, s->open, sizeof(cal->open));
	memcpy(cal->close, s->close, sizeof(cal->close));
	cal->days_off = s->days_off;
	cal->ndays_off = s->ndays_off;
}

int64_t sla_met_at(const struct store_sla_incident *in, enum sla_target t)
{
	switch (t) {
	case TGT_ACK: return in->acknowledged_at;
	case TGT_FIRST_RESPONSE: return in->first_response_at;
	case TGT_CONTAINMENT: return in->contained_at;
	default: return in->resolved_at ? in->resolved_at : in->closed_at;
	}
}

/* --- shared helpers ------------------------------------------------------- */

static int require_admin(const struct app_ctx *ctx, struct app_result *r)
{
	if (ctx->actor->role == ROLE_ADMIN)
		return 0;
	return app_fail(r, APP_FORBIDDEN, "this needs the admin role");
}

static int db_fail(struct app_result *r)
{
	return app_fail(r, APP_INTERNAL, "a database error occurred; try again or ask an administrator");
}

static int audit(struct db_conn *c, const struct actor *a, const char *action, const char *type, const char *id,
                 json_t *summary)
{
	struct audit_actor who = {a->user_id, a->login};
	int rc = summary ? audit_append(c, &who, action, type, id, summary) : -1;
	json_decref(summary);
	return rc;
}

/* Maps db_write's value into r. */
static int finish_write(int rc, struct app_result *r)
{
	if (rc == DB_WRITE_FAILED) {
		json_decref(r->object);
		r->object = NULL;
		app_commit_failed(r);
	} else if (rc != 0 && r->err == APP_OK) {
		db_fail(r);
	}
	return r->err == APP_OK ? 0 : -1;
}

static json_t *time_json(int64_t t)
{
	if (t == 0 || t == SLA_NEVER)
		return json_null();
	char buf[32];
	time_format(t, buf);
	return json_string(buf);
}

/* --- policies ------------------------------------------------------------- */

static json_t *policies_object(json_t *rows)
{
	json_int_t version = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		version += json_integer_value(json_object_get(row, "version"));
		json_object_set_new(row, "updated_at",
		                    time_json(json_integer_value(json_object_get(row, "updated_at"))));
	}
	return json_pack("{s:o, s:I}", "items", rows, "version", version);
}

int app_sla_policies_get(const struct app_ctx *ctx, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return db_fail(r);
	json_t *rows = store_sla_policies(c);
	db_read_end(ctx->db, c);
	if (!rows)
		return db_fail(r);
	r->object = policies_object(rows);
	return 0;
}

/* Checks one item of a PUT and merges it over the current row (new
 * reference), or NULL with field errors in r. */
static json_t *policy_merge(const json_t *rows, const json_t *item, size_t idx, struct app_result *r)
{
	char f[64];
	const char *p = json_string_value(json_object_get(item, "priority"));
	json_t *cur = NULL, *row;
	size_t i;
	json_array_foreach(rows, i, row) if (p && strcmp(json_string_value(json_object_get(row, "priority")), p) == 0)
	        cur = row;
	if (!p || (strcmp(p, "P1") && strcmp(p, "P2") && strcmp(p, "P3") && strcmp(p, "P4"))) {
		snprintf(f, sizeof(f), "items[%zu].priority", idx);
		app_field_error(r, f, "must be P1, P2, P3 or P4");
		return NULL;
	}
	json_t *out =
	        cur ? json_deep_copy(cur)
	            : json_pack("{s:s, s:n, s:n, s:n, s:n, s:s, s:i}", "priority", p, minute_cols[0], minute_cols[1],
	                        minute_cols[2], minute_cols[3], "calendar", "business", "near_breach_percent", 80);
	int bad = 0;
	for (int t = 0; t < TGT_COUNT; t++) {
		json_t *v = json_object_get(item, minute_cols[t]);
		if (!v)
			continue;
		if (!json_is_null(v) &&
		    (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > MINUTES_MAX)) {
			snprintf(f, sizeof(f), "items[%zu].%s", idx, minute_cols[t]);
			app_field_error(r, f, "must be a number of minutes from 1 to %d, or null for no target",
			                MINUTES_MAX);
			bad = 1;
			continue;
		}
		json_object_set(out, minute_cols[t], v);
	}
	json_t *cal = json_object_get(item, "calendar");
	if (cal && (!json_is_string(cal) ||
	            (strcmp(json_string_value(cal), "business") && strcmp(json_string_value(cal), "24x365")))) {
		snprintf(f, sizeof(f), "items[%zu].calendar", idx);
		app_field_error(r, f, "must be business or 24x365");
		bad = 1;
	} else if (cal) {
		json_object_set(out, "calendar", cal);
	}
	json_t *np = json_object_get(item, "near_breach_percent");
	if (np && (!json_is_integer(np) || json_integer_value(np) < 1 || json_integer_value(np) > 100)) {
		snprintf(f, sizeof(f), "items[%zu].near_breach_percent", idx);
		app_field_error(r, f, "must be a percentage from 1 to 100");
		bad = 1;
	} else if (np) {
		json_object_set(out, "near_breach_percent", np);
	}
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)item, k, v)
	{
		int known = strcmp(k, "priority") == 0 || strcmp(k, "calendar") == 0 ||
		            strcmp(k, "near_breach_percent") == 0 || strcmp(k, "version") == 0 ||
		            strcmp(k, "updated_at") == 0;
		for (int t = 0; t < TGT_COUNT; t++)
			known |= strcmp(k, minute_cols[t]) == 0;
		if (!known) {
			snprintf(f, sizeof(f), "items[%zu].%s", idx, k);
			app_field_error(r, f, "is not a policy field");
			bad = 1;
		}
	}
	if (bad) {
		json_decref(out);
		return NULL;
	}
	json_object_del(out, "version");
	json_object_del(out, "updated_at");
	return out;
}

struct policies_job {
	const struct app_ctx *ctx;
	int64_t if_match;
	const json_t *items;
	struct app_result *r;
};

static int policies_job_fn(struct db_conn *c, void *arg)
{
	struct policies_job *j = arg;
	int64_t now = time_now();
	json_t *before = store_sla_policies(c), *merged = json_array();
	int rc = -1;
	if (!before)
		goto out;
	json_t *cur = policies_object(json_deep_copy(before));
	int64_t version = json_integer_value(json_object_get(cur, "version"));
	json_decref(cur);
	if (j->if_match && j->if_match != version) {
		app_fail(j->r, APP_STALE, "the SLA policies have changed since you read them (now version %lld)",
		         (long long)version);
		goto out;
	}
	size_t i;
	json_t *item;
	json_array_foreach(j->items, i, item)
	{
		json_t *m = json_is_object(item) ? policy_merge(before, item, i, j->r) : NULL;
		if (!json_is_object(item)) {
			char f[32];
			snprintf(f, sizeof(f), "items[%zu]", i);
			app_field_error(j->r, f, "must be an object");
		}
		if (m)
			json_array_append_new(merged, m);
	}
	if (j->r->err != APP_OK)
		goto out;
	json_array_foreach(merged, i, item) if (store_sla_policy_put(c, item, now) < 0) goto out;
	if (store_sla_reset_all(c) < 0)
		goto out;
	json_t *after = store_sla_policies(c);
	if (!after)
		goto out;
	if (audit(c, j->ctx->actor, "sla.policies", "sla_policy", "*",
	          json_pack("{s:O, s:O}", "before", before, "after", after)) < 0) {
		json_decref(after);
		goto out;
	}
	j->r->object = policies_object(after);
	rc = 0;
out:
	json_decref(before);
	json_decref(merged);
	return rc;
}

int app_sla_policies_put(const struct app_ctx *ctx, int64_t if_match, const json_t *in, struct app_result *r)
{
	if (require_admin(ctx, r) < 0)
		return -1;
	const json_t *items = json_object_get(in, "items");
	if (!json_is_array(items) || json_array_size(items) == 0 || json_array_size(items) > 4) {
		app_field_error(r, "items", "must be an array of 1 to 4 policies");
		return -1;
	}
	struct policies_job j = {ctx, if_match, items, r};
	return finish_write(db_write(ctx->db, policies_job_fn, &j), r);
}

/* --- business hours ------------------------------------------------------- */

static json_t *hhmm(int minutes)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%02d:%02d", minutes / 60, minutes % 60);
	return json_string(buf);
}

/* "HH:MM" (00:00 .. 24:00) → minutes; -1 when malformed. */
static int parse_hhmm(const json_t *v)
{
	const char *s = json_string_value(v);
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

static json_t *hours_object(const struct app_ctx *ctx, const int open[7], const int close[7])
{
	json_t *days = json_array();
	for (int wd = 0; wd < 7; wd++) {
		int is_open = open[wd] < close[wd];
		json_array_append_new(days, json_pack("{s:i, s:o, s:o}", "weekday", wd, "open",
		                                      is_open ? hhmm(open[wd]) : json_null(), "close",
		                                      is_open ? hhmm(close[wd]) : json_null()));
	}
	return json_pack("{s:i, s:o}", "utc_offset_minutes", ctx->cfg ? ctx->cfg->utc_offset_minutes : 540, "days",
	                 days);
}

int app_business_hours_get(const struct app_ctx *ctx, struct app_result *r)
{
	int open[7], close[7];
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return db_fail(r);
	int rc = store_sla_hours(c, open, close);
	db_read_end(ctx->db, c);
	if (rc < 0)
		return db_fail(r);
	r->object = hours_object(ctx, open, close);
	return 0;
}

struct hours_job {
	const struct app_ctx *ctx;
	int open[7], close[7];
	struct app_result *r;
};

static int hours_job_fn(struct db_conn *c, void *arg)
{
	struct hours_job *j = arg;
	int open[7], close[7];
	if (store_sla_hours(c, open, close) < 0 || store_sla_hours_put(c, j->open, j->close) < 0 ||
	    store_sla_reset_all(c) < 0)
		return -1;
	json_t *before = hours_object(j->ctx, open, close);
	j->r->object = hours_object(j->ctx, j->open, j->close);
	return audit(c, j->ctx->actor, "sla.business_hours", "business_hours", "*",
	             json_pack("{s:o, s:O}", "before", before, "after", j->r->object));
}

int app_business_hours_put(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	if (require_admin(ctx, r) < 0)
		return -1;
	struct hours_job j = {.ctx = ctx, .r = r};
	int seen[7] = {0};
	const json_t *days = json_object_get(in, "days");
	if (!json_is_array(days) || json_array_size(days) > 7) {
		app_field_error(r, "days", "must be an array of up to 7 weekdays");
		return -1;
	}
	size_t i;
	json_t *d;
	json_array_foreach(days, i, d)
	{
		char f[64];
		json_t *wj = json_object_get(d, "weekday");
		json_int_t wd = json_is_integer(wj) ? json_integer_value(wj) : -1;
		int o = parse_hhmm(json_object_get(d, "open")), e = parse_hhmm(json_object_get(d, "close"));
		snprintf(f, sizeof(f), "days[%zu].weekday", i);
		if (!json_is_object(d) || wd < 0 || wd > 6 || seen[wd]) {
			app_field_error(r, f, "must be a weekday 0 (Sunday) to 6 (Saturday), each at most once");
			continue;
		}
		seen[wd] = 1;
		if (o < 0 || o >= 1440) {
			snprintf(f, sizeof(f), "days[%zu].open", i);
			app_field_error(r, f, "must be a time HH:MM from 00:00 to 23:59");
		} else if (e < 0 || e <= o) {
			snprintf(f, sizeof(f), "days[%zu].close", i);
			app_field_error(r, f, "must be a time HH:MM after open (24:00 at most)");
		} else {
			j.open[wd] = o;
			j.close[wd] = e;
		}
	}
	if (r->err == APP_OK && json_array_size(days) == 0)
		app_field_error(r, "days", "at least one weekday must be open (use the 24x365 calendar otherwise)");
	if (r->err != APP_OK)
		return -1;
	return finish_write(db_write(ctx->db, hours_job_fn, &j), r);
}

/* --- holidays ------------------------------------------------------------- */

/* The public holiday on day (name, name_en) or NULL. */
static const struct jpholiday *builtin_on(int32_t day, int year, struct jpholiday buf[JPHOLIDAY_MAX])
{
	int n = jpholiday_year(year, buf);
	for (int i = 0; i < n; i++)
		if (buf[i].day == day)
			return &buf[i];
	return NULL;
}

static json_t *holiday_json(const char *day, const char *name, const char *name_en, const char *source, int enabled)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b}", "day", day, "name", name, "name_en", name_en, "source", source,
	                 "enabled", enabled);
}

static int holiday_cmp(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	return strcmp(json_string_value(json_object_get(x, "day")), json_string_value(json_object_get(y, "day")));
}

int app_holidays_list(const struct app_ctx *ctx, int year, struct app_result *r)
{
	if (year == 0) {
		int m, d;
		int64_t local = time_now() + (int64_t)(ctx->cfg ? ctx->cfg->utc_offset_minutes : 540) * 60;
		jp_civil_from_days((int32_t)(local / 86400), &year, &m, &d);
	}
	if (year < JPHOLIDAY_YEAR_MIN || year > JPHOLIDAY_YEAR_MAX) {
		app_field_error(r, "year", "must be a year from %d to %d", JPHOLIDAY_YEAR_MIN, JPHOLIDAY_YEAR_MAX);
		return -1;
	}
	char from[16], to[16];
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return db_fail(r);
	json_t *rows = store_holidays(c, from, to);
	db_read_end(ctx->db, c);
	if (!rows)
		return db_fail(r);
	struct jpholiday h[JPHOLIDAY_MAX];
	int n = jpholiday_year(year, h);
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		char day[16];
		int enabled = 1;
		format_day(h[i].day, day);
		size_t k;
		json_t *row;
		json_array_foreach(rows, k, row) if (strcmp(json_string_value(json_object_get(row, "day")), day) == 0)
		        enabled = json_integer_value(json_object_get(row, "enabled")) != 0;
		json_array_append_new(items, holiday_json(day, h[i].name, h[i].name_en, "builtin", enabled));
	}
	size_t k;
	json_t *row;
	json_array_foreach(rows, k, row)
	{
		if (strcmp(json_string_value(json_object_get(row, "source")), "custom") != 0)
			continue;
		json_array_append_new(items, holiday_json(json_string_value(json_object_get(row, "day")),
		                                          json_string_value(json_object_get(row, "name")),
		                                          json_string_value(json_object_get(row, "name_en")), "custom",
		                                          json_integer_value(json_object_get(row, "enabled")) != 0));
	}
	json_decref(rows);
	/* date order: a small array, sorted through a C copy of its members */
	size_t cnt = json_array_size(items);
	json_t **v = malloc((cnt + 1) * sizeof(*v));
	if (!v) {
		json_decref(items);
		return db_fail(r);
	}
	for (size_t i = 0; i < cnt; i++)
		v[i] = json_incref(json_array_get(items, i));
	qsort(v, cnt, sizeof(*v), holiday_cmp);
	json_array_clear(items);
	for (size_t i = 0; i < cnt; i++)
		json_array_append_new(items, v[i]);
	free(v);
	r->object = json_pack("{s:i, s:o}", "year", year, "items", items);
	return 0;
}

struct holiday_job {
	const struct app_ctx *ctx;
	const char *day;
	int32_t dayn;
	int year;
	const json_t *in;
	int op; /* 0 create, 1 update, 2 delete */
	struct app_result *r;
};

static const char *str_or(const json_t *in, const char *name, const char *dflt)
{
	const json_t *v = json_object_get(in, name);
	return json_is_string(v) ? json_string_value(v) : dflt;
}

static int holiday_create(struct db_conn *c, struct holiday_job *j, const json_t *cur, const struct jpholiday *builtin)
{
	if (builtin || cur)
		return app_fail(j->r, APP_CONFLICT, "%s is already a day off (%s)", j->day,
		                builtin ? builtin->name : json_string_value(json_object_get(cur, "name")));
	const char *name = str_or(j->in, "name", ""), *name_en = str_or(j->in, "name_en", "");
	if (store_holiday_put(c, j->day, name, name_en, "custom", 1) < 0)
		return -1;
	j->r->object = holiday_json(j->day, name, name_en, "custom", 1);
	return 0;
}

static int holiday_update(struct db_conn *c, struct holiday_job *j, const json_t *cur, const struct jpholiday *builtin)
{
	const json_t *en = json_object_get(j->in, "enabled");
	int enabled = cur ? json_integer_value(json_object_get(cur, "enabled")) != 0 : 1;
	if (en)
		enabled = json_is_true(en);
	if (builtin) {
		if (json_object_get(j->in, "name") || json_object_get(j->in, "name_en")) {
			app_field_error(j->r, "name",
			                "a public holiday keeps its name; it can only be switched on or off");
			return -1;
		}
		if (store_holiday_put(c, j->day, builtin->name, builtin->name_en, "builtin", enabled) < 0)
			return -1;
		j->r->object = holiday_json(j->day, builtin->name, builtin->name_en, "builtin", enabled);
		return 0;
	}
	if (!cur)
		return app_fail(j->r, APP_NOT_FOUND, "%s is neither a public holiday nor a custom day off", j->day);
	const char *name = str_or(j->in, "name", json_string_value(json_object_get(cur, "name")));
	const char *name_en = str_or(j->in, "name_en", json_string_value(json_object_get(cur, "name_en")));
	if (store_holiday_put(c, j->day, name, name_en, "custom", enabled) < 0)
		return -1;
	j->r->object = holiday_json(j->day, name, name_en, "custom", enabled);
	return 0;
}

static int holiday_job_fn(struct db_conn *c, void *arg)
{
	static const char *const actions[] = {"holiday.create", "holiday.update", "holiday.delete"};
	struct holiday_job *j = arg;
	struct jpholiday buf[JPHOLIDAY_MAX];
	const struct jpholiday *builtin = builtin_on(j->dayn, j->year, buf);
	json_t *cur = NULL;
	int rc = store_holiday_get(c, j->day, &cur);
	if (rc < 0)
		return -1;
	if (cur && strcmp(json_string_value(json_object_get(cur, "source")), "builtin") == 0 && !builtin) {
		json_decref(cur); /* a stale override: treat as absent */
		cur = NULL;
	}
	if (j->op == 0) {
		rc = holiday_create(c, j, cur, builtin);
	} else if (j->op == 1) {
		rc = holiday_update(c, j, cur, builtin);
	} else if (builtin) {
		rc = app_fail(j->r, APP_CONFLICT, "%s is a public holiday (%s): switch it off instead of deleting it",
		              j->day, builtin->name);
	} else if (!cur) {
		rc = app_fail(j->r, APP_NOT_FOUND, "%s is not a custom day off", j->day);
	} else {
		rc = store_holiday_delete(c, j->day) < 0 ? -1 : 0;
	}
	if (rc == 0)
		rc = store_sla_reset_all(c);
	if (rc == 0)
		rc = audit(c, j->ctx->actor, actions[j->op], "holiday", j->day,
		           json_pack("{s:O?, s:O?}", "before", cur, "after", j->r->object));
	json_decref(cur);
	return rc;
}

static int holiday_write(const struct app_ctx *ctx, const char *day, const json_t *in, int op, struct app_result *r)
{
	if (require_admin(ctx, r) < 0)
		return -1;
	struct holiday_job j = {ctx, day, 0, 0, in, op, r};
	if (parse_day(day, &j.dayn, &j.year) < 0) {
		if (op == 0)
			app_field_error(r, "day", "must be a date YYYY-MM-DD from %d to %d", JPHOLIDAY_YEAR_MIN,
			                JPHOLIDAY_YEAR_MAX);
		else
			app_fail(r, APP_NOT_FOUND, "no such day off (the path takes a date YYYY-MM-DD)");
		return -1;
	}
	return finish_write(db_write(ctx->db, holiday_job_fn, &j), r);
}

int app_holiday_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	return holiday_write(ctx, json_string_value(json_object_get(in, "day")), in, 0, r);
}

int app_holiday_update(const struct app_ctx *ctx, const char *day, const json_t *in, struct app_result *r)
{
	return holiday_write(ctx, day, in, 1, r);
}

int app_holiday_delete(const struct app_ctx *ctx, const char *day, struct app_result *r)
{
	return holiday_write(ctx, day, NULL, 2, r);
}

/* --- the timers of one incident ------------------------------------------- */

static json_t *timers_json(const struct sla_setup *s, const struct store_sla_incident *in, int64_t now)
{
	const struct sla_policy_c *p = sla_setup_policy(s, in->priority);
	json_t *targets = json_array();
	struct sla_calendar cal;
	if (p)
		sla_setup_calendar(s, p, &cal);
	/* the clocks of a closed incident stop when it was closed */
	int64_t at = in->closed_at ? in->closed_at : now;
	for (int t = 0; t < TGT_COUNT; t++) {
		int64_t minutes = p ? p->minutes[t] : -1, met = sla_met_at(in, t);
		struct sla_timer tm = {.due_at = SLA_NEVER, .near_at = SLA_NEVER, .state = SLA_NONE};
		if (minutes >= 0)
			sla_timer_eval(&cal, in->created_at, minutes, p->near_percent, met, at, &tm);
		json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:b}", "target", sla_target_names[t],
		                      "minutes", minutes >= 0 ? json_integer(minutes) : json_null(), "started_at",
		                      time_json(in->created_at), "due_at", time_json(tm.due_at), "near_at",
		                      time_json(tm.near_at), "met_at", time_json(met), "state",
		                      sla_state_name(tm.state), "breached", tm.breached);
		json_object_set_new(o, "elapsed_minutes", minutes >= 0 ? json_integer(tm.elapsed_min) : json_null());
		json_object_set_new(o, "remaining_minutes",
		                    minutes >= 0 && tm.due_at != SLA_NEVER ? json_integer(tm.remaining_min)
		                                                           : json_null());
		json_array_append_new(targets, o);
	}
	json_t *out = json_pack(
	        "{s:I, s:s, s:o, s:o, s:o}", "incident_id", (json_int_t)in->id, "priority", in->priority, "calendar",
	        p ? json_string(p->around_the_clock ? "24x365" : "business") : json_null(), "near_breach_percent",
	        p ? json_integer(p->near_percent) : json_null(), "now", time_json(now));
	json_object_set_new(out, "targets", targets);
	return out;
}

int app_incident_sla(const struct app_ctx *ctx, const char *ref, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return db_fail(r);
	json_t *row = NULL, *events = NULL;
	struct sla_setup s;
	struct store_sla_incident in;
	int rc = app_incident_load(c, ctx->actor, ref, 0, &row);
	if (rc == 1) {
		rc = store_sla_incident(c, json_integer_value(json_object_get(row, "id")), &in);
		events = rc == 1 ? store_sla_events(c, in.id) : NULL;
		if (rc == 1 && !events)
			rc = -1;
	}
	int sr = rc == 1 ? sla_setup_load(c, ctx->cfg, &s) : 0;
	db_read_end(ctx->db, c);
	if (rc == 1 && sr == 0) {
		r->object = timers_json(&s, &in, time_now());
		json_object_set_new(r->object, "key", json_string(json_string_value(json_object_get(row, "key"))));
		size_t i;
		json_t *e;
		json_array_foreach(events, i, e)
		        json_object_set_new(e, "at", time_json(json_integer_value(json_object_get(e, "at"))));
		json_object_set(r->object, "events", events);
	}
	if (rc == 1)
		sla_setup_free(&s);
	json_decref(row);
	json_decref(events);
	if (rc == 0)
		return app_fail(r, APP_NOT_FOUND, "no such incident (check the id or key)");
	if (rc < 0 || sr < 0)
		return db_fail(r);
	return 0;
}
