/*
 * Unit tests for src/intake/mime.c (issue 4). Hand-written fixtures in
 * tests/fixtures/mail/ pin the essential cases with exact expectations
 * (CP50220 Japanese, Shift_JIS, RFC 2231 and folded RFC 2047, HTML-only,
 * no From, 30-level nesting, CR-only endings); a walk over the shared real
 * mail corpus (skipped when ../shared is absent) checks robustness: no
 * crash, valid UTF-8 everywhere, identical results for the LF, CRLF and CR
 * copies, and exact values for chosen corpus messages. Also: forwarded
 * messages appended to the body, libmagic types, a zip bomb only hashed.
 * Run from the repository root.
 */
#include "intake/mime.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#define FIXTURES "tests/fixtures/mail/"
#define CORPUS   "../shared/corpora/mail/"

/* Reads a whole file (at most 32 MiB, more than any fixture) or fails. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t cap = 1 << 16, n = 0;
	char *p = malloc(cap);
	assert_non_null(p);
	for (;;) {
		size_t r = fread(p + n, 1, cap - n, f);
		n += r;
		if (n < cap)
			break;
		assert_true(cap < (32u << 20));
		cap *= 2;
		p = realloc(p, cap);
		assert_non_null(p);
	}
	fclose(f);
	*len = n;
	return p;
}

static struct mime_message *parse_buf(const char *p, size_t n)
{
	struct mime_message *m = NULL;
	assert_int_equal(mime_parse(p, n, NULL, &m), MIME_OK);
	assert_non_null(m);
	return m;
}

static struct mime_message *parse_file(const char *path)
{
	size_t n;
	char *p = slurp(path, &n);
	struct mime_message *m = parse_buf(p, n);
	free(p);
	return m;
}

/* Strict UTF-8 check (no overlongs, surrogates or > U+10FFFF). */
static int valid_utf8(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		unsigned c = *u, k, cp;
		if (c < 0x80) {
			u++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, cp = c & 0x07;
		else
			return 0;
		for (unsigned i = 1; i <= k; i++) {
			if ((u[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (u[i] & 0x3F);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		u += k + 1;
	}
	return 1;
}

static void assert_all_utf8(const struct mime_message *m)
{
	const char *const s[] = {
	        m->subject,     m->from,           m->from_address, m->to,         m->cc,
	        m->date_raw,    m->message_id,     m->in_reply_to,  m->references, m->authentication_results,
	        m->return_path, m->auto_submitted, m->precedence,   m->list_id,    m->body_text};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
		assert_non_null(s[i]);
		assert_true(valid_utf8(s[i]));
	}
	for (size_t i = 0; i < m->nattachments; i++) {
		assert_true(valid_utf8(m->attachments[i].filename));
		assert_true(valid_utf8(m->attachments[i].declared_type));
		assert_non_null(m->attachments[i].detected_type);
		assert_true(valid_utf8(m->attachments[i].detected_type));
		assert_int_equal(strlen(m->attachments[i].sha256), 64);
	}
	json_t *j = mime_message_json(m);
	assert_non_null(j); /* jansson refuses invalid UTF-8 */
	json_decref(j);
}

/* The bytes of p with every LF turned into CRLF (crlf) or CR. */
static char *convert_eol(const char *p, size_t n, int crlf, size_t *out)
{
	char *q = malloc(2 * n + 1);
	assert_non_null(q);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n') {
			q[o++] = '\r';
			if (crlf)
				q[o++] = '\n';
		} else {
			q[o++] = p[i];
		}
	}
	*out = o;
	return q;
}

static char *json_of(const struct mime_message *m)
{
	json_t *j = mime_message_json(m);
	assert_non_null(j);
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	assert_non_null(s);
	return s;
}

/* ------------------------------------------------------------- fixtures */

static void test_iso2022jp_cp50220(void **state)
{
	(void)state;
	struct mime_message *m = parse_file(FIXTURES "iso2022jp-nec.eml");
	assert_string_equal(m->subject, "障害報告①②髙");
	assert_string_equal(m->from, "髙橋 <takahashi@example.jp>");
	assert_string_equal(m->from_address, "takahashi@example.jp");
	assert_string_equal(m->body_text, "①②（NEC特殊文字）と髙（IBM拡張）\nサーバが停止しました。\n");
	assert_string_equal(m->message_id, "<nec-1@example.jp>");
	assert_int_equal(m->date, 1772499600); /* 2026-03-03T01:00:00Z */
	assert_int_equal(m->body_from_html, 0);
	assert_int_equal(m->flags, 0);
	mime_message_free(m);
}

static void test_shift_jis_body(void **state)
{
	(void)state;
	struct mime_message *m = parse_file(FIXTURES "sjis-body.eml");
	assert_string_equal(m->subject, "不審なメール");
	assert_string_equal(m->body_text, "不審なメールを受信しました。①\n");
	assert_int_equal(m->flags, 0);
	mime_message_free(m);
}

static void test_rfc2231_filename(void **state)
{
	(void)state;
	struct mime_message *m = parse_file(FIXTURES "rfc2231-filename.eml");
	assert_string_equal(m->body_text, "see attachment");
	assert_int_equal(m->nattachments, 1);
	assert_string_equal(m->attachments[0].filename, "報告.pdf");
	assert_string_equal(m->attachments[0].declared_type, "application/pdf");
	assert_int_equal(m->attachments[0].size, 24);
	assert_string_equal(m->attachments[0].sha256,
	                    "6c3ed6ec43e4b23abf1b923cf40dacb5ffbfac01c1a1ab95ca91299fe5c66011");
	mime_message_free(m);
}

static void test_folded_rfc2047_subject(void **state)
{
	(void)state;
	/* the first encoded word ends in the middle of a UTF-8 character */
	struct mime_message *m = parse_file(FIXTURES "folded-subject.eml");
	assert_string_equal(m->subject, "インシデント報告: 不正アクセス 発生");
	assert_string_equal(m->from, "\"Incident Desk\" <desk@example.net>");
	assert_string_equal(m->from_address, "desk@example.net");
	assert_int_equal(m->flags, 0);
	mime_message_free(m);
}

static void test_html_only(void **state)
{
	(void)state;
	struct mime_message *m = parse_file(FIXTURES "html-only.eml");
	assert_int_equal(m->body_from_html, 1);
	assert_string_equal(m->body_text, "Hello & welcome\n\nLine two <b> ☺ ©\n\ncafé");
	assert_null(strstr(m->body_text, "alert"));
	assert_null(strstr(m->body_text, "document"));
	assert_null(strstr(m->body_text, "color"));
	assert_null(strstr(m->body_text, "hidden"));
	mime_message_free(m);
}

static void test_no_from(void **state)
{
	(void)state;
	struct mime_message *m = parse_file(FIXTURES "no-from.eml");
	assert_string_equal(m->from, "");
	assert_string_equal(m->from_address, "");
	assert_true(m->flags & MIME_NO_FROM);
	assert_string_equal(m->subject, "anonymous");
	assert_string_equal(m->body_text, "no sender here\n");
	assert_string_equal(m->cc, "");
	assert_int_equal(m->date, 1772784000);
	mime_message_free(m);
}

static void test_nested_30(void **state)
{
	(void)state;
	struct mime_message *m = parse_file(FIXTURES "nested-30.eml");
	assert_true(m->flags & MIME_TOO_DEEP);
	assert_string_equal(m->body_text, ""); /* the text sits at depth 30 */
	assert_int_equal(m->nattachments, 1);  /* the one at depth 1 is kept */
	assert_string_equal(m->attachments[0].filename, "top.bin");
	assert_int_equal(m->attachments[0].size, 3);
	assert_string_equal(m->attachments[0].sha256,
	                    "07b4ed8e4e4eadcc7ffe05d41b5717255ae72a4881893e1d69e13889631c846f");
	/* with a deeper limit the innermost text is reached */
	struct mime_limits l;
	mime_limits_default(&l);
	l.max_depth = 40;
	size_t n;
	char *p = slurp(FIXTURES "nested-30.eml", &n);
	struct mime_message *d = NULL;
	assert_int_equal(mime_parse(p, n, &l, &d), MIME_OK);
	assert_false(d->flags & MIME_TOO_DEEP);
	assert_string_equal(d->body_text, "innermost text\n");
	mime_message_free(d);
	free(p);
	mime_message_free(m);
}

static void test_cr_only(void **state)
{
	(void)state;
	struct mime_message *m = parse_file(FIXTURES "cr-only.eml");
	assert_string_equal(m->subject, "CR行末");
	assert_string_equal(m->from_address, "mac@example.com");
	assert_string_equal(m->body_text, "line one\nline two\n");
	assert_int_equal(m->date, 1772866800);
	mime_message_free(m);
}

/* Every fixture gives the same JSON whatever its line endings. */
static void test_line_endings_equivalent(void **state)
{
	(void)state;
	static const char *const names[] = {"iso2022jp-nec.eml",  "sjis-body.eml",    "rfc2231-filename.eml",
	                                    "folded-subject.eml", "html-only.eml",    "no-from.eml",
	                                    "nested-30.eml",      "forwarded-ja.eml", "octet-stream-types.eml"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[256];
		snprintf(path, sizeof path, FIXTURES "%s", names[i]);
		size_t n, n2, n3;
		char *lf = slurp(path, &n);
		char *crlf = convert_eol(lf, n, 1, &n2), *cr = convert_eol(lf, n, 0, &n3);
		struct mime_message *a = parse_buf(lf, n), *b = parse_buf(crlf, n2), *c = parse_buf(cr, n3);
		char *ja = json_of(a), *jb = json_of(b), *jc = json_of(c);
		assert_string_equal(ja, jb);
		assert_string_equal(ja, jc);
		free(ja), free(jb), free(jc);
		mime_message_free(a), mime_message_free(b), mime_message_free(c);
		free(lf), free(crlf), free(cr);
	}
}

static void test_limits(void **state)
{
	(void)state;
	size_t n;
	char *p = slurp(FIXTURES "rfc2231-filename.eml", &n);
	struct mime_limits l;
	struct mime_message *m = NULL;

	mime_limits_default(&l);
	assert_int_equal(l.max_total, 25u * 1024 * 1024);
	assert_int_equal(l.max_parts, 200);
	assert_int_equal(l.max_depth, 20);
	assert_int_equal(l.max_header, 64u * 1024);

	l.max_parts = 2; /* the multipart and the text: the PDF is skipped */
	assert_int_equal(mime_parse(p, n, &l, &m), MIME_OK);
	assert_true(m->flags & MIME_TOO_MANY_PARTS);
	assert_int_equal(m->nattachments, 0);
	assert_string_equal(m->body_text, "see attachment");
	mime_message_free(m);

	mime_limits_default(&l);
	l.max_total = 60; /* inside the headers */
	assert_int_equal(mime_parse(p, n, &l, &m), MIME_OK);
	assert_true(m->flags & MIME_TRUNCATED);
	assert_string_equal(m->from_address, "reporter@example.com");
	assert_all_utf8(m);
	mime_message_free(m);

	mime_limits_default(&l);
	l.max_header = 6;
	assert_int_equal(mime_parse(p, n, &l, &m), MIME_OK);
	assert_true(m->flags & MIME_HEADER_TRUNCATED);
	assert_string_equal(m->subject, "report");
	mime_message_free(m);

	assert_int_equal(mime_parse(p, 0, NULL, &m), MIME_EMPTY);
	assert_null(m);
	free(p);
	assert_string_equal(mime_strerror(MIME_NOMEM), "out of memory");
}

static void test_garbage_and_json(void **state)
{
	(void)state;
	static const char junk[] = "\xff\xfe\x00\x1b$B\x80Subject: =?x?B?@@?=\r\n\r\n\xc3(";
	struct mime_message *m = parse_buf(junk, sizeof junk - 1);
	assert_all_utf8(m);
	mime_message_free(m);

	static const char bad8[] = "From: a@b\nSubject: caf\xe9 =?unknown-cs?Q?x=FFy?=\n\nbody \xff\n";
	m = parse_buf(bad8, sizeof bad8 - 1);
	assert_all_utf8(m);
	assert_string_equal(m->subject, "café xÿy"); /* unknown charset: guessed as Windows-1252 */
	assert_true(m->flags & MIME_BAD_CHARSET);
	json_t *j = mime_message_json(m);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "subject")), m->subject);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "flags"), 0)), "bad_charset");
	json_decref(j);
	mime_message_free(m);
	mime_message_free(NULL);
}

#define FWD_SEP "----- 転送されたメッセージ / Forwarded message -----\n"

/* A forward (message/rfc822) whose Japanese subject and body are
 * ISO-2022-JP: headers and text of the enclosed mail follow the body. */
static void test_forwarded_rfc822(void **state)
{
	(void)state;
	struct mime_message *m = parse_file(FIXTURES "forwarded-ja.eml");
	assert_string_equal(m->subject, "Fwd: suspicious mail");
	assert_string_equal(m->body_text, "不審なメールを転送します。\n\n" FWD_SEP "From: 山田 <yamada@example.co.jp>\n"
	                                  "Subject: 【至急】請求書の送付\n"
	                                  "Date: Mon, 2 Mar 2026 09:15:00 +0900\n"
	                                  "Message-ID: <orig-42@example.co.jp>\n"
	                                  "\n"
	                                  "添付ファイルを開いてしまいました。\n至急確認してください。\n");
	assert_int_equal(m->nattachments, 1);
	assert_string_equal(m->attachments[0].declared_type, "message/rfc822");
	assert_string_equal(m->attachments[0].detected_type, "message/rfc822");
	assert_int_equal(m->flags, 0);
	json_t *j = mime_message_json(m);
	json_t *a = json_array_get(json_object_get(j, "attachments"), 0);
	assert_string_equal(json_string_value(json_object_get(a, "detected_type")), "message/rfc822");
	json_decref(j);
	mime_message_free(m);

	/* the forward sits at depth 2: with max_depth 1 it is kept as an
	 * attachment but not opened, and the message says so */
	struct mime_limits l;
	mime_limits_default(&l);
	l.max_depth = 1;
	size_t n;
	char *p = slurp(FIXTURES "forwarded-ja.eml", &n);
	assert_int_equal(mime_parse(p, n, &l, &m), MIME_OK);
	assert_true(m->flags & MIME_TOO_DEEP);
	assert_int_equal(m->nattachments, 1);
	assert_null(strstr(m->body_text, "Forwarded message"));
	mime_message_free(m);
	free(p);
}

/* libmagic names what application/octet-stream really is. */
static void test_detected_types(void **state)
{
	(void)state;
	struct mime_message *m = parse_file(FIXTURES "octet-stream-types.eml");
	assert_int_equal(m->nattachments, 3);
	static const char *const want[] = {"image/png", "application/zip", "application/pdf"};
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(m->attachments[i].declared_type, "application/octet-stream");
		assert_string_equal(m->attachments[i].detected_type, want[i]);
	}
	assert_string_equal(m->attachments[0].sha256,
	                    "b1ff9c8ea3a780bad09b346c423d2d0e46815926879b18e841d928376a946640");
	assert_int_equal(m->attachments[2].size, 142);
	mime_message_free(m);
}

/* A zip holding 64 MiB of zeros (a 1000:1 bomb) is typed and hashed as the
 * 64 KiB it is, never inflated. */
static void test_zip_bomb_not_unpacked(void **state)
{
	(void)state;
	struct mime_message *m = parse_file(FIXTURES "zipbomb.eml");
	assert_int_equal(m->nattachments, 1);
	assert_string_equal(m->attachments[0].filename, "invoice.zip");
	assert_string_equal(m->attachments[0].detected_type, "application/zip");
	assert_int_equal(m->attachments[0].size, 65348);
	assert_string_equal(m->attachments[0].sha256,
	                    "4afa65e1970620a20921d912807754b4a1d2769bcfe11c0eaea346704c8020b0");
	assert_string_equal(m->body_text, "see attached\n");
	mime_message_free(m);
}

/* What hikeshi mailgate prepends to a message over 32 MiB. */
/* Inputs that made GMime itself slow or huge before we defused them (found
 * in review): an "=?" that never closes repeated over a long header (work
 * grew with the square of its length), and a body of nothing but boundary
 * lines (GMime built every part: gigabytes). Both must parse, keep what
 * can be read, and say what was cut. A regression shows as a hang. */
static void test_gmime_pathological_inputs(void **state)
{
	(void)state;
	size_t n = 512 * 1024;
	char *b = malloc(n + 256);
	assert_non_null(b);
	size_t o = (size_t)sprintf(b, "From: a@b.example\nSubject: ");
	while (o + 8 < n)
		o += (size_t)sprintf(b + o, "=?a?B?x");
	o += (size_t)sprintf(b + o, "\n\nbody text\n");
	struct mime_message *m = NULL;
	assert_int_equal(mime_parse(b, o, NULL, &m), MIME_OK);
	assert_string_equal(m->from_address, "a@b.example");
	assert_non_null(strstr(m->body_text, "body text"));
	mime_message_free(m);

	o = (size_t)sprintf(b, "From: c@d.example\nMIME-Version: 1.0\n"
	                       "Content-Type: multipart/mixed; boundary=\"X\"\n\nfirst\n");
	while (o + 8 < n)
		o += (size_t)sprintf(b + o, "--X\n\n");
	m = NULL;
	assert_int_equal(mime_parse(b, o, NULL, &m), MIME_OK);
	assert_true(m->flags & MIME_TOO_MANY_PARTS);
	assert_string_equal(m->from_address, "c@d.example");
	mime_message_free(m);

	/* a well-formed encoded word ending in base64 padding is not defused */
	static const char ok[] = "From: e@f.example\nSubject: =?UTF-8?B?44GC?= =?UTF-8?B?Q1I=?=\n\nx\n";
	assert_int_equal(mime_parse(ok, sizeof ok - 1, NULL, &m), MIME_OK);
	assert_string_equal(m->subject, "あCR");
	mime_message_free(m);
	free(b);
}

static void test_mailgate_truncated_header(void **state)
{
	(void)state;
	static const char msg[] = "X-Hikeshi-Truncated: 41943040\nFrom: a@example.com\nSubject: big\n\nbody\n";
	struct mime_message *m = parse_buf(msg, sizeof msg - 1);
	assert_true(m->flags & MIME_TRUNCATED);
	assert_string_equal(m->from_address, "a@example.com");
	mime_message_free(m);
}

/* --------------------------------------------------------------- corpus */

static int have_corpus(void)
{
	struct stat st;
	return stat(CORPUS "bsd", &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_corpus_walk(void **state)
{
	(void)state;
	if (!have_corpus())
		skip();
	DIR *d = opendir(CORPUS "bsd");
	assert_non_null(d);
	struct dirent *e;
	size_t count = 0, copies = 0; /* dos/ and mac/ hold copies of a subset */
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *subj = NULL;
		static const char *const dirs[] = {"bsd", "dos", "mac"};
		for (size_t k = 0; k < 3; k++) {
			char path[512];
			snprintf(path, sizeof path, CORPUS "%s/%s", dirs[k], e->d_name);
			struct stat st;
			if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			struct mime_message *m = parse_file(path);
			assert_all_utf8(m);
			if (!subj) {
				subj = strdup(m->subject);
				assert_non_null(subj);
			} else if (copies++, strcmp(subj, m->subject) != 0) {
				fail_msg("%s: subject differs from the LF copy: \"%s\" vs \"%s\"", path, m->subject,
				         subj);
			}
			mime_message_free(m);
			count++;
		}
		free(subj);
	}
	closedir(d);
	assert_true(count > 600);
	assert_true(copies >= 100);
}

static void test_corpus_iso2022jp(void **state)
{
	(void)state;
	if (!have_corpus())
		skip();
	/* ISO-2022-JP split into two encoded words in the middle of a JIS
	 * character, with a stray LF inside the second word */
	struct mime_message *m = parse_file(CORPUS "bsd/lhost-exchange2007-04.eml");
	assert_string_equal(m->subject, "Undeliverable: キジトラ・フラッシュ/ニャーン");
	assert_string_equal(m->from_address, "postmaster@example.jp");
	assert_int_equal(m->date, 1493476485);
	assert_int_equal(m->nattachments, 2);
	assert_string_equal(m->attachments[1].declared_type, "message/rfc822");
	mime_message_free(m);
}

static void test_corpus_shift_jis(void **state)
{
	(void)state;
	if (!have_corpus())
		skip();
	/* The returned headers in lhost-postfix-09 carry a subject labelled
	 * ISO-2022-JP whose bytes are really Shift_JIS. Parse that header
	 * block (the text/rfc822-headers part) on its own. */
	size_t n;
	char *p = slurp(CORPUS "bsd/lhost-postfix-09.eml", &n);
	struct mime_message *outer = parse_buf(p, n);
	assert_int_equal(outer->nattachments, 2);
	assert_string_equal(outer->attachments[1].declared_type, "text/rfc822-headers");
	mime_message_free(outer);
	static const char mark[] = "Content-Type: text/rfc822-headers\n\n";
	char *h = strstr(p, mark);
	assert_non_null(h);
	h += sizeof mark - 1;
	struct mime_message *m = parse_buf(h, strlen(h));
	assert_string_equal(m->subject, "■緊急値下げ！！■映画・アニメ・スポーツ・音楽♪視聴料無料で見放題■");
	assert_string_equal(m->from_address, "kijitora@example.ne.jp");
	assert_string_equal(m->return_path, "<kijitora@example.ne.jp>");
	mime_message_free(m);
	free(p);
}

static void test_corpus_arf(void **state)
{
	(void)state;
	if (!have_corpus())
		skip();
	struct mime_message *m = parse_file(CORPUS "bsd/arf-01.eml");
	assert_string_equal(m->subject, "Email Feedback Report for IP 192.0.2.");
	assert_string_equal(m->from_address, "kijitora@example.co.jp");
	assert_string_equal(m->message_id, "<000000000000000.000000000000@x34.mx.example.net>");
	assert_int_equal(m->date, 1240963200);
	assert_non_null(strstr(m->body_text, "This is an email abuse report"));
	assert_int_equal(m->nattachments, 2);
	assert_string_equal(m->attachments[0].declared_type, "message/feedback-report");
	assert_string_equal(m->attachments[1].declared_type, "message/rfc822");
	/* the reported message follows the report's text */
	const char *fwd = strstr(m->body_text, FWD_SEP);
	assert_non_null(fwd);
	assert_non_null(strstr(fwd, "From: \"Email Abuse\" <abuse@example.ed.jp>\nSubject: Kijitora cat family\n"));
	assert_non_null(strstr(fwd, "\n\ntest"));
	mime_message_free(m);
}

/* A bounce's returned header block (text/rfc822-headers) with a Shift_JIS
 * subject mislabelled ISO-2022-JP: decoded into the body. */
static void test_corpus_returned_headers(void **state)
{
	(void)state;
	if (!have_corpus())
		skip();
	struct mime_message *m = parse_file(CORPUS "bsd/lhost-postfix-09.eml");
	const char *fwd = strstr(m->body_text, FWD_SEP);
	assert_non_null(fwd);
	assert_non_null(strstr(fwd, "Subject: ■緊急値下げ！！■映画・アニメ・スポーツ・音楽♪視聴料無料で見放題■\n"));
	mime_message_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_iso2022jp_cp50220),
	        cmocka_unit_test(test_shift_jis_body),
	        cmocka_unit_test(test_rfc2231_filename),
	        cmocka_unit_test(test_folded_rfc2047_subject),
	        cmocka_unit_test(test_html_only),
	        cmocka_unit_test(test_no_from),
	        cmocka_unit_test(test_nested_30),
	        cmocka_unit_test(test_cr_only),
	        cmocka_unit_test(test_line_endings_equivalent),
	        cmocka_unit_test(test_limits),
	        cmocka_unit_test(test_garbage_and_json),
	        cmocka_unit_test(test_forwarded_rfc822),
	        cmocka_unit_test(test_detected_types),
	        cmocka_unit_test(test_zip_bomb_not_unpacked),
	        cmocka_unit_test(test_mailgate_truncated_header),
	        cmocka_unit_test(test_gmime_pathological_inputs),
	        cmocka_unit_test(test_corpus_walk),
	        cmocka_unit_test(test_corpus_iso2022jp),
	        cmocka_unit_test(test_corpus_shift_jis),
	        cmocka_unit_test(test_corpus_arf),
	        cmocka_unit_test(test_corpus_returned_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
