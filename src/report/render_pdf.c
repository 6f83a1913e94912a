/*
 * render_pdf.c - the report model as an A4 portrait PDF (cairo's PDF
 * surface, text through pango in Noto Sans CJK JP).
 *
 * Pages: a cover (title, team, period when there is one, audience, TLP,
 * generation time), an optional table of contents, then the sections. Every page carries the TLP
 * label in its header and footer (TLP 2.0: "TLP:AMBER" in the label colour
 * on black, right-aligned) and "n / N" in its footer.
 *
 * The layout runs twice over the same cairo context: the first pass only
 * measures (page breaks, the page of each heading, the page count), the
 * second paints with the numbers the first found. Both passes take the same
 * decisions because the table of contents has a size known in advance (one
 * line per section), so the body starts on the same page in both.
 */
#include "lib/buf.h"
#include "report/draw.h"
#include "report/render.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W   595.276 /* A4 in points */
#define PAGE_H   841.890
#define MARGIN   56.7 /* 20 mm */
#define TOP      72.0
#define BOTTOM   (PAGE_H - 64.0)
#define TEXT_W   (PAGE_W - 2 * MARGIN)
#define BODY     10.0 /* body text size */
#define CELL     8.5  /* table text size */
#define CELL_PAD 4.0
#define CHART_H  230.0
#define TOC_LINE 18.0
#define GAP      8.0                     /* after each block */
#define MONO     "Noto Sans Mono CJK JP" /* code blocks */

#define COLOR_TEXT    0x1A1A1A
#define COLOR_MUTED   0x5F6B7A
#define COLOR_ACCENT  0x1F3A5F
#define COLOR_RULE    0xC9D3E0
#define COLOR_STRIPE  0xF3F6FA
#define PDF_MAX_BYTES (512u << 20)

struct pdf {
	struct draw d;
	cairo_t *cr;
	cairo_surface_t *surface;
	const struct report_model *m;
	int paint;     /* 0: measuring pass */
	int page;      /* current page, 1-based */
	int npages;    /* the total, from the measuring pass */
	int toc_pages; /* pages of the table of contents */
	double y;      /* next free vertical position */
	int *sec_page; /* per section: the page of its heading */
	int outline;   /* the outline id of the current level-1 heading */
	int outline2;  /* ... and of the current level-2 heading */
};

static int en(const struct pdf *p)
{
	return p->m->lang == REPORT_EN;
}

/* TLP 2.0 label colours (text on a black background). */
static unsigned tlp_colour(enum tlp t)
{
	switch (t) {
	case TLP_RED: return 0xFF2B2B;
	case TLP_AMBER:
	case TLP_AMBER_STRICT: return 0xFFC000;
	case TLP_GREEN: return 0x33FF00;
	case TLP_CLEAR: return 0xFFFFFF;
	}
	return 0xFFFFFF;
}

/* The TLP label, right-aligned so that its right edge is at x. */
static void tlp_box(struct pdf *p, double x, double y, double size)
{
	PangoLayout *l = draw_layout(&p->d, tlp_label(p->m->tlp), size, 1, 0, DRAW_LEFT, 0);
	double w, h;
	draw_layout_size(l, &w, &h);
	draw_rgb(p->cr, 0x000000);
	cairo_rectangle(p->cr, x - w - 2 * 4, y, w + 2 * 4, h + 2);
	cairo_fill(p->cr);
	draw_rgb(p->cr, tlp_colour(p->m->tlp));
	draw_show(&p->d, l, x - w - 4, y + 1);
	g_object_unref(l);
}

static void header_footer(struct pdf *p)
{
	char num[32];
	draw_rgb(p->cr, COLOR_MUTED);
	char head[2 * REPORT_MAX_LABEL + 8];
	snprintf(head, sizeof head, "%s — %s", p->m->team, p->m->title);
	draw_text(&p->d, head, MARGIN, 30, 7.5, 0, TEXT_W - 110, DRAW_LEFT, 1);
	tlp_box(p, PAGE_W - MARGIN, 28, 9);
	draw_rgb(p->cr, COLOR_RULE);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN, 46);
	cairo_line_to(p->cr, PAGE_W - MARGIN, 46);
	cairo_move_to(p->cr, MARGIN, PAGE_H - 48);
	cairo_line_to(p->cr, PAGE_W - MARGIN, PAGE_H - 48);
	cairo_stroke(p->cr);
	snprintf(num, sizeof num, "%d / %d", p->page, p->npages);
	draw_rgb(p->cr, COLOR_MUTED);
	draw_text(&p->d, num, MARGIN, PAGE_H - 40, 8, 0, TEXT_W, DRAW_CENTER, 0);
	tlp_box(p, PAGE_W - MARGIN, PAGE_H - 41, 9);
}

static void new_page(struct pdf *p)
{
	if (p->paint && p->page > 0)
		cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
	if (p->paint)
		header_footer(p);
}

/* Makes room for h points, starting a new page if they do not fit. */
static void need(struct pdf *p, double h)
{
	if (p->y + h > BOTTOM && p->y > TOP)
		new_page(p);
}

/* What flow() paints behind each line: a background band (code) and a
 * bar in the left margin (quotes, code); colours 0 = none. */
struct deco {
	unsigned bg, bar, text;
	double left, width; /* the band's extent */
};

static void decorate(struct pdf *p, const struct deco *d, double y, double h)
{
	if (d->bg) {
		draw_rgb(p->cr, d->bg);
		cairo_rectangle(p->cr, d->left, y, d->width, h);
		cairo_fill(p->cr);
	}
	if (d->bar) {
		draw_rgb(p->cr, d->bar);
		cairo_rectangle(p->cr, d->left, y, 3, h);
		cairo_fill(p->cr);
	}
	draw_rgb(p->cr, d->text);
}

/*
 * Places a layout at x, line by line, breaking to a new page between lines;
 * d (or NULL) decorates each line. Returns the top of its first line (for
 * bullets).
 */
static double flow_deco(struct pdf *p, PangoLayout *l, double x, const struct deco *d)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double start = p->y, shift = 0, first = -1;
	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		double top = (double)r.y / PANGO_SCALE, lh = (double)r.height / PANGO_SCALE;
		if (start + top - shift + lh > BOTTOM && start + top - shift > TOP) {
			new_page(p);
			start = TOP;
			shift = top;
		}
		double ly = start + top - shift;
		if (first < 0)
			first = ly;
		if (p->paint) {
			double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
			if (d) /* the band covers the spacing too, so lines join up */
				decorate(p, d, ly, lh + (double)pango_layout_get_spacing(l) / PANGO_SCALE + 0.5);
			cairo_move_to(p->cr, x + (double)r.x / PANGO_SCALE, start + base - shift);
			pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		}
		p->y = ly + lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return first < 0 ? p->y : first;
}

static double flow(struct pdf *p, PangoLayout *l, double x)
{
	return flow_deco(p, l, x, NULL);
}

static void paragraph(struct pdf *p, const char *text)
{
	PangoLayout *l = draw_layout(&p->d, text, BODY, 0, TEXT_W, DRAW_LEFT, 0);
	pango_layout_set_spacing(l, (int)(BODY * 0.5 * PANGO_SCALE));
	draw_rgb(p->cr, COLOR_TEXT);
	flow(p, l, MARGIN);
	g_object_unref(l);
}

/* Bullets, or numbers right-aligned in a gutter wide enough for them. */
static void bullets(struct pdf *p, const struct report_block *b)
{
	double gutter = b->ordered ? 16 + 5.5 * floor(log10((double)b->start + (double)b->nitems + 1)) : 16;
	for (size_t i = 0; i < b->nitems; i++) {
		PangoLayout *l = draw_layout(&p->d, b->items[i], BODY, 0, TEXT_W - gutter, DRAW_LEFT, 0);
		pango_layout_set_spacing(l, (int)(BODY * 0.4 * PANGO_SCALE));
		draw_rgb(p->cr, COLOR_TEXT);
		double y = flow(p, l, MARGIN + gutter);
		g_object_unref(l);
		if (p->paint && b->ordered) {
			char num[24];
			snprintf(num, sizeof num, "%ld.", b->start + (long)i);
			draw_rgb(p->cr, COLOR_ACCENT);
			draw_text(&p->d, num, MARGIN, y, BODY, 0, gutter - 4, DRAW_RIGHT, 0);
		} else if (p->paint) {
			draw_rgb(p->cr, COLOR_ACCENT);
			cairo_new_path(p->cr); /* no line from where the text left the current point */
			cairo_arc(p->cr, MARGIN + 6, y + BODY * 0.75, 2.2, 0, 2 * M_PI);
			cairo_fill(p->cr);
		}
		p->y += 3;
	}
}

/* Preformatted text: monospaced, on a light band, lines kept as they are. */
static void code(struct pdf *p, const char *text)
{
	PangoLayout *l = draw_layout(&p->d, text, CELL, 0, TEXT_W - 16, DRAW_LEFT, 0);
	PangoFontDescription *fd = pango_font_description_copy(pango_layout_get_font_description(l));
	pango_font_description_set_family(fd, MONO);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_spacing(l, (int)(CELL * 0.3 * PANGO_SCALE));
	struct deco d = {COLOR_STRIPE, COLOR_RULE, COLOR_TEXT, MARGIN, TEXT_W};
	p->y += 2;
	flow_deco(p, l, MARGIN + 10, &d);
	g_object_unref(l);
	p->y += 4;
}

static void quote(struct pdf *p, const char *text)
{
	PangoLayout *l = draw_layout(&p->d, text, BODY, 0, TEXT_W - 16, DRAW_LEFT, 0);
	pango_layout_set_spacing(l, (int)(BODY * 0.5 * PANGO_SCALE));
	struct deco d = {0, COLOR_RULE, COLOR_MUTED, MARGIN, TEXT_W};
	draw_rgb(p->cr, COLOR_MUTED);
	flow_deco(p, l, MARGIN + 14, &d);
	g_object_unref(l);
}

static void rule(struct pdf *p)
{
	need(p, 12);
	if (p->paint) {
		draw_rgb(p->cr, COLOR_RULE);
		cairo_set_line_width(p->cr, 0.8);
		cairo_move_to(p->cr, MARGIN, p->y + 6);
		cairo_line_to(p->cr, MARGIN + TEXT_W, p->y + 6);
		cairo_stroke(p->cr);
	}
	p->y += 12;
}

static void kpis(struct pdf *p, const struct report_block *b)
{
	const double gap = 10, h = 70;
	size_t per = b->nitems < 4 ? b->nitems : 4;
	double w = (TEXT_W - gap * (double)(per - 1)) / (double)per;
	for (size_t i = 0; i < b->nitems; i++) {
		size_t col = i % per;
		if (col == 0) {
			if (i)
				p->y += h + gap;
			need(p, h);
		}
		if (!p->paint)
			continue;
		const struct report_kpi *k = &b->kpis[i];
		double x = MARGIN + (double)col * (w + gap);
		draw_rgb(p->cr, COLOR_STRIPE);
		cairo_rectangle(p->cr, x, p->y, w, h);
		cairo_fill_preserve(p->cr);
		draw_rgb(p->cr, COLOR_RULE);
		cairo_set_line_width(p->cr, 0.8);
		cairo_stroke(p->cr);
		draw_rgb(p->cr, COLOR_MUTED);
		draw_text(&p->d, k->label, x + 8, p->y + 7, 8.5, 0, w - 16, DRAW_LEFT, 1);
		draw_rgb(p->cr, COLOR_ACCENT);
		draw_text(&p->d, k->value, x + 8, p->y + 22, 20, 1, w - 16, DRAW_LEFT, 1);
		if (k->delta) {
			draw_rgb(p->cr, COLOR_MUTED);
			draw_text(&p->d, k->delta, x + 8, p->y + 52, 8.5, 0, w - 16, DRAW_LEFT, 1);
		}
	}
	p->y += h;
}

/* Column widths: natural widths (of the header and the first rows) scaled
 * to the text width. */
static void column_widths(struct pdf *p, const struct report_block *t, double *w)
{
	double total = 0;
	for (size_t c = 0; c < t->ncolumns; c++) {
		double nat = 0, cw;
		for (size_t r = 0; r <= t->nrows && r <= 200; r++) {
			const char *s = r == 0 ? t->columns[c] : t->cells[(r - 1) * t->ncolumns + c].text;
			PangoLayout *l = draw_layout(&p->d, s, CELL, r == 0, 0, DRAW_LEFT, 0);
			draw_layout_size(l, &cw, NULL);
			g_object_unref(l);
			nat = fmax(nat, fmin(cw, 220));
		}
		w[c] = fmax(nat, 18) + 2 * CELL_PAD;
		total += w[c];
	}
	for (size_t c = 0; c < t->ncolumns; c++)
		w[c] *= TEXT_W / total;
}

/* One table row (header when r == SIZE_MAX); height measured, painted when
 * paint. */
static double row(struct pdf *p, const struct report_block *t, const double *w, size_t r, int paint)
{
	PangoLayout *ls[REPORT_MAX_COLUMNS];
	double h = 0, x = MARGIN;
	int head = r == SIZE_MAX;
	for (size_t c = 0; c < t->ncolumns; c++) {
		const char *s = head ? t->columns[c] : t->cells[r * t->ncolumns + c].text;
		ls[c] = draw_layout(&p->d, s, CELL, head, w[c] - 2 * CELL_PAD, t->right[c] ? DRAW_RIGHT : DRAW_LEFT, 0);
		double ch;
		draw_layout_size(ls[c], NULL, &ch);
		h = fmax(h, ch);
	}
	h += 2 * CELL_PAD;
	if (paint) {
		cairo_save(p->cr);
		cairo_rectangle(p->cr, MARGIN, p->y, TEXT_W, fmin(h, BOTTOM - p->y));
		cairo_clip(p->cr);
		if (head || r % 2) {
			draw_rgb(p->cr, head ? COLOR_ACCENT : COLOR_STRIPE);
			cairo_rectangle(p->cr, MARGIN, p->y, TEXT_W, h);
			cairo_fill(p->cr);
		}
		draw_rgb(p->cr, head ? 0xFFFFFF : COLOR_TEXT);
		for (size_t c = 0; c < t->ncolumns; c++) {
			draw_show(&p->d, ls[c], x + CELL_PAD, p->y + CELL_PAD);
			x += w[c];
		}
		cairo_restore(p->cr);
	}
	for (size_t c = 0; c < t->ncolumns; c++)
		g_object_unref(ls[c]);
	return h;
}

static void table(struct pdf *p, const struct report_block *t)
{
	double w[REPORT_MAX_COLUMNS];
	column_widths(p, t, w);
	double hh = row(p, t, w, SIZE_MAX, 0);
	need(p, hh + 3 * CELL + 2 * CELL_PAD);
	p->y += row(p, t, w, SIZE_MAX, p->paint);
	for (size_t r = 0; r < t->nrows; r++) {
		double h = row(p, t, w, r, 0);
		if (p->y + h > BOTTOM) {
			new_page(p);
			p->y += row(p, t, w, SIZE_MAX, p->paint); /* the header again */
		}
		row(p, t, w, r, p->paint);
		p->y = fmin(p->y + h, BOTTOM);
	}
	if (p->paint) {
		draw_rgb(p->cr, COLOR_RULE);
		cairo_set_line_width(p->cr, 0.8);
		cairo_move_to(p->cr, MARGIN, p->y);
		cairo_line_to(p->cr, MARGIN + TEXT_W, p->y);
		cairo_stroke(p->cr);
	}
}

static void chart_block(struct pdf *p, const struct chart *c)
{
	need(p, CHART_H);
	if (p->paint)
		chart_draw(p->cr, c, MARGIN, p->y, TEXT_W, CHART_H);
	p->y += CHART_H;
}

/* The outline entry of a heading, under the last heading one level up. */
static void outline(struct pdf *p, const struct report_section *s, const char *attr)
{
	int parent = s->level == 1 ? CAIRO_PDF_OUTLINE_ROOT : s->level == 2 || !p->outline2 ? p->outline : p->outline2;
	int id = cairo_pdf_surface_add_outline(p->surface, parent, s->heading, attr, 0);
	if (s->level == 1) {
		p->outline = id;
		p->outline2 = 0;
	} else if (s->level == 2) {
		p->outline2 = id;
	}
}

static void heading(struct pdf *p, size_t i)
{
	const struct report_section *s = &p->m->sections[i];
	double size = s->level == 1 ? 15 : s->level == 2 ? 12 : 10.5;
	if (!s->heading) { /* a continuation: no heading */
		p->sec_page[i] = p->page;
		return;
	}
	if (p->y > TOP)
		p->y += s->level == 1 ? 14 : 8;
	PangoLayout *l = draw_layout(&p->d, s->heading, size, 1, TEXT_W, DRAW_LEFT, 0);
	double h;
	draw_layout_size(l, NULL, &h);
	need(p, h + 60); /* keep a heading with the start of its content */
	p->sec_page[i] = p->page;
	if (p->paint) {
		char attr[64];
		snprintf(attr, sizeof attr, "name='s%zu'", i);
		cairo_tag_begin(p->cr, CAIRO_TAG_DEST, attr);
		draw_rgb(p->cr, COLOR_ACCENT);
		draw_show(&p->d, l, MARGIN, p->y);
		cairo_tag_end(p->cr, CAIRO_TAG_DEST);
		snprintf(attr, sizeof attr, "dest='s%zu'", i);
		outline(p, s, attr);
		if (s->level == 1) {
			draw_rgb(p->cr, COLOR_RULE);
			cairo_set_line_width(p->cr, 1);
			cairo_move_to(p->cr, MARGIN, p->y + h + 3);
			cairo_line_to(p->cr, MARGIN + TEXT_W, p->y + h + 3);
			cairo_stroke(p->cr);
		}
	}
	g_object_unref(l);
	p->y += h + (s->level == 1 ? 10 : 6);
}

static void section(struct pdf *p, size_t i)
{
	const struct report_section *s = &p->m->sections[i];
	heading(p, i);
	for (size_t k = 0; k < s->nblocks; k++) {
		const struct report_block *b = &s->blocks[k];
		switch (b->type) {
		case REPORT_PARAGRAPH: paragraph(p, b->text); break;
		case REPORT_BULLETS: bullets(p, b); break;
		case REPORT_KPIS: kpis(p, b); break;
		case REPORT_TABLE: table(p, b); break;
		case REPORT_CHART: chart_block(p, &b->chart); break;
		case REPORT_CODE: code(p, b->text); break;
		case REPORT_QUOTE: quote(p, b->text); break;
		case REPORT_RULE: rule(p); break;
		}
		p->y += GAP;
	}
}

static void cover_row(struct pdf *p, const char *label, const char *value)
{
	draw_rgb(p->cr, COLOR_MUTED);
	draw_text(&p->d, label, MARGIN, p->y + 2, 9.5, 0, 110, DRAW_LEFT, 1);
	draw_rgb(p->cr, COLOR_TEXT);
	p->y += draw_text(&p->d, value, MARGIN + 120, p->y, 12, 0, TEXT_W - 120, DRAW_LEFT, 0) + 10;
}

static void cover(struct pdf *p)
{
	const struct report_model *m = p->m;
	if (!p->paint)
		return;
	char period[2 * REPORT_MAX_LABEL], when[48];
	if (m->period_label)
		snprintf(period, sizeof period, "%s (%s – %s)", m->period_label, m->from, m->to);
	snprintf(when, sizeof when, "%s", m->generated_at);
	char *t = strchr(when, 'T');
	if (t)
		*t = ' ';
	p->y = 200;
	draw_rgb(p->cr, COLOR_ACCENT);
	cairo_rectangle(p->cr, MARGIN, p->y - 24, 60, 5);
	cairo_fill(p->cr);
	p->y += draw_text(&p->d, m->title, MARGIN, p->y, 26, 1, TEXT_W, DRAW_LEFT, 0) + 8;
	if (m->subtitle) {
		draw_rgb(p->cr, COLOR_MUTED);
		p->y += draw_text(&p->d, m->subtitle, MARGIN, p->y, 14, 0, TEXT_W, DRAW_LEFT, 0);
	}
	p->y += 60;
	cover_row(p, en(p) ? "Team" : "チーム", m->team);
	if (m->period_label)
		cover_row(p, en(p) ? "Period" : "対象期間", period);
	cover_row(p, en(p) ? "Audience" : "対象読者", report_audience_name(m->audience, m->lang));
	cover_row(p, en(p) ? "Generated" : "作成日時", when);
	draw_rgb(p->cr, COLOR_MUTED);
	draw_text(&p->d, "TLP", MARGIN, p->y + 4, 9.5, 0, 110, DRAW_LEFT, 1);
	PangoLayout *l = draw_layout(&p->d, tlp_label(m->tlp), 14, 1, 0, DRAW_LEFT, 0);
	double w;
	draw_layout_size(l, &w, NULL);
	g_object_unref(l);
	tlp_box(p, MARGIN + 120 + w + 8, p->y, 14);
}

static int toc_per_page(void)
{
	return (int)((BOTTOM - TOP - 50) / TOC_LINE);
}

/* Sections with a heading: those have a line in the contents. */
static size_t headed(const struct report_model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nsections; i++)
		n += m->sections[i].heading != NULL;
	return n;
}

static void toc_page(struct pdf *p, int k)
{
	if (!p->paint)
		return;
	if (k == 0) {
		draw_rgb(p->cr, COLOR_ACCENT);
		draw_text(&p->d, en(p) ? "Contents" : "目次", MARGIN, p->y, 16, 1, TEXT_W, DRAW_LEFT, 0);
	}
	p->y += 50;
	size_t per = (size_t)toc_per_page(), line = 0;
	for (size_t i = 0; i < p->m->nsections; i++) {
		const struct report_section *s = &p->m->sections[i];
		if (!s->heading || line++ < (size_t)k * per)
			continue;
		if (line > ((size_t)k + 1) * per)
			break;
		double indent = 18.0 * (s->level - 1);
		char num[16], attr[32];
		snprintf(num, sizeof num, "%d", p->sec_page[i]);
		snprintf(attr, sizeof attr, "dest='s%zu'", i);
		cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attr);
		draw_rgb(p->cr, COLOR_TEXT);
		draw_text(&p->d, s->heading, MARGIN + indent, p->y, s->level == 1 ? 10.5 : 9.5, s->level == 1,
		          TEXT_W - indent - 50, DRAW_LEFT, 1);
		draw_text(&p->d, num, MARGIN, p->y, 10, 0, TEXT_W, DRAW_RIGHT, 0);
		cairo_tag_end(p->cr, CAIRO_TAG_LINK);
		p->y += TOC_LINE;
	}
}

static void layout(struct pdf *p)
{
	p->page = 0;
	new_page(p);
	cover(p);
	for (int k = 0; k < p->toc_pages; k++) {
		new_page(p);
		toc_page(p, k);
	}
	if (p->m->nsections)
		new_page(p);
	for (size_t i = 0; i < p->m->nsections; i++)
		section(p, i);
	if (p->paint)
		cairo_show_page(p->cr);
	p->npages = p->page;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void metadata(cairo_surface_t *s, const struct report_model *m)
{
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, m->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, m->team);
	if (m->period_label || m->subtitle)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT,
		                               m->period_label ? m->period_label : m->subtitle);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "hikeshi");
	if (strlen(m->generated_at) >= 19) /* a full time: the PDF's date, so output is reproducible */
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, m->generated_at);
}

int report_render_pdf(const struct report_model *m, char **out, size_t *outlen)
{
	struct buf b;
	struct pdf p = {.m = m};
	int rc = -1;
	buf_init(&b, PDF_MAX_BYTES);
	p.sec_page = calloc(m->nsections ? m->nsections : 1, sizeof *p.sec_page);
	p.surface = cairo_pdf_surface_create_for_stream(to_buf, &b, PAGE_W, PAGE_H);
	p.cr = cairo_create(p.surface);
	if (!p.sec_page || cairo_status(p.cr) != CAIRO_STATUS_SUCCESS || draw_init(&p.d, p.cr, m->lang == REPORT_EN))
		goto out;
	metadata(p.surface, m);
	if (m->toc && headed(m))
		p.toc_pages = (int)((headed(m) + (size_t)toc_per_page() - 1) / (size_t)toc_per_page());
	layout(&p); /* measure */
	p.paint = 1;
	layout(&p);
	draw_fini(&p.d);
	rc = cairo_status(p.cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
out:
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	if (rc == 0 && cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(p.surface);
	draw_fini(&p.d);
	free(p.sec_page);
	if (rc == 0) {
		*outlen = b.len;
		*out = buf_steal(&b);
	} else {
		buf_free(&b);
	}
	return rc;
}
