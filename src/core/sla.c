/*
 * sla.c - business-time arithmetic and SLA target states (see sla.h).
 *
 * Both walks go day by day through local days: a day contributes its open
 * interval unless it is a day off. A day is a handful of integer
 * operations and a binary search in the days off, so even a target of a
 * few business weeks is a few dozen steps; the scheduler calls this for
 * only the incidents the database says are due.
 */
#include "core/sla.h"

#define DAY 86400

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int is_day_off(const struct sla_calendar *cal, int64_t day)
{
	size_t lo = 0, hi = cal->ndays_off;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->days_off[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cal->ndays_off && cal->days_off[lo] == day;
}

/* The open interval of a local day in seconds after its midnight; 0 when
 * closed. */
static int day_hours(const struct sla_calendar *cal, int64_t day, int64_t *open, int64_t *close)
{
	int wd = (int)((day + 4) % 7); /* 1970-01-01 was a Thursday */
	if (wd < 0)
		wd += 7;
	if (cal->open[wd] >= cal->close[wd] || is_day_off(cal, day))
		return 0;
	*open = (int64_t)cal->open[wd] * 60;
	*close = (int64_t)cal->close[wd] * 60;
	return 1;
}

int sla_calendar_valid(const struct sla_calendar *cal)
{
	int any = 0;
	if (cal->utc_offset_min < -720 || cal->utc_offset_min > 840)
		return 0;
	for (int i = 0; i < 7; i++) {
		if (cal->open[i] < 0 || cal->close[i] > 1440 || cal->open[i] > cal->close[i])
			return 0;
		any |= cal->open[i] < cal->close[i];
	}
	return cal->around_the_clock || any;
}

int64_t sla_elapsed(const struct sla_calendar *cal, int64_t from, int64_t to)
{
	if (to <= from)
		return 0;
	if (cal->around_the_clock)
		return to - from;
	int64_t off = (int64_t)cal->utc_offset_min * 60;
	int64_t lf = from + off, lt = to + off;
	int64_t d0 = floor_div(lf, DAY), d1 = floor_div(lt, DAY);
	int64_t sum = 0;
	for (int64_t d = d0; d <= d1; d++) {
		int64_t o, c;
		if (!day_hours(cal, d, &o, &c))
			continue;
		int64_t s = d * DAY + o, e = d * DAY + c;
		if (s < lf)
			s = lf;
		if (e > lt)
			e = lt;
		if (e > s)
			sum += e - s;
	}
	return sum;
}

int64_t sla_add(const struct sla_calendar *cal, int64_t start, int64_t seconds)
{
	if (seconds <= 0)
		return start;
	if (cal->around_the_clock)
		return start > SLA_NEVER - seconds ? SLA_NEVER : start + seconds;
	int64_t off = (int64_t)cal->utc_offset_min * 60;
	int64_t local = start + off;
	int64_t day = floor_div(local, DAY);
	int64_t pos = local - day * DAY;
	for (int i = 0; i < SLA_SPAN_DAYS_MAX; i++, day++, pos = 0) {
		int64_t o, c;
		if (!day_hours(cal, day, &o, &c))
			continue;
		int64_t s = pos > o ? pos : o;
		if (s >= c)
			continue;
		if (seconds <= c - s)
			return day * DAY + s + seconds - off;
		seconds -= c - s;
	}
	return SLA_NEVER;
}

const char *sla_state_name(enum sla_state s)
{
	switch (s) {
	case SLA_OK: return "ok";
	case SLA_NEAR: return "near";
	case SLA_BREACH: return "breach";
	case SLA_MET: return "met";
	default: return "none";
	}
}

void sla_timer_deadlines(const struct sla_calendar *cal, int64_t start, int64_t minutes, int near_percent,
                         int64_t *near_at, int64_t *due_at)
{
	if (near_percent < 1 || near_percent > 100)
		near_percent = 100;
	*due_at = sla_add(cal, start, minutes * 60);
	/* near at a share of the target, in seconds so that short targets
	 * still warn before their deadline */
	*near_at = sla_add(cal, start, minutes * 60 * near_percent / 100);
}

void sla_timer_eval(const struct sla_calendar *cal, int64_t start, int64_t minutes, int near_percent, int64_t met_at,
                    int64_t now, struct sla_timer *t)
{
	t->due_at = SLA_NEVER;
	t->near_at = SLA_NEVER;
	t->state = SLA_NONE;
	t->breached = 0;
	t->elapsed_min = 0;
	t->remaining_min = 0;
	if (minutes < 0)
		return;
	sla_timer_deadlines(cal, start, minutes, near_percent, &t->near_at, &t->due_at);
	int64_t until = met_at ? met_at : now;
	t->elapsed_min = sla_elapsed(cal, start, until) / 60;
	if (t->due_at == SLA_NEVER)
		t->remaining_min = 0;
	else if (until < t->due_at)
		t->remaining_min = sla_elapsed(cal, until, t->due_at) / 60;
	else
		t->remaining_min = -(sla_elapsed(cal, t->due_at, until) / 60);
	/* met exactly at the deadline is on time; still open at it is late */
	t->breached = t->due_at != SLA_NEVER && (met_at ? met_at > t->due_at : now >= t->due_at);
	if (met_at)
		t->state = SLA_MET;
	else if (t->breached)
		t->state = SLA_BREACH;
	else if (now >= t->near_at)
		t->state = SLA_NEAR;
	else
		t->state = SLA_OK;
}
