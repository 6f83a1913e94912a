/*
 * Unit tests for the pure parts of src/intake/smtp.c and imap.c: composing
 * outgoing mail (checked by parsing the result back with mime_parse, so
 * the encoded Japanese subject and display name round-trip), refusing
 * header injection and unusable addresses, and the mailbox-name check.
 * Sending and the IMAP commands are tested against real servers in
 * tests/api/test_mailbox.py.
 */
#include "intake/imap.h"
#include "intake/mime.h"
#include "intake/smtp.h"

#include <gmime/gmime.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct smtp_message ack(void)
{
	struct smtp_message m = {
	        .from = "csirt@example.jp",
	        .from_name = "テストCSIRT 窓口",
	        .to = "taro@example.co.jp",
	        .subject = "[RPT-2026-00001] ご報告を受け付けました: 不審なメールを受信しました",
	        .body = "ご報告ありがとうございます。\n受付番号: RPT-2026-00001\n",
	        .message_id = "<abc123.hikeshi@example.jp>",
	        .in_reply_to = "orig@example.co.jp",
	        .refs = "<first@example.co.jp> orig@example.co.jp",
	        .auto_reply = 1,
	        .date = 1795000000,
	};
	return m;
}

static void test_compose_round_trip(void **state)
{
	(void)state;
	struct smtp_message m = ack();
	char *out = NULL, err[256] = "";
	size_t len = 0;
	assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), 0);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	/* 7-bit headers with CRLF endings */
	const char *end = strstr(out, "\r\n\r\n");
	assert_non_null(end);
	for (const char *p = out; p < end; p++) {
		assert_true((unsigned char)*p < 0x80);
		if (*p == '\n')
			assert_true(p > out && p[-1] == '\r');
	}
	assert_non_null(strstr(out, "Auto-Submitted: auto-replied\r\n"));
	assert_non_null(strstr(out, "X-Auto-Response-Suppress: All\r\n"));
	assert_non_null(strstr(out, "In-Reply-To: <orig@example.co.jp>\r\n"));
	assert_non_null(strstr(out, "References: <first@example.co.jp> <orig@example.co.jp>\r\n"));
	assert_non_null(strstr(out, "charset=UTF-8"));
	assert_non_null(strstr(out, "Content-Transfer-Encoding: base64"));

	struct mime_message *pm = NULL;
	assert_int_equal(mime_parse(out, len, NULL, &pm), MIME_OK);
	assert_string_equal(pm->subject, m.subject);
	assert_string_equal(pm->from_address, "csirt@example.jp");
	assert_non_null(strstr(pm->from, "テストCSIRT 窓口"));
	assert_non_null(strstr(pm->message_id, "abc123.hikeshi@example.jp"));
	assert_non_null(strstr(pm->in_reply_to, "orig@example.co.jp"));
	assert_string_equal(pm->auto_submitted, "auto-replied");
	assert_non_null(strstr(pm->body_text, "受付番号: RPT-2026-00001"));
	assert_int_equal(pm->date, 1795000000);
	mime_message_free(pm);
	free(out);
}

static void test_compose_refuses_injection(void **state)
{
	(void)state;
	const char *bad[] = {"x\r\nBcc: evil@example.org", "x\nBcc: evil@example.org", "x\rBcc: e@example.org"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct smtp_message m = ack();
		char *out = (char *)1, err[256] = "";
		size_t len = 1;
		m.subject = bad[i];
		assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), -1);
		assert_null(out);
		assert_non_null(strstr(err, "subject"));
		m = ack();
		m.from_name = bad[i];
		assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), -1);
		m = ack();
		m.in_reply_to = bad[i];
		assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), -1);
	}
	struct smtp_message m = ack();
	char *out = NULL, err[256] = "";
	size_t len = 0;
	m.to = "a@b.example, c@d.example";
	assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "to"));
	m = ack();
	m.message_id = "";
	assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), -1);
	m = ack();
	m.refs = "ok@example.org 日本@example.jp";
	assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), -1);
	m = ack();
	m.subject = "\xff\xfe not UTF-8";
	assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), -1);
	/* no auto headers on a normal message */
	m = ack();
	m.auto_reply = 0;
	m.in_reply_to = NULL;
	m.refs = NULL;
	assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), 0);
	assert_null(strstr(out, "Auto-Submitted"));
	assert_null(strstr(out, "In-Reply-To"));
	free(out);
}

static void test_addresses_and_mailboxes(void **state)
{
	(void)state;
	assert_true(smtp_address_ok("taro@example.co.jp"));
	assert_true(smtp_address_ok("a.b+c@xn--wgv71a.jp"));
	assert_false(smtp_address_ok(""));
	assert_false(smtp_address_ok("no-at-sign"));
	assert_false(smtp_address_ok("@example.jp"));
	assert_false(smtp_address_ok("a@"));
	assert_false(smtp_address_ok("a b@example.jp"));
	assert_false(smtp_address_ok("<a@example.jp>"));
	assert_false(smtp_address_ok("a@example.jp\r\nRCPT TO:<x@y>"));
	assert_true(imap_mailbox_ok("INBOX"));
	assert_true(imap_mailbox_ok("Processed/2026 done"));
	assert_false(imap_mailbox_ok(""));
	assert_false(imap_mailbox_ok("a\"b"));
	assert_false(imap_mailbox_ok("a\\b"));
	assert_false(imap_mailbox_ok("*"));
	assert_false(imap_mailbox_ok("a\r\nA1 LOGOUT"));
	assert_false(imap_mailbox_ok("受信箱"));
}

/* A report PDF travels as a base64 attachment with its Japanese file name
 * encoded, and parses back (GMime) to the same bytes; bad files are
 * refused with a sentence. */
static void test_compose_attachment(void **state)
{
	(void)state;
	unsigned char pdf[3000];
	for (size_t i = 0; i < sizeof(pdf); i++)
		pdf[i] = (unsigned char)(i * 7);
	struct smtp_attachment a = {"月次報告 2026-10.pdf", "application/pdf", pdf, sizeof(pdf)};
	struct smtp_message m = ack();
	m.attachments = &a;
	m.nattachments = 1;
	char *out = NULL, err[256] = "";
	size_t len = 0;
	assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), 0);
	assert_non_null(strstr(out, "multipart/mixed"));
	assert_non_null(strstr(out, "Content-Type: application/pdf"));
	assert_non_null(strstr(out, "Content-Disposition: attachment"));
	assert_null(strstr(out, "月次報告")); /* encoded, never raw 8-bit in a header */

	GMimeStream *st = g_mime_stream_mem_new_with_buffer(out, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(st);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
	assert_non_null(msg);
	GMimeObject *top = g_mime_message_get_mime_part(msg);
	assert_true(GMIME_IS_MULTIPART(top));
	assert_int_equal(g_mime_multipart_get_count(GMIME_MULTIPART(top)), 2);
	GMimePart *part = GMIME_PART(g_mime_multipart_get_part(GMIME_MULTIPART(top), 1));
	assert_string_equal(g_mime_part_get_filename(part), "月次報告 2026-10.pdf");
	GByteArray *bytes = g_byte_array_new();
	GMimeStream *dst = g_mime_stream_mem_new_with_byte_array(bytes);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(dst), FALSE);
	g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(part), dst);
	assert_int_equal(bytes->len, sizeof(pdf));
	assert_memory_equal(bytes->data, pdf, sizeof(pdf));
	g_byte_array_free(bytes, TRUE);
	g_object_unref(dst);
	g_object_unref(msg);
	g_object_unref(parser);
	g_object_unref(st);
	free(out);

	const struct smtp_attachment bad[] = {
	        {"", "application/pdf", pdf, 1},
	        {"a\r\nBcc: x@example.jp", "application/pdf", pdf, 1},
	        {"../../etc/passwd", "application/pdf", pdf, 1},
	        {"r.pdf", "application/pdf\r\nX: y", pdf, 1},
	        {"r.pdf", "pdf", pdf, 1},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m.attachments = &bad[i];
		out = NULL;
		err[0] = '\0';
		assert_int_equal(smtp_compose(&m, &out, &len, err, sizeof(err)), -1);
		assert_null(out);
		assert_true(err[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_compose_round_trip),
	        cmocka_unit_test(test_compose_refuses_injection),
	        cmocka_unit_test(test_addresses_and_mailboxes),
	        cmocka_unit_test(test_compose_attachment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
