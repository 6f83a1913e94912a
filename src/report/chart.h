/*
 * chart.h - bar, stacked bar and line charts drawn with cairo, text laid out
 * with pango (Noto Sans CJK JP), in a fixed colour-blind-safe palette
 * (Okabe & Ito). One drawing path serves the PDF report (chart_draw onto
 * its page), the HTML report and the web dashboard (chart_svg, chart_png).
 *
 * Drawing is defensive: NaN or infinite values are drawn as 0 (the model
 * validator refuses them before they get here), an empty chart (no
 * categories or no series) draws its frame and a "no data" note, long
 * labels are ellipsised, and with many categories only every k-th label is
 * shown so that they do not overlap.
 */
#ifndef HIKESHI_REPORT_CHART_H
#define HIKESHI_REPORT_CHART_H

#include <stddef.h>

enum chart_kind { CHART_BAR, CHART_STACKED_BAR, CHART_LINE };

#define CHART_MAX_CATEGORIES 100
#define CHART_MAX_SERIES     8 /* the palette has 8 distinguishable colours */

struct chart_series {
	const char *name;
	const double *values; /* one per category */
};

struct chart {
	enum chart_kind kind;
	const char *title;
	const char *unit; /* may be NULL: shown above the value axis */
	const char **categories;
	size_t ncategories;
	const struct chart_series *series;
	size_t nseries;
	int lang_en; /* 0: Japanese notes ("データなし"), 1: English */
};

typedef struct _cairo cairo_t;

/* chart_draw - draw c into the rectangle (x, y, w, h) of cr (in the units
 * of cr, normally points). cr's state is saved and restored. */
void chart_draw(cairo_t *cr, const struct chart *c, double x, double y, double w, double h);

/*
 * chart_svg / chart_png - c as a standalone SVG document (w x h points) or
 * PNG image (w x h pixels), written to *out (malloc'd, *outlen bytes; the
 * caller frees it). 0, or -1 on failure (nothing allocated). Thread-safe
 * under the caveats in render.h.
 */
int chart_svg(const struct chart *c, double w, double h, char **out, size_t *outlen);
int chart_png(const struct chart *c, int w, int h, char **out, size_t *outlen);

/*
 * chart_svg_titled - chart_svg for the web: the root element gets
 * role="img" and an aria-label, and its first children are <title> (the
 * title and unit) and <desc> (the figures, one category a line), so the
 * image can be read without seeing it. cairo draws text as glyph outlines;
 * these are the only text of ours in the document, XML-escaped. Same
 * return and ownership as chart_svg.
 */
int chart_svg_titled(const struct chart *c, double w, double h, char **out, size_t *outlen);

#endif
