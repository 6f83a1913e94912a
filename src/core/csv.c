/*
 * RFC 4180 CSV parser and cell writer (see csv.h). One pass over the bytes
 * with two states (in a quoted cell or not); cells are copied out as they
 * end, records as they end.
 */
#include "core/csv.h"

#include <stdlib.h>
#include <string.h>

const char *csv_strerror(enum csv_err e)
{
	switch (e) {
	case CSV_OK: return "ok";
	case CSV_E_QUOTE: return "a quoted cell is not closed";
	case CSV_E_AFTER: return "text follows a closing quote";
	case CSV_E_NUL: return "the file contains a NUL byte";
	case CSV_E_TOO_MANY: return "too many rows or columns";
	case CSV_E_NOMEM: return "out of memory";
	}
	return "unknown error";
}

void csv_free(struct csv_table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t j = 0; j < t->rows[i].ncells; j++)
			free(t->rows[i].cells[j]);
		free(t->rows[i].cells);
	}
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
}

/* The parser's state while reading. */
struct parse {
	struct csv_table *t;
	struct csv_row row; /* the record being read */
	size_t cap_rows, cap_cells;
	struct buf cell;
	size_t record;
};

static int end_cell(struct parse *p)
{
	if (p->row.ncells >= CSV_MAX_CELLS)
		return CSV_E_TOO_MANY;
	if (p->row.ncells == p->cap_cells) {
		size_t cap = p->cap_cells ? p->cap_cells * 2 : 16;
		char **c = realloc(p->row.cells, cap * sizeof(*c));
		if (!c)
			return CSV_E_NOMEM;
		p->row.cells = c;
		p->cap_cells = cap;
	}
	char *s = strndup(p->cell.data ? p->cell.data : "", p->cell.len);
	if (!s)
		return CSV_E_NOMEM;
	p->row.cells[p->row.ncells++] = s;
	buf_reset(&p->cell);
	return CSV_OK;
}

/* Ends a record; a record of one empty cell (a blank line) is dropped. */
static int end_row(struct parse *p)
{
	int rc = end_cell(p);
	if (rc != CSV_OK)
		return rc;
	p->record++;
	if (p->row.ncells == 1 && !p->row.cells[0][0]) {
		free(p->row.cells[0]);
		p->row.ncells = 0;
		return CSV_OK;
	}
	if (p->t->nrows >= CSV_MAX_ROWS)
		return CSV_E_TOO_MANY;
	if (p->t->nrows == p->cap_rows) {
		size_t cap = p->cap_rows ? p->cap_rows * 2 : 64;
		struct csv_row *r = realloc(p->t->rows, cap * sizeof(*r));
		if (!r)
			return CSV_E_NOMEM;
		p->t->rows = r;
		p->cap_rows = cap;
	}
	p->row.record = p->record;
	p->t->rows[p->t->nrows++] = p->row;
	memset(&p->row, 0, sizeof(p->row));
	p->cap_cells = 0;
	return CSV_OK;
}

static int add(struct parse *p, char c)
{
	return buf_append(&p->cell, &c, 1) < 0 ? CSV_E_NOMEM : CSV_OK;
}

/* The state machine; returns a csv_err. */
static int run(struct parse *p, const char *s, size_t n)
{
	size_t i = 0;
	int rc;
	while (i < n) {
		char c = s[i];
		if (c == '\0')
			return CSV_E_NUL;
		if (c == '"' && p->cell.len == 0) {
			/* a quoted cell: up to the closing quote, "" is a quote */
			for (i++;; i++) {
				if (i >= n)
					return CSV_E_QUOTE;
				if (s[i] == '\0')
					return CSV_E_NUL;
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						i++;
					} else {
						i++;
						break;
					}
				}
				if ((rc = add(p, s[i])) != CSV_OK)
					return rc;
			}
			if (i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n')
				return CSV_E_AFTER;
			continue;
		}
		if (c == ',') {
			if ((rc = end_cell(p)) != CSV_OK)
				return rc;
		} else if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			if ((rc = end_row(p)) != CSV_OK)
				return rc;
		} else if ((rc = add(p, c)) != CSV_OK) {
			return rc;
		}
		i++;
	}
	/* the last record, when the file does not end with a line break */
	if (p->cell.len || p->row.ncells)
		return end_row(p);
	return CSV_OK;
}

enum csv_err csv_parse(const char *s, size_t n, struct csv_table *t, size_t *err_record)
{
	struct parse p;
	memset(&p, 0, sizeof(p));
	memset(t, 0, sizeof(*t));
	p.t = t;
	buf_init(&p.cell, n + 1);
	int rc = run(&p, s, n);
	for (size_t j = 0; j < p.row.ncells; j++)
		free(p.row.cells[j]);
	free(p.row.cells);
	buf_free(&p.cell);
	if (rc != CSV_OK) {
		*err_record = p.record + 1;
		csv_free(t);
	}
	return (enum csv_err)rc;
}

/* A cell a spreadsheet would read as a formula, or one that already
 * starts with quotes before such a character (so that csv_unguard, which
 * removes one quote, gives back exactly what was exported). */
static int needs_guard(const char *s)
{
	while (s[0] == '\'')
		s++;
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

int csv_put_cell(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	int guard = needs_guard(s);
	int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote)
		return (guard && buf_append(b, "'", 1) < 0) || buf_append(b, s, n) < 0 ? -1 : 0;
	if (buf_append(b, guard ? "\"'" : "\"", guard ? 2 : 1) < 0)
		return -1;
	for (const char *q; (q = strchr(s, '"')); s = q + 1)
		if (buf_append(b, s, (size_t)(q - s) + 1) < 0 || buf_append(b, "\"", 1) < 0)
			return -1;
	return buf_append(b, s, strlen(s)) < 0 || buf_append(b, "\"", 1) < 0 ? -1 : 0;
}

void csv_unguard(char *s)
{
	if (s[0] == '\'' && needs_guard(s))
		memmove(s, s + 1, strlen(s));
}
