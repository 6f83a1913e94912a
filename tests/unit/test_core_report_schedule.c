/*
 * test_core_report_schedule.c - the pure rules of scheduled reports: the
 * period each frequency reports on (JST calendar, fiscal halves and years
 * from April), the bilingual subject and body, the file name, the TLP label,
 * the retry delays and the audience defaults.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/report_schedule.h"

/* Unix seconds of y-m-d hh:mm JST (days_from_civil, no libc time zone). */
static int64_t jst(int y, int m, int d, int hh, int mm)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + hh * 3600 + mm * 60 - 9 * 3600;
}

static void period(const char *freq, int64_t t, const char *spec, const char *from, const char *to, const char *ja,
                   const char *en, const char *slug)
{
	struct schedule_period p;
	assert_int_equal(schedule_last_period(freq, t, &p), 0);
	assert_string_equal(p.spec, spec);
	assert_string_equal(p.from, from);
	assert_string_equal(p.to, to);
	assert_string_equal(p.label_ja, ja);
	assert_string_equal(p.label_en, en);
	assert_string_equal(p.slug, slug);
}

static void test_periods(void **state)
{
	(void)state;
	/* the run on 1 November 09:00 JST reports October */
	period("monthly", jst(2026, 11, 1, 9, 0), "2026-10", "", "", "2026年10月", "2026-10", "2026-10");
	/* 1 January: December of the year before */
	period("monthly", jst(2027, 1, 1, 9, 0), "2026-12", "", "", "2026年12月", "2026-12", "2026-12");
	/* JST, not UTC: 2026-12-01 00:30 JST is still 30 November in UTC */
	period("monthly", jst(2026, 12, 1, 0, 30), "2026-11", "", "", "2026年11月", "2026-11", "2026-11");
	period("quarterly", jst(2026, 10, 5, 9, 0), "2026-Q3", "", "", "2026年第3四半期", "2026-Q3", "2026-Q3");
	period("quarterly", jst(2027, 1, 5, 9, 0), "2026-Q4", "", "", "2026年第4四半期", "2026-Q4", "2026-Q4");
	period("quarterly", jst(2026, 11, 30, 9, 0), "2026-Q3", "", "", "2026年第3四半期", "2026-Q3", "2026-Q3");
	/* fiscal halves: April runs report October-March, October runs April-September */
	period("half_yearly", jst(2027, 4, 1, 9, 0), "", "2026-10-01", "2027-03-31", "2026年度下期", "FY2026 H2",
	       "FY2026-H2");
	period("half_yearly", jst(2026, 10, 1, 9, 0), "", "2026-04-01", "2026-09-30", "2026年度上期", "FY2026 H1",
	       "FY2026-H1");
	period("half_yearly", jst(2027, 2, 1, 9, 0), "", "2026-04-01", "2026-09-30", "2026年度上期", "FY2026 H1",
	       "FY2026-H1");
	/* fiscal years: April 2027 reports FY2026 (April 2026 - March 2027) */
	period("yearly", jst(2027, 4, 1, 9, 0), "", "2026-04-01", "2027-03-31", "2026年度", "FY2026", "FY2026");
	period("yearly", jst(2027, 3, 31, 9, 0), "", "2025-04-01", "2026-03-31", "2025年度", "FY2025", "FY2025");
	/* leap February closes a fiscal half */
	period("half_yearly", jst(2028, 4, 1, 9, 0), "", "2027-10-01", "2028-03-31", "2027年度下期", "FY2027 H2",
	       "FY2027-H2");
	struct schedule_period p;
	assert_int_equal(schedule_last_period("weekly", jst(2026, 11, 1, 9, 0), &p), -1);
	assert_int_equal(schedule_last_period(NULL, 0, &p), -1);
}

static void test_texts(void **state)
{
	(void)state;
	struct schedule_period p;
	char s[512], b[2048], f[128];
	assert_int_equal(schedule_last_period("monthly", jst(2026, 11, 1, 9, 0), &p), 0);
	assert_int_equal(schedule_subject("monthly", "management", &p, s, sizeof(s)), 0);
	assert_string_equal(s, "【hikeshi】2026年10月 月次報告（経営層向け） / Monthly report 2026-10 (management)");
	assert_int_equal(schedule_subject("monthly", "management", &p, s, 20), -1);
	assert_int_equal(schedule_last_period("yearly", jst(2027, 4, 1, 9, 0), &p), 0);
	assert_int_equal(schedule_subject("yearly", "constituency", &p, s, sizeof(s)), 0);
	assert_string_equal(s,
	                    "【hikeshi】2026年度 年次報告（サービス対象向け） / Annual report FY2026 (constituency)");
	assert_int_equal(schedule_body("yearly", "constituency", &p, "ACME-CSIRT", b, sizeof(b)), 0);
	assert_non_null(strstr(b, "ACME-CSIRT の年次報告（サービス対象向け、対象期間 2026年度）を添付します。"));
	assert_non_null(strstr(b, "Attached is the annual report of ACME-CSIRT for FY2026 (constituency)."));
	assert_true(strstr(b, "を添付") < strstr(b, "Attached")); /* Japanese first */
	assert_int_equal(schedule_filename(&p, "constituency", "pdf", f, sizeof(f)), 0);
	assert_string_equal(f, "hikeshi-report-FY2026-constituency.pdf");
	/* an audience from a tampered row never reaches the file name */
	assert_int_equal(schedule_filename(&p, "../x\r\n", "csv", f, sizeof(f)), 0);
	assert_string_equal(f, "hikeshi-report-FY2026-report.csv");
	assert_string_equal(schedule_tlp("constituency"), "TLP:CLEAR");
	assert_string_equal(schedule_tlp("management"), "TLP:AMBER");
	assert_string_equal(schedule_tlp("team"), "TLP:AMBER");
}

static void test_retry_and_defaults(void **state)
{
	(void)state;
	assert_int_equal(schedule_retry_delay(1), 300);
	assert_int_equal(schedule_retry_delay(2), 600);
	assert_int_equal(schedule_retry_delay(5), 4800);
	assert_int_equal(schedule_retry_delay(7), 19200);
	assert_int_equal(schedule_retry_delay(8), SCHEDULE_RETRY_MAX);
	assert_int_equal(schedule_retry_delay(1000000), SCHEDULE_RETRY_MAX);
	assert_int_equal(schedule_default_for("management"), SCHEDULE_TO_ADMINS);
	assert_int_equal(schedule_default_for("team"), SCHEDULE_TO_TEAM_OR_STAFF);
	assert_int_equal(schedule_default_for("meeting"), SCHEDULE_TO_TEAM_OR_STAFF);
	assert_int_equal(schedule_default_for("constituency"), SCHEDULE_TO_TEAM_OR_ADMINS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_periods),
	        cmocka_unit_test(test_texts),
	        cmocka_unit_test(test_retry_and_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
