/*
 * chart.c - bar, stacked bar and line charts (see chart.h). Geometry, top to
 * bottom inside the given rectangle: title, legend (wrapping rows of colour
 * swatch + series name), unit, then the plot with the value axis on the
 * left and the category labels underneath.
 */
#include "report/chart.h"
#include "lib/buf.h"
#include "report/axis.h"
#include "report/draw.h"

#include <cairo-svg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Okabe & Ito's palette, safe for the common colour-vision deficiencies. */
static const unsigned palette[CHART_MAX_SERIES] = {0x0072B2, 0xE69F00, 0x009E73, 0xD55E00,
                                                   0x56B4E9, 0xCC79A7, 0xF0E442, 0x000000};

#define PAD        6.0
#define TITLE_SIZE 11.0
#define LABEL_SIZE 8.5
#define MIN_LABEL  34.0 /* narrowest room for a category label before labels are skipped */

struct plot {
	double x, y, w, h; /* the plotting area */
	struct chart_axis ax;
};

static double value(const struct chart *c, size_t s, size_t i)
{
	double v = c->series[s].values ? c->series[s].values[i] : 0;
	return isfinite(v) ? v : 0; /* defensive: the validator refuses NaN and inf */
}

static void value_range(const struct chart *c, double *lo, double *hi)
{
	*lo = 0;
	*hi = 0;
	for (size_t i = 0; i < c->ncategories; i++) {
		double pos = 0, neg = 0;
		for (size_t s = 0; s < c->nseries; s++) {
			double v = value(c, s, i);
			if (c->kind == CHART_STACKED_BAR) {
				if (v > 0)
					pos += v;
				else
					neg += v;
			} else {
				pos = fmax(pos, v);
				neg = fmin(neg, v);
			}
		}
		*hi = fmax(*hi, pos);
		*lo = fmin(*lo, neg);
	}
}

static double ypos(const struct plot *p, double v)
{
	return p->y + p->h * (p->ax.max - v) / (p->ax.max - p->ax.min);
}

/* The legend's height when laid out in width w; draws it when paint. */
static double legend(struct draw *d, const struct chart *c, double x, double y, double w, int paint)
{
	double cx = x, row = 0, rowh = LABEL_SIZE * 1.6;
	if (c->nseries < 2 && c->kind != CHART_LINE)
		return 0; /* a single bar series needs no legend */
	for (size_t s = 0; s < c->nseries && s < CHART_MAX_SERIES; s++) {
		PangoLayout *l = draw_layout(d, c->series[s].name, LABEL_SIZE, 0, 140, DRAW_LEFT, 1);
		double tw;
		draw_layout_size(l, &tw, NULL);
		double iw = 12 + tw + 12;
		if (cx > x && cx + iw > x + w) {
			cx = x;
			row++;
		}
		if (paint) {
			draw_rgb(d->cr, palette[s]);
			cairo_rectangle(d->cr, cx, y + row * rowh + 2, 9, 9);
			cairo_fill(d->cr);
			draw_rgb(d->cr, 0x333333);
			draw_show(d, l, cx + 12, y + row * rowh);
		}
		g_object_unref(l);
		cx += iw;
	}
	return (row + 1) * rowh;
}

static void value_axis(struct draw *d, const struct plot *p)
{
	cairo_t *cr = d->cr;
	char lab[64];
	cairo_set_line_width(cr, 0.5);
	for (int t = 0; t < p->ax.nticks; t++) {
		double v = p->ax.min + t * p->ax.step;
		double yy = ypos(p, v);
		draw_rgb(cr, fabs(v) < p->ax.step * 1e-9 ? 0x555555 : 0xDDDDDD);
		cairo_move_to(cr, p->x, yy);
		cairo_line_to(cr, p->x + p->w, yy);
		cairo_stroke(cr);
		if (chart_axis_label(v, p->ax.step, lab, sizeof lab) < 0)
			continue;
		draw_rgb(cr, 0x555555);
		draw_text(d, lab, p->x - 64 - 4, yy - LABEL_SIZE * 0.75, LABEL_SIZE, 0, 64, DRAW_RIGHT, 1);
	}
}

static double label_width(struct draw *d, const struct plot *p)
{
	double maxw = 0;
	char lab[64];
	for (int t = 0; t < p->ax.nticks; t++) {
		if (chart_axis_label(p->ax.min + t * p->ax.step, p->ax.step, lab, sizeof lab) < 0)
			continue;
		PangoLayout *l = draw_layout(d, lab, LABEL_SIZE, 0, 0, DRAW_LEFT, 0);
		double w;
		draw_layout_size(l, &w, NULL);
		g_object_unref(l);
		maxw = fmax(maxw, w);
	}
	return fmin(maxw, 64);
}

static void category_labels(struct draw *d, const struct chart *c, const struct plot *p)
{
	double catw = p->w / (double)c->ncategories;
	size_t k = catw >= MIN_LABEL ? 1 : (size_t)ceil(MIN_LABEL / catw);
	draw_rgb(d->cr, 0x333333);
	for (size_t i = 0; i < c->ncategories; i += k) {
		double cxm = p->x + (i + 0.5) * catw;
		double lw = catw * (double)k - 2;
		draw_text(d, c->categories[i], cxm - lw / 2, p->y + p->h + 3, LABEL_SIZE, 0, lw, DRAW_CENTER, 1);
	}
}

static void bars(cairo_t *cr, const struct chart *c, const struct plot *p)
{
	double catw = p->w / (double)c->ncategories;
	double group = catw * 0.7;
	for (size_t i = 0; i < c->ncategories; i++) {
		double gx = p->x + i * catw + (catw - group) / 2;
		double pos = 0, neg = 0;
		for (size_t s = 0; s < c->nseries; s++) {
			double v = value(c, s, i), base = 0, bx = gx, bw = group;
			if (c->kind == CHART_STACKED_BAR) {
				base = v >= 0 ? pos : neg;
				if (v >= 0)
					pos += v;
				else
					neg += v;
			} else {
				bw = group / (double)c->nseries;
				bx = gx + bw * (double)s;
			}
			double y0 = ypos(p, base), y1 = ypos(p, base + v);
			draw_rgb(cr, palette[s % CHART_MAX_SERIES]);
			cairo_rectangle(cr, bx, fmin(y0, y1), fmax(bw - (bw > 3 ? 0.5 : 0), 0.3), fabs(y1 - y0));
			cairo_fill(cr);
		}
	}
}

static void lines(cairo_t *cr, const struct chart *c, const struct plot *p)
{
	double catw = p->w / (double)c->ncategories;
	cairo_set_line_width(cr, 1.8);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (size_t s = 0; s < c->nseries; s++) {
		draw_rgb(cr, palette[s % CHART_MAX_SERIES]);
		for (size_t i = 0; i < c->ncategories; i++) {
			double xx = p->x + (i + 0.5) * catw, yy = ypos(p, value(c, s, i));
			if (i == 0)
				cairo_move_to(cr, xx, yy);
			else
				cairo_line_to(cr, xx, yy);
		}
		cairo_stroke(cr);
		if (c->ncategories > 40)
			continue; /* markers would merge into a band */
		for (size_t i = 0; i < c->ncategories; i++) {
			cairo_arc(cr, p->x + (i + 0.5) * catw, ypos(p, value(c, s, i)), 2.5, 0, 2 * M_PI);
			cairo_fill(cr);
		}
	}
}

static void draw_chart(struct draw *d, const struct chart *c, double x, double y, double w, double h)
{
	cairo_t *cr = d->cr;
	draw_rgb(cr, 0xFFFFFF);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
	x += PAD;
	y += PAD;
	w -= 2 * PAD;
	h -= 2 * PAD;
	draw_rgb(cr, 0x111111);
	double top = y + draw_text(d, c->title, x, y, TITLE_SIZE, 1, w, DRAW_LEFT, 1) + 4;
	top += legend(d, c, x, top, w, 1);
	if (c->unit && *c->unit) {
		draw_rgb(cr, 0x555555);
		top += draw_text(d, c->unit, x, top, LABEL_SIZE, 0, w, DRAW_LEFT, 1);
	}
	struct plot p = {.y = top + LABEL_SIZE * 0.8};
	p.h = y + h - p.y - LABEL_SIZE * 1.6 - 4;
	if (p.h < 10 || w < 40)
		return; /* no room to plot: title only */
	double lo, hi;
	value_range(c, &lo, &hi);
	int ticks = (int)(p.h / 28);
	chart_axis_nice(lo, hi, ticks < 3 ? 3 : ticks > 10 ? 10 : ticks, &p.ax);
	double lw = label_width(d, &p);
	p.x = x + lw + 6;
	p.w = x + w - p.x;
	value_axis(d, &p);
	if (c->ncategories == 0 || c->nseries == 0) {
		draw_rgb(cr, 0x777777);
		draw_text(d, c->lang_en ? "No data" : "データなし", p.x, p.y + p.h / 2 - LABEL_SIZE, LABEL_SIZE * 1.3,
		          0, p.w, DRAW_CENTER, 1);
		return;
	}
	if (c->kind == CHART_LINE)
		lines(cr, c, &p);
	else
		bars(cr, c, &p);
	category_labels(d, c, &p);
}

void chart_draw(cairo_t *cr, const struct chart *c, double x, double y, double w, double h)
{
	struct draw d;
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	if (draw_init(&d, cr, c->lang_en) == 0)
		draw_chart(&d, c, x, y, w, h);
	draw_fini(&d);
	cairo_restore(cr);
}

/* Output limit for one standalone chart (an SVG of 100 categories is ~1 MB). */
#define CHART_MAX_BYTES (32u << 20)

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static int finish(cairo_surface_t *s, cairo_t *cr, struct buf *b, int png, char **out, size_t *outlen)
{
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (png && st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_write_to_png_stream(s, to_buf, b);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		buf_free(b);
		return -1;
	}
	*outlen = b->len;
	*out = buf_steal(b);
	return *out ? 0 : -1;
}

int chart_svg(const struct chart *c, double w, double h, char **out, size_t *outlen)
{
	struct buf b;
	buf_init(&b, CHART_MAX_BYTES);
	cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_buf, &b, w, h);
	cairo_t *cr = cairo_create(s);
	chart_draw(cr, c, 0, 0, w, h);
	return finish(s, cr, &b, 0, out, outlen);
}

int chart_png(const struct chart *c, int w, int h, char **out, size_t *outlen)
{
	if (w < 1 || h < 1 || w > 8000 || h > 8000)
		return -1;
	struct buf b;
	buf_init(&b, CHART_MAX_BYTES);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	/* Lay out in a 600-unit-wide space so a chart looks alike at any size. */
	double k = w / 600.0 < 1 ? 1 : w / 600.0;
	cairo_scale(cr, k, k);
	chart_draw(cr, c, 0, 0, w / k, h / k);
	return finish(s, cr, &b, 1, out, outlen);
}

/* XML character data and attribute values: the five specials escaped.
 * Model text holds no control characters (report_model_parse refuses
 * them), so nothing else needs care. */
static int xml_text(struct buf *b, const char *s)
{
	return buf_escape_html(b, s, strlen(s));
}

/* <title> (the chart's title and unit) and <desc> (one line per category:
 * "label: value" or "label: series value, series value"). */
static int describe(struct buf *b, const struct chart *c)
{
	int rc = buf_puts(b, "<title>") || xml_text(b, c->title ? c->title : "");
	if (c->unit && *c->unit)
		rc = rc || buf_puts(b, " (") || xml_text(b, c->unit) || buf_puts(b, ")");
	rc = rc || buf_puts(b, "</title>\n<desc>");
	for (size_t i = 0; i < c->ncategories && !rc; i++) {
		rc = xml_text(b, c->categories[i]) || buf_puts(b, ":");
		for (size_t k = 0; k < c->nseries && !rc; k++) {
			if (c->nseries > 1)
				rc = buf_puts(b, k ? ", " : " ") || xml_text(b, c->series[k].name);
			rc = rc || buf_printf(b, " %.15g", value(c, k, i)) < 0;
		}
		rc = rc || buf_puts(b, "\n");
	}
	return rc || buf_puts(b, "</desc>\n") ? -1 : 0;
}

int chart_svg_titled(const struct chart *c, double w, double h, char **out, size_t *outlen)
{
	char *svg;
	size_t len;
	struct buf b;
	if (chart_svg(c, w, h, &svg, &len) < 0)
		return -1;
	const char *open = strstr(svg, "<svg");
	const char *gt = open ? strchr(open, '>') : NULL;
	if (!gt) {
		free(svg);
		return -1;
	}
	buf_init(&b, CHART_MAX_BYTES);
	int rc = buf_append(&b, svg, (size_t)(gt - svg)) || buf_puts(&b, " role=\"img\" aria-label=\"") ||
	         xml_text(&b, c->title ? c->title : "") || buf_puts(&b, "\">\n") || describe(&b, c) ||
	         buf_append(&b, gt + 1, len - (size_t)(gt + 1 - svg));
	free(svg);
	if (rc) {
		buf_free(&b);
		return -1;
	}
	*outlen = b.len;
	*out = buf_steal(&b);
	return *out ? 0 : -1;
}
