/*
 * markdown.h - Markdown (GFM) to safe HTML for journal entries and notes.
 *
 * Handlers write journal entries in Markdown; the UI shows them as HTML.
 * Report text is attacker-controlled, so rendering uses cmark-gfm in safe
 * mode: raw HTML is dropped and dangerous link schemes are removed. This
 * is the one place where Markdown becomes HTML.
 */
#ifndef HIKESHI_CORE_MARKDOWN_H
#define HIKESHI_CORE_MARKDOWN_H

#include <stddef.h>

/*
 * markdown_to_html - render len bytes of md (need not be NUL-terminated;
 * md may be NULL when len is 0) to safe HTML. GFM table, strikethrough,
 * autolink and tagfilter are on; soft breaks stay soft. Returns a
 * malloc'd NUL-terminated string the caller frees with free(), or NULL
 * on out-of-memory.
 */
char *markdown_to_html(const char *md, size_t len);

#endif
