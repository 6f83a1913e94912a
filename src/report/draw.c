/*
 * draw.c - shared pango/cairo helpers for the report renderers (see draw.h).
 */
#include "report/draw.h"

#include <string.h>

int draw_init(struct draw *d, cairo_t *cr, int lang_en)
{
	d->cr = cr;
	/* The calling thread's default font map: pango keeps one per thread,
	 * so this is safe from server threads (see render.h). */
	d->pc = pango_cairo_create_context(cr);
	if (!d->pc)
		return -1;
	pango_context_set_language(d->pc, pango_language_from_string(lang_en ? "en" : "ja"));
	return 0;
}

void draw_fini(struct draw *d)
{
	if (d->pc)
		g_object_unref(d->pc);
	d->pc = NULL;
}

/*
 * Text without the bidirectional embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069): a team name or title ending in U+202E
 * would otherwise turn the rest of a header line around, a known way to
 * make text say something else. The writing direction of Arabic or Hebrew
 * letters themselves is kept. A new string (g_free), or NULL.
 */
static char *without_bidi_controls(const char *s)
{
	size_t n = strlen(s);
	char *out = g_malloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *u = (const unsigned char *)s + i;
		if (i + 2 < n && u[0] == 0xe2 &&
		    ((u[1] == 0x80 && u[2] >= 0xaa && u[2] <= 0xae) ||
		     (u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9))) {
			i += 2;
			continue;
		}
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

PangoLayout *draw_layout(struct draw *d, const char *text, double size, int bold, double width, enum draw_align align,
                         int ellipsize)
{
	PangoLayout *l = pango_layout_new(d->pc);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, DRAW_FONT);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		if (ellipsize) {
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
			pango_layout_set_height(l, -1); /* one line */
		} else {
			pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		}
	}
	pango_layout_set_alignment(l, align == DRAW_CENTER  ? PANGO_ALIGN_CENTER
	                              : align == DRAW_RIGHT ? PANGO_ALIGN_RIGHT
	                                                    : PANGO_ALIGN_LEFT);
	char *clean = without_bidi_controls(text ? text : "");
	pango_layout_set_text(l, clean, -1);
	g_free(clean);
	return l;
}

void draw_layout_size(PangoLayout *l, double *w, double *h)
{
	int pw, ph;
	pango_layout_get_size(l, &pw, &ph);
	if (w)
		*w = (double)pw / PANGO_SCALE;
	if (h)
		*h = (double)ph / PANGO_SCALE;
}

void draw_show(struct draw *d, PangoLayout *l, double x, double y)
{
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
}

double draw_text(struct draw *d, const char *text, double x, double y, double size, int bold, double width,
                 enum draw_align align, int ellipsize)
{
	PangoLayout *l = draw_layout(d, text, size, bold, width, align, ellipsize);
	double h;
	draw_layout_size(l, NULL, &h);
	draw_show(d, l, x, y);
	g_object_unref(l);
	return h;
}

void draw_rgb(cairo_t *cr, unsigned hex)
{
	cairo_set_source_rgb(cr, ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0);
}

/*
 * LeakSanitizer hook (ignored in normal builds). cairo 1.16 leaks one
 * 768-byte buffer per font it subsets into a PDF, and fontconfig leaks parts
 * of its configuration at exit (both reproduced outside hikeshi with a
 * ten-line program drawing one word). Freeing those caches at exit
 * (cairo_debug_reset_static_data, FcFini) is no cure: both assert, at
 * random, while pango's font cache still holds fonts. The libraries have no
 * frame pointers, so a report stops inside them and only a library-wide
 * suppression matches; leaks of our own allocations, and of pango/GObject
 * objects we forget to unref (allocated through GLib), are still reported.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}
