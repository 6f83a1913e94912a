/*
 * test_core_workflow.c - unit tests for the incident state machine.
 *
 * The expected transitions are written out here a second time, as text,
 * independently of the table in workflow.c, and all 49 (from, to) pairs
 * are checked against it. The timestamp and resolution rules and the
 * "nothing modified on error" promise are checked one by one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/workflow.h"

/* The allowed moves, from the specification, by name. */
static const char *const expected_moves[][2] = {
        {"new", "triage"},
        {"new", "analysis"},
        {"new", "closed"},
        {"triage", "analysis"},
        {"triage", "closed"},
        {"analysis", "containment"},
        {"analysis", "eradication"},
        {"analysis", "recovery"},
        {"analysis", "closed"},
        {"containment", "analysis"},
        {"containment", "eradication"},
        {"containment", "recovery"},
        {"containment", "closed"},
        {"eradication", "containment"},
        {"eradication", "recovery"},
        {"eradication", "closed"},
        {"recovery", "eradication"},
        {"recovery", "closed"},
        {"closed", "triage"},
        {"closed", "analysis"},
};
#define N_MOVES (sizeof expected_moves / sizeof expected_moves[0])

static const char *const all_names[ST_COUNT] = {"new",         "triage",   "analysis", "containment",
                                                "eradication", "recovery", "closed"};

static int expected(const char *from, const char *to)
{
	for (size_t i = 0; i < N_MOVES; i++)
		if (strcmp(expected_moves[i][0], from) == 0 && strcmp(expected_moves[i][1], to) == 0)
			return 1;
	return 0;
}

static void test_matrix_every_pair(void **state)
{
	(void)state;
	int allowed_count = 0;
	for (int f = 0; f < ST_COUNT; f++) {
		for (int t = 0; t < ST_COUNT; t++) {
			enum incident_status from, to;
			assert_int_equal(workflow_status_parse(all_names[f], &from), 0);
			assert_int_equal(workflow_status_parse(all_names[t], &to), 0);
			int want = expected(all_names[f], all_names[t]);
			if (workflow_allowed(from, to) != want)
				fail_msg("%s -> %s: got %d, want %d", all_names[f], all_names[t],
				         workflow_allowed(from, to), want);
			allowed_count += want;

			/* workflow_transition agrees with the table. */
			struct incident_times tm = {0};
			enum resolution r = RES_NONE;
			enum resolution give = to == ST_CLOSED ? RES_RESOLVED : RES_NONE;
			enum workflow_err e = workflow_transition(from, to, give, 100, &tm, &r);
			if (from == to)
				assert_int_equal(e, WF_SAME_STATUS);
			else if (want)
				assert_int_equal(e, WF_OK);
			else
				assert_int_equal(e, WF_FORBIDDEN);
		}
	}
	assert_int_equal(allowed_count, (int)N_MOVES);
}

static void test_next_in_order(void **state)
{
	(void)state;
	for (int f = 0; f < ST_COUNT; f++) {
		enum incident_status out[ST_COUNT];
		size_t n = workflow_next((enum incident_status)f, out);
		size_t want = 0;
		for (int t = 0; t < ST_COUNT; t++)
			if (expected(all_names[f], all_names[t]))
				assert_int_equal(out[want++], t);
		assert_int_equal(n, want);
	}
	enum incident_status out[ST_COUNT];
	assert_int_equal(workflow_next((enum incident_status)99, out), 0);
	assert_int_equal(workflow_allowed((enum incident_status) - 1, ST_NEW), 0);
	assert_int_equal(workflow_allowed(ST_NEW, (enum incident_status)7), 0);
}

static void test_names(void **state)
{
	(void)state;
	for (int i = 0; i < ST_COUNT; i++) {
		enum incident_status s;
		assert_string_equal(workflow_status_name((enum incident_status)i), all_names[i]);
		assert_int_equal(workflow_status_parse(all_names[i], &s), 0);
		assert_int_equal(s, i);
	}
	enum incident_status s;
	assert_int_equal(workflow_status_parse("done", &s), -1);
	assert_int_equal(workflow_status_parse("", &s), -1);
	assert_int_equal(workflow_status_parse(NULL, &s), -1);
	assert_string_equal(workflow_status_label_ja(ST_NEW), "新規");
	assert_string_equal(workflow_status_label_ja(ST_TRIAGE), "トリアージ");
	assert_string_equal(workflow_status_label_ja(ST_ANALYSIS), "分析");
	assert_string_equal(workflow_status_label_ja(ST_CONTAINMENT), "封じ込め");
	assert_string_equal(workflow_status_label_ja(ST_ERADICATION), "根絶");
	assert_string_equal(workflow_status_label_ja(ST_RECOVERY), "復旧");
	assert_string_equal(workflow_status_label_ja(ST_CLOSED), "完了");
	assert_string_equal(workflow_status_name((enum incident_status)42), "");

	static const char *const rn[] = {"", "resolved", "false_positive", "duplicate", "out_of_scope"};
	static const char *const rj[] = {"", "解決", "誤検知", "重複", "対象外"};
	for (int i = 0; i < 5; i++) {
		enum resolution r;
		assert_int_equal(workflow_resolution_parse(rn[i], &r), 0);
		assert_int_equal(r, i);
		assert_string_equal(workflow_resolution_name(r), rn[i]);
		assert_string_equal(workflow_resolution_label_ja(r), rj[i]);
	}
	enum resolution r;
	assert_int_equal(workflow_resolution_parse("fixed", &r), -1);
	for (int e = WF_OK; e <= WF_RESOLUTION_NOT_ALLOWED; e++)
		assert_true(strlen(workflow_strerror((enum workflow_err)e)) > 10);
}

static void test_acknowledged_on_leaving_new(void **state)
{
	(void)state;
	struct incident_times t = {.detected = 0, .reported = 50};
	enum resolution r = RES_RESOLVED;
	assert_int_equal(workflow_transition(ST_NEW, ST_TRIAGE, RES_NONE, 1000, &t, &r), WF_OK);
	assert_int_equal(t.acknowledged, 1000);
	assert_int_equal(t.detected, 0); /* left alone */
	assert_int_equal(t.reported, 50);
	assert_int_equal(t.contained, 0);
	assert_int_equal(r, RES_NONE);

	/* Already set: kept. */
	struct incident_times u = {.acknowledged = 7};
	assert_int_equal(workflow_transition(ST_NEW, ST_ANALYSIS, RES_NONE, 1000, &u, NULL), WF_OK);
	assert_int_equal(u.acknowledged, 7);

	/* Not leaving new: untouched. */
	struct incident_times v = {0};
	assert_int_equal(workflow_transition(ST_TRIAGE, ST_ANALYSIS, RES_NONE, 1000, &v, NULL), WF_OK);
	assert_int_equal(v.acknowledged, 0);
}

static void test_contained_on_eradication_recovery(void **state)
{
	(void)state;
	struct incident_times t = {.acknowledged = 1};
	assert_int_equal(workflow_transition(ST_ANALYSIS, ST_CONTAINMENT, RES_NONE, 10, &t, NULL), WF_OK);
	assert_int_equal(t.contained, 0); /* entering containment does not mean contained */
	assert_int_equal(workflow_transition(ST_CONTAINMENT, ST_ERADICATION, RES_NONE, 20, &t, NULL), WF_OK);
	assert_int_equal(t.contained, 20);
	assert_int_equal(workflow_transition(ST_ERADICATION, ST_RECOVERY, RES_NONE, 30, &t, NULL), WF_OK);
	assert_int_equal(t.contained, 20); /* set once */

	struct incident_times u = {0};
	assert_int_equal(workflow_transition(ST_ANALYSIS, ST_RECOVERY, RES_NONE, 40, &u, NULL), WF_OK);
	assert_int_equal(u.contained, 40);
}

static void test_close_rules(void **state)
{
	(void)state;
	struct incident_times t = {0};
	enum resolution r = RES_NONE;

	/* Resolved: closed, resolved and contained set. */
	assert_int_equal(workflow_transition(ST_NEW, ST_CLOSED, RES_RESOLVED, 500, &t, &r), WF_OK);
	assert_int_equal(t.closed, 500);
	assert_int_equal(t.resolved, 500);
	assert_int_equal(t.contained, 500);
	assert_int_equal(t.acknowledged, 500);
	assert_int_equal(r, RES_RESOLVED);

	/* Resolved keeps existing resolved/contained. */
	struct incident_times u = {.acknowledged = 1, .contained = 2, .resolved = 3};
	assert_int_equal(workflow_transition(ST_RECOVERY, ST_CLOSED, RES_RESOLVED, 600, &u, &r), WF_OK);
	assert_int_equal(u.contained, 2);
	assert_int_equal(u.resolved, 3);
	assert_int_equal(u.closed, 600);

	/* False positive: closed only. */
	struct incident_times v = {0};
	assert_int_equal(workflow_transition(ST_TRIAGE, ST_CLOSED, RES_FALSE_POSITIVE, 700, &v, &r), WF_OK);
	assert_int_equal(v.closed, 700);
	assert_int_equal(v.resolved, 0);
	assert_int_equal(v.contained, 0);
	assert_int_equal(r, RES_FALSE_POSITIVE);

	enum resolution others[] = {RES_DUPLICATE, RES_OUT_OF_SCOPE};
	for (size_t i = 0; i < 2; i++) {
		struct incident_times w = {0};
		assert_int_equal(workflow_transition(ST_ANALYSIS, ST_CLOSED, others[i], 1, &w, &r), WF_OK);
		assert_int_equal(r, others[i]);
		assert_int_equal(w.resolved, 0);
	}
}

static void test_resolution_required_and_not_allowed(void **state)
{
	(void)state;
	struct incident_times t = {0};
	enum resolution r = RES_NONE;
	assert_int_equal(workflow_transition(ST_ANALYSIS, ST_CLOSED, RES_NONE, 1, &t, &r), WF_RESOLUTION_REQUIRED);
	assert_int_equal(workflow_transition(ST_ANALYSIS, ST_CLOSED, (enum resolution)77, 1, &t, &r),
	                 WF_RESOLUTION_REQUIRED);
	for (int res = RES_RESOLVED; res <= RES_OUT_OF_SCOPE; res++)
		assert_int_equal(workflow_transition(ST_NEW, ST_TRIAGE, (enum resolution)res, 1, &t, &r),
		                 WF_RESOLUTION_NOT_ALLOWED);
	assert_int_equal(workflow_transition(ST_CLOSED, ST_TRIAGE, RES_RESOLVED, 1, &t, &r), WF_RESOLUTION_NOT_ALLOWED);
	/* Forbidden beats resolution errors. */
	assert_int_equal(workflow_transition(ST_NEW, ST_RECOVERY, RES_RESOLVED, 1, &t, &r), WF_FORBIDDEN);
	assert_int_equal(workflow_transition(ST_CLOSED, ST_CLOSED, RES_RESOLVED, 1, &t, &r), WF_SAME_STATUS);
}

static void test_reopen(void **state)
{
	(void)state;
	const enum incident_status targets[] = {ST_TRIAGE, ST_ANALYSIS};
	for (size_t i = 0; i < 2; i++) {
		struct incident_times t = {.occurred = 1,
		                           .detected = 2,
		                           .reported = 3,
		                           .acknowledged = 4,
		                           .contained = 5,
		                           .resolved = 6,
		                           .closed = 7};
		enum resolution r = RES_RESOLVED;
		assert_int_equal(workflow_transition(ST_CLOSED, targets[i], RES_NONE, 100, &t, &r), WF_OK);
		assert_int_equal(t.closed, 0);
		assert_int_equal(t.resolved, 0);
		assert_int_equal(t.contained, 5);
		assert_int_equal(t.acknowledged, 4);
		assert_int_equal(t.occurred, 1);
		assert_int_equal(t.detected, 2);
		assert_int_equal(t.reported, 3);
		assert_int_equal(r, RES_NONE);
	}
}

static void test_nothing_modified_on_error(void **state)
{
	(void)state;
	for (int f = 0; f < ST_COUNT; f++) {
		for (int to = 0; to < ST_COUNT; to++) {
			for (int res = 0; res < 5; res++) {
				const struct incident_times orig = {0};
				struct incident_times t = orig;
				enum resolution r = (enum resolution)3;
				enum workflow_err e =
				        workflow_transition((enum incident_status)f, (enum incident_status)to,
				                            (enum resolution)res, 12345, &t, &r);
				if (e == WF_OK)
					continue;
				assert_memory_equal(&t, &orig, sizeof t);
				assert_int_equal(r, 3);
			}
		}
	}
	/* Also with every field set. */
	const struct incident_times full = {1, 2, 3, 4, 5, 6, 7};
	struct incident_times t = full;
	enum resolution r = RES_DUPLICATE;
	assert_int_equal(workflow_transition(ST_CLOSED, ST_RECOVERY, RES_NONE, 9, &t, &r), WF_FORBIDDEN);
	assert_memory_equal(&t, &full, sizeof t);
	assert_int_equal(r, RES_DUPLICATE);
	assert_int_equal(workflow_transition(ST_NEW, ST_TRIAGE, RES_NONE, 9, NULL, &r), WF_FORBIDDEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_matrix_every_pair),
	        cmocka_unit_test(test_next_in_order),
	        cmocka_unit_test(test_names),
	        cmocka_unit_test(test_acknowledged_on_leaving_new),
	        cmocka_unit_test(test_contained_on_eradication_recovery),
	        cmocka_unit_test(test_close_rules),
	        cmocka_unit_test(test_resolution_required_and_not_allowed),
	        cmocka_unit_test(test_reopen),
	        cmocka_unit_test(test_nothing_modified_on_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
