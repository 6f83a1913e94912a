/*
 * markdown_model.c - Markdown (GFM) to a report model (see
 * markdown_model.h for the mapping).
 *
 * The walk over the top-level blocks is flat; everything below them (the
 * inlines of a paragraph, the content of a list item or a quote) is read
 * with cmark's iterator, never by recursion, so that hostile nesting
 * (">>>>>>...", "- - - - ...") costs time in proportion to its size and no
 * stack. Every string goes through clean() (control characters dropped)
 * and is cut at a UTF-8 character boundary; each limit of render.h is
 * counted here so that the model always passes report_model_parse().
 */
#include "report/markdown_model.h"

#include "lib/buf.h"
#include "report/render.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The model's JSON stays under REPORT_MAX_JSON: text is counted twice (the
 * worst case of JSON escaping) and every block and cell at a fixed cost. */
#define BUDGET       (12u << 20)
#define BLOCK_COST   64
#define CELL_COST    8
#define SCRATCH_MAX  (2 * MARKDOWN_MODEL_MAX_INPUT + 65536) /* one flattened block */
#define MAX_DEPTH    64                                     /* list levels numbered and indented separately */
#define MAX_INDENT   8                                      /* indentation stops growing here */
#define INDENT       "   "
#define ELLIPSIS     "…"
#define RULE_TEXT    "――――――――"
#define TOC_HEADINGS 4 /* toc = -1: contents from this many headings */

static const char *const extensions[] = {"table", "strikethrough", "autolink", "tasklist"};

static pthread_once_t register_once = PTHREAD_ONCE_INIT;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

struct w {
	json_t *sections;
	json_t *blocks;  /* the current section's (borrowed), or NULL */
	size_t nblocks;  /* in the current section */
	size_t cells;    /* table cells so far */
	size_t budget;   /* cost still allowed */
	size_t headings; /* sections with a heading */
	int shift;       /* 1 when the first "# " became the title */
	int en;
	int full; /* a limit was reached: the rest is left out */
	int oom;
};

/* --- text ----------------------------------------------------------------- */

enum mode { LABEL, TEXT };

/* The length of the valid UTF-8 character at s (n > 0 bytes left), or 0
 * (overlong forms, surrogates and code points past U+10FFFF are invalid). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned cp, min;
	size_t len;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2, min = 0x80, cp = s[0] & 0x1Fu;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3, min = 0x800, cp = s[0] & 0x0Fu;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4, min = 0x10000, cp = s[0] & 0x07u;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3Fu);
	}
	return cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : len;
}

/* Appends s[0..n) without control characters (LF and TAB are kept in TEXT
 * and become spaces in a LABEL) and with every byte that is not valid
 * UTF-8 as U+FFFD. cmark's text is valid already; the callers' is not
 * trusted to be. */
static void clean(struct buf *b, const char *s, size_t n, enum mode m)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0, i = 0;
	while (i < n) {
		size_t l = utf8_len(u + i, n - i);
		if (l > 1 || (l == 1 && u[i] >= 0x20 && u[i] != 0x7f)) {
			i += l;
			continue;
		}
		buf_append(b, s + run, i - run);
		if (l == 0)
			buf_puts(b, "\xEF\xBF\xBD");
		else if (u[i] == '\n' || u[i] == '\t')
			buf_append(b, m == TEXT ? s + i : " ", 1);
		run = ++i;
	}
	buf_append(b, s + run, n - run);
}

/* The largest length <= n that does not split a UTF-8 character of s;
 * s[n] must be readable (the text goes on past n). */
static size_t utf8_cut(const char *s, size_t n)
{
	size_t k = n;
	for (int i = 0; i < 3 && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80; i++)
		k--;
	return k;
}

/* s[0..n) as a JSON string of at most max bytes: cut with "…" when longer. */
static json_t *cut_string(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return json_stringn(s, n);
	size_t k = utf8_cut(s, max - strlen(ELLIPSIS));
	char *t = malloc(k + sizeof ELLIPSIS);
	if (!t)
		return NULL;
	memcpy(t, s, k);
	memcpy(t + k, ELLIPSIS, sizeof ELLIPSIS);
	json_t *v = json_string(t);
	free(t);
	return v;
}

/* A label (title, heading, column): one line, cut to REPORT_MAX_LABEL,
 * leading and trailing blanks dropped. */
static json_t *label(const char *s, size_t n)
{
	struct buf b;
	buf_init(&b, SCRATCH_MAX);
	clean(&b, s ? s : "", s ? n : 0, LABEL);
	const char *p = b.data ? b.data : "";
	size_t len = b.len;
	while (len && *p == ' ') {
		p++;
		len--;
	}
	while (len && p[len - 1] == ' ')
		len--;
	json_t *v = cut_string(p, len, REPORT_MAX_LABEL);
	buf_free(&b);
	return v;
}

/* --- building the model ------------------------------------------------- */

static int spend(struct w *w, size_t cost)
{
	if (w->full || cost > w->budget) {
		w->full = 1;
		return -1;
	}
	w->budget -= cost;
	return 0;
}

/* Starts a section (heading NULL: a continuation without one). Steals
 * heading. */
static int section(struct w *w, json_t *heading, int level)
{
	if (w->full || json_array_size(w->sections) >= REPORT_MAX_SECTIONS || spend(w, BLOCK_COST) < 0) {
		w->full = 1;
		json_decref(heading);
		return -1;
	}
	json_t *s = json_pack("{s:i,s:[]}", "level", level, "blocks");
	if (!s) {
		w->oom = 1;
		json_decref(heading);
		return -1;
	}
	if (heading) {
		json_object_set_new(s, "heading", heading);
		w->headings++;
	}
	json_array_append_new(w->sections, s);
	w->blocks = json_object_get(s, "blocks");
	w->nblocks = 0;
	return 0;
}

/* Appends a block (stolen) to the current section, starting a section
 * without a heading when there is none or it is full; one slot of each
 * section stays free for the final notice. */
static void add_block(struct w *w, json_t *b, size_t cost)
{
	if (!b) {
		w->oom = 1;
		return;
	}
	if ((!w->blocks || w->nblocks >= REPORT_MAX_BLOCKS - 1) && section(w, NULL, 1) < 0) {
		json_decref(b);
		return;
	}
	if (spend(w, cost + BLOCK_COST) < 0) {
		json_decref(b);
		return;
	}
	json_array_append_new(w->blocks, b);
	w->nblocks++;
}

/* A block of type with text s[0..n), split into several blocks at line
 * ends (or characters) when longer than REPORT_MAX_TEXT; nothing when the
 * text is blank. */
static void text_blocks(struct w *w, const char *type, const char *s, size_t n)
{
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	while (n && (*s == '\n' || (*s == ' ' && strcmp(type, "code") != 0))) {
		s++;
		n--;
	}
	while (n && !w->full && !w->oom) {
		size_t k = n;
		if (k > REPORT_MAX_TEXT) {
			k = utf8_cut(s, REPORT_MAX_TEXT);
			const char *nl = memrchr(s + REPORT_MAX_TEXT / 2, '\n', k - REPORT_MAX_TEXT / 2);
			if (nl)
				k = (size_t)(nl - s);
		}
		add_block(w, json_pack("{s:s,s:s%}", "type", type, "text", s, k), 2 * k);
		s += k;
		n -= k;
		while (n && *s == '\n') {
			s++;
			n--;
		}
	}
}

/* --- inlines -------------------------------------------------------------- */

static int is_type(cmark_node *n, const char *name)
{
	return strcmp(cmark_node_get_type_string(n), name) == 0;
}

/* A soft line break: a space, except between two non-ASCII characters
 * (Japanese text wrapped in the source joins up without one). */
static void soft_break(struct buf *b, cmark_node *n)
{
	cmark_node *next = cmark_node_next(n);
	const char *lit = next && cmark_node_get_type(next) == CMARK_NODE_TEXT ? cmark_node_get_literal(next) : NULL;
	int prev_wide = b->len && (unsigned char)b->data[b->len - 1] >= 0x80;
	if (!(prev_wide && lit && (unsigned char)lit[0] >= 0x80))
		buf_puts(b, " ");
}

/* Whether a link target is worth showing next to its text: absolute (a
 * scheme, or a path from the root), and not the text itself with or
 * without its scheme (autolinks, "mailto:"). */
static int show_url(const char *url, const char *text, size_t tlen)
{
	const char *colon = url ? strchr(url, ':') : NULL;
	if (!url || !*url || (*url != '/' && !colon))
		return 0;
	if (strlen(url) == tlen && memcmp(url, text, tlen) == 0)
		return 0;
	if (colon) {
		const char *rest = colon + 1 + (strncmp(colon + 1, "//", 2) == 0 ? 2 : 0);
		if (strlen(rest) == tlen && memcmp(rest, text, tlen) == 0)
			return 0;
	}
	return 1;
}

/* After a link's or an image's text: " (url)" when useful. start is where
 * its text began in b. */
static void put_url(struct buf *b, cmark_node *n, size_t start)
{
	const char *url = cmark_node_get_url(n);
	if (start > b->len || !show_url(url, b->data + start, b->len - start))
		return;
	if (b->len > start)
		buf_puts(b, " ");
	buf_puts(b, "(");
	clean(b, url, strlen(url), LABEL);
	buf_puts(b, ")");
}

/* --- blocks as text ------------------------------------------------------- */

/* The state of flattening one block (an item, a quote) into lines. */
struct flat {
	struct buf *b;
	int depth; /* lists entered below the root */
	long number[MAX_DEPTH];
	int ordered[MAX_DEPTH];
	size_t link_start[MAX_DEPTH]; /* where each open link's text began */
	int links;
};

/* A new line indented to the current list level plus extra. */
static void newline(struct flat *f, int extra)
{
	int d = f->depth < MAX_INDENT ? f->depth : MAX_INDENT;
	if (f->b->len)
		buf_puts(f->b, "\n");
	for (int i = 0; i < d + extra; i++)
		buf_puts(f->b, INDENT);
}

/* A nested item's marker: "• ", "3. ", and the task box. */
static void marker(struct flat *f, cmark_node *item, int nested)
{
	if (nested) {
		newline(f, 0);
		if (f->depth < MAX_DEPTH && f->ordered[f->depth])
			buf_printf(f->b, "%ld. ", f->number[f->depth]++);
		else
			buf_puts(f->b, "• ");
	}
	if (is_type(item, "tasklist"))
		buf_puts(f->b, cmark_gfm_extensions_get_tasklist_item_checked(item) ? "☑ " : "☐ ");
}

/* Continuation lines of a nested item hang under its text. */
static int hang(const struct flat *f)
{
	return f->depth > 0;
}

/* A code block's lines, each indented by the list level plus extra. */
static void code_lines(struct flat *f, cmark_node *n, int extra)
{
	const char *s = cmark_node_get_literal(n);
	size_t len = s ? strlen(s) : 0;
	while (len && s[len - 1] == '\n')
		len--;
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t k = nl ? (size_t)(nl - s) : len;
		if (f->b->len || extra)
			newline(f, extra);
		clean(f->b, s, k, TEXT);
		s += k + (nl != NULL);
		len -= k + (nl != NULL);
	}
}

/* One event of the walk below a block. */
static void flat_event(struct flat *f, cmark_node *root, cmark_node *n, cmark_event_type ev)
{
	int enter = ev == CMARK_EVENT_ENTER;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_LIST:
		f->depth += enter ? 1 : -1;
		if (enter && f->depth < MAX_DEPTH) {
			f->ordered[f->depth] = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
			f->number[f->depth] = cmark_node_get_list_start(n);
		}
		return;
	case CMARK_NODE_ITEM:
		if (enter)
			marker(f, n, n != root);
		return;
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		/* the first block of an item goes on the marker's line */
		if (enter && cmark_node_previous(n) && n != root)
			newline(f, hang(f));
		return;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE: {
		const char *s = cmark_node_get_literal(n);
		clean(f->b, s, strlen(s), TEXT);
		return;
	}
	case CMARK_NODE_SOFTBREAK: soft_break(f->b, n); return;
	case CMARK_NODE_LINEBREAK: newline(f, hang(f)); return;
	case CMARK_NODE_CODE_BLOCK: code_lines(f, n, 1); return;
	case CMARK_NODE_THEMATIC_BREAK:
		newline(f, 0);
		buf_puts(f->b, RULE_TEXT);
		return;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		if (enter && f->links < MAX_DEPTH)
			f->link_start[f->links] = f->b->len;
		else if (!enter && f->links > 0 && f->links <= MAX_DEPTH)
			put_url(f->b, n, f->link_start[f->links - 1]);
		f->links += enter ? 1 : -1;
		return;
	default: break; /* raw HTML is dropped; emphasis only holds text */
	}
	if (is_type(n, "table_row") || is_type(n, "table_header")) {
		if (enter)
			newline(f, 0);
	} else if (is_type(n, "table_cell") && enter && cmark_node_previous(n) && n != root) {
		buf_puts(f->b, " | ");
	}
}

/* The text of node and everything below it, into b: inlines flattened,
 * nested blocks as indented lines. Leaf blocks (a code block) too. */
static void flatten(cmark_node *node, struct buf *b)
{
	struct flat f = {.b = b};
	cmark_event_type ev;
	if (cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK) {
		code_lines(&f, node, 0);
		return;
	}
	cmark_iter *it = cmark_iter_new(node);
	if (!it)
		return;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		flat_event(&f, node, cmark_iter_get_node(it), ev);
	cmark_iter_free(it);
}

/* --- top-level blocks ----------------------------------------------------- */

static void heading(struct w *w, cmark_node *n, struct buf *t)
{
	int level = cmark_node_get_heading_level(n) - w->shift;
	level = level < 1 ? 1 : level > 3 ? 3 : level;
	buf_reset(t);
	flatten(n, t);
	json_t *h = label(t->data, t->len);
	if (!h) {
		w->oom = 1;
		return;
	}
	if (json_string_length(h) == 0) {
		json_decref(h);
		h = NULL;
	}
	section(w, h, level);
}

static void list(struct w *w, cmark_node *n, struct buf *t)
{
	int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	long start = cmark_node_get_list_start(n);
	cmark_node *item = cmark_node_first_child(n);
	while (item && !w->full && !w->oom) {
		json_t *items = json_array();
		size_t cost = 0;
		for (; item && json_array_size(items) < REPORT_MAX_ITEMS; item = cmark_node_next(item)) {
			buf_reset(t);
			flatten(item, t);
			json_t *s = cut_string(t->data ? t->data : "", t->len, REPORT_MAX_TEXT);
			cost += 2 * t->len + CELL_COST;
			if (!s || json_array_append_new(items, s) < 0)
				w->oom = 1;
		}
		json_t *b = json_pack("{s:s,s:O}", "type", "bullets", "items", items);
		if (b && ordered) {
			json_object_set_new(b, "ordered", json_true());
			json_object_set_new(b, "start",
			                    json_integer(start < 0                  ? 0
			                                 : start > REPORT_MAX_START ? REPORT_MAX_START
			                                                            : start));
		}
		start += (long)json_array_size(items);
		json_decref(items);
		add_block(w, b, cost);
	}
}

/* One row of a table as a JSON array of ncol cells (short rows padded). */
static json_t *table_row(cmark_node *row, size_t ncol, struct buf *t, size_t *cost)
{
	json_t *cells = json_array();
	cmark_node *c = cmark_node_first_child(row);
	for (size_t i = 0; i < ncol; i++) {
		buf_reset(t);
		if (c) {
			flatten(c, t);
			c = cmark_node_next(c);
		}
		json_t *s = cut_string(t->data ? t->data : "", t->len, REPORT_MAX_TEXT);
		*cost += 2 * t->len + CELL_COST;
		if (!s || json_array_append_new(cells, s) < 0) {
			json_decref(cells);
			return NULL;
		}
	}
	return cells;
}

static json_t *table_block(json_t *columns, json_t *align)
{
	json_t *b = json_pack("{s:s,s:O,s:[]}", "type", "table", "columns", columns, "rows");
	if (b && align)
		json_object_set(b, "align", align);
	return b;
}

/* Columns past REPORT_MAX_COLUMNS are left out (a notice follows); rows
 * beyond REPORT_MAX_ROWS continue in another table with the same header. */
static void table(struct w *w, cmark_node *n, struct buf *t)
{
	size_t ncol = cmark_gfm_extensions_get_table_columns(n), cost = 0;
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
	int right = 0, dropped = ncol > REPORT_MAX_COLUMNS;
	ncol = ncol > REPORT_MAX_COLUMNS ? REPORT_MAX_COLUMNS : ncol;
	cmark_node *row = cmark_node_first_child(n);
	if (ncol == 0 || !row)
		return;
	json_t *columns = json_array(), *align = json_array(), *b = NULL;
	cmark_node *c = cmark_node_first_child(row);
	for (size_t i = 0; i < ncol; i++) {
		buf_reset(t);
		if (c) {
			flatten(c, t);
			c = cmark_node_next(c);
		}
		if (json_array_append_new(columns, label(t->data, t->len)) < 0 ||
		    json_array_append_new(align, json_string(al && al[i] == 'r' ? "right" : "left")) < 0)
			w->oom = 1;
		right |= al && al[i] == 'r';
		cost += 2 * t->len + CELL_COST;
	}
	int over = 0; /* the model's cells ran out: the rest is left out */
	if (!w->oom)
		b = table_block(columns, right ? align : NULL);
	for (row = cmark_node_next(row); row && b && !w->full && !w->oom; row = cmark_node_next(row)) {
		if (w->cells + ncol > REPORT_MAX_CELLS) {
			over = 1;
			break;
		}
		if (json_array_size(json_object_get(b, "rows")) == REPORT_MAX_ROWS) {
			add_block(w, b, cost); /* continues in another table */
			cost = 0;
			if (!(b = table_block(columns, right ? align : NULL)))
				break;
		}
		json_t *cells = table_row(row, ncol, t, &cost);
		if (!cells || json_array_append_new(json_object_get(b, "rows"), cells) < 0)
			w->oom = 1;
		w->cells += ncol;
	}
	add_block(w, b, cost);
	w->full |= over;
	json_decref(columns);
	json_decref(align);
	if (dropped) {
		const char *note = w->en ? "(Columns beyond the 32nd are left out.)" : "（33 列目以降は省略しました）";
		text_blocks(w, "paragraph", note, strlen(note));
	}
}

static void block(struct w *w, cmark_node *n, struct buf *t)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_HEADING: heading(w, n, t); return;
	case CMARK_NODE_LIST: list(w, n, t); return;
	case CMARK_NODE_HTML_BLOCK: return; /* raw HTML: dropped */
	case CMARK_NODE_THEMATIC_BREAK: add_block(w, json_pack("{s:s}", "type", "rule"), 0); return;
	default: break;
	}
	if (is_type(n, "table")) {
		table(w, n, t);
		return;
	}
	buf_reset(t);
	flatten(n, t);
	const char *type = cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK    ? "code"
	                   : cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE ? "quote"
	                                                                      : "paragraph";
	text_blocks(w, type, t->data ? t->data : "", t->len);
}

/* --- the model ------------------------------------------------------------ */

static const char *one_of(const char *s, const char *const *names, const char *def)
{
	for (size_t i = 0; s && names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return s;
	return def;
}

/* The header of the model; the title from the leading "# " when there is
 * one (then consumed: *first moves past it). */
static json_t *header(const struct markdown_model_meta *meta, cmark_node **first, struct w *w, struct buf *t)
{
	static const char *const tlps[] = {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED", NULL};
	static const char *const audiences[] = {"management", "constituency", "team", NULL};
	json_t *title = NULL, *team = label(meta->team, meta->team ? strlen(meta->team) : 0);
	if (*first && cmark_node_get_type(*first) == CMARK_NODE_HEADING && cmark_node_get_heading_level(*first) == 1) {
		buf_reset(t);
		flatten(*first, t);
		title = label(t->data, t->len);
		if (title && json_string_length(title) > 0) {
			*first = cmark_node_next(*first);
			w->shift = 1;
		} else {
			json_decref(title);
			title = NULL;
		}
	}
	if (!title)
		title = label(meta->title, meta->title ? strlen(meta->title) : 0);
	if (title && json_string_length(title) == 0)
		json_string_set(title, w->en ? "Document" : "文書");
	if (team && json_string_length(team) == 0)
		json_string_set(team, "CSIRT");
	json_t *m = json_pack("{s:o,s:o,s:s,s:s,s:s,s:s}", "title", title, "team", team, "audience",
	                      one_of(meta->audience, audiences, "team"), "lang", w->en ? "en" : "ja", "tlp",
	                      one_of(meta->tlp, tlps, "AMBER"), "generated_at",
	                      meta->generated_at ? meta->generated_at : "");
	json_t *sub = meta->subtitle && *meta->subtitle ? label(meta->subtitle, strlen(meta->subtitle)) : NULL;
	if (m && sub && json_string_length(sub))
		json_object_set(m, "subtitle", sub);
	json_decref(sub);
	return m;
}

static cmark_node *parse(const char *md, size_t len)
{
	cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	cmark_node *root = NULL;
	if (!p)
		return NULL;
	for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
		if (!ext || !cmark_parser_attach_syntax_extension(p, ext))
			goto out;
	}
	if (len)
		cmark_parser_feed(p, md, len);
	root = cmark_parser_finish(p);
out:
	cmark_parser_free(p);
	return root;
}

static void notice(struct w *w)
{
	const char *s = w->en ? "(The rest of this document is left out: it exceeds the limits of a report.)"
	                      : "（この文書は上限を超えるため、以降を省略しました）";
	json_t *b = json_pack("{s:s,s:s}", "type", "paragraph", "text", s);
	if (!w->blocks && json_array_size(w->sections) < REPORT_MAX_SECTIONS) {
		w->full = 0; /* the notice itself needs a section */
		w->budget = BLOCK_COST * 2;
		section(w, NULL, 1);
	}
	if (!b || !w->blocks || json_array_append_new(w->blocks, b) < 0)
		w->oom = 1;
}

json_t *markdown_model(const char *md, size_t len, const struct markdown_model_meta *meta)
{
	struct w w = {.budget = BUDGET, .en = meta->lang && strcmp(meta->lang, "en") == 0};
	struct buf t;
	int cut = len > MARKDOWN_MODEL_MAX_INPUT;
	if (pthread_once(&register_once, register_extensions) != 0)
		return NULL;
	if (cut)
		len = utf8_cut(md, MARKDOWN_MODEL_MAX_INPUT);
	cmark_node *root = parse(md, len);
	if (!root)
		return NULL;
	buf_init(&t, SCRATCH_MAX);
	cmark_node *n = cmark_node_first_child(root);
	json_t *m = header(meta, &n, &w, &t);
	w.sections = json_array();
	for (; n && m && w.sections && !w.full && !w.oom; n = cmark_node_next(n))
		block(&w, n, &t);
	if (w.full || cut)
		notice(&w);
	if (m && w.sections && !w.oom) {
		json_object_set_new(m, "toc", json_boolean(meta->toc < 0 ? w.headings >= TOC_HEADINGS : meta->toc));
		json_object_set(m, "sections", w.sections);
	} else {
		json_decref(m);
		m = NULL;
	}
	json_decref(w.sections);
	buf_free(&t);
	cmark_node_free(root);
	return m;
}
