/*
 * Unit tests for src/intake/jcharset.c (issue 4): each Japanese charset the
 * way real mail carries it, guessing when the label is missing or lies, and
 * RFC 2047 joining. Byte strings are written out so the tests do not depend
 * on iconv to build their own input.
 */
#include "intake/jcharset.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Converts s (n bytes, charset cs) and checks the UTF-8 result and bad. */
static void check(const char *s, size_t n, const char *cs, const char *want, int want_bad)
{
	struct jcs_buf b = {0};
	int bad = 0;
	jcs_to_utf8(&b, s, n, cs, &bad);
	char *got = jcs_take(&b);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(bad, want_bad);
	free(got);
}

#define CHECK(lit, cs, want, bad) check(lit, sizeof(lit) - 1, cs, want, bad)

static void test_iso2022jp_cp50220(void **state)
{
	(void)state;
	/* NEC row 13 (①), IBM extension (髙), half-width katakana via ESC ( I */
	CHECK("\x1b$B-!|b\x1b(B", "ISO-2022-JP", "①髙", 0);
	CHECK("\x1b(I6\x1b(B", "iso-2022-jp", "ｶ", 0);
	CHECK("\x1b$B%F%9%H\x1b(B", NULL, "テスト", 0); /* unlabelled: escapes recognised */
}

static void test_shift_jis_and_euc(void **state)
{
	(void)state;
	CHECK("\x83\x65\x83\x58\x83\x67\x87\x40", "Shift_JIS", "テスト①", 0); /* CP932's ① */
	CHECK("\x83\x65\x83\x58\x83\x67", "us-ascii", "テスト", 0);           /* a lying label is guessed */
	CHECK("\xa5\xc6\xa5\xb9\xa5\xc8", "EUC-JP", "テスト", 0);
	CHECK("\xa5\xc6\xa5\xb9\xa5\xc8", NULL, "テスト", 0);
}

static void test_bad_bytes(void **state)
{
	(void)state;
	CHECK("ok\xff", "UTF-8", "ok\xef\xbf\xbd", 1);
	CHECK("caf\xe9", "no-such-charset", "café", 1);
	CHECK("a\0b", "UTF-8", "ab", 0); /* NULs are dropped */
}

static void test_rfc2047(void **state)
{
	(void)state;
	/* "テスト" split inside a UTF-8 character across two words, folded */
	static const char raw[] = "=?UTF-8?B?44OG44K5?=\n =?UTF-8?B?44OI?= ok";
	int bad = 0;
	char *s = jcs_header_decode(raw, sizeof(raw) - 1, &bad);
	assert_non_null(s);
	assert_string_equal(s, "テスト ok");
	assert_int_equal(bad, 0);
	free(s);
	static const char q[] = "  =?iso-2022-jp?Q?=1B$B%F=1B(B?= x\ty ";
	s = jcs_header_decode(q, sizeof(q) - 1, &bad);
	assert_string_equal(s, "テ x y");
	free(s);
	static const char broken[] = "=?UTF-8?B?unterminated";
	s = jcs_header_decode(broken, sizeof(broken) - 1, &bad);
	assert_string_equal(s, "=?UTF-8?B?unterminated");
	free(s);
}

static void test_buffer(void **state)
{
	(void)state;
	struct jcs_buf b = {0};
	char *s = jcs_take(&b);
	assert_string_equal(s, "");
	free(s);
	jcs_put_utf8(&b, 0x1F525);
	jcs_put_utf8(&b, 0xD800); /* a surrogate is never emitted */
	s = jcs_take(&b);
	assert_string_equal(s, "🔥\xef\xbf\xbd");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_iso2022jp_cp50220),
	        cmocka_unit_test(test_shift_jis_and_euc),
	        cmocka_unit_test(test_bad_bytes),
	        cmocka_unit_test(test_rfc2047),
	        cmocka_unit_test(test_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
