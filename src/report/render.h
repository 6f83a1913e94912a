/*
 * render.h - the report model and its renderers (PDF, HTML, CSV, and one
 * chart as SVG or PNG).
 *
 * A report is described by a JSON document, the report model. Whoever builds
 * a report (the CLI, the scheduler, the server) turns metrics into this model;
 * the renderers here only lay it out. They compute nothing.
 *
 * The report model (the contract):
 *
 *   { "title": str, "subtitle": str?, "team": str,
 *     "period": {"label": str, "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}?,
 *     "audience": "management"|"constituency"|"team", "lang": "ja"|"en",
 *     "tlp": "CLEAR"|"GREEN"|"AMBER"|"AMBER+STRICT"|"RED",
 *     "generated_at": "ISO 8601",
 *     "toc": bool (table of contents for long reports),
 *     "sections": [ { "heading": str?, "level": 1|2|3, "blocks": [
 *         {"type":"paragraph","text": str} |
 *         {"type":"bullets","items":[str],"ordered":bool?,"start":int?} |
 *         {"type":"code","text": str} | {"type":"quote","text": str} |
 *         {"type":"rule"} |
 *         {"type":"kpis","items":[{"label":str,"value":str,"delta":str?}]} |
 *         {"type":"table","columns":[str],"align":["left"|"right"],
 *          "rows":[[str|number]]} |
 *         {"type":"chart","chart":{"kind":"bar"|"stacked_bar"|"line",
 *          "title":str,"unit":str?,"categories":[str],
 *          "series":[{"name":str,"values":[number]}]}} ] } ] }
 *
 * Optional parts: without "period" the cover shows none (a document such
 * as the RFC 2350 description covers no period); a section without
 * "heading" continues the text before it (no heading, no contents line);
 * "start" numbers an ordered list from that number (default 1).
 *
 * Rules beyond the shape (report_model_parse enforces them, naming the path
 * of the offending value, e.g. "sections[2].blocks[0].chart.series[1].values[3]"):
 * - unknown fields are refused (a typo should not silently drop content);
 * - "to" is not before "from"; dates are real calendar dates;
 * - "align", when present, has one entry per column; every row has exactly
 *   one cell per column; every series has one value per category;
 * - numbers are finite and within +-1e15 (so stacked sums stay finite);
 * - text holds no control characters except LF and TAB in paragraphs,
 *   bullet items, code, quotes and table cells;
 * - the sizes below (REPORT_MAX_*) bound memory and rendering time.
 *
 * The renderers are pure functions from a parsed model to bytes: no globals
 * of ours, no I/O, callable from the CLI and from server threads alike.
 * Caveat on threads: text goes through pango and fontconfig. Each render
 * uses the calling thread's default PangoCairo font map (pango keeps one per
 * thread since 1.32.6), and fontconfig's own initialisation is internally
 * locked, so concurrent renders on different threads are safe; the first
 * render in a thread pays the fontconfig start-up (loading the font cache,
 * some tens of milliseconds). A thread's font map lives until the thread
 * ends. Checked: four threads rendering the same model five times each give
 * byte-identical PDFs; ThreadSanitizer then reports races only inside the
 * uninstrumented cairo, fontconfig, HarfBuzz and GLib (whose own atomics it
 * cannot see), none in our code. A server wary of that can serialise renders
 * with one mutex: a monthly report takes well under a second.
 */
#ifndef HIKESHI_REPORT_RENDER_H
#define HIKESHI_REPORT_RENDER_H

#include "core/tlp.h"
#include "report/chart.h"

#include <jansson.h>

#include <stddef.h>

#define REPORT_MAX_JSON     (16u << 20) /* bytes of model JSON */
#define REPORT_MAX_SECTIONS 500
#define REPORT_MAX_BLOCKS   200    /* per section */
#define REPORT_MAX_ITEMS    1000   /* bullet items or KPIs per block */
#define REPORT_MAX_COLUMNS  32     /* per table */
#define REPORT_MAX_ROWS     20000  /* per table */
#define REPORT_MAX_CELLS    200000 /* table cells in the whole model */
#define REPORT_MAX_TEXT     20000  /* bytes of one paragraph, item or cell */
#define REPORT_MAX_LABEL    500    /* bytes of a title, heading, label or name */
#define REPORT_MAX_VALUE    1e15   /* magnitude of a number */

#define REPORT_MAX_START 1000000000 /* first number of an ordered list */

enum report_audience { REPORT_MANAGEMENT, REPORT_CONSTITUENCY, REPORT_TEAM };
enum report_lang { REPORT_JA, REPORT_EN };

enum report_block_type {
	REPORT_PARAGRAPH,
	REPORT_BULLETS,
	REPORT_KPIS,
	REPORT_TABLE,
	REPORT_CHART,
	REPORT_CODE,  /* preformatted text, in a monospaced font */
	REPORT_QUOTE, /* quoted text */
	REPORT_RULE,  /* a horizontal rule */
};

struct report_kpi {
	const char *label, *value, *delta; /* delta may be NULL */
};

struct report_cell {
	const char *text; /* a number is kept as its JSON text ("1234", "12.5") */
	int is_number;
};

struct report_block {
	enum report_block_type type;
	const char *text;   /* paragraph, code, quote */
	const char **items; /* bullets */
	size_t nitems;      /* bullets and kpis */
	int ordered;        /* bullets: numbered from start */
	long start;
	struct report_kpi *kpis;
	const char **columns; /* table */
	size_t ncolumns;
	unsigned char *right;      /* per column: 1 = right-aligned */
	struct report_cell *cells; /* nrows * ncolumns, row-major */
	size_t nrows;
	struct chart chart; /* chart */
};

struct report_section {
	const char *heading; /* NULL: a continuation without a heading */
	int level;           /* 1, 2 or 3 */
	struct report_block *blocks;
	size_t nblocks;
};

/* A parsed, validated model. Strings point into memory the model owns. */
struct report_model {
	const char *title, *subtitle, *team;  /* subtitle may be NULL */
	const char *period_label, *from, *to; /* all NULL when the model has no period */
	enum report_audience audience;
	enum report_lang lang;
	enum tlp tlp;
	const char *generated_at;
	int toc;
	struct report_section *sections;
	size_t nsections;
	struct model_arena *arena; /* owns everything above */
};

/*
 * report_model_parse - parse and validate model JSON s[0..n).
 * On success returns a model (free with report_model_free). On failure
 * returns NULL and writes "PATH: what is wrong" into err (errlen bytes,
 * always NUL-terminated), e.g. "sections[0].blocks[2].rows[4]: has 3 cells,
 * the table has 4 columns". Pure: no I/O.
 */
struct report_model *report_model_parse(const char *s, size_t n, char *err, size_t errlen);
void report_model_free(struct report_model *m);

/* The number of charts in the model, and the i-th (0-based) or NULL. */
size_t report_model_nchart(const struct report_model *m);
const struct chart *report_model_chart(const struct report_model *m, size_t i);

/*
 * report_render_chart - one chart of the model ("chart" object of a chart
 * block, borrowed) as a standalone image for the web: SVG (chart_svg_titled,
 * REPORT_CHART_SVG_W x _H points) or, with png, PNG (REPORT_CHART_PNG_W x _H
 * pixels). The chart is checked as in a report, except that it may have no
 * categories (drawn as "no data"). 0 with *out (malloc'd) of *outlen bytes;
 * -1 with err naming what is wrong (or empty when rendering failed).
 */
#define REPORT_CHART_SVG_W 520.0 /* the HTML report's chart size */
#define REPORT_CHART_SVG_H 260.0
#define REPORT_CHART_PNG_W 1040 /* twice that in pixels: sharp on high-density screens */
#define REPORT_CHART_PNG_H 520
int report_render_chart(const json_t *chart, int lang_en, int png, char **out, size_t *outlen, char *err,
                        size_t errlen);

/* The localised audience name ("経営層向け", "for management", ...). */
const char *report_audience_name(enum report_audience a, enum report_lang l);

/*
 * The renderers. Each writes the whole document into *out (malloc'd, *outlen
 * bytes; the caller frees it) and returns 0, or returns -1 (nothing
 * allocated) when memory or the output limit ran out or cairo failed.
 */
int report_render_pdf(const struct report_model *m, char **out, size_t *outlen);
int report_render_html(const struct report_model *m, char **out, size_t *outlen);
int report_render_csv(const struct report_model *m, char **out, size_t *outlen);

#endif
