/*
 * test_core_authority.c - unit tests for the authority matrix check: the
 * survey's two common cases (a CSIRT that may only advise on a system stop,
 * a CISO who may order it), the strongest-role choice, a preferred role,
 * who holds a power, the codes and the bilingual sentences.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/authority.h"

static const struct authority_cell cells[] = {
        {"system_stop", "ciso", AUTH_ORDER},
        {"system_stop", "csirt_lead", AUTH_APPROVE},
        {"system_stop", "division_head", AUTH_APPROVE},
        {"system_stop", "handler", AUTH_ADVISE},
        {"public_announcement", "management", AUTH_ORDER},
        {"public_announcement", "pr", AUTH_APPROVE},
        {"public_announcement", "csirt_lead", AUTH_ADVISE},
};
static const struct authority_matrix m = {cells, sizeof cells / sizeof cells[0]};

static void test_handler_advises_only(void **state)
{
	(void)state;
	const char *roles[] = {"handler"};
	struct authority_verdict v;
	assert_int_equal(authority_check(&m, "system_stop", AUTH_ADVISE, roles, 1, NULL, &v), AUTH_ALLOWED);
	assert_string_equal(v.role, "handler");
	assert_int_equal(v.power, AUTH_ADVISE);
	assert_int_equal(authority_check(&m, "system_stop", AUTH_ORDER, roles, 1, NULL, &v), AUTH_DENIED);
	assert_null(v.role);
	assert_int_equal(v.nholders, 1);
	assert_string_equal(v.holders[0], "ciso");
	/* approve: CISO and the two approvers, in the roles table's order. */
	assert_int_equal(authority_check(&m, "system_stop", AUTH_APPROVE, roles, 1, NULL, &v), AUTH_DENIED);
	assert_int_equal(v.nholders, 3);
	assert_string_equal(v.holders[0], "ciso");
	assert_string_equal(v.holders[1], "csirt_lead");
	assert_string_equal(v.holders[2], "division_head");
}

static void test_strongest_role_chosen(void **state)
{
	(void)state;
	const char *roles[] = {"handler", "csirt_lead", "ciso"};
	struct authority_verdict v;
	assert_int_equal(authority_check(&m, "system_stop", AUTH_ADVISE, roles, 3, NULL, &v), AUTH_ALLOWED);
	assert_string_equal(v.role, "ciso");
	assert_int_equal(v.power, AUTH_ORDER);
	/* Ties go to the earlier role of the table. */
	const char *tie[] = {"division_head", "csirt_lead"};
	assert_int_equal(authority_check(&m, "system_stop", AUTH_APPROVE, tie, 2, NULL, &v), AUTH_ALLOWED);
	assert_string_equal(v.role, "csirt_lead");
}

static void test_preferred_role(void **state)
{
	(void)state;
	const char *roles[] = {"handler", "ciso"};
	struct authority_verdict v;
	assert_int_equal(authority_check(&m, "system_stop", AUTH_ADVISE, roles, 2, "handler", &v), AUTH_ALLOWED);
	assert_string_equal(v.role, "handler");
	assert_int_equal(v.power, AUTH_ADVISE);
	assert_int_equal(authority_check(&m, "system_stop", AUTH_ORDER, roles, 2, "handler", &v), AUTH_DENIED);
	assert_int_equal(authority_check(&m, "system_stop", AUTH_ORDER, roles, 2, "legal", &v), AUTH_NOT_HELD);
}

static void test_no_roles_and_unknown_action(void **state)
{
	(void)state;
	struct authority_verdict v;
	assert_int_equal(authority_check(&m, "system_stop", AUTH_ADVISE, NULL, 0, NULL, &v), AUTH_DENIED);
	assert_int_equal(v.nholders, 4);
	const char *roles[] = {"ciso"};
	assert_int_equal(authority_check(&m, "police_report", AUTH_ADVISE, roles, 1, NULL, &v), AUTH_DENIED);
	assert_int_equal(v.nholders, 0);
	assert_int_equal(authority_power_of(&m, "public_announcement", "ciso"), AUTH_NONE);
	assert_int_equal(authority_power_of(&m, "public_announcement", "pr"), AUTH_APPROVE);
}

static void test_codes_and_names(void **state)
{
	(void)state;
	enum authority_power p;
	assert_true(authority_code_valid("system_stop"));
	assert_true(authority_code_valid("a"));
	assert_false(authority_code_valid(""));
	assert_false(authority_code_valid("Stop"));
	assert_false(authority_code_valid("stop-1"));
	assert_false(authority_code_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")); /* 41 */
	assert_true(authority_code_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));   /* 40 */
	assert_int_equal(authority_power_parse("order", &p), 0);
	assert_int_equal(p, AUTH_ORDER);
	assert_int_equal(authority_power_parse("ordered", &p), -1);
	assert_int_equal(authority_outcome_parse("advised", &p), 0);
	assert_int_equal(p, AUTH_ADVISE);
	assert_int_equal(authority_outcome_parse("none", &p), -1);
	assert_string_equal(authority_power_name(AUTH_APPROVE), "approve");
	assert_string_equal(authority_power_ja(AUTH_ORDER), "命令");
	assert_string_equal(authority_outcome_name(AUTH_ORDER), "ordered");
	assert_non_null(authority_builtin_action("evidence_preservation"));
	assert_null(authority_builtin_action("coffee"));
	assert_string_equal(authority_role("ciso")->ja, "CISO");
	assert_int_equal(authority_role_index("handler"), 7);
}

static void test_sentences(void **state)
{
	(void)state;
	const char *roles[] = {"handler"};
	struct authority_verdict v;
	char buf[512];
	authority_check(&m, "system_stop", AUTH_ORDER, roles, 1, NULL, &v);
	authority_refusal_text(buf, sizeof buf, "システム停止", "system stop", AUTH_ORDER, &v);
	assert_string_equal(
	        buf, "システム停止の命令権限は CISO にあります / the authority to order system stop lies with: CISO");
	authority_check(&m, "public_announcement", AUTH_APPROVE, roles, 1, NULL, &v);
	authority_refusal_text(buf, sizeof buf, "公表", "public announcement", AUTH_APPROVE, &v);
	assert_string_equal(
	        buf, "公表の承認権限は 経営層、広報 にあります / the authority to approve public announcement lies "
	             "with: management, PR");
	authority_decision_text(buf, sizeof buf, "システム停止", "system stop", AUTH_ADVISE, "handler");
	assert_string_equal(buf, "担当者としてシステム停止について助言 / advised system stop as handler");
	/* A short buffer cuts at a character boundary (valid UTF-8). */
	authority_decision_text(buf, 8, "システム停止", "system stop", AUTH_ORDER, "ciso");
	assert_string_equal(buf, "CISOと");
	authority_decision_text(buf, 6, "システム停止", "system stop", AUTH_ORDER, "ciso");
	assert_string_equal(buf, "CISO");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_handler_advises_only), cmocka_unit_test(test_strongest_role_chosen),
	        cmocka_unit_test(test_preferred_role),       cmocka_unit_test(test_no_roles_and_unknown_action),
	        cmocka_unit_test(test_codes_and_names),      cmocka_unit_test(test_sentences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
