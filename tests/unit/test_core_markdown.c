/*
 * test_core_markdown.c - unit tests for Markdown -> safe HTML.
 *
 * The attacks a report body can carry (script tags, event handlers, and
 * script-capable URL schemes in links, images and autolinks) must not
 * survive as markup; ordinary GFM (emphasis, lists, tables, autolinks,
 * strikethrough) must still render.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/markdown.h"

/* Render a C string; the test fails on NULL. Caller frees. */
static char *render(const char *md)
{
	char *html = markdown_to_html(md, strlen(md));
	assert_non_null(html);
	return html;
}

static void assert_has(const char *html, const char *needle)
{
	if (strstr(html, needle) == NULL)
		fail_msg("\"%s\" not in output:\n%s", needle, html);
}

static void assert_lacks(const char *html, const char *needle)
{
	if (strcasestr(html, needle) != NULL)
		fail_msg("\"%s\" survived in output:\n%s", needle, html);
}

static void test_script_tag(void **state)
{
	(void)state;
	const char *inputs[] = {
	        "<script>alert(1)</script>",
	        "text <script>alert(1)</script> more",
	        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
	        "- item <script>alert(1)</script>",
	        "| a |\n|---|\n| <script>alert(1)</script> |",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		char *html = render(inputs[i]);
		assert_lacks(html, "<script");
		assert_lacks(html, "</script");
		free(html);
	}
}

static void test_javascript_links(void **state)
{
	(void)state;
	const char *inputs[] = {
	        "[x](javascript:alert(1))",
	        "[x](JaVaScRiPt:alert(1))",
	        "[x]( javascript:alert(1) )",
	        "[x](jav&#x09;ascript:alert(1))",
	        "[x](&#x6A;avascript:alert(1))",
	        "[x][r]\n\n[r]: javascript:alert(1)",
	        "![x](javascript:alert(1))",
	        "<javascript:alert(1)>",
	        "[x](vbscript:msgbox(1))",
	        "[x](file:///etc/passwd)",
	        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
	        "![x](data:image/png;base64,AAAA)",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		char *html = render(inputs[i]);
		assert_lacks(html, "href=\"javascript");
		assert_lacks(html, "href=\"vbscript");
		assert_lacks(html, "href=\"file");
		assert_lacks(html, "href=\"data");
		assert_lacks(html, "src=\"javascript");
		assert_lacks(html, "src=\"data");
		assert_lacks(html, "script%3a"); /* no encoded variant either */
		free(html);
	}
	char *html = render("[x](javascript:alert(1))");
	assert_lacks(html, "javascript");
	free(html);
}

static void test_img_onerror(void **state)
{
	(void)state;
	const char *inputs[] = {
	        "<img src=x onerror=alert(1)>",          "hello <img src=x onerror=alert(1)> world",
	        "<div onclick=\"alert(1)\">x</div>",     "<iframe src=\"https://evil.example\"></iframe>",
	        "<a href=\"javascript:alert(1)\">x</a>", "<svg onload=alert(1)>",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		char *html = render(inputs[i]);
		assert_lacks(html, "<img");
		assert_lacks(html, "onerror");
		assert_lacks(html, "onclick");
		assert_lacks(html, "onload");
		assert_lacks(html, "<iframe");
		assert_lacks(html, "<div");
		assert_lacks(html, "<svg");
		assert_lacks(html, "javascript");
		free(html);
	}
}

static void test_normal_markdown(void **state)
{
	(void)state;
	char *html = render("a **bold** and *em* ~~gone~~ `code`");
	assert_has(html, "<strong>bold</strong>");
	assert_has(html, "<em>em</em>");
	assert_has(html, "<del>gone</del>");
	assert_has(html, "<code>code</code>");
	free(html);

	html = render("- one\n- two\n\n1. first\n2. second\n");
	assert_has(html, "<ul>");
	assert_has(html, "<li>one</li>");
	assert_has(html, "<ol>");
	assert_has(html, "<li>second</li>");
	free(html);

	html = render("| host | ip |\n|---|---|\n| web01 | 192.0.2.1 |\n");
	assert_has(html, "<table>");
	assert_has(html, "<th>host</th>");
	assert_has(html, "<td>192.0.2.1</td>");
	free(html);

	html = render("see https://www.jpcert.or.jp/ and www.example.org");
	assert_has(html, "<a href=\"https://www.jpcert.or.jp/\">");
	assert_has(html, "<a href=\"http://www.example.org\">");
	free(html);

	html = render("[ok](https://example.com/a?b=1&c=2)");
	assert_has(html, "<a href=\"https://example.com/a?b=1&amp;c=2\">ok</a>");
	free(html);

	/* Soft breaks stay soft (no HARDBREAKS). */
	html = render("line1\nline2");
	assert_lacks(html, "<br");
	free(html);

	/* Text is escaped, Japanese passes through. */
	html = render("1 < 2 & 3 > 2 \"q\" 不審メール");
	assert_has(html, "1 &lt; 2 &amp; 3 &gt; 2 &quot;q&quot; 不審メール");
	free(html);
}

static void test_edges(void **state)
{
	(void)state;
	char *html = markdown_to_html("", 0);
	assert_non_null(html);
	assert_string_equal(html, "");
	free(html);
	html = markdown_to_html(NULL, 0);
	assert_non_null(html);
	free(html);
	assert_null(markdown_to_html(NULL, 5));

	/* Only len bytes are read: the tail is not rendered. */
	const char buf[] = {'*', '*', 'a', '*', '*', '<', 's', 'c', 'r'};
	html = markdown_to_html(buf, 5);
	assert_non_null(html);
	assert_string_equal(html, "<p><strong>a</strong></p>\n");
	free(html);

	/* An embedded NUL does not truncate or break the output. */
	const char nul[] = "a\0b";
	html = markdown_to_html(nul, 3);
	assert_non_null(html);
	assert_has(html, "b");
	free(html);

	/* Invalid UTF-8 is replaced, not passed through. */
	html = render("bad \xff\xfe bytes");
	assert_lacks(html, "\xff");
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_script_tag),  cmocka_unit_test(test_javascript_links),
	        cmocka_unit_test(test_img_onerror), cmocka_unit_test(test_normal_markdown),
	        cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
