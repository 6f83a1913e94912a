/*
 * test_report_markdown.c - Markdown to report model (report/markdown_model.c):
 * each block type maps as markdown_model.h says, raw HTML is dropped, and
 * hostile input (NUL bytes, control characters, invalid UTF-8, deep
 * nesting, huge tables and lists, thousands of headings) still gives a
 * model that report_model_parse() accepts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/markdown_model.h"
#include "report/render.h"

static const struct markdown_model_meta meta_ja = {
        "既定の題名", NULL, "火消し CSIRT", "ja", "CLEAR", "constituency", "2026-11-22T10:00:00+09:00", -1};

/* The model of md[0..len) under meta; fails the test unless the model
 * parses. The caller json_decrefs it. */
static json_t *convert_n(const char *md, size_t len, const struct markdown_model_meta *meta)
{
	char err[256];
	json_t *m = markdown_model(md, len, meta);
	assert_non_null(m);
	char *js = json_dumps(m, JSON_COMPACT);
	assert_non_null(js);
	struct report_model *rm = report_model_parse(js, strlen(js), err, sizeof err);
	if (!rm)
		fail_msg("the model is refused: %s\n%.2000s", err, js);
	report_model_free(rm);
	free(js);
	return m;
}

static json_t *convert(const char *md)
{
	return convert_n(md, strlen(md), &meta_ja);
}

static json_t *section(json_t *m, size_t i)
{
	json_t *s = json_array_get(json_object_get(m, "sections"), i);
	assert_non_null(s);
	return s;
}

static json_t *blk(json_t *m, size_t s, size_t b)
{
	json_t *v = json_array_get(json_object_get(section(m, s), "blocks"), b);
	assert_non_null(v);
	return v;
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	assert_non_null(s);
	return s;
}

static size_t nsections(json_t *m)
{
	return json_array_size(json_object_get(m, "sections"));
}

static void test_title_and_heading_levels(void **state)
{
	(void)state;
	json_t *m = convert("# 題名 *強調*\n\n前文\n\n## 1. 文書情報\n\n### 1.1 最終更新日\n\n#### 5.1.1 トリアージ\n\n"
	                    "##### 深い\n\n本文\n\n##\n\n続き\n");
	assert_string_equal(str(m, "title"), "題名 強調");
	assert_string_equal(str(m, "team"), "火消し CSIRT");
	assert_string_equal(str(m, "tlp"), "CLEAR");
	assert_null(json_object_get(m, "period"));
	assert_true(json_is_true(json_object_get(m, "toc"))); /* four headings */
	assert_int_equal(nsections(m), 6);
	assert_null(json_object_get(section(m, 0), "heading"));
	assert_string_equal(str(blk(m, 0, 0), "text"), "前文");
	assert_string_equal(str(section(m, 1), "heading"), "1. 文書情報");
	assert_int_equal(json_integer_value(json_object_get(section(m, 1), "level")), 1);
	assert_int_equal(json_integer_value(json_object_get(section(m, 2), "level")), 2);
	assert_int_equal(json_integer_value(json_object_get(section(m, 3), "level")), 3);
	assert_string_equal(str(section(m, 4), "heading"), "深い");
	assert_int_equal(json_integer_value(json_object_get(section(m, 4), "level")), 3); /* clamped */
	assert_null(json_object_get(section(m, 5), "heading"));                           /* an empty "##" */
	json_decref(m);

	/* no leading "# ": the given title, and levels are not shifted */
	m = convert("前文\n\n# 一\n\n## 二\n");
	assert_string_equal(str(m, "title"), "既定の題名");
	assert_true(json_is_false(json_object_get(m, "toc")));
	assert_int_equal(json_integer_value(json_object_get(section(m, 1), "level")), 1);
	assert_int_equal(json_integer_value(json_object_get(section(m, 2), "level")), 2);
	json_decref(m);
}

static void test_inlines_flattened(void **state)
{
	(void)state;
	json_t *m =
	        convert("**太字** *斜体* `code` ~~消去~~ [リンク](https://example.jp/a) [節](#s2) <https://x.example/> "
	                "<csirt@example.jp> ![図](https://example.jp/z.png) www.example.com\n");
	assert_string_equal(str(blk(m, 0, 0), "text"), "太字 斜体 code 消去 リンク (https://example.jp/a) 節 "
	                                               "https://x.example/ csirt@example.jp 図 "
	                                               "(https://example.jp/z.png) www.example.com");
	json_decref(m);
	m = convert("日本語の\n続き。English\nwrap, hard  \nbreak\\\nagain\n");
	assert_string_equal(str(blk(m, 0, 0), "text"), "日本語の続き。English wrap, hard\nbreak\nagain");
	json_decref(m);
}

static void test_lists(void **state)
{
	(void)state;
	json_t *m = convert("- 一\n  - 入れ子\n    1. 番号\n    2. 次\n\n  続きの段落\n- [x] 済み\n- [ ] 未\n\n"
	                    "3. 三\n4. 四\n");
	json_t *b = blk(m, 0, 0);
	assert_string_equal(str(b, "type"), "bullets");
	assert_null(json_object_get(b, "ordered"));
	json_t *items = json_object_get(b, "items");
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(json_string_value(json_array_get(items, 0)),
	                    "一\n   • 入れ子\n      1. 番号\n      2. 次\n続きの段落");
	assert_string_equal(json_string_value(json_array_get(items, 1)), "☑ 済み");
	assert_string_equal(json_string_value(json_array_get(items, 2)), "☐ 未");
	b = blk(m, 0, 1);
	assert_true(json_is_true(json_object_get(b, "ordered")));
	assert_int_equal(json_integer_value(json_object_get(b, "start")), 3);
	assert_string_equal(json_string_value(json_array_get(json_object_get(b, "items"), 1)), "四");
	json_decref(m);
}

static void test_tables(void **state)
{
	(void)state;
	json_t *m = convert("| 分類 | 件数 | 備考 |\n|:--|--:|:-:|\n| **フィッシング** | 12 | [詳細](https://e.jp) |\n"
	                    "| 短い行 |\n| a | b | c | 余分 |\n");
	json_t *t = blk(m, 0, 0);
	assert_string_equal(str(t, "type"), "table");
	json_t *cols = json_object_get(t, "columns"), *rows = json_object_get(t, "rows");
	assert_int_equal(json_array_size(cols), 3);
	assert_string_equal(json_string_value(json_array_get(cols, 1)), "件数");
	assert_string_equal(json_string_value(json_array_get(json_object_get(t, "align"), 1)), "right");
	assert_string_equal(json_string_value(json_array_get(json_object_get(t, "align"), 2)), "left");
	assert_int_equal(json_array_size(rows), 3);
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 0), 0)), "フィッシング");
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 0), 2)), "詳細 (https://e.jp)");
	assert_int_equal(json_array_size(json_array_get(rows, 1)), 3); /* padded */
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 1), 2)), "");
	assert_int_equal(json_array_size(json_array_get(rows, 2)), 3); /* cut */
	json_decref(m);
	/* no right-aligned column: no align at all */
	m = convert("| a | b |\n|---|---|\n| 1 | 2 |\n");
	assert_null(json_object_get(blk(m, 0, 0), "align"));
	json_decref(m);
}

static void test_code_quote_rule(void **state)
{
	(void)state;
	json_t *m =
	        convert("```c\n\tint x;\n  y();\n```\n\n> 引用の\n> 続き\n>\n> - 項目\n\n---\n\n    indented code\n");
	assert_string_equal(str(blk(m, 0, 0), "type"), "code");
	assert_string_equal(str(blk(m, 0, 0), "text"), "\tint x;\n  y();");
	assert_string_equal(str(blk(m, 0, 1), "type"), "quote");
	assert_string_equal(str(blk(m, 0, 1), "text"), "引用の続き\n   • 項目");
	assert_string_equal(str(blk(m, 0, 2), "type"), "rule");
	assert_int_equal(json_object_size(blk(m, 0, 2)), 1);
	assert_string_equal(str(blk(m, 0, 3), "text"), "indented code");
	json_decref(m);
}

static void test_raw_html_dropped(void **state)
{
	(void)state;
	json_t *m = convert("<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>\n\n"
	                    "本文 <b>太字</b><img src=x onerror=alert(2)> &lt;そのまま&gt;\n\n<!-- comment -->\n");
	assert_int_equal(json_array_size(json_object_get(section(m, 0), "blocks")), 1);
	assert_string_equal(str(blk(m, 0, 0), "text"), "本文 太字 <そのまま>");
	json_decref(m);
	/* only HTML: an empty model */
	m = convert("<p>x</p>\n");
	assert_int_equal(nsections(m), 0);
	json_decref(m);
}

static void test_nul_controls_and_bad_utf8(void **state)
{
	(void)state;
	static const char md[] = "a\0b\x01\x02\x7f"
	                         "c\td\n\n# \x1b[31m見出し\x07\n\n\xff\xfe ok\n";
	struct markdown_model_meta meta = meta_ja;
	meta.team = "bad\xc3\x28team\ttab\x01";
	meta.subtitle = "sub\ntitle";
	json_t *m = convert_n(md, sizeof md - 1, &meta);
	assert_string_equal(str(blk(m, 0, 0), "text"), "a\xEF\xBF\xBD"
	                                               "bc\td");
	assert_string_equal(str(m, "team"), "bad\xEF\xBF\xBD(team tab");
	assert_string_equal(str(m, "subtitle"), "sub title");
	assert_string_equal(str(section(m, 1), "heading"), "[31m見出し");
	assert_string_equal(str(blk(m, 1, 0), "text"), "\xEF\xBF\xBD\xEF\xBF\xBD ok");
	json_decref(m);
	/* empty input and empty metadata */
	struct markdown_model_meta bare = {0};
	bare.generated_at = "2026-11-22";
	m = convert_n("", 0, &bare);
	assert_string_equal(str(m, "title"), "文書");
	assert_string_equal(str(m, "team"), "CSIRT");
	assert_string_equal(str(m, "tlp"), "AMBER"); /* not public unless said */
	assert_string_equal(str(m, "audience"), "team");
	json_decref(m);
}

/* Repeats s n times (malloc'd). */
static char *repeat(const char *s, size_t n, size_t *len)
{
	size_t l = strlen(s);
	char *out = malloc(l * n + 1);
	assert_non_null(out);
	for (size_t i = 0; i < n; i++)
		memcpy(out + i * l, s, l);
	out[l * n] = '\0';
	*len = l * n;
	return out;
}

static void test_deep_nesting(void **state)
{
	(void)state;
	static const char *const units[] = {">", "- ", "1. ", "*", "[", "> - ", "<a>"};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t len;
		char *md = repeat(units[i], 20000, &len);
		md[len - 1] = units[i][0] == '<' ? '>' : 'x';
		json_decref(convert_n(md, len, &meta_ja));
		free(md);
	}
	/* nested items get at most MAX_INDENT levels of indentation */
	size_t len;
	char *md = repeat("- ", 40, &len);
	md[len - 1] = 'x';
	json_t *m = convert_n(md, len, &meta_ja);
	const char *item = json_string_value(json_array_get(json_object_get(blk(m, 0, 0), "items"), 0));
	assert_non_null(strstr(item, "x"));
	assert_true(strlen(item) < 40 * (8 * 3 + 5));
	json_decref(m);
	free(md);
}

/* A table of ncol columns and nrows rows of "| c |" cells (malloc'd). */
static char *table_md(size_t ncol, size_t nrows, size_t *len)
{
	size_t l;
	char *head = repeat("| h ", ncol, &l), *sep = repeat("|---", ncol, &l), *row = repeat("| c ", ncol, &l);
	size_t cap = (l + 2) * (nrows + 2) + 1, n = 0;
	char *md = malloc(cap);
	assert_non_null(md);
	n += (size_t)snprintf(md + n, cap - n, "%s|\n%s|\n", head, sep);
	for (size_t i = 0; i < nrows; i++)
		n += (size_t)snprintf(md + n, cap - n, "%s|\n", row);
	free(head);
	free(sep);
	free(row);
	*len = n;
	return md;
}

static void test_huge_table(void **state)
{
	(void)state;
	size_t len;
	/* 40 columns: 32 kept, and a notice */
	char *md = table_md(40, 3, &len);
	json_t *m = convert_n(md, len, &meta_ja);
	assert_int_equal(json_array_size(json_object_get(blk(m, 0, 0), "columns")), REPORT_MAX_COLUMNS);
	assert_int_equal(json_array_size(json_array_get(json_object_get(blk(m, 0, 0), "rows"), 2)), REPORT_MAX_COLUMNS);
	assert_string_equal(str(blk(m, 0, 1), "text"), "（33 列目以降は省略しました）");
	json_decref(m);
	free(md);
	/* 25000 rows of 8 cells (the most cells a model holds): two tables */
	md = table_md(8, 25000, &len);
	m = convert_n(md, len, &meta_ja);
	assert_int_equal(json_array_size(json_object_get(blk(m, 0, 0), "rows")), REPORT_MAX_ROWS);
	assert_int_equal(json_array_size(json_object_get(blk(m, 0, 1), "rows")), 25000 - REPORT_MAX_ROWS);
	assert_int_equal(json_array_size(json_object_get(section(m, 0), "blocks")), 2);
	json_decref(m);
	free(md);
	/* more cells than a model holds: the rest left out, with a notice */
	md = table_md(40, 8000, &len);
	m = convert_n(md, len, &meta_ja);
	json_t *blocks = json_object_get(section(m, 0), "blocks");
	assert_int_equal(json_array_size(json_object_get(json_array_get(blocks, 0), "rows")),
	                 REPORT_MAX_CELLS / REPORT_MAX_COLUMNS);
	const char *last = str(json_array_get(blocks, json_array_size(blocks) - 1), "text");
	assert_non_null(strstr(last, "省略しました"));
	json_decref(m);
	free(md);
}

static void test_long_text_many_items_and_headings(void **state)
{
	(void)state;
	size_t len;
	/* a 50000-byte paragraph: split into blocks of at most REPORT_MAX_TEXT */
	char *md = repeat("長い文章です。", 2400, &len);
	json_t *m = convert_n(md, len, &meta_ja);
	json_t *blocks = json_object_get(section(m, 0), "blocks");
	size_t total = 0;
	assert_true(json_array_size(blocks) >= 3);
	for (size_t i = 0; i < json_array_size(blocks); i++)
		total += strlen(str(json_array_get(blocks, i), "text"));
	assert_int_equal(total, len);
	json_decref(m);
	free(md);
	/* 2500 ordered items: blocks of 1000 numbered on */
	md = repeat("1. x\n", 2500, &len);
	m = convert_n(md, len, &meta_ja);
	assert_int_equal(json_integer_value(json_object_get(blk(m, 0, 2), "start")), 2001);
	assert_int_equal(json_array_size(json_object_get(blk(m, 0, 2), "items")), 500);
	json_decref(m);
	free(md);
	/* 1000 headings: 500 sections, then a notice */
	md = repeat("## 見出し\n\n本文\n\n", 1000, &len);
	m = convert_n(md, len, &meta_ja);
	assert_int_equal(nsections(m), REPORT_MAX_SECTIONS);
	json_t *lastsec = json_object_get(section(m, REPORT_MAX_SECTIONS - 1), "blocks");
	assert_non_null(strstr(str(json_array_get(lastsec, json_array_size(lastsec) - 1), "text"), "省略しました"));
	json_decref(m);
	free(md);
	/* 500 rules in one section: continued in sections without a heading */
	md = repeat("---\n\n", 500, &len);
	m = convert_n(md, len, &meta_ja);
	assert_int_equal(nsections(m), 3);
	json_decref(m);
	free(md);
}

static void test_input_cut(void **state)
{
	(void)state;
	size_t len;
	char *md = repeat("あ", MARKDOWN_MODEL_MAX_INPUT / 3 + 10, &len);
	json_t *m = convert_n(md, len, &meta_ja);
	json_t *blocks = json_object_get(section(m, nsections(m) - 1), "blocks");
	assert_non_null(strstr(str(json_array_get(blocks, json_array_size(blocks) - 1), "text"), "省略しました"));
	assert_true(nsections(m) >= 2); /* 4 MiB of text: more blocks than one section holds */
	json_decref(m);
	free(md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_title_and_heading_levels),
	        cmocka_unit_test(test_inlines_flattened),
	        cmocka_unit_test(test_lists),
	        cmocka_unit_test(test_tables),
	        cmocka_unit_test(test_code_quote_rule),
	        cmocka_unit_test(test_raw_html_dropped),
	        cmocka_unit_test(test_nul_controls_and_bad_utf8),
	        cmocka_unit_test(test_deep_nesting),
	        cmocka_unit_test(test_huge_table),
	        cmocka_unit_test(test_long_text_many_items_and_headings),
	        cmocka_unit_test(test_input_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
