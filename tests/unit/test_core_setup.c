/*
 * test_core_setup.c - the build questionnaire (data/build/questions.json
 * as embedded): its shape, the answer checks naming each bad field, and
 * the JST calendar arithmetic of report schedules and reviews.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/setup.h"
#include "lib/embedded.h"

static json_t *questions, *services;

static json_t *load(const char *path)
{
	const struct embedded_file *f = embedded_find(path);
	return f ? json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, NULL) : NULL;
}

static int setup(void **state)
{
	(void)state;
	questions = load("data/build/questions.json");
	services = load("data/build/services.json");
	return questions && services ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	json_decref(questions);
	json_decref(services);
	return 0;
}

/* The errors of answers (a JSON text) for section code. */
static json_t *check(const char *code, const char *answers)
{
	json_t *a = json_loads(answers, 0, NULL), *errors = json_array();
	assert_non_null(a);
	assert_non_null(setup_section(questions, code));
	setup_check_answers(questions, services, setup_section(questions, code), a, errors);
	json_decref(a);
	return errors;
}

static int has_field(const json_t *errors, const char *field)
{
	size_t i;
	const json_t *e;
	json_array_foreach(errors, i,
	                   e) if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0) return 1;
	return 0;
}

static void test_sections_in_order(void **state)
{
	(void)state;
	static const char *const codes[] = {"considerations", "scope", "authority", "placement", "poc",
	                                    "reporting",      "review"};
	const json_t *secs = json_object_get(questions, "sections");
	assert_int_equal(json_array_size(secs), 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(secs, i), "code")), codes[i]);
	const json_t *c = setup_section(questions, "considerations");
	assert_int_equal(json_array_size(json_object_get(c, "questions")), 15);
	assert_string_equal(json_string_value(json_object_get(setup_question(c, "consider_01"), "text_ja")),
	                    "サービス対象者は？");
	assert_string_equal(json_string_value(json_object_get(setup_question(c, "consider_15"), "text_ja")), "その他");
}

static void test_valid_answers(void **state)
{
	(void)state;
	json_t *e = check("scope",
	                  "{\"services\":[{\"code\":\"incident_handling\",\"provision\":\"in_house\","
	                  "\"service_level\":\"24h\"},{\"code\":\"forensics\",\"provision\":\"outsourced\"}],"
	                  "\"constituencies\":[{\"code\":\"HQ\",\"name\":\"本社\"}],"
	                  "\"constituency_types\":[\"a\",\"b\"],\"service_level_defined\":\"a\",\"scope_note\":null}");
	assert_int_equal(json_array_size(e), 0);
	json_decref(e);
	e = check("reporting", "{\"report_schedule\":[{\"audience\":\"management\",\"frequency\":\"quarterly\","
	                       "\"day\":5,\"time\":\"09:30\",\"lang\":\"ja\",\"format\":\"pdf\","
	                       "\"recipients\":[\"ciso@example.jp\"]}]}");
	assert_int_equal(json_array_size(e), 0);
	json_decref(e);
}

static void test_bad_answers_name_fields(void **state)
{
	(void)state;
	json_t *e = check("scope", "{\"services\":[{\"code\":\"incident_handling\",\"provision\":\"in_house\"},"
	                           "{\"code\":\"nope\",\"provision\":\"in_house\"},{\"code\":\"forensics\"},"
	                           "{\"code\":\"incident_handling\",\"provision\":\"x\"}],\"bogus\":1}");
	assert_true(has_field(e, "answers.services[1].code"));
	assert_true(has_field(e, "answers.services[2].provision"));
	assert_true(has_field(e, "answers.services[3].code"));
	assert_true(has_field(e, "answers.services[3].provision"));
	assert_true(has_field(e, "answers.bogus"));
	json_decref(e);
	e = check("reporting", "{\"report_schedule\":[{\"audience\":\"board\",\"frequency\":\"weekly\",\"day\":31,"
	                       "\"time\":\"24:00\",\"lang\":\"fr\",\"format\":\"doc\",\"recipients\":[\"x\"]}]}");
	static const char *const f[] = {"audience", "frequency", "day", "time", "lang", "format"};
	for (size_t i = 0; i < 6; i++) {
		char name[80];
		snprintf(name, sizeof(name), "answers.report_schedule[0].%s", f[i]);
		assert_true(has_field(e, name));
	}
	assert_true(has_field(e, "answers.report_schedule[0].recipients[0]"));
	json_decref(e);
	e = check("authority", "{\"authority\":{\"system_stop\":\"maybe\",\"cells\":[{\"action\":\"system_stop\","
	                       "\"role\":\"king\",\"power\":\"order\"}]}}");
	assert_true(has_field(e, "answers.authority.system_stop"));
	assert_true(has_field(e, "answers.authority.cells[0].role"));
	json_decref(e);
	e = check("poc", "{\"poc\":{\"email\":\"not mail\",\"public_form\":\"yes\"}}");
	assert_true(has_field(e, "answers.poc.email"));
	assert_true(has_field(e, "answers.poc.public_form"));
	json_decref(e);
	e = check("review", "{\"review\":{\"service_scope\":\"weekly\",\"lunch\":\"monthly\"}}");
	assert_true(has_field(e, "answers.review.service_scope"));
	assert_true(has_field(e, "answers.review.lunch"));
	json_decref(e);
	e = check("placement", "{\"member_count\":-1,\"departments\":[\"a\",\"a\",\"z\"]}");
	assert_true(has_field(e, "answers.member_count"));
	assert_true(has_field(e, "answers.departments[1]"));
	assert_true(has_field(e, "answers.departments[2]"));
	json_decref(e);
}

/* 2026-11-22T10:00:00+09:00 */
#define NOV22 ((int64_t)1795309200)

static void test_next_run(void **state)
{
	(void)state;
	/* monthly on the 5th at 09:30 JST: 2026-12-05T00:30Z */
	assert_int_equal(setup_next_run("monthly", 5, 9, 30, NOV22), 1796430600);
	/* quarterly: 2027-01-05T09:30+09:00 */
	assert_int_equal(setup_next_run("quarterly", 5, 9, 30, NOV22), 1796430600 + 31 * 86400);
	/* half-yearly and yearly: 2027-04-05T09:30+09:00 */
	assert_int_equal(setup_next_run("half_yearly", 5, 9, 30, NOV22), 1806885000);
	assert_int_equal(setup_next_run("yearly", 5, 9, 30, NOV22), 1806885000);
	/* today later than now: the same day */
	assert_int_equal(setup_next_run("monthly", 22, 11, 0, NOV22), NOV22 + 3600);
	assert_int_equal(setup_next_run("weekly", 1, 0, 0, NOV22), -1);
}

static void test_add_months(void **state)
{
	(void)state;
	assert_int_equal(setup_add_months(NOV22, 3), NOV22 + (30 + 31 + 31) * 86400);
	/* 2027-01-31 JST + 1 month = 2027-02-28 */
	int64_t jan31 = NOV22 + (8 + 31 + 31) * 86400;
	assert_int_equal(setup_add_months(jan31, 1), jan31 + 28 * 86400);
	assert_int_equal(setup_review_months("quarterly"), 3);
	assert_int_equal(setup_review_months("none"), 0);
	assert_int_equal(setup_review_months("weekly"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sections_in_order),
	        cmocka_unit_test(test_valid_answers),
	        cmocka_unit_test(test_bad_answers_name_fields),
	        cmocka_unit_test(test_next_run),
	        cmocka_unit_test(test_add_months),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
