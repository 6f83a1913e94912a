/*
 * evaluation_report.c - the CSIRT evaluation report as Markdown (see
 * evaluation.h). Fixed headings come from here, item texts and figures from
 * the model, and everything that people typed (the note, the roadmap's
 * owners and statuses) goes through rfc2350_md_text() so that it cannot
 * become markup. Model texts are escaped the same way: cheap and safe.
 */
#include "core/evaluation.h"
#include "core/rfc2350.h"
#include "lib/buf.h"

#include <stdlib.h>
#include <string.h>

#define REPORT_MAX (2 * 1024 * 1024)

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* o's member base_ja or base_en by language (label_ja, line_en, ...). */
static const char *loc(const json_t *o, const char *base, int en)
{
	char k[64];
	size_t n = strlen(base);
	if (n + 4 > sizeof(k))
		return "";
	memcpy(k, base, n);
	memcpy(k + n, en ? "_en" : "_ja", 4);
	return str(o, k);
}

static const json_t *find(const json_t *arr, const char *key, const char *code)
{
	const json_t *v;
	size_t i;
	json_array_foreach(arr, i, v)
	{
		if (strcmp(str(v, key), code) == 0)
			return v;
	}
	return NULL;
}

static void score_text(struct buf *b, const json_t *x100)
{
	if (!json_is_integer(x100)) {
		buf_puts(b, "-");
		return;
	}
	json_int_t v = json_integer_value(x100);
	buf_printf(b, "%d.%02d", (int)(v / 100), (int)(v % 100));
}

static void areas(struct buf *b, const json_t *res, int en)
{
	const json_t *a, *o = json_object_get(res, "overall");
	size_t i;
	buf_puts(b, en ? "\n## 2. Results by area\n\n| Area | Score (0-4) | % |\n|---|---|---|\n"
	               : "\n## 2. 領域別の結果\n\n| 領域 | 点数 (0〜4) | % |\n|---|---|---|\n");
	json_array_foreach(json_object_get(res, "areas"), i, a)
	{
		buf_puts(b, "| ");
		rfc2350_md_text(b, loc(a, "label", en));
		buf_puts(b, " | ");
		score_text(b, json_object_get(a, "score_x100"));
		buf_printf(b, " | %d |\n", (int)json_integer_value(json_object_get(a, "percent")));
	}
	buf_puts(b, en ? "| **Overall** | " : "| **総合** | ");
	score_text(b, json_object_get(o, "score_x100"));
	buf_printf(b, " | %d |\n", (int)json_integer_value(json_object_get(o, "percent")));
}

static void sim3(struct buf *b, const json_t *res, int en)
{
	const json_t *p;
	size_t i;
	buf_puts(b, en ? "\n## 3. SIM3 levels\n\n| Parameter | Level (0-4) | Items |\n|---|---|---|\n"
	               : "\n## 3. SIM3 レベル\n\n| パラメータ | レベル (0〜4) | 設問 |\n|---|---|---|\n");
	json_array_foreach(json_object_get(res, "sim3"), i, p)
	{
		char *items = json_dumps(json_object_get(p, "items"), JSON_COMPACT);
		buf_printf(b, "| %s ", str(p, "parameter"));
		rfc2350_md_text(b, loc(p, "label", en));
		buf_printf(b, " | %d | ", (int)json_integer_value(json_object_get(p, "level")));
		rfc2350_md_text(b, items ? items : "");
		buf_puts(b, " |\n");
		free(items);
	}
}

static void items(struct buf *b, const json_t *model, const json_t *res, int en)
{
	const json_t *it;
	size_t i;
	buf_puts(b, en ? "\n## 4. Answers\n\n" : "\n## 4. 回答\n\n");
	json_array_foreach(json_object_get(res, "items"), i, it)
	{
		const json_t *m = find(json_object_get(model, "items"), "code", str(it, "code"));
		buf_printf(b, "- **%s** ", str(it, "code"));
		rfc2350_md_text(b, loc(m, "question", en));
		buf_printf(b, " — (%s) ", str(it, "answer"));
		rfc2350_md_text(b, loc(it, "label", en));
		if (json_is_integer(json_object_get(it, "score")))
			buf_printf(b, en ? " — score %d / target %d\n" : " — 点数 %d / 目標 %d\n",
			           (int)json_integer_value(json_object_get(it, "score")),
			           (int)json_integer_value(json_object_get(it, "target")));
		else
			buf_puts(b, en ? " — not scored\n" : " — 採点対象外\n");
	}
}

static void lines(struct buf *b, const json_t *arr, const char *heading, int en)
{
	const json_t *c;
	size_t i;
	buf_puts(b, heading);
	json_array_foreach(arr, i, c)
	{
		buf_puts(b, "- ");
		rfc2350_md_text(b, loc(c, "line", en));
		buf_puts(b, "\n");
	}
}

static void roadmap(struct buf *b, const json_t *rm, int en)
{
	const json_t *r;
	size_t i;
	buf_puts(b, en ? "\n## 7. Improvement roadmap\n\nIn priority order (severity of the gap, then importance).\n\n"
	               : "\n## 7. 改善ロードマップ\n\n優先順位の順(課題の深刻度、次に重要度)。\n\n");
	if (!json_array_size(rm))
		buf_puts(b, en ? "No gaps were found.\n" : "課題は見つかりませんでした。\n");
	json_array_foreach(rm, i, r)
	{
		buf_printf(b, "%d. **[%s]** ", (int)json_integer_value(json_object_get(r, "n")), str(r, "item"));
		rfc2350_md_text(b, loc(r, "action", en));
		buf_puts(b, en ? " — owner: " : " — 担当: ");
		rfc2350_md_text(b, str(r, "owner"));
		buf_printf(b, en ? " — target: %s — status: " : " — 期日: %s — 状態: ", str(r, "target_date"));
		rfc2350_md_text(b, str(r, "status"));
		buf_printf(b, en ? " — severity %d, importance %s\n" : " — 深刻度 %d、重要度 %s\n",
		           (int)json_integer_value(json_object_get(r, "severity")), str(r, "importance"));
	}
}

char *evaluation_markdown(const json_t *model, const json_t *ev, const char *lang)
{
	struct buf b;
	int en = lang && strcmp(lang, "en") == 0;
	const json_t *res = json_object_get(ev, "results");
	buf_init(&b, REPORT_MAX);
	buf_puts(&b, en ? "# CSIRT evaluation report\n\n## 1. Summary\n\n" : "# CSIRT 評価報告書\n\n## 1. 概要\n\n");
	buf_printf(&b, en ? "- Evaluation %d, date %s\n- Recorded by: " : "- 評価 %d、評価日 %s\n- 記録者: ",
	           (int)json_integer_value(json_object_get(ev, "id")), str(ev, "date"));
	rfc2350_md_text(&b, str(ev, "created_by_name"));
	buf_puts(&b, en ? "\n- Basis: the NCA survey of 66 CSIRTs (seed 002, table 1.3.1), mapped to SIM3\n"
	                : "\n- 基準: NCA のアンケート(66 組織、seed 002 表 1.3.1)、SIM3 に対応付け\n");
	if (*str(ev, "note")) {
		buf_puts(&b, en ? "\n### Note\n\n" : "\n### メモ\n\n");
		rfc2350_md_text(&b, str(ev, "note"));
		buf_puts(&b, "\n");
	}
	areas(&b, res, en);
	sim3(&b, res, en);
	items(&b, model, res, en);
	lines(&b, json_object_get(res, "comparison"),
	      en ? "\n## 5. Comparison with the survey\n\n" : "\n## 5. 調査結果との比較\n\n", en);
	lines(&b, json_object_get(res, "services"),
	      en ? "\n## 6. Services (survey 2.9, N = 66)\n\n" : "\n## 6. 提供サービス(アンケート 2.9、N = 66)\n\n",
	      en);
	roadmap(&b, json_object_get(ev, "roadmap"), en);
	return buf_steal(&b);
}
