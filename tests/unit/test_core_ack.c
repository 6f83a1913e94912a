/*
 * test_core_ack.c - unit tests for the point of contact's mail rules:
 * when an automatic reply is suppressed (RFC 3834 loop protection), mail
 * address checks, language detection, the acknowledgement texts, subject
 * tags that thread replies, and the escaped HTML form of a mail body.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/ack.h"

static void test_suppress_reasons(void **state)
{
	(void)state;
	const char *team = "csirt@example.jp";
	assert_null(ack_suppress_reason("<a@b.example>", NULL, NULL, NULL, "a@b.example", team));
	assert_null(ack_suppress_reason("", "no", "", "", "a@b.example", team));
	assert_null(ack_suppress_reason(NULL, " No ", NULL, NULL, "a@b.example", team));
	assert_string_equal(ack_suppress_reason("<>", NULL, NULL, NULL, "a@b.example", team), "bounce");
	assert_string_equal(ack_suppress_reason(" <> ", NULL, NULL, NULL, "a@b.example", team), "bounce");
	assert_string_equal(ack_suppress_reason(NULL, "auto-replied", NULL, NULL, "a@b.example", team),
	                    "auto-submitted");
	assert_string_equal(ack_suppress_reason(NULL, "auto-generated; x=1", NULL, NULL, "a@b.example", team),
	                    "auto-submitted");
	assert_string_equal(ack_suppress_reason(NULL, NULL, "bulk", NULL, "a@b.example", team), "bulk");
	assert_string_equal(ack_suppress_reason(NULL, NULL, "List", NULL, "a@b.example", team), "bulk");
	assert_string_equal(ack_suppress_reason(NULL, NULL, "junk", NULL, "a@b.example", team), "bulk");
	assert_null(ack_suppress_reason(NULL, NULL, "first-class", NULL, "a@b.example", team));
	assert_string_equal(ack_suppress_reason(NULL, NULL, NULL, "<ml.example.org>", "a@b.example", team), "list");
	assert_string_equal(ack_suppress_reason(NULL, NULL, NULL, NULL, "MAILER-DAEMON@mx.example", team), "bounce");
	assert_string_equal(ack_suppress_reason(NULL, NULL, NULL, NULL, "postmaster@mx.example", team), "bounce");
	assert_null(ack_suppress_reason(NULL, NULL, NULL, NULL, "postmasters@mx.example", team));
	assert_string_equal(ack_suppress_reason(NULL, NULL, NULL, NULL, "CSIRT@example.jp", team), "own-address");
	assert_string_equal(ack_suppress_reason(NULL, NULL, NULL, NULL, "", team), "no-address");
	assert_string_equal(ack_suppress_reason(NULL, NULL, NULL, NULL, NULL, team), "no-address");
	assert_string_equal(ack_suppress_reason(NULL, NULL, NULL, NULL, "090-1234-5678", team), "no-address");
}

static void test_address_ok(void **state)
{
	(void)state;
	static const char *const good[] = {"a@b.jp", "taro.yamada+csirt@example.co.jp", "x_y-z@sub.example.com"};
	static const char *const bad[] = {"",         "a",          "a@b",
	                                  "@b.jp",    "a@.jp",      "a@b.",
	                                  "a@@b.jp",  "a b@c.jp",   "a@b.jp\r\nBcc: x@y.z",
	                                  "<a@b.jp>", "\"a\"@b.jp", "a@b.jp,c@d.jp",
	                                  "a@b;c.jp"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(ack_address_ok(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(ack_address_ok(bad[i]));
	char long_addr[300];
	memset(long_addr, 'a', sizeof long_addr);
	memcpy(long_addr + 250, "@b.jp", 6);
	assert_false(ack_address_ok(long_addr));
}

static void test_japanese_detection(void **state)
{
	(void)state;
	assert_true(ack_text_is_japanese("不審なメール"));
	assert_true(ack_text_is_japanese("Re: ご報告"));
	assert_true(ack_text_is_japanese("カタカナ"));
	assert_false(ack_text_is_japanese("Phishing report"));
	assert_false(ack_text_is_japanese("Ünïcödé ½"));
	assert_false(ack_text_is_japanese(""));
	assert_false(ack_text_is_japanese(NULL));
}

static void test_compose(void **state)
{
	(void)state;
	char *s, *b;
	assert_int_equal(ack_compose("ja", "テストCSIRT", "RPT-2026-00042", "不審なメール", &s, &b), 0);
	assert_string_equal(s, "[RPT-2026-00042] ご報告を受け付けました / Report received");
	assert_null(strstr(b, "不審なメール")); /* never relays the sender's words */
	assert_non_null(strstr(b, "受付番号: RPT-2026-00042"));
	assert_non_null(strstr(b, "テストCSIRT"));
	assert_non_null(strstr(b, "Tracking number: RPT-2026-00042"));
	free(s);
	free(b);
	assert_int_equal(ack_compose("en", "", "RPT-2026-00001", "", &s, &b), 0);
	assert_string_equal(s, "[RPT-2026-00001] Your report has been received");
	assert_non_null(strstr(b, "CSIRT"));
	assert_null(strstr(b, "受付"));
	free(s);
	free(b);
	/* attacker text (a phishing line, header injection) never reaches the ack */
	assert_int_equal(ack_compose("ja", "CSIRT", "RPT-2026-00002",
	                             "Click http://phish.example/x\r\nBcc: x@evil.example", &s, &b),
	                 0);
	assert_null(strstr(s, "phish"));
	assert_null(strstr(b, "phish"));
	assert_null(strchr(s, '\r'));
	assert_null(strchr(s, '\n'));
	free(s);
	free(b);
}

static void test_tags(void **state)
{
	(void)state;
	char key[64];
	assert_int_equal(ack_subject_tag("Re: [RPT-2026-00042] ご報告を受け付けました", key, sizeof key), 1);
	assert_string_equal(key, "RPT-2026-00042");
	assert_int_equal(ack_subject_tag("[ext] [INC-2025-123456] 続報", key, sizeof key), 1);
	assert_string_equal(key, "INC-2025-123456");
	assert_int_equal(ack_subject_tag("[TAG-2026-00001] other prefix", key, sizeof key), 0);
	assert_int_equal(ack_subject_tag("RPT-2026-00042 without brackets", key, sizeof key), 0);
	assert_int_equal(ack_subject_tag("[RPT-2026-0042]", key, sizeof key), 0);
	assert_int_equal(ack_subject_tag("[RPT-2026-00042", key, sizeof key), 0);
	assert_int_equal(ack_subject_tag("", key, sizeof key), 0);
	assert_int_equal(ack_subject_tag(NULL, key, sizeof key), 0);
	char *s = ack_tag_subject("INC-2026-00007", "調査依頼");
	assert_string_equal(s, "[INC-2026-00007] 調査依頼");
	free(s);
	s = ack_tag_subject("INC-2026-00007", "Re: [INC-2026-00007] 調査依頼");
	assert_string_equal(s, "Re: [INC-2026-00007] 調査依頼");
	free(s);
	s = ack_tag_subject("INC-2026-00007", "a\r\nBcc: x@y.z");
	assert_string_equal(s, "[INC-2026-00007] a  Bcc: x@y.z");
	free(s);
}

static void test_dmarc_pass(void **state)
{
	(void)state;
	const char *id = "mx.example.jp";
	assert_true(ack_dmarc_pass("mx.example.jp; spf=pass smtp.mailfrom=a.example; dmarc=pass header.from=a.example",
	                           id));
	assert_true(ack_dmarc_pass("other.example; dmarc=fail\n mx.example.jp;\tdmarc=pass (p=reject)", id));
	assert_true(ack_dmarc_pass("MX.EXAMPLE.JP 1; DMARC=PASS", id));
	assert_false(ack_dmarc_pass("mx.example.jp; dmarc=fail header.from=a.example", id));
	assert_false(ack_dmarc_pass("mx.example.jp; dmarc=passing", id));
	assert_false(ack_dmarc_pass("mx.example.jp; spf=pass; x-dmarc=pass", id));
	assert_false(ack_dmarc_pass("mx.example.jp.evil.example; dmarc=pass", id)); /* another server's claim */
	assert_false(ack_dmarc_pass("evil.example; dmarc=pass", id));
	assert_false(ack_dmarc_pass("mx.example.jp; dmarc=pass", ""));
	assert_false(ack_dmarc_pass("mx.example.jp; dmarc=pass", NULL));
	assert_false(ack_dmarc_pass(NULL, id));
	assert_false(ack_dmarc_pass("", id));
}

static void test_text_html(void **state)
{
	(void)state;
	char *h = ack_text_html("<script>alert('x')</script> & \"q\"");
	assert_string_equal(h, "<pre class=\"mail\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
	                       "&quot;q&quot;</pre>");
	free(h);
	h = ack_text_html(NULL);
	assert_string_equal(h, "<pre class=\"mail\"></pre>");
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_suppress_reasons),
	        cmocka_unit_test(test_address_ok),
	        cmocka_unit_test(test_japanese_detection),
	        cmocka_unit_test(test_compose),
	        cmocka_unit_test(test_tags),
	        cmocka_unit_test(test_text_html),
	        cmocka_unit_test(test_dmarc_pass),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
