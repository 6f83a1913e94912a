/*
 * model.c - parse and validate the report model (the contract is in
 * render.h). Pure: JSON text in, a checked structure or an error naming the
 * path of the offending value out. Every limit here bounds what the
 * renderers may be asked to lay out.
 */
#include "core/tlp.h"
#include "lib/timeutil.h"
#include "report/render.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Owns the JSON tree the strings point into and every array allocated. */
struct model_arena {
	json_t *root;
	void **ptrs;
	size_t n, cap;
};

struct ctx {
	struct model_arena *a;
	char path[256];
	size_t plen;
	char *err;
	size_t errlen;
	size_t cells; /* table cells so far, against REPORT_MAX_CELLS */
	int failed;
};

static int fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct ctx *c, const char *fmt, ...)
{
	if (c->failed)
		return -1;
	c->failed = 1;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->errlen)
		snprintf(c->err, c->errlen, "%s: %s", c->plen ? c->path : "(model)", msg);
	return -1;
}

/* Appends ".key" or "[i]" to the path; returns the length to restore. */
static size_t push_key(struct ctx *c, const char *key)
{
	size_t old = c->plen;
	int n = snprintf(c->path + old, sizeof c->path - old, "%s%s", old ? "." : "", key);
	if (n > 0)
		c->plen = old + (size_t)n < sizeof c->path ? old + (size_t)n : sizeof c->path - 1;
	return old;
}

static size_t push_index(struct ctx *c, size_t i)
{
	size_t old = c->plen;
	int n = snprintf(c->path + old, sizeof c->path - old, "[%zu]", i);
	if (n > 0)
		c->plen = old + (size_t)n < sizeof c->path ? old + (size_t)n : sizeof c->path - 1;
	return old;
}

static void pop(struct ctx *c, size_t old)
{
	c->plen = old;
	c->path[old] = '\0';
}

static void *alloc(struct ctx *c, size_t n, size_t size)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / size)
		return NULL;
	struct model_arena *a = c->a;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		void **p = realloc(a->ptrs, cap * sizeof *p);
		if (!p)
			return NULL;
		a->ptrs = p;
		a->cap = cap;
	}
	void *p = calloc(n, size);
	if (p)
		a->ptrs[a->n++] = p;
	return p;
}

static int nomem(struct ctx *c)
{
	return fail(c, "out of memory");
}

/* Refuses fields other than the allowed ones (a NULL-terminated list). */
static int only_keys(struct ctx *c, json_t *o, const char *const *allowed)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		size_t i = 0;
		while (allowed[i] && strcmp(allowed[i], k) != 0)
			i++;
		if (!allowed[i]) {
			size_t old = push_key(c, k);
			fail(c, "unknown field");
			pop(c, old);
			return -1;
		}
	}
	return 0;
}

/* Checks text: at most max bytes, no control characters (LF and TAB only
 * when multiline). jansson has already checked the UTF-8. */
static int check_text(struct ctx *c, const char *s, size_t len, size_t max, int multiline)
{
	if (len > max)
		return fail(c, "longer than %zu bytes", max);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch < 0x20 && !(multiline && (ch == '\n' || ch == '\t'))) || ch == 0x7f)
			return fail(c, "contains a control character (0x%02x) at byte %zu", ch, i);
	}
	return 0;
}

/* Reads o.key as a string into *out. Absent: an error when required, else
 * *out = NULL. */
static int get_str(struct ctx *c, json_t *o, const char *key, int required, size_t max, int multiline, const char **out)
{
	json_t *v = json_object_get(o, key);
	size_t old = push_key(c, key);
	int rc = 0;
	*out = NULL;
	if (!v) {
		rc = required ? fail(c, "is required") : 0;
	} else if (!json_is_string(v)) {
		rc = fail(c, "must be a string");
	} else if (check_text(c, json_string_value(v), json_string_length(v), max, multiline) == 0) {
		if (required && json_string_length(v) == 0)
			rc = fail(c, "must not be empty");
		else
			*out = json_string_value(v);
	} else {
		rc = -1;
	}
	pop(c, old);
	return rc;
}

/* Reads o.key as an array of 0..max elements. */
static json_t *get_array(struct ctx *c, json_t *o, const char *key, size_t min, size_t max)
{
	json_t *v = json_object_get(o, key);
	size_t old = push_key(c, key);
	json_t *r = NULL;
	if (!v)
		fail(c, "is required");
	else if (!json_is_array(v))
		fail(c, "must be an array");
	else if (json_array_size(v) < min)
		fail(c, "needs at least %zu element%s", min, min == 1 ? "" : "s");
	else if (json_array_size(v) > max)
		fail(c, "has %zu elements, at most %zu are allowed", json_array_size(v), max);
	else
		r = v;
	pop(c, old);
	return r;
}

static int one_of(struct ctx *c, json_t *o, const char *key, const char *const *names, int *out)
{
	const char *s;
	if (get_str(c, o, key, 1, 64, 0, &s) < 0)
		return -1;
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0) {
			*out = i;
			return 0;
		}
	size_t old = push_key(c, key);
	char list[160] = "";
	size_t l = 0;
	for (int i = 0; names[i]; i++) {
		int n = snprintf(list + l, sizeof list - l, "%s\"%s\"", i ? ", " : "", names[i]);
		if (n < 0 || (size_t)n >= sizeof list - l)
			break;
		l += (size_t)n;
	}
	fail(c, "must be one of %s", list);
	pop(c, old);
	return -1;
}

/* Reads an array of strings (labels, or multiline text) into *out. */
static int str_array(struct ctx *c, json_t *arr, size_t max_len, int multiline, const char ***out)
{
	size_t n = json_array_size(arr);
	const char **v = alloc(c, n, sizeof *v);
	if (!v)
		return nomem(c);
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(arr, i);
		size_t old = push_index(c, i);
		if (!json_is_string(e))
			fail(c, "must be a string");
		else if (check_text(c, json_string_value(e), json_string_length(e), max_len, multiline) == 0)
			v[i] = json_string_value(e);
		pop(c, old);
		if (c->failed)
			return -1;
	}
	*out = v;
	return 0;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD, a real calendar date. */
static int date_ok(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

static int period(struct ctx *c, json_t *root, struct report_model *m)
{
	static const char *const keys[] = {"label", "from", "to", NULL};
	json_t *p = json_object_get(root, "period");
	if (!p) /* a document (RFC 2350, a deliverable) covers no period */
		return 0;
	size_t old = push_key(c, "period");
	if (!json_is_object(p))
		fail(c, "must be an object");
	else if (only_keys(c, p, keys) == 0 && get_str(c, p, "label", 1, REPORT_MAX_LABEL, 0, &m->period_label) == 0 &&
	         get_str(c, p, "from", 1, 10, 0, &m->from) == 0 && get_str(c, p, "to", 1, 10, 0, &m->to) == 0) {
		const char *bad = !date_ok(m->from) ? "from" : !date_ok(m->to) ? "to" : NULL;
		if (bad) {
			push_key(c, bad);
			fail(c, "must be a date YYYY-MM-DD");
		} else if (strcmp(m->to, m->from) < 0) {
			push_key(c, "to");
			fail(c, "is before from (%s)", m->from);
		}
	}
	pop(c, old);
	return c->failed ? -1 : 0;
}

static int number(struct ctx *c, json_t *v, double *out)
{
	if (!json_is_number(v))
		return fail(c, "must be a number");
	double d = json_number_value(v);
	if (!(d >= -REPORT_MAX_VALUE && d <= REPORT_MAX_VALUE)) /* also refuses NaN */
		return fail(c, "must be a finite number between -1e15 and 1e15");
	*out = d;
	return 0;
}

static int chart(struct ctx *c, json_t *o, int lang_en, struct chart *ch)
{
	static const char *const keys[] = {"kind", "title", "unit", "categories", "series", NULL};
	static const char *const kinds[] = {"bar", "stacked_bar", "line", NULL};
	static const char *const skeys[] = {"name", "values", NULL};
	int kind;
	if (!json_is_object(o))
		return fail(c, "must be an object");
	if (only_keys(c, o, keys) < 0 || one_of(c, o, "kind", kinds, &kind) < 0 ||
	    get_str(c, o, "title", 1, REPORT_MAX_LABEL, 0, &ch->title) < 0 ||
	    get_str(c, o, "unit", 0, REPORT_MAX_LABEL, 0, &ch->unit) < 0)
		return -1;
	ch->kind = (enum chart_kind)kind;
	ch->lang_en = lang_en;
	json_t *cats = get_array(c, o, "categories", 1, CHART_MAX_CATEGORIES);
	json_t *ser = get_array(c, o, "series", 0, CHART_MAX_SERIES);
	if (!cats || !ser)
		return -1;
	size_t old = push_key(c, "categories");
	int rc = str_array(c, cats, REPORT_MAX_LABEL, 0, &ch->categories);
	pop(c, old);
	if (rc < 0)
		return -1;
	ch->ncategories = json_array_size(cats);
	ch->nseries = json_array_size(ser);
	struct chart_series *sv = alloc(c, ch->nseries, sizeof *sv);
	if (!sv)
		return nomem(c);
	ch->series = sv;
	old = push_key(c, "series");
	for (size_t s = 0; s < ch->nseries && !c->failed; s++) {
		json_t *e = json_array_get(ser, s);
		size_t o2 = push_index(c, s);
		json_t *vals;
		double *dv;
		if (!json_is_object(e))
			fail(c, "must be an object");
		else if (only_keys(c, e, skeys) == 0 &&
		         get_str(c, e, "name", 1, REPORT_MAX_LABEL, 0, &sv[s].name) == 0 &&
		         (vals = get_array(c, e, "values", 0, CHART_MAX_CATEGORIES))) {
			size_t o3 = push_key(c, "values");
			if (json_array_size(vals) != ch->ncategories)
				fail(c, "has %zu values for %zu categories", json_array_size(vals), ch->ncategories);
			else if (!(dv = alloc(c, ch->ncategories, sizeof *dv)))
				nomem(c);
			else {
				for (size_t i = 0; i < ch->ncategories && !c->failed; i++) {
					size_t o4 = push_index(c, i);
					number(c, json_array_get(vals, i), &dv[i]);
					pop(c, o4);
				}
				sv[s].values = dv;
			}
			pop(c, o3);
		}
		pop(c, o2);
	}
	pop(c, old);
	return c->failed ? -1 : 0;
}

/* A table cell: a string, or a number kept as text. */
static int cell(struct ctx *c, json_t *v, struct report_cell *out)
{
	if (json_is_string(v)) {
		if (check_text(c, json_string_value(v), json_string_length(v), REPORT_MAX_TEXT, 1) < 0)
			return -1;
		out->text = json_string_value(v);
		return 0;
	}
	double d;
	if (number(c, v, &d) < 0)
		return fail(c, "must be a string or a number");
	char tmp[48];
	if (json_is_integer(v))
		snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else
		snprintf(tmp, sizeof tmp, "%.15g", d);
	char *t = alloc(c, strlen(tmp) + 1, 1);
	if (!t)
		return nomem(c);
	memcpy(t, tmp, strlen(tmp) + 1);
	out->text = t;
	out->is_number = 1;
	return 0;
}

static int table(struct ctx *c, json_t *o, struct report_block *b)
{
	json_t *cols = get_array(c, o, "columns", 1, REPORT_MAX_COLUMNS);
	json_t *rows = get_array(c, o, "rows", 0, REPORT_MAX_ROWS);
	if (!cols || !rows)
		return -1;
	size_t old = push_key(c, "columns");
	int rc = str_array(c, cols, REPORT_MAX_LABEL, 0, &b->columns);
	pop(c, old);
	if (rc < 0)
		return -1;
	b->ncolumns = json_array_size(cols);
	b->nrows = json_array_size(rows);
	b->right = alloc(c, b->ncolumns, 1);
	if (!b->right)
		return nomem(c);
	json_t *al = json_object_get(o, "align");
	if (al) {
		old = push_key(c, "align");
		if (!json_is_array(al) || json_array_size(al) != b->ncolumns)
			fail(c, "must be an array with one entry per column (%zu)", b->ncolumns);
		for (size_t i = 0; !c->failed && i < b->ncolumns; i++) {
			const char *s = json_string_value(json_array_get(al, i));
			size_t o2 = push_index(c, i);
			if (!s || (strcmp(s, "left") != 0 && strcmp(s, "right") != 0))
				fail(c, "must be \"left\" or \"right\"");
			else
				b->right[i] = s[0] == 'r';
			pop(c, o2);
		}
		pop(c, old);
		if (c->failed)
			return -1;
	}
	if (b->nrows > (REPORT_MAX_CELLS - c->cells) / b->ncolumns) {
		old = push_key(c, "rows");
		fail(c, "the model has more than %u table cells", REPORT_MAX_CELLS);
		pop(c, old);
		return -1;
	}
	c->cells += b->nrows * b->ncolumns;
	b->cells = alloc(c, b->nrows * b->ncolumns, sizeof *b->cells);
	if (!b->cells)
		return nomem(c);
	old = push_key(c, "rows");
	for (size_t r = 0; r < b->nrows && !c->failed; r++) {
		json_t *row = json_array_get(rows, r);
		size_t o2 = push_index(c, r);
		if (!json_is_array(row))
			fail(c, "must be an array of cells");
		else if (json_array_size(row) != b->ncolumns)
			fail(c, "has %zu cells, the table has %zu columns", json_array_size(row), b->ncolumns);
		for (size_t i = 0; !c->failed && i < b->ncolumns; i++) {
			size_t o3 = push_index(c, i);
			cell(c, json_array_get(row, i), &b->cells[r * b->ncolumns + i]);
			pop(c, o3);
		}
		pop(c, o2);
	}
	pop(c, old);
	return c->failed ? -1 : 0;
}

static int kpis(struct ctx *c, json_t *items, struct report_block *b)
{
	static const char *const keys[] = {"label", "value", "delta", NULL};
	b->nitems = json_array_size(items);
	b->kpis = alloc(c, b->nitems, sizeof *b->kpis);
	if (!b->kpis)
		return nomem(c);
	size_t old = push_key(c, "items");
	for (size_t i = 0; i < b->nitems && !c->failed; i++) {
		json_t *e = json_array_get(items, i);
		struct report_kpi *k = &b->kpis[i];
		size_t o2 = push_index(c, i);
		if (!json_is_object(e))
			fail(c, "must be an object");
		else if (only_keys(c, e, keys) == 0 && get_str(c, e, "label", 1, REPORT_MAX_LABEL, 0, &k->label) == 0 &&
		         get_str(c, e, "value", 1, REPORT_MAX_LABEL, 0, &k->value) == 0)
			get_str(c, e, "delta", 0, REPORT_MAX_LABEL, 0, &k->delta);
		pop(c, o2);
	}
	pop(c, old);
	return c->failed ? -1 : 0;
}

/* A bullet list's optional "ordered" (bool) and "start" (the first
 * number, only with ordered; default 1). */
static int list_numbering(struct ctx *c, json_t *o, struct report_block *b)
{
	json_t *ord = json_object_get(o, "ordered"), *st = json_object_get(o, "start");
	size_t old;
	b->start = 1;
	if (ord && !json_is_boolean(ord)) {
		old = push_key(c, "ordered");
		fail(c, "must be true or false");
		pop(c, old);
		return -1;
	}
	b->ordered = json_is_true(ord);
	if (!st)
		return 0;
	old = push_key(c, "start");
	if (!b->ordered)
		fail(c, "is only allowed with \"ordered\": true");
	else if (!json_is_integer(st) || json_integer_value(st) < 0 || json_integer_value(st) > REPORT_MAX_START)
		fail(c, "must be an integer from 0 to %d", REPORT_MAX_START);
	else
		b->start = (long)json_integer_value(st);
	pop(c, old);
	return c->failed ? -1 : 0;
}

static int block(struct ctx *c, json_t *o, int lang_en, struct report_block *b)
{
	static const char *const types[] = {"paragraph", "bullets", "kpis", "table", "chart",
	                                    "code",      "quote",   "rule", NULL};
	static const char *const keys[][5] = {{"type", "text", NULL},  {"type", "items", "ordered", "start", NULL},
	                                      {"type", "items", NULL}, {"type", "columns", "align", "rows", NULL},
	                                      {"type", "chart", NULL}, {"type", "text", NULL},
	                                      {"type", "text", NULL},  {"type", NULL}};
	int t;
	if (!json_is_object(o))
		return fail(c, "must be an object");
	if (one_of(c, o, "type", types, &t) < 0 || only_keys(c, o, keys[t]) < 0)
		return -1;
	b->type = (enum report_block_type)t;
	json_t *items;
	size_t old;
	int rc;
	switch (b->type) {
	case REPORT_PARAGRAPH:
	case REPORT_CODE:
	case REPORT_QUOTE: return get_str(c, o, "text", 1, REPORT_MAX_TEXT, 1, &b->text);
	case REPORT_RULE: return 0;
	case REPORT_BULLETS:
		if (!(items = get_array(c, o, "items", 1, REPORT_MAX_ITEMS)))
			return -1;
		old = push_key(c, "items");
		rc = str_array(c, items, REPORT_MAX_TEXT, 1, &b->items);
		pop(c, old);
		b->nitems = json_array_size(items);
		return rc < 0 ? -1 : list_numbering(c, o, b);
	case REPORT_KPIS:
		if (!(items = get_array(c, o, "items", 1, REPORT_MAX_ITEMS)))
			return -1;
		return kpis(c, items, b);
	case REPORT_TABLE: return table(c, o, b);
	case REPORT_CHART:
		old = push_key(c, "chart");
		if (!json_object_get(o, "chart"))
			fail(c, "is required");
		else
			chart(c, json_object_get(o, "chart"), lang_en, &b->chart);
		pop(c, old);
		return c->failed ? -1 : 0;
	}
	return -1;
}

static int section(struct ctx *c, json_t *o, int lang_en, struct report_section *s)
{
	static const char *const keys[] = {"heading", "level", "blocks", NULL};
	if (!json_is_object(o))
		return fail(c, "must be an object");
	/* No heading: the section continues the text before it (a document's
	 * preamble, or the rest of a long section). */
	int headed = json_object_get(o, "heading") != NULL;
	if (only_keys(c, o, keys) < 0 || get_str(c, o, "heading", headed, REPORT_MAX_LABEL, 0, &s->heading) < 0)
		return -1;
	json_t *lv = json_object_get(o, "level");
	s->level = 1;
	if (lv) {
		size_t old = push_key(c, "level");
		if (!json_is_integer(lv) || json_integer_value(lv) < 1 || json_integer_value(lv) > 3)
			fail(c, "must be 1, 2 or 3");
		else
			s->level = (int)json_integer_value(lv);
		pop(c, old);
		if (c->failed)
			return -1;
	}
	json_t *blocks = get_array(c, o, "blocks", 0, REPORT_MAX_BLOCKS);
	if (!blocks)
		return -1;
	s->nblocks = json_array_size(blocks);
	s->blocks = alloc(c, s->nblocks, sizeof *s->blocks);
	if (!s->blocks)
		return nomem(c);
	size_t old = push_key(c, "blocks");
	for (size_t i = 0; i < s->nblocks && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		block(c, json_array_get(blocks, i), lang_en, &s->blocks[i]);
		pop(c, o2);
	}
	pop(c, old);
	return c->failed ? -1 : 0;
}

static int header(struct ctx *c, json_t *root, struct report_model *m)
{
	static const char *const keys[] = {"title", "subtitle", "team",         "period",   "audience", "lang",
	                                   "tlp",   "toc",      "generated_at", "sections", NULL};
	static const char *const audiences[] = {"management", "constituency", "team", NULL};
	static const char *const langs[] = {"ja", "en", NULL};
	static const char *const tlps[] = {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED", NULL};
	int aud, lang, tlp;
	if (only_keys(c, root, keys) < 0 || get_str(c, root, "title", 1, REPORT_MAX_LABEL, 0, &m->title) < 0 ||
	    get_str(c, root, "subtitle", 0, REPORT_MAX_LABEL, 0, &m->subtitle) < 0 ||
	    get_str(c, root, "team", 1, REPORT_MAX_LABEL, 0, &m->team) < 0 || period(c, root, m) < 0 ||
	    one_of(c, root, "audience", audiences, &aud) < 0 || one_of(c, root, "lang", langs, &lang) < 0 ||
	    one_of(c, root, "tlp", tlps, &tlp) < 0 || get_str(c, root, "generated_at", 1, 40, 0, &m->generated_at) < 0)
		return -1;
	int64_t t;
	if (time_parse(m->generated_at, &t) < 0 && !date_ok(m->generated_at)) {
		size_t old = push_key(c, "generated_at");
		fail(c, "must be an ISO 8601 time like 2026-11-01T09:00:00+09:00");
		pop(c, old);
		return -1;
	}
	m->audience = (enum report_audience)aud;
	m->lang = (enum report_lang)lang;
	m->tlp = (enum tlp)tlp;
	json_t *toc = json_object_get(root, "toc");
	if (toc && !json_is_boolean(toc)) {
		size_t old = push_key(c, "toc");
		fail(c, "must be true or false");
		pop(c, old);
		return -1;
	}
	m->toc = json_is_true(toc);
	return 0;
}

struct report_model *report_model_parse(const char *s, size_t n, char *err, size_t errlen)
{
	struct ctx c = {.err = err, .errlen = errlen};
	if (errlen)
		err[0] = '\0';
	struct report_model *m = calloc(1, sizeof *m);
	c.a = calloc(1, sizeof *c.a);
	if (!m || !c.a) {
		free(m);
		free(c.a);
		if (errlen)
			snprintf(err, errlen, "(model): out of memory");
		return NULL;
	}
	m->arena = c.a;
	if (n > REPORT_MAX_JSON) {
		fail(&c, "the model is larger than %u bytes", REPORT_MAX_JSON);
		goto fail;
	}
	json_error_t je;
	/* Depth is bounded by jansson (2048); the model is at most 6 deep. */
	c.a->root = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
	if (!c.a->root) {
		fail(&c, "not valid JSON: %s (line %d, column %d)", je.text, je.line, je.column);
		goto fail;
	}
	if (!json_is_object(c.a->root)) {
		fail(&c, "must be a JSON object");
		goto fail;
	}
	if (header(&c, c.a->root, m) < 0)
		goto fail;
	json_t *secs = get_array(&c, c.a->root, "sections", 0, REPORT_MAX_SECTIONS);
	if (!secs)
		goto fail;
	m->nsections = json_array_size(secs);
	m->sections = alloc(&c, m->nsections, sizeof *m->sections);
	if (!m->sections) {
		nomem(&c);
		goto fail;
	}
	size_t old = push_key(&c, "sections");
	for (size_t i = 0; i < m->nsections && !c.failed; i++) {
		size_t o2 = push_index(&c, i);
		section(&c, json_array_get(secs, i), m->lang == REPORT_EN, &m->sections[i]);
		pop(&c, o2);
	}
	pop(&c, old);
	if (c.failed)
		goto fail;
	return m;
fail:
	report_model_free(m);
	return NULL;
}

void report_model_free(struct report_model *m)
{
	if (!m)
		return;
	if (m->arena) {
		for (size_t i = 0; i < m->arena->n; i++)
			free(m->arena->ptrs[i]);
		free(m->arena->ptrs);
		json_decref(m->arena->root);
		free(m->arena);
	}
	free(m);
}

size_t report_model_nchart(const struct report_model *m)
{
	size_t n = 0;
	for (size_t s = 0; s < m->nsections; s++)
		for (size_t b = 0; b < m->sections[s].nblocks; b++)
			n += m->sections[s].blocks[b].type == REPORT_CHART;
	return n;
}

const struct chart *report_model_chart(const struct report_model *m, size_t i)
{
	for (size_t s = 0; s < m->nsections; s++)
		for (size_t b = 0; b < m->sections[s].nblocks; b++)
			if (m->sections[s].blocks[b].type == REPORT_CHART && i-- == 0)
				return &m->sections[s].blocks[b].chart;
	return NULL;
}

const char *report_audience_name(enum report_audience a, enum report_lang l)
{
	static const char *const ja[] = {"経営層向け", "サービス対象者向け", "チーム内部向け"};
	static const char *const en[] = {"for management", "for the constituency", "for the team"};
	if ((unsigned)a > REPORT_TEAM)
		return "";
	return l == REPORT_EN ? en[a] : ja[a];
}
