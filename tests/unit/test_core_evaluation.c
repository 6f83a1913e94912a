/*
 * test_core_evaluation.c - the CSIRT evaluation model (data/evaluation/
 * survey.json with data/build/services.json, as embedded): scoring by
 * area, SIM3 levels, the roadmap's order and dates, the survey figures,
 * answer errors naming the field, and date arithmetic. The expected
 * numbers were computed by hand (see the comments).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/evaluation.h"
#include "lib/embedded.h"

static json_t *model, *services;

static json_t *load(const char *path)
{
	const struct embedded_file *f = embedded_find(path);
	return f ? json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, NULL) : NULL;
}

static int setup(void **state)
{
	(void)state;
	model = load("data/evaluation/survey.json");
	services = load("data/build/services.json");
	return model && services ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	json_decref(model);
	json_decref(services);
	return 0;
}

/*
 * The fixed answers "A": maturity items (c) = 2, training criteria (b) = 2,
 * 2.5 (b) = 3, 2.8 (b) = 3, 2.10 (b) = 0, 2.14 (a) = 4, 3.8 (b) = 0,
 * 4.7 (a) = 4, 5.1 (a) = 4, 5.2 (b) = 0, 6.1 (d) = 3, 6.2 (e) = 1,
 * 6.3 (f) = 0, 7.1 (b) = 4; every service in-house except announcements
 * (54 of 66) and forensics (no count) not provided.
 */
static json_t *answers_a(void)
{
	json_t *a = json_object(), *it, *s, *svc = json_object();
	size_t i;
	json_array_foreach(json_object_get(model, "items"), i, it)
	{
		const char *sc = json_string_value(json_object_get(it, "scale"));
		const char *l = strcmp(sc, "maturity") == 0 ? "c" : "b";
		json_object_set_new(a, json_string_value(json_object_get(it, "code")), json_string(l));
	}
	static const char *const fixed[][2] = {{"2.14", "a"}, {"4.7", "a"}, {"5.1", "a"},  {"6.1", "d"},
	                                       {"6.2", "e"},  {"6.3", "f"}, {"3.3.1", "f"}};
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		json_object_set_new(a, fixed[i][0], json_string(fixed[i][1]));
	json_array_foreach(json_object_get(services, "services"), i, s)
	{
		const char *c = json_string_value(json_object_get(s, "code"));
		int no = strcmp(c, "announcements") == 0 || strcmp(c, "forensics") == 0;
		json_object_set_new(svc, c, json_string(no ? "not_provided" : "in_house"));
	}
	json_object_set_new(a, "services", svc);
	return a;
}

static const json_t *by(const json_t *arr, const char *key, const char *val)
{
	const json_t *v;
	size_t i;
	json_array_foreach(arr, i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, key)), val) == 0)
			return v;
	}
	return NULL;
}

static int num(const json_t *o, const char *k)
{
	return (int)json_integer_value(json_object_get(o, k));
}

static void test_model_valid(void **state)
{
	(void)state;
	char err[256] = "";
	assert_int_equal(evaluation_model_check(model, services, err, sizeof(err)), 0);
	assert_int_equal(json_array_size(json_object_get(model, "items")), 32);
}

static void test_areas(void **state)
{
	(void)state;
	json_t *errors = json_array(), *res, *a = answers_a();
	assert_int_equal(evaluation_score(model, services, a, "2026-11-22", &res, errors), 0);
	const json_t *areas = json_object_get(res, "areas");
	/* organisation 3+3+0+2+2+2+4 = 16 / 7 = 2.2857 -> 229, 16/28 = 57% */
	assert_int_equal(num(by(areas, "code", "organisation"), "score_x100"), 229);
	assert_int_equal(num(by(areas, "code", "organisation"), "percent"), 57);
	/* members 2+2+2+2+2+0 = 10 / 6 -> 167, 42% (3.3.1 is not scored) */
	assert_int_equal(num(by(areas, "code", "members"), "score_x100"), 167);
	assert_int_equal(num(by(areas, "code", "members"), "percent"), 42);
	/* processes 10 x 2 + 4 = 24 / 11 -> 218, 54.5 -> 55% */
	assert_int_equal(num(by(areas, "code", "processes"), "score_x100"), 218);
	assert_int_equal(num(by(areas, "code", "processes"), "percent"), 55);
	assert_int_equal(num(by(areas, "code", "tools"), "score_x100"), 200);
	/* reviews 3+1+0 = 4 / 3 -> 133, 33% */
	assert_int_equal(num(by(areas, "code", "reviews"), "score_x100"), 133);
	assert_int_equal(num(by(areas, "code", "reviews"), "percent"), 33);
	assert_int_equal(num(by(areas, "code", "reports"), "score_x100"), 400);
	/* overall 62 / 30 = 2.0667 -> 207, 51.67 -> 52% */
	assert_int_equal(num(json_object_get(res, "overall"), "score_x100"), 207);
	assert_int_equal(num(json_object_get(res, "overall"), "percent"), 52);
	assert_int_equal(num(json_object_get(res, "overall"), "items"), 30);
	json_decref(res);
	json_decref(a);
	json_decref(errors);
}

static void test_sim3(void **state)
{
	(void)state;
	json_t *errors = json_array(), *res, *a = answers_a();
	assert_int_equal(evaluation_score(model, services, a, "2026-11-22", &res, errors), 0);
	const json_t *s = json_object_get(res, "sim3");
	static const struct {
		const char *p;
		int level;
	} want[] = {{"O-2", 2},  {"O-3", 2}, {"O-5", 2}, {"O-7", 0},  {"O-8", 2}, {"O-9", 3},
	            {"O-11", 2}, {"H-1", 2}, {"H-4", 1}, {"H-6", 1},  {"T-1", 3}, {"T-4", 0},
	            {"P-1", 2},  {"P-6", 2}, {"P-9", 2}, {"P-10", 3}, {"P-16", 2}};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const json_t *p = by(s, "parameter", want[i].p);
		assert_non_null(p);
		assert_int_equal(num(p, "level"), want[i].level);
	}
	assert_int_equal(json_array_size(s), 28);
	json_decref(res);
	json_decref(a);
	json_decref(errors);
}

static void test_roadmap(void **state)
{
	(void)state;
	json_t *errors = json_array(), *res, *a = answers_a();
	assert_int_equal(evaluation_score(model, services, a, "2026-11-22", &res, errors), 0);
	const json_t *r = json_object_get(res, "roadmap");
	/* severity 4: 5.2 (high), 2.10 (medium), 3.8 (low); 3: 6.3; 2: 3.5 3.6
	 * 3.7 6.2; 1 high: 2.11 2.12 2.13 4.1 4.2 4.3 4.4 4.6 4.8; 1 medium:
	 * 3.1 3.4 4.5 4.9 4.11; 1 low: 4.10, then the service announcements */
	static const char *const order[] = {"5.2",  "2.10", "3.8",  "6.3", "3.5", "3.6",  "3.7",  "6.2",
	                                    "2.11", "2.12", "2.13", "4.1", "4.2", "4.3",  "4.4",  "4.6",
	                                    "4.8",  "3.1",  "3.4",  "4.5", "4.9", "4.11", "4.10", "2.9"};
	assert_int_equal(json_array_size(r), 24);
	for (size_t i = 0; i < 24; i++) {
		const json_t *e = json_array_get(r, i);
		assert_string_equal(json_string_value(json_object_get(e, "item")), order[i]);
		assert_int_equal(num(e, "n"), (int)i + 1);
	}
	const json_t *first = json_array_get(r, 0), *last = json_array_get(r, 23);
	assert_string_equal(json_string_value(json_object_get(first, "target_date")), "2027-02-22");
	assert_string_equal(json_string_value(json_object_get(first, "owner")), "CSIRT 責任者");
	assert_string_equal(json_string_value(json_object_get(json_array_get(r, 4), "target_date")), "2027-05-22");
	assert_string_equal(json_string_value(json_object_get(last, "target_date")), "2027-11-22");
	assert_string_equal(json_string_value(json_object_get(last, "service")), "announcements");
	assert_string_equal(json_string_value(json_object_get(last, "action_ja")),
	                    "サービス「注意喚起・アナウンス」の提供(内製または外注)を検討する");
	assert_string_equal(json_string_value(json_object_get(json_array_get(r, 11), "owner")), "CISO");
	json_decref(res);
	json_decref(a);
	json_decref(errors);
}

static void test_figures(void **state)
{
	(void)state;
	json_t *errors = json_array(), *res, *a = answers_a();
	assert_int_equal(evaluation_score(model, services, a, "2026-11-22", &res, errors), 0);
	const json_t *c, *cmp = json_object_get(res, "comparison");
	size_t i;
	int seen77 = 0, seen12 = 0;
	json_array_foreach(cmp, i, c)
	{
		const json_t *f = json_object_get(c, "figure");
		if (json_integer_value(json_object_get(f, "value")) == 77) {
			seen77 = 1;
			assert_string_equal(json_string_value(json_object_get(f, "seed")), "002 §4.4");
			assert_true(json_is_true(json_object_get(c, "in_group"))); /* (c) is documented */
		}
		if (json_integer_value(json_object_get(f, "value")) == 12 &&
		    strcmp(json_string_value(json_object_get(c, "item")), "2.8") == 0) {
			seen12 = 1;
			assert_true(json_is_false(json_object_get(c, "in_group"))); /* answered (b) */
		}
	}
	assert_true(seen77 && seen12);
	const json_t *ann = by(json_object_get(res, "services"), "code", "announcements");
	assert_int_equal(num(ann, "survey_count"), 54);
	assert_string_equal(json_string_value(json_object_get(ann, "percent")), "81.8");
	assert_non_null(strstr(json_string_value(json_object_get(ann, "line_ja")), "66 組織中 54 (81.8%)"));
	json_decref(res);
	json_decref(a);
	json_decref(errors);
}

static void test_errors(void **state)
{
	(void)state;
	json_t *errors = json_array(), *res = NULL, *a = answers_a();
	json_object_del(a, "4.1");
	json_object_set_new(a, "2.10", json_string("z"));
	json_object_set_new(a, "9.9", json_string("a"));
	json_object_del(json_object_get(a, "services"), "malware_analysis");
	assert_int_equal(evaluation_score(model, services, a, "2026-11-22", &res, errors), -1);
	assert_null(res);
	assert_int_equal(json_array_size(errors), 4);
	const char *want[] = {"answers.9.9", "answers.2.10", "answers.4.1", "answers.services.malware_analysis"};
	for (size_t i = 0; i < 4; i++)
		assert_non_null(by(errors, "field", want[i]));
	json_decref(errors);
	json_decref(a);
}

static void test_dates(void **state)
{
	(void)state;
	char out[11];
	assert_int_equal(evaluation_date_add_months("2026-08-31", 6, out), 0);
	assert_string_equal(out, "2027-02-28");
	assert_int_equal(evaluation_date_add_months("2027-11-30", 3, out), 0);
	assert_string_equal(out, "2028-02-29");
	assert_int_equal(evaluation_date_add_months("2026-12-15", 12, out), 0);
	assert_string_equal(out, "2027-12-15");
	assert_int_equal(evaluation_date_add_months("2026-02-30", 1, out), -1);
	assert_int_equal(evaluation_date_add_months("2026-1-01", 1, out), -1);
}

static void test_bad_model(void **state)
{
	(void)state;
	char err[256];
	json_t *m = json_deep_copy(model);
	json_object_set_new(json_array_get(json_object_get(m, "items"), 0), "sim3", json_pack("[s]", "X-1"));
	assert_int_equal(evaluation_model_check(m, services, err, sizeof(err)), -1);
	json_decref(m);
	m = json_deep_copy(model);
	json_object_del(json_array_get(json_object_get(m, "items"), 3), "target");
	assert_int_equal(evaluation_model_check(m, services, err, sizeof(err)), -1);
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_model_valid), cmocka_unit_test(test_areas),     cmocka_unit_test(test_sim3),
	        cmocka_unit_test(test_roadmap),     cmocka_unit_test(test_figures),   cmocka_unit_test(test_errors),
	        cmocka_unit_test(test_dates),       cmocka_unit_test(test_bad_model),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
