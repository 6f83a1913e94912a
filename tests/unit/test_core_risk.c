/*
 * test_core_risk.c - the risk-tolerance model (data/risk/tolerance.json,
 * as embedded) and its scoring: both ends, the middle, the exact threshold
 * boundaries, answer errors naming each bad answer, and corrupt models.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/risk.h"
#include "lib/embedded.h"

static json_t *model;

static int setup(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("data/risk/tolerance.json");
	model = f ? json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, NULL) : NULL;
	return model ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	json_decref(model);
	return 0;
}

/* Every item answered at its low-tolerance end (lt) or the other end. */
static json_t *all_at(int low_end)
{
	json_t *a = json_object(), *it;
	size_t i;
	json_array_foreach(json_object_get(model, "items"), i, it)
	{
		json_int_t lt = json_integer_value(json_object_get(it, "low_tolerance_at"));
		json_object_set_new(a, json_string_value(json_object_get(it, "code")),
		                    json_integer(low_end ? lt : 4 - lt));
	}
	return a;
}

static enum priority cell(const struct risk_result *r, enum level im, enum level ur)
{
	return r->matrix.cell[im][ur];
}

static void test_model_valid(void **state)
{
	(void)state;
	char err[256] = "";
	assert_int_equal(risk_model_check(model, err, sizeof(err)), 0);
	/* the seed's 13 characteristics, 6 judgement items, 7 approach items */
	assert_int_equal(json_array_size(json_object_get(model, "items")), 26);
	assert_string_equal(
	        json_string_value(json_object_get(json_array_get(json_object_get(model, "items"), 0), "ja")),
	        "組織の規模");
}

static void test_extremes(void **state)
{
	(void)state;
	struct risk_result r;
	json_t *errors = json_array(), *a = all_at(1);
	assert_int_equal(risk_score(model, a, &r, errors), 0);
	assert_int_equal(r.points, 52);
	assert_int_equal(r.max_points, 52);
	assert_int_equal(r.index, 1000);
	assert_int_equal(r.profile, RISK_LOW);
	assert_string_equal(json_string_value(json_object_get(r.profile_json, "ja")), "低");
	/* low tolerance: P1 for high impact with medium urgency and vice versa */
	assert_int_equal(cell(&r, LEVEL_HIGH, LEVEL_HIGH), PRIO_P1);
	assert_int_equal(cell(&r, LEVEL_HIGH, LEVEL_MEDIUM), PRIO_P1);
	assert_int_equal(cell(&r, LEVEL_MEDIUM, LEVEL_HIGH), PRIO_P1);
	assert_int_equal(cell(&r, LEVEL_LOW, LEVEL_LOW), PRIO_P4);
	json_decref(a);
	a = all_at(0);
	assert_int_equal(risk_score(model, a, &r, errors), 0);
	assert_int_equal(r.points, 0);
	assert_int_equal(r.profile, RISK_HIGH);
	assert_int_equal(cell(&r, LEVEL_HIGH, LEVEL_HIGH), PRIO_P1);
	assert_int_equal(cell(&r, LEVEL_HIGH, LEVEL_MEDIUM), PRIO_P2);
	assert_int_equal(cell(&r, LEVEL_MEDIUM, LEVEL_MEDIUM), PRIO_P4);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(a);
	json_decref(errors);
}

static void test_middle_is_default_matrix(void **state)
{
	(void)state;
	struct risk_result r;
	struct priority_matrix def;
	json_t *errors = json_array(), *a = all_at(0), *it;
	size_t i;
	json_array_foreach(json_object_get(model, "items"), i, it)
	{
		if (strcmp(json_string_value(json_object_get(it, "scale")), "yesno") != 0)
			json_object_set_new(a, json_string_value(json_object_get(it, "code")), json_integer(2));
	}
	assert_int_equal(risk_score(model, a, &r, errors), 0);
	assert_int_equal(r.points, 25); /* 25 middles, multinational "no" */
	assert_int_equal(r.index, 480);
	assert_int_equal(r.profile, RISK_MEDIUM);
	priority_matrix_default(&def);
	assert_memory_equal(&r.matrix, &def, sizeof(def));
	json_decref(a);
	json_decref(errors);
}

/* Answers with n items at the low-tolerance end and, when mid, one more
 * (a 3-level item) in the middle; the rest at the other end. */
static json_t *partial(int n, int mid)
{
	json_t *a = all_at(0), *it;
	size_t i;
	json_array_foreach(json_object_get(model, "items"), i, it)
	{
		const char *code = json_string_value(json_object_get(it, "code"));
		if ((int)i < n)
			json_object_set(a, code, json_object_get(it, "low_tolerance_at"));
		else if ((int)i == n && mid && strcmp(code, "multinational") != 0)
			json_object_set_new(a, code, json_integer(2));
	}
	return a;
}

static void test_thresholds(void **state)
{
	(void)state;
	static const struct {
		int n, mid, points, index;
		enum risk_profile p;
	} cases[] = {
	        {17, 0, 34, 653, RISK_MEDIUM}, /* 653 < 667 */
	        {17, 1, 35, 673, RISK_LOW},    /* 673 >= 667 */
	        {8, 1, 17, 326, RISK_HIGH},    /* 326 <= 333 */
	        {9, 0, 18, 346, RISK_MEDIUM},  /* 346 > 333 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct risk_result r;
		json_t *errors = json_array(), *a = partial(cases[i].n, cases[i].mid);
		assert_int_equal(risk_score(model, a, &r, errors), 0);
		assert_int_equal(r.points, cases[i].points);
		assert_int_equal(r.index, cases[i].index);
		assert_int_equal(r.profile, cases[i].p);
		json_decref(a);
		json_decref(errors);
	}
}

static void test_bad_answers(void **state)
{
	(void)state;
	struct risk_result r;
	json_t *errors = json_array(), *a = all_at(1);
	json_object_del(a, "size");
	json_object_set_new(a, "multinational", json_integer(2)); /* yes/no: 1 or 3 */
	json_object_set_new(a, "regulation", json_string("3"));
	json_object_set_new(a, "colour", json_integer(1));
	assert_int_equal(risk_score(model, a, &r, errors), -1);
	assert_int_equal(json_array_size(errors), 4);
	const char *want[] = {"answers.colour", "answers.size", "answers.multinational", "answers.regulation"};
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(errors, i), "field")), want[i]);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(errors, 2), "message")), "1, 3"));
	assert_int_equal(risk_score(model, json_array_get(errors, 0), &r, errors), -1); /* not an object */
	json_decref(a);
	json_decref(errors);
}

static void test_corrupt_models(void **state)
{
	(void)state;
	char err[256];
	json_t *m = json_deep_copy(model);
	json_t *items = json_object_get(m, "items");
	json_object_set_new(json_array_get(items, 1), "code", json_string("size"));
	assert_int_equal(risk_model_check(m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "twice"));
	json_decref(m);

	m = json_deep_copy(model);
	json_array_remove(
	        json_object_get(json_object_get(json_array_get(json_object_get(m, "profiles"), 0), "matrix"), "cells"),
	        0);
	assert_int_equal(risk_model_check(m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "matrix"));
	json_decref(m);

	m = json_deep_copy(model);
	json_object_set_new(json_array_get(json_object_get(m, "items"), 0), "low_tolerance_at", json_integer(2));
	assert_int_equal(risk_model_check(m, err, sizeof(err)), -1);
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_model_valid),
	        cmocka_unit_test(test_extremes),
	        cmocka_unit_test(test_middle_is_default_matrix),
	        cmocka_unit_test(test_thresholds),
	        cmocka_unit_test(test_bad_answers),
	        cmocka_unit_test(test_corrupt_models),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
