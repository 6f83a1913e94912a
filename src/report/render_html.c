/*
 * render_html.c - the report model as one standalone HTML document: no
 * external resources, charts as inline SVG (drawn by chart.c, the same
 * drawing as the PDF), print CSS for A4, and the TLP label at the top and
 * bottom (fixed, so that printing repeats it on every page).
 *
 * Every text of the model goes through html_text(), the only escaping
 * writer here. The SVG that cairo writes holds no text of ours (glyphs are
 * drawn as outlines), only ids that cairo made up; those are prefixed per
 * chart so that several charts can share one document.
 */
#include "lib/buf.h"
#include "report/render.h"

#include <stdlib.h>
#include <string.h>

#define HTML_MAX_BYTES (256u << 20)
#define SVG_W          520.0
#define SVG_H          260.0

static const char css[] =
        "body{font-family:'Noto Sans CJK JP','Noto Sans JP',sans-serif;color:#1a1a1a;max-width:820px;"
        "margin:0 auto;padding:56px 24px;line-height:1.7}"
        ".tlp-bar{display:flex;justify-content:space-between;align-items:center;font-size:12px;color:#5f6b7a;"
        "position:fixed;left:0;right:0;padding:6px 16px;background:#fff}"
        ".tlp-bar.top{top:0;border-bottom:1px solid #c9d3e0}.tlp-bar.bottom{bottom:0;border-top:1px solid #c9d3e0}"
        ".tlp{background:#000;font-weight:bold;padding:1px 6px;font-size:13px}"
        ".tlp-red{color:#ff2b2b}.tlp-amber{color:#ffc000}.tlp-green{color:#33ff00}.tlp-clear{color:#fff}"
        ".cover{padding:48px 0 24px;border-bottom:2px solid #1f3a5f}.cover h1{font-size:28px;margin:0}"
        ".cover .subtitle{color:#5f6b7a;font-size:18px;margin:4px 0 16px}"
        ".cover dl{display:grid;grid-template-columns:8em 1fr;gap:4px 12px}.cover dt{color:#5f6b7a}"
        ".cover dd{margin:0}h2{color:#1f3a5f;border-bottom:1px solid #c9d3e0;margin-top:2em}h3,h4{color:#1f3a5f}"
        ".toc ol{list-style:none;padding:0}.toc .l2{padding-left:1.5em}.toc .l3{padding-left:3em}"
        "pre{background:#f3f6fa;border-left:3px solid #c9d3e0;padding:6px 10px;white-space:pre-wrap;"
        "font-family:'Noto Sans Mono CJK JP',monospace;font-size:13px}"
        "blockquote{border-left:3px solid #c9d3e0;margin:8px 0;padding-left:12px;color:#5f6b7a}"
        "hr{border:0;border-top:1px solid #c9d3e0}"
        ".p{white-space:pre-line}"
        ".kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px}"
        ".kpi{background:#f3f6fa;border:1px solid #c9d3e0;padding:8px 10px}.kpi .label,.kpi .delta{color:#5f6b7a;"
        "font-size:12px}.kpi .value{color:#1f3a5f;font-size:24px;font-weight:bold}"
        "table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th{background:#1f3a5f;color:#fff}"
        "th,td{padding:4px 6px;text-align:left;vertical-align:top;white-space:pre-line}"
        "tbody tr:nth-child(even){background:#f3f6fa}.r{text-align:right}"
        "figure.chart{margin:12px 0}figure.chart svg{max-width:100%;height:auto}"
        "details summary{color:#5f6b7a;font-size:12px;cursor:pointer}"
        "@media print{@page{size:A4;margin:20mm 15mm}body{max-width:none;padding:0}"
        "section,figure,tr,.kpi{break-inside:avoid}h2,h3{break-after:avoid}.toc{break-after:page}"
        ".cover{break-after:page}details{display:none}}";

/* The one escaping writer: text and attribute values alike. */
static int html_text(struct buf *b, const char *s)
{
	return buf_escape_html(b, s, strlen(s));
}

/* Writes open, the escaped text, and close. */
static int tag(struct buf *b, const char *open, const char *text, const char *close)
{
	return buf_puts(b, open) || html_text(b, text) || buf_puts(b, close) ? -1 : 0;
}

static const char *tlp_class(enum tlp t)
{
	static const char *const c[] = {"tlp-clear", "tlp-green", "tlp-amber", "tlp-amber", "tlp-red"};
	return tlp_valid(t) ? c[t] : "tlp-clear";
}

static int tlp_span(struct buf *b, enum tlp t)
{
	return buf_printf(b, "<span class=\"tlp %s\">%s</span>", tlp_class(t), tlp_label(t));
}

/* Copies cairo's SVG (from "<svg" on) with its ids prefixed by "cN-". */
static int inline_svg(struct buf *b, const char *svg, size_t len, size_t n)
{
	static const char *const refs[] = {"id=\"", "href=\"#", "url(#"};
	const char *p = strstr(svg, "<svg"), *end = svg + len;
	if (!p)
		return -1;
	while (p < end) {
		const char *next = end;
		size_t which = 0;
		for (size_t i = 0; i < 3; i++) {
			const char *q = strstr(p, refs[i]);
			if (q && q < next) {
				next = q;
				which = i;
			}
		}
		if (buf_append(b, p, (size_t)(next - p)) < 0)
			return -1;
		if (next == end)
			break;
		if (buf_printf(b, "%sc%zu-", refs[which], n) < 0)
			return -1;
		p = next + strlen(refs[which]);
	}
	return 0;
}

/* The chart as inline SVG, and its figures as a table for screen readers
 * and for copying (hidden in print). */
static int chart(struct buf *b, const struct chart *c, size_t n, int lang_en)
{
	char *svg;
	size_t len;
	if (chart_svg(c, SVG_W, SVG_H, &svg, &len) < 0)
		return -1;
	int rc = buf_puts(b, "<figure class=\"chart\" role=\"img\" aria-label=\"") || html_text(b, c->title) ||
	         buf_puts(b, "\">") || inline_svg(b, svg, len, n);
	free(svg);
	if (rc || tag(b, "<details><summary>", lang_en ? "Data" : "データ", "</summary><table><thead><tr><th>"))
		return -1;
	for (size_t s = 0; s < c->nseries; s++)
		if (tag(b, "</th><th class=\"r\">", c->series[s].name, ""))
			return -1;
	if (buf_puts(b, "</th></tr></thead><tbody>"))
		return -1;
	for (size_t i = 0; i < c->ncategories; i++) {
		if (tag(b, "<tr><td>", c->categories[i], "</td>"))
			return -1;
		for (size_t s = 0; s < c->nseries; s++)
			if (buf_printf(b, "<td class=\"r\">%.15g</td>", c->series[s].values[i]) < 0)
				return -1;
		if (buf_puts(b, "</tr>"))
			return -1;
	}
	return buf_puts(b, "</tbody></table></details></figure>\n");
}

static int table(struct buf *b, const struct report_block *t)
{
	if (buf_puts(b, "<table><thead><tr>"))
		return -1;
	for (size_t i = 0; i < t->ncolumns; i++)
		if (tag(b, t->right[i] ? "<th class=\"r\">" : "<th>", t->columns[i], "</th>"))
			return -1;
	if (buf_puts(b, "</tr></thead><tbody>"))
		return -1;
	for (size_t r = 0; r < t->nrows; r++) {
		if (buf_puts(b, "<tr>"))
			return -1;
		for (size_t i = 0; i < t->ncolumns; i++)
			if (tag(b, t->right[i] ? "<td class=\"r\">" : "<td>", t->cells[r * t->ncolumns + i].text,
			        "</td>"))
				return -1;
		if (buf_puts(b, "</tr>\n"))
			return -1;
	}
	return buf_puts(b, "</tbody></table>\n");
}

static int block(struct buf *b, const struct report_block *k, size_t *nchart, int lang_en)
{
	switch (k->type) {
	case REPORT_PARAGRAPH: return tag(b, "<p class=\"p\">", k->text, "</p>\n");
	case REPORT_CODE: return tag(b, "<pre><code>", k->text, "</code></pre>\n");
	case REPORT_QUOTE: return tag(b, "<blockquote class=\"p\">", k->text, "</blockquote>\n");
	case REPORT_RULE: return buf_puts(b, "<hr>\n");
	case REPORT_BULLETS:
		if (k->ordered ? buf_printf(b, "<ol start=\"%ld\">", k->start) < 0 : buf_puts(b, "<ul>"))
			return -1;
		for (size_t i = 0; i < k->nitems; i++)
			if (tag(b, "<li class=\"p\">", k->items[i], "</li>"))
				return -1;
		return buf_puts(b, k->ordered ? "</ol>\n" : "</ul>\n");
	case REPORT_KPIS:
		if (buf_puts(b, "<div class=\"kpis\">"))
			return -1;
		for (size_t i = 0; i < k->nitems; i++) {
			const struct report_kpi *v = &k->kpis[i];
			if (tag(b, "<div class=\"kpi\"><div class=\"label\">", v->label, "</div>") ||
			    tag(b, "<div class=\"value\">", v->value, "</div>") ||
			    (v->delta && tag(b, "<div class=\"delta\">", v->delta, "</div>")) || buf_puts(b, "</div>"))
				return -1;
		}
		return buf_puts(b, "</div>\n");
	case REPORT_TABLE: return table(b, k);
	case REPORT_CHART: return chart(b, &k->chart, (*nchart)++, lang_en);
	}
	return -1;
}

static int cover(struct buf *b, const struct report_model *m)
{
	int e = m->lang == REPORT_EN;
	if (tag(b, "<section class=\"cover\"><h1>", m->title, "</h1>\n") ||
	    (m->subtitle && tag(b, "<p class=\"subtitle\">", m->subtitle, "</p>\n")) ||
	    tag(b, "<dl><dt>", e ? "Team" : "チーム", "</dt>") || tag(b, "<dd>", m->team, "</dd>") ||
	    (m->period_label &&
	     (tag(b, "<dt>", e ? "Period" : "対象期間", "</dt>") || tag(b, "<dd>", m->period_label, " (") ||
	      tag(b, "", m->from, " – ") || tag(b, "", m->to, ")</dd>"))) ||
	    tag(b, "<dt>", e ? "Audience" : "対象読者", "</dt>") ||
	    tag(b, "<dd>", report_audience_name(m->audience, m->lang), "</dd>") ||
	    tag(b, "<dt>", e ? "Generated" : "作成日時", "</dt>") || tag(b, "<dd>", m->generated_at, "</dd>") ||
	    buf_puts(b, "<dt>TLP</dt><dd>") || tlp_span(b, m->tlp) < 0 || buf_puts(b, "</dd></dl></section>\n"))
		return -1;
	if (!m->toc || !m->nsections)
		return 0;
	if (tag(b, "<nav class=\"toc\"><h2>", e ? "Contents" : "目次", "</h2><ol>"))
		return -1;
	for (size_t i = 0; i < m->nsections; i++)
		if (m->sections[i].heading &&
		    (buf_printf(b, "<li class=\"l%d\"><a href=\"#s%zu\">", m->sections[i].level, i) < 0 ||
		     tag(b, "", m->sections[i].heading, "</a></li>")))
			return -1;
	return buf_puts(b, "</ol></nav>\n");
}

static int document(struct buf *b, const struct report_model *m)
{
	size_t nchart = 0;
	if (buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">", m->lang ? "en" : "ja") <
	            0 ||
	    buf_puts(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	                "<meta name=\"generator\" content=\"hikeshi\">") ||
	    tag(b, "<title>", m->title, "</title><style>") || buf_puts(b, css) ||
	    tag(b, "</style></head><body>\n<header class=\"tlp-bar top\"><span>", m->team, " — ") ||
	    tag(b, "", m->title, "</span>") || tlp_span(b, m->tlp) < 0 || buf_puts(b, "</header>\n") || cover(b, m) ||
	    buf_puts(b, "<main>\n"))
		return -1;
	for (size_t i = 0; i < m->nsections; i++) {
		const struct report_section *s = &m->sections[i];
		if (buf_printf(b, "<section id=\"s%zu\">", i) < 0 ||
		    (s->heading && (buf_printf(b, "<h%d>", s->level + 1) < 0 || html_text(b, s->heading) ||
		                    buf_printf(b, "</h%d>\n", s->level + 1) < 0)))
			return -1;
		for (size_t k = 0; k < s->nblocks; k++)
			if (block(b, &s->blocks[k], &nchart, m->lang == REPORT_EN))
				return -1;
		if (buf_puts(b, "</section>\n"))
			return -1;
	}
	return buf_puts(b, "</main>\n<footer class=\"tlp-bar bottom\"><span></span>") || tlp_span(b, m->tlp) < 0 ||
	                       buf_puts(b, "</footer>\n</body></html>\n")
	               ? -1
	               : 0;
}

int report_render_html(const struct report_model *m, char **out, size_t *outlen)
{
	struct buf b;
	buf_init(&b, HTML_MAX_BYTES);
	if (document(&b, m) < 0) {
		buf_free(&b);
		return -1;
	}
	*outlen = b.len;
	*out = buf_steal(&b);
	return 0;
}
