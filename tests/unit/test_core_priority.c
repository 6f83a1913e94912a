/*
 * test_core_priority.c - unit tests for impact/urgency/priority.
 *
 * All nine cells of the default matrix are checked against the table in
 * the specification, written here by name; then a custom matrix, the
 * guards against corrupt matrices and the names and labels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/priority.h"

static void test_default_matrix_all_cells(void **state)
{
	(void)state;
	static const struct {
		const char *impact, *urgency, *prio;
	} cases[] = {
	        {"high", "high", "P1"},  {"high", "medium", "P2"},   {"medium", "high", "P2"},
	        {"high", "low", "P3"},   {"medium", "medium", "P3"}, {"low", "high", "P3"},
	        {"medium", "low", "P4"}, {"low", "medium", "P4"},    {"low", "low", "P4"},
	};
	struct priority_matrix m;
	priority_matrix_default(&m);
	assert_true(priority_matrix_valid(&m));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum level im, ur;
		enum priority want;
		assert_int_equal(level_parse(cases[i].impact, &im), 0);
		assert_int_equal(level_parse(cases[i].urgency, &ur), 0);
		assert_int_equal(priority_parse(cases[i].prio, &want), 0);
		assert_int_equal(priority_compute(&m, im, ur), want);
		assert_int_equal(priority_compute(NULL, im, ur), want); /* NULL = default */
	}
}

static void test_custom_matrix(void **state)
{
	(void)state;
	struct priority_matrix m;
	/* A stricter team: anything high-impact is P1, everything else P2..P4 by urgency. */
	for (int u = 0; u < 3; u++) {
		m.cell[LEVEL_HIGH][u] = PRIO_P1;
		m.cell[LEVEL_MEDIUM][u] = PRIO_P2;
		m.cell[LEVEL_LOW][u] = u == LEVEL_HIGH ? PRIO_P3 : PRIO_P4;
	}
	assert_true(priority_matrix_valid(&m));
	assert_int_equal(priority_compute(&m, LEVEL_HIGH, LEVEL_LOW), PRIO_P1);
	assert_int_equal(priority_compute(&m, LEVEL_MEDIUM, LEVEL_LOW), PRIO_P2);
	assert_int_equal(priority_compute(&m, LEVEL_LOW, LEVEL_HIGH), PRIO_P3);
	assert_int_equal(priority_compute(&m, LEVEL_LOW, LEVEL_LOW), PRIO_P4);
	/* A cell's position is [impact][urgency], not the other way round. */
	m.cell[LEVEL_LOW][LEVEL_HIGH] = PRIO_P2;
	m.cell[LEVEL_HIGH][LEVEL_LOW] = PRIO_P4;
	assert_int_equal(priority_compute(&m, LEVEL_LOW, LEVEL_HIGH), PRIO_P2);
	assert_int_equal(priority_compute(&m, LEVEL_HIGH, LEVEL_LOW), PRIO_P4);
}

static void test_corrupt_inputs(void **state)
{
	(void)state;
	struct priority_matrix m;
	priority_matrix_default(&m);
	m.cell[LEVEL_LOW][LEVEL_LOW] = (enum priority)9;
	assert_false(priority_matrix_valid(&m));
	assert_int_equal(priority_compute(&m, LEVEL_LOW, LEVEL_LOW), PRIO_P1);
	assert_int_equal(priority_compute(&m, (enum level)3, LEVEL_LOW), PRIO_P1);
	assert_int_equal(priority_compute(&m, LEVEL_LOW, (enum level) - 1), PRIO_P1);
	assert_false(priority_matrix_valid(NULL));
}

static void test_names(void **state)
{
	(void)state;
	static const char *const ln[] = {"low", "medium", "high"};
	for (int i = 0; i < 3; i++) {
		enum level l;
		assert_int_equal(level_parse(ln[i], &l), 0);
		assert_int_equal(l, i);
		assert_string_equal(level_name(l), ln[i]);
	}
	enum level l;
	assert_int_equal(level_parse("HIGH", &l), 0);
	assert_int_equal(l, LEVEL_HIGH);
	assert_int_equal(level_parse("critical", &l), -1);
	assert_int_equal(level_parse(NULL, &l), -1);
	assert_string_equal(level_name((enum level)5), "");

	static const char *const pn[] = {"P1", "P2", "P3", "P4"};
	static const char *const pj[] = {"緊急", "高", "中", "低"};
	static const char *const pe[] = {"critical", "high", "medium", "low"};
	for (int i = 0; i < 4; i++) {
		enum priority p;
		assert_int_equal(priority_parse(pn[i], &p), 0);
		assert_int_equal(p, i);
		assert_string_equal(priority_name(p), pn[i]);
		assert_string_equal(priority_label_ja(p), pj[i]);
		assert_string_equal(priority_label_en(p), pe[i]);
	}
	enum priority p;
	assert_int_equal(priority_parse("p3", &p), 0);
	assert_int_equal(p, PRIO_P3);
	assert_int_equal(priority_parse("P5", &p), -1);
	assert_int_equal(priority_parse("P", &p), -1);
	assert_string_equal(priority_name((enum priority)4), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_default_matrix_all_cells),
	        cmocka_unit_test(test_custom_matrix),
	        cmocka_unit_test(test_corrupt_inputs),
	        cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
