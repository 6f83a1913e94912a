/*
 * test_core_escmatrix.c - the escalation matrix document: the five levels,
 * a rule's condition and targets in words, the contacts the rules reach
 * (and only those), the authority matrix with its labels, both languages,
 * and data that cannot break the tables or become HTML.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/escmatrix.h"
#include "core/markdown.h"

#define assert_has(s, sub)   assert_non_null(strstr((s), (sub)))
#define assert_lacks(s, sub) assert_null(strstr((s), (sub)))

static json_t *fixture(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	assert_non_null(j);
	return j;
}

static const char rules_json[] =
        "[{\"id\":1,\"name\":\"個人情報 P1\",\"name_en\":\"P1 personal\",\"enabled\":true,"
        "\"condition\":{\"priorities\":[\"P1\"],\"personal_data\":true,\"constituencies\":[2]},\"level\":4,"
        "\"targets\":{\"groups\":[\"legal\"],\"roles\":[\"ciso\"]},\"channel\":\"mail\",\"ack_minutes\":60},"
        "{\"id\":2,\"name\":\"封じ込め超過 | <b>x</b>\",\"name_en\":\"\",\"enabled\":false,"
        "\"condition\":{\"sla_breach\":[\"containment\"],\"minutes_in_status\":90},\"level\":2,"
        "\"targets\":{\"contacts\":[7]},\"channel\":\"webhook\",\"webhook_format\":\"slack\",\"ack_minutes\":15},"
        "{\"id\":3,\"name\":\"all\",\"enabled\":true,\"condition\":{},\"level\":1,\"targets\":{},"
        "\"channel\":\"mail\",\"ack_minutes\":30}]";

static const char auth_json[] =
        "{\"actions\":[{\"code\":\"system_stop\",\"label_ja\":\"システム停止\",\"label_en\":\"system stop\"}],"
        "\"roles\":[{\"code\":\"ciso\",\"label_ja\":\"CISO\",\"label_en\":\"CISO\"},"
        "{\"code\":\"csirt_lead\",\"label_ja\":\"CSIRT責任者\",\"label_en\":\"CSIRT lead\"}],"
        "\"powers\":[{\"code\":\"order\",\"label_ja\":\"命令\",\"label_en\":\"order\"},"
        "{\"code\":\"advise\",\"label_ja\":\"助言\",\"label_en\":\"advise\"}],"
        "\"cells\":[{\"action\":\"system_stop\",\"role\":\"ciso\",\"power\":\"order\"},"
        "{\"action\":\"system_stop\",\"role\":\"csirt_lead\",\"power\":\"advise\"}]}";

static const char contacts_json[] =
        "[{\"id\":5,\"name\":\"法務 花子\",\"name_en\":\"Hanako Homu\",\"organization\":\"法務部\",\"role\":\"\","
        "\"groups\":[\"legal\"],\"email\":\"legal@example.jp\",\"phone\":\"03-1\",\"mobile\":\"\",\"on_call\":false},"
        "{\"id\":6,\"name\":\"無関係 太郎\",\"organization\":\"総務部\",\"role\":\"\",\"groups\":[\"hr\"],"
        "\"email\":\"hr@example.jp\",\"phone\":\"\",\"mobile\":\"\",\"on_call\":false},"
        "{\"id\":7,\"name\":\"当番 | 次郎\",\"organization\":\"SOC\",\"role\":\"\",\"groups\":[],"
        "\"email\":\"soc@example.jp\",\"phone\":\"\",\"mobile\":\"090-2\",\"on_call\":true,\"rota\":\"24/365\"},"
        "{\"id\":8,\"name\":\"情報 三郎\",\"organization\":\"本社\",\"role\":\"ciso\",\"groups\":[],"
        "\"email\":\"ciso@example.jp\",\"phone\":\"03-3\",\"mobile\":\"\",\"on_call\":false}]";

static char *render(const char *lang)
{
	json_t *rules = fixture(rules_json), *auth = fixture(auth_json), *contacts = fixture(contacts_json);
	json_t *cons = fixture("[{\"id\":2,\"name\":\"本社\",\"name_en\":\"Head office\"}]");
	struct escmatrix_input in = {rules, auth, contacts, cons, "ACME-CSIRT", lang};
	char *md = escmatrix_markdown(&in);
	json_decref(rules);
	json_decref(auth);
	json_decref(contacts);
	json_decref(cons);
	assert_non_null(md);
	return md;
}

static void test_japanese(void **state)
{
	(void)state;
	char *md = render("ja");
	assert_has(md, "# ACME-CSIRT エスカレーション・マトリクス");
	assert_has(md, "1. 部署内\n");
	assert_has(md, "5. 企業間\n");
	assert_has(md, "| 1 | 個人情報 P1 | 優先度 P1; サービス対象 本社; 個人情報を含む | 4 部門間 | "
	               "グループ legal; 役割 CISO | メール | 60 分 | 有効 |");
	assert_has(md, "SLA 超過: 封じ込め");
	assert_has(md, "同じ状態のまま 90 分以上");
	assert_has(md, "Webhook (slack) | 15 分 | 無効 |");
	assert_has(md, "| 3 | all | すべての未完了インシデント | 1 部署内 | — |");
	/* the people: reached by group, by id, by role; not the others */
	assert_has(md, "| 法務 花子 | 法務部 | legal | legal@example.jp | 03-1 |  |");
	assert_has(md, "090-2 | 24/365 |");
	assert_has(md, "| 情報 三郎 | 本社 | CISO |");
	assert_lacks(md, "無関係");
	/* the authority matrix */
	assert_has(md, "| 措置 | CISO | CSIRT責任者 |");
	assert_has(md, "| システム停止 | 命令 | 助言 |");
	free(md);
}

static void test_english(void **state)
{
	(void)state;
	char *md = render("en");
	assert_has(md, "escalation matrix");
	assert_has(md, "| 1 | P1 personal | priority P1; constituency Head office; involves personal data |");
	assert_has(md, "SLA breached: containment");
	assert_has(md, "| Hanako Homu |");
	assert_has(md, "| system stop | order | advise |");
	free(md);
}

/* A "|" in a name stays inside its cell, and markup stays text. */
static void test_cells_are_text(void **state)
{
	(void)state;
	char *md = render("ja");
	assert_has(md, "封じ込め超過 \\| \\<b\\>x\\</b\\>");
	assert_has(md, "当番 \\| 次郎");
	char *html = markdown_to_html(md, strlen(md));
	assert_non_null(html);
	assert_lacks(html, "<b>x");
	assert_has(html, "<table>");
	free(html);
	free(md);
}

static void test_empty(void **state)
{
	(void)state;
	json_t *empty = json_array(), *auth = json_object();
	struct escmatrix_input in = {empty, auth, empty, empty, NULL, "ja"};
	char *md = escmatrix_markdown(&in);
	assert_non_null(md);
	assert_has(md, "規則はまだ登録されていません。");
	assert_has(md, "権限マトリクスはまだ設定されていません。");
	free(md);
	json_decref(empty);
	json_decref(auth);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_japanese),
	        cmocka_unit_test(test_english),
	        cmocka_unit_test(test_cells_are_text),
	        cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
