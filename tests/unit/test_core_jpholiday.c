/*
 * test_core_jpholiday.c - the Japanese public holidays against the Cabinet
 * Office's list (内閣府「国民の祝日について」, syukujitsu.csv).
 *
 * 2025 and 2026 are written out in full, day by day with their names; the
 * Cabinet Office lists 振替休日 and 国民の休日 both as 「休日」, this module
 * names which kind it is. Then the rules one at a time on other years:
 * Golden Week substitutes, the September 国民の休日, the special years
 * 2019-2021, the pre-2007 rules, the equinoxes, and the year range.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/jpholiday.h"

struct want {
	int month, mday;
	const char *name;
};

static void check_year(int year, const struct want *w, int n)
{
	struct jpholiday h[JPHOLIDAY_MAX];
	int got = jpholiday_year(year, h);
	for (int i = 0; i < got && i < n; i++) {
		if (h[i].month != w[i].month || h[i].mday != w[i].mday || strcmp(h[i].name, w[i].name) != 0)
			fail_msg("%d #%d: got %02d-%02d %s, want %02d-%02d %s", year, i, h[i].month, h[i].mday,
			         h[i].name, w[i].month, w[i].mday, w[i].name);
		assert_true(h[i].name_en[0] != '\0');
		assert_int_equal(h[i].day, jp_days_from_civil(year, h[i].month, h[i].mday));
	}
	assert_int_equal(got, n);
}

/* 内閣府: 令和7年（2025年）の国民の祝日・休日 */
static void test_2025(void **state)
{
	(void)state;
	static const struct want w[] = {
	        {1, 1, "元日"},       {1, 13, "成人の日"},      {2, 11, "建国記念の日"}, {2, 23, "天皇誕生日"},
	        {2, 24, "振替休日"},  {3, 20, "春分の日"},      {4, 29, "昭和の日"},     {5, 3, "憲法記念日"},
	        {5, 4, "みどりの日"}, {5, 5, "こどもの日"},     {5, 6, "振替休日"},      {7, 21, "海の日"},
	        {8, 11, "山の日"},    {9, 15, "敬老の日"},      {9, 23, "秋分の日"},     {10, 13, "スポーツの日"},
	        {11, 3, "文化の日"},  {11, 23, "勤労感謝の日"}, {11, 24, "振替休日"},
	};
	check_year(2025, w, (int)(sizeof w / sizeof w[0]));
}

/* 内閣府: 令和8年（2026年）の国民の祝日・休日 */
static void test_2026(void **state)
{
	(void)state;
	static const struct want w[] = {
	        {1, 1, "元日"},       {1, 12, "成人の日"},      {2, 11, "建国記念の日"}, {2, 23, "天皇誕生日"},
	        {3, 20, "春分の日"},  {4, 29, "昭和の日"},      {5, 3, "憲法記念日"},    {5, 4, "みどりの日"},
	        {5, 5, "こどもの日"}, {5, 6, "振替休日"},       {7, 20, "海の日"},       {8, 11, "山の日"},
	        {9, 21, "敬老の日"},  {9, 22, "国民の休日"},    {9, 23, "秋分の日"},     {10, 12, "スポーツの日"},
	        {11, 3, "文化の日"},  {11, 23, "勤労感謝の日"},
	};
	check_year(2026, w, (int)(sizeof w / sizeof w[0]));
}

/* 2024: five substitutes (2/11, 5/5, 8/11, 9/22, 11/3 on Sundays). */
static void test_2024_substitutes(void **state)
{
	(void)state;
	static const struct want w[] = {
	        {1, 1, "元日"},           {1, 8, "成人の日"},       {2, 11, "建国記念の日"}, {2, 12, "振替休日"},
	        {2, 23, "天皇誕生日"},    {3, 20, "春分の日"},      {4, 29, "昭和の日"},     {5, 3, "憲法記念日"},
	        {5, 4, "みどりの日"},     {5, 5, "こどもの日"},     {5, 6, "振替休日"},      {7, 15, "海の日"},
	        {8, 11, "山の日"},        {8, 12, "振替休日"},      {9, 16, "敬老の日"},     {9, 22, "秋分の日"},
	        {9, 23, "振替休日"},      {10, 14, "スポーツの日"}, {11, 3, "文化の日"},     {11, 4, "振替休日"},
	        {11, 23, "勤労感謝の日"},
	};
	check_year(2024, w, (int)(sizeof w / sizeof w[0]));
}

/* 2019: the accession (5/1), 4/30 and 5/2 between holidays, the
 * enthronement ceremony (10/22), no Emperor's Birthday. */
static void test_2019_accession(void **state)
{
	(void)state;
	static const struct want w[] = {
	        {1, 1, "元日"},
	        {1, 14, "成人の日"},
	        {2, 11, "建国記念の日"},
	        {3, 21, "春分の日"},
	        {4, 29, "昭和の日"},
	        {4, 30, "国民の休日"},
	        {5, 1, "天皇の即位の日"},
	        {5, 2, "国民の休日"},
	        {5, 3, "憲法記念日"},
	        {5, 4, "みどりの日"},
	        {5, 5, "こどもの日"},
	        {5, 6, "振替休日"},
	        {7, 15, "海の日"},
	        {8, 11, "山の日"},
	        {8, 12, "振替休日"},
	        {9, 16, "敬老の日"},
	        {9, 23, "秋分の日"},
	        {10, 14, "体育の日"},
	        {10, 22, "即位礼正殿の儀の行われる日"},
	        {11, 3, "文化の日"},
	        {11, 4, "振替休日"},
	        {11, 23, "勤労感謝の日"},
	};
	check_year(2019, w, (int)(sizeof w / sizeof w[0]));
}

/* Finds month/mday in year's list: the name, or NULL. */
static const char *holiday_name(int year, int month, int mday)
{
	static struct jpholiday h[JPHOLIDAY_MAX];
	int n = jpholiday_year(year, h);
	for (int i = 0; i < n; i++)
		if (h[i].month == month && h[i].mday == mday)
			return h[i].name;
	return NULL;
}

static void assert_holiday(int year, int month, int mday, const char *name)
{
	const char *got = holiday_name(year, month, mday);
	if (!got || strcmp(got, name) != 0)
		fail_msg("%d-%02d-%02d: got %s, want %s", year, month, mday, got ? got : "(none)", name);
}

static void assert_workday(int year, int month, int mday)
{
	const char *got = holiday_name(year, month, mday);
	if (got)
		fail_msg("%d-%02d-%02d: is %s, want no holiday", year, month, mday, got);
}

static void test_olympic_years(void **state)
{
	(void)state;
	assert_holiday(2020, 7, 23, "海の日");
	assert_holiday(2020, 7, 24, "スポーツの日");
	assert_holiday(2020, 8, 10, "山の日");
	assert_workday(2020, 10, 12);
	assert_workday(2020, 8, 11);
	assert_holiday(2021, 7, 22, "海の日");
	assert_holiday(2021, 7, 23, "スポーツの日");
	assert_holiday(2021, 8, 8, "山の日");
	assert_holiday(2021, 8, 9, "振替休日");
	assert_workday(2021, 10, 11);
	assert_holiday(2022, 10, 10, "スポーツの日");
}

static void test_silver_weeks(void **state)
{
	(void)state;
	assert_holiday(2009, 9, 22, "国民の休日");
	assert_holiday(2015, 9, 22, "国民の休日");
	assert_holiday(2032, 9, 21, "国民の休日"); /* 9/20 敬老, 9/22 秋分 */
	assert_workday(2027, 9, 22);
}

/* Before 2007: 5/4 was a 国民の休日 (not on a Sunday), a substitute only
 * on the Monday, 海の日 and 敬老の日 fixed until 2002, 12/23. */
static void test_before_2007(void **state)
{
	(void)state;
	assert_holiday(2006, 5, 4, "国民の休日");
	assert_holiday(2006, 4, 29, "みどりの日");
	assert_holiday(2007, 4, 29, "昭和の日");
	assert_holiday(2007, 5, 4, "みどりの日");
	assert_workday(2003, 5, 4); /* a Sunday between two holidays */
	assert_holiday(2002, 7, 20, "海の日");
	assert_holiday(2003, 7, 21, "海の日");
	assert_holiday(2002, 9, 15, "敬老の日");
	assert_holiday(2002, 9, 16, "振替休日");
	assert_holiday(2003, 9, 15, "敬老の日");
	assert_holiday(2018, 12, 23, "天皇誕生日");
	assert_holiday(2018, 12, 24, "振替休日");
	assert_workday(2019, 12, 23);
	assert_holiday(2000, 1, 10, "成人の日");
	/* 2006-01-01 a Sunday: the Monday is the substitute */
	assert_holiday(2006, 1, 2, "振替休日");
	/* 2008-05-04 (みどりの日) on a Sunday: 5/5 is one too, so 5/6 */
	assert_holiday(2008, 5, 6, "振替休日");
}

static void test_equinoxes(void **state)
{
	(void)state;
	static const struct {
		int year, spring, autumn;
	} cases[] = {
	        {2000, 20, 23}, {2012, 20, 22}, {2016, 20, 22}, {2020, 20, 22}, {2023, 21, 23},
	        {2027, 21, 23}, {2030, 20, 23}, {2044, 20, 22}, {2092, 19, 22}, {2099, 20, 23},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_holiday(cases[i].year, 3, cases[i].spring, "春分の日");
		assert_holiday(cases[i].year, 9, cases[i].autumn, "秋分の日");
	}
}

static void test_every_year(void **state)
{
	(void)state;
	struct jpholiday h[JPHOLIDAY_MAX];
	for (int y = JPHOLIDAY_YEAR_MIN; y <= JPHOLIDAY_YEAR_MAX; y++) {
		int n = jpholiday_year(y, h);
		assert_true(n >= 15 && n <= JPHOLIDAY_MAX);
		for (int i = 0; i < n; i++) {
			if (i > 0)
				assert_true(h[i].day > h[i - 1].day); /* sorted, no duplicates */
			int yy, m, d;
			jp_civil_from_days(h[i].day, &yy, &m, &d);
			assert_int_equal(yy, y);
			assert_int_equal(m, h[i].month);
			assert_int_equal(d, h[i].mday);
			/* a substitute is never on a Sunday, and follows a holiday */
			if (strcmp(h[i].name, "振替休日") == 0)
				assert_int_not_equal(jp_weekday(h[i].day), 0);
		}
	}
	assert_int_equal(jpholiday_year(1999, h), -1);
	assert_int_equal(jpholiday_year(2100, h), -1);
}

static void test_calendar_helpers(void **state)
{
	(void)state;
	assert_int_equal(jp_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(jp_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(jp_weekday(0), 4);                                /* Thursday */
	assert_int_equal(jp_weekday(jp_days_from_civil(2026, 11, 22)), 0); /* a Sunday */
	assert_int_equal(jp_weekday(jp_days_from_civil(1969, 12, 31)), 3);
	int y, m, d;
	jp_civil_from_days(jp_days_from_civil(2024, 2, 29), &y, &m, &d);
	assert_true(y == 2024 && m == 2 && d == 29);
	jp_civil_from_days(-1, &y, &m, &d);
	assert_true(y == 1969 && m == 12 && d == 31);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_2025),
	        cmocka_unit_test(test_2026),
	        cmocka_unit_test(test_2024_substitutes),
	        cmocka_unit_test(test_2019_accession),
	        cmocka_unit_test(test_olympic_years),
	        cmocka_unit_test(test_silver_weeks),
	        cmocka_unit_test(test_before_2007),
	        cmocka_unit_test(test_equinoxes),
	        cmocka_unit_test(test_every_year),
	        cmocka_unit_test(test_calendar_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
