/*
 * compose.c - the report model for each audience (see compose.h).
 *
 * Every sentence is built from numbers in the metrics object; text that
 * comes from the data (incident titles, task titles, topics) is copied into
 * model strings, which the renderers escape. Sentences are written for the
 * reader: the management summary avoids jargon and says what is asked.
 */
#include "report/compose.h"
#include "core/report_state.h"
#include "core/workflow.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define TOP_CATEGORIES 10
#define LIST_MAX       200 /* rows of an incident or task list */

struct ctx {
	const struct compose_input *in;
	int en;
};

static const char *L(const struct ctx *x, const char *ja, const char *en)
{
	return x->en ? en : ja;
}

/* --- reading the metrics --------------------------------------------------- */

static const json_t *at(const json_t *o, const char *path)
{
	char key[64];
	while (o && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = json_object_get(o, key);
		path += n + (dot ? 1 : 0);
	}
	return o;
}

static long long num(const json_t *o, const char *path)
{
	const json_t *v = at(o, path);
	return json_is_integer(v) ? (long long)json_integer_value(v)
	       : json_is_real(v)  ? llround(json_real_value(v))
	                          : 0;
}

static const char *s(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

/* The count of key in a [{key, count}] list. */
static long long count_of(const json_t *list, const char *key)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		if (json_is_string(json_object_get(e, "key")) && strcmp(s(e, "key"), key) == 0)
			return (long long)json_integer_value(json_object_get(e, "count"));
	}
	return 0;
}

/* --- formatting ------------------------------------------------------------- */

/* 1234567 -> "1,234,567" */
static const char *fmt_int(char *buf, size_t len, long long n)
{
	char digits[32];
	int k = snprintf(digits, sizeof(digits), "%lld", n < 0 ? -n : n), j = 0;
	size_t o = 0;
	if (n < 0 && o + 1 < len)
		buf[o++] = '-';
	for (; j < k && o + 2 < len; j++) {
		if (j && (k - j) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[j];
	}
	buf[o] = '\0';
	return buf;
}

/* An amount of yen short enough for a KPI box, the way it is said:
 * 3,325万円 / 1.2億円 in Japanese, ¥33.3M / ¥1.2B in English; small
 * amounts in full. The exact figure stays in the text. */
static const char *fmt_yen_short(const struct ctx *x, char *buf, size_t len, long long n)
{
	char d[48];
	if (x->en) {
		if (n >= 1000000000LL)
			snprintf(buf, len, "¥%.1fB", (double)n / 1e9);
		else if (n >= 1000000LL)
			snprintf(buf, len, "¥%.1fM", (double)n / 1e6);
		else
			snprintf(buf, len, "¥%s", fmt_int(d, sizeof(d), n));
	} else {
		if (n >= 100000000LL)
			snprintf(buf, len, "%.1f億円", (double)n / 1e8);
		else if (n >= 10000LL)
			snprintf(buf, len, "%s万円", fmt_int(d, sizeof(d), (n + 5000) / 10000));
		else
			snprintf(buf, len, "%s円", fmt_int(d, sizeof(d), n));
	}
	return buf;
}

static const char *fmt_hours(const struct ctx *x, char *buf, size_t len, const json_t *h)
{
	if (!json_is_number(h))
		return "—";
	double v = json_number_value(h);
	if (v >= 48)
		snprintf(buf, len, x->en ? "%.1f days" : "%.1f 日", v / 24);
	else
		snprintf(buf, len, x->en ? "%.1f hours" : "%.1f 時間", v);
	return buf;
}

static const char *fmt_pct(char *buf, size_t len, const json_t *ratio)
{
	if (!json_is_number(ratio))
		return "—";
	snprintf(buf, len, "%.1f%%", json_number_value(ratio) * 100);
	return buf;
}

/* "+12%" / "-5%" / "" (no base). */
static const char *fmt_change(char *buf, size_t len, const json_t *ratio)
{
	if (!json_is_number(ratio)) {
		buf[0] = '\0';
		return buf;
	}
	snprintf(buf, len, "%+.0f%%", json_number_value(ratio) * 100);
	return buf;
}

static json_t *textf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *textf(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return json_string(buf);
}

/* --- the model -------------------------------------------------------------- */

static json_t *section(json_t *model, const char *heading, int level)
{
	json_t *sec = json_pack("{s:s,s:i,s:[]}", "heading", heading, "level", level, "blocks");
	json_array_append_new(json_object_get(model, "sections"), sec);
	return json_object_get(sec, "blocks");
}

static void paragraph(json_t *blocks, json_t *text)
{
	if (text)
		json_array_append_new(blocks, json_pack("{s:s,s:o}", "type", "paragraph", "text", text));
}

static void bullets(json_t *blocks, json_t *items)
{
	json_array_append_new(blocks, json_pack("{s:s,s:o}", "type", "bullets", "items", items));
}

static void kpi(json_t *items, const char *label, const char *value, const char *delta)
{
	json_t *k = json_pack("{s:s,s:s}", "label", label, "value", value);
	if (delta && *delta)
		json_object_set_new(k, "delta", json_string(delta));
	json_array_append_new(items, k);
}

/* A table; align is a string of 'l' / 'r', one per column. */
static json_t *table(json_t *blocks, const char *const *columns, const char *align)
{
	json_t *cols = json_array(), *al = json_array();
	for (size_t i = 0; columns[i]; i++) {
		json_array_append_new(cols, json_string(columns[i]));
		json_array_append_new(al, json_string(align[i] == 'r' ? "right" : "left"));
	}
	json_t *t = json_pack("{s:s,s:o,s:o,s:[]}", "type", "table", "columns", cols, "align", al, "rows");
	json_array_append_new(blocks, t);
	return json_object_get(t, "rows");
}

/* --- labels ------------------------------------------------------------------- */

static const char *category_label(const struct ctx *x, const char *code)
{
	const json_t *l = json_object_get(json_object_get(x->in->labels, "category"), code);
	const char *v = json_string_value(json_object_get(l, x->en ? "en" : "ja"));
	if (!*code)
		return L(x, "未分類", "unclassified");
	return v && *v ? v : code;
}

static const char *status_label(const struct ctx *x, const char *code)
{
	enum incident_status st;
	if (workflow_status_parse(code, &st) != 0)
		return code;
	return x->en ? workflow_status_label_en(st) : workflow_status_label_ja(st);
}

static const char *sla_label(const struct ctx *x, const char *code)
{
	static const char *const codes[] = {"acknowledge", "first_response", "containment", "resolution"};
	static const char *const ja[] = {"受付確認", "初動", "封じ込め", "解決"};
	static const char *const en[] = {"acknowledgement", "first response", "containment", "resolution"};
	for (size_t i = 0; i < 4; i++)
		if (strcmp(code, codes[i]) == 0)
			return x->en ? en[i] : ja[i];
	return code;
}

/* --- charts ------------------------------------------------------------------
 *
 * Each chart the reports draw is built here once, as the model's "chart"
 * object, and served as it is to the web dashboard (compose_chart), so the
 * dashboard and the reports draw the same figures the same way. A builder
 * always answers a chart; one without data has no categories (a report
 * leaves it out, the dashboard draws "no data").
 */

static json_t *chart_obj(const char *kind, const char *title, const char *unit, json_t *categories, json_t *series)
{
	json_t *c = json_pack("{s:s,s:s,s:o,s:o}", "kind", kind, "title", title, "categories", categories, "series",
	                      series);
	if (c && unit)
		json_object_set_new(c, "unit", json_string(unit));
	return c;
}

static json_t *one_series(const struct ctx *x, json_t *values)
{
	return json_pack("[{s:s,s:o}]", "name", L(x, "件数", "count"), "values", values);
}

static const char *channel_label(const struct ctx *x, const char *code)
{
	static const char *const en[] = {"email", "web form", "API", "SOC", "phone"};
	enum report_channel ch;
	if (report_channel_parse(code, &ch) != 0)
		return code;
	return x->en ? en[ch] : report_channel_label_ja(ch);
}

static const char *age_label(const struct ctx *x, const char *key)
{
	static const char *const keys[] = {"0-7d", "8-30d", "31-90d", "91d+"};
	static const char *const ja[] = {"7 日以内", "8〜30 日", "31〜90 日", "91 日以上"};
	static const char *const en[] = {"up to 7 days", "8-30 days", "31-90 days", "over 90 days"};
	for (size_t i = 0; i < 4; i++)
		if (strcmp(key, keys[i]) == 0)
			return x->en ? en[i] : ja[i];
	return key;
}

/* A bar chart of a [{key, count}] list (at most TOP_CATEGORIES bars),
 * labelled by label(x, entry). */
static json_t *count_chart(const struct ctx *x, const json_t *list,
                           const char *(*label)(const struct ctx *, const json_t *), const char *title,
                           const char *unit)
{
	json_t *cats = json_array(), *vals = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		if (i >= TOP_CATEGORIES)
			break;
		json_array_append_new(cats, json_string(label(x, e)));
		json_array_append_new(vals, json_integer(json_integer_value(json_object_get(e, "count"))));
	}
	return chart_obj("bar", title, unit, cats, one_series(x, vals));
}

static const char *category_of(const struct ctx *x, const json_t *e)
{
	return category_label(x, s(e, "key"));
}

static const char *constituency_of(const struct ctx *x, const json_t *e)
{
	const char *n = s(e, "name");
	(void)x;
	return *n ? n : s(e, "code");
}

static const char *channel_of(const struct ctx *x, const json_t *e)
{
	return channel_label(x, s(e, "key"));
}

static const char *age_of(const struct ctx *x, const json_t *e)
{
	return age_label(x, s(e, "key"));
}

static json_t *chart_category(const struct ctx *x)
{
	return count_chart(x, json_object_get(x->in->metrics, "by_category"), category_of,
	                   L(x, "分類別のインシデント件数", "Incidents by category"), L(x, "件", "incidents"));
}

static json_t *chart_constituency(const struct ctx *x)
{
	return count_chart(x, json_object_get(x->in->metrics, "by_constituency"), constituency_of,
	                   L(x, "対象組織別のインシデント件数", "Incidents by constituency"), L(x, "件", "incidents"));
}

static json_t *chart_channel(const struct ctx *x)
{
	return count_chart(x, json_object_get(x->in->metrics, "reports_by_channel"), channel_of,
	                   L(x, "経路別の報告件数", "Reports by channel"), L(x, "件", "reports"));
}

static json_t *chart_ageing(const struct ctx *x)
{
	return count_chart(x, at(x->in->metrics, "backlog.ageing"), age_of,
	                   L(x, "未解決案件の経過日数", "Open cases by age"), L(x, "件", "cases"));
}

/* Incidents of the period and those open at its end, per priority. */
static json_t *chart_priority(const struct ctx *x)
{
	static const char *const prios[] = {"P1", "P2", "P3", "P4"};
	json_t *cats = json_array(), *made = json_array(), *open = json_array();
	for (size_t i = 0; i < 4; i++) {
		json_array_append_new(cats, json_string(prios[i]));
		json_array_append_new(made,
		                      json_integer(count_of(json_object_get(x->in->metrics, "by_priority"), prios[i])));
		json_array_append_new(open,
		                      json_integer(count_of(at(x->in->metrics, "backlog.by_priority"), prios[i])));
	}
	return chart_obj("bar", L(x, "優先度別のインシデント件数", "Incidents by priority"), L(x, "件", "incidents"),
	                 cats,
	                 json_pack("[{s:s,s:o},{s:s,s:o}]", "name", L(x, "期間中に発生", "in the period"), "values",
	                           made, "name", L(x, "期末の未解決", "open at period end"), "values", open));
}

/* Compliance per SLA target in percent, for the targets with a verdict. */
static json_t *chart_sla(const struct ctx *x)
{
	static const char *const keys[] = {"acknowledge", "first_response", "containment", "resolution"};
	json_t *cats = json_array(), *vals = json_array();
	char p[64];
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "sla.%s.compliance", keys[i]);
		const json_t *v = at(x->in->metrics, p);
		if (!json_is_number(v))
			continue;
		json_array_append_new(cats, json_string(sla_label(x, keys[i])));
		json_array_append_new(vals, json_real(round(json_number_value(v) * 1000) / 10));
	}
	return chart_obj("bar", L(x, "SLA 遵守率（目標別）", "SLA compliance by target"), "%", cats,
	                 json_pack("[{s:s,s:o}]", "name", L(x, "遵守率", "compliance"), "values", vals));
}

/* Incidents per month over the series (the last 12 months). */
static json_t *chart_trend(const struct ctx *x)
{
	json_t *cats = json_array(), *vals = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(x->in->series, "points"), i, p)
	{
		if (i >= 100)
			break; /* CHART_MAX_CATEGORIES; a series has at most 60 */
		json_array_append_new(cats, json_string(s(p, "period")));
		const json_t *v = json_object_get(p, "value");
		json_array_append_new(vals, json_real(json_is_number(v) ? json_number_value(v) : 0));
	}
	return chart_obj("line", L(x, "月別のインシデント件数（直近 12 か月）", "Incidents per month (last 12 months)"),
	                 L(x, "件", "incidents"), cats, one_series(x, vals));
}

/* The dashboard's names for the charts: stable, they are part of the API. */
static const struct {
	const char *name;
	json_t *(*build)(const struct ctx *x);
} charts[] = {
        {"category", chart_category}, {"priority", chart_priority}, {"constituency", chart_constituency},
        {"channel", chart_channel},   {"trend", chart_trend},       {"ageing", chart_ageing},
        {"sla", chart_sla},
};

static size_t ncategories(const json_t *chart)
{
	return json_array_size(json_object_get(chart, "categories"));
}

/* Appends the chart c (stolen) when it has at least min categories. 1 when
 * appended. */
static int put_chart(json_t *blocks, json_t *c, size_t min)
{
	if (!c || ncategories(c) < min) {
		json_decref(c);
		return 0;
	}
	json_array_append_new(blocks, json_pack("{s:s,s:o}", "type", "chart", "chart", c));
	return 1;
}

static void put_category_chart(const struct ctx *x, json_t *blocks)
{
	if (!put_chart(blocks, chart_category(x), 1))
		paragraph(blocks,
		          json_string(L(x, "この期間のインシデントはありません。", "No incidents in this period.")));
}

static void put_trend_chart(const struct ctx *x, json_t *blocks)
{
	put_chart(blocks, chart_trend(x), 2);
}

/* --- shared pieces ------------------------------------------------------------- */

static void put_kpis(const struct ctx *x, json_t *blocks)
{
	const json_t *m = x->in->metrics;
	char a[64], b[64], c[64], d[64], e[64];
	json_t *items = json_array();
	kpi(items, L(x, "受け付けた報告", "reports received"), fmt_int(a, sizeof(a), num(m, "counts.reports")),
	    fmt_change(b, sizeof(b), at(m, "trend.previous.change.reports")));
	kpi(items, L(x, "対応したインシデント", "incidents handled"), fmt_int(c, sizeof(c), num(m, "counts.incidents")),
	    fmt_change(d, sizeof(d), at(m, "trend.previous.change.incidents")));
	kpi(items, L(x, "解決までの時間（中央値）", "time to resolve (median)"),
	    fmt_hours(x, e, sizeof(e), at(m, "times.mttr.median_hours")), NULL);
	char f[64], g[64], h[64];
	kpi(items, L(x, "SLA 遵守率（解決）", "SLA compliance (resolution)"),
	    fmt_pct(f, sizeof(f), at(m, "sla.resolution.compliance")), NULL);
	kpi(items, L(x, "期末の未解決", "open at period end"), fmt_int(g, sizeof(g), num(m, "backlog.open_at_end")),
	    NULL);
	if (num(m, "damage.incidents_with_estimate") > 0) {
		kpi(items, L(x, "被害見込み額", "estimated damage"),
		    fmt_yen_short(x, h, sizeof(h), num(m, "damage.total_jpy")), NULL);
	}
	json_array_append_new(blocks, json_pack("{s:s,s:o}", "type", "kpis", "items", items));
}

static void put_priority_table(const struct ctx *x, json_t *blocks)
{
	static const char *const prios[] = {"P1", "P2", "P3", "P4"};
	const char *cols[] = {L(x, "優先度", "Priority"), L(x, "件数", "Incidents"),
	                      L(x, "期末の未解決", "Open at period end"), NULL};
	json_t *rows = table(blocks, cols, "lrr");
	for (size_t i = 0; i < 4; i++)
		json_array_append_new(
		        rows, json_pack("[s,I,I]", prios[i],
		                        (json_int_t)count_of(json_object_get(x->in->metrics, "by_priority"), prios[i]),
		                        (json_int_t)count_of(at(x->in->metrics, "backlog.by_priority"), prios[i])));
}

static void put_comparison(const struct ctx *x, json_t *blocks)
{
	const json_t *m = x->in->metrics;
	const char *cols[] = {"", L(x, "今期", "This period"), L(x, "前期", "Previous period"),
	                      L(x, "前年同期", "Same period last year"), NULL};
	json_t *rows = table(blocks, cols, "lrrr");
	static const char *const keys[] = {"reports", "incidents", "coordinations"};
	const char *names[] = {L(x, "報告", "Reports"), L(x, "インシデント", "Incidents"),
	                       L(x, "調整", "Coordinations")};
	char p[80], y[80];
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "trend.previous.%s", keys[i]);
		snprintf(y, sizeof(y), "trend.year_ago.%s", keys[i]);
		char k[80];
		snprintf(k, sizeof(k), "counts.%s", keys[i]);
		json_array_append_new(rows, json_pack("[s,I,I,I]", names[i], (json_int_t)num(m, k),
		                                      (json_int_t)num(m, p), (json_int_t)num(m, y)));
	}
}

static void put_definitions(const struct ctx *x, json_t *model)
{
	json_t *b = section(model, L(x, "付録: 用語と数値の定義", "Appendix: definitions"), 1);
	json_t *items = json_array();
	if (!x->en) {
		json_array_append_new(
		        items,
		        json_string("報告: 期間中に受け付けた報告（メール・Web フォーム・SOC アラート等）の件数。"));
		json_array_append_new(
		        items,
		        json_string(
		                "インシデント: 期間中に検知（未入力なら登録）されたインシデントの件数。演習は除く。"));
		json_array_append_new(items, json_string("調整: 組織外との連絡調整を伴ったインシデントの件数。"));
		json_array_append_new(items, json_string("MTTA: 報告の受付から受付確認（トリアージ）までの時間。"));
		json_array_append_new(items,
		                      json_string("MTTC: 検知から封じ込めまでの時間。MTTR: 検知から解決までの時間。"));
		json_array_append_new(
		        items, json_string("SLA 遵守率: "
		                           "期限のある対応のうち、期限内に終えたものの割合（営業時間と祝日を考慮）。"));
		json_array_append_new(items, json_string("演習（訓練）のインシデントはすべての数値から除外している。"));
	} else {
		json_array_append_new(
		        items,
		        json_string("Reports: reports received in the period (mail, web form, SOC alerts, ...)."));
		json_array_append_new(items, json_string("Incidents: incidents detected (or created, when no detection "
		                                         "time is known) in the period, exercises excluded."));
		json_array_append_new(
		        items,
		        json_string("Coordinations: incidents that involved coordination with outside parties."));
		json_array_append_new(items,
		                      json_string("MTTA: from a report's receipt to its acknowledgement (triage)."));
		json_array_append_new(
		        items, json_string("MTTC: from detection to containment. MTTR: from detection to resolution."));
		json_array_append_new(items, json_string("SLA compliance: the share of targets met in time (business "
		                                         "hours and holidays counted)."));
		json_array_append_new(items, json_string("Exercise incidents are excluded from every figure."));
	}
	bullets(b, items);
	paragraph(b, json_string(L(x, "詳しい定義は docs/METRICS.md にある。",
	                           "The full definitions are in docs/METRICS.md.")));
}

/* --- management ------------------------------------------------------------------ */

static void management_summary(const struct ctx *x, json_t *model)
{
	const json_t *m = x->in->metrics;
	char a[48], b[48], c[48], d[48];
	json_t *blk = section(model, L(x, "1. 今期のまとめ", "1. Summary"), 1);
	const char *label = s(json_object_get(m, "period"), "label");
	long long p1 = count_of(json_object_get(m, "by_priority"), "P1");
	json_t *happened = json_array();
	if (!x->en) {
		json_array_append_new(happened, textf("%s の期間に、セキュリティに関する報告を %s 件受け付け、%s "
		                                      "件をインシデントとして対応しました（前期は %s 件）。",
		                                      label, fmt_int(a, sizeof(a), num(m, "counts.reports")),
		                                      fmt_int(b, sizeof(b), num(m, "counts.incidents")),
		                                      fmt_int(c, sizeof(c), num(m, "trend.previous.incidents"))));
		json_array_append_new(happened, textf("このうち、事業への影響が大きいもの（優先度 P1）は %lld "
		                                      "件、個人情報に関わるものは %lld 件でした。",
		                                      p1, num(m, "counts.personal_data")));
		json_array_append_new(happened,
		                      textf("インシデントを見つけてから解決するまでの時間は、中央値で %s でした。",
		                            fmt_hours(x, d, sizeof(d), at(m, "times.mttr.median_hours"))));
	} else {
		json_array_append_new(
		        happened,
		        textf("In %s we received %s security reports and handled %s incidents (previous period: %s).",
		              label, fmt_int(a, sizeof(a), num(m, "counts.reports")),
		              fmt_int(b, sizeof(b), num(m, "counts.incidents")),
		              fmt_int(c, sizeof(c), num(m, "trend.previous.incidents"))));
		json_array_append_new(
		        happened, textf("%lld had a high business impact (priority P1); %lld involved personal data.",
		                        p1, num(m, "counts.personal_data")));
		json_array_append_new(happened, textf("From detection to resolution took %s (median).",
		                                      fmt_hours(x, d, sizeof(d), at(m, "times.mttr.median_hours"))));
	}
	paragraph(blk, json_string(L(x, "何が起きたか", "What happened")));
	bullets(blk, happened);

	json_t *cost = json_array();
	if (num(m, "damage.incidents_with_estimate") > 0)
		json_array_append_new(cost,
		                      textf(x->en ? "Estimated damage: ¥%s in total (%lld incidents with an estimate)."
		                                  : "被害の見込み額は合計 %s 円です（見積りのある %lld 件の合計）。",
		                            fmt_int(a, sizeof(a), num(m, "damage.total_jpy")),
		                            num(m, "damage.incidents_with_estimate")));
	else
		json_array_append_new(cost,
		                      json_string(L(x, "今期、被害額の見積りが入力されたインシデントはありません。",
		                                    "No incident of the period has a damage estimate.")));
	json_array_append_new(cost,
	                      textf(x->en ? "Response deadlines (SLA) were met in %s of cases; %lld were missed."
	                                  : "対応期限（SLA）の遵守率は %s、期限を過ぎたものは %lld 件でした。",
	                            fmt_pct(b, sizeof(b), at(m, "sla.resolution.compliance")), num(m, "sla_breaches")));
	paragraph(blk, json_string(L(x, "どれだけの影響があったか", "What it cost")));
	bullets(blk, cost);

	json_t *asks = json_array();
	if (p1 > 0)
		json_array_append_new(
		        asks, textf(x->en ? "Decide on the measures against recurrence of the %lld P1 incidents."
		                          : "重大なインシデント %lld 件について、再発防止策のご判断をお願いします。",
		                    p1));
	if (num(m, "sla_breaches") > 0)
		json_array_append_new(
		        asks, textf(x->en ? "%lld deadlines were missed: review staffing and the help we get from "
		                            "other departments."
		                          : "期限超過が %lld "
		                            "件ありました。対応要員と関係部署の協力体制の見直しをお願いします。",
		                    num(m, "sla_breaches")));
	long long old = count_of(at(m, "backlog.ageing"), "91d+");
	if (old > 0)
		json_array_append_new(
		        asks,
		        textf(x->en ? "%lld cases have been open for more than 90 days: ask the owners to close them."
		                    : "90 日を超えて解決していない案件が %lld "
		                      "件あります。担当部署への指示をお願いします。",
		              old));
	if (!json_array_size(asks))
		json_array_append_new(asks, json_string(L(x, "今期、経営層にお願いしたい判断はありません。",
		                                          "Nothing needs a management decision this period.")));
	paragraph(blk, json_string(L(x, "お願いしたいこと", "What we ask for")));
	bullets(blk, asks);
}

static void management(const struct ctx *x, json_t *model)
{
	management_summary(x, model);
	json_t *b = section(model, L(x, "2. 数値で見る今期", "2. The figures"), 1);
	put_kpis(x, b);
	put_category_chart(x, b);
	put_trend_chart(x, b);
	b = section(model, L(x, "優先度別", "By priority"), 2);
	put_priority_table(x, b);
	b = section(model, L(x, "前期・前年同期との比較", "Compared with earlier periods"), 2);
	put_comparison(x, b);
	put_definitions(x, model);
}

/* --- constituency ------------------------------------------------------------------ */

static void constituency(const struct ctx *x, json_t *model)
{
	const json_t *m = x->in->metrics;
	char a[48], b[48];
	json_t *blk = section(model, L(x, "1. 今期の概況", "1. Overview"), 1);
	paragraph(blk, textf(x->en ? "In %s the CSIRT received %s reports and handled %s incidents."
	                           : "%s の期間に、CSIRT は %s 件の報告を受け付け、%s 件のインシデントに対応しました。",
	                     s(json_object_get(m, "period"), "label"), fmt_int(a, sizeof(a), num(m, "counts.reports")),
	                     fmt_int(b, sizeof(b), num(m, "counts.incidents"))));
	put_category_chart(x, blk);
	put_trend_chart(x, blk);
	blk = section(model, L(x, "2. 報告の経路", "2. How reports reached us"), 1);
	put_chart(blk, chart_channel(x), 1);
	const char *cols[] = {L(x, "経路", "Channel"), L(x, "件数", "Reports"), NULL};
	json_t *rows = table(blk, cols, "lr");
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(m, "reports_by_channel"), i, e) json_array_append_new(
	        rows, json_pack("[s,I]", s(e, "key"), json_integer_value(json_object_get(e, "count"))));
	blk = section(model, L(x, "3. 報告のお願い", "3. Please report"), 1);
	paragraph(blk, json_string(L(x,
	                             "不審なメールや端末の異常、情報の漏えいが疑われる事象に気づいたら、ためらわずに "
	                             "CSIRT へ報告してください。早い報告が被害を小さくします。",
	                             "If you notice a suspicious mail, a misbehaving device or a possible leak, report "
	                             "it to the CSIRT at once: early reports keep the damage small.")));
	if (x->in->report_url && *x->in->report_url)
		paragraph(blk, textf("%s %s", L(x, "報告窓口:", "Report at:"), x->in->report_url));
	put_definitions(x, model);
}

/* --- team and meeting ------------------------------------------------------------------ */

static void put_times_table(const struct ctx *x, json_t *blocks)
{
	static const char *const keys[] = {"mtta", "mttc", "mttr", "ttd"};
	const char *names[] = {L(x, "MTTA（報告→受付確認）", "MTTA (report → acknowledged)"),
	                       L(x, "MTTC（検知→封じ込め）", "MTTC (detected → contained)"),
	                       L(x, "MTTR（検知→解決）", "MTTR (detected → resolved)"),
	                       L(x, "検知までの時間（発生→検知）", "Time to detect (occurred → detected)")};
	const char *cols[] = {"", L(x, "件数", "n"), L(x, "平均", "Mean"), L(x, "中央値", "Median"), NULL};
	json_t *rows = table(blocks, cols, "lrrr");
	char a[48], b[48], p[64];
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "times.%s", keys[i]);
		const json_t *t = at(x->in->metrics, p);
		json_array_append_new(rows, json_pack("[s,I,s,s]", names[i], (json_int_t)num(t, "n"),
		                                      fmt_hours(x, a, sizeof(a), json_object_get(t, "mean_hours")),
		                                      fmt_hours(x, b, sizeof(b), json_object_get(t, "median_hours"))));
	}
}

static void put_sla_table(const struct ctx *x, json_t *blocks)
{
	static const char *const keys[] = {"acknowledge", "first_response", "containment", "resolution"};
	const char *cols[] = {L(x, "SLA 目標", "SLA target"),
	                      L(x, "対象", "With a target"),
	                      L(x, "達成", "Met"),
	                      L(x, "超過", "Breached"),
	                      L(x, "未確定", "Pending"),
	                      L(x, "遵守率", "Compliance"),
	                      NULL};
	json_t *rows = table(blocks, cols, "lrrrrr");
	char p[64], pct[32];
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "sla.%s", keys[i]);
		const json_t *t = at(x->in->metrics, p);
		json_array_append_new(rows, json_pack("[s,I,I,I,I,s]", sla_label(x, keys[i]),
		                                      (json_int_t)num(t, "with_target"), (json_int_t)num(t, "met"),
		                                      (json_int_t)num(t, "breached"), (json_int_t)num(t, "pending"),
		                                      fmt_pct(pct, sizeof(pct), json_object_get(t, "compliance"))));
	}
}

static void put_incident_list(const struct ctx *x, json_t *blocks)
{
	if (!json_array_size(x->in->incidents)) {
		paragraph(blocks,
		          json_string(L(x, "この期間のインシデントはありません。", "No incidents in this period.")));
		return;
	}
	const char *cols[] = {L(x, "番号", "Key"),      L(x, "件名", "Title"),  L(x, "優先度", "Priority"),
	                      L(x, "分類", "Category"), L(x, "状態", "Status"), NULL};
	json_t *rows = table(blocks, cols, "lllll");
	size_t i;
	json_t *e;
	json_array_foreach(x->in->incidents, i, e)
	{
		if (i >= LIST_MAX)
			break;
		json_array_append_new(rows,
		                      json_pack("[s,s,s,s,s]", s(e, "key"), s(e, "title"), s(e, "priority"),
		                                category_label(x, s(e, "category")), status_label(x, s(e, "status"))));
	}
}

static void put_task_list(const struct ctx *x, json_t *blocks)
{
	if (!json_array_size(x->in->open_tasks)) {
		paragraph(blocks, json_string(L(x, "未完了のタスクはありません。", "No open tasks.")));
		return;
	}
	const char *cols[] = {L(x, "インシデント", "Incident"), L(x, "タスク", "Task"), L(x, "担当", "Assignee"),
	                      L(x, "期限", "Due"), NULL};
	json_t *rows = table(blocks, cols, "llll");
	size_t i;
	json_t *e;
	json_array_foreach(x->in->open_tasks, i, e)
	{
		if (i >= LIST_MAX)
			break;
		char due[80];
		snprintf(due, sizeof(due), "%.10s%s", s(e, "due_at"),
		         json_is_true(json_object_get(e, "overdue")) ? L(x, "（超過）", " (overdue)") : "");
		json_array_append_new(rows, json_pack("[s,s,s,s]", s(e, "incident_key"), s(e, "title"),
		                                      s(e, "assignee"), *s(e, "due_at") ? due : "—"));
	}
}

static void put_breach_list(const struct ctx *x, json_t *blocks)
{
	if (!json_array_size(x->in->sla_breaches)) {
		paragraph(blocks,
		          json_string(L(x, "この期間の SLA 超過はありません。", "No SLA breaches in this period.")));
		return;
	}
	const char *cols[] = {L(x, "インシデント", "Incident"), L(x, "SLA 目標", "Target"),
	                      L(x, "超過を記録した時刻", "Breach recorded at"), NULL};
	json_t *rows = table(blocks, cols, "lll");
	size_t i;
	json_t *e;
	json_array_foreach(x->in->sla_breaches, i, e)
	{
		if (i >= LIST_MAX)
			break;
		json_array_append_new(
		        rows, json_pack("[s,s,s]", s(e, "incident_key"), sla_label(x, s(e, "target")), s(e, "at")));
	}
}

static void team(const struct ctx *x, json_t *model)
{
	json_t *b = section(model, L(x, "1. 概況", "1. Overview"), 1);
	put_kpis(x, b);
	put_comparison(x, b);
	b = section(model, L(x, "2. 内訳", "2. Breakdown"), 1);
	put_category_chart(x, b);
	put_priority_table(x, b);
	put_chart(b, chart_priority(x), 1);
	put_chart(b, chart_constituency(x), 2); /* one bar says nothing */
	put_trend_chart(x, b);
	b = section(model, L(x, "3. 対応時間と SLA", "3. Response times and SLA"), 1);
	put_times_table(x, b);
	put_sla_table(x, b);
	put_chart(b, chart_sla(x), 1);
	b = section(model, L(x, "SLA 超過の一覧", "SLA breaches"), 2);
	put_breach_list(x, b);
	b = section(model, L(x, "4. 未解決案件", "4. Backlog"), 1);
	put_chart(b, chart_ageing(x), 1);
	b = section(model, L(x, "5. 期間中のインシデント", "5. Incidents of the period"), 1);
	put_incident_list(x, b);
	b = section(model, L(x, "6. 未完了のタスク", "6. Open tasks"), 1);
	put_task_list(x, b);
	put_definitions(x, model);
}

/* Topics: one per paragraph (blank-line separated), kept as written. */
static void put_topics(const struct ctx *x, json_t *blocks)
{
	const char *t = x->in->topics;
	json_t *items = json_array();
	while (t && *t) {
		const char *end = strstr(t, "\n\n");
		size_t n = end ? (size_t)(end - t) : strlen(t);
		while (n && (t[n - 1] == '\n' || t[n - 1] == ' '))
			n--;
		if (n)
			json_array_append_new(items, json_stringn(t, n));
		t = end ? end + 2 : t + strlen(t);
		while (*t == '\n')
			t++;
	}
	if (json_array_size(items))
		bullets(blocks, items);
	else {
		json_decref(items);
		paragraph(blocks, json_string(L(x, "（議題なし）", "(no topics)")));
	}
}

static void meeting(const struct ctx *x, json_t *model)
{
	json_t *b = section(
	        model,
	        L(x, "1. 対象期間内のインシデント発生及び対応状況", "1. Incidents of the period and their handling"),
	        1);
	put_kpis(x, b);
	put_incident_list(x, b);
	b = section(model, L(x, "2. 課題、タスク等の状況", "2. Open issues and tasks"), 1);
	put_task_list(x, b);
	put_breach_list(x, b);
	b = section(model, L(x, "3. セキュリティ関連トピックス", "3. Security topics"), 1);
	put_topics(x, b);
}

/* --- the whole ------------------------------------------------------------------ */

int compose_audience_parse(const char *v, enum compose_audience *out)
{
	static const char *const names[] = {"management", "constituency", "team", "meeting"};
	for (int i = 0; i < 4; i++)
		if (v && strcmp(v, names[i]) == 0) {
			*out = (enum compose_audience)i;
			return 0;
		}
	return -1;
}

const char *compose_audience_name(enum compose_audience a)
{
	static const char *const names[] = {"management", "constituency", "team", "meeting"};
	return (unsigned)a < 4 ? names[a] : "";
}

static const char *title_of(const struct ctx *x)
{
	switch (x->in->audience) {
	case COMPOSE_MANAGEMENT: return L(x, "CSIRT 活動報告（経営層向け）", "CSIRT activity report for management");
	case COMPOSE_CONSTITUENCY: return L(x, "セキュリティインシデント統計", "Security incident statistics");
	case COMPOSE_TEAM: return L(x, "CSIRT 活動報告（チーム内）", "CSIRT activity report (team)");
	default: return L(x, "定期報告会資料", "Periodic report meeting pack");
	}
}

/* "YYYY-MM-DD" (Asia/Tokyo) of an RFC 3339 UTC instant; end: the day before. */
static void local_date(const char *rfc3339, int end, char *out, size_t len)
{
	int y, mo, d, h;
	if (sscanf(rfc3339, "%4d-%2d-%2dT%2d", &y, &mo, &d, &h) != 4) {
		snprintf(out, len, "1970-01-01");
		return;
	}
	/* UTC+9, and the exclusive end moves back one second */
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h + 9, .tm_sec = end ? -1 : 0};
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d", &tm);
}

json_t *compose_report(const struct compose_input *in)
{
	struct ctx x = {in, in->lang && strcmp(in->lang, "en") == 0};
	const json_t *period = json_object_get(in->metrics, "period");
	char from[16], to[16];
	local_date(s(period, "from"), 0, from, sizeof(from));
	local_date(s(period, "to"), 1, to, sizeof(to));
	const char *tlp = in->audience == COMPOSE_CONSTITUENCY ? "CLEAR" : "AMBER";
	json_t *model = json_pack(
	        "{s:s,s:s,s:{s:s,s:s,s:s},s:s,s:s,s:s,s:s,s:b,s:[]}", "title", title_of(&x), "team",
	        in->team && *in->team ? in->team : "CSIRT", "period", "label", s(period, "label"), "from", from, "to",
	        to, "audience", in->audience == COMPOSE_MEETING ? "team" : compose_audience_name(in->audience), "lang",
	        x.en ? "en" : "ja", "tlp", tlp, "generated_at", in->generated_at ? in->generated_at : "", "toc",
	        in->audience == COMPOSE_TEAM, "sections");
	if (!model)
		return NULL;
	switch (in->audience) {
	case COMPOSE_MANAGEMENT: management(&x, model); break;
	case COMPOSE_CONSTITUENCY: constituency(&x, model); break;
	case COMPOSE_TEAM: team(&x, model); break;
	default: meeting(&x, model);
	}
	return model;
}

const char *compose_chart_name(size_t i)
{
	return i < sizeof(charts) / sizeof(charts[0]) ? charts[i].name : NULL;
}

json_t *compose_chart(const struct compose_input *in, const char *name)
{
	struct ctx x = {in, in->lang && strcmp(in->lang, "en") == 0};
	for (size_t i = 0; name && i < sizeof(charts) / sizeof(charts[0]); i++)
		if (strcmp(name, charts[i].name) == 0)
			return charts[i].build(&x);
	return NULL;
}

json_t *compose_labels_of(const json_t *metrics)
{
	json_t *cat = json_object();
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(metrics, "by_category"), i, e)
	{
		const char *k = json_string_value(json_object_get(e, "key"));
		if (k)
			json_object_set_new(cat, k,
			                    json_pack("{s:O?,s:O?}", "ja", json_object_get(e, "label_ja"), "en",
			                              json_object_get(e, "label_en")));
	}
	return json_pack("{s:o}", "category", cat);
}
