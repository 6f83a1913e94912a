/*
 * A growable byte buffer with a hard maximum size (curl's dynbuf idea): every
 * append says whether it fit, so input can never grow memory without bound.
 * The contents are always NUL-terminated for convenience; len excludes it.
 */
#ifndef HIKESHI_BUF_H
#define HIKESHI_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* appends that would exceed this fail */
};

void buf_init(struct buf *b, size_t max);
/* Appends n bytes; -1 (buffer unchanged) when over max or out of memory. */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* Hands the data over to the caller (free() it); the buffer is left empty. */
char *buf_steal(struct buf *b);
/* Appends n bytes of s as HTML/XML text or attribute value: & < > " ' as
 * entities; C0 controls other than tab, LF and CR, and DEL, dropped (XML
 * cannot carry them). The one escaper of every page, report and SVG. */
int buf_escape_html(struct buf *b, const char *s, size_t n);

#endif
