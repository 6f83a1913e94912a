/*
 * test_core_observable.c - unit tests for IOC extraction.
 *
 * The core is one table: an input text and the exact extraction result,
 * written as "type:value" items separated by single spaces, a trailing
 * "!" marking an item seen in a defanged form. It covers Japanese text
 * with glued indicators, every defang spelling, IPv6 forms, CIDRs, IDNs,
 * trailing punctuation, dedupe, and the false-positive list (versions,
 * dates, paths, file names, numbers) which must give nothing. Then max /
 * truncation, normalize() accept/reject, defang() output and idempotence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/observable.h"

/* Render a list as "type:value[!] ..." into buf. */
static void render(const struct observable_list *l, char *buf, size_t n)
{
	size_t w = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < l->count; i++) {
		int r = snprintf(buf + w, n - w, "%s%s:%s%s", i ? " " : "", observable_type_name(l->items[i].type),
		                 l->items[i].value, l->items[i].defanged ? "!" : "");
		assert_true(r > 0 && (size_t)r < n - w);
		w += (size_t)r;
	}
}

static const struct {
	const char *in, *want;
} cases[] = {
        /* Japanese text, no spaces around ASCII */
        {"送信元IPは192.0.2.1です。", "ipv4:192.0.2.1"},
        {"攻撃元：198.51.100.23、203.0.113.5（いずれも海外）", "ipv4:198.51.100.23 ipv4:203.0.113.5"},
        {"URLはhxxps://evil[.]example[.]com/a/b.php?x=1です。", "url:https://evil.example.com/a/b.php?x=1!"},
        {"「http://example.com/login」にアクセスしました。", "url:http://example.com/login"},
        {"ドメイン「例え.jp」を確認", "domain:xn--r8jz45g.jp"},
        {"ドメインは例え.jpです", "domain:xn--r8jz45g.jp"},
        {"送信元はphish.example.netでした", "domain:phish.example.net"},
        {"宛先admin@example.co.jpへ送信", "email:admin@example.co.jp"},
        {"差出人：Info@Example.COM。", "email:Info@example.com"},
        {"ＩＰ：１９２．０．２．１", ""}, /* full-width digits are not swallowed nor guessed */
        {"ａｂｃexample.com", "domain:example.com"},
        /* defang forms */
        {"hxxp://bad[.]site/x", "url:http://bad.site/x!"},
        {"hXXps[:]//bad(.)site", "url:https://bad.site!"},
        {"hxxp[://]x{.}example[dot]org/", "url:http://x.example.org/!"},
        {"fxp://files.example.net/pub", "url:ftp://files.example.net/pub!"},
        {"evil[.]com evil.com", "domain:evil.com!"},
        {"1.2.3[.]4 and 10(dot)0(dot)0(dot)1", "ipv4:1.2.3.4! ipv4:10.0.0.1!"},
        {"user[@]evil(dot)org bob(at)example[.]com carol[at]example.com",
         "email:user@evil.org! email:bob@example.com! email:carol@example.com!"},
        /* IPv6 and CIDR */
        {"2001:0db8:0000:0000:0000:0000:0000:0001", "ipv6:2001:db8::1"},
        {"2001:DB8:0:0:1:0:0:1 ::1 fe80:: ::ffff:192.0.2.1",
         "ipv6:2001:db8::1:0:0:1 ipv6:::1 ipv6:fe80:: ipv6:::ffff:192.0.2.1"},
        {"2001:db8:0:1:1:1:1:1", "ipv6:2001:db8:0:1:1:1:1:1"},
        {"[2001:db8::1]:443", "ipv6:2001:db8::1"},
        {"10.0.0.0/8, 192.0.2.0/24; 2001:db8::/32.", "cidr:10.0.0.0/8 cidr:192.0.2.0/24 cidr:2001:db8::/32"},
        {"fe80::1/64 0.0.0.0/0", "cidr:fe80::1/64 cidr:0.0.0.0/0"},
        {"192.0.2.0/33 2001:db8::/129", ""},
        /* IDN */
        {"bücher.de", "domain:xn--bcher-kva.de"},
        {"www.bücher.de ok", "domain:www.xn--bcher-kva.de"},
        {"URLはhttp://例え.jp/pathです。", "url:http://xn--r8jz45g.jp/path"},
        {"http://example.comです http://例え.jpへ", "url:http://example.com url:http://xn--r8jz45g.jp"},
        {"連絡先foo@例え.jpまで x@bücher.de", "email:foo@xn--r8jz45g.jp email:x@xn--bcher-kva.de"},
        /* URLs: trailing punctuation, host not repeated, hosts lower-cased */
        {"(see http://example.com/a(b)) and http://example.com/x).",
         "url:http://example.com/a(b) url:http://example.com/x"},
        {"http://Evil.Example.COM/Path?Q=1, ok", "url:http://evil.example.com/Path?Q=1"},
        {"http://evil.com/update.exe evil.com", "url:http://evil.com/update.exe domain:evil.com"},
        {"http://[2001:DB8::1]:8080/x http://User:Pw@Host.Example.com:8443/p",
         "url:http://[2001:db8::1]:8080/x url:http://User:Pw@host.example.com:8443/p"},
        {"http://192.0.2.1/a.sh!", "url:http://192.0.2.1/a.sh"},
        {"<http://example.com/q?a=1&b=2>", "url:http://example.com/q?a=1&b=2"},
        {"IP:198.51.100.7:8080", "ipv4:198.51.100.7"},
        {"Example.COM. is it", "domain:example.com"},
        {"xn--r8jz45g.xn--wgv71a", "domain:xn--r8jz45g.xn--wgv71a"},
        /* hashes and CVEs */
        {"MD5: D41D8CD98F00B204E9800998ECF8427E", "md5:d41d8cd98f00b204e9800998ecf8427e"},
        {"sha1=da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709"},
        {"sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
         "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"cve-2021-44228とCVE-2014-0160を確認", "cve:CVE-2021-44228 cve:CVE-2014-0160"},
        {"CVE-2021-123 CVE-21-44228", ""},
        /* false positives: nothing at all */
        {"version 1.2.3, v10.0.19045.1, Python3.11, 1.2.3.4.5", ""},
        {"2026.11.22 12:30:45 3.14 1,000.50 00:11:22:33:44:55", ""},
        {"C:\\Windows\\System32\\evil.com\\x.dll %APPDATA%\\a.b.exe /usr/lib/evil.com", ""},
        {"invoice.pdf update.exe report.final.docx script.ps1 image.png logo@2x.png", ""},
        {"x-d41d8cd98f00b204e9800998ecf8427e d41d8cd98f00b204e9800998ecf8427e.bin", ""},
        {"12345678901234567890123456789012 abc192.0.2.1 192.0.2.1abc 256.1.1.1 01.2.3.4", ""},
        {"Mozilla/5.0 std::vector a.b e.g. i.e.", ""},
        /* dedupe keeps first-appearance order */
        {"b.example.com a.example.com B.EXAMPLE.COM b.example[.]com", "domain:b.example.com! domain:a.example.com"},
};

static void test_extract_table(void **state)
{
	(void)state;
	char got[4096];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct observable_list l;
		int tr = -1;
		assert_int_equal(observable_extract(cases[i].in, strlen(cases[i].in), 100, &l, &tr), 0);
		render(&l, got, sizeof got);
		if (strcmp(got, cases[i].want) != 0)
			print_error("case %zu: %s\n  got:  %s\n  want: %s\n", i, cases[i].in, got, cases[i].want);
		assert_string_equal(got, cases[i].want);
		assert_int_equal(tr, 0);
		for (size_t k = 0; k < l.count; k++) { /* every value is already normalised */
			char n[OBSERVABLE_MAX_VALUE + 1];
			assert_int_equal(observable_normalize(l.items[k].type, l.items[k].value, n, sizeof n), 0);
			assert_string_equal(n, l.items[k].value);
		}
		observable_list_free(&l);
	}
}

static void test_extract_not_nul_terminated(void **state)
{
	(void)state;
	const char buf[] = {'1', '9', '2', '.', '0', '.', '2', '.', '1', '5'};
	struct observable_list l;
	assert_int_equal(observable_extract(buf, 9, 10, &l, NULL), 0); /* only "192.0.2.1" */
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].value, "192.0.2.1");
	observable_list_free(&l);
	assert_int_equal(observable_extract("", 0, 10, &l, NULL), 0);
	assert_int_equal(l.count, 0);
	assert_null(l.items);
}

static void test_extract_max_truncation(void **state)
{
	(void)state;
	const char *t = "192.0.2.1 192.0.2.2 192.0.2.1 192.0.2.3";
	struct observable_list l;
	int tr = -1;
	assert_int_equal(observable_extract(t, strlen(t), 2, &l, &tr), 0);
	assert_int_equal(l.count, 2);
	assert_int_equal(tr, 1);
	assert_string_equal(l.items[1].value, "192.0.2.2");
	observable_list_free(&l);
	assert_int_equal(observable_extract(t, strlen(t), 3, &l, &tr), 0);
	assert_int_equal(l.count, 3);
	assert_int_equal(tr, 0);
	observable_list_free(&l);
	assert_int_equal(observable_extract(t, strlen(t), 0, &l, &tr), 0);
	assert_int_equal(l.count, 0);
	observable_list_free(&l);
	observable_list_free(NULL);
}

static void test_normalize(void **state)
{
	(void)state;
	static const struct {
		enum observable_type t;
		const char *in, *want; /* want NULL: rejected */
	} n[] = {
	        {OBS_IPV4, "192.0.2.1", "192.0.2.1"},
	        {OBS_IPV4, "192[.]0[.]2[.]1", "192.0.2.1"},
	        {OBS_IPV4, "256.0.0.1", NULL},
	        {OBS_IPV4, "01.2.3.4", NULL},
	        {OBS_IPV4, "1.2.3", NULL},
	        {OBS_IPV4, "1.2.3.4/24", NULL},
	        {OBS_IPV6, "2001:DB8:0:0::1", "2001:db8::1"},
	        {OBS_IPV6, "1:2:3:4:5:6:7:8:9", NULL},
	        {OBS_IPV6, "fe80::1%eth0", NULL},
	        {OBS_IPV6, "192.0.2.1", NULL},
	        {OBS_CIDR, "192.0.2.0/24", "192.0.2.0/24"},
	        {OBS_CIDR, "2001:DB8::/48", "2001:db8::/48"},
	        {OBS_CIDR, "192.0.2.0/33", NULL},
	        {OBS_CIDR, "192.0.2.0/024", NULL},
	        {OBS_CIDR, "192.0.2.0", NULL},
	        {OBS_DOMAIN, "Example.COM.", "example.com"},
	        {OBS_DOMAIN, "例え.jp", "xn--r8jz45g.jp"},
	        {OBS_DOMAIN, "evil[.]example(dot)org", "evil.example.org"},
	        {OBS_DOMAIN, "invoice.pdf", NULL},
	        {OBS_DOMAIN, "localhost", NULL},
	        {OBS_DOMAIN, "-bad.com", NULL},
	        {OBS_DOMAIN, "a..com", NULL},
	        {OBS_DOMAIN, "1.2.3.4", NULL},
	        {OBS_DOMAIN, "under_score.com", NULL},
	        {OBS_URL, "hxxps://Evil[.]COM/A", "https://evil.com/A"},
	        {OBS_URL, "HTTP://example.com", "http://example.com"},
	        {OBS_URL, "http://example.com/a b", NULL},
	        {OBS_URL, "gopher://example.com/", NULL},
	        {OBS_URL, "http://example.com:99999/", NULL},
	        {OBS_URL, "http://evil.com/update.exe", "http://evil.com/update.exe"},
	        {OBS_URL, "http://dl.example.exe/", "http://dl.example.exe/"},
	        {OBS_EMAIL, "Foo.Bar@Example.COM", "Foo.Bar@example.com"},
	        {OBS_EMAIL, "foo[@]example[.]com", "foo@example.com"},
	        {OBS_EMAIL, "foo..bar@example.com", NULL},
	        {OBS_EMAIL, "@example.com", NULL},
	        {OBS_EMAIL, "logo@2x.png", NULL},
	        {OBS_MD5, "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"},
	        {OBS_MD5, "12345678901234567890123456789012", NULL},
	        {OBS_MD5, "da39a3ee5e6b4b0d3255bfef95601890afd80709", NULL},
	        {OBS_SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
	        {OBS_SHA256, "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", NULL},
	        {OBS_CVE, "cve-2021-44228", "CVE-2021-44228"},
	        {OBS_CVE, "CVE-2021-123", NULL},
	        {OBS_CVE, "CVE-2021-44228x", NULL},
	};
	for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
		char out[OBSERVABLE_MAX_VALUE + 1], again[OBSERVABLE_MAX_VALUE + 1];
		int r = observable_normalize(n[i].t, n[i].in, out, sizeof out);
		if (!n[i].want) {
			if (r != -1)
				print_error("case %zu (%s) accepted as %s\n", i, n[i].in, out);
			assert_int_equal(r, -1);
			continue;
		}
		assert_int_equal(r, 0);
		assert_string_equal(out, n[i].want);
		assert_int_equal(observable_normalize(n[i].t, out, again, sizeof again), 0);
		assert_string_equal(again, out);
	}
	char small[4];
	assert_int_equal(observable_normalize(OBS_IPV4, "192.0.2.1", small, sizeof small), -1);
	assert_int_equal(observable_normalize(OBS_IPV4, NULL, small, sizeof small), -1);
	assert_int_equal(observable_normalize((enum observable_type)99, "192.0.2.1", small, sizeof small), -1);
}

static void test_defang(void **state)
{
	(void)state;
	static const struct {
		enum observable_type t;
		const char *v, *want;
	} d[] = {
	        {OBS_URL, "https://evil.example.com/a.b?c.d", "hxxps://evil[.]example[.]com/a.b?c.d"},
	        {OBS_URL, "http://192.0.2.1:8080/x", "hxxp://192[.]0[.]2[.]1:8080/x"},
	        {OBS_URL, "ftp://files.example.net/", "fxp://files[.]example[.]net/"},
	        {OBS_DOMAIN, "evil.example.com", "evil[.]example[.]com"},
	        {OBS_IPV4, "192.0.2.1", "192[.]0[.]2[.]1"},
	        {OBS_CIDR, "192.0.2.0/24", "192[.]0[.]2[.]0/24"},
	        {OBS_IPV6, "2001:db8::1", "2001:db8::1"},
	        {OBS_EMAIL, "foo.bar@example.com", "foo[.]bar[@]example[.]com"},
	        {OBS_MD5, "d41d8cd98f00b204e9800998ecf8427e", "d41d8cd98f00b204e9800998ecf8427e"},
	        {OBS_CVE, "CVE-2021-44228", "CVE-2021-44228"},
	};
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
		char out[256], back[256];
		struct observable o = {d[i].t, (char *)d[i].v, 0};
		assert_int_equal(observable_defang(&o, out, sizeof out), 0);
		assert_string_equal(out, d[i].want);
		/* defanged text refangs to the same value */
		assert_int_equal(observable_normalize(d[i].t, out, back, sizeof back), 0);
		assert_string_equal(back, d[i].v);
	}
	char small[8];
	struct observable o = {OBS_DOMAIN, "evil.example.com", 0};
	assert_int_equal(observable_defang(&o, small, sizeof small), -1);
	assert_int_equal(observable_defang(NULL, small, sizeof small), -1);
}

static void test_type_names(void **state)
{
	(void)state;
	assert_string_equal(observable_type_name(OBS_IPV4), "ipv4");
	assert_string_equal(observable_type_name(OBS_SHA256), "sha256");
	assert_string_equal(observable_type_name(OBS_CVE), "cve");
	assert_string_equal(observable_type_name((enum observable_type)42), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_extract_table),
	        cmocka_unit_test(test_extract_not_nul_terminated),
	        cmocka_unit_test(test_extract_max_truncation),
	        cmocka_unit_test(test_normalize),
	        cmocka_unit_test(test_defang),
	        cmocka_unit_test(test_type_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
