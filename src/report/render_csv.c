/*
 * render_csv.c - every table of a report model as CSV that Excel opens
 * correctly in Japanese: UTF-8 with a byte order mark, CRLF line ends,
 * RFC 4180 quoting and the formula-injection guard of core/csv.h. Tables
 * follow one another, each preceded by a line holding its section heading
 * and followed by an empty line. Numbers from the model are written as they
 * are (a negative number is not a formula); text cells are guarded.
 */
#include "core/csv.h"
#include "report/render.h"

#include <stdlib.h>
#include <string.h>

/* Output limit: the model's cell limit times a generous cell size. */
#define CSV_OUT_MAX (256u << 20)

static int put_row_end(struct buf *b)
{
	return buf_append(b, "\r\n", 2);
}

static int put_table(struct buf *b, const char *heading, const struct report_block *t)
{
	if (csv_put_cell(b, heading) < 0 || put_row_end(b) < 0)
		return -1;
	for (size_t i = 0; i < t->ncolumns; i++)
		if ((i && buf_append(b, ",", 1) < 0) || csv_put_cell(b, t->columns[i]) < 0)
			return -1;
	if (put_row_end(b) < 0)
		return -1;
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncolumns; i++) {
			const struct report_cell *c = &t->cells[r * t->ncolumns + i];
			if (i && buf_append(b, ",", 1) < 0)
				return -1;
			if (c->is_number ? buf_puts(b, c->text) : csv_put_cell(b, c->text))
				return -1;
		}
		if (put_row_end(b) < 0)
			return -1;
	}
	return put_row_end(b);
}

int report_render_csv(const struct report_model *m, char **out, size_t *outlen)
{
	struct buf b;
	buf_init(&b, CSV_OUT_MAX);
	if (buf_append(&b, "\xEF\xBB\xBF", 3) < 0)
		goto fail;
	for (size_t s = 0; s < m->nsections; s++)
		for (size_t i = 0; i < m->sections[s].nblocks; i++)
			if (m->sections[s].blocks[i].type == REPORT_TABLE &&
			    put_table(&b, m->sections[s].heading ? m->sections[s].heading : "",
			              &m->sections[s].blocks[i]) < 0)
				goto fail;
	*outlen = b.len;
	*out = buf_steal(&b);
	return 0;
fail:
	buf_free(&b);
	return -1;
}
