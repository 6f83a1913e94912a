/*
 * Unit tests for core/search.c: how a free-text query is split into trigram
 * phrases and short scanned terms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/search.h"

static void test_empty_and_blank(void **state)
{
	(void)state;
	struct search_query q;
	assert_int_equal(search_parse("", &q), SEARCH_OK);
	assert_string_equal(q.fts, "");
	assert_int_equal(q.nshort, 0);
	assert_int_equal(search_parse(" \t\xe3\x80\x80 ", &q), SEARCH_OK); /* includes U+3000 */
	assert_string_equal(q.fts, "");
	assert_int_equal(q.nshort, 0);
}

static void test_long_terms_become_phrases(void **state)
{
	(void)state;
	struct search_query q;
	assert_int_equal(search_parse("ransomware ランサムウェア", &q), SEARCH_OK);
	assert_string_equal(q.fts, "\"ransomware\" \"ランサムウェア\"");
	assert_int_equal(q.nshort, 0);
	/* quotes cannot break out of the phrase */
	assert_int_equal(search_parse("ab\") OR (\"cd", &q), SEARCH_OK);
	assert_string_equal(q.fts, "\"ab\"\")\" \"(\"\"cd\"");
	assert_int_equal(q.nshort, 1); /* OR is two characters: a scanned term, not an operator */
	assert_string_equal(q.shorts[0].text, "%OR%");
}

static void test_ideographic_space_separates(void **state)
{
	(void)state;
	struct search_query q;
	assert_int_equal(search_parse("個人情報\xe3\x80\x80漏洩", &q), SEARCH_OK);
	assert_string_equal(q.fts, "\"個人情報\"");
	assert_int_equal(q.nshort, 1);
	assert_string_equal(q.shorts[0].text, "漏洩");
	assert_int_equal(q.shorts[0].raw, 1);
}

static void test_short_ascii_terms_are_escaped_like_patterns(void **state)
{
	(void)state;
	struct search_query q;
	assert_int_equal(search_parse("PC 5% a_", &q), SEARCH_OK);
	assert_string_equal(q.fts, "");
	assert_int_equal(q.nshort, 3);
	assert_string_equal(q.shorts[0].text, "%PC%");
	assert_int_equal(q.shorts[0].raw, 0);
	assert_string_equal(q.shorts[1].text, "5%");
	assert_int_equal(q.shorts[1].raw, 1); /* no letters: raw substring, % is literal */
	assert_string_equal(q.shorts[2].text, "%a\\_%");
	assert_int_equal(q.shorts[2].raw, 0);
}

static void test_limits(void **state)
{
	(void)state;
	struct search_query q;
	char big[SEARCH_TERM_MAX + 2];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(search_parse(big, &q), SEARCH_TERM_TOO_LONG);
	big[SEARCH_TERM_MAX] = '\0';
	assert_int_equal(search_parse(big, &q), SEARCH_OK);
	assert_int_equal(search_parse("a b c d e f g h", &q), SEARCH_OK);
	assert_int_equal(search_parse("a b c d e f g h i", &q), SEARCH_TOO_MANY_TERMS);
	assert_non_null(strstr(search_strerror(SEARCH_TOO_MANY_TERMS), "8"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_empty_and_blank),
	        cmocka_unit_test(test_long_terms_become_phrases),
	        cmocka_unit_test(test_ideographic_space_separates),
	        cmocka_unit_test(test_short_ascii_terms_are_escaped_like_patterns),
	        cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
