/*
 * test_core_escalation.c - unit tests for escalation rules: condition
 * parsing and its field errors, evaluation (parent categories, masks,
 * personal data, time in status, SLA), targets, levels, template
 * expansion (no CR/LF in subjects) and webhook payloads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/escalation.h"

#include <stdlib.h>
#include <string.h>

static json_t *js(const char *text)
{
	json_t *v = json_loads(text, 0, NULL);
	assert_non_null(v);
	return v;
}

/* Parses text as a condition; returns the number of field errors. */
static size_t parse(const char *text, struct esc_condition *c, json_t **errors)
{
	json_t *o = js(text);
	*errors = json_array();
	esc_condition_parse(o, "condition", c, *errors);
	json_decref(o);
	return json_array_size(*errors);
}

static const char *err_field(const json_t *errors, size_t i)
{
	return json_string_value(json_object_get(json_array_get(errors, i), "field"));
}

static struct esc_incident base_incident(void)
{
	struct esc_incident i = {
	        .category = "fraud/phishing",
	        .priority = PRIO_P1,
	        .impact = LEVEL_HIGH,
	        .constituency_id = 3,
	        .personal_data = 1,
	        .asset_criticality = CRIT_HIGH,
	        .status = ST_ANALYSIS,
	        .minutes_in_status = 5,
	};
	return i;
}

static void test_condition_matches(void **state)
{
	(void)state;
	struct esc_condition c;
	json_t *e;
	struct esc_incident inc = base_incident();
	assert_int_equal(parse("{\"categories\":[\"fraud\"],\"priorities\":[\"P1\",\"P2\"],\"personal_data\":true,"
	                       "\"constituencies\":[3,4],\"impact\":[\"high\"],\"asset_criticality\":[\"high\","
	                       "\"critical\"],\"status\":[\"analysis\"]}",
	                       &c, &e),
	                 0);
	json_decref(e);
	assert_true(esc_condition_match(&c, &inc));
	inc.category = "fraud";
	assert_true(esc_condition_match(&c, &inc)); /* the class itself */
	inc.category = "fraudulent/x";
	assert_false(esc_condition_match(&c, &inc)); /* a prefix is not a parent */
	inc = base_incident();
	inc.priority = PRIO_P3;
	assert_false(esc_condition_match(&c, &inc));
	inc = base_incident();
	inc.personal_data = 0;
	assert_false(esc_condition_match(&c, &inc));
	inc = base_incident();
	inc.constituency_id = 9;
	assert_false(esc_condition_match(&c, &inc));
	inc = base_incident();
	inc.asset_criticality = -1; /* unknown never matches a criticality condition */
	assert_false(esc_condition_match(&c, &inc));
	inc = base_incident();
	inc.status = ST_CONTAINMENT;
	assert_false(esc_condition_match(&c, &inc));
}

static void test_empty_condition_and_closed(void **state)
{
	(void)state;
	struct esc_condition c;
	json_t *e;
	struct esc_incident inc = base_incident();
	assert_int_equal(parse("{}", &c, &e), 0);
	json_decref(e);
	assert_true(esc_condition_match(&c, &inc));
	inc.category = NULL;
	assert_true(esc_condition_match(&c, &inc));
	inc.status = ST_CLOSED;
	assert_false(esc_condition_match(&c, &inc));
	assert_false(esc_condition_timed(&c));
}

static void test_time_and_sla(void **state)
{
	(void)state;
	struct esc_condition c;
	json_t *e;
	struct esc_incident inc = base_incident();
	assert_int_equal(parse("{\"minutes_in_status\":120}", &c, &e), 0);
	json_decref(e);
	assert_true(esc_condition_timed(&c));
	assert_false(esc_condition_match(&c, &inc));
	inc.minutes_in_status = 120;
	assert_true(esc_condition_match(&c, &inc));

	assert_int_equal(parse("{\"sla_breach\":[\"containment\"]}", &c, &e), 0);
	json_decref(e);
	inc = base_incident();
	assert_false(esc_condition_match(&c, &inc));
	inc.sla_breach = 1u << SLA_ACKNOWLEDGE;
	assert_false(esc_condition_match(&c, &inc));
	inc.sla_breach |= 1u << SLA_CONTAINMENT;
	assert_true(esc_condition_match(&c, &inc));

	assert_int_equal(parse("{\"sla_near\":[\"resolution\"]}", &c, &e), 0);
	json_decref(e);
	inc = base_incident();
	inc.sla_near = 1u << SLA_RESOLUTION;
	assert_true(esc_condition_match(&c, &inc));
	inc.sla_near = 0;
	inc.sla_breach = 1u << SLA_RESOLUTION; /* past near is near too */
	assert_true(esc_condition_match(&c, &inc));
}

static void test_condition_errors_name_fields(void **state)
{
	(void)state;
	struct esc_condition c;
	json_t *e;
	assert_int_equal(parse("{\"priorities\":[\"P9\"],\"impact\":\"high\",\"personal_data\":1,"
	                       "\"minutes_in_status\":0,\"colour\":[\"red\"],\"categories\":[\"Not A Code!\"],"
	                       "\"sla_breach\":[\"lunch\"],\"constituencies\":[0],\"status\":[]}",
	                       &c, &e),
	                 9);
	const char *want[] = {"condition.priorities",        "condition.impact",         "condition.personal_data",
	                      "condition.minutes_in_status", "condition.colour",         "condition.categories",
	                      "condition.sla_breach",        "condition.constituencies", "condition.status"};
	for (size_t w = 0; w < 9; w++) {
		int found = 0;
		for (size_t i = 0; i < json_array_size(e); i++)
			found |= strcmp(err_field(e, i), want[w]) == 0;
		assert_true(found);
	}
	json_decref(e);
	e = json_array();
	json_t *arr = js("[1]");
	assert_int_equal(esc_condition_parse(arr, "condition", &c, e), -1);
	assert_string_equal(err_field(e, 0), "condition");
	json_decref(arr);
	json_decref(e);
}

static void test_targets(void **state)
{
	(void)state;
	struct esc_targets t;
	json_t *e = json_array();
	json_t *o = js("{\"contacts\":[4,5],\"groups\":[\"legal\",\"management\"],\"roles\":[\"ciso\"]}");
	assert_int_equal(esc_targets_parse(o, "targets", &t, e), 0);
	assert_int_equal(t.ncontacts, 2);
	assert_int_equal(t.contacts[1], 5);
	assert_string_equal(t.groups[1], "management");
	assert_string_equal(t.roles[0], "ciso");
	assert_false(esc_targets_empty(&t));
	json_decref(o);
	o = js("{\"groups\":[\"Legal Dept\"],\"people\":[1]}");
	assert_int_equal(esc_targets_parse(o, "targets", &t, e), -1);
	assert_int_equal(json_array_size(e), 2);
	json_decref(o);
	json_decref(e);
	e = json_array();
	assert_int_equal(esc_targets_parse(NULL, "targets", &t, e), 0);
	assert_true(esc_targets_empty(&t));
	json_decref(e);
}

static void test_levels(void **state)
{
	(void)state;
	assert_string_equal(esc_level_name_ja(1), "部署内");
	assert_string_equal(esc_level_name_ja(2), "事業所内");
	assert_string_equal(esc_level_name_ja(3), "部門内");
	assert_string_equal(esc_level_name_ja(4), "部門間");
	assert_string_equal(esc_level_name_ja(5), "企業間");
	assert_string_equal(esc_level_name_en(5), "across companies");
	assert_string_equal(esc_level_name_ja(0), "");
	assert_string_equal(esc_level_name_en(6), "");
	assert_false(esc_level_valid(0));
	assert_true(esc_level_valid(5));
}

static void test_expand(void **state)
{
	(void)state;
	struct esc_vars v = {.key = "INC-2026-00001",
	                     .title = "漏えい\r\nBcc: evil@example.com",
	                     .priority = "P1",
	                     .category = "",
	                     .status = "analysis",
	                     .url = "http://x/#/incidents/INC-2026-00001",
	                     .ack_url = "http://x/ack/T",
	                     .level = 2,
	                     .lang = "ja"};
	char *s = esc_expand("[{{key}}] {{title}} {{level}} {{nope}} {{category}} {{", &v, 1);
	assert_non_null(s);
	assert_null(strchr(s, '\r'));
	assert_null(strchr(s, '\n'));
	assert_string_equal(s, "[INC-2026-00001] 漏えい  Bcc: evil@example.com 2 事業所内 {{nope}} - {{");
	free(s);
	s = esc_expand("a\n{{ack_url}}\n{{{{key}}", &v, 0);
	assert_string_equal(s, "a\nhttp://x/ack/T\n{{INC-2026-00001");
	free(s);
	v.lang = "en";
	s = esc_expand("{{level}}/{{level_number}}", &v, 1);
	assert_string_equal(s, "2 (within the site)/2");
	free(s);
	assert_true(esc_template_has_ack(esc_default_body("ja")));
	assert_true(esc_template_has_ack(esc_default_body("en")));
	assert_false(esc_template_has_ack("{{url}}"));
	s = esc_expand(NULL, &v, 1);
	assert_string_equal(s, "");
	free(s);
}

static void test_webhook(void **state)
{
	(void)state;
	char *p = esc_webhook_payload("json", "INC-1", 3, "[TLP:AMBER] s", "t\n\"x\"");
	json_t *o = js(p);
	assert_string_equal(json_string_value(json_object_get(o, "incident")), "INC-1");
	assert_int_equal(json_integer_value(json_object_get(o, "level")), 3);
	assert_string_equal(json_string_value(json_object_get(o, "text")), "t\n\"x\"");
	json_decref(o);
	free(p);
	p = esc_webhook_payload("slack", "INC-1", 3, "s", "t");
	assert_string_equal(p, "{\"text\":\"s\\nt\"}");
	free(p);
	assert_null(esc_webhook_payload("xml", "INC-1", 3, "s", "t"));
	assert_true(esc_webhook_url_ok("https://hooks.example.com/x?y=1"));
	assert_true(esc_webhook_url_ok("http://127.0.0.1:9000/"));
	assert_false(esc_webhook_url_ok("file:///etc/passwd"));
	assert_false(esc_webhook_url_ok("gopher://x/"));
	assert_false(esc_webhook_url_ok("https://user:pw@host/"));
	assert_false(esc_webhook_url_ok("https:///path"));
	assert_false(esc_webhook_url_ok("https://host/a b"));
	assert_true(esc_webhook_format_ok("teams"));
	assert_false(esc_webhook_format_ok("TEAMS"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_condition_matches),
	        cmocka_unit_test(test_empty_condition_and_closed),
	        cmocka_unit_test(test_time_and_sla),
	        cmocka_unit_test(test_condition_errors_name_fields),
	        cmocka_unit_test(test_targets),
	        cmocka_unit_test(test_levels),
	        cmocka_unit_test(test_expand),
	        cmocka_unit_test(test_webhook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
