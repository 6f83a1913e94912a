/*
 * draw.h - the text and colour helpers every renderer shares: pango layouts
 * in Noto Sans CJK JP with sizes in the units of the cairo context (points
 * on a PDF page), Japanese language tagging so that Han characters take
 * their Japanese forms, and hex colours.
 *
 * Latin letters and digits come from Noto Sans (the same design), kana,
 * kanji and full-width forms from Noto Sans CJK JP. Not for looks: cairo
 * 1.16's CFF subsetter embeds about 900 KB of Noto Sans CJK JP as soon as a
 * page uses its "I" and "L" (or "F") next to a kanji — every TLP label and
 * CSIRT does — so every PDF was about 1 MB; with the Latin glyphs from a
 * TrueType font the subset stays at some tens of KB. Without Noto Sans
 * (fonts-noto-core), fontconfig falls back to the CJK font alone.
 */
#ifndef HIKESHI_REPORT_DRAW_H
#define HIKESHI_REPORT_DRAW_H

#include <cairo.h>
#include <pango/pangocairo.h>

#define DRAW_FONT "Noto Sans, Noto Sans CJK JP"

enum draw_align { DRAW_LEFT, DRAW_CENTER, DRAW_RIGHT };

struct draw {
	cairo_t *cr;
	PangoContext *pc;
};

/* Binds a pango context to cr (which must keep its transformation while
 * d is used). 0, or -1 when pango could not make a context. */
int draw_init(struct draw *d, cairo_t *cr, int lang_en);
void draw_fini(struct draw *d);

/*
 * draw_layout - a layout of text at size (units of cr), bold or not. With
 * width > 0 the text wraps at that width (or, with ellipsize, stays on one
 * line and ends in "…"). The caller unrefs it (g_object_unref).
 */
PangoLayout *draw_layout(struct draw *d, const char *text, double size, int bold, double width, enum draw_align align,
                         int ellipsize);
/* The logical size of a layout in units of cr. */
void draw_layout_size(PangoLayout *l, double *w, double *h);
/* Paints l with its top-left corner at (x, y) in the current source. */
void draw_show(struct draw *d, PangoLayout *l, double x, double y);
/* draw_layout + draw_show; returns the height used. */
double draw_text(struct draw *d, const char *text, double x, double y, double size, int bold, double width,
                 enum draw_align align, int ellipsize);
/* Sets the source colour from 0xRRGGBB. */
void draw_rgb(cairo_t *cr, unsigned hex);

#endif
