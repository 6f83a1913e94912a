/*
 * test_core_csv.c - the CSV parser and cell writer (core/csv.c): quoting,
 * line ends, blank lines, record numbers, errors, the formula guard and
 * its inverse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/csv.h"

static enum csv_err parse(const char *s, struct csv_table *t, size_t *rec)
{
	return csv_parse(s, strlen(s), t, rec);
}

static void test_parse_quotes_and_line_ends(void **state)
{
	(void)state;
	struct csv_table t;
	size_t rec = 0;
	const char *s = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n1,,\r3,\"\",z";
	assert_int_equal(parse(s, &t, &rec), CSV_OK);
	assert_int_equal(t.nrows, 4);
	assert_int_equal(t.rows[1].ncells, 3);
	assert_string_equal(t.rows[1].cells[0], "x, y");
	assert_string_equal(t.rows[1].cells[1], "say \"hi\"");
	assert_string_equal(t.rows[1].cells[2], "two\nlines");
	assert_int_equal(t.rows[1].record, 2);
	assert_int_equal(t.rows[2].record, 4); /* the blank line counts as a row */
	assert_int_equal(t.rows[2].ncells, 3);
	assert_string_equal(t.rows[2].cells[1], "");
	assert_int_equal(t.rows[3].ncells, 3);
	assert_string_equal(t.rows[3].cells[1], "");
	assert_string_equal(t.rows[3].cells[2], "z");
	csv_free(&t);
}

static void test_parse_errors(void **state)
{
	(void)state;
	struct csv_table t;
	size_t rec = 0;
	assert_int_equal(parse("a\n\"open\n", &t, &rec), CSV_E_QUOTE);
	assert_int_equal(rec, 2);
	assert_int_equal(t.nrows, 0);
	csv_free(&t);
	assert_int_equal(parse("a\nb\n\"x\"y\n", &t, &rec), CSV_E_AFTER);
	assert_int_equal(rec, 3);
	csv_free(&t);
	assert_int_equal(csv_parse("a\0b", 3, &t, &rec), CSV_E_NUL);
	csv_free(&t);
	assert_int_equal(parse("", &t, &rec), CSV_OK);
	assert_int_equal(t.nrows, 0);
	csv_free(&t);
}

static void test_writer_guard_round_trip(void **state)
{
	(void)state;
	static const char *const cells[] = {"plain", "=SUM(A1)", "+81 3",      "-x",     "@cmd", "a,b",
	                                    "q\"q",  " pad",     "改行\nあり", "'=keep", ""};
	struct buf b;
	buf_init(&b, 4096);
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		assert_int_equal(buf_puts(&b, i ? "," : ""), 0);
		assert_int_equal(csv_put_cell(&b, cells[i]), 0);
	}
	assert_non_null(strstr(b.data, "'=SUM(A1)"));
	assert_non_null(strstr(b.data, "'+81 3"));
	assert_non_null(strstr(b.data, "\"a,b\""));
	assert_non_null(strstr(b.data, "\"q\"\"q\""));
	struct csv_table t;
	size_t rec;
	assert_int_equal(csv_parse(b.data, b.len, &t, &rec), CSV_OK);
	assert_int_equal(t.nrows, 1);
	assert_int_equal(t.rows[0].ncells, sizeof(cells) / sizeof(cells[0]));
	for (size_t i = 0; i < t.rows[0].ncells; i++) {
		csv_unguard(t.rows[0].cells[i]);
		assert_string_equal(t.rows[0].cells[i], cells[i]);
	}
	csv_free(&t);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_parse_quotes_and_line_ends),
	        cmocka_unit_test(test_parse_errors),
	        cmocka_unit_test(test_writer_guard_round_trip),
	};
	return cmocka_run_group_tests_name("core_csv", tests, NULL, NULL);
}
