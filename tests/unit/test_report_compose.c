/*
 * test_report_compose.c - the report model of each audience from a fixed
 * metrics object: the management summary says what happened, what it
 * cost and what is asked, in that order and with the right numbers; the
 * constituency report is TLP:CLEAR and never lists an incident; the team
 * report lists incidents, breaches and tasks; the meeting pack follows
 * seed 004 (incidents and handling, issues and tasks, security topics).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "report/compose.h"

static const char metrics_json[] =
        "{\"period\":{\"label\":\"2026-10\",\"kind\":\"month\",\"from\":\"2026-09-30T15:00:00Z\","
        "\"to\":\"2026-10-31T15:00:00Z\",\"time_zone\":\"Asia/Tokyo\"},"
        "\"counts\":{\"reports\":1234,\"incidents\":12,\"coordinations\":3,\"personal_data\":2,"
        "\"exercises_excluded\":1},"
        "\"by_category\":[{\"key\":\"fraud/phishing\",\"count\":7},{\"key\":\"malicious-code/infected-system\","
        "\"count\":5}],"
        "\"by_priority\":[{\"key\":\"P1\",\"count\":2},{\"key\":\"P3\",\"count\":10}],"
        "\"reports_by_channel\":[{\"key\":\"email\",\"count\":1000},{\"key\":\"web\",\"count\":234}],"
        "\"times\":{\"mttr\":{\"n\":10,\"mean_hours\":30.5,\"median_hours\":20.25},"
        "\"mtta\":{\"n\":12,\"mean_hours\":1.5,\"median_hours\":1}},"
        "\"sla\":{\"resolution\":{\"with_target\":10,\"met\":9,\"breached\":1,\"pending\":0,\"compliance\":0.9}},"
        "\"sla_breaches\":1,"
        "\"backlog\":{\"open_at_end\":4,\"ageing\":[{\"key\":\"0-7d\",\"count\":1},{\"key\":\"91d+\",\"count\":3}],"
        "\"by_priority\":[{\"key\":\"P1\",\"count\":1}]},"
        "\"damage\":{\"incidents_with_estimate\":2,\"total_jpy\":3500000},"
        "\"trend\":{\"previous\":{\"incidents\":8,\"reports\":1000,\"coordinations\":1,"
        "\"change\":{\"incidents\":0.5,\"reports\":0.234}},\"year_ago\":{\"incidents\":6}}}";

static json_t *metrics(void)
{
	json_t *m = json_loads(metrics_json, 0, NULL);
	assert_non_null(m);
	return m;
}

static json_t *compose(enum compose_audience a, const char *lang, const json_t *incidents, const char *topics)
{
	json_t *m = metrics();
	json_t *labels = json_loads("{\"category\":{\"fraud/phishing\":{\"ja\":\"フィッシング\",\"en\":\"Phishing\"}}}",
	                            0, NULL);
	struct compose_input in = {.audience = a,
	                           .lang = lang,
	                           .team = "ACME-CSIRT",
	                           .generated_at = "2026-11-01T00:00:00Z",
	                           .metrics = m,
	                           .labels = labels,
	                           .incidents = incidents,
	                           .topics = topics};
	json_t *model = compose_report(&in);
	json_decref(m);
	json_decref(labels);
	assert_non_null(model);
	return model;
}

static char *dump(const json_t *j)
{
	char *s = json_dumps(j, 0);
	assert_non_null(s);
	return s;
}

static const char *heading(const json_t *model, size_t i)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(model, "sections"), i), "heading"));
}

static void test_management(void **state)
{
	(void)state;
	json_t *model = compose(COMPOSE_MANAGEMENT, "ja", NULL, NULL);
	assert_string_equal(json_string_value(json_object_get(model, "tlp")), "AMBER");
	assert_string_equal(json_string_value(json_object_get(model, "audience")), "management");
	assert_string_equal(json_string_value(json_object_get(json_object_get(model, "period"), "from")), "2026-10-01");
	assert_string_equal(json_string_value(json_object_get(json_object_get(model, "period"), "to")), "2026-10-31");
	assert_string_equal(heading(model, 0), "1. 今期のまとめ");
	char *s = dump(model);
	const char *happened = strstr(s, "何が起きたか"), *cost = strstr(s, "どれだけの影響があったか"),
	           *ask = strstr(s, "お願いしたいこと"), *figures = strstr(s, "2. 数値で見る今期");
	assert_true(happened && cost && ask && figures && happened < cost && cost < ask && ask < figures);
	assert_non_null(strstr(s, "報告を 1,234 件受け付け、12 件をインシデントとして対応しました（前期は 8 件）"));
	assert_non_null(strstr(s, "優先度 P1）は 2 件、個人情報に関わるものは 2 件"));
	assert_non_null(strstr(s, "中央値で 20.2 時間"));
	assert_non_null(strstr(s, "3,500,000 円"));
	assert_non_null(strstr(s, "\"350万円\"")); /* the KPI box: short, as it is said */
	assert_non_null(strstr(s, "遵守率は 90.0%"));
	assert_non_null(strstr(s, "重大なインシデント 2 件"));
	assert_non_null(strstr(s, "90 日を超えて解決していない案件が 3 件"));
	assert_non_null(strstr(s, "\"フィッシング\""));
	assert_non_null(strstr(s, "\"+50%\""));
	free(s);
	json_decref(model);
}

static void test_constituency_has_no_incidents(void **state)
{
	(void)state;
	json_t *inc = json_loads("[{\"key\":\"INC-2026-00001\",\"title\":\"社外秘の件名\",\"priority\":\"P1\","
	                         "\"status\":\"closed\",\"category\":\"fraud/phishing\"}]",
	                         0, NULL);
	json_t *model = compose(COMPOSE_CONSTITUENCY, "ja", inc, NULL);
	assert_string_equal(json_string_value(json_object_get(model, "tlp")), "CLEAR");
	char *s = dump(model);
	assert_null(strstr(s, "INC-2026-00001"));
	assert_null(strstr(s, "社外秘"));
	assert_non_null(strstr(s, "1,234 件の報告"));
	free(s);
	json_decref(model);
	model = compose(COMPOSE_TEAM, "ja", inc, NULL);
	s = dump(model);
	assert_non_null(strstr(s, "INC-2026-00001"));
	assert_non_null(strstr(s, "社外秘の件名"));
	assert_true(json_is_true(json_object_get(model, "toc")));
	free(s);
	json_decref(model);
	json_decref(inc);
}

static void test_meeting_pack(void **state)
{
	(void)state;
	json_t *model = compose(COMPOSE_MEETING, "ja", NULL, "VPN 装置の脆弱性情報\n\n\n標的型メールの傾向\n");
	assert_string_equal(heading(model, 0), "1. 対象期間内のインシデント発生及び対応状況");
	assert_string_equal(heading(model, 1), "2. 課題、タスク等の状況");
	assert_string_equal(heading(model, 2), "3. セキュリティ関連トピックス");
	json_t *blocks = json_object_get(json_array_get(json_object_get(model, "sections"), 2), "blocks");
	json_t *items = json_object_get(json_array_get(blocks, 0), "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_array_get(items, 1)), "標的型メールの傾向");
	json_decref(model);
}

static void test_english(void **state)
{
	(void)state;
	json_t *model = compose(COMPOSE_MANAGEMENT, "en", NULL, NULL);
	char *s = dump(model);
	assert_non_null(strstr(s, "we received 1,234 security reports and handled 12 incidents"));
	assert_non_null(strstr(s, "\"Phishing\""));
	assert_non_null(strstr(s, "\"¥3.5M\""));
	free(s);
	json_decref(model);
	enum compose_audience a;
	assert_int_equal(compose_audience_parse("meeting", &a), 0);
	assert_int_equal(a, COMPOSE_MEETING);
	assert_int_equal(compose_audience_parse("boss", &a), -1);
}

/* The dashboard's charts are the reports' charts: same builders, stable
 * names, figures from the metrics. */
static const json_t *chart_in(const json_t *model, const char *title)
{
	size_t i, k;
	json_t *sec, *b;
	json_array_foreach(json_object_get(model, "sections"), i, sec)
	{
		json_array_foreach(json_object_get(sec, "blocks"), k, b)
		{
			const json_t *c = json_object_get(b, "chart");
			if (c && strcmp(json_string_value(json_object_get(c, "title")), title) == 0)
				return c;
		}
	}
	return NULL;
}

static void test_charts(void **state)
{
	(void)state;
	json_t *m = metrics();
	json_t *labels = compose_labels_of(m);
	struct compose_input in = {.audience = COMPOSE_TEAM, .lang = "ja", .metrics = m, .labels = labels};
	static const char *const names[] = {"category", "priority", "constituency", "channel",
	                                    "trend",    "ageing",   "sla",          NULL};
	for (size_t i = 0; names[i]; i++) {
		assert_string_equal(compose_chart_name(i), names[i]);
		json_t *c = compose_chart(&in, names[i]);
		assert_non_null(c);
		assert_true(json_is_array(json_object_get(c, "categories")));
		json_decref(c);
	}
	assert_null(compose_chart_name(7));
	assert_null(compose_chart(&in, "pie"));
	assert_null(compose_chart(&in, NULL));

	json_t *c = compose_chart(&in, "priority");
	char *s = dump(c);
	assert_non_null(strstr(s, "\"categories\": [\"P1\", \"P2\", \"P3\", \"P4\"]"));
	assert_non_null(strstr(s, "\"values\": [2, 0, 10, 0]"));
	assert_non_null(strstr(s, "\"values\": [1, 0, 0, 0]"));
	free(s);
	json_decref(c);
	c = compose_chart(&in, "sla"); /* only resolution has a verdict: 90% */
	s = dump(c);
	assert_non_null(strstr(s, "\"categories\": [\"解決\"]"));
	assert_non_null(strstr(s, "\"values\": [90.0]"));
	free(s);
	json_decref(c);
	c = compose_chart(&in, "constituency"); /* none in the metrics: no categories */
	assert_int_equal(json_array_size(json_object_get(c, "categories")), 0);
	json_decref(c);

	/* the team report draws the same category chart */
	json_t *model = compose_report(&in);
	c = compose_chart(&in, "category");
	assert_true(json_equal(c, chart_in(model, "分類別のインシデント件数")));
	json_decref(c);
	json_decref(model);
	json_decref(labels);
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_management),   cmocka_unit_test(test_constituency_has_no_incidents),
	        cmocka_unit_test(test_meeting_pack), cmocka_unit_test(test_english),
	        cmocka_unit_test(test_charts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
