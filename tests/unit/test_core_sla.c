/*
 * test_core_sla.c - business-time arithmetic and SLA target states.
 *
 * The calendar is the default one (Mon-Fri 09:00-18:00 JST, +540) with the
 * Japanese public holidays of 2025-2027 from core/jpholiday plus a
 * company year-end (12/29-1/3). Instants are written as JST wall times.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "core/jpholiday.h"
#include "core/sla.h"

static int32_t days_off[128];
static size_t ndays_off;

/* JST wall time → unix seconds. */
static int64_t jst(int y, int mo, int d, int h, int mi)
{
	return (int64_t)jp_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 - 540 * 60;
}

static void add_off(int32_t day)
{
	size_t i = ndays_off++;
	while (i > 0 && days_off[i - 1] > day) {
		days_off[i] = days_off[i - 1];
		i--;
	}
	days_off[i] = day;
}

static int setup(void **state)
{
	(void)state;
	struct jpholiday h[JPHOLIDAY_MAX];
	ndays_off = 0;
	for (int y = 2025; y <= 2027; y++) {
		int n = jpholiday_year(y, h);
		for (int i = 0; i < n; i++)
			add_off(h[i].day);
	}
	/* year-end: 12/29..1/3 (1/1 is a public holiday already) */
	for (int y = 2025; y <= 2026; y++) {
		for (int d = 29; d <= 31; d++)
			add_off(jp_days_from_civil(y, 12, d));
		add_off(jp_days_from_civil(y + 1, 1, 2));
		add_off(jp_days_from_civil(y + 1, 1, 3));
	}
	return 0;
}

static struct sla_calendar business(void)
{
	struct sla_calendar c = {.utc_offset_min = 540, .days_off = days_off, .ndays_off = ndays_off};
	for (int wd = 1; wd <= 5; wd++) {
		c.open[wd] = 9 * 60;
		c.close[wd] = 18 * 60;
	}
	return c;
}

static void assert_time(int64_t got, int64_t want)
{
	if (got != want)
		fail_msg("got %lld, want %lld (off by %lld min)", (long long)got, (long long)want,
		         (long long)(got - want) / 60);
}

/* The brief's example: P1 with 60 business minutes raised Friday 17:30 is
 * due Monday 09:30. 2026-11-20 is a Friday. */
static void test_friday_evening(void **state)
{
	(void)state;
	struct sla_calendar c = business();
	int64_t start = jst(2026, 11, 20, 17, 30);
	assert_time(sla_add(&c, start, 60 * 60), jst(2026, 11, 24, 9, 30)); /* 11/23 勤労感謝の日 is Monday */
	start = jst(2026, 11, 13, 17, 30);
	assert_time(sla_add(&c, start, 60 * 60), jst(2026, 11, 16, 9, 30));
	assert_int_equal(sla_elapsed(&c, start, jst(2026, 11, 16, 9, 30)), 3600);
}

static void test_within_a_day(void **state)
{
	(void)state;
	struct sla_calendar c = business();
	int64_t t = jst(2026, 11, 18, 10, 0); /* Wednesday */
	assert_time(sla_add(&c, t, 15 * 60), jst(2026, 11, 18, 10, 15));
	assert_time(sla_add(&c, t, 8 * 3600), jst(2026, 11, 18, 18, 0)); /* exactly at closing */
	assert_time(sla_add(&c, t, 8 * 3600 + 60), jst(2026, 11, 19, 9, 1));
	assert_time(sla_add(&c, t, 0), t);
	assert_int_equal(sla_elapsed(&c, t, jst(2026, 11, 18, 12, 0)), 7200);
	assert_int_equal(sla_elapsed(&c, jst(2026, 11, 18, 12, 0), t), 0);
}

/* Raised at night, before opening, at the weekend: the clock starts when
 * the office opens. */
static void test_outside_hours(void **state)
{
	(void)state;
	struct sla_calendar c = business();
	assert_time(sla_add(&c, jst(2026, 11, 18, 2, 0), 30 * 60), jst(2026, 11, 18, 9, 30));
	assert_time(sla_add(&c, jst(2026, 11, 18, 20, 0), 30 * 60), jst(2026, 11, 19, 9, 30));
	assert_time(sla_add(&c, jst(2026, 11, 21, 11, 0), 30 * 60), jst(2026, 11, 24, 9, 30)); /* Sat */
	assert_int_equal(sla_elapsed(&c, jst(2026, 11, 21, 0, 0), jst(2026, 11, 22, 23, 59)), 0);
	/* a whole week: five days of nine hours, less the Monday holiday */
	assert_int_equal(sla_elapsed(&c, jst(2026, 11, 22, 0, 0), jst(2026, 11, 29, 0, 0)), 4 * 9 * 3600);
	assert_int_equal(sla_elapsed(&c, jst(2026, 11, 15, 0, 0), jst(2026, 11, 22, 0, 0)), 5 * 9 * 3600);
}

/* Golden Week 2026: 4/29 (Wed), 5/3..5/6; 4/30, 5/1 are working days. */
static void test_golden_week(void **state)
{
	(void)state;
	struct sla_calendar c = business();
	assert_time(sla_add(&c, jst(2026, 4, 28, 17, 0), 120 * 60), jst(2026, 4, 30, 10, 0));
	/* Friday 5/1 17:00 + 4 h: Sat, Sun, 5/4..5/6 off → Thursday 5/7 12:00 */
	assert_time(sla_add(&c, jst(2026, 5, 1, 17, 0), 4 * 3600), jst(2026, 5, 7, 12, 0));
	assert_int_equal(sla_elapsed(&c, jst(2026, 5, 1, 17, 0), jst(2026, 5, 7, 12, 0)), 4 * 3600);
	/* 24 business hours from Monday 4/27 09:00: 9 + 9, the holiday, 6 */
	assert_time(sla_add(&c, jst(2026, 4, 27, 9, 0), 24 * 3600), jst(2026, 4, 30, 15, 0));
}

/* Year end with the company's 12/29-1/3 and a year boundary. */
static void test_year_end(void **state)
{
	(void)state;
	struct sla_calendar c = business();
	/* Monday 2026-12-28 17:00 + 2 h → Monday 2027-01-04 10:00 */
	assert_time(sla_add(&c, jst(2026, 12, 28, 17, 0), 2 * 3600), jst(2027, 1, 4, 10, 0));
	assert_int_equal(sla_elapsed(&c, jst(2026, 12, 28, 0, 0), jst(2027, 1, 5, 0, 0)), 2 * 9 * 3600);
	/* 2025 → 2026: Friday 12/26 16:00 + 3 h → Monday 2026-01-05 10:00 */
	assert_time(sla_add(&c, jst(2025, 12, 26, 16, 0), 3 * 3600), jst(2026, 1, 5, 10, 0));
	/* 2027-01-11 is 成人の日 */
	assert_time(sla_add(&c, jst(2027, 1, 8, 17, 0), 2 * 3600), jst(2027, 1, 12, 10, 0));
}

/* Silver week 2026: 9/19..9/23 off (Sat, Sun, 敬老, 国民の休日, 秋分). */
static void test_silver_week(void **state)
{
	(void)state;
	struct sla_calendar c = business();
	assert_time(sla_add(&c, jst(2026, 9, 18, 17, 0), 2 * 3600), jst(2026, 9, 24, 10, 0));
}

static void test_around_the_clock(void **state)
{
	(void)state;
	struct sla_calendar c = business();
	c.around_the_clock = 1;
	int64_t t = jst(2026, 12, 31, 23, 30);
	assert_time(sla_add(&c, t, 60 * 60), jst(2027, 1, 1, 0, 30));
	assert_time(sla_add(&c, jst(2026, 11, 20, 17, 30), 60 * 60), jst(2026, 11, 20, 18, 30));
	assert_int_equal(sla_elapsed(&c, t, t + 86400 * 3), 86400 * 3);
	assert_time(sla_add(&c, SLA_NEVER - 10, 60), SLA_NEVER);
}

/* Other zones and shapes: a Saturday half-day, UTC, a negative offset. */
static void test_other_calendars(void **state)
{
	(void)state;
	struct sla_calendar c = {.utc_offset_min = 0};
	c.open[6] = 9 * 60;
	c.close[6] = 12 * 60; /* Saturdays only, 09:00-12:00 UTC */
	int64_t sat = (int64_t)jp_days_from_civil(2026, 11, 21) * 86400;
	assert_time(sla_add(&c, sat, 4 * 3600), sat + 7 * 86400 + 10 * 3600);
	c.utc_offset_min = -300; /* New York winter */
	c.open[6] = c.close[6] = 0;
	c.open[1] = 0;
	c.close[1] = 1440;                                                          /* all Monday */
	int64_t mon = (int64_t)jp_days_from_civil(2026, 11, 23) * 86400 + 5 * 3600; /* local midnight */
	assert_time(sla_add(&c, mon - 3600, 60), mon + 60);
	assert_int_equal(sla_elapsed(&c, mon - 86400, mon + 86400 + 3600), 86400);
}

static void test_calendar_validity(void **state)
{
	(void)state;
	struct sla_calendar c = business();
	assert_true(sla_calendar_valid(&c));
	struct sla_calendar closed = {.utc_offset_min = 540};
	assert_false(sla_calendar_valid(&closed));
	assert_time(sla_add(&closed, 1000, 60), SLA_NEVER);
	closed.around_the_clock = 1;
	assert_true(sla_calendar_valid(&closed));
	c.close[3] = 1441;
	assert_false(sla_calendar_valid(&c));
	c = business();
	c.open[2] = 600;
	c.close[2] = 540;
	assert_false(sla_calendar_valid(&c));
	c = business();
	c.utc_offset_min = 900;
	assert_false(sla_calendar_valid(&c));
}

static void test_timer_states(void **state)
{
	(void)state;
	struct sla_calendar c = business();
	struct sla_timer t;
	int64_t start = jst(2026, 11, 18, 10, 0);
	/* 60 min, near at 80 % = 10:48 */
	sla_timer_eval(&c, start, 60, 80, 0, jst(2026, 11, 18, 10, 30), &t);
	assert_int_equal(t.state, SLA_OK);
	assert_time(t.due_at, jst(2026, 11, 18, 11, 0));
	assert_time(t.near_at, jst(2026, 11, 18, 10, 48));
	assert_int_equal(t.elapsed_min, 30);
	assert_int_equal(t.remaining_min, 30);
	sla_timer_eval(&c, start, 60, 80, 0, jst(2026, 11, 18, 10, 48), &t);
	assert_int_equal(t.state, SLA_NEAR);
	sla_timer_eval(&c, start, 60, 80, 0, jst(2026, 11, 18, 11, 0), &t);
	assert_int_equal(t.state, SLA_BREACH);
	assert_int_equal(t.remaining_min, 0);
	/* overdue across the night counts business minutes only */
	sla_timer_eval(&c, start, 60, 80, 0, jst(2026, 11, 19, 9, 12), &t);
	assert_int_equal(t.state, SLA_BREACH);
	assert_int_equal(t.remaining_min, -(7 * 60 + 12));
	/* met on time, met late, met exactly at the deadline */
	sla_timer_eval(&c, start, 60, 80, jst(2026, 11, 18, 10, 20), jst(2026, 11, 20, 9, 0), &t);
	assert_int_equal(t.state, SLA_MET);
	assert_false(t.breached);
	assert_int_equal(t.elapsed_min, 20);
	sla_timer_eval(&c, start, 60, 80, jst(2026, 11, 18, 11, 5), jst(2026, 11, 20, 9, 0), &t);
	assert_int_equal(t.state, SLA_MET);
	assert_true(t.breached);
	assert_int_equal(t.remaining_min, -5);
	sla_timer_eval(&c, start, 60, 80, jst(2026, 11, 18, 11, 0), jst(2026, 11, 20, 9, 0), &t);
	assert_false(t.breached);
	/* no target */
	sla_timer_eval(&c, start, -1, 80, 0, jst(2026, 11, 20, 9, 0), &t);
	assert_int_equal(t.state, SLA_NONE);
	assert_true(t.due_at == SLA_NEVER);
	/* near at 100 % is the deadline itself */
	sla_timer_eval(&c, start, 60, 100, 0, jst(2026, 11, 18, 10, 59), &t);
	assert_int_equal(t.state, SLA_OK);
	assert_time(t.near_at, t.due_at);
	assert_string_equal(sla_state_name(SLA_NEAR), "near");
	assert_string_equal(sla_state_name(SLA_BREACH), "breach");
}

/* A P4 on 5 business days (2700 min) raised before Golden Week. */
static void test_long_target(void **state)
{
	(void)state;
	struct sla_calendar c = business();
	int64_t near, due;
	sla_timer_deadlines(&c, jst(2026, 4, 30, 9, 0), 5 * 9 * 60, 80, &near, &due);
	/* 4/30, 5/1, 5/7, 5/8, 5/11 → due 5/11 18:00; 80 % = 36 h is reached
	 * at the close of the fourth day, 5/8 18:00 (not the next opening) */
	assert_time(due, jst(2026, 5, 11, 18, 0));
	assert_time(near, jst(2026, 5, 8, 18, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_friday_evening),    cmocka_unit_test(test_within_a_day),
	        cmocka_unit_test(test_outside_hours),     cmocka_unit_test(test_golden_week),
	        cmocka_unit_test(test_year_end),          cmocka_unit_test(test_silver_week),
	        cmocka_unit_test(test_around_the_clock),  cmocka_unit_test(test_other_calendars),
	        cmocka_unit_test(test_calendar_validity), cmocka_unit_test(test_timer_states),
	        cmocka_unit_test(test_long_target),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
