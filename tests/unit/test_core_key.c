/*
 * test_core_key.c - unit tests for tracking keys (INC-2026-00042).
 *
 * Formatting and padding, growth past 99999, strict parsing and its
 * round trip, rejection of malformed keys, and the year boundary in
 * Japan Standard Time (UTC+9), where the new year's keys start at
 * 15:00 UTC on 31 December.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/key.h"

#define JST (9 * 60)

static void test_format_padding(void **state)
{
	(void)state;
	char buf[KEY_MAX];
	assert_int_equal(key_format(buf, sizeof buf, "INC", 2026, 42), 0);
	assert_string_equal(buf, "INC-2026-00042");
	assert_int_equal(key_format(buf, sizeof buf, "RPT", 2026, 1), 0);
	assert_string_equal(buf, "RPT-2026-00001");
	assert_int_equal(key_format(buf, sizeof buf, "INC", 2026, 99999), 0);
	assert_string_equal(buf, "INC-2026-99999");
	/* 6-digit growth */
	assert_int_equal(key_format(buf, sizeof buf, "INC", 2026, 100000), 0);
	assert_string_equal(buf, "INC-2026-100000");
	assert_int_equal(key_format(buf, sizeof buf, "INC", 2026, 1234567), 0);
	assert_string_equal(buf, "INC-2026-1234567");
	assert_int_equal(key_format(buf, sizeof buf, "INC", 1970, INT64_MAX), 0);
	assert_string_equal(buf, "INC-1970-9223372036854775807");
}

static void test_format_rejects(void **state)
{
	(void)state;
	char buf[KEY_MAX];
	char small[14]; /* "INC-2026-00042" needs 15 with NUL */
	assert_int_equal(key_format(small, sizeof small, "INC", 2026, 42), -1);
	assert_string_equal(small, "");
	char exact[15];
	assert_int_equal(key_format(exact, sizeof exact, "INC", 2026, 42), 0);
	assert_int_equal(key_format(buf, sizeof buf, "INC", 2026, 0), -1);
	assert_int_equal(key_format(buf, sizeof buf, "INC", 2026, -5), -1);
	assert_int_equal(key_format(buf, sizeof buf, "INC", 1969, 1), -1);
	assert_int_equal(key_format(buf, sizeof buf, "INC", 10000, 1), -1);
	assert_int_equal(key_format(buf, sizeof buf, "", 2026, 1), -1);
	assert_int_equal(key_format(buf, sizeof buf, "inc", 2026, 1), -1);
	assert_int_equal(key_format(buf, sizeof buf, "IN-C", 2026, 1), -1);
	assert_int_equal(key_format(buf, sizeof buf, NULL, 2026, 1), -1);
	assert_int_equal(key_format(buf, 0, "INC", 2026, 1), -1);
}

static void test_parse_round_trip(void **state)
{
	(void)state;
	const int64_t seqs[] = {1, 42, 99999, 100000, 123456789, INT64_MAX};
	const int years[] = {1970, 2026, 2027, 9999};
	for (size_t y = 0; y < sizeof years / sizeof years[0]; y++) {
		for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
			char buf[KEY_MAX], prefix[8];
			int year = 0;
			int64_t seq = 0;
			assert_int_equal(key_format(buf, sizeof buf, "RPT", years[y], seqs[i]), 0);
			assert_int_equal(key_parse(buf, prefix, sizeof prefix, &year, &seq), 0);
			assert_string_equal(prefix, "RPT");
			assert_int_equal(year, years[y]);
			assert_true(seq == seqs[i]);
		}
	}
	/* NULL outputs are allowed. */
	assert_int_equal(key_parse("INC-2026-00042", NULL, 0, NULL, NULL), 0);
}

static void test_parse_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
	        "INC-26-1",
	        "INC-2026-0001x",
	        "INC-2026-0001",                /* fewer than 5 digits */
	        "INC-2026-00000",               /* seq 0 */
	        "INC-2026-000042",              /* over-padded */
	        "INC-2026-9223372036854775808", /* INT64_MAX + 1 */
	        "INC-2026-99999999999999999999",
	        "INC-1969-00001",
	        "INC-20260-00001",
	        "inc-2026-00042",
	        "INC2026-00042",
	        "INC-2026_00042",
	        "-2026-00042",
	        "INC-2026-",
	        "INC-2026-00042 ",
	        " INC-2026-00042",
	        "INC-2026--0042",
	        "INC-2026-+0042",
	        "ABCDEFGHIJKLMNOPQ-2026-00001", /* prefix too long */
	        "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int year = -7;
		int64_t seq = -7;
		if (key_parse(bad[i], NULL, 0, &year, &seq) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(year, -7);
		assert_true(seq == -7);
	}
	assert_int_equal(key_parse(NULL, NULL, 0, NULL, NULL), -1);
	/* Prefix buffer too small. */
	char p[3];
	assert_int_equal(key_parse("INC-2026-00042", p, sizeof p, NULL, NULL), -1);
	char p4[4];
	assert_int_equal(key_parse("INC-2026-00042", p4, sizeof p4, NULL, NULL), 0);
	assert_string_equal(p4, "INC");
}

static void test_year_boundary_jst(void **state)
{
	(void)state;
	/* 2026-12-31T14:59:59Z = 23:59:59 JST, 15:00:00Z = 2027-01-01T00:00 JST */
	const int64_t t1 = 1798729199; /* 2026-12-31T14:59:59Z */
	assert_int_equal(key_year_of(t1, JST), 2026);
	assert_int_equal(key_year_of(t1 + 1, JST), 2027);
	assert_int_equal(key_year_of(1798731000, JST), 2027); /* 2026-12-31T15:30Z */
	assert_int_equal(key_year_of(1798731000, 0), 2026);
	/* UTC boundary itself */
	assert_int_equal(key_year_of(1798761599, 0), 2026); /* 2026-12-31T23:59:59Z */
	assert_int_equal(key_year_of(1798761600, 0), 2027);
	/* Negative offset: New York (UTC-5) is still in 2026 at 2027-01-01T03:00Z */
	assert_int_equal(key_year_of(1798761600 + 3 * 3600, -300), 2026);
	assert_int_equal(key_year_of(0, 0), 1970);
	assert_int_equal(key_year_of(-1, 0), 1969);
	assert_int_equal(key_year_of(-1, JST), 1970);
	assert_int_equal(key_year_of(951782400, 0), 2000);  /* 2000-02-29 leap day */
	assert_int_equal(key_year_of(4107542400, 0), 2100); /* 2100-03-01 */
	/* No overflow near the ends of int64. */
	(void)key_year_of(INT64_MAX, 14 * 60);
	(void)key_year_of(INT64_MIN, -14 * 60);
}

/* What the store does: the sequence restarts with the year. */
static void test_sequences_across_years(void **state)
{
	(void)state;
	const int64_t times[] = {1798729100, 1798729199, 1798729200, 1798729300};
	const char *const want[] = {"INC-2026-00001", "INC-2026-00002", "INC-2027-00001", "INC-2027-00002"};
	int cur_year = 0;
	int64_t seq = 0;
	for (size_t i = 0; i < 4; i++) {
		int y = key_year_of(times[i], JST);
		if (y != cur_year) {
			cur_year = y;
			seq = 0;
		}
		char buf[KEY_MAX];
		assert_int_equal(key_format(buf, sizeof buf, "INC", y, ++seq), 0);
		assert_string_equal(buf, want[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_format_padding),    cmocka_unit_test(test_format_rejects),
	        cmocka_unit_test(test_parse_round_trip),  cmocka_unit_test(test_parse_rejects),
	        cmocka_unit_test(test_year_boundary_jst), cmocka_unit_test(test_sequences_across_years),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
