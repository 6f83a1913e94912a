/*
 * test_core_misc.c - unit tests for the small core modules: TLP/PAP
 * labels, report states and channels, the report fingerprint, and the
 * field validators.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/report_state.h"
#include "core/tlp.h"
#include "core/validate.h"
#include "lib/buf.h"

/* ---- TLP / PAP ---- */

static void test_tlp(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		enum tlp want;
	} ok[] = {
	        {"CLEAR", TLP_CLEAR},
	        {"clear", TLP_CLEAR},
	        {"TLP:CLEAR", TLP_CLEAR},
	        {"tlp:clear", TLP_CLEAR},
	        {"WHITE", TLP_CLEAR},
	        {"TLP:WHITE", TLP_CLEAR},
	        {"Green", TLP_GREEN},
	        {"TLP:AMBER", TLP_AMBER},
	        {"AMBER+STRICT", TLP_AMBER_STRICT},
	        {"tlp:amber+strict", TLP_AMBER_STRICT},
	        {"RED", TLP_RED},
	        {"TLP:RED", TLP_RED},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		enum tlp t = TLP_RED;
		if (tlp_parse(ok[i].in, &t) != 0)
			fail_msg("rejected %s", ok[i].in);
		assert_int_equal(t, ok[i].want);
	}
	static const char *const bad[] = {"",     "TLP:", "AMBER STRICT", "AMBER+",  "TLP:TLP:RED",
	                                  " RED", "RED ", "BLUE",         "TLP-RED", "AMBER+STRICTER"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum tlp t = TLP_GREEN;
		if (tlp_parse(bad[i], &t) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(t, TLP_GREEN);
	}
	enum tlp t;
	assert_int_equal(tlp_parse(NULL, &t), -1);

	static const char *const names[] = {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"};
	for (int i = 0; i < 5; i++) {
		char label[32];
		assert_string_equal(tlp_name((enum tlp)i), names[i]);
		snprintf(label, sizeof label, "TLP:%s", names[i]);
		assert_string_equal(tlp_label((enum tlp)i), label);
		/* Round trip of both spellings. */
		assert_int_equal(tlp_parse(tlp_label((enum tlp)i), &t), 0);
		assert_int_equal(t, i);
		assert_int_equal(tlp_parse(tlp_name((enum tlp)i), &t), 0);
		assert_int_equal(t, i);
	}
	assert_string_equal(tlp_name((enum tlp)9), "");
	assert_string_equal(tlp_label((enum tlp) - 1), "");
	/* Ordered by restriction. */
	assert_true(TLP_CLEAR < TLP_GREEN && TLP_GREEN < TLP_AMBER && TLP_AMBER < TLP_AMBER_STRICT &&
	            TLP_AMBER_STRICT < TLP_RED);
}

static void test_pap(void **state)
{
	(void)state;
	static const char *const names[] = {"CLEAR", "GREEN", "AMBER", "RED"};
	for (int i = 0; i < 4; i++) {
		enum pap p;
		assert_string_equal(pap_name((enum pap)i), names[i]);
		assert_int_equal(pap_parse(names[i], &p), 0);
		assert_int_equal(p, i);
		assert_int_equal(pap_parse(pap_label((enum pap)i), &p), 0);
		assert_int_equal(p, i);
	}
	enum pap p;
	assert_int_equal(pap_parse("pap:amber", &p), 0);
	assert_int_equal(p, PAP_AMBER);
	assert_int_equal(pap_parse("WHITE", &p), 0);
	assert_int_equal(p, PAP_CLEAR);
	assert_int_equal(pap_parse("AMBER+STRICT", &p), -1);
	assert_int_equal(pap_parse("TLP:RED", &p), -1);
	assert_int_equal(pap_parse(NULL, &p), -1);
	assert_string_equal(pap_name((enum pap)4), "");
}

/* ---- report states ---- */

static void test_report_names(void **state)
{
	(void)state;
	static const char *const sn[] = {"new", "triaged", "linked", "rejected"};
	for (int i = 0; i < 4; i++) {
		enum report_state s;
		assert_int_equal(report_state_parse(sn[i], &s), 0);
		assert_int_equal(s, i);
		assert_string_equal(report_state_name(s), sn[i]);
	}
	static const char *const rn[] = {"", "false_positive", "spam", "out_of_scope", "duplicate"};
	for (int i = 0; i < 5; i++) {
		enum reject_reason r;
		assert_int_equal(report_reject_parse(rn[i], &r), 0);
		assert_int_equal(r, i);
		assert_string_equal(report_reject_name(r), rn[i]);
	}
	static const char *const cn[] = {"email", "web", "api", "soc", "phone"};
	for (int i = 0; i < 5; i++) {
		enum report_channel c;
		assert_int_equal(report_channel_parse(cn[i], &c), 0);
		assert_int_equal(c, i);
		assert_string_equal(report_channel_name(c), cn[i]);
		assert_true(strlen(report_channel_label_ja(c)) > 0);
	}
	enum report_state s;
	enum reject_reason r;
	enum report_channel c;
	assert_int_equal(report_state_parse("closed", &s), -1);
	assert_int_equal(report_state_parse(NULL, &s), -1);
	assert_int_equal(report_reject_parse("other", &r), -1);
	assert_int_equal(report_channel_parse("fax", &c), -1);
	assert_int_equal(report_channel_parse("EMAIL", &c), -1);
	assert_string_equal(report_state_name((enum report_state)4), "");
	assert_string_equal(report_channel_name((enum report_channel)5), "");
}

static void test_report_transitions(void **state)
{
	(void)state;
	static const char *const names[] = {"new", "triaged", "linked", "rejected"};
	static const char *const allowed[][2] = {
	        {"new", "triaged"},      {"new", "linked"},   {"new", "rejected"},   {"triaged", "linked"},
	        {"triaged", "rejected"}, {"rejected", "new"}, {"linked", "triaged"},
	};
	int count = 0;
	for (int f = 0; f < 4; f++) {
		for (int t = 0; t < 4; t++) {
			int want = 0;
			for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
				if (strcmp(allowed[k][0], names[f]) == 0 && strcmp(allowed[k][1], names[t]) == 0)
					want = 1;
			enum report_state from, to;
			assert_int_equal(report_state_parse(names[f], &from), 0);
			assert_int_equal(report_state_parse(names[t], &to), 0);
			if (report_state_allowed(from, to) != want)
				fail_msg("%s -> %s: want %d", names[f], names[t], want);
			count += want;
		}
	}
	assert_int_equal(count, 7);
	assert_int_equal(report_state_allowed((enum report_state)4, RS_NEW), 0);
	assert_int_equal(report_state_allowed(RS_NEW, (enum report_state) - 1), 0);
}

/* ---- fingerprint ---- */

static int is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (size_t i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void test_fingerprint_same(void **state)
{
	(void)state;
	char a[65], b[65];
	report_fingerprint("soc@example.co.jp", "Suspicious mail from partner", "We received\na suspicious   mail.\n",
	                   a);
	assert_true(is_hex64(a));
	static const struct {
		const char *addr, *subj, *body;
	} same[] = {
	        {"  SOC@Example.CO.JP\t", "Suspicious mail from partner", "We received a suspicious mail."},
	        {"soc@example.co.jp", "Re: Suspicious mail from partner", "We received a suspicious mail."},
	        {"soc@example.co.jp", "RE: FW: Fwd: Suspicious  mail from\tpartner",
	         "  We received\r\na suspicious mail.  "},
	        {"soc@example.co.jp", "[RPT-2026-00001] Re: Suspicious mail from partner",
	         "We received a suspicious mail."},
	        {"soc@example.co.jp", "Re: [RPT-2026-00001] 転送: 返信: Suspicious mail from partner",
	         "We received a suspicious mail."},
	        {"soc@example.co.jp", "転送：Suspicious mail from partner", "We received\u3000a suspicious mail."},
	        {"soc@example.co.jp", "fwd:Suspicious mail from partner ", "We received a suspicious mail."},
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		report_fingerprint(same[i].addr, same[i].subj, same[i].body, b);
		if (strcmp(a, b) != 0)
			fail_msg("case %zu differs: %s / %s", i, same[i].addr, same[i].subj);
	}
}

static void test_fingerprint_differs(void **state)
{
	(void)state;
	char a[65], b[65];
	report_fingerprint("soc@example.co.jp", "Subject", "Body", a);
	report_fingerprint("noc@example.co.jp", "Subject", "Body", b);
	assert_string_not_equal(a, b);
	report_fingerprint("soc@example.co.jp", "Subject 2", "Body", b);
	assert_string_not_equal(a, b);
	report_fingerprint("soc@example.co.jp", "Subject", "Body.", b);
	assert_string_not_equal(a, b);
	/* Field boundaries matter: moving text between fields changes the hash. */
	report_fingerprint("soc@example.co.jp", "SubjectBody", "", b);
	assert_string_not_equal(a, b);
	report_fingerprint("soc@example.co.jp", "Subject Body", "", a);
	report_fingerprint("soc@example.co.jp", "Subject", "Body", b);
	assert_string_not_equal(a, b);
	/* Text in brackets that is not a leading tag is kept. */
	report_fingerprint("x@example.jp", "Alert [critical]", "b", a);
	report_fingerprint("x@example.jp", "Alert", "b", b);
	assert_string_not_equal(a, b);
	/* "Re" without a colon is a word, not a prefix. */
	report_fingerprint("x@example.jp", "Report", "b", a);
	report_fingerprint("x@example.jp", "port", "b", b);
	assert_string_not_equal(a, b);
	/* Subject case is kept. */
	report_fingerprint("x@example.jp", "ABC", "b", a);
	report_fingerprint("x@example.jp", "abc", "b", b);
	assert_string_not_equal(a, b);
}

static void test_fingerprint_known_value(void **state)
{
	(void)state;
	/* SHA-256 of "a@b.c" 0x1f "s" 0x1f "x y", computed independently:
	 * printf 'a@b.c\x1fs\x1fx y' | sha256sum */
	char out[65];
	report_fingerprint(" A@B.C ", "Re: [T] s", "x\n\n y", out);
	assert_string_equal(out, "9bd809636b169a227d8bff703d6da1edd713cba93d786adcd2c3b661dccc30c3");
	/* NULLs are empty fields. */
	char e[65];
	report_fingerprint(NULL, NULL, NULL, out);
	report_fingerprint("", "", "", e);
	assert_string_equal(out, e);
	assert_true(is_hex64(out));
}

/* ---- validators ---- */

static void test_validate_text(void **state)
{
	(void)state;
	assert_int_equal(validate_text("hello", 1, 10, 0), 0);
	assert_int_equal(validate_text("", 0, 10, 0), 0);
	assert_int_equal(validate_text("", 1, 10, 0), -1);
	assert_int_equal(validate_text("0123456789", 1, 10, 0), 0);
	assert_int_equal(validate_text("0123456789a", 1, 10, 0), -1);
	assert_int_equal(validate_text("あ", 3, 3, 0), 0); /* bytes, not characters */
	assert_int_equal(validate_text("a\tb", 1, 10, 0), 0);
	assert_int_equal(validate_text("a\nb", 1, 10, 0), -1);
	assert_int_equal(validate_text("a\nb", 1, 10, 1), 0);
	assert_int_equal(validate_text("a\r\nb", 1, 10, 1), 0);
	assert_int_equal(validate_text("a\rb", 1, 10, 0), -1);
	assert_int_equal(validate_text("a\x01"
	                               "b",
	                               1, 10, 1),
	                 -1);
	assert_int_equal(validate_text("a\x1b[31m", 1, 10, 1), -1);
	assert_int_equal(validate_text("a\x7f", 1, 10, 1), -1);
	assert_int_equal(validate_text(NULL, 0, 10, 1), -1);
	assert_int_equal(validate_text_n("a\0b", 3, 1, 10, 1), -1); /* NUL inside */
	assert_int_equal(validate_text_n("abc", 3, 1, 10, 1), 0);
	assert_int_equal(validate_text("x", 0, (size_t)-1, 0), 0);
}

static void test_validate_utf8(void **state)
{
	(void)state;
	const char *good[] = {"",         "ascii",        "日本語",          "\xf0\x9f\x94\xa5",
	                      "\xc2\x80", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(validate_utf8(good[i], strlen(good[i])), 0);
	const char *bad[] = {"\xff",     "\x80", "\xc0\xaf", "\xe0\x80\xaf",        "\xed\xa0\x80", "\xf4\x90\x80\x80",
	                     "\xe6\x97", "\xc3", "a\xc3(",   "\xf8\x88\x80\x80\x80"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (validate_utf8(bad[i], strlen(bad[i])) != -1)
			fail_msg("accepted bad UTF-8 #%zu", i);
}

static void test_validate_login(void **state)
{
	(void)state;
	const char *good[] = {"ab",  "yamada.taro", "soc-01",
	                      "a_b", "0day",        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (validate_login(good[i]) != 0)
			fail_msg("rejected %s", good[i]);
	const char *bad[] = {"",
	                     "a",
	                     "Yamada",
	                     ".abc",
	                     "-abc",
	                     "_abc",
	                     "a b",
	                     "a@b",
	                     "山田",
	                     "a/b",
	                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (validate_login(bad[i]) != -1)
			fail_msg("accepted %s", bad[i]);
	assert_int_equal(validate_login(NULL), -1);
}

static void test_validate_email(void **state)
{
	(void)state;
	const char *good[] = {"csirt@example.co.jp", "a@b.c", "first.last+tag@sub.example.org", "x@xn--wgv71a.jp"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (validate_email(good[i]) != 0)
			fail_msg("rejected %s", good[i]);
	const char *bad[] = {"",       "plain",   "@example.com", "a@",      "a@example",
	                     "a@@b.c", "a@b@c.d", "a b@c.d",      "a@b.c ",  "a@.b.c",
	                     "a@b.c.", "a@b..c",  "a\t@b.c",      "a\n@b.c", "a@b\x7f.c"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (validate_email(bad[i]) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	char longest[256];
	memset(longest, 'a', sizeof longest);
	memcpy(longest + 254 - 6, "@b.com", 6);
	longest[254] = '\0';
	assert_int_equal(validate_email(longest), 0);
	memset(longest, 'a', sizeof longest);
	memcpy(longest + 255 - 6, "@b.com", 6);
	longest[255] = '\0';
	assert_int_equal(validate_email(longest), -1);
	assert_int_equal(validate_email(NULL), -1);
}

static void test_validate_tz_lang(void **state)
{
	(void)state;
	const char *good[] = {"Asia/Tokyo", "UTC",        "America/Argentina/Buenos_Aires",
	                      "Etc/GMT+9",  "Etc/GMT-14", "EST5EDT"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (validate_time_zone(good[i]) != 0)
			fail_msg("rejected %s", good[i]);
	const char *bad[] = {"",
	                     "Asia/Tokyo ",
	                     "../etc/passwd",
	                     "/etc/localtime",
	                     "Asia//Tokyo",
	                     "Asia/",
	                     "東京",
	                     "Asia\\Tokyo",
	                     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (validate_time_zone(bad[i]) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(validate_time_zone(NULL), -1);

	assert_int_equal(validate_lang("ja"), 0);
	assert_int_equal(validate_lang("en"), 0);
	assert_int_equal(validate_lang("JA"), -1);
	assert_int_equal(validate_lang("ja-JP"), -1);
	assert_int_equal(validate_lang(""), -1);
	assert_int_equal(validate_lang(NULL), -1);
}

/* The one HTML/XML escaper: the five specials as entities, controls that
 * XML cannot carry dropped, NUL-safe by length, UTF-8 untouched, bounded. */
static void test_escape_html(void **state)
{
	(void)state;
	struct buf b;
	static const char in[] = "<a href='x'>\"&\"</a>\x01\x1b\x7f\t\n\r 火消し";
	buf_init(&b, 4096);
	assert_int_equal(buf_escape_html(&b, in, sizeof(in) - 1), 0);
	assert_string_equal(b.data, "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;\t\n\r 火消し");
	buf_reset(&b);
	assert_int_equal(buf_escape_html(&b, "a\0<b", 4), 0); /* by length, past the NUL it drops */
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "a&lt;b", 6);
	buf_free(&b);
	buf_init(&b, 8);
	assert_int_equal(buf_escape_html(&b, "<<<", 3), -1); /* over the maximum: an error, not a cut */
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_tlp),
	        cmocka_unit_test(test_escape_html),
	        cmocka_unit_test(test_pap),
	        cmocka_unit_test(test_report_names),
	        cmocka_unit_test(test_report_transitions),
	        cmocka_unit_test(test_fingerprint_same),
	        cmocka_unit_test(test_fingerprint_differs),
	        cmocka_unit_test(test_fingerprint_known_value),
	        cmocka_unit_test(test_validate_text),
	        cmocka_unit_test(test_validate_utf8),
	        cmocka_unit_test(test_validate_login),
	        cmocka_unit_test(test_validate_email),
	        cmocka_unit_test(test_validate_tz_lang),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
