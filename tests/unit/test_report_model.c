/*
 * test_report_model.c - the report model validator (report/model.c): a
 * good model parses into the expected structure; bad input is refused with
 * the path of the offending value; and the chart axis steps (report/axis.c)
 * are round and contain the data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/axis.h"
#include "report/render.h"

#define HEAD                                                                                                             \
	"{\"title\":\"月次報告\",\"team\":\"ACME-CSIRT\",\"period\":{\"label\":\"2026年10月\",\"from\":\"2026-10-" \
	"01\","                                                                                                          \
	"\"to\":\"2026-10-31\"},\"audience\":\"management\",\"lang\":\"ja\",\"tlp\":\"AMBER\","                          \
	"\"generated_at\":\"2026-11-01T09:00:00+09:00\",\"toc\":true,"

static const char good[] =
        HEAD "\"sections\":[{\"heading\":\"概要\",\"level\":1,\"blocks\":["
             "{\"type\":\"paragraph\",\"text\":\"今月は\\n平穏でした\"},"
             "{\"type\":\"bullets\",\"items\":[\"a\",\"b\"]},"
             "{\"type\":\"kpis\",\"items\":[{\"label\":\"件数\",\"value\":\"12\",\"delta\":\"+3\"}]},"
             "{\"type\":\"table\",\"columns\":[\"分類\",\"件数\"],\"align\":[\"left\",\"right\"],"
             "\"rows\":[[\"フィッシング\",5],[\"マルウェア\",-2.5]]},"
             "{\"type\":\"chart\",\"chart\":{\"kind\":\"stacked_bar\",\"title\":\"推移\",\"unit\":\"件\","
             "\"categories\":[\"8月\",\"9月\"],\"series\":[{\"name\":\"高\",\"values\":[1,2]},"
             "{\"name\":\"低\",\"values\":[0,-1]}]}}]}]}";

static char err[256];

static struct report_model *parse(const char *s)
{
	return report_model_parse(s, strlen(s), err, sizeof err);
}

static void test_good_model(void **state)
{
	(void)state;
	struct report_model *m = parse(good);
	assert_non_null(m);
	assert_string_equal(m->title, "月次報告");
	assert_null(m->subtitle);
	assert_int_equal(m->tlp, TLP_AMBER);
	assert_int_equal(m->audience, REPORT_MANAGEMENT);
	assert_int_equal(m->toc, 1);
	assert_int_equal(m->nsections, 1);
	const struct report_section *s = &m->sections[0];
	assert_int_equal(s->nblocks, 5);
	assert_int_equal(s->blocks[1].nitems, 2);
	assert_string_equal(s->blocks[2].kpis[0].delta, "+3");
	const struct report_block *t = &s->blocks[3];
	assert_int_equal(t->ncolumns, 2);
	assert_int_equal(t->nrows, 2);
	assert_int_equal(t->right[1], 1);
	assert_string_equal(t->cells[1].text, "5");
	assert_int_equal(t->cells[1].is_number, 1);
	assert_string_equal(t->cells[3].text, "-2.5");
	assert_int_equal(t->cells[2].is_number, 0);
	assert_int_equal(report_model_nchart(m), 1);
	const struct chart *c = report_model_chart(m, 0);
	assert_non_null(c);
	assert_int_equal(c->kind, CHART_STACKED_BAR);
	assert_int_equal(c->nseries, 2);
	assert_true(c->series[1].values[1] == -1.0);
	assert_null(report_model_chart(m, 1));
	report_model_free(m);
}

/* Replaces the first occurrence of from in good by to, parses, expects
 * failure with an error starting with path. */
static void expect_bad(const char *from, const char *to, const char *path)
{
	char s[4096];
	const char *p = strstr(good, from);
	assert_non_null(p);
	snprintf(s, sizeof s, "%.*s%s%s", (int)(p - good), good, to, p + strlen(from));
	struct report_model *m = parse(s);
	if (m)
		fail_msg("accepted: %s", s);
	if (strncmp(err, path, strlen(path)) != 0 || err[strlen(path)] != ':')
		fail_msg("error '%s' does not start with '%s:'", err, path);
}

static void test_bad_paths(void **state)
{
	(void)state;
	expect_bad("\"values\":[0,-1]", "\"values\":[0,\"x\"]", "sections[0].blocks[4].chart.series[1].values[1]");
	expect_bad("\"values\":[0,-1]", "\"values\":[0,1e300]", "sections[0].blocks[4].chart.series[1].values[1]");
	expect_bad("\"values\":[0,-1]", "\"values\":[0]", "sections[0].blocks[4].chart.series[1].values");
	expect_bad("[\"マルウェア\",-2.5]", "[\"マルウェア\"]", "sections[0].blocks[3].rows[1]");
	expect_bad("[\"マルウェア\",-2.5]", "[\"マルウェア\",null]", "sections[0].blocks[3].rows[1][1]");
	expect_bad("\"right\"]", "\"center\"]", "sections[0].blocks[3].align[1]");
	expect_bad("\"kind\":\"stacked_bar\"", "\"kind\":\"pie\"", "sections[0].blocks[4].chart.kind");
	expect_bad("\"type\":\"bullets\"", "\"type\":\"list\"", "sections[0].blocks[1].type");
	expect_bad("\"level\":1", "\"level\":4", "sections[0].level");
	expect_bad("\"heading\":\"概要\"", "\"heading\":\"\"", "sections[0].heading");
	expect_bad("\"items\":[\"a\",\"b\"]", "\"items\":[\"a\"],\"start\":2", "sections[0].blocks[1].start");
	expect_bad("\"items\":[\"a\",\"b\"]", "\"items\":[\"a\"],\"ordered\":1", "sections[0].blocks[1].ordered");
	expect_bad("\"items\":[\"a\",\"b\"]", "\"items\":[\"a\"],\"ordered\":true,\"start\":-1",
	           "sections[0].blocks[1].start");
	expect_bad("{\"type\":\"paragraph\",\"text\":\"今月は\\n平穏でした\"}", "{\"type\":\"rule\",\"text\":\"x\"}",
	           "sections[0].blocks[0].text");
	expect_bad("{\"type\":\"paragraph\",\"text\":\"今月は\\n平穏でした\"}", "{\"type\":\"code\",\"text\":\"\"}",
	           "sections[0].blocks[0].text");
	expect_bad("\"period\":{\"label\":\"2026年10月\",\"from\":\"2026-10-01\",\"to\":\"2026-10-31\"}",
	           "\"period\":[]", "period");
	expect_bad("\"level\":1", "\"levle\":1", "sections[0].levle");
	expect_bad("\"tlp\":\"AMBER\"", "\"tlp\":\"ORANGE\"", "tlp");
	expect_bad("\"to\":\"2026-10-31\"", "\"to\":\"2026-09-30\"", "period.to");
	expect_bad("\"from\":\"2026-10-01\"", "\"from\":\"2026-02-30\"", "period.from");
	expect_bad("\"title\":\"月次報告\"", "\"title\":\"a\\u0007b\"", "title");
	expect_bad("\"title\":\"月次報告\",", "", "title");
	expect_bad("\"generated_at\":\"2026-11-01T09:00:00+09:00\"", "\"generated_at\":\"yesterday\"", "generated_at");
	expect_bad("\"categories\":[\"8月\",\"9月\"]", "\"categories\":[]", "sections[0].blocks[4].chart.categories");
}

static void test_bad_json_and_limits(void **state)
{
	(void)state;
	assert_null(parse("{"));
	assert_non_null(strstr(err, "not valid JSON"));
	assert_null(parse("[]"));
	assert_null(parse(HEAD "\"sections\":[], \"title\":\"x\"}")); /* duplicate key */
	/* 101 categories */
	char s[8192];
	int n = snprintf(s, sizeof s, "%s",
	                 HEAD "\"sections\":[{\"heading\":\"h\",\"blocks\":[{\"type\":\"chart\","
	                      "\"chart\":{\"kind\":\"bar\",\"title\":\"t\",\"categories\":[");
	for (int i = 0; i < 101; i++)
		n += snprintf(s + n, sizeof s - (size_t)n, "%s\"c%d\"", i ? "," : "", i);
	snprintf(s + n, sizeof s - (size_t)n, "],\"series\":[]}}]}]}");
	assert_null(parse(s));
	assert_string_equal(err, "sections[0].blocks[0].chart.categories: has 101 elements, at most 100 are allowed");
	/* an empty model is fine */
	struct report_model *m = parse(HEAD "\"sections\":[]}");
	assert_non_null(m);
	assert_int_equal(report_model_nchart(m), 0);
	report_model_free(m);
	/* a tiny error buffer is still terminated */
	char small[8];
	assert_null(report_model_parse("{", 1, small, sizeof small));
	assert_int_equal(strlen(small), 7);
}

/* A document: no period, a section without a heading, level 3, and the
 * blocks a Markdown document needs (ordered lists, code, quotes, rules). */
static void test_document_parts(void **state)
{
	(void)state;
	struct report_model *m =
	        parse("{\"title\":\"RFC 2350\",\"team\":\"T\",\"audience\":\"constituency\",\"lang\":\"en\","
	              "\"tlp\":\"CLEAR\",\"generated_at\":\"2026-11-22T10:00:00+09:00\",\"sections\":["
	              "{\"blocks\":[{\"type\":\"paragraph\",\"text\":\"pre\"}]},"
	              "{\"heading\":\"5.1.1 Triage\",\"level\":3,\"blocks\":["
	              "{\"type\":\"bullets\",\"items\":[\"a\",\"b\"],\"ordered\":true,\"start\":7},"
	              "{\"type\":\"bullets\",\"items\":[\"c\"],\"ordered\":false},"
	              "{\"type\":\"code\",\"text\":\"\\tint x;\\n\"},{\"type\":\"quote\",\"text\":\"q\"},"
	              "{\"type\":\"rule\"}]}]}");
	if (!m)
		fail_msg("refused: %s", err);
	assert_null(m->period_label);
	assert_null(m->from);
	assert_int_equal(m->nsections, 2);
	assert_null(m->sections[0].heading);
	assert_int_equal(m->sections[1].level, 3);
	const struct report_block *b = m->sections[1].blocks;
	assert_int_equal(b[0].ordered, 1);
	assert_int_equal(b[0].start, 7);
	assert_int_equal(b[1].ordered, 0);
	assert_int_equal(b[1].start, 1);
	assert_int_equal(b[2].type, REPORT_CODE);
	assert_string_equal(b[2].text, "\tint x;\n");
	assert_int_equal(b[3].type, REPORT_QUOTE);
	assert_int_equal(b[4].type, REPORT_RULE);
	report_model_free(m);
}

static void check_axis(double lo, double hi, int max, double wmin, double wmax, double wstep)
{
	struct chart_axis ax;
	chart_axis_nice(lo, hi, max, &ax);
	if (fabs(ax.min - wmin) > 1e-9 || fabs(ax.max - wmax) > 1e-9 || fabs(ax.step - wstep) > 1e-12)
		fail_msg("axis(%g, %g, %d) = %g..%g step %g, want %g..%g step %g", lo, hi, max, ax.min, ax.max, ax.step,
		         wmin, wmax, wstep);
	assert_int_equal(ax.nticks, (int)lround((ax.max - ax.min) / ax.step) + 1);
	assert_true(ax.nticks <= (max < 3 ? 3 : max > 20 ? 20 : max));
}

static void test_axis_nice(void **state)
{
	(void)state;
	check_axis(0, 100, 6, 0, 100, 20);
	check_axis(0, 97, 6, 0, 100, 20);
	check_axis(0, 7, 8, 0, 7, 1);
	check_axis(0, 0.3, 4, 0, 0.3, 0.1);
	check_axis(0, 9, 5, 0, 10, 2.5);
	check_axis(5, 9, 5, 0, 10, 2.5); /* includes zero */
	check_axis(-3, 12, 6, -5, 15, 5);
	check_axis(-40, -10, 5, -40, 0, 10);
	check_axis(0, 0, 6, 0, 1, 0.2);
	check_axis(NAN, INFINITY, 6, 0, 1, 0.2);
	check_axis(12, 3, 5, 0, 15, 5); /* swapped */
	check_axis(0, 1e15, 6, 0, 1e15, 2e14);
	check_axis(0, 1234567, 6, 0, 1250000, 250000);
	check_axis(0, 1, 1, 0, 1, 0.5); /* max_ticks clamped to 3 */
}

static void test_axis_label(void **state)
{
	(void)state;
	char b[32];
	assert_int_equal(chart_axis_label(12500, 2500, b, sizeof b), 0);
	assert_string_equal(b, "12,500");
	assert_int_equal(chart_axis_label(0.25, 0.25, b, sizeof b), 0);
	assert_string_equal(b, "0.25");
	assert_int_equal(chart_axis_label(-1000, 500, b, sizeof b), 0);
	assert_string_equal(b, "-1,000");
	assert_int_equal(chart_axis_label(-0.0, 1, b, sizeof b), 0);
	assert_string_equal(b, "0");
	assert_int_equal(chart_axis_label(1e15, 2e14, b, sizeof b), 0);
	assert_string_equal(b, "1,000,000,000,000,000");
	assert_int_equal(chart_axis_label(999, 1, b, sizeof b), 0);
	assert_string_equal(b, "999");
	assert_int_equal(chart_axis_label(1234567, 1, b, 6), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_good_model),          cmocka_unit_test(test_bad_paths),
	        cmocka_unit_test(test_bad_json_and_limits), cmocka_unit_test(test_axis_nice),
	        cmocka_unit_test(test_axis_label),          cmocka_unit_test(test_document_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
