/*
 * test_core_rfc2350.c - the CSIRT description (RFC 2350) and the
 * announcement: every section present and in order in both languages, the
 * profile's answers and the live constituencies filled in, and profile
 * text that cannot become markup or raw HTML.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/markdown.h"
#include "core/rfc2350.h"
#include "lib/buf.h"

static const char *const ja_heads[] = {
        "## 1. 文書情報",
        "### 1.1 最終更新日",
        "### 1.2 通知のための配布リスト",
        "### 1.3 本文書の入手先",
        "## 2. 連絡先情報",
        "### 2.1 チーム名",
        "### 2.2 住所",
        "### 2.3 タイムゾーン",
        "### 2.4 電話番号",
        "### 2.5 FAX 番号",
        "### 2.6 その他の通信手段",
        "### 2.7 電子メールアドレス",
        "### 2.8 公開鍵と暗号化に関する情報",
        "### 2.9 チームメンバー",
        "### 2.10 その他の情報",
        "### 2.11 連絡窓口と受付時間",
        "## 3. 憲章",
        "### 3.1 ミッションステートメント",
        "### 3.2 サービス対象",
        "### 3.3 スポンサーおよび所属",
        "### 3.4 権限",
        "## 4. ポリシー",
        "### 4.1 インシデントの種類とサポートレベル",
        "### 4.2 協力、連携および情報の開示",
        "### 4.3 通信と認証",
        "## 5. サービス",
        "### 5.1 インシデント対応",
        "#### 5.1.1 インシデントのトリアージ",
        "#### 5.1.2 インシデントのコーディネーション",
        "#### 5.1.3 インシデントの解決",
        "### 5.2 事前対応型サービス",
        "## 6. インシデント報告フォーム",
        "## 7. 免責事項",
        NULL,
};

static const char *const en_heads[] = {
        "## 1. Document Information",
        "### 1.1 Date of Last Update",
        "### 1.2 Distribution List for Notifications",
        "### 1.3 Locations where this Document May Be Found",
        "## 2. Contact Information",
        "### 2.1 Name of the Team",
        "### 2.2 Address",
        "### 2.3 Time Zone",
        "### 2.4 Telephone Number",
        "### 2.5 Facsimile Number",
        "### 2.6 Other Telecommunication",
        "### 2.7 Electronic Mail Address",
        "### 2.8 Public Keys and Encryption Information",
        "### 2.9 Team Members",
        "### 2.10 Other Information",
        "### 2.11 Points of Customer Contact",
        "## 3. Charter",
        "### 3.1 Mission Statement",
        "### 3.2 Constituency",
        "### 3.3 Sponsorship and/or Affiliation",
        "### 3.4 Authority",
        "## 4. Policies",
        "### 4.1 Types of Incidents and Level of Support",
        "### 4.2 Co-operation, Interaction and Disclosure of Information",
        "### 4.3 Communication and Authentication",
        "## 5. Services",
        "### 5.1 Incident Response",
        "#### 5.1.1 Incident Triage",
        "#### 5.1.2 Incident Coordination",
        "#### 5.1.3 Incident Resolution",
        "### 5.2 Proactive Activities",
        "## 6. Incident Reporting Forms",
        "## 7. Disclaimers",
        NULL,
};

/* Each needle occurs, at the start of a line, after the previous one. */
static void assert_in_order(const char *doc, const char *const *needles)
{
	const char *p = doc;
	for (size_t i = 0; needles[i]; i++) {
		const char *q = p;
		while ((q = strstr(q, needles[i])) && q != doc && q[-1] != '\n')
			q++;
		if (!q)
			fail_msg("\"%s\" missing or out of order in:\n%s", needles[i], doc);
		p = q + strlen(needles[i]);
	}
}

static void assert_has(const char *doc, const char *needle)
{
	if (!strstr(doc, needle))
		fail_msg("\"%s\" not in:\n%s", needle, doc);
}

static void assert_lacks(const char *doc, const char *needle)
{
	if (strcasestr(doc, needle))
		fail_msg("\"%s\" survived in:\n%s", needle, doc);
}

static json_t *profile(void)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "team_name_ja", "火消し CSIRT", "team_name_en",
	                 "Hikeshi CSIRT", "short_name", "HK-CSIRT", "mission_ja", "社内のインシデントに対応する。",
	                 "mission_en", "We respond to incidents in the company.", "email", "csirt@example.jp",
	                 "disclaimers", "最善を尽くしますが保証はしません。", "service_triage",
	                 "報告を受け付け、優先度を判定する。");
}

static void test_sections_ja_en(void **state)
{
	(void)state;
	json_t *p = profile();
	json_t *cons = json_pack("[{s:s,s:s}]", "name", "本社", "name_en", "Head office");
	struct rfc2350_input in = {p, cons, "https://csirt.example.jp/report", "ja"};
	char *md = rfc2350_markdown(&in);
	assert_non_null(md);
	assert_in_order(md, ja_heads);
	assert_has(md, "火消し CSIRT");
	assert_has(md, "社内のインシデントに対応する。");
	assert_has(md, "- 本社");
	assert_has(md, "<https://csirt.example.jp/report>");
	assert_has(md, "（未記入）"); /* e.g. the fax */
	free(md);

	in.lang = "en";
	md = rfc2350_markdown(&in);
	assert_non_null(md);
	assert_in_order(md, en_heads);
	assert_has(md, "We respond to incidents in the company.");
	assert_has(md, "- Head office");
	assert_has(md, "(not specified)");
	free(md);
	json_decref(p);
	json_decref(cons);
}

static void test_placeholder_url(void **state)
{
	(void)state;
	json_t *p = json_object();
	struct rfc2350_input in = {p, NULL, NULL, "ja"};
	char *md = rfc2350_markdown(&in);
	assert_non_null(md);
	assert_in_order(md, ja_heads);
	assert_has(md, "public_url");
	free(md);
	json_decref(p);
}

static void test_escaping(void **state)
{
	(void)state;
	json_t *p = json_pack("{s:s,s:s,s:s}", "team_name_ja", "<script>alert(1)</script>", "disclaimers",
	                      "# not a heading\n- not a list\n1. not ordered\n[x](javascript:alert(1)) "
	                      "<img src=x onerror=alert(1)> **bold** &amp;",
	                      "address", "東京都千代田区\n  1-2-3");
	struct rfc2350_input in = {p, NULL, NULL, "ja"};
	char *md = rfc2350_markdown(&in);
	assert_non_null(md);
	assert_in_order(md, ja_heads);
	char *html = markdown_to_html(md, strlen(md));
	assert_non_null(html);
	assert_lacks(html, "<script");
	assert_lacks(html, "<img");
	assert_lacks(html, "href=\"javascript");
	assert_lacks(html, "<strong>");
	assert_has(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_has(html, "# not a heading");
	assert_has(html, "- not a list");
	assert_has(html, "1. not ordered");
	assert_has(html, "&amp;amp;");
	assert_has(html, "東京都千代田区<br />\n1-2-3");
	/* 7 top-level sections plus the title; no heading from the text */
	size_t h2 = 0;
	for (const char *q = html; (q = strstr(q, "<h2>")); q++)
		h2++;
	assert_int_equal(h2, 7);
	char *page = rfc2350_html_page("ja", "CSIRT 記述書（RFC 2350）", html);
	assert_non_null(page);
	assert_has(page, "<html lang=\"ja\">");
	assert_has(page, "<meta charset=\"utf-8\">");
	free(page);
	free(html);
	free(md);
	json_decref(p);
}

static void test_announcement(void **state)
{
	(void)state;
	static const char *const ja[] = {"# CSIRT 設置のお知らせ", "## ミッションステートメント",
	                                 "## サービス対象",        "## 提供するサービス",
	                                 "## 報告の手段",          NULL};
	static const char *const en[] = {"# Announcing our CSIRT", "## Mission statement",
	                                 "## Constituency",        "## Services",
	                                 "## How to report",       NULL};
	json_t *p = profile();
	struct rfc2350_input in = {p, NULL, "https://csirt.example.jp/report", "ja"};
	char *md = rfc2350_announcement(&in);
	assert_non_null(md);
	assert_in_order(md, ja);
	assert_has(md, "社内のインシデントに対応する。");
	assert_has(md, "csirt@example.jp");
	assert_has(md, "<https://csirt.example.jp/report>");
	free(md);
	in.lang = "en";
	md = rfc2350_announcement(&in);
	assert_non_null(md);
	assert_in_order(md, en);
	assert_has(md, "We respond to incidents in the company.");
	free(md);
	json_decref(p);
}

static void test_md_text(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 4096);
	assert_int_equal(rfc2350_md_text(&b, "a_b*c\n\n\n> q\n+ x"), 0);
	assert_has(b.data, "a\\_b\\*c\n\n");
	assert_has(b.data, "\\> q  \n\\+ x\n");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sections_ja_en), cmocka_unit_test(test_placeholder_url),
	        cmocka_unit_test(test_escaping),       cmocka_unit_test(test_announcement),
	        cmocka_unit_test(test_md_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
