/*
 * test_core_taxonomy.c - unit tests for the RSIT taxonomy loader.
 *
 * Loads the shipped data/taxonomy/rsit.json (from $HIKESHI_DATA_DIR, else
 * "data" relative to the current directory: run from the repo root) and
 * checks its shape, then feeds the parser broken documents, and checks
 * code normalisation including the old "unauthorized-" spelling.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/taxonomy.h"

/* Read a whole file into a malloc'd buffer; the test reads, the module parses. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf != NULL) {
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (n < cap)
			break;
		char *nb = realloc(buf, cap * 2);
		if (nb == NULL) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		cap *= 2;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int setup_rsit(void **state)
{
	const char *dir = getenv("HIKESHI_DATA_DIR");
	char path[4096];
	size_t len = 0;
	snprintf(path, sizeof path, "%s/taxonomy/rsit.json", dir != NULL && *dir ? dir : "data");
	char *json = slurp(path, &len);
	if (json == NULL) {
		fprintf(stderr, "cannot read %s (run from the repo root or set HIKESHI_DATA_DIR)\n", path);
		return -1;
	}
	struct taxonomy *t = calloc(1, sizeof *t);
	char err[256];
	int rc = t != NULL ? taxonomy_parse(json, len, t, err, sizeof err) : -1;
	free(json);
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", path, t != NULL ? err : "out of memory");
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int teardown_rsit(void **state)
{
	struct taxonomy *t = *state;
	taxonomy_free(t);
	free(t);
	return 0;
}

static void test_rsit_shape(void **state)
{
	const struct taxonomy *t = *state;
	static const char *const classes[] = {"abusive-content",
	                                      "malicious-code",
	                                      "information-gathering",
	                                      "intrusion-attempts",
	                                      "intrusions",
	                                      "availability",
	                                      "information-content-security",
	                                      "fraud",
	                                      "vulnerable",
	                                      "other",
	                                      "test"};
	assert_int_equal(taxonomy_class_count(t), 11);
	for (size_t i = 0; i < 11; i++) {
		const struct taxonomy_entry *e = taxonomy_find(t, classes[i]);
		if (e == NULL)
			fail_msg("class %s missing", classes[i]);
		assert_null(e->parent);
	}
	size_t types = 0;
	for (size_t i = 0; i < t->count; i++) {
		const struct taxonomy_entry *e = &t->entries[i];
		assert_non_null(e->label_ja);
		assert_non_null(e->label_en);
		assert_true(strlen(e->label_ja) > 0);
		assert_true(strlen(e->label_en) > 0);
		assert_true(strlen(e->description_ja) > 0);
		assert_true(strlen(e->description_en) > 0);
		assert_int_equal(e->is_local, 0);
		if (e->parent == NULL)
			continue;
		types++;
		const struct taxonomy_entry *p = taxonomy_find(t, e->parent);
		if (p == NULL || p->parent != NULL)
			fail_msg("type %s: parent %s is not a class", e->code, e->parent);
		size_t pl = strlen(e->parent);
		assert_memory_equal(e->code, e->parent, pl);
		assert_int_equal(e->code[pl], '/');
	}
	assert_int_equal(types, 39);
}

static void test_rsit_types(void **state)
{
	const struct taxonomy *t = *state;
	static const char *const codes[] = {
	        "abusive-content/spam",
	        "abusive-content/harmful-speech",
	        "abusive-content/violence",
	        "malicious-code/infected-system",
	        "malicious-code/c2-server",
	        "malicious-code/malware-distribution",
	        "malicious-code/malware-configuration",
	        "information-gathering/scanner",
	        "information-gathering/sniffing",
	        "information-gathering/social-engineering",
	        "intrusion-attempts/ids-alert",
	        "intrusion-attempts/brute-force",
	        "intrusion-attempts/exploit",
	        "intrusions/privileged-account-compromise",
	        "intrusions/unprivileged-account-compromise",
	        "intrusions/application-compromise",
	        "intrusions/system-compromise",
	        "intrusions/burglary",
	        "availability/dos",
	        "availability/ddos",
	        "availability/misconfiguration",
	        "availability/sabotage",
	        "availability/outage",
	        "information-content-security/unauthorised-information-access",
	        "information-content-security/unauthorised-information-modification",
	        "information-content-security/data-loss",
	        "information-content-security/data-leak",
	        "fraud/unauthorised-use-of-resources",
	        "fraud/copyright",
	        "fraud/masquerade",
	        "fraud/phishing",
	        "vulnerable/weak-crypto",
	        "vulnerable/ddos-amplifier",
	        "vulnerable/potentially-unwanted-accessible",
	        "vulnerable/information-disclosure",
	        "vulnerable/vulnerable-system",
	        "other/other",
	        "other/undetermined",
	        "test/test",
	};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (taxonomy_find(t, codes[i]) == NULL)
			fail_msg("type %s missing", codes[i]);
	const struct taxonomy_entry *e = taxonomy_find(t, "fraud/phishing");
	assert_string_equal(e->label_ja, "フィッシング");
	assert_string_equal(e->parent, "fraud");
	assert_string_equal(taxonomy_find(t, "malicious-code")->label_ja, "不正プログラム");
	/* Old spelling and sloppy input find the current entry. */
	e = taxonomy_find(t, "  Fraud/Unauthorized-Use-Of-Resources ");
	assert_non_null(e);
	assert_string_equal(e->code, "fraud/unauthorised-use-of-resources");
	assert_null(taxonomy_find(t, "fraud/nonexistent"));
	assert_null(taxonomy_find(t, "fraud/"));
	assert_null(taxonomy_find(t, NULL));
}

static void test_normalize(void **state)
{
	(void)state;
	char out[TAXONOMY_CODE_MAX + 1];
	static const char *const ok[][2] = {
	        {"fraud", "fraud"},
	        {" FRAUD/Phishing\t", "fraud/phishing"},
	        {"unauthorized-use-of-resources", "unauthorised-use-of-resources"},
	        {"fraud/unauthorized-use-of-resources", "fraud/unauthorised-use-of-resources"},
	        {"information-content-security/unauthorized-information-access",
	         "information-content-security/unauthorised-information-access"},
	        {"information-content-security/Unauthorized-Information-Modification",
	         "information-content-security/unauthorised-information-modification"},
	        {"fraud/unauthorised-use-of-resources", "fraud/unauthorised-use-of-resources"},
	        {"x/unauthorized-use-of-resources-extra", "x/unauthorized-use-of-resources-extra"},
	        {"a1-b2", "a1-b2"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (taxonomy_normalize_code(ok[i][0], out, sizeof out) != 0)
			fail_msg("rejected \"%s\"", ok[i][0]);
		assert_string_equal(out, ok[i][1]);
	}
	static const char *const bad[] = {
	        "",
	        "   ",
	        "/",
	        "fraud/",
	        "/phishing",
	        "fraud//phishing",
	        "fraud/phishing/x",
	        "fraud phishing",
	        "fraud_phishing",
	        "fraud.phishing",
	        "詐欺",
	        "fraud/phish\x01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (taxonomy_normalize_code(bad[i], out, sizeof out) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_string_equal(out, "");
	}
	assert_int_equal(taxonomy_normalize_code(NULL, out, sizeof out), -1);
	/* Length limit: 100 bytes pass, 101 fail. */
	char longc[128];
	memset(longc, 'a', 100);
	longc[100] = '\0';
	assert_int_equal(taxonomy_normalize_code(longc, out, sizeof out), 0);
	longc[100] = 'a';
	longc[101] = '\0';
	assert_int_equal(taxonomy_normalize_code(longc, out, sizeof out), -1);
	/* Output buffer too small. */
	char tiny[5];
	assert_int_equal(taxonomy_normalize_code("fraud", tiny, sizeof tiny), -1);
}

/* Parse a document expected to fail; the error must name the problem. */
static void expect_reject(const char *json, const char *needle)
{
	struct taxonomy t = {(struct taxonomy_entry *)1, 99};
	char err[256] = "untouched";
	if (taxonomy_parse(json, strlen(json), &t, err, sizeof err) != -1)
		fail_msg("accepted: %s", json);
	assert_null(t.entries);
	assert_int_equal(t.count, 0);
	assert_true(strlen(err) > 0);
	if (strstr(err, needle) == NULL)
		fail_msg("error \"%s\" does not mention \"%s\"", err, needle);
}

#define CLS(extra) "{\"code\":\"fraud\",\"label_ja\":\"詐欺\",\"label_en\":\"Fraud\"" extra "}"

static void test_parse_rejects(void **state)
{
	(void)state;
	expect_reject("", "invalid JSON");
	expect_reject("{\"classes\":[", "invalid JSON");
	expect_reject("[]", "object");
	expect_reject("{}", "classes");
	expect_reject("{\"classes\":[]}", "classes");
	expect_reject("{\"classes\":{}}", "classes");
	expect_reject("{\"classes\":[1]}", "classes[0]");
	expect_reject("{\"classes\":[{\"label_ja\":\"a\",\"label_en\":\"b\"}]}", "code");
	expect_reject("{\"classes\":[{\"code\":\"Fraud\",\"label_ja\":\"a\",\"label_en\":\"b\"}]}", "code");
	expect_reject("{\"classes\":[{\"code\":\"fr aud\",\"label_ja\":\"a\",\"label_en\":\"b\"}]}", "code");
	expect_reject("{\"classes\":[{\"code\":\"\",\"label_ja\":\"a\",\"label_en\":\"b\"}]}", "code");
	expect_reject("{\"classes\":[{\"code\":\"fraud\",\"label_en\":\"b\"}]}", "label_ja");
	expect_reject("{\"classes\":[{\"code\":\"fraud\",\"label_ja\":\"\",\"label_en\":\"b\"}]}", "label_ja");
	expect_reject("{\"classes\":[{\"code\":\"fraud\",\"label_ja\":\"a\",\"label_en\":7}]}", "label_en");
	expect_reject("{\"classes\":[{\"code\":\"fraud\",\"label_ja\":\"a\\nb\",\"label_en\":\"b\"}]}", "label_ja");
	expect_reject("{\"classes\":[" CLS(",\"description_en\":null") "]}", "description_en");
	expect_reject("{\"classes\":[" CLS(",\"types\":{}") "]}", "types");
	expect_reject("{\"classes\":[" CLS(",\"local\":\"yes\"") "]}", "local");
	expect_reject("{\"classes\":[" CLS(",\"types\":[{\"code\":\"a/b\",\"label_ja\":\"x\","
	                                   "\"label_en\":\"y\"}]") "]}",
	              "types[0].code");
	expect_reject("{\"classes\":[" CLS(",\"types\":[{\"code\":\"x\",\"label_ja\":\"x\"}]") "]}", "types[0]");
	expect_reject("{\"classes\":[" CLS("") "," CLS("") "]}", "duplicate");
	expect_reject("{\"classes\":[" CLS(",\"types\":[{\"code\":\"x\",\"label_ja\":\"x\","
	                                   "\"label_en\":\"y\"},{\"code\":\"x\",\"label_ja\":\"x\","
	                                   "\"label_en\":\"y\"}]") "]}",
	              "duplicate");
	expect_reject("{\"name\":1,\"classes\":[" CLS("") "]}", "name");
	expect_reject("{\"version\":[],\"classes\":[" CLS("") "]}", "version");
	expect_reject("{\"classes\":[" CLS("") "],\"classes\":[]}", "invalid JSON");
}

static void test_parse_local_and_minimal(void **state)
{
	(void)state;
	const char *json = "{\"name\":\"x\",\"version\":2,\"classes\":[" CLS(
	        ",\"types\":[{\"code\":\"bec\",\"label_ja\":\"ビジネスメール詐欺\","
	        "\"label_en\":\"BEC\",\"local\":true},{\"code\":\"phishing\",\"label_ja\":\"フィッシング\","
	        "\"label_en\":\"Phishing\"}]") ",{\"code\":\"mine\",\"label_ja\":\"独自\","
	                                       "\"label_en\":\"Mine\",\"local\":true,\"types\":[{"
	                                       "\"code\":\"t\",\"label_ja\":\"t\",\"label_en\":\"t\"}]}]}";
	struct taxonomy t;
	char err[256];
	assert_int_equal(taxonomy_parse(json, strlen(json), &t, err, sizeof err), 0);
	assert_int_equal(t.count, 5);
	assert_int_equal(taxonomy_class_count(&t), 2);
	assert_int_equal(taxonomy_find(&t, "fraud/bec")->is_local, 1);
	assert_int_equal(taxonomy_find(&t, "fraud/phishing")->is_local, 0);
	assert_int_equal(taxonomy_find(&t, "fraud")->is_local, 0);
	assert_int_equal(taxonomy_find(&t, "mine/t")->is_local, 1); /* inherits */
	assert_string_equal(taxonomy_find(&t, "fraud")->description_ja, "");
	taxonomy_free(&t);
	assert_null(t.entries);
	taxonomy_free(&t); /* idempotent */
	taxonomy_free(NULL);

	/* Not NUL-terminated input: only len bytes are read. */
	char buf[256];
	const char *small = "{\"classes\":[" CLS("") "]}";
	size_t n = strlen(small);
	assert_true(n < sizeof buf);
	memcpy(buf, small, n);
	memset(buf + n, 'X', sizeof buf - n);
	assert_int_equal(taxonomy_parse(buf, n, &t, err, sizeof err), 0);
	taxonomy_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_rsit_shape, setup_rsit, teardown_rsit),
	        cmocka_unit_test_setup_teardown(test_rsit_types, setup_rsit, teardown_rsit),
	        cmocka_unit_test(test_normalize),
	        cmocka_unit_test(test_parse_rejects),
	        cmocka_unit_test(test_parse_local_and_minimal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
